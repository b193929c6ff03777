//! Keeps this library mapped once it has started threads: a host that unloads it without
//! calling `TerminateExtension` must not pull code out from under running workers.
pub(crate) fn pin_in_memory() {
    platform::pin();
}

#[cfg(unix)]
mod platform {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;

    pub(super) fn pin() {
        let Some(path) = crate::location::own_path() else {
            return;
        };
        let Ok(path) = CString::new(path.as_os_str().as_bytes()) else {
            return;
        };
        // SAFETY: RTLD_NOLOAD only takes another reference to the already loaded library;
        // RTLD_NODELETE keeps it mapped for the life of the process. The handle is leaked
        // on purpose.
        let handle = unsafe {
            libc::dlopen(
                path.as_ptr(),
                libc::RTLD_NOW | libc::RTLD_NOLOAD | libc::RTLD_NODELETE,
            )
        };
        if handle.is_null() {
            tracing::warn!("could not pin the library in memory");
        }
    }
}

#[cfg(windows)]
mod platform {
    use windows_sys::Win32::Foundation::HMODULE;
    use windows_sys::Win32::System::LibraryLoader::{
        GetModuleHandleExW, GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, GET_MODULE_HANDLE_EX_FLAG_PIN,
    };

    pub(super) fn pin() {
        let mut module: HMODULE = std::ptr::null_mut();
        // SAFETY: with FROM_ADDRESS the "name" is an address inside this module.
        let ok = unsafe {
            GetModuleHandleExW(
                GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                pin as *const u16,
                &mut module,
            )
        };
        if ok == 0 {
            tracing::warn!("could not pin the library in memory");
        }
    }
}
