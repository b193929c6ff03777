// node:util promisify, callbackify, inherits, deprecate, types, isDeepStrictEqual, legacy helpers.
import util, { promisify, callbackify, inherits, deprecate, types, isDeepStrictEqual, TextEncoder, TextDecoder } from "node:util";
import typesModule from "node:util/types";
import { isPromise as namedIsPromise } from "node:util/types";
import { createRequire } from "node:module";
const require = createRequire("file:///x/y.js");
const show = (e) => console.log("threw", e.name, e.code, e.message);

console.log(require("util") === util, require("util").types === types, require("util/types") === typesModule, util.types === typesModule, namedIsPromise === types.isPromise);
console.log(new TextDecoder().decode(new TextEncoder().encode("héllo")), util.TextEncoder === TextEncoder);

// promisify
function cbStyle(a, b, cb) { setTimeout(() => (a < 0 ? cb(new Error("negative")) : cb(null, a + b)), 0); }
cbStyle.extra = "kept";
const p = promisify(cbStyle);
console.log(typeof p, p.extra, promisify(cbStyle) !== p, promisify(p) === p, p[promisify.custom] === p);
console.log(await p(1, 2));
try { await p(-1, 2); } catch (e) { console.log("rejected", e.message); }
function custom() {}
custom[promisify.custom] = () => Promise.resolve("custom result");
console.log(promisify(custom) === custom[promisify.custom], await promisify(custom)());
const withThis = { v: 7, get(cb) { cb(null, this.v); } };
console.log(await promisify(withThis.get).call(withThis));
const multi = (cb) => cb(null, 1, 2);
console.log(await promisify(multi)());
const falsyErr = (cb) => cb(0, "value");
console.log(await promisify(falsyErr)());
for (const bad of [undefined, 1, "f", {}]) { try { promisify(bad); } catch (e) { show(e); } }
const badCustom = () => {}; badCustom[promisify.custom] = 5;
try { promisify(badCustom); } catch (e) { show(e); }
console.log(promisify.custom === Symbol.for("nodejs.util.promisify.custom"));

// callbackify
async function add(a, b) { return a + b; }
const cbAdd = callbackify(add);
console.log(cbAdd.name, cbAdd.length);
await new Promise((resolve) => cbAdd(2, 3, (err, value) => { console.log("cb", err, value); resolve(); }));
const rejecting = callbackify(async () => { throw new TypeError("async fail"); });
await new Promise((resolve) => rejecting((err) => { console.log("cb err", err.name, err.message); resolve(); }));
const falsy = callbackify(() => Promise.reject(null));
await new Promise((resolve) => falsy((err) => { console.log("cb falsy", err.name, err.code, err.message, err.reason); resolve(); }));
const order = [];
await new Promise((resolve) => { cbAdd(1, 1, () => { order.push("callback"); resolve(); }); order.push("sync"); });
console.log(order.join(","));
try { cbAdd(1, 2); } catch (e) { show(e); }
try { cbAdd(1, 2, "nope"); } catch (e) { show(e); }
try { callbackify(5); } catch (e) { show(e); }

// inherits
function Animal(name) { this.name = name; }
Animal.prototype.speak = function () { return `${this.name} speaks`; };
function Dog(name) { Animal.call(this, name); }
inherits(Dog, Animal);
const d = new Dog("rex");
console.log(d.speak(), d instanceof Animal, Dog.super_ === Animal, Object.keys(Dog).length);
for (const [a, b] of [[undefined, Animal], [Dog, undefined], [Dog, null], [Dog, () => {}], [Dog, {}]]) {
  try { inherits(a, b); } catch (e) { show(e); }
}

// deprecate (process may not exist: only the wrapping is observed)
const old = deprecate(function oldFn(x) { return x * 2; }, "oldFn is deprecated", "DEP_TEST");
console.log(typeof old, old(2), old(3));
const OldClass = deprecate(class K { constructor(v) { this.v = v; } }, "K is deprecated");
console.log(new OldClass(5).v);
try { deprecate("x", "msg"); } catch (e) { console.log(e.name); }

