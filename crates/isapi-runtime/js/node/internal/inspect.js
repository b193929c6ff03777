// util.inspect and util.format: values shown as Node 20 shows them (what console.log
// prints under Node, and what many packages print or compare). Layout follows Node's
// documented rules: `compact` 3 keeps up to three inner levels on one line when it fits
// in `breakLength` (80), arrays of more than six short items are grouped in columns,
// circular references are `[Circular *n]` with `<ref *n>` on their target.
import { promiseState, isProxy, proxyParts } from "isapi:native/node_util";
import * as types from "./types.js";

export const customInspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/**
 * @typedef {{
 *   showHidden: boolean, depth: number, colors: boolean, customInspect: boolean,
 *   showProxy: boolean, maxArrayLength: number, maxStringLength: number,
 *   breakLength: number, compact: number | boolean, sorted: boolean | ((a: string, b: string) => number),
 *   getters: boolean | "get" | "set", numericSeparator: boolean,
 * }} InspectOptions
 */

/** @type {InspectOptions} */
export const defaultOptions = {
  showHidden: false,
  depth: 2,
  colors: false,
  customInspect: true,
  showProxy: false,
  maxArrayLength: 100,
  maxStringLength: 10000,
  breakLength: 80,
  compact: 3,
  sorted: false,
  getters: false,
  numericSeparator: false,
};

/**
 * @typedef {InspectOptions & {
 *   seen: object[], circular: Map<object, number>, indentationLvl: number,
 *   currentDepth: number, budget: Record<string, number>, stylize: (s: string, style: string) => string,
 *   userOptions?: object,
 * }} Context
 */

const styles = /** @type {Record<string, string>} */ ({
  special: "cyan",
  number: "yellow",
  bigint: "yellow",
  boolean: "yellow",
  undefined: "grey",
  null: "bold",
  string: "green",
  symbol: "green",
  date: "magenta",
  regexp: "red",
  module: "underline",
});
const colorCodes = /** @type {Record<string, [number, number]>} */ ({
  bold: [1, 22],
  italic: [3, 23],
  underline: [4, 24],
  inverse: [7, 27],
  white: [37, 39],
  grey: [90, 39],
  black: [30, 39],
  blue: [34, 39],
  cyan: [36, 39],
  green: [32, 39],
  magenta: [35, 39],
  red: [31, 39],
  yellow: [33, 39],
});

/** @param {string} text @param {string} style */
function stylizeWithColor(text, style) {
  const color = styles[style];
  const codes = color === undefined ? undefined : colorCodes[color];
  return codes ? `\u001b[${codes[0]}m${text}\u001b[${codes[1]}m` : text;
}

/** @param {string} text */
function stylizeNoColor(text) {
  return text;
}

/**
 * @param {unknown} value
 * @param {boolean | Partial<InspectOptions>} [options]
 * @returns {string}
 */
export function inspect(value, options = undefined) {
  /** @type {Context} */
  const ctx = {
    ...defaultOptions,
    seen: [],
    circular: new Map(),
    indentationLvl: 0,
    currentDepth: 0,
    budget: {},
    stylize: stylizeNoColor,
  };
  if (arguments.length > 1) {
    // Legacy signature: inspect(value, showHidden, depth, colors).
    if (typeof options === "boolean") {
      ctx.showHidden = options;
      if (arguments.length > 2 && arguments[2] !== undefined) ctx.depth = arguments[2];
      if (arguments.length > 3 && arguments[3] !== undefined) ctx.colors = arguments[3];
    } else if (options !== null && typeof options === "object") {
      for (const key of Object.keys(options)) {
        if (Object.hasOwn(defaultOptions, key) || key === "stylize") {
          /** @type {any} */ (ctx)[key] = /** @type {any} */ (options)[key];
        }
      }
      ctx.userOptions = options;
    }
  }
  if (ctx.depth === null) ctx.depth = Infinity;
  if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
  if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
  if (ctx.colors) ctx.stylize = stylizeWithColor;
  return formatValue(ctx, value, 0, true);
}
inspect.custom = customInspectSymbol;
inspect.defaultOptions = defaultOptions;
inspect.colors = colorCodes;
inspect.styles = styles;

/** Characters escaped in strings: control characters, the quote, the backslash. */
// eslint-disable-next-line no-control-regex
const escapeNeeded =
  /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** @param {number} code */
function escapeChar(code) {
  switch (code) {
    case 8:
      return "\\b";
    case 9:
      return "\\t";
    case 10:
      return "\\n";
    case 12:
      return "\\f";
    case 13:
      return "\\r";
    case 92:
      return "\\\\";
  }
  if (code >= 0xd800 && code <= 0xdfff) return `\\u${code.toString(16)}`;
  return `\\x${code.toString(16).toUpperCase().padStart(2, "0")}`;
}

/**
 * A string in quotes, as Node writes it: single quotes unless the text has some and no
 * double quotes (then double), or has both and no backticks (then backticks).
 * @param {string} text
 */
export function quote(text) {
  let q = "'";
  if (text.includes("'")) {
    if (!text.includes('"')) q = '"';
    else if (!text.includes("`") && !text.includes("${")) q = "`";
  }
  if (!escapeNeeded.test(text) && !(q === "'" && text.includes("'"))) return `${q}${text}${q}`;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i];
    if (ch === q || (q === "'" && ch === "'")) out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f || code === 92 || (code >= 0x80 && code <= 0x9f)) {
      out += escapeChar(code);
    } else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + text[i + 1];
        i++;
      } else out += escapeChar(code);
    } else if (code >= 0xdc00 && code <= 0xdfff) out += escapeChar(code);
    else out += ch;
  }
  return `${q}${out}${q}`;
}

const identifier = /^[a-zA-Z_][a-zA-Z_0-9]*$/;

/**
 * @param {Context} ctx
 * @param {number} n
 */
