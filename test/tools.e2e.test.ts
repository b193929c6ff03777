// The isapi CLI's commands, through their API (isapi-ts/tools) and once each as a command:
// a handler scaffolded, installed into a web.config, built, served by the real host
// (with --watch rebuilding it), benchmarked, and removed again.
import t from "tap";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

import { bench, buildHandler, install, remove, scaffold, serve } from "isapi-ts/tools";

import { library, missingArtifacts, root } from "./support/site.js";
import { tempDir } from "./support/temp.js";

const cli = join(root, "ts", "isapi", "dist", "cli.js");

/** A folder inside the repository, so that handlers resolve "isapi-ts" (the workspace). */
function project(): string {
  mkdirSync(join(root, "target"), { recursive: true });
  return tempDir(join(root, "target", "tap-tools-"));
}

function isapi(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", timeout: 120_000 });
}

const greeting = (text: string) => `import { SimpleExtension } from "isapi-ts";
class Greeter extends SimpleExtension {
  HttpExtensionProc(ecb: import("isapi-ts").ExtensionControlBlock) {
    ecb.SendResponseHeaders("200 OK", { "Content-Type": "text/plain" });
    ecb.WriteClient(${JSON.stringify(text)});
    return 1;
  }
}
export const __ExtensionFactory__ = () => new Greeter();
`;

t.test("install + build + serve: the installed web.config serves the handler", async (t) => {
  if (missingArtifacts()) return t.fail(missingArtifacts()!);
  const dir = project();
  writeFileSync(join(dir, "greet.ts"), greeting("v1"));
  install({ site: dir, handlers: [{ name: "greet", path: "/greet/*", library: "dist/_greet.so" }] });
  await buildHandler({ entry: "greet.ts", cwd: dir, dll: library });
  const server = await serve({ config: join(dir, "web.config"), watch: true, dll: library });
  t.teardown(() => server.close());
  const first = await fetch(`${server.url}/greet/x`);
  t.equal(first.status, 200);
  t.equal(await first.text(), "v1");

  // --watch: a change to the .ts is rebuilt and served without a restart.
  const rebuilt = server.rebuilt();
  writeFileSync(join(dir, "greet.ts"), greeting("v2"));
  t.equal(await rebuilt, "greet");
  let text = "";
  for (let i = 0; i < 200 && text !== "v2"; i++) {
    await new Promise((r) => setTimeout(r, 25));
    text = await (await fetch(`${server.url}/greet/x`)).text();
  }
  t.equal(text, "v2", "the new version answers");
  t.match(server.log(), /rebuilt greet in \d+ ms/);

  // A broken edit is reported, and the last good build keeps serving.
  const broken = new Promise<void>((resolveBroken) => {
    const timer = setInterval(() => {
      if (server.log().includes("rebuilding greet failed")) {
        clearInterval(timer);
        resolveBroken();
      }
    }, 20);
  });
  writeFileSync(join(dir, "greet.ts"), "export const __ExtensionFactory__ = () => {;\n");
  await broken;
  t.equal(await (await fetch(`${server.url}/greet/x`)).text(), "v2");

  const result = await bench({ url: `${server.url}/greet/x`, connections: 4, durationMs: 300 });
  t.ok(result.requests > 0, `${result.requests} requests`);
  t.equal(result.failures, 0);
  t.same(Object.keys(result.statuses), ["200"]);
  t.ok(result.latencyMs.p50 <= result.latencyMs.p99);
});

t.test("scaffold: each kind builds, and its generated test passes", async (t) => {
  if (missingArtifacts()) return t.fail(missingArtifacts()!);
  const tap = join(root, "node_modules", "tap", "dist", "esm", "run.mjs");
  for (const kind of ["plain", "threaded", "fetch", "filter"] as const) {
    const dir = project();
    const files = scaffold({
      name: `my${kind}`,
      dir,
      threaded: kind === "threaded",
      fetch: kind === "fetch",
      filter: kind === "filter",
    }).files;
    t.ok(
      files.some((f) => f.endsWith("web.config")),
      `${kind}: web.config`,
    );
    const run = spawnSync(process.execPath, [tap, join(dir, `my${kind}.test.ts`)], {
      cwd: root,
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, ISAPI_TS_DLL: library },
    });
    t.equal(run.status, 0, `${kind}: the generated test passes\n${run.stdout}\n${run.stderr}`);
  }
  t.throws(() => scaffold({ name: "bad name" }), /invalid handler name/);
  const dir = project();
  scaffold({ name: "twice", dir });
  t.throws(() => scaffold({ name: "twice", dir }), /exists; pass --force/);
});

