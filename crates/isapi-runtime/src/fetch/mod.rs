//! The native half of `fetch` (`js/fetch.js`): outbound HTTP and HTTPS.
//!
//! Every fetch runs on the library's one I/O reactor ([`reactor`]: a small tokio
//! runtime started by the first fetch) through hyper's client, over TCP or rustls
//! ([`connect`], [`tls`]); what it learns is posted to the engine's inbox and settles
//! Promises there ([`exchange::Event`]). Each engine (thread) has its own keep-alive pool
//! and at most [`Settings::concurrency`] fetches in flight; more wait for a turn. Work a
//! request left is cancelled by [`abandon_all`]: the native request is dropped, its
//! connection closed.
//!
//! The JS side (`isapi:native/fetch`): `open` starts a fetch and returns its id and a
//! Promise of the response head; `read` asks for the next body chunk (one is read ahead
//! of the reader, no more); `write` feeds a streamed request body; `cancel` drops it.
mod connect;
mod exchange;
mod reactor;
mod tls;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::Method;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use rquickjs::function::Opt;
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Array, Ctx, Function, Persistent, Promise, TypedArray, Value};
use tokio::sync::{mpsc, Semaphore};
use tokio::task::AbortHandle;

use crate::bytes::bytes_of;
use crate::errors::throw_named;
use crate::event_loop::poster;
use exchange::{Event, HttpClient, Limits, Plan, PlannedBody, Redirect};

pub use reactor::shutdown;

/// The reactor's pool for blocking work (`node:fs`' callback and Promise forms): its
/// threads end with the reactor, at [`shutdown`].
pub(crate) fn blocking_pool() -> Result<tokio::runtime::Handle, String> {
    reactor::handle().map(|(handle, _)| handle)
}
pub use tls::CA_FILE_VARIABLE;

/// The tunables, read once from the environment (documented in docs/platform.md).
struct Settings {
    /// `ISAPI_TS_FETCH_CONNECT_TIMEOUT_MS`: name lookup, TCP and TLS handshake.
    connect_timeout: Duration,
    /// `ISAPI_TS_FETCH_TIMEOUT_MS`: a whole fetch, redirects and body included.
    total_timeout: Duration,
    /// `ISAPI_TS_FETCH_CONCURRENCY`: fetches in flight per engine; more wait.
    concurrency: usize,
}

fn settings() -> &'static Settings {
    static SETTINGS: OnceLock<Settings> = OnceLock::new();
    SETTINGS.get_or_init(|| {
        let number = |name: &str, default: u64| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|&n| n > 0)
                .unwrap_or(default)
        };
        Settings {
            connect_timeout: Duration::from_millis(number(
                "ISAPI_TS_FETCH_CONNECT_TIMEOUT_MS",
                10_000,
            )),
            total_timeout: Duration::from_millis(number("ISAPI_TS_FETCH_TIMEOUT_MS", 300_000)),
            concurrency: number("ISAPI_TS_FETCH_CONCURRENCY", 64).min(4096) as usize,
        }
    })
}

/// A Promise's two functions, kept until the reactor answers.
struct Settle {
    resolve: Persistent<Function<'static>>,
    reject: Persistent<Function<'static>>,
}

impl Settle {
    fn new<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<(Promise<'js>, Settle)> {
        let (promise, resolve, reject) = Promise::new(ctx)?;
        let settle = Settle {
            resolve: Persistent::save(ctx, resolve),
            reject: Persistent::save(ctx, reject),
        };
        Ok((promise, settle))
    }

    fn resolve<'js>(self, ctx: &Ctx<'js>, value: impl rquickjs::IntoJs<'js>) {
        let result = self
            .resolve
            .restore(ctx)
            .and_then(|resolve| resolve.call::<_, ()>((value,)));
        if let Err(error) = result {
            tracing::warn!("settling a fetch promise failed: {error}");
        }
    }

    /// Rejects with the message; `fetch.js` wraps it in `TypeError("fetch failed")`.
    fn reject(self, ctx: &Ctx<'_>, message: String) {
        let result = self
            .reject
            .restore(ctx)
            .and_then(|reject| reject.call::<_, ()>((message,)));
        if let Err(error) = result {
            tracing::warn!("settling a fetch promise failed: {error}");
        }
    }
}

