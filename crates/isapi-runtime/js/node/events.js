// node:events — EventEmitter as Node 20 behaves, plus the statics `once` (a promise),
// `on` (an async iterator), `getEventListeners`, `setMaxListeners`, … The emitter keeps
// Node's own shape (`_events` with one function or an array per name, `_eventsCount`,
// `_maxListeners`) because packages (readable-stream among them) read those fields, and
// EventEmitter is a plain function so that `EventEmitter.call(this)` in pre-class code works.
import { load } from "isapi:native/modules";
import { Event, EventTarget, eventListeners } from "../events.js";
import { isAbortSignal } from "../abort.js";
import { codedError, invalidArgType, outOfRange } from "./internal/errors.js";

/** @typedef {(...args: any[]) => unknown} Listener */
/** @typedef {Record<string | symbol, Listener | Listener[]>} EventMap */

const kCapture = Symbol("kCapture");
const kRejection = Symbol.for("nodejs.rejection");
const kMaxListenersWarned = Symbol("kMaxListenersWarned");
export const errorMonitor = Symbol("events.errorMonitor");
export const captureRejectionSymbol = kRejection;

export let defaultMaxListeners = 10;
let captureRejectionsDefault = false;
export { captureRejectionsDefault as captureRejections };

/**
 * Node's `util.inspect`, loaded on first need (an unhandled 'error' with a non-Error
 * value, a max-listeners warning) so that importing events does not load util.
 * @param {unknown} value
 * @param {object} [options]
 * @returns {string}
 */
function inspect(value, options) {
  const util = /** @type {{ inspect: (v: unknown, o?: object) => string }} */ (load("node/util.js"));
  return util.inspect(value, options);
}

/** @param {unknown} listener */
function checkListener(listener) {
  if (typeof listener !== "function") throw invalidArgType("listener", "Function", listener);
}

/**
 * @param {unknown} n
 * @param {string} name
 * @returns {asserts n is number}
 */
function checkCount(n, name) {
  if (typeof n !== "number") throw invalidArgType(name, "number", n);
  if (!(n >= 0)) throw outOfRange(name, ">= 0", n);
}

/**
 * @typedef {{
 *   _events: EventMap, _eventsCount: number, _maxListeners: number | undefined,
 *   [kCapture]: boolean, [kMaxListenersWarned]?: boolean,
 *   emit(type: string | symbol, ...args: unknown[]): boolean,
 *   [key: string | symbol]: any,
 * }} Emitter
 */

/**
 * @constructor
 * @this {Emitter}
 * @param {{ captureRejections?: boolean }} [options]
 */
export function EventEmitter(options) {
  init.call(this, options);
}

/**
 * @this {Emitter}
 * @param {{ captureRejections?: boolean }} [options]
 */
function init(options) {
  if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  }
  this._maxListeners = this._maxListeners || undefined;
  if (options?.captureRejections !== undefined) {
    if (typeof options.captureRejections !== "boolean") {
      throw invalidArgType("options.captureRejections", "boolean", options.captureRejections);
    }
    this[kCapture] = options.captureRejections;
  } else {
    this[kCapture] = EventEmitter.prototype[kCapture];
  }
}

const proto = /** @type {Record<string | symbol, any>} */ (EventEmitter.prototype);
proto._events = undefined;
proto._eventsCount = 0;
proto._maxListeners = undefined;
proto[kCapture] = false;

/** @param {Emitter} emitter */
function maxOf(emitter) {
  return emitter._maxListeners === undefined ? defaultMaxListeners : emitter._maxListeners;
}

/**
 * @this {Emitter}
 * @param {number} n
 */
proto.setMaxListeners = function setMaxListeners(n) {
  checkCount(n, "setMaxListeners");
  this._maxListeners = n;
  return this;
};

/** @this {Emitter} */
proto.getMaxListeners = function getMaxListeners() {
  return maxOf(this);
};

/** @param {Emitter} emitter */
function eventsOf(emitter) {
  if (emitter._events === undefined) {
    emitter._events = Object.create(null);
    emitter._eventsCount = 0;
  }
  return emitter._events;
}

