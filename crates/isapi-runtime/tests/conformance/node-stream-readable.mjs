// node:stream Readable: the order of its events, flowing and paused modes, highWaterMark
// and push()'s backpressure answer, object mode, encodings, Readable.from, async
// iteration, destroy, and Node's errors (codes, names, messages).
import { Readable } from "node:stream";
import { Buffer } from "node:buffer";

const say = (line) => console.log(line);
const err = (e) => `${e.name} ${e.code} ${e.message}`;
const wait = () => new Promise((resolve) => setTimeout(resolve, 0));
const show = (c) => (Buffer.isBuffer(c) ? `<${c.toString("hex")}>` : JSON.stringify(c));

// Events of a Readable that pushes three chunks then ends, read in flowing mode.
{
  const events = [];
  let n = 0;
  const r = new Readable({
    read() {
      n++;
      this.push(n <= 3 ? `c${n}` : null);
    },
  });
  for (const name of ["data", "end", "close", "pause", "resume", "error"]) {
    r.on(name, (x) => events.push(x === undefined ? name : `${name} ${show(x)}`));
  }
  await new Promise((resolve) => r.on("close", resolve));
  say(`flowing: ${events.join(", ")}`);
  say(`state: ended=${r.readableEnded} destroyed=${r.destroyed} flowing=${r.readableFlowing}`);
}

// Paused mode: 'readable' and read().
{
  const events = [];
  const r = new Readable({ read() {} });
  r.push("ab");
  r.push("cd");
  r.push(null);
  r.on("readable", () => {
    let chunk;
    events.push("readable");
    while ((chunk = r.read()) !== null) events.push(`read ${show(chunk)}`);
  });
  r.on("end", () => events.push("end"));
  await new Promise((resolve) => r.on("close", resolve));
  say(`paused: ${events.join(", ")}`);
}

// read(n) takes exactly n bytes when it can.
{
  const r = new Readable({ read() {} });
  r.push("hello world");
  r.push(null);
  await wait();
  say(`read(5): ${show(r.read(5))} read(3): ${show(r.read(3))} rest: ${show(r.read())} after: ${r.read()}`);
}

// highWaterMark and push()'s answer.
{
  const r = new Readable({ highWaterMark: 4, read() {} });
  const answers = [r.push("ab"), r.push("cd"), r.push("ef")];
  say(`push answers (hwm 4): ${answers} length ${r.readableLength} hwm ${r.readableHighWaterMark}`);
  const o = new Readable({ objectMode: true, highWaterMark: 2, read() {} });
  say(`object pushes (hwm 2): ${[o.push({ a: 1 }), o.push(2), o.push("x")]} length ${o.readableLength}`);
  say(`defaults: ${new Readable().readableHighWaterMark} ${new Readable({ objectMode: true }).readableHighWaterMark}`);
}

// read() is called again only as the buffer drains.
{
  let calls = 0;
  const r = new Readable({
    highWaterMark: 2,
    read() {
      calls++;
      if (calls <= 5) this.push(String(calls));
      else this.push(null);
    },
  });
  const got = [];
  for await (const chunk of r) got.push(chunk.toString());
  say(`pulled: ${got.join("")} calls ${calls}`);
}

// Object mode keeps values as they are.
{
  const r = new Readable({ objectMode: true, read() {} });
  r.push({ a: 1 });
  r.push([1, 2]);
  r.push("s");
  r.push(0);
  r.push(null);
  const got = [];
  for await (const v of r) got.push(JSON.stringify(v));
  say(`object mode: ${got.join(" ")}`);
}

// setEncoding gives strings, split characters joined.
{
  const r = new Readable({ read() {} });
  r.setEncoding("utf8");
  const euro = Buffer.from("€");
  r.push(euro.subarray(0, 1));
  r.push(euro.subarray(1));
  r.push(Buffer.from("!"));
  r.push(null);
  const got = [];
  for await (const s of r) got.push(s);
  say(`utf8: ${JSON.stringify(got)} encoding ${r.readableEncoding}`);
  const h = new Readable({ encoding: "hex", read() {} });
  h.push("AB");
  h.push(null);
  const hex = [];
  for await (const s of h) hex.push(s);
  say(`hex: ${JSON.stringify(hex)}`);
}

