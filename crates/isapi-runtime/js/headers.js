// Headers (Fetch standard): validated names and values, values normalized, combined and
// sorted iteration with set-cookie kept apart, and the guard Request and Response set.
import { inspectAs, iterable, required, tag } from "./webidl.js";

/** A header name (and an HTTP method): an RFC 9110 token. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Leading and trailing HTTP whitespace, stripped from values. */
const WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
/** What a (normalized) header value may not contain. */
const FORBIDDEN_IN_VALUE = /[\0\r\n]/;

/** @typedef {"none" | "immutable"} Guard */

/**
 * The ByteString conversion: ToString, then a TypeError for any code unit above 0xFF.
 * @param {unknown} value
 */
function byteString(value) {
  const text = `${value}`;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code > 0xff)
      throw new TypeError(
        `Cannot convert argument to a ByteString because the character at index ${index} has a value of ${code} which is greater than 255.`,
      );
  }
  return text;
}

/**
 * A valid header name, lower-cased; a TypeError otherwise.
 * @param {unknown} name
 * @param {string} method
 */
function headerName(name, method) {
  const text = byteString(name);
  if (!TOKEN.test(text)) throw new TypeError(`Headers.${method}: "${text}" is an invalid header name.`);
  return text.toLowerCase();
}

/**
 * A normalized, valid header value; a TypeError otherwise.
 * @param {unknown} value
 * @param {string} method
 */
function headerValue(value, method) {
  const text = byteString(value).replace(WHITESPACE, "");
  if (FORBIDDEN_IN_VALUE.test(text))
    throw new TypeError(`Headers.${method}: "${text}" is an invalid header value.`);
  return text;
}

/** @type {(headers: Headers) => ReadonlyArray<readonly [string, string]>} */
let sortedOf;
/** @type {(headers: Headers, guard: Guard) => void} */
let setGuard;
/** @type {(headers: Headers) => Record<string, string>} */
let shownOf;

export class Headers {
  /** The header list: [lower-cased name, value], in order. @type {[string, string][]} */
  #list = [];
  /** The sorted and combined list, until the list changes. @type {[string, string][] | null} */
  #sorted = null;
  /** @type {Guard} */
  #guard = "none";
  /** Each name as it was first given (set: last), which Node's inspect shows. @type {Map<string, string>} */
  #cases = new Map();

  static {
    sortedOf = (headers) => headers.#sortAndCombine();
    shownOf = (headers) => {
      /** @type {Record<string, string>} */
      const shown = {};
      for (const [name, value] of headers.#list) {
        const key = headers.#cases.get(name) ?? name;
        shown[key] = Object.hasOwn(shown, key) ? `${shown[key]}, ${value}` : value;
      }
      return shown;
    };
    setGuard = (headers, guard) => {
      headers.#guard = guard;
    };
  }

  /** @param {unknown} [init] */
  constructor(init = undefined) {
    if (init === undefined) return;
    if (init === null || (typeof init !== "object" && typeof init !== "function"))
      throw new TypeError("Headers constructor: init must be a sequence of pairs or a record");
    const object = /** @type {Record<PropertyKey, unknown>} */ (init);
    const method = object[Symbol.iterator];
    /** @type {[string, string][]} */
    const pairs = [];
    if (method !== undefined && method !== null) {
      if (typeof method !== "function") throw new TypeError("Headers constructor: init is not iterable");
      for (const pair of /** @type {Iterable<unknown>} */ (init)) {
        if (pair === null || (typeof pair !== "object" && typeof pair !== "function"))
          throw new TypeError("Headers constructor: each header must be a [name, value] pair");
        const values = Array.from(/** @type {Iterable<unknown>} */ (pair), byteString);
        if (values.length !== 2)
          throw new TypeError(
            `Headers constructor: expected name/value pair to be length 2, found ${values.length}.`,
          );
        pairs.push([values[0], values[1]]);
      }
    } else {
      for (const key of Reflect.ownKeys(object)) {
        const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
        if (descriptor === undefined || !descriptor.enumerable) continue;
        pairs.push([byteString(key), byteString(object[key])]);
      }
    }
    for (const [name, value] of pairs) this.#append(name, value, "append");
  }
  /**
   * @param {unknown} name
   * @param {unknown} value
   * @param {string} method
   */
  #append(name, value, method) {
    const text = byteString(name);
    const entry = /** @type {[string, string]} */ ([headerName(text, method), headerValue(value, method)]);
    this.#checkMutable();
    this.#list.push(entry);
    if (!this.#cases.has(entry[0])) this.#cases.set(entry[0], text);
    this.#sorted = null;
  }
  #checkMutable() {
    if (this.#guard === "immutable") throw new TypeError("immutable");
  }
  /** The standard's "sort and combine". */
  #sortAndCombine() {
    if (this.#sorted) return this.#sorted;
    const names = [...new Set(this.#list.map(([name]) => name))].sort();
    /** @type {[string, string][]} */
    const sorted = [];
    for (const name of names) {
      const values = this.#list.filter(([n]) => n === name).map(([, value]) => value);
      if (name === "set-cookie") for (const value of values) sorted.push([name, value]);
      else sorted.push([name, values.join(", ")]);
    }
    this.#sorted = sorted;
    return sorted;
  }
  /**
   * @param {unknown} name
   * @param {unknown} value
   */
  append(name, value) {
    required(arguments.length, 2, "Headers.append");
    this.#append(name, value, "append");
  }
  /** @param {unknown} name */
  delete(name) {
    required(arguments.length, 1, "Headers.delete");
    const key = headerName(name, "delete");
    this.#checkMutable();
    this.#list = this.#list.filter(([n]) => n !== key);
    this.#cases.delete(key);
    this.#sorted = null;
  }
  /** @param {unknown} name */
  get(name) {
    required(arguments.length, 1, "Headers.get");
    const key = headerName(name, "get");
    const values = this.#list.filter(([n]) => n === key).map(([, value]) => value);
    return values.length ? values.join(", ") : null;
  }
  getSetCookie() {
    return this.#list.filter(([name]) => name === "set-cookie").map(([, value]) => value);
  }
  /** @param {unknown} name */
  has(name) {
    required(arguments.length, 1, "Headers.has");
    const key = headerName(name, "has");
    return this.#list.some(([n]) => n === key);
  }
  /**
   * @param {unknown} name
   * @param {unknown} value
   */
  set(name, value) {
    required(arguments.length, 2, "Headers.set");
    const text = byteString(name);
    const entry = /** @type {[string, string]} */ ([headerName(text, "set"), headerValue(value, "set")]);
    this.#checkMutable();
    this.#cases.set(entry[0], text);
    // The first of that name takes the value in its place; the others go.
    const index = this.#list.findIndex(([n]) => n === entry[0]);
    if (index < 0) this.#list.push(entry);
    else this.#list = this.#list.filter(([n], i) => i < index || n !== entry[0]).toSpliced(index, 0, entry);
    this.#sorted = null;
  }
}
iterable(Headers, (headers) => sortedOf(headers));
tag(Headers);
inspectAs(Headers, (headers) => shownOf(headers), { deep: "ignore" });

/**
 * Sets the guard of `headers` (Request and Response make theirs "immutable" where the
 * standard says).
 * @param {Headers} headers
 * @param {Guard} guard
 */
export function guard(headers, guard) {
  setGuard(headers, guard);
}
