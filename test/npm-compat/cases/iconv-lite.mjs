import iconv from "iconv-lite";

export function run() {
  const latin1 = iconv.encode("Grüße €", "win1252");
  const sjis = iconv.encode("日本語", "Shift_JIS");
  return {
    latin1: Array.from(latin1),
    back: iconv.decode(latin1, "win1252"),
    sjis: Array.from(sjis),
    sjisBack: iconv.decode(sjis, "sjis"),
    koi8: iconv.decode(new Uint8Array([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]), "koi8-r"),
    exists: [iconv.encodingExists("cp1251"), iconv.encodingExists("nope")],
  };
}
