//! Loading ISAPI libraries through their exports only, as IIS does: lazily on the first
//! request, `GetExtensionVersion` once, `TerminateExtension` at shutdown.
use std::collections::HashMap;
use std::ffi::CStr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use isapi_sys as sys;
use libloading::Library;

use crate::in_process::{InProcessExtension, InProcessModules};

/// A loaded extension: its entry points and where they come from.
pub struct Extension {
    pub path: PathBuf,
    pub description: String,
    entry: Entry,
    /// Calls on a worker thread that took `HostOptions::slow_call` or longer.
    slow_calls: AtomicU32,
    /// Set after [`SLOW_CALLS_TO_MOVE`] slow calls (see [`crate::blocking`]): it does its
    /// work inside `HttpExtensionProc`, so it is called on the blocking pool from then on.
    works_in_call: AtomicBool,
}

/// How many slow calls move an extension to the blocking pool.
pub const SLOW_CALLS_TO_MOVE: u32 = 3;

enum Entry {
    Library {
        http_extension_proc: sys::PFN_HTTPEXTENSIONPROC,
        terminate_extension: Option<sys::PFN_TERMINATEEXTENSION>,
        // Dropped last: the function pointers above point into it.
        _library: Loaded,
    },
    InProcess(Arc<dyn InProcessExtension>),
}

impl Extension {
    /// Calls `HttpExtensionProc`; see [`crate::server::start_extension`] for where.
    ///
    /// # Safety
    /// `ecb` must point to a fully initialised ECB that stays valid as the ISAPI
    /// contract requires (until return, or until DONE_WITH_SESSION when PENDING).
    pub unsafe fn http_extension_proc(&self, ecb: *mut sys::EXTENSION_CONTROL_BLOCK) -> u32 {
        match &self.entry {
            Entry::Library {
                http_extension_proc,
                ..
            } => {
                // SAFETY: the symbol was resolved with this exact signature from a library
                // that is still loaded (we own it); the caller vouches for `ecb`.
                unsafe { http_extension_proc(ecb) }
            }
            // SAFETY: the same contract, passed on.
            Entry::InProcess(module) => unsafe { module.http_extension_proc(ecb) },
        }
    }

    /// Whether a call may run on an async worker thread: a library's code (an in-process
    /// module of the embedding process waits for that process) that has not been slow.
    pub fn may_run_on_worker(&self) -> bool {
        matches!(self.entry, Entry::Library { .. }) && !self.works_in_call.load(Ordering::Relaxed)
    }

    /// A call on a worker thread took `took`; the [`SLOW_CALLS_TO_MOVE`]th at or over
    /// `slow` moves the extension's calls to the blocking pool. (More than one: a quick call
    /// can look slow once, when its thread lost the core in the middle of it.)
    pub fn call_took(&self, took: Duration, slow: Duration) {
        if took < slow || self.slow_calls.fetch_add(1, Ordering::Relaxed) + 1 != SLOW_CALLS_TO_MOVE
        {
            return;
        }
        self.works_in_call.store(true, Ordering::Relaxed);
        tracing::info!(
            "{}: HttpExtensionProc took {took:?} before returning, {SLOW_CALLS_TO_MOVE} calls \
             over {slow:?} so far; its calls run on the blocking pool from now on",
            self.path.display()
        );
    }

    /// `TerminateExtension(HSE_TERM_MUST_UNLOAD)`, if the library exports it.
    pub fn terminate(&self) {
        match &self.entry {
            Entry::Library {
                terminate_extension: Some(terminate),
                ..
            } => {
                // SAFETY: resolved from the still-loaded library with the SDK signature.
                let ok = unsafe { terminate(sys::HSE_TERM_MUST_UNLOAD) };
                tracing::info!(
                    "TerminateExtension({}) returned {}",
                    self.path.display(),
                    ok != 0
                );
            }
            Entry::Library { .. } => {}
            Entry::InProcess(module) => module.terminate_extension(),
        }
    }
}

