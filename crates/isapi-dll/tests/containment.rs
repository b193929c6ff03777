//! Faults stay with the request (or engine) that caused them, through the real host and
//! library: timers and jobs a request leaves, an engine that ran out of memory whatever
//! caught the error, a throw after the head was staged, notifications a filter did not
//! ask for.
mod support;

use std::io::Read;

use support::{Connection, Site};

/// One engine and a short time limit, so that a leftover would land in the next request.
fn one_engine(site: &Site, name: &str, timeout_ms: u32) {
    std::fs::write(
        site.dir.join(format!("{name}.settings.json")),
        format!(r#"{{ "timeoutMs": {timeout_ms}, "workers": 1 }}"#),
    )
    .unwrap();
}

/// Sends `request` on a connection of its own and reads until the server closes it (a
/// reset after the bytes counts as a close: what arrived before it is the answer).
fn answer_until_closed(addr: std::net::SocketAddr, request: &str) -> String {
    let mut connection = std::net::TcpStream::connect(addr).unwrap();
    std::io::Write::write_all(&mut connection, request.as_bytes()).unwrap();
    connection
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let mut raw = Vec::new();
    let _ = connection.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw).into_owned()
}

const TIMERS: &str = r#"
globalThis.ticks = 0;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export function __ExtensionFactory__() {
  return {
    async HttpExtensionProc(ecb) {
      const q = ecb.QueryString;
      let body = "";
      if (q === "plant") {
        setTimeout(() => { for (;;) {} }, 100);
        body = "planted";
      } else if (q === "leak") {
        for (let i = 0; i < 3000; i++) setInterval(() => { globalThis.ticks++; }, 1);
        body = "leaked";
      } else if (q === "wait") {
        const before = globalThis.ticks;
        await sleep(300);
        body = `ticks ${globalThis.ticks - before}`;
      } else if (q === "own") {
        // Timers of the request itself run while it waits.
        let n = 0;
        await new Promise((resolve) => {
          const every = setInterval(() => { if (++n === 3) { clearInterval(every); resolve(); } }, 5);
        });
        await sleep(10);
        body = `own ${n}`;
      }
      ecb.SendResponseHeaders("200 OK", "Content-Type: text/plain\r\n");
      ecb.WriteClient(body);
    },
  };
}
"#;

#[test]
fn a_looping_timer_left_by_one_request_is_cancelled_not_run_in_the_next() {
    let mut site = Site::new("timer-loop");
    site.handler("/t/*", "timers", Some(TIMERS));
    one_engine(&site, "timers", 2000);
    let host = site.serve(&[("ISAPI_TS_LOG", "debug")]);
    let planted = host.request("GET", "/t/x?plant", b"");
    assert_eq!((planted.status, planted.text().as_str()), (200, "planted"));
    let next = host.request("GET", "/t/x?wait", b"");
    assert_eq!((next.status, next.text().as_str()), (200, "ticks 0"));
    let log = host.wait_for_log("left 1 timer(s); cancelled");
    assert!(log.contains("left 1 timer(s); cancelled"), "log:\n{log}");
}

#[test]
fn leaked_intervals_stop_when_their_request_ends() {
    let mut site = Site::new("timer-leak");
    site.handler("/t/*", "timers", Some(TIMERS));
    one_engine(&site, "timers", 5000);
    let host = site.serve(&[]);
    assert_eq!(host.request("GET", "/t/x?leak", b"").text(), "leaked");
    // The 3,000 intervals would tick inside this request's wait if they had survived.
    for _ in 0..2 {
        let later = host.request("GET", "/t/x?wait", b"");
        assert_eq!((later.status, later.text().as_str()), (200, "ticks 0"));
    }
}

#[test]
fn a_request_still_gets_its_own_timers() {
    let mut site = Site::new("timer-own");
    site.handler("/t/*", "timers", Some(TIMERS));
    one_engine(&site, "timers", 5000);
    let host = site.serve(&[]);
    let own = host.request("GET", "/t/x?own", b"");
    assert_eq!((own.status, own.text().as_str()), (200, "own 3"));
}

