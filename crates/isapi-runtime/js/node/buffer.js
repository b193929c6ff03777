// node:buffer — Node's Buffer, a Uint8Array subclass, and the module's other exports.
// The string codecs, byte search and comparison are native (isapi:native/buffer); the
// argument checks and errors follow Node 20's, word for word.
import {
  encode,
  write as writeNative,
  decode,
  utf8Length,
  indexOf as indexOfNative,
  compare as compareNative,
  isUtf8 as isUtf8Native,
} from "isapi:native/buffer";
import { Blob, File } from "../blob.js";
import { atob, btoa } from "../base64.js";
import {
  codedError,
  describeReceived,
  invalidArgType,
  invalidArgValue,
  outOfRange,
  unknownEncoding,
} from "./internal/errors.js";

export const kMaxLength = 2 ** 32;
export const kStringMaxLength = 536870888;
export const constants = { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: kStringMaxLength };
export let INSPECT_MAX_BYTES = 50;

// Encodings by the numbers the native half uses.
const UTF8 = 0;
const UTF16LE = 1;
const LATIN1 = 2;
const ASCII = 3;
const BASE64 = 4;
const BASE64URL = 5;
const HEX = 6;

/** @type {Record<string, number>} */
const ENCODINGS = {
  utf8: UTF8,
  "utf-8": UTF8,
  ucs2: UTF16LE,
  "ucs-2": UTF16LE,
  utf16le: UTF16LE,
  "utf-16le": UTF16LE,
  latin1: LATIN1,
  binary: LATIN1,
  ascii: ASCII,
  base64: BASE64,
  base64url: BASE64URL,
  hex: HEX,
};

/**
 * The number of the encoding `name` names (case-insensitive), or -1.
 * @param {unknown} name
 */
function encodingOf(name) {
  const key = `${name}`;
  const id = ENCODINGS[key];
  if (id !== undefined && Object.hasOwn(ENCODINGS, key)) return id;
  const lower = key.toLowerCase();
  return Object.hasOwn(ENCODINGS, lower) ? ENCODINGS[lower] : -1;
}

/**
 * The encoding's number; ERR_UNKNOWN_ENCODING when none.
 * @param {unknown} name
 */
function requireEncoding(name) {
  const id = encodingOf(name);
  if (id < 0) throw unknownEncoding(name);
  return id;
}

/** @param {string} [name] */
function outOfBounds(name) {
  return codedError(
    RangeError,
    "ERR_BUFFER_OUT_OF_BOUNDS",
    name ? `"${name}" is outside of buffer bounds` : "Attempt to access memory outside buffer bounds",
  );
}

const typedArrayTag = /** @type {() => string | undefined} */ (
  /** @type {PropertyDescriptor} */ (
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag)
  ).get
);

/**
 * @param {unknown} value
 * @returns {value is Uint8Array}
 */
function isUint8Array(value) {
  return typedArrayTag.call(value) === "Uint8Array";
}

/**
 * @param {unknown} value
 * @returns {value is ArrayBuffer | SharedArrayBuffer}
 */
function isAnyArrayBuffer(value) {
  return (
    value instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer !== "undefined" && value instanceof SharedArrayBuffer)
  );
}

/**
 * Node's validateNumber: a number, within [min, max] when given.
 * @param {unknown} value
 * @param {string} name
 * @param {number} [min]
 * @param {number} [max]
 * @returns {asserts value is number}
 */
function validateNumber(value, name, min, max) {
  if (typeof value !== "number") throw invalidArgType(name, "number", value);
  if (
    (min != null && value < min) ||
    (max != null && value > max) ||
    ((min != null || max != null) && Number.isNaN(value))
  ) {
    const range = `${min != null ? `>= ${min}` : ""}${min != null && max != null ? " && " : ""}${
      max != null ? `<= ${max}` : ""
    }`;
    throw outOfRange(name, range, value);
  }
}

/**
 * Node's validateInteger: a safe integer in [min, max].
 * @param {unknown} value
 * @param {string} name
 * @param {number} [min]
 * @param {number} [max]
 * @returns {asserts value is number}
 */
function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== "number") throw invalidArgType(name, "number", value);
  if (!Number.isInteger(value)) throw outOfRange(name, "an integer", value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
}

/**
 * Node's validateOffset: an integer in [min, max].
 * @param {unknown} value
 * @param {string} name
 * @param {number} [min]
 * @param {number} [max]
 * @returns {asserts value is number}
 */
