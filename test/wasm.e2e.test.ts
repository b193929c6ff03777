// WebAssembly through the real path (the DLL loaded by isapi-host): an endless Wasm loop
// is stopped at the request's deadline like an endless JS loop (a 500, and the engine
// serves the next request), and Wasm memory is bounded by the engine's memory limit.
// (What the API answers is compared with Node by the conformance scripts wasm-*.mjs.)
import t from "tap";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { buildWithCli, missingArtifacts, send, startHost, webConfig } from "./support/site.js";
import { tempDir } from "./support/temp.js";

// (module (func (export "spin") (loop br 0)))
const HANDLER = `
const SPIN = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 8, 1, 4, 115, 112, 105, 110, 0, 0, 10, 9, 1, 7, 0, 3,
  64, 12, 0, 11, 11,
]);
const wasm = (globalThis as any).WebAssembly;
const spin = new wasm.Instance(new wasm.Module(SPIN)).exports.spin;
let served = 0;

export default {
  async fetch(request: Request): Promise<Response> {
    served += 1;
    const path = new URL(request.url).pathname;
    if (path.endsWith("/spin")) spin();
    if (path.endsWith("/memory")) {
      try {
        new wasm.Memory({ initial: 2048 });
        return new Response("made 128 MB");
      } catch (error) {
        return new Response("refused " + (error as Error).name);
      }
    }
    return new Response("served " + served);
  },
};
`;

t.test("an endless Wasm loop ends at the deadline; Wasm memory is bounded", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  const site = tempDir(join(tmpdir(), "isapi-wasm-"));
  const entry = join(site, "wasm.ts");
  writeFileSync(entry, HANDLER);
  buildWithCli(entry, join(site, "dist"));
  const config = join(site, "web.config");
  writeFileSync(config, webConfig([["/wasm/*", "wasm"]]));
  const host = await startHost(config, {
    ISAPI_TS_WORKERS: "1",
    ISAPI_TS_TIMEOUT_MS: "300",
    ISAPI_TS_MEMORY_MB: "64",
  });
  t.teardown(() => host.stop());

  t.equal((await send(host.port, "GET", "/wasm/")).text, "served 1");
  const spun = await send(host.port, "GET", "/wasm/spin");
  t.equal(spun.status, 500, "the endless loop answered 500");
  const after = await send(host.port, "GET", "/wasm/");
  t.equal(after.status, 200, "the engine serves the next request");
  t.match(after.text, /^served \d+$/);
  t.equal((await send(host.port, "GET", "/wasm/memory")).text, "refused RangeError");
});
