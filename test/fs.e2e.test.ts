// node:fs through the real path (the DLL in isapi-host): a handler reads the files of its
// bundle's folder, writes its data folder (App_Data/<name>/ by default, or the folders its
// settings file lists), and every attempt to go elsewhere answers EACCES while the server
// goes on. The bundle is written by hand (an ES module importing node:fs) beside a copy
// of the library, as `isapi build` lays them out.
import t from "tap";
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { library, missingArtifacts, native, send, startHost, webConfig } from "./support/site.js";
import { tempDir } from "./support/temp.js";

// GET /files/<op>?<path>: op is read, write, append, list, stat, rm or async-read; the
// answer is the result or the error's code.
const HANDLER = `
import fs from "node:fs";
import process from "node:process";
import * as fsp from "node:fs/promises";
export function __ExtensionFactory__() {
  return {
    async HttpExtensionProc(ecb) {
      const op = ecb.PathInfo.split("/").pop();
      const path = decodeURIComponent(ecb.QueryString);
      let answer;
      try {
        if (op === "read") answer = fs.readFileSync(path, "utf8");
        else if (op === "async-read") answer = await fsp.readFile(path, "utf8");
        else if (op === "callback-read") answer = await new Promise((ok, fail) => fs.readFile(path, "utf8", (e, d) => (e ? fail(e) : ok(d))));
        else if (op === "write") { fs.writeFileSync(path, "written"); answer = "ok"; }
        else if (op === "async-write") { await fsp.writeFile(path, "written"); answer = "ok"; }
        else if (op === "append") { fs.appendFileSync(path, "+"); answer = fs.readFileSync(path, "utf8"); }
        else if (op === "list") answer = fs.readdirSync(path).join(",");
        else if (op === "stat") answer = String(fs.statSync(path).size);
        else if (op === "mkdir") { fs.mkdirSync(path, { recursive: true }); answer = "ok"; }
        else if (op === "rm") { fs.rmSync(path, { recursive: true }); answer = "ok"; }
        else if (op === "cwd") answer = fs.realpathSync(".");
        else if (op === "env") answer = String(process.env[path]);
        else if (op === "process-cwd") answer = process.cwd();
        else answer = "unknown op";
      } catch (error) {
        answer = error.code + " " + error.syscall;
      }
      ecb.SendResponseHeaders("200 OK", "Content-Type: text/plain\\r\\n");
      ecb.WriteClient(String(answer));
      return 1;
    },
  };
}
`;

