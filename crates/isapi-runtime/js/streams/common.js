// What the three kinds of stream share (WHATWG Streams): promise plumbing, the queue with
// sizes, strategies and the conversions of the dictionaries their constructors take.

// Taken once, so that a handler that replaces Promise or its methods does not change how
// streams behave.
const PromiseCtor = Promise;
const then = Promise.prototype.then;
const promiseResolve = Promise.resolve;
const promiseReject = Promise.reject;
const promiseAll = Promise.all;
const noop = () => {};

/**
 * A promise with its resolving functions and whether it settled (the spec's "promise" slots
 * that it later resolves, rejects or asks about).
 * @template [T=undefined]
 */
export class Deferred {
  /** @type {"pending" | "fulfilled" | "rejected"} */
  state = "pending";
  constructor() {
    /** @type {(value: T | PromiseLike<T>) => void} */
    let res = noop;
    /** @type {(reason: unknown) => void} */
    let rej = noop;
    /** @type {Promise<T>} */
    this.promise = new PromiseCtor((resolve, reject) => {
      res = resolve;
      rej = reject;
    });
    this.res = res;
    this.rej = rej;
  }
  /** @param {T | PromiseLike<T>} value */
  resolve(value) {
    if (this.state !== "pending") return;
    this.state = "fulfilled";
    this.res(value);
  }
  /** @param {unknown} reason */
  reject(reason) {
    if (this.state !== "pending") return;
    this.state = "rejected";
    this.rej(reason);
  }
  /** @param {unknown} reason */
  rejectHandled(reason) {
    this.reject(reason);
    markHandled(this.promise);
  }
  /**
   * @template T
   * @param {T} value
   */
  static resolved(value) {
    /** @type {Deferred<T>} */
    const d = new Deferred();
    d.resolve(value);
    return d;
  }
  /** @param {unknown} reason */
  static rejected(reason) {
    /** @type {Deferred<any>} */
    const d = new Deferred();
    d.rejectHandled(reason);
    return d;
  }
}

/**
 * A promise resolved with `value` (the same promise when it is one).
 * @template T
 * @param {T | PromiseLike<T>} value
 * @returns {Promise<T>}
 */
export const resolved = (value) => /** @type {Promise<T>} */ (promiseResolve.call(PromiseCtor, value));

/**
 * @param {unknown} reason
 * @returns {Promise<any>}
 */
export const rejected = (reason) => promiseReject.call(PromiseCtor, reason);

/**
 * Promise.all of `promises`.
 * @param {Promise<unknown>[]} promises
 * @returns {Promise<unknown[]>}
 */
export const all = (promises) => promiseAll.call(PromiseCtor, promises);

/**
 * Runs `f` in a microtask of its own (as queueMicrotask does).
 * @param {() => void} f
 */
export function microtask(f) {
  then.call(resolved(undefined), f);
}

/** A new DOMException named AbortError (QuickJS has DOMException built in). */
export function abortError() {
  const DOMException = /** @type {new (message: string, name: string) => Error} */ (
    /** @type {any} */ (globalThis).DOMException
  );
  return new DOMException("This operation was aborted", "AbortError");
}

/**
 * Reacts to `promise` without consulting a (possibly patched) `then` property.
 * @template T, [R=undefined]
 * @param {Promise<T>} promise
 * @param {((value: T) => R | PromiseLike<R>) | undefined} [onFulfilled]
 * @param {((reason: any) => R | PromiseLike<R>) | undefined} [onRejected]
 * @returns {Promise<R>}
 */
export function upon(promise, onFulfilled, onRejected) {
  return /** @type {Promise<R>} */ (then.call(promise, onFulfilled, onRejected));
}

/**
 * Marks `promise` handled: its rejection is the caller's business, not an unhandled one.
 * @param {Promise<unknown>} promise
 */
export function markHandled(promise) {
  then.call(promise, undefined, noop);
}

/**
 * Calls an underlying source/sink/transformer method that answers with a promise: a
 * throw becomes a rejection, a value a resolution (as Web IDL does for callbacks).
 * @param {Function | undefined} method
 * @param {unknown} self
 * @param {unknown[]} args
 * @returns {Promise<any>}
 */
