// ReadableStream with a default controller: construction, strategies, desiredSize and
// backpressure, pull scheduling, readers, cancel and errors, with the order of events.
const show = (v) => {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (v instanceof Error) return `${v.name}(${v.message === "boom" ? "boom" : "…"})`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}[${Array.from(v).join(",")}]`;
  if (Array.isArray(v)) return `[${v.map(show).join(",")}]`;
  if (typeof v === "object") return `{${Object.keys(v).map((k) => `${k}:${show(v[k])}`).join(",")}}`;
  return typeof v === "string" ? JSON.stringify(v) : String(v);
};
const log = [];
const say = (line) => console.log(line);
const tick = (n = 10) => new Promise((resolve) => {
  let left = n;
  const step = () => (left-- > 0 ? Promise.resolve().then(step) : resolve());
  step();
});
const boom = new Error("boom");

// Bad arguments.
for (const [label, make] of [
  ["source null", () => new ReadableStream(null)],
  ["source number", () => new ReadableStream(5)],
  ["pull not callable", () => new ReadableStream({ pull: 1 })],
  ["type 'other'", () => new ReadableStream({ type: "other" })],
  ["hwm -1", () => new ReadableStream({}, { highWaterMark: -1 })],
  ["hwm NaN", () => new ReadableStream({}, { highWaterMark: NaN })],
  ["strategy null", () => new ReadableStream({}, null)],
  ["source undefined", () => new ReadableStream(undefined)],
  ["source function", () => new ReadableStream(function () {})],
  ["hwm '4'", () => new ReadableStream({}, { highWaterMark: "4" })],
  ["size not callable", () => new ReadableStream({}, { size: 1 })],
  ["bytes with size", () => new ReadableStream({ type: "bytes" }, { size: () => 1 })],
  ["start throws", () => new ReadableStream({ start() { throw boom; } })],
  ["controller constructor", () => new ReadableStreamDefaultController()],
  ["reader of non-stream", () => new ReadableStreamDefaultReader({})],
  ["getReader mode 'x'", () => new ReadableStream().getReader({ mode: "x" })],
  ["byob reader on default stream", () => new ReadableStream().getReader({ mode: "byob" })],
]) {
  try {
    make();
    say(`${label}: ok`);
  } catch (e) {
    say(`${label}: ${e.name} ${e === boom}`);
  }
}

// start runs synchronously with the controller; pull waits for start's promise.
{
  const events = [];
  let controller;
  const stream = new ReadableStream(
    {
      start(c) {
        controller = c;
        events.push(`start desiredSize=${c.desiredSize}`);
        return tick(3).then(() => events.push("start settled"));
      },
      pull(c) {
        events.push(`pull desiredSize=${c.desiredSize}`);
        if (events.length < 8) c.enqueue("p");
      },
    },
    { highWaterMark: 2 },
  );
  events.push("constructed");
  await tick(20);
  say(`start/pull: ${events.join(" | ")}`);
  say(`desiredSize now ${controller.desiredSize}, locked ${stream.locked}`);
  const reader = stream.getReader();
  say(`locked ${stream.locked}, getReader again: ${(() => { try { stream.getReader(); return "ok"; } catch (e) { return e.name; } })()}`);
  say(`read: ${show(await reader.read())}`);
  await tick(20);
  say(`after read: ${events.slice(-2).join(" | ")} desiredSize ${controller.desiredSize}`);
  reader.releaseLock();
  say(`released, locked ${stream.locked}`);
  await reader.closed.then(() => say("closed resolved"), (e) => say(`closed rejected ${e.name}`));
  await reader.read().then((r) => say(`read after release ${show(r)}`), (e) => say(`read after release ${e.name}`));
}

// Size strategy, backpressure, the queue draining into reads.
{
  let c;
  const stream = new ReadableStream({ start(controller) { c = controller; } }, { highWaterMark: 10, size: (chunk) => chunk.length });
  await tick();
  c.enqueue("abcd");
  say(`after 4: ${c.desiredSize}`);
  c.enqueue("abcdefgh");
  say(`after 12: ${c.desiredSize}`);
  const reader = stream.getReader();
  say(`read ${show(await reader.read())} → ${c.desiredSize}`);
  try { c.enqueue({ length: -1 }); } catch (e) { say(`negative size: ${e.name}`); }
  say(`stream errored by bad size: ${await reader.closed.then(() => "closed", (e) => e.name)}`);
  say(`desiredSize of errored ${c.desiredSize}`);
}
{
  let c;
  const stream = new ReadableStream({ start(controller) { c = controller; } }, { size() { throw boom; } });
  await tick();
  try { c.enqueue("x"); } catch (e) { say(`size throws: ${e === boom}`); }
  await stream.getReader().closed.catch((e) => say(`closed with size's error: ${e === boom}`));
}

// close with queued chunks: reads drain, then done; enqueue/close after close throw.
{
  let c;
  const stream = new ReadableStream({ start(controller) { c = controller; controller.enqueue(1); controller.enqueue(2); controller.close(); } });
  for (const [label, f] of [["enqueue", () => c.enqueue(3)], ["close", () => c.close()]]) {
    try { f(); say(`${label} after close: ok`); } catch (e) { say(`${label} after close: ${e.name}`); }
  }
  const reader = stream.getReader();
  const results = await Promise.all([reader.read(), reader.read(), reader.read(), reader.read()]);
  say(`reads: ${results.map(show).join(" ")}`);
}
{
  // error() after close() was requested, with chunks still queued, errors the stream.
  let c;
  const stream = new ReadableStream({ start(controller) { c = controller; controller.enqueue(1); controller.close(); } });
  c.error(boom);
  say(`error after close request: ${await stream.getReader().read().then(show, (e) => `rejected ${e === boom}`)}`);
}

