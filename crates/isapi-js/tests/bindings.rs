//! The JS `ecb` object and the pool's request handling, driven through a fake host.
mod support;

use std::time::Duration;

use isapi::sys;
use isapi_js::{EnginePool, LoadError, Mode, PoolConfig};
use support::{bundle, FakeRequest, RequestSpec};

fn pool(name: &str, source: &str) -> EnginePool {
    let mut config = PoolConfig::new(bundle(name, source));
    config.workers = 2;
    EnginePool::start(config).unwrap_or_else(|e| panic!("pool failed to start: {e}"))
}

fn run(pool: &EnginePool, spec: RequestSpec<'_>) -> support::Response {
    let mut request = FakeRequest::new(spec);
    if pool.submit(request.ecb()).is_err() {
        panic!("queue refused the request");
    }
    request.wait()
}

const ECHO_MEMBERS: &str = r#"
export function __ExtensionFactory__() {
  return {
    GetExtensionVersion(vi) { vi.ExtensionDesc = "members test"; },
    HttpExtensionProc(ecb) {
      const out = {
        Method: ecb.Method, QueryString: ecb.QueryString, PathInfo: ecb.PathInfo,
        PathTranslated: ecb.PathTranslated, ContentType: ecb.ContentType,
        TotalBytes: ecb.TotalBytes, AvailableBytes: ecb.AvailableBytes,
        Version: ecb.Version, ConnIDIsNumber: typeof ecb.ConnID === "number",
        Var: ecb.GetServerVariable("REQUEST_METHOD"),
        Missing: ecb.GetServerVariable("NOPE", "fallback"),
      };
      try { ecb.GetServerVariable("NOPE"); } catch (e) { out.Thrown = e.name + ":" + e.errno; }
      ecb.LogData = "logged";
      ecb.HttpStatusCode = 201;
      ecb.SendResponseHeaders("201 Created", { "Content-Type": "application/json" }, false);
      ecb.WriteClient(JSON.stringify(out));
      return 1;
    },
    TerminateExtension(flags) { return true; },
  };
}
"#;

#[test]
fn ecb_members_reach_the_handler() {
    let pool = pool("members", ECHO_MEMBERS);
    assert_eq!(pool.description(), "members test");
    let response = run(
        &pool,
        RequestSpec {
            method: "POST",
            query: "a=1",
            path_info: "/p/q",
            content_type: "text/x",
            body: b"0123456789",
            ..Default::default()
        },
    );
    assert_eq!(response.status.as_deref(), Some("201 Created"));
    assert_eq!(response.headers, "Content-Type: application/json\r\n\r\n");
    let body = String::from_utf8(response.body).unwrap();
    for expected in [
        r#""Method":"POST""#,
        r#""QueryString":"a=1""#,
        r#""PathInfo":"/p/q""#,
        r#""PathTranslated":"/srv/x""#,
        r#""ContentType":"text/x""#,
        r#""TotalBytes":10"#,
        r#""AvailableBytes":10"#,
        r#""Version":524288"#,
        r#""ConnIDIsNumber":true"#,
        r#""Var":"POST""#,
        r#""Missing":"fallback""#,
        r#""Thrown":"ExtensionError:1413""#,
    ] {
        assert!(body.contains(expected), "{expected} missing in {body}");
    }
    assert_eq!(response.done_status, Some(sys::HSE_STATUS_SUCCESS));
    assert_eq!(response.http_status_code, 201);
    assert_eq!(response.log_data, "logged");
    assert!(pool.terminate(sys::HSE_TERM_MUST_UNLOAD));
}

const BODY_READER: &str = r#"
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      const mode = ecb.QueryString;
      ecb.SendResponseHeaders("200 OK", "Content-Type: application/octet-stream\r\n\r\n");
      if (mode === "pywin32") {
        // pywin32 style: AvailableData, then ReadClient for the rest.
        ecb.WriteClient(ecb.AvailableData);
      }
      for (;;) {
        const chunk = ecb.ReadClient(mode === "small" ? 7 : undefined);
        if (chunk.length === 0) break;
        ecb.WriteClient(chunk);
      }
    },
  };
}
"#;

#[test]
fn body_is_delivered_once_preload_first() {
    let pool = pool("body", BODY_READER);
    let body: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
    for mode in ["loop", "pywin32", "small"] {
        let response = run(
            &pool,
            RequestSpec {
                method: "POST",
                query: mode,
                body: &body,
                preload: 1200,
                ..Default::default()
            },
        );
        assert_eq!(response.body.len(), body.len(), "mode {mode}");
        assert!(response.body == body, "mode {mode}: body differs");
    }
    let response = run(
        &pool,
        RequestSpec {
            method: "POST",
            query: "loop",
            body: b"",
            ..Default::default()
        },
    );
    assert!(response.body.is_empty());
}

