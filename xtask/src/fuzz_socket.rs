//! `cargo xtask fuzz --socket`: the running host, attacked over real sockets.
//!
//! Starts target/debug/isapi-host on samples/web.config (built by `cargo xtask build`) at
//! 127.0.0.1 and a free port and sends N requests from a few concurrent connections:
//! valid ones to every sample, path traversal spellings, request smuggling shapes, bad
//! chunked bodies, huge headers, URLs and bodies, garbage, pipelines, slow partial writes,
//! and byte-mutated copies of all of these. Request i is made from a generator seeded with
//! (seed, i) alone, so a finding is reproduced with `--seed S` whatever the interleaving.
//!
//! Counts: crashes (the host exits), hangs (no complete answer and no close within
//! ANSWER_WITHIN after the last byte was sent), 5xx answers (503 excepted: a full queue)
//! and exposures (a protected page, a bundle, web.config, settings or a file outside the
//! site in a 2xx body). Fails on any crash, hang or exposure; 5xx answers are listed.
//!
//! Safety of the traffic: the samples' redirectors fetch from the request's `Host`, so
//! every Host value and absolute-form authority sent is a loopback address or something
//! no URL parser accepts, and byte mutations never touch the Host line or an authority.
use crate::failure::{Failure, Result};
use crate::live_host::{clock_seed, LiveHost, Rng};
use crate::workspace;
use std::collections::BTreeMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const DEFAULT_REQUESTS: u64 = 20_000;
/// Connections open at once.
const CONCURRENCY: usize = 4;
/// After the last byte is sent, the host has this long to answer (or close).
const ANSWER_WITHIN: Duration = Duration::from_secs(20);
/// Bytes of response read at most per case.
const READ_AT_MOST: usize = 8 << 20;
/// Findings described on the terminal (the rest only in their files).
const FINDINGS_PRINTED: usize = 30;
/// 5xx examples kept per (kind, status).
const EXAMPLES_KEPT: usize = 3;

pub struct Options {
    pub requests: u64,
    pub seed: u64,
}

/// `--requests N`, `--seed N` (after `--socket`, which the caller has taken out).
pub fn parse_options(options: &[String]) -> std::result::Result<Options, String> {
    let mut parsed = Options {
        requests: DEFAULT_REQUESTS,
        seed: default_seed(),
    };
    for (name, value) in crate::options::pairs("fuzz --socket", &["--requests", "--seed"], options)?
    {
        let number: u64 = value
            .parse()
            .map_err(|_| format!("`{name}` takes a whole number, not `{value}`"))?;
        match name.as_str() {
            "--requests" if number > 0 => parsed.requests = number,
            "--seed" => parsed.seed = number,
            "--requests" => return Err("`--requests` must be above 0".to_string()),
            _ => unreachable!("options::pairs passes known options only"),
        }
    }
    Ok(parsed)
}

/// Where the run writes its host log and the reproducers of its findings.
fn out_dir() -> PathBuf {
    workspace::target_dir().join("checks").join("socket-fuzz")
}

pub fn run(options: &Options) -> Result {
    let out = out_dir();
    let root = workspace::root();
    let _ = std::fs::remove_dir_all(root.join(&out));
    std::fs::create_dir_all(root.join(&out).join("findings"))
        .map_err(|e| Failure::new(format!("cannot create {}: {e}", out.display())))?;
    let mut host = LiveHost::start(
        std::path::Path::new(workspace::WEB_CONFIG),
        &out.join("host.log"),
        "/hello/x",
    )?;
    eprintln!(
        "socket fuzz: {} requests, seed {} (repeat with --seed {}), host pid {} on {}",
        options.requests,
        options.seed,
        options.seed,
        host.pid(),
        host.addr
    );
    let tally = Tally::default();
    let next = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let started = Instant::now();
    let host_lock = Mutex::new(&mut host);
    std::thread::scope(|scope| {
        for _ in 0..CONCURRENCY {
            scope.spawn(|| loop {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= options.requests {
                    return;
                }
                let addr = host_lock.lock().unwrap().addr;
                let case = case(options.seed, index, addr);
                let outcome = exchange(addr, &case);
                if matches!(outcome, Outcome::Refused) || index.is_multiple_of(64) {
                    if let Some(status) = host_lock.lock().unwrap().exited() {
                        tally.crash(index, &case, status.to_string());
                        stop.store(true, Ordering::Relaxed);
                        return;
                    }
                }
                tally.record(index, &case, outcome);
            });
        }
        let mut last = Instant::now();
        while next.load(Ordering::Relaxed) < options.requests && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(200));
            if last.elapsed() > Duration::from_secs(15) {
                last = Instant::now();
                eprintln!(
                    "  … {} sent, {:.0} s",
                    next.load(Ordering::Relaxed).min(options.requests),
                    started.elapsed().as_secs_f64()
                );
            }
        }
    });
    let host = host_lock.into_inner().unwrap();
    if let Some(status) = host.exited() {
        tally.crash(options.requests, &Case::default(), status.to_string());
    }
    // Still alive and still answering after all that.
    let alive = host.status_of("/hello/x");
    let elapsed = started.elapsed();
    let report = tally.report(options, elapsed, &alive);
    eprintln!("{report}");
    let _ = std::fs::write(root.join(&out).join("summary.txt"), &report);
    let tally = tally.counts.lock().unwrap();
    if tally.crashes > 0 || tally.hangs > 0 || tally.exposures > 0 || alive != Ok(200) {
        return Err(host.failure(&format!(
            "failed the socket fuzz (seed {}): {} crash(es), {} hang(s), {} exposure(s), \
             afterwards GET /hello/x -> {alive:?}; reproducers in {}",
            options.seed,
            tally.crashes,
            tally.hangs,
            tally.exposures,
            out.join("findings").display()
        )));
    }
    Ok(())
}

