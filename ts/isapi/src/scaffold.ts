/**
 * `isapi new <name>`: a handler to start from — `<name>.ts`, a `web.config` mounting it
 * (through {@link install}), a test that runs it in its library and in Node, and a
 * package.json with the scripts and a tsconfig.json typing the handlers with the engine's
 * globals (each only if the folder has none).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { install } from "./install.js";
import { handlerLibrarySuffix } from "./library.js";

export interface ScaffoldOptions {
  name: string;
  /** Where to write; default the current directory. */
  dir?: string;
  /** A filter (SimpleFilter) instead of an extension. */
  filter?: boolean;
  /** A ThreadPoolExtension (Dispatch on the library's workers). */
  threaded?: boolean;
  /** A web-standard `export default { fetch }` handler. */
  fetch?: boolean;
  /** Overwrite existing files. */
  force?: boolean;
}

export interface ScaffoldResult {
  files: string[];
}

export class ScaffoldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScaffoldError";
  }
}

export function scaffold(options: ScaffoldOptions): ScaffoldResult {
  const { name } = options;
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) {
    throw new ScaffoldError(`invalid handler name ${JSON.stringify(name)}: letters, digits, _ and - only`);
  }
  if ([options.filter, options.threaded, options.fetch].filter(Boolean).length > 1) {
    throw new ScaffoldError("choose one of --filter, --threaded and --fetch");
  }
  const dir = resolve(options.dir ?? ".");
  mkdirSync(dir, { recursive: true });
  const source = join(dir, `${name}.ts`);
  const test = join(dir, `${name}.test.ts`);
  for (const path of [source, test]) {
    if (existsSync(path) && !options.force) {
      throw new ScaffoldError(`${path} exists; pass --force to overwrite it`);
    }
  }
  const kind = options.filter ? "filter" : options.threaded ? "threaded" : options.fetch ? "fetch" : "simple";
  writeFileSync(source, HANDLERS[kind](name));
  writeFileSync(test, testFile(name, kind === "filter"));
  const library = `dist/_${name}${handlerLibrarySuffix()}`;
  const installed = install(
    kind === "filter"
      ? { site: dir, filters: [{ name, library }], appPool: false }
      : { site: dir, handlers: [{ name, path: `/${name}/*`, library }], appPool: false },
  );
  const files = [source, test, installed.webConfig];
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) {
    writeFileSync(
      manifest,
      JSON.stringify(
        {
          name,
          private: true,
          type: "module",
          scripts: {
            build: `isapi build ${name}.ts`,
            serve: "isapi serve web.config --watch",
            test: "isapi build " + `${name}.ts && tap ${name}.test.ts`,
          },
          devDependencies: { "isapi-ts": "^0.1.0", tap: "^21.0.0", typescript: "~6.0.3" },
        },
        null,
        2,
      ) + "\n",
    );
    files.push(manifest);
  }
  const tsconfig = join(dir, "tsconfig.json");
  if (!existsSync(tsconfig)) {
    writeFileSync(tsconfig, JSON.stringify(HANDLER_TSCONFIG, null, 2) + "\n");
    files.push(tsconfig);
  }
  return { files };
}

/**
 * The editor's view of the handlers, the same as `isapi build`'s check: the engine's globals
 * (`isapi-ts/engine` references the ES libraries it has; `lib: []` adds none, so no DOM) and
 * Node's modules and globals (`isapi-ts/node`). The tests beside them run in Node and are
 * left to the editor's defaults.
 */
const HANDLER_TSCONFIG = {
  compilerOptions: {
    target: "ES2023",
    module: "ESNext",
    moduleResolution: "Bundler",
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    lib: [],
    types: ["isapi-ts/engine", "isapi-ts/node"],
  },
  include: ["*.ts"],
  exclude: ["*.test.ts", "dist"],
};

