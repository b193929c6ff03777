//! The Node addon of isapi-ts (napi-rs): a thin adapter that gives Node the project's Rust
//! parts, for tooling and tests. `isapi-ts/testing` is its TypeScript face.
//!
//! - `startHost(config)` (host.rs) runs the real host — our ISAPI libraries and QuickJS
//!   engines — in the Node process on 127.0.0.1.
//! - `loadHandler` (handler.rs) runs the host with handlers whose code is in Node: the
//!   host drives them over the ISAPI ABI exactly as it drives a library, and JS answers
//!   through `isapi`'s object model (extension.rs for the `ecb`, filter.rs for `fc`).
use std::sync::Once;

// The `#[napi]` items are registered with Node at load; public modules keep the compiler
// from calling them dead.
mod errors;
pub mod extension;
pub mod filter;
pub mod handler;
pub mod host;
mod notify;

/// The host's log goes to stderr, filtered by `ISAPI_TS_LOG` (default: warnings), so a
/// test run stays quiet unless asked.
pub(crate) fn init_logging() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let filter = tracing_subscriber::EnvFilter::try_from_env("ISAPI_TS_LOG")
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .try_init();
    });
}
