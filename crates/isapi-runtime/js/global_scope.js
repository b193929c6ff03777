// What makes globalThis a worker-like global scope: `self`, `navigator`, reportError,
// and globalThis as an event target ("error" from reportError, "unhandledrejection"
// from the event loop), as in Deno and Cloudflare Workers.
import { version, setRejectionHook } from "isapi:native/global_scope";
import { PromiseRejectionEvent, dispatch, hasListeners, reportError, EventTarget } from "./events.js";

export const self = globalThis;

class Navigator {
  get userAgent() {
    return `isapi-ts/${version}`;
  }
}
Object.defineProperty(Navigator.prototype, Symbol.toStringTag, { value: "Navigator", configurable: true });
export const navigator = new Navigator();

const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype;

/** @type {EventTarget["addEventListener"]} */
export function addEventListener(type, callback, options = undefined) {
  add.apply(globalThis, /** @type {any} */ (arguments));
}
/** @type {EventTarget["removeEventListener"]} */
export function removeEventListener(type, callback, options = undefined) {
  remove.apply(globalThis, /** @type {any} */ (arguments));
}
/** @param {import("./events.js").Event} event */
export function dispatchEvent(event) {
  return EventTarget.prototype.dispatchEvent.apply(globalThis, /** @type {any} */ (arguments));
}

// HTML's "outstanding rejected promises": those reported as unhandled, with their reason,
// until a handler is added (then a "rejectionhandled" event).
/** @type {WeakMap<Promise<unknown>, unknown>} */
const outstanding = new WeakMap();

setRejectionHook(
  // For each rejection still unhandled after the microtasks ran: true when it must be
  // logged (no listener cancelled the event).
  (promise, reason) => {
    outstanding.set(promise, reason);
    if (!hasListeners(globalThis, "unhandledrejection")) return true;
    const event = new PromiseRejectionEvent("unhandledrejection", { promise, reason, cancelable: true });
    return dispatch(globalThis, event, true);
  },
  // For each promise given a handler after that: "rejectionhandled" if it was reported.
  (promise) => {
    if (!outstanding.has(promise)) return;
    const reason = outstanding.get(promise);
    outstanding.delete(promise);
    if (!hasListeners(globalThis, "rejectionhandled")) return;
    dispatch(globalThis, new PromiseRejectionEvent("rejectionhandled", { promise, reason }), true);
  },
);

export { reportError };
