//! The native half of `js/node/os.js`: what the operating system reports of the machine
//! (Linux from /proc and /etc, Windows from its API), read when asked, never at start.
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Ctx, Function};

/// `isapi:native/os`.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        for name in [
            "hostname",
            "kernel",
            "uptime",
            "loadavg",
            "memory",
            "cpus",
            "cpuModels",
            "user",
            "parallelism",
        ] {
            declare.declare(name)?;
        }
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("hostname", Function::new(ctx.clone(), hostname)?)?;
        exports.export("kernel", Function::new(ctx.clone(), kernel)?)?;
        exports.export("uptime", Function::new(ctx.clone(), uptime)?)?;
        exports.export("loadavg", Function::new(ctx.clone(), loadavg)?)?;
        exports.export("memory", Function::new(ctx.clone(), memory)?)?;
        exports.export(
            "cpus",
            Function::new(ctx.clone(), || {
                cpus()
                    .into_iter()
                    .flat_map(|(_, times)| times)
                    .collect::<Vec<f64>>()
            })?,
        )?;
        exports.export(
            "cpuModels",
            Function::new(ctx.clone(), || {
                cpus()
                    .into_iter()
                    .map(|(model, _)| model)
                    .collect::<Vec<String>>()
            })?,
        )?;
        exports.export(
            "user",
            Function::new(ctx.clone(), || {
                let (uid, gid, name, shell) = user();
                // Strings all: `[uid, gid, username, shell]` ("" for no shell).
                vec![
                    uid.to_string(),
                    gid.to_string(),
                    name,
                    shell.unwrap_or_default(),
                ]
            })?,
        )?;
        exports.export(
            "parallelism",
            Function::new(ctx.clone(), || {
                std::thread::available_parallelism().map_or(1, |n| n.get() as u32)
            })?,
        )?;
        Ok(())
    }
}

/// A /proc (or /etc) file's text, trimmed; empty when it cannot be read.
#[cfg(target_os = "linux")]
fn read(path: &str) -> String {
    std::fs::read_to_string(path)
        .map(|text| text.trim().to_owned())
        .unwrap_or_default()
}

#[cfg(target_os = "linux")]
fn hostname() -> String {
    read("/proc/sys/kernel/hostname")
}

#[cfg(not(target_os = "linux"))]
fn hostname() -> String {
    std::env::var("COMPUTERNAME").unwrap_or_else(|_| "localhost".into())
}

/// `[type, release, version, machine]` as `uname` gives them (Node's os.type, release,
/// version, machine).
#[cfg(target_os = "linux")]
fn kernel() -> Vec<String> {
    vec![
        "Linux".into(),
        read("/proc/sys/kernel/osrelease"),
        read("/proc/sys/kernel/version"),
        std::env::consts::ARCH.into(),
    ]
}

#[cfg(windows)]
fn kernel() -> Vec<String> {
    let machine = match std::env::consts::ARCH {
        "x86_64" => "x86_64",
        "aarch64" => "arm64",
        other => other,
    };
    // Windows reports its real version only to manifested programs (an embedding host
    // may not be): the family is what packages test.
    vec![
        "Windows_NT".into(),
        "10.0".into(),
        "Windows".into(),
        machine.into(),
    ]
}

#[cfg(not(any(target_os = "linux", windows)))]
fn kernel() -> Vec<String> {
    vec![
        std::env::consts::OS.into(),
        String::new(),
        String::new(),
        std::env::consts::ARCH.into(),
    ]
}

/// Seconds since the machine started.
#[cfg(target_os = "linux")]
fn uptime() -> f64 {
    read("/proc/uptime")
        .split_whitespace()
        .next()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(0.0)
}

#[cfg(windows)]
fn uptime() -> f64 {
    // SAFETY: no arguments; reads the tick count.
    let millis = unsafe { windows_sys::Win32::System::SystemInformation::GetTickCount64() };
    (millis / 1000) as f64
}

#[cfg(not(any(target_os = "linux", windows)))]
fn uptime() -> f64 {
    0.0
}

/// The 1, 5 and 15 minute load averages (zeros on Windows, as in Node).
fn loadavg() -> Vec<f64> {
    #[cfg(target_os = "linux")]
    {
        let text = read("/proc/loadavg");
        let values: Vec<f64> = text
            .split_whitespace()
            .take(3)
            .filter_map(|s| s.parse().ok())
            .collect();
        if values.len() == 3 {
            return values;
        }
    }
    vec![0.0, 0.0, 0.0]
}

