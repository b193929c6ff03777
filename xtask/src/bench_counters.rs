//! The deterministic counters: instructions and allocations per request, from the
//! in-process driver (`isapi-bench drive`, no sockets) under callgrind, for the native
//! baseline (S1) and our library with the TS handlers (S2). The committed values live in
//! bench/counters.json; a change beyond [`TOLERANCE`] is pointed out (not failed: review
//! decides whether the cost is worth it).
use crate::bench_build::Artifacts;
use crate::bench_callgrind::{self, Counts};
use crate::bench_configs::{Config, Handler};
use crate::bench_json::Json;
use crate::bench_stats::Spread;
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};
use crate::workspace;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// Relative change from the committed value worth pointing out.
pub const TOLERANCE: f64 = 0.03;

pub const COUNTERS_FILE: &str = "bench/counters.json";

/// Per-request figures of one (configuration, handler).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PerRequest {
    /// Instructions, whole process (callgrind Ir).
    pub instructions: f64,
    /// Calls into the C allocator, whole process.
    pub allocations: f64,
    /// Allocations by the host's Rust code (the driver's counting allocator).
    pub host_allocations: f64,
}

pub type Counters = BTreeMap<(Config, Handler), PerRequest>;

pub const CONFIGS: [Config; 2] = [Config::S1, Config::S2];

/// Request counts of the two runs; the handlers that cost millions of instructions a
/// request (slow under callgrind) get fewer. Measured: S2 cpu 8.7M, gzip 7.3M, form 1.7M,
/// cpu-wasm 1.1M; S1 gzip 5.4M.
fn runs_for(config: Config, handler: Handler) -> (u64, u64) {
    match (config, handler) {
        (Config::S2, Handler::Cpu) => (5, 30),
        (_, Handler::Gzip | Handler::Form) => (10, 60),
        (Config::S2, Handler::CpuWasm) => (20, 120),
        (Config::S2, Handler::Json) => (50, 300),
        _ => (100, 600),
    }
}

/// Runs of the longer request count per (configuration, handler); the median counts.
/// The host's threads hand requests to each other, and how often a response leaves in one
/// piece or two is a matter of timing, so single totals still differ by a few percent.
const REPEATS: usize = 3;

/// Runs every (configuration, handler) of `selected` under callgrind, two runs at a time:
/// once with the shorter request count, [`REPEATS`] times with the longer one.
pub fn measure(artifacts: &Artifacts, selected: &[Handler]) -> Result<Counters> {
    let dir = artifacts.out.join("callgrind");
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::new(format!("cannot create {}: {e}", dir.display())))?;
    let mut counters = Counters::new();
    for config in CONFIGS {
        for &handler in config.handlers().iter().filter(|h| selected.contains(h)) {
            let (fewer, more) = runs_for(config, handler);
            let start =
                |requests, repeat| start_run(artifacts, &dir, config, handler, requests, repeat);
            let plan: Vec<(u64, usize)> = std::iter::once((fewer, 0))
                .chain((1..=REPEATS).map(|repeat| (more, repeat)))
                .collect();
            let mut finished = Vec::new();
            for pair in plan.chunks(2) {
                let running: Vec<Result<Run>> = pair
                    .iter()
                    .map(|&(requests, repeat)| start(requests, repeat))
                    .collect();
                for run in running {
                    finished.push(run?.finish()?);
                }
            }
            let base = (fewer, finished[0].0);
            let estimates: Vec<(f64, f64)> = finished[1..]
                .iter()
                .filter_map(|(counts, _)| bench_callgrind::per_request(base, (more, *counts)))
                .collect();
            let median = |pick: fn(&(f64, f64)) -> f64| {
                let values: Vec<f64> = estimates.iter().map(pick).collect();
                Spread::of(&values).map_or(0.0, |s| s.median)
            };
            let entry = PerRequest {
                instructions: median(|e| e.0),
                allocations: median(|e| e.1),
                host_allocations: finished[1].1,
            };
            eprintln!(
                "counters {} {}: {:.0} instructions, {:.1} allocations ({:.1} in the host) per request",
                config.id(),
                handler.name(),
                entry.instructions,
                entry.allocations,
                entry.host_allocations
            );
            counters.insert((config, handler), entry);
        }
    }
    Ok(counters)
}

/// A callgrind run in progress.
struct Run {
    child: std::process::Child,
    output: PathBuf,
    log: PathBuf,
    label: String,
}

