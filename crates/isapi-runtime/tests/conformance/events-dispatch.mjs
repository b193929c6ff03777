// Event and EventTarget: construction, flags, dispatch, listener options and order.
const log = [];
const event = new Event("ping", { bubbles: true, cancelable: true, composed: true });
console.log("init", event.type, event.bubbles, event.cancelable, event.composed, event.defaultPrevented);
console.log("before", event.target, event.currentTarget, event.eventPhase, event.isTrusted, typeof event.timeStamp);
// (Node lacks the constants on Event.prototype and returnValue's setter: see tests/web_platform.rs.)
console.log("constants", Event.NONE, Event.CAPTURING_PHASE, Event.AT_TARGET, Event.BUBBLING_PHASE);
const plain = new Event("x");
console.log("defaults", plain.bubbles, plain.cancelable, plain.composed, plain.returnValue, plain.cancelBubble);
console.log("type coerced", new Event(undefined).type, new Event(null).type, new Event(12).type);
for (const bad of [() => new Event(), () => Event("x"), () => new Event("x", 5)]) {
  try {
    bad();
    console.log("no throw");
  } catch (error) {
    console.log("throws", error.name);
  }
}
const target = new EventTarget();
const first = (e) => log.push(`first ${e.eventPhase} ${e.target === target} ${e.currentTarget === target}`);
target.addEventListener("ping", first);
target.addEventListener("ping", first); // a duplicate is ignored
target.addEventListener("ping", function (e) {
  log.push(`this is target ${this === target}`);
});
const handler = {
  handleEvent(e) {
    log.push(`handleEvent this ${this === handler} ${e.type}`);
  },
};
target.addEventListener("ping", handler);
target.addEventListener("ping", null);
console.log("dispatch", target.dispatchEvent(event));
console.log(log.splice(0).join(" | "));
console.log("after", event.target === target, event.currentTarget, event.eventPhase);
// preventDefault needs cancelable.
target.addEventListener("cancel", (e) => e.preventDefault());
console.log("cancel cancelable", target.dispatchEvent(new Event("cancel", { cancelable: true })));
console.log("cancel not cancelable", target.dispatchEvent(new Event("cancel")));
// once
let onceCount = 0;
target.addEventListener("once", () => onceCount++, { once: true });
target.dispatchEvent(new Event("once"));
target.dispatchEvent(new Event("once"));
console.log("once", onceCount);
// removal, including capture matching
const removed = () => log.push("removed ran");
target.addEventListener("rm", removed);
target.addEventListener("rm", removed, { capture: true });
target.removeEventListener("rm", removed, { capture: true }); // (Node ignores a boolean here)
target.dispatchEvent(new Event("rm"));
target.removeEventListener("rm", removed);
target.dispatchEvent(new Event("rm"));
console.log("remove", log.splice(0).join(","));
// A listener removed by an earlier one does not run; one added during dispatch does not run.
const late = () => log.push("late");
const victim = () => log.push("victim");
target.addEventListener("mut", () => {
  log.push("remover");
  target.removeEventListener("mut", victim);
  target.addEventListener("mut", late);
});
target.addEventListener("mut", victim);
target.dispatchEvent(new Event("mut"));
console.log("mutation 1", log.splice(0).join(","));
target.dispatchEvent(new Event("mut"));
console.log("mutation 2", log.splice(0).join(","));
// stopImmediatePropagation
target.addEventListener("stop", (e) => {
  log.push("a");
  e.stopImmediatePropagation();
});
target.addEventListener("stop", () => log.push("b"));
target.dispatchEvent(new Event("stop"));
console.log("stopImmediate", log.splice(0).join(","));
// Redispatching a finished event is fine.
const again = new Event("again");
let times = 0;
target.addEventListener("again", () => times++);
target.dispatchEvent(again);
target.dispatchEvent(again);
console.log("redispatch", times);
// dispatchEvent argument checks
for (const bad of [() => target.dispatchEvent(), () => target.dispatchEvent({ type: "x" }), () => target.addEventListener("x")]) {
  try {
    bad();
    console.log("no throw");
  } catch (error) {
    console.log("throws", error.name);
  }
}
try {
  EventTarget.prototype.addEventListener.call({}, "x", () => {});
  console.log("no throw");
} catch (error) {
  console.log("other this", error.name);
}
// composedPath
const pathTarget = new EventTarget();
let path;
pathTarget.addEventListener("p", (e) => (path = e.composedPath()));
const pe = new Event("p");
pathTarget.dispatchEvent(pe);
console.log("composedPath", path.length, path[0] === pathTarget, pe.composedPath().length);
// subclassing
class MyTarget extends EventTarget {}
const mt = new MyTarget();
mt.addEventListener("z", (e) => log.push(`sub ${e instanceof Event}`));
class MyEvent extends Event {
  constructor() {
    super("z");
    this.extra = 1;
  }
}
mt.dispatchEvent(new MyEvent());
console.log(log.splice(0).join(","));
console.log("tags", Object.prototype.toString.call(target), Object.prototype.toString.call(event));
// CustomEvent
const custom = new CustomEvent("c", { detail: { n: 1 } });
console.log("custom", custom.type, custom.detail.n, new CustomEvent("c").detail, custom instanceof Event);
// MessageEvent
const message = new MessageEvent("message", { data: [1, 2], origin: "o", lastEventId: "7" });
console.log("message", message.data.join(), message.origin, message.lastEventId, message.source, message.ports.length);
const emptyMessage = new MessageEvent("message");
console.log("message defaults", emptyMessage.data, JSON.stringify(emptyMessage.origin), emptyMessage.ports.length);
try {
  new MessageEvent("message", { source: {} });
  console.log("no throw");
} catch (error) {
  console.log("bad source", error.name);
}
// The options object: passive and once read, signal checked.
try {
  target.addEventListener("x", () => {}, { signal: {} });
  console.log("no throw");
} catch (error) {
  console.log("bad signal", error.name);
}
const options = { once: true };
let countWithOptions = 0;
target.addEventListener("o", () => countWithOptions++, options);
options.once = false;
target.dispatchEvent(new Event("o"));
target.dispatchEvent(new Event("o"));
console.log("options read once", countWithOptions);
