// node:stream: Node's streams are the npm package readable-stream (Node's own code, bundled
// into internal/readable_stream.js over our buffer, events, string_decoder and process);
// this module adds what the package leaves out: the web-stream adapters (Readable.fromWeb,
// toWeb, …) and duplexPair. `require("stream")` is the legacy `Stream` with the rest as
// statics, as in Node.
import readableStream from "./internal/readable_stream.js";
import { ReadableStream, WritableStream } from "../streams.js";
import { codedError, invalidArgType } from "./internal/errors.js";

/** @typedef {import("../abort.js").AbortSignal} AbortSignal */
/** @typedef {(error?: Error | null) => void} Callback */

const Stream = /** @type {any} */ (readableStream).Stream;
const { Readable, Writable, Duplex, Transform, PassThrough } = Stream;

/** @param {unknown} value */
const isUint8Array = (value) => value instanceof Uint8Array;

/**
 * Node's AbortError ("The operation was aborted", code ABORT_ERR).
 * @param {unknown} cause
 */
function abortError(cause) {
  const error = codedError(Error, "ABORT_ERR", "The operation was aborted");
  error.name = "AbortError";
  Object.defineProperty(error, "cause", { value: cause, writable: true, configurable: true });
  return error;
}

/**
 * Readable.fromWeb: a Node Readable that reads `web` as the reader asks.
 * @param {ReadableStream} web
 * @param {{ highWaterMark?: number, encoding?: string, objectMode?: boolean, signal?: AbortSignal }} [options]
 */
function readableFromWeb(web, options = {}) {
  if (!(web instanceof ReadableStream)) throw invalidArgType("readableStream", "ReadableStream", web);
  const { highWaterMark, encoding, objectMode = false, signal } = options;
  const reader = /** @type {import("../streams.js").ReadableStreamDefaultReader} */ (web.getReader());
  let closed = false;
  const readable = new Readable({
    objectMode,
    highWaterMark,
    encoding,
    signal,
    read() {
      reader.read().then(
        (result) => {
          if (result.done) {
            closed = true;
            readable.push(null);
          } else {
            readable.push(result.value);
          }
        },
        (error) => {
          closed = true;
          readable.destroy(error);
        },
      );
    },
    /**
     * @param {Error | null} error
     * @param {Callback} callback
     */
    destroy(error, callback) {
      if (closed) {
        callback(error);
        return;
      }
      reader.cancel(error ?? undefined).then(
        () => callback(error),
        (/** @type {any} */ cancelError) => callback(cancelError ?? error),
      );
    },
  });
  return readable;
}

/**
 * Readable.toWeb: a ReadableStream over a Node Readable (paused when its queue is full).
 * @param {any} readable
 * @param {{ strategy?: { highWaterMark?: number, size?: (chunk: any) => number } }} [options]
 */
function readableToWeb(readable, options = {}) {
  if (!(readable instanceof Readable) && typeof readable?.on !== "function") {
    throw invalidArgType("streamReadable", "stream.Readable", readable);
  }
  const objectMode = readable.readableObjectMode;
  // Node's default: the Readable's highWaterMark, counted in chunks.
  const strategy = options.strategy ?? { highWaterMark: readable.readableHighWaterMark };
  /** @type {any} */
  let controller;
  let done = false;
  /** @param {any} chunk */
  const onData = (chunk) => {
    if (done) return;
    // A copy: a Buffer may be a view of a pool shared with other Buffers.
    controller.enqueue(objectMode || !isUint8Array(chunk) ? chunk : new Uint8Array(chunk));
    if ((controller.desiredSize ?? 0) <= 0) readable.pause();
  };
  const web = new ReadableStream(
    {
      /** @param {any} c */
      start(c) {
        controller = c;
        readable.on("data", onData);
        Stream.finished(readable, (/** @type {any} */ error) => {
          if (done) return;
          done = true;
          if (error?.code === "ERR_STREAM_PREMATURE_CLOSE") controller.error(abortError(error));
          else if (error) controller.error(error);
          else controller.close();
        });
        readable.pause();
      },
      pull() {
        readable.resume();
      },
      /** @param {any} reason */
      cancel(reason) {
        done = true;
        Stream.destroy(readable, reason);
      },
    },
    strategy,
  );
  return web;
}

/**
 * Writable.fromWeb: a Node Writable writing to `web` (its callback waits for the write).
 * @param {WritableStream} web
 * @param {{ decodeStrings?: boolean, highWaterMark?: number, objectMode?: boolean, signal?: AbortSignal }} [options]
 */
