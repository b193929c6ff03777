//! Test support: builds the generic library and the host with cargo, lays out a site (a
//! copy of the library per handler plus its bundle and a web.config), runs `isapi-host`
//! on an ephemeral loopback port and speaks raw HTTP/1.1 to it.
#![allow(dead_code)]

#[path = "../../../isapi-host/tests/support/http.rs"]
mod http;
pub use http::{Connection, Response};

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const IO_TIMEOUT: Duration = Duration::from_secs(30);

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// Builds (once per test process) the library and the host; returns their paths.
pub fn artifacts() -> &'static (PathBuf, PathBuf) {
    static BUILT: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .current_dir(workspace_root())
            .args(["build", "--quiet", "-p", "isapi-dll", "-p", "isapi-host"])
            .status()
            .expect("cannot run cargo");
        assert!(
            status.success(),
            "cargo build -p isapi-dll -p isapi-host failed"
        );
        let debug = target_dir().join("debug");
        let library = debug.join(format!(
            "{}isapi_dll{}",
            std::env::consts::DLL_PREFIX,
            std::env::consts::DLL_SUFFIX
        ));
        let host = debug.join(format!("isapi-host{}", std::env::consts::EXE_SUFFIX));
        assert!(library.exists(), "{library:?} missing");
        assert!(host.exists(), "{host:?} missing");
        (library, host)
    })
}

