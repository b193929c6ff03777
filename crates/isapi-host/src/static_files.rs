//! `StaticFileModule`: files under the site root, as IIS's static file handler serves them
//! — only known file types (anything else, web.config and libraries included, is 404).
use std::path::Path;

use bytes::Bytes;
use hyper::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::StatusCode;

use crate::head::Head;
use crate::variables;

/// File extensions served, with their MIME types.
const MIME_TYPES: &[(&str, &str)] = &[
    ("htm", "text/html"),
    ("html", "text/html"),
    ("txt", "text/plain"),
    ("css", "text/css"),
    ("js", "application/javascript"),
    ("json", "application/json"),
    ("xml", "text/xml"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("svg", "image/svg+xml"),
    ("ico", "image/x-icon"),
    ("pdf", "application/pdf"),
    ("wasm", "application/wasm"),
];

/// The response for `url`: the file with its type, or 404. HEAD gets the headers only.
pub(crate) fn load(root: &Path, method: &str, url: &str) -> (Head, Bytes) {
    let path = variables::map_url(root, url);
    serve(method, path.as_deref().map(Path::new))
}

/// The response for a mapped physical path (`None`: the URL names no file).
pub(crate) fn serve(method: &str, path: Option<&Path>) -> (Head, Bytes) {
    let Some(path) = path else {
        return not_found();
    };
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let Some((_, mime)) = MIME_TYPES
        .iter()
        .find(|(ext, _)| Some(*ext) == extension.as_deref())
    else {
        return not_found();
    };
    let Ok(contents) = std::fs::read(path) else {
        return not_found();
    };
    let head = Head {
        status: StatusCode::OK,
        headers: vec![
            (CONTENT_TYPE, HeaderValue::from_static(mime)),
            (CONTENT_LENGTH, HeaderValue::from(contents.len())),
        ],
        close: false,
    };
    let body = if method == "HEAD" {
        Bytes::new()
    } else {
        Bytes::from(contents)
    };
    (head, body)
}

pub(crate) fn not_found() -> (Head, Bytes) {
    let body = Bytes::from_static(b"404 Not Found\n");
    let head = Head {
        status: StatusCode::NOT_FOUND,
        headers: vec![
            (CONTENT_TYPE, HeaderValue::from_static("text/plain")),
            (CONTENT_LENGTH, HeaderValue::from(body.len())),
        ],
        close: false,
    };
    (head, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_known_types_and_hides_the_rest() {
        let dir = std::env::temp_dir().join(format!("isapi-static-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("page.htm"), "<p>hi</p>").unwrap();
        std::fs::write(dir.join("web.config"), "<configuration/>").unwrap();
        let (head, body) = load(&dir, "GET", "/page.htm");
        assert_eq!(head.status, StatusCode::OK);
        assert_eq!(body, "<p>hi</p>");
        assert_eq!(load(&dir, "HEAD", "/page.htm").1, "");
        assert_eq!(
            load(&dir, "GET", "/web.config").0.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            load(&dir, "GET", "/missing.htm").0.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            load(&dir, "GET", "/../page.htm").0.status,
            StatusCode::OK,
            "stays inside the root"
        );
    }
}
