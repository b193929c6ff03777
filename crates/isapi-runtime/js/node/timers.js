// node:timers and the globals setImmediate/clearImmediate. Node's setTimeout and
// setInterval return Timeout objects (ref/unref/hasRef/refresh/close, and a number as
// their primitive value); these do, over the platform's timers (js/timers.js). The global
// setTimeout stays the web's (a number), and both clear functions accept either form.
import {
  clearTimeout as clearTimer,
  scheduleTimer,
  setTimerRef,
  hasTimer,
  timerRefs,
  refreshTimer,
} from "../timers.js";
import { invalidArgType } from "./internal/errors.js";

// Node's longest delay: a longer (or invalid) one becomes 1 ms.
const TIMEOUT_MAX = 2 ** 31 - 1;

/** @param {unknown} delay */
function nodeDelay(delay) {
  const ms = Number(delay);
  return ms >= 1 && ms <= TIMEOUT_MAX ? ms : 1;
}

/** @param {unknown} callback */
function checkCallback(callback) {
  if (typeof callback !== "function") throw invalidArgType("callback", "function", callback);
  return /** @type {Function} */ (callback);
}

const ID = Symbol("id");

export class Timeout {
  /** @type {number} */
  [ID];
  #callback;
  #delay;
  #args;
  #repeat;
  /**
   * @param {Function} callback @param {number} delay @param {unknown[]} args @param {boolean} repeat
   * @param {symbol} key
   */
  constructor(callback, delay, args, repeat, key) {
    if (key !== ID) throw new TypeError("Illegal constructor");
    this.#callback = callback;
    this.#delay = delay;
    this.#args = args;
    this.#repeat = repeat;
    this[ID] = scheduleTimer(callback, delay, args, repeat);
  }
  ref() {
    setTimerRef(this[ID], true);
    return this;
  }
  unref() {
    setTimerRef(this[ID], false);
    return this;
  }
  hasRef() {
    return timerRefs(this[ID]);
  }
  refresh() {
    const unref = hasTimer(this[ID]) && !timerRefs(this[ID]);
    refreshTimer(this[ID], this.#callback, this.#delay, this.#args, this.#repeat, unref);
    return this;
  }
  close() {
    clearTimer(this[ID]);
    return this;
  }
  [Symbol.toPrimitive]() {
    return this[ID];
  }
}

export class Immediate {
  /** @type {number} */
  [ID];
  /** @param {Function} callback @param {unknown[]} args @param {symbol} key */
  constructor(callback, args, key) {
    if (key !== ID) throw new TypeError("Illegal constructor");
    this[ID] = scheduleTimer(callback, 0, args, false);
  }
  ref() {
    setTimerRef(this[ID], true);
    return this;
  }
  unref() {
    setTimerRef(this[ID], false);
    return this;
  }
  hasRef() {
    return timerRefs(this[ID]);
  }
}

/**
 * @param {unknown} callback @param {unknown} [delay] @param {...unknown} args
 * @returns {Timeout}
 */
export function setTimeout(callback, delay, ...args) {
  return new Timeout(checkCallback(callback), nodeDelay(delay), args, false, ID);
}

/**
 * @param {unknown} callback @param {unknown} [delay] @param {...unknown} args
 * @returns {Timeout}
 */
export function setInterval(callback, delay, ...args) {
  return new Timeout(checkCallback(callback), nodeDelay(delay), args, true, ID);
}

/**
 * @param {unknown} callback @param {...unknown} args
 * @returns {Immediate}
 */
export function setImmediate(callback, ...args) {
  return new Immediate(checkCallback(callback), args, ID);
}

/** @param {unknown} timer a Timeout, an Immediate, or a timer's number */
function clear(timer) {
  if (timer === null || timer === undefined) return;
  if (timer instanceof Timeout || timer instanceof Immediate) clearTimer(timer[ID]);
  else if (typeof timer === "number" || typeof timer === "string") clearTimer(Number(timer));
}

export const clearTimeout = clear;
export const clearInterval = clear;
export const clearImmediate = clear;

// timers/promises imports this module too: its default is read only when asked for.
import * as promisesModule from "./timers/promises.js";
export { default as promises } from "./timers/promises.js";

export default {
  setTimeout,
  setInterval,
  setImmediate,
  clearTimeout,
  clearInterval,
  clearImmediate,
  get promises() {
    return promisesModule.default;
  },
};
