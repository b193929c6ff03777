// AbortController and AbortSignal: abort(), reasons, the abort event, onabort,
// throwIfAborted, AbortSignal.abort() and listeners removed by a signal.
const log = [];
const controller = new AbortController();
const { signal } = controller;
console.log("initial", signal.aborted, signal.reason, signal.onabort, signal instanceof EventTarget);
console.log("same signal", controller.signal === signal);
signal.addEventListener("abort", (e) => {
  log.push(`listener ${e.type} ${e.target === signal} ${signal.aborted} ${e.bubbles} ${e.cancelable}`);
});
signal.onabort = (e) => log.push(`onabort ${e.type}`);
signal.addEventListener("abort", () => log.push("after onabort"));
controller.abort();
console.log(log.splice(0).join(" | "));
console.log("reason", signal.reason instanceof DOMException, signal.reason.name, signal.reason.message, signal.reason.code);
controller.abort("again");
console.log("second abort keeps reason", signal.reason.name, log.length);
try {
  signal.throwIfAborted();
} catch (error) {
  console.log("throwIfAborted", error === signal.reason);
}
new AbortController().signal.throwIfAborted();
console.log("not aborted: no throw");
for (const reason of ["text", 0, null, false, { custom: true }, new Error("e")]) {
  const c = new AbortController();
  c.abort(reason);
  console.log("reason kept", c.signal.reason === reason);
  try {
    c.signal.throwIfAborted();
  } catch (error) {
    console.log("thrown is reason", error === reason);
  }
}
const undef = new AbortController();
undef.abort(undefined);
console.log("undefined reason", undef.signal.reason.name);
const pre = AbortSignal.abort();
console.log("AbortSignal.abort()", pre.aborted, pre.reason.name, pre.reason.message);
console.log("AbortSignal.abort(r)", AbortSignal.abort("r").reason);
try {
  new AbortSignal();
} catch (error) {
  console.log("new AbortSignal", error.name);
}
try {
  AbortSignal.prototype.throwIfAborted.call({});
} catch (error) {
  console.log("other this", error.name);
}
// A listener added with an aborted signal is never added; one with a live signal is
// removed when it aborts.
const target = new EventTarget();
target.addEventListener("x", () => log.push("never"), { signal: AbortSignal.abort() });
const live = new AbortController();
target.addEventListener("x", () => log.push("until abort"), { signal: live.signal });
target.dispatchEvent(new Event("x"));
live.abort();
target.dispatchEvent(new Event("x"));
console.log("signal option", log.splice(0).join(","));
// A listener that aborts another controller mid-dispatch
const c1 = new AbortController();
const c2 = new AbortController();
c1.signal.addEventListener("abort", () => {
  log.push("c1");
  c2.abort("from c1");
});
c2.signal.addEventListener("abort", () => log.push(`c2 ${c2.signal.reason}`));
c1.abort();
console.log("chained", log.splice(0).join(","));
// onabort set to a non-function becomes null; resetting keeps one listener
const c3 = new AbortController();
// (A non-object becomes null by WebIDL; Node keeps it: see tests/web_platform.rs.)
const h1 = () => log.push("h1");
const h2 = () => log.push("h2");
c3.signal.onabort = h1;
c3.signal.onabort = h2;
console.log("onabort replaced", c3.signal.onabort === h2);
c3.abort();
console.log("ran", log.splice(0).join(","));
const c4 = new AbortController();
c4.signal.onabort = h1;
c4.signal.onabort = null;
c4.abort();
console.log("onabort null", log.splice(0).length);
console.log("tags", Object.prototype.toString.call(controller), Object.prototype.toString.call(signal));
// abort events are dispatched synchronously, inside abort()
const c5 = new AbortController();
c5.signal.addEventListener("abort", () => log.push("event"));
log.push("before");
c5.abort();
log.push("after");
console.log("sync", log.splice(0).join(","));
// once + signal together
const c6 = new AbortController();
let n = 0;
target.addEventListener("y", () => n++, { once: true, signal: c6.signal });
target.dispatchEvent(new Event("y"));
c6.abort();
target.dispatchEvent(new Event("y"));
console.log("once with signal", n);
