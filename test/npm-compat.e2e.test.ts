// The npm compatibility test (issue 19): popular packages, pinned by
// test/npm-compat/package-lock.json (`npm ci --prefix test/npm-compat`; CI and `cargo xtask
// test` install them), each used in a few realistic lines by test/npm-compat/cases/<name>.mjs
// (`export function run()`, returning JSON). Each case becomes a fetch handler built by the
// real `isapi build` (default conditions), served by one isapi-host through the DLL, and its
// answer must equal what Node 20 answers for the same file. A package that cannot work yet
// is in EXPECTED below with its reason and the way it fails, and the test requires it to
// fail that way: when it starts working the test fails too, so the table stays true.
import t from "tap";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

import { missingArtifacts, native, root, send, startHost, webConfig } from "./support/site.js";
import { tempDir } from "./support/temp.js";

const folder = join(root, "test", "npm-compat");
const cases = join(folder, "cases");
/** Some cases only: ISAPI_TS_NPM_COMPAT=jose,zod (the test then skips its count checks). */
const only = (process.env["ISAPI_TS_NPM_COMPAT"] ?? "").split(",").filter((name) => name !== "");

/** How a case ends: `pass` (Node's answer), or where it stops. */
type Outcome = "pass" | "build" | "run" | "differs";

/**
 * The packages that do not work yet: how they fail (the build fails, the handler throws, or
 * its answer differs from Node's), a pattern the failure's text matches, and why. Every
 * case not listed must pass.
 */
const EXPECTED: Record<string, { outcome: Exclude<Outcome, "pass">; match: RegExp; reason: string }> = {
  jsonwebtoken: {
    outcome: "run",
    match: /Cannot find module '(stream|util)'/,
    reason: "jws requires stream and util (being written: issue 19)",
  },
  "mime-types": {
    outcome: "run",
    match: /Cannot find module 'path'/,
    reason: "requires path (being written: issue 19)",
  },
  pug: {
    outcome: "run",
    match: /Cannot find module '(path|assert)'/,
    reason: "requires path and assert (being written: issue 19)",
  },
  xml2js: {
    outcome: "run",
    match: /Cannot find module '(timers|stream)'/,
    reason: "requires timers, and sax requires stream (being written: issue 19)",
  },
};

/** Other conditions than isapi build's default, to compare (ISAPI_TS_NPM_COMPAT_CONDITIONS=node;
 * the EXPECTED table is for the default). */
const conditions = process.env["ISAPI_TS_NPM_COMPAT_CONDITIONS"];

/** A case's handler name (`date-fns` → `date_fns`). */
const handler = (name: string) => name.replace(/[^\w]/g, "_");

/** Every `isapi build` of a case: the real CLI, the default conditions, no type check (the
 * cases are JavaScript). */
function build(entry: string, outdir: string): { ok: boolean; stderr: string } {
  const run = spawnSync(
    process.execPath,
    [
      join(root, "ts", "isapi", "dist", "cli.js"),
      "build",
      entry,
      "--outdir",
      outdir,
      ...native.buildOptions,
      "--no-check",
      ...(conditions === undefined ? [] : ["--conditions", conditions]),
    ],
    { cwd: root, encoding: "utf8", timeout: 180_000 },
  );
  return { ok: run.status === 0, stderr: run.stderr };
}

/** What a case answers, as both sides print it: `{ value }` or `{ threw }`. */
const ENVELOPE = `
async function answer(run) {
  try {
    return JSON.stringify({ value: await run() });
  } catch (error) {
    return JSON.stringify({ threw: String(error?.name) + ": " + String(error?.message) });
  }
}`;

function handlerSource(caseFile: string): string {
  return `// Generated from ${basename(caseFile)} by test/npm-compat.e2e.test.ts.
import { run } from ${JSON.stringify(caseFile)};
${ENVELOPE}
export default {
  async fetch() {
    return new Response(await answer(run), { headers: { "content-type": "application/json" } });
  },
};
`;
}

