//! The native half of `js/global_scope.js` (the engine's version for
//! `navigator.userAgent`), and unhandled Promise rejections: QuickJS tells the tracker
//! installed here when a Promise is rejected with no handler (and when one is added
//! later); the event loop reports the ones still unhandled once the microtasks have run
//! ([`report_rejections`]), as Node and browsers do: an `unhandledrejection` event at
//! globalThis if a handler listens, and unless it is cancelled, the error with its stack
//! in the handler's own source positions. A rejection reported so and handled later
//! gets a `rejectionhandled` event (HTML's "outstanding rejected promises").
//!
//! It is also the one home of HTML's "report an exception" ([`report_exception`]): an
//! exception nobody catches (in a timer, a microtask, an event listener, `reportError`)
//! becomes an `error` ErrorEvent at globalThis and, unless cancelled, a log line
//! `Uncaught …` in the handler's source positions.
use std::cell::{Cell, RefCell};
use std::io::Write;

use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Ctx, Function, JsLifetime, Runtime, Value};

use crate::errors::{describe_exception, describe_value};
use crate::ConsoleSink;

/// `isapi:native/global_scope`.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        declare.declare("version")?;
        declare.declare("setRejectionHook")?;
        declare.declare("setErrorHook")?;
        declare.declare("reportException")?;
        declare.declare("setProcessHooks")?;
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("version", env!("CARGO_PKG_VERSION"))?;
        exports.export(
            "setRejectionHook",
            Function::new(ctx.clone(), set_rejection_hook)?,
        )?;
        exports.export("setErrorHook", Function::new(ctx.clone(), set_error_hook)?)?;
        exports.export(
            "setProcessHooks",
            Function::new(ctx.clone(), set_process_hooks)?,
        )?;
        exports.export(
            "reportException",
            Function::new(ctx.clone(), |ctx: Ctx<'js>, error: Value<'js>| {
                report_exception(&ctx, error)
            })?,
        )?;
        Ok(())
    }
}

/// The rejections not yet handled, in the order they happened, and how to report them
/// and uncaught exceptions.
pub(crate) struct Rejections<'js> {
    pending: RefCell<Vec<(Value<'js>, Value<'js>)>>,
    /// `global_scope.js`'s dispatcher, once it is loaded (before, nobody can listen).
    hook: RefCell<Option<Function<'js>>>,
    /// Its `rejectionhandled` dispatcher, and the promises handled since the last report
    /// that may have been reported as unhandled before (it keeps which were).
    handled_hook: RefCell<Option<Function<'js>>>,
    handled_late: RefCell<Vec<Value<'js>>>,
    /// `events.js`'s `error` event dispatcher, once it is loaded.
    error_hook: RefCell<Option<Function<'js>>>,
    /// `process.js`'s emitters of `uncaughtException`, `unhandledRejection` and
    /// `rejectionHandled`, once it is loaded: each returns true when a listener took the
    /// event (then neither the web event nor the log line follows, as in Node).
    process_hooks: RefCell<Option<ProcessHooks<'js>>>,
    /// An `error` listener is running: what it throws is logged, not dispatched again.
    reporting: Cell<bool>,
    sink: ConsoleSink,
}

#[derive(Clone)]
struct ProcessHooks<'js> {
    exception: Function<'js>,
    rejection: Function<'js>,
    handled: Function<'js>,
}

// SAFETY: the struct holds only `'js` values, and `Changed` swaps exactly that lifetime.
unsafe impl<'js> JsLifetime<'js> for Rejections<'js> {
    type Changed<'to> = Rejections<'to>;
}

/// Sets the tracker on `runtime` (once, with the loader).
pub(crate) fn install_tracker(runtime: &Runtime) {
    runtime.set_host_promise_rejection_tracker(Some(Box::new(
        |ctx: Ctx<'_>, promise: Value<'_>, reason: Value<'_>, is_handled: bool| {
            let Some(rejections) = ctx.userdata::<Rejections>() else {
                return;
            };
            let mut pending = rejections.pending.borrow_mut();
            if is_handled {
                let before = pending.len();
                pending.retain(|(p, _)| *p != promise);
                // Not pending: reported already (or never tracked), so maybe outstanding.
                let listening = rejections.handled_hook.borrow().is_some()
                    || rejections.process_hooks.borrow().is_some();
                if pending.len() == before && listening {
                    rejections.handled_late.borrow_mut().push(promise);
                }
            } else {
                pending.push((promise, reason));
            }
        },
    )));
}

