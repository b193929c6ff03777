import t from "tap";
import { readFileSync, existsSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { HANDLER, isapi, project } from "./cli-project.js";
import { fakeNative } from "./fake-libraries.js";

const suffix = process.platform === "win32" ? ".dll" : ".so";

t.test("build writes the bundle, its map and the library copy", async (t) => {
  const dir = project({ "x.ts": HANDLER, "fake-library.bin": fakeNative("not really a library") });
  const run = isapi(dir, "build", "--no-check", "x.ts", "--dll", "fake-library.bin");
  t.equal(run.status, 0, run.stderr);
  const bundle = readFileSync(join(dir, "dist", "x.js"), "utf8");
  t.match(bundle, /export\s*\{[^}]*__ExtensionFactory__/);
  t.match(bundle, /sourceMappingURL=x\.js\.map/);
  t.ok(existsSync(join(dir, "dist", "x.js.map")));
  t.same(readFileSync(join(dir, "dist", `_x${suffix}`)), fakeNative("not really a library"));
});

t.test("the library is linked, not copied, outside Windows; a new one replaces it", async (t) => {
  const dir = project({ "x.ts": HANDLER, "lib.bin": fakeNative("first") });
  const build = () => isapi(dir, "build", "--no-check", "x.ts", "--dll", "lib.bin");
  t.equal(build().status, 0);
  const placed = join(dir, "dist", `_x${suffix}`);
  const linked = statSync(placed).ino === statSync(join(dir, "lib.bin")).ino;
  t.equal(linked, process.platform !== "win32", "one file on disk outside Windows");
  // As npm and the linker do: a new file replaces the old one, never a write into it.
  writeFileSync(join(dir, "lib.new"), fakeNative("second"));
  renameSync(join(dir, "lib.new"), join(dir, "lib.bin"));
  t.equal(build().status, 0);
  t.same(readFileSync(placed), fakeNative("second"));
});

t.test("--outdir and --name change where and what is written", async (t) => {
  const dir = project({ "x.ts": HANDLER, "lib.bin": fakeNative() });
  const run = isapi(
    dir,
    "build",
    "--no-check",
    "x.ts",
    "--dll",
    "lib.bin",
    "--outdir",
    "out",
    "--name",
    "my.app",
  );
  t.equal(run.status, 0, run.stderr);
  t.ok(existsSync(join(dir, "out", "my.app.js")));
  t.ok(existsSync(join(dir, "out", `_my.app${suffix}`)));
});

t.test("--out is another name for --outdir", async (t) => {
  const dir = project({ "x.ts": HANDLER, "lib.bin": fakeNative() });
  const run = isapi(dir, "build", "--no-check", "x.ts", "--dll", "lib.bin", "--out", "elsewhere");
  t.equal(run.status, 0, run.stderr);
  t.ok(existsSync(join(dir, "elsewhere", "x.js")));
  t.ok(existsSync(join(dir, "elsewhere", `_x${suffix}`)));
  t.notOk(existsSync(join(dir, "dist")), "nothing in the default folder");
  const both = isapi(dir, "build", "--no-check", "x.ts", "--dll", "lib.bin", "--out", "a", "--outdir", "b");
  t.equal(both.status, 2);
  t.match(both.stderr, /--out is another name for --outdir/);
});

t.test("a default fetch handler is wrapped into an extension", async (t) => {
  const dir = project({
    "api.ts": 'export default { fetch(request: Request) { return new Response("hi " + request.url); } };\n',
    "api.settings.json": '{ "workers": 1 }',
    "lib.bin": fakeNative(),
  });
  const run = isapi(dir, "build", "--no-check", "api.ts", "--dll", "lib.bin");
  t.equal(run.status, 0, run.stderr);
  const bundle = readFileSync(join(dir, "dist", "api.js"), "utf8");
  t.match(bundle, /export\s*\{[^}]*__ExtensionFactory__/);
  t.match(bundle, /fetchExtension/);
  t.equal(
    readFileSync(join(dir, "dist", "api.settings.json"), "utf8"),
    '{ "workers": 1 }',
    "settings copied",
  );
});

t.test("a bundle without a factory is refused clearly", async (t) => {
  const dir = project({ "y.ts": "export const nothing = 1;\n", "lib.bin": fakeNative() });
  const run = isapi(dir, "build", "--no-check", "y.ts", "--dll", "lib.bin");
  t.equal(run.status, 1);
  t.match(
    run.stderr,
    /exports neither __ExtensionFactory__ nor __FilterFactory__ nor a default fetch handler/,
  );
  t.notOk(existsSync(join(dir, "dist", `_y${suffix}`)), "no library copy for a broken handler");
});

t.test("a syntax error is reported with file:line:column", async (t) => {
  const dir = project({
    "bad.ts": "export function __ExtensionFactory__() {\n  return {;\n}\n",
    "lib.bin": fakeNative(),
  });
  const run = isapi(dir, "build", "--no-check", "bad.ts", "--dll", "lib.bin");
  t.equal(run.status, 1);
  t.match(run.stderr, /bad\.ts:2:\d+: error:/);
});

t.test("a missing library says what was searched and how to build it", async (t) => {
  const dir = project({ "x.ts": HANDLER });
  const run = isapi(dir, "build", "--no-check", "x.ts", "--dll", "nowhere/lib.so");
  t.equal(run.status, 1);
  t.match(run.stderr, /nowhere\/lib\.so does not exist/);
});

t.test("a missing source file and bad usage are clear errors", async (t) => {
  const dir = project({});
  const missing = isapi(dir, "build", "--no-check", "absent.ts", "--dll", "x");
  t.equal(missing.status, 1);
  t.match(missing.stderr, /absent\.ts: file not found/);
  const usage = isapi(dir, "build");
  t.equal(usage.status, 2);
  t.match(usage.stderr, /expected exactly one handler file/);
  const unknown = isapi(dir, "frobnicate");
  t.equal(unknown.status, 2);
  t.match(unknown.stderr, /unknown command/);
  const help = isapi(dir, "--help");
  t.equal(help.status, 0);
  t.match(help.stdout, /isapi <command>/);
});

t.test("install --app-pool names a folder handler's own pool, remove --site undoes it", async (t) => {
  const dir = project({});
  const run = isapi(dir, "install", "shop", "--site", "site", "--app-pool", "Shop");
  t.equal(run.status, 0, run.stderr);
  const script = readFileSync(join(dir, "site", "isapi-install.cmd"), "utf8");
  t.match(script, /add app \/site\.name:"Default Web Site" \/path:"\/shop"/);
  t.match(script, /set app "Default Web Site\/shop" \/applicationPool:"Shop"/);
  t.notMatch(script, /set app "Default Web Site\/" /, "the site's own application is not touched");
  const removed = isapi(dir, "remove", "--site", "site");
  t.equal(removed.status, 0, removed.stderr);
  const undo = readFileSync(join(dir, "site", "isapi-remove.cmd"), "utf8");
  t.match(undo, /delete app "Default Web Site\/shop"/);
  t.match(undo, /delete apppool "Shop"/);
});
