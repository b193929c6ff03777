// TextEncoder and TextDecoder (Encoding standard). The codecs are Rust's (`encoding_rs`):
// every encoding and label of the standard, each TextDecoder holding a native streaming
// decoder that is freed with it.
import { utf8Encode, utf8EncodeInto, lookup, decoder, decode } from "isapi:native/encoding";
import { dictionary, inspectAs, string, tag } from "./webidl.js";

/**
 * A Uint8Array over the bytes of a BufferSource (no copy; shared buffers allowed).
 * @param {unknown} input
 * @returns {Uint8Array}
 */
function bytesView(input) {
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (input instanceof ArrayBuffer || input instanceof SharedArrayBuffer) return new Uint8Array(input);
  throw new TypeError('The "input" argument must be an instance of ArrayBuffer or ArrayBufferView');
}

export class TextEncoder {
  /** Brands the instances: the methods refuse other objects, as Web IDL's do. */
  #brand = true;
  get encoding() {
    this.#brand;
    return "utf-8";
  }
  /** @param {unknown} input */
  encode(input = "") {
    this.#brand;
    return utf8Encode(string(input));
  }
  /**
   * @param {unknown} source
   * @param {Uint8Array} destination
   */
  encodeInto(source, destination) {
    this.#brand;
    if (arguments.length < 2) throw new TypeError('The "dest" argument must be an instance of Uint8Array.');
    const text = string(source);
    if (!(destination instanceof Uint8Array))
      throw new TypeError('The "dest" argument must be an instance of Uint8Array.');
    const [read, written] = utf8EncodeInto(text, destination);
    return { read, written };
  }
}
tag(TextEncoder);
// Node shows a TextEncoder as a plain object.
inspectAs(TextEncoder, (encoder) => ({ encoding: encoder.encoding }), { name: "" });

export class TextDecoder {
  /** @type {string} */
  #encoding;
  /** @type {boolean} */
  #fatal;
  /** @type {boolean} */
  #ignoreBOM;
  /** @type {import("isapi:native/encoding").Decoder} */
  #decoder;
  /**
   * @param {unknown} [label]
   * @param {unknown} [options]
   */
  constructor(label = "utf-8", options = undefined) {
    const text = string(label);
    const { fatal, ignoreBOM } = dictionary(options, "options");
    const encoding = lookup(text.toWellFormed());
    if (encoding === undefined) throw new RangeError(`The "${text}" encoding is not supported`);
    this.#encoding = encoding;
    this.#fatal = Boolean(fatal);
    this.#ignoreBOM = Boolean(ignoreBOM);
    this.#decoder = decoder(encoding, this.#fatal, this.#ignoreBOM);
  }
  get encoding() {
    return this.#encoding;
  }
  get fatal() {
    return this.#fatal;
  }
  get ignoreBOM() {
    return this.#ignoreBOM;
  }
  /**
   * @param {unknown} [input]
   * @param {unknown} [options]
   */
  decode(input = undefined, options = undefined) {
    const decoder = this.#decoder;
    const bytes = input === undefined ? new Uint8Array(0) : bytesView(input);
    const { stream } = dictionary(options, "options");
    return decode(decoder, bytes, Boolean(stream));
  }
}
tag(TextDecoder);
inspectAs(
  TextDecoder,
  (decoder) => ({ encoding: decoder.encoding, fatal: decoder.fatal, ignoreBOM: decoder.ignoreBOM }),
  { name: "TextDecoder" },
);
