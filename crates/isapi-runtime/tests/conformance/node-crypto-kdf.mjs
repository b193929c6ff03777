// node:crypto key derivation and randomness: pbkdf2, scrypt, hkdf (known answers, sync
// and callback forms, errors); randomBytes, randomFill, randomInt, randomUUID,
// getRandomValues (shapes and ranges: the values differ per run).
import crypto, { pbkdf2, pbkdf2Sync, scrypt, scryptSync, hkdf, hkdfSync } from "node:crypto";
import { Buffer } from "node:buffer";

const show = (label, f) => {
  try {
    const r = f();
    console.log(label, typeof r === "string" ? r : Buffer.isBuffer(r) ? `<Buffer ${r.toString("hex")}>` : r instanceof ArrayBuffer ? `<ArrayBuffer ${Buffer.from(r).toString("hex")}>` : JSON.stringify(r));
  } catch (e) {
    console.log(label, "threw", e.name, e.code, e.message);
  }
};
// Callbacks finish in an order Node's thread pool decides: their lines are printed sorted.
// (Awaited at the end, so the script also runs as a handler's body.)
const results = [];
const EXPECTED = 7;
let allAnswered;
const answered = new Promise((resolve) => (allAnswered = resolve));
const record = (line) => {
  results.push(line);
  if (results.length === EXPECTED) allAnswered();
};
const done = (label) => (error, value) => {
  record(`${label} callback ${error ? `${error.name} ${error.code} ${error.message}` : error} ${Buffer.isBuffer(value) ? value.toString("hex") : value instanceof ArrayBuffer ? Buffer.from(value).toString("hex") : typeof value}`);
};

