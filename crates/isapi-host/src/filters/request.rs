//! One request through the connection's filters, in IIS's order: PREPROC_HEADERS,
//! URL_MAP, AUTHENTICATION, AUTH_COMPLETE, (ACCESS_DENIED), the handler, SEND_RESPONSE,
//! then END_OF_REQUEST and LOG once the body has gone out.
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use base64::Engine as _;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::header::{HeaderName, HeaderValue, CONNECTION, CONTENT_LENGTH, TRANSFER_ENCODING};
use hyper::{Request as HttpRequest, Response, StatusCode, Version};
use isapi_sys as sys;
use tokio::sync::OwnedMutexGuard;

use super::session::{Identity, LogRecord, Outcome, OwnResponse, RequestHead};
use super::{lock, mapping_details, SharedSession};
use crate::canonical::{RequestUrl, UrlRejected};
use crate::config::{Module, Route};
use crate::server::{self, ResponseBody, Shared};

/// What the handler needs to know from the filters.
pub(crate) struct FilteredRequest {
    pub session: SharedSession,
    pub identity: Identity,
    /// The request's canonical URL, after the filters' changes.
    pub url: RequestUrl,
    /// The canonical URL path and the physical path URL_MAP settled on.
    pub mapped: (String, String),
}

/// A connection's filters: the session, and the turn that keeps requests' notifications
/// from interleaving (a request holds it from PREPROC_HEADERS until after its LOG).
pub(crate) struct ConnectionFilters {
    pub session: SharedSession,
    turn: Arc<tokio::sync::Mutex<()>>,
}

impl ConnectionFilters {
    pub(crate) fn new(session: SharedSession) -> ConnectionFilters {
        ConnectionFilters {
            session,
            turn: Arc::new(tokio::sync::Mutex::new(())),
        }
    }
}

/// What happened before the handler.
enum Before {
    Proceed {
        head: RequestHead,
        identity: Identity,
        url: RequestUrl,
        mapped: (String, String),
    },
    /// A filter answered (FINISHED) or failed: this response goes out instead.
    Respond(Response<ResponseBody>),
}

pub(crate) async fn handle(
    shared: Arc<Shared>,
    filters: Arc<ConnectionFilters>,
    mut http: HttpRequest<Incoming>,
    remote: SocketAddr,
    local: SocketAddr,
) -> Result<Response<ResponseBody>, Infallible> {
    let turn = filters.turn.clone().lock_owned().await;
    let started = Instant::now();
    let session = filters.session.clone();
    if lock(&session).failure().is_some() {
        // The reason was logged once, when the filter failed to load.
        isapi::log_limited!(
            warn,
            "{} {} -> 500: a filter of this site failed to load (see the error above)",
            http.method(),
            http.uri()
        );
        return Ok(server::simple(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 Internal Server Error\n",
        ));
    }
    // The one canonical URL, made before any filter sees the request (a URL without one
    // is refused, though SEND_RESPONSE and LOG still see the refusal).
    let url = RequestUrl::of_request(&mut http);
    let head = request_head(&http, url.as_ref().ok());
    let (target, parameters) = head.url.split_once('?').unwrap_or((&head.url, ""));
    let mut record = LogRecord {
        client_host: remote.ip().to_string(),
        server_name: local.ip().to_string(),
        operation: head.method.clone(),
        target: target.to_owned(),
        parameters: parameters.to_owned(),
        bytes_received: received_bytes(&head, &http),
        ..LogRecord::default()
    };
    let before = match url {
        Ok(url) => {
            let (shared, session) = (shared.clone(), session.clone());
            tokio::task::spawn_blocking(move || before_handler(&shared, &session, head, url)).await
        }
        Err(rejected) => {
            // Nothing of the connection's previous request may show in this one's
            // SEND_RESPONSE and LOG.
            lock(&session).begin_request();
            Ok(Before::Respond(server::refused(rejected.into())))
        }
    };
    let before = before.unwrap_or_else(|_| {
        Before::Respond(server::simple(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 Internal Server Error\n",
        ))
    });
    let (response, denied_by_filter) = match before {
        Before::Respond(response) => {
            let denied = response.status() == StatusCode::UNAUTHORIZED;
            (response, denied)
        }
        Before::Proceed {
            head,
            identity,
            url,
            mapped,
        } => {
            record.target = url.path.clone();
            record.parameters = url.query.clone();
            record.client_user = identity.user.clone();
            if apply_head(&mut http, head).is_err() {
                (
                    server::simple(StatusCode::BAD_REQUEST, "400 Bad Request\n"),
                    false,
                )
            } else {
                let filtered = FilteredRequest {
                    session: session.clone(),
                    identity,
                    url,
                    mapped,
                };
                let response = server::handle(shared, http, remote, local, Some(filtered)).await?;
                (response, false)
            }
        }
    };
    let (parts, body) = response.into_parts();
    let after = {
        let session = session.clone();
        let url = record.target.clone();
        tokio::task::spawn_blocking(move || after_handler(&session, parts, &url, denied_by_filter))
            .await
    };
    let Ok((parts, replacement)) = after else {
        return Ok(server::simple(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 Internal Server Error\n",
        ));
    };
    let body = replacement.unwrap_or(body);
    record.http_status = u32::from(parts.status.as_u16());
    let head_bytes = head_size(&parts);
    Ok(Response::from_parts(
        parts,
        LoggedBody {
            inner: body,
            sent: head_bytes,
            end: Some(RequestEnd {
                session,
                record,
                started,
                _turn: turn,
            }),
        }
        .boxed(),
    ))
}

