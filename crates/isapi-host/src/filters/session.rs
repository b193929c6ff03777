//! One connection's filter state: an `HTTP_FILTER_CONTEXT` per filter (its
//! `pFilterContext` lives as long as the connection), and the notifications raised on it.
//! Each `raise_*` method builds the notification's struct, calls the filters that want
//! it in order, and reads back what they changed.
use std::collections::HashMap;
use std::ffi::{c_void, CStr, CString};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

use isapi_sys as sys;

use super::callbacks;
use super::chain::FilterChain;

/// What the filters decided about a request.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub(crate) enum Outcome {
    /// Go on (NEXT_NOTIFICATION or HANDLED_NOTIFICATION).
    Continue,
    /// READ_RAW_DATA only: a filter wants more bytes before these go on.
    ReadNext,
    /// A filter answered the request itself (FINISHED, FINISHED_KEEP_CONN).
    Finished { keep_connection: bool },
    /// A filter failed (ERROR), with the error it set (`ERROR_ACCESS_DENIED` = 401).
    Error(u32),
}

/// The request line and headers, as PREPROC_HEADERS filters see and change them.
#[derive(Clone, Debug, Default)]
pub(crate) struct RequestHead {
    pub method: String,
    /// The canonical path ([`crate::canonical`]) and the query as received: the `url`
    /// filters read and may rewrite.
    pub url: String,
    /// The request target as received (path and query; `HTTP_URL`, `UNENCODED_URL`).
    pub raw_url: String,
    pub version: String,
    /// Names as received (case kept), values as text.
    pub headers: Vec<(String, String)>,
}

/// Who the request runs as, after AUTHENTICATION.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Identity {
    /// "Basic" when the credentials came from an Authorization header, else "".
    pub auth_type: String,
    pub user: String,
    pub password: String,
}

/// A response a filter produced itself (`SF_REQ_SEND_RESPONSE_HEADER`, `WriteClient`).
#[derive(Clone, Debug, Default)]
pub(crate) struct OwnResponse {
    /// Status line ("401 Unauthorized") and header block.
    pub head: Option<(String, String)>,
    pub body: Vec<u8>,
}

impl OwnResponse {
    pub(crate) fn is_empty(&self) -> bool {
        self.head.is_none() && self.body.is_empty()
    }
}

/// The fields of one `HTTP_FILTER_LOG` record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct LogRecord {
    pub client_host: String,
    pub client_user: String,
    pub server_name: String,
    pub operation: String,
    pub target: String,
    pub parameters: String,
    pub http_status: u32,
    pub win32_status: u32,
    pub bytes_sent: u32,
    pub bytes_received: u32,
    pub milliseconds: u32,
}

/// What a filter's callbacks work on during one notification.
#[derive(Default)]
pub(crate) struct CallState {
    pub request: Option<RequestHead>,
    pub response: Option<(u16, Vec<(String, String)>)>,
    /// `AddResponseHeaders` lines, added to this request's response.
    pub added: Vec<(String, String)>,
    /// `SF_REQ_ADD_HEADERS_ON_DENIAL` lines, added if the request ends in a 401.
    pub denial_headers: Vec<(String, String)>,
    pub own_response: OwnResponse,
    /// During SEND_RAW_DATA: what `WriteClient` puts on the wire ahead of the data.
    pub raw_writes: Option<Vec<u8>>,
    /// `AllocMem` blocks: freed when the connection ends.
    pub memory: Vec<Box<[u8]>>,
    /// `SF_REQ_DISABLE_NOTIFICATIONS` asked by the filter at this context address.
    pub disable: Vec<(usize, u32)>,
    /// `SF_REQ_SET_NEXT_READ_SIZE`: the size of the next socket read.
    pub next_read_size: Option<usize>,
    /// `SF_REQ_SET_PROXY_INFO`.
    pub proxy: bool,
    pub identity: Identity,
    pub connection_id: usize,
    pub peers: Option<(SocketAddr, SocketAddr)>,
}

