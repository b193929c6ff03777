// URL and URLSearchParams (WHATWG URL standard). The URL record, its parser, getters and
// setters are Rust's (the `url` crate's `quirks`, which is the standard's API), and so is
// the application/x-www-form-urlencoded codec (`form_urlencoded`); this file is the
// interfaces and the link that keeps a URL and its searchParams in step.
import { parse, get, set, setQuery, formParse, formSerialize } from "isapi:native/url";
import { inspectAs, iterable, required, string, tag, usv } from "./webidl.js";

/** @typedef {import("isapi:native/url").UrlRecord} UrlRecord */

const HREF = 0;
const ORIGIN = 1;
const PROTOCOL = 2;
const USERNAME = 3;
const PASSWORD = 4;
const HOST = 5;
const HOSTNAME = 6;
const PORT = 7;
const PATHNAME = 8;
const SEARCH = 9;
const HASH = 10;

/**
 * The pairs of an application/x-www-form-urlencoded string.
 * @param {string} text
 * @returns {[string, string][]}
 */
function parsePairs(text) {
  const flat = formParse(text);
  /** @type {[string, string][]} */
  const pairs = [];
  for (let index = 0; index < flat.length; index += 2) pairs.push([flat[index], flat[index + 1]]);
  return pairs;
}

/** @type {(params: URLSearchParams, record: UrlRecord) => void} */
let attach;
/** @type {(params: URLSearchParams, query: string) => void} */
let refill;
/** @type {(params: URLSearchParams) => ReadonlyArray<readonly [string, string]>} */
let listOf;

export class URLSearchParams {
  /** @type {[string, string][]} */
  #list = [];
  /** The URL whose query this is, if any. @type {UrlRecord | null} */
  #url = null;

  static {
    attach = (params, record) => {
      params.#url = record;
    };
    refill = (params, query) => {
      params.#list = parsePairs(query);
    };
    listOf = (params) => params.#list;
  }

  /** @param {unknown} [init] */
  constructor(init = "") {
    if (init !== null && (typeof init === "object" || typeof init === "function")) {
      const object = /** @type {Record<PropertyKey, unknown>} */ (init);
      const method = object[Symbol.iterator];
      if (method !== undefined && method !== null) {
        if (typeof method !== "function") throw new TypeError("Query pairs must be iterable");
        for (const pair of /** @type {Iterable<unknown>} */ (init)) {
          if (pair === null || (typeof pair !== "object" && typeof pair !== "function"))
            throw new TypeError("Each query pair must be an iterable [name, value] tuple");
          const values = Array.from(/** @type {Iterable<unknown>} */ (pair), usv);
          if (values.length !== 2)
            throw new TypeError("Each query pair must be an iterable [name, value] tuple");
          this.#list.push([values[0], values[1]]);
        }
      } else {
        // A record: own enumerable keys in order; keys equal after the USVString
        // conversion keep the first one's place and the last one's value.
        /** @type {Map<string, string>} */
        const record = new Map();
        for (const key of Reflect.ownKeys(object)) {
          const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
          if (descriptor === undefined || !descriptor.enumerable) continue;
          record.set(usv(key), usv(object[key]));
        }
        this.#list = [...record];
      }
    } else {
      const text = usv(init);
      this.#list = parsePairs(text.startsWith("?") ? text.slice(1) : text);
    }
  }
  /** The URL standard's update steps: the URL's query follows the list. */
  #update() {
    if (this.#url) setQuery(this.#url, formSerialize(this.#list.flat()) || null);
  }
  get size() {
    return this.#list.length;
  }
  /**
   * @param {unknown} name
   * @param {unknown} value
   */
  append(name, value) {
    required(arguments.length, 2, "URLSearchParams.append");
    this.#list.push([usv(name), usv(value)]);
    this.#update();
  }
  /**
   * @param {unknown} name
   * @param {unknown} [value]
   */
  delete(name, value = undefined) {
    required(arguments.length, 1, "URLSearchParams.delete");
    const key = usv(name);
    const only = value === undefined ? undefined : usv(value);
    this.#list = this.#list.filter(([k, v]) => k !== key || (only !== undefined && v !== only));
    this.#update();
  }
  /** @param {unknown} name */
  get(name) {
    required(arguments.length, 1, "URLSearchParams.get");
    const key = usv(name);
    return this.#list.find(([k]) => k === key)?.[1] ?? null;
  }
  /** @param {unknown} name */
  getAll(name) {
    required(arguments.length, 1, "URLSearchParams.getAll");
    const key = usv(name);
    return this.#list.filter(([k]) => k === key).map(([, v]) => v);
  }
  /**
   * @param {unknown} name
   * @param {unknown} [value]
   */
  has(name, value = undefined) {
    required(arguments.length, 1, "URLSearchParams.has");
    const key = usv(name);
    const only = value === undefined ? undefined : usv(value);
    return this.#list.some(([k, v]) => k === key && (only === undefined || v === only));
  }
  /**
   * @param {unknown} name
   * @param {unknown} value
   */
  set(name, value) {
    required(arguments.length, 2, "URLSearchParams.set");
    const key = usv(name);
    const pair = /** @type {[string, string]} */ ([key, usv(value)]);
    const index = this.#list.findIndex(([k]) => k === key);
    if (index < 0) this.#list.push(pair);
    else this.#list = this.#list.filter(([k], i) => i < index || k !== key).toSpliced(index, 0, pair);
    this.#update();
  }
  sort() {
    // Stable, by UTF-16 code units (what `<` compares).
    this.#list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.#update();
  }
  toString() {
    return formSerialize(this.#list.flat());
  }
}
iterable(URLSearchParams, (params) => listOf(params));
tag(URLSearchParams);
// Node shows the pairs as a map's, `'name' => 'value'`, one a line past the line width.
inspectAs(URLSearchParams, (params, depth, options, inspect) => {
  if (depth < 0) return "[Object]";
  const pairs = listOf(params).map(([k, v]) => `${inspect(k, options)} => ${inspect(v, options)}`);
  const name = params.constructor.name;
  if (pairs.length === 0) return `${name} {}`;
  const width = pairs.reduce((sum, pair) => sum + pair.length + 2, -2);
  const breakLength = /** @type {{ breakLength?: number }} */ (options).breakLength ?? 80;
  return width > breakLength ? `${name} {\n  ${pairs.join(",\n  ")} }` : `${name} { ${pairs.join(", ")} }`;
});

export class URL {
  /** @type {UrlRecord} */
  #url;
  /** @type {URLSearchParams | null} */
  #query = null;

