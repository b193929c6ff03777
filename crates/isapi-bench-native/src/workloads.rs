//! What the benchmark handlers compute, byte for byte the same as `bench/bench.ts`, so
//! that every configuration sends the same answers.
use flate2::{write::GzEncoder, Compression};
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Write;

/// The 13-byte `/hello` body (nginx serves the same bytes from a file).
pub const HELLO: &str = "Hello, world!";

/// Rounds of the `/cpu` loop: about 1 ms in QuickJS on the benchmark machine.
pub const CPU_ROUNDS: u32 = 12_000;

/// Items in the `/json` document when the query does not say (`n=20`: about 1 KB).
const DEFAULT_ITEMS: usize = 20;
const MAX_ITEMS: usize = 1000;

#[derive(Serialize)]
struct Document {
    n: usize,
    items: Vec<Item>,
}

#[derive(Serialize)]
struct Item {
    id: usize,
    name: String,
    even: bool,
    square: usize,
}

/// `n` from a query string like `n=20` (default 20, at most 1000).
pub fn items_wanted(query: &str) -> usize {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("n="))
        .and_then(|value| value.parse::<usize>().ok())
        .map_or(DEFAULT_ITEMS, |n| n.min(MAX_ITEMS))
}

/// The `/json` body: `{"n":..,"items":[{"id":0,"name":"item 0","even":true,"square":0},..]}`.
pub fn json_document(n: usize) -> String {
    let document = Document {
        n,
        items: (0..n)
            .map(|id| Item {
                id,
                name: format!("item {id}"),
                even: id % 2 == 0,
                square: id * id,
            })
            .collect(),
    };
    serde_json::to_string(&document).expect("plain data always serialises")
}

/// The `/cpu` body: a xorshift32 run of `rounds` steps, as `cpu <state>\n`.
pub fn cpu_answer(rounds: u32) -> String {
    let mut x: u32 = 2_463_534_242;
    for _ in 0..rounds {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
    }
    format!("cpu {x}\n")
}

/// `/digest`'s input: 1 KB, byte i = (7i + 3) mod 256.
pub fn digest_input() -> Vec<u8> {
    (0..1024u32).map(|i| (7 * i + 3) as u8).collect()
}

/// The `/digest` body: `sha256 <hex>\n`.
pub fn digest_answer(input: &[u8]) -> String {
    format!("sha256 {}\n", hex(&Sha256::digest(input)))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `/hmac`'s key and the signing input of an HS256 JWT (header.payload).
pub const HMAC_KEY: &[u8] = b"isapi-ts benchmark HS256 key 32B";
pub const JWT_SIGNING_INPUT: &str = concat!(
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
    "eyJzdWIiOiJ1c2VyLTEyMzQ1IiwibmFtZSI6IkFkYSBMb3ZlbGFjZSIsInJvbGUiOiJhZG1pbiIsImlhdCI6MTcwMDAw",
    "MDAwMCwiZXhwIjoxOTAwMDAwMDAwLCJhdWQiOiJpc2FwaS10cy1iZW5jaCJ9"
);

/// The `/hmac` body: the HMAC-SHA256 signature of the JWT input, then its verification
/// (constant-time, as `crypto.subtle.verify`'s).
pub fn hmac_answer() -> String {
    let keyed = Hmac::<Sha256>::new_from_slice(HMAC_KEY).expect("HMAC takes any key length");
    let mut signer = keyed.clone();
    signer.update(JWT_SIGNING_INPUT.as_bytes());
    let signature = signer.finalize().into_bytes();
    let mut verifier = keyed;
    verifier.update(JWT_SIGNING_INPUT.as_bytes());
    let valid = verifier.verify_slice(&signature).is_ok();
    format!(
        "hmac {} {}\n",
        hex(&signature),
        if valid { "valid" } else { "invalid" }
    )
}

/// The `/buffer` body: `body` to base64 and to hex, each decoded back and compared.
pub fn buffer_answer(body: &[u8]) -> String {
    use base64::Engine;
    let base64 = base64::engine::general_purpose::STANDARD.encode(body);
    let hex = hex(body);
    let from_base64 = base64::engine::general_purpose::STANDARD
        .decode(&base64)
        .ok();
    let from_hex: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect();
    let same = from_base64.as_deref() == Some(body) && from_hex.as_deref() == Some(body);
    format!(
        "buffer {} {} {}\n",
        base64.len(),
        hex.len(),
        if same { "same" } else { "differs" }
    )
}

/// The `/form` body for a multipart/form-data `body` whose Content-Type is `content_type`:
/// how many parts, and the size of the part named `file` (-1 without one). A plain split on
/// the boundary, as a native extension would do it (no streaming, no charset handling).
pub fn form_answer(content_type: &str, body: &[u8]) -> Option<String> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))?
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let finder = memchr::memmem::Finder::new(delimiter.as_bytes());
    let mut rest = body.strip_prefix(delimiter.as_bytes())?;
    let (mut entries, mut file_size) = (0, -1i64);
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF, then the next delimiter.
    while let Some(part) = rest.strip_prefix(b"\r\n") {
        let end = finder.find(part)?;
        let section = &part[..end.checked_sub(2)?];
        let (head, content) = section.split_at(memchr::memmem::find(section, b"\r\n\r\n")? + 4);
        entries += 1;
        let head = std::str::from_utf8(head).ok()?;
        if head.contains("name=\"file\"") {
            file_size = content.len() as i64;
        }
        rest = &part[end + delimiter.len()..];
    }
    rest.starts_with(b"--")
        .then(|| format!("form {entries} entries, file {file_size} bytes\n"))
}

