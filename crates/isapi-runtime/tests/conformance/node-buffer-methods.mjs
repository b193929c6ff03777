// node:buffer — searching, comparing, copying, slicing, fill, swap, toJSON, inspect, and
// the module's other exports (require, default export, atob/btoa, isUtf8, transcode).
import bufferModule, * as named from "node:buffer";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const list = (b) => `[${Array.from(b).join(",")}]`;
const show = (label, f) => {
  try {
    const v = f();
    console.log(label, v instanceof Uint8Array ? list(v) : JSON.stringify(v));
  } catch (e) {
    console.log(label, "threw", e.name, e.code, e.message);
  }
};
const hay = Buffer.from("abcabcXabc€ab");
const searches = [
  ["abc"], ["abc", 1], ["abc", -3], ["abc", -100], ["abc", 100], ["c", "latin1"], ["€"], ["€", "latin1"], ["zz"], [""], ["", 5], ["", 100], ["", -100],
  [99], [99, 3], [99 + 256], [-157], [0x2c], [Buffer.from("Xa")], [new Uint8Array([98, 99])], [Buffer.alloc(0)], [Buffer.alloc(0), 100],
  ["6162", "hex"], ["6162", 2, "hex"], ["YWJj", "base64"], ["abc", "nope"], [{}], [null], [true], ["abc", "3"], ["abc", {}], ["abc", null], ["abc", [2]], ["abc", 1.7], ["abc", Infinity], ["abc", -Infinity], ["abc", NaN],
  ["a", 0, "ucs2"], ["b\u0000", "ucs2"],
];
for (const args of searches) {
  const label = JSON.stringify(args.map((a) => (a instanceof Uint8Array ? list(a) : a)));
  show(`indexOf ${label}`, () => hay.indexOf(...args));
  show(`lastIndexOf ${label}`, () => hay.lastIndexOf(...args));
  show(`includes ${label}`, () => hay.includes(...args));
}
const wide = Buffer.from("abcab€", "ucs2");
const shifted = Buffer.concat([Buffer.from([0]), wide]);
for (const [label, b] of [["wide", wide], ["shifted", shifted]]) {
  for (const args of [["b", "ucs2"], ["b", 3, "ucs2"], ["b", 4, "ucs2"], ["€", "utf16le"], ["ab", -4, "ucs2"], ["x", "ucs2"]]) {
    show(`${label} indexOf ${JSON.stringify(args)}`, () => [b.indexOf(...args), b.lastIndexOf(...args)]);
  }
}
show("indexOf empty hay", () => Buffer.alloc(0).indexOf("a"));
show("lastIndexOf empty hay", () => Buffer.alloc(0).lastIndexOf(0));
show("indexOf empty both", () => Buffer.alloc(0).indexOf(""));
const a = Buffer.from("abc");
show("equals", () => [a.equals(Buffer.from("abc")), a.equals(Buffer.from("abd")), a.equals(new Uint8Array([97, 98, 99])), a.equals(a), Buffer.alloc(0).equals(Buffer.alloc(0))]);
show("equals bad", () => a.equals("abc"));
show("Buffer.compare", () => [Buffer.compare(a, Buffer.from("abd")), Buffer.compare(a, Buffer.from("ab")), Buffer.compare(a, a), Buffer.compare(Buffer.from("b"), a)]);
show("Buffer.compare bad1", () => Buffer.compare("a", a));
show("Buffer.compare bad2", () => Buffer.compare(a, [1]));
show("sort", () => [Buffer.from("b"), Buffer.from("ab"), Buffer.from("a"), Buffer.from("")].sort(Buffer.compare).map(String));
const t = Buffer.from("xxbcdyy");
for (const args of [[], [2], [2, 5], [2, 5, 1], [2, 5, 1, 4], [0, 0], [0, 0, 3, 3], [3, 3, 0, 1], [1, 4, 1, 1], [-1], [0, 9], [0, 2, 5], [0, 1, 0, 9], [1.5], ["1"], [0, 100], [100, 100]]) {
  show(`compare ${JSON.stringify(args)}`, () => Buffer.from("abcdef").compare(t, ...args));
}
show("compare bad", () => a.compare("abc"));
for (const args of [[], [1], [1, 1], [1, 1, 2], [0, 2, 1], [5], [-1], [0, -1], [0, 4], [0, 0, -1], [0, 1.7], ["1"], [0, 0, 100], [NaN, NaN, NaN], [0, 3, 3]]) {
  const target = Buffer.alloc(4, 0x2e);
  show(`copy ${JSON.stringify(args)}`, () => [Buffer.from("abc").copy(target, ...args), target.toString()]);
}
show("copy to uint8array", () => { const u = new Uint8Array(3); Buffer.from("hi").copy(u, 1); return list(u); });
show("copy bad target", () => a.copy([]));
show("copy overlapping", () => { const b = Buffer.from("abcdef"); b.copy(b, 2, 0, 4); return b.toString(); });
const base = Buffer.from("0123456789");
for (const args of [[], [2], [2, 5], [-3], [-3, -1], [5, 2], [100], [0, 100], [-100, 3], [1.7, 4.2], ["2", "4"], [NaN, 3], [undefined, 3], [null, null]]) {
  show(`subarray ${JSON.stringify(args)}`, () => base.subarray(...args).toString());
  show(`slice ${JSON.stringify(args)}`, () => base.slice(...args).toString());
}
const view = base.subarray(2, 4);
view[0] = 0x41;
show("subarray is a view", () => [base.toString(), view instanceof Buffer, base.slice(1) instanceof Buffer]);
const fills = [
  [7], [7, 2], [7, 2, 4], [257], [-1], ["ab"], ["ab", 1], ["ab", 1, 4], ["ab", "latin1"], ["ab", 1, "latin1"], ["6a6b", "hex"], ["6a6b", 1, 5, "hex"],
  ["zz", "hex"], ["é"], ["é", "latin1"], ["€", 1], [""], [Buffer.from([1, 2, 3])], [new Uint16Array([0x0102])], [Buffer.alloc(0)], [true], [{}],
  [1, -1], [1, 0, 9], [1, 0, 7], [1, 5, 2], [1, 1.5], [1, "1"], ["a", 0, 3, "nope"], ["a", 0, 3, 5], [1, 0, 3, "nope"], [null],
];
for (const args of fills) {
  const b = Buffer.alloc(8);
  show(`fill ${JSON.stringify(args)}`, () => list(b.fill(...args)));
}
for (const name of ["swap16", "swap32", "swap64"]) {
  for (const n of [0, 2, 4, 8, 16, 3]) {
    const b = Buffer.from(Array.from({ length: n }, (_, i) => i));
    show(`${name} ${n}`, () => list(b[name]()));
  }
}
show("toJSON", () => Buffer.from([1, 2, 3]).toJSON());
show("toJSON empty", () => Buffer.alloc(0).toJSON());
show("JSON.stringify", () => JSON.stringify({ b: Buffer.from("hi") }));
const inspect = Symbol.for("nodejs.util.inspect.custom");
show("inspect", () => [Buffer.from("hi")[inspect](), Buffer.alloc(0)[inspect](), Buffer.alloc(60, 1)[inspect](), Buffer.alloc(51)[inspect]()]);
show("inspect method", () => Buffer.from("hi").inspect());
show("parent/offset", () => { const b = Buffer.from(new ArrayBuffer(8), 2, 3); return [b.parent === b.buffer, b.offset]; });
// Uint8Array's own methods still work on Buffers.
show("map", () => Buffer.from([1, 2]).map((x) => x * 2));
show("map is Buffer", () => Buffer.from([1, 2]).map((x) => x) instanceof Buffer);
show("Array.from", () => Array.from(Buffer.from("ab")));
show("spread", () => [...Buffer.from("ab")]);
show("entries", () => [...Buffer.from("ab").entries()]);
show("reverse", () => Buffer.from("abc").reverse().toString());
show("set", () => { const b = Buffer.alloc(3); b.set([1, 2], 1); return list(b); });
// The module.
console.log(Object.keys(named).sort().join(","));
console.log(Object.keys(bufferModule).sort().join(","));
console.log(require("buffer") === bufferModule, require("node:buffer").Buffer === Buffer, named.Buffer === Buffer, bufferModule.Buffer === Buffer);
console.log(named.kMaxLength, named.kStringMaxLength, JSON.stringify(named.constants), named.INSPECT_MAX_BYTES, bufferModule.INSPECT_MAX_BYTES);
console.log(named.Blob === Blob, named.File === File, named.atob === atob, named.btoa === btoa, named.atob("aGk="), named.btoa("hi"));
console.log(typeof named.SlowBuffer, named.SlowBuffer(3).length, named.SlowBuffer(2) instanceof Buffer);
show("isUtf8", () => [named.isUtf8(Buffer.from("héllo")), named.isUtf8(Buffer.from([0xff])), named.isUtf8(new ArrayBuffer(2)), named.isUtf8(new Uint16Array([0x41])), named.isUtf8(Buffer.alloc(0))]);
show("isUtf8 bad", () => named.isUtf8("x"));
show("isAscii", () => [named.isAscii(Buffer.from("abc")), named.isAscii(Buffer.from("é")), named.isAscii(new ArrayBuffer(3))]);
show("isAscii bad", () => named.isAscii([1]));
show("transcode utf8 to ucs2", () => named.transcode(Buffer.from("hé€"), "utf8", "ucs2"));
show("transcode ucs2 to utf8", () => named.transcode(Buffer.from("hé", "ucs2"), "ucs2", "utf8"));
show("transcode utf8 to latin1", () => named.transcode(Buffer.from("hé€"), "utf8", "latin1"));
show("transcode utf8 to ascii", () => named.transcode(Buffer.from("hé€"), "utf8", "ascii"));
show("transcode latin1 to utf8", () => named.transcode(Buffer.from([0xe9]), "latin1", "utf8"));
show("transcode bad", () => named.transcode("x", "utf8", "ucs2"));
show("transcode astral to ascii", () => named.transcode(Buffer.from("a𝄞b"), "utf8", "ascii"));
show("transcode lone surrogate", () => named.transcode(Buffer.from([0x00, 0xd8, 0x41, 0x00]), "ucs2", "utf8"));
for (const [bytes, from, to] of [[[0, 0xd8, 0x41, 0], "ucs2", "latin1"], [[0, 0xd8, 0x41, 0], "ucs2", "ucs2"], [[0xff, 0x41], "utf8", "ucs2"], [[0xff, 0x41], "utf8", "utf8"], [[0x41, 0], "ucs2", "ascii"], [[0x3d, 0xd8, 0x00, 0xde], "ucs2", "latin1"]]) {
  show(`transcode ${list(bytes)} ${from} ${to}`, () => named.transcode(Buffer.from(bytes), from, to));
}
for (const [from, to] of [["utf8", "hex"], ["base64", "utf8"], ["utf8", "nope"], ["latin1", "ucs2"], ["ascii", "utf8"], ["binary", "utf8"], ["ascii", "latin1"]]) {
  try {
    console.log("transcode", from, to, list(named.transcode(Buffer.from([0x68, 0xe9]), from, to)));
  } catch (e) {
    console.log("transcode", from, to, e.name, e.code, e.message, e.errno, Object.keys(e).join());
  }
}
