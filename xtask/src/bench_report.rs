//! What a full run reports: target/bench/latest.json (the shape issue 7 fixes),
//! target/bench/details.json (every figure with its range, and the samples), and the
//! Markdown tables printed at the end and written to target/bench/latest.md.
use crate::bench_cold_start::ColdStarts;
use crate::bench_configs::{Config, Handler, Placement, Shape};
use crate::bench_counters::{self, Counters};
use crate::bench_handoff::Handoffs;
use crate::bench_json::Json;
use crate::bench_matrix::{Plan, Sample};
use crate::bench_memory::{Memory, LARGE_POOL};
use crate::bench_results::{
    cell, headline, r1, r2, r3, Metric, Samples, CPU_US, P50, P99, RPS, SYSTEM_US, USER_US,
};
use crate::bench_stats::{Spread, NOISY_SPREAD};
use std::fmt::Write as _;

/// How busy the machine was around the run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Noise {
    pub load_before: f64,
    pub load_after: f64,
    /// Share of CPU time the hypervisor took during the run.
    pub steal: f64,
}

/// Everything one full run measured.
pub struct Run<'a> {
    pub machine: String,
    pub plan: &'a Plan,
    pub samples: &'a [Sample],
    pub counters: &'a Counters,
    pub memory: Memory,
    pub cold_starts: &'a ColdStarts,
    pub handoffs: &'a Handoffs,
    pub noise: Noise,
}

/// One of issue 7's targets and where this run stands.
pub struct Target {
    pub what: &'static str,
    pub goal: &'static str,
    pub value: Option<f64>,
    pub met: Option<bool>,
}

pub fn targets(run: &Run) -> Vec<Target> {
    let samples = Samples::new(run.samples);
    let hello = |config| samples.median(headline(config, Handler::Hello), CPU_US);
    let p99 = |config| samples.median(headline(config, Handler::Hello), P99);
    let at_least = |value: Option<f64>, goal: f64| value.map(|v| v >= goal);
    let at_most = |value: Option<f64>, goal: f64| value.map(|v| v <= goal);
    let r3_hello = r3(&samples, Handler::Hello).map(|s| s.median);
    let r1_hello = r1(&samples, Handler::Hello).map(|s| s.median);
    let r2_value = r2(&samples).map(|s| s.median);
    let cpu_ratio = hello(Config::S2).zip(hello(Config::S3)).map(|(a, b)| a / b);
    let p99_ratio = p99(Config::S2).zip(p99(Config::S1)).map(|(a, b)| a / b);
    let engine = Some(run.memory.per_engine_kib);
    let cold = run.cold_starts.get(&Config::S2).map(|c| c.0);
    vec![
        Target {
            what: "R3 hello: rps S2 / S3 (c64, pinned)",
            goal: "≥ 1.0",
            value: r3_hello,
            met: at_least(r3_hello, 1.0),
        },
        Target {
            what: "CPU-µs/req hello: S2 / S3 (c64, pinned)",
            goal: "≤ 1.0",
            value: cpu_ratio,
            met: at_most(cpu_ratio, 1.0),
        },
        Target {
            what: "R1 hello: rps S2 / S1 (c64, pinned)",
            goal: "≥ 0.8",
            value: r1_hello,
            met: at_least(r1_hello, 0.8),
        },
        Target {
            what: "R2: rps S1 / S0 hello (c64, pinned)",
            goal: "≥ 0.85",
            value: r2_value,
            met: at_least(r2_value, 0.85),
        },
        Target {
            what: "p99 hello c64: S2 / S1",
            goal: "≤ 1.5",
            value: p99_ratio,
            met: at_most(p99_ratio, 1.5),
        },
        Target {
            what: "RSS per extra engine (KiB)",
            goal: "≤ 256",
            value: engine,
            met: at_most(engine, 256.0),
        },
        Target {
            what: "cold start S2, bytecode (ms)",
            goal: "≤ 30",
            value: cold,
            met: at_most(cold, 30.0),
        },
    ]
}

