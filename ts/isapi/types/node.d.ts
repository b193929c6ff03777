// Node's core modules and globals for handlers, beside the engine's own (engine.d.ts):
// @types/node's declarations (the isapi-ts package depends on @types/node 20.x).
// `isapi build` checks handlers against both; an editor gets the same with
// `"types": ["isapi-ts/engine", "isapi-ts/node"]` and `"lib": []` in tsconfig.json.
//
// @types/node declares its web globals (URL, fetch, streams, …) only where the program has
// none, and tells by a global `onmessage`, which TypeScript's DOM and worker libs declare
// and engine.d.ts does not: declaring it makes engine.d.ts's web globals the ones used.
// (The engine has no `onmessage`; reading it type-checks as `undefined`.)
//
// What this does not narrow (see docs/node.md): @types/node declares every Node module and
// global, also those the engine lacks. `isapi build` refuses an import of a core module the
// engine lacks (naming the module and its importer) after this check; `require`,
// `__dirname`, `__filename`, `module` and `exports` type-check but do not exist in a
// handler (an ES module).
/// <reference types="node" />

declare var onmessage: undefined;
