// node:util inspect: primitives, strings and quotes, objects, arrays, nesting, collections,
// classes, functions, errors, circular references, options, line breaking.
import util, { inspect } from "node:util";
const p = (...values) => { for (const v of values) console.log(inspect(v)); };

p(1, -0, 1.5, NaN, -Infinity, 10n, true, null, undefined, Symbol("s"), Symbol(), Symbol.iterator);
p("plain", "it's", "say \"hi\" it's", "all ' \" `", "tab\tnl\nret\r", "\x00\x1b\x7f\u0085", "back\\slash", "", "\ud800 lone", "😀");
p({}, { a: 1, b: "two", c: [3] }, { "key-with-dash": 1, "1a": 2, a1: 3, _x: 4, $y: 5, "": 6, "with space": 7 });
p({ [Symbol("k")]: 1, [Symbol.for("g")]: "v" }, { __proto__: null }, Object.create(null), Object.assign(Object.create(null), { a: 1 }));
p([], [1, 2, 3], [, 1, , , 2, ,], new Array(5), [undefined, null], Object.assign([1, 2], { extra: true, [Symbol("s")]: 1 }));
p({ a: { b: { c: { d: { e: 1 } } } } }, { a: { b: { c: {} } } }, [[[[[1]]]]], { a: [{ b: [{ c: 1 }] }] });
p(new Map(), new Map([["a", 1], [{ k: 1 }, [2]]]), new Set(), new Set([1, "two", { three: 3 }]), new WeakMap(), new WeakSet());
p(new Date(0), new Date(NaN), /ab+c/gi, new RegExp("a/b"), Object.assign(/x/, { extra: 1 }));
p(new Number(3), new String("abc"), new Boolean(false), Object(10n), Object(Symbol("boxed")), Object.assign(new Number(-0), { x: 1 }));
p(function named() {}, () => {}, async function af() {}, function* gen() {}, async function* ag() {}, class A {}, class B extends Array {}, class {});
p(Object.assign(function withProps() {}, { a: 1 }), Math.max, [function inArray() {}]);
class Foo { constructor() { this.a = 1; } }
class Bar extends Foo { get g() { return 1; } }
class Empty {}
p(new Foo(), new Bar(), new Empty(), [new Foo()], { foo: new Foo() });
class Tagged { get [Symbol.toStringTag]() { return "Tag"; } }
p(new Tagged(), { [Symbol.toStringTag]: "own" });
p(Object.defineProperty({}, "g", { get() { return 1; }, enumerable: true }),
  Object.defineProperty({}, "s", { set(v) {}, enumerable: true }),
  Object.defineProperty({}, "gs", { get() { return 1; }, set(v) {}, enumerable: true }),
  Object.defineProperty({ visible: 1 }, "hidden", { value: 2, enumerable: false }));
console.log(inspect(Object.defineProperty({}, "g", { get() { return { x: 1 }; }, enumerable: true }), { getters: true }));
console.log(inspect(Object.defineProperty({ v: 1 }, "hidden", { value: 2, enumerable: false }), { showHidden: true }));
const circ = { name: "c" }; circ.self = circ; circ.list = [circ, { back: circ }];
p(circ);
const a = { x: {} }; a.x.up = a; const b = [a, a.x]; b.push(b);
p(b);
const m = new Map(); m.set("me", m); p(m);
p(new Uint8Array([1, 2, 3]), new Float64Array([1.5, -0]), new BigInt64Array([1n, -2n]), new Uint8Array(0), new Int16Array(2));
p(new ArrayBuffer(3), new DataView(new ArrayBuffer(2), 1), new Uint8Array(200));
p(Array.from({ length: 30 }, (_, i) => i), Array.from({ length: 120 }, (_, i) => i * 3));
p(Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i).repeat((i % 5) + 1)));
p(Array.from({ length: 10 }, (_, i) => ({ id: i })));
p({ long: "x".repeat(150) }, { text: "line one\nline two\nline three that is long enough to pass the break length of the inspect output" });
p({ a: "aaaaaaaaaaaaaaaaaaaa", b: "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", c: "cccccccccccccccccccccccccccc", d: "dddddddddddddddddddddddddddd", e: "eeeeeeeee" });
p([{ a: 1, b: 2 }, { a: 3, b: 4 }], { nested: { arr: [1, 2, { deep: { deeper: true } }] } });
p(Promise.resolve(42), Promise.reject(new Error("no")).catch(() => {}) && Promise.resolve({ v: [1] }), new Promise(() => {}));
const rejected = Promise.reject(3); rejected.catch(() => {}); p(rejected);
p((function () { return arguments; })(1, "a"), (function () { return arguments; })());

// Options.
const deep = { l1: { l2: { l3: { l4: { l5: 1 } } } } };
console.log(inspect(deep, { depth: 0 }));
console.log(inspect(deep, { depth: 1 }));
console.log(inspect(deep, { depth: Infinity }));
console.log(inspect(deep, { depth: null }));
console.log(inspect(new Foo(), { depth: -1 }), inspect([1], { depth: -1 }), inspect(new Map([[1, 1]]), { depth: -1 }));
console.log(inspect({ b: 2, a: 1, c: { z: 1, y: 2 } }, { sorted: true }));
console.log(inspect({ a: [1, 2, 3], b: { c: 1 } }, { compact: false }));
console.log(inspect({ a: [1, 2, 3], b: { c: 1 } }, { compact: true }));
console.log(inspect({ a: [1, 2, 3], b: { c: 1 } }, { breakLength: 10 }));
console.log(inspect(Array.from({ length: 10 }, (_, i) => i), { maxArrayLength: 3 }));
console.log(inspect("abcdefghij", { maxStringLength: 4 }));
console.log(inspect([1, "a", null], { colors: true }));
console.log(inspect(123456789, { numericSeparator: true }));
console.log(inspect({ a: 1 }, false, 0, false));
// Custom inspection.
class Custom { [inspect.custom](depth, options, insp) { return `Custom<${depth},${typeof options.stylize},${insp === inspect}>`; } }
p(new Custom(), { inner: new Custom() }, [new Custom()]);
p({ [inspect.custom]() { return { replaced: true }; } });
console.log(inspect({ [inspect.custom]() { return "no"; } }, { customInspect: false }).includes("Symbol(nodejs.util.inspect.custom)"));
console.log(inspect.custom === Symbol.for("nodejs.util.inspect.custom"), typeof inspect.defaultOptions, inspect.defaultOptions.depth, inspect.defaultOptions.breakLength);
console.log(util.inspect === inspect);
p(new Proxy({ a: 1 }, {}), new Proxy([1, 2], {}));
p({ "a\nb": 1, "quote'd": 2 });
p([["a", 1], ["b", 2]], { x: [[1, [2, [3, [4]]]]] });
p(Object.create({ inherited: 1 }), Object.create(Foo.prototype), Object.create(Array.prototype));
class MyArray extends Array {}
p(MyArray.from([1, 2]), new (class MyMap extends Map {})([[1, 2]]), new (class MySet extends Set {})());
p(globalThis.undefinedThing, [-0, 0, +0.0]);
