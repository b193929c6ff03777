// The native modules (`isapi:native/<area>`): the Rust half of each area, as the
// platform's JavaScript sees it. One block per Rust file that defines a `Native`.

declare module "isapi:native/encoding" {
  /** UTF-8 of `text` as a USVString (lone surrogates become U+FFFD). */
  export function utf8Encode(text: string): Uint8Array;
  /** Writes what fits of `text` (whole scalar values) into `destination`: `[read, written]`. */
  export function utf8EncodeInto(text: string, destination: Uint8Array): [number, number];
  /** Text of UTF-8 `bytes` (no BOM handling); `fatal` throws a TypeError on malformed input. */
  export function utf8Decode(bytes: Uint8Array, fatal: boolean): string;
  /** The canonical lower-case name of the encoding `label` names; none for "replacement". */
  export function lookup(label: string): string | undefined;
  /** A native streaming decoder (one per TextDecoder, freed with it). */
  export interface Decoder {
    readonly __brand: "Decoder";
  }
  /** A decoder for the encoding of canonical name `name`. */
  export function decoder(name: string, fatal: boolean, ignoreBOM: boolean): Decoder;
  /** TextDecoder.decode: the text of `bytes`; `stream` keeps an incomplete sequence for the next call. */
  export function decode(decoder: Decoder, bytes: Uint8Array, stream: boolean): string;
}

