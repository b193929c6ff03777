//! One request in flight: its ECB, the state behind the callbacks, and its life cycle.
//!
//! A request is reference-counted as the ISAPI contract requires (isapi-spec.md §2.5): one
//! reference for the `HttpExtensionProc` call and one for the session. `DONE_WITH_SESSION`
//! may arrive on another thread before the call returns `HSE_STATUS_PENDING`; the request
//! finishes when both references are gone, and only then is its ECB freed.
use std::cell::UnsafeCell;
use std::collections::HashMap;
use std::ffi::{c_char, c_void};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};
use std::time::Instant;

use bytes::Bytes;
use isapi_sys as sys;
use tokio::sync::{mpsc, oneshot};

use crate::head::{self, Head};
use crate::variables::RequestInfo;

/// Response body bytes, or why the response broke off. (Not hyper's `Frame`: extensions
/// send no trailers, and a channel block of frames is three times the size.)
pub type BodyFrame = Result<Bytes, std::io::Error>;

/// Requests by `ConnID`. Callbacks look their request up here, so a stale or forged
/// handle is an `ERROR_INVALID_PARAMETER`, never a wild pointer.
static LIVE: LazyLock<Mutex<ById>> = LazyLock::new(Default::default);

type ById = HashMap<usize, Arc<Request>, BuildHasherDefault<IdHasher>>;

/// `ConnID`s are distinct counters the host hands out, so they hash as themselves: every
/// callback looks its request up, and SipHash was a measurable part of a request.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8) | u64::from(byte);
        }
    }

    fn write_usize(&mut self, id: usize) {
        self.0 = id as u64;
    }
}
static NEXT_ID: AtomicUsize = AtomicUsize::new(1);

pub fn lookup(conn: sys::HCONN) -> Option<Arc<Request>> {
    LIVE.lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&(conn as usize))
        .cloned()
}

/// The requests in flight that belong to `shared`'s host.
pub(crate) fn live_of(shared: &Arc<crate::server::Shared>) -> Vec<Arc<Request>> {
    LIVE.lock()
        .unwrap_or_else(|e| e.into_inner())
        .values()
        .filter(|request| Arc::ptr_eq(&request.shared, shared))
        .cloned()
        .collect()
}

/// How many requests are in flight (for graceful shutdown).
pub fn live_count() -> usize {
    LIVE.lock().unwrap_or_else(|e| e.into_inner()).len()
}

pub struct Request {
    id: usize,
    /// When the ECB was made, for [`crate::overdue`].
    pub(crate) started: Instant,
    ecb: UnsafeCell<sys::EXTENSION_CONTROL_BLOCK>,
    // The ECB's strings point into this; it lives as long as the request.
    _strings: Box<[u8]>,
    _preload: Box<[u8]>,
    pub info: RequestInfo,
    pub keep_alive_requested: bool,
    body: Mutex<BodySource>,
    response: Mutex<ResponseState>,
    references: AtomicU32,
    session_done: AtomicBool,
    /// Asynchronous I/O (`HSE_REQ_IO_COMPLETION` and the operations that use it).
    pub(crate) async_io: crate::async_io::AsyncIo,
    pub(crate) shared: Arc<crate::server::Shared>,
    pub(crate) handler: Arc<crate::config::Handler>,
    pub(crate) depth: u8,
    /// `HSE_EXEC_URL_STATUS` of the last child request: status, sub-status, Win32 error.
    pub(crate) exec_status: Mutex<Option<(u16, u16, u32)>>,
    pub(crate) filters: Option<crate::filters::SharedSession>,
    pub(crate) log_notes: Option<crate::access_log::LogNotes>,
}

// SAFETY: the ECB's out-fields are written only by the extension, which the ISAPI
// contract lets do so from any thread; the host reads them only after the request
// finished. Everything else is behind mutexes or atomics.
unsafe impl Sync for Request {}
// SAFETY: as above; the raw pointers inside the ECB point into this same struct.
unsafe impl Send for Request {}

/// Request body beyond the preload: what's left of the last chunk, then the channel
/// fed by the task reading the connection.
struct BodySource {
    leftover: Bytes,
    chunks: Option<mpsc::Receiver<BodyChunk>>,
}

/// Body bytes from the connection, or why the body broke off (a Win32 code for
/// ReadClient: the client went away, or a limit cut it).
pub type BodyChunk = Result<Bytes, u32>;

