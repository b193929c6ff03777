// Blob and File (File API): construction from every kind of part, type and endings,
// slice, the readers, and the errors WebIDL's conversions give.
const show = (label, f) => {
  try {
    console.log(label, f());
  } catch (e) {
    console.log(label, "throws", e.name, e instanceof TypeError);
  }
};
const text = async (blob) => JSON.stringify(await blob.text());

// Parts: strings as UTF-8, buffers and views, Blobs, anything else as a string.
const parts = new Blob([
  "é€",
  new Uint8Array([1, 2, 3, 4]).subarray(1, 3),
  new Uint16Array([0x4241]).buffer,
  new DataView(new ArrayBuffer(3), 1, 2),
  new Blob(["xy"]),
  new File(["z"], "z.txt"),
  12,
  null,
  { toString: () => "obj" },
]);
console.log("size", parts.size, "type", JSON.stringify(parts.type));
console.log("bytes", Array.from(await parts.bytes()).join(","));
console.log("empty", new Blob().size, new Blob([]).size, new Blob(undefined).size, await text(new Blob()));
console.log("lone surrogate", new Blob(["\ud800x"]).size, await text(new Blob(["a\udc00"])));
// The bytes are copied at construction.
const source = new Uint8Array([7, 8, 9]);
const copied = new Blob([source]);
source[0] = 0;
console.log("copied", (await copied.bytes())[0]);
// Any iterable works, a string or a non-iterable object does not.
console.log("iterable", await text(new Blob(new Set(["a", "b"]))));
for (const bad of ["abc", {}, null, 5, { [Symbol.iterator]: 1 }]) show(`parts ${JSON.stringify(bad)}`, () => new Blob(bad).size);
show("symbol part", () => new Blob([Symbol("s")]).size);
show("call without new", () => Blob());

// type: lower-cased, or empty when it has a character outside U+0020-U+007E.
for (const type of ["Text/Plain", "a\u00e9", "a\x1f", "a b", " x ", "text/html;charset=UTF-8", ""]) {
  console.log("type", JSON.stringify(type), JSON.stringify(new Blob([], { type }).type));
}
show("options not an object", () => new Blob([], 5).size);
show("options null", () => new Blob([], null).size);

// endings (lone CR is left out: Node 20 keeps it, the standard turns it into a newline).
console.log("transparent", await text(new Blob(["a\r\nb\n"], { endings: "transparent" })));
console.log("native", await text(new Blob(["a\r\nb\n"], { endings: "native" })));
console.log("native blob part", await text(new Blob([new Blob(["a\r\nb"])], { endings: "native" })));
show("endings bogus", () => new Blob([], { endings: "bogus" }).size);

// slice: negative indices, clamping, order, and the type argument.
const digits = new Blob(["0123456789"], { type: "text/plain" });
const slices = [[], [2], [-3], [2, -2], [5, 2], [-100, 100], [undefined, 4], [Infinity], [-Infinity, 3], [3, 3], ["2", "5"]];
for (const args of slices) console.log("slice", args.map(String).join(","), await text(digits.slice(...args)));
console.log("slice type", JSON.stringify(digits.slice(0, 1).type), JSON.stringify(digits.slice(0, 1, "Foo/Bar").type));
console.log("slice of slice", await text(digits.slice(2, 8).slice(1, -1)), digits.slice(2, 8).slice(-2).size);

// Readers.
console.log("text bom", await text(new Blob([new Uint8Array([0xef, 0xbb, 0xbf, 0x61])])));
console.log("text invalid", await text(new Blob([new Uint8Array([0x61, 0xff, 0x62])])));
const buffer = await digits.arrayBuffer();
console.log("arrayBuffer", buffer instanceof ArrayBuffer, buffer.byteLength);
const bytes = await digits.bytes();
bytes[0] = 0;
console.log("bytes", bytes instanceof Uint8Array, bytes.length, await text(digits.slice(0, 1)));
console.log("promise", digits.text() instanceof Promise);
const reader = new Blob(["x".repeat(200000)]).stream().getReader();
let total = 0;
for (;;) {
  const { value, done } = await reader.read();
  if (done) break;
  if (!(value instanceof Uint8Array)) console.log("chunk not Uint8Array");
  total += value.length;
}
console.log("stream total", total);
const emptyRead = await new Blob().stream().getReader().read();
console.log("empty stream", emptyRead.done);

// File.
show("File with one argument", () => new File(["a"]));
const file = new File(["ab", new Blob(["c"])], "name.txt", { type: "Text/X", lastModified: 42 });
console.log("file", file.name, file.size, file.type, file.lastModified, file instanceof Blob, file instanceof File);
console.log("file text", await text(file));
const now = Date.now();
const dated = new File([], "d");
console.log("lastModified default", dated.lastModified >= now - 1000 && dated.lastModified <= Date.now() + 1000);
console.log("lastModified", new File([], "x", { lastModified: "5" }).lastModified, new File([], "x", { lastModified: NaN }).lastModified);
console.log("name", new File([], 12).name, new File([], "a\ud800").name === "a\ufffd");
console.log("slice of file", Object.prototype.toString.call(file.slice()), file.slice() instanceof File);
console.log("file of file", await text(new File([file], "copy")));
console.log("tags", Object.prototype.toString.call(digits), Object.prototype.toString.call(file));
console.log("lengths", Blob.length, File.length, Blob.prototype.slice.length);
console.log("prototype", Object.getPrototypeOf(File) === Blob, Object.getPrototypeOf(File.prototype) === Blob.prototype);
show("size on a non-Blob", () => Object.getOwnPropertyDescriptor(Blob.prototype, "size").get.call({}));

// structuredClone: a Blob copies with its type and bytes (a File keeps its name and
// lastModified by the standard; Node 20 makes it a Blob, so tests/body_standard.rs checks that).
const original = new Blob(["abc"], { type: "Text/X" });
const clone = structuredClone(original);
console.log("clone", clone instanceof Blob, clone !== original, clone.type, clone.size, await clone.text());
const graph = structuredClone({ list: [original, original] });
console.log("clone identity", graph.list[0] === graph.list[1], graph.list[0] !== original);

// stream() is a byte stream: a BYOB reader fills the caller's buffer.
const byob = new Blob(["abcdef"]).stream().getReader({ mode: "byob" });
const filled = await byob.read(new Uint8Array(4));
console.log("byob", filled.value.length, new TextDecoder().decode(filled.value));
