//! The native half of `js/url.js`: the WHATWG URL standard by the `url` crate, whose
//! `quirks` module is the standard's API (every getter and setter, with its state
//! overrides), and `application/x-www-form-urlencoded` by `form_urlencoded`.
use rquickjs::class::{JsClass, Trace, Tracer, Writable};
use rquickjs::function::Opt;
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Class, Ctx, Function, JsLifetime};
use url::{quirks, Url};

use crate::borrowed_str::with_usv_str;
use crate::errors::throw_named;

/// `isapi:native/url`: URL records and their parts, and form encoding.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        for name in [
            "parse",
            "get",
            "set",
            "setQuery",
            "formParse",
            "formSerialize",
            "domainToAscii",
            "domainToUnicode",
        ] {
            declare.declare(name)?;
        }
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("parse", Function::new(ctx.clone(), parse)?)?;
        exports.export("get", Function::new(ctx.clone(), get)?)?;
        exports.export("set", Function::new(ctx.clone(), set)?)?;
        exports.export("setQuery", Function::new(ctx.clone(), set_query)?)?;
        exports.export("formParse", Function::new(ctx.clone(), form_parse)?)?;
        exports.export("formSerialize", Function::new(ctx.clone(), form_serialize)?)?;
        // node:url's domainToASCII / domainToUnicode (UTS #46, as the URL parser's hosts).
        exports.export(
            "domainToAscii",
            Function::new(ctx.clone(), |domain: String| {
                url::quirks::domain_to_ascii(&domain)
            })?,
        )?;
        exports.export(
            "domainToUnicode",
            Function::new(ctx.clone(), |domain: String| {
                url::quirks::domain_to_unicode(&domain)
            })?,
        )?;
        Ok(())
    }
}

/// A URL object's URL record. Freed with the JS `URL` that holds it.
pub(crate) struct UrlRecord(Url);

impl<'js> Trace<'js> for UrlRecord {
    fn trace<'a>(&self, _tracer: Tracer<'a, 'js>) {}
}

// SAFETY: holds no JS values, so it is the same type at every lifetime.
unsafe impl<'js> JsLifetime<'js> for UrlRecord {
    type Changed<'to> = UrlRecord;
}

impl<'js> JsClass<'js> for UrlRecord {
    const NAME: &'static str = "UrlRecord";
    type Mutable = Writable;

    fn constructor(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<rquickjs::Constructor<'js>>> {
        Ok(None)
    }
}

/// A JS string as the standard's USVString (lone surrogates become U+FFFD).
fn usv<'js>(ctx: &Ctx<'js>, text: &rquickjs::String<'js>) -> rquickjs::Result<String> {
    with_usv_str(ctx, text, str::to_owned)
}

/// The URL standard's API parser: `input` against `base`; none when either fails.
fn parse<'js>(
    ctx: Ctx<'js>,
    input: rquickjs::String<'js>,
    base: Opt<rquickjs::String<'js>>,
) -> rquickjs::Result<Option<Class<'js, UrlRecord>>> {
    let input = usv(&ctx, &input)?;
    let base = match base.0 {
        Some(base) => match resolve(&usv(&ctx, &base)?, None) {
            Some(base) => Some(base),
            None => return Ok(None),
        },
        None => None,
    };
    match resolve(&input, base.as_ref()) {
        Some(url) => Class::instance(ctx, UrlRecord(url)).map(Some),
        None => Ok(None),
    }
}

/// `input` parsed against `base`, working around the `url` crate's relative resolution
/// where it is not the standard's (as of url 2.5.9): it refuses three or more leading
/// slashes against a special base, and treats `\` as `/` against a non-special one. Each
/// case is rewritten into the absolute URL string the standard's relative states reach,
/// which the crate parses right.
fn resolve(input: &str, base: Option<&Url>) -> Option<Url> {
    let absolute = base.and_then(|base| absolute_form(input, base));
    let (relative, base_used) = match &absolute {
        Some(absolute) => (absolute.as_str(), None),
        None => (input, base),
    };
    let mut url = Url::options().base_url(base_used).parse(relative).ok()?;
    keep_host_before_drive_letter(&mut url, relative, base_used);
    Some(url)
}

