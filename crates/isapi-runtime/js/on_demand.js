// Platform modules that a Request, Response or Blob needs only sometimes, loaded on first
// need instead of imported: the streams (~270 KB of an engine's heap), Blob and FormData
// (~140 KB with structured cloning) and AbortSignal (~100 KB with the events). A body
// that is a string, read as text, needs none of them. Each such module reports here when
// it is evaluated (whoever loaded it: a body, or a handler touching its global), so that
// "is this a Blob?" costs nothing while it is not loaded — no Blob can exist yet.
import { load } from "isapi:native/modules";

/**
 * What each module offers its on-demand users, by path under `js/`.
 * @typedef {{
 *   "streams/readable.js": Pick<typeof import("./streams/readable.js"), "ReadableStream" | "rsOf">,
 *   "blob.js": Pick<typeof import("./blob.js"), "Blob" | "File" | "blobOf" | "bytesOfBlob">,
 *   "form_data.js": Pick<typeof import("./form_data.js"), "FormData" | "encodeMultipart">,
 *   "abort.js": Pick<typeof import("./abort.js"), "AbortSignal" | "isAbortSignal">,
 * }} Offers
 */

/** @type {Partial<Offers>} */
const offered = {};

/**
 * Called by each module above when it is evaluated.
 * @template {keyof Offers} K
 * @param {K} path
 * @param {Offers[K]} offer
 */
export function offer(path, offer) {
  offered[path] = offer;
}

/**
 * The module's offer, loading it first if it is not loaded yet.
 * @template {keyof Offers} K
 * @param {K} path
 * @returns {Offers[K]}
 */
export function need(path) {
  if (offered[path] === undefined) load(path);
  return /** @type {Offers[K]} */ (offered[path]);
}

/**
 * The module's offer if it is loaded, else undefined (without loading it).
 * @template {keyof Offers} K
 * @param {K} path
 * @returns {Offers[K] | undefined}
 */
export function ifLoaded(path) {
  return offered[path];
}
