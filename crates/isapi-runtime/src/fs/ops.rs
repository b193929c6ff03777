//! The file-system calls themselves: pure Rust, run on the engine thread (sync forms) or
//! on the I/O reactor's blocking pool (callback and Promise forms). Each resolves its
//! paths through [`Roots`] first and then works on the real path only.
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use super::confine::{Access, Refusal, Roots};
use super::error::FsError;

/// Open flags, as `fs.constants` gives them on this system.
pub(crate) mod flags {
    #[cfg(unix)]
    pub const RDONLY: i32 = libc::O_RDONLY;
    #[cfg(unix)]
    pub const WRONLY: i32 = libc::O_WRONLY;
    #[cfg(unix)]
    pub const RDWR: i32 = libc::O_RDWR;
    #[cfg(unix)]
    pub const CREAT: i32 = libc::O_CREAT;
    #[cfg(unix)]
    pub const EXCL: i32 = libc::O_EXCL;
    #[cfg(unix)]
    pub const TRUNC: i32 = libc::O_TRUNC;
    #[cfg(unix)]
    pub const APPEND: i32 = libc::O_APPEND;
    #[cfg(unix)]
    pub const SYNC: i32 = libc::O_SYNC;
    // libuv's values on Windows (its own, as Node's fs.constants shows them).
    #[cfg(not(unix))]
    pub const RDONLY: i32 = 0;
    #[cfg(not(unix))]
    pub const WRONLY: i32 = 1;
    #[cfg(not(unix))]
    pub const RDWR: i32 = 2;
    #[cfg(not(unix))]
    pub const CREAT: i32 = 0x100;
    #[cfg(not(unix))]
    pub const EXCL: i32 = 0x400;
    #[cfg(not(unix))]
    pub const TRUNC: i32 = 0x200;
    #[cfg(not(unix))]
    pub const APPEND: i32 = 8;
    #[cfg(not(unix))]
    pub const SYNC: i32 = 0x0800_0000;
}

/// An open file of the engine's descriptor table.
pub(crate) type Handle = Arc<File>;

/// One call, its arguments already read from JS. Paths are as the handler wrote them
/// (errors quote them so).
pub(crate) enum Op {
    ReadFile {
        path: String,
        text: bool,
    },
    ReadHandle {
        file: Handle,
        text: bool,
    },
    WriteFile {
        path: String,
        data: Vec<u8>,
        flags: i32,
        mode: u32,
    },
    Open {
        path: String,
        flags: i32,
        mode: u32,
    },
    Read {
        file: Handle,
        length: usize,
        position: Option<u64>,
    },
    Write {
        file: Handle,
        data: Vec<u8>,
        position: Option<u64>,
    },
    WriteAll {
        file: Handle,
        data: Vec<u8>,
    },
    Close {
        file: Handle,
    },
    Fstat {
        file: Handle,
    },
    Ftruncate {
        file: Handle,
        length: u64,
    },
    Fsync {
        file: Handle,
    },
    Stat {
        path: String,
        follow: bool,
        syscall: &'static str,
    },
    Readdir {
        path: String,
        types: bool,
    },
    Mkdir {
        path: String,
        recursive: bool,
        mode: u32,
    },
    Mkdtemp {
        prefix: String,
        suffix: String,
    },
    Rmdir {
        path: String,
        recursive: bool,
    },
    Rm {
        path: String,
        recursive: bool,
        force: bool,
    },
    Unlink {
        path: String,
    },
    Rename {
        from: String,
        to: String,
    },
    CopyFile {
        from: String,
        to: String,
        exclusive: bool,
    },
    Access {
        path: String,
        mode: u32,
    },
    Exists {
        path: String,
    },
    Realpath {
        path: String,
    },
    Readlink {
        path: String,
    },
    Truncate {
        path: String,
        length: u64,
    },
    Utimes {
        path: String,
        atime: f64,
        mtime: f64,
    },
    Chmod {
        path: String,
        mode: u32,
    },
}

/// What a call gives back.
pub(crate) enum Out {
    Unit,
    Bytes(Vec<u8>),
    Text(String),
    Number(f64),
    Bool(bool),
    Stats(Box<[f64; STATS]>),
    /// Names, each with its `UV_DIRENT_*` type when asked for.
    Entries(Vec<(String, u8)>, bool),
    /// How many trailing components of the path `mkdir` created (0: none).
    Created(usize),
    File(File),
}

/// dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, atimeMs, mtimeMs,
/// ctimeMs, birthtimeMs: `fs.Stats`' numbers in its order.
pub(crate) const STATS: usize = 14;

/// Runs `op`.
pub(crate) fn run(roots: &Roots, op: Op) -> Result<Out, FsError> {
    match op {
        Op::ReadFile { path, text } => {
            let real = resolve(roots, &path, Access::Read, true, "open")?;
            let file = open_file(roots, &real, flags::RDONLY, 0o666, &path)?;
            read_all(&file, text)
        }
        Op::ReadHandle { file, text } => read_all(&file, text),
        Op::WriteFile {
            path,
            data,
            flags,
            mode,
        } => {
            let real = resolve(roots, &path, Access::Write, true, "open")?;
            let file = open_file(roots, &real, flags, mode, &path)?;
            (&file)
                .write_all(&data)
                .map_err(|e| FsError::io(&e, "write", None))?;
            Ok(Out::Unit)
        }
        Op::Open { path, flags, mode } => {
            let writes = flags & (flags::WRONLY | flags::RDWR | flags::CREAT | flags::TRUNC) != 0
                || flags & flags::APPEND != 0;
            let access = if writes { Access::Write } else { Access::Read };
            let real = resolve(roots, &path, access, true, "open")?;
            open_file(roots, &real, flags, mode, &path).map(Out::File)
        }
        Op::Read {
            file,
            length,
            position,
        } => {
            let mut buffer = vec![0; length];
            let read = match position {
                Some(at) => read_at(&file, &mut buffer, at),
                None => (&*file).read(&mut buffer),
            }
            .map_err(|e| FsError::io(&e, "read", None))?;
            buffer.truncate(read);
            Ok(Out::Bytes(buffer))
        }
        Op::Write {
            file,
            data,
            position,
        } => {
            let written = match position {
                Some(at) => write_at(&file, &data, at),
                None => (&*file).write(&data),
            }
            .map_err(|e| FsError::io(&e, "write", None))?;
            Ok(Out::Number(written as f64))
        }
        Op::WriteAll { file, data } => (&*file)
            .write_all(&data)
            .map(|()| Out::Unit)
            .map_err(|e| FsError::io(&e, "write", None)),
        // The file closes when its last reference (this one, or a call still using it)
        // drops.
        Op::Close { file } => {
            drop(file);
            Ok(Out::Unit)
        }
        Op::Fstat { file } => file
            .metadata()
            .map(|meta| Out::Stats(Box::new(stats(&meta))))
            .map_err(|e| FsError::io(&e, "fstat", None)),
        Op::Ftruncate { file, length } => file
            .set_len(length)
            .map(|()| Out::Unit)
            .map_err(|e| FsError::io(&e, "ftruncate", None)),
        Op::Fsync { file } => file
            .sync_all()
            .map(|()| Out::Unit)
            .map_err(|e| FsError::io(&e, "fsync", None)),
        Op::Stat {
            path,
            follow,
            syscall,
        } => {
            let real = resolve(roots, &path, Access::Read, follow, syscall)?;
            let meta = if follow {
                std::fs::metadata(&real)
            } else {
                std::fs::symlink_metadata(&real)
            };
            meta.map(|meta| Out::Stats(Box::new(stats(&meta))))
                .map_err(|e| FsError::io(&e, syscall, Some(&path)))
        }
        Op::Readdir { path, types } => {
            let real = resolve(roots, &path, Access::Read, true, "scandir")?;
            let fail = |e: std::io::Error| FsError::io(&e, "scandir", Some(&path));
            let mut entries = Vec::new();
            for entry in std::fs::read_dir(&real).map_err(fail)? {
                let entry = entry.map_err(fail)?;
                let kind = if types {
                    entry.file_type().map_or(0, |t| dirent_type(&t))
                } else {
                    0
                };
                entries.push((entry.file_name().to_string_lossy().into_owned(), kind));
            }
            // libuv's scandir sorts by name (bytes).
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(Out::Entries(entries, types))
        }
        Op::Mkdir {
            path,
            recursive,
            mode,
        } => {
            let real = resolve(roots, &path, Access::Write, true, "mkdir")?;
            let fail = |e: std::io::Error| FsError::io(&e, "mkdir", Some(&path));
            if !recursive {
                return make_dir(&real, mode).map(|()| Out::Unit).map_err(fail);
            }
            // The missing folders, outermost last.
            let mut missing = Vec::new();
            let mut at = real.as_path();
            loop {
                match std::fs::metadata(at) {
                    Ok(meta) if meta.is_dir() => break,
                    Ok(_) if missing.is_empty() => {
                        return Err(FsError::new("EEXIST", "mkdir", Some(&path)))
                    }
                    Ok(_) => return Err(FsError::new("ENOTDIR", "mkdir", Some(&path))),
                    Err(_) => missing.push(at.to_owned()),
                }
                match at.parent() {
                    Some(parent) => at = parent,
                    None => break,
                }
            }
            let created = missing.len();
            for folder in missing.iter().rev() {
                match make_dir(folder, mode) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && folder.is_dir() => {}
                    Err(e) => return Err(fail(e)),
                }
            }
            Ok(Out::Created(created))
        }
        Op::Mkdtemp { prefix, suffix } => {
            for _ in 0..64 {
                let mut bytes = [0u8; 6];
                getrandom::fill(&mut bytes).map_err(|_| FsError::new("EIO", "mkdtemp", None))?;
                const CHARS: &[u8] =
                    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
                let tail: String = bytes
                    .iter()
                    .map(|b| CHARS[*b as usize % CHARS.len()] as char)
                    .collect();
                let name = format!("{prefix}{tail}");
                let shown = format!("{prefix}{suffix}");
                let real =
                    resolve(roots, &name, Access::Write, true, "mkdtemp").map_err(|e| FsError {
                        path: Some(shown.clone()),
                        ..e
                    })?;
                match make_dir(&real, 0o700) {
                    Ok(()) => return Ok(Out::Text(name)),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                    Err(e) => return Err(FsError::io(&e, "mkdtemp", Some(&shown))),
                }
            }
            Err(FsError::new("EEXIST", "mkdtemp", Some(&prefix)))
        }
        Op::Rmdir { path, recursive } => {
            let real = resolve_removable(roots, &path, "rmdir")?;
            let result = if recursive {
                std::fs::remove_dir_all(&real)
            } else {
                std::fs::remove_dir(&real)
            };
            result
                .map(|()| Out::Unit)
                .map_err(|e| FsError::io(&e, "rmdir", Some(&path)))
        }
        Op::Rm {
            path,
            recursive,
            force,
        } => {
            let real = resolve_removable(roots, &path, "rm")?;
            let meta = match std::fs::symlink_metadata(&real) {
                Ok(meta) => meta,
                Err(e) if force && e.kind() == std::io::ErrorKind::NotFound => {
                    return Ok(Out::Unit)
                }
                Err(e) => return Err(FsError::io(&e, "lstat", Some(&path))),
            };
            let result = if meta.is_dir() {
                if !recursive {
                    return Err(FsError::new("EISDIR", "rm", Some(&path)));
                }
                std::fs::remove_dir_all(&real)
            } else {
                std::fs::remove_file(&real)
            };
            match result {
                Ok(()) => Ok(Out::Unit),
                Err(e) if force && e.kind() == std::io::ErrorKind::NotFound => Ok(Out::Unit),
                Err(e) => Err(FsError::io(&e, "rm", Some(&path))),
            }
        }
        Op::Unlink { path } => {
            let real = resolve_removable(roots, &path, "unlink")?;
            #[cfg(windows)]
            if real.is_dir() && !real.is_symlink() {
                return Err(FsError::new("EPERM", "unlink", Some(&path)));
            }
            std::fs::remove_file(&real)
                .map(|()| Out::Unit)
                .map_err(|e| FsError::io(&e, "unlink", Some(&path)))
        }
        Op::Rename { from, to } => {
            let two = |e: FsError| e.with_dest(&to);
            let real_from = resolve_removable(roots, &from, "rename").map_err(two)?;
            let real_to = resolve(roots, &to, Access::Write, false, "rename").map_err(two)?;
            if roots.is_root(&real_to) {
                return Err(FsError::new("EACCES", "rename", Some(&from)).with_dest(&to));
            }
            std::fs::rename(&real_from, &real_to)
                .map(|()| Out::Unit)
                .map_err(|e| FsError::io(&e, "rename", Some(&from)).with_dest(&to))
        }
        Op::CopyFile {
            from,
            to,
            exclusive,
        } => {
            let two = |e: FsError| e.with_dest(&to);
            let real_from = resolve(roots, &from, Access::Read, true, "copyfile").map_err(two)?;
            let real_to = resolve(roots, &to, Access::Write, true, "copyfile").map_err(two)?;
            let fail = |e: FsError| FsError {
                syscall: "copyfile",
                path: Some(from.clone()),
                dest: Some(to.clone()),
                ..e
            };
            let source = open_file(roots, &real_from, flags::RDONLY, 0, &from).map_err(fail)?;
            if source.metadata().is_ok_and(|m| m.is_dir()) {
                return Err(fail(FsError::new("EISDIR", "copyfile", None)));
            }
            let create = if exclusive {
                flags::WRONLY | flags::CREAT | flags::EXCL
            } else {
                flags::WRONLY | flags::CREAT | flags::TRUNC
            };
            let target = open_file(roots, &real_to, create, 0o666, &to).map_err(fail)?;
            std::io::copy(&mut &source, &mut &target)
                .map(|_| Out::Unit)
                .map_err(|e| fail(FsError::io(&e, "copyfile", None)))
        }
        Op::Access { path, mode } => {
            let real = resolve(roots, &path, Access::Read, true, "access")?;
            let meta =
                std::fs::metadata(&real).map_err(|e| FsError::io(&e, "access", Some(&path)))?;
            const W_OK: u32 = 2;
            if mode & W_OK != 0
                && (!roots.allows(&real, Access::Write) || meta.permissions().readonly())
            {
                return Err(FsError::new("EACCES", "access", Some(&path)));
            }
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                const X_OK: u32 = 1;
                if mode & X_OK != 0 && meta.permissions().mode() & 0o111 == 0 {
                    return Err(FsError::new("EACCES", "access", Some(&path)));
                }
            }
            Ok(Out::Unit)
        }
        Op::Exists { path } => Ok(Out::Bool(
            roots
                .resolve(&path, Access::Read, true)
                .is_ok_and(|real| real.exists()),
        )),
        Op::Realpath { path } => {
            let real = resolve(roots, &path, Access::Read, true, "realpath")?;
            // A path that does not exist has no real path. Node's realpath walks the
            // absolute path with lstat and names the first part that is missing.
            if let Err(error) = std::fs::symlink_metadata(&real) {
                let absolute = super::confine::normalize(&roots.cwd().join(&path));
                let missing = absolute
                    .ancestors()
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .find(|prefix| std::fs::symlink_metadata(prefix).is_err())
                    .unwrap_or(&absolute)
                    .to_owned();
                return Err(FsError::io(&error, "lstat", Some(&shown(&missing))));
            }
            Ok(Out::Text(shown(&real)))
        }
        Op::Readlink { path } => {
            let real = resolve(roots, &path, Access::Read, false, "readlink")?;
            std::fs::read_link(&real)
                .map(|target| Out::Text(shown(&target)))
                .map_err(|e| FsError::io(&e, "readlink", Some(&path)))
        }
        Op::Truncate { path, length } => {
            let real = resolve(roots, &path, Access::Write, true, "open")?;
            let file = open_file(roots, &real, flags::WRONLY, 0, &path)?;
            file.set_len(length)
                .map(|()| Out::Unit)
                .map_err(|e| FsError::io(&e, "ftruncate", None))
        }
        Op::Utimes { path, atime, mtime } => {
            let real = resolve(roots, &path, Access::Write, true, "utime")?;
            let file = OpenOptions::new()
                .write(true)
                .open(&real)
                .or_else(|_| File::open(&real))
                .map_err(|e| FsError::io(&e, "utime", Some(&path)))?;
            let time = |seconds: f64| {
                if seconds >= 0.0 {
                    UNIX_EPOCH + std::time::Duration::from_secs_f64(seconds)
                } else {
                    UNIX_EPOCH - std::time::Duration::from_secs_f64(-seconds)
                }
            };
            let times = std::fs::FileTimes::new()
                .set_accessed(time(atime))
                .set_modified(time(mtime));
            file.set_times(times)
                .map(|()| Out::Unit)
                .map_err(|e| FsError::io(&e, "utime", Some(&path)))
        }
        Op::Chmod { path, mode } => {
            let real = resolve(roots, &path, Access::Write, true, "chmod")?;
            let mut permissions = std::fs::metadata(&real)
                .map_err(|e| FsError::io(&e, "chmod", Some(&path)))?
                .permissions();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                permissions.set_mode(mode & 0o7777);
            }
            #[cfg(not(unix))]
            permissions.set_readonly(mode & 0o200 == 0);
            std::fs::set_permissions(&real, permissions)
                .map(|()| Out::Unit)
                .map_err(|e| FsError::io(&e, "chmod", Some(&path)))
        }
    }
}

