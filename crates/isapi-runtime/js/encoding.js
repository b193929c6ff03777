// @ts-nocheck -- not yet typed: whoever next changes this file types it (JSDoc) and removes this line.
// TextEncoder and TextDecoder (UTF-8 only so far), over the native UTF-8 codec.
import { utf8Encode as encode, utf8Decode as decode } from "isapi:native/encoding";
import { bytesOf } from "./util.js";

export class TextEncoder {
  get encoding() {
    return "utf-8";
  }
  encode(input = "") {
    return encode(String(input));
  }
  encodeInto(input, destination) {
    const bytes = encode(String(input));
    // Whole characters only: cut before a continuation byte.
    let written = Math.min(bytes.length, destination.length);
    while (written > 0 && written < bytes.length && (bytes[written] & 0xc0) === 0x80) written--;
    destination.set(bytes.subarray(0, written));
    return { read: decode(bytes.subarray(0, written), false).length, written };
  }
}

const UTF8_LABELS = new Set([
  "utf-8",
  "utf8",
  "unicode-1-1-utf-8",
  "unicode11utf8",
  "unicode20utf8",
  "x-unicode20utf8",
]);

export class TextDecoder {
  #fatal;
  #ignoreBOM;
  #pending = new Uint8Array(0);
  #started = false;
  constructor(label = "utf-8", options = {}) {
    if (!UTF8_LABELS.has(String(label).trim().toLowerCase())) {
      throw new RangeError(`TextDecoder supports utf-8 only, not ${JSON.stringify(label)}`);
    }
    this.#fatal = Boolean(options.fatal);
    this.#ignoreBOM = Boolean(options.ignoreBOM);
  }
  get encoding() {
    return "utf-8";
  }
  get fatal() {
    return this.#fatal;
  }
  get ignoreBOM() {
    return this.#ignoreBOM;
  }
  decode(input, options = {}) {
    let bytes = input === undefined ? new Uint8Array(0) : bytesOf(input);
    if (this.#pending.length) {
      const joined = new Uint8Array(this.#pending.length + bytes.length);
      joined.set(this.#pending);
      joined.set(bytes, this.#pending.length);
      bytes = joined;
      this.#pending = new Uint8Array(0);
    }
    if (options.stream) {
      // Keep an incomplete trailing sequence for the next call.
      let start = bytes.length;
      while (start > 0 && start > bytes.length - 4 && (bytes[start - 1] & 0xc0) === 0x80) start--;
      if (start > 0) {
        const lead = bytes[start - 1];
        const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
        if (need > bytes.length - (start - 1)) {
          this.#pending = bytes.slice(start - 1);
          bytes = bytes.subarray(0, start - 1);
        }
      }
    }
    let text = decode(bytes, this.#fatal);
    if (!this.#started && !this.#ignoreBOM && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    this.#started = Boolean(options.stream);
    return text;
  }
}
