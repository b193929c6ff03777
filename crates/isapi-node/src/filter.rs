//! Filters whose code runs in Node. The host calls `HttpFilterProc` on one of its
//! threads, which must answer synchronously: the call (`isapi::FilterCall`, the object
//! model the DLL uses) goes into a table, its id to JS, and the host's thread waits for
//! `fcReply(status)`. The host's pointers are dropped before `HttpFilterProc` returns;
//! a JS `fc` kept past its call gets a FilterError.
use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, LazyLock, Mutex};
use std::time::Duration;

use isapi::{sys, FilterCall, LogField, LogNumber};
use isapi_host::InProcessFilter;
use napi::bindgen_prelude::*;
use napi::threadsafe_function::ThreadsafeFunctionCallMode;
use napi_derive::napi;

use crate::errors::{filter_error, js_error};
use crate::notify::{Notify, KIND_FILTER};

struct Call {
    call: Option<FilterCall>,
    reply: Option<mpsc::Sender<(u32, u32)>>,
}

static CALLS: LazyLock<Mutex<HashMap<u32, Call>>> = LazyLock::new(Default::default);
static NEXT_ID: AtomicU32 = AtomicU32::new(1);
static NEXT_CONNECTION: AtomicUsize = AtomicUsize::new(1);

fn table() -> std::sync::MutexGuard<'static, HashMap<u32, Call>> {
    CALLS.lock().unwrap_or_else(|e| e.into_inner())
}

pub(crate) struct JsFilter {
    pub notify: Arc<Notify>,
    pub description: String,
    /// What `GetFilterVersion` asked for, plus END_OF_NET_SESSION (to release contexts).
    pub flags: u32,
    /// A filter that takes longer is answered SF_STATUS_REQ_ERROR, as in the DLL.
    pub timeout: Duration,
}

impl InProcessFilter for JsFilter {
    fn get_filter_version(&self, version: &mut sys::HTTP_FILTER_VERSION) -> bool {
        version.dwFilterVersion = sys::HTTP_FILTER_REVISION;
        version.dwFlags = self.flags | sys::SF_NOTIFY_END_OF_NET_SESSION;
        isapi::write_c_string(&mut version.lpszFilterDesc, &self.description);
        true
    }

