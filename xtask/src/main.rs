//! `cargo xtask`: the one entry point for building, serving, testing and checking isapi-ts.
//! Std only; every step is an ordinary command, printed before it runs.
mod build;
mod cmd;
mod failure;
mod lint;
mod npm;
mod serve;
mod summary;
mod test;
mod workspace;

use failure::{Failure, Result};
use std::process::ExitCode;

const HELP: &str = "\
cargo xtask — build, serve, test and check isapi-ts

USAGE:
    cargo xtask <COMMAND> [OPTIONS]

COMMANDS:
    build         Build everything the samples need:
                    1. cargo build -p isapi-dll -p isapi-host -p isapi-js (dev profile; isapi-js brings isapi-compile)
                    2. npm ci                     (only if node_modules is missing or
                                                   older than package-lock.json)
                    3. npm run build --workspace ts/isapi            (TS package -> ts/isapi/dist)
                       npm run build:native --workspace ts/isapi     (Node addon -> ts/isapi/native)
                    4. node ts/isapi/dist/cli.js build samples/<name>.ts --dll <isapi_dll> --no-check
                       for every samples/*.ts (-> samples/dist/<name>.js, .js.map, _<name>.<so|dll>)
    serve         Build, print the sample URLs, then run
                    target/debug/isapi-host --config samples/web.config --listen ADDR
                  Options: --listen ADDR   address to listen on (default 127.0.0.1:8080)
    test          Build, then `cargo test --workspace`, then `npm test` (the tap end-to-end
                  tests); stops at the first failure and prints a summary.
    fmt-check     cargo fmt --all -- --check; npx prettier --check .
    lint          fmt-check, plus cargo clippy --workspace --all-targets -- -D warnings
                  and npx tsc --noEmit -p tsconfig.json (all checks run; failures are summarised).
    help          Print this help (also -h, --help; `cargo xtask <COMMAND> --help`).

Commands run from the workspace root; each prints its command line first. The exit status
is non-zero if any step failed (for serve: the host's own exit status). CI runs
`cargo xtask lint` and `cargo xtask test` (.ci/run).
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("xtask: error: {failure}");
            ExitCode::FAILURE
        }
    }
}

/// Dispatches a command; returns the process exit code.
fn run(args: &[String]) -> Result<u8> {
    let Some((command, options)) = args.split_first() else {
        print!("{HELP}");
        return Ok(0);
    };
    if options.iter().any(|o| o == "-h" || o == "--help") {
        print!("{HELP}");
        return Ok(0);
    }
    match command.as_str() {
        "help" | "-h" | "--help" => {
            print!("{HELP}");
            Ok(0)
        }
        "build" => no_options(command, options)
            .and_then(|()| build::run())
            .map(|()| 0),
        "serve" => {
            let listen = listen_option(options)?;
            let code = serve::run(&listen)?;
            Ok(u8::try_from(code).unwrap_or(1))
        }
        "test" => no_options(command, options)
            .and_then(|()| test::run())
            .map(|()| 0),
        "fmt-check" => no_options(command, options)
            .and_then(|()| lint::fmt_check())
            .map(|()| 0),
        "lint" => no_options(command, options)
            .and_then(|()| lint::lint())
            .map(|()| 0),
        other => Err(usage(format!("unknown command `{other}`"))),
    }
}

fn no_options(command: &str, options: &[String]) -> Result {
    match options.first() {
        None => Ok(()),
        Some(option) => Err(usage(format!("`{command}` takes no option `{option}`"))),
    }
}

/// `--listen ADDR` or `--listen=ADDR`; the default otherwise.
fn listen_option(options: &[String]) -> Result<String> {
    let mut listen = serve::DEFAULT_LISTEN.to_string();
    let mut options = options.iter();
    while let Some(option) = options.next() {
        if option == "--listen" {
            listen = options
                .next()
                .ok_or_else(|| usage("`--listen` needs an address, e.g. 127.0.0.1:8080"))?
                .clone();
        } else if let Some(value) = option.strip_prefix("--listen=") {
            listen = value.to_string();
        } else {
            return Err(usage(format!("`serve` takes no option `{option}`")));
        }
    }
    Ok(listen)
}

fn usage(message: impl Into<String>) -> Failure {
    Failure::new(format!(
        "{}\n       run `cargo xtask --help` for the commands and their options",
        message.into()
    ))
}
