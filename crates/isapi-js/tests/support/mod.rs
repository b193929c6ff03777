//! An in-process fake ISAPI host: just enough of the ECB callbacks to drive an
//! [`isapi_js::EnginePool`] without a server, so the JS bindings can be tested directly.
//! The real path (library loaded by `isapi-host`) is tested in crates/isapi-host/tests.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::ffi::{c_void, CStr, CString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use isapi::sys;

#[derive(Default, Debug, Clone)]
pub struct Response {
    pub status: Option<String>,
    pub headers: String,
    pub body: Vec<u8>,
    /// How many WriteClient calls the body took.
    pub writes: usize,
    pub done_status: Option<u32>,
    pub http_status_code: u32,
    pub log_data: String,
}

/// One request. Boxed so the ECB and `ConnID` (a pointer to this) stay put.
pub struct FakeRequest {
    ecb: sys::EXTENSION_CONTROL_BLOCK,
    _strings: Vec<CString>,
    preload: Vec<u8>,
    variables: HashMap<String, Vec<u8>>,
    rest_of_body: Mutex<VecDeque<u8>>,
    response: Mutex<Response>,
    finished: Condvar,
}

pub struct RequestSpec<'a> {
    pub method: &'a str,
    pub query: &'a str,
    pub path_info: &'a str,
    pub content_type: &'a str,
    pub body: &'a [u8],
    pub preload: usize,
    pub variables: &'a [(&'a str, &'a str)],
}

impl Default for RequestSpec<'_> {
    fn default() -> Self {
        RequestSpec {
            method: "GET",
            query: "",
            path_info: "/",
            content_type: "",
            body: b"",
            preload: 48 * 1024,
            variables: &[],
        }
    }
}

impl FakeRequest {
    pub fn new(spec: RequestSpec<'_>) -> Box<FakeRequest> {
        let strings: Vec<CString> = [
            spec.method,
            spec.query,
            spec.path_info,
            "/srv/x",
            spec.content_type,
        ]
        .iter()
        .map(|s| CString::new(*s).unwrap())
        .collect();
        let preload_len = spec.preload.min(spec.body.len());
        let mut variables: HashMap<String, Vec<u8>> = spec
            .variables
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect();
        variables.insert("REQUEST_METHOD".into(), spec.method.as_bytes().to_vec());
        let mut request = Box::new(FakeRequest {
            // SAFETY: an all-zero ECB is a valid starting value (nulls, None callbacks).
            ecb: unsafe { std::mem::zeroed() },
            preload: spec.body[..preload_len].to_vec(),
            _strings: strings,
            variables,
            rest_of_body: Mutex::new(spec.body[preload_len..].iter().copied().collect()),
            response: Mutex::new(Response::default()),
            finished: Condvar::new(),
        });
        let conn = &*request as *const FakeRequest as *mut c_void;
        let ecb = &mut request.ecb;
        ecb.cbSize = std::mem::size_of::<sys::EXTENSION_CONTROL_BLOCK>() as u32;
        ecb.dwVersion = sys::HSE_VERSION;
        ecb.ConnID = conn;
        ecb.dwHttpStatusCode = 200;
        ecb.lpszMethod = request._strings[0].as_ptr().cast_mut();
        ecb.lpszQueryString = request._strings[1].as_ptr().cast_mut();
        ecb.lpszPathInfo = request._strings[2].as_ptr().cast_mut();
        ecb.lpszPathTranslated = request._strings[3].as_ptr().cast_mut();
        ecb.lpszContentType = request._strings[4].as_ptr().cast_mut();
        ecb.cbTotalBytes = spec.body.len() as u32;
        ecb.cbAvailable = preload_len as u32;
        ecb.lpbData = request.preload.as_mut_ptr();
        ecb.GetServerVariable = Some(get_server_variable);
        ecb.WriteClient = Some(write_client);
        ecb.ReadClient = Some(read_client);
        ecb.ServerSupportFunction = Some(server_support_function);
        request
    }

    pub fn ecb(&mut self) -> isapi::Ecb {
        // SAFETY: the box outlives the request; the test waits for DONE before dropping it.
        unsafe { isapi::Ecb::from_raw(&mut self.ecb) }.unwrap()
    }

    /// The ECB itself, for calling a library's `HttpExtensionProc` export.
    pub fn raw(&mut self) -> *mut sys::EXTENSION_CONTROL_BLOCK {
        &mut self.ecb
    }

    /// What the handler sent so far, without waiting for DONE_WITH_SESSION.
    pub fn response(&self) -> Response {
        self.response.lock().unwrap().clone()
    }

    /// Waits (bounded) for DONE_WITH_SESSION and returns what the handler sent.
    pub fn wait(&self) -> Response {
        let guard = self.response.lock().unwrap();
        let (guard, timeout) = self
            .finished
            .wait_timeout_while(guard, Duration::from_secs(20), |r| r.done_status.is_none())
            .unwrap();
        assert!(
            !timeout.timed_out(),
            "the request was never finished (no DONE_WITH_SESSION)"
        );
        let mut response = guard.clone();
        response.http_status_code = self.ecb.dwHttpStatusCode;
        let log: Vec<u8> = self
            .ecb
            .lpszLogData
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        response.log_data = String::from_utf8(log).unwrap();
        response
    }
}

fn request<'a>(conn: sys::HCONN) -> &'a FakeRequest {
    // SAFETY: ConnID is the address of a live boxed FakeRequest.
    unsafe { &*(conn as *const FakeRequest) }
}

