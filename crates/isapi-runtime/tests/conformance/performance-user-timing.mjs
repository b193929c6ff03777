// performance: now(), timeOrigin, marks and measures, the entry lists and clearing.
const t1 = performance.now();
const t2 = performance.now();
console.log("now", typeof t1, t1 >= 0, t2 >= t1);
console.log("timeOrigin", typeof performance.timeOrigin, Math.abs(performance.timeOrigin + performance.now() - Date.now()) < 1000);
console.log("toJSON", typeof performance.toJSON().timeOrigin);
console.log("is EventTarget", performance instanceof EventTarget, performance instanceof Performance);
performance.clearMarks();
performance.clearMeasures();
const a = performance.mark("a", { startTime: 5, detail: { x: 1 } });
console.log("mark", a.name, a.entryType, a.startTime, a.duration, JSON.stringify(a.detail), a instanceof PerformanceMark, a instanceof PerformanceEntry);
console.log("mark json", JSON.stringify(a));
const now = performance.mark("now");
console.log("mark now", now.startTime > 0, now.detail);
performance.clearMarks("now"); // where "now" falls among the fixed times below differs
performance.mark("zero", { startTime: 0 });
performance.mark("b", { startTime: 15 });
performance.mark("a", { startTime: 8 }); // a second "a": the latest is used
const m1 = performance.measure("m1", "a", "b");
console.log("measure by marks", m1.entryType, m1.startTime, m1.duration, m1.detail, m1 instanceof PerformanceMeasure);
const m2 = performance.measure("m2", { start: 1, end: 4, detail: [1] });
console.log("measure start/end", m2.startTime, m2.duration, JSON.stringify(m2.detail));
const m3 = performance.measure("m3", { start: 2, duration: 3 });
console.log("measure start/duration", m3.startTime, m3.duration);
const m4 = performance.measure("m4", { end: 10, duration: 4 });
console.log("measure end/duration", m4.startTime, m4.duration);
const m5 = performance.measure("m5", "zero");
console.log("measure from mark to now", m5.startTime, m5.duration > 0);
const m6 = performance.measure("m6");
console.log("measure whole", m6.startTime, m6.duration > 0);
performance.clearMeasures("m5");
performance.clearMarks("zero");
const m7 = performance.measure("m7", { start: "a", end: "b" });
console.log("measure option marks", m7.startTime, m7.duration);
for (const [label, call] of [
  ["unknown mark", () => performance.measure("x", "nope")],
  ["unknown end mark", () => performance.measure("x", "a", "nope")],
  ["options and end", () => performance.measure("x", { start: 1 }, "b")],
  ["all three", () => performance.measure("x", { start: 1, end: 2, duration: 1 })],
  ["negative start", () => performance.mark("x", { startTime: -1 })],
  ["no name", () => performance.mark()],
  ["options not object", () => performance.mark("x", 5)],
  ["uncloneable detail", () => performance.mark("x", { detail: () => 1 })],
  ["new PerformanceEntry", () => new PerformanceEntry()],
  ["new PerformanceMeasure", () => new PerformanceMeasure()],
  ["new Performance", () => new Performance()],
]) {
  try {
    call();
    console.log(label, "no throw");
  } catch (error) {
    console.log(label, error.name);
  }
}
console.log("order", performance.getEntries().map((e) => `${e.name}:${e.entryType}`).join(","));
console.log("by type", performance.getEntriesByType("mark").map((e) => e.name).join(","), performance.getEntriesByType("other").length);
console.log("by name", performance.getEntriesByName("a").length, performance.getEntriesByName("a", "measure").length, performance.getEntriesByName("m1", "measure").length);
const detail = { deep: { y: 2 } };
const withDetail = performance.mark("d", { detail });
console.log("detail cloned", withDetail.detail !== detail, withDetail.detail.deep.y, withDetail.detail === withDetail.detail);
const constructed = new PerformanceMark("constructed", { startTime: 3 });
console.log("constructed mark", constructed.startTime, performance.getEntriesByName("constructed").length);
performance.clearMarks("a");
console.log("clear one name", performance.getEntriesByName("a").length, performance.getEntriesByType("mark").length);
performance.clearMeasures("m1");
console.log("clear one measure", performance.getEntriesByType("measure").length);
performance.clearMarks();
performance.clearMeasures();
console.log("cleared", performance.getEntries().length);
console.log("tags", Object.prototype.toString.call(performance), Object.prototype.toString.call(constructed));