/// `path`'s real place if allowed; `EACCES` (quoting `path`) if not.
fn resolve(
    roots: &Roots,
    path: &str,
    access: Access,
    follow: bool,
    syscall: &'static str,
) -> Result<PathBuf, FsError> {
    roots
        .resolve(path, access, follow)
        .map_err(|refusal| match refusal {
            Refusal::Denied => FsError::new("EACCES", syscall, Some(path)),
            Refusal::Io(error) => FsError::io(&error, syscall, Some(path)),
        })
}

/// Like [`resolve`] for writing, the last component not followed (it is what goes), and
/// never an allowed folder itself: the handler empties its data folder, it does not
/// remove it.
fn resolve_removable(roots: &Roots, path: &str, syscall: &'static str) -> Result<PathBuf, FsError> {
    let real = resolve(roots, path, Access::Write, false, syscall)?;
    if roots.is_root(&real) || std::fs::canonicalize(&real).is_ok_and(|r| roots.is_root(&r)) {
        return Err(FsError::new("EACCES", syscall, Some(path)));
    }
    Ok(real)
}

/// Opens the resolved `real` with Node's numeric `flags`, never following a link in its
/// last component (see the confinement's guarantees).
fn open_file(
    roots: &Roots,
    real: &Path,
    flags: i32,
    mode: u32,
    shown_path: &str,
) -> Result<File, FsError> {
    let mut options = OpenOptions::new();
    let access = flags & (flags::WRONLY | flags::RDWR);
    options
        .read(access == flags::RDONLY || access == flags::RDWR)
        .write(access != flags::RDONLY);
    if flags & flags::APPEND != 0 {
        options.append(true);
    }
    if flags & flags::CREAT != 0 {
        if flags & flags::EXCL != 0 {
            options.create_new(true);
        } else {
            options.create(true);
        }
    }
    if flags & flags::TRUNC != 0 && access != flags::RDONLY {
        options.truncate(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode).custom_flags(
            libc::O_NOFOLLOW | (flags & (libc::O_SYNC | libc::O_DSYNC | libc::O_NONBLOCK)),
        );
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // FILE_FLAG_OPEN_REPARSE_POINT: a link is opened as itself, not followed;
        // FILE_FLAG_BACKUP_SEMANTICS: folders open too (for fstat and the EISDIR answer);
        // FILE_FLAG_WRITE_THROUGH for libuv's O_SYNC.
        let write_through = if flags & flags::SYNC != 0 {
            0x8000_0000
        } else {
            0
        };
        options.custom_flags(0x0020_0000 | 0x0200_0000 | write_through);
        let _ = mode;
    }
    // Writing a folder is EISDIR (Windows would say access denied).
    if access != flags::RDONLY && real.is_dir() {
        return Err(FsError::new("EISDIR", "open", Some(shown_path)));
    }
    let file = options.open(real).map_err(|e| {
        // A link where the check saw none (swapped in since): refused like any escape.
        if is_link_refusal(&e) {
            FsError::new("EACCES", "open", Some(shown_path))
        } else {
            FsError::io(&e, "open", Some(shown_path))
        }
    })?;
    // Writing a folder is EISDIR at open, as the OS says on Unix.
    if access != flags::RDONLY && file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(FsError::new("EISDIR", "open", Some(shown_path)));
    }
    check_opened(roots, &file, access != flags::RDONLY, shown_path)?;
    Ok(file)
}

