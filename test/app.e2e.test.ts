// samples/app.ts, mounted at /app/ by samples/web.config: Hono routes, a form with a file
// upload (formData()), a login issuing a JWT (jose) checked on the next request, dates by
// luxon (Intl), and an https call to a local server a test CA signed. Every answer of the
// DLL (isapi-host) is compared with the same bundle run in Node (isapi-ts/testing's
// loadHandler, in a child process so that Node trusts the test CA: NODE_EXTRA_CA_CERTS).
import t from "tap";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

import { buildSampleSite, missingArtifacts, root, send, startHost } from "./support/site.js";
import { tempDir } from "./support/temp.js";
import { makeCertificates } from "./support/tls.js";

/** What one request answered, with what differs by design between runs (a token, its
 * expiry, the upstream's port) masked. */
interface Answer {
  what: string;
  status: number;
  type: string;
  body: unknown;
}

const BOUNDARY = "----isapi-ts-app-test";
/** 150 KB that are not all the same byte (a deterministic xorshift stream). */
const FILE = Buffer.alloc(150_000);
for (let i = 0, x = 2463534242; i < FILE.length; i++) {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  FILE[i] = x & 0xff;
}

function multipart(): Buffer {
  const part = (headers: string, body: Buffer | string) =>
    Buffer.concat([
      Buffer.from(`--${BOUNDARY}\r\n${headers}\r\n\r\n`),
      Buffer.from(body),
      Buffer.from("\r\n"),
    ]);
  return Buffer.concat([
    part('Content-Disposition: form-data; name="note"', "héllo wörld"),
    part(
      'Content-Disposition: form-data; name="file"; filename="data.bin"\r\nContent-Type: application/octet-stream',
      FILE,
    ),
    part('Content-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain', "text"),
    Buffer.from(`--${BOUNDARY}--\r\n`),
  ]);
}

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

/** The same conversation with a server at `port`: each answer, masked. */
async function converse(port: number, upstream: string): Promise<Answer[]> {
  const answers: Answer[] = [];
  const ask = async (what: string, method: string, path: string, body?: Buffer, headers = {}) => {
    const reply = await send(port, method, path, body, headers);
    const type = String(reply.headers["content-type"] ?? "");
    const parsed: unknown = type.startsWith("application/json") ? JSON.parse(reply.text) : reply.text;
    answers.push({ what, status: reply.status, type, body: parsed });
    return { reply, parsed: parsed as Record<string, unknown> };
  };
  const form = { "Content-Type": "application/x-www-form-urlencoded" };

  const page = await ask("page", "GET", "/app/");
  answers[answers.length - 1]!.body = String(page.parsed).includes('enctype="multipart/form-data"');

  await ask("wrong password", "POST", "/app/login", Buffer.from("user=ada&password=nope"), form);
  const login = await ask("login", "POST", "/app/login", Buffer.from("user=ada&password=lovelace"), form);
  const token = String(login.parsed["token"]);
  const cookie = String(login.reply.headers["set-cookie"] ?? "");
  answers[answers.length - 1]!.body = {
    user: login.parsed["user"],
    tokenIsJwt: /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token),
    cookieHasToken: cookie.includes(`token=${token}`) && /HttpOnly/i.test(cookie),
  };

  for (const [what, headers] of [
    ["me by cookie", { Cookie: `token=${token}` }],
    ["me by bearer", { Authorization: `Bearer ${token}` }],
  ] as const) {
    const me = await ask(what, "GET", "/app/me", undefined, headers);
    const expires = String(me.parsed["expires"]);
    answers[answers.length - 1]!.body = {
      user: me.parsed["user"],
      expiresIso: !Number.isNaN(Date.parse(expires)),
    };
  }
  const forged = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
  await ask("forged token", "GET", "/app/me", undefined, { Authorization: `Bearer ${forged}` });
  await ask("no token", "GET", "/app/me");

  await ask("upload", "POST", "/app/upload", multipart(), {
    "Content-Type": `multipart/form-data; boundary=${BOUNDARY}`,
  });

  for (const query of [
    "at=2024-05-01T12:00:00Z&zone=Europe/Berlin&locale=de",
    "at=2024-12-24T18:30:00Z&zone=America/New_York&locale=en-US",
    "at=2024-03-10T07:05:00Z&zone=Asia/Tokyo&locale=ja",
    "at=2024-07-14T09:00:00Z&zone=Europe/Paris&locale=fr",
    "at=not-a-date",
  ]) {
    await ask(`date ${query}`, "GET", `/app/date?${query}`);
  }

  await ask("upstream", "GET", `/app/upstream?url=${encodeURIComponent(upstream)}`);
  await ask("upstream over http", "GET", `/app/upstream?url=${encodeURIComponent("http://localhost/")}`);
  return answers;
}

