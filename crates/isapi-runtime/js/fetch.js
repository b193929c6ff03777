// @ts-nocheck -- not yet typed: whoever next changes this file types it (JSDoc) and removes this line.
// fetch (Fetch standard) over the native HTTP client.
import { start } from "isapi:native/fetch";
import { Headers } from "./headers.js";
import { Request } from "./request.js";
import { Response } from "./response.js";
import { URL } from "./url.js";

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
