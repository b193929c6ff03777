// `isapi build` and Node's core modules: the list of those the engine provides is what its
// generator makes from crates/isapi-runtime/js/node/; those stay imports (`node:x`); one the
// engine lacks is an error naming it and its importer (a warning for a `require`, an
// object whose members throw with --allow-missing); the conditions and NODE_ENV. The
// bundles' behaviour in the engine is test/node-build.e2e.test.ts.
import t from "tap";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { PROVIDED_BUILTINS } from "../src/node_builtins.js";
import { isapi, project } from "./cli-project.js";
import { fakeNative } from "./fake-libraries.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** A project with `files` and a fake library; `isapi build x.js` in it. */
function build(files: Record<string, string>, ...options: string[]) {
  const dir = project({ ...files, "lib.bin": fakeNative() }, "isapi-node-");
  const run = isapi(dir, "build", "x.js", "--dll", "lib.bin", "--no-check", ...options);
  const bundle = run.status === 0 ? readFileSync(join(dir, "dist", "x.js"), "utf8") : "";
  return { ...run, bundle, dir };
}

const FETCH = `export default { fetch() { return new Response(String(value)); } };\n`;

/** A package in node_modules: its package.json and files. */
function pkg(name: string, json: object, files: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {
    [`node_modules/${name}/package.json`]: JSON.stringify({ name, version: "1.0.0", ...json }),
  };
  for (const [file, text] of Object.entries(files)) out[`node_modules/${name}/${file}`] = text;
  return out;
}

t.test("node_builtins.ts is what scripts/node-builtins.mjs makes from js/node/", async (t) => {
  const run = spawnSync(
    process.execPath,
    [join(root, "ts", "isapi", "scripts", "node-builtins.mjs"), "--check"],
    {
      encoding: "utf8",
    },
  );
  t.equal(run.status, 0, run.stderr);
  t.ok(PROVIDED_BUILTINS.includes("module"), "node:module is provided");
  t.notOk(
    PROVIDED_BUILTINS.some((name) => name.startsWith("internal")),
    "internal/ is not a module",
  );
});

t.test("a provided core module stays an import of node:x, whichever way it is named", async (t) => {
  const run = build({
    "x.js": `import { builtinModules } from "module";\nimport m from "node:module";\nimport cj from "cj";\nconst value = [builtinModules, m, cj];\n${FETCH}`,
    ...pkg("cj", { main: "index.js" }, { "index.js": `module.exports = require("module").isBuiltin;\n` }),
  });
  t.equal(run.status, 0, run.stderr);
  t.equal(run.stderr, "", "no warnings");
  t.match(run.bundle, /from "node:module"/);
  t.notMatch(run.bundle, /from "module"/);
  // CommonJS's require of it goes through a require made by node:module's createRequire.
  t.match(
    run.bundle,
    /^import \{ createRequire as __isapiCreateRequire \} from "node:module"; const require = /,
  );
  t.match(run.bundle, /__require\("node:module"\)/);
  // The source map moved one line down with the bundle.
  const map = JSON.parse(readFileSync(join(run.dir, "dist", "x.js.map"), "utf8")) as { mappings: string };
  t.ok(map.mappings.startsWith(";"), "the map's first line is the added one");
});

t.test("no require is added to a bundle that does not need one", async (t) => {
  const run = build({ "x.js": `import fs from "node:module";\nconst value = fs;\n${FETCH}` });
  t.equal(run.status, 0, run.stderr);
  t.notMatch(run.bundle, /createRequire/);
});

t.test("importing a core module the engine lacks names it, the package and why", async (t) => {
  const files = {
    "x.js": `import spawner from "spawner";\nconst value = spawner;\n${FETCH}`,
    ...pkg(
      "spawner",
      { main: "lib/index.js" },
      { "lib/index.js": `import { spawn } from "node:child_process";\nexport default spawn;\n` },
    ),
  };
  const run = build(files);
  t.not(run.status, 0);
  t.match(
    run.stderr,
    /package "spawner" \(node_modules\/spawner\/lib\/index\.js\) imports "node:child_process", a Node core module isapi-ts does not provide: a handler cannot start processes/,
  );
  t.match(run.stderr, /--allow-missing child_process builds it anyway/);

  // From the handler itself, and a made-up node: name.
  const own = build({
    "x.js": `import vm from "vm";\nimport x from "node:nonsense";\nconst value = [vm, x];\n${FETCH}`,
  });
  t.not(own.status, 0);
  t.match(own.stderr, /x\.js imports "vm", a Node core module isapi-ts does not provide: the engine has one/);
  t.match(
    own.stderr,
    /x\.js imports "node:nonsense", a Node core module isapi-ts does not provide: Node has no such/,
  );

  // Allowed: it builds, and the module is an object whose members throw when used.
  const allowed = build(files, "--allow-missing", "child_process,vm");
  t.equal(allowed.status, 0, allowed.stderr);
  t.match(allowed.bundle, /ERR_ISAPI_MISSING_MODULE/);
  t.notMatch(allowed.bundle, /from "node:child_process"/);
});