struct ResponseState {
    head: Option<oneshot::Sender<Head>>,
    body: Option<mpsc::Sender<BodyFrame>>,
    headers_sent: bool,
    close: bool,
    /// Answered 504 by the host: whatever the extension sends now is refused.
    expired: bool,
    bytes_sent: u64,
    status: u16,
}

/// What the server keeps to answer the client.
pub struct ResponseChannels {
    pub head: oneshot::Receiver<Head>,
    pub body: mpsc::Receiver<BodyFrame>,
}

pub struct NewRequest {
    pub info: RequestInfo,
    pub keep_alive_requested: bool,
    pub preload: Vec<u8>,
    pub total_bytes: u32,
    pub rest_of_body: Option<mpsc::Receiver<BodyChunk>>,
    /// Where completions of asynchronous I/O run (never on the initiating thread).
    pub runtime: tokio::runtime::Handle,
    /// The host, for child requests (`HSE_REQ_EXEC_URL`).
    pub shared: Arc<crate::server::Shared>,
    /// The web.config entry that mapped this request.
    pub handler: Arc<crate::config::Handler>,
    /// 0 for a client's request, n for a child n levels down.
    pub depth: u8,
    /// The connection's filters, for URL_MAP on `MapURLToPath`.
    pub filters: Option<crate::filters::SharedSession>,
    /// Where `HSE_APPEND_LOG_PARAMETER` text goes (when the host keeps a W3C log).
    pub log_notes: Option<crate::access_log::LogNotes>,
}

/// The ECB's strings, each NUL-terminated (NULs inside dropped), in one allocation, and
/// where each starts.
fn c_strings<const N: usize>(texts: [&str; N]) -> (Box<[u8]>, [usize; N]) {
    let mut buffer = Vec::with_capacity(texts.iter().map(|t| t.len() + 1).sum());
    let mut starts = [0; N];
    for (text, start) in texts.iter().zip(&mut starts) {
        *start = buffer.len();
        buffer.extend(text.bytes().filter(|&b| b != 0));
        buffer.push(0);
    }
    (buffer.into_boxed_slice(), starts)
}

