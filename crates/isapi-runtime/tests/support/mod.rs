//! What the platform's Rust tests share: running a script in `isapi-run`.
#![allow(dead_code)] // each test file uses what it needs

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `source` as an ES module named `<name>.mjs` in `isapi-run`. Every call has a
/// folder of its own in cargo's scratch folder for tests (tests run in parallel: nothing
/// shared is created or removed).
pub fn isapi_run(name: &str, source: &str) -> Output {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("isapi-run-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a folder for the script");
    let path = folder.join(format!("{name}.mjs"));
    std::fs::write(&path, source).expect("write the script");
    let output = Command::new(env!("CARGO_BIN_EXE_isapi-run"))
        .arg(&path)
        .output()
        .expect("run isapi-run");
    let _ = std::fs::remove_dir_all(&folder);
    output
}

/// What a run of `source` that must succeed printed.
pub fn stdout_of(name: &str, source: &str) -> String {
    let output = isapi_run(name, source);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{name} failed: {}\nstdout: {stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}
