//! The Node addon of isapi-ts (napi-rs): a thin adapter that gives Node the project's Rust
//! parts. `startHost(config)` runs the real host — our ISAPI libraries, QuickJS engines
//! and all — inside the Node process, on 127.0.0.1 and an ephemeral port, for end-to-end
//! tests written in TypeScript. `isapi-ts/testing` wraps it.
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Mutex, Once};
use std::time::Duration;

use isapi_host::{Host, HostOptions};
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// The host's log goes to stderr, filtered by `ISAPI_TS_LOG` (default: warnings), so a
/// test run stays quiet unless asked.
fn init_logging() {
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

/// A host started by [`start_host`].
#[napi]
pub struct NativeHost {
    running: Mutex<Option<isapi_host::RunningHost>>,
    address: SocketAddr,
}

#[napi]
impl NativeHost {
    /// `http://127.0.0.1:<port>`.
    #[napi(getter)]
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    #[napi(getter)]
    pub fn port(&self) -> u32 {
        u32::from(self.address.port())
    }

    /// Stops accepting, lets requests in flight finish (up to 5 s) and unloads the
    /// libraries. Closing twice is harmless.
    #[napi]
    pub async fn close(&self) -> Result<()> {
        let running = self
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(running) = running {
            running.shutdown(Duration::from_secs(5)).await;
        }
        Ok(())
    }
}

/// Starts the host on `config` (an IIS web.config) at 127.0.0.1 and a free port.
#[napi]
pub async fn start_host(config: String) -> Result<NativeHost> {
    init_logging();
    let path = PathBuf::from(&config);
    if !path.is_file() {
        return Err(Error::new(
            Status::InvalidArg,
            format!("startHost: {config} is not a file (expected an IIS web.config)"),
        ));
    }
    // Loading filters runs their GetFilterVersion: blocking work, off the async threads.
    let host =
        tokio::task::spawn_blocking(move || Host::from_config_file(&path, HostOptions::default()))
            .await
            .map_err(|e| Error::from_reason(e.to_string()))?
            .map_err(|e| Error::new(Status::InvalidArg, format!("startHost: {e}")))?;
    let running = host
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .map_err(|e| Error::from_reason(format!("startHost: cannot listen: {e}")))?;
    Ok(NativeHost {
        address: running.local_addr(),
        running: Mutex::new(Some(running)),
    })
}