/// target/bench/latest.json: exactly the keys issue 7 lists. Medians; ratios per round.
pub fn latest_json(run: &Run) -> Json {
    let samples = Samples::new(run.samples);
    let mut json = Json::object();
    json.set("machine", run.machine.as_str());
    let mut ratios = Json::object();
    ratios.set(
        "R1",
        by_handler(|h| r1(&samples, h).map(|s| round(s.median, 3))),
    );
    ratios.set("R2", r2(&samples).map(|s| round(s.median, 3)));
    ratios.set(
        "R3",
        by_handler(|h| r3(&samples, h).map(|s| round(s.median, 3))),
    );
    json.set("ratios", ratios);
    json.set("rps", by_cell(&samples, RPS, 0, Placement::Pinned));
    json.set("p99_ms", by_cell(&samples, P99, 3, Placement::Pinned));
    json.set(
        "cpu_us_per_req",
        by_cell(&samples, CPU_US, 2, Placement::Pinned),
    );
    json.set("engine_rss_kb", round(run.memory.per_engine_kib, 0));
    json.set(
        "cold_start_ms",
        run.cold_starts.get(&Config::S2).map(|c| round(c.0, 2)),
    );
    let mut handoff = Json::object();
    if let Some((p50, p99)) = run.handoffs.get(&Placement::Pinned) {
        handoff
            .set("p50", round(*p50, 2))
            .set("p99", round(*p99, 2));
    }
    json.set("handoff_us", handoff);
    json.set(
        "ir_per_req",
        bench_counters::figure_json(run.counters, |c| c.instructions.round()),
    );
    json.set(
        "allocs_per_req",
        bench_counters::figure_json(run.counters, |c| c.allocations),
    );
    json
}

/// target/bench/details.json: every figure with min and max, both passes, and the samples.
pub fn details_json(run: &Run) -> Json {
    let samples = Samples::new(run.samples);
    let mut json = Json::object();
    json.set("machine", run.machine.as_str());
    let mut plan = Json::object();
    plan.set("rounds", run.plan.rounds as u64)
        .set("rounds_kept", samples.rounds_kept() as u64)
        .set("warm_up_s", run.plan.warm_up.as_secs_f64())
        .set("duration_s", run.plan.duration.as_secs_f64());
    json.set("plan", plan);
    let metrics: [(&str, Metric); 6] = [
        ("rps", RPS),
        ("p50_ms", P50),
        ("p99_ms", P99),
        ("cpu_us_per_req", CPU_US),
        ("user_us_per_req", USER_US),
        ("kernel_us_per_req", SYSTEM_US),
    ];
    for placement in [Placement::Pinned, Placement::Unpinned] {
        let mut pass = Json::object();
        for (name, metric) in metrics {
            let mut by_config = Json::object();
            for config in Config::ALL {
                let mut by_handler = Json::object();
                for &handler in config.handlers() {
                    let mut by_shape = Json::object();
                    for shape in Shape::ALL {
                        if let Some(s) =
                            samples.spread(cell(placement, config, handler, shape), metric)
                        {
                            by_shape.set(shape.name(), spread_json(s));
                        }
                    }
                    if !by_shape.members().is_empty() {
                        by_handler.set(handler.name(), by_shape);
                    }
                }
                if !by_handler.members().is_empty() {
                    by_config.set(config.id(), by_handler);
                }
            }
            pass.set(name, by_config);
        }
        json.set(placement.name(), pass);
    }
    let mut ratios = Json::object();
    ratios.set("R1", by_handler(|h| r1(&samples, h).map(spread_json)));
    ratios.set("R2", r2(&samples).map(spread_json));
    ratios.set("R3", by_handler(|h| r3(&samples, h).map(spread_json)));
    json.set("ratios", ratios);
    let mut memory = Json::object();
    memory
        .set("rss_pool_of_1_kib", run.memory.rss_pool_of_1_kib)
        .set("rss_pool_of_n_kib", run.memory.rss_pool_of_n_kib)
        .set("n", LARGE_POOL)
        .set("per_engine_kib", run.memory.per_engine_kib)
        .set("host_rss_after_requests_kib", run.memory.host_rss_after_kib)
        .set("requests", run.memory.requests_before_rss);
    json.set("memory", memory);
    let mut cold = Json::object();
    for (config, (median, min, max)) in run.cold_starts {
        cold.set(
            config.id(),
            spread_json(Spread {
                median: *median,
                min: *min,
                max: *max,
            }),
        );
    }
    json.set("cold_start_ms", cold);
    let mut handoff = Json::object();
    for (placement, (p50, p99)) in run.handoffs {
        let mut figures = Json::object();
        figures.set("p50", *p50).set("p99", *p99);
        handoff.set(placement.name(), figures);
    }
    json.set("handoff_us", handoff);
    json.set(
        "counters",
        bench_counters::file_json(run.counters, &run.machine),
    );
    let mut noise = Json::object();
    noise
        .set("load_before", run.noise.load_before)
        .set("load_after", run.noise.load_after)
        .set("steal_share", run.noise.steal)
        .set("socket_errors", samples.socket_errors());
    json.set("noise", noise);
    json.set(
        "samples",
        Json::Array(run.samples.iter().map(sample_json).collect()),
    );
    json
}

