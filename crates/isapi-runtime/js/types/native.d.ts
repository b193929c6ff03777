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