// PBKDF2 (RFC 6070 vectors, other digests).
show("pbkdf2 rfc6070 1", () => pbkdf2Sync("password", "salt", 1, 20, "sha1"));
show("pbkdf2 rfc6070 2", () => pbkdf2Sync("password", "salt", 4096, 20, "sha1"));
show("pbkdf2 rfc6070 5", () => pbkdf2Sync("passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25, "sha1"));
show("pbkdf2 sha256", () => pbkdf2Sync("password", "salt", 2, 32, "sha256"));
show("pbkdf2 sha512 long", () => pbkdf2Sync(Buffer.from("pw"), new Uint8Array([1, 2, 3]), 10, 100, "SHA512"));
show("pbkdf2 md5/sha3", () => [pbkdf2Sync("p", "s", 3, 8, "md5").toString("hex"), pbkdf2Sync("p", "s", 3, 8, "sha3-256").toString("hex")]);
show("pbkdf2 zero length", () => pbkdf2Sync("p", "s", 1, 0, "sha1"));
show("pbkdf2 bad digest", () => pbkdf2Sync("p", "s", 1, 10, "nope"));
show("pbkdf2 no digest", () => pbkdf2Sync("p", "s", 1, 10));
show("pbkdf2 iterations", () => pbkdf2Sync("p", "s", 0, 10, "sha1"));
show("pbkdf2 keylen", () => pbkdf2Sync("p", "s", 1, -1, "sha1"));
show("pbkdf2 keylen float", () => pbkdf2Sync("p", "s", 1, 1.5, "sha1"));
show("pbkdf2 password", () => pbkdf2Sync(5, "s", 1, 1, "sha1"));
show("pbkdf2 no callback", () => pbkdf2("p", "s", 1, 1, "sha1"));
pbkdf2("password", "salt", 1, 20, "sha1", done("pbkdf2"));

// scrypt (RFC 7914's first vector; the others are too slow for a debug build). The
// callback form below uses the defaults (N 16384, r 8: 16 MiB).
show("scrypt rfc7914 1", () => scryptSync("", "", 64, { N: 16, r: 1, p: 1 }));
show("scrypt rfc7914-sized", () => scryptSync("password", "NaCl", 64, { N: 64, r: 4, p: 3 }));
show("scrypt aliases", () => scryptSync("p", "s", 16, { cost: 16, blockSize: 2, parallelization: 3 }));
show("scrypt zero", () => scryptSync("p", "s", 0, { N: 16 }));
show("scrypt N not power of 2", () => scryptSync("p", "s", 10, { N: 3 }));
show("scrypt memory", () => scryptSync("p", "s", 10, { N: 2 ** 20 }));
show("scrypt maxmem", () => scryptSync("p", "s", 10, { N: 1024, r: 8, maxmem: 1 << 20 }));
show("scrypt under maxmem", () => scryptSync("p", "s", 10, { N: 1024, r: 1, maxmem: 1 << 20 }));
show("scrypt both", () => scryptSync("p", "s", 10, { N: 16, cost: 16 }));
scrypt("password", "NaCl", 16, { N: 16 }, done("scrypt options"));
scrypt("password", "NaCl", 16, done("scrypt"));

// HKDF (RFC 5869 case 1 and 3).
const ikm = Buffer.from("0b".repeat(22), "hex");
show("hkdf rfc5869 1", () => hkdfSync("sha256", ikm, Buffer.from("000102030405060708090a0b0c", "hex"), Buffer.from("f0f1f2f3f4f5f6f7f8f9", "hex"), 42));
show("hkdf rfc5869 3", () => hkdfSync("sha256", ikm, "", "", 42));
show("hkdf strings", () => hkdfSync("sha512", "key", "salt", "info", 16));
show("hkdf secret key", () => hkdfSync("sha1", crypto.createSecretKey(Buffer.from("key")), "salt", "info", 16));
show("hkdf max", () => hkdfSync("sha256", "k", "s", "i", 255 * 32).byteLength);
show("hkdf too long", () => hkdfSync("sha256", "k", "s", "i", 255 * 32 + 1));
show("hkdf info too long", () => hkdfSync("sha256", "k", "s", "i".repeat(1025), 10));
show("hkdf bad digest", () => hkdfSync("nope", "k", "s", "i", 10));
hkdf("sha256", "key", "salt", "info", 8, done("hkdf"));

// Randomness: shapes, ranges and errors.
show("randomBytes", () => [crypto.randomBytes(0).length, crypto.randomBytes(100000).length, Buffer.isBuffer(crypto.randomBytes(4))]);
show("randomBytes differ", () => !crypto.randomBytes(16).equals(crypto.randomBytes(16)));
show("randomBytes size type", () => crypto.randomBytes("5"));
show("randomBytes size range", () => crypto.randomBytes(-1));
crypto.randomBytes(8, (error, buffer) => record(`randomBytes callback ${error} ${buffer.length}`));
show("randomFillSync", () => { const b = Buffer.alloc(8); const r = crypto.randomFillSync(b, 2, 3); return [r === b, b[0], b[1], b[5], b[6], b[7]]; });
show("randomFillSync typed", () => { const a = new Uint32Array(4); return crypto.randomFillSync(a) === a; });
show("randomFillSync arraybuffer", () => crypto.randomFillSync(new ArrayBuffer(4)).byteLength);
show("randomFillSync offset", () => crypto.randomFillSync(Buffer.alloc(4), 5));
show("randomFillSync size", () => crypto.randomFillSync(Buffer.alloc(4), 1, 5));
show("randomFillSync type", () => crypto.randomFillSync("x"));
crypto.randomFill(new Uint8Array(4), 1, (error, buffer) => record(`randomFill callback ${error} ${buffer.length} ${buffer[0]}`));
const ints = Array.from({ length: 500 }, () => crypto.randomInt(3, 7));
show("randomInt range", () => [Math.min(...ints), Math.max(...ints), ints.every(Number.isInteger)]);
show("randomInt one arg", () => crypto.randomInt(1));
show("randomInt negative", () => { const v = crypto.randomInt(-10, -9); return v; });
show("randomInt big", () => { const v = crypto.randomInt(2 ** 48 - 1); return v >= 0 && v < 2 ** 48; });
show("randomInt order", () => crypto.randomInt(10, 5));
show("randomInt float", () => crypto.randomInt(1.5));
show("randomInt min float", () => crypto.randomInt(1.5, 3));
show("randomInt range too big", () => crypto.randomInt(0, 2 ** 49));
crypto.randomInt(5, (error, n) => record(`randomInt callback ${error} ${n >= 0 && n < 5}`));
show("randomUUID", () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()));
show("randomUUID options", () => crypto.randomUUID(5));
show("getRandomValues", () => { const a = new Uint16Array(3); return crypto.getRandomValues(a) === a; });
show("webcrypto", () => [crypto.webcrypto === globalThis.crypto, crypto.subtle === globalThis.crypto.subtle]);
await answered;
for (const line of results.sort()) console.log(line);
