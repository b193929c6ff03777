//! The six ISAPI entry points. Each is a thin guarded call into [`crate::extension`].
use std::ffi::c_void;

use isapi_sys as sys;

use crate::guard::isapi_export;
use crate::{extension, filter};

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
    /// Called once after load as a filter: starts the filter engines, reports the flags.
    fn GetFilterVersion(version: *mut sys::HTTP_FILTER_VERSION) -> sys::BOOL;
    nonnull(version);
    fail = sys::FALSE;
    filter::get_filter_version
}

isapi_export! {
    /// Called per notification: runs the filter on the connection's engine and waits.
    fn HttpFilterProc(context: *mut sys::HTTP_FILTER_CONTEXT, notification: sys::DWORD, data: *mut c_void) -> sys::DWORD;
    nonnull(context);
    fail = sys::SF_STATUS_REQ_ERROR;
    filter::http_filter_proc
}

isapi_export! {
    /// Called before unload as a filter: stops and joins the filter engines.
    fn TerminateFilter(flags: sys::DWORD) -> sys::BOOL;
    nonnull();
    fail = sys::TRUE;
    filter::terminate_filter
}

// Each export has the type isapi-sys gives it, which is what hosts call it through: a
// signature or calling convention that differs (`extern "C"`) does not compile.
const _: sys::PFN_GETEXTENSIONVERSION = GetExtensionVersion;
const _: sys::PFN_HTTPEXTENSIONPROC = HttpExtensionProc;
const _: sys::PFN_TERMINATEEXTENSION = TerminateExtension;
const _: sys::PFN_GETFILTERVERSION = GetFilterVersion;
const _: sys::PFN_HTTPFILTERPROC = HttpFilterProc;
const _: sys::PFN_TERMINATEFILTER = TerminateFilter;
