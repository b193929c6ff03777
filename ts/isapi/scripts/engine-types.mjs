#!/usr/bin/env node
// Writes ts/isapi/types/engine.d.ts: the globals a handler finds in the isapi-ts engine,
// and nothing else (no Node, no DOM), for `isapi build`'s type check and the user's editor.
//
//   node ts/isapi/scripts/engine-types.mjs          (re)write it
//   node ts/isapi/scripts/engine-types.mjs --check  exit 1 if it is not up to date
//
// Where the names come from: `GLOBALS` in crates/isapi-runtime/src/modules.rs (the lazy web
// globals; one home for what the engine installs), plus `console`, installed by console.rs.
// Node's globals there (NODE_GLOBALS: process, Buffer, …) are @types/node's, through
// types/node.d.ts, and left out here.
// Their declarations are cut from TypeScript's own lib.webworker.d.ts (a worker's scope: the
// web platform without document or window, as a server engine's is): each global's
// `declare var`/`function`/`namespace`, its interface, and every type they reach, and no
// other value. Where that lib says more than the engine has, a hand-written declaration
// replaces TypeScript's (HAND_WRITTEN below). The ECMAScript built-ins are TypeScript's ES
// libs, referenced by the output (ES_LIBS: what QuickJS-ng in our rquickjs has).
//
// The output is committed rather than made at build time: the npm package must carry it
// without a generator run (and without the Rust sources) in the user's project, a diff of
// it shows what a change to the engine or a TypeScript update changes for handlers, and
// ts/isapi/test/engine-types.test.ts fails when it is stale (regenerate with this script).
//
// License: TypeScript's lib files are Apache-2.0 (Microsoft), which allows redistributing
// declarations derived from them with the notice kept (the output's header). Their doc
// comments are left out: many are MDN text, under CC-BY-SA.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const ts = require("typescript");

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const output = join(here, "..", "types", "engine.d.ts");

/**
 * The ECMAScript libraries QuickJS-ng (rquickjs-sys 0.14) implements, as TypeScript names
 * them: ES2023, and of ES2024 all but `es2024.sharedmemory` (the engine has no
 * Atomics.waitAsync: a declaration of what is missing would pass the check and fail at
 * run time, a missing one only costs a cast); of ES2025 the Set methods, Float16Array,
 * Iterator helpers, Promise.try and RegExp.escape, not `es2025.intl` (no
 * Intl.DurationFormat); of ESNext Array.fromAsync, Map#getOrInsert, `using` and
 * DisposableStack, Error.isError, Atomics.pause and Uint8Array's base64/hex, not Temporal,
 * `esnext.intl` or `esnext.decorators` (no Symbol.metadata). The engine's globals are
 * compared with these both ways by test/engine-globals.e2e.test.ts.
 */
const ES_LIBS = [
  "es2023",
  "es2024.arraybuffer",
  "es2024.collection",
  "es2024.object",
  "es2024.promise",
  "es2024.regexp",
  "es2024.string",
  "es2025.collection",
  "es2025.float16",
  "es2025.iterator",
  "es2025.promise",
  "es2025.regexp",
  "esnext.array",
  "esnext.collection",
  "esnext.disposable",
  "esnext.error",
  "esnext.sharedmemory",
  "esnext.typedarrays",
];

/** Globals from the ES libs, which GLOBALS also lists because the engine provides them. */
const FROM_ES = new Set(["Intl"]);

/**
 * Node's globals, which GLOBALS lists when the engine provides them: declared by @types/node
 * through types/node.d.ts (isapi-ts/node), which `isapi build` checks handlers against too,
 * so not here.
 */
export const NODE_GLOBALS = new Set(["process", "Buffer", "global", "setImmediate", "clearImmediate"]);

/**
 * Declarations that replace lib.webworker's where the engine has less (or differs): each
 * top-level name declared here is not taken from the lib.
 */
const HAND_WRITTEN = `
/** The engine's console: these five methods, each writing its arguments to the server log. */
interface Console {
    log(...data: any[]): void;
    info(...data: any[]): void;
    debug(...data: any[]): void;
    warn(...data: any[]): void;
    error(...data: any[]): void;
}
declare var console: Console;

/** \`navigator\`: only \`userAgent\` (\`isapi-ts/<version>\`). */
interface Navigator {
    readonly userAgent: string;
}
declare var navigator: Navigator;

/** The global object itself, as in a worker. */
declare var self: typeof globalThis;

/** Timers take a function (no string to evaluate). */
type TimerHandler = (...args: any[]) => void;

/** A MessageEvent's source: only ports exist here. */
type MessageEventSource = MessagePort;

/** What structuredClone and postMessage can transfer here. */
type Transferable = ArrayBuffer | MessagePort;

/** The events dispatched at globalThis. */
interface GlobalScopeEventMap {
    "error": ErrorEvent;
    "unhandledrejection": PromiseRejectionEvent;
}
declare function addEventListener<K extends keyof GlobalScopeEventMap>(type: K, listener: (this: typeof globalThis, ev: GlobalScopeEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
declare function addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
declare function removeEventListener<K extends keyof GlobalScopeEventMap>(type: K, listener: (this: typeof globalThis, ev: GlobalScopeEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
declare function removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
declare function dispatchEvent(event: Event): boolean;
`;

