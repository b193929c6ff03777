// The event and messaging globals through the real path (the DLL in isapi-host): a
// handler using AbortSignal, structuredClone, MessageChannel, performance and events
// gets the same answers as in Node; a handler that leaves a Promise rejection unhandled
// answers normally, and the rejection is logged with its TypeScript position; exceptions
// thrown in timers and microtasks become "error" events at globalThis and, unless
// cancelled, log lines with their TypeScript position (HTML "report an exception").
import t from "tap";
import { loadHandler } from "isapi-ts/testing";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import {
  buildWithCli,
  missingArtifacts,
  root,
  send,
  startHost,
  webConfig,
  type RunningHost,
  logContains,
} from "./support/site.js";
import { tempDir } from "./support/temp.js";

// Line numbers below are asserted: keep the rejection on line 6.
const REJECTS = `export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.endsWith("/handled")) return new Response("fine");
    // Nobody awaits this one:
    Promise.reject(new Error("nobody awaited this " + url.pathname));
    return new Response("answered");
  },
};
`;

// Line numbers below are asserted: keep the loud timer's throw on line 19.
const THROWS = `interface Reported {
  message?: string;
  filename?: string;
  lineno?: number;
  reason?: Error;
  preventDefault(): void;
}
const scope = globalThis as unknown as { addEventListener(type: string, listener: (event: Reported) => void): void };
const seen: string[] = [];
scope.addEventListener("error", (event) => {
  seen.push(\`error \${event.message} \${event.filename?.endsWith("throws.ts")} \${event.lineno}\`);
  if (String(event.message).includes("quiet")) event.preventDefault();
});
scope.addEventListener("rejectionhandled", (event) => seen.push(\`rejectionhandled \${event.reason?.message}\`));
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
export default {
  async fetch(): Promise<Response> {
    seen.length = 0;
    setTimeout(() => { throw new RangeError("loud timer"); }, 0);
    setTimeout(() => { throw new Error("quiet timer"); }, 0);
    queueMicrotask(() => { throw new TypeError("quiet microtask"); });
    const late = Promise.reject(new Error("handled late"));
    await tick();
    await tick();
    late.catch(() => {});
    await tick();
    return Response.json(seen);
  },
};
`;

// What the platform's globals answer; the same function runs in Node below.
const PLATFORM = `export async function observe(): Promise<string[]> {
  const out: string[] = [];
  const controller = new AbortController();
  const any = AbortSignal.any([controller.signal, AbortSignal.timeout(10_000)]);
  let heard = "";
  any.addEventListener("abort", () => (heard = String(any.reason)));
  controller.abort("stop");
  out.push(\`abort \${any.aborted} \${heard} \${AbortSignal.abort().reason.name}\`);
  const timedOut = AbortSignal.timeout(1);
  await new Promise((resolve) => timedOut.addEventListener("abort", resolve));
  out.push(\`timeout \${timedOut.reason.name}\`);
  const source = { when: new Date(0), list: [1, 2], map: new Map([["k", new Set([1])]]) };
  const copy = structuredClone(source);
  out.push(\`clone \${copy !== source} \${copy.when.toISOString()} \${copy.map.get("k")?.has(1)}\`);
  try {
    structuredClone(() => 1);
  } catch (error) {
    out.push(\`clone error \${(error as DOMException).name}\`);
  }
  const { port1, port2 } = new MessageChannel();
  const order: string[] = [];
  const got = new Promise<unknown>((resolve) => (port2.onmessage = (event) => resolve(event.data)));
  port1.postMessage({ n: 1 });
  queueMicrotask(() => order.push("microtask"));
  const data = (await got) as { n: number };
  order.push(\`message \${data.n}\`);
  out.push(order.join(","));
  port1.close();
  port2.close();
  const target = new EventTarget();
  target.addEventListener("x", (event) => out.push(\`event \${event.type} \${(event as CustomEvent).detail}\`), { once: true });
  target.dispatchEvent(new CustomEvent("x", { detail: 7 }));
  target.dispatchEvent(new CustomEvent("x", { detail: 8 }));
  const mark = performance.mark("m", { startTime: 1 });
  out.push(\`mark \${mark.startTime} \${performance.measure("d", "m").duration > 0} \${typeof performance.timeOrigin}\`);
  out.push(\`base64 \${btoa("hi")} \${atob("aGk=")}\`);
  out.push(\`DOMException \${new DOMException("m", "TimeoutError").code}\`);
  return out;
}
`;

