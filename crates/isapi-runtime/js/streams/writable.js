// WritableStream, its default writer and controller (WHATWG Streams §5), written from the
// standard's abstract operations. Each public object keeps its state in one internal
// record (#r); the operations below work on the records.
import {
  Deferred,
  SizedQueue,
  callbackMember,
  extractHighWaterMark,
  extractSizeAlgorithm,
  markHandled,
  promiseCall,
  rejected,
  resolved,
  toDictionary,
  toObjectArgument,
  toStrategy,
  upon,
} from "./common.js";
import { load } from "isapi:native/modules";
import { inspectAs } from "../webidl.js";

/** @typedef {import("./common.js").SizeAlgorithm} SizeAlgorithm */

const CLOSE = Symbol("close sentinel");
const TOKEN = Symbol("internal construction");

/**
 * abort.js, loaded when a controller's signal is first needed: a stream whose sink never
 * asks for it does not load the events and abort modules.
 * @returns {typeof import("../abort.js")}
 */
const abortModule = () => /** @type {typeof import("../abort.js")} */ (load("abort.js"));

/**
 * The controller's AbortSignal ("abort controller" in the standard), made on first use;
 * already aborted if the stream was aborted before.
 * @param {WSC} controller
 */
function signalOf(controller) {
  if (controller.abortController === undefined) {
    controller.abortController = new (abortModule().AbortController)();
    if (controller.aborted) controller.abortController.abort(controller.abortReason);
  }
  return controller.abortController.signal;
}

/**
 * Signals abort on the controller's signal (or remembers it until the signal is made).
 * @param {WSC} controller
 * @param {unknown} reason
 */
function abortSignalOf(controller, reason) {
  if (controller.abortController !== undefined) controller.abortController.abort(reason);
  else if (!controller.aborted) {
    controller.aborted = true;
    controller.abortReason = reason;
  }
}

/** The internal record of a WritableStream. */
export class WS {
  /** @type {"writable" | "closed" | "erroring" | "errored"} */
  state = "writable";
  /** @type {unknown} */
  storedError = undefined;
  backpressure = false;
  /** @type {Deferred | undefined} */
  closeRequest = undefined;
  /** @type {Deferred | undefined} */
  inFlightWriteRequest = undefined;
  /** @type {Deferred | undefined} */
  inFlightCloseRequest = undefined;
  /** @type {{ deferred: Deferred; reason: unknown; wasAlreadyErroring: boolean } | undefined} */
  pendingAbortRequest = undefined;
  /** @type {Deferred[]} */
  writeRequests = [];
  /** @type {WriterRec | undefined} */
  writer = undefined;
  /** @type {WSC} */
  controller = /** @type {any} */ (undefined);
  /** @type {WritableStream} */
  api;
  /** @param {WritableStream} api */
  constructor(api) {
    this.api = api;
  }
}

/** The internal record of a WritableStreamDefaultWriter. */
class WriterRec {
  /** @type {WS | undefined} */
  stream = undefined;
  /** @type {Deferred} */
  ready = new Deferred();
  /** @type {Deferred} */
  closed = new Deferred();
}

/** The internal record of a WritableStreamDefaultController. */
class WSC extends SizedQueue {
  /** @type {WS} */
  stream;
  /** @type {import("../abort.js").AbortController | undefined} */
  abortController = undefined;
  /** Aborted before the signal was made (then `abortReason` is the reason). */
  aborted = false;
  /** @type {unknown} */
  abortReason = undefined;
  started = false;
  hwm = 1;
  /** @type {SizeAlgorithm | undefined} */
  size = undefined;
  /** @type {((chunk: unknown) => Promise<unknown>) | undefined} */
  writeAlgorithm = undefined;
  /** @type {(() => Promise<unknown>) | undefined} */
  closeAlgorithm = undefined;
  /** @type {((reason: unknown) => Promise<unknown>) | undefined} */
  abortAlgorithm = undefined;
  /** @type {WritableStreamDefaultController} */
  api;
  /** @param {WS} stream */
  constructor(stream) {
    super();
    this.stream = stream;
    this.api = new WritableStreamDefaultController(TOKEN, this);
  }
}

/** @type {(stream: WritableStream) => WS} */
let wsOf;
/** @type {(writer: WritableStreamDefaultWriter) => WriterRec} */
let writerOf;
/** @type {(controller: WritableStreamDefaultController) => WSC} */
let wscOf;

