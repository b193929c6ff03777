//! Every `ecb` member that is one ServerSupportFunction request, through the real host.
mod support;

use support::{Connection, Site};

const MEMBERS: &str = r#"
function attempt(f) {
  try { return { ok: f() ?? null }; } catch (e) { return { error: e.name, errno: e.errno ?? null }; }
}
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      const url = ecb.GetServerVariable("URL");
      if (url.endsWith("/send-url")) { ecb.SendURL("http://example.invalid/moved"); return 1; }
      if (url.endsWith("/custom-error")) { ecb.SendCustomError("500 Server Error", 13); return 1; }
      if (url.endsWith("/close")) {
        ecb.CloseConnection();
        ecb.SendResponseHeaders("200 OK", "Content-Length: 6\r\n");
        ecb.WriteClient("closed");
        return 1;
      }
      const results = {
        flush: attempt(() => ecb.SetFlushFlag(true)),
        map: attempt(() => ecb.MapURLToPath("/a/../b%20c.txt")),
        mapEx: attempt(() => ecb.MapURLToPathEx("/x/y")),
        normalize: attempt(() => ecb.NormalizeURL("/a/%2e%2e/b%20c")),
        log: attempt(() => ecb.AppendLogParameter("note-from-js")),
        unhealthy: attempt(() => ecb.ReportUnhealthy("testing health")),
        connected: attempt(() => ecb.IsConnected()),
        inProcess: attempt(() => ecb.IsInProcess()),
        keepAlive: attempt(() => ecb.IsKeepAlive()),
        abortive: attempt(() => ecb.AbortiveClose()),
        impersonation: attempt(() => ecb.GetImpersonationToken()),
        anonymous: attempt(() => ecb.GetAnonymousToken("/LM/W3SVC/1")),
        hatchValue: attempt(() => ecb.ServerSupportFunction(1043, 1)),
        hatchKeepConn: attempt(() => Array.from(ecb.ServerSupportFunction(1008, new Uint8Array(4)))),
        hatchManaged: attempt(() => ecb.ServerSupportFunction(4)),
        hatchUnknown: attempt(() => ecb.ServerSupportFunction(9999)),
        hatchTooSmall: attempt(() => ecb.ServerSupportFunction(1001, "/zz")),
      };
      ecb.SendResponseHeaders("200 OK", { "Content-Type": "application/json" });
      ecb.WriteClient(JSON.stringify(results));
      return 1;
    },
  };
}
"#;

fn site() -> Site {
    let mut site = Site::new("members");
    site.handler("/m/*", "members", Some(MEMBERS));
    site
}