impl Run {
    /// Waits for it; returns what callgrind counted and the driver's host allocations
    /// per request.
    fn finish(self) -> Result<(Counts, f64)> {
        let output = self
            .child
            .wait_with_output()
            .map_err(|e| Failure::new(format!("{}: {e}", self.label)))?;
        if !output.status.success() {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(12).collect();
            return Err(Failure::new(format!(
                "{} failed ({}); end of {}:\n{}",
                self.label,
                output.status,
                self.log.display(),
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            )));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let host = stdout
            .split_whitespace()
            .find_map(|field| field.strip_prefix("host_allocations_per_request="))
            .and_then(|v| v.parse::<f64>().ok())
            .ok_or_else(|| Failure::new(format!("{}: unexpected output {stdout:?}", self.label)))?;
        let text = std::fs::read_to_string(&self.output)
            .map_err(|e| Failure::new(format!("cannot read {}: {e}", self.output.display())))?;
        let counts = bench_callgrind::parse(&text).map_err(Failure::new)?;
        Ok((counts, host))
    }
}

fn start_run(
    artifacts: &Artifacts,
    dir: &Path,
    config: Config,
    handler: Handler,
    requests: u64,
    repeat: usize,
) -> Result<Run> {
    let name = format!("{}-{}-{requests}-{repeat}", config.id(), handler.name());
    let output = dir.join(format!("{name}.out"));
    let log = dir.join(format!("{name}.log"));
    let body = handler.request_body();
    let body_file = dir.join(format!("{}-body.bin", handler.name()));
    if !body.is_empty() {
        std::fs::write(&body_file, &body)
            .map_err(|e| Failure::new(format!("cannot write {}: {e}", body_file.display())))?;
    }
    let web_config = if config == Config::S1 {
        &artifacts.native_config
    } else {
        &artifacts.ts_config
    };
    let cmd = Cmd::new("valgrind")
        // One engine, no reload watcher, no log lines: nothing that runs by the clock.
        .env("ISAPI_TS_WORKERS", "1")
        .env("ISAPI_TS_WATCH_MS", "0")
        .env("ISAPI_TS_LOG", "warn")
        .env("RUST_LOG", "warn")
        .arg("--tool=callgrind")
        // Round-robin thread scheduling keeps the totals the same from run to run.
        .arg("--fair-sched=yes")
        .arg(format!("--callgrind-out-file={}", output.display()))
        .arg(&artifacts.bench_tool)
        .arg("drive")
        .arg("--config")
        .arg(web_config)
        .arg("--target")
        .arg(handler.target())
        .arg("--method")
        .arg(handler.method())
        .args(if body.is_empty() {
            Vec::new()
        } else {
            vec![
                "--body-file".into(),
                body_file.display().to_string(),
                "--content-type".into(),
                handler.content_type().unwrap_or_default(),
            ]
        })
        .arg("--requests")
        .arg(requests.to_string());
    let label = cmd.to_string();
    let log_file = std::fs::File::create(&log)
        .map_err(|e| Failure::new(format!("cannot create {}: {e}", log.display())))?;
    let child = cmd.spawn(Stdio::piped(), Stdio::from(log_file))?;
    Ok(Run {
        child,
        output,
        log,
        label,
    })
}

/// The counters as JSON: `{"S1": {"hello": x, …}, "S2": {…}}` for one figure.
pub fn figure_json(counters: &Counters, figure: impl Fn(&PerRequest) -> f64) -> Json {
    let mut by_config = Json::object();
    for config in CONFIGS {
        let mut by_handler = Json::object();
        for handler in config.handlers() {
            if let Some(entry) = counters.get(&(config, *handler)) {
                by_handler.set(handler.name(), round(figure(entry), 1));
            }
        }
        by_config.set(config.id(), by_handler);
    }
    by_config
}

fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

/// The committed file's content for these counters.
pub fn file_json(counters: &Counters, machine: &str) -> Json {
    let mut file = Json::object();
    file.set(
        "about",
        "Per request, from `isapi-bench drive` (no sockets, one keep-alive connection, one \
         engine) under valgrind --tool=callgrind --fair-sched=yes: instructions and calls \
         into the C allocator of the whole process, and allocations of the host's Rust code; \
         the difference of a short and a long run over their request counts, the median of 3 \
         long runs. `cargo xtask bench --quick` compares against these (3% tolerance); \
         `--update-counters` rewrites them.",
    );
    file.set("machine", machine);
    file.set(
        "ir_per_req",
        figure_json(counters, |c| c.instructions.round()),
    );
    file.set("allocs_per_req", figure_json(counters, |c| c.allocations));
    file.set(
        "host_allocs_per_req",
        figure_json(counters, |c| c.host_allocations),
    );
    file
}

/// One figure of [`PerRequest`].
type Figure = fn(&PerRequest) -> f64;

/// One line per figure that moved: `(label, committed, now, relative change)`.
pub type Change = (String, f64, f64, f64);

/// Compares with the committed file; the changes beyond [`TOLERANCE`] and a note when a
/// committed value is missing.
pub fn compare(counters: &Counters, committed: &Json) -> (Vec<Change>, Vec<String>) {
    let mut changes = Vec::new();
    let mut missing = Vec::new();
    let figures: [(&str, Figure); 3] = [
        ("ir_per_req", |c| c.instructions),
        ("allocs_per_req", |c| c.allocations),
        ("host_allocs_per_req", |c| c.host_allocations),
    ];
    for ((config, handler), entry) in counters {
        for (key, figure) in figures {
            let label = format!("{key} {} {}", config.id(), handler.name());
            let now = figure(entry);
            match committed
                .at(&[key, config.id(), handler.name()])
                .and_then(Json::as_f64)
            {
                None => missing.push(label),
                Some(before) => {
                    let change = relative_change(before, now);
                    if change.abs() > TOLERANCE {
                        changes.push((label, before, now, change));
                    }
                }
            }
        }
    }
    (changes, missing)
}

/// (now − before) / before; a change from zero counts as 100%.
pub fn relative_change(before: f64, now: f64) -> f64 {
    if before == 0.0 {
        if now == 0.0 {
            0.0
        } else {
            1.0
        }
    } else {
        (now - before) / before
    }
}

/// The committed counters, or `None` when the file is missing or unreadable (said why).
pub fn read_committed() -> Option<Json> {
    let path = workspace::root().join(COUNTERS_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => match Json::parse(&text) {
            Ok(json) => Some(json),
            Err(error) => {
                eprintln!("warning: {}: {error}", path.display());
                None
            }
        },
        Err(error) => {
            eprintln!("warning: cannot read {}: {error}", path.display());
            None
        }
    }
}

/// Writes `counters` to the committed file; figures of handlers this run did not measure
/// (`--handlers` chose others) keep their committed values.
pub fn write_committed(counters: &Counters, machine: &str) -> Result {
    let path = workspace::root().join(COUNTERS_FILE);
    let mut all = read_committed()
        .map(|json| from_json(&json))
        .unwrap_or_default();
    all.extend(counters.iter().map(|(key, value)| (*key, *value)));
    std::fs::write(&path, file_json(&all, machine).pretty())
        .map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))
}

