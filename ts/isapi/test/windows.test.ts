// `isapi build --windows` and `isapi install --windows --physical-path`: the Windows library
// beside the bundle, checked for what it is, and a folder whose web.config and appcmd script
// name it by its path on the IIS machine.
import t from "tap";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve, win32 } from "node:path";
import { fileURLToPath } from "node:url";
import { DOMParser, type Element } from "@xmldom/xmldom";
import {
  buildHandler,
  genericLibraryFileName,
  install,
  libraryCandidates,
  remove,
  WINDOWS_CROSS_TARGET,
} from "isapi-ts/tools";

import { HANDLER, cli, isapi, project } from "./cli-project.js";
import { fakeElf, fakePe } from "./fake-libraries.js";

const here = dirname(fileURLToPath(import.meta.url));
const repository = resolve(here, "..", "..", "..");
/** What `cargo xtask build --windows` makes. */
const windowsLibrary = join(
  repository,
  "target",
  WINDOWS_CROSS_TARGET,
  "release",
  genericLibraryFileName("win32"),
);
const windowsLibraryAbsent = `${windowsLibrary} is absent: build it with cargo xtask build --windows`;
/** Skipped without the Windows build, except under `cargo xtask test --windows` (which sets
 * ISAPI_TS_REQUIRE_WINDOWS=1 after building it): there a missing DLL fails the test. */
const noWindowsLibrary =
  existsSync(windowsLibrary) || process.env["ISAPI_TS_REQUIRE_WINDOWS"] === "1"
    ? false
    : windowsLibraryAbsent;
const onWindows =
  process.platform === "win32" ? "Node runs on Windows: the native build is the Windows one" : false;

t.test(
  "build --windows copies the Windows library found where cargo xtask build --windows puts it",
  { skip: noWindowsLibrary },
  async (t) => {
    if (!existsSync(windowsLibrary)) return t.fail(windowsLibraryAbsent);
    // A folder outside the repository: the library is found through the package's own
    // repository, as `libraryCandidates` lists it.
    const dir = project({ "hello.ts": HANDLER });
    const run = isapi(dir, "build", "hello.ts", "--windows", "--no-check");
    t.equal(run.status, 0, run.stderr);
    t.match(run.stdout, /wrote .*hello\.js, .*_hello\.dll/);
    const copy = readFileSync(join(dir, "dist", "_hello.dll"));
    t.ok(copy.equals(readFileSync(windowsLibrary)), "byte for byte the Windows generic library");
    t.ok(existsSync(join(dir, "dist", "hello.js")), "the bundle beside it");
    t.notOk(existsSync(join(dir, "dist", "_hello.so")), "no Linux library copy");

    // The API says the same with `windows: true`, and the same bundle serves a native copy too.
    const result = await buildHandler({ entry: "hello.ts", cwd: dir, windows: true, dll: windowsLibrary });
    t.equal(result.library, join(dir, "dist", "_hello.dll"));
  },
);

t.test("the Windows library is looked for in the cross-compiled target folder", async (t) => {
  const dir = project({});
  const candidates = libraryCandidates(dir, "win32");
  const release = join(dir, "target", WINDOWS_CROSS_TARGET, "release", genericLibraryFileName("win32"));
  const debug = join(dir, "target", WINDOWS_CROSS_TARGET, "debug", genericLibraryFileName("win32"));
  t.ok(candidates.includes(release), candidates.join("\n"));
  t.ok(candidates.indexOf(release) < candidates.indexOf(debug), "release first, as xtask builds it");
  t.ok(candidates.includes(windowsLibrary), "and in this repository");
  if (process.platform !== "win32") {
    t.notOk(candidates.includes(join(dir, "target", "debug", "isapi_dll.dll")), "no native .dll on Linux");
    t.same(
      libraryCandidates(dir).slice(0, 2),
      [join(dir, "target", "debug", "libisapi_dll.so"), join(dir, "target", "release", "libisapi_dll.so")],
      "the native search is unchanged",
    );
  }
});

