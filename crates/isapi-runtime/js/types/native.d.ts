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
  /** `[status, statusText, headers, final URL, redirected, body already ended]`. */
  type Head = [number, string, [string, string][], string, boolean, boolean];
  /**
   * Starts a request on the I/O reactor: its id, and the response head (rejected with a
   * message when the fetch fails). `streamed`: the body comes by `write` instead.
   */
  export function open(
    url: string,
    method: string,
    headers: [string, string][],
    body: Uint8Array | string | null,
    streamed: boolean,
    redirect: string,
  ): [number, Promise<Head>];
  /** The next chunk of the response body; null at its end. */
  export function read(id: number): Promise<Uint8Array | null>;
  /** One chunk of a streamed request body (null ends it), settled once taken. */
  export function write(id: number, chunk: Uint8Array | null): Promise<void>;
  /** Stops the request (its connection closes); its Promises never settle. */
  export function cancel(id: number): void;
}
