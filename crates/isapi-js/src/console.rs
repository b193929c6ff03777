//! `console.*` for handlers: QuickJS has none, so its lines go to the log.
use rquickjs::{function::Rest, Ctx, Function, Object, Value};

/// A `console` method writing at `$level`. The level is checked before the arguments
/// are rendered: with a quiet log (`RUST_LOG=warn`), `console.log` costs no formatting.
macro_rules! console_method {
    ($ctx:expr, $level:ident) => {
        Function::new($ctx.clone(), |args: Rest<Value<'_>>| {
            if tracing::enabled!(target: "handler", tracing::Level::$level) {
                tracing::event!(target: "handler", tracing::Level::$level, "{}", join(&args));
            }
        })?
    };
}

/// `log` and `info` write at info, `debug` at debug, `warn` at warn, `error` at error.
pub(crate) fn install(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    let console = Object::new(ctx.clone())?;
    console.set("log", console_method!(ctx, INFO))?;
    console.set("info", console_method!(ctx, INFO))?;
    console.set("debug", console_method!(ctx, DEBUG))?;
    console.set("warn", console_method!(ctx, WARN))?;
    console.set("error", console_method!(ctx, ERROR))?;
    ctx.globals().set("console", console)
}

fn join(args: &[Value<'_>]) -> String {
    // Handlers log their own stacks (e.g. ThreadPoolExtension's errors): in TS positions too.
    crate::source_map::rewrite(&args.iter().map(render).collect::<Vec<_>>().join(" "))
}

fn render(value: &Value<'_>) -> String {
    if let Some(s) = value.as_string().and_then(|s| s.to_string().ok()) {
        return s;
    }
    if value.is_error() || value.as_exception().is_some() {
        return crate::error::describe_value(value.clone());
    }
    // JSON for objects and arrays, String() for the rest.
    let ctx = value.ctx();
    if value.is_object() {
        if let Ok(Some(json)) = ctx.json_stringify(value.clone()) {
            if let Ok(text) = json.to_string() {
                return text;
            }
        }
    }
    ctx.globals()
        .get::<_, Function>("String")
        .and_then(|string| string.call::<_, String>((value.clone(),)))
        .unwrap_or_else(|_| format!("{value:?}"))
}
