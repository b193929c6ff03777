/**
 * isapi-ts: write ISAPI extensions for IIS in TypeScript.
 *
 * A handler bundle exports `__ExtensionFactory__()` returning an {@link Extension} and/or
 * `__FilterFactory__()` returning a {@link Filter}; the generic library `_<name>.dll`
 * (`.so`) loads `<name>.js` and calls them.
 */
export * from "./constants.js";
export * from "./errors.js";
export * from "./fetch_handler.js";
export * from "./simple.js";
export * from "./threaded.js";
export type * from "./types.js";
export type * from "./filter_types.js";
