// node:zlib's sync and callback forms: round trips in every format and option, fixtures
// compressed by Node (decoded here by both) and by isapi-ts (so Node decodes ours: zlib-rs
// and zlib may choose different bytes, never different data), Node's errors (codes, errno,
// messages), option checks, maxOutputLength, constants and crc32.
import zlib from "node:zlib";
import * as named from "node:zlib";
import { Buffer } from "node:buffer";

const say = (line) => console.log(line);
const err = (e) => `${e.name} ${e.code} ${e.errno} ${e.message}`;
const attempt = (label, f) => {
  try {
    const out = f();
    say(`${label}: ok ${out.length} ${out.toString("hex").slice(0, 32)}`);
  } catch (e) {
    say(`${label}: ${err(e)}`);
  }
};
const text = Buffer.from("The quick brown fox jumps over the lazy dog. ".repeat(40) + "Ünïcödé ✓ 🎉");
const dict = Buffer.from("quick brown fox lazy dog");

// Made by Node 20 (crates/isapi-runtime/tests/conformance: `zlib.gzipSync(text, { level: 9 })`, …).
const NODE = {
  gzip: "H4sIAAAAAAACAwvJSFUoLM1MzlZIKsovz1NIy69QyCrNLShWyC9LLVIoyUhVyEmsqlRIyU/XUwgZVTyqeFTxqOJRxaOKh5fiw3PyDq9PPrwt5fBKhUdzJit8mN/XCQCnhmkUHAcAAA==",
  deflate: "eAELyUhVKCzNTM5WSCrKL89TSMuvUMgqzS0oVsgvSy1SKMlIVchJrKpUSMlP11MIGVU8GhqjaWM0p4wWBaMF4/CqJg7PyTu8PvnwtpTDKxUezZms8GF+XycAhJKSGQ==",
  raw: "BcG7teg0EEDRVk4FrsYN6DOyZFsaW5bkTwckJKRvLWIiMhq4nVABJbD3HIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEz6/y87f7+cf//MW/v/7gvz9//+1/",
  brotli: "GxsHAMTCU9IDilFAko4xwNbQxaVaQZ6sQO1RJILKQHllK9zU0Gwh46DwoQcl7MwLEwS5Fj8wTqWuqCuogcEAFO0+PQq9Kt349g3/NTY=",
  dict: "eLtypQkNC8lIVShEk8sqzS0oVsgvSy1SKMlIhSvVUxhVPKp4VPGo4lHFo4qHmeLDc/IOr08+vC3l8EqFR3MmK3yY39cJAISSkhk=",
  members: "H4sIAAAAAAAAA0vLLCouUQAA/HrxHAYAAAAfiwgAAAAAAAADK05Nzs9LAQBpER+2BgAAAA==",
};
// The same made by isapi-run.
const OURS = {
  gzip: "H4sIAAAAAAACAwvJSFUoLM1MzlZIKsovz1NIy69QyCrNLShWyC9LLVIoAUrnJFZVKqTkp+sphIwqHlU8qnhU8ajiUcXDS/HhOXmH1ycf3pZyeKXCozmTFT7M7+sEAKeGaRQcBwAA",
  deflate: "eAELyUhVKCzNTM5WSCrKL89TSMuvUMgqzS0oVsgvSy1SKMlIVchJrKpUSMlP11MYVTwaGqNpYzSnjBYFowXjMKsmDs/JO7w++fC2lMMrFR7NmazwYX5fJwCEkpIZ",
  raw: "BcG7teg0EEDRVk4FrsYN6DOyZFsaW5bkTwckJKRvLWIiMhq4nVABJbD3HIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEHIWzJ7dhq96FoA9rz8eFDqm0KOzme/G6TMxROHtyG7bqXQj6sPZ8XOiQSovCbr4Xr8vEz6/y87f7+cf//MW/v/7gvz9//+1/",
  brotli: "GxsHAMTCU9IDilFAko4xwNbQxaVaQZ6sQO1RJILKQHllK9zU0Gwh46DwoQcl7MwLEwS5Fj8wTqWuqCuogcEAFO0+PQq9Kt349g3/NTY=",
  dict: "eLtypQkNC8lIVShEk8sqzS0oVsgvSy1SKMlIhSvVUxhVPBoao2ljNKeMFgWjBWPF8KomDs/JO7w++fC2lMMrFR7NmazwYX5fJwCEkpIZ",
  members: "H4sIAAAAAAAAA0vLLCouUQAA/HrxHAYAAAAfiwgAAAAAAAADK05Nzs9LAQBpER+2BgAAAA==",
};

