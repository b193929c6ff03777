// A byte order mark split across TextDecoder stream:true calls and TextDecoderStream chunks
// (UTF-8, UTF-16LE/BE), with and without ignoreBOM; a decoder reused after a flush.
const show = (s) => JSON.stringify(s) + " " + [...s].map((c) => c.codePointAt(0).toString(16)).join(",");
const cases = [
  ["utf-8", [[0xef], [0xbb, 0xbf, 0x41]]],
  ["utf-8", [[0xef, 0xbb], [0xbf, 0x41]]],
  ["utf-8", [[0xef], [0xbb], [0xbf], [0x41]]],
  ["utf-8", [[0xef], [0xbb], [0x41]]],
  ["utf-8", [[0xef], []]],
  ["utf-8", [[], [0xef, 0xbb, 0xbf], [0xef, 0xbb, 0xbf]]],
  ["utf-16le", [[0xff], [0xfe, 0x41, 0x00]]],
  ["utf-16le", [[0xff], [0xfe], [0x41], [0x00]]],
  ["utf-16be", [[0xfe], [0xff, 0x00, 0x41]]],
  ["utf-16be", [[0xfe], [0xff], [0x00], [0x41]]],
  ["utf-16le", [[0xfe], [0xff, 0x41, 0x00]]],
];
for (const ignoreBOM of [false, true]) {
  for (const [enc, chunks] of cases) {
    const d = new TextDecoder(enc, { ignoreBOM });
    let out = "";
    for (const c of chunks) out += d.decode(new Uint8Array(c), { stream: true });
    out += d.decode();
    console.log("decode", enc, ignoreBOM, JSON.stringify(chunks), show(out));
    const ts = new TextDecoderStream(enc, { ignoreBOM });
    const w = ts.writable.getWriter();
    for (const c of chunks) w.write(new Uint8Array(c));
    w.close();
    let s = "";
    for await (const part of ts.readable) s += part;
    console.log("stream", enc, ignoreBOM, JSON.stringify(chunks), show(s));
  }
}
// reuse after a finished decode resets BOM handling
const d = new TextDecoder();
console.log(show(d.decode(new Uint8Array([0xef, 0xbb]), { stream: true }) + "|" + d.decode(new Uint8Array([0xbf, 0x42]))), show(d.decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x43]))));
