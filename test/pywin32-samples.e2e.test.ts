// The ports of pywin32's samples (samples/test.ts, samples/advanced.ts), served from the
// real samples/web.config by isapi-host.
import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import {
  buildSampleSite,
  missingArtifacts,
  root,
  send,
  startHost,
  type RunningHost,
} from "./support/site.js";

let host: RunningHost | undefined;

t.before(async () => {
  if (missingArtifacts()) return;
  host = await startHost(join(buildSampleSite(), "web.config"));
});
t.teardown(() => host?.stop());

t.test("the Rust side is built", async (t) => {
  const missing = missingArtifacts();
  t.notOk(missing, missing ?? "library and host are built");
});

t.test("pyisapi_test/test1: an unknown variable raises ExtensionError 1413", async (t) => {
  if (!host) return t.fail("no host");
  const reply = await send(host.port, "GET", "/pyisapi_test/test1");
  t.equal(reply.status, 200);
  t.match(reply.text, "Finished running test <i>test1</i>");
  t.match(reply.text, "worked!");
});

t.test("pyisapi_test/test_long_vars: 8500-character variables, via a redirect", async (t) => {
  if (!host) return t.fail("no host");
  const first = await send(host.port, "GET", "/pyisapi_test/test_long_vars");
  t.equal(first.status, 301);
  const location = String(first.headers["location"]);
  t.equal(location, `/pyisapi_test/test_long_vars?${"x".repeat(8500)}`);
  const second = await send(host.port, "GET", location);
  t.equal(second.status, 200);
  t.match(second.text, "Total length of variable is 8500 - test worked!");
});

t.test("pyisapi_test/test_unicode_vars: UNICODE_SERVER_NAME equals SERVER_NAME", async (t) => {
  if (!host) return t.fail("no host");
  const reply = await send(host.port, "GET", "/pyisapi_test/test_unicode_vars");
  t.equal(reply.status, 200);
  t.match(reply.text, "worked!");
});

t.test("redirector: a forged Host does not choose the upstream (no SSRF)", async (t) => {
  if (!host) return t.fail("no host");
  const honest = await send(host.port, "GET", "/redirector/index.htm");
  t.equal(honest.status, 200);
  // 127.0.0.2 is loopback but nothing listens there on this port: a proxy that followed
  // the Host header would fail to connect (or reach whatever listens there).
  for (const forged of ["127.0.0.2", "example.invalid", "169.254.169.254:80"]) {
    const reply = await send(host.port, "GET", "/redirector/index.htm", undefined, { Host: forged });
    t.equal(reply.status, 200, forged);
    t.equal(reply.text, honest.text, forged);
  }
});

t.test("pyisapi_test with an unknown test name answers 404", async (t) => {
  if (!host) return t.fail("no host");
  const reply = await send(host.port, "GET", "/pyisapi_test/nosuch");
  t.equal(reply.status, 404);
  t.match(reply.text, "No test named nosuch");
});

t.test("advanced: server variables named in the query, escaped", async (t) => {
  if (!host) return t.fail("no host");
  const reply = await send(host.port, "GET", "/advanced/x?SERVER_NAME&HTTP_X_PROBE&NOPE", undefined, {
    "X-Probe": "<b>hi</b>",
  });
  t.equal(reply.status, 200);
  t.equal(reply.headers["content-type"], "text/html; charset=utf-8");
  t.match(reply.text, 'SERVER_NAME="127.0.0.1"');
  t.match(reply.text, 'HTTP_X_PROBE="&lt;b&gt;hi&lt;/b&gt;"');
  t.match(reply.text, 'NOPE="&lt;no such variable&gt;"');
  t.match(reply.text, /This module has been imported\n0 times/);
});

t.test("advanced/reload: InternalReloadException reloads the handler and re-runs the request", async (t) => {
  if (!host) return t.fail("no host");
  const reply = await send(host.port, "GET", "/advanced/reload");
  t.equal(reply.status, 200);
  t.match(reply.text, /This module has been imported\n1 times/);
  t.match(host.log(), "reloaded after InternalReloadException");
});

t.test("advanced/ReportUnhealthy reaches the server's log", async (t) => {
  if (!host) return t.fail("no host");
  const reply = await send(host.port, "GET", "/advanced/ReportUnhealthy");
  t.equal(reply.status, 200);
  for (let i = 0; i < 100 && !host.log().includes("I'm a little sick"); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  t.match(host.log(), "extension reports itself unhealthy: I'm a little sick");
});

t.test("transmit/transmit.ts: TransmitFile sends the sample's own source", async (t) => {
  if (!host) return t.fail("no host");
  const reply = await send(host.port, "GET", "/transmit/transmit.ts");
  t.equal(reply.status, 200);
  t.equal(reply.headers["content-type"], "text/plain; charset=utf-8");
  t.equal(reply.headers["connection"], "close");
  t.equal(reply.text, readFileSync(join(root, "samples", "transmit.ts"), "utf8"));
});

t.test("transmit/: MapURLToPath shows the site root", async (t) => {
  if (!host) return t.fail("no host");
  const reply = await send(host.port, "GET", "/transmit/");
  t.equal(reply.status, 200);
  t.match(reply.text, /The root of this site is at \/.+/);
});

for (const prefix of ["/redirector", "/redirector_asynch"]) {
  t.test(`${prefix}: proxies to the upstream, passing its status through`, async (t) => {
    if (!host) return t.fail("no host");
    const lines = readFileSync(join(root, "samples", "upstream", "lines.txt"), "utf8");
    const page = await send(host.port, "GET", `${prefix}/lines.txt`);
    t.equal(page.status, 200);
    t.equal(page.headers["content-type"], "text/plain");
    t.equal(page.text, lines, "the whole 18 KB body, in order");
    const index = await send(host.port, "GET", `${prefix}/index.htm`);
    t.equal(index.status, 200);
    t.match(index.text, "The upstream server");
    const missing = await send(host.port, "GET", `${prefix}/no-such-page.htm`);
    t.equal(missing.status, 404, "pywin32 answered 200 here; the upstream said 404");
  });
}

t.test("redirector: an upstream that fails the request is a 502, not a 500", async (t) => {
  if (!host) return t.fail("no host");
  // fetch refuses a method the Fetch standard forbids (TRACE): the gateway failed.
  const reply = await send(host.port, "TRACE", "/redirector/lines.txt");
  t.equal(reply.status, 502);
  t.match(reply.text, "502 Bad Gateway");
  const after = await send(host.port, "GET", "/redirector/index.htm");
  t.equal(after.status, 200, "and the next request is served");
});

t.test("redirector: a decoded ? in the path stays in the path upstream", async (t) => {
  if (!host) return t.fail("no host");
  // /redirector/index.htm%3Fx names the file "index.htm?x", which the upstream lacks; sent
  // upstream unencoded it would become index.htm with a query, and answer 200.
  const reply = await send(host.port, "GET", "/redirector/index.htm%3Fx");
  t.equal(reply.status, 404);
  const spaced = await send(host.port, "GET", "/redirector/no%20such.htm");
  t.equal(spaced.status, 404, "a decoded space is encoded again, not a failed fetch");
});

t.test("/redirector/iisstart.htm is handed on to the static file handler with ExecURL", async (t) => {
  if (!host) return t.fail("no host");
  const reply = await send(host.port, "GET", "/redirector/iisstart.htm");
  t.equal(reply.status, 200);
  t.match(reply.text, "handed on by the redirector with ExecURL");
});
