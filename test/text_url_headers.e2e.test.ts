// TextDecoder, URL/URLSearchParams and Headers through the real path: a fetch handler built
// by `isapi build`, loaded by isapi-host through the DLL, decoding a Shift_JIS request body
// in chunks, reading the request URL's query, and answering with validated headers.
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
export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const bytes = new Uint8Array(await request.arrayBuffer());
    const decoder = new TextDecoder(url.searchParams.get("charset") ?? "utf-8", { fatal: true });
    let text = "";
    // Three bytes at a time: characters split across chunks must come out whole.
    for (let at = 0; at < bytes.length; at += 3) text += decoder.decode(bytes.subarray(at, at + 3), { stream: true });
    text += decoder.decode();
    url.searchParams.append("seen", "é ü");
    const headers = new Headers([["Set-Cookie", "a=1"], ["set-cookie", "b=2"], ["X-Pad", "  trimmed\\t"]]);
    let refused = "";
    try {
      headers.append("bad name", "x");
    } catch (error) {
      refused = (error as Error).name;
    }
    headers.set("content-type", "application/json");
    const body = {
      text,
      encoding: decoder.encoding,
      pathname: url.pathname,
      params: [...new URLSearchParams(url.search)],
      href: url.href.slice(url.origin.length),
      accept: request.headers.get("accept"),
      refused,
      encoded: [...new TextEncoder().encode("\\ud800")],
    };
    return new Response(JSON.stringify(body), { headers });
  },
};
`;

let host: RunningHost | undefined;

t.before(async () => {
  if (missingArtifacts()) return;
  const site = tempDir(join(tmpdir(), "isapi-text-url-headers-"));
  const entry = join(site, "codec.ts");
  writeFileSync(entry, handler);
  buildWithCli(entry, join(site, "dist"));
  const config = join(site, "web.config");
  writeFileSync(config, webConfig([["/codec/*", "codec"]]));
  host = await startHost(config);
});
t.teardown(() => host?.stop());

t.test("a Shift_JIS body, the query and the headers come through the DLL as the standards say", async (t) => {
  if (!host) return t.fail(missingArtifacts() ?? "no host");
  // 日本語テキスト in Shift_JIS.
  const body = Buffer.from("93fa967b8cea8365834c835883672e", "hex");
  const reply = await send(host.port, "POST", "/codec/p%61th/?charset=Shift_JIS&q=%C3%A9%zz&a+b=1", body, {
    Accept: "text/plain",
    "Content-Type": "application/octet-stream",
  });
  t.equal(reply.status, 200, reply.text);
  const answer = JSON.parse(reply.text);
  t.equal(answer.text, "日本語テキスト.");
  t.equal(answer.encoding, "shift_jis");
  t.equal(answer.pathname, "/codec/p%61th/");
  t.same(answer.params, [
    ["charset", "Shift_JIS"],
    ["q", "é%zz"],
    ["a b", "1"],
    ["seen", "é ü"],
  ]);
  t.equal(answer.href, "/codec/p%61th/?charset=Shift_JIS&q=%C3%A9%25zz&a+b=1&seen=%C3%A9+%C3%BC");
  t.equal(answer.accept, "text/plain");
  t.equal(answer.refused, "TypeError");
  t.same(answer.encoded, [0xef, 0xbf, 0xbd]);
  t.same(reply.headers["set-cookie"], ["a=1", "b=2"]);
  t.equal(reply.headers["x-pad"], "trimmed");
  t.match(String(reply.headers["content-type"]), /^application\/json/);
});

t.test("malformed bytes with fatal are a TypeError, so the handler fails with a 500", async (t) => {
  if (!host) return t.fail(missingArtifacts() ?? "no host");
  const reply = await send(host.port, "POST", "/codec/?charset=utf-8", Buffer.from([0x61, 0xc3]));
  t.equal(reply.status, 500);
});
