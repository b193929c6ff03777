/**
 * A handler bundle running in Node, as the DLL runs it in QuickJS
 * (crates/isapi-js/src/engine.rs, filter_engine.rs): factories, GetExtensionVersion /
 * GetFilterVersion, the two extension modes, Promise and PENDING handling, a short 500
 * for a handler that throws, pywin32's reload, and one `HttpFilterProc(fc)` per
 * notification with `FilterContext` per connection. The timers a request or notification
 * leaves are cancelled when it ends (see timers.ts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";

import * as c from "../constants.js";
import type { Extension, ExtensionFactory } from "../types.js";
import type { Filter, FilterFactory } from "../filter_types.js";
import { addon } from "./native.js";
import { NodeEcb } from "./node_ecb.js";
import { NodeFilterContext, type ContextStore } from "./node_fc.js";
import { TIMERS_PROLOGUE, TimerScope } from "./timers.js";
import { accepts, statusOf } from "./values.js";

/** How long a request answered HSE_STATUS_PENDING may stay open (the host's own limit). */
const SESSION_LIMIT_MS = 120_000;

interface HandlerModule {
  __ExtensionFactory__?: ExtensionFactory;
  __FilterFactory__?: FilterFactory;
}

/** Where log lines go: every collector active when a line is written. */
export class LogSink {
  private readonly collectors = new Set<string[]>();
  write(line: string): void {
    for (const collector of this.collectors) collector.push(line);
  }
  async collect<T>(run: () => Promise<T>): Promise<{ value: T; log: string[] }> {
    const log: string[] = [];
    this.collectors.add(log);
    try {
      return { value: await run(), log };
    } finally {
      this.collectors.delete(log);
    }
  }
}

/**
 * The bundle of `entry` as a module: a `.ts` entry is bundled on the fly; a built `.js`
 * bundle is imported as an ES module whatever the package.json around it says (a copy
 * named `.mjs`, its source map still linked), so Node and test loaders agree on it.
 */
