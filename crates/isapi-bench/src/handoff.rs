//! `isapi-bench handoff`: the engine pool's queue hand-off, timed. A request is submitted
//! from this thread as the library submits every request, a worker wakes, runs a handler
//! that does nothing and ends the request (`HSE_REQ_DONE_WITH_SESSION`); the time from
//! submit to that call is measured. Between requests the worker is left idle long enough
//! to park, as it does between requests at low load, so its wake-up is part of it.
use std::path::PathBuf;
use std::time::{Duration, Instant};

use isapi_js::{EnginePool, PoolConfig};

use crate::options::Options;
use crate::stub_ecb::{wait_for_session_end, StubEcb};

/// A request not ended within this is an error (the handler does nothing).
const GIVE_UP_AFTER: Duration = Duration::from_secs(10);

pub fn run(args: &[String]) -> Result<(), String> {
    let options = Options::parse(args)?;
    let bundle = PathBuf::from(options.required("bundle")?);
    let count = options.number("count", 20_000)? as usize;
    let idle = Duration::from_micros(options.number("idle-us", 200)?);

    let mut config = PoolConfig::new(bundle);
    config.workers = 1;
    let pool = EnginePool::start(config).map_err(|e| e.to_string())?;
    let mut ecb = StubEcb::get("GET", "/noop");
    // The first calls warm the engine and the code paths; they are not counted.
    for _ in 0..100 {
        hand_off(&pool, &mut ecb)?;
    }
    let mut micros = Vec::with_capacity(count);
    for _ in 0..count {
        if !idle.is_zero() {
            std::thread::sleep(idle);
        }
        micros.push(hand_off(&pool, &mut ecb)?.as_secs_f64() * 1e6);
    }
    pool.terminate(0);
    micros.sort_by(f64::total_cmp);
    let at =
        |p: f64| micros[((p * micros.len() as f64).ceil() as usize).clamp(1, micros.len()) - 1];
    println!(
        "count={count} idle_us={} p50_us={:.2} p99_us={:.2} max_us={:.2}",
        idle.as_micros(),
        at(0.50),
        at(0.99),
        at(1.0)
    );
    Ok(())
}

/// Submit → the worker's `DONE_WITH_SESSION`.
fn hand_off(pool: &EnginePool, ecb: &mut StubEcb) -> Result<Duration, String> {
    let submitted = Instant::now();
    pool.submit(ecb.request())
        .map_err(|_| "the pool refused the request".to_string())?;
    let ended =
        wait_for_session_end(GIVE_UP_AFTER).ok_or("the no-op handler did not end its request")?;
    Ok(ended.saturating_duration_since(submitted))
}