function validateOffset(value, name, min = 0, max = kMaxLength) {
  if (typeof value !== "number") throw invalidArgType(name, "number", value);
  if (!Number.isInteger(value)) throw outOfRange(name, "an integer", value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
}

/**
 * The error of an access at `value` past `length` (the last valid offset).
 * @param {unknown} value
 * @param {number} length
 * @param {string} [type]
 * @returns {never}
 */
function boundsError(value, length, type) {
  if (Math.floor(/** @type {number} */ (value)) !== value) {
    validateNumber(value, type || "offset");
    throw outOfRange(type || "offset", "an integer", value);
  }
  if (length < 0) throw outOfBounds();
  throw outOfRange(type || "offset", `>= ${type ? 1 : 0} and <= ${length}`, value);
}

/**
 * The byte length of `text` in encoding `id`, as Node reckons it before encoding.
 * @param {string} text
 * @param {number} id
 */
function byteLengthOf(text, id) {
  switch (id) {
    case UTF8:
      return utf8Length(text);
    case UTF16LE:
      return text.length * 2;
    case LATIN1:
    case ASCII:
      return text.length;
    case HEX:
      return text.length >>> 1;
    default: {
      let bytes = text.length;
      if (text.charCodeAt(bytes - 1) === 0x3d) bytes--;
      if (bytes > 1 && text.charCodeAt(bytes - 1) === 0x3d) bytes--;
      return (bytes * 3) >>> 2;
    }
  }
}

class FastBuffer extends Uint8Array {}

// Uint8Array's own methods that Buffer replaces, for Buffer's code to call.
const { fill: fillBytes, indexOf: indexOfByte, lastIndexOf: lastIndexOfByte } = Uint8Array.prototype;

/**
 * A Buffer over `buffer` (a view, no copy).
 * @param {ArrayBufferLike} buffer
 * @param {number} [byteOffset]
 * @param {number} [length]
 * @returns {Buf}
 */
function view(buffer, byteOffset, length) {
  return /** @type {Buf} */ (
    /** @type {unknown} */ (new FastBuffer(/** @type {ArrayBuffer} */ (buffer), byteOffset, length))
  );
}

/**
 * A zero-filled Buffer of `size` bytes.
 * @param {number} size
 * @returns {Buf}
 */
function create(size) {
  return /** @type {Buf} */ (/** @type {unknown} */ (new FastBuffer(size)));
}

/**
 * The deprecated `Buffer(arg)` / `new Buffer(arg)`: as `Buffer.alloc` for a number,
 * `Buffer.from` otherwise.
 * @constructor
 * @param {any} arg
 * @param {any} [encodingOrOffset]
 * @param {number} [length]
 * @returns {Buf}
 */
export function Buffer(arg, encodingOrOffset, length) {
  if (typeof arg === "number") {
    if (typeof encodingOrOffset === "string") throw invalidArgType("string", "string", arg);
    return Buffer.alloc(arg);
  }
  return Buffer.from(arg, encodingOrOffset, length);
}
Buffer.prototype = FastBuffer.prototype;
Object.defineProperty(FastBuffer.prototype, "constructor", {
  value: Buffer,
  writable: true,
  configurable: true,
});
Object.setPrototypeOf(Buffer, Uint8Array);

/** @typedef {Uint8Array & BufferMethods} Buf */
/** @typedef {typeof methods} BufferMethods */

Buffer.poolSize = 8 * 1024;

/**
 * @param {string} text
 * @param {unknown} encoding
 */
function fromString(text, encoding) {
  let id;
  if (typeof encoding !== "string" || encoding.length === 0) {
    if (text.length === 0) return create(0);
    id = UTF8;
  } else {
    id = requireEncoding(encoding);
    if (text.length === 0) return create(0);
  }
  const bytes = encode(text, id);
  if (id === BASE64 || id === BASE64URL) {
    // Node allocates the length it reckons from the text and writes no more.
    const most = byteLengthOf(text, id);
    if (bytes.byteLength > most) return view(bytes, 0, most);
  }
  return view(bytes);
}

/**
 * @param {ArrayBufferLike} buffer
 * @param {unknown} byteOffset
 * @param {unknown} length
 */
function fromArrayBuffer(buffer, byteOffset, length) {
  let offset;
  if (byteOffset === undefined) {
    offset = 0;
  } else {
    offset = +(/** @type {number} */ (byteOffset));
    if (Number.isNaN(offset)) offset = 0;
  }
  const maxLength = buffer.byteLength - offset;
  if (maxLength < 0) throw outOfBounds("offset");
  let size;
  if (length === undefined) {
    size = maxLength;
  } else {
    size = +(/** @type {number} */ (length));
    if (size > 0) {
      if (size > maxLength) throw outOfBounds("length");
    } else {
      size = 0;
    }
  }
  return view(buffer, offset, size);
}

/** @param {ArrayLike<number>} object */
function fromArrayLike(object) {
  if (object.length <= 0) return create(0);
  return /** @type {Buf} */ (/** @type {unknown} */ (new FastBuffer(object)));
}

/** @param {any} object */
function fromObject(object) {
  if (object.length !== undefined || isAnyArrayBuffer(object.buffer)) {
    if (typeof object.length !== "number") return create(0);
    return fromArrayLike(object);
  }
  if (object.type === "Buffer" && Array.isArray(object.data)) return fromArrayLike(object.data);
  return undefined;
}

/**
 * @param {any} value
 * @param {any} [encodingOrOffset]
 * @param {number} [length]
 * @returns {Buf}
 */
Buffer.from = function from(value, encodingOrOffset, length) {
  if (typeof value === "string") return fromString(value, encodingOrOffset);
  if (typeof value === "object" && value !== null) {
    if (isAnyArrayBuffer(value)) return fromArrayBuffer(value, encodingOrOffset, length);
    const valueOf = value.valueOf && value.valueOf();
    if (
      valueOf != null &&
      valueOf !== value &&
      (typeof valueOf === "string" || typeof valueOf === "object")
    ) {
      return from(valueOf, encodingOrOffset, length);
    }
    const buffer = fromObject(value);
    if (buffer) return buffer;
    if (typeof value[Symbol.toPrimitive] === "function") {
      const primitive = value[Symbol.toPrimitive]("string");
      if (typeof primitive === "string") return fromString(primitive, encodingOrOffset);
    }
  }
  throw codedError(
    TypeError,
    "ERR_INVALID_ARG_TYPE",
    "The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array " +
      `or an Array-like Object.${describeReceived(value)}`,
  );
};

/**
 * @param {ArrayBufferView} view
 * @param {number} [offset]
 * @param {number} [length]
 */
Buffer.copyBytesFrom = function copyBytesFrom(view, offset, length) {
  if (!ArrayBuffer.isView(view) || view instanceof DataView) {
    throw invalidArgType("view", ["TypedArray"], view);
  }
  const element = /** @type {Uint8Array} */ (view).BYTES_PER_ELEMENT;
  const count = /** @type {Uint8Array} */ (view).length;
  let start = 0;
  let end = count;
  if (offset !== undefined || length !== undefined) {
    if (offset !== undefined) {
      validateInteger(offset, "offset", 0);
      if (offset >= count) return create(0);
      start = offset;
    }
    if (length !== undefined) {
      validateInteger(length, "length", 0);
      end = Math.min(start + length, count);
    }
    if (end - start <= 0) return create(0);
  }
  const bytes = new Uint8Array(view.buffer, view.byteOffset + start * element, (end - start) * element);
  return fromArrayLike(bytes.slice());
};

/**
 * @param {...number} items
 * @returns {Buf}
 */
Buffer.of = function of(...items) {
  const buffer = create(items.length);
  for (let i = 0; i < items.length; i++) buffer[i] = items[i];
  return buffer;
};

/**
 * @param {number} size
 * @param {any} [fill]
 * @param {string} [encoding]
 * @returns {Buf}
 */
Buffer.alloc = function alloc(size, fill, encoding) {
  validateNumber(size, "size", 0, kMaxLength);
  const buffer = create(size);
  if (fill !== undefined && fill !== 0 && size > 0) return fillBuffer(buffer, fill, 0, size, encoding);
  return buffer;
};

/**
 * Zero-filled all the same: the platform hands out no stale memory.
 * @param {number} size
 * @returns {Buf}
 */
Buffer.allocUnsafe = function allocUnsafe(size) {
  validateNumber(size, "size", 0, kMaxLength);
  return create(size);
};

/**
 * @param {number} size
 * @returns {Buf}
 */
Buffer.allocUnsafeSlow = function allocUnsafeSlow(size) {
  validateNumber(size, "size", 0, kMaxLength);
  return create(size);
};

/**
 * @param {unknown} value
 * @returns {value is Buf}
 */
Buffer.isBuffer = function isBuffer(value) {
  return value instanceof Buffer;
};

/**
 * @param {unknown} a
 * @param {unknown} b
 */
Buffer.compare = function compare(a, b) {
  if (!isUint8Array(a)) throw invalidArgType("buf1", ["Buffer", "Uint8Array"], a);
  if (!isUint8Array(b)) throw invalidArgType("buf2", ["Buffer", "Uint8Array"], b);
  if (a === b) return 0;
  return compareNative(a, b);
};

/** @param {unknown} encoding */
Buffer.isEncoding = function isEncoding(encoding) {
  return typeof encoding === "string" && encoding.length !== 0 && encodingOf(encoding) >= 0;
};

/**
 * @param {unknown} list
 * @param {number} [length]
 * @returns {Buf}
 */
Buffer.concat = function concat(list, length) {
  if (!Array.isArray(list)) throw invalidArgType("list", ["Array"], list);
  if (list.length === 0) return create(0);
  if (length === undefined) {
    length = 0;
    for (let i = 0; i < list.length; i++) if (list[i].length) length += list[i].length;
  } else {
    validateOffset(length, "length");
  }
  const buffer = create(/** @type {number} */ (length));
  let position = 0;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isUint8Array(item)) throw invalidArgType(`list[${i}]`, ["Buffer", "Uint8Array"], item);
    position += copyActual(item, buffer, position, 0, item.length);
  }
  return buffer;
};

