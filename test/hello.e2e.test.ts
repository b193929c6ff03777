// The hello sample end to end, as a user runs it: `isapi build`, then isapi-host serving a
// web.config, then HTTP requests. Needs `cargo xtask build` (xtask test runs it first).
import t from "tap";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const exe = process.platform === "win32" ? ".exe" : "";
const library = join(
  root,
  "target",
  "debug",
  process.platform === "win32"
    ? "isapi_dll.dll"
    : `libisapi_dll.${process.platform === "darwin" ? "dylib" : "so"}`,
);
const hostBinary = join(root, "target", "debug", `isapi-host${exe}`);

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(port: number, method: string, path: string, body?: Buffer): Promise<Reply> {
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    if (body !== undefined) {
      req.setHeader("Content-Length", body.length);
      req.end(body);
    } else {
      req.end();
    }
  });
}

function startHost(config: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(hostBinary, ["--config", config, "--listen", "127.0.0.1:0"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const timer = setTimeout(() => reject(new Error("isapi-host did not report its address")), 30_000);
    child.on("exit", (code) => reject(new Error(`isapi-host exited with ${code}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(line.trim());
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, port: Number(match[1]) });
      }
    });
  });
}

t.test("hello sample through isapi build and isapi-host", async (t) => {
  t.ok(existsSync(library), `${library} is missing: run \`cargo xtask build\``);
  t.ok(existsSync(hostBinary), `${hostBinary} is missing: run \`cargo xtask build\``);
  if (!existsSync(library) || !existsSync(hostBinary)) return;

  const site = mkdtempSync(join(tmpdir(), "isapi-hello-"));
  const built = spawnSync(
    process.execPath,
    [
      join(root, "ts", "isapi", "dist", "cli.js"),
      "build",
      join(root, "samples", "hello.ts"),
      "--outdir",
      site,
      "--dll",
      library,
    ],
    { cwd: root, encoding: "utf8", timeout: 120_000 },
  );
  t.equal(built.status, 0, built.stderr);
  writeFileSync(
    join(site, "web.config"),
    `<configuration><system.webServer><handlers>
       <add name="hello" path="/hello/*" verb="*" modules="IsapiModule" scriptProcessor="_hello.so" />
     </handlers></system.webServer></configuration>`.replace(
      "_hello.so",
      `_hello${process.platform === "win32" ? ".dll" : ".so"}`,
    ),
  );
  const { child, port } = await startHost(join(site, "web.config"));
  t.teardown(() => {
    child.removeAllListeners("exit");
    child.kill();
  });

  const ada = await send(port, "GET", "/hello/x?name=Ada");
  t.equal(ada.status, 200);
  t.equal(ada.headers["content-type"], "text/plain; charset=utf-8");
  const text = ada.body.toString("utf8");
  t.match(text, "Hello, Ada");
  t.match(text, "REQUEST_METHOD: GET");
  t.match(text, "URL: /hello/x");
  t.match(text, "QUERY_STRING: name=Ada");

  const world = await send(port, "GET", "/hello/somewhere");
  t.equal(world.status, 200);
  t.match(world.body.toString("utf8"), "Hello, world");

  for (const size of [0, 10, 200 * 1024]) {
    const body = randomBytes(size);
    const echo = await send(port, "POST", "/hello/echo", body);
    t.equal(echo.status, 200, `echo of ${size} bytes`);
    t.ok(echo.body.equals(body), `echo of ${size} bytes is byte-identical`);
  }

  const missing = await send(port, "GET", "/nothing-here");
  t.equal(missing.status, 404);
});
