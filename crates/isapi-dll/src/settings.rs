//! Tunables, read from the environment when the extension starts.
use std::time::Duration;

use isapi_js::PoolConfig;

/// `ISAPI_TS_WORKERS` (engines; default = cores), `ISAPI_TS_QUEUE` (waiting requests
/// before 503; default 1024), `ISAPI_TS_TIMEOUT_MS` (per request; default 30000),
/// `ISAPI_TS_MEMORY_MB` (heap per engine; default 256).
pub(crate) fn pool_config(bundle: std::path::PathBuf) -> PoolConfig {
    let mut config = PoolConfig::new(bundle);
    if let Some(workers) = number("ISAPI_TS_WORKERS") {
        config.workers = workers.max(1);
    }
    if let Some(queue) = number("ISAPI_TS_QUEUE") {
        config.queue_capacity = queue.max(1);
    }
    if let Some(ms) = number("ISAPI_TS_TIMEOUT_MS") {
        config.request_timeout = Duration::from_millis(ms as u64);
    }
    if let Some(mb) = number("ISAPI_TS_MEMORY_MB") {
        config.memory_limit = mb.saturating_mul(1 << 20);
    }
    config
}

fn number(name: &str) -> Option<usize> {
    let text = std::env::var(name).ok()?;
    match text.trim().parse() {
        Ok(value) => Some(value),
        Err(_) => {
            tracing::warn!("ignoring {name}={text:?}: not a number");
            None
        }
    }
}
