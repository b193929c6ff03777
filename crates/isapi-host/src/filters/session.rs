//! One connection's filter state: an `HTTP_FILTER_CONTEXT` per filter (its
//! `pFilterContext` lives as long as the connection), and the notifications raised on it.
use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

use isapi_sys as sys;

use super::callbacks;
use super::chain::FilterChain;

/// What the filters decided about a request.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Go on (NEXT_NOTIFICATION or HANDLED_NOTIFICATION).
    Continue,
    /// A filter answered the request itself (FINISHED, FINISHED_KEEP_CONN).
    Finished,
    /// A filter failed (ERROR): the request ends with 500.
    Error,
}

/// The request line and headers, as PREPROC_HEADERS filters see and change them.
#[derive(Clone, Debug, Default)]
pub(crate) struct RequestHead {
    pub method: String,
    /// The request target as received (path and query).
    pub url: String,
    pub version: String,
    /// Names as received (case kept), values as text.
    pub headers: Vec<(String, String)>,
}

/// What a filter's callbacks work on during one notification.
#[derive(Default)]
pub(crate) struct CallState {
    pub request: Option<RequestHead>,
    pub response: Option<(u16, Vec<(String, String)>)>,
    /// `AddResponseHeaders` lines, added to this request's response.
    pub added: Vec<(String, String)>,
    /// `AllocMem` blocks: freed when the connection ends.
    pub memory: Vec<Box<[u8]>>,
    /// `SF_REQ_DISABLE_NOTIFICATIONS` asked by the filter at this context address.
    pub disable: Vec<(usize, u32)>,
    pub connection_id: usize,
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
    pub(crate) fn new(chain: Arc<FilterChain>) -> FilterSession {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let state = Arc::new(Mutex::new(CallState {
            connection_id: id,
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

    /// Calls every filter that wants `notification`, in order, until one ends the chain.
    fn raise(&mut self, notification: u32, data: *mut c_void) -> Outcome {
        let mut outcome = Outcome::Continue;
        let chain = self.chain.clone();
        for (index, filter) in chain.filters.iter().enumerate() {
            let wanted = filter.flags & notification != 0
                && filter.flags & sys::SF_NOTIFY_NONSECURE_PORT != 0;
            if !wanted || self.disabled[index] & notification != 0 {
                continue;
            }
            let context: *mut sys::HTTP_FILTER_CONTEXT = &mut self.contexts[index];
            // SAFETY: the context lives in this session; `data` is the notification's
            // struct (or null where the SDK says so), valid for the call.
            let status = unsafe { (filter.proc)(context, notification, data) };
            self.apply_disables();
            match status {
                sys::SF_STATUS_REQ_NEXT_NOTIFICATION | sys::SF_STATUS_REQ_READ_NEXT => {}
                sys::SF_STATUS_REQ_HANDLED_NOTIFICATION => break,
                sys::SF_STATUS_REQ_FINISHED | sys::SF_STATUS_REQ_FINISHED_KEEP_CONN => {
                    outcome = Outcome::Finished;
                    break;
                }
                sys::SF_STATUS_REQ_ERROR => {
                    tracing::error!("filter {} answered SF_STATUS_REQ_ERROR", filter.name);
                    outcome = Outcome::Error;
                    break;
                }
                other => {
                    tracing::error!(
                        "filter {} returned an unknown status {other:#x}",
                        filter.name
                    );
                    outcome = Outcome::Error;
                    break;
                }
            }
        }
        outcome
    }

    fn apply_disables(&mut self) {
        let requests = std::mem::take(&mut lock(&self.state).disable);
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

    /// `SF_NOTIFY_PREPROC_HEADERS`: filters may read and change the request line and headers.
    pub(crate) fn preproc_headers(&mut self, head: &mut RequestHead) -> Outcome {
        lock(&self.state).request = Some(std::mem::take(head));
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
        let mut state = lock(&self.state);
        *head = state.request.take().unwrap_or_default();
        // Kept for GetServerVariable in later notifications of this request.
        state.request = Some(head.clone());
        outcome
    }

    /// `SF_NOTIFY_SEND_RESPONSE`: filters may change the status and headers; then the
    /// request's `AddResponseHeaders` lines are added.
    pub(crate) fn send_response(
        &mut self,
        status: &mut u16,
        headers: &mut Vec<(String, String)>,
    ) -> Outcome {
        lock(&self.state).response = Some((*status, std::mem::take(headers)));
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
        let mut state = lock(&self.state);
        let (_, changed) = state.response.take().unwrap_or_default();
        *headers = changed;
        headers.append(&mut state.added);
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
        let mut state = lock(&self.state);
        state.request = None;
        state.added.clear();
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
    }
}
