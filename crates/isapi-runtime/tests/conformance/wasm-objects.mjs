// WebAssembly.Memory, Table and Global made from JavaScript: descriptors and their
// errors, Memory.buffer over the memory (one object until grow, detached by grow),
// Table get/set/grow, Global values of each type.
const show = (value) => (typeof value === "bigint" ? value + "n" : typeof value === "function" ? "function" : String(value));
const attempt = (label, f) => {
  try {
    console.log(label, show(f()));
  } catch (error) {
    console.log(label, "threw", String(error?.name));
  }
};

// Memory
attempt("no descriptor", () => new WebAssembly.Memory());
attempt("no initial", () => new WebAssembly.Memory({}));
attempt("initial -1", () => new WebAssembly.Memory({ initial: -1 }));
attempt("initial NaN", () => new WebAssembly.Memory({ initial: NaN }));
attempt("initial 2**32", () => new WebAssembly.Memory({ initial: 2 ** 32 }));
attempt("initial 65537", () => new WebAssembly.Memory({ initial: 65537 }));
attempt("maximum below initial", () => new WebAssembly.Memory({ initial: 2, maximum: 1 }));
attempt("maximum 65537", () => new WebAssembly.Memory({ initial: 1, maximum: 65537 }));
attempt("initial as string", () => new WebAssembly.Memory({ initial: "1" }).buffer.byteLength);
attempt("initial 1.9", () => new WebAssembly.Memory({ initial: 1.9 }).buffer.byteLength);
attempt("Memory without new", () => WebAssembly.Memory({ initial: 1 }));

const memory = new WebAssembly.Memory({ initial: 1, maximum: 3 });
const buffer = memory.buffer;
console.log("buffer", buffer instanceof ArrayBuffer, buffer.byteLength, memory.buffer === buffer);
const bytes = new Uint8Array(buffer);
bytes[0] = 1;
bytes[65535] = 2;
console.log("writes seen", new Uint8Array(memory.buffer)[0], new Uint8Array(memory.buffer)[65535]);
attempt("grow(1)", () => memory.grow(1));
console.log("old buffer", buffer.byteLength, bytes.length, "new", memory.buffer.byteLength, memory.buffer === buffer);
console.log("kept bytes", new Uint8Array(memory.buffer)[0], new Uint8Array(memory.buffer)[65535], new Uint8Array(memory.buffer)[65536]);
const second = memory.buffer;
attempt("grow(0)", () => memory.grow(0));
console.log("grow(0) detaches", second.byteLength, memory.buffer !== second);
attempt("grow past maximum", () => memory.grow(2));
attempt("grow(-1)", () => memory.grow(-1));
console.log("after failed grows", memory.buffer.byteLength);
attempt("grow on a non-memory", () => WebAssembly.Memory.prototype.grow.call({}, 1));
attempt("buffer of a non-memory", () => Object.getOwnPropertyDescriptor(WebAssembly.Memory.prototype, "buffer").get.call({}));
const empty = new WebAssembly.Memory({ initial: 0 });
console.log("empty", empty.buffer.byteLength, empty.grow(1), empty.buffer.byteLength);
console.log("tag", Object.prototype.toString.call(memory), Object.prototype.toString.call(WebAssembly));

// Table
attempt("table bad element", () => new WebAssembly.Table({ element: "i32", initial: 1 }));
attempt("table no element", () => new WebAssembly.Table({ initial: 1 }));
attempt("table no initial", () => new WebAssembly.Table({ element: "anyfunc" }));
attempt("table maximum below initial", () => new WebAssembly.Table({ element: "anyfunc", initial: 2, maximum: 1 }));
const table = new WebAssembly.Table({ element: "anyfunc", initial: 2, maximum: 4 });
console.log("table", table.length, table.get(0), table.get(1));
attempt("get out of range", () => table.get(2));
attempt("set a JS function", () => table.set(0, () => 1));
attempt("set a number", () => table.set(0, 1));
attempt("set null", () => table.set(0, null));
attempt("set out of range", () => table.set(5, null));
attempt("grow", () => table.grow(2));
console.log("length", table.length);
attempt("grow past maximum", () => table.grow(1));
const externs = new WebAssembly.Table({ element: "externref", initial: 2 }, "x");
const object = { a: 1 };
externs.set(1, object);
console.log("externref", externs.get(0), externs.get(1) === object);
externs.set(0);
console.log("externref default", externs.get(0));
attempt("externref grow", () => externs.grow(1, 5));
console.log("externref grown", externs.get(2), externs.length);

// Global
attempt("global bad type", () => new WebAssembly.Global({ value: "i8" }));
attempt("global v128", () => new WebAssembly.Global({ value: "v128" }));
attempt("global no descriptor", () => new WebAssembly.Global());
// (externref's default is left out: the standard says undefined, Node 20 gives null;
// tests/web_platform.rs checks the standard's answer.)
for (const type of ["i32", "i64", "f32", "f64", "anyfunc"]) {
  const global = new WebAssembly.Global({ value: type });
  console.log("default", type, show(global.value));
}
const i32 = new WebAssembly.Global({ value: "i32" }, 2 ** 31);
console.log("i32 wraps", i32.value, i32.valueOf());
attempt("i32 from BigInt", () => new WebAssembly.Global({ value: "i32" }, 1n));
attempt("i64 from number", () => new WebAssembly.Global({ value: "i64" }, 1));
const i64 = new WebAssembly.Global({ value: "i64", mutable: true }, 2n ** 64n + 3n);
console.log("i64 wraps", show(i64.value));
i64.value = -1n;
console.log("i64 set", show(i64.value));
attempt("i64 set a number", () => (i64.value = 1));
const f32 = new WebAssembly.Global({ value: "f32" }, 1.1);
console.log("f32", f32.value);
attempt("immutable set", () => (f32.value = 2));
const mutable = new WebAssembly.Global({ value: "f64", mutable: true }, "2.5");
mutable.value = "7.25";
console.log("f64 from strings", mutable.value);
const ext = new WebAssembly.Global({ value: "externref", mutable: true }, object);
console.log("externref global", ext.value === object);
ext.value = null;
console.log("externref null", ext.value);
attempt("value of a non-global", () => Object.getOwnPropertyDescriptor(WebAssembly.Global.prototype, "value").get.call({}));
