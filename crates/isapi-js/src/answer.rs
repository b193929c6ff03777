//! Short error answers the DLL gives when it cannot run the handler. The client gets a
//! status and one line; the reason goes to the log.
use isapi::{sys, Ecb};

/// Sends a complete plain-text response (status line, Content-Length, one-line body).
pub fn send_error(ecb: &mut Ecb, status: u32, status_line: &str, body: &str) {
    send_error_with(ecb, status, status_line, "", body);
}

/// 503 for a full queue, with `Retry-After` so clients back off briefly.
pub fn service_busy(ecb: &mut Ecb) {
    send_error_with(
        ecb,
        503,
        "503 Service Unavailable",
        "Retry-After: 1\r\n",
        "503 Service Unavailable: server busy\n",
    );
}

fn send_error_with(ecb: &mut Ecb, status: u32, status_line: &str, extra_headers: &str, body: &str) {
    ecb.set_http_status_code(status);
    let headers = format!(
        "Content-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n{extra_headers}",
        body.len()
    );
    let sent = ecb
        .send_response_headers(status_line, &headers, true)
        .and_then(|()| ecb.write_client(body.as_bytes()));
    if let Err(error) = sent {
        // Mostly clients that went away: one line per interval, counted.
        isapi::log_limited!(warn, "could not send the {status} answer: {error}");
    }
}

/// 500 for a handler that threw, timed out or could not be loaded.
pub fn internal_error(ecb: &mut Ecb) {
    send_error(
        ecb,
        500,
        "500 Internal Server Error",
        "500 Internal Server Error: the request handler failed. See the server log.\n",
    );
}

/// 503 for a pending request the pool cannot serve; finishes the session.
pub(crate) fn service_unavailable(mut ecb: Ecb, reason: &str) {
    isapi::log_limited!(warn, "request refused with 503: {reason}");
    send_error(
        &mut ecb,
        503,
        "503 Service Unavailable",
        "503 Service Unavailable\n",
    );
    if let Err(error) = ecb.done_with_session(sys::HSE_STATUS_SUCCESS) {
        tracing::warn!("DoneWithSession failed: {error}");
    }
}
