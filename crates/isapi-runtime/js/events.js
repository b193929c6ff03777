// DOM events: Event and its kinds, EventTarget, event handler attributes (`onabort`,
// `onmessage`), and reportError, which reports an error to globalThis's "error"
// listeners and logs it when none cancels. A target here has no parent, so an event's
// path is its target alone: capture listeners run first, then the others (DOM §2.9).
import { now } from "isapi:native/timers";
import { reportException, setErrorHook } from "isapi:native/global_scope";
import { DOMException } from "./dom_exception.js";

/** @typedef {{ bubbles?: boolean, cancelable?: boolean, composed?: boolean } & Record<string, unknown>} EventInit */

const NONE = 0;
const CAPTURING_PHASE = 1;
const AT_TARGET = 2;
const BUBBLING_PHASE = 3;

/**
 * @typedef {{
 *   type: string, bubbles: boolean, cancelable: boolean, composed: boolean,
 *   target: object | null, currentTarget: object | null, phase: number,
 *   canceled: boolean, stop: boolean, stopNow: boolean, inPassive: boolean,
 *   dispatching: boolean, trusted: boolean, timeStamp: number,
 * }} EventState
 */

/** @type {WeakMap<object, EventState>} */
const events = new WeakMap();

/** @param {unknown} self */
function stateOf(self) {
  const s = typeof self === "object" && self !== null ? events.get(self) : undefined;
  if (!s) throw new TypeError("Illegal invocation");
  return s;
}

/**
 * A dictionary argument: undefined and null are empty, other non-objects a TypeError.
 * @param {unknown} init
 * @returns {Record<string, any>}
 */
export function dictionary(init) {
  if (init === undefined || init === null) return {};
  if (typeof init !== "object" && typeof init !== "function")
    throw new TypeError("the options argument must be an object");
  return /** @type {Record<string, any>} */ (init);
}

/** @param {IArguments | unknown[]} args @param {number} count @param {string} what */
export function requireArgs(args, count, what) {
  if (args.length < count)
    throw new TypeError(
      `${what}: ${count} argument${count > 1 ? "s" : ""} required, but only ${args.length} present`,
    );
}

export class Event {
  /**
   * @param {string} type
   * @param {EventInit} [init]
   */
  constructor(type, init = undefined) {
    requireArgs(arguments, 1, "Event constructor");
    const options = dictionary(init);
    events.set(this, {
      type: String(type),
      bubbles: !!options.bubbles,
      cancelable: !!options.cancelable,
      composed: !!options.composed,
      target: null,
      currentTarget: null,
      phase: NONE,
      canceled: false,
      stop: false,
      stopNow: false,
      inPassive: false,
      dispatching: false,
      trusted: false,
      timeStamp: now(),
    });
  }
  get type() {
    return stateOf(this).type;
  }
  get target() {
    return stateOf(this).target;
  }
  get srcElement() {
    return stateOf(this).target;
  }
  get currentTarget() {
    return stateOf(this).currentTarget;
  }
  get eventPhase() {
    return stateOf(this).phase;
  }
  get bubbles() {
    return stateOf(this).bubbles;
  }
  get cancelable() {
    return stateOf(this).cancelable;
  }
  get composed() {
    return stateOf(this).composed;
  }
  get defaultPrevented() {
    return stateOf(this).canceled;
  }
  get isTrusted() {
    return stateOf(this).trusted;
  }
  get timeStamp() {
    return stateOf(this).timeStamp;
  }
  get returnValue() {
    return !stateOf(this).canceled;
  }
  set returnValue(value) {
    if (!value) this.preventDefault();
  }
  get cancelBubble() {
    return stateOf(this).stop;
  }
  set cancelBubble(value) {
    if (value) stateOf(this).stop = true;
  }
  composedPath() {
    const s = stateOf(this);
    return s.dispatching && s.currentTarget ? [s.currentTarget] : [];
  }
  stopPropagation() {
    stateOf(this).stop = true;
  }
  stopImmediatePropagation() {
    const s = stateOf(this);
    s.stop = true;
    s.stopNow = true;
  }
  preventDefault() {
    const s = stateOf(this);
    if (s.cancelable && !s.inPassive) s.canceled = true;
  }
}
for (const [name, value] of Object.entries({ NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE })) {
  const descriptor = { value, enumerable: true, writable: false, configurable: false };
  Object.defineProperty(Event, name, descriptor);
  Object.defineProperty(Event.prototype, name, descriptor);
}
Object.defineProperty(Event.prototype, Symbol.toStringTag, { value: "Event", configurable: true });

/** Marks an event the platform fires (`isTrusted`). @param {Event} event */
export function trusted(event) {
  stateOf(event).trusted = true;
  return event;
}

