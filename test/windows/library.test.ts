// The Windows library under Wine, beyond the samples: reload on change, a throwing handler
// and a refusing filter (answered as on Linux), a copy named `_my.app.dll` loading
// `my.app.js` (GetModuleFileNameW), a site folder with spaces and non-ASCII characters,
// bytecode, a bounded load, and a clean shutdown (TerminateExtension, TerminateFilter,
// FreeLibrary). One site, built once: the same bundles serve both platforms, beside
// `_<name>.so` (web.linux.config) and `_<name>.dll` (web.config).
import t from "tap";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { join } from "node:path";

import { runCases, type Case } from "../support/sample-requests.js";
import {
  buildWithCli,
  native,
  root,
  send,
  startHost,
  webConfig,
  windows,
  windowsSkip,
  type RunningHost,
  logContains,
} from "../support/site.js";
import { tempDir } from "../support/temp.js";

const skip = windowsSkip(t);

const APP = `import { SimpleExtension, type ExtensionControlBlock } from "isapi-ts";

class App extends SimpleExtension {
  HttpExtensionProc(ecb: ExtensionControlBlock): number {
    ecb.SendResponseHeaders("200 OK", { "Content-Type": "text/plain; charset=utf-8" });
    if (ecb.Method === "POST") {
      for (let chunk = ecb.ReadClient(); chunk.length > 0; chunk = ecb.ReadClient()) ecb.WriteClient(chunk);
    } else {
      ecb.WriteClient("my.app serves " + ecb.GetServerVariable("URL") + " from " + ecb.MapURLToPath("/"));
    }
    return 1;
  }

  override TerminateExtension(status: number): boolean {
    console.log("my.app: TerminateExtension(" + status + ")");
    return true;
  }
}

export const __ExtensionFactory__ = () => new App();
`;

const RELOAD = `import { SimpleExtension, type ExtensionControlBlock } from "isapi-ts";

class Versioned extends SimpleExtension {
  HttpExtensionProc(ecb: ExtensionControlBlock): number {
    ecb.SendResponseHeaders("200 OK", { "Content-Type": "text/plain" });
    ecb.WriteClient("version one");
    return 1;
  }
}

export const __ExtensionFactory__ = () => new Versioned();
`;

const BOOM = `import { SimpleExtension, type ExtensionControlBlock } from "isapi-ts";

class Boom extends SimpleExtension {
  HttpExtensionProc(_ecb: ExtensionControlBlock): number {
    throw new Error("boom on purpose");
  }
}

export const __ExtensionFactory__ = () => new Boom();
`;

const GUARD = `import {
  SF_NOTIFY_PREPROC_HEADERS,
  SF_STATUS_REQ_ERROR,
  SimpleFilter,
  type FilterContext,
} from "isapi-ts";

class Guard extends SimpleFilter {
  override filter_flags = SF_NOTIFY_PREPROC_HEADERS;

  HttpFilterProc(fc: FilterContext): number | void {
    const url = fc.GetServerVariable("URL");
    if (url === "/throw.txt") throw new Error("guard throws on purpose");
    if (url === "/denied.txt") {
      fc.SetLastError(5); // ERROR_ACCESS_DENIED
      return SF_STATUS_REQ_ERROR;
    }
  }

  override TerminateFilter(status: number): boolean {
    console.log("guard: TerminateFilter(" + status + ")");
    return true;
  }
}

export const __FilterFactory__ = () => new Guard();
`;

const HANDLERS: [string, string][] = [
  ["/app/*", "my.app"],
  ["/reload/*", "reload"],
  ["/boom/*", "boom"],
  ["/compiled/*", "compiled"],
  ["/wcompiled/*", "wcompiled"],
];

let site = "";
let win: RunningHost | undefined;
let linux: RunningHost | undefined;

