/**
 * `isapi-ts/testing`: run handlers from Node tests, through the project's Node addon
 * (crates/isapi-node).
 *
 * - `loadHandler(path)` runs a handler bundle **in Node** (V8: Node's debugger and
 *   inspector work), behind the real host: requests go over in-memory connections, and
 *   the handler's `ecb`/`fc` members run on the host's real ECB and filter context through
 *   the same Rust object model as the DLL. Server variables, header parsing and status
 *   handling are the host's and the DLL's own.
 * - `startHost(config)` starts the real host — the ISAPI libraries and QuickJS engines IIS
 *   would load — in this process on 127.0.0.1 and a free port; send it requests with `fetch`.
 */
import { existsSync, statSync } from "node:fs";
import { basename, dirname, extname, resolve } from "node:path";
import { format } from "node:util";

import { SF_NOTIFY_END_OF_NET_SESSION } from "./constants.js";
import { addon, addonPath as nativeAddonPath } from "./testing/native.js";
import { HandlerRuntime, LogSink } from "./testing/runtime.js";

export interface TestHost {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops the host; requests in flight finish first. */
  close(): Promise<void>;
}

/** Starts the real host on `config` (an IIS web.config) at 127.0.0.1 and a free port. */
export async function startHost(config: string): Promise<TestHost> {
  if (typeof config !== "string" || config === "") {
    throw new TypeError("startHost(config): config must be the path of a web.config");
  }
  const native = await addon().startHost(resolve(config));
  return { url: native.url, port: native.port, close: () => native.close() };
}

/** Where the addon is looked for (for error messages and tooling). */
export function addonPath(): string {
  return nativeAddonPath();
}

export interface TestRequest {
  method?: string;
  /** Path and query, e.g. `/hello/x?name=Ada`. */
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface TestResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Uint8Array;
  text(): string;
  /** What the handler logged (console.*, failures) while this request ran. */
  log: string[];
}

export interface FilterRun {
  /** The responses, in order, of the requests sent over one connection. */
  responses: TestResponse[];
  /** Every notification the filter saw, in order, ending with END_OF_NET_SESSION. */
  notifications: Array<{ type: number; status: number }>;
  /** Everything logged during the run, including what LOG and END_OF_NET_SESSION wrote
   * after the responses were out. */
  log: string[];
}

export interface LoadedHandler {
  /** `http://127.0.0.1:<port>`: the same host over TCP (for `fetch`, browsers, curl). */
  readonly url: string;
  /** Sends a request over this handler's keep-alive connection (in memory, no socket). */
  request(request: TestRequest): Promise<TestResponse>;
  /** A new connection (its own filter contexts), with its own `request`. */
  connect(): { request(request: TestRequest): Promise<TestResponse>; close(): void };
  /** Sends `requests` over a fresh connection, closes it, and reports what the filter saw. */
  filter(requests: TestRequest[]): Promise<FilterRun>;
  /** How many connections hold a `FilterContext` now. */
  readonly liveFilterContexts: number;
  /** Terminates the handler and stops its host. */
  close(): Promise<void>;
}

export interface LoadOptions {
  /**
   * A site's web.config: the site is served as configured, with this handler in Node in
   * place of the library named after it (`_<name>.so`/`.dll`). Without it, every URL goes
   * to the handler's extension (a filter alone filters static files under `root`).
   */
  config?: string;
  /** The site's root without `config` (static files, MapURLToPath); default: the bundle's folder. */
  root?: string;
  /** The handler's name, for `config`; default: the file name without extension. */
  name?: string;
  /** Per filter notification / synchronous call, in ms (default 30 000). */
  timeoutMs?: number;
}

/** Lines written with console.* while handlers are loaded go to their log sinks too. */
const sinks = new Set<LogSink>();
let consolePatched = false;

function patchConsole(): void {
  if (consolePatched) return;
  consolePatched = true;
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      const line = format(...args);
      for (const sink of sinks) sink.write(`${level}: ${line}`);
      original(...args);
    };
  }
}

/**
 * Loads the handler at `path` (a `.ts` entry, bundled on the fly, or a built `.js` bundle)
 * into Node, behind the real host. Every URL goes to its extension; a filter-only bundle
 * filters static files under `root`.
 */
