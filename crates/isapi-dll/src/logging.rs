//! Logging of this library copy: to stderr (the host's log), filtered by `ISAPI_TS_LOG`
//! (else `RUST_LOG`, the host's filter, so that one setting quiets both; else `info`), as
//! text or, with `ISAPI_TS_LOG_FORMAT=json`, one JSON object per line. Handlers'
//! `console.*` lines go through the same filter (target `handler`).
use std::sync::Once;

pub(crate) fn init() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let filter = tracing_subscriber::EnvFilter::try_from_env("ISAPI_TS_LOG")
            .or_else(|_| tracing_subscriber::EnvFilter::try_from_env("RUST_LOG"))
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
        // Another copy or the host may own the process's global logger; ours is this
        // copy's own `tracing` static, so this only fails if called twice here.
        let logger = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_target(false);
        let json =
            std::env::var("ISAPI_TS_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
        let _ = if json {
            logger.json().try_init()
        } else {
            logger
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                .try_init()
        };
    });
}
