//! The one canonical form of a request's URL, made once per request before filters and
//! routing, as IIS makes it: every later stage (filters' `URL`, URL_MAP, handler mapping,
//! server variables, static files, `MapURLToPath`, ExecURL children) uses that form, so
//! no two stages can disagree about which resource a URL names.
use std::path::Path;

/// Why a URL has no canonical form, or (the last two) names no file
/// ([`file_alias`]); answered as a [`crate::refusal::Refusal`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UrlRejected {
    #[error("the URL is not an absolute path")]
    NotAPath,
    #[error("the URL has a malformed percent escape")]
    BadEscape,
    #[error("the URL does not decode to UTF-8 (or uses an overlong form)")]
    BadUtf8,
    #[error("the URL holds a NUL or control character")]
    ControlCharacter,
    #[error("the URL climbs above the site root")]
    AboveRoot,
    /// `%25xx`: request filtering's `allowDoubleEscaping="false"`.
    #[error("the URL holds a double escape sequence")]
    DoubleEscaped,
    /// `:` in a file's path: on NTFS `name:stream` and `name::$DATA` open a file's streams.
    #[error("the URL holds a colon (an NTFS stream name)")]
    StreamName,
    /// A file's path segment Windows reads as another name: ending in `.` or ` ` (Win32
    /// strips them), or shaped as an 8.3 short name (`WEB~1.CON`, `DIST~1`).
    #[error("the URL names a file by a Windows alias (a trailing dot or space, a short name)")]
    WindowsAlias,
}

/// The canonical path of a raw request target's path (as received, still encoded;
/// absolute-form `http://host/…` accepted; anything from `?` on is the query and ignored):
/// percent-decoded once to UTF-8, `\` taken as `/`, empty and `.` segments dropped, `..`
/// resolved (never above the root). Always starts with `/`; a trailing `/` (or a final
/// `.`/`..` segment) leaves a trailing `/`.
///
/// Refused: malformed escapes, invalid or overlong UTF-8, NUL and control characters,
/// `..` above the root, and a `%` left after decoding (a double escape such as `%252e`).
///
/// The spellings by which Windows names a file under another name (`x.`, `x:s`, `X~1`)
/// are not refused here: a URL an extension handles (`/api/v1.`, `/v1/x:batchGet`) never
/// becomes a file name. They are refused where a URL becomes a file path — static files,
/// `MapURLToPath`, `PATH_TRANSLATED` ([`file_alias`]) — and request filtering and folder
/// matching ([`inside`]) compare segments as Windows would name the file
/// ([`alias_normalised`]), so no alias slips past them.
pub fn canonicalize(raw: &str) -> Result<String, UrlRejected> {
    let path = without_origin(raw);
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    if !path.starts_with(['/', '\\']) {
        return Err(UrlRejected::NotAPath);
    }
    // Most URLs are canonical already (this runs for every request): one byte scan.
    if plainly_canonical(path.as_bytes()) {
        return Ok(path.to_owned());
    }
    let decoded = decode(path)?;
    if decoded.contains('%') {
        return Err(UrlRejected::DoubleEscaped);
    }
    if decoded.chars().any(char::is_control) {
        return Err(UrlRejected::ControlCharacter);
    }
    let mut segments: Vec<&str> = Vec::new();
    let mut trailing_slash = false;
    for segment in decoded.split(['/', '\\']) {
        trailing_slash = matches!(segment, "" | "." | "..");
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop().ok_or(UrlRejected::AboveRoot)?;
            }
            segment => segments.push(segment),
        }
    }
    let mut out = String::with_capacity(decoded.len());
    for segment in &segments {
        out.push('/');
        out.push_str(segment);
    }
    if out.is_empty() || trailing_slash {
        out.push('/');
    }
    Ok(out)
}

/// Whether `path` is canonical as it stands: no escapes, `\\`, control characters, empty
/// or dot segments. Anything else takes the full path (which refuses or rewrites).
fn plainly_canonical(path: &[u8]) -> bool {
    let mut previous = 0;
    for &byte in path {
        match byte {
            b'%' | b'\\' | 0..=0x1f | 0x7f => return false,
            // A C1 control is U+0080..U+009F: 0xC2 then 0x80..0x9F in UTF-8.
            0x80..=0x9f if previous == 0xc2 => return false,
            b'/' if previous == b'/' => return false,
            b'.' if previous == b'/' => return false,
            _ => {}
        }
        previous = byte;
    }
    true
}

