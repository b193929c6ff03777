//! The generic ISAPI library of isapi-ts.
//!
//! Copied next to a handler bundle as `_<name>.dll` (`_<name>.so` on Unix), it finds its
//! own file name, loads `<name>.js` beside it into a pool of JS engines
//! ([`isapi_js::EnginePool`]) and answers the host's ISAPI calls. `HttpExtensionProc`
//! hands the request to a worker (which runs the handler and ends the request, or hands
//! the status back). Loaded as a filter, it runs the bundle's `__FilterFactory__` in a
//! [`isapi_js::FilterPool`]: `HttpFilterProc` waits for the connection's engine.
//!
//! Only the six ISAPI entry points are exported; all state lives in this copy's statics,
//! so several copies (`_a.so`, `_b.so`) coexist in one process.
mod exports;
mod extension;
mod filter;
mod fork;
mod guard;
mod location;
mod logging;
mod pin;
mod settings;
mod watch;
