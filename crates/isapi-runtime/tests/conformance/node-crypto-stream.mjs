// node:crypto's objects as streams: Hash, Hmac, Cipheriv and Decipheriv are Transforms,
// Sign and Verify Writables (write/end/read, pipe, pipeline, async iteration, errors).
import crypto from "node:crypto";
import { Buffer } from "node:buffer";
import { Readable, Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";

const key = Buffer.alloc(32, 7);
const iv = Buffer.alloc(16, 9);
const collect = async (stream) => {
  const chunks = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
};

// write/end then read.
const hash = crypto.createHash("sha256");
hash.write("hello ");
hash.end("world");
console.log("hash read", hash.read().toString("hex"), hash instanceof Transform);

// pipe with setEncoding, 'finish' then read.
const piped = crypto.createHash("md5");
piped.setEncoding("hex");
await new Promise((resolve) => {
  piped.on("finish", resolve);
  Readable.from(["a", "b", Buffer.from("c")]).pipe(piped);
});
console.log("hash pipe", piped.read());

// Hmac through a pipeline, its digest collected.
const hmac = crypto.createHmac("sha1", "key");
let hmacOut = "";
await pipeline(Readable.from(["The quick brown fox ", "jumps over the lazy dog"]), hmac, new Writable({
  write(chunk, encoding, callback) {
    hmacOut += chunk.toString("hex");
    callback();
  },
}));
console.log("hmac pipeline", hmacOut);

// Encrypt and decrypt as streams; the result equals the update/final one.
const text = "stream me ".repeat(50);
const encrypted = await collect(Readable.from([text.slice(0, 7), text.slice(7, 300), text.slice(300)]).pipe(crypto.createCipheriv("aes-256-cbc", key, iv)));
const direct = crypto.createCipheriv("aes-256-cbc", key, iv);
console.log("cipher stream", encrypted.equals(Buffer.concat([direct.update(text), direct.final()])), encrypted.length);
const decrypted = await collect(Readable.from([encrypted.subarray(0, 5), encrypted.subarray(5)]).pipe(crypto.createDecipheriv("aes-256-cbc", key, iv)));
console.log("decipher stream", decrypted.toString() === text);

// GCM: the tag after the stream ends.
const gcm = crypto.createCipheriv("aes-256-gcm", key, iv.subarray(0, 12));
const sealed = await collect(Readable.from(["authenticated ", "data"]).pipe(gcm));
const opener = crypto.createDecipheriv("aes-256-gcm", key, iv.subarray(0, 12));
opener.setAuthTag(gcm.getAuthTag());
console.log("gcm stream", (await collect(Readable.from([sealed]).pipe(opener))).toString());

// A bad decrypt is the stream's error.
try {
  await pipeline(Readable.from([Buffer.alloc(16)]), crypto.createDecipheriv("aes-256-cbc", key, iv), new Writable({ write(c, e, cb) { cb(); } }));
} catch (error) {
  console.log("decipher stream error", error.code, error.message);
}

// Sign and Verify as Writables.
const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
const signer = crypto.createSign("sha256");
await pipeline(Readable.from(["signed ", "data"]), signer);
const signature = signer.sign(privateKey);
const verifier = crypto.createVerify("sha256");
verifier.write("signed ");
verifier.end("data");
await new Promise((resolve) => verifier.on("finish", resolve));
console.log("sign stream", verifier.verify(publicKey, signature), signer instanceof Writable);

// Objects never used as streams stay usable as before, and become streams later.
const plain = crypto.createHash("sha1");
plain.update("x");
console.log("plain", plain.digest("hex"), typeof plain.pipe, typeof plain.on);
const late = crypto.createHash("sha1");
late.update("x");
late.end();
console.log("late", late.read().toString("hex"));
