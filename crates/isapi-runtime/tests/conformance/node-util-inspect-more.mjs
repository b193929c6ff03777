// node:util inspect: more layouts (grouping, depth markers, keys), Buffer, bound and renamed
// functions, class statics, sets and maps of objects, sparse and long arrays.
import { inspect, format } from "node:util";
import { Buffer } from "node:buffer";
const p = (...values) => { for (const v of values) console.log(inspect(v)); };

p(Buffer.from("hi"), Buffer.alloc(60), { buf: Buffer.from([1, 2, 3]) });
p([-1, 20, -300, 4000, 5, -60000, 7, 8], [1.5, -2.25, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [1n, 22n, 333n, 4n, 5n, 6n, 7n]);
p(["a", "bb", "ccc", "dddd", "eeeee", "ffffff", "g"], [true, false, null, undefined, 1, "x", 2n]);
p(Array.from({ length: 7 }, (_, i) => ({ i })), Array.from({ length: 8 }, (_, i) => [i, i * 2]));
p(Array.from({ length: 101 }, (_, i) => i % 10), Array.from({ length: 200 }, () => "word"));
p({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9 }, { k1: "v".repeat(20), k2: "v".repeat(20), k3: "v".repeat(20) });
const nested = { a: { b: { c: { d: 1 } } }, m: new Map([["k", { x: { y: { z: 1 } } }]]), s: new Set([[1, [2, [3]]]]) };
p(nested, { n: { m: new Map([[1, 2]]), s: new Set([1]), a: [1], o: Object.create(null), f: new (class Foo {})() } });
console.log(inspect({ n: { m: new Map([[1, 2]]), s: new Set([1]), a: [1], o: Object.assign(Object.create(null), { x: 1 }), e: new Error("x"), f: new (class Foo { constructor() { this.v = 1; } })() } }, { depth: 0 }));
function original() {}
const bound = original.bind(null);
const renamed = function () {}; Object.defineProperty(renamed, "name", { value: "newName" });
const noName = function () {}; Object.defineProperty(noName, "name", { value: "" });
p(bound, renamed, noName, Object.setPrototypeOf(function nullProto() {}, null), Symbol.for, Array.prototype.push);
class WithStatic { static count = 1; static helper() {} }
class Child extends WithStatic {}
p(WithStatic, Child, [WithStatic], { cls: Child });
p(new Set([{ a: 1 }, [1, 2], "s"]), new Map([[{ key: 1 }, { value: 2 }], [[1], "arr"]]));
p(new Map([["a".repeat(30), "b".repeat(30)], ["c".repeat(30), "d".repeat(30)]]));
p([1, , 3, , , 6], Object.assign(new Array(3), { 1: "x" }), [, , ,]);
p({ "0": "zero", 1: "one", b: 2, [Symbol.iterator]: 3 });
p(Object.defineProperty([1, 2], "hidden", { value: 1, enumerable: false }));
p({ date: new Date(86400000), re: /x/y, num: new Number(5), str: new String("s"), sym: Object(Symbol.iterator) });
p([new Date(0), /re/], new (class MyDate extends Date {})(0), new (class MyRe extends RegExp {})("x", "g"));
p(Object.assign(new Date(0), { extra: true }), Object.assign(() => {}, { prop: [1, 2] }));
p(Object.create(null, { x: { value: 1, enumerable: true }, [Symbol.toStringTag]: { value: "Tagged" } }));
p(new (class extends Map {})(), new (class Named extends Set {})([1]), new (class TA extends Uint8Array {})(2));
p({ undef: undefined, nul: null, nan: NaN, inf: Infinity, negz: -0, big: 12345678901234567890n });
p("x".repeat(20) + "\n" + "y".repeat(20), ["a\nb"], { s: "short\nlines" });
p({ k: "x".repeat(70) + "\n" + "y".repeat(10) });
p([[[]]], [{}], [[{}]], { a: [] }, { a: {} }, [new Map()], [new Set()]);
p(Object.assign(Object.create({ inherited: true }), { own: 1 }));
p(new Proxy(function fnProxy() {}, {}), new Proxy(new Map(), {}).constructor.name);
console.log(inspect(new Proxy({ a: 1 }, {}), { showProxy: false }));
p(globalThis.Symbol ? [Symbol("a"), Symbol.for("b"), Symbol.asyncIterator] : 0);
p({ f: function () {}, g: () => {}, h: async () => {}, [Symbol("m")]() {}, get x() { return 1; } });
console.log(format("%s|%s|%s", [1, [2, [3, [4]]]], { a: { b: { c: {} } } }, new Map([[1, { a: 1 }]])));
console.log(format("%o", function namedFn() {}).split("\n")[0]);
console.log(format("%O", { deep: { deeper: { deepest: { bottom: 1 } } } }));
console.log(format("%s %O", "multi", [1, 2], "rest", 3, { r: 1 }));