function formatNumber(ctx, n) {
  // With separators Node prints -0 as 0 (its integer part's text).
  if (Object.is(n, -0)) return ctx.stylize(ctx.numericSeparator ? "0" : "-0", "number");
  const text = `${n}`;
  if (!ctx.numericSeparator || !Number.isFinite(n) || text.includes("e")) return ctx.stylize(text, "number");
  const integer = `${Math.trunc(n)}`;
  if (Number.isInteger(n)) return ctx.stylize(groupDigits(integer), "number");
  // The fraction is grouped from its start: 1_234.567_8.
  const fraction = text.slice(text.indexOf(".") + 1).replace(/(\d{3})(?=\d)/g, "$1_");
  return ctx.stylize(`${groupDigits(integer === "0" && n < 0 ? "-0" : integer)}.${fraction}`, "number");
}

/** `1234567` as `1_234_567` (a sign kept in front). @param {string} digits */
function groupDigits(digits) {
  const sign = digits.startsWith("-") ? "-" : "";
  const body = sign ? digits.slice(1) : digits;
  return body.length < 4 ? digits : sign + body.replace(/\B(?=(\d{3})+(?!\d))/g, "_");
}

/**
 * @param {Context} ctx
 * @param {unknown} value
 * @param {boolean} top
 */
function formatPrimitive(ctx, value, top) {
  switch (typeof value) {
    case "string": {
      let text = value;
      let trailer = "";
      if (text.length > ctx.maxStringLength) {
        const remaining = text.length - ctx.maxStringLength;
        text = text.slice(0, ctx.maxStringLength);
        trailer = `... ${remaining} more character${remaining > 1 ? "s" : ""}`;
      }
      // Long strings inside objects break after each newline, the parts joined by `+`.
      if (
        ctx.compact !== true &&
        !top &&
        text.length > 16 &&
        text.length > ctx.breakLength - ctx.indentationLvl - 4
      ) {
        const lines = text.split(/(?<=\n)/);
        if (lines.length > 1) {
          return (
            lines
              .map((line) => ctx.stylize(quote(line), "string"))
              .join(` +\n${" ".repeat(ctx.indentationLvl + 2)}`) + trailer
          );
        }
      }
      return ctx.stylize(quote(text), "string") + trailer;
    }
    case "number":
      return formatNumber(ctx, value);
    case "bigint":
      return ctx.stylize(`${ctx.numericSeparator ? groupDigits(`${value}`) : value}n`, "bigint");
    case "boolean":
      return ctx.stylize(`${value}`, "boolean");
    case "undefined":
      return ctx.stylize("undefined", "undefined");
    case "symbol":
      return ctx.stylize(value.toString(), "symbol");
  }
  return ctx.stylize("null", "null");
}

/**
 * @param {Context} ctx
 * @param {unknown} value
 * @param {number} depth how deep `value` is (0 at the top)
 * @param {boolean} [top]
 * @returns {string}
 */
function formatValue(ctx, value, depth, top = false) {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) {
    return formatPrimitive(ctx, value, top);
  }
  const object = /** @type {Record<string | symbol, any>} */ (value);
  const parts = proxyParts(object);
  if (parts !== undefined) {
    if (parts[0] === null) return ctx.stylize("<Revoked Proxy>", "special");
    if (ctx.showProxy) {
      if (depth > ctx.depth) return ctx.stylize("Proxy [Array]", "special");
      ctx.indentationLvl += 2;
      const shown = [formatValue(ctx, parts[0], depth + 1), formatValue(ctx, parts[1], depth + 1)];
      ctx.indentationLvl -= 2;
      return layout(ctx, shown, "", ["Proxy [", "]"], kArrayExtras, depth + 1, undefined);
    }
  }
  if (ctx.customInspect) {
    let custom;
    try {
      custom = object[customInspectSymbol];
    } catch {
      custom = undefined;
    }
    if (typeof custom === "function" && custom !== inspect) {
      // As Node: the levels left as the argument, the options (user's first) with the whole depth.
      const options = { ...pickOptions(ctx), ...ctx.userOptions };
      const levels = ctx.depth === Infinity && options.depth === null ? null : ctx.depth - depth;
      const result = custom.call(object, levels, options, inspect);
      if (result !== object) {
        if (typeof result !== "string") return formatValue(ctx, result, depth);
        return result.replaceAll("\n", `\n${" ".repeat(ctx.indentationLvl)}`);
      }
    }
  }
  if (ctx.seen.includes(object)) {
    let index = ctx.circular.get(object);
    if (index === undefined) {
      index = ctx.circular.size + 1;
      ctx.circular.set(object, index);
    }
    return ctx.stylize(`[Circular *${index}]`, "special");
  }
  return formatRaw(ctx, object, depth);
}

/** @param {Context} ctx */
function pickOptions(ctx) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const key of Object.keys(defaultOptions)) out[key] = /** @type {any} */ (ctx)[key];
  out.stylize = ctx.stylize;
  return out;
}

/**
 * The name of the nearest constructor on `object`'s prototype chain, or null.
 * @param {object} object
 */
function constructorName(object) {
  /** @type {object | null} */
  let proto = object;
  while (proto !== null) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, "constructor");
    if (
      descriptor !== undefined &&
      typeof descriptor.value === "function" &&
      descriptor.value.name !== "" &&
      isInstance(object, descriptor.value)
    ) {
      return /** @type {string} */ (descriptor.value.name);
    }
    proto = Object.getPrototypeOf(proto);
  }
  return null;
}

/** @param {object} object @param {Function} ctor */
function isInstance(object, ctor) {
  try {
    return object instanceof ctor;
  } catch {
    return false;
  }
}

/**
 * `Foo [tag] ` / `[Object: null prototype] ` before braces.
 * @param {string | null} ctor
 * @param {string} tag
 * @param {string} fallback
 * @param {string} [size]
 */