fn is_link_refusal(error: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        error.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = error;
        false
    }
}

/// On Linux, where the opened file really is (its descriptor's own link), checked again:
/// a folder on the way swapped for a link after the check is caught here.
fn check_opened(roots: &Roots, file: &File, writes: bool, shown_path: &str) -> Result<(), FsError> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let link = format!("/proc/self/fd/{}", file.as_raw_fd());
        if let Ok(real) = std::fs::read_link(link) {
            let access = if writes { Access::Write } else { Access::Read };
            if real.is_absolute() && !roots.allows(&real, access) {
                return Err(FsError::new("EACCES", "open", Some(shown_path)));
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (roots, file, writes, shown_path);
    Ok(())
}

fn make_dir(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new().mode(mode).create(path)
    }
    #[cfg(not(unix))]
    {
        let _ = mode;
        std::fs::create_dir(path)
    }
}

fn read_all(file: &File, text: bool) -> Result<Out, FsError> {
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(FsError::new("EISDIR", "read", None));
    }
    let mut bytes = Vec::new();
    (&*file)
        .read_to_end(&mut bytes)
        .map_err(|e| FsError::io(&e, "read", None))?;
    Ok(if text {
        Out::Text(String::from_utf8_lossy(&bytes).into_owned())
    } else {
        Out::Bytes(bytes)
    })
}

