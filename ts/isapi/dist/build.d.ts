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
/**
 * Bundles a handler with esbuild and puts a copy of the generic ISAPI library beside it,
 * named so that the library loads this bundle (`_hello.so` loads `hello.js`).
 */
export declare function buildHandler(options: BuildOptions): Promise<BuildResult>;
