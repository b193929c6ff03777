//! `fetch` against local servers: plain HTTP, HTTPS with a test CA made here (rcgen), a
//! second origin, and a server that closes kept-alive connections the way a restarting
//! upstream does. Each test runs a script in `isapi-run` (and, where Node behaves the
//! same, in Node too, comparing the output); the server's counters (`/stats`) say what
//! happened on the wire. The URLs are written into the script's text (isapi-run has no
//! `process.env`).
use std::collections::HashMap;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Default)]
struct Stats {
    slow_started: AtomicUsize,
    slow_dropped: AtomicUsize,
    inflight: AtomicUsize,
    max_inflight: AtomicUsize,
    big_sent: AtomicUsize,
    stale_connections: AtomicUsize,
}

struct Servers {
    http: String,
    https: String,
    other: String,
    stale: String,
    ca_file: PathBuf,
    stats: Arc<Stats>,
    _runtime: tokio::runtime::Runtime,
}

fn servers() -> &'static Servers {
    static SERVERS: OnceLock<Servers> = OnceLock::new();
    SERVERS.get_or_init(start_servers)
}

fn start_servers() -> Servers {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let stats = Arc::new(Stats::default());
    // The counters are read by the scripts through /stats.
    let (ca_pem, tls) = test_ca();
    let ca_file = std::env::temp_dir().join(format!("isapi-fetch-ca-{}.pem", std::process::id()));
    std::fs::write(&ca_file, ca_pem).unwrap();
    let (http, https, other, stale) = runtime.block_on(async {
        let http = serve(stats.clone(), None).await;
        let https = serve(stats.clone(), Some(tls)).await;
        let other = serve(stats.clone(), None).await;
        let stale = serve_stale(stats.clone()).await;
        (http, https, other, stale)
    });
    Servers {
        http: format!("http://127.0.0.1:{http}"),
        https: format!("https://localhost:{https}"),
        other: format!("http://127.0.0.1:{other}"),
        stale: format!("http://127.0.0.1:{stale}"),
        ca_file,
        stats,
        _runtime: runtime,
    }
}

/// A CA and a certificate for localhost/127.0.0.1 it signed: the CA's PEM, and the
/// server's TLS acceptor.
fn test_ca() -> (String, tokio_rustls::TlsAcceptor) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "isapi-ts test CA");
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let key = KeyPair::generate().unwrap();
    let params =
        CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
    let cert = params.signed_by(&key, &issuer).unwrap();
    let chain = vec![cert.der().clone()];
    let private = rustls_pki_types::PrivateKeyDer::try_from(key.serialize_der()).unwrap();
    #[allow(deprecated)] // ring lacks post-quantum key exchange; irrelevant to a test
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, private)
        .unwrap();
    (
        ca_cert.pem(),
        tokio_rustls::TlsAcceptor::from(Arc::new(config)),
    )
}

type Reply = Response<http_body_util::combinators::BoxBody<Bytes, Infallible>>;

fn text(status: u16, body: impl Into<String>) -> Reply {
    Response::builder()
        .status(status)
        .body(Full::new(Bytes::from(body.into())).boxed())
        .unwrap()
}

async fn serve(stats: Arc<Stats>, tls: Option<tokio_rustls::TlsAcceptor>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let stats = stats.clone();
            let tls = tls.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    let stats = stats.clone();
                    async move { Ok::<_, Infallible>(route(request, stats, port).await) }
                });
                match tls {
                    Some(tls) => {
                        if let Ok(stream) = tls.accept(stream).await {
                            let _ = http1::Builder::new()
                                .serve_connection(TokioIo::new(stream), service)
                                .await;
                        }
                    }
                    None => {
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    }
                }
            });
        }
    });
    port
}

