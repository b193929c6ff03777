//! Server variables (`GetServerVariable`): what IIS reports about a request, by name.
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

pub const SERVER_SOFTWARE: &str = concat!("isapi-ts-host/", env!("CARGO_PKG_VERSION"));

/// Everything variables are computed from, captured when the request starts.
pub struct RequestInfo {
    pub method: String,
    /// Decoded URL path, without query.
    pub url: String,
    /// The request target as received (path and query, still encoded).
    pub raw_target: String,
    pub query: String,
    pub path_info: String,
    pub path_translated: String,
    pub script_name: String,
    pub protocol: &'static str,
    /// The request's headers (names lowercased, as hyper stores them).
    pub headers: hyper::HeaderMap,
    pub remote: SocketAddr,
    pub local: SocketAddr,
    pub root: Arc<Path>,
    pub content_type: String,
    pub content_length: Option<u64>,
    /// The identity AUTHENTICATION filters settled on ("" = anonymous).
    pub auth_type: String,
    pub auth_user: String,
    pub auth_password: String,
}

impl RequestInfo {
    fn header(&self, lowercase_name: &str) -> Option<&[u8]> {
        self.headers.get(lowercase_name).map(|v| v.as_bytes())
    }

    /// The value of `name`, or `None` if the host does not know it.
    pub fn variable(&self, name: &str) -> Option<Vec<u8>> {
        if let Some(inner) = name.strip_prefix("UNICODE_") {
            if inner.starts_with("HTTP_") || inner.starts_with("HEADER_") {
                return None;
            }
            let text = String::from_utf8_lossy(&self.variable(inner)?).into_owned();
            return Some(text.encode_utf16().flat_map(u16::to_le_bytes).collect());
        }
        if let Some(header) = name.strip_prefix("HEADER_") {
            return self
                .header(&header.to_ascii_lowercase())
                .map(<[u8]>::to_vec);
        }
        if let Some(header) = name.strip_prefix("HTTP_") {
            if !matches!(header, "URL" | "METHOD" | "VERSION") {
                return self
                    .header(&header.to_ascii_lowercase().replace('_', "-"))
                    .map(<[u8]>::to_vec);
            }
        }
        let text = |s: &str| Some(s.as_bytes().to_vec());
        match name {
            "REQUEST_METHOD" | "HTTP_METHOD" => text(&self.method),
            "QUERY_STRING" => text(&self.query),
            "URL" | "REQUEST_URI" => text(&self.url),
            "HTTP_URL" | "UNENCODED_URL" => text(&self.raw_target),
            "HTTP_VERSION" | "SERVER_PROTOCOL" => text(self.protocol),
            "PATH_INFO" => text(&self.path_info),
            "PATH_TRANSLATED" => text(&self.path_translated),
            "SCRIPT_NAME" => text(&self.script_name),
            "SCRIPT_FILENAME" | "REQUEST_FILENAME" => text(&self.path_translated),
            "SERVER_NAME" => text(&self.server_name()),
            "SERVER_PORT" => text(&self.local.port().to_string()),
            "SERVER_PORT_SECURE" => text("0"),
            "HTTPS" => text("off"),
            "SERVER_SOFTWARE" => text(SERVER_SOFTWARE),
            "GATEWAY_INTERFACE" => text("CGI/1.1"),
            "REMOTE_ADDR" | "REMOTE_HOST" => text(&self.remote.ip().to_string()),
            "REMOTE_PORT" => text(&self.remote.port().to_string()),
            "LOCAL_ADDR" | "SERVER_ADDR" => text(&self.local.ip().to_string()),
            "CONTENT_TYPE" => text(&self.content_type),
            "CONTENT_LENGTH" => text(&self.content_length.unwrap_or(0).to_string()),
            "INSTANCE_ID" => text("1"),
            "INSTANCE_META_PATH" => text("/LM/W3SVC/1"),
            "APPL_MD_PATH" => text("/LM/W3SVC/1/ROOT"),
            "APPL_PHYSICAL_PATH" | "DOCUMENT_ROOT" => text(&with_separator(&self.root)),
            "AUTH_TYPE" => text(&self.auth_type),
            "AUTH_USER" | "REMOTE_USER" | "LOGON_USER" | "UNMAPPED_REMOTE_USER" => {
                text(&self.auth_user)
            }
            "AUTH_PASSWORD" => text(&self.auth_password),
            "ALL_HTTP" => Some(self.all_http()),
            "ALL_RAW" => Some(self.all_raw()),
            _ => None,
        }
    }

    fn server_name(&self) -> String {
        match self
            .header("host")
            .map(|h| String::from_utf8_lossy(h).into_owned())
        {
            Some(host) if !host.is_empty() => match host.rsplit_once(':') {
                Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name.to_owned(),
                _ => host,
            },
            _ => self.local.ip().to_string(),
        }
    }

