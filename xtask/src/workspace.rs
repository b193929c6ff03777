//! Where things are: the workspace root, the tools, and the artifacts xtask builds and runs.
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The workspace root (the parent of xtask's own manifest directory). Every command runs
/// from here, so paths printed and passed to tools are relative to it.
pub fn root() -> PathBuf {
    // `cargo run` sets it when xtask runs; the compiled-in value is only a fallback, since
    // a target/ copied from another checkout would otherwise work on that checkout.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .expect("xtask lives one directory below the workspace root")
        .to_path_buf()
}

/// The cargo that runs xtask (`$CARGO`), so that the same toolchain builds everything.
pub fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// `npm` (a `.cmd` script on Windows, which `Command` does not find without the suffix).
pub fn npm() -> &'static str {
    if cfg!(windows) {
        "npm.cmd"
    } else {
        "npm"
    }
}

/// `npx`, spelled as `npm`.
pub fn npx() -> &'static str {
    if cfg!(windows) {
        "npx.cmd"
    } else {
        "npx"
    }
}

/// Cargo's target directory, relative to the root unless `CARGO_TARGET_DIR` says otherwise.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"))
}

/// The generic ISAPI library built by `cargo build -p isapi-dll` (dev profile).
pub fn isapi_dll() -> PathBuf {
    use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
    target_dir()
        .join("debug")
        .join(format!("{DLL_PREFIX}isapi_dll{DLL_SUFFIX}"))
}

/// Our ISAPI host binary built by `cargo build -p isapi-host` (dev profile).
pub fn isapi_host() -> PathBuf {
    target_dir()
        .join("debug")
        .join(format!("isapi-host{}", std::env::consts::EXE_SUFFIX))
}

/// The CLI of the TypeScript package, once `npm run build --workspace ts/isapi` has run.
pub fn isapi_cli() -> PathBuf {
    Path::new("ts").join("isapi").join("dist").join("cli.js")
}

/// The files in `dir` (relative to the root) whose names `wanted` accepts, as
/// `dir/name`, in name order.
pub fn files_in(dir: &str, wanted: impl Fn(&str) -> bool) -> crate::failure::Result<Vec<PathBuf>> {
    let path = root().join(dir);
    let cannot = |e: std::io::Error| {
        crate::failure::Failure::new(format!("cannot list {}: {e}", path.display()))
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&path).map_err(cannot)? {
        let entry = entry.map_err(cannot)?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if entry.file_type().is_ok_and(|t| t.is_file()) && wanted(&name) {
            files.push(Path::new(dir).join(&*name));
        }
    }
    files.sort();
    Ok(files)
}

/// What a site needs built, as cargo's `-p` arguments: the generic library, the host,
/// and isapi-js for its `isapi-compile` (bytecode).
pub const SITE_PACKAGES: [&str; 6] = ["-p", "isapi-dll", "-p", "isapi-host", "-p", "isapi-js"];

pub const SAMPLES: &str = "samples";
pub const WEB_CONFIG: &str = "samples/web.config";
pub const SAMPLES_README: &str = "samples/README.md";
