//! Shared test support: the raw HTTP client, and the C fixtures compiled once per process.
#![allow(dead_code)]
pub mod http;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Compiles the fixture with the system C compiler (once per test process).
pub fn native_library() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| compile("native_ext.c", "_native.so"))
        .clone()
}

/// The C filter fixture, beside the extension.
pub fn native_filter() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| compile("native_filter.c", "_filter.so"))
        .clone()
}

/// Compiles a fixture with the system C compiler into this test process's directory.
fn compile(fixture: &str, library: &str) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("native-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let output = dir.join(library);
    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let status = Command::new(&compiler)
        .args(["-shared", "-fPIC", "-O1", "-Wall", "-o"])
        .arg(&output)
        .arg(&source)
        .arg("-lpthread")
        .status()
        .unwrap_or_else(|e| {
            panic!("no C compiler `{compiler}` ({e}); install gcc to run this test")
        });
    assert!(status.success(), "compiling {source:?} failed");
    output
}