/** Members of a lib namespace the engine does not have: left out with their interfaces. */
const NAMESPACE_OMISSIONS = {
  // Wasm exception handling is not in the engine (wasmi runs no exception-handling modules).
  WebAssembly: new Set(["Exception", "Tag", "JSTag"]),
};

/**
 * Members of lib.webworker's interfaces (and of their `declare var`'s type: the statics)
 * that differ from the engine's: `omit` what the engine does not have (from either), `add`
 * (declaration text) what its instances have beyond the lib, `addStatic` what its
 * constructor has.
 */
const MEMBER_CHANGES = {
  // Legacy initializers, and resource timing (there are no resource fetches to time).
  Event: { omit: ["initEvent"] },
  CustomEvent: { omit: ["initCustomEvent"] },
  MessageEvent: { omit: ["initMessageEvent"] },
  Performance: {
    omit: ["clearResourceTimings", "setResourceTimingBufferSize", "onresourcetimingbufferfull"],
  },
  // A browser's file picker sets it; there is none.
  File: { omit: ["webkitRelativePath"] },
  // Blob URLs need a document to resolve them in.
  URL: { omit: ["createObjectURL", "revokeObjectURL"] },
  // The Streams standard's `from` and Fetch's `duplex`, which TypeScript's lib lacks.
  ReadableStream: {
    addStatic: [
      "from<R>(asyncIterable: AsyncIterable<R> | Iterable<R | PromiseLike<R>>): ReadableStream<R>;",
    ],
  },
  Request: { add: ['readonly duplex: "half";'] },
  RequestInit: { add: ['duplex?: "half";'] },
  // HTML's close event of a port whose other end was closed.
  MessagePort: { add: ["onclose: ((this: MessagePort, ev: Event) => any) | null;"] },
};

