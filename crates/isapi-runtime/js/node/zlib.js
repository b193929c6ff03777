// node:zlib: gzip, deflate (zlib format), raw deflate and brotli, both ways, in Node's sync
// (`gzipSync`), callback (`gzip(buf, cb)`) and stream (`createGzip()`) forms. The codecs are
// native (isapi:native/zlib: zlib-rs and the `brotli` crate); this side is Node's API: option
// checks with Node's errors, the Transform streams, flushes, maxOutputLength.
import { Buffer } from "./buffer.js";
import Stream from "./stream.js";
import process from "./process.js";
import * as native from "isapi:native/zlib";
import { codedError, invalidArgType, outOfRange } from "./internal/errors.js";

/** Node's zlib.constants (its values: the zlib and brotli constants Node 20 reports). */
const CONSTANT_VALUES = {
  Z_NO_FLUSH: 0,
  Z_PARTIAL_FLUSH: 1,
  Z_SYNC_FLUSH: 2,
  Z_FULL_FLUSH: 3,
  Z_FINISH: 4,
  Z_BLOCK: 5,
  Z_OK: 0,
  Z_STREAM_END: 1,
  Z_NEED_DICT: 2,
  Z_ERRNO: -1,
  Z_STREAM_ERROR: -2,
  Z_DATA_ERROR: -3,
  Z_MEM_ERROR: -4,
  Z_BUF_ERROR: -5,
  Z_VERSION_ERROR: -6,
  Z_NO_COMPRESSION: 0,
  Z_BEST_SPEED: 1,
  Z_BEST_COMPRESSION: 9,
  Z_DEFAULT_COMPRESSION: -1,
  Z_FILTERED: 1,
  Z_HUFFMAN_ONLY: 2,
  Z_RLE: 3,
  Z_FIXED: 4,
  Z_DEFAULT_STRATEGY: 0,
  ZLIB_VERNUM: 4880,
  DEFLATE: 1,
  INFLATE: 2,
  GZIP: 3,
  GUNZIP: 4,
  DEFLATERAW: 5,
  INFLATERAW: 6,
  UNZIP: 7,
  BROTLI_DECODE: 8,
  BROTLI_ENCODE: 9,
  Z_MIN_WINDOWBITS: 8,
  Z_MAX_WINDOWBITS: 15,
  Z_DEFAULT_WINDOWBITS: 15,
  Z_MIN_CHUNK: 64,
  Z_MAX_CHUNK: Infinity,
  Z_DEFAULT_CHUNK: 16384,
  Z_MIN_MEMLEVEL: 1,
  Z_MAX_MEMLEVEL: 9,
  Z_DEFAULT_MEMLEVEL: 8,
  Z_MIN_LEVEL: -1,
  Z_MAX_LEVEL: 9,
  Z_DEFAULT_LEVEL: -1,
  BROTLI_OPERATION_PROCESS: 0,
  BROTLI_OPERATION_FLUSH: 1,
  BROTLI_OPERATION_FINISH: 2,
  BROTLI_OPERATION_EMIT_METADATA: 3,
  BROTLI_PARAM_MODE: 0,
  BROTLI_MODE_GENERIC: 0,
  BROTLI_MODE_TEXT: 1,
  BROTLI_MODE_FONT: 2,
  BROTLI_DEFAULT_MODE: 0,
  BROTLI_PARAM_QUALITY: 1,
  BROTLI_MIN_QUALITY: 0,
  BROTLI_MAX_QUALITY: 11,
  BROTLI_DEFAULT_QUALITY: 11,
  BROTLI_PARAM_LGWIN: 2,
  BROTLI_MIN_WINDOW_BITS: 10,
  BROTLI_MAX_WINDOW_BITS: 24,
  BROTLI_LARGE_MAX_WINDOW_BITS: 30,
  BROTLI_DEFAULT_WINDOW: 22,
  BROTLI_PARAM_LGBLOCK: 3,
  BROTLI_MIN_INPUT_BLOCK_BITS: 16,
  BROTLI_MAX_INPUT_BLOCK_BITS: 24,
  BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING: 4,
  BROTLI_PARAM_SIZE_HINT: 5,
  BROTLI_PARAM_LARGE_WINDOW: 6,
  BROTLI_PARAM_NPOSTFIX: 7,
  BROTLI_PARAM_NDIRECT: 8,
  BROTLI_DECODER_RESULT_ERROR: 0,
  BROTLI_DECODER_RESULT_SUCCESS: 1,
  BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT: 2,
  BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: 3,
  BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION: 0,
  BROTLI_DECODER_PARAM_LARGE_WINDOW: 1,
  BROTLI_DECODER_NO_ERROR: 0,
  BROTLI_DECODER_SUCCESS: 1,
  BROTLI_DECODER_NEEDS_MORE_INPUT: 2,
  BROTLI_DECODER_NEEDS_MORE_OUTPUT: 3,
  BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE: -1,
  BROTLI_DECODER_ERROR_FORMAT_RESERVED: -2,
  BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE: -3,
  BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET: -4,
  BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME: -5,
  BROTLI_DECODER_ERROR_FORMAT_CL_SPACE: -6,
  BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE: -7,
  BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT: -8,
  BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1: -9,
  BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2: -10,
  BROTLI_DECODER_ERROR_FORMAT_TRANSFORM: -11,
  BROTLI_DECODER_ERROR_FORMAT_DICTIONARY: -12,
  BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS: -13,
  BROTLI_DECODER_ERROR_FORMAT_PADDING_1: -14,
  BROTLI_DECODER_ERROR_FORMAT_PADDING_2: -15,
  BROTLI_DECODER_ERROR_FORMAT_DISTANCE: -16,
  BROTLI_DECODER_ERROR_DICTIONARY_NOT_SET: -19,
  BROTLI_DECODER_ERROR_INVALID_ARGUMENTS: -20,
  BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES: -21,
  BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS: -22,
  BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP: -25,
  BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1: -26,
  BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2: -27,
  BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES: -30,
  BROTLI_DECODER_ERROR_UNREACHABLE: -31,
};
/** As Node's: a null-prototype object of read-only properties. */
const constants = /** @type {typeof CONSTANT_VALUES} */ (Object.create(null));
for (const [name, value] of Object.entries(CONSTANT_VALUES)) {
  Object.defineProperty(constants, name, { value, enumerable: true });
}

