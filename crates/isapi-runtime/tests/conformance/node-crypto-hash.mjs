// node:crypto hashing: createHash (every digest, encodings, copy, XOF lengths), hash(),
// createHmac, getHashes, timingSafeEqual, and their errors.
import crypto from "node:crypto";
import { createHash, createHmac, hash, getHashes, timingSafeEqual, Hash, Hmac } from "crypto";
import { Buffer } from "node:buffer";

const show = (label, f) => {
  try {
    const r = f();
    console.log(label, typeof r === "string" ? r : Buffer.isBuffer(r) ? `<Buffer ${r.toString("hex")}>` : JSON.stringify(r));
  } catch (e) {
    console.log(label, "threw", e.name, e.code, e.message);
  }
};

const algorithms = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha512-224", "sha512-256",
  "sha3-224", "sha3-256", "sha3-384", "sha3-512", "ripemd160", "shake128", "shake256",
  "RSA-SHA256", "SHA256", "sha256WithRSAEncryption", "RSA-SHA1", "rmd160", "SHA3-512"];
for (const name of algorithms) {
  show(name, () => createHash(name).update("The quick brown fox jumps over the lazy dog").digest("hex"));
  show(`${name} empty`, () => createHash(name).digest("base64"));
}
const million = "a".repeat(1000);
const h = createHash("sha256");
for (let i = 0; i < 1000; i++) h.update(million);
show("million a", () => h.digest("hex"));

// Encodings of input and output.
show("latin1 in", () => createHash("md5").update("é", "latin1").digest("hex"));
show("hex in", () => createHash("md5").update("c3a9", "hex").digest("hex"));
show("base64 in", () => createHash("md5").update("w6k=", "base64").digest("hex"));
show("utf8 in", () => createHash("md5").update("é", "utf8").digest("hex"));
show("surrogates", () => createHash("sha1").update("\ud83d\ude00 and \ud800 lone").digest("hex"));
show("typed arrays", () => createHash("sha1").update(new Uint16Array([1, 2, 3])).update(new DataView(new ArrayBuffer(4))).digest("hex"));
show("buffer out", () => createHash("sha1").update("x").digest());
show("base64url out", () => createHash("sha256").update("x").digest("base64url"));
show("latin1 out", () => Buffer.from(createHash("md5").update("x").digest("latin1"), "latin1").toString("hex"));
show("binary out", () => createHash("md5").update("x").digest("binary").length);
show("ucs2 out", () => createHash("md5").update("x").digest("ucs2").length);
show("unknown encoding out", () => createHash("md5").update("x").digest("nope"));
show("chaining", () => createHash("sha1").update("a").update("b").update(Buffer.from("c")).digest("hex"));

// copy() keeps the state; the copy and the original go on separately.
const base = createHash("sha256").update("hello ");
const copy = base.copy();
show("copy a", () => base.update("world").digest("hex"));
show("copy b", () => copy.update("there").digest("hex"));
show("xof lengths", () => [createHash("shake256", { outputLength: 5 }).update("x").digest("hex"), createHash("shake128", { outputLength: 0 }).digest("hex"), createHash("shake128").copy({ outputLength: 20 }).digest("hex")]);

// hash(): Node 20.12's one-shot.
show("hash hex", () => hash("sha1", "abc"));
show("hash buffer", () => hash("sha1", "abc", "buffer"));
show("hash base64", () => hash("md5", Buffer.from("abc"), "base64"));
show("hash view", () => hash("sha256", new Uint8Array([1, 2, 3])));
show("hash unknown", () => hash("nope", "abc"));
show("hash bad data", () => hash("sha1", 5));

// Construction forms.
show("Hash without new", () => Hash("md5").update("x").digest("hex"));
show("instanceof", () => [createHash("md5") instanceof Hash, createHmac("md5", "k") instanceof Hmac, crypto.createHash === createHash]);

// HMAC (RFC 4231 case 2 and friends).
show("hmac rfc4231", () => createHmac("sha256", "Jefe").update("what do ya want for nothing?").digest("hex"));
show("hmac sha512", () => createHmac("sha512", Buffer.from("0b".repeat(20), "hex")).update("Hi There").digest("hex"));
show("hmac md5", () => createHmac("md5", "key").update("The quick brown fox jumps over the lazy dog").digest("hex"));
show("hmac sha3", () => createHmac("sha3-256", "key").update("msg").digest("base64"));
show("hmac long key", () => createHmac("sha1", "k".repeat(200)).update("msg").digest("hex"));
show("hmac empty key", () => createHmac("sha1", "").update("msg").digest("hex"));
show("hmac secret key", () => createHmac("sha256", crypto.createSecretKey(Buffer.from("Jefe"))).update("what do ya want for nothing?").digest("hex"));
show("hmac key encoding", () => createHmac("sha256", "4a656665", { encoding: "hex" }).update("what do ya want for nothing?").digest("hex"));
show("hmac twice", () => { const m = createHmac("sha256", "k"); m.digest(); return [m.digest("hex"), m.digest().length]; });
show("hmac update after digest", () => { const m = createHmac("sha256", "k"); m.digest(); m.update("x"); });
show("hmac bad digest", () => createHmac("nope", "k"));
show("hmac bad key", () => createHmac("sha256", 5));

// Errors.
show("unknown digest", () => createHash("nope"));
show("algorithm type", () => createHash(5));
show("data type", () => createHash("sha256").update(5));
show("digest twice", () => { const x = createHash("sha256"); x.digest(); x.digest(); });
show("update after digest", () => { const x = createHash("sha256"); x.digest(); x.update("x"); });
show("copy after digest", () => { const x = createHash("sha256"); x.digest(); x.copy(); });
show("output length on fixed", () => createHash("sha256", { outputLength: 5 }));
show("output length matching", () => createHash("sha256", { outputLength: 32 }).digest("hex").length);

// getHashes lists what createHash takes.
const hashes = getHashes();
show("getHashes", () => ["md5", "sha1", "sha256", "sha512", "sha3-256", "shake256", "RSA-SHA256", "ripemd160"].map((n) => hashes.includes(n)));
show("getHashes all usable", () => hashes.every((n) => { try { createHash(n); return true; } catch { return ["blake2b512", "blake2s256", "md5-sha1", "sm3", "RSA-SM3", "sm3WithRSAEncryption"].includes(n); } }));

// timingSafeEqual.
show("tse equal", () => timingSafeEqual(Buffer.from("abc"), Buffer.from("abc")));
show("tse differ", () => timingSafeEqual(Buffer.from("abc"), Buffer.from("abd")));
show("tse views", () => timingSafeEqual(new Uint16Array([1]), new Uint8Array([1, 0])));
show("tse arraybuffer", () => timingSafeEqual(new ArrayBuffer(2), new Uint8Array(2)));
show("tse length", () => timingSafeEqual(Buffer.from("a"), Buffer.from("ab")));
show("tse type", () => timingSafeEqual("a", "b"));
show("tse type 2", () => timingSafeEqual(Buffer.from("a"), "b"));