#[test]
fn single_request_members_answer_as_the_server_does() {
    let site = site();
    let host = site.serve(&[]);
    let mut connection = Connection::open(host.addr);
    connection.send("GET", "/m/all", &[("Connection", "keep-alive")], b"");
    let response = connection.response();
    assert_eq!(response.status, 200, "{}", host.log());
    let body = response.text();
    let root = site.dir.canonicalize().unwrap().display().to_string();
    for expected in [
        r#""flush":{"ok":null}"#.to_owned(),
        format!(r#""map":{{"ok":"{root}/b c.txt"}}"#),
        format!(
            r#""mapEx":{{"ok":{{"Path":"{root}/x/y","Flags":513,"MatchingPath":{},"MatchingURL":0}}}}"#,
            root.len()
        ),
        r#""normalize":{"ok":"/b c"}"#.to_owned(),
        r#""log":{"ok":null}"#.to_owned(),
        r#""unhealthy":{"ok":null}"#.to_owned(),
        r#""connected":{"ok":true}"#.to_owned(),
        r#""inProcess":{"ok":0}"#.to_owned(),
        r#""keepAlive":{"ok":true}"#.to_owned(),
        r#""abortive":{"ok":null}"#.to_owned(),
        // Tokens are Windows security handles: our host refuses as IIS does without them.
        r#""impersonation":{"error":"ExtensionError","errno":50}"#.to_owned(),
        r#""anonymous":{"error":"ExtensionError","errno":50}"#.to_owned(),
        r#""hatchValue":{"ok":null}"#.to_owned(),
        r#""hatchKeepConn":{"ok":[1,0,0,0]}"#.to_owned(),
        r#""hatchManaged":{"error":"TypeError","errno":null}"#.to_owned(),
        r#""hatchUnknown":{"error":"ExtensionError","errno":87}"#.to_owned(),
        r#""hatchTooSmall":{"error":"ExtensionError","errno":122}"#.to_owned(),
    ] {
        assert!(body.contains(&expected), "{expected} missing from {body}");
    }
    let log = host.wait_for_log("testing health");
    assert!(log.contains("log parameter: note-from-js"), "log:\n{log}");
    assert!(log.contains("unhealthy: testing health"), "log:\n{log}");
}

#[test]
fn members_that_answer_the_client() {
    let host = site().serve(&[]);
    let moved = host.request("GET", "/m/send-url", b"");
    assert_eq!(moved.status, 302);
    assert_eq!(
        moved.header("location"),
        Some("http://example.invalid/moved")
    );
    let error = host.request("GET", "/m/custom-error", b"");
    assert_eq!(error.status, 500);
    assert!(error.text().contains("500.13"), "{}", error.text());
    // CloseConnection: the response still arrives, then the connection ends.
    let mut connection = Connection::open(host.addr);
    connection.send("GET", "/m/close", &[], b"");
    let closed = connection.response();
    assert_eq!(closed.text(), "closed");
    assert_eq!(closed.header("connection"), Some("close"));
}

/// An `ecb` is only good for its own request, and only a real one is accepted as `this`.
const GUARDS: &str = r#"
function attempt(f) {
  try { return { ok: f() ?? null }; } catch (e) { return { error: e.name, message: e.message }; }
}
let kept = null;
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      const proto = Object.getPrototypeOf(ecb);
      const pathInfo = Object.getOwnPropertyDescriptor(proto, "PathInfo").get;
      const results = {
        keptWrite: kept ? attempt(() => kept.WriteClient("late")) : null,
        keptGetter: kept ? attempt(() => kept.PathInfo) : null,
        plainThis: attempt(() => ecb.WriteClient.call({}, "x")),
        forgedThis: attempt(() => pathInfo.call(Object.create(proto))),
        numberThis: attempt(() => ecb.SendResponseHeaders.call(7, "200 OK")),
        ownKeys: Object.getOwnPropertyNames(ecb),
        pathInfo: ecb.PathInfo,
      };
      kept = ecb;
      ecb.SendResponseHeaders("200 OK", { "Content-Type": "application/json" });
      ecb.WriteClient(JSON.stringify(results));
      return 1;
    },
  };
}
"#;

