/**
 * The `ecb` of a handler running in Node: every member of {@link ExtensionControlBlock},
 * each a call into the addon, which runs it with `isapi::Ecb` on the host's real ECB
 * (crates/isapi-node/src/extension.rs). Asynchronous I/O completes synchronously, as the
 * DLL does on a server that refuses it, except `ExecURL`, which needs the server's
 * completion and gets it.
 */
import { ExtensionError } from "../errors.js";
import * as c from "../constants.js";
import type {
  ExecURLOptions,
  ExecURLStatus,
  ExtensionControlBlock,
  TransmitFileOptions,
  UrlMapping,
} from "../types.js";
import { addon, type Addon } from "./native.js";
import { bytesOf, headerText, readSize } from "./values.js";

/** Codes the object model owns (crates/isapi-js/src/ecb_requests.rs). */
const MANAGED_CODES: ReadonlyMap<number, string> = new Map([
  [c.HSE_REQ_SEND_RESPONSE_HEADER, "SendResponseHeaders"],
  [c.HSE_REQ_DONE_WITH_SESSION, "DoneWithSession"],
  [c.HSE_REQ_IO_COMPLETION, "an async method"],
  [c.HSE_REQ_TRANSMIT_FILE, "TransmitFile"],
  [c.HSE_REQ_ASYNC_READ_CLIENT, "an async method"],
  [c.HSE_REQ_GET_IMPERSONATION_TOKEN, "GetImpersonationToken"],
  [c.HSE_REQ_MAP_URL_TO_PATH_EX, "MapURLToPathEx"],
  [c.HSE_REQ_GET_CERT_INFO_EX, "a dedicated method"],
  [c.HSE_REQ_SEND_RESPONSE_HEADER_EX, "SendResponseHeaders"],
  [c.HSE_REQ_MAP_UNICODE_URL_TO_PATH_EX, "MapURLToPathEx"],
  [c.HSE_REQ_EXEC_UNICODE_URL, "ExecURL"],
  [c.HSE_REQ_EXEC_URL, "ExecURL"],
  [c.HSE_REQ_GET_EXEC_URL_STATUS, "GetExecURLStatus"],
  [c.HSE_REQ_SEND_CUSTOM_ERROR, "SendCustomError"],
  [c.HSE_REQ_VECTOR_SEND, "a dedicated method"],
  [c.HSE_REQ_GET_ANONYMOUS_TOKEN, "GetAnonymousToken"],
  [c.HSE_REQ_GET_CACHE_INVALIDATION_CALLBACK, "a dedicated method"],
  [c.HSE_REQ_GET_UNICODE_ANONYMOUS_TOKEN, "GetAnonymousToken"],
  [c.HSE_REQ_GET_TRACE_INFO, "a dedicated method"],
  [c.HSE_REQ_GET_TRACE_INFO_EX, "a dedicated method"],
  [c.HSE_REQ_RAISE_TRACE_EVENT, "a dedicated method"],
  [c.HSE_REQ_GET_CONFIG_OBJECT, "a dedicated method"],
  [c.HSE_REQ_GET_WORKER_PROCESS_SETTINGS, "a dedicated method"],
  [c.HSE_REQ_GET_PROTOCOL_MANAGER_CUSTOM_INTERFACE_CALLBACK, "a dedicated method"],
]);

type Completion = (ecb: ExtensionControlBlock, arg: unknown, cbIO: number, dwError: number) => void;

export class NodeEcb implements ExtensionControlBlock {
  /** Whether headers went out (a failing handler then cannot get a clean 500). */
  headersSent = false;
  /** The operation in flight, if any (one at a time, as on the server). */
  private pending: Promise<unknown> | undefined;
  private completion: { func: Completion; arg: unknown } | undefined;
  private readonly native: Addon = addon();
  private markEnded: () => void = () => {};
  /** Settles when the handler ends the request with `DoneWithSession`. */
  readonly ended = new Promise<void>((done) => (this.markEnded = done));

  constructor(readonly id: number) {}

  private field<T extends string | number>(name: string): T {
    return this.native.ecbField(this.id, name) as T;
  }
  get Method(): string {
    return this.field("Method");
  }
  get QueryString(): string {
    return this.field("QueryString");
  }
  get PathInfo(): string {
    return this.field("PathInfo");
  }
  get PathTranslated(): string {
    return this.field("PathTranslated");
  }
  get ContentType(): string {
    return this.field("ContentType");
  }
  get TotalBytes(): number {
    return this.field("TotalBytes");
  }
  get AvailableBytes(): number {
    return this.field("AvailableBytes");
  }
  get ConnID(): number {
    return this.field("ConnID");
  }
  get Version(): number {
    return this.field("Version");
  }
  get AvailableData(): Uint8Array {
    return new Uint8Array(this.native.ecbAvailableData(this.id));
  }
  get HttpStatusCode(): number {
    return this.field("HttpStatusCode");
  }
  set HttpStatusCode(status: number) {
    this.native.ecbSetField(this.id, "HttpStatusCode", status);
  }
  get LogData(): string {
    return this.field("LogData");
  }
  set LogData(text: string) {
    this.native.ecbSetField(this.id, "LogData", text);
  }

