//! How the `isapi-host` binary is told to stop: `--exit-on-stdin-close` shuts it down
//! cleanly (libraries hear `TerminateExtension`, the exit status is success) when its
//! standard input ends — the way a parent stops it on Windows, where a child's kill is
//! TerminateProcess and Wine turns SIGTERM into the same. Each library is unloaded
//! (FreeLibrary, dlclose) after its TerminateExtension or TerminateFilter, and the log
//! says so.
mod support;

use std::path::Path;
use std::process::{Command, Stdio};

#[test]
fn closing_stdin_shuts_the_host_down_and_terminates_its_libraries() {
    let root =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("shutdown-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(support::native_library(), root.join("_native.so")).unwrap();
    std::fs::copy(support::native_filter(), root.join("_filter.so")).unwrap();
    std::fs::write(
        root.join("web.config"),
        r#"<configuration><system.webServer><handlers>
             <add name="native" path="/native/*" verb="*" modules="IsapiModule" scriptProcessor="_native.so" />
           </handlers>
           <isapiFilters><filter name="native" path="_filter.so" /></isapiFilters>
           </system.webServer></configuration>"#,
    )
    .unwrap();
    let log = root.join("host.log");
    let mut host = Command::new(env!("CARGO_BIN_EXE_isapi-host"))
        .arg("--config")
        .arg(root.join("web.config"))
        .args(["--listen", "127.0.0.1:0", "--exit-on-stdin-close"])
        .env("RUST_LOG", "info")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("cannot start isapi-host");
    let addr = support::listening_address(&mut host, &log);
    // The library loads with its first request.
    let response = support::http::Connection::request(addr, "GET", "/native/vars", &[], b"");
    assert_eq!(response.status, 200, "{:?}", response.text());

    drop(host.stdin.take());
    // Bounded, so that a host that never stops fails the test instead of hanging it.
    let mut status = None;
    for _ in 0..600 {
        status = host.try_wait().unwrap();
        if status.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let Some(status) = status else {
        let _ = host.kill();
        let _ = host.wait();
        panic!("the host was still running a minute after its stdin closed");
    };
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(status.success(), "{status:?}\n{log}");
    let native = root.join("_native.so").display().to_string();
    let filter = root.join("_filter.so").display().to_string();
    // In this order: each library goes after its Terminate call, before the exit.
    let mut rest = log.as_str();
    for expected in [
        "standard input closed".to_owned(),
        "shutting down".to_owned(),
        format!("TerminateExtension({native}) returned true"),
        format!("isapi_host::library: unloaded {native}\n"),
    ] {
        let Some(at) = rest.find(&expected) else {
            panic!("{expected:?} not in the log after what came before:\n{log}");
        };
        rest = &rest[at + expected.len()..];
    }
    let terminated = format!("TerminateFilter({filter}) returned true");
    let unloaded = format!("isapi_host::library: unloaded {filter}\n");
    let (Some(terminated), Some(unloaded)) = (log.find(&terminated), log.find(&unloaded)) else {
        panic!("{terminated:?} and {unloaded:?} not both in the log:\n{log}");
    };
    assert!(terminated < unloaded, "{log}");
    let _ = std::fs::remove_dir_all(&root);
}
