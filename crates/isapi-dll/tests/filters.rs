//! JS filters through the real path: the host loads the library as an ISAPI filter
//! (and as an extension), and raises every notification over HTTP.
mod support;

use support::{Connection, Site};

const BUNDLE: &str = include_str!("fixtures/filters.js");

fn site() -> Site {
    let mut site = Site::new("filters");
    site.filter("both", Some(BUNDLE))
        .handler("/ext/*", "both", None)
        .handler("/private/ext/*", "both", None)
        .static_files("*.txt")
        .static_files("*.htm")
        .file("real.txt", "the real file\n")
        .file("plain.txt", "plain\n");
    std::fs::create_dir_all(site.dir.join("private")).unwrap();
    std::fs::write(site.dir.join("private/index.htm"), "<p>private</p>").unwrap();
    site
}

fn json_header(response: &support::Response, name: &str) -> serde_json::Value {
    let text = response
        .header(name)
        .unwrap_or_else(|| panic!("no {name} header in {:?}", response.headers));
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}: {text}"))
}

fn get(connection: &mut Connection, target: &str, headers: &[(&str, &str)]) -> support::Response {
    connection.send("GET", target, headers, b"");
    connection.response()
}

#[test]
fn filter_context_lives_per_connection_and_notifications_come_in_order() {
    let site = site();
    let host = site.serve(&[]);
    let mut connection = host.connect();
    let first = get(&mut connection, "/plain.txt", &[]);
    assert_eq!(first.status, 200);
    assert_eq!(first.text(), "plain\n");
    assert_eq!(first.header("X-Request-Number"), Some("1"));
    assert_eq!(
        first.header("X-Seen"),
        Some("PREPROC_HEADERS,URL_MAP,AUTHENTICATION,AUTH_COMPLETE,SEND_RESPONSE")
    );
    let second = get(&mut connection, "/plain.txt?q=1", &[]);
    assert_eq!(
        second.header("X-Request-Number"),
        Some("2"),
        "FilterContext survives"
    );
    // END_OF_REQUEST and LOG of the first request came after its body, before this one.
    assert_eq!(
        second.header("X-Seen"),
        Some("PREPROC_HEADERS,URL_MAP,AUTHENTICATION,AUTH_COMPLETE,SEND_RESPONSE")
    );
    let log = second
        .header("X-Last-Log")
        .expect("LOG raised for the first request");
    assert_eq!(log, "GET|/plain.txt?logged|200|true|true|127.0.0.1|-|true");
    // After the response head (SEND_RESPONSE) the first request saw END_OF_REQUEST once,
    // then LOG, and nothing else.
    assert_eq!(second.header("X-Ended"), Some("END_OF_REQUEST,LOG"));
    // The same for an extension's response.
    let third = get(&mut connection, "/ext/who", &[]);
    assert_eq!(third.status, 200);
    assert!(third
        .header("X-Last-Log")
        .unwrap()
        .starts_with("GET|/plain.txt?logged|200|"));
    assert_eq!(third.header("X-Ended"), Some("END_OF_REQUEST,LOG"));
    let fourth = get(&mut connection, "/plain.txt", &[]);
    assert!(fourth
        .header("X-Last-Log")
        .unwrap()
        .starts_with("GET|/ext/who?logged|200|"));
    assert_eq!(fourth.header("X-Ended"), Some("END_OF_REQUEST,LOG"));

    // A new connection starts from null.
    let other = host.request("GET", "/plain.txt", b"");
    assert_eq!(other.header("X-Request-Number"), Some("1"));
    drop(connection);
    // One END_OF_REQUEST per request, the last one's included.
    let ended = "END_OF_NET_SESSION after 4 request(s), 4 END_OF_REQUEST(s)";
    let log = host.wait_for_log(ended);
    assert!(log.contains(ended), "{log}");
    assert!(host.log().contains("LOG line: GET|/plain.txt?logged|200"));
}

