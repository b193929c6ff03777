// util.types: brand checks that a Symbol.toStringTag or a changed prototype cannot fool,
// made by calling a built-in method that throws on anything but its own kind (Node asks
// V8; QuickJS gives us the same answers this way, and isProxy/promise state natively).
import { isProxy as nativeIsProxy, promiseState } from "isapi:native/node_util";

/**
 * Whether calling `method` with `value` as `this` succeeds.
 * @param {Function | undefined} method
 * @param {unknown} value
 */
function brand(method, value) {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return false;
  try {
    /** @type {Function} */ (method).call(value);
    return true;
  } catch {
    return false;
  }
}

/** @param {object} proto @param {PropertyKey} key */
const getter = (proto, key) => Object.getOwnPropertyDescriptor(proto, key)?.get;

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayTag = getter(TypedArrayPrototype, Symbol.toStringTag);
const mapSize = getter(Map.prototype, "size");
const setSize = getter(Set.prototype, "size");
const arrayBufferLength = getter(ArrayBuffer.prototype, "byteLength");
const sharedLength =
  typeof SharedArrayBuffer === "function" ? getter(SharedArrayBuffer.prototype, "byteLength") : undefined;
const dataViewLength = getter(DataView.prototype, "byteLength");
const regexpSource = getter(RegExp.prototype, "source");
const MapIteratorPrototype = Object.getPrototypeOf(new Map().entries());
const SetIteratorPrototype = Object.getPrototypeOf(new Set().values());
const AsyncFunctionPrototype = Object.getPrototypeOf(async function () {});
const GeneratorFunctionPrototype = Object.getPrototypeOf(function* () {});
const AsyncGeneratorFunctionPrototype = Object.getPrototypeOf(async function* () {});
const GeneratorPrototype = Object.getPrototypeOf(GeneratorFunctionPrototype.prototype);
const AsyncGeneratorPrototype = Object.getPrototypeOf(AsyncGeneratorFunctionPrototype.prototype);

/** @param {unknown} value @param {object} proto */
function inherits(value, proto) {
  return (
    value !== null && (typeof value === "object" || typeof value === "function") && proto.isPrototypeOf(value)
  );
}

/** @param {unknown} value @returns {string | undefined} */
function typedName(value) {
  if (value === null || typeof value !== "object") return undefined;
  return /** @type {Function} */ (typedArrayTag).call(value);
}

/** @param {unknown} value */
export const isProxy = (value) =>
  value !== null && (typeof value === "object" || typeof value === "function") && nativeIsProxy(value);
/** @param {unknown} value @returns {value is Map<unknown, unknown>} */
export const isMap = (value) => brand(mapSize, value);
/** @param {unknown} value @returns {value is Set<unknown>} */
export const isSet = (value) => brand(setSize, value);
/** @param {unknown} value @returns {value is WeakMap<object, unknown>} */
export const isWeakMap = (value) => brand(WeakMap.prototype.has, value);
/** @param {unknown} value @returns {value is WeakSet<object>} */
export const isWeakSet = (value) => brand(WeakSet.prototype.has, value);
/** @param {unknown} value @returns {value is Date} */
export const isDate = (value) => brand(Date.prototype.getTime, value);
/** @param {unknown} value @returns {value is RegExp} */
export const isRegExp = (value) => brand(regexpSource, value) && value !== RegExp.prototype;
/** @param {unknown} value @returns {value is ArrayBuffer} */
export const isArrayBuffer = (value) => brand(arrayBufferLength, value);
/** @param {unknown} value */
export const isSharedArrayBuffer = (value) => sharedLength !== undefined && brand(sharedLength, value);
/** @param {unknown} value */
export const isAnyArrayBuffer = (value) => isArrayBuffer(value) || isSharedArrayBuffer(value);
/** @param {unknown} value @returns {value is DataView} */
export const isDataView = (value) => brand(dataViewLength, value);
/** @param {unknown} value */
export const isArrayBufferView = (value) => ArrayBuffer.isView(value);
/** @param {unknown} value */
export const isTypedArray = (value) => typedName(value) !== undefined;
/** @param {unknown} value @returns {value is Promise<unknown>} */
export const isPromise = (value) => promiseState(value) !== undefined;
/** @param {unknown} value */
export const isNumberObject = (value) => typeof value === "object" && brand(Number.prototype.valueOf, value);
/** @param {unknown} value */
export const isStringObject = (value) => typeof value === "object" && brand(String.prototype.valueOf, value);
/** @param {unknown} value */
export const isBooleanObject = (value) =>
  typeof value === "object" && brand(Boolean.prototype.valueOf, value);