t.test("build --windows refuses a library that is not a 64-bit Windows DLL", async (t) => {
  const dir = project({
    "x.ts": HANDLER,
    "libisapi_dll.so": fakeElf(),
    "i386.dll": fakePe({ machine: 0x14c, pe32plus: false }),
    "host.exe": fakePe({ dll: false }),
    "notes.txt": "not a library at all",
    "good.dll": fakePe(),
  });
  const cases: [string, RegExp][] = [
    ["libisapi_dll.so", /libisapi_dll\.so \(--dll\) is an ELF library \(Linux\), not a Windows DLL/],
    ["i386.dll", /i386\.dll \(--dll\) is not a 64-bit x86-64 DLL \(PE machine 0x14c\)/],
    ["host.exe", /host\.exe \(--dll\) is a Windows program, not a DLL/],
    ["notes.txt", /notes\.txt \(--dll\) is not a Windows DLL \(no PE header\).*cargo xtask build --windows/],
  ];
  for (const [library, message] of cases) {
    const run = isapi(dir, "build", "x.ts", "--windows", "--no-check", "--dll", library);
    t.equal(run.status, 1, library);
    t.match(run.stderr, message);
  }
  t.notOk(existsSync(join(dir, "dist", "_x.dll")), "nothing copied");
  // $ISAPI_TS_DLL is checked the same way.
  const fromEnv = spawnSync(process.execPath, [cli, "build", "x.ts", "--windows", "--no-check"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, ISAPI_TS_DLL: "libisapi_dll.so" },
  });
  t.equal(fromEnv.status, 1);
  t.match(fromEnv.stderr, /\(ISAPI_TS_DLL\) is an ELF library/);
  const good = isapi(dir, "build", "x.ts", "--windows", "--no-check", "--dll", "good.dll");
  t.equal(good.status, 0, good.stderr);
  t.ok(readFileSync(join(dir, "dist", "_x.dll")).equals(fakePe()), "a PE32+ x86-64 DLL is taken");
});

t.test("without --windows a Windows DLL is refused", { skip: onWindows }, async (t) => {
  const dir = project({ "x.ts": HANDLER, "isapi_dll.dll": fakePe(), "notes.txt": "text" });
  const run = isapi(dir, "build", "x.ts", "--no-check", "--dll", "isapi_dll.dll");
  t.equal(run.status, 1);
  t.match(run.stderr, /isapi_dll\.dll \(--dll\) is a Windows DLL; pass --windows to build for IIS/);
  const text = isapi(dir, "build", "x.ts", "--no-check", "--dll", "notes.txt");
  t.equal(text.status, 1);
  t.match(text.stderr, /notes\.txt \(--dll\) is not a shared library \(no ELF header\)/);
  t.notOk(existsSync(join(dir, "dist", "_x.so")), "nothing copied");
});

const compiler = join(repository, "target", "debug", "isapi-compile");
const noCompiler = existsSync(compiler) ? false : `${compiler} is absent: build it with cargo xtask build`;

t.test(
  "build --windows --bytecode writes bytecode the Windows library accepts",
  { skip: noCompiler },
  async (t) => {
    const dir = project({ "x.ts": HANDLER, "good.dll": fakePe() });
    const run = isapi(dir, "build", "x.ts", "--windows", "--no-check", "--bytecode", "--dll", "good.dll");
    t.equal(run.status, 0, run.stderr);
    // The header names the engine the library compares with its own: it must not name the
    // OS, or the Windows library passes a .qbc made on Linux over (the bytecode itself is the
    // same for x86-64 Linux and Windows). The Wine tests load one through the real DLL.
    const qbc = readFileSync(join(dir, "dist", "x.qbc"));
    t.equal(qbc.toString("latin1", 0, 8), "ISAPIQBC");
    const engine = qbc.toString("latin1", 12, 12 + qbc.readUInt32LE(8));
    t.notMatch(engine, /linux|windows|gnu|msvc|darwin/, engine);
    t.match(engine, /x86_64|aarch64/, engine);
  },
);

