// The shapes of Crypto, SubtleCrypto and CryptoKey, and key import/export edge cases for
// the asymmetric algorithms (ECDSA, ECDH, Ed25519, X25519, RSA): formats each key type
// allows, JWK checks, usages, and the error names.
const subtle = crypto.subtle;
const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
const text = (s) => new TextEncoder().encode(s);
const sorted = (object) => JSON.stringify(Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : 1))));
const attempt = async (label, f) => {
  try {
    const value = await f();
    console.log(label, "ok", value instanceof ArrayBuffer ? hex(value) : String(value));
  } catch (error) {
    console.log(label, "threw", error.name, error instanceof TypeError, error instanceof DOMException);
  }
};

// The objects. (Node 20's `crypto instanceof Crypto` is false and its
// Object.prototype.toString of crypto is [object Object]: tests/crypto.rs checks ours.)
const descriptor = Object.getOwnPropertyDescriptor(globalThis, "crypto");
console.log("crypto", typeof descriptor.get, descriptor.set, descriptor.configurable, typeof crypto);
for (const name of ["Crypto", "CryptoKey", "SubtleCrypto"]) {
  console.log(name, typeof globalThis[name]);
  try {
    new globalThis[name]();
  } catch (error) {
    console.log(name, "constructor threw", error.name);
  }
}
console.log("subtle", crypto.subtle === crypto.subtle, crypto.subtle instanceof SubtleCrypto);
console.log("subtle methods", ["encrypt", "decrypt", "sign", "verify", "digest", "generateKey", "deriveKey", "deriveBits", "importKey", "exportKey", "wrapKey", "unwrapKey"].map((m) => typeof SubtleCrypto.prototype[m]).join(","));
console.log("key members", ["type", "extractable", "algorithm", "usages"].map((m) => typeof Object.getOwnPropertyDescriptor(CryptoKey.prototype, m).get).join(","));
try {
  crypto.getRandomValues(new Uint8Array(65537));
} catch (error) {
  console.log("getRandomValues quota", error.name);
}
try {
  crypto.getRandomValues(new Float64Array(1));
} catch (error) {
  console.log("getRandomValues float", error.name);
}
console.log("randomUUID", /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()));

