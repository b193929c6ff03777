//! The smoke pass of `--quick`: every configuration started, every handler asked once
//! (status 200 and the right body), then one second of wrk that must see only 2xx. It
//! checks that each configuration works, and nothing about its speed.
use crate::bench_build::Artifacts;
use crate::bench_configs::{Config, Handler, Placement};
use crate::bench_http;
use crate::bench_matrix::write_post_scripts;
use crate::bench_servers::{Launch, Server};
use crate::bench_wrk::{self, Load};
use crate::failure::Result;
use std::time::Duration;

pub fn run(artifacts: &Artifacts, selected: &[Handler]) -> Result {
    let scripts = write_post_scripts(&artifacts.out)?;
    for config in Config::ALL {
        if !config.handlers().iter().any(|h| selected.contains(h)) {
            continue;
        }
        let launch = Launch {
            config,
            placement: Placement::Unpinned,
            env: &[],
        };
        let server = Server::start(&launch, artifacts)?;
        for &handler in config.handlers().iter().filter(|h| selected.contains(h)) {
            check_answer(&server, handler)?;
            let url = server.url(handler.target());
            let load = Load {
                url: &url,
                connections: 4,
                duration: Duration::from_secs(1),
                script: scripts.for_handler(handler),
                cpu: None,
            };
            let text = load.command().output()?;
            let report = bench_wrk::parse(&text).map_err(|e| server.failure(&e))?;
            if report.non_success > 0 || report.requests == 0 {
                return Err(server.failure(&format!(
                    "{} {}: {} requests, {} not 2xx/3xx",
                    handler.method(),
                    handler.target(),
                    report.requests,
                    report.non_success
                )));
            }
            eprintln!(
                "smoke {} {}: 200 with the expected body; {} requests in 1 s, all 2xx",
                config.id(),
                handler.name(),
                report.requests
            );
        }
    }
    Ok(())
}

/// One request: 200 and this handler's body.
pub fn check_answer(server: &Server, handler: Handler) -> Result {
    let answer = bench_http::exchange(
        server.addr,
        handler.method(),
        handler.target(),
        handler.content_type().as_deref(),
        &handler.request_body(),
        Duration::from_secs(10),
    )
    .map_err(|e| server.failure(&format!("{} {}: {e}", handler.method(), handler.target())))?;
    if answer.status != 200 || !handler.accepts(&answer.body) {
        return Err(server.failure(&format!(
            "{} {} answered {} with {:?}",
            handler.method(),
            handler.target(),
            answer.status,
            String::from_utf8_lossy(&answer.body[..answer.body.len().min(120)])
        )));
    }
    Ok(())
}
