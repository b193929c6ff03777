//! `cargo xtask build`: the Rust binaries, the TypeScript package, and every sample.
use crate::cmd::Cmd;
use crate::failure::Result;
use crate::npm;
use crate::summary::Summary;
use crate::windows;
use crate::workspace;
use std::path::PathBuf;

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
    summary.run(&Cmd::cargo().arg("build").args(workspace::SITE_PACKAGES))?;
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
                // Type errors are `cargo xtask lint`'s (tsc over samples/ with the engine's globals).
                .arg("--no-check"),
        )?;
    }
    Ok(())
}

/// `samples/*.ts` (declaration files excluded), relative to the root, in name order.
fn samples() -> Result<Vec<PathBuf>> {
    workspace::files_in(workspace::SAMPLES, |name| {
        name.ends_with(".ts") && !name.ends_with(".d.ts")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_the_ts_files_without_declarations() {
        let samples = samples().unwrap();
        assert!(samples.contains(&PathBuf::from("samples/hello.ts")));
        assert!(samples.iter().all(|s| {
            let name = s.to_string_lossy();
            name.ends_with(".ts") && !name.ends_with(".d.ts")
        }));
    }
}