/// Sessions by `ServerContext`, so that callbacks (which get only the context) find
/// their state, and a forged context is an error, not a wild pointer.
static SESSIONS: LazyLock<Mutex<HashMap<usize, Arc<Mutex<CallState>>>>> =
    LazyLock::new(Default::default);
static NEXT_ID: AtomicUsize = AtomicUsize::new(1);

pub(crate) fn state_of(server_context: *mut c_void) -> Option<Arc<Mutex<CallState>>> {
    SESSIONS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&(server_context as usize))
        .cloned()
}

pub(crate) fn lock(state: &Mutex<CallState>) -> std::sync::MutexGuard<'_, CallState> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

/// Room for a physical path a URL_MAP filter writes (`cbPathBuff`).
const PATH_BUFFER: usize = 4096;

pub(crate) struct FilterSession {
    chain: Arc<FilterChain>,
    id: usize,
    state: Arc<Mutex<CallState>>,
    /// One context per filter; a boxed slice never moves or grows, so each context's
    /// address (which filters keep) stays put for the connection.
    contexts: Box<[sys::HTTP_FILTER_CONTEXT]>,
    /// Notifications each filter turned off for this connection.
    disabled: Vec<u32>,
}

// SAFETY: the raw pointers in the contexts are the filters' own (`pFilterContext`) or
// our registry id; the session is used by one thread at a time (behind a Mutex).
unsafe impl Send for FilterSession {}

