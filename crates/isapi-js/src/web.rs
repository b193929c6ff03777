//! The web platform globals (`web.js`) and the native functions under them: UTF-8,
//! URL parsing (the `url` crate, WHATWG rules), randomness and a monotonic clock.
//! Timers live in JS; the engine runs the due ones while it waits ([`run_timers`]).
//!
//! `web.js` is evaluated on first use: until a handler touches one of its globals, each
//! is an accessor that evaluates it and steps aside. Its classes and functions are about
//! 150 KB of heap per engine, which handlers that never use them do not pay (nor the
//! 3 ms it takes to compile it at engine start).
use std::cell::Cell;
use std::rc::Rc;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, TypedArray, Value};

use crate::ecb_object::bytes_of;
use crate::error::throw_named;

const PRELUDE: &str = include_str!("web.js");

/// Stands in for every global `web.js` defines (its final `Object.assign`) until one is
/// touched; then removes itself and evaluates `web.js` (`__isapiLoadWeb`).
const ON_FIRST_USE: &str = r#"(() => {
  const names = ["TextEncoder", "TextDecoder", "URL", "URLSearchParams", "ReadableStream",
    "Headers", "Request", "Response", "crypto", "setTimeout", "setInterval", "clearTimeout",
    "clearInterval", "queueMicrotask"];
  const load = __isapiLoadWeb;
  let loaded = false;
  const loadOnce = () => {
    if (loaded) return;
    loaded = true;
    for (const name of names) delete globalThis[name];
    load();
  };
  for (const name of names) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      enumerable: true,
      get() { loadOnce(); return globalThis[name]; },
      set(value) { loadOnce(); globalThis[name] = value; },
    });
  }
  delete globalThis.__isapiLoadWeb;
})();"#;

/// Installs the globals; `loaded` is set once `web.js` ran (until then no timer exists,
/// which spares each request's end a lookup).
pub(crate) fn install(ctx: &Ctx<'_>, loaded: Rc<Cell<bool>>) -> rquickjs::Result<()> {
    let globals = ctx.globals();
    globals.set(
        "__isapiUtf8Encode",
        Function::new(ctx.clone(), utf8_encode)?,
    )?;
    globals.set(
        "__isapiUtf8Decode",
        Function::new(ctx.clone(), utf8_decode)?,
    )?;
    globals.set("__isapiUrlParse", Function::new(ctx.clone(), url_parse)?)?;
    globals.set("__isapiUrlSet", Function::new(ctx.clone(), url_set)?)?;
    globals.set(
        "__isapiRandomBytes",
        Function::new(ctx.clone(), random_bytes)?,
    )?;
    globals.set("__isapiNow", Function::new(ctx.clone(), now)?)?;
    globals.set(
        "__isapiLoadWeb",
        Function::new(ctx.clone(), move |ctx: Ctx<'_>| {
            loaded.set(true);
            load(ctx)
        })?,
    )?;
    ctx.eval::<(), _>(ON_FIRST_USE)
}

fn load(ctx: Ctx<'_>) -> rquickjs::Result<()> {
    ctx.eval::<(), _>(PRELUDE)
}

/// Runs the timers that are due. Returns how long until the next one, or `None` when
/// no timer is set.
pub(crate) fn run_timers(ctx: &Ctx<'_>) -> Result<Option<Duration>, String> {
    // Absent until `web.js` is loaded, and then no timer can have been set.
    let run: Option<Function> = ctx
        .globals()
        .get("__isapiRunTimers")
        .map_err(|e| e.to_string())?;
    let Some(run) = run else {
        return Ok(None);
    };
    let next: f64 = run
        .call(())
        .map_err(|e| crate::error::describe_exception(ctx, e))?;
    Ok((next >= 0.0).then(|| Duration::from_secs_f64(next / 1000.0)))
}

/// Cancels every timer (the request that set them has ended); returns how many there were.
pub(crate) fn cancel_timers(ctx: &Ctx<'_>) -> Result<usize, String> {
    let cancel: Option<Function> = ctx
        .globals()
        .get("__isapiCancelTimers")
        .map_err(|e| e.to_string())?;
    let Some(cancel) = cancel else {
        return Ok(0);
    };
    cancel
        .call::<_, f64>(())
        .map(|left| left as usize)
        .map_err(|e| crate::error::describe_exception(ctx, e))
}