#[test]
fn jobs_run_within_the_request_that_queued_them() {
    // A synchronous handler returns at once; the jobs it queued must not wait for the
    // next request (whose Promise handling would run them, on its time).
    let jobs = r#"
globalThis.current = "none";
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      const q = ecb.QueryString;
      globalThis.current = q;
      if (q === "job") Promise.resolve().then(() => { globalThis.jobRanIn = globalThis.current; });
      if (q === "spin") Promise.resolve().then(() => { for (;;) {} });
      if (q === "wait") {
        return new Promise((resolve) => setTimeout(resolve, 50)).then(() => {
          ecb.WriteClient(`job ran in ${globalThis.jobRanIn}`);
        });
      }
      ecb.WriteClient("queued");
    },
  };
}
"#;
    let mut site = Site::new("jobs");
    site.handler("/j/*", "jobs", Some(jobs));
    one_engine(&site, "jobs", 1000);
    let host = site.serve(&[]);
    assert_eq!(host.request("GET", "/j/x?job", b"").text(), "queued");
    let next = host.request("GET", "/j/x?wait", b"");
    assert_eq!((next.status, next.text().as_str()), (200, "job ran in job"));
    // A runaway job is interrupted by its own request's time limit.
    let _ = host.request("GET", "/j/x?spin", b"");
    let next = host.request("GET", "/j/x?wait", b"");
    assert_eq!(next.status, 200);
}

// ---- out of memory, whatever JS did with the error ----

/// Fills the heap; the module-level array keeps it full, so an engine that is not
/// replaced cannot serve anything afterwards.
const HOG: &str = "const kept: number[][] = [];\n\
    function hog(): void { for (;;) kept.push(new Array(100000).fill(1)); }\n";

fn assert_recovers(host: &support::Host, target: &str, hog: &str) {
    let hogged = host.request("GET", hog, b"");
    assert_eq!(hogged.status, 500, "{}", hogged.text());
    for _ in 0..3 {
        let next = host.request("GET", target, b"");
        assert_eq!((next.status, next.text().as_str()), (200, "fine"));
    }
    let log = host.wait_for_log("replaced it");
    assert!(log.contains("ran out of memory"), "log:\n{log}");
}

#[test]
fn the_fetch_adapter_recovers_from_out_of_memory() {
    let mut site = Site::new("oom-fetch");
    let bundle = support::bundle_ts(
        &site,
        "fetchy",
        &format!(
            "import {{ fetchExtension }} from \"isapi-ts\";\n{HOG}\
             export const __ExtensionFactory__ = () => fetchExtension({{\n\
               async fetch(request: Request): Promise<Response> {{\n\
                 if (new URL(request.url).search === \"?hog\") hog();\n\
                 return new Response(\"fine\");\n\
               }},\n\
             }});\n"
        ),
    );
    site.handler("/f/*", "fetchy", Some(&bundle));
    let host = site.serve(&[("ISAPI_TS_MEMORY_MB", "16"), ("ISAPI_TS_WORKERS", "1")]);
    assert_recovers(&host, "/f/x", "/f/x?hog");
}

#[test]
fn a_thread_pool_extension_recovers_from_out_of_memory() {
    let mut site = Site::new("oom-pool");
    let bundle = support::bundle_ts(
        &site,
        "pooled",
        &format!(
            "import {{ ThreadPoolExtension, type ExtensionControlBlock }} from \"isapi-ts\";\n{HOG}\
             class Pooled extends ThreadPoolExtension {{\n\
               Dispatch(ecb: ExtensionControlBlock): void {{\n\
                 if (ecb.QueryString === \"hog\") hog();\n\
                 ecb.SendResponseHeaders(\"200 OK\", \"\");\n\
                 ecb.WriteClient(\"fine\");\n\
               }}\n\
             }}\n\
             export const __ExtensionFactory__ = () => new Pooled();\n"
        ),
    );
    site.handler("/p/*", "pooled", Some(&bundle));
    let host = site.serve(&[("ISAPI_TS_MEMORY_MB", "16"), ("ISAPI_TS_WORKERS", "1")]);
    assert_recovers(&host, "/p/x", "/p/x?hog");
}

