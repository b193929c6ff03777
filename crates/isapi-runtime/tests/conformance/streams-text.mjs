// TextEncoderStream and TextDecoderStream: chunk boundaries inside characters and
// surrogate pairs, the BOM, fatal decoding, and the streams' shape.
// (Their toStringTags are the class names by Web IDL; Node 20 has none: not compared.)
const say = (line) => console.log(line);
const run = async (transform, chunks) => {
  const writer = transform.writable.getWriter();
  const reader = transform.readable.getReader();
  const writing = (async () => {
    for (const chunk of chunks) await writer.write(chunk);
    await writer.close();
  })();
  const out = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      out.push(value);
    }
  } catch (e) {
    out.push(`error ${e.name}`);
  }
  await writing.catch(() => {});
  return out;
};
const bytes = (chunks) => chunks.map((c) => (typeof c === "string" ? c : `[${Array.from(c).join(",")}]`)).join(" ");

{
  const enc = new TextEncoderStream();
  say(`encoder: encoding ${enc.encoding} ${enc.readable instanceof ReadableStream} ${enc.writable instanceof WritableStream}`);
  say(`ascii and é: ${bytes(await run(new TextEncoderStream(), ["ab", "é"]))}`);
  say(`pair split across chunks: ${bytes(await run(new TextEncoderStream(), ["x\ud83d", "\ude00y"]))}`);
  say(`high surrogate then not a low one: ${bytes(await run(new TextEncoderStream(), ["\ud83d", "z"]))}`);
  say(`lone low surrogate: ${bytes(await run(new TextEncoderStream(), ["\ude00"]))}`);
  say(`high surrogate at the end: ${bytes(await run(new TextEncoderStream(), ["a\ud800"]))}`);
  say(`empty chunks: ${bytes(await run(new TextEncoderStream(), ["", "q", ""]))}`);
  say(`non-strings: ${bytes(await run(new TextEncoderStream(), [12, null, { toString: () => "o" }]))}`);
}
{
  const dec = new TextDecoderStream();
  say(`decoder: ${dec.encoding} fatal ${dec.fatal} ignoreBOM ${dec.ignoreBOM}`);
  const withOptions = new TextDecoderStream("UTF-8", { fatal: true, ignoreBOM: true });
  say(`options: ${withOptions.encoding} ${withOptions.fatal} ${withOptions.ignoreBOM}`);
  const euro = [0xe2, 0x82, 0xac];
  say(`split character: ${JSON.stringify(await run(new TextDecoderStream(), [new Uint8Array(euro.slice(0, 1)), new Uint8Array(euro.slice(1)), new Uint8Array([0x41])]))}`);
  say(`BOM removed: ${JSON.stringify(await run(new TextDecoderStream(), [new Uint8Array([0xef, 0xbb, 0xbf]), new Uint8Array([0x68, 0x69])]))}`);
  say(`BOM kept: ${JSON.stringify(await run(new TextDecoderStream("utf-8", { ignoreBOM: true }), [new Uint8Array([0xef, 0xbb, 0xbf, 0x68])]))}`);
  say(`incomplete at the end: ${JSON.stringify(await run(new TextDecoderStream(), [new Uint8Array([0x61, 0xe2, 0x82])]))}`);
  say(`fatal, invalid: ${JSON.stringify(await run(new TextDecoderStream("utf-8", { fatal: true }), [new Uint8Array([0x61]), new Uint8Array([0xff])]))}`);
  say(`fatal, incomplete at the end: ${JSON.stringify(await run(new TextDecoderStream("utf-8", { fatal: true }), [new Uint8Array([0xe2, 0x82])]))}`);
  say(`DataView and ArrayBuffer chunks: ${JSON.stringify(await run(new TextDecoderStream(), [new DataView(new Uint8Array([0x6f, 0x6b]).buffer), new Uint8Array([0x21]).buffer]))}`);
  say(`a string chunk: ${JSON.stringify(await run(new TextDecoderStream(), ["text"]))}`);
  try { new TextDecoderStream("no-such-encoding"); } catch (e) { say(`bad label: ${e.name}`); }
}
{
  // Piped together: text → bytes → text.
  const source = ReadableStream.from(["Grüße, ", "\ud83d", "\ude00", "!"]);
  const out = [];
  for await (const piece of source.pipeThrough(new TextEncoderStream()).pipeThrough(new TextDecoderStream())) out.push(piece);
  say(`round trip: ${JSON.stringify(out.join(""))}`);
}
