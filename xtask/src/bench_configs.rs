//! What the benchmark compares (shared/BENCHMARKS.md): the configurations S0–S3, the
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
    /// `crypto.subtle.digest` SHA-256 of 1 KB (S1: the sha2 crate).
    Digest,
    /// node:crypto's `createHash("sha256").update(1 KB).digest("hex")`, synchronous (S1: sha2).
    Hash,
    /// A JWT check: HMAC-SHA256 sign and verify of a 189-byte signing input (S1: hmac).
    Hmac,
    /// `request.formData()` of a 100 KB multipart upload (S1: a plain multipart split).
    Form,
    /// 64 KB through `CompressionStream("gzip")` (S1: flate2).
    Gzip,
    /// Node's `Buffer`: a 3 KB body to base64 and hex and back (S1: plain Rust codecs).
    Buffer,
}

/// The `/echo` request body size.
pub const ECHO_BYTES: usize = 4096;

/// The `/digest` answer: SHA-256 of bytes (7i + 3) mod 256, i < 1024.
const DIGEST_ANSWER: &[u8] =
    b"sha256 e9183d9a79aad8a047b8e67981210d50b01fc75b1edba5bc32ba3d3ec4d5056d\n";

/// The `/hmac` answer: HMAC-SHA256 of the JWT signing input, and the verification's result.
const HMAC_ANSWER: &[u8] =
    b"hmac 1fa99d1761ea17fc6ee2772b9e62b1a02c610454c46a47f80756afa4af5725ba valid\n";

/// The `/form` upload: two text fields and a file of [`FORM_FILE_BYTES`] bytes.
pub const FORM_BOUNDARY: &str = "----isapi-ts-bench-7d1f2a9c";
pub const FORM_FILE_BYTES: usize = 100 * 1024;
const FORM_ANSWER: &[u8] = b"form 3 entries, file 102400 bytes\n";

/// The `/gzip` input's length and CRC-32 (numbered text lines cut to 64 KB): a gzip
/// member's trailer says both, whichever deflate encoder (zlib in Node, flate2 here) chose
/// the compressed bytes in between.
const GZIP_INPUT_BYTES: u32 = 64 * 1024;
const GZIP_INPUT_CRC32: u32 = 0xf29a_887a;

/// The `/buffer` request body size and answer (base64 and hex lengths, round trips equal).
pub const BUFFER_BYTES: usize = 3072;
const BUFFER_ANSWER: &[u8] = b"buffer 4096 6144 same\n";

impl Handler {
    pub const ALL: [Handler; 10] = [
        Handler::Hello,
        Handler::Json,
        Handler::Echo,
        Handler::Cpu,
        Handler::CpuWasm,
        Handler::Digest,
        Handler::Hash,
        Handler::Hmac,
        Handler::Form,
        Handler::Gzip,
        Handler::Buffer,
    ];

    /// The handler called `name` (as [`Handler::name`] writes it).
    pub fn from_name(name: &str) -> Option<Handler> {
        Handler::ALL.into_iter().find(|h| h.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Handler::Hello => "hello",
            Handler::Json => "json",
            Handler::Echo => "echo",
            Handler::Cpu => "cpu",
            Handler::CpuWasm => "cpu-wasm",
            Handler::Digest => "digest",
            Handler::Hash => "hash",
            Handler::Hmac => "hmac",
            Handler::Form => "form",
            Handler::Gzip => "gzip",
            Handler::Buffer => "buffer",
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
            Handler::Digest => "/digest",
            Handler::Hash => "/hash",
            Handler::Hmac => "/hmac",
            Handler::Form => "/form",
            Handler::Gzip => "/gzip",
            Handler::Buffer => "/buffer",
        }
    }

    pub fn method(self) -> &'static str {
        match self {
            Handler::Echo | Handler::Form | Handler::Buffer => "POST",
            _ => "GET",
        }
    }

    pub fn request_body(self) -> Vec<u8> {
        match self {
            Handler::Echo => vec![b'x'; ECHO_BYTES],
            Handler::Form => form_body(),
            Handler::Buffer => buffer_body(),
            _ => Vec::new(),
        }
    }

    /// The request's Content-Type, when it has a body.
    pub fn content_type(self) -> Option<String> {
        match self {
            Handler::Echo | Handler::Buffer => Some("application/octet-stream".into()),
            Handler::Form => Some(format!("multipart/form-data; boundary={FORM_BOUNDARY}")),
            _ => None,
        }
    }

    /// Whether `body` is this handler's answer (the same bytes from every configuration).
    pub fn accepts(self, body: &[u8]) -> bool {
        match self {
            Handler::Hello => body == b"Hello, world!",
            Handler::Json => body.starts_with(b"{\"n\":20,\"items\":[") && body.ends_with(b"]}"),
            Handler::Echo => body.len() == ECHO_BYTES && body.iter().all(|&b| b == b'x'),
            Handler::Cpu | Handler::CpuWasm => body.starts_with(b"cpu ") && body.ends_with(b"\n"),
            Handler::Digest | Handler::Hash => body == DIGEST_ANSWER,
            Handler::Hmac => body == HMAC_ANSWER,
            Handler::Form => body == FORM_ANSWER,
            Handler::Gzip => is_gzip_of_input(body),
            Handler::Buffer => body == BUFFER_ANSWER,
        }
    }
}