// Errors: pending reads reject; closed rejects; cancel of an errored stream rejects.
{
  let c;
  const stream = new ReadableStream({ start(controller) { c = controller; } });
  const reader = stream.getReader();
  const pending = [reader.read(), reader.read()];
  c.error(boom);
  for (const p of pending) say(`pending read: ${await p.then(show, (e) => `rejected ${e === boom}`)}`);
  say(`closed: ${await reader.closed.then(() => "fulfilled", (e) => `rejected ${e === boom}`)}`);
  say(`cancel: ${await reader.cancel("why").then(() => "fulfilled", (e) => `rejected ${e === boom}`)}`);
  c.error(new Error("second")); // ignored
  reader.releaseLock();
  say(`stream.cancel after release: ${await stream.cancel().then(() => "fulfilled", (e) => `rejected ${e === boom}`)}`);
}

// pull rejecting errors the stream; pull is not called again while one is pending.
{
  let pulls = 0;
  let release;
  const stream = new ReadableStream({
    pull(c) {
      pulls++;
      if (pulls === 1) return new Promise((r) => { release = r; }).then(() => c.enqueue("late"));
      throw boom;
    },
  }, { highWaterMark: 0 });
  const reader = stream.getReader();
  const r1 = reader.read();
  const r2 = reader.read();
  await tick();
  say(`pulls while the first is pending: ${pulls}`);
  release();
  say(`r1 ${show(await r1)}`);
  say(`r2 ${await r2.then(show, (e) => `rejected ${e === boom}`)}`);
  say(`pulls ${pulls}`);
}

// cancel: the source's cancel gets the reason; reads resolve done; the promise is undefined.
{
  const events = [];
  const stream = new ReadableStream({
    start(c) { c.enqueue("queued"); },
    cancel(reason) { events.push(`cancel(${reason})`); return tick(2).then(() => { events.push("cancel settled"); return "ignored"; }); },
  });
  const reader = stream.getReader();
  const p = reader.cancel("because");
  events.push("cancel called");
  say(`read after cancel: ${show(await reader.read())}`);
  say(`cancel result: ${show(await p)}; ${events.join(" | ")}`);
  say(`cancel again: ${show(await reader.cancel())}`);
}
{
  const stream = new ReadableStream({ cancel() { throw boom; } });
  say(`cancel that throws: ${await stream.cancel().then(() => "fulfilled", (e) => `rejected ${e === boom}`)}`);
  say(`locked stream cancel: ${await (() => { const s = new ReadableStream(); s.getReader(); return s.cancel(); })().then(() => "fulfilled", (e) => e.name)}`);
}

// The order of resolutions: reads, closed and the source's promises.
{
  const order = [];
  let c;
  const stream = new ReadableStream({ start(controller) { c = controller; } });
  const reader = stream.getReader();
  reader.read().then((r) => order.push(`read1 ${show(r)}`));
  reader.read().then((r) => order.push(`read2 ${show(r)}`));
  reader.closed.then(() => order.push("closed"));
  Promise.resolve().then(() => order.push("microtask"));
  c.enqueue("a");
  c.close();
  order.push("sync");
  await tick();
  say(`order: ${order.join(" | ")}`);
}

// releaseLock with pending reads rejects them with TypeError.
{
  const stream = new ReadableStream();
  const reader = stream.getReader();
  const pending = reader.read();
  reader.releaseLock();
  say(`pending read after releaseLock: ${await pending.then(show, (e) => e.name)}`);
  say(`closed after releaseLock: ${await reader.closed.then(() => "fulfilled", (e) => e.name)}`);
  const again = stream.getReader();
  say(`new reader works: ${again instanceof ReadableStreamDefaultReader}`);
}

// Brand checks and prototype shape.
{
  say(`toStringTag ${Object.prototype.toString.call(new ReadableStream())}`);
  say(`proto methods ${Object.getOwnPropertyNames(ReadableStream.prototype).sort().join(",")}`);
  say(`reader methods ${Object.getOwnPropertyNames(ReadableStreamDefaultReader.prototype).sort().join(",")}`);
  say(`controller methods ${Object.getOwnPropertyNames(ReadableStreamDefaultController.prototype).sort().join(",")}`);
  say(`asyncIterator is values ${ReadableStream.prototype[Symbol.asyncIterator] === ReadableStream.prototype.values}`);
  say(`cancel on non-stream: ${await ReadableStream.prototype.cancel.call({}).then(() => "fulfilled", (e) => e.name)}`);
  say(`read on non-reader: ${await ReadableStreamDefaultReader.prototype.read.call({}).then(() => "fulfilled", (e) => e.name)}`);
  try { Object.getOwnPropertyDescriptor(ReadableStream.prototype, "locked").get.call({}); } catch (e) { say(`locked on non-stream: ${e.name}`); }
  say(`length ${ReadableStream.length} ${ReadableStreamDefaultReader.length}`);
}
