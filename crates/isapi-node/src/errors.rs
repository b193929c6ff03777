//! Errors across the addon's boundary, and the DLL's short error answer.
//!
//! A host failure reaches TS as a napi error whose message is `name \0 code \0 text`;
//! `ts/isapi/src/testing/native.ts` turns it back into an `ExtensionError`/`FilterError`
//! with `errno`, as the QuickJS bindings throw them.
use isapi::Ecb;
use napi::{Error, Status};

pub(crate) fn js_error(name: &str, code: Option<u32>, text: &str) -> Error {
    let code = code.map(|c| c.to_string()).unwrap_or_default();
    Error::new(Status::GenericFailure, format!("{name}\0{code}\0{text}"))
}

pub(crate) fn host_error(error: isapi::Error) -> Error {
    js_error("ExtensionError", error.win32_code(), &error.to_string())
}

pub(crate) fn filter_error(error: isapi::Error) -> Error {
    js_error("FilterError", error.win32_code(), &error.to_string())
}

/// 500 for a handler that failed before it sent headers: the DLL's words exactly, so a
/// test sees the same answer in Node and under the host (`isapi-js`'s `answer.rs`).
pub(crate) fn internal_error(ecb: &mut Ecb) {
    let body = "500 Internal Server Error: the request handler failed. See the server log.\n";
    ecb.set_http_status_code(500);
    let headers = format!(
        "Content-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n",
        body.len()
    );
    let sent = ecb
        .send_response_headers("500 Internal Server Error", &headers, true)
        .and_then(|()| ecb.write_client(body.as_bytes()));
    if let Err(error) = sent {
        tracing::warn!("could not send the 500 answer: {error}");
    }
}