/**
 * @param {unknown} value
 * @param {unknown} [encoding]
 */
Buffer.byteLength = function byteLength(value, encoding) {
  if (typeof value !== "string") {
    if (ArrayBuffer.isView(value) || isAnyArrayBuffer(value)) return value.byteLength;
    throw invalidArgType("string", ["string", "Buffer", "ArrayBuffer"], value);
  }
  if (value.length === 0) return 0;
  const id = encoding ? encodingOf(encoding) : UTF8;
  return byteLengthOf(value, id < 0 ? UTF8 : id);
};

/**
 * `source[sourceStart..sourceEnd]` into `target` at `targetStart`, what fits; the count.
 * @param {Uint8Array} source
 * @param {Uint8Array} target
 * @param {number} targetStart
 * @param {number} sourceStart
 * @param {number} sourceEnd
 */
function copyActual(source, target, targetStart, sourceStart, sourceEnd) {
  if (sourceEnd - sourceStart > target.length - targetStart) {
    sourceEnd = sourceStart + target.length - targetStart;
  }
  let count = sourceEnd - sourceStart;
  const available = source.length - sourceStart;
  if (count > available) count = available;
  if (count <= 0) return 0;
  if (sourceStart !== 0 || count < source.length) {
    source = new Uint8Array(source.buffer, source.byteOffset + sourceStart, count);
  }
  target.set(source, targetStart);
  return count;
}

/**
 * Node's `toInteger` for copy's arguments.
 * @param {unknown} n
 * @param {number} fallback
 */
function toInteger(n, fallback) {
  const number = +(/** @type {number} */ (n));
  if (!Number.isNaN(number) && number >= Number.MIN_SAFE_INTEGER && number <= Number.MAX_SAFE_INTEGER) {
    return number % 1 === 0 ? number : Math.floor(number);
  }
  return fallback;
}

/**
 * Node's `_fill`.
 * @template {Uint8Array} T
 * @param {T} buffer
 * @param {any} value
 * @param {any} offset
 * @param {any} end
 * @param {any} encoding
 */
function fillBuffer(buffer, value, offset, end, encoding) {
  let id = UTF8;
  if (typeof value === "string") {
    if (offset === undefined || typeof offset === "string") {
      encoding = offset;
      offset = 0;
      end = buffer.length;
    } else if (typeof end === "string") {
      encoding = end;
      end = buffer.length;
    }
    id = encoding == null ? UTF8 : encodingOf(encoding);
    if (id < 0) {
      if (typeof encoding !== "string") throw invalidArgType("encoding", "string", encoding);
      throw unknownEncoding(encoding);
    }
    if (value.length === 0) {
      value = 0;
    } else if (value.length === 1) {
      const code = value.charCodeAt(0);
      if ((id === UTF8 && code < 128) || id === LATIN1) value = code;
    }
  }
  if (offset === undefined) {
    offset = 0;
    end = buffer.length;
  } else {
    validateOffset(offset, "offset");
    if (end === undefined) end = buffer.length;
    else validateOffset(end, "end", 0, buffer.length);
    if (offset >= end) return buffer;
  }
  if (typeof value === "number") {
    if (end - offset + offset > buffer.byteLength) throw outOfBounds();
    fillBytes.call(buffer, value, offset, end);
    return buffer;
  }
  let bytes;
  if (typeof value === "string") bytes = new Uint8Array(encode(value, id));
  else if (isUint8Array(value)) bytes = value;
  else if (ArrayBuffer.isView(value))
    bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  else {
    fillBytes.call(buffer, Number(value) & 255, offset, end);
    return buffer;
  }
  if (bytes.length === 0) {
    if (value instanceof Buffer) {
      throw codedError(
        TypeError,
        "ERR_INVALID_ARG_VALUE",
        "The argument 'value' is invalid. Received <Buffer >",
      );
    }
    throw invalidArgValue("value", value);
  }
  if (offset > buffer.length) throw outOfBounds();
  end = Math.min(end, buffer.length);
  const length = end - offset;
  if (bytes.length >= length) {
    buffer.set(bytes.subarray(0, length), offset);
    return buffer;
  }
  // Doubling copies: log2(n) calls instead of one per repetition.
  buffer.set(bytes, offset);
  let filled = bytes.length;
  while (filled < length) {
    const count = Math.min(filled, length - filled);
    buffer.copyWithin(offset + filled, offset, offset + count);
    filled += count;
  }
  return buffer;
}

/**
 * Node's IndexOfOffset: where a search for `needleLength` bytes starts, or -1.
 * @param {number} length
 * @param {number} offset
 * @param {number} needleLength
 * @param {boolean} forward
 */
function searchStart(length, offset, needleLength, forward) {
  if (offset < 0) {
    if (offset + length >= 0) return length + offset;
    if (forward || needleLength === 0) return 0;
    return -1;
  }
  if (offset + needleLength <= length) return offset;
  if (needleLength === 0) return length;
  if (forward) return -1;
  return length - 1;
}