/// The `url` crate drops a file URL's host when its path starts with a Windows drive
/// letter (`file://host/C:/x` gives `file:///C:/x`); the standard keeps it (its path
/// state only normalizes the letter, as Node does). Puts back the host the standard's file
/// states give `input` (against `base`): the authority's after `file://`, else the file
/// base's.
fn keep_host_before_drive_letter(url: &mut Url, input: &str, base: Option<&Url>) {
    if url.scheme() != "file" || url.host_str().is_some_and(|h| !h.is_empty()) {
        return;
    }
    let path = url.path().as_bytes();
    let drive = path.len() >= 3 && path[1].is_ascii_alphabetic() && path[2] == b':';
    if !drive || !(path.len() == 3 || path[3] == b'/') {
        return;
    }
    // The parser's own first steps: trim C0 controls and spaces, drop tabs and newlines.
    let input: String = input
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let rest = match input.get(..5) {
        Some(scheme) if scheme.eq_ignore_ascii_case("file:") => &input[5..],
        _ if has_scheme(&input) => return,
        _ => input.as_str(),
    };
    let slash = |c: char| c == '/' || c == '\\';
    let mut chars = rest.chars();
    let host = if chars.next().is_some_and(slash) && chars.next().is_some_and(slash) {
        // File host state: up to the path, query or fragment; a drive letter there is the
        // path's, and localhost is no host.
        let authority = chars.as_str();
        let end = authority
            .find(|c: char| slash(c) || c == '?' || c == '#')
            .unwrap_or(authority.len());
        let buffer = &authority[..end];
        let bytes = buffer.as_bytes();
        let is_drive =
            bytes.len() == 2 && bytes[0].is_ascii_alphabetic() && matches!(bytes[1], b':' | b'|');
        if is_drive {
            return;
        }
        buffer.to_owned()
    } else {
        match base {
            Some(base) if base.scheme() == "file" => base.host_str().unwrap_or("").to_owned(),
            _ => return,
        }
    };
    // The crate's host parser is the standard's; localhost is no host.
    let localhost = matches!(url::Host::parse(&host), Ok(url::Host::Domain(d)) if d == "localhost");
    if !host.is_empty() && !localhost {
        let _ = url.set_host(Some(&host));
    }
}

/// The absolute URL string equivalent to relative `input` against `base`, for the cases
/// the `url` crate resolves wrongly; `None` for the rest.
fn absolute_form(input: &str, base: &Url) -> Option<String> {
    // The parser's own first steps: trim C0 controls and spaces, drop tabs and newlines.
    let input: String = input
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if has_scheme(&input) || base.cannot_be_a_base() {
        return None;
    }
    let slash = |c: char| c == '/' || c == '\\';
    let special = matches!(base.scheme(), "http" | "https" | "ws" | "wss" | "ftp");
    let mut chars = input.chars();
    if special {
        // Relative slash state, then special authority ignore slashes: the same as the
        // scheme followed by the input.
        let two_slashes = chars.next().is_some_and(slash) && chars.next().is_some_and(slash);
        return two_slashes.then(|| format!("{}:{input}", base.scheme()));
    }
    if base.scheme() == "file" || !input.contains('\\') {
        return None;
    }
    // Non-special: a backslash is a path code point like any other.
    match input.chars().next() {
        Some('/') if input[1..].starts_with('/') => Some(format!("{}:{input}", base.scheme())),
        Some('/') => Some(format!("{}{input}", &base[..url::Position::BeforePath])),
        Some('?' | '#') | None => None,
        Some(_) => {
            // Relative state: the base's path without its last segment, then the input.
            let path = base.path();
            let directory = path.rfind('/').map_or("/", |end| &path[..=end]);
            let authority = &base[..url::Position::BeforePath];
            // Without a host, a path starting with "//" needs "/." before it, as in the
            // serializer, or it would read as an authority.
            let dot = if !base.has_host() && directory.starts_with("//") {
                "/."
            } else {
                ""
            };
            Some(format!("{authority}{dot}{directory}{input}"))
        }
    }
}

/// Whether `input` starts with a scheme: an ASCII letter, then letters, digits, `+`, `-`
/// or `.`, then `:`.
fn has_scheme(input: &str) -> bool {
    let mut chars = input.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .is_some_and(|c| c == ':')
}

/// The parts, numbered as `js/url.js` names them.
const HREF: u8 = 0;
const ORIGIN: u8 = 1;
const PROTOCOL: u8 = 2;
const USERNAME: u8 = 3;
const PASSWORD: u8 = 4;
const HOST: u8 = 5;
const HOSTNAME: u8 = 6;
const PORT: u8 = 7;
const PATHNAME: u8 = 8;
const SEARCH: u8 = 9;
const HASH: u8 = 10;

