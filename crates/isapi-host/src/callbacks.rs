//! The four ECB callbacks, as `extern "system"` functions the extension calls.
//!
//! Each looks up its request by `ConnID`, validates the extension's pointers, and answers
//! FALSE with the Win32 error in `errno` (our Unix convention, isapi-spec.md §1.2) rather
//! than crashing on bad input. No panic crosses back into the extension.
use std::ffi::{c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};

use bytes::Bytes;
use isapi_sys as sys;

use crate::async_io::{self, Done};
use crate::head::Head;
use crate::request::{lookup, Request};

type Outcome = Result<(), u32>;

/// Runs a callback body: FALSE + error code on failure or panic, TRUE otherwise.
fn answer(conn: sys::HCONN, body: impl FnOnce(&std::sync::Arc<Request>) -> Outcome) -> sys::BOOL {
    let Some(request) = lookup(conn) else {
        set_last_error(sys::ERROR_INVALID_PARAMETER);
        return sys::FALSE;
    };
    match catch_unwind(AssertUnwindSafe(|| body(&request))) {
        Ok(Ok(())) => sys::TRUE,
        Ok(Err(code)) => {
            set_last_error(code);
            sys::FALSE
        }
        Err(_) => {
            isapi::log_limited!(
                error,
                "a host callback panicked; answering ERROR_INVALID_PARAMETER"
            );
            set_last_error(sys::ERROR_INVALID_PARAMETER);
            sys::FALSE
        }
    }
}

/// Where a library looks for why a callback failed: `errno` here, `SetLastError` on
/// Windows (one implementation, the library side's).
pub use isapi::set_last_error;

/// The error a library left in this thread's slot (`errno` here; `GetLastError` on Windows).
pub fn last_error() -> u32 {
    std::io::Error::last_os_error()
        .raw_os_error()
        .and_then(|code| u32::try_from(code).ok())
        .unwrap_or(0)
}

pub unsafe extern "system" fn get_server_variable(
    conn: sys::HCONN,
    name: sys::LPSTR,
    buffer: sys::LPVOID,
    size: sys::LPDWORD,
) -> sys::BOOL {
    answer(conn, |request| {
        if name.is_null() || size.is_null() {
            return Err(sys::ERROR_INVALID_PARAMETER);
        }
        // SAFETY: non-null; the extension passes a NUL-terminated name.
        let name = unsafe { CStr::from_ptr(name) }
            .to_str()
            .map_err(|_| sys::ERROR_INVALID_INDEX)?;
        let mut value = request
            .info
            .variable(name)
            .ok_or(sys::ERROR_INVALID_INDEX)?;
        value.extend_from_slice(if name.starts_with("UNICODE_") {
            &[0, 0]
        } else {
            &[0]
        });
        // SAFETY: non-null, points to the buffer size (in/out).
        let offered = unsafe { *size } as usize;
        // SAFETY: as above.
        unsafe { *size = value.len() as u32 };
        if buffer.is_null() || offered < value.len() {
            return Err(sys::ERROR_INSUFFICIENT_BUFFER);
        }
        // SAFETY: the extension promised `offered` writable bytes at `buffer`.
        unsafe { std::ptr::copy_nonoverlapping(value.as_ptr(), buffer.cast::<u8>(), value.len()) };
        Ok(())
    })
}

pub unsafe extern "system" fn write_client(
    conn: sys::HCONN,
    buffer: sys::LPVOID,
    bytes: sys::LPDWORD,
    flags: sys::DWORD,
) -> sys::BOOL {
    answer(conn, |request| {
        if bytes.is_null() {
            return Err(sys::ERROR_INVALID_PARAMETER);
        }
        // SAFETY: non-null, the byte count.
        let len = unsafe { *bytes } as usize;
        if len == 0 {
            return Ok(());
        }
        if buffer.is_null() {
            return Err(sys::ERROR_INVALID_PARAMETER);
        }
        // SAFETY: the extension promised `len` readable bytes at `buffer`.
        let data = unsafe { std::slice::from_raw_parts(buffer.cast::<u8>(), len) };
        if flags & sys::HSE_IO_ASYNC != 0 {
            // Copied now, so the extension's buffer is free however long the write takes.
            let data = data.to_vec();
            let disconnect = flags & sys::HSE_IO_DISCONNECT_AFTER_SEND != 0;
            return async_io::start(request, None, move |request| {
                let written = request.write(&data);
                if disconnect {
                    request.close_connection();
                }
                match written {
                    Ok(()) => Done {
                        bytes: data.len() as u32,
                        error: 0,
                    },
                    Err(error) => Done { bytes: 0, error },
                }
            });
        }
        request.write(data)?;
        if flags & sys::HSE_IO_DISCONNECT_AFTER_SEND != 0 {
            request.close_connection();
        }
        Ok(())
    })
}

