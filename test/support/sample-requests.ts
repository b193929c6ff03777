// The requests that exercise every sample mounted by samples/web.config, and how two
// answers are compared: one list, run against two servers (Node vs the library in
// parity.e2e.test.ts; Linux vs Windows under Wine in windows/parity.test.ts).
import { Agent } from "node:http";

import { send, type Reply } from "./site.js";

export interface Case {
  method?: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /** What either side must answer (so that two identical failures cannot pass). */
  status: number;
  /** A text the body must contain, on both sides. */
  contains?: string;
}

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const basic = (user: string) => `Basic ${Buffer.from(user).toString("base64")}`;

/** Each sample (bundle name) and the requests that exercise it. */
export const SAMPLE_REQUESTS: Record<string, Case[]> = {
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
  // What does not change between runs (a login's token does: test/app.e2e.test.ts covers it).
  app: [
    { path: "/app/", status: 200, contains: 'enctype="multipart/form-data"' },
    { method: "POST", path: "/app/login", body: "user=ada&password=nope", headers: FORM, status: 401 },
    { path: "/app/me", status: 401, contains: "log in first" },
    {
      path: "/app/date?at=2024-05-01T12:00:00Z&zone=Europe/Berlin&locale=de",
      status: 200,
      contains: "Mittwoch",
    },
    {
      method: "POST",
      path: "/app/upload",
      body: '--b\r\nContent-Disposition: form-data; name="f"; filename="t.txt"\r\n\r\ntext\r\n--b--\r\n',
      headers: { "content-type": "multipart/form-data; boundary=b" },
      status: 200,
      // SHA-256 of "text".
      contains: "982d9e3eb996f559e633f4d194def3761d909f5a3b647d1a851fead67c32c9d1",
    },
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

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * An answer with what differs between two servers by nature masked: the `Date` header
 * (the clock), the port (ephemeral; as `127.0.0.1:<port>`, `localhost:<port>` or `[::1]:<port>`), random ids (UUIDs), ISO timestamps, and each
 * `[text, mask]` of `masks` (for example a site's folder, which differs per run).
 */
export function normalise(reply: Reply, port: number, masks: [string, string][] = []): Answer {
  const mask = (text: string) => {
    for (const [from, to] of masks) {
      // Bodies are compared as latin1 (byte for byte): a non-ASCII mask, as its UTF-8 bytes.
      text = text.replaceAll(from, to).replaceAll(Buffer.from(from).toString("latin1"), to);
    }
    return (
      text
        // Only where it is a port: a body (the 100 KB echo) may hold its digits anywhere.
        .replace(new RegExp(`(127\\.0\\.0\\.1|localhost|\\[::1\\]):${port}(?!\\d)`, "g"), "$1:<port>")
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<time>")
    );
  };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers)) {
    if (name === "date" || value === undefined) continue;
    headers[name] = mask(Array.isArray(value) ? value.join(", ") : value);
  }
  return { status: reply.status, headers, body: mask(reply.body.toString("latin1")) };
}

/** Sends `cases` in order over one keep-alive connection (so that per-connection filter
 * state matches too) and returns the normalised answers. */
export async function runCases(
  port: number,
  cases: Case[],
  masks: [string, string][] = [],
): Promise<Answer[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const replies = [];
  try {
    for (const c of cases) {
      const body = c.body === undefined ? undefined : Buffer.from(c.body);
      const reply = await send(port, c.method ?? "GET", c.path, body, c.headers ?? {}, agent);
      replies.push(normalise(reply, port, masks));
    }
  } finally {
    agent.destroy();
  }
  return replies;
}
