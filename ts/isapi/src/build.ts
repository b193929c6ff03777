import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

import { BuildError, findGenericLibrary, handlerLibrarySuffix } from "./library.js";

export { BuildError } from "./library.js";

export interface BuildOptions {
  /** The handler's entry file (TypeScript or JavaScript). */
  entry: string;
  /** Output directory; default `dist` beside the entry. */
  outdir?: string;
  /** The generic library to copy; default: see {@link findGenericLibrary}. */
  dll?: string;
  /** The handler's name; default: the entry's base name without extension. */
  name?: string;
  /** Directory relative paths start from; default `process.cwd()`. */
  cwd?: string;
}

export interface BuildResult {
  /** `<outdir>/<name>.js`: one ES module with everything bundled in. */
  bundle: string;
  /** `<outdir>/<name>.js.map`. */
  sourceMap: string;
  /** `<outdir>/_<name>.so` (`.dll` on Windows): the copy of the generic library. */
  library: string;
  /** Which factories the bundle exports. */
  factories: string[];
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
  const genericLibrary = findGenericLibrary(options.dll, cwd);
  mkdirSync(outdir, { recursive: true });
  const bundle = join(outdir, `${name}.js`);

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

  const library = join(outdir, `_${name}${handlerLibrarySuffix()}`);
  placeLibrary(genericLibrary, library);
  // The handler's limits travel with it: `<name>.settings.json` beside the source.
  const settings = join(dirname(entry), `${name}.settings.json`);
  if (existsSync(settings)) copyFileSync(settings, join(outdir, `${name}.settings.json`));
  return { bundle, sourceMap: `${bundle}.map`, library, factories };
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
