// @ts-nocheck -- not yet typed: whoever next changes this file types it (JSDoc) and removes this line.
// Headers, Request, Response and fetch.
import { start } from "isapi:native/fetch";
import { utf8Encode as encode, utf8Decode as decode } from "isapi:native/encoding";
import { ReadableStream } from "./streams.js";
import { URL, URLSearchParams } from "./url.js";
import { bytesOf, concat } from "./util.js";

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export class Headers {
  #entries = [];
  constructor(init) {
    if (init instanceof Headers) init = init.entries();
    else if (init && typeof init === "object" && typeof init[Symbol.iterator] !== "function")
      init = Object.entries(init);
    for (const [name, value] of init ?? []) this.append(name, value);
  }
  static #check(name, value) {
    if (!TOKEN.test(name)) throw new TypeError(`invalid header name ${JSON.stringify(name)}`);
    if (/[\r\n\0]/.test(value)) throw new TypeError(`invalid value for header ${name}`);
  }
  append(name, value) {
    name = String(name);
    value = String(value).trim();
    Headers.#check(name, value);
    this.#entries.push([name.toLowerCase(), value]);
  }
  set(name, value) {
    this.delete(name);
    this.append(name, value);
  }
  delete(name) {
    const n = String(name).toLowerCase();
    this.#entries = this.#entries.filter(([k]) => k !== n);
  }
  get(name) {
    const n = String(name).toLowerCase();
    const values = this.#entries.filter(([k]) => k === n).map(([, v]) => v);
    return values.length ? values.join(", ") : null;
  }
  getSetCookie() {
    return this.#entries.filter(([k]) => k === "set-cookie").map(([, v]) => v);
  }
  has(name) {
    return this.get(name) !== null;
  }
  // Sorted and combined, as the standard iterates (set-cookie stays separate).
  #combined() {
    const names = [...new Set(this.#entries.map(([k]) => k))].sort();
    return names.flatMap((n) =>
      n === "set-cookie" ? this.getSetCookie().map((v) => [n, v]) : [[n, this.get(n)]],
    );
  }
  *entries() {
    yield* this.#combined();
  }
  *keys() {
    for (const [k] of this.#combined()) yield k;
  }
  *values() {
    for (const [, v] of this.#combined()) yield v;
  }
  forEach(callback, thisArg) {
    for (const [k, v] of this.#combined()) callback.call(thisArg, v, k, this);
  }
  [Symbol.iterator]() {
    return this.entries();
  }
}

/** A body source: null, bytes, or a stream; plus the content type it implies. */
function extractBody(init) {
  if (init === null || init === undefined) return [null, null];
  if (typeof init === "string") return [encode(init), "text/plain;charset=UTF-8"];
  if (init instanceof URLSearchParams)
    return [encode(init.toString()), "application/x-www-form-urlencoded;charset=UTF-8"];
  if (init instanceof ReadableStream) return [init, null];
  if (init instanceof ArrayBuffer || ArrayBuffer.isView(init)) return [bytesOf(init), null];
  return [encode(String(init)), "text/plain;charset=UTF-8"];
}

/** What Request and Response share: the body and the ways to read it once. */
class Body {
  #source = null;
  #used = false;
  _setBody(init, headers) {
    const [source, type] = extractBody(init);
    this.#source = source;
    if (type && !headers.has("content-type")) headers.set("content-type", type);
  }
  get body() {
    if (this.#source === null) return null;
    if (this.#source instanceof Uint8Array) {
      const bytes = this.#source;
      this.#source = new ReadableStream({
        start(controller) {
          if (bytes.length) controller.enqueue(bytes);
          controller.close();
        },
      });
    }
    return this.#source;
  }
  get bodyUsed() {
    return this.#used;
  }
  async bytes() {
    if (this.#used) throw new TypeError("the body was already read");
    this.#used = true;
    const source = this.#source;
    if (source === null) return new Uint8Array(0);
    if (source instanceof Uint8Array) return source;
    const chunks = [];
    for await (const chunk of source) chunks.push(typeof chunk === "string" ? encode(chunk) : bytesOf(chunk));
    return concat(chunks);
  }
  async arrayBuffer() {
    return (await this.bytes()).buffer;
  }
  async text() {
    return decode(await this.bytes(), false);
  }
  async json() {
    return JSON.parse(await this.text());
  }
  _cloneBody() {
    if (this.#used) throw new TypeError("the body was already read");
    if (this.#source instanceof ReadableStream)
      throw new TypeError("clone() of a streamed body is not supported");
    return this.#source;
  }
}

const METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"]);

export class Request extends Body {
  #url;
  #method;
  #headers;
  constructor(input, init = {}) {
    super();
    const from = input instanceof Request ? input : null;
    this.#url = new URL(from ? from.url : String(input instanceof URL ? input.href : input)).href;
    const method = String(init.method ?? from?.method ?? "GET");
    this.#method = METHODS.has(method.toUpperCase()) ? method.toUpperCase() : method;
    if (!TOKEN.test(this.#method)) throw new TypeError(`invalid method ${JSON.stringify(method)}`);
    this.#headers = new Headers(init.headers ?? from?.headers);
    const body = init.body !== undefined ? init.body : from ? from._cloneBody() : null;
    if (body !== null && (this.#method === "GET" || this.#method === "HEAD")) {
      throw new TypeError(`a ${this.#method} request cannot have a body`);
    }
    this._setBody(body, this.#headers);
  }
  get url() {
    return this.#url;
  }
  get method() {
    return this.#method;
  }
  get headers() {
    return this.#headers;
  }
  clone() {
    return new Request(this);
  }
}

const fromFetch = Symbol("fromFetch");

export class Response extends Body {
  #status;
  #statusText;
  #headers;
  #type = "default";
  #url = "";
  #redirected = false;
  constructor(body = null, init = {}) {
    super();
    if (init === fromFetch) return;
    const status = init.status ?? 200;
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError(`status ${status} is outside 200-599`);
    }
    this.#status = status;
    this.#statusText = String(init.statusText ?? "");
    this.#headers = new Headers(init.headers);
    if (body !== null && [204, 205, 304].includes(status))
      throw new TypeError(`a ${status} response cannot have a body`);
    this._setBody(body, this.#headers);
  }
  /** How `fetch` builds its result: any status, the final URL. */
  static __fromFetch(status, statusText, headers, body, url) {
    const response = new Response(null, fromFetch);
    response.#status = status;
    response.#statusText = statusText;
    response.#headers = new Headers(headers);
    response.#url = url;
    response._setBody(body, response.#headers);
    return response;
  }
  static json(data, init = {}) {
    const headers = new Headers(init.headers);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
    return new Response(JSON.stringify(data), { ...init, headers });
  }
  static error() {
    const response = Response.__fromFetch(0, "", [], null, "");
    response.#type = "error";
    return response;
  }
  static redirect(url, status = 302) {
    if (![301, 302, 303, 307, 308].includes(status))
      throw new RangeError(`${status} is not a redirect status`);
    return new Response(null, { status, headers: { location: new URL(url).href } });
  }
  get status() {
    return this.#status;
  }
  get statusText() {
    return this.#statusText;
  }
  get ok() {
    return this.#status >= 200 && this.#status < 300;
  }
  get headers() {
    return this.#headers;
  }
  get type() {
    return this.#type;
  }
  get url() {
    return this.#url;
  }
  get redirected() {
    return this.#redirected;
  }
  clone() {
    const copy = Response.__fromFetch(
      this.#status,
      this.#statusText,
      this.#headers,
      this._cloneBody(),
      this.#url,
    );
    copy.#type = this.#type;
    return copy;
  }
}

/** `fetch` over the native HTTP client (`isapi:native/fetch`). */
export async function fetch(input, init = {}) {
  const request = input instanceof Request ? input : null;
  const url = request ? request.url : String(input instanceof URL ? input.href : input);
  const headers = [...new Headers(init.headers ?? request?.headers).entries()];
  const manual = (init.redirect ?? request?.redirect) === "manual";
  let body = init.body ?? null;
  if (body === null && request?.body) body = await request.bytes();
  else if (body !== null && !(typeof body === "string" || body instanceof Uint8Array)) {
    body = await new Response(body).bytes();
  }
  const method = String(init.method ?? request?.method ?? "GET").toUpperCase();
  const [status, statusText, responseHeaders, responseBody] = await start(url, method, headers, body, manual);
  return Response.__fromFetch(status, statusText, responseHeaders, responseBody, url);
}
