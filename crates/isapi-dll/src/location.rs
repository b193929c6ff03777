//! Where this copy of the library lives, and which bundle it serves (pywin32's naming rule).
use std::path::{Path, PathBuf};

/// The path of the library file this code was loaded from.
pub(crate) fn own_path() -> Option<PathBuf> {
    platform::own_path()
}

/// The bundle this library copy runs: `<name>.js` beside `_<name>.so`; `Err` says why
/// it cannot be known.
pub(crate) fn own_bundle() -> Result<PathBuf, String> {
    let library = own_path()
        .ok_or("cannot find this library's own file name, so cannot find its handler bundle")?;
    bundle_for(&library).ok_or_else(|| {
        format!(
            "library {} is not named _<name>{}: cannot tell which bundle to load",
            library.display(),
            std::env::consts::DLL_SUFFIX
        )
    })
}

/// `dir/_name.so` → `dir/name.js`: drop the extension and the first character (by
/// convention an underscore), keep any further dots (`_my.app.so` → `my.app.js`).
pub(crate) fn bundle_for(library: &Path) -> Option<PathBuf> {
    let stem = library.file_stem()?.to_str()?;
    let mut chars = stem.chars();
    chars.next()?;
    let name = chars.as_str();
    if name.is_empty() {
        return None;
    }
    Some(library.with_file_name(format!("{name}.js")))
}

#[cfg(unix)]
mod platform {
    use std::ffi::{CStr, OsStr};
    use std::os::unix::ffi::OsStrExt;
    use std::path::PathBuf;

    pub(super) fn own_path() -> Option<PathBuf> {
        let mut info = std::mem::MaybeUninit::<libc::Dl_info>::zeroed();
        let address = own_path as *const libc::c_void;
        // SAFETY: dladdr only reads the address and fills `info`; any address is allowed.
        let found = unsafe { libc::dladdr(address, info.as_mut_ptr()) };
        if found == 0 {
            return None;
        }
        // SAFETY: dladdr succeeded, so `info` is initialised.
        let info = unsafe { info.assume_init() };
        if info.dli_fname.is_null() {
            return None;
        }
        // SAFETY: dli_fname is a NUL-terminated path owned by the dynamic loader.
        let name = unsafe { CStr::from_ptr(info.dli_fname) };
        let path = PathBuf::from(OsStr::from_bytes(name.to_bytes()));
        // The loader reports the path as it was opened; make it absolute for clear logs.
        Some(std::fs::canonicalize(&path).unwrap_or(path))
    }
}

#[cfg(windows)]
mod platform {
    use std::ffi::OsString;
    use std::os::windows::ffi::OsStringExt;
    use std::path::PathBuf;

    use windows_sys::Win32::Foundation::HMODULE;
    use windows_sys::Win32::System::LibraryLoader::{
        GetModuleFileNameW, GetModuleHandleExW, GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS,
        GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
    };

    pub(super) fn own_path() -> Option<PathBuf> {
        let mut module: HMODULE = std::ptr::null_mut();
        let flags =
            GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT;
        // SAFETY: with FROM_ADDRESS the "name" is an address inside this module.
        let ok = unsafe { GetModuleHandleExW(flags, own_path as *const u16, &mut module) };
        if ok == 0 {
            return None;
        }
        let mut buffer = vec![0u16; 1024];
        loop {
            // SAFETY: the buffer is writable for its length.
            let len =
                unsafe { GetModuleFileNameW(module, buffer.as_mut_ptr(), buffer.len() as u32) }
                    as usize;
            if len == 0 {
                return None;
            }
            if len < buffer.len() {
                return Some(PathBuf::from(OsString::from_wide(&buffer[..len])));
            }
            buffer.resize(buffer.len() * 2, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_underscore_and_extension() {
        assert_eq!(
            bundle_for(Path::new("/srv/_hello.so")),
            Some(PathBuf::from("/srv/hello.js"))
        );
        assert_eq!(
            bundle_for(Path::new("C:/site/_redirector.dll")),
            Some(PathBuf::from("C:/site/redirector.js"))
        );
    }

    #[test]
    fn keeps_dots_inside_the_name() {
        assert_eq!(
            bundle_for(Path::new("/srv/_my.app.so")),
            Some(PathBuf::from("/srv/my.app.js"))
        );
    }

    #[test]
    fn refuses_a_name_with_nothing_left() {
        assert_eq!(bundle_for(Path::new("/srv/_.so")), None);
    }

    #[test]
    fn finds_the_test_binary_itself() {
        // In a test the code lives in the test executable; dladdr must still answer.
        let path = own_path().expect("own path");
        assert!(path.is_absolute(), "{path:?}");
        assert!(path.exists(), "{path:?}");
    }
}
