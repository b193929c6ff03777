//! A one-line description of the machine and tool versions, recorded with every result.
use std::process::Command;

pub fn describe() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    let memory_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / (1024.0 * 1024.0));
    let tools = [
        ("rustc", "-V"),
        ("node", "-v"),
        ("nginx", "-v"),
        ("wrk", "-v"),
        ("valgrind", "--version"),
        ("hyperfine", "--version"),
    ]
    .iter()
    .filter_map(|(tool, flag)| version(tool, flag))
    .collect::<Vec<_>>()
    .join(", ");
    format!("{cpu}, {cores} cores, {memory_gib:.0} GiB, Linux {kernel}; {tools}")
}

/// The first line a tool prints about its version (some print it on stderr).
fn version(tool: &str, flag: &str) -> Option<String> {
    let output = Command::new(tool).arg(flag).output().ok()?;
    let text = if output.stdout.is_empty() {
        output.stderr
    } else {
        output.stdout
    };
    let line = String::from_utf8_lossy(&text)
        .lines()
        .next()?
        .trim()
        .to_string();
    Some(short_version(tool, &line))
}

/// `nginx version: nginx/1.22.1` → `nginx 1.22.1`; `wrk debian/4.1.0-3+b2 [epoll] …` →
/// `wrk 4.1.0-3+b2`; others keep their first two words.
fn short_version(tool: &str, line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    let number = words
        .iter()
        .map(|w| w.rsplit('/').next().unwrap_or(w))
        .map(|w| w.trim_start_matches("valgrind-").trim_start_matches('v'))
        .find(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .unwrap_or("?");
    format!("{tool} {number}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_shortened() {
        assert_eq!(
            short_version("nginx", "nginx version: nginx/1.22.1"),
            "nginx 1.22.1"
        );
        assert_eq!(
            short_version(
                "wrk",
                "wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer"
            ),
            "wrk 4.1.0-3+b2"
        );
        assert_eq!(short_version("node", "v20.20.2"), "node 20.20.2");
        assert_eq!(
            short_version("valgrind", "valgrind-3.19.0"),
            "valgrind 3.19.0"
        );
        assert_eq!(
            short_version("rustc", "rustc 1.95.0 (59807616e 2026-04-14)"),
            "rustc 1.95.0"
        );
    }
}
