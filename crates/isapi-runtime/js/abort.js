// AbortController and AbortSignal (DOM §3.1-3.3). Other modules (streams, fetch) import
// `onAbort` to run an algorithm when a signal aborts, without an event listener.
import { DOMException } from "./dom_exception.js";
import { Event, EventTarget, defineEventHandler, dispatch, requireArgs, setSignalHook } from "./events.js";
import { setUnrefTimeout } from "./timers.js";
import { offer } from "./on_demand.js";
import { inspectAs } from "./webidl.js";

/**
 * @typedef {{
 *   aborted: boolean, reason: unknown, algorithms: Set<() => void>,
 *   dependent: boolean, sources: Set<AbortSignal>, dependents: Set<AbortSignal>,
 * }} SignalState
 */

/** @type {WeakMap<object, SignalState>} */
const signals = new WeakMap();
const CREATE = Symbol("create");

/** @param {unknown} self */
function stateOf(self) {
  const s = typeof self === "object" && self !== null ? signals.get(self) : undefined;
  if (!s) throw new TypeError("Illegal invocation");
  return s;
}

/** @param {unknown} value @returns {value is AbortSignal} */
export function isAbortSignal(value) {
  return typeof value === "object" && value !== null && signals.has(value);
}

export class AbortSignal extends EventTarget {
  /** @param {unknown} [key] */
  constructor(key) {
    if (key !== CREATE) throw new TypeError("Illegal constructor");
    super();
    signals.set(this, {
      aborted: false,
      reason: undefined,
      algorithms: new Set(),
      dependent: false,
      sources: new Set(),
      dependents: new Set(),
    });
  }
  get aborted() {
    return stateOf(this).aborted;
  }
  get reason() {
    return stateOf(this).reason;
  }
  throwIfAborted() {
    const s = stateOf(this);
    if (s.aborted) throw s.reason;
  }
  /** @param {unknown} [reason] */
  static abort(reason = undefined) {
    const signal = new AbortSignal(CREATE);
    const s = stateOf(signal);
    s.aborted = true;
    s.reason = reason === undefined ? abortError() : reason;
    return signal;
  }
  /** @param {number} milliseconds */
  static timeout(milliseconds) {
    requireArgs(arguments, 1, "AbortSignal.timeout");
    // WebIDL [EnforceRange] unsigned long long.
    const ms = Math.trunc(Number(milliseconds));
    if (!Number.isFinite(Number(milliseconds)) || ms < 0 || ms > Number.MAX_SAFE_INTEGER)
      throw new TypeError("AbortSignal.timeout: the delay must be a non-negative integer");
    const signal = new AbortSignal(CREATE);
    // Unref'd, as in Node: a pending timeout does not keep isapi-run alive.
    setUnrefTimeout(() => {
      signalAbort(signal, new DOMException("The operation was aborted due to timeout", "TimeoutError"));
    }, ms);
    return signal;
  }
  /** @param {Iterable<AbortSignal>} signalList */
  static any(signalList) {
    requireArgs(arguments, 1, "AbortSignal.any");
    if (signalList === null || typeof signalList !== "object" || !(Symbol.iterator in signalList))
      throw new TypeError("AbortSignal.any needs an iterable of AbortSignals");
    const list = [...signalList];
    for (const signal of list)
      if (!isAbortSignal(signal)) throw new TypeError("AbortSignal.any: not an AbortSignal");
    const result = new AbortSignal(CREATE);
    const r = stateOf(result);
    for (const signal of list) {
      const s = stateOf(signal);
      if (s.aborted) {
        r.aborted = true;
        r.reason = s.reason;
        return result;
      }
    }
    r.dependent = true;
    for (const signal of list) {
      const s = stateOf(signal);
      const sources = s.dependent ? [...s.sources] : [signal];
      for (const source of sources) {
        r.sources.add(source);
        stateOf(source).dependents.add(result);
      }
    }
    return result;
  }
}
defineEventHandler(AbortSignal.prototype, "abort");
Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, {
  value: "AbortSignal",
  configurable: true,
});

const abortError = () => new DOMException("This operation was aborted", "AbortError");

/**
 * DOM "signal abort": the signal, then the signals that depend on it (AbortSignal.any).
 * @param {AbortSignal} signal
 * @param {unknown} reason
 */
export function signalAbort(signal, reason) {
  const s = stateOf(signal);
  if (s.aborted) return;
  s.aborted = true;
  s.reason = reason === undefined ? abortError() : reason;
  const dependents = [];
  for (const dependent of s.dependents) {
    const d = stateOf(dependent);
    if (d.aborted) continue;
    d.aborted = true;
    d.reason = s.reason;
    dependents.push(dependent);
  }
  s.dependents.clear();
  runAbortSteps(signal);
  for (const dependent of dependents) runAbortSteps(dependent);
}

/** @param {AbortSignal} signal */
function runAbortSteps(signal) {
  const s = stateOf(signal);
  const algorithms = [...s.algorithms];
  s.algorithms.clear();
  for (const source of s.sources) stateOf(source).dependents.delete(signal);
  s.sources.clear();
  for (const algorithm of algorithms) algorithm();
  dispatch(signal, new Event("abort"), true);
}

/**
 * Runs `algorithm` when `signal` aborts (DOM "add"); returns what removes it. Nothing is
 * added to a signal already aborted.
 * @param {AbortSignal} signal
 * @param {() => void} algorithm
 */
export function onAbort(signal, algorithm) {
  const s = stateOf(signal);
  if (s.aborted) return () => {};
  s.algorithms.add(algorithm);
  return () => void s.algorithms.delete(algorithm);
}

setSignalHook({
  aborted(signal) {
    if (!isAbortSignal(signal)) throw new TypeError("options.signal must be an AbortSignal");
    return stateOf(signal).aborted;
  },
  follow: (signal, algorithm) => onAbort(/** @type {AbortSignal} */ (signal), algorithm),
});

export class AbortController {
  #signal = new AbortSignal(CREATE);
  get signal() {
    return this.#signal;
  }
  /** @param {unknown} [reason] */
  abort(reason = undefined) {
    signalAbort(this.#signal, reason);
  }
}
Object.defineProperty(AbortController.prototype, Symbol.toStringTag, {
  value: "AbortController",
  configurable: true,
});
inspectAs(AbortSignal, (signal) => ({ aborted: signal.aborted }), { inner: 1 });
inspectAs(AbortController, (controller) => ({ signal: controller.signal }), { deep: "{}", inner: 1 });

offer("abort.js", { AbortSignal, isAbortSignal });
