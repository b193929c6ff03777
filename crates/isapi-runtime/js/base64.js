// atob and btoa (HTML §8.3): Latin-1 strings to and from base64, "forgiving-base64" in
// decoding (ASCII whitespace skipped, padding optional).
import { DOMException } from "./dom_exception.js";
import { requireArgs } from "./events.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** @param {string} data */
export function btoa(data) {
  requireArgs(arguments, 1, "btoa");
  const text = String(data);
  let out = "";
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i);
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) : 0;
    if (a > 0xff || b > 0xff || c > 0xff)
      throw new DOMException("Invalid character", "InvalidCharacterError");
    out += ALPHABET[a >> 2] + ALPHABET[((a & 3) << 4) | (b >> 4)];
    out += i + 1 < text.length ? ALPHABET[((b & 15) << 2) | (c >> 6)] : "=";
    out += i + 2 < text.length ? ALPHABET[c & 63] : "=";
  }
  return out;
}

/** @param {string} data */
export function atob(data) {
  requireArgs(arguments, 1, "atob");
  let text = String(data).replace(/[\t\n\f\r ]/g, "");
  if (text.length % 4 === 0) text = text.replace(/==?$/, "");
  const invalid = () =>
    new DOMException("The string to be decoded is not correctly encoded.", "InvalidCharacterError");
  if (text.length % 4 === 1) throw invalid();
  let out = "";
  let bits = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? VALUES[code] : -1;
    if (value < 0) throw invalid();
    bits = (bits << 6) | value;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += String.fromCharCode((bits >> count) & 0xff);
    }
  }
  return out;
}