#[cfg(unix)]
fn read_at(file: &File, buffer: &mut [u8], at: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buffer, at)
}

#[cfg(unix)]
fn write_at(file: &File, data: &[u8], at: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::write_at(file, data, at)
}

/// Windows has no positional read that leaves the file's position alone: the position is
/// restored after, as libuv does.
#[cfg(not(unix))]
fn read_at(file: &File, buffer: &mut [u8], at: u64) -> std::io::Result<usize> {
    use std::io::{Seek, SeekFrom};
    let mut file = file;
    let was = file.stream_position()?;
    let read = std::os::windows::fs::FileExt::seek_read(file, buffer, at);
    file.seek(SeekFrom::Start(was))?;
    read
}

#[cfg(not(unix))]
fn write_at(file: &File, data: &[u8], at: u64) -> std::io::Result<usize> {
    use std::io::{Seek, SeekFrom};
    let mut file = file;
    let was = file.stream_position()?;
    let written = std::os::windows::fs::FileExt::seek_write(file, data, at);
    file.seek(SeekFrom::Start(was))?;
    written
}

/// libuv's UV_DIRENT_* number of a file type.
fn dirent_type(kind: &std::fs::FileType) -> u8 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return 4;
        }
        if kind.is_socket() {
            return 5;
        }
        if kind.is_char_device() {
            return 6;
        }
        if kind.is_block_device() {
            return 7;
        }
    }
    if kind.is_symlink() {
        3
    } else if kind.is_dir() {
        2
    } else if kind.is_file() {
        1
    } else {
        0
    }
}

