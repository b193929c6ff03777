// The platform's web objects through console.log and util.inspect look as Node 20 shows
// them (Node's custom inspect of each class), not as empty shells. Nothing here depends on
// the clock or the machine (a File is given its lastModified; Events carry a timeStamp and
// are left out).
import util from "node:util";

const show = (label, value) => {
  console.log(`-- ${label}`);
  console.log(value);
  console.log(util.inspect(value));
};

show("URL", new URL("https://u:p@a.b:8080/c?d=1&e=2#f"));
show("URL plain", new URL("https://a.b/"));
show("URLSearchParams", new URLSearchParams("a=1&b=2&a=3"));
show("URLSearchParams empty", new URLSearchParams());
show("URLSearchParams quotes", new URLSearchParams("a=%27&b='\n"));
const long = new URLSearchParams();
for (let i = 0; i < 8; i++) long.append(`key${i}`, `value${i}`);
show("URLSearchParams long", long);
console.log(util.inspect(new URLSearchParams("a=1&b=2"), { breakLength: 5 }));
show("Headers", new Headers({ "Content-Type": "text/plain", "X-A": "1" }));
show("Headers empty", new Headers());
const headers = new Headers([
  ["b", "1"],
  ["a", "2"],
  ["B", "3"],
  ["set-cookie", "x=1"],
  ["Set-Cookie", "y=2"],
]);
show("Headers combined", headers);
headers.set("A", "9");
headers.delete("b");
headers.append("B", "4");
show("Headers changed", headers);
show("Blob", new Blob(["abc"], { type: "text/plain" }));
show("Blob empty", new Blob([]));
show("File", new File(["abc"], "a.txt", { type: "text/plain", lastModified: 5 }));
class MyBlob extends Blob {}
show("Blob subclass", new MyBlob(["a"]));
console.log(util.inspect(new Blob(["a"]), { breakLength: 5 }));
const form = new FormData();
form.append("a", "1");
form.append("a", "2");
form.append("x y", "3");
form.append("f", new Blob(["x"]), "f.bin");
// A File made from a Blob gets the clock's lastModified: show the rest.
const file = form.get("f");
form.delete("f");
show("FormData", form);
console.log(file instanceof File, file.name, file.size);
show("FormData empty", new FormData());
const controller = new AbortController();
show("AbortController", controller);
show("AbortSignal", controller.signal);
controller.abort("why");
show("AbortSignal aborted", controller.signal);
show("AbortController aborted", controller);
show("TextEncoder", new TextEncoder());
show("TextDecoder", new TextDecoder());
show("TextDecoder options", new TextDecoder("utf-16le", { fatal: true, ignoreBOM: true }));
show("ReadableStream", new ReadableStream());
show("ReadableStream bytes", new ReadableStream({ type: "bytes" }));
const locked = new ReadableStream();
locked.getReader();
show("ReadableStream locked", locked);
const closed = new ReadableStream({ start: (c) => c.close() });
show("ReadableStream closed", closed);
show("WritableStream", new WritableStream());
show("TransformStream", new TransformStream());
show("Request", new Request("https://a.b/"));
show("Request post", new Request("https://a.b/x", { method: "POST", headers: { a: "1" } }));
show("nested", {
  u: new URL("https://a.b/?q=1"),
  h: new Headers({ a: "1" }),
  list: [new URLSearchParams("a=1")],
});
show("in an array", [new AbortController().signal, new TextEncoder(), new Blob([])]);
console.log(util.inspect(new URL("https://a.b/"), { depth: 0 }));
console.log(util.inspect({ u: new URLSearchParams("a=1") }, { depth: 0 }));
console.log(util.inspect(new URL("https://a.b/?x=1"), { compact: false }));
console.log("%o", new Blob(["ab"]));
console.log("%s|%O", new URLSearchParams("a=1"), new Headers({ a: "1" }));
// The hook is a symbol-keyed, non-enumerable method: no own keys, no new members.
const custom = Symbol.for("nodejs.util.inspect.custom");
console.log(Object.keys(new URL("https://a.b/")), Object.keys(new Blob([])), Object.keys(new Headers()));
for (const C of [
  URL,
  URLSearchParams,
  Headers,
  Blob,
  File,
  FormData,
  AbortController,
  AbortSignal,
  TextDecoder,
  ReadableStream,
  WritableStream,
  TransformStream,
  Request,
  Response,
]) {
  const d = Object.getOwnPropertyDescriptor(C.prototype, custom);
  console.log(
    C.name,
    typeof d?.value,
    d?.enumerable,
    JSON.stringify(Object.getOwnPropertyNames(C.prototype).includes(custom)),
  );
}
console.log(String(new URLSearchParams("a=1")), `${new Blob([])}`, JSON.stringify(new URL("https://a.b/")));

// Past the depth limit and at depth 0 each class shows what Node's does; %s uses String()
// where the class has its own toString.
const ac = new AbortController();
const form2 = new FormData();
form2.append("a", "1");
const all = {
  URL: new URL("https://a.b/?a=1"),
  USP: new URLSearchParams("a=1"),
  Headers: new Headers({ a: "1" }),
  Blob: new Blob([]),
  File: new File([], "n", { lastModified: 1 }),
  FormData: form2,
  AC: ac,
  AS: ac.signal,
  TE: new TextEncoder(),
  TD: new TextDecoder(),
  RS: new ReadableStream(),
  WS: new WritableStream(),
  TS: new TransformStream(),
  Req: new Request("https://a.b/"),
  Res: new Response(null),
};
for (const [k, v] of Object.entries(all)) {
  console.log(k, util.inspect(v, { depth: 0 }), "|", util.inspect({ x: v }, { depth: 0 }), "|", util.format("%s", v));
  if (k !== "FormData") console.log(util.inspect(v, { depth: -1 }));
}
console.log(util.inspect({ a: { b: new URL("https://a.b/?q=1") } }));
console.log(util.inspect({ a: { b: { c: new URL("https://a.b/"), d: new Blob([]) } } }));
console.log(new Response("x"));
console.log(new Response(new Blob(["ab"])).body, new Response(new ReadableStream()).body);
// A custom inspect gets the levels left and the options with the whole depth, as in Node.
const probe = {
  [Symbol.for("nodejs.util.inspect.custom")](d, opts) {
    return `d=${d} od=${opts.depth}`;
  },
};
console.log(util.inspect({ a: { b: probe } }), util.inspect({ a: probe }, { depth: 5 }), util.inspect(probe, { depth: null }));
