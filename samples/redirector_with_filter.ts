/**
 * A port of pywin32's `isapi/samples/redirector_with_filter.py`, at /rwf/: one bundle that
 * is both a filter and an extension.
 *
 * - The filter rewrites any URL under /rwf/ that does not start with /rwf/python to
 *   /rwf/python<rest> (PREPROC_HEADERS; the server then routes the new URL), counts the
 *   connection's /rwf/ requests in `fc.FilterContext` and reports the count in an
 *   `X-Request-Number` response header (SEND_RESPONSE): 1, then 2 for a second request on
 *   the same keep-alive connection.
 * - The extension, mounted at /rwf/python/*, proxies to the upstream (this server's
 *   /upstream/ folder unless UPSTREAM is set in redirector.ts).
 *
 * Unlike pywin32's (broken under Python 3: bytes compared with str), this one works, and
 * its filter's return values are honoured.
 */
import {
  HSE_STATUS_SUCCESS,
  SF_NOTIFY_ORDER_DEFAULT,
  SF_NOTIFY_PREPROC_HEADERS,
  SF_NOTIFY_SEND_RESPONSE,
  SF_STATUS_REQ_HANDLED_NOTIFICATION,
  SimpleFilter,
  ThreadPoolExtension,
  type ExtensionControlBlock,
  type ExtensionFactory,
  type FilterContext,
  type FilterFactory,
  type HeaderData,
} from "isapi-ts";

import { proxy, upstreamUrl } from "./redirector.js";

const VDIR = "/rwf";
const TARGET = "/rwf/python";

/** What the filter keeps per connection. */
interface ConnectionState {
  requests: number;
}

class RedirectorFilter extends SimpleFilter {
  override filter_flags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_ORDER_DEFAULT;

  override get description(): string {
    return "isapi-ts redirector filter sample";
  }

  HttpFilterProc(fc: FilterContext): number | void {
    if (fc.NotificationType === SF_NOTIFY_PREPROC_HEADERS) {
      const headers = fc.GetData() as HeaderData;
      const url = headers.GetHeader("url");
      if (url !== VDIR && !url.startsWith(`${VDIR}/`)) return; // another sample's URL
      const state = (fc.FilterContext ??= { requests: 0 }) as ConnectionState;
      state.requests += 1;
      if (url.startsWith(TARGET)) {
        console.log("Filter ignoring URL", url);
        return;
      }
      const rewritten = TARGET + url.slice(VDIR.length);
      headers.SetHeader("url", rewritten);
      console.log(`This is request number ${state.requests} on this connection: ${url} -> ${rewritten}`);
      return SF_STATUS_REQ_HANDLED_NOTIFICATION;
    }
    if (fc.NotificationType === SF_NOTIFY_SEND_RESPONSE) {
      const state = fc.FilterContext as ConnectionState | null;
      if (state !== null && fc.GetServerVariable("URL", "").startsWith(`${VDIR}/`)) {
        fc.AddResponseHeaders(`X-Request-Number: ${state.requests}\r\n`);
      }
    }
  }
}

class Redirector extends ThreadPoolExtension {
  override get description(): string {
    return "isapi-ts redirector (with filter) sample";
  }

  async Dispatch(ecb: ExtensionControlBlock): Promise<number> {
    const url = ecb.GetServerVariable("URL");
    await proxy(ecb, upstreamUrl(ecb, url.slice(TARGET.length)));
    return HSE_STATUS_SUCCESS;
  }
}

export const __FilterFactory__: FilterFactory = () => new RedirectorFilter();
export const __ExtensionFactory__: ExtensionFactory = () => new Redirector();
