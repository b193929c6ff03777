/**
 * The exceptions of isapi-ts, as in pywin32's `isapi` package.
 */

/** Base of every ISAPI error. `errno` is the Win32 error code the server reported, if any. */
export class ISAPIError extends Error {
  readonly errno: number | undefined;
  readonly funcname: string | undefined;

  constructor(message: string, errno?: number, funcname?: string) {
    super(message);
    this.name = new.target.name;
    this.errno = errno;
    this.funcname = funcname;
  }
}

/**
 * An extension-side failure. The native `ecb` methods throw errors whose `name` is
 * "ExtensionError" and which carry `errno`; {@link isExtensionError} recognises both.
 */
export class ExtensionError extends ISAPIError {}

/** A filter-side failure. */
export class FilterError extends ISAPIError {}

/**
 * Thrown from a handler callback to ask the library to reload the bundle and repeat the
 * call (pywin32's reload protocol).
 */
export class InternalReloadException extends Error {
  constructor(message = "reload requested") {
    super(message);
    this.name = new.target.name;
  }
}

/** True for an {@link ExtensionError} and for the errors the native `ecb` throws. */
export function isExtensionError(error: unknown): error is Error & { errno?: number } {
  return error instanceof ExtensionError || (error instanceof Error && error.name === "ExtensionError");
}