function writableFromWeb(web, options = {}) {
  if (!(web instanceof WritableStream)) throw invalidArgType("writableStream", "WritableStream", web);
  const { highWaterMark, decodeStrings = true, objectMode = false, signal } = options;
  const writer = web.getWriter();
  let closed = false;
  return new Writable({
    highWaterMark,
    objectMode,
    decodeStrings,
    signal,
    /**
     * @param {any} chunk
     * @param {string} _encoding
     * @param {Callback} callback
     */
    write(chunk, _encoding, callback) {
      writer.ready.then(() => writer.write(chunk)).then(() => callback(), callback);
    },
    /**
     * @param {any[]} chunks
     * @param {Callback} callback
     */
    writev(chunks, callback) {
      writer.ready
        .then(() => Promise.all(chunks.map((/** @type {any} */ c) => writer.write(c.chunk))))
        .then(() => callback(), callback);
    },
    /** @param {Callback} callback */
    final(callback) {
      closed = true;
      writer.close().then(() => callback(), callback);
    },
    /**
     * @param {Error | null} error
     * @param {Callback} callback
     */
    destroy(error, callback) {
      if (closed) {
        callback(error);
        return;
      }
      closed = true;
      writer.abort(error ?? undefined).then(
        () => callback(error),
        (/** @type {any} */ abortError) => callback(abortError ?? error),
      );
    },
  });
}

/**
 * Writable.toWeb: a WritableStream whose writes go to a Node Writable (each waits for its callback).
 * @param {any} writable
 */
function writableToWeb(writable) {
  if (typeof writable?.write !== "function")
    throw invalidArgType("streamWritable", "stream.Writable", writable);
  return new WritableStream({
    /** @param {any} chunk */
    write(chunk) {
      return new Promise((resolve, reject) => {
        writable.write(chunk, (/** @type {any} */ error) => (error ? reject(error) : resolve(undefined)));
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        Stream.finished(writable, (/** @type {any} */ error) => (error ? reject(error) : resolve(undefined)));
        writable.end();
      });
    },
    /** @param {any} reason */
    abort(reason) {
      Stream.destroy(writable, reason);
    },
  });
}

/**
 * Duplex.fromWeb: a Duplex over a `{ readable, writable }` pair of web streams.
 * @param {{ readable: ReadableStream, writable: WritableStream }} pair
 * @param {any} [options]
 */
function duplexFromWeb(pair, options = {}) {
  if (pair === null || typeof pair !== "object") throw invalidArgType("pair", "object", pair);
  const readable = readableFromWeb(pair.readable, options);
  const writable = writableFromWeb(pair.writable, options);
  return Duplex.from({ readable, writable });
}

/**
 * Duplex.toWeb: `{ readable, writable }` web streams over a Duplex.
 * @param {any} duplex
 */
function duplexToWeb(duplex) {
  return { readable: readableToWeb(duplex), writable: writableToWeb(duplex) };
}

Readable.fromWeb = readableFromWeb;
Readable.toWeb = readableToWeb;
Writable.fromWeb = writableFromWeb;
Writable.toWeb = writableToWeb;
Duplex.fromWeb = duplexFromWeb;
Duplex.toWeb = duplexToWeb;

/**
 * duplexPair: two Duplexes, each reading what the other writes.
 * @param {any} [options]
 */
function duplexPair(options) {
  /** @type {any[]} */
  const sides = [];
  for (let i = 0; i < 2; i++) {
    const side = new Duplex({
      ...options,
      read() {
        const waiting = side.waiting;
        side.waiting = undefined;
        if (waiting) waiting();
      },
      write(/** @type {any} */ chunk, /** @type {string} */ encoding, /** @type {Function} */ callback) {
        const other = sides[1 - i];
        if (other.push(chunk, encoding)) callback();
        else other.waiting = callback;
      },
      final(/** @type {Function} */ callback) {
        sides[1 - i].push(null);
        callback();
      },
    });
    sides.push(side);
  }
  return sides;
}
Stream.duplexPair = duplexPair;

export default Stream;
export { Stream, Readable, Writable, Duplex, Transform, PassThrough, duplexPair };
export const {
  pipeline,
  finished,
  addAbortSignal,
  destroy,
  compose,
  isDestroyed,
  isDisturbed,
  isErrored,
  isReadable,
  isWritable,
  setDefaultHighWaterMark,
  getDefaultHighWaterMark,
  promises,
  _isUint8Array,
  _uint8ArrayToBuffer,
} = Stream;
export const _isArrayBufferView = ArrayBuffer.isView;
Stream._isArrayBufferView = _isArrayBufferView;
