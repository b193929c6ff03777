// isapi-ts/testing's loadHandler: a handler running in Node (V8) behind the real host,
// driven over in-memory connections. Bad input must be a JS error, never a crash.
import t from "tap";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

import { loadHandler } from "isapi-ts/testing";
import { SF_NOTIFY_END_OF_NET_SESSION, SF_NOTIFY_LOG, SF_NOTIFY_SEND_RESPONSE } from "isapi-ts";

import { buildSampleSite, missingArtifacts, root } from "./support/site.js";

const probe = join(root, "test", "fixtures", "node_probe.ts");

t.test("a .ts entry is bundled on the fly and answers over in-memory connections", async (t) => {
  const h = await loadHandler(probe);
  t.teardown(() => h.close());
  const plain = await h.request({ url: "/x?a=1" });
  t.equal(plain.status, 200);
  t.equal(plain.text(), "GET /x a=1 127.0.0.1");
  t.equal(plain.headers["content-type"], "text/plain");
  // A body past the 48 KB preload: AvailableData, then ReadClient from the connection.
  const body = randomBytes(200 * 1024);
  const upload = await h.request({ method: "POST", url: "/body", body });
  t.equal(upload.text(), `${body.length} ${body.length}`);
  // The same host over TCP, too.
  const overTcp = await fetch(`${h.url}/x?b=2`);
  t.equal(await overTcp.text(), "GET /x b=2 127.0.0.1");
});

t.test("errors: a short 500, the TypeScript line in the request's log", async (t) => {
  const h = await loadHandler(probe);
  t.teardown(() => h.close());
  const failed = await h.request({ url: "/boom" });
  t.equal(failed.status, 500);
  t.equal(failed.text(), "500 Internal Server Error: the request handler failed. See the server log.\n");
  const line = failed.log.join("\n");
  t.match(line, /GET \/boom \(ConnID \d+\): HttpExtensionProc failed: Error: boom from TypeScript/);
  t.match(line, /node_probe\.ts:14:/, "the stack is in TypeScript positions");
  const logged = await h.request({ url: "/log" });
  t.equal(logged.text(), "logged");
  t.same(logged.log, ["log: probe says hi", "warn: probe warns"]);
  const wrongType = await h.request({ url: "/wrong-type" });
  t.equal(wrongType.status, 500);
  t.match(wrongType.log.join("\n"), /TypeError: expected a string or a Uint8Array/);
  // An ecb kept past its request throws instead of touching a finished ECB.
  await h.request({ url: "/keep" });
  t.equal((await h.request({ url: "/stale" })).text(), "stale ecb: ExtensionError");
  t.equal((await h.request({ url: "/x" })).status, 200, "the next request is fine");
});

t.test("filters: a notification sequence, and FilterContext per connection", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  const site = buildSampleSite();
  // headers_filter alone (a filter without an extension filters the static files of root).
  const headers = await loadHandler(join(root, "samples", "headers_filter.ts"), { root: site });
  t.teardown(() => headers.close());
  const run = await headers.filter([{ url: "/upstream/index.htm" }, { url: "/upstream/lines.txt" }]);
  t.same(
    run.responses.map((r) => [r.status, r.headers["x-isapi-filter"]]),
    [
      [200, "headers"],
      [200, "headers"],
    ],
  );
  const types = run.notifications.map((n) => n.type);
  t.same(types, [
    SF_NOTIFY_SEND_RESPONSE,
    SF_NOTIFY_LOG,
    SF_NOTIFY_SEND_RESPONSE,
    SF_NOTIFY_LOG,
    SF_NOTIFY_END_OF_NET_SESSION,
  ]);
  // LOG comes after each response is out: the run's log has it.
  t.match(run.log.join("\n"), /headers_filter: 127\.0\.0\.1 GET \/upstream\/index\.htm 200/);

  // redirector_with_filter in its place in the samples' site: 1 then 2 on one
  // connection, 1 on another; the contexts are released when connections close.
  const rwf = await loadHandler(join(site, "dist", "redirector_with_filter.js"), {
    config: join(site, "web.config"),
  });
  t.teardown(() => rwf.close());
  const first = await rwf.request({ url: "/rwf/index.htm" });
  const second = await rwf.request({ url: "/rwf/lines.txt" });
  t.equal(first.status, 200);
  t.same([first.headers["x-request-number"], second.headers["x-request-number"]], ["1", "2"]);
  const other = rwf.connect();
  t.equal((await other.request({ url: "/rwf/index.htm" })).headers["x-request-number"], "1");
  t.equal(rwf.liveFilterContexts, 2);
  other.close();
  for (let i = 0; i < 500 && rwf.liveFilterContexts > 1; i++) await new Promise((r) => setTimeout(r, 10));
  t.equal(rwf.liveFilterContexts, 1, "END_OF_NET_SESSION released the closed connection's context");
});

t.test("bad input is a JS error, not a crash", async (t) => {
  await t.rejects(loadHandler("/no/such/handler.ts"), /loadHandler: \/no\/such\/handler\.ts does not exist/);
  await t.rejects(loadHandler(42 as unknown as string), TypeError);
  const empty = join(t.testdirName, "empty.js");
  (await import("node:fs")).mkdirSync(t.testdirName, { recursive: true });
  writeFileSync(empty, "export const nothing = 1;\n");
  await t.rejects(loadHandler(empty), /exports neither __ExtensionFactory__ nor __FilterFactory__/);
  await t.rejects(
    loadHandler(probe, { config: join(root, "samples", "web.config") }),
    /mounts no library named _node_probe/,
  );
  const h = await loadHandler(probe);
  await t.rejects(h.request({ url: "no-slash" }), TypeError);
  await t.rejects(h.request({ url: "/x", headers: { "bad header": "v" } }), /invalid request/);
  await h.close();
  await h.close();
  t.pass("closing twice is harmless");
  await t.rejects(h.request({ url: "/x" }), /the handler is closed/);
});

t.test("node --inspect: the debugger attaches to a handler under test", async (t) => {
  const script = [
    `import { loadHandler } from "isapi-ts/testing";`,
    `const h = await loadHandler(${JSON.stringify(probe)});`,
    `const r = await h.request({ url: "/inspected" });`,
    `console.log("answer:", r.text());`,
    `await h.close();`,
  ].join("\n");
  const child = spawn(process.execPath, ["--inspect=127.0.0.1:0", "--input-type=module", "-e", script], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d));
  child.stderr.on("data", (d: Buffer) => (err += d));
  const code = await new Promise<number | null>((done) => child.on("exit", done));
  t.equal(code, 0, err);
  t.match(err, /Debugger listening on ws:\/\/127\.0\.0\.1:\d+\//);
  t.match(out, "answer: GET /inspected  127.0.0.1");
});
