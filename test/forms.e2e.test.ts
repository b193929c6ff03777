// HTML forms through the fetch adapter: `await request.formData()` on the ECB's body, for
// multipart uploads and urlencoded forms larger than the server's 48 KB preload (the rest
// streams in through ReadClient), and `request.blob()`. The same bundle runs in the DLL
// (startHost) and in Node (loadHandler); both must parse the same fields, and those must
// be what the test sent. The site's request limits still apply before the handler runs.
import t from "tap";
import { writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { loadHandler } from "isapi-ts/testing";

import { buildWithCli, logContains, missingArtifacts, send, startHost } from "./support/site.js";
import { tempDir } from "./support/temp.js";

// The handler answers what it parsed: text fields as they are, files by name, type, size
// and digest (FNV-1a and a byte sum, the same in every engine).
const HANDLER = `
function digest(bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) {
    hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    sum += bytes[i];
  }
  return hash.toString(16) + ":" + sum;
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.endsWith("/form")) {
      try {
        const form = await request.formData();
        const fields: unknown[] = [];
        for (const [name, value] of form as unknown as Iterable<[string, string | File]>) {
          if (typeof value === "string") fields.push({ name, text: value });
          else {
            const bytes = new Uint8Array(await value.arrayBuffer());
            fields.push({ name, file: value.name, type: value.type, size: value.size, digest: digest(bytes), isFile: value instanceof File });
          }
        }
        return Response.json({ used: request.bodyUsed, fields });
      } catch (error) {
        return Response.json({ error: (error as Error).name, used: request.bodyUsed }, { status: 400 });
      }
    }
    if (url.pathname.endsWith("/text")) {
      // Not caught: past the body read limit the request fails (500) and the log says why.
      return new Response(String((await request.text()).length));
    }
    if (url.pathname.endsWith("/blob")) {
      const blob = await request.blob();
      const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
      return Response.json({ size: blob.size, type: blob.type, head: Array.from(head), digest: digest(new Uint8Array(await blob.arrayBuffer())) });
    }
    return new Response("not found", { status: 404 });
  },
};
`;

/** The same digest, in the test. */
function digest(bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  let sum = 0;
  for (const byte of bytes) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    sum += byte;
  }
  return `${hash.toString(16)}:${sum}`;
}

/**
 * A POST that declares `declared` bytes but sends only the first 64 KB: a handler that refuses
 * the body by its Content-Length answers without waiting for the rest. The status line.
 */
