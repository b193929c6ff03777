// WebAssembly.Module and Instance (the WebAssembly JS API): exports and imports, the
// value conversions of each type (BigInt for i64), traps as RuntimeError, link errors.
// The module's text is in the comment at the end.
const bytes = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 51, 10, 96, 4, 127, 126, 125, 124, 0, 96, 2, 126, 126, 1, 126, 96, 1, 
  127, 0, 96, 0, 1, 127, 96, 0, 0, 96, 1, 127, 1, 127, 96, 2, 127, 127, 0, 96, 2, 127, 127, 1, 127, 96, 
  0, 2, 127, 126, 96, 1, 125, 1, 125, 2, 54, 5, 3, 101, 110, 118, 3, 108, 111, 103, 0, 0, 3, 101, 110, 
  118, 1, 103, 3, 127, 0, 3, 101, 110, 118, 2, 109, 103, 3, 126, 1, 3, 101, 110, 118, 3, 109, 101, 109, 
  2, 1, 1, 4, 3, 101, 110, 118, 3, 116, 98, 108, 1, 112, 0, 2, 3, 15, 14, 1, 2, 3, 4, 5, 6, 5, 7, 4, 3, 
  5, 8, 9, 5, 6, 6, 1, 127, 1, 65, 10, 11, 7, 139, 1, 18, 5, 97, 100, 100, 54, 52, 0, 1, 7, 99, 97, 
  108, 108, 76, 111, 103, 0, 2, 4, 103, 101, 116, 71, 0, 3, 5, 105, 110, 99, 77, 103, 0, 4, 4, 108, 
  111, 97, 100, 0, 5, 5, 115, 116, 111, 114, 101, 0, 6, 4, 103, 114, 111, 119, 0, 7, 3, 100, 105, 118, 
  0, 8, 4, 116, 114, 97, 112, 0, 9, 12, 99, 97, 108, 108, 73, 110, 100, 105, 114, 101, 99, 116, 0, 11, 
  4, 112, 97, 105, 114, 0, 12, 3, 102, 51, 50, 0, 13, 3, 105, 51, 50, 0, 14, 7, 99, 111, 117, 110, 116, 
  101, 114, 3, 2, 3, 109, 101, 109, 2, 0, 3, 116, 98, 108, 1, 0, 3, 108, 111, 103, 0, 0, 5, 115, 101, 
  118, 101, 110, 0, 10, 9, 7, 1, 0, 65, 0, 11, 1, 10, 10, 114, 14, 7, 0, 32, 0, 32, 1, 124, 11, 22, 0, 
  32, 0, 66, 123, 67, 0, 0, 192, 63, 68, 0, 0, 0, 0, 0, 0, 2, 64, 16, 0, 11, 4, 0, 35, 0, 11, 9, 0, 35, 
  1, 66, 1, 124, 36, 1, 11, 7, 0, 32, 0, 45, 0, 0, 11, 9, 0, 32, 0, 32, 1, 58, 0, 0, 11, 6, 0, 32, 0, 
  64, 0, 11, 7, 0, 32, 0, 32, 1, 109, 11, 3, 0, 0, 11, 4, 0, 65, 7, 11, 7, 0, 32, 0, 17, 3, 0, 11, 6, 
  0, 65, 1, 66, 2, 11, 4, 0, 32, 0, 11, 4, 0, 32, 0, 11, 0, 10, 4, 109, 101, 116, 97, 104, 101, 108, 
  108, 111, 0, 30, 4, 110, 97, 109, 101, 1, 13, 2, 0, 3, 108, 111, 103, 10, 5, 115, 101, 118, 101, 110, 
  7, 8, 2, 0, 1, 103, 1, 2, 109, 103,
]);
const show = (value) => (typeof value === "bigint" ? value + "n" : typeof value === "function" ? "function" : String(value));
const name = (error) => String(error?.name) + (error instanceof WebAssembly.RuntimeError ? " (RuntimeError)" : "") + (error instanceof WebAssembly.LinkError ? " (LinkError)" : "") + (error instanceof WebAssembly.CompileError ? " (CompileError)" : "");
const attempt = (label, f) => {
  try {
    console.log(label, show(f()));
  } catch (error) {
    console.log(label, "threw", name(error));
  }
};

const module = new WebAssembly.Module(bytes);
console.log("exports", WebAssembly.Module.exports(module).map((e) => e.name + ":" + e.kind).join(" "));
console.log("imports", WebAssembly.Module.imports(module).map((e) => e.module + "." + e.name + ":" + e.kind).join(" "));
const sections = WebAssembly.Module.customSections(module, "meta");
console.log("custom", sections.length, sections[0] instanceof ArrayBuffer, String.fromCharCode(...new Uint8Array(sections[0])));
console.log("custom none", WebAssembly.Module.customSections(module, "nope").length);
attempt("customSections without a name", () => WebAssembly.Module.customSections(module));
attempt("exports of a non-module", () => WebAssembly.Module.exports({}));

