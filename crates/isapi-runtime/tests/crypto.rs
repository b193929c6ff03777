//! Where Node 20's webcrypto differs from the Web Cryptography API (and WebIDL), the
//! conformance scripts leave the case out; this test checks the standard's answer in
//! our engine (`isapi-run`) instead.
use std::process::Command;

const SCRIPT: &str = r#"
const subtle = crypto.subtle;
const name = async (f) => { try { await f(); return "ok"; } catch (e) { return e.name; } };
// WebIDL: the global crypto is a Crypto (Node 20: false, and "[object Object]").
console.log(crypto instanceof Crypto, Object.prototype.toString.call(crypto));
console.log(Object.prototype.toString.call(subtle));
const secret = await subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["encrypt"]);
console.log(Object.prototype.toString.call(secret));
// exportKey of an unextractable key: InvalidAccessError (Node: InvalidAccessException).
console.log(await name(() => subtle.exportKey("raw", secret)));
const kw = await subtle.importKey("raw", new Uint8Array(16), "AES-KW", false, ["wrapKey"]);
console.log(await name(() => subtle.wrapKey("raw", secret, kw, "AES-KW")));
// A format the algorithm does not support: NotSupportedError (Node: a plain Error).
console.log(await name(() => subtle.importKey("spki", new Uint8Array(16), { name: "HMAC", hash: "SHA-256" }, true, ["sign"])));
// A BufferSource given as a JWK: TypeError (Node: DataError).
console.log(await name(() => subtle.importKey("jwk", new Uint8Array(16), "AES-GCM", true, ["encrypt"])));
// Exporting a KDF key: NotSupportedError before the extractable check.
const hkdf = await subtle.importKey("raw", new Uint8Array(16), "HKDF", false, ["deriveBits"]);
console.log(await name(() => subtle.exportKey("raw", hkdf)));
// HMAC raw keys may be up to 7 bits longer than `length` (Node requires equal).
const hmac = await subtle.importKey("raw", new Uint8Array(6), { name: "HMAC", hash: "SHA-1", length: 41 }, true, ["sign"]);
console.log(hmac.algorithm.length);
// The global crypto cannot be replaced (a getter without setter): assignment throws in
// strict code.
try { globalThis.crypto = 1; console.log("assigned"); } catch (e) { console.log(e.name); }
"#;

#[test]
fn crypto_answers_as_the_standard_says_where_node_does_not() {
    let folder = std::env::temp_dir().join(format!("isapi-crypto-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let script = folder.join("standard.mjs");
    std::fs::write(&script, SCRIPT).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_isapi-run"))
        .arg(&script)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&folder);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected = [
        "true [object Crypto]",
        "[object SubtleCrypto]",
        "[object CryptoKey]",
        "InvalidAccessError",
        "InvalidAccessError",
        "NotSupportedError",
        "TypeError",
        "NotSupportedError",
        "41",
        "TypeError",
    ];
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
}
