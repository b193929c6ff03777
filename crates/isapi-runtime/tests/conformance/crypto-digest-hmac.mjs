// crypto.subtle.digest and HMAC: outputs byte for byte, keys' shapes, and the errors
// (names) for bad input, as the Web Cryptography API and WPT's digest/ and sign_verify/
// tests describe them.
const subtle = crypto.subtle;
const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
const text = (s) => new TextEncoder().encode(s);
const sorted = (object) => JSON.stringify(Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : 1))));
const attempt = async (label, f) => {
  try {
    console.log(label, "ok", String(await f()));
  } catch (error) {
    console.log(label, "threw", error.name, error instanceof TypeError, error instanceof DOMException);
  }
};
const long = new Uint8Array(1000).map((_, i) => i * 7);

for (const hash of ["SHA-1", "SHA-256", "SHA-384", "SHA-512"]) {
  for (const [label, data] of [["empty", new Uint8Array(0)], ["abc", text("abc")], ["1000", long]]) {
    console.log("digest", hash, label, hex(await subtle.digest(hash, data)));
  }
}
// Names are case-insensitive; any BufferSource; the data is copied when called.
console.log("digest", hex(await subtle.digest({ name: "sha-256" }, long.buffer)));
console.log("digest", hex(await subtle.digest("Sha-1", new DataView(long.buffer, 10, 20))));
console.log("digest", hex(await subtle.digest("SHA-256", new Uint16Array([1, 2, 3]))));
const changing = text("before");
const pending = subtle.digest("SHA-256", changing);
changing.set(text("after!"));
console.log("digest copies", hex(await pending));
const result = await subtle.digest("SHA-256", text(""));
console.log("digest result", result instanceof ArrayBuffer, result.byteLength);
await attempt("digest unknown", () => subtle.digest("SHA-257", text("")));
await attempt("digest MD5", () => subtle.digest("MD5", text("")));
await attempt("digest HMAC", () => subtle.digest("HMAC", text("")));
await attempt("digest no name", () => subtle.digest({}, text("")));
await attempt("digest string data", () => subtle.digest("SHA-256", "abc"));
await attempt("digest no data", () => subtle.digest("SHA-256"));
await attempt("digest number", () => subtle.digest(1, text("")));
const rejected = subtle.digest("nope", text(""));
console.log("digest rejects", rejected instanceof Promise);
rejected.catch(() => {});

