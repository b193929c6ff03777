//! The handler platform of isapi-ts: what a handler's JavaScript finds around it — the
//! web's globals (`URL`, `TextEncoder`, `fetch`, timers, `crypto`, …), `console`, and the
//! event loop that runs timers and posted work on the engine's own thread.
//!
//! It knows nothing of ISAPI: `isapi-js` builds the `ecb`/`fc` objects and the engine pool
//! on top of it, and `isapi-run` (this crate's binary) runs a script in it as `node` runs
//! one, so a conformance test is one script run by both and the two outputs compared.
//!
//! Layout: `js/` holds the platform's JavaScript as ES modules (see [`modules`]); each
//! Rust file beside this one is the native half of one area (`encoding`, `url`, `random`,
//! `timers`, `fetch`, `compression`) or a piece of the machinery (`event_loop`, `modules`, `console`,
//! `errors`, `source_map`, `bytes`, `borrowed_str`).
// Clippy 1.96 for x86_64-pc-windows-gnu reports `const { … }` thread-locals as not const
// (the target's TLS expansion hides the `const`); they are, and Linux's clippy agrees.
#![cfg_attr(windows, allow(clippy::missing_const_for_thread_local))]

mod body;
pub mod borrowed_str;
pub mod bytes;
mod compression;
mod console;
mod crypto;
mod encoding;
pub mod errors;
pub mod event_loop;
pub mod fetch;
pub mod fs;
pub mod global_scope;
mod handler_config;
#[cfg(feature = "intl")]
mod intl;
pub mod modules;
mod node_buffer;
mod node_util;
mod os;
mod process;
mod random;
pub mod source_map;
mod timers;
mod url;
mod url_pattern;
pub mod wasm;
mod zlib;

pub use console::ConsoleSink;
pub use handler_config::{handler_config, set_handler_config, HandlerConfig};
pub use wasm::set_deadline;

/// Bounds what the engine's WebAssembly may allocate (linear memories and tables, in
/// bytes; 0: no bound). The embedder sets it with the engine's memory limit.
pub fn set_memory_limit(ctx: &rquickjs::Ctx<'_>, bytes: usize) -> rquickjs::Result<()> {
    ctx.store_userdata(wasm::MemoryLimit(bytes))
        .map(|_| ())
        .map_err(|e| errors::throw_named(ctx, "Error", &e.to_string(), None))
}

/// Prepares a new runtime for the platform: its module loader. Call once per runtime,
/// before any of its contexts evaluates code.
pub fn install_runtime(runtime: &rquickjs::Runtime) {
    process::started();
    modules::install_loader(runtime);
    global_scope::install_tracker(runtime);
}

/// Installs the platform's globals on a context: `console` (writing to `sink`) and the
/// lazy web globals.
pub fn install_globals(ctx: &rquickjs::Ctx<'_>, sink: ConsoleSink) -> rquickjs::Result<()> {
    console::install(ctx, sink)?;
    global_scope::install(ctx, sink)?;
    wasm::install_transfer_guard(ctx)?;
    modules::install_globals(ctx)
}
