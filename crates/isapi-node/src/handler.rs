//! `loadHandler`: the host with an extension and/or a filter whose code runs in Node, in
//! place of the library named after the handler in a site's web.config (or alone). The
//! host knows them as in-process modules and drives them through the same ECBs, filter
//! contexts and callbacks as any library. It listens on 127.0.0.1 (so a handler can reach
//! its own site, as the redirector samples do); the test's requests go over in-memory
//! connections to it.
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use isapi_host::config::Module;
use isapi_host::{Config, Host, HostOptions, InProcessModules, RunningHost};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::extension::JsExtension;
use crate::filter::JsFilter;
use crate::notify::Notify;

#[napi(object)]
pub struct ExtensionSpec {
    pub description: String,
    /// A `Dispatch` handler: PENDING at once, ended by DoneWithSession.
    pub thread_pool: bool,
}

#[napi(object)]
pub struct FilterSpec {
    pub description: String,
    /// `SF_NOTIFY_*` flags from `GetFilterVersion`.
    pub flags: u32,
}

#[napi(object)]
pub struct HandlerSpec {
    /// The handler's name: in a site's web.config it takes the place of `_<name>.so`
    /// (`.dll`), pywin32's naming rule.
    pub name: String,
    /// The site's root folder (static files, `MapURLToPath`, `PATH_TRANSLATED`), when
    /// there is no `config`.
    pub root: String,
    /// A site's web.config: served as it is, with this handler in place of its library.
    /// Without one, every URL goes to the extension (or, for a filter alone, to static
    /// files under `root`).
    pub config: Option<String>,
    pub extension: Option<ExtensionSpec>,
    pub filter: Option<FilterSpec>,
    /// Per call: a filter notification, or a synchronous extension call (ms).
    pub timeout_ms: Option<u32>,
}

#[napi(object)]
pub struct HttpRequest {
    pub method: String,
    /// Path and query, e.g. `/hello/x?name=Ada`.
    pub url: String,
    pub headers: Vec<Vec<String>>,
    pub body: Option<Buffer>,
    /// Requests with the same number share one keep-alive connection.
    pub connection: u32,
}

#[napi(object)]
pub struct HttpResponse {
    pub status: u32,
    pub headers: Vec<Vec<String>>,
    pub body: Buffer,
}

/// A loaded handler: the host (listening on 127.0.0.1, so the handler can reach its own
/// site) and the in-memory connections requests go over.
#[napi]
pub struct NativeHandler {
    number: u32,
    host: Mutex<Option<RunningHost>>,
    address: std::net::SocketAddr,
    connections: Mutex<HashMap<u32, SendRequest<Full<Bytes>>>>,
}

static NEXT_HANDLER: AtomicU32 = AtomicU32::new(1);

