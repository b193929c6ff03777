//! A safe object model over the ISAPI extension and filter ABI.
//!
//! [`Ecb`] wraps the host's `EXTENSION_CONTROL_BLOCK` and turns its four callbacks into
//! methods that return [`Result`]; [`FilterCall`] does the same for one `HttpFilterProc`
//! call (`HTTP_FILTER_CONTEXT` and the notification's data). It is the only place where the DLL side touches the
//! raw ECB; everything above it (the JS engine layer, native Rust extensions) is safe code.
mod ecb;
mod error;
mod filter;
mod grow;
mod head_value;
pub mod log_limit;
mod requests;

pub use ecb::{write_c_string, Ecb, UrlMapping, UNKNOWN_LENGTH};
pub use error::{set_last_error, Error, Result};
pub use filter::{FilterCall, LogField, LogNumber, UrlMapDetails};
pub use head_value::{check_head_block, check_head_value};
pub use isapi_sys as sys;
pub use requests::{ExecRequest, ExecSpec, Transmission, TransmitSpec, Vector, VectorPart};