  GetServerVariable(name: string, defaultValue?: string): string {
    const value = this.native.ecbServerVariable(this.id, name);
    if (value) return name.startsWith("UNICODE_") ? value.toString("utf16le") : value.toString("utf8");
    if (defaultValue !== undefined && defaultValue !== null) return defaultValue;
    throw new ExtensionError(`server variable ${JSON.stringify(name)} does not exist`, 1413);
  }

  WriteClient(data: string | Uint8Array, flags?: number): number {
    const bytes = bytesOf(data);
    if (((flags ?? 0) & c.HSE_IO_ASYNC) !== 0) {
      const completion = this.completion;
      if (!completion) {
        throw new ExtensionError("WriteClient with HSE_IO_ASYNC needs ecb.IOCompletion(func) first", 87);
      }
      this.start(async () => {
        this.native.ecbWrite(this.id, bytes);
        completion.func(this, completion.arg, bytes.length, 0);
      });
      return bytes.length;
    }
    this.native.ecbWrite(this.id, bytes);
    return bytes.length;
  }

  IOCompletion<T>(
    func: (ecb: ExtensionControlBlock, arg: T, cbIO: number, dwError: number) => void,
    arg?: T,
  ): void {
    if (this.pending) {
      throw new ExtensionError("cannot replace the completion routine while an operation is in progress", 87);
    }
    this.completion = { func: func as Completion, arg };
  }

  ReadClient(size?: number): Uint8Array {
    return new Uint8Array(this.native.ecbRead(this.id, readSize(size)));
  }

  SendResponseHeaders(
    status: string,
    headers?: string | Record<string, string | number>,
    keepAlive?: boolean,
  ): void {
    this.native.ecbSendResponseHeaders(this.id, String(status), headerText(headers), keepAlive ?? true);
    this.headersSent = true;
  }

  Redirect(url: string): void {
    this.native.ecbRedirect(this.id, url);
    this.headersSent = true;
  }

  IsKeepConn(): boolean {
    return this.native.ecbIsKeepConn(this.id);
  }

  DoneWithSession(status?: number): void {
    this.native.ecbDone(this.id, status ?? c.HSE_STATUS_SUCCESS);
    this.markEnded();
  }

  close(status?: number): void {
    this.DoneWithSession(status);
  }

  ReadClientAsync(size?: number): Promise<Uint8Array> {
    return this.start(async () => this.ReadClient(size));
  }

  WriteClientAsync(data: string | Uint8Array): Promise<number> {
    const bytes = bytesOf(data);
    return this.start(async () => {
      this.native.ecbWrite(this.id, bytes);
      return bytes.length;
    });
  }

  TransmitFile(path: string, options?: TransmitFileOptions): void {
    this.native.ecbTransmitFile(this.id, path, transmitOptions(options));
    if (options?.status !== undefined && options.status !== null) this.headersSent = true;
  }

  TransmitFileAsync(path: string, options?: TransmitFileOptions): Promise<void> {
    const spec = transmitOptions(options);
    return this.start(async () => {
      this.native.ecbTransmitFile(this.id, path, spec);
      if (spec.status !== undefined) this.headersSent = true;
    });
  }

  VectorSend(
    elements: Array<string | Uint8Array | { path: string; offset?: number; length?: number }>,
    options?: { status?: string; headers?: string | Record<string, string | number>; disconnect?: boolean },
  ): void {
    const parts = elements.map((element) => {
      if (typeof element === "string" || element instanceof Uint8Array) return { bytes: bytesOf(element) };
      if (element && typeof element === "object" && typeof element.path === "string") {
        return { path: element.path, offset: element.offset, length: element.length };
      }
      throw new TypeError("VectorSend elements are strings, Uint8Arrays or { path }");
    });
    const status = options?.status;
    this.native.ecbVectorSend(
      this.id,
      parts,
      status,
      status === undefined ? undefined : headerText(options?.headers),
      options?.disconnect === true,
    );
    if (status !== undefined) this.headersSent = true;
  }

  ExecURLAsync(url?: string | null, options?: ExecURLOptions): Promise<ExecURLStatus> {
    const spec = execOptions(url, options);
    return this.start(() => {
      this.headersSent = true;
      return this.native.ecbExecUrl(this.id, spec);
    });
  }

  ExecURL(
    url: string | null,
    method: string | null,
    clientHeaders: string | null,
    info: null,
    entity: null,
    flags: number,
  ): void {
    if (info !== null && info !== undefined) throw new TypeError("ExecURL: info must be null");
    if (entity !== null && entity !== undefined) throw new TypeError("ExecURL: entity must be null");
    const completion = this.completion;
    if (!completion) throw new ExtensionError("ExecURL needs ecb.IOCompletion(func) first", 87);
    const spec = execOptions(url, {
      method: method ?? undefined,
      headers: clientHeaders ?? undefined,
      flags,
    });
    this.start(async () => {
      this.headersSent = true;
      const status = await this.native.ecbExecUrl(this.id, spec);
      completion.func(this, completion.arg, 0, status.Win32Error);
    });
  }

