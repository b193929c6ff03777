//! Test support: builds the generic library and the host with cargo, lays out a site (a
//! copy of the library per handler plus its bundle and a web.config), runs `isapi-host`
//! on an ephemeral loopback port and speaks raw HTTP/1.1 to it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
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

/// A directory with handler libraries, bundles and a web.config.
pub struct Site {
    pub dir: PathBuf,
    handlers: Vec<(String, String)>,
}

impl Site {
    pub fn new(name: &str) -> Site {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Site {
            dir,
            handlers: Vec::new(),
        }
    }

    /// Mounts `_<library_name>.so` at `path`, with `bundle` (if any) as `<library_name>.js`.
    pub fn handler(&mut self, path: &str, library_name: &str, bundle: Option<&str>) -> &mut Site {
        let file = format!("_{library_name}{}", std::env::consts::DLL_SUFFIX);
        std::fs::copy(&artifacts().0, self.dir.join(&file)).unwrap();
        if let Some(source) = bundle {
            std::fs::write(self.dir.join(format!("{library_name}.js")), source).unwrap();
        }
        self.handlers.push((path.to_owned(), file));
        self
    }

    fn write_config(&self) -> PathBuf {
        let mut adds = String::new();
        for (index, (path, file)) in self.handlers.iter().enumerate() {
            adds.push_str(&format!(
                "      <add name=\"h{index}\" path=\"{path}\" verb=\"*\" modules=\"IsapiModule\" scriptProcessor=\"{file}\" resourceType=\"Unspecified\" />\n"
            ));
        }
        let config = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <system.webServer>\n    <handlers>\n{adds}    </handlers>\n  </system.webServer>\n</configuration>\n"
        );
        let path = self.dir.join("web.config");
        std::fs::write(&path, config).unwrap();
        path
    }

    /// Starts the host with extra environment variables.
    pub fn serve(&self, env: &[(&str, &str)]) -> Host {
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
        let stream = TcpStream::connect(self.addr).unwrap();
        stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
        Connection {
            reader: BufReader::new(stream.try_clone().unwrap()),
            stream,
        }
    }

    /// One request on a fresh connection.
    pub fn request(&self, method: &str, target: &str, body: &[u8]) -> Response {
        let mut connection = self.connect();
        connection.send(method, target, &[("Connection", "close")], body);
        connection.response()
    }
}

pub struct Connection {
    stream: TcpStream,
    reader: BufReader<TcpStream>,
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Connection {
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).unwrap();
    }

    pub fn send(&mut self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) {
        let mut head = format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !body.is_empty() || method == "POST" {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        self.stream.write_all(head.as_bytes()).unwrap();
        self.stream.write_all(body).unwrap();
    }

    /// Reads one response: status line, headers, body framed by Content-Length or chunked
    /// (or up to EOF when neither is present).
    pub fn response(&mut self) -> Response {
        let mut line = String::new();
        self.reader.read_line(&mut line).unwrap();
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("bad status line {line:?}"));
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').expect("bad header line");
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
        let find = |name: &str| {
            headers
                .iter()
                .find(|(n, _): &&(String, String)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let mut body = Vec::new();
        if let Some(length) = find("content-length") {
            body.resize(length.parse().unwrap(), 0);
            self.reader.read_exact(&mut body).unwrap();
        } else if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            loop {
                let mut size = String::new();
                self.reader.read_line(&mut size).unwrap();
                let size =
                    usize::from_str_radix(size.trim().split(';').next().unwrap(), 16).unwrap();
                let mut chunk = vec![0; size + 2];
                self.reader.read_exact(&mut chunk).unwrap();
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        } else if status != 204 && status != 304 {
            self.reader.read_to_end(&mut body).unwrap();
        }
        Response {
            status,
            headers,
            body,
        }
    }
}

/// A host address without ownership of the process, for requests from other threads.
pub struct ConnectOnly(pub SocketAddr);

impl ConnectOnly {
    pub fn request(&self, method: &str, target: &str) -> u16 {
        let stream = TcpStream::connect(self.0).unwrap();
        stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
        let mut connection = Connection {
            reader: BufReader::new(stream.try_clone().unwrap()),
            stream,
        };
        connection.send(method, target, &[("Connection", "close")], b"");
        connection.response().status
    }
}
