//! Extensions whose code runs in Node. The host calls `HttpExtensionProc` on one of its
//! threads; the ECB goes into a table, its id to JS (a threadsafe function call), and JS
//! drives the request with the `ecb*` functions below, each a call of `isapi::Ecb` — the
//! object model the DLL uses — on the host's real ECB.
//!
//! As in the DLL: a thread-pool handler (`Dispatch`) gets `HSE_STATUS_PENDING` at once and
//! ends with `ecbDone`; any other handler's call waits for `ecbReply(status)`.
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, LazyLock, Mutex};
use std::time::Duration;

use isapi::{sys, Ecb};
use isapi_host::InProcessExtension;
use napi::bindgen_prelude::*;
use napi::threadsafe_function::ThreadsafeFunctionCallMode;
use napi_derive::napi;

use crate::errors::{host_error, js_error};
use crate::notify::{Notify, KIND_REQUEST};

struct Request {
    /// Out of the table while a call on it runs (so a blocking ReadClient holds no lock).
    ecb: Option<Ecb>,
    /// Where the waiting host thread hears the status (synchronous handlers).
    reply: Option<mpsc::Sender<u32>>,
    /// The request ended (`ecbDone`) while a call had its ECB out.
    finished: bool,
    /// The loaded handler it belongs to.
    owner: u32,
}

static REQUESTS: LazyLock<Mutex<HashMap<u32, Request>>> = LazyLock::new(Default::default);
static NEXT_ID: AtomicU32 = AtomicU32::new(1);

fn table() -> std::sync::MutexGuard<'static, HashMap<u32, Request>> {
    REQUESTS.lock().unwrap_or_else(|e| e.into_inner())
}

pub(crate) struct JsExtension {
    /// The loaded handler (its number), whose requests these are.
    pub owner: u32,
    pub notify: Arc<Notify>,
    pub description: String,
    pub thread_pool: bool,
    /// How long a synchronous call waits for JS before the request is failed.
    pub reply_timeout: Duration,
}

impl InProcessExtension for JsExtension {
    fn get_extension_version(&self, version: &mut sys::HSE_VERSION_INFO) -> bool {
        version.dwExtensionVersion = sys::HSE_VERSION;
        isapi::write_c_string(&mut version.lpszExtensionDesc, &self.description);
        true
    }

    unsafe fn http_extension_proc(&self, raw: *mut sys::EXTENSION_CONTROL_BLOCK) -> u32 {
        // SAFETY: the host passes a live ECB; it stays valid until we return or, for
        // PENDING, until DONE_WITH_SESSION, and the table drops it by then.
        let ecb = match unsafe { Ecb::from_raw(raw) } {
            Ok(ecb) => ecb,
            Err(error) => {
                tracing::error!("HttpExtensionProc: {error}");
                return sys::HSE_STATUS_ERROR;
            }
        };
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let (reply, replied) = mpsc::channel();
        table().insert(
            id,
            Request {
                ecb: Some(ecb),
                reply: (!self.thread_pool).then_some(reply),
                finished: false,
                owner: self.owner,
            },
        );
        let status = self.notify.call(
            (KIND_REQUEST, id, 0, 0).into(),
            ThreadsafeFunctionCallMode::NonBlocking,
        );
        if status != Status::Ok {
            return fail(id, "Node is not taking calls (the handler was closed)");
        }
        if self.thread_pool {
            return sys::HSE_STATUS_PENDING;
        }
        match replied.recv_timeout(self.reply_timeout) {
            Ok(status) => {
                table().remove(&id);
                status
            }
            Err(_) => fail(id, "the handler did not answer in time"),
        }
    }

    fn terminate_extension(&self) {}
}

/// Ends request `id` with a short 500 when JS cannot take it.
fn fail(id: u32, why: &str) -> u32 {
    tracing::error!("request {id}: {why}; answered 500");
    // A JS call still using the ECB (a handler that overran its time) finishes first.
    let entry = loop {
        let mut table = table();
        match table.get(&id) {
            Some(request) if request.ecb.is_none() && !request.finished => {
                drop(table);
                std::thread::sleep(Duration::from_millis(1));
            }
            _ => break table.remove(&id),
        }
    };
    if let Some(mut ecb) = entry.and_then(|e| e.ecb) {
        crate::errors::internal_error(&mut ecb);
    }
    sys::HSE_STATUS_SUCCESS
}

