// A handler's fetch over https, through the real path (the DLL loaded by isapi-host):
// a local TLS server whose certificate a test CA signed (made here with openssl), trusted
// through ISAPI_TS_CA_FILE; several fetches per request share the engine's keep-alive
// pool; the host's clean shutdown stops the library's fetch reactor; and an upstream that
// closes a kept-alive connection when the next request comes (as a restarting one does)
// costs the handler nothing: the GET is sent again.
// (crates/isapi-runtime/tests/fetch.rs tests the rest of fetch against local servers.)
import t from "tap";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { buildWithCli, missingArtifacts, send, startHost, webConfig } from "./support/site.js";
import { tempDir } from "./support/temp.js";

const HANDLER = `
export default {
  async fetch(request: Request): Promise<Response> {
    const target = new URL(request.url).searchParams.get("u")!;
    try {
      const texts: string[] = [];
      for (let i = 0; i < 3; i++) texts.push(await (await fetch(target)).text());
      return new Response(texts.join(","));
    } catch (error) {
      const cause = (error as { cause?: Error }).cause;
      return new Response(String(error) + " | " + cause?.message, { status: 502 });
    }
  },
};
`;

/** A CA and a certificate for 127.0.0.1 it signed, as PEM files in `dir`. */
function makeCertificates(dir: string): { ca: string; key: string; cert: string } {
  const run = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  run(
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"].concat([
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
      "-days",
      "2",
      "-subj",
      "/CN=isapi-ts test CA",
    ]),
  );
  run(
    ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"].concat([
      "-keyout",
      "server.key",
      "-out",
      "server.csr",
      "-subj",
      "/CN=127.0.0.1",
    ]),
  );
  writeFileSync(join(dir, "ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  run(
    ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial"].concat([
      "-out",
      "server.pem",
      "-days",
      "2",
      "-extfile",
      "ext.cnf",
    ]),
  );
  return { ca: join(dir, "ca.pem"), key: join(dir, "server.key"), cert: join(dir, "server.pem") };
}

t.test("a handler fetches from an https server trusted through ISAPI_TS_CA_FILE", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  const site = tempDir(join(tmpdir(), "isapi-fetch-https-"));
  const pem = makeCertificates(site);

  const sockets = new Set<unknown>();
  const server = createServer(
    { key: readFileSync(pem.key), cert: readFileSync(pem.cert) },
    (_request, response) => response.end("secure"),
  );
  server.on("secureConnection", (socket) => sockets.add(socket));
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  t.teardown(() => server.close());
  const upstream = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const entry = join(site, "proxy.ts");
  writeFileSync(entry, HANDLER);
  buildWithCli(entry, join(site, "dist"));
  const config = join(site, "web.config");
  writeFileSync(config, webConfig([["/proxy/*", "proxy"]]));

  const host = await startHost(config, { ISAPI_TS_CA_FILE: pem.ca, ISAPI_TS_WORKERS: "1" });
  t.teardown(() => host.stop());
  const reply = await send(host.port, "GET", `/proxy/?u=${encodeURIComponent(upstream)}`);
  t.equal(reply.status, 200, reply.text);
  t.equal(reply.text, "secure,secure,secure");
  t.equal(sockets.size, 1, "the three fetches shared one kept-alive TLS connection");

  const exit = await host.close();
  if (exit.code !== 0) t.comment(host.log());
  t.equal(exit.code, 0, "the host shut down cleanly (the fetch reactor stopped)");
});

t.test("without the CA file the handler's fetch fails, saying how to trust a private CA", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  const site = tempDir(join(tmpdir(), "isapi-fetch-https-"));
  const pem = makeCertificates(site);
  const server = createServer({ key: readFileSync(pem.key), cert: readFileSync(pem.cert) }, (_q, r) =>
    r.end("secure"),
  );
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  t.teardown(() => server.close());
  const upstream = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const entry = join(site, "proxy.ts");
  writeFileSync(entry, HANDLER);
  buildWithCli(entry, join(site, "dist"));
  const config = join(site, "web.config");
  writeFileSync(config, webConfig([["/proxy/*", "proxy"]]));
  const host = await startHost(config, { ISAPI_TS_CA_FILE: "" });
  t.teardown(() => host.stop());
  const reply = await send(host.port, "GET", `/proxy/?u=${encodeURIComponent(upstream)}`);
  t.equal(reply.status, 502);
  t.match(
    reply.text,
    /^TypeError: fetch failed \| TLS handshake with 127\.0\.0\.1:\d+ failed: .*ISAPI_TS_CA_FILE/,
  );
});

/** An upstream that answers the first request of each connection, keeps it alive, and
 * closes it, unanswered, when the next request arrives. Its URL. */
async function restartingUpstream(t: { teardown(fn: () => void): void }): Promise<string> {
  let connections = 0;
  const server = createTcpServer((socket: Socket) => {
    const number = ++connections;
    let seen = "";
    let answered = false;
    socket.on("data", (data) => {
      seen += data.toString("latin1");
      if (!seen.includes("\r\n\r\n")) return;
      if (answered) return void socket.destroy();
      answered = true;
      seen = "";
      const body = `connection ${number}`;
      socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  t.teardown(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

t.test("a GET on a kept-alive connection the upstream closed is sent again, not a 500", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  const site = tempDir(join(tmpdir(), "isapi-fetch-stale-"));
  const upstream = await restartingUpstream(t);
  const entry = join(site, "once.ts");
  writeFileSync(
    entry,
    `export default {
  async fetch(request: Request): Promise<Response> {
    const target = new URL(request.url).searchParams.get("u")!;
    return new Response(await (await fetch(target)).text());
  },
};
`,
  );
  buildWithCli(entry, join(site, "dist"));
  const config = join(site, "web.config");
  writeFileSync(config, webConfig([["/once/*", "once"]]));
  // One engine: the second request's fetch finds the first one's connection in the pool.
  const host = await startHost(config, { ISAPI_TS_WORKERS: "1" });
  t.teardown(() => host.stop());
  const path = `/once/?u=${encodeURIComponent(upstream)}`;
  const first = await send(host.port, "GET", path);
  t.equal(first.status, 200);
  t.equal(first.text, "connection 1");
  const second = await send(host.port, "GET", path);
  t.equal(second.status, 200, "the second request's GET succeeded");
  t.equal(second.text, "connection 2", "sent again on a new connection");
});
