// @ts-nocheck -- not yet typed: whoever next changes this file types it (JSDoc) and removes this line.
// Request (Fetch standard).
import { Body } from "./body.js";
import { Headers, TOKEN } from "./headers.js";
import { URL } from "./url.js";

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
