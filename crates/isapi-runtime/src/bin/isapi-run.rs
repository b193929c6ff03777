//! `isapi-run script.js`: runs an ES module in the handler platform, as `node script.js`
//! runs it in Node — `console.log` to stdout, `console.error` to stderr, the event loop
//! until nothing is left. Exit status 1 when the script throws or leaves a Promise rejection
//! unhandled (the error on stderr), as Node does.
//!
//! What it is for: conformance tests run one script here and in Node and compare.
use std::process::ExitCode;

use rquickjs::{Context, Function, Module, Runtime, Value};

use isapi_runtime::errors::describe_exception;
use isapi_runtime::{event_loop, install_globals, install_runtime, ConsoleSink};

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(path), None) = (args.next(), args.next()) else {
        eprintln!("usage: isapi-run <script.js>");
        return ExitCode::from(2);
    };
    let source = match std::fs::read(&path) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("isapi-run: cannot read {}: {error}", path.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    let result = run(&path.to_string_lossy(), source);
    isapi_runtime::fetch::shutdown();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn run(name: &str, source: Vec<u8>) -> Result<(), String> {
    let runtime = Runtime::new().map_err(|e| e.to_string())?;
    install_runtime(&runtime);
    let context = Context::full(&runtime).map_err(|e| e.to_string())?;
    context.with(|ctx| {
        install_globals(&ctx, ConsoleSink::Stdio).map_err(|e| describe_exception(&ctx, e))?;
        // Node evaluates an ES module as a job: ticks its top level queues follow the jobs.
        let (_, evaluated) = event_loop::as_job(|| {
            Module::declare(ctx.clone(), name, source).and_then(|module| module.eval())
        })
        .map_err(|e| describe_exception(&ctx, e))?;
        // The module's own failure is reported below, as the script's (not "in promise").
        let observe: Function = ctx
            .eval("(promise) => promise.catch(() => {})")
            .map_err(|e| describe_exception(&ctx, e))?;
        observe
            .call::<_, ()>((evaluated.clone(),))
            .map_err(|e| describe_exception(&ctx, e))?;
        let ended = event_loop::run_to_end(&ctx);
        // Fetches left (an unread body, a failed script) end with the engine.
        isapi_runtime::fetch::abandon_all();
        ended?;
        match evaluated.result::<Value>() {
            Some(Ok(_)) => Ok(()),
            Some(Err(error)) => Err(describe_exception(&ctx, error)),
            None => Err("the script's top-level await never settled".into()),
        }
    })
}
