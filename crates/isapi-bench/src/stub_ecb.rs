//! An `EXTENSION_CONTROL_BLOCK` with do-nothing callbacks: a request for timing the engine
//! pool on its own, with no host behind it. `HSE_REQ_DONE_WITH_SESSION` is noted with the
//! time it arrived. The ABI edge of this crate.
use std::ffi::{c_void, CString};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

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

    /// A request over this ECB. It must be finished ([`wait_for_session_end`] returned)
    /// before the next one is made or the stub is dropped.
    pub fn request(&mut self) -> Ecb {
        // SAFETY: the ECB, its strings and its callbacks live as long as `self`; the caller
        // keeps one request at a time and finishes it before `self` goes (see above).
        unsafe { Ecb::from_raw(&mut *self.raw) }.expect("the stub ECB is complete")
    }
}

/// When the last `HSE_REQ_DONE_WITH_SESSION` arrived, taken by [`wait_for_session_end`].
static SESSION_END: Mutex<Option<Instant>> = Mutex::new(None);
static SESSION_ENDED: Condvar = Condvar::new();

/// Waits (up to `limit`) for the request in flight to end; when it did.
pub fn wait_for_session_end(limit: Duration) -> Option<Instant> {
    let guard = SESSION_END.lock().unwrap_or_else(|e| e.into_inner());
    let (mut guard, _) = SESSION_ENDED
        .wait_timeout_while(guard, limit, |end| end.is_none())
        .unwrap_or_else(|e| e.into_inner());
    guard.take()
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
    request: sys::DWORD,
    _buffer: *mut c_void,
    _size: *mut c_void,
    _data_type: *mut c_void,
) -> sys::BOOL {
    if request == sys::HSE_REQ_DONE_WITH_SESSION {
        let ended = Instant::now();
        *SESSION_END.lock().unwrap_or_else(|e| e.into_inner()) = Some(ended);
        SESSION_ENDED.notify_one();
    }
    sys::TRUE
}