/// Why Windows would read `segment` (decoded, not `.` or `..`) as another file's name,
/// if it would: a `:` (`web.config::$DATA`, `x.js:stream` name NTFS streams), a trailing
/// `.` or ` ` (Win32 drops them: `web.config.` opens `web.config`), or the shape of an
/// 8.3 short name (`WEB~1.CON`, `DIST~1`: the file system's second name of a long one).
/// A colon is refused with 400 (as a bad URL); the others are 404, as a name no file has.
///
/// The short-name shape is only ever refused where a URL becomes a file path: it is a
/// shape, not a certainty (`a~b.txt` may be a long name), and the file system alone knows
/// which long name it stands for, so it cannot be normalised as [`alias_normalised`]
/// does the others; an extension's URL is never opened, so there it is just a name.
pub fn windows_alias(segment: &str) -> Option<UrlRejected> {
    if segment.contains(':') {
        return Some(UrlRejected::StreamName);
    }
    if segment.ends_with(['.', ' ']) || is_short_name(segment) {
        return Some(UrlRejected::WindowsAlias);
    }
    None
}

/// The first [`windows_alias`] among canonical `path`'s segments: where a URL becomes a
/// file path (static files, `MapURLToPath`, `PATH_TRANSLATED`), such a URL has none.
pub fn file_alias(path: &str) -> Option<UrlRejected> {
    path.split('/')
        .filter(|segment| !segment.is_empty())
        .find_map(windows_alias)
}

/// `segment` as Windows reads it when it opens a file: anything from the first `:` (a
/// stream) dropped, then trailing dots and spaces. Request filtering and folder matching
/// compare segments in this form (ignoring ASCII case), so that `/App_Data./x`,
/// `/app_data::$DATA/x` and `/App_Data%20/x` are `App_Data` to them as to NTFS.
pub fn alias_normalised(segment: &str) -> &str {
    let segment = segment.split_once(':').map_or(segment, |(name, _)| name);
    segment.trim_end_matches(['.', ' '])
}

/// The shape of an 8.3 short name: a base of at most 8 characters with a `~` inside it
/// (neither first nor last), then at most one `.` and 3 characters. That covers NTFS's
/// `WEB~1.CON`, `DIST~1` and hashed `AB12C3~1`, and Wine's `WEB~~V04.CON`, `LONG~NYX`
/// (which Wine resolves too); `~user`, `report~2.html` and `LONGNAME~1` are long names.
fn is_short_name(segment: &str) -> bool {
    let (base, extension) = segment.split_once('.').unwrap_or((segment, ""));
    let inner = base
        .as_bytes()
        .get(1..base.len().saturating_sub(1))
        .unwrap_or(&[]);
    base.len() <= 8 && inner.contains(&b'~') && extension.len() <= 3 && !extension.contains('.')
}

/// Whether canonical `path` is `folder` or under it ([`folder_len`]); for file-system
/// paths, `static_files::within`.
pub fn inside(path: &str, folder: &str) -> bool {
    folder_len(path, folder).is_some()
}

/// How much of canonical `path` is `folder` (a config's folder, such as `/api`), if
/// `path` is that folder or under it: whole segments, ignoring ASCII case as IIS matches
/// the folders of `<location>` and of handler paths, each path segment
/// [`alias_normalised`] (`/API./x` is under `/api`, and its folder part is `/API.`).
pub fn folder_len(path: &str, folder: &str) -> Option<usize> {
    let folder = folder.strip_suffix('/').unwrap_or(folder);
    // Most URLs spell the folder as the config does.
    if path.len() >= folder.len()
        && path.is_char_boundary(folder.len())
        && path[..folder.len()].eq_ignore_ascii_case(folder)
        && matches!(path.as_bytes().get(folder.len()), None | Some(b'/'))
    {
        return Some(folder.len());
    }
    let mut matched = 0;
    let mut rest = path;
    for wanted in folder.split('/').filter(|s| !s.is_empty()) {
        let after_slash = rest.strip_prefix('/')?;
        let (segment, remaining) = after_slash
            .split_once('/')
            .map_or((after_slash, ""), |(segment, _)| {
                (segment, &after_slash[segment.len()..])
            });
        if !alias_normalised(segment).eq_ignore_ascii_case(alias_normalised(wanted)) {
            return None;
        }
        matched += 1 + segment.len();
        rest = remaining;
    }
    Some(matched)
}

/// Drops `scheme://authority` from an absolute-form target; `http://host` alone is `/`.
fn without_origin(raw: &str) -> &str {
    if raw.starts_with(['/', '\\']) {
        return raw;
    }
    let Some((scheme, rest)) = raw.split_once("://") else {
        return raw;
    };
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    {
        return raw;
    }
    match rest.find(['/', '?']) {
        Some(at) if rest.as_bytes()[at] == b'/' => &rest[at..],
        _ => "/",
    }
}

