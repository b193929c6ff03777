//! Response heads from what an extension passes: status strings like `"404 Not Found"`,
//! CRLF header blocks, and CGI-style blocks written with `WriteClient`.
use hyper::header::{HeaderName, HeaderValue};
use hyper::StatusCode;

pub const INTERNAL_ERROR_BODY: &[u8] = b"500 Internal Server Error\n";
pub const GATEWAY_TIMEOUT_BODY: &[u8] = b"504 Gateway Timeout\n";

// The CR/LF/NUL check of a response-head value has its home in the `isapi` crate, so
// the library applies the same one before it calls any host.
pub(crate) use isapi::{check_head_block, check_head_value};

/// Status and headers of a response, ready for hyper.
#[derive(Debug)]
pub struct Head {
    pub status: StatusCode,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// Close the connection after this response.
    pub close: bool,
}

impl Head {
    pub fn ok() -> Head {
        Head {
            status: StatusCode::OK,
            headers: Vec::new(),
            close: false,
        }
    }

    pub fn internal_error() -> Head {
        Head::text(StatusCode::INTERNAL_SERVER_ERROR, INTERNAL_ERROR_BODY)
    }

    /// The extension answered nothing in time; the connection closes after this.
    pub fn gateway_timeout() -> Head {
        Head {
            close: true,
            ..Head::text(StatusCode::GATEWAY_TIMEOUT, GATEWAY_TIMEOUT_BODY)
        }
    }

    /// The host's own plain-text answer with `body`.
    pub(crate) fn text(status: StatusCode, body: &[u8]) -> Head {
        Head {
            status,
            headers: vec![
                (
                    hyper::header::CONTENT_TYPE,
                    HeaderValue::from_static("text/plain"),
                ),
                (hyper::header::CONTENT_LENGTH, HeaderValue::from(body.len())),
            ],
            close: false,
        }
    }

    /// An empty response with `status` (when the extension sent no headers).
    pub fn status_only(status: u32) -> Head {
        let status = u16::try_from(status)
            .ok()
            .and_then(|s| StatusCode::from_u16(s).ok())
            .unwrap_or(StatusCode::OK);
        Head {
            status,
            headers: vec![(hyper::header::CONTENT_LENGTH, HeaderValue::from(0))],
            close: false,
        }
    }

    /// The host's own error page (`HSE_REQ_SEND_CUSTOM_ERROR`): `status` like
    /// "500 Server Error", with the IIS sub-status shown as `500.13`.
    pub fn error_page(status: &[u8], sub_error: u16) -> Option<(Head, bytes::Bytes)> {
        let code = parse_status(status)?;
        let text = String::from_utf8_lossy(status).trim().to_owned();
        let label = if sub_error == 0 {
            code.as_u16().to_string()
        } else {
            format!("{}.{sub_error}", code.as_u16())
        };
        let body = format!("<!DOCTYPE html>\n<html><head><title>{label}</title></head><body><h1>HTTP Error {label}</h1><p>{}</p></body></html>\n", html_escape(&text));
        let head = Head {
            status: code,
            headers: vec![
                (
                    hyper::header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                ),
                (hyper::header::CONTENT_LENGTH, HeaderValue::from(body.len())),
            ],
            close: false,
        };
        Some((head, bytes::Bytes::from(body)))
    }

    /// From a status string (`None` = "200 OK") and a header block. Returns the head and
    /// the bytes after the block's blank line (tolerated as body, as Apache does).
    pub fn parse(status: Option<&[u8]>, block: &[u8]) -> Option<(Head, Vec<u8>)> {
        let status = match status {
            None => StatusCode::OK,
            // A status string ending in CRLF is common and harmless; one inside is not.
            Some(text) => {
                check_head_value(text.trim_ascii_end()).ok()?;
                parse_status(text)?
            }
        };
        let mut head = Head {
            status,
            headers: Vec::with_capacity(4),
            close: false,
        };
        let rest = for_each_line(block, |line| head.add_line(line))?;
        Some((head, rest.to_vec()))
    }

    fn add_line(&mut self, line: &[u8]) -> Option<()> {
        check_head_value(line).ok()?;
        let colon = line.iter().position(|&b| b == b':')?;
        let name = HeaderName::from_bytes(trim(&line[..colon])).ok()?;
        let value = HeaderValue::from_bytes(trim(&line[colon + 1..])).ok()?;
        if name == hyper::header::CONNECTION && value.as_bytes().eq_ignore_ascii_case(b"close") {
            self.close = true;
        }
        self.headers.push((name, value));
        Some(())
    }
}