/// PREPROC_HEADERS, URL_MAP, AUTHENTICATION and AUTH_COMPLETE, stopping at the first
/// filter that answers or fails. Filters see the canonical URL; one a filter rewrites is
/// canonicalised again, the same way.
fn before_handler(
    shared: &Shared,
    session: &SharedSession,
    mut head: RequestHead,
    mut url: RequestUrl,
) -> Before {
    let mut session = lock(session);
    session.begin_request();
    let outcome = session.preproc_headers(&mut head);
    if let Some(response) = settle(&mut session, outcome, &head.url, "") {
        return Before::Respond(response);
    }
    if let Err(rejected) = follow_rewrite(&mut head, &mut url) {
        return Before::Respond(server::refused(rejected.into()));
    }
    let root = &shared.config.root;
    let mut path = crate::canonical::physical_path(root, &url.path);
    let script_map = match shared.config.route(&head.method, &url.path) {
        Route::Handler(handler) => match &handler.module {
            Module::Isapi { script_processor } => Some(script_processor.display().to_string()),
            Module::StaticFile => None,
        },
        _ => None,
    };
    let outcome = session.url_map(
        &url.path,
        &mut path,
        mapping_details(root),
        script_map.as_deref(),
    );
    if let Some(response) = settle(&mut session, outcome, &url.path, &path) {
        return Before::Respond(response);
    }
    let mut identity = basic_credentials(&head);
    let outcome = session.authentication(&mut identity);
    if let Some(response) = settle(&mut session, outcome, &url.path, &path) {
        return Before::Respond(response);
    }
    let outcome = session.auth_complete(&mut head);
    if let Some(response) = settle(&mut session, outcome, &url.path, &path) {
        return Before::Respond(response);
    }
    if let Err(rejected) = follow_rewrite(&mut head, &mut url) {
        return Before::Respond(server::refused(rejected.into()));
    }
    let mapped = (url.path.clone(), path);
    Before::Proceed {
        head,
        identity,
        url,
        mapped,
    }
}

/// After a notification that may rewrite `url`: a changed one is canonicalised (as a
/// request target, so a filter may write it encoded), and filters see that form next.
fn follow_rewrite(head: &mut RequestHead, url: &mut RequestUrl) -> Result<(), UrlRejected> {
    if head.url == url.with_query() {
        return Ok(());
    }
    *url = RequestUrl::parse(&head.url)?;
    head.url = url.with_query();
    head.raw_url = url.raw.clone();
    Ok(())
}

/// The response an outcome calls for, if it ends the request.
fn settle(
    session: &mut super::FilterSession,
    outcome: Outcome,
    url: &str,
    path: &str,
) -> Option<Response<ResponseBody>> {
    match outcome {
        Outcome::Continue | Outcome::ReadNext => None,
        Outcome::Finished { keep_connection } => {
            Some(own_response(session.take_own_response(), keep_connection))
        }
        Outcome::Error(sys::ERROR_ACCESS_DENIED) => {
            // IIS's denial: 401, ACCESS_DENIED first (a filter may answer it itself).
            let reason = sys::SF_DENIED_LOGON | sys::SF_DENIED_FILTER;
            match session.access_denied(url, path, reason) {
                Outcome::Finished { keep_connection } => {
                    Some(own_response(session.take_own_response(), keep_connection))
                }
                _ => Some(server::simple(
                    StatusCode::UNAUTHORIZED,
                    "401 Unauthorized\n",
                )),
            }
        }
        Outcome::Error(_) => Some(server::simple(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 Internal Server Error\n",
        )),
    }
}

