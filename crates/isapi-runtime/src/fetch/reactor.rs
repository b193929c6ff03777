//! The one I/O reactor of this copy of the library: a tokio runtime with one worker
//! thread, started by the first `fetch` (never at engine start: a handler that does not
//! fetch pays nothing) and stopped by [`shutdown`], which the embedder calls before its
//! code may go away (isapi-dll's `TerminateExtension`/`TerminateFilter`), so none of its
//! threads outlives the library. A fetch after a shutdown starts it again.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use tokio::runtime::{Handle, Runtime};

static REACTOR: Mutex<Option<Runtime>> = Mutex::new(None);
/// How many times the reactor has started: connections belong to the one that made them.
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// The reactor's handle and generation, starting it on first use.
pub(super) fn handle() -> Result<(Handle, u64), String> {
    let mut reactor = REACTOR.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(runtime) = reactor.as_ref() {
        return Ok((runtime.handle().clone(), GENERATION.load(Ordering::Acquire)));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        // One worker does the waiting for every engine: fetch is I/O, not computation.
        .worker_threads(1)
        // Name lookups (getaddrinfo) block: a few threads for them, idle ones end soon.
        .max_blocking_threads(4)
        .thread_name("isapi-fetch")
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| format!("cannot start the fetch reactor: {e}"))?;
    let handle = runtime.handle().clone();
    *reactor = Some(runtime);
    Ok((handle, GENERATION.fetch_add(1, Ordering::AcqRel) + 1))
}

/// Stops the reactor: every request still running is dropped (its connection closed) and
/// its threads are joined before this returns. Safe to call when it never started, and
/// more than once. Must not be called from inside the reactor.
pub fn shutdown() {
    let runtime = REACTOR.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(runtime) = runtime {
        // Dropping waits for the worker and for blocking name lookups (bounded by the
        // resolver's own timeouts): the threads must be gone before the code is. Tokio
        // refuses that wait inside an async context (an embedder's own runtime), so
        // there it happens on a thread of its own, joined here.
        if Handle::try_current().is_ok() {
            std::thread::scope(|scope| {
                scope.spawn(move || drop(runtime));
            });
        } else {
            drop(runtime);
        }
        tracing::debug!("the fetch reactor stopped");
    }
}