fn utf8_encode<'js>(ctx: Ctx<'js>, text: String) -> rquickjs::Result<TypedArray<'js, u8>> {
    TypedArray::new(ctx, text.into_bytes())
}

fn utf8_decode<'js>(ctx: Ctx<'js>, bytes: Value<'js>, fatal: bool) -> rquickjs::Result<String> {
    let bytes = bytes_of(&ctx, &bytes)?;
    if fatal {
        return String::from_utf8(bytes).map_err(|e| {
            throw_named(
                &ctx,
                "TypeError",
                &format!("the data is not valid UTF-8 ({e})"),
                None,
            )
        });
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `[href, origin, protocol, username, password, host, hostname, port, pathname, search,
/// hash]`, as the URL standard's getters give them.
fn parts(url: &url::Url) -> Vec<String> {
    let nonempty = |prefix: &str, part: Option<&str>| match part {
        Some(text) if !text.is_empty() => format!("{prefix}{text}"),
        _ => String::new(),
    };
    let hostname = url.host_str().unwrap_or("").to_owned();
    let port = url.port().map(|p| p.to_string()).unwrap_or_default();
    let host = if port.is_empty() {
        hostname.clone()
    } else {
        format!("{hostname}:{port}")
    };
    vec![
        url.as_str().to_owned(),
        url.origin().ascii_serialization(),
        format!("{}:", url.scheme()),
        url.username().to_owned(),
        url.password().unwrap_or("").to_owned(),
        host,
        hostname,
        port,
        url.path().to_owned(),
        nonempty("?", url.query()),
        nonempty("#", url.fragment()),
    ]
}

fn url_parse(input: String, base: Opt<Value<'_>>) -> Option<Vec<String>> {
    let base = base
        .0
        .filter(|b| !b.is_undefined())
        .map(|b| b.as_string().and_then(|s| s.to_string().ok()));
    let parsed = match base {
        Some(base) => url::Url::parse(&base?).ok()?.join(&input).ok()?,
        None => url::Url::parse(&input).ok()?,
    };
    Some(parts(&parsed))
}

/// Applies one setter of the URL standard; `None` when it cannot apply.
fn url_set(href: String, name: String, value: String) -> Option<Vec<String>> {
    let mut url = url::Url::parse(&href).ok()?;
    let strip = |text: &str, prefix: char| text.strip_prefix(prefix).unwrap_or(text).to_owned();
    let applied = match name.as_str() {
        "href" => {
            url = url::Url::parse(&value).ok()?;
            Ok(())
        }
        "protocol" => url.set_scheme(value.trim_end_matches(':')),
        "username" => url.set_username(&value),
        "password" => url.set_password(Some(&value).filter(|v| !v.is_empty()).map(|v| v.as_str())),
        "host" => {
            let (host, port) = match value.rsplit_once(':') {
                Some((h, p)) if !h.is_empty() && p.chars().all(|c| c.is_ascii_digit()) => {
                    (h.to_owned(), p.parse::<u16>().ok())
                }
                _ => (value.clone(), url.port()),
            };
            url.set_host(Some(&host))
                .map_err(|_| ())
                .and_then(|()| url.set_port(port))
        }
        "hostname" => url.set_host(Some(&value)).map_err(|_| ()),
        "port" if value.is_empty() => url.set_port(None),
        "port" => url.set_port(Some(value.parse().ok()?)),
        "pathname" => {
            url.set_path(&value);
            Ok(())
        }
        "search" | "searchParams" => {
            let query = strip(&value, '?');
            url.set_query((!query.is_empty()).then_some(query.as_str()));
            Ok(())
        }
        "hash" => {
            let fragment = strip(&value, '#');
            url.set_fragment((!fragment.is_empty()).then_some(fragment.as_str()));
            Ok(())
        }
        _ => Err(()),
    };
    applied.ok().map(|()| parts(&url))
}

fn random_bytes<'js>(ctx: Ctx<'js>, length: usize) -> rquickjs::Result<TypedArray<'js, u8>> {
    let mut bytes = vec![0u8; length.min(1 << 16)];
    getrandom::fill(&mut bytes).map_err(|e| {
        throw_named(
            &ctx,
            "Error",
            &format!("no randomness available: {e}"),
            None,
        )
    })?;
    TypedArray::new(ctx, bytes)
}

/// Milliseconds on a monotonic clock (timers must not jump with the wall clock).
fn now() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}
