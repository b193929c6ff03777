/**
 * A handler that does nothing. The queue hand-off measurement (`isapi-bench handoff`) runs
 * it, so that what is timed is the library's submit → worker wakes → completion round trip.
 */
import {
  HSE_STATUS_SUCCESS,
  SimpleExtension,
  type ExtensionControlBlock,
  type ExtensionFactory,
} from "isapi-ts";

class Noop extends SimpleExtension {
  HttpExtensionProc(_ecb: ExtensionControlBlock): number {
    return HSE_STATUS_SUCCESS;
  }
}

export const __ExtensionFactory__: ExtensionFactory = () => new Noop();