const HANDLER = `import { observe } from "./platform.js";
export default {
  async fetch(): Promise<Response> {
    return Response.json(await observe());
  },
};
`;

let host: RunningHost | undefined;
let dir = "";

t.before(async () => {
  if (missingArtifacts()) return;
  mkdirSync(join(root, "target"), { recursive: true });
  dir = tempDir(join(root, "target", "tap-events-"));
  writeFileSync(join(dir, "rejects.ts"), REJECTS);
  writeFileSync(join(dir, "platform.ts"), PLATFORM);
  writeFileSync(join(dir, "globals.ts"), HANDLER);
  writeFileSync(join(dir, "throws.ts"), THROWS);
  buildWithCli(join(dir, "throws.ts"), join(dir, "dist"));
  buildWithCli(join(dir, "rejects.ts"), join(dir, "dist"));
  buildWithCli(join(dir, "globals.ts"), join(dir, "dist"));
  writeFileSync(
    join(dir, "web.config"),
    webConfig([
      ["/rejects/*", "rejects"],
      ["/globals/*", "globals"],
      ["/throws/*", "throws"],
    ]),
  );
  host = await startHost(join(dir, "web.config"));
});
t.teardown(() => host?.stop());

t.test("an unhandled rejection is logged with its .ts position; the request still answers", async (t) => {
  if (!host) return t.fail("no host");
  const reply = await send(host.port, "GET", "/rejects/first");
  t.equal(reply.status, 200);
  t.equal(reply.text, "answered");
  t.ok(
    await logContains(host!, "Uncaught (in promise) Error: nobody awaited this /rejects/first"),
    host.log(),
  );
  t.ok(
    await logContains(host!, `${join(dir, "rejects.ts")}:6:`),
    `the TS position is logged:\n${host.log()}`,
  );
  // Reported once, in the request that made it: the next request adds nothing about it.
  const next = await send(host.port, "GET", "/rejects/handled");
  t.equal(next.text, "fine");
  t.equal(host.log().split("nobody awaited this /rejects/first").length - 1, 1, "logged once");
});

t.test(
  "uncaught exceptions are error events, logged unless cancelled; late handling fires rejectionhandled",
  async (t) => {
    if (!host) return t.fail("no host");
    const reply = await send(host.port, "GET", "/throws/x");
    t.equal(reply.status, 200, reply.text);
    t.same(JSON.parse(reply.text), [
      "error Uncaught TypeError: quiet microtask true 21",
      "error Uncaught RangeError: loud timer true 19",
      "error Uncaught Error: quiet timer true 20",
      "rejectionhandled handled late",
    ]);
    t.ok(await logContains(host, "Uncaught RangeError: loud timer"), host.log());
    t.ok(
      await logContains(host, `${join(dir, "throws.ts")}:19:`),
      `the TS position is logged:\n${host.log()}`,
    );
    t.ok(await logContains(host, "Uncaught (in promise) Error: handled late"), host.log());
    t.notOk(host.log().includes("quiet"), "cancelled ones are not logged");
  },
);

t.test("the event and messaging globals answer as in Node", async (t) => {
  if (!host) return t.fail("no host");
  const reply = await send(host.port, "GET", "/globals/x");
  t.equal(reply.status, 200, reply.text);
  const node = await loadHandler(join(dir, "dist", "globals.js"), { config: join(dir, "web.config") });
  try {
    const viaNode = await send(Number(new URL(node.url).port), "GET", "/globals/x");
    t.same(JSON.parse(reply.text), JSON.parse(viaNode.text), "the DLL answers as Node");
  } finally {
    await node.close();
  }
});
