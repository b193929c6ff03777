// The engine's declared globals (ts/isapi/types/engine.d.ts with the ES libraries it
// references, as `isapi build` checks a handler) against the globals the engine has: a script
// run by isapi-run lists globalThis's own names (the lazy web globals are own accessors, so
// they are listed without being loaded) and the members of the namespace-like globals, and
// the TypeScript compiler lists what the declarations put in a handler's scope. Both ways:
// what is declared but absent would pass the type check and fail at run time; what is
// present but undeclared is a handler refused for no reason.
import t from "tap";
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";

import { root } from "./support/site.js";
import { tempDir } from "./support/temp.js";

const ENGINE_TYPES = join(root, "ts", "isapi", "types", "engine.d.ts");
const isapiRun = join(root, "target", "debug", process.platform === "win32" ? "isapi-run.exe" : "isapi-run");

/**
 * Objects from the ES libraries whose members are compared too (every global of engine.d.ts
 * is: a constructor's statics and prototype, an object's members, a namespace's exports).
 */
const ES_OBJECTS = ["Intl"];

/**
 * The names that legitimately differ, each with its reason: `<name>` for a global,
 * `<global>.<member>` for a static or an object's member, `<global>.prototype.<member>` for
 * an instance's. `declared` ones are in the types but not the engine; `engine` ones the
 * other way round.
 */
const ALLOWED: { declared: Record<string, string>; engine: Record<string, string> } = {
  declared: {
    "Intl.DisplayNames":
      "declared by TypeScript's es2020.intl, which the rest of Intl needs; not in the engine yet",
    "Intl.supportedValuesOf":
      "declared by TypeScript's es2022.intl, which the rest of Intl needs; not in the engine yet",
    "DOMException.prototype.cause":
      "Error's, an own property of an instance given one (not on the prototype)",
  },
  engine: {
    InternalError: "QuickJS's error for engine limits (too much recursion); in no standard or TypeScript lib",
  },
};

/**
 * Node's globals, when the engine has them (GLOBALS in modules.rs): declared by @types/node
 * through types/node.d.ts (isapi-ts/node), which isapi build checks handlers against beside
 * engine.d.ts (scripts/engine-types.mjs leaves them out of it); their members are compared
 * with Node's by the conformance scripts.
 */
const NODE_GLOBALS = new Set(["process", "Buffer", "global", "setImmediate", "clearImmediate"]);

/** What the engine has: run in isapi-run, printed as JSON: name → member names. */
const probe = (paths: string[]) => `
const members = (value) => {
  const names = new Set();
  for (let o = value; o != null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) names.add(name);
  }
  return [...names];
};
const noise = new Set(["length", "name", "prototype"]);
const out = { "": Object.getOwnPropertyNames(globalThis) };
for (const [path, kind] of ${JSON.stringify(paths.map((p) => p.split(":")))}) {
  const value = path.split(".").reduce((o, key) => o[key], globalThis);
  if (kind === "constructor") {
    out[path] = Object.getOwnPropertyNames(value).filter((name) => !noise.has(name));
    out[path + ".prototype"] = members(value.prototype);
  } else {
    out[path] = members(value);
  }
}
console.log(JSON.stringify(out));
`;

type Names = Record<string, string[]>;

const OBJECT_MEMBERS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** What a handler's scope declares: the engine's types and the ES libraries they reference;
 * `""` → the globals, and the members of each object as for the probe. */
