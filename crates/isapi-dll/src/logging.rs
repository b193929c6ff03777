//! Logging of this library copy: to stderr (the host's log), filtered by `ISAPI_TS_LOG`.
use std::sync::Once;

pub(crate) fn init() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let filter = tracing_subscriber::EnvFilter::try_from_env("ISAPI_TS_LOG")
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
        // Another copy or the host may own the process's global logger; ours is this
        // copy's own `tracing` static, so this only fails if called twice here.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .with_target(false)
            .try_init();
    });
}
