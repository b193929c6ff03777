// How the platform's globals look: their type, that they can be replaced, and which are
// enumerable (functions and attributes of the global object; not interfaces).
const names = [
  "TextEncoder",
  "TextDecoder",
  "URL",
  "URLSearchParams",
  "ReadableStream",
  "Headers",
  "Request",
  "Response",
  "fetch",
  "setTimeout",
  "setInterval",
  "clearTimeout",
  "clearInterval",
  "queueMicrotask",
  "crypto",
  "Blob",
  "File",
  "FormData",
];
for (const name of names) {
  const type = typeof globalThis[name];
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
  console.log(name, type, descriptor.configurable, descriptor.enumerable);
}
// (crypto is an accessor without a setter in Node: checked with crypto.subtle.)
for (const name of names.filter((name) => name !== "crypto")) {
  const before = globalThis[name];
  globalThis[name] = "replaced";
  console.log(name, globalThis[name] === "replaced");
  globalThis[name] = before;
}

// Replaced or deleted before first use: the handler's choice stands, also for the other
// globals of the same module once one of them is read.
globalThis.TextDecoder = "mine";
delete globalThis.URLSearchParams;
console.log(typeof TextEncoder, TextDecoder, typeof globalThis.URLSearchParams, typeof URL);
console.log(
  Object.keys(globalThis)
    .filter((name) => names.includes(name))
    .sort()
    .join(" "),
);
