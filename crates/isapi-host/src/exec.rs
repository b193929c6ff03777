//! `HSE_REQ_EXEC_URL`: a child request run through the host's own mapping, its response
//! written into the parent's. Runs on a blocking thread (inside an async operation), so it
//! may wait for the child; the parent's completion routine reports the end.

use bytes::Bytes;
use hyper::Version;
use isapi_sys as sys;

use crate::canonical::RequestUrl;
use crate::config::{Module, Route};
use crate::head::Head;
use crate::refusal::Refusal;
use crate::request::{NewRequest, Request};
use crate::server::{request_info, start_extension, RequestLine};
use crate::static_files;

/// A child may start its own children, but not without end.
const MAX_DEPTH: u8 = 8;

/// What the extension asked for, copied out of its `HSE_EXEC_URL_INFO`.
pub(crate) struct ChildSpec {
    /// Path and query; `None` = the parent's URL again.
    pub url: Option<String>,
    pub method: Option<String>,
    /// Replaces all request headers when given (`Name: value` lines).
    pub headers: Option<Vec<u8>>,
    /// Replaces the body when given.
    pub entity: Option<Vec<u8>>,
    pub flags: u32,
}

/// Runs the child and forwards its response; returns its HTTP status.
pub(crate) fn run_child(parent: &Request, spec: ChildSpec) -> Result<u16, u32> {
    if parent.depth >= MAX_DEPTH {
        return Err(sys::ERROR_INVALID_PARAMETER);
    }
    let shared = parent.shared.clone();
    let with_headers = spec.flags & sys::HSE_EXEC_URL_NO_HEADERS == 0;
    let target = spec
        .url
        .clone()
        .unwrap_or_else(|| parent.info.raw_target.clone());
    // The child's URL is canonicalised as a request's is; one without a canonical form
    // gets the answer a client would.
    let url = match RequestUrl::parse(&target) {
        Ok(url) => url,
        Err(rejected) => return forward_refusal(parent, rejected.into(), with_headers),
    };
    if let Err(refusal) = shared.config.request_filtering.check(&url.path) {
        return forward_refusal(parent, refusal, with_headers);
    }
    let method = spec
        .method
        .clone()
        .unwrap_or_else(|| parent.info.method.clone());
    let skip = (spec.flags & sys::HSE_EXEC_URL_IGNORE_CURRENT_INTERCEPTOR != 0)
        .then_some(parent.handler.name.as_str());
    let handler = match shared.config.route_after(&method, &url.path, skip) {
        Route::Handler(handler) => handler.clone(),
        Route::MethodNotAllowed => return forward_simple(parent, 405, with_headers),
        Route::NotFound => return forward_simple(parent, 404, with_headers),
    };
    let script_processor = match &handler.module {
        Module::StaticFile => {
            let (head, body) = static_files::load(&shared.config, &method, &url.path)
                .unwrap_or_else(Refusal::answer);
            let status = head.status.as_u16();
            forward(parent, head, body, with_headers)?;
            return Ok(status);
        }
        Module::Isapi { script_processor } => script_processor.clone(),
    };
    let extension = shared
        .libraries
        .get(&script_processor)
        .map_err(|_| sys::ERROR_INVALID_PARAMETER)?;
    let headers = match &spec.headers {
        Some(block) => parse_header_lines(block),
        None => parent.info.headers.clone(),
    };
    let body = spec.entity.unwrap_or_default();
    let info = request_info(
        &shared.config.root,
        &handler,
        RequestLine {
            method,
            url: url.path,
            raw_target: url.raw,
            query: url.query,
            version: Version::HTTP_11,
        },
        headers,
        (parent.info.remote, parent.info.local),
        Some(body.len() as u64),
    );
    let runtime = tokio::runtime::Handle::current();
    let (child, mut channels) = start_extension(
        extension,
        NewRequest {
            info,
            keep_alive_requested: parent.will_keep_alive(),
            total_bytes: body.len() as u32,
            preload: body,
            rest_of_body: None,
            runtime: runtime.clone(),
            shared: shared.clone(),
            handler: handler.clone(),
            depth: parent.depth + 1,
            filters: None,
            log_notes: None,
        },
    );
    let head = runtime
        .block_on(channels.head)
        .map_err(|_| sys::ERROR_OPERATION_ABORTED)?;
    let status = head.status.as_u16();
    forward(parent, head, Bytes::new(), with_headers)?;
    // Each receive blocks briefly inside the runtime; writing to the parent happens outside
    // it, because the parent's write may block on backpressure.
    while let Some(frame) = runtime.block_on(channels.body.recv()) {
        match frame {
            Ok(data) => parent.write(&data)?,
            Err(_) => return Err(sys::ERROR_OPERATION_ABORTED),
        }
    }
    drop(child);
    Ok(status)
}

/// The child's head goes out as the parent's (unless suppressed, or the parent already
/// answered), then its body.
fn forward(parent: &Request, head: Head, body: Bytes, with_headers: bool) -> Result<(), u32> {
    if with_headers && !parent.headers_sent() {
        parent.send_head(head, body, true)
    } else if body.is_empty() {
        Ok(())
    } else {
        parent.write(&body)
    }
}

/// The host's refusal of the child's URL, as a client would get it.
fn forward_refusal(parent: &Request, refusal: Refusal, with_headers: bool) -> Result<u16, u32> {
    let (mut head, body) = refusal.answer();
    // The parent's connection is the parent's business.
    head.close = false;
    forward(parent, head, body, with_headers)?;
    Ok(refusal.status().as_u16())
}

fn forward_simple(parent: &Request, status: u16, with_headers: bool) -> Result<u16, u32> {
    let (head, body) = match status {
        404 => static_files::not_found(),
        _ => Head::error_page(format!("{status} Method Not Allowed").as_bytes(), 0)
            .ok_or(sys::ERROR_INVALID_PARAMETER)?,
    };
    forward(parent, head, body, with_headers)?;
    Ok(status)
}

/// `Name: value` lines into the host's (lowercased name, value) form.
fn parse_header_lines(block: &[u8]) -> hyper::HeaderMap {
    let mut headers = hyper::HeaderMap::new();
    for line in block.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let name = hyper::header::HeaderName::from_bytes(line[..colon].trim_ascii());
        let value = hyper::header::HeaderValue::from_bytes(line[colon + 1..].trim_ascii());
        // A line that is no valid header is left out, as a malformed request line would be.
        if let (Ok(name), Ok(value)) = (name, value) {
            headers.append(name, value);
        }
    }
    headers
}