  /**
   * @param {unknown} url
   * @param {unknown} [base]
   */
  constructor(url, base = undefined) {
    required(arguments.length, 1, "URL");
    const record = URL.#parse(url, base);
    if (record === undefined) throw invalid();
    this.#url = record;
  }
  /**
   * @param {unknown} url
   * @param {unknown} base
   */
  static #parse(url, base) {
    const input = string(url);
    return base === undefined ? parse(input) : parse(input, string(base));
  }
  /**
   * @param {unknown} url
   * @param {unknown} [base]
   */
  static canParse(url, base = undefined) {
    required(arguments.length, 1, "URL.canParse");
    return URL.#parse(url, base) !== undefined;
  }
  /**
   * @param {unknown} url
   * @param {unknown} [base]
   */
  static parse(url, base = undefined) {
    required(arguments.length, 1, "URL.parse");
    try {
      return new URL(url, base);
    } catch {
      return null;
    }
  }
  /**
   * @param {number} part
   * @param {unknown} value
   */
  #set(part, value) {
    set(this.#url, part, string(value));
    if (this.#query && (part === HREF || part === SEARCH))
      refill(this.#query, get(this.#url, SEARCH).slice(1));
  }
  get href() {
    return get(this.#url, HREF);
  }
  set href(value) {
    this.#set(HREF, value);
  }
  get origin() {
    return get(this.#url, ORIGIN);
  }
  get protocol() {
    return get(this.#url, PROTOCOL);
  }
  set protocol(value) {
    this.#set(PROTOCOL, value);
  }
  get username() {
    return get(this.#url, USERNAME);
  }
  set username(value) {
    this.#set(USERNAME, value);
  }
  get password() {
    return get(this.#url, PASSWORD);
  }
  set password(value) {
    this.#set(PASSWORD, value);
  }
  get host() {
    return get(this.#url, HOST);
  }
  set host(value) {
    this.#set(HOST, value);
  }
  get hostname() {
    return get(this.#url, HOSTNAME);
  }
  set hostname(value) {
    this.#set(HOSTNAME, value);
  }
  get port() {
    return get(this.#url, PORT);
  }
  set port(value) {
    this.#set(PORT, value);
  }
  get pathname() {
    return get(this.#url, PATHNAME);
  }
  set pathname(value) {
    this.#set(PATHNAME, value);
  }
  get search() {
    return get(this.#url, SEARCH);
  }
  set search(value) {
    this.#set(SEARCH, value);
  }
  get searchParams() {
    if (!this.#query) {
      const params = new URLSearchParams(get(this.#url, SEARCH));
      attach(params, this.#url);
      this.#query = params;
    }
    return this.#query;
  }
  get hash() {
    return get(this.#url, HASH);
  }
  set hash(value) {
    this.#set(HASH, value);
  }
  toString() {
    return get(this.#url, HREF);
  }
  toJSON() {
    return get(this.#url, HREF);
  }
}
tag(URL);
inspectAs(
  URL,
  (url) => ({
    href: url.href,
    origin: url.origin,
    protocol: url.protocol,
    username: url.username,
    password: url.password,
    host: url.host,
    hostname: url.hostname,
    port: url.port,
    pathname: url.pathname,
    search: url.search,
    searchParams: url.searchParams,
    hash: url.hash,
  }),
  { deep: "{}" },
);

/** The TypeError of a string that is not a URL (Node's message). */
function invalid() {
  return new TypeError("Invalid URL");
}
