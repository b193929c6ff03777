//! The real isapi-host (target/debug, as `cargo xtask build` leaves it) running on a
//! web.config at 127.0.0.1 and a free port, for the checks that drive it over sockets
//! (`fuzz --socket`, `soak`). Stopped (killed by its process id) when dropped.
use crate::bench_http;
use crate::bench_servers::free_address;
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};
use crate::workspace;
use std::fs::File;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How long the host may take to answer its first request (loading a library included).
const READY_WITHIN: Duration = Duration::from_secs(60);

pub struct LiveHost {
    child: Child,
    pub addr: SocketAddr,
    log: PathBuf,
    exited: Option<ExitStatus>,
}

impl LiveHost {
    /// Starts the host on `config` with its output in `log`, and waits until `GET ready`
    /// answers 200.
    pub fn start(config: &Path, log: &Path, ready: &str) -> Result<LiveHost> {
        let host = workspace::isapi_host();
        if !workspace::root().join(&host).exists() {
            return Err(Failure::new(format!(
                "{} is missing: run `cargo xtask build` first",
                host.display()
            )));
        }
        let addr = free_address()?;
        let output = File::create(workspace::root().join(log))
            .map_err(|e| Failure::new(format!("cannot create {}: {e}", log.display())))?;
        let errors = output
            .try_clone()
            .map_err(|e| Failure::new(format!("cannot share {}: {e}", log.display())))?;
        // Warnings and errors only: every request logged would fill the disk in a soak.
        let child = Cmd::new(&host)
            .env("RUST_LOG", "warn")
            .arg("--config")
            .arg(config)
            .arg("--listen")
            .arg(addr.to_string())
            .spawn(Stdio::from(output), Stdio::from(errors))?;
        let mut live = LiveHost {
            child,
            addr,
            log: log.to_path_buf(),
            exited: None,
        };
        live.wait_until_ready(ready)?;
        Ok(live)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The exit status, once the process has ended.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        if self.exited.is_none() {
            self.exited = self.child.try_wait().ok().flatten();
        }
        self.exited
    }

    /// `GET target` on a fresh connection: its status, or why there was none.
    pub fn status_of(&self, target: &str) -> std::result::Result<u16, String> {
        bench_http::exchange(self.addr, "GET", target, None, &[], Duration::from_secs(30))
            .map(|answer| answer.status)
            .map_err(|e| e.to_string())
    }

    fn wait_until_ready(&mut self, ready: &str) -> Result {
        let started = Instant::now();
        loop {
            if let Some(status) = self.exited() {
                return Err(self.failure(&format!("exited before answering ({status})")));
            }
            let status = self.status_of(ready);
            if status == Ok(200) {
                return Ok(());
            }
            if started.elapsed() > READY_WITHIN {
                return Err(self.failure(&format!(
                    "did not answer GET {ready} with 200 within {READY_WITHIN:?} ({status:?})"
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A failure naming the host, with the end of its log.
    pub fn failure(&self, what: &str) -> Failure {
        Failure::new(format!(
            "isapi-host on {} {what}; end of {}:\n{}",
            self.addr,
            self.log.display(),
            self.log_tail(20)
        ))
    }

    /// The last `lines` lines of the host's output.
    pub fn log_tail(&self, lines: usize) -> String {
        let log = std::fs::read(workspace::root().join(&self.log)).unwrap_or_default();
        let log = String::from_utf8_lossy(&log);
        let tail: Vec<&str> = log.lines().rev().take(lines).collect();
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    }
}

impl Drop for LiveHost {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A small seeded random generator (SplitMix64): the same seed gives the same requests.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `share` (0.0 to 1.0).
    pub fn chance(&mut self, share: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < share
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A seed from the clock, for runs that were given none.
pub fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_numbers() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let first: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let second: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(first, second);
        assert_ne!(
            first,
            (0..5).map(|_| Rng::new(8).next_u64()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn numbers_stay_in_range() {
        let mut rng = Rng::new(1);
        for _ in 0..1000 {
            assert!(rng.below(3) < 3);
        }
        assert!((0..1000).all(|_| !rng.chance(0.0)));
        assert!((0..1000).all(|_| rng.chance(1.0)));
    }
}