/**
 * Node's bidirectionalIndexOf.
 * @param {Uint8Array} buffer
 * @param {unknown} value
 * @param {any} byteOffset
 * @param {any} encoding
 * @param {boolean} forward
 */
function search(buffer, value, byteOffset, encoding, forward) {
  if (typeof byteOffset === "string") {
    encoding = byteOffset;
    byteOffset = undefined;
  } else if (byteOffset > 0x7fffffff) {
    byteOffset = 0x7fffffff;
  } else if (byteOffset < -0x80000000) {
    byteOffset = -0x80000000;
  }
  byteOffset = +byteOffset;
  if (Number.isNaN(byteOffset)) byteOffset = forward ? 0 : buffer.length;
  byteOffset = Math.trunc(byteOffset);
  const length = buffer.length;
  if (typeof value === "number") {
    const start = searchStart(length, byteOffset, 1, forward);
    if (start <= -1 || length === 0) return -1;
    const byte = (value >>> 0) & 255;
    if (forward) return indexOfByte.call(buffer, byte, start);
    return lastIndexOfByte.call(buffer, byte, start);
  }
  let needle;
  let needleLength;
  let id = UTF8;
  if (typeof value === "string") {
    id = encoding === undefined ? UTF8 : requireEncoding(encoding);
    needle = new Uint8Array(encode(value, id));
    needleLength = id === UTF8 ? needle.length : byteLengthOf(value, id);
  } else if (isUint8Array(value)) {
    needle = value;
    needleLength = value.length;
  } else {
    throw invalidArgType("value", ["number", "string", "Buffer", "Uint8Array"], value);
  }
  const start = searchStart(length, byteOffset, needleLength, forward);
  if (needleLength === 0) return start;
  if (length === 0 || start <= -1) return -1;
  if ((forward && needleLength + start > length) || needleLength > length) return -1;
  if (id !== UTF16LE) return indexOfNative(buffer, needle, start, !forward);
  // A UTF-16 string is searched for as 2-byte units: at even byte offsets only.
  if (length < 2) return -1;
  let at = start - (start % 2);
  for (;;) {
    const found = indexOfNative(buffer, needle, at, !forward);
    if (found < 0 || found % 2 === 0) return found;
    at = forward ? found + 1 : found - 1;
    if (at < 0) return -1;
  }
}

const float32 = new Float32Array(1);
const float32Bytes = new Uint8Array(float32.buffer);
const float64 = new Float64Array(1);
const float64Bytes = new Uint8Array(float64.buffer);
// The scratch arrays above are in the machine's byte order: little-endian on every target.

/**
 * Checks a read of `size` bytes at `offset`.
 * @param {Uint8Array} buffer
 * @param {unknown} offset
 * @param {number} size
 * @returns {asserts offset is number}
 */
function checkRead(buffer, offset, size) {
  if (typeof offset !== "number") throw invalidArgType("offset", "number", offset);
  if (buffer[offset] === undefined || buffer[offset + size - 1] === undefined) {
    boundsError(offset, buffer.length - size);
  }
}

/**
 * Node's checkBounds for writes of `size` bytes.
 * @param {Uint8Array} buffer
 * @param {unknown} offset
 * @param {number} size
 * @returns {asserts offset is number}
 */
function checkWrite(buffer, offset, size) {
  if (typeof offset !== "number") throw invalidArgType("offset", "number", offset);
  if (buffer[offset] === undefined || buffer[offset + size - 1] === undefined) {
    boundsError(offset, buffer.length - size);
  }
}

/**
 * An unsigned integer of `size` bytes (up to 6) at `offset`.
 * @param {Uint8Array} buffer
 * @param {number} offset
 * @param {number} size
 * @param {boolean} little
 */
function readUnsigned(buffer, offset, size, little) {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < size; i++) {
    value += buffer[little ? offset + i : offset + size - 1 - i] * scale;
    scale *= 256;
  }
  return value;
}

/**
 * @param {Uint8Array} buffer
 * @param {number} offset
 * @param {number} size
 * @param {boolean} little
 */
function readSigned(buffer, offset, size, little) {
  const value = readUnsigned(buffer, offset, size, little);
  const limit = 2 ** (size * 8 - 1);
  return value >= limit ? value - limit * 2 : value;
}

/**
 * Writes the integer `value` as `size` bytes (up to 6), as Node's writers do: the low 32
 * bits by ToUint32, the rest from `floor(value / 2 ** 32)`.
 * @param {Uint8Array} buffer
 * @param {number} value
 * @param {number} offset
 * @param {number} size
 * @param {boolean} little
 */
function writeBytes(buffer, value, offset, size, little) {
  const high = size > 4 ? Math.floor(value * 2 ** -32) : 0;
  for (let i = 0; i < size; i++) {
    const byte = i < 4 ? value >>> (i * 8) : high >>> ((i - 4) * 8);
    buffer[little ? offset + i : offset + size - 1 - i] = byte;
  }
  return offset + size;
}

/**
 * Node's checkInt: the value's range, then the bounds.
 * @param {number | bigint} value
 * @param {number | bigint} min
 * @param {number | bigint} max
 * @param {Uint8Array} buffer
 * @param {unknown} offset
 * @param {number} size
 */
function checkInt(value, min, max, buffer, offset, size) {
  if (value > max || value < min) {
    const n = typeof min === "bigint" ? "n" : "";
    let range;
    if (size > 4) {
      if (min === 0 || min === 0n) range = `>= 0${n} and < 2${n} ** ${size * 8}${n}`;
      else range = `>= -(2${n} ** ${size * 8 - 1}${n}) and < 2${n} ** ${size * 8 - 1}${n}`;
    } else {
      range = `>= ${min}${n} and <= ${max}${n}`;
    }
    throw outOfRange("value", range, value);
  }
  checkWrite(buffer, offset, size);
}

/**
 * @param {Uint8Array} buffer
 * @param {unknown} value
 * @param {unknown} offset
 * @param {number} size
 * @param {boolean} signed
 * @param {boolean} little
 */
