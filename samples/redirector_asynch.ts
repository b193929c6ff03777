/**
 * A port of pywin32's `isapi/samples/redirector_asynch.py`, at /redirector_asynch/: the
 * redirector, writing the upstream's body with asynchronous WriteClient calls in 8 KB
 * chunks, each started from the previous one's IOCompletion callback, as pywin32 does.
 */
import {
  HSE_IO_ASYNC,
  HSE_STATUS_ERROR,
  HSE_STATUS_PENDING,
  HSE_STATUS_SUCCESS,
  ThreadPoolExtension,
  type ExtensionControlBlock,
  type ExtensionFactory,
} from "isapi-ts";

import { forwardedHeaders, upstreamUrl } from "./redirector.js";

const CHUNK = 8192;
const PREFIX = "/redirector_asynch";

interface Transfer {
  body: Uint8Array;
  offset: number;
}

/** Sends the next chunk, or ends the request when all was sent. */
function sendNext(ecb: ExtensionControlBlock, transfer: Transfer, _bytes: number, error: number): void {
  if (error !== 0) {
    ecb.DoneWithSession(HSE_STATUS_ERROR);
    return;
  }
  if (transfer.offset >= transfer.body.length) {
    ecb.DoneWithSession(HSE_STATUS_SUCCESS);
    return;
  }
  const chunk = transfer.body.subarray(transfer.offset, transfer.offset + CHUNK);
  transfer.offset += chunk.length;
  ecb.WriteClient(chunk, HSE_IO_ASYNC);
}

class AsyncRedirector extends ThreadPoolExtension {
  override get description(): string {
    return "isapi-ts asynchronous redirector sample";
  }

  async Dispatch(ecb: ExtensionControlBlock): Promise<number> {
    const url = ecb.GetServerVariable("URL");
    const rest = url.startsWith(PREFIX) ? url.slice(PREFIX.length) : url;
    const upstream = await fetch(upstreamUrl(ecb, rest), { redirect: "manual" });
    const body = new Uint8Array(await upstream.arrayBuffer());
    ecb.SendResponseHeaders(
      `${upstream.status} ${upstream.statusText}`,
      forwardedHeaders(upstream, body.length),
    );
    const transfer: Transfer = { body, offset: 0 };
    ecb.IOCompletion(sendNext, transfer);
    sendNext(ecb, transfer, 0, 0);
    // The callbacks end the request.
    return HSE_STATUS_PENDING;
  }
}

export const __ExtensionFactory__: ExtensionFactory = () => new AsyncRedirector();
