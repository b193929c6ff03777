//! `isapi-host --config web.config --listen 127.0.0.1:8080`
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use isapi_host::{AccessLog, ConnectionLimits, Host, HostOptions, ThreadPolicy};

// Each request allocates its ECB, strings and channels; mimalloc's thread-local free lists
// make that a fraction of glibc's cost. Libraries the host loads keep their own allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Serve ISAPI extensions as IIS does, configured by an IIS web.config.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The web.config mapping URLs to ISAPI libraries (handlers with modules="IsapiModule").
    #[arg(long)]
    config: PathBuf,
    /// Address to listen on; port 0 picks a free port (the chosen one is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Seconds before loading a failed library is tried again.
    #[arg(long, default_value_t = 30)]
    load_retry_secs: u64,
    /// Write the request log, in IIS's W3C extended format, to this file (appended).
    #[arg(long, value_name = "FILE")]
    w3c_log: Option<PathBuf>,
    /// Log format on stderr: `text`, or `json` (one object per line). Also
    /// `ISAPI_TS_LOG_FORMAT`; the filter is `RUST_LOG`.
    #[arg(long, env = "ISAPI_TS_LOG_FORMAT", default_value = "text")]
    log_format: LogFormat,
    /// How the host's threads, and those its extensions start, are scheduled (Linux):
    /// `batch` lets an extension's own threads (an engine pool) finish their queued
    /// requests before a woken I/O thread takes their core, so a busy core switches
    /// threads far less; `normal` is the kernel's default. Also `ISAPI_TS_HOST_THREADS`.
    #[arg(long, env = "ISAPI_TS_HOST_THREADS", default_value = "batch")]
    threads: ThreadPolicy,
    /// IIS's `connectionTimeout`: an idle keep-alive connection is closed after this, and
    /// a request body gets this long before `--min-bytes-per-second` applies. Seconds
    /// (`120`, `0.5`) or a timespan (`00:02:00`). The web.config's value wins.
    #[arg(long, value_name = "TIME", value_parser = duration)]
    connection_timeout: Option<Duration>,
    /// IIS's `headerWaitTimeout`: a request head must arrive whole within this of its
    /// first byte (default 120 s, http.sys's).
    #[arg(long, value_name = "TIME", value_parser = duration)]
    header_wait_timeout: Option<Duration>,
    /// IIS's `minBytesPerSecond` (default 240): a slower request body is aborted. 0: none.
    #[arg(long, value_name = "N")]
    min_bytes_per_second: Option<u64>,
    /// IIS's `maxConnections` (default: no limit): connections past it get a 503 and are
    /// closed.
    #[arg(long, value_name = "N")]
    max_connections: Option<u64>,
    /// http.sys's `MaxRequestBytes` (default 16384): a larger request line and headers are
    /// answered 431.
    #[arg(long, value_name = "BYTES")]
    max_request_bytes: Option<usize>,
    /// Shut down cleanly (requests finish, then every library's TerminateExtension) when
    /// standard input reaches its end, as on Ctrl-C: the way a parent process can stop the
    /// host on Windows too, where a child's kill is TerminateProcess and no library hears.
    #[arg(long)]
    exit_on_stdin_close: bool,
}

/// Seconds (`120`, `0.5`) or an IIS timespan (`00:02:00`).
fn duration(text: &str) -> Result<Duration, String> {
    if text.contains(':') {
        return isapi_host::limits::timespan("the time", text);
    }
    text.trim()
        .parse::<f64>()
        .ok()
        .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
        .ok_or_else(|| format!("{text:?} is not a number of seconds or a timespan like 00:02:00"))
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let logger = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match args.log_format {
        LogFormat::Text => logger
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init(),
        LogFormat::Json => logger.json().init(),
    }
    let policy = args.threads;
    // Set before any thread starts (loading filters may start some): every later thread,
    // the runtime's and those extensions start, inherits it.
    if let Err(error) = policy.apply_to_current_thread() {
        tracing::warn!("cannot set the {policy:?} scheduling policy: {error}");
    }
    let access_log = match args.w3c_log.as_deref().map(AccessLog::open).transpose() {
        Ok(log) => log.map(std::sync::Arc::new),
        Err(error) => {
            eprintln!("isapi-host: cannot open the W3C log: {error}");
            return std::process::ExitCode::from(2);
        }
    };
    let defaults = ConnectionLimits::default();
    let connection_limits = ConnectionLimits {
        connection_timeout: args
            .connection_timeout
            .unwrap_or(defaults.connection_timeout),
        header_wait_timeout: args
            .header_wait_timeout
            .unwrap_or(defaults.header_wait_timeout),
        min_bytes_per_second: args
            .min_bytes_per_second
            .unwrap_or(defaults.min_bytes_per_second),
        max_connections: args.max_connections.unwrap_or(defaults.max_connections),
        max_request_bytes: args.max_request_bytes.unwrap_or(defaults.max_request_bytes),
    };
    let options = HostOptions {
        load_retry: Duration::from_secs(args.load_retry_secs),
        access_log,
        connection_limits,
        ..HostOptions::default()
    };
    let host = match Host::from_config_file(&args.config, options) {
        Ok(host) => host,
        Err(error) => {
            eprintln!("isapi-host: {error}");
            return std::process::ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("isapi-host: cannot start the runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let running = match host.bind(args.listen).await {
            Ok(running) => running,
            Err(error) => {
                eprintln!("isapi-host: cannot listen on {}: {error}", args.listen);
                return std::process::ExitCode::FAILURE;
            }
        };
        println!("listening on http://{}", running.local_addr());
        let _ = std::io::stdout().flush();
        shutdown_requested(args.exit_on_stdin_close).await;
        tracing::info!("shutting down");
        running.shutdown(Duration::from_secs(10)).await;
        std::process::ExitCode::SUCCESS
    })
}

/// Waits for a request to shut down: a console or termination signal, or (when asked)
/// the end of standard input.
async fn shutdown_requested(on_stdin_close: bool) {
    let stdin_closed = async {
        if !on_stdin_close {
            return std::future::pending().await;
        }
        let (closed, is_closed) = tokio::sync::oneshot::channel();
        // A blocking read on a thread of its own, which the runtime never waits for.
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
            let _ = closed.send(());
        });
        let _ = is_closed.await;
        tracing::info!("standard input closed");
    };
    tokio::select! {
        () = stdin_closed => {}
        () = signalled() => {}
    }
}

/// SIGINT or SIGTERM.
#[cfg(unix)]
async fn signalled() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut terminate) => tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        },
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// The console's events: Ctrl-C, Ctrl-Break (what `GenerateConsoleCtrlEvent` sends a
/// process group), the console window closing, logoff and system shutdown (for the last
/// three Windows waits a few seconds, then ends the process whatever it is doing).
#[cfg(windows)]
async fn signalled() {
    use tokio::signal::windows;
    let (Ok(mut brk), Ok(mut close), Ok(mut logoff), Ok(mut shutdown)) = (
        windows::ctrl_break(),
        windows::ctrl_close(),
        windows::ctrl_logoff(),
        windows::ctrl_shutdown(),
    ) else {
        let _ = tokio::signal::ctrl_c().await;
        return;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = brk.recv() => {}
        _ = close.recv() => {}
        _ = logoff.recv() => {}
        _ = shutdown.recv() => {}
    }
}

#[cfg(not(any(unix, windows)))]
async fn signalled() {
    let _ = tokio::signal::ctrl_c().await;
}