/// Gives `ctx` its list of pending rejections (with `install_globals`).
pub(crate) fn install(ctx: &Ctx<'_>, sink: ConsoleSink) -> rquickjs::Result<()> {
    ctx.store_userdata(Rejections {
        pending: RefCell::new(Vec::new()),
        hook: RefCell::new(None),
        handled_hook: RefCell::new(None),
        handled_late: RefCell::new(Vec::new()),
        error_hook: RefCell::new(None),
        process_hooks: RefCell::new(None),
        reporting: Cell::new(false),
        sink,
    })
    .map_err(|_| rquickjs::Error::new_loading("isapi:native/global_scope"))?;
    Ok(())
}

fn set_rejection_hook<'js>(ctx: Ctx<'js>, unhandled: Function<'js>, handled: Function<'js>) {
    if let Some(rejections) = ctx.userdata::<Rejections>() {
        *rejections.hook.borrow_mut() = Some(unhandled);
        *rejections.handled_hook.borrow_mut() = Some(handled);
    }
}

fn set_error_hook<'js>(ctx: Ctx<'js>, hook: Function<'js>) {
    if let Some(rejections) = ctx.userdata::<Rejections>() {
        *rejections.error_hook.borrow_mut() = Some(hook);
    }
}

fn set_process_hooks<'js>(
    ctx: Ctx<'js>,
    exception: Function<'js>,
    rejection: Function<'js>,
    handled: Function<'js>,
) {
    if let Some(rejections) = ctx.userdata::<Rejections>() {
        *rejections.process_hooks.borrow_mut() = Some(ProcessHooks {
            exception,
            rejection,
            handled,
        });
    }
}

/// Where `console` writes in this engine (None before [`install`]).
pub(crate) fn sink(ctx: &Ctx<'_>) -> Option<ConsoleSink> {
    ctx.userdata::<Rejections>().map(|r| r.sink)
}

/// The process hooks, when `process.js` is loaded.
fn process_hooks<'js>(ctx: &Ctx<'js>) -> Option<ProcessHooks<'js>> {
    ctx.userdata::<Rejections>()
        .and_then(|r| r.process_hooks.borrow().clone())
}

/// HTML "report an exception": an `error` ErrorEvent at globalThis (when `events.js` is
/// loaded, and not from inside an `error` listener), then, unless a listener cancelled
/// it, `Uncaught <error>` to the log (`isapi-run`: stderr) with the handler's positions.
pub fn report_exception<'js>(ctx: &Ctx<'js>, error: Value<'js>) -> rquickjs::Result<()> {
    let set_reporting = |on: bool| {
        if let Some(rejections) = ctx.userdata::<Rejections>() {
            rejections.reporting.set(on);
        }
    };
    // Read and released before any JS runs: a listener may report again.
    let Some((hook, sink, reporting)) = ctx.userdata::<Rejections>().map(|r| {
        let hook = r.error_hook.borrow().clone();
        (hook, r.sink, r.reporting.get())
    }) else {
        return Ok(());
    };
    if let Some(hooks) = process_hooks(ctx).filter(|_| !reporting) {
        // process.on("uncaughtException"): a listener that throws is logged below.
        set_reporting(true);
        let taken = hooks.exception.call::<_, bool>((error.clone(),));
        set_reporting(false);
        match taken {
            Ok(true) => return Ok(()),
            Ok(false) => {}
            Err(_) => {
                let thrown = ctx.catch();
                let text = format!("Uncaught {}", describe_thrown(thrown));
                match sink {
                    ConsoleSink::Stdio => {
                        let _ = writeln!(std::io::stderr().lock(), "{text}");
                    }
                    ConsoleSink::Log => tracing::error!(target: "handler", "{text}"),
                }
            }
        }
    }
    let mut log = true;
    if let Some(hook) = hook.filter(|_| !reporting) {
        set_reporting(true);
        let (filename, line, column) = position(&error);
        let dispatched = hook.call::<_, bool>((error.clone(), filename, line, column));
        set_reporting(false);
        // A dispatcher that fails (e.g. an error whose toString throws) leaves it logged.
        log = dispatched.unwrap_or_else(|_| {
            let _ = ctx.catch();
            true
        });
    }
    if log {
        let text = format!("Uncaught {}", describe_thrown(error));
        match sink {
            ConsoleSink::Stdio => {
                let _ = writeln!(std::io::stderr().lock(), "{text}");
            }
            ConsoleSink::Log => tracing::error!(target: "handler", "{text}"),
        }
    }
    Ok(())
}