/** Node's `zlib.codes`: the zlib return codes both ways. */
const codes = Object.freeze({
  Z_OK: 0,
  Z_STREAM_END: 1,
  Z_NEED_DICT: 2,
  Z_ERRNO: -1,
  Z_STREAM_ERROR: -2,
  Z_DATA_ERROR: -3,
  Z_MEM_ERROR: -4,
  Z_BUF_ERROR: -5,
  Z_VERSION_ERROR: -6,
  0: "Z_OK",
  1: "Z_STREAM_END",
  2: "Z_NEED_DICT",
  "-1": "Z_ERRNO",
  "-2": "Z_STREAM_ERROR",
  "-3": "Z_DATA_ERROR",
  "-4": "Z_MEM_ERROR",
  "-5": "Z_BUF_ERROR",
  "-6": "Z_VERSION_ERROR",
});

/** Buffers may not be longer (Node's buffer.kMaxLength on 64-bit systems). */
const MAX_LENGTH = 2 ** 32;
/** `process`'s errno when the output passed maxOutputLength. */
const TOO_LARGE = 1000;
/** Marks the empty chunk through which flush() reaches _transform with its flush kind. */
const kFlushFlag = Symbol("kFlushFlag");

/**
 * Node's check of a numeric option: undefined or NaN means the default; another type is
 * ERR_INVALID_ARG_TYPE, infinity or a value outside [lower, upper] ERR_OUT_OF_RANGE.
 * @param {unknown} value
 * @param {string} name
 * @param {number} lower
 * @param {number} upper
 * @param {number} fallback
 * @returns {number}
 */
function numberOption(value, name, lower, upper, fallback) {
  if (value === undefined || Number.isNaN(value)) return fallback;
  if (typeof value !== "number") throw invalidArgType(name, "number", value);
  if (!Number.isFinite(value)) throw outOfRange(name, "a finite number", value);
  if (value < lower || value > upper) throw outOfRange(name, `>= ${lower} and <= ${upper}`, value);
  return value;
}

/**
 * Input as Node's zlib takes it: a string (UTF-8), an ArrayBuffer or any view.
 * @param {unknown} data
 * @param {string} name
 * @returns {Uint8Array}
 */
function inputBytes(data, name) {
  if (typeof data === "string") return Buffer.from(data);
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw invalidArgType(name, ["string", "Buffer", "TypedArray", "DataView", "ArrayBuffer"], data);
}

/**
 * The Error Node's zlib gives for a codec's failure: its message, `errno` and `code`.
 * @param {number} errno
 * @param {string} message
 * @param {string} code
 * @param {number} maxOutputLength
 */
