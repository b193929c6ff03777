/**
 * A port of pywin32's `isapi/samples/advanced.py`, at /advanced/.
 *
 *   /advanced/anything?SERVER_NAME&HTTP_USER_AGENT   dumps the named server variables
 *   /advanced/ReportUnhealthy                        asks the server to recycle the process
 *   /advanced/reload                                 raises InternalReloadException once
 *
 * pywin32 reloads when the script file changes and counts reloads in a module global,
 * which survives Python's reload. Here a reload starts a fresh engine on the bundle read
 * again, so module state starts afresh; the count shown is of this engine's handler.
 */
import {
  HSE_STATUS_SUCCESS,
  InternalReloadException,
  SimpleExtension,
  type ExtensionControlBlock,
  type ExtensionFactory,
  type ExtensionVersionInfo,
} from "isapi-ts";

/** Reloads this engine's handler went through (module state is per engine). */
let reloadCount = 0;

const NO_SUCH_VARIABLE = "<no such variable>";

function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

class Advanced extends SimpleExtension {
  override get description(): string {
    return "isapi-ts advanced sample extension";
  }

  override GetExtensionVersion(vi: ExtensionVersionInfo | null): void {
    // pywin32's protocol: after a reload the new handler is initialised with null.
    if (vi === null) reloadCount += 1;
    super.GetExtensionVersion(vi);
  }

  HttpExtensionProc(ecb: ExtensionControlBlock): number {
    if (ecb.GetServerVariable("URL").endsWith("/reload") && reloadCount === 0) {
      throw new InternalReloadException();
    }
    if (ecb.GetServerVariable("UNICODE_URL").endsWith("ReportUnhealthy")) {
      ecb.ReportUnhealthy("I'm a little sick");
    }
    const lines = ["<HTML><BODY>"];
    const query = ecb.QueryString;
    if (query !== "") {
      lines.push("<PRE>");
      for (const token of query.split("&")) {
        const name = decodeURIComponent(token);
        const value = ecb.GetServerVariable(name, NO_SUCH_VARIABLE);
        lines.push(`${html(name)}=${html(JSON.stringify(value))}`);
      }
      lines.push("</PRE><P/>");
    }
    lines.push("This module has been imported", `${reloadCount} times`, "</BODY></HTML>", "");
    ecb.SendResponseHeaders("200 OK", { "Content-Type": "text/html; charset=utf-8" }, false);
    ecb.WriteClient(lines.join("\n"));
    ecb.close();
    return HSE_STATUS_SUCCESS;
  }
}

export const __ExtensionFactory__: ExtensionFactory = () => new Advanced();
