// @ts-nocheck -- not yet typed: whoever next changes this file types it (JSDoc) and removes this line.
// Response (Fetch standard).
import { Body } from "./body.js";
import { Headers } from "./headers.js";
import { URL } from "./url.js";

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
  static __fromFetch(status, statusText, headers, body, url, redirected = false) {
    const response = new Response(null, fromFetch);
    response.#status = status;
    response.#statusText = statusText;
    response.#headers = new Headers(headers);
    response.#url = url;
    response.#redirected = redirected;
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
