// TransformStream: identity, transform/flush/start, strategies and backpressure,
// terminate, errors both ways, cancel of the readable side, abort of the writable side.
const show = (v) => {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (v instanceof Error) return `${v.name}`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}[${Array.from(v).join(",")}]`;
  if (Array.isArray(v)) return `[${v.map(show).join(",")}]`;
  if (typeof v === "object") return `{${Object.keys(v).map((k) => `${k}:${show(v[k])}`).join(",")}}`;
  return typeof v === "string" ? JSON.stringify(v) : String(v);
};
const say = (line) => console.log(line);
const tick = (n = 10) => new Promise((resolve) => {
  let left = n;
  const step = () => (left-- > 0 ? Promise.resolve().then(step) : resolve());
  step();
});
const settle = (p) => p.then(show, (e) => `rejected ${show(e)}`);
const attempt = (f) => { try { return `ok ${show(f())}`; } catch (e) { return e.name; } };

for (const [label, make] of [
  ["transformer null", () => new TransformStream(null)],
  ["readableType", () => new TransformStream({ readableType: "bytes" })],
  ["writableType", () => new TransformStream({ writableType: "bytes" })],
  ["transform not callable", () => new TransformStream({ transform: 1 })],
  ["controller constructor", () => new TransformStreamDefaultController()],
  ["start throws", () => new TransformStream({ start() { throw new URIError("s"); } })],
]) say(`${label}: ${attempt(make)}`);

// Identity transform, with the default strategies (writable 1, readable 0).
{
  const ts = new TransformStream();
  say(`sides ${ts.readable instanceof ReadableStream} ${ts.writable instanceof WritableStream} same each time ${ts.readable === ts.readable}`);
  const writer = ts.writable.getWriter();
  const reader = ts.readable.getReader();
  say(`desiredSize ${writer.desiredSize}`);
  const w = writer.write("x");
  await tick();
  say(`desiredSize with a chunk waiting ${writer.desiredSize}`);
  say(`read ${show(await reader.read())} write ${await settle(w)}`);
  writer.close();
  say(`read after close ${show(await reader.read())}`);
}

// transform, flush and start with the controller; the order of calls.
{
  const events = [];
  const ts = new TransformStream({
    start(c) { events.push(`start desiredSize ${c.desiredSize}`); },
    transform(chunk, c) { events.push(`transform ${chunk}`); c.enqueue(chunk + "!"); c.enqueue(chunk + "?"); },
    flush(c) { events.push("flush"); c.enqueue("end"); },
  });
  const out = [];
  const reading = (async () => { for await (const x of ts.readable) out.push(x); })();
  const writer = ts.writable.getWriter();
  await writer.write("a");
  await writer.write("b");
  await writer.close();
  await reading;
  say(`${events.join(" | ")} → ${show(out)}`);
}

// Backpressure: with readable hwm 0 a write waits for a read.
{
  const events = [];
  const ts = new TransformStream({ transform(chunk, c) { events.push(`transform ${chunk}`); c.enqueue(chunk); } }, undefined, { highWaterMark: 0 });
  const writer = ts.writable.getWriter();
  const reader = ts.readable.getReader();
  writer.write(1).then(() => events.push("write 1 done"));
  await tick();
  events.push("reading");
  const r = await reader.read();
  await tick();
  say(`${events.join(" | ")} read ${show(r)}`);
}
{
  const ts = new TransformStream({}, new CountQueuingStrategy({ highWaterMark: 4 }), new CountQueuingStrategy({ highWaterMark: 2 }));
  const writer = ts.writable.getWriter();
  await tick();
  say(`strategies: writable desiredSize ${writer.desiredSize}`);
  writer.write(1);
  writer.write(2);
  writer.write(3);
  await tick();
  say(`after 3 writes writable desiredSize ${writer.desiredSize}`);
}

// controller.terminate closes the readable side and errors the writable side.
{
  let controller;
  const ts = new TransformStream({ start(c) { controller = c; } });
  controller.enqueue("before");
  controller.terminate();
  const reader = ts.readable.getReader();
  say(`terminate: ${show(await reader.read())} ${show(await reader.read())}`);
  const writer = ts.writable.getWriter();
  say(`writable after terminate: ${await settle(writer.write(1))} ${await settle(writer.closed)}`);
  say(`enqueue after terminate: ${attempt(() => controller.enqueue(1))}`);
}

// controller.error and a throwing transform error both sides.
{
  const ts = new TransformStream({ transform() { throw new RangeError("t"); } });
  const writer = ts.writable.getWriter();
  const reader = ts.readable.getReader();
  const [w, r] = await Promise.all([settle(writer.write(1)), settle(reader.read())]);
  say(`transform throws: write ${w} read ${r} closed ${await settle(writer.closed)}`);
}
{
  let controller;
  const ts = new TransformStream({ start(c) { controller = c; } });
  controller.error(new EvalError("e"));
  say(`controller.error: ${await settle(ts.readable.getReader().read())} ${await settle(ts.writable.getWriter().write(1))}`);
}
{
  const ts = new TransformStream({ flush() { throw new SyntaxError("f"); } });
  const writer = ts.writable.getWriter();
  const reader = ts.readable.getReader();
  const [c, r] = await Promise.all([settle(writer.close()), settle(reader.read())]);
  say(`flush throws: close ${c} read ${r}`);
}

// Cancelling the readable side errors the writable side; aborting the writable side
// errors the readable side.
{
  const ts = new TransformStream();
  const writer = ts.writable.getWriter();
  await ts.readable.cancel(new TypeError("c"));
  say(`readable canceled: write ${await settle(writer.write(1))} closed ${await settle(writer.closed)}`);
}
{
  const ts = new TransformStream();
  const reader = ts.readable.getReader();
  await ts.writable.abort(new URIError("a"));
  say(`writable aborted: read ${await settle(reader.read())}`);
}

// An asynchronous transform: writes are serialised.
{
  const events = [];
  const ts = new TransformStream({
    async transform(chunk, c) {
      events.push(`start ${chunk}`);
      await tick(3);
      events.push(`end ${chunk}`);
      c.enqueue(chunk);
    },
  });
  const writer = ts.writable.getWriter();
  const reading = (async () => { const out = []; for await (const x of ts.readable) out.push(x); return out; })();
  writer.write(1);
  writer.write(2);
  writer.close();
  say(`async transform: ${show(await reading)} ${events.join(",")}`);
}
say(`toStringTag ${Object.prototype.toString.call(new TransformStream())} ${Object.getOwnPropertyNames(TransformStreamDefaultController.prototype).sort().join(",")}`);
