import { HSE_STATUS_SUCCESS } from "./constants.js";
import { ThreadPoolExtension } from "./threaded.js";
import type { Extension, ExtensionControlBlock } from "./types.js";

/**
 * A web-standard handler: `export default { fetch(request) { return new Response(...) } }`.
 * `isapi build` turns a bundle whose default export has `fetch` into an extension with
 * {@link fetchExtension}; it runs in thread-pool mode.
 */
export interface FetchHandler {
  fetch(request: Request): Response | Promise<Response>;
}

/** True for an object with a `fetch` method. */
export function isFetchHandler(value: unknown): value is FetchHandler {
  return typeof (value as { fetch?: unknown } | null)?.fetch === "function";
}

/** Reason phrases for status lines, where the Response has no `statusText`. */
const REASONS: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

/** The request line's target as received (IIS: `UNENCODED_URL`; else `URL` and the query). */
function target(ecb: ExtensionControlBlock): string {
  const raw = ecb.GetServerVariable("UNENCODED_URL", "") || ecb.GetServerVariable("HTTP_URL", "");
  if (raw) return raw;
  const query = ecb.QueryString ? `?${ecb.QueryString}` : "";
  return `${ecb.GetServerVariable("URL")}${query}`;
}

/** The request headers, from `ALL_RAW` (names as the client sent them). */
function requestHeaders(ecb: ExtensionControlBlock): Headers {
  const headers = new Headers();
  for (const line of ecb.GetServerVariable("ALL_RAW", "").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    try {
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    } catch {
      // A header the web's Headers refuses (invalid name) is left out.
    }
  }
  return headers;
}

/** The body as a stream: the server's preload first, then `ReadClientAsync` until the end. */
function requestBody(ecb: ExtensionControlBlock): ReadableStream<Uint8Array> | null {
  if (ecb.Method === "GET" || ecb.Method === "HEAD" || ecb.TotalBytes === 0) return null;
  let preload: Uint8Array | null = ecb.AvailableData;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (preload !== null) {
        const first = preload;
        preload = null;
        if (first.length > 0) {
          controller.enqueue(first);
          return;
        }
      }
      const chunk = await ecb.ReadClientAsync();
      if (chunk.length === 0) controller.close();
      else controller.enqueue(chunk);
    },
  });
}

/** Builds the standard `Request` for this ECB. */
export function requestFromEcb(ecb: ExtensionControlBlock): Request {
  const secure = ecb.GetServerVariable("HTTPS", "off").toLowerCase() === "on";
  const host =
    ecb.GetServerVariable("HTTP_HOST", "") ||
    `${ecb.GetServerVariable("SERVER_NAME")}:${ecb.GetServerVariable("SERVER_PORT")}`;
  const body = requestBody(ecb);
  const init: RequestInit = { method: ecb.Method, headers: requestHeaders(ecb) };
  if (body !== null) {
    init.body = body;
    init.duplex = "half";
  }
  return new Request(`${secure ? "https" : "http"}://${host}${target(ecb)}`, init);
}

/** Sends a `Response` through the ECB: status line, headers, then the body as it streams. */
export async function writeResponse(
  ecb: ExtensionControlBlock,
  response: Response,
  method: string,
): Promise<void> {
  const reason = response.statusText || REASONS[response.status] || "";
  const lines: string[] = [];
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") lines.push(`${name}: ${value}`);
  });
  for (const cookie of response.headers.getSetCookie()) lines.push(`set-cookie: ${cookie}`);
  ecb.HttpStatusCode = response.status;
  ecb.SendResponseHeaders(`${response.status} ${reason}`.trimEnd(), lines.join("\r\n"));
  if (method === "HEAD") return;
  // A body that is bytes is written as such: asking for `response.body` would make it a
  // stream, and load the engine's streams (about 400 KB of its heap) for every handler.
  const bytes = bodyBytes(response);
  if (bytes !== undefined) {
    if (bytes !== null && bytes.length > 0) ecb.WriteClient(bytes);
    return;
  }
  if (response.body === null) return;
  for await (const chunk of response.body) ecb.WriteClient(chunk);
}

/**
 * The engine's way to a Response body's bytes without a stream (`crates/isapi-runtime/js/body.js`):
 * the bytes (the body is used after), `null` for no body, `undefined` when the body is a
 * stream or the method is absent (Node).
 */
function bodyBytes(response: Response): Uint8Array | null | undefined {
  const take = (response as unknown as Record<symbol, (() => Uint8Array | null | undefined) | undefined>)[
    BODY_BYTES
  ];
  return typeof take === "function" ? take.call(response) : undefined;
}

const BODY_BYTES = Symbol.for("isapi-ts.bodyBytes");

class FetchExtension extends ThreadPoolExtension {
  constructor(private readonly handler: FetchHandler) {
    super();
  }

  override get description(): string {
    return "isapi-ts fetch handler";
  }

  async Dispatch(ecb: ExtensionControlBlock): Promise<number> {
    const response = await this.handler.fetch(requestFromEcb(ecb));
    if (!(response instanceof Response)) {
      throw new TypeError("fetch() must return a Response (or a Promise of one)");
    }
    await writeResponse(ecb, response, ecb.Method);
    return HSE_STATUS_SUCCESS;
  }
}

/** The extension that serves a web-standard {@link FetchHandler}. */
export function fetchExtension(handler: FetchHandler): Extension {
  if (!isFetchHandler(handler)) {
    throw new TypeError("the default export must be an object with a fetch(request) method");
  }
  return new FetchExtension(handler);
}
