// HKDF and PBKDF2 (deriveBits and deriveKey), ECDH and X25519 deriveKey: derived bytes
// compared with Node, and the errors for bad lengths, usages and keys.
const subtle = crypto.subtle;
const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
const text = (s) => new TextEncoder().encode(s);
const attempt = async (label, f) => {
  try {
    const value = await f();
    console.log(label, "ok", value instanceof ArrayBuffer ? hex(value) : String(value));
  } catch (error) {
    console.log(label, "threw", error.name, error instanceof TypeError, error instanceof DOMException);
  }
};
const usages = ["deriveBits", "deriveKey"];
const hkdf = await subtle.importKey("raw", text("input keying material"), "HKDF", false, usages);
const pbkdf2 = await subtle.importKey("raw", text("password"), { name: "pbkdf2" }, false, usages);
console.log("keys", hkdf.algorithm.name, hkdf.type, hkdf.extractable, pbkdf2.algorithm.name, pbkdf2.usages.join(","));
for (const hash of ["SHA-1", "SHA-256", "SHA-384", "SHA-512"]) {
  for (const length of [8, 128, 256, 800]) {
    const bits = await subtle.deriveBits({ name: "HKDF", hash, salt: text("salt"), info: text("info") }, hkdf, length);
    console.log("hkdf", hash, length, hex(bits));
  }
  console.log("hkdf empty salt", hash, hex(await subtle.deriveBits({ name: "HKDF", hash, salt: new Uint8Array(0), info: new Uint8Array(0) }, hkdf, 256)));
  for (const iterations of [1, 2, 1000]) {
    const bits = await subtle.deriveBits({ name: "PBKDF2", hash, salt: text("salt"), iterations }, pbkdf2, 320);
    console.log("pbkdf2", hash, iterations, hex(bits));
  }
}
const empty = await subtle.importKey("raw", new Uint8Array(0), "PBKDF2", false, ["deriveBits"]);
console.log("pbkdf2 empty password", hex(await subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: new Uint8Array(0), iterations: 3 }, empty, 256)));

// deriveKey into AES and HMAC keys.
const hkdfParams = { name: "HKDF", hash: "SHA-256", salt: text("s"), info: text("i") };
for (const [type, keyUsages] of [
  [{ name: "AES-GCM", length: 256 }, ["encrypt"]],
  [{ name: "AES-KW", length: 128 }, ["wrapKey"]],
  [{ name: "HMAC", hash: "SHA-256" }, ["sign"]],
  [{ name: "HMAC", hash: "SHA-512", length: 160 }, ["sign"]],
]) {
  const derived = await subtle.deriveKey(hkdfParams, hkdf, type, true, keyUsages);
  console.log("deriveKey", derived.algorithm.name, derived.algorithm.length, hex(await subtle.exportKey("raw", derived)));
  const fromPassword = await subtle.deriveKey({ name: "PBKDF2", hash: "SHA-1", salt: text("s"), iterations: 10 }, pbkdf2, type, false, keyUsages);
  console.log("deriveKey pbkdf2", fromPassword.algorithm.name, fromPassword.extractable, fromPassword.usages.join(","));
}

// ECDH and X25519 deriveKey with generated keys: both sides agree.
for (const algorithm of [{ name: "ECDH", namedCurve: "P-256" }, { name: "ECDH", namedCurve: "P-384" }, { name: "X25519" }]) {
  const a = await subtle.generateKey(algorithm, false, ["deriveKey", "deriveBits"]);
  const b = await subtle.generateKey(algorithm, false, ["deriveKey"]);
  const ka = await subtle.deriveKey({ name: algorithm.name, public: b.publicKey }, a.privateKey, { name: "HMAC", hash: "SHA-256", length: 256 }, true, ["sign"]);
  const kb = await subtle.deriveKey({ name: algorithm.name, public: a.publicKey }, b.privateKey, { name: "HMAC", hash: "SHA-256", length: 256 }, true, ["sign"]);
  console.log(algorithm.name, algorithm.namedCurve, "agree", hex(await subtle.exportKey("raw", ka)) === hex(await subtle.exportKey("raw", kb)));
  console.log(algorithm.name, "public usages", a.publicKey.usages.length, a.publicKey.extractable, a.privateKey.extractable);
  await attempt(`${algorithm.name} too long`, () => subtle.deriveBits({ name: algorithm.name, public: b.publicKey }, a.privateKey, 1024));
  await attempt(`${algorithm.name} private as public`, () => subtle.deriveBits({ name: algorithm.name, public: a.privateKey }, a.privateKey, 128));
  await attempt(`${algorithm.name} no public`, () => subtle.deriveBits({ name: algorithm.name }, a.privateKey, 128));
  await attempt(`${algorithm.name} b deriveBits`, () => subtle.deriveBits({ name: algorithm.name, public: a.publicKey }, b.privateKey, 128));
  await attempt(`${algorithm.name} public usage`, () => subtle.generateKey(algorithm, false, ["sign"]));
}
const p256 = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
const p384 = await subtle.generateKey({ name: "ECDH", namedCurve: "P-384" }, false, ["deriveBits"]);
await attempt("ECDH curves differ", () => subtle.deriveBits({ name: "ECDH", public: p384.publicKey }, p256.privateKey, 128));
const ecdsa = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
await attempt("ECDH with ECDSA public", () => subtle.deriveBits({ name: "ECDH", public: ecdsa.publicKey }, p256.privateKey, 128));

await attempt("hkdf no length", () => subtle.deriveBits(hkdfParams, hkdf));
await attempt("hkdf null length", () => subtle.deriveBits(hkdfParams, hkdf, null));
await attempt("hkdf length 12", () => subtle.deriveBits(hkdfParams, hkdf, 12));
await attempt("hkdf too long", () => subtle.deriveBits(hkdfParams, hkdf, 255 * 256 + 8));
await attempt("hkdf no info", () => subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: text("s") }, hkdf, 128));
await attempt("hkdf no hash", () => subtle.deriveBits({ name: "HKDF", salt: text("s"), info: text("i") }, hkdf, 128));
await attempt("pbkdf2 0 iterations", () => subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: text("s"), iterations: 0 }, pbkdf2, 128));
await attempt("pbkdf2 no salt", () => subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", iterations: 1 }, pbkdf2, 128));
await attempt("pbkdf2 as hkdf", () => subtle.deriveBits(hkdfParams, pbkdf2, 128));
await attempt("import extractable", () => subtle.importKey("raw", text("p"), "PBKDF2", true, ["deriveBits"]));
await attempt("import sign usage", () => subtle.importKey("raw", text("p"), "HKDF", false, ["sign"]));
await attempt("import jwk", () => subtle.importKey("jwk", { kty: "oct", k: "cA" }, "HKDF", false, ["deriveBits"]));
await attempt("generate", () => subtle.generateKey({ name: "HKDF" }, false, ["deriveBits"]));
// (Exporting a KDF key is a NotSupportedError by the standard; Node checks extractable
// first and names it InvalidAccessException.)
await attempt("deriveKey only bits usage", () => subtle.deriveKey(hkdfParams, empty, { name: "AES-GCM", length: 128 }, true, ["encrypt"]));
await attempt("deriveKey AES bad length", () => subtle.deriveKey(hkdfParams, hkdf, { name: "AES-GCM", length: 100 }, true, ["encrypt"]));
await attempt("deriveKey to ECDSA", () => subtle.deriveKey(hkdfParams, hkdf, { name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]));
await attempt("deriveKey bad usage", () => subtle.deriveKey(hkdfParams, hkdf, { name: "AES-GCM", length: 128 }, true, ["sign"]));