#[test]
fn a_closed_connection_releases_its_filter_context() {
    let mut site = site();
    // One engine: both connections' FilterContext values live in the same map.
    site.file("both.settings.json", r#"{ "workers": 1 }"#);
    let host = site.serve(&[("ISAPI_TS_LOG", "info,isapi_js::filter_engine=debug")]);
    let mut first = host.connect();
    let mut second = host.connect();
    assert_eq!(
        get(&mut first, "/plain.txt", &[]).header("X-Request-Number"),
        Some("1")
    );
    assert_eq!(
        get(&mut second, "/plain.txt", &[]).header("X-Request-Number"),
        Some("1")
    );
    drop(first);
    let released = "its FilterContext released (1 live in this engine)";
    let log = host.wait_for_log(released);
    assert!(log.contains(released), "{log}");
    drop(second);
    let released = "its FilterContext released (0 live in this engine)";
    let log = host.wait_for_log(released);
    assert!(log.contains(released), "{log}");
}

#[test]
fn preproc_headers_rewrites_the_url_and_headers_for_the_extension() {
    let site = site();
    let host = site.serve(&[]);
    let response = host.request("GET", "/old/thing", b"");
    assert_eq!(response.status, 200, "{}", host.log());
    let report: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(report["url"], "/ext/thing");
    assert_eq!(report["fromFilter"], "preproc");
    assert_eq!(report["authComplete"], "anonymous");
    assert_eq!(report["authUser"], "");
    // URL_MAP ran for the rewritten URL (with the handler's script map entry), then for
    // the extension's MapURLToPath.
    assert_eq!(
        response.header("X-Url-Map"),
        Some("/ext/thing|513|true;/mapped/anything.txt|513|true|none")
    );
}

#[test]
fn url_map_changes_the_physical_path_for_static_files_and_map_url_to_path() {
    let site = site();
    let host = site.serve(&[]);
    let file = host.request("GET", "/mapped/whatever.txt", b"");
    assert_eq!(file.status, 200);
    assert_eq!(file.text(), "the real file\n");
    let report = file.header("X-Url-Map").unwrap();
    assert!(
        report.starts_with("/mapped/whatever.txt|513|true|none"),
        "{report}"
    );
    // URL_MAP_EX: the whole site is one virtual directory at "/", mapped to the site root.
    let root = site.dir.display().to_string();
    assert_eq!(
        file.header("X-Matching"),
        Some(format!("{}|0", root.len()).as_str())
    );

    let ext = host.request("GET", "/ext/map", b"");
    let report: serde_json::Value = serde_json::from_slice(&ext.body).unwrap();
    let mapped = report["mapped"].as_str().unwrap();
    assert!(mapped.ends_with("/real.txt"), "{mapped}");
    assert!(report["pathTranslated"]
        .as_str()
        .unwrap()
        .ends_with("/ext/map"));
}

#[test]
fn authentication_denies_with_401_and_maps_the_user() {
    let site = site();
    let host = site.serve(&[]);
    let denied = host.request("GET", "/private/index.htm", b"");
    assert_eq!(denied.status, 401);
    assert_eq!(
        denied.header("WWW-Authenticate"),
        Some("Basic realm=\"isapi-ts\"")
    );
    // ACCESS_DENIED saw the URL, SF_DENIED_LOGON | SF_DENIED_FILTER and the physical path.
    let report = denied.header("X-Denied").unwrap();
    let physical = site.dir.join("private/index.htm").display().to_string();
    assert_eq!(report, format!("/private/index.htm|5|{physical}"));

    let wrong = Connection::request(
        host.addr,
        "GET",
        "/private/index.htm",
        &[("Authorization", "Basic ZGVtbzp3cm9uZw==")], // demo:wrong
        b"",
    );
    assert_eq!(wrong.status, 401);

    let allowed = Connection::request(
        host.addr,
        "GET",
        "/private/index.htm",
        &[("Authorization", "Basic ZGVtbzpkZW1v")], // demo:demo
        b"",
    );
    assert_eq!(allowed.status, 200);
    assert_eq!(allowed.text(), "<p>private</p>");
    assert!(allowed.header("WWW-Authenticate").is_none());

    let ext = Connection::request(
        host.addr,
        "GET",
        "/private/ext/who",
        &[("Authorization", "Basic ZGVtbzpkZW1v")],
        b"",
    );
    let report: serde_json::Value = serde_json::from_slice(&ext.body).unwrap();
    assert_eq!(
        report["authUser"], "mapped-demo",
        "AUTHENTICATION rewrote User"
    );
    assert_eq!(report["authType"], "Basic");
    assert_eq!(
        report["authPassword"], "rewritten-demo",
        "AUTHENTICATION rewrote Password"
    );
    assert_eq!(
        report["authComplete"], "mapped-demo",
        "AUTH_COMPLETE saw it"
    );
    // GetUserToken: this host has no tokens (errno 50).
    let token = json_header(&ext, "X-Token");
    assert_eq!(token["errno"], 50);
}

#[test]
fn send_response_changes_status_and_headers() {
    let site = site();
    let host = site.serve(&[]);
    let response = host.request("GET", "/ext/teapot", b"");
    assert_eq!(response.status, 418);
    assert_eq!(response.header("X-Replaced"), Some("by-filter"));
    assert!(
        response.header("X-Drop-Me").is_none(),
        "SetHeader with \"\" deletes"
    );
    assert!(response.text().contains("/ext/teapot"), "body untouched");
    // HttpStatus read the handler's status before the filter changed it.
    assert_eq!(response.header("X-Status-Before"), Some("200"));
    // AddHeader appends: both values go out.
    let added: Vec<&str> = response
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("X-Added"))
        .map(|(_, value)| value.as_str())
        .collect();
    assert_eq!(added, ["one", "two"]);
}