fn millis(time: std::io::Result<SystemTime>) -> f64 {
    match time {
        Ok(time) => match time.duration_since(UNIX_EPOCH) {
            Ok(after) => after.as_secs_f64() * 1000.0,
            Err(before) => -before.duration().as_secs_f64() * 1000.0,
        },
        Err(_) => 0.0,
    }
}

fn stats(meta: &std::fs::Metadata) -> [f64; STATS] {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let time = |seconds: i64, nanos: i64| seconds as f64 * 1000.0 + nanos as f64 / 1e6;
        let ctime = time(meta.ctime(), meta.ctime_nsec());
        [
            meta.dev() as f64,
            meta.mode() as f64,
            meta.nlink() as f64,
            meta.uid() as f64,
            meta.gid() as f64,
            meta.rdev() as f64,
            meta.blksize() as f64,
            meta.ino() as f64,
            meta.size() as f64,
            meta.blocks() as f64,
            time(meta.atime(), meta.atime_nsec()),
            time(meta.mtime(), meta.mtime_nsec()),
            ctime,
            // Without a birth time, libuv gives the change time.
            meta.created().map_or(ctime, |t| millis(Ok(t))),
        ]
    }
    #[cfg(not(unix))]
    {
        // libuv's synthesized modes on Windows.
        let kind = meta.file_type();
        let mode = if kind.is_symlink() {
            0o120666
        } else if kind.is_dir() {
            0o40666
        } else if meta.permissions().readonly() {
            0o100444
        } else {
            0o100666
        };
        let modified = millis(meta.modified());
        [
            0.0,
            mode as f64,
            1.0,
            0.0,
            0.0,
            0.0,
            4096.0,
            0.0,
            meta.len() as f64,
            meta.len().div_ceil(512) as f64,
            millis(meta.accessed()),
            modified,
            modified,
            millis(meta.created()),
        ]
    }
}

/// A real path as Node would print it (Windows: without the `\\?\` that canonical paths
/// carry).
pub(crate) fn shown(path: &Path) -> String {
    let text = path.to_string_lossy().into_owned();
    if cfg!(windows) {
        if let Some(unc) = text.strip_prefix(r"\\?\UNC\") {
            return format!(r"\\{unc}");
        }
        if let Some(rest) = text.strip_prefix(r"\\?\") {
            return rest.to_owned();
        }
    }
    text
}
