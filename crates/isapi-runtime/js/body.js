// @ts-nocheck -- not yet typed: whoever next changes this file types it (JSDoc) and removes this line.
// What Request and Response share: the body and the ways to read it.
import { utf8Encode as encode, utf8Decode as decode } from "isapi:native/encoding";
import { ReadableStream } from "./streams.js";
import { URLSearchParams } from "./url.js";
import { bytesOf, concat } from "./util.js";

/** A body source: null, bytes, or a stream; plus the content type it implies. */
function extractBody(init) {
  if (init === null || init === undefined) return [null, null];
  if (typeof init === "string") return [encode(init), "text/plain;charset=UTF-8"];
  if (init instanceof URLSearchParams)
    return [encode(init.toString()), "application/x-www-form-urlencoded;charset=UTF-8"];
  if (init instanceof ReadableStream) return [init, null];
  if (init instanceof ArrayBuffer || ArrayBuffer.isView(init)) return [bytesOf(init), null];
  return [encode(String(init)), "text/plain;charset=UTF-8"];
}

/** What Request and Response share: the body and the ways to read it once. */
export class Body {
  #source = null;
  #used = false;
  _setBody(init, headers) {
    const [source, type] = extractBody(init);
    this.#source = source;
    if (type && !headers.has("content-type")) headers.set("content-type", type);
  }
  get body() {
    if (this.#source === null) return null;
    if (this.#source instanceof Uint8Array) {
      const bytes = this.#source;
      this.#source = new ReadableStream({
        start(controller) {
          if (bytes.length) controller.enqueue(bytes);
          controller.close();
        },
      });
    }
    return this.#source;
  }
  get bodyUsed() {
    return this.#used;
  }
  async bytes() {
    if (this.#used) throw new TypeError("the body was already read");
    this.#used = true;
    const source = this.#source;
    if (source === null) return new Uint8Array(0);
    if (source instanceof Uint8Array) return source;
    const chunks = [];
    for await (const chunk of source) chunks.push(typeof chunk === "string" ? encode(chunk) : bytesOf(chunk));
    return concat(chunks);
  }
  async arrayBuffer() {
    return (await this.bytes()).buffer;
  }
  async text() {
    return decode(await this.bytes(), false);
  }
  async json() {
    return JSON.parse(await this.text());
  }
  _cloneBody() {
    if (this.#used) throw new TypeError("the body was already read");
    if (this.#source instanceof ReadableStream)
      throw new TypeError("clone() of a streamed body is not supported");
    return this.#source;
  }
}
