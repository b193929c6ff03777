// FormData (XHR standard) and its multipart/form-data encoding (HTML standard).
import { utf8Encode } from "isapi:native/encoding";
import { bytes as randomBytes } from "isapi:native/random";
import { Blob, File, bytesOfBlob } from "./blob.js";
import { offer } from "./on_demand.js";
import { defineCloneable } from "./structured_clone.js";
import { concat } from "./util.js";
import { inspectAs, iterable, tag, usv } from "./webidl.js";

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
}

// Web IDL's `iterable<USVString, FormDataEntryValue>`: live iterators and forEach.
iterable(FormData, (form) => /** @type {any} */ (entriesOf(/** @type {FormData} */ (form))));
tag(FormData);
// Node shows a name given more than once with the list of its values.
inspectAs(
  FormData,
  (form) => {
    /** @type {Record<string, unknown>} */
    const shown = {};
    for (const [name, value] of entriesOf(form)) {
      const seen = shown[name];
      if (!Object.hasOwn(shown, name)) shown[name] = value;
      else if (Array.isArray(seen)) seen.push(value);
      else shown[name] = [seen, value];
    }
    return shown;
  },
  { deep: "ignore" },
);

// FormData is not serializable: structuredClone of one is a DataCloneError.
defineCloneable({ test: (value) => value instanceof FormData });

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

offer("form_data.js", { FormData, encodeMultipart });
