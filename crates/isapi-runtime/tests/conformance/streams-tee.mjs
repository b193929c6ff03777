// tee() of default and byte streams: both branches see every chunk, cancel of both
// cancels the source with both reasons, errors reach both, and the order of events.
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
const readAll = async (stream) => {
  const out = [];
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return out;
    out.push(value);
  }
};

{
  const stream = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } });
  const branches = stream.tee();
  say(`tee gives ${branches.length} ReadableStreams: ${branches.every((b) => b instanceof ReadableStream)} source locked ${stream.locked}`);
  const [one, two] = await Promise.all(branches.map(readAll));
  say(`branch1 ${show(one)} branch2 ${show(two)}`);
}

// The same object goes to both branches (no clone for default streams).
{
  const chunk = { n: 1 };
  const [a, b] = new ReadableStream({ start(c) { c.enqueue(chunk); c.close(); } }).tee();
  const [ra, rb] = await Promise.all([a.getReader().read(), b.getReader().read()]);
  say(`same chunk object ${ra.value === chunk && rb.value === chunk}`);
}

// Reading one branch only: the other buffers; pulls follow the faster branch.
{
  let pulls = 0;
  const stream = new ReadableStream({ pull(c) { pulls++; c.enqueue(pulls); if (pulls === 3) c.close(); } }, { highWaterMark: 0 });
  const [a, b] = stream.tee();
  const ra = a.getReader();
  say(`a reads ${show(await ra.read())} ${show(await ra.read())} pulls ${pulls}`);
  say(`b has ${show(await readAll(b))}`);
  say(`a rest ${show(await ra.read())} ${show(await ra.read())}`);
}

// Cancel both branches: the source's cancel gets [reason1, reason2] once, after both.
{
  const events = [];
  const stream = new ReadableStream({ cancel(reason) { events.push(`source cancel ${show(reason)}`); return "x"; } });
  const [a, b] = stream.tee();
  const pa = a.cancel("r1").then((v) => events.push(`a cancel ${show(v)}`));
  await tick();
  events.push("after first cancel");
  const pb = b.cancel("r2").then((v) => events.push(`b cancel ${show(v)}`));
  await Promise.all([pa, pb]);
  say(events.join(" | "));
}
{
  const stream = new ReadableStream({ cancel() { throw new TypeError("no"); } });
  const [a, b] = stream.tee();
  const both = [settle(a.cancel()), settle(b.cancel())];
  say(`cancel rejection reaches both: ${(await Promise.all(both)).join(" ")}`);
}

// An error reaches both branches; cancel of one then close of the source.
{
  let c;
  const stream = new ReadableStream({ start(controller) { c = controller; } });
  const [a, b] = stream.tee();
  const ra = a.getReader();
  const rb = b.getReader();
  c.enqueue(1);
  say(`before error ${show(await ra.read())}`);
  c.error(new RangeError("bad"));
  say(`a ${await settle(ra.read())} b ${await settle(rb.read())} b again ${await settle(rb.read())}`);
  say(`closed ${await settle(ra.closed)} ${await settle(rb.closed)}`);
}
{
  let c;
  const stream = new ReadableStream({ start(controller) { c = controller; } });
  const [a, b] = stream.tee();
  const canceled = a.cancel("gone");
  c.enqueue("only b");
  c.close();
  say(`b after a canceled: ${show(await readAll(b))}; a's cancel ${await settle(canceled)}`);
}

// Byte stream tee: chunks are copied for the second branch; BYOB reads on a branch.
{
  let c;
  const stream = new ReadableStream({ type: "bytes", start(controller) { c = controller; } });
  const [a, b] = stream.tee();
  say(`branches are byte streams: ${(() => { try { a.getReader({ mode: "byob" }).releaseLock(); return true; } catch { return false; } })()}`);
  const byob = a.getReader({ mode: "byob" });
  const ra = byob.read(new Uint8Array(2));
  const rb = b.getReader().read();
  c.enqueue(new Uint8Array([1, 2, 3]));
  const [x, y] = await Promise.all([ra, rb]);
  say(`byob branch ${show(x)} default branch ${show(y)} distinct buffers ${x.value.buffer !== y.value.buffer}`);
  say(`byob branch rest ${show(await byob.read(new Uint8Array(4)))}`);
  c.close();
  say(`after close ${show(await byob.read(new Uint8Array(4)))}`);
}
{
  const stream = new ReadableStream({
    type: "bytes",
    start(c) {
      c.enqueue(new Uint8Array([7]));
      c.enqueue(new Uint8Array([8, 9]));
      c.close();
    },
  });
  const [a, b] = stream.tee();
  const [one, two] = await Promise.all([readAll(a), readAll(b)]);
  say(`byte tee ${show(one)} ${show(two)}`);
}
{
  let c;
  const stream = new ReadableStream({ type: "bytes", start(controller) { c = controller; }, cancel(r) { say(`byte source cancel ${show(r)}`); } });
  const [a, b] = stream.tee();
  const pending = a.getReader({ mode: "byob" }).read(new Uint8Array(1));
  await tick();
  c.error(new SyntaxError("e"));
  say(`byte tee error ${await settle(pending)} ${await settle(b.getReader().read())}`);
  const [d, e] = new ReadableStream({ type: "bytes", cancel(r) { say(`byte source cancel ${show(r)}`); } }).tee();
  await Promise.all([d.cancel(1), e.cancel(2)]);
}
