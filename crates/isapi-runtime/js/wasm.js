// WebAssembly (the WebAssembly JavaScript Interface standard) over isapi:native/wasm,
// which runs the modules in wasmi. This file keeps the standard's JS-side rules: argument
// checks, value conversions (ToWebAssemblyValue / ToJSValue), import resolution and the
// error classes; Rust keeps the store, the calls, the limits and Memory's buffer.
import * as native from "isapi:native/wasm";
import { setTimeout } from "./timers.js";
import { bytesOf } from "./util.js";

/** @typedef {"i32" | "i64" | "f32" | "f64" | "v128" | "anyfunc" | "externref"} ValueType */

/** @param {string} name */
function errorClass(name) {
  const Class = class extends Error {
    /** @param {string} [message] @param {ErrorOptions} [options] */
    constructor(message, options) {
      super(message, options);
    }
  };
  Object.defineProperty(Class, "name", { value: name });
  Object.defineProperty(Class.prototype, "name", { value: name, writable: true, configurable: true });
  return Class;
}

export const CompileError = errorClass("CompileError");
export const LinkError = errorClass("LinkError");
export const RuntimeError = errorClass("RuntimeError");
native.register(CompileError, LinkError, RuntimeError);

/** @param {unknown} value @returns {value is object} */
const isObject = (value) => (typeof value === "object" && value !== null) || typeof value === "function";

/** Creates a wrapper object of a class from a handle, not from a descriptor. */
const ADOPT = Symbol("adopt");

/** The wasm side's copy of a BufferSource. @param {unknown} bytes @param {string} what */
function sourceBytes(bytes, what) {
  if (!(bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes)))
    throw new TypeError(`${what}: Argument 0 must be a buffer source`);
  return bytesOf(bytes);
}

/**
 * WebIDL's [EnforceRange] unsigned long.
 * @param {unknown} value @param {string} what
 */
function enforceRange(value, what) {
  const number = Number(value);
  if (!Number.isFinite(number)) throw new TypeError(`${what} must be a finite number`);
  const integer = Math.trunc(number);
  if (integer < 0 || integer > 0xffffffff) throw new TypeError(`${what} is outside the unsigned long range`);
  return integer;
}

/** @param {unknown} value */
function toBigInt64(value) {
  if (typeof value === "number") throw new TypeError(`cannot convert ${value} to a BigInt`);
  if (typeof value === "bigint") return BigInt.asIntN(64, value);
  // Strings parse (SyntaxError when not an integer), booleans give 0n/1n.
  return BigInt.asIntN(64, BigInt(/** @type {any} */ (value)));
}

/** Exported wasm functions by handle, and their handles (ToWebAssemblyValue of a funcref). */
/** @type {Map<number, Function>} */
const functions = new Map();
/** @type {WeakMap<Function, number>} */
const functionHandles = new WeakMap();

/**
 * ToWebAssemblyValue: a JS value as native.call takes it.
 * @param {unknown} value @param {ValueType} type
 */
function toWasm(value, type) {
  switch (type) {
    case "i32":
      return /** @type {number} */ (value) | 0;
    case "i64":
      return toBigInt64(value);
    case "f32":
      return Math.fround(+(/** @type {number} */ (value)));
    case "f64":
      return +(/** @type {number} */ (value));
    case "anyfunc": {
      if (value === null) return null;
      const handle = typeof value === "function" ? functionHandles.get(value) : undefined;
      if (handle === undefined)
        throw new TypeError("a funcref must be null or an exported WebAssembly function");
      return handle;
    }
    case "externref":
      return value;
    default:
      throw new TypeError(`a ${type} value cannot cross to WebAssembly from JavaScript`);
  }
}

/**
 * ToJSValue: what native gives back as the JS value.
 * @param {any} raw @param {ValueType} type
 */
function toJS(raw, type) {
  if (type === "anyfunc") return raw === null ? null : exportedFunction(raw);
  return raw;
}

/**
 * The Exported Function of a wasm function (one per function), named by its index in its
 * module when known (an export's), else by its handle.
 * @param {number} handle @param {number} [index]
 */