#[test]
fn a_throwing_handler_gets_a_short_500_and_the_pool_lives_on() {
    let source = r#"
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      if (ecb.QueryString === "throw") throw new Error("secret detail");
      ecb.SendResponseHeaders("200 OK", "");
      ecb.WriteClient("fine");
    },
  };
}
"#;
    let pool = pool("throws", source);
    let response = run(
        &pool,
        RequestSpec {
            query: "throw",
            ..Default::default()
        },
    );
    assert_eq!(
        response.status.as_deref(),
        Some("500 Internal Server Error")
    );
    let body = String::from_utf8(response.body).unwrap();
    assert!(
        !body.contains("secret detail"),
        "the client must not see error details: {body}"
    );
    assert_eq!(response.http_status_code, 500);
    let response = run(&pool, RequestSpec::default());
    assert_eq!(response.body, b"fine");
}

#[test]
fn a_runaway_handler_is_interrupted() {
    let source = r#"
export function __ExtensionFactory__() {
  return { HttpExtensionProc(ecb) { if (ecb.QueryString === "spin") { for (;;) {} } ecb.WriteClient("ok"); } };
}
"#;
    let mut config = PoolConfig::new(bundle("spin", source));
    config.workers = 1;
    config.request_timeout = Duration::from_millis(200);
    let pool = EnginePool::start(config).unwrap();
    let response = run(
        &pool,
        RequestSpec {
            query: "spin",
            ..Default::default()
        },
    );
    assert_eq!(
        response.status.as_deref(),
        Some("500 Internal Server Error")
    );
    let response = run(&pool, RequestSpec::default());
    assert_eq!(response.body, b"ok");
}

#[test]
fn async_handlers_and_early_close_finish_once() {
    let source = r#"
export function __ExtensionFactory__() {
  return {
    async HttpExtensionProc(ecb) {
      await null;
      ecb.SendResponseHeaders("200 OK", "X-Async: yes\r\n");
      ecb.WriteClient(new Uint8Array([104, 105]));
      if (ecb.QueryString === "close") {
        ecb.DoneWithSession(2);
        try { ecb.WriteClient("late"); } catch (e) { console.log("late write refused:", e.message); }
      }
      return 1;
    },
  };
}
"#;
    let pool = pool("async", source);
    let response = run(&pool, RequestSpec::default());
    assert_eq!(response.body, b"hi");
    assert_eq!(response.headers, "X-Async: yes\r\n\r\n");
    assert_eq!(response.done_status, Some(1));
    let response = run(
        &pool,
        RequestSpec {
            query: "close",
            ..Default::default()
        },
    );
    assert_eq!(response.body, b"hi");
    assert_eq!(response.done_status, Some(2));
}

#[test]
fn load_errors_are_clear() {
    let missing = PoolConfig::new("/nonexistent/dir/none.js");
    let error = EnginePool::start(missing).err().expect("must fail");
    assert!(matches!(error, LoadError::Read { .. }), "{error}");
    assert!(
        error.to_string().contains("/nonexistent/dir/none.js"),
        "{error}"
    );

    let no_factory = PoolConfig::new(bundle("nofactory", "export const x = 1;"));
    let error = EnginePool::start(no_factory).err().expect("must fail");
    assert!(
        error.to_string().contains("__ExtensionFactory__"),
        "{error}"
    );

    let syntax = PoolConfig::new(bundle(
        "syntax",
        "export function __ExtensionFactory__() {\n  return {;\n}",
    ));
    let error = EnginePool::start(syntax)
        .err()
        .expect("must fail")
        .to_string();
    assert!(error.contains("syntax.js"), "{error}");
    assert!(error.contains("SyntaxError"), "{error}");

    let refuses = PoolConfig::new(bundle(
        "refuses",
        "export function __ExtensionFactory__() { return { GetExtensionVersion() { return false; } }; }",
    ));
    let error = EnginePool::start(refuses).err().expect("must fail");
    assert!(matches!(error, LoadError::Refused(_)), "{error}");
}

#[test]
fn each_engine_calls_the_factory_once() {
    let source = r#"
let made = 0;
export function __ExtensionFactory__() {
  made += 1;
  return { HttpExtensionProc(ecb) { ecb.WriteClient(String(made)); } };
}
"#;
    let pool = pool("factory", source);
    for _ in 0..6 {
        assert_eq!(run(&pool, RequestSpec::default()).body, b"1");
    }
}

#[test]
fn the_handler_shape_picks_the_mode() {
    let with_dispatch = pool(
        "dispatch",
        "export function __ExtensionFactory__() { return { Dispatch() {}, HttpExtensionProc(ecb) { ecb.WriteClient('pooled'); } }; }",
    );
    assert_eq!(with_dispatch.mode(), Mode::ThreadPool);
    let simple = pool(
        "simple",
        "export function __ExtensionFactory__() { return { HttpExtensionProc(ecb) { ecb.WriteClient('sync'); return 2; } }; }",
    );
    assert_eq!(simple.mode(), Mode::Synchronous);
}

