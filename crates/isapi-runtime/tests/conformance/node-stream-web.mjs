// node:stream's web-stream adapters (Readable.fromWeb/toWeb, Writable.fromWeb/toWeb,
// Duplex.fromWeb/toWeb) and node:stream/web's classes.
import { Readable, Writable, Duplex } from "node:stream";
import * as web from "node:stream/web";
import { Buffer } from "node:buffer";

const say = (line) => console.log(line);
const err = (e) => `${e.name} ${e.code} ${e.message}`;
const wait = () => new Promise((resolve) => setTimeout(resolve, 0));

// stream/web: the platform's classes, the same as the globals.
{
  const names = ["ReadableStream", "WritableStream", "TransformStream", "ReadableStreamDefaultReader", "ByteLengthQueuingStrategy", "CountQueuingStrategy", "TextEncoderStream", "TextDecoderStream", "CompressionStream", "DecompressionStream"];
  say(`stream/web: ${names.map((n) => web[n] === globalThis[n]).join(" ")}`);
  say(`default has them: ${names.every((n) => web.default[n] === globalThis[n])}`);
}

// Readable.fromWeb: chunks as they come, end, errors, cancel on destroy.
{
  const rs = new web.ReadableStream({
    start(c) {
      c.enqueue(new TextEncoder().encode("web "));
      c.enqueue(new TextEncoder().encode("bytes"));
      c.close();
    },
  });
  const r = Readable.fromWeb(rs);
  // How the chunks group depends on timing: their bytes do not.
  const got = [];
  for await (const chunk of r) got.push(`${Buffer.isBuffer(chunk)}:${Buffer.from(chunk).toString()}`);
  say(`fromWeb: ${got.every((c) => c.startsWith("true:"))} ${got.map((c) => c.slice(5)).join("")}`);
  const objects = Readable.fromWeb(
    new web.ReadableStream({
      start(c) {
        c.enqueue({ a: 1 });
        c.close();
      },
    }),
    { objectMode: true },
  );
  for await (const v of objects) say(`fromWeb object: ${JSON.stringify(v)}`);
  const text = Readable.fromWeb(
    new web.ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("enc"));
        c.close();
      },
    }),
    { encoding: "utf8" },
  );
  for await (const s of text) say(`fromWeb encoding: ${typeof s} ${s}`);
  const failing = Readable.fromWeb(
    new web.ReadableStream({
      pull() {
        throw new Error("web source failed");
      },
    }),
  );
  try {
    for await (const _ of failing);
  } catch (e) {
    say(`fromWeb error: ${e.message}`);
  }
  let cancelled;
  const cancellable = Readable.fromWeb(
    new web.ReadableStream({
      pull(c) {
        c.enqueue(new Uint8Array([1]));
      },
      cancel(reason) {
        cancelled = reason?.message ?? String(reason);
      },
    }),
  );
  cancellable.on("error", () => {});
  cancellable.destroy(new Error("stop"));
  await wait();
  await wait();
  say(`fromWeb destroy cancels: ${cancelled}`);
  try {
    Readable.fromWeb({});
  } catch (e) {
    say(`fromWeb({}): ${err(e)}`);
  }
}

// Readable.toWeb: a Node Readable read through a ReadableStream.
{
  const rs = Readable.toWeb(Readable.from(["to", "web"], { objectMode: false }));
  const reader = rs.getReader();
  const got = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    got.push(`${value.constructor.name}:${new TextDecoder().decode(value)}`);
  }
  say(`toWeb: ${got.join(" ")}`);
  const objects = Readable.toWeb(Readable.from([{ x: 1 }, 2]));
  const values = [];
  for await (const v of objects) values.push(JSON.stringify(v));
  say(`toWeb objects: ${values.join(" ")}`);
  const broken = new Readable({ read() {} });
  const brokenWeb = Readable.toWeb(broken);
  broken.destroy(new Error("node side failed"));
  try {
    await brokenWeb.getReader().read();
  } catch (e) {
    say(`toWeb error: ${e.message}`);
  }
  const source = new Readable({ read() {} });
  const cancelWeb = Readable.toWeb(source);
  await cancelWeb.cancel(new Error("web cancel"));
  say(`toWeb cancel destroys: ${source.destroyed}`);
}

// Writable.fromWeb and Writable.toWeb.
{
  const written = [];
  const ws = new web.WritableStream({
    write(chunk) {
      written.push(`${Buffer.isBuffer(chunk)}:${Buffer.from(chunk).toString()}`);
    },
    close() {
      written.push("closed");
    },
  });
  const w = Writable.fromWeb(ws);
  w.write("node ");
  w.end("to web");
  await new Promise((resolve) => w.on("finish", resolve));
  say(`Writable.fromWeb: ${written.join(" ")}`);
  const failing = Writable.fromWeb(
    new web.WritableStream({
      write() {
        throw new Error("web sink failed");
      },
    }),
  );
  failing.on("error", (e) => say(`fromWeb write error: ${e.message}`));
  failing.write("x");
  await wait();
  await wait();

  const got = [];
  const node = new Writable({
    write(chunk, _e, cb) {
      got.push(chunk.toString());
      cb();
    },
  });
  const writer = Writable.toWeb(node).getWriter();
  await writer.write(new TextEncoder().encode("web "));
  await writer.write(new TextEncoder().encode("to node"));
  await writer.close();
  say(`Writable.toWeb: ${got.join("")} finished ${node.writableFinished}`);
}

// Duplex.fromWeb / toWeb round trip through a TransformStream.
{
  const upper = new web.TransformStream({
    transform(chunk, controller) {
      controller.enqueue(new TextEncoder().encode(new TextDecoder().decode(chunk).toUpperCase()));
    },
  });
  const d = Duplex.fromWeb(upper);
  const got = [];
  d.on("data", (c) => got.push(c.toString()));
  d.end("duplex");
  await new Promise((resolve) => d.on("end", resolve));
  say(`Duplex.fromWeb: ${got.join("")}`);
  const pair = Duplex.toWeb(
    new Duplex({
      read() {},
      write(chunk, _e, cb) {
        this.push(chunk.toString().split("").reverse().join(""));
        cb();
      },
      final(cb) {
        this.push(null);
        cb();
      },
    }),
  );
  const writer = pair.writable.getWriter();
  writer.write(new TextEncoder().encode("olleh"));
  writer.close();
  const chunks = [];
  for await (const c of pair.readable) chunks.push(new TextDecoder().decode(c));
  say(`Duplex.toWeb: ${chunks.join("")}`);
}
