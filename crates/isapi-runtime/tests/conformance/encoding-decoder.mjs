// TextDecoder (Encoding standard): every label, the single-byte tables, the multi-byte
// encodings, streaming across chunk boundaries, fatal, ignoreBOM, and what it decodes from.
//
// Left out where Node (ICU) is not the standard, and tested in src/encoding.rs instead:
// "iso-8859-16" and "x-user-defined" (ICU has neither); windows-1252 0x80-0x9F (Node 20
// decodes them as latin-1), koi8-u, windows-874, windows-1253, windows-1255 and ibm866
// (older ICU tables); multi-byte error cases where ICU drops or swallows bytes (Shift_JIS
// unassigned pairs, GBK 0xFF, Big5's two-code-point pointers, ISO-2022-JP's unknown
// escapes); decode(x, 5) (Node ignores a
// non-object options argument, Web IDL makes it a TypeError).
const show = (text) => [...text].map((c) => c.codePointAt(0).toString(16)).join(" ");
const hex = (h) => new Uint8Array(h.match(/../g).map((b) => parseInt(b, 16)));
const attempt = (what, f) => {
  try {
    console.log(what, f());
  } catch (error) {
    console.log(what, "throws", error.name, error instanceof TypeError, error instanceof RangeError);
  }
};

// Every label of the standard, in odd case and with the whitespace the standard trims.
const labels = [
  "l1", "l2", "l3", "l4", "l5", "l6", "l9", "866", "mac", "koi", "gbk", "big5", "utf8", "koi8",
  "sjis", "ucs-2", "ms932", "cp866", "utf-8", "cp819", "ascii", "x-gbk", "greek", "cp1250",
  "cp1251", "latin1", "gb2312", "cp1252", "latin2", "cp1253", "latin3", "cp1254", "latin4",
  "cp1255", "csbig5", "latin5", "utf-16", "cp1256", "ibm866", "latin6", "cp1257", "cp1258",
  "greek8", "ibm819", "arabic", "visual", "korean", "euc-jp", "koi8-r", "koi8_r", "euc-kr",
  "x-sjis", "koi8-u", "hebrew", "tis-620", "gb18030", "ksc5601", "gb_2312", "dos-874", "cn-big5",
  "unicode", "chinese", "logical", "cskoi8r", "cseuckr", "koi8-ru", "x-cp1250", "ksc_5601",
  "x-cp1251", "iso88591", "csgb2312", "x-cp1252", "iso88592", "x-cp1253", "iso88593", "ecma-114",
  "x-cp1254", "iso88594", "x-cp1255", "iso88595", "x-x-big5", "x-cp1256", "csibm866", "iso88596",
  "x-cp1257", "iso88597", "asmo-708", "ecma-118", "elot_928", "x-cp1258", "iso88598", "iso88599",
  "cyrillic", "utf-16be", "utf-16le", "us-ascii", "ms_kanji", "x-euc-jp", "iso885910", "iso8859-1",
  "iso885911", "iso8859-2", "iso8859-3", "iso885913", "iso8859-4", "iso885914", "iso8859-5",
  "iso885915", "iso8859-6", "iso8859-7", "iso8859-8", "iso-ir-58", "iso8859-9", "csunicode",
  "macintosh", "shift-jis", "shift_jis", "iso-ir-100", "iso8859-10", "iso-ir-110", "gb_2312-80",
  "iso-8859-1", "iso_8859-1", "iso-ir-101", "iso8859-11", "iso-8859-2", "iso_8859-2", "hz-gb-2312",
  "iso-8859-3", "iso_8859-3", "iso8859-13", "iso-8859-4", "iso_8859-4", "iso8859-14", "iso-ir-144",
  "iso-8859-5", "iso_8859-5", "iso8859-15", "iso-8859-6", "iso_8859-6", "iso-ir-126", "iso-8859-7",
  "iso_8859-7", "iso-ir-127", "iso-ir-157", "iso-8859-8", "iso_8859-8", "iso-ir-138", "iso-ir-148",
  "iso-8859-9", "iso_8859-9", "iso-ir-109", "iso-ir-149", "big5-hkscs", "csshiftjis",
  "iso-8859-10", "iso-8859-11", "csisolatin1", "csisolatin2", "iso-8859-13", "csisolatin3",
  "iso-8859-14", "windows-874", "csisolatin4", "iso-8859-15", "iso_8859-15", "csisolatin5",
  "csisolatin6", "windows-949", "csisolatin9", "csiso88596e", "csiso88598e", "unicodefffe",
  "unicodefeff", "csmacintosh", "csiso88596i", "csiso88598i", "windows-31j", "x-mac-roman",
  "iso-2022-cn", "iso-2022-jp", "csiso2022jp", "iso-2022-kr", "csiso2022kr", "replacement",
  "windows-1250", "windows-1251", "windows-1252", "windows-1253", "windows-1254", "windows-1255",
  "windows-1256", "windows-1257", "windows-1258", "iso-8859-6-e", "iso-8859-8-e", "iso-8859-6-i",
  "iso-8859-8-i", "sun_eu_greek", "csksc56011987", "unicode20utf8", "unicode11utf8",
  "ks_c_5601-1987", "ansi_x3.4-1968", "ks_c_5601-1989", "x-mac-cyrillic", "csiso58gb231280",
  "iso-10646-ucs-2", "iso_8859-1:1987", "iso_8859-2:1987", "iso_8859-6:1987", "iso_8859-7:1987",
  "iso_8859-3:1988", "iso_8859-4:1988", "iso_8859-5:1988", "iso_8859-8:1988", "x-unicode20utf8",
  "iso_8859-9:1989", "csisolatingreek", "x-mac-ukrainian", "iso-2022-cn-ext", "csisolatinarabic",
  "csisolatinhebrew", "unicode-1-1-utf-8", "csisolatincyrillic", "cseucpkdfmtjapanese",
];
for (const label of labels) {
  attempt(label, () => new TextDecoder(label).encoding);
  attempt(label, () => new TextDecoder(` \t${label.toUpperCase()}\n\f\r`).encoding);
}
for (const label of ["", "utf", "utf-7", "utf-32", "\u00a0utf-8", "utf-8\u0000", "latin-1", "null"]) {
  attempt(JSON.stringify(label), () => new TextDecoder(label).encoding);
}
attempt("null label", () => new TextDecoder(null).encoding);
attempt("undefined label", () => new TextDecoder(undefined).encoding);
attempt("object label", () => new TextDecoder({ toString: () => "sjis" }).encoding);
attempt("symbol label", () => new TextDecoder(Symbol("utf-8")).encoding);

