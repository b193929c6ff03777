//! The loaded filters, in the order IIS calls them: by priority (high, medium, low), then
//! by their order in the configuration.
use std::ffi::{c_void, CStr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use isapi_sys as sys;

use crate::config::FilterEntry;
use crate::in_process::{InProcessFilter, InProcessModules};

pub(crate) struct LoadedFilter {
    pub name: String,
    pub path: PathBuf,
    /// `SF_NOTIFY_*` bits the filter asked for.
    pub flags: u32,
    entry: Entry,
}

enum Entry {
    Library {
        proc: sys::PFN_HTTPFILTERPROC,
        terminate: Option<sys::PFN_TERMINATEFILTER>,
        /// What the function pointers point into: taken out (unloading it) only by
        /// [`FilterChain::terminate_all`], once nothing can call them any more.
        library: std::sync::Mutex<Option<crate::library::Loaded>>,
    },
    InProcess(Arc<dyn InProcessFilter>),
}

impl LoadedFilter {
    /// `HttpFilterProc`.
    ///
    /// # Safety
    /// `context` and `data` are valid for the call, as the SDK requires.
    pub(crate) unsafe fn http_filter_proc(
        &self,
        context: *mut sys::HTTP_FILTER_CONTEXT,
        notification: u32,
        data: *mut c_void,
    ) -> u32 {
        match &self.entry {
            // SAFETY: resolved with the SDK signature from the still-loaded library; the
            // caller vouches for the pointers.
            Entry::Library { proc, .. } => unsafe { proc(context, notification, data) },
            // SAFETY: the same contract, passed on.
            Entry::InProcess(module) => unsafe {
                module.http_filter_proc(context, notification, data)
            },
        }
    }

    fn terminate(&self) {
        match &self.entry {
            Entry::Library {
                terminate: Some(terminate),
                ..
            } => {
                // SAFETY: resolved from the still-loaded library with the SDK signature.
                let ok = unsafe { terminate(sys::HSE_TERM_MUST_UNLOAD) };
                tracing::info!(
                    "TerminateFilter({}) returned {}",
                    self.path.display(),
                    ok != 0
                );
            }
            Entry::Library { .. } => {}
            Entry::InProcess(module) => module.terminate_filter(),
        }
    }
}

pub(crate) struct FilterChain {
    pub filters: Vec<LoadedFilter>,
    /// Why a configured filter could not be loaded. IIS then fails every request of the
    /// site rather than run it without its filter; so do we.
    pub failure: Option<String>,
    /// Connections whose session (and END_OF_NET_SESSION) has not ended yet: the filters
    /// are terminated only once this is 0.
    pub(crate) live_sessions: std::sync::atomic::AtomicUsize,
}

impl FilterChain {
    pub(crate) fn empty() -> FilterChain {
        FilterChain {
            filters: Vec::new(),
            failure: None,
            live_sessions: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Loads the enabled filters (blocking: runs their `GetFilterVersion`).
    pub(crate) fn load(entries: &[FilterEntry], in_process: &InProcessModules) -> FilterChain {
        let mut chain = FilterChain::empty();
        for entry in entries.iter().filter(|e| e.enabled) {
            let loaded = match in_process.filter(&entry.path) {
                Some(module) => load_in_process(entry, module),
                None => load(entry),
            };
            match loaded {
                Ok(filter) => {
                    tracing::info!("loaded filter {} ({})", filter.name, filter.path.display());
                    chain.filters.push(filter);
                }
                Err(message) => {
                    tracing::error!("{message}");
                    chain.failure.get_or_insert(message);
                }
            }
        }
        // Stable: equal priorities keep their configuration order.
        chain
            .filters
            .sort_by_key(|f| std::cmp::Reverse(priority(f.flags)));
        chain
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.filters.is_empty() && self.failure.is_none()
    }

    /// `TerminateFilter(HSE_TERM_MUST_UNLOAD)` for every filter that exports it, then
    /// unloads their libraries — unless a connection's session is still open (the grace
    /// period ran out): code that may still be called stays loaded until the process ends.
    pub(crate) fn terminate_all(&self) {
        for filter in &self.filters {
            filter.terminate();
        }
        let open = self.live_sessions.load(std::sync::atomic::Ordering::SeqCst);
        if open > 0 {
            tracing::warn!("{open} connections still open: the filters stay loaded");
            return;
        }
        for filter in &self.filters {
            if let Entry::Library { library, .. } = &filter.entry {
                drop(library.lock().unwrap_or_else(|e| e.into_inner()).take());
            }
        }
    }
}

fn priority(flags: u32) -> u8 {
    match flags & sys::SF_NOTIFY_ORDER_MASK {
        f if f & sys::SF_NOTIFY_ORDER_HIGH != 0 => 2,
        f if f & sys::SF_NOTIFY_ORDER_MEDIUM != 0 => 1,
        _ => 0,
    }
}

fn load(entry: &FilterEntry) -> Result<LoadedFilter, String> {
    let path: &Path = &entry.path;
    let fail = |what: String| {
        format!(
            "cannot load ISAPI filter {} ({}): {what}",
            entry.name,
            path.display()
        )
    };
    if !path.exists() {
        return Err(fail("file not found".into()));
    }
    let library = crate::library::open(path).map_err(|e| fail(e.to_string()))?;
    // SAFETY: the SDK fixes these exports' signatures.
    let (get_version, proc, terminate) = unsafe {
        let get_version = *library
            .get::<sys::PFN_GETFILTERVERSION>(b"GetFilterVersion\0")
            .map_err(|e| fail(format!("no GetFilterVersion export ({e})")))?;
        let proc = *library
            .get::<sys::PFN_HTTPFILTERPROC>(b"HttpFilterProc\0")
            .map_err(|e| fail(format!("no HttpFilterProc export ({e})")))?;
        let terminate = library
            .get::<sys::PFN_TERMINATEFILTER>(b"TerminateFilter\0")
            .ok()
            .map(|s| *s);
        (get_version, proc, terminate)
    };
    let entry_points = Entry::Library {
        proc,
        terminate,
        library: std::sync::Mutex::new(Some(library)),
    };
    finish_load(entry, entry_points, |version| {
        // SAFETY: a valid, writable HTTP_FILTER_VERSION for the duration of the call.
        unsafe { get_version(version) != 0 }
    })
}

fn load_in_process(
    entry: &FilterEntry,
    module: Arc<dyn InProcessFilter>,
) -> Result<LoadedFilter, String> {
    let get_version = module.clone();
    finish_load(entry, Entry::InProcess(module), |version| {
        get_version.get_filter_version(version)
    })
}

/// Runs `GetFilterVersion` and settles the filter's flags.
fn finish_load(
    entry: &FilterEntry,
    entry_points: Entry,
    get_version: impl FnOnce(&mut sys::HTTP_FILTER_VERSION) -> bool,
) -> Result<LoadedFilter, String> {
    let fail = |what: &str| {
        format!(
            "cannot load ISAPI filter {} ({}): {what}",
            entry.name,
            entry.path.display()
        )
    };
    let mut version = sys::HTTP_FILTER_VERSION {
        dwServerFilterVersion: sys::HTTP_FILTER_REVISION,
        dwFilterVersion: 0,
        lpszFilterDesc: [0; sys::SF_MAX_FILTER_DESC_LEN],
        dwFlags: 0,
    };
    if !get_version(&mut version) {
        return Err(fail("GetFilterVersion returned FALSE"));
    }
    version.lpszFilterDesc[sys::SF_MAX_FILTER_DESC_LEN - 1] = 0;
    // SAFETY: NUL-terminated (just ensured), on our stack.
    let description = unsafe { CStr::from_ptr(version.lpszFilterDesc.as_ptr()) }
        .to_string_lossy()
        .into_owned();
    tracing::debug!(
        "filter {}: {}, flags {:#x}",
        entry.name,
        crate::log_text::escaped(&description),
        version.dwFlags
    );
    // Port bits: neither means both, as IIS reads it. This host has non-secure ports only.
    let flags =
        if version.dwFlags & (sys::SF_NOTIFY_SECURE_PORT | sys::SF_NOTIFY_NONSECURE_PORT) == 0 {
            version.dwFlags | sys::SF_NOTIFY_NONSECURE_PORT
        } else {
            version.dwFlags
        };
    if flags & sys::SF_NOTIFY_NONSECURE_PORT == 0 {
        tracing::info!(
            "filter {} listens on secure ports only; this host has none",
            entry.name
        );
    }
    Ok(LoadedFilter {
        name: entry.name.clone(),
        path: entry.path.clone(),
        flags,
        entry: entry_points,
    })
}
