//! The native half of `node:fs` (`js/node/fs.js`): file calls confined to the folders the
//! handler is allowed ([`confine`]), with Node's errors ([`error`]).
//!
//! `isapi:native/fs`'s `call(name, args, callback)` runs one call ([`ops`]): without a
//! callback on the engine thread (the `*Sync` forms), with one on the I/O reactor's
//! blocking pool, the result posted to the engine's inbox and handed to the callback
//! there, so the engine's event loop never waits for a disk. File descriptors are the
//! engine's own numbers for its open files (a table kept with the engine's context:
//! closed when it goes). Work a request left running is abandoned ([`abandon_all`]) when
//! the request ends: its callbacks never run.
mod confine;
mod error;
mod ops;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rquickjs::function::Opt;
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Array, Ctx, Function, IntoJs, JsLifetime, Object, TypedArray, Value};

use crate::errors::{describe_exception, throw_named};
use confine::Roots;
use error::FsError;
use ops::{flags, Handle, Op, Out};

/// `isapi:native/fs`.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        declare.declare("call")?;
        declare.declare("constants")?;
        declare.declare("cwd")?;
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("call", Function::new(ctx.clone(), call)?)?;
        exports.export("constants", constants(ctx)?)?;
        exports.export(
            "cwd",
            Function::new(ctx.clone(), |ctx: Ctx<'_>| -> rquickjs::Result<String> {
                with_state(&ctx, |state| Ok(ops::shown(state.roots.cwd())))
            })?,
        )?;
        Ok(())
    }
}

/// This engine's files and waiting callbacks; made by its first `node:fs` call.
struct FsState<'js> {
    roots: Arc<Roots>,
    files: RefCell<HashMap<u32, Handle>>,
    next_fd: Cell<u32>,
    pending: RefCell<HashMap<u64, Function<'js>>>,
}

// SAFETY: the struct holds only `'js` values, and `Changed` swaps exactly that lifetime.
unsafe impl<'js> JsLifetime<'js> for FsState<'js> {
    type Changed<'to> = FsState<'to>;
}

thread_local! {
    /// Calls of this engine (thread) whose callback is still to run.
    static OUTSTANDING: Cell<usize> = const { Cell::new(0) };
    /// Numbers calls across every context this thread has had, so a late result never
    /// reaches a newer context's callback.
    static NEXT_CALL: Cell<u64> = const { Cell::new(0) };
}

/// Whether some file call of this engine will still post its result.
pub(crate) fn outstanding() -> usize {
    OUTSTANDING.with(Cell::get)
}

/// Forgets the calls still running (the request that made them ended): their results
/// are dropped when they come, no callback runs. Returns how many there were.
pub fn abandon_all(ctx: &Ctx<'_>) -> usize {
    let dropped = ctx
        .userdata::<FsState>()
        .map_or(0, |state| state.pending.borrow_mut().drain().count());
    OUTSTANDING.with(|count| count.set(count.get().saturating_sub(dropped)));
    dropped
}

fn with_state<'js, R>(
    ctx: &Ctx<'js>,
    f: impl FnOnce(&FsState<'js>) -> rquickjs::Result<R>,
) -> rquickjs::Result<R> {
    if ctx.userdata::<FsState>().is_none() {
        let config = crate::handler_config(ctx);
        let cwd = config
            .cwd
            .clone()
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."));
        let state = FsState {
            roots: Arc::new(Roots::new(&cwd, &config.fs_read, &config.fs_write)),
            files: RefCell::new(HashMap::new()),
            next_fd: Cell::new(3),
            pending: RefCell::new(HashMap::new()),
        };
        ctx.store_userdata(state)
            .map_err(|e| throw_named(ctx, "Error", &e.to_string(), None))?;
    }
    let state = ctx
        .userdata::<FsState>()
        .ok_or_else(|| throw_named(ctx, "Error", "node:fs has no state", None))?;
    f(&state)
}