/// The counters a file written by [`file_json`] holds (those with all three figures).
pub fn from_json(json: &Json) -> Counters {
    let mut counters = Counters::new();
    for config in CONFIGS {
        for &handler in config.handlers() {
            let figure = |key: &str| {
                json.at(&[key, config.id(), handler.name()])
                    .and_then(Json::as_f64)
            };
            if let (Some(instructions), Some(allocations), Some(host_allocations)) = (
                figure("ir_per_req"),
                figure("allocs_per_req"),
                figure("host_allocs_per_req"),
            ) {
                counters.insert(
                    (config, handler),
                    PerRequest {
                        instructions,
                        allocations,
                        host_allocations,
                    },
                );
            }
        }
    }
    counters
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Counters {
        let mut counters = Counters::new();
        counters.insert(
            (Config::S1, Handler::Hello),
            PerRequest {
                instructions: 50_000.0,
                allocations: 60.0,
                host_allocations: 50.0,
            },
        );
        counters.insert(
            (Config::S2, Handler::Hello),
            PerRequest {
                instructions: 70_000.0,
                allocations: 120.0,
                host_allocations: 50.0,
            },
        );
        counters
    }

    #[test]
    fn the_file_reads_back_and_compares_equal() {
        let counters = sample();
        let text = file_json(&counters, "test machine").pretty();
        let committed = Json::parse(&text).unwrap();
        assert_eq!(
            committed
                .at(&["ir_per_req", "S2", "hello"])
                .and_then(Json::as_f64),
            Some(70_000.0)
        );
        assert_eq!(compare(&counters, &committed), (vec![], vec![]));
    }

    #[test]
    fn changes_beyond_tolerance_are_reported() {
        let committed = Json::parse(&file_json(&sample(), "m").pretty()).unwrap();
        let mut now = sample();
        now.get_mut(&(Config::S2, Handler::Hello))
            .unwrap()
            .instructions = 77_000.0; // +10%
        now.get_mut(&(Config::S1, Handler::Hello))
            .unwrap()
            .instructions = 50_500.0; // +1%: within tolerance
        let (changes, missing) = compare(&now, &committed);
        assert!(missing.is_empty());
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].0, "ir_per_req S2 hello");
        assert!((changes[0].3 - 0.10).abs() < 1e-9);
    }

    #[test]
    fn missing_committed_values_are_named() {
        let (_, missing) = compare(&sample(), &Json::object());
        assert_eq!(missing.len(), 6);
    }

    #[test]
    fn the_file_reads_back_as_counters() {
        let counters = sample();
        let json = Json::parse(&file_json(&counters, "m").pretty()).unwrap();
        assert_eq!(from_json(&json), counters);
        assert!(from_json(&Json::object()).is_empty());
    }

    #[test]
    fn the_slow_handlers_run_fewer_requests() {
        for handler in [Handler::Gzip, Handler::Form, Handler::Cpu] {
            assert!(runs_for(Config::S2, handler).1 <= 60, "{handler:?}");
        }
        assert!(runs_for(Config::S2, Handler::CpuWasm).1 <= 120);
        assert_eq!(runs_for(Config::S1, Handler::Digest), (100, 600));
    }

    #[test]
    fn relative_changes() {
        assert_eq!(relative_change(100.0, 110.0), 0.1);
        assert_eq!(relative_change(0.0, 0.0), 0.0);
        assert_eq!(relative_change(0.0, 3.0), 1.0);
    }
}
