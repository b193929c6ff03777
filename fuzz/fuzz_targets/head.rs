//! The response heads an extension hands the host: a status string plus a header block
//! (`HSE_REQ_SEND_RESPONSE_HEADER[_EX]`), and a CGI-style block at the start of the first
//! `WriteClient`. Whatever is accepted must be safe to write on the wire: no CR, LF or NUL
//! in a header name or value (header injection, issue 16 item 3).
#![no_main]
use isapi_host::fuzzing::{cgi_block, response_head};
use libfuzzer_sys::fuzz_target;

fn check_headers(headers: &[(Vec<u8>, Vec<u8>)]) {
    for (name, value) in headers {
        assert!(!name.is_empty(), "an empty header name was accepted");
        for byte in name.iter().chain(value) {
            assert!(
                !matches!(byte, b'\r' | b'\n' | b'\0'),
                "CR, LF or NUL accepted in a header: {:?}: {:?}",
                String::from_utf8_lossy(name),
                String::from_utf8_lossy(value)
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // The first line (if there is a newline) is the status string, the rest the block;
    // the whole input is also tried as a status-less block and as a first WriteClient.
    let (status, block) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (Some(&data[..at]), &data[at + 1..]),
        None => (None, data),
    };
    for status in [status, None] {
        if let Some((code, headers, rest)) = response_head(status, block) {
            assert!((100..=999).contains(&code), "status {code}");
            check_headers(&headers);
            assert!(block.ends_with(&rest), "the body is what follows the block");
        }
    }
    if let Some((code, headers, body_start)) = cgi_block(data) {
        assert!((100..=999).contains(&code), "status {code}");
        check_headers(&headers);
        assert!(body_start <= data.len(), "the body starts inside the data");
    }
});
