// Deep equality as Node's assert.deepStrictEqual / deepEqual and util.isDeepStrictEqual
// define it: strict compares with Object.is, prototypes and symbol keys; loose with ==
// and ignores prototypes. Cycles: a pair of objects already being compared further up
// counts as equal (so two structures that loop the same way are equal).
import * as types from "./types.js";

/**
 * @typedef {Map<object, Set<object>>} Memos the pairs being compared, a to its b's
 */

/**
 * @param {unknown} a
 * @param {unknown} b
 */
export function isDeepStrictEqual(a, b) {
  return deepEqual(a, b, true, undefined);
}

/**
 * @param {unknown} a
 * @param {unknown} b
 */
export function isDeepLooseEqual(a, b) {
  return deepEqual(a, b, false, undefined);
}

/** @param {unknown} v @returns {v is object} */
const isObject = (v) => v !== null && typeof v === "object";

/**
 * @param {unknown} a
 * @param {unknown} b
 * @param {boolean} strict
 * @param {Memos | undefined} memos
 * @returns {boolean}
 */
function deepEqual(a, b, strict, memos) {
  if (a === b) return a !== 0 || !strict || Object.is(a, b);
  if (strict) {
    if (typeof a !== "object") return typeof a === "number" && Number.isNaN(a) && Number.isNaN(b);
    if (typeof b !== "object" || a === null || b === null) return false;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  } else {
    if (!isObject(a)) {
      if (!isObject(b)) return a == b || (Number.isNaN(a) && Number.isNaN(b)); // eslint-disable-line eqeqeq
      return false;
    }
    if (!isObject(b)) return false;
  }
  const tag = Object.prototype.toString.call(a);
  if (tag !== Object.prototype.toString.call(b)) return false;
  const A = /** @type {any} */ (a);
  const B = /** @type {any} */ (b);
  if (Array.isArray(A)) {
    if (!Array.isArray(B) || A.length !== B.length) return false;
    const keysA = nonIndexKeys(A, strict);
    if (keysA.length !== nonIndexKeys(B, strict).length) return false;
    return keyCheck(A, B, strict, memos, "array", keysA);
  }
  if (tag === "[object Object]" && !types.isBoxedPrimitive(A) && !types.isNativeError(A)) {
    return keyCheck(A, B, strict, memos, "none");
  }
  if (types.isDate(A)) {
    if (!types.isDate(B) || Date.prototype.getTime.call(A) !== Date.prototype.getTime.call(B)) return false;
  } else if (types.isRegExp(A)) {
    if (!types.isRegExp(B) || A.source !== B.source || A.flags !== B.flags || A.lastIndex !== B.lastIndex)
      return false;
  } else if (types.isNativeError(A) || A instanceof Error) {
    if ((!types.isNativeError(B) && !(B instanceof Error)) || A.message !== B.message || A.name !== B.name) {
      return false;
    }
  } else if (ArrayBuffer.isView(A)) {
    if (!ArrayBuffer.isView(B)) return false;
    const [x, y] = /** @type {any[]} */ ([A, B]);
    if (!strict && (types.isFloat32Array(A) || types.isFloat64Array(A))) {
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    } else if (!sameBytes(A, B)) {
      return false;
    }
    const keysA = nonIndexKeys(A, strict);
    if (keysA.length !== nonIndexKeys(B, strict).length) return false;
    return keyCheck(A, B, strict, memos, "none", keysA);
  } else if (types.isSet(A)) {
    if (!types.isSet(B) || A.size !== B.size) return false;
    return keyCheck(A, B, strict, memos, "set");
  } else if (types.isMap(A)) {
    if (!types.isMap(B) || A.size !== B.size) return false;
    return keyCheck(A, B, strict, memos, "map");
  } else if (types.isAnyArrayBuffer(A)) {
    if (!types.isAnyArrayBuffer(B) || !sameBytes(new Uint8Array(A), new Uint8Array(B))) return false;
  } else if (types.isBoxedPrimitive(A)) {
    if (!sameBoxed(A, B)) return false;
  } else if (
    Array.isArray(B) ||
    ArrayBuffer.isView(B) ||
    types.isSet(B) ||
    types.isMap(B) ||
    types.isDate(B) ||
    types.isRegExp(B) ||
    types.isAnyArrayBuffer(B) ||
    types.isBoxedPrimitive(B) ||
    types.isNativeError(B) ||
    B instanceof Error
  ) {
    return false;
  }
  return keyCheck(A, B, strict, memos, "none");
}

