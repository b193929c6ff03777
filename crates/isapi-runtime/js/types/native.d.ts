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

declare module "isapi:native/intl" {
  /** Options as intl.js normalized them; `key` names them (formatters are cached by key). */
  type Options = Record<string, unknown>;
  /** Canonical form of a BCP 47 tag; a RangeError if it is not one. */
  export function canonicalizeLocale(tag: string): string;
  /** The canonical tag if its language has data, else undefined. */
  export function supportedLocale(tag: string): string | undefined;
  /** The canonical name of a time zone (undefined if unknown), or with no argument the process's zone. */
  export function timeZone(name?: string): string | undefined;
  /** A date as text, or as `[type, text]` parts. */
  export function dateTimeFormat(
    key: string,
    options: Options,
    epochMs: number,
    parts: boolean,
  ): string | [string, string][];
  /** `[hourCycle or "", calendar, numberingSystem]` of a date formatter. */
  export function dateTimeResolve(key: string, options: Options): [string, string, string];
  /** A number (finite, or a decimal string) as text, or as `[type, text]` parts. */
  export function numberFormat(
    key: string,
    options: Options,
    value: number | string,
    parts: boolean,
  ): string | [string, string][];
  export function collatorCompare(key: string, options: Options, a: string, b: string): number;
  export function pluralSelect(key: string, options: Options, value: number): string;
  export function pluralCategories(key: string, options: Options): string[];
  export function relativeTimeFormat(key: string, options: Options, value: number): string;
  export function listFormat(
    key: string,
    options: Options,
    items: string[],
    parts: boolean,
  ): string | [string, string][];
  /** `[boundaries in UTF-16 units from 0 to the length, isWordLike per segment (words only)]`. */
  export function segment(text: string, granularity: string): [number[], boolean[]];
}