function codecError(errno, message, code, maxOutputLength) {
  if (errno === TOO_LARGE) {
    return codedError(
      RangeError,
      "ERR_BUFFER_TOO_LARGE",
      `Cannot create a Buffer larger than ${maxOutputLength} bytes`,
    );
  }
  const error = /** @type {Error & { errno: number, code: string }} */ (new Error(message));
  error.errno = errno;
  error.code = code;
  return error;
}

/**
 * @typedef {object} ZlibOptions
 * @property {number} [flush]
 * @property {number} [finishFlush]
 * @property {number} [chunkSize]
 * @property {number} [windowBits]
 * @property {number} [level]
 * @property {number} [memLevel]
 * @property {number} [strategy]
 * @property {ArrayBuffer | ArrayBufferView} [dictionary]
 * @property {number} [maxOutputLength]
 * @property {boolean} [info]
 * @property {Record<string, number | boolean>} [params]
 * @property {number} [highWaterMark]
 */

/**
 * The part of every zlib and brotli stream: a Transform over one native codec.
 */
class ZlibBase extends Stream.Transform {
  /**
   * @param {ZlibOptions | undefined} options
   * @param {native.ZlibCodec} handle
   * @param {{ flush: number, finish: number, full: number, max: number }} flushes
   * @param {number} chunkSize
   */
  constructor(options, handle, flushes, chunkSize) {
    const opts = options ?? {};
    const flush = numberOption(opts.flush, "options.flush", 0, flushes.max, flushes.flush);
    const finishFlush = numberOption(opts.finishFlush, "options.finishFlush", 0, flushes.max, flushes.finish);
    const maxOutputLength = numberOption(
      opts.maxOutputLength,
      "options.maxOutputLength",
      1,
      MAX_LENGTH,
      MAX_LENGTH,
    );
    super({ autoDestroy: true, ...opts });
    /** @type {native.ZlibCodec | null} */
    this._handle = handle;
    this.bytesWritten = 0;
    this._chunkSize = chunkSize;
    this._defaultFlushFlag = flush;
    this._finishFlushFlag = finishFlush;
    this._defaultFullFlushFlag = flushes.full;
    this._info = opts.info;
    this._maxOutputLength = maxOutputLength;
  }

  /**
   * Flushes the codec (`kind`: a flush value; default a full flush), then calls back.
   * @param {number | (() => void)} [kind]
   * @param {() => void} [callback]
   */
  flush(kind, callback) {
    if (typeof kind === "function" || (kind === undefined && !callback)) {
      callback = /** @type {(() => void) | undefined} */ (kind);
      kind = this._defaultFullFlushFlag;
    }
    if (this.writableFinished) {
      if (callback) process.nextTick(callback);
    } else if (this.writableEnded) {
      if (callback) this.once("end", callback);
    } else {
      const marker = /** @type {any} */ (Buffer.alloc(0));
      marker[kFlushFlag] = kind;
      this.write(marker, "", callback);
    }
  }

  /** Starts the codec over (input from now on is a new stream). */
  reset() {
    if (this._handle) native.reset(this._handle);
  }

  /** @param {(error?: Error | null) => void} [callback] */
  close(callback) {
    if (callback) Stream.finished(this, callback);
    this.destroy();
  }

  /**
   * @param {Error | null} error
   * @param {(error: Error | null) => void} callback
   */
  _destroy(error, callback) {
    this._handle = null;
    callback(error);
  }

  /**
   * @param {any} chunk
   * @param {string} _encoding
   * @param {(error?: Error | null) => void} callback
   */
  _transform(chunk, _encoding, callback) {
    let flush = typeof chunk[kFlushFlag] === "number" ? chunk[kFlushFlag] : this._defaultFlushFlag;
    // The last chunk before end() also finishes the stream.
    if (this.writableEnded && this.writableLength === chunk.byteLength) {
      flush = Math.max(flush, this._finishFlushFlag);
    }
    // Later, as Node's threadpool work is: output never comes out during write() itself
    // (code may attach its 'data' listener right after writing).
    Promise.resolve().then(() => this._process(chunk, flush, callback));
  }

  /** @param {(error?: Error | null) => void} callback */
  _flush(callback) {
    this._transform(Buffer.alloc(0), "", callback);
  }

