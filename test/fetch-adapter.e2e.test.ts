// The fetch adapter (`export default { fetch }`) through the host: the request's headers
// reach `Request.headers`, and a streamed `ReadableStream` response body (and a streamed
// request body beyond the server's preload) reach the other side whole.
import t from "tap";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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
const CHUNKS = 300;
const chunk = (i: number) => \`chunk \${String(i).padStart(4, "0")} \${"x".repeat(1000)}\\n\`;

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.endsWith("/headers")) {
      const seen: [string, string][] = [];
      request.headers.forEach((value, name) => seen.push([name, value]));
      return Response.json(
        { echo: request.headers.get("x-echo"), multi: request.headers.get("x-multi"), seen },
        { headers: { "X-Echoed": request.headers.get("x-echo") ?? "none" } },
      );
    }
    if (url.pathname.endsWith("/stream")) {
      let i = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          // Each chunk is produced on demand, some after a turn of the timer loop.
          if (i % 50 === 49) await new Promise((r) => setTimeout(r, 1));
          if (i === CHUNKS) return controller.close();
          controller.enqueue(new TextEncoder().encode(chunk(i++)));
        },
      });
      return new Response(body, { headers: { "Content-Type": "text/plain" } });
    }
    if (url.pathname.endsWith("/echo")) {
      return new Response(request.body, { headers: { "Content-Type": "application/octet-stream" } });
    }
    return new Response("not found", { status: 404 });
  },
};
`;

let host: RunningHost | undefined;

t.before(async () => {
  if (missingArtifacts()) return;
  mkdirSync(join(root, "target"), { recursive: true });
  const dir = tempDir(join(root, "target", "tap-fetch-adapter-"));
  writeFileSync(join(dir, "web.ts"), HANDLER);
  buildWithCli(join(dir, "web.ts"), join(dir, "dist"));
  writeFileSync(join(dir, "web.config"), webConfig([["/web/*", "web"]]));
  host = await startHost(join(dir, "web.config"));
});
t.teardown(() => host?.stop());

t.test("request headers reach Request.headers", async (t) => {
  if (!host) return t.fail(missingArtifacts() ?? "no host");
  const reply = await send(host.port, "GET", "/web/headers", undefined, {
    "X-Echo": "hello from the client",
    "X-Multi": "one",
  });
  t.equal(reply.status, 200, reply.text);
  t.equal(reply.headers["x-echoed"], "hello from the client", "read by name, case-insensitively");
  const report = JSON.parse(reply.text) as { echo: string; multi: string; seen: [string, string][] };
  t.equal(report.echo, "hello from the client");
  t.equal(report.multi, "one");
  t.ok(
    report.seen.some(([name, value]) => name === "host" && value === `127.0.0.1:${host!.port}`),
    `every header is there: ${JSON.stringify(report.seen)}`,
  );
});

t.test("a streamed ReadableStream response body reaches the client in full", async (t) => {
  if (!host) return t.fail(missingArtifacts() ?? "no host");
  const reply = await send(host.port, "GET", "/web/stream");
  t.equal(reply.status, 200);
  const expected = Array.from(
    { length: 300 },
    (_, i) => `chunk ${String(i).padStart(4, "0")} ${"x".repeat(1000)}\n`,
  ).join("");
  t.equal(reply.body.length, expected.length, "every byte");
  t.ok(reply.text === expected, "in order");
});

t.test("a request body beyond the preload streams through request.body", async (t) => {
  if (!host) return t.fail(missingArtifacts() ?? "no host");
  const body = Buffer.alloc(200_000);
  for (let i = 0; i < body.length; i++) body[i] = (i * 7) % 251;
  const reply = await send(host.port, "POST", "/web/echo", body);
  t.equal(reply.status, 200);
  t.equal(reply.body.length, body.length);
  t.ok(reply.body.equals(body), "byte for byte");
});
