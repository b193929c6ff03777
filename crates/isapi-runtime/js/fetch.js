// fetch (Fetch standard) over the native HTTP client (`isapi:native/fetch`): the request
// is made and followed on the library's I/O reactor; this module turns its answers into a
// Response whose body is a ReadableStream fed one chunk per read.
import { load } from "isapi:native/modules";
import { open, read, write, cancel } from "isapi:native/fetch";
import { Headers } from "./headers.js";
import { Request } from "./request.js";
import { Response, responseFromFetch } from "./response.js";
import { URL } from "./url.js";
import { ReadableStream } from "./streams.js";
import { bytesOf } from "./util.js";

/**
 * What fetch needs of an AbortSignal (duck-typed: any object with this shape works).
 * @typedef {{ aborted: boolean, reason?: unknown,
 *   addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void,
 *   removeEventListener(type: "abort", listener: () => void): void }} SignalLike
 */

/**
 * The init dictionary's members fetch reads.
 * @typedef {{ method?: string, headers?: unknown, body?: unknown, redirect?: string,
 *   signal?: SignalLike | null, duplex?: string }} FetchInit
 */

/**
 * A ReadableStream's controller, as the body's source uses it.
 * @typedef {{ enqueue(chunk: Uint8Array): void, close(): void, error(reason: unknown): void }} Controller
 */

/** Statuses whose response has no body (Fetch standard). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** @param {string} detail */
const failed = (detail) => new TypeError("fetch failed", { cause: new Error(detail) });

/** The abort reason when a signal gives none (a signal-like object, not an AbortSignal). */
function abortError() {
  const { DOMException } = /** @type {typeof import("./dom_exception.js")} */ (load("dom_exception.js"));
  return new DOMException("This operation was aborted", "AbortError");
}

/**
 * `fetch(input, init)`.
 * @param {unknown} input a URL, its string, or a Request
 * @param {FetchInit} [init]
 * @returns {Promise<Response>}
 */
export async function fetch(input, init = {}) {
  /** @type {any} */
  const source = input instanceof Request ? input : null;
  const href = source ? source.url : input instanceof URL ? input.href : String(input);
  let url;
  try {
    url = new URL(href);
  } catch (cause) {
    throw new TypeError(`Failed to parse URL from ${href}`, { cause });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw failed(`unknown scheme ${url.protocol}`);
  /** @type {SignalLike | null} */
  const signal = init.signal ?? source?.signal ?? null;
  if (signal?.aborted) throw signal.reason ?? abortError();
  const method = normalizeMethod(String(init.method ?? source?.method ?? "GET"));
  const headers = new Headers(init.headers ?? source?.headers);
  const redirect = String(init.redirect ?? source?.redirect ?? "follow");
  if (!["follow", "manual", "error"].includes(redirect))
    throw new TypeError(`'${redirect}' is not a valid redirect mode`);

  // A Request's body is read whole (sent with its length, so a redirect or a retry can
  // send it again); stream a body by passing it in `init` with `duplex: "half"`.
  /** @type {any} */
  let body = init.body !== undefined ? init.body : source?.body ? await source.bytes() : null;
  if (body !== null && (method === "GET" || method === "HEAD"))
    throw new TypeError("Request with GET/HEAD method cannot have body.");
  /** @type {ReadableStream | null} */
  let upload = null;
  if (body !== null) {
    // The body's bytes (or stream) and the content type it implies, as a Response sees them.
    /** @type {{ headers: Headers, bytes(): Promise<Uint8Array> }} */
    const carrier = new /** @type {any} */ (Response)(body);
    const type = carrier.headers.get("content-type");
    if (type !== null && !headers.has("content-type")) headers.set("content-type", type);
    if (body instanceof ReadableStream) {
      if (init.body !== undefined && init.duplex !== "half")
        throw new TypeError("RequestInit: duplex option is required when sending a body.");
      upload = body;
      body = null;
    } else {
      body = await carrier.bytes();
    }
  }
  if (signal?.aborted) throw signal.reason ?? abortError();

  const [id, head] = open(
    url.href,
    method,
    /** @type {[string, string][]} */ ([
      .../** @type {Iterable<[string, string]>} */ (/** @type {unknown} */ (headers)),
    ]),
    body,
    upload !== null,
    redirect,
  );
  return new Promise((resolve, reject) => {
    /** "head" until the response exists, "body" while it streams, then "done". */
    let state = "head";
    /** @type {Controller | null} */
    let controller = null;
    const end = () => {
      state = "done";
      signal?.removeEventListener("abort", onAbort);
    };
    /** @param {unknown} reason */
    const fail = (reason) => {
      const was = state;
      cancel(id);
      end();
      if (was === "head") reject(reason);
      else if (was === "body") controller?.error(reason);
    };
    const onAbort = () => fail(signal?.reason ?? abortError());
    signal?.addEventListener("abort", onAbort, { once: true });
    if (upload) pump(id, upload, (error) => fail(failed(String(error))));
    head.then(
      ([status, statusText, list, finalUrl, redirected, finished]) => {
        if (state !== "head") return;
        let stream = null;
        if (method === "HEAD" || NULL_BODY.has(status)) {
          if (!finished) cancel(id);
          end();
        } else if (finished) {
          end();
          stream = new ReadableStream({ start: (/** @type {Controller} */ c) => c.close() });
        } else {
          state = "body";
          stream = new ReadableStream({
            /** @param {Controller} c */
            start(c) {
              controller = c;
            },
            /** @param {Controller} c */
            pull(c) {
              return read(id).then(
                (chunk) => {
                  if (state !== "body") return;
                  if (chunk === null) {
                    end();
                    c.close();
                  } else c.enqueue(chunk);
                },
                (/** @type {string} */ message) => {
                  if (state !== "body") return;
                  end();
                  c.error(failed(message));
                },
              );
            },
            cancel() {
              if (state !== "body") return;
              cancel(id);
              end();
            },
          });
        }
        resolve(responseFromFetch(status, statusText, list, stream, finalUrl, redirected));
      },
      (/** @type {string} */ message) => {
        if (state !== "head") return;
        end();
        reject(failed(message));
      },
    );
  });
}

/**
 * The standard's method normalization: the six well-known methods upper-cased.
 * @param {string} method
 */
function normalizeMethod(method) {
  const upper = method.toUpperCase();
  if (["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"].includes(upper)) return upper;
  if (["CONNECT", "TRACE", "TRACK"].includes(upper))
    throw new TypeError(`'${method}' HTTP method is unsupported.`);
  return method;
}

/**
 * Sends a ReadableStream request body, chunk by chunk, each when the connection took the last.
 * @param {number} id
 * @param {ReadableStream} stream
 * @param {(error: unknown) => void} fail
 */
async function pump(id, stream, fail) {
  const reader = /** @type {import("./streams/readable.js").ReadableStreamDefaultReader} */ (
    stream.getReader()
  );
  /** @type {unknown} */
  let value;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      value = next.value;
      if (!(value instanceof Uint8Array) && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer))
        throw new TypeError("a request body stream must give Uint8Array chunks");
      const bytes = bytesOf(value);
      try {
        await write(id, bytes);
      } catch {
        // The fetch ended (answered, aborted or failed) before taking all of the body.
        await reader.cancel().catch(() => {});
        return;
      }
    }
    await write(id, null).catch(() => {});
  } catch (error) {
    fail(error);
  }
}
