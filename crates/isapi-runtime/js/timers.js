// Timers, run by the engine's event loop while it waits (see event_loop.rs). An engine
// runs one call at a time, so every timer alive is the running call's; when the call ends
// the embedder cancels what is left (`cancelTimers`).
import { now, register } from "isapi:native/timers";
import { reportException } from "isapi:native/global_scope";
import { getFrame, runInFrame } from "./node/internal/async_context.js";

/** @typedef {{ when: number, callback: Function, args: unknown[], every: number, unref: boolean, frame: import("./node/internal/async_context.js").Frame }} Timer */

/** @type {Map<number, Timer>} */
const timers = new Map();
let nextTimer = 1;

/**
 * @param {unknown} callback
 * @param {unknown} delay
 * @param {unknown[]} args
 * @param {boolean} repeat
 * @param {boolean} [unref] a timer that does not keep `isapi-run` alive (Node's unref)
 */
function schedule(callback, delay, args, repeat, unref = false) {
  if (typeof callback !== "function") throw new TypeError("the timer callback must be a function");
  const id = nextTimer++;
  const ms = Math.max(0, Number(delay) || 0);
  // The async context (AsyncLocalStorage's stores) is the one that set the timer.
  const frame = getFrame();
  timers.set(id, { when: now() + ms, callback, args, every: repeat ? Math.max(1, ms) : 0, unref, frame });
  return id;
}
/** @param {unknown} id */
const clear = (id) => void timers.delete(Number(id));

// Runs the earliest due timer (by due time, then by when it was set); returns milliseconds
// until the next one (0 when another is due), or -1 when none is left. One at a time: the
// event loop runs the microtasks a callback queued before the next timer, as HTML and Node
// do (a timer is a task).
function runTimers() {
  if (timers.size === 0) return -1;
  const current = now();
  /** @type {[number, Timer] | undefined} */
  let first;
  for (const entry of timers) {
    if (entry[1].when <= current && (first === undefined || entry[1].when < first[1].when)) first = entry;
  }
  if (first !== undefined) {
    const [id, timer] = first;
    if (timer.every) timer.when = current + timer.every;
    else timers.delete(id);
    try {
      runInFrame(
        timer.frame,
        /** @type {(...a: unknown[]) => unknown} */ (timer.callback),
        undefined,
        timer.args,
      );
    } catch (error) {
      reportException(error);
    }
  }
  let next = -1;
  const after = now();
  for (const timer of timers.values()) {
    const wait = Math.max(0, timer.when - after);
    if (next < 0 || wait < next) next = wait;
  }
  return next;
}

// Cancels every timer; returns how many there were.
function cancelTimers() {
  const left = timers.size;
  timers.clear();
  return left;
}

// How many timers keep a script alive (all but the unref'd ones).
function refTimers() {
  let count = 0;
  for (const timer of timers.values()) if (!timer.unref) count++;
  return count;
}

register(runTimers, cancelTimers, refTimers);

/**
 * For the platform's own timers that must not keep `isapi-run` alive (AbortSignal.timeout,
 * as in Node). In a request they run as any timer, while the request lasts.
 * @param {() => void} callback
 * @param {number} delay
 */
export const setUnrefTimeout = (callback, delay) => schedule(callback, delay, [], false, true);

/** @type {(callback: unknown, delay?: unknown, ...args: unknown[]) => number} */
export const setTimeout = (callback, delay, ...args) => schedule(callback, delay, args, false);
/** @type {(callback: unknown, delay?: unknown, ...args: unknown[]) => number} */
export const setInterval = (callback, delay, ...args) => schedule(callback, delay, args, true);
export const clearTimeout = clear;
export const clearInterval = clear;
/** @param {() => void} callback */
export const queueMicrotask = (callback) => {
  if (typeof callback !== "function") throw new TypeError("queueMicrotask needs a function");
  // A throw is reported as an exception (HTML), not a rejection.
  const frame = getFrame();
  void Promise.resolve().then(() => {
    try {
      runInFrame(frame, callback, undefined, []);
    } catch (error) {
      reportException(error);
    }
  });
};

// For node:timers' Timeout objects: keep a timer alive or not, restart its delay, and
// whether it is still set.
/** @param {number} id @param {boolean} ref */
export function setTimerRef(id, ref) {
  const timer = timers.get(id);
  if (timer) timer.unref = !ref;
}
/** @param {number} id */
export const hasTimer = (id) => timers.has(id);
/** @param {number} id */
export function timerRefs(id) {
  const timer = timers.get(id);
  return timer !== undefined && !timer.unref;
}
/**
 * Sets the timer `id` again from now with its delay (`callback`, `delay`, `args`, `repeat`
 * as first set: a timer that already ran is set anew under the same id).
 * @param {number} id @param {Function} callback @param {number} delay @param {unknown[]} args @param {boolean} repeat @param {boolean} unref
 */
export function refreshTimer(id, callback, delay, args, repeat, unref) {
  const ms = Math.max(0, Number(delay) || 0);
  const frame = timers.get(id)?.frame ?? getFrame();
  timers.set(id, { when: now() + ms, callback, args, every: repeat ? Math.max(1, ms) : 0, unref, frame });
}
/**
 * Sets a timer under a fresh id, as setTimeout/setInterval do, with node:timers' delay
 * rules already applied.
 * @param {Function} callback @param {number} delay @param {unknown[]} args @param {boolean} repeat
 */
export const scheduleTimer = (callback, delay, args, repeat) => schedule(callback, delay, args, repeat);
