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
// AES-GCM with 1- and 8-byte IVs: the standard allows any length (NIST SP 800-38D: J0 by
// GHASH); Node 20 refuses IVs under 12 bytes. The ciphertexts are OpenSSL's (Node's
// createCipheriv, and Python's cryptography for the 8-byte one).
const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
const seq = (n, seed) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + seed) & 255);
for (const bits of [128, 256]) {
  const key = await subtle.importKey("raw", seq(bits / 8, 1), "AES-GCM", false, ["encrypt", "decrypt"]);
  for (const ivLength of [1, 8]) {
    const params = { name: "AES-GCM", iv: seq(ivLength, 7), additionalData: seq(5, 3) };
    const sealed = await subtle.encrypt(params, key, seq(33, 9));
    const opened = await subtle.decrypt(params, key, sealed);
    console.log(bits, ivLength, hex(sealed), hex(opened) === hex(seq(33, 9)));
  }
}
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
        "128 1 3beb114881c66165ca03418a00f399bf20735d685c24bc454c6f47c574f2d13e759ea1a606b1746865b6e4fd34895469ec true",
        "128 8 80079e8f755322f17769a1a919f2aafad80d0664a145a823b4a39af45b583bd66dd8f02a3f290d0609db0e9a860007d596 true",
        "256 1 169b3585f304e50127416bff67fcd8047e6a0394a5418fdf77ff86474dc2149a52a7d33f3242a0a2f1f78838640d0208ca true",
        "256 8 7a1956ba5dc9a356f6097674abbc82f1cc0f4b9f9b0f5ddf649d3ef1529b1ec95da48ebeea8bf45b2f1c3c7c3f848f373d true",
    ];
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
}
