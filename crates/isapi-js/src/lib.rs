//! The JavaScript engine layer of isapi-ts.
//!
//! A handler bundle (one ES module exporting `__ExtensionFactory__`) runs in a pool of
//! QuickJS engines: each worker thread creates and owns one runtime and context, loads
//! the bundle and calls the factory once. Requests reach a worker through a bounded
//! MPMC channel; the worker exposes the request to JS as an `ecb` object and finishes
//! it with `HSE_REQ_DONE_WITH_SESSION`. Engines never move between threads, so handler
//! module state is per engine, not shared.
//!
//! Everything engine-specific stays in this crate behind [`EnginePool`], so another
//! engine can be added beside QuickJS without touching the DLL.
pub mod answer;
mod async_ops;
pub mod bytecode;
mod call_table;
mod ecb_object;
mod ecb_requests;
mod engine;
mod error;
mod filter_engine;
mod filter_object;
mod filter_pool;
mod handle;
mod heap;
mod pool;
mod raw_call;
mod sandbox;
mod staging;

pub use engine::Mode;
pub use error::LoadError;
pub use filter_engine::{FilterAnswer, FilterVersion};
pub use filter_pool::FilterPool;
pub use isapi_runtime::HandlerConfig;
pub use pool::{default_handler_config, EnginePool, PoolConfig, SubmitError};