t.before(async () => {
  if (skip) return;
  // Inside the repository, so that the handlers resolve "isapi-ts" (the workspace package).
  mkdirSync(join(root, "target"), { recursive: true });
  site = join(tempDir(join(root, "target", "tap-windows-")), "site dir ü ñ 日本");
  const dist = join(site, "dist");
  mkdirSync(site, { recursive: true });
  writeFileSync(join(site, "app.ts"), APP);
  writeFileSync(join(site, "reload.ts"), RELOAD);
  writeFileSync(join(site, "boom.ts"), BOOM);
  writeFileSync(join(site, "guard.ts"), GUARD);
  writeFileSync(join(site, "plain.txt"), "plain\n");
  writeFileSync(join(site, "throw.txt"), "never served\n");
  writeFileSync(join(site, "denied.txt"), "never served\n");
  for (const platform of [native, windows]) {
    buildWithCli(join(site, "app.ts"), dist, ["--name", "my.app"], platform);
    buildWithCli(join(site, "reload.ts"), dist, [], platform);
    buildWithCli(join(site, "boom.ts"), dist, [], platform);
    buildWithCli(join(site, "guard.ts"), dist, [], platform);
  }
  // Bytecode from the Linux isapi-compile (what `isapi build --windows --bytecode` uses)...
  buildWithCli(join(site, "app.ts"), dist, ["--name", "compiled", "--bytecode"], windows);
  // ...and from isapi-compile.exe, run by Wine.
  const wrapper = join(site, "isapi-compile-wine.sh");
  const wine = windows.command(join(windows.library, "..", "isapi-compile.exe"), []);
  const env = Object.entries(wine.env).map(([name, value]) => `${name}=${JSON.stringify(value)} `);
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec env ${env.join("")}${wine.program} ${wine.args.map((a) => JSON.stringify(a)).join(" ")} "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  buildWithCli(
    join(site, "app.ts"),
    dist,
    ["--name", "wcompiled", "--bytecode", "--compiler", wrapper],
    windows,
  );

  writeFileSync(join(site, "web.config"), webConfig(HANDLERS, ["guard"], ["*.txt"], windows));
  writeFileSync(
    join(site, "web.linux.config"),
    webConfig(HANDLERS.slice(0, 3), ["guard"], ["*.txt"], native),
  );
  const env2 = { ISAPI_TS_WATCH_MS: "100", ISAPI_TS_LOG: "info,isapi_js::bytecode=debug" };
  win = await startHost(join(site, "web.config"), env2, windows);
  linux = await startHost(join(site, "web.linux.config"), env2, native);
});
t.teardown(async () => {
  linux?.stop();
  await win?.close();
});

t.test(
  "_my.app.dll loads my.app.js, from a folder with spaces and non-ASCII characters",
  { skip },
  async (t) => {
    const reply = await send(win!.port, "GET", "/app/x");
    t.equal(reply.status, 200, win!.log());
    t.equal(reply.text, `my.app serves /app/x from ${windows.hostPath(site)}\\`);
    t.ok(await logContains(win!, `loaded ${windows.hostPath(join(site, "dist", "my.app.js"))}`), win!.log());
  },
);

t.test("a bounded load: a GET and 200 POSTs, all 200, every echo whole", { skip }, async (t) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  t.teardown(() => agent.destroy());
  t.equal((await send(win!.port, "GET", "/app/load", undefined, {}, agent)).status, 200);
  const statuses: Record<number, number> = {};
  let wrong = 0;
  await Promise.all(
    Array.from({ length: 4 }, async (_, lane) => {
      for (let i = lane; i < 200; i += 4) {
        const body = Buffer.from(`post ${i} `.repeat(1 + (i % 50)));
        const reply = await send(win!.port, "POST", "/app/echo", body, {}, agent);
        statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
        if (!reply.body.equals(body)) wrong++;
      }
    }),
  );
  t.same(statuses, { 200: 200 });
  t.equal(wrong, 0, "no echo differs from what was sent");
});

t.test("a throwing handler and a refusing or throwing filter answer as on Linux", { skip }, async (t) => {
  const cases: Case[] = [
    { path: "/boom/x", status: 500 },
    { path: "/plain.txt", status: 200 },
    { path: "/denied.txt", status: 401 },
    { path: "/throw.txt", status: 500 },
    { path: "/app/after", status: 200 },
  ];
  // The handler names its site's folder, which each host spells its own way.
  const onLinux = await runCases(linux!.port, cases, [[`${site}/`, "<site>"]]);
  const onWindows = await runCases(win!.port, cases, [[`${windows.hostPath(site)}\\`, "<site>"]]);
  cases.forEach((c, i) => {
    t.equal(onWindows[i]!.status, c.status, `${c.path}: Windows status`);
    t.same(onWindows[i], onLinux[i], `${c.path}: Windows answers as Linux`);
  });
  t.notMatch(onWindows[0]!.body, /boom on purpose/, "no details to the client");
  t.ok(await logContains(win!, "boom on purpose"), "the handler's error is logged");
  t.ok(await logContains(win!, "guard throws on purpose"), "the filter's error is logged");
});

