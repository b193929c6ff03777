// node:stream's Transform, PassThrough, Duplex, pipe(), pipeline (callback and promise),
// finished, addAbortSignal, compose, stream/promises, and the legacy Stream; error
// propagation and ERR_STREAM_PREMATURE_CLOSE.
import stream, { Readable, Writable, Transform, PassThrough, Duplex, pipeline, finished, addAbortSignal, Stream } from "node:stream";
import * as promises from "node:stream/promises";
import { Buffer } from "node:buffer";
import { createRequire } from "node:module";

const say = (line) => console.log(line);
const err = (e) => `${e.name} ${e.code} ${e.message}`;
const wait = () => new Promise((resolve) => setTimeout(resolve, 0));
const upper = () =>
  new Transform({
    transform(chunk, _enc, cb) {
      cb(null, chunk.toString().toUpperCase());
    },
  });
const collector = (into) =>
  new Writable({
    write(chunk, _enc, cb) {
      into.push(chunk.toString());
      cb();
    },
  });

// The module's shape: require("stream") is Stream with the classes as statics.
{
  const require = createRequire("file:///x/y.js");
  const required = require("stream");
  say(`default is Stream: ${stream === Stream} ${required === stream} ${stream.Readable === Readable}`);
  say(`statics: ${["Readable", "Writable", "Duplex", "Transform", "PassThrough", "pipeline", "finished", "addAbortSignal", "destroy", "compose", "isDisturbed", "isErrored", "isReadable", "promises", "Stream"].map((k) => typeof stream[k]).join(" ")}`);
  say(`promises: ${typeof promises.pipeline} ${typeof promises.finished} ${stream.promises.pipeline === promises.pipeline} ${require("stream/promises") === stream.promises}`);
  say(`instances: ${new PassThrough() instanceof Transform} ${new Transform() instanceof Duplex} ${new Duplex() instanceof Readable} ${new Duplex() instanceof Writable} ${new Readable() instanceof Stream}`);
}

// Transform: transform and flush, with push() and the callback's value.
{
  const t = new Transform({
    transform(chunk, _enc, cb) {
      this.push(`[${chunk}]`);
      cb();
    },
    flush(cb) {
      cb(null, "<end>");
    },
  });
  const got = [];
  t.on("data", (c) => got.push(c.toString()));
  t.write("a");
  t.end("b");
  await new Promise((resolve) => t.on("end", resolve));
  say(`transform: ${got.join("")}`);
  const objects = new Transform({
    objectMode: true,
    transform(value, _enc, cb) {
      cb(null, { doubled: value * 2 });
    },
  });
  const out = [];
  objects.on("data", (v) => out.push(JSON.stringify(v)));
  objects.write(1);
  objects.end(2);
  await new Promise((resolve) => objects.on("end", resolve));
  say(`object transform: ${out.join(" ")}`);
  const failing = new Transform({
    transform(_c, _e, cb) {
      cb(new Error("transform failed"));
    },
  });
  failing.on("error", (e) => say(`transform error: ${e.message}`));
  failing.write("x");
  await wait();
  const noImpl = new Transform();
  noImpl.on("error", (e) => say(`no _transform (event): ${err(e)}`));
  try {
    noImpl.write("x");
  } catch (e) {
    say(`no _transform: ${err(e)}`);
  }
  await wait();
}

// pipe(): data, end, unpipe; the destination ends with the source unless end: false.
{
  const got = [];
  const r = Readable.from(["x", "y", "z"], { objectMode: false });
  const w = collector(got);
  const events = [];
  w.on("pipe", () => events.push("pipe"));
  w.on("unpipe", () => events.push("unpipe"));
  w.on("finish", () => events.push("finish"));
  r.pipe(upper()).pipe(w);
  await new Promise((resolve) => w.on("finish", resolve));
  say(`pipe: ${got.join("")} ${events.join(",")}`);
  const kept = [];
  const open = collector(kept);
  Readable.from(["1"], { objectMode: false }).pipe(open, { end: false });
  await wait();
  say(`end false: ${kept.join("")} ended ${open.writableEnded}`);
}

// pipe() respects backpressure: the source pauses while the destination is full.
{
  let reads = 0;
  const r = new Readable({
    highWaterMark: 2,
    read() {
      reads++;
      this.push(reads <= 10 ? "x" : null);
    },
  });
  const callbacks = [];
  const w = new Writable({
    highWaterMark: 2,
    write(_c, _e, cb) {
      callbacks.push(cb);
    },
  });
  r.pipe(w);
  await wait();
  const readsWhileBlocked = reads;
  while (callbacks.length > 0 || !w.writableFinished) {
    if (callbacks.length > 0) callbacks.shift()();
    await wait();
    if (reads > 20) break;
  }
  say(`backpressure: reads while blocked ${readsWhileBlocked}, total ${reads}, finished ${w.writableFinished}`);
}

// pipeline with a callback: success, and an error in the middle destroying the rest.
{
  const got = [];
  await new Promise((resolve) =>
    pipeline(Readable.from(["a", "b"]), upper(), collector(got), (error) => {
      say(`pipeline ok: ${error} ${got.join("")}`);
      resolve();
    }),
  );
  const src = Readable.from(["a", "b", "c"]);
  const bad = new Transform({
    transform(chunk, _e, cb) {
      cb(chunk.toString() === "b" ? new Error("bad chunk") : null, chunk);
    },
  });
  const dest = collector([]);
  await new Promise((resolve) =>
    pipeline(src, bad, dest, (error) => {
      say(`pipeline error: ${error.message} destroyed ${src.destroyed} ${bad.destroyed} ${dest.destroyed}`);
      resolve();
    }),
  );
  const early = new Readable({ read() {} });
  const sink = collector([]);
  await new Promise((resolve) => {
    pipeline(early, sink, (error) => {
      say(`premature close: ${err(error)}`);
      resolve();
    });
    early.push("x");
    early.destroy();
  });
  try {
    pipeline(Readable.from(["a"]));
  } catch (e) {
    say(`pipeline one stream: ${err(e)}`);
  }
  try {
    pipeline(Readable.from(["a"]), collector([]));
  } catch (e) {
    say(`pipeline no callback: ${err(e)}`);
  }
}

