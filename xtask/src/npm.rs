//! Keeping `node_modules` in step with `package-lock.json`: `npm ci` only when needed.
use crate::cmd::Cmd;
use crate::failure::Result;
use crate::summary::Summary;
use crate::workspace;
use std::path::Path;
use std::time::SystemTime;

/// Runs `npm ci` if `node_modules/.package-lock.json` (written by npm at the end of an
/// install) is missing or older than `package-lock.json`; otherwise does nothing.
pub fn ensure_installed(summary: &mut Summary) -> Result {
    let root = workspace::root();
    let lock = root.join("package-lock.json");
    let installed = root.join("node_modules").join(".package-lock.json");
    match why_install(&lock, &installed) {
        None => {
            eprintln!("node_modules is up to date with package-lock.json");
            Ok(())
        }
        Some(reason) => {
            eprintln!("{reason}");
            summary.run(&Cmd::new(workspace::npm()).arg("ci"))
        }
    }
}

fn why_install(lock: &Path, installed: &Path) -> Option<&'static str> {
    let Some(installed_at) = modified(installed) else {
        return Some("node_modules/.package-lock.json is missing: installing npm dependencies");
    };
    match modified(lock) {
        // No lock file: let `npm ci` say so rather than guess.
        None => Some("package-lock.json is missing: `npm ci` needs it"),
        Some(locked_at) if locked_at > installed_at => {
            Some("package-lock.json is newer than node_modules: reinstalling npm dependencies")
        }
        Some(_) => None,
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}
