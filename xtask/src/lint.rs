//! `cargo xtask fmt-check` and `cargo xtask lint`: formatting and static checks of the Rust
//! and TypeScript code. Every check runs even when an earlier one failed, so one run shows
//! everything there is to fix.
use crate::cmd::Cmd;
use crate::failure::Result;
use crate::npm;
use crate::summary::Summary;
use crate::windows;
use crate::workspace;

/// `cargo fmt --check` and `prettier --check`.
pub fn fmt_check() -> Result {
    let mut summary = Summary::new("fmt-check");
    let _ = summary.run(&cargo_fmt_check());
    let _ = summary.run(&fuzz_fmt_check());
    if npm::ensure_installed(&mut summary).is_ok() {
        let _ = summary.run(&prettier_check());
    }
    summary.finish(false)
}

/// The formatting checks, clippy with warnings denied, and `tsc --noEmit`; with `windows`,
/// clippy for the Windows target too.
pub fn lint(windows: bool) -> Result {
    let mut summary = Summary::new("lint");
    let _ = summary.run(&cargo_fmt_check());
    let _ = summary.run(&fuzz_fmt_check());
    let _ = summary.run(
        &Cmd::cargo()
            .args(["clippy", "--workspace", "--all-targets"])
            .args(DENY_WARNINGS),
    );
    if windows {
        match windows::ensure(windows::BUILD_TOOLS, &mut summary) {
            Ok(()) => {
                let _ = summary.run(&windows_clippy());
            }
            Err(failure) => summary.record_failure("the Windows toolchain", &failure),
        }
    }
    if npm::ensure_installed(&mut summary).is_ok() {
        let _ = summary.run(&prettier_check());
        let _ = summary.run(&npx(["tsc", "--noEmit", "-p", "tsconfig.json"]));
        // Handler code, against the engine's globals (isapi-ts/engine), not Node's.
        for handlers in ["samples", "bench"] {
            let _ = summary.run(&npx(["tsc", "--noEmit", "-p", handlers]));
        }
        // The platform's JavaScript: plain JS, typed by JSDoc, checked as strictly.
        let _ = summary.run(&npx([
            "tsc",
            "--noEmit",
            "-p",
            "crates/isapi-runtime/js/tsconfig.json",
        ]));
    }
    summary.finish(false)
}

const DENY_WARNINGS: [&str; 3] = ["--", "-D", "warnings"];

/// Clippy for x86_64-pc-windows-gnu: the `cfg(windows)` code is compiled and linted, and
/// the isapi-sys layout test's compile-time Win64 checks run on the Windows layout.
/// Left out: isapi-node, a Node addon (tooling, not what IIS loads), whose napi-build
/// links a windows-gnu addon against a Windows Node's libnode.dll, which is not here; and
/// xtask, which drives apt, Wine and Linux tools and runs on the Linux build machine only.
fn windows_clippy() -> Cmd {
    windows::cargo("clippy")
        .args([
            "--workspace",
            "--exclude",
            "isapi-node",
            "--exclude",
            "xtask",
            "--all-targets",
        ])
        .args(DENY_WARNINGS)
}

fn cargo_fmt_check() -> Cmd {
    Cmd::cargo().args(["fmt", "--all", "--", "--check"])
}

/// fuzz/ is a workspace of its own (see fuzz/Cargo.toml), outside `--all`.
fn fuzz_fmt_check() -> Cmd {
    Cmd::cargo().args(["fmt", "--manifest-path", "fuzz/Cargo.toml", "--", "--check"])
}

fn prettier_check() -> Cmd {
    npx(["prettier", "--check", "."])
}

/// `npx --no -- TOOL ARGS`: the locally installed tool only, never a download.
fn npx<const N: usize>(tool_and_args: [&str; N]) -> Cmd {
    Cmd::new(workspace::npx())
        .args(["--no", "--"])
        .args(tool_and_args)
}