function exportedFunction(handle, index) {
  const known = functions.get(handle);
  if (known) return known;
  const [params, results] = /** @type {[ValueType[], ValueType[]]} */ (native.funcType(handle));
  /** @param {unknown[]} args */
  const wrapper = (...args) => {
    const raw = params.map((type, i) => toWasm(args[i], type));
    const out = native.call(handle, raw);
    if (results.length === 0) return undefined;
    if (results.length === 1) return toJS(out[0], results[0]);
    return results.map((type, i) => toJS(out[i], type));
  };
  Object.defineProperty(wrapper, "length", { value: params.length });
  Object.defineProperty(wrapper, "name", { value: String(index ?? handle) });
  functions.set(handle, wrapper);
  functionHandles.set(wrapper, handle);
  return wrapper;
}

/**
 * A wasm function calling the JS function `fn` (an import).
 * @param {Function} fn @param {[ValueType[], ValueType[]]} signature
 */
function hostFunction(fn, [params, results]) {
  /** @param {unknown[]} args */
  const adapter = (args) => {
    const result = Reflect.apply(
      fn,
      undefined,
      params.map((type, i) => toJS(args[i], type)),
    );
    if (results.length === 0) return undefined;
    if (results.length === 1) return toWasm(result, results[0]);
    if (!isObject(result) || !(Symbol.iterator in result))
      throw new TypeError("a function returning several values must return an iterable");
    const values = [.../** @type {Iterable<unknown>} */ (result)];
    if (values.length !== results.length)
      throw new TypeError(`expected ${results.length} results, got ${values.length}`);
    return values.map((value, i) => toWasm(value, results[i]));
  };
  // A new wasm function each time: exported again, it is a new Exported Function, not `fn`.
  return native.hostFunc(adapter, params, results);
}

/** @param {unknown} value @param {ValueType} type */
function defaultValue(value, type) {
  if (value !== undefined) return value;
  if (type === "externref") return undefined;
  if (type === "anyfunc") return null;
  return type === "i64" ? 0n : 0;
}

/** @param {unknown} value @returns {ValueType} */
function valueType(value) {
  const type = String(value);
  if (type === "funcref") return "anyfunc";
  if (["i32", "i64", "f32", "f64", "v128", "anyfunc", "externref"].includes(type))
    return /** @type {ValueType} */ (type);
  throw new TypeError(`${type} is not a WebAssembly value type`);
}

/**
 * @param {unknown} descriptor @param {string} what
 * @returns {[number, number | undefined]}
 */
function limits(descriptor, what, most = 65536) {
  if (!isObject(descriptor)) throw new TypeError(`${what}: the descriptor must be an object`);
  const d = /** @type {Record<string, unknown>} */ (descriptor);
  const initialValue = d.initial;
  const maximumValue = d.maximum;
  if (initialValue === undefined) throw new TypeError(`${what}: the descriptor needs "initial"`);
  const initial = enforceRange(initialValue, `${what}: initial`);
  const maximum = maximumValue === undefined ? undefined : enforceRange(maximumValue, `${what}: maximum`);
  if (initial > most) throw new RangeError(`${what}: initial is above ${most}`);
  if (maximum !== undefined && maximum > most) throw new RangeError(`${what}: maximum is above ${most}`);
  if (maximum !== undefined && maximum < initial) throw new RangeError(`${what}: maximum is below initial`);
  return [initial, maximum];
}

/** @type {Map<number, object>} */
const objects = new Map();

