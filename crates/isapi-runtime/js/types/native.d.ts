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
