//! The HTTP side: accepting connections, routing by web.config, building each request's
//! ECB, calling the extension off the async executor, and streaming its answer.
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper::body::{Body, Frame, Incoming};
use hyper::header::{
    HeaderValue, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, SERVER, TRANSFER_ENCODING,
};
use hyper::{Request as HttpRequest, Response, StatusCode, Version};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};

use crate::access_log::{self, AccessLog, LogNotes};
use crate::canonical::{RequestUrl, UrlRejected};
use crate::config::{Config, ConfigError, Handler, Module, Route};
use crate::filters::request::{self as filtered, ConnectionFilters, FilteredRequest};
use crate::filters::{FilterChain, FilterSession, SharedSession};
use crate::head::Head;
use crate::in_process::InProcessModules;
use crate::library::Extension;
use crate::library::Libraries;
use crate::limits::{self, ConnectionLimits};
use crate::refusal::{Refusal, SubStatus};
use crate::request::{self, BodyFrame, NewRequest, Request};
use crate::static_files;
use crate::variables::{RequestInfo, SERVER_SOFTWARE};
use crate::watchdog::{self, BodyError, BodyMeter, Slot, Slots, Watch, Watched};
use isapi_sys as sys;

pub(crate) type ResponseBody = BoxBody<Bytes, std::io::Error>;

/// Host settings beyond the web.config.
#[derive(Clone, Debug)]
pub struct HostOptions {
    /// After a library failed to load, requests for it answer 500 for this long before
    /// loading is tried again.
    pub load_retry: Duration,
    /// A pending request that sends nothing for this long is answered 504.
    pub pending_timeout: Duration,
    /// Where the W3C request log goes, if anywhere.
    pub access_log: Option<Arc<AccessLog>>,
    /// Modules of the embedding process, used where the web.config names their paths.
    pub in_process: InProcessModules,
    /// An extension whose `HttpExtensionProc` takes this long (a few times) before it
    /// returns does its work inside the call; it is called on the blocking pool from then
    /// on (see `blocking.rs`). `Duration::MAX`: never.
    pub slow_call: Duration,
    /// IIS's connection limits (`isapi-host` flags); what the web.config sets wins.
    pub connection_limits: ConnectionLimits,
}

impl Default for HostOptions {
    fn default() -> Self {
        HostOptions {
            load_retry: Duration::from_secs(30),
            pending_timeout: Duration::from_secs(120),
            access_log: None,
            in_process: InProcessModules::default(),
            slow_call: Duration::from_millis(10),
            connection_limits: ConnectionLimits::default(),
        }
    }
}

pub(crate) struct Shared {
    /// Set when the host stops: open connections finish their request and close.
    pub(crate) closing: watch::Sender<bool>,
    pub(crate) config: Config,
    pub(crate) libraries: Libraries,
    pub(crate) filters: Arc<FilterChain>,
    pub(crate) options: HostOptions,
    /// Started with the first request: see [`crate::overdue`].
    pub(crate) overdue_watcher: std::sync::OnceLock<()>,
    /// The web.config's connection limits over the options'.
    pub(crate) connection_limits: ConnectionLimits,
    /// Open accepted connections, against `maxConnections`.
    slots: Arc<Slots>,
}

/// A configured host, not yet listening.
pub struct Host {
    shared: Arc<Shared>,
}

/// A listening host.
pub struct RunningHost {
    local_addr: SocketAddr,
    in_memory: crate::in_memory::Connector,
    stop: watch::Sender<bool>,
    accept_loop: tokio::task::JoinHandle<()>,
    shared: Arc<Shared>,
}

impl Host {
    pub fn from_config_file(path: &Path, options: HostOptions) -> Result<Host, ConfigError> {
        Ok(Host::new(Config::load(path)?, options))
    }

    pub fn new(config: Config, options: HostOptions) -> Host {
        let libraries = Libraries::new(options.load_retry, options.in_process.clone());
        // IIS loads filters when the worker process starts, not on first use.
        let filters = Arc::new(FilterChain::load(&config.filters, &options.in_process));
        let connection_limits = config.connection_limits.over(options.connection_limits);
        Host {
            shared: Arc::new(Shared {
                closing: watch::channel(false).0,
                config,
                libraries,
                filters,
                options,
                overdue_watcher: std::sync::OnceLock::new(),
                connection_limits,
                slots: Arc::default(),
            }),
        }
    }

