// Blob and File (File API). A Blob's bytes are one Uint8Array that nothing ever changes:
// slices, Files made from Blobs and bodies read as Blobs view the same memory.
import { lineEnding } from "isapi:native/body";
import { utf8Decode, utf8Encode } from "isapi:native/encoding";
import { need, offer } from "./on_demand.js";
import { defineCloneable } from "./structured_clone.js";
import { concat } from "./util.js";
import { dictionary, inspectAs, tag, usv } from "./webidl.js";

/** How much of a Blob `stream()` hands out per chunk. */
const CHUNK = 64 * 1024;

/**
 * A Blob's `type`: lower-cased, or "" if it has a character outside U+0020–U+007E.
 * @param {string} type
 */
function blobType(type) {
  return /^[\x20-\x7e]*$/.test(type) ? type.toLowerCase() : "";
}

/**
 * WebIDL's `[Clamp] long long`: NaN is 0, halves round to even.
 * @param {unknown} value
 */
function clampLongLong(value) {
  const x = Number(value);
  if (Number.isNaN(x)) return 0;
  if (!Number.isFinite(x)) return x > 0 ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
  let rounded = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && rounded % 2 !== 0) rounded -= 1;
  return rounded + 0;
}

/**
 * WebIDL's `long long` (no clamping): NaN and infinities are 0, fractions truncate.
 * @param {unknown} value
 */
function longLong(value) {
  const x = Number(value);
  return Number.isFinite(x) ? Math.trunc(x) + 0 : 0;
}

/**
 * The bytes of `parts` (a `sequence<BlobPart>`), copied into one array; a single Blob's
 * bytes are shared instead.
 * @param {unknown} parts
 * @param {string} endings
 * @returns {Uint8Array}
 */
function bytesOfParts(parts, endings) {
  if (parts === undefined) return new Uint8Array(0);
  if (
    (typeof parts !== "object" && typeof parts !== "function") ||
    parts === null ||
    typeof (/** @type {any} */ (parts)[Symbol.iterator]) !== "function"
  ) {
    throw new TypeError("the blob parts must be a sequence (an iterable object)");
  }
  /** @type {Uint8Array[]} */
  const chunks = [];
  let fromBlob = false;
  for (const part of /** @type {Iterable<unknown>} */ (parts)) {
    fromBlob = part instanceof Blob;
    if (part instanceof Blob) chunks.push(bytesOfBlob(part));
    else if (part instanceof ArrayBuffer) chunks.push(new Uint8Array(part));
    else if (ArrayBuffer.isView(part))
      chunks.push(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
    else {
      let text = usv(part);
      if (endings === "native") text = text.replace(/\r\n|\r|\n/g, lineEnding);
      chunks.push(utf8Encode(text));
    }
  }
  return chunks.length === 1 && fromBlob ? chunks[0] : concat(chunks);
}

/**
 * The bytes of a Blob (shared: callers never change them).
 * @type {(blob: Blob) => Uint8Array}
 */
export let bytesOfBlob;

/**
 * A Blob over `bytes`, kept without a copy: the caller must never change them.
 * @type {(bytes: Uint8Array, type: string) => Blob}
 */
export let blobOf;

export class Blob {
  /** @type {Uint8Array} */
  #bytes;
  /** @type {string} */
  #type;

  static {
    bytesOfBlob = (blob) => blob.#bytes;
    blobOf = (bytes, type) => {
      const blob = new Blob();
      blob.#bytes = bytes;
      blob.#type = blobType(type);
      return blob;
    };
  }

  /**
   * @param {Iterable<unknown>} [blobParts]
   * @param {{ type?: string, endings?: "transparent" | "native" }} [options]
   */
  constructor(blobParts = undefined, options = undefined) {
    const bag = dictionary(options, "the Blob options");
    const endings = bag.endings === undefined ? "transparent" : `${bag.endings}`;
    if (endings !== "transparent" && endings !== "native") {
      throw new TypeError(
        `options.endings must be "transparent" or "native", not ${JSON.stringify(endings)}`,
      );
    }
    const type = bag.type === undefined ? "" : `${bag.type}`;
    this.#bytes = bytesOfParts(blobParts, endings);
    this.#type = blobType(type);
  }

  get size() {
    return this.#bytes.length;
  }

  get type() {
    return this.#type;
  }

  /**
   * @param {number} [start]
   * @param {number} [end]
   * @param {string} [contentType]
   */
  slice(start = undefined, end = undefined, contentType = undefined) {
    const size = this.#bytes.length;
    /** @param {number} index */
    const relative = (index) => (index < 0 ? Math.max(size + index, 0) : Math.min(index, size));
    const from = start === undefined ? 0 : relative(clampLongLong(start));
    const to = end === undefined ? size : relative(clampLongLong(end));
    const type = contentType === undefined ? "" : usv(contentType);
    return blobOf(this.#bytes.subarray(from, Math.max(from, to)), type);
  }

  async text() {
    const text = utf8Decode(this.#bytes, false);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  async arrayBuffer() {
    return this.#bytes.slice().buffer;
  }

  async bytes() {
    return this.#bytes.slice();
  }

  stream() {
    const bytes = this.#bytes;
    let offset = 0;
    const { ReadableStream } = need("streams/readable.js");
    return new ReadableStream({
      type: "bytes",
      /** @param {any} controller */
      pull(controller) {
        // A copy per chunk: a byte stream takes over (detaches) what it is given.
        if (offset < bytes.length) {
          controller.enqueue(bytes.slice(offset, offset + CHUNK));
          offset += CHUNK;
        }
        if (offset >= bytes.length) controller.close();
      },
    });
  }
}

tag(Blob);
// Node names a subclass's instances Blob and File too.
inspectAs(Blob, (blob) => ({ size: blob.size, type: blob.type }), { name: "Blob", inner: 1 });

export class File extends Blob {
  /** @type {string} */
  #name;
  /** @type {number} */
  #lastModified;

  /**
   * @param {Iterable<unknown>} fileBits
   * @param {string} fileName
   * @param {{ type?: string, endings?: "transparent" | "native", lastModified?: number }} [options]
   */
  constructor(fileBits, fileName, options = undefined) {
    if (arguments.length < 2) throw new TypeError("File needs its bits and a name");
    const bag = dictionary(options, "the File options");
    super(fileBits, bag);
    this.#name = usv(fileName);
    this.#lastModified = bag.lastModified === undefined ? Date.now() : longLong(bag.lastModified);
  }

  get name() {
    return this.#name;
  }

  get lastModified() {
    return this.#lastModified;
  }
}

tag(File);
inspectAs(
  File,
  (file) => ({ size: file.size, type: file.type, name: file.name, lastModified: file.lastModified }),
  { name: "File", inner: 1 },
);

// Blobs and Files are serializable (HTML): a copy shares the immutable bytes.
defineCloneable({
  test: (value) => value instanceof Blob,
  clone: (value) =>
    value instanceof File
      ? new File([value], value.name, { type: value.type, lastModified: value.lastModified })
      : blobOf(bytesOfBlob(value), value.type),
});

offer("blob.js", { Blob, File, blobOf, bytesOfBlob });
