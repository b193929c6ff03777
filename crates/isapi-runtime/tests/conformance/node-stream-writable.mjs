// node:stream Writable: write()'s backpressure answer and 'drain', end/finish/close order,
// cork and writev, decodeStrings and object mode, final, destroy, and Node's errors
// (write after end, null values, a callback called twice, wrong chunk types).
import { Writable } from "node:stream";
import { Buffer } from "node:buffer";

const say = (line) => console.log(line);
const err = (e) => `${e.name} ${e.code} ${e.message}`;
const wait = () => new Promise((resolve) => setTimeout(resolve, 0));
const show = (c) => (Buffer.isBuffer(c) ? `<${c.toString("hex")}>` : JSON.stringify(c));

// write()'s answer against highWaterMark; 'drain' once the buffer empties.
{
  const events = [];
  const pending = [];
  const w = new Writable({
    highWaterMark: 3,
    write(chunk, encoding, cb) {
      events.push(`write ${show(chunk)} ${encoding}`);
      pending.push(cb);
    },
  });
  w.on("drain", () => events.push("drain"));
  const answers = [w.write("ab"), w.write("c"), w.write("d")];
  say(`answers: ${answers} length ${w.writableLength} needDrain ${w.writableNeedDrain}`);
  while (pending.length > 0) {
    pending.shift()();
    await wait();
  }
  say(`drain: ${events.join(", ")}`);
}

// end(), 'finish', 'close', callbacks, state flags.
{
  const events = [];
  const w = new Writable({
    write(chunk, _enc, cb) {
      events.push(`write ${chunk}`);
      cb();
    },
    final(cb) {
      events.push("final");
      cb();
    },
  });
  for (const name of ["finish", "close", "prefinish", "error"]) w.on(name, () => events.push(name));
  w.write("a", () => events.push("cb a"));
  w.end("b", () => events.push("end cb"));
  events.push(`ending: ended ${w.writableEnded} finished ${w.writableFinished}`);
  await new Promise((resolve) => w.on("close", resolve));
  say(`end: ${events.join(", ")}`);
  say(`after: finished ${w.writableFinished} destroyed ${w.destroyed} closed ${w.closed}`);
}

// cork/uncork batch writes into writev.
{
  const events = [];
  const w = new Writable({
    writev(chunks, cb) {
      events.push(`writev ${chunks.map((c) => `${c.chunk}/${c.encoding}`).join(" ")}`);
      cb();
    },
    write(chunk, _enc, cb) {
      events.push(`write ${chunk}`);
      cb();
    },
  });
  w.cork();
  w.write("1");
  w.write("2");
  w.write("3", "latin1");
  say(`corked: ${w.writableCorked} buffered ${w.writableLength}`);
  w.uncork();
  w.write("4");
  w.end();
  await new Promise((resolve) => w.on("finish", resolve));
  say(`cork: ${events.join(", ")}`);
}

// decodeStrings false keeps strings; defaultEncoding; object mode.
{
  const got = [];
  const w = new Writable({
    decodeStrings: false,
    write(chunk, enc, cb) {
      got.push(`${typeof chunk} ${enc}`);
      cb();
    },
  });
  w.write("s");
  w.write("t", "hex");
  w.write(Buffer.from("b"));
  w.setDefaultEncoding("base64");
  w.write("u");
  w.end();
  await new Promise((resolve) => w.on("finish", resolve));
  say(`decodeStrings false: ${got.join(", ")}`);
  const bytes = [];
  const d = new Writable({
    write(chunk, enc, cb) {
      bytes.push(`${show(chunk)} ${enc}`);
      cb();
    },
  });
  d.write("6869", "hex");
  d.write(new Uint16Array([0x4142]));
  d.end();
  await new Promise((resolve) => d.on("finish", resolve));
  say(`decoded: ${bytes.join(", ")}`);
  const objects = [];
  const o = new Writable({
    objectMode: true,
    highWaterMark: 1,
    write(chunk, _enc, cb) {
      objects.push(JSON.stringify(chunk));
      cb();
    },
  });
  say(`object writes: ${o.write({ a: 1 })} ${o.write(5)} hwm ${o.writableHighWaterMark}`);
  o.end();
  await new Promise((resolve) => o.on("finish", resolve));
  say(`objects: ${objects.join(" ")}`);
}

// Errors.
{
  const w = new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });
  w.end();
  const late = [];
  w.on("error", (e) => late.push(`event ${err(e)}`));
  w.write("x", (e) => late.push(`cb ${err(e)}`));
  await wait();
  say(`write after end: ${late.join(" | ")}`);

  const n = new Writable({ write(_c, _e, cb) { cb(); } });
  try {
    n.write(null);
  } catch (e) {
    say(`write(null): ${err(e)}`);
  }
  try {
    n.write(42);
  } catch (e) {
    say(`write(42): ${err(e)}`);
  }
  try {
    n.write("x", "no-such-encoding");
  } catch (e) {
    say(`bad encoding: ${err(e)}`);
  }

  const twice = new Writable({
    write(_c, _e, cb) {
      cb();
      cb();
    },
  });
  twice.on("error", (e) => say(`callback twice: ${err(e)}`));
  twice.write("x");
  await wait();

  const failing = new Writable({
    write(_c, _e, cb) {
      cb(new Error("write failed"));
    },
  });
  const seen = [];
  failing.on("error", (e) => seen.push(`error ${e.message}`));
  failing.on("close", () => seen.push("close"));
  failing.write("x", (e) => seen.push(`cb ${e?.message}`));
  await wait();
  say(`write error: ${seen.join(", ")} errored ${failing.errored?.message} destroyed ${failing.destroyed}`);

  // Node throws here (its _write is called synchronously by write()).
  const noWrite = new Writable();
  noWrite.on("error", (e) => say(`no _write (event): ${err(e)}`));
  try {
    noWrite.write("x");
  } catch (e) {
    say(`no _write: ${err(e)}`);
  }
  await wait();

  const finalFails = new Writable({
    write(_c, _e, cb) {
      cb();
    },
    final(cb) {
      cb(new Error("final failed"));
    },
  });
  const order = [];
  finalFails.on("error", (e) => order.push(`error ${e.message}`));
  finalFails.on("finish", () => order.push("finish"));
  finalFails.on("close", () => order.push("close"));
  finalFails.end("x");
  await wait();
  say(`final error: ${order.join(", ")}`);

  const ended = new Writable({ write(_c, _e, cb) { cb(); } });
  ended.end();
  ended.end((e) => say(`end twice: ${e ? err(e) : "no error"}`));
  await wait();
}

// destroy() while writing; writes after destroy.
{
  const events = [];
  const w = new Writable({
    write(_c, _e, _cb) {},
  });
  w.on("close", () => events.push("close"));
  w.on("error", (e) => events.push(`error ${e.message}`));
  w.write("a", (e) => events.push(`cb a ${e?.code}`));
  w.destroy();
  w.write("b", (e) => events.push(`cb b ${e?.code}`));
  await wait();
  say(`destroy: ${events.join(", ")} writable ${w.writable}`);
}
