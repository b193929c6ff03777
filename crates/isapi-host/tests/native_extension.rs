//! The host driving a plain C ISAPI extension (tests/fixtures/native_ext.c): the ABI as
//! any ISAPI library sees it — server variables with grow-and-retry, body preload and
//! ReadClient, pending requests, header SSFs, CGI-style output, errors and bad codes.
mod support;

use std::path::Path;
use std::time::Duration;

use isapi_host::{Config, Host, HostOptions, RunningHost};
use support::http::Connection;
use support::{native_filter, native_library};

struct TestHost {
    runtime: tokio::runtime::Runtime,
    running: Option<RunningHost>,
}

impl TestHost {
    fn start(config_text: &str) -> TestHost {
        TestHost::start_with(
            config_text,
            HostOptions {
                load_retry: Duration::from_millis(0),
                ..HostOptions::default()
            },
        )
    }

    fn start_with(config_text: &str, options: HostOptions) -> TestHost {
        let library = native_library();
        let root = library.parent().unwrap();
        let config = Config::parse(config_text, root).expect("config");
        // As isapi-host's: a multi-thread runtime, whose workers call the extension.
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let running = runtime
            .block_on(Host::new(config, options).bind("127.0.0.1:0".parse().unwrap()))
            .unwrap();
        TestHost {
            runtime,
            running: Some(running),
        }
    }

    fn native() -> TestHost {
        TestHost::start(
            r#"<configuration><system.webServer><handlers>
                 <add name="native" path="/native/*" verb="GET,POST" modules="IsapiModule" scriptProcessor="_native.so" />
                 <add name="broken" path="/broken/*" verb="*" modules="IsapiModule" scriptProcessor="_does_not_exist.so" />
                 <add name="wild" path="/wild/*" verb="*" modules="IsapiModule" scriptProcessor="_native.so" />
                 <add name="files" path="*" verb="GET,HEAD" modules="StaticFileModule" />
               </handlers></system.webServer></configuration>"#,
        )
    }

    fn addr(&self) -> std::net::SocketAddr {
        self.running.as_ref().unwrap().local_addr()
    }

    fn get(&self, target: &str, headers: &[(&str, &str)]) -> support::http::Response {
        Connection::request(self.addr(), "GET", target, headers, b"")
    }
}

impl Drop for TestHost {
    fn drop(&mut self) {
        if let Some(running) = self.running.take() {
            self.runtime
                .block_on(running.shutdown(Duration::from_secs(5)));
        }
    }
}

#[test]
fn server_variables_follow_the_grow_and_retry_protocol() {
    let host = TestHost::native();
    let response = host.get("/native/vars?a=1&b=%20", &[("X-Custom", "custom value")]);
    assert_eq!(response.status, 200);
    let text = response.text();
    for line in [
        "REQUEST_METHOD=GET|size=4",
        "QUERY_STRING=a=1&b=%20|size=10",
        "URL=/native/vars|size=13",
        "PATH_INFO=/native/vars|size=13",
        "SCRIPT_NAME=/native/vars|",
        "SERVER_PROTOCOL=HTTP/1.1|",
        &format!("SERVER_PORT={}|", host.addr().port()),
        "REMOTE_ADDR=127.0.0.1|",
        "HTTP_X_CUSTOM=custom value|size=13",
        "HEADER_X-Custom=custom value|",
        "CONTENT_LENGTH=0|",
        "HTTPS=off|",
        "NO_SUCH_VARIABLE!error=1413",
        "HTTP_X_CUSTOM:custom value\n",
        "HTTP_HOST:127.0.0.1\n",
        // "/native/vars" is 12 UTF-16 units + a 2-byte terminator.
        "UNICODE_URL size=26 first=/0",
    ] {
        assert!(text.contains(line), "{line:?} missing from:\n{text}");
    }
}

#[test]
fn bodies_beyond_the_preload_are_read_with_read_client() {
    let host = TestHost::native();
    for size in [0usize, 1, 49152, 49153, 200 * 1024] {
        let body: Vec<u8> = (0..size).map(|i| (i % 253) as u8).collect();
        let response = Connection::request(host.addr(), "POST", "/native/echo", &[], &body);
        assert_eq!(response.status, 200, "size {size}");
        assert!(response.body == body, "size {size}: echo differs");
    }
}

