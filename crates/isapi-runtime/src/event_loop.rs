//! One event loop per engine thread. The thread waits only on its own inbox: work done on
//! other threads (a fetch's answer, an embedder's I/O completion) is posted there as a
//! [`Task`] and runs on the engine thread, the only one that touches the engine. Timers
//! are JavaScript's (`timers.js`); the loop runs the due ones between tasks.
//!
//! An embedder drives the loop one [`step`] at a time: `isapi-run` until nothing is left,
//! `isapi-js` until a request's Promise settles. Work a request left is the embedder's to
//! cancel ([`cancel_timers`], [`crate::fetch::abandon_all`]) when the request ends.
use std::time::{Duration, Instant};

use crossbeam_channel::{unbounded, Receiver, RecvTimeoutError, Select, Sender};
use rquickjs::{Ctx, Function, JsLifetime};

use crate::errors::describe_exception;

/// Work posted to an engine thread: runs there, with the engine's context. `Err` is an
/// error the embedder must hear of (e.g. a callback that threw).
pub type Task = Box<dyn for<'js> FnOnce(&Ctx<'js>) -> Result<(), String> + Send>;

thread_local! {
    /// This engine thread's inbox.
    static INBOX: (Sender<Task>, Receiver<Task>) = unbounded();
}

/// Posts tasks to one engine thread from any thread.
#[derive(Clone)]
pub struct Poster(Sender<Task>);

impl Poster {
    /// False when the engine thread is gone (its result has nobody to tell).
    pub fn post(&self, task: Task) -> bool {
        self.0.send(task).is_ok()
    }
}

/// A poster to the current thread's inbox, for work handed to another thread.
pub fn poster() -> Poster {
    INBOX.with(|(sender, _)| Poster(sender.clone()))
}

/// The hooks `timers.js` registers when it is first used: until then no timer can exist,
/// and the loop spends nothing on timers.
pub(crate) struct TimerHooks<'js> {
    pub run: Function<'js>,
    pub cancel: Function<'js>,
    /// How many timers keep `isapi-run` alive (not the unref'd ones, as in Node).
    pub alive: Function<'js>,
}

// SAFETY: the struct holds only `'js` values, and `Changed` swaps exactly that lifetime.
unsafe impl<'js> JsLifetime<'js> for TimerHooks<'js> {
    type Changed<'to> = TimerHooks<'to>;
}

/// Runs the timers that are due. Returns how long until the next one, or `None` when no
/// timer is set.
pub fn run_timers(ctx: &Ctx<'_>) -> Result<Option<Duration>, String> {
    let Some(run) = ctx.userdata::<TimerHooks>().map(|hooks| hooks.run.clone()) else {
        return Ok(None);
    };
    let next: f64 = run.call(()).map_err(|e| describe_exception(ctx, e))?;
    Ok((next >= 0.0).then(|| Duration::from_secs_f64(next / 1000.0)))
}

/// Cancels every timer (the call that set them has ended); returns how many there were.
pub fn cancel_timers(ctx: &Ctx<'_>) -> Result<usize, String> {
    let Some(cancel) = ctx
        .userdata::<TimerHooks>()
        .map(|hooks| hooks.cancel.clone())
    else {
        return Ok(0);
    };
    cancel
        .call::<_, f64>(())
        .map(|left| left as usize)
        .map_err(|e| describe_exception(ctx, e))
}

/// Runs one Promise job, or the `process.nextTick` queue when that comes first (as in
/// Node: ticks queued by a script, timer or task run before the Promise jobs already
/// queued; ticks queued by a Promise job once the jobs are done). False when neither
/// was left. Embedders run jobs through this, never `execute_pending_job` itself.
pub fn run_job(ctx: &Ctx<'_>) -> bool {
    let Some((run, first, pending)) = ctx
        .userdata::<crate::process::TickHooks>()
        .map(|t| (t.run.clone(), t.first.get(), t.pending.get()))
    else {
        return ctx.execute_pending_job();
    };
    let run_ticks = || {
        if let Some(hooks) = ctx.userdata::<crate::process::TickHooks>() {
            hooks.pending.set(false);
            hooks.first.set(false);
        }
        // A tick that throws is reported by process.js itself; this only fails on an
        // uncatchable error (the deadline's interrupt), which must stop the call.
        if run.call::<_, ()>(()).is_err() {
            let _ = ctx.catch();
        }
        true
    };
    if pending && first {
        return run_ticks();
    }
    let ran = as_job(|| ctx.execute_pending_job());
    if ran {
        return true;
    }
    let pending = ctx
        .userdata::<crate::process::TickHooks>()
        .is_some_and(|t| t.pending.get());
    pending && run_ticks()
}