    pub async fn bind(self, addr: SocketAddr) -> std::io::Result<RunningHost> {
        let listener = TcpListener::bind(addr).await?;
        let local_addr = listener.local_addr()?;
        let (stop, stopped) = watch::channel(false);
        let shared = self.shared.clone();
        let accept_loop = tokio::spawn(accept(listener, shared, stopped));
        Ok(RunningHost {
            local_addr,
            in_memory: crate::in_memory::Connector::new(local_addr),
            stop,
            accept_loop,
            shared: self.shared,
        })
    }

    /// Serves connections made in memory instead of accepted from a socket.
    pub fn serve_in_memory(self) -> crate::InMemoryHost {
        crate::InMemoryHost::new(self.shared)
    }
}

impl RunningHost {
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// A connection that bypasses the socket but is served like one accepted on it (its
    /// local address is the listener's): see [`crate::InMemoryHost::connect`].
    pub fn connect_in_memory(&self) -> tokio::io::DuplexStream {
        self.in_memory.connect(&self.shared)
    }

    /// Stops accepting, waits (bounded) for requests in flight, then terminates and
    /// unloads every extension.
    pub async fn shutdown(self, grace: Duration) {
        let _ = self.stop.send(true);
        let _ = self.accept_loop.await;
        terminate(self.shared, grace).await;
    }
}

/// Closes the open connections once their request is answered, waits (bounded) for
/// requests in flight and for every connection's END_OF_NET_SESSION, then terminates and
/// unloads every module — IIS's order.
pub(crate) async fn terminate(shared: Arc<Shared>, grace: Duration) {
    shared.closing.send_replace(true);
    let deadline = tokio::time::Instant::now() + grace;
    let busy = || {
        request::live_count() > 0
            || shared
                .filters
                .live_sessions
                .load(std::sync::atomic::Ordering::SeqCst)
                > 0
    };
    while busy() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = tokio::task::spawn_blocking(move || {
        shared.libraries.terminate_all();
        shared.filters.terminate_all();
    })
    .await;
}

async fn accept(listener: TcpListener, shared: Arc<Shared>, mut stopped: watch::Receiver<bool>) {
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(error) => {
                    isapi::log_limited!(warn, "accept failed: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stopped.changed() => return,
        };
        let limits = shared.connection_limits;
        let Some(slot) = shared.slots.take(limits.max_connections) else {
            isapi::log_limited!(
                warn,
                "connection from {remote} refused with 503: {} connections are open (maxConnections)",
                limits.max_connections
            );
            shared.slots.refuse(stream);
            continue;
        };
        // Responses often go out as a head then a body: without NODELAY, Nagle holds the
        // second write until the client ACKs the first, which it delays (tens of ms).
        let _ = stream.set_nodelay(true);
        let local = stream.local_addr().unwrap_or(remote);
        let shared = shared.clone();
        tokio::spawn(serve_socket(shared, stream, remote, local, slot));
    }
}

/// Serves an accepted socket under IIS's connection limits (see [`crate::watchdog`]);
/// its slot is given back when it closes.
async fn serve_socket(
    shared: Arc<Shared>,
    stream: tokio::net::TcpStream,
    remote: SocketAddr,
    local: SocketAddr,
    slot: Slot,
) {
    let watch = Watch::new(shared.connection_limits);
    let stream = Watched::new(watchdog::Lingering::new(stream), watch.clone());
    serve_watched(shared, stream, remote, local, Some(watch.clone())).await;
    drop(slot);
    if let Some(reason) = watch.closed() {
        isapi::log_limited!(info, "connection from {remote} closed: {reason}");
    }
}

/// Serves one connection (a socket, or an in-memory stream): plain, or through its
/// filters (one session per connection, so filter contexts live as long as it).
pub(crate) async fn serve_connection<S>(
    shared: Arc<Shared>,
    stream: S,
    remote: SocketAddr,
    local: SocketAddr,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    serve_watched(shared, stream, remote, local, None).await;
}

