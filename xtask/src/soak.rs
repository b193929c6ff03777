//! `cargo xtask soak`: many requests through the real host and library, with faults mixed
//! in, watching the host's memory.
//!
//! Builds a site under target/checks/soak/site: the hello sample (GET greets, POST /echo
//! echoes) and test/fixtures/soak_faults.ts (a handler that throws, loops past its time
//! limit or allocates past its memory limit), each built with `isapi build` next to a
//! settings file with short limits. Runs target/debug/isapi-host on it and sends N
//! requests over CONNECTIONS keep-alive connections; at the fault rate a request is
//! replaced by a fault: one of the three handlers, or a reload (the hello or faults
//! bundle rewritten in place, as a deploy does). Every hello and echo answer is checked
//! (200, the greeting or the exact bytes); fault answers may be errors but must come.
//! The host's RSS is sampled from /proc; growth above 5% over the second half fails.
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};
use crate::fuzz_socket::split_responses;
use crate::live_host::{clock_seed, LiveHost, Rng};
use crate::workspace;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const DEFAULT_REQUESTS: u64 = 1_000_000;
pub const DEFAULT_FAULT_RATE: f64 = 0.01;
const CONNECTIONS: usize = 4;
/// Any answer, fault or not, comes within this (the loop fault's limit is 1 s).
const ANSWER_WITHIN: Duration = Duration::from_secs(30);
/// RSS growth allowed after warm-up.
const GROWTH_ALLOWED: f64 = 0.05;
/// Errors described in full (all are counted).
const ERRORS_SHOWN: usize = 20;

pub struct Options {
    pub requests: u64,
    pub fault_rate: f64,
    /// The faults drawn from (all by default).
    pub faults: Vec<Kind>,
    pub seed: u64,
}

const FAULTS: &[(&str, Kind)] = &[
    ("throw", Kind::Throw),
    ("loop", Kind::Loop),
    ("alloc", Kind::Alloc),
    ("reload", Kind::Reload),
];

pub fn parse_options(options: &[String]) -> std::result::Result<Options, String> {
    let mut parsed = Options {
        requests: DEFAULT_REQUESTS,
        fault_rate: DEFAULT_FAULT_RATE,
        faults: FAULTS.iter().map(|(_, kind)| *kind).collect(),
        seed: clock_seed() % 1_000_000,
    };
    for (name, value) in crate::options::pairs(
        "soak",
        &["--requests", "--faults", "--fault-kinds", "--seed"],
        options,
    )? {
        let bad = || format!("`{name}` does not take `{value}`");
        match name.as_str() {
            "--requests" => {
                parsed.requests = value.parse().ok().filter(|&n| n > 0).ok_or_else(bad)?;
            }
            "--faults" => {
                parsed.fault_rate = value
                    .parse()
                    .ok()
                    .filter(|r: &f64| (0.0..=1.0).contains(r))
                    .ok_or_else(|| format!("{} (a rate from 0 to 1, e.g. 0.01)", bad()))?;
            }
            "--fault-kinds" => {
                parsed.faults = value
                    .split(',')
                    .map(|name| {
                        FAULTS
                            .iter()
                            .find(|(known, _)| *known == name.trim())
                            .map(|(_, kind)| *kind)
                            .ok_or_else(|| format!("{} (kinds: throw, loop, alloc, reload)", bad()))
                    })
                    .collect::<std::result::Result<_, _>>()?;
            }
            "--seed" => parsed.seed = value.parse().map_err(|_| bad())?,
            _ => unreachable!("options::pairs passes known options only"),
        }
    }
    Ok(parsed)
}

fn out_dir() -> PathBuf {
    workspace::target_dir().join("checks").join("soak")
}

/// What a request of the soak is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Hello,
    Echo,
    Throw,
    Loop,
    Alloc,
    Reload,
}

impl Kind {
    fn is_fault(self) -> bool {
        !matches!(self, Kind::Hello | Kind::Echo)
    }
}

fn kind_of(seed: u64, index: u64, fault_rate: f64, faults: &[Kind]) -> (Kind, Rng) {
    let mut rng = Rng::new(seed.wrapping_mul(0x9e37_79b9) ^ index);
    let kind = if !faults.is_empty() && rng.chance(fault_rate) {
        *rng.pick(faults)
    } else if rng.chance(0.5) {
        Kind::Hello
    } else {
        Kind::Echo
    };
    (kind, rng)
}

