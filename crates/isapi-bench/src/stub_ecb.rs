//! An `EXTENSION_CONTROL_BLOCK` with do-nothing callbacks: a request for timing the engine
//! pool on its own, with no host behind it. The ABI edge of this crate.
use std::ffi::{c_void, CString};

use isapi::{sys, Ecb};

/// The ECB and the strings it points to; boxed so its address stays fixed.
pub struct StubEcb {
    raw: Box<sys::EXTENSION_CONTROL_BLOCK>,
    _strings: [CString; 5],
}

impl StubEcb {
    pub fn get(method: &str, path: &str) -> StubEcb {
        let text = |s: &str| CString::new(s).expect("no NUL in stub strings");
        let strings = [text(method), text(""), text(path), text(""), text("")];
        let pointer = |s: &CString| s.as_ptr().cast_mut();
        let raw = Box::new(sys::EXTENSION_CONTROL_BLOCK {
            cbSize: std::mem::size_of::<sys::EXTENSION_CONTROL_BLOCK>() as u32,
            dwVersion: sys::HSE_VERSION,
            ConnID: std::ptr::null_mut(),
            dwHttpStatusCode: 200,
            lpszLogData: [0; sys::HSE_LOG_BUFFER_LEN],
            lpszMethod: pointer(&strings[0]),
            lpszQueryString: pointer(&strings[1]),
            lpszPathInfo: pointer(&strings[2]),
            lpszPathTranslated: pointer(&strings[3]),
            cbTotalBytes: 0,
            cbAvailable: 0,
            lpbData: std::ptr::null_mut(),
            lpszContentType: pointer(&strings[4]),
            GetServerVariable: Some(no_variable),
            WriteClient: Some(write_nothing),
            ReadClient: Some(read_nothing),
            ServerSupportFunction: Some(support_nothing),
        });
        StubEcb {
            raw,
            _strings: strings,
        }
    }

    /// A request over this ECB, for a synchronous call: it must be finished (the pool's
    /// `call` returned) before the next one is made or the stub is dropped.
    pub fn request(&mut self) -> Ecb {
        // SAFETY: the ECB, its strings and its callbacks live as long as `self`; the caller
        // keeps one request at a time and finishes it before `self` goes (see above).
        unsafe { Ecb::from_raw(&mut *self.raw) }.expect("the stub ECB is complete")
    }
}

unsafe extern "system" fn no_variable(
    _conn: sys::HCONN,
    _name: sys::LPSTR,
    _buffer: sys::LPVOID,
    _size: sys::LPDWORD,
) -> sys::BOOL {
    sys::FALSE
}

unsafe extern "system" fn write_nothing(
    _conn: sys::HCONN,
    _buffer: sys::LPVOID,
    _bytes: sys::LPDWORD,
    _flags: sys::DWORD,
) -> sys::BOOL {
    sys::TRUE
}

unsafe extern "system" fn read_nothing(
    _conn: sys::HCONN,
    _buffer: sys::LPVOID,
    size: sys::LPDWORD,
) -> sys::BOOL {
    if !size.is_null() {
        // SAFETY: the caller passes a valid DWORD for the size (ReadClient's contract).
        unsafe { *size = 0 };
    }
    sys::TRUE
}

unsafe extern "system" fn support_nothing(
    _conn: sys::HCONN,
    _request: sys::DWORD,
    _buffer: *mut c_void,
    _size: *mut c_void,
    _data_type: *mut c_void,
) -> sys::BOOL {
    sys::TRUE
}
