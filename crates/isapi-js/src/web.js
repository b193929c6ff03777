// The web platform globals handlers may use in QuickJS: TextEncoder/TextDecoder, URL,
// URLSearchParams, ReadableStream, Headers, Request, Response, timers and
// crypto.getRandomValues. Evaluated once per engine before the bundle. The byte-level
// work (UTF-8, URL parsing, randomness, the clock) is native: the __isapi* functions
// installed by web.rs. This is a subset of the standards, written for handlers: where
// it stops short, it throws rather than guess.
(() => {
  const encode = __isapiUtf8Encode;
  const decode = __isapiUtf8Decode;

  /** Bytes of a BufferSource, copied. */
  function bytesOf(source) {
    if (source instanceof Uint8Array) return source.slice();
    if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength));
    if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
    throw new TypeError("expected an ArrayBuffer or a view of one");
  }

  // ---- TextEncoder / TextDecoder (UTF-8 only, as the standard's TextEncoder) ----

  class TextEncoder {
    get encoding() { return "utf-8"; }
    encode(input = "") { return encode(String(input)); }
    encodeInto(input, destination) {
      const bytes = encode(String(input));
      // Whole characters only: cut before a continuation byte.
      let written = Math.min(bytes.length, destination.length);
      while (written > 0 && written < bytes.length && (bytes[written] & 0xc0) === 0x80) written--;
      destination.set(bytes.subarray(0, written));
      return { read: decode(bytes.subarray(0, written), false).length, written };
    }
  }

  const UTF8_LABELS = new Set(["utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"]);

  class TextDecoder {
    #fatal; #ignoreBOM; #pending = new Uint8Array(0); #started = false;
    constructor(label = "utf-8", options = {}) {
      if (!UTF8_LABELS.has(String(label).trim().toLowerCase())) {
        throw new RangeError(`TextDecoder supports utf-8 only, not ${JSON.stringify(label)}`);
      }
      this.#fatal = Boolean(options.fatal);
      this.#ignoreBOM = Boolean(options.ignoreBOM);
    }
    get encoding() { return "utf-8"; }
    get fatal() { return this.#fatal; }
    get ignoreBOM() { return this.#ignoreBOM; }
    decode(input, options = {}) {
      let bytes = input === undefined ? new Uint8Array(0) : bytesOf(input);
      if (this.#pending.length) {
        const joined = new Uint8Array(this.#pending.length + bytes.length);
        joined.set(this.#pending);
        joined.set(bytes, this.#pending.length);
        bytes = joined;
        this.#pending = new Uint8Array(0);
      }
      if (options.stream) {
        // Keep an incomplete trailing sequence for the next call.
        let start = bytes.length;
        while (start > 0 && start > bytes.length - 4 && (bytes[start - 1] & 0xc0) === 0x80) start--;
        if (start > 0) {
          const lead = bytes[start - 1];
          const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
          if (need > bytes.length - (start - 1)) {
            this.#pending = bytes.slice(start - 1);
            bytes = bytes.subarray(0, start - 1);
          }
        }
      }
      let text = decode(bytes, this.#fatal);
      if (!this.#started && !this.#ignoreBOM && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.#started = Boolean(options.stream);
      return text;
    }
  }

  // ---- URLSearchParams / URL ----

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

  class URLSearchParams {
    #list = [];
    #onChange = null;
    constructor(init = "") {
      if (init instanceof URLSearchParams) this.#list = init.#list.map(([k, v]) => [k, v]);
      else if (typeof init === "string") this.#parse(init);
      else if (init && typeof init[Symbol.iterator] === "function") {
        for (const pair of init) {
          const [name, value, ...rest] = Array.from(pair);
          if (rest.length || value === undefined) throw new TypeError("each pair needs exactly a name and a value");
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
    #changed() { this.#onChange?.(this.toString()); }
    static __bind(params, text, onChange) { params.#parse(text); params.#onChange = onChange; }
    static __reset(params, text) { params.#parse(text); }
    get size() { return this.#list.length; }
    append(name, value) { this.#list.push([String(name), String(value)]); this.#changed(); }
    delete(name, value) {
      this.#list = this.#list.filter(([k, v]) => !(k === String(name) && (value === undefined || v === String(value))));
      this.#changed();
    }
    get(name) { return this.#list.find(([k]) => k === String(name))?.[1] ?? null; }
    getAll(name) { return this.#list.filter(([k]) => k === String(name)).map(([, v]) => v); }
    has(name, value) { return this.#list.some(([k, v]) => k === String(name) && (value === undefined || v === String(value))); }
    set(name, value) {
      const index = this.#list.findIndex(([k]) => k === String(name));
      if (index < 0) this.#list.push([String(name), String(value)]);
      else {
        this.#list[index] = [String(name), String(value)];
        this.#list = this.#list.filter(([k], i) => i <= index || k !== String(name));
      }
      this.#changed();
    }
    sort() { this.#list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)); this.#changed(); }
    forEach(callback, thisArg) { for (const [k, v] of this.#list) callback.call(thisArg, v, k, this); }
    *entries() { for (const [k, v] of this.#list) yield [k, v]; }
    *keys() { for (const [k] of this.#list) yield k; }
    *values() { for (const [, v] of this.#list) yield v; }
    [Symbol.iterator]() { return this.entries(); }
    toString() { return this.#list.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join("&"); }
  }

  const PART = { href: 0, origin: 1, protocol: 2, username: 3, password: 4, host: 5, hostname: 6, port: 7, pathname: 8, search: 9, hash: 10 };

  class URL {
    #parts;
    #params = null;
    constructor(url, base) {
      const parts = __isapiUrlParse(String(url), base === undefined ? undefined : String(base));
      if (parts == null) throw new TypeError(`Invalid URL: ${String(url)}`);
      this.#parts = parts;
    }
    static canParse(url, base) {
      return __isapiUrlParse(String(url), base === undefined ? undefined : String(base)) != null;
    }
    static parse(url, base) {
      try { return new URL(url, base); } catch { return null; }
    }
    #update(name, value) {
      const parts = __isapiUrlSet(this.#parts[PART.href], name, String(value));
      if (parts == null) {
        if (name === "href") throw new TypeError(`Invalid URL: ${String(value)}`);
        return; // The standard ignores setters that cannot apply.
      }
      this.#parts = parts;
      if (this.#params && name !== "searchParams") URLSearchParams.__reset(this.#params, this.#parts[PART.search]);
    }
    get href() { return this.#parts[PART.href]; }
    set href(value) { this.#update("href", value); }
    get origin() { return this.#parts[PART.origin]; }
    get protocol() { return this.#parts[PART.protocol]; }
    set protocol(value) { this.#update("protocol", value); }
    get username() { return this.#parts[PART.username]; }
    set username(value) { this.#update("username", value); }
    get password() { return this.#parts[PART.password]; }
    set password(value) { this.#update("password", value); }
    get host() { return this.#parts[PART.host]; }
    set host(value) { this.#update("host", value); }
    get hostname() { return this.#parts[PART.hostname]; }
    set hostname(value) { this.#update("hostname", value); }
    get port() { return this.#parts[PART.port]; }
    set port(value) { this.#update("port", value); }
    get pathname() { return this.#parts[PART.pathname]; }
    set pathname(value) { this.#update("pathname", value); }
    get search() { return this.#parts[PART.search]; }
    set search(value) { this.#update("search", value); }
    get hash() { return this.#parts[PART.hash]; }
    set hash(value) { this.#update("hash", value); }
    get searchParams() {
      if (!this.#params) {
        this.#params = new URLSearchParams();
        URLSearchParams.__bind(this.#params, this.search, (text) => this.#update("searchParams", text));
      }
      return this.#params;
    }
    toString() { return this.href; }
    toJSON() { return this.href; }
  }

  // ---- ReadableStream (the default-reader subset) ----

  class ReadableStream {
    #queue = [];
    #state = "readable";
    #error;
    #reads = [];
    #source;
    #controller;
    #pulling = false;
    #locked = false;
    #started;
    constructor(source = {}) {
      this.#source = source;
      const stream = this;
      this.#controller = {
        enqueue(chunk) {
          if (stream.#state !== "readable") throw new TypeError("the stream is closed");
          const read = stream.#reads.shift();
          if (read) read.resolve({ value: chunk, done: false });
          else stream.#queue.push(chunk);
        },
        close() {
          if (stream.#state !== "readable") return;
          stream.#state = "closed";
          if (!stream.#queue.length) for (const read of stream.#reads.splice(0)) read.resolve({ value: undefined, done: true });
        },
        error(reason) { stream.#fail(reason); },
        get desiredSize() { return stream.#state === "readable" ? Math.max(0, 1 - stream.#queue.length) : 0; },
      };
      this.#started = Promise.resolve()
        .then(() => source.start?.(this.#controller))
        .catch((reason) => this.#fail(reason));
    }
    static from(iterable) {
      const iterator = iterable[Symbol.asyncIterator]?.() ?? iterable[Symbol.iterator]();
      return new ReadableStream({
        async pull(controller) {
          const { value, done } = await iterator.next();
          if (done) controller.close();
          else controller.enqueue(value);
        },
        async cancel(reason) { await iterator.return?.(reason); },
      });
    }
    #fail(reason) {
      if (this.#state !== "readable") return;
      this.#state = "errored";
      this.#error = reason;
      this.#queue = [];
      for (const read of this.#reads.splice(0)) read.reject(reason);
    }
    async #pull() {
      if (this.#pulling || !this.#source.pull) return;
      this.#pulling = true;
      try {
        await this.#started;
        while (this.#reads.length && !this.#queue.length && this.#state === "readable") {
          await this.#source.pull(this.#controller);
        }
      } catch (reason) {
        this.#fail(reason);
      } finally {
        this.#pulling = false;
      }
    }
    #read() {
      if (this.#queue.length) {
        const value = this.#queue.shift();
        if (!this.#queue.length && this.#state === "closed") {
          for (const read of this.#reads.splice(0)) read.resolve({ value: undefined, done: true });
        }
        return Promise.resolve({ value, done: false });
      }
      if (this.#state === "closed") return Promise.resolve({ value: undefined, done: true });
      if (this.#state === "errored") return Promise.reject(this.#error);
      return new Promise((resolve, reject) => {
        this.#reads.push({ resolve, reject });
        this.#pull();
      });
    }
    get locked() { return this.#locked; }
    async cancel(reason) {
      if (this.#locked) throw new TypeError("the stream is locked to a reader");
      return this.#cancel(reason);
    }
    async #cancel(reason) {
      if (this.#state !== "readable") return;
      this.#state = "closed";
      this.#queue = [];
      for (const read of this.#reads.splice(0)) read.resolve({ value: undefined, done: true });
      await this.#source.cancel?.(reason);
    }
    getReader(options) {
      if (options?.mode === "byob") throw new TypeError("BYOB readers are not supported");
      if (this.#locked) throw new TypeError("the stream is already locked to a reader");
      this.#locked = true;
      const stream = this;
      let released = false;
      return {
        read() {
          if (released) return Promise.reject(new TypeError("the reader was released"));
          return stream.#read();
        },
        releaseLock() { released = true; stream.#locked = false; },
        cancel(reason) { return stream.#cancel(reason); },
        get closed() {
          return stream.#started.then(() => {
            if (stream.#state === "errored") throw stream.#error;
          });
        },
      };
    }
    async *[Symbol.asyncIterator]() {
      const reader = this.getReader();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        reader.releaseLock();
      }
    }
    values() { return this[Symbol.asyncIterator](); }
  }

  // ---- Headers, Request, Response ----

  const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

  class Headers {
    #entries = [];
    constructor(init) {
      if (init instanceof Headers) init = init.entries();
      else if (init && typeof init === "object" && typeof init[Symbol.iterator] !== "function") init = Object.entries(init);
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
    set(name, value) { this.delete(name); this.append(name, value); }
    delete(name) { const n = String(name).toLowerCase(); this.#entries = this.#entries.filter(([k]) => k !== n); }
    get(name) {
      const n = String(name).toLowerCase();
      const values = this.#entries.filter(([k]) => k === n).map(([, v]) => v);
      return values.length ? values.join(", ") : null;
    }
    getSetCookie() { return this.#entries.filter(([k]) => k === "set-cookie").map(([, v]) => v); }
    has(name) { return this.get(name) !== null; }
    // Sorted and combined, as the standard iterates (set-cookie stays separate).
    #combined() {
      const names = [...new Set(this.#entries.map(([k]) => k))].sort();
      return names.flatMap((n) => (n === "set-cookie" ? this.getSetCookie().map((v) => [n, v]) : [[n, this.get(n)]]));
    }
    *entries() { yield* this.#combined(); }
    *keys() { for (const [k] of this.#combined()) yield k; }
    *values() { for (const [, v] of this.#combined()) yield v; }
    forEach(callback, thisArg) { for (const [k, v] of this.#combined()) callback.call(thisArg, v, k, this); }
    [Symbol.iterator]() { return this.entries(); }
  }

  /** A body source: null, bytes, or a stream; plus the content type it implies. */
  function extractBody(init) {
    if (init === null || init === undefined) return [null, null];
    if (typeof init === "string") return [encode(init), "text/plain;charset=UTF-8"];
    if (init instanceof URLSearchParams) return [encode(init.toString()), "application/x-www-form-urlencoded;charset=UTF-8"];
    if (init instanceof ReadableStream) return [init, null];
    if (init instanceof ArrayBuffer || ArrayBuffer.isView(init)) return [bytesOf(init), null];
    return [encode(String(init)), "text/plain;charset=UTF-8"];
  }

  function concat(chunks) {
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const all = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    return all;
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
    get bodyUsed() { return this.#used; }
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
    async arrayBuffer() { return (await this.bytes()).buffer; }
    async text() { return decode(await this.bytes(), false); }
    async json() { return JSON.parse(await this.text()); }
    _cloneBody() {
      if (this.#used) throw new TypeError("the body was already read");
      if (this.#source instanceof ReadableStream) throw new TypeError("clone() of a streamed body is not supported");
      return this.#source;
    }
  }

  const METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"]);

  class Request extends Body {
    #url; #method; #headers;
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
    get url() { return this.#url; }
    get method() { return this.#method; }
    get headers() { return this.#headers; }
    clone() { return new Request(this); }
  }

  const fromFetch = Symbol("fromFetch");

  class Response extends Body {
    #status; #statusText; #headers; #type = "default"; #url = ""; #redirected = false;
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
      if (body !== null && [204, 205, 304].includes(status)) throw new TypeError(`a ${status} response cannot have a body`);
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
      if (![301, 302, 303, 307, 308].includes(status)) throw new RangeError(`${status} is not a redirect status`);
      return new Response(null, { status, headers: { location: new URL(url).href } });
    }
    get status() { return this.#status; }
    get statusText() { return this.#statusText; }
    get ok() { return this.#status >= 200 && this.#status < 300; }
    get headers() { return this.#headers; }
    get type() { return this.#type; }
    get url() { return this.#url; }
    get redirected() { return this.#redirected; }
    clone() {
      const copy = Response.__fromFetch(this.#status, this.#statusText, this.#headers, this._cloneBody(), this.#url);
      copy.#type = this.#type;
      return copy;
    }
  }

  // ---- Timers: run by the engine while it waits for a request's Promise ----
  // An engine runs one request at a time, so every timer alive is the running request's;
  // when the request ends the engine cancels what is left (`cancelTimers`).

  const timers = new Map();
  let nextTimer = 1;
  function schedule(callback, delay, args, repeat) {
    if (typeof callback !== "function") throw new TypeError("the timer callback must be a function");
    const id = nextTimer++;
    const ms = Math.max(0, Number(delay) || 0);
    timers.set(id, { when: __isapiNow() + ms, callback, args, every: repeat ? Math.max(1, ms) : 0 });
    return id;
  }
  const clear = (id) => void timers.delete(id);

  // Runs every timer that is due; returns milliseconds until the next one, or -1.
  function runTimers() {
    if (timers.size === 0) return -1;
    const now = __isapiNow();
    const due = [...timers.entries()].filter(([, t]) => t.when <= now).sort(([, a], [, b]) => a.when - b.when);
    for (const [id, timer] of due) {
      if (!timers.has(id)) continue; // cleared by an earlier callback
      if (timer.every) timer.when = now + timer.every;
      else timers.delete(id);
      try {
        timer.callback(...timer.args);
      } catch (error) {
        console.error("uncaught exception in a timer callback:", error);
      }
    }
    let next = -1;
    for (const timer of timers.values()) {
      const wait = Math.max(0, timer.when - __isapiNow());
      if (next < 0 || wait < next) next = wait;
    }
    return next;
  }

  // Cancels every timer; returns how many there were.
  function cancelTimers() {
    const left = timers.size;
    timers.clear();
    return left;
  }

  // ---- crypto ----

  const crypto = {
    getRandomValues(array) {
      if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array || array instanceof DataView) {
        throw new TypeError("getRandomValues needs an integer typed array");
      }
      if (array.byteLength > 65536) throw new RangeError("getRandomValues: at most 65536 bytes at a time");
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(__isapiRandomBytes(array.byteLength));
      return array;
    },
    randomUUID() {
      const b = __isapiRandomBytes(16);
      b[6] = (b[6] & 0x0f) | 0x40;
      b[8] = (b[8] & 0x3f) | 0x80;
      const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  };

  Object.assign(globalThis, {
    TextEncoder,
    TextDecoder,
    URL,
    URLSearchParams,
    ReadableStream,
    Headers,
    Request,
    Response,
    crypto,
    setTimeout: (callback, delay, ...args) => schedule(callback, delay, args, false),
    setInterval: (callback, delay, ...args) => schedule(callback, delay, args, true),
    clearTimeout: clear,
    clearInterval: clear,
    queueMicrotask: (callback) => void Promise.resolve().then(callback),
    __isapiRunTimers: runTimers,
    __isapiCancelTimers: cancelTimers,
  });
})();