export class CustomEvent extends Event {
  #detail;
  /** @param {string} type @param {{ detail?: unknown } & Record<string, unknown>} [init] */
  constructor(type, init = undefined) {
    requireArgs(arguments, 1, "CustomEvent constructor");
    super(type, init);
    this.#detail = dictionary(init).detail ?? null;
  }
  get detail() {
    return this.#detail;
  }
}
Object.defineProperty(CustomEvent.prototype, Symbol.toStringTag, {
  value: "CustomEvent",
  configurable: true,
});

export class ErrorEvent extends Event {
  #message;
  #filename;
  #lineno;
  #colno;
  #error;
  /**
   * @param {string} type
   * @param {{ message?: string, filename?: string, lineno?: number, colno?: number, error?: unknown } & Record<string, unknown>} [init]
   */
  constructor(type, init = undefined) {
    requireArgs(arguments, 1, "ErrorEvent constructor");
    super(type, init);
    const options = dictionary(init);
    this.#message = options.message === undefined ? "" : String(options.message);
    this.#filename = options.filename === undefined ? "" : String(options.filename);
    this.#lineno = options.lineno === undefined ? 0 : Number(options.lineno) >>> 0;
    this.#colno = options.colno === undefined ? 0 : Number(options.colno) >>> 0;
    this.#error = options.error;
  }
  get message() {
    return this.#message;
  }
  get filename() {
    return this.#filename;
  }
  get lineno() {
    return this.#lineno;
  }
  get colno() {
    return this.#colno;
  }
  get error() {
    return this.#error;
  }
}
Object.defineProperty(ErrorEvent.prototype, Symbol.toStringTag, { value: "ErrorEvent", configurable: true });

export class PromiseRejectionEvent extends Event {
  #promise;
  #reason;
  /** @param {string} type @param {{ promise: Promise<unknown>, reason?: unknown } & Record<string, unknown>} init */
  constructor(type, init) {
    requireArgs(arguments, 2, "PromiseRejectionEvent constructor");
    const options = dictionary(init);
    if (!("promise" in options)) throw new TypeError("PromiseRejectionEvent: the promise member is required");
    if (typeof options.promise !== "object" && typeof options.promise !== "function")
      throw new TypeError("PromiseRejectionEvent: promise must be an object");
    super(type, init);
    this.#promise = options.promise;
    this.#reason = options.reason;
  }
  get promise() {
    return this.#promise;
  }
  get reason() {
    return this.#reason;
  }
}
Object.defineProperty(PromiseRejectionEvent.prototype, Symbol.toStringTag, {
  value: "PromiseRejectionEvent",
  configurable: true,
});

/** @type {((value: unknown) => boolean) | null} */
let isPort = null;
/** Lets messaging.js say what a MessagePort is (for MessageEvent's `source` and `ports`). @param {(value: unknown) => boolean} test */
export function setPortTest(test) {
  isPort = test;
}

export class MessageEvent extends Event {
  #data;
  #origin;
  #lastEventId;
  #source;
  #ports;
  /**
   * @param {string} type
   * @param {{ data?: unknown, origin?: string, lastEventId?: string, source?: unknown, ports?: Iterable<unknown> } & Record<string, unknown>} [init]
   */
  constructor(type, init = undefined) {
    requireArgs(arguments, 1, "MessageEvent constructor");
    super(type, init);
    const options = dictionary(init);
    this.#data = options.data === undefined ? null : options.data;
    this.#origin = options.origin === undefined ? "" : String(options.origin);
    this.#lastEventId = options.lastEventId === undefined ? "" : String(options.lastEventId);
    const source = options.source ?? null;
    if (source !== null && !isPort?.(source))
      throw new TypeError("MessageEvent: source must be a MessagePort or null");
    this.#source = source;
    const ports = options.ports === undefined ? [] : [...options.ports];
    if (ports.some((port) => !isPort?.(port)))
      throw new TypeError("MessageEvent: ports must be MessagePorts");
    this.#ports = Object.freeze(ports);
  }
  get data() {
    return this.#data;
  }
  get origin() {
    return this.#origin;
  }
  get lastEventId() {
    return this.#lastEventId;
  }
  get source() {
    return this.#source;
  }
  get ports() {
    return this.#ports;
  }
}
Object.defineProperty(MessageEvent.prototype, Symbol.toStringTag, {
  value: "MessageEvent",
  configurable: true,
});

/**
 * @typedef {{
 *   callback: unknown, capture: boolean, once: boolean, passive: boolean,
 *   removed: boolean, signal: object | null, unfollow: (() => void) | null,
 * }} Listener
 */

/** Each target's listeners, by event type. @type {WeakMap<object, Map<string, Listener[]>>} */
const targets = new WeakMap();