// Each asymmetric algorithm: generated keys' shapes, formats and their errors.
const rsa = (name) => ({ name, modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" });
const cases = [
  [{ name: "ECDSA", namedCurve: "P-256" }, ["sign", "verify"]],
  [{ name: "ECDSA", namedCurve: "P-384" }, ["sign", "verify"]],
  [{ name: "ECDH", namedCurve: "P-384" }, ["deriveBits"]],
  [{ name: "Ed25519" }, ["sign", "verify"]],
  [{ name: "X25519" }, ["deriveKey"]],
  [rsa("RSASSA-PKCS1-v1_5"), ["sign", "verify"]],
  [rsa("RSA-PSS"), ["verify", "sign"]],
  [rsa("RSA-OAEP"), ["encrypt", "decrypt", "wrapKey", "unwrapKey"]],
];
for (const [algorithm, usages] of cases) {
  const label = `${algorithm.name} ${algorithm.namedCurve ?? ""}`;
  const { publicKey, privateKey } = await subtle.generateKey(algorithm, true, usages);
  const shape = (key) => {
    const { name, namedCurve, modulusLength, publicExponent, hash } = key.algorithm;
    return [key.type, key.extractable, key.usages.join("+"), name, namedCurve, modulusLength, publicExponent && hex(publicExponent), hash?.name].join(" ");
  };
  console.log(label, "private", shape(privateKey));
  console.log(label, "public", shape(publicKey));
  for (const format of ["raw", "spki", "jwk"]) {
    await attempt(`${label} export public ${format}`, async () => {
      const exported = await subtle.exportKey(format, publicKey);
      return exported instanceof ArrayBuffer ? exported.byteLength : Object.keys(exported).sort().join(",");
    });
  }
  await attempt(`${label} export private`, async () => (await subtle.exportKey("pkcs8", privateKey)).byteLength > 0);
  const spki = await subtle.exportKey("spki", publicKey);
  const jwk = await subtle.exportKey("jwk", publicKey);
  const publicUsages = publicKey.usages;
  await attempt(`${label} spki as pkcs8`, () => subtle.importKey("pkcs8", spki, algorithm, true, privateKey.usages));
  await attempt(`${label} spki private usage`, () => subtle.importKey("spki", spki, algorithm, true, privateKey.usages));
  await attempt(`${label} spki garbage`, () => subtle.importKey("spki", text("garbage"), algorithm, true, publicUsages));
  await attempt(`${label} spki truncated`, () => subtle.importKey("spki", spki.slice(0, spki.byteLength - 1), algorithm, true, publicUsages));
  await attempt(`${label} pkcs8 garbage`, () => subtle.importKey("pkcs8", text("garbage"), algorithm, true, privateKey.usages));
  await attempt(`${label} jwk public`, async () => (await subtle.importKey("jwk", jwk, algorithm, true, publicUsages)).type);
  await attempt(`${label} jwk wrong kty`, () => subtle.importKey("jwk", { ...jwk, kty: "oct" }, algorithm, true, publicUsages));
  await attempt(`${label} jwk key_ops`, () => subtle.importKey("jwk", { ...jwk, key_ops: [] }, algorithm, true, publicUsages));
  await attempt(`${label} jwk ext`, () => subtle.importKey("jwk", { ...jwk, ext: false }, algorithm, true, publicUsages));
  await attempt(`${label} no usages`, () => subtle.generateKey(algorithm, true, []));
  await attempt(`${label} only public usages`, () => subtle.generateKey(algorithm, true, publicUsages.length ? publicUsages : ["deriveBits"]).then((pair) => pair.privateKey.usages.join("+")));
  await attempt(`${label} bad usage`, () => subtle.generateKey(algorithm, true, ["sign", "encrypt"]));
}

// Fixed keys: JWKs in and out (EC made by Node, Ed25519 from RFC 8037 A).
const ecJwk = {
  kty: "EC",
  crv: "P-256",
  x: "CpgR6Pe-GUn8wDJCdX_4yP3okNoJVQ-6CgxPuQX81a4",
  y: "f0eHTu7XXSbjVbOJDt_DC8e32tdAPmNO-bBKmq-_V8M",
  d: "mFX30-zCnhZBGYpxLE9tEovwIYsKsVvVpfcbngaHCGU",
};
const ecPrivate = await subtle.importKey("jwk", ecJwk, { name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
console.log("ec jwk", sorted(await subtle.exportKey("jwk", ecPrivate)));
console.log("ec pkcs8", hex(await subtle.exportKey("pkcs8", ecPrivate)));
const { d, ...ecPublicJwk } = ecJwk;
const ecPublic = await subtle.importKey("jwk", ecPublicJwk, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
console.log("ec raw", hex(await subtle.exportKey("raw", ecPublic)));
console.log("ec spki", hex(await subtle.exportKey("spki", ecPublic)));
const raw = await subtle.exportKey("raw", ecPublic);
console.log("ec raw import", (await subtle.importKey("raw", raw, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"])).type);
await attempt("ec raw short", () => subtle.importKey("raw", raw.slice(1), { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]));
await attempt("ec raw other curve", () => subtle.importKey("raw", raw, { name: "ECDSA", namedCurve: "P-384" }, true, ["verify"]));
await attempt("ec jwk wrong curve", () => subtle.importKey("jwk", ecJwk, { name: "ECDSA", namedCurve: "P-384" }, true, ["sign"]));
await attempt("ec jwk off curve", () => subtle.importKey("jwk", { ...ecPublicJwk, y: ecPublicJwk.x }, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]));
await attempt("ec jwk wrong d", () => subtle.importKey("jwk", { ...ecJwk, d: ecJwk.x }, { name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]));
await attempt("ec jwk alg", () => subtle.importKey("jwk", { ...ecJwk, alg: "ES384" }, { name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]));
await attempt("ec jwk alg ok", async () => (await subtle.importKey("jwk", { ...ecJwk, alg: "ES256" }, { name: "ECDSA", namedCurve: "P-256" }, true, ["sign"])).type);
await attempt("ec unknown curve", () => subtle.generateKey({ name: "ECDSA", namedCurve: "P-255" }, true, ["sign"]));
await attempt("ec no curve", () => subtle.generateKey({ name: "ECDSA" }, true, ["sign"]));
await attempt("ecdsa no hash", () => subtle.sign({ name: "ECDSA" }, ecPrivate, text("x")));
await attempt("ecdsa sign with public", () => subtle.sign({ name: "ECDSA", hash: "SHA-256" }, ecPublic, text("x")));
console.log("ecdsa bad signature", await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, ecPublic, new Uint8Array(64), text("x")));
console.log("ecdsa short signature", await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, ecPublic, new Uint8Array(10), text("x")));

const edJwk = {
  kty: "OKP",
  crv: "Ed25519",
  d: "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
  x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
};
const edPrivate = await subtle.importKey("jwk", edJwk, "Ed25519", true, ["sign"]);
console.log("ed jwk", sorted(await subtle.exportKey("jwk", edPrivate)));
console.log("ed pkcs8", hex(await subtle.exportKey("pkcs8", edPrivate)));
console.log("ed signature", hex(await subtle.sign("Ed25519", edPrivate, text("Example"))));
const edPublic = await subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: edJwk.x }, { name: "Ed25519" }, true, ["verify"]);
console.log("ed raw", hex(await subtle.exportKey("raw", edPublic)), hex(await subtle.exportKey("spki", edPublic)));
await attempt("ed raw short", () => subtle.importKey("raw", new Uint8Array(31), "Ed25519", true, ["verify"]));
await attempt("ed raw private usage", () => subtle.importKey("raw", new Uint8Array(32), "Ed25519", true, ["sign"]));
await attempt("ed jwk x mismatch", () => subtle.importKey("jwk", { ...edJwk, x: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }, "Ed25519", true, ["sign"]));
await attempt("ed jwk crv", () => subtle.importKey("jwk", { ...edJwk, crv: "X25519" }, "Ed25519", true, ["sign"]));
await attempt("ed export raw private", () => subtle.exportKey("raw", edPrivate));
await attempt("ed export spki private", () => subtle.exportKey("spki", edPrivate));
await attempt("ed export pkcs8 public", () => subtle.exportKey("pkcs8", edPublic));
console.log("ed verify empty", await subtle.verify("Ed25519", edPublic, new Uint8Array(64), text("Example")));
await attempt("x25519 sign", () => subtle.generateKey("X25519", true, ["sign"]));
await attempt("rsa raw", () => subtle.importKey("raw", new Uint8Array(32), { name: "RSA-PSS", hash: "SHA-256" }, true, ["verify"]));
await attempt("rsa no hash", () => subtle.importKey("spki", new Uint8Array(32), { name: "RSA-PSS" }, true, ["verify"]));
await attempt("rsa no exponent", () => subtle.generateKey({ name: "RSA-PSS", modulusLength: 1024, hash: "SHA-256" }, true, ["sign"]));
await attempt("pss no salt", async () => {
  const { privateKey } = await subtle.generateKey(rsa("RSA-PSS"), true, ["sign"]);
  return subtle.sign({ name: "RSA-PSS" }, privateKey, text("x"));
});