/// `fs.constants` of this system.
fn constants<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let object = Object::new(ctx.clone())?;
    let set = |name: &str, value: i64| object.set(name, value as f64);
    for (name, value) in [
        ("UV_FS_SYMLINK_DIR", 1),
        ("UV_FS_SYMLINK_JUNCTION", 2),
        ("O_RDONLY", flags::RDONLY as i64),
        ("O_WRONLY", flags::WRONLY as i64),
        ("O_RDWR", flags::RDWR as i64),
        ("UV_DIRENT_UNKNOWN", 0),
        ("UV_DIRENT_FILE", 1),
        ("UV_DIRENT_DIR", 2),
        ("UV_DIRENT_LINK", 3),
        ("UV_DIRENT_FIFO", 4),
        ("UV_DIRENT_SOCKET", 5),
        ("UV_DIRENT_CHAR", 6),
        ("UV_DIRENT_BLOCK", 7),
        ("S_IFMT", 0o170000),
        ("S_IFREG", 0o100000),
        ("S_IFDIR", 0o40000),
        ("S_IFCHR", 0o20000),
    ] {
        set(name, value)?;
    }
    #[cfg(unix)]
    for (name, value) in [
        ("S_IFBLK", 0o60000),
        ("S_IFIFO", 0o10000),
        ("S_IFLNK", 0o120000),
        ("S_IFSOCK", 0o140000),
    ] {
        set(name, value)?;
    }
    #[cfg(not(unix))]
    set("S_IFLNK", 0o120000)?;
    set("O_CREAT", flags::CREAT as i64)?;
    set("O_EXCL", flags::EXCL as i64)?;
    #[cfg(unix)]
    for (name, value) in [
        ("UV_FS_O_FILEMAP", 0),
        ("O_NOCTTY", libc::O_NOCTTY as i64),
        ("O_TRUNC", flags::TRUNC as i64),
        ("O_APPEND", flags::APPEND as i64),
        ("O_DIRECTORY", libc::O_DIRECTORY as i64),
        ("O_NOATIME", 0o1000000),
        ("O_NOFOLLOW", libc::O_NOFOLLOW as i64),
        ("O_SYNC", flags::SYNC as i64),
        ("O_DSYNC", libc::O_DSYNC as i64),
        ("O_DIRECT", 0o40000),
        ("O_NONBLOCK", libc::O_NONBLOCK as i64),
        ("S_IRWXU", 0o700),
        ("S_IRUSR", 0o400),
        ("S_IWUSR", 0o200),
        ("S_IXUSR", 0o100),
        ("S_IRWXG", 0o70),
        ("S_IRGRP", 0o40),
        ("S_IWGRP", 0o20),
        ("S_IXGRP", 0o10),
        ("S_IRWXO", 0o7),
        ("S_IROTH", 0o4),
        ("S_IWOTH", 0o2),
        ("S_IXOTH", 0o1),
    ] {
        set(name, value)?;
    }
    #[cfg(not(unix))]
    for (name, value) in [
        ("O_TRUNC", flags::TRUNC as i64),
        ("O_APPEND", flags::APPEND as i64),
        ("S_IRUSR", 0o400),
        ("S_IWUSR", 0o200),
        ("UV_FS_O_FILEMAP", 0x2000_0000),
    ] {
        set(name, value)?;
    }
    for (name, value) in [
        ("F_OK", 0),
        ("R_OK", 4),
        ("W_OK", 2),
        ("X_OK", 1),
        ("UV_FS_COPYFILE_EXCL", 1),
        ("COPYFILE_EXCL", 1),
        ("UV_FS_COPYFILE_FICLONE", 2),
        ("COPYFILE_FICLONE", 2),
        ("UV_FS_COPYFILE_FICLONE_FORCE", 4),
        ("COPYFILE_FICLONE_FORCE", 4),
    ] {
        set(name, value)?;
    }
    Ok(object)
}

/// `call(name, args, callback?)`: one file call (see the module's comment).
fn call<'js>(
    ctx: Ctx<'js>,
    name: String,
    args: Array<'js>,
    callback: Opt<Function<'js>>,
) -> rquickjs::Result<Value<'js>> {
    let op = with_state(&ctx, |state| parse(&ctx, state, &name, &args))?;
    let roots = with_state(&ctx, |state| Ok(state.roots.clone()))?;
    let Some(callback) = callback.0 else {
        return match ops::run(&roots, op) {
            Ok(out) => out_to_js(&ctx, out),
            Err(error) => Err(ctx.throw(error_to_js(&ctx, &error)?)),
        };
    };
    let pool = crate::fetch::blocking_pool().map_err(|e| throw_named(&ctx, "Error", &e, None))?;
    let id = NEXT_CALL.with(|next| {
        next.set(next.get() + 1);
        next.get()
    });
    with_state(&ctx, |state| {
        state.pending.borrow_mut().insert(id, callback);
        Ok(())
    })?;
    OUTSTANDING.with(|count| count.set(count.get() + 1));
    let poster = crate::event_loop::poster();
    pool.spawn_blocking(move || {
        let result = ops::run(&roots, op);
        poster.post(Box::new(move |ctx| deliver(ctx, id, result)));
    });
    Ok(Value::new_undefined(ctx))
}

