/**
 * The `fc` of a filter running in Node, and the `GetData()` object of each notification:
 * each member a call into the addon, which runs it with `isapi::FilterCall` on the host's
 * real filter context (crates/isapi-node/src/filter.rs). Valid during its call only.
 */
import { FilterError } from "../errors.js";
import * as c from "../constants.js";
import type { FilterContext, FilterData } from "../filter_types.js";
import { addon, type Addon } from "./native.js";
import { bytesOf, headerText } from "./values.js";

/** `FilterContext` values of one filter, by connection number. */
export type ContextStore = Map<number, unknown>;

export class NodeFilterContext implements FilterContext {
  /** What `SetLastError` asked the server's thread to report. */
  lastError: number | undefined;
  private readonly native: Addon = addon();

  constructor(
    readonly id: number,
    readonly NotificationType: number,
    private readonly connection: number,
    private readonly contexts: ContextStore,
  ) {}

  get Revision(): number {
    return this.native.fcGet(this.id, "Revision") as number;
  }
  get fIsSecurePort(): boolean {
    return this.native.fcGet(this.id, "fIsSecurePort") === 1;
  }
  get FilterContext(): unknown {
    return this.contexts.has(this.connection) ? this.contexts.get(this.connection) : null;
  }
  set FilterContext(value: unknown) {
    if (value === undefined || value === null) this.contexts.delete(this.connection);
    else this.contexts.set(this.connection, value);
  }

  GetData(): FilterData | null {
    return dataFor(this.native, this.id, this.NotificationType);
  }

  GetServerVariable(name: string, defaultValue?: string): string {
    const value = this.native.fcServerVariable(this.id, name);
    if (value) return value.toString("utf8");
    if (defaultValue !== undefined && defaultValue !== null) return defaultValue;
    throw new FilterError(`server variable ${JSON.stringify(name)} does not exist`, 1413);
  }
  WriteClient(data: string | Uint8Array): void {
    this.native.fcWrite(this.id, bytesOf(data));
  }
  write(data: string | Uint8Array): void {
    this.WriteClient(data);
  }
  AddResponseHeaders(headers: string | Record<string, string | number>): void {
    this.native.fcAddResponseHeaders(this.id, headerText(headers));
  }
  SendResponseHeader(
    status?: string | null,
    headers?: string | Record<string, string | number> | null,
  ): void {
    const block = headers === undefined || headers === null ? undefined : headerText(headers);
    this.native.fcSendResponseHeader(this.id, status ?? undefined, block);
  }
  DisableNotifications(flags: number): void {
    this.native.fcDisableNotifications(this.id, flags);
  }
  AllocMem(size: number): number {
    return this.native.fcAllocMem(this.id, size);
  }
  AddHeadersOnDenial(headers: string | Record<string, string | number>): void {
    this.native.fcAddHeadersOnDenial(this.id, headerText(headers));
  }
  SetNextReadSize(size: number): void {
    this.native.fcSetNextReadSize(this.id, size);
  }
  SetProxyInfo(proxy: boolean): void {
    this.native.fcSetProxyInfo(this.id, proxy);
  }
  GetConnID(): number {
    return this.native.fcConnId(this.id);
  }
  GetProperty(property: number): number {
    return this.native.fcProperty(this.id, property);
  }
  NormalizeURL(url: string): string {
    return this.native.fcNormalizeUrl(this.id, url);
  }
  ServerSupportFunction(
    request: number,
    data?: string | Uint8Array | null,
    ul1?: string | number | null,
    ul2?: number | null,
  ): Uint8Array | null {
    let buffer: Buffer | undefined;
    if (data !== undefined && data !== null) {
      buffer = bytesOf(data);
      if (typeof data === "string") buffer = Buffer.concat([buffer, Buffer.from([0])]);
    }
    const out = this.native.fcSupport(this.id, request, buffer, ul1 ?? undefined, ul2 ?? undefined);
    return out ? new Uint8Array(out) : null;
  }
  SetLastError(code: number): void {
    this.lastError = code;
  }
}

/** Defines a field backed by `fcGet`/`fcSet`; read-only without `writable`. */
function field(
  data: object,
  native: Addon,
  id: number,
  name: string,
  options: { writable?: boolean; number?: boolean } = {},
): void {
  Object.defineProperty(data, name, {
    enumerable: true,
    get: () => native.fcGet(id, name),
    set: options.writable
      ? (value: unknown) => native.fcSet(id, name, options.number ? Number(value) : String(value))
      : undefined,
  });
}

function dataFor(native: Addon, id: number, notification: number): FilterData | null {
  const data: Record<string, unknown> = {};
  switch (notification) {
    case c.SF_NOTIFY_READ_RAW_DATA:
    case c.SF_NOTIFY_SEND_RAW_DATA:
      Object.defineProperty(data, "InData", {
        enumerable: true,
        get: () => new Uint8Array(native.fcRawData(id)),
        set: (value: unknown) => native.fcReplaceRawData(id, bytesOf(value)),
      });
      break;
    case c.SF_NOTIFY_PREPROC_HEADERS:
    case c.SF_NOTIFY_SEND_RESPONSE:
    case c.SF_NOTIFY_AUTH_COMPLETE:
      data["GetHeader"] = (name: string, defaultValue?: string) => {
        const value = native.fcHeader(id, name);
        if (value !== null) return value;
        if (defaultValue !== undefined && defaultValue !== null) return defaultValue;
        throw new FilterError(`header ${JSON.stringify(name)} does not exist`, 1413);
      };
      data["SetHeader"] = (name: string, value: string) => native.fcSetHeader(id, name, value);
      data["AddHeader"] = (name: string, value: string) => native.fcAddHeader(id, name, value);
      field(data, native, id, "HttpStatus", { writable: true, number: true });
      if (notification === c.SF_NOTIFY_AUTH_COMPLETE) data["GetUserToken"] = () => native.fcUserToken(id);
      break;
    case c.SF_NOTIFY_AUTHENTICATION:
      field(data, native, id, "User", { writable: true });
      field(data, native, id, "Password", { writable: true });
      break;
    case c.SF_NOTIFY_URL_MAP:
      field(data, native, id, "URL");
      field(data, native, id, "PhysicalPath", { writable: true });
      for (const name of ["Flags", "MatchingPath", "MatchingURL", "ScriptMapEntry"])
        field(data, native, id, name);
      break;
    case c.SF_NOTIFY_ACCESS_DENIED:
      for (const name of ["URL", "PhysicalPath", "Reason"]) field(data, native, id, name);
      break;
    case c.SF_NOTIFY_LOG:
      for (const name of [
        "ClientHostName",
        "ClientUserName",
        "ServerName",
        "Operation",
        "Target",
        "Parameters",
      ]) {
        field(data, native, id, name, { writable: true });
      }
      for (const name of ["HttpStatus", "Win32Status", "BytesSent", "BytesRecvd", "TimeForProcessing"]) {
        field(data, native, id, name, { writable: true, number: true });
      }
      break;
    default:
      return null;
  }
  return data as unknown as FilterData;
}
