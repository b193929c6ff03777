//! A QuickJS runtime and context set up for handler code: limits, the interrupt
//! deadline, the globals we provide, and the bundle evaluated as an ES module. Shared by
//! the extension engines and the filter engines.
use std::cell::Cell;
use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

use rquickjs::{Context, Ctx, Function, IntoAtom, Module, Object, Runtime, Value};

use crate::bytecode::Code;
use crate::error::{describe_exception, LoadError};
use crate::pool::PoolConfig;

/// Fields drop in declaration order: the context before the runtime (QuickJS asserts
/// that a runtime is freed last). Owners keep their JS values in fields declared before
/// their `Sandbox`.
pub(crate) struct Sandbox {
    pub context: Context,
    _runtime: Runtime,
    /// The bundle; bytecode is read in place by QuickJS, so it is dropped after the runtime.
    code: Code,
    /// When the running call must stop; checked by QuickJS's interrupt handler.
    deadline: Rc<Cell<Option<Instant>>>,
    /// Set by the heap when it refused an allocation.
    exhausted: crate::heap::Exhaustion,
    /// Name of the bundle, for log lines and stack traces.
    pub name: String,
}

impl Sandbox {
    pub(crate) fn new(config: &PoolConfig, code: Code) -> Result<Sandbox, LoadError> {
        let (heap, exhausted) = crate::heap::Heap::new(config.memory_limit);
        let runtime =
            Runtime::new_with_alloc(heap).map_err(|e| LoadError::Engine(e.to_string()))?;
        runtime.set_max_stack_size(config.max_stack_size);
        let deadline: Rc<Cell<Option<Instant>>> = Rc::new(Cell::new(None));
        let watched = deadline.clone();
        runtime.set_interrupt_handler(Some(Box::new(move || {
            watched.get().is_some_and(|d| Instant::now() >= d)
        })));
        isapi_runtime::install_runtime(&runtime);
        let context = Context::full(&runtime).map_err(|e| LoadError::Engine(e.to_string()))?;
        context
            .with(|ctx| crate::handle::register(&ctx))
            .map_err(LoadError::Engine)?;
        // WebAssembly's memories and tables are bounded like the JS heap.
        context
            .with(|ctx| isapi_runtime::set_memory_limit(&ctx, config.memory_limit))
            .map_err(|e| LoadError::Engine(e.to_string()))?;
        // process.env's additions and node:fs' folders (the settings file's env and fs).
        context
            .with(|ctx| isapi_runtime::set_handler_config(&ctx, config.handler.clone()))
            .map_err(|e| LoadError::Engine(e.to_string()))?;
        Ok(Sandbox {
            context,
            _runtime: runtime,
            code,
            deadline,
            exhausted,
            name: module_name(&config.bundle),
        })
    }