/// Hands a call's result to its callback, on the engine thread.
fn deliver(ctx: &Ctx<'_>, id: u64, result: Result<Out, FsError>) -> Result<(), String> {
    let callback = ctx
        .userdata::<FsState>()
        .and_then(|state| state.pending.borrow_mut().remove(&id));
    let Some(callback) = callback else {
        // Abandoned: a file it opened is closed as it drops here.
        return Ok(());
    };
    OUTSTANDING.with(|count| count.set(count.get().saturating_sub(1)));
    let arguments = match result {
        Ok(out) => out_to_js(ctx, out).map(|value| (Value::new_null(ctx.clone()), value)),
        Err(error) => error_to_js(ctx, &error).map(|e| (e, Value::new_undefined(ctx.clone()))),
    };
    arguments
        .and_then(|(error, value)| callback.call::<_, ()>((error, value)))
        .map_err(|e| describe_exception(ctx, e))
}

/// `{ code, errno, syscall, path?, dest?, message }`: `fs.js` makes Node's error of it.
fn error_to_js<'js>(ctx: &Ctx<'js>, error: &FsError) -> rquickjs::Result<Value<'js>> {
    let object = Object::new(ctx.clone())?;
    object.set("code", error.code)?;
    object.set("errno", error.errno)?;
    object.set("syscall", error.syscall)?;
    if let Some(path) = &error.path {
        object.set("path", path.as_str())?;
    }
    if let Some(dest) = &error.dest {
        object.set("dest", dest.as_str())?;
    }
    object.set("message", error.message())?;
    Ok(object.into_value())
}

fn out_to_js<'js>(ctx: &Ctx<'js>, out: Out) -> rquickjs::Result<Value<'js>> {
    match out {
        Out::Unit => Ok(Value::new_undefined(ctx.clone())),
        Out::Bytes(bytes) => TypedArray::new(ctx.clone(), bytes).map(|a| a.into_value()),
        Out::Text(text) => text.into_js(ctx),
        Out::Number(n) => Ok(Value::new_number(ctx.clone(), n)),
        Out::Created(n) => Ok(Value::new_number(ctx.clone(), n as f64)),
        Out::Bool(b) => Ok(Value::new_bool(ctx.clone(), b)),
        Out::Stats(numbers) => numbers.to_vec().into_js(ctx),
        Out::Entries(entries, types) => {
            let array = Array::new(ctx.clone())?;
            for (index, (name, kind)) in entries.into_iter().enumerate() {
                if types {
                    let pair = Array::new(ctx.clone())?;
                    pair.set(0, name)?;
                    pair.set(1, kind)?;
                    array.set(index, pair)?;
                } else {
                    array.set(index, name)?;
                }
            }
            Ok(array.into_value())
        }
        Out::File(file) => with_state(ctx, |state| {
            let fd = state.next_fd.get();
            state.next_fd.set(fd.wrapping_add(1).max(3));
            state.files.borrow_mut().insert(fd, Arc::new(file));
            Ok(Value::new_number(ctx.clone(), fd as f64))
        }),
    }
}

