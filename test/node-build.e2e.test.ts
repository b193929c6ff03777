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

t.test("AsyncLocalStorage's store survives await in a bundle, as in Node", async (t) => {
  if (!existsSync(isapiRun)) return t.fail(`${isapiRun} is missing: cargo build -p isapi-runtime`);
  const source = `import { AsyncLocalStorage } from "node:async_hooks";
const als = new AsyncLocalStorage();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seen = [];
async function step(name) {
  await null;
  seen.push(name + " after await null: " + als.getStore());
  await sleep(name === "A" ? 20 : 5);
  seen.push(name + " after sleep: " + als.getStore());
  for await (const n of (async function* () { yield 1; await sleep(1); yield 2; })()) {
    seen.push(name + " for await " + n + ": " + als.getStore());
  }
  return als.getStore();
}
Promise.all([als.run("A", () => step("A")), als.run("B", () => step("B"))]).then((results) => {
  seen.sort();
  console.log(JSON.stringify({ results, seen, outside: als.getStore() ?? null }));
});
${FETCH}`;
  const { stdout, stderr } = buildAndRun({ "x.js": source });
  const dir = tempDir(join(tmpdir(), "isapi-node-build-"));
  writeFileSync(join(dir, "x.mjs"), source);
  const node = spawnSync(process.execPath, [join(dir, "x.mjs")], { encoding: "utf8", timeout: 60_000 });
  t.equal(node.status, 0, node.stderr);
  t.ok(node.stdout.includes('"results":["A","B"]'), "Node keeps each flow's store");
  t.equal(stdout, node.stdout, stderr);
});

t.test("with a top-level await the bundle builds native, and the build says what it costs", async (t) => {
  const dir = tempDir(join(tmpdir(), "isapi-node-build-"));
  write(dir, {
    "x.js": `import { AsyncLocalStorage } from "node:async_hooks";\nawait null;\nnew AsyncLocalStorage();\n${FETCH}`,
  });
  const run = spawnSync(
    process.execPath,
    [
      join(root, "ts", "isapi", "dist", "cli.js"),
      "build",
      join(dir, "x.js"),
      "--outdir",
      join(dir, "dist"),
      "--no-check",
    ],
    { cwd: root, encoding: "utf8", timeout: 120_000 },
  );
  t.equal(run.status, 0, run.stderr);
  t.match(run.stderr, /top-level await.*AsyncLocalStorage/s);
});
