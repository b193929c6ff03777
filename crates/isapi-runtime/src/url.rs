//! The native half of `js/url.js`: parsing and the setters, by the `url` crate (WHATWG rules).
use rquickjs::function::Opt;
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Ctx, Function, Value};

/// `isapi:native/url`: parse and set, each giving the parts of the URL.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        declare.declare("parse")?;
        declare.declare("set")?;
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("parse", Function::new(ctx.clone(), url_parse)?)?;
        exports.export("set", Function::new(ctx.clone(), url_set)?)?;
        Ok(())
    }
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