/// The getter of part `part`.
fn get(record: Class<'_, UrlRecord>, part: u8) -> rquickjs::Result<String> {
    let record = record.try_borrow()?;
    let url = &record.0;
    Ok(match part {
        HREF => quirks::href(url).to_owned(),
        ORIGIN => origin(url),
        PROTOCOL => quirks::protocol(url).to_owned(),
        USERNAME => quirks::username(url).to_owned(),
        PASSWORD => quirks::password(url).to_owned(),
        HOST => quirks::host(url).to_owned(),
        HOSTNAME => quirks::hostname(url).to_owned(),
        PORT => quirks::port(url).to_owned(),
        PATHNAME => quirks::pathname(url).to_owned(),
        SEARCH => quirks::search(url).to_owned(),
        HASH => quirks::hash(url).to_owned(),
        _ => String::new(),
    })
}

/// The origin's serialization. A blob URL's is that of the URL its path holds only when
/// that is http(s) (the standard since 2023; the `url` crate still takes any scheme's).
fn origin(url: &Url) -> String {
    if url.scheme() == "blob" {
        return match Url::parse(url.path()) {
            Ok(inner) if matches!(inner.scheme(), "http" | "https") => quirks::origin(&inner),
            _ => "null".to_owned(),
        };
    }
    quirks::origin(url)
}

/// The setter of part `part`. Only `href` can fail (a TypeError); the others leave the
/// URL as it was when the value does not apply, as the standard says.
fn set<'js>(
    ctx: Ctx<'js>,
    record: Class<'js, UrlRecord>,
    part: u8,
    value: rquickjs::String<'js>,
) -> rquickjs::Result<()> {
    let value = usv(&ctx, &value)?;
    let mut record = record.try_borrow_mut()?;
    let url = &mut record.0;
    match part {
        HREF => {
            *url = resolve(&value, None)
                .ok_or_else(|| throw_named(&ctx, "TypeError", "Invalid URL", None))?;
        }
        PROTOCOL => {
            let refused = quirks::set_protocol(url, &value).is_err();
            if let Some(file) = refused.then(|| to_file_scheme(url, &value)).flatten() {
                *url = file;
            }
        }
        USERNAME => _ = quirks::set_username(url, &value),
        PASSWORD => _ = quirks::set_password(url, &value),
        HOST => _ = quirks::set_host(url, &value),
        HOSTNAME => _ = quirks::set_hostname(url, &value),
        PORT => _ = quirks::set_port(url, &value),
        PATHNAME => {
            quirks::set_pathname(url, &value);
            empty_path(url, &value);
        }
        SEARCH => quirks::set_search(url, &value),
        HASH => quirks::set_hash(url, &value),
        _ => {}
    }
    if part != HREF {
        serialize_as_the_standard(url);
    }
    Ok(())
}

/// The protocol setter's switch of a special URL to "file", which the standard allows
/// when the URL has no credentials and no port, and the `url` crate refuses whenever it
/// has a host.
fn to_file_scheme(url: &Url, value: &str) -> Option<Url> {
    let scheme = value.split(':').next().unwrap_or_default();
    let allowed = scheme.eq_ignore_ascii_case("file")
        && matches!(url.scheme(), "http" | "https" | "ws" | "wss" | "ftp")
        && url.username().is_empty()
        && url.password().is_none()
        && url.port().is_none();
    allowed
        .then(|| {
            resolve(
                &format!("file:{}", &url[url::Position::AfterScheme..][1..]),
                None,
            )
        })
        .flatten()
}

/// The `url` crate's setters can leave a serialization that is not the standard's for the
/// URL they made: a "/." kept before a path that no longer needs it (or after a host was
/// set), or missing before a hostless path starting with an empty segment (which would
/// then read as a host). The URL is rebuilt from the standard's serialization of its parts.
fn serialize_as_the_standard(url: &mut Url) {
    let standard = standard_serialization(url);
    if standard != url.as_str() {
        if let Some(fixed) = resolve(&standard, None) {
            *url = fixed;
        }
    }
}

/// The URL serializer of the standard, from the record's parts.
fn standard_serialization(url: &Url) -> String {
    let mut text = format!("{}:", url.scheme());
    if has_authority(url) {
        let host = url.host_str().unwrap_or_default();
        text.push_str("//");
        if !url.username().is_empty() || url.password().is_some() {
            text.push_str(url.username());
            if let Some(password) = url.password() {
                text.push(':');
                text.push_str(password);
            }
            text.push('@');
        }
        text.push_str(host);
        if let Some(port) = url.port() {
            text.push(':');
            text.push_str(&port.to_string());
        }
    } else if !url.cannot_be_a_base() && url.path().starts_with("//") {
        text.push_str("/.");
    }
    text.push_str(url.path());
    if let Some(query) = url.query() {
        text.push('?');
        text.push_str(query);
    }
    if let Some(fragment) = url.fragment() {
        text.push('#');
        text.push_str(fragment);
    }
    text
}

