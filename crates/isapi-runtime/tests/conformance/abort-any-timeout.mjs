// AbortSignal.any and AbortSignal.timeout.
const log = [];
const a = new AbortController();
const b = new AbortController();
const any = AbortSignal.any([a.signal, b.signal]);
console.log("any initial", any.aborted, any === a.signal);
a.signal.addEventListener("abort", () => log.push("a"));
any.addEventListener("abort", () => log.push(`any ${any.reason}`));
b.abort("bee");
console.log("any after b", any.aborted, any.reason, log.splice(0).join(","));
a.abort("ay");
console.log("any keeps first", any.reason, log.splice(0).join(","));
// Already aborted input: aborted at once with the first aborted reason.
const pre = AbortSignal.any([new AbortController().signal, AbortSignal.abort("one"), AbortSignal.abort("two")]);
console.log("pre-aborted", pre.aborted, pre.reason);
console.log("empty", AbortSignal.any([]).aborted);
// Source before dependent, nested any follows the original sources.
const root = new AbortController();
const first = AbortSignal.any([root.signal]);
const second = AbortSignal.any([first]);
root.signal.addEventListener("abort", () => log.push("root"));
first.addEventListener("abort", () => log.push("first"));
second.addEventListener("abort", () => log.push("second"));
root.abort("r");
console.log("nested order", log.splice(0).join(","), second.reason);
// (The standard marks dependents aborted before the source's listeners run and takes any
// iterable; Node does neither: see tests/web_platform.rs.)
for (const bad of [[1], [{}], null, 5]) {
  try {
    AbortSignal.any(bad);
    console.log("no throw");
  } catch (error) {
    console.log("any bad", error.name);
  }
}
// The same signal twice
const twice = new AbortController();
const dup = AbortSignal.any([twice.signal, twice.signal]);
let dupCount = 0;
dup.addEventListener("abort", () => dupCount++);
twice.abort();
console.log("duplicate input, one event", dupCount);
// timeout (Node's timeout timers do not keep the process alive: this interval does)
const keepAlive = setInterval(() => {}, 1000);
const t0 = AbortSignal.timeout(0);
console.log("timeout initial", t0.aborted);
await new Promise((resolve) => t0.addEventListener("abort", resolve));
console.log("timeout", t0.aborted, t0.reason.name, t0.reason.message, t0.reason.code, t0.reason instanceof DOMException);
const t1 = AbortSignal.timeout(5);
const combined = AbortSignal.any([t1, new AbortController().signal]);
await new Promise((resolve) => combined.addEventListener("abort", resolve));
console.log("any with timeout", combined.reason.name);
try {
  AbortSignal.timeout();
} catch (error) {
  console.log("timeout no argument", error.name);
}
// A timeout signal's abort event runs after the microtasks of the turn.
const t2 = AbortSignal.timeout(1);
t2.onabort = () => log.push("abort");
Promise.resolve().then(() => log.push("microtask"));
await new Promise((resolve) => setTimeout(resolve, 30));
console.log(log.splice(0).join(","));
clearInterval(keepAlive);
// A pending timeout does not keep the script alive (Node unrefs its timer): this never runs.
AbortSignal.timeout(20).onabort = () => console.log("must not run");
console.log("end");