t.test("build --windows --bytecode on a machine that is not x86-64 is refused", async (t) => {
  const dir = project({ "x.ts": HANDLER, "good.dll": fakePe() });
  for (const arch of ["arm64", "ia32"]) {
    await t.rejects(
      buildHandler({ entry: "x.ts", cwd: dir, windows: true, bytecode: true, dll: "good.dll", arch }),
      new RegExp(
        `--bytecode with --windows needs an x86-64 machine \\(this one is ${arch}\\).*without --bytecode`,
      ),
    );
  }
  t.notOk(existsSync(join(dir, "dist")), "nothing written");
  // Without --bytecode the same machine builds for Windows.
  const built = await buildHandler({
    entry: "x.ts",
    cwd: dir,
    windows: true,
    dll: "good.dll",
    arch: "arm64",
  });
  t.equal(built.library, join(dir, "dist", "_x.dll"));
});

/** The `<add>` and `<filter>` entries of a web.config, parsed as IIS would. */
function entries(webConfig: string): { handlers: Element[]; filters: Element[] } {
  const errors: string[] = [];
  const document = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") errors.push(message);
    },
  }).parseFromString(webConfig, "text/xml");
  if (errors.length > 0) throw new Error(errors.join("\n"));
  return {
    handlers: Array.from(document.getElementsByTagName("add")),
    filters: Array.from(document.getElementsByTagName("filter")),
  };
}

t.test("install --windows --physical-path: a folder IIS loads once copied there", async (t) => {
  const dir = project({ "dist/_hello.dll": fakePe(), "dist/_auth.dll": fakePe() });
  const physical = "C:\\inetpub\\hello";
  const run = isapi(dir, "install", "hello", "--windows", "--physical-path", physical);
  t.equal(run.status, 0, run.stderr);
  t.match(run.stdout, /copy .* to C:\\inetpub\\hello on the IIS machine, then run isapi-install\.cmd there/);
  const filter = isapi(dir, "install", "auth", "--filter", "--windows");
  t.equal(filter.status, 0, filter.stderr);

  const { handlers, filters } = entries(readFileSync(join(dir, "web.config"), "utf8"));
  t.equal(handlers.length, 1);
  t.equal(handlers[0]!.getAttribute("modules"), "IsapiModule");
  const scriptProcessor = handlers[0]!.getAttribute("scriptProcessor")!;
  t.equal(scriptProcessor, "C:\\inetpub\\hello\\dist\\_hello.dll", "the .dll by its Windows path");
  t.ok(win32.isAbsolute(scriptProcessor));
  t.equal(filters.length, 1);
  t.equal(
    filters[0]!.getAttribute("path"),
    "C:\\inetpub\\hello\\dist\\_auth.dll",
    "a later install remembers the folder",
  );

  const lines = readFileSync(join(dir, "isapi-install.cmd"), "utf8").split("\r\n");
  const check = lines.indexOf('if /i not "%~dp0"=="C:\\inetpub\\hello\\" goto elsewhere');
  t.ok(check > 0, "the script checks where it runs");
  t.ok(check < lines.findIndex((l) => l.startsWith("set APPCMD=")), "before anything changes");
  // appcmd's documented syntax: set config /section:… /+"[path='…',allowed='True',description='…']"
  t.ok(
    lines.includes(
      "%APPCMD% set config /section:system.webServer/security/isapiCgiRestriction " +
        "/+\"[path='C:\\inetpub\\hello\\dist\\_hello.dll',allowed='True',description='hello']\" /commit:apphost",
    ),
    lines.join("\n"),
  );
  t.ok(
    lines.includes(
      "%APPCMD% set config /section:system.webServer/security/isapiCgiRestriction " +
        "/+\"[path='C:\\inetpub\\hello\\dist\\_auth.dll',allowed='True',description='auth']\" /commit:apphost",
    ),
  );
  t.ok(
    lines.includes(
      '%APPCMD% list app "Default Web Site/hello" >nul 2>&1 || %APPCMD% add app /site.name:"Default Web Site" ' +
        '/path:"/hello" /physicalPath:"C:\\inetpub\\hello\\hello"',
    ),
    "the folder application at its Windows path",
  );
  const tail = lines.slice(lines.indexOf(":elsewhere"));
  t.equal(
    lines[lines.indexOf(":elsewhere") - 1],
    "goto :eof",
    "the check's message is not reached otherwise",
  );
  t.match(tail[1], /^echo isapi-install\.cmd: this folder is "%~dp0", but .* "C:\\inetpub\\hello"\. 1>&2$/);
  t.equal(tail.at(-2), "exit /b 1", "and it stops with an error");
  t.notOk(
    lines.some((l) => l.includes(dir)),
    "no path of this machine",
  );

  const removed = isapi(dir, "remove");
  t.equal(removed.status, 0, removed.stderr);
  const after = entries(readFileSync(join(dir, "web.config"), "utf8"));
  t.same([after.handlers.length, after.filters.length], [0, 0], "web.config entries gone");
  const undo = readFileSync(join(dir, "isapi-remove.cmd"), "utf8").split("\r\n");
  t.ok(
    undo.includes(
      "%APPCMD% set config /section:system.webServer/security/isapiCgiRestriction " +
        "/-\"[path='C:\\inetpub\\hello\\dist\\_hello.dll']\" /commit:apphost",
    ),
    undo.join("\n"),
  );
  t.ok(undo.includes('%APPCMD% delete app "Default Web Site/hello"'));
  t.notOk(existsSync(join(dir, "isapi-install.json")), "the manifest goes");
  t.notOk(existsSync(join(dir, "isapi-install.cmd")));
  // Removed, the folder can be installed for another place.
  const again = isapi(dir, "install", "hello", "--windows", "--physical-path", "D:\\sites\\hello");
  t.equal(again.status, 0, again.stderr);
});

