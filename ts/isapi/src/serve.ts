/**
 * `isapi serve`: our host (`isapi-host`) on a web.config, on 127.0.0.1. With `watch`, a
 * change to a handler's TypeScript rebuilds its bundle; the library sees the new bundle
 * and moves new requests to it (old engines finish theirs), so nothing restarts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, watch as watchFile, type FSWatcher } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";

import { buildHandler } from "./build.js";
import { BuildError, findHostBinary, handlerLibrarySuffix } from "./library.js";

export interface ServeOptions {
  /** The web.config to serve (its folder is the site root). */
  config: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Rebuild handlers when their sources change. */
  watch?: boolean;
  /** The host binary; default `$ISAPI_TS_HOST` or target/{debug,release}/isapi-host. */
  hostBinary?: string;
  /** The generic library for rebuilds (as `isapi build --dll`). */
  dll?: string;
  /** Extra environment for the host (ISAPI_TS_* settings). */
  env?: Record<string, string>;
  /** Write the request log in IIS's W3C format to this file. */
  w3cLog?: string;
  /** Each line the host logs, and each rebuild message. */
  onLog?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Everything logged so far. */
  log(): string;
  /** Resolves after each rebuild with the handler's name (for tests and tools). */
  rebuilt(): Promise<string>;
  close(): Promise<void>;
}

/** A handler the config mounts whose TypeScript entry sits beside the config. */
interface WatchedHandler {
  name: string;
  entry: string;
  outdir: string;
}

/** Handlers of `config` that `isapi build` made: `<dir>/_<name>.so` with `<name>.ts` at the root. */
export function watchableHandlers(config: string): WatchedHandler[] {
  const root = dirname(resolve(config));
  const text = readFileSync(config, "utf8");
  const suffix = handlerLibrarySuffix().replace(".", "\\.");
  const libraries = new Set<string>();
  for (const match of text.matchAll(/(?:scriptProcessor|path)\s*=\s*"([^"]+)"/g)) {
    const value = match[1]!;
    if (new RegExp(`_[^/\\\\]+${suffix}$`).test(value)) libraries.add(resolve(root, value));
  }
  const handlers: WatchedHandler[] = [];
  for (const library of libraries) {
    const name = basename(library).slice(1, -handlerLibrarySuffix().length);
    const entry = [join(root, `${name}.ts`), join(root, `${name}.js`)].find(existsSync);
    if (entry) handlers.push({ name, entry, outdir: dirname(library) });
  }
  return handlers;
}

/** The handler's own source files, from the bundle's source map (dependencies left out). */
function sourcesOf(handler: WatchedHandler): string[] {
  const map = join(handler.outdir, `${handler.name}.js.map`);
  const sources = new Set([handler.entry]);
  try {
    const parsed = JSON.parse(readFileSync(map, "utf8")) as { sources?: string[] };
    for (const source of parsed.sources ?? []) {
      const path = resolve(handler.outdir, source);
      if (!path.includes("node_modules") && existsSync(path)) sources.add(path);
    }
  } catch {
    // No map yet: the entry alone.
  }
  return [...sources];
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const config = resolve(options.config);
  if (!existsSync(config)) throw new BuildError(`${options.config}: no such web.config`);
  const binary = findHostBinary(options.hostBinary, dirname(config));
  const port = options.port ?? 0;
  let log = "";
  const record = (line: string) => {
    log += `${line}\n`;
    options.onLog?.(line);
  };
  const args = ["--config", config, "--listen", `127.0.0.1:${port}`];
  if (options.w3cLog !== undefined) args.push("--w3c-log", resolve(options.w3cLog));
  const child = spawn(binary, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...options.env },
  });
  createInterface({ input: child.stderr! }).on("line", record);
  const actualPort = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new BuildError("isapi-host did not start within 30 s")), 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new BuildError(`isapi-host exited (${code}) before listening:\n${log}`));
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(line.trim());
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
  });

  const waiting: ((name: string) => void)[] = [];
  const watchers: FSWatcher[] = [];
  if (options.watch) {
    for (const handler of watchableHandlers(config)) {
      watchers.push(
        ...watchHandler(handler, options.dll, record, (name) => waiting.splice(0).forEach((w) => w(name))),
      );
    }
  }
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    log: () => log,
    rebuilt: () => new Promise((resolveName) => waiting.push(resolveName)),
    close: () => stop(child, watchers),
  };
}

function watchHandler(
  handler: WatchedHandler,
  dll: string | undefined,
  record: (line: string) => void,
  done: (name: string) => void,
): FSWatcher[] {
  let timer: NodeJS.Timeout | undefined;
  let building = false;
  let again = false;
  const rebuild = async () => {
    if (building) {
      again = true;
      return;
    }
    building = true;
    const started = Date.now();
    try {
      await buildHandler({ entry: handler.entry, outdir: handler.outdir, dll, cwd: dirname(handler.entry) });
      record(`isapi serve: rebuilt ${handler.name} in ${Date.now() - started} ms; the library reloads it`);
      done(handler.name);
    } catch (error) {
      record(
        `isapi serve: rebuilding ${handler.name} failed; still serving the previous build:\n${(error as Error).message}`,
      );
    } finally {
      building = false;
      if (again) {
        again = false;
        void rebuild();
      }
    }
  };
  // Editors save in bursts: one rebuild per burst.
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), 100);
  };
  // Folders, not files: editors often save by replacing the file, which ends a file watch.
  const sources = new Set(sourcesOf(handler));
  const folders = new Set([...sources].map((source) => dirname(source)));
  return [...folders].map((folder) =>
    watchFile(folder, (_event, file) => {
      if (file !== null && sources.has(join(folder, file.toString()))) changed();
    }),
  );
}

function stop(child: ChildProcess, watchers: FSWatcher[]): Promise<void> {
  for (const watcher of watchers) watcher.close();
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    child.once("exit", () => resolveStop());
    child.kill("SIGINT");
    setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
  });
}
