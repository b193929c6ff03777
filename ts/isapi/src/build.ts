import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

import {
  BuildError,
  executableFileName,
  findArtifact,
  findGenericLibrary,
  handlerLibrarySuffix,
  targetPlatform,
} from "./library.js";
import { NODE_BUILTINS, NODE_PREFIX_ONLY, PROVIDED_BUILTINS } from "./node_builtins.js";

export { BuildError } from "./library.js";

export interface BuildOptions {
  /** The handler's entry file (TypeScript or JavaScript). */
  entry: string;
  /** Output directory; default `dist` beside the entry. */
  outdir?: string;
  /** The generic library to copy; default: see {@link findGenericLibrary}. */
  dll?: string;
  /**
   * Build for Windows (IIS): the library copy is the Windows generic library, written as
   * `<outdir>/_<name>.dll` beside the same bundle (one bundle serves both platforms). The
   * library must be a PE32+ x86-64 DLL; default: `target/x86_64-pc-windows-gnu/{release,debug}`.
   */
  windows?: boolean;
  /** The handler's name; default: the entry's base name without extension. */
  name?: string;
  /** Directory relative paths start from; default `process.cwd()`. */
  cwd?: string;
  /** Type-check with the project's TypeScript (`tsc --noEmit`) first. */
  check?: boolean;
  /** Minify the bundle (names are kept, so stack traces stay readable). */
  minify?: boolean;
  /** Also precompile to `<name>.qbc` with `isapi-compile` (the library prefers it). */
  bytecode?: boolean;
  /** The `isapi-compile` tool; default `$ISAPI_TS_COMPILE` or target/{debug,release}. */
  compiler?: string;
  /**
   * The architecture `isapi-compile` runs on, as Node names it; default `process.arch`.
   * With `windows` and `bytecode` it must be `x64`, the Windows DLL's (tests pass another).
   */
  arch?: string;
  /**
   * The package.json `exports`/`imports` conditions to resolve with; default
   * {@link DEFAULT_CONDITIONS}. `browser` among them also selects a package's `browser` field.
   */
  conditions?: string[];
  /**
   * Node core modules the engine lacks that a handler may import anyway: their members throw
   * when used (a `require` of one throws at the call, as an absent module does in Node).
   */
  allowMissing?: string[];
  /** What `process.env.NODE_ENV` is in the bundle; default `$NODE_ENV`, else "production". */
  nodeEnv?: string;
}

export interface BuildResult {
  /** `<outdir>/<name>.js`: one ES module with everything bundled in. */
  bundle: string;
  /** `<outdir>/<name>.js.map`. */
  sourceMap: string;
  /** `<outdir>/_<name>.so` (`.dll` on Windows or with `windows`): the copy of the generic library. */
  library: string;
  /** Which factories the bundle exports. */
  factories: string[];
  /** `<outdir>/<name>.qbc`, with `bytecode`. */
  bytecodeFile?: string;
  /** Milliseconds per step: check, bundle, bytecode. */
  timings: Record<string, number>;
  /** What the build noticed but let through: a `require` of a core module the engine lacks. */
  warnings: string[];
}

const FACTORIES = ["__ExtensionFactory__", "__FilterFactory__"];

/** The adapter a fetch handler is wrapped with: this package's own module, by path, so a
 * project need not resolve `isapi-ts` itself. */
const FETCH_ADAPTER = fileURLToPath(new URL("./fetch_handler.js", import.meta.url));

/**
 * Bundles a handler with esbuild and puts a copy of the generic ISAPI library beside it,
 * named so that the library loads this bundle (`_hello.so` loads `hello.js`).
 */
