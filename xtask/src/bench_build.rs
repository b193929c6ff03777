//! Building what the benchmark runs, in the release profile: our host and library, the
//! native baseline, the bench tools, and the TS handlers with `isapi build --bytecode`.
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};
use crate::npm;
use crate::summary::Summary;
use crate::workspace;
use std::path::{Path, PathBuf};

/// Where everything the benchmark runs is, as absolute paths.
pub struct Artifacts {
    pub host: PathBuf,
    /// S1's web.config (the native baseline) and S2's (our library with bench.ts).
    pub native_config: PathBuf,
    pub ts_config: PathBuf,
    /// The compiled handler bundle S2 and S3 run.
    pub bundle: PathBuf,
    /// A handler that does nothing, for the queue hand-off measurement.
    pub noop_bundle: PathBuf,
    pub node_server: PathBuf,
    /// `isapi-bench`: the in-process driver, the hand-off probe, the first-200 probe.
    pub bench_tool: PathBuf,
    /// target/bench: results, logs, scratch files.
    pub out: PathBuf,
}

const BENCH_DIR: &str = "bench";

pub fn build(summary: &mut Summary) -> Result<Artifacts> {
    summary.run(
        &Cmd::cargo()
            .args(["build", "--release"])
            .args(workspace::SITE_PACKAGES)
            .args(["-p", "isapi-bench-native", "-p", "isapi-bench"]),
    )?;
    npm::ensure_installed(summary)?;
    summary.run(&Cmd::new(workspace::npm()).args(["run", "build", "--workspace", "ts/isapi"]))?;
    let root = workspace::root();
    let release = root.join(workspace::target_dir()).join("release");
    let dll = release.join(library_file("isapi_dll"));
    let compiler = release.join(format!("isapi-compile{}", std::env::consts::EXE_SUFFIX));
    for handler in ["bench.ts", "noop.ts"] {
        summary.run(
            &Cmd::new("node")
                .env("ISAPI_TS_COMPILE", &compiler)
                .arg(workspace::isapi_cli())
                .arg("build")
                .arg(Path::new(BENCH_DIR).join(handler))
                .arg("--dll")
                .arg(&dll)
                .arg("--bytecode")
                // Type errors are `cargo xtask lint`'s.
                .arg("--no-check"),
        )?;
    }
    let bench = root.join(BENCH_DIR);
    let dist = bench.join("dist");
    let native = release.join(library_file("isapi_bench_native"));
    if let Err(failure) = replace_by_rename(&native, &dist.join("native_bench.so")) {
        summary.record_failure("copy the native baseline to bench/dist", &failure);
        return Err(failure);
    }
    let out = root.join(workspace::target_dir()).join("bench");
    std::fs::create_dir_all(out.join("logs"))
        .map_err(|e| Failure::new(format!("cannot create {}: {e}", out.display())))?;
    Ok(Artifacts {
        host: release.join(format!("isapi-host{}", std::env::consts::EXE_SUFFIX)),
        native_config: bench.join("native.web.config"),
        ts_config: bench.join("web.config"),
        bundle: dist.join("bench.js"),
        noop_bundle: dist.join("noop.js"),
        node_server: bench.join("node_server.mjs"),
        bench_tool: release.join(format!("isapi-bench{}", std::env::consts::EXE_SUFFIX)),
        out,
    })
}

fn library_file(stem: &str) -> String {
    use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
    format!("{DLL_PREFIX}{stem}{DLL_SUFFIX}")
}

/// Copies `from` to `to` through a temporary file and a rename, so that a process that
/// has the old `to` mapped keeps valid pages (writing into a loaded library crashes it).
fn replace_by_rename(from: &Path, to: &Path) -> Result {
    let fail = |what: &str, e: std::io::Error| {
        Failure::new(format!(
            "cannot {what} {} to {}: {e}",
            from.display(),
            to.display()
        ))
    };
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).map_err(|e| fail("create the folder for", e))?;
    }
    let temporary = to.with_extension("so.tmp");
    std::fs::copy(from, &temporary).map_err(|e| fail("copy", e))?;
    std::fs::rename(&temporary, to).map_err(|e| fail("rename", e))
}
