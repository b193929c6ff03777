//! Starting and stopping the benchmark's servers: each configuration as its own process on
//! 127.0.0.1 and a free port, optionally pinned to a core, ready once it answers 200.
use crate::bench_build::Artifacts;
use crate::bench_configs::{Config, Handler, Placement};
use crate::bench_http;
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};
use std::fs::File;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// How long a server may take to answer its first request.
const READY_WITHIN: Duration = Duration::from_secs(20);

/// A running benchmark server; stopped (killed, by its process id) when dropped.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    pub config: Config,
    log: PathBuf,
}

/// What to start: a configuration, where it runs, and extra environment (`ISAPI_TS_*`).
pub struct Launch<'a> {
    pub config: Config,
    pub placement: Placement,
    pub env: &'a [(&'a str, String)],
}

impl Server {
    pub fn start(launch: &Launch, artifacts: &Artifacts) -> Result<Server> {
        let addr = free_address()?;
        let log = artifacts.out.join("logs").join(format!(
            "{}-{}.log",
            launch.config.id(),
            launch.placement.name()
        ));
        let command = server_command(launch, artifacts, addr)?;
        let output = File::create(&log)
            .map_err(|e| Failure::new(format!("cannot create {}: {e}", log.display())))?;
        let errors = output
            .try_clone()
            .map_err(|e| Failure::new(format!("cannot share {}: {e}", log.display())))?;
        let child = command.spawn(Stdio::from(output), Stdio::from(errors))?;
        let mut server = Server {
            child,
            addr,
            config: launch.config,
            log,
        };
        server.wait_until_ready()?;
        Ok(server)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn url(&self, target: &str) -> String {
        format!("http://{}{target}", self.addr)
    }

    /// Polls `GET /hello` until it answers 200; fails if the process exits or time runs out.
    fn wait_until_ready(&mut self) -> Result {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(self.failure(&format!("exited before answering ({status})")));
            }
            let answer = bench_http::exchange(
                self.addr,
                "GET",
                Handler::Hello.target(),
                None,
                &[],
                Duration::from_secs(5),
            );
            if matches!(answer, Ok(ref a) if a.status == 200) {
                return Ok(());
            }
            if started.elapsed() > READY_WITHIN {
                return Err(self.failure(&format!(
                    "did not answer 200 within {READY_WITHIN:?} ({answer:?})"
                )));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A failure naming the server, with the end of its log.
    pub fn failure(&self, what: &str) -> Failure {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        Failure::new(format!(
            "{} ({}) on {} {what}; end of {}:\n{}",
            self.config.id(),
            self.config.describe(),
            self.addr,
            self.log.display(),
            tail.join("\n")
        ))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nothing listens on now (never 8080, which people use for `cargo xtask serve`).
pub fn free_address() -> Result<SocketAddr> {
    loop {
        let listener = TcpListener::bind("127.0.0.1:0")
            .map_err(|e| Failure::new(format!("cannot find a free port: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Failure::new(format!("cannot find a free port: {e}")))?;
        if addr.port() != 8080 {
            return Ok(addr);
        }
    }
}

/// The command line of a configuration's server process.
pub fn server_command(launch: &Launch, artifacts: &Artifacts, addr: SocketAddr) -> Result<Cmd> {
    let cpu = launch.placement.server_cpu();
    let mut cmd = match launch.config {
        Config::S0 => {
            let prefix = write_nginx_site(&artifacts.out, addr)?;
            let nginx = crate::apt::locate("nginx").unwrap_or_else(|| "nginx".into());
            on_cpu(cpu, nginx)
                .arg("-p")
                .arg(&prefix)
                .arg("-c")
                .arg(prefix.join("nginx.conf"))
        }
        Config::S1 | Config::S2 => {
            let config = if launch.config == Config::S1 {
                &artifacts.native_config
            } else {
                &artifacts.ts_config
            };
            // Per-request log lines would be the biggest cost; nginx runs without its
            // access log too.
            on_cpu(cpu, &artifacts.host)
                .env("RUST_LOG", "warn")
                .env("ISAPI_TS_LOG", "warn")
                .arg("--config")
                .arg(config)
                .arg("--listen")
                .arg(addr.to_string())
        }
        Config::S3 => on_cpu(cpu, "node")
            .arg(&artifacts.node_server)
            .arg(&artifacts.bundle)
            .arg(addr.port().to_string()),
    };
    for (name, value) in launch.env {
        cmd = cmd.env(name, value);
    }
    Ok(cmd)
}

/// `program`, behind `taskset -c CPU` when pinned (taskset execs it: same process id).
pub fn on_cpu(cpu: Option<u32>, program: impl AsRef<std::ffi::OsStr>) -> Cmd {
    match cpu {
        Some(cpu) => Cmd::new("taskset")
            .arg("-c")
            .arg(cpu.to_string())
            .arg(program),
        None => Cmd::new(program),
    }
}

/// nginx's prefix folder for S0: the config, the 13-byte file, temp and log paths.
fn write_nginx_site(out: &Path, addr: SocketAddr) -> Result<PathBuf> {
    let prefix = out.join("nginx");
    let www = prefix.join("www");
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text)
            .map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))
    };
    std::fs::create_dir_all(prefix.join("temp"))
        .and_then(|()| std::fs::create_dir_all(&www))
        .map_err(|e| Failure::new(format!("cannot create {}: {e}", prefix.display())))?;
    write(&www.join("hello"), "Hello, world!")?;
    write(&prefix.join("nginx.conf"), &nginx_conf(&prefix, addr))?;
    Ok(prefix)
}

/// One process (no master), one worker's worth of connections, no access log, keep-alive
/// without a request limit (as our host and Node).
fn nginx_conf(prefix: &Path, addr: SocketAddr) -> String {
    let p = prefix.display();
    format!(
        "daemon off;\n\
         master_process off;\n\
         worker_processes 1;\n\
         pid {p}/nginx.pid;\n\
         error_log {p}/error.log warn;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n\
         \x20 access_log off;\n\
         \x20 default_type text/plain;\n\
         \x20 keepalive_requests 100000000;\n\
         \x20 keepalive_timeout 60s;\n\
         \x20 client_body_temp_path {p}/temp/body;\n\
         \x20 proxy_temp_path {p}/temp/proxy;\n\
         \x20 fastcgi_temp_path {p}/temp/fastcgi;\n\
         \x20 uwsgi_temp_path {p}/temp/uwsgi;\n\
         \x20 scgi_temp_path {p}/temp/scgi;\n\
         \x20 server {{\n\
         \x20   listen {addr};\n\
         \x20   root {p}/www;\n\
         \x20   location / {{ }}\n\
         \x20 }}\n\
         }}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nginx_runs_one_process_without_access_log() {
        let conf = nginx_conf(Path::new("/b/nginx"), "127.0.0.1:4000".parse().unwrap());
        assert!(conf.contains("master_process off;"));
        assert!(conf.contains("worker_processes 1;"));
        assert!(conf.contains("access_log off;"));
        assert!(conf.contains("listen 127.0.0.1:4000;"));
        assert!(conf.contains("root /b/nginx/www;"));
    }

    #[test]
    fn free_ports_are_never_8080() {
        let addr = free_address().unwrap();
        assert_ne!(addr.port(), 8080);
        assert!(addr.ip().is_loopback());
    }
}
