// Request (Fetch standard).
import { ifLoaded, need } from "./on_demand.js";

/** @typedef {import("./abort.js").AbortSignal} AbortSignal */
import { BodyState, mixBody } from "./body.js";
import { Headers, TOKEN } from "./headers.js";
import { URL } from "./url.js";
import { dictionary, inspectAs, tag, usv } from "./webidl.js";

/** Methods the standard upper-cases whatever case they come in. */
const NORMALIZED = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
const FORBIDDEN = new Set(["CONNECT", "TRACE", "TRACK"]);

/** The enumerations of RequestInit, and what each defaults to. */
const ENUMS = {
  mode: ["navigate", "same-origin", "no-cors", "cors"],
  credentials: ["omit", "same-origin", "include"],
  cache: ["default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"],
  redirect: ["follow", "error", "manual"],
  referrerPolicy: [
    "",
    "no-referrer",
    "no-referrer-when-downgrade",
    "same-origin",
    "origin",
    "strict-origin",
    "origin-when-cross-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
  ],
  duplex: ["half"],
};

/**
 * `init[name]` checked against its enumeration; undefined when absent.
 * @param {Record<string, unknown>} init
 * @param {keyof typeof ENUMS} name
 */
function enumMember(init, name) {
  if (init[name] === undefined) return undefined;
  const value = `${init[name]}`;
  if (!ENUMS[name].includes(value))
    throw new TypeError(
      `Request: ${JSON.stringify(value)} is not a valid ${name} (${ENUMS[name].join(", ")})`,
    );
  return value;
}

/**
 * @typedef {object} RequestState
 * @property {string} url
 * @property {string} method
 * @property {string} mode
 * @property {string} credentials
 * @property {string} cache
 * @property {string} redirect
 * @property {string} referrer
 * @property {string} referrerPolicy
 * @property {string} integrity
 * @property {boolean} keepalive
 * @property {AbortSignal | null} parent the signal this request's signal follows
 */

/** @type {(request: unknown) => BodyState} */
let bodyOf;

export class Request {
  /** @type {RequestState} */
  #state;
  /** @type {Headers} */
  #headers;
  /** @type {BodyState} */
  #body;
  /** Made on first use; it follows `parent` from construction on either way. */
  /** @type {AbortSignal | null} */
  #signal = null;

  static {
    bodyOf = (request) => {
      if (!(request instanceof Request)) throw new TypeError("not a Request");
      return request.#body;
    };
  }

