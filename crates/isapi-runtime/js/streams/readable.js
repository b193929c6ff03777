// ReadableStream, its readers and controllers, byte streams, tee, piping and async
// iteration (WHATWG Streams §4), written from the standard's abstract operations. Each
// public object keeps its state in one internal record (#r); the operations below work on
// the records.
import {
  Deferred,
  all,
  Queue,
  SizedQueue,
  callbackMember,
  copyBuffer,
  enforceRange,
  extractHighWaterMark,
  extractSizeAlgorithm,
  isDetached,
  markHandled,
  microtask,
  promiseCall,
  rejected,
  resolved,
  toDictionary,
  toObjectArgument,
  toFunction,
  toStrategy,
  transfer,
  upon,
} from "./common.js";
import {
  WritableStream,
  acquireWriter,
  closeQueuedOrInFlight,
  writableStreamAbort,
  writerCloseWithErrorPropagation,
  writerRelease,
  writerWrite,
  wsOf,
} from "./writable.js";
import { offer } from "../on_demand.js";
import { inspectAs } from "../webidl.js";

/** @typedef {import("./common.js").SizeAlgorithm} SizeAlgorithm */
/** @typedef {{ value: any; done: boolean }} ReadableStreamReadResult */
/** @typedef {import("./writable.js").WS} WS */
/** @typedef {{ chunk(chunk: any): void; close(): void; error(e: unknown): void }} ReadRequest */
/** @typedef {{ chunk(chunk: any): void; close(chunk: any): void; error(e: unknown): void }} ReadIntoRequest */
/**
 * @typedef {{
 *   buffer: ArrayBuffer; bufferByteLength: number; byteOffset: number; byteLength: number;
 *   bytesFilled: number; minimumFill: number; elementSize: number;
 *   viewConstructor: new (buffer: ArrayBuffer, byteOffset: number, length: number) => ArrayBufferView;
 *   readerType: "default" | "byob" | "none";
 * }} PullIntoDescriptor
 */
/** @typedef {{ aborted: boolean; reason: unknown; addEventListener(type: string, f: () => void): void; removeEventListener(type: string, f: () => void): void }} SignalLike */

const TOKEN = Symbol("internal construction");

/** The internal record of a ReadableStream. */
export class RS {
  /** @type {"readable" | "closed" | "errored"} */
  state = "readable";
  /** @type {unknown} */
  storedError = undefined;
  disturbed = false;
  /** @type {DefaultReaderRec | BYOBReaderRec | undefined} */
  reader = undefined;
  /** @type {RSDC | RBSC} */
  controller = /** @type {any} */ (undefined);
  /** @type {ReadableStream} */
  api;
  /** @param {ReadableStream} api */
  constructor(api) {
    this.api = api;
  }
}

class ReaderRec {
  /** @type {RS | undefined} */
  stream = undefined;
  closed = new Deferred();
}

class DefaultReaderRec extends ReaderRec {
  /** @type {Queue<ReadRequest>} */
  readRequests = new Queue();
}

class BYOBReaderRec extends ReaderRec {
  /** @type {Queue<ReadIntoRequest>} */
  readIntoRequests = new Queue();
}

/** The internal record of a ReadableStreamDefaultController. */
class RSDC extends SizedQueue {
  /** @type {RS} */
  stream;
  started = false;
  closeRequested = false;
  pullAgain = false;
  pulling = false;
  hwm = 1;
  /** @type {SizeAlgorithm | undefined} */
  size = undefined;
  /** @type {(() => Promise<unknown>) | undefined} */
  pullAlgorithm = undefined;
  /** @type {((reason: unknown) => Promise<unknown>) | undefined} */
  cancelAlgorithm = undefined;
  /** @type {ReadableStreamDefaultController} */
  api;
  /** @param {RS} stream */
  constructor(stream) {
    super();
    this.stream = stream;
    this.api = new ReadableStreamDefaultController(TOKEN, this);
  }
}

/** The internal record of a ReadableByteStreamController. */
class RBSC {
  /** @type {RS} */
  stream;
  started = false;
  closeRequested = false;
  pullAgain = false;
  pulling = false;
  hwm = 0;
  /** @type {number | undefined} */
  autoAllocateChunkSize = undefined;
  /** @type {BYOBRequestRec | null} */
  byobRequest = null;
  /** @type {Queue<{ buffer: ArrayBuffer; byteOffset: number; byteLength: number }>} */
  queue = new Queue();
  totalSize = 0;
  /** @type {PullIntoDescriptor[]} */
  pendingPullIntos = [];
  /** @type {(() => Promise<unknown>) | undefined} */
  pullAlgorithm = undefined;
  /** @type {((reason: unknown) => Promise<unknown>) | undefined} */
  cancelAlgorithm = undefined;
  /** @type {ReadableByteStreamController} */
  api;
  /** @param {RS} stream */
  constructor(stream) {
    this.stream = stream;
    this.api = new ReadableByteStreamController(TOKEN, this);
  }
}

class BYOBRequestRec {
  /** @type {RBSC | undefined} */
  controller;
  /** @type {Uint8Array | null} */
  view;
  /** @type {ReadableStreamBYOBRequest} */
  api;
  /** @param {RBSC} controller @param {Uint8Array} view */
  constructor(controller, view) {
    this.controller = controller;
    this.view = view;
    this.api = new ReadableStreamBYOBRequest(TOKEN, this);
  }
}

/** @type {(stream: ReadableStream) => RS} */
let rsOf;
/** @type {(reader: ReadableStreamDefaultReader) => DefaultReaderRec} */
let defaultReaderOf;
/** @type {(reader: ReadableStreamBYOBReader) => BYOBReaderRec} */
let byobReaderOf;
/** @type {(controller: ReadableStreamDefaultController) => RSDC} */
let rsdcOf;
/** @type {(controller: ReadableByteStreamController) => RBSC} */
let rbscOf;
/** @type {(request: ReadableStreamBYOBRequest) => BYOBRequestRec} */
let byobRequestOf;

/**
 * Runs `f`, turning a throw (a failed brand check or conversion) into a rejection, as
 * Web IDL does for operations that return promises.
 * @template T
 * @param {() => Promise<T>} f
 * @returns {Promise<T>}
 */
function promising(f) {
  try {
    return f();
  } catch (error) {
    return rejected(error);
  }
}

/** @param {unknown} signal */
function toSignal(signal) {
  if (
    signal === null ||
    typeof signal !== "object" ||
    !("aborted" in signal) ||
    typeof (/** @type {any} */ (signal).addEventListener) !== "function"
  ) {
    throw new TypeError("options.signal must be an AbortSignal");
  }
  return /** @type {SignalLike} */ (signal);
}

/** @param {unknown} options */
function toPipeOptions(options) {
  const dict = toDictionary(options, "options");
  const preventAbort = Boolean(dict.preventAbort);
  const preventCancel = Boolean(dict.preventCancel);
  const preventClose = Boolean(dict.preventClose);
  const signal = dict.signal === undefined ? undefined : toSignal(dict.signal);
  return { preventAbort, preventCancel, preventClose, signal };
}

export class ReadableStream {
  /** @type {RS} */
  #r;
  static {
    rsOf = (stream) => stream.#r;
  }
  /**
   * @param {object | symbol} [underlyingSource]
   * @param {object} [strategy]
   */
  constructor(underlyingSource = undefined, strategy = undefined) {
    if (underlyingSource === TOKEN) {
      // CreateReadableStream / CreateReadableByteStream: the caller sets up the controller.
      this.#r = new RS(this);
      return;
    }
    const strategyDict = toStrategy(strategy, "strategy");
    const source = toObjectArgument(underlyingSource, "underlyingSource");
    const autoAllocate = source.autoAllocateChunkSize;
    const autoAllocateChunkSize =
      autoAllocate === undefined ? undefined : enforceRange(autoAllocate, "autoAllocateChunkSize");
    const cancel = callbackMember(source, "cancel", "underlyingSource");
    const pull = callbackMember(source, "pull", "underlyingSource");
    const start = callbackMember(source, "start", "underlyingSource");
    const rawType = source.type;
    const type = rawType === undefined ? undefined : String(rawType);
    if (type !== undefined && type !== "bytes") {
      throw new TypeError(`'${type}' is not a valid value for underlyingSource.type`);
    }
    const stream = new RS(this);
    this.#r = stream;
    if (type === "bytes") {
      if (strategyDict.size !== undefined) {
        throw new RangeError("a byte stream's strategy cannot have a size function");
      }
      const hwm = extractHighWaterMark(strategyDict, 0);
      if (autoAllocateChunkSize === 0) throw new TypeError("autoAllocateChunkSize must be greater than 0");
      const controller = new RBSC(stream);
      setUpByteController(
        stream,
        controller,
        () => (start === undefined ? undefined : Reflect.apply(start, source, [controller.api])),
        () => promiseCall(pull, source, [controller.api]),
        (reason) => promiseCall(cancel, source, [reason]),
        hwm,
        autoAllocateChunkSize,
      );
    } else {
      const size = extractSizeAlgorithm(strategyDict);
      const hwm = extractHighWaterMark(strategyDict, 1);
      const controller = new RSDC(stream);
      setUpDefaultController(
        stream,
        controller,
        () => (start === undefined ? undefined : Reflect.apply(start, source, [controller.api])),
        () => promiseCall(pull, source, [controller.api]),
        (reason) => promiseCall(cancel, source, [reason]),
        hwm,
        size,
      );
    }
  }