function prefix(ctor, tag, fallback, size = "") {
  if (ctor === null) {
    if (tag !== "" && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
    return `[${fallback}${size}: null prototype] `;
  }
  if (tag !== "" && ctor !== tag) return `${ctor}${size} [${tag}] `;
  return `${ctor}${size} `;
}

/**
 * The own keys shown: enumerable strings and symbols (all of them with showHidden).
 * @param {object} object
 * @param {boolean} showHidden
 * @returns {(string | symbol)[]}
 */
function keysOf(object, showHidden) {
  const symbols = Object.getOwnPropertySymbols(object);
  if (showHidden) return [...Object.getOwnPropertyNames(object), ...symbols];
  const keys = /** @type {(string | symbol)[]} */ (Object.keys(object));
  for (const symbol of symbols) {
    if (Object.prototype.propertyIsEnumerable.call(object, symbol)) keys.push(symbol);
  }
  return keys;
}

const kObject = 0;
const kArrayExtras = 1;

/**
 * @param {Context} ctx
 * @param {Record<string | symbol, any>} value
 * @param {number} depth
 * @returns {string}
 */
function formatRaw(ctx, value, depth) {
  const ctor = constructorName(value);
  let tag = "";
  try {
    const t = value[Symbol.toStringTag];
    // Only a tag that is not an own enumerable property (that one is listed anyway).
    if (
      typeof t === "string" &&
      t !== "" &&
      !(
        ctx.showHidden
          ? Object.hasOwn
          : Object.prototype.propertyIsEnumerable.call.bind(Object.prototype.propertyIsEnumerable)
      )(value, Symbol.toStringTag)
    ) {
      tag = t;
    }
  } catch {
    tag = "";
  }
  /** @type {(string | symbol)[]} */
  let keys = [];
  let base = "";
  /** @type {[string, string]} */
  let braces = ["{", "}"];
  let extras = kObject;
  /** @type {(ctx: Context, value: any, depth: number) => string[]} */
  let formatter = () => [];
  const noKeys = () => keys.length === 0;

  if (Symbol.iterator in value || ctor === null) {
    if (Array.isArray(value)) {
      keys = keysOf(value, ctx.showHidden).filter((k) => typeof k !== "string" || !isIndex(k, value.length));
      const p = ctor !== "Array" || tag !== "" ? prefix(ctor, tag, "Array", `(${value.length})`) : "";
      braces = [`${p}[`, "]"];
      if (value.length === 0 && noKeys()) return `${braces[0]}]`;
      extras = kArrayExtras;
      formatter = formatArray;
    } else if (types.isSet(value)) {
      const size = Set.prototype.has.call(value, undefined) ? sizeOf(value) : sizeOf(value);
      keys = keysOf(value, ctx.showHidden);
      const p = prefix(ctor, tag, "Set", `(${size})`);
      if (size === 0 && noKeys()) return `${p}{}`;
      braces = [`${p}{`, "}"];
      formatter = formatSet;
    } else if (types.isMap(value)) {
      const size = sizeOf(value);
      keys = keysOf(value, ctx.showHidden);
      const p = prefix(ctor, tag, "Map", `(${size})`);
      if (size === 0 && noKeys()) return `${p}{}`;
      braces = [`${p}{`, "}"];
      formatter = formatMap;
    } else if (types.isTypedArray(value)) {
      const length = typedLength(value);
      keys = keysOf(value, ctx.showHidden).filter((k) => typeof k !== "string" || !isIndex(k, length));
      const fallback = /** @type {string} */ (typedTag(value));
      const p = prefix(ctor, tag, fallback, `(${length})`);
      braces = [`${p}[`, "]"];
      if (length === 0 && noKeys() && !ctx.showHidden) return `${braces[0]}]`;
      extras = kArrayExtras;
      formatter = formatTypedArray;
    } else if (types.isMapIterator(value) || types.isSetIterator(value)) {
      keys = keysOf(value, ctx.showHidden);
      const name = types.isMapIterator(value) ? "Map Iterator" : "Set Iterator";
      braces = [`[${name}] {`, "}"];
      formatter = () => ["<items unknown>"];
    } else {
      return formatOther(ctx, value, depth, ctor, tag);
    }
  } else {
    return formatOther(ctx, value, depth, ctor, tag);
  }
  return finish(ctx, value, depth, keys, base, braces, extras, formatter);
}

/** @param {any} collection */
function sizeOf(collection) {
  return /** @type {number} */ (
    types.isMap(collection)
      ? /** @type {any} */ (Object.getOwnPropertyDescriptor(Map.prototype, "size")).get.call(collection)
      : /** @type {any} */ (Object.getOwnPropertyDescriptor(Set.prototype, "size")).get.call(collection)
  );
}

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
/** @param {object} value @returns {string | undefined} */
function typedTag(value) {
  return /** @type {any} */ (
    Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag)
  ).get.call(value);
}
/** @param {object} value @returns {number} */
function typedLength(value) {
  return /** @type {any} */ (Object.getOwnPropertyDescriptor(TypedArrayPrototype, "length")).get.call(value);
}

/** @param {string} key @param {number} length */
function isIndex(key, length) {
  if (key === "" || (key.length > 1 && key[0] === "0")) return false;
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && n < length && String(n) === key;
}

/**
 * Objects that are not iterable collections: plain objects, class instances, functions,
 * errors, dates, regular expressions, boxed primitives, buffers, promises, …
 * @param {Context} ctx
 * @param {Record<string | symbol, any>} value
 * @param {number} depth
 * @param {string | null} ctor
 * @param {string} tag
 */
