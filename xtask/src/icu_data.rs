//! `cargo xtask icu-data`: regenerates crates/isapi-runtime/icu-data, the ICU4X data the
//! library carries (`.cargo/config.toml` points `ICU4X_DATA_DIR` at it), from ICU4X's own
//! compiled data cut to the languages of isapi-runtime's `src/intl_languages.rs`.
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};
use crate::workspace;

/// Where the generated data goes, relative to the workspace root.
pub const OUTPUT: &str = "crates/isapi-runtime/icu-data";

pub fn run() -> Result {
    let root = workspace::root();
    let target = root.join(workspace::target_dir());
    // The tool reads the upstream data, not the cut data it writes: its build points
    // ICU4X_DATA_DIR (which overrides the config's) at a shim that includes each data
    // crate's own `data/mod.rs`. It has its own target dir, so switching the variable
    // rebuilds nothing of the workspace's.
    let shim = target.join("icu-full");
    std::fs::create_dir_all(&shim)
        .map_err(|e| Failure::new(format!("create {}: {e}", shim.display())))?;
    std::fs::write(
        shim.join("mod.rs"),
        "include!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/data/mod.rs\"));\n",
    )
    .map_err(|e| Failure::new(format!("write {}: {e}", shim.display())))?;
    let tool_target = target.join("icu-data");
    Cmd::cargo()
        .args([
            "build",
            "--locked",
            "--manifest-path",
            "tools/icu-data/Cargo.toml",
        ])
        .arg("--target-dir")
        .arg(&tool_target)
        .env("ICU4X_DATA_DIR", &shim)
        .run()?;
    let tool = tool_target
        .join("debug")
        .join(format!("icu-data{}", std::env::consts::EXE_SUFFIX));
    Cmd::new(tool).arg(OUTPUT).run()
}