impl FilterSession {
    pub(crate) fn new(chain: Arc<FilterChain>, peers: (SocketAddr, SocketAddr)) -> FilterSession {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        chain.live_sessions.fetch_add(1, Ordering::SeqCst);
        let state = Arc::new(Mutex::new(CallState {
            connection_id: id,
            peers: Some(peers),
            ..CallState::default()
        }));
        SESSIONS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, state.clone());
        let contexts = chain
            .filters
            .iter()
            .map(|_| sys::HTTP_FILTER_CONTEXT {
                cbSize: std::mem::size_of::<sys::HTTP_FILTER_CONTEXT>() as u32,
                Revision: sys::HTTP_FILTER_REVISION,
                ServerContext: id as *mut c_void,
                ulReserved: 0,
                fIsSecurePort: sys::FALSE,
                pFilterContext: std::ptr::null_mut(),
                GetServerVariable: Some(callbacks::get_server_variable),
                AddResponseHeaders: Some(callbacks::add_response_headers),
                WriteClient: Some(callbacks::write_client),
                AllocMem: Some(callbacks::alloc_mem),
                ServerSupportFunction: Some(callbacks::server_support_function),
            })
            .collect();
        let disabled = vec![0; chain.filters.len()];
        FilterSession {
            chain,
            id,
            state,
            contexts,
            disabled,
        }
    }

    /// Whether the site may serve at all (every configured filter loaded).
    pub(crate) fn failure(&self) -> Option<&str> {
        self.chain.failure.as_deref()
    }

    /// Whether any filter asked for `notification` (raw-data plumbing is set up only then).
    pub(crate) fn wants(&self, notification: u32) -> bool {
        self.chain
            .filters
            .iter()
            .any(|f| f.flags & notification != 0)
    }

    pub(crate) fn state(&self) -> std::sync::MutexGuard<'_, CallState> {
        lock(&self.state)
    }

    /// Calls every filter that wants `notification`, in order (reversed for
    /// SEND_RAW_DATA: the highest priority runs nearest the wire), until one ends it.
    fn raise(&mut self, notification: u32, data: *mut c_void) -> Outcome {
        let chain = self.chain.clone();
        let count = chain.filters.len();
        let reversed = notification == sys::SF_NOTIFY_SEND_RAW_DATA;
        for step in 0..count {
            let index = if reversed { count - 1 - step } else { step };
            let filter = &chain.filters[index];
            let wanted = filter.flags & notification != 0
                && filter.flags & sys::SF_NOTIFY_NONSECURE_PORT != 0;
            if !wanted || self.disabled[index] & notification != 0 {
                continue;
            }
            let context: *mut sys::HTTP_FILTER_CONTEXT = &mut self.contexts[index];
            crate::callbacks::set_last_error(0);
            // SAFETY: the context lives in this session; `data` is the notification's
            // struct (or null where the SDK says so), valid for the call.
            let status = unsafe { filter.http_filter_proc(context, notification, data) };
            let error = crate::callbacks::last_error();
            self.apply_disables();
            match status {
                sys::SF_STATUS_REQ_NEXT_NOTIFICATION => {}
                sys::SF_STATUS_REQ_READ_NEXT if notification == sys::SF_NOTIFY_READ_RAW_DATA => {
                    return Outcome::ReadNext
                }
                sys::SF_STATUS_REQ_READ_NEXT => {}
                sys::SF_STATUS_REQ_HANDLED_NOTIFICATION => break,
                sys::SF_STATUS_REQ_FINISHED => {
                    return Outcome::Finished {
                        keep_connection: false,
                    }
                }
                sys::SF_STATUS_REQ_FINISHED_KEEP_CONN => {
                    return Outcome::Finished {
                        keep_connection: true,
                    }
                }
                sys::SF_STATUS_REQ_ERROR => {
                    if error != sys::ERROR_ACCESS_DENIED {
                        isapi::log_limited!(
                            error,
                            "filter {} answered SF_STATUS_REQ_ERROR in notification {notification:#x} (error {error})",
                            filter.name
                        );
                    }
                    return Outcome::Error(error);
                }
                other => {
                    isapi::log_limited!(
                        error,
                        "filter {} returned an unknown status {other:#x}",
                        filter.name
                    );
                    return Outcome::Error(0);
                }
            }
        }
        // Output written without FINISHED still answers the request: it is on its way.
        if notification != sys::SF_NOTIFY_SEND_RAW_DATA && !self.state().own_response.is_empty() {
            return Outcome::Finished {
                keep_connection: true,
            };
        }
        Outcome::Continue
    }

    fn apply_disables(&mut self) {
        let requests = std::mem::take(&mut self.state().disable);
        for (address, flags) in requests {
            if let Some(index) = self
                .contexts
                .iter()
                .position(|c| std::ptr::eq(c, address as *const _))
            {
                self.disabled[index] |= flags;
            }
        }
    }

    /// Starts a request: what the previous one left is cleared.
    pub(crate) fn begin_request(&mut self) {
        let mut state = self.state();
        state.request = None;
        state.response = None;
        state.added.clear();
        state.denial_headers.clear();
        state.own_response = OwnResponse::default();
        state.identity = Identity::default();
        state.proxy = false;
    }

    /// Takes the response a filter wrote itself.
    pub(crate) fn take_own_response(&mut self) -> OwnResponse {
        std::mem::take(&mut self.state().own_response)
    }

    /// `SF_NOTIFY_READ_RAW_DATA`: bytes read from the client, which filters may replace.
    pub(crate) fn read_raw_data(&mut self, bytes: &mut Vec<u8>) -> Outcome {
        self.raw_data(sys::SF_NOTIFY_READ_RAW_DATA, bytes)
    }

    /// `SF_NOTIFY_SEND_RAW_DATA`: bytes going to the client; filters may replace them
    /// and `WriteClient` more ahead of them.
    pub(crate) fn send_raw_data(&mut self, bytes: &mut Vec<u8>) -> Outcome {
        self.state().raw_writes = Some(Vec::new());
        let outcome = self.raw_data(sys::SF_NOTIFY_SEND_RAW_DATA, bytes);
        if let Some(mut written) = self.state().raw_writes.take() {
            if !written.is_empty() {
                written.append(bytes);
                *bytes = written;
            }
        }
        outcome
    }

    fn raw_data(&mut self, notification: u32, bytes: &mut Vec<u8>) -> Outcome {
        let mut buffer = std::mem::take(bytes);
        let mut data = sys::HTTP_FILTER_RAW_DATA {
            pvInData: buffer.as_mut_ptr().cast(),
            cbInData: buffer.len() as u32,
            cbInBuffer: buffer.capacity() as u32,
            dwReserved: 0,
        };
        let outcome = self.raise(
            notification,
            (&mut data as *mut sys::HTTP_FILTER_RAW_DATA).cast(),
        );
        // The filter may have edited in place or pointed at a buffer of its own.
        *bytes = if data.pvInData.is_null() || data.cbInData == 0 {
            Vec::new()
        } else {
            // SAFETY: the filter leaves pvInData/cbInData describing readable bytes (ours
            // or memory it owns until the end of the request).
            unsafe {
                std::slice::from_raw_parts(data.pvInData.cast::<u8>(), data.cbInData as usize)
            }
            .to_vec()
        };
        outcome
    }

    /// `SF_NOTIFY_PREPROC_HEADERS`: filters may read and change the request line and headers.
    pub(crate) fn preproc_headers(&mut self, head: &mut RequestHead) -> Outcome {
        self.state().request = Some(std::mem::take(head));
        let mut data = sys::HTTP_FILTER_PREPROC_HEADERS {
            GetHeader: Some(callbacks::get_header),
            SetHeader: Some(callbacks::set_header),
            AddHeader: Some(callbacks::add_header),
            HttpStatus: 0,
            dwReserved: 0,
        };
        let outcome = self.raise(
            sys::SF_NOTIFY_PREPROC_HEADERS,
            (&mut data as *mut sys::HTTP_FILTER_PREPROC_HEADERS).cast(),
        );
        // Kept for GetServerVariable and AUTH_COMPLETE later in this request.
        *head = self.state().request.clone().unwrap_or_default();
        outcome
    }

    /// `SF_NOTIFY_URL_MAP`: filters may rewrite the physical path of `url`.
    pub(crate) fn url_map(
        &mut self,
        url: &str,
        path: &mut String,
        details: (u32, u32, u32),
        script_map: Option<&str>,
    ) -> Outcome {
        let (Ok(c_url), Ok(c_script)) = (
            CString::new(url),
            CString::new(script_map.unwrap_or_default()),
        ) else {
            return Outcome::Error(sys::ERROR_INVALID_PARAMETER);
        };
        let mut buffer = vec![0u8; PATH_BUFFER.max(path.len() + 1)];
        buffer[..path.len()].copy_from_slice(path.as_bytes());
        let (flags, matching_path, matching_url) = details;
        let mut data = sys::HTTP_FILTER_URL_MAP_EX {
            pszURL: c_url.as_ptr(),
            pszPhysicalPath: buffer.as_mut_ptr().cast(),
            cbPathBuff: buffer.len() as u32,
            dwFlags: flags,
            cchMatchingPath: matching_path,
            cchMatchingURL: matching_url,
            pszScriptMapEntry: if script_map.is_some() {
                c_script.as_ptr()
            } else {
                std::ptr::null()
            },
        };
        let outcome = self.raise(
            sys::SF_NOTIFY_URL_MAP,
            (&mut data as *mut sys::HTTP_FILTER_URL_MAP_EX).cast(),
        );
        let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
        *path = String::from_utf8_lossy(&buffer[..end]).into_owned();
        outcome
    }

    /// `SF_NOTIFY_AUTHENTICATION`: filters may rewrite the user name and password.
    pub(crate) fn authentication(&mut self, identity: &mut Identity) -> Outcome {
        let mut user = [0u8; sys::SF_MAX_USERNAME];
        let mut password = [0u8; sys::SF_MAX_PASSWORD];
        fill(&mut user, &identity.user);
        fill(&mut password, &identity.password);
        let mut data = sys::HTTP_FILTER_AUTHENT {
            pszUser: user.as_mut_ptr().cast(),
            cbUserBuff: user.len() as u32,
            pszPassword: password.as_mut_ptr().cast(),
            cbPasswordBuff: password.len() as u32,
        };
        let outcome = self.raise(
            sys::SF_NOTIFY_AUTHENTICATION,
            (&mut data as *mut sys::HTTP_FILTER_AUTHENT).cast(),
        );
        identity.user = c_text(&user);
        identity.password = c_text(&password);
        self.state().identity = identity.clone();
        outcome
    }

    /// `SF_NOTIFY_AUTH_COMPLETE`: the identity is settled; filters may still change the
    /// request line and headers.
    pub(crate) fn auth_complete(&mut self, head: &mut RequestHead) -> Outcome {
        self.state().request = Some(std::mem::take(head));
        let mut data = sys::HTTP_FILTER_AUTH_COMPLETE_INFO {
            GetHeader: Some(callbacks::get_header),
            SetHeader: Some(callbacks::set_header),
            AddHeader: Some(callbacks::add_header),
            GetUserToken: Some(callbacks::get_user_token),
            HttpStatus: 0,
            fResetAuth: sys::FALSE,
            dwReserved: 0,
        };
        let outcome = self.raise(
            sys::SF_NOTIFY_AUTH_COMPLETE,
            (&mut data as *mut sys::HTTP_FILTER_AUTH_COMPLETE_INFO).cast(),
        );
        *head = self.state().request.clone().unwrap_or_default();
        outcome
    }

    /// `SF_NOTIFY_ACCESS_DENIED`: the response is a 401; filters may answer instead.
    pub(crate) fn access_denied(&mut self, url: &str, path: &str, reason: u32) -> Outcome {
        let (Ok(c_url), Ok(c_path)) = (CString::new(url), CString::new(path)) else {
            return Outcome::Error(sys::ERROR_INVALID_PARAMETER);
        };
        let mut data = sys::HTTP_FILTER_ACCESS_DENIED {
            pszURL: c_url.as_ptr(),
            pszPhysicalPath: c_path.as_ptr(),
            dwReason: reason,
        };
        self.raise(
            sys::SF_NOTIFY_ACCESS_DENIED,
            (&mut data as *mut sys::HTTP_FILTER_ACCESS_DENIED).cast(),
        )
    }

    /// The headers `SF_REQ_ADD_HEADERS_ON_DENIAL` asked for.
    pub(crate) fn take_denial_headers(&mut self) -> Vec<(String, String)> {
        std::mem::take(&mut self.state().denial_headers)
    }

    /// `SF_NOTIFY_SEND_RESPONSE`: filters may change the status and headers; then the
    /// request's `AddResponseHeaders` lines are added.
    pub(crate) fn send_response(
        &mut self,
        status: &mut u16,
        headers: &mut Vec<(String, String)>,
    ) -> Outcome {
        self.state().response = Some((*status, std::mem::take(headers)));
        let mut data = sys::HTTP_FILTER_PREPROC_HEADERS {
            GetHeader: Some(callbacks::get_header),
            SetHeader: Some(callbacks::set_header),
            AddHeader: Some(callbacks::add_header),
            HttpStatus: u32::from(*status),
            dwReserved: 0,
        };
        let outcome = self.raise(
            sys::SF_NOTIFY_SEND_RESPONSE,
            (&mut data as *mut sys::HTTP_FILTER_PREPROC_HEADERS).cast(),
        );
        let mut state = self.state();
        let (_, changed) = state.response.take().unwrap_or_default();
        *headers = changed;
        headers.append(&mut state.added);
        one_server_header(headers);
        if let Ok(new_status) = u16::try_from(data.HttpStatus) {
            if (100..1000).contains(&new_status) {
                *status = new_status;
            }
        }
        outcome
    }

    /// `SF_NOTIFY_END_OF_REQUEST`.
    pub(crate) fn end_of_request(&mut self) {
        self.raise(sys::SF_NOTIFY_END_OF_REQUEST, std::ptr::null_mut());
    }

    /// `SF_NOTIFY_LOG`: filters may rewrite the record before it is written.
    pub(crate) fn log(&mut self, record: &mut LogRecord) {
        let texts = [
            &record.client_host,
            &record.client_user,
            &record.server_name,
            &record.operation,
            &record.target,
            &record.parameters,
        ]
        .map(|text| CString::new(text.replace('\0', "")).unwrap_or_default());
        let mut data = sys::HTTP_FILTER_LOG {
            pszClientHostName: texts[0].as_ptr(),
            pszClientUserName: texts[1].as_ptr(),
            pszServerName: texts[2].as_ptr(),
            pszOperation: texts[3].as_ptr(),
            pszTarget: texts[4].as_ptr(),
            pszParameters: texts[5].as_ptr(),
            dwHttpStatus: record.http_status,
            dwWin32Status: record.win32_status,
            dwBytesSent: record.bytes_sent,
            dwBytesRecvd: record.bytes_received,
            msTimeForProcessing: record.milliseconds,
        };
        self.raise(
            sys::SF_NOTIFY_LOG,
            (&mut data as *mut sys::HTTP_FILTER_LOG).cast(),
        );
        // SAFETY: filters leave NUL-terminated strings (ours, or memory of theirs valid
        // until the next notification) in the pointers.
        let read = |ptr: *const sys::CHAR| unsafe { c_str(ptr) };
        *record = LogRecord {
            client_host: read(data.pszClientHostName),
            client_user: read(data.pszClientUserName),
            server_name: read(data.pszServerName),
            operation: read(data.pszOperation),
            target: read(data.pszTarget),
            parameters: read(data.pszParameters),
            http_status: data.dwHttpStatus,
            win32_status: data.dwWin32Status,
            bytes_sent: data.dwBytesSent,
            bytes_received: data.dwBytesRecvd,
            milliseconds: data.msTimeForProcessing,
        };
    }
}

