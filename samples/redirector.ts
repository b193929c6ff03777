/**
 * A port of pywin32's `isapi/samples/redirector.py`, at /redirector/: a ThreadPoolExtension
 * that proxies every request to an upstream server, except the URLs in EXCLUDES, which it
 * hands on to the server's next handler (static files) with ExecURL.
 *
 * The upstream defaults to this same server's /upstream/ folder, so the sample needs no
 * network; point UPSTREAM elsewhere (plain http://) to proxy a real site. Unlike pywin32,
 * the upstream's status code is passed through.
 */
import {
  HSE_EXEC_URL_IGNORE_CURRENT_INTERCEPTOR,
  HSE_STATUS_SUCCESS,
  ThreadPoolExtension,
  type ExtensionControlBlock,
  type ExtensionFactory,
} from "isapi-ts";

/**
 * Where requests go: a fixed upstream (plain http://), or `undefined` for this server's own
 * /upstream/. Never a name taken from the request: `SERVER_NAME` comes from the client's
 * `Host` header, and a proxy that connects where the client says is an open door to
 * every address the server can reach (SSRF).
 */
const UPSTREAM: string | undefined = undefined;
/** URLs (below /redirector) the server itself answers. */
const EXCLUDES = ["/iisstart.htm"];
const PREFIX = "/redirector";

/** Hop-by-hop headers (and the length, which the body we send decides) are not forwarded. */
const NOT_FORWARDED = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "content-length",
]);

/** The configured upstream, or this server at the address and port the connection reached. */
export function upstreamFor(ecb: ExtensionControlBlock): string {
  if (UPSTREAM !== undefined) return UPSTREAM;
  // LOCAL_ADDR and SERVER_PORT are the server's own socket, whatever `Host` says.
  const address = ecb.GetServerVariable("LOCAL_ADDR");
  const host = address.includes(":") ? `[${address}]` : address;
  return `http://${host}:${ecb.GetServerVariable("SERVER_PORT")}/upstream`;
}

/**
 * The upstream URL for `rest`, a path below this sample's prefix, with this request's query.
 * `URL` is the server's decoded, canonical path, so each segment is encoded again: a
 * decoded `?`, `#` or space stays part of the path instead of changing the upstream URL.
 */
export function upstreamUrl(ecb: ExtensionControlBlock, rest: string): string {
  const path = rest.split("/").map(encodeURIComponent).join("/") || "/";
  const query = ecb.QueryString ? `?${ecb.QueryString}` : "";
  return `${upstreamFor(ecb)}${path}${query}`;
}

/** The upstream URL for this request: the path below /redirector, and the query. */
export function targetFor(ecb: ExtensionControlBlock): string {
  const url = ecb.GetServerVariable("URL");
  return upstreamUrl(ecb, url.startsWith(PREFIX) ? url.slice(PREFIX.length) : url);
}

/** The upstream's headers as a header block for SendResponseHeaders. */
export function forwardedHeaders(response: Response, length: number): string {
  const lines: string[] = [];
  response.headers.forEach((value, name) => {
    if (!NOT_FORWARDED.has(name)) lines.push(`${name}: ${value}`);
  });
  lines.push(`Content-Length: ${length}`);
  return lines.join("\r\n") + "\r\n\r\n";
}

/**
 * Fetches `target` and sends its status, headers and body as this request's response; an
 * upstream that cannot be reached or refuses the request (say, a method it cannot carry)
 * is the gateway's failure, not this server's: 502, as proxies answer.
 */
export async function proxy(ecb: ExtensionControlBlock, target: string): Promise<void> {
  let upstream: Response;
  try {
    upstream = await fetch(target, { method: ecb.Method, redirect: "manual" });
  } catch (error) {
    console.warn(`${ecb.Method} ${target}: the upstream failed: ${String(error)}`);
    ecb.SendResponseHeaders("502 Bad Gateway", "Content-Type: text/plain\r\n\r\n");
    ecb.WriteClient("502 Bad Gateway: the upstream server could not be reached\n");
    return;
  }
  const body = new Uint8Array(await upstream.arrayBuffer());
  ecb.SendResponseHeaders(
    `${upstream.status} ${upstream.statusText}`,
    forwardedHeaders(upstream, body.length),
  );
  ecb.WriteClient(body);
}

class Redirector extends ThreadPoolExtension {
  override get description(): string {
    return "isapi-ts redirector sample";
  }

  async Dispatch(ecb: ExtensionControlBlock): Promise<number> {
    const url = ecb.GetServerVariable("URL");
    if (EXCLUDES.some((excluded) => url === PREFIX + excluded)) {
      await ecb.ExecURLAsync(null, { flags: HSE_EXEC_URL_IGNORE_CURRENT_INTERCEPTOR });
      return HSE_STATUS_SUCCESS;
    }
    await proxy(ecb, targetFor(ecb));
    return HSE_STATUS_SUCCESS;
  }
}

export const __ExtensionFactory__: ExtensionFactory = () => new Redirector();
