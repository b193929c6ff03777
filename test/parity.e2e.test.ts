// Node vs DLL parity: the same requests, for every sample, against the samples' site
// served twice — once by `startHost` (the DLL running the sample in QuickJS) and once by
// `loadHandler` (the same bundle running in Node, in the place of its library). Both
// must answer alike: status, headers and body, byte for byte after masking what differs
// by nature (the ports, the date, random ids).
import t from "tap";
import { Agent } from "node:http";
import { join } from "node:path";

import { loadHandler, startHost } from "isapi-ts/testing";

import { buildSampleSite, missingArtifacts, send, type Reply } from "./support/site.js";

interface Case {
  method?: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /** What either side must answer (so that two identical failures cannot pass). */
  status: number;
  /** A text the body must contain, on both sides. */
  contains?: string;
}

// Node runs a handler in one engine; the DLL in several, each with its own module state
// (README: module state is per engine). One engine each, so stateful samples compare too.
process.env["ISAPI_TS_WORKERS"] = "1";

const basic = (user: string) => `Basic ${Buffer.from(user).toString("base64")}`;

/** Each sample (bundle name) and the requests that exercise it. */
const SAMPLES: Record<string, Case[]> = {
  hello: [
    { path: "/hello/x?name=Ada", status: 200, contains: "Hello, Ada!" },
    { method: "POST", path: "/hello/echo", body: "ping pong", status: 200, contains: "ping pong" },
    // Past the 48 KB preload: the rest comes through ReadClient.
    { method: "POST", path: "/hello/echo", body: "0123456789".repeat(10_000), status: 200 },
  ],
  advanced: [
    { path: "/advanced/x?SERVER_NAME&REQUEST_METHOD&NOPE", status: 200, contains: "REQUEST_METHOD" },
    { path: "/advanced/reload", status: 200 },
    { path: "/advanced/ReportUnhealthy", status: 200 },
  ],
  test: [
    { path: "/pyisapi_test/test1", status: 200, contains: "worked!" },
    { path: "/pyisapi_test/test_unicode_vars", status: 200, contains: "worked!" },
    { path: "/pyisapi_test/test_long_vars", status: 301 },
    { path: `/pyisapi_test/test_long_vars?${"x".repeat(8500)}`, status: 200, contains: "test worked!" },
  ],
  transmit: [
    { path: "/transmit/transmit.ts", status: 200, contains: "TransmitFile" },
    { path: "/transmit/", status: 200 },
  ],
  redirector: [
    { path: "/redirector/index.htm", status: 200 },
    { path: "/redirector/lines.txt", status: 200 },
    { path: "/redirector/iisstart.htm", status: 200 },
    { path: "/redirector/missing.htm", status: 404 },
  ],
  redirector_asynch: [{ path: "/redirector_asynch/lines.txt", status: 200 }],
  fetch_api: [
    { path: "/api/items", status: 200 },
    { method: "POST", path: "/api/items", body: '{"name":"one"}', status: 201, contains: '"name":"one"' },
    { method: "POST", path: "/api/items", body: "{not json", status: 400, contains: "error" },
    { path: "/api/nowhere", status: 404, contains: "error" },
  ],
  redirector_with_filter: [
    { path: "/rwf/index.htm", status: 200 },
    { path: "/rwf/lines.txt", status: 200 },
  ],
  headers_filter: [
    { path: "/hello/x", status: 200, contains: "Hello" },
    { path: "/upstream/index.htm", status: 200 },
    { path: "/nowhere", status: 404 },
  ],
  auth_filter: [
    { path: "/private/index.html", status: 401 },
    { path: "/private/index.html", headers: { authorization: basic("demo:wrong") }, status: 401 },
    { path: "/private/index.html", headers: { authorization: basic("demo:demo") }, status: 200 },
  ],
};

/** What may differ between two hosts by nature, masked. */
function normalise(
  reply: Reply,
  port: number,
): { status: number; headers: Record<string, string>; body: string } {
  const mask = (text: string) =>
    text
      .replaceAll(String(port), "<port>")
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<time>");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers)) {
    if (name === "date" || value === undefined) continue;
    headers[name] = mask(Array.isArray(value) ? value.join(", ") : value);
  }
  return { status: reply.status, headers, body: mask(reply.body.toString("latin1")) };
}

async function run(port: number, cases: Case[]) {
  // One keep-alive connection per side, so per-connection filter state matches too.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const replies = [];
  for (const c of cases) {
    const body = c.body === undefined ? undefined : Buffer.from(c.body);
    replies.push(normalise(await send(port, c.method ?? "GET", c.path, body, c.headers ?? {}, agent), port));
  }
  agent.destroy();
  return replies;
}

t.test("every sample answers the same in Node (loadHandler) and in the DLL (startHost)", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  const site = buildSampleSite();
  const config = join(site, "web.config");
  for (const [sample, cases] of Object.entries(SAMPLES)) {
    await t.test(sample, async (t) => {
      const dll = await startHost(config);
      const viaDll = await run(dll.port, cases);
      await dll.close();
      const node = await loadHandler(join(site, "dist", `${sample}.js`), { config });
      const nodePort = Number(new URL(node.url).port);
      const viaNode = await run(nodePort, cases);
      await node.close();
      cases.forEach((c, i) => {
        const [a, b] = [viaDll[i]!, viaNode[i]!];
        t.equal(a.status, c.status, `${c.method ?? "GET"} ${c.path}: DLL status`);
        if (c.contains) t.match(a.body, c.contains, `${c.path}: DLL body`);
        t.same(b, a, `${c.method ?? "GET"} ${c.path}: Node answers as the DLL`);
      });
    });
  }
});
