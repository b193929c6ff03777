/**
 * The first sample: greets by name and echoes request bodies.
 *
 *   GET  /hello/<anything>?name=Ada   → "Hello, Ada" plus some server variables
 *   POST /hello/echo                  → the request body, byte for byte
 */
import {
  HSE_STATUS_SUCCESS,
  SimpleExtension,
  type ExtensionControlBlock,
  type ExtensionFactory,
} from "isapi-ts";

/** `TotalBytes` when the length is not known in advance (a chunked upload). */
const UNKNOWN_LENGTH = 0xffffffff;

/** One query parameter, decoded (`+` is a space). QuickJS has no URLSearchParams. */
function queryParameter(query: string, wanted: string): string | undefined {
  for (const pair of query.split("&")) {
    const [key = "", value = ""] = pair.split("=", 2);
    if (decode(key) === wanted) return decode(value);
  }
  return undefined;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text; // malformed escapes: show them as they came
  }
}

class Hello extends SimpleExtension {
  override get description(): string {
    return "isapi-ts hello sample";
  }

  HttpExtensionProc(ecb: ExtensionControlBlock): number {
    if (ecb.Method === "POST" && ecb.GetServerVariable("URL").endsWith("/echo")) {
      return this.echo(ecb);
    }
    const name = queryParameter(ecb.QueryString, "name") || "world";
    const lines = [
      `Hello, ${name}!`,
      "",
      `REQUEST_METHOD: ${ecb.GetServerVariable("REQUEST_METHOD")}`,
      `URL: ${ecb.GetServerVariable("URL")}`,
      `QUERY_STRING: ${ecb.GetServerVariable("QUERY_STRING")}`,
      `SERVER_SOFTWARE: ${ecb.GetServerVariable("SERVER_SOFTWARE", "unknown")}`,
      "",
    ];
    ecb.SendResponseHeaders("200 OK", { "Content-Type": "text/plain; charset=utf-8" });
    ecb.WriteClient(lines.join("\n"));
    return HSE_STATUS_SUCCESS;
  }

  private echo(ecb: ExtensionControlBlock): number {
    const headers: Record<string, string> = {
      "Content-Type": ecb.ContentType || "application/octet-stream",
    };
    if (ecb.TotalBytes !== UNKNOWN_LENGTH) {
      headers["Content-Length"] = String(ecb.TotalBytes);
    }
    ecb.SendResponseHeaders("200 OK", headers);
    for (;;) {
      const chunk = ecb.ReadClient();
      if (chunk.length === 0) break;
      ecb.WriteClient(chunk);
    }
    return HSE_STATUS_SUCCESS;
  }
}

export const __ExtensionFactory__: ExtensionFactory = () => new Hello();
