// The hello sample end to end, as a user runs it: `isapi build`, then isapi-host serving
// samples/web.config, then HTTP requests. Needs `cargo xtask build` (xtask test runs it).
import t from "tap";
import { randomBytes } from "node:crypto";
import { join } from "node:path";

import { buildSampleSite, missingArtifacts, send, startHost } from "./support/site.js";

t.test("hello sample through isapi build and isapi-host", async (t) => {
  const missing = missingArtifacts();
  t.notOk(missing, missing ?? "library and host are built");
  if (missing) return;
  const site = buildSampleSite();
  const host = await startHost(join(site, "web.config"));
  t.teardown(host.stop);

  const ada = await send(host.port, "GET", "/hello/x?name=Ada");
  t.equal(ada.status, 200);
  t.equal(ada.headers["content-type"], "text/plain; charset=utf-8");
  t.match(ada.text, "Hello, Ada");
  t.match(ada.text, "REQUEST_METHOD: GET");
  t.match(ada.text, "URL: /hello/x");
  t.match(ada.text, "QUERY_STRING: name=Ada");

  const world = await send(host.port, "GET", "/hello/somewhere");
  t.equal(world.status, 200);
  t.match(world.text, "Hello, world");

  for (const size of [0, 10, 200 * 1024]) {
    const body = randomBytes(size);
    const echo = await send(host.port, "POST", "/hello/echo", body);
    t.equal(echo.status, 200, `echo of ${size} bytes`);
    t.ok(echo.body.equals(body), `echo of ${size} bytes is byte-identical`);
  }

  t.equal((await send(host.port, "GET", "/nothing-here")).status, 404);
});
