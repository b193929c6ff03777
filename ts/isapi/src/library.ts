import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The platform a handler is built or installed for: the one Node runs on, or Windows
 * (`--windows`, for IIS) from any of them. This file is the one home of "which file, which
 * suffix, which format for which platform"; the rest of the package passes a
 * `TargetPlatform` through.
 */
export type TargetPlatform = NodeJS.Platform;

/** `"win32"` with `windows`, else the platform Node runs on. */
export function targetPlatform(windows?: boolean): TargetPlatform {
  return windows === true ? "win32" : process.platform;
}

/** Whether files for `platform` are the ones this machine's cargo builds natively. */
export function isHostPlatform(platform: TargetPlatform): boolean {
  return platform === process.platform;
}

/** The cargo target the Windows build uses when cross-compiling (`cargo xtask build --windows`). */
export const WINDOWS_CROSS_TARGET = "x86_64-pc-windows-gnu";

/** The generic library's file name as cargo builds it for `platform`. */
export function genericLibraryFileName(platform: TargetPlatform = process.platform): string {
  if (platform === "win32") return "isapi_dll.dll";
  if (platform === "darwin") return "libisapi_dll.dylib";
  return "libisapi_dll.so";
}

/** The extension of a handler library copy: `_<name>.dll` on Windows, `_<name>.so` elsewhere. */
export function handlerLibrarySuffix(platform: TargetPlatform = process.platform): string {
  return platform === "win32" ? ".dll" : ".so";
}

/** Where `isapi build` puts a handler's library copy, relative to the site: `dist/_<name>.so|.dll`. */
export function defaultHandlerLibrary(name: string, platform: TargetPlatform = process.platform): string {
  return `dist/_${name}${handlerLibrarySuffix(platform)}`;
}

/** An executable's file name on this platform (`isapi-host`, `isapi-host.exe`). */
export function executableFileName(base: string, platform: TargetPlatform = process.platform): string {
  return platform === "win32" ? `${base}.exe` : base;
}

/** The host binary's file name on this platform. */
export function hostFileName(platform: TargetPlatform = process.platform): string {
  return executableFileName("isapi-host", platform);
}

/**
 * Where the generic library for `platform` is looked for, in `cwd`, its parents and the
 * repository this package lives in: `target/{debug,release}/<file>` for a native build, and
 * for Windows from elsewhere `target/x86_64-pc-windows-gnu/{release,debug}/isapi_dll.dll`
 * (release first: that is what `cargo xtask build --windows` makes). A Windows Node has both.
 */
export function libraryCandidates(cwd: string, platform: TargetPlatform = process.platform): string[] {
  const file = genericLibraryFileName(platform);
  const folders = isHostPlatform(platform) ? [["debug"], ["release"]] : [];
  if (platform === "win32") {
    folders.push([WINDOWS_CROSS_TARGET, "release"], [WINDOWS_CROSS_TARGET, "debug"]);
  }
  return searchRoots(cwd).flatMap((root) => folders.map((folder) => join(root, "target", ...folder, file)));
}

/** `cwd`, each of its parents, and this repository's root. */
function searchRoots(cwd: string): string[] {
  const roots: string[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    roots.push(dir);
    if (dirname(dir) === dir) break;
  }
  // dist/library.js → ts/isapi → ts → repository root.
  const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
  if (!roots.includes(packageRoot)) roots.push(packageRoot);
  return roots;
}

/** `<dir>/target/{debug,release}/<file>` for `cwd`, its parents, and this repository. */
function artifactCandidates(file: string, cwd: string): string[] {
  return searchRoots(cwd).flatMap((root) => [
    join(root, "target", "debug", file),
    join(root, "target", "release", file),
  ]);
}

/**
 * The generic library to copy for `platform`: `explicit` (from `--dll`) if given, else
 * `$ISAPI_TS_DLL`, else the first existing candidate. Throws with the list of places
 * searched, and when the file is not a library for `platform` (see {@link checkLibraryFormat}).
 */