// HMAC: keys of every length (shorter than, equal to and longer than a block).
for (const hash of ["SHA-1", "SHA-256", "SHA-384", "SHA-512"]) {
  for (const length of [1, 32, 64, 129, 200]) {
    const raw = new Uint8Array(length).map((_, i) => i + length);
    const key = await subtle.importKey("raw", raw, { name: "HMAC", hash }, true, ["sign", "verify"]);
    const signature = await subtle.sign("HMAC", key, long);
    console.log("hmac", hash, length, hex(signature));
    console.log("hmac verify", await subtle.verify("HMAC", key, signature, long));
    const wrong = new Uint8Array(signature);
    wrong[0] ^= 1;
    console.log("hmac verify wrong", await subtle.verify("HMAC", key, wrong, long));
    console.log("hmac verify short", await subtle.verify("HMAC", key, wrong.subarray(1), long));
  }
}
const hmac = await subtle.importKey("raw", text("secret"), { name: "HMAC", hash: { name: "SHA-256" } }, true, ["verify", "sign"]);
console.log("hmac key", hmac.type, hmac.extractable, hmac.algorithm.name, hmac.algorithm.hash.name, hmac.algorithm.length);
console.log("hmac usages", hmac.usages.join(","), hmac.usages === hmac.usages, hmac.algorithm === hmac.algorithm);
console.log("hmac raw", hex(await subtle.exportKey("raw", hmac)));
console.log("hmac jwk", sorted(await subtle.exportKey("jwk", hmac)));
const fromJwk = await subtle.importKey("jwk", { kty: "oct", k: "c2VjcmV0", alg: "HS256", ext: true }, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
console.log("hmac from jwk", hex(await subtle.sign("HMAC", fromJwk, text("x"))), fromJwk.extractable);
// (The standard also allows a length up to 7 bits shorter than the data; Node refuses it.)
const short = await subtle.importKey("raw", text("secret"), { name: "HMAC", hash: "SHA-1", length: 48 }, true, ["sign"]);
console.log("hmac length", short.algorithm.length);
for (const hash of ["SHA-1", "SHA-384"]) {
  const generated = await subtle.generateKey({ name: "HMAC", hash }, true, ["sign"]);
  console.log("hmac generated", hash, generated.algorithm.length, (await subtle.exportKey("raw", generated)).byteLength);
}
const sized = await subtle.generateKey({ name: "HMAC", hash: "SHA-256", length: 128 }, false, ["sign"]);
console.log("hmac generated 128", sized.algorithm.length, sized.extractable);

await attempt("hmac no hash", () => subtle.importKey("raw", text("k"), { name: "HMAC" }, true, ["sign"]));
await attempt("hmac bad hash", () => subtle.importKey("raw", text("k"), { name: "HMAC", hash: "SHA-2" }, true, ["sign"]));
await attempt("hmac empty key", () => subtle.importKey("raw", new Uint8Array(0), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]));
await attempt("hmac long length", () => subtle.importKey("raw", text("k"), { name: "HMAC", hash: "SHA-256", length: 9 }, true, ["sign"]));
await attempt("hmac short length", () => subtle.importKey("raw", text("kk"), { name: "HMAC", hash: "SHA-256", length: 8 }, true, ["sign"]));
await attempt("hmac bad usage", () => subtle.importKey("raw", text("k"), { name: "HMAC", hash: "SHA-256" }, true, ["encrypt"]));
await attempt("hmac unknown usage", () => subtle.importKey("raw", text("k"), { name: "HMAC", hash: "SHA-256" }, true, ["fly"]));
await attempt("hmac no usages", () => subtle.importKey("raw", text("k"), { name: "HMAC", hash: "SHA-256" }, true, []));
// Node 20 differs from the standard on three (tested in tests/crypto.rs instead): spki or
// pkcs8 for HMAC is a plain Error (NotSupportedError), a BufferSource as a JWK is a DataError
// (TypeError), and exporting an unextractable key names InvalidAccessException.
await attempt("hmac bad format", () => subtle.importKey("pem", text("k"), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]));
await attempt("hmac jwk kty", () => subtle.importKey("jwk", { kty: "EC", k: "c2VjcmV0" }, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]));
await attempt("hmac jwk alg", () => subtle.importKey("jwk", { kty: "oct", k: "c2VjcmV0", alg: "HS512" }, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]));
await attempt("hmac jwk ext", () => subtle.importKey("jwk", { kty: "oct", k: "c2VjcmV0", ext: false }, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]));
await attempt("hmac jwk key_ops", () => subtle.importKey("jwk", { kty: "oct", k: "c2VjcmV0", key_ops: ["verify"] }, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]));
await attempt("hmac jwk use", () => subtle.importKey("jwk", { kty: "oct", k: "c2VjcmV0", use: "enc" }, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]));
await attempt("hmac jwk no k", () => subtle.importKey("jwk", { kty: "oct" }, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]));
const signOnly = await subtle.importKey("raw", text("k"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
await attempt("hmac verify with sign-only key", () => subtle.verify("HMAC", signOnly, new Uint8Array(32), text("")));
await attempt("hmac sign as ECDSA", () => subtle.sign({ name: "ECDSA", hash: "SHA-256" }, signOnly, text("")));
await attempt("hmac export pkcs8", () => subtle.exportKey("pkcs8", hmac));
await attempt("hmac sign not a key", () => subtle.sign("HMAC", {}, text("")));
await attempt("hmac sign string data", () => subtle.sign("HMAC", signOnly, "x"));
await attempt("hmac generate no usages", () => subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, []));
await attempt("hmac generate length 0", () => subtle.generateKey({ name: "HMAC", hash: "SHA-256", length: 0 }, true, ["sign"]));