pub fn default_seed() -> u64 {
    clock_seed() % 1_000_000
}

/// One connection's worth of bytes to send, and how.
#[derive(Default)]
struct Case {
    kind: String,
    bytes: Vec<u8>,
    /// Requests in `bytes` known to be complete and well-formed: the connection stays
    /// open and this many answers are awaited. `None`: the client half-closes after
    /// sending and the host must finish and close.
    answers: Option<usize>,
    /// Sent in this many pieces with a short pause between them.
    pieces: usize,
}

/// The case for request `index` of a run: a function of (seed, index) alone.
fn case(seed: u64, index: u64, addr: SocketAddr) -> Case {
    let mut rng = Rng::new(seed.wrapping_mul(0x1000_0000_01b3) ^ index);
    let mut case = match rng.below(100) {
        0..=24 => valid(&mut rng, addr),
        25..=37 => traversal(&mut rng, addr),
        38..=47 => smuggling(&mut rng, addr),
        48..=55 => bad_chunked(&mut rng, addr),
        56..=61 => huge(&mut rng, addr),
        62..=67 => garbage(&mut rng),
        68..=73 => pipelined(&mut rng, addr),
        _ => {
            let mut case = match rng.below(4) {
                0 => valid(&mut rng, addr),
                1 => smuggling(&mut rng, addr),
                2 => bad_chunked(&mut rng, addr),
                _ => traversal(&mut rng, addr),
            };
            mutate(&mut rng, &mut case);
            case
        }
    };
    if rng.chance(0.03) {
        case.pieces = 2 + rng.below(4);
        case.kind = format!("slow {}", case.kind);
    }
    case
}

/// The samples' URLs (no credentials are ever sent: /private/ must answer 401).
const TARGETS: &[&str] = &[
    "/hello/x?name=Ada",
    "/hello/world",
    "/advanced/x?SERVER_NAME&HTTP_USER_AGENT&NOPE",
    "/pyisapi_test/test1",
    "/pyisapi_test/test_unicode_vars",
    "/transmit/transmit.ts",
    "/transmit/",
    "/redirector/index.htm",
    "/redirector/lines.txt",
    "/redirector/iisstart.htm",
    "/redirector_asynch/lines.txt",
    "/rwf/lines.txt",
    "/api/items",
    "/api/items/1",
    "/upstream/lines.txt",
    "/upstream/index.htm",
    "/iisstart.htm",
    "/private/index.html",
    "/nothing/here",
    "/",
];

/// Host header values: loopback or unparseable (see the module doc), never a name that
/// would be looked up in DNS.
fn host_value(rng: &mut Rng, addr: SocketAddr) -> Option<String> {
    let port = addr.port();
    let weird = [
        format!("localhost:{port}"),
        "127.0.0.1".to_string(),
        format!("[::1]:{port}"),
        String::new(),
        "a b".to_string(),
        "[".to_string(),
        format!("127.0.0.1:{port}:1"),
        "127.0.0.1:99999".to_string(),
        format!("[{}", "x".repeat(3000)),
    ];
    if rng.chance(0.85) {
        Some(addr.to_string())
    } else if rng.chance(0.15) {
        None
    } else {
        Some(rng.pick(&weird).clone())
    }
}