#[test]
fn preproc_headers_reads_the_request_line_and_sets_the_method() {
    let site = site();
    let host = site.serve(&[]);
    let response = host.request("GET", "/ext/special", b"");
    assert_eq!(response.status, 200, "{}", host.log());
    // GetHeader("method"), GetHeader("version") and HttpStatus (no response yet: 0).
    assert_eq!(response.header("X-Special"), Some("GET|HTTP/1.1|0"));
    let report: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(
        report["method"], "PUT",
        "SetHeader(\"method\") reached the extension"
    );
}

#[test]
fn a_filter_can_answer_the_request_itself_and_keep_the_connection() {
    let site = site();
    let host = site.serve(&[]);
    let mut connection = host.connect();
    let own = get(&mut connection, "/answer", &[]);
    assert_eq!(own.status, 203);
    assert_eq!(own.header("X-Own"), Some("yes"));
    assert_eq!(own.text(), "answered by the filter");
    let next = get(&mut connection, "/plain.txt", &[]);
    assert_eq!(next.status, 200, "FINISHED_KEEP_CONN kept the connection");
    assert_eq!(next.header("X-Request-Number"), Some("2"));
}

#[test]
fn every_sf_req_code_answers_as_the_host_does() {
    let site = site();
    let host = site.serve(&[]);
    let response = host.request("GET", "/sfreq.txt", b"");
    let report = json_header(&response, "X-Sf-Report");
    assert_eq!(report["revision"], 0x000A_0000);
    assert_eq!(report["secure"], false);
    assert!(report["connId"]["ok"].as_u64().unwrap() > 0);
    assert_eq!(report["instance"]["ok"], 1);
    assert_eq!(report["sslContext"]["errno"], 50);
    assert_eq!(report["normalize"]["ok"], "/b c");
    assert_eq!(report["proxy"]["ok"], serde_json::Value::Null);
    assert!(report["proxy"]["error"].is_null());
    assert!(report["nextRead"]["error"].is_null());
    assert_eq!(report["alloc"]["ok"], true);
    let id = report["connId"]["ok"].as_u64().unwrap() as u32;
    assert_eq!(
        report["hatchConnId"]["ok"],
        serde_json::json!(id.to_le_bytes())
    );
    assert_eq!(report["hatchCertificate"]["errno"], 50);
    assert_eq!(report["hatchUnknown"]["errno"], 87);
    assert_eq!(report["remoteAddr"], "127.0.0.1");
    assert_eq!(report["method"], "GET");
    assert_eq!(report["missingVar"]["error"], "FilterError");
    assert_eq!(report["missingVar"]["errno"], 1413);
    assert_eq!(report["missingWithDefault"], "fallback");
    assert_eq!(report["host"], "127.0.0.1");
    assert_eq!(report["missingHeader"]["errno"], 1413);
    assert_eq!(report["badHeader"]["errno"], 87);
    // An fc or data object kept after its call throws instead of touching freed memory.
    let stale = json_header(&response, "X-Stale");
    assert_eq!(stale["fc"]["error"], "FilterError");
    assert_eq!(stale["data"]["error"], "FilterError");
}