fn sample_json(sample: &Sample) -> Json {
    let mut json = Json::object();
    json.set("round", sample.round as u64)
        .set("placement", sample.cell.placement.name())
        .set("config", sample.cell.config.id())
        .set("handler", sample.cell.handler.name())
        .set("shape", sample.cell.shape.name())
        .set("requests", sample.requests)
        .set("rps", round(sample.rps, 1))
        .set("p50_ms", sample.p50_ms)
        .set("p99_ms", sample.p99_ms)
        .set("cpu_us", round(sample.cpu_us, 3))
        .set("user_us", round(sample.user_us, 3))
        .set("kernel_us", round(sample.system_us, 3))
        .set("socket_errors", sample.socket_errors);
    json
}

fn spread_json(spread: Spread) -> Json {
    let mut json = Json::object();
    json.set("median", spread.median)
        .set("min", spread.min)
        .set("max", spread.max)
        .set("noisy", spread.is_noisy());
    json
}

fn by_handler<T: Into<Json>>(figure: impl Fn(Handler) -> Option<T>) -> Json {
    let mut json = Json::object();
    for handler in Handler::ALL {
        json.set(handler.name(), figure(handler));
    }
    json
}

/// `{"S0": {"hello": {"c1": x, "c16": x, "c64": x}}, "S1": {…}, …}` of medians.
fn by_cell(samples: &Samples, metric: Metric, decimals: i32, placement: Placement) -> Json {
    let mut json = Json::object();
    for config in Config::ALL {
        let mut by_handler = Json::object();
        for &handler in config.handlers() {
            let mut by_shape = Json::object();
            for shape in Shape::ALL {
                if let Some(value) = samples.median(cell(placement, config, handler, shape), metric)
                {
                    by_shape.set(shape.name(), round(value, decimals));
                }
            }
            by_handler.set(handler.name(), by_shape);
        }
        json.set(config.id(), by_handler);
    }
    json
}

fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

