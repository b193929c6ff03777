// process.nextTick's order against Promise jobs, queueMicrotask, timers and setImmediate,
// as Node runs them in the common cases.
const log = [];
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
setTimeout(() => console.log(log.join("\n")), 50);
