//! `cargo xtask`: the one entry point for building, serving, testing and checking isapi-ts.
//! Std only; every step is an ordinary command, printed before it runs.
mod apt;
mod bench;
mod bench_build;
mod bench_callgrind;
mod bench_cold_start;
mod bench_configs;
mod bench_counters;
mod bench_handoff;
mod bench_http;
mod bench_json;
mod bench_machine;
mod bench_matrix;
mod bench_memory;
mod bench_proc;
mod bench_report;
mod bench_results;
mod bench_servers;
mod bench_smoke;
mod bench_stats;
mod bench_tools;
mod bench_wrk;
mod build;
mod cmd;
mod failure;
mod fuzz;
mod fuzz_socket;
mod icu_data;
mod lint;
mod live_host;
mod npm;
mod options;
mod pe_report;
mod serve;
mod soak;
mod summary;
mod test;
mod windows;
mod wine;
mod workspace;

use failure::{Failure, Result};
use std::process::ExitCode;

const HELP: &str = "\
cargo xtask — build, serve, test and check isapi-ts

USAGE:
    cargo xtask <COMMAND> [OPTIONS]

COMMANDS:
    build [--windows]
                  Build everything the samples need:
                    1. cargo build -p isapi-dll -p isapi-host -p isapi-js (dev profile; isapi-js brings isapi-compile)
                    2. npm ci                     (only if node_modules is missing or
                                                   older than package-lock.json)
                    3. npm run build --workspace ts/isapi            (TS package -> ts/isapi/dist)
                       npm run build:native --workspace ts/isapi     (Node addon -> ts/isapi/native)
                    4. node ts/isapi/dist/cli.js build samples/<name>.ts --dll <isapi_dll> --no-check
                       for every samples/*.ts (-> samples/dist/<name>.js, .js.map, _<name>.<so|dll>)
                  Options: --windows  then also the 64-bit Windows build, release, stripped:
                           isapi_dll.dll, isapi-host.exe, isapi-compile.exe in
                           target/x86_64-pc-windows-gnu/release (`isapi build --windows` finds
                           the DLL there). Installs what is missing with apt-get: rustc-web,
                           cargo-web, rust-web-src, rust-web-clippy, gcc-mingw-w64-x86-64. Runs
                           RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo build
                             -Zbuild-std=std,panic_abort --target x86_64-pc-windows-gnu --release
                             -p isapi-dll -p isapi-host -p isapi-js
    serve         Build, print the sample URLs, then run
                    target/debug/isapi-host --config samples/web.config --listen ADDR
                  Options: --listen ADDR   address to listen on (default 127.0.0.1:8080)
    test [--windows]
                  Build, then `cargo test --workspace`, then `npm test` (the tap end-to-end
                  tests); stops at the first failure and prints a summary.
                  Options: --windows  instead, the end-to-end tests of the Windows build under
                           Wine (the Linux tests are `test` without it):
                    1. apt-get install -y whatever is missing of `build --windows`'s packages
                       and wine, wine64 (Wine 8)
                    2. `build`, then `build --windows` (the Linux build is the parity
                       tests' other side)
                    3. a Wine prefix in target/wine/prefix (`wine wineboot -i`, once, ~5 s;
                       reused), and test/wine/processprng.c compiled with
                       x86_64-w64-mingw32-gcc into its system32 as bcryptprimitives.dll:
                       Wine 8 lacks ProcessPrng, which Rust's std imports (test-only; what
                       ships stays as built; WINEDLLOVERRIDES=bcryptprimitives=n)
                    4. npx tap test/windows/*.test.ts ts/isapi/test/windows.test.ts with
                       ISAPI_TS_REQUIRE_WINDOWS=1 (which runs them: `npm test` skips them; a
                       missing piece fails), ISAPI_TS_WINDOWS_BUILD and the prefix's Wine
                       environment (WINEPREFIX, WINEDEBUG, WINEDLLOVERRIDES, LC_ALL=C.UTF-8):
                       isapi build --windows with the real DLL; isapi-host.exe +
                       _<name>.dll under Wine — every sample answering as on Linux, reload,
                       errors, filters, TransmitFile, naming, a non-ASCII path, bytecode,
                       200 POSTs, a clean shutdown
                    5. wineserver -k (that prefix only)
                  Measured on 2 cores: ~30 s with both builds done (the tests ~25 s; the
                  first wineboot ~5 s more); after `cargo xtask test` on a fresh machine
                  ~6 min more (the Windows build ~5 min: it compiles the standard library).
    bench         Measure performance side by side (shared/BENCHMARKS.md); Linux only:
                    1. apt-get install -y whatever of wrk, nginx-light, valgrind, hyperfine
                       is missing
                    2. cargo build --release (host, library, native baseline, isapi-bench);
                       isapi build bench/bench.ts bench/noop.ts --bytecode (-> bench/dist)
                    3. counters: `isapi-bench drive` under callgrind (no sockets):
                       instructions and allocations per request, compared with
                       bench/counters.json (a change over 3% is pointed out)
                    4. the load matrix: S0 nginx, S1 native extension, S2 isapi-ts,
                       S3 node:http x hello/json/echo/cpu x c1/c16/c64, server on core 0
                       and wrk on core 1, plus an unpinned c64 pass; interleaved rounds
                       in shuffled order, the first dropped
                    5. memory per engine, cold start (hyperfine), queue hand-off
                  Prints the tables; writes target/bench/latest.json, latest.md, details.json.
                  Options: --quick          steps 1-3, then each configuration answers 200
                                            (1 s of wrk each); fails only if one does not
                                            or a tool cannot be installed (CI runs this)
                           --rounds N       rounds of the matrix (default 5)
                           --duration S     seconds measured per cell (default 5)
                           --warmup S       seconds of warm-up per cell (default 3)
                           --update-counters  rewrite bench/counters.json
    fuzz          Coverage-guided fuzzing (libFuzzer, AddressSanitizer; Linux) of the web.config
                  reader, the request path (raw bytes into an in-memory connection), the
                  response-head parser and the URL canonical form: builds fuzz/ with the
                  flags cargo-fuzz uses (stable toolchain, RUSTC_BOOTSTRAP=1) into target/fuzz,
                  then runs each target over fuzz/seeds/<target> copied to target/fuzz/corpus.
                  Fails on any crash, hang or leak, naming the reproducer in
                  target/fuzz-artifacts/<target>/.
                  Options: --time SECS      seconds per target (default 45; CI uses the default)
                           --target NAME    only this target (repeatable): config, head, url, request
    fuzz --socket Raw-socket fuzz of the running host: target/debug/isapi-host on samples/web.config
                  (run `cargo xtask build` first) at 127.0.0.1:<free port>, sent valid requests,
                  traversal spellings, smuggling shapes, bad chunked bodies, huge heads, garbage,
                  pipelines, slow writes and byte mutations of these from 4 connections. Fails
                  on a crash (host exit), a hang (no answer or close within 20 s) or an exposed
                  file; lists 5xx answers. Reproducers and the summary: target/checks/socket-fuzz.
                  Options: --requests N     requests to send (default 20000)
                           --seed N         the generator's seed (default: from the clock; printed)
    soak          Many requests through target/debug/isapi-host and the library (run `cargo xtask
                  build` first): a site under target/checks/soak with the hello sample and
                  test/fixtures/soak_faults.ts; GET /hello/x and POST /hello/echo over 4 keep-alive
                  connections, every answer checked; at the fault rate a throwing, looping
                  (time limit) or allocating (memory limit) handler, or a bundle rewritten in
                  place (reload). Fails on a wrong or missing hello/echo answer, a hang, a host
                  exit, or RSS growth above 5% over the second half (the first is warm-up).
                  Options: --requests N     requests (default 1000000; CI runs 20000)
                           --faults RATE    share of faults, 0 to 1 (default 0.01)
                           --fault-kinds K  comma-separated subset of throw,loop,alloc,reload
                           --seed N         the generator's seed (default: from the clock; printed)
    fmt-check     cargo fmt --all -- --check (and for fuzz/, its own workspace); npx prettier --check .
    lint [--windows]
                  fmt-check, plus cargo clippy --workspace --all-targets -- -D warnings
                  and npx tsc --noEmit -p tsconfig.json (and -p samples, -p bench: handler code against
                  the engine's globals; -p crates/isapi-runtime/js) (all checks run; failures are summarised).
                  Options: --windows  then also clippy for x86_64-pc-windows-gnu, so the
                           cfg(windows) code is compiled and linted: installs what is missing
                           as build --windows does, then runs
                           RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo clippy
                             -Zbuild-std=std,panic_abort --target x86_64-pc-windows-gnu
                             --workspace --exclude isapi-node --exclude xtask --all-targets
                             -- -D warnings
                           (isapi-node, the Node addon, would link a Windows Node's
                           libnode.dll; xtask runs on Linux only). CI runs it.
    icu-data      Regenerate crates/isapi-runtime/icu-data, the ICU4X data Intl carries: ICU4X's
                  compiled data cut to the languages in crates/isapi-runtime/src/intl_languages.rs
                  (with their regions and scripts). Builds tools/icu-data (its own workspace, in
                  target/icu-data, reading the upstream data through a shim in target/icu-full)
                  and runs it; nothing is downloaded. Run it after editing that list or bumping
                  the icu crates (then also tools/icu-data/markers.sh).
    help          Print this help (also -h, --help; `cargo xtask <COMMAND> --help`).

Commands run from the workspace root; each prints its command line first. The exit status
is non-zero if any step failed (for serve: the host's own exit status). CI runs
`cargo xtask lint --windows`, `cargo xtask test`, `cargo xtask test --windows`,
`cargo xtask fuzz`, `cargo xtask fuzz --socket`, `cargo xtask soak --requests 20000` and
`cargo xtask bench --quick` (.ci/run).
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
        "build" => {
            let windows = windows_option(command, options)?;
            build::run(windows).map(|()| 0)
        }
        "serve" => {
            let listen = listen_option(options)?;
            let code = serve::run(&listen)?;
            Ok(u8::try_from(code).unwrap_or(1))
        }
        "test" => {
            let windows = windows_option(command, options)?;
            test::run(windows).map(|()| 0)
        }
        "bench" => {
            let options = bench::parse_options(options).map_err(usage)?;
            bench::run(&options).map(|()| 0)
        }
        "fuzz" if options.iter().any(|o| o == "--socket") => {
            let rest: Vec<String> = options
                .iter()
                .filter(|o| *o != "--socket")
                .cloned()
                .collect();
            let options = fuzz_socket::parse_options(&rest).map_err(usage)?;
            fuzz_socket::run(&options).map(|()| 0)
        }
        "fuzz" => {
            let options = fuzz::parse_options(options).map_err(usage)?;
            fuzz::run(&options).map(|()| 0)
        }
        "soak" => {
            let options = soak::parse_options(options).map_err(usage)?;
            soak::run(&options).map(|()| 0)
        }
        "fmt-check" => no_options(command, options)
            .and_then(|()| lint::fmt_check())
            .map(|()| 0),
        "icu-data" => no_options(command, options)
            .and_then(|()| icu_data::run())
            .map(|()| 0),
        "lint" => {
            let windows = windows_option(command, options)?;
            lint::lint(windows).map(|()| 0)
        }
        other => Err(usage(format!("unknown command `{other}`"))),
    }
}

/// `--windows` or nothing.
fn windows_option(command: &str, options: &[String]) -> Result<bool> {
    let mut windows = false;
    for option in options {
        match option.as_str() {
            "--windows" => windows = true,
            other => return Err(usage(format!("`{command}` takes no option `{other}`"))),
        }
    }
    Ok(windows)
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
