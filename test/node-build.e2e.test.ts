// What `isapi build` makes of Node packages, run in the engine (isapi-run): a bundled
// CommonJS package's require of a core module goes through the `require` the build adds
// (node:module's createRequire), a require of one the engine lacks throws MODULE_NOT_FOUND
// where the package can catch it, and a module let through by --allow-missing throws only
// when used. (The build's own decisions are ts/isapi/test/node-builtins.test.ts.)
import t from "tap";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import { buildWithCli, root } from "./support/site.js";
import { tempDir } from "./support/temp.js";

const isapiRun = join(root, "target", "debug", process.platform === "win32" ? "isapi-run.exe" : "isapi-run");

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** Builds `x.js` in a project of `files` with the real CLI and runs the bundle in isapi-run. */
function buildAndRun(
  files: Record<string, string>,
  extra: string[] = [],
): { stdout: string; stderr: string } {
  const dir = tempDir(join(tmpdir(), "isapi-node-build-"));
  write(dir, files);
  buildWithCli(join(dir, "x.js"), join(dir, "dist"), extra);
  const run = spawnSync(isapiRun, [join(dir, "dist", "x.js")], { encoding: "utf8", timeout: 60_000 });
  return { stdout: run.stdout, stderr: run.stderr };
}

const pkg = (name: string, code: string) => ({
  [`node_modules/${name}/package.json`]: JSON.stringify({ name, main: "index.js" }),
  [`node_modules/${name}/index.js`]: code,
});

const FETCH = `export default { fetch: () => new Response("") };\n`;

t.test("CommonJS requires of core modules work in a bundle, and absent ones throw as in Node", async (t) => {
  if (!existsSync(isapiRun)) return t.fail(`${isapiRun} is missing: cargo build -p isapi-runtime`);
  const { stdout, stderr } = buildAndRun({
    "x.js": `import cj from "cj";\nconsole.log(JSON.stringify(cj()));\n${FETCH}`,
    ...pkg(
      "cj",
      `module.exports = () => {
  const module = require("module");
  const out = { builtin: module.isBuiltin("node:module"), same: require("node:module") === module };
  try { require("child_process"); } catch (error) { out.child = [error.code, error instanceof Error]; }
  try { require("node:vm"); } catch (error) { out.vm = error.code; }
  return out;
};`,
    ),
  });
  t.same(
    JSON.parse(stdout.trim() || "null"),
    {
      builtin: true,
      same: true,
      child: ["MODULE_NOT_FOUND", true],
      vm: "ERR_UNKNOWN_BUILTIN_MODULE",
    },
    stderr,
  );
});

t.test("a module let through by --allow-missing loads, and throws when used", async (t) => {
  if (!existsSync(isapiRun)) return t.fail(`${isapiRun} is missing: cargo build -p isapi-runtime`);
  const { stdout, stderr } = buildAndRun(
    {
      "x.js": `import { spawn } from "node:child_process";
import http from "http";
console.log("loaded", typeof http);
for (const use of [() => spawn("ls"), () => http.createServer()]) {
  try { use(); } catch (error) { console.log(error.code, error.message); }
}
${FETCH}`,
    },
    ["--allow-missing", "child_process,http"],
  );
  t.equal(
    stdout,
    "loaded object\n" +
      "ERR_ISAPI_MISSING_MODULE child_process is a Node core module isapi-ts does not provide (the handler was built with --allow-missing child_process): spawn\n" +
      "ERR_ISAPI_MISSING_MODULE http is a Node core module isapi-ts does not provide (the handler was built with --allow-missing http): createServer\n",
    stderr,
  );
});