pub fn run(options: &Options) -> Result {
    let out = out_dir();
    let root = workspace::root();
    let site = build_site(&out)?;
    let mut host = LiveHost::start(&site.join("web.config"), &out.join("host.log"), "/hello/x")?;
    eprintln!(
        "soak: {} requests, fault rate {}, seed {}, {CONNECTIONS} keep-alive connections, host pid {} on {}",
        options.requests,
        options.fault_rate,
        options.seed,
        host.pid(),
        host.addr
    );
    let state = State::default();
    let next = AtomicU64::new(0);
    let finished = AtomicBool::new(false);
    // Warm-up is the first half: what memory the allocators keep for reuse (glibc's
    // thread arenas, one per engine thread that ever ran, up to 8 x cores; the engines'
    // high-water marks) is reached only after some faults and reloads, which come at
    // the fault rate (~100 of each in CI's 20k requests). With reloads and out-of-memory
    // faults (seed 3) the lowest RSS per tenth went 32.0 32.3 32.7 32.8 33.1 33.1 33.0
    // 33.2 33.4 MB over 120k requests (600 of each): +4.4% from the tenth after the old
    // warm-up (10%), levelling off, +1.0% over the second half; 60k gave +6.3% and +4.3%.
    // A leak grows in the second half as it did in the first, so this still fails an
    // unbounded one: with each engine that ran out of memory leaked (~150 KB once its
    // garbage is gone), CI's run failed at +12.7% (39.3 -> 44.3 MB; +0.9% without).
    let warmup = options.requests / 2;
    let started = Instant::now();
    let addr = host.addr;
    let pid = host.pid();
    let samples: Mutex<Vec<(u64, u64)>> = Mutex::new(Vec::new());
    // Engines are threads: a count that keeps rising is engines that are never retired.
    let thread_counts: Mutex<Vec<u64>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..CONNECTIONS)
            .map(|_| scope.spawn(|| client(addr, options, &site, &next, &state)))
            .collect();
        // The RSS sampler, and progress every 15 s.
        scope.spawn(|| {
            let mut shown = Instant::now();
            while !finished.load(Ordering::Relaxed) {
                let done = state.done.load(Ordering::Relaxed);
                if let Ok(rss) = crate::bench_proc::rss_kib(pid) {
                    samples.lock().unwrap().push((done, rss));
                }
                if let Some(count) = threads(pid) {
                    thread_counts.lock().unwrap().push(count);
                }
                if shown.elapsed() > Duration::from_secs(15) {
                    shown = Instant::now();
                    eprintln!(
                        "  … {done} requests, {:.0} s",
                        started.elapsed().as_secs_f64()
                    );
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        for worker in workers {
            let _ = worker.join();
        }
        finished.store(true, Ordering::Relaxed);
    });
    let elapsed = started.elapsed();
    let crashed = host.exited();
    let rss_end = host.rss_kib_now();
    let samples = samples.into_inner().unwrap();
    let rss = Rss::from_samples(&samples, warmup, options.requests, rss_end);
    let thread_counts = thread_counts.into_inner().unwrap();
    let mut report = state.report(options, elapsed, crashed.map(|s| s.to_string()), &rss);
    report.push_str(&format!(
        "host threads: first {}, highest {}, last {}\n",
        thread_counts.first().copied().unwrap_or(0),
        thread_counts.iter().max().copied().unwrap_or(0),
        thread_counts.last().copied().unwrap_or(0)
    ));
    eprintln!("{report}");
    let _ = std::fs::write(root.join(&out).join("summary.txt"), &report);

    let counts = state.counts.lock().unwrap();
    let mut problems = Vec::new();
    if let Some(status) = crashed {
        problems.push(format!("the host exited ({status})"));
    }
    if counts.errors > 0 {
        problems.push(format!("{} hello/echo request(s) failed", counts.errors));
    }
    if counts.hangs > 0 {
        problems.push(format!(
            "{} request(s) got no answer within {ANSWER_WITHIN:?}",
            counts.hangs
        ));
    }
    if let Some(growth) = rss.growth() {
        if growth > GROWTH_ALLOWED {
            problems.push(format!(
                "RSS grew {:.1}% after warm-up (over {:.0}%)",
                growth * 100.0,
                GROWTH_ALLOWED * 100.0
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(host.failure(&format!("failed the soak: {}", problems.join("; "))))
    }
}

/// Builds the site: hello and the faults, each with `isapi build`, plus their settings
/// and a web.config. Returns its folder (relative to the root).
fn build_site(out: &Path) -> Result<PathBuf> {
    let root = workspace::root();
    let site = out.join("site");
    let dist = site.join("dist");
    let _ = std::fs::remove_dir_all(root.join(&site));
    std::fs::create_dir_all(root.join(&dist))
        .map_err(|e| Failure::new(format!("cannot create {}: {e}", dist.display())))?;
    for (source, name) in [
        ("samples/hello.ts", "hello"),
        ("test/fixtures/soak_faults.ts", "faults"),
    ] {
        Cmd::new("node")
            .arg(workspace::isapi_cli())
            .args(["build", source, "--name", name, "--no-check", "--dll"])
            .arg(workspace::isapi_dll())
            .arg("--outdir")
            .arg(&dist)
            .run()?;
    }
    let write = |path: PathBuf, text: &str| {
        std::fs::write(root.join(&path), text)
            .map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))
    };
    // Short limits so that a fault costs little; reloads are noticed quickly.
    write(
        dist.join("faults.settings.json"),
        r#"{ "workers": 2, "timeoutMs": 1000, "memoryMb": 16, "watchMs": 100 }"#,
    )?;
    write(dist.join("hello.settings.json"), r#"{ "watchMs": 100 }"#)?;
    let library = |name: &str| format!("dist/_{name}{}", std::env::consts::DLL_SUFFIX);
    write(
        site.join("web.config"),
        &format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<!-- Written by `cargo xtask soak`. -->
<configuration>
  <system.webServer>
    <handlers>
      <add name="hello" path="/hello/*" verb="*" modules="IsapiModule" scriptProcessor="{}" />
      <add name="faults" path="/faults/*" verb="*" modules="IsapiModule" scriptProcessor="{}" />
    </handlers>
  </system.webServer>
</configuration>
"#,
            library("hello"),
            library("faults")
        ),
    )?;
    Ok(site)
}

/// The `Threads:` count of `/proc/PID/status`.
fn threads(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|count| count.trim().parse().ok())
}

impl LiveHost {
    /// Resident memory now, in KiB (0 if the process is gone).
    fn rss_kib_now(&self) -> u64 {
        crate::bench_proc::rss_kib(self.pid()).unwrap_or(0)
    }
}

#[derive(Default)]
struct Counts {
    by_kind: BTreeMap<Kind, u64>,
    /// Statuses of the fault requests.
    fault_statuses: BTreeMap<(Kind, u16), u64>,
    errors: u64,
    hangs: u64,
    reconnects: u64,
    shown: Vec<String>,
}

#[derive(Default)]
struct State {
    done: AtomicU64,
    counts: Mutex<Counts>,
    /// Serialises bundle rewrites (a reload is one deploy at a time).
    reload: Mutex<u64>,
}

impl State {
    fn error(&self, text: String) {
        let mut counts = self.counts.lock().unwrap();
        counts.errors += 1;
        if counts.shown.len() < ERRORS_SHOWN {
            eprintln!("  error: {text}");
            counts.shown.push(text);
        }
    }

    fn report(
        &self,
        options: &Options,
        elapsed: Duration,
        crashed: Option<String>,
        rss: &Rss,
    ) -> String {
        let counts = self.counts.lock().unwrap();
        let total: u64 = counts.by_kind.values().sum();
        let kinds: Vec<String> = counts
            .by_kind
            .iter()
            .map(|(k, n)| format!("{k:?} {n}"))
            .collect();
        let faults: Vec<String> = counts
            .fault_statuses
            .iter()
            .map(|((k, s), n)| format!("{k:?}->{s} x{n}"))
            .collect();
        let mb = |kib: u64| kib as f64 / 1024.0;
        format!(
            "soak summary (seed {}): {total} requests in {:.0} s ({:.0}/s): {}\n\
             errors {} (hello/echo not answered correctly), hangs {}, crashes {}, reconnects {}\n\
             fault answers: {}\n\
             RSS: start {:.1} MB, after warm-up {:.1} MB, peak {:.1} MB, end {:.1} MB, growth {} (lowest readings of the tenth after warm-up and of the last tenth)\n\
             lowest RSS of each tenth of the run (MB): {}\n",
            options.seed,
            elapsed.as_secs_f64(),
            total as f64 / elapsed.as_secs_f64().max(0.001),
            kinds.join(", "),
            counts.errors,
            counts.hangs,
            usize::from(crashed.is_some()),
            counts.reconnects,
            if faults.is_empty() { "none".to_string() } else { faults.join(", ") },
            mb(rss.start),
            mb(rss.baseline),
            mb(rss.peak),
            mb(rss.end),
            rss.growth().map_or("n/a".to_string(), |g| format!("{:+.1}%", g * 100.0)),
            rss.tenths.iter().map(|&k| format!("{:.1}", mb(k))).collect::<Vec<_>>().join(" "),
        )
    }
}

/// One connection's client: takes request numbers until there are none left.
fn client(addr: SocketAddr, options: &Options, site: &Path, next: &AtomicU64, state: &State) {
    let mut connection: Option<TcpStream> = None;
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        if index >= options.requests {
            return;
        }
        let (kind, mut rng) = kind_of(options.seed, index, options.fault_rate, &options.faults);
        *state
            .counts
            .lock()
            .unwrap()
            .by_kind
            .entry(kind)
            .or_default() += 1;
        if kind == Kind::Reload {
            if let Err(e) = reload(site, &mut rng, state) {
                state.error(format!("reload: {e}"));
            }
            state.done.fetch_add(1, Ordering::Relaxed);
            continue;
        }
        let (request, expect) = request_for(kind, index, &mut rng, addr);
        let outcome = exchange(&mut connection, addr, &request, state);
        state.done.fetch_add(1, Ordering::Relaxed);
        match outcome {
            Err(Exchange::Hang(text)) => {
                state.counts.lock().unwrap().hangs += 1;
                state.error(format!("#{index} {kind:?}: {text}"));
            }
            Err(Exchange::Failed(text)) => {
                if !kind.is_fault() {
                    state.error(format!("#{index} {kind:?}: {text}"));
                }
            }
            Ok((status, body)) => {
                if kind.is_fault() {
                    *state
                        .counts
                        .lock()
                        .unwrap()
                        .fault_statuses
                        .entry((kind, status))
                        .or_default() += 1;
                } else if status != 200 || !expect.matches(&body) {
                    let shown = String::from_utf8_lossy(&body[..body.len().min(120)]).into_owned();
                    state.error(format!("#{index} {kind:?}: {status} {shown:?}"));
                }
            }
        }
    }
}

