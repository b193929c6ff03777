// Linux vs Windows parity: every sample mounted by samples/web.config, built twice — with
// the Linux library (`_<name>.so`, served by the Linux isapi-host) and with the Windows
// library (`_<name>.dll`, served by isapi-host.exe under Wine) — and sent the same
// requests (support/sample-requests.ts): status, headers and body must match after
// masking what differs by nature. Then what only the Windows run shows: TransmitFile of
// a file named by its Windows path, and the sample filters on Windows.
import t from "tap";
import { readFileSync } from "node:fs";
import { Agent } from "node:http";
import { join } from "node:path";

import { SAMPLE_REQUESTS, runCases } from "../support/sample-requests.js";
import {
  buildSampleSite,
  native,
  send,
  startHost,
  windows,
  windowsSkip,
  type RunningHost,
} from "../support/site.js";

// One engine per library, so that module state (a counter, a store) moves in step.
process.env["ISAPI_TS_WORKERS"] = "1";

const skip = windowsSkip(t);

interface Side {
  site: string;
  host: RunningHost;
  /** The site's folder as that host spells it, masked in answers (it differs per run);
   * Windows' separator after it too (MapURLToPath shows `Z:\...\` where Linux has `/.../`). */
  masks: [string, string][];
}

let linux: Side | undefined;
let win: Side | undefined;

t.before(async () => {
  if (skip) return;
  const linuxSite = buildSampleSite(native);
  const winSite = buildSampleSite(windows);
  const winRoot = windows.hostPath(winSite);
  linux = {
    site: linuxSite,
    host: await startHost(join(linuxSite, "web.config"), {}, native),
    masks: [[linuxSite, "<site>"]],
  };
  win = {
    site: winSite,
    host: await startHost(join(winSite, "web.config"), {}, windows),
    masks: [
      [`${winRoot}\\`, "<site>/"],
      [winRoot, "<site>"],
    ],
  };
});
t.teardown(async () => {
  linux?.host.stop();
  await win?.host.close();
});

t.test("every sample answers the same on Linux and on Windows (Wine)", { skip }, async (t) => {
  for (const [sample, cases] of Object.entries(SAMPLE_REQUESTS)) {
    await t.test(sample, async (t) => {
      const onLinux = await runCases(linux!.host.port, cases, linux!.masks);
      const onWindows = await runCases(win!.host.port, cases, win!.masks);
      cases.forEach((c, i) => {
        const [l, w] = [onLinux[i]!, onWindows[i]!];
        const what = `${c.method ?? "GET"} ${c.path.slice(0, 60)}`;
        t.equal(l.status, c.status, `${what}: Linux status`);
        if (c.contains) t.match(w.body, c.contains, `${what}: Windows body`);
        t.same(w, l, `${what}: Windows answers as Linux`);
      });
    });
  }
});

t.test("transmit: TransmitFile sends the file named by its Windows path", { skip }, async (t) => {
  const root = await send(win!.host.port, "GET", "/transmit/");
  t.equal(root.status, 200);
  t.match(root.text, `The root of this site is at ${windows.hostPath(win!.site)}\\`, "a Z:\\ path");
  const reply = await send(win!.host.port, "GET", "/transmit/transmit.ts");
  t.equal(reply.status, 200, win!.host.log());
  t.equal(reply.headers["connection"], "close");
  t.ok(reply.body.equals(readFileSync(join(win!.site, "transmit.ts"))), "byte for byte");
});

t.test(
  "the sample filters on Windows: rewrite, per-connection state, headers, refusal",
  { skip },
  async (t) => {
    const port = win!.host.port;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    t.teardown(() => agent.destroy());
    const upstream = (name: string) => readFileSync(join(win!.site, "upstream", name), "utf8");
    const first = await send(port, "GET", "/rwf/index.htm", undefined, {}, agent);
    t.equal(first.status, 200);
    t.equal(first.text, upstream("index.htm"));
    t.equal(first.headers["x-request-number"], "1");
    const second = await send(port, "GET", "/rwf/lines.txt", undefined, {}, agent);
    t.equal(second.text, upstream("lines.txt"));
    t.equal(second.headers["x-request-number"], "2", "FilterContext kept on the connection");
    t.equal(second.headers["x-isapi-filter"], "headers");

    const refused = await send(port, "GET", "/private/index.html");
    t.equal(refused.status, 401, "auth_filter refuses");
    t.equal(refused.headers["www-authenticate"], 'Basic realm="isapi-ts"');
    const allowed = await send(port, "GET", "/private/index.html", undefined, {
      Authorization: `Basic ${Buffer.from("demo:demo").toString("base64")}`,
    });
    t.equal(allowed.status, 200);
    t.equal(allowed.text, readFileSync(join(win!.site, "private", "index.html"), "utf8"));
  },
);