/// [`serve_connection`], with the connection's watch when it has one.
async fn serve_watched<S>(
    shared: Arc<Shared>,
    stream: S,
    remote: SocketAddr,
    local: SocketAddr,
    watch: Option<Arc<Watch>>,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        // A client may close its side once its request is out; it still gets its answer.
        .half_close(true)
        // http.sys's MaxRequestBytes; hyper answers 431 past it.
        .max_header_size(shared.connection_limits.max_request_bytes);
    let closing = shared.closing.subscribe();
    if shared.filters.is_empty() {
        let service = hyper::service::service_fn(move |request| {
            let (shared, watch) = (shared.clone(), watch.clone());
            logged(shared.clone(), request, (remote, local), move |request| {
                admitted(shared.clone(), request, watch, move |request| {
                    handle(shared, request, remote, local, None)
                })
            })
        });
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        if let Err(error) = until_closing(connection, closing).await {
            tracing::debug!("connection from {remote}: {error}");
        }
        return;
    }
    let session: SharedSession = Arc::new(Mutex::new(FilterSession::new(
        shared.filters.clone(),
        (remote, local),
    )));
    let filters = Arc::new(ConnectionFilters::new(session.clone()));
    let raw = {
        let session = crate::filters::lock(&session);
        session.wants(sys::SF_NOTIFY_READ_RAW_DATA | sys::SF_NOTIFY_SEND_RAW_DATA)
    };
    let service = hyper::service::service_fn(move |request| {
        let (shared, filters, watch) = (shared.clone(), filters.clone(), watch.clone());
        logged(shared.clone(), request, (remote, local), move |request| {
            admitted(shared.clone(), request, watch, move |request| {
                filtered::handle(shared, filters, request, remote, local)
            })
        })
    });
    let served = if raw {
        let io = crate::filters::raw::attach(stream, session.clone());
        until_closing(builder.serve_connection(TokioIo::new(io), service), closing).await
    } else {
        until_closing(
            builder.serve_connection(TokioIo::new(stream), service),
            closing,
        )
        .await
    };
    if let Err(error) = served {
        tracing::debug!("connection from {remote}: {error}");
    }
    // Dropping the last reference raises END_OF_NET_SESSION: filter code, so off the
    // async threads.
    let _ = tokio::task::spawn_blocking(move || drop(session)).await;
}

/// Serves `connection` until it ends, or until the host closes: then the request in
/// progress is answered and the connection closed.
async fn until_closing<I, S>(
    connection: hyper::server::conn::http1::Connection<I, S>,
    mut closing: watch::Receiver<bool>,
) -> hyper::Result<()>
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin,
    S: hyper::service::HttpService<Incoming, ResBody = ResponseBody>,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    tokio::pin!(connection);
    tokio::select! {
        served = connection.as_mut() => served,
        // The guard wait_for returns must not live across the await below.
        () = async { drop(closing.wait_for(|closing| *closing).await) } => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    }
}

/// Runs `handler` for `request`, and writes its W3C log line once the response is out
/// (when the host keeps a W3C log). The request carries the entry's [`LogNotes`] in its
/// extensions, for what an extension adds to the line.
async fn logged<F>(
    shared: Arc<Shared>,
    mut request: HttpRequest<Incoming>,
    peers: (SocketAddr, SocketAddr),
    handler: impl FnOnce(HttpRequest<Incoming>) -> F,
) -> Result<Response<ResponseBody>, Infallible>
where
    F: std::future::Future<Output = Result<Response<ResponseBody>, Infallible>>,
{
    let Some(log) = shared.options.access_log.clone() else {
        return handler(request).await;
    };
    let received = request.body().size_hint().exact().unwrap_or(0);
    // The canonical URL is made here when the request is logged (`cs-uri-stem` is that
    // form, as in IIS's log); `admitted` takes it from the extensions.
    let url = RequestUrl::from_uri(request.uri());
    let stem = match &url {
        Ok(url) => url.path.clone(),
        Err(_) => request.uri().path().to_owned(),
    };
    request.extensions_mut().insert(url);
    let entry = access_log::Entry::start(log, &request, peers, received, stem);
    request.extensions_mut().insert(entry.notes.clone());
    let user = basic_user(&request);
    let response = handler(request).await?;
    Ok(entry.attach(response, user))
}