export class WritableStream {
  /** @type {WS} */
  #r;
  static {
    wsOf = (stream) => stream.#r;
  }
  /**
   * @param {object | symbol} [underlyingSink]
   * @param {object} [strategy]
   */
  constructor(underlyingSink = undefined, strategy = undefined) {
    if (underlyingSink === TOKEN) {
      // CreateWritableStream: the caller sets up the controller.
      this.#r = new WS(this);
      return;
    }
    const strategyDict = toStrategy(strategy, "strategy");
    const sink = toObjectArgument(underlyingSink, "underlyingSink");
    const abort = callbackMember(sink, "abort", "underlyingSink");
    const close = callbackMember(sink, "close", "underlyingSink");
    const start = callbackMember(sink, "start", "underlyingSink");
    const type = sink.type;
    const write = callbackMember(sink, "write", "underlyingSink");
    if (type !== undefined) throw new RangeError("a WritableStream has no type");
    this.#r = new WS(this);
    const size = extractSizeAlgorithm(strategyDict);
    const hwm = extractHighWaterMark(strategyDict, 1);
    const controller = new WSC(this.#r);
    setUpController(
      this.#r,
      controller,
      () => (start === undefined ? undefined : Reflect.apply(start, sink, [controller.api])),
      (chunk) => promiseCall(write, sink, [chunk, controller.api]),
      () => promiseCall(close, sink, []),
      (reason) => promiseCall(abort, sink, [reason]),
      hwm,
      size,
    );
  }
  get locked() {
    return this.#r.writer !== undefined;
  }
  /** @param {unknown} [reason] */
  abort(reason) {
    try {
      const stream = wsOf(this);
      if (stream.writer !== undefined) return rejected(new TypeError("the stream is locked to a writer"));
      return writableStreamAbort(stream, reason);
    } catch (error) {
      return rejected(error);
    }
  }
  close() {
    try {
      const stream = wsOf(this);
      if (stream.writer !== undefined) return rejected(new TypeError("the stream is locked to a writer"));
      if (closeQueuedOrInFlight(stream)) return rejected(new TypeError("the stream is already closing"));
      return writableStreamClose(stream);
    } catch (error) {
      return rejected(error);
    }
  }
  getWriter() {
    return new WritableStreamDefaultWriter(this);
  }
}

export class WritableStreamDefaultWriter {
  /** @type {WriterRec} */
  #r;
  static {
    writerOf = (writer) => writer.#r;
  }
  /** @param {WritableStream} stream */
  constructor(stream) {
    if (!(stream instanceof WritableStream)) throw new TypeError("the argument must be a WritableStream");
    this.#r = acquireWriter(wsOf(stream));
  }
  get closed() {
    try {
      return writerOf(this).closed.promise;
    } catch (error) {
      return rejected(error);
    }
  }
  get desiredSize() {
    const writer = this.#r;
    if (writer.stream === undefined) throw new TypeError("the writer was released");
    return writerDesiredSize(writer);
  }
  get ready() {
    try {
      return writerOf(this).ready.promise;
    } catch (error) {
      return rejected(error);
    }
  }
  /** @param {unknown} [reason] */
  abort(reason) {
    try {
      const writer = writerOf(this);
      if (writer.stream === undefined) return rejected(new TypeError("the writer was released"));
      return writableStreamAbort(writer.stream, reason);
    } catch (error) {
      return rejected(error);
    }
  }
  close() {
    try {
      const writer = writerOf(this);
      const stream = writer.stream;
      if (stream === undefined) return rejected(new TypeError("the writer was released"));
      if (closeQueuedOrInFlight(stream)) return rejected(new TypeError("the stream is already closing"));
      return writableStreamClose(stream);
    } catch (error) {
      return rejected(error);
    }
  }
  releaseLock() {
    const writer = this.#r;
    if (writer.stream === undefined) return;
    writerRelease(writer);
  }
  /** @param {unknown} [chunk] */
  write(chunk = undefined) {
    try {
      const writer = writerOf(this);
      if (writer.stream === undefined) return rejected(new TypeError("the writer was released"));
      return writerWrite(writer, chunk);
    } catch (error) {
      return rejected(error);
    }
  }
}

export class WritableStreamDefaultController {
  /** @type {WSC} */
  #r;
  static {
    wscOf = (controller) => controller.#r;
  }
  /** @param {symbol} token @param {WSC} record */
  constructor(token, record) {
    if (token !== TOKEN) throw new TypeError("Illegal constructor");
    this.#r = record;
  }
  get signal() {
    return signalOf(this.#r);
  }
  /** @param {unknown} [e] */
  error(e = undefined) {
    const controller = this.#r;
    if (controller.stream.state !== "writable") return;
    controllerError(controller, e);
  }
}

for (const C of [WritableStream, WritableStreamDefaultWriter, WritableStreamDefaultController]) {
  Object.defineProperty(C.prototype, Symbol.toStringTag, { value: C.name, configurable: true });
}
inspectAs(WritableStream, (stream) => ({ locked: stream.locked, state: wsOf(stream).state }), {
  deep: "undefined",
  inner: 1,
});

// ---- WritableStream abstract operations ----

/** @param {WS} stream */
export function acquireWriter(stream) {
  if (stream.writer !== undefined) throw new TypeError("the stream is already locked to a writer");
  const writer = new WriterRec();
  writer.stream = stream;
  stream.writer = writer;
  const state = stream.state;
  if (state === "writable") {
    if (!closeQueuedOrInFlight(stream) && stream.backpressure) {
      // ready stays pending
    } else writer.ready.resolve(undefined);
  } else if (state === "erroring") {
    writer.ready.rejectHandled(stream.storedError);
  } else if (state === "closed") {
    writer.ready.resolve(undefined);
    writer.closed.resolve(undefined);
  } else {
    writer.ready.rejectHandled(stream.storedError);
    writer.closed.rejectHandled(stream.storedError);
  }
  return writer;
}

/**
 * A writable stream over algorithms (CreateWritableStream).
 * @param {() => unknown} start
 * @param {(chunk: unknown) => Promise<unknown>} write
 * @param {() => Promise<unknown>} close
 * @param {(reason: unknown) => Promise<unknown>} abort
 * @param {number} hwm
 * @param {SizeAlgorithm} size
 */
export function createWritableStream(start, write, close, abort, hwm, size) {
  const stream = wsOf(new WritableStream(TOKEN));
  setUpController(stream, new WSC(stream), start, write, close, abort, hwm, size);
  return stream;
}

/** @param {WS} stream @param {unknown} reason @returns {Promise<undefined>} */
export function writableStreamAbort(stream, reason) {
  if (stream.state === "closed" || stream.state === "errored") return resolved(undefined);
  abortSignalOf(stream.controller, reason);
  const state = /** @type {WS["state"]} */ (stream.state);
  if (state === "closed" || state === "errored") return resolved(undefined);
  if (stream.pendingAbortRequest !== undefined) return stream.pendingAbortRequest.deferred.promise;
  let wasAlreadyErroring = false;
  if (state === "erroring") {
    wasAlreadyErroring = true;
    reason = undefined;
  }
  const deferred = new Deferred();
  stream.pendingAbortRequest = { deferred, reason, wasAlreadyErroring };
  if (!wasAlreadyErroring) startErroring(stream, reason);
  return deferred.promise;
}

/** @param {WS} stream @returns {Promise<undefined>} */
function writableStreamClose(stream) {
  const state = stream.state;
  if (state === "closed" || state === "errored") {
    return rejected(new TypeError("the stream is closed or errored"));
  }
  const deferred = new Deferred();
  stream.closeRequest = deferred;
  const writer = stream.writer;
  if (writer !== undefined && stream.backpressure && state === "writable") writer.ready.resolve(undefined);
  controllerClose(stream.controller);
  return deferred.promise;
}

/** @param {WS} stream */
export function closeQueuedOrInFlight(stream) {
  return stream.closeRequest !== undefined || stream.inFlightCloseRequest !== undefined;
}

/** @param {WS} stream @param {unknown} error */
function dealWithRejection(stream, error) {
  if (stream.state === "writable") {
    startErroring(stream, error);
    return;
  }
  finishErroring(stream);
}

/** @param {WS} stream */
function finishErroring(stream) {
  stream.state = "errored";
  stream.controller.reset();
  const storedError = stream.storedError;
  for (const request of stream.writeRequests) request.reject(storedError);
  stream.writeRequests = [];
  const abortRequest = stream.pendingAbortRequest;
  if (abortRequest === undefined) {
    rejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  stream.pendingAbortRequest = undefined;
  if (abortRequest.wasAlreadyErroring) {
    abortRequest.deferred.reject(storedError);
    rejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  const controller = stream.controller;
  const abortAlgorithm = controller.abortAlgorithm;
  clearAlgorithms(controller);
  const promise = abortAlgorithm ? abortAlgorithm(abortRequest.reason) : resolved(undefined);
  upon(
    promise,
    () => {
      abortRequest.deferred.resolve(undefined);
      rejectCloseAndClosedPromiseIfNeeded(stream);
    },
    (reason) => {
      abortRequest.deferred.reject(reason);
      rejectCloseAndClosedPromiseIfNeeded(stream);
    },
  );
}

/** @param {WS} stream */
function finishInFlightClose(stream) {
  /** @type {Deferred} */ (stream.inFlightCloseRequest).resolve(undefined);
  stream.inFlightCloseRequest = undefined;
  if (stream.state === "erroring") {
    stream.storedError = undefined;
    if (stream.pendingAbortRequest !== undefined) {
      stream.pendingAbortRequest.deferred.resolve(undefined);
      stream.pendingAbortRequest = undefined;
    }
  }
  stream.state = "closed";
  if (stream.writer !== undefined) stream.writer.closed.resolve(undefined);
}

/** @param {WS} stream @param {unknown} error */
function finishInFlightCloseWithError(stream, error) {
  /** @type {Deferred} */ (stream.inFlightCloseRequest).reject(error);
  stream.inFlightCloseRequest = undefined;
  if (stream.pendingAbortRequest !== undefined) {
    stream.pendingAbortRequest.deferred.reject(error);
    stream.pendingAbortRequest = undefined;
  }
  dealWithRejection(stream, error);
}

/** @param {WS} stream */
function hasOperationMarkedInFlight(stream) {
  return stream.inFlightWriteRequest !== undefined || stream.inFlightCloseRequest !== undefined;
}

/** @param {WS} stream */
function rejectCloseAndClosedPromiseIfNeeded(stream) {
  if (stream.closeRequest !== undefined) {
    stream.closeRequest.reject(stream.storedError);
    stream.closeRequest = undefined;
  }
  const writer = stream.writer;
  if (writer !== undefined) writer.closed.rejectHandled(stream.storedError);
}

/** @param {WS} stream @param {unknown} reason */
function startErroring(stream, reason) {
  const controller = stream.controller;
  stream.state = "erroring";
  stream.storedError = reason;
  const writer = stream.writer;
  if (writer !== undefined) ensureReadyRejected(writer, reason);
  if (!hasOperationMarkedInFlight(stream) && controller.started) finishErroring(stream);
}

/** @param {WS} stream @param {boolean} backpressure */
function updateBackpressure(stream, backpressure) {
  const writer = stream.writer;
  if (writer !== undefined && backpressure !== stream.backpressure) {
    if (backpressure) writer.ready = new Deferred();
    else writer.ready.resolve(undefined);
  }
  stream.backpressure = backpressure;
}

// ---- Writer abstract operations ----

/** @param {WriterRec} writer @returns {Promise<undefined>} */
export function writerCloseWithErrorPropagation(writer) {
  const stream = /** @type {WS} */ (writer.stream);
  const state = stream.state;
  if (closeQueuedOrInFlight(stream) || state === "closed") return resolved(undefined);
  if (state === "errored") return rejected(stream.storedError);
  return writableStreamClose(stream);
}

/** @param {WriterRec} writer @param {unknown} error */
function ensureClosedRejected(writer, error) {
  if (writer.closed.state !== "pending") writer.closed = new Deferred();
  writer.closed.rejectHandled(error);
}

/** @param {WriterRec} writer @param {unknown} error */
function ensureReadyRejected(writer, error) {
  if (writer.ready.state !== "pending") writer.ready = new Deferred();
  writer.ready.rejectHandled(error);
}

/** @param {WriterRec} writer */
function writerDesiredSize(writer) {
  const stream = /** @type {WS} */ (writer.stream);
  const state = stream.state;
  if (state === "errored" || state === "erroring") return null;
  if (state === "closed") return 0;
  return stream.controller.hwm - stream.controller.totalSize;
}

/** @param {WriterRec} writer */
export function writerRelease(writer) {
  const stream = /** @type {WS} */ (writer.stream);
  const releasedError = new TypeError("the writer's lock was released");
  ensureReadyRejected(writer, releasedError);
  ensureClosedRejected(writer, releasedError);
  stream.writer = undefined;
  writer.stream = undefined;
}

/** @param {WriterRec} writer @param {unknown} chunk @returns {Promise<undefined>} */
export function writerWrite(writer, chunk) {
  const stream = /** @type {WS} */ (writer.stream);
  const controller = stream.controller;
  const chunkSize = getChunkSize(controller, chunk);
  if (stream !== writer.stream) return rejected(new TypeError("the writer was released"));
  const state = stream.state;
  if (state === "errored") return rejected(stream.storedError);
  if (closeQueuedOrInFlight(stream) || state === "closed") {
    return rejected(new TypeError("the stream is closing or closed"));
  }
  if (state === "erroring") return rejected(stream.storedError);
  const deferred = new Deferred();
  stream.writeRequests.push(deferred);
  controllerWrite(controller, chunk, chunkSize);
  return deferred.promise;
}

// ---- Controller abstract operations ----

/**
 * @param {WS} stream
 * @param {WSC} controller
 * @param {() => unknown} start
 * @param {(chunk: unknown) => Promise<unknown>} write
 * @param {() => Promise<unknown>} close
 * @param {(reason: unknown) => Promise<unknown>} abort
 * @param {number} hwm
 * @param {SizeAlgorithm} size
 */
function setUpController(stream, controller, start, write, close, abort, hwm, size) {
  stream.controller = controller;
  controller.reset();
  controller.started = false;
  controller.size = size;
  controller.hwm = hwm;
  controller.writeAlgorithm = write;
  controller.closeAlgorithm = close;
  controller.abortAlgorithm = abort;
  updateBackpressure(stream, backpressureOf(controller));
  const startResult = start();
  upon(
    resolved(startResult),
    () => {
      controller.started = true;
      advanceQueueIfNeeded(controller);
    },
    (r) => {
      controller.started = true;
      dealWithRejection(stream, r);
    },
  );
}

/** @param {WSC} controller */
function clearAlgorithms(controller) {
  controller.writeAlgorithm = undefined;
  controller.closeAlgorithm = undefined;
  controller.abortAlgorithm = undefined;
  controller.size = undefined;
}

/** @param {WSC} controller */
function controllerClose(controller) {
  controller.enqueue(CLOSE, 0);
  advanceQueueIfNeeded(controller);
}

/** @param {WSC} controller @param {unknown} chunk */
function getChunkSize(controller, chunk) {
  if (controller.size === undefined) return 1;
  try {
    return controller.size(chunk);
  } catch (error) {
    errorIfNeeded(controller, error);
    return 1;
  }
}

/** @param {WSC} controller */
function backpressureOf(controller) {
  return controller.hwm - controller.totalSize <= 0;
}

/** @param {WSC} controller @param {unknown} chunk @param {number} chunkSize */
function controllerWrite(controller, chunk, chunkSize) {
  try {
    controller.enqueue(chunk, chunkSize);
  } catch (error) {
    errorIfNeeded(controller, error);
    return;
  }
  const stream = controller.stream;
  if (!closeQueuedOrInFlight(stream) && stream.state === "writable") {
    updateBackpressure(stream, backpressureOf(controller));
  }
  advanceQueueIfNeeded(controller);
}

/** @param {WSC} controller */
function advanceQueueIfNeeded(controller) {
  const stream = controller.stream;
  if (!controller.started) return;
  if (stream.inFlightWriteRequest !== undefined) return;
  const state = stream.state;
  if (state === "erroring") {
    finishErroring(stream);
    return;
  }
  if (controller.queue.length === 0) return;
  const value = controller.peek();
  if (value === CLOSE) processClose(controller);
  else processWrite(controller, value);
}

/** @param {WSC} controller @param {unknown} error */
export function errorIfNeeded(controller, error) {
  if (controller.stream.state === "writable") controllerError(controller, error);
}

/** @param {WSC} controller */
function processClose(controller) {
  const stream = controller.stream;
  stream.inFlightCloseRequest = stream.closeRequest;
  stream.closeRequest = undefined;
  controller.dequeue();
  const close = /** @type {() => Promise<unknown>} */ (controller.closeAlgorithm);
  clearAlgorithms(controller);
  upon(
    close(),
    () => finishInFlightClose(stream),
    (reason) => finishInFlightCloseWithError(stream, reason),
  );
}

/** @param {WSC} controller @param {unknown} chunk */
function processWrite(controller, chunk) {
  const stream = controller.stream;
  stream.inFlightWriteRequest = stream.writeRequests.shift();
  const write = /** @type {(chunk: unknown) => Promise<unknown>} */ (controller.writeAlgorithm);
  upon(
    write(chunk),
    () => {
      /** @type {Deferred} */ (stream.inFlightWriteRequest).resolve(undefined);
      stream.inFlightWriteRequest = undefined;
      const state = stream.state;
      controller.dequeue();
      if (!closeQueuedOrInFlight(stream) && state === "writable") {
        updateBackpressure(stream, backpressureOf(controller));
      }
      advanceQueueIfNeeded(controller);
    },
    (reason) => {
      if (stream.state === "writable") clearAlgorithms(controller);
      /** @type {Deferred} */ (stream.inFlightWriteRequest).reject(reason);
      stream.inFlightWriteRequest = undefined;
      dealWithRejection(stream, reason);
    },
  );
}

/** @param {WSC} controller @param {unknown} error */
function controllerError(controller, error) {
  clearAlgorithms(controller);
  startErroring(controller.stream, error);
}

export { wsOf, writerOf, wscOf };
