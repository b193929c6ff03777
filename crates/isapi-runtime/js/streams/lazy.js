// The readable streams, loaded only when a body needs one. They are about 400 KB of an
// engine's heap, and most bodies are bytes that nobody reads as a stream: Request,
// Response and Blob ask here instead of importing the streams.
import { load } from "isapi:native/modules";

/** @typedef {{ ReadableStream: typeof import("./readable.js").ReadableStream, rsOf: typeof import("./readable.js").rsOf }} Readable */

/** @type {Readable | null} */
let readable = null;

/** Told by `streams/readable.js` when it is evaluated (by a body, or by a global's first touch). */
/** @param {Readable} module */
export function readableLoaded(module) {
  readable = module;
}

/** The readable streams, loaded on first need. */
export function readableStreams() {
  if (readable === null) load("streams/readable.js");
  return /** @type {Readable} */ (readable);
}

/**
 * Whether `value` is a ReadableStream; false without loading anything while none can exist.
 * @param {unknown} value
 * @returns {value is import("./readable.js").ReadableStream}
 */
export function isReadableStream(value) {
  return readable !== null && value instanceof readable.ReadableStream;
}
