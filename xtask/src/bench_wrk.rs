//! Load from `wrk` (Debian's package): the command line of one run and what its report says.
use crate::cmd::Cmd;
use std::path::Path;
use std::time::Duration;

/// One wrk run: where, how hard, for how long.
pub struct Load<'a> {
    pub url: &'a str,
    pub connections: u32,
    pub duration: Duration,
    /// A Lua script (the POST body for `/echo`).
    pub script: Option<&'a Path>,
    /// `taskset -c CPU` in front of wrk (the pinned pass puts wrk on core 1).
    pub cpu: Option<u32>,
}

impl Load<'_> {
    pub fn command(&self) -> Cmd {
        let mut cmd = match self.cpu {
            Some(cpu) => Cmd::new("taskset")
                .arg("-c")
                .arg(cpu.to_string())
                .arg("wrk"),
            None => Cmd::new("wrk"),
        };
        cmd = cmd
            .arg("-t1")
            .arg(format!("-c{}", self.connections))
            .arg(format!("-d{}s", self.duration.as_secs().max(1)))
            .arg("--latency");
        if let Some(script) = self.script {
            cmd = cmd.arg("-s").arg(script);
        }
        cmd.arg(self.url)
    }
}

/// What a wrk report says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    pub requests: u64,
    pub requests_per_sec: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Responses that were not 2xx or 3xx.
    pub non_success: u64,
    /// connect + read + write + timeout errors.
    pub socket_errors: u64,
}

/// The Lua script that turns wrk's requests into `POST` with a `bytes`-byte body.
pub fn post_script(bytes: usize) -> String {
    format!(
        "wrk.method = \"POST\"\n\
         wrk.body = string.rep(\"x\", {bytes})\n\
         wrk.headers[\"Content-Type\"] = \"application/octet-stream\"\n"
    )
}

/// The Lua script that turns wrk's requests into `POST` with the bytes of the file at
/// `body` (read once per wrk thread) and this Content-Type.
pub fn post_file_script(body: &Path, content_type: &str) -> String {
    format!(
        "local file = assert(io.open({}, \"rb\"))\n\
         wrk.method = \"POST\"\n\
         wrk.body = file:read(\"*a\")\n\
         file:close()\n\
         wrk.headers[\"Content-Type\"] = {}\n",
        lua_string(&body.to_string_lossy()),
        lua_string(content_type)
    )
}

/// `text` as a Lua string literal.
fn lua_string(text: &str) -> String {
    let mut literal = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' | '"' => {
                literal.push('\\');
                literal.push(c);
            }
            '\n' => literal.push_str("\\n"),
            _ => literal.push(c),
        }
    }
    literal.push('"');
    literal
}

/// Reads wrk's text report; `Err` when the numbers that matter are missing.
pub fn parse(text: &str) -> Result<Report, String> {
    let mut report = Report::default();
    let mut seen_requests = false;
    let mut seen_rate = false;
    for line in text.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["50%", value] => report.p50_ms = latency_ms(value)?,
            ["99%", value] => report.p99_ms = latency_ms(value)?,
            [count, "requests", "in", ..] => {
                report.requests = count
                    .parse()
                    .map_err(|_| format!("bad request count in {line:?}"))?;
                seen_requests = true;
            }
            ["Requests/sec:", value] => {
                report.requests_per_sec =
                    value.parse().map_err(|_| format!("bad rate in {line:?}"))?;
                seen_rate = true;
            }
            ["Non-2xx", "or", "3xx", "responses:", count] => {
                report.non_success = count.parse().unwrap_or(u64::MAX);
            }
            ["Socket", "errors:", rest @ ..] => {
                report.socket_errors = rest
                    .iter()
                    .filter_map(|w| w.trim_end_matches(',').parse::<u64>().ok())
                    .sum();
            }
            _ => {}
        }
    }
    if !seen_requests || !seen_rate {
        return Err(format!("not a wrk report:\n{text}"));
    }
    Ok(report)
}

/// `620.00us`, `1.95ms`, `1.02s`, `2.00m` in milliseconds.
fn latency_ms(text: &str) -> Result<f64, String> {
    let units = [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)];
    for (suffix, scale) in units {
        if let Some(number) = text.strip_suffix(suffix) {
            if let Ok(value) = number.parse::<f64>() {
                return Ok(value * scale);
            }
        }
    }
    Err(format!("bad latency {text:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "Running 4s test @ http://127.0.0.1:18082/hello
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.98ms  410.00us  12.00ms   80.00%
    Req/Sec    32.50k     1.20k   35.00k    80.00%
  Latency Distribution
     50%  620.00us
     75%    2.10ms
     90%    2.40ms
     99%    1.20s
  129309 requests in 4.00s, 15.41MB read
  Non-2xx or 3xx responses: 12
  Socket errors: connect 1, read 2, write 0, timeout 3
Requests/sec:  32324.73
Transfer/sec:      3.85MB
";

    #[test]
    fn a_report_is_read() {
        let report = parse(REPORT).unwrap();
        assert_eq!(
            report,
            Report {
                requests: 129_309,
                requests_per_sec: 32_324.73,
                p50_ms: 0.62,
                p99_ms: 1200.0,
                non_success: 12,
                socket_errors: 6,
            }
        );
    }

    #[test]
    fn a_clean_report_has_no_errors() {
        let clean: String = REPORT
            .lines()
            .filter(|l| !l.contains("Non-2xx") && !l.contains("Socket"))
            .map(|l| format!("{l}\n"))
            .collect();
        let report = parse(&clean).unwrap();
        assert_eq!((report.non_success, report.socket_errors), (0, 0));
    }

    #[test]
    fn text_that_is_not_a_report_is_refused() {
        assert!(parse("unable to connect to 127.0.0.1:1 Connection refused").is_err());
    }

    #[test]
    fn the_command_pins_wrk_when_asked() {
        let load = Load {
            url: "http://127.0.0.1:1/echo",
            connections: 64,
            duration: Duration::from_secs(5),
            script: Some(Path::new("post.lua")),
            cpu: Some(1),
        };
        assert_eq!(
            load.command().to_string(),
            "taskset -c 1 wrk -t1 -c64 -d5s --latency -s post.lua http://127.0.0.1:1/echo"
        );
    }

    #[test]
    fn the_post_script_sets_method_and_body() {
        let script = post_script(4096);
        assert!(script.contains("wrk.method = \"POST\""));
        assert!(script.contains("string.rep(\"x\", 4096)"));
    }

    #[test]
    fn the_file_script_reads_the_body_and_sets_the_type() {
        let script = post_file_script(
            Path::new("/tmp/a \"b\"/form.bin"),
            "multipart/form-data; boundary=xyz",
        );
        assert!(script.contains(r#"io.open("/tmp/a \"b\"/form.bin", "rb")"#));
        assert!(script.contains("wrk.body = file:read(\"*a\")"));
        assert!(
            script.contains(r#"wrk.headers["Content-Type"] = "multipart/form-data; boundary=xyz""#)
        );
    }
}
