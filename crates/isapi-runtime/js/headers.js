// @ts-nocheck -- not yet typed: whoever next changes this file types it (JSDoc) and removes this line.
// Headers (Fetch standard).

export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export class Headers {
  #entries = [];
  constructor(init) {
    if (init instanceof Headers) init = init.entries();
    else if (init && typeof init === "object" && typeof init[Symbol.iterator] !== "function")
      init = Object.entries(init);
    for (const [name, value] of init ?? []) this.append(name, value);
  }
  static #check(name, value) {
    if (!TOKEN.test(name)) throw new TypeError(`invalid header name ${JSON.stringify(name)}`);
    if (/[\r\n\0]/.test(value)) throw new TypeError(`invalid value for header ${name}`);
  }
  append(name, value) {
    name = String(name);
    value = String(value).trim();
    Headers.#check(name, value);
    this.#entries.push([name.toLowerCase(), value]);
  }
  set(name, value) {
    this.delete(name);
    this.append(name, value);
  }
  delete(name) {
    const n = String(name).toLowerCase();
    this.#entries = this.#entries.filter(([k]) => k !== n);
  }
  get(name) {
    const n = String(name).toLowerCase();
    const values = this.#entries.filter(([k]) => k === n).map(([, v]) => v);
    return values.length ? values.join(", ") : null;
  }
  getSetCookie() {
    return this.#entries.filter(([k]) => k === "set-cookie").map(([, v]) => v);
  }
  has(name) {
    return this.get(name) !== null;
  }
  // Sorted and combined, as the standard iterates (set-cookie stays separate).
  #combined() {
    const names = [...new Set(this.#entries.map(([k]) => k))].sort();
    return names.flatMap((n) =>
      n === "set-cookie" ? this.getSetCookie().map((v) => [n, v]) : [[n, this.get(n)]],
    );
  }
  *entries() {
    yield* this.#combined();
  }
  *keys() {
    for (const [k] of this.#combined()) yield k;
  }
  *values() {
    for (const [, v] of this.#combined()) yield v;
  }
  forEach(callback, thisArg) {
    for (const [k, v] of this.#combined()) callback.call(thisArg, v, k, this);
  }
  [Symbol.iterator]() {
    return this.entries();
  }
}