/** @param {unknown} value */
export const isBigIntObject = (value) => typeof value === "object" && brand(BigInt.prototype.valueOf, value);
/** @param {unknown} value */
export const isSymbolObject = (value) => typeof value === "object" && brand(Symbol.prototype.valueOf, value);
/** @param {unknown} value */
export const isBoxedPrimitive = (value) =>
  isNumberObject(value) ||
  isStringObject(value) ||
  isBooleanObject(value) ||
  isBigIntObject(value) ||
  isSymbolObject(value);
/** @param {unknown} value */
export const isAsyncFunction = (value) =>
  typeof value === "function" &&
  (inherits(value, AsyncFunctionPrototype) || inherits(value, AsyncGeneratorFunctionPrototype));
/** @param {unknown} value */
export const isGeneratorFunction = (value) =>
  typeof value === "function" &&
  (inherits(value, GeneratorFunctionPrototype) || inherits(value, AsyncGeneratorFunctionPrototype));
/** @param {unknown} value */
export const isGeneratorObject = (value) =>
  typeof value === "object" &&
  (inherits(value, GeneratorPrototype) || inherits(value, AsyncGeneratorPrototype));
/** @param {unknown} value */
export const isMapIterator = (value) => typeof value === "object" && inherits(value, MapIteratorPrototype);
/** @param {unknown} value */
export const isSetIterator = (value) => typeof value === "object" && inherits(value, SetIteratorPrototype);
/** @param {unknown} value */
export const isArgumentsObject = (value) =>
  value !== null &&
  typeof value === "object" &&
  !(Symbol.toStringTag in value) &&
  Object.prototype.toString.call(value) === "[object Arguments]";
/**
 * An Error made by Error or one of its kinds (its [[ErrorData]]): Object.prototype.toString
 * says "Error" for those alone once a Symbol.toStringTag is out of the way.
 * @param {unknown} value
 * @returns {value is Error}
 */
export const isNativeError = (value) => {
  if (value === null || typeof value !== "object") return false;
  if (Symbol.toStringTag in value) {
    return value instanceof Error && Object.prototype.toString.call(value) === "[object Error]";
  }
  return Object.prototype.toString.call(value) === "[object Error]";
};
/** @param {unknown} value */
export const isModuleNamespaceObject = (value) =>
  value !== null &&
  typeof value === "object" &&
  Object.getPrototypeOf(value) === null &&
  Object.getOwnPropertyDescriptor(value, Symbol.toStringTag)?.value === "Module" &&
  !Object.isExtensible(value);
/** @param {unknown} _value */
export const isExternal = (_value) => false;
/** @param {unknown} value */
export const isWeakRef = (value) => typeof WeakRef === "function" && brand(WeakRef.prototype.deref, value);
/** @param {unknown} value */
export const isKeyObject = (value) =>
  value !== null &&
  typeof value === "object" &&
  Object.prototype.toString.call(value) === "[object KeyObject]";
/** @param {unknown} value */
export const isCryptoKey = (value) =>
  value !== null &&
  typeof value === "object" &&
  Object.prototype.toString.call(value) === "[object CryptoKey]";

/** @param {string} name */
const typedIs = (name) => /** @param {unknown} value */ (value) => typedName(value) === name;
export const isUint8Array = typedIs("Uint8Array");
export const isUint8ClampedArray = typedIs("Uint8ClampedArray");
export const isUint16Array = typedIs("Uint16Array");
export const isUint32Array = typedIs("Uint32Array");
export const isInt8Array = typedIs("Int8Array");
export const isInt16Array = typedIs("Int16Array");
export const isInt32Array = typedIs("Int32Array");
export const isFloat32Array = typedIs("Float32Array");
export const isFloat64Array = typedIs("Float64Array");
export const isBigInt64Array = typedIs("BigInt64Array");
export const isBigUint64Array = typedIs("BigUint64Array");