pub unsafe extern "system" fn read_client(
    conn: sys::HCONN,
    buffer: sys::LPVOID,
    size: sys::LPDWORD,
) -> sys::BOOL {
    answer(conn, |request| {
        if buffer.is_null() || size.is_null() {
            return Err(sys::ERROR_INVALID_PARAMETER);
        }
        // SAFETY: non-null; in = capacity, out = bytes read.
        let capacity = unsafe { *size } as usize;
        // SAFETY: the extension promised `capacity` writable bytes at `buffer`.
        let buffer = unsafe { std::slice::from_raw_parts_mut(buffer.cast::<u8>(), capacity) };
        let n = request.read(buffer)?;
        // SAFETY: as above.
        unsafe { *size = n as u32 };
        Ok(())
    })
}

pub unsafe extern "system" fn server_support_function(
    conn: sys::HCONN,
    code: sys::DWORD,
    buffer: sys::LPVOID,
    size: sys::LPVOID,
    data_type: sys::LPVOID,
) -> sys::BOOL {
    answer(conn, |request| {
        // SAFETY: each arm reads its arguments as the SDK defines them for `code`.
        unsafe { support(request, code, buffer, size.cast(), data_type) }
    })
}

/// # Safety
/// The arguments must be shaped as the SDK documents for `code`.
unsafe fn support(
    request: &std::sync::Arc<Request>,
    code: u32,
    buffer: *mut c_void,
    size: *mut u32,
    data_type: *mut c_void,
) -> Outcome {
    match code {
        sys::HSE_REQ_SEND_RESPONSE_HEADER => {
            // SAFETY: for this code B is null or the NUL-terminated status string.
            let status = unsafe { optional_str(buffer) };
            // SAFETY: for this code T is null or the NUL-terminated header block.
            let block = unsafe { optional_str(data_type) }.unwrap_or(b"\r\n");
            let (head, rest) = Head::parse(status, block).ok_or(sys::ERROR_INVALID_PARAMETER)?;
            request.send_head(head, Bytes::from(rest), true)
        }
        sys::HSE_REQ_SEND_RESPONSE_HEADER_EX => {
            if buffer.is_null() {
                return Err(sys::ERROR_INVALID_PARAMETER);
            }
            // SAFETY: B = HSE_SEND_HEADER_EX_INFO*, non-null.
            let info = unsafe { &*buffer.cast::<sys::HSE_SEND_HEADER_EX_INFO>() };
            // SAFETY: the SDK has pszStatus null, or valid for cchStatus bytes (or
            // NUL-terminated when cchStatus is 0).
            let status = unsafe { counted_str(info.pszStatus, info.cchStatus) };
            // SAFETY: likewise pszHeader for cchHeader.
            let block = unsafe { counted_str(info.pszHeader, info.cchHeader) }.unwrap_or(b"\r\n");
            let (head, rest) = Head::parse(status, block).ok_or(sys::ERROR_INVALID_PARAMETER)?;
            request.send_head(head, Bytes::from(rest), info.fKeepConn != 0)
        }
        sys::HSE_REQ_SEND_URL_REDIRECT_RESP | sys::HSE_REQ_SEND_URL => {
            // SAFETY: B = the URL, NUL-terminated.
            let url = unsafe { optional_str(buffer) }.ok_or(sys::ERROR_INVALID_PARAMETER)?;
            // A CR/LF in the URL (often a client's decoded `%0d%0a`) would add headers.
            crate::head::check_head_value(url)?;
            let block = format!(
                "Location: {}\r\nContent-Length: 0\r\n\r\n",
                String::from_utf8_lossy(url)
            );
            let (head, _) = Head::parse(Some(b"302 Found"), block.as_bytes())
                .ok_or(sys::ERROR_INVALID_PARAMETER)?;
            request.send_head(head, Bytes::new(), true)
        }
        sys::HSE_REQ_DONE_WITH_SESSION => {
            // SAFETY: B = optional DWORD* status.
            let status = (!buffer.is_null()).then(|| unsafe { *buffer.cast::<u32>() });
            if request.done_with_session(status) {
                Ok(())
            } else {
                Err(sys::ERROR_INVALID_PARAMETER)
            }
        }
        // SAFETY: for these codes B is null or a writable BOOL, which write_bool checks.
        sys::HSE_REQ_IS_KEEP_CONN => unsafe { write_bool(buffer, request.will_keep_alive()) },
        // SAFETY: as for HSE_REQ_IS_KEEP_CONN.
        sys::HSE_REQ_IS_CONNECTED => unsafe { write_bool(buffer, request.is_connected()) },
        sys::HSE_APPEND_LOG_PARAMETER => {
            // SAFETY: B = string.
            if let Some(text) = unsafe { optional_str(buffer) } {
                let text = String::from_utf8_lossy(text);
                tracing::info!("log parameter: {}", crate::log_text::escaped(&text));
                if let Some(notes) = &request.log_notes {
                    crate::access_log::note(notes, &text);
                }
            }
            Ok(())
        }
        sys::HSE_REQ_REPORT_UNHEALTHY => {
            // SAFETY: B = optional reason string.
            let reason =
                unsafe { optional_str(buffer) }.map(|r| String::from_utf8_lossy(r).into_owned());
            isapi::log_limited!(
                warn,
                "extension reports itself unhealthy: {}",
                crate::log_text::escaped(reason.as_deref().unwrap_or("(no reason)"))
            );
            Ok(())
        }
        sys::HSE_REQ_CLOSE_CONNECTION => {
            request.close_connection();
            Ok(())
        }
        sys::HSE_REQ_SET_FLUSH_FLAG
        | sys::HSE_REQ_ABORTIVE_CLOSE
        | sys::HSE_REQ_REFRESH_ISAPI_ACL => Ok(()),
        sys::HSE_REQ_IS_IN_PROCESS => {
            if buffer.is_null() {
                return Err(sys::ERROR_INVALID_PARAMETER);
            }
            // SAFETY: B = DWORD* out.
            unsafe { *buffer.cast::<u32>() = sys::HSE_APP_FLAG_IN_PROCESS };
            Ok(())
        }
        // SAFETY: for this code B is the NUL-terminated URL in a buffer of *S bytes (both
        // checked for null there).
        sys::HSE_REQ_MAP_URL_TO_PATH => unsafe { map_url_to_path(request, buffer, size) },
        sys::HSE_REQ_IO_COMPLETION => {
            // SAFETY: B is the extension's PFN_HSE_IO_COMPLETION (or NULL to disable); a
            // function pointer and a data pointer have the same size on our targets.
            let routine = unsafe {
                std::mem::transmute::<*mut c_void, Option<sys::PFN_HSE_IO_COMPLETION>>(buffer)
            };
            request.async_io.register(routine, data_type);
            Ok(())
        }
        sys::HSE_REQ_ASYNC_READ_CLIENT => {
            if buffer.is_null() || size.is_null() {
                return Err(sys::ERROR_INVALID_PARAMETER);
            }
            // SAFETY: S points to the buffer's size.
            let capacity = unsafe { *size } as usize;
            let address = buffer as usize;
            async_io::start(request, None, move |request| {
                // SAFETY: the extension keeps the buffer valid until the completion.
                let buffer =
                    unsafe { std::slice::from_raw_parts_mut(address as *mut u8, capacity) };
                match request.read(buffer) {
                    Ok(bytes) => Done {
                        bytes: bytes as u32,
                        error: 0,
                    },
                    Err(error) => Done { bytes: 0, error },
                }
            })
        }
        // SAFETY: for this code B is null or an HSE_TF_INFO the extension keeps valid.
        sys::HSE_REQ_TRANSMIT_FILE => unsafe { crate::transmit::transmit_file(request, buffer) },
        // SAFETY: for this code B is null or an HSE_RESPONSE_VECTOR, valid for the call.
        sys::HSE_REQ_VECTOR_SEND => unsafe { crate::transmit::vector_send(request, buffer) },
        sys::HSE_REQ_EXEC_URL => {
            // SAFETY: B = HSE_EXEC_URL_INFO* per the SDK.
            let spec = unsafe { exec_spec(buffer) }?;
            async_io::start(request, None, move |parent| {
                match crate::exec::run_child(parent, spec) {
                    Ok(status) => {
                        *parent.exec_status.lock().unwrap_or_else(|e| e.into_inner()) =
                            Some((status, 0, 0));
                        Done { bytes: 0, error: 0 }
                    }
                    Err(error) => {
                        *parent.exec_status.lock().unwrap_or_else(|e| e.into_inner()) =
                            Some((500, 0, error));
                        Done { bytes: 0, error }
                    }
                }
            })
        }
        sys::HSE_REQ_GET_EXEC_URL_STATUS => {
            if buffer.is_null() {
                return Err(sys::ERROR_INVALID_PARAMETER);
            }
            let (status, sub_status, error) = (*request
                .exec_status
                .lock()
                .unwrap_or_else(|e| e.into_inner()))
            .ok_or(sys::ERROR_INVALID_PARAMETER)?;
            // SAFETY: B = HSE_EXEC_URL_STATUS* (writable) per the SDK.
            unsafe {
                *buffer.cast::<sys::HSE_EXEC_URL_STATUS>() = sys::HSE_EXEC_URL_STATUS {
                    uHttpStatusCode: status,
                    uHttpSubStatus: sub_status,
                    dwWin32Error: error,
                }
            };
            Ok(())
        }
        // SAFETY: for this code B is the NUL-terminated URL and T null or a writable
        // HSE_URL_MAPEX_INFO.
        sys::HSE_REQ_MAP_URL_TO_PATH_EX => unsafe {
            map_url_to_path_ex(request, buffer, data_type)
        },
        // SAFETY: for this code B is null or the NUL-terminated URL, rewritten in place.
        sys::HSE_REQ_NORMALIZE_URL => unsafe { normalize_url(buffer) },
        sys::HSE_REQ_SEND_CUSTOM_ERROR => {
            if buffer.is_null() {
                return Err(sys::ERROR_INVALID_PARAMETER);
            }
            // SAFETY: B = HSE_CUSTOM_ERROR_INFO*, non-null.
            let info = unsafe { &*buffer.cast::<sys::HSE_CUSTOM_ERROR_INFO>() };
            if info.fAsync != 0 {
                // Asynchronous completion needs HSE_REQ_IO_COMPLETION support.
                return Err(sys::ERROR_NOT_SUPPORTED);
            }
            // SAFETY: pszStatus is a NUL-terminated string.
            let status = unsafe { optional_str(info.pszStatus.cast()) }
                .ok_or(sys::ERROR_INVALID_PARAMETER)?;
            let (head, body) =
                Head::error_page(status, info.uHttpSubError).ok_or(sys::ERROR_INVALID_PARAMETER)?;
            request.send_head(head, body, true)
        }
        sys::HSE_REQ_GET_SSPI_INFO
        | sys::HSE_REQ_GET_IMPERSONATION_TOKEN
        | sys::HSE_REQ_GET_CERT_INFO_EX
        | sys::HSE_REQ_MAP_UNICODE_URL_TO_PATH
        | sys::HSE_REQ_MAP_UNICODE_URL_TO_PATH_EX
        | sys::HSE_REQ_EXEC_UNICODE_URL
        | sys::HSE_REQ_GET_ANONYMOUS_TOKEN
        | sys::HSE_REQ_GET_CACHE_INVALIDATION_CALLBACK
        | sys::HSE_REQ_GET_UNICODE_ANONYMOUS_TOKEN
        | sys::HSE_REQ_GET_TRACE_INFO
        | sys::HSE_REQ_GET_TRACE_INFO_EX
        | sys::HSE_REQ_RAISE_TRACE_EVENT
        | sys::HSE_REQ_GET_CONFIG_OBJECT
        | sys::HSE_REQ_GET_WORKER_PROCESS_SETTINGS
        | sys::HSE_REQ_GET_PROTOCOL_MANAGER_CUSTOM_INTERFACE_CALLBACK
        | sys::HSE_REQ_CANCEL_IO
        | sys::HSE_REQ_GET_CHANNEL_BINDING_TOKEN => Err(sys::ERROR_NOT_SUPPORTED),
        _ => Err(sys::ERROR_INVALID_PARAMETER),
    }
}