/// Runs `f` on request `id`'s ECB, taken out of the table for the call.
fn with_ecb<R>(id: u32, f: impl FnOnce(&mut Ecb) -> isapi::Result<R>) -> Result<R> {
    let mut ecb = {
        let mut table = table();
        let request = table.get_mut(&id).ok_or_else(finished)?;
        request.ecb.take().ok_or_else(finished)?
    };
    let result = f(&mut ecb);
    let mut table = table();
    match table.get_mut(&id) {
        Some(request) if !request.finished => request.ecb = Some(ecb),
        _ => {}
    }
    result.map_err(host_error)
}

fn finished() -> Error {
    js_error(
        "ExtensionError",
        None,
        "the request is already finished (DoneWithSession was called or the handler returned)",
    )
}

/// Fields of the ECB itself (pywin32's attributes).
#[napi]
pub fn ecb_field(id: u32, name: String) -> Result<Either<String, f64>> {
    with_ecb(id, |ecb| {
        Ok(match name.as_str() {
            "Method" => Either::A(ecb.method().into_owned()),
            "QueryString" => Either::A(ecb.query_string().into_owned()),
            "PathInfo" => Either::A(ecb.path_info().into_owned()),
            "PathTranslated" => Either::A(ecb.path_translated().into_owned()),
            "ContentType" => Either::A(ecb.content_type().into_owned()),
            "LogData" => Either::A(ecb.log_data()),
            "TotalBytes" => Either::B(f64::from(ecb.total_bytes())),
            "AvailableBytes" => Either::B(f64::from(ecb.available_bytes())),
            "ConnID" => Either::B(ecb.conn_id() as f64),
            "Version" => Either::B(f64::from(ecb.version())),
            "HttpStatusCode" => Either::B(f64::from(ecb.http_status_code())),
            _ => {
                return Err(isapi::Error::InvalidArgument(format!(
                    "no ECB field {name}"
                )))
            }
        })
    })
}

#[napi]
pub fn ecb_set_field(id: u32, name: String, value: Either<String, u32>) -> Result<()> {
    with_ecb(id, |ecb| {
        match (name.as_str(), value) {
            ("HttpStatusCode", Either::B(status)) => ecb.set_http_status_code(status),
            ("LogData", Either::A(text)) => ecb.set_log_data(&text),
            _ => return Err(isapi::Error::InvalidArgument(format!("cannot set {name}"))),
        }
        Ok(())
    })
}

/// `AvailableData`: the preloaded body (what `ReadClient` has not handed out counts as read).
#[napi]
pub fn ecb_available_data(id: u32) -> Result<Buffer> {
    with_ecb(id, |ecb| {
        ecb.consume_preload();
        Ok(ecb.available_data().to_vec().into())
    })
}

#[napi]
pub fn ecb_server_variable(id: u32, name: String) -> Result<Option<Buffer>> {
    with_ecb(id, |ecb| Ok(ecb.server_variable(&name)?.map(Buffer::from)))
}

#[napi]
pub fn ecb_write(id: u32, data: Buffer) -> Result<()> {
    with_ecb(id, |ecb| ecb.write_client(&data))
}

#[napi]
pub fn ecb_read(id: u32, size: u32) -> Result<Buffer> {
    with_ecb(id, |ecb| {
        let mut buffer = vec![0u8; size as usize];
        let read = ecb.read_body(&mut buffer)?;
        buffer.truncate(read);
        Ok(buffer.into())
    })
}

#[napi]
pub fn ecb_send_response_headers(
    id: u32,
    status: String,
    headers: String,
    keep_alive: bool,
) -> Result<()> {
    with_ecb(id, |ecb| {
        ecb.send_response_headers(&status, &headers, keep_alive)
    })
}

#[napi]
pub fn ecb_redirect(id: u32, url: String) -> Result<()> {
    with_ecb(id, |ecb| ecb.redirect(&url))
}

#[napi]
pub fn ecb_is_keep_conn(id: u32) -> Result<bool> {
    with_ecb(id, Ecb::is_keep_conn)
}