enum Expect {
    Contains(Vec<u8>),
    Exactly(Vec<u8>),
    Anything,
}

impl Expect {
    fn matches(&self, body: &[u8]) -> bool {
        match self {
            Expect::Contains(part) => body.windows(part.len()).any(|w| w == part.as_slice()),
            Expect::Exactly(bytes) => body == bytes.as_slice(),
            Expect::Anything => true,
        }
    }
}

fn request_for(kind: Kind, index: u64, rng: &mut Rng, addr: SocketAddr) -> (Vec<u8>, Expect) {
    let get = |target: &str| format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n").into_bytes();
    match kind {
        Kind::Hello => (
            get(&format!("/hello/x?name=soak{index}")),
            Expect::Contains(format!("Hello, soak{index}!").into_bytes()),
        ),
        Kind::Echo => {
            let size = *rng.pick(&[0usize, 1, 10, 1000, 4096, 20_000]);
            let body: Vec<u8> = (0..size).map(|_| rng.next_u64() as u8).collect();
            let mut request = format!(
                "POST /hello/echo HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/octet-stream\r\nContent-Length: {size}\r\n\r\n"
            )
            .into_bytes();
            request.extend_from_slice(&body);
            (request, Expect::Exactly(body))
        }
        Kind::Throw => (get("/faults/throw"), Expect::Anything),
        Kind::Loop => (get("/faults/loop"), Expect::Anything),
        Kind::Alloc => (get("/faults/alloc"), Expect::Anything),
        Kind::Reload => unreachable!("a reload sends no request"),
    }
}

