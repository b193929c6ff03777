//! `cargo xtask bench [--quick]`: shared/BENCHMARKS.md. Both forms build the release
//! binaries and the handlers, then measure the deterministic counters (callgrind, no
//! sockets) and compare them with bench/counters.json.
//!
//! - `--quick` (CI): then starts every configuration and checks that each handler answers
//!   200 with the right body, with one second of wrk each. Nothing about speed can fail it.
//! - full: then the interleaved load matrix (pinned and unpinned passes), memory per
//!   engine, cold start, queue hand-off; prints the tables and writes target/bench/.
//!
//! `--handlers hello,digest,…` limits the counters, the smoke pass and the load matrix to
//! those handlers (memory, cold start and hand-off always use hello).
use crate::bench_build::{self, Artifacts};
use crate::bench_configs::{Handler, Placement, Shape};
use crate::bench_counters::{self, Counters};
use crate::bench_matrix::{self, Plan};
use crate::bench_proc::{self, MachineTicks};
use crate::bench_report::{self, Noise, Run};
use crate::bench_tools;
use crate::failure::{Failure, Result};
use crate::summary::Summary;
use crate::{bench_cold_start, bench_handoff, bench_machine, bench_memory, bench_smoke};
use std::time::Duration;

/// What `cargo xtask bench` was asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub quick: bool,
    pub rounds: usize,
    pub warm_up: Duration,
    pub duration: Duration,
    /// Rewrite bench/counters.json with this run's counters.
    pub update_counters: bool,
    /// The handlers to measure (`--handlers`; all by default).
    pub handlers: Vec<Handler>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            quick: false,
            rounds: 5,
            warm_up: Duration::from_secs(3),
            duration: Duration::from_secs(5),
            update_counters: false,
            handlers: Handler::ALL.to_vec(),
        }
    }
}

pub fn parse_options(args: &[String]) -> std::result::Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (arg.as_str(), None),
        };
        let mut value = |what: &str| {
            inline
                .clone()
                .or_else(|| args.next().cloned())
                .ok_or_else(|| format!("`{name}` needs {what}"))
        };
        let seconds = |text: String| {
            text.parse::<u64>()
                .ok()
                .filter(|&s| s > 0)
                .map(Duration::from_secs)
                .ok_or_else(|| format!("`{name}` wants whole seconds, not {text:?}"))
        };
        match name {
            "--quick" => options.quick = true,
            "--update-counters" => options.update_counters = true,
            "--rounds" => {
                let text = value("a number")?;
                options.rounds =
                    text.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                        format!("`--rounds` wants a positive number, not {text:?}")
                    })?;
            }
            "--duration" => options.duration = seconds(value("seconds")?)?,
            "--warmup" => {
                let text = value("seconds")?;
                options.warm_up = if text == "0" {
                    Duration::ZERO
                } else {
                    seconds(text)?
                };
            }
            "--handlers" => options.handlers = handler_list(&value("a list of handlers")?)?,
            other => return Err(format!("`bench` takes no option `{other}`")),
        }
    }
    Ok(options)
}

/// `hello,digest`: handlers by name, in [`Handler::ALL`]'s order, each once.
fn handler_list(text: &str) -> std::result::Result<Vec<Handler>, String> {
    let mut chosen = Vec::new();
    for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let handler = Handler::from_name(name).ok_or_else(|| {
            let known: Vec<&str> = Handler::ALL.iter().map(|h| h.name()).collect();
            format!(
                "`--handlers`: no handler {name:?} (there are {})",
                known.join(", ")
            )
        })?;
        chosen.push(handler);
    }
    if chosen.is_empty() {
        return Err("`--handlers` wants at least one handler".into());
    }
    Ok(Handler::ALL
        .into_iter()
        .filter(|h| chosen.contains(h))
        .collect())
}

pub fn run(options: &Options) -> Result {
    if !cfg!(target_os = "linux") {
        return Err(Failure::new(
            "the benchmark needs Linux (/proc, taskset, apt)",
        ));
    }
    let mut summary = Summary::new(if options.quick {
        "bench --quick"
    } else {
        "bench"
    });
    let prepared = prepare(options, &mut summary);
    let finished = summary.finish(prepared.is_err());
    let artifacts = prepared?;
    finished?;

    let machine = bench_machine::describe();
    let counters = bench_counters::measure(&artifacts, &options.handlers)?;
    report_counters(&counters, &artifacts, &machine, options.update_counters)?;
    if options.quick {
        bench_smoke::run(&artifacts, &options.handlers)?;
        eprintln!("\nbench --quick: every configuration answers 200 (counters above)");
        return Ok(());
    }
    full(options, &artifacts, &counters, machine)
}

/// Tools, then the build.
fn prepare(options: &Options, summary: &mut Summary) -> Result<Artifacts> {
    let mut tools: Vec<&crate::apt::Tool> = bench_tools::QUICK.iter().collect();
    if !options.quick {
        tools.extend(bench_tools::FULL);
    }
    crate::apt::ensure(&tools, "the benchmark", summary)?;
    bench_build::build(summary)
}

