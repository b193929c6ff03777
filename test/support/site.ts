// Test support: build the samples with the real CLI into a temporary site laid out like
// samples/ (the real samples/web.config mounts them), run isapi-host on it, send requests.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, cpSync, existsSync, readdirSync, statSync } from "node:fs";
import { request, type Agent } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { tempDir } from "./temp.js";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const debug = join(root, "target", "debug");
export const library = join(
  debug,
  process.platform === "win32"
    ? "isapi_dll.dll"
    : `libisapi_dll.${process.platform === "darwin" ? "dylib" : "so"}`,
);
export const hostBinary = join(debug, `isapi-host${process.platform === "win32" ? ".exe" : ""}`);

/** Why the Rust side cannot be used, or undefined when it can. */
export function missingArtifacts(): string | undefined {
  for (const path of [library, hostBinary]) {
    if (!existsSync(path)) return `${path} is missing: run \`cargo xtask build\``;
  }
  return undefined;
}

/** Runs the real CLI (`isapi build <entry> --outdir <outdir> [...extra]`) with our library. */
export function buildWithCli(entry: string, outdir: string, extra: string[] = []): void {
  const built = spawnSync(
    process.execPath,
    // Type checks are the lint's (tsc over the workspace); these builds skip them.
    [
      join(root, "ts", "isapi", "dist", "cli.js"),
      "build",
      entry,
      "--outdir",
      outdir,
      "--dll",
      library,
      "--no-check",
      ...extra,
    ],
    { cwd: root, encoding: "utf8", timeout: 120_000 },
  );
  if (built.status !== 0) throw new Error(`isapi build ${entry} failed:\n${built.stderr}`);
}

/** A web.config mounting each `[url pattern, handler name]` from `dist/`, loading each of
 * `filters` (names) from `dist/` as an ISAPI filter, and serving `staticFiles` patterns. */
export function webConfig(
  handlers: [string, string][],
  filters: string[] = [],
  staticFiles: string[] = [],
): string {
  const suffix = process.platform === "win32" ? ".dll" : ".so";
  const adds = handlers
    .map(
      ([path, name]) =>
        `      <add name="${name}" path="${path}" verb="*" modules="IsapiModule" ` +
        `scriptProcessor="dist/_${name}${suffix}" resourceType="Unspecified" />`,
    )
    .join("\n");
  const files = staticFiles
    .map(
      (path, i) =>
        `\n      <add name="static${i}" path="${path}" verb="GET,HEAD" modules="StaticFileModule" />`,
    )
    .join("");
  const isapiFilters = filters.length
    ? "\n    <isapiFilters>\n" +
      filters
        .map((name) => `      <filter name="${name}" path="dist/_${name}${suffix}" enabled="true" />\n`)
        .join("") +
      "    </isapiFilters>"
    : "";
  return `<configuration>\n  <system.webServer>\n    <handlers>\n${adds}${files}\n    </handlers>${isapiFilters}\n  </system.webServer>\n</configuration>\n`;
}

/** Builds every samples/*.ts into `<site>/dist` and copies samples/web.config beside it. */
export function buildSampleSite(): string {
  const site = tempDir(join(tmpdir(), "isapi-samples-"));
  const samples = readdirSync(join(root, "samples")).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
  for (const sample of samples) buildWithCli(join(root, "samples", sample), join(site, "dist"));
  copyFileSync(join(root, "samples", "web.config"), join(site, "web.config"));
  // The sources sit beside web.config as in samples/ (transmit.ts sends its own).
  for (const sample of samples) copyFileSync(join(root, "samples", sample), join(site, sample));
  // Static content the samples use (the redirectors' upstream, pages handed on by ExecURL).
  for (const entry of readdirSync(join(root, "samples"))) {
    const path = join(root, "samples", entry);
    if (entry !== "dist" && statSync(path).isDirectory())
      cpSync(path, join(site, entry), { recursive: true });
  }
  return site;
}

export interface RunningHost {
  child: ChildProcess;
  port: number;
  /** Everything the host wrote to stderr so far. */
  log(): string;
  stop(): void;
}

/** Starts isapi-host on an ephemeral loopback port. */
export function startHost(config: string, env: NodeJS.ProcessEnv = {}): Promise<RunningHost> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(hostBinary, ["--config", config, "--listen", "127.0.0.1:0"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    let log = "";
    child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
    const timer = setTimeout(() => reject(new Error("isapi-host did not report its address")), 30_000);
    const early = (code: number | null) => reject(new Error(`isapi-host exited with ${code}:\n${log}`));
    child.on("exit", early);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(line.trim());
      if (match) {
        clearTimeout(timer);
        child.off("exit", early);
        resolvePromise({
          child,
          port: Number(match[1]),
          log: () => log,
          stop: () => child.kill(),
        });
      }
    });
  });
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

/** One request (no redirects followed), with a bounded timeout. */
export function send(
  port: number,
  method: string,
  path: string,
  body?: Buffer,
  headers: Record<string, string> = {},
  agent?: Agent,
): Promise<Reply> {
  return new Promise((resolvePromise, reject) => {
    const options = {
      host: "127.0.0.1",
      port,
      method,
      path,
      headers,
      timeout: 30_000,
      ...(agent ? { agent } : {}),
    };
    const req = request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const all = Buffer.concat(chunks);
        resolvePromise({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: all,
          text: all.toString("utf8"),
        });
      });
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
