// node:util — inspect/format (./internal/inspect.js), promisify/callbackify, inherits,
// deprecate, types (./internal/types.js), isDeepStrictEqual, the encoders of the web
// platform, and Node's legacy `is*` helpers.
import { TextEncoder, TextDecoder } from "../encoding.js";
import { inspect, format, formatWithOptions } from "./internal/inspect.js";
import * as typeChecks from "./internal/types.js";
import types from "./util/types.js";
import { isDeepStrictEqual } from "./internal/comparisons.js";
import { codedError, invalidArgType } from "./internal/errors.js";

export { inspect, format, formatWithOptions, types, isDeepStrictEqual, TextEncoder, TextDecoder };

const kCustomPromisify = Symbol.for("nodejs.util.promisify.custom");

/**
 * @typedef {((...args: any[]) => any) & { [kCustomPromisify]?: unknown }} Callable
 */

/**
 * A promise-returning version of a callback-last function (or its
 * `util.promisify.custom` one).
 * @param {Callable} original
 */
export function promisify(original) {
  if (typeof original !== "function") throw invalidArgType("original", "Function", original);
  const custom = original[kCustomPromisify];
  if (custom !== undefined) {
    if (typeof custom !== "function") throw invalidArgType("util.promisify.custom", "Function", custom);
    Object.defineProperty(custom, kCustomPromisify, {
      value: custom,
      enumerable: false,
      writable: false,
      configurable: true,
    });
    return custom;
  }
  /**
   * @this {unknown}
   * @param {unknown[]} args
   */
  function fn(...args) {
    return new Promise((resolve, reject) => {
      Reflect.apply(original, this, [
        ...args,
        /** @param {unknown} error @param {unknown} value */
        (error, value) => (error ? reject(error) : resolve(value)),
      ]);
    });
  }
  Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
  Object.defineProperty(fn, kCustomPromisify, {
    value: fn,
    enumerable: false,
    writable: false,
    configurable: true,
  });
  const descriptors = Object.getOwnPropertyDescriptors(original);
  for (const key of Reflect.ownKeys(descriptors)) {
    const descriptor = /** @type {any} */ (descriptors)[key];
    if (Object.hasOwn(fn, key) && !Object.getOwnPropertyDescriptor(fn, key)?.configurable) continue;
    Object.defineProperty(fn, key, descriptor);
  }
  return fn;
}
promisify.custom = kCustomPromisify;

/** Runs `callback` after the current operation, as Node's `process.nextTick` would. @param {() => void} callback */
function soon(callback) {
  const process = /** @type {any} */ (globalThis).process;
  if (typeof process?.nextTick === "function") process.nextTick(callback);
  else void Promise.resolve().then(callback);
}

/**
 * A callback-last version of an async function.
 * @param {(...args: any[]) => Promise<unknown>} original
 */
export function callbackify(original) {
  if (typeof original !== "function") throw invalidArgType("original", "Function", original);
  /**
   * @this {unknown}
   * @param {unknown[]} args
   */
  function callbackified(...args) {
    const callback = args.pop();
    if (typeof callback !== "function") throw invalidArgType("last argument", "Function", callback);
    const done = /** @type {(...a: unknown[]) => void} */ (callback).bind(this);
    Reflect.apply(original, this, args).then(
      (/** @type {unknown} */ value) => soon(() => done(null, value)),
      (/** @type {unknown} */ reason) => {
        if (!reason) {
          const error = /** @type {Error & { reason?: unknown }} */ (
            codedError(Error, "ERR_FALSY_VALUE_REJECTION", "Promise was rejected with falsy value")
          );
          error.reason = reason;
          reason = error;
        }
        soon(() => done(reason));
      },
    );
  }
  const descriptors = Object.getOwnPropertyDescriptors(original);
  if (typeof descriptors.length.value === "number") descriptors.length.value++;
  if (typeof descriptors.name.value === "string") descriptors.name.value += "Callbackified";
  Object.defineProperties(callbackified, { length: descriptors.length, name: descriptors.name });
  return callbackified;
}

