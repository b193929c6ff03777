//! Filter engines on worker threads. Each connection's notifications go to one engine
//! (chosen by the connection's number), so its `FilterContext` lives in one JS heap.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::thread::JoinHandle;

use crossbeam_channel::{bounded, Receiver, Sender};
use isapi::{sys, FilterCall};

use crate::bytecode::Code;
use crate::error::LoadError;
use crate::filter_engine::{FilterAnswer, FilterEngine, FilterVersion};
use crate::pool::{first_loaded, join_all, load_guarded, PoolConfig};

enum Job {
    Call {
        call: FilterCall,
        connection: usize,
        reply: Sender<FilterAnswer>,
    },
    Terminate {
        flags: u32,
        done: Sender<bool>,
    },
}

/// A filter bundle running in engines on worker threads.
pub struct FilterPool {
    /// One queue per engine: a connection always lands on the same one.
    queues: Vec<Sender<Job>>,
    closed: AtomicBool,
    workers: Mutex<Vec<JoinHandle<()>>>,
    version: FilterVersion,
}

impl FilterPool {
    /// Starts the engines and waits until each has loaded the bundle and run
    /// `GetFilterVersion`; fails if any could not.
    pub fn start(config: PoolConfig, server_version: u32) -> Result<FilterPool, LoadError> {
        let code = crate::bytecode::load(&config.bundle).map_err(|source| LoadError::Read {
            path: config.bundle.clone(),
            source,
        })?;
        isapi_runtime::source_map::load_for(&config.bundle);
        let count = config.workers.max(1);
        let (ready_tx, ready_rx) = bounded::<Result<FilterVersion, LoadError>>(count);
        let mut queues = Vec::new();
        let mut workers = Vec::new();
        for index in 0..count {
            let (sender, receiver) = bounded::<Job>(config.queue_capacity.max(1));
            let config = config.clone();
            let code = code.clone();
            let ready = ready_tx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("isapi-filter-{index}"))
                .spawn(move || worker(&config, &code, server_version, receiver, ready));
            match spawned {
                Ok(handle) => {
                    queues.push(sender);
                    workers.push(handle);
                }
                Err(error) => {
                    drop(queues);
                    join_all(workers);
                    return Err(LoadError::Thread(error));
                }
            }
        }
        drop(ready_tx);
        let version = match first_loaded(&ready_rx, workers.len()) {
            Ok(version) => version,
            Err(error) => {
                drop(queues);
                join_all(workers);
                return Err(error);
            }
        };
        Ok(FilterPool {
            queues,
            closed: AtomicBool::new(false),
            workers: Mutex::new(workers),
            version,
        })
    }

    pub fn version(&self) -> &FilterVersion {
        &self.version
    }

    /// Hands one notification to the connection's engine and waits for the answer. The
    /// call (the host's pointers) is dropped on the engine's thread before this returns.
    pub fn call(&self, call: FilterCall, connection: usize) -> FilterAnswer {
        let failed = FilterAnswer {
            status: sys::SF_STATUS_REQ_ERROR,
            last_error: None,
            exhausted: false,
        };
        if self.closed.load(Ordering::Acquire) || self.queues.is_empty() {
            return failed;
        }
        let queue = &self.queues[connection % self.queues.len()];
        let (reply, answer) = bounded(1);
        if queue
            .send(Job::Call {
                call,
                connection,
                reply,
            })
            .is_err()
        {
            return failed;
        }
        // A worker that died drops the sender (and the call with it).
        answer.recv().unwrap_or(failed)
    }

    /// Calls every engine's `TerminateFilter(flags)` and joins the threads.
    pub fn terminate(&self, flags: u32) -> bool {
        self.closed.store(true, Ordering::Release);
        let workers = std::mem::take(&mut *self.workers.lock().unwrap_or_else(|e| e.into_inner()));
        let mut answers = Vec::new();
        for queue in &self.queues {
            let (done, answer) = bounded(1);
            if queue.send(Job::Terminate { flags, done }).is_ok() {
                answers.push(answer);
            }
        }
        let all_agreed = answers.iter().all(|a| a.recv().unwrap_or(false));
        join_all(workers);
        // The engines are gone: so is the fetch reactor's reason to run (its threads
        // must not outlive the library; a later fetch starts it again).
        isapi_runtime::fetch::shutdown();
        all_agreed
    }
}

fn worker(
    config: &PoolConfig,
    code: &Code,
    server_version: u32,
    queue: Receiver<Job>,
    ready: Sender<Result<FilterVersion, LoadError>>,
) {
    let mut engine = match load_guarded(|| FilterEngine::load(config, code, server_version)) {
        Ok((engine, version)) => {
            let _ = ready.send(Ok(version));
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
            Job::Call {
                call,
                connection,
                reply,
            } => {
                let answer = engine.handle(call, connection);
                let _ = reply.send(answer);
                if answer.exhausted {
                    // The heap limit was hit (or a call left runaway work): a fresh engine
                    // (this engine's connections lose their FilterContext, which is
                    // better than a crippled engine).
                    match load_guarded(|| FilterEngine::load(config, code, server_version)) {
                        Ok((fresh, _)) => {
                            tracing::warn!(
                                "{}: filter engine ran out of memory or had work left over; replaced it",
                                engine.name
                            );
                            engine = fresh;
                        }
                        Err(error) => {
                            tracing::error!(
                                "{}: cannot replace the filter engine: {error}",
                                engine.name
                            )
                        }
                    }
                }
            }
            Job::Terminate { flags, done } => {
                let _ = done.send(engine.terminate(flags));
                return;
            }
        }
    }
}
