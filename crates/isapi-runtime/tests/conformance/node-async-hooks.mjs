// node:async_hooks: AsyncLocalStorage's store through nextTick, timers, setImmediate,
// queueMicrotask and Promise reactions, two interleaved flows keeping their own stores,
// run/exit/enterWith/disable/bind/snapshot, AsyncResource, and argument errors.
// (Stores after a native `await` are not compared: docs/node.md.)
import { AsyncLocalStorage, AsyncResource, executionAsyncId, triggerAsyncId, createHook } from "node:async_hooks";
import { setTimeout as nodeSetTimeout } from "node:timers";
const als = new AsyncLocalStorage();
const other = new AsyncLocalStorage();
// One log per flow (which flow's timer fires first is timing; each flow's own order is not).
const logs = { A: [], B: [], main: [] };
const see = (label) => {
  const flow = label.startsWith("A ") ? "A" : label.startsWith("B ") ? "B" : "main";
  logs[flow].push(`${label}: ${JSON.stringify(als.getStore())} ${JSON.stringify(other.getStore())}`);
};
see("outside");
function flow(name, delay) {
  return als.run({ flow: name }, () => {
    see(`${name} sync`);
    process.nextTick(() => see(`${name} tick`));
    queueMicrotask(() => see(`${name} microtask`));
    setImmediate(() => see(`${name} immediate`));
    nodeSetTimeout(() => see(`${name} node timeout`), delay);
    return new Promise((resolve) => setTimeout(() => { see(`${name} timeout`); resolve(name); }, delay))
      .then((v) => { see(`${name} then ${v}`); return other.run(`inner ${name}`, () => Promise.resolve(1).then(() => see(`${name} nested`))); })
      .finally(() => see(`${name} finally`));
  });
}
const both = Promise.all([flow("A", 30), flow("B", 10)]);
see("after starting");
both.then(() => {
  see("after both");
  als.run("x", () => {
    als.exit(() => see("exit"));
    see("back from exit");
    const bound = AsyncLocalStorage.bind(() => see("bound"));
    const snap = AsyncLocalStorage.snapshot();
    als.run("y", () => { bound(); snap(() => see("snapshot")); see("y"); });
    als.enterWith("entered");
    see("after enterWith");
    als.disable();
    see("after disable");
    als.run("again", () => see("run after disable"));
  });
  see("after run x");
  const resource = als.run("resource store", () => new AsyncResource("MyResource"));
  resource.runInAsyncScope(function (a, b) { see(`resource ${this.t} ${a} ${b}`); }, { t: "this" }, 1, 2);
  const fn = resource.bind(function () { see("resource bound"); return this; }, "thisArg");
  console.log(typeof fn.asyncResource, fn.length, fn() === "thisArg", typeof resource.asyncId(), typeof resource.triggerAsyncId());
  const staticBound = als.run("static", () => AsyncResource.bind(() => see("static bind")));
  staticBound();
  console.log(typeof executionAsyncId(), typeof triggerAsyncId(), typeof createHook({}).enable);
  for (const call of [() => new AsyncResource(5), () => AsyncLocalStorage.bind(1)]) {
    try { call(); } catch (e) { console.log(e.name, e.code, e.message); }
  }
  // Not functions: the engine's own TypeError (its wording is the engine's).
  for (const call of [() => als.run(1, "nope"), () => resource.runInAsyncScope(null)]) {
    try { call(); } catch (e) { console.log(e.name, e.code); }
  }
  setTimeout(() => console.log([...logs.A, ...logs.B, ...logs.main].join("\n")), 10);
});
