// CompressionStream and DecompressionStream: round trips in every format and chunking,
// data compressed by Node's zlib (fixtures below, made with zlib.gzipSync, deflateSync and
// deflateRawSync, and one gzip header with every optional field), and bad input. The
// compressed bytes themselves are not compared: zlib and flate2 may choose differently.
const say = (line) => console.log(line);
const b64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const TEXT =
  "Streams and compression, from isapi-ts: " + "abcdefghij".repeat(20) + " é ✓ 😀\n";
const FIXTURES = {
  gzip: "H4sIAAAAAAACAwsuKUpNzC1WSMxLUUjOzy0oSi0uzszP01FIK8rPVcgsTizI1C0ptlJITEpOSU1Lz8jMGtoshcMrFR7NmazwYf6MBi4A72kISf0AAAA=",
  deflate: "eJwLLilKTcwtVkjMS1FIzs8tKEotLs7Mz9NRSCvKz1XILE4syNQtKbZSSExKTklNS8/IzBraLIXDKxUezZms8GH+jAYuALtzZIM=",
  "deflate-raw": "Cy4pSk3MLVZIzEtRSM7PLShKLS7OzM/TUUgrys9VyCxOLMjULSm2UkhMSk5JTUvPyMwa2iyFwysVHs2ZrPBh/owGLgA=",
};
const HEADER_FIELDS =
  "H4sIHwAAAAAAAwQAQUIBAG5hbWUudHh0AGEgY29tbWVudACWQctITUxJLVJIy0zNSSlWKEktLlF4NGcyFwCSJH8cFwAAAA==";

const concat = (parts) => {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  return all;
};
const run = async (transform, chunks) => {
  const writer = transform.writable.getWriter();
  const reader = transform.readable.getReader();
  const writing = (async () => {
    for (const chunk of chunks) await writer.write(chunk);
    await writer.close();
  })();
  const parts = [];
  const types = new Set();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      types.add(Object.prototype.toString.call(value));
      parts.push(value);
    }
  } finally {
    await writing.catch(() => {});
  }
  return { bytes: concat(parts), types: [...types].join(",") };
};
const split = (bytes, size) => {
  const out = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.slice(i, i + size));
  return out;
};
const text = (bytes) => new TextDecoder().decode(bytes);
const input = new TextEncoder().encode(TEXT);

for (const format of ["gzip", "deflate", "deflate-raw"]) {
  const compressed = await run(new CompressionStream(format), split(input, 50));
  say(`${format}: output ${compressed.types}, smaller ${compressed.bytes.length < input.length}`);
  for (const size of [1, 7, 100000]) {
    const back = await run(new DecompressionStream(format), split(compressed.bytes, size));
    say(`${format} round trip in ${size}-byte chunks: ${text(back.bytes) === TEXT}`);
  }
  const fromNode = await run(new DecompressionStream(format), split(b64(FIXTURES[format]), 9));
  say(`${format} from zlib: ${text(fromNode.bytes) === TEXT}`);
  const empty = await run(new CompressionStream(format), []);
  const emptyBack = await run(new DecompressionStream(format), [empty.bytes]);
  say(`${format} of nothing decompresses to ${emptyBack.bytes.length} bytes`);
  // Chunks of other BufferSource kinds (a bare ArrayBuffer too by the standard, but Node 20
  // refuses that one).
  const mixed = await run(new CompressionStream(format), [input.slice(0, 10), new DataView(input.buffer, 10, 10), new Uint16Array(input.buffer.slice(20, 40)), input.subarray(40)]);
  say(`${format} of DataView and Uint16Array chunks: ${text((await run(new DecompressionStream(format), [mixed.bytes])).bytes) === TEXT}`);
  // Bad input errors the stream (Node 20 errors too, with zlib's errors rather than the
  // standard's TypeError: only "errored" is compared here).
  const bad = [
    ["truncated", [b64(FIXTURES[format]).slice(0, -5)]],
    ["garbage", [new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15])]],
  ];
  if (format === "gzip") bad.push(["bad checksum", [(() => { const b = b64(FIXTURES.gzip); b[b.length - 6] ^= 1; return b; })()]]);
  for (const [label, chunks] of bad) {
    say(`${format} ${label}: ${await run(new DecompressionStream(format), chunks).then(() => "decoded", () => "errored")}`);
  }
}
say(`gzip header with extra, name, comment and header CRC: ${text((await run(new DecompressionStream("gzip"), split(b64(HEADER_FIELDS), 3))).bytes)}`);
// gzip with data after its end errors in both (deflate and deflate-raw too, by the
// standard; Node 20's zlib ignores what follows those, and zero bytes after a gzip).
say(`gzip with trailing junk: ${await run(new DecompressionStream("gzip"), [b64(FIXTURES.gzip), new Uint8Array([1, 2])]).then(() => "decoded", () => "errored")}`);

for (const [label, make] of [
  ["CompressionStream('br')", () => new CompressionStream("br")],
  ["CompressionStream()", () => new CompressionStream()],
  ["DecompressionStream('GZIP')", () => new DecompressionStream("GZIP")],
  // (An object whose toString gives "gzip" is accepted by Web IDL; Node 20 refuses it.)
]) {
  try { make(); say(`${label}: ok`); } catch (e) { say(`${label}: ${e.name}`); }
}
const cs = new CompressionStream("gzip");
say(`shape: ${cs.readable instanceof ReadableStream} ${cs.writable instanceof WritableStream} ${Object.prototype.toString.call(cs)} ${Object.getOwnPropertyNames(DecompressionStream.prototype).sort().join(",")}`);
// Through pipeThrough and Response, as a handler would use it.
const gz = new Response(ReadableStream.from([input]).pipeThrough(new CompressionStream("gzip")));
const back = await new Response((await gz.body).pipeThrough(new DecompressionStream("gzip"))).text();
say(`through Response bodies: ${back === TEXT}`);
// A small input that inflates to 4 MiB comes out in several chunks, as it is read.
{
  const zeros = new Uint8Array(4 << 20);
  const squeezed = await run(new CompressionStream("gzip"), [zeros]);
  const reader = ReadableStream.from([squeezed.bytes]).pipeThrough(new DecompressionStream("gzip")).getReader();
  let total = 0;
  let chunks = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.length;
    chunks++;
  }
  say(`4 MiB of zeros from ${squeezed.bytes.length < 10000 ? "a few KB" : "many bytes"}: ${total} bytes in ${chunks > 1 ? "several chunks" : "one chunk"}`);
}
