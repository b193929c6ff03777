/**
 * The Node addon (crates/isapi-node) as `isapi-ts/testing` uses it: where it is, its
 * functions, and its errors turned back into `ExtensionError`/`FilterError`.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { ExtensionError, FilterError } from "../errors.js";

export interface NativeHost {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface UrlMapping {
  Path: string;
  Flags: number;
  MatchingPath: number;
  MatchingURL: number;
}

export interface ExecStatus {
  HttpStatusCode: number;
  HttpSubStatus: number;
  Win32Error: number;
}

export interface HttpResponse {
  status: number;
  headers: string[][];
  body: Buffer;
}

export interface NativeHandler {
  readonly url: string;
  request(request: {
    method: string;
    url: string;
    headers: string[][];
    body?: Buffer;
    connection: number;
  }): Promise<HttpResponse>;
  disconnect(connection: number): void;
  close(): Promise<void>;
}

export type Notify = (kind: number, id: number, notification: number, connection: number) => void;

/** Every function of the addon (napi-rs names them in camelCase). */
export interface Addon {
  startHost(config: string): Promise<NativeHost>;
  loadHandler(
    spec: {
      name: string;
      root: string;
      config?: string;
      extension?: { description: string; threadPool: boolean };
      filter?: { description: string; flags: number };
      timeoutMs?: number;
    },
    notify: Notify,
  ): Promise<NativeHandler>;
  // extension.rs
  ecbField(id: number, name: string): string | number;
  ecbSetField(id: number, name: string, value: string | number): void;
  ecbAvailableData(id: number): Buffer;
  ecbServerVariable(id: number, name: string): Buffer | null;
  ecbWrite(id: number, data: Buffer): void;
  ecbRead(id: number, size: number): Buffer;
  ecbSendResponseHeaders(id: number, status: string, headers: string, keepAlive: boolean): void;
  ecbRedirect(id: number, url: string): void;
  ecbIsKeepConn(id: number): boolean;
  ecbDone(id: number, status: number): void;
  ecbReply(id: number, status: number): void;
  ecbIsOpen(id: number): boolean;
  ecbInternalError(id: number): void;
  ecbSetFlushFlag(id: number, flag: boolean): void;
  ecbMapUrlToPath(id: number, url: string): string;
  ecbMapUrlToPathEx(id: number, url: string): UrlMapping;
  ecbNormalizeUrl(id: number, url: string): string;
  ecbSendUrl(id: number, url: string): void;
  ecbSendCustomError(id: number, status: string, subError: number): void;
  ecbAppendLogParameter(id: number, text: string): void;
  ecbReportUnhealthy(id: number, reason: string | null | undefined): void;
  ecbSimpleRequest(id: number, name: "CloseConnection" | "AbortiveClose"): void;
  ecbIsConnected(id: number): boolean;
  ecbIsInProcess(id: number): number;
  ecbImpersonationToken(id: number): number;
  ecbAnonymousToken(id: number, metabasePath: string): number;
  ecbSupportBytes(id: number, code: number, data: Buffer, dataType?: number | null): Buffer;
  ecbSupportValue(id: number, code: number, value: number): void;
  ecbTransmitFile(
    id: number,
    path: string,
    options: {
      status?: string;
      headers?: string;
      head?: Buffer;
      tail?: Buffer;
      offset?: number;
      length?: number;
      disconnect?: boolean;
    },
  ): void;
  ecbVectorSend(
    id: number,
    elements: Array<{ bytes?: Buffer; path?: string; offset?: number; length?: number }>,
    status: string | null | undefined,
    headers: string | null | undefined,
    disconnect: boolean,
  ): void;
  ecbExecUrl(
    id: number,
    options: { url?: string; method?: string; headers?: string; entity?: Buffer; flags?: number },
  ): Promise<ExecStatus>;
  ecbExecUrlStatus(id: number): ExecStatus;
  // filter.rs
  fcReply(id: number, status: number, lastError: number): void;
  fcGet(id: number, name: string): string | number | null;
  fcSet(id: number, name: string, value: string | number): void;
  fcServerVariable(id: number, name: string): Buffer | null;
  fcWrite(id: number, data: Buffer): void;
  fcAddResponseHeaders(id: number, headers: string): void;
  fcSendResponseHeader(
    id: number,
    status: string | null | undefined,
    headers: string | null | undefined,
  ): void;
  fcDisableNotifications(id: number, flags: number): void;
  fcAllocMem(id: number, size: number): number;
  fcAddHeadersOnDenial(id: number, headers: string): void;
  fcSetNextReadSize(id: number, size: number): void;
  fcSetProxyInfo(id: number, proxy: boolean): void;
  fcConnId(id: number): number;
  fcProperty(id: number, property: number): number;
  fcNormalizeUrl(id: number, url: string): string;
  fcRawData(id: number): Buffer;
  fcReplaceRawData(id: number, data: Buffer): void;
  fcHeader(id: number, name: string): string | null;
  fcSetHeader(id: number, name: string, value: string): void;
  fcAddHeader(id: number, name: string, value: string): void;
  fcUserToken(id: number): number;
  fcSupport(
    id: number,
    code: number,
    data?: Buffer | null,
    ul1?: string | number | null,
    ul2?: number | null,
  ): Buffer | null;
}

/** Where the addon is looked for: `$ISAPI_TS_ADDON`, else `native/isapi-node.node`. */
export function addonPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return process.env["ISAPI_TS_ADDON"] || resolve(here, "..", "..", "native", "isapi-node.node");
}

let loaded: Addon | undefined;

/** The addon, loaded once; its errors come out as `ExtensionError`/`FilterError`. */
export function addon(): Addon {
  if (loaded) return loaded;
  const path = addonPath();
  if (!existsSync(path)) {
    throw new Error(
      `the isapi-ts Node addon is not built (${path}); run \`cargo xtask build\` or ` +
        "`npm run build:native --workspace ts/isapi`",
    );
  }
  const raw = createRequire(import.meta.url)(path) as Record<string, unknown>;
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    wrapped[name] =
      typeof value === "function" ? translated(value as (...args: unknown[]) => unknown) : value;
  }
  loaded = wrapped as unknown as Addon;
  return loaded;
}

/** `fn` with its thrown (or rejected) native errors decoded. */
function translated(fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => {
    let result: unknown;
    try {
      result = fn(...args);
    } catch (error) {
      throw decode(error);
    }
    if (result instanceof Promise) return result.catch((error: unknown) => Promise.reject(decode(error)));
    return result;
  };
}

/** The addon's host errors say `name \0 code \0 text` (crates/isapi-node/src/errors.rs). */
export function decode(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const parts = error.message.split("\0");
  if (parts.length !== 3) return error;
  const [name, code, text] = parts as [string, string, string];
  const errno = code === "" ? undefined : Number(code);
  return name === "FilterError" ? new FilterError(text, errno) : new ExtensionError(text, errno);
}
