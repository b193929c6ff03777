import t from "tap";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { install, remove, InstallError } from "isapi-ts/tools";

/** Site folders made by the tests, removed when the file's tests end. */
const sites: string[] = [];
t.teardown(() => {
  for (const dir of sites) rmSync(dir, { recursive: true, force: true });
});
const site = () => {
  const dir = mkdtempSync(join(tmpdir(), "isapi-install-"));
  sites.push(dir);
  return dir;
};
const read = (dir: string, file = "web.config") => readFileSync(join(dir, file), "utf8");

t.test("install writes a web.config IIS and our host read", async (t) => {
  const dir = site();
  const result = install({
    site: dir,
    handlers: [
      { name: "hello", path: "/hello/*", library: "dist/_hello.dll" },
      { name: "py", path: "*.py", library: "dist/_py.dll", verbs: "GET,POST" },
    ],
    filters: [{ name: "auth", library: "dist/_auth.dll" }],
  });
  const config = read(dir);
  // A folder mapping is a <location> with path="*", as IIS wants it.
  t.match(config, /<location path="hello">\s*<system\.webServer>\s*<handlers>\s*<add name="hello" path="\*"/);
  t.ok(config.includes(`scriptProcessor="${resolve(dir, "dist/_hello.dll")}"`), "absolute, as IIS wants");
  t.match(
    config,
    /<add name="py" path="\*\.py" verb="GET,POST" modules="IsapiModule"[^>]*preCondition="bitness64"/,
  );
  t.match(config, /<isapiFilters>\s*<filter name="auth" path="[^"]*_auth\.dll" enabled="true"/);
  const script = readFileSync(result.script, "utf8");
  t.match(script, /unlock config \/section:system\.webServer\/handlers/);
  t.match(script, /isapiCgiRestriction \/\+"\[path='[^']*_hello\.dll',allowed='True',description='hello'\]"/);
  t.match(
    script,
    /add apppool \/name:"isapi-ts-hello" \/managedRuntimeVersion:"" \/enable32BitAppOnWin64:false/,
  );
  // The folder handler is an application of its own; the *.py mapping and the filter run
  // in the application's pool.
  t.match(script, /set app "Default Web Site\/hello" \/applicationPool:"isapi-ts-hello"/);
  t.match(script, /set app "Default Web Site\/" \/applicationPool:"isapi-ts-py"/);
  t.ok(existsSync(join(dir, "isapi-install.json")));
});

t.test("install gives each extension its own application pool, and remove undoes exactly that", async (t) => {
  const dir = site();
  install({
    site: dir,
    handlers: [
      { name: "shop", path: "/shop/*", library: "dist/_shop.dll" },
      { name: "blog", path: "/blog/*", library: "dist/_blog.dll" },
      // The same library in another folder: the same extension, so the same pool.
      { name: "shop-admin", path: "/admin/*", library: "dist/_shop.dll" },
      { name: "reports", path: "/reports/*", library: "dist/_reports.dll", appPool: "Reporting" },
    ],
  });
  const lines = readFileSync(join(dir, "isapi-install.cmd"), "utf8").split("\r\n");
  const created = lines.filter((l) => /add apppool/.test(l)).map((l) => /\/name:"([^"]+)"/.exec(l)?.[1]);
  t.same(created, ["isapi-ts-shop", "isapi-ts-blog", "Reporting"], "one pool per library");
  const assigned = lines
    .filter((l) => / set app /.test(l))
    .map((l) => /set app "([^"]+)" \/applicationPool:"([^"]+)"/.exec(l)?.slice(1));
  t.same(assigned, [
    ["Default Web Site/shop", "isapi-ts-shop"],
    ["Default Web Site/blog", "isapi-ts-blog"],
    ["Default Web Site/admin", "isapi-ts-shop"],
    ["Default Web Site/reports", "Reporting"],
  ]);
  t.notOk(
    lines.some((l) => l.includes('set app "Default Web Site/" ')),
    "the site's own application is left alone: nothing of ours runs there",
  );
  // Each folder becomes an application (made only if missing; idempotent).
  t.ok(
    lines.includes(
      `%APPCMD% list app "Default Web Site/shop" >nul 2>&1 || %APPCMD% add app /site.name:"Default Web Site" /path:"/shop" /physicalPath:"${resolve(dir, "shop")}"`,
    ),
    lines.join("\n"),
  );
  // A later install adds a filter: the site's application gets a pool of its own, the
  // folder applications keep theirs.
  install({ site: dir, filters: [{ name: "auth", library: "dist/_auth.dll" }] });
  const again = readFileSync(join(dir, "isapi-install.cmd"), "utf8");
  t.match(again, /set app "Default Web Site\/" \/applicationPool:"isapi-ts-auth"/);
  t.match(again, /set app "Default Web Site\/shop" \/applicationPool:"isapi-ts-shop"/);

  const undo = readFileSync(remove(dir).script, "utf8").split("\r\n");
  t.same(
    undo.filter((l) => /apppool|set app|delete app/.test(l)),
    [
      '%APPCMD% delete app "Default Web Site/shop"',
      '%APPCMD% delete app "Default Web Site/blog"',
      '%APPCMD% delete app "Default Web Site/admin"',
      '%APPCMD% delete app "Default Web Site/reports"',
      '%APPCMD% set app "Default Web Site/" /applicationPool:"DefaultAppPool"',
      '%APPCMD% delete apppool "isapi-ts-shop"',
      '%APPCMD% delete apppool "isapi-ts-blog"',
      '%APPCMD% delete apppool "Reporting"',
      '%APPCMD% delete apppool "isapi-ts-auth"',
    ],
    "exactly what install did, undone",
  );
});

