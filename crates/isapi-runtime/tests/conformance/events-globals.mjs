// The event and messaging globals Node 20 also has: their type, descriptors, and that
// they can be replaced. (self, navigator, reportError, ErrorEvent, PromiseRejectionEvent
// and globalThis's addEventListener are not in Node 20: tests/web_platform.rs.)
const names = [
  "DOMException", "Event", "EventTarget", "CustomEvent", "MessageEvent", "AbortController",
  "AbortSignal", "structuredClone", "MessageChannel", "MessagePort", "performance",
  "Performance", "PerformanceEntry", "PerformanceMark", "PerformanceMeasure", "atob", "btoa",
];
for (const name of names) {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
  console.log(name, typeof globalThis[name], descriptor.configurable, descriptor.enumerable);
}
for (const name of names.filter((n) => n !== "performance")) {
  const before = globalThis[name];
  globalThis[name] = "replaced";
  console.log(name, globalThis[name] === "replaced");
  globalThis[name] = before;
}
console.log("lengths", Event.length, EventTarget.length, CustomEvent.length, MessageEvent.length, AbortController.length, DOMException.length);
// (structuredClone.length and postMessage.length are 1 by WebIDL, 0 in Node.)
const p = EventTarget.prototype;
console.log("method lengths", p.addEventListener.length, p.removeEventListener.length, p.dispatchEvent.length, AbortSignal.any.length, AbortSignal.timeout.length, AbortSignal.abort.length);
console.log("more lengths", performance.mark.length, performance.measure.length, performance.getEntriesByName.length, atob.length, btoa.length);