for (const [who, set] of [["node", NODE], ["ours", OURS]]) {
  const get = (k) => Buffer.from(set[k], "base64");
  const same = (b) => b.equals(text);
  say(
    `${who} fixtures: gzip ${same(zlib.gunzipSync(get("gzip")))} deflate ${same(zlib.inflateSync(get("deflate")))} ` +
      `raw ${same(zlib.inflateRawSync(get("raw")))} brotli ${same(zlib.brotliDecompressSync(get("brotli")))} ` +
      `dict ${same(zlib.inflateSync(get("dict"), { dictionary: dict }))} unzip ${same(zlib.unzipSync(get("gzip")))} ${same(zlib.unzipSync(get("deflate")))} ` +
      `members ${zlib.gunzipSync(get("members")).toString()}`,
  );
}

// Round trips through every format, level, strategy, window and memLevel.
{
  const results = [];
  for (const level of [-1, 0, 1, 5, 9]) {
    for (const strategy of [0, 1, 2, 3, 4]) {
      const packed = zlib.deflateSync(text, { level, strategy });
      results.push(zlib.inflateSync(packed).equals(text) ? "." : `x(${level},${strategy})`);
    }
  }
  for (const windowBits of [8, 9, 12, 15]) {
    for (const memLevel of [1, 8, 9]) {
      const opts = { windowBits, memLevel };
      results.push(zlib.inflateSync(zlib.deflateSync(text, opts), { windowBits: windowBits === 8 ? 9 : windowBits }).equals(text) ? "." : "w");
      if (windowBits > 8) results.push(zlib.gunzipSync(zlib.gzipSync(text, opts)).equals(text) ? "." : "g");
      results.push(zlib.inflateRawSync(zlib.deflateRawSync(text, opts), { windowBits: Math.max(windowBits, 9) }).equals(text) ? "." : "r");
    }
  }
  for (const quality of [0, 1, 4, 9, 11]) {
    const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT };
    results.push(zlib.brotliDecompressSync(zlib.brotliCompressSync(text, { params })).equals(text) ? "." : `b${quality}`);
  }
  results.push(zlib.inflateSync(zlib.deflateSync(Buffer.alloc(0))).length === 0 ? "." : "empty");
  results.push(zlib.brotliDecompressSync(zlib.brotliCompressSync("")).length === 0 ? "." : "bempty");
  say(`round trips: ${results.join("")}`);
  const big = Buffer.alloc(3 * 1024 * 1024, "ab");
  say(`3 MB: ${zlib.gunzipSync(zlib.gzipSync(big)).equals(big)} ${zlib.brotliDecompressSync(zlib.brotliCompressSync(big)).equals(big)}`);
  say(`input kinds: ${["string", new Uint8Array([104, 105]), new Uint16Array([0x6968]), new DataView(new Uint8Array([104, 105]).buffer), new Uint8Array([104, 105]).buffer].map((x) => zlib.inflateSync(zlib.deflateSync(x)).toString()).join(" ")}`);
  say(`small outputs (same bytes as zlib): ${zlib.deflateRawSync("abc").toString("hex")} ${zlib.deflateSync("").toString("hex")}`);
}

{
  const { buffer, engine } = zlib.gzipSync("info", { info: true });
  say(`info: ${zlib.gunzipSync(buffer).toString()} ${engine.constructor.name} ${engine instanceof zlib.Gzip}`);
}

