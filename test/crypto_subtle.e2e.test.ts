// crypto.subtle through the real path (isapi build → the DLL in isapi-host): a handler
// that issues and checks an HS256 JWT with HMAC-SHA256 and hashes a body with SHA-256,
// its answers compared with what Node's crypto computes for the same input.
import t from "tap";
import { createHash, createHmac } from "node:crypto";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { buildWithCli, missingArtifacts, send, startHost, webConfig } from "./support/site.js";
import { tempDir } from "./support/temp.js";

const SECRET = "a secret only the test and the handler know";

const HANDLER = `
const encoder = new TextEncoder();
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
function base64url(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += ALPHABET[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += ALPHABET[n & 63]!;
  }
  return out;
}
function fromBase64url(text: string): Uint8Array {
  const out: number[] = [];
  let value = 0;
  let bits = 0;
  for (const char of text) {
    value = (value << 6) | ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >> bits) & 255);
    }
  }
  return new Uint8Array(out);
}
const key = crypto.subtle.importKey("raw", encoder.encode(${JSON.stringify(SECRET)}), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);

export default {
  async fetch(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    const body = await request.text();
    if (path.endsWith("/sign")) {
      const unsigned = base64url(encoder.encode('{"alg":"HS256","typ":"JWT"}')) + "." + base64url(encoder.encode(body));
      const signature = await crypto.subtle.sign("HMAC", await key, encoder.encode(unsigned));
      return new Response(unsigned + "." + base64url(new Uint8Array(signature)));
    }
    if (path.endsWith("/verify")) {
      const [header = "", payload = "", signature = ""] = body.split(".");
      const valid = await crypto.subtle.verify("HMAC", await key, fromBase64url(signature), encoder.encode(header + "." + payload));
      const claims = valid ? new TextDecoder().decode(fromBase64url(payload)) : null;
      return Response.json({ valid, claims });
    }
    if (path.endsWith("/digest")) {
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(body)));
      return new Response(Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""));
    }
    return new Response("not found", { status: 404 });
  },
};
`;

/** The HS256 JWT Node makes of `claims`. */
function nodeJwt(claims: string): string {
  const unsigned = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url")}.${Buffer.from(claims).toString("base64url")}`;
  return `${unsigned}.${createHmac("sha256", SECRET).update(unsigned).digest("base64url")}`;
}

t.test("an HS256 JWT and a SHA-256 digest through the DLL equal Node's", async (t) => {
  const missing = missingArtifacts();
  if (missing) return t.fail(missing);
  const site = tempDir(join(tmpdir(), "isapi-crypto-"));
  writeFileSync(join(site, "jwt.ts"), HANDLER);
  buildWithCli(join(site, "jwt.ts"), join(site, "dist"));
  writeFileSync(join(site, "web.config"), webConfig([["/jwt/*", "jwt"]]));
  const host = await startHost(join(site, "web.config"));
  t.teardown(() => host.stop());
  const post = (path: string, body: string) => send(host.port, "POST", path, Buffer.from(body));

  for (const claims of ['{"sub":"alice","admin":true}', "{}", `{"name":"${"é".repeat(300)}"}`]) {
    const signed = await post("/jwt/sign", claims);
    t.equal(signed.status, 200);
    t.equal(signed.text, nodeJwt(claims), "the JWT is the one Node signs");
    const checked = await post("/jwt/verify", nodeJwt(claims));
    t.same(JSON.parse(checked.text), { valid: true, claims }, "a JWT Node signed verifies");
    const [header, payload, signature] = nodeJwt(claims).split(".");
    const forged = `${header}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith("AA") ? "AB" : "AA"}`;
    t.same(
      JSON.parse((await post("/jwt/verify", forged)).text),
      { valid: false, claims: null },
      "a forged one does not",
    );
  }
  for (const body of ["", "abc", "x".repeat(100_000)]) {
    const digest = await post("/jwt/digest", body);
    t.equal(digest.text, createHash("sha256").update(body).digest("hex"), `digest of ${body.length} bytes`);
  }
});