/// The `/buffer` request body: byte i = (7i + 3) mod 256.
pub fn buffer_body() -> Vec<u8> {
    (0..BUFFER_BYTES).map(|i| (7 * i + 3) as u8).collect()
}

/// The `/form` request body: multipart/form-data with fields `title` and `description` and a
/// binary file part `file` (byte i = i mod 251, which never spells the boundary).
pub fn form_body() -> Vec<u8> {
    let mut body = Vec::with_capacity(FORM_FILE_BYTES + 512);
    for (name, value) in [
        ("title", "benchmark upload"),
        ("description", "two text fields and a 100 KB file"),
    ] {
        body.extend_from_slice(
            format!(
                "--{FORM_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n\
                 {value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{FORM_BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"data.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend((0..FORM_FILE_BYTES).map(|i| (i % 251) as u8));
    body.extend_from_slice(format!("\r\n--{FORM_BOUNDARY}--\r\n").as_bytes());
    body
}

/// Whether `body` is one gzip member (RFC 1952) of the `/gzip` input: the header's magic and
/// deflate method, and the trailer's CRC-32 and length of the input.
fn is_gzip_of_input(body: &[u8]) -> bool {
    let Some(trailer) = body.len().checked_sub(8).map(|at| &body[at..]) else {
        return false;
    };
    let word = |bytes: &[u8]| u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    body.len() > 18
        && body.starts_with(&[0x1f, 0x8b, 8])
        && word(&trailer[..4]) == GZIP_INPUT_CRC32
        && word(&trailer[4..]) == GZIP_INPUT_BYTES
        // Compressed: the text shrinks to about a sixth.
        && body.len() < GZIP_INPUT_BYTES as usize / 2
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
        assert_eq!(Config::S3.handlers().len(), Handler::ALL.len());
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

    #[test]
    fn names_read_back() {
        for handler in Handler::ALL {
            assert_eq!(Handler::from_name(handler.name()), Some(handler));
            assert!(handler
                .target()
                .starts_with(&format!("/{}", handler.name())));
        }
        assert_eq!(Handler::from_name("nope"), None);
    }

    #[test]
    fn the_new_hot_paths_are_checked_by_content() {
        assert!(Handler::Digest.accepts(DIGEST_ANSWER));
        assert!(!Handler::Digest.accepts(b"sha256 00\n"));
        assert!(Handler::Hash.accepts(DIGEST_ANSWER));
        assert!(Handler::Hmac.accepts(HMAC_ANSWER));
        assert!(!Handler::Hmac.accepts(
            b"hmac 1fa99d1761ea17fc6ee2772b9e62b1a02c610454c46a47f80756afa4af5725ba invalid\n"
        ));
        assert!(Handler::Form.accepts(b"form 3 entries, file 102400 bytes\n"));
        assert!(!Handler::Form.accepts(b"form 2 entries, file 102400 bytes\n"));
    }

    /// A gzip header, `payload` zero bytes standing for the deflate data, and a trailer.
    fn gzip_member(crc: u32, length: u32, payload: usize) -> Vec<u8> {
        let mut member = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
        member.extend(std::iter::repeat_n(0u8, payload));
        member.extend_from_slice(&crc.to_le_bytes());
        member.extend_from_slice(&length.to_le_bytes());
        member
    }

    #[test]
    fn gzip_answers_are_checked_by_their_trailer() {
        let good = gzip_member(GZIP_INPUT_CRC32, GZIP_INPUT_BYTES, 11_000);
        assert!(Handler::Gzip.accepts(&good));
        assert!(!Handler::Gzip.accepts(&gzip_member(
            GZIP_INPUT_CRC32 ^ 1,
            GZIP_INPUT_BYTES,
            11_000
        )));
        assert!(!Handler::Gzip.accepts(&gzip_member(GZIP_INPUT_CRC32, 1000, 11_000)));
        // Not compressed at all: the input's length back is not a gzip of it.
        assert!(!Handler::Gzip.accepts(&gzip_member(GZIP_INPUT_CRC32, GZIP_INPUT_BYTES, 65_536)));
        assert!(!Handler::Gzip.accepts(&good[1..]));
        assert!(!Handler::Gzip.accepts(b"\x1f\x8b"));
    }

    #[test]
    fn the_form_upload_is_multipart_with_a_100_kb_file() {
        let body = Handler::Form.request_body();
        let text = String::from_utf8_lossy(&body);
        assert!(text.starts_with(&format!("--{FORM_BOUNDARY}\r\n")));
        assert!(text.ends_with(&format!("\r\n--{FORM_BOUNDARY}--\r\n")));
        assert_eq!(text.matches(FORM_BOUNDARY).count(), 4);
        assert!((FORM_FILE_BYTES..FORM_FILE_BYTES + 512).contains(&body.len()));
        assert_eq!(
            Handler::Form.content_type().unwrap(),
            format!("multipart/form-data; boundary={FORM_BOUNDARY}")
        );
        assert_eq!(Handler::Form.method(), "POST");
        assert_eq!(Handler::Digest.content_type(), None);
    }
}
