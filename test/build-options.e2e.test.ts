// `isapi build --bytecode` and `--minify` through the host: a throw still logs its
// TypeScript file and line, bytecode from another engine build falls back to the .js, and
// a minified bundle really is minified.
import t from "tap";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
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

// Line numbers below are asserted: keep the throw on line 10.
const HANDLER = `import { SimpleExtension, type ExtensionControlBlock } from "isapi-ts";

/* A block comment that a minified build drops. */
class Flaky extends SimpleExtension {
  // A line comment that a minified build drops.
  HttpExtensionProc(ecb: ExtensionControlBlock): number {
    const url = ecb.GetServerVariable("URL");
    if (url.endsWith("/throw")) {
      const detail = "thrown from a built handler";
      throw new Error(detail);
    }
    ecb.SendResponseHeaders("200 OK", { "Content-Type": "text/plain" });
    ecb.WriteClient("answered " + url);
    return 1;
  }
}

export const __ExtensionFactory__ = () => new Flaky();
`;

let host: RunningHost | undefined;
let dir = "";

t.before(async () => {
  if (missingArtifacts()) return;
  mkdirSync(join(root, "target"), { recursive: true });
  dir = tempDir(join(root, "target", "tap-build-options-"));
  writeFileSync(join(dir, "flaky.ts"), HANDLER);
  const dist = join(dir, "dist");
  const entry = join(dir, "flaky.ts");
  buildWithCli(entry, dist, ["--name", "plain"]);
  buildWithCli(entry, dist, ["--name", "compiled", "--bytecode"]);
  buildWithCli(entry, dist, ["--name", "minified", "--minify"]);
  buildWithCli(entry, dist, ["--name", "foreign", "--bytecode"]);
  // Pretend another engine build wrote foreign.qbc: change a byte of the engine name in
  // its header (8 bytes of magic, a 4-byte length, then the name).
  const foreign = join(dist, "foreign.qbc");
  const bytes = readFileSync(foreign);
  bytes[12] = bytes[12]! ^ 0x20;
  writeFileSync(foreign, bytes);
  writeFileSync(
    join(dir, "web.config"),
    webConfig([
      ["/plain/*", "plain"],
      ["/compiled/*", "compiled"],
      ["/minified/*", "minified"],
      ["/foreign/*", "foreign"],
    ]),
  );
  host = await startHost(join(dir, "web.config"), { ISAPI_TS_LOG: "info,isapi_js::bytecode=debug" });
});
t.teardown(() => host?.stop());

t.test("--bytecode: the library runs the .qbc, and a throw logs the .ts line", async (t) => {
  if (!host) return t.fail(missingArtifacts() ?? "no host");
  const ok = await send(host.port, "GET", "/compiled/x");
  t.equal(ok.status, 200);
  t.equal(ok.text, "answered /compiled/x");
  t.ok(await logContains(host!, `using bytecode ${join(dir, "dist", "compiled.qbc")}`), host.log());
  const thrown = await send(host.port, "GET", "/compiled/throw");
  t.equal(thrown.status, 500);
  t.ok(await logContains(host!, "GET /compiled/throw (ConnID "), "the failed request is logged");
  const line = host
    .log()
    .split("\n")
    .find((l) => l.includes("flaky.ts:10:") && l.includes("HttpExtensionProc"));
  t.ok(line, `the TS position of the throw is logged:\n${host.log()}`);
});

t.test("bytecode from another engine build: the .js answers, and the log says why", async (t) => {
  if (!host) return t.fail(missingArtifacts() ?? "no host");
  const reply = await send(host.port, "GET", "/foreign/x");
  t.equal(reply.status, 200);
  t.equal(reply.text, "answered /foreign/x");
  t.ok(
    await logContains(host!, `${join(dir, "dist", "foreign.qbc")} was compiled by another engine build`),
    host.log(),
  );
  t.ok(await logContains(host!, "using the .js"), "and what it does instead");
  t.notOk(host.log().includes(`using bytecode ${join(dir, "dist", "foreign.qbc")}`));
});

t.test("--minify: a smaller bundle without comments or indentation that still maps to the .ts", async (t) => {
  if (!host) return t.fail(missingArtifacts() ?? "no host");
  const plain = readFileSync(join(dir, "dist", "plain.js"), "utf8");
  const minified = readFileSync(join(dir, "dist", "minified.js"), "utf8");
  t.ok(
    statSync(join(dir, "dist", "minified.js")).size < statSync(join(dir, "dist", "plain.js")).size,
    `minified ${minified.length} bytes < plain ${plain.length} bytes`,
  );
  t.match(plain, /comment that a minified build drops/, "the plain build keeps the comment");
  t.notMatch(minified, /comment that a minified build drops/, "no comments");
  t.notMatch(minified, /\n[ \t]+\S/, "no indentation");
  t.notMatch(minified, / {2,}/, "no runs of spaces");
  t.ok(minified.split("\n").length < plain.split("\n").length / 10, "a handful of lines");

  const ok = await send(host.port, "GET", "/minified/x");
  t.equal(ok.text, "answered /minified/x");
  const thrown = await send(host.port, "GET", "/minified/throw");
  t.equal(thrown.status, 500);
  t.ok(await logContains(host!, "GET /minified/throw (ConnID "), "the failed request is logged");
  const entry = host.log().split("GET /minified/throw (ConnID ")[1]?.split("\n").slice(0, 4).join("\n");
  t.match(entry, /thrown from a built handler/, `the message:\n${host.log()}`);
  t.match(entry, /flaky\.ts:10:/, `the TS line through the source map:\n${host.log()}`);
});
