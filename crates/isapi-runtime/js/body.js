// The Fetch standard's body mixin: what Request and Response share (the body, reading it
// once, cloning it), and extracting a body from what a constructor is given.
import { mimeType, parseMultipart } from "isapi:native/body";
import { utf8Decode, utf8Encode } from "isapi:native/encoding";
import { usv } from "./webidl.js";
import { ifLoaded, need } from "./on_demand.js";
import { URLSearchParams } from "./url.js";
import { concat } from "./util.js";

/** @typedef {import("./streams/readable.js").ReadableStream} ReadableStream */

/**
 * Whether `value` is an instance of `name` from the on-demand module `path`: false while
 * that module is not loaded (no instance can exist), without loading it.
 * @template {"blob.js" | "form_data.js" | "streams/readable.js"} K
 * @param {K} path
 * @param {string} name
 * @param {unknown} value
 * @returns {boolean}
 */
function isA(path, name, value) {
  const offer = /** @type {Record<string, Function> | undefined} */ (ifLoaded(path));
  return offer !== undefined && value instanceof offer[name];
}

/**
 * The most bytes a body read whole (`arrayBuffer`, `blob`, `bytes`, `formData`, `json`,
 * `text`) takes from a stream (a request's upload, a fetch's response). Above IIS's
 * default `maxAllowedContentLength` (30,000,000), so every upload the server admits by
 * default reads; a larger body is refused (TypeError naming the limit) as soon as its size
 * shows, unread when its Content-Length says so, rather than filling the engine's heap
 * (`memoryMb`, default 64, which must leave room for it). A body already in memory (a
 * string, buffer, Blob) is not limited: there is nothing left to protect.
 */
export const BODY_READ_LIMIT = 32 * 1024 * 1024;

/** What a body read from its bytes keeps instead of them. */
const SPENT = new Uint8Array(0);

/**
 * Whose a body's bytes are: "own" (the body's alone, may be handed out), "blob" (shared
 * with a Blob or a clone: never changed, copied when handed out) or "foreign" (a stream's
 * chunk, which its producer may still change: always copied).
 * @typedef {"own" | "blob" | "foreign"} Owner
 */

/**
 * @typedef {object} Extracted
 * @property {Uint8Array | null} bytes the body, when it is bytes
 * @property {Owner} owner whose those bytes are
 * @property {ReadableStream | null} stream the body, when it is a stream
 * @property {string | null} type the Content-Type it implies
 */

/**
 * Fetch's "extract a body": what `init` becomes, and the Content-Type it implies.
 * @param {unknown} init not null or undefined
 * @returns {Extracted}
 */
export function extractBody(init) {
  /** @type {Extracted} */
  const result = { bytes: null, owner: "own", stream: null, type: null };
  if (typeof init === "string") {
    result.bytes = utf8Encode(init.toWellFormed());
    result.type = "text/plain;charset=UTF-8";
  } else if (isA("blob.js", "Blob", init)) {
    const blob = /** @type {import("./blob.js").Blob} */ (init);
    result.bytes = need("blob.js").bytesOfBlob(blob);
    result.owner = "blob";
    if (blob.type) result.type = blob.type;
  } else if (init instanceof ArrayBuffer) {
    result.bytes = new Uint8Array(init.slice(0));
  } else if (ArrayBuffer.isView(init)) {
    result.bytes = new Uint8Array(init.buffer.slice(init.byteOffset, init.byteOffset + init.byteLength));
  } else if (init instanceof URLSearchParams) {
    result.bytes = utf8Encode(init.toString());
    result.type = "application/x-www-form-urlencoded;charset=UTF-8";
  } else if (isA("form_data.js", "FormData", init)) {
    const form = /** @type {import("./form_data.js").FormData} */ (init);
    [result.bytes, result.type] = need("form_data.js").encodeMultipart(form);
  } else if (isA("streams/readable.js", "ReadableStream", init)) {
    const stream = /** @type {ReadableStream} */ (init);
    if (stream.locked || need("streams/readable.js").rsOf(stream).disturbed)
      throw new TypeError("the body stream is locked or was already read");
    result.stream = stream;
  } else {
    result.bytes = utf8Encode(usv(init));
    result.type = "text/plain;charset=UTF-8";
  }
  return result;
}

