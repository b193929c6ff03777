// node:string_decoder — StringDecoder: text from a stream of byte chunks, holding back a
// character split between chunks (utf8, utf16le) or a partial base64 group until the
// next chunk or `end()`, with the same state (lastChar, lastNeed, lastTotal) as Node's.
import { decode } from "isapi:native/buffer";
import { Buffer } from "./buffer.js";
import { invalidArgType, unknownEncoding } from "./internal/errors.js";

/** @type {Record<string, [string, number]>} name → [Node's name, native number] */
const ENCODINGS = {
  utf8: ["utf8", 0],
  "utf-8": ["utf8", 0],
  ucs2: ["utf16le", 1],
  "ucs-2": ["utf16le", 1],
  utf16le: ["utf16le", 1],
  "utf-16le": ["utf16le", 1],
  latin1: ["latin1", 2],
  binary: ["latin1", 2],
  ascii: ["ascii", 3],
  base64: ["base64", 4],
  base64url: ["base64url", 5],
  hex: ["hex", 6],
};
const UTF8 = 0;
const UTF16LE = 1;
const BASE64 = 4;
const BASE64URL = 5;

const state = Symbol("state");

/**
 * @typedef {object} State
 * @property {number} id the native encoding number
 * @property {Uint8Array} pending the held-back bytes (4 at most), `lastChar`
 * @property {number} buffered how many of them are held
 * @property {number} missing how many more the held-back character needs
 */

export class StringDecoder {
  /** @param {string} [encoding] */
  constructor(encoding) {
    const key = encoding == null || encoding === "" ? "utf8" : `${encoding}`;
    const found = Object.hasOwn(ENCODINGS, key)
      ? ENCODINGS[key]
      : Object.hasOwn(ENCODINGS, key.toLowerCase())
        ? ENCODINGS[key.toLowerCase()]
        : undefined;
    if (found === undefined) {
      throw unknownEncoding(encoding);
    }
    /** @type {string} */
    this.encoding = found[0];
    /** @type {State} */
    const fields = { id: found[1], pending: Buffer.alloc(4), buffered: 0, missing: 0 };
    Object.defineProperty(this, state, { value: fields });
  }

  /**
   * The text of `buf` and what it completes, holding back an incomplete end.
   * @param {string | ArrayBufferView} buf
   * @returns {string}
   */
  write(buf) {
    if (typeof buf === "string") return buf;
    if (!ArrayBuffer.isView(buf)) throw invalidArgType("buf", ["Buffer", "TypedArray", "DataView"], buf);
    return decodeChunk(stateOf(this), new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
  }

  /**
   * The text of `buf` (if given) and of whatever is held back, as it is.
   * @param {string | ArrayBufferView} [buf]
   * @returns {string}
   */
  end(buf) {
    let text = "";
    if (buf !== undefined) text = this.write(buf);
    const fields = stateOf(this);
    if (fields.buffered > 0) text += flush(fields);
    return text;
  }

  /**
   * `write(buf.slice(offset))` after dropping what was held back.
   * @param {ArrayBufferView} buf
   * @param {number} offset
   */
  text(buf, offset) {
    const fields = stateOf(this);
    fields.missing = 0;
    fields.buffered = 0;
    return this.write(/** @type {Uint8Array} */ (buf).slice(offset));
  }

  get lastChar() {
    return stateOf(this).pending;
  }

  get lastNeed() {
    return stateOf(this).missing;
  }

  get lastTotal() {
    const fields = stateOf(this);
    return fields.buffered + fields.missing;
  }
}

/**
 * @param {StringDecoder} decoder
 * @returns {State}
 */
function stateOf(decoder) {
  const fields = /** @type {any} */ (decoder)[state];
  if (fields === undefined) throw invalidArgType("this", "StringDecoder", decoder);
  return fields;
}

/**
 * @param {Uint8Array} bytes
 * @param {number} start
 * @param {number} end
 * @param {number} id
 */
function text(bytes, start, end, id) {
  return end > start ? decode(bytes, start, end, id) : "";
}

/**
 * One chunk, as Node's decoder: first complete the held-back character (for UTF-8, a
 * byte that cannot continue it ends it early), then hold back the chunk's incomplete end.
 * @param {State} s
 * @param {Uint8Array} data
 */
function decodeChunk(s, data) {
  const id = s.id;
  if (id !== UTF8 && id !== UTF16LE && id !== BASE64 && id !== BASE64URL) {
    return text(data, 0, data.length, id);
  }
  let start = 0;
  let length = data.length;
  let prepend = "";
  if (s.missing > 0) {
    if (id === UTF8) {
      for (let i = 0; i < length && i < s.missing; i++) {
        if ((data[i] & 0xc0) !== 0x80) {
          s.missing = 0;
          s.pending.set(data.subarray(0, i), s.buffered);
          s.buffered += i;
          start += i;
          length -= i;
          break;
        }
      }
    }
    const found = Math.min(length, s.missing);
    s.pending.set(data.subarray(start, start + found), s.buffered);
    start += found;
    length -= found;
    s.missing -= found;
    s.buffered += found;
    if (s.missing === 0) {
      prepend = text(s.pending, 0, s.buffered, id);
      s.buffered = 0;
    }
  }
  if (length === 0) return prepend;
  const end = start + length;
  if (id === UTF8 && data[end - 1] & 0x80) {
    for (let i = end - 1; ; i--) {
      s.buffered++;
      if ((data[i] & 0xc0) === 0x80) {
        // A continuation byte: keep looking for the lead byte, within 4 and the chunk.
        if (s.buffered >= 4 || i === start) {
          s.buffered = 0;
          break;
        }
      } else {
        if ((data[i] & 0xe0) === 0xc0) s.missing = 2;
        else if ((data[i] & 0xf0) === 0xe0) s.missing = 3;
        else if ((data[i] & 0xf8) === 0xf0) s.missing = 4;
        else {
          s.buffered = 0;
          break;
        }
        if (s.buffered >= s.missing) {
          // The character is whole (or malformed anyway): nothing to hold back.
          s.missing = 0;
          s.buffered = 0;
        }
        s.missing -= s.buffered;
        break;
      }
    }
  } else if (id === UTF16LE) {
    if (length % 2 === 1) {
      s.buffered = 1;
      s.missing = 1;
    } else if ((data[end - 1] & 0xfc) === 0xd8) {
      // The first half of a surrogate pair.
      s.buffered = 2;
      s.missing = 2;
    }
  } else if (id === BASE64 || id === BASE64URL) {
    s.buffered = length % 3;
    if (s.buffered > 0) s.missing = 3 - s.buffered;
  }
  let bodyEnd = end;
  if (s.buffered > 0) {
    bodyEnd = end - s.buffered;
    s.pending.set(data.subarray(bodyEnd, end), 0);
  }
  return prepend + text(data, start, bodyEnd, id);
}

/**
 * What `end()` gives for the held-back bytes.
 * @param {State} s
 */
function flush(s) {
  if (s.id === UTF16LE && s.buffered % 2 === 1) {
    // A lone trailing byte is dropped.
    s.missing--;
    s.buffered--;
  }
  if (s.buffered === 0) return "";
  const result = text(s.pending, 0, s.buffered, s.id);
  s.missing = 0;
  s.buffered = 0;
  return result;
}

export default { StringDecoder };
