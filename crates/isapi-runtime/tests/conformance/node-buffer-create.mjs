// node:buffer — creating Buffers: from, alloc, allocUnsafe, of, copyBytesFrom, concat,
// byteLength, isEncoding, isBuffer, the deprecated Buffer() call, and their errors.
import { Buffer as B } from "node:buffer";
const bytes = (b) => `${b.constructor.name}(${b.length})[${Array.from(b).join(",")}]`;
const show = (label, f) => {
  try {
    const v = f();
    console.log(label, v instanceof Uint8Array ? bytes(v) : typeof v === "bigint" ? `${v}n` : JSON.stringify(v));
  } catch (e) {
    console.log(label, "threw", e.name, e.code, e.message);
  }
};
console.log(B === Buffer, typeof Buffer, Buffer.name, Buffer.length, Buffer.poolSize);
console.log(Object.getPrototypeOf(Buffer) === Uint8Array, Buffer.from("a") instanceof Uint8Array, Buffer.from("a") instanceof Buffer);
console.log(Buffer.prototype.constructor === Buffer, Buffer.from("a").constructor === Buffer);
console.log(Object.prototype.toString.call(Buffer.from("a")), Buffer.isBuffer(new Uint8Array(1)), Buffer.isBuffer(Buffer.alloc(0)), Buffer.isBuffer("x"));
show("from string", () => Buffer.from("héllo €𝄞"));
show("from empty", () => Buffer.from(""));
show("from empty bad enc", () => Buffer.from("", "nope"));
show("from bad enc", () => Buffer.from("ab", "nope"));
show("from enc empty str", () => Buffer.from("ab", ""));
show("from enc number", () => Buffer.from("ab", 5));
show("from array", () => Buffer.from([1, 2, 256, -1, 1.7, "3", null, undefined, NaN, "x"]));
show("from empty array", () => Buffer.from([]));
show("from array-like", () => Buffer.from({ length: 3, 0: 9, 1: 8 }));
show("from array-like bad length", () => Buffer.from({ length: "3", 0: 9 }));
show("from json", () => Buffer.from({ type: "Buffer", data: [1, 2, 3] }));
show("from json round trip", () => Buffer.from(JSON.parse(JSON.stringify(Buffer.from("hi")))));
show("from uint16array", () => Buffer.from(new Uint16Array([1, 258, 65535])));
show("from float64array", () => Buffer.from(new Float64Array([1.5, -2, 300])));
const src = Buffer.from([1, 2, 3]);
const copy = Buffer.from(src);
copy[0] = 99;
show("from buffer copies", () => src);
const ab = new Uint8Array([10, 20, 30, 40, 50]).buffer;
show("from arraybuffer", () => Buffer.from(ab));
show("from arraybuffer offset", () => Buffer.from(ab, 1));
show("from arraybuffer offset length", () => Buffer.from(ab, 1, 2));
show("from arraybuffer offset string", () => Buffer.from(ab, "2"));
show("from arraybuffer offset NaN", () => Buffer.from(ab, "x", 2));
show("from arraybuffer length negative", () => Buffer.from(ab, 1, -4));
show("from arraybuffer offset out", () => Buffer.from(ab, 6));
show("from arraybuffer length out", () => Buffer.from(ab, 1, 5));
const shared = Buffer.from(ab, 1, 2);
new Uint8Array(ab)[1] = 77;
show("arraybuffer view shares", () => shared);
show("from String object", () => Buffer.from(new String("obj")));
show("from valueOf", () => Buffer.from({ valueOf: () => "vo" }));
show("from toPrimitive", () => Buffer.from({ [Symbol.toPrimitive]: () => "tp" }));
show("from toPrimitive enc", () => Buffer.from({ [Symbol.toPrimitive]: () => "6869" }, "hex"));
for (const bad of [undefined, null, 5, true, Symbol("s"), () => 1, {}, 12345678901234567890n]) {
  show(`from ${typeof bad}`, () => Buffer.from(bad));
}
show("of", () => Buffer.of(1, 2, 300, -1));
show("of none", () => Buffer.of());
show("copyBytesFrom", () => Buffer.copyBytesFrom(new Uint16Array([1, 2, 3]), 1));
show("copyBytesFrom len", () => Buffer.copyBytesFrom(new Uint16Array([1, 2, 3]), 1, 1));
show("copyBytesFrom u8", () => Buffer.copyBytesFrom(new Uint8Array([5, 6, 7]), 1, 5));
show("copyBytesFrom past", () => Buffer.copyBytesFrom(new Uint8Array([5, 6, 7]), 9));
show("copyBytesFrom bad", () => Buffer.copyBytesFrom([1, 2]));
show("copyBytesFrom bad offset", () => Buffer.copyBytesFrom(new Uint8Array(2), -1));
show("copyBytesFrom bad offset type", () => Buffer.copyBytesFrom(new Uint8Array(2), "1"));
show("alloc", () => Buffer.alloc(4));
show("alloc fill number", () => Buffer.alloc(4, 257));
show("alloc fill string", () => Buffer.alloc(5, "ab"));
show("alloc fill hex", () => Buffer.alloc(5, "a1b2", "hex"));
show("alloc fill base64", () => Buffer.alloc(5, "AQI=", "base64"));
show("alloc fill bad hex", () => Buffer.alloc(5, "zz", "hex"));
show("alloc fill bad enc", () => Buffer.alloc(5, "ab", "nope"));
show("alloc fill enc type", () => Buffer.alloc(5, "ab", 7));
show("alloc fill buffer", () => Buffer.alloc(5, Buffer.from([1, 2])));
show("alloc fill empty buffer", () => Buffer.alloc(5, Buffer.alloc(0)));
show("alloc fill empty string", () => Buffer.alloc(3, ""));
show("alloc fill bool", () => Buffer.alloc(3, true));
show("alloc fill utf8 multi", () => Buffer.alloc(7, "é"));
show("alloc fill latin1", () => Buffer.alloc(3, "é", "latin1"));
show("alloc zero fill", () => Buffer.alloc(0, 5));
for (const size of [-1, 1.5, NaN, "4", 2 ** 32 + 1, Infinity, null, 1e12]) {
  show(`alloc ${String(size)}`, () => Buffer.alloc(size));
  show(`allocUnsafe ${String(size)}`, () => Buffer.allocUnsafe(size));
}
show("allocUnsafe", () => Buffer.allocUnsafe(3).length);
show("allocUnsafeSlow", () => Buffer.allocUnsafeSlow(3).length);
show("allocUnsafeSlow bad", () => Buffer.allocUnsafeSlow(-3));
show("Buffer(3)", () => Buffer(3));
show("new Buffer(str)", () => new Buffer("ab", "hex"));
show("Buffer(n, enc)", () => Buffer(3, "hex"));
show("Buffer([])", () => Buffer([1, 2]));
show("concat", () => Buffer.concat([Buffer.from("ab"), new Uint8Array([1]), Buffer.alloc(0), Buffer.from("c")]));
show("concat length short", () => Buffer.concat([Buffer.from("abc"), Buffer.from("def")], 4));
show("concat length long", () => Buffer.concat([Buffer.from("abc")], 6));
show("concat empty", () => Buffer.concat([]));
show("concat empty length", () => Buffer.concat([], 5));
show("concat not array", () => Buffer.concat("ab"));
show("concat bad item", () => Buffer.concat([Buffer.from("a"), "b"]));
show("concat bad item2", () => Buffer.concat([[1, 2]]));
show("concat bad length", () => Buffer.concat([Buffer.from("a")], -1));
show("concat bad length type", () => Buffer.concat([Buffer.from("a")], "1"));
for (const [s, e] of [["héllo", undefined], ["héllo", "utf8"], ["héllo", "latin1"], ["héllo", "ucs2"], ["aGVsbG8=", "base64"], ["aGVsbG8", "base64"], ["aGVsbG8==", "base64url"], ["a GVs\nbG8=", "base64"], ["abc", "hex"], ["abcd", "HEX"], ["x", "nope"], ["𝄞\ud800", "utf8"], ["", "hex"], ["=", "base64"], ["==", "base64"], ["a", "base64"]]) {
  show(`byteLength ${JSON.stringify(s)} ${e}`, () => Buffer.byteLength(s, e));
}
show("byteLength buffer", () => Buffer.byteLength(Buffer.alloc(7)));
show("byteLength arraybuffer", () => Buffer.byteLength(new ArrayBuffer(9)));
show("byteLength dataview", () => Buffer.byteLength(new DataView(new ArrayBuffer(9), 2)));
show("byteLength u32", () => Buffer.byteLength(new Uint32Array(3)));
show("byteLength number", () => Buffer.byteLength(5));
show("byteLength object", () => Buffer.byteLength({}));
for (const e of ["utf8", "UTF-8", "utf-8", "Utf8", "ucs2", "UCS-2", "utf16le", "utf-16le", "UTF16LE", "latin1", "binary", "BINARY", "ascii", "base64", "Base64", "base64url", "hex", "", "utf16", "utf-16", "nope", null, undefined, 1, {}]) {
  console.log("isEncoding", JSON.stringify(e), Buffer.isEncoding(e));
}
