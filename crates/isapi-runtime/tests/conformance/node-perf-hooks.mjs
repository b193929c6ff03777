// node:perf_hooks: the same performance object as the global, marks and measures seen by a
// PerformanceObserver (entryTypes, type + buffered), disconnect, and argument errors.
import perf, { performance, PerformanceObserver, PerformanceMark, constants } from "node:perf_hooks";
console.log(performance === globalThis.performance, perf.performance === performance, typeof performance.now(), typeof performance.timeOrigin);
console.log(PerformanceObserver.supportedEntryTypes.includes("mark"), PerformanceObserver.supportedEntryTypes.includes("measure"), typeof constants);
performance.mark("before");
const seen = [];
const observer = new PerformanceObserver((list, obs) => {
  seen.push(`${obs === observer} ${list.getEntries().map((e) => `${e.entryType}:${e.name}`).join(",")} ${list.getEntriesByType("mark").length} ${list.getEntriesByName("m2").length}`);
});
observer.observe({ entryTypes: ["mark", "measure"] });
performance.mark("m1");
performance.mark("m2");
performance.measure("between", "m1", "m2");
const buffered = new PerformanceObserver((list) => seen.push(`buffered ${list.getEntries().map((e) => e.name).join(",")}`));
buffered.observe({ type: "mark", buffered: true });
await new Promise((r) => setTimeout(r, 5));
observer.disconnect();
buffered.disconnect();
performance.mark("after disconnect");
await new Promise((r) => setTimeout(r, 1));
console.log(seen.join("\n"));
console.log(performance.getEntriesByType("mark").map((e) => e.name).join(), performance.getEntriesByName("m1")[0] instanceof PerformanceMark);
for (const call of [() => new PerformanceObserver(5), () => observer.observe(5)]) {
  try { call(); } catch (e) { console.log(e.name, e.code, e.message); }
}