/**
 * @param {Emitter} target
 * @param {string | symbol} type
 * @param {Listener} listener
 * @param {boolean} prepend
 */
function addListener(target, type, listener, prepend) {
  checkListener(listener);
  let events = eventsOf(target);
  // 'newListener' first, so a listener for it can see the emitter before the addition.
  if (events.newListener !== undefined) {
    target.emit("newListener", type, /** @type {any} */ (listener).listener ?? listener);
    events = eventsOf(target);
  }
  const existing = events[type];
  /** @type {Listener[] | undefined} */
  let list;
  if (existing === undefined) {
    events[type] = listener;
    target._eventsCount++;
    return target;
  }
  if (typeof existing === "function") {
    list = events[type] = prepend ? [listener, existing] : [existing, listener];
  } else {
    list = existing;
    if (prepend) list.unshift(listener);
    else list.push(listener);
  }
  const max = maxOf(target);
  if (max > 0 && list.length > max && !(/** @type {any} */ (list).warned)) {
    /** @type {any} */ (list).warned = true;
    const warning = /** @type {Error & Record<string, unknown>} */ (
      new Error(
        `Possible EventEmitter memory leak detected. ${list.length} ${String(type)} listeners ` +
          `added to ${inspect(target, { depth: -1 })}. MaxListeners is ${max}. Use emitter.setMaxListeners() to increase limit`,
      )
    );
    warning.name = "MaxListenersExceededWarning";
    warning.emitter = target;
    warning.type = type;
    warning.count = list.length;
    emitWarning(warning);
  }
  return target;
}

/**
 * A warning through `process.emitWarning` when the process module is there, else on
 * stderr as Node prints one.
 * @param {Error} warning
 */
function emitWarning(warning) {
  const process = /** @type {any} */ (globalThis).process;
  if (typeof process?.emitWarning === "function") {
    process.emitWarning(warning);
  } else {
    console.error(`(node) ${warning.name}: ${warning.message}`);
  }
}

/**
 * @this {Emitter}
 * @param {string | symbol} type
 * @param {Listener} listener
 */
proto.addListener = function addListener_(type, listener) {
  return addListener(this, type, listener, false);
};
proto.on = proto.addListener;

/**
 * @this {Emitter}
 * @param {string | symbol} type
 * @param {Listener} listener
 */
proto.prependListener = function prependListener(type, listener) {
  return addListener(this, type, listener, true);
};

/**
 * A wrapper that removes itself before calling `listener` once.
 * @param {Emitter} target
 * @param {string | symbol} type
 * @param {Listener} listener
 */
function onceWrapper(target, type, listener) {
  const state = { fired: false };
  /** @type {Listener & { listener: Listener }} */
  const wrapped = Object.assign(
    /** @param {unknown[]} args */
    function (...args) {
      if (state.fired) return undefined;
      target.removeListener(type, wrapped);
      state.fired = true;
      return listener.apply(target, args);
    },
    { listener },
  );
  // Node's wrapper is a bound function; some code prints its name.
  Object.defineProperty(wrapped, "name", { value: "bound onceWrapper" });
  return wrapped;
}

/**
 * @this {Emitter}
 * @param {string | symbol} type
 * @param {Listener} listener
 */
proto.once = function once(type, listener) {
  checkListener(listener);
  return this.on(type, onceWrapper(this, type, listener));
};

/**
 * @this {Emitter}
 * @param {string | symbol} type
 * @param {Listener} listener
 */
proto.prependOnceListener = function prependOnceListener(type, listener) {
  checkListener(listener);
  return this.prependListener(type, onceWrapper(this, type, listener));
};

/**
 * @this {Emitter}
 * @param {string | symbol} type
 * @param {Listener} listener
 */