// Single-byte encodings: every byte.
const all = new Uint8Array(256).map((_, i) => i);
for (const name of [
  "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5", "iso-8859-6", "iso-8859-7",
  "iso-8859-8", "iso-8859-8-i", "iso-8859-10", "iso-8859-13", "iso-8859-14", "iso-8859-15",
  "koi8-r", "macintosh", "windows-1250", "windows-1251", "windows-1254", "windows-1256",
  "windows-1257", "windows-1258", "x-mac-cyrillic",
]) {
  console.log(name, show(new TextDecoder(name).decode(all)));
}
console.log("windows-1252 low", show(new TextDecoder("windows-1252").decode(all.subarray(0, 0x80))));
console.log("windows-1252 high", show(new TextDecoder("windows-1252").decode(all.subarray(0xa0))));

// Multi-byte encodings and UTF-16/UTF-8: whole, every two-chunk split, and byte by byte.
const samples = [
  ["shift_jis", "93fa967b8cea82cc8365834c835883678141b1b2b32041424320818f"],
  ["euc-jp", "c6fccbdcb8eca4cea5c6a5ada5b9a5c8a1a28eb18eb28eb320414243"],
  ["iso-2022-jp", "1b2442467c4b5c386c1b284220414243201b2442244e2546252d253925481b2842"],
  ["gbk", "d6d0cec4cec4b1bea3acbabad7d620414243"],
  ["gb18030", "d6d0cec4cec4b1be209439fc36204142432081308130208431a234"],
  ["big5", "a4a4a4e5a4e5a5bba141ba7ea67220414243"],
  ["euc-kr", "c7d1b1b9beee20c5d8bdbac6ae20414243"],
  ["utf-16le", "6800e9006c006c006f0020003dd800de20007700f60072006c006400"],
  ["utf-16be", "006800e9006c006c006f0020d83dde000020007700f60072006c0064"],
  ["utf-8", "68c3a96c6c6f20f09f98802077c3b6726c6420e282ac"],
];
for (const [name, bytes] of samples.map(([n, h]) => [n, hex(h)])) {
  const whole = new TextDecoder(name).decode(bytes);
  console.log(name, whole, show(whole));
  const decoder = new TextDecoder(name);
  const splits = [];
  for (let at = 0; at <= bytes.length; at++) {
    splits.push(decoder.decode(bytes.subarray(0, at), { stream: true }) + decoder.decode(bytes.subarray(at)) === whole);
  }
  console.log(name, "splits", splits.every(Boolean), splits.length);
  let text = "";
  for (const byte of bytes) text += decoder.decode(new Uint8Array([byte]), { stream: true });
  console.log(name, "bytewise", text + decoder.decode() === whole);
  const fatal = new TextDecoder(name, { fatal: true });
  console.log(name, "fatal", fatal.fatal, fatal.decode(bytes) === whole);
}