#[test]
fn an_ecb_works_only_for_its_own_request_and_cannot_be_forged() {
    let mut site = Site::new("guards");
    site.handler("/g/*", "guards", Some(GUARDS));
    let host = site.serve(&[("ISAPI_TS_WORKERS", "1")]);
    let first = host.request("GET", "/g/one", b"");
    assert_eq!(first.status, 200, "{}", first.text());
    let not_an_ecb = r#"{"error":"TypeError","message":"not an EXTENSION_CONTROL_BLOCK object"}"#;
    let first = first.text();
    assert!(first.contains(r#""keptWrite":null"#), "{first}");
    assert!(
        first.contains(&format!(r#""plainThis":{not_an_ecb}"#)),
        "{first}"
    );
    assert!(
        first.contains(&format!(r#""forgedThis":{not_an_ecb}"#)),
        "{first}"
    );
    assert!(
        first.contains(&format!(r#""numberThis":{not_an_ecb}"#)),
        "{first}"
    );
    assert!(first.contains(r#""ownKeys":[]"#), "{first}");
    assert!(first.contains(r#""pathInfo":"/g/one""#), "{first}");

    let second = host.request("GET", "/g/two", b"");
    assert_eq!(second.status, 200, "{}", second.text());
    let finished = r#"{"error":"ExtensionError","message":"the request is already finished (DoneWithSession was called or the handler returned)"}"#;
    let second = second.text();
    assert!(
        second.contains(&format!(r#""keptWrite":{finished}"#)),
        "{second}"
    );
    assert!(
        second.contains(&format!(r#""keptGetter":{finished}"#)),
        "{second}"
    );
    assert!(second.contains(r#""pathInfo":"/g/two""#), "{second}");
}

/// What `SendResponseHeaders` and `WriteClient` accept: text (ASCII or not), bytes, and
/// clear errors for anything else, including strings that are not valid Unicode.
const ARGUMENTS: &str = r#"
function attempt(f) {
  try { return { ok: f() ?? null }; } catch (e) { return { error: e.name, message: e.message }; }
}
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      const refused = {
        statusNumber: attempt(() => ecb.SendResponseHeaders(200, "")),
        statusMissing: attempt(() => ecb.SendResponseHeaders()),
        loneSurrogateStatus: attempt(() => ecb.SendResponseHeaders("200 \uDC00")),
        loneSurrogateHeaders: attempt(() => ecb.SendResponseHeaders("200 OK", "X-A: \uD800\r\n")),
        nulInStatus: attempt(() => ecb.SendResponseHeaders("200 OK\0", "")),
        crlfInStatus: attempt(() => ecb.SendResponseHeaders("200 OK\r\nX-Injected: 1", "")),
        crInHeaders: attempt(() => ecb.SendResponseHeaders("200 OK", "X-A: a\rX-Injected: 1\r\n")),
        writeNumber: attempt(() => ecb.WriteClient(42)),
        writeLoneSurrogate: attempt(() => ecb.WriteClient("a\uD800")),
      };
      ecb.SendResponseHeaders("200 OK", "Content-Type: text/plain\r\nX-Word: caf\u00e9\r\n");
      ecb.WriteClient(new Uint8Array([91, 93, 124]));
      ecb.WriteClient("caf\u00e9 \u2713|");
      ecb.WriteClient(JSON.stringify(refused));
      return 1;
    },
  };
}
"#;

#[test]
fn write_client_and_send_response_headers_take_text_and_bytes_and_refuse_the_rest() {
    let mut site = Site::new("arguments");
    site.handler("/args/*", "arguments", Some(ARGUMENTS));
    let host = site.serve(&[]);
    let response = host.request("GET", "/args/x", b"");
    assert_eq!(response.status, 200, "{}", host.log());
    assert_eq!(response.header("x-word"), Some("café"));
    let body = response.text();
    let (written, refused) = body.split_at(body.find('{').expect("the JSON part"));
    assert_eq!(written, "[]|café ✓|");
    let refused: serde_json::Value = serde_json::from_str(refused).unwrap();
    for (name, error) in [
        (
            "statusNumber",
            "Error converting from js 'int' into type 'string'",
        ),
        // rquickjs's wording for a missing argument.
        (
            "statusMissing",
            "Error calling function with 0 argument(s) while 1 where expected",
        ),
        ("writeNumber", "expected a string or a Uint8Array"),
    ] {
        assert_eq!(refused[name]["message"], error, "{name}: {refused}");
    }
    assert_eq!(
        refused["nulInStatus"]["error"], "ExtensionError",
        "{refused}"
    );
    // CR, LF or NUL where the head would take them as a line end: refused at the call
    // (not only when the staged head goes out), as any ISAPI server refuses them.
    for name in ["nulInStatus", "crlfInStatus", "crInHeaders"] {
        assert_eq!(
            refused[name]["error"], "ExtensionError",
            "{name}: {refused}"
        );
        let message = refused[name]["message"].as_str().unwrap_or_default();
        assert!(message.contains("NUL"), "{name}: {refused}");
    }
    assert_eq!(response.header("x-injected"), None);
    for name in [
        "loneSurrogateStatus",
        "loneSurrogateHeaders",
        "writeLoneSurrogate",
    ] {
        let message = refused[name]["message"].as_str().unwrap_or_default();
        assert_eq!(refused[name]["error"], "TypeError", "{name}: {refused}");
        assert!(message.contains("invalid utf-8"), "{name}: {refused}");
    }
}
