//! The host runs its threads under `SCHED_BATCH` unless told otherwise, so a woken I/O
//! thread does not preempt an engine thread mid-queue; the threads an extension starts
//! (the engine pool) inherit the policy.
#![cfg(target_os = "linux")]
mod support;

use support::Site;

const HANDLER: &str = r#"
export function __ExtensionFactory__() {
  return {
    HttpExtensionProc(ecb) {
      ecb.SendResponseHeaders("200 OK", { "Content-Type": "text/plain" });
      ecb.WriteClient("scheduled");
      return 1;
    },
  };
}
"#;

/// Adds a response header, so the test sees that the filter ran.
const FILTER: &str = r#"
export function __FilterFactory__() {
  return {
    GetFilterVersion(fv) { fv.Flags = 0x40 | 0x2 | 0x20000; },
    HttpFilterProc(fc) {
      fc.AddResponseHeaders("X-Filtered: yes\r\n");
      return 0x08000002;
    },
  };
}
"#;

const SCHED_OTHER: u32 = 0;
const SCHED_BATCH: u32 = 3;

/// Each thread of `pid`: its name and its scheduling policy (field 41 of its `stat`).
fn thread_policies(pid: u32) -> Vec<(String, u32)> {
    let mut threads = Vec::new();
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap() {
        let task = task.unwrap().path();
        let name = std::fs::read_to_string(task.join("comm")).unwrap();
        let stat = std::fs::read_to_string(task.join("stat")).unwrap();
        // The name in parentheses may hold spaces; fields 3.. follow the last ')'.
        let after_name = &stat[stat.rfind(')').unwrap() + 1..];
        let policy = after_name.split_whitespace().nth(41 - 3).unwrap();
        threads.push((name.trim().to_owned(), policy.parse().unwrap()));
    }
    threads
}

fn policies_named(threads: &[(String, u32)], prefix: &str) -> Vec<u32> {
    threads
        .iter()
        .filter(|(name, _)| name.starts_with(prefix))
        .map(|&(_, policy)| policy)
        .collect()
}

fn serve_and_read_policies(args: &[&str]) -> Vec<(String, u32)> {
    let mut site = Site::new("sched");
    site.handler("/s/*", "s", Some(HANDLER));
    // Filters load with the configuration, before the host starts serving: their engine
    // threads must inherit the policy too.
    site.filter("f", Some(FILTER));
    let host = site.serve_with(&[("ISAPI_TS_WORKERS", "2")], args);
    let response = host.request("GET", "/s/x", b"");
    assert_eq!(response.status, 200);
    assert_eq!(response.body, b"scheduled");
    assert_eq!(response.header("x-filtered"), Some("yes"));
    thread_policies(host.child.id())
}

/// The host with `args` runs I/O, engine and filter-engine threads, all under `policy`.
fn assert_every_thread_is_scheduled(args: &[&str], policy: u32) {
    let threads = serve_and_read_policies(args);
    for group in ["tokio-rt-worker", "isapi-filter-"] {
        assert!(
            !policies_named(&threads, group).is_empty(),
            "no {group} threads among {threads:?}"
        );
    }
    assert_eq!(
        policies_named(&threads, "isapi-js-").len(),
        2,
        "{threads:?}"
    );
    assert!(
        threads.iter().all(|&(_, actual)| actual == policy),
        "{threads:?}"
    );
}

#[test]
fn the_hosts_threads_and_the_engine_threads_are_batch_scheduled() {
    assert_every_thread_is_scheduled(&[], SCHED_BATCH);
}

#[test]
fn the_kernels_default_policy_can_be_asked_for() {
    assert_every_thread_is_scheduled(&["--threads", "normal"], SCHED_OTHER);
}

#[test]
fn an_unknown_policy_is_refused_with_the_ones_there_are() {
    let (_, host) = support::artifacts();
    let output = std::process::Command::new(host)
        .args(["--config", "web.config", "--threads", "sideways"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("sideways") && stderr.contains("batch") && stderr.contains("normal"),
        "{stderr}"
    );
}