/// Percent-decodes once; the bytes must be UTF-8 (which excludes overlong forms).
fn decode(text: &str) -> Result<String, UrlRejected> {
    if !text.contains('%') {
        return Ok(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(UrlRejected::BadEscape)?;
            let high = hex_value(hex[0]).ok_or(UrlRejected::BadEscape)?;
            let low = hex_value(hex[1]).ok_or(UrlRejected::BadEscape)?;
            out.push(high << 4 | low);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| UrlRejected::BadUtf8)
}

fn hex_value(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|v| v as u8)
}

/// A request's URL as every stage after canonicalisation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RequestUrl {
    /// Canonical, decoded path ([`canonicalize`]).
    pub path: String,
    /// The query as received (still encoded), without `?`.
    pub query: String,
    /// Path and query as received (`UNENCODED_URL`, `HTTP_URL`).
    pub raw: String,
}

impl RequestUrl {
    /// From a request target (origin- or absolute-form).
    pub(crate) fn parse(target: &str) -> Result<RequestUrl, UrlRejected> {
        let raw = without_origin(target);
        let (path, query) = raw.split_once('?').unwrap_or((raw, ""));
        Ok(RequestUrl {
            path: canonicalize(path)?,
            query: query.to_owned(),
            raw: raw.to_owned(),
        })
    }

    /// From hyper's parsed target (`OPTIONS *` and the like are not paths: refused).
    pub(crate) fn from_uri(uri: &hyper::Uri) -> Result<RequestUrl, UrlRejected> {
        match uri.path_and_query() {
            Some(target) => RequestUrl::parse(target.as_str()),
            None => RequestUrl::parse(uri.path()),
        }
    }

    /// The request's canonical URL: made once, when the request is admitted (see
    /// `server::admitted`), and kept in its extensions for every later stage.
    pub(crate) fn of_request<B>(
        request: &mut hyper::Request<B>,
    ) -> Result<RequestUrl, UrlRejected> {
        if let Some(made) = request
            .extensions_mut()
            .remove::<Result<RequestUrl, UrlRejected>>()
        {
            return made;
        }
        RequestUrl::from_uri(request.uri())
    }

