// AES-GCM, AES-CBC, AES-CTR and AES-KW with fixed keys and IVs: ciphertexts byte for
// byte, round trips, wrapKey/unwrapKey, and the errors for bad parameters and tampering.
const subtle = crypto.subtle;
const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
const text = (s) => new TextEncoder().encode(s);
const bytes = (length, seed) => new Uint8Array(length).map((_, i) => (i * 31 + seed) & 255);
const sorted = (object) => JSON.stringify(Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : 1))));
const attempt = async (label, f) => {
  try {
    const value = await f();
    console.log(label, "ok", value instanceof ArrayBuffer ? hex(value) : String(value));
  } catch (error) {
    console.log(label, "threw", error.name, error instanceof TypeError, error instanceof DOMException);
  }
};
const plaintexts = [new Uint8Array(0), text("sixteen bytes!!!"), bytes(100, 3)];

for (const length of [128, 192, 256]) {
  const raw = bytes(length / 8, length);
  const usages = ["encrypt", "decrypt"];
  const gcm = await subtle.importKey("raw", raw, "AES-GCM", true, usages);
  const cbc = await subtle.importKey("raw", raw, { name: "aes-cbc" }, true, usages);
  const ctr = await subtle.importKey("raw", raw, "AES-CTR", true, usages);
  console.log("key", gcm.algorithm.name, gcm.algorithm.length, cbc.algorithm.name, gcm.type, gcm.usages.join(","));
  console.log("jwk", sorted(await subtle.exportKey("jwk", gcm)), sorted(await subtle.exportKey("jwk", ctr)));
  for (const plain of plaintexts) {
    for (const tagLength of [96, 104, 112, 120, 128]) {
      const params = { name: "AES-GCM", iv: bytes(12, 1), additionalData: text("header"), tagLength };
      const sealed = await subtle.encrypt(params, gcm, plain);
      console.log("gcm", length, plain.length, tagLength, hex(sealed));
      console.log("gcm open", hex(await subtle.decrypt(params, gcm, sealed)) === hex(plain));
    }
    const noAad = await subtle.encrypt({ name: "AES-GCM", iv: bytes(12, 9) }, gcm, plain);
    console.log("gcm no aad", hex(noAad));
    const cbcParams = { name: "AES-CBC", iv: bytes(16, 2) };
    const cbcSealed = await subtle.encrypt(cbcParams, cbc, plain);
    console.log("cbc", length, plain.length, hex(cbcSealed));
    console.log("cbc open", hex(await subtle.decrypt(cbcParams, cbc, cbcSealed)) === hex(plain));
    for (const counterLength of [128, 64, 8, 1]) {
      const counter = new Uint8Array(16).fill(255);
      counter[0] = 7;
      const ctrParams = { name: "AES-CTR", counter, length: counterLength };
      if (counterLength === 1 && plain.length > 32) continue;
      const ctrSealed = await subtle.encrypt(ctrParams, ctr, plain);
      console.log("ctr", length, plain.length, counterLength, hex(ctrSealed));
      console.log("ctr open", hex(await subtle.decrypt(ctrParams, ctr, ctrSealed)) === hex(plain));
    }
  }
  const kw = await subtle.importKey("raw", raw, "AES-KW", true, ["wrapKey", "unwrapKey"]);
  for (const wrapped of [16, 24, 32]) {
    const inner = await subtle.importKey("raw", bytes(wrapped, 5), "AES-GCM", true, ["encrypt"]);
    const sealed = await subtle.wrapKey("raw", inner, kw, "AES-KW");
    console.log("kw", length, wrapped, hex(sealed));
    const back = await subtle.unwrapKey("raw", sealed, kw, "AES-KW", "AES-GCM", true, ["encrypt"]);
    console.log("kw unwrap", back.algorithm.name, back.algorithm.length, hex(await subtle.exportKey("raw", back)));
  }
}