#[test]
fn a_synchronous_call_returns_the_status_without_ending_the_session() {
    let source = r#"
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      if (ecb.QueryString === "done") { ecb.DoneWithSession(1); return 1; }
      ecb.SendResponseHeaders("200 OK", "");
      ecb.WriteClient("sync");
      return 2;
    },
  };
}
"#;
    let pool = pool("sync", source);
    let mut request = FakeRequest::new(RequestSpec::default());
    let status = pool.call(request.ecb()).ok().expect("queued");
    assert_eq!(status, sys::HSE_STATUS_SUCCESS_AND_KEEP_CONN);
    let response = request.response();
    assert_eq!(response.body, b"sync");
    assert_eq!(
        response.done_status, None,
        "a synchronous request must not get DONE_WITH_SESSION"
    );

    // A handler that ends the session itself makes the caller return PENDING.
    let mut request = FakeRequest::new(RequestSpec {
        query: "done",
        ..Default::default()
    });
    assert_eq!(pool.call(request.ecb()).ok(), Some(sys::HSE_STATUS_PENDING));
    assert_eq!(request.response().done_status, Some(1));
}

#[test]
fn memory_and_stack_limits_answer_500_and_the_engine_recovers() {
    let source = r#"
let served = 0;
function recurse(n) { return recurse(n + 1) + 1; }
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      served += 1;
      if (ecb.QueryString === "hog") { const keep = []; for (;;) keep.push(new Array(100000).fill(served)); }
      if (ecb.QueryString === "deep") recurse(0);
      ecb.WriteClient("served " + served);
    },
  };
}
"#;
    let mut config = PoolConfig::new(bundle("limits", source));
    config.workers = 1;
    config.memory_limit = 16 << 20;
    let pool = EnginePool::start(config).unwrap();
    assert_eq!(run(&pool, RequestSpec::default()).body, b"served 1");
    let deep = run(
        &pool,
        RequestSpec {
            query: "deep",
            ..Default::default()
        },
    );
    assert_eq!(deep.status.as_deref(), Some("500 Internal Server Error"));
    // Stack overflow leaves the engine usable: module state carries on.
    assert_eq!(run(&pool, RequestSpec::default()).body, b"served 3");
    let hog = run(
        &pool,
        RequestSpec {
            query: "hog",
            ..Default::default()
        },
    );
    assert_eq!(hog.status.as_deref(), Some("500 Internal Server Error"));
    // Out of memory recycles the engine: a fresh module, so the counter starts again.
    assert_eq!(run(&pool, RequestSpec::default()).body, b"served 1");
}

#[test]
fn promise_io_falls_back_to_synchronous_calls_when_the_server_refuses_async() {
    // The fake host refuses HSE_REQ_IO_COMPLETION, as a server without async I/O would.
    let source = r#"
export function __ExtensionFactory__() {
  return {
    async HttpExtensionProc(ecb) {
      ecb.SendResponseHeaders("200 OK", "");
      for (;;) {
        const chunk = await ecb.ReadClientAsync(700);
        if (chunk.length === 0) break;
        await ecb.WriteClientAsync(chunk);
      }
    },
  };
}
"#;
    let pool = pool("fallback", source);
    let body: Vec<u8> = (0..4000u32).map(|i| (i % 255) as u8).collect();
    let response = run(
        &pool,
        RequestSpec {
            method: "POST",
            body: &body,
            preload: 1000,
            ..Default::default()
        },
    );
    assert!(
        response.body == body,
        "echo differs ({} bytes)",
        response.body.len()
    );
}

#[test]
fn small_writes_are_staged_and_sent_together_in_order() {
    let source = r#"
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      ecb.SendResponseHeaders("200 OK", "");
      const mode = ecb.QueryString;
      if (mode === "flush") ecb.SetFlushFlag(true);
      for (let i = 0; i < 100; i++) ecb.WriteClient("w" + i + ",");
      if (mode === "interleaved") { ecb.GetServerVariable("REQUEST_METHOD"); ecb.IsKeepConn(); ecb.WriteClient("after"); }
      if (mode === "large") ecb.WriteClient("x".repeat(40000));
    },
  };
}
"#;
    let pool = pool("staging", source);
    let expected: String = (0..100).map(|i| format!("w{i},")).collect();
    let staged = run(&pool, RequestSpec::default());
    assert_eq!(String::from_utf8(staged.body).unwrap(), expected);
    assert_eq!(
        staged.writes, 1,
        "100 small writes should reach the server as one"
    );

    let flushed = run(
        &pool,
        RequestSpec {
            query: "flush",
            ..Default::default()
        },
    );
    assert_eq!(
        flushed.writes, 100,
        "SetFlushFlag(true) sends each write at once"
    );

    // A request to the server flushes first, so the order is kept.
    let interleaved = run(
        &pool,
        RequestSpec {
            query: "interleaved",
            ..Default::default()
        },
    );
    assert_eq!(
        String::from_utf8(interleaved.body).unwrap(),
        format!("{expected}after")
    );
    assert_eq!(interleaved.writes, 2);

    let large = run(
        &pool,
        RequestSpec {
            query: "large",
            ..Default::default()
        },
    );
    assert_eq!(large.body.len(), expected.len() + 40000);
    assert_eq!(
        large.writes, 2,
        "staged bytes, then the large write straight through"
    );
}