  /**
   * @param {Uint8Array} chunk
   * @param {number} flush
   * @param {(error?: Error | null) => void} callback
   */
  _process(chunk, flush, callback) {
    const handle = this._handle;
    if (handle === null) {
      callback(codedError(Error, "ERR_ZLIB_BINDING_CLOSED", "zlib binding closed"));
      return;
    }
    const [chunks, errno, message, code] = native.process(handle, chunk, flush, this._chunkSize, Infinity);
    this.bytesWritten += chunk.byteLength;
    for (const out of chunks) this.push(Buffer.from(out.buffer, out.byteOffset, out.byteLength));
    if (errno !== 0) {
      this._handle = null;
      this.destroy(codecError(errno, message, code, this._maxOutputLength));
      return;
    }
    callback();
  }
}

/** Node's flush values for zlib's formats. */
const ZLIB_FLUSHES = { flush: 0, finish: 4, full: 3, max: 5 };
/** And for brotli's (BROTLI_OPERATION_*). */
const BROTLI_FLUSHES = { flush: 0, finish: 2, full: 1, max: 3 };

/**
 * The zlib-format streams' options, checked as Node checks them, and their codec.
 * @param {ZlibOptions | undefined} options
 * @param {number} mode
 */
function zlibHandle(options, mode) {
  const opts = options ?? {};
  const chunkSize = chunkSizeOption(opts.chunkSize);
  // A window of 0 on the inflating side means "as the stream's header says"; gzip's
  // compressor refuses a window of 8 (zlib's others take it as 9).
  const inflating = mode === constants.INFLATE || mode === constants.GUNZIP || mode === constants.UNZIP;
  const minBits = mode === constants.GZIP ? 9 : 8;
  const windowBits =
    inflating && (opts.windowBits == null || opts.windowBits === 0)
      ? 0
      : numberOption(opts.windowBits, "options.windowBits", minBits, 15, 15);
  const level = numberOption(opts.level, "options.level", -1, 9, -1);
  const memLevel = numberOption(opts.memLevel, "options.memLevel", 1, 9, 8);
  const strategy = numberOption(opts.strategy, "options.strategy", 0, 4, 0);
  let dictionary;
  if (opts.dictionary !== undefined) {
    const d = opts.dictionary;
    if (ArrayBuffer.isView(d)) dictionary = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
    else if (d instanceof ArrayBuffer) dictionary = new Uint8Array(d);
    else throw invalidArgType("options.dictionary", ["Buffer", "TypedArray", "DataView", "ArrayBuffer"], d);
  }
  // Node turns a raw deflate window of 8 into 9 (zlib refuses 8 there).
  const bits = mode === constants.DEFLATERAW && windowBits === 8 ? 9 : windowBits;
  const handle = native.create(mode, level, bits, memLevel, strategy, dictionary);
  return { handle, chunkSize, level, strategy };
}

/** @param {unknown} value */
function chunkSizeOption(value) {
  if (value === undefined || Number.isNaN(value)) return constants.Z_DEFAULT_CHUNK;
  if (typeof value !== "number") throw invalidArgType("options.chunkSize", "number", value);
  if (!Number.isFinite(value)) throw outOfRange("options.chunkSize", "a finite number", value);
  if (value < constants.Z_MIN_CHUNK)
    throw outOfRange("options.chunkSize", `>= ${constants.Z_MIN_CHUNK}`, value);
  return value;
}

/** A zlib-format stream (the base of Deflate, Inflate, Gzip, …). */
class Zlib extends ZlibBase {
  /**
   * @param {ZlibOptions | undefined} options
   * @param {number} mode
   */
  constructor(options, mode) {
    const { handle, chunkSize, level, strategy } = zlibHandle(options, mode);
    super(options, handle, ZLIB_FLUSHES, chunkSize);
    this._level = level;
    this._strategy = strategy;
  }

  /**
   * Changes the compression level (after a flush, as Node does). zlib-rs changes levels
   * only: a new strategy is recorded but the stream keeps its first one.
   * @param {number} level
   * @param {number} strategy
   * @param {() => void} [callback]
   */
  params(level, strategy, callback) {
    numberOption(level, "level", -1, 9, -1);
    numberOption(strategy, "strategy", 0, 4, 0);
    if (this._level === level && this._strategy === strategy) {
      if (callback) process.nextTick(callback);
      return;
    }
    this.flush(constants.Z_SYNC_FLUSH, () => {
      if (this._handle) native.setLevel(this._handle, level);
      this._level = level;
      this._strategy = strategy;
      if (callback) callback();
    });
  }
}

