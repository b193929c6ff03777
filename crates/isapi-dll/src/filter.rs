//! The filter side of this library copy: one filter engine pool for `<name>.js`, started
//! by `GetFilterVersion`, fed by `HttpFilterProc`, stopped by `TerminateFilter`.
//!
//! A connection is numbered on its first notification; the number is kept in the
//! filter's `pFilterContext` slot (which the host keeps per filter and connection) and
//! picks the engine, so each connection's `FilterContext` lives in one engine.
use std::ffi::c_void;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwapOption;
use isapi::{sys, FilterCall};
use isapi_js::FilterPool;

use crate::{fork, location, logging, pin, settings};

static POOL: ArcSwapOption<FilterPool> = ArcSwapOption::const_empty();
static NEXT_CONNECTION: AtomicUsize = AtomicUsize::new(1);
/// The [`fork::generation`] the running pool was started in, and what it was started with.
static GENERATION: AtomicU64 = AtomicU64::new(0);
static SERVER_VERSION: AtomicU32 = AtomicU32::new(0);
/// Held while a forked child restarts the pool.
static RESTART: Mutex<()> = Mutex::new(());

pub(crate) fn get_filter_version(version: *mut sys::HTTP_FILTER_VERSION) -> sys::BOOL {
    logging::init();
    // SAFETY: the export checked `version` for null; the host passes a writable struct.
    let version = unsafe { &mut *version };
    let pool = match POOL.load_full() {
        Some(pool) => pool,
        None => match start(version.dwServerFilterVersion) {
            Ok(pool) => pool,
            Err(message) => {
                // IIS then refuses to serve the site: a filter that cannot run must not
                // be skipped silently.
                tracing::error!("{message}");
                return sys::FALSE;
            }
        },
    };
    let reported = pool.version();
    version.dwFilterVersion = sys::HTTP_FILTER_REVISION;
    version.dwFlags = reported.flags;
    let description = if reported.description.is_empty() {
        "isapi-ts filter".to_owned()
    } else {
        reported.description.clone()
    };
    isapi::write_c_string(&mut version.lpszFilterDesc, &description);
    sys::TRUE
}

fn start(server_version: u32) -> Result<Arc<FilterPool>, String> {
    let bundle = location::own_bundle()?;
    let config = settings::pool_config(bundle.clone())?;
    let generation = fork::generation();
    let pool = FilterPool::start(config, server_version)
        .map_err(|error| format!("cannot load the filter: {error}"))?;
    pin::pin_in_memory();
    fork::watch();
    GENERATION.store(generation, Ordering::Release);
    SERVER_VERSION.store(server_version, Ordering::Release);
    tracing::info!("loaded filter {}", bundle.display());
    let pool = Arc::new(pool);
    POOL.store(Some(pool.clone()));
    Ok(pool)
}

pub(crate) fn http_filter_proc(
    pfc: *mut sys::HTTP_FILTER_CONTEXT,
    notification: sys::DWORD,
    data: *mut c_void,
) -> sys::DWORD {
    if GENERATION.load(Ordering::Acquire) != fork::generation() {
        restart_after_fork();
    }
    let Some(pool) = POOL.load_full() else {
        tracing::error!("HttpFilterProc called while the filter is not loaded");
        return sys::SF_STATUS_REQ_ERROR;
    };
    // SAFETY: the host passes a live context and the notification's data for this call;
    // the pool drops the call before `call` returns.
    let mut call = match unsafe { FilterCall::from_raw(pfc, notification, data) } {
        Ok(call) => call,
        Err(error) => {
            tracing::error!("HttpFilterProc: {error}");
            return sys::SF_STATUS_REQ_ERROR;
        }
    };
    let connection = call.connection_number(&NEXT_CONNECTION);
    let answer = pool.call(call, connection);
    if answer.status == sys::SF_STATUS_REQ_ERROR {
        // Last, so nothing after it can overwrite the thread's error slot.
        isapi::set_last_error(answer.last_error.unwrap_or(0));
    }
    answer.status
}

/// In a child of `fork()`: the filter engines' threads stayed in the parent. Starts a
/// fresh pool here; the parent's is leaked, never touched again.
fn restart_after_fork() {
    let _restarting = RESTART.lock().unwrap_or_else(|e| e.into_inner());
    let generation = fork::generation();
    if GENERATION.swap(generation, Ordering::AcqRel) == generation {
        return; // another thread restarted it
    }
    let Some(old) = POOL.swap(None) else { return };
    std::mem::forget(old);
    tracing::info!(
        "process {} is a fork of the one that started the filter engines: starting them again",
        std::process::id()
    );
    if let Err(message) = start(SERVER_VERSION.load(Ordering::Acquire)) {
        tracing::error!("{message}");
    }
}

pub(crate) fn terminate_filter(flags: sys::DWORD) -> sys::BOOL {
    if let Some(pool) = POOL.swap(None) {
        if !pool.terminate(flags) {
            tracing::warn!("the filter's TerminateFilter returned false; unloading anyway");
        }
    }
    sys::TRUE
}