/// `DoneWithSession(status)`: the request ends; the id is forgotten.
#[napi]
pub fn ecb_done(id: u32, status: u32) -> Result<()> {
    let ecb = {
        let mut table = table();
        let request = table.get_mut(&id).ok_or_else(finished)?;
        let ecb = request.ecb.take().ok_or_else(finished)?;
        if request.reply.is_none() {
            table.remove(&id);
        } else {
            // The host thread still waits for the status: it removes the entry.
            request.finished = true;
        }
        ecb
    };
    ecb.done_with_session(status).map_err(host_error)
}

/// The status `HttpExtensionProc` returns, for the host thread waiting on it.
#[napi]
pub fn ecb_reply(id: u32, status: u32) {
    if let Some(reply) = table().get_mut(&id).and_then(|r| r.reply.take()) {
        let _ = reply.send(status);
    }
}

/// Whether request `id` is still open (not ended by `DoneWithSession`, not replied to).
#[napi]
pub fn ecb_is_open(id: u32) -> bool {
    table()
        .get(&id)
        .is_some_and(|r| !r.finished && r.ecb.is_some())
}

/// The short 500 the DLL sends when a handler fails before sending headers.
#[napi]
pub fn ecb_internal_error(id: u32) -> Result<()> {
    with_ecb(id, |ecb| {
        crate::errors::internal_error(ecb);
        Ok(())
    })
}

#[napi]
pub fn ecb_set_flush_flag(id: u32, flag: bool) -> Result<()> {
    with_ecb(id, |ecb| ecb.set_flush_flag(flag))
}

#[napi]
pub fn ecb_map_url_to_path(id: u32, url: String) -> Result<String> {
    with_ecb(id, |ecb| ecb.map_url_to_path(&url))
}

#[napi(object)]
pub struct UrlMapping {
    #[napi(js_name = "Path")]
    pub path: String,
    #[napi(js_name = "Flags")]
    pub flags: u32,
    #[napi(js_name = "MatchingPath")]
    pub matching_path: u32,
    #[napi(js_name = "MatchingURL")]
    pub matching_url: u32,
}

#[napi]
pub fn ecb_map_url_to_path_ex(id: u32, url: String) -> Result<UrlMapping> {
    with_ecb(id, |ecb| {
        let mapping = ecb.map_url_to_path_ex(&url)?;
        Ok(UrlMapping {
            path: mapping.path,
            flags: mapping.flags,
            matching_path: mapping.matching_path,
            matching_url: mapping.matching_url,
        })
    })
}

#[napi]
pub fn ecb_normalize_url(id: u32, url: String) -> Result<String> {
    with_ecb(id, |ecb| ecb.normalize_url(&url))
}

#[napi]
pub fn ecb_send_url(id: u32, url: String) -> Result<()> {
    with_ecb(id, |ecb| ecb.send_url(&url))
}

#[napi]
pub fn ecb_send_custom_error(id: u32, status: String, sub_error: u32) -> Result<()> {
    with_ecb(id, |ecb| {
        ecb.send_custom_error(&status, u16::try_from(sub_error).unwrap_or(u16::MAX))
    })
}

#[napi]
pub fn ecb_append_log_parameter(id: u32, text: String) -> Result<()> {
    with_ecb(id, |ecb| ecb.append_log_parameter(&text))
}

#[napi]
pub fn ecb_report_unhealthy(id: u32, reason: Option<String>) -> Result<()> {
    with_ecb(id, |ecb| ecb.report_unhealthy(reason.as_deref()))
}

/// The requests without arguments: `CloseConnection`, `AbortiveClose`.
#[napi]
pub fn ecb_simple_request(id: u32, name: String) -> Result<()> {
    with_ecb(id, |ecb| match name.as_str() {
        "CloseConnection" => ecb.simple_request(
            sys::HSE_REQ_CLOSE_CONNECTION,
            "ServerSupportFunction(HSE_REQ_CLOSE_CONNECTION)",
        ),
        "AbortiveClose" => ecb.simple_request(
            sys::HSE_REQ_ABORTIVE_CLOSE,
            "ServerSupportFunction(HSE_REQ_ABORTIVE_CLOSE)",
        ),
        _ => Err(isapi::Error::InvalidArgument(format!("no request {name}"))),
    })
}