enum Slot {
    Loaded(Arc<Extension>),
    Failed { message: String, at: Instant },
}

/// Every library the host has loaded, by path; each is loaded once per process.
pub struct Libraries {
    slots: Mutex<HashMap<PathBuf, Slot>>,
    /// The loaded ones again, for the per-request lookup: a site has a few, and comparing
    /// paths is cheaper than hashing one.
    ready: RwLock<Vec<Arc<Extension>>>,
    retry_after: Duration,
    in_process: InProcessModules,
}

impl Libraries {
    pub fn new(retry_after: Duration, in_process: InProcessModules) -> Libraries {
        Libraries {
            slots: Mutex::new(HashMap::new()),
            ready: RwLock::new(Vec::new()),
            retry_after,
            in_process,
        }
    }

    /// The extension at `path` if it is loaded already: never blocks on a load.
    pub fn loaded(&self, path: &Path) -> Option<Arc<Extension>> {
        let ready = self.ready.try_read().ok()?;
        ready
            .iter()
            .find(|extension| extension.path.as_os_str() == path.as_os_str())
            .cloned()
    }

    /// The loaded extension at `path`, loading it on first use. A failure is remembered
    /// and retried only after `retry_after` (as mod_isapi does), so a broken library
    /// costs one log line per interval, not one per request.
    pub fn get(&self, path: &Path) -> Result<Arc<Extension>, String> {
        // Loading happens under the lock: GetExtensionVersion runs exactly once.
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        match slots.get(path) {
            Some(Slot::Loaded(extension)) => return Ok(extension.clone()),
            Some(Slot::Failed { message, at }) if at.elapsed() < self.retry_after => {
                return Err(message.clone())
            }
            _ => {}
        }
        let loaded = match self.in_process.extension(path) {
            Some(module) => load_in_process(path, module),
            None => load(path),
        };
        match loaded {
            Ok(extension) => {
                let extension = Arc::new(extension);
                tracing::info!(
                    "loaded {} ({})",
                    path.display(),
                    crate::log_text::escaped(&extension.description)
                );
                slots.insert(path.to_owned(), Slot::Loaded(extension.clone()));
                self.ready
                    .write()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(extension.clone());
                Ok(extension)
            }
            Err(message) => {
                tracing::error!("{message}");
                slots.insert(
                    path.to_owned(),
                    Slot::Failed {
                        message: message.clone(),
                        at: Instant::now(),
                    },
                );
                Err(message)
            }
        }
    }

    /// Calls every loaded extension's `TerminateExtension` and unloads them.
    pub fn terminate_all(&self) {
        let slots = std::mem::take(&mut *self.slots.lock().unwrap_or_else(|e| e.into_inner()));
        self.ready
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        for slot in slots.into_values() {
            if let Slot::Loaded(extension) = slot {
                extension.terminate();
            }
        }
    }
}

fn load(path: &Path) -> Result<Extension, String> {
    let fail = |what: String| format!("cannot load ISAPI library {}: {what}", path.display());
    if !path.exists() {
        return Err(fail("file not found".into()));
    }
    let library = open(path).map_err(|e| fail(e.to_string()))?;
    // SAFETY: the SDK fixes these exports' signatures; a library exporting the names
    // with other signatures is not an ISAPI extension and cannot be detected anyway.
    let (get_version, http_extension_proc, terminate_extension) = unsafe {
        let get_version = *library
            .get::<sys::PFN_GETEXTENSIONVERSION>(b"GetExtensionVersion\0")
            .map_err(|e| fail(format!("no GetExtensionVersion export ({e})")))?;
        let proc = *library
            .get::<sys::PFN_HTTPEXTENSIONPROC>(b"HttpExtensionProc\0")
            .map_err(|e| fail(format!("no HttpExtensionProc export ({e})")))?;
        let terminate = library
            .get::<sys::PFN_TERMINATEEXTENSION>(b"TerminateExtension\0")
            .ok()
            .map(|s| *s);
        (get_version, proc, terminate)
    };
    let description = version_description(path, |version| {
        // SAFETY: `version` is a valid, writable HSE_VERSION_INFO for the duration of the call.
        unsafe { get_version(version) != 0 }
    })?;
    Ok(Extension {
        path: path.to_owned(),
        description,
        entry: Entry::Library {
            http_extension_proc,
            terminate_extension,
            _library: library,
        },
        slow_calls: AtomicU32::new(0),
        works_in_call: AtomicBool::new(false),
    })
}

