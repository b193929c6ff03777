//! `console.*`: QuickJS has none. In a library its lines go to the log; in `isapi-run`
//! to stdout and stderr, as Node writes them.
use std::io::Write;

use rquickjs::{function::Rest, Ctx, Function, Object, Value};

/// Where `console.*` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsoleSink {
    /// The `tracing` log, target `handler`, at each method's level.
    Log,
    /// stdout for `log`, `info` and `debug`; stderr for `warn` and `error` (as Node).
    Stdio,
}

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

/// A `console` method writing one line to stdout or stderr.
macro_rules! stdio_method {
    ($ctx:expr, $stream:ident) => {
        Function::new($ctx.clone(), |args: Rest<Value<'_>>| {
            let mut line = join(&args);
            line.push('\n');
            let _ = std::io::$stream().lock().write_all(line.as_bytes());
        })?
    };
}

/// `log` and `info` write at info, `debug` at debug, `warn` at warn, `error` at error.
pub(crate) fn install(ctx: &Ctx<'_>, sink: ConsoleSink) -> rquickjs::Result<()> {
    let console = Object::new(ctx.clone())?;
    if sink == ConsoleSink::Stdio {
        console.set("log", stdio_method!(ctx, stdout))?;
        console.set("info", stdio_method!(ctx, stdout))?;
        console.set("debug", stdio_method!(ctx, stdout))?;
        console.set("warn", stdio_method!(ctx, stderr))?;
        console.set("error", stdio_method!(ctx, stderr))?;
        return ctx.globals().set("console", console);
    }
    console.set("log", console_method!(ctx, INFO))?;
    console.set("info", console_method!(ctx, INFO))?;
    console.set("debug", console_method!(ctx, DEBUG))?;
    console.set("warn", console_method!(ctx, WARN))?;
    console.set("error", console_method!(ctx, ERROR))?;
    ctx.globals().set("console", console)
}

fn join(args: &[Value<'_>]) -> String {
    // Handlers log their own stacks (e.g. ThreadPoolExtension's errors): in TS positions too.
    crate::source_map::rewrite(&format(args))
}

/// The line Node's console writes for `args`: strings as they are, joined by spaces (no
/// module loaded: most log lines are that); anything else, or a format string (`%s`, `%d`,
/// `%o`, …) with arguments, as `util.format` words it (node:util's `inspect`, loaded on
/// first need).
fn format(args: &[Value<'_>]) -> String {
    let texts: Option<Vec<String>> = args
        .iter()
        .map(|arg| arg.as_string().and_then(|s| s.to_string().ok()))
        .collect();
    if let Some(texts) = texts {
        if texts.len() < 2 || !texts[0].contains('%') {
            return texts.join(" ");
        }
    }
    let Some(ctx) = args.first().map(|arg| arg.ctx().clone()) else {
        return String::new();
    };
    let formatted = crate::modules::load_module(ctx, "node/util.js".to_owned())
        .and_then(|util| util.get::<_, Function>("format"))
        .and_then(|format| format.call::<_, String>((Rest(args.to_vec()),)));
    // util itself failing (a handler broke a built-in it uses): the plain rendering.
    formatted.unwrap_or_else(|_| args.iter().map(render).collect::<Vec<_>>().join(" "))
}

fn render(value: &Value<'_>) -> String {
    if let Some(s) = value.as_string().and_then(|s| s.to_string().ok()) {
        return s;
    }
    if value.is_error() || value.as_exception().is_some() {
        return crate::errors::describe_value(value.clone());
    }
    value
        .ctx()
        .globals()
        .get::<_, Function>("String")
        .and_then(|string| string.call::<_, String>((value.clone(),)))
        .unwrap_or_else(|_| format!("{value:?}"))
}