/// Rewrites one bundle in place (a deploy): the library sees it change and loads it anew
/// while requests go on.
fn reload(site: &Path, rng: &mut Rng, state: &State) -> std::result::Result<(), String> {
    let mut count = state.reload.lock().unwrap();
    *count += 1;
    let name = if rng.chance(0.5) { "hello" } else { "faults" };
    let path = workspace::root()
        .join(site)
        .join("dist")
        .join(format!("{name}.js"));
    let mut text =
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    if let Some(at) = text.find("\n// soak reload ") {
        text.truncate(at);
    }
    text.push_str(&format!("\n// soak reload {count}\n"));
    // Written beside it and renamed over it: the watcher never sees half a file.
    let temporary = path.with_extension("js.new");
    std::fs::write(&temporary, text)
        .and_then(|()| std::fs::rename(&temporary, &path))
        .map_err(|e| format!("{}: {e}", path.display()))
}

enum Exchange {
    Hang(String),
    Failed(String),
}

/// Sends one request on the kept connection (opening one if needed) and reads its answer.
fn exchange(
    connection: &mut Option<TcpStream>,
    addr: SocketAddr,
    request: &[u8],
    state: &State,
) -> std::result::Result<(u16, Vec<u8>), Exchange> {
    // A kept connection the host closed in the meantime fails at once: then once more
    // on a fresh one.
    for attempt in 0..2 {
        let fresh = connection.is_none();
        if fresh {
            let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10))
                .map_err(|e| Exchange::Failed(format!("connect: {e}")))?;
            let _ = stream.set_nodelay(true);
            let _ = stream.set_read_timeout(Some(ANSWER_WITHIN));
            let _ = stream.set_write_timeout(Some(ANSWER_WITHIN));
            *connection = Some(stream);
            if attempt > 0 {
                state.counts.lock().unwrap().reconnects += 1;
            }
        }
        let stream = connection.as_mut().expect("connected above");
        match send_and_read(stream, request) {
            Ok((status, body, close)) => {
                if close {
                    *connection = None;
                }
                return Ok((status, body));
            }
            Err(ReadError::Nothing) if !fresh => *connection = None,
            Err(ReadError::Nothing) => {
                *connection = None;
                return Err(Exchange::Failed("closed without an answer".into()));
            }
            Err(ReadError::Partial(text)) => {
                *connection = None;
                return Err(Exchange::Failed(text));
            }
            Err(ReadError::TimedOut(text)) => {
                *connection = None;
                return Err(Exchange::Hang(text));
            }
        }
    }
    Err(Exchange::Failed("closed without an answer twice".into()))
}

