// The platform's conformance scripts (crates/isapi-runtime/tests/conformance/*.mjs),
// through the real path: each becomes a handler, built by `isapi build`, loaded by
// isapi-host through the DLL, and run per request; what it prints must equal what
// `node script.mjs` prints. (crates/isapi-runtime/tests/conformance.rs compares the same
// scripts run by isapi-run; this test proves the DLL's engines give the same answers.)
import t from "tap";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

import { buildWithCli, missingArtifacts, root, send, startHost, webConfig } from "./support/site.js";
import { tempDir } from "./support/temp.js";

const folder = join(root, "crates", "isapi-runtime", "tests", "conformance");
const only = process.env["ISAPI_TS_CONFORMANCE"] ?? "";
const scripts = readdirSync(folder)
  .filter((file) => file.endsWith(".mjs") && file.includes(only))
  .sort();

/** The script as the body of a fetch handler: its `console.log` lines become the
 * response, an exception its last line (Node would print it to stderr and exit 1). Its
 * `import` statements go to the top of the module. */
function handlerSource(script: string): string {
  const imports: string[] = [];
  const body = readFileSync(join(folder, script), "utf8").replace(
    /^import\s[^;]*?["'][^"']+["'];?[ \t]*$/gm,
    (statement) => {
      imports.push(statement);
      return "";
    },
  );
  return `// Generated from ${script} by test/platform.e2e.test.ts.
${imports.join("\n")}
export default {
  async fetch(): Promise<Response> {
    const lines: string[] = [];
    const console = {
      ...globalThis.console,
      log: (...args: unknown[]) => void lines.push(args.map(String).join(" ")),
    };
    try {
${body}
    } catch (error) {
      lines.push("threw " + String((error as Error)?.name));
    }
    return new Response(lines.map((line) => line + "\\n").join(""));
  },
};
`;
}

/** What Node prints, with a throw shown as the handler shows it. Node runs in an empty
 * folder of its own (the node:fs scripts work in the current folder). */
function nodeOutput(script: string): string {
  const cwd = tempDir(join(tmpdir(), "isapi-platform-node-"));
  const run = spawnSync(process.execPath, [join(folder, script)], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, TZ: "UTC" },
    timeout: 60_000,
  });
  if (run.status === 0) return run.stdout;
  const name = /^(\w*Error|DOMException)\b/m.exec(run.stderr)?.[1] ?? "Error";
  return `${run.stdout}threw ${name}\n`;
}

t.test("every conformance script answers through the DLL as Node prints it", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  t.ok(scripts.length > 0, "conformance scripts found");
  const site = tempDir(join(tmpdir(), "isapi-platform-"));
  const handlers: [string, string][] = [];
  for (const script of scripts) {
    const name = basename(script, ".mjs").replace(/[^\w]/g, "_");
    const entry = join(site, `${name}.ts`);
    writeFileSync(entry, handlerSource(script));
    buildWithCli(entry, join(site, "dist"));
    // The node:fs scripts work in the current folder (the bundle's): theirs to write.
    if (script.startsWith("node-fs-")) {
      writeFileSync(join(site, "dist", `${name}.settings.json`), JSON.stringify({ fs: { write: ["."] } }));
    }
    handlers.push([`/conformance/${name}/*`, name]);
  }
  const config = join(site, "web.config");
  writeFileSync(config, webConfig(handlers));
  const host = await startHost(config, { TZ: "UTC" });
  t.teardown(() => host.stop());
  for (const [index, script] of scripts.entries()) {
    const name = handlers[index]![1];
    const reply = await send(host.port, "GET", `/conformance/${name}/`);
    t.equal(reply.status, 200, `${script}: status`);
    t.equal(reply.text, nodeOutput(script), `${script}: the DLL prints what Node prints`);
  }
});
