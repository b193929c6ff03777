// Timers belong to their request, in Node as in the DLL: a setInterval a request leaves
// is cancelled when the request ends (docs/object-model.md, "Timers"), so it never runs
// inside a later request or between requests. The same bundle, run by the DLL
// (startHost) and by Node (loadHandler).
import t from "tap";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { loadHandler } from "isapi-ts/testing";

import { buildWithCli, missingArtifacts, send, startHost, webConfig } from "./support/site.js";
import { tempDir } from "./support/temp.js";

// A handler whose /start leaves a running setInterval (after letting it tick while the
// request waits); /count answers how often it has ticked.
const LEAK = `
let ticks = 0;
export function __ExtensionFactory__() {
  return {
    async HttpExtensionProc(ecb: any) {
      if (ecb.PathInfo.endsWith("/start")) {
        setInterval(() => { ticks += 1; }, 1);
        for (let i = 0; i < 1000 && ticks < 3; i++) await new Promise((r) => setTimeout(r, 1));
      }
      ecb.SendResponseHeaders("200 OK", "Content-Type: text/plain\\r\\n");
      ecb.WriteClient(String(ticks));
      return 1;
    },
  };
}
`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test("a setInterval a request leaves stops when it ends, in Node and in the DLL", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  const site = tempDir(join(tmpdir(), "isapi-timers-"));
  const entry = join(site, "leak.ts");
  writeFileSync(entry, LEAK);
  buildWithCli(entry, join(site, "dist"));
  const config = join(site, "web.config");
  writeFileSync(config, webConfig([["/leak/*", "leak"]]));

  // One engine, so /count sees the module state /start changed.
  const dll = await startHost(config, { ISAPI_TS_WORKERS: "1", ISAPI_TS_LOG: "debug" });
  t.teardown(() => dll.stop());
  const get = async (path: string) => (await send(dll.port, "GET", path)).text;
  const started = Number(await get("/leak/start"));
  t.ok(started >= 3, `the interval ticked while its request waited (DLL: ${started})`);
  const before = await get("/leak/count");
  await pause(100);
  t.equal(await get("/leak/count"), before, "DLL: the interval stopped with its request");
  t.match(dll.log(), /the request of ConnID \d+ left 1 timer\(s\); cancelled/);

  const node = await loadHandler(join(site, "dist", "leak.js"), { config });
  t.teardown(() => node.close());
  const start = await node.request({ url: "/leak/start" });
  t.ok(Number(start.text()) >= 3, `the interval ticked while its request waited (Node: ${start.text()})`);
  t.match(start.log.join("\n"), /debug: leak: the request of ConnID \d+ left 1 timer\(s\); cancelled/);
  const nodeBefore = (await node.request({ url: "/leak/count" })).text();
  await pause(100);
  t.equal(
    (await node.request({ url: "/leak/count" })).text(),
    nodeBefore,
    "Node: the interval stopped with its request",
  );
});