#[test]
fn a_filter_recovers_from_out_of_memory_it_caught() {
    let filter = r#"
const kept = [];
export function __FilterFactory__() {
  return {
    GetFilterVersion(fv) { fv.Flags = 0x4000; /* SF_NOTIFY_PREPROC_HEADERS */ },
    HttpFilterProc(fc) {
      if (fc.GetData().GetHeader("url").includes("hog")) {
        try { for (;;) kept.push(new Array(100000).fill(1)); } catch (e) { /* swallowed */ }
      }
      fc.GetData().SetHeader("X-Filtered:", "yes");
    },
  };
}
"#;
    let app = r#"
export function __ExtensionFactory__() {
  return { HttpExtensionProc(ecb) { ecb.SendResponseHeaders("200 OK", ""); ecb.WriteClient("fine"); } };
}
"#;
    let mut site = Site::new("oom-filter");
    site.filter("hogf", Some(filter))
        .handler("/a/*", "app", Some(app));
    let host = site.serve(&[("ISAPI_TS_MEMORY_MB", "16"), ("ISAPI_TS_WORKERS", "1")]);
    // The filter swallowed the error; whatever it answered, its engine must be replaced.
    let _ = host.request("GET", "/a/x?hog", b"");
    for _ in 0..3 {
        let next = host.request("GET", "/a/x", b"");
        assert_eq!((next.status, next.text().as_str()), (200, "fine"));
    }
    let log = host.wait_for_log("replaced it");
    assert!(log.contains("replaced it"), "log:\n{log}");
}

#[test]
fn a_bundle_that_runs_out_of_memory_while_loading_is_a_load_error() {
    let greedy = r#"
try { globalThis.big = new ArrayBuffer(1 << 30); } catch (e) { /* swallowed */ }
export function __ExtensionFactory__() {
  return { HttpExtensionProc(ecb) { ecb.WriteClient("fine"); } };
}
"#;
    let mut site = Site::new("oom-load");
    site.handler("/g/*", "greedy", Some(greedy));
    let host = site.serve(&[("ISAPI_TS_MEMORY_MB", "16"), ("ISAPI_TS_WORKERS", "1")]);
    assert_eq!(host.request("GET", "/g/x", b"").status, 500);
    let log = host.wait_for_log("ran out of memory while loading");
    assert!(log.contains("raise the heap limit"), "log:\n{log}");
}

// ---- a throw after SendResponseHeaders ----

#[test]
fn a_throw_after_the_head_was_staged_gets_the_short_500() {
    let bundle = r#"
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      ecb.SendResponseHeaders("200 OK", "Content-Type: text/plain\r\nX-Doomed: yes\r\n");
      if (ecb.QueryString === "write") ecb.WriteClient("partial");
      throw new Error("failed after the head");
    },
  };
}
"#;
    let mut site = Site::new("late-throw");
    site.handler("/h/*", "late", Some(bundle));
    let host = site.serve(&[]);
    for target in ["/h/x", "/h/x?write"] {
        let text = answer_until_closed(
            host.addr,
            &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        );
        assert!(text.starts_with("HTTP/1.1 500 "), "{target}: got {text:?}");
        assert!(
            !text.contains("X-Doomed"),
            "{target}: staged head dropped: {text}"
        );
        assert!(
            !text.contains("partial"),
            "{target}: staged body dropped: {text}"
        );
    }
}

#[test]
fn a_throw_after_bytes_went_out_closes_the_connection() {
    let bundle = r#"
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      ecb.SetFlushFlag(true);
      ecb.SendResponseHeaders("200 OK", "Content-Type: text/plain\r\n");
      ecb.WriteClient("partial");
      throw new Error("failed mid-response");
    },
  };
}
"#;
    let mut site = Site::new("late-throw-sent");
    site.handler("/h/*", "sent", Some(bundle));
    let host = site.serve(&[]);
    // Keep-alive asked for: only the server closing ends the read.
    let text = answer_until_closed(host.addr, "GET /h/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    // The head went out with the bytes: no 500 can follow. As IIS, what the handler wrote
    // arrives, then the connection closes — never the chunked body's end, which would
    // make the broken answer look complete.
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text:?}");
    assert!(text.contains("partial"), "{text:?}");
    assert!(!text.contains(" 500 "), "{text:?}");
    assert!(!text.ends_with("0\r\n\r\n"), "{text:?}");
}

// ---- notifications a filter did not ask for ----

