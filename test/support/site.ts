// Test support: build the samples with the real CLI into a temporary site laid out like
// samples/ (the real samples/web.config mounts them), run isapi-host on it, send requests.
// Everything here is for one platform under test: the native build (the default), or the
// Windows build run under Wine (`windows`, which `cargo xtask test --windows` prepares).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { request, type Agent } from "node:http";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import {
  executableFileName,
  genericLibraryFileName,
  handlerLibrarySuffix,
  hostFileName,
  WINDOWS_CROSS_TARGET,
} from "isapi-ts/tools";
import { tempDir } from "./temp.js";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Where the host and its libraries run, and how they are built, named and started. */
export interface Platform {
  /** For messages: "native" or "Windows (Wine)". */
  name: string;
  /** The generic library `isapi build` copies as `_<name><suffix>`. */
  library: string;
  hostBinary: string;
  /** The library copies' extension, as the host loads them: `.so` or `.dll`. */
  suffix: string;
  /** Why this platform cannot be tested here, or undefined when it can. */
  missing(): string | undefined;
  /** A path as the host and the library see it (under Wine, `Z:\...`). */
  hostPath(path: string): string;
  /** What runs one of this platform's programs (the host, isapi-compile) with `args`. */
  command(program: string, args: string[]): { program: string; args: string[]; env: NodeJS.ProcessEnv };
  /** `isapi build`'s options that make this platform's `_<name><suffix>`. */
  buildOptions: string[];
  /** How {@link RunningHost.close} asks the host to shut down unless told otherwise. */
  closeBy: CloseBy;
}

/** A clean shutdown's request: closing the host's stdin (`--exit-on-stdin-close`, what a
 * parent process does, and under Wine the dependable way), or SIGINT (Ctrl-C; under Wine a
 * console Ctrl-C event). */
export type CloseBy = "stdin" | "SIGINT";

const debug = join(root, "target", "debug");

/** The native build (dev profile) of `cargo xtask build`. */
export const native: Platform = {
  name: "native",
  library: join(debug, genericLibraryFileName()),
  hostBinary: join(debug, hostFileName()),
  suffix: handlerLibrarySuffix(),
  missing() {
    for (const path of [this.library, this.hostBinary]) {
      if (!existsSync(path)) return `${path} is missing: run \`cargo xtask build\``;
    }
    return undefined;
  },
  hostPath: (path) => path,
  command: (program, args) => ({ program, args, env: {} }),
  get buildOptions() {
    return ["--dll", strippedLibrary(this.library)];
  },
  closeBy: "SIGINT",
};

let stripped: string | undefined;

/** The library as handlers get it in tests: without its debug sections (the dev build's
 * ~220 MB become ~60 MB), since each handler holds its own copy (one library per handler:
 * the loader knows a library by its file) and a suite builds dozens. Symbols stay, so
 * backtraces still name functions. Made once per test process; the library itself when
 * `strip` is not there. */
function strippedLibrary(library: string): string {
  if (stripped === undefined) {
    const copy = join(tempDir(join(tmpdir(), "isapi-stripped-")), basename(library));
    const run = spawnSync("strip", ["--strip-debug", "-o", copy, library], { encoding: "utf8" });
    stripped = run.status === 0 ? copy : library;
  }
  return stripped;
}

/** The Windows build of `cargo xtask build --windows` (release); ISAPI_TS_WINDOWS_BUILD
 * (which `cargo xtask test --windows` sets) can move it. */
const windowsBuild =
  process.env["ISAPI_TS_WINDOWS_BUILD"] ?? join(root, "target", WINDOWS_CROSS_TARGET, "release");

/**
 * How Wine runs the Windows build: the variables `cargo xtask test --windows` sets for the
 * tests (defined once, in xtask/src/wine.rs's `Prefix::env`: its prefix, quiet, the
 * ProcessPrng stand-in over Wine's bcryptprimitives, a UTF-8 locale), passed on as they
 * are. The one fallback: without WINEPREFIX (tap run by hand) there is no Wine setup to
 * use, and {@link windows}'s `missing()` says to run the tests through xtask.
 */
const WINE_VARIABLES = ["WINEPREFIX", "WINEDEBUG", "WINEDLLOVERRIDES", "LC_ALL"] as const;
const winePrefix = process.env["WINEPREFIX"];
function wineEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    WINE_VARIABLES.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])),
  );
}

/** The Windows build run by Wine: the host is `wine isapi-host.exe`, libraries are `.dll`. */
export const windows: Platform = {
  name: "Windows (Wine)",
  library: join(windowsBuild, genericLibraryFileName("win32")),
  hostBinary: join(windowsBuild, hostFileName("win32")),
  suffix: handlerLibrarySuffix("win32"),
  missing() {
    const run = "run `cargo xtask test --windows`, which builds and prepares it";
    for (const path of [
      this.library,
      this.hostBinary,
      join(windowsBuild, executableFileName("isapi-compile", "win32")),
    ]) {
      if (!existsSync(path)) return `the Windows build ${path} is missing: ${run}`;
    }
    if (!onPath("wine")) return `Wine (\`wine\`) is not installed: ${run}`;
    if (winePrefix === undefined) {
      return `WINEPREFIX is not set: ${run} (it sets ${WINE_VARIABLES.join(", ")}, xtask/src/wine.rs)`;
    }
    // The test-only ProcessPrng stand-in (test/wine/processprng.c) that Wine 8 lacks.
    const standIn = join(winePrefix, "drive_c", "windows", "system32", "bcryptprimitives.dll");
    if (!existsSync(standIn)) return `the Wine prefix ${winePrefix} is not prepared: ${run}`;
    return undefined;
  },
  // Wine's Z: drive is the Unix root.
  hostPath: (path) => `Z:${resolve(path).replaceAll("/", "\\")}`,
  command(program, args) {
    return {
      program: "wine",
      args: [program, ...args],
      env: wineEnv(),
    };
  },
  get buildOptions() {
    return ["--windows", "--dll", this.library];
  },
  closeBy: "stdin",
};