    /// The path and query as filters read and write it (the pseudo-header `url`).
    pub(crate) fn with_query(&self) -> String {
        if self.query.is_empty() && !self.raw.contains('?') {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }
}

/// The physical path of a canonical URL path under `root` (the path already names
/// nothing above the root).
pub(crate) fn physical_path(root: &Path, canonical: &str) -> String {
    let root = root.to_string_lossy();
    let relative = canonical.trim_start_matches('/');
    let mut out = String::with_capacity(root.len() + relative.len() + 1);
    out.push_str(&root);
    if !out.ends_with(['/', std::path::MAIN_SEPARATOR]) {
        out.push(std::path::MAIN_SEPARATOR);
    }
    if std::path::MAIN_SEPARATOR == '/' {
        out.push_str(relative);
    } else {
        out.extend(relative.chars().map(|c| {
            if c == '/' {
                std::path::MAIN_SEPARATOR
            } else {
                c
            }
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use UrlRejected::*;

    #[test]
    fn every_spelling_of_a_parent_segment_resolves_the_same() {
        for (raw, canonical) in [
            ("/a/../b", "/b"),
            ("/a/%2e%2e/b", "/b"),
            ("/a/%2E%2e%2fb", "/b"),
            ("/a/..%2fb", "/b"),
            ("/a/..%5cb", "/b"),
            ("/a\\..\\b", "/b"),
            ("/x/y/../../b", "/b"),
            ("/./b", "/b"),
            ("//b", "/b"),
            ("/a//b///c", "/a/b/c"),
            ("http://host/a/../b", "/b"),
            ("HTTP://host:8080/a/../b?x=/../..", "/b"),
            ("http://host", "/"),
            ("http://host?q", "/"),
            ("/upstream/../private/index.html", "/private/index.html"),
        ] {
            assert_eq!(canonicalize(raw).as_deref(), Ok(canonical), "{raw}");
        }
    }

    #[test]
    fn decodes_once_to_utf8() {
        assert_eq!(canonicalize("/a%20b/%C3%A9").as_deref(), Ok("/a b/é"));
        assert_eq!(canonicalize("/%41").as_deref(), Ok("/A"));
        assert_eq!(canonicalize("/a+b").as_deref(), Ok("/a+b"));
        assert_eq!(canonicalize("/é").as_deref(), Ok("/é"));
    }

    #[test]
    fn trailing_slashes_and_dot_segments_at_the_end() {
        assert_eq!(canonicalize("/").as_deref(), Ok("/"));
        assert_eq!(canonicalize("/a/b/").as_deref(), Ok("/a/b/"));
        assert_eq!(canonicalize("/a/..").as_deref(), Ok("/"));
        assert_eq!(canonicalize("/a/b/..").as_deref(), Ok("/a/"));
        assert_eq!(canonicalize("/a/.").as_deref(), Ok("/a/"));
        assert_eq!(canonicalize("/.").as_deref(), Ok("/"));
        assert_eq!(canonicalize("/a/b?x").as_deref(), Ok("/a/b"));
    }

    #[test]
    fn refuses_what_has_no_canonical_form() {
        for (raw, why) in [
            ("/..", AboveRoot),
            ("/../etc/passwd", AboveRoot),
            ("/a/../../etc", AboveRoot),
            ("/%2e%2e/x", AboveRoot),
            ("/..%5cx", AboveRoot),
            ("/%252e%252e/x", DoubleEscaped),
            ("/a%25b", DoubleEscaped),
            ("/%c0%ae%c0%ae/x", BadUtf8),
            ("/%c0%af", BadUtf8),
            ("/%e0%80%ae", BadUtf8),
            ("/%ed%a0%80", BadUtf8),
            ("/%ff", BadUtf8),
            ("/a%00b", ControlCharacter),
            ("/a%0d%0ab", ControlCharacter),
            ("/a%7f", ControlCharacter),
            ("/a%c2%85", ControlCharacter),
            ("/a%zz", BadEscape),
            ("/a%4", BadEscape),
            ("/a%", BadEscape),
            ("/a%u002e", BadEscape),
            ("*", NotAPath),
            ("", NotAPath),
            ("a/b", NotAPath),
        ] {
            assert_eq!(canonicalize(raw), Err(why), "{raw}");
        }
        use crate::refusal::Refusal;
        assert_eq!(Refusal::from(DoubleEscaped), Refusal::DoubleEscaped);
        assert_eq!(Refusal::from(AboveRoot), Refusal::BadUrl);
    }

    #[test]
    fn windows_aliases_are_urls_but_name_no_file() {
        for (raw, why) in [
            ("/web.config::$DATA", StreamName),
            ("/web.config%3A%3A$DATA", StreamName),
            ("/dist/x.js:stream", StreamName),
            ("/a::$INDEX_ALLOCATION/x", StreamName),
            ("/web.config.", WindowsAlias),
            ("/web.config%2e", WindowsAlias),
            ("/hello.js.%20.%20", WindowsAlias),
            ("/web.config%20", WindowsAlias),
            ("/secret./x", WindowsAlias),
            ("/secret%20/x", WindowsAlias),
            ("/a/.../b", WindowsAlias),
            ("/WEB~1.CON", WindowsAlias),
            ("/DIST~1/x.js", WindowsAlias),
            ("/x/APP_D~12", WindowsAlias),
            ("/a\\b.\\c", WindowsAlias),
            ("/WEB~~V04.CON", WindowsAlias),
            ("/LONG~NYX/x", WindowsAlias),
            ("/a~b.txt", WindowsAlias),
        ] {
            let canonical = canonicalize(raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert_eq!(file_alias(&canonical), Some(why), "{raw}");
        }
        // An extension's URL keeps them as sent (decoded).
        for (raw, canonical) in [
            ("/api/Report~1.pdf", "/api/Report~1.pdf"),
            ("/docs/a~b", "/docs/a~b"),
            ("/api/v1.", "/api/v1."),
            ("/search/foo%20", "/search/foo "),
            ("/v1/x:batchGet", "/v1/x:batchGet"),
            ("/time/12:30", "/time/12:30"),
            ("/items/urn:isbn:1", "/items/urn:isbn:1"),
            ("/a./b", "/a./b"),
        ] {
            assert_eq!(canonicalize(raw).as_deref(), Ok(canonical), "{raw}");
        }
        use crate::refusal::Refusal;
        assert_eq!(Refusal::from(StreamName), Refusal::BadUrl);
        assert_eq!(Refusal::from(WindowsAlias), Refusal::WindowsAlias);
        // Dots, spaces and tildes inside names are names.
        for fine in [
            "/a.b.c/d.e",
            "/.well-known/x",
            "/.well-known/x",
            "/a b/c",
            "/~user/x",
            "/~user/x~",
            "/report~2.html",
            "/notes.txt~",
            "/LONGNAME~1",
            "/a/./b",
            "/a/..",
        ] {
            assert_eq!(file_alias(&canonicalize(fine).unwrap()), None, "{fine}");
        }
    }

    #[test]
    fn the_byte_scan_agrees_with_the_full_path() {
        // Whatever the quick scan lets through must be what the full path would make.
        for raw in [
            "/a/b",
            "/a.b/c",
            "/a/b.",
            "/a/b ",
            "/a./b",
            "/a /b",
            "/a:b",
            "/~a",
            "/a%41",
            "/a\\b",
            "/a//b",
            "/a/.b",
            "/é/x",
            "/a\u{85}b",
            "/a\u{a0}b",
        ] {
            if plainly_canonical(raw.as_bytes()) {
                assert_eq!(canonicalize(raw).as_deref(), Ok(raw), "{raw}");
                assert!(
                    !raw.contains("//") && !raw.chars().any(char::is_control),
                    "{raw}"
                );
            }
        }
        assert!(plainly_canonical(b"/hello/x.js"));
        assert!(plainly_canonical(b"/api/v1./x:batchGet~1 "));
        assert!(!plainly_canonical("/a\u{85}".as_bytes()));
    }

    #[test]
    fn folders_match_whole_segments_ignoring_case() {
        assert!(inside("/b", "/b"));
        assert!(inside("/B/x", "/b"));
        assert!(inside("/Hello/x", "/hello/"));
        assert!(inside("/x", "/"));
        assert!(!inside("/bb/x", "/b"));
        assert!(!inside("/", "/b"));
        assert!(!inside("/é", "/e"));
        // Segments as Windows names the file.
        assert_eq!(folder_len("/api./x", "/api"), Some(5));
        assert_eq!(folder_len("/API%20", "/api"), None);
        assert_eq!(folder_len("/API ", "/api"), Some(5));
        assert_eq!(folder_len("/b::$INDEX_ALLOCATION/x", "/b/"), Some(21));
        assert_eq!(folder_len("/a. /b.../c", "/a/b"), Some(9));
        assert_eq!(folder_len("/a/b", "/a/b"), Some(4));
        assert_eq!(folder_len("/a.b/x", "/a"), None);
        assert_eq!(folder_len("/ab./x", "/a"), None);
        assert_eq!(folder_len("/x", "/"), Some(0));
        assert_eq!(alias_normalised("App_Data::$DATA"), "App_Data");
        assert_eq!(alias_normalised("web.config. . "), "web.config");
        assert_eq!(alias_normalised("x:a."), "x");
        assert_eq!(alias_normalised("..."), "");
    }

    #[test]
    fn canonical_paths_are_fixed_points() {
        for raw in ["/a/../b/", "/x%20y/./z", "//a\\b", "/é/%2e/x"] {
            let once = canonicalize(raw).unwrap();
            assert_eq!(canonicalize(&once).unwrap(), once, "{raw}");
        }
    }

    #[test]
    fn request_urls_keep_the_raw_target_and_query() {
        let url = RequestUrl::parse("http://h/a/%2e%2e/b%20c?x=%2e%2e&y").unwrap();
        assert_eq!(url.path, "/b c");
        assert_eq!(url.query, "x=%2e%2e&y");
        assert_eq!(url.raw, "/a/%2e%2e/b%20c?x=%2e%2e&y");
        assert_eq!(url.with_query(), "/b c?x=%2e%2e&y");
        assert_eq!(RequestUrl::parse("/a").unwrap().with_query(), "/a");
        assert_eq!(RequestUrl::parse("/a?").unwrap().with_query(), "/a?");
    }

    #[test]
    fn mapped_urls_never_leave_the_root() {
        let root = Path::new("/site");
        let map_url = |root: &Path, raw: &str| Ok(physical_path(root, &canonicalize(raw)?));
        assert_eq!(map_url(root, "/a/b.txt").unwrap(), "/site/a/b.txt");
        assert_eq!(map_url(root, "/a/../b.txt").unwrap(), "/site/b.txt");
        assert_eq!(map_url(root, "/x?y=1").unwrap(), "/site/x");
        assert_eq!(map_url(root, "/").unwrap(), "/site/");
        assert_eq!(map_url(root, "/a/b/").unwrap(), "/site/a/b/");
        assert_eq!(map_url(Path::new("/site/"), "/a").unwrap(), "/site/a");
        assert_eq!(map_url(root, "/../../etc/passwd"), Err(AboveRoot));
        assert_eq!(map_url(root, "/a%5c..%5c..%5cx"), Err(AboveRoot));
        assert_eq!(map_url(root, "/a%00b"), Err(ControlCharacter));
    }
}
