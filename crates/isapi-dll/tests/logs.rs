//! The logs: the W3C request log (with what extensions append), JSON logging, console
//! lines under the log filter, and floods reduced to one line.
mod support;

use support::Site;

const HANDLER: &str = r#"
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      ecb.AppendLogParameter("note-from-js");
      ecb.LogData = "logdata";
      ecb.SendResponseHeaders("200 OK", { "Content-Type": "text/plain" });
      ecb.WriteClient("logged");
      return 1;
    },
  };
}
"#;

#[test]
fn the_w3c_log_has_a_line_per_request_with_what_the_extension_appended() {
    let mut site = Site::new("w3c");
    site.handler("/m/*", "m", Some(HANDLER));
    let log_file = site.dir.join("requests.log");
    let host = site.serve_with(&[], &["--w3c-log", log_file.to_str().unwrap()]);
    let response = support::Connection::request(
        host.addr,
        "GET",
        "/m/page?q=1",
        &[
            ("User-Agent", "test agent/1.0"),
            ("Authorization", "Basic ZGVtbzpkZW1v"),
        ],
        b"",
    );
    assert_eq!(response.status, 200);
    assert_eq!(host.request("GET", "/nothing-here", b"").status, 404);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut text = String::new();
    while std::time::Instant::now() < deadline
        && text.lines().filter(|l| !l.starts_with('#')).count() < 2
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
        text = std::fs::read_to_string(&log_file).unwrap_or_default();
    }
    assert!(text.starts_with("#Software: isapi-ts-host/"), "{text}");
    let fields: Vec<&str> = text
        .lines()
        .find_map(|l| l.strip_prefix("#Fields: "))
        .unwrap()
        .split(' ')
        .collect();
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    let record = |line: &str| -> std::collections::HashMap<String, String> {
        fields
            .iter()
            .map(|f| f.to_string())
            .zip(line.split(' ').map(str::to_owned))
            .collect()
    };
    // Each line is written when its request ends, which can be after the client has read
    // the whole response: the next request's line may come first, so find each by its path.
    let line_for = |stem: &str| {
        lines
            .iter()
            .map(|line| record(line))
            .find(|fields| fields["cs-uri-stem"] == stem)
            .unwrap_or_else(|| panic!("no line for {stem} in {text}"))
    };
    let first = line_for("/m/page");
    assert_eq!(first["cs-method"], "GET");
    assert_eq!(first["cs-uri-query"], "q=1|note-from-js|logdata");
    assert_eq!(first["sc-status"], "200");
    assert_eq!(first["cs-username"], "demo");
    assert_eq!(first["cs(User-Agent)"], "test+agent/1.0");
    assert_eq!(first["c-ip"], "127.0.0.1");
    assert!(first["sc-bytes"].parse::<u64>().unwrap() > "logged".len() as u64);
    assert_eq!(lines.len(), 2, "{text}");
    let second = line_for("/nothing-here");
    assert_eq!(second["cs-uri-query"], "-");
    assert_eq!(second["sc-status"], "404");
}

/// The W3C log's lines (fields by name), once `count` of them are written.
fn w3c_records(
    log_file: &std::path::Path,
    count: usize,
) -> Vec<std::collections::HashMap<String, String>> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut text = String::new();
    while std::time::Instant::now() < deadline
        && text.lines().filter(|l| !l.starts_with('#')).count() < count
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
        text = std::fs::read_to_string(log_file).unwrap_or_default();
    }
    let fields: Vec<&str> = text
        .lines()
        .find_map(|l| l.strip_prefix("#Fields: "))
        .unwrap()
        .split(' ')
        .collect();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|line| {
            fields
                .iter()
                .map(|f| f.to_string())
                .zip(line.split(' ').map(str::to_owned))
                .collect()
        })
        .collect()
}

