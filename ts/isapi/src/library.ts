import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The generic library's file name as cargo builds it on this platform. */
export function genericLibraryFileName(platform: NodeJS.Platform = process.platform): string {
  if (platform === "win32") return "isapi_dll.dll";
  if (platform === "darwin") return "libisapi_dll.dylib";
  return "libisapi_dll.so";
}

/** The extension of a handler library copy: `_<name>.dll` on Windows, `_<name>.so` elsewhere. */
export function handlerLibrarySuffix(platform: NodeJS.Platform = process.platform): string {
  return platform === "win32" ? ".dll" : ".so";
}

/** Where the generic library is looked for: `<dir>/target/{debug,release}/<file>` for `cwd`,
 * its parents, and the repository this package lives in. */
export function libraryCandidates(cwd: string): string[] {
  return artifactCandidates(genericLibraryFileName(), cwd);
}

/** The host binary's file name on this platform. */
export function hostFileName(platform: NodeJS.Platform = process.platform): string {
  return platform === "win32" ? "isapi-host.exe" : "isapi-host";
}

/** `<dir>/target/{debug,release}/<file>` for `cwd`, its parents, and this repository. */
function artifactCandidates(file: string, cwd: string): string[] {
  const roots: string[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    roots.push(dir);
    if (dirname(dir) === dir) break;
  }
  // dist/library.js → ts/isapi → ts → repository root.
  const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
  if (!roots.includes(packageRoot)) roots.push(packageRoot);
  return roots.flatMap((root) => [
    join(root, "target", "debug", file),
    join(root, "target", "release", file),
  ]);
}

/**
 * The generic library to copy: `explicit` (from `--dll`) if given, else `$ISAPI_TS_DLL`,
 * else the first existing candidate. Throws with the list of places searched.
 */
export function findGenericLibrary(explicit: string | undefined, cwd: string): string {
  const chosen = explicit ?? process.env["ISAPI_TS_DLL"];
  if (chosen !== undefined && chosen !== "") {
    const path = resolve(cwd, chosen);
    if (!existsSync(path)) {
      throw new BuildError(
        `ISAPI library ${path} does not exist (from ${explicit ? "--dll" : "ISAPI_TS_DLL"})`,
      );
    }
    return path;
  }
  const candidates = libraryCandidates(cwd);
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) {
    throw new BuildError(
      `cannot find the generic ISAPI library ${genericLibraryFileName()}; build it with ` +
        "`cargo xtask build` (or `cargo build -p isapi-dll`), or pass --dll PATH. Searched:\n  " +
        candidates.join("\n  "),
    );
  }
  return found;
}

export interface ArtifactQuery {
  /** File name under target/{debug,release}. */
  file: string;
  /** Given on the command line; wins. */
  explicit: string | undefined;
  /** The environment variable that names it. */
  variable: string;
  cwd: string;
  /** How to get it, for the error message. */
  hint: string;
}

/** A binary cargo builds: `explicit`, else `$variable`, else the first existing candidate. */
export function findArtifact(query: ArtifactQuery): string {
  const chosen = query.explicit ?? process.env[query.variable];
  if (chosen !== undefined && chosen !== "") {
    const path = resolve(query.cwd, chosen);
    if (!existsSync(path)) throw new BuildError(`${path} does not exist`);
    return path;
  }
  const candidates = artifactCandidates(query.file, query.cwd);
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) {
    throw new BuildError(
      `cannot find ${query.file}; ${query.hint}, or set ${query.variable}. Searched:\n  ` +
        candidates.join("\n  "),
    );
  }
  return found;
}

/** The host binary (`isapi-host`): `explicit`, else `$ISAPI_TS_HOST`, else target/*. */
export function findHostBinary(explicit: string | undefined, cwd: string): string {
  return findArtifact({
    file: hostFileName(),
    explicit,
    variable: "ISAPI_TS_HOST",
    cwd,
    hint: "build it with `cargo xtask build` (or `cargo build -p isapi-host`)",
  });
}

/** A build failure with a message meant for the user as it stands. */
export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BuildError";
  }
}
