/**
 * The benchmark handlers in TypeScript (configurations S2 and S3 run this bundle):
 *
 *   GET  /hello      → "Hello, world!" (13 bytes): the per-request overhead
 *   GET  /json?n=20  → about 1 KB of JSON built from the query: marshalling
 *   POST /echo       → the request body back: ReadClient / WriteClient
 *   GET  /cpu        → a fixed xorshift32 loop (about 1 ms in QuickJS): where a JIT wins
 *   GET  /cpu-wasm   → the same loop compiled to WebAssembly (wasmi here, V8 in Node)
 *   GET  /digest     → crypto.subtle.digest SHA-256 of 1 KB, as hex
 *   GET  /hash       → node:crypto's createHash("sha256").update(the same 1 KB).digest("hex"):
 *                      the synchronous form npm packages use
 *   GET  /hmac       → a JWT check: HMAC-SHA256 sign of a ~200-byte JWT signing input, then
 *                      verify (the key imported once per engine)
 *   POST /form       → request.formData() of a 100 KB multipart upload: entries and file size
 *   GET  /gzip       → 64 KB of text through CompressionStream("gzip"): the gzip bytes
 *   POST /buffer     → Node's Buffer: the 3 KB body to base64 and hex and back, compared
 *
 * The last four are async (Web Crypto and streams answer with promises): HttpExtensionProc
 * returns a Promise, which the library awaits (and so does node_server.mjs).
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

/** `/digest`'s input: 1 KB, byte i = (7i + 3) mod 256 (the native baseline builds the same). */
const DIGEST_BYTES = 1024;
let digestInput: Uint8Array<ArrayBuffer> | undefined;

function hex(buffer: ArrayBuffer): string {
  let text = "";
  for (const byte of new Uint8Array(buffer)) text += byte.toString(16).padStart(2, "0");
  return text;
}

async function digestAnswer(): Promise<string> {
  digestInput ??= Uint8Array.from({ length: DIGEST_BYTES }, (_, i) => (7 * i + 3) & 0xff);
  return `sha256 ${hex(await crypto.subtle.digest("SHA-256", digestInput))}\n`;
}

/** node:crypto, imported by the first `/hash` request: every handler of the benchmark is in
 * this one bundle, and a static import would load node:crypto (and node:module for a
 * `require`) into every engine at start, which "RSS per extra engine" (measured with
 * `/hello`) would count. */
let nodeCrypto: typeof import("node:crypto") | undefined;

/** `/hash`: the `/digest` work through node:crypto (synchronous once loaded; answered the same). */
function hashAnswer(crypto: typeof import("node:crypto")): string {
  digestInput ??= Uint8Array.from({ length: DIGEST_BYTES }, (_, i) => (7 * i + 3) & 0xff);
  return `sha256 ${crypto.createHash("sha256").update(digestInput).digest("hex")}\n`;
}

/** `/hmac`'s key (32 bytes) and the signing input of an HS256 JWT (header.payload, 202 bytes). */
const HMAC_KEY = "isapi-ts benchmark HS256 key 32B";
const JWT_SIGNING_INPUT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." +
  "eyJzdWIiOiJ1c2VyLTEyMzQ1IiwibmFtZSI6IkFkYSBMb3ZlbGFjZSIsInJvbGUiOiJhZG1pbiIsImlhdCI6MTcwMDAw" +
  "MDAwMCwiZXhwIjoxOTAwMDAwMDAwLCJhdWQiOiJpc2FwaS10cy1iZW5jaCJ9";
let hmacKey: ReturnType<typeof crypto.subtle.importKey> | undefined;
let jwtBytes: Uint8Array<ArrayBuffer> | undefined;