t.test("install for Windows through the API: UNC paths, slashes, libraries in the folder", async (t) => {
  const dir = project({});
  const result = install({
    site: dir,
    windows: true,
    physicalPath: "//fileserver/sites/shop/",
    handlers: [
      { name: "shop", path: "*.shop" },
      { name: "api", path: "*", library: join(dir, "bin", "_api.dll") },
      { name: "shared", path: "*.shared", library: "D:\\isapi\\_shared.dll" },
    ],
  });
  t.equal(result.physicalPath, "\\\\fileserver\\sites\\shop");
  const { handlers } = entries(readFileSync(result.webConfig, "utf8"));
  t.same(
    handlers.map((h) => h.getAttribute("scriptProcessor")),
    [
      "D:\\isapi\\_shared.dll",
      "\\\\fileserver\\sites\\shop\\bin\\_api.dll",
      "\\\\fileserver\\sites\\shop\\dist\\_shop.dll",
    ],
  );
  t.ok(
    readFileSync(result.script, "utf8").includes(
      'if /i not "%~dp0"=="\\\\fileserver\\sites\\shop\\" goto elsewhere',
    ),
    "a UNC folder is checked too",
  );
  t.throws(
    () =>
      install({
        site: dir,
        windows: true,
        handlers: [{ name: "other", path: "*.x", library: "/elsewhere/_other.dll" }],
      }),
    /\/elsewhere\/_other\.dll is outside the site folder/,
  );
  remove(dir);
  // A drive's root keeps its backslash.
  const root = project({});
  install({ site: root, windows: true, physicalPath: "E:\\", handlers: [{ name: "r", path: "*" }] });
  t.match(readFileSync(join(root, "isapi-install.cmd"), "utf8"), /"%~dp0"=="E:\\" goto elsewhere/);
  t.match(readFileSync(join(root, "web.config"), "utf8"), /scriptProcessor="E:\\dist\\_r\.dll"/);
});