/// IIS's request filtering limits and a sane `Host`, checked before any filter or handler
/// sees the request; and the connection's watch told when a request starts and ends.
async fn admitted<F>(
    shared: Arc<Shared>,
    mut request: HttpRequest<Incoming>,
    watch: Option<Arc<Watch>>,
    next: impl FnOnce(HttpRequest<Incoming>) -> F,
) -> Result<Response<ResponseBody>, Infallible>
where
    F: std::future::Future<Output = Result<Response<ResponseBody>, Infallible>>,
{
    if let Some(watch) = &watch {
        watch.request_started();
        request.extensions_mut().insert(watch.clone());
    }
    // The one canonical URL of the request, made here, before filters and routing, and
    // carried in its extensions to every later stage. A URL without one is refused
    // later, where filters still see the refusal.
    let url = match request
        .extensions_mut()
        .remove::<Result<RequestUrl, UrlRejected>>()
    {
        Some(made) => made,
        None => RequestUrl::from_uri(request.uri()),
    };
    let checked = match &url {
        Ok(url) => {
            let limits = shared.config.request_limits.for_path(&url.path);
            let length = declared_length(&request);
            limits::check(limits, &request, &url.path, length)
        }
        Err(_) => Ok(()),
    };
    request.extensions_mut().insert(url);
    let response = match checked {
        Ok(()) => next(request).await?,
        Err(refusal) => {
            tracing::debug!(
                "{} {} -> {}: refused by request limits ({refusal:?})",
                request.method(),
                request.uri().path(),
                refusal.status()
            );
            refused(refusal)
        }
    };
    Ok(match watch {
        Some(watch) => response.map(|body| watchdog::track(body, watch)),
        None => response,
    })
}

/// The body length a request declares with `Content-Length` (none when chunked).
fn declared_length<B: Body>(request: &HttpRequest<B>) -> Option<u64> {
    request
        .body()
        .size_hint()
        .exact()
        .filter(|_| !request.headers().contains_key(TRANSFER_ENCODING))
}

/// IIS's answer to a request the host refuses; its sub-status goes to the W3C log.
pub(crate) fn refused(refusal: Refusal) -> Response<ResponseBody> {
    let (head, body) = refusal.answer();
    let mut response = respond(
        head,
        Full::new(body).map_err(|never| match never {}).boxed(),
    );
    response
        .extensions_mut()
        .insert(SubStatus(refusal.sub_status()));
    if refusal.closes() {
        // The connection closes with the body unread.
        response.extensions_mut().insert(access_log::BodyUnread);
    }
    response
}

/// The user of an `Authorization: Basic` header, as IIS logs it (`cs-username`).
fn basic_user<B>(request: &HttpRequest<B>) -> String {
    use base64::Engine as _;
    request
        .headers()
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Basic ")
                .or_else(|| v.strip_prefix("basic "))
        })
        .and_then(|encoded| {
            base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .ok()
        })
        .and_then(|bytes| {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            text.split_once(':').map(|(user, _)| user.to_owned())
        })
        .unwrap_or_default()
}

pub(crate) fn simple(status: StatusCode, text: &'static str) -> Response<ResponseBody> {
    let mut response = Response::new(
        Full::new(Bytes::from_static(text.as_bytes()))
            .map_err(|never| match never {})
            .boxed(),
    );
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    response
        .headers_mut()
        .insert(SERVER, HeaderValue::from_static(SERVER_SOFTWARE));
    response
}

