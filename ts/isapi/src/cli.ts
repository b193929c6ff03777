import { parseArgs } from "node:util";

import { readFileSync } from "node:fs";
import { basename, dirname } from "node:path";

import { bench } from "./bench.js";
import { BuildError, DEFAULT_CONDITIONS, buildHandler } from "./build.js";
import { InstallError, install, remove, type InstallConfig } from "./install.js";
import { defaultHandlerLibrary } from "./library.js";
import { ScaffoldError, scaffold } from "./scaffold.js";
import { serve } from "./serve.js";

const USAGE = `Usage: isapi <command> [options]

Commands:
  new <name>        Scaffold a handler: <name>.ts, web.config, <name>.test.ts, package.json
  build <file.ts>   Bundle a handler and put the ISAPI library beside it:
                    <outdir>/<name>.js (+ .map) and <outdir>/_<name>.so (_<name>.dll on Windows;
                    --windows writes the Windows _<name>.dll from any system)
  install           Merge handlers and filters into a site's web.config and write the
                    appcmd script for IIS's server-level settings (isapi-install.cmd)
  remove            Undo exactly what install did (web.config entries; isapi-remove.cmd)
  serve [web.config]
                    Run the host on 127.0.0.1 (--watch rebuilds handlers when they change)
  bench <url>       Load a URL from Node and report requests/s and latency

Run \`isapi <command> --help\` for a command's options.`;

const NEW_USAGE = `Usage: isapi new <name> [--dir DIR] [--filter | --threaded | --fetch] [--force]

  --filter     A SimpleFilter instead of an extension
  --threaded   A ThreadPoolExtension (Dispatch runs on the library's worker engines)
  --fetch      A web-standard handler: export default { fetch(request) }
  --dir DIR    Where to write (default: the current directory)
  --force      Overwrite existing files`;

const INSTALL_USAGE = `Usage: isapi install [<name>] [--site DIR] [--path PATTERN] [--library FILE] [--filter]
                     [--windows --physical-path WINDIR]
       isapi install --config install.json [--windows --physical-path WINDIR]

  <name>          The handler (or filter) to install; its library defaults to ${defaultHandlerLibrary("<name>")}
                  (with --windows: ${defaultHandlerLibrary("<name>", "win32")})
  --path PATTERN  URL pattern (default /<name>/*): *, *.ext, a file name, or /folder/*
  --library FILE  The library, relative to the site folder
  --windows       Prepare the folder for IIS on Windows (after isapi build --windows):
                  the .dll, and every absolute path written for --physical-path
  --physical-path WINDIR
                  With --windows: the site folder's path on the IIS machine
                  (C:\\inetpub\\hello); isapi-install.cmd refuses to run anywhere else.
                  Copy the folder there and run isapi-install.cmd as administrator.
                  Later installs into the folder remember it. Without --windows, a folder
                  holding only dist/_<name>.dll (no .so) is refused with this advice
  --filter        Install as an ISAPI filter (<isapiFilters>)
  --site DIR      The folder holding web.config (default: the current directory)
  --app-pool NAME The application pool the appcmd script creates (default isapi-ts-<name>):
                  a folder handler (/<name>/*) gets an application and a pool of its own;
                  filters and other patterns run in the application's pool
  --config FILE   A JSON InstallConfig: { handlers: [...], filters: [...], ... }`;

const REMOVE_USAGE = `Usage: isapi remove [--site DIR]

Takes out of web.config what isapi install added (its isapi-install.json says what), and
writes isapi-remove.cmd, which undoes the server-level settings (run it as administrator,
where isapi-install.cmd ran; for a --windows install, it names the same Windows paths).`;

const SERVE_USAGE = `Usage: isapi serve [web.config] [--port N] [--watch] [--dll PATH] [--host PATH]

  --port N     Port on 127.0.0.1 (default 8080; 0 picks a free one)
  --watch      Rebuild a handler when its TypeScript changes (the library reloads it)
  --dll PATH   The generic library for rebuilds
  --host PATH  The isapi-host binary (default $ISAPI_TS_HOST or target/*/isapi-host)
  --w3c-log F  Write the request log in IIS's W3C extended format to F
Logs go to stderr; ISAPI_TS_LOG_FORMAT=json makes them JSON lines.`;