/** The native platform's library and host, for the tests that only run natively. */
export const library = native.library;
export const hostBinary = native.hostBinary;

/** Why the native Rust side cannot be used, or undefined when it can. */
export function missingArtifacts(): string | undefined {
  return native.missing();
}

/**
 * tap's `skip` option for a Windows test: why it does not run here, or false. The Windows
 * tests run when ISAPI_TS_REQUIRE_WINDOWS=1 (`cargo xtask test --windows` sets it, after
 * building both platforms), and then a missing piece is a failure (recorded on `t`), so
 * that nothing passes by being skipped. Without it they are skipped: a Windows build left
 * from an earlier run may be older than the code `npm test` is testing.
 */
export function windowsSkip(t: { fail(message: string): unknown }): string | false {
  if (process.env["ISAPI_TS_REQUIRE_WINDOWS"] !== "1") {
    return "the Windows tests run under `cargo xtask test --windows` (or with ISAPI_TS_REQUIRE_WINDOWS=1)";
  }
  const missing = windows.missing() ?? native.missing();
  if (missing === undefined) return false;
  t.fail(`the Windows tests cannot run: ${missing}`);
  return missing;
}

function onPath(program: string): boolean {
  return (process.env["PATH"] ?? "").split(delimiter).some((dir) => dir && existsSync(join(dir, program)));
}

/** Runs the real CLI (`isapi build <entry> --outdir <outdir> [...extra]`) with `platform`'s
 * library; the copy is `<outdir>/_<name><platform.suffix>`. */
export function buildWithCli(
  entry: string,
  outdir: string,
  extra: string[] = [],
  platform: Platform = native,
): void {
  const built = spawnSync(
    process.execPath,
    // Type checks are the lint's (tsc over the workspace); these builds skip them.
    [
      join(root, "ts", "isapi", "dist", "cli.js"),
      "build",
      entry,
      "--outdir",
      outdir,
      ...platform.buildOptions,
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
  platform: Platform = native,
): string {
  const suffix = platform.suffix;
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

/** Builds every samples/*.ts into `<site>/dist` for `platform` and copies samples/web.config
 * beside it (its `.so` library names made `platform.suffix`). */
export function buildSampleSite(platform: Platform = native): string {
  const site = tempDir(join(tmpdir(), "isapi-samples-"));
  const samples = readdirSync(join(root, "samples")).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
  for (const sample of samples) buildWithCli(join(root, "samples", sample), join(site, "dist"), [], platform);
  const config = readFileSync(join(root, "samples", "web.config"), "utf8");
  writeFileSync(join(site, "web.config"), config.replace(/(dist\/_[\w.]+)\.so"/g, `$1${platform.suffix}"`));
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
  /** Ends the host at once (SIGTERM natively; Wine ends the process without cleanup). */
  stop(): void;
  /** Asks the host to shut down (it calls TerminateExtension and TerminateFilter and
   * unloads the libraries), by `how` (default: the platform's `closeBy`), and waits for it
   * to exit; bounded. */
  close(how?: CloseBy): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Waits (bounded: 10 s) for `host`'s log to contain `needle` (what a host logs after the
 * response, or a Wine host's slower lines). */
export async function logContains(host: RunningHost, needle: string | RegExp): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    const log = host.log();
    if (typeof needle === "string" ? log.includes(needle) : needle.test(log)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Starts `platform`'s isapi-host on an ephemeral loopback port. */
export function startHost(
  config: string,
  env: NodeJS.ProcessEnv = {},
  platform: Platform = native,
): Promise<RunningHost> {
  return new Promise((resolvePromise, reject) => {
    const byStdin = platform.closeBy === "stdin";
    const command = platform.command(platform.hostBinary, [
      "--config",
      platform.hostPath(config),
      "--listen",
      "127.0.0.1:0",
      // Shut down when stdin closes; stdin stays open (a pipe) until close().
      ...(byStdin ? ["--exit-on-stdin-close"] : []),
    ]);
    const child = spawn(command.program, command.args, {
      stdio: [byStdin ? "pipe" : "ignore", "pipe", "pipe"],
      env: { ...process.env, ...command.env, ...env },
    });
    let log = "";
    child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once("exit", (code, signal) => done({ code, signal })),
    );
    // A host that failed to start is not left running (nor a Wine process of it).
    const fail = (message: string) => {
      child.kill("SIGKILL");
      reject(new Error(`${message}:\n${log}`));
    };
    const timer = setTimeout(() => fail("isapi-host did not report its address"), 60_000);
    const early = (code: number | null) => {
      clearTimeout(timer);
      fail(`isapi-host exited with ${code}`);
    };
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
          close: async (how = platform.closeBy) => {
            if (child.exitCode === null && child.signalCode === null) {
              if (how === "stdin") {
                if (!byStdin) throw new Error("this host was not started with --exit-on-stdin-close");
                child.stdin!.end();
              } else {
                // Under Wine, SIGINT reaches the process as a console Ctrl-C event.
                child.kill("SIGINT");
              }
              const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
              const result = await exited;
              clearTimeout(killer);
              return result;
            }
            return exited;
          },
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