/** @param {ArrayBufferView} a @param {ArrayBufferView} b */
function sameBytes(a, b) {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** @param {object} a @param {object} b */
function sameBoxed(a, b) {
  /** @type {[(v: unknown) => boolean, Function][]} */
  const kinds = [
    [types.isNumberObject, Number.prototype.valueOf],
    [types.isStringObject, String.prototype.valueOf],
    [types.isBooleanObject, Boolean.prototype.valueOf],
    [types.isBigIntObject, BigInt.prototype.valueOf],
    [types.isSymbolObject, Symbol.prototype.valueOf],
  ];
  for (const [is, valueOf] of kinds) {
    if (is(a)) return is(b) && Object.is(valueOf.call(a), valueOf.call(b));
  }
  return false;
}

/**
 * Own enumerable keys that are not array indices (symbols too when strict).
 * @param {any} value
 * @param {boolean} strict
 */
function nonIndexKeys(value, strict) {
  /** @type {(string | symbol)[]} */
  const keys = Object.keys(value).filter((k) => !isIndexKey(k));
  if (strict) {
    for (const s of Object.getOwnPropertySymbols(value)) {
      if (Object.prototype.propertyIsEnumerable.call(value, s)) keys.push(s);
    }
  }
  return keys;
}

/** @param {string} key */
function isIndexKey(key) {
  if (key === "" || (key.length > 1 && key[0] === "0")) return false;
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && n < 2 ** 32 - 1;
}

/**
 * @param {any} a
 * @param {any} b
 * @param {boolean} strict
 * @param {Memos | undefined} memos
 * @param {"none" | "array" | "set" | "map"} kind
 * @param {(string | symbol)[]} [givenKeys]
 */
function keyCheck(a, b, strict, memos, kind, givenKeys) {
  /** @type {(string | symbol)[]} */
  let keys;
  if (givenKeys === undefined) {
    keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
  } else {
    keys = givenKeys;
  }
  for (const key of keys) {
    if (!Object.prototype.propertyIsEnumerable.call(b, key)) return false;
  }
  if (strict && givenKeys === undefined) {
    let count = 0;
    for (const s of Object.getOwnPropertySymbols(a)) {
      if (Object.prototype.propertyIsEnumerable.call(a, s)) {
        if (!Object.prototype.propertyIsEnumerable.call(b, s)) return false;
        keys.push(s);
        count++;
      }
    }
    const countB = Object.getOwnPropertySymbols(b).filter((s) =>
      Object.prototype.propertyIsEnumerable.call(b, s),
    );
    if (count !== countB.length) return false;
  }
  if (
    keys.length === 0 &&
    (kind === "none" ||
      (kind === "array" && a.length === 0) ||
      ((kind === "set" || kind === "map") && a.size === 0))
  ) {
    return true;
  }
  if (memos === undefined) memos = new Map();
  let partners = memos.get(a);
  if (partners?.has(b)) return true;
  if (partners === undefined) memos.set(a, (partners = new Set()));
  partners.add(b);
  const equal = objectEquivalent(a, b, strict, keys, memos, kind);
  partners.delete(b);
  if (partners.size === 0) memos.delete(a);
  return equal;
}

/**
 * @param {any} a
 * @param {any} b
 * @param {boolean} strict
 * @param {(string | symbol)[]} keys
 * @param {Memos} memos
 * @param {"none" | "array" | "set" | "map"} kind
 */
function objectEquivalent(a, b, strict, keys, memos, kind) {
  if (kind === "set") {
    if (!setEquivalent(a, b, strict, memos)) return false;
  } else if (kind === "map") {
    if (!mapEquivalent(a, b, strict, memos)) return false;
  } else if (kind === "array") {
    for (let i = 0; i < a.length; i++) {
      const inA = Object.hasOwn(a, i);
      if (inA !== Object.hasOwn(b, i)) return false;
      if (inA && !deepEqual(a[i], b[i], strict, memos)) return false;
    }
  }
  for (const key of keys) {
    if (!deepEqual(a[key], b[key], strict, memos)) return false;
  }
  return true;
}

/**
 * @param {Set<unknown>} a
 * @param {Set<unknown>} b
 * @param {boolean} strict
 * @param {Memos} memos
 */
function setEquivalent(a, b, strict, memos) {
  const restA = [...a].filter((v) => !b.has(v));
  const restB = [...b].filter((v) => !a.has(v));
  if (restA.length !== restB.length) return false;
  for (const value of restA) {
    if (strict && !isObject(value)) return false;
    const index = restB.findIndex((other) => deepEqual(value, other, strict, memos));
    if (index === -1) return false;
    restB.splice(index, 1);
  }
  return true;
}

/**
 * @param {Map<unknown, unknown>} a
 * @param {Map<unknown, unknown>} b
 * @param {boolean} strict
 * @param {Memos} memos
 */
function mapEquivalent(a, b, strict, memos) {
  /** @type {[unknown, unknown][]} */
  const restA = [];
  for (const [key, value] of a) {
    if (b.has(key)) {
      if (!deepEqual(value, b.get(key), strict, memos)) return false;
    } else {
      if (strict && !isObject(key)) return false;
      restA.push([key, value]);
    }
  }
  const restB = [...b].filter(([key]) => !a.has(key));
  if (restA.length !== restB.length) return false;
  for (const [key, value] of restA) {
    const index = restB.findIndex(
      ([otherKey, otherValue]) =>
        deepEqual(key, otherKey, strict, memos) && deepEqual(value, otherValue, strict, memos),
    );
    if (index === -1) return false;
    restB.splice(index, 1);
  }
  return true;
}