proto.removeListener = function removeListener(type, listener) {
  checkListener(listener);
  const events = this._events;
  if (events === undefined) return this;
  const list = events[type];
  if (list === undefined) return this;
  // What 'removeListener' is told: the original listener when the only one goes, the
  // argument when one of several does (Node's own asymmetry, kept).
  /** @type {Listener} */
  let told;
  if (list === listener || /** @type {any} */ (list).listener === listener) {
    told = /** @type {any} */ (list).listener || listener;
    if (--this._eventsCount === 0) this._events = Object.create(null);
    else delete events[type];
  } else if (typeof list !== "function") {
    // The last one added goes first, as Node does.
    let position = -1;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || /** @type {any} */ (list[i]).listener === listener) {
        position = i;
        break;
      }
    }
    if (position < 0) return this;
    list.splice(position, 1);
    if (list.length === 1) events[type] = list[0];
    told = listener;
  } else {
    return this;
  }
  if (this._events.removeListener !== undefined) this.emit("removeListener", type, told);
  return this;
};
proto.off = proto.removeListener;

/**
 * @this {Emitter}
 * @param {string | symbol} [type]
 */
proto.removeAllListeners = function removeAllListeners(type) {
  const events = this._events;
  if (events === undefined) return this;
  if (events.removeListener === undefined) {
    if (arguments.length === 0) {
      this._events = Object.create(null);
      this._eventsCount = 0;
    } else if (events[/** @type {string | symbol} */ (type)] !== undefined) {
      if (--this._eventsCount === 0) this._events = Object.create(null);
      else delete events[/** @type {string | symbol} */ (type)];
    }
    return this;
  }
  if (arguments.length === 0) {
    for (const key of Reflect.ownKeys(events)) {
      if (key !== "removeListener") this.removeAllListeners(key);
    }
    this.removeAllListeners("removeListener");
    this._events = Object.create(null);
    this._eventsCount = 0;
    return this;
  }
  const list = events[/** @type {string | symbol} */ (type)];
  if (typeof list === "function") {
    this.removeListener(/** @type {string | symbol} */ (type), list);
  } else if (list !== undefined) {
    for (let i = list.length - 1; i >= 0; i--) {
      this.removeListener(/** @type {string | symbol} */ (type), list[i]);
    }
  }
  return this;
};

/**
 * @this {Emitter}
 * @param {string | symbol} type
 * @param {unknown[]} args
 */
proto.emit = function emit(type, ...args) {
  const events = this._events;
  let doError = type === "error";
  if (events !== undefined) {
    if (doError && events[errorMonitor] !== undefined) this.emit(errorMonitor, ...args);
    doError = doError && events.error === undefined;
  } else if (!doError) {
    return false;
  }
  if (doError) {
    const er = args[0];
    if (er instanceof Error) throw er;
    let shown;
    try {
      shown = inspect(er);
    } catch {
      shown = String(er);
    }
    const error = /** @type {Error & { context?: unknown }} */ (
      codedError(Error, "ERR_UNHANDLED_ERROR", `Unhandled error. (${shown})`)
    );
    error.context = er;
    throw error;
  }
  const handler = /** @type {EventMap} */ (events)[type];
  if (handler === undefined) return false;
  if (typeof handler === "function") {
    const result = handler.apply(this, args);
    if (result !== undefined && result !== null && this[kCapture]) addCatch(this, result, type, args);
  } else {
    // A copy: listeners added or removed while emitting apply from the next emit.
    for (const listener of handler.slice()) {
      const result = listener.apply(this, args);
      if (result !== undefined && result !== null && this[kCapture]) addCatch(this, result, type, args);
    }
  }
  return true;
};

/**
 * With captureRejections, a listener's rejected promise becomes the emitter's 'error'
 * (or goes to its `Symbol.for('nodejs.rejection')` method).
 * @param {Emitter} emitter
 * @param {unknown} result
 * @param {string | symbol} type
 * @param {unknown[]} args
 */