/// The Markdown tables.
pub fn markdown(run: &Run) -> String {
    let samples = Samples::new(run.samples);
    let mut md = String::new();
    let _ = writeln!(
        md,
        "Machine: {}.\n\nOne run: {} rounds ({} kept, the first dropped), configuration order \
         shuffled each round; each cell {} s of wrk after a {} s warm-up. Medians, with \
         min–max over the kept rounds; ⚠ marks a spread over {:.0}%. Load average {:.2} → \
         {:.2}, steal {:.1}%.\n",
        run.machine,
        run.plan.rounds,
        samples.rounds_kept(),
        run.plan.duration.as_secs(),
        run.plan.warm_up.as_secs(),
        NOISY_SPREAD * 100.0,
        run.noise.load_before,
        run.noise.load_after,
        run.noise.steal * 100.0
    );

    let _ = writeln!(md, "**Targets** (issue 7)\n");
    let _ = writeln!(md, "| target | goal | this run | |\n|---|---|---|---|");
    for target in targets(run) {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            target.what,
            target.goal,
            target.value.map_or("–".into(), |v| format!("{v:.2}")),
            match target.met {
                Some(true) => "met",
                Some(false) => "**missed**",
                None => "not measured",
            }
        );
    }

    let _ = writeln!(
        md,
        "\n**Requests per second**, server pinned to core 0, `wrk -t1` on core 1\n"
    );
    let _ = writeln!(
        md,
        "| handler | conns | S0 nginx | S1 native | S2 isapi-ts | S3 node:http | R1 S2/S1 | R3 S2/S3 |"
    );
    let _ = writeln!(md, "|---|---|---|---|---|---|---|---|");
    for &handler in &run.plan.handlers {
        for shape in Shape::ALL {
            let value = |config: Config| {
                samples
                    .spread(cell(Placement::Pinned, config, handler, shape), RPS)
                    .map_or("–".into(), rps_text)
            };
            let ratio = |a: Config, b: Config| {
                samples
                    .ratio(
                        cell(Placement::Pinned, a, handler, shape),
                        cell(Placement::Pinned, b, handler, shape),
                        RPS,
                    )
                    .map_or("–".into(), ratio_text)
            };
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                handler.name(),
                shape.connections(),
                value(Config::S0),
                value(Config::S1),
                value(Config::S2),
                value(Config::S3),
                ratio(Config::S2, Config::S1),
                ratio(Config::S2, Config::S3)
            );
        }
    }
    let r2_text = r2(&samples).map_or("–".into(), ratio_text);
    let _ = writeln!(md, "\nR2 (S1 / S0, hello, c64): {r2_text}.");

    let _ = writeln!(
        md,
        "\n**Server CPU-µs per request** (user + kernel, from /proc/PID/stat), c64, pinned\n"
    );
    let _ = writeln!(
        md,
        "| handler | S0 nginx | S1 native | S2 isapi-ts | S3 node:http |"
    );
    let _ = writeln!(md, "|---|---|---|---|---|");
    for &handler in &run.plan.handlers {
        let value = |config: Config| {
            let c = headline(config, handler);
            match (
                samples.spread(c, CPU_US),
                samples.median(c, USER_US),
                samples.median(c, SYSTEM_US),
            ) {
                (Some(total), Some(user), Some(kernel)) => {
                    format!("{} = {user:.1} + {kernel:.1}", plain_text(total, 1))
                }
                _ => "–".into(),
            }
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            handler.name(),
            value(Config::S0),
            value(Config::S1),
            value(Config::S2),
            value(Config::S3)
        );
    }

    let _ = writeln!(md, "\n**Latency** (ms), pinned: p50 at c=1 / p99 at c=64\n");
    let _ = writeln!(
        md,
        "| handler | S0 nginx | S1 native | S2 isapi-ts | S3 node:http |"
    );
    let _ = writeln!(md, "|---|---|---|---|---|");
    for &handler in &run.plan.handlers {
        let value = |config: Config| {
            let p50 = samples.spread(cell(Placement::Pinned, config, handler, Shape::C1), P50);
            let p99 = samples.spread(headline(config, handler), P99);
            match (p50, p99) {
                (Some(a), Some(b)) => format!("{} / {}", plain_text(a, 3), plain_text(b, 2)),
                _ => "–".into(),
            }
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            handler.name(),
            value(Config::S0),
            value(Config::S1),
            value(Config::S2),
            value(Config::S3)
        );
    }

    let _ = writeln!(
        md,
        "\n**Whole machine** (nothing pinned; our host and its engines use both cores, Node \
         and nginx one), c64: requests per second and CPU-µs per request\n"
    );
    let _ = writeln!(
        md,
        "| handler | S0 nginx | S1 native | S2 isapi-ts | S3 node:http | R3 S2/S3 |"
    );
    let _ = writeln!(md, "|---|---|---|---|---|---|");
    for &handler in &run.plan.handlers {
        let unpinned = |config: Config| cell(Placement::Unpinned, config, handler, Shape::C64);
        let value = |config: Config| match (
            samples.spread(unpinned(config), RPS),
            samples.median(unpinned(config), CPU_US),
        ) {
            (Some(rps), Some(cpu)) => format!("{} · {cpu:.1} µs", rps_text(rps)),
            _ => "–".into(),
        };
        let r3_unpinned = samples
            .ratio(unpinned(Config::S2), unpinned(Config::S3), RPS)
            .map_or("–".into(), ratio_text);
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} |",
            handler.name(),
            value(Config::S0),
            value(Config::S1),
            value(Config::S2),
            value(Config::S3),
            r3_unpinned
        );
    }

    let _ = writeln!(
        md,
        "\n**Deterministic counters** per request (`isapi-bench drive`, no sockets, under \
         callgrind; whole process; allocations = calls into malloc & co., host = the host's \
         Rust allocations)\n"
    );
    let _ = writeln!(
        md,
        "| handler | Ir S1 | Ir S2 | Ir S2/S1 | allocs S1 | allocs S2 | host allocs |"
    );
    let _ = writeln!(md, "|---|---|---|---|---|---|---|");
    for &handler in &run.plan.handlers {
        let s1 = run.counters.get(&(Config::S1, handler));
        let s2 = run.counters.get(&(Config::S2, handler));
        let ir = |c: Option<&bench_counters::PerRequest>| {
            c.map_or("–".into(), |c| thousands(c.instructions))
        };
        let allocs = |c: Option<&bench_counters::PerRequest>| {
            c.map_or("–".into(), |c| format!("{:.1}", c.allocations))
        };
        let ratio = s1.zip(s2).map_or("–".into(), |(a, b)| {
            format!("{:.2}", b.instructions / a.instructions)
        });
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} |",
            handler.name(),
            ir(s1),
            ir(s2),
            ratio,
            allocs(s1),
            allocs(s2),
            s1.map_or("–".into(), |c| format!("{:.1}", c.host_allocations))
        );
    }

    let _ = writeln!(md, "\n**Also**\n");
    let _ = writeln!(
        md,
        "- Memory (S2): RSS {:.0} KiB with 1 engine, {:.0} KiB with {LARGE_POOL}: **{:.0} KiB per \
         extra engine**; the host's RSS after {} requests: {:.0} KiB.",
        run.memory.rss_pool_of_1_kib,
        run.memory.rss_pool_of_n_kib,
        run.memory.per_engine_kib,
        run.memory.requests_before_rss,
        run.memory.host_rss_after_kib
    );
    let cold: Vec<String> = run
        .cold_starts
        .iter()
        .map(|(config, (median, min, max))| {
            format!("{} {median:.1} ms ({min:.1}–{max:.1})", config.id())
        })
        .collect();
    let _ = writeln!(
        md,
        "- Cold start, process start → first 200 (hyperfine, median and range): {}.",
        cold.join(", ")
    );
    let handoff: Vec<String> = run
        .handoffs
        .iter()
        .map(|(placement, (p50, p99))| {
            format!("{}: p50 {p50:.1} µs, p99 {p99:.1} µs", placement.name())
        })
        .collect();
    let _ = writeln!(
        md,
        "- Queue hand-off, submit → worker wakes → `DONE_WITH_SESSION` (no-op handler, idle \
         worker, 20k hand-offs): {}.",
        handoff.join("; ")
    );
    md
}

