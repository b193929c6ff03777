// Readable byte streams: BYOB readers, byobRequest respond/respondWithNewView, element
// sizes, autoAllocateChunkSize, default readers on byte streams, closing and errors.
const show = (v) => {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (v instanceof Error) return `${v.name}`;
  if (v instanceof DataView) return `DataView(${v.byteOffset},${v.byteLength},buf ${v.buffer.byteLength})`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}[${Array.from(v).join(",")}]@${v.byteOffset}/${v.buffer.byteLength}`;
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
const settle = (p) => p.then(show, (e) => `rejected ${e.name}`);
const attempt = (f) => { try { const r = f(); return `ok ${show(r)}`; } catch (e) { return e.name; } };

// Construction and the controller's shape.
{
  let c;
  const stream = new ReadableStream({ type: "bytes", start(controller) { c = controller; } });
  say(`controller ${Object.prototype.toString.call(c)} byobRequest ${show(c.byobRequest)} desiredSize ${c.desiredSize}`);
  say(`autoAllocate 0: ${attempt(() => new ReadableStream({ type: "bytes", autoAllocateChunkSize: 0 }))}`);
  say(`autoAllocate on default stream ignored: ${attempt(() => void new ReadableStream({ autoAllocateChunkSize: 0 }))}`);
  say(`hwm default 0; with hwm 5: ${(() => { let d; new ReadableStream({ type: "bytes", start(x) { d = x.desiredSize; } }, { highWaterMark: 5 }); return d; })()}`);
  say(`enqueue non-view: ${attempt(() => c.enqueue([1]))}`);
  say(`enqueue empty: ${attempt(() => c.enqueue(new Uint8Array(0)))}`);
  const reader = stream.getReader({ mode: "byob" });
  say(`reader ${Object.prototype.toString.call(reader)} locked ${stream.locked}`);
  say(`read empty view: ${await settle(reader.read(new Uint8Array(0)))}`);
  say(`read non-view: ${await settle(reader.read(new ArrayBuffer(4)))}`);
  say(`read no arg: ${await settle(reader.read())}`);
  const detachedSource = new Uint8Array(4);
  c.enqueue(detachedSource);
  say(`enqueue detaches the chunk's buffer: ${detachedSource.byteLength} ${detachedSource.buffer.byteLength}`);
  say(`read takes it: ${await settle(reader.read(new Uint8Array(8)))}`);
}

// A BYOB read answered through byobRequest.respond.
{
  const events = [];
  const stream = new ReadableStream({
    type: "bytes",
    pull(c) {
      const request = c.byobRequest;
      const view = request.view;
      events.push(`pull view ${show(view)}`);
      view[0] = 10;
      view[1] = 11;
      request.respond(2);
      events.push(`after respond byobRequest ${show(c.byobRequest)} view ${show(request.view)}`);
      events.push(`respond again: ${attempt(() => request.respond(1))}`);
    },
  });
  const reader = stream.getReader({ mode: "byob" });
  const buffer = new ArrayBuffer(8);
  const view = new Uint8Array(buffer, 2, 4);
  const result = await reader.read(view);
  say(events.join(" | "));
  say(`result ${show(result)} original detached ${buffer.byteLength}`);
}

// Element sizes: a Uint16Array read with an odd number of bytes keeps the remainder.
{
  let c;
  const stream = new ReadableStream({ type: "bytes", start(controller) { c = controller; } });
  const reader = stream.getReader({ mode: "byob" });
  c.enqueue(new Uint8Array([1, 2, 3]));
  const r1 = await reader.read(new Uint16Array(4));
  say(`u16 read ${show(r1.value)} ${r1.value.length}`);
  c.enqueue(new Uint8Array([4]));
  const r2 = await reader.read(new Uint16Array(1));
  say(`u16 read 2 ${show(r2.value)}`);
  c.enqueue(new Uint8Array([5, 6, 7]));
  const r3 = await reader.read(new DataView(new ArrayBuffer(2)));
  say(`DataView read ${show(r3.value)} ${r3.value.getUint8(0)},${r3.value.getUint8(1)}`);
  c.enqueue(new Uint8Array([8]));
  // One byte of a 2-byte element left when the stream closes: a TypeError.
  const pending = reader.read(new Uint16Array(2));
  await tick();
  say(`close mid-element: ${attempt(() => c.close())}`);
  say(`pending read: ${await settle(pending)}`);
}

// respondWithNewView and its checks.
{
  const log = [];
  const stream = new ReadableStream({
    type: "bytes",
    pull(c) {
      const v = c.byobRequest.view;
      log.push(`smaller buffer: ${attempt(() => c.byobRequest.respondWithNewView(new Uint8Array(2)))}`);
      log.push(`wrong offset: ${attempt(() => c.byobRequest.respondWithNewView(new Uint8Array(v.buffer, v.byteOffset + 1, 1)))}`);
      log.push(`too long: ${attempt(() => c.byobRequest.respondWithNewView(new Uint8Array(v.buffer, v.byteOffset, v.byteLength + 1)))}`);
      log.push(`respond 0: ${attempt(() => c.byobRequest.respond(0))}`);
      log.push(`respond too many: ${attempt(() => c.byobRequest.respond(v.byteLength + 1))}`);
      const mine = new Uint8Array(v.buffer, v.byteOffset, 3);
      mine.set([7, 8, 9]);
      c.byobRequest.respondWithNewView(mine);
    },
  });
  const reader = stream.getReader({ mode: "byob" });
  const r = await reader.read(new Uint8Array(new ArrayBuffer(6), 1, 4));
  say(log.join(" | "));
  say(`respondWithNewView result ${show(r)}`);
}

