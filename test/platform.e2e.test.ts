// The platform's conformance scripts (crates/isapi-runtime/tests/conformance/*.mjs),
// through the real path: each becomes a handler, built by `isapi build`, loaded by
// isapi-host through the DLL, and run per request; what it prints must equal what
// `node script.mjs` prints. (crates/isapi-runtime/tests/conformance.rs compares the same
// scripts run by isapi-run; this test proves the DLL's engines give the same answers.)
import t from "tap";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
import { format as formatLine } from "node:util";
export default {
  async fetch(): Promise<Response> {
    const lines: string[] = [];
    const console = {
      ...globalThis.console,
      // As Node's console.log words a line.
      log: (...args: unknown[]) => void lines.push(formatLine(...args)),
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
 * folder of its own (the node:fs scripts work in the current folder) beside the handlers'
 * `dist/` in `site`: the same parent, as scripts that resolve `..` print it. */
function nodeOutput(script: string, site: string): string {
  const cwd = mkdtempSync(join(site, "node-"));
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

/** Handlers per host: each holds its own copy of the library (~200 MB in a debug build),
 * so the scripts run in batches, each batch's folder removed before the next is built. */
const BATCH = 8;

t.test("every conformance script answers through the DLL as Node prints it", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  t.ok(scripts.length > 0, "conformance scripts found");
  for (let start = 0; start < scripts.length; start += BATCH) {
    const batch = scripts.slice(start, start + BATCH);
    const site = tempDir(join(tmpdir(), "isapi-platform-"));
    const names = batch.map((script) => basename(script, ".mjs").replace(/[^\w]/g, "_"));
    for (const [index, script] of batch.entries()) {
      const entry = join(site, `${names[index]}.ts`);
      writeFileSync(entry, handlerSource(script));
      buildWithCli(entry, join(site, "dist"));
      // The node:fs scripts work in the current folder (the bundle's): theirs to write.
      if (script.startsWith("node-fs-")) {
        const settings = join(site, "dist", `${names[index]}.settings.json`);
        writeFileSync(settings, JSON.stringify({ fs: { write: ["."] } }));
      }
    }
    const config = join(site, "web.config");
    writeFileSync(config, webConfig(names.map((name) => [`/conformance/${name}/*`, name])));
    const host = await startHost(config, { TZ: "UTC" });
    try {
      for (const [index, script] of batch.entries()) {
        const reply = await send(host.port, "GET", `/conformance/${names[index]}/`);
        t.equal(reply.status, 200, `${script}: status`);
        t.equal(reply.text, nodeOutput(script, site), `${script}: the DLL prints what Node prints`);
      }
    } finally {
      host.stop();
      rmSync(site, { recursive: true, force: true });
    }
  }
});

t.test("process.exit() in a handler fails its request, not the server", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  const site = tempDir(join(tmpdir(), "isapi-process-exit-"));
  const entry = join(site, "exiting.ts");
  writeFileSync(
    entry,
    `import process from "node:process";
export default {
  fetch(request: Request): Response {
    if (new URL(request.url).pathname.endsWith("/exit")) process.exit(7);
    let code = "none";
    try {
      process.abort();
    } catch (error) {
      code = (error as { code: string }).code;
    }
    return new Response(\`alive \${process.pid > 0} \${code} \${typeof process.env.PATH}\`);
  },
};
`,
  );
  buildWithCli(entry, join(site, "dist"));
  const config = join(site, "web.config");
  writeFileSync(config, webConfig([["/p/*", "exiting"]]));
  const host = await startHost(config);
  t.teardown(() => host.stop());
  const exited = await send(host.port, "GET", "/p/exit");
  t.equal(exited.status, 500, "the request that called process.exit() fails");
  const next = await send(host.port, "GET", "/p/next");
  t.equal(next.status, 200, "the server goes on");
  t.equal(next.text, "alive true ERR_ISAPI_PROCESS_ABORT string", "abort throws too");
});