#[test]
fn the_w3c_log_has_the_canonical_stem_and_the_refusals_sub_status() {
    let mut site = Site::new("w3c-sub");
    site.handler("/m/*", "m", Some(HANDLER));
    let log_file = site.dir.join("requests.log");
    let host = site.serve_with(&[], &["--w3c-log", log_file.to_str().unwrap()]);
    let long_url = format!("/m/{}", "a".repeat(5000));
    let long_query = format!("/m/q?{}", "b".repeat(3000));
    // (target, status, logged stem, sc-substatus)
    let cases = [
        ("/m/x/../page", 200, "/m/page", "0"),
        ("/m/%2e%2e/bin/x", 404, "/bin/x", "8"),
        ("/m/a%252e", 404, "/m/a%252e", "11"),
        (long_url.as_str(), 404, long_url.as_str(), "14"),
        (long_query.as_str(), 404, "/m/q", "15"),
    ];
    for (target, status, _, _) in &cases {
        let response = host.request("GET", target, b"");
        assert_eq!(response.status, *status, "{target}: {}", response.text());
    }
    let records = w3c_records(&log_file, cases.len());
    for (target, status, stem, sub_status) in &cases {
        let record = records
            .iter()
            .find(|r| r["cs-uri-stem"] == *stem)
            .unwrap_or_else(|| panic!("no line with stem {stem} for {target}: {records:?}"));
        assert_eq!(record["sc-status"], status.to_string(), "{target}");
        assert_eq!(record["sc-substatus"], *sub_status, "{target}");
    }
}

#[test]
fn json_logs_are_one_object_per_line() {
    let mut site = Site::new("json-log");
    site.handler("/m/*", "m", Some(HANDLER));
    let host = site.serve(&[("ISAPI_TS_LOG_FORMAT", "json")]);
    assert_eq!(host.request("GET", "/m/x", b"").status, 200);
    let log = host.wait_for_log("GET /m/x");
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty());
    for line in lines {
        let value: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(
            value["level"].is_string() && value["fields"]["message"].is_string(),
            "{line}"
        );
    }
}

#[test]
fn console_calls_reach_the_log_at_their_level() {
    let handler = r#"
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      console.log("from console.log", { n: 1 }, [2]);
      console.info("from console.info");
      console.debug("from console.debug");
      console.warn("from console.warn");
      console.error("from console.error", new Error("attached"));
      ecb.SendResponseHeaders("200 OK", { "Content-Type": "text/plain" });
      ecb.WriteClient("logged");
      return 1;
    },
  };
}
"#;
    let mut site = Site::new("console-log");
    site.handler("/c/*", "c", Some(handler));
    let host = site.serve(&[
        ("ISAPI_TS_LOG_FORMAT", "json"),
        // Handler lines have the target `handler`: their debug lines can be let through.
        ("ISAPI_TS_LOG", "info,handler=debug"),
    ]);
    assert_eq!(host.request("GET", "/c/x", b"").status, 200);
    let log = host.wait_for_log("from console.error");
    let entries: Vec<serde_json::Value> = log
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    let find = |text: &str| {
        entries
            .iter()
            .find(|e| {
                e["fields"]["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with(text))
            })
            .unwrap_or_else(|| panic!("{text:?} not logged:\n{log}"))
    };
    for (text, level) in [
        ("from console.log", "INFO"),
        ("from console.info", "INFO"),
        ("from console.debug", "DEBUG"),
        ("from console.warn", "WARN"),
        ("from console.error", "ERROR"),
    ] {
        let entry = find(text);
        assert_eq!(entry["level"], level, "{text}: {entry}");
    }
    // Arguments are joined, objects as JSON, errors with their message and stack.
    assert_eq!(
        find("from console.log")["fields"]["message"],
        r#"from console.log { n: 1 } [ 2 ]"#
    );
    let error = find("from console.error")["fields"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(error.contains("Error: attached"), "{error}");
    assert!(error.contains("c.js:"), "with the stack: {error}");
}

#[test]
fn console_follows_the_log_filter() {
    let chatty = r#"
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      console.log("quiet-line from console.log");
      console.info("quiet-line from console.info");
      console.debug("quiet-line from console.debug");
      console.warn("loud-line from console.warn");
      console.error("loud-line from console.error");
      ecb.WriteClient("ok");
    },
  };
}
"#;
    let mut site = Site::new("console-level");
    site.handler("/c/*", "chatty", Some(chatty));
    // The host's own filter quiets the library and its handlers too.
    let host = site.serve(&[("RUST_LOG", "warn")]);
    assert_eq!(host.request("GET", "/c/x", b"").text(), "ok");
    let log = host.wait_for_log("loud-line from console.error");
    assert!(log.contains("loud-line from console.warn"), "log:\n{log}");
    assert!(!log.contains("quiet-line"), "log:\n{log}");
}