  /** @param {unknown} asyncIterable */
  static from(asyncIterable) {
    return fromIterable(asyncIterable).api;
  }

  get locked() {
    return this.#r.reader !== undefined;
  }

  /** @param {unknown} [reason] */
  cancel(reason = undefined) {
    return promising(() => {
      const stream = rsOf(this);
      if (stream.reader !== undefined) return rejected(new TypeError("the stream is locked to a reader"));
      return readableStreamCancel(stream, reason);
    });
  }

  /** @param {{ mode?: "byob" }} [options] */
  getReader(options = undefined) {
    const stream = this.#r;
    const dict = toDictionary(options, "options");
    const mode = dict.mode;
    if (mode === undefined) return new ReadableStreamDefaultReader(this);
    if (String(mode) !== "byob") throw new TypeError(`'${String(mode)}' is not a valid reader mode`);
    void stream;
    return new ReadableStreamBYOBReader(this);
  }

  /**
   * @param {{ readable: ReadableStream; writable: WritableStream }} transform
   * @param {object} [options]
   */
  pipeThrough(transform, options = undefined) {
    const stream = this.#r;
    const pair = toDictionary(transform, "transform");
    const readable = pair.readable;
    if (!(readable instanceof ReadableStream))
      throw new TypeError("transform.readable must be a ReadableStream");
    const writable = pair.writable;
    if (!(writable instanceof WritableStream))
      throw new TypeError("transform.writable must be a WritableStream");
    const { preventAbort, preventCancel, preventClose, signal } = toPipeOptions(options);
    if (stream.reader !== undefined) throw new TypeError("the stream is locked to a reader");
    const dest = wsOf(writable);
    if (dest.writer !== undefined) throw new TypeError("the writable stream is locked to a writer");
    const promise = pipeTo(stream, dest, preventClose, preventAbort, preventCancel, signal);
    markHandled(promise);
    return readable;
  }

  /**
   * @param {WritableStream} destination
   * @param {object} [options]
   */
  pipeTo(destination, options = undefined) {
    return promising(() => {
      const stream = rsOf(this);
      if (!(destination instanceof WritableStream)) {
        return rejected(new TypeError("the destination must be a WritableStream"));
      }
      const { preventAbort, preventCancel, preventClose, signal } = toPipeOptions(options);
      if (stream.reader !== undefined) return rejected(new TypeError("the stream is locked to a reader"));
      const dest = wsOf(destination);
      if (dest.writer !== undefined) return rejected(new TypeError("the destination is locked to a writer"));
      return pipeTo(stream, dest, preventClose, preventAbort, preventCancel, signal);
    });
  }

