//! A library whose engines were started before `fork()` (as Apache's `ISAPICacheFile`
//! does in its parent process) serves requests in the child: the child has none of the
//! parent's threads, so the library must notice and start its engines again.
#![cfg(unix)]

#[path = "../../isapi-js/tests/support/mod.rs"]
mod fake;
mod support;

use std::time::{Duration, Instant};

use isapi::sys;

const BUNDLE: &str = r#"
export function __ExtensionFactory__() {
  return { HttpExtensionProc(ecb) { ecb.WriteClient(`served by ${ecb.QueryString}`); } };
}
"#;

type Version = unsafe extern "system" fn(*mut sys::HSE_VERSION_INFO) -> sys::BOOL;
type Proc = unsafe extern "system" fn(*mut sys::EXTENSION_CONTROL_BLOCK) -> sys::DWORD;

/// One request through the export; the body, once the worker ended the session.
fn serve(proc_: Proc, who: &str) -> String {
    let mut request = fake::FakeRequest::new(fake::RequestSpec {
        query: who,
        ..Default::default()
    });
    // SAFETY (test): the fake ECB lives until `wait` saw DONE_WITH_SESSION.
    let status = unsafe { proc_(request.raw()) };
    assert_eq!(status, sys::HSE_STATUS_PENDING);
    String::from_utf8_lossy(&request.wait().body).into_owned()
}

#[test]
fn a_forked_child_restarts_the_engines_and_serves() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fork-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let library = dir.join(format!("_forky{}", std::env::consts::DLL_SUFFIX));
    std::fs::copy(&support::artifacts().0, &library).unwrap();
    std::fs::write(dir.join("forky.js"), BUNDLE).unwrap();
    std::fs::write(
        dir.join("forky.settings.json"),
        r#"{ "workers": 1, "watchMs": 0 }"#,
    )
    .unwrap();

    // SAFETY (test): the library's initialisers are Rust statics only.
    let loaded = unsafe { libloading::Library::new(&library) }.unwrap();
    // SAFETY (test): the exports have these ISAPI signatures.
    let (version, proc_) = unsafe {
        (
            *loaded.get::<Version>(b"GetExtensionVersion\0").unwrap(),
            *loaded.get::<Proc>(b"HttpExtensionProc\0").unwrap(),
        )
    };
    // SAFETY (test): a zeroed HSE_VERSION_INFO is a valid struct to fill.
    let mut info: sys::HSE_VERSION_INFO = unsafe { std::mem::zeroed() };
    // SAFETY (test): a valid, writable struct.
    assert_eq!(unsafe { version(&mut info) }, sys::TRUE);
    assert_eq!(serve(proc_, "parent"), "served by parent");

    // SAFETY (test): the child only runs the request and leaves with _exit, never
    // returning into the test harness.
    let child = unsafe { libc::fork() };
    assert!(child >= 0, "fork failed");
    if child == 0 {
        let served = std::panic::catch_unwind(|| serve(proc_, "child"));
        let code = i32::from(served.as_deref().ok() != Some("served by child"));
        // SAFETY: ends the child at once, without running the parent's exit handlers.
        unsafe { libc::_exit(code) };
    }
    // Bounded wait: before the fix the child hung on a queue nobody serves.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut status = 0;
    let exited = loop {
        // SAFETY (test): `child` is our own child process.
        let done = unsafe { libc::waitpid(child, &mut status, libc::WNOHANG) };
        if done == child {
            break true;
        }
        if Instant::now() > deadline {
            // SAFETY (test): as above.
            unsafe {
                libc::kill(child, libc::SIGKILL);
                libc::waitpid(child, &mut status, 0);
            }
            break false;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exited, "the child hung: its request was never served");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "child status {status}"
    );
    // The parent's engines are untouched.
    assert_eq!(serve(proc_, "parent again"), "served by parent again");
    std::mem::forget(loaded); // pinned anyway; the engines keep running until exit
}
