//! One QuickJS engine with a handler bundle loaded: lives and dies on one worker thread.

use isapi::sys;
use isapi::Ecb;
use rquickjs::{Atom, Ctx, Object, Persistent, Promise, Value};

use crate::bytecode::Code;
use crate::ecb_object;
use crate::error::{describe_exception, LoadError};
use crate::pool::PoolConfig;
use crate::sandbox::{accepts, call_method, status_of, Sandbox};

const FACTORY: &str = "__ExtensionFactory__";

/// What loading a bundle found out.
pub(crate) struct Loaded {
    /// The description the handler's `GetExtensionVersion` set.
    pub description: String,
    pub mode: Mode,
}

/// The handler's shape, as pywin32's base classes. The library queues both kinds alike
/// (`HSE_STATUS_PENDING`, the worker ends the session with the handler's status); an
/// embedder that wants to block for the status uses [`crate::EnginePool::call`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A handler with `Dispatch` (a `ThreadPoolExtension`).
    ThreadPool,
    /// Any other handler (a `SimpleExtension`).
    Synchronous,
}

/// How a request handed to an engine ends.
pub(crate) enum Finish {
    /// The library returned `HSE_STATUS_PENDING`; the worker calls `DONE_WITH_SESSION`.
    Session,
    /// `HttpExtensionProc` is blocked waiting for the handler's status.
    Reply(crossbeam_channel::Sender<u32>),
}

impl Finish {
    fn reply(&self, status: u32) {
        if let Finish::Reply(reply) = self {
            let _ = reply.send(status);
        }
    }
}

/// Whether an engine may serve more requests after one that failed.
pub(crate) enum Health {
    Good,
    /// It ran out of memory, or a request left work it could not finish: start a fresh
    /// engine rather than trust this one. The text says why, for the log.
    Recycle(&'static str),
    /// The handler raised `InternalReloadException` (pywin32's reload protocol): load the
    /// bundle again and re-run this request, still unanswered, on the new engine.
    Reload(Ecb, Finish),
}

/// Fields drop in declaration order: JS values before their sandbox.
pub(crate) struct Engine {
    handler: Persistent<Object<'static>>,
    ecb_prototype: Persistent<Object<'static>>,
    /// `"HttpExtensionProc"` as an atom, so each request's method lookup skips hashing
    /// the name into the atom table.
    entry_point: Persistent<Atom<'static>>,
    sandbox: Sandbox,
    request_timeout: std::time::Duration,
    /// Name of the bundle, for log lines.
    pub(crate) name: String,
}

impl Engine {
    /// Creates the engine, evaluates the bundle and calls `__ExtensionFactory__()` and the
    /// handler's `GetExtensionVersion`. Returns the engine and what loading found out.
    pub(crate) fn load(config: &PoolConfig, code: &Code) -> Result<(Engine, Loaded), LoadError> {
        Engine::load_with(config, code, false)
    }

    /// As [`Engine::load`]; after a reload `GetExtensionVersion` gets `null`, as in pywin32.
    pub(crate) fn load_with(
        config: &PoolConfig,
        code: &Code,
        reload: bool,
    ) -> Result<(Engine, Loaded), LoadError> {
        let sandbox = Sandbox::new(config, code.clone())?;
        let path = config.bundle.clone();
        let name = sandbox.name.clone();
        let script_error = |message: String| LoadError::Script {
            path: path.clone(),
            message,
        };

        let loaded = sandbox.load(&path, config.request_timeout, |ctx| {
            let ctx = ctx.clone();
            let handler = sandbox.instantiate(&ctx, &path, FACTORY)?;

            let version_info = Object::new(ctx.clone()).map_err(|e| script_error(e.to_string()))?;
            version_info
                .set("ExtensionDesc", "")
                .map_err(|e| script_error(e.to_string()))?;
            version_info
                .set("ExtensionVersion", sys::HSE_VERSION)
                .map_err(|e| script_error(e.to_string()))?;
            let argument = if reload {
                Value::new_null(ctx.clone())
            } else {
                version_info.clone().into_value()
            };
            let accepted = call_method(&ctx, &handler, "GetExtensionVersion", (argument,))
                .map_err(|message| {
                    script_error(format!("GetExtensionVersion failed: {message}"))
                })?;
            if !accepted.as_ref().is_none_or(accepts) {
                return Err(LoadError::Refused(name.clone()));
            }
            let description: String = version_info.get("ExtensionDesc").unwrap_or_default();
            let dispatch: Value = handler
                .get("Dispatch")
                .map_err(|e| script_error(e.to_string()))?;
            let mode = if dispatch.is_function() {
                Mode::ThreadPool
            } else {
                Mode::Synchronous
            };
            let prototype = ecb_object::prototype(&ctx)
                .map_err(|e| script_error(describe_exception(&ctx, e)))?;
            let entry_point = Atom::from_str(ctx.clone(), "HttpExtensionProc")
                .map_err(|e| script_error(e.to_string()))?;
            Ok((
                Persistent::save(&ctx, handler),
                Persistent::save(&ctx, prototype),
                Persistent::save(&ctx, entry_point),
                Loaded { description, mode },
            ))
        });
        let (handler, ecb_prototype, entry_point, loaded) = loaded?;
        Ok((
            Engine {
                handler,
                ecb_prototype,
                entry_point,
                sandbox,
                request_timeout: config.request_timeout,
                name,
            },
            loaded,
        ))
    }

