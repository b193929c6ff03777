// Node vs DLL parity: the same requests, for every sample, against the samples' site
// served twice — once by `startHost` (the DLL running the sample in QuickJS) and once by
// `loadHandler` (the same bundle running in Node, in the place of its library). Both
// must answer alike: status, headers and body, byte for byte after masking what differs
// by nature (the ports, the date, random ids).
import t from "tap";
import { join } from "node:path";

import { loadHandler, startHost } from "isapi-ts/testing";

import { SAMPLE_REQUESTS, runCases } from "./support/sample-requests.js";
import { buildSampleSite, missingArtifacts } from "./support/site.js";

// Node runs a handler in one engine; the DLL in several, each with its own module state
// (README: module state is per engine). One engine each, so stateful samples compare too.
process.env["ISAPI_TS_WORKERS"] = "1";

t.test("every sample answers the same in Node (loadHandler) and in the DLL (startHost)", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  const site = buildSampleSite();
  const config = join(site, "web.config");
  for (const [sample, cases] of Object.entries(SAMPLE_REQUESTS)) {
    await t.test(sample, async (t) => {
      const dll = await startHost(config);
      const viaDll = await runCases(dll.port, cases);
      await dll.close();
      const node = await loadHandler(join(site, "dist", `${sample}.js`), { config });
      const nodePort = Number(new URL(node.url).port);
      const viaNode = await runCases(nodePort, cases);
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