/** Signs the JWT input and checks the signature, as a token check on each request would. */
async function hmacAnswer(): Promise<string> {
  const encoder = new TextEncoder();
  hmacKey ??= crypto.subtle.importKey(
    "raw",
    encoder.encode(HMAC_KEY),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  jwtBytes ??= encoder.encode(JWT_SIGNING_INPUT);
  const key = await hmacKey;
  const signature = await crypto.subtle.sign("HMAC", key, jwtBytes);
  const valid = await crypto.subtle.verify("HMAC", key, signature, jwtBytes);
  return `hmac ${hex(signature)} ${valid ? "valid" : "invalid"}\n`;
}

/** The whole request body, as the server gives it (the preload first). */
function readBody(ecb: ExtensionControlBlock): Uint8Array<ArrayBuffer> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let length = 0;
  for (;;) {
    // ReadClient's buffers are its own, never a SharedArrayBuffer's.
    const chunk = ecb.ReadClient() as Uint8Array<ArrayBuffer>;
    if (chunk.length === 0) break;
    chunks.push(chunk);
    length += chunk.length;
  }
  if (chunks.length === 1) return chunks[0]!;
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

/**
 * `/form`: the body parsed by the standard `Request.formData()` (the same bytes and code in
 * every engine): how many entries, and the size of the `file` entry.
 */
async function formAnswer(ecb: ExtensionControlBlock): Promise<string> {
  const request = new Request("http://bench/form", {
    method: "POST",
    headers: { "content-type": ecb.ContentType },
    body: readBody(ecb),
  });
  const form = await request.formData();
  let entries = 0;
  form.forEach(() => entries++);
  const file = form.get("file");
  return `form ${entries} entries, file ${typeof file === "string" || file === null ? -1 : file.size} bytes\n`;
}

/** `/gzip`'s input: numbered lines of text cut to 64 KB (the native baseline builds the same). */
const GZIP_BYTES = 64 * 1024;
let gzipInput: Uint8Array<ArrayBuffer> | undefined;

function makeGzipInput(): Uint8Array<ArrayBuffer> {
  const lines: string[] = [];
  let length = 0;
  for (let i = 0; length < GZIP_BYTES; i++) {
    const line = `item ${i}: value ${(i * i) % 10007}, even ${i % 2 === 0}\n`;
    lines.push(line);
    length += line.length;
  }
  return new TextEncoder().encode(lines.join("")).subarray(0, GZIP_BYTES);
}

/** The CompressionStream API (the type-check's libraries declare no value for it). */
type CompressionStreamClass = new (format: "gzip") => {
  readable: ReadableStream<Uint8Array>;
  writable: WritableStream<Uint8Array>;
};

/** `/gzip`: the input through CompressionStream("gzip"), read whole as a Response reads it. */
async function gzipAnswer(): Promise<Uint8Array> {
  gzipInput ??= makeGzipInput();
  const Compression = (globalThis as unknown as { CompressionStream: CompressionStreamClass })
    .CompressionStream;
  const stream: ReadableStream<Uint8Array> = new Blob([gzipInput])
    .stream()
    .pipeThrough(new Compression("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** `/buffer`: the body read whole, to base64 and to hex, each decoded back and compared. */
function bufferAnswer(ecb: ExtensionControlBlock): string {
  const chunks: Uint8Array[] = [];
  for (;;) {
    const chunk = ecb.ReadClient();
    if (chunk.length === 0) break;
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  const base64 = body.toString("base64");
  const hex = body.toString("hex");
  const same = Buffer.from(base64, "base64").equals(body) && Buffer.from(hex, "hex").equals(body);
  return `buffer ${base64.length} ${hex.length} ${same ? "same" : "differs"}\n`;
}

function respond(
  ecb: ExtensionControlBlock,
  status: string,
  contentType: string,
  body: string | Uint8Array,
): number {
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

  HttpExtensionProc(ecb: ExtensionControlBlock): number | Promise<number> {
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
      case "/digest":
        return digestAnswer().then((body) => respond(ecb, "200 OK", "text/plain", body));
      case "/hash":
        if (nodeCrypto !== undefined) return respond(ecb, "200 OK", "text/plain", hashAnswer(nodeCrypto));
        return import("node:crypto").then((crypto) => {
          nodeCrypto = crypto;
          return respond(ecb, "200 OK", "text/plain", hashAnswer(crypto));
        });
      case "/hmac":
        return hmacAnswer().then((body) => respond(ecb, "200 OK", "text/plain", body));
      case "/form":
        return formAnswer(ecb).then((body) => respond(ecb, "200 OK", "text/plain", body));
      case "/gzip":
        return gzipAnswer().then((body) => respond(ecb, "200 OK", "application/gzip", body));
      case "/buffer":
        return respond(ecb, "200 OK", "text/plain", bufferAnswer(ecb));
      default:
        return respond(ecb, "404 Not Found", "text/plain", "not found\n");
    }
  }
}

export const __ExtensionFactory__: ExtensionFactory = () => new Bench();