fn request(
    method: &str,
    target: &str,
    version: &str,
    host: Option<&str>,
    headers: &[String],
    body: &[u8],
) -> Vec<u8> {
    let mut bytes = format!("{method} {target} {version}\r\n").into_bytes();
    if let Some(host) = host {
        bytes.extend_from_slice(format!("Host: {host}\r\n").as_bytes());
    }
    for header in headers {
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(b"\r\n");
    bytes.extend_from_slice(body);
    bytes
}

fn valid(rng: &mut Rng, addr: SocketAddr) -> Case {
    let host = host_value(rng, addr);
    let mut headers = Vec::new();
    if rng.chance(0.3) {
        headers.push("User-Agent: socket-fuzz".to_string());
    }
    let (method, target, body) = match rng.below(6) {
        0 => {
            let size = *rng.pick(&[0usize, 1, 100, 8192, 65_536, 1 << 20]);
            let body: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
            headers.push(format!("Content-Length: {size}"));
            ("POST", "/hello/echo".to_string(), body)
        }
        1 => {
            headers.push("Content-Type: application/json".to_string());
            let body = br#"{"name":"fuzz"}"#.to_vec();
            headers.push(format!("Content-Length: {}", body.len()));
            ("POST", "/api/items".to_string(), body)
        }
        2 => {
            // Chunked upload, well-formed.
            headers.push("Transfer-Encoding: chunked".to_string());
            (
                "POST",
                "/hello/echo".to_string(),
                b"5\r\nhello\r\n3;x=y\r\nabc\r\n0\r\n\r\n".to_vec(),
            )
        }
        _ => ("GET", rng.pick(TARGETS).to_string(), Vec::new()),
    };
    if rng.chance(0.2) {
        headers.push("Connection: close".to_string());
    }
    Case {
        kind: "valid".into(),
        bytes: request(
            method,
            &target,
            "HTTP/1.1",
            host.as_deref(),
            &headers,
            &body,
        ),
        answers: Some(1),
        pieces: 1,
    }
}

/// Spellings of `..` and friends (issue 16 item 1) against the protected folder, the
/// bundles, web.config and the file system above the root.
fn traversal(rng: &mut Rng, addr: SocketAddr) -> Case {
    const PREFIXES: &[&str] = &[
        "/upstream",
        "/hello",
        "/redirector",
        "/private",
        "/nothing",
        "",
    ];
    const TRICKS: &[&str] = &[
        "/../",
        "/%2e%2e/",
        "/%2E%2E/",
        "/.%2e/",
        "/%2e./",
        "/..%2f",
        "/..%2F",
        "/..%5c",
        "/..\\",
        "/x/../../",
        "/%252e%252e/",
        "/%c0%ae%c0%ae/",
        "/..%c0%af",
        "/....//",
        "/./",
        "//",
        "/.%00./",
        "/..;/",
        "/%2e%2e%2f",
        "/..%255c",
    ];
    const GOALS: &[&str] = &[
        "private/index.html",
        "dist/auth_filter.js",
        "dist/hello.js",
        "dist/hello.js.map",
        "web.config",
        "fetch_api.settings.json",
        "etc/passwd",
        "../../../../etc/passwd",
        "upstream/lines.txt",
        "private/",
        "PRIVATE/INDEX.HTML",
        "private/index.html.",
        "private/index.html%20",
        "private/index.html::$DATA",
        "private%2findex.html",
        "dist/_hello.so",
        "upstream/lines.txt%00.js",
    ];
    let mut target = String::from(*rng.pick(PREFIXES));
    for _ in 0..1 + rng.below(3) {
        let trick = rng.pick::<&str>(TRICKS);
        target.push_str(trick);
    }
    let goal = rng.pick::<&str>(GOALS);
    target.push_str(goal);
    if !target.starts_with('/') {
        target.insert(0, '/');
    }
    let target = target.replace("//", if rng.chance(0.5) { "/" } else { "//" });
    let target = if rng.chance(0.15) {
        format!("http://{addr}{target}")
    } else {
        target
    };
    // Well-formed requests: answered on an open connection (each answer is checked for
    // what it must not expose).
    let close = ["Connection: close".to_string()];
    let headers: &[String] = if rng.chance(0.3) { &close } else { &[] };
    let bytes = request(
        "GET",
        &target,
        "HTTP/1.1",
        Some(&addr.to_string()),
        headers,
        &[],
    );
    Case {
        kind: "traversal".into(),
        bytes,
        answers: Some(1),
        pieces: 1,
    }
}

/// Request smuggling shapes, each followed by a second request that a desynchronised
/// parser would take from the first one's body.
fn smuggling(rng: &mut Rng, addr: SocketAddr) -> Case {
    let host = addr.to_string();
    let framing: &[&[&str]] = &[
        &["Content-Length: 6", "Transfer-Encoding: chunked"],
        &["Transfer-Encoding: chunked", "Content-Length: 6"],
        &["Transfer-Encoding: chunked", "Transfer-Encoding: identity"],
        &["Transfer-Encoding:  chunked"],
        &["Transfer-Encoding: chunked\t"],
        &["Transfer-Encoding: xchunked"],
        &["Transfer-Encoding: Chunked"],
        &["Transfer-Encoding: gzip, chunked"],
        &["Transfer-Encoding: chunked, gzip"],
        &["Transfer-Encoding\t: chunked"],
        &["Transfer-Encoding : chunked"],
        &["X: y\r\n Transfer-Encoding: chunked"],
        &["Content-Length: 6", "Content-Length: 0"],
        &["Content-Length: 6, 6"],
        &["Content-Length: +6"],
        &["Content-Length: -1"],
        &["Content-Length: 0x6"],
        &["Content-Length: 06"],
        &["Content-Length: 6 6"],
        &["Content-Length: 99999999999999999999"],
        &["Content-Length: 18446744073709551615"],
        &["Content-Length: 18446744073709551616"],
        &["Content-Length: 4294967295"],
        &["Content-Length: 4294967296"],
        &["Content-Length:"],
        &["Expect: 100-continue", "Content-Length: 6"],
    ];
    let version = *rng.pick(&["HTTP/1.1", "HTTP/1.1", "HTTP/1.0"]);
    let headers: Vec<String> = rng.pick(framing).iter().map(|h| h.to_string()).collect();
    let method = *rng.pick(&["POST", "GET", "PUT"]);
    let target = *rng.pick(&[
        "/hello/echo",
        "/api/items",
        "/upstream/lines.txt",
        "/redirector/lines.txt",
    ]);
    let body = *rng.pick(&[
        &b"0\r\n\r\nG"[..],
        b"3\r\nabc\r\n0\r\n\r\n",
        b"0\r\n\r\nGET /private/index.html HTTP/1.1\r\nX: ",
        b"abcdef",
    ]);
    let mut bytes = request(method, target, version, Some(&host), &headers, body);
    bytes.extend(request(
        "GET",
        "/upstream/lines.txt",
        "HTTP/1.1",
        Some(&host),
        &[],
        &[],
    ));
    Case {
        kind: "smuggling".into(),
        bytes,
        answers: None,
        pieces: 1,
    }
}

fn bad_chunked(rng: &mut Rng, addr: SocketAddr) -> Case {
    let bodies: &[&[u8]] = &[
        b"5\r\nhello",
        b"5\r\nhelloXX0\r\n\r\n",
        b"fffffffffffffffff\r\n",
        b"ffffffffffffffff\r\nabc\r\n0\r\n\r\n",
        b"-1\r\nabc\r\n0\r\n\r\n",
        b"0x5\r\nhello\r\n0\r\n\r\n",
        b" 5\r\nhello\r\n0\r\n\r\n",
        b"5 \r\nhello\r\n0\r\n\r\n",
        b"5\nhello\n0\n\n",
        b"5\rhello\r0\r\r",
        b"g\r\nhello\r\n0\r\n\r\n",
        b"0\r\nX-Trailer: a\r\nContent-Length: 5\r\n\r\n",
        b"0\r\n\r\n\r\n\r\n",
        b"1;a=\"\r\n\"\r\nx\r\n0\r\n\r\n",
        b"7fffffff\r\nabc",
        b"100000000\r\nabc",
        b"\r\n",
        b"",
    ];
    let mut body = rng.pick(bodies).to_vec();
    if rng.chance(0.2) {
        // A long chunk extension.
        let mut long = b"1;".to_vec();
        long.extend(std::iter::repeat_n(b'e', 1 << (8 + rng.below(10))));
        long.extend_from_slice(b"\r\nx\r\n0\r\n\r\n");
        body = long;
    }
    let headers = vec!["Transfer-Encoding: chunked".to_string()];
    let target = *rng.pick(&["/hello/echo", "/api/items", "/upstream/lines.txt"]);
    Case {
        kind: "bad chunked".into(),
        bytes: request(
            "POST",
            target,
            "HTTP/1.1",
            Some(&addr.to_string()),
            &headers,
            &body,
        ),
        answers: None,
        pieces: 1,
    }
}

fn huge(rng: &mut Rng, addr: SocketAddr) -> Case {
    let host = addr.to_string();
    let size = 1usize << (10 + rng.below(10)); // 1 KB .. 512 KB
    let filler = |c: char| c.to_string().repeat(size);
    let (target, headers, body): (String, Vec<String>, Vec<u8>) = match rng.below(7) {
        0 => (format!("/hello/{}", filler('a')), vec![], vec![]),
        1 => (format!("/hello/x?{}", filler('q')), vec![], vec![]),
        2 => (
            "/hello/x".into(),
            vec![format!("X-Big: {}", filler('h'))],
            vec![],
        ),
        3 => (
            "/hello/x".into(),
            (0..size / 16).map(|i| format!("X-H{i}: v")).collect(),
            vec![],
        ),
        4 => (
            "/api/items".into(),
            vec![format!("Cookie: {}", filler('c'))],
            vec![],
        ),
        5 => (
            // Declares far more than it sends: the host must not wait for it once the
            // client is gone, nor buffer it.
            "/hello/echo".into(),
            vec!["Content-Length: 100000000".to_string()],
            vec![b'b'; size],
        ),
        _ => (
            format!("/upstream/{}", "../".repeat(size / 3)),
            vec![],
            vec![],
        ),
    };
    let method = if body.is_empty() { "GET" } else { "POST" };
    Case {
        kind: "huge".into(),
        bytes: request(method, &target, "HTTP/1.1", Some(&host), &headers, &body),
        answers: None,
        pieces: 1,
    }
}

fn garbage(rng: &mut Rng) -> Case {
    let fixed: &[&[u8]] = &[
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        b"GET /\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET / HTTP/1.1",
        b"GET / HTTP/1.1\r\n",
        b"get / http/1.1\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
        b"\r\n\r\n\r\n",
        b"OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"G\x00T / HTTP/1.1\r\n\r\n",
        b"GET /\x00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET /hello/x HTTP/1.1\r\nX-\xff: \xfe\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET /hello/x HTTP/1.1\r\n: empty-name\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET /hello/x HTTP/1.1\r\nNoColon\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET  /hello/x  HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"\xef\xbb\xbfGET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    ];
    let bytes = if rng.chance(0.5) {
        rng.pick(fixed).to_vec()
    } else {
        let len = rng.below(2048);
        (0..len).map(|_| rng.next_u64() as u8).collect()
    };
    Case {
        kind: "garbage".into(),
        bytes,
        answers: None,
        pieces: 1,
    }
}

fn pipelined(rng: &mut Rng, addr: SocketAddr) -> Case {
    let count = 2 + rng.below(8);
    let mut bytes = Vec::new();
    for _ in 0..count {
        let mut one = valid(rng, addr);
        // A `Connection: close` in the middle would end the pipeline early.
        if let Some(at) = find(&one.bytes, b"Connection: close\r\n") {
            one.bytes.drain(at..at + 19);
        }
        bytes.extend(one.bytes);
    }
    Case {
        kind: "pipelined".into(),
        bytes,
        answers: Some(count),
        pieces: 1,
    }
}

/// A few random byte edits anywhere but the Host line and an absolute-form authority.
fn mutate(rng: &mut Rng, case: &mut Case) {
    let original = std::mem::take(&mut case.bytes);
    let protected = protected_ranges(&original);
    let mut bytes = original.clone();
    let tokens: &[&[u8]] = &[
        b"%", b"..", b"\0", b"\r\n", b"\n", b"\r", b":", b" ", b"%00", b"\xff", b"/",
    ];
    for _ in 0..1 + rng.below(8) {
        if bytes.is_empty() {
            break;
        }
        // The head is where parsers differ; a megabyte body needs no edits.
        let at = rng.below(bytes.len().min(4096));
        if protected.iter().any(|r| r.contains(&at)) {
            continue;
        }
        match rng.below(5) {
            0 => bytes[at] ^= 1 << rng.below(8),
            1 => bytes[at] = rng.next_u64() as u8,
            2 => {
                bytes.remove(at);
            }
            3 => {
                let token = rng.pick(tokens);
                bytes.splice(at..at, token.iter().copied());
            }
            _ => {
                let end = (at + 1 + rng.below(16)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
        }
        // Edits before a protected range move it: recompute, and give up on an edit
        // that changed what must stay.
        if host_lines(&bytes) != host_lines(&original)
            || authorities(&bytes) != authorities(&original)
        {
            bytes = original.clone();
            break;
        }
    }
    case.bytes = bytes;
    case.kind = format!("mutated {}", case.kind);
    case.answers = None;
}

/// Byte ranges of the Host lines and of `http://authority` in `bytes`.
fn protected_ranges(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0usize;
    for line in bytes.split(|&b| b == b'\n') {
        if line.len() >= 5 && line[..5].eq_ignore_ascii_case(b"host:") {
            ranges.push(start.saturating_sub(1)..start + line.len() + 1);
        }
        start += line.len() + 1;
    }
    let mut from = 0;
    while let Some(at) = find(&bytes[from..], b"://") {
        let begin = from + at;
        ranges.push(begin.saturating_sub(8)..(begin + 40).min(bytes.len()));
        from = begin + 3;
    }
    ranges
}

/// Every line that a parser could read as a Host header (case, whitespace and a lone CR
/// as line end taken into account), lowercased.
fn host_lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split(|&b| b == b'\n' || b == b'\r')
        .filter(|line| {
            let trimmed: Vec<u8> = line
                .iter()
                .copied()
                .skip_while(|b| b.is_ascii_whitespace())
                .collect();
            trimmed.len() >= 4 && trimmed[..4].eq_ignore_ascii_case(b"host")
        })
        .map(|line| line.to_ascii_lowercase())
        .collect()
}

/// How many `scheme://` authorities `bytes` holds.
fn authorities(bytes: &[u8]) -> usize {
    bytes.windows(3).filter(|w| w == b"://").count()
}

enum Outcome {
    /// The statuses of the responses read (parsed as far as possible), and their bodies.
    Answered(Vec<(u16, Vec<u8>)>),
    /// The host closed without a byte (a refusal of garbage is often just that).
    Closed,
    Hang(String),
    Refused,
}

fn exchange(addr: SocketAddr, case: &Case) -> Outcome {
    let mut stream = match TcpStream::connect_timeout(&addr, Duration::from_secs(10)) {
        Ok(stream) => stream,
        Err(_) => return Outcome::Refused,
    };
    let _ = stream.set_write_timeout(Some(ANSWER_WITHIN));
    let _ = stream.set_nodelay(true);
    let pieces = case.pieces.max(1);
    let piece = case.bytes.len().div_ceil(pieces).max(1);
    for (i, chunk) in case.bytes.chunks(piece).enumerate() {
        if i > 0 {
            std::thread::sleep(Duration::from_millis(40));
        }
        // The host may refuse and close before taking everything: not a finding.
        if stream.write_all(chunk).is_err() {
            break;
        }
    }
    if case.answers.is_none() {
        let _ = stream.shutdown(Shutdown::Write);
    }
    let deadline = Instant::now() + ANSWER_WITHIN;
    let mut received = Vec::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        if let Some(wanted) = case.answers {
            let responses = split_responses(&received);
            if responses.complete >= wanted {
                return Outcome::Answered(responses.list);
            }
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            let what = if case.answers.is_some() {
                "no complete answer"
            } else {
                "not closed after the client's half-close"
            };
            return Outcome::Hang(format!(
                "{what} within {ANSWER_WITHIN:?}; {} bytes received",
                received.len()
            ));
        }
        let _ = stream.set_read_timeout(Some(left));
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                received.extend_from_slice(&buffer[..n]);
                if received.len() > READ_AT_MOST {
                    break;
                }
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            // Reset: the host dropped the connection (refusing input is allowed to).
            Err(_) => break,
        }
    }
    if received.is_empty() {
        Outcome::Closed
    } else {
        Outcome::Answered(split_responses(&received).list)
    }
}

