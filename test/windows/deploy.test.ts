// The deploy flow the README gives, under Wine: `isapi build --windows`, then `isapi install
// --windows --physical-path <the folder's Windows path>`, and the folder as it stands is a
// site: its web.config names `_hello.dll` by that absolute Windows path, and isapi-host.exe
// serves the handler through it (IIS reads the same web.config). What the install script
// does to IIS itself (appcmd) only IIS can check; here its text is checked.
import t from "tap";
import { copyFileSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

import { root, send, startHost, windows, windowsSkip, buildWithCli } from "../support/site.js";
import { tempDir } from "../support/temp.js";

const skip = windowsSkip(t);

function cli(args: string[], cwd: string): string {
  const run = spawnSync(process.execPath, [join(root, "ts", "isapi", "dist", "cli.js"), ...args], {
    cwd,
    encoding: "utf8",
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`isapi ${args.join(" ")} failed:\n${run.stderr}${run.stdout}`);
  return run.stdout;
}

t.test(
  "isapi build --windows + isapi install --windows give a folder the Windows host serves",
  { skip },
  async (t) => {
    // Under target/, so that the handler's `import "isapi-ts"` resolves from the workspace.
    const site = join(tempDir(join(root, "target", "tap-windows-deploy-")), "hello site");
    buildWithCli(join(root, "samples", "hello.ts"), join(site, "dist"), [], windows);
    copyFileSync(join(root, "samples", "hello.ts"), join(site, "hello.ts"));
    const physical = windows.hostPath(site);
    cli(["install", "hello", "--windows", "--physical-path", physical, "--site", site], site);

    const config = readFileSync(join(site, "web.config"), "utf8");
    t.match(
      config,
      `scriptProcessor="${physical}\\dist\\_hello.dll"`,
      "the library by its absolute Windows path",
    );
    t.notMatch(config, /\.so"/);
    const script = readFileSync(join(site, "isapi-install.cmd"), "utf8");
    t.match(script, `if /i not "%~dp0"=="${physical}\\" goto elsewhere`);
    t.match(script, `/+"[path='${physical}\\dist\\_hello.dll',allowed='True'`);

    const host = await startHost(join(site, "web.config"), {}, windows);
    t.teardown(() => host.close());
    const hello = await send(host.port, "GET", "/hello/x?name=Ada");
    t.equal(hello.status, 200, hello.text);
    t.match(hello.text, "Hello, Ada!");
    // The handler's own files are not content.
    t.equal((await send(host.port, "GET", "/web.config")).status, 404);
    t.equal((await send(host.port, "GET", "/dist/_hello.dll")).status, 404);
    t.equal((await send(host.port, "GET", "/dist/hello.js")).status, 404);
  },
);