    /// Runs the handler for one request and finishes it whatever happens: with
    /// `DONE_WITH_SESSION` (`finish` = [`Finish::Session`]) or by handing the status back
    /// to the thread blocked in `HttpExtensionProc` ([`Finish::Reply`]).
    ///
    /// What the request leaves behind is its own: the jobs it queued run within its time
    /// limit, and the timers it set are cancelled when it ends (see [`Sandbox::sweep`]).
    pub(crate) fn handle(&self, ecb: Ecb, finish: Finish, may_reload: bool) -> Health {
        let conn_id = ecb.conn_id();
        let id = ecb_object::register(ecb);
        let outcome = self.sandbox.with_deadline(self.request_timeout, || {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.sandbox.context.with(|ctx| {
                    let outcome = self.call_handler(&ctx, id);
                    self.sandbox.drain_jobs(&ctx);
                    outcome
                })
            }))
            .unwrap_or_else(|_| Err("the engine panicked while running the handler".into()))
        });
        let swept = self
            .sandbox
            .sweep(&format_args!("the request of ConnID {conn_id}"));
        // Asked of the heap, not of the outcome: JS may have caught the error.
        let health = if self.sandbox.out_of_memory() {
            Health::Recycle("ran out of memory")
        } else if !swept {
            Health::Recycle("had work left over from a request")
        } else {
            Health::Good
        };
        let Some(mut slot) = ecb_object::unregister(id) else {
            return health;
        };
        // An operation still in flight must complete before the ECB may go.
        crate::async_ops::finish(&mut slot, self.request_timeout);
        if may_reload && slot.ecb.is_some() {
            if let Err(message) = &outcome {
                if message.starts_with("InternalReloadException") {
                    slot.staged.discard();
                    if let Some(ecb) = slot.ecb.take() {
                        return Health::Reload(ecb, finish);
                    }
                }
            }
        }
        let Some(mut ecb) = slot.ecb.take() else {
            // The handler finished the request itself; a later failure can only be logged.
            if let Err(message) = outcome {
                tracing::error!(
                    "{}: HttpExtensionProc failed after DoneWithSession: {message}",
                    self.name
                );
            }
            // A synchronous caller must return PENDING: the session is already over.
            finish.reply(sys::HSE_STATUS_PENDING);
            return health;
        };
        let status = match outcome {
            Ok(status) => match slot.staged.flush(&mut ecb) {
                Ok(()) => status,
                Err(error) if client_gone(&mut ecb) => {
                    // Floods come in thousands: one line per interval, counted.
                    isapi::log_limited!(
                        warn,
                        "{}: {}: sending the response failed, the client went away: {error}",
                        self.name,
                        describe_request(&ecb)
                    );
                    sys::HSE_STATUS_ERROR
                }
                Err(error) => {
                    // What the server refused of the staged response: the handler could not
                    // see it (it had returned), so it must not go unseen.
                    tracing::error!(
                        "{}: {}: sending the response failed: {error}",
                        self.name,
                        describe_request(&ecb)
                    );
                    sys::HSE_STATUS_ERROR
                }
            },
            Err(message) => {
                let request = describe_request(&ecb);
                if client_gone(&mut ecb) {
                    // The client went away and the handler's writes failed: not a fault of
                    // the handler, and floods come in thousands (one line per interval).
                    isapi::log_limited!(
                        warn,
                        "{}: {request}: the client went away before the response ended: {}",
                        self.name,
                        message.lines().next().unwrap_or_default()
                    );
                } else {
                    tracing::error!(
                        "{}: {request}: HttpExtensionProc failed: {message}",
                        self.name
                    );
                }
                // What the handler wrote but was not sent yet is dropped with the failure.
                slot.staged.discard();
                if !slot.response_started() {
                    crate::answer::internal_error(&mut ecb);
                    sys::HSE_STATUS_SUCCESS
                } else {
                    // Part of a response is out; the host must drop the connection.
                    sys::HSE_STATUS_ERROR
                }
            }
        };
        match finish {
            Finish::Session => {
                if let Err(error) = ecb.done_with_session(status) {
                    tracing::error!("{}: DoneWithSession failed: {error}", self.name);
                }
            }
            Finish::Reply(reply) => {
                // Nothing touches the ECB after this: the blocked caller returns and the
                // host may free it.
                let _ = reply.send(status);
            }
        }
        health
    }

    /// Calls `HttpExtensionProc(ecb)`, settling a returned Promise, and maps its result to
    /// an HSE status. `Err` carries the exception text for the log.
    fn call_handler(&self, ctx: &Ctx<'_>, id: u32) -> Result<u32, String> {
        let handler = self
            .handler
            .clone()
            .restore(ctx)
            .map_err(|e| e.to_string())?;
        let prototype = self
            .ecb_prototype
            .clone()
            .restore(ctx)
            .map_err(|e| e.to_string())?;
        let ecb =
            ecb_object::instance(ctx, &prototype, id).map_err(|e| describe_exception(ctx, e))?;
        let entry_point = self
            .entry_point
            .clone()
            .restore(ctx)
            .map_err(|e| e.to_string())?;
        let returned = call_method(ctx, &handler, entry_point, (ecb,))?;
        let value = match returned {
            Some(value) if value.is_promise() => self.settle(ctx, id, value)?,
            Some(value) => value,
            None => return Err("the handler has no HttpExtensionProc method".into()),
        };
        let status = status_of(&value, sys::HSE_STATUS_SUCCESS);
        if status == sys::HSE_STATUS_PENDING {
            // pywin32's asynchronous style: the handler ends the request later, from an
            // IOCompletion callback. Keep delivering completions until it does.
            self.await_session_end(ctx, id)?;
        }
        Ok(status)
    }

    /// After `HSE_STATUS_PENDING`: runs jobs and completions until the handler calls
    /// `DoneWithSession`, or fails when nothing could ever end the request.
    fn await_session_end(&self, ctx: &Ctx<'_>, id: u32) -> Result<(), String> {
        while ecb_object::is_open(id) {
            if !self.make_progress(ctx, id)? {
                return Err(
                    "HttpExtensionProc returned HSE_STATUS_PENDING but neither ended the request \
                        (DoneWithSession) nor has asynchronous I/O in flight"
                        .into(),
                );
            }
        }
        Ok(())
    }

    /// One step of waiting for the handler: a queued job, the due timers, a completion
    /// (or fetch result), or sleeping until the next timer. `Ok(false)` when nothing is
    /// left that could ever make progress.
    fn make_progress(&self, ctx: &Ctx<'_>, id: u32) -> Result<bool, String> {
        crate::async_ops::step(ctx, id, self.sandbox.deadline())
    }

    /// Runs queued jobs until `promise` settles.
    /// While it waits for I/O, completions are delivered here, on the engine's own thread.
    fn settle<'js>(
        &self,
        ctx: &Ctx<'js>,
        id: u32,
        promise: Value<'js>,
    ) -> Result<Value<'js>, String> {
        let promise = Promise::from_value(promise.clone()).map_err(|e| e.to_string())?;
        loop {
            match promise.result::<Value>() {
                Some(Ok(value)) => return Ok(value),
                Some(Err(error)) => {
                    // The request's failure, logged as such: not an unhandled rejection.
                    isapi_runtime::global_scope::handled(ctx, promise.as_value());
                    return Err(describe_exception(ctx, error));
                }
                None => {}
            }
            if !self.make_progress(ctx, id)? {
                return Err("HttpExtensionProc returned a Promise that never settled".into());
            }
        }
    }

    /// Calls the handler's `TerminateExtension(flags)`; true unless it refused or threw.
    pub(crate) fn terminate(&self, flags: u32) -> bool {
        self.sandbox.context.with(|ctx| {
            let Ok(handler) = self.handler.clone().restore(&ctx) else {
                return false;
            };
            match call_method(&ctx, &handler, "TerminateExtension", (flags,)) {
                Ok(Some(value)) => accepts(&value),
                Ok(None) => true,
                Err(message) => {
                    tracing::error!("{}: TerminateExtension failed: {message}", self.name);
                    false
                }
            }
        })
    }
}

/// Answers a request no engine can run (a failed reload) with a short 500.
pub(crate) fn fail_request(mut ecb: Ecb, finish: Finish) {
    crate::answer::internal_error(&mut ecb);
    match finish {
        Finish::Session => {
            if let Err(error) = ecb.done_with_session(sys::HSE_STATUS_SUCCESS) {
                tracing::error!("DoneWithSession failed: {error}");
            }
        }
        Finish::Reply(reply) => {
            let _ = reply.send(sys::HSE_STATUS_SUCCESS);
        }
    }
}

/// `GET /url (ConnID n)`, naming a request in a log line.
fn describe_request(ecb: &Ecb) -> String {
    let url = ecb
        .server_variable("URL")
        .ok()
        .flatten()
        .map(|u| String::from_utf8_lossy(&u).into_owned())
        .unwrap_or_else(|| ecb.path_info().into_owned());
    format!("{} {url} (ConnID {})", ecb.method(), ecb.conn_id())
}

/// Whether the server says the client has gone (`HSE_REQ_IS_CONNECTED`).
fn client_gone(ecb: &mut Ecb) -> bool {
    ecb.is_connected().is_ok_and(|connected| !connected)
}
