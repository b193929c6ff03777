//! `isapi-run script.js`: runs an ES module in the handler platform, as `node script.js`
//! runs it in Node — `console.log` to stdout, `console.error` to stderr, the event loop
//! until nothing is left. Exit status 1 when the script throws or leaves a Promise rejection
//! unhandled (the error on stderr), as Node does.
//!
//! What it is for: conformance tests run one script here and in Node and compare.
//!
//! `node:fs` is confined as in a handler: by default to reading the script's folder;
//! `--allow-read DIR` and `--allow-write DIR` (each repeatable) allow more. Relative paths
//! start from the current folder, as in Node.
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use rquickjs::{Context, Function, Module, Runtime, Value};

use isapi_runtime::errors::describe_exception;
use isapi_runtime::{event_loop, install_globals, install_runtime, ConsoleSink, HandlerConfig};

const USAGE: &str = "usage: isapi-run [--allow-read DIR]... [--allow-write DIR]... <script.js>

Runs an ES module in the handler platform, as `node script.js` runs it.

  --allow-read DIR   node:fs may read DIR and everything under it (repeatable)
  --allow-write DIR  node:fs may read, create, change and remove under DIR (repeatable;
                     created if missing)

Without either, node:fs may read the script's folder only (a handler's default is its
bundle's folder read-only and its data folder read-write; see docs/node.md). Anything
else fails with EACCES. Relative paths start from the current folder.";

/// The command line: the script and the folders `node:fs` may use.
fn parse_args(
    mut args: impl Iterator<Item = OsString>,
) -> Result<(OsString, HandlerConfig), String> {
    let mut config = HandlerConfig::default();
    let mut script = None;
    let mut allowed = false;
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--help" | "-h") => return Err(String::new()),
            Some(flag @ ("--allow-read" | "--allow-write")) => {
                let folder = args
                    .next()
                    .map(PathBuf::from)
                    .ok_or_else(|| format!("{flag} needs a folder"))?;
                if flag == "--allow-read" {
                    config.fs_read.push(folder);
                } else {
                    config.fs_write.push(folder);
                }
                allowed = true;
            }
            Some(flag) if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            _ if script.is_none() => script = Some(arg),
            _ => return Err("one script only".into()),
        }
    }
    let script = script.ok_or("no script given")?;
    if !allowed {
        let folder = PathBuf::from(&script)
            .parent()
            .map(PathBuf::from)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        config.fs_read.push(folder);
    }
    Ok((script, config))
}

fn main() -> ExitCode {
    let (path, config) = match parse_args(std::env::args_os().skip(1)) {
        Ok(parsed) => parsed,
        Err(message) if message.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("isapi-run: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let source = match std::fs::read(&path) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("isapi-run: cannot read {}: {error}", path.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    let result = run(&path.to_string_lossy(), source, config);
    isapi_runtime::fetch::shutdown();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn run(name: &str, source: Vec<u8>, config: HandlerConfig) -> Result<(), String> {
    let runtime = Runtime::new().map_err(|e| e.to_string())?;
    install_runtime(&runtime);
    let context = Context::full(&runtime).map_err(|e| e.to_string())?;
    context.with(|ctx| {
        isapi_runtime::set_handler_config(&ctx, config).map_err(|e| describe_exception(&ctx, e))?;
        install_globals(&ctx, ConsoleSink::Stdio).map_err(|e| describe_exception(&ctx, e))?;
        // Node evaluates an ES module as a job: ticks its top level queues follow the jobs.
        let (_, evaluated) = event_loop::as_job(|| {
            Module::declare(ctx.clone(), name, source).and_then(|module| {
                isapi_runtime::modules::set_import_meta(&module, std::path::Path::new(name))?;
                module.eval()
            })
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
        // Fetches and file calls left (an unread body, a failed script) end with the engine.
        isapi_runtime::fetch::abandon_all();
        isapi_runtime::fs::abandon_all(&ctx);
        ended?;
        match evaluated.result::<Value>() {
            Some(Ok(_)) => Ok(()),
            Some(Err(error)) => Err(describe_exception(&ctx, error)),
            None => Err("the script's top-level await never settled".into()),
        }
    })
}
