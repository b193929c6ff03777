// node:querystring — Node's own query-string format (not URLSearchParams'): `+` and
// percent-decoding that never throws, repeated keys as arrays, custom separators, maxKeys.
import { utf8Decode, utf8Encode } from "isapi:native/encoding";
import { codedError } from "./internal/errors.js";

/**
 * Percent-encoding of `text` (UTF-8) leaving Node's unreserved set: A-Z a-z 0-9 - _ . ! ~ * ' ( ).
 * @param {unknown} value
 */
export function escape(value) {
  const text = typeof value === "string" ? value : typeof value === "object" ? String(value) : `${value}`;
  try {
    return encodeURIComponent(text);
  } catch {
    throw codedError(URIError, "ERR_INVALID_URI", "URI malformed");
  }
}

/** @param {number} c */
const hexValue = (c) => {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
};

/**
 * The bytes of `text` with each valid `%XX` decoded (others kept as written) and, with
 * `decodeSpaces`, `+` as a space.
 * @param {unknown} value
 * @param {boolean} [decodeSpaces]
 */
export function unescapeBuffer(value, decodeSpaces = false) {
  const bytes = utf8Encode(String(value));
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x2b && decodeSpaces) {
      out[n++] = 0x20;
      continue;
    }
    if (b === 0x25 && i + 2 < bytes.length) {
      const high = hexValue(bytes[i + 1]);
      const low = hexValue(bytes[i + 2]);
      if (high >= 0 && low >= 0) {
        out[n++] = high * 16 + low;
        i += 2;
        continue;
      }
    }
    out[n++] = b;
  }
  return out.subarray(0, n);
}

/**
 * decodeURIComponent, or where that fails (a malformed escape), a lenient decoding that
 * keeps what is not a valid escape.
 * @param {unknown} value
 * @param {boolean} [decodeSpaces]
 */
export function unescape(value, decodeSpaces = false) {
  try {
    return decodeURIComponent(/** @type {string} */ (value));
  } catch {
    return utf8Decode(unescapeBuffer(value, decodeSpaces), false);
  }
}

/** @param {unknown} value */
function primitive(value) {
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? `${value}` : "";
  if (typeof value === "bigint") return `${value}`;
  if (typeof value === "boolean") return value ? "true" : "false";
  return "";
}

/**
 * @param {unknown} object
 * @param {string} [sep]
 * @param {string} [eq]
 * @param {{ encodeURIComponent?: (text: string) => string }} [options]
 */
export function stringify(object, sep, eq, options) {
  sep ||= "&";
  eq ||= "=";
  /** @type {(text: string) => string} */
  const encode = typeof options?.encodeURIComponent === "function" ? options.encodeURIComponent : escape;
  if (object === null || typeof object !== "object") return "";
  const fields = [];
  for (const key of Object.keys(object)) {
    const value = /** @type {Record<string, unknown>} */ (object)[key];
    const prefix = `${encode(primitive(key))}${eq}`;
    if (Array.isArray(value)) {
      for (const item of value) fields.push(`${prefix}${encode(primitive(item))}`);
    } else {
      fields.push(`${prefix}${encode(primitive(value))}`);
    }
  }
  return fields.join(sep);
}

/**
 * @param {unknown} text
 * @param {string} [sep]
 * @param {string} [eq]
 * @param {{ maxKeys?: number, decodeURIComponent?: (text: string) => string }} [options]
 */
export function parse(text, sep, eq, options) {
  /** @type {Record<string, string | string[]>} */
  const result = Object.create(null);
  if (typeof text !== "string" || text.length === 0) return result;
  const separator = sep ? String(sep) : "&";
  const equals = eq ? String(eq) : "=";
  let maxKeys = 1000;
  if (options && typeof options.maxKeys === "number") maxKeys = options.maxKeys;
  const custom = typeof options?.decodeURIComponent === "function" ? options.decodeURIComponent : undefined;
  /** @param {string} part */
  const decode = (part) => {
    const spaced = part.includes("+") ? part.replace(/\+/g, " ") : part;
    if (!custom && !spaced.includes("%")) return spaced;
    try {
      return (custom ?? unescape)(spaced);
    } catch {
      return unescape(spaced, true);
    }
  };
  let parts = text.split(separator);
  if (maxKeys > 0 && parts.length > maxKeys) parts = parts.slice(0, maxKeys);
  for (const part of parts) {
    if (part.length === 0) continue;
    const at = part.indexOf(equals);
    const key = decode(at >= 0 ? part.slice(0, at) : part);
    const value = at >= 0 ? decode(part.slice(at + equals.length)) : "";
    const existing = result[key];
    if (existing === undefined) result[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else result[key] = [existing, value];
  }
  return result;
}

export const decode = parse;
export const encode = stringify;

export default { unescapeBuffer, unescape, escape, stringify, encode, parse, decode };
