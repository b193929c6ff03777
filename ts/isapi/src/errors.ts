/**
 * The exceptions of isapi-ts, as in pywin32's `isapi` package.
 */

/** Base of every ISAPI error. `errno` is the Win32 error code the server reported, if any. */
export class ISAPIError extends Error {
  // Names are spelled out: bundlers may rename classes, and the library recognises some by name.
  override name = "ISAPIError";
  readonly errno: number | undefined;
  readonly funcname: string | undefined;

  constructor(message: string, errno?: number, funcname?: string) {
    super(message);
    this.errno = errno;
    this.funcname = funcname;
  }
}

/**
 * An extension-side failure. The native `ecb` methods throw errors whose `name` is
 * "ExtensionError" and which carry `errno`; {@link isExtensionError} recognises both.
 */
export class ExtensionError extends ISAPIError {
  override name = "ExtensionError";
}

/** A filter-side failure. */
export class FilterError extends ISAPIError {
  override name = "FilterError";
}

/**
 * Thrown from `HttpExtensionProc` to ask the library to reload the bundle and repeat the
 * call (pywin32's reload protocol): the engine's handler gets `TerminateExtension(0)`, the
 * bundle is read again into a fresh engine, the new handler's `GetExtensionVersion` gets
 * `null`, and the request runs again on it (once). Module state starts afresh.
 */
export class InternalReloadException extends Error {
  override name = "InternalReloadException";
  constructor(message = "reload requested") {
    super(message);
  }
}

/** True for an {@link ExtensionError} and for the errors the native `ecb` throws. */
export function isExtensionError(error: unknown): error is Error & { errno?: number } {
  return error instanceof ExtensionError || (error instanceof Error && error.name === "ExtensionError");
}
