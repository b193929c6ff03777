// How the platform's globals look: their type, that they can be replaced, and that
// none is enumerable.
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
  console.log(name, type, descriptor.configurable);
}
// (crypto is an accessor without a setter in Node: checked with crypto.subtle.)
for (const name of names.filter((name) => name !== "crypto")) {
  const before = globalThis[name];
  globalThis[name] = "replaced";
  console.log(name, globalThis[name] === "replaced");
  globalThis[name] = before;
}