export class Module {
  #handle;
  /** @param {ArrayBuffer | ArrayBufferView} bytes */
  constructor(bytes) {
    this.#handle = native.compile(sourceBytes(bytes, "WebAssembly.Module()"));
  }
  /** @param {unknown} module */
  static #of(module) {
    if (!isObject(module) || !(#handle in module))
      throw new TypeError("Argument 0 must be a WebAssembly.Module");
    return /** @type {Module} */ (module).#handle;
  }
  /** @param {Module} module */
  static exports(module) {
    return native.moduleExports(Module.#of(module)).map(([name, kind]) => ({ name, kind }));
  }
  /** @param {Module} module */
  static imports(module) {
    return native.moduleImports(Module.#of(module)).map(([module, name, kind]) => ({ module, name, kind }));
  }
  /** @param {Module} module @param {string} sectionName */
  static customSections(module, sectionName) {
    const handle = Module.#of(module);
    if (sectionName === undefined) throw new TypeError("Argument 1 (sectionName) is required");
    return native.customSections(handle, String(sectionName));
  }
  /** @internal @param {Module} module */
  static __handle(module) {
    return Module.#of(module);
  }
}

// A memory's buffer cannot be transferred (the standard makes it non-detachable by JS):
// `ArrayBuffer.prototype.transfer` and its kin refuse it natively from engine start
// (src/wasm.rs, `install_transfer_guard`).
export class Memory {
  #handle;
  /** @param {{ initial: number, maximum?: number, shared?: boolean }} descriptor @param {number} [handle] */
  constructor(descriptor, handle) {
    if (/** @type {unknown} */ (descriptor) === ADOPT && handle !== undefined) {
      this.#handle = handle;
      return;
    }
    const [initial, maximum] = limits(descriptor, "WebAssembly.Memory()");
    if (descriptor.shared) throw new TypeError("WebAssembly.Memory(): shared memories are not supported");
    this.#handle = native.memoryNew(initial, maximum);
    objects.set(this.#handle, this);
  }
  /** @param {unknown} memory */
  static #of(memory) {
    if (!isObject(memory) || !(#handle in memory)) throw new TypeError("not a WebAssembly.Memory");
    return /** @type {Memory} */ (memory).#handle;
  }
  /** @internal @param {unknown} memory */
  static __handle(memory) {
    return Memory.#of(memory);
  }
  get buffer() {
    return native.memoryBuffer(Memory.#of(this));
  }
  /** @param {number} delta */
  grow(delta) {
    const handle = Memory.#of(this);
    return native.memoryGrow(handle, enforceRange(delta, "WebAssembly.Memory.grow(): delta"));
  }
}

export class Table {
  #handle;
  /** @param {{ element: string, initial: number, maximum?: number }} descriptor @param {unknown} [value] */
  constructor(descriptor, value) {
    if (/** @type {unknown} */ (descriptor) === ADOPT && typeof value === "number") {
      this.#handle = value;
      return;
    }
    if (!isObject(descriptor)) throw new TypeError("WebAssembly.Table(): the descriptor must be an object");
    const elementValue = descriptor.element;
    const element = elementValue === undefined ? "" : String(elementValue);
    const type =
      element === "anyfunc" || element === "funcref" ? "anyfunc" : element === "externref" ? element : null;
    const [initial, maximum] = limits(descriptor, "WebAssembly.Table()", 10_000_000);
    if (type === null) throw new TypeError(`WebAssembly.Table(): ${element} is not an element type`);
    const init = toWasm(arguments.length < 2 ? defaultValue(undefined, type) : value, type);
    this.#handle = native.tableNew(type, initial, maximum, init);
    objects.set(this.#handle, this);
  }
  /** @param {unknown} table */
  static #of(table) {
    if (!isObject(table) || !(#handle in table)) throw new TypeError("not a WebAssembly.Table");
    return /** @type {Table} */ (table).#handle;
  }
  /** @internal @param {unknown} table */
  static __handle(table) {
    return Table.#of(table);
  }
  get length() {
    return native.tableLength(Table.#of(this))[1];
  }
  /** @param {number} index */
  get(index) {
    const handle = Table.#of(this);
    const [type] = native.tableLength(handle);
    return toJS(native.tableGet(handle, enforceRange(index, "WebAssembly.Table.get(): index")), type);
  }
  /** @param {number} index @param {unknown} [value] */
  set(index, value) {
    const handle = Table.#of(this);
    const [type] = native.tableLength(handle);
    const at = enforceRange(index, "WebAssembly.Table.set(): index");
    native.tableSet(handle, at, toWasm(arguments.length < 2 ? defaultValue(undefined, type) : value, type));
  }
  /** @param {number} delta @param {unknown} [value] */
  grow(delta, value) {
    const handle = Table.#of(this);
    const [type] = native.tableLength(handle);
    const by = enforceRange(delta, "WebAssembly.Table.grow(): delta");
    return native.tableGrow(
      handle,
      by,
      toWasm(arguments.length < 2 ? defaultValue(undefined, type) : value, type),
    );
  }
}

export class Global {
  #handle;
  /** @type {ValueType} */
  #type = "i32";
  #mutable = false;
  /** @param {{ value: string, mutable?: boolean }} descriptor @param {unknown} [value] */
  constructor(descriptor, value) {
    if (/** @type {unknown} */ (descriptor) === ADOPT && typeof value === "number") {
      this.#handle = value;
      const [type, mutable] = native.globalType(value);
      this.#type = type;
      this.#mutable = mutable;
      return;
    }
    if (!isObject(descriptor)) throw new TypeError("WebAssembly.Global(): the descriptor must be an object");
    const mutable = Boolean(descriptor.mutable);
    const type = valueType(descriptor.value);
    if (type === "v128")
      throw new TypeError("WebAssembly.Global(): v128 globals cannot be made from JavaScript");
    this.#type = type;
    this.#mutable = mutable;
    this.#handle = native.globalNew(type, mutable, toWasm(defaultValue(value, type), type));
    objects.set(this.#handle, this);
  }
  /** @param {unknown} global */
  static #of(global) {
    if (!isObject(global) || !(#handle in global)) throw new TypeError("not a WebAssembly.Global");
    return /** @type {Global} */ (global).#handle;
  }
  /** @internal @param {unknown} global */
  static __handle(global) {
    return Global.#of(global);
  }
  get value() {
    const handle = Global.#of(this);
    if (this.#type === "v128") throw new TypeError("a v128 global cannot be read from JavaScript");
    return toJS(native.globalGet(handle), this.#type);
  }
  set value(value) {
    const handle = Global.#of(this);
    if (!this.#mutable)
      throw new TypeError("WebAssembly.Global: cannot set the value of an immutable global");
    native.globalSet(handle, toWasm(value, this.#type));
  }
  valueOf() {
    return this.value;
  }
}

/**
 * The JS object of an exported memory/table/global: the one JS made or saw before.
 * @template T @param {number} handle @param {new (adopt: any, handle: number) => T} Class @returns {T}
 */
function adopt(handle, Class) {
  const known = objects.get(handle);
  if (known) return /** @type {T} */ (known);
  const object = new Class(ADOPT, handle);
  objects.set(handle, /** @type {object} */ (object));
  return object;
}

/**
 * Resolves one import (the standard's "read the imports").
 * @param {unknown} importObject
 * @param {[string, string, string, any, boolean]} entry
 */
function resolveImport(importObject, [module, name, kind, type, mutable]) {
  const namespace = /** @type {Record<string, unknown>} */ (importObject)[module];
  if (!isObject(namespace))
    throw new TypeError(`WebAssembly.Instance(): import module "${module}" must be an object`);
  const value = /** @type {Record<string, unknown>} */ (namespace)[name];
  const where = `WebAssembly.Instance(): import "${module}"."${name}"`;
  switch (kind) {
    case "function": {
      if (typeof value !== "function") throw new LinkError(`${where} must be a function`);
      return functionHandles.get(value) ?? hostFunction(value, type);
    }
    case "global": {
      if (value instanceof Global) return [Global.__handle(value)];
      if (mutable) throw new LinkError(`${where}: a mutable global must be imported as a WebAssembly.Global`);
      if (type === "i64" && typeof value !== "bigint") throw new LinkError(`${where} must be a BigInt`);
      if (["i32", "f32", "f64"].includes(type) && typeof value !== "number")
        throw new LinkError(`${where} must be a number`);
      if (type === "v128") throw new LinkError(`${where}: a v128 global cannot be imported from JavaScript`);
      if (
        type === "anyfunc" &&
        value !== null &&
        !(typeof value === "function" && functionHandles.has(value))
      )
        throw new LinkError(`${where} must be null or an exported WebAssembly function`);
      return toWasm(value, type);
    }
    case "memory":
      if (!(value instanceof Memory)) throw new LinkError(`${where} must be a WebAssembly.Memory`);
      return Memory.__handle(value);
    case "table":
      if (!(value instanceof Table)) throw new LinkError(`${where} must be a WebAssembly.Table`);
      return Table.__handle(value);
    default:
      throw new LinkError(`${where}: unknown import kind ${kind}`);
  }
}

export class Instance {
  /** @type {Record<string, unknown>} */
  #exports;
  /** @param {Module} module @param {object} [importObject] */
  constructor(module, importObject) {
    const handle = Module.__handle(module);
    const imports = native.moduleImports(handle);
    if (importObject !== undefined && !isObject(importObject))
      throw new TypeError("WebAssembly.Instance(): Argument 1 must be an object");
    if (imports.length > 0 && importObject === undefined)
      throw new TypeError("WebAssembly.Instance(): Imports argument must be present and must be an object");
    const values = imports.map((entry) => resolveImport(importObject, entry));
    const exports = /** @type {Record<string, unknown>} */ (Object.create(null));
    for (const [name, kind, exported, index] of native.instantiate(handle, values)) {
      exports[name] =
        kind === "function"
          ? exportedFunction(exported, index)
          : kind === "memory"
            ? adopt(exported, Memory)
            : kind === "table"
              ? adopt(exported, Table)
              : adopt(exported, Global);
    }
    this.#exports = Object.freeze(exports);
  }
  get exports() {
    if (!(#exports in this)) throw new TypeError("not a WebAssembly.Instance");
    return this.#exports;
  }
}

/** @param {ArrayBuffer | ArrayBufferView} bytes */
function validate(bytes) {
  return native.validate(sourceBytes(bytes, "WebAssembly.validate()"));
}

/**
 * Compiles in a later task, as the standard's "asynchronously compile" settles (the bytes
 * are copied now).
 * @param {Uint8Array} bytes @returns {Promise<Module>}
 */
function compileLater(bytes) {
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      try {
        resolve(new Module(bytes));
      } catch (error) {
        reject(error);
      }
    }, 0);
  });
}

/** @param {ArrayBuffer | ArrayBufferView} bytes */
async function compile(bytes) {
  return compileLater(sourceBytes(bytes, "WebAssembly.compile()"));
}

/**
 * @param {ArrayBuffer | ArrayBufferView | Module} source @param {object} [importObject]
 * @returns {Promise<any>}
 */
async function instantiate(source, importObject) {
  if (source instanceof Module) return new Instance(source, importObject);
  const module = await compileLater(sourceBytes(source, "WebAssembly.instantiate()"));
  return { module, instance: new Instance(module, importObject) };
}

/** @param {unknown} source */
async function compileStreaming(source) {
  const { Response } = await import("./response.js");
  const response =
    /** @type {{ headers: { get(name: string): string | null }, ok: boolean, arrayBuffer(): Promise<ArrayBuffer> }} */ (
      await source
    );
  if (!(response instanceof Response))
    throw new TypeError("WebAssembly.compileStreaming(): Argument 0 must be a Response or a Promise of one");
  const type = response.headers.get("content-type");
  if (type === null || type.replace(/^[\t ]+|[\t ]+$/g, "").toLowerCase() !== "application/wasm")
    throw new TypeError(
      `WebAssembly.compileStreaming(): Incorrect response MIME type. Expected 'application/wasm'.`,
    );
  if (!response.ok) throw new TypeError(`WebAssembly.compileStreaming(): HTTP status code is not ok`);
  return compileLater(new Uint8Array(await response.arrayBuffer()));
}

/** @param {unknown} source @param {object} [importObject] */
async function instantiateStreaming(source, importObject) {
  const module = await compileStreaming(source);
  return { module, instance: new Instance(module, importObject) };
}

for (const [Class, name] of /** @type {const} */ ([
  [Module, "Module"],
  [Memory, "Memory"],
  [Table, "Table"],
  [Global, "Global"],
  [Instance, "Instance"],
])) {
  Object.defineProperty(Class.prototype, Symbol.toStringTag, {
    value: `WebAssembly.${name}`,
    configurable: true,
  });
}

export const WebAssembly = {
  Module,
  Instance,
  Memory,
  Table,
  Global,
  CompileError,
  LinkError,
  RuntimeError,
  validate,
  compile,
  instantiate,
  compileStreaming,
  instantiateStreaming,
};
for (const key of Object.keys(WebAssembly)) {
  Object.defineProperty(WebAssembly, key, { enumerable: false });
}
Object.defineProperty(WebAssembly, Symbol.toStringTag, { value: "WebAssembly", configurable: true });