fn query(request: &Request<Incoming>) -> HashMap<String, String> {
    url::form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

/// Counts a `/slow` request whose handling was dropped (its client went away).
struct DropCount(Arc<Stats>);

impl Drop for DropCount {
    fn drop(&mut self) {
        self.0.slow_dropped.fetch_add(1, Ordering::SeqCst);
    }
}

async fn route(request: Request<Incoming>, stats: Arc<Stats>, port: u16) -> Reply {
    let q = query(&request);
    match request.uri().path() {
        "/text" => text(200, q.get("body").cloned().unwrap_or_default()),
        "/echo" => {
            let header = |name: &str| {
                request
                    .headers()
                    .get(name)
                    .map(|v| v.to_str().unwrap_or("?").to_owned())
                    .unwrap_or_else(|| "-".into())
            };
            let summary = format!(
                "{} port={port} te={} auth={} type={} x={}",
                request.method(),
                header("transfer-encoding"),
                header("authorization"),
                header("content-type"),
                header("x-test"),
            );
            let body = request.into_body().collect().await.unwrap().to_bytes();
            text(
                200,
                format!("{summary} body={}", String::from_utf8_lossy(&body)),
            )
        }
        "/redirect" => Response::builder()
            .status(q["status"].parse::<u16>().unwrap())
            .header("location", q["to"].as_str())
            .body(Full::new(Bytes::new()).boxed())
            .unwrap(),
        "/loop" => Response::builder()
            .status(302)
            .header("location", "/loop")
            .body(Full::new(Bytes::new()).boxed())
            .unwrap(),
        "/slow" => {
            stats.slow_started.fetch_add(1, Ordering::SeqCst);
            let _count = DropCount(stats.clone());
            tokio::time::sleep(Duration::from_secs(120)).await;
            std::mem::forget(_count);
            text(200, "late")
        }
        "/hold" => {
            let now = stats.inflight.fetch_add(1, Ordering::SeqCst) + 1;
            stats.max_inflight.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(30)).await;
            stats.inflight.fetch_sub(1, Ordering::SeqCst);
            text(200, "held")
        }
        "/chunks" => {
            let count: usize = q.get("n").and_then(|n| n.parse().ok()).unwrap_or(3);
            let body = Chunks {
                left: count,
                size: q.get("size").and_then(|n| n.parse().ok()).unwrap_or(0),
                stats: None,
            };
            Response::new(body.boxed())
        }
        "/big" => {
            // 256 MiB in 64 KiB frames, counted as hyper takes them.
            let body = Chunks {
                left: 4096,
                size: 64 << 10,
                stats: Some(stats.clone()),
            };
            Response::new(body.boxed())
        }
        "/stats" => text(
            200,
            format!(
                "started={} dropped={} max_inflight={} big_sent={}",
                stats.slow_started.load(Ordering::SeqCst),
                stats.slow_dropped.load(Ordering::SeqCst),
                stats.max_inflight.load(Ordering::SeqCst),
                stats.big_sent.load(Ordering::SeqCst),
            ),
        ),
        _ => text(404, "not found"),
    }
}

/// A body of `left` frames: `chunk<i>` each, or `size` bytes each when set.
struct Chunks {
    left: usize,
    size: usize,
    stats: Option<Arc<Stats>>,
}

impl Body for Chunks {
    type Data = Bytes;
    type Error = Infallible;
    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if this.left == 0 {
            return Poll::Ready(None);
        }
        this.left -= 1;
        let data = if this.size == 0 {
            Bytes::from(format!("chunk{} ", this.left))
        } else {
            Bytes::from(vec![b'x'; this.size])
        };
        if let Some(stats) = &this.stats {
            stats.big_sent.fetch_add(data.len(), Ordering::SeqCst);
        }
        Poll::Ready(Some(Ok(Frame::data(data))))
    }
}

/// An upstream that restarts: it answers the first request of each connection (keeping
/// it alive) and closes the connection when the next request arrives, sending nothing.
async fn serve_stale(stats: Arc<Stats>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let number = stats.stale_connections.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::spawn(async move {
                if read_head(&mut stream).await.is_none() {
                    return;
                }
                let body = format!("connection {number}");
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: keep-alive\r\n\r\n{body}",
                    body.len()
                );
                if stream.write_all(answer.as_bytes()).await.is_err() {
                    return;
                }
                let _ = read_head(&mut stream).await;
                // Closed with the second request unanswered.
            });
        }
    });
    port
}

/// Reads one request head (and a body announced by content-length, not needed here).
async fn read_head(stream: &mut tokio::net::TcpStream) -> Option<()> {
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buffer).await.ok()?;
        if n == 0 || seen.len() > 65536 {
            return None;
        }
        seen.extend_from_slice(&buffer[..n]);
    }
    Some(())
}

