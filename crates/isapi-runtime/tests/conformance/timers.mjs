// Timers and microtasks: the order in which callbacks run.
const order = [];
setTimeout(() => order.push("timeout 20"), 20);
setTimeout(() => order.push("timeout 0"), 0);
const cleared = setTimeout(() => order.push("cleared"), 5);
clearTimeout(cleared);
queueMicrotask(() => order.push("microtask"));
Promise.resolve().then(() => order.push("promise"));
let ticks = 0;
const interval = setInterval(() => {
  order.push(`interval ${++ticks}`);
  if (ticks === 3) clearInterval(interval);
}, 1);
order.push("sync");
await new Promise((resolve) => setTimeout(resolve, 60));
console.log(order.filter((e) => !e.startsWith("interval")).join(", "));
console.log(order.filter((e) => e.startsWith("interval")).join(", "));
try {
  queueMicrotask("not a function");
} catch (error) {
  console.log("queueMicrotask(string):", error.name);
}

// A timer is a task: the microtasks its callback queued run before the next timer.
const tasks = [];
setTimeout(() => {
  tasks.push("timer 1");
  Promise.resolve().then(() => tasks.push("microtask of timer 1"));
  queueMicrotask(() => tasks.push("queued by timer 1"));
}, 0);
setTimeout(() => tasks.push("timer 2"), 0);
setTimeout(() => {
  tasks.push("timer 3");
  setTimeout(() => tasks.push("timer set by timer 3"), 0);
}, 0);
setTimeout(() => tasks.push("timer 4"), 0);
await new Promise((resolve) => setTimeout(resolve, 30));
console.log(tasks.join(", "));