pub(crate) struct Responses {
    pub list: Vec<(u16, Vec<u8>)>,
    /// How many of them are complete (their whole body read).
    pub complete: usize,
}

/// The responses in `bytes`, as far as they can be told apart (1xx interim answers are
/// skipped; a body without a length runs to the end).
pub(crate) fn split_responses(mut bytes: &[u8]) -> Responses {
    let mut list = Vec::new();
    let mut complete = 0;
    while let Some(end) = find(bytes, b"\r\n\r\n") {
        let head = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
        let Some(status) = head
            .lines()
            .next()
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|code| code.parse::<u16>().ok())
        else {
            break;
        };
        let rest = &bytes[end + 4..];
        if (100..200).contains(&status) {
            bytes = rest;
            continue;
        }
        let header = |name: &str| {
            head.lines()
                .find_map(|line| line.strip_prefix(name).map(|v| v.trim().to_string()))
        };
        let length = header("content-length:").and_then(|v| v.parse::<usize>().ok());
        let chunked = header("transfer-encoding:").is_some_and(|v| v.contains("chunked"));
        let no_body = status == 204 || status == 304;
        if no_body || length == Some(0) {
            list.push((status, Vec::new()));
            complete += 1;
            bytes = rest;
        } else if let Some(length) = length {
            if rest.len() < length {
                list.push((status, rest.to_vec()));
                break;
            }
            list.push((status, rest[..length].to_vec()));
            complete += 1;
            bytes = &rest[length..];
        } else if chunked {
            match dechunk(rest) {
                Some((body, used)) => {
                    list.push((status, body));
                    complete += 1;
                    bytes = &rest[used..];
                }
                None => {
                    list.push((status, rest.to_vec()));
                    break;
                }
            }
        } else {
            list.push((status, rest.to_vec()));
            break;
        }
    }
    Responses { list, complete }
}

