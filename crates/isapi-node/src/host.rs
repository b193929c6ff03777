//! `startHost(config)`: the real host — our ISAPI libraries, QuickJS engines and all —
//! inside the Node process, on 127.0.0.1 and an ephemeral port.
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use isapi_host::{Host, HostOptions};
use napi::bindgen_prelude::*;
use napi_derive::napi;

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
    crate::init_logging();
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
