// node:events statics: once (promise, errors, AbortSignal, EventTarget), on (async iterator),
// getEventListeners, get/setMaxListeners, addAbortListener, captureRejections, errors.
import { EventEmitter, once, on, getEventListeners, getMaxListeners, setMaxListeners, addAbortListener, captureRejectionSymbol, listenerCount } from "node:events";
import events from "events";
const show = (e) => console.log("threw", e.name, e.code, e.message);

const e = new EventEmitter();
const p1 = once(e, "ready");
console.log(e.listenerCount("ready"), e.listenerCount("error"));
e.emit("ready", 1, "two");
console.log(JSON.stringify(await p1), e.listenerCount("ready"), e.listenerCount("error"));

const p2 = once(e, "ready");
e.emit("error", new Error("failed"));
try { await p2; } catch (err) { console.log("once rejected", err.message, e.listenerCount("ready")); }

const p3 = once(e, "error");
e.emit("error", new Error("as value"));
console.log((await p3)[0].message);

const ac = new AbortController();
const p4 = once(e, "never", { signal: ac.signal });
ac.abort();
try { await p4; } catch (err) { console.log(err.name, err.code, err.message, err.cause?.name, e.listenerCount("never")); }
try { await once(e, "x", { signal: AbortSignal.abort("why") }); } catch (err) { console.log(err.name, err.code, err.cause); }
for (const bad of [{ signal: 1 }, { signal: {} }, { signal: null }]) {
  try { await once(e, "x", bad); } catch (err) { show(err); }
}

const target = new EventTarget();
const p5 = once(target, "ping");
target.dispatchEvent(new Event("ping"));
const [event] = await p5;
console.log(event.type, event instanceof Event);

// on(): async iteration.
const it = new EventEmitter();
const seen = [];
const done = (async () => {
  for await (const args of on(it, "data")) {
    seen.push(args.join("+"));
    if (seen.length === 3) break;
  }
})();
it.emit("data", 1);
it.emit("data", 2, 3);
await Promise.resolve();
it.emit("data", 4);
it.emit("data", 5);
await done;
console.log(seen.join(" "), it.listenerCount("data"), it.listenerCount("error"));

const it2 = new EventEmitter();
const iter = on(it2, "data");
it2.emit("data", "queued");
it2.emit("error", new Error("iter error"));
console.log(JSON.stringify(await iter.next()));
try { await iter.next(); } catch (err) { console.log("iter threw", err.message); }
console.log(JSON.stringify(await iter.next()), it2.listenerCount("data"));

const ac2 = new AbortController();
const iter3 = on(new EventEmitter(), "x", { signal: ac2.signal });
const pending = iter3.next();
ac2.abort();
try { await pending; } catch (err) { console.log(err.name, err.code); }
try { on(new EventEmitter(), "x", { signal: AbortSignal.abort() }); } catch (err) { console.log("sync", err.name); }
for (const bad of [{ signal: 1 }, { signal: {} }]) { try { on(new EventEmitter(), "x", bad); } catch (err) { show(err); } }
const iter4 = on(new EventEmitter(), "x");
console.log(JSON.stringify(await iter4.return()), typeof iter4[Symbol.asyncIterator]);

const closing = new EventEmitter();
const iter5 = on(closing, "data", { close: ["end"] });
closing.emit("data", 1);
closing.emit("end");
console.log(JSON.stringify(await iter5.next()), JSON.stringify(await iter5.next()));

// getEventListeners / listener counts / max listeners.
const g = new EventEmitter();
const fn1 = () => {};
const fn2 = () => {};
g.on("a", fn1);
g.once("a", fn2);
console.log(getEventListeners(g, "a").length, getEventListeners(g, "a")[1] === fn2, getEventListeners(g, "none").length, listenerCount(g, "a"), events.listenerCount(g, "a"));
const t2 = new EventTarget();
t2.addEventListener("foo", fn1);
t2.addEventListener("foo", fn2);
console.log(getEventListeners(t2, "foo").length, getEventListeners(t2, "foo")[0] === fn1);
try { getEventListeners({}, "a"); } catch (err) { show(err); }
console.log(getMaxListeners(g), getMaxListeners(t2));
setMaxListeners(3, g, t2);
console.log(getMaxListeners(g), g.getMaxListeners(), getMaxListeners(t2));
try { setMaxListeners(-1, g); } catch (err) { show(err); }
try { setMaxListeners(1, {}); } catch (err) { show(err); }

// addAbortListener.
const ac3 = new AbortController();
const disposable = addAbortListener(ac3.signal, (ev) => console.log("abort listener", ev.type));
console.log(typeof disposable);
ac3.abort();
const ac4 = new AbortController();
const d4 = addAbortListener(ac4.signal, () => console.log("never"));
d4[Symbol.for("nodejs.dispose")]();
ac4.abort();
try { addAbortListener(undefined, () => {}); } catch (err) { show(err); }
try { addAbortListener(ac4.signal, 1); } catch (err) { show(err); }

// captureRejections.
const cr = new EventEmitter({ captureRejections: true });
cr.on("work", async () => { throw new Error("async failure"); });
const gotError = once(cr, "error");
cr.emit("work");
console.log("captured", (await gotError)[0].message);
const cr2 = new EventEmitter({ captureRejections: true });
cr2[captureRejectionSymbol] = (err, name, ...args) => console.log("rejection hook", err.message, name, args.join(","));
cr2.on("job", async (a, b) => { throw new Error("hooked"); });
cr2.emit("job", 1, 2);
await new Promise((r) => setTimeout(r, 0));
try { new EventEmitter({ captureRejections: 1 }); } catch (err) { show(err); }
console.log(EventEmitter.captureRejections, events.captureRejectionSymbol === Symbol.for("nodejs.rejection"));
try { EventEmitter.captureRejections = "yes"; } catch (err) { show(err); }

// Warning for too many listeners: nothing printed on stdout; the emitter still works.
const many = new EventEmitter();
many.setMaxListeners(2);
for (let i = 0; i < 3; i++) many.on("m", () => {});
console.log(many.listenerCount("m"));