function postDeclaring(port: number, path: string, declared: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.setTimeout(30_000, () => socket.destroy(new Error("timed out")));
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString("latin1");
      const head = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (head) {
        resolve(Number(head[1]));
        socket.destroy();
      }
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error("closed without an answer")));
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n` +
        `Content-Length: ${declared}\r\n\r\n`,
    );
    // More than the 48 KB the server preloads before it calls the extension.
    socket.write(Buffer.alloc(64 * 1024, 0x61));
  });
}

const BOUNDARY = "----isapiFormBoundary7MA4YWxkTrZu0gW";

/** ~200 KB of bytes that include CR, LF, dashes and the boundary's start, so a parser
 * that cuts at the wrong place shows. */
function upload(): Buffer {
  const bytes = Buffer.alloc(200_000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 8)) % 256;
  Buffer.from("\r\n--\r\n------isapiForm").copy(bytes, 100_000);
  return bytes;
}

function multipart(parts: { headers: string; body: Buffer | string }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(
      Buffer.from(`--${BOUNDARY}\r\n${part.headers}\r\n\r\n`),
      Buffer.from(part.body),
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

const file = upload();
const MULTIPART = multipart([
  { headers: 'Content-Disposition: form-data; name="title"', body: "Grüße, form" },
  {
    headers:
      'Content-Disposition: form-data; name="upload"; filename="data.bin"\r\nContent-Type: application/octet-stream',
    body: file,
  },
  { headers: 'Content-Disposition: form-data; name="note"', body: "line 1\r\nline 2" },
  { headers: 'Content-Disposition: form-data; name="plain"; filename="ü.txt"', body: "text file" },
  {
    headers: 'Content-Disposition: form-data; name="empty"; filename=""\r\nContent-Type: text/plain',
    body: "",
  },
  { headers: 'Content-Disposition: form-data; name="title"', body: "second" },
]);
const MULTIPART_EXPECTED = [
  { name: "title", text: "Grüße, form" },
  {
    name: "upload",
    file: "data.bin",
    type: "application/octet-stream",
    size: file.length,
    digest: digest(file),
    isFile: true,
  },
  { name: "note", text: "line 1\r\nline 2" },
  {
    name: "plain",
    file: "ü.txt",
    type: "text/plain",
    size: 9,
    digest: digest(Buffer.from("text file")),
    isFile: true,
  },
  { name: "empty", file: "", type: "text/plain", size: 0, digest: digest(Buffer.alloc(0)), isFile: true },
  { name: "title", text: "second" },
];
const LONG = "v".repeat(100_000);
const URLENCODED = `name=J%C3%BCrgen&sum=1+2%3D3&empty=&flag&long=${LONG}&name=again`;
const URLENCODED_EXPECTED = [
  { name: "name", text: "Jürgen" },
  { name: "sum", text: "1 2=3" },
  { name: "empty", text: "" },
  { name: "flag", text: "" },
  { name: "long", text: LONG },
  { name: "name", text: "again" },
];

interface Case {
  label: string;
  path: string;
  body: Buffer;
  type: string;
  status: number;
  expected?: unknown;
}

const CASES: Case[] = [
  {
    label: "a multipart upload of ~200 KB with text fields",
    path: "/forms/form",
    body: MULTIPART,
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    status: 200,
    expected: { used: true, fields: MULTIPART_EXPECTED },
  },
  {
    label: "an urlencoded form of ~100 KB",
    path: "/forms/form",
    body: Buffer.from(URLENCODED),
    type: "application/x-www-form-urlencoded",
    status: 200,
    expected: { used: true, fields: URLENCODED_EXPECTED },
  },
  {
    label: "a multipart body cut short",
    path: "/forms/form",
    body: MULTIPART.subarray(0, 150_000),
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    status: 400,
    expected: { error: "TypeError", used: true },
  },
  {
    label: "a multipart body without its boundary parameter",
    path: "/forms/form",
    body: MULTIPART,
    type: "multipart/form-data",
    status: 400,
    expected: { error: "TypeError", used: true },
  },
  {
    label: "a body that is not a form",
    path: "/forms/form",
    body: Buffer.from("{}"),
    type: "application/json",
    status: 400,
    expected: { error: "TypeError", used: true },
  },
  {
    label: "request.blob() of an upload",
    path: "/forms/blob",
    body: file,
    type: "Application/Octet-Stream; X=Y",
    status: 200,
    expected: {
      size: file.length,
      type: "application/octet-stream;x=y",
      head: Array.from(file.subarray(0, 4)),
      digest: digest(file),
    },
  },
];

t.test("formData() and blob() of uploads, in the DLL and in Node", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  const site = tempDir(join(tmpdir(), "isapi-forms-"));
  const entry = join(site, "forms.ts");
  writeFileSync(entry, HANDLER);
  buildWithCli(entry, join(site, "dist"));
  // /forms/* takes IIS's default limits; /small/* admits at most 100 000 bytes; /big/*
  // admits 40 MiB, more than a body read may take (32 MiB).
  const config = join(site, "web.config");
  writeFileSync(
    config,
    `<configuration>
  <location path="small">
    <system.webServer><security><requestFiltering>
      <requestLimits maxAllowedContentLength="100000" />
    </requestFiltering></security></system.webServer>
  </location>
  <location path="big">
    <system.webServer><security><requestFiltering>
      <requestLimits maxAllowedContentLength="41943040" />
    </requestFiltering></security></system.webServer>
  </location>
  <system.webServer>
    <handlers>
      <add name="forms" path="*" verb="*" modules="IsapiModule" scriptProcessor="dist/_forms.so" resourceType="Unspecified" />
    </handlers>
  </system.webServer>
</configuration>
`,
  );

  const dll = await startHost(config);
  t.teardown(() => dll.stop());
  const node = await loadHandler(join(site, "dist", "forms.js"), { config });
  t.teardown(() => node.close());

  for (const c of CASES) {
    const headers = { "content-type": c.type };
    const fromDll = await send(dll.port, "POST", c.path, c.body, headers);
    const fromNode = await node.request({ method: "POST", url: c.path, headers, body: c.body });
    t.equal(fromDll.status, c.status, `${c.label}: DLL status (${fromDll.text.slice(0, 200)})`);
    t.equal(fromNode.status, c.status, `${c.label}: Node status (${fromNode.text().slice(0, 200)})`);
    const dllAnswer: unknown = JSON.parse(fromDll.text);
    t.same(dllAnswer, c.expected, `${c.label}: the DLL parsed what was sent`);
    t.same(JSON.parse(fromNode.text()), dllAnswer, `${c.label}: Node parsed the same`);
  }

  // The site's request limits come first: a larger upload never reaches formData().
  const limited = await send(dll.port, "POST", "/small/form", MULTIPART, {
    "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
  });
  t.equal(limited.status, 413, "DLL: over maxAllowedContentLength → 413");
  const limitedNode = await node.request({
    method: "POST",
    url: "/small/form",
    headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
    body: MULTIPART,
  });
  t.equal(limitedNode.status, 413, "Node: over maxAllowedContentLength → 413");

  // A body read whole stops at 32 MiB (BODY_READ_LIMIT) whatever the site admits: the
  // handler's text() fails with a TypeError naming the limit (here uncaught: a 500), and
  // the engine goes on serving. (A body without Content-Length stops as the limit is
  // passed: tests/body_standard.rs.)
  const limit = 32 * 1024 * 1024;
  t.equal(
    await postDeclaring(dll.port, "/big/text", limit + 1),
    500,
    "DLL: text() of a body declared past the limit fails the request, unread",
  );
  t.ok(
    await logContains(dll, "a body read by text() is larger than the limit of 33554432 bytes"),
    "the log names the limit",
  );
  const after = await send(dll.port, "POST", "/big/text", Buffer.from("still here"), {
    "content-type": "text/plain",
  });
  t.equal(after.status, 200, "DLL: the next request is served");
  t.equal(after.text, "10");
});
