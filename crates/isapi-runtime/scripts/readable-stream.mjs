#!/usr/bin/env node
// Writes crates/isapi-runtime/js/node/internal/readable_stream.js: the npm package
// `readable-stream` (Node's own stream implementation, published by the Node.js project;
// version pinned in the root package.json) bundled by esbuild into one ES module, the JS
// side of node:stream (issue 19 allows it: Node's stream semantics are too large to
// rewrite, and this is Node's code). Its dependencies are our modules, never second copies:
// `buffer`, `events`, `string_decoder` and `process` are ../buffer.js, ../events.js,
// ../string_decoder.js and ../process.js; `abort-controller` and `Blob` are the platform's
// (../../abort.js, ../../blob.js), imported rather than read from lazy globals.
//
//   node crates/isapi-runtime/scripts/readable-stream.mjs          (re)write it
//   node crates/isapi-runtime/scripts/readable-stream.mjs --check  exit 1 if it is stale
//
// test/node-stream-bundle.test.ts runs --check. License: readable-stream is MIT (the
// notice is kept in the output's header).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const esbuild = require("esbuild");

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const output = join(here, "..", "js", "node", "internal", "readable_stream.js");
const packageDir = join(root, "node_modules", "readable-stream");
const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
const license = readFileSync(join(packageDir, "LICENSE"), "utf8");

/** The bare modules readable-stream requires, as ES modules over ours (paths from js/node/internal/). */
const SHIMS = {
  buffer: 'export { Buffer } from "../buffer.js";\nexport { Blob } from "../../blob.js";',
  events:
    'import * as events from "../events.js";\n' +
    "export const EventEmitter = events.EventEmitter;\n" +
    "export const addAbortListener = events.addAbortListener;",
  "string_decoder/": 'export { StringDecoder } from "../string_decoder.js";',
  "process/": 'import process from "../process.js";\nexport default process;',
  "abort-controller": 'export { AbortController, AbortSignal } from "../../abort.js";',
  "isapi-errors": 'export { codedError } from "./errors.js";',
};

/** readable-stream's error class (ours/errors.js), replaced by ours. */
const ERRORS_CLASS = "  class NodeError extends Base {\n    constructor(...args) {\n      super(getMessage(code, message, args))\n    }\n    toString() {\n      return `${this.name} [${code}]: ${this.message}`\n    }\n  }\n  Object.defineProperties(NodeError.prototype, {\n    name: {\n      value: Base.name,\n      writable: true,\n      enumerable: false,\n      configurable: true\n    },\n    toString: {\n      value() {\n        return `${this.name} [${code}]: ${this.message}`\n      },\n      writable: true,\n      enumerable: false,\n      configurable: true\n    }\n  })\n  NodeError.prototype.code = code\n  NodeError.prototype[kIsNodeError] = true\n";

/** Source edits, each required to apply exactly as many times as given (a package update that moves them fails here). */
const EDITS = [
  // Lazy globals are not read by platform code: the shims import them.
  { from: "globalThis.AbortController || ", to: "", count: 3, files: ["operators.js", "duplexify.js", "pipeline.js"] },
  { from: "globalThis.AbortSignal || ", to: "", count: 1, files: ["util.js"] },
  { from: "globalThis.AbortController || ", to: "", count: 1, files: ["util.js"] },
  { from: "globalThis.Blob || ", to: "", count: 2, files: ["util.js", "duplexify.js"] },
  // Node's errors come from our one home of them (internal/errors.js): an own `code`,
  // the built-in class as constructor, and `Name [CODE]: message` as Node prints them.
  {
    from: ERRORS_CLASS,
    to: "  function NodeError(...args) {\n    return require('isapi-errors').codedError(Base, code, getMessage(code, message, args))\n  }\n",
    count: 1,
    files: ["errors.js"],
  },
  // Node 20 takes any ArrayBufferView as a chunk (readable-stream 4, Node 18's, only Uint8Array).
  {
    from: "Stream._isUint8Array(chunk)",
    to: "ArrayBuffer.isView(chunk)",
    count: 2,
    files: ["readable.js", "writable.js"],
  },
  // Node 20 measures write()'s answer after a synchronous _write (whose callback may
  // already have emptied the buffer); readable-stream before it.
  {
    from: "  // stream._write resets state.length\n  const ret = state.length < state.highWaterMark\n  // We must ensure that previous needDrain will not be reset to false.\n  if (!ret) state.needDrain = true\n",
    to: "",
    count: 1,
    files: ["writable.js"],
  },
  {
    from: "  // Return false if errored or destroyed in order to break\n",
    to: "  const ret = state.length < state.highWaterMark\n  if (!ret) state.needDrain = true\n  // Return false if errored or destroyed in order to break\n",
    count: 1,
    files: ["writable.js"],
  },
  {
    from: "['string', 'Buffer', 'Uint8Array']",
    to: "['string', 'Buffer', 'TypedArray', 'DataView']",
    count: 2,
    files: ["readable.js", "writable.js"],
  },
];

