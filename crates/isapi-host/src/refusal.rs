//! The host's own refusals of a request, before any handler: one type for them all
//! (a URL without a canonical form, request filtering's deny lists, IIS's request limits),
//! each with IIS's status and sub-status and a short text. The sub-status goes into the
//! W3C log's `sc-substatus` (see [`SubStatus`]).
use bytes::Bytes;
use hyper::StatusCode;

use crate::canonical::UrlRejected;
use crate::head::Head;

/// Why the host refused a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 400: a URL without a canonical form (not a path, a bad escape or UTF-8, a control
    /// character, `..` above the root), or a `:` (NTFS's stream separator) in the name of
    /// a static file.
    BadUrl,
    /// 400: a `Host` header that is not a host[:port], more than one, or none in HTTP/1.1.
    BadHost,
    /// 404: a static file's name Windows reads as another file's (a segment ending in `.`
    /// or ` `, an 8.3 short name, a device name such as `CON` or `aux.txt`): no file has
    /// that name, on any platform.
    WindowsAlias,
    /// 404.7: `<fileExtensions>` denies the URL's extension.
    FileExtension,
    /// 404.8: a `<hiddenSegments>` segment in the URL.
    HiddenSegment,
    /// 404.10: a header longer than its `<headerLimits>` entry.
    HeaderTooLong,
    /// 404.11: a double escape sequence (`allowDoubleEscaping="false"`).
    DoubleEscaped,
    /// 404.14: the URL is longer than `maxUrl`.
    UrlTooLong,
    /// 404.15: the query string is longer than `maxQueryString`.
    QueryTooLong,
    /// 413: the body is larger than `maxAllowedContentLength`.
    BodyTooLarge,
}

/// A response's IIS sub-status, kept in its extensions for the W3C log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SubStatus(pub u16);

impl Refusal {
    pub fn status(self) -> StatusCode {
        match self {
            Refusal::BadUrl | Refusal::BadHost => StatusCode::BAD_REQUEST,
            Refusal::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::NOT_FOUND,
        }
    }

    /// IIS's sub-status (`404.14` → 14), 0 when there is none.
    pub fn sub_status(self) -> u16 {
        match self {
            Refusal::FileExtension => 7,
            Refusal::HiddenSegment => 8,
            Refusal::HeaderTooLong => 10,
            Refusal::DoubleEscaped => 11,
            Refusal::UrlTooLong => 14,
            Refusal::QueryTooLong => 15,
            Refusal::BadUrl | Refusal::BadHost | Refusal::WindowsAlias | Refusal::BodyTooLarge => 0,
        }
    }

    /// The plain-text body, the sub-status shown as IIS shows it (`404.11`).
    pub fn text(self) -> &'static str {
        match self {
            Refusal::BadUrl | Refusal::BadHost => "400 Bad Request\n",
            Refusal::WindowsAlias => {
                "404 Not Found: the URL spells a file name as Windows would read another\n"
            }
            Refusal::FileExtension => "404.7 Not Found: the file extension is denied\n",
            Refusal::HiddenSegment => "404.8 Not Found: the URL holds a hidden segment\n",
            Refusal::HeaderTooLong => "404.10 Not Found: a request header is too long\n",
            Refusal::DoubleEscaped => "404.11 Not Found: the URL holds a double escape sequence\n",
            Refusal::UrlTooLong => "404.14 Not Found: the URL is too long\n",
            Refusal::QueryTooLong => "404.15 Not Found: the query string is too long\n",
            Refusal::BodyTooLarge => "413 Request Entity Too Large\n",
        }
    }

    /// Whether the connection closes after the answer: a body that will not be read
    /// cannot be skipped over, and a client that sends a bad `Host` is not trusted on.
    pub fn closes(self) -> bool {
        matches!(self, Refusal::BadHost | Refusal::BodyTooLarge)
    }

    /// The answer: head and body.
    pub(crate) fn answer(self) -> (Head, Bytes) {
        let text = self.text().as_bytes();
        let mut head = Head::text(self.status(), text);
        head.close = self.closes();
        (head, Bytes::from_static(text))
    }
}

impl From<UrlRejected> for Refusal {
    fn from(rejected: UrlRejected) -> Refusal {
        match rejected {
            UrlRejected::DoubleEscaped => Refusal::DoubleEscaped,
            UrlRejected::WindowsAlias => Refusal::WindowsAlias,
            _ => Refusal::BadUrl,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_shows_its_status_and_sub_status() {
        for refusal in [
            Refusal::BadUrl,
            Refusal::BadHost,
            Refusal::WindowsAlias,
            Refusal::FileExtension,
            Refusal::HiddenSegment,
            Refusal::HeaderTooLong,
            Refusal::DoubleEscaped,
            Refusal::UrlTooLong,
            Refusal::QueryTooLong,
            Refusal::BodyTooLarge,
        ] {
            let label = match refusal.sub_status() {
                0 => refusal.status().as_u16().to_string(),
                sub => format!("{}.{sub}", refusal.status().as_u16()),
            };
            assert!(refusal.text().starts_with(&label), "{refusal:?}");
            let (head, body) = refusal.answer();
            assert_eq!(head.status, refusal.status());
            assert_eq!(head.close, refusal.closes());
            assert_eq!(body, refusal.text().as_bytes());
        }
    }
}
