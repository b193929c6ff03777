// pipeTo and pipeThrough: data, closing, error propagation both ways, the prevent*
// options, an AbortSignal, locking, and backpressure through a pipe.
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
const source = (chunks, extra = {}) => new ReadableStream({ start(c) { for (const x of chunks) c.enqueue(x); if (!extra.open) c.close(); }, ...extra });
const sink = (events, extra = {}) => new WritableStream({
  write(chunk) { events.push(`write ${show(chunk)}`); },
  close() { events.push("close"); },
  abort(reason) { events.push(`abort ${show(reason)}`); },
  ...extra,
});

{
  const events = [];
  const rs = source([1, 2, 3]);
  const ws = sink(events);
  const piping = rs.pipeTo(ws);
  say(`locked while piping: ${rs.locked} ${ws.locked}`);
  say(`pipeTo: ${await settle(piping)} ${events.join(",")} locked after: ${rs.locked} ${ws.locked}`);
}

// preventClose leaves the destination open and usable.
{
  const events = [];
  const ws = sink(events);
  await source(["a"]).pipeTo(ws, { preventClose: true });
  const writer = ws.getWriter();
  await writer.write("b");
  await writer.close();
  say(`preventClose: ${events.join(",")}`);
}

// A source error aborts the destination, unless preventAbort.
for (const preventAbort of [false, true]) {
  const events = [];
  const rs = new ReadableStream({ start(c) { c.enqueue("x"); c.error(new RangeError("src")); } });
  const ws = sink(events);
  const result = await settle(rs.pipeTo(ws, { preventAbort }));
  say(`source error, preventAbort ${preventAbort}: ${result} ${events.join(",")} dest locked ${ws.locked}`);
}
{
  // A source that errors later, mid-pipe.
  let c;
  const events = [];
  const rs = new ReadableStream({ start(controller) { c = controller; } });
  const piping = settle(rs.pipeTo(sink(events)));
  c.enqueue(1);
  await tick();
  c.error(new TypeError("later"));
  say(`source errors later: ${await piping} ${events.join(",")}`);
}

// A destination error cancels the source, unless preventCancel.
for (const preventCancel of [false, true]) {
  const events = [];
  const rs = new ReadableStream({
    pull(c) { c.enqueue("p"); },
    cancel(reason) { events.push(`source cancel ${show(reason)}`); },
  });
  const ws = sink(events, { write() { throw new SyntaxError("dest"); } });
  const result = await settle(rs.pipeTo(ws, { preventCancel }));
  say(`dest error, preventCancel ${preventCancel}: ${result} ${events.join(",")} source locked ${rs.locked}`);
}

// A closed (or closing) destination cancels the source with a TypeError.
{
  const events = [];
  const ws = sink(events);
  await ws.getWriter().close();
  const rs = new ReadableStream({ cancel(reason) { events.push(`source cancel ${show(reason)}`); } });
  // (the writer above still holds the lock)
  say(`locked destination: ${await settle(rs.pipeTo(ws))}`);
}
{
  const events = [];
  const ws = sink(events);
  const writer = ws.getWriter();
  await writer.close();
  writer.releaseLock();
  const rs = new ReadableStream({ cancel(reason) { events.push(`source cancel ${show(reason)}`); } });
  say(`closed destination: ${await settle(rs.pipeTo(ws))} ${events.join(",")}`);
}

// Locked source, bad arguments.
{
  const rs = new ReadableStream();
  rs.getReader();
  say(`locked source: ${await settle(rs.pipeTo(new WritableStream()))}`);
  say(`not a WritableStream: ${await settle(new ReadableStream().pipeTo({}))}`);
  say(`bad signal: ${await settle(new ReadableStream().pipeTo(new WritableStream(), { signal: {} }))}`);
  try { new ReadableStream().pipeThrough({ readable: 1, writable: new WritableStream() }); } catch (e) { say(`pipeThrough bad pair: ${e.name}`); }
  try { rs.pipeThrough(new TransformStream()); } catch (e) { say(`pipeThrough locked: ${e.name}`); }
}

// Until the platform has AbortController (another part of issue 18), a stand-in with the
// signal's shape (aborted, reason, abort listeners), which pipeTo accepts.
const makeAbortController =
  typeof AbortController === "function"
    ? () => new AbortController()
    : () => {
        const listeners = [];
        const signal = {
          aborted: false,
          reason: undefined,
          addEventListener(type, f) { listeners.push(f); },
          removeEventListener(type, f) { const i = listeners.indexOf(f); if (i >= 0) listeners.splice(i, 1); },
        };
        return {
          signal,
          abort(reason) {
            signal.aborted = true;
            signal.reason = reason;
            for (const f of listeners.slice()) f();
          },
        };
      };

// An AbortSignal: abort mid-pipe aborts the destination and cancels the source.
{
  const events = [];
  const controller = makeAbortController();
  let c;
  const rs = new ReadableStream({ start(x) { c = x; }, cancel(reason) { events.push(`source cancel ${show(reason)}`); } });
  const piping = settle(rs.pipeTo(sink(events), { signal: controller.signal }));
  c.enqueue("one");
  await tick();
  controller.abort(new RangeError("stop"));
  say(`signal abort: ${await piping} ${events.join(",")}`);
}
{
  const events = [];
  const controller = makeAbortController();
  controller.abort("already");
  const rs = source(["never"], { cancel(reason) { events.push(`source cancel ${show(reason)}`); }, open: true });
  const result = await settle(rs.pipeTo(sink(events), { signal: controller.signal, preventAbort: true }));
  say(`aborted before, preventAbort: ${result} ${events.join(",")}`);
}

// Backpressure: the pipe reads only as the destination asks for more.
{
  let pulls = 0;
  const releases = [];
  const rs = new ReadableStream({ pull(c) { pulls++; c.enqueue(pulls); if (pulls === 6) c.close(); } }, { highWaterMark: 0 });
  const ws = new WritableStream({ write() { return new Promise((r) => releases.push(r)); } }, { highWaterMark: 2 });
  const piping = rs.pipeTo(ws);
  await tick(30);
  const before = pulls;
  while (releases.length) { releases.shift()(); await tick(30); }
  await piping;
  say(`backpressure: pulls before any write finished ${before <= 4}, all ${pulls}`);
}

// pipeThrough returns the transform's readable side.
{
  const ts = new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); } });
  const out = source(["a", "b"]).pipeThrough(ts);
  say(`pipeThrough returns readable: ${out === ts.readable}`);
  const chunks = [];
  for await (const x of out) chunks.push(x);
  say(`through: ${show(chunks)}`);
  const chained = source([1, 2, 3])
    .pipeThrough(new TransformStream({ transform(x, c) { c.enqueue(x * 2); } }))
    .pipeThrough(new TransformStream({ transform(x, c) { if (x !== 4) c.enqueue(x + 1); } }));
  const got = [];
  for await (const x of chained) got.push(x);
  say(`chained: ${show(got)}`);
}