/// Whether the URL has a host, empty or not: the crate's `has_host` is false for an
/// empty one ("sc:///p"), and its serialization may be the broken one being repaired, so
/// this asks where the record's host starts (after "scheme://" only with an authority).
fn has_authority(url: &Url) -> bool {
    url[..url::Position::BeforeHost].len() >= url.scheme().len() + 3
}

/// The pathname setter with an empty value leaves a non-special URL with a host with an
/// empty path ("sc://h"); the `url` crate makes it "/".
fn empty_path(url: &mut Url, value: &str) {
    let special = matches!(
        url.scheme(),
        "http" | "https" | "ws" | "wss" | "ftp" | "file"
    );
    let empty = value.chars().all(|c| matches!(c, '\t' | '\n' | '\r'));
    if special || !empty || !has_authority(url) || url.cannot_be_a_base() || url.path() != "/" {
        return;
    }
    let mut text = url[..url::Position::BeforePath].to_owned();
    text.push_str(&url[url::Position::AfterPath..]);
    if let Ok(fixed) = Url::parse(&text) {
        *url = fixed;
    }
}

/// The URLSearchParams update steps: the query becomes `query` (already form-encoded),
/// or null (which also strips an opaque path's trailing spaces).
fn set_query(record: Class<'_, UrlRecord>, query: Option<String>) -> rquickjs::Result<()> {
    record.try_borrow_mut()?.0.set_query(query.as_deref());
    Ok(())
}

/// `application/x-www-form-urlencoded` parsing: `[name, value, name, value, …]`.
fn form_parse<'js>(ctx: Ctx<'js>, text: rquickjs::String<'js>) -> rquickjs::Result<Vec<String>> {
    with_usv_str(&ctx, &text, |text| {
        form_urlencoded::parse(text.as_bytes())
            .flat_map(|(name, value)| [name.into_owned(), value.into_owned()])
            .collect()
    })
}