fn load_in_process(path: &Path, module: Arc<dyn InProcessExtension>) -> Result<Extension, String> {
    let description = version_description(path, |version| module.get_extension_version(version))?;
    Ok(Extension {
        path: path.to_owned(),
        description,
        entry: Entry::InProcess(module),
        slow_calls: AtomicU32::new(0),
        works_in_call: AtomicBool::new(false),
    })
}

/// Runs `GetExtensionVersion` and returns the description the extension gave.
fn version_description(
    path: &Path,
    get_version: impl FnOnce(&mut sys::HSE_VERSION_INFO) -> bool,
) -> Result<String, String> {
    let mut version = sys::HSE_VERSION_INFO {
        dwExtensionVersion: 0,
        lpszExtensionDesc: [0; sys::HSE_MAX_EXT_DLL_NAME_LEN],
    };
    if !get_version(&mut version) {
        return Err(format!(
            "cannot load ISAPI library {}: GetExtensionVersion returned FALSE",
            path.display()
        ));
    }
    // The field is fixed-size; force a terminator in case the library filled all of it.
    version.lpszExtensionDesc[sys::HSE_MAX_EXT_DLL_NAME_LEN - 1] = 0;
    // SAFETY: the array is NUL-terminated (just ensured) and lives on our stack.
    let description = unsafe { CStr::from_ptr(version.lpszExtensionDesc.as_ptr()) }
        .to_string_lossy()
        .into_owned();
    Ok(description)
}

/// A library the host loaded (an extension's or a filter's). Dropping it unloads it
/// (`FreeLibrary`, `dlclose`) and logs `unloaded <path>`, so that a run's log shows the
/// library going after its `TerminateExtension`/`TerminateFilter`.
pub(crate) struct Loaded {
    path: PathBuf,
    /// Taken only in `drop`.
    library: std::mem::ManuallyDrop<Library>,
}

impl std::ops::Deref for Loaded {
    type Target = Library;

    fn deref(&self) -> &Library {
        &self.library
    }
}

impl Drop for Loaded {
    fn drop(&mut self) {
        // SAFETY: `library` is taken here once and never used again.
        let library = unsafe { std::mem::ManuallyDrop::take(&mut self.library) };
        match library.close() {
            Ok(()) => tracing::info!("unloaded {}", self.path.display()),
            Err(error) => tracing::warn!("cannot unload {}: {error}", self.path.display()),
        }
    }
}

/// Loads the library at `path`.
pub(crate) fn open(path: &Path) -> Result<Loaded, libloading::Error> {
    Ok(Loaded {
        path: path.to_owned(),
        library: std::mem::ManuallyDrop::new(open_library(path)?),
    })
}

#[cfg(unix)]
fn open_library(path: &Path) -> Result<Library, libloading::Error> {
    use libloading::os::unix::{Library as UnixLibrary, RTLD_LOCAL, RTLD_NOW};
    // SAFETY: loading runs the library's initialisers; that is what loading an ISAPI
    // library means, and the operator chose the library in the config.
    unsafe { UnixLibrary::open(Some(path), RTLD_NOW | RTLD_LOCAL) }.map(Library::from)
}

#[cfg(windows)]
fn open_library(path: &Path) -> Result<Library, libloading::Error> {
    // SAFETY: as above.
    unsafe { Library::new(path) }
}
