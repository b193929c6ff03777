//! One QuickJS engine running a filter bundle: `__FilterFactory__`, `GetFilterVersion`,
//! then one `HttpFilterProc(fc)` per notification, on one worker thread.
use std::time::Duration;

use isapi::{sys, FilterCall};
use rquickjs::{Atom, Ctx, Object, Persistent, Promise, Value};

use crate::bytecode::Code;
use crate::error::{describe_exception, LoadError};
use crate::filter_object;
use crate::pool::PoolConfig;
use crate::sandbox::{accepts, call_method, status_of, Sandbox};

const FACTORY: &str = "__FilterFactory__";

/// What the filter's `GetFilterVersion` reported.
#[derive(Clone, Debug, Default)]
pub struct FilterVersion {
    /// `SF_NOTIFY_*` bits (notifications, priority, ports), plus END_OF_NET_SESSION,
    /// which the library always needs to release per-connection state.
    pub flags: u32,
    pub description: String,
}

/// How one notification ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FilterAnswer {
    /// The `SF_STATUS_*` value for the host.
    pub status: u32,
    /// The Win32 error to report with `SF_STATUS_REQ_ERROR` (`fc.SetLastError`).
    pub last_error: Option<u32>,
    /// The engine ran out of memory (or a call left work it could not finish) and
    /// should be replaced.
    pub exhausted: bool,
}

/// Fields drop in declaration order: JS values before their sandbox.
pub(crate) struct FilterEngine {
    filter: Persistent<Object<'static>>,
    fc_prototype: Persistent<Object<'static>>,
    /// `"HttpFilterProc"` as an atom (see the extension engine's `entry_point`).
    entry_point: Persistent<Atom<'static>>,
    sandbox: Sandbox,
    timeout: Duration,
    /// The `SF_NOTIFY_*` bits the filter's `GetFilterVersion` asked for: it gets no
    /// other notification (END_OF_NET_SESSION, which the library adds for itself, only
    /// releases the connection's state unless the filter asked for it too).
    asked: u32,
    pub(crate) name: String,
}

impl FilterEngine {
    pub(crate) fn load(
        config: &PoolConfig,
        code: &Code,
        server_version: u32,
    ) -> Result<(FilterEngine, FilterVersion), LoadError> {
        let sandbox = Sandbox::new(config, code.clone())?;
        let path = config.bundle.clone();
        let name = sandbox.name.clone();
        let script_error = |message: String| LoadError::Script {
            path: path.clone(),
            message,
        };
        let loaded = sandbox.load(&path, config.request_timeout, |ctx| {
            let ctx = ctx.clone();
            let filter = sandbox.instantiate(&ctx, &path, FACTORY)?;
            let fv = Object::new(ctx.clone()).map_err(|e| script_error(e.to_string()))?;
            let setup = || -> rquickjs::Result<()> {
                fv.set("ServerFilterVersion", server_version)?;
                fv.set("FilterVersion", sys::HTTP_FILTER_REVISION)?;
                fv.set("Flags", 0)?;
                fv.set("FilterDesc", "")
            };
            setup().map_err(|e| script_error(e.to_string()))?;
            let accepted = call_method(&ctx, &filter, "GetFilterVersion", (fv.clone(),))
                .map_err(|message| script_error(format!("GetFilterVersion failed: {message}")))?;
            if !accepted.as_ref().is_none_or(accepts) {
                return Err(LoadError::FilterRefused(name.clone()));
            }
            let flags: Value = fv.get("Flags").map_err(|e| script_error(e.to_string()))?;
            let flags = match flags.as_number() {
                Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => n as u32,
                _ => return Err(script_error(
                    "GetFilterVersion set Flags to something that is not an SF_NOTIFY_* bit mask"
                        .into(),
                )),
            };
            let description: String = fv.get("FilterDesc").unwrap_or_default();
            let prototype = filter_object::prototype(&ctx)
                .map_err(|e| script_error(describe_exception(&ctx, e)))?;
            let entry_point = Atom::from_str(ctx.clone(), "HttpFilterProc")
                .map_err(|e| script_error(e.to_string()))?;
            Ok((
                Persistent::save(&ctx, filter),
                Persistent::save(&ctx, prototype),
                Persistent::save(&ctx, entry_point),
                flags,
                FilterVersion {
                    flags: flags | sys::SF_NOTIFY_END_OF_NET_SESSION,
                    description,
                },
            ))
        });
        let (filter, fc_prototype, entry_point, asked, version) = loaded?;
        Ok((
            FilterEngine {
                filter,
                fc_prototype,
                entry_point,
                sandbox,
                timeout: config.request_timeout,
                asked,
                name,
            },
            version,
        ))
    }