export async function buildHandler(options: BuildOptions): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd();
  const entry = resolve(cwd, options.entry);
  if (!existsSync(entry)) {
    throw new BuildError(`${options.entry}: file not found`);
  }
  const name = options.name ?? basename(entry, extname(entry));
  if (name === "" || /[\\/]/.test(name)) {
    throw new BuildError(`invalid handler name ${JSON.stringify(name)}`);
  }
  const outdir = resolve(cwd, options.outdir ?? join(dirname(entry), "dist"));
  const platform = targetPlatform(options.windows);
  const arch = options.arch ?? process.arch;
  if (options.bytecode && platform === "win32" && arch !== "x64") {
    // Bytecode is made by this machine's own isapi-compile (see below): only an x86-64 one
    // makes what the x86-64 Windows DLL accepts; it would ignore this .qbc and compile the
    // bundle at every start instead.
    throw new BuildError(
      `--bytecode with --windows needs an x86-64 machine (this one is ${arch}): the Windows DLL is ` +
        "x86-64 and accepts only bytecode compiled there; build without --bytecode (the DLL " +
        "compiles the bundle when it loads) or on an x86-64 machine",
    );
  }
  const genericLibrary = findGenericLibrary(options.dll, cwd, platform);
  mkdirSync(outdir, { recursive: true });
  const bundle = join(outdir, `${name}.js`);

  const timings: Record<string, number> = {};
  if (options.check) {
    const started = Date.now();
    typeCheck(entry, cwd);
    timings["check"] = Date.now() - started;
  }
  const bundleStarted = Date.now();
  const warnings: string[] = [];
  const factories = await bundleModule(entry, bundle, {
    cwd,
    minify: options.minify === true,
    conditions: options.conditions,
    allowMissing: options.allowMissing,
    nodeEnv: options.nodeEnv,
    warnings,
  });

  timings["bundle"] = Date.now() - bundleStarted;
  const library = join(outdir, `_${name}${handlerLibrarySuffix(platform)}`);
  placeLibrary(genericLibrary, library);
  const bytecodeFile = join(outdir, `${name}.qbc`);
  if (options.bytecode) {
    const started = Date.now();
    // The compiler is always this machine's own isapi-compile, also for Windows: QuickJS
    // bytecode depends on the engine build and on pointer size and byte order, which are the
    // same for x86-64 Linux and x86-64 Windows (64-bit, little-endian). The Windows e2e tests
    // load a .qbc made here through the Windows DLL under Wine.
    compileBytecode(findCompiler(options.compiler, cwd), bundle, bytecodeFile);
    timings["bytecode"] = Date.now() - started;
  } else {
    // A .qbc from an earlier build would be stale (the library checks, but why keep it).
    rmSync(bytecodeFile, { force: true });
  }
  // The handler's limits travel with it: `<name>.settings.json` beside the source.
  const settings = join(dirname(entry), `${name}.settings.json`);
  if (existsSync(settings)) copyFileSync(settings, join(outdir, `${name}.settings.json`));
  return {
    bundle,
    sourceMap: `${bundle}.map`,
    library,
    factories,
    timings,
    warnings,
    ...(options.bytecode ? { bytecodeFile } : {}),
  };
}

/**
 * The engine's globals for TypeScript (generated, see ts/isapi/scripts/engine-types.mjs): the
 * ES libraries QuickJS-ng implements and the web platform's globals, nothing of Node or the
 * DOM. Projects point their editor at the same file with `"types": ["isapi-ts/engine"]`.
 */
export const ENGINE_TYPES = fileURLToPath(new URL("../types/engine.d.ts", import.meta.url));

/**
 * Node's core modules and globals for TypeScript: @types/node's, made to defer to
 * {@link ENGINE_TYPES} for the web globals (types/node.d.ts says how). Projects use it with
 * `"types": ["isapi-ts/engine", "isapi-ts/node"]`.
 */
export const NODE_TYPES = fileURLToPath(new URL("../types/node.d.ts", import.meta.url));

/**
 * Runs `tsc --noEmit` on the entry (and what it imports) against what the engine runs: the
 * project's compiler options if it has a tsconfig.json, but `lib` and `types` replaced by
 * the engine's declarations ({@link ENGINE_TYPES}, {@link NODE_TYPES}), so that a handler
 * using `document` fails here rather than at its first request.
 */
