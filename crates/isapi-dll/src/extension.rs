//! The extension side of this library copy: one engine pool for `<name>.js`, started by
//! `GetExtensionVersion`, fed by `HttpExtensionProc`, stopped by `TerminateExtension`.
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use arc_swap::ArcSwapOption;
use isapi::{sys, Ecb};
use isapi_js::{answer, EnginePool, SubmitError};

use crate::{fork, location, logging, pin, settings, watch};

static EXTENSION: OnceLock<Extension> = OnceLock::new();

pub(crate) struct Extension {
    pub(crate) bundle: PathBuf,
    /// The running engines; read lock-free on every request.
    pool: ArcSwapOption<EnginePool>,
    /// Why there is no pool, when there is none; also the lock for pool changes.
    failure: Mutex<Option<Failure>>,
    /// Whether the reload watcher runs (started once, with the first pool).
    watching: AtomicBool,
    /// The [`fork::generation`] the running pool was started in.
    generation: AtomicU64,
}

struct Failure {
    message: String,
    /// The bundle as it was when loading failed; a change triggers a new attempt.
    bundle_stamp: Option<(SystemTime, u64)>,
    /// After TerminateExtension: stay down until the host calls GetExtensionVersion again.
    stopped: bool,
}

pub(crate) fn get_extension_version(version: *mut sys::HSE_VERSION_INFO) -> sys::BOOL {
    logging::init();
    let Some(extension) = extension() else {
        return sys::FALSE;
    };
    let description = match extension.start() {
        Ok(description) if !description.is_empty() => description,
        Ok(_) => format!("isapi-ts: {}", extension.bundle.display()),
        Err(message) => {
            // The host keeps the library; every request answers 500 and the bundle is
            // loaded again as soon as it changes (fix, rebuild, no restart needed).
            tracing::error!("{message}");
            format!("isapi-ts: {} (failed to load)", extension.bundle.display())
        }
    };
    // SAFETY: the export checked `version` for null; the host passes a writable struct.
    let version = unsafe { &mut *version };
    version.dwExtensionVersion = sys::HSE_VERSION;
    isapi::write_c_string(&mut version.lpszExtensionDesc, &description);
    sys::TRUE
}

pub(crate) fn http_extension_proc(raw: *mut sys::EXTENSION_CONTROL_BLOCK) -> sys::DWORD {
    // SAFETY: the host's ECB stays valid until DONE_WITH_SESSION (we return PENDING) or
    // until we return; every synchronous path below finishes with it before returning.
    let mut ecb = match unsafe { Ecb::from_raw(raw) } {
        Ok(ecb) => ecb,
        Err(error) => {
            tracing::error!("HttpExtensionProc: {error}");
            return sys::HSE_STATUS_ERROR;
        }
    };
    let Some(extension) = EXTENSION.get() else {
        tracing::error!("HttpExtensionProc called before GetExtensionVersion");
        answer::internal_error(&mut ecb);
        return sys::HSE_STATUS_SUCCESS;
    };
    if extension.generation.load(Ordering::Acquire) != fork::generation() {
        extension.restart_after_fork();
    }
    let Some(pool) = extension
        .pool
        .load_full()
        .or_else(|| extension.retry_if_changed())
    else {
        // The load error itself was logged once, when loading failed.
        tracing::debug!(
            "{} {}: answered 500: the handler is not loaded ({})",
            ecb.method(),
            ecb.path_info(),
            extension.failure_message()
        );
        answer::internal_error(&mut ecb);
        return sys::HSE_STATUS_SUCCESS;
    };
    let queued = submit(extension, pool, ecb);
    match queued {
        Ok(status) => status,
        Err(SubmitError::Full(mut ecb)) => {
            // A flood gives one line per interval, with the count.
            isapi::log_limited!(warn, "request queue full: answered 503");
            answer::service_busy(&mut ecb);
            sys::HSE_STATUS_SUCCESS
        }
        Err(SubmitError::Closed(mut ecb)) => {
            answer::send_error(
                &mut ecb,
                503,
                "503 Service Unavailable",
                "503 Service Unavailable\n",
            );
            sys::HSE_STATUS_SUCCESS
        }
    }
}

/// Hands the request to `pool` (if that pool was just retired by a reload, to its
/// successor) and returns `HSE_STATUS_PENDING`: the worker ends the request with
/// `DONE_WITH_SESSION` and the handler's status, whatever the handler's shape. The
/// server's thread does not wait for a `SimpleExtension` either: the status it would get
/// back is what the end of the session carries, and waiting cost a parked server thread
/// and two more wake-ups per request (about 40% of the throughput at 64 connections).
fn submit(
    extension: &Extension,
    mut pool: Arc<EnginePool>,
    mut ecb: Ecb,
) -> Result<u32, SubmitError> {
    loop {
        let queued = pool.submit(ecb).map(|()| sys::HSE_STATUS_PENDING);
        match queued {
            Err(SubmitError::Closed(back)) => match extension.pool.load_full() {
                Some(current) if !Arc::ptr_eq(&current, &pool) => {
                    pool = current;
                    ecb = back;
                }
                _ => return Err(SubmitError::Closed(back)),
            },
            other => return other,
        }
    }
}

