// The native modules (`isapi:native/<area>`): the Rust half of each area, as the
// platform's JavaScript sees it. One block per Rust file that defines a `Native`.

declare module "isapi:native/encoding" {
  /** UTF-8 of `text` (lone surrogates are refused). */
  export function utf8Encode(text: string): Uint8Array;
  /** Text of UTF-8 `bytes`; `fatal` throws a TypeError on malformed input. */
  export function utf8Decode(bytes: Uint8Array, fatal: boolean): string;
}

declare module "isapi:native/url" {
  /** `[href, origin, protocol, username, password, host, hostname, port, pathname, search, hash]`. */
  type Parts = string[];
  /** The parts of `input` parsed against `base`; null when it is not a URL. */
  export function parse(input: string, base?: string): Parts | null;
  /** The parts after applying setter `name`; null when the setter cannot apply. */
  export function set(href: string, name: string, value: string): Parts | null;
}

declare module "isapi:native/random" {
  /** `length` (at most 65536) random bytes from the operating system. */
  export function bytes(length: number): Uint8Array;
}

declare module "isapi:native/timers" {
  /** Milliseconds on a monotonic clock. */
  export function now(): number;
  /** Tells the event loop how to run the due timers, cancel them all, and count those
   * that keep a script alive. */
  export function register(run: () => number, cancel: () => number, alive: () => number): void;
}

declare module "isapi:native/fetch" {
  /** Performs one HTTP request; `[status, statusText, headers, body]`. */
  export function start(
    url: string,
    method: string,
    headers: [string, string][],
    body: Uint8Array | string | null,
    manual: boolean,
  ): Promise<[number, string, [string, string][], Uint8Array]>;
}

declare module "isapi:native/compression" {
  /** One stream's codec, freed with its object. */
  export interface Codec {
    readonly __codec: unique symbol;
  }
  /** A compressor (`decompress` false) or decompressor for "gzip", "deflate" or "deflate-raw". */
  export function create(format: string, decompress: boolean): Codec;
  /** Feeds `bytes`; the output it makes now (may be empty). Throws a TypeError on corrupt input. */
  export function push(codec: Codec, bytes: Uint8Array): Uint8Array;
  /** Ends the input; the rest of the output. Throws a TypeError on truncated input. */
  export function finish(codec: Codec): Uint8Array;
}

declare module "isapi:native/global_scope" {
  /** The engine's version (`navigator.userAgent` is `isapi-ts/<version>`). */
  export const version: string;
  /** How the event loop reports an unhandled rejection: true when it must be logged. */
  export function setRejectionHook(hook: (promise: Promise<unknown>, reason: unknown) => boolean): void;
}

declare module "isapi:native/body" {
  /**
   * Fetch's "extract a MIME type" of a Content-Type value: `[serialized, essence, boundary]`,
   * or null when no MIME type parses.
   */
  export function mimeType(value: string | null): [string, string, string | undefined] | null;
  /**
   * The parts of a multipart/form-data body, each `[name, filename, contentType, start, end]`
   * (its content is `bytes.subarray(start, end)`); throws a TypeError on malformed input.
   */
  export function parseMultipart(
    bytes: Uint8Array,
    boundary: string,
  ): [string, string | undefined, string | undefined, number, number][];
  /** The platform's line ending (`"\r\n"` on Windows), for Blob's `endings: "native"`. */
  export const lineEnding: string;
}