export function promiseCall(method, self, args) {
  if (method === undefined) return resolved(undefined);
  try {
    return resolved(Reflect.apply(method, self, args));
  } catch (error) {
    return rejected(error);
  }
}

/**
 * A first-in first-out list with O(1) shift.
 * @template T
 */
export class Queue {
  /** @type {T[]} */
  #items = [];
  #head = 0;
  get length() {
    return this.#items.length - this.#head;
  }
  /** @param {T} item */
  push(item) {
    this.#items.push(item);
  }
  /** @returns {T} */
  shift() {
    const item = this.#items[this.#head];
    this.#items[this.#head++] = /** @type {T} */ (/** @type {unknown} */ (undefined));
    if (this.#head > 64 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
  /** @returns {T} */
  peek() {
    return this.#items[this.#head];
  }
  /** @returns {T} */
  peekLast() {
    return this.#items[this.#items.length - 1];
  }
  clear() {
    this.#items = [];
    this.#head = 0;
  }
  /** The items, removing them all. */
  drain() {
    const items = this.#items.slice(this.#head);
    this.clear();
    return items;
  }
}

/** A controller's queue with sizes (the spec's [[queue]] and [[queueTotalSize]]). */
export class SizedQueue {
  /** @type {Queue<{ value: unknown; size: number }>} */
  queue = new Queue();
  totalSize = 0;
  /** @param {unknown} value @param {number} size */
  enqueue(value, size) {
    if (typeof size !== "number" || Number.isNaN(size) || size < 0 || size === Infinity) {
      throw new RangeError("the chunk's size must be a finite, non-negative number");
    }
    this.queue.push({ value, size });
    this.totalSize += size;
  }
  dequeue() {
    const { value, size } = this.queue.shift();
    this.totalSize -= size;
    if (this.totalSize < 0) this.totalSize = 0;
    return value;
  }
  peek() {
    return this.queue.peek().value;
  }
  reset() {
    this.queue.clear();
    this.totalSize = 0;
  }
}

/** @typedef {(chunk: any) => number} SizeAlgorithm */
/** @typedef {{ highWaterMark?: number; size?: SizeAlgorithm }} Strategy */

/**
 * Converts a QueuingStrategy dictionary (its members read in order: highWaterMark, size).
 * @param {unknown} value
 * @param {string} what
 * @returns {Strategy}
 */
export function toStrategy(value, what) {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" && typeof value !== "function") {
    throw new TypeError(`${what} must be an object`);
  }
  const dict = /** @type {Record<string, unknown>} */ (value);
  /** @type {Strategy} */
  const strategy = {};
  const hwm = dict.highWaterMark;
  if (hwm !== undefined) strategy.highWaterMark = Number(hwm);
  const size = dict.size;
  if (size !== undefined) strategy.size = toFunction(size, `${what}.size`);
  return strategy;
}

/**
 * @param {unknown} value
 * @param {string} what
 * @returns {(...args: any[]) => any}
 */
export function toFunction(value, what) {
  if (typeof value !== "function") throw new TypeError(`${what} must be a function`);
  return /** @type {(...args: any[]) => any} */ (value);
}

/**
 * A dictionary member that is a callback: undefined or a function.
 * @param {Record<string, unknown>} dict
 * @param {string} name
 * @param {string} what
 * @returns {Function | undefined}
 */
export function callbackMember(dict, name, what) {
  const value = dict[name];
  if (value === undefined) return undefined;
  return toFunction(value, `${what}.${name}`);
}

/**
 * The object behind an optional dictionary argument (null and undefined give an empty one).
 * @param {unknown} value
 * @param {string} what
 * @returns {Record<string, unknown>}
 */
export function toDictionary(value, what) {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" && typeof value !== "function") {
    throw new TypeError(`${what} must be an object`);
  }
  return /** @type {Record<string, unknown>} */ (value);
}