/** The sample site's bundle served by Node (loadHandler) in a child process; its port. */
async function nodeServer(site: string, ca: string): Promise<{ port: number; stop(): void }> {
  const script = `
    import { loadHandler } from "isapi-ts/testing";
    const handler = await loadHandler(${JSON.stringify(join(site, "dist", "app.js"))}, {
      config: ${JSON.stringify(join(site, "web.config"))},
    });
    console.log(handler.url);
    process.stdin.on("end", () => handler.close().then(() => process.exit(0)));
    process.stdin.resume();
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: ca },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the Node server exited (${code})`)));
  });
  return { port: Number(new URL(first).port), stop: () => child.stdin!.end() };
}

t.test("the sample app answers through the DLL as it does in Node", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  const site = buildSampleSite();
  const pem = makeCertificates(tempDir(join(tmpdir(), "isapi-app-tls-")));
  const upstream = createServer({ key: readFileSync(pem.key), cert: readFileSync(pem.cert) }, (_q, r) => {
    r.setHeader("Content-Type", "text/plain; charset=utf-8");
    r.end("upstream says hello");
  });
  await new Promise<void>((listening) => upstream.listen(0, "127.0.0.1", listening));
  t.teardown(() => upstream.close());
  const url = `https://localhost:${(upstream.address() as AddressInfo).port}/`;

  const host = await startHost(join(site, "web.config"), { ISAPI_TS_CA_FILE: pem.ca });
  t.teardown(() => host.stop());
  const node = await nodeServer(site, pem.ca);
  t.teardown(() => node.stop());

  const dll = await converse(host.port, url);
  const inNode = await converse(node.port, url);
  for (const [index, answer] of dll.entries()) {
    t.same(answer, inNode[index], `${answer.what}: the DLL answers as Node does`);
  }

  // And the answers are right, not only alike.
  const by = (what: string) => dll.find((a) => a.what === what)!;
  t.equal(by("page").body, true, "the page has the upload form");
  t.equal(by("wrong password").status, 401);
  t.same(by("login").body, { user: "ada", tokenIsJwt: true, cookieHasToken: true });
  t.same(by("me by cookie").body, { user: "ada", expiresIso: true });
  t.same(by("me by bearer").body, { user: "ada", expiresIso: true });
  t.equal(by("forged token").status, 401);
  t.equal(by("no token").status, 401);
  t.same(by("upload").body, {
    fields: [
      { name: "note", value: "héllo wörld" },
      {
        name: "file",
        file: "data.bin",
        type: "application/octet-stream",
        size: FILE.length,
        sha256: sha256(FILE),
      },
      { name: "file", file: "a.txt", type: "text/plain", size: 4, sha256: sha256("text") },
    ],
  });
  const berlin = by("date at=2024-05-01T12:00:00Z&zone=Europe/Berlin&locale=de").body as Record<
    string,
    string
  >;
  t.equal(berlin["iso"], "2024-05-01T14:00:00.000+02:00");
  t.equal(berlin["weekday"], "Mittwoch");
  t.equal(by("date at=not-a-date").status, 400);
  t.same(by("upstream").body, { status: 200, type: "text/plain; charset=utf-8", bytes: 19 });
  t.equal(by("upstream over http").status, 400);
});
