//! The generic library loaded by `isapi-host` over the real ISAPI ABI, running JS bundles.
mod support;

use std::thread;

use support::Site;

/// A plain-JS handler (what `isapi build` emits is the same shape: one ES module).
const APP: &str = r#"
function text(ecb, status, body) {
  ecb.SendResponseHeaders(status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": String(body.length) });
  ecb.WriteClient(body);
}
export function __ExtensionFactory__() {
  return {
    GetExtensionVersion(vi) { vi.ExtensionDesc = "end-to-end app"; },
    HttpExtensionProc(ecb) {
      const url = ecb.GetServerVariable("URL");
      if (url.endsWith("/echo")) {
        ecb.SendResponseHeaders("200 OK", "Content-Length: " + ecb.TotalBytes + "\r\n\r\n");
        for (;;) {
          const chunk = ecb.ReadClient();
          if (chunk.length === 0) break;
          ecb.WriteClient(chunk);
        }
        return 1;
      }
      if (url.endsWith("/status-error")) {
        return 4; // HSE_STATUS_ERROR, nothing sent: the host answers 500
      }
      if (url.endsWith("/throw")) {
        throw new Error("boom in handler");
      }
      if (url.endsWith("/count")) {
        let read = 0;
        for (;;) { const chunk = ecb.ReadClient(); if (chunk.length === 0) break; read += chunk.length; }
        text(ecb, "200 OK", ecb.TotalBytes + " " + read);
        return 1;
      }
      if (url.endsWith("/deep")) {
        const recurse = (n) => recurse(n + 1) + 1;
        recurse(0);
      }
      if (url.endsWith("/late")) {
        ecb.SendResponseHeaders("200 OK", "Content-Length: 4\r\n");
        ecb.WriteClient("done");
        ecb.DoneWithSession(1);
        try { ecb.WriteClient("more"); globalThis.lateError = "none"; } catch (e) { globalThis.lateError = e.name; }
        return 1;
      }
      if (url.endsWith("/late-report")) {
        text(ecb, "200 OK", String(globalThis.lateError));
        return 1;
      }
      if (url.endsWith("/slow")) {
        const until = Date.now() + 1500;
        while (Date.now() < until) {}
      }
      text(ecb, "200 OK", "hello " + ecb.Method + " " + url + " " + ecb.QueryString);
      return 1;
    },
  };
}
"#;

fn app_site(name: &str) -> Site {
    let mut site = Site::new(name);
    site.handler("/app/*", "app", Some(APP));
    site
}

#[test]
fn keep_alive_serves_two_requests_on_one_connection() {
    let host = app_site("keepalive").serve(&[]);
    let mut connection = host.connect();
    connection.send("GET", "/app/one?x=1", &[], b"");
    let first = connection.response();
    connection.send("GET", "/app/two?y=2", &[], b"");
    let second = connection.response();
    assert_eq!(first.status, 200);
    assert_eq!(first.text(), "hello GET /app/one x=1");
    assert_eq!(second.status, 200, "{second:?}");
    assert_eq!(second.text(), "hello GET /app/two y=2");
    assert_eq!(
        first.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
}

#[test]
fn post_bodies_of_any_size_echo_byte_for_byte() {
    let host = app_site("echo").serve(&[]);
    for size in [0usize, 10, 48 * 1024, 48 * 1024 + 1, 200 * 1024] {
        let body: Vec<u8> = (0..size).map(|i| (i * 31 % 256) as u8).collect();
        let response = host.request("POST", "/app/echo", &body);
        assert_eq!(response.status, 200, "size {size}");
        assert_eq!(response.body.len(), size, "size {size}");
        assert!(response.body == body, "size {size}: echo differs");
    }
}

#[test]
fn a_throwing_handler_answers_500_logs_the_location_and_the_next_request_works() {
    let host = app_site("throw").serve(&[]);
    let response = host.request("GET", "/app/throw", b"");
    assert_eq!(response.status, 500);
    assert!(
        !response.text().contains("boom"),
        "error details leaked to the client: {}",
        response.text()
    );
    let log = host.wait_for_log("boom in handler");
    assert!(log.contains("Error: boom in handler"), "log:\n{log}");
    // QuickJS stack lines name the bundle file with line and column.
    assert!(log.contains("app.js:"), "no file:line in log:\n{log}");
    let next = host.request("GET", "/app/after", b"");
    assert_eq!(next.status, 200);
}

#[test]
fn a_missing_bundle_answers_500_with_a_clear_log_line() {
    let mut site = Site::new("missing");
    site.handler("/gone/*", "gone", None);
    site.handler("/app/*", "app", Some(APP));
    let host = site.serve(&[]);
    for _ in 0..3 {
        assert_eq!(host.request("GET", "/gone/x", b"").status, 500);
    }
    let log = host.wait_for_log("gone.js");
    assert!(
        log.contains("cannot read handler bundle") && log.contains("gone.js"),
        "log:\n{log}"
    );
    assert!(log.contains("isapi build"), "says how to fix it: {log}");
    assert_eq!(
        log.matches("cannot read handler bundle").count(),
        1,
        "said once, not per request: {log}"
    );
    // The other library copy in the same process is unaffected.
    assert_eq!(host.request("GET", "/app/ok", b"").status, 200);
    // And the broken one recovers once its bundle appears, without a restart.
    std::fs::write(site.dir.join("gone.js"), APP).unwrap();
    let response = host.request("GET", "/gone/back", b"");
    assert_eq!(response.status, 200, "{}", host.log());
    assert_eq!(response.text(), "hello GET /gone/back ");
}

#[test]
fn each_load_error_answers_500_and_is_explained_once() {
    let cases = [
        (
            "syntax",
            "export function __ExtensionFactory__() { return {; }\n",
            &["handler bundle", "syntax.js failed to load", "SyntaxError"][..],
        ),
        (
            "noexport",
            "export function handler() { return {}; }\n",
            &["noexport.js does not export `__ExtensionFactory__`", "export a function returning the handler object"][..],
        ),
        (
            "factory",
            "export function __ExtensionFactory__() { throw new Error('no database configured'); }\n",
            &["factory.js failed to load", "__ExtensionFactory__() failed", "Error: no database configured"][..],
        ),
    ];
    let mut site = Site::new("load-errors");
    for (name, bundle, _) in &cases {
        site.handler(&format!("/{name}/*"), name, Some(bundle));
    }
    site.handler("/app/*", "app", Some(APP));
    let host = site.serve(&[]);
    for (name, _, explanation) in &cases {
        for attempt in 0..3 {
            let response = host.request("GET", &format!("/{name}/{attempt}"), b"");
            assert_eq!(response.status, 500, "{name}");
        }
        let first = explanation[0];
        let log = host.wait_for_log(first);
        for part in *explanation {
            assert!(
                log.contains(part),
                "{name}: {part:?} not in the log:\n{log}"
            );
        }
        assert_eq!(
            log.matches(first).count(),
            1,
            "{name}: said once, not per request:\n{log}"
        );
    }
    assert_eq!(host.request("GET", "/app/ok", b"").status, 200);
}

#[test]
fn a_dotted_library_name_loads_the_dotted_bundle() {
    let mut site = Site::new("dotted");
    site.handler("/dotted/*", "my.app", Some(APP));
    let host = site.serve(&[]);
    let response = host.request("GET", "/dotted/x", b"");
    assert_eq!(response.status, 200, "{}", host.log());
    assert_eq!(response.text(), "hello GET /dotted/x ");
}

#[test]
fn a_malformed_request_line_gets_400_and_the_host_stays_up() {
    let host = app_site("malformed").serve(&[]);
    let mut connection = host.connect();
    connection.send_raw(b"THIS IS NOT HTTP\r\n\r\n");
    assert_eq!(connection.response().status, 400);
    assert_eq!(host.request("GET", "/app/fine", b"").status, 200);
}

#[test]
fn a_full_queue_answers_503_at_once() {
    // One engine, one waiting slot: of three concurrent slow requests, one runs, one
    // waits, and at least one must be refused.
    let host = app_site("queue").serve(&[("ISAPI_TS_WORKERS", "1"), ("ISAPI_TS_QUEUE", "1")]);
    assert_eq!(host.request("GET", "/app/warm", b"").status, 200);
    let addr = host.addr;
    let responses: Vec<support::Response> = (0..3)
        .map(|_| {
            thread::spawn(move || support::Connection::request(addr, "GET", "/app/slow", &[], b""))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    let statuses: Vec<u16> = responses.iter().map(|r| r.status).collect();
    let refused = responses
        .iter()
        .find(|r| r.status == 503)
        .expect("one request refused");
    assert_eq!(refused.header("retry-after"), Some("1"));
    assert!(statuses.contains(&503), "{statuses:?}");
    assert!(statuses.contains(&200), "{statuses:?}");
    assert!(host.log().contains("503"), "{}", host.log());
}

#[cfg(target_os = "linux")]
#[test]
fn the_host_process_maps_the_handler_library() {
    let host = app_site("maps").serve(&[]);
    assert_eq!(host.request("GET", "/app/x", b"").status, 200);
    let maps = std::fs::read_to_string(format!("/proc/{}/maps", host.child.id())).unwrap();
    assert!(maps.contains("_app.so"), "_app.so not mapped");
}

/// A thread-pool handler (it has `Dispatch`): answered PENDING, finished by the worker.
const POOLED: &str = r#"
export function __ExtensionFactory__() {
  return {
    Dispatch(ecb) {
      ecb.SendResponseHeaders("200 OK", { "Content-Type": "text/plain" });
      ecb.WriteClient("dispatched " + ecb.QueryString);
      if (ecb.QueryString === "early") ecb.DoneWithSession(1);
    },
    HttpExtensionProc(ecb) { return this.Dispatch(ecb); },
  };
}
"#;

#[test]
fn synchronous_and_thread_pool_handlers_both_answer() {
    let mut site = Site::new("modes");
    site.handler("/app/*", "app", Some(APP));
    site.handler("/pooled/*", "pooled", Some(POOLED));
    let host = site.serve(&[]);
    assert_eq!(host.request("GET", "/app/status-error", b"").status, 500);
    assert_eq!(host.request("GET", "/app/ok", b"").status, 200);
    for query in ["plain", "early"] {
        let response = host.request("GET", &format!("/pooled/x?{query}"), b"");
        assert_eq!(response.status, 200, "{query}");
        assert_eq!(response.text(), format!("dispatched {query}"));
    }
}

#[test]
fn a_handler_that_exhausts_its_heap_gets_500_and_the_next_request_works() {
    let hog = r#"
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      if (ecb.QueryString === "hog") { const keep = []; for (;;) keep.push(new Array(100000).fill(1)); }
      ecb.SendResponseHeaders("200 OK", "");
      ecb.WriteClient("fine");
    },
  };
}
"#;
    let mut site = Site::new("heap");
    site.handler("/hog/*", "hog", Some(hog));
    let host = site.serve(&[("ISAPI_TS_MEMORY_MB", "16"), ("ISAPI_TS_WORKERS", "1")]);
    assert_eq!(host.request("GET", "/hog/x?hog", b"").status, 500);
    let log = host.wait_for_log("replaced it");
    assert!(log.contains("out of memory"), "log:\n{log}");
    assert_eq!(host.request("GET", "/hog/x", b"").text(), "fine");
}

#[test]
fn a_settings_file_beside_the_bundle_sets_the_limits() {
    let spin = r#"
export function __ExtensionFactory__() {
  return { HttpExtensionProc(ecb) { if (ecb.QueryString === "spin") { for (;;) {} } ecb.WriteClient("ok"); } };
}
"#;
    let mut site = Site::new("settings");
    site.handler("/spin/*", "spin", Some(spin));
    site.handler("/typo/*", "typo", Some(spin));
    std::fs::write(
        site.dir.join("spin.settings.json"),
        r#"{ "timeoutMs": 300, "workers": 1 }"#,
    )
    .unwrap();
    std::fs::write(site.dir.join("typo.settings.json"), r#"{ "timeout": 300 }"#).unwrap();
    let host = site.serve(&[]);
    // Without the file the limit is 30 s; with it the runaway request ends quickly.
    assert_eq!(host.request("GET", "/spin/x?spin", b"").status, 500);
    assert!(
        host.wait_for_log("interrupted").contains("interrupted"),
        "{}",
        host.log()
    );
    assert_eq!(host.request("GET", "/spin/x", b"").text(), "ok");
    assert!(host.log().contains("into 1 engine(s)"), "{}", host.log());
    // A typo is an error, not a silently ignored setting.
    assert_eq!(host.request("GET", "/typo/x", b"").status, 500);
    assert!(
        host.wait_for_log("unknown field")
            .contains("typo.settings.json"),
        "{}",
        host.log()
    );
}

#[test]
fn deep_recursion_gets_500_and_a_finished_ecb_refuses_further_calls() {
    // One engine, so the report comes from the engine that saw the late call.
    let host = app_site("limits").serve(&[("ISAPI_TS_WORKERS", "1")]);
    assert_eq!(host.request("GET", "/app/deep", b"").status, 500);
    assert!(
        host.wait_for_log("stack").to_lowercase().contains("stack"),
        "{}",
        host.log()
    );
    assert_eq!(host.request("GET", "/app/late", b"").text(), "done");
    assert_eq!(
        host.request("GET", "/app/late-report", b"").text(),
        "ExtensionError"
    );
}

#[test]
fn chunked_bodies_beyond_the_preload_report_an_unknown_length() {
    let host = app_site("chunked").serve(&[]);
    let mut connection = host.connect();
    let mut request = b"POST /app/count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
    for _ in 0..10 {
        request.extend_from_slice(format!("{:x}\r\n", 10_000).as_bytes());
        request.extend_from_slice(&[b'z'; 10_000]);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    connection.send_raw(&request);
    // 0xFFFFFFFF: read until ReadClient returns nothing (as IIS does for chunked uploads).
    assert_eq!(connection.response().text(), "4294967295 100000");
}