/**
 * An optional `object` argument (the underlying source, sink or transformer): undefined
 * gives an empty one; null and primitives are refused, as Web IDL's `object` does.
 * @param {unknown} value
 * @param {string} what
 * @returns {Record<string, unknown>}
 */
export function toObjectArgument(value, what) {
  if (value === undefined) return {};
  if (value === null || (typeof value !== "object" && typeof value !== "function")) {
    throw new TypeError(`${what} must be an object`);
  }
  return /** @type {Record<string, unknown>} */ (value);
}

/**
 * @param {Strategy} strategy
 * @param {number} defaultHWM
 */
export function extractHighWaterMark(strategy, defaultHWM) {
  const hwm = strategy.highWaterMark;
  if (hwm === undefined) return defaultHWM;
  if (Number.isNaN(hwm) || hwm < 0) throw new RangeError("highWaterMark must be a non-negative number");
  return hwm;
}

/**
 * @param {Strategy} strategy
 * @returns {SizeAlgorithm}
 */
export function extractSizeAlgorithm(strategy) {
  const size = strategy.size;
  if (size === undefined) return () => 1;
  return (chunk) => size(chunk);
}

/**
 * Web IDL's [EnforceRange] unsigned long long.
 * @param {unknown} value
 * @param {string} what
 */
export function enforceRange(value, what) {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`${what} must be a finite number`);
  const t = Math.trunc(n);
  if (t < 0 || t > Number.MAX_SAFE_INTEGER) throw new TypeError(`${what} is outside the accepted range`);
  return t === 0 ? 0 : t;
}

/** @param {{ highWaterMark: number }} init */
function strategyInit(init) {
  if (init === null || typeof init !== "object") {
    throw new TypeError("the strategy's argument must be an object with a highWaterMark");
  }
  const hwm = init.highWaterMark;
  if (hwm === undefined) throw new TypeError("highWaterMark is required");
  return Number(hwm);
}

// The size functions are the same for every instance (the standard requires it) and are
// not constructors, as the standard's "function with length 0 and name size" says.
const byteLengthSize = {
  /** @param {any} chunk */
  size(chunk) {
    return chunk.byteLength;
  },
}.size;
const countSize = {
  size() {
    return 1;
  },
}.size;

export class ByteLengthQueuingStrategy {
  #hwm;
  /** @param {{ highWaterMark: number }} init */
  constructor(init) {
    this.#hwm = strategyInit(init);
  }
  get highWaterMark() {
    return this.#hwm;
  }
  get size() {
    void this.#hwm;
    return byteLengthSize;
  }
}

export class CountQueuingStrategy {
  #hwm;
  /** @param {{ highWaterMark: number }} init */
  constructor(init) {
    this.#hwm = strategyInit(init);
  }
  get highWaterMark() {
    return this.#hwm;
  }
  get size() {
    void this.#hwm;
    return countSize;
  }
}

for (const C of [ByteLengthQueuingStrategy, CountQueuingStrategy]) {
  Object.defineProperty(C.prototype, Symbol.toStringTag, { value: C.name, configurable: true });
}

/**
 * A copy of `bytes` in a new ArrayBuffer (the spec's CloneAsUint8Array's buffer part).
 * @param {ArrayBufferLike} buffer
 * @param {number} offset
 * @param {number} length
 */
export function copyBuffer(buffer, offset, length) {
  return /** @type {ArrayBuffer} */ (buffer).slice(offset, offset + length);
}

/**
 * TransferArrayBuffer: the same bytes in a new buffer, the old one detached.
 * @param {ArrayBufferLike} buffer
 * @returns {ArrayBuffer}
 */
export function transfer(buffer) {
  if (!(buffer instanceof ArrayBuffer)) throw new TypeError("a SharedArrayBuffer cannot be transferred");
  // QuickJS has ArrayBuffer.prototype.transfer (ES2024); our lib types stop at ES2023.
  return /** @type {ArrayBuffer & { transfer(): ArrayBuffer }} */ (buffer).transfer();
}

/** @param {ArrayBufferLike} buffer */
export function isDetached(buffer) {
  return /** @type {ArrayBuffer & { detached: boolean }} */ (buffer).detached === true;
}