// Respond after close with 0 bytes ends a pending BYOB read as done with an empty view.
{
  let c;
  const stream = new ReadableStream({ type: "bytes", start(controller) { c = controller; } });
  const reader = stream.getReader({ mode: "byob" });
  const pending = reader.read(new Uint8Array(4));
  await tick();
  const request = c.byobRequest;
  c.close();
  say(`respond(1) after close: ${attempt(() => request.respond(1))}`);
  request.respond(0);
  say(`closed pending read: ${show(await pending)}`);
  say(`read after close: ${show(await reader.read(new Uint8Array(3)))}`);
  say(`closed: ${await settle(reader.closed)}`);
}

// Default readers on a byte stream: enqueued chunks, autoAllocateChunkSize's byobRequest.
{
  const events = [];
  let n = 0;
  const stream = new ReadableStream({
    type: "bytes",
    autoAllocateChunkSize: 16,
    pull(c) {
      const request = c.byobRequest;
      events.push(`pull byobRequest ${request ? request.view.byteLength : "null"}`);
      if (n++ === 0) {
        request.view.set([1, 2, 3]);
        request.respond(3);
      } else {
        c.enqueue(new Uint8Array([9]));
        events.push(`after enqueue byobRequest ${show(c.byobRequest)}`);
        c.close();
      }
    },
  });
  const reader = stream.getReader();
  say(`auto read 1 ${show(await reader.read())}`);
  say(`auto read 2 ${show(await reader.read())}`);
  say(`auto read 3 ${show(await reader.read())}`);
  say(events.join(" | "));
}
{
  let c;
  const stream = new ReadableStream({ type: "bytes", start(controller) { c = controller; } }, { highWaterMark: 10 });
  c.enqueue(new Uint8Array([1, 2]));
  c.enqueue(new Uint16Array([0x0403]));
  say(`desiredSize after 4 bytes ${c.desiredSize}`);
  const reader = stream.getReader();
  say(`default read ${show(await reader.read())} desiredSize ${c.desiredSize}`);
  reader.releaseLock();
  const byob = stream.getReader({ mode: "byob" });
  say(`byob read from queue ${show(await byob.read(new Uint8Array(1)))}`);
  say(`byob read rest ${show(await byob.read(new Uint8Array(8)))}`);
  c.close();
  say(`after close ${show(await byob.read(new Uint8Array(2)))}`);
}

// Release a BYOB reader with a pending read; the next reader gets the bytes.
{
  let c;
  const stream = new ReadableStream({ type: "bytes", start(controller) { c = controller; } });
  const byob = stream.getReader({ mode: "byob" });
  const pending = byob.read(new Uint8Array(4));
  await tick();
  byob.releaseLock();
  say(`pending after release: ${await settle(pending)}`);
  const reader = stream.getReader();
  const next = reader.read();
  c.enqueue(new Uint8Array([5, 6]));
  say(`default reader after release ${show(await next)}`);
}

// Errors and cancel.
{
  let c;
  let cancelReason;
  const stream = new ReadableStream({ type: "bytes", start(controller) { c = controller; }, cancel(r) { cancelReason = r; } });
  const reader = stream.getReader({ mode: "byob" });
  const pending = reader.read(new Uint8Array(4));
  await tick();
  await reader.cancel("stop");
  say(`cancel reason ${cancelReason}; pending read ${show(await pending)}`);
  say(`enqueue after cancel: ${attempt(() => c.enqueue(new Uint8Array(1)))}`);
}
{
  let c;
  const stream = new ReadableStream({ type: "bytes", start(controller) { c = controller; } });
  const reader = stream.getReader({ mode: "byob" });
  const pending = reader.read(new Uint8Array(4));
  c.error(new RangeError("bad"));
  say(`errored read ${await settle(pending)} closed ${await settle(reader.closed)} desiredSize ${c.desiredSize}`);
  say(`read after error ${await settle(reader.read(new Uint8Array(1)))}`);
}
{
  const stream = new ReadableStream({ type: "bytes", pull() { throw new SyntaxError("pull"); } });
  say(`pull throws: ${await settle(stream.getReader().read())}`);
}

// Closing with half an element filled in a pending read: close() throws a TypeError and
// errors the stream.
{
  let c;
  const stream = new ReadableStream({ type: "bytes", start(controller) { c = controller; } });
  const reader = stream.getReader({ mode: "byob" });
  const pending = reader.read(new Uint16Array(2));
  await tick();
  c.byobRequest.view[0] = 1;
  c.byobRequest.respond(1);
  say(`half an element: close ${attempt(() => c.close())}, read ${await settle(pending)}, closed ${await settle(reader.closed)}`);
}
// A queued odd byte before close: a BYOB read of a Uint16Array then fails.
{
  let c;
  const stream = new ReadableStream({ type: "bytes", start(controller) { c = controller; } });
  c.enqueue(new Uint8Array([1, 2, 3]));
  c.close();
  const reader = stream.getReader({ mode: "byob" });
  say(`odd bytes then close: ${await settle(reader.read(new Uint16Array(4)))} then ${await settle(reader.read(new Uint16Array(4)))}`);
}