#[test]
fn a_filter_gets_only_the_notifications_it_asked_for() {
    let filter = r#"
export function __FilterFactory__() {
  return {
    GetFilterVersion(fv) { fv.Flags = 0x4000; /* SF_NOTIFY_PREPROC_HEADERS only */ },
    HttpFilterProc(fc) {
      if (fc.NotificationType !== 0x4000) throw new Error(`unexpected notification ${fc.NotificationType}`);
    },
  };
}
"#;
    let app = r#"
export function __ExtensionFactory__() {
  return { HttpExtensionProc(ecb) { ecb.SendResponseHeaders("200 OK", ""); ecb.WriteClient("fine"); } };
}
"#;
    let mut site = Site::new("filter-flags");
    site.filter("picky", Some(filter))
        .handler("/a/*", "app", Some(app));
    let host = site.serve(&[("ISAPI_TS_LOG", "debug")]);
    let mut connection = Connection::open(host.addr);
    connection.send("GET", "/a/x", &[("Connection", "close")], b"");
    assert_eq!(connection.response().text(), "fine");
    drop(connection);
    // END_OF_NET_SESSION still reaches the library, which releases the connection's state.
    let log = host.wait_for_log("FilterContext released");
    assert!(log.contains("FilterContext released"), "log:\n{log}");
    assert!(!log.contains("unexpected notification"), "log:\n{log}");
}

#[test]
fn a_fetch_left_running_is_abandoned_with_its_request() {
    // An upstream that answers every connection a little later.
    let upstream = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = upstream.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in upstream.incoming().take(4) {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut head = [0u8; 1024];
                let _ = stream.read(&mut head);
                std::thread::sleep(std::time::Duration::from_millis(100));
                let _ = std::io::Write::write_all(
                    &mut stream,
                    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nup",
                );
            });
        }
    });
    let bundle = format!(
        r#"
globalThis.current = "none";
export function __ExtensionFactory__() {{
  return {{
    async HttpExtensionProc(ecb) {{
      const q = ecb.QueryString;
      globalThis.current = q;
      if (q === "start") fetch("http://127.0.0.1:{port}/").then(() => {{ globalThis.fetchedIn = globalThis.current; }});
      if (q === "wait") await new Promise((resolve) => setTimeout(resolve, 600));
      ecb.WriteClient(`fetch settled in ${{globalThis.fetchedIn}}`);
    }},
  }};
}}
"#
    );
    let mut site = Site::new("fetch-left");
    site.handler("/f/*", "fetches", Some(&bundle));
    one_engine(&site, "fetches", 5000);
    let host = site.serve(&[]);
    assert_eq!(
        host.request("GET", "/f/x?start", b"").text(),
        "fetch settled in undefined"
    );
    // The answer arrives during this request's wait; its callback must not run here.
    assert_eq!(
        host.request("GET", "/f/x?wait", b"").text(),
        "fetch settled in undefined"
    );
}

// ---- a second response head ----

/// Each case gives a head, then tries another in one form; what the second call did is
/// kept for `?report` (a redirect's answer has no room for it).
const TWO_HEADS: &str = r#"
globalThis.results = {};
function attempt(f) {
  try { f(); return "returned"; } catch (e) { return `${e.name} ${e.errno ?? ""}`.trim(); }
}
const head = (ecb) => ecb.SendResponseHeaders("200 OK", "Content-Type: text/plain\r\n");
const CASES = {
  // Two strings: the raw-call fast path.
  string: (ecb) => { head(ecb); return () => ecb.SendResponseHeaders("201 Created", "X-Second: yes\r\n"); },
  object: (ecb) => { head(ecb); return () => ecb.SendResponseHeaders("201 Created", { "X-Second": "yes" }); },
  keepAlive: (ecb) => { head(ecb); return () => ecb.SendResponseHeaders("201 Created", "", false); },
  redirect: (ecb) => { head(ecb); return () => ecb.Redirect("/elsewhere"); },
  sendUrl: (ecb) => { head(ecb); return () => ecb.SendURL("/elsewhere"); },
  hatchHead: (ecb) => { head(ecb); return () => ecb.ServerSupportFunction(3, "201 Created"); },
  afterRedirect: (ecb) => { ecb.Redirect("/elsewhere"); return () => head(ecb); },
  afterHatchRedirect: (ecb) => { ecb.ServerSupportFunction(1, "/elsewhere"); return () => head(ecb); },
};
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      const q = ecb.QueryString;
      if (q === "report") {
        head(ecb);
        ecb.WriteClient(JSON.stringify(globalThis.results));
        return;
      }
      if (q === "catch") {
        // The usual error page: a failure after the head, answered with another head.
        try {
          head(ecb);
          throw new Error("failed after the head");
        } catch {
          ecb.SendResponseHeaders("500 Internal Server Error", "Content-Type: text/plain\r\n");
          ecb.WriteClient("error page");
        }
        return;
      }
      if (q === "badStatus") {
        // Refused by the server only when the staged head goes out, after the return.
        ecb.SendResponseHeaders("banana", "");
        ecb.WriteClient("x");
        return;
      }
      const second = CASES[q](ecb);
      globalThis.results[q] = attempt(second);
      if (!q.startsWith("after")) ecb.WriteClient(`second head: ${globalThis.results[q]}`);
    },
  };
}
"#;