/// `Name: message` and stack for an error, the text itself for a string.
fn describe_thrown(value: Value<'_>) -> String {
    if let Some(text) = value.as_string().and_then(|s| s.to_string().ok()) {
        return text;
    }
    let text = describe_value(value);
    match text.strip_prefix("uncaught ") {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// Where `error` was thrown (its stack's first frame, in the handler's own source where
/// a source map is loaded): ErrorEvent's `filename`, `lineno`, `colno`; empty and 0 when
/// the value carries no stack.
fn position(error: &Value<'_>) -> (String, u32, u32) {
    let Some(exception) = error.as_exception() else {
        return (String::new(), 0, 0);
    };
    let Some(stack) = exception.stack() else {
        return (String::new(), 0, 0);
    };
    let stack = crate::source_map::rewrite(&stack);
    for frame in stack.lines() {
        let frame = frame.trim().trim_start_matches("at ");
        // `name (file:line:column)` or `file:line:column`.
        let place = match (frame.rfind('('), frame.strip_suffix(')')) {
            (Some(open), Some(inner)) => &inner[open + 1..],
            _ => frame,
        };
        let mut parts = place.rsplitn(3, ':');
        let (Some(column), Some(line), Some(file)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if let (Ok(line), Ok(column)) = (line.parse(), column.parse()) {
            return (file.to_owned(), line, column);
        }
    }
    (String::new(), 0, 0)
}

/// Forgets `promise`'s rejection: its embedder handles it (e.g. a request's own Promise,
/// whose failure is the request's).
pub fn handled<'js>(ctx: &Ctx<'js>, promise: &Value<'js>) {
    if let Some(rejections) = ctx.userdata::<Rejections>() {
        rejections
            .pending
            .borrow_mut()
            .retain(|(p, _)| p != promise);
    }
}

/// Reports the rejections still unhandled; call when the microtasks have run. With
/// [`ConsoleSink::Log`] each goes to the log at error level; with [`ConsoleSink::Stdio`]
/// (`isapi-run`) the first is returned as `Err`, to end the program as Node does.
pub fn report_rejections(ctx: &Ctx<'_>) -> Result<(), String> {
    let Some(rejections) = ctx.userdata::<Rejections>() else {
        return Ok(());
    };
    if rejections.pending.borrow().is_empty() {
        let late = !rejections.handled_late.borrow().is_empty();
        drop(rejections);
        return if late {
            report_handled_late(ctx)
        } else {
            Ok(())
        };
    }
    let pending = std::mem::take(&mut *rejections.pending.borrow_mut());
    let hook = rejections.hook.borrow().clone();
    let sink = rejections.sink;
    drop(rejections);
    report_handled_late(ctx)?;
    let process = process_hooks(ctx);
    for (promise, reason) in pending {
        if let Some(hooks) = &process {
            let taken = hooks
                .rejection
                .call::<_, bool>((promise.clone(), reason.clone()))
                .map_err(|e| describe_exception(ctx, e))?;
            if taken {
                continue;
            }
        }
        let report = match &hook {
            Some(hook) => hook
                .call::<_, bool>((promise, reason.clone()))
                .map_err(|e| describe_exception(ctx, e))?,
            None => true,
        };
        if !report {
            continue;
        }
        let text = format!("Uncaught (in promise) {}", describe_value(reason));
        match sink {
            ConsoleSink::Stdio => return Err(text),
            ConsoleSink::Log => tracing::error!(target: "handler", "{text}"),
        }
    }
    Ok(())
}

/// `rejectionhandled` for each promise handled since the last report that was reported as
/// unhandled (the JS side knows which were).
fn report_handled_late(ctx: &Ctx<'_>) -> Result<(), String> {
    let Some(rejections) = ctx.userdata::<Rejections>() else {
        return Ok(());
    };
    let late = std::mem::take(&mut *rejections.handled_late.borrow_mut());
    let hook = rejections.handled_hook.borrow().clone();
    drop(rejections);
    if let Some(hooks) = process_hooks(ctx) {
        for promise in &late {
            hooks
                .handled
                .call::<_, ()>((promise.clone(),))
                .map_err(|e| describe_exception(ctx, e))?;
        }
    }
    let Some(hook) = hook else {
        return Ok(());
    };
    for promise in late {
        hook.call::<_, ()>((promise,))
            .map_err(|e| describe_exception(ctx, e))?;
    }
    Ok(())
}
