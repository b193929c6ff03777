//! Server variables (`GetServerVariable`): what IIS reports about a request, by name.
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

pub const SERVER_SOFTWARE: &str = concat!("isapi-ts-host/", env!("CARGO_PKG_VERSION"));

/// Everything variables are computed from, captured when the request starts.
pub struct RequestInfo {
    pub method: String,
    /// The canonical URL path ([`crate::canonical`]), without query.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_header_names() {
        assert_eq!(title_case("content-type"), "Content-Type");
        assert_eq!(title_case("x-custom"), "X-Custom");
    }
}
