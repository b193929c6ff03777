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
  /** Tells the event loop how to run the due timers and cancel them all. */
  export function register(run: () => number, cancel: () => number): void;
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
  /**
   * Feeds `bytes` (empty: go on with what is kept); the output it makes now, at most about
   * `max` bytes from a decompressor (may be empty). Throws a TypeError on corrupt input.
   */
  export function push(codec: Codec, bytes: Uint8Array, max: number): Uint8Array;
  /**
   * Ends the input; the rest of the output (a decompressor's in pieces of about `max`
   * bytes: call until it is empty). Throws a TypeError on truncated input.
   */
  export function finish(codec: Codec, max: number): Uint8Array;
}
