// node:buffer — large round trips, Buffer methods on plain Uint8Arrays, Uint8Array's own
// methods on Buffers (species), subclassing, and property shapes.
import { Buffer } from "node:buffer";
const show = (label, f) => {
  try {
    const v = f();
    console.log(label, v instanceof Uint8Array ? `${v.constructor.name}[${Array.from(v).join(",")}]` : JSON.stringify(v));
  } catch (e) {
    console.log(label, "threw", e.name, e.code, e.message);
  }
};
/** A checksum that does not use Buffer. */
const sum = (bytes) => {
  let h = 0;
  for (let i = 0; i < bytes.length; i++) h = (Math.imul(h, 31) + bytes[i]) | 0;
  return h;
};
const textSum = (text) => {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
};
for (const size of [0, 1, 2, 3, 100, 4095, 65536, 100003]) {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 131 + (i >> 8)) & 255;
  const b = Buffer.from(bytes);
  for (const enc of ["base64", "base64url", "hex", "latin1", "utf16le", "ascii", "utf8"]) {
    const text = b.toString(enc);
    const back = Buffer.from(text, enc);
    console.log(size, enc, text.length, textSum(text), back.length, sum(back), back.equals(b));
  }
}
const big = "x€𝄞".repeat(30000);
show("big utf8", () => [Buffer.byteLength(big), Buffer.from(big).length, sum(Buffer.from(big)), Buffer.from(big).toString() === big]);
const plain = new Uint8Array([104, 105, 255]);
show("readUInt16BE on Uint8Array", () => Buffer.prototype.readUInt16BE.call(plain, 1));
show("equals on Uint8Array", () => Buffer.prototype.equals.call(plain, Buffer.from([65, 105, 255])));
const b = Buffer.from("abcdef");
show("Uint8Array slice copies", () => { const s = Uint8Array.prototype.slice.call(b, 1, 3); s[0] = 0; return [s instanceof Buffer, b.toString()]; });
show("filter", () => b.filter((x) => x > 99));
show("filter is Buffer", () => b.filter((x) => x > 99) instanceof Buffer);
show("Uint8Array.from", () => Buffer.from(Uint8Array.from(b)) instanceof Buffer);
show("new Uint8Array(buf)", () => new Uint8Array(b).constructor.name);
show("ArrayBuffer.isView", () => ArrayBuffer.isView(b));
show("keys", () => Object.keys(Buffer.from("ab")));
show("own props", () => Object.getOwnPropertyNames(Buffer.from("ab")));
show("for in", () => { const k = []; for (const key in Buffer.from("ab")) k.push(key); return k; });
show("length", () => [Buffer.from("abc").length, Buffer.from("abc").byteLength, Buffer.alloc(5).subarray(1).byteOffset]);
show("instanceof on plain", () => [plain instanceof Buffer, Buffer.isBuffer(plain)]);
class MyBuffer extends Buffer {}
show("subclass", () => { const m = MyBuffer.from("hi"); return [m instanceof Buffer, m.constructor === Buffer, m.toString()]; });
show("Buffer.from(subarray)", () => Buffer.from(b.subarray(2, 4)));
show("fill returns this", () => { const x = Buffer.alloc(2); return x.fill(1) === x; });
show("write returns count", () => Buffer.alloc(4).write("€"));
show("typeof methods", () => ["from", "alloc", "concat", "compare"].map((m) => typeof Buffer[m]));
show("prototype methods enumerable", () => Object.keys(Buffer.prototype).length);
show("toString name", () => [Buffer.prototype.toString.name, Buffer.from.name, Buffer.alloc.name, Buffer.prototype.readUInt8.length]);
show("concat of subclasses", () => Buffer.concat([MyBuffer.from("a"), new Uint8Array([98])]));
show("JSON of nested", () => JSON.stringify([Buffer.from([1])]));
show("Symbol.toStringTag", () => Buffer.from("a")[Symbol.toStringTag]);