t.test(
  "install --windows after a Linux install (as `isapi new` leaves): the IIS script is whole",
  async (t) => {
    const dir = project({});
    // What `isapi new hello` does: a Linux install, without pools (a local dev setup).
    install({ site: dir, handlers: [{ name: "hello", path: "/hello/*" }], appPool: false });
    const result = install({
      site: dir,
      windows: true,
      physicalPath: "C:\\inetpub\\hello",
      handlers: [{ name: "hello", path: "/hello/*" }],
    });
    const script = readFileSync(result.script, "utf8");
    t.notMatch(script, /_hello\.so/, "no Linux library reaches the IIS script");
    t.match(script, /isapiCgiRestriction \/\+"\[path='C:\\inetpub\\hello\\dist\\_hello\.dll'/);
    t.match(script, /add apppool \/name:"isapi-ts-hello"/, "the extension gets its pool");
    t.match(script, /add app \/site\.name:"Default Web Site" \/path:"\/hello"/);
    const undo = remove(dir);
    t.notMatch(readFileSync(undo.script, "utf8"), /_hello\.so/);
  },
);

t.test("install --windows over a Linux install refuses to leave a Linux library in web.config", async (t) => {
  const dir = project({});
  install({ site: dir, handlers: [{ name: "hello", path: "/hello/*" }], filters: [{ name: "auth" }] });
  const files = ["web.config", "isapi-install.json", "isapi-install.cmd"];
  const before = files.map((file) => readFileSync(join(dir, file), "utf8"));
  const windows = { site: dir, windows: true, physicalPath: "C:\\inetpub\\hello" };
  // The handler alone would leave the filter at dist/_auth.so: IIS fails every request of
  // a site whose filter cannot load.
  t.throws(
    () => install({ ...windows, handlers: [{ name: "hello", path: "/hello/*" }] }),
    /installed for Linux, and filter auth would keep a Linux library path in web\.config.*isapi remove first, or install every handler and filter with --windows in one call/,
  );
  t.same(
    files.map((file) => readFileSync(join(dir, file), "utf8")),
    before,
    "web.config, manifest and script untouched",
  );
  t.throws(() => install({ ...windows, filters: [{ name: "auth" }] }), /handler hello would keep/);
  // Both together: everything moves to the Windows paths.
  install({ ...windows, handlers: [{ name: "hello", path: "/hello/*" }], filters: [{ name: "auth" }] });
  for (const file of files) {
    const text = readFileSync(join(dir, file), "utf8");
    t.notMatch(text, /\.so\b/, `no Linux library in ${file}`);
    t.notOk(text.includes(dir), `no path of this machine in ${file}`);
  }
  const { handlers, filters } = entries(readFileSync(join(dir, "web.config"), "utf8"));
  t.same(
    [
      ...handlers.map((h) => h.getAttribute("scriptProcessor")),
      ...filters.map((f) => f.getAttribute("path")),
    ],
    ["C:\\inetpub\\hello\\dist\\_hello.dll", "C:\\inetpub\\hello\\dist\\_auth.dll"],
  );
});

t.test(
  "install --windows refuses non-ASCII paths: cmd.exe reads the script in the OEM code page",
  async (t) => {
    const dir = project({});
    t.throws(
      () =>
        install({
          site: dir,
          windows: true,
          physicalPath: "C:\\inetpub\\café",
          handlers: [{ name: "x", path: "*" }],
        }),
      /--physical-path C:\\inetpub\\café: a path with non-ASCII characters cannot be written into isapi-install\.cmd/,
    );
    t.throws(
      () =>
        install({
          site: dir,
          windows: true,
          physicalPath: "C:\\inetpub\\cafe",
          handlers: [{ name: "x", path: "*", library: "D:\\bibliothèque\\_x.dll" }],
        }),
      /D:\\bibliothèque\\_x\.dll: a path with non-ASCII characters cannot be written into isapi-install\.cmd/,
    );
    t.throws(
      () =>
        install({
          site: dir,
          windows: true,
          physicalPath: "C:\\inetpub\\cafe",
          handlers: [{ name: "x", path: "*", library: "dist/_ü.dll" }],
        }),
      /_ü\.dll: a path with non-ASCII/,
    );
    t.notOk(existsSync(join(dir, "web.config")), "nothing written");
    const run = isapi(dir, "install", "x", "--windows", "--physical-path", "C:\\Ünicode");
    t.equal(run.status, 1);
    t.match(run.stderr, /non-ASCII characters/);
  },
);

t.test("install: bad combinations are clear errors", { skip: onWindows }, async (t) => {
  const dir = project({ "dist/_hello.dll": fakePe() });
  const cases: [string[], RegExp][] = [
    [["--windows"], /--windows needs --physical-path: the folder's path on the IIS machine/],
    [
      ["--physical-path", "C:\\inetpub\\hello"],
      /--physical-path\) is the folder's path on a Windows IIS machine: add --windows/,
    ],
    [
      ["--windows", "--physical-path", "inetpub\\hello"],
      /give the folder's full Windows path, with its drive/,
    ],
    [["--windows", "--physical-path", "\\inetpub\\hello"], /give the folder's full Windows path/],
    [["--windows", "--physical-path", "C:\\50%\\hello"], /cannot be written safely into web\.config/],
    [["--windows", "--physical-path", "C:\\it's"], /cannot be written safely/],
    // Only the Windows build is there: say how to install it for IIS.
    [
      [],
      /dist\/_hello\.so does not exist but dist\/_hello\.dll does: to install for IIS, add --windows --physical-path/,
    ],
  ];
  for (const [args, message] of cases) {
    const run = isapi(dir, "install", "hello", ...args);
    t.equal(run.status, 1, args.join(" "));
    t.match(run.stderr, message, args.join(" "));
  }
  t.notOk(existsSync(join(dir, "web.config")), "nothing written");

  t.equal(isapi(dir, "install", "hello", "--windows", "--physical-path", "C:\\inetpub\\hello").status, 0);
  const before = readFileSync(join(dir, "web.config"), "utf8");
  const linux = isapi(dir, "install", "other", "--library", "dist/_other.so");
  t.equal(linux.status, 1);
  t.match(linux.stderr, /this site was installed for Windows \(C:\\inetpub\\hello\): add --windows/);
  const moved = isapi(dir, "install", "hello", "--windows", "--physical-path", "D:\\hello");
  t.equal(moved.status, 1);
  t.match(moved.stderr, /installed for C:\\inetpub\\hello, not D:\\hello: run isapi remove first/);
  t.equal(readFileSync(join(dir, "web.config"), "utf8"), before, "web.config untouched by refused installs");
  // The same place again, in another spelling, is the same install.
  const same = isapi(dir, "install", "hello", "--windows", "--physical-path", "c:/INETPUB/hello/");
  t.equal(same.status, 0, same.stderr);
  t.equal(readFileSync(join(dir, "web.config"), "utf8"), before, "Windows paths ignore case");
});

t.test("install without --windows is unchanged", { skip: onWindows }, async (t) => {
  const dir = project({ "dist/_hello.so": fakeElf(), "dist/_hello.dll": fakePe() });
  const run = isapi(dir, "install", "hello");
  t.equal(run.status, 0, run.stderr);
  const { handlers } = entries(readFileSync(join(dir, "web.config"), "utf8"));
  t.equal(handlers[0]!.getAttribute("scriptProcessor"), join(dir, "dist", "_hello.so"));
  const script = readFileSync(join(dir, "isapi-install.cmd"), "utf8");
  t.notMatch(script, /%~dp0|:elsewhere/, "no folder check");
  t.notOk(JSON.parse(readFileSync(join(dir, "isapi-install.json"), "utf8")).physicalPath);
});