/** The global names of GLOBALS in modules.rs. */
function engineGlobals() {
  const source = readFileSync(join(root, "crates/isapi-runtime/src/modules.rs"), "utf8");
  const block = /const GLOBALS: [^=]*= &\[([\s\S]*?)\n\];/.exec(source);
  if (!block) throw new Error("modules.rs: no GLOBALS table");
  // Attributes (`#[cfg(feature = "intl")]`) hold strings that are not names.
  const entries = block[1].replace(/#\[[^\]]*\]/g, "");
  const names = [...entries.matchAll(/"([^"]+)"/g)].map((m) => m[1]).filter((s) => !s.endsWith(".js"));
  return [...names, "console"];
}

function declarationName(statement) {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations[0].name.text;
  return statement.name?.text;
}

/** name → the top-level statements declaring it, in source order, over the given files. */
function indexStatements(files) {
  const index = new Map();
  for (const file of files) {
    for (const statement of file.statements) {
      const name = declarationName(statement);
      if (name === undefined) continue;
      if (!index.has(name)) index.set(name, []);
      index.get(name).push(statement);
    }
  }
  return index;
}

const isValue = (s) => ts.isVariableStatement(s) || ts.isFunctionDeclaration(s) || ts.isModuleDeclaration(s);

/** The names of types (and `typeof` values) a declaration refers to. */
function references(node) {
  const names = new Set();
  const leftmost = (name) => (ts.isIdentifier(name) ? name.text : leftmost(name.left ?? name.expression));
  const visit = (n) => {
    if (ts.isTypeReferenceNode(n)) names.add(leftmost(n.typeName));
    else if (ts.isExpressionWithTypeArguments(n)) names.add(leftmost(n.expression));
    else if (ts.isTypeQueryNode(n)) names.add(leftmost(n.exprName));
    ts.forEachChild(n, visit);
  };
  visit(node);
  return names;
}

/** `statement` (an interface or a `declare var` of a type literal) without the members to omit. */
function changeMembers(statement, change) {
  const { factory } = ts;
  const omit = new Set(change.omit ?? []);
  const edit = (members) => {
    return members.filter((member) => !omit.has(member.name?.text));
  };
  if (ts.isInterfaceDeclaration(statement)) {
    return factory.updateInterfaceDeclaration(
      statement,
      statement.modifiers,
      statement.name,
      statement.typeParameters,
      statement.heritageClauses,
      edit(statement.members),
    );
  }
  const declaration = statement.declarationList.declarations[0];
  if (!declaration.type || !ts.isTypeLiteralNode(declaration.type)) return statement;
  return factory.updateVariableStatement(
    statement,
    statement.modifiers,
    factory.updateVariableDeclarationList(statement.declarationList, [
      factory.updateVariableDeclaration(
        declaration,
        declaration.name,
        declaration.exclamationToken,
        factory.updateTypeLiteralNode(
          declaration.type,
          factory.createNodeArray(edit(declaration.type.members)),
        ),
        declaration.initializer,
      ),
    ]),
  );
}

/** A namespace without the members the engine lacks. */
function trimNamespace(statement, omitted) {
  const body = statement.body;
  const members = body.statements.filter((member) => !omitted.has(declarationName(member)));
  return ts.factory.updateModuleDeclaration(
    statement,
    statement.modifiers,
    statement.name,
    ts.factory.updateModuleBlock(body, members),
  );
}

export function generate() {
  const libDir = dirname(require.resolve("typescript/lib/lib.webworker.d.ts"));
  const parse = (name, text) => ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
  const lib = parse("lib.webworker.d.ts", readFileSync(join(libDir, "lib.webworker.d.ts"), "utf8"));
  const hand = parse("hand.d.ts", HAND_WRITTEN);
  const libIndex = indexStatements([lib]);
  const handIndex = indexStatements([hand]);

  const wanted = new Set(); // names whose value (and type) we take
  for (const name of engineGlobals()) {
    if (FROM_ES.has(name) || NODE_GLOBALS.has(name)) continue;
    if (!handIndex.has(name) && !(libIndex.get(name) ?? []).some(isValue)) {
      throw new Error(
        `${name}: a global of the engine that lib.webworker.d.ts does not declare; write it by hand`,
      );
    }
    wanted.add(name);
  }
  // Types reached from the globals: their interfaces and aliases, never their values.
  const types = new Set();
  const queue = [...wanted];
  const statementsOf = (name) =>
    handIndex.has(name)
      ? handIndex.get(name)
      : (libIndex.get(name) ?? []).filter((s) => wanted.has(name) || !isValue(s));
  while (queue.length > 0) {
    const name = queue.pop();
    for (const statement of statementsOf(name)) {
      for (const reference of references(statement)) {
        if (wanted.has(reference) || types.has(reference)) continue;
        if (!handIndex.has(reference) && !libIndex.has(reference)) continue; // ES lib type or type parameter
        const statements = statementsOf(reference);
        if (statements.length === 0) {
          throw new Error(`${name} refers to the value ${reference}, which the engine does not have`);
        }
        types.add(reference);
        queue.push(reference);
      }
    }
  }

  const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });
  const print = (node, file) => printer.printNode(ts.EmitHint.Unspecified, node, file);
  const taken = [];
  for (const statement of lib.statements) {
    const name = declarationName(statement);
    if (name === undefined || handIndex.has(name)) continue;
    const keep = wanted.has(name) || (types.has(name) && !isValue(statement));
    if (!keep) continue;
    const omitted = NAMESPACE_OMISSIONS[name];
    const change = MEMBER_CHANGES[name];
    const changed = omitted
      ? trimNamespace(statement, omitted)
      : change && !ts.isFunctionDeclaration(statement)
        ? changeMembers(statement, change)
        : statement;
    let text = print(changed, lib);
    // Additions, as text before the closing brace (printing parsed nodes against another
    // file's text would garble them).
    const added =
      (ts.isInterfaceDeclaration(statement)
        ? change?.add
        : ts.isVariableStatement(statement)
          ? change?.addStatic
          : []) ?? [];
    if (added.length > 0) {
      const close = text.lastIndexOf("}");
      text = text.slice(0, close) + added.map((member) => `    ${member}\n`).join("") + text.slice(close);
    }
    taken.push(text);
  }
  const header = readFileSync(join(libDir, "lib.webworker.d.ts"), "utf8").match(/^\/\*![\s\S]*?\*\//)[0];
  return [
    header,
    "",
    "// The globals of the isapi-ts engine, for handlers: generated by",
    "// ts/isapi/scripts/engine-types.mjs from TypeScript's lib.webworker.d.ts",
    "// (declarations only) and the engine's list of globals. Do not edit; regenerate.",
    "",
    ...ES_LIBS.map((lib) => `/// <reference lib="${lib}" />`),
    "",
    HAND_WRITTEN.trim(),
    "",
    ...taken,
    "",
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = generate();
  if (process.argv.includes("--check")) {
    if (readFileSync(output, "utf8") !== text) {
      console.error(`${output} is stale: run node ts/isapi/scripts/engine-types.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(output, text);
    console.log(`wrote ${output}`);
  }
}
