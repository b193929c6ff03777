//! Shared test support: the raw HTTP client, and the C fixtures compiled once per process.
#![allow(dead_code)]
pub mod http;
pub mod native;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Child;

/// The address a just-started `isapi-host --listen 127.0.0.1:0` reports on its first line
/// of standard output (piped). `log` is the host's log file, shown if it did not start.
pub fn listening_address(host: &mut Child, log: &Path) -> SocketAddr {
    let mut line = String::new();
    BufReader::new(host.stdout.take().expect("the host's stdout is piped"))
        .read_line(&mut line)
        .unwrap();
    line.trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| {
            let log = std::fs::read_to_string(log).unwrap_or_default();
            panic!("isapi-host did not start: {line:?}\n{log}")
        })
        .parse()
        .unwrap()
}

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
