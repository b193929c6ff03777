/**
 * The exceptions of isapi-ts, as in pywin32's `isapi` package.
 */
/** Base of every ISAPI error. `errno` is the Win32 error code the server reported, if any. */
export declare class ISAPIError extends Error {
    readonly errno: number | undefined;
    readonly funcname: string | undefined;
    constructor(message: string, errno?: number, funcname?: string);
}
/**
 * An extension-side failure. The native `ecb` methods throw errors whose `name` is
 * "ExtensionError" and which carry `errno`; {@link isExtensionError} recognises both.
 */
export declare class ExtensionError extends ISAPIError {
}
/** A filter-side failure. */
export declare class FilterError extends ISAPIError {
}
/**
 * Thrown from a handler callback to ask the library to reload the bundle and repeat the
 * call (pywin32's reload protocol).
 */
export declare class InternalReloadException extends Error {
    constructor(message?: string);
}
/** True for an {@link ExtensionError} and for the errors the native `ecb` throws. */
export declare function isExtensionError(error: unknown): error is Error & {
    errno?: number;
};
