// node:events: EventEmitter's listeners, order, once, prepend, removal events, counts, errors.
import EventEmitter, { EventEmitter as Named, errorMonitor, captureRejectionSymbol, defaultMaxListeners } from "node:events";
import { createRequire } from "node:module";
const require = createRequire("file:///x/y.js");
const show = (e) => console.log("threw", e.name, e.code, e.message);

console.log(EventEmitter === Named, require("events") === EventEmitter, require("node:events").EventEmitter === EventEmitter);
console.log(Object.keys(EventEmitter).join(","));
console.log(defaultMaxListeners, EventEmitter.defaultMaxListeners, typeof errorMonitor, captureRejectionSymbol === Symbol.for("nodejs.rejection"));
console.log(Object.keys(EventEmitter.prototype).sort().join(","));

const e = new EventEmitter();
const log = [];
e.on("newListener", (type, fn) => log.push(`new:${String(type)}:${fn.name}`));
e.on("removeListener", (type, fn) => log.push(`rm:${String(type)}:${fn.name}`));
function a(x) { log.push(`a${x}`); }
function b(x) { log.push(`b${x}`); }
function c(x) { log.push(`c${x}`); }
console.log(e.on("x", a) === e, e.prependListener("x", b) === e, e.once("x", c) === e);
console.log(e.listenerCount("x"), e.listeners("x").map((f) => f.name).join(","), e.rawListeners("x").length);
console.log(e.rawListeners("x")[2].listener === c, e.rawListeners("x")[2] !== c);
console.log(e.emit("x", 1), e.emit("x", 2), e.emit("nothing"));
console.log(e.eventNames().map(String).join(","));
e.off("x", a);
e.removeListener("x", a);
e.prependOnceListener("x", c);
e.emit("x", 3);
e.emit("x", 4);
e.removeAllListeners("x");
console.log(log.join(" "));
log.length = 0;
const s = Symbol("sym");
e.on(s, a);
e.on("y", b);
console.log(e.eventNames().map(String).join(","), e.listenerCount(s), e.listenerCount("y", b), e.listenerCount("y", a));
e.removeAllListeners();
console.log(log.join(" "), e.eventNames().length, e.listenerCount("removeListener"));

// Same listener twice, removal of the last added copy; removal during emit.
const f = new EventEmitter();
const order = [];
const one = () => order.push("one");
const two = () => { order.push("two"); f.removeListener("z", three); };
const three = () => order.push("three");
f.on("z", one); f.on("z", two); f.on("z", three); f.on("z", one);
f.emit("z"); f.emit("z");
f.removeListener("z", one);
console.log(order.join(","), f.listenerCount("z"), f.listeners("z").map((x) => x.name).join(","));

// Listeners get `this` and all arguments.
const g = new EventEmitter();
g.on("args", function (...args) { console.log(this === g, args.length, args.join("|")); });
g.emit("args", 1, "two", 3, 4, 5, 6);

// once: a listener removed before it fires; emit inside once.
const h = new EventEmitter();
let count = 0;
const inc = () => { count++; h.emit("n"); };
h.once("n", inc);
h.emit("n");
const gone = () => count += 100;
h.once("m", gone);
h.off("m", gone);
h.emit("m");
console.log(count, h.listenerCount("n"), h.listenerCount("m"));

// Errors.
const err = new EventEmitter();
try { err.emit("error", new TypeError("bad")); } catch (x) { show(x); }
try { err.emit("error", "text"); } catch (x) { show(x); console.log(x.context); }
try { err.emit("error", { a: 1 }); } catch (x) { show(x); }
try { err.emit("error", 42); } catch (x) { show(x); }
try { err.emit("error"); } catch (x) { show(x); console.log(x.context); }
err.on(errorMonitor, (x) => console.log("monitor", x.message));
try { err.emit("error", new Error("seen")); } catch (x) { show(x); }
err.on("error", (x) => console.log("handled", x.message));
console.log(err.emit("error", new Error("caught")));
for (const bad of [undefined, null, 1, "s", {}]) {
  try { err.on("q", bad); } catch (x) { show(x); }
}
try { err.once("q", 5); } catch (x) { show(x); }
try { err.removeListener("q", 5); } catch (x) { show(x); }
try { err.prependListener("q"); } catch (x) { show(x); }

// Max listeners.
const m = new EventEmitter();
console.log(m.getMaxListeners(), m.setMaxListeners(1) === m, m.getMaxListeners());
for (const bad of [-1, "3", NaN, null]) {
  try { m.setMaxListeners(bad); } catch (x) { show(x); }
}
m.setMaxListeners(0);
for (let i = 0; i < 20; i++) m.on("many", () => {});
console.log(m.listenerCount("many"));
try { EventEmitter.defaultMaxListeners = -1; } catch (x) { show(x); }
try { EventEmitter.defaultMaxListeners = "x"; } catch (x) { show(x); }
EventEmitter.defaultMaxListeners = 12;
console.log(new EventEmitter().getMaxListeners());
EventEmitter.defaultMaxListeners = 10;

// Old-style subclassing and class subclassing.
function Old() { EventEmitter.call(this); this.kind = "old"; }
Object.setPrototypeOf(Old.prototype, EventEmitter.prototype);
const old = new Old();
old.on("hi", function () { console.log("old hi", this.kind); });
old.emit("hi");
class Modern extends EventEmitter { constructor() { super(); this.kind = "modern"; } }
const mod = new Modern();
mod.once("hi", function () { console.log("modern hi", this.kind, this instanceof EventEmitter); });
mod.emit("hi");
console.log(typeof mod._events, mod._eventsCount, Object.getPrototypeOf(mod._events));
// An object with EventEmitter's prototype but no constructor call still works.
const bare = Object.create(EventEmitter.prototype);
bare.on("b", () => console.log("bare fired"));
bare.emit("b");
console.log(EventEmitter.listenerCount(bare, "b"));

// removeListener of an unknown listener, removeAllListeners of an unknown type.
const r = new EventEmitter();
console.log(r.removeListener("none", () => {}) === r, r.removeAllListeners("none") === r, r.listeners("none").length);
// The 'newListener' listener added inside itself is not called for itself.
const nl = new EventEmitter();
nl.once("newListener", (type) => { if (type === "foo") nl.on("foo", () => console.log("added inside")); });
nl.on("foo", () => console.log("added outside"));
nl.emit("foo");
