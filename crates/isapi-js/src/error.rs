//! Errors of loading a bundle, and turning JS exceptions into log text.
use std::path::PathBuf;

use rquickjs::{Ctx, Exception, Value};

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

/// Renders the pending JS exception (after an `Error::Exception`) as
/// `Name: message` plus the engine's stack, which carries `file:line:column`.
pub(crate) fn describe_exception(ctx: &Ctx<'_>, error: rquickjs::Error) -> String {
    if !matches!(error, rquickjs::Error::Exception) {
        return error.to_string();
    }
    describe_value(ctx.catch())
}

pub(crate) fn describe_value(value: Value<'_>) -> String {
    crate::source_map::rewrite(&describe_raw(value))
}

fn describe_raw(value: Value<'_>) -> String {
    if let Some(exception) = value.as_exception() {
        let name: Option<String> = exception.get("name").ok();
        let message = exception.message().unwrap_or_default();
        let head = match name {
            Some(name) if !name.is_empty() => format!("{name}: {message}"),
            _ => message,
        };
        return match exception.stack() {
            Some(stack) if !stack.trim().is_empty() => format!("{head}\n{}", stack.trim_end()),
            _ => head,
        };
    }
    if let Some(text) = value.as_string().and_then(|s| s.to_string().ok()) {
        return format!("uncaught {text:?}");
    }
    format!("uncaught {value:?}")
}

/// Builds a JS error with a given `name` and optional `errno`, as the TS package's
/// `ExtensionError` documents, and throws it.
pub(crate) fn throw_named(
    ctx: &Ctx<'_>,
    name: &str,
    message: &str,
    errno: Option<u32>,
) -> rquickjs::Error {
    match Exception::from_message(ctx.clone(), message) {
        Ok(exception) => {
            let _ = exception.set("name", name);
            if let Some(code) = errno {
                let _ = exception.set("errno", code);
            }
            ctx.throw(exception.into_value())
        }
        Err(error) => error,
    }
}