    unsafe fn http_filter_proc(
        &self,
        context: *mut sys::HTTP_FILTER_CONTEXT,
        notification_type: u32,
        notification: *mut c_void,
    ) -> u32 {
        // SAFETY: the host's pointers are valid for this call; the table entry holding
        // them is removed before we return.
        let mut call =
            match unsafe { FilterCall::from_raw(context, notification_type, notification) } {
                Ok(call) => call,
                Err(error) => {
                    tracing::error!("HttpFilterProc: {error}");
                    return sys::SF_STATUS_REQ_ERROR;
                }
            };
        let connection = call.connection_number(&NEXT_CONNECTION);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let (reply, replied) = mpsc::channel();
        table().insert(
            id,
            Call {
                call: Some(call),
                reply: Some(reply),
            },
        );
        let status = self.notify.call(
            (KIND_FILTER, id, notification_type, connection as u32).into(),
            ThreadsafeFunctionCallMode::NonBlocking,
        );
        let answer = if status == Status::Ok {
            replied.recv_timeout(self.timeout)
        } else {
            Err(mpsc::RecvTimeoutError::Disconnected)
        };
        forget(id);
        match answer {
            Ok((status, last_error)) => {
                if status == sys::SF_STATUS_REQ_ERROR {
                    isapi::set_last_error(last_error);
                }
                status
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                tracing::error!(
                    "HttpFilterProc took longer than {:?} in notification {notification_type:#x}; answered SF_STATUS_REQ_ERROR",
                    self.timeout
                );
                sys::SF_STATUS_REQ_ERROR
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => sys::SF_STATUS_REQ_ERROR,
        }
    }

    fn terminate_filter(&self) {}
}

/// Removes call `id` before `HttpFilterProc` returns. A JS call still using it (a filter
/// that overran its time) is let finish first: the host's pointers must outlive it.
fn forget(id: u32) {
    loop {
        let mut table = table();
        match table.get(&id) {
            Some(entry) if entry.call.is_none() => {
                drop(table);
                std::thread::sleep(Duration::from_millis(1));
            }
            _ => {
                table.remove(&id);
                return;
            }
        }
    }
}

/// Runs `f` on call `id`, taken out of the table for the call.
fn with_call<R>(id: u32, f: impl FnOnce(&mut FilterCall) -> isapi::Result<R>) -> Result<R> {
    let mut call = {
        let mut table = table();
        let entry = table.get_mut(&id).ok_or_else(over)?;
        entry.call.take().ok_or_else(over)?
    };
    let result = f(&mut call);
    if let Some(entry) = table().get_mut(&id) {
        entry.call = Some(call);
    }
    result.map_err(filter_error)
}

fn over() -> Error {
    js_error(
        "FilterError",
        None,
        "this notification is over: an fc is valid only during its HttpFilterProc call",
    )
}

/// The status (and SetLastError code) `HttpFilterProc` returns, for the waiting host thread.
#[napi]
pub fn fc_reply(id: u32, status: u32, last_error: u32) {
    if let Some(reply) = table().get_mut(&id).and_then(|c| c.reply.take()) {
        let _ = reply.send((status, last_error));
    }
}

fn log_field(name: &str) -> Option<LogField> {
    Some(match name {
        "ClientHostName" => LogField::ClientHostName,
        "ClientUserName" => LogField::ClientUserName,
        "ServerName" => LogField::ServerName,
        "Operation" => LogField::Operation,
        "Target" => LogField::Target,
        "Parameters" => LogField::Parameters,
        _ => return None,
    })
}

fn log_number(name: &str) -> Option<LogNumber> {
    Some(match name {
        "HttpStatus" => LogNumber::HttpStatus,
        "Win32Status" => LogNumber::Win32Status,
        "BytesSent" => LogNumber::BytesSent,
        "BytesRecvd" => LogNumber::BytesRecvd,
        "TimeForProcessing" => LogNumber::TimeForProcessing,
        _ => return None,
    })
}

/// A field of the context or of the notification's data, by its pywin32 name.
#[napi]
pub fn fc_get(id: u32, name: String) -> Result<Option<Either<String, f64>>> {
    with_call(id, |call| {
        let log = call.notification() == sys::SF_NOTIFY_LOG;
        if name == "ScriptMapEntry" {
            return Ok(call.url_map_details()?.script_map_entry.map(Either::A));
        }
        Ok(Some(match name.as_str() {
            "Revision" => Either::B(f64::from(call.revision())),
            "NotificationType" => Either::B(f64::from(call.notification())),
            "fIsSecurePort" => Either::B(f64::from(u8::from(call.is_secure_port()))),
            "URL" => Either::A(call.url()?),
            "PhysicalPath" => Either::A(call.physical_path()?),
            "User" => Either::A(call.credential(false)?),
            "Password" => Either::A(call.credential(true)?),
            "Reason" => Either::B(f64::from(call.denial_reason()?)),
            "Flags" => Either::B(f64::from(call.url_map_details()?.flags)),
            "MatchingPath" => Either::B(f64::from(call.url_map_details()?.matching_path)),
            "MatchingURL" => Either::B(f64::from(call.url_map_details()?.matching_url)),
            "HttpStatus" if !log => Either::B(f64::from(call.http_status()?)),
            other => match (log_field(other), log_number(other)) {
                (Some(field), _) => Either::A(call.log_text(field)?),
                (_, Some(field)) => Either::B(f64::from(call.log_number(field)?)),
                _ => return Err(isapi::Error::InvalidArgument(format!("no field {other}"))),
            },
        }))
    })
}

#[napi]
pub fn fc_set(id: u32, name: String, value: Either<String, u32>) -> Result<()> {
    with_call(id, |call| {
        let log = call.notification() == sys::SF_NOTIFY_LOG;
        match (name.as_str(), value) {
            ("User", Either::A(text)) => call.set_credential(false, &text),
            ("Password", Either::A(text)) => call.set_credential(true, &text),
            ("PhysicalPath", Either::A(path)) => call.set_physical_path(&path),
            ("HttpStatus", Either::B(status)) if !log => call.set_http_status(status),
            (other, value) => match (log_field(other), log_number(other), value) {
                (Some(field), _, Either::A(text)) => call.set_log_text(field, &text),
                (_, Some(field), Either::B(number)) => call.set_log_number(field, number),
                _ => Err(isapi::Error::InvalidArgument(format!("cannot set {other}"))),
            },
        }
    })
}

#[napi]
pub fn fc_server_variable(id: u32, name: String) -> Result<Option<Buffer>> {
    with_call(id, |call| {
        Ok(call.server_variable(&name)?.map(Buffer::from))
    })
}

#[napi]
pub fn fc_write(id: u32, data: Buffer) -> Result<()> {
    with_call(id, |call| call.write_client(&data))
}

#[napi]
pub fn fc_add_response_headers(id: u32, headers: String) -> Result<()> {
    with_call(id, |call| call.add_response_headers(&headers))
}

#[napi]
pub fn fc_send_response_header(
    id: u32,
    status: Option<String>,
    headers: Option<String>,
) -> Result<()> {
    with_call(id, |call| {
        call.send_response_header(status.as_deref(), headers.as_deref())
    })
}

#[napi]
pub fn fc_disable_notifications(id: u32, flags: u32) -> Result<()> {
    with_call(id, |call| call.disable_notifications(flags))
}

#[napi]
pub fn fc_alloc_mem(id: u32, size: u32) -> Result<f64> {
    with_call(id, |call| {
        call.alloc_mem(size as usize)
            .map(|b| b.as_ptr() as usize as f64)
    })
}

#[napi]
pub fn fc_add_headers_on_denial(id: u32, headers: String) -> Result<()> {
    with_call(id, |call| call.add_headers_on_denial(&headers))
}

#[napi]
pub fn fc_set_next_read_size(id: u32, size: u32) -> Result<()> {
    with_call(id, |call| call.set_next_read_size(size))
}

#[napi]
pub fn fc_set_proxy_info(id: u32, proxy: bool) -> Result<()> {
    with_call(id, |call| call.set_proxy_info(proxy))
}

#[napi]
pub fn fc_conn_id(id: u32) -> Result<u32> {
    with_call(id, FilterCall::conn_id)
}

#[napi]
pub fn fc_property(id: u32, property: i32) -> Result<f64> {
    with_call(id, |call| call.property(property).map(|v| v as f64))
}

#[napi]
pub fn fc_normalize_url(id: u32, url: String) -> Result<String> {
    with_call(id, |call| call.normalize_url(&url))
}

#[napi]
pub fn fc_raw_data(id: u32) -> Result<Buffer> {
    with_call(id, |call| call.raw_data().map(Buffer::from))
}

#[napi]
pub fn fc_replace_raw_data(id: u32, data: Buffer) -> Result<()> {
    with_call(id, |call| call.replace_raw_data(&data))
}

#[napi]
pub fn fc_header(id: u32, name: String) -> Result<Option<String>> {
    with_call(id, |call| call.header(&name))
}

#[napi]
pub fn fc_set_header(id: u32, name: String, value: String) -> Result<()> {
    with_call(id, |call| call.set_header(&name, &value))
}

#[napi]
pub fn fc_add_header(id: u32, name: String, value: String) -> Result<()> {
    with_call(id, |call| call.add_header(&name, &value))
}

#[napi]
pub fn fc_user_token(id: u32) -> Result<f64> {
    with_call(id, |call| call.user_token().map(|t| t as f64))
}

/// The escape hatch: `data` is passed as a writable copy and returned after the call; a
/// string `ul1` is passed as a NUL-terminated string pointer, a number by value.
#[napi]
pub fn fc_support(
    id: u32,
    code: i32,
    data: Option<Buffer>,
    ul1: Option<Either<String, f64>>,
    ul2: Option<f64>,
) -> Result<Option<Buffer>> {
    let mut buffer = data.map(|b| b.to_vec());
    let ul1_text = match &ul1 {
        Some(Either::A(text)) => Some(format!("{text}\0").into_bytes()),
        _ => None,
    };
    let ul1_value = match (&ul1_text, &ul1) {
        (Some(text), _) => text.as_ptr() as usize,
        (None, Some(Either::B(number))) => *number as usize,
        _ => 0,
    };
    let data_ptr = buffer
        .as_mut()
        .map_or(std::ptr::null_mut(), |b| b.as_mut_ptr().cast());
    with_call(id, |call| {
        // SAFETY: the pointers are to our own buffers, alive for the call; what the code
        // means is the caller's choice, and hosts refuse codes they do not know.
        unsafe {
            call.server_support_function_raw(
                code,
                data_ptr,
                ul1_value,
                ul2.unwrap_or(0.0) as usize,
                "ServerSupportFunction",
            )
        }
    })?;
    Ok(buffer.map(Buffer::from))
}