/**
 * Legacy prototype inheritance: `ctor.prototype` gets `superCtor.prototype` as its
 * prototype, and `ctor.super_` is `superCtor`.
 * @param {Function} ctor
 * @param {Function} superCtor
 */
export function inherits(ctor, superCtor) {
  if (ctor === undefined || ctor === null) throw invalidArgType("ctor", "Function", ctor);
  if (superCtor === undefined || superCtor === null) throw invalidArgType("superCtor", "Function", superCtor);
  if (superCtor.prototype === undefined) {
    throw invalidArgType("superCtor.prototype", "Object", superCtor.prototype);
  }
  Object.defineProperty(ctor, "super_", { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

/** @type {Set<string>} */
const deprecationsWarned = new Set();

/**
 * `fn` wrapped to warn once (per `code`, when given) that it is deprecated.
 * @template {Function} F
 * @param {F} fn
 * @param {string} message
 * @param {string} [code]
 * @returns {F}
 */
export function deprecate(fn, message, code) {
  if (code !== undefined && typeof code !== "string") throw invalidArgType("code", "string", code);
  let warned = false;
  /**
   * @this {unknown}
   * @param {unknown[]} args
   */
  function deprecated(...args) {
    const process = /** @type {any} */ (globalThis).process;
    if (!warned && !process?.noDeprecation) {
      warned = true;
      if (code === undefined || !deprecationsWarned.has(code)) {
        if (code !== undefined) deprecationsWarned.add(code);
        if (typeof process?.emitWarning === "function")
          process.emitWarning(message, "DeprecationWarning", code);
        else console.error(`${code ? `[${code}] ` : ""}DeprecationWarning: ${message}`);
      }
    }
    return new.target ? Reflect.construct(fn, args, new.target) : Reflect.apply(fn, this, args);
  }
  Object.setPrototypeOf(deprecated, fn);
  if (fn.prototype) deprecated.prototype = fn.prototype;
  return /** @type {any} */ (deprecated);
}

/**
 * A debug logger printing to stderr when NODE_DEBUG names `section`.
 * @param {string} section
 * @param {(fn: Function) => void} [callback]
 */
export function debuglog(section, callback) {
  const process = /** @type {any} */ (globalThis).process;
  const names = String(process?.env?.NODE_DEBUG ?? "")
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((name) => new RegExp(`^${name.replace(/[|\\{}()[\]^$+?.]/g, "\\$&").replaceAll("*", ".*")}$`, "i"));
  const enabled = names.some((re) => re.test(section));
  const pid = process?.pid ?? 0;
  /** @param {unknown[]} args */
  const logger = (...args) => {
    if (enabled) console.error(`${section.toUpperCase()} ${pid}: ${format(...args)}`);
  };
  Object.defineProperty(logger, "enabled", { get: () => enabled, enumerable: true });
  if (typeof callback === "function") callback(logger);
  return logger;
}
export const debug = debuglog;

/** @param {string} text */
export function toUSVString(text) {
  return String(text).toWellFormed();
}

// eslint-disable-next-line no-control-regex
const ansi =
  /[\u001B\u009B][[\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\d/#&.:=?%@~_]+)*|[a-zA-Z\d]+(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g;

/** @param {string} text */
export function stripVTControlCharacters(text) {
  if (typeof text !== "string") throw invalidArgType("str", "string", text);
  return text.replace(ansi, "");
}

/**
 * @param {string | string[]} style
 * @param {string} text
 */
export function styleText(style, text) {
  if (typeof text !== "string") throw invalidArgType("text", "string", text);
  let out = text;
  for (const name of Array.isArray(style) ? style : [style]) {
    const codes = /** @type {Record<string, [number, number]>} */ (inspect.colors)[name];
    if (codes === undefined) {
      throw codedError(
        TypeError,
        "ERR_INVALID_ARG_VALUE",
        `The argument 'format' must be one of: ${Object.keys(inspect.colors)
          .map((k) => `'${k}'`)
          .join(", ")}. Received ${inspect(name)}`,
      );
    }
    out = `\u001b[${codes[0]}m${out}\u001b[${codes[1]}m`;
  }
  return out;
}

/** @param {object} target @param {object} source */
export function _extend(target, source) {
  if (source === null || typeof source !== "object") return target;
  for (const key of Object.keys(source)) /** @type {any} */ (target)[key] = /** @type {any} */ (source)[key];
  return target;
}

/** @param {unknown} value */
export const isArray = (value) => Array.isArray(value);
/** @param {unknown} value */
export const isBoolean = (value) => typeof value === "boolean";
/** @param {unknown} value */
export const isBuffer = (value) =>
  value instanceof Uint8Array && /** @type {any} */ (value).constructor?.name === "Buffer";
/** @param {unknown} value */
export const isNull = (value) => value === null;
/** @param {unknown} value */
export const isNullOrUndefined = (value) => value === null || value === undefined;
/** @param {unknown} value */
export const isNumber = (value) => typeof value === "number";
/** @param {unknown} value */
export const isString = (value) => typeof value === "string";
/** @param {unknown} value */
export const isSymbol = (value) => typeof value === "symbol";
/** @param {unknown} value */
export const isUndefined = (value) => value === undefined;
/** @param {unknown} value */
export const isRegExp = (value) => typeChecks.isRegExp(value);
/** @param {unknown} value */
export const isObject = (value) => value !== null && typeof value === "object";
/** @param {unknown} value */
export const isDate = (value) => typeChecks.isDate(value);
/** @param {unknown} value */
export const isError = (value) => typeChecks.isNativeError(value) || value instanceof Error;
/** @param {unknown} value */
export const isFunction = (value) => typeof value === "function";
/** @param {unknown} value */
export const isPrimitive = (value) =>
  value === null || (typeof value !== "object" && typeof value !== "function");

/**
 * Node's `util.getSystemErrorName` for the common errno values (negative numbers).
 * @param {number} err
 */
export function getSystemErrorName(err) {
  if (typeof err !== "number") throw invalidArgType("err", "number", err);
  if (err >= 0 || !Number.isSafeInteger(err)) {
    throw codedError(
      RangeError,
      "ERR_OUT_OF_RANGE",
      `The value of "err" is out of range. It must be a negative integer. Received ${err}`,
    );
  }
  return SYSTEM_ERRORS[-err] ?? `Unknown system error ${err}`;
}

/** Linux errno names, as Node reports them (libuv maps Windows errors to these). */
const SYSTEM_ERRORS = /** @type {Record<number, string>} */ ({
  1: "EPERM",
  2: "ENOENT",
  3: "ESRCH",
  4: "EINTR",
  5: "EIO",
  9: "EBADF",
  11: "EAGAIN",
  12: "ENOMEM",
  13: "EACCES",
  17: "EEXIST",
  20: "ENOTDIR",
  21: "EISDIR",
  22: "EINVAL",
  24: "EMFILE",
  28: "ENOSPC",
  32: "EPIPE",
  39: "ENOTEMPTY",
  98: "EADDRINUSE",
  104: "ECONNRESET",
  110: "ETIMEDOUT",
  111: "ECONNREFUSED",
});

/**
 * Resolves when `signal` aborts (Node's `util.aborted`; the resource is not tracked).
 * @param {import("../abort.js").AbortSignal} signal
 * @param {unknown} resource
 */
export function aborted(signal, resource) {
  if (signal === undefined || signal === null || typeof signal !== "object" || !("aborted" in signal)) {
    throw invalidArgType("signal", "AbortSignal", signal);
  }
  if (resource === null || (typeof resource !== "object" && typeof resource !== "function")) {
    throw invalidArgType("resource", "object", resource);
  }
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(undefined), { once: true }));
}

export default {
  _extend,
  callbackify,
  debug,
  debuglog,
  deprecate,
  format,
  formatWithOptions,
  getSystemErrorName,
  inherits,
  inspect,
  isArray,
  isBoolean,
  isBuffer,
  isDeepStrictEqual,
  isNull,
  isNullOrUndefined,
  isNumber,
  isString,
  isSymbol,
  isUndefined,
  isRegExp,
  isObject,
  isDate,
  isError,
  isFunction,
  isPrimitive,
  promisify,
  stripVTControlCharacters,
  styleText,
  toUSVString,
  aborted,
  TextDecoder,
  TextEncoder,
  types,
};
