//! Reload on change: the bundle is rewritten while clients keep sending requests; every
//! request is answered 200, by the old or the new version, and the new one takes over.
mod support;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::Site;

/// A handler answering `tag`; `threaded`: with `Dispatch`, as a ThreadPoolExtension is.
fn version(tag: &str, threaded: bool) -> String {
    let (method, extra) = if threaded {
        (
            "Dispatch",
            "HttpExtensionProc(ecb) { return this.Dispatch(ecb); },",
        )
    } else {
        ("HttpExtensionProc", "")
    };
    format!(
        r#"export function __ExtensionFactory__() {{
  return {{
    {extra}
    {method}(ecb) {{
      ecb.SendResponseHeaders("200 OK", {{ "Content-Type": "text/plain" }});
      ecb.WriteClient("{tag}");
      return 1;
    }},
  }};
}}
"#
    )
}

/// Runs `clients` loops of keep-alive requests until `stop`; returns status/body counts.
fn load(
    host: &support::Host,
    clients: usize,
    stop: Arc<AtomicBool>,
) -> Vec<std::thread::JoinHandle<BTreeMap<String, usize>>> {
    (0..clients)
        .map(|_| {
            let addr = host.addr;
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut seen = BTreeMap::new();
                let mut connection = support::Connection::open(addr);
                // Bounded: at most 20 000 requests per client.
                for _ in 0..20_000 {
                    if stop.load(Ordering::Acquire) {
                        break;
                    }
                    connection.send("GET", "/r/x", &[], b"");
                    let response = connection.response();
                    let key = format!("{} {}", response.status, response.text());
                    *seen.entry(key).or_insert(0) += 1;
                }
                seen
            })
        })
        .collect()
}

fn reload_under_load(threaded: bool) {
    let mut site = Site::new("reload");
    site.handler("/r/*", "r", Some(&version("v1", threaded)));
    let host = site.serve(&[("ISAPI_TS_WATCH_MS", "50")]);
    assert_eq!(host.request("GET", "/r/x", b"").text(), "v1");

    let stop = Arc::new(AtomicBool::new(false));
    let clients = load(&host, 3, stop.clone());
    std::thread::sleep(Duration::from_millis(200));
    // Rewritten in place, in two steps, as a bundler writing a file does.
    let v2 = version("v2", threaded);
    let (first, second) = v2.split_at(v2.len() / 2);
    std::fs::write(site.dir.join("r.js"), first).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(site.dir.join("r.js"), format!("{first}{second}")).unwrap();

    let deadline = Instant::now() + Duration::from_secs(30);
    let seen_v2 = Mutex::new(false);
    while Instant::now() < deadline {
        if host.request("GET", "/r/x", b"").text() == "v2" {
            *seen_v2.lock().unwrap() = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // Some more load on the new version, then stop.
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, Ordering::Release);
    let mut total = BTreeMap::new();
    for client in clients {
        for (key, count) in client.join().unwrap() {
            *total.entry(key).or_insert(0) += count;
        }
    }
    assert!(
        *seen_v2.lock().unwrap(),
        "v2 never answered: {}",
        host.log()
    );
    let failures: Vec<_> = total
        .keys()
        .filter(|k| *k != "200 v1" && *k != "200 v2")
        .collect();
    assert!(
        failures.is_empty(),
        "failed answers {total:?}\n{}",
        host.log()
    );
    assert!(total.get("200 v1").copied().unwrap_or(0) > 0, "{total:?}");
    assert!(total.get("200 v2").copied().unwrap_or(0) > 0, "{total:?}");
    assert!(host.log().contains("new requests run the new version"));
}

#[test]
fn a_synchronous_handler_reloads_under_load_without_a_failed_request() {
    reload_under_load(false);
}

#[test]
fn a_thread_pool_handler_reloads_under_load_without_a_failed_request() {
    reload_under_load(true);
}

#[test]
fn a_broken_new_version_is_reported_and_the_old_one_keeps_serving() {
    let mut site = Site::new("reload-broken");
    site.handler("/r/*", "r", Some(&version("v1", false)));
    let host = site.serve(&[("ISAPI_TS_WATCH_MS", "50")]);
    assert_eq!(host.request("GET", "/r/x", b"").text(), "v1");
    std::fs::write(
        site.dir.join("r.js"),
        "export function __ExtensionFactory__() { return {;",
    )
    .unwrap();
    let log = host.wait_for_log("the previous version keeps serving");
    assert!(log.contains("the previous version keeps serving"), "{log}");
    assert_eq!(host.request("GET", "/r/x", b"").text(), "v1");
    // Fixed: the new version loads.
    std::fs::write(site.dir.join("r.js"), version("v3", false)).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut text = String::new();
    while Instant::now() < deadline && text != "v3" {
        std::thread::sleep(Duration::from_millis(20));
        text = host.request("GET", "/r/x", b"").text();
    }
    assert_eq!(text, "v3");
}

/// A handler answering `tag` on `/r/x` that allocates without end on `/r/alloc`.
fn hog(tag: &str) -> String {
    format!(
        r#"export function __ExtensionFactory__() {{
  return {{
    HttpExtensionProc(ecb) {{
      if (ecb.GetServerVariable("URL").endsWith("/alloc")) {{
        const hog = [];
        for (;;) hog.push(new Array(1 << 16).fill(hog.length));
      }}
      ecb.SendResponseHeaders("200 OK", {{ "Content-Type": "text/plain" }});
      ecb.WriteClient("{tag}");
      return 1;
    }},
  }};
}}
"#
    )
}

