//! The native half of `js/timers.js`: a monotonic clock, and where the event loop finds
//! the timers once the module is loaded.
use std::sync::OnceLock;
use std::time::Instant;

use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Ctx, Function};

use crate::event_loop::TimerHooks;

/// `isapi:native/timers`: the clock, and the hooks the event loop calls.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        declare.declare("now")?;
        declare.declare("register")?;
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("now", Function::new(ctx.clone(), now)?)?;
        exports.export("register", Function::new(ctx.clone(), register)?)?;
        Ok(())
    }
}

/// Called once by `timers.js`: the functions that run the due timers, cancel them all and
/// count those that keep a script alive.
fn register<'js>(
    ctx: Ctx<'js>,
    run: Function<'js>,
    cancel: Function<'js>,
    alive: Function<'js>,
) -> rquickjs::Result<()> {
    ctx.store_userdata(TimerHooks { run, cancel, alive })
        .map_err(|_| rquickjs::Error::new_loading("isapi:native/timers"))?;
    Ok(())
}

/// Milliseconds on a monotonic clock (timers must not jump with the wall clock).
fn now() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}
