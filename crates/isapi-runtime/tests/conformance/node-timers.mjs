// node:timers and timers/promises: Timeout objects (ref/unref/hasRef/refresh/close, their
// number), setImmediate order, clear functions taking either form, promise timers with
// values, AbortSignal and argument errors, setInterval as an async iterator.
import timers, { setTimeout as st, setInterval as si, setImmediate as sim, clearTimeout as ct, clearInterval, clearImmediate } from "node:timers";
import tp, { setTimeout as pst, setImmediate as psim, setInterval as psi, scheduler } from "node:timers/promises";
const log = [];
const t = st(() => log.push("never"), 10);
console.log(typeof t, t.constructor.name, t.hasRef(), t.unref() === t, t.hasRef(), t.ref().hasRef(), typeof +t, `${+t}` === String(t[Symbol.toPrimitive]()));
ct(t);
const t2 = st(() => log.push("never 2"), 10);
clearTimeout(+t2);
const t3 = st(() => log.push("never 3"), 10);
t3.close();
const im = sim((a, b) => log.push(`immediate ${a} ${b}`), 1, 2);
console.log(im.constructor.name, im.hasRef(), typeof im.unref);
const im2 = sim(() => log.push("never 4"));
clearImmediate(im2);
console.log(typeof setImmediate, typeof clearImmediate, setImmediate === sim, timers.setImmediate === sim, tp.setTimeout === pst, timers.promises === tp);
let n = 0;
const iv = si(() => {
  log.push(`interval ${++n}`);
  if (n === 3) clearInterval(iv);
}, 1);
let refreshed = 0;
const r = st(() => log.push(`refreshed ran ${++refreshed}`), 5);
st(() => r.refresh(), 2);
await pst(30);
for (const bad of [undefined, "x", {}]) {
  try { st(bad); } catch (e) { console.log(e.name, e.code, e.message); }
  try { sim(bad); } catch (e) { console.log(e.name, e.code, e.message); }
}
console.log(await pst(1, "value"), await psim("imm"), await scheduler.wait(1), await scheduler.yield());
const ac = new AbortController();
const pending = pst(1000, "x", { signal: ac.signal });
ac.abort();
try { await pending; } catch (e) { console.log(e.name, e.code, e.message, e.cause?.name); }
try { await pst(1, "x", { signal: AbortSignal.abort("why") }); } catch (e) { console.log(e.name, e.code, e.cause); }
for (const options of [5, { signal: 1 }, { ref: "no" }]) {
  try { await pst(1, "x", options); } catch (e) { console.log(e.name, e.code, e.message); }
}
// An unref'd timer alone would not keep the script alive (whether it fires first is timing).
const keep = st(() => {}, 200);
console.log(await pst(1, "unref'd", { ref: false }));
ct(keep);
let count = 0;
for await (const value of psi(2, "tick")) {
  log.push(`${value} ${++count}`);
  if (count === 3) break;
}
const ac2 = new AbortController();
try {
  for await (const value of psi(2, "x", { signal: ac2.signal })) {
    ac2.abort();
  }
} catch (e) { console.log(e.name, e.code); }
await pst(20);
console.log(log.join("\n"));