/// # Safety
/// `ptr` is null or a NUL-terminated string.
pub(crate) unsafe fn optional_str<'a>(ptr: *const c_void) -> Option<&'a [u8]> {
    // SAFETY: per the function contract.
    (!ptr.is_null()).then(|| unsafe { CStr::from_ptr(ptr.cast()) }.to_bytes())
}

/// # Safety
/// `ptr` is null, or valid for `len` bytes (or NUL-terminated when `len` is 0).
unsafe fn counted_str<'a>(ptr: *const std::ffi::c_char, len: u32) -> Option<&'a [u8]> {
    if ptr.is_null() {
        return None;
    }
    if len == 0 {
        // SAFETY: NUL-terminated per the contract.
        return Some(unsafe { CStr::from_ptr(ptr) }.to_bytes());
    }
    // SAFETY: valid for `len` bytes; stop at an embedded NUL as C callers expect.
    let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len as usize) };
    Some(bytes.split(|&b| b == 0).next().unwrap_or(bytes))
}

/// # Safety
/// `buffer` is null or points to a writable BOOL.
unsafe fn write_bool(buffer: *mut c_void, value: bool) -> Outcome {
    if buffer.is_null() {
        return Err(sys::ERROR_INVALID_PARAMETER);
    }
    // SAFETY: per the function contract.
    unsafe { *buffer.cast::<sys::BOOL>() = sys::BOOL::from(value) };
    Ok(())
}

