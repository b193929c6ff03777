//! The native half of `js/global_scope.js` (the engine's version for
//! `navigator.userAgent`), and unhandled Promise rejections: QuickJS tells the tracker
//! installed here when a Promise is rejected with no handler (and when one is added
//! later); the event loop reports the ones still unhandled once the microtasks have run
//! ([`report_rejections`]), as Node and browsers do: an `unhandledrejection` event at
//! globalThis if a handler listens, and unless it is cancelled, the error with its stack
//! in the handler's own source positions.
use std::cell::RefCell;

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
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("version", env!("CARGO_PKG_VERSION"))?;
        exports.export(
            "setRejectionHook",
            Function::new(ctx.clone(), set_rejection_hook)?,
        )?;
        Ok(())
    }
}

/// The rejections not yet handled, in the order they happened, and how to report them.
pub(crate) struct Rejections<'js> {
    pending: RefCell<Vec<(Value<'js>, Value<'js>)>>,
    /// `global_scope.js`'s dispatcher, once it is loaded (before, nobody can listen).
    hook: RefCell<Option<Function<'js>>>,
    sink: ConsoleSink,
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
                pending.retain(|(p, _)| *p != promise);
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
        sink,
    })
    .map_err(|_| rquickjs::Error::new_loading("isapi:native/global_scope"))?;
    Ok(())
}

fn set_rejection_hook<'js>(ctx: Ctx<'js>, hook: Function<'js>) {
    if let Some(rejections) = ctx.userdata::<Rejections>() {
        *rejections.hook.borrow_mut() = Some(hook);
    }
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
        return Ok(());
    }
    let pending = std::mem::take(&mut *rejections.pending.borrow_mut());
    let hook = rejections.hook.borrow().clone();
    let sink = rejections.sink;
    drop(rejections);
    for (promise, reason) in pending {
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