/// `"404 Not Found"` → 404; the reason phrase is not kept (hyper writes its own).
fn parse_status(text: &[u8]) -> Option<StatusCode> {
    let text = std::str::from_utf8(text).ok()?.trim();
    let code = text.split_whitespace().next()?;
    StatusCode::from_u16(code.parse().ok()?).ok()
}

/// Splits a header block into its lines and what follows the blank line. Accepts CRLF
/// and bare LF.
fn split_block(block: &[u8]) -> (Vec<&[u8]>, &[u8]) {
    let mut lines = Vec::new();
    let rest = for_each_line(block, |line| {
        lines.push(line);
        Some(())
    });
    (lines, rest.unwrap_or(&[]))
}

/// Calls `each` with every line of a header block, and returns what follows the blank
/// line; `None` as soon as `each` does. Accepts CRLF and bare LF.
fn for_each_line<'a>(
    block: &'a [u8],
    mut each: impl FnMut(&'a [u8]) -> Option<()>,
) -> Option<&'a [u8]> {
    let mut start = 0;
    while start < block.len() {
        let end = block[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|p| start + p);
        let (line, next) = match end {
            Some(end) => (&block[start..end], end + 1),
            None => (&block[start..], block.len()),
        };
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return Some(&block[next..]);
        }
        each(line)?;
        start = next;
    }
    Some(&[])
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |p| p + 1);
    &bytes[start..end]
}

/// A CGI-style block at the start of the first `WriteClient` (`Name: value` lines up to a
/// blank line, `Status:` giving the status), as mod_isapi accepts. Returns the head and
/// where the body starts, or `None` if `data` does not start with such a block.
pub fn parse_cgi_block(data: &[u8]) -> Option<(Head, usize)> {
    let end = find(data, b"\r\n\r\n")
        .map(|p| p + 4)
        .or_else(|| find(data, b"\n\n").map(|p| p + 2))?;
    let (lines, _) = split_block(&data[..end]);
    if lines.is_empty() {
        return None;
    }
    let mut head = Head::ok();
    for line in lines {
        let colon = line.iter().position(|&b| b == b':')?;
        if trim(&line[..colon]).eq_ignore_ascii_case(b"status") {
            head.status = parse_status(&line[colon + 1..])?;
        } else {
            head.add_line(line)?;
        }
    }
    Some((head, end))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_status_and_headers() {
        let (head, rest) = Head::parse(
            Some(b"404 Not Found"),
            b"Content-Type: text/plain\r\nX-A:  b \r\n\r\nbody",
        )
        .unwrap();
        assert_eq!(head.status, StatusCode::NOT_FOUND);
        assert_eq!(head.headers.len(), 2);
        assert_eq!(head.headers[1].1, "b");
        assert_eq!(rest, b"body");
        let (head, _) = Head::parse(None, b"A: b\nC: d\n\n").unwrap();
        assert_eq!(head.status, StatusCode::OK);
        assert_eq!(head.headers.len(), 2);
    }

    #[test]
    fn rejects_garbage() {
        assert!(Head::parse(Some(b"abc"), b"").is_none());
        assert!(Head::parse(Some(b"200 OK"), b"no colon here\r\n\r\n").is_none());
    }

    #[test]
    fn recognises_cgi_blocks() {
        let (head, offset) =
            parse_cgi_block(b"Status: 201 Created\r\nX-Y: z\r\n\r\nhello").unwrap();
        assert_eq!(head.status, StatusCode::CREATED);
        assert_eq!(offset, 31);
        assert!(parse_cgi_block(b"just some text").is_none());
        assert!(parse_cgi_block(b"<html>\r\n\r\n").is_none());
    }

    #[test]
    fn a_head_with_cr_lf_or_nul_is_refused() {
        assert!(Head::parse(Some(b"200 OK\r\nX-Injected: 1"), b"").is_none());
        assert!(Head::parse(Some(b"200 OK\r\n"), b"").is_some());
        assert!(Head::parse(None, b"A: b\rX: y\r\n\r\n").is_none());
    }

    #[test]
    fn connection_close_is_noticed() {
        let (head, _) = Head::parse(None, b"Connection: close\r\n\r\n").unwrap();
        assert!(head.close);
    }
}