/// `HSE_REQ_MAP_URL_TO_PATH`: B holds the URL in and the path out; S the buffer size.
///
/// # Safety
/// `buffer` is a NUL-terminated string in a buffer of `*size` bytes.
unsafe fn map_url_to_path(request: &Request, buffer: *mut c_void, size: *mut u32) -> Outcome {
    if buffer.is_null() || size.is_null() {
        return Err(sys::ERROR_INVALID_PARAMETER);
    }
    // SAFETY: per the function contract.
    let url = unsafe { CStr::from_ptr(buffer.cast()) }
        .to_string_lossy()
        .into_owned();
    let path = map_extension_url(request, &url)?;
    let needed = path.len() + 1;
    // SAFETY: size is non-null (checked above) and points to a DWORD per the contract.
    let offered = unsafe { *size } as usize;
    // SAFETY: as above; the extension reads the size needed back from it.
    unsafe { *size = needed as u32 };
    if offered < needed {
        return Err(sys::ERROR_INSUFFICIENT_BUFFER);
    }
    // SAFETY: the buffer holds `offered` >= `needed` bytes.
    unsafe {
        std::ptr::copy_nonoverlapping(path.as_ptr(), buffer.cast::<u8>(), path.len());
        *buffer.cast::<u8>().add(path.len()) = 0;
    }
    Ok(())
}

