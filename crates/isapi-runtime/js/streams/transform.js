// TransformStream and its default controller (WHATWG Streams §6), written from the
// standard's abstract operations.
import {
  Deferred,
  callbackMember,
  extractHighWaterMark,
  extractSizeAlgorithm,
  promiseCall,
  rejected,
  resolved,
  toDictionary,
  toObjectArgument,
  toStrategy,
  upon,
} from "./common.js";
import {
  canCloseOrEnqueue,
  createReadableStream,
  defaultControllerClose,
  defaultControllerDesiredSize,
  defaultControllerEnqueue,
  defaultControllerError,
  defaultControllerHasBackpressure,
} from "./readable.js";
import { createWritableStream, errorIfNeeded } from "./writable.js";
import { inspectAs } from "../webidl.js";

/** @typedef {import("./readable.js").RS} RS */
/** @typedef {import("./readable.js").RSDC} RSDC */
/** @typedef {import("./writable.js").WS} WS */

const TOKEN = Symbol("internal construction");

/**
 * @typedef {{
 *   start?: (controller: TransformStreamDefaultController) => unknown;
 *   transform?: (chunk: any, controller: TransformStreamDefaultController) => unknown;
 *   flush?: (controller: TransformStreamDefaultController) => unknown;
 *   cancel?: (reason: any) => unknown;
 * }} Transformer
 */

/** The internal record of a TransformStream. */
class TS {
  /** @type {RS} */
  readable = /** @type {any} */ (undefined);
  /** @type {WS} */
  writable = /** @type {any} */ (undefined);
  /** @type {boolean | undefined} */
  backpressure = undefined;
  /** @type {Deferred<undefined> | undefined} */
  backpressureChange = undefined;
  /** @type {TSDC} */
  controller = /** @type {any} */ (undefined);
}

/** The internal record of a TransformStreamDefaultController. */
class TSDC {
  /** @type {TS} */
  stream;
  /** @type {Deferred<undefined> | undefined} */
  finish = undefined;
  /** @type {((chunk: unknown) => Promise<unknown>) | undefined} */
  transformAlgorithm = undefined;
  /** @type {(() => Promise<unknown>) | undefined} */
  flushAlgorithm = undefined;
  /** @type {((reason: unknown) => Promise<unknown>) | undefined} */
  cancelAlgorithm = undefined;
  /** @type {TransformStreamDefaultController} */
  api;
  /** @param {TS} stream */
  constructor(stream) {
    this.stream = stream;
    this.api = new TransformStreamDefaultController(TOKEN, this);
  }
}

/** @type {(stream: TransformStream) => TS} */
let tsOf;
/** @type {(controller: TransformStreamDefaultController) => TSDC} */
let tsdcOf;

export class TransformStream {
  /** @type {TS} */
  #r;
  static {
    tsOf = (stream) => stream.#r;
  }
  /**
   * @param {Transformer} [transformer]
   * @param {object} [writableStrategy]
   * @param {object} [readableStrategy]
   */
  constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
    const writableDict = toStrategy(writableStrategy, "writableStrategy");
    const readableDict = toStrategy(readableStrategy, "readableStrategy");
    const dict = toObjectArgument(transformer, "transformer");
    const cancel = callbackMember(dict, "cancel", "transformer");
    const flush = callbackMember(dict, "flush", "transformer");
    const readableType = dict.readableType;
    const start = callbackMember(dict, "start", "transformer");
    const transform = callbackMember(dict, "transform", "transformer");
    const writableType = dict.writableType;
    if (readableType !== undefined) throw new RangeError("transformer.readableType is not supported");
    if (writableType !== undefined) throw new RangeError("transformer.writableType is not supported");
    const readableHWM = extractHighWaterMark(readableDict, 0);
    const readableSize = extractSizeAlgorithm(readableDict);
    const writableHWM = extractHighWaterMark(writableDict, 1);
    const writableSize = extractSizeAlgorithm(writableDict);
    /** @type {Deferred<unknown>} */
    const startPromise = new Deferred();
    const stream = new TS();
    this.#r = stream;
    initialize(stream, startPromise.promise, writableHWM, writableSize, readableHWM, readableSize);
    const controller = new TSDC(stream);
    stream.controller = controller;
    controller.transformAlgorithm =
      transform === undefined
        ? (chunk) => {
            try {
              controllerEnqueue(controller, chunk);
              return resolved(undefined);
            } catch (error) {
              return rejected(error);
            }
          }
        : (chunk) => promiseCall(transform, dict, [chunk, controller.api]);
    controller.flushAlgorithm = () => promiseCall(flush, dict, [controller.api]);
    controller.cancelAlgorithm = (reason) => promiseCall(cancel, dict, [reason]);
    if (start !== undefined) startPromise.resolve(Reflect.apply(start, dict, [controller.api]));
    else startPromise.resolve(undefined);
  }
  get readable() {
    return this.#r.readable.api;
  }
  get writable() {
    return this.#r.writable.api;
  }
}