/// Routes a request and runs its handler. `filtered` carries what the connection's
/// filters decided (identity, URL mapping) when the site has filters.
pub(crate) async fn handle(
    shared: Arc<Shared>,
    mut http: HttpRequest<Incoming>,
    remote: SocketAddr,
    local: SocketAddr,
    filtered: Option<FilteredRequest>,
) -> Result<Response<ResponseBody>, Infallible> {
    // The one canonical URL: made here for unfiltered requests, before the filters for
    // the others (see filters::request), and used by every later stage.
    let target = match filtered.as_ref().map(|f| f.url.clone()) {
        Some(url) => url,
        None => match RequestUrl::of_request(&mut http) {
            Ok(url) => url,
            Err(rejected) => return Ok(refused(rejected.into())),
        },
    };
    // Request filtering comes before handler mapping: a hidden segment is hidden whatever
    // handler the URL maps to.
    if let Err(refusal) = shared.config.request_filtering.check(&target.path) {
        return Ok(refused(refusal));
    }
    let RequestUrl {
        path: url,
        query,
        raw: raw_target,
    } = target;
    let method = http.method().as_str().to_owned();
    let handler = match shared.config.route(&method, &url) {
        Route::Handler(handler) => handler.clone(),
        Route::MethodNotAllowed => {
            return Ok(simple(
                StatusCode::METHOD_NOT_ALLOWED,
                "405 Method Not Allowed\n",
            ))
        }
        Route::NotFound => return Ok(simple(StatusCode::NOT_FOUND, "404 Not Found\n")),
    };
    let script_processor = match &handler.module {
        Module::StaticFile => {
            let shared = shared.clone();
            let session = filtered.as_ref().map(|f| f.session.clone());
            let mapped = filtered.map(|f| f.mapped);
            let loaded = tokio::task::spawn_blocking(move || {
                // The path URL_MAP settled on, or (for a URL the filters changed since) a
                // fresh mapping through them.
                let path = match mapped {
                    Some((mapped_url, path)) if mapped_url == url => Some(path),
                    _ => crate::filters::map_url(session.as_ref(), &shared.config.root, &url).ok(),
                };
                static_files::serve(&shared.config, &method, path.as_deref().map(Path::new))
            })
            .await;
            let (head, body) = match loaded {
                Ok(Ok(answer)) => answer,
                Ok(Err(refusal)) => return Ok(refused(refusal)),
                Err(_) => static_files::not_found(),
            };
            return Ok(respond(
                head,
                Full::new(body).map_err(|never| match never {}).boxed(),
            ));
        }
        Module::Isapi { script_processor } => script_processor.clone(),
    };
    let extension = match shared.libraries.loaded(&script_processor) {
        Some(extension) => Ok(Ok(extension)),
        None => {
            let libraries = shared.clone();
            let library_path = script_processor.clone();
            tokio::task::spawn_blocking(move || libraries.libraries.get(&library_path)).await
        }
    };
    let extension = match extension {
        Ok(Ok(extension)) => extension,
        Ok(Err(_)) | Err(_) => {
            isapi::log_limited!(
                error,
                "{method} {} -> 500: {} is not available (see above)",
                crate::log_text::escaped(&url),
                script_processor.display()
            );
            return Ok(simple(
                StatusCode::INTERNAL_SERVER_ERROR,
                "500 Internal Server Error\n",
            ));
        }
    };

    let (mut parts, mut body) = http.into_parts();
    let content_length = body
        .size_hint()
        .exact()
        .filter(|_| !parts.headers.contains_key(TRANSFER_ENCODING));
    let mut meter = body_meter(&shared, &parts, &url);
    let read_ahead = shared.config.upload_read_ahead;
    let (preload, overflow, ended) = match preload(&mut body, &mut meter, read_ahead).await {
        Ok(read) => read,
        Err(BodyError::TooLarge) => return Ok(refused(Refusal::BodyTooLarge)),
        Err(error) => {
            tracing::debug!("reading the body from {remote} failed: {error}");
            return Ok(simple(StatusCode::BAD_REQUEST, "400 Bad Request\n"));
        }
    };
    let total_bytes = match content_length {
        Some(length) => u32::try_from(length).unwrap_or(u32::MAX),
        None if ended => preload.len() as u32,
        None => u32::MAX,
    };
    let rest_of_body = (!ended).then(|| {
        let (sender, receiver) = mpsc::channel(4);
        tokio::spawn(pump_body(body, meter, overflow, sender));
        receiver
    });
    let keep_alive_requested = wants_keep_alive(parts.version, parts.headers.get(CONNECTION));
    let mut info = request_info(
        &shared.config.root,
        &handler,
        RequestLine {
            method,
            url,
            raw_target,
            query,
            version: parts.version,
        },
        std::mem::take(&mut parts.headers),
        (remote, local),
        content_length,
    );
    if let Some(filtered) = &filtered {
        if info.path_info == filtered.mapped.0 && !info.path_translated.is_empty() {
            info.path_translated = filtered.mapped.1.clone();
        }
        info.auth_type = filtered.identity.auth_type.clone();
        info.auth_user = filtered.identity.user.clone();
        info.auth_password = filtered.identity.password.clone();
    }
    crate::overdue::watch(&shared);
    let (_request, channels) = start_extension(
        extension,
        NewRequest {
            info,
            keep_alive_requested,
            preload,
            total_bytes,
            rest_of_body,
            runtime: tokio::runtime::Handle::current(),
            shared: shared.clone(),
            handler: handler.clone(),
            depth: 0,
            filters: filtered.map(|f| f.session),
            log_notes: parts.extensions.get::<LogNotes>().cloned(),
        },
    );

    // An overdue head comes from crate::overdue: 504.
    let Ok(head) = channels.head.await else {
        return Ok(simple(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 Internal Server Error\n",
        ));
    };
    let watch = parts.extensions.get::<Arc<Watch>>().cloned();
    Ok(respond(
        head,
        ChannelBody::new(channels.body, watch).boxed(),
    ))
}