#[test]
fn writes_beyond_what_the_host_buffers_arrive_whole_before_the_call_returns() {
    let host = TestHost::native();
    let response = host.get("/native/many-writes", &[]);
    assert_eq!(response.status, 200);
    assert_eq!(response.body, "0123456789\n".repeat(2000).into_bytes());
}

#[test]
fn an_extension_that_works_inside_its_call_no_longer_holds_up_other_connections() {
    let host = TestHost::native();
    // Slow calls show the extension does its work inside HttpExtensionProc.
    for _ in 0..3 {
        assert_eq!(host.get("/native/sleep?50", &[]).text(), "slept");
    }
    // More calls block at once than the host has worker threads; /native/release is only
    // answered if none of them holds a worker.
    let workers = std::thread::available_parallelism().map_or(4, |n| n.get());
    let mut waiting: Vec<Connection> = (0..=workers)
        .map(|_| {
            let mut connection = Connection::open(host.addr());
            connection.send("GET", "/native/wait", &[], b"");
            connection
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(host.get("/native/release", &[]).text(), "open");
    for connection in &mut waiting {
        assert_eq!(connection.response().text(), "released");
    }
}

#[test]
fn a_pending_request_that_sends_nothing_in_time_is_answered_504() {
    let host = TestHost::start_with(
        r#"<configuration><system.webServer><handlers>
             <add name="native" path="/native/*" verb="GET" modules="IsapiModule" scriptProcessor="_native.so" />
           </handlers></system.webServer></configuration>"#,
        HostOptions {
            pending_timeout: Duration::from_millis(100),
            ..HostOptions::default()
        },
    );
    let response = host.get("/native/late", &[]);
    assert_eq!(response.status, 504);
    assert_eq!(response.header("connection"), Some("close"));
    assert_eq!(response.text(), "504 Gateway Timeout\n");
    // What the extension sends afterwards is refused, and the host carries on.
    let mut refused = String::new();
    for _ in 0..100 {
        refused = host.get("/native/late-refused", &[]).text();
        if refused == "refused" {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(refused, "refused");
}

#[test]
fn chunked_uploads_are_dechunked() {
    let host = TestHost::native();
    let mut connection = Connection::open(host.addr());
    connection.send_raw(
        b"POST /native/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
    );
    let response = connection.response();
    assert_eq!(response.status, 200);
    // The whole body fit in the preload, so its length was known (as IIS reports it).
    assert_eq!(response.text(), "hello world");
}

#[test]
fn pending_requests_finish_on_done_with_session_even_before_the_call_returns() {
    let host = TestHost::native();
    for target in ["/native/pending", "/native/early-done"] {
        let response = host.get(target, &[]);
        assert_eq!(response.status, 200, "{target}");
        assert_eq!(response.text(), "finished from another thread", "{target}");
    }
}

#[test]
fn hse_status_error_without_headers_is_500_and_the_host_carries_on() {
    let host = TestHost::native();
    assert_eq!(host.get("/native/error", &[]).status, 500);
    assert_eq!(host.get("/native/keepconn", &[]).status, 200);
}

#[test]
fn hse_status_error_after_a_write_sends_the_bytes_then_closes() {
    let host = TestHost::native();
    let mut connection = std::net::TcpStream::connect(host.addr()).unwrap();
    // Keep-alive asked for: only the host closing ends the read.
    std::io::Write::write_all(
        &mut connection,
        b"GET /native/error-after-write HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    )
    .unwrap();
    connection
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut raw = Vec::new();
    // The close may come as a reset once the bytes are out: what arrived before it counts.
    let _ = std::io::Read::read_to_end(&mut connection, &mut raw);
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text:?}");
    assert!(text.contains("partial answer"), "{text:?}");
    // As IIS: what was written, then the connection closes; never the chunked body's end,
    // which would make the broken answer look complete.
    assert!(!text.ends_with("0\r\n\r\n"), "{text:?}");
    // The host carries on.
    assert_eq!(host.get("/native/keepconn", &[]).status, 200);
}

#[test]
fn cgi_style_headers_in_the_first_write_are_honoured() {
    let host = TestHost::native();
    let response = host.get("/native/cgi", &[]);
    assert_eq!(response.status, 201);
    assert_eq!(response.header("x-from"), Some("cgi"));
    assert_eq!(response.text(), "cgi body");
}

#[test]
fn unknown_codes_and_forged_handles_fail_with_invalid_parameter() {
    let host = TestHost::native();
    let response = host.get("/native/badssf", &[]);
    assert_eq!(response.text(), "1004:0/87 9999:0/87 forged:0/87");
}

#[test]
fn redirects_and_keep_alive_queries_work() {
    let host = TestHost::native();
    let response = host.get("/native/redirect", &[]);
    assert_eq!(response.status, 302);
    assert_eq!(
        response.header("location"),
        Some("http://example.invalid/elsewhere")
    );
    // Connection::request asks for close, so the answer is "close"...
    assert_eq!(host.get("/native/keepconn", &[]).text(), "close");
    // ...and on a kept-alive connection it is "keep".
    let mut connection = Connection::open(host.addr());
    connection.send("GET", "/native/keepconn", &[], b"");
    assert_eq!(connection.response().text(), "keep");
    connection.send("GET", "/native/keepconn", &[], b"");
    assert_eq!(
        connection.response().text(),
        "keep",
        "second request on the same connection"
    );
}

#[test]
fn status_without_headers_routing_and_load_failures() {
    let host = TestHost::native();
    assert_eq!(
        host.get("/native/unknown", &[]).status,
        404,
        "dwHttpStatusCode without headers"
    );
    assert_eq!(host.get("/elsewhere", &[]).status, 404);
    assert_eq!(
        Connection::request(host.addr(), "DELETE", "/native/vars", &[], b"").status,
        405
    );
    assert_eq!(host.get("/broken/x", &[]).status, 500);
    assert_eq!(host.get("/native/keepconn", &[]).status, 200);
}

#[test]
fn malformed_requests_get_400() {
    let host = TestHost::native();
    let mut connection = Connection::open(host.addr());
    connection.send_raw(b"GARBAGE\r\n\r\n");
    assert_eq!(connection.response().status, 400);
    assert_eq!(host.get("/native/keepconn", &[]).status, 200);
}

#[test]
fn async_write_completes_on_another_thread_and_ends_the_session() {
    let host = TestHost::native();
    let response = host.get("/native/async-write", &[]);
    assert_eq!(response.status, 200);
    assert_eq!(response.text(), "async hello [completed 11 bytes, error 0]");
    let refused = host.get("/native/async-no-routine", &[]).text();
    assert_eq!(
        refused, "refused:1 errno:87",
        "async I/O without a completion routine"
    );
}

#[test]
fn async_reads_chain_from_their_completions() {
    let host = TestHost::native();
    for size in [0usize, 100, 49152, 120_000] {
        let body: Vec<u8> = (0..size).map(|i| (i * 7 % 256) as u8).collect();
        let response = Connection::request(host.addr(), "POST", "/native/async-echo", &[], &body);
        assert_eq!(response.status, 200, "size {size}");
        assert!(response.body == body, "size {size}: async echo differs");
    }
}

#[test]
fn transmit_file_sends_headers_a_file_range_and_a_tail() {
    let host = TestHost::native();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/native_ext.c");
    let text = std::fs::read_to_string(&source).unwrap();
    let expected = format!("{}\n/* tail */\n", &text[3..]);
    for route in ["/native/transmit", "/native/transmit-async"] {
        let response = host.get(&format!("{route}?{}", source.display()), &[]);
        assert_eq!(response.status, 200, "{route}");
        assert_eq!(response.header("x-transmit"), Some("yes"), "{route}");
        assert_eq!(response.text(), expected, "{route}");
    }
    let past_end = host.get(
        &format!("/native/transmit-past-end?{}", source.display()),
        &[],
    );
    assert_eq!(past_end.text(), "ok:0 errno:10022");
}

#[test]
fn exec_url_runs_child_requests_through_the_mapping() {
    let host = TestHost::native();
    // A wildcard extension hands the request on to the next handler: static files.
    let root = native_library().parent().unwrap().to_path_buf();
    std::fs::create_dir_all(root.join("wild")).unwrap();
    std::fs::write(root.join("wild/page.htm"), "<p>static page</p>").unwrap();
    let page = host.get("/wild/page.htm", &[]);
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), Some("text/html"));
    assert_eq!(page.text(), "<p>static page</p>");
    // A missing file: IIS's 404.
    assert_eq!(host.get("/wild/missing.htm", &[]).status, 404);
    // A child handled by an extension; its status is reported afterwards.
    let child = host.get("/native/exec-child", &[]);
    assert_eq!(child.status, 200);
    assert_eq!(child.text(), "close [child 200, error 0/0]");
    let missing = host.get("/native/exec-missing", &[]);
    assert_eq!(missing.status, 404);
    // Static files are only files of known types under the root.
    assert_eq!(host.get("/web.config", &[]).status, 404);
    assert_eq!(host.get("/_native.so", &[]).status, 404);
}

#[test]
fn vector_send_sends_buffers_and_file_ranges_in_one_call() {
    let host = TestHost::native();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/native_ext.c");
    let text = std::fs::read_to_string(&source).unwrap();
    let response = host.get(&format!("/native/vector?{}", source.display()), &[]);
    assert_eq!(response.status, 201);
    assert_eq!(response.header("x-vector"), Some("1"));
    assert_eq!(response.text(), format!("abc{}xyz", &text[3..7]));
    assert_eq!(host.get("/native/vector-bad", &[]).text(), "ok:0 errno:87");
}

fn filtered() -> TestHost {
    native_filter();
    TestHost::start(
        r#"<configuration><system.webServer>
             <isapiFilters><filter name="counter" path="_filter.so" /></isapiFilters>
             <handlers>
               <add name="native" path="/native/*" verb="GET,POST" modules="IsapiModule" scriptProcessor="_native.so" />
               <add name="files" path="*" verb="GET,HEAD" modules="StaticFileModule" />
             </handlers>
           </system.webServer></configuration>"#,
    )
}

#[test]
fn filter_contexts_live_per_connection_and_see_every_request() {
    let host = filtered();
    let mut connection = Connection::open(host.addr());
    connection.send("GET", "/native/keepconn", &[], b"");
    let first = connection.response();
    connection.send("GET", "/native/keepconn", &[], b"");
    let second = connection.response();
    assert_eq!(first.header("x-request-number"), Some("1"));
    assert_eq!(
        second.header("x-request-number"),
        Some("2"),
        "pFilterContext survives on the connection"
    );
    assert_eq!(
        first.header("x-added"),
        Some("preproc"),
        "AddResponseHeaders"
    );
    assert_eq!(
        first.header("x-method-seen"),
        Some("GET"),
        "GetServerVariable in a filter"
    );
    // A new connection starts its own count; a static file is filtered too.
    let root = native_library().parent().unwrap().to_path_buf();
    std::fs::write(root.join("filtered.txt"), "static").unwrap();
    let other = host.get("/filtered.txt", &[]);
    assert_eq!(other.text(), "static");
    assert_eq!(other.header("x-request-number"), Some("1"));
}

#[test]
fn preproc_headers_changes_reroute_the_request_and_reach_the_extension() {
    let host = filtered();
    let response = host.get("/old/vars", &[]);
    assert_eq!(response.status, 200);
    assert!(
        response.text().contains("URL=/native/vars|"),
        "{}",
        response.text()
    );
    assert!(
        response.text().contains("HTTP_X_FILTERED:yes"),
        "{}",
        response.text()
    );
}

#[test]
fn send_response_can_change_the_status_and_errors_end_the_request() {
    let host = filtered();
    assert_eq!(host.get("/native/keepconn?teapot", &[]).status, 418);
    assert_eq!(host.get("/filter-error", &[]).status, 500);
    assert_eq!(host.get("/native/keepconn", &[]).status, 200);
}

#[test]
fn notifications_can_be_disabled_per_connection_and_sessions_end() {
    let host = filtered();
    let mut connection = Connection::open(host.addr());
    connection.send("GET", "/native/keepconn?disable", &[], b"");
    let disabled = connection.response();
    assert_eq!(
        disabled.header("x-request-number"),
        None,
        "SEND_RESPONSE turned off for this connection"
    );
    connection.send("GET", "/native/keepconn", &[], b"");
    assert_eq!(connection.response().header("x-request-number"), None);
    drop(connection);
    // END_OF_NET_SESSION runs when the server sees the connection close: poll (bounded).
    let ended = (0..200).find_map(|_| {
        let seen: u32 = host
            .get("/native/keepconn", &[])
            .header("x-sessions-ended")?
            .parse()
            .ok()?;
        if seen > 0 {
            Some(seen)
        } else {
            std::thread::sleep(Duration::from_millis(10));
            None
        }
    });
    assert!(ended.is_some(), "END_OF_NET_SESSION was never raised");
}