  GetExecURLStatus(): ExecURLStatus {
    return this.native.ecbExecUrlStatus(this.id);
  }

  SetFlushFlag(flag: boolean): void {
    this.native.ecbSetFlushFlag(this.id, flag);
  }
  MapURLToPath(url: string): string {
    return this.native.ecbMapUrlToPath(this.id, url);
  }
  MapURLToPathEx(url: string): UrlMapping {
    return this.native.ecbMapUrlToPathEx(this.id, url);
  }
  NormalizeURL(url: string): string {
    return this.native.ecbNormalizeUrl(this.id, url);
  }
  SendURL(url: string): void {
    this.native.ecbSendUrl(this.id, url);
    this.headersSent = true;
  }
  SendCustomError(status: string, subError?: number): void {
    this.native.ecbSendCustomError(this.id, status, subError ?? 0);
    this.headersSent = true;
  }
  AppendLogParameter(text: string): void {
    this.native.ecbAppendLogParameter(this.id, text);
  }
  ReportUnhealthy(reason?: string): void {
    this.native.ecbReportUnhealthy(this.id, reason);
  }
  CloseConnection(): void {
    this.native.ecbSimpleRequest(this.id, "CloseConnection");
  }
  AbortiveClose(): void {
    this.native.ecbSimpleRequest(this.id, "AbortiveClose");
  }
  IsConnected(): boolean {
    return this.native.ecbIsConnected(this.id);
  }
  IsInProcess(): number {
    return this.native.ecbIsInProcess(this.id);
  }
  IsKeepAlive(): boolean {
    // pywin32's definition: the client sent `Connection: keep-alive`.
    return (
      this.native.ecbServerVariable(this.id, "HTTP_CONNECTION")?.toString("latin1").toLowerCase() ===
      "keep-alive"
    );
  }
  GetImpersonationToken(): number {
    return this.native.ecbImpersonationToken(this.id);
  }
  GetAnonymousToken(metabasePath: string): number {
    return this.native.ecbAnonymousToken(this.id, metabasePath);
  }

  ServerSupportFunction(
    code: number,
    data?: string | Uint8Array | number | null,
    dataType?: number,
  ): Uint8Array | undefined {
    const instead = MANAGED_CODES.get(code);
    if (instead) throw new TypeError(`ServerSupportFunction(${code}) is managed by the ecb: use ${instead}`);
    if (typeof data === "number") {
      if (!(Number.isFinite(data) && data >= 0)) {
        throw new RangeError("a value argument must be a non-negative number");
      }
      this.native.ecbSupportValue(this.id, code, data);
      return undefined;
    }
    let buffer = data === undefined || data === null ? Buffer.alloc(0) : bytesOf(data);
    if (typeof data === "string") buffer = Buffer.concat([buffer, Buffer.from([0])]);
    return new Uint8Array(this.native.ecbSupportBytes(this.id, code, buffer, dataType));
  }

  /** Runs an asynchronous operation, one at a time, remembered until it settles. */
  private start<T>(operation: () => Promise<T>): Promise<T> {
    if (this.pending) {
      return Promise.reject(new ExtensionError("another asynchronous operation is in progress", 87));
    }
    const running = operation().finally(() => {
      if (this.pending === running) this.pending = undefined;
    });
    this.pending = running;
    return running;
  }

  /** Waits for the operation in flight (the request must not end under it). */
  async settled(): Promise<void> {
    while (this.pending) await this.pending.catch(() => undefined);
  }
}

function transmitOptions(options: TransmitFileOptions | undefined) {
  const count = (name: "offset" | "length") => {
    const value = options?.[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 0xffffffff) {
      throw new RangeError(`TransmitFile ${name} must be a 32-bit count`);
    }
    return Math.floor(value);
  };
  const has = (value: unknown) => value !== undefined && value !== null;
  return {
    status: has(options?.status) ? String(options?.status) : undefined,
    headers: has(options?.headers) ? headerText(options?.headers) : undefined,
    head: has(options?.head) ? bytesOf(options?.head) : undefined,
    tail: has(options?.tail) ? bytesOf(options?.tail) : undefined,
    offset: count("offset"),
    length: count("length"),
    disconnect: options?.disconnect === true,
  };
}

function execOptions(url: string | null | undefined, options: ExecURLOptions | undefined) {
  const has = (value: unknown) => value !== undefined && value !== null;
  return {
    url: has(url) ? String(url) : undefined,
    method: has(options?.method) ? String(options?.method) : undefined,
    headers: has(options?.headers) ? headerText(options?.headers) : undefined,
    entity: has(options?.entity) ? bytesOf(options?.entity) : undefined,
    flags: typeof options?.flags === "number" ? options.flags : 0,
  };
}
