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