#[test]
fn a_second_head_fails_at_the_call_as_the_server_fails_it() {
    let mut site = Site::new("two-heads");
    site.handler("/h/*", "heads", Some(TWO_HEADS));
    one_engine(&site, "heads", 5000);
    let host = site.serve(&[]);
    let cases = [
        "string",
        "object",
        "keepAlive",
        "redirect",
        "sendUrl",
        "hatchHead",
        "afterRedirect",
        "afterHatchRedirect",
    ];
    for case in cases {
        let answer = host.request("GET", &format!("/h/x?{case}"), b"");
        if case.starts_with("after") {
            assert_eq!(answer.status, 302, "{case}: {}", answer.text());
        } else {
            // The first head and the body after the failed call: a complete response.
            assert_eq!(answer.status, 200, "{case}: {}", answer.text());
            assert!(answer.header("X-Second").is_none(), "{case}");
            assert!(
                answer.text().starts_with("second head: "),
                "{case}: {}",
                answer.text()
            );
        }
    }
    let report = host.request("GET", "/h/x?report", b"").text();
    for case in cases {
        // The escape hatch refuses the head codes it leaves to SendResponseHeaders.
        let expected = if case == "hatchHead" {
            "TypeError"
        } else {
            "ExtensionError 87"
        };
        assert!(
            report.contains(&format!("\"{case}\":\"{expected}\"")),
            "{case}: {report}"
        );
    }
}

#[test]
fn an_error_page_after_a_staged_head_becomes_the_short_500() {
    let mut site = Site::new("two-heads-catch");
    site.handler("/h/*", "heads", Some(TWO_HEADS));
    let host = site.serve(&[]);
    // The second head fails out of the catch: nothing reached the server, so the library
    // answers 500 and logs why (before, a 200 head with no body, and no ERROR line).
    let answer = host.request("GET", "/h/x?catch", b"");
    assert_eq!(answer.status, 500, "{}", answer.text());
    assert!(!answer.text().contains("error page"), "{}", answer.text());
    let log = host.wait_for_log("HttpExtensionProc failed");
    assert!(log.contains("error 87"), "log:\n{log}");
}

#[test]
fn a_staged_head_the_server_refuses_is_an_error_naming_the_request() {
    let mut site = Site::new("bad-staged-head");
    site.handler("/h/*", "heads", Some(TWO_HEADS));
    let host = site.serve(&[]);
    let _ = host.request("GET", "/h/x?badStatus", b"");
    let log = host.wait_for_log("sending the response failed");
    let line = log
        .lines()
        .find(|line| line.contains("sending the response failed"))
        .unwrap_or_else(|| panic!("not logged:\n{log}"));
    assert!(line.contains("ERROR"), "{line}");
    assert!(line.contains("GET /h/x (ConnID"), "{line}");
}

// ---- Promise jobs queued while loading ----

const LOAD_JOB: &str = r#"
globalThis.jobDone = false;
// A busy job queued at the top level: the load's work, not the first request's.
Promise.resolve().then(() => {
  const end = Date.now() + 200;
  while (Date.now() < end) {}
  globalThis.jobDone = true;
});
export function __ExtensionFactory__() {
  return { HttpExtensionProc(ecb) { ecb.WriteClient(`job done: ${globalThis.jobDone}`); } };
}
"#;

