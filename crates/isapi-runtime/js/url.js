// @ts-nocheck -- not yet typed: whoever next changes this file types it (JSDoc) and removes this line.
// URL and URLSearchParams; parsing and the setters are the `url` crate's (WHATWG rules).
import { parse, set } from "isapi:native/url";

function formDecode(text) {
  const spaced = text.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(/%([0-9a-fA-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  }
}

function formEncode(text) {
  return encodeURIComponent(text)
    .replace(/%20/g, "+")
    .replace(/[!'()~]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

export class URLSearchParams {
  #list = [];
  #onChange = null;
  constructor(init = "") {
    if (init instanceof URLSearchParams) this.#list = init.#list.map(([k, v]) => [k, v]);
    else if (typeof init === "string") this.#parse(init);
    else if (init && typeof init[Symbol.iterator] === "function") {
      for (const pair of init) {
        const [name, value, ...rest] = Array.from(pair);
        if (rest.length || value === undefined)
          throw new TypeError("each pair needs exactly a name and a value");
        this.#list.push([String(name), String(value)]);
      }
    } else if (init && typeof init === "object") {
      for (const [name, value] of Object.entries(init)) this.#list.push([name, String(value)]);
    }
  }
  #parse(text) {
    this.#list = [];
    for (const part of text.replace(/^\?/, "").split("&")) {
      if (!part) continue;
      const eq = part.indexOf("=");
      const name = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? "" : part.slice(eq + 1);
      this.#list.push([formDecode(name), formDecode(value)]);
    }
  }
  #changed() {
    this.#onChange?.(this.toString());
  }
  static __bind(params, text, onChange) {
    params.#parse(text);
    params.#onChange = onChange;
  }
  static __reset(params, text) {
    params.#parse(text);
  }
  get size() {
    return this.#list.length;
  }
  append(name, value) {
    this.#list.push([String(name), String(value)]);
    this.#changed();
  }
  delete(name, value) {
    this.#list = this.#list.filter(
      ([k, v]) => !(k === String(name) && (value === undefined || v === String(value))),
    );
    this.#changed();
  }
  get(name) {
    return this.#list.find(([k]) => k === String(name))?.[1] ?? null;
  }
  getAll(name) {
    return this.#list.filter(([k]) => k === String(name)).map(([, v]) => v);
  }
  has(name, value) {
    return this.#list.some(([k, v]) => k === String(name) && (value === undefined || v === String(value)));
  }
  set(name, value) {
    const index = this.#list.findIndex(([k]) => k === String(name));
    if (index < 0) this.#list.push([String(name), String(value)]);
    else {
      this.#list[index] = [String(name), String(value)];
      this.#list = this.#list.filter(([k], i) => i <= index || k !== String(name));
    }
    this.#changed();
  }
  sort() {
    this.#list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.#changed();
  }
  forEach(callback, thisArg) {
    for (const [k, v] of this.#list) callback.call(thisArg, v, k, this);
  }
  *entries() {
    for (const [k, v] of this.#list) yield [k, v];
  }
  *keys() {
    for (const [k] of this.#list) yield k;
  }
  *values() {
    for (const [, v] of this.#list) yield v;
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  toString() {
    return this.#list.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join("&");
  }
}

const PART = {
  href: 0,
  origin: 1,
  protocol: 2,
  username: 3,
  password: 4,
  host: 5,
  hostname: 6,
  port: 7,
  pathname: 8,
  search: 9,
  hash: 10,
};

export class URL {
  #parts;
  #params = null;
  constructor(url, base) {
    const parts = parse(String(url), base === undefined ? undefined : String(base));
    if (parts == null) throw new TypeError(`Invalid URL: ${String(url)}`);
    this.#parts = parts;
  }
  static canParse(url, base) {
    return parse(String(url), base === undefined ? undefined : String(base)) != null;
  }
  static parse(url, base) {
    try {
      return new URL(url, base);
    } catch {
      return null;
    }
  }
  #update(name, value) {
    const parts = set(this.#parts[PART.href], name, String(value));
    if (parts == null) {
      if (name === "href") throw new TypeError(`Invalid URL: ${String(value)}`);
      return; // The standard ignores setters that cannot apply.
    }
    this.#parts = parts;
    if (this.#params && name !== "searchParams")
      URLSearchParams.__reset(this.#params, this.#parts[PART.search]);
  }
  get href() {
    return this.#parts[PART.href];
  }
  set href(value) {
    this.#update("href", value);
  }
  get origin() {
    return this.#parts[PART.origin];
  }
  get protocol() {
    return this.#parts[PART.protocol];
  }
  set protocol(value) {
    this.#update("protocol", value);
  }
  get username() {
    return this.#parts[PART.username];
  }
  set username(value) {
    this.#update("username", value);
  }
  get password() {
    return this.#parts[PART.password];
  }
  set password(value) {
    this.#update("password", value);
  }
  get host() {
    return this.#parts[PART.host];
  }
  set host(value) {
    this.#update("host", value);
  }
  get hostname() {
    return this.#parts[PART.hostname];
  }
  set hostname(value) {
    this.#update("hostname", value);
  }
  get port() {
    return this.#parts[PART.port];
  }
  set port(value) {
    this.#update("port", value);
  }
  get pathname() {
    return this.#parts[PART.pathname];
  }
  set pathname(value) {
    this.#update("pathname", value);
  }
  get search() {
    return this.#parts[PART.search];
  }
  set search(value) {
    this.#update("search", value);
  }
  get hash() {
    return this.#parts[PART.hash];
  }
  set hash(value) {
    this.#update("hash", value);
  }
  get searchParams() {
    if (!this.#params) {
      this.#params = new URLSearchParams();
      URLSearchParams.__bind(this.#params, this.search, (text) => this.#update("searchParams", text));
    }
    return this.#params;
  }
  toString() {
    return this.href;
  }
  toJSON() {
    return this.href;
  }
}
