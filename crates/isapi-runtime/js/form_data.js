// FormData (XHR standard) and its multipart/form-data encoding (HTML standard).
import { utf8Encode } from "isapi:native/encoding";
import { bytes as randomBytes } from "isapi:native/random";
import { Blob, File, bytesOfBlob, usv } from "./blob.js";
import { defineCloneable } from "./structured_clone.js";
import { concat } from "./util.js";

/** @typedef {[string, string | File]} Entry */

/**
 * An entry as the standard makes it: a Blob becomes a File (named "blob" unless
 * `filename` says otherwise).
 * @param {unknown} name
 * @param {unknown} value
 * @param {unknown} filename
 * @returns {Entry}
 */
function entry(name, value, filename) {
  const key = usv(name);
  if (!(value instanceof Blob)) return [key, usv(value)];
  if (value instanceof File && filename === undefined) return [key, value];
  const fileName = filename !== undefined ? usv(filename) : value instanceof File ? value.name : "blob";
  /** @type {{ type: string, lastModified?: number }} */
  const options = { type: value.type };
  if (value instanceof File) options.lastModified = value.lastModified;
  return [key, new File([value], fileName, options)];
}

/**
 * Checks the arguments of append/set: a filename only with a Blob.
 * @param {number} count
 * @param {unknown} value
 * @param {string} method
 */
function checkArguments(count, value, method) {
  if (count < 2) throw new TypeError(`FormData.${method} needs a name and a value`);
  if (count > 2 && !(value instanceof Blob))
    throw new TypeError(`FormData.${method}: a filename is allowed only with a Blob value`);
}

/** @type {(form: FormData) => Entry[]} */
let entriesOf;

export class FormData {
  /** @type {Entry[]} */
  #entries = [];

  static {
    entriesOf = (form) => form.#entries;
  }

  /** @param {unknown} [form] a form element, which a server has none of */
  constructor(form = undefined) {
    if (form !== undefined) throw new TypeError("FormData takes no form element here");
  }

  /**
   * @param {string} name
   * @param {string | Blob} value
   * @param {string} [filename]
   */
  append(name, value, filename = undefined) {
    checkArguments(arguments.length, value, "append");
    this.#entries.push(entry(name, value, filename));
  }

  /**
   * @param {string} name
   * @param {string | Blob} value
   * @param {string} [filename]
   */
  set(name, value, filename = undefined) {
    checkArguments(arguments.length, value, "set");
    const replacement = entry(name, value, filename);
    const index = this.#entries.findIndex(([k]) => k === replacement[0]);
    if (index < 0) this.#entries.push(replacement);
    else {
      this.#entries[index] = replacement;
      this.#entries = this.#entries.filter(([k], i) => i <= index || k !== replacement[0]);
    }
  }

  /** @param {string} name */
  delete(name) {
    if (arguments.length < 1) throw new TypeError("FormData.delete needs a name");
    const key = usv(name);
    this.#entries = this.#entries.filter(([k]) => k !== key);
  }

  /** @param {string} name */
  get(name) {
    if (arguments.length < 1) throw new TypeError("FormData.get needs a name");
    const key = usv(name);
    return this.#entries.find(([k]) => k === key)?.[1] ?? null;
  }

  /** @param {string} name */
  getAll(name) {
    if (arguments.length < 1) throw new TypeError("FormData.getAll needs a name");
    const key = usv(name);
    return this.#entries.filter(([k]) => k === key).map(([, v]) => v);
  }

  /** @param {string} name */
  has(name) {
    if (arguments.length < 1) throw new TypeError("FormData.has needs a name");
    const key = usv(name);
    return this.#entries.some(([k]) => k === key);
  }

  /**
   * @param {(value: string | File, name: string, form: FormData) => void} callback
   * @param {unknown} [thisArg]
   */
  forEach(callback, thisArg = undefined) {
    if (typeof callback !== "function") throw new TypeError("FormData.forEach needs a function");
    // By index: entries added while iterating are visited, as the standard's iterator does.
    for (let i = 0; i < this.#entries.length; i++) {
      const [name, value] = this.#entries[i];
      callback.call(thisArg, value, name, this);
    }
  }

  entries() {
    return new FormDataIterator(this, "entries");
  }

  keys() {
    return new FormDataIterator(this, "keys");
  }

  values() {
    return new FormDataIterator(this, "values");
  }
}

// WebIDL: the default iterator is the same function as entries.
Object.defineProperty(FormData.prototype, Symbol.iterator, {
  value: FormData.prototype.entries,
  writable: true,
  configurable: true,
});
Object.defineProperty(FormData.prototype, Symbol.toStringTag, { value: "FormData", configurable: true });

// FormData is not serializable: structuredClone of one is a DataCloneError.
defineCloneable({ test: (value) => value instanceof FormData });

/** The standard's live iterator: it sees entries added or removed while it runs. */
class FormDataIterator {
  #form;
  #kind;
  #index = 0;

  /**
   * @param {FormData} form
   * @param {"entries" | "keys" | "values"} kind
   */
  constructor(form, kind) {
    this.#form = form;
    this.#kind = kind;
  }

  /** @returns {IteratorResult<Entry | string | File, undefined>} */
  next() {
    const entries = entriesOf(this.#form);
    if (this.#index >= entries.length) return { value: undefined, done: true };
    const [name, value] = entries[this.#index++];
    const result = this.#kind === "keys" ? name : this.#kind === "values" ? value : [name, value];
    return { value: /** @type {Entry | string | File} */ (result), done: false };
  }

  [Symbol.iterator]() {
    return this;
  }
}

Object.setPrototypeOf(
  FormDataIterator.prototype,
  Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())),
);
Object.defineProperty(FormDataIterator.prototype, Symbol.toStringTag, {
  value: "FormData Iterator",
  configurable: true,
});

/**
 * `text` with LF, CR and `"` escaped as HTML's multipart encoding writes them in names
 * and filenames (nothing else, not even `%`, so parsing cannot undo it).
 * @param {string} text
 */
function escape(text) {
  return text.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");
}

/**
 * Every lone CR or LF made CRLF (entry names and string values).
 * @param {string} text
 */
function crlf(text) {
  return text.replace(/\r\n|\r|\n/g, "\r\n");
}

/**
 * The multipart/form-data encoding of `form`: `[bytes, contentType]`, with a random boundary.
 * @param {FormData} form
 * @returns {[Uint8Array, string]}
 */
export function encodeMultipart(form) {
  const boundary =
    "----isapi-formdata-" + Array.from(randomBytes(12), (b) => b.toString(16).padStart(2, "0")).join("");
  /** @type {Uint8Array[]} */
  const chunks = [];
  for (const [name, value] of entriesOf(form)) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escape(crlf(name))}"`;
    if (typeof value === "string") {
      chunks.push(utf8Encode(`${head}\r\n\r\n${crlf(value)}\r\n`));
      continue;
    }
    head += `; filename="${escape(value.name)}"\r\nContent-Type: ${value.type || "application/octet-stream"}\r\n\r\n`;
    chunks.push(utf8Encode(head), bytesOfBlob(value), utf8Encode("\r\n"));
  }
  chunks.push(utf8Encode(`--${boundary}--\r\n`));
  return [concat(chunks), `multipart/form-data; boundary=${boundary}`];
}
