//! `loadHandler`: the host, serving in-memory connections, with an extension and/or a
//! filter whose code runs in Node. The host knows them as in-process modules and drives
//! them through the same ECBs, filter contexts and callbacks as any library.
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use isapi_host::{Config, Host, HostOptions, InMemoryHost, InProcessModules};
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
    /// The site's root folder: static files, `MapURLToPath`, `PATH_TRANSLATED`.
    pub root: String,
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

/// A loaded handler: the host and its open connections.
#[napi]
pub struct NativeHandler {
    host: Mutex<Option<Arc<InMemoryHost>>>,
    connections: Mutex<HashMap<u32, SendRequest<Full<Bytes>>>>,
}

/// Starts a host whose web.config maps every URL to the extension (or, for a filter
/// alone, to static files under `root`), with the filter installed. `notify` is called
/// as `(kind, id, notification, connection)` for each request and filter notification.
#[napi]
pub fn load_handler(spec: HandlerSpec, notify: Notify) -> Result<NativeHandler> {
    crate::init_logging();
    let root = PathBuf::from(&spec.root);
    if !root.is_dir() {
        return Err(Error::new(
            Status::InvalidArg,
            format!("loadHandler: the site root {} is not a folder", spec.root),
        ));
    }
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let number = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let extension_path = format!("/in-process/{number}/extension");
    let filter_path = format!("/in-process/{number}/filter");
    let timeout = Duration::from_millis(u64::from(spec.timeout_ms.unwrap_or(30_000)));
    let notify = Arc::new(notify);
    let mut modules = InProcessModules::default();
    let handler = match &spec.extension {
        Some(extension) => {
            modules.add_extension(
                extension_path.clone(),
                Arc::new(JsExtension {
                    notify: notify.clone(),
                    description: extension.description.clone(),
                    thread_pool: extension.thread_pool,
                    reply_timeout: timeout.max(Duration::from_secs(300)),
                }),
            );
            format!(
                r#"<add name="handler" path="*" verb="*" modules="IsapiModule" scriptProcessor="{extension_path}" />"#
            )
        }
        None => r#"<add name="static" path="*" verb="*" modules="StaticFileModule" />"#.to_owned(),
    };
    let filters = match &spec.filter {
        Some(filter) => {
            modules.add_filter(
                filter_path.clone(),
                Arc::new(JsFilter {
                    notify: notify.clone(),
                    description: filter.description.clone(),
                    flags: filter.flags,
                    timeout,
                }),
            );
            format!(r#"<isapiFilters><filter name="filter" path="{filter_path}" /></isapiFilters>"#)
        }
        None => String::new(),
    };
    let text = format!(
        "<configuration><system.webServer><handlers>{handler}</handlers>{filters}</system.webServer></configuration>"
    );
    let config = Config::parse(&text, &root).map_err(|(line, message)| {
        Error::from_reason(format!("loadHandler: config line {line}: {message}"))
    })?;
    let options = HostOptions {
        load_retry: Duration::from_millis(0),
        in_process: modules,
        ..HostOptions::default()
    };
    let host = Host::new(config, options).serve_in_memory();
    Ok(NativeHandler {
        host: Mutex::new(Some(Arc::new(host))),
        connections: Mutex::new(HashMap::new()),
    })
}

#[napi]
impl NativeHandler {
    /// Sends one request over connection `request.connection` (opened on first use, and
    /// again if the server closed it) and reads the whole response.
    #[napi]
    pub async fn request(&self, request: HttpRequest) -> Result<HttpResponse> {
        let host = self
            .host
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| Error::from_reason("the handler is closed"))?;
        let reused = self
            .connections
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&request.connection)
            .filter(|sender| !sender.is_closed());
        let mut sender = match reused {
            Some(sender) => sender,
            None => {
                let stream = host.connect();
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
            crate::extension::abandon_all();
            if let Ok(host) = Arc::try_unwrap(host) {
                host.shutdown(Duration::from_secs(5)).await;
            }
        }
        Ok(())
    }
}
