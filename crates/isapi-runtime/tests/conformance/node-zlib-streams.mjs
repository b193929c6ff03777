// node:zlib's stream forms: createGzip()/createGunzip()/… as Transforms in pipelines,
// input fed in pieces, output in chunkSize pieces, flush(), params(), reset(), close(),
// bytesWritten, and errors as 'error' events with Node's codes.
import zlib from "node:zlib";
import { Readable, Writable, Transform, pipeline } from "node:stream";
import { pipeline as pipelinePromise } from "node:stream/promises";
import { Buffer } from "node:buffer";

const say = (line) => console.log(line);
const err = (e) => `${e.name} ${e.code} ${e.errno} ${e.message}`;
const text = Buffer.from("Streams of text, compressed and back again. ".repeat(500));

/** All a stream gives after `input` is written in `piece`-byte writes. */
async function through(stream, input, piece = input.length) {
  const chunks = [];
  stream.on("data", (c) => chunks.push(c));
  const ended = new Promise((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  for (let at = 0; at < input.length; at += piece) stream.write(input.subarray(at, at + piece));
  stream.end();
  await ended;
  return { out: Buffer.concat(chunks), chunks };
}

// Every format through its stream pair, fed whole and byte by byte.
for (const [name, make, unmake] of [
  ["gzip", zlib.createGzip, zlib.createGunzip],
  ["deflate", zlib.createDeflate, zlib.createInflate],
  ["raw", zlib.createDeflateRaw, zlib.createInflateRaw],
  ["unzip", zlib.createGzip, zlib.createUnzip],
  ["brotli", zlib.createBrotliCompress, zlib.createBrotliDecompress],
]) {
  const packed = (await through(make(), text, 1000)).out;
  const whole = (await through(unmake(), packed)).out;
  const bytewise = (await through(unmake(), packed, 1)).out;
  say(`${name}: ${whole.equals(text)} ${bytewise.equals(text)} sync agrees ${zlib[name === "raw" ? "inflateRawSync" : name === "brotli" ? "brotliDecompressSync" : name === "unzip" ? "unzipSync" : name === "gzip" ? "gunzipSync" : "inflateSync"](packed).equals(text)}`);
}

// Output comes in chunkSize pieces; bytesWritten counts input.
{
  const packed = zlib.deflateSync(text);
  const inflate = zlib.createInflate({ chunkSize: 1024 });
  const { out, chunks } = await through(inflate, packed);
  const sizes = chunks.map((c) => c.length);
  say(`chunkSize: ${out.equals(text)} all full but last ${sizes.slice(0, -1).every((n) => n === 1024)} last ${sizes[sizes.length - 1]} count ${sizes.length} bytesWritten ${inflate.bytesWritten === packed.length}`);
  const g = zlib.createGzip();
  const small = zlib.createInflate({ chunkSize: 1024, readableHighWaterMark: 5 });
  say(`highWaterMarks: ${small.readableHighWaterMark} ${small.writableHighWaterMark}`);
  say(`defaults: ${g._chunkSize} ${g.readableHighWaterMark} ${g.writableHighWaterMark} ${g.bytesWritten} ${g instanceof Transform} ${g instanceof zlib.Gzip}`);
}

// pipeline with zlib streams, and the promise form.
{
  const out = [];
  await new Promise((resolve) =>
    pipeline(
      Readable.from([text.subarray(0, 5000), text.subarray(5000)]),
      zlib.createGzip({ level: 1 }),
      zlib.createGunzip(),
      new Writable({
        write(chunk, _e, cb) {
          out.push(chunk);
          cb();
        },
      }),
      (error) => {
        say(`pipeline: ${error} ${Buffer.concat(out).equals(text)}`);
        resolve();
      },
    ),
  );
  const got = [];
  await pipelinePromise(
    Readable.from([zlib.brotliCompressSync(text)]),
    zlib.createBrotliDecompress(),
    async function (source) {
      for await (const chunk of source) got.push(chunk);
    },
  );
  say(`promise pipeline: ${Buffer.concat(got).equals(text)}`);
}

// flush(): what was written so far becomes decodable before the end.
{
  const deflate = zlib.createDeflate();
  const inflate = zlib.createInflate();
  const seen = [];
  deflate.on("data", (c) => inflate.write(c));
  inflate.on("data", (c) => seen.push(c.toString()));
  deflate.write("first part ");
  await new Promise((resolve) => deflate.flush(resolve));
  await new Promise((resolve) => setTimeout(resolve, 10));
  say(`after flush: ${JSON.stringify(seen.join(""))}`);
  deflate.write("second part");
  await new Promise((resolve) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, resolve));
  await new Promise((resolve) => setTimeout(resolve, 10));
  say(`after sync flush: ${JSON.stringify(seen.join(""))}`);
  deflate.end();
  await new Promise((resolve) => deflate.on("end", resolve));
  inflate.end();
  await new Promise((resolve) => inflate.on("end", resolve));
  say(`flushed stream ends: ${seen.join("")}`);
  const brotli = zlib.createBrotliCompress();
  const parts = [];
  brotli.on("data", (c) => parts.push(c));
  brotli.write("brotli flush");
  await new Promise((resolve) => brotli.flush(resolve));
  say(`brotli flush: ${zlib.createBrotliDecompress && parts.length > 0}`);
  const finishedFlush = zlib.createGzip();
  finishedFlush.resume();
  finishedFlush.end("x");
  await new Promise((resolve) => finishedFlush.on("finish", resolve));
  await new Promise((resolve) => finishedFlush.flush(resolve));
  say("flush after finish calls back");
}

// params() changes the level mid-stream; reset() starts over.
{
  const deflate = zlib.createDeflate({ level: 1 });
  const chunks = [];
  deflate.on("data", (c) => chunks.push(c));
  deflate.write(text.subarray(0, 10000));
  await new Promise((resolve) => deflate.params(9, zlib.constants.Z_DEFAULT_STRATEGY, resolve));
  say(`params: level ${deflate._level}`);
  deflate.end(text.subarray(10000));
  await new Promise((resolve) => deflate.on("end", resolve));
  say(`after params: ${zlib.inflateSync(Buffer.concat(chunks)).equals(text)}`);
  try {
    deflate.params(12, 0);
  } catch (e) {
    say(`params(12): ${err(e)}`);
  }
  const inflate = zlib.createInflate();
  const out = [];
  inflate.on("data", (c) => out.push(c.toString()));
  inflate.write(zlib.deflateSync("one"));
  await new Promise((resolve) => inflate.once("data", resolve));
  inflate.reset();
  inflate.end(zlib.deflateSync("two"));
  await new Promise((resolve) => inflate.on("end", resolve));
  say(`reset: ${out.join("+")}`);
}

// Errors as events: corrupt data, truncated input, a closed stream.
{
  const bad = zlib.createGunzip();
  const events = [];
  bad.on("error", (e) => events.push(`error ${err(e)}`));
  bad.on("close", () => events.push("close"));
  bad.on("end", () => events.push("end"));
  bad.end(Buffer.from("definitely not gzip"));
  await new Promise((resolve) => setTimeout(resolve, 10));
  say(`corrupt: ${events.join(", ")} destroyed ${bad.destroyed}`);
  const cut = zlib.createInflate();
  cut.resume();
  const cutError = new Promise((resolve) => cut.on("error", resolve));
  cut.end(zlib.deflateSync(text).subarray(0, 100));
  say(`truncated: ${err(await cutError)}`);
  const brotli = zlib.createBrotliDecompress();
  const brotliError = new Promise((resolve) => brotli.on("error", resolve));
  brotli.end(Buffer.from("not brotli at all, no"));
  say(`brotli corrupt: ${err(await brotliError)}`);
  const closing = zlib.createGzip();
  const closed = new Promise((resolve) => closing.close(resolve));
  await closed;
  say(`close(): destroyed ${closing.destroyed}`);
  const after = zlib.createGzip();
  after.destroy();
  after.write("x", (e) => say(`write after destroy: ${e?.code}`));
  await new Promise((resolve) => setTimeout(resolve, 10));
  try {
    zlib.createGzip({ level: 42 });
  } catch (e) {
    say(`createGzip level 42: ${err(e)}`);
  }
  try {
    zlib.createBrotliCompress({ params: { foo: 1 } });
  } catch (e) {
    say(`createBrotliCompress bad param: ${err(e)}`);
  }
}

// Two gzip members split across writes decode as one stream; trailing zeros are ignored.
{
  const two = Buffer.concat([zlib.gzipSync("alpha "), zlib.gzipSync("beta"), Buffer.alloc(4)]);
  const { out } = await through(zlib.createGunzip(), two, 7);
  say(`members by stream: ${out.toString()}`);
  const unz = await through(zlib.createUnzip(), Buffer.concat([zlib.gzipSync("u1 "), zlib.gzipSync("u2")]), 3);
  say(`unzip members: ${unz.out.toString()}`);
}

// A Node-made stream fixture (flushed mid-way, so it has a sync-flush marker inside).
{
  const fixture = Buffer.from(
    "H4sIAAAAAAAAAwrJyCxWyCxWKMlIVUjLLCouUShILCrRUUjLKS3OSE3RAwAAAP//UwjJSM1TKMlIVShKLS4BADZC4iYuAAAA",
    "base64",
  );
  let result;
  try {
    result = zlib.gunzipSync(fixture).toString();
  } catch (e) {
    result = err(e);
  }
  say(`fixture: ${result}`);
}
