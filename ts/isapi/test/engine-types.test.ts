// The engine's types (ts/isapi/types/engine.d.ts) as a handler's project meets them: the
// file is what its generator makes now, `isapi build` (the real CLI) checks a handler
// against them and @types/node's (types/node.d.ts), not against the DOM's, each scaffold kind passes that check,
// and the repository's own handler code (samples, bench) does too. That the declared
// globals are the engine's, both ways, is test/engine-globals.e2e.test.ts.
import t from "tap";
import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { isapi, project } from "./cli-project.js";
import { fakeNative } from "./fake-libraries.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

/** A project folder as a user has one: `typescript` and `isapi-ts` installed. */
function userProject(files: Record<string, string>): string {
  const dir = project({ ...files, "lib.bin": fakeNative() }, "isapi-types-");
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(root, "node_modules", "typescript"), join(dir, "node_modules", "typescript"), "dir");
  symlinkSync(join(root, "ts", "isapi"), join(dir, "node_modules", "isapi-ts"), "dir");
  return dir;
}

const DOM = `
export default {
  fetch(request: Request): Response {
    document.title = request.url;
    return new Response(window.location.href + localStorage.getItem("k"));
  },
};
`;

const NODE = `
import { readFileSync } from "node:fs";
import path from "path";
import { EventEmitter } from "node:events";

export default {
  fetch(request: Request): Response {
    const mode = process.env["MODE"] ?? Buffer.from("x").toString("hex");
    setImmediate(() => new EventEmitter().emit("done"));
    return new Response(mode + path.join("a", "b") + typeof readFileSync + new URL(request.url).pathname);
  },
};
`;

const WEB = `
import { ThreadPoolExtension, type ExtensionControlBlock } from "isapi-ts";

const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode("x"));
const when = new Intl.DateTimeFormat("de", { timeZone: "Europe/Berlin" }).format(new Date(0));
const route = new URLPattern({ pathname: "/users/:id" });
const copy = structuredClone({ a: [1, 2] });
const wasm = await WebAssembly.instantiate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));

export default {
  async fetch(request: Request): Promise<Response> {
    const form = await request.formData();
    const names = [...form.keys()];
    const id = route.exec(request.url)?.pathname.groups["id"];
    const gzip = new Response(JSON.stringify(names)).body!.pipeThrough(new CompressionStream("gzip"));
    let size = 0;
    for await (const chunk of gzip) size += chunk.byteLength;
    const signal = AbortSignal.timeout(1000);
    performance.mark("done");
    return Response.json({ digest: digest.byteLength, when, id, copy, exports: Object.keys(wasm.instance.exports), size, aborted: signal.aborted, agent: navigator.userAgent });
  },
};

export class Threaded extends ThreadPoolExtension {
  async Dispatch(ecb: ExtensionControlBlock): Promise<number> {
    queueMicrotask(() => console.log(ecb.Method));
    setTimeout(() => console.warn("later"), 1);
    return 0;
  }
}
`;

t.test("engine.d.ts is what scripts/engine-types.mjs makes from GLOBALS and TypeScript's libs", async (t) => {
  const run = spawnSync(
    process.execPath,
    [join(root, "ts", "isapi", "scripts", "engine-types.mjs"), "--check"],
    {
      encoding: "utf8",
    },
  );
  t.equal(run.status, 0, run.stderr);
});

t.test("isapi build refuses a handler using the DOM's globals", async (t) => {
  // Even with a tsconfig that asks for the DOM: the check is the engine's.
  const tsconfig = JSON.stringify({
    compilerOptions: { strict: true, lib: ["ES2022", "DOM"], types: ["node"] },
  });
  const projects: Record<string, string>[] = [{ "x.ts": DOM }, { "x.ts": DOM, "tsconfig.json": tsconfig }];
  for (const files of projects) {
    const dir = userProject(files);
    const run = isapi(dir, "build", "x.ts", "--dll", "lib.bin");
    t.not(run.status, 0, "the build fails");
    t.match(run.stderr, /x\.ts:4:\d+: error TS\d+: Cannot find name 'document': a browser \(DOM\) global/);
    t.match(run.stderr, /Cannot find name 'window'/);
    t.match(run.stderr, /Cannot find name 'localStorage'/);
    t.match(run.stderr, /checked against the engine's globals, isapi-ts\/engine/);
  }
});

t.test("isapi build type-checks Node's modules and globals with @types/node", async (t) => {
  // The check passes (whether the build then finds each module is the bundler's part:
  // ts/isapi/test/node-builtins.test.ts).
  const dir = userProject({ "x.ts": NODE });
  const run = isapi(dir, "build", "x.ts", "--dll", "lib.bin");
  t.notMatch(run.stderr, /type errors/, run.stderr);
  // A module the engine lacks passes the check (@types/node declares it) and fails the build.
  const lacking = userProject({
    "x.ts": `import { spawn } from "node:child_process";\nexport default { fetch: () => new Response(String(spawn)) };\n`,
  });
  const failed = isapi(lacking, "build", "x.ts", "--dll", "lib.bin");
  t.not(failed.status, 0);
  t.match(failed.stderr, /x\.ts imports "node:child_process", a Node core module isapi-ts does not provide/);
});

t.test("isapi build passes a handler using the web platform's globals", async (t) => {
  const dir = userProject({ "x.ts": WEB });
  const run = isapi(dir, "build", "x.ts", "--dll", "lib.bin");
  t.equal(run.status, 0, run.stderr);
});

t.test("what the engine lacks of the DOM's and the worker's navigator fails", async (t) => {
  // (console.table and console.time type-check: @types/node's Console declares them.)
  const dir = userProject({
    "x.ts": `navigator.language; new XMLHttpRequest(); importScripts("a.js");\nexport {};\n`,
  });
  const run = isapi(dir, "build", "x.ts", "--dll", "lib.bin");
  t.not(run.status, 0);
  t.match(run.stderr, /Property 'language' does not exist on type 'Navigator'/);
  t.match(run.stderr, /Cannot find name 'XMLHttpRequest'/);
  t.match(run.stderr, /Cannot find name 'importScripts'/);
});

t.test(
  "each `isapi new` kind passes the check, and its tsconfig gives an editor the same types",
  async (t) => {
    for (const kind of ["", "--threaded", "--fetch", "--filter"]) {
      const dir = userProject({});
      const created = isapi(dir, "new", "h", ...(kind ? [kind] : []));
      t.equal(created.status, 0, created.stderr);
      const built = isapi(dir, "build", "h.ts", "--dll", "lib.bin");
      t.equal(built.status, 0, `${kind || "simple"}: ${built.stderr}`);
      // The scaffold's tsconfig.json (types: ["isapi-ts/engine"]) through the package's exports.
      const editor = spawnSync(process.execPath, [tsc, "-p", dir, "--pretty", "false"], { encoding: "utf8" });
      t.equal(editor.status, 0, `${kind || "simple"}: tsc -p\n${editor.stdout}${editor.stderr}`);
    }
  },
);

t.test("the repository's handler code (samples, bench) type-checks against the engine", async (t) => {
  for (const folder of ["samples", "bench"]) {
    const run = spawnSync(process.execPath, [tsc, "-p", join(root, folder), "--pretty", "false"], {
      encoding: "utf8",
    });
    t.equal(run.status, 0, `${folder}:\n${run.stdout}${run.stderr}`);
  }
});