const calls = [];
const log = (...args) => calls.push(args.map(show).join(","));
const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
const table = new WebAssembly.Table({ element: "anyfunc", initial: 2 });
const mg = new WebAssembly.Global({ value: "i64", mutable: true }, 41n);
const imports = { env: { log, g: 42, mg, mem: memory, tbl: table } };
const instance = new WebAssembly.Instance(module, imports);
const e = instance.exports;
console.log("exports object", Object.isFrozen(e), Object.getPrototypeOf(e) === null, Object.keys(e).join(" "));
console.log("same memory", e.mem === memory, "same table", e.tbl === table, "same import", e.log === log);
console.log("instance.exports stable", instance.exports === e, e.add64 === e.add64);
console.log("lengths", e.add64.length, e.callLog.length, e.trap.length);
console.log("names", e.add64.name, e.trap.name, e.seven.name, e.log.name);

attempt("add64", () => e.add64(2n, 3n));
attempt("add64 wraps", () => e.add64(0x7fffffffffffffffn, 1n));
attempt("add64 from strings", () => e.add64("5", true));
attempt("add64 from numbers", () => e.add64(1, 2));
attempt("i32 from 2**32+5", () => e.i32(2 ** 32 + 5));
attempt("i32 from -1.9", () => e.i32(-1.9));
attempt("i32 from undefined", () => e.i32());
attempt("i32 from a BigInt", () => e.i32(1n));
attempt("f32 rounding", () => e.f32(0.1));
attempt("f32 NaN", () => e.f32(NaN));
attempt("pair", () => e.pair().map(show).join(","));
e.callLog(-7);
console.log("log got", calls.join(" | "));
attempt("getG", () => e.getG());
e.incMg();
console.log("mg", show(mg.value));
attempt("div", () => e.div(7, 2));
attempt("div by zero", () => e.div(1, 0));
attempt("div overflow", () => e.div(-2147483648, -1));
attempt("unreachable", () => e.trap());
attempt("call_indirect", () => e.callIndirect(0));
attempt("call_indirect null", () => e.callIndirect(1));
attempt("call_indirect out of range", () => e.callIndirect(5));
console.log("table holds seven", table.get(0) === e.seven, table.get(1));
table.set(1, e.getG);
attempt("call_indirect wrong signature", () => e.callIndirect(1));
attempt("store/load", () => (e.store(10, 300), e.load(10)));
console.log("memory byte", new Uint8Array(memory.buffer)[10]);
attempt("load out of bounds", () => e.load(65536));

const throwing = new WebAssembly.Instance(module, {
  env: { ...imports.env, log: () => { throw new SyntaxError("from JS"); } },
});
attempt("import throws", () => throwing.exports.callLog(1));

attempt("no import object", () => new WebAssembly.Instance(module));
attempt("import object not an object", () => new WebAssembly.Instance(module, 5));
attempt("missing module", () => new WebAssembly.Instance(module, {}));
attempt("function not callable", () => new WebAssembly.Instance(module, { env: { ...imports.env, log: 1 } }));
attempt("i32 global as BigInt", () => new WebAssembly.Instance(module, { env: { ...imports.env, g: 1n } }));
attempt("mutable global as value", () => new WebAssembly.Instance(module, { env: { ...imports.env, mg: 1n } }));
attempt("memory not a Memory", () => new WebAssembly.Instance(module, { env: { ...imports.env, mem: {} } }));
attempt("memory too small maximum", () =>
  new WebAssembly.Instance(module, { env: { ...imports.env, mem: new WebAssembly.Memory({ initial: 1 }) } }));
attempt("table not a Table", () => new WebAssembly.Instance(module, { env: { ...imports.env, tbl: [] } }));
attempt("global wrong type", () =>
  new WebAssembly.Instance(module, { env: { ...imports.env, mg: new WebAssembly.Global({ value: "i32", mutable: true }) } }));
attempt("not a module", () => new WebAssembly.Instance({}));
attempt("Instance without new", () => WebAssembly.Instance(module, imports));
attempt("Module without new", () => WebAssembly.Module(bytes));

