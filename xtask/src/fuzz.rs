//! `cargo xtask fuzz`: coverage-guided fuzzing of the host's parsers with libFuzzer.
//!
//! The targets live in fuzz/ (a workspace of its own, see fuzz/Cargo.toml). cargo-fuzz is
//! not needed: this builds them itself with the flags cargo-fuzz passes (SanitizerCoverage
//! for libFuzzer, AddressSanitizer, debug assertions and overflow checks) on the stable
//! toolchain with `RUSTC_BOOTSTRAP=1`, into target/fuzz. Each target then runs for a set
//! time over a scratch corpus in target/fuzz/corpus/<target> (the committed seeds of
//! fuzz/seeds/<target> copied in first, so runs never write into the repository).
//! Crashes, hangs (libFuzzer's `-timeout`) and leaks go to target/fuzz-artifacts/<target>.
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};
use crate::workspace;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Every target, in the order they run: fuzz/fuzz_targets/<name>.rs.
pub const TARGETS: &[&str] = &["config", "head", "url", "request"];

/// Seconds per target unless `--time` says otherwise (4 targets: 3 minutes in CI).
pub const DEFAULT_SECONDS: u64 = 45;

/// What cargo-fuzz passes to rustc for libFuzzer (`cargo fuzz build`'s defaults).
const RUSTFLAGS: &[&str] = &[
    "-Cpasses=sancov-module",
    "-Cllvm-args=-sanitizer-coverage-level=4",
    "-Cllvm-args=-sanitizer-coverage-inline-8bit-counters",
    "-Cllvm-args=-sanitizer-coverage-pc-table",
    "-Cllvm-args=-sanitizer-coverage-trace-compares",
    "--cfg",
    "fuzzing",
    "-Zsanitizer=address",
    "-Cdebug-assertions",
    "-Coverflow-checks",
];

/// One input running longer than this is a hang (reported as a `timeout-…` artifact).
const INPUT_TIMEOUT_SECS: u64 = 30;

pub struct Options {
    pub seconds: u64,
    pub targets: Vec<String>,
}

pub fn parse_options(options: &[String]) -> std::result::Result<Options, String> {
    let mut parsed = Options {
        seconds: DEFAULT_SECONDS,
        targets: Vec::new(),
    };
    for (name, value) in crate::options::pairs("fuzz", &["--time", "--target"], options)? {
        match name.as_str() {
            "--time" => {
                parsed.seconds = value
                    .parse()
                    .ok()
                    .filter(|&s| s > 0)
                    .ok_or("`--time` takes a number of seconds above 0")?;
            }
            "--target" => {
                let target = value;
                if !TARGETS.contains(&target.as_str()) {
                    return Err(format!(
                        "unknown fuzz target `{target}` (targets: {})",
                        TARGETS.join(", ")
                    ));
                }
                parsed.targets.push(target);
            }
            _ => unreachable!("options::pairs passes known options only"),
        }
    }
    if parsed.targets.is_empty() {
        parsed.targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    Ok(parsed)
}

pub fn run(options: &Options) -> Result {
    if !cfg!(target_os = "linux") {
        return Err(Failure::new(
            "`cargo xtask fuzz` runs on Linux (AddressSanitizer and libFuzzer as built here)",
        ));
    }
    let binaries = build()?;
    let mut failures = Vec::new();
    for target in &options.targets {
        let outcome = run_target(&binaries, target, options.seconds)?;
        eprintln!("fuzz {target}: {}", outcome.summary());
        if let Some(failure) = outcome.failure {
            failures.push(format!("{target}: {failure}"));
        }
    }
    if failures.is_empty() {
        eprintln!(
            "fuzz: {} target(s), {} s each, no crash",
            options.targets.len(),
            options.seconds
        );
        Ok(())
    } else {
        Err(Failure::new(format!(
            "fuzzing found {} problem(s):\n  {}",
            failures.len(),
            failures.join("\n  ")
        )))
    }
}

fn fuzz_dir() -> PathBuf {
    workspace::target_dir().join("fuzz")
}

/// Builds every target; returns the folder of the binaries (relative to the root).
fn build() -> Result<PathBuf> {
    let triple = host_triple()?;
    Cmd::cargo()
        .env("RUSTC_BOOTSTRAP", "1")
        .env("RUSTFLAGS", RUSTFLAGS.join(" "))
        .args([
            "build",
            "--manifest-path",
            "fuzz/Cargo.toml",
            "--release",
            "--bins",
        ])
        // With an explicit target, RUSTFLAGS reach only the target's code, not build
        // scripts and proc macros (which must not be instrumented).
        .args(["--target", &triple])
        .arg("--target-dir")
        .arg(fuzz_dir())
        .run()?;
    Ok(fuzz_dir().join(triple).join("release"))
}

/// The host's target triple, from `rustc -vV`.
fn host_triple() -> Result<String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let text = Cmd::new(rustc).arg("-vV").output()?;
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(|host| host.trim().to_string())
        .ok_or_else(|| Failure::new(format!("no `host:` line in `rustc -vV`: {text}")))
}

