// Small helpers the platform's modules share.

/**
 * Bytes of a BufferSource, copied.
 * @param {unknown} source
 * @returns {Uint8Array}
 */
export function bytesOf(source) {
  if (source instanceof Uint8Array) return source.slice();
  if (ArrayBuffer.isView(source))
    return new Uint8Array(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength));
  if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
  throw new TypeError("expected an ArrayBuffer or a view of one");
}

/**
 * One Uint8Array holding `chunks` in order.
 * @param {readonly Uint8Array[]} chunks
 */
export function concat(chunks) {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const all = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return all;
}
