/**
 * The benchmark handlers in TypeScript (configurations S2 and S3 run this bundle):
 *
 *   GET  /hello      → "Hello, world!" (13 bytes): the per-request overhead
 *   GET  /json?n=20  → about 1 KB of JSON built from the query: marshalling
 *   POST /echo       → the request body back: ReadClient / WriteClient
 *   GET  /cpu        → a fixed xorshift32 loop (about 1 ms in QuickJS): where a JIT wins
 *   GET  /cpu-wasm   → the same loop compiled to WebAssembly (wasmi here, V8 in Node)
 *
 * crates/isapi-bench-native is the same handlers in Rust and sends the same bytes.
 */
import {
  HSE_STATUS_SUCCESS,
  SimpleExtension,
  type ExtensionControlBlock,
  type ExtensionFactory,
} from "isapi-ts";

const HELLO = "Hello, world!";
/** Rounds of the `/cpu` loop; the same as `CPU_ROUNDS` in the native baseline. */
const CPU_ROUNDS = 12_000;
const DEFAULT_ITEMS = 20;
const MAX_ITEMS = 1000;

function itemsWanted(query: string): number {
  for (const pair of query.split("&")) {
    if (pair.startsWith("n=")) {
      const text = pair.slice(2);
      if (!/^\d+$/.test(text)) return DEFAULT_ITEMS;
      return Math.min(Number(text), MAX_ITEMS);
    }
  }
  return DEFAULT_ITEMS;
}

function jsonDocument(n: number): string {
  const items = [];
  for (let id = 0; id < n; id++) {
    items.push({ id, name: `item ${id}`, even: id % 2 === 0, square: id * id });
  }
  return JSON.stringify({ n, items });
}

function cpuAnswer(rounds: number): string {
  let x = 2463534242 | 0;
  for (let i = 0; i < rounds; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  return `cpu ${x >>> 0}\n`;
}

/**
 * The `/cpu` loop as WebAssembly, `(func (export "cpu") (param $rounds i32) (result i32))`:
 *   x = 2463534242; for (i = 0; i < rounds; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5 }
 */
const CPU_WASM = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 127, 3, 2, 1, 0, 7, 7, 1, 3, 99, 112, 117, 0, 0, 10,
  68, 1, 66, 1, 2, 127, 65, 162, 153, 218, 150, 121, 33, 1, 2, 64, 3, 64, 32, 2, 32, 0, 78, 13, 1, 32, 1, 32,
  1, 65, 13, 116, 115, 33, 1, 32, 1, 32, 1, 65, 17, 118, 115, 33, 1, 32, 1, 32, 1, 65, 5, 116, 115, 33, 1, 32,
  2, 65, 1, 106, 33, 2, 12, 0, 11, 11, 32, 1, 11,
]);
let cpuWasm: ((rounds: number) => number) | undefined;
/** The part of the WebAssembly JS API used here (the type-check's libraries declare no values). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

function cpuWasmAnswer(rounds: number): string {
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  cpuWasm ??= new wasm.Instance(new wasm.Module(CPU_WASM)).exports["cpu"] as (rounds: number) => number;
  return `cpu ${cpuWasm(rounds) >>> 0}\n`;
}

function respond(ecb: ExtensionControlBlock, status: string, contentType: string, body: string): number {
  ecb.SendResponseHeaders(status, `Content-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n`);
  ecb.WriteClient(body);
  return HSE_STATUS_SUCCESS;
}

/** The body back, chunk by chunk as it is read (the preload first). */
function echo(ecb: ExtensionControlBlock): number {
  ecb.SendResponseHeaders(
    "200 OK",
    `Content-Type: application/octet-stream\r\nContent-Length: ${ecb.TotalBytes}\r\n`,
  );
  for (;;) {
    const chunk = ecb.ReadClient();
    if (chunk.length === 0) return HSE_STATUS_SUCCESS;
    ecb.WriteClient(chunk);
  }
}

class Bench extends SimpleExtension {
  override get description(): string {
    return "isapi-ts benchmark handlers";
  }

  HttpExtensionProc(ecb: ExtensionControlBlock): number {
    switch (ecb.PathInfo) {
      case "/hello":
        return respond(ecb, "200 OK", "text/plain", HELLO);
      case "/json":
        return respond(ecb, "200 OK", "application/json", jsonDocument(itemsWanted(ecb.QueryString)));
      case "/echo":
        return echo(ecb);
      case "/cpu":
        return respond(ecb, "200 OK", "text/plain", cpuAnswer(CPU_ROUNDS));
      case "/cpu-wasm":
        return respond(ecb, "200 OK", "text/plain", cpuWasmAnswer(CPU_ROUNDS));
      default:
        return respond(ecb, "404 Not Found", "text/plain", "not found\n");
    }
  }
}

export const __ExtensionFactory__: ExtensionFactory = () => new Bench();
