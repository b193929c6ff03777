//! The host's internal parsers, reachable from the fuzz targets (fuzz/, `cargo xtask fuzz`)
//! and nothing else: compiled only with the `fuzzing` feature, which no other crate turns on.
use crate::head::{self, Head};

/// Header (name, value) pairs as bytes.
pub type Headers = Vec<(Vec<u8>, Vec<u8>)>;

/// A response head from an extension's status string and header block
/// (`HSE_REQ_SEND_RESPONSE_HEADER[_EX]`): its headers as (name, value) bytes and the
/// bytes after the blank line, or `None` if refused.
pub fn response_head(status: Option<&[u8]>, block: &[u8]) -> Option<(u16, Headers, Vec<u8>)> {
    let (head, rest) = Head::parse(status, block)?;
    Some((head.status.as_u16(), headers(&head), rest))
}

/// A CGI-style block at the start of a first `WriteClient`: status, headers and where
/// the body starts, or `None` if `data` does not start with one.
pub fn cgi_block(data: &[u8]) -> Option<(u16, Headers, usize)> {
    let (head, body_start) = head::parse_cgi_block(data)?;
    Some((head.status.as_u16(), headers(&head), body_start))
}

fn headers(head: &Head) -> Headers {
    head.headers
        .iter()
        .map(|(name, value)| (name.as_str().as_bytes().to_vec(), value.as_bytes().to_vec()))
        .collect()
}

/// The one URL path every later stage sees, from the path as the client sent it (still
/// percent-encoded; from a `?` on, the query), or `None` where the host refuses it:
/// [`crate::canonical::canonicalize`] itself.
pub fn canonical_path(raw: &str) -> Option<String> {
    crate::canonical::canonicalize(raw).ok()
}
