/** The generic library's file name as cargo builds it on this platform. */
export declare function genericLibraryFileName(platform?: NodeJS.Platform): string;
/** The extension of a handler library copy: `_<name>.dll` on Windows, `_<name>.so` elsewhere. */
export declare function handlerLibrarySuffix(platform?: NodeJS.Platform): string;
/** Where the generic library is looked for: `<dir>/target/{debug,release}/<file>` for `cwd`,
 * its parents, and the repository this package lives in. */
export declare function libraryCandidates(cwd: string): string[];
/**
 * The generic library to copy: `explicit` (from `--dll`) if given, else `$ISAPI_TS_DLL`,
 * else the first existing candidate. Throws with the list of places searched.
 */
export declare function findGenericLibrary(explicit: string | undefined, cwd: string): string;
/** A build failure with a message meant for the user as it stands. */
export declare class BuildError extends Error {
    constructor(message: string);
}
