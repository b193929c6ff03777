//! The C fixtures (tests/fixtures/*.c), compiled with the system C compiler.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// Compiles `fixture` into the library `output`.
pub fn compile(fixture: &str, output: &Path) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    if let Some(dir) = output.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let status = Command::new(&compiler)
        .args(["-shared", "-fPIC", "-O1", "-Wall", "-o"])
        .arg(output)
        .arg(&source)
        .arg("-lpthread")
        .status()
        .unwrap_or_else(|e| {
            panic!("no C compiler `{compiler}` ({e}); install gcc to run this test")
        });
    assert!(status.success(), "compiling {source:?} failed");
}
