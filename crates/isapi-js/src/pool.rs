//! The engine pool: N worker threads, one engine each, fed by a bounded MPMC channel.
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{bounded, Receiver, Sender, TrySendError};
use isapi::Ecb;

use crate::bytecode::Code;
use crate::engine::{Engine, Finish, Health, Loaded, Mode};
use crate::error::LoadError;

/// How a pool is set up.
#[derive(Clone, Debug)]
pub struct PoolConfig {
    /// The handler bundle (an ES module exporting `__ExtensionFactory__`).
    pub bundle: PathBuf,
    /// Worker threads, each with its own engine.
    pub workers: usize,
    /// Requests that may wait for a worker; more are refused (503).
    pub queue_capacity: usize,
    /// Heap limit per engine, in bytes.
    pub memory_limit: usize,
    /// JS stack limit per engine, in bytes.
    pub max_stack_size: usize,
    /// A request running longer is interrupted and answered 500.
    pub request_timeout: Duration,
    /// What the handler's engines see of the world: `process.env` additions and the
    /// folders `node:fs` may use ([`default_handler_config`] unless set).
    pub handler: isapi_runtime::HandlerConfig,
}

/// A handler's default reach: relative paths start from its bundle's folder, which it
/// may read; it may write its data folder `<bundle folder>/App_Data/<name>/` (made on its
/// first `node:fs` call), inside the folder IIS (and isapi-host) never serve.
pub fn default_handler_config(bundle: &std::path::Path) -> isapi_runtime::HandlerConfig {
    let folder = bundle
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    let name = bundle
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    isapi_runtime::HandlerConfig {
        env: Vec::new(),
        fs_read: vec![folder.clone()],
        fs_write: vec![folder.join("App_Data").join(name)],
        cwd: Some(folder),
    }
}

impl PoolConfig {
    pub fn new(bundle: impl Into<PathBuf>) -> PoolConfig {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let bundle: PathBuf = bundle.into();
        PoolConfig {
            handler: default_handler_config(&bundle),
            bundle,
            workers: cores,
            queue_capacity: 1024,
            memory_limit: 64 << 20,
            max_stack_size: 512 << 10,
            request_timeout: Duration::from_secs(30),
        }
    }
}

enum Job {
    Request { ecb: Ecb, finish: Finish },
    Terminate { flags: u32, done: Sender<bool> },
}

/// Why a request was not queued; the ECB comes back so the caller can answer it.
pub enum SubmitError {
    /// Every worker is busy and the queue is full.
    Full(Ecb),
    /// The pool is shutting down.
    Closed(Ecb),
}

/// Handler engines on worker threads.
pub struct EnginePool {
    jobs: Sender<Job>,
    /// Kept to drain requests that arrive while the pool stops, so none is lost.
    queue: Receiver<Job>,
    closed: AtomicBool,
    workers: Mutex<Vec<JoinHandle<()>>>,
    description: String,
    mode: Mode,
}

