// Response (Fetch standard).
import { BodyState, mixBody } from "./body.js";
import { Headers, guard } from "./headers.js";
import { URL } from "./url.js";
import { dictionary, inspectAs, tag, usv } from "./webidl.js";

/** Statuses whose response has no body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** A reason phrase: tab, space, visible ASCII and obs-text. */
const REASON = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * WebIDL's `unsigned short`: modulo 2^16, NaN and infinities 0.
 * @param {unknown} value
 */
function unsignedShort(value) {
  const x = Number(value);
  if (!Number.isFinite(x)) return 0;
  return ((Math.trunc(x) % 65536) + 65536) % 65536;
}

/** @type {(response: unknown) => BodyState} */
let bodyOf;

/**
 * How `fetch` builds its result: any status, the final URL; its headers immutable. A
 * module export rather than a static, so a handler cannot reach it.
 * @type {(status: number, statusText: string, headers: any, body: unknown, url: string, redirected?: boolean) => Response}
 */
export let responseFromFetch;

/** What `new Response` and `fetch` share: status, headers, body and what the network said. */
export class Response {
  #status = 200;
  #statusText = "";
  /** @type {Headers} */
  #headers;
  /** @type {BodyState} */
  #body;
  /** @type {"basic" | "cors" | "default" | "error" | "opaque" | "opaqueredirect"} */
  #type = "default";
  #url = "";
  #redirected = false;
  /** Whether the headers are immutable (fetch's responses, error(), redirect()). */
  #immutable = false;

  #lockHeaders() {
    this.#immutable = true;
    guard(this.#headers, "immutable");
  }

  static {
    bodyOf = (response) => {
      if (!(response instanceof Response)) throw new TypeError("not a Response");
      return response.#body;
    };
    responseFromFetch = (status, statusText, headers, body, url, redirected = false) => {
      const response = new Response();
      response.#status = status;
      response.#statusText = statusText;
      response.#headers = new Headers(headers);
      response.#body =
        body instanceof Uint8Array
          ? BodyState.ofBytes(body, response.#headers)
          : new BodyState(body, response.#headers);
      response.#url = url;
      response.#type = "basic";
      response.#redirected = redirected;
      response.#lockHeaders();
      return response;
    };
  }

  /**
   * @param {unknown} [body]
   * @param {{ status?: number, statusText?: string, headers?: any }} [init]
   */
  constructor(body = null, init = undefined) {
    const options = dictionary(init, "ResponseInit");
    const headers = options.headers;
    const status = options.status === undefined ? 200 : unsignedShort(options.status);
    const statusText = options.statusText === undefined ? "" : `${options.statusText}`;
    if (status < 200 || status > 599)
      throw new RangeError(`init["status"] must be in the range of 200 to 599, inclusive.`);
    if (/[^\x00-\xff]/.test(statusText))
      throw new TypeError("statusText must be a ByteString (no character above U+00FF)");
    if (!REASON.test(statusText)) throw new TypeError("Invalid statusText");
    this.#status = status;
    this.#statusText = statusText;
    this.#headers = new Headers(headers);
    if (body !== null && NULL_BODY.has(status))
      throw new TypeError(`Response constructor: Invalid response status code ${status}`);
    this.#body = new BodyState(body, this.#headers);
  }

  /**
   * @param {unknown} data
   * @param {{ status?: number, statusText?: string, headers?: any }} [init]
   */
  static json(data, init = undefined) {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError("Value is not JSON serializable");
    const response = new Response(text, init);
    // Unlike a string body's text/plain, a JSON body's type wins unless init set one.
    const options = dictionary(init, "ResponseInit");
    if (options.headers === undefined || !new Headers(options.headers).has("content-type"))
      response.#headers.set("content-type", "application/json");
    return response;
  }

  static error() {
    const response = new Response();
    response.#status = 0;
    response.#type = "error";
    response.#lockHeaders();
    return response;
  }

  /**
   * @param {string | URL} url
   * @param {number} [status]
   */
  static redirect(url, status = 302) {
    const text = usv(url);
    if (!URL.canParse(text)) throw new TypeError(`Failed to parse URL from ${text}`);
    const code = unsignedShort(status);
    if (!REDIRECTS.has(code)) throw new RangeError(`Invalid status code ${code}`);
    const response = new Response(null, { status: code });
    response.#headers.set("location", new URL(text).href);
    response.#lockHeaders();
    return response;
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
  get status() {
    return this.#status;
  }
  get ok() {
    return this.#status >= 200 && this.#status < 300;
  }
  get statusText() {
    return this.#statusText;
  }
  get headers() {
    return this.#headers;
  }

  clone() {
    if (this.#body.unusable) throw new TypeError("Response.clone: Body has already been consumed.");
    const copy = new Response();
    copy.#status = this.#status;
    copy.#statusText = this.#statusText;
    copy.#headers = new Headers(this.#headers);
    copy.#body = new BodyState(null, copy.#headers);
    copy.#type = this.#type;
    copy.#url = this.#url;
    copy.#redirected = this.#redirected;
    if (this.#immutable) copy.#lockHeaders();
    this.#body.cloneInto(copy.#body);
    return copy;
  }
}

mixBody(Response, (response) => bodyOf(response));
tag(Response);
inspectAs(
  Response,
  (response) => ({
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    body: /** @type {any} */ (response).body,
    bodyUsed: /** @type {any} */ (response).bodyUsed,
    ok: response.ok,
    redirected: response.redirected,
    type: response.type,
    url: response.url,
  }),
  { deep: "ignore" },
);
