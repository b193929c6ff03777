//! Rate-limited log lines for events that come in floods (a full queue's 503s, clients
//! that went away): at most one line per interval per kind, saying how many were left
//! out since the last. Lock-free; a static per kind.
//!
//! ```ignore
//! static QUEUE_FULL: Throttle = Throttle::new(10);
//! if let Some(skipped) = QUEUE_FULL.admit() {
//!     tracing::warn!("request queue full: answered 503{}", skipped_note(skipped));
//! }
//! ```
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

/// One kind of repeated line.
pub struct Throttle {
    interval_ms: u64,
    /// When (ms on [`clock`]) the next line may be written.
    next_ms: AtomicU64,
    skipped: AtomicU64,
}

impl Throttle {
    /// At most one line every `interval_secs` seconds.
    pub const fn new(interval_secs: u64) -> Throttle {
        Throttle {
            interval_ms: interval_secs * 1000,
            next_ms: AtomicU64::new(0),
            skipped: AtomicU64::new(0),
        }
    }

    /// `Some(lines left out since the last one)` when a line may be written now; `None`
    /// (and the line counted) otherwise.
    pub fn admit(&self) -> Option<u64> {
        let now = clock();
        let next = self.next_ms.load(Ordering::Relaxed);
        if now >= next
            && self
                .next_ms
                .compare_exchange(
                    next,
                    now + self.interval_ms,
                    Ordering::AcqRel,
                    Ordering::Relaxed,
                )
                .is_ok()
        {
            return Some(self.skipped.swap(0, Ordering::AcqRel));
        }
        self.skipped.fetch_add(1, Ordering::Relaxed);
        None
    }
}

/// `" (and N more like it since the last such line)"`, or nothing for 0.
pub fn skipped_note(skipped: u64) -> String {
    if skipped == 0 {
        String::new()
    } else {
        format!(" (and {skipped} more like it since the last such line)")
    }
}

/// Milliseconds since first use; starts at 1 so that a fresh throttle admits at once.
fn clock() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_millis() as u64 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_interval_and_the_rest_counted() {
        let throttle = Throttle::new(3600);
        assert_eq!(throttle.admit(), Some(0));
        for _ in 0..5 {
            assert_eq!(throttle.admit(), None);
        }
        // Due again: the next line carries the count.
        throttle.next_ms.store(0, Ordering::Relaxed);
        assert_eq!(throttle.admit(), Some(5));
        assert_eq!(
            skipped_note(5),
            " (and 5 more like it since the last such line)"
        );
        assert_eq!(skipped_note(0), "");
    }
}
