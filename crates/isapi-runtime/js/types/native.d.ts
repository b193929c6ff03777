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

declare module "isapi:native/crypto" {
  /** Members of a JWK, base64url-decoded (`k`, `x`, `y`, `d`, `n`, `e`, `p`, `q`, `dp`, `dq`, `qi`). */
  type JwkMembers = Record<string, Uint8Array>;
  /** Parameters of an operation: hash name, numbers and byte strings. */
  type Params = Record<string, unknown>;
  /** The digest (`SHA-1`, `SHA-256`, `SHA-384`, `SHA-512`) of `data`. */
  export function digest(hash: string, data: Uint8Array): Uint8Array;
  /** A secret of `a` bytes (kind `secret`), or `[private, public]` handles (`EC` on curve `a`, `RSA` of `a` bits and exponent `b`, `Ed25519`, `X25519`). */
  export function generate(kind: string, a: unknown, b: unknown): object | [object, object];
  /** A handle for the key in `data` (kind `secret`, `EC`, `RSA`, `Ed25519`, `X25519`; format `raw`, `pkcs8`, `spki`, `jwk`). */
  export function importKey(
    kind: string,
    format: string,
    data: Uint8Array | JwkMembers,
    curve: string | null,
  ): object;
  /** The key in `format` (bytes, or the JWK's members). */
  export function exportKey(handle: object, format: string): Uint8Array | JwkMembers;
  /** `[type, bits, publicExponent]`: bits of a secret or an RSA modulus. */
  export function info(handle: object): [string, number, Uint8Array];
  export function sign(algorithm: string, handle: object, params: Params, data: Uint8Array): Uint8Array;
  export function verify(
    algorithm: string,
    handle: object,
    params: Params,
    signature: Uint8Array,
    data: Uint8Array,
  ): boolean;
  export function encrypt(algorithm: string, handle: object, params: Params, data: Uint8Array): Uint8Array;
  export function decrypt(algorithm: string, handle: object, params: Params, data: Uint8Array): Uint8Array;
  /** The whole shared secret (ECDH, X25519) or `params.length` bytes (HKDF, PBKDF2). */
  export function deriveBits(algorithm: string, handle: object, params: Params): Uint8Array;
}