export async function loadHandler(path: string, options: LoadOptions = {}): Promise<LoadedHandler> {
  if (typeof path !== "string" || path === "") {
    throw new TypeError("loadHandler(path): path must be the path of a handler (.ts or .js)");
  }
  const entry = resolve(path);
  if (!existsSync(entry) || !statSync(entry).isFile()) throw new Error(`loadHandler: ${path} does not exist`);
  const root = resolve(options.root ?? dirname(entry));
  // Stack traces in TypeScript positions, as the DLL logs them.
  process.setSourceMapsEnabled(true);
  const sink = new LogSink();
  patchConsole();
  sinks.add(sink);
  const name = options.name ?? basename(entry, extname(entry));
  const runtime = new HandlerRuntime(entry, name, (line, level = "error") => {
    sink.write(`${level}: ${line}`);
    if (level !== "debug") process.stderr.write(`isapi-ts/testing: ${line}\n`);
  });
  let spec;
  try {
    spec = await runtime.load();
  } catch (error) {
    sinks.delete(sink);
    throw error;
  }
  const threadPool = spec.extension?.threadPool === true;
  const config = options.config === undefined ? undefined : resolve(options.config);
  const native = await addon().loadHandler(
    { name, root, config, ...spec, timeoutMs: options.timeoutMs },
    (kind, id, notification, connection) => {
      if (kind === 1) {
        void runtime.runRequest(id, threadPool).catch((error: unknown) => {
          process.stderr.write(`isapi-ts/testing: request ${id} failed: ${format(error)}\n`);
        });
      } else {
        try {
          runtime.runFilter(id, notification, connection);
        } catch (error) {
          // Never let an exception escape a native callback: it would end the process.
          process.stderr.write(`isapi-ts/testing: notification ${id} failed: ${format(error)}\n`);
        }
      }
    },
  );
  let nextConnection = 1;
  const send = async (request: TestRequest, connection: number): Promise<TestResponse> => {
    if (!request || typeof request.url !== "string" || !request.url.startsWith("/")) {
      throw new TypeError("request({ url }): url must be a path starting with /");
    }
    const headers = Object.entries(request.headers ?? {}).map(([k, v]) => [k, String(v)]);
    const body =
      request.body === undefined
        ? undefined
        : typeof request.body === "string"
          ? Buffer.from(request.body)
          : Buffer.from(request.body);
    const { value, log } = await sink.collect(() =>
      native.request({ method: request.method ?? "GET", url: request.url, headers, body, connection }),
    );
    const merged: Record<string, string> = {};
    for (const [key, val] of value.headers as Array<[string, string]>) {
      merged[key] = key in merged ? `${merged[key]}, ${val}` : val;
    }
    const bytes = new Uint8Array(value.body);
    return {
      status: value.status,
      headers: merged,
      body: bytes,
      text: () => Buffer.from(bytes).toString("utf8"),
      log,
    };
  };
  const mainConnection = nextConnection++;
  let closed = false;
  return {
    url: native.url,
    request: (request) => send(request, mainConnection),
    connect() {
      const connection = nextConnection++;
      return { request: (request) => send(request, connection), close: () => native.disconnect(connection) };
    },
    async filter(requests) {
      const connection = nextConnection++;
      const notifications: FilterRun["notifications"] = [];
      runtime.notifications = notifications;
      try {
        const { value: responses, log } = await sink.collect(async () => {
          const responses = [];
          for (const request of requests) responses.push(await send(request, connection));
          native.disconnect(connection);
          // END_OF_NET_SESSION comes when the host sees the connection close.
          const deadline = Date.now() + 5000;
          while (
            !notifications.some((n) => n.type === SF_NOTIFY_END_OF_NET_SESSION) &&
            Date.now() < deadline
          ) {
            await new Promise((done) => setTimeout(done, 5));
          }
          return responses;
        });
        return { responses, notifications, log };
      } finally {
        runtime.notifications = undefined;
      }
    },
    get liveFilterContexts() {
      return runtime.liveContexts;
    },
    async close() {
      if (closed) return;
      closed = true;
      await native.close();
      runtime.terminate();
      sinks.delete(sink);
    },
  };
}