/** One Request's or Response's body: bytes until someone asks for a stream, or a stream. */
export class BodyState {
  /** @type {Uint8Array | null} */
  #bytes = null;
  /** @type {Owner} */
  #owner = "own";
  /** @type {ReadableStream | null} */
  #stream = null;
  /** Read (or cancelled) through this body. */
  #used = false;
  /** @type {{ get(name: string): string | null }} */
  #headers;

  /**
   * @param {unknown} init what the constructor was given (null: no body)
   * @param {{ get(name: string): string | null, has(name: string): boolean, set(name: string, value: string): void }} headers
   */
  constructor(init, headers) {
    this.#headers = headers;
    if (init === null || init === undefined) return;
    const extracted = extractBody(init);
    this.#bytes = extracted.bytes;
    this.#owner = extracted.owner;
    this.#stream = extracted.stream;
    if (extracted.type !== null && !headers.has("content-type")) headers.set("content-type", extracted.type);
  }

  /**
   * A body over `bytes` that nobody else holds, kept without a copy (what `fetch` received).
   * @param {Uint8Array} bytes
   * @param {{ get(name: string): string | null, has(name: string): boolean, set(name: string, value: string): void }} headers
   */
  static ofBytes(bytes, headers) {
    const state = new BodyState(null, headers);
    state.#bytes = bytes;
    return state;
  }

  get isNull() {
    return this.#bytes === null && this.#stream === null;
  }

