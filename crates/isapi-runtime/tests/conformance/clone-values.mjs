// structuredClone of what it can copy: primitives, wrappers, Date, RegExp, buffers and
// views, Map, Set, arrays (sparse), plain objects, class instances, identity and cycles.
const show = (value) => {
  const tag = Object.prototype.toString.call(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value !== "object" || value === null) return `${typeof value}:${String(value)}`;
  return tag;
};
for (const value of [undefined, null, true, 0, -0, NaN, Infinity, 12.5, "text", "", 10n, -(2n ** 70n)]) {
  const copy = structuredClone(value);
  console.log("primitive", show(copy), Object.is(copy, value));
}
for (const value of [Object(true), Object(5), Object("str"), Object(7n)]) {
  const copy = structuredClone(value);
  console.log("wrapper", show(copy), copy !== value, String(copy.valueOf()), typeof copy);
}
const date = new Date(Date.UTC(2020, 1, 29, 12));
const dateCopy = structuredClone(date);
console.log("date", dateCopy instanceof Date, dateCopy !== date, dateCopy.toISOString());
console.log("invalid date", String(structuredClone(new Date(NaN)).getTime()));
const regexp = /ab+c/gimsuy;
regexp.lastIndex = 3;
const regexpCopy = structuredClone(regexp);
console.log("regexp", regexpCopy.source, regexpCopy.flags, regexpCopy.lastIndex, regexpCopy !== regexp);
const buffer = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer;
const bufferCopy = structuredClone(buffer);
console.log("arraybuffer", bufferCopy.byteLength, new Uint8Array(bufferCopy).join(), bufferCopy !== buffer, buffer.byteLength);
for (const Type of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array]) {
  const view = new Type(new ArrayBuffer(32), 8, 2);
  view[0] = 3;
  const copy = structuredClone(view);
  console.log("view", Object.prototype.toString.call(copy), copy.byteOffset, copy.length, copy.buffer.byteLength, copy[0]);
}
const big = structuredClone(new BigInt64Array([1n, -2n]));
console.log("bigint64", big.join());
const dataView = new DataView(new ArrayBuffer(16), 4, 8);
dataView.setInt16(0, -2);
const dataViewCopy = structuredClone(dataView);
console.log("dataview", dataViewCopy instanceof DataView, dataViewCopy.byteOffset, dataViewCopy.byteLength, dataViewCopy.getInt16(0));
// Two views of one buffer stay on one buffer.
const shared = new ArrayBuffer(8);
const pair = structuredClone({ a: new Uint8Array(shared), b: new Uint16Array(shared, 2), shared });
pair.a[2] = 9;
console.log("shared buffer", pair.a.buffer === pair.b.buffer, pair.a.buffer === pair.shared, pair.b[0]);
const map = new Map([[{ k: 1 }, "one"], ["two", { v: 2 }]]);
const mapCopy = structuredClone(map);
console.log("map", mapCopy instanceof Map, mapCopy.size, [...mapCopy.keys()].map(show).join(), mapCopy.get("two").v);
const set = new Set([1, "a", { s: true }]);
const setCopy = structuredClone(set);
console.log("set", setCopy instanceof Set, setCopy.size, [...setCopy].map(show).join());
const sparse = [1, , 3];
sparse[10] = "ten";
sparse.prop = "extra";
const sparseCopy = structuredClone(sparse);
console.log("sparse", sparseCopy.length, 1 in sparseCopy, 10 in sparseCopy, sparseCopy[10], sparseCopy.prop, Array.isArray(sparseCopy));
console.log("empty array", structuredClone(new Array(5)).length);
const object = { a: 1, nested: { b: [2, 3] }, [Symbol("hidden")]: 1, undef: undefined };
Object.defineProperty(object, "hidden", { value: 1, enumerable: false });
const objectCopy = structuredClone(object);
console.log("object", JSON.stringify(objectCopy), Object.keys(objectCopy).join(), Object.getOwnPropertySymbols(objectCopy).length, "undef" in objectCopy);
const withGetter = {
  get computed() {
    return 42;
  },
};
const getterCopy = structuredClone(withGetter);
console.log("getter", JSON.stringify(Object.getOwnPropertyDescriptor(getterCopy, "computed")));
class Point {
  constructor() {
    this.x = 1;
    this.y = 2;
  }
  get sum() {
    return this.x + this.y;
  }
}
const pointCopy = structuredClone(new Point());
console.log("class instance", pointCopy instanceof Point, Object.getPrototypeOf(pointCopy) === Object.prototype, JSON.stringify(pointCopy), pointCopy.sum);
const nullProto = Object.create(null);
nullProto.z = 1;
console.log("null prototype", Object.getPrototypeOf(structuredClone(nullProto)) === Object.prototype);
// Identity and cycles
const inner = { shared: true };
const graph = { left: inner, right: inner, list: [inner] };
graph.self = graph;
graph.list.push(graph.list);
const graphCopy = structuredClone(graph);
console.log("identity", graphCopy.left === graphCopy.right, graphCopy.list[0] === graphCopy.left, graphCopy.left !== inner);
console.log("cycles", graphCopy.self === graphCopy, graphCopy.list[1] === graphCopy.list);
const cyclicMap = new Map();
cyclicMap.set("me", cyclicMap);
const cyclicMapCopy = structuredClone(cyclicMap);
console.log("cyclic map", cyclicMapCopy.get("me") === cyclicMapCopy);
// Getters run in property order; one that throws aborts the clone.
const order = [];
const ordered = {
  get b() {
    order.push("b");
    return 1;
  },
  get a() {
    order.push("a");
    return 2;
  },
};
structuredClone(ordered);
console.log("getter order", order.join());
try {
  structuredClone({
    get boom() {
      throw new RangeError("from getter");
    },
  });
} catch (error) {
  console.log("getter throws", error.name, error.message);
}
console.log("options ignored", structuredClone(1, undefined), structuredClone(2, {}), structuredClone(3, { transfer: [] }));
