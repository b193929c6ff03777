// process.nextTick's order against Promise jobs, queueMicrotask, timers and setImmediate,
// as Node runs them in the common cases. It starts in a timer (a task, as a request is):
// there ticks run before the Promise jobs already queued (at an ES module's top level,
// which Node runs as a job, they run after).
const log = [];
await new Promise((finished) => setTimeout(() => {
const say = (s) => () => log.push(s);
Promise.resolve().then(say("promise 1"));
process.nextTick(say("tick 1"));
queueMicrotask(say("microtask 1"));
process.nextTick((a, b) => log.push(`tick 2 ${a} ${b}`), "x", "y");
Promise.resolve().then(() => {
  log.push("promise 2");
  process.nextTick(say("tick from promise"));
  Promise.resolve().then(say("promise from promise"));
});
process.nextTick(() => {
  log.push("tick 3");
  process.nextTick(say("tick from tick"));
  Promise.resolve().then(say("promise from tick"));
});
setTimeout(() => {
  log.push("timeout");
  Promise.resolve().then(say("promise from timeout"));
  process.nextTick(say("tick from timeout"));
  setTimeout(() => {
    setImmediate(say("immediate from timeout"));
    setTimeout(say("timeout 0 from timeout"), 0);
  }, 5);
}, 1);
(async () => {
  log.push("async start");
  await null;
  log.push("after await");
  process.nextTick(say("tick after await"));
  await null;
  log.push("after second await");
})();
setTimeout(finished, 50);
}, 0));
console.log(log.join("\n"));
