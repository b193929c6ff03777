//! Cold start: process start → first 200, timed by hyperfine over the whole round trip
//! (`isapi-bench first-response` starts the server, polls until `GET /hello` answers 200,
//! then stops it). S2 runs the bundle's precompiled bytecode (`isapi build --bytecode`).
use crate::bench_build::Artifacts;
use crate::bench_configs::{Config, Handler};
use crate::bench_json::Json;
use crate::bench_servers::free_address;
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};
use std::collections::BTreeMap;
use std::path::Path;

pub const CONFIGS: [Config; 3] = [Config::S1, Config::S2, Config::S3];
const RUNS: u32 = 30;

/// Median and range of the cold start of each configuration, in milliseconds.
pub type ColdStarts = BTreeMap<Config, (f64, f64, f64)>;

pub fn measure(artifacts: &Artifacts) -> Result<ColdStarts> {
    let mut starts = ColdStarts::new();
    for config in CONFIGS {
        let addr = free_address()?;
        let server = match config {
            Config::S1 | Config::S2 => {
                let web_config = if config == Config::S1 {
                    &artifacts.native_config
                } else {
                    &artifacts.ts_config
                };
                vec![
                    path_word(&artifacts.host),
                    "--config".into(),
                    path_word(web_config),
                    "--listen".into(),
                    addr.to_string(),
                ]
            }
            Config::S3 => vec![
                "node".into(),
                path_word(&artifacts.node_server),
                path_word(&artifacts.bundle),
                addr.port().to_string(),
            ],
            Config::S0 => continue,
        };
        let probe = format!(
            "{} first-response --url http://{addr}{} -- {}",
            path_word(&artifacts.bench_tool),
            Handler::Hello.target(),
            server.join(" ")
        );
        let export = artifacts
            .out
            .join(format!("cold-start-{}.json", config.id()));
        Cmd::new("hyperfine")
            .env("RUST_LOG", "warn")
            .env("ISAPI_TS_LOG", "warn")
            .args(["--shell=none", "--warmup", "3", "--runs"])
            .arg(RUNS.to_string())
            .arg("--export-json")
            .arg(&export)
            .arg(&probe)
            .run()?;
        let text = std::fs::read_to_string(&export)
            .map_err(|e| Failure::new(format!("cannot read {}: {e}", export.display())))?;
        let timing = hyperfine_ms(&text).map_err(Failure::new)?;
        starts.insert(config, timing);
    }
    Ok(starts)
}

/// A path as one word of hyperfine's command line.
fn path_word(path: &Path) -> String {
    let text = path.display().to_string();
    if text.contains(char::is_whitespace) {
        format!("'{text}'")
    } else {
        text
    }
}

/// (median, min, max) in milliseconds of the first result of a hyperfine JSON export.
pub fn hyperfine_ms(text: &str) -> std::result::Result<(f64, f64, f64), String> {
    let json = Json::parse(text)?;
    let Some(Json::Array(results)) = json.get("results") else {
        return Err("no results in hyperfine's export".into());
    };
    let first = results.first().ok_or("no results in hyperfine's export")?;
    let seconds = |key: &str| {
        first
            .get(key)
            .and_then(Json::as_f64)
            .ok_or_else(|| format!("no {key} in hyperfine's export"))
    };
    Ok((
        seconds("median")? * 1e3,
        seconds("min")? * 1e3,
        seconds("max")? * 1e3,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyperfine_exports_are_read_in_milliseconds() {
        let export = r#"{"results": [{"command": "x", "mean": 0.02, "stddev": 0.001,
            "median": 0.0195, "user": 0.01, "system": 0.005, "min": 0.018, "max": 0.031,
            "times": [0.018, 0.0195, 0.031], "exit_codes": [0, 0, 0]}]}"#;
        let (median, min, max) = hyperfine_ms(export).unwrap();
        assert!((median - 19.5).abs() < 1e-9);
        assert!((min - 18.0).abs() < 1e-9);
        assert!((max - 31.0).abs() < 1e-9);
        assert!(hyperfine_ms(r#"{"results": []}"#).is_err());
    }
}
