//! The Windows build, made on Linux: Debian's Rust (`rustc-web`, which can build its own
//! standard library for any target from `rust-web-src`), linked by mingw-w64, run under
//! Wine. rustup cannot add a target on these machines, hence the Debian toolchain.
use crate::apt::{self, Tool};
use crate::cmd::Cmd;
use crate::failure::Result;
use crate::pe_report;
use crate::summary::Summary;
use crate::workspace;
use std::path::PathBuf;

/// What IIS loads: 64-bit Windows (the GNU ABI is the Win64 ABI for everything ISAPI
/// passes: `extern "system"` functions, C structs).
pub const TARGET: &str = "x86_64-pc-windows-gnu";

/// Debian's compiler and cargo, by absolute path: rustup's come first on PATH.
const RUSTC: &str = "/usr/bin/rustc";
const CARGO: &str = "/usr/bin/cargo";

/// What building for Windows needs.
pub const BUILD_TOOLS: &[Tool] = &[
    Tool {
        program: RUSTC,
        package: "rustc-web",
    },
    Tool {
        program: CARGO,
        package: "cargo-web",
    },
    Tool {
        // The standard library's source, which `-Zbuild-std` compiles for the target.
        program: "/usr/lib/rustlib/src/rust/library/Cargo.toml",
        package: "rust-web-src",
    },
    Tool {
        program: "/usr/bin/cargo-clippy",
        package: "rust-web-clippy",
    },
    Tool {
        program: "x86_64-w64-mingw32-gcc",
        package: "gcc-mingw-w64-x86-64",
    },
];

/// What running the Windows build needs: Wine 8 (`wine`, the launcher, and `wine64`, the
/// 64-bit loader it runs) and mingw-w64 for the test-only ProcessPrng stand-in.
pub const RUN_TOOLS: &[Tool] = &[
    Tool {
        program: "/usr/bin/wine",
        package: "wine",
    },
    Tool {
        program: "/usr/lib/wine/wine64",
        package: "wine64",
    },
    Tool {
        program: "x86_64-w64-mingw32-gcc",
        package: "gcc-mingw-w64-x86-64",
    },
];

/// Where `build` puts the release build: isapi_dll.dll, isapi-host.exe, isapi-compile.exe.
pub fn release_dir() -> PathBuf {
    workspace::target_dir().join(TARGET).join("release")
}

/// Installs whatever of `tools` is missing.
pub fn ensure(tools: &[Tool], summary: &mut Summary) -> Result {
    let tools: Vec<&Tool> = tools.iter().collect();
    apt::ensure(&tools, "the Windows build", summary)
}

/// `cargo <subcommand>` for the Windows target with Debian's toolchain: the standard
/// library built from source (`-Zbuild-std`, unstable, hence `RUSTC_BOOTSTRAP=1`).
pub fn cargo(subcommand: &str) -> Cmd {
    Cmd::new(CARGO)
        .env("RUSTC", RUSTC)
        .env("RUSTC_BOOTSTRAP", "1")
        // `cargo clippy` finds `cargo-clippy` on PATH: Debian's, not rustup's proxy.
        .env_shown("PATH", debian_first_path(), "/usr/bin:$PATH")
        .arg(subcommand)
        .args(["-Zbuild-std=std,panic_abort", "--target", TARGET])
}

/// PATH with /usr/bin in front.
fn debian_first_path() -> std::ffi::OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs = std::iter::once(PathBuf::from("/usr/bin")).chain(std::env::split_paths(&path));
    std::env::join_paths(dirs).unwrap_or(path)
}

/// The release build of what a Windows site needs: the generic library, the host and the
/// bytecode compiler. Stripped, without debug info: every handler gets its own copy of
/// the library (`_name.dll`), and the line tables made it five times larger.
pub fn build(summary: &mut Summary) -> Result {
    ensure(BUILD_TOOLS, summary)?;
    summary.run(
        &cargo("build")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
            .env("CARGO_PROFILE_RELEASE_STRIP", "symbols")
            .arg("--release")
            .args(workspace::SITE_PACKAGES),
    )?;
    let release = release_dir();
    for (file, dll) in [
        ("isapi_dll.dll", true),
        ("isapi-host.exe", false),
        ("isapi-compile.exe", false),
    ] {
        let path = release.join(file);
        let checked = pe_report::check(&path, dll);
        if let Err(failure) = &checked {
            summary.record_failure(&format!("check {}", path.display()), failure);
        }
        checked?;
    }
    Ok(())
}
