// TextEncoderStream and TextDecoderStream (WHATWG Encoding §7): TransformStreams over the
// platform's TextEncoder and TextDecoder.
import { TextDecoder, TextEncoder } from "./encoding.js";
import { TransformStream } from "./streams/transform.js";

/** @param {string} text */
const wellFormed = (text) =>
  /** @type {string & { toWellFormed(): string }} */ (/** @type {unknown} */ (text)).toWellFormed();

export class TextEncoderStream {
  #transform;
  constructor() {
    const encoder = new TextEncoder();
    // A high surrogate ending one chunk may pair with a low one starting the next.
    let pending = "";
    this.#transform = new TransformStream({
      transform(chunk, controller) {
        let text = pending + String(chunk);
        pending = "";
        const last = text.charCodeAt(text.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) {
          pending = text.slice(-1);
          text = text.slice(0, -1);
        }
        if (text.length > 0) controller.enqueue(encoder.encode(wellFormed(text)));
      },
      flush(controller) {
        if (pending !== "") controller.enqueue(new Uint8Array([0xef, 0xbf, 0xbd]));
      },
    });
  }
  get encoding() {
    void this.#transform;
    return "utf-8";
  }
  get readable() {
    return this.#transform.readable;
  }
  get writable() {
    return this.#transform.writable;
  }
}

export class TextDecoderStream {
  #decoder;
  #transform;
  /**
   * @param {string} [label]
   * @param {{ fatal?: boolean; ignoreBOM?: boolean }} [options]
   */
  constructor(label = "utf-8", options = {}) {
    const decoder = new TextDecoder(label, options);
    this.#decoder = decoder;
    this.#transform = new TransformStream({
      transform(chunk, controller) {
        if (!(chunk instanceof ArrayBuffer) && !ArrayBuffer.isView(chunk)) {
          throw new TypeError("The provided value is not of type '(ArrayBuffer or ArrayBufferView)'");
        }
        const text = decoder.decode(chunk, { stream: true });
        if (text !== "") controller.enqueue(text);
      },
      flush(controller) {
        const text = decoder.decode();
        if (text !== "") controller.enqueue(text);
      },
    });
  }
  get encoding() {
    return this.#decoder.encoding;
  }
  get fatal() {
    return this.#decoder.fatal;
  }
  get ignoreBOM() {
    return this.#decoder.ignoreBOM;
  }
  get readable() {
    return this.#transform.readable;
  }
  get writable() {
    return this.#transform.writable;
  }
}

for (const C of [TextEncoderStream, TextDecoderStream]) {
  Object.defineProperty(C.prototype, Symbol.toStringTag, { value: C.name, configurable: true });
}
