//! From samples to figures: the kept rounds of each cell as median and range, and the
//! ratios R1–R3, each computed round by round (configurations measured side by side in
//! the same round) and then summarised.
use crate::bench_configs::{Config, Handler, Placement, Shape};
use crate::bench_matrix::{Cell, Sample};
use crate::bench_stats::{paired_ratios, Spread};

/// A figure of a sample.
pub type Metric = fn(&Sample) -> f64;

pub const RPS: Metric = |s| s.rps;
pub const P50: Metric = |s| s.p50_ms;
pub const P99: Metric = |s| s.p99_ms;
pub const CPU_US: Metric = |s| s.cpu_us;
pub const USER_US: Metric = |s| s.user_us;
pub const SYSTEM_US: Metric = |s| s.system_us;

/// The samples that count: every round but the first (unless there was only one).
pub struct Samples<'a> {
    kept: Vec<&'a Sample>,
}

impl<'a> Samples<'a> {
    pub fn new(all: &'a [Sample]) -> Samples<'a> {
        let rounds = all.iter().map(|s| s.round).max().map_or(0, |r| r + 1);
        let kept = all.iter().filter(|s| rounds <= 1 || s.round > 0).collect();
        Samples { kept }
    }

    pub fn rounds_kept(&self) -> usize {
        let mut rounds: Vec<usize> = self.kept.iter().map(|s| s.round).collect();
        rounds.sort_unstable();
        rounds.dedup();
        rounds.len()
    }

    /// `(round, value)` of a cell, in round order.
    fn series(&self, cell: Cell, metric: Metric) -> Vec<(usize, f64)> {
        let mut series: Vec<(usize, f64)> = self
            .kept
            .iter()
            .filter(|s| s.cell == cell)
            .map(|s| (s.round, metric(s)))
            .collect();
        series.sort_by_key(|(round, _)| *round);
        series
    }

    pub fn spread(&self, cell: Cell, metric: Metric) -> Option<Spread> {
        let values: Vec<f64> = self
            .series(cell, metric)
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        Spread::of(&values)
    }

    pub fn median(&self, cell: Cell, metric: Metric) -> Option<f64> {
        self.spread(cell, metric).map(|s| s.median)
    }

    /// `metric(a) / metric(b)` per round (both measured in that round), summarised.
    pub fn ratio(&self, a: Cell, b: Cell, metric: Metric) -> Option<Spread> {
        let b_series = self.series(b, metric);
        let mut numerators = Vec::new();
        let mut denominators = Vec::new();
        for (round, value) in self.series(a, metric) {
            if let Some((_, other)) = b_series.iter().find(|(r, _)| *r == round) {
                numerators.push(value);
                denominators.push(*other);
            }
        }
        Spread::of(&paired_ratios(&numerators, &denominators))
    }

    pub fn socket_errors(&self) -> u64 {
        self.kept.iter().map(|s| s.socket_errors).sum()
    }
}

pub fn cell(placement: Placement, config: Config, handler: Handler, shape: Shape) -> Cell {
    Cell {
        placement,
        config,
        handler,
        shape,
    }
}

/// The headline cell of a configuration and handler: pinned, 64 connections.
pub fn headline(config: Config, handler: Handler) -> Cell {
    cell(Placement::Pinned, config, handler, Shape::C64)
}

/// R1, the JS tax: rps(S2) / rps(S1).
pub fn r1(samples: &Samples, handler: Handler) -> Option<Spread> {
    samples.ratio(
        headline(Config::S2, handler),
        headline(Config::S1, handler),
        RPS,
    )
}

/// R2, host efficiency: rps(S1) / rps(S0), hello.
pub fn r2(samples: &Samples) -> Option<Spread> {
    samples.ratio(
        headline(Config::S1, Handler::Hello),
        headline(Config::S0, Handler::Hello),
        RPS,
    )
}

/// R3, the headline: rps(S2) / rps(S3).
pub fn r3(samples: &Samples, handler: Handler) -> Option<Spread> {
    samples.ratio(
        headline(Config::S2, handler),
        headline(Config::S3, handler),
        RPS,
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn sample(round: usize, config: Config, handler: Handler, rps: f64) -> Sample {
        Sample {
            round,
            cell: headline(config, handler),
            requests: (rps * 5.0) as u64,
            rps,
            p50_ms: 1.0,
            p99_ms: 2.0,
            cpu_us: 1e6 / rps,
            user_us: 0.5e6 / rps,
            system_us: 0.5e6 / rps,
            socket_errors: 0,
        }
    }

    #[test]
    fn the_first_round_is_dropped() {
        let all = vec![
            sample(0, Config::S1, Handler::Hello, 1.0),
            sample(1, Config::S1, Handler::Hello, 100.0),
            sample(2, Config::S1, Handler::Hello, 110.0),
        ];
        let samples = Samples::new(&all);
        assert_eq!(samples.rounds_kept(), 2);
        let spread = samples
            .spread(headline(Config::S1, Handler::Hello), RPS)
            .unwrap();
        assert_eq!(
            (spread.min, spread.median, spread.max),
            (100.0, 105.0, 110.0)
        );
    }

    #[test]
    fn a_single_round_is_kept() {
        let all = vec![sample(0, Config::S1, Handler::Hello, 7.0)];
        assert_eq!(
            Samples::new(&all).median(headline(Config::S1, Handler::Hello), RPS),
            Some(7.0)
        );
    }

    #[test]
    fn ratios_pair_configurations_round_by_round() {
        // The machine slowed down in round 2: both configurations lost half. A ratio of
        // medians would say 1.0 by luck; per round it is 2.0 every time.
        let all = vec![
            sample(1, Config::S2, Handler::Hello, 200.0),
            sample(1, Config::S1, Handler::Hello, 100.0),
            sample(2, Config::S2, Handler::Hello, 100.0),
            sample(2, Config::S1, Handler::Hello, 50.0),
            sample(3, Config::S2, Handler::Hello, 180.0),
            sample(3, Config::S1, Handler::Hello, 90.0),
        ];
        let samples = Samples::new(&all);
        let ratio = r1(&samples, Handler::Hello).unwrap();
        assert_eq!((ratio.min, ratio.median, ratio.max), (2.0, 2.0, 2.0));
        assert!(r3(&samples, Handler::Hello).is_none());
    }

    #[test]
    fn r2_compares_the_native_extension_with_nginx() {
        let all = vec![
            sample(0, Config::S0, Handler::Hello, 1000.0),
            sample(0, Config::S1, Handler::Hello, 850.0),
        ];
        let ratio = r2(&Samples::new(&all)).unwrap();
        assert!((ratio.median - 0.85).abs() < 1e-12);
    }
}