function declaredNames(): { names: Names; paths: string[] } {
  const program = ts.createProgram([ENGINE_TYPES], { lib: [], types: [], noEmit: true, strict: true });
  const errors = ts.getPreEmitDiagnostics(program);
  if (errors.length > 0) {
    throw new Error(ts.formatDiagnostics(errors, ts.createCompilerHost({})));
  }
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(ENGINE_TYPES)!;
  const scope = checker.getSymbolsInScope(file, ts.SymbolFlags.Value);
  const names: Names = { "": scope.map((symbol) => symbol.name) };
  const paths: string[] = [];
  const properties = (type: ts.Type) =>
    type
      .getProperties()
      .map((s) => s.name)
      .filter((name) => !name.startsWith("__@")); // symbol-keyed
  for (const symbol of scope) {
    const ours = symbol.declarations?.every((d) => d.getSourceFile() === file) ?? false;
    if (!ours && !ES_OBJECTS.includes(symbol.name)) continue;
    if (symbol.name === "self" || symbol.name === "globalThis" || symbol.flags & ts.SymbolFlags.Function)
      continue; // both are the global object
    const path = symbol.name;
    if (symbol.flags & ts.SymbolFlags.ValueModule) {
      names[path] = checker
        .getExportsOfModule(symbol)
        .filter((s) => s.flags & ts.SymbolFlags.Value)
        .map((s) => s.name);
      paths.push(`${path}:object`);
      continue;
    }
    const type = checker.getTypeOfSymbol(symbol);
    const prototype = type.getProperty("prototype");
    if (prototype) {
      names[path] = properties(type).filter((name) => name !== "prototype");
      names[`${path}.prototype`] = properties(checker.getTypeOfSymbol(prototype));
      paths.push(`${path}:constructor`);
    } else {
      names[path] = properties(type);
      paths.push(`${path}:object`);
    }
  }
  // crypto.subtle, an object reached from a global.
  const crypto = scope.find((s) => s.name === "crypto")!;
  names["crypto.subtle"] = properties(
    checker.getTypeOfSymbol(checker.getTypeOfSymbol(crypto).getProperty("subtle")!),
  );
  paths.push("crypto.subtle:object");
  return { names, paths };
}

function engineNames(paths: string[]): Names {
  const dir = tempDir(join(tmpdir(), "isapi-globals-"));
  const script = join(dir, "probe.mjs");
  writeFileSync(script, probe(paths));
  const run = spawnSync(isapiRun, [script], { encoding: "utf8", timeout: 60_000 });
  if (run.status !== 0) throw new Error(`isapi-run failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

t.test("the declared globals and their members are the engine's, both ways", async (t) => {
  if (!existsSync(isapiRun)) return t.fail(`${isapiRun} is missing: cargo build -p isapi-runtime`);
  const declared = declaredNames();
  const engine = engineNames(declared.paths);
  // `undefined` is a keyword to TypeScript, not a declared name.
  declared.names[""]!.push("undefined");
  for (const [path, declares] of Object.entries(declared.names)) {
    const prefix = path === "" ? "" : `${path}.`;
    const has = new Set(engine[path] ?? []);
    const types = new Set(declares);
    const missing = declares.filter((n) => !has.has(n) && !(prefix + n in ALLOWED.declared)).sort();
    // Object.prototype's members are every object's, also to TypeScript (not listed).
    const extra = [...has]
      .filter((n) => !types.has(n) && !OBJECT_MEMBERS.has(n) && !(prefix + n in ALLOWED.engine))
      .filter((n) => !(path === "" && NODE_GLOBALS.has(n)))
      .sort();
    const what = path === "" ? "globals" : path;
    t.same(missing, [], `${what}: declared for handlers but not in the engine`);
    t.same(extra, [], `${what}: in the engine but not declared`);
  }
  // Every allowance still applies (an entry whose difference is gone must go too).
  const split = (name: string): [string, string] => {
    const dot = name.lastIndexOf(".");
    return dot < 0 ? ["", name] : [name.slice(0, dot), name.slice(dot + 1)];
  };
  for (const name of Object.keys(ALLOWED.declared)) {
    const [path, member] = split(name);
    t.notOk(
      engine[path]?.includes(member),
      `${name} is still absent from the engine (else drop its allowance)`,
    );
  }
  for (const name of Object.keys(ALLOWED.engine)) {
    const [path, member] = split(name);
    t.ok(engine[path]?.includes(member), `${name} is still in the engine (else drop its allowance)`);
  }
});