#[test]
fn disabled_notifications_stay_off_for_the_connection() {
    let site = site();
    let host = site.serve(&[]);
    let mut connection = host.connect();
    let first = get(&mut connection, "/disable.txt", &[]);
    assert_eq!(first.status, 404);
    assert!(
        first.header("X-Request-Number").is_none(),
        "SEND_RESPONSE off"
    );
    let second = get(&mut connection, "/plain.txt", &[]);
    assert!(second.header("X-Request-Number").is_none());
    let fresh = host.request("GET", "/plain.txt", b"");
    assert_eq!(fresh.header("X-Request-Number"), Some("1"));
}

#[test]
fn a_throwing_filter_answers_500_and_logs_its_line() {
    let site = site();
    let host = site.serve(&[]);
    let mut connection = host.connect();
    let failed = get(&mut connection, "/throw", &[]);
    assert_eq!(failed.status, 500);
    let log = host.wait_for_log("thrown on purpose");
    assert!(log.contains("HttpFilterProc failed"), "{log}");
    assert!(
        log.contains("both.js:"),
        "the stack names the bundle line: {log}"
    );
    let next = host.request("GET", "/plain.txt", b"");
    assert_eq!(next.status, 200, "the filter still works");
}

#[test]
fn a_filter_over_its_time_limit_is_interrupted() {
    let mut site = site();
    site.file("both.settings.json", r#"{ "timeoutMs": 300 }"#);
    let host = site.serve(&[]);
    let spun = host.request("GET", "/spin", b"");
    assert_eq!(spun.status, 500);
    assert_eq!(host.request("GET", "/plain.txt", b"").status, 200);
}

const RAW_FILTER: &str = include_str!("fixtures/raw_filter.js");

const ECHO: &str = r#"
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      const parts = [ecb.AvailableData];
      for (;;) { const more = ecb.ReadClient(); if (more.length === 0) break; parts.push(more); }
      const headers = { "Content-Type": "text/plain" };
      if (ecb.GetServerVariable("HTTP_X_INTERIM", "") === "please") headers["X-Interim"] = "please";
      ecb.SendResponseHeaders("200 OK", headers);
      for (const part of parts) ecb.WriteClient(part);
      return 1;
    },
  };
}
"#;

fn raw_site() -> Site {
    let mut site = Site::new("raw-filters");
    site.filter("raw", Some(RAW_FILTER))
        .handler("/echo/*", "echo", Some(ECHO))
        .static_files("*.txt")
        .file("held.txt", "held back\n");
    site
}

#[test]
fn read_raw_data_replaces_request_bytes_and_send_raw_data_response_bytes() {
    let site = raw_site();
    let host = site.serve(&[]);
    let response = host.request("POST", "/echo/", b"the SECRET word, hello");
    assert_eq!(response.status, 200, "{}", host.log());
    // READ_RAW_DATA turned SECRET into PUBLIC before hyper parsed the body; SEND_RAW_DATA
    // turned hello into HELLO on the way out (the whole response, body included).
    assert_eq!(response.text(), "the PUBLIC word, HELLO");
    assert!(
        response.header("X-Raw-Reads").is_some(),
        "the head was rewritten"
    );
}