/// ACCESS_DENIED for a 401 from the handler, the denial headers, then SEND_RESPONSE.
/// Returns the head to send and, if a filter replaced the response, its body.
fn after_handler(
    session: &SharedSession,
    mut parts: hyper::http::response::Parts,
    url: &str,
    denied_by_filter: bool,
) -> (hyper::http::response::Parts, Option<ResponseBody>) {
    let mut session = lock(session);
    let mut replacement = None;
    if parts.status == StatusCode::UNAUTHORIZED {
        if !denied_by_filter {
            let outcome = session.access_denied(url, "", sys::SF_DENIED_APPLICATION);
            if let Outcome::Finished { keep_connection } = outcome {
                let (own_parts, own_body) =
                    own_response(session.take_own_response(), keep_connection).into_parts();
                parts = own_parts;
                replacement = Some(own_body);
            }
        }
        for (name, value) in session.take_denial_headers() {
            append_header(&mut parts.headers, &name, &value);
        }
    }
    let mut status = parts.status.as_u16();
    let mut headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    match session.send_response(&mut status, &mut headers) {
        Outcome::Error(_) => {
            let (error_parts, error_body) = server::simple(
                StatusCode::INTERNAL_SERVER_ERROR,
                "500 Internal Server Error\n",
            )
            .into_parts();
            return (error_parts, Some(error_body));
        }
        Outcome::Finished { keep_connection } => {
            let (own_parts, own_body) =
                own_response(session.take_own_response(), keep_connection).into_parts();
            return (own_parts, Some(own_body));
        }
        Outcome::Continue | Outcome::ReadNext => {}
    }
    parts.status = StatusCode::from_u16(status).unwrap_or(parts.status);
    parts.headers.clear();
    for (name, value) in headers {
        append_header(&mut parts.headers, &name, &value);
    }
    (parts, replacement)
}

fn append_header(headers: &mut hyper::HeaderMap, name: &str, value: &str) {
    match (
        HeaderName::from_bytes(name.as_bytes()),
        HeaderValue::from_str(value),
    ) {
        (Ok(name), Ok(value)) => {
            headers.append(name, value);
        }
        _ => isapi::log_limited!(
            warn,
            "a filter set an invalid response header {name:?}; dropped"
        ),
    }
}

/// A response a filter wrote itself, framed by the host: the status line and headers of
/// SF_REQ_SEND_RESPONSE_HEADER (or of an `HTTP/1.x` head it wrote with WriteClient), and
/// the bytes it wrote as the body.
fn own_response(own: OwnResponse, keep_connection: bool) -> Response<ResponseBody> {
    let OwnResponse { head, mut body } = own;
    let (status_line, header_block) = match head {
        Some(head) => head,
        None if body.starts_with(b"HTTP/") => match find_blank_line(&body) {
            Some(end) => {
                let text = String::from_utf8_lossy(&body[..end]).into_owned();
                body.drain(..end);
                let (line, rest) = text.split_once('\n').unwrap_or((&text, ""));
                let status = line.trim().split_once(" ").map_or("200 OK", |(_, s)| s);
                (status.to_owned(), rest.to_owned())
            }
            None => ("200 OK".to_owned(), String::new()),
        },
        None => ("200 OK".to_owned(), String::new()),
    };
    let code = status_line
        .split_whitespace()
        .next()
        .and_then(|c| c.parse::<u16>().ok())
        .and_then(|c| StatusCode::from_u16(c).ok())
        .unwrap_or(StatusCode::OK);
    let mut response = Response::new(
        Full::new(Bytes::from(body))
            .map_err(|never| match never {})
            .boxed(),
    );
    *response.status_mut() = code;
    for line in header_block
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
    {
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim();
            // The host frames the body; a filter's own framing headers would lie.
            if name.eq_ignore_ascii_case(CONTENT_LENGTH.as_str())
                || name.eq_ignore_ascii_case(TRANSFER_ENCODING.as_str())
            {
                continue;
            }
            append_header(response.headers_mut(), name, value.trim());
        }
    }
    if !keep_connection {
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Where the body starts in a raw `HTTP/1.x` response a filter wrote.
fn find_blank_line(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 4)
        .or_else(|| bytes.windows(2).position(|w| w == b"\n\n").map(|p| p + 2))
}

/// The request line and headers filters see: the canonical URL when there is one.
fn request_head(http: &HttpRequest<Incoming>, url: Option<&RequestUrl>) -> RequestHead {
    let raw_url = http
        .uri()
        .path_and_query()
        .map_or_else(|| http.uri().path().to_owned(), |pq| pq.as_str().to_owned());
    RequestHead {
        method: http.method().as_str().to_owned(),
        url: url.map_or_else(|| raw_url.clone(), RequestUrl::with_query),
        raw_url,
        version: if http.version() == Version::HTTP_10 {
            "HTTP/1.0"
        } else {
            "HTTP/1.1"
        }
        .to_owned(),
        headers: http
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
    }
}