const HANDLERS: Record<"simple" | "threaded" | "fetch" | "filter", (name: string) => string> = {
  simple: (
    name,
  ) => `import { HSE_STATUS_SUCCESS, SimpleExtension, type ExtensionControlBlock } from "isapi-ts";

/** Answers every request under /${name}/ with a greeting. */
class Handler extends SimpleExtension {
  HttpExtensionProc(ecb: ExtensionControlBlock): number {
    const who = new URLSearchParams(ecb.QueryString).get("name") ?? "world";
    ecb.SendResponseHeaders("200 OK", { "Content-Type": "text/plain; charset=utf-8" });
    ecb.WriteClient(\`Hello, \${who}!\\n\`);
    return HSE_STATUS_SUCCESS;
  }
}

export function __ExtensionFactory__() {
  return new Handler();
}
`,
  threaded: (
    name,
  ) => `import { HSE_STATUS_SUCCESS, ThreadPoolExtension, type ExtensionControlBlock } from "isapi-ts";

/** Answers every request under /${name}/ from the library's worker engines. */
class Handler extends ThreadPoolExtension {
  async Dispatch(ecb: ExtensionControlBlock): Promise<number> {
    const who = new URLSearchParams(ecb.QueryString).get("name") ?? "world";
    ecb.SendResponseHeaders("200 OK", { "Content-Type": "text/plain; charset=utf-8" });
    await ecb.WriteClientAsync(\`Hello, \${who}!\\n\`);
    return HSE_STATUS_SUCCESS;
  }
}

export function __ExtensionFactory__() {
  return new Handler();
}
`,
  fetch: (name) => `/** A web-standard handler: a Request in, a Response out. Mounted at /${name}/. */
export default {
  fetch(request: Request): Response {
    const who = new URL(request.url).searchParams.get("name") ?? "world";
    return new Response(\`Hello, \${who}!\\n\`, { headers: { "content-type": "text/plain; charset=utf-8" } });
  },
};
`,
  filter: (
    name,
  ) => `import { SF_NOTIFY_SEND_RESPONSE, SimpleFilter, type FilterContext, type HeaderData } from "isapi-ts";

/** Adds an X-${name} header to every response of the site. */
class Filter extends SimpleFilter {
  override filter_flags = SF_NOTIFY_SEND_RESPONSE;

  HttpFilterProc(fc: FilterContext): void {
    (fc.GetData() as HeaderData).SetHeader("X-${name}:", "on");
  }
}

export function __FilterFactory__() {
  return new Filter();
}
`,
};

function testFile(name: string, filter: boolean): string {
  // The same check on the library's answer (QuickJS under the real host) and on that of
  // the handler running in Node (loadHandler: breakpoints, node --inspect).
  const url = filter ? "/" : `/${name}/?name=Ada`;
  const [viaLibrary, inNode] = filter
    ? [
        `  t.equal(response.headers.get("x-${name}"), "on");`,
        `  t.equal(response.headers["x-${name}"], "on");`,
      ]
    : [
        `  t.same([response.status, await response.text()], [200, "Hello, Ada!\\n"]);`,
        `  t.same([response.status, response.text()], [200, "Hello, Ada!\\n"]);`,
      ];
  return `// ${name}.ts under test twice: built into its ISAPI library and served by the real host,
// then in Node behind the same host (debug it with \`npx tap --node-arg=--inspect-brk\`).
import t from "tap";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { buildHandler, serve } from "isapi-ts/tools";
import { loadHandler } from "isapi-ts/testing";

const here = dirname(fileURLToPath(import.meta.url));

t.test("${name} answers through the ISAPI library", async (t) => {
  await buildHandler({ entry: "${name}.ts", cwd: here });
  const server = await serve({ config: \`\${here}/web.config\` });
  t.teardown(() => server.close());
  const response = await fetch(\`\${server.url}${url}\`);
${viaLibrary}
});

t.test("${name} answers the same running in Node", async (t) => {
  const handler = await loadHandler(\`\${here}/${name}.ts\`, { config: \`\${here}/web.config\` });
  t.teardown(() => handler.close());
  const response = await handler.request({ url: "${url}" });
${inNode}
});
`;
}