/// One fetch as its engine sees it.
struct Fetch {
    task: AbortHandle,
    /// Asks the reactor for the next body chunk.
    asks: mpsc::UnboundedSender<()>,
    /// Feeds a streamed request body (until its end).
    upload: Option<mpsc::Sender<Bytes>>,
    head: Option<Settle>,
    read: Option<Settle>,
    write: Option<Settle>,
    /// A failure that came while no Promise waited: the next `read` gets it.
    failed: Option<String>,
}

impl Fetch {
    fn waiting(&self) -> bool {
        self.head.is_some() || self.read.is_some() || self.write.is_some()
    }
}

/// This engine's fetches, pool and turns.
struct Engine {
    next: u64,
    fetches: HashMap<u64, Fetch>,
    /// The keep-alive pool, and the reactor generation it was made on.
    client: Option<(u64, HttpClient)>,
    permits: Arc<Semaphore>,
}

impl Drop for Engine {
    fn drop(&mut self) {
        for (_, fetch) in self.fetches.drain() {
            fetch.task.abort();
            // The engine's JS runtime may be gone already: its values are not touched.
            std::mem::forget((fetch.head, fetch.read, fetch.write));
        }
    }
}

thread_local! {
    /// Made by the engine's first fetch: an engine that never fetches holds nothing here.
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
}

/// Runs `f` on this engine's fetch state, creating it on first use.
fn with_engine<R>(f: impl FnOnce(&mut Engine) -> R) -> R {
    ENGINE.with(|engine| {
        let mut engine = engine.borrow_mut();
        let engine = engine.get_or_insert_with(|| Engine {
            next: 0,
            fetches: HashMap::new(),
            client: None,
            permits: Arc::new(Semaphore::new(settings().concurrency)),
        });
        f(engine)
    })
}

/// Fetches of this engine that will still post something it waits for.
pub(crate) fn outstanding() -> usize {
    ENGINE.with(|engine| {
        engine.borrow().as_ref().map_or(0, |engine| {
            engine.fetches.values().filter(|f| f.waiting()).count()
        })
    })
}

/// Cancels every fetch of this engine (the request that started them ended): each
/// native request is dropped on the reactor, closing its connection, and no JS runs for
/// it. Returns how many there were.
pub fn abandon_all() -> usize {
    let fetches: Vec<Fetch> = ENGINE.with(|engine| {
        engine
            .borrow_mut()
            .as_mut()
            .map_or_else(Vec::new, |engine| {
                engine.fetches.drain().map(|(_, f)| f).collect()
            })
    });
    for fetch in &fetches {
        fetch.task.abort();
    }
    fetches.len()
}

/// `isapi:native/fetch`.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        for name in ["open", "read", "write", "cancel"] {
            declare.declare(name)?;
        }
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("open", Function::new(ctx.clone(), open)?)?;
        exports.export("read", Function::new(ctx.clone(), read)?)?;
        exports.export("write", Function::new(ctx.clone(), write)?)?;
        exports.export("cancel", Function::new(ctx.clone(), cancel)?)?;
        Ok(())
    }
}

fn type_error(ctx: &Ctx<'_>, message: &str) -> rquickjs::Error {
    throw_named(ctx, "TypeError", message, None)
}

