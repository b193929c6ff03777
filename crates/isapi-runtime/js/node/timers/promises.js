// node:timers/promises: timers as Promises (setTimeout, setImmediate), setInterval as an
// async iterator, and `scheduler` — each cancelled by an AbortSignal, and unref'd with
// `{ ref: false }` (the timer then does not keep isapi-run alive).
import {
  setTimeout as nodeSetTimeout,
  setImmediate as nodeSetImmediate,
  setInterval as nodeSetInterval,
  clearTimeout as clearTimer,
} from "../timers.js";
import { AbortSignal } from "../../abort.js";
import { abortError, invalidArgType } from "../internal/errors.js";

/**
 * The options every function takes: `{ signal, ref }`, checked as Node checks them.
 * @param {unknown} options
 */
function readOptions(options) {
  if (options === undefined) return { signal: undefined, ref: true };
  if (typeof options !== "object" || options === null) throw invalidArgType("options", "object", options);
  const { signal, ref = true } = /** @type {{ signal?: unknown, ref?: unknown }} */ (options);
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw invalidArgType("options.signal", "AbortSignal", signal);
  }
  if (typeof ref !== "boolean") throw invalidArgType("options.ref", "boolean", ref);
  return { signal: /** @type {AbortSignal | undefined} */ (signal), ref };
}

/**
 * A Promise settled by a timer `start` sets, or rejected with an AbortError when `signal`
 * aborts first.
 * @template T
 * @param {(done: () => void) => import("../timers.js").Timeout | import("../timers.js").Immediate} start
 * @param {T} value
 * @param {unknown} options
 * @returns {Promise<T>}
 */
function timerPromise(start, value, options) {
  /** @type {{ signal: AbortSignal | undefined, ref: boolean }} */
  let read;
  try {
    read = readOptions(options);
  } catch (error) {
    return Promise.reject(error);
  }
  const { signal, ref } = read;
  if (signal?.aborted) return Promise.reject(abortError(signal.reason));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimer(timer);
      reject(abortError(signal?.reason));
    };
    const timer = start(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(value);
    });
    if (!ref) timer.unref();
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * @template [T=undefined]
 * @param {unknown} [delay] @param {T} [value] @param {unknown} [options]
 * @returns {Promise<T>}
 */
export function setTimeout(delay, value, options) {
  return timerPromise((done) => nodeSetTimeout(done, delay), /** @type {T} */ (value), options);
}

/**
 * @template [T=undefined]
 * @param {T} [value] @param {unknown} [options]
 * @returns {Promise<T>}
 */
export function setImmediate(value, options) {
  return timerPromise((done) => nodeSetImmediate(done), /** @type {T} */ (value), options);
}

/**
 * An async iterator yielding `value` every `delay` ms (ticks that pass while the consumer
 * is busy are counted, not lost, as in Node).
 * @template [T=undefined]
 * @param {unknown} [delay] @param {T} [value] @param {unknown} [options]
 * @returns {AsyncGenerator<T>}
 */
export async function* setInterval(delay, value, options) {
  const { signal, ref } = readOptions(options);
  if (signal?.aborted) throw abortError(signal.reason);
  let due = 0;
  /** @type {(() => void) | undefined} */
  let wake;
  const timer = nodeSetInterval(() => {
    due++;
    wake?.();
  }, delay);
  if (!ref) timer.unref();
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    while (true) {
      if (due === 0) {
        await new Promise((resolve) => {
          wake = () => resolve(undefined);
        });
        wake = undefined;
      }
      if (signal?.aborted) throw abortError(signal.reason);
      for (; due > 0; due--) yield /** @type {T} */ (value);
    }
  } finally {
    clearTimer(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

export const scheduler = {
  /** @param {unknown} delay @param {unknown} [options] */
  wait: (delay, options) => setTimeout(delay, undefined, options),
  yield: () => setImmediate(),
};

export default { setTimeout, setImmediate, setInterval, scheduler };