function addCatch(emitter, result, type, args) {
  const then = /** @type {any} */ (result).then;
  if (typeof then !== "function") return;
  try {
    then.call(result, undefined, (/** @type {unknown} */ error) => {
      void Promise.resolve().then(() => {
        if (typeof emitter[kRejection] === "function") {
          emitter[kRejection](error, type, ...args);
        } else {
          // Without capture while emitting it, so an 'error' listener's rejection cannot loop.
          const previous = emitter[kCapture];
          try {
            emitter[kCapture] = false;
            emitter.emit("error", error);
          } finally {
            emitter[kCapture] = previous;
          }
        }
      });
    });
  } catch (error) {
    emitter.emit("error", error);
  }
}

/**
 * @param {Emitter} target
 * @param {string | symbol} type
 * @param {boolean} unwrap
 * @returns {Listener[]}
 */
function listenersOf(target, type, unwrap) {
  const list = target._events?.[type];
  if (list === undefined) return [];
  const all = typeof list === "function" ? [list] : list.slice();
  return unwrap ? all.map((l) => /** @type {any} */ (l).listener ?? l) : all;
}

/**
 * @this {Emitter}
 * @param {string | symbol} type
 */
proto.listeners = function listeners(type) {
  return listenersOf(this, type, true);
};

/**
 * @this {Emitter}
 * @param {string | symbol} type
 */
proto.rawListeners = function rawListeners(type) {
  return listenersOf(this, type, false);
};

/**
 * @this {Emitter}
 * @param {string | symbol} type
 * @param {Listener} [listener]
 */
proto.listenerCount = function listenerCount(type, listener) {
  const list = this._events?.[type];
  if (list === undefined) return 0;
  const all = typeof list === "function" ? [list] : list;
  if (listener === undefined || listener === null) return all.length;
  return all.filter((l) => l === listener || /** @type {any} */ (l).listener === listener).length;
};

/** @this {Emitter} */
proto.eventNames = function eventNames() {
  return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : [];
};

/**
 * The deprecated static `EventEmitter.listenerCount(emitter, type)`.
 * @param {any} emitter
 * @param {string | symbol} type
 */
export function listenerCount(emitter, type) {
  if (typeof emitter.listenerCount === "function") return emitter.listenerCount(type);
  return proto.listenerCount.call(emitter, type);
}

/** @param {unknown} value @returns {value is EventTarget} */
function isEventTarget(value) {
  return value instanceof EventTarget;
}

/**
 * @param {unknown} emitterOrTarget
 * @param {string | symbol} name
 */
export function getEventListeners(emitterOrTarget, name) {
  const target = /** @type {any} */ (emitterOrTarget);
  if (typeof target?.listeners === "function") return target.listeners(name);
  if (isEventTarget(target)) return eventListeners(target, String(name));
  throw invalidArgType("emitter", ["EventEmitter", "EventTarget"], emitterOrTarget);
}

/** @type {WeakMap<object, number>} */
const targetMax = new WeakMap();

/**
 * @param {unknown} emitterOrTarget
 */
export function getMaxListeners(emitterOrTarget) {
  const target = /** @type {any} */ (emitterOrTarget);
  if (typeof target?.getMaxListeners === "function") return target.getMaxListeners();
  if (isEventTarget(target)) return targetMax.get(target) ?? defaultMaxListeners;
  throw invalidArgType("emitter", ["EventEmitter", "EventTarget"], emitterOrTarget);
}

/**
 * `setMaxListeners(n, ...targets)`; with no targets, the default for new emitters.
 * @param {number} [n]
 * @param {unknown[]} targets
 */
export function setMaxListeners(n = defaultMaxListeners, ...targets) {
  checkCount(n, "setMaxListeners");
  if (targets.length === 0) {
    defaultMaxListeners = n;
    return;
  }
  for (const target of targets) {
    if (isEventTarget(target)) targetMax.set(target, n);
    else if (typeof (/** @type {any} */ (target)?.setMaxListeners) === "function") {
      /** @type {any} */ (target).setMaxListeners(n);
    } else throw invalidArgType("eventTargets", ["EventEmitter", "EventTarget"], target);
  }
}

/** Node's AbortError: `code` ABORT_ERR, the signal's reason as its `cause`. */
export class AbortError extends Error {
  /**
   * @param {string} [message]
   * @param {{ cause?: unknown }} [options]
   */
  constructor(message = "The operation was aborted", options = undefined) {
    super(message, options);
    this.code = "ABORT_ERR";
    this.name = "AbortError";
  }
}