t.test(
  "bytecode: a .qbc from the Linux isapi-compile and one from isapi-compile.exe both run",
  { skip },
  async (t) => {
    for (const name of ["compiled", "wcompiled"]) {
      const reply = await send(win!.port, "GET", `/${name}/x`);
      t.equal(reply.status, 200);
      t.match(reply.text, `my.app serves /${name}/x`);
      const qbc = windows.hostPath(join(site, "dist", `${name}.qbc`));
      t.ok(
        await logContains(win!, `using bytecode ${qbc}`),
        `${name}: the library runs the .qbc:\n${win!.log()}`,
      );
    }
    t.notMatch(win!.log(), "compiled by another engine build");
  },
);

t.test("reload on change: a bundle rewritten in place answers with the new code", { skip }, async (t) => {
  const before = await send(win!.port, "GET", "/reload/x");
  t.equal(before.text, "version one");
  const bundle = join(site, "dist", "reload.js");
  writeFileSync(bundle, readFileSync(bundle, "utf8").replace("version one", "version two"));
  let text = before.text;
  for (let i = 0; i < 200 && text !== "version two"; i++) {
    await new Promise((r) => setTimeout(r, 50));
    text = (await send(win!.port, "GET", "/reload/x")).text;
  }
  t.equal(text, "version two", "the next requests run the new code");
  t.ok(await logContains(win!, "reload.js changed: new requests run the new version"), win!.log());
});

t.test("shutdown by SIGINT (Ctrl-C, a console event under Wine) is as clean", { skip }, async (t) => {
  // The other Windows hosts here are closed through stdin (--exit-on-stdin-close); this one
  // keeps the Ctrl-C way tested.
  const config = join(site, "web.sigint.config");
  writeFileSync(config, webConfig([["/app/*", "my.app"]], [], [], windows));
  const host = await startHost(config, { ISAPI_TS_LOG: "info" }, windows);
  t.equal((await send(host.port, "GET", "/app/x")).status, 200);
  const exit = await host.close("SIGINT");
  const log = host.log();
  t.same(exit, { code: 0, signal: null }, log);
  t.match(log, "shutting down");
  t.match(log, /TerminateExtension\(Z:.*_my\.app\.dll\) returned true/);
  t.match(log, "my.app: TerminateExtension(2)");
});

/** Where `needles` occur in `log`, in that order; -1 for one missing or out of order. */
function inOrder(log: string, needles: string[]): number[] {
  let from = 0;
  return needles.map((needle) => {
    const at = from < 0 ? -1 : log.indexOf(needle, from);
    from = at < 0 ? -1 : at + needle.length;
    return at;
  });
}

t.test(
  "shutdown: TerminateExtension and TerminateFilter run, the libraries unload, exit 0",
  { skip },
  async (t) => {
    // Closing stdin (the host runs with --exit-on-stdin-close): the Windows default here.
    const exit = await win!.close();
    const log = win!.log();
    t.same(exit, { code: 0, signal: null }, log);
    t.match(log, "shutting down");
    const app = windows.hostPath(join(site, "dist", "_my.app.dll"));
    const guard = windows.hostPath(join(site, "dist", "_guard.dll"));
    // Each library is freed (FreeLibrary) only after its Terminate* hook returned.
    const shutdown = log.slice(log.indexOf("shutting down"));
    const extension = [`TerminateExtension(${app}) returned true`, `unloaded ${app}`];
    t.notOk(inOrder(log, extension).includes(-1), `${extension.join(", then ")}:\n${shutdown}`);
    t.match(log, "my.app: TerminateExtension(2)", "the handler's own hook ran (HSE_TERM_MUST_UNLOAD)");
    const filter = ["guard: TerminateFilter(2)", `unloaded ${guard}`];
    t.notOk(inOrder(log, filter).includes(-1), `${filter.join(", then ")}:\n${shutdown}`);
    t.notMatch(log, /panicked|Unhandled exception|page fault|backtrace/i, "no crash on the way out");
  },
);