#[test]
fn a_flood_of_503s_is_one_log_line() {
    let slow = r#"
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      const end = Date.now() + 1500;
      while (Date.now() < end) {}
      ecb.WriteClient("done");
    },
  };
}
"#;
    let mut site = Site::new("flood");
    site.handler("/s/*", "slow", Some(slow));
    let host = site.serve(&[("ISAPI_TS_WORKERS", "1"), ("ISAPI_TS_QUEUE", "1")]);
    let addr = host.addr;
    let statuses: Vec<u16> = (0..10)
        .map(|_| {
            std::thread::spawn(move || {
                support::Connection::request(addr, "GET", "/s/x", &[], b"").status
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    let refused = statuses.iter().filter(|&&s| s == 503).count();
    assert!(refused >= 2, "{statuses:?}");
    let lines = host.log().matches("request queue full").count();
    assert_eq!(lines, 1, "{refused} refusals:\n{}", host.log());
}

/// Streams until its writes fail (the client left), a little at a time.
const STREAMER_BODY: &str = "
      ecb.SetFlushFlag(true);
      ecb.SendResponseHeaders(\"200 OK\", \"Content-Type: text/plain\\r\\n\");
      for (let i = 0; i < 2000; i++) {
        ecb.WriteClient(\"x\".repeat(4096));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
";

#[test]
fn clients_that_go_away_are_one_warning_not_an_error_each() {
    let plain = format!(
        "export function __ExtensionFactory__() {{\n  return {{ async HttpExtensionProc(ecb) {{{STREAMER_BODY}    }} }};\n}}\n"
    );
    let mut site = Site::new("client-gone");
    let pooled = support::bundle_ts(
        &site,
        "pooled",
        &format!(
            "import {{ ThreadPoolExtension, type ExtensionControlBlock }} from \"isapi-ts\";\n\
             class Streamer extends ThreadPoolExtension {{\n\
               async Dispatch(ecb: ExtensionControlBlock): Promise<void> {{{STREAMER_BODY}}}\n\
             }}\n\
             export const __ExtensionFactory__ = () => new Streamer();\n"
        ),
    );
    site.handler("/plain/*", "plain", Some(&plain));
    site.handler("/pooled/*", "pooled", Some(&pooled));
    let host = site.serve(&[]);
    for path in ["/plain/x", "/pooled/x", "/plain/y", "/pooled/y"] {
        let mut connection = std::net::TcpStream::connect(host.addr).unwrap();
        std::io::Write::write_all(
            &mut connection,
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").as_bytes(),
        )
        .unwrap();
        let mut first = [0u8; 64];
        std::io::Read::read_exact(&mut connection, &mut first).unwrap();
        assert!(first.starts_with(b"HTTP/1.1 200"));
        drop(connection);
    }
    // Each library copy reports its first gone client; the rest are counted, not logged.
    let log = host.wait_for_log("pooled.js: GET /pooled/");
    let log = if log.contains("plain.js: GET /plain/") {
        log
    } else {
        host.wait_for_log("plain.js: GET /plain/")
    };
    assert_eq!(
        log.matches("the client went away").count(),
        2,
        "log:\n{log}"
    );
    assert!(!log.contains("HttpExtensionProc failed"), "log:\n{log}");
    assert!(!log.contains("Dispatch failed"), "log:\n{log}");
}