/// `17.4k (16.9k–18.0k)`, with ⚠ when noisy.
fn rps_text(spread: Spread) -> String {
    format!(
        "{} ({}–{}){}",
        kilo(spread.median),
        kilo(spread.min),
        kilo(spread.max),
        noisy_mark(spread)
    )
}

fn kilo(value: f64) -> String {
    if value >= 1000.0 {
        format!("{:.1}k", value / 1000.0)
    } else {
        format!("{value:.0}")
    }
}

fn ratio_text(spread: Spread) -> String {
    format!(
        "{:.2} ({:.2}–{:.2}){}",
        spread.median,
        spread.min,
        spread.max,
        noisy_mark(spread)
    )
}

fn plain_text(spread: Spread, decimals: usize) -> String {
    format!(
        "{:.decimals$} ({:.decimals$}–{:.decimals$}){}",
        spread.median,
        spread.min,
        spread.max,
        noisy_mark(spread)
    )
}

fn noisy_mark(spread: Spread) -> &'static str {
    if spread.is_noisy() {
        " ⚠"
    } else {
        ""
    }
}

fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench_counters::PerRequest;
    use crate::bench_results::tests::sample;
    use std::time::Duration;

    fn run_with<'a>(
        samples: &'a [Sample],
        plan: &'a Plan,
        counters: &'a Counters,
        cold: &'a ColdStarts,
        handoffs: &'a Handoffs,
    ) -> Run<'a> {
        Run {
            machine: "test machine".into(),
            plan,
            samples,
            counters,
            memory: Memory {
                rss_pool_of_1_kib: 10_000.0,
                rss_pool_of_n_kib: 12_000.0,
                per_engine_kib: 250.0,
                host_rss_after_kib: 11_000.0,
                requests_before_rss: 100_000,
            },
            cold_starts: cold,
            handoffs,
            noise: Noise::default(),
        }
    }

    fn fixture() -> (Vec<Sample>, Plan, Counters, ColdStarts, Handoffs) {
        let mut samples = Vec::new();
        for round in 0..3 {
            samples.push(sample(round, Config::S0, Handler::Hello, 100_000.0));
            for handler in Handler::ALL {
                samples.push(sample(round, Config::S1, handler, 80_000.0));
                samples.push(sample(round, Config::S2, handler, 60_000.0));
                samples.push(sample(round, Config::S3, handler, 50_000.0));
            }
        }
        let plan = Plan {
            rounds: 3,
            warm_up: Duration::from_secs(3),
            duration: Duration::from_secs(5),
            handlers: Handler::ALL.to_vec(),
            passes: vec![(Placement::Pinned, vec![Shape::C64])],
        };
        let mut counters = Counters::new();
        counters.insert(
            (Config::S1, Handler::Hello),
            PerRequest {
                instructions: 50_000.0,
                allocations: 60.0,
                host_allocations: 50.0,
            },
        );
        let mut cold = ColdStarts::new();
        cold.insert(Config::S2, (20.0, 18.0, 25.0));
        let mut handoffs = Handoffs::new();
        handoffs.insert(Placement::Pinned, (18.0, 40.0));
        (samples, plan, counters, cold, handoffs)
    }

    #[test]
    fn latest_json_has_exactly_the_issue_s_keys() {
        let (samples, plan, counters, cold, handoffs) = fixture();
        let json = latest_json(&run_with(&samples, &plan, &counters, &cold, &handoffs));
        let keys: Vec<&str> = json.members().iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "machine",
                "ratios",
                "rps",
                "p99_ms",
                "cpu_us_per_req",
                "engine_rss_kb",
                "cold_start_ms",
                "handoff_us",
                "ir_per_req",
                "allocs_per_req"
            ]
        );
        let ratio = |path: &[&str]| json.at(path).and_then(Json::as_f64);
        assert_eq!(ratio(&["ratios", "R1", "hello"]), Some(0.75));
        assert_eq!(ratio(&["ratios", "R2"]), Some(0.8));
        assert_eq!(ratio(&["ratios", "R3", "cpu"]), Some(1.2));
        assert_eq!(ratio(&["rps", "S0", "hello", "c64"]), Some(100_000.0));
        assert_eq!(ratio(&["handoff_us", "p99"]), Some(40.0));
        assert_eq!(ratio(&["ir_per_req", "S1", "hello"]), Some(50_000.0));
        assert_eq!(ratio(&["cold_start_ms"]), Some(20.0));
        // The key list of the issue's ratios object.
        let ratio_keys: Vec<&str> = json
            .get("ratios")
            .unwrap()
            .members()
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(ratio_keys, ["R1", "R2", "R3"]);
    }

    #[test]
    fn targets_say_met_or_missed() {
        let (samples, plan, counters, cold, handoffs) = fixture();
        let run = run_with(&samples, &plan, &counters, &cold, &handoffs);
        let verdicts: Vec<Option<bool>> = targets(&run).iter().map(|t| t.met).collect();
        // R3 1.2 met; CPU 16.7 µs (S2 at 60k rps) vs 20 µs (S3 at 50k), met; R1 0.75
        // missed; R2 0.8 missed; p99 equal, met; 250 KiB met; 20 ms met.
        assert_eq!(
            verdicts,
            [
                Some(true),
                Some(true),
                Some(false),
                Some(false),
                Some(true),
                Some(true),
                Some(true)
            ]
        );
    }

    #[test]
    fn the_markdown_has_every_table() {
        let (samples, plan, counters, cold, handoffs) = fixture();
        let md = markdown(&run_with(&samples, &plan, &counters, &cold, &handoffs));
        for heading in [
            "**Targets**",
            "**Requests per second**",
            "**Server CPU-µs per request**",
            "**Latency**",
            "**Whole machine**",
            "**Deterministic counters**",
            "Cold start",
            "Queue hand-off",
        ] {
            assert!(md.contains(heading), "missing {heading}");
        }
        assert!(md.contains("| hello | 64 | 100.0k (100.0k–100.0k) |"));
        assert!(md.contains("| hello | 50,000 |"));
    }

    #[test]
    fn numbers_are_written_for_people() {
        assert_eq!(thousands(1_234_567.0), "1,234,567");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(kilo(17_425.0), "17.4k");
        assert_eq!(kilo(950.0), "950");
        let noisy = Spread {
            median: 100.0,
            min: 80.0,
            max: 120.0,
        };
        assert!(rps_text(noisy).ends_with('⚠'));
    }
}
