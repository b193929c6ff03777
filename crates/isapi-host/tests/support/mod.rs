//! Shared test support.
pub mod http;
pub mod native;
