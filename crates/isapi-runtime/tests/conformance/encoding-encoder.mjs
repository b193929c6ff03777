// TextEncoder (Encoding standard): UTF-8 of a USVString (lone surrogates become U+FFFD),
// encodeInto's read (UTF-16 units) and written (bytes) with any room, and argument handling.
const attempt = (what, f) => {
  try {
    console.log(what, f());
  } catch (error) {
    console.log(what, "throws", error.name, error instanceof TypeError);
  }
};
const encoder = new TextEncoder();
const bytes = (array) => [...array].map((b) => b.toString(16).padStart(2, "0")).join("");

const texts = [
  "", "a", "héllo", "€", "日本語", "😀", "a😀b", "\u0000", "\u007f\u0080\u07ff\u0800\uffff",
  "\ud800", "\udc00", "a\ud800", "\ud800a", "\udc00\ud800", "\ud83d\ude00\ud83d", "\ude00\ud83d\ude00",
  "\ud800\ud800\udc00", "\ufeff", "\ufffd", "\u{10ffff}", "\u{10000}",
];
for (const text of texts) console.log(JSON.stringify(text), bytes(encoder.encode(text)));
for (const [index, value] of [undefined, null, 0, -0, 1.5, true, {}, [1, 2], { toString: () => "x\ud800" }, 12n].entries()) {
  attempt(`encode #${index}`, () => bytes(encoder.encode(value)));
}
attempt("encode()", () => encoder.encode().length);
attempt("encode symbol", () => encoder.encode(Symbol("s")));
const result = encoder.encode("abc");
console.log(result instanceof Uint8Array, result.byteOffset, result.buffer.byteLength, result.constructor.name);

// encodeInto with every room from 0 to past what is needed.
for (const text of ["a😀é€", "\ud800x", "😀😀", "é\udc00", "abc", ""]) {
  const needed = encoder.encode(text).length;
  for (let room = 0; room <= needed + 1; room++) {
    const destination = new Uint8Array(room + 2).fill(0xaa);
    const view = destination.subarray(1, room + 1);
    const { read, written } = encoder.encodeInto(text, view);
    console.log(JSON.stringify(text), room, read, written, bytes(destination));
  }
}
const shared = new Uint8Array(new SharedArrayBuffer(4));
attempt("into shared", () => JSON.stringify(encoder.encodeInto("é!", shared)) + bytes(shared));
// (Not encodeInto(42, …): Node requires a string there; Web IDL converts it to "42".)
attempt("into Uint16Array", () => encoder.encodeInto("a", new Uint16Array(2)));
attempt("into ArrayBuffer", () => encoder.encodeInto("a", new ArrayBuffer(2)));
attempt("into nothing", () => encoder.encodeInto("a"));
attempt("symbol into", () => encoder.encodeInto(Symbol("s"), new Uint8Array(2)));
const out = encoder.encodeInto("x", new Uint8Array(1));
console.log(Object.keys(out).join(), Object.getPrototypeOf(out) === Object.prototype);

console.log(encoder.encoding, Object.prototype.toString.call(encoder), TextEncoder.length);
console.log(Object.getOwnPropertyNames(TextEncoder.prototype).sort().join());
attempt("getter on another object", () => Object.getOwnPropertyDescriptor(TextEncoder.prototype, "encoding").get.call({}));
attempt("encode on another object", () => TextEncoder.prototype.encode.call({}, "a"));
attempt("encodeInto on another object", () => TextEncoder.prototype.encodeInto.call({}, "a", new Uint8Array(2)));
attempt("called without new", () => TextEncoder());
// Round trip through TextDecoder.
const all = texts.join("|");
console.log(new TextDecoder().decode(encoder.encode(all)) === all.toWellFormed());
