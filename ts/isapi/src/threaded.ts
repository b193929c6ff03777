import { HSE_STATUS_ERROR, HSE_STATUS_SUCCESS } from "./constants.js";
import { SimpleExtension } from "./simple.js";
import type { ExtensionControlBlock } from "./types.js";

/**
 * Base class for extensions whose requests run on the library's worker threads, as
 * pywin32's `isapi.threaded_extension.ThreadPoolExtension`.
 *
 * `HttpExtensionProc` is answered `HSE_STATUS_PENDING` at once, a worker engine runs
 * {@link Dispatch}, and the request ends (`DoneWithSession`) when `Dispatch` returns or its
 * Promise settles — unless `Dispatch` ended it earlier itself. (The library runs a plain
 * {@link SimpleExtension} the same way; what this class adds is `HandleDispatchError`.)
 */
export abstract class ThreadPoolExtension extends SimpleExtension {
  /** Handles one request on a worker. Returns the status for `DoneWithSession`. */
  abstract Dispatch(ecb: ExtensionControlBlock): number | void | Promise<number | void>;

  HttpExtensionProc(ecb: ExtensionControlBlock): number | Promise<number> {
    const fail = (error: unknown): number => this.HandleDispatchError(ecb, error);
    try {
      const result = this.Dispatch(ecb);
      if (result instanceof Promise) {
        return result.then((status) => status ?? HSE_STATUS_SUCCESS, fail);
      }
      return result ?? HSE_STATUS_SUCCESS;
    } catch (error) {
      return fail(error);
    }
  }

  /**
   * Renders a failure of {@link Dispatch}: logs it with its stack and answers a short 500
   * (no details reach the client). If the response had already started, the request ends
   * with `HSE_STATUS_ERROR` so the server drops the connection. Override to customise.
   */
  HandleDispatchError(ecb: ExtensionControlBlock, error: unknown): number {
    // A client that went away made the writes fail: the library reports that (once per
    // interval, however many), so the error goes back to it unlogged.
    if (clientGone(ecb)) throw error;
    console.error(`${this.description}: ${describeRequest(ecb)}: Dispatch failed: ${describeError(error)}`);
    const body = "500 Internal Server Error: the request handler failed. See the server log.\n";
    try {
      ecb.HttpStatusCode = 500;
      ecb.SendResponseHeaders("500 Internal Server Error", {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Length": String(body.length),
      });
      ecb.WriteClient(body);
      return HSE_STATUS_SUCCESS;
    } catch {
      return HSE_STATUS_ERROR;
    }
  }
}

/** True when the server says the client has disconnected (false when it cannot tell). */
function clientGone(ecb: ExtensionControlBlock): boolean {
  try {
    return !ecb.IsConnected();
  } catch {
    return false;
  }
}

/** "GET /url (ConnID n)" for log lines; what cannot be read (a finished request) is left out. */
export function describeRequest(ecb: ExtensionControlBlock): string {
  try {
    return `${ecb.Method} ${ecb.GetServerVariable("URL", ecb.PathInfo)} (ConnID ${ecb.ConnID})`;
  } catch {
    return "a request";
  }
}

/** `Name: message` and the stack (QuickJS keeps the trace alone in `stack`). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const stack = error.stack ?? "";
    const head = `${error.name}: ${error.message}`;
    return stack.startsWith(head) ? stack : `${head}\n${stack}`.trimEnd();
  }
  return String(error);
}
