//! Errors of loading a bundle, and turning JS exceptions into log text.
use std::path::PathBuf;

/// Why a handler bundle could not be started.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read handler bundle {path}: {source} (build the handler with `isapi build <name>.ts --outdir <this folder>`, which writes <name>.js beside _<name>.so)")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot create a JavaScript engine: {0}")]
    Engine(String),
    #[error("handler bundle {path} failed to load: {message}")]
    Script { path: PathBuf, message: String },
    #[error("handler bundle {path} does not export `{export}` (export a function returning the handler object)")]
    MissingExport { path: PathBuf, export: &'static str },
    #[error("{0}.GetExtensionVersion refused to load (returned false)")]
    Refused(String),
    #[error("{0}.GetFilterVersion refused to load (returned false)")]
    FilterRefused(String),
    #[error("cannot start worker thread: {0}")]
    Thread(std::io::Error),
}

pub(crate) use isapi_runtime::errors::{describe_exception, throw_named};
