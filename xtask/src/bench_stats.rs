//! The statistics of a benchmark cell: median and min–max over the kept rounds, the spread
//! that flags a noisy cell, paired ratios, and the order shuffle of a round.

/// A cell whose spread ((max − min) / median) is above this is flagged as noisy.
pub const NOISY_SPREAD: f64 = 0.10;

/// Median and range of the values measured for one cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl Spread {
    /// `None` for no values.
    pub fn of(values: &[f64]) -> Option<Spread> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(f64::total_cmp);
        Some(Spread {
            median: median_of_sorted(&sorted),
            min: sorted[0],
            max: sorted[sorted.len() - 1],
        })
    }

    /// (max − min) / median; 0 for a zero median.
    pub fn relative(&self) -> f64 {
        if self.median == 0.0 {
            0.0
        } else {
            (self.max - self.min) / self.median.abs()
        }
    }

    pub fn is_noisy(&self) -> bool {
        self.relative() > NOISY_SPREAD
    }
}

fn median_of_sorted(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// Element-wise ratios `a[i] / b[i]` of two series measured in the same rounds (pairs
/// with a zero or missing denominator are skipped).
pub fn paired_ratios(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter()
        .zip(b)
        .filter(|(_, &d)| d != 0.0)
        .map(|(&n, &d)| n / d)
        .collect()
}

/// A small deterministic random sequence (xorshift64*) for shuffling round orders.
pub struct Shuffler(u64);

impl Shuffler {
    pub fn new(seed: u64) -> Shuffler {
        Shuffler(seed.max(1))
    }

    /// Seeded from the clock: every run gets its own orders.
    pub fn from_clock() -> Shuffler {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64);
        Shuffler::new(nanos ^ 0x9e37_79b9_7f4a_7c15)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_range() {
        let s = Spread::of(&[3.0, 1.0, 2.0]).unwrap();
        assert_eq!((s.median, s.min, s.max), (2.0, 1.0, 3.0));
        assert_eq!(Spread::of(&[4.0, 1.0, 2.0, 3.0]).unwrap().median, 2.5);
        assert_eq!(Spread::of(&[]), None);
        assert_eq!(Spread::of(&[f64::NAN, 5.0]).unwrap().median, 5.0);
    }

    #[test]
    fn a_spread_over_ten_percent_is_noisy() {
        let calm = Spread::of(&[100.0, 104.0, 96.0]).unwrap();
        assert!((calm.relative() - 0.08).abs() < 1e-9);
        assert!(!calm.is_noisy());
        assert!(Spread::of(&[100.0, 112.0, 99.0]).unwrap().is_noisy());
        assert!(!Spread::of(&[0.0, 0.0]).unwrap().is_noisy());
    }

    #[test]
    fn ratios_pair_rounds_and_skip_zero_denominators() {
        assert_eq!(
            paired_ratios(&[10.0, 20.0, 30.0], &[5.0, 0.0, 10.0]),
            [2.0, 3.0]
        );
    }

    #[test]
    fn shuffles_are_permutations_and_vary() {
        let mut shuffler = Shuffler::new(42);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..50 {
            let mut order = [0, 1, 2, 3];
            shuffler.shuffle(&mut order);
            let mut sorted = order;
            sorted.sort();
            assert_eq!(sorted, [0, 1, 2, 3]);
            seen.insert(order);
        }
        assert!(seen.len() > 5, "only {} orders", seen.len());
    }
}