#[test]
fn read_next_holds_bytes_and_set_next_read_size_sizes_the_reads() {
    let site = raw_site();
    let host = site.serve(&[]);
    let mut connection = host.connect();
    let head = "GET /held.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    connection.send_raw(head.as_bytes());
    std::thread::sleep(std::time::Duration::from_millis(200));
    connection.send_raw(b"\r\n");
    let response = connection.response();
    assert_eq!(response.status, 200);
    assert_eq!(response.text(), "held back\n");
    // The filter saw the partial head, then the same bytes plus one more each time
    // (READ_NEXT keeps them; SET_NEXT_READ_SIZE(1) reads one byte at a time).
    let n = head.len();
    assert_eq!(
        response.header("X-Raw-Reads"),
        Some(format!("{n},{},{}", n + 1, n + 2).as_str())
    );
}

#[test]
fn write_client_in_send_raw_data_goes_ahead_of_the_data() {
    let site = raw_site();
    let host = site.serve(&[]);
    let mut connection = host.connect();
    connection.send("POST", "/echo/", &[("X-Interim", "please")], b"body");
    let interim = connection.response();
    assert_eq!(interim.status, 100);
    let response = connection.response();
    assert_eq!(response.status, 200);
    assert_eq!(response.text(), "body");
}

#[test]
fn a_filter_that_cannot_load_fails_the_site_with_a_clear_error() {
    for (bundle, expected) in [
        (
            "export function __ExtensionFactory__() { return {}; }",
            "does not export `__FilterFactory__`",
        ),
        (
            "export function __FilterFactory__() { return { GetFilterVersion() { throw new Error('You must specify the filter flags'); }, HttpFilterProc() {} }; }",
            "You must specify the filter flags",
        ),
    ] {
        let mut site = Site::new("broken-filter");
        site.filter("broken", Some(bundle))
            .static_files("*.txt")
            .file("plain.txt", "plain\n");
        let host = site.serve(&[]);
        // IIS refuses to serve a site whose filter did not load, rather than skip it.
        assert_eq!(host.request("GET", "/plain.txt", b"").status, 500);
        let log = host.wait_for_log(expected);
        assert!(log.contains(expected), "{log}");
    }
}

#[test]
fn a_filter_for_secure_ports_only_is_not_called_on_plain_http() {
    let bundle = "export function __FilterFactory__() { return {
        GetFilterVersion(fv) { fv.Flags = 0x4000 | 0x40 | 0x1; },
        HttpFilterProc(fc) { if (fc.NotificationType === 0x40) fc.AddResponseHeaders('X-Secure-Only: called\\r\\n'); },
    }; }";
    let mut site = Site::new("secure-only");
    site.filter("secure", Some(bundle))
        .static_files("*.txt")
        .file("plain.txt", "plain\n");
    let host = site.serve(&[]);
    let response = host.request("GET", "/plain.txt", b"");
    assert_eq!(response.status, 200);
    assert!(response.header("X-Secure-Only").is_none());
    assert!(host.log().contains("secure ports only"), "{}", host.log());
}

