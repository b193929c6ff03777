// Node's errors: the built-in error classes with Node's `code` and message wording, so a
// package that tests `error.code === "ERR_INVALID_ARG_TYPE"` (or prints the message) sees
// what it sees under Node. One home for every Node module's errors.

/**
 * @typedef {Error & { code: string }} CodedError
 */

/**
 * A `Base` error with Node's `code`; its `toString()` is Node's `Name [CODE]: message`.
 * @param {ErrorConstructor | TypeErrorConstructor | RangeErrorConstructor} Base
 * @param {string} code
 * @param {string} message
 * @returns {CodedError}
 */
export function codedError(Base, code, message) {
  const error = /** @type {CodedError} */ (new Base(message));
  Object.setPrototypeOf(error, prototypeWithCode(Base, code));
  error.code = code;
  return error;
}

/** @type {Map<string, object>} */
const prototypes = new Map();

/**
 * A prototype between `Base.prototype` and the error: `instanceof Base` holds, and
 * `toString()` names the code as Node's errors do.
 * @param {ErrorConstructor} Base
 * @param {string} code
 * @returns {object}
 */
function prototypeWithCode(Base, code) {
  const key = `${Base.name} ${code}`;
  let prototype = prototypes.get(key);
  if (prototype === undefined) {
    prototype = Object.create(Base.prototype, {
      toString: {
        value: function toString() {
          return `${this.name} [${code}]: ${this.message}`;
        },
        writable: true,
        configurable: true,
      },
    });
    prototypes.set(key, /** @type {object} */ (prototype));
  }
  return /** @type {object} */ (prototype);
}

/**
 * How Node's messages show a received value: `Received type number (5)`,
 * `Received an instance of Object`, `Received undefined`, `Received function f`.
 * @param {unknown} value
 */
export function describeReceived(value) {
  if (value === null || value === undefined) return ` Received ${value}`;
  if (typeof value === "function") return ` Received function ${value.name}`;
  if (typeof value === "object") {
    const name = value.constructor?.name;
    return name ? ` Received an instance of ${name}` : ` Received ${String(value)}`;
  }
  let shown =
    typeof value === "string"
      ? `'${value}'`
      : typeof value === "bigint"
        ? `${value}n`
        : typeof value === "symbol"
          ? value.toString()
          : String(value);
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${shown})`;
}

/**
 * Node's wording of a list: `a`, `a or b`, `a, b, or c`.
 * @param {string[]} items
 */
function either(items) {
  if (items.length <= 2) return items.join(" or ");
  return `${items.slice(0, -1).join(", ")}, or ${items[items.length - 1]}`;
}

const TYPE_NAMES = ["string", "number", "bigint", "boolean", "symbol", "undefined", "object", "function"];

/**
 * ERR_INVALID_ARG_TYPE: `The "name" argument must be of type string. Received …`.
 * `expected` lists type names (`string`), class names (`Buffer`) or other words.
 * @param {string} name
 * @param {string | string[]} expected
 * @param {unknown} actual
 */
export function invalidArgType(name, expected, actual) {
  const list = Array.isArray(expected) ? expected : [expected];
  const subject = name.endsWith(" argument")
    ? `The ${name}`
    : name.includes(".")
      ? `The "${name}" property`
      : `The "${name}" argument`;
  const types = list.filter((e) => TYPE_NAMES.includes(e.toLowerCase())).map((e) => e.toLowerCase());
  const instances = list.filter((e) => !TYPE_NAMES.includes(e.toLowerCase()) && /^[A-Z]/.test(e));
  const other = list.filter((e) => !TYPE_NAMES.includes(e.toLowerCase()) && !/^[A-Z]/.test(e));
  // Node names an `object` wanted as an instance of Object, after the primitive types.
  if (types.includes("object") && instances.length > 0) {
    types.splice(types.indexOf("object"), 1);
    instances.unshift("Object");
  }
  const parts = [];
  if (types.length > 0) parts.push(`${types.length > 1 ? "one of type" : "of type"} ${either(types)}`);
  if (instances.length > 0) {
    parts.push(`${instances.length > 1 ? "an instance of" : "an instance of"} ${either(instances)}`);
  }
  if (other.length > 0) parts.push(either(other));
  const message = `${subject} must be ${parts.join(" or ")}.${describeReceived(actual)}`;
  return codedError(TypeError, "ERR_INVALID_ARG_TYPE", message);
}

/**
 * ERR_INVALID_ARG_VALUE: `The argument 'name' is invalid. Received …` (or `reason`).
 * @param {string} name
 * @param {unknown} value
 * @param {string} [reason]
 */
export function invalidArgValue(name, value, reason = "is invalid") {
  const kind = name.includes(".") ? "property" : "argument";
  const shown = typeof value === "string" ? `'${value}'` : String(value);
  return codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The ${kind} '${name}' ${reason}. Received ${shown}`);
}

/**
 * ERR_OUT_OF_RANGE: `The value of "name" is out of range. It must be <range>. Received <value>`.
 * @param {string} name
 * @param {string} range
 * @param {unknown} value
 */
export function outOfRange(name, range, value) {
  let shown = typeof value === "string" ? `'${value}'` : Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "bigint") shown = `${value}n`;
  // Node groups the digits of integers beyond ±2 ** 32 with underscores.
  const large =
    typeof value === "bigint" ? value > 2n ** 32n || value < -(2n ** 32n) : Math.abs(Number(value)) > 2 ** 32;
  if (large && ((typeof value === "number" && Number.isInteger(value)) || typeof value === "bigint")) {
    const digits = String(value).replace("-", "");
    if (digits.length > 3 && !digits.includes("e")) {
      const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, "_");
      shown = `${String(value).startsWith("-") ? "-" : ""}${grouped}${typeof value === "bigint" ? "n" : ""}`;
    }
  }
  return codedError(
    RangeError,
    "ERR_OUT_OF_RANGE",
    `The value of "${name}" is out of range. It must be ${range}. Received ${shown}`,
  );
}

/**
 * ERR_UNKNOWN_ENCODING, naming the value as Node's `%s` does for the common cases.
 * @param {unknown} name
 */
export function unknownEncoding(name) {
  let shown = String(name);
  if (typeof name === "object" && name !== null && Object.getPrototypeOf(name) === Object.prototype) {
    if (Object.keys(name).length === 0) shown = "{}";
  }
  return codedError(TypeError, "ERR_UNKNOWN_ENCODING", `Unknown encoding: ${shown}`);
}

/**
 * Node's AbortError (`code` ABORT_ERR, `name` AbortError): what an aborted operation
 * rejects with; `cause` is the signal's reason.
 * @param {unknown} [cause]
 * @param {string} [message]
 */
export function abortError(cause, message = "The operation was aborted") {
  const error = /** @type {CodedError} */ (
    cause === undefined ? new Error(message) : new Error(message, { cause })
  );
  Object.defineProperty(error, "name", { value: "AbortError", writable: true, configurable: true });
  error.code = "ABORT_ERR";
  return error;
}