#[napi]
pub fn ecb_is_connected(id: u32) -> Result<bool> {
    with_ecb(id, Ecb::is_connected)
}

#[napi]
pub fn ecb_is_in_process(id: u32) -> Result<u32> {
    with_ecb(id, Ecb::is_in_process)
}

#[napi]
pub fn ecb_impersonation_token(id: u32) -> Result<f64> {
    with_ecb(id, |ecb| ecb.impersonation_token().map(|t| t as f64))
}

#[napi]
pub fn ecb_anonymous_token(id: u32, metabase_path: String) -> Result<f64> {
    with_ecb(id, |ecb| {
        ecb.anonymous_token(&metabase_path).map(|t| t as f64)
    })
}

/// The escape hatch with a byte buffer (returned as the server left it).
#[napi]
pub fn ecb_support_bytes(
    id: u32,
    code: u32,
    data: Buffer,
    data_type: Option<u32>,
) -> Result<Buffer> {
    with_ecb(id, |ecb| {
        let mut buffer = data.to_vec();
        ecb.server_support_function_bytes(code, &mut buffer, data_type)?;
        Ok(buffer.into())
    })
}

/// The escape hatch with a number passed by value.
#[napi]
pub fn ecb_support_value(id: u32, code: u32, value: f64) -> Result<()> {
    with_ecb(id, |ecb| {
        ecb.server_support_function_value(code, value as usize)
    })
}

#[napi(object)]
pub struct TransmitOptions {
    pub status: Option<String>,
    pub headers: Option<String>,
    pub head: Option<Buffer>,
    pub tail: Option<Buffer>,
    pub offset: Option<u32>,
    pub length: Option<u32>,
    pub disconnect: Option<bool>,
}

/// `TransmitFile`, synchronously (the DLL's way when a server refuses async I/O).
#[napi]
pub fn ecb_transmit_file(id: u32, path: String, options: TransmitOptions) -> Result<()> {
    let spec = isapi::TransmitSpec {
        status: options.status,
        headers: options.headers.unwrap_or_default(),
        head: options.head.map(|b| b.to_vec()).unwrap_or_default(),
        tail: options.tail.map(|b| b.to_vec()).unwrap_or_default(),
        offset: options.offset.unwrap_or(0),
        length: options.length.unwrap_or(0),
        disconnect: options.disconnect.unwrap_or(false),
    };
    with_ecb(id, |ecb| {
        let mut transmission = isapi::Transmission::open(&path, spec)?;
        // SAFETY: `transmission` owns what `info` points to and outlives this call.
        unsafe { ecb.transmit_file(&mut transmission.info) }
    })
}

#[napi(object)]
pub struct VectorElement {
    pub bytes: Option<Buffer>,
    pub path: Option<String>,
    pub offset: Option<f64>,
    pub length: Option<f64>,
}

#[napi]
pub fn ecb_vector_send(
    id: u32,
    elements: Vec<VectorElement>,
    status: Option<String>,
    headers: Option<String>,
    disconnect: bool,
) -> Result<()> {
    let parts = elements
        .into_iter()
        .map(|element| match (element.bytes, element.path) {
            (Some(bytes), _) => isapi::VectorPart::Bytes(bytes.to_vec()),
            (None, Some(path)) => isapi::VectorPart::File {
                path,
                offset: element.offset.unwrap_or(0.0).max(0.0) as u64,
                length: element.length.unwrap_or(0.0).max(0.0) as u64,
            },
            (None, None) => isapi::VectorPart::Bytes(Vec::new()),
        })
        .collect();
    with_ecb(id, |ecb| {
        let mut vector =
            isapi::Vector::new(parts, status, headers.as_deref().unwrap_or(""), disconnect)?;
        // SAFETY: `vector` owns its buffers, files and elements, and outlives this call.
        unsafe { ecb.vector_send(&mut vector.vector) }
    })
}

#[napi(object)]
pub struct ExecOptions {
    pub url: Option<String>,
    pub method: Option<String>,
    pub headers: Option<String>,
    pub entity: Option<Buffer>,
    pub flags: Option<u32>,
}