// A wasm function imported where another signature is wanted: (module (import "env" "f" (func (param i64))))
const sig = new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 1, 126, 0, 2, 9, 1, 3, 101, 110, 118, 1, 102, 0, 0]));
attempt("wasm import of the wrong signature", () => new WebAssembly.Instance(sig, { env: { f: e.add64 } }));
attempt("JS import of any signature", () => typeof new WebAssembly.Instance(sig, { env: { f() {} } }).exports);
// A start function that traps: (module (func $f unreachable) (start $f))
const start = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 8, 1, 0, 10, 5, 1, 3, 0, 0, 11]);
attempt("start traps", () => new WebAssembly.Instance(new WebAssembly.Module(start)));

// Wasm calling JS calling wasm again, and memory grown by wasm inside an import.
const reenter = new WebAssembly.Instance(
  new WebAssembly.Module(
    new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 11, 2, 96, 1, 127, 1, 127, 96, 2, 127, 127, 0, 2, 10, 1, 3, 101, 110, 
  118, 2, 99, 98, 0, 0, 3, 5, 4, 0, 0, 0, 1, 5, 4, 1, 1, 1, 10, 7, 34, 5, 1, 109, 2, 0, 5, 116, 119, 
  105, 99, 101, 0, 1, 5, 118, 105, 97, 74, 115, 0, 2, 4, 103, 114, 111, 119, 0, 3, 3, 112, 117, 116, 0, 
  4, 10, 36, 4, 7, 0, 32, 0, 65, 2, 108, 11, 9, 0, 32, 0, 16, 0, 65, 1, 106, 11, 6, 0, 32, 0, 64, 0, 
  11, 9, 0, 32, 0, 32, 1, 58, 0, 0, 11, 0, 12, 4, 110, 97, 109, 101, 1, 5, 1, 0, 2, 99, 98,
    ]),
  ),
  { env: { cb: (n) => reenter.exports.twice(n) + new Uint8Array(reenter.exports.m.buffer)[0] } },
);
reenter.exports.put(0, 100);
attempt("re-entered", () => reenter.exports.viaJs(5));
const before = reenter.exports.m.buffer;
attempt("grown by wasm", () => reenter.exports.grow(1));
console.log("old buffer detached", before.byteLength, "new", reenter.exports.m.buffer.byteLength, new Uint8Array(reenter.exports.m.buffer)[0]);

// A loop of many fuel slices (wasm runs in slices between looks at the deadline):
// (module (func (export "count") (param i32) (result i32) (local i32)
//   (loop (local.set 1 (i32.add (local.get 1) (i32.const 1)))
//     (br_if 0 (i32.lt_u (local.get 1) (local.get 0)))) (local.get 1)))
const count = new WebAssembly.Instance(
  new WebAssembly.Module(
    new Uint8Array([
      0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 127, 3, 2, 1, 0, 7, 9, 1, 5, 99, 111, 117, 110, 116, 0, 0, 10,
      25, 1, 23, 1, 1, 127, 3, 64, 32, 1, 65, 1, 106, 33, 1, 32, 1, 32, 0, 73, 13, 0, 11, 32, 1, 11,
    ]),
  ),
).exports.count;
console.log("counted", count(1500000));

/* a.wat:
(module
  (import "env" "log" (func $log (param i32 i64 f32 f64)))
  (import "env" "g" (global $g i32))
  (import "env" "mg" (global $mg (mut i64)))
  (import "env" "mem" (memory 1 4))
  (import "env" "tbl" (table 2 funcref))
  (func (export "add64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.add)
  (func (export "callLog") (param i32) local.get 0 i64.const -5 f32.const 1.5 f64.const 2.25 call $log)
  (func (export "getG") (result i32) global.get $g)
  (func (export "incMg") global.get $mg i64.const 1 i64.add global.set $mg)
  (func (export "load") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "store") (param i32 i32) local.get 0 local.get 1 i32.store8)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func (export "trap") unreachable)
  (func $seven (result i32) i32.const 7)
  (func (export "callIndirect") (param i32) (result i32) local.get 0 call_indirect (result i32))
  (elem (i32.const 0) $seven)
  (func (export "pair") (result i32 i64) i32.const 1 i64.const 2)
  (func (export "f32") (param f32) (result f32) local.get 0)
  (func (export "i32") (param i32) (result i32) local.get 0)
  (global (export "counter") (mut i32) (i32.const 10))
  (export "mem" (memory 0)) (export "tbl" (table 0)) (export "log" (func $log)) (export "seven" (func $seven))
  (@custom "meta" "hello"))
reenter.wat:
(module
  (import "env" "cb" (func $cb (param i32) (result i32)))
  (memory (export "m") 1 10)
  (func (export "twice") (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
  (func (export "viaJs") (param i32) (result i32) local.get 0 call $cb i32.const 1 i32.add)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "put") (param i32 i32) local.get 0 local.get 1 i32.store8))
*/
