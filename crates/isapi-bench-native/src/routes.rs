//! Which handler a request gets, by its path, and how each one answers.
use isapi::{Ecb, Result};
use std::sync::OnceLock;

use crate::workloads;

pub(crate) fn serve(ecb: &mut Ecb) -> Result<()> {
    match &*ecb.path_info() {
        "/hello" => hello(ecb),
        "/json" => json(ecb),
        "/echo" => echo(ecb),
        // Rust has no separate Wasm build of the loop: it is compiled already.
        "/cpu" | "/cpu-wasm" => cpu(ecb),
        // `/hash` is `/digest` through node:crypto in the engine; the same work here.
        "/digest" | "/hash" => {
            let body = workloads::digest_answer(inputs().digest.as_slice());
            respond(ecb, "200 OK", "text/plain", body.as_bytes())
        }
        "/hmac" => respond(
            ecb,
            "200 OK",
            "text/plain",
            workloads::hmac_answer().as_bytes(),
        ),
        "/form" => form(ecb),
        "/buffer" => {
            let body = read_all(ecb)?;
            let answer = workloads::buffer_answer(&body);
            respond(ecb, "200 OK", "text/plain", answer.as_bytes())
        }
        "/gzip" => {
            let body = workloads::gzip(inputs().gzip.as_slice());
            respond(ecb, "200 OK", "application/gzip", &body)
        }
        _ => respond(ecb, "404 Not Found", "text/plain", b"not found\n"),
    }
}

/// The digest and gzip inputs, made once (bench.ts keeps them in the engine too): a
/// request pays for the hashing and compressing only.
struct Inputs {
    digest: Vec<u8>,
    gzip: Vec<u8>,
}

fn inputs() -> &'static Inputs {
    static INPUTS: OnceLock<Inputs> = OnceLock::new();
    INPUTS.get_or_init(|| Inputs {
        digest: workloads::digest_input(),
        gzip: workloads::gzip_input(),
    })
}

fn hello(ecb: &mut Ecb) -> Result<()> {
    respond(ecb, "200 OK", "text/plain", workloads::HELLO.as_bytes())
}

fn json(ecb: &mut Ecb) -> Result<()> {
    let n = workloads::items_wanted(&ecb.query_string());
    let body = workloads::json_document(n);
    respond(ecb, "200 OK", "application/json", body.as_bytes())
}

/// The body back, chunk by chunk as it is read (the preload first).
fn echo(ecb: &mut Ecb) -> Result<()> {
    let length = ecb.total_bytes();
    if length == isapi::UNKNOWN_LENGTH {
        let mut body = Vec::new();
        let mut chunk = vec![0; 64 << 10];
        loop {
            let n = ecb.read_body(&mut chunk)?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
        return respond(ecb, "200 OK", "application/octet-stream", &body);
    }
    ecb.send_response_headers(
        "200 OK",
        &format!("Content-Type: application/octet-stream\r\nContent-Length: {length}\r\n"),
        true,
    )?;
    let mut chunk = vec![0; 64 << 10];
    loop {
        let n = ecb.read_body(&mut chunk)?;
        if n == 0 {
            return Ok(());
        }
        ecb.write_client(&chunk[..n])?;
    }
}

/// The whole body read, then split into its parts.
fn form(ecb: &mut Ecb) -> Result<()> {
    let mut body = Vec::new();
    let mut chunk = vec![0; 64 << 10];
    loop {
        let n = ecb.read_body(&mut chunk)?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    match workloads::form_answer(&ecb.content_type(), &body) {
        Some(answer) => respond(ecb, "200 OK", "text/plain", answer.as_bytes()),
        None => respond(ecb, "400 Bad Request", "text/plain", b"not multipart\n"),
    }
}

/// The whole request body.
fn read_all(ecb: &mut Ecb) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut chunk = vec![0; 64 << 10];
    loop {
        let n = ecb.read_body(&mut chunk)?;
        if n == 0 {
            return Ok(body);
        }
        body.extend_from_slice(&chunk[..n]);
    }
}

fn cpu(ecb: &mut Ecb) -> Result<()> {
    let body = workloads::cpu_answer(workloads::CPU_ROUNDS);
    respond(ecb, "200 OK", "text/plain", body.as_bytes())
}

fn respond(ecb: &mut Ecb, status: &str, content_type: &str, body: &[u8]) -> Result<()> {
    let headers = format!(
        "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
        body.len()
    );
    ecb.send_response_headers(status, &headers, true)?;
    ecb.write_client(body)
}