/// A chunked body and the bytes it took, if complete.
fn dechunk(raw: &[u8]) -> Option<(Vec<u8>, usize)> {
    let mut body = Vec::new();
    let mut at = 0;
    loop {
        let line_end = at + find(&raw[at..], b"\r\n")?;
        let size_text = std::str::from_utf8(&raw[at..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        at = line_end + 2;
        if size == 0 {
            // Trailers, up to a blank line.
            let end = at + find(&raw[at..], b"\r\n")?;
            if end == at {
                return Some((body, at + 2));
            }
            at = end + 2;
            let rest = find(&raw[at..], b"\r\n\r\n")?;
            return Some((body, at + rest + 4));
        }
        body.extend_from_slice(raw.get(at..at + size)?);
        at += size + 2;
        if at > raw.len() {
            return None;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// What must never be in a successful answer to a request without credentials.
const EXPOSED: &[(&[u8], &str)] = &[
    (
        b"let demo:demo through",
        "/private/ page without credentials",
    ),
    (b"sourceMappingURL=", "a bundle's JavaScript"),
    (b"\"mappings\"", "a bundle's source map"),
    (b"<configuration>", "web.config"),
    (b"\"workers\"", "a .settings.json"),
    (b"root:x:0:0", "a file outside the site (/etc/passwd)"),
    (b"\x7fELF", "a library"),
];

#[derive(Default)]
struct Counts {
    cases: u64,
    responses: u64,
    closed_silently: u64,
    refused: u64,
    crashes: u64,
    hangs: u64,
    exposures: u64,
    by_status: BTreeMap<u16, u64>,
    /// (kind, status) -> count of 5xx answers.
    server_errors: BTreeMap<(String, u16), u64>,
}

#[derive(Default)]
struct Tally {
    /// Findings printed so far (all are written to files; the log shows the first few).
    printed: std::sync::atomic::AtomicUsize,
    counts: Mutex<Counts>,
    kept: Mutex<BTreeMap<(String, u16), usize>>,
}

impl Tally {
    fn record(&self, index: u64, case: &Case, outcome: Outcome) {
        let mut counts = self.counts.lock().unwrap();
        counts.cases += 1;
        match outcome {
            Outcome::Answered(responses) => {
                for (status, body) in responses {
                    counts.responses += 1;
                    *counts.by_status.entry(status).or_default() += 1;
                    if (200..300).contains(&status) {
                        if let Some((_, what)) =
                            EXPOSED.iter().find(|(m, _)| find(&body, m).is_some())
                        {
                            counts.exposures += 1;
                            self.keep(index, case, &format!("exposure-{status}"), what);
                        }
                    }
                    if status >= 500 && status != 503 {
                        *counts
                            .server_errors
                            .entry((case.kind.clone(), status))
                            .or_default() += 1;
                        let mut kept = self.kept.lock().unwrap();
                        let n = kept.entry((case.kind.clone(), status)).or_default();
                        if *n < EXAMPLES_KEPT {
                            *n += 1;
                            drop(kept);
                            let first = String::from_utf8_lossy(&body[..body.len().min(200)])
                                .lines()
                                .next()
                                .unwrap_or("")
                                .to_string();
                            self.keep(index, case, &format!("{status}"), &first);
                        }
                    }
                }
            }
            Outcome::Closed => counts.closed_silently += 1,
            Outcome::Refused => counts.refused += 1,
            Outcome::Hang(what) => {
                counts.hangs += 1;
                drop(counts);
                self.keep(index, case, "hang", &what);
            }
        }
    }

    fn crash(&self, index: u64, case: &Case, status: String) {
        self.counts.lock().unwrap().crashes += 1;
        self.keep(
            index,
            case,
            "crash",
            &format!("the host exited ({status}) around this request"),
        );
    }

    /// Writes request `index`'s bytes as a reproducer and prints one line about it.
    fn keep(&self, index: u64, case: &Case, what: &str, detail: &str) {
        let file = out_dir()
            .join("findings")
            .join(format!("{index:07}-{what}.bin"));
        let _ = std::fs::write(workspace::root().join(&file), &case.bytes);
        let head = String::from_utf8_lossy(&case.bytes[..case.bytes.len().min(120)])
            .replace('\r', "\\r")
            .replace('\n', "\\n");
        let printed = self.printed.fetch_add(1, Ordering::Relaxed);
        if printed < FINDINGS_PRINTED {
            eprintln!(
                "  {what} at request #{index} ({}): {detail}\n    {} — {head}",
                case.kind,
                file.display()
            );
        } else if printed == FINDINGS_PRINTED {
            eprintln!(
                "  (further findings are only written to {})",
                file.parent().unwrap_or(&file).display()
            );
        }
    }

    fn report(
        &self,
        options: &Options,
        elapsed: Duration,
        alive: &std::result::Result<u16, String>,
    ) -> String {
        let counts = self.counts.lock().unwrap();
        let mut text = format!(
            "socket fuzz summary (seed {}): {} requests sent in {:.0} s; {} responses read, \
             {} connections closed without an answer, {} refused\n\
             crashes {}, hangs {}, exposures {}; afterwards GET /hello/x -> {alive:?}\n",
            options.seed,
            counts.cases,
            elapsed.as_secs_f64(),
            counts.responses,
            counts.closed_silently,
            counts.refused,
            counts.crashes,
            counts.hangs,
            counts.exposures
        );
        let statuses: Vec<String> = counts
            .by_status
            .iter()
            .map(|(status, n)| format!("{status}: {n}"))
            .collect();
        text.push_str(&format!("statuses: {}\n", statuses.join(", ")));
        if counts.server_errors.is_empty() {
            text.push_str("5xx answers (503 excepted): none\n");
        } else {
            text.push_str("5xx answers (503 excepted), by kind of request:\n");
            for ((kind, status), n) in &counts.server_errors {
                text.push_str(&format!("  {status} to {kind}: {n}\n"));
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr() -> SocketAddr {
        "127.0.0.1:4321".parse().unwrap()
    }

    #[test]
    fn a_case_depends_on_the_seed_and_index_alone() {
        let a = case(5, 77, addr());
        let b = case(5, 77, addr());
        assert_eq!((a.kind, a.bytes), (b.kind, b.bytes));
        assert_ne!(case(5, 78, addr()).bytes, case(6, 78, addr()).bytes);
    }

    #[test]
    fn mutations_never_change_the_host_line_or_add_an_authority() {
        for index in 0..300 {
            let mut rng = Rng::new(index);
            let mut case = match index % 2 {
                0 => valid(&mut rng, addr()),
                _ => traversal(&mut rng, addr()),
            };
            let before = (host_lines(&case.bytes), authorities(&case.bytes));
            mutate(&mut rng, &mut case);
            assert_eq!(
                (host_lines(&case.bytes), authorities(&case.bytes)),
                before,
                "{:?}",
                String::from_utf8_lossy(&case.bytes)
            );
        }
    }

    #[test]
    fn every_host_value_is_loopback_or_unparseable() {
        for seed in 0..500 {
            let Some(host) = host_value(&mut Rng::new(seed), addr()) else {
                continue;
            };
            let name = host
                .rsplit_once(':')
                .map_or(host.as_str(), |(name, _)| name);
            let loopback = name.starts_with("127.0.0.1") || name == "localhost" || name == "[::1]";
            let unparseable = host.is_empty() || host.contains(' ') || host.starts_with('[');
            assert!(loopback || unparseable, "{host:?}");
        }
    }

    #[test]
    fn responses_are_split_by_length_and_chunks() {
        let bytes = b"HTTP/1.1 100 Continue\r\n\r\n\
                      HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi\
                      HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n\
                      HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\npart";
        let responses = split_responses(bytes);
        assert_eq!(responses.complete, 2);
        assert_eq!(
            responses.list,
            [
                (200, b"hi".to_vec()),
                (500, b"abc".to_vec()),
                (404, b"part".to_vec())
            ]
        );
    }

    #[test]
    fn options_are_read_and_checked() {
        let options = parse_options(&["--requests".into(), "5".into(), "--seed=9".into()]).unwrap();
        assert_eq!((options.requests, options.seed), (5, 9));
        assert!(parse_options(&["--requests".into(), "0".into()]).is_err());
        assert!(parse_options(&["--seed".into(), "x".into()]).is_err());
        assert!(parse_options(&["--other".into(), "1".into()]).is_err());
    }
}