function formatOther(ctx, value, depth, ctor, tag) {
  let keys = keysOf(value, ctx.showHidden);
  let base = "";
  /** @type {[string, string]} */
  let braces = ["{", "}"];
  /** @type {(ctx: Context, value: any, depth: number) => string[]} */
  let formatter = () => [];
  const empty = () => keys.length === 0;
  if (ctor === "Object" && !types.isNativeError(value) && typeof value !== "function" && !isSpecial(value)) {
    if (types.isArgumentsObject(value)) braces[0] = "[Arguments] {";
    else if (tag !== "") braces[0] = `${prefix(ctor, tag, "Object")}{`;
    if (empty()) return `${braces[0]}}`;
  } else if (typeof value === "function") {
    base = functionBase(value, ctor, tag);
    keys = keys.filter((k) => k !== "prototype" || ctx.showHidden);
    if (empty()) return ctx.stylize(base, "special");
  } else if (types.isRegExp(value)) {
    base = RegExp.prototype.toString.call(value);
    const p = prefix(ctor, tag, "RegExp");
    if (p !== "RegExp ") base = `${p}${base}`;
    keys = keys.filter((k) => k !== "lastIndex" || ctx.showHidden);
    if (empty() || depth > ctx.depth) return ctx.stylize(base, "regexp");
  } else if (types.isDate(value)) {
    const time = Date.prototype.getTime.call(value);
    base = Number.isNaN(time) ? "Invalid Date" : Date.prototype.toISOString.call(value);
    const p = prefix(ctor, tag, "Date");
    if (p !== "Date ") base = `${p}${base}`;
    if (empty()) return ctx.stylize(base, "date");
  } else if (types.isNativeError(value) || value instanceof Error) {
    base = formatError(ctx, value, ctor, tag, keys);
    if (empty()) return base;
  } else if (types.isAnyArrayBuffer(value)) {
    const name = types.isArrayBuffer(value) ? "ArrayBuffer" : "SharedArrayBuffer";
    const p = prefix(ctor, tag, name);
    if (depth > ctx.depth) return ctx.stylize(`[${p.slice(0, -1)}]`, "special");
    braces[0] = `${p}{`;
    keys.unshift("byteLength");
    formatter = (c, v) => [`[Uint8Contents]: <${hexBytes(c, new Uint8Array(v))}>`];
    return finish(ctx, value, depth, keys, base, braces, kObject, formatter, true);
  } else if (types.isDataView(value)) {
    braces[0] = `${prefix(ctor, tag, "DataView")}{`;
    keys.unshift("byteLength", "byteOffset", "buffer");
    return finish(ctx, value, depth, keys, base, braces, kObject, formatter, true);
  } else if (types.isPromise(value)) {
    braces[0] = `${prefix(ctor, tag, "Promise")}{`;
    formatter = (c, v, d) => {
      const [state, result] = /** @type {[number, unknown]} */ (promiseState(v));
      if (state === 0) return ["<pending>"];
      c.indentationLvl += 2;
      const shown = formatValue(c, result, d + 1);
      c.indentationLvl -= 2;
      return [state === 2 ? `<rejected> ${shown}` : shown];
    };
  } else if (types.isWeakSet(value) || types.isWeakMap(value)) {
    braces[0] = `${prefix(ctor, tag, types.isWeakSet(value) ? "WeakSet" : "WeakMap")}{`;
    formatter = () => ["<items unknown>"];
  } else if (types.isModuleNamespaceObject(value)) {
    braces[0] = "[Module: null prototype] {";
    formatter = formatNamespace;
    keys = [];
  } else if (types.isBoxedPrimitive(value)) {
    base = boxedBase(ctx, value, ctor, tag);
    if (types.isStringObject(value)) {
      const length = String.prototype.valueOf.call(value).length;
      keys = keys.filter((k) => typeof k !== "string" || !isIndex(k, length));
    }
    if (empty()) return base;
  } else {
    if (empty()) return `${prefix(ctor, tag, "Object")}{}`;
    braces[0] = `${prefix(ctor, tag, "Object")}{`;
  }
  return finish(ctx, value, depth, keys, base, braces, kObject, formatter);
}

/** Objects handled by a branch of formatOther even when their constructor is named Object. @param {object} value */
function isSpecial(value) {
  return (
    types.isRegExp(value) ||
    types.isDate(value) ||
    types.isPromise(value) ||
    types.isBoxedPrimitive(value) ||
    types.isAnyArrayBuffer(value) ||
    types.isDataView(value) ||
    types.isWeakMap(value) ||
    types.isWeakSet(value)
  );
}

/**
 * @param {Context} ctx
 * @param {Uint8Array} bytes
 */
function hexBytes(ctx, bytes) {
  const max = Math.min(ctx.maxArrayLength, bytes.length);
  let text = Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, "0")).join(" ");
  const remaining = bytes.length - max;
  if (remaining > 0) text += ` ... ${remaining} more byte${remaining > 1 ? "s" : ""}`;
  return text;
}

/**
 * @param {Context} ctx
 * @param {object} value
 * @param {string | null} ctor
 * @param {string} tag
 */
function boxedBase(ctx, value, ctor, tag) {
  /** @type {[string, unknown]} */
  let pair;
  if (types.isNumberObject(value)) pair = ["Number", Number.prototype.valueOf.call(value)];
  else if (types.isStringObject(value)) pair = ["String", String.prototype.valueOf.call(value)];
  else if (types.isBooleanObject(value)) pair = ["Boolean", Boolean.prototype.valueOf.call(value)];
  else if (types.isBigIntObject(value)) pair = ["BigInt", BigInt.prototype.valueOf.call(value)];
  else pair = ["Symbol", Symbol.prototype.valueOf.call(value)];
  const [type, primitive] = pair;
  let base = `[${type}`;
  if (type !== ctor) base += ctor === null ? " (null prototype)" : ` (${ctor})`;
  base += `: ${formatPrimitive({ ...ctx, compact: true, stylize: stylizeNoColor }, primitive, true)}]`;
  if (tag !== "" && tag !== ctor) base += ` [${tag}]`;
  return ctx.stylize(base, type === "Symbol" ? "symbol" : type.toLowerCase());
}

/** ECMAScript's own constructors: Node shows them as functions (`[Function: Map]`). */
const INTRINSICS = new Set(
  [
    Object,
    Function,
    Array,
    Number,
    Boolean,
    String,
    Symbol,
    BigInt,
    Date,
    RegExp,
    Promise,
    Proxy,
    Map,
    Set,
    WeakMap,
    WeakSet,
    ArrayBuffer,
    DataView,
    Error,
    EvalError,
    RangeError,
    ReferenceError,
    SyntaxError,
    TypeError,
    URIError,
    AggregateError,
    WeakRef,
    FinalizationRegistry,
    Object.getPrototypeOf(Uint8Array),
  ].concat(
    [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array],
    [Float32Array, Float64Array, BigInt64Array, BigUint64Array],
  ),
);