fn report_counters(
    counters: &Counters,
    artifacts: &Artifacts,
    machine: &str,
    update: bool,
) -> Result {
    let current = artifacts.out.join("counters.json");
    std::fs::write(
        &current,
        bench_counters::file_json(counters, machine).pretty(),
    )
    .map_err(|e| Failure::new(format!("cannot write {}: {e}", current.display())))?;
    if update {
        bench_counters::write_committed(counters, machine)?;
        eprintln!("wrote {}", bench_counters::COUNTERS_FILE);
        return Ok(());
    }
    let Some(committed) = bench_counters::read_committed() else {
        eprintln!(
            "no committed counters to compare with; `--update-counters` writes {}",
            bench_counters::COUNTERS_FILE
        );
        return Ok(());
    };
    let (changes, missing) = bench_counters::compare(counters, &committed);
    for label in &missing {
        eprintln!("counter {label}: not in {}", bench_counters::COUNTERS_FILE);
    }
    if changes.is_empty() {
        eprintln!(
            "counters: all within {:.0}% of {}",
            bench_counters::TOLERANCE * 100.0,
            bench_counters::COUNTERS_FILE
        );
    }
    for (label, before, now, change) in &changes {
        eprintln!(
            "warning: counter {label}: {now:.1} now, {before:.1} in {} ({:+.1}%): review the \
             change, then `cargo xtask bench --quick --update-counters`",
            bench_counters::COUNTERS_FILE,
            change * 100.0
        );
    }
    Ok(())
}

fn full(options: &Options, artifacts: &Artifacts, counters: &Counters, machine: String) -> Result {
    let plan = Plan {
        rounds: options.rounds,
        warm_up: options.warm_up,
        duration: options.duration,
        handlers: options.handlers.clone(),
        passes: vec![
            (Placement::Pinned, Shape::ALL.to_vec()),
            (Placement::Unpinned, vec![Shape::C64]),
        ],
    };
    let load_before = bench_proc::load_average();
    let ticks_before = MachineTicks::now();
    let samples = bench_matrix::run(&plan, artifacts, bench_proc::ticks_per_second())?;
    let memory = bench_memory::measure(artifacts)?;
    let cold_starts = bench_cold_start::measure(artifacts)?;
    let handoffs = bench_handoff::measure(artifacts)?;
    let noise = Noise {
        load_before,
        load_after: bench_proc::load_average(),
        steal: MachineTicks::now().steal_share_since(ticks_before),
    };
    let run = Run {
        machine,
        plan: &plan,
        samples: &samples,
        counters,
        memory,
        cold_starts: &cold_starts,
        handoffs: &handoffs,
        noise,
    };
    let markdown = bench_report::markdown(&run);
    let write = |name: &str, text: String| {
        let path = artifacts.out.join(name);
        std::fs::write(&path, text)
            .map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))
    };
    write("latest.json", bench_report::latest_json(&run).pretty())?;
    write("details.json", bench_report::details_json(&run).pretty())?;
    write("latest.md", markdown.clone())?;
    println!("\n{markdown}");
    eprintln!(
        "wrote {0}/latest.json, {0}/latest.md and {0}/details.json",
        artifacts.out.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_defaults_follow_benchmarks_md() {
        let options = parse_options(&[]).unwrap();
        assert_eq!(options, Options::default());
        assert_eq!(options.rounds, 5);
        assert_eq!(options.warm_up, Duration::from_secs(3));
    }

    #[test]
    fn options_take_values_either_way() {
        let options = parse_options(&args(&[
            "--quick",
            "--rounds",
            "3",
            "--duration=2",
            "--warmup",
            "0",
        ]))
        .unwrap();
        assert!(options.quick);
        assert_eq!(options.rounds, 3);
        assert_eq!(options.duration, Duration::from_secs(2));
        assert_eq!(options.warm_up, Duration::ZERO);
    }

    #[test]
    fn handlers_are_chosen_by_name() {
        let options = parse_options(&args(&["--handlers", "gzip,hello, digest"])).unwrap();
        assert_eq!(
            options.handlers,
            [Handler::Hello, Handler::Digest, Handler::Gzip]
        );
        let options = parse_options(&args(&["--handlers=cpu-wasm,form,hmac,form"])).unwrap();
        assert_eq!(
            options.handlers,
            [Handler::CpuWasm, Handler::Hmac, Handler::Form]
        );
        assert_eq!(parse_options(&[]).unwrap().handlers, Handler::ALL);
        assert!(parse_options(&args(&["--handlers", "hello,sha"])).is_err());
        assert!(parse_options(&args(&["--handlers", ","])).is_err());
    }

    #[test]
    fn bad_options_are_refused() {
        assert!(parse_options(&args(&["--rounds", "0"])).is_err());
        assert!(parse_options(&args(&["--duration", "x"])).is_err());
        assert!(parse_options(&args(&["--rounds"])).is_err());
        assert!(parse_options(&args(&["--fast"])).is_err());
    }
}