/// Starts a fetch: `[id, Promise of the head]`. `body` is the request body's bytes, or
/// `null` with `streamed` true when the engine will `write` it.
fn open<'js>(
    ctx: Ctx<'js>,
    url: String,
    method: String,
    headers: Array<'js>,
    body: Value<'js>,
    streamed: bool,
    redirect: Opt<String>,
) -> rquickjs::Result<Array<'js>> {
    let mut url = url::Url::parse(&url).map_err(|e| type_error(&ctx, &format!("{url:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(type_error(
            &ctx,
            &format!("fetch supports http: and https: URLs, not {}", url.scheme()),
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(type_error(&ctx, "a URL with credentials cannot be fetched"));
    }
    url.set_fragment(None);
    let method = Method::from_bytes(method.as_bytes())
        .map_err(|_| type_error(&ctx, &format!("invalid method {method:?}")))?;
    let mut header_map = HeaderMap::new();
    for entry in headers.iter::<Array<'js>>() {
        let entry = entry?;
        let (name, value) = (entry.get::<String>(0)?, entry.get::<String>(1)?);
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| type_error(&ctx, &format!("invalid header name {name:?}")))?;
        let value = HeaderValue::from_str(&value)
            .map_err(|_| type_error(&ctx, &format!("invalid value of header {name}")))?;
        header_map.append(name, value);
    }
    let redirect = match redirect.0.as_deref() {
        None | Some("follow") => Redirect::Follow,
        Some("manual") => Redirect::Manual,
        Some("error") => Redirect::Error,
        Some(other) => {
            return Err(type_error(
                &ctx,
                &format!("invalid redirect mode {other:?}"),
            ))
        }
    };
    let (planned, upload) = if streamed {
        // One chunk in the channel: the engine's next write waits for the socket.
        let (sender, receiver) = mpsc::channel(1);
        (PlannedBody::Stream(Some(receiver)), Some(sender))
    } else if body.is_undefined() || body.is_null() {
        (PlannedBody::None, None)
    } else {
        (
            PlannedBody::Bytes(Bytes::from(bytes_of(&ctx, &body)?)),
            None,
        )
    };
    let (handle, generation) =
        reactor::handle().map_err(|e| throw_named(&ctx, "Error", &e, None))?;
    let (promise, head) = Settle::new(&ctx)?;
    let (asks, asked) = mpsc::unbounded_channel();
    let settings = settings();
    let id = with_engine(|engine| {
        engine.next += 1;
        let id = engine.next;
        // A pool of an earlier reactor (stopped since) holds dead connections.
        let client = match &engine.client {
            Some((made_on, client)) if *made_on == generation => client.clone(),
            _ => {
                let client = new_client(settings.connect_timeout);
                engine.client = Some((generation, client.clone()));
                client
            }
        };
        let limits = Limits {
            total: settings.total_timeout,
            permits: engine.permits.clone(),
        };
        let plan = Plan {
            url,
            method,
            headers: header_map,
            body: planned,
            redirect,
        };
        let poster = poster();
        let post = move |event: Event| {
            poster.post(Box::new(move |ctx| {
                deliver(ctx, id, event);
                Ok(())
            }))
        };
        let task = handle
            .spawn(exchange::run(client, plan, limits, asked, post))
            .abort_handle();
        engine.fetches.insert(
            id,
            Fetch {
                task,
                asks,
                upload,
                head: Some(head),
                read: None,
                write: None,
                failed: None,
            },
        );
        id
    });
    let result = Array::new(ctx.clone())?;
    result.set(0, id as f64)?;
    result.set(1, promise)?;
    Ok(result)
}

/// This engine's keep-alive pool: idle connections kept 30 s, 16 per host at most.
fn new_client(connect_timeout: Duration) -> HttpClient {
    Client::builder(TokioExecutor::new())
        .pool_timer(TokioTimer::new())
        .timer(TokioTimer::new())
        .pool_idle_timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(16)
        .build(connect::Connector {
            timeout: connect_timeout,
        })
}

/// The next chunk of the response body (`null` at its end).
fn read<'js>(ctx: Ctx<'js>, id: f64) -> rquickjs::Result<Promise<'js>> {
    let (promise, settle) = Settle::new(&ctx)?;
    let refused = with_engine(|engine| {
        let Some(fetch) = engine.fetches.get_mut(&(id as u64)) else {
            return Some((settle, gone()));
        };
        if let Some(message) = fetch.failed.take() {
            engine.fetches.remove(&(id as u64));
            return Some((settle, message));
        }
        if fetch.read.is_some() {
            return Some((settle, "a read of this body is already waiting".to_owned()));
        }
        let _ = fetch.asks.send(());
        fetch.read = Some(settle);
        None
    });
    if let Some((settle, message)) = refused {
        settle.reject(&ctx, message);
    }
    Ok(promise)
}

fn gone() -> String {
    "the response body is no longer available (the request that fetched it ended)".to_owned()
}

