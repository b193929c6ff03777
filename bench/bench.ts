/**
 * The benchmark handlers in TypeScript (configurations S2 and S3 run this bundle):
 *
 *   GET  /hello      → "Hello, world!" (13 bytes): the per-request overhead
 *   GET  /json?n=20  → about 1 KB of JSON built from the query: marshalling
 *   POST /echo       → the request body back: ReadClient / WriteClient
 *   GET  /cpu        → a fixed xorshift32 loop (about 1 ms in QuickJS): where a JIT wins
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
      default:
        return respond(ecb, "404 Not Found", "text/plain", "not found\n");
    }
  }
}

export const __ExtensionFactory__: ExtensionFactory = () => new Bench();
