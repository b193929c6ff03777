// What Web IDL does for the platform's classes: argument conversions (USVString,
// dictionaries, required arguments), the pair iterators of `iterable<K, V>` with their
// `forEach`, and the `Symbol.toStringTag` of interfaces.

/**
 * The USVString conversion: ToString (a Symbol throws a TypeError), lone surrogates
 * replaced by U+FFFD.
 * @param {unknown} value
 */
export function usv(value) {
  return `${value}`.toWellFormed();
}

/**
 * The ByteString-less DOMString conversion: ToString, a Symbol throws a TypeError.
 * @param {unknown} value
 */
export function string(value) {
  return `${value}`;
}

/**
 * A dictionary argument: undefined and null are empty, anything else but an object is a
 * TypeError.
 * @param {unknown} value
 * @param {string} what
 * @returns {Record<string, unknown>}
 */
export function dictionary(value, what) {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" && typeof value !== "function")
    throw new TypeError(`The "${what}" argument must be of type object`);
  return /** @type {Record<string, unknown>} */ (value);
}

/**
 * Throws the TypeError of a call with fewer than `needed` arguments.
 * @param {number} given
 * @param {number} needed
 * @param {string} what
 */
export function required(given, needed, what) {
  if (given < needed)
    throw new TypeError(
      `${what}: ${needed} argument${needed > 1 ? "s" : ""} required, but only ${given} present`,
    );
}

/**
 * Sets an interface's `Symbol.toStringTag`, as Web IDL does (not writable, configurable).
 * @param {Function} constructor
 * @param {string} [tag]
 */
export function tag(constructor, tag = constructor.name) {
  Object.defineProperty(constructor.prototype, Symbol.toStringTag, { value: tag, configurable: true });
}

const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

/** @typedef {"key" | "value" | "key+value"} Kind */

/**
 * Gives `constructor` the members of Web IDL's `iterable<K, V>`: `entries`, `keys`,
 * `values`, `forEach` and `@@iterator` (= `entries`), over the pairs `pairs(object)`
 * gives, read afresh at every step so that changes while iterating show as the standard
 * says.
 * @template {object} T
 * @param {{ prototype: T, name: string }} constructor
 * @param {(object: T) => ReadonlyArray<readonly [string, string]>} pairs (throws for objects not of the class)
 */
export function iterable(constructor, pairs) {
  /** @type {WeakMap<object, { target: T, kind: Kind, index: number }>} */
  const states = new WeakMap();
  const prototype = Object.create(IteratorPrototype);
  Object.defineProperty(prototype, "next", {
    writable: true,
    configurable: true,
    value: function next() {
      const state = states.get(this);
      if (!state)
        throw new TypeError(`next method called on an object that is not a ${constructor.name} Iterator`);
      const list = pairs(state.target);
      if (state.index >= list.length) return { value: undefined, done: true };
      const [key, value] = list[state.index++];
      return {
        value: state.kind === "key" ? key : state.kind === "value" ? value : [key, value],
        done: false,
      };
    },
  });
  Object.defineProperty(prototype, Symbol.toStringTag, {
    value: `${constructor.name} Iterator`,
    configurable: true,
  });
  /**
   * @param {T} target
   * @param {Kind} kind
   */
  const iterator = (target, kind) => {
    pairs(target); // the brand check
    const it = Object.create(prototype);
    states.set(it, { target, kind, index: 0 });
    return it;
  };
  /** @type {PropertyDescriptorMap} */
  const members = {
    entries: {
      value: function entries() {
        return iterator(/** @type {T} */ (this), "key+value");
      },
    },
    keys: {
      value: function keys() {
        return iterator(/** @type {T} */ (this), "key");
      },
    },
    values: {
      value: function values() {
        return iterator(/** @type {T} */ (this), "value");
      },
    },
    forEach: {
      /**
       * @param {(value: string, key: string, parent: T) => void} callback
       * @param {unknown} [thisArg]
       */
      value: function forEach(callback, thisArg = undefined) {
        const target = /** @type {T} */ (this);
        let list = pairs(target);
        if (typeof callback !== "function")
          throw new TypeError(`${constructor.name}.forEach: the callback is not a function`);
        for (let index = 0; index < list.length; index++) {
          const [key, value] = list[index];
          callback.call(thisArg, value, key, target);
          list = pairs(target);
        }
      },
    },
  };
  for (const member of Object.values(members))
    Object.assign(member, { writable: true, enumerable: true, configurable: true });
  Object.defineProperties(constructor.prototype, members);
  Object.defineProperty(constructor.prototype, Symbol.iterator, {
    value: /** @type {any} */ (constructor.prototype).entries,
    writable: true,
    configurable: true,
  });
}

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

/**
 * Gives a class the look Node's util.inspect (so console.log) gives its instances:
 * `Name { field: value, … }`, where `shape` picks the fields (a plain object) or writes
 * the whole text (a string). It is Node's custom-inspect hook, which receives `inspect`
 * as its third argument, so no web module loads node:util; non-enumerable on the
 * prototype like any method, and symbol-keyed, so it is not one of the interface's members.
 * Node's classes differ past the depth limit (`deep`: what they show there, or "ignore" to
 * show the fields with the options' depth) and in the depth their fields get (`inner`: 1
 * when one level less than the options').
 * @template T
 * @param {{ prototype: T, name: string }} constructor
 * @param {(object: T, depth: number, options: object, inspect: (value: unknown, options: object) => string) => object | string} shape
 * @param {{ name?: string, deep?: "{}" | "[]" | "ignore" | "undefined", inner?: number }} [how]
 *   name: the name shown (default: the object's constructor's, as Node shows subclasses)
 */
export function inspectAs(constructor, shape, how = {}) {
  const { name, deep = "[]", inner = 0 } = how;
  Object.defineProperty(constructor.prototype, inspectCustom, {
    /**
     * @this {T}
     * @param {number} depth
     * @param {{ depth?: number | null }} options
     * @param {(value: unknown, options: object) => string} inspect
     */
    value(depth, options, inspect) {
      /** @type {object | string} */
      let shown;
      try {
        shown = shape(this, depth, options, inspect);
      } catch {
        // Not a real instance (the prototype itself): the ordinary view.
        return this;
      }
      if (typeof shown === "string") return shown;
      const label = name ?? /** @type {any} */ (this).constructor?.name ?? constructor.name;
      if (depth < 0 && deep !== "ignore") {
        if (deep === "undefined") return undefined;
        return deep === "{}" ? `${label} {}` : `[${label || constructor.name}]`;
      }
      const whole = options.depth;
      const text = inspect(shown, { ...options, depth: typeof whole === "number" ? whole - inner : whole });
      return label ? `${label} ${text}` : text;
    },
    writable: true,
    configurable: true,
  });
}