t.test("a require of a missing module is a warning, and stays a require", async (t) => {
  const files = {
    "x.js": `import opt from "optional";\nconst value = opt;\n${FETCH}`,
    ...pkg(
      "optional",
      { main: "index.js" },
      {
        "index.js": `let worker;\ntry { worker = require("worker_threads"); } catch (e) { worker = e.code; }\nmodule.exports = [worker, require("./more.js")];\n`,
        "more.js": `module.exports = () => require("vm");\n`,
      },
    ),
  };
  const run = build(files);
  t.equal(run.status, 0, run.stderr);
  t.match(
    run.stderr,
    /warning: "worker_threads" is required by optional, but isapi-ts does not provide this Node core module \(handlers get no threads/,
  );
  t.match(run.stderr, /warning: "vm" is required by optional/);
  t.equal(run.stderr.match(/"vm" is required/g)?.length, 1, "each module once");
  t.match(run.bundle, /__require\("worker_threads"\)/, "as written (bare: MODULE_NOT_FOUND at run time)");
  const quiet = build(files, "--allow-missing", "worker_threads, vm");
  t.equal(quiet.status, 0, quiet.stderr);
  t.equal(quiet.stderr, "", "--allow-missing silences it");
});

t.test("a package's browser map or an npm package of the name replaces a missing module", async (t) => {
  const run = build({
    "x.js": `import a from "a";\nimport p from "punycode";\nconst value = [a, p];\n${FETCH}`,
    ...pkg(
      "a",
      { main: "index.js", browser: { vm: false } },
      { "index.js": `module.exports = require("vm");\n` },
    ),
    ...pkg("punycode", { main: "punycode.js" }, { "punycode.js": `module.exports = "npm punycode";\n` }),
  });
  t.equal(run.status, 0, run.stderr);
  t.equal(run.stderr, "", "no warnings");
  t.match(run.bundle, /npm punycode/);
  t.notMatch(run.bundle, /require\("vm"\)/);
});

t.test("--conditions: workers' and browsers' builds by default, any others when asked", async (t) => {
  const files = {
    "x.js": `import e from "e";\nimport b from "b";\nconst value = e + b;\n${FETCH}`,
    ...pkg(
      "e",
      {
        exports: {
          node: "./node.js",
          worker: "./worker.js",
          browser: "./browser.js",
          default: "./default.js",
        },
      },
      {
        "node.js": `export default "e:node";`,
        "worker.js": `export default "e:worker";`,
        "browser.js": `export default "e:browser";`,
        "default.js": `export default "e:default";`,
      },
    ),
    ...pkg(
      "b",
      { main: "main.js", module: "module.js", browser: "browser.js" },
      {
        "main.js": `module.exports = "b:main";`,
        "module.js": `export default "b:module";`,
        "browser.js": `export default "b:browser";`,
      },
    ),
  };
  const defaults = build(files);
  t.equal(defaults.status, 0, defaults.stderr);
  t.match(defaults.bundle, /e:worker/);
  t.notMatch(defaults.bundle, /e:node|e:default/);
  t.match(defaults.bundle, /b:browser/);
  const node = build(files, "--conditions", "node");
  t.equal(node.status, 0, node.stderr);
  t.match(node.bundle, /e:node/);
  t.match(node.bundle, /b:module/);
  const none = build(files, "--conditions", "");
  t.equal(none.status, 0, none.stderr);
  t.match(none.bundle, /e:default/);
});

t.test("process.env.NODE_ENV is production unless told otherwise", async (t) => {
  const files = { "x.js": `const value = process.env.NODE_ENV;\n${FETCH}` };
  t.match(build(files).bundle, /var value = "production"/);
  t.match(build(files, "--node-env", "development").bundle, /var value = "development"/);
});
