/**
 * A port of pywin32's `isapi/samples/test.py`, at /transmit/.
 *
 *   /transmit/transmit.ts   sends this file with TransmitFile (the server reads it itself)
 *   /transmit/anything      shows where MapURLToPath says the site's root is
 */
import {
  HSE_STATUS_SUCCESS,
  SimpleExtension,
  type ExtensionControlBlock,
  type ExtensionFactory,
} from "isapi-ts";

function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

class Transmit extends SimpleExtension {
  override get description(): string {
    return "isapi-ts TransmitFile sample";
  }

  async HttpExtensionProc(ecb: ExtensionControlBlock): Promise<number> {
    if (ecb.GetServerVariable("URL").endsWith("/transmit.ts")) {
      // MapURLToPath never leaves the site, whatever the URL says.
      const path = ecb.MapURLToPath("/transmit.ts");
      try {
        await ecb.TransmitFileAsync(path, {
          status: "200 OK",
          headers: { "Content-Type": "text/plain; charset=utf-8" },
          disconnect: true,
        });
      } catch {
        ecb.SendResponseHeaders("404 Not Found", { "Content-Type": "text/plain" });
        ecb.WriteClient("transmit.ts is not deployed beside web.config\n");
      }
      return HSE_STATUS_SUCCESS;
    }
    ecb.SendResponseHeaders("200 OK", { "Content-Type": "text/html; charset=utf-8" });
    ecb.WriteClient(`<HTML><BODY>The root of this site is at ${html(ecb.MapURLToPath("/"))}</BODY></HTML>\n`);
    return HSE_STATUS_SUCCESS;
  }
}

export const __ExtensionFactory__: ExtensionFactory = () => new Transmit();
