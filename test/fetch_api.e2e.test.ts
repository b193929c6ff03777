// samples/fetch_api.ts, a web-standard `export default { fetch }` handler, served at /api/
// by the real samples/web.config.
import t from "tap";
import { join } from "node:path";

import { buildSampleSite, missingArtifacts, send, startHost, type RunningHost } from "./support/site.js";

let host: RunningHost | undefined;

t.before(async () => {
  if (missingArtifacts()) return;
  host = await startHost(join(buildSampleSite(), "web.config"));
});
t.teardown(() => host?.stop());

const post = (path: string, body: string) =>
  send(host!.port, "POST", path, Buffer.from(body), { "Content-Type": "application/json" });

t.test("GET /api/items is a JSON array", async (t) => {
  if (!host) return t.fail("no host");
  const reply = await send(host.port, "GET", "/api/items");
  t.equal(reply.status, 200);
  t.match(String(reply.headers["content-type"]), /^application\/json/);
  t.ok(Array.isArray(JSON.parse(reply.text)));
});

t.test("POST creates an item with an id; GET /api/items/<id> returns it", async (t) => {
  if (!host) return t.fail("no host");
  const created = await post("/api/items", JSON.stringify({ name: "widget" }));
  t.equal(created.status, 201);
  const item = JSON.parse(created.text);
  t.equal(item.name, "widget");
  t.type(item.id, "string");
  t.equal(created.headers["location"], `/api/items/${item.id}`);

  const fetched = await send(host.port, "GET", `/api/items/${item.id}`);
  t.equal(fetched.status, 200);
  t.same(JSON.parse(fetched.text), item);
  const all = JSON.parse((await send(host.port, "GET", "/api/items")).text);
  t.ok(
    all.some((each: { id: string }) => each.id === item.id),
    "listed",
  );
});

t.test("a body larger than the server's preload streams through the Request", async (t) => {
  if (!host) return t.fail("no host");
  const name = "n".repeat(200_000);
  const created = await post("/api/items", JSON.stringify({ name }));
  t.equal(created.status, 201);
  t.equal(JSON.parse(created.text).name.length, 200_000);
});

t.test("unknown routes and items are 404 JSON", async (t) => {
  if (!host) return t.fail("no host");
  for (const path of ["/api/nothing", "/api/items/no-such-id", "/api/items/a/b"]) {
    const reply = await send(host.port, "GET", path);
    t.equal(reply.status, 404, path);
    t.type(JSON.parse(reply.text).error, "string", path);
  }
});

t.test("malformed JSON is 400 JSON with an error message", async (t) => {
  if (!host) return t.fail("no host");
  const reply = await post("/api/items", "{not json");
  t.equal(reply.status, 400);
  t.match(JSON.parse(reply.text).error, /malformed JSON/);
  const wrongShape = await post("/api/items", "[1, 2]");
  t.equal(wrongShape.status, 400);
  t.match(JSON.parse(wrongShape.text).error, /expected a JSON object/);
});

t.test("HEAD gets the head only", async (t) => {
  if (!host) return t.fail("no host");
  const reply = await send(host.port, "HEAD", "/api/items");
  t.equal(reply.status, 200);
  t.equal(reply.body.length, 0);
});
