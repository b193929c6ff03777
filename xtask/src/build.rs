//! `cargo xtask build`: the Rust binaries, the TypeScript package, and every sample.
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};
use crate::npm;
use crate::summary::Summary;
use crate::windows;
use crate::workspace;
use std::path::{Path, PathBuf};

/// `windows`: also the Windows build ([`windows::build`]).
pub fn run(windows: bool) -> Result {
    let mut summary = Summary::new("build");
    let result = build(&mut summary).and_then(|()| {
        if windows {
            windows::build(&mut summary)
        } else {
            Ok(())
        }
    });
    let finished = summary.finish(result.is_err());
    result.and(finished)
}

/// The build steps, stopping at the first failure. Shared by `serve` and `test`.
pub fn build(summary: &mut Summary) -> Result {
    summary.run(&Cmd::cargo().args([
        "build",
        "-p",
        "isapi-dll",
        "-p",
        "isapi-host",
        "-p",
        "isapi-js",
    ]))?;
    npm::ensure_installed(summary)?;
    summary.run(&Cmd::new(workspace::npm()).args(["run", "build", "--workspace", "ts/isapi"]))?;
    // The Node addon (crates/isapi-node), built by @napi-rs/cli into ts/isapi/native.
    summary.run(&Cmd::new(workspace::npm()).args([
        "run",
        "build:native",
        "--workspace",
        "ts/isapi",
    ]))?;

    let samples = match samples() {
        Ok(samples) => samples,
        Err(failure) => {
            summary.record_failure("list samples/*.ts", &failure);
            return Err(failure);
        }
    };
    if samples.is_empty() {
        eprintln!("no samples/*.ts to build");
    }
    let dll = workspace::isapi_dll();
    for sample in samples {
        summary.run(
            &Cmd::new("node")
                .arg(workspace::isapi_cli())
                .arg("build")
                .arg(&sample)
                .arg("--dll")
                .arg(&dll)
                // Type errors are `cargo xtask lint`'s (tsc over the whole workspace).
                .arg("--no-check"),
        )?;
    }
    Ok(())
}

/// `samples/*.ts` (declaration files excluded), relative to the root, in name order.
fn samples() -> Result<Vec<PathBuf>> {
    let dir = workspace::root().join(workspace::SAMPLES);
    let entries = std::fs::read_dir(&dir)
        .map_err(|e| Failure::new(format!("cannot list {}: {e}", dir.display())))?;
    let mut samples = Vec::new();
    for entry in entries {
        let entry =
            entry.map_err(|e| Failure::new(format!("cannot list {}: {e}", dir.display())))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        if is_file && name.ends_with(".ts") && !name.ends_with(".d.ts") {
            samples.push(Path::new(workspace::SAMPLES).join(&*name));
        }
    }
    samples.sort();
    Ok(samples)
}
