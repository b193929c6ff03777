//! Promise-based I/O of the `ecb` through the real host: completions arrive on server
//! threads and settle Promises on the engine's own thread.
mod support;

use support::Site;

const ASYNC: &str = r#"
export function __ExtensionFactory__() {
  return {
    async HttpExtensionProc(ecb) {
      const url = ecb.GetServerVariable("URL");
      const query = decodeURIComponent(ecb.QueryString);
      if (url.endsWith("/echo")) {
        ecb.SendResponseHeaders("200 OK", "Content-Length: " + ecb.TotalBytes + "\r\n");
        for (;;) {
          const chunk = await ecb.ReadClientAsync(3000);
          if (chunk.length === 0) break;
          const written = await ecb.WriteClientAsync(chunk);
          if (written !== chunk.length) throw new Error("short write " + written);
        }
        return 1;
      }
      if (url.endsWith("/overlap")) {
        ecb.SendResponseHeaders("200 OK", "");
        const first = ecb.WriteClientAsync("first ");
        let second;
        try { ecb.WriteClientAsync("second"); second = "accepted"; } catch (e) { second = e.name + " " + e.errno; }
        await first;
        ecb.WriteClient(second);
        return 1;
      }
      if (url.endsWith("/transmit")) {
        await ecb.TransmitFileAsync(query, {
          status: "200 OK",
          headers: { "Content-Type": "text/plain", "X-Transmit": "async" },
          offset: 2,
          length: 5,
          tail: "|tail",
        });
        return 1;
      }
      if (url.endsWith("/transmit-sync")) {
        ecb.SendResponseHeaders("200 OK", "Content-Type: text/plain\r\n");
        ecb.TransmitFile(query, { head: "head|", tail: "|tail" });
        return 1;
      }
      if (url.startsWith("/wild/")) {
        // A wildcard map passing the request on to the next handler (static files).
        await ecb.ExecURLAsync(undefined, { flags: 4 /* HSE_EXEC_URL_IGNORE_CURRENT_INTERCEPTOR */ });
        return 1;
      }
      if (url.endsWith("/child")) {
        ecb.SendResponseHeaders("200 OK", "");
        ecb.WriteClient("from the child " + ecb.Method + " " + ecb.GetServerVariable("HTTP_X_CHILD", "-"));
        return 1;
      }
      if (url.endsWith("/exec-pywin32")) {
        // pywin32's form: IOCompletion, then ExecURL(url, method, headers, info, entity, flags).
        ecb.IOCompletion((e, _arg, _bytes, error) => {
          const status = e.GetExecURLStatus();
          e.WriteClient(" | callback " + status.HttpStatusCode + " " + error);
          e.DoneWithSession(1);
        });
        try { ecb.ExecURL("/io/child", "GET", null, { user: "x" }, null, 0); } catch (e) { ecb.LogData = e.name; }
        ecb.ExecURL("/io/child", "POST", "X-Child: pywin32\r\n", null, null, 0);
        return 3;
      }
      if (url.endsWith("/exec")) {
        const status = await ecb.ExecURLAsync("/io/child", { method: "PUT", headers: { "X-Child": "yes" } });
        const again = ecb.GetExecURLStatus();
        ecb.WriteClient(" | " + status.HttpStatusCode + " " + again.HttpStatusCode + " " + status.Win32Error);
        return 1;
      }
      if (url.endsWith("/callbacks")) {
        // pywin32's asynchronous style: IOCompletion, WriteClient(…, HSE_IO_ASYNC), PENDING.
        const chunks = ["one ", "two ", "three"];
        ecb.SendResponseHeaders("200 OK", "");
        ecb.IOCompletion((e, state, bytes, error) => {
          state.written += bytes;
          if (error !== 0) throw new Error("write failed " + error);
          if (state.next < chunks.length) {
            e.WriteClient(chunks[state.next++], 2);
          } else {
            e.WriteClient(" [" + state.written + " bytes]");
            e.DoneWithSession(1);
          }
        }, { next: 1, written: 0 });
        ecb.WriteClient(chunks[0], 2);
        return 3;
      }
      if (url.endsWith("/callback-throws")) {
        ecb.IOCompletion(() => { throw new Error("callback exploded"); });
        ecb.WriteClient("partial", 2);
        return 3;
      }
      if (url.endsWith("/pending-nothing")) {
        return 3;
      }
      if (url.endsWith("/async-without-callback")) {
        try { ecb.WriteClient("x", 2); } catch (e) { ecb.SendResponseHeaders("200 OK", ""); ecb.WriteClient(e.name + " " + e.errno); }
        return 1;
      }
      if (url.endsWith("/fetch")) {
        const base = "http://127.0.0.1:" + ecb.GetServerVariable("SERVER_PORT");
        const page = await fetch(base + "/files/data.txt", { headers: { "X-Probe": "1" } });
        const results = [page.status, page.ok, page.headers.get("Content-Type"), await page.text()];
        const missing = await fetch(base + "/files/none.txt");
        results.push(missing.status, missing.ok);
        for (const bad of ["https://127.0.0.1/", "http://127.0.0.1:1/"]) {
          try { await fetch(bad); results.push("fetched?!"); } catch (e) { results.push(e.name); }
        }
        ecb.SendResponseHeaders("200 OK", "");
        ecb.WriteClient(JSON.stringify(results));
        return 1;
      }
      if (url.endsWith("/vector")) {
        ecb.VectorSend(["abc", new Uint8Array([45, 45]), { path: query, offset: 1, length: 3 }, "xyz"], {
          status: "202 Accepted",
          headers: { "X-Vector": "js" },
        });
        return 1;
      }
      if (url.endsWith("/transmit-missing")) {
        try { ecb.TransmitFile("/no/such/file"); } catch (e) { ecb.SendResponseHeaders("200 OK", ""); ecb.WriteClient(e.name + ": " + e.message); }
        return 1;
      }
      return 1;
    },
  };
}
"#;