/// Sends one chunk of a streamed request body (`null` ends it); settles once the
/// connection has taken it.
fn write<'js>(ctx: Ctx<'js>, id: f64, chunk: Value<'js>) -> rquickjs::Result<Promise<'js>> {
    let (promise, settle) = Settle::new(&ctx)?;
    let chunk = if chunk.is_null() || chunk.is_undefined() {
        None
    } else {
        Some(Bytes::from(bytes_of(&ctx, &chunk)?))
    };
    let refused = with_engine(|engine| {
        let Some(fetch) = engine.fetches.get_mut(&(id as u64)) else {
            return Some((settle, gone()));
        };
        let Some(upload) = fetch.upload.clone() else {
            return Some((settle, "the request body has ended".to_owned()));
        };
        let Some(chunk) = chunk else {
            fetch.upload = None; // the receiver sees the end
            return Some((settle, String::new()));
        };
        if fetch.write.is_some() {
            return Some((settle, "a write of this body is already waiting".to_owned()));
        }
        fetch.write = Some(settle);
        let poster = poster();
        let id = id as u64;
        if let Ok((handle, _)) = reactor::handle() {
            handle.spawn(async move {
                let taken = upload.send(chunk).await.is_ok();
                poster.post(Box::new(move |ctx| {
                    deliver(ctx, id, Event::Written(taken));
                    Ok(())
                }));
            });
        }
        None
    });
    match refused {
        Some((settle, message)) if message.is_empty() => settle.resolve(&ctx, ()),
        Some((settle, message)) => settle.reject(&ctx, message),
        None => {}
    }
    Ok(promise)
}

/// Drops a fetch (aborted, or its body cancelled): the native request stops and its
/// connection closes. Promises still waiting never settle: `fetch.js` has settled them.
fn cancel(id: f64) {
    let fetch = with_engine(|engine| engine.fetches.remove(&(id as u64)));
    if let Some(fetch) = fetch {
        fetch.task.abort();
    }
}

/// Applies what the reactor posted (on the engine thread).
fn deliver(ctx: &Ctx<'_>, id: u64, event: Event) {
    enum Then {
        Head(Settle, Event),
        Chunk(Settle, Option<Bytes>),
        Fail(Settle, String),
        Written(Settle, bool),
        Nothing,
    }
    let then = with_engine(|engine| {
        let Some(fetch) = engine.fetches.get_mut(&id) else {
            return Then::Nothing; // cancelled or abandoned meanwhile
        };
        match event {
            Event::Head { finished, .. } => {
                let settle = fetch.head.take();
                if finished {
                    engine.fetches.remove(&id);
                }
                settle.map_or(Then::Nothing, |s| Then::Head(s, event))
            }
            Event::Chunk(chunk) => {
                let settle = fetch.read.take();
                if chunk.is_none() {
                    engine.fetches.remove(&id);
                }
                settle.map_or(Then::Nothing, |s| Then::Chunk(s, chunk))
            }
            Event::Written(taken) => fetch
                .write
                .take()
                .map_or(Then::Nothing, |s| Then::Written(s, taken)),
            Event::Failed(message) => {
                let waiting = fetch.head.take().or_else(|| fetch.read.take());
                match waiting {
                    Some(settle) => {
                        engine.fetches.remove(&id);
                        Then::Fail(settle, message)
                    }
                    None => {
                        fetch.failed = Some(message);
                        Then::Nothing
                    }
                }
            }
        }
    });
    match then {
        Then::Head(settle, event) => match head_value(ctx, event) {
            Ok(value) => settle.resolve(ctx, value),
            Err(error) => settle.reject(ctx, error.to_string()),
        },
        Then::Chunk(settle, Some(chunk)) => {
            match TypedArray::<u8>::new(ctx.clone(), chunk.as_ref()) {
                Ok(array) => settle.resolve(ctx, array),
                Err(error) => settle.reject(ctx, error.to_string()),
            }
        }
        Then::Chunk(settle, None) => settle.resolve(ctx, rquickjs::Null),
        Then::Fail(settle, message) => settle.reject(ctx, message),
        Then::Written(settle, true) => settle.resolve(ctx, ()),
        Then::Written(settle, false) => settle.reject(
            ctx,
            "the connection no longer takes the request body".into(),
        ),
        Then::Nothing => {}
    }
}

/// `[status, statusText, headers, url, redirected, finished]`.
fn head_value<'js>(ctx: &Ctx<'js>, event: Event) -> rquickjs::Result<Array<'js>> {
    let Event::Head {
        status,
        reason,
        headers,
        url,
        redirected,
        finished,
    } = event
    else {
        return Array::new(ctx.clone());
    };
    let list = Array::new(ctx.clone())?;
    for (index, (name, value)) in headers.into_iter().enumerate() {
        let pair = Array::new(ctx.clone())?;
        pair.set(0, name)?;
        pair.set(1, value)?;
        list.set(index, pair)?;
    }
    let result = Array::new(ctx.clone())?;
    result.set(0, status)?;
    result.set(1, reason)?;
    result.set(2, list)?;
    result.set(3, url)?;
    result.set(4, redirected)?;
    result.set(5, finished)?;
    Ok(result)
}
