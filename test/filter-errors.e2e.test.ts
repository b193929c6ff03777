// Filters written in TypeScript, built with `isapi build`, loaded by isapi-host from
// <isapiFilters>: a filter that throws logs its TypeScript file and line (through the
// source map), and a SimpleFilter without filter_flags fails the site with a clear error.
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

// Line numbers below are asserted: keep the throw on line 8.
const THROWER = `import { SimpleFilter, SF_NOTIFY_PREPROC_HEADERS, type FilterContext } from "isapi-ts";

class Thrower extends SimpleFilter {
  override filter_flags = SF_NOTIFY_PREPROC_HEADERS;

  HttpFilterProc(fc: FilterContext): void {
    if (fc.GetServerVariable("URL") === "/throw.txt") {
      throw new Error("filter boom from TypeScript");
    }
  }
}

export const __FilterFactory__ = () => new Thrower();
`;

const NO_FLAGS = `import { SimpleFilter, type FilterContext } from "isapi-ts";

class Forgetful extends SimpleFilter {
  HttpFilterProc(_fc: FilterContext): void {}
}

export const __FilterFactory__ = () => new Forgetful();
`;

/** A site in the repository (so that "isapi-ts" resolves) with `filter` built from `source`. */
function filterSite(name: string, source: string): string {
  mkdirSync(join(root, "target"), { recursive: true });
  const dir = tempDir(join(root, "target", `tap-filter-${name}-`));
  writeFileSync(join(dir, `${name}.ts`), source);
  writeFileSync(join(dir, "plain.txt"), "plain\n");
  buildWithCli(join(dir, `${name}.ts`), join(dir, "dist"));
  writeFileSync(join(dir, "web.config"), webConfig([], [name], ["*.txt"]));
  return dir;
}

t.test("a throw in a TypeScript filter logs the .ts line and answers 500", async (t) => {
  if (missingArtifacts()) return t.fail(missingArtifacts()!);
  const dir = filterSite("thrower", THROWER);
  const host = await startHost(join(dir, "web.config"));
  t.teardown(() => host.stop());
  const thrown = await send(host.port, "GET", "/throw.txt");
  t.equal(thrown.status, 500);
  t.notMatch(thrown.text, /filter boom/, "no details to the client");
  t.ok(await logContains(host, "filter boom from TypeScript"), "the error is logged");
  t.ok(await logContains(host, "HttpFilterProc failed"), host.log());
  t.ok(await logContains(host, `${join(dir, "thrower.ts")}:8:`), `the TS position is logged:\n${host.log()}`);
  const next = await send(host.port, "GET", "/plain.txt");
  t.equal(next.status, 200, "the filter goes on working");
  t.equal(next.text, "plain\n");
});

t.test("a SimpleFilter without filter_flags fails the site with an error saying what to set", async (t) => {
  if (missingArtifacts()) return t.fail(missingArtifacts()!);
  const dir = filterSite("forgetful", NO_FLAGS);
  const host = await startHost(join(dir, "web.config"));
  t.teardown(() => host.stop());
  for (let i = 0; i < 3; i++) {
    const reply = await send(host.port, "GET", "/plain.txt");
    t.equal(reply.status, 500, "IIS does not serve a site whose filter failed to load");
  }
  const fix = "You must specify the filter flags: set filter_flags on Forgetful";
  t.ok(await logContains(host, fix), `the log says what to fix:\n${host.log()}`);
  t.ok(host.log().includes("cannot load ISAPI filter forgetful"), "and names the filter");
  const count = (needle: string) => host.log().split(needle).length - 1;
  t.equal(count(fix), 1, "said once, not per request");
  t.equal(count("cannot load ISAPI filter forgetful"), 1, "the host says it once too");
});
