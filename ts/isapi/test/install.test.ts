import t from "tap";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { install, remove, InstallError } from "isapi-ts/tools";

const site = () => mkdtempSync(join(tmpdir(), "isapi-install-"));
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
  t.match(script, /set app "Default Web Site\/" \/applicationPool:"isapi-ts-hello"/);
  t.ok(existsSync(join(dir, "isapi-install.json")));
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