pub(crate) fn terminate_extension(flags: sys::DWORD) -> sys::BOOL {
    let Some(extension) = EXTENSION.get() else {
        return sys::TRUE;
    };
    let mut failure = extension.lock_failure();
    *failure = Some(Failure {
        message: "the extension was terminated".into(),
        bundle_stamp: None,
        stopped: true,
    });
    drop(failure);
    if let Some(pool) = extension.pool.swap(None) {
        if !pool.terminate(flags) {
            tracing::warn!("the handler's TerminateExtension returned false; unloading anyway");
        }
    }
    sys::TRUE
}

fn extension() -> Option<&'static Extension> {
    if let Some(extension) = EXTENSION.get() {
        return Some(extension);
    }
    let bundle = match location::own_bundle() {
        Ok(bundle) => bundle,
        Err(message) => {
            tracing::error!("{message}");
            return None;
        }
    };
    Some(EXTENSION.get_or_init(|| Extension {
        bundle,
        pool: ArcSwapOption::empty(),
        failure: Mutex::new(None),
        watching: AtomicBool::new(false),
        generation: AtomicU64::new(0),
    }))
}

impl Extension {
    /// Starts the engines; on failure records why and returns the message.
    fn start(&'static self) -> Result<String, String> {
        let mut failure = self.lock_failure();
        if let Some(pool) = self.pool.load_full() {
            return Ok(pool.description().to_owned());
        }
        match self.start_pool() {
            Ok(pool) => {
                let description = pool.description().to_owned();
                self.pool.store(Some(pool));
                *failure = None;
                drop(failure);
                self.watch();
                Ok(description)
            }
            Err(message) => {
                *failure = Some(Failure {
                    message: message.clone(),
                    bundle_stamp: stamp(&self.bundle),
                    stopped: false,
                });
                Err(message)
            }
        }
    }

    /// Starts the reload watcher once, from the version just loaded.
    fn watch(&'static self) {
        if !self.watching.swap(true, Ordering::AcqRel) {
            watch::spawn(self, watch::stamp(&self.bundle));
        }
    }

    pub(crate) fn is_stopped(&self) -> bool {
        self.lock_failure().as_ref().is_some_and(|f| f.stopped)
    }

    /// Puts `fresh` in place of the running pool and returns the old one; `None` (and
    /// nothing changed) when the extension was terminated or has no pool.
    pub(crate) fn replace_pool(&self, fresh: Arc<EnginePool>) -> Option<Arc<EnginePool>> {
        let failure = self.lock_failure();
        if failure.as_ref().is_some_and(|f| f.stopped) {
            return None;
        }
        let old = self.pool.load_full()?;
        self.pool.store(Some(fresh));
        Some(old)
    }

    pub(crate) fn start_pool(&self) -> Result<Arc<EnginePool>, String> {
        let config = settings::pool_config(self.bundle.clone())?;
        let workers = config.workers;
        let generation = fork::generation();
        let pool = EnginePool::start(config).map_err(|error| error.to_string())?;
        pin::pin_in_memory();
        fork::watch();
        self.generation.store(generation, Ordering::Release);
        tracing::info!("loaded {} into {workers} engine(s)", self.bundle.display());
        Ok(Arc::new(pool))
    }

    /// In a child of `fork()`: the pool's threads stayed in the parent. Starts a fresh
    /// pool (and reload watcher) here; the parent's pool is leaked, never touched again.
    fn restart_after_fork(&'static self) {
        let mut failure = self.lock_failure();
        let generation = fork::generation();
        if self.generation.swap(generation, Ordering::AcqRel) == generation {
            return; // another thread restarted it
        }
        let Some(old) = self.pool.swap(None) else {
            return; // nothing ran: the next request starts (or retries) as usual
        };
        std::mem::forget(old);
        self.watching.store(false, Ordering::Release);
        if failure.as_ref().is_some_and(|f| f.stopped) {
            return;
        }
        tracing::info!(
            "process {} is a fork of the one that started the engines: starting them again",
            std::process::id()
        );
        match self.start_pool() {
            Ok(pool) => {
                self.pool.store(Some(pool));
                *failure = None;
                drop(failure);
                self.watch();
            }
            Err(message) => {
                tracing::error!("{message}");
                *failure = Some(Failure {
                    message,
                    bundle_stamp: stamp(&self.bundle),
                    stopped: false,
                });
            }
        }
    }

    /// Tries loading again if the bundle changed since the failed attempt.
    fn retry_if_changed(&'static self) -> Option<Arc<EnginePool>> {
        let mut failure = self.lock_failure();
        if let Some(pool) = self.pool.load_full() {
            return Some(pool);
        }
        let current = stamp(&self.bundle);
        match failure.as_ref() {
            Some(f) if f.stopped || f.bundle_stamp == current => return None,
            _ => {}
        }
        match self.start_pool() {
            Ok(pool) => {
                self.pool.store(Some(pool.clone()));
                *failure = None;
                drop(failure);
                self.watch();
                Some(pool)
            }
            Err(message) => {
                tracing::error!("{message}");
                *failure = Some(Failure {
                    message,
                    bundle_stamp: current,
                    stopped: false,
                });
                None
            }
        }
    }

    fn failure_message(&self) -> String {
        self.lock_failure()
            .as_ref()
            .map_or_else(|| "unknown reason".to_owned(), |f| f.message.clone())
    }

    fn lock_failure(&self) -> std::sync::MutexGuard<'_, Option<Failure>> {
        self.failure
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}