struct Outcome {
    runs: Option<u64>,
    corpus: usize,
    seconds: f64,
    failure: Option<String>,
}

impl Outcome {
    fn summary(&self) -> String {
        let runs = self.runs.map_or("?".to_string(), |r| r.to_string());
        let verdict = if self.failure.is_some() {
            "FAILED"
        } else {
            "ok"
        };
        format!(
            "{verdict}: {runs} inputs in {:.0} s, corpus {} inputs",
            self.seconds, self.corpus
        )
    }
}

fn run_target(binaries: &Path, target: &str, seconds: u64) -> Result<Outcome> {
    let root = workspace::root();
    let corpus = fuzz_dir().join("corpus").join(target);
    let artifacts = workspace::target_dir().join("fuzz-artifacts").join(target);
    let logs = fuzz_dir().join("logs");
    for dir in [&corpus, &artifacts, &logs] {
        std::fs::create_dir_all(root.join(dir))
            .map_err(|e| Failure::new(format!("cannot create {}: {e}", dir.display())))?;
    }
    copy_seeds(
        &root.join("fuzz").join("seeds").join(target),
        &root.join(&corpus),
    )?;
    let log = logs.join(format!("{target}.log"));
    let log_file = std::fs::File::create(root.join(&log))
        .map_err(|e| Failure::new(format!("cannot create {}: {e}", log.display())))?;
    let errors = log_file
        .try_clone()
        .map_err(|e| Failure::new(format!("cannot share {}: {e}", log.display())))?;

    let started = Instant::now();
    let mut artifact_prefix = artifacts.clone().into_os_string();
    artifact_prefix.push("/");
    // libFuzzer's own output (a line per new coverage) goes to the log; a summary here.
    let mut child = Cmd::new(binaries.join(target))
        .env("ASAN_OPTIONS", "detect_odr_violation=0")
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-timeout={INPUT_TIMEOUT_SECS}"))
        .arg("-rss_limit_mb=4096")
        .arg("-print_final_stats=1")
        .arg({
            let mut prefix = std::ffi::OsString::from("-artifact_prefix=");
            prefix.push(&artifact_prefix);
            prefix
        })
        .arg(&corpus)
        .spawn(Stdio::from(log_file), Stdio::from(errors))?;
    // The run ends itself after `seconds`; a wedged process is stopped well after that.
    let limit = Duration::from_secs(seconds + INPUT_TIMEOUT_SECS * 2 + 60);
    let status = loop {
        if let Some(status) = child
            .try_wait()
            .map_err(|e| Failure::new(format!("waiting for fuzz target {target}: {e}")))?
        {
            break Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let text = std::fs::read_to_string(root.join(&log)).unwrap_or_default();
    let new_artifacts = saved_inputs(&text);
    let failure = match status {
        Some(status) if status.success() && new_artifacts.is_empty() => None,
        _ => Some(describe_failure(
            binaries,
            target,
            status,
            &new_artifacts,
            &log,
            &text,
        )),
    };
    Ok(Outcome {
        runs: final_stat(&text, "stat::number_of_executed_units:"),
        corpus: list(&root.join(&corpus)).len(),
        seconds: started.elapsed().as_secs_f64(),
        failure,
    })
}

/// The reproducer(s), the command that replays one, the panic or sanitizer line, and the
/// end of the log.
fn describe_failure(
    binaries: &Path,
    target: &str,
    status: Option<std::process::ExitStatus>,
    artifacts: &[PathBuf],
    log: &Path,
    text: &str,
) -> String {
    let status = status.map_or("did not stop in time".to_string(), |s| s.to_string());
    let reason = text
        .lines()
        .find(|line| {
            line.contains("panicked at")
                || line.contains("ERROR: AddressSanitizer")
                || line.contains("ERROR: LeakSanitizer")
                || line.contains("ERROR: libFuzzer")
                || line.contains("SUMMARY:")
        })
        .unwrap_or("(see the log)");
    let detail = text
        .lines()
        .skip_while(|line| !line.contains("panicked at"))
        .nth(1)
        .unwrap_or("");
    let tail: Vec<&str> = text.lines().rev().take(12).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    eprintln!(
        "---- end of {} ----\n{}\n----",
        log.display(),
        tail.join("\n")
    );
    let reproduce = match artifacts.first() {
        Some(artifact) => format!(
            "reproducer {}; replay: {} {}",
            artifact.display(),
            binaries.join(target).display(),
            artifact.display()
        ),
        None => "no reproducer written".to_string(),
    };
    format!(
        "{reason} {detail} ({status}); {reproduce}; log {}",
        log.display()
    )
}

/// The inputs libFuzzer saved as reproducers ("Test unit written to PATH"). Read from the
/// log, not the folder: a crash found again has the same name as before.
fn saved_inputs(text: &str) -> Vec<PathBuf> {
    text.lines()
        .filter_map(|line| line.split_once("Test unit written to "))
        .map(|(_, path)| PathBuf::from(path.trim()))
        .collect()
}

/// The number after `name` in libFuzzer's final statistics.
fn final_stat(text: &str, name: &str) -> Option<u64> {
    text.lines()
        .rev()
        .find_map(|line| line.strip_prefix(name))
        .and_then(|value| value.trim().parse().ok())
}

fn copy_seeds(seeds: &Path, corpus: &Path) -> Result {
    let entries = std::fs::read_dir(seeds)
        .map_err(|e| Failure::new(format!("cannot list {}: {e}", seeds.display())))?;
    for entry in entries.flatten() {
        let from = entry.path();
        if from.is_file() {
            let to = corpus.join(entry.file_name());
            std::fs::copy(&from, &to).map_err(|e| {
                Failure::new(format!(
                    "cannot copy {} to {}: {e}",
                    from.display(),
                    to.display()
                ))
            })?;
        }
    }
    Ok(())
}

/// File names in `dir` (empty if it cannot be read).
fn list(dir: &Path) -> Vec<std::ffi::OsString> {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_target_runs_by_default_for_the_default_time() {
        let options = parse_options(&[]).unwrap();
        assert_eq!(options.seconds, DEFAULT_SECONDS);
        assert_eq!(options.targets, strings(TARGETS));
    }

    #[test]
    fn time_and_targets_are_read_in_both_spellings() {
        let options = parse_options(&strings(&[
            "--time",
            "300",
            "--target=url",
            "--target",
            "head",
        ]))
        .unwrap();
        assert_eq!(options.seconds, 300);
        assert_eq!(options.targets, ["url", "head"]);
    }

    #[test]
    fn unknown_targets_and_bad_times_are_refused() {
        assert!(parse_options(&strings(&["--target", "nope"])).is_err());
        assert!(parse_options(&strings(&["--time", "0"])).is_err());
        assert!(parse_options(&strings(&["--time"])).is_err());
        assert!(parse_options(&strings(&["--bogus"])).is_err());
    }

    #[test]
    fn final_statistics_are_read_from_the_end() {
        let log = "#1 INITED\nstat::number_of_executed_units: 1234\nstat::peak_rss_mb: 3\n";
        assert_eq!(
            final_stat(log, "stat::number_of_executed_units:"),
            Some(1234)
        );
        assert_eq!(final_stat(log, "stat::nothing:"), None);
    }

    #[test]
    fn reproducers_are_read_from_the_log() {
        let log = "==1== ERROR: libFuzzer: deadly signal\n\
                   artifact_prefix='t/a/'; Test unit written to t/a/crash-12ab\n";
        assert_eq!(saved_inputs(log), [PathBuf::from("t/a/crash-12ab")]);
    }

    #[test]
    fn every_target_has_seeds_and_a_source() {
        let root = workspace::root();
        for target in TARGETS {
            let seeds = root.join("fuzz/seeds").join(target);
            assert!(!list(&seeds).is_empty(), "no seeds in {}", seeds.display());
            let source = root.join("fuzz/fuzz_targets").join(format!("{target}.rs"));
            assert!(source.is_file(), "{} is missing", source.display());
        }
    }
}