t.test("node:fs in the DLL: its folder read-only, its data folder writable, nothing else", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  const site = tempDir(join(tmpdir(), "isapi-fs-"));
  const dist = join(site, "dist");
  mkdirSync(dist);
  mkdirSync(join(site, "shared"));
  mkdirSync(join(site, "outside"));
  writeFileSync(join(site, "outside", "secret.txt"), "secret");
  writeFileSync(join(dist, "page.txt"), "page");
  for (const name of ["files", "custom"]) {
    writeFileSync(join(dist, `${name}.js`), HANDLER);
    copyFileSync(library, join(dist, `_${name}${native.suffix}`));
  }
  // custom's settings: it may write ../shared (and read it), and read nothing else.
  writeFileSync(
    join(dist, "custom.settings.json"),
    JSON.stringify({ env: { GREETING: "hello from settings" }, fs: { read: [], write: ["../shared"] } }),
  );
  // A link inside the (future) data folder pointing out of it.
  mkdirSync(join(dist, "App_Data", "files"), { recursive: true });
  symlinkSync(join(site, "outside"), join(dist, "App_Data", "files", "out"));
  const config = join(site, "web.config");
  writeFileSync(
    config,
    webConfig([
      ["/files/*", "files"],
      ["/custom/*", "custom"],
    ]),
  );
  const host = await startHost(config, { ISAPI_TS_WORKERS: "1" });
  t.teardown(() => host.stop());
  const ask = async (handler: string, op: string, path: string) => {
    const reply = await send(host.port, "GET", `/${handler}/${op}?${encodeURIComponent(path)}`);
    t.equal(reply.status, 200, `${handler} ${op} ${path}: answered`);
    return reply.text;
  };

  // Its own folder: read, never written.
  t.equal(await ask("files", "read", "page.txt"), "page", "reads a file of its folder (relative to it)");
  t.equal(await ask("files", "read", join(dist, "page.txt")), "page", "and by its absolute path");
  t.equal(await ask("files", "async-read", "page.txt"), "page", "the Promise form");
  t.equal(await ask("files", "callback-read", "page.txt"), "page", "the callback form");
  t.ok(
    (await ask("files", "read", "files.js")).includes("__ExtensionFactory__"),
    "its own bundle is readable",
  );
  t.equal(await ask("files", "write", "page.txt"), "EACCES open", "its folder is read-only");
  t.equal(await ask("files", "write", "new.txt"), "EACCES open", "nothing new in its folder");
  t.equal(await ask("files", "write", "files.settings.json"), "EACCES open", "nor its settings");
  t.equal(await ask("files", "rm", "page.txt"), "EACCES rm", "nor removing");
  t.equal(readFileSync(join(dist, "page.txt"), "utf8"), "page", "the page is unchanged");
  t.equal(
    await ask("files", "cwd", "."),
    await ask("files", "cwd", dist),
    "relative paths start from its folder",
  );

  // Its data folder: App_Data/files, made when needed.
  t.equal(await ask("files", "write", "App_Data/files/note.txt"), "ok", "writes its data folder");
  t.equal(await ask("files", "append", "App_Data/files/note.txt"), "written+", "and appends there");
  t.equal(await ask("files", "async-write", "App_Data/files/later.txt"), "ok", "the Promise form writes too");
  t.equal(await ask("files", "mkdir", "App_Data/files/a/b"), "ok", "makes folders there");
  t.equal(
    readFileSync(join(dist, "App_Data", "files", "note.txt"), "utf8"),
    "written+",
    "the file is on disk",
  );
  t.equal(await ask("files", "write", "App_Data/other.txt"), "EACCES open", "not beside its data folder");
  t.equal(await ask("files", "write", "App_Data/custom/x.txt"), "EACCES open", "nor another handler's");

  // Every way out.
  const escapes: [string, string, string][] = [
    ["read", "../outside/secret.txt", "EACCES open"],
    ["read", join(site, "outside", "secret.txt"), "EACCES open"],
    ["read", "../web.config", "EACCES open"],
    ["read", "App_Data/files/../../../outside/secret.txt", "EACCES open"],
    ["read", "foo/../../outside/secret.txt", "EACCES open"],
    ["read", "/etc/passwd", "EACCES open"],
    ["read", "App_Data/files/out/secret.txt", "EACCES open"],
    ["async-read", "App_Data/files/out/secret.txt", "EACCES open"],
    ["callback-read", "../outside/secret.txt", "EACCES open"],
    ["write", "App_Data/files/out/planted.txt", "EACCES open"],
    ["async-write", "../outside/planted.txt", "EACCES open"],
    ["list", "..", "EACCES scandir"],
    ["list", "App_Data/files/out", "EACCES scandir"],
    ["stat", "../outside/secret.txt", "EACCES stat"],
    ["rm", "App_Data/files/out/secret.txt", "EACCES rm"],
    ["rm", "App_Data/files", "EACCES rm"],
    ["mkdir", "../outside/made", "EACCES mkdir"],
  ];
  for (const [op, path, expected] of escapes) {
    t.equal(await ask("files", op, path), expected, `${op} ${path} is refused`);
  }
  t.equal(readFileSync(join(site, "outside", "secret.txt"), "utf8"), "secret", "the outside is unchanged");
  t.notOk(existsSync(join(site, "outside", "planted.txt")), "nothing was planted outside");
  t.notOk(existsSync(join(site, "outside", "made")), "nor made there");
  t.equal(await ask("files", "read", "page.txt"), "page", "the server goes on");

  // The settings file's folders replace the defaults.
  t.equal(
    await ask("custom", "write", "../shared/s.txt"),
    "ok",
    "custom writes the folder its settings give",
  );
  t.equal(await ask("custom", "read", "../shared/s.txt"), "written", "and reads it");
  t.equal(
    await ask("custom", "read", "page.txt"),
    "EACCES open",
    "its read list is empty: not even its folder",
  );
  t.equal(await ask("custom", "write", "App_Data/custom/x.txt"), "EACCES open", "no default data folder");
  t.notOk(existsSync(join(dist, "App_Data", "custom")), "which was never made");

  // The settings file's env reaches process.env; process.cwd() is the bundle's folder.
  t.equal(await ask("custom", "env", "GREETING"), "hello from settings", "settings env in process.env");
  t.equal(await ask("files", "env", "GREETING"), "undefined", "only for the handler whose settings say so");
  t.equal(await ask("files", "process-cwd", "."), dist, "process.cwd() is the bundle's folder");
});

t.test("a settings file with an unknown fs field is refused (a 500, the reason in the log)", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  const site = tempDir(join(tmpdir(), "isapi-fs-settings-"));
  const dist = join(site, "dist");
  mkdirSync(dist);
  writeFileSync(join(dist, "typo.js"), HANDLER);
  copyFileSync(library, join(dist, `_typo${native.suffix}`));
  writeFileSync(join(dist, "typo.settings.json"), JSON.stringify({ fs: { writes: ["data"] } }));
  const config = join(site, "web.config");
  writeFileSync(config, webConfig([["/typo/*", "typo"]]));
  const host = await startHost(config);
  t.teardown(() => host.stop());
  const reply = await send(host.port, "GET", "/typo/read?page.txt");
  t.equal(reply.status, 500, "the handler does not start");
  t.match(host.log(), /unknown field `writes`/, "the log names the typo");
});