function writeInteger(buffer, value, offset, size, signed, little) {
  const number = +(/** @type {number} */ (value));
  const max = signed ? 2 ** (size * 8 - 1) - 1 : 2 ** (size * 8) - 1;
  const min = signed ? -(2 ** (size * 8 - 1)) : 0;
  if (size === 1) {
    if (typeof offset !== "number") throw invalidArgType("offset", "number", offset);
    if (number > max || number < min) throw outOfRange("value", `>= ${min} and <= ${max}`, number);
    if (buffer[offset] === undefined) boundsError(offset, buffer.length - 1);
    buffer[offset] = number;
    return offset + 1;
  }
  checkInt(number, min, max, buffer, offset, size);
  return writeBytes(buffer, number, /** @type {number} */ (offset), size, little);
}

/**
 * @param {unknown} byteLength
 * @returns {asserts byteLength is number}
 */
function checkByteLength(byteLength) {
  if (byteLength === 1 || byteLength === 2 || byteLength === 3 || byteLength === 4) return;
  if (byteLength === 5 || byteLength === 6) return;
  boundsError(byteLength, 6, "byteLength");
}

/**
 * @param {Uint8Array} buffer
 * @param {unknown} offset
 * @param {boolean} little
 */
function readBigUnsigned(buffer, offset, little) {
  if (typeof offset !== "number") throw invalidArgType("offset", "number", offset);
  if (buffer[offset] === undefined || buffer[offset + 7] === undefined)
    boundsError(offset, buffer.length - 8);
  const low = readUnsigned(buffer, little ? offset : offset + 4, 4, little);
  const high = readUnsigned(buffer, little ? offset + 4 : offset, 4, little);
  return (BigInt(high) << 32n) + BigInt(low);
}

/**
 * @param {Uint8Array} buffer
 * @param {any} value
 * @param {unknown} offset
 * @param {boolean} signed
 * @param {boolean} little
 */
function writeBig(buffer, value, offset, signed, little) {
  const min = signed ? -(2n ** 63n) : 0n;
  const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
  checkInt(value, min, max, buffer, offset, 8);
  const at = /** @type {number} */ (offset);
  const low = Number(value & 0xffffffffn);
  const high = Number((value >> 32n) & 0xffffffffn);
  writeBytes(buffer, low, little ? at : at + 4, 4, little);
  writeBytes(buffer, high, little ? at + 4 : at, 4, little);
  return at + 8;
}

/**
 * @param {Uint8Array} buffer
 * @param {number} size
 * @param {number} bit
 */
function swap(buffer, size, bit) {
  if (buffer.length % size !== 0) {
    throw codedError(RangeError, "ERR_INVALID_BUFFER_SIZE", `Buffer size must be a multiple of ${bit}-bits`);
  }
  for (let i = 0; i < buffer.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = buffer[a];
      buffer[a] = buffer[b];
      buffer[b] = t;
    }
  }
  return buffer;
}

/**
 * Node's adjustOffset for subarray/slice.
 * @param {unknown} offset
 * @param {number} length
 */
function adjustOffset(offset, length) {
  let value = Math.trunc(/** @type {number} */ (offset));
  if (value === 0 || Number.isNaN(value)) return 0;
  if (value < 0) {
    value += length;
    return value > 0 ? value : 0;
  }
  return value < length ? value : length;
}

/**
 * The text of `buffer[start..end]` in encoding `id`.
 * @param {Uint8Array} buffer
 * @param {number} id
 * @param {number} start
 * @param {number} end
 */
function slice(buffer, id, start, end) {
  return decode(buffer, start, end, id);
}

/**
 * Writes `text` in encoding `id`, Node's `<enc>Write(string, offset, length)`.
 * @param {Uint8Array} buffer
 * @param {number} id
 * @param {unknown} text
 * @param {number} [offset]
 * @param {number} [length]
 */
function writeText(buffer, id, text, offset = 0, length = buffer.length - offset) {
  if (typeof text !== "string") {
    throw codedError(TypeError, "ERR_INVALID_ARG_TYPE", "argument must be a string");
  }
  if (offset > buffer.length) throw outOfBounds("offset");
  if (text.length === 0) return 0;
  return writeNative(buffer, text, offset, Math.max(0, Math.min(length, buffer.length - offset)), id);
}

/** @param {number} id */
function slicer(id) {
  /**
   * @this {Uint8Array}
   * @param {number} [start]
   * @param {number} [end]
   */
  return function (start = 0, end) {
    if (end === undefined) end = this.length;
    if (start > this.length || end > this.length) throw outOfBounds("start");
    if (end <= start) return "";
    return slice(this, id, start, end);
  };
}

/** @param {number} id */
function writer(id) {
  /**
   * @this {Uint8Array}
   * @param {unknown} text
   * @param {number} [offset]
   * @param {number} [length]
   */
  return function (text, offset, length) {
    return writeText(this, id, text, offset, length);
  };
}

/**
 * The fixed-width readers, each its own small function: QuickJS runs these faster than
 * one generic loop.
 * @param {number} size
 * @param {boolean} signed
 * @param {boolean} little
 * @returns {(this: Uint8Array, offset?: number) => number}
 */
function reader(size, signed, little) {
  /** @type {(b: Uint8Array, o: number) => number} */
  let combine;
  if (size === 1) combine = signed ? (b, o) => (b[o] << 24) >> 24 : (b, o) => b[o];
  else if (size === 2 && little)
    combine = signed ? (b, o) => ((b[o] | (b[o + 1] << 8)) << 16) >> 16 : (b, o) => b[o] | (b[o + 1] << 8);
  else if (size === 2)
    combine = signed ? (b, o) => (((b[o] << 8) | b[o + 1]) << 16) >> 16 : (b, o) => (b[o] << 8) | b[o + 1];
  else if (little)
    combine = signed
      ? (b, o) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)
      : (b, o) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
  else
    combine = signed
      ? (b, o) => (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]
      : (b, o) => b[o] * 0x1000000 + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
  return function (offset = 0) {
    if (typeof offset !== "number") throw invalidArgType("offset", "number", offset);
    if (this[offset] === undefined || this[offset + size - 1] === undefined) {
      boundsError(offset, this.length - size);
    }
    return combine(this, offset);
  };
}

/**
 * @param {number} size
 * @param {boolean} signed
 * @param {boolean} little
 */