/// Starts the host with the handler's extension and/or filter in place. `notify` is
/// called as `(kind, id, notification, connection)` for each request and notification.
#[napi]
pub async fn load_handler(spec: HandlerSpec, notify: Notify) -> Result<NativeHandler> {
    crate::init_logging();
    let timeout = Duration::from_millis(u64::from(spec.timeout_ms.unwrap_or(30_000)));
    let notify = Arc::new(notify);
    let number = NEXT_HANDLER.fetch_add(1, Ordering::Relaxed);
    let extension = spec.extension.as_ref().map(|extension| {
        Arc::new(JsExtension {
            owner: number,
            notify: notify.clone(),
            description: extension.description.clone(),
            thread_pool: extension.thread_pool,
            reply_timeout: timeout.max(Duration::from_secs(300)),
        })
    });
    let filter = spec.filter.as_ref().map(|filter| {
        Arc::new(JsFilter {
            notify: notify.clone(),
            description: filter.description.clone(),
            flags: filter.flags,
            timeout,
        })
    });
    let mut modules = InProcessModules::default();
    let config = match &spec.config {
        Some(path) => {
            let config = Config::load(path.as_ref())
                .map_err(|e| Error::new(Status::InvalidArg, format!("loadHandler: {e}")))?;
            let mut replaced = 0;
            for library in libraries_named(&config, &spec.name) {
                let (is_filter, path) = library;
                match (is_filter, &extension, &filter) {
                    (false, Some(extension), _) => modules.add_extension(path, extension.clone()),
                    (true, _, Some(filter)) => modules.add_filter(path, filter.clone()),
                    _ => continue,
                }
                replaced += 1;
            }
            if replaced == 0 {
                return Err(Error::new(
                    Status::InvalidArg,
                    format!(
                        "loadHandler: {path} mounts no library named _{}{} for this handler",
                        spec.name,
                        std::env::consts::DLL_SUFFIX
                    ),
                ));
            }
            config
        }
        None => standalone_config(&spec, number, extension, filter, &mut modules)?,
    };
    let options = HostOptions {
        load_retry: Duration::from_millis(0),
        in_process: modules,
        ..HostOptions::default()
    };
    // Loading filters runs their GetFilterVersion: blocking work, off the async threads.
    let host = tokio::task::spawn_blocking(move || Host::new(config, options))
        .await
        .map_err(|e| Error::from_reason(e.to_string()))?;
    let running = host
        .bind(std::net::SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .map_err(|e| Error::from_reason(format!("loadHandler: cannot listen: {e}")))?;
    Ok(NativeHandler {
        number,
        address: running.local_addr(),
        host: Mutex::new(Some(running)),
        connections: Mutex::new(HashMap::new()),
    })
}

/// The libraries of `config` named after handler `name` (`_<name>.so`): (is a filter, path).
fn libraries_named(config: &Config, name: &str) -> Vec<(bool, PathBuf)> {
    let wanted = format!("_{name}{}", std::env::consts::DLL_SUFFIX);
    let named = |path: &std::path::Path| path.file_name().is_some_and(|f| f == wanted.as_str());
    let mut found: Vec<(bool, PathBuf)> = config
        .handlers
        .iter()
        .filter_map(|handler| match &handler.module {
            Module::Isapi { script_processor } if named(script_processor) => {
                Some((false, script_processor.clone()))
            }
            _ => None,
        })
        .collect();
    found.extend(
        config
            .filters
            .iter()
            .filter(|f| named(&f.path))
            .map(|f| (true, f.path.clone())),
    );
    found.dedup();
    found
}

/// The site of a handler loaded alone: every URL to its extension (or static files, for a
/// filter alone), the filter installed.
fn standalone_config(
    spec: &HandlerSpec,
    number: u32,
    extension: Option<Arc<JsExtension>>,
    filter: Option<Arc<JsFilter>>,
    modules: &mut InProcessModules,
) -> Result<Config> {
    let root = PathBuf::from(&spec.root);
    if !root.is_dir() {
        return Err(Error::new(
            Status::InvalidArg,
            format!("loadHandler: the site root {} is not a folder", spec.root),
        ));
    }
    let handler = match extension {
        Some(extension) => {
            let path = format!("/in-process/{number}/extension");
            modules.add_extension(path.clone(), extension);
            format!(
                r#"<add name="handler" path="*" verb="*" modules="IsapiModule" scriptProcessor="{path}" />"#
            )
        }
        None => r#"<add name="static" path="*" verb="*" modules="StaticFileModule" />"#.to_owned(),
    };
    let filters = match filter {
        Some(filter) => {
            let path = format!("/in-process/{number}/filter");
            modules.add_filter(path.clone(), filter);
            format!(r#"<isapiFilters><filter name="filter" path="{path}" /></isapiFilters>"#)
        }
        None => String::new(),
    };
    let text = format!(
        "<configuration><system.webServer><handlers>{handler}</handlers>{filters}</system.webServer></configuration>"
    );
    Config::parse(&text, &root).map_err(|(line, message)| {
        Error::from_reason(format!("loadHandler: config line {line}: {message}"))
    })
}

#[napi]
impl NativeHandler {
    /// `http://127.0.0.1:<port>`: the same host over TCP.
    #[napi(getter)]
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Sends one request over connection `request.connection` (opened on first use, and
    /// again if the server closed it) and reads the whole response.
    #[napi]
    pub async fn request(&self, request: HttpRequest) -> Result<HttpResponse> {
        let closed = || Error::from_reason("the handler is closed");
        if self
            .host
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_none()
        {
            return Err(closed());
        }
        let reused = self
            .connections
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&request.connection)
            .filter(|sender| !sender.is_closed());
        let mut sender = match reused {
            Some(sender) => sender,
            None => {
                let stream = self
                    .host
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .as_ref()
                    .ok_or_else(closed)?
                    .connect_in_memory();
                let (sender, connection) =
                    hyper::client::conn::http1::handshake(TokioIo::new(stream))
                        .await
                        .map_err(|e| Error::from_reason(format!("connecting: {e}")))?;
                tokio::spawn(connection);
                sender
            }
        };
        sender
            .ready()
            .await
            .map_err(|e| Error::from_reason(format!("the connection closed: {e}")))?;
        let mut builder = hyper::Request::builder()
            .method(request.method.as_str())
            .uri(request.url.as_str());
        let mut has_host = false;
        for pair in &request.headers {
            let [name, value] = pair.as_slice() else {
                return Err(Error::new(
                    Status::InvalidArg,
                    "headers are [name, value] pairs",
                ));
            };
            has_host |= name.eq_ignore_ascii_case("host");
            builder = builder.header(name.as_str(), value.as_str());
        }
        if !has_host {
            builder = builder.header("host", "localhost");
        }
        let body = request
            .body
            .map(|b| Bytes::from(b.to_vec()))
            .unwrap_or_default();
        let http = builder
            .body(Full::new(body))
            .map_err(|e| Error::new(Status::InvalidArg, format!("invalid request: {e}")))?;
        let response = sender
            .send_request(http)
            .await
            .map_err(|e| Error::from_reason(format!("the request failed: {e}")))?;
        let status = u32::from(response.status().as_u16());
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                vec![
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                ]
            })
            .collect();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| Error::from_reason(format!("reading the response failed: {e}")))?
            .to_bytes();
        self.connections
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(request.connection, sender);
        Ok(HttpResponse {
            status,
            headers,
            body: body.to_vec().into(),
        })
    }

    /// Closes connection `connection` (its filter contexts end: END_OF_NET_SESSION).
    #[napi]
    pub fn disconnect(&self, connection: u32) {
        self.connections
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&connection);
    }

    /// Closes every connection and stops the host (requests in flight get up to 5 s).
    #[napi]
    pub async fn close(&self) -> Result<()> {
        self.connections
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        let host = self.host.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(host) = host {
            crate::extension::abandon(self.number);
            host.shutdown(Duration::from_secs(5)).await;
        }
        Ok(())
    }
}
