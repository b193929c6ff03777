//! The callbacks a filter gets in `HTTP_FILTER_CONTEXT` and in the header notifications.
//! Each finds its connection through `pfc->ServerContext` and answers FALSE with the Win32
//! error in `errno` on bad input.
use std::ffi::{c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Mutex;

use isapi_sys as sys;

use super::session::{lock, state_of, CallState};
use crate::callbacks::set_last_error;
use crate::head::{check_head_block, check_head_value};

fn answer(
    pfc: *mut sys::HTTP_FILTER_CONTEXT,
    body: impl FnOnce(&Mutex<CallState>) -> Result<(), u32>,
) -> sys::BOOL {
    if pfc.is_null() {
        set_last_error(sys::ERROR_INVALID_PARAMETER);
        return sys::FALSE;
    }
    // SAFETY: non-null; the filter passes back the context we gave it.
    let server_context = unsafe { (*pfc).ServerContext };
    let Some(state) = state_of(server_context) else {
        set_last_error(sys::ERROR_INVALID_PARAMETER);
        return sys::FALSE;
    };
    match catch_unwind(AssertUnwindSafe(|| body(&state))) {
        Ok(Ok(())) => sys::TRUE,
        Ok(Err(code)) => {
            set_last_error(code);
            sys::FALSE
        }
        Err(_) => {
            set_last_error(sys::ERROR_INVALID_PARAMETER);
            sys::FALSE
        }
    }
}

/// # Safety
/// `ptr` is null or NUL-terminated.
unsafe fn text(ptr: *const std::ffi::c_char) -> Result<String, u32> {
    if ptr.is_null() {
        return Err(sys::ERROR_INVALID_PARAMETER);
    }
    // SAFETY: per the function contract.
    Ok(unsafe { CStr::from_ptr(ptr) }
        .to_string_lossy()
        .into_owned())
}

/// The grow-and-retry copy-out shared by GetHeader and GetServerVariable.
///
/// # Safety
/// `size` is null or points to the buffer size; `buffer` has that many writable bytes.
unsafe fn copy_out(value: &str, buffer: *mut c_void, size: *mut u32) -> Result<(), u32> {
    if size.is_null() {
        return Err(sys::ERROR_INVALID_PARAMETER);
    }
    let needed = value.len() + 1;
    // SAFETY: per the function contract.
    let offered = unsafe { *size } as usize;
    // SAFETY: as above.
    unsafe { *size = needed as u32 };
    if buffer.is_null() || offered < needed {
        return Err(sys::ERROR_INSUFFICIENT_BUFFER);
    }
    // SAFETY: the buffer holds at least `needed` bytes.
    unsafe {
        std::ptr::copy_nonoverlapping(value.as_ptr(), buffer.cast::<u8>(), value.len());
        *buffer.cast::<u8>().add(value.len()) = 0;
    }
    Ok(())
}

/// A header name as filters pass it: `"Host:"` or `"host"`; the pseudo-headers `method`,
/// `url` and `version` of PREPROC_HEADERS.
fn header_name(raw: &str) -> String {
    raw.trim().trim_end_matches(':').to_ascii_lowercase()
}

fn lookup(headers: &[(String, String)], name: &str) -> Option<String> {
    let values: Vec<&str> = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

pub(crate) unsafe extern "system" fn get_header(
    pfc: *mut sys::HTTP_FILTER_CONTEXT,
    name: sys::LPSTR,
    buffer: sys::LPVOID,
    size: sys::LPDWORD,
) -> sys::BOOL {
    answer(pfc, |state| {
        // SAFETY: the filter passes a NUL-terminated name.
        let name = header_name(&unsafe { text(name) }?);
        let state = lock(state);
        let value =
            if let Some(request) = &state.request.as_ref().filter(|_| state.response.is_none()) {
                match name.as_str() {
                    "method" => Some(request.method.clone()),
                    "url" => Some(request.url.clone()),
                    "version" => Some(request.version.clone()),
                    _ => lookup(&request.headers, &name),
                }
            } else if let Some((status, headers)) = &state.response {
                match name.as_str() {
                    "status" => Some(status.to_string()),
                    _ => lookup(headers, &name),
                }
            } else {
                None
            };
        let value = value.ok_or(sys::ERROR_INVALID_INDEX)?;
        // SAFETY: the filter's buffer and size, per the SDK.
        unsafe { copy_out(&value, buffer, size) }
    })
}

/// `SetHeader`: replaces (an empty value deletes); `AddHeader`: appends.
fn change_header(
    pfc: *mut sys::HTTP_FILTER_CONTEXT,
    name: sys::LPSTR,
    value: sys::LPSTR,
    replace: bool,
) -> sys::BOOL {
    answer(pfc, |state| {
        // SAFETY: NUL-terminated strings from the filter.
        let (raw_name, value) = unsafe { (text(name)?, text(value)?) };
        let name = header_name(&raw_name);
        check_head_value(raw_name.as_bytes())?;
        check_head_value(value.as_bytes())?;
        if name.is_empty() {
            return Err(sys::ERROR_INVALID_PARAMETER);
        }
        let mut state = lock(state);
        let in_response = state.response.is_some();
        let headers = if in_response {
            &mut state
                .response
                .as_mut()
                .ok_or(sys::ERROR_INVALID_PARAMETER)?
                .1
        } else {
            let request = state.request.as_mut().ok_or(sys::ERROR_INVALID_PARAMETER)?;
            match (name.as_str(), replace) {
                ("method", _) => return set_nonempty(&mut request.method, value),
                ("url", _) => return set_nonempty(&mut request.url, value),
                ("version", _) => return set_nonempty(&mut request.version, value),
                _ => &mut request.headers,
            }
        };
        let display_name = raw_name.trim().trim_end_matches(':').to_owned();
        if replace {
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
            if value.is_empty() {
                return Ok(());
            }
        }
        headers.push((display_name, value));
        Ok(())
    })
}

fn set_nonempty(slot: &mut String, value: String) -> Result<(), u32> {
    if value.is_empty() {
        return Err(sys::ERROR_INVALID_PARAMETER);
    }
    *slot = value;
    Ok(())
}

pub(crate) unsafe extern "system" fn set_header(
    pfc: *mut sys::HTTP_FILTER_CONTEXT,
    name: sys::LPSTR,
    value: sys::LPSTR,
) -> sys::BOOL {
    change_header(pfc, name, value, true)
}

pub(crate) unsafe extern "system" fn add_header(
    pfc: *mut sys::HTTP_FILTER_CONTEXT,
    name: sys::LPSTR,
    value: sys::LPSTR,
) -> sys::BOOL {
    change_header(pfc, name, value, false)
}

pub(crate) unsafe extern "system" fn get_server_variable(
    pfc: *mut sys::HTTP_FILTER_CONTEXT,
    name: sys::LPSTR,
    buffer: sys::LPVOID,
    size: sys::LPDWORD,
) -> sys::BOOL {
    answer(pfc, |state| {
        // SAFETY: the filter passes a NUL-terminated name.
        let name = unsafe { text(name) }?;
        let value = server_variable(&lock(state), &name)?;
        // SAFETY: the filter's buffer and size, per the SDK.
        unsafe { copy_out(&value, buffer, size) }
    })
}

/// The variables a filter can read: the connection's from the start, the request's
/// once its line is known (from PREPROC_HEADERS on), the identity after AUTHENTICATION.
fn server_variable(state: &CallState, name: &str) -> Result<String, u32> {
    if let Some((remote, local)) = state.peers {
        let value = match name {
            "REMOTE_ADDR" | "REMOTE_HOST" => Some(remote.ip().to_string()),
            "REMOTE_PORT" => Some(remote.port().to_string()),
            "LOCAL_ADDR" | "SERVER_ADDR" => Some(local.ip().to_string()),
            "SERVER_PORT" => Some(local.port().to_string()),
            "SERVER_PORT_SECURE" => Some("0".into()),
            "HTTPS" => Some("off".into()),
            "SERVER_SOFTWARE" => Some(crate::variables::SERVER_SOFTWARE.into()),
            "INSTANCE_ID" => Some("1".into()),
            _ => None,
        };
        if let Some(value) = value {
            return Ok(value);
        }
    }
    let identity = &state.identity;
    match name {
        "AUTH_TYPE" => return Ok(identity.auth_type.clone()),
        "AUTH_USER" | "REMOTE_USER" | "LOGON_USER" | "UNMAPPED_REMOTE_USER" => {
            return Ok(identity.user.clone())
        }
        "AUTH_PASSWORD" => return Ok(identity.password.clone()),
        _ => {}
    }
    let request = state.request.as_ref().ok_or(sys::ERROR_NO_DATA)?;
    let (path, query) = request
        .url
        .split_once('?')
        .unwrap_or((request.url.as_str(), ""));
    Ok(match name {
        "REQUEST_METHOD" => request.method.clone(),
        // A URL a filter set is shown canonical, as it will be used.
        "URL" => crate::canonical::canonicalize(&request.url).unwrap_or_else(|_| path.to_owned()),
        "HTTP_URL" | "UNENCODED_URL" => request.raw_url.clone(),
        "QUERY_STRING" => query.to_owned(),
        "SERVER_PROTOCOL" | "HTTP_VERSION" => request.version.clone(),
        "SERVER_NAME" => lookup(&request.headers, "host")
            .map(|host| {
                host.rsplit_once(':')
                    .map_or(host.clone(), |(h, _)| h.to_owned())
            })
            .unwrap_or_default(),
        "ALL_HTTP" => request
            .headers
            .iter()
            .map(|(n, v)| format!("HTTP_{}:{v}\n", n.to_ascii_uppercase().replace('-', "_")))
            .collect(),
        other => match other.strip_prefix("HTTP_") {
            Some(header) => lookup(&request.headers, &header.replace('_', "-"))
                .ok_or(sys::ERROR_INVALID_INDEX)?,
            None => return Err(sys::ERROR_INVALID_INDEX),
        },
    })
}

pub(crate) unsafe extern "system" fn add_response_headers(
    pfc: *mut sys::HTTP_FILTER_CONTEXT,
    headers: sys::LPSTR,
    _reserved: sys::DWORD,
) -> sys::BOOL {
    answer(pfc, |state| {
        // SAFETY: a NUL-terminated header block from the filter.
        let block = unsafe { text(headers) }?;
        let parsed = parse_header_lines(&block)?;
        lock(state).added.extend(parsed);
        Ok(())
    })
}

/// Raw bytes to the client. During SEND_RAW_DATA they go on the wire ahead of the data
/// being sent; before the response they make up the filter's own response (with
/// SF_REQ_SEND_RESPONSE_HEADER), which the host frames and sends.
pub(crate) unsafe extern "system" fn write_client(
    pfc: *mut sys::HTTP_FILTER_CONTEXT,
    buffer: sys::LPVOID,
    bytes: sys::LPDWORD,
    _reserved: sys::DWORD,
) -> sys::BOOL {
    answer(pfc, |state| {
        // SAFETY: `bytes` is read only once it is known non-null (`||` short-circuits);
        // the filter passes a DWORD* there.
        if bytes.is_null() || (buffer.is_null() && unsafe { *bytes } != 0) {
            return Err(sys::ERROR_INVALID_PARAMETER);
        }
        // SAFETY: checked non-null; the filter passes the byte count.
        let count = unsafe { *bytes } as usize;
        let data = if count == 0 {
            &[][..]
        } else {
            // SAFETY: the buffer holds `count` readable bytes.
            unsafe { std::slice::from_raw_parts(buffer.cast::<u8>(), count) }
        };
        let mut state = lock(state);
        match state.raw_writes.as_mut() {
            Some(raw) => raw.extend_from_slice(data),
            None => state.own_response.body.extend_from_slice(data),
        }
        Ok(())
    })
}

/// `GetUserToken` of AUTH_COMPLETE: this host has no Windows tokens.
pub(crate) unsafe extern "system" fn get_user_token(
    pfc: *mut sys::HTTP_FILTER_CONTEXT,
    _token: *mut sys::HANDLE,
) -> sys::BOOL {
    answer(pfc, |_| Err(sys::ERROR_NOT_SUPPORTED))
}

pub(crate) unsafe extern "system" fn alloc_mem(
    pfc: *mut sys::HTTP_FILTER_CONTEXT,
    size: sys::DWORD,
    _reserved: sys::DWORD,
) -> *mut c_void {
    let mut block: *mut c_void = std::ptr::null_mut();
    answer(pfc, |state| {
        let mut memory = vec![0u8; (size as usize).max(1)].into_boxed_slice();
        block = memory.as_mut_ptr().cast();
        lock(state).memory.push(memory);
        Ok(())
    });
    block
}

pub(crate) unsafe extern "system" fn server_support_function(
    pfc: *mut sys::HTTP_FILTER_CONTEXT,
    request: sys::SF_REQ_TYPE,
    data: sys::PVOID,
    ul1: sys::ULONG_PTR,
    _ul2: sys::ULONG_PTR,
) -> sys::BOOL {
    answer(pfc, |state| match request {
        sys::SF_REQ_SEND_RESPONSE_HEADER => {
            // SAFETY: pData is NULL or the status string; ul1 is 0 or the header string.
            let status =
                unsafe { optional_text(data.cast()) }?.unwrap_or_else(|| "200 OK".to_owned());
            // SAFETY: as above.
            let headers =
                unsafe { optional_text(ul1 as *const std::ffi::c_char) }?.unwrap_or_default();
            check_head_value(status.trim_end().as_bytes())?;
            check_head_block(headers.as_bytes())?;
            let mut state = lock(state);
            if state.own_response.head.is_some() {
                // Once per request, as in IIS.
                return Err(sys::ERROR_INVALID_PARAMETER);
            }
            state.own_response.head = Some((status, headers));
            Ok(())
        }
        sys::SF_REQ_ADD_HEADERS_ON_DENIAL => {
            // SAFETY: pData is a NUL-terminated header block.
            let block = unsafe { text(data.cast()) }?;
            let parsed = parse_header_lines(&block)?;
            lock(state).denial_headers.extend(parsed);
            Ok(())
        }
        sys::SF_REQ_SET_NEXT_READ_SIZE => {
            if ul1 == 0 {
                return Err(sys::ERROR_INVALID_PARAMETER);
            }
            lock(state).next_read_size = Some(ul1);
            Ok(())
        }
        sys::SF_REQ_SET_PROXY_INFO => {
            lock(state).proxy = ul1 != 0;
            Ok(())
        }
        sys::SF_REQ_GET_CONNID => {
            if data.is_null() {
                return Err(sys::ERROR_INVALID_PARAMETER);
            }
            // SAFETY: pData points to a DWORD that receives the connection id.
            unsafe { *data.cast::<u32>() = lock(state).connection_id as u32 };
            Ok(())
        }
        sys::SF_REQ_GET_PROPERTY => match ul1 as i32 {
            sys::SF_PROPERTY_INSTANCE_NUM_ID => {
                if data.is_null() {
                    return Err(sys::ERROR_INVALID_PARAMETER);
                }
                // SAFETY: pData points to a DWORD for the site id (one site: 1).
                unsafe { *data.cast::<u32>() = 1 };
                Ok(())
            }
            // No TLS here, so no SSL context.
            sys::SF_PROPERTY_SSL_CTXT => Err(sys::ERROR_NOT_SUPPORTED),
            _ => Err(sys::ERROR_INVALID_PARAMETER),
        },
        // SAFETY: pData is the filter's writable, NUL-terminated URL.
        sys::SF_REQ_NORMALIZE_URL => unsafe { crate::callbacks::normalize_url(data) },
        sys::SF_REQ_DISABLE_NOTIFICATIONS => {
            lock(state).disable.push((pfc as usize, ul1 as u32));
            Ok(())
        }
        // Certificate mapping needs TLS client certificates, which this host has not.
        sys::SF_REQ_SET_CERTIFICATE_INFO => Err(sys::ERROR_NOT_SUPPORTED),
        _ => Err(sys::ERROR_INVALID_PARAMETER),
    })
}

/// # Safety
/// `ptr` is null or NUL-terminated.
unsafe fn optional_text(ptr: *const std::ffi::c_char) -> Result<Option<String>, u32> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: per the function contract.
    unsafe { text(ptr) }.map(Some)
}

fn parse_header_lines(block: &str) -> Result<Vec<(String, String)>, u32> {
    block
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty())
        .map(|line| {
            check_head_value(line.as_bytes())?;
            let (name, value) = line.split_once(':').ok_or(sys::ERROR_INVALID_PARAMETER)?;
            Ok((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}