/** @param {unknown} self */
function listenersOf(self) {
  const map = typeof self === "object" && self !== null ? targets.get(self) : undefined;
  if (!map) throw new TypeError("Illegal invocation");
  return map;
}

/** Makes `object` an event target (globalThis is one without being an EventTarget). @param {object} object */
export function makeTarget(object) {
  if (!targets.has(object)) targets.set(object, new Map());
}

/**
 * How abort.js lets a listener's `signal` remove it; set by abort.js when it loads (no
 * AbortSignal exists before). `aborted` throws a TypeError for what is not a signal.
 * @typedef {{ aborted(signal: unknown): boolean, follow(signal: unknown, algorithm: () => void): () => void }} SignalHook
 * @type {SignalHook | null}
 */
let signals = null;
/** @param {SignalHook} hook */
export function setSignalHook(hook) {
  signals = hook;
}

/** @param {unknown} options */
function flattenCapture(options) {
  if (typeof options === "boolean") return options;
  if (options === undefined || options === null) return false;
  if (typeof options !== "object" && typeof options !== "function") return !!options;
  return !!(/** @type {Record<string, unknown>} */ (options).capture);
}

/** @param {unknown} callback */
function checkCallback(callback) {
  if (callback !== null && typeof callback !== "object" && typeof callback !== "function")
    throw new TypeError("the listener must be a function or an object with a handleEvent method");
}

/**
 * @param {object} target
 * @param {unknown} type
 * @param {unknown} callback
 * @param {unknown} options
 */
function addListener(target, type, callback, options) {
  const map = listenersOf(target);
  checkCallback(callback);
  const capture = flattenCapture(options);
  let once = false;
  let passive = false;
  /** @type {object | null} */
  let signal = null;
  if (typeof options === "object" && options !== null) {
    const o = /** @type {Record<string, unknown>} */ (options);
    once = !!o.once;
    passive = !!o.passive;
    if (o.signal !== undefined) {
      if (!signals) throw new TypeError("options.signal must be an AbortSignal");
      signal = /** @type {object} */ (o.signal);
      if (signals.aborted(signal)) return;
    }
  }
  if (callback === null) return;
  const name = String(type);
  let list = map.get(name);
  if (!list) map.set(name, (list = []));
  if (list.some((l) => l.callback === callback && l.capture === capture)) return;
  /** @type {Listener} */
  const listener = { callback, capture, once, passive, removed: false, signal, unfollow: null };
  list.push(listener);
  if (signal && signals)
    listener.unfollow = signals.follow(signal, () => removeListener(target, name, listener));
}

/** @param {object} target @param {string} type @param {Listener} listener */
function removeListener(target, type, listener) {
  const list = targets.get(target)?.get(type);
  listener.removed = true;
  listener.unfollow?.();
  if (!list) return;
  const index = list.indexOf(listener);
  if (index >= 0) list.splice(index, 1);
}

/**
 * Dispatches `event` at `target` (DOM "dispatch" for a target without parents).
 * @param {object} target
 * @param {Event} event
 * @param {boolean} [isTrusted]
 */
export function dispatch(target, event, isTrusted = false) {
  const map = listenersOf(target);
  const s = stateOf(event);
  if (s.dispatching) throw new DOMException("The event is already being dispatched", "InvalidStateError");
  s.trusted = isTrusted;
  s.dispatching = true;
  s.target = target;
  s.currentTarget = target;
  s.phase = AT_TARGET;
  try {
    for (const capturing of [true, false]) {
      if (s.stop) break;
      const list = map.get(s.type);
      if (!list) break;
      for (const listener of list.slice()) {
        if (listener.removed || listener.capture !== capturing) continue;
        if (listener.once) removeListener(target, s.type, listener);
        invoke(target, listener, event, s);
        if (s.stopNow) break;
      }
    }
  } finally {
    s.phase = NONE;
    s.currentTarget = null;
    s.dispatching = false;
    s.stop = false;
    s.stopNow = false;
  }
  return !s.canceled;
}

/** @param {object} target @param {Listener} listener @param {Event} event @param {EventState} s */
function invoke(target, listener, event, s) {
  s.inPassive = listener.passive;
  try {
    const callback = /** @type {any} */ (listener.callback);
    if (typeof callback === "function") {
      callback.call(target, event);
    } else {
      const handleEvent = callback.handleEvent;
      if (typeof handleEvent !== "function") throw new TypeError("the listener has no handleEvent method");
      handleEvent.call(callback, event);
    }
  } catch (error) {
    reportException(error);
  } finally {
    s.inPassive = false;
  }
}

