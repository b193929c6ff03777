// node:async_hooks — AsyncLocalStorage and AsyncResource over the platform's async context
// (internal/async_context.js): a store set by `run` follows the work queued inside it
// through process.nextTick, timers, setImmediate, queueMicrotask and Promise reactions
// (`then`/`catch`/`finally`, wrapped once this module loads), and two interleaved flows
// keep their own stores. A native `await` resumes where no hook can see it (QuickJS), so
// `isapi build` lowers the async functions of a bundle that imports this module to
// generators stepping through `then` (ts/isapi/src/build.ts); docs/node.md has the rest.
// createHook is a stand-in whose hooks never run.
import { getFrame, setFrame, runInFrame } from "./internal/async_context.js";
import { invalidArgType } from "./internal/errors.js";

/** @typedef {import("./internal/async_context.js").Frame} Frame */

// Promise reactions run in the frame that was current when they were registered.
const nativeThen = Promise.prototype.then;
if (!(/** @type {any} */ (nativeThen).isapiWrapsFrames)) {
  /**
   * @this {Promise<unknown>}
   * @param {unknown} onFulfilled
   * @param {unknown} onRejected
   */
  const then = function then(onFulfilled, onRejected) {
    const frame = getFrame();
    if (frame === undefined) return Reflect.apply(nativeThen, this, [onFulfilled, onRejected]);
    /** @param {unknown} fn */
    const wrap = (fn) =>
      typeof fn === "function"
        ? /** @param {unknown} value */ (value) =>
            runInFrame(frame, /** @type {(v: unknown) => unknown} */ (fn), undefined, [value])
        : fn;
    return Reflect.apply(nativeThen, this, [wrap(onFulfilled), wrap(onRejected)]);
  };
  Object.defineProperty(then, "isapiWrapsFrames", { value: true });
  Object.defineProperty(Promise.prototype, "then", {
    value: then,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

/**
 * A frame like `frame` with `key` holding `store` (or without `key`).
 * @param {Frame} frame @param {object} key @param {unknown} store @param {boolean} [remove]
 * @returns {Frame}
 */
function withStore(frame, key, store, remove = false) {
  const next = new Map(frame);
  if (remove) next.delete(key);
  else next.set(key, store);
  return next.size === 0 ? undefined : next;
}

/** @param {unknown} fn */
function checkFunction(fn, name = "fn") {
  if (typeof fn !== "function") throw invalidArgType(name, "function", fn);
  return /** @type {(...args: any[]) => any} */ (fn);
}

export class AsyncLocalStorage {
  #enabled = true;

  /**
   * A function that calls `fn` in the async context current now.
   * @template {(...args: any[]) => any} F
   * @param {F} fn
   * @returns {F}
   */
  static bind(fn) {
    checkFunction(fn);
    const frame = getFrame();
    return /** @type {F} */ (
      /** @type {unknown} */ (
        /** @this {unknown} @param {...unknown} args */ function (...args) {
          return runInFrame(frame, fn, this, args);
        }
      )
    );
  }

  /** A function that calls a function given to it in the async context current now. */
  static snapshot() {
    const frame = getFrame();
    /** @type {(this: unknown, fn: (...args: any[]) => any, ...args: unknown[]) => unknown} */
    return function runInSnapshot(fn, ...args) {
      return runInFrame(frame, fn, this, args);
    };
  }

  getStore() {
    if (!this.#enabled) return undefined;
    return getFrame()?.get(this);
  }

  /**
   * @param {unknown} store
   * @param {unknown} callback
   * @param {...unknown} args
   */
  run(store, callback, ...args) {
    this.#enabled = true;
    // A callback that is not a function fails as the call does (no coded error, as in Node).
    return runInFrame(withStore(getFrame(), this, store), /** @type {any} */ (callback), undefined, args);
  }

  /**
   * @param {unknown} callback
   * @param {...unknown} args
   */
  exit(callback, ...args) {
    return runInFrame(
      withStore(getFrame(), this, undefined, true),
      /** @type {any} */ (callback),
      undefined,
      args,
    );
  }

  /** The rest of this synchronous run, and what it queues, see `store`. @param {unknown} store */
  enterWith(store) {
    this.#enabled = true;
    setFrame(withStore(getFrame(), this, store));
  }

  disable() {
    this.#enabled = false;
    setFrame(withStore(getFrame(), this, undefined, true));
  }
}

let nextAsyncId = 2;

export class AsyncResource {
  #frame;
  #asyncId;
  #triggerAsyncId;
  /**
   * @param {unknown} type
   * @param {number | { triggerAsyncId?: number, requireManualDestroy?: boolean }} [options]
   */
  constructor(type, options) {
    if (typeof type !== "string") throw invalidArgType("type", "string", type);
    this.#frame = getFrame();
    this.#asyncId = nextAsyncId++;
    const trigger = typeof options === "number" ? options : options?.triggerAsyncId;
    this.#triggerAsyncId = typeof trigger === "number" ? trigger : executionAsyncId();
  }

  /**
   * @param {unknown} fn
   * @param {unknown} [thisArg]
   * @param {...unknown} args
   */
  runInAsyncScope(fn, thisArg, ...args) {
    return runInFrame(this.#frame, /** @type {any} */ (fn), thisArg, args);
  }

  /**
   * @template {(...args: any[]) => any} F
   * @param {F} fn
   * @param {unknown} [thisArg]
   * @returns {F}
   */
  bind(fn, thisArg) {
    checkFunction(fn);
    const resource = this;
    const bound = /** @this {unknown} @param {...unknown} args */ function (...args) {
      return resource.runInAsyncScope(fn, thisArg === undefined ? this : thisArg, ...args);
    };
    Object.defineProperties(bound, {
      length: { value: fn.length, configurable: true },
      asyncResource: { value: this, configurable: true, writable: true, enumerable: true },
    });
    return /** @type {F} */ (/** @type {unknown} */ (bound));
  }

  /**
   * @template {(...args: any[]) => any} F
   * @param {F} fn
   * @param {string} [type]
   * @param {unknown} [thisArg]
   * @returns {F}
   */
  static bind(fn, type, thisArg) {
    checkFunction(fn);
    return new AsyncResource(type || fn.name || "bound-anonymous-fn").bind(fn, thisArg);
  }

  emitDestroy() {
    return this;
  }

  asyncId() {
    return this.#asyncId;
  }

  triggerAsyncId() {
    return this.#triggerAsyncId;
  }
}

/** Async ids are not tracked: the top level's id (1), as Node's for code outside any resource. */
export const executionAsyncId = () => 1;
export const triggerAsyncId = () => 0;
export const executionAsyncResource = () => ({});

/**
 * A hook set whose callbacks never run (async resources are not tracked; docs/node.md).
 * @param {unknown} callbacks
 */
export function createHook(callbacks) {
  if (typeof callbacks !== "object" || callbacks === null)
    throw invalidArgType("callbacks", "object", callbacks);
  const hook = {
    enable: () => hook,
    disable: () => hook,
  };
  return hook;
}

export const asyncWrapProviders = Object.freeze({ __proto__: null });

export default {
  AsyncLocalStorage,
  AsyncResource,
  executionAsyncId,
  triggerAsyncId,
  executionAsyncResource,
  createHook,
  asyncWrapProviders,
};
