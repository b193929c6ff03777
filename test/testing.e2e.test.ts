// isapi-ts/testing: the real host (library + QuickJS) inside this Node process.
import t from "tap";
import { join } from "node:path";

import { startHost } from "isapi-ts/testing";

import { buildSampleSite, missingArtifacts } from "./support/site.js";

t.test("startHost serves the samples in process", async (t) => {
  if (missingArtifacts()) return t.fail(missingArtifacts()!);
  const host = await startHost(join(buildSampleSite(), "web.config"));
  t.teardown(() => host.close());
  t.match(host.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const hello = await fetch(`${host.url}/hello/x?name=Ada`);
  t.equal(hello.status, 200);
  t.match(await hello.text(), /Hello, Ada!/);
  const api = await fetch(`${host.url}/api/items`, { method: "POST", body: JSON.stringify({ name: "n" }) });
  t.equal(api.status, 201);
  // Two hosts at once, each on its own port.
  const other = await startHost(join(buildSampleSite(), "web.config"));
  t.not(other.port, host.port);
  t.equal((await fetch(`${other.url}/hello/x`)).status, 200);
  await other.close();
  await other.close();
  t.pass("closing twice is harmless");
});

t.test("bad input is a JS error, not a crash", async (t) => {
  await t.rejects(startHost("/no/such/web.config"), /is not a file/);
  await t.rejects(startHost(42 as unknown as string), TypeError);
  const site = buildSampleSite();
  const broken = join(site, "broken.config");
  (await import("node:fs")).writeFileSync(broken, "<configuration><system.webServer>");
  await t.rejects(startHost(broken), /startHost: .*broken\.config/);
});