impl Drop for FilterSession {
    /// `SF_NOTIFY_END_OF_NET_SESSION`, then the connection's memory goes.
    fn drop(&mut self) {
        self.raise(sys::SF_NOTIFY_END_OF_NET_SESSION, std::ptr::null_mut());
        SESSIONS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.id);
        self.chain.live_sessions.fetch_sub(1, Ordering::SeqCst);
    }
}

fn fill(buffer: &mut [u8], text: &str) {
    let bytes = text.as_bytes();
    let take = bytes.len().min(buffer.len() - 1);
    buffer[..take].copy_from_slice(&bytes[..take]);
    buffer[take] = 0;
}

fn c_text(buffer: &[u8]) -> String {
    let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
    String::from_utf8_lossy(&buffer[..end]).into_owned()
}

/// # Safety
/// `ptr` is null or NUL-terminated.
unsafe fn c_str(ptr: *const sys::CHAR) -> String {
    if ptr.is_null() {
        return String::new();
    }
    // SAFETY: per the function contract.
    unsafe { CStr::from_ptr(ptr) }
        .to_string_lossy()
        .into_owned()
}

/// A filter's (or handler's) own `Server` header replaces the host's: a response carries
/// one only, the last one set when several were.
fn one_server_header(headers: &mut Vec<(String, String)>) {
    let is_server = |name: &str| name.eq_ignore_ascii_case("server");
    if headers.iter().filter(|(n, _)| is_server(n)).count() < 2 {
        return;
    }
    headers.retain(|(n, v)| !(is_server(n) && v == crate::variables::SERVER_SOFTWARE));
    while headers.iter().filter(|(n, _)| is_server(n)).count() > 1 {
        if let Some(first) = headers.iter().position(|(n, _)| is_server(n)) {
            headers.remove(first);
        }
    }
}
