//! The six ISAPI entry points. Each is a thin guarded call into [`crate::extension`].
use std::ffi::c_void;

use isapi_sys as sys;

use crate::extension;
use crate::guard::isapi_export;

isapi_export! {
    /// Called once after load: starts the engines and reports our version.
    fn GetExtensionVersion(version: *mut sys::HSE_VERSION_INFO) -> sys::BOOL;
    nonnull(version);
    fail = sys::FALSE;
    extension::get_extension_version
}

isapi_export! {
    /// Called per request: queues it and returns `HSE_STATUS_PENDING`.
    fn HttpExtensionProc(ecb: *mut sys::EXTENSION_CONTROL_BLOCK) -> sys::DWORD;
    nonnull(ecb);
    fail = sys::HSE_STATUS_ERROR;
    extension::http_extension_proc
}

isapi_export! {
    /// Called before unload: stops and joins the engines.
    fn TerminateExtension(flags: sys::DWORD) -> sys::BOOL;
    nonnull();
    fail = sys::FALSE;
    extension::terminate_extension
}

isapi_export! {
    /// Filters are not supported yet: the library refuses to load as a filter.
    fn GetFilterVersion(version: *mut sys::HTTP_FILTER_VERSION) -> sys::BOOL;
    nonnull(version);
    fail = sys::FALSE;
    |_version| {
        crate::logging::init();
        tracing::error!("this library cannot be used as an ISAPI filter yet (filters are not implemented)");
        sys::FALSE
    }
}

isapi_export! {
    /// Filters are not supported yet: pass every notification on.
    fn HttpFilterProc(context: *mut sys::HTTP_FILTER_CONTEXT, notification: sys::DWORD, data: *mut c_void) -> sys::DWORD;
    nonnull(context);
    fail = sys::SF_STATUS_REQ_NEXT_NOTIFICATION;
    |_context, _notification, _data| sys::SF_STATUS_REQ_NEXT_NOTIFICATION
}

isapi_export! {
    /// Filters are not supported yet: nothing to stop.
    fn TerminateFilter(flags: sys::DWORD) -> sys::BOOL;
    nonnull();
    fail = sys::TRUE;
    |_flags| sys::TRUE
}
