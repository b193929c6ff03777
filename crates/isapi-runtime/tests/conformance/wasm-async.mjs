// WebAssembly.validate, compile, instantiate (both overloads) and the streaming forms
// from a Response: results, rejections and their error classes.
// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
const add = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0, 7, 7, 1, 3, 97, 100, 100, 0, 0, 10, 9, 1,
  7, 0, 32, 0, 32, 1, 106, 11,
]);
// (module (func (result i32) i64.const 1)): a type error in a function body.
const badBody = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 10, 6, 1, 4, 0, 66, 1, 11]);
// (module (import "env" "f" (func))): needs an import.
const needsImport = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 2, 9, 1, 3, 101, 110, 118, 1, 102, 0, 0]);
const name = (error) =>
  String(error?.name) +
  (error instanceof WebAssembly.CompileError ? " (CompileError)" : "") +
  (error instanceof WebAssembly.LinkError ? " (LinkError)" : "");
const settle = async (label, f) => {
  try {
    console.log(label, await f());
  } catch (error) {
    console.log(label, "rejected", name(error));
  }
};

// (A DataView is a BufferSource too, but Node 20 refuses it: tests/web_platform.rs checks it.)
console.log("validate", WebAssembly.validate(add), WebAssembly.validate(add.buffer), WebAssembly.validate(new Int8Array(add)));
console.log("validate bad", WebAssembly.validate(badBody), WebAssembly.validate(new Uint8Array(0)), WebAssembly.validate(add.subarray(0, 20)));
console.log("validate bad magic", WebAssembly.validate(new Uint8Array([0, 97, 115, 110, 1, 0, 0, 0])));
console.log("validate version 2", WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 2, 0, 0, 0])));
console.log("validate trailing byte", WebAssembly.validate(new Uint8Array([...add, 0])));
for (const value of [undefined, "bytes", [0, 97, 115, 109, 1, 0, 0, 0], {}]) {
  try {
    WebAssembly.validate(value);
  } catch (error) {
    console.log("validate", typeof value, "threw", name(error));
  }
}
for (const [label, bytes] of [
  ["empty", new Uint8Array(0)],
  ["bad body", badBody],
  ["truncated", add.subarray(0, 30)],
]) {
  try {
    new WebAssembly.Module(bytes);
  } catch (error) {
    console.log("new Module", label, "threw", name(error), error instanceof Error);
  }
}

const order = [];
const compiled = WebAssembly.compile(add);
console.log("compile returns a promise", compiled instanceof Promise);
compiled.then(() => order.push("compiled"));
Promise.resolve().then(() => order.push("microtask"));
const module = await compiled;
console.log("compiled a Module", module instanceof WebAssembly.Module, order.join(","));
await settle("compile bad", () => WebAssembly.compile(badBody));
await settle("compile not bytes", () => WebAssembly.compile("x"));
await settle("instantiate a module", async () => {
  const instance = await WebAssembly.instantiate(module);
  return `${instance instanceof WebAssembly.Instance} ${instance.exports.add(20, 22)}`;
});
await settle("instantiate bytes", async () => {
  const result = await WebAssembly.instantiate(add);
  return `${Object.keys(result).join(",")} ${result.module instanceof WebAssembly.Module} ${result.instance.exports.add(1, 2)}`;
});
await settle("instantiate bad bytes", () => WebAssembly.instantiate(badBody));
await settle("instantiate missing imports", () => WebAssembly.instantiate(needsImport));
await settle("instantiate wrong import", () => WebAssembly.instantiate(needsImport, { env: { f: 1 } }));
await settle("instantiate with import", async () => typeof (await WebAssembly.instantiate(needsImport, { env: { f() {} } })).instance);
await settle("instantiate nothing", () => WebAssembly.instantiate());

const wasm = (bytes, init = {}) =>
  new Response(bytes, { ...init, headers: { "content-type": "application/wasm", ...init.headers } });
await settle("compileStreaming", async () => (await WebAssembly.compileStreaming(wasm(add))) instanceof WebAssembly.Module);
await settle("compileStreaming a promise", async () =>
  (await WebAssembly.compileStreaming(Promise.resolve(wasm(add)))) instanceof WebAssembly.Module);
// (The type is matched case-insensitively; Node 20 refuses "application/WASM": tests/web_platform.rs.)
await settle("compileStreaming type with spaces", async () =>
  (await WebAssembly.compileStreaming(wasm(add, { headers: { "content-type": "\tapplication/wasm " } }))) instanceof WebAssembly.Module);
await settle("compileStreaming wrong type", () =>
  WebAssembly.compileStreaming(new Response(add, { headers: { "content-type": "application/octet-stream" } })));
await settle("compileStreaming no type", () => WebAssembly.compileStreaming(new Response(add)));
await settle("compileStreaming type with a parameter", () =>
  WebAssembly.compileStreaming(wasm(add, { headers: { "content-type": "application/wasm; charset=x" } })));
await settle("compileStreaming status 404", () => WebAssembly.compileStreaming(wasm(add, { status: 404 })));
await settle("compileStreaming not a Response", () => WebAssembly.compileStreaming(add));
await settle("compileStreaming a rejected promise", () => WebAssembly.compileStreaming(Promise.reject(new RangeError("no"))));
await settle("compileStreaming bad bytes", () => WebAssembly.compileStreaming(wasm(badBody)));
await settle("instantiateStreaming", async () => {
  const result = await WebAssembly.instantiateStreaming(wasm(add));
  return `${Object.keys(result).join(",")} ${result.instance.exports.add(2, 3)}`;
});
await settle("instantiateStreaming link error", () => WebAssembly.instantiateStreaming(wasm(needsImport), {}));