/// `application/x-www-form-urlencoded` serialization of `[name, value, …]` (USVStrings).
fn form_serialize(list: Vec<String>) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for pair in list.chunks_exact(2) {
        serializer.append_pair(&pair[0], &pair[1]);
    }
    serializer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn href(input: &str, base: &str) -> Option<String> {
        resolve(input, Some(&resolve(base, None).unwrap())).map(String::from)
    }

    /// The `url` crate's relative resolution, corrected in [`absolute_form`].
    #[test]
    fn resolves_as_the_standard_where_the_url_crate_does_not() {
        let base = "http://example.com/dir/file";
        assert_eq!(href("///x", base).as_deref(), Some("http://x/"));
        assert_eq!(href("\t/\\/x/y", base).as_deref(), Some("http://x/y"));
        assert_eq!(href("//x", base).as_deref(), Some("http://x/"));
        let base = "sc://h/dir/file";
        assert_eq!(href("\\g", base).as_deref(), Some("sc://h/dir/\\g"));
        assert_eq!(href("..\\g", base).as_deref(), Some("sc://h/dir/..\\g"));
        assert_eq!(href("/\\g", base).as_deref(), Some("sc://h/\\g"));
        assert_eq!(href("//g\\x", base), None);
        assert_eq!(href("g\\x", "sc:/.//p/q").as_deref(), Some("sc:/.//p/g\\x"));
        assert_eq!(href("g\\x", "sc://h").as_deref(), Some("sc://h/g\\x"));
    }

    /// Where Node 20 is not the standard, so `tests/conformance/url-parse.mjs` leaves the
    /// case out.
    #[test]
    fn resolves_as_the_standard_where_node_does_not() {
        // The path state appends an empty segment after a final "..".
        assert_eq!(href("../..", "sc://h/dir/file").as_deref(), Some("sc://h/"));
        assert_eq!(href("..", "sc://x/").as_deref(), Some("sc://x/"));
        assert_eq!(href("../..", "sc:/dir/file").as_deref(), Some("sc:/"));
        // No scheme, a base with an opaque path, and not a fragment: failure.
        assert_eq!(href("g#s", "about:blank"), None);
        assert_eq!(href("g?y", "data:text/plain,x"), None);
        assert_eq!(href("#s", "about:blank").as_deref(), Some("about:blank#s"));
    }

    #[test]
    fn setters_do_as_the_standard_where_the_url_crate_does_not() {
        let mut url = Url::parse("http://example.com/p").unwrap();
        assert!(quirks::set_protocol(&mut url, "file").is_err());
        assert_eq!(
            to_file_scheme(&url, "FILE:x").map(String::from).as_deref(),
            Some("file://example.com/p")
        );
        let with_port = Url::parse("http://example.com:81/").unwrap();
        assert_eq!(to_file_scheme(&with_port, "file"), None);
        let mut url = Url::parse("sc:/path").unwrap();
        quirks::set_pathname(&mut url, "//double");
        serialize_as_the_standard(&mut url);
        assert_eq!(url.as_str(), "sc:/.//double");
        assert_eq!(quirks::pathname(&url), "//double");
        let mut url = Url::parse("sc:/.//p").unwrap();
        quirks::set_hostname(&mut url, "h").unwrap();
        serialize_as_the_standard(&mut url);
        assert_eq!(url.as_str(), "sc://h//p");
        let mut url = Url::parse("sc:/.//").unwrap();
        quirks::set_pathname(&mut url, "p");
        serialize_as_the_standard(&mut url);
        assert_eq!(url.as_str(), "sc:/p");
        let mut url = Url::parse("sc:///some/path?q").unwrap();
        quirks::set_pathname(&mut url, "");
        empty_path(&mut url, "");
        assert_eq!(url.as_str(), "sc://?q");
    }

    /// Where Node 20 is not the standard, so `tests/conformance/url-setters.mjs` leaves the
    /// case out.
    #[test]
    fn setters_do_as_the_standard_where_node_does_not() {
        let mut url = Url::parse("sc:/path").unwrap();
        quirks::set_host(&mut url, "other.com:8080").unwrap();
        assert_eq!(url.as_str(), "sc://other.com:8080/path");
        let mut url = Url::parse("sc:/path").unwrap();
        quirks::set_host(&mut url, "").unwrap();
        assert_eq!(url.as_str(), "sc:///path");
        let mut url = Url::parse("sc://user@host:99/p").unwrap();
        assert!(quirks::set_host(&mut url, ":80").is_err());
        assert_eq!(url.as_str(), "sc://user@host:99/p");
    }

    /// Where Node 20 is the standard, `tests/conformance/url-parse.mjs` covers these too.
    #[test]
    fn a_file_url_keeps_its_host_before_a_drive_letter() {
        let parse = |input: &str| resolve(input, None).map(String::from);
        assert_eq!(parse("file://host/C:/").as_deref(), Some("file://host/C:/"));
        assert_eq!(
            parse("file://host/C|/x").as_deref(),
            Some("file://host/C:/x")
        );
        assert_eq!(parse("FILE:\\\\h\\C:").as_deref(), Some("file://h/C:"));
        assert_eq!(
            parse("file://localhost/C:/a").as_deref(),
            Some("file:///C:/a")
        );
        assert_eq!(parse("file://C:/x").as_deref(), Some("file:///C:/x"));
        assert_eq!(parse("file:///C:/x").as_deref(), Some("file:///C:/x"));
        assert_eq!(
            parse("file://host/C:/../..").as_deref(),
            Some("file://host/C:/")
        );
        let base = "file://host/C:/a/b";
        assert_eq!(href("..", base).as_deref(), Some("file://host/C:/"));
        assert_eq!(
            href("/D:/x", "file://host/a").as_deref(),
            Some("file://host/D:/x")
        );
        assert_eq!(
            href("file:/D:/x", "file://host/a").as_deref(),
            Some("file://host/D:/x")
        );
        assert_eq!(
            href("//other/D:/x", base).as_deref(),
            Some("file://other/D:/x")
        );
        assert_eq!(href("C:/x", "file://host/a").as_deref(), Some("c:/x"));
    }

    #[test]
    fn a_blob_url_has_an_origin_only_for_http_and_https() {
        let origin_of = |text: &str| origin(&Url::parse(text).unwrap());
        assert_eq!(
            origin_of("blob:https://example.com:8443/id"),
            "https://example.com:8443"
        );
        assert_eq!(origin_of("blob:ftp://example.com/id"), "null");
        assert_eq!(origin_of("blob:blob:https://example.com/id"), "null");
        assert_eq!(origin_of("blob:not a url"), "null");
    }
}