t.test("install merges into an existing web.config and is idempotent", async (t) => {
  const dir = site();
  const original = `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <!-- the site's own settings -->
  <system.webServer>
    <handlers>
      <add name="static" path="*.htm" verb="GET" modules="StaticFileModule" />
    </handlers>
    <defaultDocument enabled="true" />
  </system.webServer>
</configuration>
`;
  writeFileSync(join(dir, "web.config"), original);
  const config = { site: dir, handlers: [{ name: "api", path: "*", library: "dist/_api.dll" }] };
  install(config);
  const once = read(dir);
  t.match(once, /<!-- the site's own settings -->/, "comments kept");
  t.match(
    once,
    /<defaultDocument enabled="true"\/>|<defaultDocument enabled="true" \/>/,
    "other sections kept",
  );
  t.ok(once.indexOf('name="api"') < once.indexOf('name="static"'), "ours first: first match wins");
  install(config);
  t.equal(read(dir), once, "a second install changes nothing");

  const removed = remove(dir);
  t.same(removed.removed, { handlers: ["api"], filters: [] });
  const after = read(dir);
  t.notMatch(after, /name="api"/);
  t.match(after, /name="static"/);
  t.match(after, /<!-- the site's own settings -->/);
  t.equal(
    after.replace(/\s+/g, ""),
    original.replace(/\s+/g, "").replace("/>", " />".trim()),
    "back as it was",
  );
  t.match(readFileSync(removed.script, "utf8"), /delete apppool "isapi-ts-api"/);
  t.notOk(existsSync(join(dir, "isapi-install.json")), "the manifest goes with it");
});

t.test("remove takes out only what install added", async (t) => {
  const dir = site();
  install({ site: dir, handlers: [{ name: "one", path: "/one/*", library: "dist/_one.dll" }] });
  // The user adds their own entry afterwards.
  writeFileSync(
    join(dir, "web.config"),
    read(dir).replace(
      "</configuration>",
      '  <appSettings><add key="mine" value="1" /></appSettings>\n</configuration>',
    ),
  );
  remove(dir);
  const after = read(dir);
  t.notMatch(after, /name="one"/);
  t.notMatch(after, /<location/, "the emptied folder section goes");
  t.match(after, /key="mine"/);
});

t.test("bad input is refused with a clear error", async (t) => {
  t.throws(() => install({ site: site() }), InstallError);
  t.throws(() => remove(site()), /nothing was installed here/);
  const dir = site();
  writeFileSync(join(dir, "web.config"), "<configuration><unclosed></configuration>");
  t.throws(
    () => install({ site: dir, handlers: [{ name: "x", path: "*", library: "x.dll" }] }),
    /is not a valid web\.config/,
  );
  t.equal(read(dir), "<configuration><unclosed></configuration>", "a broken file is left untouched");
});