// Readable.from: iterables, async iterables, strings and Buffers (whole, in object mode).
{
  const collect = async (r) => {
    const got = [];
    for await (const x of r) got.push(show(x));
    return `${got.join(" ")} (objectMode ${r.readableObjectMode})`;
  };
  say(`from array: ${await collect(Readable.from([1, "two", { three: 3 }]))}`);
  say(`from string: ${await collect(Readable.from("whole"))}`);
  say(`from buffer: ${await collect(Readable.from(Buffer.from("hi")))}`);
  async function* gen() {
    yield "a";
    await wait();
    yield "b";
  }
  say(`from async generator: ${await collect(Readable.from(gen()))}`);
  say(`from, bytes: ${await collect(Readable.from(["x", "y"], { objectMode: false }))}`);
  try {
    Readable.from(42);
  } catch (e) {
    say(`from(42): ${err(e)}`);
  }
  const failing = Readable.from(
    (async function* () {
      yield 1;
      throw new Error("boom");
    })(),
  );
  try {
    for await (const x of failing) say(`got ${x}`);
  } catch (e) {
    say(`generator error: ${e.message} destroyed ${failing.destroyed}`);
  }
}

// Breaking out of for await destroys the stream.
{
  const r = Readable.from([1, 2, 3]);
  for await (const x of r) {
    say(`first ${x}`);
    break;
  }
  await wait();
  say(`after break: destroyed ${r.destroyed}`);
}

// Errors: push after EOF, null in object streams, wrong chunk types.
{
  const r = new Readable({ read() {} });
  r.on("error", (e) => say(`push after EOF: ${err(e)}`));
  r.push(null);
  r.push("late");
  await wait();
  const t = new Readable({ read() {} });
  t.on("error", (e) => say(`push(42): ${err(e)}`));
  t.push(42);
  await wait();
  try {
    new Readable({ highWaterMark: -1 });
  } catch (e) {
    say(`hwm -1: ${err(e)}`);
  }
  const n = new Readable({
    read() {
      throw new Error("read threw");
    },
  });
  n.on("error", (e) => say(`read throws: ${e.message}`));
  n.resume();
  await wait();
  const m = new Readable();
  m.on("error", (e) => say(`no _read: ${err(e)}`));
  m.resume();
  await wait();
}

// destroy(): events, error, then further pushes ignored.
{
  const events = [];
  const r = new Readable({ read() {} });
  r.on("error", (e) => events.push(`error ${e.message}`));
  r.on("close", () => events.push("close"));
  r.on("end", () => events.push("end"));
  r.destroy(new Error("stop"));
  events.push(`destroyed ${r.destroyed} errored ${r.errored?.message}`);
  say(`push after destroy: ${r.push("x")}`);
  await wait();
  say(`destroy: ${events.join(", ")}`);
  const q = new Readable({
    read() {},
    destroy(error, cb) {
      say(`_destroy got ${error}`);
      cb(error);
    },
  });
  q.on("close", () => say("q closed"));
  q.destroy();
  await wait();
  say(`closed ${q.closed} readableAborted ${q.readableAborted}`);
}

// pause/resume, isPaused, unpipe-less 'data' flow, unshift.
{
  const r = new Readable({ read() {} });
  say(`isPaused: ${r.isPaused()} flowing ${r.readableFlowing}`);
  r.pause();
  say(`after pause: ${r.isPaused()} flowing ${r.readableFlowing}`);
  r.push("abc");
  r.push(null);
  await wait();
  const head = r.read(1);
  r.unshift(head);
  say(`unshift: ${show(r.read())}`);
}

// wrap(): an old-style stream as a Readable.
{
  const { EventEmitter } = await import("node:events");
  const old = new EventEmitter();
  old.pause = () => {};
  old.resume = () => {};
  const r = new Readable().wrap(old);
  const got = [];
  r.on("data", (c) => got.push(c.toString()));
  const ended = new Promise((resolve) => r.on("end", resolve));
  old.emit("data", Buffer.from("old "));
  old.emit("data", Buffer.from("style"));
  old.emit("end");
  await ended;
  say(`wrap: ${got.join("")}`);
}
