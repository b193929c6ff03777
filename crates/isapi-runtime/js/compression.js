// CompressionStream and DecompressionStream (WHATWG Compression): TransformStreams over a
// native codec per stream (isapi:native/compression, flate2).
import { create, finish, push } from "isapi:native/compression";
import { TransformStream, readableDemand } from "./streams/transform.js";

const FORMATS = new Set(["deflate", "deflate-raw", "gzip"]);
/** The most a decompressor gives at once (a small input may inflate hugely). */
const PIECE = 64 * 1024;
const NOTHING = new Uint8Array(0);

/**
 * The bytes of a BufferSource chunk, as a view (no copy).
 * @param {unknown} chunk
 */
function chunkBytes(chunk) {
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new TypeError("The provided value is not of type '(ArrayBuffer or ArrayBufferView)'");
}

/**
 * @param {unknown} format
 * @param {boolean} decompress
 */
function codecStream(format, decompress) {
  const name = String(format);
  if (!FORMATS.has(name)) {
    throw new TypeError(`'${name}' is not a valid CompressionFormat: deflate, deflate-raw or gzip`);
  }
  const codec = create(name, decompress);
  return new TransformStream({
    async transform(chunk, controller) {
      // Output piece by piece, each when the reader wants it.
      for (
        let out = push(codec, chunkBytes(chunk), PIECE);
        out.length > 0;
        out = push(codec, NOTHING, PIECE)
      ) {
        controller.enqueue(out);
        await readableDemand(controller);
      }
    },
    async flush(controller) {
      for (let out = finish(codec, PIECE); out.length > 0; out = finish(codec, PIECE)) {
        controller.enqueue(out);
        await readableDemand(controller);
      }
    },
  });
}

export class CompressionStream {
  #transform;
  /** @param {"deflate" | "deflate-raw" | "gzip"} format */
  constructor(format) {
    this.#transform = codecStream(format, false);
  }
  get readable() {
    return this.#transform.readable;
  }
  get writable() {
    return this.#transform.writable;
  }
}

export class DecompressionStream {
  #transform;
  /** @param {"deflate" | "deflate-raw" | "gzip"} format */
  constructor(format) {
    this.#transform = codecStream(format, true);
  }
  get readable() {
    return this.#transform.readable;
  }
  get writable() {
    return this.#transform.writable;
  }
}

for (const C of [CompressionStream, DecompressionStream]) {
  Object.defineProperty(C.prototype, Symbol.toStringTag, { value: C.name, configurable: true });
}