// pipeline with async generators and functions as stages; stream/promises.
{
  const got = [];
  await promises.pipeline(
    Readable.from(["one", "two"]),
    async function* (source) {
      for await (const chunk of source) yield `${chunk}!`;
    },
    collector(got),
  );
  say(`generator stage: ${got.join(" ")}`);
  const total = await promises.pipeline(Readable.from([1, 2, 3]), async (source) => {
    let sum = 0;
    for await (const n of source) sum += n;
    return sum;
  });
  say(`function sink: ${total}`);
  try {
    await promises.pipeline(
      Readable.from(["x"]),
      async function* (source) {
        for await (const _ of source) throw new Error("stage threw");
      },
      collector([]),
    );
  } catch (e) {
    say(`promise pipeline rejects: ${e.message}`);
  }
  const controller = new AbortController();
  const slow = new Readable({ read() {} });
  const aborted = promises.pipeline(slow, collector([]), { signal: controller.signal });
  controller.abort();
  try {
    await aborted;
  } catch (e) {
    say(`aborted pipeline: ${e.name} ${e.code} destroyed ${slow.destroyed}`);
  }
}

// finished(): on end, on error, on premature close; the cleanup function; the promise form.
{
  const r = Readable.from(["a"]);
  r.resume();
  await new Promise((resolve) => finished(r, (error) => (say(`finished read: ${error}`), resolve())));
  const w = collector([]);
  const done = promises.finished(w);
  w.end("x");
  await done;
  say("finished promise resolved");
  const e = new Readable({ read() {} });
  const p = promises.finished(e);
  e.destroy(new Error("gone"));
  await p.catch((error) => say(`finished error: ${error.message}`));
  const c = new Readable({ read() {} });
  await new Promise((resolve) => {
    finished(c, (error) => (say(`finished premature: ${err(error)}`), resolve()));
    c.destroy();
  });
  const d = new PassThrough();
  const cleanup = finished(d, () => say("should not run"));
  say(`cleanup is ${typeof cleanup}`);
  cleanup();
  d.destroy();
  await wait();
  const only = new Readable({ read() {} });
  finished(only, { writable: false }, (error) => say(`readable-only finish: ${error}`));
  only.push(null);
  only.resume();
  await wait();
  await wait();
}

// addAbortSignal, destroy, isErrored/isReadable/isDisturbed.
{
  const controller = new AbortController();
  const r = addAbortSignal(controller.signal, new Readable({ read() {} }));
  r.on("error", (e) => say(`abort signal: ${e.name} ${e.code} ${e.message}`));
  controller.abort();
  await wait();
  try {
    addAbortSignal("nope", new Readable());
  } catch (e) {
    say(`bad signal: ${err(e)}`);
  }
  const s = new Readable({ read() {} });
  say(`isReadable ${stream.isReadable(s)} isDisturbed ${stream.isDisturbed(s)} isErrored ${stream.isErrored(s)}`);
  s.read();
  stream.destroy(s, new Error("x"));
  s.on("error", () => {});
  say(`after: isReadable ${stream.isReadable(s)} isDisturbed ${stream.isDisturbed(s)} isErrored ${stream.isErrored(s)}`);
}

// Duplex: independent sides, allowHalfOpen, Duplex.from.
{
  const written = [];
  const d = new Duplex({
    read() {
      this.push("from read side");
      this.push(null);
    },
    write(chunk, _e, cb) {
      written.push(chunk.toString());
      cb();
    },
  });
  const read = [];
  d.on("data", (c) => read.push(c.toString()));
  d.end("to write side");
  await new Promise((resolve) => d.on("close", resolve));
  say(`duplex: read ${read} wrote ${written} allowHalfOpen ${d.allowHalfOpen}`);
  const half = new Duplex({ allowHalfOpen: false, read() {}, write(_c, _e, cb) { cb(); } });
  half.push(null);
  half.resume();
  await wait();
  say(`allowHalfOpen false: writable ended ${half.writableEnded}`);
  const fromGen = Duplex.from(async function* (source) {
    for await (const chunk of source) yield chunk.toString().toUpperCase();
  });
  const out = [];
  fromGen.on("data", (c) => out.push(c.toString()));
  fromGen.end("duplex.from");
  await new Promise((resolve) => fromGen.on("end", resolve));
  say(`Duplex.from: ${out.join("")}`);
}

// The legacy Stream and its pipe.
{
  const s = new Stream();
  const got = [];
  const w = collector(got);
  s.pipe(w);
  s.emit("data", Buffer.from("legacy"));
  s.emit("end");
  await wait();
  say(`legacy: ${got.join("")} ended ${w.writableEnded}`);
}

// Readable operators (map, filter, toArray, reduce).
{
  const mapped = await Readable.from([1, 2, 3, 4])
    .map((x) => x * 10)
    .filter((x) => x > 10)
    .toArray();
  const sum = await Readable.from([1, 2, 3]).reduce((a, b) => a + b, 0);
  say(`operators: ${mapped} ${sum}`);
}