impl EnginePool {
    /// Starts the workers and waits until each has loaded the bundle. Fails (and stops
    /// the workers already started) if any engine cannot load it.
    pub fn start(config: PoolConfig) -> Result<EnginePool, LoadError> {
        let code = crate::bytecode::load(&config.bundle).map_err(|source| LoadError::Read {
            path: config.bundle.clone(),
            source,
        })?;
        isapi_runtime::source_map::load_for(&config.bundle);
        let (jobs, queue) = bounded::<Job>(config.queue_capacity.max(1));
        let (ready_tx, ready_rx) = bounded::<Result<Loaded, LoadError>>(config.workers.max(1));
        let mut workers = Vec::new();
        for index in 0..config.workers.max(1) {
            let config = config.clone();
            let code = code.clone();
            let queue = queue.clone();
            let ready = ready_tx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("isapi-js-{index}"))
                .spawn(move || worker(&config, &code, queue, ready));
            match spawned {
                Ok(handle) => workers.push(handle),
                Err(error) => {
                    drop(jobs);
                    join_all(workers);
                    return Err(LoadError::Thread(error));
                }
            }
        }
        drop(ready_tx);
        let loaded = match first_loaded(&ready_rx, workers.len()) {
            Ok(loaded) => loaded,
            Err(error) => {
                drop(jobs);
                join_all(workers);
                return Err(error);
            }
        };
        Ok(EnginePool {
            jobs,
            queue,
            closed: AtomicBool::new(false),
            workers: Mutex::new(workers),
            description: loaded.description,
            mode: loaded.mode,
        })
    }

    /// The description the handler's `GetExtensionVersion` set.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// How requests must be run: decided by the handler's shape.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Queues a request without blocking; the worker ends it with `DONE_WITH_SESSION`
    /// (the caller returns `HSE_STATUS_PENDING`).
    pub fn submit(&self, ecb: Ecb) -> Result<(), SubmitError> {
        self.enqueue(ecb, Finish::Session)
    }

    /// Runs a request on a worker and waits for the handler's HSE status. The ECB is not
    /// touched after this returns, unless the status is `HSE_STATUS_PENDING`.
    pub fn call(&self, ecb: Ecb) -> Result<u32, SubmitError> {
        let (reply, status) = bounded(1);
        self.enqueue(ecb, Finish::Reply(reply))?;
        // A worker that died mid-request drops the sender: report an error to the host.
        Ok(status.recv().unwrap_or(isapi::sys::HSE_STATUS_ERROR))
    }

    fn enqueue(&self, ecb: Ecb, finish: Finish) -> Result<(), SubmitError> {
        if self.closed.load(Ordering::Acquire) {
            return Err(SubmitError::Closed(ecb));
        }
        match self.jobs.try_send(Job::Request { ecb, finish }) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(Job::Request { ecb, .. })) => Err(SubmitError::Full(ecb)),
            Err(TrySendError::Disconnected(Job::Request { ecb, .. })) => {
                Err(SubmitError::Closed(ecb))
            }
            Err(_) => unreachable!("only requests are sent with try_send"),
        }
    }

    /// Lets every engine finish its queued work, calls each handler's
    /// `TerminateExtension(flags)` and joins the threads. True if no handler refused.
    /// Later submissions are refused with [`SubmitError::Closed`].
    pub fn terminate(&self, flags: u32) -> bool {
        self.closed.store(true, Ordering::Release);
        let workers = std::mem::take(&mut *self.workers.lock().unwrap_or_else(|e| e.into_inner()));
        let mut answers = Vec::new();
        for _ in &workers {
            let (done, answer) = bounded(1);
            if self.jobs.send(Job::Terminate { flags, done }).is_ok() {
                answers.push(answer);
            }
        }
        let all_agreed = answers.iter().all(|answer| answer.recv().unwrap_or(false));
        join_all(workers);
        // The engines are gone: so is the fetch reactor's reason to run (its threads
        // must not outlive the library; a later fetch starts it again).
        isapi_runtime::fetch::shutdown();
        self.drain_unserved();
        all_agreed
    }

    /// Hands over to `successor` (a pool on newer code): no new work is accepted, queued
    /// requests are served here, each engine gets `TerminateExtension(flags)` once idle,
    /// and requests that raced in behind the stop messages move to the successor.
    pub fn retire(&self, flags: u32, successor: &EnginePool) {
        self.closed.store(true, Ordering::Release);
        let workers = std::mem::take(&mut *self.workers.lock().unwrap_or_else(|e| e.into_inner()));
        for _ in &workers {
            let (done, _answer) = bounded(1);
            let _ = self.jobs.send(Job::Terminate { flags, done });
        }
        join_all(workers);
        while let Ok(job) = self.queue.try_recv() {
            if let Job::Request { ecb, finish } = job {
                if let Err(job) = successor.jobs.send(Job::Request { ecb, finish }) {
                    if let Job::Request { ecb, finish } = job.into_inner() {
                        crate::engine::fail_request(ecb, finish);
                    }
                }
            }
        }
    }

    /// Requests queued behind the stop messages: answered, never dropped silently.
    fn drain_unserved(&self) {
        while let Ok(job) = self.queue.try_recv() {
            if let Job::Request { mut ecb, finish } = job {
                match finish {
                    Finish::Session => {
                        crate::answer::service_unavailable(ecb, "the handler is shutting down")
                    }
                    Finish::Reply(reply) => {
                        crate::answer::send_error(
                            &mut ecb,
                            503,
                            "503 Service Unavailable",
                            "503 Service Unavailable\n",
                        );
                        let _ = reply.send(isapi::sys::HSE_STATUS_SUCCESS);
                    }
                }
            }
        }
    }
}

/// Waits for every worker's load report: the first success, or the first failure. A
/// worker that ended without reporting counts as a failure, so a pool is never made
/// with no engine to serve it.
pub(crate) fn first_loaded<T>(
    reports: &Receiver<Result<T, LoadError>>,
    workers: usize,
) -> Result<T, LoadError> {
    let mut loaded = None;
    let mut failure = None;
    let mut reported = 0;
    for report in reports.iter() {
        reported += 1;
        match report {
            Ok(value) => {
                loaded.get_or_insert(value);
            }
            Err(error) => {
                failure.get_or_insert(error);
            }
        }
    }
    if let Some(error) = failure {
        return Err(error);
    }
    match loaded {
        Some(value) if reported == workers => Ok(value),
        _ => Err(LoadError::Engine(format!(
            "{} of {workers} engine threads stopped before reporting whether they loaded",
            workers - reported
        ))),
    }
}

