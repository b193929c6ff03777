//! The generic ISAPI library of isapi-ts.
//!
//! Copied next to a handler bundle as `_<name>.dll` (`_<name>.so` on Unix), it finds its
//! own file name, loads `<name>.js` beside it into a pool of JS engines
//! ([`isapi_js::EnginePool`]) and answers the host's ISAPI calls. `HttpExtensionProc`
//! queues the request and returns `HSE_STATUS_PENDING`; a worker runs the handler and
//! ends the request with `HSE_REQ_DONE_WITH_SESSION`.
//!
//! Only the six ISAPI entry points are exported; all state lives in this copy's statics,
//! so several copies (`_a.so`, `_b.so`) coexist in one process.
mod exports;
mod extension;
mod filter;
mod guard;
mod location;
mod logging;
mod pin;
mod settings;
