// Streams and compression through the real path (the DLL loaded by isapi-host): a handler
// gzips a streamed response through CompressionStream, gunzips a gzip request body through
// DecompressionStream, and counts the lines of an upload with TextDecoderStream and a
// TransformStream; Node's zlib is the other side.
import t from "tap";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";

import {
  buildWithCli,
  missingArtifacts,
  root,
  send,
  startHost,
  webConfig,
  type RunningHost,
} from "./support/site.js";
import { tempDir } from "./support/temp.js";

const HANDLER = `
const line = (i: number) => \`line \${String(i).padStart(5, "0")} \${"abcdefghij".repeat(10)}\\n\`;

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.endsWith("/gzip")) {
      let i = 0;
      const lines = new ReadableStream<string>({
        pull(controller) {
          if (i === 2000) return controller.close();
          controller.enqueue(line(i++));
        },
      });
      const body = lines.pipeThrough(new TextEncoderStream()).pipeThrough(new CompressionStream("gzip"));
      return new Response(body, { headers: { "Content-Encoding": "gzip", "Content-Type": "text/plain" } });
    }
    if (url.pathname.endsWith("/gunzip")) {
      const body = request.body!.pipeThrough(new DecompressionStream("gzip"));
      try {
        return new Response(await new Response(body).arrayBuffer());
      } catch (error) {
        return new Response(\`\${(error as Error).name}\`, { status: 400 });
      }
    }
    if (url.pathname.endsWith("/lines")) {
      let count = 0;
      let partial = "";
      await request.body!
        .pipeThrough(new TextDecoderStream())
        .pipeThrough(
          new TransformStream<string, string>({
            transform(text, controller) {
              const parts = (partial + text).split("\\n");
              partial = parts.pop()!;
              for (const part of parts) controller.enqueue(part);
            },
            flush(controller) {
              if (partial) controller.enqueue(partial);
            },
          }),
        )
        .pipeTo(new WritableStream({ write() { count++; } }));
      return Response.json({ count });
    }
    return new Response("not found", { status: 404 });
  },
};
`;

let host: RunningHost | undefined;

t.before(async () => {
  if (missingArtifacts()) return;
  mkdirSync(join(root, "target"), { recursive: true });
  const dir = tempDir(join(root, "target", "tap-streams-"));
  writeFileSync(join(dir, "web.ts"), HANDLER);
  buildWithCli(join(dir, "web.ts"), join(dir, "dist"));
  writeFileSync(join(dir, "web.config"), webConfig([["/web/*", "web"]]));
  host = await startHost(join(dir, "web.config"));
});
t.teardown(() => host?.stop());

const expected = Array.from(
  { length: 2000 },
  (_, i) => `line ${String(i).padStart(5, "0")} ${"abcdefghij".repeat(10)}\n`,
).join("");

t.test("a response gzipped by CompressionStream is what zlib gunzips", async (t) => {
  if (!host) return t.fail(missingArtifacts() ?? "no host");
  const reply = await send(host.port, "GET", "/web/gzip");
  t.equal(reply.status, 200);
  t.equal(reply.headers["content-encoding"], "gzip");
  t.ok(reply.body.length < expected.length / 10, `compressed: ${reply.body.length} bytes`);
  t.equal(gunzipSync(reply.body).toString(), expected, "every line, in order");
});

t.test("a request body gzipped by zlib comes back whole through DecompressionStream", async (t) => {
  if (!host) return t.fail(missingArtifacts() ?? "no host");
  const data = Buffer.from(expected.repeat(3));
  const reply = await send(host.port, "POST", "/web/gunzip", gzipSync(data), {
    "Content-Type": "application/gzip",
  });
  t.equal(reply.status, 200, reply.text.slice(0, 200));
  t.ok(reply.body.equals(data), `${reply.body.length} bytes of ${data.length}`);
  const broken = gzipSync(data).subarray(0, 500);
  const bad = await send(host.port, "POST", "/web/gunzip", broken);
  t.equal(bad.status, 400);
  t.equal(bad.text, "TypeError", "a truncated gzip errors the stream with a TypeError");
});

t.test("an upload counted through TextDecoderStream, a TransformStream and pipeTo", async (t) => {
  if (!host) return t.fail(missingArtifacts() ?? "no host");
  const reply = await send(host.port, "POST", "/web/lines", Buffer.from(expected + "no newline at the end"));
  t.equal(reply.status, 200, reply.text);
  t.same(JSON.parse(reply.text), { count: 2001 });
});
