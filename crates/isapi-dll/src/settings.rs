//! Tunables of one handler, read when the extension starts: defaults, then the handler's
//! settings file `<name>.settings.json` beside its bundle, then `ISAPI_TS_*` environment
//! variables (which apply to every handler of the process).
//!
//! ```json
//! { "workers": 4, "queue": 1024, "timeoutMs": 30000, "memoryMb": 64,
//!   "env": { "API_URL": "https://example.com" },
//!   "fs": { "read": ["."], "write": ["App_Data/my.app"] } }
//! ```
//!
//! `env` is added to the process's environment in the handler's `process.env`; `fs.read`
//! and `fs.write` list the folders `node:fs` may read and write (relative to the bundle's
//! folder), each replacing its default (the bundle's folder read-only; `App_Data/<name>`
//! read-write).
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use isapi_js::PoolConfig;
use serde::Deserialize;

/// The settings file; every field optional. Unknown fields are refused, so a typo is an
/// error rather than a silently ignored setting.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Settings {
    /// Engines (worker threads); default = cores.
    workers: Option<usize>,
    /// Requests that may wait for an engine before 503; default 1024.
    queue: Option<usize>,
    /// Per-request time limit in milliseconds; default 30000.
    timeout_ms: Option<u64>,
    /// Heap limit per engine in MiB; default 64.
    memory_mb: Option<usize>,
    /// How often the bundle is checked for changes, in milliseconds; 0 turns watching
    /// off; default 500.
    watch_ms: Option<u64>,
    /// Variables the handler's `process.env` adds to the process's environment.
    env: Option<BTreeMap<String, String>>,
    /// The folders `node:fs` may use.
    fs: Option<FsSettings>,
}

/// `fs`: folders relative to the bundle's folder (or absolute).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FsSettings {
    /// Readable folders; default: the bundle's folder.
    read: Option<Vec<PathBuf>>,
    /// Readable and writable folders (created when missing); default:
    /// `App_Data/<name>`.
    write: Option<Vec<PathBuf>>,
}

const DEFAULT_WATCH: Duration = Duration::from_millis(500);

/// `dir/name.js` → `dir/name.settings.json`.
pub(crate) fn settings_path(bundle: &Path) -> PathBuf {
    let stem = bundle
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    bundle.with_file_name(format!("{stem}.settings.json"))
}

fn read(bundle: &Path) -> Result<Settings, String> {
    let file = settings_path(bundle);
    match std::fs::read_to_string(&file) {
        Ok(text) => serde_json::from_str::<Settings>(&text)
            .map_err(|e| format!("invalid settings file {}: {e}", file.display())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(error) => Err(format!(
            "cannot read settings file {}: {error}",
            file.display()
        )),
    }
}

/// How often to look for a new bundle (`ISAPI_TS_WATCH_MS`, else the settings file);
/// `None` when watching is off.
pub(crate) fn watch_interval(bundle: &Path) -> Option<Duration> {
    let ms = number("ISAPI_TS_WATCH_MS")
        .map(|ms| ms as u64)
        .or_else(|| read(bundle).ok().and_then(|s| s.watch_ms));
    match ms {
        Some(0) => None,
        Some(ms) => Some(Duration::from_millis(ms)),
        None => Some(DEFAULT_WATCH),
    }
}

/// The pool's configuration for `bundle`; `Err` names a broken settings file.
pub(crate) fn pool_config(bundle: PathBuf) -> Result<PoolConfig, String> {
    let settings = read(&bundle)?;
    let mut config = PoolConfig::new(bundle.clone());
    let workers = number("ISAPI_TS_WORKERS").or(settings.workers);
    let queue = number("ISAPI_TS_QUEUE").or(settings.queue);
    let timeout_ms = number("ISAPI_TS_TIMEOUT_MS")
        .map(|ms| ms as u64)
        .or(settings.timeout_ms);
    let memory_mb = number("ISAPI_TS_MEMORY_MB").or(settings.memory_mb);
    if let Some(workers) = workers {
        config.workers = workers.max(1);
    }
    if let Some(queue) = queue {
        config.queue_capacity = queue.max(1);
    }
    if let Some(ms) = timeout_ms {
        config.request_timeout = Duration::from_millis(ms.max(1));
    }
    if let Some(mb) = memory_mb {
        config.memory_limit = mb.max(1).saturating_mul(1 << 20);
    }
    apply_handler_settings(&mut config.handler, &bundle, settings);
    Ok(config)
}

/// The settings file's `env` and `fs` over the defaults.
fn apply_handler_settings(
    handler: &mut isapi_js::HandlerConfig,
    bundle: &Path,
    settings: Settings,
) {
    let folder = bundle
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_owned);
    if let Some(env) = settings.env {
        handler.env = env.into_iter().collect();
    }
    let fs = settings.fs.unwrap_or_default();
    if let Some(read) = fs.read {
        handler.fs_read = read.iter().map(|f| folder.join(f)).collect();
    }
    if let Some(write) = fs.write {
        handler.fs_write = write.iter().map(|f| folder.join(f)).collect();
    }
}

fn number(name: &str) -> Option<usize> {
    let text = std::env::var(name).ok()?;
    match text.trim().parse() {
        Ok(value) => Some(value),
        Err(_) => {
            tracing::warn!("ignoring {name}={text:?}: not a number");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_settings_file_sits_beside_the_bundle() {
        assert_eq!(
            settings_path(Path::new("/srv/my.app.js")),
            Path::new("/srv/my.app.settings.json")
        );
    }

    #[test]
    fn typos_are_refused() {
        let error = serde_json::from_str::<Settings>(r#"{ "timeout": 5 }"#).unwrap_err();
        assert!(
            error.to_string().contains("unknown field `timeout`"),
            "{error}"
        );
        let settings: Settings =
            serde_json::from_str(r#"{ "timeoutMs": 5, "memoryMb": 8 }"#).unwrap();
        assert_eq!(settings.timeout_ms, Some(5));
        assert_eq!(settings.memory_mb, Some(8));
        let error = serde_json::from_str::<Settings>(r#"{ "fs": { "reads": [] } }"#).unwrap_err();
        assert!(
            error.to_string().contains("unknown field `reads`"),
            "{error}"
        );
        let error = serde_json::from_str::<Settings>(r#"{ "env": { "A": 1 } }"#).unwrap_err();
        assert!(error.to_string().contains("expected a string"), "{error}");
    }

    #[test]
    fn env_and_folders_come_from_the_settings_file() {
        let bundle = Path::new("/srv/site/my.app.js");
        let mut handler = isapi_js::default_handler_config(bundle);
        assert_eq!(handler.fs_read, [Path::new("/srv/site")]);
        assert_eq!(handler.fs_write, [Path::new("/srv/site/App_Data/my.app")]);
        assert_eq!(handler.cwd.as_deref(), Some(Path::new("/srv/site")));
        let settings: Settings = serde_json::from_str(
            r#"{ "env": { "B": "2", "A": "1" }, "fs": { "write": ["data", "/var/x"] } }"#,
        )
        .unwrap();
        apply_handler_settings(&mut handler, bundle, settings);
        assert_eq!(
            handler.env,
            [
                ("A".to_owned(), "1".to_owned()),
                ("B".to_owned(), "2".to_owned())
            ]
        );
        // What is not set keeps its default; what is set replaces it.
        assert_eq!(handler.fs_read, [Path::new("/srv/site")]);
        assert_eq!(
            handler.fs_write,
            [Path::new("/srv/site/data"), Path::new("/var/x")]
        );
    }
}
