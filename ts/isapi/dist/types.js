/**
 * The objects the native library hands to a handler. They are implemented in Rust
 * (crates/isapi-js); these types describe them.
 *
 * Handlers run inside QuickJS, not Node: there are no Node APIs (no `Buffer`, `fs`,
 * `TextEncoder`, `URLSearchParams`); `console.log` and friends write to the server log.
 * Several engines run in parallel threads, each with its own copy of the bundle, so
 * module-level state is per engine, not shared between requests on other engines.
 */
export {};
//# sourceMappingURL=types.js.map