    /// Runs `HttpFilterProc(fc)` for one notification of connection `connection`.
    pub(crate) fn handle(&self, call: FilterCall, connection: usize) -> FilterAnswer {
        let notification = call.notification();
        let wanted = self.asked & notification != 0;
        let id = filter_object::register(call, connection);
        let outcome = self.sandbox.with_deadline(self.timeout, || {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.sandbox.context.with(|ctx| {
                    let outcome = if wanted {
                        self.call_filter(&ctx, id)
                    } else {
                        Ok(sys::SF_STATUS_REQ_NEXT_NOTIFICATION)
                    };
                    if notification == sys::SF_NOTIFY_END_OF_NET_SESSION {
                        self.release(&ctx, connection);
                    }
                    self.sandbox.drain_jobs(&ctx);
                    outcome
                })
            }))
            .unwrap_or_else(|_| Err("the engine panicked while running the filter".into()))
        });
        // The host's pointers must not outlive the call: drop them now.
        let slot = filter_object::unregister(id);
        let last_error = slot.and_then(|s| s.last_error);
        let swept = !wanted
            || self
                .sandbox
                .sweep(&format_args!("notification {notification:#x}"));
        // Asked of the heap, not of the outcome: JS may have caught the error.
        let exhausted = self.sandbox.out_of_memory() || !swept;
        match outcome {
            Ok(status) => FilterAnswer {
                status,
                last_error,
                exhausted,
            },
            Err(message) => {
                tracing::error!(
                    "{}: HttpFilterProc failed in notification {notification:#x}: {message}",
                    self.name
                );
                FilterAnswer {
                    status: sys::SF_STATUS_REQ_ERROR,
                    last_error,
                    exhausted,
                }
            }
        }
    }

    fn call_filter(&self, ctx: &Ctx<'_>, id: u32) -> Result<u32, String> {
        let filter = self
            .filter
            .clone()
            .restore(ctx)
            .map_err(|e| e.to_string())?;
        let prototype = self
            .fc_prototype
            .clone()
            .restore(ctx)
            .map_err(|e| e.to_string())?;
        let fc =
            filter_object::instance(ctx, &prototype, id).map_err(|e| describe_exception(ctx, e))?;
        let entry_point = self
            .entry_point
            .clone()
            .restore(ctx)
            .map_err(|e| e.to_string())?;
        let returned = call_method(ctx, &filter, entry_point, (fc,))?
            .ok_or("the filter has no HttpFilterProc method")?;
        let value = if returned.is_promise() {
            settle(ctx, returned)?
        } else {
            returned
        };
        if value.is_undefined() || value.is_null() {
            return Ok(sys::SF_STATUS_REQ_NEXT_NOTIFICATION);
        }
        if value.as_number().is_none() {
            return Err("HttpFilterProc must return an SF_STATUS_* number or nothing".into());
        }
        Ok(status_of(&value, sys::SF_STATUS_REQ_ERROR))
    }

    fn release(&self, ctx: &Ctx<'_>, connection: usize) {
        if let Ok(prototype) = self.fc_prototype.clone().restore(ctx) {
            match filter_object::release_connection(&prototype, connection) {
                Ok(live) => tracing::debug!(
                    "{}: connection {connection} ended, its FilterContext released \
                     ({live} live in this engine)",
                    self.name
                ),
                Err(error) => {
                    tracing::warn!("{}: cannot release a FilterContext: {error}", self.name)
                }
            }
        }
    }

    /// Calls the filter's `TerminateFilter(flags)`; true unless it refused or threw.
    pub(crate) fn terminate(&self, flags: u32) -> bool {
        self.sandbox.context.with(|ctx| {
            let Ok(filter) = self.filter.clone().restore(&ctx) else {
                return false;
            };
            match call_method(&ctx, &filter, "TerminateFilter", (flags,)) {
                Ok(Some(value)) => accepts(&value),
                Ok(None) => true,
                Err(message) => {
                    tracing::error!("{}: TerminateFilter failed: {message}", self.name);
                    false
                }
            }
        })
    }
}

/// Filters answer synchronously: a returned Promise may only wait on queued jobs.
fn settle<'js>(ctx: &Ctx<'js>, value: Value<'js>) -> Result<Value<'js>, String> {
    let promise = Promise::from_value(value).map_err(|e| e.to_string())?;
    loop {
        match promise.result::<Value>() {
            Some(Ok(value)) => return Ok(value),
            Some(Err(error)) => {
                // The notification's failure, logged as such: not an unhandled rejection.
                isapi_runtime::global_scope::handled(ctx, promise.as_value());
                return Err(describe_exception(ctx, error));
            }
            None => {}
        }
        if !isapi_runtime::event_loop::run_job(ctx) {
            return Err("HttpFilterProc returned a Promise that cannot settle: filters must answer synchronously".into());
        }
    }
}