/// `/gzip`'s input: numbered lines of text cut to 64 KB.
pub fn gzip_input() -> Vec<u8> {
    let mut text = String::with_capacity(66 * 1024);
    let mut i = 0u64;
    while text.len() < 64 * 1024 {
        text.push_str(&format!(
            "item {i}: value {}, even {}\n",
            (i * i) % 10007,
            i.is_multiple_of(2)
        ));
        i += 1;
    }
    text.truncate(64 * 1024);
    text.into_bytes()
}

/// The `/gzip` body: `input` gzipped at the default level (6, as zlib's and
/// CompressionStream's).
pub fn gzip(input: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(input.len() / 4), Compression::default());
    encoder.write_all(input).expect("writing to a Vec");
    encoder.finish().expect("writing to a Vec")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_buffer_answer_counts_and_compares() {
        // The same value xtask's bench_configs expects from every configuration.
        let body: Vec<u8> = (0..3072u32).map(|i| (7 * i + 3) as u8).collect();
        assert_eq!(buffer_answer(&body), "buffer 4096 6144 same\n");
    }

    #[test]
    fn hello_is_thirteen_bytes() {
        assert_eq!(HELLO.len(), 13);
    }

    #[test]
    fn the_query_picks_the_item_count() {
        assert_eq!(items_wanted("n=3"), 3);
        assert_eq!(items_wanted("x=1&n=5"), 5);
        assert_eq!(items_wanted(""), 20);
        assert_eq!(items_wanted("n=abc"), 20);
        assert_eq!(items_wanted("n=99999"), 1000);
    }

    #[test]
    fn the_json_document_matches_what_the_ts_handler_builds() {
        assert_eq!(
            json_document(2),
            r#"{"n":2,"items":[{"id":0,"name":"item 0","even":true,"square":0},{"id":1,"name":"item 1","even":false,"square":1}]}"#
        );
        let twenty = json_document(20).len();
        assert!((900..1300).contains(&twenty), "{twenty} bytes");
    }

    #[test]
    fn the_digest_is_sha256_of_the_input() {
        // The same value xtask's bench_configs expects from every configuration.
        assert_eq!(
            digest_answer(&digest_input()),
            "sha256 e9183d9a79aad8a047b8e67981210d50b01fc75b1edba5bc32ba3d3ec4d5056d\n"
        );
    }

    #[test]
    fn the_jwt_check_signs_and_verifies() {
        assert_eq!(JWT_SIGNING_INPUT.len(), 189);
        assert_eq!(
            hmac_answer(),
            "hmac 1fa99d1761ea17fc6ee2772b9e62b1a02c610454c46a47f80756afa4af5725ba valid\n"
        );
    }

    #[test]
    fn multipart_parts_are_counted() {
        let body = b"--xy\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n\
                     --xy\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\n\
                     abc\r\n--xy--\r\n";
        assert_eq!(
            form_answer("multipart/form-data; boundary=xy", body).as_deref(),
            Some("form 2 entries, file 3 bytes\n")
        );
        assert_eq!(form_answer("multipart/form-data", body), None);
        assert_eq!(
            form_answer("multipart/form-data; boundary=xy", &body[..40]),
            None
        );
        assert_eq!(
            form_answer("multipart/form-data; boundary=\"zz\"", body),
            None
        );
    }

    #[test]
    fn the_gzip_trailer_names_the_input() {
        let input = gzip_input();
        assert_eq!(input.len(), 65536);
        assert!(input.starts_with(b"item 0: value 0, even true\nitem 1: value 1, even false\n"));
        let gz = gzip(&input);
        let trailer = &gz[gz.len() - 8..];
        // CRC-32 and length as xtask's bench_configs expects them.
        assert_eq!(trailer, [0x7a, 0x88, 0x9a, 0xf2, 0, 0, 1, 0]);
        assert!(gz.len() < 16 * 1024, "{}", gz.len());
    }

    #[test]
    fn the_cpu_loop_is_xorshift32() {
        // Marsaglia's xorshift32 from 2463534242: the first output is 723471715.
        assert_eq!(cpu_answer(1), "cpu 723471715\n");
    }
}