// Errors from corrupt, truncated or wrongly framed input.
attempt("inflate text", () => zlib.inflateSync(Buffer.from("hello")));
attempt("gunzip text", () => zlib.gunzipSync(Buffer.from("hello")));
attempt("gunzip truncated", () => zlib.gunzipSync(zlib.gzipSync("hello").subarray(0, 12)));
attempt("inflate empty", () => zlib.inflateSync(Buffer.alloc(0)));
attempt("inflateRaw bad block", () => zlib.inflateRawSync(Buffer.from([0xff, 0xff, 0xff])));
attempt("inflate of gzip", () => zlib.inflateSync(zlib.gzipSync("x")));
attempt("gunzip bad crc", () => {
  const g = Buffer.from(zlib.gzipSync("checksum"));
  g[g.length - 6] ^= 1;
  return zlib.gunzipSync(g);
});
attempt("inflate bad adler", () => {
  const d = Buffer.from(zlib.deflateSync("checksum"));
  d[d.length - 1] ^= 1;
  return zlib.inflateSync(d);
});
attempt("missing dictionary", () => zlib.inflateSync(zlib.deflateSync("hello", { dictionary: dict })));
attempt("wrong dictionary", () => zlib.inflateSync(zlib.deflateSync("hello", { dictionary: dict }), { dictionary: Buffer.from("other") }));
attempt("raw with dictionary", () => zlib.inflateRawSync(zlib.deflateRawSync("hello dog", { dictionary: dict }), { dictionary: dict }));
attempt("gzip then junk", () => zlib.gunzipSync(Buffer.concat([zlib.gzipSync("a"), Buffer.from([1, 2, 3])])));
attempt("gzip then zeros", () => zlib.gunzipSync(Buffer.concat([zlib.gzipSync("a"), Buffer.alloc(5)])));
attempt("deflate then junk", () => zlib.inflateSync(Buffer.concat([zlib.deflateSync("a"), Buffer.from([1, 2, 3])])));
attempt("brotli garbage", () => zlib.brotliDecompressSync(Buffer.from("hello world garbage")));
attempt("brotli truncated", () => zlib.brotliDecompressSync(zlib.brotliCompressSync(text).subarray(0, 20)));
attempt("brotli empty", () => zlib.brotliDecompressSync(Buffer.alloc(0)));
attempt("maxOutputLength", () => zlib.inflateSync(zlib.deflateSync("x".repeat(1000)), { maxOutputLength: 100 }));
attempt("maxOutputLength brotli", () => zlib.brotliDecompressSync(zlib.brotliCompressSync("x".repeat(1000)), { maxOutputLength: 999 }));
attempt("maxOutputLength exact", () => zlib.inflateSync(zlib.deflateSync("x".repeat(1000)), { maxOutputLength: 1000 }));

// Option checks.
attempt("level 10", () => zlib.deflateSync("a", { level: 10 }));
attempt("level string", () => zlib.deflateSync("a", { level: "9" }));
attempt("level Infinity", () => zlib.deflateSync("a", { level: Infinity }));
attempt("level NaN (default)", () => zlib.deflateSync("a", { level: NaN }));
attempt("windowBits 7", () => zlib.deflateSync("a", { windowBits: 7 }));
attempt("gzip windowBits 8", () => zlib.gzipSync("a", { windowBits: 8 }));
attempt("deflate windowBits 8", () => zlib.deflateSync("abc", { windowBits: 8 }));
attempt("inflate windowBits 8 of 9", () => zlib.inflateSync(zlib.deflateSync("abc", { windowBits: 9 }), { windowBits: 8 }));
attempt("inflateRaw windowBits 8", () => zlib.inflateRawSync(zlib.deflateRawSync("abc", { windowBits: 9 }), { windowBits: 8 }));
attempt("inflateRaw windowBits 0", () => zlib.inflateRawSync(zlib.deflateRawSync("abc"), { windowBits: 0 }));
attempt("windowBits 0 deflate", () => zlib.deflateSync("a", { windowBits: 0 }));
attempt("windowBits 0 inflate", () => zlib.inflateSync(zlib.deflateSync("a"), { windowBits: 0 }));
attempt("memLevel 0", () => zlib.deflateSync("a", { memLevel: 0 }));
attempt("strategy 5", () => zlib.deflateSync("a", { strategy: 5 }));
attempt("chunkSize 10", () => zlib.deflateSync("a", { chunkSize: 10 }));
attempt("chunkSize 64", () => zlib.inflateSync(zlib.deflateSync(text), { chunkSize: 64 }));
attempt("dictionary string", () => zlib.deflateSync("a", { dictionary: "x" }));
attempt("flush 6", () => zlib.deflateSync("a", { flush: 6 }));
attempt("finishFlush sync", () => zlib.inflateSync(zlib.deflateSync("hello").subarray(0, 5), { finishFlush: zlib.constants.Z_SYNC_FLUSH }));
attempt("maxOutputLength 0", () => zlib.deflateSync("a", { maxOutputLength: 0 }));
attempt("input number", () => zlib.deflateSync(5));
attempt("input null", () => zlib.gzipSync(null));
attempt("brotli param name", () => zlib.brotliCompressSync("a", { params: { x: 1 } }));
attempt("brotli param 99", () => zlib.brotliCompressSync("a", { params: { 99: 1 } }));
attempt("brotli param value", () => zlib.brotliCompressSync("a", { params: { 1: "x" } }));
attempt("brotli size hint", () => zlib.brotliDecompressSync(zlib.brotliCompressSync(text, { params: { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: text.length } })));

