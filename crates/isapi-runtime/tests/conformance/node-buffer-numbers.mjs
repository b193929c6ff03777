// node:buffer — the numeric readers and writers: every width, both byte orders, the
// variable-width and BigInt ones, the lower-case aliases, and their range and bounds errors.
import { Buffer } from "node:buffer";
const list = (b) => `[${Array.from(b).join(",")}]`;
const show = (label, f) => {
  try {
    const v = f();
    console.log(label, typeof v === "bigint" ? `${v}n` : Object.is(v, -0) ? "-0" : String(v));
  } catch (e) {
    console.log(label, "threw", e.name, e.code, e.message);
  }
};
const src = Buffer.from([0x01, 0x82, 0xf3, 0x44, 0xa5, 0x96, 0x07, 0xf8, 0x19, 0xfa]);
const fixed = ["UInt8", "Int8", "UInt16LE", "UInt16BE", "Int16LE", "Int16BE", "UInt32LE", "UInt32BE", "Int32LE", "Int32BE", "FloatLE", "FloatBE", "DoubleLE", "DoubleBE", "BigUInt64LE", "BigUInt64BE", "BigInt64LE", "BigInt64BE"];
for (const name of fixed) {
  for (const offset of [undefined, 0, 1, 2]) show(`read${name}(${offset})`, () => src[`read${name}`](offset));
  for (const offset of [-1, 1.5, "1", NaN, null, src.length, 9, Infinity]) show(`read${name}(${String(offset)})`, () => src[`read${name}`](offset));
  show(`read${name} empty`, () => Buffer.alloc(0)[`read${name}`]());
  show(`read${name} short`, () => Buffer.alloc(1)[`read${name}`](0));
}
for (const name of ["UIntLE", "UIntBE", "IntLE", "IntBE"]) {
  for (const size of [1, 2, 3, 4, 5, 6]) show(`read${name}(1, ${size})`, () => src[`read${name}`](1, size));
  for (const [o, s] of [[undefined, 2], [0, 0], [0, 7], [0, 1.5], [0, "2"], [0, undefined], [6, 6], [-1, 2], [5, 6]]) {
    show(`read${name}(${o}, ${s})`, () => src[`read${name}`](o, s));
  }
}
const writes = {
  UInt8: [0, 255, 256, -1, 1.7, NaN, "7", 1e3],
  Int8: [-128, 127, 128, -129, -1.5],
  UInt16LE: [0x1234, 65535, 65536, -1, 2.9],
  UInt16BE: [0x1234],
  Int16LE: [-32768, 32767, 32768, -2],
  Int16BE: [-2],
  UInt32LE: [0xdeadbeef, 2 ** 32, -1, 2 ** 32 - 1],
  UInt32BE: [0xdeadbeef],
  Int32LE: [-(2 ** 31), 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, -1],
  Int32BE: [-5],
  FloatLE: [1.5, -0, NaN, Infinity, 3.4e39, 1e-46, "2.5"],
  FloatBE: [-1.25],
  DoubleLE: [Math.PI, -0, NaN, -Infinity, 5e-324],
  DoubleBE: [Math.E],
  BigUInt64LE: [0n, 2n ** 64n - 1n, 2n ** 64n, -1n, 0x0102030405060708n],
  BigUInt64BE: [0x0102030405060708n],
  BigInt64LE: [-(2n ** 63n), 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n) - 1n, -2n],
  BigInt64BE: [-2n],
};
for (const [name, values] of Object.entries(writes)) {
  for (const value of values) {
    const b = Buffer.alloc(10);
    show(`write${name}(${typeof value === "bigint" ? `${value}n` : String(value)})`, () => `${b[`write${name}`](value, 1)} ${list(b)}`);
  }
  const sample = values[0];
  for (const offset of [undefined, -1, 1.5, "1", 9, 10, NaN]) {
    const b = Buffer.alloc(10);
    show(`write${name} at ${String(offset)}`, () => `${b[`write${name}`](sample, offset)} ${list(b)}`);
  }
  show(`write${name} short`, () => Buffer.alloc(1)[`write${name}`](sample, 0));
}
for (const name of ["UIntLE", "UIntBE", "IntLE", "IntBE"]) {
  const signed = name.startsWith("Int");
  for (const size of [1, 2, 3, 4, 5, 6]) {
    const max = signed ? 2 ** (8 * size - 1) - 1 : 2 ** (8 * size) - 1;
    const min = signed ? -(2 ** (8 * size - 1)) : 0;
    for (const value of [max, min, max + 1, min - 1, signed ? -3 : 3]) {
      const b = Buffer.alloc(8);
      show(`write${name}(${value}, 1, ${size})`, () => `${b[`write${name}`](value, 1, size)} ${list(b)}`);
    }
  }
  for (const [o, s] of [[0, 0], [0, 7], [0, "2"], [undefined, 2], [7, 2], [0, undefined]]) {
    show(`write${name}(1, ${o}, ${s})`, () => Buffer.alloc(8)[`write${name}`](1, o, s));
  }
}
// Round trips over many values.
const b = Buffer.alloc(8);
let mismatches = 0;
for (let i = -70000; i <= 70000; i += 977) {
  b.writeInt32BE(i * 1234, 2);
  if (b.readInt32BE(2) !== i * 1234) mismatches++;
  b.writeIntLE(i * 99991, 1, 6);
  if (b.readIntLE(1, 6) !== i * 99991) mismatches++;
  b.writeDoubleLE(i / 7, 0);
  if (b.readDoubleLE(0) !== i / 7) mismatches++;
}
console.log("round trip mismatches", mismatches);
// Aliases are the same functions.
const proto = Buffer.prototype;
console.log(proto.readUint8 === proto.readUInt8, proto.writeUint32BE === proto.writeUInt32BE, proto.readBigUint64LE === proto.readBigUInt64LE, proto.writeUintLE === proto.writeUIntLE, typeof proto.readUintBE);