/// Runs an engine load, turning a panic (a bug in the engine layer or in QuickJS) into a
/// load failure: a worker that died while loading would leave requests queued for an
/// engine that never comes.
pub(crate) fn load_guarded<T>(load: impl FnOnce() -> Result<T, LoadError>) -> Result<T, LoadError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(load)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        Err(LoadError::Engine(format!(
            "the engine panicked while loading: {message}"
        )))
    })
}

pub(crate) fn join_all(workers: Vec<JoinHandle<()>>) {
    for worker in workers {
        let _ = worker.join();
    }
}

fn worker(
    config: &PoolConfig,
    code: &Code,
    queue: Receiver<Job>,
    ready: Sender<Result<Loaded, LoadError>>,
) {
    let mut code = code.clone();
    let mut engine = match load_guarded(|| Engine::load(config, &code)) {
        Ok((engine, loaded)) => {
            let _ = ready.send(Ok(loaded));
            engine
        }
        Err(error) => {
            let _ = ready.send(Err(error));
            return;
        }
    };
    drop(ready);
    for job in queue.iter() {
        match job {
            Job::Request { ecb, finish } => match engine.handle(ecb, finish, true) {
                Health::Good => {}
                Health::Recycle(why) => {
                    // A fresh engine, so one bad request cannot leave this worker
                    // crippled. The old one is freed on assignment.
                    match load_guarded(|| Engine::load(config, &code)) {
                        Ok((fresh, _)) => {
                            tracing::warn!("{}: engine {why}; replaced it", engine.name);
                            engine = fresh;
                        }
                        Err(error) => {
                            tracing::error!("{}: cannot replace the engine: {error}", engine.name)
                        }
                    }
                }
                Health::Reload(ecb, finish) => {
                    // pywin32's protocol: terminate with 0, load again, re-create the
                    // handler (GetExtensionVersion(null)), repeat the call once.
                    engine.terminate(0);
                    isapi_runtime::source_map::load_for(&config.bundle);
                    let reloaded = crate::bytecode::load(&config.bundle)
                        .map_err(|e| e.to_string())
                        .and_then(|fresh_code| {
                            load_guarded(|| Engine::load_with(config, &fresh_code, true))
                                .map(|loaded| (loaded, fresh_code))
                                .map_err(|e| e.to_string())
                        });
                    match reloaded {
                        Ok(((fresh, _), fresh_code)) => {
                            tracing::info!(
                                "{}: reloaded after InternalReloadException",
                                fresh.name
                            );
                            engine = fresh;
                            code = fresh_code;
                            if let Health::Reload(ecb, finish) = engine.handle(ecb, finish, false) {
                                crate::engine::fail_request(ecb, finish);
                            }
                        }
                        Err(error) => {
                            tracing::error!("{}: reload failed: {error}", engine.name);
                            crate::engine::fail_request(ecb, finish);
                        }
                    }
                }
            },
            Job::Terminate { flags, done } => {
                let _ = done.send(engine.terminate(flags));
                return;
            }
        }
    }
    tracing::debug!("{}: worker stopped", engine.name);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_loading_is_a_load_failure() {
        let result: Result<(), LoadError> = load_guarded(|| panic!("no engine today"));
        let message = result.unwrap_err().to_string();
        assert!(
            message.contains("the engine panicked while loading: no engine today"),
            "{message}"
        );
        assert_eq!(load_guarded(|| Ok::<_, LoadError>(7)).unwrap(), 7);
    }

    #[test]
    fn a_worker_that_never_reported_fails_the_pool() {
        let (report, reports) = bounded::<Result<u32, LoadError>>(2);
        report.send(Ok(1)).unwrap();
        // The second worker's sender is gone without a report (its thread died).
        drop(report);
        let message = first_loaded(&reports, 2).unwrap_err().to_string();
        assert!(
            message.contains("1 of 2 engine threads stopped"),
            "{message}"
        );
    }

    #[test]
    fn the_first_failure_wins_over_successes() {
        let (report, reports) = bounded::<Result<u32, LoadError>>(3);
        report.send(Ok(1)).unwrap();
        report
            .send(Err(LoadError::Engine("broken".into())))
            .unwrap();
        report.send(Ok(2)).unwrap();
        drop(report);
        assert!(first_loaded(&reports, 3).is_err());
        let (report, reports) = bounded::<Result<u32, LoadError>>(2);
        report.send(Ok(1)).unwrap();
        report.send(Ok(2)).unwrap();
        drop(report);
        assert_eq!(first_loaded(&reports, 2).unwrap(), 1);
    }
}
