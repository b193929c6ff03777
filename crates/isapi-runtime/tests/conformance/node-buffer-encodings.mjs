// node:buffer — the string encodings both ways: toString(enc, start, end), write(string,
// offset, length, enc), and Node's lenient decoding (hex, base64, utf8, ascii, utf16le).
import { Buffer } from "node:buffer";
const list = (b) => `[${Array.from(b).join(",")}]`;
const show = (label, f) => {
  try {
    const v = f();
    console.log(label, v instanceof Uint8Array ? list(v) : JSON.stringify(v));
  } catch (e) {
    console.log(label, "threw", e.name, e.code, e.message);
  }
};
const encodings = ["utf8", "utf16le", "latin1", "ascii", "base64", "base64url", "hex"];
const samples = ["", "a", "hello", "héllo wörld", "€", "𝄞x", "\ud800", "a\udc00b", "\ud83d\ude00", "\u0000\u007f\u0080\u00ff\u0100", "日本語テキスト"];
for (const enc of encodings) {
  for (const s of samples) show(`from ${enc} ${JSON.stringify(s)}`, () => Buffer.from(s, enc));
}
const all = Buffer.alloc(256);
for (let i = 0; i < 256; i++) all[i] = i;
for (const enc of encodings) show(`all bytes ${enc}`, () => all.toString(enc));
const odd = Buffer.from([0x61, 0x00, 0x62, 0x00, 0x63]);
for (const enc of encodings) show(`odd ${enc}`, () => odd.toString(enc));
for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) {
  const b = all.subarray(250, 250 + Math.min(n, 6));
  show(`base64 ${n}`, () => [b.toString("base64"), b.toString("base64url")]);
}
// Malformed UTF-8, decoded as Node does (U+FFFD per maximal subpart).
const bad = [[0xff], [0xc3], [0xc3, 0x28], [0xe2, 0x82], [0xe2, 0x82, 0x28], [0xf0, 0x9f, 0x98], [0xf0, 0x9f, 0x98, 0x41], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0x80, 0x80], [0xef, 0xbb, 0xbf, 0x41]];
for (const b of bad) show(`utf8 ${list(b)}`, () => Buffer.from(b).toString());
// Lenient hex: stops at the first pair that is not hex.
for (const s of ["00ff", "0", "abc", "ABCDEF", "0g11", "11g0", "12 34", "zz", "ｆｆ", "0x12", "1234567"]) {
  show(`hex ${JSON.stringify(s)}`, () => Buffer.from(s, "hex"));
}
// Lenient base64: whitespace and strange characters skipped, both alphabets, stops at '='.
for (const s of ["", "Q", "QQ", "QQ=", "QQ==", "QUI", "QUJD", "QUJDRA", "Q U\nJ\tD", "QU*JD", "YQ==YQ==", "YQ=YQ", "-_-_", "+/+/", "////", "=QUJD", "QUJD=", "QUJD====", "\u0141QUI=", "é", "QUJDZA=", "Q===", "  "]) {
  show(`base64 ${JSON.stringify(s)}`, () => Buffer.from(s, "base64"));
  show(`base64url ${JSON.stringify(s)}`, () => Buffer.from(s, "base64url"));
}
// toString with ranges.
const hello = Buffer.from("hello world");
for (const args of [[], ["utf8"], [undefined, 2], ["utf8", 2, 5], ["utf8", -3, 4], ["utf8", 5, 2], ["utf8", 20], ["utf8", 0, 100], ["utf8", "2", "4"], ["utf8", 1.9, 3.9], ["utf8", NaN, NaN], ["hex", 1, 3], ["utf8", null, null], ["utf8", undefined, -1], ["nope"], [null], [""], ["UTF8"], ["Latin1", 0, 3]]) {
  show(`toString ${JSON.stringify(args)}`, () => hello.toString(...args));
}
show("toLocaleString", () => hello.toLocaleString());
show("String()", () => String(Buffer.from("xyz")));
show("template", () => `${Buffer.from("xyz")}`);
// write(string, offset, length, encoding)
const writes = [
  ["abc"], ["abc", 2], ["abc", 2, 1], ["abc", "hex"], ["a1b2c3", "hex"], ["a1b2c3", 1, "hex"], ["a1b2c3", 1, 2, "hex"],
  ["€€€", 0], ["€€€", 5], ["€€€", 1, 4], ["𝄞", 6], ["héllo", "latin1"], ["abcdef", "ucs2"], ["abc", 0, 3, "ucs2"],
  ["QUJDREVG", "base64"], ["QUJDREVG", 5, "base64"], ["abc", 8], ["abc", 9], ["abc", -1], ["abc", 1.5], ["abc", "1"],
  ["abc", 0, -1], ["abc", 0, 9], ["abc", 0, 20], ["abc", 0, 2.5], ["abc", 0, 2, "nope"], ["abc", "nope"], [5], [null, 0],
  ["abc", undefined, 2], ["abc", 0, undefined, "hex"], ["abc", 0, 3, ""], ["abc", 0, 3, null], ["xy", "zz", "hex"],
];
for (const args of writes) {
  const b = Buffer.alloc(8, 0x2e);
  show(`write ${JSON.stringify(args)}`, () => [b.write(...args), b.toString("latin1")]);
}
for (const name of ["utf8Write", "latin1Write", "asciiWrite", "hexWrite", "base64Write", "ucs2Write"]) {
  const b = Buffer.alloc(6);
  show(name, () => [b[name]("616263", 1), list(b)]);
}
for (const name of ["utf8Slice", "latin1Slice", "asciiSlice", "hexSlice", "base64Slice", "base64urlSlice", "ucs2Slice"]) {
  show(name, () => [hello[name](), hello[name](1, 4)]);
}
const six = Buffer.from("abcdef");
for (const args of [[5], [7], [2, 1], [0, 9], [-1], ["1", "3"], [1.5, 3], [NaN, 2], [undefined, 4]]) {
  show(`slices ${JSON.stringify(args)}`, () => [six.latin1Slice(...args), six.hexSlice(...args), six.utf8Slice(...args)]);
}
for (const args of [["x", 7], ["x", 2, 9], ["xyz", -1], ["xyz", 1, -1], ["xyz", "1"], ["xyz", 1.5], [5, 0], ["xyz", 6], ["xyz", 5, 0]]) {
  const b = Buffer.alloc(6, 0x2e);
  show(`writes ${JSON.stringify(args)}`, () => [b.latin1Write(...args), b.hexWrite("abab", ...args.slice(1)), b.toString("latin1")]);
}