    /// `HTTP_NAME:value` lines, LF-terminated, as IIS writes them.
    fn all_http(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, value) in &self.headers {
            out.extend_from_slice(b"HTTP_");
            out.extend(name.as_str().bytes().map(|b| {
                if b == b'-' {
                    b'_'
                } else {
                    b.to_ascii_uppercase()
                }
            }));
            out.push(b':');
            out.extend_from_slice(value.as_bytes());
            out.push(b'\n');
        }
        out
    }

    /// `Name: value` lines. hyper keeps names lowercased, so they are shown in the
    /// canonical capitalisation (`Content-Type`).
    fn all_raw(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, value) in &self.headers {
            out.extend_from_slice(title_case(name.as_str()).as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out
    }
}

fn title_case(name: &str) -> String {
    name.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn with_separator(path: &Path) -> String {
    let mut text = path.display().to_string();
    if !text.ends_with(std::path::MAIN_SEPARATOR) {
        text.push(std::path::MAIN_SEPARATOR);
    }
    text
}

/// Percent-decodes a URL path (lossy UTF-8), leaving `+` alone as paths do.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(byte) = hex {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves `.` and `..` segments so a URL can never name a path above the root.
pub fn normalize_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    out.push('/');
    push_normalized(&mut out, path);
    out
}

/// The physical path for a (decoded) URL path under `root`. Backslashes count as
/// separators and dot segments are resolved first, so the result never leaves `root`.
pub fn translate(root: &Path, url_path: &str) -> String {
    // What `root.join(normalize_path(url_path))` gives, built in one string: this runs
    // for every request (PATH_TRANSLATED is in the ECB).
    let root = root.to_string_lossy();
    let mut out = String::with_capacity(root.len() + url_path.len() + 1);
    out.push_str(&root);
    if !out.ends_with(['/', std::path::MAIN_SEPARATOR]) {
        out.push(std::path::MAIN_SEPARATOR);
    }
    push_normalized(&mut out, url_path);
    out
}

/// Appends `path`'s segments to `out`, `/`-separated, with `.` and `..` resolved (never
/// above what `out` held) and a trailing separator kept. Backslashes separate too.
fn push_normalized(out: &mut String, path: &str) {
    let base = out.len();
    for segment in path.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                let parent = out[base..].rfind('/').map_or(base, |at| base + at);
                out.truncate(parent);
            }
            segment => {
                if out.len() > base {
                    out.push('/');
                }
                out.push_str(segment);
            }
        }
    }
    if path.ends_with(['/', '\\']) && out.len() > base {
        out.push('/');
    }
}

/// Maps a URL as the extension passed it (still encoded) to a physical path; `None` for
/// URLs that cannot name a file (an encoded NUL).
pub fn map_url(root: &Path, url: &str) -> Option<String> {
    let path = url.split('?').next().unwrap_or("");
    let decoded = percent_decode(path);
    if decoded.contains('\0') {
        return None;
    }
    Some(translate(root, &decoded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("/a%20b/%C3%A9"), "/a b/é");
        assert_eq!(percent_decode("/bad%zz/%4"), "/bad%zz/%4");
        assert_eq!(percent_decode("%41"), "A");
    }

    #[test]
    fn normalizes_dot_segments_inside_the_root() {
        assert_eq!(normalize_path("/a/./b/../c"), "/a/c");
        assert_eq!(normalize_path("/../../etc/passwd"), "/etc/passwd");
        assert_eq!(normalize_path("/a/b/"), "/a/b/");
    }

    #[test]
    fn mapped_urls_never_leave_the_root() {
        let root = Path::new("/site");
        assert_eq!(map_url(root, "/a/b.txt").unwrap(), "/site/a/b.txt");
        assert_eq!(
            map_url(root, "/../../etc/passwd").unwrap(),
            "/site/etc/passwd"
        );
        assert_eq!(map_url(root, "/%2e%2e/%2E%2E/etc").unwrap(), "/site/etc");
        assert_eq!(map_url(root, "/a\\..\\..\\x").unwrap(), "/site/x");
        assert_eq!(map_url(root, "/a%5c..%5c..%5cx").unwrap(), "/site/x");
        assert_eq!(map_url(root, "/x?y=1").unwrap(), "/site/x");
        assert!(map_url(root, "/a%00b").is_none());
        assert_eq!(map_url(root, "/").unwrap(), "/site/");
        assert_eq!(map_url(root, "/a/b/").unwrap(), "/site/a/b/");
        assert_eq!(map_url(root, "/a/..").unwrap(), "/site/");
        assert_eq!(map_url(root, "/a/../").unwrap(), "/site/");
        assert_eq!(map_url(root, "//a//b").unwrap(), "/site/a/b");
        assert_eq!(map_url(Path::new("/site/"), "/a").unwrap(), "/site/a");
    }

    #[test]
    fn translate_matches_joining_the_normalized_path() {
        let root = Path::new("/srv/site");
        for url in [
            "/",
            "/a",
            "/a/",
            "/a/./b/../c",
            "/../x",
            "/a\\b",
            "/a/b/..",
            "/.",
            "/x/../",
        ] {
            let joined = root
                .join(normalize_path(&url.replace('\\', "/")).trim_start_matches('/'))
                .display()
                .to_string();
            assert_eq!(translate(root, url), joined, "{url}");
        }
    }

    #[test]
    fn titles_header_names() {
        assert_eq!(title_case("content-type"), "Content-Type");
        assert_eq!(title_case("x-custom"), "X-Custom");
    }
}