declare module "isapi:native/url" {
  /** A URL record (the `url` crate's `Url`), freed with the URL object holding it. */
  export interface UrlRecord {
    readonly __brand: "UrlRecord";
  }
  /** The URL standard's API parser: `input` against `base`; undefined when either fails. */
  export function parse(input: string, base?: string): UrlRecord | undefined;
  /** Getter `part` (0 href, 1 origin, 2 protocol, 3 username, 4 password, 5 host, 6 hostname, 7 port, 8 pathname, 9 search, 10 hash). */
  export function get(record: UrlRecord, part: number): string;
  /** Setter `part` (as for `get`); only href throws (a TypeError), the others ignore what does not apply. */
  export function set(record: UrlRecord, part: number, value: string): void;
  /** Sets the query to `query` (form-encoded already), or null. */
  export function setQuery(record: UrlRecord, query: string | null): void;
  /** application/x-www-form-urlencoded parsing: `[name, value, name, value, …]`. */
  export function formParse(text: string): string[];
  /** application/x-www-form-urlencoded serialization of `[name, value, …]`. */
  export function formSerialize(list: string[]): string;
  /** A domain as ASCII (punycode) or Unicode, UTS #46 as the URL parser does; "" when invalid. */
  export function domainToAscii(domain: string): string;
  export function domainToUnicode(domain: string): string;
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

declare module "isapi:native/global_scope" {
  /** The engine's version (`navigator.userAgent` is `isapi-ts/<version>`). */
  export const version: string;
  /** How the event loop reports an unhandled rejection (true when it must be logged), and
   * a promise given a handler after such a report may have been. */
  export function setRejectionHook(
    unhandled: (promise: Promise<unknown>, reason: unknown) => boolean,
    handled: (promise: Promise<unknown>) => void,
  ): void;
  /** process.js's emitters of uncaughtException, unhandledRejection (each true when a
   * listener took the event) and rejectionHandled. */
  export function setProcessHooks(
    exception: (error: unknown) => boolean,
    rejection: (promise: Promise<unknown>, reason: unknown) => boolean,
    handled: (promise: Promise<unknown>) => void,
  ): void;
  /** How an uncaught exception is dispatched as an "error" event: true when it must be logged. */
  export function setErrorHook(
    hook: (error: unknown, filename: string, lineno: number, colno: number) => boolean,
  ): void;
  /** HTML "report an exception": the "error" event, then the log unless it was cancelled. */
  export function reportException(error: unknown): void;
}

declare module "isapi:native/modules" {
  /**
   * Evaluates the platform module `js/<path>` now, if it is not loaded yet, and returns its
   * namespace: for what a module needs only sometimes (a module imported statically is
   * loaded with its importer).
   */
  export function load(path: string): unknown;
  /** The platform module (path under `js/`) of Node core module `specifier` (`node:fs`, `fs`), if provided. */
  export function builtin(specifier: string): string | undefined;
  /** The Node core modules provided, by bare name (`fs`, `fs/promises`). */
  export function builtins(): string[];
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
  // node:crypto's shapes of the same backend. Hash names are ours (`sha256`, `sha3-256`,
  // `md5`, `shake128`, …); `Bytes` is a string (as UTF-8) or a Uint8Array.
  type Bytes = string | Uint8Array;
  /** A native incremental hash (`outputLength` -1: a SHAKE's default). */
  export function hashCreate(name: string, outputLength: number): object;
  /** A native incremental HMAC keyed with bytes or a secret key's handle. */
  export function hmacCreate(name: string, key: Uint8Array | object): object;
  export function hashUpdate(hasher: object, data: Bytes): void;
  /** The digest as text (`hex`, `base64`, `base64url`, `latin1`/`binary`), else bytes. */
  export function hashDigest(hasher: object, encoding: unknown): string | Uint8Array;
  export function hashCopy(hasher: object, outputLength: number): object;
  export function hashOnce(name: string, data: Bytes, encoding: unknown): string | Uint8Array;
  export function pbkdf2(
    password: Uint8Array,
    salt: Uint8Array,
    iterations: number,
    length: number,
    digest: string,
  ): Uint8Array;
  export function hkdf(
    digest: string,
    key: Uint8Array | object,
    salt: Uint8Array,
    info: Uint8Array,
    length: number,
  ): Uint8Array;
  export function scrypt(
    password: Uint8Array,
    salt: Uint8Array,
    params: { logN: number; r: number; p: number; length: number },
  ): Uint8Array;
  /** A cipher (mode `ecb`, `cbc`, `ctr`, `gcm`, `chacha20-poly1305`) fed by update/final. */
  export function cipherCreate(
    mode: string,
    key: Uint8Array,
    iv: Uint8Array | null,
    encrypt: boolean,
    tagLength: number,
  ): object;
  export function cipherUpdate(cipher: object, data: Bytes): Uint8Array;
  /** False when the cipher takes no (more) additional data. */
  export function cipherAad(cipher: object, data: Uint8Array): boolean;
  export function cipherSetTag(cipher: object, tag: Uint8Array): void;
  export function cipherSetPadding(cipher: object, on: boolean): void;
  /** `[output, tag]` (the tag when encrypting with an AEAD); throws `auth`, `bad decrypt`, `wrong final block length`. */
  export function cipherFinal(cipher: object): [Uint8Array, Uint8Array | undefined];
  /** A handle for a PEM or DER (`spki`, `pkcs8`, `pkcs1`, `sec1`) key. */
  export function keyParse(
    data: Uint8Array,
    format: string,
    type: string | null,
    wantPrivate: boolean,
  ): object;
  export function keyPublic(handle: object): object;
  /** `[type, asymmetricKeyType, bits or bytes, publicExponent, curve]`. */
  export function keyDetails(handle: object): [string, string, number, Uint8Array, string];
  /** PEM text or DER bytes; a secret's bytes. */
  export function keyExport(handle: object, format: string, type: string): string | Uint8Array;
  export function keyEquals(a: object, b: object): boolean;
  export function nodeSign(
    handle: object,
    digest: string | null,
    data: Uint8Array,
    params: Params,
  ): Uint8Array;
  export function nodeVerify(
    handle: object,
    digest: string | null,
    data: Uint8Array,
    signature: Uint8Array,
    params: Params,
  ): boolean;
  export function rsaCipher(
    handle: object,
    data: Uint8Array,
    padding: number,
    oaepHash: string,
    label: Uint8Array | null,
    encrypt: boolean,
  ): Uint8Array;
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

declare module "isapi:native/wasm" {
  // Handles number the store's objects; values cross as numbers, BigInt (i64), a
  // function handle or null (funcref), or any JS value (externref).
  /** Tells Rust which classes to throw (CompileError, LinkError, RuntimeError). */
  export function register(compile: Function, link: Function, runtime: Function): void;
  export function validate(bytes: Uint8Array): boolean;
  /** A module's handle; throws CompileError. */
  export function compile(bytes: Uint8Array): number;
  /** `[module, name, kind, type, mutable]`: `type` is a global's value type or a function's `[params, results]`. */
  export function moduleImports(module: number): [string, string, string, any, boolean][];
  export function moduleExports(module: number): [string, string][];
  export function customSections(module: number, name: string): ArrayBuffer[];
  /** A wasm function calling `adapter` with the wasm arguments (one result, or an array of several). */
  export function hostFunc(
    adapter: (args: unknown[]) => unknown,
    params: string[],
    results: string[],
  ): number;
  /** Instantiates with one value per import; `[name, kind, handle, index]` per export. */
  export function instantiate(module: number, imports: unknown[]): [string, string, number, number][];
  export function funcType(func: number): [string[], string[]];
  export function call(func: number, args: unknown[]): unknown[];
  export function memoryNew(initial: number, maximum: number | undefined): number;
  export function memoryBuffer(memory: number): ArrayBuffer;
  export function memoryGrow(memory: number, delta: number): number;
  export function tableNew(
    element: string,
    initial: number,
    maximum: number | undefined,
    init: unknown,
  ): number;
  /** `[element type, length]`. */
  export function tableLength(table: number): ["anyfunc" | "externref", number];
  export function tableGet(table: number, index: number): unknown;
  export function tableSet(table: number, index: number, value: unknown): void;
  export function tableGrow(table: number, delta: number, init: unknown): number;
  export function globalNew(type: string, mutable: boolean, value: unknown): number;
  /** `[value type, mutable]`. */
  export function globalType(
    global: number,
  ): ["i32" | "i64" | "f32" | "f64" | "v128" | "anyfunc" | "externref", boolean];
  export function globalGet(global: number): unknown;
  export function globalSet(global: number, value: unknown): void;
}

declare module "isapi:native/url_pattern" {
  /** A URLPatternInit's fields: protocol, username, password, hostname, port, pathname, search, hash, baseURL. */
  export type InitFields = (string | undefined)[];
  /**
   * Compiles a pattern: `[hasRegExpGroups, then per component (protocol … hash) its pattern
   * string, regexp source and group names]`. Throws a TypeError for a bad pattern.
   */
  export function compile(
    input: string | InitFields,
    baseURL: string | undefined,
    ignoreCase: boolean,
  ): [boolean, ...(string | string[])[]];
  /** A match input's eight component strings, or undefined when it is no URL; a TypeError for an init with a base URL. */
  export function input(input: string | InitFields, baseURL: string | undefined): string[] | undefined;
}

declare module "isapi:native/buffer" {
  /** The bytes of `text` in encoding `encoding` (0 utf8, 1 utf16le, 2 latin1, 3 ascii, 4 base64, 5 base64url, 6 hex; Node's lenient decoding). */
  export function encode(text: string, encoding: number): ArrayBuffer;
  /** Writes what fits of `text`'s bytes at `offset` of `target`, at most `length` (whole characters for utf8): the count. */
  export function write(
    target: Uint8Array,
    text: string,
    offset: number,
    length: number,
    encoding: number,
  ): number;
  /** The text of `bytes[start..end]` in encoding `encoding`. */
  export function decode(bytes: Uint8Array, start: number, end: number, encoding: number): string;
  /** The UTF-8 length of `text` (a lone surrogate counts 3). */
  export function utf8Length(text: string): number;
  /** The first (with `last`: the last) index of `needle` in `haystack` from `from`, or -1. */
  export function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number, last: boolean): number;
  /** -1, 0 or 1: `a` against `b`, byte by byte. */
  export function compare(a: Uint8Array, b: Uint8Array): number;
  /** Whether `bytes` are well-formed UTF-8. */
  export function isUtf8(bytes: Uint8Array): boolean;
}

declare module "isapi:native/zlib" {
  /** One zlib or brotli stream's codec, freed with its object. */
  export interface ZlibCodec {
    readonly __zlibCodec: unique symbol;
  }
  /** A zlib-format codec for Node's `mode` (1 DEFLATE … 7 UNZIP); throws a RangeError "Init error". */
  export function create(
    mode: number,
    level: number,
    windowBits: number,
    memLevel: number,
    strategy: number,
    dictionary: Uint8Array | undefined,
  ): ZlibCodec;
  /** A brotli encoder or decoder; `params` is `[key, value, …]`; false if the encoder refuses one. */
  export function createBrotli(encode: boolean, params: number[]): ZlibCodec | false;
  /**
   * Feeds `input` with flush value `flush`: `[chunks of at most chunkSize bytes, errno (0 none;
   * 1000: output passed limit), zlib's message, Node's code]`.
   */
  export function process(
    codec: ZlibCodec,
    input: Uint8Array,
    flush: number,
    chunkSize: number,
    limit: number,
  ): [Uint8Array[], number, string, string];
  /** Starts the codec over with the same options. */
  export function reset(codec: ZlibCodec): void;
  /** Changes a compressor's level (after a flush). */
  export function setLevel(codec: ZlibCodec, level: number): void;
  /** CRC-32 of `data` (a string as UTF-8) continuing from `start`. */
  export function crc32(data: string | Uint8Array, start: number): number;
}

declare module "isapi:native/fs" {
  /**
   * One file call (`name`: readFile, writeFile, open, close, read, write, fstat, stat, lstat,
   * readdir, mkdir, rm, …; `args` as fs.js prepares them), confined to the handler's
   * folders. Without `callback` it runs now and returns the result or throws
   * `{ code, errno, syscall, path?, dest?, message }`; with one it runs off the engine
   * thread and calls `callback(error, result)` later.
   */
  export function call(name: string, args: unknown[], callback?: (error: unknown, value: any) => void): any;
  /** `fs.constants` of this system. */
  export const constants: Record<string, number>;
  /** The folder relative paths start from. */
  export function cwd(): string;
}

declare module "isapi:native/node_util" {
  /** Whether `value` is a Proxy (util.types.isProxy). */
  export function isProxy(value: unknown): boolean;
  /** `[state, result]` of a promise (0 pending, 1 fulfilled, 2 rejected); undefined for a non-promise. */
  export function promiseState(value: unknown): [0 | 1 | 2, unknown] | undefined;
}

declare module "isapi:native/process" {
  /** The host process's environment, then the handler's own `env` over it: `[name, value, …]`. */
  export function env(): string[];
  /** `[seconds, nanoseconds]` on a monotonic clock. */
  export function hrtime(): [number, number];
  /** `[rss, heapTotal, heapUsed, external, arrayBuffers]` in bytes (the heap is this engine's). */
  export function memory(): [number, number, number, number, number];
  /** The process's resident set size in bytes. */
  export function rss(): number;
  export function cwd(): string;
  export const pid: number;
  /** 0 where it cannot be known cheaply (Windows). */
  export const ppid: number;
  /** Seconds since the process first prepared an engine. */
  export function uptime(): number;
  export const execPath: string;
  /** The process's arguments after the program's own name. */
  export const argv: string[];
  /** Node's names: `linux`, `win32`, `darwin`; `x64`, `arm64`, `ia32`. */
  export const platform: string;
  export const arch: string;
  /** Writes to stdout (1) or stderr (2): the streams in isapi-run, the log in a library. */
  export function write(fd: number, text: string): void;
  /** How the event loop runs the nextTick queue. */
  export function setTicks(run: () => void): void;
  /** Tells the event loop the first tick of an empty queue was queued. */
  export function ticksQueued(): void;
}

declare module "isapi:native/os" {
  export function hostname(): string;
  /** `[type, release, version, machine]`, as uname gives them. */
  export function kernel(): [string, string, string, string];
  /** Seconds since the machine started. */
  export function uptime(): number;
  export function loadavg(): number[];
  /** `[total, free]` physical memory in bytes. */
  export function memory(): [number, number];
  /** Per logical processor, six numbers: speed (MHz), user, nice, sys, idle, irq (ms). */
  export function cpus(): number[];
  /** Per logical processor, its model. */
  export function cpuModels(): string[];
  /** `[uid, gid, username, shell]` of the process's user, as strings ("" for no shell). */
  export function user(): [string, string, string, string];
  export function parallelism(): number;
}
