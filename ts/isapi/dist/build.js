import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import * as esbuild from "esbuild";
import { BuildError, findGenericLibrary, handlerLibrarySuffix } from "./library.js";
export { BuildError } from "./library.js";
const FACTORIES = ["__ExtensionFactory__", "__FilterFactory__"];
/**
 * Bundles a handler with esbuild and puts a copy of the generic ISAPI library beside it,
 * named so that the library loads this bundle (`_hello.so` loads `hello.js`).
 */
export async function buildHandler(options) {
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
    let result;
    try {
        result = await esbuild.build({
            entryPoints: [entry],
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
        });
    }
    catch (error) {
        throw new BuildError(describeEsbuildFailure(error));
    }
    const output = Object.entries(result.metafile.outputs).find(([path]) => resolve(cwd, path) === bundle);
    const exported = output?.[1].exports ?? [];
    const factories = FACTORIES.filter((factory) => exported.includes(factory));
    if (factories.length === 0) {
        throw new BuildError(`${relative(cwd, entry)} exports neither __ExtensionFactory__ nor __FilterFactory__; ` +
            "add e.g. `export function __ExtensionFactory__() { return new MyExtension(); }`");
    }
    const library = join(outdir, `_${name}${handlerLibrarySuffix()}`);
    copyFileSync(genericLibrary, library);
    return { bundle, sourceMap: `${bundle}.map`, library, factories };
}
/** esbuild's errors as `file:line:column: error: text` lines. */
function describeEsbuildFailure(error) {
    const failure = error;
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
//# sourceMappingURL=build.js.map