/// A response from a head (status, headers, close) and a body.
fn respond(head: Head, body: ResponseBody) -> Response<ResponseBody> {
    let mut response = Response::new(body);
    *response.status_mut() = head.status;
    let headers = response.headers_mut();
    for (name, value) in head.headers {
        headers.append(name, value);
    }
    // A handler's own Server header stands; one only.
    headers
        .entry(SERVER)
        .or_insert(HeaderValue::from_static(SERVER_SOFTWARE));
    if head.close {
        headers.insert(CONNECTION, HeaderValue::from_static("close"));
    }
    if headers.contains_key(CONTENT_LENGTH) && headers.contains_key(TRANSFER_ENCODING) {
        headers.remove(CONTENT_LENGTH);
    }
    response
}

/// The request line, decoded where the server variables want it decoded.
pub(crate) struct RequestLine {
    pub method: String,
    /// Canonical path ([`crate::canonical`]), without query.
    pub url: String,
    /// Path and query as received.
    pub raw_target: String,
    pub query: String,
    pub version: Version,
}

/// What the ECB and the server variables of a request are made of.
pub(crate) fn request_info(
    root: &Arc<Path>,
    handler: &Handler,
    line: RequestLine,
    headers: hyper::HeaderMap,
    (remote, local): (SocketAddr, SocketAddr),
    content_length: Option<u64>,
) -> RequestInfo {
    let url = line.url;
    // IIS: PATH_INFO is the whole URL for script maps; with allowPathInfo, what follows
    // the script part.
    let script_len = if handler.allow_path_info {
        handler.script_len(&url)
    } else {
        url.len()
    };
    let script_name = url[..script_len.min(url.len())].to_owned();
    let path_info = if handler.allow_path_info {
        url[script_name.len()..].to_owned()
    } else {
        url.clone()
    };
    let content_type = headers
        .get(CONTENT_TYPE)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .unwrap_or_default();
    RequestInfo {
        path_translated: path_translated(root, &path_info),
        method: line.method,
        query: line.query,
        url,
        raw_target: line.raw_target,
        path_info,
        script_name,
        protocol: if line.version == Version::HTTP_10 {
            "HTTP/1.0"
        } else {
            "HTTP/1.1"
        },
        headers,
        remote,
        local,
        root: root.clone(),
        content_type,
        content_length,
        auth_type: String::new(),
        auth_user: String::new(),
        auth_password: String::new(),
    }
}

/// PATH_TRANSLATED: PATH_INFO's physical path, or empty when PATH_INFO spells a name
/// Windows would read as another file's (`/api/v1.`, `/x:s`): the URL reaches the
/// extension as sent, but names no file (as `MapURLToPath` refuses it).
fn path_translated(root: &Path, path_info: &str) -> String {
    if crate::canonical::file_alias(path_info).is_some() {
        return String::new();
    }
    crate::canonical::physical_path(root, path_info)
}

/// Builds the request's ECB and calls `HttpExtensionProc`: in a task of its own on the
/// async worker threads, or on the blocking pool (see [`crate::blocking`] for which).
pub(crate) fn start_extension(
    extension: Arc<Extension>,
    new: NewRequest,
) -> (Arc<Request>, request::ResponseChannels) {
    let runtime = new.runtime.clone();
    let (request, channels) = Request::start(new);
    let call = request.clone();
    let slow_call = call.shared.options.slow_call;
    let on_worker = extension.may_run_on_worker() && crate::blocking::inline_calls();
    let run = move || {
        let began = std::time::Instant::now();
        // SAFETY: the ECB lives in `call` until both of its references are released,
        // which cannot happen before proc_returned below.
        let status = unsafe { extension.http_extension_proc(call.ecb_ptr()) };
        if on_worker {
            extension.call_took(began.elapsed(), slow_call);
        }
        call.proc_returned(status);
    };
    if on_worker {
        // Its own task, not the connection's: the connection must go on reading the body
        // and writing the response while the call waits for either.
        runtime.spawn(async move { run() });
    } else {
        runtime.spawn_blocking(run);
    }
    (request, channels)
}