fn host() -> (Site, support::Host) {
    let mut site = Site::new("async");
    site.handler("/io/*", "io", Some(ASYNC));
    site.handler("/wild/*", "wild", Some(ASYNC));
    site.static_files("/files/*");
    site.static_files("*");
    let host = site.serve(&[]);
    (site, host)
}

#[test]
fn async_reads_and_writes_echo_any_body() {
    let (_site, host) = host();
    for size in [0usize, 10, 48 * 1024, 150_000] {
        let body: Vec<u8> = (0..size).map(|i| (i * 13 % 256) as u8).collect();
        let response = host.request("POST", "/io/echo", &body);
        assert_eq!(response.status, 200, "size {size}: {}", host.log());
        assert!(response.body == body, "size {size}: echo differs");
    }
}

#[test]
fn one_operation_at_a_time() {
    let (_site, host) = host();
    let response = host.request("GET", "/io/overlap", b"");
    assert_eq!(response.text(), "first ExtensionError 87");
}

#[test]
fn transmit_file_sync_and_async() {
    let (site, host) = host();
    let file = site.dir.join("data.txt");
    std::fs::write(&file, "0123456789").unwrap();
    let response = host.request("GET", &format!("/io/transmit?{}", file.display()), b"");
    assert_eq!(response.status, 200, "{}", host.log());
    assert_eq!(response.header("x-transmit"), Some("async"));
    assert_eq!(response.text(), "23456|tail");
    let response = host.request("GET", &format!("/io/transmit-sync?{}", file.display()), b"");
    assert_eq!(response.text(), "head|0123456789|tail");
    let response = host.request("GET", &format!("/io/vector?{}", file.display()), b"");
    assert_eq!(response.status, 202, "{}", host.log());
    assert_eq!(response.header("x-vector"), Some("js"));
    assert_eq!(response.text(), "abc--123xyz");
    let response = host.request("GET", "/io/transmit-missing", b"");
    assert!(
        response.text().starts_with("ExtensionError: cannot open"),
        "{}",
        response.text()
    );
}

#[test]
fn exec_url_runs_children_through_the_mapping() {
    let (site, host) = host();
    std::fs::create_dir_all(site.dir.join("wild")).unwrap();
    std::fs::write(site.dir.join("wild/index.htm"), "<h1>static</h1>").unwrap();
    let page = host.request("GET", "/wild/index.htm", b"");
    assert_eq!(page.status, 200, "{}", host.log());
    assert_eq!(page.text(), "<h1>static</h1>");
    assert_eq!(host.request("GET", "/wild/nothing.htm", b"").status, 404);
    let exec = host.request("GET", "/io/exec", b"");
    assert_eq!(exec.status, 200, "{}", host.log());
    assert_eq!(exec.text(), "from the child PUT yes | 200 200 0");
    let pywin32 = host.request("GET", "/io/exec-pywin32", b"");
    assert_eq!(
        pywin32.text(),
        "from the child POST pywin32 | callback 200 0",
        "{}",
        host.log()
    );
    assert!(
        host.wait_for_log("log=TypeError").contains("exec-pywin32"),
        "{}",
        host.log()
    );
}

#[test]
fn pywin32_style_completion_callbacks_drive_a_pending_request() {
    let (_site, host) = host();
    let response = host.request("GET", "/io/callbacks", b"");
    assert_eq!(response.status, 200, "{}", host.log());
    assert_eq!(response.text(), "one two three [13 bytes]");
    assert_eq!(
        host.request("GET", "/io/async-without-callback", b"")
            .text(),
        "ExtensionError 87"
    );
    // A callback that throws ends the request in error; one that promises PENDING with
    // nothing in flight is ended with a 500; the host carries on either way.
    let _ = host.request("GET", "/io/callback-throws", b"");
    let log = host.wait_for_log("callback exploded");
    assert!(
        log.contains("the IOCompletion callback failed"),
        "log:\n{log}"
    );
    assert_eq!(host.request("GET", "/io/pending-nothing", b"").status, 500);
    assert!(host
        .wait_for_log("neither ended the request")
        .contains("HSE_STATUS_PENDING"));
    assert_eq!(host.request("GET", "/io/callbacks", b"").status, 200);
}

#[test]
fn handlers_can_fetch_over_plain_http() {
    let (site, host) = host();
    std::fs::create_dir_all(site.dir.join("files")).unwrap();
    std::fs::write(site.dir.join("files/data.txt"), "upstream data").unwrap();
    let response = host.request("GET", "/io/fetch", b"");
    assert_eq!(response.status, 200, "{}", host.log());
    assert_eq!(
        response.text(),
        r#"[200,true,"text/plain","upstream data",404,false,"TypeError","TypeError"]"#
    );
}
