//! The load matrix: rounds of every configuration × handler × load shape, the order of
//! configurations shuffled each round, each cell a warm-up then a measured wrk run with
//! the server's CPU time read from /proc around it.
use crate::bench_build::Artifacts;
use crate::bench_configs::{Config, Handler, Placement, Shape, ECHO_BYTES};
use crate::bench_proc::CpuTicks;
use crate::bench_servers::{Launch, Server};
use crate::bench_stats::Shuffler;
use crate::bench_wrk::{self, Load};
use crate::failure::{Failure, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How much to measure.
#[derive(Clone, Debug)]
pub struct Plan {
    pub rounds: usize,
    pub warm_up: Duration,
    pub duration: Duration,
    /// The handlers measured (`--handlers`).
    pub handlers: Vec<Handler>,
    /// Each placement with the load shapes measured in it.
    pub passes: Vec<(Placement, Vec<Shape>)>,
}

/// Where a sample belongs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cell {
    pub placement: Placement,
    pub config: Config,
    pub handler: Handler,
    pub shape: Shape,
}

/// One measured wrk run.
#[derive(Clone, Debug)]
pub struct Sample {
    pub round: usize,
    pub cell: Cell,
    pub requests: u64,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Server CPU per request, user + kernel, and the two parts.
    pub cpu_us: f64,
    pub user_us: f64,
    pub system_us: f64,
    pub socket_errors: u64,
}

/// Runs the plan; every sample, round 0 (the one to drop) included.
pub fn run(plan: &Plan, artifacts: &Artifacts, ticks_per_second: f64) -> Result<Vec<Sample>> {
    let scripts = write_post_scripts(&artifacts.out)?;
    let mut shuffler = Shuffler::from_clock();
    let mut samples = Vec::new();
    for round in 0..plan.rounds {
        let mut order = Config::ALL;
        shuffler.shuffle(&mut order);
        let names: Vec<&str> = order.iter().map(|c| c.id()).collect();
        eprintln!(
            "\n── round {}/{}{}: {} ──",
            round + 1,
            plan.rounds,
            if round == 0 {
                " (warm-up round, dropped)"
            } else {
                ""
            },
            names.join(" ")
        );
        for config in order {
            if !config.handlers().iter().any(|h| plan.handlers.contains(h)) {
                continue;
            }
            for (placement, shapes) in &plan.passes {
                let launch = Launch {
                    config,
                    placement: *placement,
                    env: &[],
                };
                let server = Server::start(&launch, artifacts)?;
                for &handler in config
                    .handlers()
                    .iter()
                    .filter(|h| plan.handlers.contains(h))
                {
                    crate::bench_smoke::check_answer(&server, handler)?;
                    for &shape in shapes {
                        let cell = Cell {
                            placement: *placement,
                            config,
                            handler,
                            shape,
                        };
                        let sample =
                            measure(&server, cell, plan, &scripts, ticks_per_second, round)?;
                        eprintln!(
                            "  {} {:<8} {:<5} {:<3}: {:>8.0} rps  p50 {:>6.2} ms  p99 {:>6.2} ms  \
                             {:>6.1} CPU-µs/req ({:.1} user + {:.1} kernel)",
                            config.id(),
                            placement.name(),
                            handler.name(),
                            shape.name(),
                            sample.rps,
                            sample.p50_ms,
                            sample.p99_ms,
                            sample.cpu_us,
                            sample.user_us,
                            sample.system_us
                        );
                        samples.push(sample);
                    }
                }
            }
        }
    }
    Ok(samples)
}

fn measure(
    server: &Server,
    cell: Cell,
    plan: &Plan,
    scripts: &PostScripts,
    ticks_per_second: f64,
    round: usize,
) -> Result<Sample> {
    let url = server.url(cell.handler.target());
    let load = |duration| Load {
        url: &url,
        connections: cell.shape.connections(),
        duration,
        script: scripts.for_handler(cell.handler),
        cpu: cell.placement.load_cpu(),
    };
    if !plan.warm_up.is_zero() {
        load(plan.warm_up).command().output()?;
    }
    let before = CpuTicks::of(server.pid())?;
    let text = load(plan.duration).command().output()?;
    let used = CpuTicks::of(server.pid())?.since(before);
    let report = bench_wrk::parse(&text).map_err(|e| server.failure(&e))?;
    if report.non_success > 0 {
        return Err(server.failure(&format!(
            "answered {} of {} {} requests with a status other than 2xx/3xx",
            report.non_success,
            report.requests,
            cell.handler.target()
        )));
    }
    if report.requests == 0 {
        return Err(server.failure("completed no request"));
    }
    let per_request = |ticks: u64| ticks as f64 / ticks_per_second * 1e6 / report.requests as f64;
    Ok(Sample {
        round,
        cell,
        requests: report.requests,
        rps: report.requests_per_sec,
        p50_ms: report.p50_ms,
        p99_ms: report.p99_ms,
        cpu_us: per_request(used.user + used.system),
        user_us: per_request(used.user),
        system_us: per_request(used.system),
        socket_errors: report.socket_errors,
    })
}

/// wrk's Lua scripts for the handlers that POST a body.
pub struct PostScripts(BTreeMap<Handler, PathBuf>);

impl PostScripts {
    /// The script `handler`'s requests need, if any.
    pub fn for_handler(&self, handler: Handler) -> Option<&Path> {
        self.0.get(&handler).map(PathBuf::as_path)
    }
}

/// Writes the scripts (and the bodies they read) into `out`: `POST /echo` with 4 KB of `x`,
/// `POST /form` with the multipart upload.
pub fn write_post_scripts(out: &Path) -> Result<PostScripts> {
    let write = |name: &str, bytes: &[u8]| {
        let path = out.join(name);
        std::fs::write(&path, bytes)
            .map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))?;
        Ok::<PathBuf, Failure>(path)
    };
    let mut scripts = BTreeMap::new();
    scripts.insert(
        Handler::Echo,
        write("post4k.lua", bench_wrk::post_script(ECHO_BYTES).as_bytes())?,
    );
    let form = Handler::Form;
    let body = write("form-body.bin", &form.request_body())?;
    let content_type = form.content_type().unwrap_or_default();
    scripts.insert(
        form,
        write(
            "form.lua",
            bench_wrk::post_file_script(&body, &content_type).as_bytes(),
        )?,
    );
    Ok(PostScripts(scripts))
}
