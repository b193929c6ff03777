// What the CLI tests share: throw-away project folders (removed when the test file ends),
// running the built CLI in one, and a minimal handler to build.
import t from "tap";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The built CLI (`npm run build --workspace ts/isapi`). */
export const cli = resolve(dirname(fileURLToPath(import.meta.url)), "..", "dist", "cli.js");

const folders: string[] = [];
t.teardown(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** A new folder under the system's temp folder holding `files` (names may have folders). */
export function project(files: Record<string, string | Buffer>, prefix = "isapi-cli-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  for (const [name, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), contents);
  }
  return dir;
}

/** `isapi <args>` in `cwd`, without the caller's $ISAPI_TS_DLL (tests choose the library). */
export function isapi(cwd: string, ...args: string[]) {
  const env = { ...process.env };
  delete env["ISAPI_TS_DLL"];
  return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", env, timeout: 60_000 });
}

/** A handler that answers "hi". */
export const HANDLER = `
export function __ExtensionFactory__() {
  return { HttpExtensionProc(ecb: { WriteClient(s: string): number }) { ecb.WriteClient("hi"); return 1; } };
}
`;
