//! `cargo xtask fmt-check` and `cargo xtask lint`: formatting and static checks of the Rust
//! and TypeScript code. Every check runs even when an earlier one failed, so one run shows
//! everything there is to fix.
use crate::cmd::Cmd;
use crate::failure::Result;
use crate::npm;
use crate::summary::Summary;
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

/// The formatting checks, clippy with warnings denied, and `tsc --noEmit`.
pub fn lint() -> Result {
    let mut summary = Summary::new("lint");
    let _ = summary.run(&cargo_fmt_check());
    let _ = summary.run(&fuzz_fmt_check());
    let _ = summary.run(&Cmd::cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]));
    if npm::ensure_installed(&mut summary).is_ok() {
        let _ = summary.run(&prettier_check());
        let _ = summary.run(&npx(["tsc", "--noEmit", "-p", "tsconfig.json"]));
    }
    summary.finish(false)
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
