// The streams keep working when a handler patches what they could have borrowed from the
// global scope: Promise.prototype.then, the ReadableStream/WritableStream globals, and
// Object.prototype setters.
const say = (line) => console.log(line);
const realThen = Promise.prototype.then;
const RealPromise = Promise;
const realRS = globalThis.ReadableStream;
const realWS = globalThis.WritableStream;
const realTS = globalThis.TransformStream;
let thenCalls = 0; // (not compared: resolving a promise with a promise calls then, in any engine)
const events = [];

const source = new realRS({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } });
const [one, two] = source.tee();
const sink = new realWS({ write(chunk) { events.push(`write ${chunk}`); } });
const ts = new realTS({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); } });

Promise.prototype.then = function (...args) {
  thenCalls++;
  return realThen.apply(this, args);
};
globalThis.Promise = function () {
  throw new Error("patched Promise");
};
globalThis.Promise.prototype = RealPromise.prototype;
globalThis.ReadableStream = function () { throw new Error("patched ReadableStream"); };
globalThis.WritableStream = function () { throw new Error("patched WritableStream"); };
globalThis.TransformStream = function () { throw new Error("patched TransformStream"); };
Object.defineProperty(Object.prototype, "then", { configurable: true, set() { events.push("Object.prototype.then set"); } });

let piped;
let done = false;
one.pipeThrough(ts).pipeTo(sink).then = undefined; // the returned promise is ours to touch
const reader = two.getReader();
reader.read().then(
  (r) => { piped = r.value; },
);

await new realRS({ start(c) { c.close(); } }).getReader().closed;
for (let i = 0; i < 20; i++) await null;
done = true;

delete Object.prototype.then;
globalThis.Promise = RealPromise;
Promise.prototype.then = realThen;
globalThis.ReadableStream = realRS;
globalThis.WritableStream = realWS;
globalThis.TransformStream = realTS;
say(`piped through: ${events.join(",")}; other branch read ${piped}; finished ${done}`);