// Tampering and bad parameters.
const key = await subtle.importKey("raw", bytes(16, 0), "AES-GCM", false, ["encrypt", "decrypt", "wrapKey", "unwrapKey"]);
const gcmParams = { name: "AES-GCM", iv: bytes(12, 0) };
const sealed = new Uint8Array(await subtle.encrypt(gcmParams, key, text("attack at dawn")));
for (const index of [0, sealed.length - 1]) {
  const tampered = sealed.slice();
  tampered[index] ^= 1;
  await attempt(`gcm tampered ${index}`, () => subtle.decrypt(gcmParams, key, tampered));
}
await attempt("gcm wrong aad", () => subtle.decrypt({ ...gcmParams, additionalData: text("x") }, key, sealed));
await attempt("gcm too short", () => subtle.decrypt(gcmParams, key, sealed.subarray(0, 15)));
await attempt("gcm bad tag length", () => subtle.encrypt({ ...gcmParams, tagLength: 100 }, key, text("x")));
await attempt("gcm no iv", () => subtle.encrypt({ name: "AES-GCM" }, key, text("x")));
await attempt("gcm iv string", () => subtle.encrypt({ name: "AES-GCM", iv: "abc" }, key, text("x")));
await attempt("gcm as cbc", () => subtle.encrypt({ name: "AES-CBC", iv: bytes(16, 0) }, key, text("x")));
await attempt("gcm as RSA-OAEP", () => subtle.encrypt({ name: "RSA-OAEP" }, key, text("x")));
await attempt("gcm sign", () => subtle.sign("AES-GCM", key, text("x")));
// (Exporting or wrapping an unextractable key: Node names the error InvalidAccessException,
// the standard InvalidAccessError; tests/crypto.rs checks ours.)
const cbc = await subtle.importKey("raw", bytes(16, 0), "AES-CBC", true, ["encrypt", "decrypt"]);
await attempt("cbc short iv", () => subtle.encrypt({ name: "AES-CBC", iv: bytes(15, 0) }, cbc, text("x")));
await attempt("cbc bad padding", () => subtle.decrypt({ name: "AES-CBC", iv: bytes(16, 0) }, cbc, bytes(16, 4)));
await attempt("cbc partial block", () => subtle.decrypt({ name: "AES-CBC", iv: bytes(16, 0) }, cbc, bytes(15, 4)));
const ctr = await subtle.importKey("raw", bytes(16, 0), "AES-CTR", true, ["encrypt"]);
await attempt("ctr length 0", () => subtle.encrypt({ name: "AES-CTR", counter: bytes(16, 0), length: 0 }, ctr, text("x")));
await attempt("ctr length 129", () => subtle.encrypt({ name: "AES-CTR", counter: bytes(16, 0), length: 129 }, ctr, text("x")));
await attempt("ctr short counter", () => subtle.encrypt({ name: "AES-CTR", counter: bytes(8, 0), length: 64 }, ctr, text("x")));
await attempt("ctr no length", () => subtle.encrypt({ name: "AES-CTR", counter: bytes(16, 0) }, ctr, text("x")));
await attempt("ctr decrypt usage", () => subtle.decrypt({ name: "AES-CTR", counter: bytes(16, 0), length: 64 }, ctr, text("x")));
for (const length of [0, 8, 15, 20, 33, 64]) {
  await attempt(`import ${length} bytes`, () => subtle.importKey("raw", new Uint8Array(length), "AES-GCM", true, ["encrypt"]));
}
await attempt("import sign usage", () => subtle.importKey("raw", bytes(16, 0), "AES-GCM", true, ["sign"]));
await attempt("import kw encrypt usage", () => subtle.importKey("raw", bytes(16, 0), "AES-KW", true, ["encrypt"]));
await attempt("import jwk alg", () => subtle.importKey("jwk", { kty: "oct", k: "AAAAAAAAAAAAAAAAAAAAAA", alg: "A256GCM" }, "AES-GCM", true, ["encrypt"]));
await attempt("import jwk ok", async () => (await subtle.importKey("jwk", { kty: "oct", k: "AAAAAAAAAAAAAAAAAAAAAA", alg: "A128GCM" }, "AES-GCM", true, ["encrypt"])).algorithm.length);
await attempt("import jwk bad base64", () => subtle.importKey("jwk", { kty: "oct", k: "A" }, "AES-GCM", true, ["encrypt"]));
for (const length of [128, 192, 256, 100, 512]) {
  await attempt(`generate ${length}`, async () => {
    const generated = await subtle.generateKey({ name: "AES-CBC", length }, true, ["encrypt"]);
    return `${generated.algorithm.length} ${(await subtle.exportKey("raw", generated)).byteLength}`;
  });
}
await attempt("generate no length", () => subtle.generateKey({ name: "AES-CBC" }, true, ["encrypt"]));
await attempt("generate no usages", () => subtle.generateKey({ name: "AES-CBC", length: 128 }, true, []));
const kw = await subtle.importKey("raw", bytes(16, 0), "AES-KW", true, ["wrapKey", "unwrapKey"]);
const wrapped = new Uint8Array(await subtle.wrapKey("raw", cbc, kw, "AES-KW"));
wrapped[3] ^= 1;
await attempt("kw tampered", () => subtle.unwrapKey("raw", wrapped, kw, "AES-KW", "AES-CBC", true, ["encrypt"]));
await attempt("kw encrypt", () => subtle.encrypt("AES-KW", kw, bytes(16, 0)));
// JWK wrapped with AES-GCM and unwrapped again.
const jwkWrapped = await subtle.wrapKey("jwk", cbc, key, gcmParams);
const unwrapped = await subtle.unwrapKey("jwk", jwkWrapped, key, gcmParams, "AES-CBC", true, ["decrypt"]);
console.log("jwk unwrap", unwrapped.algorithm.name, unwrapped.usages.join(","), hex(await subtle.exportKey("raw", unwrapped)));