enum ReadError {
    /// Closed (or reset) before a byte came: a kept connection the host had closed.
    Nothing,
    Partial(String),
    TimedOut(String),
}

fn send_and_read(
    stream: &mut TcpStream,
    request: &[u8],
) -> std::result::Result<(u16, Vec<u8>, bool), ReadError> {
    if stream.write_all(request).is_err() {
        return Err(ReadError::Nothing);
    }
    let deadline = Instant::now() + ANSWER_WITHIN;
    let mut received = Vec::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let responses = split_responses(&received);
        if responses.complete >= 1 {
            let (status, body) = responses.list.into_iter().next().expect("one complete");
            let head_end = received
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .unwrap_or(0);
            let head = String::from_utf8_lossy(&received[..head_end]).to_ascii_lowercase();
            return Ok((status, body, head.contains("connection: close")));
        }
        if Instant::now() > deadline {
            return Err(ReadError::TimedOut(format!(
                "no complete answer within {ANSWER_WITHIN:?} ({} bytes)",
                received.len()
            )));
        }
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) if received.is_empty() => {
                if Instant::now() >= deadline {
                    return Err(ReadError::TimedOut("no answer".into()));
                }
                return Err(ReadError::Nothing);
            }
            Ok(0) => {
                return Err(ReadError::Partial(format!(
                    "closed after {} bytes of an answer",
                    received.len()
                )))
            }
            Ok(n) => received.extend_from_slice(&buffer[..n]),
            Err(e) => {
                return Err(ReadError::Partial(format!(
                    "{e} after {} bytes of an answer",
                    received.len()
                )))
            }
        }
    }
}

