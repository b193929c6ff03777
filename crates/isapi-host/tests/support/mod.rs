//! Shared test support: the raw HTTP client, and the C fixtures compiled once per process.
#![allow(dead_code)]
pub mod http;
pub mod native;

use std::path::{Path, PathBuf};

/// The C extension fixture (compiled once per test process).
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

/// Compiles a fixture into this test process's directory.
fn compile(fixture: &str, library: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("native-{}", std::process::id()));
    let output = dir.join(library);
    native::compile(fixture, &output);
    output
}
