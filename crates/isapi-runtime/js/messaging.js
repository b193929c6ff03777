// MessageChannel and MessagePort (HTML §9.4) within one engine: a message is cloned when
// posted (structuredClone, with its transfer list) and delivered to the other port as a
// task of its own, after the microtasks of the turn that posted it. The tasks are timers
// (timers.js), so what a request posted and left undelivered is dropped with its timers.
import { cloneWithTransfer, defineCloneable } from "./structured_clone.js";
import { DOMException } from "./dom_exception.js";
import {
  Event,
  EventTarget,
  MessageEvent,
  defineEventHandler,
  dispatch,
  setPortTest,
  whenHandlerSet,
} from "./events.js";
import { setTimeout } from "./timers.js";

/**
 * @typedef {{
 *   other: MessagePort | null, queue: { data: unknown, ports: MessagePort[] }[],
 *   started: boolean, closed: boolean, detached: boolean, scheduled: boolean,
 * }} PortState
 */

/** @type {WeakMap<object, PortState>} */
const ports = new WeakMap();
const CREATE = Symbol("create");

/** @param {unknown} self */
function stateOf(self) {
  const s = typeof self === "object" && self !== null ? ports.get(self) : undefined;
  if (!s) throw new TypeError("Illegal invocation");
  return s;
}

/** @param {unknown} value @returns {value is MessagePort} */
const isPort = (value) => typeof value === "object" && value !== null && ports.has(value);

export class MessagePort extends EventTarget {
  /** @param {unknown} [key] */
  constructor(key) {
    if (key !== CREATE) throw new TypeError("Illegal constructor");
    super();
    ports.set(this, {
      other: null,
      queue: [],
      started: false,
      closed: false,
      detached: false,
      scheduled: false,
    });
  }
  /**
   * @param {unknown} message
   * @param {Iterable<unknown> | { transfer?: Iterable<unknown> }} [transferOrOptions]
   */
  postMessage(message, transferOrOptions = undefined) {
    const s = stateOf(this);
    if (arguments.length < 1) throw new TypeError("postMessage: 1 argument required, but only 0 present");
    /** @type {unknown[]} */
    let transfer = [];
    if (transferOrOptions !== undefined && transferOrOptions !== null) {
      if (typeof transferOrOptions !== "object")
        throw new TypeError("postMessage: the second argument must be a sequence or an options object");
      if (Symbol.iterator in transferOrOptions) transfer = [...transferOrOptions];
      else {
        const list = /** @type {{ transfer?: Iterable<unknown> }} */ (transferOrOptions).transfer;
        if (list !== undefined) {
          if (typeof list !== "object" || list === null || !(Symbol.iterator in list))
            throw new TypeError("postMessage: options.transfer must be a sequence");
          transfer = [...list];
        }
      }
    }
    if (transfer.includes(this)) throw new DOMException("A port cannot post itself", "DataCloneError");
    const target = s.other;
    const data = cloneWithTransfer([message, transfer.filter(isPort)], transfer);
    if (!target || (s.other && transfer.includes(s.other))) return;
    const [copied, moved] = /** @type {[unknown, MessagePort[]]} */ (data);
    stateOf(target).queue.push({ data: copied, ports: moved });
    schedule(target);
  }
  start() {
    const s = stateOf(this);
    if (s.started) return;
    s.started = true;
    schedule(this);
  }
  close() {
    const s = stateOf(this);
    s.closed = true;
    s.queue.length = 0;
    const other = s.other;
    if (!other) return;
    s.other = null;
    stateOf(other).other = null;
    setTimeout(() => dispatch(other, new Event("close"), true), 0);
  }
}
defineEventHandler(MessagePort.prototype, "message");
defineEventHandler(MessagePort.prototype, "messageerror");
defineEventHandler(MessagePort.prototype, "close");
whenHandlerSet(MessagePort.prototype, (port) => {
  if (port.onmessage !== null) port.start();
});
Object.defineProperty(MessagePort.prototype, Symbol.toStringTag, {
  value: "MessagePort",
  configurable: true,
});
setPortTest(isPort);

/** Delivers the port's next message as a task of its own, if it may. @param {MessagePort} port */
function schedule(port) {
  const s = stateOf(port);
  if (s.scheduled || !s.started || s.closed || s.queue.length === 0) return;
  s.scheduled = true;
  setTimeout(() => {
    s.scheduled = false;
    if (s.closed) return;
    const message = s.queue.shift();
    if (!message) return;
    try {
      dispatch(port, new MessageEvent("message", { data: message.data, ports: message.ports }), true);
    } finally {
      schedule(port);
    }
  }, 0);
}

defineCloneable({
  test: isPort,
  detached: (port) => stateOf(port).detached,
  transfer(port) {
    const copy = new MessagePort(CREATE);
    return {
      copy,
      commit() {
        const from = stateOf(port);
        const to = stateOf(copy);
        to.other = from.other;
        to.queue = from.queue;
        to.closed = from.closed;
        if (from.other) stateOf(from.other).other = copy;
        Object.assign(from, { other: null, queue: [], detached: true, closed: true });
      },
    };
  },
});

export class MessageChannel {
  #port1 = new MessagePort(CREATE);
  #port2 = new MessagePort(CREATE);
  constructor() {
    stateOf(this.#port1).other = this.#port2;
    stateOf(this.#port2).other = this.#port1;
  }
  get port1() {
    return this.#port1;
  }
  get port2() {
    return this.#port2;
  }
}
Object.defineProperty(MessageChannel.prototype, Symbol.toStringTag, {
  value: "MessageChannel",
  configurable: true,
});

export { MessageEvent };