/** The largest BROTLI_PARAM_* value: keys above it are not parameters. */
const MAX_BROTLI_PARAM = 8;

/** A brotli stream (the base of BrotliCompress and BrotliDecompress). */
class Brotli extends ZlibBase {
  /**
   * @param {ZlibOptions | undefined} options
   * @param {boolean} encode
   */
  constructor(options, encode) {
    const opts = options ?? {};
    /** @type {number[]} */
    const pairs = [];
    if (opts.params) {
      for (const key of Object.keys(opts.params)) {
        const number = +key;
        if (Number.isNaN(number) || number < 0 || number > MAX_BROTLI_PARAM || !Number.isInteger(number)) {
          throw codedError(RangeError, "ERR_BROTLI_INVALID_PARAM", `${key} is not a valid Brotli parameter`);
        }
        const value = opts.params[key];
        if (typeof value !== "number" && typeof value !== "boolean") {
          throw invalidArgType("options.params[key]", "number", value);
        }
        pairs.push(number, Number(value) >>> 0);
      }
    }
    const chunkSize = chunkSizeOption(opts.chunkSize);
    const handle = native.createBrotli(encode, pairs);
    if (handle === false) {
      throw codedError(Error, "ERR_ZLIB_INITIALIZATION_FAILED", "Initialization failed");
    }
    super(options, handle, BROTLI_FLUSHES, chunkSize);
  }
}

export class Deflate extends Zlib {
  /** @param {ZlibOptions} [options] */
  constructor(options) {
    super(options, constants.DEFLATE);
  }
}
export class Inflate extends Zlib {
  /** @param {ZlibOptions} [options] */
  constructor(options) {
    super(options, constants.INFLATE);
  }
}
export class Gzip extends Zlib {
  /** @param {ZlibOptions} [options] */
  constructor(options) {
    super(options, constants.GZIP);
  }
}
export class Gunzip extends Zlib {
  /** @param {ZlibOptions} [options] */
  constructor(options) {
    super(options, constants.GUNZIP);
  }
}
export class DeflateRaw extends Zlib {
  /** @param {ZlibOptions} [options] */
  constructor(options) {
    super(options, constants.DEFLATERAW);
  }
}
export class InflateRaw extends Zlib {
  /** @param {ZlibOptions} [options] */
  constructor(options) {
    super(options, constants.INFLATERAW);
  }
}
export class Unzip extends Zlib {
  /** @param {ZlibOptions} [options] */
  constructor(options) {
    super(options, constants.UNZIP);
  }
}
export class BrotliCompress extends Brotli {
  /** @param {ZlibOptions} [options] */
  constructor(options) {
    super(options, true);
  }
}
export class BrotliDecompress extends Brotli {
  /** @param {ZlibOptions} [options] */
  constructor(options) {
    super(options, false);
  }
}

/** @typedef {new (options?: ZlibOptions) => ZlibBase} StreamClass */

/**
 * The sync form: the whole input at once, finished; the output as one Buffer.
 * @param {StreamClass} Class
 * @param {unknown} data
 * @param {ZlibOptions | undefined} options
 */
function convertSync(Class, data, options) {
  const input = inputBytes(data, "buffer");
  const stream = new Class(options);
  const handle = /** @type {native.ZlibCodec} */ (stream._handle);
  const limit = stream._maxOutputLength;
  const [chunks, errno, message, code] = native.process(
    handle,
    input,
    stream._finishFlushFlag,
    stream._chunkSize,
    limit,
  );
  stream._handle = null;
  if (errno !== 0) throw codecError(errno, message, code, limit);
  let length = 0;
  for (const chunk of chunks) length += chunk.byteLength;
  if (length > limit) throw codecError(TOO_LARGE, "", "", limit);
  const buffer = Buffer.concat(chunks, length);
  // `info: true`: the stream that did the work comes back too.
  return options?.info ? { buffer, engine: stream } : buffer;
}

/**
 * The callback form: the sync work through a stream, the result given to `callback` later.
 * @param {StreamClass} Class
 * @param {unknown} data
 * @param {ZlibOptions | ((error: Error | null, result?: Buffer) => void)} options
 * @param {(error: Error | null, result?: Buffer) => void} [callback]
 */