// The callback form.
await new Promise((resolve) => {
  zlib.gzip(text, (error, packed) => {
    say(`gzip callback: ${error} ${Buffer.isBuffer(packed)}`);
    zlib.gunzip(packed, { chunkSize: 1024 }, (error2, back) => {
      say(`gunzip callback: ${error2} ${back.equals(text)}`);
      resolve();
    });
  });
});
await new Promise((resolve) =>
  zlib.inflate(Buffer.from("not deflate"), (error, out) => {
    say(`inflate callback error: ${err(error)} ${out}`);
    resolve();
  }),
);
await new Promise((resolve) =>
  zlib.brotliDecompress(zlib.brotliCompressSync("x".repeat(500)), { maxOutputLength: 10 }, (error) => {
    say(`callback maxOutputLength: ${err(error)}`);
    resolve();
  }),
);
let order = [];
zlib.deflate("async", () => order.push("callback"));
order.push("after call");
await new Promise((resolve) => setTimeout(resolve, 10));
say(`callback runs later: ${order.join(", ")}`);
try {
  zlib.gzip("x");
} catch (e) {
  say(`no callback: ${err(e)}`);
}

// The module's shape, constants, codes, crc32.
{
  const keys = ["crc32", "Deflate", "Inflate", "Gzip", "Gunzip", "DeflateRaw", "InflateRaw", "Unzip", "BrotliCompress", "BrotliDecompress", "deflate", "deflateSync", "gzip", "gzipSync", "deflateRaw", "deflateRawSync", "unzip", "unzipSync", "inflate", "inflateSync", "gunzip", "gunzipSync", "inflateRaw", "inflateRawSync", "brotliCompress", "brotliCompressSync", "brotliDecompress", "brotliDecompressSync", "createDeflate", "createInflate", "createDeflateRaw", "createInflateRaw", "createGzip", "createGunzip", "createUnzip", "createBrotliCompress", "createBrotliDecompress", "constants", "codes"];
  say(`members: ${keys.filter((k) => zlib[k] === undefined || named[k] !== zlib[k]).join(",") || "all"}`);
  const c = zlib.constants;
  say(`constants: ${Object.keys(c).length} ${c.Z_BEST_COMPRESSION} ${c.Z_DEFAULT_CHUNK} ${c.BROTLI_PARAM_QUALITY} ${c.BROTLI_MAX_QUALITY} ${c.BROTLI_DECODER_ERROR_FORMAT_PADDING_1} ${c.GUNZIP} ${Object.isFrozen(c)} ${Object.getPrototypeOf(c)} ${Object.getOwnPropertyDescriptor(c, "Z_OK").writable}`);
  say(`codes: ${zlib.codes.Z_DATA_ERROR} ${zlib.codes["-3"]} ${zlib.codes.Z_NEED_DICT}`);
  say(`crc32: ${zlib.crc32("hello")} ${zlib.crc32("world", zlib.crc32("hello "))} ${zlib.crc32("hello world")} ${zlib.crc32(Buffer.from([1, 2, 3]))} ${zlib.crc32(new Uint16Array([1]))} ${zlib.crc32("")}`);
  for (const [label, f] of [["crc32(5)", () => zlib.crc32(5)], ["crc32 value -1", () => zlib.crc32("a", -1)], ["crc32 value 1.5", () => zlib.crc32("a", 1.5)], ["crc32 value string", () => zlib.crc32("a", "1")]]) {
    try {
      say(`${label}: ${f()}`);
    } catch (e) {
      say(`${label}: ${err(e)}`);
    }
  }
}
