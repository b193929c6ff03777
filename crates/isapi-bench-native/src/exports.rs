//! The three ISAPI entry points of the native baseline: the ABI edge, nothing else.
use isapi::{sys, Ecb};

/// Reports our ISAPI version and a description; there is nothing to start.
#[no_mangle]
pub extern "system" fn GetExtensionVersion(version: *mut sys::HSE_VERSION_INFO) -> sys::BOOL {
    if version.is_null() {
        return sys::FALSE;
    }
    // SAFETY: non-null, and the host passes a writable HSE_VERSION_INFO for this call.
    let version = unsafe { &mut *version };
    version.dwExtensionVersion = sys::HSE_VERSION;
    isapi::write_c_string(
        &mut version.lpszExtensionDesc,
        "isapi-ts benchmark: native baseline",
    );
    sys::TRUE
}

/// Answers the request before returning; a panic becomes an error status, never an
/// unwind into the host.
#[no_mangle]
pub extern "system" fn HttpExtensionProc(raw: *mut sys::EXTENSION_CONTROL_BLOCK) -> sys::DWORD {
    // SAFETY: the host's ECB stays valid until we return, and `ecb` does not outlive
    // this call (it is answered synchronously and dropped here).
    let Ok(mut ecb) = (unsafe { Ecb::from_raw(raw) }) else {
        return sys::HSE_STATUS_ERROR;
    };
    let answered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::routes::serve(&mut ecb)
    }));
    match answered {
        Ok(Ok(())) => sys::HSE_STATUS_SUCCESS,
        Ok(Err(_)) | Err(_) => sys::HSE_STATUS_ERROR,
    }
}

/// Nothing to stop: no threads, no state.
#[no_mangle]
pub extern "system" fn TerminateExtension(_flags: sys::DWORD) -> sys::BOOL {
    sys::TRUE
}

// Each export has the type isapi-sys gives it, which is what hosts call it through: a
// signature or calling convention that differs (`extern "C"`) does not compile.
const _: sys::PFN_GETEXTENSIONVERSION = GetExtensionVersion;
const _: sys::PFN_HTTPEXTENSIONPROC = HttpExtensionProc;
const _: sys::PFN_TERMINATEEXTENSION = TerminateExtension;