/// The physical path of a URL an extension passes (raw, still encoded): canonicalised as
/// a request's URL is, then through URL_MAP filters. A URL without a canonical form (`..`
/// above the root, a double escape, …) is ERROR_INVALID_PARAMETER, and so is one that
/// Windows would read as another file's name ([`crate::canonical::file_alias`]: `x.`,
/// `x:s`, `X~1`), which has no path of its own.
fn map_extension_url(request: &Request, url: &str) -> Result<String, u32> {
    let canonical =
        crate::canonical::canonicalize(url).map_err(|_| sys::ERROR_INVALID_PARAMETER)?;
    if crate::canonical::file_alias(&canonical).is_some() {
        return Err(sys::ERROR_INVALID_PARAMETER);
    }
    crate::filters::map_url(request.filters.as_ref(), &request.info.root, &canonical)
}

/// `HSE_REQ_MAP_URL_TO_PATH_EX`: B = URL, T = `HSE_URL_MAPEX_INFO*` to fill.
///
/// # Safety
/// `url` is a NUL-terminated string; `info` is null or a writable `HSE_URL_MAPEX_INFO`.
unsafe fn map_url_to_path_ex(request: &Request, url: *mut c_void, info: *mut c_void) -> Outcome {
    if url.is_null() || info.is_null() {
        return Err(sys::ERROR_INVALID_PARAMETER);
    }
    // SAFETY: per the function contract.
    let url = unsafe { CStr::from_ptr(url.cast()) }
        .to_string_lossy()
        .into_owned();
    // SAFETY: per the function contract.
    let info = unsafe { &mut *info.cast::<sys::HSE_URL_MAPEX_INFO>() };
    let path = map_extension_url(request, &url)?;
    if path.len() >= sys::MAX_PATH {
        // IIS 6+ refuses rather than truncates.
        return Err(sys::ERROR_INSUFFICIENT_BUFFER);
    }
    info.lpszPath = [0; sys::MAX_PATH];
    for (slot, byte) in info.lpszPath.iter_mut().zip(path.bytes()) {
        *slot = byte as std::ffi::c_char;
    }
    // The whole site is one virtual directory with read and script access.
    info.dwFlags = sys::HSE_URL_FLAGS_READ | sys::HSE_URL_FLAGS_SCRIPT;
    let root = request.info.root.display().to_string();
    info.cchMatchingPath = root.trim_end_matches(std::path::MAIN_SEPARATOR).len() as u32;
    info.cchMatchingURL = 0;
    Ok(())
}

