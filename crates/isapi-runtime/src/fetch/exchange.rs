//! One fetch on the reactor: the request sent (again after a stale pooled connection,
//! and along redirects per the Fetch standard), then the response body read one frame
//! ahead of the reader. Everything it learns goes to the engine as an [`Event`].
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::client::legacy::Client;
use tokio::sync::{mpsc, Semaphore};

use super::connect::{ConnectError, Connector, Reuse};

/// Redirects followed before a fetch fails (the Fetch standard's limit).
const MAX_REDIRECTS: usize = 20;
/// Times a request is sent again after its pooled connection turned out closed.
const MAX_STALE_RETRIES: usize = 4;

pub(super) type HttpClient = Client<Connector, Outgoing>;

/// What the reactor tells the engine about one fetch.
pub(super) enum Event {
    /// The response head: status, reason, headers, final URL, redirected, no body.
    Head {
        status: u16,
        reason: String,
        headers: Vec<(String, String)>,
        url: String,
        redirected: bool,
        finished: bool,
    },
    /// The next piece of the body, or `None` at its end.
    Chunk(Option<Bytes>),
    /// The fetch failed (before or after the head).
    Failed(String),
    /// The request body's last chunk was taken (or refused: `false`).
    Written(bool),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Redirect {
    Follow,
    Manual,
    Error,
}

/// A request body: none, bytes (which can be sent again), or chunks from the engine.
pub(super) enum Outgoing {
    Bytes(Option<Bytes>),
    Stream(mpsc::Receiver<Bytes>),
}

impl Body for Outgoing {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Outgoing::Bytes(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Outgoing::Stream(chunks) => chunks.poll_recv(cx).map(|c| c.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Outgoing::Bytes(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Outgoing::Bytes(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Outgoing::Stream(_) => SizeHint::default(),
        }
    }
}

/// The body as the plan holds it across redirects and retries.
pub(super) enum PlannedBody {
    None,
    Bytes(Bytes),
    /// Chunks the engine writes; usable once (no retry, no 307/308 redirect).
    Stream(Option<mpsc::Receiver<Bytes>>),
}

impl PlannedBody {
    fn replayable(&self) -> bool {
        !matches!(self, PlannedBody::Stream(_))
    }
    fn take(&mut self) -> Result<Outgoing, String> {
        match self {
            PlannedBody::None => Ok(Outgoing::Bytes(None)),
            PlannedBody::Bytes(bytes) => Ok(Outgoing::Bytes(Some(bytes.clone()))),
            PlannedBody::Stream(chunks) => chunks
                .take()
                .map(Outgoing::Stream)
                .ok_or_else(|| "a streamed request body cannot be sent twice".to_owned()),
        }
    }
}

pub(super) struct Plan {
    pub url: url::Url,
    pub method: Method,
    pub headers: HeaderMap,
    pub body: PlannedBody,
    pub redirect: Redirect,
}

/// How long a fetch may take, and how many may run at once in the engine.
pub(super) struct Limits {
    pub total: Duration,
    pub permits: Arc<Semaphore>,
}

/// Runs one fetch to its end: `post` carries each [`Event`] to the engine; `asks`
/// brings the reader's requests for the next body chunk.
pub(super) async fn run(
    client: HttpClient,
    plan: Plan,
    limits: Limits,
    mut asks: mpsc::UnboundedReceiver<()>,
    post: impl Fn(Event) -> bool,
) {
    // Queued here, not refused, while the engine's other fetches hold every permit.
    let Ok(_permit) = limits.permits.acquire_owned().await else {
        return;
    };
    let total = limits.total;
    let work = async {
        let (response, url, redirected) = match send_following(&client, plan).await {
            Ok(answer) => answer,
            Err(message) => {
                post(Event::Failed(message));
                return;
            }
        };
        let status = response.status();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect();
        let mut body = response.into_body();
        let finished = body.is_end_stream();
        let head = Event::Head {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_owned(),
            headers,
            url: url.into(),
            redirected,
            finished,
        };
        if !post(head) || finished {
            return;
        }
        loop {
            // One frame read ahead of the reader, no more: backpressure on the socket.
            let next = match body.frame().await {
                None => None,
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(data) if data.is_empty() => continue,
                    Ok(data) => Some(data),
                    Err(_) => continue, // trailers: not exposed
                },
                Some(Err(error)) => {
                    if asks.recv().await.is_some() {
                        post(Event::Failed(format!("reading the response body: {error}")));
                    }
                    return;
                }
            };
            if asks.recv().await.is_none() {
                return; // the engine dropped the fetch
            }
            let end = next.is_none();
            if !post(Event::Chunk(next)) || end {
                return;
            }
        }
    };
    if tokio::time::timeout(total, work).await.is_err() {
        post(Event::Failed(format!(
            "the fetch took longer than {} ms (ISAPI_TS_FETCH_TIMEOUT_MS)",
            total.as_millis()
        )));
    }
}

/// Sends the request and follows redirects as the plan says; the final response, its
/// URL and whether a redirect was followed.
async fn send_following(
    client: &HttpClient,
    mut plan: Plan,
) -> Result<(Response<Incoming>, url::Url, bool), String> {
    for hop in 0..=MAX_REDIRECTS {
        let response = send_retrying(client, &mut plan).await?;
        let status = response.status();
        let is_redirect = matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308);
        if !is_redirect || plan.redirect == Redirect::Manual {
            return Ok((response, plan.url, hop > 0));
        }
        if plan.redirect == Redirect::Error {
            return Err(format!(
                "{} answered {status} and the request's redirect mode is \"error\"",
                plan.url
            ));
        }
        let Some(location) = response.headers().get(header::LOCATION) else {
            return Ok((response, plan.url, hop > 0));
        };
        let location = String::from_utf8_lossy(location.as_bytes()).into_owned();
        let mut next = plan
            .url
            .join(&location)
            .map_err(|e| format!("the redirect's Location {location:?} is not a URL: {e}"))?;
        if hop == MAX_REDIRECTS {
            return Err(format!("more than {MAX_REDIRECTS} redirects"));
        }
        if !matches!(next.scheme(), "http" | "https") {
            return Err(format!("a redirect to {next}: only http(s) can be fetched"));
        }
        let to_get = (matches!(status, StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND)
            && plan.method == Method::POST)
            || (status == StatusCode::SEE_OTHER
                && !matches!(plan.method, Method::GET | Method::HEAD));
        if !to_get && !plan.body.replayable() {
            return Err(format!(
                "a {status} redirect would send the streamed request body again, which \
                 cannot be done"
            ));
        }
        if to_get {
            plan.method = Method::GET;
            plan.body = PlannedBody::None;
            for name in [
                header::CONTENT_ENCODING,
                header::CONTENT_LANGUAGE,
                header::CONTENT_LOCATION,
                header::CONTENT_TYPE,
                header::CONTENT_LENGTH,
                header::TRANSFER_ENCODING,
            ] {
                plan.headers.remove(name);
            }
        }
        if next.origin() != plan.url.origin() {
            // Credentials meant for one origin are not handed to another.
            for name in [
                header::AUTHORIZATION,
                header::PROXY_AUTHORIZATION,
                header::COOKIE,
            ] {
                plan.headers.remove(name);
            }
        }
        plan.headers.remove(header::HOST);
        next.set_fragment(None);
        plan.url = next;
        // The redirect's own body is not read: its connection is not reused.
        drop(response);
    }
    Err(format!("more than {MAX_REDIRECTS} redirects"))
}

/// Sends the request once, or again when it failed on a pooled connection that had
/// served a response before and the peer closed it before answering (a restarted
/// upstream): only for idempotent methods with a body that can be sent again.
async fn send_retrying(client: &HttpClient, plan: &mut Plan) -> Result<Response<Incoming>, String> {
    let idempotent = matches!(
        plan.method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
    );
    let mut retries = 0;
    loop {
        let request = build(plan)?;
        match client.request(request).await {
            Ok(response) => {
                if let Some(reuse) = response.extensions().get::<Reuse>() {
                    reuse.mark_used();
                }
                return Ok(response);
            }
            Err(error) => {
                let stale = stale_connection(&error);
                if stale && idempotent && plan.body.replayable() && retries < MAX_STALE_RETRIES {
                    retries += 1;
                    tracing::debug!(
                        "fetch {}: a pooled connection was closed by the peer; sending again",
                        plan.url
                    );
                    continue;
                }
                return Err(describe(&plan.url, &error));
            }
        }
    }
}

fn build(plan: &mut Plan) -> Result<Request<Outgoing>, String> {
    let mut request = Request::builder()
        .method(plan.method.clone())
        .uri(plan.url.as_str())
        .body(plan.body.take()?)
        .map_err(|e| format!("invalid request: {e}"))?;
    *request.headers_mut() = plan.headers.clone();
    let headers = request.headers_mut();
    if !headers.contains_key(header::ACCEPT) {
        headers.insert(header::ACCEPT, HeaderValue::from_static("*/*"));
    }
    if !headers.contains_key(header::USER_AGENT) {
        headers.insert(header::USER_AGENT, HeaderValue::from_static("isapi-ts"));
    }
    Ok(request)
}

/// Whether the request failed on a connection that had carried a response before and
/// that the peer closed before answering this one.
fn stale_connection(error: &hyper_util::client::legacy::Error) -> bool {
    if error.is_connect() {
        return false;
    }
    let reused = error.connect_info().is_some_and(|info| {
        let mut extensions = hyper::http::Extensions::new();
        info.get_extras(&mut extensions);
        extensions.get::<Reuse>().is_some_and(Reuse::was_used)
    });
    if !reused {
        return false;
    }
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(hyper_error) = cause.downcast_ref::<hyper::Error>() {
            if hyper_error.is_incomplete_message() || hyper_error.is_canceled() {
                return true;
            }
        }
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            if matches!(
                io.kind(),
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof
            ) {
                return true;
            }
        }
        source = cause.source();
    }
    false
}

/// The failure in words: the innermost useful cause.
fn describe(url: &url::Url, error: &hyper_util::client::legacy::Error) -> String {
    let mut source = std::error::Error::source(error);
    let mut detail = error.to_string();
    while let Some(cause) = source {
        if let Some(connect) = cause.downcast_ref::<ConnectError>() {
            return connect.0.clone();
        }
        detail = cause.to_string();
        source = cause.source();
    }
    format!("{url}: {detail}")
}
