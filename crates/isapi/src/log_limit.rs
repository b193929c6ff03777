//! Rate-limited log lines, for callsites a flood repeats (every 503 of a full queue,
//! every client abort): within a window only the first line of a callsite is written;
//! the next one after the window carries the count of those left out. No logging crate
//! here: [`log_limited!`](crate::log_limited) writes through the caller's `tracing`.
use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// `log_limited!(warn, "format", args…)`: `tracing::warn!` at most once per [`WINDOW`]
/// for this callsite; the next line written ends with how many were left out. The calling
/// crate depends on `tracing`.
#[macro_export]
macro_rules! log_limited {
    ($level:ident, $($arg:tt)+) => {{
        static LIMITER: $crate::log_limit::LogLimiter =
            $crate::log_limit::LogLimiter::new($crate::log_limit::WINDOW);
        if let Some(suppressed) = LIMITER.admit() {
            ::tracing::$level!("{}{suppressed}", format_args!($($arg)+));
        }
    }};
}

/// The default window: one line per callsite per this long.
pub const WINDOW: Duration = Duration::from_secs(10);

/// One callsite's window. `const`-constructible, to live in a `static` at the callsite.
pub struct LogLimiter {
    window: Duration,
    state: Mutex<Window>,
}

struct Window {
    /// When the last line was written.
    last: Option<Instant>,
    /// Lines left out since.
    suppressed: u64,
}

/// Written after a line when others were left out: ` (N more like this in the last Ss)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suppressed {
    pub count: u64,
    pub over: Duration,
}

impl fmt::Display for Suppressed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.count > 0 {
            write!(
                f,
                " ({} more like this in the last {}s)",
                self.count,
                self.over.as_secs().max(1)
            )?;
        }
        Ok(())
    }
}

impl LogLimiter {
    pub const fn new(window: Duration) -> LogLimiter {
        LogLimiter {
            window,
            state: Mutex::new(Window {
                last: None,
                suppressed: 0,
            }),
        }
    }

    /// Whether to write a line now: `Some` with what was left out since the last one, or
    /// `None` to leave this one out.
    pub fn admit(&self) -> Option<Suppressed> {
        self.admit_at(Instant::now())
    }

    /// [`LogLimiter::admit`] at a given time.
    pub fn admit_at(&self, now: Instant) -> Option<Suppressed> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match state.last {
            Some(last) if now.saturating_duration_since(last) < self.window => {
                state.suppressed = state.suppressed.saturating_add(1);
                None
            }
            last => {
                let over = last.map_or(Duration::ZERO, |l| now.saturating_duration_since(l));
                let count = std::mem::take(&mut state.suppressed);
                state.last = Some(now);
                Some(Suppressed { count, over })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_window_then_the_count_of_those_left_out() {
        let limiter = LogLimiter::new(Duration::from_secs(10));
        let start = Instant::now();
        let at = |s: u64| start + Duration::from_secs(s);
        let first = limiter.admit_at(at(0)).unwrap();
        assert_eq!(first.count, 0);
        assert_eq!(first.to_string(), "");
        for s in 1..=9 {
            assert_eq!(limiter.admit_at(at(s)), None, "second {s}");
        }
        let next = limiter.admit_at(at(12)).unwrap();
        assert_eq!(next.count, 9);
        assert_eq!(next.to_string(), " (9 more like this in the last 12s)");
        assert_eq!(limiter.admit_at(at(13)), None);
        assert_eq!(limiter.admit_at(at(30)).unwrap().count, 1);
        // Alone again: nothing to add.
        assert_eq!(limiter.admit_at(at(60)).unwrap().to_string(), "");
    }
}