/**
 * A class of the platform's own modules: they are compiled without source text, so
 * toString says `[native code]`, but a class's `prototype` is read-only where a plain
 * function's is writable (Node's classes, URL or EventTarget, print as `[class URL]`).
 * @param {Function} fn
 * @param {string} source
 */
function isPlatformClass(fn, source) {
  if (!source.endsWith("[native code]\n}") || INTRINSICS.has(fn)) return false;
  const descriptor = Object.getOwnPropertyDescriptor(fn, "prototype");
  return descriptor !== undefined && descriptor.writable === false;
}

/**
 * `[Function: f]`, `[class A extends B]`, `[AsyncFunction: g]`, …
 * @param {Function} fn
 * @param {string | null} ctor
 * @param {string} tag
 */
function functionBase(fn, ctor, tag) {
  let source = "";
  try {
    source = Function.prototype.toString.call(fn);
  } catch {
    source = "";
  }
  if ((source.startsWith("class") && source.endsWith("}")) || isPlatformClass(fn, source)) {
    const name = Object.hasOwn(fn, "name") && fn.name ? fn.name : "(anonymous)";
    let base = `class ${name}`;
    if (ctor !== "Function" && ctor !== null) base += ` [${ctor}]`;
    if (tag !== "" && ctor !== tag) base += ` [${tag}]`;
    if (ctor !== null) {
      const superName = Object.getPrototypeOf(fn)?.name;
      if (superName) base += ` extends ${superName}`;
    } else {
      base += " extends [null prototype]";
    }
    return `[${base}]`;
  }
  let type = "Function";
  if (types.isGeneratorFunction(fn)) type = `Generator${type}`;
  if (types.isAsyncFunction(fn)) type = `Async${type}`;
  let base = `[${type}`;
  if (ctor === null) base += " (null prototype)";
  base += fn.name === "" ? " (anonymous)" : `: ${fn.name}`;
  base += "]";
  if (ctor !== type && ctor !== null) base += ` ${ctor}`;
  if (tag !== "" && ctor !== tag) base += ` [${tag}]`;
  return base;
}

/**
 * An error as Node shows it: its stack (QuickJS's stack has only the frames, so the
 * `Name: message` line is put first), else `[Name: message]`.
 * @param {Context} ctx
 * @param {Record<string | symbol, any>} err
 * @param {string | null} ctor
 * @param {string} tag
 * @param {(string | symbol)[]} keys changed in place: name/message/stack already shown are dropped
 */
function formatError(ctx, err, ctor, tag, keys) {
  const name = err.name != null ? String(err.name) : "Error";
  const message = err.message != null ? String(err.message) : "";
  let stack = typeof err.stack === "string" ? err.stack : "";
  const header = errorHeader(err);
  if (stack === "") stack = header;
  else if (/^\s+at /.test(stack)) stack = `${header}\n${stack.replace(/\n+$/, "")}`;
  // Name the class when the stack names only its base (`class MyError extends Error`).
  const len = name.length;
  if (
    ctor === null ||
    (name.endsWith("Error") &&
      stack.startsWith(name) &&
      (stack.length === len || stack[len] === ":" || stack[len] === "\n"))
  ) {
    let fallback = "Error";
    let cut = len;
    if (ctor === null) {
      const start =
        /^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n\s+at)/.exec(stack) || /^([a-z_A-Z0-9-]*Error)$/.exec(stack);
      fallback = start?.[1] || "";
      cut = fallback.length;
      fallback = fallback || "Error";
    }
    const p = prefix(ctor, tag, fallback).slice(0, -1);
    if (name !== p) {
      if (p.includes(name)) stack = cut === 0 ? `${p}: ${stack}` : `${p}${stack.slice(cut)}`;
      else stack = `${p} [${name}]${stack.slice(cut)}`;
    }
  }
  for (const key of ["name", "message", "stack"]) {
    const index = keys.indexOf(key);
    if (index !== -1 && typeof err[key] === "string" && stack.includes(err[key])) keys.splice(index, 1);
  }
  for (const key of ["cause", "errors"]) {
    if (Object.hasOwn(err, key) && !keys.includes(key) && (key === "cause" || Array.isArray(err[key]))) {
      keys.push(key);
    }
  }
  if (message !== "" && !stack.includes(message)) {
    // A message changed after the stack was taken is still shown.
  }
  const framesAt = stack.indexOf("\n    at");
  if (framesAt === -1) stack = `[${stack}]`;
  if (ctx.indentationLvl !== 0) stack = stack.replaceAll("\n", `\n${" ".repeat(ctx.indentationLvl)}`);
  return stack;
}

/** @param {Record<string, any>} err */
function errorHeader(err) {
  try {
    return Error.prototype.toString.call(err);
  } catch {
    return "Error";
  }
}

/**
 * Lays out `value`'s entries (from `formatter`) and its keys within `braces`.
 * @param {Context} ctx
 * @param {Record<string | symbol, any>} value
 * @param {number} depth
 * @param {(string | symbol)[]} keys
 * @param {string} base
 * @param {[string, string]} braces
 * @param {number} extras
 * @param {(ctx: Context, value: any, depth: number) => string[]} formatter
 * @param {boolean} [keysFirst] the keys (byteLength …) go before the formatter's entries
 * @returns {string}
 */
function finish(ctx, value, depth, keys, base, braces, extras, formatter, keysFirst = false) {
  if (depth > ctx.depth) {
    const ctor = constructorName(value);
    return ctx.stylize(
      `[${ctor === null ? "Object: null prototype" : ctor === "Object" && Array.isArray(value) ? "Array" : shortName(value, ctor)}]`,
      "special",
    );
  }
  ctx.seen.push(value);
  ctx.currentDepth = depth;
  /** @type {string[]} */
  let output;
  try {
    const entries = formatter(ctx, value, depth);
    const props = keys.map((key) => formatProperty(ctx, value, depth, key, kObject));
    output = keysFirst
      ? [...props.slice(0, 0), ...interleaveBuffer(props, entries, value)]
      : [...entries, ...props];
  } finally {
    ctx.seen.pop();
  }
  if (ctx.sorted) {
    const compare = typeof ctx.sorted === "function" ? ctx.sorted : undefined;
    if (extras === kObject) output.sort(compare);
  }
  const index = ctx.circular.get(value);
  if (index !== undefined) {
    const reference = ctx.stylize(`<ref *${index}>`, "special");
    if (ctx.compact !== true) base = base === "" ? reference : `${reference} ${base}`;
    else braces[0] = `${reference} ${braces[0]}`;
  }
  return layout(ctx, output, base, braces, extras, depth, value);
}

