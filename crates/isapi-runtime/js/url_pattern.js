// URLPattern (the WHATWG URL Pattern standard). Parsing a pattern and processing a match
// input are Rust's (the `urlpattern` crate); this file is the interface, its Web IDL
// conversions, and the matching itself: each component's regular expression is
// ECMAScript and runs as a RegExp with the standard's flags.
import { compile, input as matchInput } from "isapi:native/url_pattern";
import { tag, usv } from "./webidl.js";

/** @typedef {import("isapi:native/url_pattern").InitFields} InitFields */

/** The components, in the order the native half gives them. */
const COMPONENTS = /** @type {const} */ ([
  "protocol",
  "username",
  "password",
  "hostname",
  "port",
  "pathname",
  "search",
  "hash",
]);

/** URLPatternInit's members, in the order Web IDL reads a dictionary (lexicographic). */
const INIT_MEMBERS = /** @type {const} */ ([
  "baseURL",
  "hash",
  "hostname",
  "password",
  "pathname",
  "port",
  "protocol",
  "search",
  "username",
]);

/**
 * @typedef {{ [K in (typeof INIT_MEMBERS)[number]]?: string }} URLPatternInit
 * @typedef {{ pattern: string, regexp: RegExp, names: string[] }} Component
 * @typedef {{ input: string, groups: Record<string, string | undefined> }} ComponentResult
 */

/**
 * The URLPatternInput union: a dictionary for undefined, null and objects, else a string.
 * @param {unknown} value
 * @returns {string | URLPatternInit}
 */
function patternInput(value) {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" && typeof value !== "function") return usv(value);
  const source = /** @type {Record<string, unknown>} */ (value);
  /** @type {URLPatternInit} */
  const init = {};
  for (const member of INIT_MEMBERS) {
    const given = source[member];
    if (given !== undefined) init[member] = usv(given);
  }
  return init;
}

/**
 * What the native half takes for an input: the string, or the init's fields in its order.
 * @param {string | URLPatternInit} input
 * @returns {string | InitFields}
 */
function nativeInput(input) {
  if (typeof input === "string") return input;
  return [...COMPONENTS.map((name) => input[name]), input.baseURL];
}

/**
 * A component's RegExp. The standard's flags are "v" (Unicode sets), but QuickJS's "v"
 * mode wrongly rejects class-set syntax outside a class (`a-b`, `(.com/)` and `\[::1\]`
 * are SyntaxErrors there), which generated patterns are full of; so where "v" fails, "u",
 * which reads those alike. Only a regexp group valid in "u" alone (`[(]`) is then
 * accepted where the standard throws.
 * @param {string} source
 * @param {string} flags
 */
function regExp(source, flags) {
  try {
    return new RegExp(source, `v${flags}`);
  } catch {
    try {
      return new RegExp(source, `u${flags}`);
    } catch (error) {
      throw new TypeError(`Invalid URLPattern: ${/** @type {Error} */ (error).message}`);
    }
  }
}

/** @type {(pattern: URLPattern) => Component[]} */
let componentsOf;

export class URLPattern {
  /** @type {Component[]} */
  #components;
  /** @type {boolean} */
  #hasRegExpGroups;

  static {
    componentsOf = (pattern) => pattern.#components;
  }

  /**
   * `(input, baseURL, options)` or `(input, options)`.
   * @param {unknown} [input]
   * @param {unknown} [baseURLOrOptions]
   * @param {unknown} [options]
   */
  constructor(input = undefined, baseURLOrOptions = undefined, options = undefined) {
    const init = patternInput(input);
    /** @type {string | undefined} */
    let baseURL;
    // Overload resolution on the second argument: a dictionary (undefined, null, an
    // object) is the options; anything else is the base URL.
    if (
      baseURLOrOptions === undefined ||
      baseURLOrOptions === null ||
      typeof baseURLOrOptions === "object" ||
      typeof baseURLOrOptions === "function"
    ) {
      options = baseURLOrOptions;
    } else {
      baseURL = usv(baseURLOrOptions);
    }
    if (
      options !== undefined &&
      options !== null &&
      typeof options !== "object" &&
      typeof options !== "function"
    )
      throw new TypeError("URLPattern options must be an object");
    const ignoreCase = Boolean(options && /** @type {{ ignoreCase?: unknown }} */ (options).ignoreCase);
    const compiled = compile(nativeInput(init), baseURL, ignoreCase);
    const flags = ignoreCase ? "i" : "";
    this.#hasRegExpGroups = /** @type {boolean} */ (compiled[0]);
    this.#components = COMPONENTS.map((_, index) => {
      const pattern = /** @type {string} */ (compiled[1 + index * 3]);
      const source = /** @type {string} */ (compiled[2 + index * 3]);
      const names = /** @type {string[]} */ (compiled[3 + index * 3]);
      return { pattern, regexp: regExp(source, flags), names };
    });
  }

  /**
   * @param {unknown} [input]
   * @param {unknown} [baseURL]
   * @returns {boolean}
   */
  test(input = undefined, baseURL = undefined) {
    return match(this, input, baseURL) !== null;
  }

  /**
   * @param {unknown} [input]
   * @param {unknown} [baseURL]
   */
  exec(input = undefined, baseURL = undefined) {
    return match(this, input, baseURL);
  }

  get protocol() {
    return this.#components[0].pattern;
  }
  get username() {
    return this.#components[1].pattern;
  }
  get password() {
    return this.#components[2].pattern;
  }
  get hostname() {
    return this.#components[3].pattern;
  }
  get port() {
    return this.#components[4].pattern;
  }
  get pathname() {
    return this.#components[5].pattern;
  }
  get search() {
    return this.#components[6].pattern;
  }
  get hash() {
    return this.#components[7].pattern;
  }
  get hasRegExpGroups() {
    return this.#hasRegExpGroups;
  }
}

/**
 * The standard's "match": the result of matching `input` (against `baseURL`), or null.
 * @param {URLPattern} pattern
 * @param {unknown} input
 * @param {unknown} baseURL
 */
function match(pattern, input, baseURL) {
  const components = componentsOf(pattern);
  const given = patternInput(input);
  const base = baseURL === undefined ? undefined : usv(baseURL);
  const values = matchInput(nativeInput(given), base);
  /** @type {(string | URLPatternInit)[]} */
  const inputs = [given];
  if (base !== undefined) inputs.push(base);
  if (values === undefined) return null;
  /** @type {Record<string, unknown>} */
  const result = { inputs };
  for (let index = 0; index < COMPONENTS.length; index++) {
    const { regexp, names } = components[index];
    const value = values[index];
    const found = regexp.exec(value);
    if (found === null) return null;
    /** @type {Record<string, string | undefined>} */
    const groups = {};
    names.forEach((name, at) => {
      groups[name] = found[at + 1];
    });
    /** @type {ComponentResult} */
    const component = { input: value, groups };
    result[COMPONENTS[index]] = component;
  }
  return result;
}

tag(URLPattern);