/// The host's resident memory over the run.
struct Rss {
    /// The lowest reading of each tenth of the run, in order (MB in the summary).
    tenths: Vec<u64>,
    start: u64,
    baseline: u64,
    peak: u64,
    end: u64,
}

impl Rss {
    /// From (requests done, KiB) samples of a run of `total` requests: the first sample,
    /// the lowest over the tenth after warm-up (`baseline`), the highest, and the lowest
    /// over the last tenth (`end`; `last` if there are no samples there). The lowest: a
    /// fault's passing allocation raises some readings, a leak raises them all.
    fn from_samples(samples: &[(u64, u64)], warmup: u64, total: u64, last: u64) -> Rss {
        let tenth = (total / 10).max(1);
        let median = |from: u64, to: u64| {
            let window: Vec<u64> = samples
                .iter()
                .filter(|s| (from..to).contains(&s.0))
                .map(|s| s.1)
                .collect();
            window.into_iter().min()
        };
        let start = samples.first().map_or(0, |s| s.1);
        let baseline = median(warmup, warmup + tenth).unwrap_or(0);
        let end = median(total.saturating_sub(tenth), u64::MAX).unwrap_or(last);
        let peak = samples.iter().map(|s| s.1).max().unwrap_or(0).max(last);
        let tenths = (0..10)
            .filter_map(|i| median(i * tenth, (i + 1) * tenth))
            .collect();
        Rss {
            tenths,
            start,
            baseline,
            peak,
            end,
        }
    }

    /// End over baseline, minus one; `None` without both readings.
    fn growth(&self) -> Option<f64> {
        (self.baseline > 0 && self.end > 0).then(|| self.end as f64 / self.baseline as f64 - 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_is_measured_between_the_floors_after_warm_up_and_at_the_end() {
        let samples = [
            (0, 100),
            (500, 150),
            (1000, 200),
            (1100, 900), // a fault's passing allocation
            (1200, 200),
            (9000, 210),
            (9500, 990),
            (9900, 215),
        ];
        let rss = Rss::from_samples(&samples, 1000, 10_000, 205);
        assert_eq!(
            (rss.start, rss.baseline, rss.peak, rss.end),
            (100, 200, 990, 210)
        );
        assert!((rss.growth().unwrap() - 0.05).abs() < 1e-9);
        assert_eq!(Rss::from_samples(&[], 10, 100, 0).growth(), None);
    }

    #[test]
    fn faults_come_at_about_the_rate_asked() {
        let faults = (0..10_000)
            .filter(|&i| kind_of(3, i, 0.1, &[Kind::Throw]).0.is_fault())
            .count();
        assert!((700..1300).contains(&faults), "{faults}");
        assert_eq!(
            (0..1000)
                .filter(|&i| kind_of(3, i, 0.0, &[Kind::Throw]).0.is_fault())
                .count(),
            0
        );
    }

    #[test]
    fn options_are_read_and_checked() {
        let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let options = parse_options(&args(&[
            "--requests",
            "20000",
            "--faults=0.05",
            "--seed",
            "4",
        ]))
        .unwrap();
        assert_eq!(
            (options.requests, options.fault_rate, options.seed),
            (20_000, 0.05, 4)
        );
        assert!(parse_options(&args(&["--faults", "2"])).is_err());
        assert!(parse_options(&args(&["--requests", "0"])).is_err());
        assert!(parse_options(&args(&["--nope", "1"])).is_err());
    }

    #[test]
    fn echo_answers_must_match_exactly() {
        assert!(Expect::Exactly(b"ab".to_vec()).matches(b"ab"));
        assert!(!Expect::Exactly(b"ab".to_vec()).matches(b"abc"));
        assert!(Expect::Contains(b"Hello, x!".to_vec()).matches(b"..Hello, x!.."));
    }
}