#[test]
fn the_head_is_staged_unless_writes_are_unbuffered() {
    let source = r#"
export function __ExtensionFactory__() {
  return {
    async HttpExtensionProc(ecb) {
      if (ecb.QueryString === "stream") ecb.SetFlushFlag(true);
      ecb.SendResponseHeaders("200 OK", "X-Mode: " + ecb.QueryString + "\r\n");
      // Long enough for the test to look at what the server got meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      ecb.WriteClient("end");
    },
  };
}
"#;
    let pool = pool("head-staging", source);
    for (mode, sent_early) in [("stream", true), ("staged", false)] {
        let mut request = FakeRequest::new(RequestSpec {
            query: mode,
            ..Default::default()
        });
        if pool.submit(request.ecb()).is_err() {
            panic!("queue refused the request");
        }
        // Bounded wait for the head (streaming) while the handler still sleeps.
        let mut early = request.response();
        for _ in 0..100 {
            if early.status.is_some() || early.done_status.is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
            early = request.response();
        }
        let done = request.wait();
        assert_eq!(done.body, b"end");
        assert_eq!(done.status.as_deref(), Some("200 OK"), "{mode}");
        if sent_early {
            assert!(
                early.status.is_some() && early.done_status.is_none(),
                "{mode}: SetFlushFlag(true) sends the head at once: {early:?}"
            );
        } else {
            // (Unless the machine was too slow to look before the handler ended.)
            assert!(
                early.status.is_none() || early.done_status.is_some(),
                "{mode}: the head waits: {early:?}"
            );
        }
    }
}

/// `(module (func (export "spin") (loop br 0)))`
const WASM_SPIN: &str =
    "new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 8, 1, 4, \
    115, 112, 105, 110, 0, 0, 10, 9, 1, 7, 0, 3, 64, 12, 0, 11, 11])";

#[test]
fn an_endless_wasm_loop_is_stopped_at_the_deadline() {
    let source = format!(
        r#"
const spin = new WebAssembly.Instance(new WebAssembly.Module({WASM_SPIN})).exports.spin;
export function __ExtensionFactory__() {{
  return {{
    HttpExtensionProc(ecb) {{
      if (ecb.QueryString === "spin") spin();
      if (ecb.QueryString === "caught") {{ try {{ spin(); }} catch {{}} for (;;) {{}} }}
      ecb.WriteClient("ok");
    }},
  }};
}}
"#
    );
    let mut config = PoolConfig::new(bundle("wasm-spin", &source));
    config.workers = 1;
    config.request_timeout = Duration::from_millis(200);
    let pool = EnginePool::start(config).unwrap();
    for query in ["spin", "caught"] {
        let response = run(
            &pool,
            RequestSpec {
                query,
                ..Default::default()
            },
        );
        assert_eq!(
            response.status.as_deref(),
            Some("500 Internal Server Error"),
            "{query}"
        );
        assert_eq!(run(&pool, RequestSpec::default()).body, b"ok");
    }
}

#[test]
fn wasm_memory_is_bounded_by_the_engine_memory_limit() {
    let source = r#"
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      const seen = [];
      try { new WebAssembly.Memory({ initial: 512 }); seen.push("made 32 MB"); } catch (e) { seen.push(e.name); }
      const memory = new WebAssembly.Memory({ initial: 64 });
      seen.push(memory.buffer.byteLength);
      try { memory.grow(256); seen.push("grew"); } catch (e) { seen.push(e.name); }
      seen.push(memory.grow(16), memory.buffer.byteLength);
      ecb.WriteClient(seen.join(" "));
    },
  };
}
"#;
    let mut config = PoolConfig::new(bundle("wasm-memory", source));
    config.workers = 1;
    config.memory_limit = 16 << 20;
    let pool = EnginePool::start(config).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&run(&pool, RequestSpec::default()).body),
        "RangeError 4194304 RangeError 64 5242880"
    );
}