/** Whether `target` has a listener for `type` (e.g. globalThis for "unhandledrejection"). @param {object} target @param {string} type */
export function hasListeners(target, type) {
  return (targets.get(target)?.get(type)?.length ?? 0) > 0;
}

export class EventTarget {
  constructor() {
    targets.set(this, new Map());
  }
  /**
   * @param {string} type
   * @param {EventListenerLike | null} callback
   * @param {boolean | { capture?: boolean, once?: boolean, passive?: boolean, signal?: unknown }} [options]
   */
  addEventListener(type, callback, options = undefined) {
    requireArgs(arguments, 2, "addEventListener");
    addListener(this, type, callback, options);
  }
  /**
   * @param {string} type
   * @param {EventListenerLike | null} callback
   * @param {boolean | { capture?: boolean }} [options]
   */
  removeEventListener(type, callback, options = undefined) {
    requireArgs(arguments, 2, "removeEventListener");
    const map = listenersOf(this);
    checkCallback(callback);
    const capture = flattenCapture(options);
    const name = String(type);
    const listener = map.get(name)?.find((l) => l.callback === callback && l.capture === capture);
    if (listener) removeListener(this, name, listener);
  }
  /** @param {Event} event */
  dispatchEvent(event) {
    requireArgs(arguments, 1, "dispatchEvent");
    listenersOf(this);
    if (!(event instanceof Event)) throw new TypeError("dispatchEvent needs an Event");
    return dispatch(this, event);
  }
}
Object.defineProperty(EventTarget.prototype, Symbol.toStringTag, {
  value: "EventTarget",
  configurable: true,
});

/** @typedef {((event: any) => unknown) | { handleEvent(event: any): unknown }} EventListenerLike */

/** @type {WeakMap<object, Map<string, { value: unknown, listener: (event: Event) => void }>>} */
const handlers = new WeakMap();

/**
 * Defines the event handler attribute `on<type>` on `prototype` (HTML §8.1.8): setting a
 * callable adds one listener, in the place of the first set; null removes it.
 * @param {object} prototype
 * @param {string} type
 */
export function defineEventHandler(prototype, type) {
  Object.defineProperty(prototype, `on${type}`, {
    enumerable: true,
    configurable: true,
    get() {
      listenersOf(this);
      return handlers.get(this)?.get(type)?.value ?? null;
    },
    set(value) {
      listenersOf(this);
      let map = handlers.get(this);
      if (!map) handlers.set(this, (map = new Map()));
      const held = map.get(type);
      const callable = typeof value === "function" || (typeof value === "object" && value !== null);
      if (!callable) {
        if (held) {
          map.delete(type);
          const list = targets.get(this)?.get(type);
          const listener = list?.find((l) => l.callback === held.listener);
          if (listener) removeListener(this, type, listener);
        }
        return;
      }
      if (held) {
        held.value = value;
        return;
      }
      /** @type {{ value: unknown, listener: (event: Event) => void }} */
      const record = {
        value,
        listener(event) {
          const handler = record.value;
          if (typeof handler !== "function") return;
          const result = handler.call(this, event);
          if (result === false) event.preventDefault();
        },
      };
      map.set(type, record);
      addListener(this, type, record.listener, false);
      onHandlerSet.get(prototype)?.(this);
    },
  });
}

/** What happens when a handler attribute is set (MessagePort's onmessage starts the port). @type {WeakMap<object, (target: any) => void>} */
const onHandlerSet = new WeakMap();
/** @param {object} prototype @param {(target: any) => void} hook */
export function whenHandlerSet(prototype, hook) {
  onHandlerSet.set(prototype, hook);
}

/**
 * HTML "report an exception" (its one home is the native `reportException`, which
 * timers and microtasks use too): an "error" ErrorEvent at globalThis; unless a listener
 * cancels it, the error is logged as an uncaught one.
 * @param {unknown} error
 */
export function reportError(error) {
  requireArgs(arguments, 1, "reportError");
  reportException(error);
}

// The native side calls this with where the error was thrown; true when it must be logged.
setErrorHook((error, filename, lineno, colno) => {
  if (!hasListeners(globalThis, "error")) return true;
  const message = `Uncaught ${String(error)}`;
  const event = new ErrorEvent("error", { cancelable: true, message, filename, lineno, colno, error });
  return dispatch(globalThis, event, true);
});

makeTarget(globalThis);

// Node's inspection prints DOM classes by name only; ours need nothing more.
export { NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE };

/**
 * The listeners `target` has for `type` (node:events' `getEventListeners` of an EventTarget).
 * @param {object} target
 * @param {string} type
 * @returns {unknown[]}
 */
export function eventListeners(target, type) {
  return (targets.get(target)?.get(type) ?? []).map((l) => l.callback);
}
