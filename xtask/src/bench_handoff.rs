//! The queue hand-off: `isapi-bench handoff` times the engine pool's submit → worker
//! wakes → `DONE_WITH_SESSION` with a handler that does nothing, the worker idle (parked)
//! before each request. Once on one core (as the pinned server), once free.
use crate::bench_build::Artifacts;
use crate::bench_configs::Placement;
use crate::bench_servers::on_cpu;
use crate::failure::{Failure, Result};
use std::collections::BTreeMap;

const HANDOFFS: u32 = 20_000;

/// p50 and p99 of the round trip in microseconds, per placement.
pub type Handoffs = BTreeMap<Placement, (f64, f64)>;

pub fn measure(artifacts: &Artifacts) -> Result<Handoffs> {
    let mut handoffs = Handoffs::new();
    for placement in [Placement::Pinned, Placement::Unpinned] {
        let text = on_cpu(placement.server_cpu(), &artifacts.bench_tool)
            .env("ISAPI_TS_LOG", "warn")
            .arg("handoff")
            .arg("--bundle")
            .arg(&artifacts.noop_bundle)
            .arg("--count")
            .arg(HANDOFFS.to_string())
            .output()?;
        let figures = parse(&text).ok_or_else(|| {
            Failure::new(format!(
                "unexpected output from isapi-bench handoff: {text:?}"
            ))
        })?;
        eprintln!(
            "hand-off ({}): p50 {:.1} µs, p99 {:.1} µs",
            placement.name(),
            figures.0,
            figures.1
        );
        handoffs.insert(placement, figures);
    }
    Ok(handoffs)
}

/// `p50_us` and `p99_us` of a `key=value` line.
fn parse(text: &str) -> Option<(f64, f64)> {
    let value = |key: &str| {
        text.split_whitespace()
            .find_map(|field| field.strip_prefix(key))
            .and_then(|v| v.parse::<f64>().ok())
    };
    Some((value("p50_us=")?, value("p99_us=")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_line_is_read() {
        let line = "count=20000 idle_us=200 p50_us=18.61 p99_us=47.16 max_us=4629.89\n";
        assert_eq!(parse(line), Some((18.61, 47.16)));
        assert_eq!(parse("count=1"), None);
    }
}