/// A filter named `NAME` for chain tests: it appends its name to an `X-Order` request
/// header in PREPROC_HEADERS and to an `X-Order` response header in SEND_RESPONSE, and
/// reports what it saw (`X-<NAME>-Preproc`: the request's `X-Order` when it was called,
/// or `not-called`). `/handled-by-NAME` returns HANDLED_NOTIFICATION from PREPROC_HEADERS;
/// `/finish-by-NAME` answers the request itself and returns FINISHED.
const CHAIN_FILTER: &str = r#"
const NAME = "@NAME@";
const PREPROC = 0x4000, SEND_RESPONSE = 0x40, NONSECURE_PORT = 0x2;
const NEXT = 0x08000002, HANDLED = 0x08000003, FINISHED = 0x08000000;
export function __FilterFactory__() {
  return {
    GetFilterVersion(fv) { fv.Flags = @ORDER@ | PREPROC | SEND_RESPONSE | NONSECURE_PORT; },
    HttpFilterProc(fc) {
      const data = fc.GetData();
      const order = data.GetHeader("X-Order:", "");
      data.SetHeader("X-Order:", order === "" ? NAME : order + "," + NAME);
      if (fc.NotificationType === PREPROC) {
        fc.FilterContext = { before: order === "" ? "first" : order };
        const url = data.GetHeader("url");
        if (url === "/handled-by-" + NAME) return HANDLED;
        if (url === "/finish-by-" + NAME) {
          fc.SendResponseHeader("200 OK", { "Content-Type": "text/plain" });
          fc.WriteClient("finished by " + NAME);
          return FINISHED;
        }
      } else if (fc.NotificationType === SEND_RESPONSE) {
        const seen = fc.FilterContext === null ? "not-called" : fc.FilterContext.before;
        fc.FilterContext = null;
        fc.AddResponseHeaders(`X-${NAME}-Preproc: ${seen}\r\n`);
      }
      return NEXT;
    },
  };
}
"#;

const ORDER_HIGH: &str = "0x80000";
const ORDER_LOW: &str = "0x20000";

/// A site whose `<isapiFilters>` lists `filters` (name, SF_NOTIFY_ORDER_* bit) in order.
fn chain_site(filters: &[(&str, &str)]) -> Site {
    let mut site = Site::new("chain");
    for (name, order) in filters {
        let bundle = CHAIN_FILTER
            .replace("@NAME@", name)
            .replace("@ORDER@", order);
        site.filter(name, Some(&bundle));
    }
    site.static_files("*.txt").file("plain.txt", "plain\n");
    site
}

#[test]
fn handled_notification_skips_the_later_filters_for_that_notification_only() {
    let site = chain_site(&[("a", ORDER_LOW), ("b", ORDER_LOW)]);
    let host = site.serve(&[]);
    let plain = host.request("GET", "/plain.txt", b"");
    assert_eq!(plain.status, 200, "{}", host.log());
    assert_eq!(plain.header("X-a-Preproc"), Some("first"));
    assert_eq!(plain.header("X-b-Preproc"), Some("a"), "b runs after a");
    assert_eq!(plain.header("X-Order"), Some("a,b"));

    // a handled PREPROC_HEADERS: b is not called for it, but still for SEND_RESPONSE.
    let handled = host.request("GET", "/handled-by-a", b"");
    assert_eq!(handled.status, 404);
    assert_eq!(handled.header("X-a-Preproc"), Some("first"));
    assert_eq!(handled.header("X-b-Preproc"), Some("not-called"));
    assert_eq!(handled.header("X-Order"), Some("a,b"));
}

#[test]
fn finished_answers_from_the_filter_and_closes_the_connection() {
    let site = chain_site(&[("a", ORDER_LOW), ("b", ORDER_LOW)]);
    let host = site.serve(&[]);
    let mut connection = host.connect();
    let kept = get(&mut connection, "/plain.txt", &[]);
    assert_eq!(kept.status, 200);
    let finished = get(&mut connection, "/finish-by-a", &[]);
    assert_eq!(finished.status, 200);
    assert_eq!(finished.text(), "finished by a");
    assert_eq!(finished.header("X-b-Preproc"), Some("not-called"));
    assert_eq!(finished.header("Connection"), Some("close"));
    assert!(
        connection.closed_by_server(),
        "SF_STATUS_REQ_FINISHED closes the connection"
    );
}

#[test]
fn a_high_priority_filter_runs_before_a_low_one_configured_first() {
    let site = chain_site(&[("low", ORDER_LOW), ("high", ORDER_HIGH)]);
    let host = site.serve(&[]);
    let response = host.request("GET", "/plain.txt", b"");
    assert_eq!(response.status, 200, "{}", host.log());
    assert_eq!(response.header("X-high-Preproc"), Some("first"));
    assert_eq!(response.header("X-low-Preproc"), Some("high"));
    assert_eq!(response.header("X-Order"), Some("high,low"));
}
