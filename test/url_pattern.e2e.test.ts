// URLPattern through the real path: a fetch handler built by `isapi build`, loaded by
// isapi-host through the DLL, routing requests with URLPatterns (named groups, a regexp
// group, an optional segment, a wildcard, ignoreCase). Node 20 has no URLPattern, so the
// answers are the standard's (crates/isapi-runtime/tests/url_pattern.rs has the rest).
import t from "tap";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import {
  buildWithCli,
  missingArtifacts,
  send,
  startHost,
  webConfig,
  type RunningHost,
} from "./support/site.js";
import { tempDir } from "./support/temp.js";

const handler = `
const routes: [string, URLPattern][] = [
  ["book", new URLPattern({ pathname: "/shop/books/:id(\\\\d+)" })],
  ["list", new URLPattern({ pathname: "/shop/books{/page/:page}?" })],
  ["file", new URLPattern({ pathname: "/shop/files/*" })],
  ["help", new URLPattern({ pathname: "/shop/HELP" }, { ignoreCase: true })],
];

export default {
  async fetch(request: Request): Promise<Response> {
    for (const [name, pattern] of routes) {
      const found = pattern.exec(request.url);
      if (found) return Response.json({ name, groups: found.pathname.groups, host: found.hostname.input });
    }
    let error = "";
    try {
      new URLPattern({ pathname: "/:a/:a" });
    } catch (thrown) {
      error = (thrown as Error).name;
    }
    return Response.json({ name: null, error }, { status: 404 });
  },
};
`;

let host: RunningHost | undefined;

t.before(async () => {
  if (missingArtifacts()) return;
  const site = tempDir(join(tmpdir(), "isapi-url-pattern-"));
  const entry = join(site, "shop.ts");
  writeFileSync(entry, handler);
  buildWithCli(entry, join(site, "dist"));
  const config = join(site, "web.config");
  writeFileSync(config, webConfig([["/shop/*", "shop"]]));
  host = await startHost(config);
});
t.teardown(() => host?.stop());

t.test("a handler routes requests with URLPattern as the standard says", async (t) => {
  if (!host) return t.fail(missingArtifacts() ?? "no host");
  const answer = async (path: string) => {
    const reply = await send(host!.port, "GET", path);
    return { status: reply.status, body: JSON.parse(reply.text) };
  };
  const book = await answer("/shop/books/42");
  t.equal(book.status, 200);
  t.equal(book.body.name, "book");
  t.same(book.body.groups, { id: "42" });
  t.type(book.body.host, "string");
  const list = await answer("/shop/books");
  t.equal(list.body.name, "list");
  // An absent optional group is undefined, so JSON leaves it out.
  t.same(list.body.groups, {});
  t.same((await answer("/shop/books/page/3")).body.groups, { page: "3" });
  t.same((await answer("/shop/files/a/b.txt?x=1")).body.groups, { "0": "a/b.txt" });
  t.equal((await answer("/shop/help")).body.name, "help");
  const missing = await answer("/shop/books/abc");
  t.equal(missing.status, 404);
  t.same(missing.body, { name: null, error: "TypeError" });
});