fn wants_keep_alive(version: Version, connection: Option<&HeaderValue>) -> bool {
    let says = |word: &str| {
        connection.is_some_and(|v| {
            v.to_str()
                .unwrap_or("")
                .split(',')
                .any(|t| t.trim().eq_ignore_ascii_case(word))
        })
    };
    match version {
        Version::HTTP_10 => says("keep-alive"),
        _ => !says("close"),
    }
}

/// The request's body reader: `maxAllowedContentLength` of its URL, and the connection's
/// minimum rate.
fn body_meter(shared: &Shared, parts: &hyper::http::request::Parts, url: &str) -> BodyMeter {
    let limits = shared.config.request_limits.for_path(url);
    let watch = parts.extensions.get::<Arc<Watch>>().cloned();
    BodyMeter::new(limits.max_allowed_content_length, watch)
}

/// Reads up to `limit` body bytes (IIS's preload). Returns them, any bytes of the last
/// frame past the limit, and whether the body ended.
async fn preload(
    body: &mut Incoming,
    meter: &mut BodyMeter,
    limit: usize,
) -> Result<(Vec<u8>, Bytes, bool), BodyError> {
    let mut preload = Vec::new();
    while preload.len() < limit {
        match meter.next(body).await {
            None => return Ok((preload, Bytes::new(), true)),
            Some(data) => {
                let mut data = data?;
                let take = data.len().min(limit - preload.len());
                preload.extend_from_slice(&data.split_to(take));
                if !data.is_empty() {
                    return Ok((preload, data, false));
                }
            }
        }
    }
    // Exactly at the limit: the body may or may not be over.
    Ok((preload, Bytes::new(), body.is_end_stream()))
}

/// Feeds the rest of the body to `ReadClient`, with backpressure from the channel. A
/// body that breaks off fails `ReadClient`: the client went away (ERROR_NETNAME_DELETED,
/// as IIS reports it), or a limit cut it (ERROR_CONNECTION_ABORTED; the connection closes).
async fn pump_body(
    mut body: Incoming,
    mut meter: BodyMeter,
    overflow: Bytes,
    sender: mpsc::Sender<request::BodyChunk>,
) {
    if !overflow.is_empty() && sender.send(Ok(overflow)).await.is_err() {
        return;
    }
    while let Some(data) = meter.next(&mut body).await {
        let chunk = data.map_err(|error| {
            tracing::debug!("request body ended early: {error}");
            match error {
                BodyError::Client(_) => sys::ERROR_NETNAME_DELETED,
                BodyError::TooLarge => {
                    meter.close_too_large();
                    sys::ERROR_CONNECTION_ABORTED
                }
                BodyError::TooSlow => sys::ERROR_CONNECTION_ABORTED,
            }
        });
        let failed = chunk.is_err();
        if sender.send(chunk).await.is_err() || failed {
            return;
        }
    }
}

/// The response body: frames the extension's callbacks push.
struct ChannelBody {
    frames: mpsc::Receiver<BodyFrame>,
    /// The connection's watch (sockets): whether its writes are blocked.
    watch: Option<Arc<Watch>>,
    /// Why the response broke off, held back until what came before it is written.
    broken: Option<std::io::Error>,
}

impl ChannelBody {
    fn new(frames: mpsc::Receiver<BodyFrame>, watch: Option<Arc<Watch>>) -> ChannelBody {
        ChannelBody {
            frames,
            watch,
            broken: None,
        }
    }
}

impl Body for ChannelBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        let this = &mut *self;
        if let Some(error) = this.broken.take() {
            // The socket's writability wakes the connection again.
            if this
                .watch
                .as_ref()
                .is_some_and(|watch| watch.writes_blocked())
            {
                this.broken = Some(error);
                return Poll::Pending;
            }
            return Poll::Ready(Some(Err(error)));
        }
        match std::task::ready!(this.frames.poll_recv(cx)) {
            // hyper drops the bytes it has not written yet when a body fails: a turn
            // first, in which it flushes them (IIS sends what the extension wrote, then
            // closes the connection).
            Some(Err(error)) => {
                this.broken = Some(error);
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            frame => Poll::Ready(frame.map(|frame| frame.map(Frame::data))),
        }
    }
}