/// The script with the servers' URLs put in for `HTTP`, `HTTPS`, `OTHER`, `STALE`.
fn script(source: &str) -> String {
    let s = servers();
    let prelude = format!(
        "const HTTP = {:?}, HTTPS = {:?}, OTHER = {:?}, STALE = {:?};\n{ABORT_CONTROLLER}\n",
        s.http, s.https, s.other, s.stale
    );
    prelude + source
}

/// Until the platform's AbortController exists, a minimal one fetch accepts (duck-typed);
/// Node's own otherwise.
const ABORT_CONTROLLER: &str = r#"const Controller = globalThis.AbortController ?? class {
  #listeners = [];
  signal = {
    aborted: false, reason: undefined,
    addEventListener: (type, listener) => this.#listeners.push(listener),
    removeEventListener: (type, listener) => {
      const at = this.#listeners.indexOf(listener);
      if (at >= 0) this.#listeners.splice(at, 1);
    },
  };
  abort(reason) {
    if (this.signal.aborted) return;
    this.signal.aborted = true;
    this.signal.reason = reason ?? Object.assign(new Error("This operation was aborted"), { name: "AbortError" });
    for (const listener of this.#listeners.splice(0)) listener();
  }
};
const stats = async () => Object.fromEntries((await (await fetch(HTTP + "/stats")).text()).split(" ").map((kv) => kv.split("=")).map(([k, v]) => [k, Number(v)]));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
"#;

fn write_script(name: &str, source: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("isapi-fetch-{}-{name}.mjs", std::process::id()));
    std::fs::write(&path, script(source)).unwrap();
    path
}

fn run(program: &str, path: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(program);
    command.arg(path);
    for (name, value) in env {
        command.env(name, value);
    }
    command
        .env_remove("ISAPI_TS_CA_FILE")
        .env_remove("ISAPI_TS_FETCH_TIMEOUT_MS")
        .env_remove("ISAPI_TS_FETCH_CONCURRENCY")
        .env_remove("ISAPI_TS_FETCH_CONNECT_TIMEOUT_MS");
    for (name, value) in env {
        command.env(name, value);
    }
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"))
}

