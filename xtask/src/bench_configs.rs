//! What the benchmark compares (shared/BENCHMARKS.md): the configurations S0–S3, the four
//! handlers, the load shapes, and where processes run.

/// A server set-up, run side by side with the others on 127.0.0.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Config {
    /// nginx (Debian's nginx-light) serving a static 13-byte file, 1 worker, no access log.
    S0,
    /// Our host with the native Rust extension (crates/isapi-bench-native).
    S1,
    /// Our host with our library running the TS handlers (bench/bench.ts).
    S2,
    /// Node's `node:http` running the same compiled bundle (bench/node_server.mjs).
    S3,
}

impl Config {
    pub const ALL: [Config; 4] = [Config::S0, Config::S1, Config::S2, Config::S3];

    pub fn id(self) -> &'static str {
        match self {
            Config::S0 => "S0",
            Config::S1 => "S1",
            Config::S2 => "S2",
            Config::S3 => "S3",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Config::S0 => "nginx static file",
            Config::S1 => "isapi-host + native Rust extension",
            Config::S2 => "isapi-host + isapi-ts (TS in QuickJS)",
            Config::S3 => "node:http + the same TS bundle",
        }
    }

    /// nginx only serves the static hello; the others run every handler.
    pub fn handlers(self) -> &'static [Handler] {
        match self {
            Config::S0 => &[Handler::Hello],
            _ => &Handler::ALL,
        }
    }
}

/// A benchmark request and what its answer must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Handler {
    Hello,
    Json,
    Echo,
    Cpu,
    /// The `/cpu` loop compiled to WebAssembly (wasmi in S2, V8 in S3; S1 runs its Rust loop).
    CpuWasm,
}

/// The `/echo` request body size.
pub const ECHO_BYTES: usize = 4096;

impl Handler {
    pub const ALL: [Handler; 5] = [
        Handler::Hello,
        Handler::Json,
        Handler::Echo,
        Handler::Cpu,
        Handler::CpuWasm,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Handler::Hello => "hello",
            Handler::Json => "json",
            Handler::Echo => "echo",
            Handler::Cpu => "cpu",
            Handler::CpuWasm => "cpu-wasm",
        }
    }

    /// Path and query of the request.
    pub fn target(self) -> &'static str {
        match self {
            Handler::Hello => "/hello",
            Handler::Json => "/json?n=20",
            Handler::Echo => "/echo",
            Handler::Cpu => "/cpu",
            Handler::CpuWasm => "/cpu-wasm",
        }
    }

    pub fn method(self) -> &'static str {
        match self {
            Handler::Echo => "POST",
            _ => "GET",
        }
    }

    pub fn request_body(self) -> Vec<u8> {
        match self {
            Handler::Echo => vec![b'x'; ECHO_BYTES],
            _ => Vec::new(),
        }
    }

    /// Whether `body` is this handler's answer (the same bytes from every configuration).
    pub fn accepts(self, body: &[u8]) -> bool {
        match self {
            Handler::Hello => body == b"Hello, world!",
            Handler::Json => body.starts_with(b"{\"n\":20,\"items\":[") && body.ends_with(b"]}"),
            Handler::Echo => body.len() == ECHO_BYTES && body.iter().all(|&b| b == b'x'),
            Handler::Cpu | Handler::CpuWasm => body.starts_with(b"cpu ") && body.ends_with(b"\n"),
        }
    }
}

/// How many connections wrk keeps open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Shape {
    /// `-c1`: serial latency, the closest to per-invocation cost.
    C1,
    C16,
    C64,
}

impl Shape {
    pub const ALL: [Shape; 3] = [Shape::C1, Shape::C16, Shape::C64];

    pub fn connections(self) -> u32 {
        match self {
            Shape::C1 => 1,
            Shape::C16 => 16,
            Shape::C64 => 64,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Shape::C1 => "c1",
            Shape::C16 => "c16",
            Shape::C64 => "c64",
        }
    }
}

/// Where the server and wrk run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Placement {
    /// Server on core 0, wrk on core 1 (`taskset`): a per-core comparison.
    Pinned,
    /// Both wherever the kernel puts them: the whole machine.
    Unpinned,
}

impl Placement {
    pub fn server_cpu(self) -> Option<u32> {
        match self {
            Placement::Pinned => Some(0),
            Placement::Unpinned => None,
        }
    }

    pub fn load_cpu(self) -> Option<u32> {
        match self {
            Placement::Pinned => Some(1),
            Placement::Unpinned => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Placement::Pinned => "pinned",
            Placement::Unpinned => "unpinned",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nginx_serves_only_hello() {
        assert_eq!(Config::S0.handlers(), [Handler::Hello]);
        assert_eq!(Config::S3.handlers().len(), 5);
    }

    #[test]
    fn answers_are_checked_by_content() {
        assert!(Handler::Hello.accepts(b"Hello, world!"));
        assert!(!Handler::Hello.accepts(b"Hello, world!\n"));
        assert!(Handler::Echo.accepts(&Handler::Echo.request_body()));
        assert!(!Handler::Echo.accepts(b"xx"));
        assert!(Handler::Cpu.accepts(b"cpu 2197205483\n"));
        assert!(Handler::Json.accepts(br#"{"n":20,"items":[{"id":0}]}"#));
    }
}
