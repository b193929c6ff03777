// structuredClone (HTML §2.7, StructuredSerializeWithTransfer then deserialize, done in
// one walk): what it can copy, it copies with identity and cycles kept; what it cannot
// (functions, symbols, promises, weak collections) is a DataCloneError.
import { DOMException } from "./dom_exception.js";
import { dictionary, requireArgs } from "./events.js";

/**
 * Platform objects that are serializable or transferable (Blob, MessagePort, …): each
 * module that defines one registers how to copy (or transfer) it.
 * `transfer` gives the object's new self at once and `commit`, which moves what it holds
 * once the whole clone succeeded.
 * @typedef {{
 *   test(value: object): boolean,
 *   clone?(value: any, copy: (v: unknown) => unknown): object,
 *   transfer?(value: any): { copy: object, commit(): void },
 *   detached?(value: any): boolean,
 * }} Kind
 * @type {Kind[]}
 */
const kinds = [];
/** @param {Kind} kind */
export function defineCloneable(kind) {
  kinds.push(kind);
}

const ERROR_NAMES = [
  "Error",
  "EvalError",
  "RangeError",
  "ReferenceError",
  "SyntaxError",
  "TypeError",
  "URIError",
];
/** @type {Record<string, ErrorConstructor>} */
const ERRORS = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };

const TYPED_ARRAYS = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
];

const toTag = (/** @type {unknown} */ value) => Object.prototype.toString.call(value).slice(8, -1);

/** @param {unknown} value */
function describe(value) {
  if (typeof value === "function") return Function.prototype.toString.call(value);
  if (typeof value === "symbol") return value.toString();
  return `#<${toTag(value)}>`;
}

/** @param {unknown} value */
const uncloneable = (value) => new DOMException(`${describe(value)} could not be cloned.`, "DataCloneError");

