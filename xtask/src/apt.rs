//! Outside tools from Debian's archive, installed with apt-get when missing: the benchmark's
//! (wrk, nginx, valgrind…) and the Windows cross build's (rustc-web, mingw-w64, Wine).
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};
use crate::summary::Summary;
use std::path::{Path, PathBuf};

/// A program and the Debian package that has it. `program` is a name looked up on PATH,
/// or an absolute path when a same-named program may come first on PATH (Debian's
/// `/usr/bin/rustc` beside rustup's).
pub struct Tool {
    pub program: &'static str,
    pub package: &'static str,
}

/// Installs the packages of the tools that are missing (`apt-get update` first); `what`
/// says what needs them, for the message.
pub fn ensure(tools: &[&Tool], what: &str, summary: &mut Summary) -> Result {
    let missing = missing_packages(tools, present);
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("installing what {what} needs: {}", missing.join(" "));
    summary.run(
        &Cmd::new("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .arg("update"),
    )?;
    summary.run(
        &Cmd::new("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y", "--no-install-recommends"])
            .args(&missing),
    )?;
    let still_missing: Vec<&str> = tools
        .iter()
        .filter(|tool| !present(tool.program))
        .map(|tool| tool.program)
        .collect();
    if still_missing.is_empty() {
        Ok(())
    } else {
        Err(Failure::new(format!(
            "still missing after apt-get install: {}",
            still_missing.join(", ")
        )))
    }
}

/// The packages of the tools `present` says are missing, each once (two tools may come from
/// one package, and one tool may be listed twice: gcc-mingw-w64 builds and runs the tests).
fn missing_packages<'a>(tools: &[&'a Tool], present: impl Fn(&str) -> bool) -> Vec<&'a str> {
    let mut missing: Vec<&str> = tools
        .iter()
        .filter(|tool| !present(tool.program))
        .map(|tool| tool.package)
        .collect();
    // dedup alone drops only neighbours.
    missing.sort_unstable();
    missing.dedup();
    missing
}

/// Whether `program` exists: an absolute path as it is, a name on PATH.
fn present(program: &str) -> bool {
    if Path::new(program).is_absolute() {
        Path::new(program).exists()
    } else {
        on_path(program)
    }
}

/// Whether `program` is an executable file in one of PATH's folders (or /usr/sbin, where
/// Debian puts nginx, which a non-login PATH may lack).
pub fn on_path(program: &str) -> bool {
    locate(program).is_some()
}

/// The full path of `program`, looked up as [`on_path`] does.
pub fn locate(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/sbin".into()])
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_are_found_on_path() {
        assert!(on_path("sh"));
        assert!(!on_path("surely-not-a-program-name"));
    }

    #[test]
    fn each_missing_package_is_installed_once() {
        let tool = |program, package| Tool { program, package };
        let (gcc, wine, rustc, gcc_again) = (
            tool("x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64"),
            tool("wine", "wine"),
            tool("/usr/bin/rustc", "rustc-web"),
            tool("x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64"),
        );
        let tools = [&gcc, &wine, &rustc, &gcc_again];
        assert_eq!(
            missing_packages(&tools, |_| false),
            ["gcc-mingw-w64-x86-64", "rustc-web", "wine"]
        );
        assert_eq!(
            missing_packages(&tools, |program| program != "wine"),
            ["wine"]
        );
        assert!(missing_packages(&tools, |_| true).is_empty());
    }

    #[test]
    fn absolute_programs_are_checked_where_they_are() {
        assert!(present("/bin/sh"));
        assert!(!present("/surely/not/a/program"));
    }
}
