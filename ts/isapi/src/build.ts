import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
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
  const factories = await bundleModule(entry, bundle, { cwd, minify: options.minify === true });

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
 * Runs `tsc --noEmit` on the entry (and what it imports) against what the engine runs: the
 * project's compiler options if it has a tsconfig.json, but `lib` and `types` replaced by
 * the engine's declarations ({@link ENGINE_TYPES}), so that a handler using `process` or
 * `document` fails here rather than at its first request.
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
  // `lib: []` leaves only the ES libraries engine.d.ts references; `types: []` keeps
  // @types/node (and any other global types package) out.
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
      files: [ENGINE_TYPES, entry],
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
        "(handlers are checked against the engine's globals, isapi-ts/engine: ECMAScript's and " +
          "the web platform's, not Node's or a browser page's; the package's types/engine.d.ts " +
          "lists them)",
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
 */
function placeLibrary(source: string, target: string): void {
  if (existsSync(target) && sameContents(source, target)) return;
  const temporary = `${target}.${process.pid}.tmp`;
  copyFileSync(source, temporary);
  renameSync(temporary, target);
}

function sameContents(a: string, b: string): boolean {
  if (statSync(a).size !== statSync(b).size) return false;
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

/**
 * Bundles `entry` into the one ES module `bundle` (with a linked source map), wrapping a
 * web-standard `export default { fetch }` module into an extension. Returns the factories
 * the bundle exports. Shared by {@link buildHandler} and `isapi-ts/testing`.
 */
export async function bundleModule(
  entry: string,
  bundle: string,
  options: { cwd: string; minify: boolean },
): Promise<string[]> {
  const { cwd } = options;
  const name = basename(bundle, extname(bundle));
  const bundleOptions: esbuild.BuildOptions = {
    outfile: bundle,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2023",
    mainFields: ["module", "main"],
    sourcemap: "linked",
    metafile: true,
    logLevel: "silent",
    absWorkingDir: cwd,
    minify: options.minify,
    keepNames: options.minify,
  };
  let exported = bundleExports(await runEsbuild({ ...bundleOptions, entryPoints: [entry] }), bundle, cwd);
  let factories = FACTORIES.filter((factory) => exported.includes(factory));
  if (factories.length === 0 && exported.includes("default")) {
    // A web-standard handler (`export default { fetch }`): wrap it into an extension.
    const wrapper = [
      `import handler from ${JSON.stringify(entry)};`,
      `import { fetchExtension } from ${JSON.stringify(FETCH_ADAPTER)};`,
      `export const __ExtensionFactory__ = () => fetchExtension(handler);`,
    ].join("\n");
    const stdin = { contents: wrapper, resolveDir: dirname(entry), sourcefile: `${name}.fetch-entry.js` };
    exported = bundleExports(await runEsbuild({ ...bundleOptions, stdin }), bundle, cwd);
    factories = FACTORIES.filter((factory) => exported.includes(factory));
  }
  if (factories.length === 0) {
    throw new BuildError(
      `${relative(cwd, entry)} exports neither __ExtensionFactory__ nor __FilterFactory__ nor a default ` +
        "fetch handler; add e.g. `export function __ExtensionFactory__() { return new MyExtension(); }` " +
        'or `export default { fetch(request) { return new Response("hi"); } }`',
    );
  }

  return factories;
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