const BENCH_USAGE = `Usage: isapi bench <url> [--connections N] [--duration SECONDS] [--method M]

Loads <url> over keep-alive connections and prints requests/s and latency percentiles.
For the side-by-side comparison with native and Node, run \`cargo xtask bench\`.`;

const BUILD_USAGE = `Usage: isapi build <file.ts> [--outdir DIR | --out DIR] [--dll PATH] [--name NAME] [--windows]
                   [--bytecode] [--minify] [--no-check] [--conditions LIST]
                   [--allow-missing LIST] [--node-env VALUE]

  --outdir DIR   Where to write the bundle and the library (default: dist beside the file);
                 --out DIR is the same
  --dll PATH     The generic ISAPI library to copy (default: $ISAPI_TS_DLL, else
                 target/debug or target/release of this or a parent directory)
  --windows      Build for IIS: copy the Windows library (a 64-bit PE DLL) to _<name>.dll
                 beside the same bundle. Default library: --dll / $ISAPI_TS_DLL, else
                 target/x86_64-pc-windows-gnu/{release,debug}/isapi_dll.dll (made by
                 \`cargo xtask build --windows\`). A library for the wrong system is refused.
  --name NAME    Handler name (default: the file's base name)
  --bytecode     Also precompile <name>.qbc with isapi-compile (the library prefers it);
                 with --windows too: x86-64 bytecode is the same for Linux and Windows
  --minify       Minify the bundle (names kept for stack traces)
  --no-check     Skip the type check (tsc --noEmit with the project's tsconfig.json, against
                 the engine's globals: isapi-ts/engine, not Node's or the DOM's)
  --conditions LIST
                 package.json exports conditions, comma-separated (default
                 ${DEFAULT_CONDITIONS.join(",")}: packages' worker/browser builds, which use the web
                 platform; "browser" also selects the browser field). Node's core modules the
                 engine provides stay imports (node:x) whatever the conditions
  --allow-missing LIST
                 Node core modules the engine lacks (child_process, vm, http, …) that may be
                 imported anyway: their members throw when used. Without it, importing one is
                 an error naming the importing package; a require() of one is a warning (it
                 throws at run time, as in Node when a module is absent)
  --node-env VALUE
                 What process.env.NODE_ENV is in the bundle (default $NODE_ENV, else production)
See docs/node.md for the Node core modules a handler can use.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  switch (command) {
    case "build":
      return build(rest);
    case "new":
      return newCommand(rest);
    case "install":
      return installCommand(rest);
    case "remove":
      return removeCommand(rest);
    case "serve":
      return serveCommand(rest);
    case "bench":
      return benchCommand(rest);
    default:
      console.error(`isapi: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 2;
  }
}