    /// Installs our globals, evaluates `source` as the bundle module and returns its
    /// export `name` (`Ok(None)` when absent).
    fn evaluate<'js>(
        &self,
        ctx: &Ctx<'js>,
        path: &Path,
        export: &str,
    ) -> Result<Option<Function<'js>>, LoadError> {
        let script_error = |message: String| LoadError::Script {
            path: path.to_owned(),
            message,
        };
        isapi_runtime::install_globals(ctx, isapi_runtime::ConsoleSink::Log)
            .map_err(|e| script_error(describe_exception(ctx, e)))?;
        let module = match &self.code {
            Code::Source(source) => Module::declare(ctx.clone(), self.name.clone(), &**source),
            // SAFETY: `bytecode::accept` checked that this engine build wrote the bytes
            // (header), and `self.code` keeps them alive as long as the runtime.
            Code::Bytecode(bytes) => unsafe { Module::load(ctx.clone(), bytes) },
        }
        .map_err(|e| script_error(describe_exception(ctx, e)))?;
        isapi_runtime::modules::set_import_meta(&module, path)
            .map_err(|e| script_error(describe_exception(ctx, e)))?;
        let (module, evaluated) = module
            .eval()
            .map_err(|e| script_error(describe_exception(ctx, e)))?;
        evaluated
            .finish::<()>()
            .map_err(|e| script_error(describe_exception(ctx, e)))?;
        Ok(module.get::<_, Option<Function>>(export).ok().flatten())
    }

    /// Evaluates the bundle and calls its `factory` export, which returns the handler (or
    /// filter) object.
    pub(crate) fn instantiate<'js>(
        &self,
        ctx: &Ctx<'js>,
        path: &Path,
        factory: &'static str,
    ) -> Result<Object<'js>, LoadError> {
        let function =
            self.evaluate(ctx, path, factory)?
                .ok_or_else(|| LoadError::MissingExport {
                    path: path.to_owned(),
                    export: factory,
                })?;
        function.call(()).map_err(|e| LoadError::Script {
            path: path.to_owned(),
            message: format!("{factory}() failed: {}", describe_exception(ctx, e)),
        })
    }

    /// Runs `f` with the interrupt deadline set `limit` from now.
    pub(crate) fn with_deadline<R>(&self, limit: Duration, f: impl FnOnce() -> R) -> R {
        let deadline = Instant::now() + limit;
        self.deadline.set(Some(deadline));
        // WebAssembly checks the same deadline between its fuel slices.
        isapi_runtime::set_deadline(Some(deadline));
        let result = f();
        self.deadline.set(None);
        isapi_runtime::set_deadline(None);
        result
    }

    pub(crate) fn deadline(&self) -> Option<Instant> {
        self.deadline.get()
    }

    /// Runs `load` (the module's top level, its factory and version call) and then the jobs
    /// (Promise reactions) they queued, to the end, all under one deadline (`limit`, the
    /// engine's time limit per call) and the heap limit. Those jobs are the load's work: left
    /// queued, they would run inside (and be charged to) the engine's first request. A load
    /// whose jobs do not end in time, or that ran out of memory (even if it caught the
    /// error), is a load error. Timers and fetches it left are then dropped (see
    /// [`Sandbox::cancel_load_timers`]).
    pub(crate) fn load<T>(
        &self,
        path: &Path,
        limit: Duration,
        load: impl for<'js> FnOnce(&Ctx<'js>) -> Result<T, LoadError>,
    ) -> Result<T, LoadError> {
        let (loaded, late) = self.with_deadline(limit, || {
            let (loaded, drained) = self.context.with(|ctx| {
                let loaded = load(&ctx);
                if loaded.is_ok() {
                    self.drain_jobs(&ctx);
                }
                (loaded, self.deadline().is_some_and(|d| Instant::now() < d))
            });
            // Asked outside `context.with`: the runtime is locked inside it.
            let late = !drained || (loaded.is_ok() && self._runtime.is_job_pending());
            (loaded, late)
        });
        if self.out_of_memory() {
            // An engine that ran out while loading is not trusted with requests (and
            // would be replaced after each one).
            return Err(LoadError::Engine(format!(
                "{} ran out of memory while loading; raise the heap limit (memoryMb)",
                self.name
            )));
        }
        if late {
            let detail = match &loaded {
                Err(error) => format!(": {error}"),
                Ok(_) => String::new(),
            };
            return Err(LoadError::Script {
                path: path.to_owned(),
                message: format!(
                    "loading (the module, its factory and the Promise jobs they queued) did not \
                     finish within the time limit ({} ms, timeoutMs); a Promise chain started \
                     while loading must end{detail}",
                    limit.as_millis()
                ),
            });
        }
        let loaded = loaded?;
        self.cancel_load_timers();
        Ok(loaded)
    }

    /// After loading: timers the module set at its top level (or in its factory or
    /// version call) are cancelled, with a warning, and its fetches abandoned. No request
    /// owns them, and an engine runs code only for requests (and so within their time
    /// limits).
    fn cancel_load_timers(&self) {
        let files = self
            .context
            .with(|ctx| isapi_runtime::fs::abandon_all(&ctx));
        if files > 0 {
            tracing::warn!(
                "{}: {files} file call(s) started while loading were abandoned: their \
                 callbacks run only within the request that started them",
                self.name
            );
        }
        let fetches = isapi_runtime::fetch::abandon_all();
        if fetches > 0 {
            tracing::warn!(
                "{}: {fetches} fetch(es) started while loading were abandoned: a fetch's \
                 callbacks run only within the request that started it",
                self.name
            );
        }
        match self
            .context
            .with(|ctx| isapi_runtime::event_loop::cancel_timers(&ctx))
        {
            Ok(0) => {}
            Ok(left) => tracing::warn!(
                "{}: {left} timer(s) set while loading were cancelled: a timer runs only \
                 within the request that set it",
                self.name
            ),
            Err(error) => tracing::warn!("{}: cannot cancel the load's timers: {error}", self.name),
        }
    }

    /// Runs the jobs (Promise reactions) the current call queued, while its deadline lasts:
    /// they are its work, as a JS runtime runs microtasks before a task ends.
    /// Then what is still rejected without a handler is reported as unhandled (to the log,
    /// or to an `unhandledrejection` listener, whose jobs run here too).
    pub(crate) fn drain_jobs(&self, ctx: &Ctx<'_>) {
        loop {
            while isapi_runtime::event_loop::run_job(ctx) {
                if self.deadline().is_some_and(|d| Instant::now() >= d) {
                    return;
                }
            }
            if let Err(error) = isapi_runtime::global_scope::report_rejections(ctx) {
                tracing::error!(
                    "{}: reporting an unhandled rejection failed: {error}",
                    self.name
                );
            }
            if !isapi_runtime::event_loop::run_job(ctx) {
                return;
            }
        }
    }

    /// After a call (a request or a filter notification) ended, outside any deadline:
    /// cancels the timers it left and abandons its fetches, so none of their callbacks
    /// runs inside a later call's time. False when the engine cannot be trusted for the
    /// next call: jobs are still queued (they outran the call's time limit; QuickJS cannot
    /// drop them) or the timers could not be cancelled.
    pub(crate) fn sweep(&self, call: &dyn std::fmt::Display) -> bool {
        let jobs_left = self._runtime.is_job_pending();
        let files = self
            .context
            .with(|ctx| isapi_runtime::fs::abandon_all(&ctx));
        if files > 0 {
            tracing::debug!(
                "{}: {call} left {files} file call(s) running; abandoned",
                self.name
            );
        }
        let fetches = isapi_runtime::fetch::abandon_all();
        if fetches > 0 {
            tracing::debug!(
                "{}: {call} left {fetches} fetch(es) running; abandoned",
                self.name
            );
        }
        let cancelled = self
            .context
            .with(|ctx| isapi_runtime::event_loop::cancel_timers(&ctx));
        match cancelled {
            Ok(0) => {}
            Ok(left) => tracing::debug!("{}: {call} left {left} timer(s); cancelled", self.name),
            Err(error) => {
                tracing::warn!(
                    "{}: cannot cancel the timers {call} left: {error}",
                    self.name
                );
                return false;
            }
        }
        if jobs_left {
            tracing::warn!(
                "{}: {call} left jobs running past its time limit; replacing the engine",
                self.name
            );
        }
        !jobs_left
    }

    /// Whether the heap ever refused an allocation: the engine must be replaced, whatever
    /// the script did with the error (see [`crate::heap`]).
    pub(crate) fn out_of_memory(&self) -> bool {
        self.exhausted.happened()
    }
}