/**
 * ArrayBuffer: `[Uint8Contents]` then byteLength; DataView: its three keys.
 * @param {string[]} props
 * @param {string[]} entries
 * @param {object} value
 */
function interleaveBuffer(props, entries, value) {
  if (types.isAnyArrayBuffer(value)) return [...entries, ...props];
  return [...props, ...entries];
}

/** @param {object} value @param {string} ctor */
function shortName(value, ctor) {
  if (Array.isArray(value)) return ctor === "Array" ? "Array" : ctor;
  return ctor;
}

/**
 * @param {Context} ctx
 * @param {unknown[]} value
 * @param {number} depth
 */
function formatArray(ctx, value, depth) {
  const length = value.length;
  const max = Math.min(ctx.maxArrayLength, length);
  /** @type {string[]} */
  const output = [];
  let holes = 0;
  let i = 0;
  for (; i < length && output.length < max; i++) {
    if (!Object.hasOwn(value, i)) {
      holes++;
      continue;
    }
    if (holes > 0) {
      output.push(ctx.stylize(`<${holes} empty item${holes > 1 ? "s" : ""}>`, "undefined"));
      holes = 0;
      if (output.length >= max) break;
    }
    output.push(formatProperty(ctx, value, depth, String(i), kArrayExtras));
  }
  if (holes > 0 && output.length < max) {
    output.push(ctx.stylize(`<${holes} empty item${holes > 1 ? "s" : ""}>`, "undefined"));
    holes = 0;
  }
  const remaining = length - i + holes;
  if (remaining > 0) output.push(`... ${remaining} more item${remaining > 1 ? "s" : ""}`);
  return output;
}

/**
 * @param {Context} ctx
 * @param {any} value
 */
function formatTypedArray(ctx, value) {
  const length = typedLength(value);
  const max = Math.min(ctx.maxArrayLength, length);
  /** @type {string[]} */
  const output = [];
  for (let i = 0; i < max; i++) {
    const element = value[i];
    output.push(
      typeof element === "bigint" ? formatPrimitive(ctx, element, false) : formatNumber(ctx, element),
    );
  }
  if (length > max) output.push(`... ${length - max} more item${length - max > 1 ? "s" : ""}`);
  if (ctx.showHidden) {
    ctx.indentationLvl += 2;
    for (const key of ["BYTES_PER_ELEMENT", "length", "byteLength", "byteOffset", "buffer"]) {
      output.push(`[${key}]: ${formatValue(ctx, value[key], ctx.currentDepth + 1)}`);
    }
    ctx.indentationLvl -= 2;
  }
  return output;
}

/**
 * @param {Context} ctx
 * @param {Set<unknown>} value
 * @param {number} depth
 */
function formatSet(ctx, value, depth) {
  const max = Math.min(ctx.maxArrayLength, sizeOf(value));
  /** @type {string[]} */
  const output = [];
  ctx.indentationLvl += 2;
  let i = 0;
  for (const item of Set.prototype.values.call(value)) {
    if (i++ >= max) break;
    output.push(formatValue(ctx, item, depth + 1));
  }
  ctx.indentationLvl -= 2;
  const remaining = sizeOf(value) - max;
  if (remaining > 0) output.push(`... ${remaining} more item${remaining > 1 ? "s" : ""}`);
  return output;
}

/**
 * @param {Context} ctx
 * @param {Map<unknown, unknown>} value
 * @param {number} depth
 */
function formatMap(ctx, value, depth) {
  const max = Math.min(ctx.maxArrayLength, sizeOf(value));
  /** @type {string[]} */
  const output = [];
  ctx.indentationLvl += 2;
  let i = 0;
  for (const [k, v] of Map.prototype.entries.call(value)) {
    if (i++ >= max) break;
    output.push(`${formatValue(ctx, k, depth + 1)} => ${formatValue(ctx, v, depth + 1)}`);
  }
  ctx.indentationLvl -= 2;
  const remaining = sizeOf(value) - max;
  if (remaining > 0) output.push(`... ${remaining} more item${remaining > 1 ? "s" : ""}`);
  return output;
}

/**
 * @param {Context} ctx
 * @param {Record<string, unknown>} value
 * @param {number} depth
 */
function formatNamespace(ctx, value, depth) {
  return Object.getOwnPropertyNames(value).map((key) => {
    try {
      return formatProperty(ctx, value, depth, key, kObject);
    } catch {
      return `${key}: <uninitialized>`;
    }
  });
}

/**
 * `key: value` (or just the value in an array), getters as `[Getter]`.
 * @param {Context} ctx
 * @param {Record<string | symbol, any>} value
 * @param {number} depth
 * @param {string | symbol} key
 * @param {number} type
 */
