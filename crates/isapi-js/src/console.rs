//! `console.*` for handlers: QuickJS has none, so its lines go to the log.
use rquickjs::{function::Rest, Ctx, Function, Object, Value};

pub(crate) fn install(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    let console = Object::new(ctx.clone())?;
    console.set(
        "log",
        Function::new(ctx.clone(), |args: Rest<Value<'_>>| info(&args))?,
    )?;
    console.set(
        "info",
        Function::new(ctx.clone(), |args: Rest<Value<'_>>| info(&args))?,
    )?;
    console.set(
        "debug",
        Function::new(
            ctx.clone(),
            |args: Rest<Value<'_>>| tracing::debug!(target: "handler", "{}", join(&args)),
        )?,
    )?;
    console.set(
        "warn",
        Function::new(
            ctx.clone(),
            |args: Rest<Value<'_>>| tracing::warn!(target: "handler", "{}", join(&args)),
        )?,
    )?;
    console.set(
        "error",
        Function::new(
            ctx.clone(),
            |args: Rest<Value<'_>>| tracing::error!(target: "handler", "{}", join(&args)),
        )?,
    )?;
    ctx.globals().set("console", console)
}

fn info(args: &[Value<'_>]) {
    tracing::info!(target: "handler", "{}", join(args));
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
