// node:string_decoder — StringDecoder over chunks split at every position, for each
// encoding; what write/end give, the held-back state, and the errors.
import sd, { StringDecoder } from "node:string_decoder";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
console.log(require("string_decoder") === sd, sd.StringDecoder === StringDecoder, Object.keys(sd).join());
const show = (label, f) => {
  try {
    console.log(label, JSON.stringify(f()));
  } catch (e) {
    console.log(label, "threw", e.name, e.code, e.message);
  }
};
const samples = [
  Buffer.from("aé€𝄞z"),
  Buffer.from([0xe2, 0x82, 0x61, 0xf0, 0x9f, 0x98, 0xc3]),
  Buffer.from([0xff, 0xc3, 0xa9, 0x80, 0x80, 0xed, 0xa0, 0x80, 0xf8, 0x88]),
  Buffer.from("h\ud83d\ude00é", "utf16le"),
  Buffer.from([0x3d, 0xd8, 0x41, 0x00, 0x00, 0xdc, 0x42]),
  Buffer.from("abcdefgh"),
];
for (const encoding of ["utf8", "utf16le", "base64", "base64url", "hex", "latin1", "ascii"]) {
  for (const [n, bytes] of samples.entries()) {
    // Every split into two chunks, then three-byte chunks, then byte by byte.
    const results = new Set();
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = new StringDecoder(encoding);
      results.add(JSON.stringify([d.write(bytes.subarray(0, cut)), d.write(bytes.subarray(cut)), d.end()]));
    }
    console.log(encoding, n, "splits", [...results].join(" | "));
    const d = new StringDecoder(encoding);
    const parts = [];
    for (let i = 0; i < bytes.length; i++) {
      parts.push(d.write(bytes.subarray(i, i + 1)));
      parts.push(`${d.lastNeed}/${d.lastTotal}/${[...d.lastChar].join(".")}`);
    }
    parts.push(d.end());
    console.log(encoding, n, "bytes", JSON.stringify(parts));
    const t = new StringDecoder(encoding);
    const threes = [];
    for (let i = 0; i < bytes.length; i += 3) threes.push(t.write(bytes.subarray(i, i + 3)));
    threes.push(t.end(Buffer.from([0x41])));
    console.log(encoding, n, "threes", JSON.stringify(threes));
  }
}
const d = new StringDecoder();
console.log(d.encoding, Object.keys(d).join(), d.lastChar.length, d.lastNeed, d.lastTotal);
d.write(Buffer.from([0xe2, 0x82]));
console.log([...d.lastChar].join(","), d.lastNeed, d.lastTotal, Buffer.isBuffer(d.lastChar));
show("end after split", () => d.end());
show("end again", () => d.end());
for (const e of [undefined, null, "UTF-8", "ucs2", "UCS-2", "utf-16le", "binary", "Latin1", "BASE64", "hex"]) {
  show(`encoding ${e}`, () => new StringDecoder(e).encoding);
}
for (const e of ["nope", "", "utf16", 5, {}]) show(`encoding ${JSON.stringify(e)}`, () => new StringDecoder(e).encoding);
const w = new StringDecoder("utf8");
show("write string", () => w.write("plain"));
show("write uint16array", () => w.write(new Uint16Array([0x6968])));
show("write dataview", () => w.write(new DataView(new Uint8Array([0x41, 0x42]).buffer)));
show("write arraybuffer", () => w.write(new ArrayBuffer(2)));
show("write number", () => w.write(5));
show("write null", () => w.write(null));
show("end string", () => w.end("tail"));
show("end number", () => w.end(5));
const x = new StringDecoder("utf8");
x.write(Buffer.from([0xe2]));
show("text", () => x.text(Buffer.from("xyz€"), 1));
show("text state", () => [x.lastNeed, x.lastTotal]);