  tee() {
    return readableStreamTee(this.#r).map((branch) => branch.api);
  }

  /** @param {{ preventCancel?: boolean }} [options] */
  values(options = undefined) {
    const stream = this.#r;
    const preventCancel = Boolean(toDictionary(options, "options").preventCancel);
    return createAsyncIterator(stream, preventCancel);
  }
}
Object.defineProperty(ReadableStream.prototype, Symbol.asyncIterator, {
  value: ReadableStream.prototype.values,
  writable: true,
  configurable: true,
});

export class ReadableStreamDefaultReader {
  /** @type {DefaultReaderRec} */
  #r;
  static {
    defaultReaderOf = (reader) => reader.#r;
  }
  /** @param {ReadableStream} stream */
  constructor(stream) {
    if (!(stream instanceof ReadableStream)) throw new TypeError("the argument must be a ReadableStream");
    this.#r = acquireDefaultReader(rsOf(stream));
  }
  get closed() {
    return promising(() => defaultReaderOf(this).closed.promise);
  }
  /** @param {unknown} [reason] */
  cancel(reason = undefined) {
    return promising(() => {
      const reader = defaultReaderOf(this);
      if (reader.stream === undefined) return rejected(new TypeError("the reader was released"));
      return readableStreamCancel(reader.stream, reason);
    });
  }
  /** @returns {Promise<ReadableStreamReadResult>} */
  read() {
    return promising(() => {
      const reader = defaultReaderOf(this);
      if (reader.stream === undefined) return rejected(new TypeError("the reader was released"));
      /** @type {Deferred<ReadableStreamReadResult>} */
      const deferred = new Deferred();
      defaultReaderRead(reader, {
        chunk: (chunk) => deferred.resolve({ value: chunk, done: false }),
        close: () => deferred.resolve({ value: undefined, done: true }),
        error: (e) => deferred.reject(e),
      });
      return deferred.promise;
    });
  }
  releaseLock() {
    const reader = this.#r;
    if (reader.stream === undefined) return;
    defaultReaderRelease(reader);
  }
}

export class ReadableStreamBYOBReader {
  /** @type {BYOBReaderRec} */
  #r;
  static {
    byobReaderOf = (reader) => reader.#r;
  }
  /** @param {ReadableStream} stream */
  constructor(stream) {
    if (!(stream instanceof ReadableStream)) throw new TypeError("the argument must be a ReadableStream");
    this.#r = acquireBYOBReader(rsOf(stream));
  }
  get closed() {
    return promising(() => byobReaderOf(this).closed.promise);
  }
  /** @param {unknown} [reason] */
  cancel(reason = undefined) {
    return promising(() => {
      const reader = byobReaderOf(this);
      if (reader.stream === undefined) return rejected(new TypeError("the reader was released"));
      return readableStreamCancel(reader.stream, reason);
    });
  }
  /**
   * @param {ArrayBufferView} view
   * @param {{ min?: number }} [options]
   * @returns {Promise<ReadableStreamReadResult>}
   */
  read(view, options = undefined) {
    return promising(() => {
      const reader = byobReaderOf(this);
      if (!ArrayBuffer.isView(view)) return rejected(new TypeError("read() needs an ArrayBufferView"));
      const dict = toDictionary(options, "options");
      const min = dict.min === undefined ? 1 : enforceRange(dict.min, "options.min");
      if (view.byteLength === 0) return rejected(new TypeError("the view is empty"));
      if (view.buffer.byteLength === 0)
        return rejected(new TypeError("the view's buffer is detached or empty"));
      if (min === 0) return rejected(new TypeError("options.min must be greater than 0"));
      if (!(view instanceof DataView)) {
        if (min > /** @type {Uint8Array} */ (view).length) {
          return rejected(new RangeError("options.min is larger than the view"));
        }
      } else if (min > view.byteLength) {
        return rejected(new RangeError("options.min is larger than the view"));
      }
      if (reader.stream === undefined) return rejected(new TypeError("the reader was released"));
      /** @type {Deferred<ReadableStreamReadResult>} */
      const deferred = new Deferred();
      byobReaderRead(reader, view, min, {
        chunk: (chunk) => deferred.resolve({ value: chunk, done: false }),
        close: (chunk) => deferred.resolve({ value: chunk, done: true }),
        error: (e) => deferred.reject(e),
      });
      return deferred.promise;
    });
  }
  releaseLock() {
    const reader = this.#r;
    if (reader.stream === undefined) return;
    byobReaderRelease(reader);
  }
}

export class ReadableStreamDefaultController {
  /** @type {RSDC} */
  #r;
  static {
    rsdcOf = (controller) => controller.#r;
  }
  /** @param {symbol} token @param {RSDC} record */
  constructor(token, record) {
    if (token !== TOKEN) throw new TypeError("Illegal constructor");
    this.#r = record;
  }
  get desiredSize() {
    return defaultControllerDesiredSize(this.#r);
  }
  close() {
    const controller = this.#r;
    if (!canCloseOrEnqueue(controller))
      throw new TypeError("the stream is not in a state that permits close");
    defaultControllerClose(controller);
  }
  /** @param {unknown} [chunk] */
  enqueue(chunk = undefined) {
    const controller = this.#r;
    if (!canCloseOrEnqueue(controller))
      throw new TypeError("the stream is not in a state that permits enqueue");
    defaultControllerEnqueue(controller, chunk);
  }
  /** @param {unknown} [e] */
  error(e = undefined) {
    defaultControllerError(this.#r, e);
  }
}

export class ReadableByteStreamController {
  /** @type {RBSC} */
  #r;
  static {
    rbscOf = (controller) => controller.#r;
  }
  /** @param {symbol} token @param {RBSC} record */
  constructor(token, record) {
    if (token !== TOKEN) throw new TypeError("Illegal constructor");
    this.#r = record;
  }
  get byobRequest() {
    const request = getBYOBRequest(this.#r);
    return request === null ? null : request.api;
  }
  get desiredSize() {
    return byteControllerDesiredSize(this.#r);
  }
  close() {
    const controller = this.#r;
    if (controller.closeRequested) throw new TypeError("the stream is already closing");
    if (controller.stream.state !== "readable") throw new TypeError("the stream is not readable");
    byteControllerClose(controller);
  }
  /** @param {ArrayBufferView} chunk */
  enqueue(chunk) {
    const controller = this.#r;
    if (!ArrayBuffer.isView(chunk)) throw new TypeError("enqueue() needs an ArrayBufferView");
    if (chunk.byteLength === 0) throw new TypeError("the chunk is empty");
    if (chunk.buffer.byteLength === 0) throw new TypeError("the chunk's buffer is detached or empty");
    if (controller.closeRequested) throw new TypeError("the stream is closing");
    if (controller.stream.state !== "readable") throw new TypeError("the stream is not readable");
    byteControllerEnqueue(controller, chunk);
  }
  /** @param {unknown} [e] */
  error(e = undefined) {
    byteControllerError(this.#r, e);
  }
}

export class ReadableStreamBYOBRequest {
  /** @type {BYOBRequestRec} */
  #r;
  static {
    byobRequestOf = (request) => request.#r;
  }
  /** @param {symbol} token @param {BYOBRequestRec} record */
  constructor(token, record) {
    if (token !== TOKEN) throw new TypeError("Illegal constructor");
    this.#r = record;
  }
  get view() {
    return this.#r.view;
  }
  /** @param {number} bytesWritten */
  respond(bytesWritten) {
    const request = this.#r;
    const written = enforceRange(bytesWritten, "bytesWritten");
    if (request.controller === undefined || request.view === null) {
      throw new TypeError("this request was already answered");
    }
    if (isDetached(request.view.buffer)) throw new TypeError("the view's buffer is detached");
    byteControllerRespond(request.controller, written);
  }
  /** @param {ArrayBufferView} view */
  respondWithNewView(view) {
    const request = this.#r;
    if (!ArrayBuffer.isView(view)) throw new TypeError("respondWithNewView() needs an ArrayBufferView");
    if (request.controller === undefined) throw new TypeError("this request was already answered");
    if (isDetached(view.buffer)) throw new TypeError("the view's buffer is detached");
    byteControllerRespondWithNewView(request.controller, view);
  }
}

for (const C of [
  ReadableStream,
  ReadableStreamDefaultReader,
  ReadableStreamBYOBReader,
  ReadableStreamDefaultController,
  ReadableByteStreamController,
  ReadableStreamBYOBRequest,
]) {
  Object.defineProperty(C.prototype, Symbol.toStringTag, { value: C.name, configurable: true });
}
inspectAs(
  ReadableStream,
  (stream) => {
    const record = rsOf(stream);
    return { locked: stream.locked, state: record.state, supportsBYOB: record.controller instanceof RBSC };
  },
  { deep: "undefined", inner: 1 },
);

// ---- ReadableStream abstract operations ----

/** @param {RS} stream */
export function acquireDefaultReader(stream) {
  const reader = new DefaultReaderRec();
  readerInitialize(reader, stream);
  return reader;
}

/** @param {RS} stream */
function acquireBYOBReader(stream) {
  if (!(stream.controller instanceof RBSC)) {
    throw new TypeError("a BYOB reader needs a readable byte stream");
  }
  const reader = new BYOBReaderRec();
  readerInitialize(reader, stream);
  return reader;
}

/** @param {ReaderRec} reader @param {RS} stream */
function readerInitialize(reader, stream) {
  if (stream.reader !== undefined) throw new TypeError("the stream is already locked to a reader");
  reader.stream = stream;
  stream.reader = /** @type {DefaultReaderRec | BYOBReaderRec} */ (reader);
  if (stream.state === "closed") reader.closed.resolve(undefined);
  else if (stream.state === "errored") reader.closed.rejectHandled(stream.storedError);
}

/**
 * CreateReadableStream: a stream over algorithms, with a default controller.
 * @param {() => unknown} start
 * @param {() => Promise<unknown>} pull
 * @param {(reason: unknown) => Promise<unknown>} cancel
 * @param {number} [hwm]
 * @param {SizeAlgorithm} [size]
 */
export function createReadableStream(start, pull, cancel, hwm = 1, size = () => 1) {
  const stream = rsOf(new ReadableStream(TOKEN));
  setUpDefaultController(stream, new RSDC(stream), start, pull, cancel, hwm, size);
  return stream;
}

/**
 * CreateReadableByteStream.
 * @param {() => unknown} start
 * @param {() => Promise<unknown>} pull
 * @param {(reason: unknown) => Promise<unknown>} cancel
 */
function createReadableByteStream(start, pull, cancel) {
  const stream = rsOf(new ReadableStream(TOKEN));
  setUpByteController(stream, new RBSC(stream), start, pull, cancel, 0, undefined);
  return stream;
}

/** @param {RS} stream @param {unknown} reason @returns {Promise<undefined>} */
export function readableStreamCancel(stream, reason) {
  stream.disturbed = true;
  if (stream.state === "closed") return resolved(undefined);
  if (stream.state === "errored") return rejected(stream.storedError);
  readableStreamClose(stream);
  const reader = stream.reader;
  if (reader instanceof BYOBReaderRec) {
    for (const request of reader.readIntoRequests.drain()) request.close(undefined);
  }
  const controller = stream.controller;
  let sourceCancel;
  if (controller instanceof RBSC) {
    clearPendingPullIntos(controller);
    controller.queue.clear();
    controller.totalSize = 0;
  } else {
    controller.reset();
  }
  const cancel = controller.cancelAlgorithm;
  sourceCancel = cancel === undefined ? resolved(undefined) : cancel(reason);
  if (controller instanceof RBSC) byteControllerClearAlgorithms(controller);
  else defaultControllerClearAlgorithms(controller);
  return upon(sourceCancel, () => undefined);
}

/** @param {RS} stream */
function readableStreamClose(stream) {
  stream.state = "closed";
  const reader = stream.reader;
  if (reader === undefined) return;
  reader.closed.resolve(undefined);
  if (reader instanceof DefaultReaderRec) {
    for (const request of reader.readRequests.drain()) request.close();
  }
}

/** @param {RS} stream @param {unknown} e */
function readableStreamError(stream, e) {
  stream.state = "errored";
  stream.storedError = e;
  const reader = stream.reader;
  if (reader === undefined) return;
  reader.closed.rejectHandled(e);
  if (reader instanceof DefaultReaderRec) {
    for (const request of reader.readRequests.drain()) request.error(e);
  } else {
    for (const request of reader.readIntoRequests.drain()) request.error(e);
  }
}

/** @param {RS} stream @param {unknown} chunk @param {boolean} done */
function fulfillReadRequest(stream, chunk, done) {
  const reader = /** @type {DefaultReaderRec} */ (stream.reader);
  const request = reader.readRequests.shift();
  if (done) request.close();
  else request.chunk(chunk);
}

/** @param {RS} stream @param {ArrayBufferView} chunk @param {boolean} done */
function fulfillReadIntoRequest(stream, chunk, done) {
  const reader = /** @type {BYOBReaderRec} */ (stream.reader);
  const request = reader.readIntoRequests.shift();
  if (done) request.close(chunk);
  else request.chunk(chunk);
}

/** @param {RS} stream */
function numReadRequests(stream) {
  const reader = stream.reader;
  return reader instanceof DefaultReaderRec ? reader.readRequests.length : 0;
}

/** @param {RS} stream */
function numReadIntoRequests(stream) {
  const reader = stream.reader;
  return reader instanceof BYOBReaderRec ? reader.readIntoRequests.length : 0;
}

// ---- Readers ----

/** @param {DefaultReaderRec} reader @param {ReadRequest} request */
export function defaultReaderRead(reader, request) {
  const stream = /** @type {RS} */ (reader.stream);
  stream.disturbed = true;
  if (stream.state === "closed") request.close();
  else if (stream.state === "errored") request.error(stream.storedError);
  else if (stream.controller instanceof RBSC) byteControllerPullSteps(stream.controller, request);
  else defaultControllerPullSteps(stream.controller, request);
}

/** @param {ReaderRec} reader */
function readerGenericRelease(reader) {
  const stream = /** @type {RS} */ (reader.stream);
  const error = new TypeError("the reader's lock was released");
  if (stream.state !== "readable" || reader.closed.state !== "pending") reader.closed = new Deferred();
  reader.closed.rejectHandled(error);
  const controller = stream.controller;
  if (controller instanceof RBSC && controller.pendingPullIntos.length > 0) {
    // ReleaseSteps: the first pull-into stays, belonging to no reader.
    const first = controller.pendingPullIntos[0];
    first.readerType = "none";
    controller.pendingPullIntos = [first];
  }
  stream.reader = undefined;
  reader.stream = undefined;
}

/** @param {DefaultReaderRec} reader */
export function defaultReaderRelease(reader) {
  readerGenericRelease(reader);
  const error = new TypeError("the reader's lock was released");
  for (const request of reader.readRequests.drain()) request.error(error);
}

/** @param {BYOBReaderRec} reader */
function byobReaderRelease(reader) {
  readerGenericRelease(reader);
  const error = new TypeError("the reader's lock was released");
  for (const request of reader.readIntoRequests.drain()) request.error(error);
}

/**
 * @param {BYOBReaderRec} reader
 * @param {ArrayBufferView} view
 * @param {number} min
 * @param {ReadIntoRequest} request
 */
function byobReaderRead(reader, view, min, request) {
  const stream = /** @type {RS} */ (reader.stream);
  stream.disturbed = true;
  if (stream.state === "errored") request.error(stream.storedError);
  else byteControllerPullInto(/** @type {RBSC} */ (stream.controller), view, min, request);
}

// ---- Default controller ----

/**
 * @param {RS} stream
 * @param {RSDC} controller
 * @param {() => unknown} start
 * @param {() => Promise<unknown>} pull
 * @param {(reason: unknown) => Promise<unknown>} cancel
 * @param {number} hwm
 * @param {SizeAlgorithm} size
 */
function setUpDefaultController(stream, controller, start, pull, cancel, hwm, size) {
  controller.reset();
  controller.size = size;
  controller.hwm = hwm;
  controller.pullAlgorithm = pull;
  controller.cancelAlgorithm = cancel;
  stream.controller = controller;
  const startResult = start();
  upon(
    resolved(startResult),
    () => {
      controller.started = true;
      defaultControllerCallPullIfNeeded(controller);
    },
    (r) => defaultControllerError(controller, r),
  );
}

/** @param {RSDC} controller @param {ReadRequest} request */
function defaultControllerPullSteps(controller, request) {
  const stream = controller.stream;
  if (controller.queue.length > 0) {
    const chunk = controller.dequeue();
    if (controller.closeRequested && controller.queue.length === 0) {
      defaultControllerClearAlgorithms(controller);
      readableStreamClose(stream);
    } else {
      defaultControllerCallPullIfNeeded(controller);
    }
    request.chunk(chunk);
  } else {
    /** @type {DefaultReaderRec} */ (stream.reader).readRequests.push(request);
    defaultControllerCallPullIfNeeded(controller);
  }
}

/** @param {RSDC} controller */
function defaultControllerCallPullIfNeeded(controller) {
  if (!defaultControllerShouldCallPull(controller)) return;
  if (controller.pulling) {
    controller.pullAgain = true;
    return;
  }
  controller.pulling = true;
  const pull = /** @type {() => Promise<unknown>} */ (controller.pullAlgorithm);
  upon(
    pull(),
    () => {
      controller.pulling = false;
      if (controller.pullAgain) {
        controller.pullAgain = false;
        defaultControllerCallPullIfNeeded(controller);
      }
    },
    (e) => defaultControllerError(controller, e),
  );
}

/** @param {RSDC} controller */
function defaultControllerShouldCallPull(controller) {
  const stream = controller.stream;
  if (!canCloseOrEnqueue(controller)) return false;
  if (!controller.started) return false;
  if (stream.reader !== undefined && numReadRequests(stream) > 0) return true;
  const desiredSize = /** @type {number} */ (defaultControllerDesiredSize(controller));
  return desiredSize > 0;
}

/** @param {RSDC} controller */
function defaultControllerClearAlgorithms(controller) {
  controller.pullAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
  controller.size = undefined;
}

/** @param {RSDC} controller */
export function defaultControllerClose(controller) {
  if (!canCloseOrEnqueue(controller)) return;
  controller.closeRequested = true;
  if (controller.queue.length === 0) {
    defaultControllerClearAlgorithms(controller);
    readableStreamClose(controller.stream);
  }
}

/** @param {RSDC} controller @param {unknown} chunk */
export function defaultControllerEnqueue(controller, chunk) {
  if (!canCloseOrEnqueue(controller)) return;
  const stream = controller.stream;
  if (stream.reader !== undefined && numReadRequests(stream) > 0) {
    fulfillReadRequest(stream, chunk, false);
  } else {
    let chunkSize;
    try {
      chunkSize = /** @type {SizeAlgorithm} */ (controller.size)(chunk);
    } catch (error) {
      defaultControllerError(controller, error);
      throw error;
    }
    try {
      controller.enqueue(chunk, chunkSize);
    } catch (error) {
      defaultControllerError(controller, error);
      throw error;
    }
  }
  defaultControllerCallPullIfNeeded(controller);
}

/** @param {RSDC} controller @param {unknown} e */
export function defaultControllerError(controller, e) {
  const stream = controller.stream;
  if (stream.state !== "readable") return;
  controller.reset();
  defaultControllerClearAlgorithms(controller);
  readableStreamError(stream, e);
}

/** @param {RSDC} controller */
export function defaultControllerDesiredSize(controller) {
  const state = controller.stream.state;
  if (state === "errored") return null;
  if (state === "closed") return 0;
  return controller.hwm - controller.totalSize;
}

/** @param {RSDC} controller */
export function defaultControllerHasBackpressure(controller) {
  return !defaultControllerShouldCallPull(controller);
}

/** @param {RSDC} controller */
export function canCloseOrEnqueue(controller) {
  return !controller.closeRequested && controller.stream.state === "readable";
}

// ---- Byte stream controller ----

/**
 * @param {RS} stream
 * @param {RBSC} controller
 * @param {() => unknown} start
 * @param {() => Promise<unknown>} pull
 * @param {(reason: unknown) => Promise<unknown>} cancel
 * @param {number} hwm
 * @param {number | undefined} autoAllocateChunkSize
 */
function setUpByteController(stream, controller, start, pull, cancel, hwm, autoAllocateChunkSize) {
  controller.hwm = hwm;
  controller.pullAlgorithm = pull;
  controller.cancelAlgorithm = cancel;
  controller.autoAllocateChunkSize = autoAllocateChunkSize;
  stream.controller = controller;
  const startResult = start();
  upon(
    resolved(startResult),
    () => {
      controller.started = true;
      byteControllerCallPullIfNeeded(controller);
    },
    (r) => byteControllerError(controller, r),
  );
}

/** @param {RBSC} controller @param {ReadRequest} request */
function byteControllerPullSteps(controller, request) {
  const stream = controller.stream;
  if (controller.totalSize > 0) {
    fillReadRequestFromQueue(controller, request);
    return;
  }
  const autoAllocateChunkSize = controller.autoAllocateChunkSize;
  if (autoAllocateChunkSize !== undefined) {
    let buffer;
    try {
      buffer = new ArrayBuffer(autoAllocateChunkSize);
    } catch (error) {
      request.error(error);
      return;
    }
    controller.pendingPullIntos.push({
      buffer,
      bufferByteLength: autoAllocateChunkSize,
      byteOffset: 0,
      byteLength: autoAllocateChunkSize,
      bytesFilled: 0,
      minimumFill: 1,
      elementSize: 1,
      viewConstructor: Uint8Array,
      readerType: "default",
    });
  }
  /** @type {DefaultReaderRec} */ (stream.reader).readRequests.push(request);
  byteControllerCallPullIfNeeded(controller);
}

/** @param {RBSC} controller @param {ReadRequest} request */
function fillReadRequestFromQueue(controller, request) {
  const entry = controller.queue.shift();
  controller.totalSize -= entry.byteLength;
  handleQueueDrain(controller);
  request.chunk(new Uint8Array(entry.buffer, entry.byteOffset, entry.byteLength));
}

/** @param {RBSC} controller */
function handleQueueDrain(controller) {
  if (controller.totalSize === 0 && controller.closeRequested) {
    byteControllerClearAlgorithms(controller);
    readableStreamClose(controller.stream);
  } else {
    byteControllerCallPullIfNeeded(controller);
  }
}

/** @param {RBSC} controller */
function byteControllerShouldCallPull(controller) {
  const stream = controller.stream;
  if (stream.state !== "readable") return false;
  if (controller.closeRequested) return false;
  if (!controller.started) return false;
  if (numReadRequests(stream) > 0) return true;
  if (numReadIntoRequests(stream) > 0) return true;
  return /** @type {number} */ (byteControllerDesiredSize(controller)) > 0;
}

/** @param {RBSC} controller */
function byteControllerCallPullIfNeeded(controller) {
  if (!byteControllerShouldCallPull(controller)) return;
  if (controller.pulling) {
    controller.pullAgain = true;
    return;
  }
  controller.pulling = true;
  const pull = /** @type {() => Promise<unknown>} */ (controller.pullAlgorithm);
  upon(
    pull(),
    () => {
      controller.pulling = false;
      if (controller.pullAgain) {
        controller.pullAgain = false;
        byteControllerCallPullIfNeeded(controller);
      }
    },
    (e) => byteControllerError(controller, e),
  );
}

/** @param {RBSC} controller */
function clearPendingPullIntos(controller) {
  invalidateBYOBRequest(controller);
  controller.pendingPullIntos = [];
}

/** @param {RBSC} controller */
function byteControllerClearAlgorithms(controller) {
  controller.pullAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
}

/** @param {RBSC} controller */
function byteControllerClose(controller) {
  const stream = controller.stream;
  if (controller.closeRequested || stream.state !== "readable") return;
  if (controller.totalSize > 0) {
    controller.closeRequested = true;
    return;
  }
  if (controller.pendingPullIntos.length > 0) {
    const first = controller.pendingPullIntos[0];
    if (first.bytesFilled % first.elementSize !== 0) {
      const e = new TypeError("the stream closed in the middle of an element of a pending read");
      byteControllerError(controller, e);
      throw e;
    }
  }
  byteControllerClearAlgorithms(controller);
  readableStreamClose(stream);
}

/** @param {RBSC} controller @param {ArrayBufferView} chunk */
function byteControllerEnqueue(controller, chunk) {
  const stream = controller.stream;
  if (controller.closeRequested || stream.state !== "readable") return;
  const { buffer, byteOffset, byteLength } = chunk;
  if (isDetached(buffer)) throw new TypeError("the chunk's buffer is detached");
  const transferred = transfer(buffer);
  if (controller.pendingPullIntos.length > 0) {
    const first = controller.pendingPullIntos[0];
    if (isDetached(first.buffer)) throw new TypeError("the pending read's buffer is detached");
    invalidateBYOBRequest(controller);
    first.buffer = transfer(first.buffer);
    if (first.readerType === "none") enqueueDetachedPullIntoToQueue(controller, first);
  }
  const reader = stream.reader;
  if (reader instanceof DefaultReaderRec) {
    processReadRequestsUsingQueue(controller);
    if (numReadRequests(stream) === 0) {
      enqueueChunk(controller, transferred, byteOffset, byteLength);
    } else {
      if (controller.pendingPullIntos.length > 0) shiftPendingPullInto(controller);
      fulfillReadRequest(stream, new Uint8Array(transferred, byteOffset, byteLength), false);
    }
  } else if (reader instanceof BYOBReaderRec) {
    enqueueChunk(controller, transferred, byteOffset, byteLength);
    const filled = processPullIntosUsingQueue(controller);
    for (const pullInto of filled) commitPullIntoDescriptor(stream, pullInto);
  } else {
    enqueueChunk(controller, transferred, byteOffset, byteLength);
  }
  byteControllerCallPullIfNeeded(controller);
}

/** @param {RBSC} controller @param {ArrayBuffer} buffer @param {number} byteOffset @param {number} byteLength */
function enqueueChunk(controller, buffer, byteOffset, byteLength) {
  controller.queue.push({ buffer, byteOffset, byteLength });
  controller.totalSize += byteLength;
}

/** @param {RBSC} controller @param {ArrayBuffer} buffer @param {number} byteOffset @param {number} byteLength */
function enqueueClonedChunk(controller, buffer, byteOffset, byteLength) {
  let clone;
  try {
    clone = copyBuffer(buffer, byteOffset, byteLength);
  } catch (error) {
    byteControllerError(controller, error);
    throw error;
  }
  enqueueChunk(controller, clone, 0, byteLength);
}

/** @param {RBSC} controller @param {PullIntoDescriptor} pullInto */
function enqueueDetachedPullIntoToQueue(controller, pullInto) {
  if (pullInto.bytesFilled > 0) {
    enqueueClonedChunk(controller, pullInto.buffer, pullInto.byteOffset, pullInto.bytesFilled);
  }
  shiftPendingPullInto(controller);
}

/** @param {RBSC} controller @param {unknown} e */
function byteControllerError(controller, e) {
  const stream = controller.stream;
  if (stream.state !== "readable") return;
  clearPendingPullIntos(controller);
  controller.queue.clear();
  controller.totalSize = 0;
  byteControllerClearAlgorithms(controller);
  readableStreamError(stream, e);
}

/** @param {RBSC} controller @param {PullIntoDescriptor} pullInto */
function fillPullIntoFromQueue(controller, pullInto) {
  const maxBytesToCopy = Math.min(controller.totalSize, pullInto.byteLength - pullInto.bytesFilled);
  const maxBytesFilled = pullInto.bytesFilled + maxBytesToCopy;
  let totalBytesToCopyRemaining = maxBytesToCopy;
  let ready = false;
  const maxAlignedBytes = maxBytesFilled - (maxBytesFilled % pullInto.elementSize);
  if (maxAlignedBytes >= pullInto.minimumFill) {
    totalBytesToCopyRemaining = maxAlignedBytes - pullInto.bytesFilled;
    ready = true;
  }
  const queue = controller.queue;
  while (totalBytesToCopyRemaining > 0) {
    const head = queue.peek();
    const bytesToCopy = Math.min(totalBytesToCopyRemaining, head.byteLength);
    const destStart = pullInto.byteOffset + pullInto.bytesFilled;
    new Uint8Array(pullInto.buffer, destStart, bytesToCopy).set(
      new Uint8Array(head.buffer, head.byteOffset, bytesToCopy),
    );
    if (head.byteLength === bytesToCopy) queue.shift();
    else {
      head.byteOffset += bytesToCopy;
      head.byteLength -= bytesToCopy;
    }
    controller.totalSize -= bytesToCopy;
    pullInto.bytesFilled += bytesToCopy;
    totalBytesToCopyRemaining -= bytesToCopy;
  }
  return ready;
}

/** @param {RS} stream @param {PullIntoDescriptor} pullInto */
function commitPullIntoDescriptor(stream, pullInto) {
  const done = stream.state === "closed";
  const filledView = convertPullIntoDescriptor(pullInto);
  if (pullInto.readerType === "default") fulfillReadRequest(stream, filledView, done);
  else fulfillReadIntoRequest(stream, filledView, done);
}

/** @param {PullIntoDescriptor} pullInto */
function convertPullIntoDescriptor(pullInto) {
  const buffer = transfer(pullInto.buffer);
  return new pullInto.viewConstructor(
    buffer,
    pullInto.byteOffset,
    pullInto.bytesFilled / pullInto.elementSize,
  );
}

/** @param {RBSC} controller */
function getBYOBRequest(controller) {
  if (controller.byobRequest === null && controller.pendingPullIntos.length > 0) {
    const first = controller.pendingPullIntos[0];
    const view = new Uint8Array(
      first.buffer,
      first.byteOffset + first.bytesFilled,
      first.byteLength - first.bytesFilled,
    );
    controller.byobRequest = new BYOBRequestRec(controller, view);
  }
  return controller.byobRequest;
}

/** @param {RBSC} controller */
function byteControllerDesiredSize(controller) {
  const state = controller.stream.state;
  if (state === "errored") return null;
  if (state === "closed") return 0;
  return controller.hwm - controller.totalSize;
}

/** @param {RBSC} controller */
function invalidateBYOBRequest(controller) {
  const request = controller.byobRequest;
  if (request === null) return;
  request.controller = undefined;
  request.view = null;
  controller.byobRequest = null;
}

/** @param {RBSC} controller */
function processPullIntosUsingQueue(controller) {
  /** @type {PullIntoDescriptor[]} */
  const filled = [];
  while (controller.pendingPullIntos.length > 0) {
    if (controller.totalSize === 0) break;
    const pullInto = controller.pendingPullIntos[0];
    if (fillPullIntoFromQueue(controller, pullInto)) {
      shiftPendingPullInto(controller);
      filled.push(pullInto);
    }
  }
  return filled;
}

/** @param {RBSC} controller */
function processReadRequestsUsingQueue(controller) {
  const reader = /** @type {DefaultReaderRec} */ (controller.stream.reader);
  while (reader.readRequests.length > 0) {
    if (controller.totalSize === 0) return;
    fillReadRequestFromQueue(controller, reader.readRequests.shift());
  }
}

/** @param {ArrayBufferView} view */
function elementSizeOf(view) {
  return view instanceof DataView ? 1 : /** @type {Uint8Array} */ (view).BYTES_PER_ELEMENT;
}

/**
 * @param {RBSC} controller
 * @param {ArrayBufferView} view
 * @param {number} min
 * @param {ReadIntoRequest} request
 */
function byteControllerPullInto(controller, view, min, request) {
  const stream = controller.stream;
  const elementSize = elementSizeOf(view);
  const viewConstructor = /** @type {PullIntoDescriptor["viewConstructor"]} */ (
    view instanceof DataView ? DataView : view.constructor
  );
  const { byteOffset, byteLength } = view;
  let buffer;
  try {
    buffer = transfer(view.buffer);
  } catch (error) {
    request.error(error);
    return;
  }
  /** @type {PullIntoDescriptor} */
  const pullInto = {
    buffer,
    bufferByteLength: buffer.byteLength,
    byteOffset,
    byteLength,
    bytesFilled: 0,
    minimumFill: min * elementSize,
    elementSize,
    viewConstructor,
    readerType: "byob",
  };
  if (controller.pendingPullIntos.length > 0) {
    controller.pendingPullIntos.push(pullInto);
    /** @type {BYOBReaderRec} */ (stream.reader).readIntoRequests.push(request);
    return;
  }
  if (stream.state === "closed") {
    request.close(new viewConstructor(pullInto.buffer, pullInto.byteOffset, 0));
    return;
  }
  if (controller.totalSize > 0) {
    if (fillPullIntoFromQueue(controller, pullInto)) {
      const filledView = convertPullIntoDescriptor(pullInto);
      handleQueueDrain(controller);
      request.chunk(filledView);
      return;
    }
    if (controller.closeRequested) {
      const e = new TypeError("the stream closed in the middle of an element");
      byteControllerError(controller, e);
      request.error(e);
      return;
    }
  }
  controller.pendingPullIntos.push(pullInto);
  /** @type {BYOBReaderRec} */ (stream.reader).readIntoRequests.push(request);
  byteControllerCallPullIfNeeded(controller);
}

/** @param {RBSC} controller @param {number} bytesWritten */
function byteControllerRespond(controller, bytesWritten) {
  const first = controller.pendingPullIntos[0];
  if (controller.stream.state === "closed") {
    if (bytesWritten !== 0) throw new TypeError("bytesWritten must be 0 once the stream is closed");
  } else {
    if (bytesWritten === 0) throw new TypeError("bytesWritten must be greater than 0");
    if (first.bytesFilled + bytesWritten > first.byteLength) {
      throw new RangeError("bytesWritten is larger than the view");
    }
  }
  first.buffer = transfer(first.buffer);
  respondInternal(controller, bytesWritten);
}

/** @param {RBSC} controller @param {PullIntoDescriptor} first */
function respondInClosedState(controller, first) {
  if (first.readerType === "none") shiftPendingPullInto(controller);
  const stream = controller.stream;
  if (stream.reader instanceof BYOBReaderRec) {
    /** @type {PullIntoDescriptor[]} */
    const filled = [];
    while (filled.length < numReadIntoRequests(stream)) filled.push(shiftPendingPullInto(controller));
    for (const pullInto of filled) commitPullIntoDescriptor(stream, pullInto);
  }
}

/** @param {RBSC} controller @param {number} bytesWritten @param {PullIntoDescriptor} pullInto */
function respondInReadableState(controller, bytesWritten, pullInto) {
  pullInto.bytesFilled += bytesWritten;
  if (pullInto.readerType === "none") {
    enqueueDetachedPullIntoToQueue(controller, pullInto);
    for (const filled of processPullIntosUsingQueue(controller)) {
      commitPullIntoDescriptor(controller.stream, filled);
    }
    return;
  }
  if (pullInto.bytesFilled < pullInto.minimumFill) return;
  shiftPendingPullInto(controller);
  const remainderSize = pullInto.bytesFilled % pullInto.elementSize;
  if (remainderSize > 0) {
    const end = pullInto.byteOffset + pullInto.bytesFilled;
    enqueueClonedChunk(controller, pullInto.buffer, end - remainderSize, remainderSize);
  }
  pullInto.bytesFilled -= remainderSize;
  const filled = processPullIntosUsingQueue(controller);
  commitPullIntoDescriptor(controller.stream, pullInto);
  for (const other of filled) commitPullIntoDescriptor(controller.stream, other);
}

/** @param {RBSC} controller @param {number} bytesWritten */
function respondInternal(controller, bytesWritten) {
  const first = controller.pendingPullIntos[0];
  invalidateBYOBRequest(controller);
  if (controller.stream.state === "closed") respondInClosedState(controller, first);
  else respondInReadableState(controller, bytesWritten, first);
  byteControllerCallPullIfNeeded(controller);
}

/** @param {RBSC} controller @param {ArrayBufferView} view */
function byteControllerRespondWithNewView(controller, view) {
  const first = controller.pendingPullIntos[0];
  if (controller.stream.state === "closed") {
    if (view.byteLength !== 0) throw new TypeError("the view must be empty once the stream is closed");
  } else if (view.byteLength === 0) {
    throw new TypeError("the view must not be empty");
  }
  if (first.byteOffset + first.bytesFilled !== view.byteOffset) {
    throw new RangeError("the view does not start where the request's view did");
  }
  if (first.bufferByteLength !== view.buffer.byteLength) {
    throw new RangeError("the view's buffer is not the size of the request's buffer");
  }
  if (first.bytesFilled + view.byteLength > first.byteLength) {
    throw new RangeError("the view is larger than the request's view");
  }
  const viewByteLength = view.byteLength;
  first.buffer = transfer(view.buffer);
  respondInternal(controller, viewByteLength);
}

/** @param {RBSC} controller */
function shiftPendingPullInto(controller) {
  return /** @type {PullIntoDescriptor} */ (controller.pendingPullIntos.shift());
}

// ---- tee ----

/** @param {RS} stream @returns {[RS, RS]} */
function readableStreamTee(stream) {
  return stream.controller instanceof RBSC ? byteStreamTee(stream) : defaultTee(stream);
}

/** @param {RS} stream @returns {[RS, RS]} */
function defaultTee(stream) {
  const reader = acquireDefaultReader(stream);
  let reading = false;
  let readAgain = false;
  let canceled1 = false;
  let canceled2 = false;
  /** @type {unknown} */
  let reason1;
  /** @type {unknown} */
  let reason2;
  /** @type {Deferred<undefined>} */
  const cancelPromise = new Deferred();
  /** @returns {Promise<undefined>} */
  const pullAlgorithm = () => {
    if (reading) {
      readAgain = true;
      return resolved(undefined);
    }
    reading = true;
    defaultReaderRead(reader, {
      chunk: (chunk) => {
        microtask(() => {
          readAgain = false;
          if (!canceled1) defaultControllerEnqueue(/** @type {RSDC} */ (branch1.controller), chunk);
          if (!canceled2) defaultControllerEnqueue(/** @type {RSDC} */ (branch2.controller), chunk);
          reading = false;
          if (readAgain) pullAlgorithm();
        });
      },
      close: () => {
        reading = false;
        if (!canceled1) defaultControllerClose(/** @type {RSDC} */ (branch1.controller));
        if (!canceled2) defaultControllerClose(/** @type {RSDC} */ (branch2.controller));
        if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
      },
      error: () => {
        reading = false;
      },
    });
    return resolved(undefined);
  };
  /** @param {unknown} reason */
  const cancel1 = (reason) => {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) cancelPromise.resolve(readableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  };
  /** @param {unknown} reason */
  const cancel2 = (reason) => {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) cancelPromise.resolve(readableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  };
  const start = () => undefined;
  const branch1 = createReadableStream(start, pullAlgorithm, cancel1);
  const branch2 = createReadableStream(start, pullAlgorithm, cancel2);
  upon(reader.closed.promise, undefined, (r) => {
    defaultControllerError(/** @type {RSDC} */ (branch1.controller), r);
    defaultControllerError(/** @type {RSDC} */ (branch2.controller), r);
    if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
  });
  return [branch1, branch2];
}

/** @param {ArrayBufferView} view */
function cloneAsUint8Array(view) {
  return new Uint8Array(copyBuffer(view.buffer, view.byteOffset, view.byteLength));
}

/** @param {RS} stream @returns {[RS, RS]} */
function byteStreamTee(stream) {
  /** @type {DefaultReaderRec | BYOBReaderRec} */
  let reader = acquireDefaultReader(stream);
  let reading = false;
  let readAgainForBranch1 = false;
  let readAgainForBranch2 = false;
  let canceled1 = false;
  let canceled2 = false;
  /** @type {unknown} */
  let reason1;
  /** @type {unknown} */
  let reason2;
  /** @type {Deferred<undefined>} */
  const cancelPromise = new Deferred();
  const c1 = () => /** @type {RBSC} */ (branch1.controller);
  const c2 = () => /** @type {RBSC} */ (branch2.controller);

  /** @param {ReaderRec} thisReader */
  const forwardReaderError = (thisReader) => {
    upon(thisReader.closed.promise, undefined, (r) => {
      if (thisReader !== reader) return;
      byteControllerError(c1(), r);
      byteControllerError(c2(), r);
      if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
    });
  };

  const pullWithDefaultReader = () => {
    if (reader instanceof BYOBReaderRec) {
      byobReaderRelease(reader);
      reader = acquireDefaultReader(stream);
      forwardReaderError(reader);
    }
    defaultReaderRead(reader, {
      chunk: (chunk) => {
        microtask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          let chunk2 = chunk;
          if (!canceled1 && !canceled2) {
            try {
              chunk2 = cloneAsUint8Array(chunk);
            } catch (e) {
              byteControllerError(c1(), e);
              byteControllerError(c2(), e);
              cancelPromise.resolve(readableStreamCancel(stream, e));
              return;
            }
          }
          if (!canceled1) byteControllerEnqueue(c1(), chunk);
          if (!canceled2) byteControllerEnqueue(c2(), chunk2);
          reading = false;
          if (readAgainForBranch1) pull1();
          else if (readAgainForBranch2) pull2();
        });
      },
      close: () => {
        reading = false;
        if (!canceled1) byteControllerClose(c1());
        if (!canceled2) byteControllerClose(c2());
        if (c1().pendingPullIntos.length > 0) byteControllerRespond(c1(), 0);
        if (c2().pendingPullIntos.length > 0) byteControllerRespond(c2(), 0);
        if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
      },
      error: () => {
        reading = false;
      },
    });
  };

  /** @param {ArrayBufferView} view @param {boolean} forBranch2 */
  const pullWithBYOBReader = (view, forBranch2) => {
    if (reader instanceof DefaultReaderRec) {
      defaultReaderRelease(reader);
      reader = acquireBYOBReader(stream);
      forwardReaderError(reader);
    }
    const byobBranch = forBranch2 ? c2 : c1;
    const otherBranch = forBranch2 ? c1 : c2;
    byobReaderRead(reader, view, 1, {
      chunk: (chunk) => {
        microtask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const byobCanceled = forBranch2 ? canceled2 : canceled1;
          const otherCanceled = forBranch2 ? canceled1 : canceled2;
          if (!otherCanceled) {
            let clonedChunk;
            try {
              clonedChunk = cloneAsUint8Array(chunk);
            } catch (e) {
              byteControllerError(byobBranch(), e);
              byteControllerError(otherBranch(), e);
              cancelPromise.resolve(readableStreamCancel(stream, e));
              return;
            }
            if (!byobCanceled) byteControllerRespondWithNewView(byobBranch(), chunk);
            byteControllerEnqueue(otherBranch(), clonedChunk);
          } else if (!byobCanceled) {
            byteControllerRespondWithNewView(byobBranch(), chunk);
          }
          reading = false;
          if (readAgainForBranch1) pull1();
          else if (readAgainForBranch2) pull2();
        });
      },
      close: (chunk) => {
        reading = false;
        const byobCanceled = forBranch2 ? canceled2 : canceled1;
        const otherCanceled = forBranch2 ? canceled1 : canceled2;
        if (!byobCanceled) byteControllerClose(byobBranch());
        if (!otherCanceled) byteControllerClose(otherBranch());
        if (chunk !== undefined) {
          if (!byobCanceled) byteControllerRespondWithNewView(byobBranch(), chunk);
          if (!otherCanceled && otherBranch().pendingPullIntos.length > 0) {
            byteControllerRespond(otherBranch(), 0);
          }
        }
        if (!byobCanceled || !otherCanceled) cancelPromise.resolve(undefined);
      },
      error: () => {
        reading = false;
      },
    });
  };

  /** @returns {Promise<undefined>} */
  const pull1 = () => {
    if (reading) {
      readAgainForBranch1 = true;
      return resolved(undefined);
    }
    reading = true;
    const request = getBYOBRequest(c1());
    if (request === null) pullWithDefaultReader();
    else pullWithBYOBReader(/** @type {Uint8Array} */ (request.view), false);
    return resolved(undefined);
  };
  /** @returns {Promise<undefined>} */
  const pull2 = () => {
    if (reading) {
      readAgainForBranch2 = true;
      return resolved(undefined);
    }
    reading = true;
    const request = getBYOBRequest(c2());
    if (request === null) pullWithDefaultReader();
    else pullWithBYOBReader(/** @type {Uint8Array} */ (request.view), true);
    return resolved(undefined);
  };
  /** @param {unknown} reason */
  const cancel1 = (reason) => {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) cancelPromise.resolve(readableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  };
  /** @param {unknown} reason */
  const cancel2 = (reason) => {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) cancelPromise.resolve(readableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  };
  const start = () => undefined;
  const branch1 = createReadableByteStream(start, pull1, cancel1);
  const branch2 = createReadableByteStream(start, pull2, cancel2);
  forwardReaderError(reader);
  return [branch1, branch2];
}

// ---- pipeTo ----

/**
 * ReadableStreamPipeTo.
 * @param {RS} source
 * @param {WS} dest
 * @param {boolean} preventClose
 * @param {boolean} preventAbort
 * @param {boolean} preventCancel
 * @param {SignalLike | undefined} signal
 * @returns {Promise<undefined>}
 */
function pipeTo(source, dest, preventClose, preventAbort, preventCancel, signal) {
  const reader = acquireDefaultReader(source);
  const writer = acquireWriter(dest);
  source.disturbed = true;
  let shuttingDown = false;
  /** @type {Promise<unknown>} */
  let currentWrite = resolved(undefined);
  /** @type {Deferred<undefined>} */
  const result = new Deferred();

  /** @type {(() => void) | undefined} */
  let abortAlgorithm;

  /** @returns {Promise<unknown>} */
  const waitForWritesToFinish = () => {
    const oldCurrentWrite = currentWrite;
    return upon(currentWrite, () => (oldCurrentWrite !== currentWrite ? waitForWritesToFinish() : undefined));
  };

  /** @param {boolean} isError @param {unknown} [error] */
  const finalize = (isError, error) => {
    writerRelease(writer);
    defaultReaderRelease(reader);
    if (signal !== undefined && abortAlgorithm !== undefined)
      signal.removeEventListener("abort", abortAlgorithm);
    if (isError) result.reject(error);
    else result.resolve(undefined);
  };

  /**
   * @param {() => Promise<unknown>} action
   * @param {boolean} [originalIsError]
   * @param {unknown} [originalError]
   */
  const shutdownWithAction = (action, originalIsError = false, originalError = undefined) => {
    if (shuttingDown) return;
    shuttingDown = true;
    const doTheRest = () => {
      upon(
        action(),
        () => finalize(originalIsError, originalError),
        (newError) => finalize(true, newError),
      );
    };
    if (dest.state === "writable" && !closeQueuedOrInFlight(dest)) upon(waitForWritesToFinish(), doTheRest);
    else doTheRest();
  };

  /** @param {boolean} [isError] @param {unknown} [error] */
  const shutdown = (isError = false, error = undefined) => {
    if (shuttingDown) return;
    shuttingDown = true;
    if (dest.state === "writable" && !closeQueuedOrInFlight(dest)) {
      upon(waitForWritesToFinish(), () => finalize(isError, error));
    } else finalize(isError, error);
  };

  /** @returns {Promise<boolean>} */
  const pipeStep = () => {
    if (shuttingDown) return resolved(true);
    return upon(writer.ready.promise, () => {
      /** @type {Deferred<boolean>} */
      const read = new Deferred();
      defaultReaderRead(reader, {
        chunk: (chunk) => {
          currentWrite = upon(writerWrite(writer, chunk), undefined, () => {});
          read.resolve(false);
        },
        close: () => read.resolve(true),
        error: (e) => read.reject(e),
      });
      return read.promise;
    });
  };

  if (signal !== undefined) {
    const s = signal;
    abortAlgorithm = () => {
      const error = s.reason;
      /** @type {(() => Promise<unknown>)[]} */
      const actions = [];
      if (!preventAbort) {
        actions.push(() =>
          dest.state === "writable" ? writableStreamAbort(dest, error) : resolved(undefined),
        );
      }
      if (!preventCancel) {
        actions.push(() =>
          source.state === "readable" ? readableStreamCancel(source, error) : resolved(undefined),
        );
      }
      shutdownWithAction(() => all(actions.map((action) => action())), true, error);
    };
    if (s.aborted) {
      abortAlgorithm();
      return result.promise;
    }
    s.addEventListener("abort", abortAlgorithm);
  }

  /** @type {Deferred<undefined>} */
  const loopDone = new Deferred();
  /** @param {boolean} done */
  const next = (done) => {
    if (done) loopDone.resolve(undefined);
    else upon(pipeStep(), next, (e) => loopDone.reject(e));
  };
  next(false);
  const loop = loopDone.promise;

  // Errors and closings must be seen in this order: source errored, destination errored,
  // source closed, destination closed.
  const whenSourceErrored = (/** @type {unknown} */ storedError) => {
    if (!preventAbort) shutdownWithAction(() => writableStreamAbort(dest, storedError), true, storedError);
    else shutdown(true, storedError);
  };
  if (source.state === "errored") whenSourceErrored(source.storedError);
  else upon(reader.closed.promise, undefined, whenSourceErrored);

  const whenDestErrored = (/** @type {unknown} */ storedError) => {
    if (!preventCancel)
      shutdownWithAction(() => readableStreamCancel(source, storedError), true, storedError);
    else shutdown(true, storedError);
  };
  if (dest.state === "errored") whenDestErrored(dest.storedError);
  else upon(writer.closed.promise, undefined, whenDestErrored);

  const whenSourceClosed = () => {
    if (!preventClose) shutdownWithAction(() => writerCloseWithErrorPropagation(writer));
    else shutdown();
  };
  if (source.state === "closed") whenSourceClosed();
  else upon(reader.closed.promise, whenSourceClosed, () => {});

  if (closeQueuedOrInFlight(dest) || dest.state === "closed") {
    const destClosed = new TypeError(
      "the destination writable stream closed before all data could be piped to it",
    );
    if (!preventCancel) shutdownWithAction(() => readableStreamCancel(source, destClosed), true, destClosed);
    else shutdown(true, destClosed);
  }

  markHandled(loop);
  return result.promise;
}

// ---- ReadableStream.from ----

/** @param {unknown} asyncIterable */
function fromIterable(asyncIterable) {
  if (asyncIterable === null || asyncIterable === undefined) {
    throw new TypeError("ReadableStream.from() needs an iterable or async iterable");
  }
  const object = /** @type {any} */ (asyncIterable);
  /** @type {any} */
  let method = object[Symbol.asyncIterator];
  /** @type {{ iterator: any; next: Function }} */
  let record;
  if (method === undefined || method === null) {
    const syncMethod = object[Symbol.iterator];
    if (syncMethod === undefined || syncMethod === null) {
      throw new TypeError("ReadableStream.from() needs an iterable or async iterable");
    }
    const syncIterator = Reflect.apply(toFunction(syncMethod, "@@iterator"), object, []);
    if (syncIterator === null || typeof syncIterator !== "object") {
      throw new TypeError("the iterator is not an object");
    }
    // CreateAsyncFromSyncIterator: an async generator over the sync iterator.
    const syncNext = syncIterator.next;
    const asyncIterator = {
      /** @param {unknown[]} args */
      next(...args) {
        try {
          const r = Reflect.apply(syncNext, syncIterator, args);
          if (r === null || typeof r !== "object")
            throw new TypeError("the iterator result is not an object");
          const done = Boolean(r.done);
          return upon(resolved(r.value), (value) => ({ value, done }));
        } catch (error) {
          return rejected(error);
        }
      },
      /** @param {unknown} value */
      return(value) {
        try {
          const ret = syncIterator.return;
          if (ret === undefined || ret === null) return resolved({ value, done: true });
          const r = Reflect.apply(ret, syncIterator, [value]);
          if (r === null || typeof r !== "object")
            throw new TypeError("the iterator result is not an object");
          const done = Boolean(r.done);
          return upon(resolved(r.value), (v) => ({ value: v, done }));
        } catch (error) {
          return rejected(error);
        }
      },
    };
    record = { iterator: asyncIterator, next: asyncIterator.next };
  } else {
    const iterator = Reflect.apply(toFunction(method, "@@asyncIterator"), object, []);
    if (iterator === null || typeof iterator !== "object")
      throw new TypeError("the iterator is not an object");
    record = { iterator, next: iterator.next };
  }
  /** @type {RS} */
  let stream;
  const pull = () => {
    let nextResult;
    try {
      nextResult = Reflect.apply(record.next, record.iterator, []);
    } catch (error) {
      return rejected(error);
    }
    return upon(resolved(nextResult), (iterResult) => {
      if (iterResult === null || typeof iterResult !== "object") {
        throw new TypeError("the iterator result is not an object");
      }
      if (iterResult.done) defaultControllerClose(/** @type {RSDC} */ (stream.controller));
      else defaultControllerEnqueue(/** @type {RSDC} */ (stream.controller), iterResult.value);
    });
  };
  /** @param {unknown} reason */
  const cancel = (reason) => {
    const iterator = record.iterator;
    let returnMethod;
    try {
      returnMethod = iterator.return;
    } catch (error) {
      return rejected(error);
    }
    if (returnMethod === undefined || returnMethod === null) return resolved(undefined);
    let returnResult;
    try {
      returnResult = Reflect.apply(returnMethod, iterator, [reason]);
    } catch (error) {
      return rejected(error);
    }
    return upon(resolved(returnResult), (r) => {
      if (r === null || typeof r !== "object")
        throw new TypeError("the iterator's return() result is not an object");
      return undefined;
    });
  };
  stream = createReadableStream(() => undefined, pull, cancel, 0);
  return stream;
}

// ---- async iteration ----

const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);

/** @type {WeakMap<object, { reader: DefaultReaderRec; preventCancel: boolean; ongoing: Promise<any> | undefined; finished: boolean }>} */
const iterators = new WeakMap();

const ReadableStreamAsyncIteratorPrototype = Object.create(AsyncIteratorPrototype, {
  next: {
    writable: true,
    configurable: true,
    enumerable: true,
    value: function next() {
      const state = iterators.get(/** @type {object} */ (this));
      if (state === undefined) return rejected(new TypeError("not a ReadableStream async iterator"));
      const nextSteps = () => {
        if (state.finished) return resolved({ value: undefined, done: true });
        /** @type {Deferred<any>} */
        const deferred = new Deferred();
        const reader = state.reader;
        if (reader.stream === undefined) return rejected(new TypeError("the iterator's reader was released"));
        /** @type {symbol} */
        const END = ITERATION_END;
        defaultReaderRead(reader, {
          chunk: (chunk) => deferred.resolve(chunk),
          close: () => {
            defaultReaderRelease(reader);
            deferred.resolve(END);
          },
          error: (e) => {
            defaultReaderRelease(reader);
            deferred.reject(e);
          },
        });
        return upon(
          deferred.promise,
          (value) => {
            state.ongoing = undefined;
            if (value === END) {
              state.finished = true;
              return { value: undefined, done: true };
            }
            return { value, done: false };
          },
          (reason) => {
            state.ongoing = undefined;
            state.finished = true;
            throw reason;
          },
        );
      };
      const ongoing = state.ongoing;
      const after = ongoing !== undefined ? upon(ongoing, nextSteps, nextSteps) : nextSteps();
      state.ongoing = after;
      return after;
    },
  },
  return: {
    writable: true,
    configurable: true,
    enumerable: true,
    value: function (/** @type {unknown} */ value) {
      const state = iterators.get(/** @type {object} */ (this));
      if (state === undefined) return rejected(new TypeError("not a ReadableStream async iterator"));
      const returnSteps = () => {
        if (state.finished) return resolved({ value, done: true });
        state.finished = true;
        const reader = state.reader;
        if (reader.stream === undefined) return resolved(undefined);
        if (!state.preventCancel) {
          const result = readableStreamCancel(reader.stream, value);
          defaultReaderRelease(reader);
          return result;
        }
        defaultReaderRelease(reader);
        return resolved(undefined);
      };
      const ongoing = state.ongoing;
      const after = ongoing !== undefined ? upon(ongoing, returnSteps, returnSteps) : returnSteps();
      return upon(after, () => ({ value, done: true }));
    },
  },
});
Object.defineProperty(ReadableStreamAsyncIteratorPrototype, Symbol.toStringTag, {
  value: "ReadableStream AsyncIterator",
  configurable: true,
});
const ITERATION_END = Symbol("end of iteration");

/** @param {RS} stream @param {boolean} preventCancel */
function createAsyncIterator(stream, preventCancel) {
  const reader = acquireDefaultReader(stream);
  const iterator = Object.create(ReadableStreamAsyncIteratorPrototype);
  iterators.set(iterator, { reader, preventCancel, ongoing: undefined, finished: false });
  return iterator;
}

export { rsOf, defaultReaderOf, byobReaderOf, rsdcOf, rbscOf, byobRequestOf, RSDC };

// Bodies that were waiting for a stream may use them now.
offer("streams/readable.js", { ReadableStream, rsOf });
