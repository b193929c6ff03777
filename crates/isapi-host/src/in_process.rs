//! ISAPI modules that live in the embedding process instead of a library file.
//!
//! A tool that embeds the host (the Node addon runs handlers in Node's own engine)
//! registers entry points under a path; a web.config naming that path as a
//! `scriptProcessor` or a filter `path` then gets them instead of a loaded library.
//! Everything else is the same: the host builds the same ECB and filter structs and
//! answers through the same callbacks, so a module cannot tell the difference.
use std::collections::HashMap;
use std::ffi::c_void;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use isapi_sys as sys;

/// An extension's three entry points, as an object.
pub trait InProcessExtension: Send + Sync {
    /// `GetExtensionVersion`: fills `version` and says whether to load.
    fn get_extension_version(&self, version: &mut sys::HSE_VERSION_INFO) -> bool;

    /// `HttpExtensionProc`.
    ///
    /// # Safety
    /// `ecb` is a live ECB under the ISAPI contract: valid until this returns, or until
    /// `HSE_REQ_DONE_WITH_SESSION` when this returns `HSE_STATUS_PENDING`.
    unsafe fn http_extension_proc(&self, ecb: *mut sys::EXTENSION_CONTROL_BLOCK) -> u32;

    /// `TerminateExtension(HSE_TERM_MUST_UNLOAD)`.
    fn terminate_extension(&self);
}

/// A filter's three entry points, as an object.
pub trait InProcessFilter: Send + Sync {
    /// `GetFilterVersion`: fills `version` (flags, description) and says whether to load.
    fn get_filter_version(&self, version: &mut sys::HTTP_FILTER_VERSION) -> bool;

    /// `HttpFilterProc`.
    ///
    /// # Safety
    /// `context` and `notification` (the struct of `notification_type`, or null where the
    /// SDK says so) are valid until this returns.
    unsafe fn http_filter_proc(
        &self,
        context: *mut sys::HTTP_FILTER_CONTEXT,
        notification_type: u32,
        notification: *mut c_void,
    ) -> u32;

    /// `TerminateFilter(HSE_TERM_MUST_UNLOAD)`.
    fn terminate_filter(&self);
}

/// The in-process modules a host knows, by the path a web.config names them with.
#[derive(Clone, Default)]
pub struct InProcessModules {
    extensions: HashMap<PathBuf, Arc<dyn InProcessExtension>>,
    filters: HashMap<PathBuf, Arc<dyn InProcessFilter>>,
}

impl InProcessModules {
    pub fn add_extension(&mut self, path: impl Into<PathBuf>, module: Arc<dyn InProcessExtension>) {
        self.extensions.insert(path.into(), module);
    }

    pub fn add_filter(&mut self, path: impl Into<PathBuf>, module: Arc<dyn InProcessFilter>) {
        self.filters.insert(path.into(), module);
    }

    pub(crate) fn extension(&self, path: &Path) -> Option<Arc<dyn InProcessExtension>> {
        self.extensions.get(path).cloned()
    }

    pub(crate) fn filter(&self, path: &Path) -> Option<Arc<dyn InProcessFilter>> {
        self.filters.get(path).cloned()
    }
}

impl fmt::Debug for InProcessModules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InProcessModules")
            .field("extensions", &self.extensions.keys().collect::<Vec<_>>())
            .field("filters", &self.filters.keys().collect::<Vec<_>>())
            .finish()
    }
}
