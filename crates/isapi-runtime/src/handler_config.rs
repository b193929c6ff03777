//! What an embedder tells the platform about the handler an engine runs: the environment
//! `process.env` adds to the host process's, and the folders `node:fs` may read and
//! write. `isapi-js` sets it per engine from the handler's settings file; `isapi-run` from
//! its command line. Kept as the context's userdata, so every engine has its own.
use std::path::PathBuf;

use rquickjs::{Ctx, JsLifetime};

/// The handler's view of the world outside the engine.
#[derive(Clone, Debug, Default)]
pub struct HandlerConfig {
    /// Variables added to (or replacing) the host process's environment in `process.env`.
    pub env: Vec<(String, String)>,
    /// Folders whose files `node:fs` may read (each with everything under it).
    pub fs_read: Vec<PathBuf>,
    /// Folders whose files `node:fs` may read, create, change and remove (created when
    /// missing, on the engine's first `node:fs` call).
    pub fs_write: Vec<PathBuf>,
    /// The folder relative paths start from (`process.cwd()`): the bundle's folder in a
    /// handler; `None`, the process's own (`isapi-run`).
    pub cwd: Option<PathBuf>,
}

// SAFETY: holds no JS values; `Changed` is the same type.
unsafe impl<'js> JsLifetime<'js> for HandlerConfig {
    type Changed<'to> = HandlerConfig;
}

/// Gives `ctx`'s engine its handler's configuration (call before the handler runs).
pub fn set_handler_config(ctx: &Ctx<'_>, config: HandlerConfig) -> rquickjs::Result<()> {
    ctx.store_userdata(config)
        .map(|_| ())
        .map_err(|e| crate::errors::throw_named(ctx, "Error", &e.to_string(), None))
}

/// The configuration `ctx`'s embedder set, or the default (no added environment, no
/// folders).
pub fn handler_config(ctx: &Ctx<'_>) -> HandlerConfig {
    ctx.userdata::<HandlerConfig>()
        .map(|config| config.clone())
        .unwrap_or_default()
}
