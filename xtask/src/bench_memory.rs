//! Memory: what each extra engine costs (the host's RSS with a pool of N engines against a
//! pool of 1, both after serving some load), and the host's RSS after 100k requests.
use crate::bench_build::Artifacts;
use crate::bench_configs::{Config, Handler, Placement};
use crate::bench_proc;
use crate::bench_servers::{Launch, Server};
use crate::bench_stats::Spread;
use crate::bench_wrk::{self, Load};
use crate::failure::{Failure, Result};
use std::time::Duration;

/// Engines in the large pool.
pub const LARGE_POOL: u64 = 9;
const REPEATS: usize = 3;

#[derive(Clone, Copy, Debug)]
pub struct Memory {
    pub rss_pool_of_1_kib: f64,
    pub rss_pool_of_n_kib: f64,
    /// (RSS(N) − RSS(1)) / (N − 1), median of the repeats.
    pub per_engine_kib: f64,
    pub host_rss_after_kib: f64,
    pub requests_before_rss: u64,
}

pub fn measure(artifacts: &Artifacts) -> Result<Memory> {
    let mut small = Vec::new();
    let mut large = Vec::new();
    let mut per_engine = Vec::new();
    for _ in 0..REPEATS {
        let one = pool_rss(artifacts, 1)?;
        let many = pool_rss(artifacts, LARGE_POOL)?;
        small.push(one);
        large.push(many);
        per_engine.push(engine_cost(one, many, LARGE_POOL));
    }
    let median = |values: &[f64]| Spread::of(values).map_or(0.0, |s| s.median);
    let (host_rss_after_kib, requests_before_rss) = rss_after_load(artifacts, 100_000)?;
    let memory = Memory {
        rss_pool_of_1_kib: median(&small),
        rss_pool_of_n_kib: median(&large),
        per_engine_kib: median(&per_engine),
        host_rss_after_kib,
        requests_before_rss,
    };
    eprintln!(
        "memory: RSS {:.0} KiB with 1 engine, {:.0} KiB with {LARGE_POOL}: {:.0} KiB per extra \
         engine; {:.0} KiB after {} requests",
        memory.rss_pool_of_1_kib,
        memory.rss_pool_of_n_kib,
        memory.per_engine_kib,
        memory.host_rss_after_kib,
        memory.requests_before_rss
    );
    Ok(memory)
}

/// KiB per engine beyond the first.
pub fn engine_cost(rss_of_one: f64, rss_of_many: f64, engines: u64) -> f64 {
    if engines <= 1 {
        return 0.0;
    }
    (rss_of_many - rss_of_one) / (engines - 1) as f64
}

/// S2's RSS with `engines` engines, after a second of load on every one of them.
fn pool_rss(artifacts: &Artifacts, engines: u64) -> Result<f64> {
    let env = [("ISAPI_TS_WORKERS", engines.to_string())];
    let launch = Launch {
        config: Config::S2,
        placement: Placement::Unpinned,
        env: &env,
    };
    let server = Server::start(&launch, artifacts)?;
    let url = server.url(Handler::Hello.target());
    let load = Load {
        url: &url,
        connections: 16,
        duration: Duration::from_secs(1),
        script: None,
        cpu: None,
    };
    load.command().output()?;
    std::thread::sleep(Duration::from_millis(200));
    Ok(bench_proc::rss_kib(server.pid())? as f64)
}

/// S2's RSS (default pool) after at least `requests` hello requests.
fn rss_after_load(artifacts: &Artifacts, requests: u64) -> Result<(f64, u64)> {
    let launch = Launch {
        config: Config::S2,
        placement: Placement::Unpinned,
        env: &[],
    };
    let server = Server::start(&launch, artifacts)?;
    let url = server.url(Handler::Hello.target());
    let mut done = 0;
    while done < requests {
        let load = Load {
            url: &url,
            connections: 64,
            duration: Duration::from_secs(2),
            script: None,
            cpu: None,
        };
        let report = bench_wrk::parse(&load.command().output()?).map_err(Failure::new)?;
        if report.requests == 0 {
            return Err(server.failure("completed no request"));
        }
        done += report.requests;
    }
    Ok((bench_proc::rss_kib(server.pid())? as f64, done))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cost_of_an_engine_is_the_growth_per_extra_engine() {
        assert_eq!(engine_cost(10_000.0, 12_000.0, 9), 250.0);
        assert_eq!(engine_cost(10_000.0, 12_000.0, 1), 0.0);
    }
}