export class TransformStreamDefaultController {
  /** @type {TSDC} */
  #r;
  static {
    tsdcOf = (controller) => controller.#r;
  }
  /** @param {symbol} token @param {TSDC} record */
  constructor(token, record) {
    if (token !== TOKEN) throw new TypeError("Illegal constructor");
    this.#r = record;
  }
  get desiredSize() {
    return defaultControllerDesiredSize(/** @type {RSDC} */ (this.#r.stream.readable.controller));
  }
  /** @param {unknown} [chunk] */
  enqueue(chunk = undefined) {
    controllerEnqueue(this.#r, chunk);
  }
  /** @param {unknown} [reason] */
  error(reason = undefined) {
    transformStreamError(this.#r.stream, reason);
  }
  terminate() {
    const stream = this.#r.stream;
    defaultControllerClose(/** @type {RSDC} */ (stream.readable.controller));
    errorWritableAndUnblockWrite(stream, new TypeError("the TransformStream was terminated"));
  }
}

for (const C of [TransformStream, TransformStreamDefaultController]) {
  Object.defineProperty(C.prototype, Symbol.toStringTag, { value: C.name, configurable: true });
}
inspectAs(
  TransformStream,
  (stream) => ({
    readable: stream.readable,
    writable: stream.writable,
    backpressure: tsOf(stream).backpressure,
  }),
  { deep: "undefined", inner: 1 },
);

/**
 * @param {TS} stream
 * @param {Promise<unknown>} startPromise
 * @param {number} writableHWM
 * @param {import("./common.js").SizeAlgorithm} writableSize
 * @param {number} readableHWM
 * @param {import("./common.js").SizeAlgorithm} readableSize
 */
function initialize(stream, startPromise, writableHWM, writableSize, readableHWM, readableSize) {
  const start = () => startPromise;
  stream.writable = createWritableStream(
    start,
    (chunk) => sinkWrite(stream, chunk),
    () => sinkClose(stream),
    (reason) => sinkAbort(stream, reason),
    writableHWM,
    writableSize,
  );
  stream.readable = createReadableStream(
    start,
    () => {
      // The reader wants more: lift the backpressure that holds writes back.
      setBackpressure(stream, false);
      return /** @type {Deferred<undefined>} */ (stream.backpressureChange).promise;
    },
    (reason) => sourceCancel(stream, reason),
    readableHWM,
    readableSize,
  );
  stream.backpressure = undefined;
  stream.backpressureChange = undefined;
  setBackpressure(stream, true);
}

/** @param {TS} stream @param {unknown} e */
function transformStreamError(stream, e) {
  defaultControllerError(/** @type {RSDC} */ (stream.readable.controller), e);
  errorWritableAndUnblockWrite(stream, e);
}

/** @param {TS} stream @param {unknown} e */
function errorWritableAndUnblockWrite(stream, e) {
  clearAlgorithms(stream.controller);
  errorIfNeeded(stream.writable.controller, e);
  unblockWrite(stream);
}

/** @param {TS} stream */
function unblockWrite(stream) {
  if (stream.backpressure) setBackpressure(stream, false);
}

/** @param {TS} stream @param {boolean} backpressure */
function setBackpressure(stream, backpressure) {
  if (stream.backpressureChange !== undefined) stream.backpressureChange.resolve(undefined);
  stream.backpressureChange = new Deferred();
  stream.backpressure = backpressure;
}

/** @param {TSDC} controller */
function clearAlgorithms(controller) {
  controller.transformAlgorithm = undefined;
  controller.flushAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
}

/** @param {TSDC} controller @param {unknown} chunk */
function controllerEnqueue(controller, chunk) {
  const stream = controller.stream;
  const readableController = /** @type {RSDC} */ (stream.readable.controller);
  if (!canCloseOrEnqueue(readableController)) {
    throw new TypeError("the readable side is not in a state that permits enqueue");
  }
  try {
    defaultControllerEnqueue(readableController, chunk);
  } catch (error) {
    errorWritableAndUnblockWrite(stream, error);
    throw stream.readable.storedError;
  }
  const backpressure = defaultControllerHasBackpressure(readableController);
  if (backpressure !== stream.backpressure) setBackpressure(stream, true);
}

/** @param {TSDC} controller @param {unknown} chunk */
function performTransform(controller, chunk) {
  const transform = controller.transformAlgorithm;
  const promise = transform === undefined ? resolved(undefined) : transform(chunk);
  return upon(promise, undefined, (r) => {
    transformStreamError(controller.stream, r);
    throw r;
  });
}

/** @param {TS} stream @param {unknown} chunk */
function sinkWrite(stream, chunk) {
  const controller = stream.controller;
  if (stream.backpressure) {
    return upon(/** @type {Deferred<undefined>} */ (stream.backpressureChange).promise, () => {
      const writable = stream.writable;
      if (writable.state === "erroring") throw writable.storedError;
      return performTransform(controller, chunk);
    });
  }
  return performTransform(controller, chunk);
}

/** @param {TS} stream @param {unknown} reason */
function sinkAbort(stream, reason) {
  const controller = stream.controller;
  if (controller.finish !== undefined) return controller.finish.promise;
  const readable = stream.readable;
  /** @type {Deferred<undefined>} */
  const finish = new Deferred();
  controller.finish = finish;
  const cancel = controller.cancelAlgorithm;
  const cancelPromise = cancel === undefined ? resolved(undefined) : cancel(reason);
  clearAlgorithms(controller);
  upon(
    cancelPromise,
    () => {
      if (readable.state === "errored") finish.reject(readable.storedError);
      else {
        defaultControllerError(/** @type {RSDC} */ (readable.controller), reason);
        finish.resolve(undefined);
      }
    },
    (r) => {
      defaultControllerError(/** @type {RSDC} */ (readable.controller), r);
      finish.reject(r);
    },
  );
  return finish.promise;
}

/** @param {TS} stream */
function sinkClose(stream) {
  const controller = stream.controller;
  if (controller.finish !== undefined) return controller.finish.promise;
  const readable = stream.readable;
  /** @type {Deferred<undefined>} */
  const finish = new Deferred();
  controller.finish = finish;
  const flush = controller.flushAlgorithm;
  const flushPromise = flush === undefined ? resolved(undefined) : flush();
  clearAlgorithms(controller);
  upon(
    flushPromise,
    () => {
      if (readable.state === "errored") finish.reject(readable.storedError);
      else {
        defaultControllerClose(/** @type {RSDC} */ (readable.controller));
        finish.resolve(undefined);
      }
    },
    (r) => {
      defaultControllerError(/** @type {RSDC} */ (readable.controller), r);
      finish.reject(r);
    },
  );
  return finish.promise;
}

/** @param {TS} stream @param {unknown} reason */
function sourceCancel(stream, reason) {
  const controller = stream.controller;
  if (controller.finish !== undefined) return controller.finish.promise;
  const writable = stream.writable;
  /** @type {Deferred<undefined>} */
  const finish = new Deferred();
  controller.finish = finish;
  const cancel = controller.cancelAlgorithm;
  const cancelPromise = cancel === undefined ? resolved(undefined) : cancel(reason);
  clearAlgorithms(controller);
  upon(
    cancelPromise,
    () => {
      if (writable.state === "errored") finish.reject(writable.storedError);
      else {
        errorIfNeeded(writable.controller, reason);
        unblockWrite(stream);
        finish.resolve(undefined);
      }
    },
    (r) => {
      errorIfNeeded(writable.controller, r);
      unblockWrite(stream);
      finish.reject(r);
    },
  );
  return finish.promise;
}

/**
 * Settles when the readable side wants more (at once when it already does): for the
 * platform's own transforms that make much output from little input, so that they make
 * it as it is read rather than all at once.
 * @param {TransformStreamDefaultController} controller
 * @returns {Promise<unknown>}
 */
export function readableDemand(controller) {
  const stream = tsdcOf(controller).stream;
  if (!stream.backpressure || stream.backpressureChange === undefined) return resolved(undefined);
  return stream.backpressureChange.promise;
}

export { tsOf };