export async function importBundle(
  entry: string,
  generation: number,
  outdir: string,
): Promise<HandlerModule> {
  const path = resolve(entry);
  if (!existsSync(path)) throw new Error(`loadHandler: ${entry} does not exist`);
  const file = join(outdir, `${basename(path, extname(path))}.${generation}.mjs`);
  if (/\.[cm]?tsx?$/.test(path)) {
    const { bundleModule } = await import("../build.js");
    await bundleModule(path, file, { cwd: process.cwd(), minify: false });
    writeFileSync(file, TIMERS_PROLOGUE + readFileSync(file, "utf8"));
  } else {
    const map = pathToFileURL(`${path}.map`).href;
    const code = TIMERS_PROLOGUE + readFileSync(path, "utf8").replace(/\/\/# sourceMappingURL=\S+\s*$/, "");
    writeFileSync(file, existsSync(`${path}.map`) ? `${code}//# sourceMappingURL=${map}\n` : code);
  }
  // A fresh module instance per generation: a reload starts module state afresh, as in the DLL.
  return (await import(`${pathToFileURL(file).href}?generation=${generation}`)) as HandlerModule;
}

export class HandlerRuntime {
  private extension: Extension | undefined;
  private filter: Filter | undefined;
  /** The notifications the filter asked for; it gets no other (as the DLL's engine). */
  private filterFlags = 0;
  private generation = 0;
  private readonly contexts: ContextStore = new Map();
  /** Where the bundle's module copies go; removed by `terminate`. */
  private readonly outdir = mkdtempSync(join(tmpdir(), "isapi-ts-handler-"));
  /** Filter notifications as they happen, for `Handler.filter`. */
  notifications: Array<{ type: number; status: number }> | undefined;

  constructor(
    readonly entry: string,
    readonly name: string,
    private readonly log: (line: string, level?: "debug" | "error") => void,
  ) {}

  /** Cancels the timers `call` left, with a debug line, as the DLL's sweep does. */
  private sweep(timers: TimerScope, call: string): void {
    const left = timers.cancel();
    if (left > 0) this.log(`${this.name}: ${call} left ${left} timer(s); cancelled`, "debug");
  }

  /** Loads the bundle: what it exports, and what the native side must know of it. */
  async load(): Promise<{
    extension?: { description: string; threadPool: boolean };
    filter?: { description: string; flags: number };
  }> {
    const module = await importBundle(this.entry, this.generation, this.outdir);
    if (typeof module.__ExtensionFactory__ !== "function" && typeof module.__FilterFactory__ !== "function") {
      throw new Error(
        `loadHandler: ${this.entry} exports neither __ExtensionFactory__ nor __FilterFactory__ ` +
          "(nor a default fetch handler)",
      );
    }
    const result: Awaited<ReturnType<HandlerRuntime["load"]>> = {};
    if (typeof module.__ExtensionFactory__ === "function") {
      const description = this.startExtension(module.__ExtensionFactory__, false);
      result.extension = {
        description,
        threadPool: typeof (this.extension as { Dispatch?: unknown } | undefined)?.Dispatch === "function",
      };
    }
    if (typeof module.__FilterFactory__ === "function") {
      const filter = module.__FilterFactory__();
      const fv = {
        ServerFilterVersion: c.HTTP_FILTER_REVISION,
        FilterVersion: c.HTTP_FILTER_REVISION,
        Flags: 0,
        FilterDesc: "",
      };
      if (!accepts(filter.GetFilterVersion?.(fv)))
        throw new Error(`${this.name}: GetFilterVersion refused to load`);
      if (!Number.isInteger(fv.Flags) || fv.Flags < 0 || fv.Flags > 0xffffffff) {
        throw new Error("GetFilterVersion set Flags to something that is not an SF_NOTIFY_* bit mask");
      }
      this.filter = filter;
      this.filterFlags = fv.Flags;
      result.filter = { description: fv.FilterDesc || "isapi-ts filter", flags: fv.Flags };
    }
    return result;
  }

  /** Creates the handler and runs `GetExtensionVersion` (with `null` on a reload). */
  private startExtension(factory: ExtensionFactory, reload: boolean): string {
    const handler = factory();
    const vi = { ExtensionDesc: "", ExtensionVersion: c.HSE_VERSION };
    const accepted = handler.GetExtensionVersion?.(reload ? null : vi);
    if (!accepts(accepted)) throw new Error(`${this.name}: GetExtensionVersion refused to load`);
    this.extension = handler;
    return vi.ExtensionDesc;
  }

  /** One request: the DLL's `Engine::handle`. */
  async runRequest(id: number, threadPool: boolean, mayReload = true): Promise<void> {
    const native = addon();
    const ecb = new NodeEcb(id);
    let status = c.HSE_STATUS_SUCCESS;
    let failure: unknown;
    const timers = new TimerScope();
    // Read now: once the session is done the ecb no longer answers.
    const connId = ecb.ConnID;
    try {
      const handler = this.extension;
      if (!handler) throw new Error("the handler is not loaded");
      const returned = await timers.run(() => handler.HttpExtensionProc(ecb));
      status = statusOf(returned, c.HSE_STATUS_SUCCESS);
      if (status === c.HSE_STATUS_PENDING) await this.awaitSessionEnd(ecb);
    } catch (error) {
      failure = error;
    }
    await ecb.settled();
    // The request has ended: its timers go with it (the DLL cancels them too).
    this.sweep(timers, `the request of ConnID ${connId}`);
    const open = native.ecbIsOpen(id);
    if (failure instanceof Error && failure.name === "InternalReloadException" && mayReload && open) {
      this.log(`${this.name}: InternalReloadException: reloading ${this.entry}`);
      try {
        this.extension?.TerminateExtension?.(0);
        this.generation += 1;
        const module = await importBundle(this.entry, this.generation, this.outdir);
        if (typeof module.__ExtensionFactory__ !== "function")
          throw new Error("no __ExtensionFactory__ after reload");
        this.startExtension(module.__ExtensionFactory__, true);
        return await this.runRequest(id, threadPool, false);
      } catch (error) {
        failure = error;
      }
    }
    if (!open) {
      if (failure !== undefined)
        this.log(`${this.name}: HttpExtensionProc failed after DoneWithSession: ${describe(failure)}`);
      if (!threadPool) native.ecbReply(id, c.HSE_STATUS_PENDING);
      return;
    }
    if (failure !== undefined) {
      const url = ecb.GetServerVariable("URL", ecb.PathInfo);
      this.log(
        `${this.name}: ${ecb.Method} ${url} (ConnID ${ecb.ConnID}): HttpExtensionProc failed: ${describe(failure)}`,
      );
      if (!ecb.headersSent) {
        native.ecbInternalError(id);
        status = c.HSE_STATUS_SUCCESS;
      } else {
        status = c.HSE_STATUS_ERROR;
      }
    }
    if (threadPool) native.ecbDone(id, status);
    else native.ecbReply(id, status);
  }

  /** After HSE_STATUS_PENDING: the request ends when the handler calls DoneWithSession. */
  private async awaitSessionEnd(ecb: NodeEcb): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, fail) => {
      timer = setTimeout(
        () => fail(new Error("HSE_STATUS_PENDING: the request was never ended (DoneWithSession)")),
        SESSION_LIMIT_MS,
      );
      timer.unref();
    });
    try {
      await Promise.race([ecb.ended, limit]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** One notification: the DLL's `FilterEngine::handle`. */
  runFilter(id: number, notification: number, connection: number): void {
    const fc = new NodeFilterContext(id, notification, connection, this.contexts);
    let status: number;
    try {
      const filter = this.filter;
      if (!filter) throw new Error("the filter is not loaded");
      // END_OF_NET_SESSION is added for the library's own sake; the filter gets it only
      // if it asked.
      const timers = new TimerScope();
      let returned: unknown;
      try {
        returned =
          (this.filterFlags & notification) !== 0 ? timers.run(() => filter.HttpFilterProc(fc)) : undefined;
      } finally {
        this.sweep(timers, `notification 0x${notification.toString(16)}`);
      }
      if (returned instanceof Promise)
        throw new Error("HttpFilterProc must answer synchronously, not with a Promise");
      if (returned === undefined || returned === null) status = c.SF_STATUS_REQ_NEXT_NOTIFICATION;
      else if (typeof returned !== "number")
        throw new Error("HttpFilterProc must return an SF_STATUS_* number or nothing");
      else status = statusOf(returned, c.SF_STATUS_REQ_ERROR);
    } catch (error) {
      this.log(
        `${this.name}: HttpFilterProc failed in notification 0x${notification.toString(16)}: ${describe(error)}`,
      );
      status = c.SF_STATUS_REQ_ERROR;
    }
    if (notification === c.SF_NOTIFY_END_OF_NET_SESSION) this.contexts.delete(connection);
    this.notifications?.push({ type: notification, status });
    addon().fcReply(id, status, fc.lastError ?? 0);
  }

  /** `TerminateExtension`/`TerminateFilter(HSE_TERM_MUST_UNLOAD)`. */
  terminate(): void {
    try {
      this.extension?.TerminateExtension?.(c.HSE_TERM_MUST_UNLOAD);
      this.filter?.TerminateFilter?.(c.HSE_TERM_MUST_UNLOAD);
    } catch (error) {
      this.log(`${this.name}: terminating failed: ${describe(error)}`);
    }
    rmSync(this.outdir, { recursive: true, force: true });
  }

  /** How many connections have a `FilterContext` (released at END_OF_NET_SESSION). */
  get liveContexts(): number {
    return this.contexts.size;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? String(error)) : format(error);
}