/** @param {unknown} signal */
function checkSignal(signal) {
  if (signal === undefined) return undefined;
  if (!isAbortSignal(signal)) throw invalidArgType("options.signal", "AbortSignal", signal);
  return /** @type {import("../abort.js").AbortSignal} */ (signal);
}

/**
 * Listens on an EventEmitter or an EventTarget; returns how to stop.
 * @param {any} emitter
 * @param {string | symbol} name
 * @param {Listener} listener
 * @param {boolean} once
 */
function listen(emitter, name, listener, once) {
  if (typeof emitter.on === "function") {
    if (once) emitter.once(name, listener);
    else emitter.on(name, listener);
    return () => emitter.removeListener(name, listener);
  }
  if (typeof emitter.addEventListener === "function") {
    emitter.addEventListener(name, listener, { once });
    return () => emitter.removeEventListener(name, listener);
  }
  throw invalidArgType("emitter", "EventEmitter", emitter);
}

/**
 * A promise of the arguments of the next `name` event (rejected by an 'error' event
 * first, or by the signal's abort).
 * @param {any} emitter
 * @param {string | symbol} name
 * @param {{ signal?: import("../abort.js").AbortSignal }} [options]
 * @returns {Promise<unknown[]>}
 */
export function once(emitter, name, options = undefined) {
  let signal;
  try {
    signal = checkSignal(/** @type {any} */ (options)?.signal);
  } catch (error) {
    return Promise.reject(error);
  }
  if (signal?.aborted) return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
  return new Promise((resolve, reject) => {
    /** @type {() => void} */
    let stopError = () => {};
    const onAbort = () => {
      stop();
      stopError();
      reject(new AbortError(undefined, { cause: signal?.reason }));
    };
    const stop = listen(
      emitter,
      name,
      (...args) => {
        stopError();
        signal?.removeEventListener("abort", onAbort);
        // An EventTarget gives the event itself.
        resolve(typeof emitter.on === "function" ? args : [args[0]]);
      },
      true,
    );
    if (name !== "error" && typeof emitter.on === "function") {
      stopError = listen(
        emitter,
        "error",
        (error) => {
          stop();
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
        true,
      );
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * An async iterator of the arguments of each `name` event, until an 'error' event (which
 * it throws), a `close` event, `return()`, or the signal's abort.
 * @param {any} emitter
 * @param {string | symbol} name
 * @param {{ signal?: import("../abort.js").AbortSignal, close?: (string | symbol)[] }} [options]
 */
export function on(emitter, name, options = undefined) {
  // Node reads `options.signal` as it is (a null options throws a plain TypeError).
  const opts = /** @type {Record<string, any>} */ (options === undefined ? {} : options);
  const signal = checkSignal(/** @type {any} */ (opts).signal);
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
  /** @type {unknown[][]} */
  const queue = [];
  /** @type {{ resolve: (r: IteratorResult<unknown[]>) => void, reject: (e: unknown) => void }[]} */
  const waiting = [];
  /** @type {unknown} */
  let failure = null;
  let finished = false;
  /** @type {(() => void)[]} */
  const stops = [];
  const finish = () => {
    finished = true;
    for (const stop of stops) stop();
    stops.length = 0;
    signal?.removeEventListener("abort", onAbort);
  };
  /** @param {unknown} error */
  const fail = (error) => {
    finish();
    const next = waiting.shift();
    if (next) next.reject(error);
    else failure = error;
    for (const w of waiting.splice(0)) w.resolve({ value: undefined, done: true });
  };
  const onAbort = () => fail(new AbortError(undefined, { cause: signal?.reason }));
  stops.push(
    listen(
      emitter,
      name,
      (...args) => {
        const value = typeof emitter.on === "function" ? args : [args[0]];
        const next = waiting.shift();
        if (next) next.resolve({ value, done: false });
        else queue.push(value);
      },
      false,
    ),
  );
  if (name !== "error" && typeof emitter.on === "function") stops.push(listen(emitter, "error", fail, false));
  for (const closeName of opts.close ?? []) {
    stops.push(
      listen(
        emitter,
        closeName,
        () => {
          finish();
          for (const w of waiting.splice(0)) w.resolve({ value: undefined, done: true });
        },
        false,
      ),
    );
  }
  signal?.addEventListener("abort", onAbort, { once: true });
  const iterator = {
    /** @returns {Promise<IteratorResult<unknown[]>>} */
    next() {
      const value = queue.shift();
      if (value !== undefined) return Promise.resolve({ value, done: false });
      if (failure !== null) {
        const error = failure;
        failure = null;
        return Promise.reject(error);
      }
      if (finished) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    /** @returns {Promise<IteratorResult<unknown[]>>} */
    return() {
      finish();
      queue.length = 0;
      for (const w of waiting.splice(0)) w.resolve({ value: undefined, done: true });
      return Promise.resolve({ value: undefined, done: true });
    },
    /** @param {unknown} error @returns {Promise<IteratorResult<unknown[]>>} */
    throw(error) {
      if (!(error instanceof Error)) throw invalidArgType("EventEmitter.AsyncIterator", "Error", error);
      fail(error);
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return iterator;
}

/**
 * Calls `listener` once when `signal` aborts (now, if it has); the result's
 * `[Symbol.dispose]` stops listening.
 * @param {import("../abort.js").AbortSignal} signal
 * @param {(event: Event) => void} listener
 */
export function addAbortListener(signal, listener) {
  if (signal === undefined) throw invalidArgType("signal", "AbortSignal", signal);
  checkSignal(signal);
  checkListener(listener);
  let removed = false;
  const remove = () => {
    removed = true;
    signal.removeEventListener("abort", listener);
  };
  if (signal.aborted) {
    void Promise.resolve().then(() => {
      if (!removed) listener(new Event("abort"));
    });
  } else {
    signal.addEventListener("abort", listener, { once: true });
  }
  const disposable = { [Symbol.for("nodejs.dispose")]: remove };
  if (typeof (/** @type {any} */ (Symbol).dispose) === "symbol") {
    /** @type {any} */ (disposable)[/** @type {any} */ (Symbol).dispose] = remove;
  }
  return disposable;
}

/**
 * An EventEmitter that is also an async resource in Node; without async_hooks' resources
 * here, it is an EventEmitter with Node's `asyncResource`/`asyncId` members.
 */
export class EventEmitterAsyncResource extends /** @type {any} */ (EventEmitter) {
  /** @param {{ captureRejections?: boolean, name?: string }} [options] */
  constructor(options = undefined) {
    super(options);
    this.asyncResource = { type: options?.name ?? new.target.name };
  }
  get asyncId() {
    return 0;
  }
  get triggerAsyncId() {
    return 0;
  }
  emitDestroy() {}
}

export const usingDomains = false;
export { init };

/** @type {any} */
const statics = EventEmitter;
// In the order Node lists them (Object.keys(require("events"))).
Object.assign(statics, {
  addAbortListener,
  once,
  on,
  getEventListeners,
  getMaxListeners,
  EventEmitter,
  usingDomains,
  captureRejectionSymbol,
});
Object.defineProperty(statics, "captureRejections", {
  get: () => captureRejectionsDefault,
  /** @param {unknown} value */
  set(value) {
    if (typeof value !== "boolean") throw invalidArgType("EventEmitter.captureRejections", "boolean", value);
    captureRejectionsDefault = value;
    proto[kCapture] = value;
  },
  enumerable: true,
});
Object.assign(statics, { EventEmitterAsyncResource, errorMonitor });
Object.defineProperty(statics, "defaultMaxListeners", {
  get: () => defaultMaxListeners,
  /** @param {unknown} value */
  set(value) {
    checkCount(value, "defaultMaxListeners");
    defaultMaxListeners = value;
  },
  enumerable: true,
});
Object.assign(statics, { setMaxListeners, init, listenerCount });

export default EventEmitter;