/// Where a server leaves the error of a failed callback (`errno`; `SetLastError` on
/// Windows), as the extension reads it back.
fn set_error(code: u32) {
    isapi::set_last_error(code);
}

unsafe extern "system" fn get_server_variable(
    conn: sys::HCONN,
    name: sys::LPSTR,
    buffer: sys::LPVOID,
    size: sys::LPDWORD,
) -> sys::BOOL {
    let request = request(conn);
    // SAFETY: the code under test (isapi's Ecb) passes a NUL-terminated variable name.
    let name = unsafe { CStr::from_ptr(name) }.to_str().unwrap();
    let Some(value) = request.variables.get(name) else {
        set_error(sys::ERROR_INVALID_INDEX);
        return sys::FALSE;
    };
    let needed = value.len() + 1;
    // SAFETY: the caller passes its buffer's size in a valid DWORD.
    if (unsafe { *size } as usize) < needed {
        // SAFETY: as above; the size needed goes back in it.
        unsafe { *size = needed as u32 };
        set_error(sys::ERROR_INSUFFICIENT_BUFFER);
        return sys::FALSE;
    }
    // SAFETY: the buffer holds *size >= needed bytes (checked above).
    unsafe {
        std::ptr::copy_nonoverlapping(value.as_ptr(), buffer.cast::<u8>(), value.len());
        *buffer.cast::<u8>().add(value.len()) = 0;
        *size = needed as u32;
    }
    sys::TRUE
}

unsafe extern "system" fn write_client(
    conn: sys::HCONN,
    buffer: sys::LPVOID,
    bytes: sys::LPDWORD,
    _flags: sys::DWORD,
) -> sys::BOOL {
    // SAFETY: the caller's buffer holds *bytes readable bytes, per WriteClient.
    let data = unsafe { std::slice::from_raw_parts(buffer.cast::<u8>(), *bytes as usize) };
    let mut response = request(conn).response.lock().unwrap();
    response.body.extend_from_slice(data);
    response.writes += 1;
    sys::TRUE
}

unsafe extern "system" fn read_client(
    conn: sys::HCONN,
    buffer: sys::LPVOID,
    size: sys::LPDWORD,
) -> sys::BOOL {
    let mut rest = request(conn).rest_of_body.lock().unwrap();
    // Hand out at most 1000 bytes per call, like a network read.
    // SAFETY: the caller passes its buffer's size in a valid DWORD.
    let n = rest.len().min(unsafe { *size } as usize).min(1000);
    for i in 0..n {
        // SAFETY: i < n <= *size, the buffer's capacity.
        unsafe { *buffer.cast::<u8>().add(i) = rest.pop_front().unwrap() };
    }
    // SAFETY: as for the read of *size.
    unsafe { *size = n as u32 };
    sys::TRUE
}

unsafe extern "system" fn server_support_function(
    conn: sys::HCONN,
    code: sys::DWORD,
    buffer: sys::LPVOID,
    _size: sys::LPVOID,
    _data_type: sys::LPVOID,
) -> sys::BOOL {
    let request = request(conn);
    let mut response = request.response.lock().unwrap();
    match code {
        sys::HSE_REQ_SEND_RESPONSE_HEADER_EX => {
            // SAFETY: for this code the code under test passes an HSE_SEND_HEADER_EX_INFO.
            let info = unsafe { &*buffer.cast::<sys::HSE_SEND_HEADER_EX_INFO>() };
            if response.status.is_some() {
                set_error(sys::ERROR_INVALID_PARAMETER);
                return sys::FALSE;
            }
            response.status = Some(
                // SAFETY: isapi's Ecb sends NUL-terminated status and header strings.
                unsafe { CStr::from_ptr(info.pszStatus) }
                    .to_string_lossy()
                    .into_owned(),
            );
            // SAFETY: as above.
            response.headers = unsafe { CStr::from_ptr(info.pszHeader) }
                .to_string_lossy()
                .into_owned();
            sys::TRUE
        }
        sys::HSE_REQ_SEND_URL_REDIRECT_RESP => {
            // SAFETY: for this code the buffer is the NUL-terminated URL.
            let url = unsafe { CStr::from_ptr(buffer.cast()) }
                .to_string_lossy()
                .into_owned();
            response.status = Some("302 Found".into());
            response.headers = format!("Location: {url}\r\n\r\n");
            sys::TRUE
        }
        sys::HSE_REQ_SET_FLUSH_FLAG => sys::TRUE,
        sys::HSE_REQ_IS_KEEP_CONN => {
            // SAFETY: for this code the buffer is a writable BOOL.
            unsafe { *buffer.cast::<sys::BOOL>() = sys::TRUE };
            sys::TRUE
        }
        sys::HSE_REQ_DONE_WITH_SESSION => {
            if response.done_status.is_some() {
                panic!("DONE_WITH_SESSION called twice");
            }
            response.done_status = Some(if buffer.is_null() {
                0
            } else {
                // SAFETY: for this code a non-null buffer is the DWORD status.
                unsafe { *buffer.cast::<u32>() }
            });
            request.finished.notify_all();
            sys::TRUE
        }
        _ => {
            set_error(sys::ERROR_INVALID_PARAMETER);
            sys::FALSE
        }
    }
}

/// Writes `source` as a bundle file in a fresh directory and returns its path.
pub fn bundle(name: &str, source: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("isapi-js-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.js"));
    std::fs::File::create(&path)
        .unwrap()
        .write_all(source.as_bytes())
        .unwrap();
    path
}
