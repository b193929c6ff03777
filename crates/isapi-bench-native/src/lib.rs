//! The benchmark's native baseline (configuration S1): the benchmark handlers — `/hello`,
//! `/json?n=20`, `/echo`, `/cpu`, `/digest`, `/hash`, `/hmac`, `/form`, `/gzip`, `/buffer` — as
//! an ordinary
//! Rust ISAPI extension over the safe [`isapi::Ecb`] object model, with no JS engine. Our host runs it to show what the
//! host and the ISAPI ABI cost by themselves; `bench/bench.ts` is the same handlers in TS.
//!
//! Requests are answered synchronously on the host's calling thread, which is how a
//! plain native extension is usually written.
mod exports;
mod routes;
pub mod workloads;
