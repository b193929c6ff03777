//! `isapi-bench drive`: requests through our host without sockets. The host is configured
//! by a web.config, as `isapi-host` is, and serves in-memory connections with the same
//! code as TCP ones ([`isapi_host::Host::serve_in_memory`]); one keep-alive connection
//! sends the requests one after another.
//!
//! Under `valgrind --tool=callgrind`, two runs with different request counts give the
//! instructions per request (startup cancels out in the difference). The host's own
//! allocations are counted here and printed per request.
use std::path::Path;
use std::time::Duration;

use isapi_host::{Host, HostOptions};

use crate::counting_allocator;
use crate::http_exchange::{self, Reader};
use crate::options::Options;

/// Requests sent before counting starts: the library loads and its engines warm up.
const WARM_UP: u64 = 20;

pub fn run(args: &[String]) -> Result<(), String> {
    let options = Options::parse(args)?;
    let config = options.required("config")?;
    let target = options.required("target")?.to_owned();
    let method = options.text("method").unwrap_or("GET").to_owned();
    // The body: the bytes of `--body-file`, or `--body-bytes` bytes of `x`.
    let body = match options.text("body-file") {
        Some(path) => std::fs::read(path).map_err(|e| format!("{path}: {e}"))?,
        None => vec![b'x'; options.number("body-bytes", 0)? as usize],
    };
    let content_type = options
        .text("content-type")
        .unwrap_or("application/octet-stream")
        .to_owned();
    let requests = options.number("requests", 1000)?;
    let expected_status = options.number("status", 200)? as u16;

    // Counted instructions must not depend on timing: under valgrind every call is slow,
    // and the host would move the extension to the blocking pool.
    let options = HostOptions {
        slow_call: Duration::MAX,
        ..HostOptions::default()
    };
    let host =
        Host::from_config_file(Path::new(config), options).map_err(|e| format!("{config}: {e}"))?;
    // As in isapi-host: a multi-thread runtime, whose worker threads call the extensions
    // (crate isapi-host, blocking.rs). One worker, and the client runs as a task on it too,
    // so the whole exchange is one thread's deterministic sequence. The blocking pool
    // (library loading, filters) keeps its threads for the whole run: a thread start is
    // tens of thousands of instructions, and whether one happens would be a matter of timing.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .max_blocking_threads(2)
        .thread_keep_alive(Duration::from_secs(3600))
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let request = http_exchange::request(&method, &target, &content_type, &body);
    let exchanges = async move {
        let host = host.serve_in_memory();
        let mut connection = host.connect();
        let mut reader = Reader::default();
        let mut counted = 0;
        for sent in 0..WARM_UP + requests {
            if sent == WARM_UP {
                counted = counting_allocator::allocations();
            }
            let answer = reader.exchange(&mut connection, &request).await?;
            if answer.status != expected_status {
                return Err(format!(
                    "{method} {target} answered {} (request {sent})",
                    answer.status
                ));
            }
        }
        let counted = counting_allocator::allocations() - counted;
        drop(connection);
        host.shutdown(Duration::from_secs(5)).await;
        Ok::<u64, String>(counted)
    };
    let counted = runtime
        .block_on(async { tokio::spawn(exchanges).await })
        .map_err(|e| format!("the driver failed: {e}"))??;
    println!(
        "requests={requests} host_allocations={counted} host_allocations_per_request={:.2}",
        counted as f64 / requests.max(1) as f64
    );
    Ok(())
}