t.test("the commands: new, install, remove, serve, bench", async (t) => {
  if (missingArtifacts()) return t.fail(missingArtifacts()!);
  const dir = project();
  const created = isapi(dir, "new", "cmd");
  t.equal(created.status, 0, created.stderr);
  t.match(created.stdout, /wrote .*cmd\.ts/);
  const built = isapi(dir, "build", "cmd.ts", "--dll", library);
  t.equal(built.status, 0, built.stderr);

  const installed = isapi(dir, "install", "extra", "--path", "*.extra", "--library", "dist/_cmd.so");
  t.equal(installed.status, 0, installed.stderr);
  t.match(readFileSync(join(dir, "web.config"), "utf8"), /name="extra" path="\*\.extra"/);

  const server = spawn(process.execPath, [cli, "serve", "web.config", "--port", "0"], { cwd: dir });
  t.teardown(() => server.kill("SIGKILL"));
  // The server logs a line per request to stderr: an unread pipe fills (64 KiB, some 600
  // requests of the bench below) and then blocks the server's logging, so it is read here.
  let serverLog = "";
  server.stderr!.on("data", (chunk: Buffer) => (serverLog = (serverLog + chunk.toString()).slice(-4096)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error("isapi serve did not start")), 60_000);
    createInterface({ input: server.stdout! }).on("line", (line) => {
      const match = /isapi serve: (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    });
  });
  const reply = await fetch(`${url}/cmd/?name=CLI`);
  t.equal(await reply.text(), "Hello, CLI!\n");
  t.equal((await fetch(`${url}/page.extra`)).status, 200, "the installed mapping serves too");

  const benched = await new Promise<{ code: number | null; out: string }>((resolveRun) => {
    const child = spawn(process.execPath, [
      cli,
      "bench",
      `${url}/cmd/`,
      "--duration",
      "0.3",
      "--connections",
      "2",
    ]);
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("exit", (code) => resolveRun({ code, out }));
  });
  t.equal(benched.code, 0, benched.out);
  t.ok(JSON.parse(benched.out).requests > 0);

  server.kill("SIGINT");
  const exit = await new Promise<number | null>((r) => server.once("exit", r));
  t.equal(exit, 0, `isapi serve stops on SIGINT; its log ends with:\n${serverLog}`);
  const removed = isapi(dir, "remove");
  t.equal(removed.status, 0, removed.stderr);
  const after = readFileSync(join(dir, "web.config"), "utf8");
  t.notMatch(after, /name="extra"/);
  t.notMatch(after, /name="cmd"/);

  const usage = isapi(dir, "install");
  t.equal(usage.status, 1);
  t.match(usage.stderr, /name the handler to install/);
  t.equal(isapi(dir, "remove").status, 1, "nothing left to remove");
});

t.test("remove via the API after install via the API", async (t) => {
  const dir = project();
  install({ site: dir, filters: [{ name: "f", library: "dist/_f.so" }] });
  t.same(remove(dir).removed, { handlers: [], filters: ["f"] });
});

t.test("build: type errors are reported with file:line:column and stop the build", async (t) => {
  const dir = project();
  writeFileSync(
    join(dir, "typo.ts"),
    'export function __ExtensionFactory__() {\n  const n: number = "not a number";\n  return { n };\n}\n',
  );
  const run = isapi(dir, "build", "typo.ts", "--dll", library);
  t.equal(run.status, 1);
  t.match(run.stderr, /typo\.ts:2:9: error TS2322/);
  t.match(run.stderr, /--no-check/);
  const unchecked = isapi(dir, "build", "typo.ts", "--dll", library, "--no-check");
  t.equal(unchecked.status, 0, unchecked.stderr);
  t.match(unchecked.stdout, /bundle \d+ ms/);
});

t.test("build --bytecode: the library runs the precompiled bundle", async (t) => {
  if (missingArtifacts()) return t.fail(missingArtifacts()!);
  const dir = project();
  writeFileSync(join(dir, "fast.ts"), greeting("from bytecode"));
  const run = isapi(dir, "build", "fast.ts", "--dll", library, "--bytecode", "--minify");
  t.equal(run.status, 0, run.stderr);
  t.match(run.stdout, /fast\.qbc/);
  t.match(run.stdout, /check \d+ ms, bundle \d+ ms, bytecode \d+ ms/);
  install({ site: dir, handlers: [{ name: "fast", path: "/fast/*", library: "dist/_fast.so" }] });
  // Without the .js, only the bytecode can answer.
  rmSync(join(dir, "dist", "fast.js"));
  const server = await serve({ config: join(dir, "web.config") });
  t.teardown(() => server.close());
  const reply = await fetch(`${server.url}/fast/x`);
  t.equal(reply.status, 200, server.log());
  t.equal(await reply.text(), "from bytecode");
  // A plain rebuild removes the .qbc, so it can never shadow a newer .js.
  const plain = isapi(dir, "build", "fast.ts", "--dll", library, "--no-check");
  t.equal(plain.status, 0, plain.stderr);
  t.notOk(existsSync(join(dir, "dist", "fast.qbc")));
});
