//! The native half of `fetch` (`js/fetch.js`): outbound HTTP, plain `http://` only so far.
//! The request runs on its own thread; the result is posted to the engine's inbox and
//! settles the Promise there.
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Duration;

use rquickjs::function::Opt;
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Array, Ctx, Function, Persistent, Promise, TypedArray, Value};

use crate::bytes::bytes_of;
use crate::errors::throw_named;
use crate::event_loop::poster;

/// Response bodies larger than this are refused (the whole body is buffered).
const MAX_BODY: u64 = 64 << 20;
const TIMEOUT: Duration = Duration::from_secs(30);

struct Answer {
    status: u16,
    reason: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

struct Waiting {
    resolve: Persistent<Function<'static>>,
    reject: Persistent<Function<'static>>,
}

thread_local! {
    static WAITING: RefCell<(u64, HashMap<u64, Waiting>)> = RefCell::new((0, HashMap::new()));
}

/// Fetches this engine still waits for.
pub(crate) fn outstanding() -> usize {
    WAITING.with(|waiting| waiting.borrow().1.len())
}

/// `isapi:native/fetch`.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        declare.declare("start")?;
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("start", Function::new(ctx.clone(), start)?)?;
        Ok(())
    }
}

fn start<'js>(
    ctx: Ctx<'js>,
    url: String,
    method: String,
    headers: Array<'js>,
    body: Opt<Value<'js>>,
    manual: bool,
) -> rquickjs::Result<Promise<'js>> {
    if !url.starts_with("http://") {
        return Err(throw_named(
            &ctx,
            "TypeError",
            &format!("fetch supports http:// URLs only (the library has no TLS): {url:?}"),
            None,
        ));
    }
    let mut header_list = Vec::new();
    for entry in headers.iter::<Array<'js>>() {
        let entry = entry?;
        header_list.push((entry.get::<String>(0)?, entry.get::<String>(1)?));
    }
    let body = match body.0.filter(|v| !(v.is_undefined() || v.is_null())) {
        Some(value) => bytes_of(&ctx, &value)?,
        None => Vec::new(),
    };
    let (promise, resolve, reject) = Promise::new(&ctx)?;
    let token = WAITING.with(|waiting| {
        let mut waiting = waiting.borrow_mut();
        waiting.0 += 1;
        let token = waiting.0;
        waiting.1.insert(
            token,
            Waiting {
                resolve: Persistent::save(&ctx, resolve),
                reject: Persistent::save(&ctx, reject),
            },
        );
        token
    });
    let poster = poster();
    let spawned = std::thread::Builder::new()
        .name("isapi-fetch".into())
        .spawn(move || {
            let result = perform(&url, &method, &header_list, body, manual);
            poster.post(Box::new(move |ctx| {
                deliver(ctx, token, result);
                Ok(())
            }));
        });
    if let Err(error) = spawned {
        forget_token(token);
        return Err(throw_named(
            &ctx,
            "Error",
            &format!("cannot start the request: {error}"),
            None,
        ));
    }
    Ok(promise)
}

fn agent(manual: bool) -> &'static ureq::Agent {
    static FOLLOWING: OnceLock<ureq::Agent> = OnceLock::new();
    static MANUAL: OnceLock<ureq::Agent> = OnceLock::new();
    let build = |redirects: u32| {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(redirects)
            .timeout_global(Some(TIMEOUT))
            .build();
        ureq::Agent::new_with_config(config)
    };
    if manual {
        MANUAL.get_or_init(|| build(0))
    } else {
        FOLLOWING.get_or_init(|| build(10))
    }
}

fn perform(
    url: &str,
    method: &str,
    headers: &[(String, String)],
    body: Vec<u8>,
    manual: bool,
) -> Result<Answer, String> {
    let mut request = ureq::http::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let request = request
        .body(body)
        .map_err(|e| format!("invalid request: {e}"))?;
    let response = agent(manual)
        .run(request)
        .map_err(|e| format!("{method} {url} failed: {e}"))?;
    let status = response.status();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = response
        .into_body()
        .with_config()
        .limit(MAX_BODY)
        .read_to_vec()
        .map_err(|e| format!("reading the response of {url} failed: {e}"))?;
    Ok(Answer {
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or("").to_owned(),
        headers,
        body,
    })
}

/// Settles the Promise of a finished fetch (on the engine thread).
fn deliver(ctx: &Ctx<'_>, token: u64, result: Result<Answer, String>) {
    let Some(waiting) = WAITING.with(|waiting| waiting.borrow_mut().1.remove(&token)) else {
        return;
    };
    let (Ok(resolve), Ok(reject)) = (waiting.resolve.restore(ctx), waiting.reject.restore(ctx))
    else {
        return;
    };
    let settled = match result {
        Ok(answer) => answer_value(ctx, answer).and_then(|value| resolve.call::<_, ()>((value,))),
        Err(message) => {
            let _ = throw_named(ctx, "TypeError", &message, None);
            reject.call::<_, ()>((ctx.catch(),))
        }
    };
    if let Err(error) = settled {
        tracing::warn!("settling a fetch promise failed: {error}");
    }
}

/// Forgets every fetch still running (the request that started them ended): their
/// results are dropped when they arrive, and no JS runs for them. Returns how many.
pub fn abandon_all() -> usize {
    WAITING.with(|waiting| {
        let mut waiting = waiting.borrow_mut();
        let left = waiting.1.len();
        waiting.1.clear();
        left
    })
}

fn forget_token(token: u64) {
    WAITING.with(|waiting| waiting.borrow_mut().1.remove(&token));
}

fn answer_value<'js>(ctx: &Ctx<'js>, answer: Answer) -> rquickjs::Result<Array<'js>> {
    let headers = Array::new(ctx.clone())?;
    for (index, (name, value)) in answer.headers.into_iter().enumerate() {
        let pair = Array::new(ctx.clone())?;
        pair.set(0, name)?;
        pair.set(1, value)?;
        headers.set(index, pair)?;
    }
    let result = Array::new(ctx.clone())?;
    result.set(0, answer.status)?;
    result.set(1, answer.reason)?;
    result.set(2, headers)?;
    result.set(3, TypedArray::<u8>::new(ctx.clone(), answer.body)?)?;
    Ok(result)
}