impl Request {
    /// Builds the ECB and registers the request; its `ConnID` is valid from here on.
    pub fn start(new: NewRequest) -> (Arc<Request>, ResponseChannels) {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let (strings, [method, query, path_info, path_translated, content_type]) = c_strings([
            &new.info.method,
            &new.info.query,
            &new.info.path_info,
            &new.info.path_translated,
            &new.info.content_type,
        ]);
        let available = new.preload.len();
        // IIS NUL-terminates lpbData; some extensions rely on it.
        let mut preload = new.preload;
        preload.push(0);
        let mut preload = preload.into_boxed_slice();
        let ecb = sys::EXTENSION_CONTROL_BLOCK {
            cbSize: std::mem::size_of::<sys::EXTENSION_CONTROL_BLOCK>() as u32,
            dwVersion: sys::HSE_VERSION,
            ConnID: id as *mut c_void,
            dwHttpStatusCode: 200,
            lpszLogData: [0; sys::HSE_LOG_BUFFER_LEN],
            lpszMethod: strings[method..].as_ptr().cast::<c_char>().cast_mut(),
            lpszQueryString: strings[query..].as_ptr().cast::<c_char>().cast_mut(),
            lpszPathInfo: strings[path_info..].as_ptr().cast::<c_char>().cast_mut(),
            lpszPathTranslated: strings[path_translated..]
                .as_ptr()
                .cast::<c_char>()
                .cast_mut(),
            cbTotalBytes: new.total_bytes,
            cbAvailable: available as u32,
            lpbData: preload.as_mut_ptr(),
            lpszContentType: strings[content_type..].as_ptr().cast::<c_char>().cast_mut(),
            GetServerVariable: Some(crate::callbacks::get_server_variable),
            WriteClient: Some(crate::callbacks::write_client),
            ReadClient: Some(crate::callbacks::read_client),
            ServerSupportFunction: Some(crate::callbacks::server_support_function),
        };
        let (head_tx, head_rx) = oneshot::channel();
        let (body_tx, body_rx) = mpsc::channel(16);
        let request = Arc::new(Request {
            id,
            started: Instant::now(),
            ecb: UnsafeCell::new(ecb),
            _strings: strings,
            _preload: preload,
            info: new.info,
            keep_alive_requested: new.keep_alive_requested,
            body: Mutex::new(BodySource {
                leftover: Bytes::new(),
                chunks: new.rest_of_body,
            }),
            response: Mutex::new(ResponseState {
                head: Some(head_tx),
                body: Some(body_tx),
                headers_sent: false,
                close: false,
                expired: false,
                bytes_sent: 0,
                status: 200,
            }),
            references: AtomicU32::new(2),
            session_done: AtomicBool::new(false),
            async_io: crate::async_io::AsyncIo::new(new.runtime),
            shared: new.shared,
            handler: new.handler,
            depth: new.depth,
            filters: new.filters,
            log_notes: new.log_notes,
            exec_status: Mutex::new(None),
        });
        LIVE.lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, request.clone());
        (
            request,
            ResponseChannels {
                head: head_rx,
                body: body_rx,
            },
        )
    }

    pub fn ecb_ptr(&self) -> *mut sys::EXTENSION_CONTROL_BLOCK {
        self.ecb.get()
    }

    fn response(&self) -> MutexGuard<'_, ResponseState> {
        self.response.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sends the status line and headers (once). `extra_body` is anything after the
    /// header block's blank line.
    pub fn send_head(
        &self,
        mut head: Head,
        extra_body: Bytes,
        keep_alive: bool,
    ) -> Result<(), u32> {
        let body = {
            let mut state = self.response();
            if state.expired {
                return Err(sys::ERROR_CONNECTION_ABORTED);
            }
            if state.headers_sent {
                return Err(sys::ERROR_INVALID_PARAMETER);
            }
            let sender = state.head.take().ok_or(sys::ERROR_INVALID_PARAMETER)?;
            state.headers_sent = true;
            state.status = head.status.as_u16();
            if !keep_alive {
                state.close = true;
            }
            head.close |= state.close;
            if sender.send(head).is_err() {
                return Err(sys::ERROR_CONNECTION_ABORTED);
            }
            state.body.clone()
        };
        if !extra_body.is_empty() {
            self.push_body(body, extra_body)?;
        }
        Ok(())
    }

    /// `WriteClient`: body bytes; before any header, a CGI-style header block is honoured.
    pub fn write(&self, data: &[u8]) -> Result<(), u32> {
        let headers_sent = self.response().headers_sent;
        if !headers_sent {
            let (head, rest) = match head::parse_cgi_block(data) {
                Some((head, offset)) => (head, &data[offset..]),
                None => (Head::ok(), data),
            };
            return self.send_head(head, Bytes::copy_from_slice(rest), true);
        }
        let body = {
            let state = self.response();
            if state.expired {
                return Err(sys::ERROR_CONNECTION_ABORTED);
            }
            state.body.clone()
        };
        self.push_body(body, Bytes::copy_from_slice(data))
    }

    fn push_body(&self, body: Option<mpsc::Sender<BodyFrame>>, data: Bytes) -> Result<(), u32> {
        let len = data.len() as u64;
        let body = body.ok_or(sys::ERROR_INVALID_PARAMETER)?;
        match body.try_send(Ok(data)) {
            Ok(()) => {}
            // The client is slower than the extension: this thread waits (backpressure).
            Err(mpsc::error::TrySendError::Full(frame)) => {
                crate::blocking::wait(|| body.blocking_send(frame))
                    .map_err(|_| sys::ERROR_CONNECTION_ABORTED)?
            }
            Err(mpsc::error::TrySendError::Closed(_)) => return Err(sys::ERROR_CONNECTION_ABORTED),
        }
        self.response().bytes_sent += len;
        Ok(())
    }

    /// `ReadClient`: waits for body bytes after the preload; 0 = end of body; an error
    /// when the body broke off.
    pub fn read(&self, buffer: &mut [u8]) -> Result<usize, u32> {
        let mut source = self.body.lock().unwrap_or_else(|e| e.into_inner());
        if source.leftover.is_empty() {
            let next = source
                .chunks
                .as_mut()
                .and_then(|chunks| match chunks.try_recv() {
                    Ok(chunk) => Some(chunk),
                    Err(mpsc::error::TryRecvError::Disconnected) => None,
                    Err(mpsc::error::TryRecvError::Empty) => {
                        crate::blocking::wait(|| chunks.blocking_recv())
                    }
                });
            match next {
                Some(Ok(chunk)) => source.leftover = chunk,
                Some(Err(code)) => return Err(code),
                None => {
                    source.chunks = None;
                    return Ok(0);
                }
            }
        }
        let n = source.leftover.len().min(buffer.len());
        buffer[..n].copy_from_slice(&source.leftover.split_to(n));
        Ok(n)
    }

    pub fn headers_sent(&self) -> bool {
        self.response().headers_sent
    }

    /// Asks for the connection to close after this response.
    pub fn close_connection(&self) {
        self.response().close = true;
    }

    pub fn will_keep_alive(&self) -> bool {
        self.keep_alive_requested && !self.response().close
    }

    pub fn is_connected(&self) -> bool {
        self.response()
            .body
            .as_ref()
            .is_some_and(|b| !b.is_closed())
    }

    /// `HttpExtensionProc` returned `status`.
    pub fn proc_returned(self: &Arc<Self>, status: u32) {
        match status {
            sys::HSE_STATUS_PENDING => {}
            sys::HSE_STATUS_ERROR => {
                self.fail();
                self.end_session();
            }
            _ => self.end_session(),
        }
        self.release();
    }

    /// `HSE_REQ_DONE_WITH_SESSION` with the extension's final status.
    pub fn done_with_session(self: &Arc<Self>, status: Option<u32>) -> bool {
        if self.session_done.load(Ordering::Acquire) {
            return false;
        }
        if status == Some(sys::HSE_STATUS_ERROR) {
            self.fail();
        }
        self.end_session();
        true
    }

    fn end_session(self: &Arc<Self>) {
        if !self.session_done.swap(true, Ordering::AcqRel) {
            self.release();
        }
    }

    /// The extension reported an error: 500 if nothing was sent, else a broken response
    /// that must not be mistaken for a complete one: as IIS, what the extension wrote
    /// goes out, then the connection is closed.
    fn fail(&self) {
        let mut state = self.response();
        if let Some(head) = state.head.take() {
            state.headers_sent = true;
            state.status = 500;
            let _ = head.send(Head::internal_error());
            if let Some(body) = &state.body {
                let _ = body.try_send(Ok(Bytes::from_static(head::INTERNAL_ERROR_BODY)));
            }
        } else if let Some(body) = state.body.take() {
            drop(state);
            // The break waits for room as a write does: lost, the body would end as if
            // complete. The server writes what came before it, then cuts the connection.
            let broken = Err(std::io::Error::other("the extension failed mid-response"));
            if let Err(mpsc::error::TrySendError::Full(frame)) = body.try_send(broken) {
                let _ = crate::blocking::wait(|| body.blocking_send(frame));
            }
        }
    }

    /// The extension has sent nothing since `started`: answers 504 and closes the
    /// connection. False if it had sent its head (then it is not overdue).
    pub(crate) fn expire(&self) -> bool {
        let mut state = self.response();
        let Some(head) = state.head.take() else {
            return false;
        };
        state.headers_sent = true;
        state.expired = true;
        state.close = true;
        state.status = 504;
        // The body ends after the page: the channel's sender goes with this scope.
        let body = state.body.take();
        if let (Ok(()), Some(body)) = (head.send(Head::gateway_timeout()), body) {
            let _ = body.try_send(Ok(Bytes::from_static(head::GATEWAY_TIMEOUT_BODY)));
        }
        true
    }

    /// Keeps the request (and its ECB) alive while an asynchronous operation runs.
    pub(crate) fn retain(&self) {
        self.references.fetch_add(1, Ordering::AcqRel);
    }

    pub(crate) fn release(self: &Arc<Self>) {
        if self.references.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.finish();
        }
    }

    /// Both references are gone: answer whatever is unanswered and forget the ConnID.
    fn finish(&self) {
        LIVE.lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.id);
        // SAFETY: the extension is done with the ECB (both references released).
        let ecb = unsafe { &*self.ecb.get() };
        let mut state = self.response();
        if let Some(sender) = state.head.take() {
            // The extension never sent headers: answer with its dwHttpStatusCode.
            let head = Head::status_only(ecb.dwHttpStatusCode);
            state.status = head.status.as_u16();
            let _ = sender.send(head);
        }
        state.body = None;
        let log: Vec<u8> = ecb
            .lpszLogData
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        if let Some(notes) = &self.log_notes {
            crate::access_log::note(notes, &String::from_utf8_lossy(&log));
        }
        tracing::info!(
            "{} {} -> {} ({} bytes){}{}",
            crate::log_text::escaped(&self.info.method),
            crate::log_text::escaped(&self.info.raw_target),
            state.status,
            state.bytes_sent,
            if log.is_empty() { "" } else { " log=" },
            crate::log_text::escaped(&String::from_utf8_lossy(&log))
        );
    }
}
