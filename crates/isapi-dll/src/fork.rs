//! Notices that this process is a `fork()` of the one that started the engines. Threads
//! are not copied by `fork`: a pool started before it (Apache's `ISAPICacheFile` loads
//! and initialises libraries in the parent) has no workers in the child, and every request
//! queued there would wait forever. A `pthread_atfork` child handler counts forks; each
//! pool remembers the count it was started at, and an entry point that sees a newer count
//! starts a fresh pool (the parent's is leaked: it can be neither used nor joined).
use std::sync::atomic::{AtomicU64, Ordering};

static FORKS: AtomicU64 = AtomicU64::new(0);

/// How many times this process's ancestry forked since the library started threads.
pub(crate) fn generation() -> u64 {
    FORKS.load(Ordering::Acquire)
}

/// Registers the fork handler (once per library copy); called when threads are started.
pub(crate) fn watch() {
    platform::watch();
}

#[cfg(unix)]
mod platform {
    use std::sync::Once;

    /// Runs in the child right after `fork`: only an atomic add (async-signal-safe).
    extern "C" fn in_child() {
        super::FORKS.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    pub(super) fn watch() {
        static REGISTERED: Once = Once::new();
        REGISTERED.call_once(|| {
            // SAFETY: `in_child` is a plain function of this library, which is pinned in
            // memory before any thread starts (so it stays mapped as long as the process).
            let failed = unsafe { libc::pthread_atfork(None, None, Some(in_child)) };
            if failed != 0 {
                tracing::warn!(
                    "cannot watch for fork(): a forked child would not restart the engines"
                );
            }
        });
    }
}

#[cfg(windows)]
mod platform {
    /// Windows has no `fork`.
    pub(super) fn watch() {}
}
