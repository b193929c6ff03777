// fs.ReadStream and fs.WriteStream: node:stream's Readable and Writable over node:fs'
// descriptor calls (so they are confined as every fs call is). Loaded on first use by
// fs.createReadStream/createWriteStream, so that node:fs alone does not load node:stream.
import { Readable, Writable } from "../stream.js";
import { Buffer } from "../buffer.js";
import { close, open, read, write } from "../fs.js";
import { invalidArgType, outOfRange } from "./errors.js";

/**
 * @typedef {{ flags?: string | number, encoding?: string | null, fd?: number | null, mode?: number,
 *   autoClose?: boolean, emitClose?: boolean, start?: number, end?: number, highWaterMark?: number,
 *   signal?: import("../../abort.js").AbortSignal, flush?: boolean }} StreamOptions
 */

/**
 * The options argument: an encoding name or an object.
 * @param {unknown} options
 * @returns {StreamOptions}
 */
function streamOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options === "string") return { encoding: options };
  if (typeof options !== "object") throw invalidArgType("options", ["string", "Object"], options);
  return /** @type {StreamOptions} */ (options);
}

/**
 * A `start`/`end` option: an integer >= 0 (Node's validateInteger).
 * @param {unknown} value
 * @param {string} name
 * @returns {number | undefined}
 */
function position(value, name) {
  if (value === undefined) return undefined;
  if (typeof value !== "number") throw invalidArgType(name, "number", value);
  if (!Number.isInteger(value)) throw outOfRange(name, "an integer", value);
  if (value < 0 || value > Number.MAX_SAFE_INTEGER) {
    throw outOfRange(name, `>= 0 && <= ${Number.MAX_SAFE_INTEGER}`, value);
  }
  return value;
}

/**
 * Opens `stream.path` (unless it was given a descriptor), then calls `callback`.
 * @param {ReadStream | WriteStream} stream
 * @param {string | number} flags
 * @param {number} mode
 * @param {(error?: Error | null) => void} callback
 */
function openFor(stream, flags, mode, callback) {
  if (typeof stream.fd === "number") return callback();
  open(
    /** @type {any} */ (stream.path),
    flags,
    mode,
    (/** @type {Error | null} */ error, /** @type {number} */ fd) => {
      if (error) return callback(error);
      stream.fd = fd;
      callback();
      stream.emit("open", fd);
      stream.emit("ready");
    },
  );
}

/**
 * Closes the stream's descriptor when it owns it (`autoClose`).
 * @param {ReadStream | WriteStream} stream
 * @param {Error | null} error
 * @param {(error: Error | null) => void} callback
 */
function closeFor(stream, error, callback) {
  const fd = stream.fd;
  if (typeof fd !== "number" || !stream.autoClose) return callback(error);
  stream.fd = null;
  close(fd, (/** @type {Error | null} */ closeError) => callback(error ?? closeError));
}

/** `fs.createReadStream(path, options)`: the file's bytes as a Readable. */
export class ReadStream extends Readable {
  /**
   * @param {string | Uint8Array | { href: string } | undefined} path
   * @param {unknown} [options]
   */
  constructor(path, options) {
    const opts = streamOptions(options);
    super({
      highWaterMark: opts.highWaterMark ?? 64 * 1024,
      encoding: opts.encoding ?? null,
      emitClose: opts.emitClose ?? true,
      autoDestroy: true,
      signal: opts.signal,
    });
    this.path = path;
    /** @type {number | null} */
    this.fd = opts.fd ?? null;
    this.flags = opts.flags ?? "r";
    this.mode = opts.mode ?? 0o666;
    this.start = position(opts.start, "start");
    this.end = position(opts.end, "end") ?? Infinity;
    if (this.start !== undefined && this.start > this.end) {
      throw outOfRange("start", `<= "end" (here: ${this.end})`, this.start);
    }
    this.pos = this.start;
    this.autoClose = opts.autoClose ?? true;
    this.bytesRead = 0;
  }

  get pending() {
    return this.fd === null;
  }

  /** @param {(error?: Error | null) => void} callback */
  _construct(callback) {
    openFor(this, this.flags, this.mode, callback);
  }

  /** @param {number} size */
  _read(size) {
    const remaining = this.end === Infinity ? size : this.end - (this.pos ?? this.bytesRead) + 1;
    const length = Math.min(size, remaining);
    if (length <= 0) {
      this.push(null);
      return;
    }
    const buffer = Buffer.allocUnsafe(length);
    const at = this.pos ?? null;
    if (this.pos !== undefined) this.pos += length;
    read(
      this.fd,
      buffer,
      0,
      length,
      at,
      (/** @type {Error | null} */ error, /** @type {number} */ bytesRead) => {
        if (error) return this.destroy(error);
        if (this.pos !== undefined) this.pos -= length - bytesRead;
        this.bytesRead += bytesRead;
        this.push(bytesRead > 0 ? buffer.subarray(0, bytesRead) : null);
      },
    );
  }

  /**
   * @param {Error | null} error
   * @param {(error: Error | null) => void} callback
   */
  _destroy(error, callback) {
    closeFor(this, error, callback);
  }

  /** @param {(error?: Error | null) => void} [callback] */
  close(callback) {
    if (typeof callback === "function") this.once("close", () => callback());
    this.destroy();
  }
}

/** `fs.createWriteStream(path, options)`: a Writable into the file. */
export class WriteStream extends Writable {
  /**
   * @param {string | Uint8Array | { href: string } | undefined} path
   * @param {unknown} [options]
   */
  constructor(path, options) {
    const opts = streamOptions(options);
    super({
      highWaterMark: opts.highWaterMark,
      decodeStrings: true,
      defaultEncoding: opts.encoding ?? "utf8",
      emitClose: opts.emitClose ?? true,
      autoDestroy: true,
      signal: opts.signal,
    });
    this.path = path;
    /** @type {number | null} */
    this.fd = opts.fd ?? null;
    this.flags = opts.flags ?? "w";
    this.mode = opts.mode ?? 0o666;
    this.start = position(opts.start, "start");
    this.pos = this.start;
    this.autoClose = opts.autoClose ?? true;
    this.bytesWritten = 0;
  }

  get pending() {
    return this.fd === null;
  }

  /** @param {(error?: Error | null) => void} callback */
  _construct(callback) {
    openFor(this, this.flags, this.mode, callback);
  }

  /**
   * @param {Uint8Array} chunk
   * @param {string} _encoding
   * @param {(error?: Error | null) => void} callback
   */
  _write(chunk, _encoding, callback) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    /** @param {number} offset */
    const writeFrom = (offset) => {
      const at = this.pos ?? null;
      write(
        this.fd,
        bytes,
        offset,
        bytes.length - offset,
        at,
        (/** @type {Error | null} */ error, /** @type {number} */ written) => {
          if (error) return callback(error);
          this.bytesWritten += written;
          if (this.pos !== undefined) this.pos += written;
          if (offset + written < bytes.length) writeFrom(offset + written);
          else callback();
        },
      );
    };
    writeFrom(0);
  }

  /**
   * @param {Error | null} error
   * @param {(error: Error | null) => void} callback
   */
  _destroy(error, callback) {
    closeFor(this, error, callback);
  }

  /** @param {(error?: Error | null) => void} [callback] */
  close(callback) {
    if (callback) {
      if (this.closed) {
        Promise.resolve().then(() => callback());
        return;
      }
      this.on("close", () => callback());
    }
    if (!this.writableEnded) this.end();
    else this.destroy();
  }

  /** Node's alias of `close`. */
  destroySoon() {
    this.end();
  }
}