function typeCheck(entry: string, cwd: string): void {
  let tsc: string;
  try {
    tsc = createRequire(join(dirname(entry), "noop.js")).resolve("typescript/bin/tsc");
  } catch {
    throw new BuildError(
      "cannot type-check: the project has no `typescript` package (npm i -D typescript), or pass --no-check",
    );
  }
  // A throw-away config naming the one file: it extends the project's tsconfig.json (beside
  // it, so that paths in it resolve as they do for the project), or strict defaults.
  // `lib: []` leaves only the ES libraries engine.d.ts references; `types: []` keeps any
  // other global types package out (@types/node comes in through node.d.ts, the one
  // isapi-ts depends on, made to defer to engine.d.ts for the web's globals).
  const config = findUp(dirname(entry), "tsconfig.json");
  const scratchDir = config ? dirname(config) : mkdtempSync(join(tmpdir(), "isapi-check-"));
  const scratch = join(scratchDir, `.tsconfig.isapi-check-${process.pid}.json`);
  const engine = { noEmit: true, lib: [], types: [] };
  const defaults = {
    strict: true,
    target: "es2023",
    module: "esnext",
    moduleResolution: "bundler",
    skipLibCheck: true,
  };
  writeFileSync(
    scratch,
    JSON.stringify({
      ...(config ? { extends: config } : {}),
      compilerOptions: config ? engine : { ...defaults, ...engine },
      files: [ENGINE_TYPES, NODE_TYPES, entry],
      include: [],
    }),
  );
  let run;
  try {
    run = spawnSync(process.execPath, [tsc, "-p", scratch, "--pretty", "false"], {
      cwd,
      encoding: "utf8",
      timeout: 300_000,
    });
  } finally {
    rmSync(config ? scratch : scratchDir, { force: true, recursive: true });
  }
  if (run.status !== 0) {
    const lines = `${run.stdout}${run.stderr}`.split("\n").filter((line) => line.trim() !== "");
    const missing = lines.some((line) => /error TS(2304|2307|2580|2584|2591):/.test(line));
    const errors = lines.map(describeTypeError);
    if (missing) {
      errors.push(
        "(handlers are checked against the engine's globals, isapi-ts/engine and isapi-ts/node: " +
          "ECMAScript's, the web platform's and Node's, not a browser page's; the package's " +
          "types/engine.d.ts lists them, and docs/node.md which Node modules the engine has)",
      );
    }
    throw new BuildError(`type errors (fix them, or pass --no-check):\n${errors.join("\n")}`);
  }
}

/**
 * One line of tsc's output as `file:line:col: error TS…`, where tsc's advice for a missing
 * Node or DOM global (install @types/node, add "dom" to lib) is replaced by the reason, and
 * a missing Node module says so.
 */
function describeTypeError(line: string): string {
  return line
    .replace(/^(.+?)\((\d+),(\d+)\): /, "$1:$2:$3: ")
    .replace(
      /Cannot find name '([^']+)'\. Do you need to install type definitions for node\?.*$/,
      (_, name: string) =>
        name.startsWith("node:")
          ? `Cannot find module '${name}': a Node.js module, which the engine does not have`
          : `Cannot find name '${name}': a Node.js global, which the engine does not have`,
    )
    .replace(
      /(Cannot find name '[^']+')\. Do you need to change your target library\?.*$/,
      "$1: a browser (DOM) global, which the engine does not have",
    )
    .replace(
      /(Cannot find module '(?:node:)?(?:fs|path|os|crypto|buffer|process|child_process|http|https|net|stream|util|url|events)(?:\/[^']*)?')( or its corresponding type declarations)?\.$/,
      "$1: a Node.js module, which the engine does not have",
    );
}

function findUp(dir: string, file: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const candidate = join(current, file);
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}

function findCompiler(explicit: string | undefined, cwd: string): string {
  return findArtifact({
    file: executableFileName("isapi-compile"),
    explicit,
    variable: "ISAPI_TS_COMPILE",
    cwd,
    hint: "build it with `cargo xtask build` (or `cargo build -p isapi-js`)",
  });
}

