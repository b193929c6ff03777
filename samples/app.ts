/**
 * A small web application at /app/, written as one would write it for Workers, Deno or
 * Node: Hono routes, an HTML form with a file upload, a login that issues a JWT (jose) and
 * checks it on the next request, dates formatted by luxon, and an https call.
 *
 *   GET  /app/                 → the HTML page (login form, upload form)
 *   POST /app/login            → form `user`, `password`; 200 with the token, also set as
 *                                an HttpOnly cookie; 401 for a wrong password
 *   GET  /app/me               → who the token (cookie or `Authorization: Bearer`) says
 *                                you are and when it expires; 401 without a valid one
 *   POST /app/upload           → a multipart form: each field, and for each file its name,
 *                                type, size and SHA-256
 *   GET  /app/date?at=&zone=&locale=
 *                              → `at` (ISO 8601, default now) in `zone` and `locale`
 *   GET  /app/upstream?url=    → fetches an https URL (hosts in UPSTREAM_HOSTS) and says
 *                                what came back (TLS roots: the system's, or the PEM file
 *                                named by ISAPI_TS_CA_FILE)
 *
 * Every engine must sign and check tokens with the same key, so it is a constant here:
 * replace it with your own secret.
 */
import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { jwtVerify, SignJWT } from "jose";
import { DateTime } from "luxon";

const SECRET = new TextEncoder().encode("isapi-ts sample secret: replace me with 32+ random bytes");
const USERS: Record<string, string> = { ada: "lovelace", grace: "hopper" };
const UPSTREAM_HOSTS = new Set(["localhost", "example.com", "www.example.com"]);

// Not strict: /app and /app/ are the same page.
const app = new Hono({ strict: false }).basePath("/app");

const PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>isapi-ts sample app</title>
<h1>isapi-ts sample app</h1>
<form method="post" action="/app/login">
  <label>User <input name="user" value="ada"></label>
  <label>Password <input name="password" type="password"></label>
  <button>Log in</button>
</form>
<form method="post" action="/app/upload" enctype="multipart/form-data">
  <label>Note <input name="note"></label>
  <input name="file" type="file" multiple>
  <button>Upload</button>
</form>
<p><a href="/app/me">Who am I?</a> · <a href="/app/date?zone=Europe/Berlin&amp;locale=de">The time in Berlin</a></p>
</html>
`;

app.get("/", (c) => c.html(PAGE));

app.post("/login", async (c) => {
  const form = await c.req.parseBody();
  const user = String(form["user"] ?? "");
  if (!(user in USERS) || USERS[user] !== form["password"]) {
    return c.json({ error: "wrong user or password" }, 401);
  }
  const token = await new SignJWT({ sub: user })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(SECRET);
  setCookie(c, "token", token, { httpOnly: true, sameSite: "Strict", path: "/app" });
  return c.json({ user, token });
});

app.get("/me", async (c) => {
  const bearer = c.req.header("authorization")?.replace(/^Bearer\s+/i, "");
  const token = bearer ?? getCookie(c, "token");
  if (!token) return c.json({ error: "log in first" }, 401);
  try {
    const { payload } = await jwtVerify(token, SECRET, { algorithms: ["HS256"] });
    const expires = DateTime.fromSeconds(payload.exp ?? 0, { zone: "UTC" });
    return c.json({ user: payload.sub, expires: expires.toISO() });
  } catch (error) {
    return c.json({ error: `invalid token: ${(error as Error).message}` }, 401);
  }
});

app.post("/upload", async (c) => {
  const form = await c.req.formData();
  const fields: Record<string, unknown>[] = [];
  for (const [name, value] of form) {
    if (typeof value === "string") {
      fields.push({ name, value });
      continue;
    }
    const digest = await crypto.subtle.digest("SHA-256", await value.arrayBuffer());
    const sha256 = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
    fields.push({ name, file: value.name, type: value.type, size: value.size, sha256 });
  }
  return c.json({ fields });
});

app.get("/date", (c) => {
  const at = c.req.query("at");
  const zone = c.req.query("zone") ?? "UTC";
  const locale = c.req.query("locale") ?? "en";
  const when = (at ? DateTime.fromISO(at, { setZone: true }) : DateTime.now())
    .setZone(zone)
    .setLocale(locale);
  if (!when.isValid) return c.json({ error: when.invalidExplanation ?? "invalid date" }, 400);
  return c.json({
    iso: when.toISO(),
    full: when.toLocaleString(DateTime.DATETIME_FULL),
    weekday: when.weekdayLong,
    relative: when.toRelative({ base: when.plus({ days: 3 }) }),
  });
});

app.get("/upstream", async (c) => {
  let url: URL;
  try {
    url = new URL(c.req.query("url") ?? "");
  } catch {
    return c.json({ error: "url: not a URL" }, 400);
  }
  if (url.protocol !== "https:" || !UPSTREAM_HOSTS.has(url.hostname)) {
    return c.json({ error: `url: only https to ${[...UPSTREAM_HOSTS].join(", ")}` }, 400);
  }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    const body = new Uint8Array(await response.arrayBuffer());
    return c.json({
      status: response.status,
      type: response.headers.get("content-type"),
      bytes: body.length,
    });
  } catch (error) {
    return c.json({ error: `fetch failed: ${(error as Error).message}` }, 502);
  }
});

export default app;
