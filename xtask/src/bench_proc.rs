//! What Linux's /proc says about a server process and the machine: CPU time (user and
//! kernel, all threads), resident memory, steal time and load.
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};

/// A process's CPU time so far, in clock ticks, all its threads together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CpuTicks {
    pub user: u64,
    pub system: u64,
}

impl CpuTicks {
    pub fn of(pid: u32) -> Result<CpuTicks> {
        let path = format!("/proc/{pid}/stat");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Failure::new(format!("cannot read {path}: {e}")))?;
        parse_stat(&text).ok_or_else(|| Failure::new(format!("cannot read {path}: {text:?}")))
    }

    pub fn since(self, earlier: CpuTicks) -> CpuTicks {
        CpuTicks {
            user: self.user.saturating_sub(earlier.user),
            system: self.system.saturating_sub(earlier.system),
        }
    }
}

/// utime and stime (fields 14 and 15) of a `/proc/PID/stat` line. The command name in
/// parentheses may hold spaces, so fields are counted after its closing parenthesis.
fn parse_stat(text: &str) -> Option<CpuTicks> {
    let after_name = &text[text.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // After the name come field 3 (state) onwards: utime is field 14, index 11 here.
    Some(CpuTicks {
        user: fields.get(11)?.parse().ok()?,
        system: fields.get(12)?.parse().ok()?,
    })
}

/// Clock ticks per second (`getconf CLK_TCK`; 100 on Linux when it cannot be asked).
pub fn ticks_per_second() -> f64 {
    Cmd::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|text| text.trim().parse::<f64>().ok())
        .filter(|&t| t > 0.0)
        .unwrap_or(100.0)
}

/// Resident memory of a process in KiB (`VmRSS` of `/proc/PID/status`).
pub fn rss_kib(pid: u32) -> Result<u64> {
    let path = format!("/proc/{pid}/status");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Failure::new(format!("cannot read {path}: {e}")))?;
    parse_rss(&text).ok_or_else(|| Failure::new(format!("no VmRSS in {path}")))
}

fn parse_rss(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
}

/// The machine's total and stolen CPU ticks so far (the `cpu` line of /proc/stat):
/// a hypervisor taking time from this VM shows up as steal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MachineTicks {
    pub total: u64,
    pub steal: u64,
}

impl MachineTicks {
    pub fn now() -> MachineTicks {
        std::fs::read_to_string("/proc/stat")
            .ok()
            .and_then(|text| parse_machine(&text))
            .unwrap_or_default()
    }

    /// The share of CPU time stolen between `earlier` and `self`.
    pub fn steal_share_since(self, earlier: MachineTicks) -> f64 {
        let total = self.total.saturating_sub(earlier.total);
        if total == 0 {
            0.0
        } else {
            self.steal.saturating_sub(earlier.steal) as f64 / total as f64
        }
    }
}

fn parse_machine(stat: &str) -> Option<MachineTicks> {
    let line = stat.lines().find(|l| l.starts_with("cpu "))?;
    let values: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal guest guest_nice; guests are already
    // counted in user and nice.
    Some(MachineTicks {
        total: values.iter().take(8).sum(),
        steal: *values.get(7).unwrap_or(&0),
    })
}

/// The 1-minute load average.
pub fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_counted_after_the_name() {
        let line = "4242 (isapi host) S 1 4242 4242 0 -1 4194560 1543 0 0 0 731 268 0 0 20 0 9 0 \
                    123 456 789";
        assert_eq!(
            parse_stat(line),
            Some(CpuTicks {
                user: 731,
                system: 268
            })
        );
        assert_eq!(parse_stat("garbage"), None);
    }

    #[test]
    fn cpu_ticks_subtract() {
        let a = CpuTicks {
            user: 10,
            system: 5,
        };
        let b = CpuTicks {
            user: 25,
            system: 6,
        };
        assert_eq!(
            b.since(a),
            CpuTicks {
                user: 15,
                system: 1
            }
        );
    }

    #[test]
    fn rss_is_read_from_status() {
        let status = "Name:\tisapi-host\nVmPeak:\t  99 kB\nVmRSS:\t   12345 kB\nThreads:\t9\n";
        assert_eq!(parse_rss(status), Some(12_345));
        assert_eq!(parse_rss("Name: x\n"), None);
    }

    #[test]
    fn steal_is_a_share_of_all_ticks() {
        let before = parse_machine("cpu  100 0 100 700 0 0 0 100 0 0\ncpu0 1 2 3\n").unwrap();
        assert_eq!(
            before,
            MachineTicks {
                total: 1000,
                steal: 100
            }
        );
        let after = MachineTicks {
            total: 2000,
            steal: 150,
        };
        assert!((after.steal_share_since(before) - 0.05).abs() < 1e-12);
    }
}