  get stream() {
    if (this.#stream === null && this.#bytes !== null && this.#used) {
      // Read (or moved) before anyone asked for the stream: the stream is as reading
      // would have left it, disturbed and locked.
      const { ReadableStream } = need("streams/readable.js");
      const spent = new ReadableStream();
      spent.cancel();
      spent.getReader();
      this.#bytes = null;
      this.#stream = spent;
    } else if (this.#stream === null && this.#bytes !== null) {
      // Made on first ask. Its source marks the body used when it is read or cancelled.
      const { ReadableStream } = need("streams/readable.js");
      const bytes = this.#owner === "own" ? this.#bytes : this.#bytes.slice();
      this.#bytes = null;
      this.#stream = new ReadableStream({
        type: "bytes",
        /** @param {any} controller */
        pull: (controller) => {
          this.#used = true;
          if (bytes.length) controller.enqueue(bytes);
          controller.close();
        },
        cancel: () => {
          this.#used = true;
        },
      });
    }
    return this.#stream;
  }

  get used() {
    // A body with a stream has the streams loaded.
    return this.#used || (this.#stream !== null && need("streams/readable.js").rsOf(this.#stream).disturbed);
  }

  get unusable() {
    return !this.isNull && (this.used || (this.#stream?.locked ?? false));
  }

  /**
   * All the bytes, once ("consume body"), at most `BODY_READ_LIMIT` of them from a stream.
   * Callers that hand the bytes out copy them unless their owner is "own".
   * @param {string} method the reading method, named in the error past the limit
   * @returns {Promise<{ bytes: Uint8Array, owner: Owner }>}
   */
  async consume(method) {
    if (this.unusable) throw new TypeError("Body is unusable: Body has already been read");
    const limit = BODY_READ_LIMIT;
    const what = `a body read by ${method}()`;
    if (this.#stream === null) {
      const bytes = this.#bytes ?? new Uint8Array(0);
      if (this.#bytes !== null) {
        this.#used = true;
        // The body lets go of its bytes (it stays non-null, and used).
        this.#bytes = SPENT;
      }
      return { bytes, owner: this.#owner };
    }
    // A Content-Length past the limit: refused unread (the body stays usable).
    const declared = Number(this.#headers.get("content-length"));
    if (declared > limit) throw tooLarge(limit, what);
    this.#used = true;
    const stream = this.#stream;
    const reader = defaultReader(stream);
    // With a Content-Length (a server request's body has one unless chunked), the bytes
    // go straight into one buffer of that size: an upload costs its size once, not twice.
    let buffer =
      Number.isSafeInteger(declared) && declared > 0 && declared <= limit ? new Uint8Array(declared) : null;
    let filled = 0;
    /** @type {Uint8Array[]} */
    const chunks = [];
    let total = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (!(value instanceof Uint8Array)) {
        const error = new TypeError("Received non-Uint8Array chunk");
        await reader.cancel(error).catch(() => {});
        throw error;
      }
      total += value.length;
      if (total > limit) {
        const error = tooLarge(limit, what);
        await reader.cancel(error).catch(() => {});
        throw error;
      }
      if (buffer !== null && filled + value.length <= buffer.length) {
        buffer.set(value, filled);
        filled += value.length;
      } else {
        // More than declared: on as a list of chunks.
        if (buffer !== null) chunks.push(buffer.subarray(0, filled));
        buffer = null;
        chunks.push(value);
      }
    }
    if (buffer !== null)
      return { bytes: filled === buffer.length ? buffer : buffer.subarray(0, filled), owner: "own" };
    return chunks.length === 1
      ? { bytes: chunks[0], owner: "foreign" }
      : { bytes: concat(chunks), owner: "own" };
  }

  /**
   * The body's bytes, read at once, when it is bytes and nobody asked for its stream (it
   * is used after); `null` for no body; `undefined` when it is a stream (or unusable):
   * read `.body` then. Lets a server write a Response without making, or loading, a stream.
   * @returns {Uint8Array | null | undefined}
   */
  takeBytes() {
    if (this.#stream !== null || this.unusable) return undefined;
    if (this.#bytes === null) return null;
    const bytes = this.#bytes;
    this.#used = true;
    this.#bytes = SPENT;
    return this.#owner === "own" ? bytes : bytes.slice();
  }

  /**
   * A copy of this body for a clone: the bytes shared, or the stream teed.
   * @param {BodyState} target a null body to fill
   */
  cloneInto(target) {
    if (this.unusable) throw new TypeError("the body was already read or is locked");
    if (this.#stream !== null) {
      [this.#stream, target.#stream] = this.#stream.tee();
      return;
    }
    target.#bytes = this.#bytes;
    // Both keep the bytes: from now on neither may hand them out uncopied.
    if (this.#owner === "own") this.#owner = "blob";
    target.#owner = this.#owner;
  }

  /**
   * Moves this body into `target` (a Request made from a Request): this one is used after.
   * @param {BodyState} target a null body to fill
   */
  moveInto(target) {
    if (this.unusable) throw new TypeError("the Request's body was already read or is locked");
    if (this.#stream === null) {
      target.#bytes = this.#bytes;
      target.#owner = this.#owner;
      if (this.#bytes !== null) {
        this.#used = true;
        this.#bytes = SPENT;
      }
      return;
    }
    const reader = defaultReader(this.#stream);
    this.#used = true;
    const { ReadableStream } = need("streams/readable.js");
    target.#stream = new ReadableStream({
      /** @param {any} controller */
      async pull(controller) {
        const { value, done } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      /** @param {unknown} reason */
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
  }

  /** @param {string} name */
  header(name) {
    return this.#headers.get(name);
  }

  /** The Content-Type's MIME type: `[serialized, essence, boundary]` or null. */
  mimeType() {
    return mimeType(this.#headers.get("content-type"));
  }
}

/**
 * A default reader of `stream` (locking it).
 * @param {ReadableStream} stream
 */
function defaultReader(stream) {
  return /** @type {import("./streams/readable.js").ReadableStreamDefaultReader} */ (stream.getReader());
}

/**
 * @param {number} limit
 * @param {string} what
 */
function tooLarge(limit, what) {
  return new TypeError(`${what} is larger than the limit of ${limit} bytes`);
}

/**
 * UTF-8 decode (a leading BOM dropped, malformed bytes as U+FFFD).
 * @param {Uint8Array} bytes
 */
function decodeText(bytes) {
  const text = utf8Decode(bytes, false);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The form in `bytes`, by the body's MIME type.
 * @param {Uint8Array} bytes
 * @param {[string, string, string | undefined] | null} type
 */
function parseForm(bytes, type) {
  const { FormData } = need("form_data.js");
  const { File, blobOf } = need("blob.js");
  const form = new FormData();
  if (type?.[1] === "multipart/form-data") {
    const boundary = type[2];
    if (boundary === undefined) throw new TypeError("Failed to parse body as FormData: no boundary");
    for (const [name, filename, contentType, start, end] of parseMultipart(bytes, boundary)) {
      const content = bytes.subarray(start, end);
      if (filename === undefined) form.append(name, utf8Decode(content, false));
      else {
        // A parsed file has no modification time: 0, as the web-platform-tests expect.
        const options = { type: contentType ?? "text/plain", lastModified: 0 };
        form.append(name, new File([blobOf(content, "")], filename, options));
      }
    }
  } else if (type?.[1] === "application/x-www-form-urlencoded") {
    const params = new URLSearchParams(utf8Decode(bytes, false));
    for (const [name, value] of /** @type {Iterable<[string, string]>} */ (/** @type {unknown} */ (params)))
      form.append(name, value);
  } else {
    throw new TypeError(
      'Content-Type was not one of "multipart/form-data" or "application/x-www-form-urlencoded".',
    );
  }
  return form;
}

/** The key of the adapter's way to a body's bytes (`Symbol.for`, so a bundle can name it). */
const BODY_BYTES = Symbol.for("isapi-ts.bodyBytes");

/**
 * Puts the body mixin's members on `Class.prototype` (enumerable, as Web IDL's are): `body`,
 * `bodyUsed` and the ways to read it. `stateOf` finds an instance's body (and throws a TypeError for other objects).
 * @param {Function} Class
 * @param {(object: unknown) => BodyState} stateOf
 */
export function mixBody(Class, stateOf) {
  /** @type {PropertyDescriptorMap} */
  const members = {
    body: {
      get() {
        return stateOf(this).stream;
      },
    },
    bodyUsed: {
      get() {
        return stateOf(this).used;
      },
    },
    arrayBuffer: {
      async value() {
        const { bytes, owner } = await stateOf(this).consume("arrayBuffer");
        // A whole buffer of our own is handed over as is; anything else is copied.
        const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
        return owner === "own" && whole ? bytes.buffer : bytes.slice().buffer;
      },
    },
    bytes: {
      async value() {
        const { bytes, owner } = await stateOf(this).consume("bytes");
        return owner === "own" ? bytes : bytes.slice();
      },
    },
    blob: {
      async value() {
        const state = stateOf(this);
        const { bytes, owner } = await state.consume("blob");
        const blob = need("blob.js").blobOf(
          owner === "foreign" ? bytes.slice() : bytes,
          state.mimeType()?.[0] ?? "",
        );
        return blob;
      },
    },
    formData: {
      async value() {
        const state = stateOf(this);
        const type = state.mimeType();
        const { bytes, owner } = await state.consume("formData");
        // Files view the bytes: copy what a stream's producer may still change.
        return parseForm(owner === "foreign" ? bytes.slice() : bytes, type);
      },
    },
    json: {
      async value() {
        return JSON.parse(decodeText((await stateOf(this).consume("json")).bytes));
      },
    },
    text: {
      async value() {
        return decodeText((await stateOf(this).consume("text")).bytes);
      },
    },
  };
  for (const [name, descriptor] of Object.entries(members)) {
    Object.defineProperty(Class.prototype, name, { ...descriptor, configurable: true, enumerable: true });
  }
  // Not a standard member (so keyed by a symbol, and not enumerable): how `isapi build`'s
  // fetch adapter (ts/isapi/src/fetch_handler.ts) writes a body that is bytes without
  // loading the streams; see BodyState#takeBytes.
  Object.defineProperty(Class.prototype, BODY_BYTES, {
    /** @this {unknown} */
    value() {
      return stateOf(this).takeBytes();
    },
    configurable: true,
    writable: true,
  });
}
