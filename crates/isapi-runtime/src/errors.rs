//! JS exceptions as log text, and the named errors native functions throw.
use rquickjs::{Ctx, Exception, Value};

/// Renders the pending JS exception (after an `Error::Exception`) as
/// `Name: message` plus the engine's stack, which carries `file:line:column`, in the
/// handler's own source where a source map is loaded ([`crate::source_map`]).
pub fn describe_exception(ctx: &Ctx<'_>, error: rquickjs::Error) -> String {
    if !matches!(error, rquickjs::Error::Exception) {
        return error.to_string();
    }
    describe_value(ctx.catch())
}

/// As [`describe_exception`], for a thrown value already in hand.
pub fn describe_value(value: Value<'_>) -> String {
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

/// Builds a JS error with a given `name` (`TypeError`, `RangeError`, or a name of ours
/// such as `ExtensionError`) and optional `errno`, and throws it.
pub fn throw_named(
    ctx: &Ctx<'_>,
    name: &str,
    message: &str,
    errno: Option<u32>,
) -> rquickjs::Error {
    // The standard's own classes, so that `instanceof TypeError` holds as in Node.
    if matches!(
        name,
        "TypeError" | "RangeError" | "SyntaxError" | "ReferenceError"
    ) {
        let built = ctx
            .globals()
            .get::<_, rquickjs::Constructor>(name)
            .and_then(|class| class.construct::<_, rquickjs::Object>((message,)));
        if let Ok(error) = built {
            if let Some(code) = errno {
                let _ = error.set("errno", code);
            }
            return ctx.throw(error.into_value());
        }
    }
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