/** The same case under Node 20 (NODE_ENV as isapi build defines it in the bundle). */
function nodeAnswer(caseFile: string, scratch: string): string {
  const runner = join(scratch, `${basename(caseFile, ".mjs")}.node.mjs`);
  writeFileSync(
    runner,
    `import { run } from ${JSON.stringify(caseFile)};\n${ENVELOPE}\nprocess.stdout.write(await answer(run));\n`,
  );
  const run = spawnSync(process.execPath, [runner], {
    encoding: "utf8",
    env: { ...process.env, TZ: "UTC", NODE_ENV: "production" },
    timeout: 60_000,
  });
  return run.status === 0 ? run.stdout : `node failed: ${run.stderr}`;
}

t.test("npm packages bundled by isapi build answer through the DLL as under Node 20", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  if (!existsSync(join(folder, "node_modules", ".package-lock.json"))) {
    return t.fail("test/npm-compat/node_modules is missing: run `npm ci --prefix test/npm-compat`");
  }
  const names = readdirSync(cases)
    .filter((file) => file.endsWith(".mjs") && (only.length === 0 || only.includes(basename(file, ".mjs"))))
    .map((file) => basename(file, ".mjs"))
    .sort();
  if (only.length === 0) t.ok(names.length >= 30, `at least 30 packages (${names.length})`);
  for (const name of Object.keys(EXPECTED)) {
    if (only.length === 0) t.ok(names.includes(name), `EXPECTED's ${name} has a case`);
  }

  const site = tempDir(join(tmpdir(), "isapi-npm-compat-"));
  const results = new Map<string, { outcome: Outcome; detail: string }>();
  const handlers: [string, string][] = [];
  for (const name of names) {
    const entry = join(site, `${handler(name)}.js`);
    writeFileSync(entry, handlerSource(join(cases, `${name}.mjs`)));
    const built = build(entry, join(site, "dist"));
    if (!built.ok) {
      results.set(name, { outcome: "build", detail: built.stderr.trim() });
      continue;
    }
    handlers.push([`/npm/${handler(name)}/*`, handler(name)]);
  }
  if (handlers.length > 0) {
    const config = join(site, "web.config");
    writeFileSync(config, webConfig(handlers));
    const host = await startHost(config, { TZ: "UTC" });
    t.teardown(() => host.stop());
    for (const name of names) {
      if (results.has(name)) continue;
      const reply = await send(host.port, "GET", `/npm/${handler(name)}/`);
      const expected = nodeAnswer(join(cases, `${name}.mjs`), site);
      let outcome: Outcome;
      if (reply.status !== 200) outcome = "run";
      else if (reply.text.startsWith('{"threw"')) outcome = "run";
      else outcome = reply.text === expected ? "pass" : "differs";
      // A 500's reason is in the server log, on the lines naming the handler's bundle.
      const logged = () =>
        host
          .log()
          .split("\n")
          .filter((line) => line.includes(`${handler(name)}.js failed to load`))
          .join("\n");
      const detail =
        outcome === "pass"
          ? ""
          : reply.status !== 200
            ? `status ${reply.status}: ${reply.text.slice(0, 200)}\n${logged()}`
            : `isapi: ${reply.text.slice(0, 800)}\nnode:  ${expected.slice(0, 800)}`;
      results.set(name, { outcome, detail });
    }
  }

  const summary: string[] = [];
  for (const name of names) {
    const { outcome, detail } = results.get(name)!;
    const want = EXPECTED[name];
    summary.push(`${(outcome === "pass" ? "pass" : `FAIL (${outcome})`).padEnd(14)} ${name}`);
    if (want === undefined) {
      t.equal(outcome, "pass", `${name}: answers as under Node\n${detail}`);
    } else {
      t.equal(outcome, want.outcome, `${name}: fails as EXPECTED says (${want.reason})\n${detail}`);
      if (outcome === want.outcome) t.match(detail, want.match, `${name}: the failure is the one expected`);
    }
  }
  t.comment(`npm compatibility:\n${summary.join("\n")}`);
});
