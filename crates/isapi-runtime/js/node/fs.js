// node:fs — files, confined to the folders the handler is allowed (its settings' `fs.read`
// and `fs.write`; see docs/node.md): anything else fails with EACCES. The calls themselves
// are Rust (`isapi:native/fs`); this module checks arguments as Node does, turns the
// native results into Node's values (Buffer, Stats, Dirent) and errors, and gives each
// call its sync, callback and Promise form.
import { call, constants as nativeConstants, cwd } from "isapi:native/fs";
import { utf8Decode } from "isapi:native/encoding";
import { load } from "isapi:native/modules";
import { Buffer } from "./buffer.js";
import { codedError, invalidArgType, invalidArgValue, outOfRange } from "./internal/errors.js";

/** @typedef {{ href: string, protocol: string, pathname: string, hostname: string }} FileUrl */
/** @typedef {string | Uint8Array | FileUrl} PathLike */
/** @typedef {(error: Error | null, value?: any) => void} Callback */
/** @typedef {{ code: string, errno: number, syscall: string, path?: string, dest?: string, message: string }} NativeError */

/** `fs.constants` of this system (Node's numbers: Linux's on Linux, libuv's on Windows). */
export const constants = { ...nativeConstants };
export const F_OK = constants.F_OK;
export const R_OK = constants.R_OK;
export const W_OK = constants.W_OK;
export const X_OK = constants.X_OK;

const windows = cwd().includes("\\");

// ---- Errors ----------------------------------------------------------------------------

/**
 * Node's error for a failed call: `ENOENT: no such file or directory, open 'x'` with
 * errno, code, syscall, path and dest, in Node's order.
 * @param {unknown} thrown
 */
function nodeError(thrown) {
  if (thrown === null || typeof thrown !== "object" || thrown instanceof Error) return thrown;
  const info = /** @type {NativeError} */ (thrown);
  if (info.code === "EISDIR" && info.syscall === "rm") return isDirectoryError(info.path ?? "");
  const error = /** @type {Error & Record<string, unknown>} */ (new Error(info.message));
  error.errno = info.errno;
  error.code = info.code;
  error.syscall = info.syscall;
  if (info.path !== undefined) error.path = info.path;
  if (info.dest !== undefined) error.dest = info.dest;
  return error;
}

/**
 * Whether `value` is the native side's description of a failed call.
 * @param {unknown} value
 */
function isNativeError(value) {
  return value !== null && typeof value === "object" && !(value instanceof Error) && "syscall" in value;
}

/**
 * `rm` of a folder without `recursive`: Node's SystemError ERR_FS_EISDIR.
 * @param {string} path
 */
function isDirectoryError(path) {
  const errno = windows ? -4068 : 21;
  const info = { code: "EISDIR", message: "is a directory", path, syscall: "rm", errno };
  const error = /** @type {Error & Record<string, unknown>} */ (
    /** @type {unknown} */ (
      codedError(Error, "ERR_FS_EISDIR", `Path is a directory: rm returned EISDIR (is a directory) ${path}`)
    )
  );
  Object.defineProperty(error, "name", { value: "SystemError", writable: true, configurable: true });
  error.info = info;
  error.errno = errno;
  error.syscall = "rm";
  error.path = path;
  return error;
}

/**
 * How Node's inspect shows a string inside an error message (`'a\x00b'`).
 * @param {string} text
 */
