//! `isapi-bench`: the measuring tools `cargo xtask bench` runs.
//!
//! ```text
//! isapi-bench drive --config web.config --target /hello [--method POST --body-bytes 4096] --requests N
//! isapi-bench handoff --bundle noop.js [--count N] [--idle-us U]
//! isapi-bench first-response --url http://127.0.0.1:PORT/hello -- <server command…>
//! ```
//!
//! `drive` sends N requests through our host's own connection code without sockets
//! (run it under callgrind for instructions per request; it counts the host's allocations
//! itself). `handoff` times the engine pool's submit → worker → completion round trip.
//! `first-response` starts a server and exits at its first 200 (hyperfine times it).
mod counting_allocator;
mod drive;
mod first_response;
mod handoff;
mod http_exchange;
mod options;
mod stub_ecb;

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: counting_allocator::CountingAllocator = counting_allocator::CountingAllocator;

const USAGE: &str = "usage:
  isapi-bench drive --config FILE --target PATH [--method M] [--body-bytes N] --requests N
  isapi-bench handoff --bundle FILE [--count N] [--idle-us U]
  isapi-bench first-response --url URL -- COMMAND [ARGS...]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.split_first() {
        Some((command, rest)) => match command.as_str() {
            "drive" => drive::run(rest),
            "handoff" => handoff::run(rest),
            "first-response" => first_response::run(rest),
            other => Err(format!("unknown command {other:?}\n{USAGE}")),
        },
        None => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("isapi-bench: {message}");
            ExitCode::FAILURE
        }
    }
}
