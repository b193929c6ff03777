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
    // SAFETY: the fake ECB lives until `wait` saw DONE_WITH_SESSION.
    let status = unsafe { proc_(request.raw()) };
    assert_eq!(status, sys::HSE_STATUS_PENDING);
    String::from_utf8_lossy(&request.wait().body).into_owned()
}

/// Runs `check` in a forked child (which leaves with `_exit`, never returning into the
/// test harness); true when it returned true. A child that hangs is killed: false.
fn in_a_child(check: impl FnOnce() -> bool) -> bool {
    // SAFETY: the child only runs `check` and `_exit`s.
    let child = unsafe { libc::fork() };
    assert!(child >= 0, "fork failed");
    if child == 0 {
        let passed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(check));
        let code = i32::from(passed.ok() != Some(true));
        // SAFETY: ends the child at once, without running the parent's exit handlers.
        unsafe { libc::_exit(code) };
    }
    // Bounded wait: before the fix the child hung on a queue nobody serves.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut status = 0;
    loop {
        // SAFETY: `child` is our own child process.
        if unsafe { libc::waitpid(child, &mut status, libc::WNOHANG) } == child {
            return libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
        }
        if Instant::now() > deadline {
            eprintln!("the child hung: killed");
            // SAFETY: as above.
            unsafe {
                libc::kill(child, libc::SIGKILL);
                libc::waitpid(child, &mut status, 0);
            }
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A folder with a copy of the library as `_<name>` and `bundle` as `<name>.js`.
fn library_with(name: &str, bundle: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fork-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let library = dir.join(format!("_{name}{}", std::env::consts::DLL_SUFFIX));
    std::fs::copy(&support::artifacts().0, &library).unwrap();
    std::fs::write(dir.join(format!("{name}.js")), bundle).unwrap();
    std::fs::write(
        dir.join(format!("{name}.settings.json")),
        r#"{ "workers": 1, "watchMs": 0 }"#,
    )
    .unwrap();
    library
}

#[test]
fn a_forked_child_restarts_the_engines_and_serves() {
    let library = library_with("forky", BUNDLE);
    // SAFETY: the library's initialisers are Rust statics only.
    let loaded = unsafe { libloading::Library::new(&library) }.unwrap();
    // SAFETY: the exports have these ISAPI signatures.
    let (version, proc_) = unsafe {
        (
            *loaded.get::<Version>(b"GetExtensionVersion\0").unwrap(),
            *loaded.get::<Proc>(b"HttpExtensionProc\0").unwrap(),
        )
    };
    // SAFETY: a zeroed HSE_VERSION_INFO is a valid struct to fill.
    let mut info: sys::HSE_VERSION_INFO = unsafe { std::mem::zeroed() };
    // SAFETY: a valid, writable struct.
    assert_eq!(unsafe { version(&mut info) }, sys::TRUE);
    assert_eq!(serve(proc_, "parent"), "served by parent");

    assert!(in_a_child(|| serve(proc_, "child") == "served by child"));
    // The parent's engines are untouched.
    assert_eq!(serve(proc_, "parent again"), "served by parent again");
    std::mem::forget(loaded); // pinned anyway; the engines keep running until exit
}

#[test]
fn a_forked_child_restarts_the_filter_engines() {
    let filter = r#"
export function __FilterFactory__() {
  return {
    GetFilterVersion(fv) { fv.Flags = 0x100; /* SF_NOTIFY_END_OF_NET_SESSION */ },
    HttpFilterProc(fc) { return 0x8000003; /* SF_STATUS_REQ_HANDLED_NOTIFICATION */ },
  };
}
"#;
    type FilterVersion = unsafe extern "system" fn(*mut sys::HTTP_FILTER_VERSION) -> sys::BOOL;
    type FilterProc = unsafe extern "system" fn(
        *mut sys::HTTP_FILTER_CONTEXT,
        sys::DWORD,
        *mut std::ffi::c_void,
    ) -> sys::DWORD;
    let library = library_with("forkf", filter);
    // SAFETY: the library's initialisers are Rust statics only.
    let loaded = unsafe { libloading::Library::new(&library) }.unwrap();
    // SAFETY: the exports have these ISAPI signatures.
    let (version, proc_) = unsafe {
        (
            *loaded.get::<FilterVersion>(b"GetFilterVersion\0").unwrap(),
            *loaded.get::<FilterProc>(b"HttpFilterProc\0").unwrap(),
        )
    };
    // SAFETY: zeroed structs are valid values to fill or pass (no callback is
    // used by END_OF_NET_SESSION, whose data is null).
    let mut info: sys::HTTP_FILTER_VERSION = unsafe { std::mem::zeroed() };
    // SAFETY: a valid, writable struct.
    assert_eq!(unsafe { version(&mut info) }, sys::TRUE);
    let notify = move || {
        // SAFETY: as above.
        let mut context: sys::HTTP_FILTER_CONTEXT = unsafe { std::mem::zeroed() };
        context.cbSize = std::mem::size_of::<sys::HTTP_FILTER_CONTEXT>() as u32;
        // SAFETY: a live context for this call; END_OF_NET_SESSION has no data.
        unsafe {
            proc_(
                &mut context,
                sys::SF_NOTIFY_END_OF_NET_SESSION,
                std::ptr::null_mut(),
            )
        }
    };
    assert_eq!(notify(), sys::SF_STATUS_REQ_HANDLED_NOTIFICATION);
    assert!(in_a_child(
        || notify() == sys::SF_STATUS_REQ_HANDLED_NOTIFICATION
    ));
    assert_eq!(notify(), sys::SF_STATUS_REQ_HANDLED_NOTIFICATION);
    std::mem::forget(loaded); // pinned anyway; the engines keep running until exit
}