function quoted(text) {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\x00-\x1f\x7f']/g, (c) =>
    c === "'" ? "\\'" : `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
  return `'${escaped}'`;
}

// ---- Arguments -------------------------------------------------------------------------

/**
 * A path argument as the string the native side uses (and errors quote).
 * @param {unknown} path
 * @param {string} [name]
 * @returns {string}
 */
function toPath(path, name = "path") {
  let text;
  if (typeof path === "string") text = path;
  else if (path instanceof Uint8Array) text = utf8Decode(path, false);
  else if (isUrl(path)) text = fileUrlPath(/** @type {FileUrl} */ (path));
  else throw invalidArgType(name, ["string", "Buffer", "URL"], path);
  if (text.includes("\0")) {
    throw codedError(
      TypeError,
      "ERR_INVALID_ARG_VALUE",
      `The argument '${name}' must be a string, Uint8Array, or URL without null bytes. Received ${quoted(text)}`,
    );
  }
  return text;
}

/**
 * Whether `value` is a URL object (as Node tells: by its shape, so that loading URL is
 * not needed to ask).
 * @param {unknown} value
 */
function isUrl(value) {
  const url = /** @type {Record<string, unknown>} */ (value);
  return (
    typeof value === "object" &&
    value !== null &&
    typeof url.href === "string" &&
    typeof url.protocol === "string" &&
    url.auth === undefined &&
    url.path === undefined
  );
}

/**
 * The file path of a `file:` URL, as Node's `fileURLToPath`.
 * @param {FileUrl} url
 */
function fileUrlPath(url) {
  if (url.protocol !== "file:") {
    throw codedError(TypeError, "ERR_INVALID_URL_SCHEME", "The URL must be of scheme file");
  }
  if (/%2f/i.test(url.pathname) || (windows && /%5c/i.test(url.pathname))) {
    throw codedError(
      TypeError,
      "ERR_INVALID_FILE_URL_PATH",
      `File URL path must not include encoded ${windows ? "\\ or / characters" : "/ characters"}`,
    );
  }
  const path = decodeURIComponent(url.pathname);
  if (!windows) {
    if (url.hostname !== "") {
      throw codedError(
        TypeError,
        "ERR_INVALID_FILE_URL_HOST",
        `File URL host must be "localhost" or empty on ${"linux"}`,
      );
    }
    return path;
  }
  const local = path.replace(/\//g, "\\").replace(/^\\([A-Za-z]:)/, "$1");
  return url.hostname !== "" ? `\\\\${url.hostname}${local}` : local;
}

/**
 * A file descriptor argument (an int32 >= 0).
 * @param {unknown} fd
 * @returns {number}
 */
function toFd(fd) {
  if (typeof fd !== "number") throw invalidArgType("fd", "number", fd);
  if (!Number.isInteger(fd)) throw outOfRange("fd", "an integer", fd);
  if (fd < 0 || fd > 2147483647) throw outOfRange("fd", ">= 0 && <= 2147483647", fd);
  return fd;
}

/**
 * Whether a path-or-descriptor argument is a descriptor (an int32 >= 0), as Node tells.
 * @param {unknown} value
 */
function isFd(value) {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 2147483647;
}

/**
 * @param {unknown} callback
 * @returns {Callback}
 */
function toCallback(callback) {
  if (typeof callback !== "function") throw invalidArgType("cb", "function", callback);
  return /** @type {Callback} */ (callback);
}

const FLAGS = /** @type {Record<string, number>} */ ({});
{
  const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_SYNC } = constants;
  const table = /** @type {[string[], number][]} */ ([
    [["r"], O_RDONLY],
    [["rs", "sr"], O_RDONLY | O_SYNC],
    [["r+"], O_RDWR],
    [["rs+", "sr+"], O_RDWR | O_SYNC],
    [["w"], O_TRUNC | O_CREAT | O_WRONLY],
    [["wx", "xw"], O_TRUNC | O_CREAT | O_WRONLY | O_EXCL],
    [["w+"], O_TRUNC | O_CREAT | O_RDWR],
    [["wx+", "xw+"], O_TRUNC | O_CREAT | O_RDWR | O_EXCL],
    [["a"], O_APPEND | O_CREAT | O_WRONLY],
    [["ax", "xa"], O_APPEND | O_CREAT | O_WRONLY | O_EXCL],
    [["as", "sa"], O_APPEND | O_CREAT | O_WRONLY | O_SYNC],
    [["a+"], O_APPEND | O_CREAT | O_RDWR],
    [["ax+", "xa+"], O_APPEND | O_CREAT | O_RDWR | O_EXCL],
    [["as+", "sa+"], O_APPEND | O_CREAT | O_RDWR | O_SYNC],
  ]);
  for (const [names, value] of table) for (const name of names) FLAGS[name] = value;
}

/**
 * Node's open flags (`"w"`, `"a+"`, or a number) as a number.
 * @param {unknown} flags
 * @param {string} fallback
 * @param {string} [name]
 */
function toFlags(flags, fallback, name = "flags") {
  if (flags === undefined || flags === null) return FLAGS[fallback];
  if (typeof flags === "number") return flags;
  if (typeof flags === "string" && Object.hasOwn(FLAGS, flags)) return FLAGS[flags];
  throw invalidArgValue(name, flags);
}

/**
 * A file mode (number or octal string).
 * @param {unknown} mode
 * @param {number} fallback
 * @param {string} [name]
 */
function toMode(mode, fallback, name = "mode") {
  if (mode === undefined || mode === null) return fallback;
  if (typeof mode === "string") {
    if (!/^[0-7]+$/.test(mode))
      throw invalidArgValue(name, mode, "must be a 32-bit unsigned integer or an octal string");
    return parseInt(mode, 8);
  }
  if (typeof mode !== "number") throw invalidArgType(name, ["number", "string"], mode);
  if (!Number.isInteger(mode)) throw outOfRange(name, "an integer", mode);
  if (mode < 0 || mode > 4294967295) throw outOfRange(name, ">= 0 && <= 4294967295", mode);
  return mode;
}

/**
 * An `options` argument that may be an encoding name: the object form.
 * @param {unknown} options
 * @param {Record<string, unknown>} defaults
 * @returns {Record<string, any>}
 */
function toOptions(options, defaults) {
  if (options === undefined || options === null || typeof options === "function") return { ...defaults };
  if (typeof options === "string") return { ...defaults, encoding: checkEncoding(options) };
  if (typeof options !== "object") throw invalidArgType("options", ["string", "Object"], options);
  const merged = { ...defaults, ...options };
  if (merged.encoding !== undefined && merged.encoding !== null) checkEncoding(merged.encoding);
  return merged;
}

/**
 * @param {unknown} encoding
 * @returns {string}
 */
function checkEncoding(encoding) {
  if (encoding === "buffer") return encoding;
  if (typeof encoding !== "string" || !Buffer.isEncoding(encoding)) {
    throw codedError(
      TypeError,
      "ERR_INVALID_ARG_VALUE",
      `The argument 'encoding' is invalid encoding. Received ${typeof encoding === "string" ? quoted(encoding) : String(encoding)}`,
    );
  }
  return encoding;
}

/** @param {unknown} encoding */
function isUtf8(encoding) {
  return typeof encoding === "string" && /^utf-?8$/i.test(encoding);
}

/**
 * Bytes (as a Buffer) in `encoding` (`undefined`/`null`/`"buffer"`: the Buffer itself).
 * @param {Uint8Array} bytes
 * @param {unknown} encoding
 */
function decoded(bytes, encoding) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding === undefined || encoding === null || encoding === "buffer") return buffer;
  return buffer.toString(/** @type {any} */ (encoding));
}

/**
 * What to write: a string (UTF-8 is encoded natively) or a byte view.
 * @param {unknown} data
 * @param {unknown} encoding
 * @param {string} [name]
 * @returns {string | Uint8Array}
 */
function toData(data, encoding, name = "data") {
  if (typeof data === "string") {
    return encoding === undefined || encoding === null || isUtf8(encoding)
      ? data
      : Buffer.from(data, /** @type {any} */ (encoding));
  }
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw invalidArgType(name, ["string", "Buffer", "TypedArray", "DataView"], data);
}

/**
 * A read/write position: a number >= 0, a bigint, or null/-1 for "the current one".
 * @param {unknown} position
 * @returns {number | null}
 */
function toPosition(position) {
  if (position === undefined || position === null) return null;
  if (typeof position === "bigint") return Number(position);
  if (typeof position !== "number") throw invalidArgType("position", ["integer", "bigint"], position);
  if (!Number.isInteger(position)) throw outOfRange("position", "an integer", position);
  return position < 0 ? null : position;
}

// ---- Results -------------------------------------------------------------------------

const S_IFMT = 0o170000;

/** Node's Stats: the numbers of stat(2) and their dates. */
export class Stats {
  /** @param {number[]} numbers dev … birthtimeMs, in Node's order */
  constructor(...numbers) {
    const [
      dev,
      mode,
      nlink,
      uid,
      gid,
      rdev,
      blksize,
      ino,
      size,
      blocks,
      atimeMs,
      mtimeMs,
      ctimeMs,
      birthtimeMs,
    ] = numbers;
    this.dev = dev;
    this.mode = mode;
    this.nlink = nlink;
    this.uid = uid;
    this.gid = gid;
    this.rdev = rdev;
    this.blksize = blksize;
    this.ino = ino;
    this.size = size;
    this.blocks = blocks;
    this.atimeMs = atimeMs;
    this.mtimeMs = mtimeMs;
    this.ctimeMs = ctimeMs;
    this.birthtimeMs = birthtimeMs;
    this.atime = new Date(Math.round(atimeMs));
    this.mtime = new Date(Math.round(mtimeMs));
    this.ctime = new Date(Math.round(ctimeMs));
    this.birthtime = new Date(Math.round(birthtimeMs));
  }
  /** @param {number} kind */
  _isType(kind) {
    return (this.mode & S_IFMT) === kind;
  }
  isFile() {
    return this._isType(0o100000);
  }
  isDirectory() {
    return this._isType(0o40000);
  }
  isSymbolicLink() {
    return this._isType(0o120000);
  }
  isFIFO() {
    return this._isType(0o10000);
  }
  isSocket() {
    return this._isType(0o140000);
  }
  isBlockDevice() {
    return this._isType(0o60000);
  }
  isCharacterDevice() {
    return this._isType(0o20000);
  }
}
Object.defineProperty(Stats.prototype, "_isType", { enumerable: false });

/**
 * BigIntStats (`{ bigint: true }`): the numbers as bigints, and the times in ns too.
 * @param {number[]} numbers
 */
function bigintStats(numbers) {
  const stats = /** @type {Record<string, any>} */ (new Stats(...numbers));
  for (const key of ["dev", "mode", "nlink", "uid", "gid", "rdev", "blksize", "ino", "size", "blocks"]) {
    stats[key] = BigInt(stats[key]);
  }
  for (const key of ["atime", "mtime", "ctime", "birthtime"]) {
    const ms = /** @type {number} */ (stats[`${key}Ms`]);
    stats[`${key}Ms`] = BigInt(Math.floor(ms));
    stats[`${key}Ns`] = BigInt(Math.floor(ms)) * 1000000n + BigInt(Math.round((ms % 1) * 1e6));
  }
  stats.isFile = () => (Number(stats.mode) & S_IFMT) === 0o100000;
  stats.isDirectory = () => (Number(stats.mode) & S_IFMT) === 0o40000;
  stats.isSymbolicLink = () => (Number(stats.mode) & S_IFMT) === 0o120000;
  return stats;
}

/**
 * @param {unknown} options
 * @returns {(numbers: number[]) => any}
 */
function statsOf(options) {
  const bigint =
    typeof options === "object" && options !== null && /** @type {any} */ (options).bigint === true;
  return bigint ? bigintStats : (numbers) => new Stats(...numbers);
}

const kType = Symbol("type");

/** A folder entry of `readdir(…, { withFileTypes: true })`. */
export class Dirent {
  /**
   * @param {string | Uint8Array} name (a Buffer with `encoding: "buffer"`)
   * @param {number} type a UV_DIRENT_* number
   * @param {string} path the folder it is in
   */
  constructor(name, type, path) {
    this.name = name;
    this.parentPath = path;
    this.path = path;
    /** @type {number} */
    this[kType] = type;
  }
  isFile() {
    return this[kType] === 1;
  }
  isDirectory() {
    return this[kType] === 2;
  }
  isSymbolicLink() {
    return this[kType] === 3;
  }
  isFIFO() {
    return this[kType] === 4;
  }
  isSocket() {
    return this[kType] === 5;
  }
  isCharacterDevice() {
    return this[kType] === 6;
  }
  isBlockDevice() {
    return this[kType] === 7;
  }
}

// ---- The three forms of a call ---------------------------------------------------------

/**
 * A call prepared from its arguments: the native call's name and arguments, and what
 * makes its result Node's.
 * @typedef {{ op: string, args: unknown[], then?: (value: any) => any, fail?: (info: NativeError, sync: boolean) => void }} Plan
 */

/**
 * Runs `plan` on the engine thread.
 * @param {Plan} plan
 */
function runSync(plan) {
  let value;
  try {
    value = call(plan.op, plan.args);
  } catch (error) {
    if (plan.fail && isNativeError(error)) plan.fail(/** @type {NativeError} */ (error), true);
    throw nodeError(error);
  }
  return plan.then ? plan.then(value) : value;
}

/**
 * Runs `plan` off the engine thread; `callback(error, value)` later, on it.
 * @param {Plan} plan
 * @param {Callback} callback
 */
function runCallback(plan, callback) {
  /** @param {unknown} error @param {unknown} value */
  const settle = (error, value) => {
    if (plan.fail && isNativeError(error)) plan.fail(/** @type {NativeError} */ (error), false);
    if (error) return callback(/** @type {Error} */ (nodeError(error)));
    let result;
    try {
      result = plan.then ? plan.then(value) : value;
    } catch (failure) {
      return callback(/** @type {Error} */ (failure));
    }
    callback(null, result);
  };
  try {
    call(plan.op, plan.args, settle);
  } catch (error) {
    // Refused before it started (a descriptor that is not open): still a later callback.
    Promise.resolve().then(() => settle(error, undefined));
  }
}

/**
 * Runs `plan` off the engine thread, as a Promise.
 * @param {Plan} plan
 * @returns {Promise<any>}
 */
export function runPromise(plan) {
  return new Promise((resolve, reject) => {
    runCallback(plan, (error, value) => (error ? reject(error) : resolve(value)));
  });
}

/**
 * The callback form of a call whose last argument is the callback.
 * @param {(...args: any[]) => Plan} prepare
 */
function withCallback(prepare) {
  return (/** @type {any[]} */ ...args) => {
    const callback = toCallback(args[args.length - 1]);
    args.pop();
    runCallback(prepare(...args), callback);
  };
}

/**
 * The callback form of a call whose options may be left out: `f(path, [options], cb)`.
 * @param {(...args: any[]) => Plan} prepare
 * @param {number} fixed the arguments before the options
 */
function withOptionalOptions(prepare, fixed) {
  return (/** @type {any[]} */ ...args) => {
    if (args.length === fixed + 1 && typeof args[fixed] === "function") args.splice(fixed, 0, undefined);
    const callback = toCallback(args[fixed + 1]);
    runCallback(prepare(...args.slice(0, fixed + 1)), callback);
  };
}

// ---- Plans -----------------------------------------------------------------------------

/** The calls, each as a function from Node's arguments to a plan. */
export const plans = {
  /**
   * @param {PathLike | number} path
   * @param {unknown} [options]
   */
  readFile(path, options) {
    const { encoding, flag } = toOptions(options, { encoding: null, flag: "r" });
    const text = isUtf8(encoding);
    const target = isFd(path) ? /** @type {number} */ (path) : toPath(path);
    if (toFlags(flag, "r") !== constants.O_RDONLY && typeof target === "string") {
      // A reading flag other than "r" (e.g. "a+", which creates the file): open, read.
      return {
        op: "open",
        args: [target, toFlags(flag, "r"), 0o666],
        then: (/** @type {number} */ fd) => {
          try {
            /** @type {Plan} */
            const plan = plans.readFile(fd, options);
            return plan.then?.(call("readFile", [fd, text]));
          } finally {
            call("close", [fd]);
          }
        },
      };
    }
    return {
      op: "readFile",
      args: [target, text],
      then: (/** @type {Uint8Array | string} */ value) =>
        typeof value === "string" ? value : decoded(value, encoding),
    };
  },
  /**
   * @param {PathLike | number} path
   * @param {unknown} data
   * @param {unknown} [options]
   * @param {string} [defaultFlag]
   */
  writeFile(path, data, options, defaultFlag = "w") {
    const { encoding, flag, mode } = toOptions(options, { encoding: "utf8", flag: defaultFlag, mode: 0o666 });
    const target = isFd(path) ? /** @type {number} */ (path) : toPath(path);
    const bytes = toData(data, encoding);
    return { op: "writeFile", args: [target, bytes, toFlags(flag, defaultFlag), toMode(mode, 0o666)] };
  },
  /**
   * @param {PathLike | number} path
   * @param {unknown} data
   * @param {unknown} [options]
   */
  appendFile(path, data, options) {
    return plans.writeFile(path, data, options, "a");
  },
  /**
   * @param {PathLike} path
   * @param {unknown} [flags]
   * @param {unknown} [mode]
   */
  open(path, flags, mode) {
    return { op: "open", args: [toPath(path), toFlags(flags, "r"), toMode(mode, 0o666)] };
  },
  /** @param {unknown} fd */
  close(fd) {
    return { op: "close", args: [toFd(fd)] };
  },
  /**
   * @param {unknown} fd
   * @param {unknown} options
   */
  fstat(fd, options) {
    return { op: "fstat", args: [toFd(fd)], then: statsOf(options) };
  },
  /**
   * @param {unknown} fd
   * @param {unknown} [length]
   */
  ftruncate(fd, length = 0) {
    return { op: "ftruncate", args: [toFd(fd), Math.max(0, Number(length) || 0)] };
  },
  /** @param {unknown} fd */
  fsync(fd) {
    return { op: "fsync", args: [toFd(fd)] };
  },
  /**
   * @param {PathLike} path
   * @param {unknown} [options]
   */
  stat(path, options) {
    return { op: "stat", args: [toPath(path)], then: statsOf(options) };
  },
  /**
   * @param {PathLike} path
   * @param {unknown} [options]
   */
  lstat(path, options) {
    return { op: "lstat", args: [toPath(path)], then: statsOf(options) };
  },
  /**
   * @param {PathLike} path
   * @param {unknown} [options]
   */
  readdir(path, options) {
    const { encoding, withFileTypes, recursive } = toOptions(options, {
      encoding: "utf8",
      withFileTypes: false,
    });
    const folder = toPath(path);
    const types = Boolean(withFileTypes) || Boolean(recursive);
    return {
      op: "readdir",
      args: [folder, types],
      then: (/** @type {any[]} */ entries) => {
        if (recursive) return readdirRecursive(folder, entries, Boolean(withFileTypes), encoding);
        return entries.map((entry) =>
          withFileTypes
            ? new Dirent(/** @type {string} */ (named(entry[0], encoding)), entry[1], folder)
            : named(entry, encoding),
        );
      },
    };
  },
  /**
   * @param {PathLike} path
   * @param {unknown} [options]
   */
  opendir(path, options) {
    const { encoding } = toOptions(options, { encoding: "utf8" });
    const folder = toPath(path);
    return {
      op: "readdir",
      args: [folder, true],
      // Node's opendir names its own call, and its sync form leaves the path out.
      fail: (/** @type {NativeError} */ info, /** @type {boolean} */ sync) => {
        info.syscall = "opendir";
        info.message = info.message.replace(", scandir", ", opendir");
        if (sync) {
          delete info.path;
          info.message = info.message.replace(/ '.*'$/s, "");
        }
      },
      then: (/** @type {[string, number][]} */ entries) =>
        new Dir(
          folder,
          entries.map(([name, type]) => new Dirent(named(name, encoding), type, folder)),
        ),
    };
  },
  /**
   * @param {PathLike} path
   * @param {unknown} [options]
   */
  mkdir(path, options) {
    const { recursive, mode } =
      typeof options === "number" || typeof options === "string"
        ? { recursive: false, mode: options }
        : toOptions(options, { recursive: false, mode: 0o777 });
    if (typeof recursive !== "boolean") throw invalidArgType("options.recursive", "boolean", recursive);
    const folder = toPath(path);
    return {
      op: "mkdir",
      args: [folder, recursive, toMode(mode, 0o777)],
      then: (/** @type {number | undefined} */ created) =>
        recursive ? (created ? firstCreated(folder, created) : undefined) : undefined,
    };
  },
  /**
   * @param {unknown} prefix
   * @param {unknown} [options]
   */
  mkdtemp(prefix, options) {
    const { encoding } = toOptions(options, { encoding: "utf8" });
    return {
      op: "mkdtemp",
      args: [toPath(prefix, "prefix")],
      then: (/** @type {string} */ name) => named(name, encoding),
    };
  },
  /**
   * @param {PathLike} path
   * @param {unknown} [options]
   */
  rmdir(path, options) {
    const { recursive } = toOptions(options, { recursive: false });
    return { op: "rmdir", args: [toPath(path), Boolean(recursive)] };
  },
  /**
   * @param {PathLike} path
   * @param {unknown} [options]
   */
  rm(path, options) {
    const { recursive, force } = toOptions(options, { recursive: false, force: false });
    if (typeof recursive !== "boolean") throw invalidArgType("options.recursive", "boolean", recursive);
    if (typeof force !== "boolean") throw invalidArgType("options.force", "boolean", force);
    return { op: "rm", args: [toPath(path), recursive, force] };
  },
  /** @param {PathLike} path */
  unlink(path) {
    return { op: "unlink", args: [toPath(path)] };
  },
  /**
   * @param {PathLike} from
   * @param {PathLike} to
   */
  rename(from, to) {
    return { op: "rename", args: [toPath(from, "oldPath"), toPath(to, "newPath")] };
  },
  /**
   * @param {PathLike} from
   * @param {PathLike} to
   * @param {unknown} [mode]
   */
  copyFile(from, to, mode) {
    return { op: "copyFile", args: [toPath(from, "src"), toPath(to, "dest"), toMode(mode, 0)] };
  },
  /**
   * @param {PathLike} path
   * @param {unknown} [mode]
   */
  access(path, mode) {
    return { op: "access", args: [toPath(path), toMode(mode, constants.F_OK)] };
  },
  /**
   * @param {PathLike} path
   * @param {unknown} [options]
   */
  realpath(path, options) {
    const { encoding } = toOptions(options, { encoding: "utf8" });
    return {
      op: "realpath",
      args: [toPath(path)],
      then: (/** @type {string} */ real) => named(real, encoding),
    };
  },
  /**
   * @param {PathLike} path
   * @param {unknown} [options]
   */
  readlink(path, options) {
    const { encoding } = toOptions(options, { encoding: "utf8" });
    return { op: "readlink", args: [toPath(path)], then: (/** @type {string} */ t) => named(t, encoding) };
  },
  /**
   * @param {PathLike} path
   * @param {unknown} [length]
   */
  truncate(path, length = 0) {
    return { op: "truncate", args: [toPath(path), Math.max(0, Number(length) || 0)] };
  },
  /**
   * @param {PathLike} path
   * @param {unknown} atime
   * @param {unknown} mtime
   */
  utimes(path, atime, mtime) {
    return { op: "utimes", args: [toPath(path), toTime(atime, "atime"), toTime(mtime, "mtime")] };
  },
  /**
   * @param {PathLike} path
   * @param {unknown} mode
   */
  chmod(path, mode) {
    return { op: "chmod", args: [toPath(path), toMode(mode, 0)] };
  },
};

/**
 * A time argument (seconds, a numeric string or a Date) in seconds.
 * @param {unknown} time
 * @param {string} name
 */
function toTime(time, name) {
  if (time instanceof Date) return time.getTime() / 1000;
  if (typeof time === "number") return time;
  if (typeof time === "string" && time.trim() !== "" && !Number.isNaN(Number(time))) return Number(time);
  throw invalidArgType(name, ["number", "string", "Date"], time);
}

/**
 * A name in `encoding` (`"buffer"`: a Buffer).
 * @param {string} name
 * @param {unknown} encoding
 */
function named(name, encoding) {
  if (encoding === "buffer") return Buffer.from(name);
  if (encoding === undefined || encoding === null || isUtf8(encoding)) return name;
  return Buffer.from(name).toString(/** @type {any} */ (encoding));
}

/**
 * The first folder `mkdir -p` created, written as the path given (Node's answer): the
 * path without its last `created - 1` components.
 * @param {string} path
 * @param {number} created
 */
function firstCreated(path, created) {
  const separator = windows ? /[\\/]+/ : /\/+/;
  let parts = path.split(separator);
  while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  parts = parts.slice(0, parts.length - (created - 1));
  return parts.join(windows ? "\\" : "/");
}

/**
 * @param {string} folder
 * @param {string} name
 */
function joined(folder, name) {
  const separator = windows ? "\\" : "/";
  return folder.endsWith("/") || (windows && folder.endsWith("\\"))
    ? folder + name
    : folder + separator + name;
}

/**
 * `readdir(…, { recursive: true })`: every entry under `folder`, folder by folder.
 * @param {string} folder
 * @param {[string, number][]} first
 * @param {boolean} withFileTypes
 * @param {unknown} encoding
 */
function readdirRecursive(folder, first, withFileTypes, encoding) {
  /** @type {any[]} */
  const results = [];
  /** @type {[string, string][]} folder and its path relative to `folder` */
  const queue = [[folder, ""]];
  for (let i = 0; i < queue.length; i++) {
    const [path, relative] = queue[i];
    const entries = i === 0 ? first : /** @type {[string, number][]} */ (call("readdir", [path, true]));
    for (const [name, type] of entries) {
      const child = joined(path, name);
      const shown = relative === "" ? name : joined(relative, name);
      if (withFileTypes) results.push(new Dirent(/** @type {string} */ (named(name, encoding)), type, path));
      else results.push(named(shown, encoding));
      // Node follows a link to a folder when it lists names, not when it lists entries.
      const isFolder =
        type === 2 || (!withFileTypes && type === 3 && /** @type {boolean} */ (isFolderSync(child)));
      if (isFolder) queue.push([child, shown]);
    }
  }
  return results;
}

/** @param {string} path */
function isFolderSync(path) {
  try {
    return new Stats(...call("stat", [path])).isDirectory();
  } catch {
    return false;
  }
}

// ---- The sync forms --------------------------------------------------------------------

/**
 * @param {PathLike | number} path
 * @param {unknown} [options]
 */
export function readFileSync(path, options) {
  return runSync(plans.readFile(path, options));
}
/**
 * @param {PathLike | number} path
 * @param {unknown} data
 * @param {unknown} [options]
 */
export function writeFileSync(path, data, options) {
  runSync(plans.writeFile(path, data, options));
}
/**
 * @param {PathLike | number} path
 * @param {unknown} data
 * @param {unknown} [options]
 */
export function appendFileSync(path, data, options) {
  runSync(plans.appendFile(path, data, options));
}
/**
 * @param {PathLike} path
 * @param {unknown} [flags]
 * @param {unknown} [mode]
 * @returns {number}
 */
export function openSync(path, flags, mode) {
  return runSync(plans.open(path, flags, mode));
}
/** @param {unknown} fd */
export function closeSync(fd) {
  runSync(plans.close(fd));
}
/**
 * @param {unknown} fd
 * @param {unknown} [options]
 */
export function fstatSync(fd, options) {
  return runSync(plans.fstat(fd, options));
}
/**
 * @param {unknown} fd
 * @param {unknown} [length]
 */
export function ftruncateSync(fd, length) {
  runSync(plans.ftruncate(fd, length));
}
/** @param {unknown} fd */
export function fsyncSync(fd) {
  runSync(plans.fsync(fd));
}
export const fdatasyncSync = fsyncSync;
/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export function statSync(path, options) {
  if (isThrowIfNoEntryFalse(options)) {
    try {
      return runSync(plans.stat(path, options));
    } catch (error) {
      if (/** @type {any} */ (error)?.code === "ENOENT") return undefined;
      throw error;
    }
  }
  return runSync(plans.stat(path, options));
}
/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export function lstatSync(path, options) {
  if (isThrowIfNoEntryFalse(options)) {
    try {
      return runSync(plans.lstat(path, options));
    } catch (error) {
      if (/** @type {any} */ (error)?.code === "ENOENT") return undefined;
      throw error;
    }
  }
  return runSync(plans.lstat(path, options));
}
/** @param {unknown} options */
function isThrowIfNoEntryFalse(options) {
  return (
    typeof options === "object" && options !== null && /** @type {any} */ (options).throwIfNoEntry === false
  );
}
/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export function readdirSync(path, options) {
  return runSync(plans.readdir(path, options));
}
/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export function mkdirSync(path, options) {
  return runSync(plans.mkdir(path, options));
}
/**
 * @param {unknown} prefix
 * @param {unknown} [options]
 */
export function mkdtempSync(prefix, options) {
  return runSync(plans.mkdtemp(prefix, options));
}
/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export function rmdirSync(path, options) {
  runSync(plans.rmdir(path, options));
}
/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export function rmSync(path, options) {
  runSync(plans.rm(path, options));
}
/** @param {PathLike} path */
export function unlinkSync(path) {
  runSync(plans.unlink(path));
}
/**
 * @param {PathLike} from
 * @param {PathLike} to
 */
export function renameSync(from, to) {
  runSync(plans.rename(from, to));
}
/**
 * @param {PathLike} from
 * @param {PathLike} to
 * @param {unknown} [mode]
 */
export function copyFileSync(from, to, mode) {
  runSync(plans.copyFile(from, to, mode));
}
/**
 * @param {PathLike} path
 * @param {unknown} [mode]
 */
export function accessSync(path, mode) {
  runSync(plans.access(path, mode));
}
/**
 * Whether `path` exists (and may be read): false for anything else, as in Node.
 * @param {unknown} path
 */
export function existsSync(path) {
  try {
    return call("exists", [toPath(/** @type {PathLike} */ (path))]) === true;
  } catch {
    return false;
  }
}
/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export function realpathSync(path, options) {
  return runSync(plans.realpath(path, options));
}
realpathSync.native = realpathSync;
/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export function readlinkSync(path, options) {
  return runSync(plans.readlink(path, options));
}
/**
 * @param {PathLike} path
 * @param {unknown} [length]
 */
export function truncateSync(path, length) {
  runSync(plans.truncate(path, length));
}
/**
 * @param {PathLike} path
 * @param {unknown} atime
 * @param {unknown} mtime
 */
export function utimesSync(path, atime, mtime) {
  runSync(plans.utimes(path, atime, mtime));
}
/**
 * @param {PathLike} path
 * @param {unknown} mode
 */
export function chmodSync(path, mode) {
  runSync(plans.chmod(path, mode));
}

/**
 * `read(fd, buffer, offset, length, position)` or `read(fd, buffer, { … })`: its plan,
 * and the byte view the bytes go into.
 * @param {unknown} fd
 * @param {unknown} buffer
 * @param {unknown[]} rest
 * @returns {Plan}
 */
export function readPlan(fd, buffer, rest) {
  const handle = toFd(fd);
  if (!ArrayBuffer.isView(buffer))
    throw invalidArgType("buffer", ["Buffer", "TypedArray", "DataView"], buffer);
  const view = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let [offset, length, position] = rest;
  if (typeof offset === "object" && offset !== null) {
    // The options form: what is left out covers the rest of the buffer.
    const options = /** @type {any} */ (offset);
    offset = options.offset ?? 0;
    length = options.length ?? view.length - /** @type {number} */ (offset);
    position = options.position ?? null;
  }
  offset = offset === undefined || offset === null ? 0 : checkInteger(offset, "offset", 0);
  const count = Number(length) | 0;
  const start = /** @type {number} */ (offset);
  const at = toPosition(position);
  if (count === 0) return { op: "read", args: [handle, 0, at], then: () => 0 };
  if (view.length === 0) {
    throw invalidArgValue("buffer", buffer, "is empty and cannot be written");
  }
  if (count < 0) throw outOfRange("length", ">= 0", count);
  if (start + count > view.length) throw outOfRange("length", `<= ${view.length - start}`, count);
  return {
    op: "read",
    args: [handle, count, at],
    then: (/** @type {Uint8Array} */ bytes) => {
      view.set(bytes, start);
      return bytes.length;
    },
  };
}

/**
 * Node's validateInteger: a number, an integer, at least `min`.
 * @param {unknown} value
 * @param {string} name
 * @param {number} min
 * @returns {number}
 */
function checkInteger(value, name, min) {
  if (typeof value !== "number") throw invalidArgType(name, "number", value);
  if (!Number.isInteger(value)) throw outOfRange(name, "an integer", value);
  if (value < min || value > Number.MAX_SAFE_INTEGER) {
    throw outOfRange(name, `>= ${min} && <= ${Number.MAX_SAFE_INTEGER}`, value);
  }
  return value;
}

/**
 * `write(fd, buffer, offset, length, position)`, `write(fd, buffer, { … })` or
 * `write(fd, string, position, encoding)`.
 * @param {unknown} fd
 * @param {unknown} data
 * @param {unknown[]} rest
 * @returns {Plan}
 */
export function writePlan(fd, data, rest) {
  const handle = toFd(fd);
  if (typeof data === "string") {
    const [position, encoding] = rest;
    return { op: "write", args: [handle, toData(data, encoding, "buffer"), toPosition(position)] };
  }
  if (!ArrayBuffer.isView(data)) {
    throw invalidArgType("buffer", ["string", "Buffer", "TypedArray", "DataView"], data);
  }
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let [offset, length, position] = rest;
  if (typeof offset === "object" && offset !== null) {
    const options = /** @type {any} */ (offset);
    ({ offset, length, position } = options);
  }
  const start = offset === undefined || offset === null ? 0 : checkInteger(offset, "offset", 0);
  const count = typeof length === "number" ? length : view.length - start;
  if (start > view.length) throw outOfRange("offset", `<= ${view.length}`, start);
  if (count > view.length - start) throw outOfRange("length", `<= ${view.length - start}`, count);
  if (count < 0) throw outOfRange("length", ">= 0", count);
  if (!Number.isInteger(count)) throw outOfRange("length", "an integer", count);
  return { op: "write", args: [handle, view.subarray(start, start + count), toPosition(position)] };
}

/**
 * @param {unknown} fd
 * @param {unknown} buffer
 * @param {unknown[]} rest
 * @returns {number}
 */
export function readSync(fd, buffer, ...rest) {
  return runSync(readPlan(fd, buffer, rest));
}
/**
 * @param {unknown} fd
 * @param {unknown} data
 * @param {unknown[]} rest
 * @returns {number}
 */
export function writeSync(fd, data, ...rest) {
  return runSync(writePlan(fd, data, rest));
}

// ---- The callback forms ----------------------------------------------------------------

export const readFile = withOptionalOptions(plans.readFile, 1);
export const writeFile = withOptionalOptions(plans.writeFile, 2);
export const appendFile = withOptionalOptions(plans.appendFile, 2);
export const close = withCallback(plans.close);
export const fstat = withOptionalOptions(plans.fstat, 1);
export const ftruncate = withOptionalOptions(plans.ftruncate, 1);
export const fsync = withCallback(plans.fsync);
export const fdatasync = fsync;
export const stat = withOptionalOptions(plans.stat, 1);
export const lstat = withOptionalOptions(plans.lstat, 1);
export const readdir = withOptionalOptions(plans.readdir, 1);
export const mkdir = withOptionalOptions(plans.mkdir, 1);
export const mkdtemp = withOptionalOptions(plans.mkdtemp, 1);
export const rmdir = withOptionalOptions(plans.rmdir, 1);
export const rm = withOptionalOptions(plans.rm, 1);
export const unlink = withCallback(plans.unlink);
export const rename = withCallback(plans.rename);
export const copyFile = withOptionalOptions(plans.copyFile, 2);
export const access = withOptionalOptions(plans.access, 1);
export const realpath = /** @type {((...args: any[]) => void) & { native?: Function }} */ (
  withOptionalOptions(plans.realpath, 1)
);
realpath.native = realpath;
export const readlink = withOptionalOptions(plans.readlink, 1);
export const truncate = withOptionalOptions(plans.truncate, 1);
export const utimes = withCallback(plans.utimes);
export const chmod = withCallback(plans.chmod);

/**
 * `open(path, [flags, [mode]], callback)`.
 * @param {PathLike} path
 * @param {unknown[]} rest
 */
export function open(path, ...rest) {
  const callback = toCallback(rest.pop());
  runCallback(plans.open(path, rest[0], rest[1]), callback);
}

/**
 * `read(fd, buffer, offset, length, position, callback)` (or with an options object):
 * `callback(error, bytesRead, buffer)`.
 * @param {unknown} fd
 * @param {unknown} buffer
 * @param {unknown[]} rest
 */
export function read(fd, buffer, ...rest) {
  const callback = toCallback(rest.pop());
  runCallback(readPlan(fd, buffer, rest), (error, bytesRead) =>
    error ? callback(error) : /** @type {Function} */ (callback)(null, bytesRead, buffer),
  );
}

/**
 * `write(fd, data, …, callback)`: `callback(error, bytesWritten, data)`.
 * @param {unknown} fd
 * @param {unknown} data
 * @param {unknown[]} rest
 */
export function write(fd, data, ...rest) {
  const callback = toCallback(rest.pop());
  runCallback(writePlan(fd, data, rest), (error, written) =>
    error ? callback(error) : /** @type {Function} */ (callback)(null, written, data),
  );
}

/**
 * `exists(path, callback)`: `callback(true | false)` (deprecated in Node, still there).
 * @param {unknown} path
 * @param {(exists: boolean) => void} callback
 */
export function exists(path, callback) {
  toCallback(callback);
  let checked;
  try {
    checked = toPath(/** @type {PathLike} */ (path));
  } catch {
    Promise.resolve().then(() => callback(false));
    return;
  }
  call("exists", [checked], (/** @type {unknown} */ _error, /** @type {unknown} */ value) =>
    callback(value === true),
  );
}

// ---- Dir (opendir) ---------------------------------------------------------------------

/** An open folder (`opendir`): its entries, one at a time. */
export class Dir {
  /** @type {string} */
  #path;
  /** @type {Dirent[]} */
  #entries;
  #closed = false;

  /**
   * @param {string} path
   * @param {Dirent[]} entries
   */
  constructor(path, entries) {
    this.#path = path;
    this.#entries = entries;
  }

  get path() {
    return this.#path;
  }

  #check() {
    if (this.#closed) throw codedError(Error, "ERR_DIR_CLOSED", "Directory handle was closed");
  }

  /** The next entry, or null after the last. */
  readSync() {
    this.#check();
    return this.#entries.shift() ?? null;
  }

  /**
   * The next entry (or null): a Promise, or `callback(error, entry)`.
   * @param {Callback} [callback]
   */
  read(callback) {
    if (callback !== undefined) toCallback(callback);
    /** @type {Promise<Dirent | null>} */
    const next = new Promise((resolve) => resolve(this.readSync()));
    if (!callback) return next;
    next.then(
      (entry) => callback(null, entry),
      (error) => callback(error),
    );
  }

  closeSync() {
    this.#check();
    this.#closed = true;
  }

  /** @param {Callback} [callback] */
  close(callback) {
    if (callback !== undefined) toCallback(callback);
    /** @type {Promise<void>} */
    const closed = new Promise((resolve) => resolve(this.closeSync()));
    if (!callback) return closed;
    closed.then(
      () => callback(null),
      (error) => callback(error),
    );
  }

  /** The entries left, closing the folder after the last (or on `break`). */
  async *[Symbol.asyncIterator]() {
    try {
      for (let entry = this.readSync(); entry !== null; entry = this.readSync()) yield entry;
    } finally {
      if (!this.#closed) this.closeSync();
    }
  }
}

const opendirPlan = plans.opendir;

/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export function opendirSync(path, options) {
  return runSync(opendirPlan(path, options));
}
export const opendir = withOptionalOptions(opendirPlan, 1);

// ---- Streams: loaded on first use (they need node:stream) -------------------------------

/** @returns {typeof import("./internal/fs_streams.js")} */
function streams() {
  return /** @type {typeof import("./internal/fs_streams.js")} */ (load("node/internal/fs_streams.js"));
}

/**
 * The file's bytes as a Readable (`start`/`end` inclusive, `encoding`, `fd`, `highWaterMark`, …).
 * @param {PathLike | undefined} path
 * @param {unknown} [options]
 */
export function createReadStream(path, options) {
  return new (streams().ReadStream)(/** @type {any} */ (path), options);
}

/**
 * A Writable into the file (`flags`, `start`, `encoding`, `fd`, …).
 * @param {PathLike | undefined} path
 * @param {unknown} [options]
 */
export function createWriteStream(path, options) {
  return new (streams().WriteStream)(/** @type {any} */ (path), options);
}

// ---- The default export: Node's `require("fs")` ----------------------------------------

import * as promises from "./fs/promises.js";
export { promises };

const fs = {
  constants,
  F_OK,
  R_OK,
  W_OK,
  X_OK,
  Stats,
  Dirent,
  Dir,
  promises,
  opendir,
  opendirSync,
  readFile,
  readFileSync,
  writeFile,
  writeFileSync,
  appendFile,
  appendFileSync,
  open,
  openSync,
  close,
  closeSync,
  read,
  readSync,
  write,
  writeSync,
  fstat,
  fstatSync,
  ftruncate,
  ftruncateSync,
  fsync,
  fsyncSync,
  fdatasync,
  fdatasyncSync,
  stat,
  statSync,
  lstat,
  lstatSync,
  readdir,
  readdirSync,
  mkdir,
  mkdirSync,
  mkdtemp,
  mkdtempSync,
  rmdir,
  rmdirSync,
  rm,
  rmSync,
  unlink,
  unlinkSync,
  rename,
  renameSync,
  copyFile,
  copyFileSync,
  access,
  accessSync,
  exists,
  existsSync,
  realpath,
  realpathSync,
  readlink,
  readlinkSync,
  truncate,
  truncateSync,
  utimes,
  utimesSync,
  chmod,
  chmodSync,
  createReadStream,
  createWriteStream,
  // Node's fs.ReadStream and fs.WriteStream are lazy too.
  get ReadStream() {
    return streams().ReadStream;
  },
  get WriteStream() {
    return streams().WriteStream;
  },
};
export default fs;