/// Sites hold copies of the debug library (tens of MB each) and outlive their test (a host
/// may still be starting from them), so each test process removes the sites of processes
/// that have ended: without that, runs filled the disk.
fn remove_sites_of_finished_runs() {
    let Ok(entries) = std::fs::read_dir(env!("CARGO_TARGET_TMPDIR")) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let mut parts = name.rsplit('-');
        let (Some(_serial), Some(pid)) = (parts.next(), parts.next()) else {
            continue;
        };
        let ended = pid
            .parse::<u32>()
            .is_ok_and(|pid| !Path::new(&format!("/proc/{pid}")).exists());
        if name.starts_with("e2e-") && ended {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A directory with handler libraries, bundles and a web.config.
pub struct Site {
    pub dir: PathBuf,
    /// URL pattern and library file; `None` for the static file handler.
    handlers: Vec<(String, Option<String>)>,
    /// `<isapiFilters>` entries: name and library file.
    filters: Vec<(String, String)>,
}

impl Site {
    pub fn new(name: &str) -> Site {
        // Unique per call: tests of one process run in parallel and must not share files.
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let serial = NEXT.fetch_add(1, Ordering::Relaxed);
        if serial == 0 {
            remove_sites_of_finished_runs();
        }
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("e2e-{name}-{}-{serial}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Site {
            dir,
            handlers: Vec::new(),
            filters: Vec::new(),
        }
    }

    /// Mounts `_<library_name>.so` at `path`, with `bundle` (if any) as `<library_name>.js`.
    pub fn handler(&mut self, path: &str, library_name: &str, bundle: Option<&str>) -> &mut Site {
        let file = format!("_{library_name}{}", std::env::consts::DLL_SUFFIX);
        std::fs::copy(&artifacts().0, self.dir.join(&file)).unwrap();
        if let Some(source) = bundle {
            std::fs::write(self.dir.join(format!("{library_name}.js")), source).unwrap();
        }
        self.handlers.push((path.to_owned(), Some(file)));
        self
    }

    /// Loads `_<library_name>.so` as an ISAPI filter (`<isapiFilters>`), with `bundle` (if
    /// any) as `<library_name>.js`. The same library may also be mounted as a handler.
    pub fn filter(&mut self, library_name: &str, bundle: Option<&str>) -> &mut Site {
        let file = format!("_{library_name}{}", std::env::consts::DLL_SUFFIX);
        if !self.dir.join(&file).exists() {
            std::fs::copy(&artifacts().0, self.dir.join(&file)).unwrap();
        }
        if let Some(source) = bundle {
            std::fs::write(self.dir.join(format!("{library_name}.js")), source).unwrap();
        }
        self.filters.push((library_name.to_owned(), file));
        self
    }

    /// Writes a file into the site folder.
    pub fn file(&mut self, name: &str, contents: &str) -> &mut Site {
        std::fs::write(self.dir.join(name), contents).unwrap();
        self
    }

    /// Mounts IIS's static file handler at `path` (GET and HEAD).
    pub fn static_files(&mut self, path: &str) -> &mut Site {
        self.handlers.push((path.to_owned(), None));
        self
    }

    fn write_config(&self) -> PathBuf {
        let mut adds = String::new();
        for (index, (path, file)) in self.handlers.iter().enumerate() {
            adds.push_str(&match file {
                Some(file) => format!(
                    "      <add name=\"h{index}\" path=\"{path}\" verb=\"*\" modules=\"IsapiModule\" scriptProcessor=\"{file}\" resourceType=\"Unspecified\" />\n"
                ),
                None => format!(
                    "      <add name=\"h{index}\" path=\"{path}\" verb=\"GET,HEAD\" modules=\"StaticFileModule\" />\n"
                ),
            });
        }
        let mut filters = String::new();
        for (name, file) in &self.filters {
            filters.push_str(&format!(
                "      <filter name=\"{name}\" path=\"{file}\" enabled=\"true\" />\n"
            ));
        }
        let config = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <system.webServer>\n    <handlers>\n{adds}    </handlers>\n    <isapiFilters>\n{filters}    </isapiFilters>\n  </system.webServer>\n</configuration>\n"
        );
        let path = self.dir.join("web.config");
        std::fs::write(&path, config).unwrap();
        path
    }

    /// Starts the host with extra environment variables.
    pub fn serve(&self, env: &[(&str, &str)]) -> Host {
        self.serve_with(env, &[])
    }

    /// Starts the host with extra environment variables and command-line arguments.
    pub fn serve_with(&self, env: &[(&str, &str)], args: &[&str]) -> Host {
        let config = self.write_config();
        let log = self.dir.join("host.log");
        let mut command = Command::new(&artifacts().1);
        command
            .args([
                "--config".as_ref(),
                config.as_os_str(),
                "--listen".as_ref(),
                "127.0.0.1:0".as_ref(),
            ])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("cannot start isapi-host");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let deadline = Instant::now() + IO_TIMEOUT;
        let addr = loop {
            assert!(
                Instant::now() < deadline,
                "isapi-host did not report its address"
            );
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                panic!(
                    "isapi-host exited early; log:\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            };
            if let Some(rest) = line.strip_prefix("listening on http://") {
                break rest.trim().parse::<SocketAddr>().expect("bad address line");
            }
        };
        // Keep draining stdout so the host never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Host { child, addr, log }
    }
}

pub struct Host {
    pub child: Child,
    pub addr: SocketAddr,
    log: PathBuf,
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Host {
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits (bounded) until the log contains `needle`; the host writes lines asynchronously.
    pub fn wait_for_log(&self, needle: &str) -> String {
        let deadline = Instant::now() + IO_TIMEOUT;
        loop {
            let log = self.log();
            if log.contains(needle) || Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn connect(&self) -> Connection {
        Connection::open(self.addr)
    }

    /// One request on a fresh connection.
    pub fn request(&self, method: &str, target: &str, body: &[u8]) -> Response {
        Connection::request(self.addr, method, target, &[], body)
    }
}

/// Bundles `entry` (TypeScript importing the `isapi-ts` package as `isapi-ts`) with the
/// workspace's esbuild, as `isapi build` does: the real base classes and adapters.
pub fn bundle_ts(site: &Site, name: &str, entry: &str) -> String {
    let index = workspace_root().join("ts/isapi/src/index.ts");
    let entry = entry.replace(
        "\"isapi-ts\"",
        &format!("{:?}", index.display().to_string()),
    );
    let source = site.dir.join(format!("{name}.entry.ts"));
    std::fs::write(&source, entry).unwrap();
    let esbuild = workspace_root().join("node_modules/.bin/esbuild");
    let output = Command::new(&esbuild)
        .arg(&source)
        .args([
            "--bundle",
            "--format=esm",
            "--platform=neutral",
            "--log-level=warning",
        ])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {esbuild:?} (npm ci first): {e}"));
    assert!(
        output.status.success(),
        "esbuild failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}