/// Runs the script in isapi-run; returns its stdout (the test fails if it failed).
fn ours(name: &str, source: &str, env: &[(&str, &str)]) -> String {
    let path = write_script(name, source);
    let output = run(env!("CARGO_BIN_EXE_isapi-run"), &path, env);
    let _ = std::fs::remove_file(&path);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{name}: isapi-run failed\nstdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Runs the script in isapi-run and in Node; both must print the same. Returns it.
fn same_as_node(name: &str, source: &str) -> String {
    let ca = servers().ca_file.to_string_lossy().into_owned();
    let stdout = ours(name, source, &[("ISAPI_TS_CA_FILE", &ca)]);
    let path = write_script(&format!("{name}-node"), source);
    let node = run("node", &path, &[("NODE_EXTRA_CA_CERTS", &ca)]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(
        stdout,
        String::from_utf8_lossy(&node.stdout),
        "{name}: isapi-run and node differ (node's stderr: {})",
        String::from_utf8_lossy(&node.stderr)
    );
    stdout
}

#[test]
fn http_and_https_with_the_ca_file_answer_as_node() {
    let out = same_as_node(
        "basic",
        r#"
for (const base of [HTTP, HTTPS]) {
  const response = await fetch(base + "/text?body=hello");
  console.log(base.split(":")[0], response.status, response.ok, response.statusText, await response.text());
  const echo = await fetch(base + "/echo", { method: "POST", body: "abc", headers: { "x-test": "1" } });
  console.log((await echo.text()).replace(/port=\d+ /, ""));
  const fromRequest = await fetch(new Request(base + "/echo", { method: "PUT", body: "from a Request" }));
  console.log((await fromRequest.text()).replace(/port=\d+ /, ""));
  const missing = await fetch(base + "/nothing");
  console.log(missing.status, missing.url === base + "/nothing");
}
"#,
    );
    assert!(out.contains("https 200 true OK hello"), "{out}");
}

#[test]
fn https_without_the_ca_file_fails_saying_what_to_do() {
    let out = ours(
        "untrusted",
        r#"
try { await fetch(HTTPS + "/text?body=x"); console.log("fetched?"); }
catch (error) { console.log(error.name, error.message, "|", error.cause?.message); }
"#,
        &[],
    );
    assert!(out.starts_with("TypeError fetch failed |"), "{out}");
    assert!(out.contains("ISAPI_TS_CA_FILE"), "{out}");
    assert!(out.contains("UnknownIssuer"), "{out}");
}

#[test]
fn a_ca_file_that_holds_no_certificate_is_an_error() {
    let empty = std::env::temp_dir().join(format!("isapi-fetch-empty-{}.pem", std::process::id()));
    std::fs::write(&empty, "no certificate here\n").unwrap();
    let out = ours(
        "empty-ca",
        r#"
try { await fetch(HTTPS + "/text?body=x"); console.log("fetched?"); }
catch (error) { console.log(error.name, error.cause?.message); }
"#,
        &[("ISAPI_TS_CA_FILE", &empty.to_string_lossy())],
    );
    let _ = std::fs::remove_file(&empty);
    assert!(out.contains("no usable CA certificate"), "{out}");
}

#[test]
fn redirects_follow_the_fetch_standard_as_node_does() {
    let out = same_as_node(
        "redirects",
        r#"
const to = (status, target) => `${HTTP}/redirect?status=${status}&to=${encodeURIComponent(target)}`;
for (const status of [301, 302, 303, 307, 308]) {
  const response = await fetch(to(status, "/echo"), { method: "POST", body: "payload", headers: { "content-type": "text/x" } });
  console.log(status, response.status, response.redirected, response.url.endsWith("/echo"), (await response.text()).replace(/port=\d+ /, ""));
}
const manual = await fetch(to(302, "/echo"), { redirect: "manual" });
console.log("manual", manual.status, manual.headers.get("location"), manual.redirected);
try { await fetch(to(302, "/echo"), { redirect: "error" }); } catch (error) { console.log("error mode", error.name, error.message); }
try { await fetch(HTTP + "/loop"); } catch (error) { console.log("loop", error.name, error.message); }
const cross = await fetch(to(307, OTHER + "/echo"), { headers: { authorization: "Bearer x", "x-test": "kept" } });
console.log("cross-origin", (await cross.text()).replace(/port=\d+ /, ""));
const same = await fetch(to(307, "/echo"), { headers: { authorization: "Bearer x" } });
console.log("same-origin", (await same.text()).replace(/port=\d+ /, ""));
const head = await fetch(to(302, "/text?body=x"), { method: "HEAD" });
console.log("head", head.status, head.body);
"#,
    );
    // 301/302 turn a POST into a GET without its body; 307/308 keep both.
    assert!(
        out.contains("301 200 true true GET te=- auth=- type=- x=- body=\n"),
        "{out}"
    );
    assert!(
        out.contains("307 200 true true POST te=- auth=- type=text/x x=- body=payload"),
        "{out}"
    );
    assert!(
        out.contains("cross-origin GET te=- auth=- type=- x=kept"),
        "{out}"
    );
    assert!(out.contains("same-origin GET te=- auth=Bearer x"), "{out}");
}

#[test]
fn response_bodies_stream_in_chunks_as_node_reads_them() {
    same_as_node(
        "stream",
        r#"
const response = await fetch(HTTP + "/chunks?n=4");
const reader = response.body.getReader();
let text = "";
for (;;) {
  const { value, done } = await reader.read();
  if (done) break;
  text += new TextDecoder().decode(value);
}
console.log(text.trim());
const json = await fetch(HTTP + "/text?body=%7B%22a%22%3A1%7D");
console.log((await json.json()).a);
const empty = await fetch(HTTP + "/text?body=");
console.log(empty.body === null, (await empty.text()).length);
const cancelled = await fetch(HTTP + "/chunks?n=50&size=1000");
await cancelled.body.cancel();
// (bodyUsed after cancel() is the streams' disturbed flag: Body's, not fetch's.)
console.log("cancelled");
"#,
    );
}

#[test]
fn a_streamed_request_body_goes_chunked() {
    let out = same_as_node(
        "upload",
        r#"
let n = 0;
const body = new ReadableStream({
  pull(controller) {
    if (n === 3) controller.close();
    else controller.enqueue(new TextEncoder().encode(`part${n++} `));
  },
});
const response = await fetch(HTTP + "/echo", { method: "PUT", body, duplex: "half" });
console.log((await response.text()).replace(/port=\d+ /, ""));
try { await fetch(HTTP + "/echo", { method: "POST", body: new ReadableStream({ start(c) { c.close(); } }) }); }
catch (error) { console.log(error.name, error.message); }
"#,
    );
    assert!(out.contains("te=chunked"), "{out}");
    assert!(out.contains("body=part0 part1 part2"), "{out}");
}

#[test]
fn abort_rejects_with_the_reason_and_closes_the_connection() {
    let out = same_as_node(
        "abort",
        r#"
const before = await stats();
const controller = new Controller();
const pending = fetch(HTTP + "/slow", { signal: controller.signal });
for (let i = 0; i < 200 && (await stats()).started === before.started; i++) await sleep(10);
controller.abort();
try { await pending; } catch (error) { console.log("aborted", error.name); }
const custom = new Controller();
const second = fetch(HTTP + "/slow", { signal: custom.signal });
custom.abort(new RangeError("mine"));
try { await second; } catch (error) { console.log("reason", error.name, error.message); }
const already = new Controller();
already.abort();
try { await fetch(HTTP + "/text", { signal: already.signal }); } catch (error) { console.log("already", error.name); }
const body = new Controller();
const response = await fetch(HTTP + "/chunks?n=100&size=1000", { signal: body.signal });
const reader = response.body.getReader();
await reader.read();
body.abort();
try { for (;;) { if ((await reader.read()).done) break; } console.log("read to the end?"); }
catch (error) { console.log("body", error.name); }
let closed = false;
for (let i = 0; i < 300 && !closed; i++) {
  const now = await stats();
  closed = now.dropped - before.dropped >= 1;
  if (!closed) await sleep(10);
}
console.log("server saw the client go", closed);
"#,
    );
    assert!(out.contains("aborted AbortError"), "{out}");
    assert!(out.contains("server saw the client go true"), "{out}");
}

#[test]
fn the_total_timeout_ends_a_fetch() {
    let out = ours(
        "timeout",
        r#"
try { await fetch(HTTP + "/slow"); console.log("answered?"); }
catch (error) { console.log(error.name, error.message, "|", error.cause?.message); }
"#,
        &[("ISAPI_TS_FETCH_TIMEOUT_MS", "200")],
    );
    assert!(
        out.contains("TypeError fetch failed | the fetch took longer than 200 ms"),
        "{out}"
    );
}

#[test]
fn a_get_on_a_pooled_connection_the_upstream_closed_is_sent_again() {
    let out = ours(
        "stale",
        r#"
const first = await (await fetch(STALE + "/")).text();
const second = await (await fetch(STALE + "/")).text();
console.log(first, "|", second);
try {
  await fetch(STALE + "/", { method: "POST", body: "once" });
  console.log("post answered?");
} catch (error) { console.log("post", error.name, error.message); }
"#,
        &[],
    );
    let lines: Vec<&str> = out.lines().collect();
    // The second GET reused connection 1, which the server closed; it was sent again on
    // a new connection. The POST reused that one and is not retried.
    let (first, second) = lines[0].split_once(" | ").unwrap();
    assert_ne!(first, second, "{out}");
    assert!(second.starts_with("connection "), "{out}");
    assert_eq!(lines[1], "post TypeError fetch failed", "{out}");
}

#[test]
fn fetches_beyond_the_cap_wait_for_a_turn() {
    let out = ours(
        "cap",
        r#"
const before = await stats();
const answers = await Promise.all(Array.from({ length: 12 }, () => fetch(HTTP + "/hold").then((r) => r.text())));
console.log(answers.filter((a) => a === "held").length);
console.log("max in flight", (await stats()).max_inflight);
"#,
        &[("ISAPI_TS_FETCH_CONCURRENCY", "3")],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "12", "{out}");
    let max: usize = lines[1].rsplit(' ').next().unwrap().parse().unwrap();
    assert!(max <= 3, "{out}");
}

#[test]
fn a_slow_reader_holds_the_socket_back() {
    let out = ours(
        "backpressure",
        r#"
const response = await fetch(HTTP + "/big");
const reader = response.body.getReader();
await reader.read();
await sleep(300);
const sent = (await stats()).big_sent;
await reader.cancel();
console.log(sent);
"#,
        &[],
    );
    let sent: usize = out.trim().parse().unwrap();
    // 256 MiB on offer; the reader took one chunk. Socket buffers hold a few MiB.
    assert!(sent < 32 << 20, "the server could send {sent} bytes");
}

/// What isapi-js does when a request ends: the fetches it left are cancelled on the
/// reactor (their connections closed, as the server sees), not merely forgotten. Then
/// what its pool's terminate does: `shutdown`.
#[test]
fn abandon_all_cancels_the_native_requests_and_shutdown_stops_the_reactor() {
    use isapi_runtime::{event_loop, fetch, install_globals, install_runtime, ConsoleSink};
    let s = servers();
    let started = s.stats.slow_started.load(Ordering::SeqCst);
    let dropped = s.stats.slow_dropped.load(Ordering::SeqCst);
    let runtime = rquickjs::Runtime::new().unwrap();
    install_runtime(&runtime);
    let context = rquickjs::Context::full(&runtime).unwrap();
    context.with(|ctx| {
        install_globals(&ctx, ConsoleSink::Stdio).unwrap();
        let url = format!("{}/slow", s.http);
        ctx.eval::<(), _>(format!(
            "globalThis.settled = 0;\n\
             for (let i = 0; i < 2; i++) fetch({url:?}).finally(() => settled++);"
        ))
        .unwrap();
        assert!(
            event_loop::outstanding(),
            "two fetches wait for their heads"
        );
        for _ in 0..500 {
            if s.stats.slow_started.load(Ordering::SeqCst) >= started + 2 {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(fetch::abandon_all(), 2);
        assert!(!event_loop::outstanding(), "nothing left to wait for");
        for _ in 0..500 {
            if s.stats.slow_dropped.load(Ordering::SeqCst) >= dropped + 2 {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(
            s.stats.slow_dropped.load(Ordering::SeqCst) >= dropped + 2,
            "the server still serves the abandoned requests"
        );
        while ctx.execute_pending_job() {}
        let settled: i32 = ctx.eval("settled").unwrap();
        assert_eq!(settled, 0, "no JS runs for an abandoned fetch");

        // What the pool's terminate does: the reactor stops; a later fetch starts it
        // again, on a fresh keep-alive pool (the old one's connections died with it).
        // In this test, not another: the reactor is the test process's.
        let get = format!(
            "globalThis.answers ??= [];\n\
             fetch({:?}).then((r) => r.text()).then((t) => answers.push(t), (e) => answers.push(e.name));",
            format!("{}/text?body=again", s.http)
        );
        ctx.eval::<(), _>(get.as_str()).unwrap();
        event_loop::run_to_end(&ctx).unwrap();
        fetch::shutdown();
        fetch::shutdown();
        ctx.eval::<(), _>(get.as_str()).unwrap();
        event_loop::run_to_end(&ctx).unwrap();
        let answers: Vec<String> = ctx.eval("answers").unwrap();
        assert_eq!(answers, ["again", "again"]);
        // An embedder may stop it from inside its own tokio runtime.
        let embedder = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        embedder.block_on(async { fetch::shutdown() });
    });
}

/// A listener whose accept queue is full (it never accepts): a connection attempt to it
/// gets no answer, as to a host that drops packets. Its URL.
fn unanswering() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        let _entered = servers()._runtime.enter();
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let listener = socket.listen(1).unwrap();
        let address = listener.local_addr().unwrap();
        // Kept open (and never accepted from) for the rest of the tests.
        std::mem::forget(listener);
        let mut held = Vec::new();
        for _ in 0..64 {
            match std::net::TcpStream::connect_timeout(&address, Duration::from_millis(200)) {
                Ok(stream) => held.push(stream),
                Err(_) => break, // the queue is full: SYNs go unanswered now
            }
        }
        std::mem::forget(held);
        format!("http://{address}")
    })
}

#[test]
fn the_connect_timeout_ends_a_fetch_that_gets_no_answer() {
    let source = format!(
        r#"
try {{ await fetch({:?}); console.log("connected?"); }}
catch (error) {{ console.log(error.name, error.message, "|", error.cause?.message); }}
"#,
        unanswering()
    );
    let out = ours(
        "connect-timeout",
        &source,
        &[("ISAPI_TS_FETCH_CONNECT_TIMEOUT_MS", "300")],
    );
    assert!(
        out.contains("TypeError fetch failed | connecting to 127.0.0.1:"),
        "{out}"
    );
    assert!(out.contains("timed out after 300 ms"), "{out}");
}