#[napi(object)]
pub struct ExecStatus {
    #[napi(js_name = "HttpStatusCode")]
    pub http_status_code: u32,
    #[napi(js_name = "HttpSubStatus")]
    pub http_sub_status: u32,
    #[napi(js_name = "Win32Error")]
    pub win32_error: u32,
}

/// `HSE_REQ_EXEC_URL`, completed through `HSE_REQ_IO_COMPLETION`: started here, on the JS
/// thread (so no other call sees the ECB out of the table), and resolved with the child's
/// status when the server reports the child request ended.
#[napi]
pub fn ecb_exec_url<'env>(
    env: &'env Env,
    id: u32,
    options: ExecOptions,
) -> Result<PromiseRaw<'env, ExecStatus>> {
    let mut request = isapi::ExecRequest::new(isapi::ExecSpec {
        url: options.url,
        method: options.method,
        headers: options.headers,
        entity: options.entity.map(|b| b.to_vec()),
        flags: options.flags.unwrap_or(0),
    })
    .map_err(host_error)?;
    let (completed, completion) = tokio::sync::oneshot::channel::<(u32, u32)>();
    let token = NEXT_COMPLETION.fetch_add(1, Ordering::Relaxed);
    completions().insert(token, completed);
    let started = with_ecb(id, |ecb| {
        // SAFETY: the context is a number, not a pointer (see `COMPLETIONS`); the routine
        // is a plain function of this addon, which Node never unloads.
        unsafe { ecb.register_io_completion(on_completion, token as *mut std::ffi::c_void)? };
        // SAFETY: `request` moves into the future below and lives until the completion.
        unsafe { ecb.exec_url(&mut request.info) }
    });
    if let Err(error) = started {
        // No completion comes for an operation that did not start.
        completions().remove(&token);
        return Err(error);
    }
    env.spawn_future(async move {
        let outcome = completion.await;
        drop(request);
        let (_, error) = outcome.map_err(|_| Error::from_reason("ExecURL never completed"))?;
        let (status, sub_status, win32) =
            with_ecb(id, |ecb| ecb.exec_url_status()).unwrap_or((0, 0, error));
        Ok(ExecStatus {
            http_status_code: u32::from(status),
            http_sub_status: u32::from(sub_status),
            win32_error: if win32 != 0 { win32 } else { error },
        })
    })
}

/// Operations waiting for their completion, by the token their routine gets as its
/// `pContext`. A token, not a pointer to memory the waiting future frees: the future may
/// run and free what it owns as soon as the routine has sent, while the routine is still
/// returning (a boxed mutex as the context had its unlock write into the block the future
/// had just freed: heap corruption). A late or repeated completion, or one through the
/// routine left registered with the request, finds no entry and does nothing.
static COMPLETIONS: LazyLock<Mutex<HashMap<usize, Completed>>> = LazyLock::new(Default::default);
static NEXT_COMPLETION: AtomicUsize = AtomicUsize::new(1);

type Completed = tokio::sync::oneshot::Sender<(u32, u32)>;

fn completions() -> std::sync::MutexGuard<'static, HashMap<usize, Completed>> {
    COMPLETIONS.lock().unwrap_or_else(|e| e.into_inner())
}

/// The server's completion routine: runs on a server thread, only signals.
unsafe extern "system" fn on_completion(
    _ecb: *mut sys::EXTENSION_CONTROL_BLOCK,
    context: *mut std::ffi::c_void,
    bytes: u32,
    error: u32,
) {
    // Out of the table (and the lock released) before the send wakes the future.
    let waiting = completions().remove(&(context as usize));
    if let Some(sender) = waiting {
        let _ = sender.send((bytes, error));
    }
}

/// Called when handler `owner` closes: its synchronous calls still waiting are failed.
pub(crate) fn abandon(owner: u32) {
    for request in table().values_mut().filter(|r| r.owner == owner) {
        request.reply = None;
    }
}

/// `GetExecURLStatus`: the last child request's status.
#[napi]
pub fn ecb_exec_url_status(id: u32) -> Result<ExecStatus> {
    let (status, sub_status, win32) = with_ecb(id, |ecb| ecb.exec_url_status())?;
    Ok(ExecStatus {
        http_status_code: u32::from(status),
        http_sub_status: u32::from(sub_status),
        win32_error: win32,
    })
}
