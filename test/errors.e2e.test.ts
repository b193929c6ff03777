// A handler written in TypeScript that throws: the client gets a short 500, and the log
// names the TypeScript file and line (through the source map `isapi build` writes).
import t from "tap";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import {
  buildWithCli,
  missingArtifacts,
  root,
  send,
  startHost,
  webConfig,
  type RunningHost,
  logContains,
} from "./support/site.js";
import { tempDir } from "./support/temp.js";

// Line numbers below are asserted: keep the throw on line 9 and the Dispatch throw on 15.
const BOOM = `import { SimpleExtension, ThreadPoolExtension, type ExtensionControlBlock } from "isapi-ts";

interface Unused {
  n: number;
}

class Boom extends SimpleExtension {
  HttpExtensionProc(_ecb: ExtensionControlBlock): number {
    throw new Error("boom from TypeScript");
  }
}

class Pooled extends ThreadPoolExtension {
  Dispatch(_ecb: ExtensionControlBlock): number {
    throw new Error("pooled boom");
  }
}

export function __ExtensionFactory__() {
  return Math.random() < 2 ? new Boom() : new Pooled();
}
export const pooled = () => new Pooled();
`;

const POOLED = `import { pooled } from "./boom.js";
export const __ExtensionFactory__ = pooled;
`;

let host: RunningHost | undefined;
let dir = "";

t.before(async () => {
  if (missingArtifacts()) return;
  // Inside the repository, so that the handler resolves "isapi-ts" (the workspace package).
  mkdirSync(join(root, "target"), { recursive: true });
  dir = tempDir(join(root, "target", "tap-errors-"));
  writeFileSync(join(dir, "boom.ts"), BOOM);
  writeFileSync(join(dir, "pooled.ts"), POOLED);
  buildWithCli(join(dir, "boom.ts"), join(dir, "dist"));
  buildWithCli(join(dir, "pooled.ts"), join(dir, "dist"));
  writeFileSync(
    join(dir, "web.config"),
    webConfig([
      ["/boom/*", "boom"],
      ["/pooled/*", "pooled"],
    ]),
  );
  host = await startHost(join(dir, "web.config"));
});
t.teardown(() => host?.stop());

t.test("a throw in HttpExtensionProc logs the .ts line", async (t) => {
  if (!host) return t.fail("no host");
  const reply = await send(host.port, "GET", "/boom/x");
  t.equal(reply.status, 500);
  t.notMatch(reply.text, /boom from TypeScript/, "no details to the client");
  t.ok(await logContains(host!, "boom from TypeScript"), "the error is logged");
  t.ok(await logContains(host!, "GET /boom/x (ConnID "), "with the request's URL and ConnID");
  t.ok(await logContains(host!, `${join(dir, "boom.ts")}:9:`), `the TS position is logged:\n${host.log()}`);
});

t.test("a throw in Dispatch (logged by the TS base class) names the .ts line too", async (t) => {
  if (!host) return t.fail("no host");
  const reply = await send(host.port, "GET", "/pooled/x");
  t.equal(reply.status, 500);
  t.ok(await logContains(host!, "pooled boom"));
  t.ok(await logContains(host!, "GET /pooled/x (ConnID "), "with the request's URL and ConnID");
  t.ok(await logContains(host!, `${join(dir, "boom.ts")}:15:`), `the TS position is logged:\n${host.log()}`);
});