/// The live-engine count of the last "engine heap freed" line.
fn engines_live(log: &str) -> Option<usize> {
    log.lines()
        .filter_map(|line| line.split("engine heap freed; ").nth(1))
        .filter_map(|rest| rest.split(' ').next()?.parse().ok())
        .next_back()
}

/// The host's threads whose name starts with `prefix` (Linux: /proc/PID/task/*/comm).
#[cfg(target_os = "linux")]
fn threads_named(pid: u32, prefix: &str) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|tasks| {
            tasks
                .flatten()
                .filter_map(|task| std::fs::read_to_string(task.path().join("comm")).ok())
                .filter(|name| name.starts_with(prefix))
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn replaced_and_retired_engines_are_freed_and_their_threads_end() {
    const WORKERS: usize = 2;
    const ROUNDS: usize = 6;
    let mut site = Site::new("reload-frees");
    site.handler("/r/*", "r", Some(&hog("v0")));
    let host = site.serve(&[
        ("ISAPI_TS_WATCH_MS", "50"),
        ("ISAPI_TS_WORKERS", "2"),
        ("ISAPI_TS_MEMORY_MB", "8"),
        ("ISAPI_TS_LOG", "warn,isapi_js::heap=debug"),
    ]);
    assert_eq!(host.request("GET", "/r/x", b"").text(), "v0");
    for round in 1..=ROUNDS {
        // Out of memory: the engine is replaced.
        assert_eq!(host.request("GET", "/r/alloc", b"").status, 500);
        // A new version: the pool is replaced and the old one retired.
        let tag = format!("v{round}");
        std::fs::write(site.dir.join("r.js"), hog(&tag)).unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut text = String::new();
        while Instant::now() < deadline && text != tag {
            std::thread::sleep(Duration::from_millis(20));
            text = host.request("GET", "/r/x", b"").text();
        }
        assert_eq!(text, tag, "{}", host.log());
    }
    // Retiring ends on its own thread: wait (bounded) until the count settles.
    let settled = |log: &str| {
        let live = engines_live(log);
        #[cfg(target_os = "linux")]
        let threads_gone = threads_named(host.child.id(), "isapi-js-") == WORKERS
            && threads_named(host.child.id(), "isapi-retire") == 0;
        #[cfg(not(target_os = "linux"))]
        let threads_gone = true;
        live == Some(WORKERS) && threads_gone
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut log = host.log();
    while !settled(&log) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        log = host.log();
    }
    let freed = log.matches("engine heap freed").count();
    // Each round frees the engine that ran out and the retired pool's engines.
    assert!(freed >= ROUNDS * (1 + WORKERS), "{freed} freed\n{log}");
    assert_eq!(engines_live(&log), Some(WORKERS), "{log}");
    assert!(!log.contains("never returned"), "{log}");
    #[cfg(target_os = "linux")]
    {
        let pid = host.child.id();
        assert_eq!(threads_named(pid, "isapi-js-"), WORKERS, "{log}");
        assert_eq!(threads_named(pid, "isapi-retire"), 0, "{log}");
    }
}
