//! The host's rate-limited log lines: `warn_limited!` / `error_limited!` take
//! `tracing`'s format arguments; a callsite writes one line per window (see
//! [`isapi::log_limit`]) and the next line counts those left out. For callsites a flood
//! repeats: refused connections, overdue requests, a site whose filter failed to load.

/// Writes `$level!(format…)` at most once per window per callsite.
macro_rules! limited {
    ($level:ident, $($arg:tt)+) => {{
        static LIMITER: isapi::log_limit::LogLimiter =
            isapi::log_limit::LogLimiter::new(isapi::log_limit::WINDOW);
        if let Some(suppressed) = LIMITER.admit() {
            tracing::$level!("{}{suppressed}", format_args!($($arg)+));
        }
    }};
}

macro_rules! warn_limited {
    ($($arg:tt)+) => { $crate::log_limit::limited!(warn, $($arg)+) };
}

macro_rules! info_limited {
    ($($arg:tt)+) => { $crate::log_limit::limited!(info, $($arg)+) };
}

macro_rules! error_limited {
    ($($arg:tt)+) => { $crate::log_limit::limited!(error, $($arg)+) };
}

#[allow(unused_imports)]
pub(crate) use {error_limited, info_limited, limited, warn_limited};