async function build(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        outdir: { type: "string" },
        out: { type: "string" },
        dll: { type: "string" },
        name: { type: "string" },
        windows: { type: "boolean" },
        bytecode: { type: "boolean" },
        minify: { type: "boolean" },
        "no-check": { type: "boolean" },
        compiler: { type: "string" },
        conditions: { type: "string" },
        "allow-missing": { type: "string" },
        "node-env": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    console.error(`isapi build: ${(error as Error).message}\n\n${BUILD_USAGE}`);
    return 2;
  }
  if (parsed.values.help === true) {
    console.log(BUILD_USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    console.error(`isapi build: expected exactly one handler file\n\n${BUILD_USAGE}`);
    return 2;
  }
  const { outdir, out } = parsed.values;
  if (outdir !== undefined && out !== undefined && outdir !== out) {
    console.error(`isapi build: --out is another name for --outdir: pass one of them\n\n${BUILD_USAGE}`);
    return 2;
  }
  try {
    const result = await buildHandler({
      entry: parsed.positionals[0]!,
      outdir: outdir ?? out,
      dll: parsed.values.dll,
      windows: parsed.values.windows === true,
      name: parsed.values.name,
      check: parsed.values["no-check"] !== true,
      minify: parsed.values.minify === true,
      bytecode: parsed.values.bytecode === true,
      compiler: parsed.values.compiler,
      conditions: list(parsed.values.conditions),
      allowMissing: list(parsed.values["allow-missing"]),
      nodeEnv: parsed.values["node-env"],
    });
    for (const warning of result.warnings) console.error(`isapi build: warning: ${warning}`);
    const steps = Object.entries(result.timings).map(([step, ms]) => `${step} ${ms} ms`);
    const written = [result.bundle, result.bytecodeFile, result.library].filter(Boolean).join(", ");
    console.log(`isapi build: wrote ${written} (${steps.join(", ")})`);
    return 0;
  } catch (error) {
    if (error instanceof BuildError) {
      console.error(`isapi build: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** A comma-separated option's values (`a,b` → ["a", "b"]); undefined when not given. */
function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

type Options = Record<string, { type: "string" | "boolean"; short?: string }>;

interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses a command's arguments: `undefined` after printing its usage (--help), `null`
 * after printing an error. */
function parse(name: string, usage: string, args: string[], options: Options): Parsed | null | undefined {
  try {
    const parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { ...options, help: { type: "boolean", short: "h" } },
    }) as unknown as Parsed;
    if (parsed.values["help"] === true) {
      console.log(usage);
      return undefined;
    }
    return parsed;
  } catch (error) {
    console.error(`isapi ${name}: ${(error as Error).message}\n\n${usage}`);
    return null;
  }
}

/** Runs a command body; known errors print as one line and exit 1. */
async function run(name: string, body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof BuildError || error instanceof InstallError || error instanceof ScaffoldError) {
      console.error(`isapi ${name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function newCommand(args: string[]): Promise<number> {
  const parsed = parse("new", NEW_USAGE, args, {
    dir: { type: "string" },
    filter: { type: "boolean" },
    threaded: { type: "boolean" },
    fetch: { type: "boolean" },
    force: { type: "boolean" },
  });
  if (!parsed) return Promise.resolve(parsed === undefined ? 0 : 2);
  if (parsed.positionals.length !== 1) {
    console.error(`isapi new: expected a handler name\n\n${NEW_USAGE}`);
    return Promise.resolve(2);
  }
  return run("new", () => {
    const v = parsed.values;
    const result = scaffold({
      name: parsed.positionals[0]!,
      dir: v["dir"] as string | undefined,
      filter: v["filter"] === true,
      threaded: v["threaded"] === true,
      fetch: v["fetch"] === true,
      force: v["force"] === true,
    });
    for (const file of result.files) console.log(`isapi new: wrote ${file}`);
    console.log("Next: npm install, then npm run build && npm run serve");
    return 0;
  });
}

function installCommand(args: string[]): Promise<number> {
  const parsed = parse("install", INSTALL_USAGE, args, {
    site: { type: "string" },
    path: { type: "string" },
    library: { type: "string" },
    filter: { type: "boolean" },
    "app-pool": { type: "string" },
    config: { type: "string" },
    windows: { type: "boolean" },
    "physical-path": { type: "string" },
  });
  if (!parsed) return Promise.resolve(parsed === undefined ? 0 : 2);
  return run("install", () => {
    const v = parsed.values;
    let config: InstallConfig;
    if (typeof v["config"] === "string") {
      try {
        config = JSON.parse(readFileSync(v["config"], "utf8")) as InstallConfig;
      } catch (error) {
        throw new InstallError(`cannot read ${v["config"]}: ${(error as Error).message}`);
      }
      config.site ??= (v["site"] as string | undefined) ?? ".";
    } else {
      const name = parsed.positionals[0];
      if (name === undefined) throw new InstallError("name the handler to install, or pass --config FILE");
      // Undefined: install's default, dist/_<name>.so or .dll for the platform.
      const library = v["library"] as string | undefined;
      const path = (v["path"] as string | undefined) ?? `/${name}/*`;
      const pool = v["app-pool"] as string | undefined;
      // A folder handler's pool is its own; anything else runs in the application's pool.
      const folder = v["filter"] !== true && /^\/.+\/\*$/.test(path);
      config = {
        site: (v["site"] as string | undefined) ?? ".",
        ...(v["filter"] === true
          ? { filters: [{ name, library }] }
          : { handlers: [{ name, library, path, ...(folder && pool ? { appPool: pool } : {}) }] }),
      };
      if (!folder && pool !== undefined) config.appPool = pool;
    }
    if (v["windows"] === true) config.windows = true;
    if (typeof v["physical-path"] === "string") config.physicalPath = v["physical-path"];
    const result = install(config);
    console.log(`isapi install: updated ${result.webConfig}`);
    if (result.physicalPath !== undefined) {
      console.log(
        `isapi install: copy ${dirname(result.webConfig)} to ${result.physicalPath} on the IIS machine, ` +
          `then run ${basename(result.script)} there as administrator`,
      );
    } else {
      console.log(`isapi install: IIS server settings: run ${result.script} as administrator`);
    }
    return 0;
  });
}

function removeCommand(args: string[]): Promise<number> {
  const parsed = parse("remove", REMOVE_USAGE, args, { site: { type: "string" } });
  if (!parsed) return Promise.resolve(parsed === undefined ? 0 : 2);
  return run("remove", () => {
    const result = remove((parsed.values["site"] as string | undefined) ?? ".");
    const what = [...result.removed.handlers, ...result.removed.filters];
    console.log(`isapi remove: took ${what.length ? what.join(", ") : "nothing"} out of ${result.webConfig}`);
    console.log(`isapi remove: IIS server settings: run ${result.script} as administrator`);
    return 0;
  });
}

function serveCommand(args: string[]): Promise<number> {
  const parsed = parse("serve", SERVE_USAGE, args, {
    port: { type: "string" },
    watch: { type: "boolean" },
    dll: { type: "string" },
    host: { type: "string" },
    "w3c-log": { type: "string" },
  });
  if (!parsed) return Promise.resolve(parsed === undefined ? 0 : 2);
  return run("serve", async () => {
    const v = parsed.values;
    const port = Number(v["port"] ?? 8080);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new BuildError(`invalid --port ${v["port"]}`);
    const server = await serve({
      config: parsed.positionals[0] ?? "web.config",
      port,
      watch: v["watch"] === true,
      dll: v["dll"] as string | undefined,
      hostBinary: v["host"] as string | undefined,
      w3cLog: v["w3c-log"] as string | undefined,
      onLog: (line) => console.error(line),
    });
    console.log(
      `isapi serve: ${server.url}${v["watch"] === true ? " (watching for changes)" : ""} — Ctrl-C stops`,
    );
    await new Promise<void>((resolveStop) => {
      const stop = () => void server.close().then(resolveStop);
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    return 0;
  });
}

function benchCommand(args: string[]): Promise<number> {
  const parsed = parse("bench", BENCH_USAGE, args, {
    connections: { type: "string" },
    duration: { type: "string" },
    method: { type: "string" },
  });
  if (!parsed) return Promise.resolve(parsed === undefined ? 0 : 2);
  const url = parsed.positionals[0];
  if (url === undefined) {
    console.error(`isapi bench: expected a URL\n\n${BENCH_USAGE}`);
    return Promise.resolve(2);
  }
  return run("bench", async () => {
    const v = parsed.values;
    const result = await bench({
      url,
      connections: Number(v["connections"] ?? 16),
      durationMs: Number(v["duration"] ?? 5) * 1000,
      method: v["method"] as string | undefined,
    });
    console.log(JSON.stringify(result, null, 2));
    return result.failures > 0 ? 1 : 0;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("isapi: unexpected error:", error);
    process.exitCode = 1;
  },
);