/** `isapi-compile bundle.js -o bundle.qbc`: the same engine build as the library. */
function compileBytecode(compiler: string, bundle: string, output: string): void {
  const run = spawnSync(compiler, [bundle, "-o", output], { encoding: "utf8", timeout: 120_000 });
  if (run.status !== 0) {
    throw new BuildError(`bytecode compilation failed:\n${run.stderr || run.stdout}`);
  }
}

/**
 * Copies the generic library to `target`, unless an identical copy is there. A changed
 * library goes to a temporary file first and is renamed over the old one: a server may
 * have the old copy loaded, and writing into a mapped library crashes it (the rename
 * leaves its pages alone).
 *
 * Outside Windows the "copy" is a hard link when source and target share a file system:
 * nothing writes into a library in place (npm, the linker and this function all replace
 * files), and a test suite building dozens of handlers would otherwise hold dozens of
 * copies of a 200 MB debug build. On Windows it stays a copy: a loaded DLL cannot be
 * deleted, so a link would make `npm install` fail while IIS runs the handler.
 */
function placeLibrary(source: string, target: string): void {
  if (existsSync(target) && sameContents(source, target)) return;
  const temporary = `${target}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  if (process.platform === "win32" || !tryLink(source, temporary)) copyFileSync(source, temporary);
  renameSync(temporary, target);
}

function tryLink(source: string, target: string): boolean {
  try {
    linkSync(source, target);
    return true;
  } catch {
    return false; // another file system, or one without hard links
  }
}

function sameContents(a: string, b: string): boolean {
  const [first, second] = [statSync(a), statSync(b)];
  if (first.ino === second.ino && first.dev === second.dev) return true; // one file, linked
  if (first.size !== second.size) return false;
  return readFileSync(a).equals(readFileSync(b));
}

async function runEsbuild(options: esbuild.BuildOptions): Promise<esbuild.Metafile> {
  try {
    const result = await esbuild.build(options);
    return result.metafile!;
  } catch (error) {
    throw new BuildError(describeEsbuildFailure(error));
  }
}

/** What {@link bundleModule} takes beyond the entry and the output. */
export interface BundleOptions {
  cwd: string;
  minify: boolean;
  /** See {@link BuildOptions.conditions}. */
  conditions?: string[] | undefined;
  /** See {@link BuildOptions.allowMissing}. */
  allowMissing?: string[] | undefined;
  /** See {@link BuildOptions.nodeEnv}. */
  nodeEnv?: string | undefined;
  /** Where warnings go (each once); default: dropped. */
  warnings?: string[] | undefined;
}

/**
 * The conditions a package's `exports` are resolved with by default, as Cloudflare's
 * Workers tooling does (`workerd`, `worker`, `browser`; esbuild adds `import` or `require`
 * and `default`): packages that ship a build for workers or browsers use the web platform's
 * APIs (fetch, crypto.subtle, streams), which the engine has in full, where their Node builds
 * reach for sockets, processes and native addons it has not. `node` is left out (a package
 * listing `node` before `browser` would pick its Node build); `module` is webpack's
 * convention for an ES build. Node's core modules are there for the packages with only a
 * Node build, or whose browser build imports them anyway.
 */
export const DEFAULT_CONDITIONS = ["workerd", "worker", "browser", "module"];

/**
 * Bundles `entry` into the one ES module `bundle` (with a linked source map), wrapping a
 * web-standard `export default { fetch }` module into an extension. Returns the factories
 * the bundle exports. Shared by {@link buildHandler} and `isapi-ts/testing`.
 *
 * Node's core modules: those the engine provides stay imports (`node:x`); a static import of
 * one it lacks is an error naming the module and its importer, a `require` of one (often in
 * a `try`, or on a path never taken) a warning, and it throws at run time as in Node.
 */
export async function bundleModule(entry: string, bundle: string, options: BundleOptions): Promise<string[]> {
  const { cwd } = options;
  const name = basename(bundle, extname(bundle));
  const conditions = options.conditions ?? DEFAULT_CONDITIONS;
  const nodeEnv = options.nodeEnv ?? process.env["NODE_ENV"] ?? "production";
  const warnings: string[] = [];
  const bundleOptions: esbuild.BuildOptions = {
    outfile: bundle,
    bundle: true,
    format: "esm",
    // "browser" is a platform condition to esbuild (and the platform applies packages'
    // `browser` maps); without it, no platform's conditions are added.
    platform: conditions.includes("browser") ? "browser" : "neutral",
    target: "es2023",
    conditions: conditions.filter((condition) => condition !== "browser"),
    // The `browser` field is a package's browser build when the `browser` condition is asked
    // for; `module` is the ES build of packages without `exports`.
    mainFields: conditions.includes("browser") ? ["browser", "module", "main"] : ["module", "main"],
    define: { "process.env.NODE_ENV": JSON.stringify(nodeEnv) },
    plugins: [nodeBuiltins(cwd, new Set(options.allowMissing ?? []), warnings)],
    sourcemap: "linked",
    metafile: true,
    logLevel: "silent",
    absWorkingDir: cwd,
    minify: options.minify,
    keepNames: options.minify,
  };
  let metafile = await runEsbuild({ ...bundleOptions, entryPoints: [entry] });
  const firstWarnings = warnings.splice(0);
  let exported = bundleExports(metafile, bundle, cwd);
  let factories = FACTORIES.filter((factory) => exported.includes(factory));
  if (factories.length === 0 && exported.includes("default")) {
    // A web-standard handler (`export default { fetch }`): wrap it into an extension.
    const wrapper = [
      `import handler from ${JSON.stringify(entry)};`,
      `import { fetchExtension } from ${JSON.stringify(FETCH_ADAPTER)};`,
      `export const __ExtensionFactory__ = () => fetchExtension(handler);`,
    ].join("\n");
    const stdin = { contents: wrapper, resolveDir: dirname(entry), sourcefile: `${name}.fetch-entry.js` };
    metafile = await runEsbuild({ ...bundleOptions, stdin });
    exported = bundleExports(metafile, bundle, cwd);
    factories = FACTORIES.filter((factory) => exported.includes(factory));
  } else {
    // The wrapper's build (above) bundles the same modules again and says it all again.
    warnings.push(...firstWarnings);
  }
  if (factories.length === 0) {
    throw new BuildError(
      `${relative(cwd, entry)} exports neither __ExtensionFactory__ nor __FilterFactory__ nor a default ` +
        "fetch handler; add e.g. `export function __ExtensionFactory__() { return new MyExtension(); }` " +
        'or `export default { fetch(request) { return new Response("hi"); } }`',
    );
  }
  if (needsRequire(metafile, bundle, cwd)) addRequire(bundle, name);
  options.warnings?.push(...warnings);
  return factories;
}

/** Why the engine lacks a Node core module (for the build's error and docs/node.md). */
const ABSENT_BECAUSE: Record<string, string> = {
  child_process: "a handler cannot start processes (it runs inside the web server's)",
  cluster: "the web server owns the processes; a handler cannot fork workers",
  vm: "the engine has one JavaScript context per handler engine, no separate ones to run code in",
  worker_threads:
    "handlers get no threads of their own (a ThreadPoolExtension runs Dispatch on the library's worker engines)",
  net: "no sockets yet (planned: issue 20); use fetch for HTTP",
  tls: "no sockets yet (planned: issue 20); use fetch for HTTPS",
  dgram: "no sockets yet (planned: issue 20)",
  dns: "no DNS resolver yet (planned with sockets, issue 20); fetch resolves names itself",
  "dns/promises": "no DNS resolver yet (planned with sockets, issue 20); fetch resolves names itself",
  http: "no server or client sockets for handlers (the web server serves the handler; use fetch for requests)",
  https:
    "no server or client sockets for handlers (the web server serves the handler; use fetch for requests)",
  http2:
    "no server or client sockets for handlers (the web server serves the handler; use fetch for requests)",
  inspector: "no debugger protocol in the engine",
  "inspector/promises": "no debugger protocol in the engine",
  repl: "a handler has no terminal",
  readline: "a handler has no terminal",
  "readline/promises": "a handler has no terminal",
  tty: "a handler has no terminal",
  v8: "the engine is QuickJS, not V8 (no heap snapshots or V8 flags)",
  domain: "deprecated in Node; use AsyncLocalStorage (async_hooks)",
  trace_events: "no tracing in the engine",
  wasi: "no WASI (WebAssembly modules run without system access)",
};

/** A Node core module's name without `node:`, or undefined for anything else. */
function coreModule(specifier: string): { id: string; prefixed: boolean } | undefined {
  const prefixed = specifier.startsWith("node:");
  const id = prefixed ? specifier.slice("node:".length) : specifier;
  if (NODE_CORE.has(id) || PROVIDED.has(id) || (prefixed && PREFIX_ONLY.has(id))) return { id, prefixed };
  if (prefixed) return { id, prefixed }; // `node:nonsense`: an error below
  return undefined;
}

const PROVIDED = new Set(PROVIDED_BUILTINS);
const NODE_CORE = new Set(NODE_BUILTINS);
const PREFIX_ONLY = new Set(NODE_PREFIX_ONLY);

/** The package a file is in (`node_modules/@scope/name/…` → `@scope/name`), else its path
 * from `cwd`. */
function packageOf(importer: string, cwd: string): string {
  const parts = importer.split(/[\\/]/);
  const at = parts.lastIndexOf("node_modules");
  if (at >= 0 && at + 1 < parts.length) {
    const scoped = parts[at + 1]!.startsWith("@");
    return parts.slice(at + 1, at + (scoped ? 3 : 2)).join("/");
  }
  return importer === "" ? "the handler" : relative(cwd, importer);
}

/** An importer for an error: `package "x" (path)` or the handler's file. */
function importerOf(importer: string, cwd: string): string {
  const pkg = packageOf(importer, cwd);
  const path = relative(cwd, importer);
  return pkg === path || importer === "" ? pkg : `package "${pkg}" (${path})`;
}

/** The esbuild plugin behind {@link bundleModule}'s handling of Node's core modules. */
function nodeBuiltins(cwd: string, allowMissing: Set<string>, warnings: string[]): esbuild.Plugin {
  const probe = Symbol("isapi-probe");
  const missingRequires = new Map<string, { why: string; by: Set<string> }>();
  return {
    name: "isapi-node-builtins",
    setup(build) {
      build.onStart(() => missingRequires.clear());
      build.onEnd(() => {
        for (const [id, { why, by }] of missingRequires) {
          warnings.push(
            `"${id}" is required by ${[...by].sort().join(", ")}, but isapi-ts does not provide this Node ` +
              `core module (${why}). Each require of it throws at run time: fine if the package catches ` +
              `that or never gets there (--allow-missing ${id} silences this)`,
          );
        }
      });
      build.onResolve({ filter: /^node:|^[a-z_][a-z0-9_]*(\/[a-z_]+)?$/ }, async (args) => {
        if (args.pluginData === probe) return undefined;
        const core = coreModule(args.path);
        if (core === undefined) return undefined;
        const { id, prefixed } = core;
        if (PROVIDED.has(id)) return { path: `node:${id}`, external: true };
        // What a browser bundler would use, if anything: an npm package of the name
        // (punycode, …) or the package's `browser` map (`"crypto": false` where it has a web
        // fallback). esbuild's own resolution does that; this asks it first.
        const found = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: probe,
        });
        if (found.errors.length === 0) return undefined;
        const who = importerOf(args.importer, cwd);
        const why =
          NODE_CORE.has(id) || PREFIX_ONLY.has(id)
            ? (ABSENT_BECAUSE[id] ?? "not provided yet; docs/node.md lists what is")
            : "Node has no such core module";
        const dynamic =
          args.kind === "require-call" || args.kind === "require-resolve" || args.kind === "dynamic-import";
        if (dynamic) {
          // Packages require optional modules in a `try` (or on a path a handler never takes):
          // the require throws as an absent module's does in Node, and the build says so.
          if (!allowMissing.has(id)) {
            const entry = missingRequires.get(id) ?? { why, by: new Set<string>() };
            entry.by.add(packageOf(args.importer, cwd));
            missingRequires.set(id, entry);
          }
          // As written: a bare name's require throws MODULE_NOT_FOUND, which packages test for.
          return { path: args.path, external: true };
        }
        if (allowMissing.has(id)) return { path: id, namespace: MISSING };
        return {
          errors: [
            {
              text:
                `${who} imports "${args.path}", a Node core module isapi-ts does not provide: ${why}. ` +
                `If the handler never uses it, --allow-missing ${id} builds it anyway (its members throw when used)`,
            },
          ],
        };
      });
      // An allowed missing module: an object whose every member throws when used.
      build.onLoad({ filter: /.*/, namespace: MISSING }, (args) => ({
        contents: missingModule(args.path),
        loader: "js",
      }));
    },
  };
}

const MISSING = "isapi-missing-node-module";

/**
 * The module standing in for a missing core module `id`: CommonJS, so that named imports
 * become property reads where they are used; the object's prototype throws too, as
 * esbuild's interop copies a CommonJS module into an object inheriting from its prototype.
 */
function missingModule(id: string): string {
  const message = `${id} is a Node core module isapi-ts does not provide (the handler was built with --allow-missing ${id})`;
  return `const handler = {
  get(target, key) {
    if (typeof key === "symbol" || key === "__esModule" || key === "then" || key === "default") return undefined;
    const error = new Error(${JSON.stringify(message)} + ": " + String(key));
    error.code = "ERR_ISAPI_MISSING_MODULE";
    throw error;
  },
};
const members = new Proxy({}, handler);
module.exports = new Proxy({}, { ...handler, getPrototypeOf: () => members });
`;
}

/** Whether the bundle `require`s a module it left external (esbuild's `__require` shim,
 * which needs a `require` in scope). */
function needsRequire(metafile: esbuild.Metafile, bundle: string, cwd: string): boolean {
  const output = Object.entries(metafile.outputs).find(([path]) => resolve(cwd, path) === bundle);
  return (output?.[1].imports ?? []).some(
    (i) => i.external && (i.kind === "require-call" || i.kind === "require-resolve"),
  );
}

/**
 * Puts `import { createRequire } from "node:module"; const require = createRequire(…)` at the
 * top of the bundle (and one line down in its source map): esbuild's `__require` calls the
 * `require` in scope. esbuild renames a handler's own top-level `require` away from it, as
 * the shim refers to the global name.
 */
function addRequire(bundle: string, name: string): void {
  const line =
    `import { createRequire as __isapiCreateRequire } from "node:module"; ` +
    `const require = __isapiCreateRequire(${JSON.stringify(`file:///${name}.js`)});\n`;
  writeFileSync(bundle, line + readFileSync(bundle, "utf8"));
  const mapFile = `${bundle}.map`;
  if (existsSync(mapFile)) {
    const map = JSON.parse(readFileSync(mapFile, "utf8")) as { mappings: string };
    map.mappings = `;${map.mappings}`;
    writeFileSync(mapFile, JSON.stringify(map));
  }
}

/** The export names of the output file `bundle`. */
function bundleExports(metafile: esbuild.Metafile, bundle: string, cwd: string): string[] {
  const output = Object.entries(metafile.outputs).find(([path]) => resolve(cwd, path) === bundle);
  return output?.[1].exports ?? [];
}

/** esbuild's errors as `file:line:column: error: text` lines. */
function describeEsbuildFailure(error: unknown): string {
  const failure = error as { errors?: esbuild.Message[] };
  if (!Array.isArray(failure.errors) || failure.errors.length === 0) {
    return error instanceof Error ? error.message : String(error);
  }
  return failure.errors
    .map((message) => {
      const where = message.location
        ? `${message.location.file}:${message.location.line}:${message.location.column + 1}: `
        : "";
      return `${where}error: ${message.text}`;
    })
    .join("\n");
}