/** @type {import("esbuild").Plugin} */
const ours = {
  name: "isapi-node-modules",
  setup(build) {
    build.onResolve({ filter: /^(buffer|events|string_decoder\/|process\/|abort-controller|isapi-errors)$/ }, (args) => ({
      path: args.path,
      namespace: "shim",
    }));
    build.onLoad({ filter: /.*/, namespace: "shim" }, (args) => ({
      contents: SHIMS[/** @type {keyof typeof SHIMS} */ (args.path)],
      loader: "js",
      resolveDir: here,
    }));
    // The shims' own imports stay imports of our modules.
    build.onResolve({ filter: /^\.\.?\/(\.\.\/)?[a-z_]+\.js$/ }, (args) =>
      args.namespace === "shim" ? { path: args.path, external: true } : undefined,
    );
    const applied = new Map();
    build.onLoad({ filter: /readable-stream[\\/]lib[\\/].*\.js$/ }, (args) => {
      let source = readFileSync(args.path, "utf8");
      const file = args.path.split(/[\\/]/).pop() ?? "";
      for (const [i, edit] of EDITS.entries()) {
        if (!edit.files.includes(file)) continue;
        const parts = source.split(edit.from);
        applied.set(i, (applied.get(i) ?? 0) + parts.length - 1);
        source = parts.join(edit.to);
      }
      return { contents: source, loader: "js" };
    });
    build.onEnd(() => {
      for (const [i, edit] of EDITS.entries()) {
        if ((applied.get(i) ?? 0) !== edit.count) {
          throw new Error(`edit ${JSON.stringify(edit.from)} applied ${applied.get(i) ?? 0} times, not ${edit.count}`);
        }
      }
    });
  },
};

const result = await esbuild.build({
  stdin: {
    contents: 'import stream from "./lib/ours/browser.js";\nexport default stream;\n',
    resolveDir: packageDir,
    sourcefile: "readable-stream-entry.js",
  },
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2023",
  write: false,
  legalComments: "none",
  plugins: [ours],
  logLevel: "silent",
});

const header =
  `// GENERATED by crates/isapi-runtime/scripts/readable-stream.mjs from readable-stream ${version}\n` +
  "// (npm; Node's streams as a package). Do not edit: change the script or the pinned version\n" +
  "// in package.json and run `node crates/isapi-runtime/scripts/readable-stream.mjs`.\n" +
  "// Not type-checked nor formatted (tsconfig.json and .prettierignore exclude it): it is\n" +
  "// generated third-party code.\n//\n" +
  license
    .trim()
    .split("\n")
    .map((line) => `// ${line}`.trimEnd())
    .join("\n") +
  "\n// @ts-nocheck\n";
const text = header + result.outputFiles[0].text;

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(output, "utf8");
  } catch {}
  if (current !== text) {
    console.error(`${output} is stale: run node crates/isapi-runtime/scripts/readable-stream.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(output, text);
  console.log(`wrote ${output} (${text.length} bytes)`);
}