export function findGenericLibrary(
  explicit: string | undefined,
  cwd: string,
  platform: TargetPlatform = process.platform,
): string {
  const chosen = explicit ?? process.env["ISAPI_TS_DLL"];
  const from = explicit ? "--dll" : "ISAPI_TS_DLL";
  if (chosen !== undefined && chosen !== "") {
    const path = resolve(cwd, chosen);
    if (!existsSync(path)) {
      throw new BuildError(`ISAPI library ${path} does not exist (from ${from})`);
    }
    checkLibraryFormat(path, platform, from);
    return path;
  }
  const candidates = libraryCandidates(cwd, platform);
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) {
    const how =
      platform === "win32" && !isHostPlatform(platform)
        ? "build it with `cargo xtask build --windows`"
        : "build it with `cargo xtask build` (or `cargo build -p isapi-dll`)";
    throw new BuildError(
      `cannot find the generic ISAPI library ${genericLibraryFileName(platform)}` +
        `${platform === "win32" ? " for Windows" : ""}; ${how}, or pass --dll PATH. Searched:\n  ` +
        candidates.join("\n  "),
    );
  }
  checkLibraryFormat(found, platform, "found");
  return found;
}

/** PE machine type of x86-64 (`IMAGE_FILE_MACHINE_AMD64`). */
const PE_MACHINE_AMD64 = 0x8664;
/** Optional header magic of PE32+ (64-bit images). */
const PE32_PLUS = 0x20b;
/** COFF characteristics bit: the image is a DLL. */
const PE_FILE_DLL = 0x2000;

/** What the first bytes of a file say it is. */
type BinaryKind =
  { kind: "elf" } | { kind: "pe"; machine: number; pe32plus: boolean; dll: boolean } | { kind: "other" };

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

/** Reads the headers only (two small reads), so the check costs nothing next to the copy. */
function binaryKind(path: string): BinaryKind {
  const fd = openSync(path, "r");
  try {
    const dos = readAt(fd, 0, 64);
    if (dos.length >= 4 && dos.readUInt32BE(0) === 0x7f454c46) return { kind: "elf" };
    if (dos.length < 64 || dos.toString("latin1", 0, 2) !== "MZ") return { kind: "other" };
    // The DOS header's e_lfanew points at "PE\0\0", the COFF header, then the optional header.
    const offset = dos.readUInt32LE(0x3c);
    const pe = readAt(fd, offset, 26);
    if (pe.length < 26 || pe.readUInt32BE(0) !== 0x50450000) return { kind: "other" };
    return {
      kind: "pe",
      machine: pe.readUInt16LE(4),
      dll: (pe.readUInt16LE(22) & PE_FILE_DLL) !== 0,
      pe32plus: pe.readUInt16LE(24) === PE32_PLUS,
    };
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses a library that cannot be the generic library for `platform`: for Windows it must be
 * a PE32+ x86-64 DLL (IIS loads 64-bit ISAPI libraries into a 64-bit pool); on Linux and the
 * other ELF systems an ELF file; on macOS anything but PE or ELF. Catches the common
 * mistake of passing the `.so` with `--windows`, or the `.dll` without it.
 */
export function checkLibraryFormat(path: string, platform: TargetPlatform, from: string): void {
  const found = binaryKind(path);
  function refuse(why: string): never {
    throw new BuildError(`${path} (${from}) ${why}`);
  }
  if (platform === "win32") {
    const windowsBuild = "build it with `cargo xtask build --windows`";
    if (found.kind === "elf") {
      refuse(
        `is an ELF library (Linux), not a Windows DLL; for --windows pass isapi_dll.dll (${windowsBuild})`,
      );
    }
    if (found.kind !== "pe") refuse(`is not a Windows DLL (no PE header); ${windowsBuild}`);
    if (found.machine !== PE_MACHINE_AMD64 || !found.pe32plus) {
      refuse(
        `is not a 64-bit x86-64 DLL (PE machine 0x${found.machine.toString(16)}); ` +
          `IIS runs the handler in a 64-bit application pool; ${windowsBuild}`,
      );
    }
    if (!found.dll) refuse("is a Windows program, not a DLL; pass isapi_dll.dll");
    return;
  }
  if (found.kind === "pe") {
    refuse(
      `is a Windows DLL; pass --windows to build for IIS, or the ${genericLibraryFileName(platform)} ` +
        "built for this system",
    );
  }
  if (platform === "darwin") {
    if (found.kind === "elf") refuse(`is an ELF library (Linux), not ${genericLibraryFileName(platform)}`);
    return;
  }
  if (found.kind !== "elf") {
    refuse(`is not a shared library (no ELF header); pass ${genericLibraryFileName(platform)}`);
  }
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
