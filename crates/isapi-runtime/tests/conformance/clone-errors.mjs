// structuredClone: Error objects, what cannot be cloned (DataCloneError), and transfer.
for (const Type of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError]) {
  const copy = structuredClone(new Type("message here"));
  console.log("error", copy instanceof Type, copy.name, copy.message, copy !== undefined, typeof copy.stack);
}
const renamed = new Error("m");
renamed.name = "TypeError";
console.log("renamed to TypeError", structuredClone(renamed) instanceof TypeError);
const custom = new Error("m");
custom.name = "CustomName";
const customCopy = structuredClone(custom);
console.log("unknown name", customCopy.name, customCopy instanceof Error, customCopy.constructor === Error);
class MyError extends RangeError {}
console.log("subclass", structuredClone(new MyError("x")) instanceof RangeError, structuredClone(new MyError("x")) instanceof MyError);
const noMessage = structuredClone(new Error());
console.log("no message", Object.hasOwn(noMessage, "message"), JSON.stringify(noMessage.message));
const extra = new Error("x");
extra.code = "E_CODE";
console.log("extra props dropped", structuredClone(extra).code);
const withCause = new Error("outer", { cause: new TypeError("inner") });
const causeCopy = structuredClone(withCause);
console.log("cause", causeCopy.cause instanceof TypeError, causeCopy.cause.message);
console.log("aggregate", structuredClone(new AggregateError([1], "agg")).name);
console.log("error in object", structuredClone({ e: new RangeError("r") }).e instanceof RangeError);
const uncloneable = [
  ["function", () => 1],
  ["class", class A {}],
  ["symbol", Symbol("s")],
  ["symbol in object", { s: Symbol("t") }],
  ["function in array", [1, function named() {}]],
  ["function in map", new Map([[1, () => 2]])],
  ["weakmap", new WeakMap()],
  ["weakset", new WeakSet()],
  ["weakref", new WeakRef({})],
  ["promise", Promise.resolve()],
];
for (const [label, value] of uncloneable) {
  try {
    structuredClone(value);
    console.log(label, "cloned");
  } catch (error) {
    console.log(label, error.name, error.code, error instanceof DOMException);
  }
}
try {
  structuredClone();
} catch (error) {
  console.log("no argument", error.name);
}
// transfer detaches the original ArrayBuffer, and the copy refers to the new one.
const buffer = new Uint8Array([1, 2, 3]).buffer;
const view = new Uint8Array(buffer, 1);
const moved = structuredClone({ buffer, view }, { transfer: [buffer] });
console.log("transfer", buffer.byteLength, moved.buffer.byteLength, moved.view.buffer === moved.buffer, moved.view.join());
console.log("view of transferred", view.length);
const direct = new ArrayBuffer(4);
const directCopy = structuredClone(direct, { transfer: [direct] });
console.log("transfer itself", direct.byteLength, directCopy.byteLength);
// A failed clone transfers nothing.
const kept = new ArrayBuffer(2);
try {
  structuredClone({ kept, f() {} }, { transfer: [kept] });
} catch (error) {
  console.log("failed clone", error.name, kept.byteLength);
}
const twice = new ArrayBuffer(1);
try {
  structuredClone(1, { transfer: [twice, twice] });
} catch (error) {
  console.log("duplicate", error.name);
}
// (transfer: null is a TypeError by WebIDL; Node takes it for none.)
for (const bad of [{ transfer: 5 }, { transfer: "ab" }]) {
  try {
    structuredClone(1, bad);
    console.log("no throw");
  } catch (error) {
    console.log("bad transfer", error.name);
  }
}
try {
  structuredClone(1, 5);
} catch (error) {
  console.log("bad options", error.name);
}
