//! The native half of `js/node/process.js`: what `process` reports of the host process
//! (environment, clocks, memory, ids, paths), its stdout/stderr, and the `nextTick`
//! queue's place in the event loop (see [`crate::event_loop::run_job`]).
use std::cell::Cell;
use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Ctx, Function, JsLifetime};

use crate::ConsoleSink;

/// `isapi:native/process`.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        for name in [
            "env",
            "hrtime",
            "memory",
            "rss",
            "cwd",
            "pid",
            "ppid",
            "uptime",
            "execPath",
            "argv",
            "platform",
            "arch",
            "write",
            "setTicks",
            "ticksQueued",
        ] {
            declare.declare(name)?;
        }
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("env", Function::new(ctx.clone(), env)?)?;
        exports.export("hrtime", Function::new(ctx.clone(), hrtime)?)?;
        exports.export("memory", Function::new(ctx.clone(), memory)?)?;
        exports.export("rss", Function::new(ctx.clone(), rss)?)?;
        exports.export(
            "cwd",
            // A handler's is its bundle's folder (HandlerConfig::cwd), where node:fs starts
            // relative paths; isapi-run's, the process's.
            Function::new(ctx.clone(), |ctx: Ctx<'_>| {
                crate::handler_config(&ctx)
                    .cwd
                    .or_else(|| std::env::current_dir().ok())
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_default()
            })?,
        )?;
        exports.export("pid", std::process::id())?;
        exports.export("ppid", parent_id())?;
        exports.export(
            "uptime",
            Function::new(ctx.clone(), || started().elapsed().as_secs_f64())?,
        )?;
        exports.export(
            "execPath",
            std::env::current_exe()
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default(),
        )?;
        exports.export(
            "argv",
            std::env::args_os()
                .skip(1)
                .map(|a| a.to_string_lossy().into_owned())
                .collect::<Vec<_>>(),
        )?;
        exports.export("platform", platform())?;
        exports.export("arch", arch())?;
        exports.export("write", Function::new(ctx.clone(), write)?)?;
        exports.export("setTicks", Function::new(ctx.clone(), set_ticks)?)?;
        exports.export("ticksQueued", Function::new(ctx.clone(), ticks_queued)?)?;
        Ok(())
    }
}

/// When this process started using the platform (the first runtime it prepared):
/// `process.uptime()` counts from here.
pub(crate) fn started() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

/// Node's name of the operating system (`process.platform`, `os.platform()`).
pub(crate) fn platform() -> &'static str {
    match std::env::consts::OS {
        "windows" => "win32",
        "macos" => "darwin",
        other => other,
    }
}

/// Node's name of the processor architecture (`process.arch`, `os.arch()`).
pub(crate) fn arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "x64",
        "x86" => "ia32",
        "aarch64" => "arm64",
        "powerpc64" => "ppc64",
        other => other,
    }
}

#[cfg(unix)]
fn parent_id() -> u32 {
    std::os::unix::process::parent_id()
}

/// Windows has no cheap parent id (a process snapshot would be needed): 0, documented.
#[cfg(not(unix))]
fn parent_id() -> u32 {
    0
}

/// `process.env`'s starting content: the host process's environment, then the handler's
/// own `env` (its settings file, or isapi-run's flags) over it. `[name, value, …]`.
fn env(ctx: Ctx<'_>) -> Vec<String> {
    let mut list = Vec::new();
    for (name, value) in std::env::vars_os() {
        list.push(name.to_string_lossy().into_owned());
        list.push(value.to_string_lossy().into_owned());
    }
    for (name, value) in crate::handler_config(&ctx).env {
        list.push(name);
        list.push(value);
    }
    list
}

/// `[seconds, nanoseconds]` on a monotonic clock (the timers' clock's origin).
fn hrtime() -> Vec<f64> {
    let elapsed = started().elapsed();
    vec![elapsed.as_secs() as f64, f64::from(elapsed.subsec_nanos())]
}

