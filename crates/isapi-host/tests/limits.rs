//! IIS's limits through the real `isapi-host` binary and the C fixture: request filtering
//! (each limit at exactly its value passes, one over gets IIS's answer), the connection
//! timeouts and cap, and the smaller defects of issue 16 (Host, half-close, Server, a
//! Content-Length near 2^64 through a filter). Durations are configured short; none is
//! asserted.
mod support;

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use support::http::{Connection, Response};
use support::{native_filter, native_library};

/// A running `isapi-host` serving a web.config written for the test.
struct Served {
    child: Child,
    addr: SocketAddr,
    /// The site folder (the web.config's).
    dir: PathBuf,
    log: PathBuf,
}

impl Served {
    /// `sections` go inside `<configuration>`, after a `<system.webServer>` that mounts the
    /// C fixture at `/native/*` (and the C filter when `filter`).
    fn start(sections: &str, filter: bool, args: &[&str]) -> Served {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "limits-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let filters = if filter {
            format!(
                r#"<isapiFilters><filter name="f" path="{}"/></isapiFilters>"#,
                native_filter().display()
            )
        } else {
            String::new()
        };
        let config = format!(
            r#"<?xml version="1.0"?>
<configuration>
  <system.webServer>
    <handlers>
      <add name="native" path="/native/*" verb="*" modules="IsapiModule" scriptProcessor="{}" />
    </handlers>
    {filters}
  </system.webServer>
  {sections}
</configuration>"#,
            native_library().display()
        );
        let config_path = dir.join("web.config");
        std::fs::write(&config_path, config).unwrap();
        let log = dir.join("host.log");
        let mut child = Command::new(env!("CARGO_BIN_EXE_isapi-host"))
            .arg("--config")
            .arg(&config_path)
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("cannot start isapi-host");
        let addr = support::listening_address(&mut child, &log);
        Served {
            child,
            addr,
            dir,
            log,
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Whether `text` shows up in the host's log (polled; the host writes the line once
    /// the connection is gone, just after the client saw it go).
    fn logs(&self, text: &str) -> bool {
        (0..200).any(|_| {
            let found = self.log().contains(text);
            if !found {
                std::thread::sleep(Duration::from_millis(50));
            }
            found
        })
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends raw bytes on a fresh connection and reads one response.
fn raw(addr: SocketAddr, bytes: &[u8]) -> Response {
    let mut connection = Connection::open(addr);
    connection.send_raw(bytes);
    connection.response()
}

fn get(addr: SocketAddr, target: &str, headers: &str) -> Response {
    raw(
        addr,
        format!("GET {target} HTTP/1.1\r\nHost: h\r\n{headers}Connection: close\r\n\r\n")
            .as_bytes(),
    )
}

/// A path of exactly `length` bytes under `prefix`.
fn path_of(prefix: &str, length: usize) -> String {
    format!("{prefix}/{}", "a".repeat(length - prefix.len() - 1))
}

fn chunked(size: usize) -> Vec<u8> {
    let mut bytes =
        b"POST /native/ok HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            .to_vec();
    for piece in vec![b'x'; size].chunks(300) {
        bytes.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        bytes.extend_from_slice(piece);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(b"0\r\n\r\n");
    bytes
}

/// A request whose head (request line, headers, blank line) is exactly `size` bytes.
fn head_of(size: usize) -> Vec<u8> {
    let start = "GET /native/ok HTTP/1.1\r\nHost: h\r\nConnection: close\r\nX-Pad: ";
    let pad = size - start.len() - "\r\n\r\n".len();
    format!("{start}{}\r\n\r\n", "p".repeat(pad)).into_bytes()
}

#[test]
fn each_limit_passes_at_its_value_and_answers_as_iis_one_over() {
    let host = Served::start(
        r#"<system.webServer><security><requestFiltering>
             <requestLimits maxAllowedContentLength="1000">
               <headerLimits><add header="X-Small" sizeLimit="10"/></headerLimits>
             </requestLimits>
           </requestFiltering></security></system.webServer>
           <location path="native/ok/tight"><system.webServer><security><requestFiltering>
             <requestLimits maxUrl="100"/>
           </requestFiltering></security></system.webServer></location>"#,
        false,
        &[],
    );
    let addr = host.addr;
    let post = |length: usize, body: &[u8]| {
        let mut bytes = format!(
            "POST /native/ok HTTP/1.1\r\nHost: h\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
        )
        .into_bytes();
        bytes.extend_from_slice(body);
        raw(addr, &bytes)
    };
    let query = |length: usize| get(addr, &format!("/native/ok?{}", "q".repeat(length)), "");
    let cases: Vec<(&str, Response, u16, &str)> = vec![
        // IIS's defaults: maxUrl 4096, maxQueryString 2048, 16 KB of request head.
        (
            "maxUrl",
            get(addr, &path_of("/native/ok", 4096), ""),
            200,
            "ok 0",
        ),
        (
            "maxUrl + 1",
            get(addr, &path_of("/native/ok", 4097), ""),
            404,
            "404.14",
        ),
        ("maxQueryString", query(2048), 200, "ok 0"),
        ("maxQueryString + 1", query(2049), 404, "404.15"),
        ("head size", raw(addr, &head_of(16384)), 200, "ok 0"),
        ("head size + 1", raw(addr, &head_of(16385)), 431, ""),
        // From the web.config.
        ("Content-Length", post(1000, &[b'x'; 1000]), 200, "ok 1000"),
        // Answered from the head alone: the body is never sent.
        ("Content-Length + 1", post(1001, b""), 413, "413"),
        ("chunked", raw(addr, &chunked(1000)), 200, "ok 1000"),
        ("chunked + 1", raw(addr, &chunked(1001)), 413, "413"),
        (
            "headerLimits",
            get(addr, "/native/ok", "X-Small: 0123456789\r\n"),
            200,
            "ok 0",
        ),
        (
            "headerLimits + 1",
            get(addr, "/native/ok", "X-Small: 0123456789a\r\n"),
            404,
            "404.10",
        ),
        // A <location>'s own limit, for its folder only.
        (
            "location maxUrl",
            get(addr, &path_of("/native/ok/tight", 100), ""),
            200,
            "ok 0",
        ),
        (
            "location maxUrl + 1",
            get(addr, &path_of("/native/ok/tight", 101), ""),
            404,
            "404.14",
        ),
        (
            "outside the location",
            get(addr, &path_of("/native/ok", 101), ""),
            200,
            "ok 0",
        ),
    ];
    for (name, response, status, text) in cases {
        assert_eq!(response.status, status, "{name}: {}", response.text());
        assert!(
            response.text().contains(text),
            "{name}: {}",
            response.text()
        );
    }
}

#[test]
fn a_content_length_over_the_default_is_refused_before_the_body() {
    let w3c = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("limits-413-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&w3c);
    let host = Served::start("", false, &["--w3c-log", w3c.to_str().unwrap()]);
    let response = raw(
        host.addr,
        b"POST /native/ok HTTP/1.1\r\nHost: h\r\nContent-Length: 30000001\r\n\r\n",
    );
    assert_eq!(response.status, 413);
    assert_eq!(response.header("connection"), Some("close"));
    // cs-bytes counts what was received: no body, whatever the length claimed.
    let line = (0..200)
        .find_map(|_| {
            let log = std::fs::read_to_string(&w3c).unwrap_or_default();
            let line = log
                .lines()
                .find(|l| l.contains(" POST "))
                .map(str::to_owned);
            if line.is_none() {
                std::thread::sleep(Duration::from_millis(50));
            }
            line
        })
        .expect("no W3C line for the refused POST");
    let fields: Vec<&str> = line.split(' ').collect();
    assert_eq!(fields[fields.len() - 2], "0", "{line}");
    let _ = std::fs::remove_file(&w3c);
}

/// Writes `bytes` one at a time, pausing between them, until the server closes the
/// connection or answers; returns what it answered (empty: it closed) or `None` when it
/// took every byte and kept waiting.
fn trickle(stream: &mut TcpStream, bytes: &[u8], pause: Duration) -> Option<Vec<u8>> {
    stream.set_read_timeout(Some(pause)).unwrap();
    for byte in bytes {
        if stream.write_all(&[*byte]).is_err() {
            return Some(Vec::new());
        }
        let mut answer = [0u8; 1024];
        match stream.read(&mut answer) {
            Ok(n) => return Some(answer[..n].to_vec()),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return Some(Vec::new()),
        }
    }
    None
}

#[test]
fn an_idle_keep_alive_connection_is_closed_after_connection_timeout() {
    // From the flag here; the web.config's <limits> below.
    let host = Served::start("", false, &["--connection-timeout", "0.3"]);
    let mut connection = Connection::open(host.addr);
    connection.send("GET", "/native/ok", &[], b"");
    assert_eq!(connection.response().status, 200);
    // The read ends when the server closes (the client's own timeout is 30 s).
    assert!(connection.closed_by_server());
    assert!(
        host.logs("closed: idle for connectionTimeout"),
        "{}",
        host.log()
    );
}

#[test]
fn connection_timeout_is_read_from_site_defaults_limits() {
    let host = Served::start(
        r#"<system.applicationHost><sites><siteDefaults>
             <limits connectionTimeout="00:00:00.300"/>
           </siteDefaults></sites></system.applicationHost>"#,
        false,
        &[],
    );
    let mut connection = Connection::open(host.addr);
    assert!(connection.closed_by_server());
}

#[test]
fn a_head_sent_a_byte_at_a_time_is_cut_off_at_header_wait_timeout() {
    let host = Served::start(
        r#"<system.applicationHost>
             <webLimits headerWaitTimeout="00:00:00.500" connectionTimeout="00:01:00"/>
           </system.applicationHost>"#,
        false,
        &[],
    );
    let mut stream = TcpStream::connect(host.addr).unwrap();
    stream.write_all(b"GET /native/ok HTTP/1.1\r\n").unwrap();
    // 300 bytes at 10 a second would take 30 s; far past the header timeout.
    let header = format!("X-Slow: {}", "s".repeat(292));
    let answer = trickle(&mut stream, header.as_bytes(), Duration::from_millis(100));
    assert!(answer.is_some(), "the slow head was never cut off");
    assert!(host.logs("closed: the request head took longer than headerWaitTimeout"));
}

#[test]
fn a_body_slower_than_min_bytes_per_second_is_aborted() {
    let host = Served::start(
        r#"<system.applicationHost>
             <webLimits connectionTimeout="00:00:00.500" minBytesPerSecond="240"/>
           </system.applicationHost>"#,
        false,
        &[],
    );
    let mut stream = TcpStream::connect(host.addr).unwrap();
    stream
        .write_all(b"POST /native/ok HTTP/1.1\r\nHost: h\r\nContent-Length: 300\r\n\r\n")
        .unwrap();
    // 10 bytes a second against a minimum of 240.
    let answer = trickle(&mut stream, &[b'b'; 300], Duration::from_millis(100));
    let answer = answer.expect("the slow body was never aborted");
    let text = String::from_utf8_lossy(&answer);
    assert!(!text.contains("ok 300"), "{text}");
    assert!(host.logs("closed: the request body was slower than minBytesPerSecond"));
    // A body at a normal pace still passes.
    let fast = raw(
        host.addr,
        &[
            b"POST /native/ok HTTP/1.1\r\nHost: h\r\nContent-Length: 300\r\nConnection: close\r\n\r\n"
                .as_slice(),
            &[b'b'; 300],
        ]
        .concat(),
    );
    assert_eq!(fast.text(), "ok 300");
}

#[test]
fn connections_past_max_connections_are_refused_while_the_others_work() {
    let host = Served::start(
        r#"<system.applicationHost><sites><siteDefaults>
             <limits maxConnections="2"/>
           </siteDefaults></sites></system.applicationHost>"#,
        false,
        &[],
    );
    let mut first = Connection::open(host.addr);
    let mut second = Connection::open(host.addr);
    for connection in [&mut first, &mut second] {
        connection.send("GET", "/native/ok", &[], b"");
        assert_eq!(connection.response().status, 200);
    }
    for _ in 0..20 {
        let refused = get(host.addr, "/native/ok", "");
        assert_eq!(refused.status, 503);
        assert_eq!(refused.header("connection"), Some("close"));
    }
    for connection in [&mut first, &mut second] {
        connection.send("GET", "/native/ok", &[], b"");
        assert_eq!(
            connection.response().status,
            200,
            "the open ones still work"
        );
    }
    // A closed connection gives its place back (once the host has noticed: bounded retry).
    drop(first);
    let replaced = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(20));
        get(host.addr, "/native/ok", "").status == 200
    });
    assert!(
        replaced,
        "the first connection's place was never given back"
    );
    // The refusals were logged with a count, not one line each.
    let log = host.log();
    let lines = log.matches("refused with 503").count();
    assert!((1..=2).contains(&lines), "{lines} lines:\n{log}");
}

#[test]
fn a_malformed_host_is_400_before_any_filter_or_handler() {
    let host = Served::start("", true, &[]);
    for bad in ["a b", "x/y", "user@h", "h:port", "h:1\r\nHost: h:2"] {
        let request =
            format!("GET /native/ok HTTP/1.1\r\nHost: {bad}\r\nConnection: close\r\n\r\n");
        let response = raw(host.addr, request.as_bytes());
        assert_eq!(response.status, 400, "Host: {bad:?}: {}", response.text());
    }
    assert_eq!(get(host.addr, "/native/ok", "").status, 200);
    // HTTP/1.1 requires Host (RFC 9112 §3.2); HTTP/1.0 predates it.
    let missing = raw(
        host.addr,
        b"GET /native/ok HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(missing.status, 400, "{}", missing.text());
    let old = raw(host.addr, b"GET /native/ok HTTP/1.0\r\n\r\n");
    assert_eq!(old.status, 200, "{}", old.text());
}

#[test]
fn a_client_that_half_closes_after_its_request_gets_the_answer() {
    let host = Served::start("", false, &[]);
    let mut stream = TcpStream::connect(host.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
        .write_all(b"GET /native/ok HTTP/1.1\r\nHost: h\r\n\r\n")
        .unwrap();
    stream.shutdown(Shutdown::Write).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 200"), "{text:?}");
    assert!(text.contains("\r\nok 0\r\n"), "{text:?}");
}

#[test]
fn a_handler_s_own_server_header_is_the_only_one() {
    let host = Served::start("", false, &[]);
    let response = get(host.addr, "/native/ok", "");
    let servers: Vec<&str> = response
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("server"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(servers, ["native-fixture"]);
}

#[test]
fn a_content_length_near_2_pow_64_through_a_filter_does_not_panic() {
    // No body limit, so the filter path sees the length.
    let host = Served::start(
        r#"<system.webServer><security><requestFiltering>
             <requestLimits maxAllowedContentLength="18446744073709551615"/>
           </requestFiltering></security></system.webServer>"#,
        true,
        &[],
    );
    let response = raw(
        host.addr,
        b"POST /elsewhere HTTP/1.1\r\nHost: h\r\nContent-Length: 18446744073709551613\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(response.status, 404);
    assert_eq!(get(host.addr, "/native/ok", "").status, 200);
}

#[test]
fn a_client_that_reads_nothing_of_its_response_is_cut_off() {
    let host = Served::start(
        r#"<location path="files"><system.webServer><handlers>
             <add name="files" path="*" verb="GET" modules="StaticFileModule"/>
           </handlers></system.webServer></location>"#,
        false,
        &["--connection-timeout", "0.3"],
    );
    std::fs::create_dir_all(host.dir.join("files")).unwrap();
    // Far more than the socket buffers hold.
    let size = 32 << 20;
    std::fs::write(host.dir.join("files/big.txt"), vec![b'z'; size]).unwrap();
    let mut stream = TcpStream::connect(host.addr).unwrap();
    stream
        .write_all(b"GET /files/big.txt HTTP/1.1\r\nHost: h\r\n\r\n")
        .unwrap();
    // Read nothing until the host gave up on the response...
    assert!(
        host.logs("closed: the client read nothing of the response for connectionTimeout"),
        "{}",
        host.log()
    );
    // ...which then ends early.
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut received = Vec::new();
    let _ = stream.read_to_end(&mut received);
    assert!(received.starts_with(b"HTTP/1.1 200"));
    assert!(received.len() < size, "the whole response arrived");
}

#[test]
fn a_line_every_request_repeats_is_written_once_with_a_count() {
    let host = Served::start(
        r#"<location path="broken"><system.webServer><handlers>
             <add name="broken" path="*" verb="*" modules="IsapiModule" scriptProcessor="_missing.so"/>
           </handlers></system.webServer></location>"#,
        false,
        &[],
    );
    for _ in 0..20 {
        assert_eq!(get(host.addr, "/broken/x", "").status, 500);
    }
    let log = host.log();
    let lines = log.matches("is not available").count();
    assert_eq!(lines, 1, "{log}");
}

#[test]
fn client_text_in_the_hosts_log_cannot_forge_a_line() {
    let host = Served::start("", false, &[]);
    let forged = "x%0d%0a1999-01-01%2012:00:00%20forged%1b[31m";
    let response = get(host.addr, &format!("/native/log-param?{forged}"), "");
    assert_eq!((response.status, response.text().as_str()), (200, "logged"));
    assert!(host.logs("log=x"), "{}", host.log());
    let log = host.log();
    // Both the AppendLogParameter line and the request's line (its lpszLogData).
    assert_eq!(
        log.matches("x\\r\\n1999-01-01 12:00:00 forged\\u{1b}[31m")
            .count(),
        2,
        "{log}"
    );
    assert!(
        !log.lines().any(|line| line.starts_with("1999-01-01")),
        "{log}"
    );
    assert!(!log.contains('\u{1b}'), "{log}");
}
