//! An ISAPI host: an HTTP/1.1 server that loads ISAPI extension libraries and drives them
//! the way IIS does, configured by an IIS `web.config`.
//!
//! Libraries are loaded through their exports only (any ISAPI library works, not just
//! isapi-ts's), `GetExtensionVersion` is called once, each request gets a real
//! `EXTENSION_CONTROL_BLOCK`, and `TerminateExtension` runs at shutdown.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use isapi_host::{Host, HostOptions};
//! let host = Host::from_config_file("web.config".as_ref(), HostOptions::default())?;
//! let running = host.bind("127.0.0.1:0".parse()?).await?;
//! println!("listening on http://{}", running.local_addr());
//! running.shutdown(std::time::Duration::from_secs(5)).await;
//! # Ok(()) }
//! ```
mod access_log;
mod async_io;
mod blocking;
mod callbacks;
pub mod canonical;
pub mod config;
mod exec;
mod filters;
mod head;
mod in_memory;
mod in_process;
mod library;
pub mod limits;
mod log_text;
mod overdue;
pub mod refusal;
mod request;
mod request_filtering;
mod scheduling;
mod server;
mod static_files;
mod transmit;
mod variables;
mod watchdog;

#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;

pub use access_log::AccessLog;
pub use config::{Config, ConfigError};
pub use in_memory::InMemoryHost;
pub use in_process::{InProcessExtension, InProcessFilter, InProcessModules};
pub use limits::ConnectionLimits;
pub use scheduling::ThreadPolicy;
pub use server::{Host, HostOptions, RunningHost};
