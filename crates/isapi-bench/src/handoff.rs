//! `isapi-bench handoff`: the engine pool's queue hand-off, timed. A request is submitted
//! from this thread, a worker wakes, runs a handler that does nothing, and hands the
//! status back (the synchronous path a `SimpleExtension` request takes in the library);
//! the round trip is timed. Between requests the worker is left idle long enough to park,
//! as it does between requests at low load, so wake-ups are part of what is measured.
use std::path::PathBuf;
use std::time::{Duration, Instant};

use isapi_js::{EnginePool, PoolConfig};

use crate::options::Options;
use crate::stub_ecb::StubEcb;

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
        call(&pool, &mut ecb)?;
    }
    let mut micros = Vec::with_capacity(count);
    for _ in 0..count {
        if !idle.is_zero() {
            std::thread::sleep(idle);
        }
        let started = Instant::now();
        call(&pool, &mut ecb)?;
        micros.push(started.elapsed().as_secs_f64() * 1e6);
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

fn call(pool: &EnginePool, ecb: &mut StubEcb) -> Result<(), String> {
    match pool.call(ecb.request()) {
        Ok(status) if status == isapi::sys::HSE_STATUS_SUCCESS => Ok(()),
        Ok(status) => Err(format!("the no-op handler returned status {status}")),
        Err(_) => Err("the pool refused the request".into()),
    }
}
