//! The benchmark's outside tools, all from Debian: installed with apt-get when missing.
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};
use crate::summary::Summary;
use std::path::{Path, PathBuf};

/// A program the benchmark runs and the Debian package that has it.
pub struct Tool {
    pub program: &'static str,
    pub package: &'static str,
}

pub const QUICK: &[Tool] = &[
    Tool {
        program: "wrk",
        package: "wrk",
    },
    Tool {
        program: "nginx",
        package: "nginx-light",
    },
    Tool {
        program: "valgrind",
        package: "valgrind",
    },
    Tool {
        program: "taskset",
        package: "util-linux",
    },
];

pub const FULL: &[Tool] = &[Tool {
    program: "hyperfine",
    package: "hyperfine",
}];

/// Installs the packages of the tools not on PATH (`apt-get update` first).
pub fn ensure(tools: &[&Tool], summary: &mut Summary) -> Result {
    let missing: Vec<&str> = tools
        .iter()
        .filter(|tool| !on_path(tool.program))
        .map(|tool| tool.package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("installing what the benchmark needs: {}", missing.join(" "));
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
        .filter(|tool| !on_path(tool.program))
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
}
