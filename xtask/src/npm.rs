//! Keeping `node_modules` in step with `package-lock.json`: `npm ci` only when needed.
use crate::cmd::Cmd;
use crate::failure::Result;
use crate::summary::Summary;
use crate::workspace;
use std::path::Path;
use std::time::SystemTime;

/// The folders with a package-lock.json of their own: the workspace, and the npm
/// compatibility test's pinned packages (test/npm-compat.e2e.test.ts bundles them).
const FOLDERS: &[&str] = &["", "test/npm-compat"];

/// Runs `npm ci` in each of [`FOLDERS`] whose `node_modules/.package-lock.json` (written by
/// npm at the end of an install) is missing or older than its `package-lock.json`;
/// otherwise does nothing.
pub fn ensure_installed(summary: &mut Summary) -> Result {
    for folder in FOLDERS {
        let dir = workspace::root().join(folder);
        let lock = dir.join("package-lock.json");
        let installed = dir.join("node_modules").join(".package-lock.json");
        let shown = if folder.is_empty() { "." } else { folder };
        match why_install(&lock, &installed) {
            None => eprintln!("{shown}: node_modules is up to date with package-lock.json"),
            Some(reason) => {
                eprintln!("{shown}: {reason}");
                let mut ci = Cmd::new(workspace::npm()).arg("ci");
                if !folder.is_empty() {
                    ci = ci.arg("--prefix").arg(dir);
                }
                summary.run(&ci)?;
            }
        }
    }
    Ok(())
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