  /**
   * @param {string | URL | Request} input
   * @param {Record<string, any>} [init]
   */
  constructor(input, init = undefined) {
    if (arguments.length < 1) throw new TypeError("Request needs a URL or a Request");
    const options = dictionary(init, "RequestInit");
    const from = input instanceof Request ? input : null;
    /** @type {RequestState} */
    let state;
    if (from) state = { ...from.#state };
    else {
      const text = usv(input);
      let url;
      try {
        url = new URL(text);
      } catch {
        throw new TypeError(`Failed to parse URL from ${text}`);
      }
      if (url.username || url.password)
        throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${text}`);
      state = {
        url: url.href,
        method: "GET",
        mode: "cors",
        credentials: "same-origin",
        cache: "default",
        redirect: "follow",
        referrer: "about:client",
        referrerPolicy: "",
        integrity: "",
        keepalive: false,
        parent: null,
      };
    }
    if (options.referrer !== undefined) {
      const referrer = usv(options.referrer);
      if (referrer === "") state.referrer = "";
      else {
        if (!URL.canParse(referrer))
          throw new TypeError(`Referrer ${JSON.stringify(referrer)} is not a valid URL.`);
        state.referrer = new URL(referrer).href;
      }
    }
    state.referrerPolicy = enumMember(options, "referrerPolicy") ?? state.referrerPolicy;
    const mode = enumMember(options, "mode");
    if (mode === "navigate") throw new TypeError('Request: mode "navigate" cannot be set');
    state.mode = mode ?? state.mode;
    state.credentials = enumMember(options, "credentials") ?? state.credentials;
    state.cache = enumMember(options, "cache") ?? state.cache;
    if (state.cache === "only-if-cached" && state.mode !== "same-origin")
      throw new TypeError('Request: cache "only-if-cached" needs mode "same-origin"');
    state.redirect = enumMember(options, "redirect") ?? state.redirect;
    if (options.integrity !== undefined) state.integrity = `${options.integrity}`;
    if (options.keepalive !== undefined) state.keepalive = Boolean(options.keepalive);
    if (options.method !== undefined) {
      const method = `${options.method}`;
      if (!TOKEN.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
      const upper = method.toUpperCase();
      if (FORBIDDEN.has(upper)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
      state.method = NORMALIZED.has(upper) ? upper : method;
    }
    if (options.signal !== undefined && options.signal !== null) {
      if (!(ifLoaded("abort.js")?.isAbortSignal(options.signal) ?? false))
        throw new TypeError("RequestInit: signal is not an AbortSignal");
      state.parent = /** @type {AbortSignal} */ (options.signal);
    } else if (from) state.parent = from.signal;
    const duplex = enumMember(options, "duplex");
    this.#headers = new Headers(
      options.headers !== undefined ? options.headers : from ? from.#headers : undefined,
    );
    if (state.mode === "no-cors" && !["GET", "HEAD", "POST"].includes(state.method))
      throw new TypeError(`${state.method} is unsupported in no-cors mode.`);
    const initBody = options.body ?? null;
    const inputBody = from && !from.#body.isNull ? from.#body : null;
    if ((initBody !== null || inputBody !== null) && (state.method === "GET" || state.method === "HEAD"))
      throw new TypeError("Request with GET/HEAD method cannot have body.");
    const streams = ifLoaded("streams/readable.js");
    if (streams !== undefined && initBody instanceof streams.ReadableStream) {
      if (state.keepalive) throw new TypeError("a keepalive request cannot have a stream body");
      if (duplex === undefined)
        throw new TypeError("RequestInit: duplex option is required when sending a body.");
    }
    if (initBody === null && inputBody !== null && inputBody.unusable)
      throw new TypeError("Cannot construct a Request with a Request object that has already been used.");
    this.#state = state;
    this.#body = new BodyState(initBody, this.#headers);
    if (initBody === null && inputBody !== null) inputBody.moveInto(this.#body);
  }

  get url() {
    return this.#state.url;
  }
  get method() {
    return this.#state.method;
  }
  get headers() {
    return this.#headers;
  }
  get destination() {
    return "";
  }
  get referrer() {
    return this.#state.referrer;
  }
  get referrerPolicy() {
    return this.#state.referrerPolicy;
  }
  get mode() {
    return this.#state.mode;
  }
  get credentials() {
    return this.#state.credentials;
  }
  get cache() {
    return this.#state.cache;
  }
  get redirect() {
    return this.#state.redirect;
  }
  get integrity() {
    return this.#state.integrity;
  }
  get keepalive() {
    return this.#state.keepalive;
  }
  get duplex() {
    return "half";
  }
  get signal() {
    const parent = this.#state.parent;
    this.#signal ??= need("abort.js").AbortSignal.any(parent ? [parent] : []);
    return this.#signal;
  }

  clone() {
    if (this.#body.unusable) throw new TypeError("Request.clone: Body has already been consumed.");
    const copy = new Request(this.#state.url, { method: "GET" });
    copy.#state = { ...this.#state, parent: this.signal };
    copy.#headers = new Headers(this.#headers);
    copy.#body = new BodyState(null, copy.#headers);
    this.#body.cloneInto(copy.#body);
    return copy;
  }
}

mixBody(Request, (request) => bodyOf(request));
tag(Request);
inspectAs(
  Request,
  (request) => ({
    method: request.method,
    url: request.url,
    headers: request.headers,
    destination: request.destination,
    referrer: request.referrer,
    referrerPolicy: request.referrerPolicy,
    mode: request.mode,
    credentials: request.credentials,
    cache: request.cache,
    redirect: request.redirect,
    integrity: request.integrity,
    keepalive: request.keepalive,
    // A server has no navigations.
    isReloadNavigation: false,
    isHistoryNavigation: false,
    signal: request.signal,
  }),
  { deep: "ignore" },
);