export function formatProperty(ctx, value, depth, key, type) {
  const descriptor = Object.getOwnPropertyDescriptor(value, key) ?? { value: value[key], enumerable: true };
  let str;
  if (descriptor.value !== undefined || !("get" in descriptor || "set" in descriptor)) {
    ctx.indentationLvl += 2;
    str = formatValue(ctx, descriptor.value, depth + 1);
    ctx.indentationLvl -= 2;
  } else if (descriptor.get !== undefined) {
    const label = descriptor.set !== undefined ? "Getter/Setter" : "Getter";
    if (
      ctx.getters &&
      (ctx.getters === true ||
        (ctx.getters === "get" && descriptor.set === undefined) ||
        (ctx.getters === "set" && descriptor.set !== undefined))
    ) {
      try {
        const got = descriptor.get.call(value);
        ctx.indentationLvl += 2;
        const shown =
          got !== null && typeof got === "object"
            ? formatValue(ctx, got, depth + 1)
            : formatPrimitive(ctx, got, false);
        ctx.indentationLvl -= 2;
        str =
          got !== null && typeof got === "object"
            ? `${ctx.stylize(`[${label}]`, "special")} ${shown}`
            : `${ctx.stylize(`[${label}:`, "special")} ${shown}${ctx.stylize("]", "special")}`;
      } catch (error) {
        str = ctx.stylize(
          `[${label}: <Inspection threw (${/** @type {any} */ (error)?.message})>]`,
          "special",
        );
      }
    } else {
      str = ctx.stylize(`[${label}]`, "special");
    }
  } else if (descriptor.set !== undefined) {
    str = ctx.stylize("[Setter]", "special");
  } else {
    str = ctx.stylize("undefined", "undefined");
  }
  if (type === kArrayExtras) return str;
  let name;
  if (typeof key === "symbol") name = `[${ctx.stylize(key.toString(), "symbol")}]`;
  else if (key === "__proto__") name = "['__proto__']";
  else if (descriptor.enumerable === false) name = `[${identifier.test(key) ? key : quote(key)}]`;
  else if (identifier.test(key)) name = key;
  else name = ctx.stylize(quote(key), "string");
  return `${name}: ${str}`;
}

/**
 * One line when it fits and nothing inside is more than `compact` levels deep; else one
 * entry per line (arrays of many short items grouped in columns first).
 * @param {Context} ctx
 * @param {string[]} output
 * @param {string} base
 * @param {[string, string]} braces
 * @param {number} extras
 * @param {number} depth
 * @param {unknown} value
 */
function layout(ctx, output, base, braces, extras, depth, value) {
  if (ctx.compact !== true) {
    if (typeof ctx.compact === "number" && ctx.compact >= 1) {
      const entries = output.length;
      if (extras === kArrayExtras && entries > 6) output = groupColumns(ctx, output, value);
      if (ctx.currentDepth - depth < ctx.compact && entries === output.length) {
        const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
        if (fits(ctx, output, start, base)) {
          const joined = output.join(", ");
          if (!joined.includes("\n")) {
            return `${base ? `${base} ` : ""}${braces[0]} ${joined} ${braces[1]}`;
          }
        }
      }
    }
    const indentation = `\n${" ".repeat(ctx.indentationLvl)}`;
    return `${base ? `${base} ` : ""}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
  }
  if (fits(ctx, output, 0, base)) {
    return `${braces[0]}${base ? ` ${base}` : ""} ${output.join(", ")} ${braces[1]}`;
  }
  const indentation = " ".repeat(ctx.indentationLvl);
  const ln = base === "" && braces[0].length === 1 ? " " : `${base ? ` ${base}` : ""}\n${indentation}  `;
  return `${braces[0]}${ln}${output.join(`,\n${indentation}  `)} ${braces[1]}`;
}

/** @param {string} text */
function visibleLength(text) {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[\d\d?m/g, "").length;
}

/**
 * @param {Context} ctx
 * @param {string[]} output
 * @param {number} start
 * @param {string} base
 */
function fits(ctx, output, start, base) {
  let total = output.length + start;
  if (total + output.length > ctx.breakLength) return false;
  for (const entry of output) {
    total += ctx.colors ? visibleLength(entry) : entry.length;
    if (total > ctx.breakLength) return false;
  }
  return base === "" || !base.includes("\n");
}

/**
 * Groups many short array entries into aligned columns (numbers right-aligned), about as
 * wide as high on screen, at most 15 (or `compact * 4`) columns and `breakLength` wide.
 * @param {Context} ctx
 * @param {string[]} output
 * @param {unknown} value
 */
function groupColumns(ctx, output, value) {
  const hasMore =
    ctx.maxArrayLength < output.length || /^\.\.\. \d+ more item/.test(output[output.length - 1]);
  const count = hasMore ? output.length - 1 : output.length;
  const separator = 2;
  const widths = output.slice(0, count).map((entry) => (ctx.colors ? visibleLength(entry) : entry.length));
  const total = widths.reduce((sum, w) => sum + w + separator, 0);
  const longest = Math.max(0, ...widths);
  const cell = longest + separator;
  if (!(cell * 3 + ctx.indentationLvl < ctx.breakLength && (total / cell > 5 || longest <= 6))) return output;
  const bias = Math.sqrt(cell - total / output.length);
  const biased = Math.max(cell - 3 - bias, 1);
  const columns = Math.min(
    Math.round(Math.sqrt(2.5 * biased * count) / biased),
    Math.floor((ctx.breakLength - ctx.indentationLvl) / cell),
    /** @type {number} */ (ctx.compact) * 4,
    15,
  );
  if (columns <= 1) return output;
  /** @type {number[]} */
  const columnWidths = [];
  for (let c = 0; c < columns; c++) {
    let width = 0;
    for (let j = c; j < output.length; j += columns) if (widths[j] > width) width = widths[j];
    columnWidths.push(width + separator);
  }
  let padStart = value !== undefined;
  if (padStart) {
    const items = /** @type {any} */ (value);
    for (let i = 0; i < output.length; i++) {
      if (typeof items[i] !== "number" && typeof items[i] !== "bigint") {
        padStart = false;
        break;
      }
    }
  }
  /** @type {string[]} */
  const rows = [];
  for (let i = 0; i < count; i += columns) {
    const end = Math.min(i + columns, count);
    let row = "";
    let j = i;
    for (; j < end - 1; j++) {
      const width = columnWidths[j - i] + output[j].length - widths[j];
      row += padStart ? `${output[j]}, `.padStart(width, " ") : `${output[j]}, `.padEnd(width, " ");
    }
    if (padStart) {
      const width = columnWidths[j - i] + output[j].length - widths[j] - separator;
      row += output[j].padStart(width, " ");
    } else {
      row += output[j];
    }
    rows.push(row);
  }
  if (hasMore) rows.push(output[count]);
  return rows;
}

/**
 * util.format: printf-like `%s %d %i %f %j %o %O %c %%`, the rest of the arguments
 * appended with spaces (strings as they are, other values inspected).
 * @param {unknown[]} args
 */
export function format(...args) {
  return formatWithOptionsInternal(undefined, args);
}

/**
 * @param {object} inspectOptions
 * @param {unknown[]} args
 */
export function formatWithOptions(inspectOptions, ...args) {
  if (inspectOptions === null || typeof inspectOptions !== "object") {
    throw invalidOptionsError(inspectOptions);
  }
  return formatWithOptionsInternal(inspectOptions, args);
}

/** @param {unknown} value */
function invalidOptionsError(value) {
  // Loaded here, not at the top: errors.js and this module must not import each other.
  const error = new TypeError(`The "inspectOptions" argument must be of type object.${describe(value)}`);
  /** @type {any} */ (error).code = "ERR_INVALID_ARG_TYPE";
  return error;
}

/** @param {unknown} value */
function describe(value) {
  if (value === null || value === undefined) return ` Received ${value}`;
  if (typeof value === "function") return ` Received function ${value.name}`;
  let shown = inspect(value);
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${shown})`;
}

/** Whether `value`'s toString is one a built-in class gives (then %s inspects it). @param {object} value */
function hasBuiltInToString(value) {
  if (isProxy(value)) return true;
  const toString = /** @type {any} */ (value).toString;
  if (typeof toString !== "function") return true;
  if (Object.hasOwn(value, "toString")) return false;
  /** @type {object | null} */
  let pointer = value;
  do {
    pointer = Object.getPrototypeOf(pointer);
  } while (pointer !== null && !Object.hasOwn(pointer, "toString"));
  if (pointer === null) return true;
  const descriptor = Object.getOwnPropertyDescriptor(pointer, "constructor");
  return (
    descriptor !== undefined &&
    typeof descriptor.value === "function" &&
    builtInNames.has(descriptor.value.name) &&
    /** @type {any} */ (globalThis)[descriptor.value.name] === descriptor.value
  );
}

// The language's own classes, as Node's list is (its globals before the web platform's
// are added): a URLSearchParams or a Blob is not one, so %s shows it with String().
const builtInNames = new Set(
  // prettier-ignore
  ["Object", "Function", "Array", "Number", "Boolean", "String", "Symbol", "BigInt", "Date", "RegExp",
    "Promise", "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry", "Proxy",
    "ArrayBuffer", "SharedArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray",
    "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array",
    "BigInt64Array", "BigUint64Array", "Error", "AggregateError", "EvalError", "RangeError",
    "ReferenceError", "SyntaxError", "TypeError", "URIError", "Iterator"],
);

/**
 * @param {object | undefined} options
 * @param {unknown[]} args
 */
function formatWithOptionsInternal(options, args) {
  const first = args[0];
  let a = 0;
  let str = "";
  let join = "";
  /** @param {unknown} v @param {object} [extra] */
  const show = (v, extra) => inspect(v, { ...options, ...extra, compact: 3, colors: false, depth: 0 });
  if (typeof first === "string") {
    if (args.length === 1) return first;
    let lastPos = 0;
    let tempStr;
    for (let i = 0; i < first.length - 1; i++) {
      if (first.charCodeAt(i) !== 37) continue; // '%'
      const next = first.charCodeAt(++i);
      if (a + 1 !== args.length) {
        switch (next) {
          case 115: {
            // 's'
            const arg = args[++a];
            if (typeof arg === "number") tempStr = formatNumber(plainCtx(), arg);
            else if (typeof arg === "bigint") tempStr = `${arg}n`;
            else if (typeof arg !== "object" || arg === null || !hasBuiltInToString(arg))
              tempStr = String(arg);
            else tempStr = show(arg);
            break;
          }
          case 106: // 'j'
            tempStr = tryStringify(args[++a]);
            break;
          case 100: {
            // 'd'
            const n = args[++a];
            if (typeof n === "bigint") tempStr = `${n}n`;
            else if (typeof n === "symbol") tempStr = "NaN";
            else tempStr = formatNumber(plainCtx(), Number(n));
            break;
          }
          case 79: // 'O'
            tempStr = inspect(args[++a], options);
            break;
          case 111: // 'o'
            tempStr = inspect(args[++a], { ...options, showHidden: true, showProxy: true, depth: 4 });
            break;
          case 105: {
            // 'i'
            const n = args[++a];
            if (typeof n === "bigint") tempStr = `${n}n`;
            else if (typeof n === "symbol") tempStr = "NaN";
            else tempStr = formatNumber(plainCtx(), Number.parseInt(/** @type {any} */ (n)));
            break;
          }
          case 102: {
            // 'f'
            const n = args[++a];
            tempStr =
              typeof n === "symbol"
                ? "NaN"
                : formatNumber(plainCtx(), Number.parseFloat(/** @type {any} */ (n)));
            break;
          }
          case 99: // 'c'
            a++;
            tempStr = "";
            break;
          case 37: // '%'
            str += first.slice(lastPos, i);
            lastPos = i + 1;
            continue;
          default:
            continue;
        }
        if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
        str += tempStr;
        lastPos = i + 1;
      } else if (next === 37) {
        str += first.slice(lastPos, i);
        lastPos = i + 1;
      }
    }
    if (lastPos !== 0) {
      a++;
      join = " ";
      if (lastPos < first.length) str += first.slice(lastPos);
    }
  }
  while (a < args.length) {
    const value = args[a];
    str += join;
    str += typeof value !== "string" ? inspect(value, options) : value;
    join = " ";
    a++;
  }
  return str;
}

/** @returns {Context} */
function plainCtx() {
  return /** @type {any} */ ({ ...defaultOptions, stylize: stylizeNoColor });
}

/** @param {unknown} value */
function tryStringify(value) {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (
      /** @type {any} */ (error)?.name === "TypeError" &&
      /circular|cyclic/i.test(String(/** @type {any} */ (error)?.message))
    ) {
      return "[Circular]";
    }
    throw error;
  }
}