/// `HSE_REQ_NORMALIZE_URL`: B = URL, rewritten in place in its canonical form.
///
/// # Safety
/// `buffer` is a writable NUL-terminated string.
pub(crate) unsafe fn normalize_url(buffer: *mut c_void) -> Outcome {
    if buffer.is_null() {
        return Err(sys::ERROR_INVALID_PARAMETER);
    }
    // SAFETY: per the function contract.
    let original = unsafe { CStr::from_ptr(buffer.cast()) }.to_bytes().len();
    // SAFETY: as above.
    let url = unsafe { CStr::from_ptr(buffer.cast()) }
        .to_string_lossy()
        .into_owned();
    let normalized =
        crate::canonical::canonicalize(&url).map_err(|_| sys::ERROR_INVALID_PARAMETER)?;
    // Decoding and resolving only ever shorten a URL, so it fits where the original was.
    if normalized.len() > original {
        return Err(sys::ERROR_INSUFFICIENT_BUFFER);
    }
    // SAFETY: `normalized.len() + 1 <= original + 1` bytes are writable.
    unsafe {
        std::ptr::copy_nonoverlapping(normalized.as_ptr(), buffer.cast::<u8>(), normalized.len());
        *buffer.cast::<u8>().add(normalized.len()) = 0;
    }
    Ok(())
}

/// Copies what `HSE_REQ_EXEC_URL` asks for out of the extension's structs.
///
/// # Safety
/// `info` is null or an `HSE_EXEC_URL_INFO` whose strings and entity are valid.
unsafe fn exec_spec(info: *mut c_void) -> Result<crate::exec::ChildSpec, u32> {
    if info.is_null() {
        return Err(sys::ERROR_INVALID_PARAMETER);
    }
    // SAFETY: per the function contract.
    let info = unsafe { &*info.cast::<sys::HSE_EXEC_URL_INFO>() };
    if !info.pUserInfo.is_null() {
        // Replacing the user needs Windows security; IIS refuses it for anonymous requests.
        return Err(sys::ERROR_NOT_SUPPORTED);
    }
    let text = |ptr: *mut std::ffi::c_char| {
        // SAFETY: NUL-terminated strings per the function contract.
        unsafe { optional_str(ptr.cast()) }.map(|b| String::from_utf8_lossy(b).into_owned())
    };
    let entity = if info.pEntity.is_null() {
        None
    } else {
        // SAFETY: per the function contract.
        let entity = unsafe { &*info.pEntity };
        Some(if entity.lpbData.is_null() || entity.cbAvailable == 0 {
            Vec::new()
        } else {
            // SAFETY: valid for cbAvailable bytes.
            unsafe {
                std::slice::from_raw_parts(entity.lpbData.cast::<u8>(), entity.cbAvailable as usize)
            }
            .to_vec()
        })
    };
    Ok(crate::exec::ChildSpec {
        url: text(info.pszUrl),
        method: text(info.pszMethod),
        // SAFETY: as above.
        headers: unsafe { optional_str(info.pszChildHeaders.cast()) }.map(<[u8]>::to_vec),
        entity,
        flags: info.dwExecUrlFlags,
    })
}
