//! Which thread calls an extension, and how a callback waits.
//!
//! IIS calls `HttpExtensionProc` on one of its worker threads and expects it to return
//! soon; long work is meant to go `HSE_STATUS_PENDING` (isapi-ts's own library always
//! does). The host does the same: a library is called in a task of its own on the async
//! worker threads, which saves the hand-off to another thread (two wake-ups) per request.
//!
//! Two things keep a blocking extension from holding up the connections sharing its thread:
//! - a callback that must wait (the client reads slower than the extension writes, the
//!   body has not arrived, a child request runs) first gives the worker's other tasks to
//!   another thread ([`wait`]);
//! - an extension whose calls took `HostOptions::slow_call` (10 ms) or longer a few times
//!   does its work inside the call (as pywin32's `SimpleExtension` does): its calls go to
//!   the blocking pool from then on (`library.rs`, `Extension::call_took`).
//!
//! On a current-thread runtime nothing can be handed over, so every call goes to the
//! blocking pool there ([`inline_calls`]).
use tokio::runtime::{Handle, RuntimeFlavor};

/// Whether this thread belongs to a multi-thread runtime, whose workers can hand their
/// tasks over when one of them blocks.
pub(crate) fn inline_calls() -> bool {
    Handle::try_current().is_ok_and(|handle| handle.runtime_flavor() == RuntimeFlavor::MultiThread)
}

/// Runs `work`, which blocks, from a callback. On an async worker thread the worker's other
/// tasks move to another thread first; on any other thread (the blocking pool, an
/// extension's own threads) `work` simply runs.
pub(crate) fn wait<R>(work: impl FnOnce() -> R) -> R {
    if inline_calls() {
        // Off a worker thread (the blocking pool) this runs `work` at once.
        tokio::task::block_in_place(work)
    } else {
        work()
    }
}
