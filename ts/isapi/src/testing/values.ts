/**
 * Argument conversions shared by the Node `ecb` and `fc`, with the QuickJS bindings'
 * rules and messages (crates/isapi-js/src/ecb_object.rs), so both engines agree.
 */

/** Bytes of a string (UTF-8) or of a Uint8Array. */
export function bytesOf(data: unknown): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError("expected a string or a Uint8Array");
}

/** A header block from a string, or from an object of name → value. */
export function headerText(headers: unknown): string {
  if (headers === undefined || headers === null) return "";
  if (typeof headers === "string") return headers;
  if (typeof headers === "object") {
    let block = "";
    for (const [name, raw] of Object.entries(headers as Record<string, unknown>)) {
      const value = String(raw);
      if (/[:\r\n]/.test(name) || /[\r\n]/.test(value)) {
        throw new TypeError(`invalid header ${JSON.stringify(name)}`);
      }
      block += `${name}: ${value}\r\n`;
    }
    return block;
  }
  throw new TypeError("headers must be a string or an object");
}

/** The size argument of `ReadClient`: 64 KiB by default, at most 16 MiB. */
export function readSize(size: unknown): number {
  if (size === undefined || size === null) return 64 * 1024;
  if (typeof size === "number" && Number.isFinite(size) && size >= 0)
    return Math.min(Math.floor(size), 16 << 20);
  throw new RangeError("read size must be a non-negative number");
}

/** A returned number as a DWORD status; anything else gives `fallback`. */
export function statusOf(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff
    ? value
    : fallback;
}

/** pywin32's truthiness of a `GetExtensionVersion`/`GetFilterVersion` answer. */
export function accepts(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  return true;
}

export function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("utf8");
}