function intWriter(size, signed, little) {
  const max = signed ? 2 ** (size * 8 - 1) - 1 : 2 ** (size * 8) - 1;
  const min = signed ? -(2 ** (size * 8 - 1)) : 0;
  if (size === 1) {
    /**
     * @this {Uint8Array}
     * @param {number} value
     * @param {number} [offset]
     */
    return function (value, offset = 0) {
      return writeInteger(this, value, offset, 1, signed, little);
    };
  }
  /**
   * @this {Uint8Array}
   * @param {number} value
   * @param {number} [offset]
   */
  return function (value, offset = 0) {
    const number = +value;
    if (number > max || number < min) checkInt(number, min, max, this, offset, size);
    if (typeof offset !== "number" || this[offset] === undefined || this[offset + size - 1] === undefined) {
      checkWrite(this, offset, size);
    }
    if (size === 2) {
      this[little ? offset : offset + 1] = number;
      this[little ? offset + 1 : offset] = number >>> 8;
    } else if (little) {
      this[offset] = number;
      this[offset + 1] = number >>> 8;
      this[offset + 2] = number >>> 16;
      this[offset + 3] = number >>> 24;
    } else {
      this[offset] = number >>> 24;
      this[offset + 1] = number >>> 16;
      this[offset + 2] = number >>> 8;
      this[offset + 3] = number;
    }
    return offset + size;
  };
}

/**
 * readUIntLE and its kin: `byteLength` of 1 to 6.
 * @param {boolean} signed
 * @param {boolean} little
 */
function variableReader(signed, little) {
  /**
   * @this {Uint8Array}
   * @param {number} offset
   * @param {number} byteLength
   */
  return function (offset, byteLength) {
    if (offset === undefined) throw invalidArgType("offset", "number", offset);
    checkByteLength(byteLength);
    checkRead(this, offset, byteLength);
    return signed
      ? readSigned(this, offset, byteLength, little)
      : readUnsigned(this, offset, byteLength, little);
  };
}

/**
 * writeUIntLE and its kin.
 * @param {boolean} signed
 * @param {boolean} little
 */
function variableWriter(signed, little) {
  /**
   * @this {Uint8Array}
   * @param {number} value
   * @param {number} offset
   * @param {number} byteLength
   */
  return function (value, offset, byteLength) {
    checkByteLength(byteLength);
    return writeInteger(this, value, offset, byteLength, signed, little);
  };
}

/**
 * @param {Float32Array | Float64Array} scratch
 * @param {Uint8Array} bytes
 * @param {boolean} little
 */
function floatReader(scratch, bytes, little) {
  const size = bytes.length;
  /**
   * @this {Uint8Array}
   * @param {number} [offset]
   */
  return function (offset = 0) {
    checkRead(this, offset, size);
    for (let i = 0; i < size; i++) bytes[i] = this[little ? offset + i : offset + size - 1 - i];
    return scratch[0];
  };
}

/**
 * @param {Float32Array | Float64Array} scratch
 * @param {Uint8Array} bytes
 * @param {boolean} little
 */
function floatWriter(scratch, bytes, little) {
  const size = bytes.length;
  /**
   * @this {Uint8Array}
   * @param {number} value
   * @param {number} [offset]
   */
  return function (value, offset = 0) {
    scratch[0] = +value;
    checkWrite(this, offset, size);
    if (little) this.set(bytes, offset);
    else for (let i = 0; i < size; i++) this[offset + size - 1 - i] = bytes[i];
    return offset + size;
  };
}