/// `[total, free]` physical memory in bytes (free: what is available, as libuv reports).
#[cfg(target_os = "linux")]
fn memory() -> Vec<f64> {
    let text = read("/proc/meminfo");
    let field = |name: &str| -> f64 {
        text.lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim_start_matches(':').split_whitespace().next())
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb * 1024.0)
    };
    vec![field("MemTotal"), field("MemAvailable")]
}

#[cfg(windows)]
fn memory() -> Vec<f64> {
    use windows_sys::Win32::System::SystemInformation::{GlobalMemoryStatusEx, MEMORYSTATUSEX};
    // SAFETY: a zeroed struct with its length set, as the call requires.
    unsafe {
        let mut status = std::mem::zeroed::<MEMORYSTATUSEX>();
        status.dwLength = std::mem::size_of::<MEMORYSTATUSEX>() as u32;
        if GlobalMemoryStatusEx(&mut status) == 0 {
            return vec![0.0, 0.0];
        }
        vec![status.ullTotalPhys as f64, status.ullAvailPhys as f64]
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
fn memory() -> Vec<f64> {
    vec![0.0, 0.0]
}

/// One `[model, [speed MHz, user, nice, sys, idle, irq]]` per logical processor (times in
/// milliseconds); where the system does not say, the model is "unknown" and the rest 0.
fn cpus() -> Vec<(String, Vec<f64>)> {
    #[cfg(target_os = "linux")]
    {
        let info = read("/proc/cpuinfo");
        let mut models = Vec::new();
        let mut speeds = Vec::new();
        for line in info.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            match key.trim() {
                "model name" => models.push(value.trim().to_owned()),
                "cpu MHz" => speeds.push(value.trim().parse::<f64>().unwrap_or(0.0).floor()),
                _ => {}
            }
        }
        // /proc/stat: `cpuN user nice system idle iowait irq …` in clock ticks (100 a second).
        let stat = read("/proc/stat");
        let times: Vec<Vec<f64>> = stat
            .lines()
            .filter(|line| line.starts_with("cpu") && !line.starts_with("cpu "))
            .map(|line| {
                line.split_whitespace()
                    .skip(1)
                    .map(|n| n.parse::<f64>().unwrap_or(0.0) * 10.0)
                    .collect()
            })
            .collect();
        let n = times.len().max(1);
        return (0..n)
            .map(|i| {
                let t = times.get(i).cloned().unwrap_or_default();
                let at = |k: usize| t.get(k).copied().unwrap_or(0.0);
                (
                    models.get(i).cloned().unwrap_or_else(|| "unknown".into()),
                    vec![
                        speeds.get(i).copied().unwrap_or(0.0),
                        at(0),
                        at(1),
                        at(2),
                        at(3),
                        at(5),
                    ],
                )
            })
            .collect();
    }
    #[allow(unreachable_code)]
    (0..std::thread::available_parallelism().map_or(1, |n| n.get()))
        .map(|_| ("unknown".to_owned(), vec![0.0; 6]))
        .collect()
}

/// `[uid, gid, username, shell]` of the process's user (-1 ids and no shell on Windows).
#[cfg(target_os = "linux")]
fn user() -> (f64, f64, String, Option<String>) {
    let status = read("/proc/self/status");
    let id = |name: &str| -> f64 {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse::<f64>().ok())
            .unwrap_or(-1.0)
    };
    let (uid, gid) = (id("Uid:"), id("Gid:"));
    let passwd = read("/etc/passwd");
    let entry = passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.len() >= 7 && fields[2].parse::<f64>().ok() == Some(uid))
            .then(|| (fields[0].to_owned(), fields[6].to_owned()))
    });
    match entry {
        Some((name, shell)) => (uid, gid, name, Some(shell)),
        None => (uid, gid, std::env::var("USER").unwrap_or_default(), None),
    }
}

#[cfg(not(target_os = "linux"))]
fn user() -> (f64, f64, String, Option<String>) {
    (
        -1.0,
        -1.0,
        std::env::var("USERNAME").unwrap_or_default(),
        None,
    )
}