// types
const checks = {
  isPromise: [Promise.resolve(), { then() {} }],
  isRegExp: [/x/, { source: "x" }],
  isDate: [new Date(), { getTime() {} }],
  isMap: [new Map(), new WeakMap()],
  isSet: [new Set(), new Map()],
  isWeakMap: [new WeakMap(), new Map()],
  isWeakSet: [new WeakSet(), new Set()],
  isTypedArray: [new Uint8Array(), new DataView(new ArrayBuffer(1))],
  isUint8Array: [new Uint8Array(), new Uint16Array()],
  isFloat64Array: [new Float64Array(), new Float32Array()],
  isBigInt64Array: [new BigInt64Array(), []],
  isArrayBuffer: [new ArrayBuffer(1), new Uint8Array()],
  isAnyArrayBuffer: [new ArrayBuffer(1), {}],
  isArrayBufferView: [new DataView(new ArrayBuffer(1)), new ArrayBuffer(1)],
  isDataView: [new DataView(new ArrayBuffer(1)), new Uint8Array()],
  isAsyncFunction: [async () => {}, () => {}],
  isGeneratorFunction: [function* () {}, function () {}],
  isGeneratorObject: [(function* () {})(), {}],
  isNativeError: [new TypeError(), { name: "Error", message: "" }],
  isBoxedPrimitive: [Object(1), 1],
  isNumberObject: [new Number(1), 1],
  isStringObject: [new String(""), ""],
  isBooleanObject: [new Boolean(true), true],
  isSymbolObject: [Object(Symbol()), Symbol()],
  isBigIntObject: [Object(1n), 1n],
  isMapIterator: [new Map().keys(), new Set().keys()],
  isSetIterator: [new Set().values(), new Map().values()],
  isArgumentsObject: [(function () { return arguments; })(), []],
  isProxy: [new Proxy({}, {}), {}],
  isExternal: [{}, null],
};
for (const [name, [yes, no]] of Object.entries(checks)) console.log(name, types[name](yes), types[name](no), typesModule[name] === types[name]);
const fake = { [Symbol.toStringTag]: "Date" };
class FakeMap { get [Symbol.toStringTag]() { return "Map"; } }
console.log(types.isDate(fake), types.isMap(new FakeMap()), types.isNativeError(Object.create(Error.prototype)), types.isAsyncFunction(async function* () {}), types.isGeneratorFunction(async function* () {}));
console.log(types.isRegExp(Object.setPrototypeOf(/x/, null)), types.isDate(Object.setPrototypeOf(new Date(), Array.prototype)), types.isTypedArray(Buffer_like()));
function Buffer_like() { return Object.setPrototypeOf(new Uint8Array(2), Object.create(Uint8Array.prototype)); }

// isDeepStrictEqual
const pairs = [
  [1, 1], [1, "1"], [NaN, NaN], [0, -0], [{ a: 1 }, { a: 1 }], [{ a: 1 }, { a: "1" }], [[1, 2], [1, 2]], [[1, 2], [2, 1]],
  [{ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }], [{ a: undefined }, {}], [[1, , 3], [1, undefined, 3]],
  [new Date(0), new Date(0)], [new Date(0), new Date(1)], [/a/g, /a/g], [/a/g, /a/i], [new Map([[1, { a: 1 }]]), new Map([[1, { a: 1 }]])],
  [new Set([1, { x: 1 }]), new Set([{ x: 1 }, 1])], [new Set([1]), new Set(["1"])], [new Map([[{ k: 1 }, 1]]), new Map([[{ k: 1 }, 1]])],
  [Object.create(null), {}], [new Number(1), new Number(1)], [new Number(1), new Number(2)], [new String("a"), "a"],
  [new Uint8Array([1, 2]), new Uint8Array([1, 2])], [new Uint8Array([1]), new Int8Array([1])], [new Float64Array([0]), new Float64Array([-0])],
  [new ArrayBuffer(2), new ArrayBuffer(2)], [new Error("a"), new Error("a")], [new Error("a"), new TypeError("a")], [new Error("a"), new Error("b")],
  [{ [Symbol.for("s")]: 1 }, { [Symbol.for("s")]: 1 }], [{ [Symbol.for("s")]: 1 }, {}], [() => {}, () => {}], [null, undefined], [null, {}],
  [[1, 2, 3], { 0: 1, 1: 2, 2: 3, length: 3 }], [Object.assign([1], { x: 1 }), Object.assign([1], { x: 1 })], [Object.assign([1], { x: 1 }), [1]],
];
console.log(pairs.map(([a, b]) => (isDeepStrictEqual(a, b) ? 1 : 0)).join(""));
const cyc1 = { a: 1 }; cyc1.self = cyc1; const cyc2 = { a: 1 }; cyc2.self = cyc2; const cyc3 = { a: 1, self: { a: 1 } }; cyc3.self.self = cyc3;
console.log(isDeepStrictEqual(cyc1, cyc2), isDeepStrictEqual(cyc1, cyc3));

// Legacy helpers.
console.log(util.isArray([]), util.isBoolean(false), util.isNull(null), util.isNullOrUndefined(undefined), util.isNumber(1), util.isString(""), util.isSymbol(Symbol()), util.isUndefined(undefined), util.isRegExp(/x/), util.isObject({}), util.isObject(null), util.isDate(new Date()), util.isError(new Error()), util.isFunction(() => {}), util.isPrimitive(1), util.isPrimitive({}));
console.log(util.toUSVString("a\ud800b"), util.stripVTControlCharacters("\u001b[31mred\u001b[39m plain"), JSON.stringify(util._extend({ a: 1 }, { b: 2 })));
try { util.stripVTControlCharacters(5); } catch (e) { show(e); }
const log = util.debuglog("isapi-test-section");
console.log(typeof log, log.enabled);
log("not printed");
const x1 = { n: 1 }; x1.next = { n: 2, next: x1 }; const x2 = { n: 1 }; x2.next = { n: 2, next: x2 };
const x3 = { n: 1 }; x3.next = { n: 2, next: { n: 1, next: x3.next } };
const arr1 = [1]; arr1.push(arr1); const arr2 = [1]; arr2.push(arr2); const arr3 = [1, [1]]; arr3[1].push(arr3);
console.log(isDeepStrictEqual(x1, x2), isDeepStrictEqual(x1, x3), isDeepStrictEqual(arr1, arr2), isDeepStrictEqual(arr1, arr3), isDeepStrictEqual(arr3, arr1));
