// The filter samples (redirector_with_filter.ts, headers_filter.ts, auth_filter.ts), loaded
// by the real samples/web.config into isapi-host, over HTTP.
import t from "tap";
import { readFileSync } from "node:fs";
import { Agent } from "node:http";
import { join } from "node:path";

import {
  buildSampleSite,
  missingArtifacts,
  root,
  send,
  startHost,
  type RunningHost,
  logContains,
} from "./support/site.js";

let host: RunningHost | undefined;

t.before(async () => {
  if (missingArtifacts()) return;
  host = await startHost(join(buildSampleSite(), "web.config"));
});
t.teardown(() => host?.stop());

const upstream = (name: string) => readFileSync(join(root, "samples", "upstream", name), "utf8");

t.test("redirector_with_filter: /rwf/ is rewritten to the proxy, counted per connection", async (t) => {
  if (!host) return t.fail("no host");
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.teardown(() => agent.destroy());
  const first = await send(host.port, "GET", "/rwf/index.htm", undefined, {}, agent);
  t.equal(first.status, 200);
  t.equal(first.text, upstream("index.htm"), "proxied from /upstream/ via /rwf/python/");
  t.equal(first.headers["x-request-number"], "1");
  const second = await send(host.port, "GET", "/rwf/lines.txt", undefined, {}, agent);
  t.equal(second.status, 200);
  t.equal(second.text, upstream("lines.txt"));
  t.equal(second.headers["x-request-number"], "2", "FilterContext kept on the keep-alive connection");

  const direct = await send(host.port, "GET", "/rwf/python/lines.txt");
  t.equal(direct.status, 200, "a URL already under /rwf/python is left alone");
  t.equal(direct.text, upstream("lines.txt"));
  t.equal(direct.headers["x-request-number"], "1", "a new connection counts from 1");
  t.ok(await logContains(host!, "This is request number 2 on this connection"), "the filter logged");
});

t.test("redirector_with_filter leaves other samples' URLs alone", async (t) => {
  if (!host) return t.fail("no host");
  const hello = await send(host.port, "GET", "/hello/x?name=Ada");
  t.equal(hello.status, 200);
  t.equal(hello.headers["x-request-number"], undefined);
});

t.test("headers_filter: every response carries X-Isapi-Filter, and LOG writes a line", async (t) => {
  if (!host) return t.fail("no host");
  const file = await send(host.port, "GET", "/upstream/index.htm");
  t.equal(file.status, 200);
  t.equal(file.headers["x-isapi-filter"], "headers", "static file");
  const extension = await send(host.port, "GET", "/hello/x?name=Ada");
  t.equal(extension.headers["x-isapi-filter"], "headers", "extension");
  const missing = await send(host.port, "GET", "/no/such/thing");
  t.equal(missing.status, 404);
  t.equal(missing.headers["x-isapi-filter"], "headers", "error responses too");
  t.ok(await logContains(host!, "headers_filter: 127.0.0.1 GET /upstream/index.htm 200"), "static line");
  t.ok(await logContains(host!, "headers_filter: 127.0.0.1 GET /hello/x?name=Ada 200"), "extension line");
});

t.test("auth_filter: Basic authentication for /private/", async (t) => {
  if (!host) return t.fail("no host");
  const anonymous = await send(host.port, "GET", "/private/index.html");
  t.equal(anonymous.status, 401);
  t.equal(anonymous.headers["www-authenticate"], 'Basic realm="isapi-ts"');

  const basic = (credentials: string) => ({
    Authorization: `Basic ${Buffer.from(credentials).toString("base64")}`,
  });
  const wrong = await send(host.port, "GET", "/private/index.html", undefined, basic("demo:nope"));
  t.equal(wrong.status, 401);
  t.equal(wrong.headers["www-authenticate"], 'Basic realm="isapi-ts"');

  const allowed = await send(host.port, "GET", "/private/index.html", undefined, basic("demo:demo"));
  t.equal(allowed.status, 200);
  t.equal(allowed.text, readFileSync(join(root, "samples", "private", "index.html"), "utf8"));
  t.equal(allowed.headers["www-authenticate"], undefined);
  t.ok(await logContains(host!, "auth_filter: refused /private/index.html"), "ACCESS_DENIED logged");

  const open = await send(host.port, "GET", "/upstream/index.htm");
  t.equal(open.status, 200, "other URLs need no credentials");
});
