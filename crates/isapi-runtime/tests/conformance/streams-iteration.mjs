// Async iteration of a ReadableStream (values, preventCancel, return/break, errors),
// ReadableStream.from (sync and async iterables, errors, cancel → return), and the
// queuing strategies.
const show = (v) => {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (v instanceof Error) return `${v.name}`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}[${Array.from(v).join(",")}]`;
  if (Array.isArray(v)) return `[${v.map(show).join(",")}]`;
  // Sorted keys: Node 20 makes iterator results {done, value}; the standard {value, done}.
  if (typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${k}:${show(v[k])}`).join(",")}}`;
  return typeof v === "string" ? JSON.stringify(v) : String(v);
};
const say = (line) => console.log(line);
const settle = (p) => p.then(show, (e) => `rejected ${show(e)}`);
const attempt = (f) => { try { return `ok ${show(f())}`; } catch (e) { return e.name; } };
const counted = (n, events) => new ReadableStream({
  start(c) { for (let i = 1; i <= n; i++) c.enqueue(i); c.close(); },
  cancel(reason) { events.push(`cancel ${show(reason)}`); },
});

{
  const events = [];
  const out = [];
  for await (const x of counted(3, events)) out.push(x);
  say(`for await: ${show(out)} ${events.join(",")}`);
}
{
  const events = [];
  const stream = new ReadableStream({ pull(c) { c.enqueue("x"); }, cancel(reason) { events.push(`cancel ${show(reason)}`); } });
  for await (const x of stream) { events.push(`got ${x}`); break; }
  say(`break cancels: ${events.join(",")} locked ${stream.locked}`);
}
{
  const events = [];
  const stream = new ReadableStream({ pull(c) { c.enqueue("y"); }, cancel() { events.push("cancel"); } });
  for await (const x of stream.values({ preventCancel: true })) { events.push(`got ${x}`); break; }
  say(`preventCancel: ${events.join(",")} locked ${stream.locked} still readable ${show(await stream.getReader().read())}`);
}
{
  const stream = new ReadableStream({ start(c) { c.enqueue(1); c.error(new RangeError("r")); } });
  const out = [];
  try { for await (const x of stream) out.push(x); } catch (e) { out.push(`threw ${e.name}`); }
  say(`error during iteration: ${show(out)} locked ${stream.locked}`);
}
{
  const stream = new ReadableStream({ start(c) { c.enqueue("a"); c.close(); } });
  const it = stream.values();
  // (Its toStringTag is "ReadableStream AsyncIterator" by Web IDL; Node 20 has none.)
  say(`asyncIterator returns itself ${it[Symbol.asyncIterator]() === it}`);
  say(`locked ${stream.locked}; second iterator: ${attempt(() => stream.values())}`);
  const all = await Promise.all([it.next(), it.next(), it.next()]);
  say(`concurrent next: ${all.map(show).join(" ")}`);
  say(`return after done: ${show(await it.return("v"))} next: ${show(await it.next())}`);
}
{
  const events = [];
  const stream = counted(3, events);
  const it = stream[Symbol.asyncIterator]();
  say(`next ${show(await it.next())} return ${show(await it.return("bye"))} ${events.join(",")} next ${show(await it.next())}`);
  // (next() on another object must reject with a TypeError; Node 20 resolves it.)
}

// ReadableStream.from.
{
  const fromArray = ReadableStream.from([1, 2, 3]);
  say(`from array is a ReadableStream ${fromArray instanceof ReadableStream}`);
  const out = [];
  for await (const x of fromArray) out.push(x);
  say(`from array: ${show(out)}`);
  async function* gen() { yield "g1"; yield "g2"; }
  const got = [];
  for await (const x of ReadableStream.from(gen())) got.push(x);
  say(`from async generator: ${show(got)}`);
  const promises = [];
  for await (const x of ReadableStream.from([Promise.resolve("p"), "q"])) promises.push(x);
  say(`from an array of promises: ${show(promises)}`);
  const chars = [];
  for await (const x of ReadableStream.from("héllo")) chars.push(x);
  say(`from a string: ${show(chars)}`);
  const stream = new ReadableStream({ start(c) { c.enqueue("s"); c.close(); } });
  const wrapped = [];
  for await (const x of ReadableStream.from(stream)) wrapped.push(x);
  say(`from a ReadableStream: ${show(wrapped)}`);
}
for (const [label, value] of [["null", null], ["number", 5], ["plain object", {}], ["bad iterator", { [Symbol.iterator]: () => 1 }]]) {
  say(`from ${label}: ${attempt(() => ReadableStream.from(value))}`);
}
{
  const events = [];
  const iterable = {
    [Symbol.asyncIterator]() {
      let i = 0;
      return {
        next() { events.push("next"); return Promise.resolve({ value: ++i, done: false }); },
        return(reason) { events.push(`return ${show(reason)}`); return Promise.resolve({ done: true }); },
      };
    },
  };
  const stream = ReadableStream.from(iterable);
  const reader = stream.getReader();
  say(`pulls lazily: ${events.length}`);
  const first = await reader.read();
  await reader.cancel("enough");
  say(`from iterable: ${show(first)} ${events.join(",")}`);
}
{
  const throwing = { [Symbol.iterator]() { return { next() { throw new SyntaxError("n"); } }; } };
  say(`next throws: ${await settle(ReadableStream.from(throwing).getReader().read())}`);
  const badResult = { [Symbol.asyncIterator]() { return { next() { return Promise.resolve(1); } }; } };
  say(`next result not an object: ${await settle(ReadableStream.from(badResult).getReader().read())}`);
  const badReturn = { [Symbol.asyncIterator]() { return { next: () => Promise.resolve({ value: 1 }), return: () => Promise.resolve(1) }; } };
  say(`return result not an object: ${await settle(ReadableStream.from(badReturn).cancel())}`);
}

// Queuing strategies.
{
  const bytes = new ByteLengthQueuingStrategy({ highWaterMark: 16 });
  const count = new CountQueuingStrategy({ highWaterMark: 4 });
  say(`hwm ${bytes.highWaterMark} ${count.highWaterMark}; size ${bytes.size(new Uint8Array(5))} ${bytes.size({ byteLength: 3 })} ${count.size("anything")}`);
  say(`size is shared: ${bytes.size === new ByteLengthQueuingStrategy({ highWaterMark: 1 }).size} ${count.size === new CountQueuingStrategy({ highWaterMark: 1 }).size}`);
  say(`size names ${bytes.size.name} ${count.size.name} lengths ${bytes.size.length} ${count.size.length}`);
  say(`size is not a constructor: ${attempt(() => new bytes.size())}`);
  say(`own keys ${Object.keys(bytes).length} proto ${Object.getOwnPropertyNames(CountQueuingStrategy.prototype).sort().join(",")}`);
  say(`hwm string ${new CountQueuingStrategy({ highWaterMark: "3" }).highWaterMark} negative ok ${new CountQueuingStrategy({ highWaterMark: -1 }).highWaterMark}`);
  for (const [label, f] of [["no argument", () => new CountQueuingStrategy()], ["no hwm", () => new ByteLengthQueuingStrategy({})], ["null", () => new CountQueuingStrategy(null)]]) {
    say(`strategy ${label}: ${attempt(f)}`);
  }
  say(`toStringTag ${Object.prototype.toString.call(bytes)} ${Object.prototype.toString.call(count)}`);
  try { Object.getOwnPropertyDescriptor(CountQueuingStrategy.prototype, "highWaterMark").get.call({}); } catch (e) { say(`brand check ${e.name}`); }
  let c;
  new ReadableStream({ start(x) { c = x; } }, bytes);
  c.enqueue(new Uint8Array(10));
  say(`byte strategy in a stream: desiredSize ${c.desiredSize}`);
  try { new ReadableStream({}, new CountQueuingStrategy({ highWaterMark: -1 })); } catch (e) { say(`negative hwm in a stream: ${e.name}`); }
}