/// Calls `object[name](...args)` if it is a function; `Ok(None)` when it is absent.
pub(crate) fn call_method<'js, A>(
    ctx: &Ctx<'js>,
    object: &Object<'js>,
    name: impl IntoAtom<'js>,
    args: A,
) -> Result<Option<Value<'js>>, String>
where
    A: rquickjs::function::IntoArgs<'js>,
{
    let method: Value = object.get(name).map_err(|e| describe_exception(ctx, e))?;
    let Some(function) = method.as_function() else {
        return Ok(None);
    };
    let mut call_args = rquickjs::function::Args::new(ctx.clone(), args.num_args());
    call_args.this(object.clone()).map_err(|e| e.to_string())?;
    args.into_args(&mut call_args)
        .map_err(|e| describe_exception(ctx, e))?;
    function
        .call_arg::<Value>(call_args)
        .map(Some)
        .map_err(|e| describe_exception(ctx, e))
}

/// pywin32's rule for init/terminate results: nothing returned means yes; otherwise truthiness.
pub(crate) fn accepts(value: &Value<'_>) -> bool {
    if value.is_undefined() || value.is_null() {
        return true;
    }
    if let Some(b) = value.as_bool() {
        return b;
    }
    if let Some(n) = value.as_number() {
        return n != 0.0;
    }
    true
}

/// A returned number as a DWORD status; anything else gives `default`.
pub(crate) fn status_of(value: &Value<'_>, default: u32) -> u32 {
    match value.as_number() {
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => n as u32,
        _ => default,
    }
}

/// The module name QuickJS puts in stack traces: the bundle's file name.
fn module_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "handler.js".into())
}