/// `[rss, heapTotal, heapUsed, external, arrayBuffers]` in bytes: the process's resident
/// memory, and this engine's QuickJS heap (what `memoryUsage()` reports of V8's).
fn memory(ctx: Ctx<'_>) -> Vec<f64> {
    // SAFETY: the context pointer is live for the call; JS_ComputeMemoryUsage only reads
    // the runtime's heap and fills the struct it is given.
    let usage = unsafe {
        let runtime = rquickjs::qjs::JS_GetRuntime(ctx.as_raw().as_ptr());
        let mut usage = std::mem::zeroed::<rquickjs::qjs::JSMemoryUsage>();
        rquickjs::qjs::JS_ComputeMemoryUsage(runtime, &mut usage);
        usage
    };
    let total = usage.malloc_size as f64;
    let used = usage.memory_used_size as f64;
    let buffers = usage.binary_object_size as f64;
    vec![rss(), total.max(used), used.min(total), buffers, buffers]
}

/// The process's resident set size in bytes (0 where it cannot be read).
#[cfg(target_os = "linux")]
fn rss() -> f64 {
    // statm's second field: resident pages. Pages are 4 KiB on the platforms we build for.
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|text| text.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |pages| pages * 4096.0)
}

#[cfg(windows)]
fn rss() -> f64 {
    use windows_sys::Win32::System::ProcessStatus::{
        K32GetProcessMemoryInfo, PROCESS_MEMORY_COUNTERS,
    };
    use windows_sys::Win32::System::Threading::GetCurrentProcess;
    // SAFETY: a zeroed counters struct of the size passed; the pseudo handle needs no close.
    unsafe {
        let mut counters = std::mem::zeroed::<PROCESS_MEMORY_COUNTERS>();
        let size = std::mem::size_of::<PROCESS_MEMORY_COUNTERS>() as u32;
        if K32GetProcessMemoryInfo(GetCurrentProcess(), &mut counters, size) == 0 {
            return 0.0;
        }
        counters.WorkingSetSize as f64
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
fn rss() -> f64 {
    0.0
}

/// `process.stdout.write` (fd 1) and `process.stderr.write` (fd 2): to the streams
/// themselves in `isapi-run`; in a library to the log, one record per line (a partial
/// line is logged as it is: the log has no partial records).
fn write(ctx: Ctx<'_>, fd: u32, text: String) {
    match crate::global_scope::sink(&ctx) {
        Some(ConsoleSink::Stdio) | None => {
            let _ = if fd == 2 {
                std::io::stderr().lock().write_all(text.as_bytes())
            } else {
                std::io::stdout().lock().write_all(text.as_bytes())
            };
        }
        Some(ConsoleSink::Log) => {
            for line in text.strip_suffix('\n').unwrap_or(&text).split('\n') {
                if fd == 2 {
                    tracing::error!(target: "handler", "{line}");
                } else {
                    tracing::info!(target: "handler", "{line}");
                }
            }
        }
    }
}

/// The `nextTick` queue as the event loop sees it: `process.js` registers how to run it
/// when it loads (until then no tick can be queued, and the loop spends nothing on it).
pub(crate) struct TickHooks<'js> {
    /// Runs every queued tick (and those they queue).
    pub run: Function<'js>,
    /// Ticks are queued.
    pub pending: Cell<bool>,
    /// They were queued outside a Promise job (by a script, a timer, a task): as in Node,
    /// they run before the Promise jobs already queued. Ticks queued by a job run once
    /// the jobs are done.
    pub first: Cell<bool>,
}

// SAFETY: the struct holds only `'js` values, and `Changed` swaps exactly that lifetime.
unsafe impl<'js> JsLifetime<'js> for TickHooks<'js> {
    type Changed<'to> = TickHooks<'to>;
}

fn set_ticks<'js>(ctx: Ctx<'js>, run: Function<'js>) -> rquickjs::Result<()> {
    ctx.store_userdata(TickHooks {
        run,
        pending: Cell::new(false),
        first: Cell::new(false),
    })
    .map_err(|_| rquickjs::Error::new_loading("isapi:native/process"))?;
    Ok(())
}

/// `process.js` queued the first tick of an empty queue.
fn ticks_queued(ctx: Ctx<'_>) {
    if let Some(hooks) = ctx.userdata::<TickHooks>() {
        hooks.pending.set(true);
        if !crate::event_loop::in_job() {
            hooks.first.set(true);
        }
    }
}