/// Reads a call's arguments (`fs.js` checked their types already).
fn parse<'js>(
    ctx: &Ctx<'js>,
    state: &FsState<'js>,
    name: &str,
    args: &Array<'js>,
) -> rquickjs::Result<Op> {
    let string = |i: usize| args.get::<String>(i);
    let number = |i: usize| args.get::<f64>(i);
    let boolean = |i: usize| args.get::<bool>(i);
    let position = |i: usize| -> rquickjs::Result<Option<u64>> {
        let value: Value = args.get(i)?;
        Ok(value.as_number().filter(|n| *n >= 0.0).map(|n| n as u64))
    };
    let bytes = |i: usize| -> rquickjs::Result<Vec<u8>> {
        let value: Value = args.get(i)?;
        crate::bytes::bytes_of(ctx, &value)
    };
    let file = |i: usize, syscall: &'static str| -> rquickjs::Result<Handle> {
        let fd = number(i)?;
        state
            .files
            .borrow()
            .get(&(fd as u32))
            .filter(|_| fd.fract() == 0.0 && fd >= 0.0)
            .cloned()
            .ok_or_else(|| {
                let error = FsError::new("EBADF", syscall, None);
                match error_to_js(ctx, &error) {
                    Ok(value) => ctx.throw(value),
                    Err(e) => e,
                }
            })
    };
    let target_is_fd = || args.get::<Value>(0).map(|v| v.is_number());
    Ok(match name {
        "readFile" if target_is_fd()? => Op::ReadHandle {
            file: file(0, "read")?,
            text: boolean(1)?,
        },
        "readFile" => Op::ReadFile {
            path: string(0)?,
            text: boolean(1)?,
        },
        "writeFile" if target_is_fd()? => Op::WriteAll {
            file: file(0, "write")?,
            data: bytes(1)?,
        },
        "writeFile" => Op::WriteFile {
            path: string(0)?,
            data: bytes(1)?,
            flags: number(2)? as i32,
            mode: number(3)? as u32,
        },
        "open" => Op::Open {
            path: string(0)?,
            flags: number(1)? as i32,
            mode: number(2)? as u32,
        },
        "close" => {
            let handle = file(0, "close")?;
            state.files.borrow_mut().remove(&(number(0)? as u32));
            Op::Close { file: handle }
        }
        "read" => Op::Read {
            file: file(0, "read")?,
            length: number(1)? as usize,
            position: position(2)?,
        },
        "write" => Op::Write {
            file: file(0, "write")?,
            data: bytes(1)?,
            position: position(2)?,
        },
        "fstat" => Op::Fstat {
            file: file(0, "fstat")?,
        },
        "ftruncate" => Op::Ftruncate {
            file: file(0, "ftruncate")?,
            length: number(1)? as u64,
        },
        "fsync" => Op::Fsync {
            file: file(0, "fsync")?,
        },
        "stat" => Op::Stat {
            path: string(0)?,
            follow: true,
            syscall: "stat",
        },
        "lstat" => Op::Stat {
            path: string(0)?,
            follow: false,
            syscall: "lstat",
        },
        "readdir" => Op::Readdir {
            path: string(0)?,
            types: boolean(1)?,
        },
        "mkdir" => Op::Mkdir {
            path: string(0)?,
            recursive: boolean(1)?,
            mode: number(2)? as u32,
        },
        "mkdtemp" => Op::Mkdtemp {
            prefix: string(0)?,
            suffix: "XXXXXX".into(),
        },
        "rmdir" => Op::Rmdir {
            path: string(0)?,
            recursive: boolean(1)?,
        },
        "rm" => Op::Rm {
            path: string(0)?,
            recursive: boolean(1)?,
            force: boolean(2)?,
        },
        "unlink" => Op::Unlink { path: string(0)? },
        "rename" => Op::Rename {
            from: string(0)?,
            to: string(1)?,
        },
        "copyFile" => Op::CopyFile {
            from: string(0)?,
            to: string(1)?,
            exclusive: number(2)? as u32 & 1 != 0,
        },
        "access" => Op::Access {
            path: string(0)?,
            mode: number(1)? as u32,
        },
        "exists" => Op::Exists { path: string(0)? },
        "realpath" => Op::Realpath { path: string(0)? },
        "readlink" => Op::Readlink { path: string(0)? },
        "truncate" => Op::Truncate {
            path: string(0)?,
            length: number(1)? as u64,
        },
        "utimes" => Op::Utimes {
            path: string(0)?,
            atime: number(1)?,
            mtime: number(2)?,
        },
        "chmod" => Op::Chmod {
            path: string(0)?,
            mode: number(1)? as u32,
        },
        _ => {
            return Err(throw_named(
                ctx,
                "TypeError",
                &format!("no file call {name}"),
                None,
            ))
        }
    })
}
