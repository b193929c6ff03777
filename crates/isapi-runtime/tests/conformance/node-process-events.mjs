// process events: unhandledRejection, rejectionHandled, uncaughtException (from a timer and
// a tick), warning; once/off; exit and abort throw instead of ending the process (they
// throw in isapi-ts; this script prints only what Node and isapi-ts share).
const seen = [];
process.on("unhandledRejection", (reason, promise) => {
  seen.push(`unhandledRejection ${reason.message} ${promise instanceof Promise}`);
});
process.on("rejectionHandled", (promise) => seen.push(`rejectionHandled ${promise instanceof Promise}`));
process.on("uncaughtException", (error, origin) => seen.push(`uncaughtException ${error.message} ${origin}`));
process.on("warning", (w) => seen.push(`warning ${w.name} ${w.message} ${w.code}`));
const once = () => seen.push("once");
process.once("custom", once);
process.emit("custom");
process.emit("custom");
const p = Promise.reject(new Error("nobody"));
setTimeout(() => {
  p.catch(() => {});
  setTimeout(() => {}, 1);
}, 5);
setTimeout(() => {
  throw new Error("from timer");
}, 10);
setTimeout(() => {
  process.nextTick(() => {
    throw new Error("from tick");
  });
}, 15);
process.emitWarning("careful", "CustomWarning", "W1");
process.emitWarning("old", { type: "DeprecationWarning", code: "DEP0", detail: "d" });
setTimeout(() => console.log(seen.join("\n")), 40);