/** @param {ArrayBuffer} buffer */
function isDetached(buffer) {
  const b = /** @type {{ detached?: boolean }} */ (/** @type {unknown} */ (buffer));
  if (typeof b.detached === "boolean") return b.detached;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

/** @param {ArrayBuffer} buffer */
function copyBuffer(buffer) {
  const b = /** @type {{ resizable?: boolean, maxByteLength?: number }} */ (/** @type {unknown} */ (buffer));
  if (b.resizable) {
    // @ts-ignore: resizable buffers are ES2024
    const copy = new ArrayBuffer(buffer.byteLength, { maxByteLength: b.maxByteLength });
    new Uint8Array(copy).set(new Uint8Array(buffer));
    return copy;
  }
  return buffer.slice(0);
}

/**
 * @param {unknown} value
 * @param {{ transfer?: Iterable<unknown> }} [options]
 */
export function structuredClone(value, options = undefined) {
  requireArgs(arguments, 1, "structuredClone");
  const transfer = dictionary(options).transfer;
  if (transfer === undefined) return cloneWithTransfer(value, []);
  if (typeof transfer !== "object" || transfer === null || !(Symbol.iterator in transfer))
    throw new TypeError("structuredClone: options.transfer must be a sequence of objects");
  return cloneWithTransfer(value, [...transfer]);
}

/**
 * The value copied; the transferred objects' copies stand in for them, and they are
 * detached (or, for ports, moved) only once the whole copy succeeded.
 * @param {unknown} value
 * @param {unknown[]} transferList
 */
export function cloneWithTransfer(value, transferList) {
  /** @type {Map<object, unknown>} */
  const memo = new Map();
  /** @type {(() => void)[]} */
  const finish = [];
  for (const item of transferList) {
    if ((typeof item !== "object" && typeof item !== "function") || item === null)
      throw new TypeError("structuredClone: the transfer list holds only objects");
    if (memo.has(item)) throw new DOMException("Transfer list contains duplicate objects", "DataCloneError");
    if (item instanceof ArrayBuffer) {
      if (isDetached(item))
        throw new DOMException("An ArrayBuffer is detached and could not be cloned.", "DataCloneError");
      memo.set(item, copyBuffer(item));
      finish.push(() => detach(item));
      continue;
    }
    const kind = kinds.find((k) => k.transfer && k.test(item));
    if (!kind?.transfer) throw new DOMException(`${describe(item)} is not transferable`, "DataCloneError");
    if (kind.detached?.(item))
      throw new DOMException(`${describe(item)} could not be transferred`, "DataCloneError");
    const prepared = kind.transfer(item);
    memo.set(item, prepared.copy);
    finish.push(prepared.commit);
  }
  const result = copy(value, memo);
  for (const step of finish) step();
  return result;
}

/** @param {ArrayBuffer} buffer */
function detach(buffer) {
  const b = /** @type {{ transfer?: () => ArrayBuffer }} */ (/** @type {unknown} */ (buffer));
  if (typeof b.transfer === "function") b.transfer();
}

/**
 * @param {unknown} value
 * @param {Map<object, unknown>} memo
 * @returns {unknown}
 */
function copy(value, memo) {
  if (typeof value === "symbol" || typeof value === "function") throw uncloneable(value);
  if (typeof value !== "object" || value === null) return value;
  if (memo.has(value)) return memo.get(value);
  /** @type {(clone: object) => object} */
  const remember = (clone) => (memo.set(value, clone), clone);
  const tag = toTag(value);
  if (value instanceof Boolean) return remember(Object(Boolean.prototype.valueOf.call(value)));
  if (value instanceof Number) return remember(Object(Number.prototype.valueOf.call(value)));
  if (value instanceof String) return remember(Object(String.prototype.valueOf.call(value)));
  if (value instanceof BigInt) return remember(Object(BigInt.prototype.valueOf.call(value)));
  if (value instanceof Date) return remember(new Date(value.getTime()));
  if (value instanceof RegExp) return remember(new RegExp(value.source, value.flags));
  if (value instanceof ArrayBuffer) {
    if (isDetached(value))
      throw new DOMException("An ArrayBuffer is detached and could not be cloned.", "DataCloneError");
    return remember(copyBuffer(value));
  }
  if (ArrayBuffer.isView(value)) {
    const buffer = /** @type {ArrayBuffer} */ (copy(value.buffer, memo));
    if (value instanceof DataView) return remember(new DataView(buffer, value.byteOffset, value.byteLength));
    const Type = TYPED_ARRAYS.find((T) => value instanceof T);
    if (!Type) throw uncloneable(value);
    const typed = /** @type {Uint8Array} */ (/** @type {unknown} */ (value));
    return remember(new Type(buffer, typed.byteOffset, typed.length));
  }
  if (value instanceof Map) {
    const map = new Map();
    remember(map);
    const entries = [...value];
    for (const [k, v] of entries) map.set(copy(k, memo), copy(v, memo));
    return map;
  }
  if (value instanceof Set) {
    const set = new Set();
    remember(set);
    for (const v of [...value]) set.add(copy(v, memo));
    return set;
  }
  if (value instanceof DOMException) {
    return remember(new DOMException(value.message, value.name));
  }
  if (value instanceof Error) return copyError(value, memo, remember);
  if (
    value instanceof Promise ||
    value instanceof WeakMap ||
    value instanceof WeakSet ||
    value instanceof WeakRef ||
    tag === "FinalizationRegistry" ||
    (typeof SharedArrayBuffer === "function" && value instanceof SharedArrayBuffer)
  )
    throw uncloneable(value);
  const kind = kinds.find((k) => k.test(value));
  if (kind) {
    if (!kind.clone) throw uncloneable(value);
    return remember(kind.clone(value, (v) => copy(v, memo)));
  }
  if (Array.isArray(value)) {
    const array = new Array(value.length);
    remember(array);
    for (const key of Object.keys(value)) {
      /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (array))[key] = copy(
        /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (value))[key],
        memo,
      );
    }
    return array;
  }
  // Any other object (a class instance too) is copied as a plain object of its own
  // enumerable string-keyed properties, as the standard (and V8) do.
  /** @type {Record<string, unknown>} */
  const object = {};
  remember(object);
  const source = /** @type {Record<string, unknown>} */ (value);
  for (const key of Object.keys(source)) {
    const v = source[key];
    // A getter may have deleted what Object.keys saw: the standard skips it.
    if (!Object.prototype.hasOwnProperty.call(source, key)) continue;
    object[key] = copy(v, memo);
  }
  return object;
}

/**
 * @param {Error} value
 * @param {Map<object, unknown>} memo
 * @param {(clone: object) => object} remember
 */
function copyError(value, memo, remember) {
  const name = String(value.name);
  const Type = ERROR_NAMES.includes(name) ? ERRORS[name] : Error;
  const error = /** @type {Error & Record<string, unknown>} */ (Object.create(Type.prototype));
  remember(error);
  const message = Object.getOwnPropertyDescriptor(value, "message");
  if (message && "value" in message)
    Object.defineProperty(error, "message", {
      value: String(message.value),
      writable: true,
      configurable: true,
    });
  const stack = value.stack;
  if (typeof stack === "string")
    Object.defineProperty(error, "stack", { value: stack, writable: true, configurable: true });
  const cause = Object.getOwnPropertyDescriptor(value, "cause");
  if (cause && "value" in cause)
    Object.defineProperty(error, "cause", {
      value: copy(cause.value, memo),
      writable: true,
      configurable: true,
    });
  return error;
}