thread_local! {
    /// A Promise job is running on this engine thread (or code that runs as one).
    static IN_JOB: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` as a Promise job runs: `process.nextTick` callbacks it queues wait until the
/// jobs are done. `isapi-run` evaluates its module so, as Node evaluates an ES module
/// inside a job (ticks queued by its top level run after the Promise jobs).
pub fn as_job<R>(f: impl FnOnce() -> R) -> R {
    let was = IN_JOB.replace(true);
    let result = f();
    IN_JOB.set(was);
    result
}

/// Whether a Promise job (or [`as_job`]) is running.
pub(crate) fn in_job() -> bool {
    IN_JOB.get()
}

/// Whether some operation of the platform will post a task (a fetch or a file call in
/// flight).
pub fn outstanding() -> bool {
    crate::fetch::outstanding() > 0 || crate::fs::outstanding() > 0
}

/// One step: a queued job, the due timers, a posted task (or the embedder's `extra`
/// message), or sleeping until the next timer. `Ok(false)` when nothing is left that could
/// ever make progress. `deadline` bounds the wait; `extra_pending` says the embedder
/// waits for a message of its own on `extra`.
pub fn step<M>(
    ctx: &Ctx<'_>,
    deadline: Option<Instant>,
    extra: Option<(&Receiver<M>, bool)>,
    on_extra: impl FnOnce(&Ctx<'_>, M) -> Result<(), String>,
) -> Result<bool, String> {
    if run_job(ctx) {
        return Ok(true);
    }
    // The microtasks have run: what is still rejected without a handler is unhandled.
    crate::global_scope::report_rejections(ctx)?;
    if run_job(ctx) {
        return Ok(true);
    }
    let next_timer = run_timers(ctx)?;
    if run_job(ctx) {
        return Ok(true);
    }
    let wake = next_timer.map(|wait| Instant::now() + wait);
    let extra_pending = extra.is_some_and(|(_, pending)| pending);
    if outstanding() || extra_pending {
        return wait(ctx, wake, deadline, extra.map(|(r, _)| r), on_extra).map(|()| true);
    }
    match wake {
        Some(wake) if deadline.is_some_and(|d| wake >= d) => {
            std::thread::sleep(
                deadline
                    .unwrap_or(wake)
                    .saturating_duration_since(Instant::now()),
            );
            Err("timed out waiting for a timer".into())
        }
        Some(wake) => {
            std::thread::sleep(wake.saturating_duration_since(Instant::now()));
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Waits (until `deadline`) for one task or `extra` message and runs it; returns with
/// nothing run at `wake`, when a timer falls due first.
fn wait<M>(
    ctx: &Ctx<'_>,
    wake: Option<Instant>,
    deadline: Option<Instant>,
    extra: Option<&Receiver<M>>,
    on_extra: impl FnOnce(&Ctx<'_>, M) -> Result<(), String>,
) -> Result<(), String> {
    let until = match (wake, deadline) {
        (Some(wake), Some(deadline)) if wake < deadline => Some(wake),
        (Some(wake), None) => Some(wake),
        _ => deadline,
    };
    enum Got<M> {
        Task(Task),
        Extra(M),
    }
    let got: Result<Got<M>, bool> = INBOX.with(|(_, inbox)| {
        let Some(extra) = extra else {
            return match until {
                Some(until) => inbox
                    .recv_deadline(until)
                    .map(Got::Task)
                    .map_err(|e| e == RecvTimeoutError::Timeout),
                None => inbox.recv().map(Got::Task).map_err(|_| false),
            };
        };
        let mut select = Select::new();
        let tasks = select.recv(inbox);
        let extras = select.recv(extra);
        let ready = match until {
            Some(until) => select.select_deadline(until).map_err(|_| true)?,
            None => select.select(),
        };
        match ready.index() {
            i if i == tasks => ready.recv(inbox).map(Got::Task).map_err(|_| false),
            i if i == extras => ready.recv(extra).map(Got::Extra).map_err(|_| false),
            _ => Err(false),
        }
    });
    match got {
        Ok(Got::Task(task)) => task(ctx),
        Ok(Got::Extra(message)) => on_extra(ctx, message),
        Err(true) if until != deadline => Ok(()),
        Err(true) => Err("timed out waiting for asynchronous work".into()),
        Err(false) => Err("the engine's inbox closed".into()),
    }
}

/// Runs jobs, timers and tasks until nothing is left (`isapi-run`, like `node script.js`):
/// an unref'd timer (AbortSignal.timeout's) left alone does not keep the script running.
pub fn run_to_end(ctx: &Ctx<'_>) -> Result<(), String> {
    loop {
        if run_job(ctx) {
            continue;
        }
        crate::global_scope::report_rejections(ctx)?;
        if run_job(ctx) {
            continue;
        }
        if !outstanding() && !keeps_alive(ctx)? {
            return Ok(());
        }
        if !step::<()>(ctx, None, None, |_, ()| Ok(()))? {
            return Ok(());
        }
    }
}

/// Whether a timer that keeps a script alive is set.
fn keeps_alive(ctx: &Ctx<'_>) -> Result<bool, String> {
    let Some(alive) = ctx
        .userdata::<TimerHooks>()
        .map(|hooks| hooks.alive.clone())
    else {
        return Ok(false);
    };
    alive
        .call::<_, f64>(())
        .map(|count| count > 0.0)
        .map_err(|e| describe_exception(ctx, e))
}