const methods = {
  /**
   * @this {Uint8Array}
   * @param {string} [encoding]
   * @param {number} [start]
   * @param {number} [end]
   */
  toString(encoding, start, end) {
    const length = this.length;
    if (arguments.length === 0) return decode(this, 0, length, UTF8);
    if (/** @type {number} */ (start) <= 0) start = 0;
    else if (/** @type {number} */ (start) >= length) return "";
    else start = Math.trunc(/** @type {number} */ (start)) || 0;
    if (end === undefined || end > length) end = length;
    else end = Math.trunc(end) || 0;
    if (end <= start) return "";
    const id = encoding === undefined ? UTF8 : requireEncoding(encoding);
    return decode(this, start, end, id);
  },

  /**
   * @this {Uint8Array}
   * @param {unknown} text
   * @param {any} [offset]
   * @param {any} [length]
   * @param {any} [encoding]
   */
  write(text, offset, length, encoding) {
    if (offset === undefined) return writeText(this, UTF8, text, 0, this.length);
    if (length === undefined && typeof offset === "string") {
      encoding = offset;
      length = this.length;
      offset = 0;
    } else {
      validateOffset(offset, "offset", 0, this.length);
      const remaining = this.length - offset;
      if (length === undefined) {
        length = remaining;
      } else if (typeof length === "string") {
        encoding = length;
        length = remaining;
      } else {
        validateOffset(length, "length", 0, this.length);
        if (length > remaining) length = remaining;
      }
    }
    const id = !encoding ? UTF8 : requireEncoding(encoding);
    return writeText(this, id, text, offset, length);
  },

  /**
   * @this {Uint8Array}
   * @param {any} value
   * @param {any} [offset]
   * @param {any} [end]
   * @param {any} [encoding]
   */
  fill(value, offset, end, encoding) {
    return fillBuffer(this, value, offset, end, encoding);
  },

  /**
   * @this {Uint8Array}
   * @param {unknown} value
   * @param {any} [byteOffset]
   * @param {any} [encoding]
   */
  indexOf(value, byteOffset, encoding) {
    return search(this, value, byteOffset, encoding, true);
  },

  /**
   * @this {Uint8Array}
   * @param {unknown} value
   * @param {any} [byteOffset]
   * @param {any} [encoding]
   */
  lastIndexOf(value, byteOffset, encoding) {
    return search(this, value, byteOffset, encoding, false);
  },

  /**
   * @this {Uint8Array}
   * @param {unknown} value
   * @param {any} [byteOffset]
   * @param {any} [encoding]
   */
  includes(value, byteOffset, encoding) {
    return search(this, value, byteOffset, encoding, true) !== -1;
  },

  /**
   * @this {Uint8Array}
   * @param {unknown} other
   */
  equals(other) {
    if (!isUint8Array(other)) throw invalidArgType("otherBuffer", ["Buffer", "Uint8Array"], other);
    if (this === other) return true;
    if (this.byteLength !== other.byteLength) return false;
    return this.byteLength === 0 || compareNative(this, other) === 0;
  },

  /**
   * @this {Uint8Array}
   * @param {unknown} target
   * @param {any} [targetStart]
   * @param {any} [targetEnd]
   * @param {any} [sourceStart]
   * @param {any} [sourceEnd]
   */
  compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
    if (!isUint8Array(target)) throw invalidArgType("target", ["Buffer", "Uint8Array"], target);
    if (arguments.length === 1) return compareNative(this, target);
    if (targetStart === undefined) targetStart = 0;
    else validateOffset(targetStart, "targetStart");
    if (targetEnd === undefined) targetEnd = target.length;
    else validateOffset(targetEnd, "targetEnd", 0, target.length);
    if (sourceStart === undefined) sourceStart = 0;
    else validateOffset(sourceStart, "sourceStart");
    if (sourceEnd === undefined) sourceEnd = this.length;
    else validateOffset(sourceEnd, "sourceEnd", 0, this.length);
    if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
    if (targetStart >= targetEnd) return 1;
    if (sourceStart > this.length) {
      throw codedError(RangeError, "ERR_OUT_OF_RANGE", 'The value of "sourceStart" is out of range.');
    }
    if (targetStart > target.length) {
      throw codedError(RangeError, "ERR_OUT_OF_RANGE", 'The value of "targetStart" is out of range.');
    }
    return compareNative(this.subarray(sourceStart, sourceEnd), target.subarray(targetStart, targetEnd));
  },

  /**
   * @this {Uint8Array}
   * @param {unknown} target
   * @param {any} [targetStart]
   * @param {any} [sourceStart]
   * @param {any} [sourceEnd]
   */
  copy(target, targetStart, sourceStart, sourceEnd) {
    if (!isUint8Array(target)) throw invalidArgType("target", ["Buffer", "Uint8Array"], target);
    if (targetStart === undefined) {
      targetStart = 0;
    } else {
      targetStart = toInteger(targetStart, 0);
      if (targetStart < 0) throw outOfRange("targetStart", ">= 0", targetStart);
    }
    if (sourceStart === undefined) {
      sourceStart = 0;
    } else {
      sourceStart = toInteger(sourceStart, 0);
      if (sourceStart < 0 || sourceStart > this.length) {
        throw outOfRange("sourceStart", `>= 0 && <= ${this.length}`, sourceStart);
      }
    }
    if (sourceEnd === undefined) {
      sourceEnd = this.length;
    } else {
      sourceEnd = toInteger(sourceEnd, 0);
      if (sourceEnd < 0) throw outOfRange("sourceEnd", ">= 0", sourceEnd);
    }
    if (targetStart >= target.length || sourceStart >= sourceEnd) return 0;
    return copyActual(this, target, targetStart, sourceStart, sourceEnd);
  },

  /**
   * @this {Uint8Array}
   * @param {number} [start]
   * @param {number} [end]
   * @returns {Buf}
   */
  subarray(start, end) {
    const length = this.length;
    const from = adjustOffset(start, length);
    const to = end !== undefined ? adjustOffset(end, length) : length;
    return view(this.buffer, this.byteOffset + from, to > from ? to - from : 0);
  },

  /**
   * A view, as `subarray` (not a copy as Uint8Array's `slice`).
   * @this {Uint8Array}
   * @param {number} [start]
   * @param {number} [end]
   * @returns {Buf}
   */
  slice(start, end) {
    return methods.subarray.call(this, start, end);
  },

  /** @this {Uint8Array} */
  toJSON() {
    return { type: "Buffer", data: Array.from(this) };
  },

  /** @this {Uint8Array} */
  swap16() {
    return swap(this, 2, 16);
  },
  /** @this {Uint8Array} */
  swap32() {
    return swap(this, 4, 32);
  },
  /** @this {Uint8Array} */
  swap64() {
    return swap(this, 8, 64);
  },

  /**
   * What util.inspect shows: `<Buffer 61 62 … 12 more bytes>`.
   * @this {Uint8Array}
   */
  inspect() {
    const max = INSPECT_MAX_BYTES;
    const shown = Math.min(max, this.length);
    let text = decode(this, 0, shown, HEX)
      .replace(/(.{2})/g, "$1 ")
      .trim();
    const remaining = this.length - max;
    if (remaining > 0) text += ` ... ${remaining} more byte${remaining > 1 ? "s" : ""}`;
    return `<${this.constructor.name} ${text}>`;
  },

  readUInt8: reader(1, false, true),
  readUInt16LE: reader(2, false, true),
  readUInt16BE: reader(2, false, false),
  readUInt32LE: reader(4, false, true),
  readUInt32BE: reader(4, false, false),
  readInt8: reader(1, true, true),
  readInt16LE: reader(2, true, true),
  readInt16BE: reader(2, true, false),
  readInt32LE: reader(4, true, true),
  readInt32BE: reader(4, true, false),
  readUIntLE: variableReader(false, true),
  readUIntBE: variableReader(false, false),
  readIntLE: variableReader(true, true),
  readIntBE: variableReader(true, false),
  writeUInt8: intWriter(1, false, true),
  writeUInt16LE: intWriter(2, false, true),
  writeUInt16BE: intWriter(2, false, false),
  writeUInt32LE: intWriter(4, false, true),
  writeUInt32BE: intWriter(4, false, false),
  writeInt8: intWriter(1, true, true),
  writeInt16LE: intWriter(2, true, true),
  writeInt16BE: intWriter(2, true, false),
  writeInt32LE: intWriter(4, true, true),
  writeInt32BE: intWriter(4, true, false),
  writeUIntLE: variableWriter(false, true),
  writeUIntBE: variableWriter(false, false),
  writeIntLE: variableWriter(true, true),
  writeIntBE: variableWriter(true, false),
  readFloatLE: floatReader(float32, float32Bytes, true),
  readFloatBE: floatReader(float32, float32Bytes, false),
  readDoubleLE: floatReader(float64, float64Bytes, true),
  readDoubleBE: floatReader(float64, float64Bytes, false),
  writeFloatLE: floatWriter(float32, float32Bytes, true),
  writeFloatBE: floatWriter(float32, float32Bytes, false),
  writeDoubleLE: floatWriter(float64, float64Bytes, true),
  writeDoubleBE: floatWriter(float64, float64Bytes, false),

  /**
   * @this {Uint8Array}
   * @param {number} [offset]
   */
  readBigUInt64LE(offset = 0) {
    return readBigUnsigned(this, offset, true);
  },
  /**
   * @this {Uint8Array}
   * @param {number} [offset]
   */
  readBigUInt64BE(offset = 0) {
    return readBigUnsigned(this, offset, false);
  },
  /**
   * @this {Uint8Array}
   * @param {number} [offset]
   */
  readBigInt64LE(offset = 0) {
    return BigInt.asIntN(64, readBigUnsigned(this, offset, true));
  },
  /**
   * @this {Uint8Array}
   * @param {number} [offset]
   */
  readBigInt64BE(offset = 0) {
    return BigInt.asIntN(64, readBigUnsigned(this, offset, false));
  },
  /**
   * @this {Uint8Array}
   * @param {bigint} value
   * @param {number} [offset]
   */
  writeBigUInt64LE(value, offset = 0) {
    return writeBig(this, value, offset, false, true);
  },
  /**
   * @this {Uint8Array}
   * @param {bigint} value
   * @param {number} [offset]
   */
  writeBigUInt64BE(value, offset = 0) {
    return writeBig(this, value, offset, false, false);
  },
  /**
   * @this {Uint8Array}
   * @param {bigint} value
   * @param {number} [offset]
   */
  writeBigInt64LE(value, offset = 0) {
    return writeBig(this, value, offset, true, true);
  },
  /**
   * @this {Uint8Array}
   * @param {bigint} value
   * @param {number} [offset]
   */
  writeBigInt64BE(value, offset = 0) {
    return writeBig(this, value, offset, true, false);
  },

  asciiSlice: slicer(ASCII),
  base64Slice: slicer(BASE64),
  base64urlSlice: slicer(BASE64URL),
  latin1Slice: slicer(LATIN1),
  hexSlice: slicer(HEX),
  ucs2Slice: slicer(UTF16LE),
  utf8Slice: slicer(UTF8),
  asciiWrite: writer(ASCII),
  base64Write: writer(BASE64),
  base64urlWrite: writer(BASE64URL),
  latin1Write: writer(LATIN1),
  hexWrite: writer(HEX),
  ucs2Write: writer(UTF16LE),
  utf8Write: writer(UTF8),
};