/// Puts what the header filters left into the request (the URL travels canonical, in
/// [`FilteredRequest::url`]).
fn apply_head(http: &mut HttpRequest<Incoming>, head: RequestHead) -> Result<(), ()> {
    *http.method_mut() = hyper::Method::from_bytes(head.method.as_bytes()).map_err(|_| ())?;
    let headers = http.headers_mut();
    headers.clear();
    for (name, value) in head.headers {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| ())?;
        let value = HeaderValue::from_str(&value).map_err(|_| ())?;
        headers.append(name, value);
    }
    Ok(())
}

/// The credentials of an `Authorization: Basic` header, as IIS hands them to
/// AUTHENTICATION filters; empty (anonymous) otherwise.
fn basic_credentials(head: &RequestHead) -> Identity {
    let encoded = head
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        .and_then(|(_, v)| {
            let (scheme, rest) = v.trim().split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("basic")
                .then(|| rest.trim().to_owned())
        });
    let decoded = encoded
        .and_then(|e| base64::engine::general_purpose::STANDARD.decode(e).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    match decoded.as_deref().and_then(|d| d.split_once(':')) {
        Some((user, password)) => Identity {
            auth_type: "Basic".into(),
            user: user.to_owned(),
            password: password.to_owned(),
        },
        None => Identity::default(),
    }
}

/// The request's size on the wire: its head as received, and its declared body (which
/// may be any u64 a client wrote: the sum saturates).
fn received_bytes(head: &RequestHead, http: &HttpRequest<Incoming>) -> u32 {
    let line = head.method.len() + head.raw_url.len() + head.version.len() + 4;
    let headers = head.headers.iter().fold(0u64, |sum, (n, v)| {
        sum.saturating_add((n.len() + v.len() + 4) as u64)
    });
    let body = http.body().size_hint().exact().unwrap_or(0);
    let total = (line as u64)
        .saturating_add(headers)
        .saturating_add(2)
        .saturating_add(body);
    u32::try_from(total).unwrap_or(u32::MAX)
}

fn head_size(parts: &hyper::http::response::Parts) -> u64 {
    let line = "HTTP/1.1 200 OK\r\n".len() as u64;
    let headers = parts.headers.iter().fold(0u64, |sum, (n, v)| {
        sum.saturating_add((n.as_str().len() + v.len() + 4) as u64)
    });
    line.saturating_add(headers).saturating_add(2)
}

/// What is raised once the response has gone out (or the client went away).
struct RequestEnd {
    session: SharedSession,
    record: LogRecord,
    started: Instant,
    /// Released after LOG: the connection's next request may start its notifications.
    _turn: OwnedMutexGuard<()>,
}

impl RequestEnd {
    fn raise(self, bytes_sent: u64) {
        let RequestEnd {
            session,
            mut record,
            started,
            _turn,
        } = self;
        record.bytes_sent = u32::try_from(bytes_sent).unwrap_or(u32::MAX);
        record.milliseconds = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
        let work = move || {
            let mut session = lock(&session);
            session.end_of_request();
            session.log(&mut record);
            tracing::debug!(
                target: "isapi_host::log",
                "{} {} {} {} {} {} {} {} {}ms",
                crate::log_text::escaped(&record.client_host),
                crate::log_text::escaped(dash(&record.client_user)),
                crate::log_text::escaped(&record.operation),
                crate::log_text::escaped(&record.target),
                crate::log_text::escaped(dash(&record.parameters)),
                record.http_status,
                record.bytes_sent,
                record.bytes_received,
                record.milliseconds
            );
            drop(_turn);
        };
        // Filter code blocks: run it on a blocking thread when there is a runtime.
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn_blocking(work);
            }
            Err(_) => work(),
        }
    }
}

fn dash(text: &str) -> &str {
    if text.is_empty() {
        "-"
    } else {
        text
    }
}

/// The response body, counted; END_OF_REQUEST and LOG follow its end.
struct LoggedBody {
    inner: ResponseBody,
    sent: u64,
    end: Option<RequestEnd>,
}

impl Body for LoggedBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    self.sent = self.sent.saturating_add(data.len() as u64);
                }
            }
            Poll::Ready(None) | Poll::Ready(Some(Err(_))) => {
                if let Some(end) = self.end.take() {
                    end.raise(self.sent);
                }
            }
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for LoggedBody {
    fn drop(&mut self) {
        if let Some(end) = self.end.take() {
            end.raise(self.sent);
        }
    }
}
