//! Conformance by comparison: every script under `tests/conformance/` runs in the
//! platform (`isapi-run`) and in Node (`node`, 20 or later), and the two must print the
//! same lines and end with the same status. A script prints what it observes (values,
//! error names, the order of events), never "ok": the reference is whatever Node says.
//!
//! `ISAPI_TS_CONFORMANCE=name` runs only scripts whose file name contains `name`.
//!
//! Each run starts in a fresh empty folder of its own (the current folder, which
//! `isapi-run` may write: `--allow-write`), so `node:fs` scripts find the same files in
//! both.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scripts() -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let only = std::env::var("ISAPI_TS_CONFORMANCE").unwrap_or_default();
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("tests/conformance exists")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "mjs"))
        .filter(|path| path.to_string_lossy().contains(&only))
        .collect();
    scripts.sort();
    scripts
}

fn run(program: &str, script: &Path) -> Output {
    let name = script.file_stem().unwrap_or_default().to_string_lossy();
    // The same folder for both runs (one after the other), so printed paths agree.
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("conformance-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("a scratch folder");
    let mut command = Command::new(program);
    if program != "node" {
        command
            .arg("--allow-write")
            .arg(&scratch)
            .arg("--allow-read")
            .arg(script.parent().unwrap_or(Path::new(".")));
    }
    let output = command
        .arg(script)
        .current_dir(&scratch)
        .env("TZ", "UTC")
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} (needed for conformance tests): {e}"));
    let _ = std::fs::remove_dir_all(&scratch);
    output
}

/// Where two outputs first differ, for the failure message.
fn first_difference(ours: &str, node: &str) -> String {
    for (index, (a, b)) in ours.lines().zip(node.lines()).enumerate() {
        if a != b {
            return format!("line {}:\n  isapi-run: {a}\n  node:      {b}", index + 1);
        }
    }
    format!(
        "isapi-run printed {} lines, node {}",
        ours.lines().count(),
        node.lines().count()
    )
}

#[test]
fn scripts_print_what_node_prints() {
    let scripts = scripts();
    assert!(!scripts.is_empty(), "no conformance scripts found");
    let mut failures = Vec::new();
    for script in &scripts {
        let ours = run(env!("CARGO_BIN_EXE_isapi-run"), script);
        let node = run("node", script);
        let name = script.file_name().unwrap().to_string_lossy().into_owned();
        let (ours_out, node_out) = (
            String::from_utf8_lossy(&ours.stdout),
            String::from_utf8_lossy(&node.stdout),
        );
        if ours_out != node_out || ours.status.success() != node.status.success() {
            failures.push(format!(
                "{name}: {}\n  isapi-run status {:?}, stderr: {}\n  node status {:?}, stderr: {}",
                first_difference(&ours_out, &node_out),
                ours.status.code(),
                String::from_utf8_lossy(&ours.stderr).trim(),
                node.status.code(),
                String::from_utf8_lossy(&node.stderr).trim(),
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scripts differ from Node:\n\n{}",
        failures.len(),
        scripts.len(),
        failures.join("\n\n")
    );
}