// Node's lower-case aliases (readUint8 for readUInt8, …).
for (const name of Object.keys(methods)) {
  if (/UInt|BigUInt/.test(name)) {
    Object.defineProperty(methods, name.replace("UInt", "Uint"), {
      value: methods[/** @type {keyof typeof methods} */ (name)],
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
}

for (const [name, value] of Object.entries(methods)) {
  Object.defineProperty(FastBuffer.prototype, name, { value, writable: true, configurable: true });
}
/** @type {[string | symbol, unknown][]} */
const more = [
  ["toLocaleString", methods.toString],
  [Symbol.for("nodejs.util.inspect.custom"), methods.inspect],
];
for (const [name, value] of more) {
  Object.defineProperty(FastBuffer.prototype, name, { value, writable: true, configurable: true });
}
Object.defineProperty(FastBuffer.prototype, "parent", {
  get() {
    return this instanceof Buffer ? this.buffer : undefined;
  },
  enumerable: true,
  configurable: true,
});
Object.defineProperty(FastBuffer.prototype, "offset", {
  get() {
    return this instanceof Buffer ? this.byteOffset : undefined;
  },
  enumerable: true,
  configurable: true,
});

/**
 * The deprecated SlowBuffer: `Buffer.allocUnsafeSlow` as a constructor.
 * @param {number} size
 */
export function SlowBuffer(size) {
  validateNumber(size, "size", 0, kMaxLength);
  return create(size);
}
SlowBuffer.prototype = FastBuffer.prototype;
Object.setPrototypeOf(SlowBuffer, Uint8Array);

/**
 * Whether `input` is well-formed UTF-8.
 * @param {unknown} input
 */
export function isUtf8(input) {
  return isUtf8Native(bytesOfInput(input));
}

/**
 * Whether every byte of `input` is ASCII.
 * @param {unknown} input
 */
export function isAscii(input) {
  const bytes = bytesOfInput(input);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
  return true;
}

/**
 * The bytes of a TypedArray, DataView or ArrayBuffer, for isUtf8/isAscii.
 * @param {unknown} input
 */
function bytesOfInput(input) {
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (isAnyArrayBuffer(input)) return new Uint8Array(input);
  throw invalidArgType("input", ["ArrayBuffer", "Buffer", "TypedArray"], input);
}

/**
 * Re-encodes `source` from one encoding to another (utf8, utf16le/ucs2, latin1, ascii).
 * @param {Uint8Array} source
 * @param {string} fromEncoding
 * @param {string} toEncoding
 * @returns {Buf}
 */
export function transcode(source, fromEncoding, toEncoding) {
  if (!isUint8Array(source)) throw invalidArgType("source", ["Buffer", "Uint8Array"], source);
  if (source.length === 0) return create(0);
  const from = encodingOf(fromEncoding);
  const to = encodingOf(toEncoding);
  const textual = [UTF8, UTF16LE, LATIN1, ASCII];
  /** @param {string} code @param {number} errno */
  const fail = (code, errno) =>
    Object.assign(codedError(Error, code, `Unable to transcode Buffer [${code}]`), { errno });
  if (!textual.includes(from) || !textual.includes(to)) throw fail("U_ILLEGAL_ARGUMENT_ERROR", 1);
  // ICU refuses malformed input between UTF-8 and UTF-16, and replaces it otherwise.
  if (from === UTF8 && to === UTF16LE && !isUtf8Native(source)) throw fail("U_INVALID_CHAR_FOUND", 10);
  let text = decode(source, 0, source.length, from === ASCII ? LATIN1 : from);
  if (from === UTF16LE && /[\ud800-\udfff]/u.test(text)) {
    if (to === UTF8) throw fail("U_INVALID_CHAR_FOUND", 10);
    if (to === UTF16LE) text = text.replace(/[\ud800-\udfff]/gu, "\ufffd");
  }
  // ICU reads a byte above 0x7f as not ASCII, and writes "?" for what the target lacks.
  if (from === ASCII) text = text.replace(/[\x80-\xff]/g, "\ufffd");
  if (to === ASCII) text = text.replace(/[^\0-\x7f]/gu, "?");
  else if (to === LATIN1) text = text.replace(/[^\0-\xff]/gu, "?");
  return view(encode(text, to));
}

/**
 * Blob URLs are not kept by the platform: none resolves.
 * @param {string} _id
 */
export function resolveObjectURL(_id) {
  return undefined;
}

export { Blob, File, atob, btoa };

export default {
  Buffer,
  SlowBuffer,
  transcode,
  isUtf8,
  isAscii,
  kMaxLength,
  kStringMaxLength,
  btoa,
  atob,
  constants,
  get INSPECT_MAX_BYTES() {
    return INSPECT_MAX_BYTES;
  },
  set INSPECT_MAX_BYTES(value) {
    INSPECT_MAX_BYTES = value;
  },
  Blob,
  resolveObjectURL,
  File,
};