function convertAsync(Class, data, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = {};
  }
  if (typeof callback !== "function") throw invalidArgType("callback", "function", callback);
  const done = callback;
  const input = inputBytes(data, "buffer");
  const stream = new Class(options);
  const limit = stream._maxOutputLength;
  /** @type {Uint8Array[]} */
  const chunks = [];
  let length = 0;
  stream.on("data", (/** @type {Uint8Array} */ chunk) => {
    chunks.push(chunk);
    length += chunk.byteLength;
    if (length > limit) stream.destroy(codecError(TOO_LARGE, "", "", limit));
  });
  stream.on("error", (/** @type {Error} */ error) => {
    stream.removeAllListeners("end");
    done(error);
  });
  stream.on("end", () => {
    stream.close();
    done(null, Buffer.concat(chunks, length));
  });
  stream.end(input);
}

/**
 * The three forms of one codec: `name(buf, [options], cb)`, `nameSync`, `createName`.
 * @param {StreamClass} Class
 */
function forms(Class) {
  return {
    /**
     * @param {unknown} data
     * @param {any} options
     * @param {any} [callback]
     */
    async: (data, options, callback) => convertAsync(Class, data, options, callback),
    /**
     * @param {unknown} data
     * @param {ZlibOptions} [options]
     */
    sync: (data, options) => convertSync(Class, data, options),
    /** @param {ZlibOptions} [options] */
    create: (options) => new Class(options),
  };
}

const deflateForms = forms(Deflate);
const inflateForms = forms(Inflate);
const gzipForms = forms(Gzip);
const gunzipForms = forms(Gunzip);
const deflateRawForms = forms(DeflateRaw);
const inflateRawForms = forms(InflateRaw);
const unzipForms = forms(Unzip);
const brotliCompressForms = forms(BrotliCompress);
const brotliDecompressForms = forms(BrotliDecompress);

export const deflate = deflateForms.async;
export const deflateSync = deflateForms.sync;
export const createDeflate = deflateForms.create;
export const inflate = inflateForms.async;
export const inflateSync = inflateForms.sync;
export const createInflate = inflateForms.create;
export const gzip = gzipForms.async;
export const gzipSync = gzipForms.sync;
export const createGzip = gzipForms.create;
export const gunzip = gunzipForms.async;
export const gunzipSync = gunzipForms.sync;
export const createGunzip = gunzipForms.create;
export const deflateRaw = deflateRawForms.async;
export const deflateRawSync = deflateRawForms.sync;
export const createDeflateRaw = deflateRawForms.create;
export const inflateRaw = inflateRawForms.async;
export const inflateRawSync = inflateRawForms.sync;
export const createInflateRaw = inflateRawForms.create;
export const unzip = unzipForms.async;
export const unzipSync = unzipForms.sync;
export const createUnzip = unzipForms.create;
export const brotliCompress = brotliCompressForms.async;
export const brotliCompressSync = brotliCompressForms.sync;
export const createBrotliCompress = brotliCompressForms.create;
export const brotliDecompress = brotliDecompressForms.async;
export const brotliDecompressSync = brotliDecompressForms.sync;
export const createBrotliDecompress = brotliDecompressForms.create;

/**
 * CRC-32 of `data` (a string as UTF-8), continuing from `value`.
 * @param {unknown} data
 * @param {number} [value]
 */
export function crc32(data, value = 0) {
  if (typeof data !== "string" && !ArrayBuffer.isView(data)) {
    throw invalidArgType("data", ["Buffer", "TypedArray", "DataView", "string"], data);
  }
  if (typeof value !== "number") throw invalidArgType("value", "number", value);
  if (!Number.isInteger(value)) throw outOfRange("value", "an integer", value);
  if (value < 0 || value > 0xffffffff) {
    throw outOfRange("value", ">= 0 && <= 4294967295", value);
  }
  const bytes =
    typeof data === "string" ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return native.crc32(bytes, value);
}

export { constants, codes };

export default {
  crc32,
  Deflate,
  Inflate,
  Gzip,
  Gunzip,
  DeflateRaw,
  InflateRaw,
  Unzip,
  BrotliCompress,
  BrotliDecompress,
  deflate,
  deflateSync,
  gzip,
  gzipSync,
  deflateRaw,
  deflateRawSync,
  unzip,
  unzipSync,
  inflate,
  inflateSync,
  gunzip,
  gunzipSync,
  inflateRaw,
  inflateRawSync,
  brotliCompress,
  brotliCompressSync,
  brotliDecompress,
  brotliDecompressSync,
  createDeflate,
  createInflate,
  createDeflateRaw,
  createInflateRaw,
  createGzip,
  createGunzip,
  createUnzip,
  createBrotliCompress,
  createBrotliDecompress,
  constants,
  codes,
};