/// A Promise chain that never ends, started at the top level.
const ENDLESS_LOAD_CHAIN: &str = r#"
// Each job queues the next and returns nothing, so no promise holds on to the one before:
// the chain never ends but never grows, and the time limit (not the heap limit) ends it.
const spin = () => {
  Promise.resolve().then(spin);
};
spin();
export function __ExtensionFactory__() {
  return { HttpExtensionProc(ecb) { ecb.WriteClient("served"); } };
}
"#;

#[test]
fn jobs_queued_while_loading_run_before_the_first_request() {
    let mut site = Site::new("load-job");
    site.handler("/l/*", "loadjob", Some(LOAD_JOB));
    std::fs::write(
        site.dir.join("loadjob.settings.json"),
        r#"{ "workers": 2 }"#,
    )
    .unwrap();
    let host = site.serve(&[]);
    // Each engine's first request finds its load's job done.
    for _ in 0..4 {
        let answer = host.request("GET", "/l/x", b"");
        assert_eq!(
            (answer.status, answer.text().as_str()),
            (200, "job done: true")
        );
    }
}

#[test]
fn an_endless_chain_started_while_loading_is_a_load_error() {
    let mut site = Site::new("load-chain");
    site.handler("/l/*", "chain", Some(ENDLESS_LOAD_CHAIN));
    one_engine(&site, "chain", 300);
    let host = site.serve(&[]);
    let answer = host.request("GET", "/l/x", b"");
    assert_eq!(answer.status, 500, "{}", answer.text());
    let log = host.wait_for_log("did not finish within the time limit");
    assert!(
        log.contains("a Promise chain started while loading must end"),
        "log:\n{log}"
    );
    assert!(!log.contains("replaced it"), "log:\n{log}");
}

#[test]
fn a_new_version_whose_load_never_ends_leaves_the_old_one_serving() {
    let served = r#"
export function __ExtensionFactory__() {
  return { HttpExtensionProc(ecb) { ecb.WriteClient("served"); } };
}
"#;
    let mut site = Site::new("load-chain-reload");
    site.handler("/l/*", "chain", Some(served));
    one_engine(&site, "chain", 300);
    let host = site.serve(&[("ISAPI_TS_WATCH_MS", "50")]);
    assert_eq!(host.request("GET", "/l/x", b"").text(), "served");
    std::fs::write(
        site.dir.join("chain.js"),
        ENDLESS_LOAD_CHAIN.replace("\"served\"", "\"the new version\""),
    )
    .unwrap();
    let log = host.wait_for_log("the previous version keeps serving");
    assert!(
        log.contains("did not finish within the time limit"),
        "log:\n{log}"
    );
    assert_eq!(host.request("GET", "/l/x", b"").text(), "served");
}

#[test]
fn the_fetch_adapter_s_error_page_after_its_head_fails_at_the_call() {
    let mut site = Site::new("two-heads-fetch");
    let bundle = support::bundle_ts(
        &site,
        "broken",
        "import { fetchExtension } from \"isapi-ts\";\n\
         export const __ExtensionFactory__ = () => fetchExtension({\n\
           fetch(): Response {\n\
             let sent = false;\n\
             const body = new ReadableStream<Uint8Array>({\n\
               pull(controller) {\n\
                 if (sent) throw new Error(\"the body broke\");\n\
                 sent = true;\n\
                 controller.enqueue(new TextEncoder().encode(\"partial\"));\n\
               },\n\
             });\n\
             return new Response(body);\n\
           },\n\
         });\n",
    );
    site.handler("/f/*", "broken", Some(&bundle));
    let host = site.serve(&[]);
    let text = answer_until_closed(host.addr, "GET /f/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    // The head went out before the body broke: the connection ends, never complete.
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text:?}");
    assert!(!text.ends_with("0\r\n\r\n"), "{text:?}");
    // HandleDispatchError's 500 head was refused at its call, not after the return.
    let log = host.wait_for_log("Dispatch failed");
    assert!(log.contains("the body broke"), "log:\n{log}");
    assert!(!log.contains("sending the response failed"), "log:\n{log}");
}