// Malformed input: U+FFFD per the standard, or a TypeError when fatal.
const malformed = [
  ["utf-8", "80"], ["utf-8", "c0af"], ["utf-8", "e080"], ["utf-8", "e0a0"], ["utf-8", "f0808080"],
  ["utf-8", "f4908080"], ["utf-8", "eda080"], ["utf-8", "fe"], ["utf-8", "61e282"], ["utf-8", "f09f98"],
  ["utf-8", "c3"], ["utf-8", "e2ac82"], ["utf-16le", "41"], ["utf-16le", "00d8"],
  ["utf-16le", "00d84100"], ["utf-16le", "00dc00d8"], ["utf-16be", "d800"], ["utf-16be", "dc00d83d"],
  ["shift_jis", "82"], ["shift_jis", "a0"], ["euc-jp", "c6"], ["euc-jp", "8e"], ["euc-kr", "c741"],
  ["euc-kr", "c7"], ["gbk", "d6"], ["gb18030", "8130"], ["gb18030", "813081"], ["big5", "a4"],
  ["iso-2022-jp", "1b2442467c"], ["iso-2022-jp", "1b"],
];
for (const [name, bytes] of malformed) {
  attempt(`${name} ${bytes}`, () => show(new TextDecoder(name).decode(hex(bytes))));
  attempt(`${name} ${bytes} fatal`, () => show(new TextDecoder(name, { fatal: true }).decode(hex(bytes))));
}
// An incomplete sequence pending at a non-streaming call is flushed there.
const utf8 = new TextDecoder();
console.log("pending", show(utf8.decode(hex("e282"), { stream: true })), show(utf8.decode(hex("ac"))));
console.log("flushed", show(utf8.decode(hex("e282"), { stream: true })), show(utf8.decode()), show(utf8.decode(hex("ac"))));
const strict = new TextDecoder("utf-8", { fatal: true });
attempt("fatal pending", () => [strict.decode(hex("e282"), { stream: true }), strict.decode()]);
attempt("fatal reset", () => strict.decode(hex("41")));

// The BOM: stripped once at the start of a stream unless ignoreBOM; only its own encoding's.
const boms = [["utf-8", "efbbbf41efbbbf"], ["utf-16le", "fffe4100fffe"], ["utf-16be", "feff0041feff"],
  ["utf-16le", "feff4100"], ["utf-8", "fffe41"], ["windows-1252", "efbbbf41"], ["shift_jis", "efbbbf41"]];
for (const [name, bytes] of boms) {
  for (const ignoreBOM of [false, true]) {
    const decoder = new TextDecoder(name, { ignoreBOM });
    console.log(name, bytes, ignoreBOM, decoder.ignoreBOM, show(decoder.decode(hex(bytes))), show(decoder.decode(hex(bytes))));
    const parts = [1, 2, 3].map((n) => decoder.decode(hex(bytes).subarray(n - 1, n), { stream: true }));
    console.log(" streamed", show(parts.join("") + decoder.decode(hex(bytes).subarray(3))));
  }
}

// What it decodes from: any view (at an offset), ArrayBuffer, SharedArrayBuffer; else TypeError.
const buffer = new ArrayBuffer(8);
new Uint8Array(buffer).set([0x68, 0x69, 0xe2, 0x82, 0xac, 0x21, 0x00, 0x41]);
const shared = new SharedArrayBuffer(4);
new Uint8Array(shared).set([0x6f, 0x6b, 0xc3, 0xa9]);
const sources = {
  arrayBuffer: buffer,
  uint8: new Uint8Array(buffer, 2, 3),
  int8: new Int8Array(buffer, 1),
  uint16: new Uint16Array(buffer, 2, 2),
  float64: new Float64Array(buffer),
  dataView: new DataView(buffer, 5),
  clamped: new Uint8ClampedArray(buffer, 0, 2),
  shared,
  sharedView: new Uint8Array(shared, 2),
  empty: new Uint8Array(0),
};
for (const [what, source] of Object.entries(sources)) attempt(what, () => show(new TextDecoder().decode(source)));
console.log("utf-16le from Uint16Array", new TextDecoder("utf-16le").decode(new Uint16Array([0x68, 0x69, 0xd83d, 0xde00])));
for (const bad of [null, "abc", 5, {}, [1, 2], { buffer }]) attempt(`decode ${typeof bad}`, () => new TextDecoder().decode(bad));
attempt("decode()", () => new TextDecoder().decode());
attempt("decode(undefined, {stream: true})", () => new TextDecoder().decode(undefined, { stream: true }));
attempt("options null", () => new TextDecoder("utf-8", null).fatal);
attempt("options number", () => new TextDecoder("utf-8", 5).fatal);
attempt("options truthy", () => {
  const decoder = new TextDecoder("utf-8", { fatal: "yes", ignoreBOM: 1 });
  return `${decoder.fatal} ${decoder.ignoreBOM}`;
});
attempt("decode options null", () => new TextDecoder().decode(hex("41"), null));

// The object itself.
const decoder = new TextDecoder("ISO-8859-2");
console.log(Object.prototype.toString.call(decoder), decoder.encoding, decoder.fatal, decoder.ignoreBOM);
console.log(Object.keys(decoder).length, typeof TextDecoder.prototype.decode, TextDecoder.length);
attempt("getter on another object", () => Object.getOwnPropertyDescriptor(TextDecoder.prototype, "encoding").get.call({}));
attempt("decode on another object", () => TextDecoder.prototype.decode.call({}, new Uint8Array(0)));
attempt("called without new", () => TextDecoder());
