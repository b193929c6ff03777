/**
 * A port of pywin32's `isapi/samples/advanced.py`, at /advanced/.
 *
 *   /advanced/anything?SERVER_NAME&HTTP_USER_AGENT   dumps the named server variables
 *   /advanced/ReportUnhealthy                        asks the server to recycle the process
 *
 * pywin32 counts module reloads; here the page counts how often this engine's copy of the
 * module was loaded (engines are independent, so each has its own count).
 */
import {
  HSE_STATUS_SUCCESS,
  SimpleExtension,
  type ExtensionControlBlock,
  type ExtensionFactory,
} from "isapi-ts";

/** Module state is per engine: every engine imports the module once. */
let importCount = 0;
importCount += 1;

const NO_SUCH_VARIABLE = "<no such variable>";

function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

class Advanced extends SimpleExtension {
  override get description(): string {
    return "isapi-ts advanced sample extension";
  }

  HttpExtensionProc(ecb: ExtensionControlBlock): number {
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
    lines.push("This module has been imported", `${importCount} times`, "</BODY></HTML>", "");
    ecb.SendResponseHeaders("200 OK", { "Content-Type": "text/html; charset=utf-8" }, false);
    ecb.WriteClient(lines.join("\n"));
    ecb.close();
    return HSE_STATUS_SUCCESS;
  }
}

export const __ExtensionFactory__: ExtensionFactory = () => new Advanced();
