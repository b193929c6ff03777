//! How the host's threads ask the kernel to schedule them.
//!
//! An extension that runs requests on threads of its own (isapi-ts's engine pool, a
//! `ThreadPoolExtension`) completes each one by calling back into the host, which wakes an
//! I/O thread. Under the kernel's default policy the woken thread preempts the extension's
//! thread at once when they share a core, so a busy core switches between the two every
//! couple of requests. Under `SCHED_BATCH` a woken thread waits until the running one
//! blocks or uses up its slice: the extension works through its queue, then the I/O
//! thread writes the finished responses in one go — much as IIS's completion port, with
//! its concurrency limit, keeps its threads from displacing each other. The host sets the
//! policy on its main thread before starting any other, so every thread inherits it.
//! Measured with `cargo xtask bench`'s configurations (README, Results): hello through an
//! engine pool on one core, 0.39 → 0.03 context switches per request, +18% requests per
//! second, a lower p99; the native extension, which needs no hand-off, unchanged.

/// The scheduling policy the host runs its threads under (`isapi-host --threads`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ThreadPolicy {
    /// `SCHED_BATCH` on Linux: a woken thread does not preempt a running one.
    Batch,
    /// The kernel's default (`SCHED_OTHER`).
    Normal,
}

impl ThreadPolicy {
    /// Applies the policy to the calling thread. Only Linux has `SCHED_BATCH`; elsewhere
    /// this does nothing.
    pub fn apply_to_current_thread(self) -> std::io::Result<()> {
        #[cfg(target_os = "linux")]
        {
            let policy = match self {
                ThreadPolicy::Batch => libc::SCHED_BATCH,
                ThreadPolicy::Normal => libc::SCHED_OTHER,
            };
            // Non-real-time policies take priority 0.
            let param = libc::sched_param { sched_priority: 0 };
            // SAFETY: `param` is a valid sched_param for the call's duration; pid 0 is the
            // calling thread. Moving between the two normal policies needs no privilege.
            let result = unsafe { libc::sched_setscheduler(0, policy, &param) };
            if result != 0 {
                return Err(std::io::Error::last_os_error());
            }
        }
        Ok(())
    }
}
