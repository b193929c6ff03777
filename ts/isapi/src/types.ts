/**
 * The objects the native library hands to a handler. They are implemented in Rust
 * (crates/isapi-js); these types describe them.
 *
 * Handlers run inside QuickJS, not Node: they have the web platform's globals (`fetch`,
 * `URL`, `crypto.subtle`, streams, …; `isapi-ts/engine` declares exactly those) and no Node
 * APIs (no `Buffer`, `fs`, `process`); `console.log` and friends write to the server log.
 * Several engines run in parallel threads, each with its own copy of the bundle, so
 * module-level state is per engine, not shared between requests on other engines.
 */

/** The request, as pywin32's `EXTENSION_CONTROL_BLOCK`. */
export interface ExtensionControlBlock {
  /** `REQUEST_METHOD`, e.g. "GET". */
  readonly Method: string;
  /** The raw text after `?` (not decoded); "" when none. */
  readonly QueryString: string;
  /** `PATH_INFO` (for script maps: the whole URL path, as IIS does). */
  readonly PathInfo: string;
  /** The physical path of `PathInfo`. */
  readonly PathTranslated: string;
  /** `CONTENT_TYPE`, "" when none. */
  readonly ContentType: string;
  /** Body length; `0xFFFFFFFF` when unknown (chunked): read until `ReadClient` returns empty. */
  readonly TotalBytes: number;
  /** How many body bytes the server preloaded. */
  readonly AvailableBytes: number;
  /** The server's opaque request handle. */
  readonly ConnID: number;
  /** The server's ISAPI version (major in the high 16 bits). */
  readonly Version: number;
  /**
   * The preloaded body bytes. Reading this marks them consumed, so `ReadClient` continues
   * after them (pywin32-style code that reads `AvailableData` and then `ReadClient` works).
   */
  readonly AvailableData: Uint8Array;
  /** Text the server writes into its log line for this request (at most 79 bytes kept). */
  LogData: string;
  /** The status the server logs; set it to what you sent. */
  HttpStatusCode: number;

  /**
   * A server variable (`URL`, `QUERY_STRING`, `HTTP_USER_AGENT`, `ALL_HTTP`, …). Without a
   * default, a missing variable throws an error named "ExtensionError" (errno 1413).
   */
  GetServerVariable(name: string, defaultValue?: string): string;
  /**
   * Sends body bytes (strings as UTF-8); returns the number of bytes written. With
   * `HSE_IO_ASYNC` in `flags` the write completes later through the {@link IOCompletion}
   * callback (pywin32's style; prefer {@link WriteClientAsync}).
   */
  WriteClient(data: string | Uint8Array, flags?: number): number;
  /**
   * pywin32's `IOCompletion`: the callback for `WriteClient(data, HSE_IO_ASYNC)`, called as
   * `func(ecb, arg, cbIO, dwError)`. A handler using it returns `HSE_STATUS_PENDING` and ends
   * the request with `DoneWithSession` from the callback; a callback that throws ends it in
   * error.
   */
  IOCompletion<T>(
    func: (ecb: ExtensionControlBlock, arg: T, cbIO: number, dwError: number) => void,
    arg?: T,
  ): void;
  /**
   * Reads body bytes: first any preloaded bytes not yet consumed, then from the
   * connection. An empty array means the body is complete. `size` defaults to 64 KiB.
   */
  ReadClient(size?: number): Uint8Array;
  /**
   * Sends the status line (e.g. "200 OK") and headers, once per request. `headers` is a
   * block of `Name: value` lines (CRLF-separated; the final blank line is added if
   * missing) or an object of name → value. `keepAlive` defaults to true.
   */
  SendResponseHeaders(
    status: string,
    headers?: string | Record<string, string | number>,
    keepAlive?: boolean,
  ): void;
  /** Answers `302 Found` with `Location: url`. */
  Redirect(url: string): void;
  /** Whether the server will keep the connection open after this response. */
  IsKeepConn(): boolean;
  /**
   * Ends the request now (`HSE_REQ_DONE_WITH_SESSION`); later calls on this `ecb` throw.
   * Otherwise the request ends when `HttpExtensionProc` returns (or its Promise settles).
   */
  DoneWithSession(status?: number): void;
  /** Same as {@link DoneWithSession}. */
  close(status?: number): void;

  /**
   * Reads body bytes without blocking the engine: preloaded bytes first, then
   * `HSE_REQ_ASYNC_READ_CLIENT`. Resolves with an empty array at the end of the body. One
   * asynchronous operation may be in flight per request (a second throws errno 87).
   * On servers without asynchronous I/O it completes synchronously.
   */
  ReadClientAsync(size?: number): Promise<Uint8Array>;
  /** `WriteClient` with `HSE_IO_ASYNC`; resolves with the number of bytes written. */
  WriteClientAsync(data: string | Uint8Array): Promise<number>;
  /**
   * `HSE_REQ_TRANSMIT_FILE`: sends a file (or a range of it) the server reads itself, with
   * an optional head and tail; with `status`, the status line and `headers` go first.
   */
  TransmitFile(path: string, options?: TransmitFileOptions): void;
  /**
   * `HSE_REQ_VECTOR_SEND`: strings, byte arrays and file ranges sent in one call; with
   * `status`, the status line and `headers` go first.
   */
  VectorSend(
    elements: Array<string | Uint8Array | { path: string; offset?: number; length?: number }>,
    options?: { status?: string; headers?: string | Record<string, string | number>; disconnect?: boolean },
  ): void;
  /** {@link TransmitFile} with `HSE_IO_ASYNC`; resolves with the bytes sent. */
  TransmitFileAsync(path: string, options?: TransmitFileOptions): Promise<number | void>;

  /**
   * `HSE_REQ_EXEC_URL`: runs a child request (another URL, or this one again) through the
   * server's mapping; its response becomes this request's. With
   * `HSE_EXEC_URL_IGNORE_CURRENT_INTERCEPTOR` in `flags` the request goes on to the next
   * handler (a wildcard extension passing requests to static files). Resolves with the
   * child's status. Needs asynchronous I/O (IIS 6+, our host).
   */
  ExecURLAsync(url?: string | null, options?: ExecURLOptions): Promise<ExecURLStatus>;
  /**
   * pywin32's form of {@link ExecURLAsync}: the completion goes to the {@link IOCompletion}
   * callback. `info` and `entity` must be null, as in pywin32.
   */
  ExecURL(
    url: string | null,
    method: string | null,
    clientHeaders: string | null,
    info: null,
    entity: null,
    flags: number,
  ): void;
  /** `HSE_REQ_GET_EXEC_URL_STATUS`: how the last child request ended. */
  GetExecURLStatus(): ExecURLStatus;

  /** `HSE_REQ_SET_FLUSH_FLAG`: send each write at once instead of buffering (IIS 7+). */
  SetFlushFlag(flag: boolean): void;
  /** `HSE_REQ_MAP_URL_TO_PATH`: the physical path of a URL (never outside the site). */
  MapURLToPath(url: string): string;
  /** `HSE_REQ_MAP_URL_TO_PATH_EX`: the path plus the virtual directory's access flags. */
  MapURLToPathEx(url: string): UrlMapping;
  /** `HSE_REQ_NORMALIZE_URL`: the URL decoded, with `.` and `..` resolved. */
  NormalizeURL(url: string): string;
  /** `HSE_REQ_SEND_URL`: as on IIS 4 and later, a 302 redirect. */
  SendURL(url: string): void;
  /** `HSE_REQ_SEND_CUSTOM_ERROR`: the server's error page, e.g. ("500 Server Error", 13). */
  SendCustomError(status: string, subError?: number): void;
  /** `HSE_APPEND_LOG_PARAMETER`: text for the query field of the server's log line. */
  AppendLogParameter(text: string): void;
  /** `HSE_REQ_REPORT_UNHEALTHY`: ask the server to recycle the process. */
  ReportUnhealthy(reason?: string): void;
  /** `HSE_REQ_CLOSE_CONNECTION`: close the connection after this response. */
  CloseConnection(): void;
  /** `HSE_REQ_ABORTIVE_CLOSE` (ignored by IIS since 5.1, accepted for compatibility). */
  AbortiveClose(): void;
  /** `HSE_REQ_IS_CONNECTED`: whether the client is still connected. */
  IsConnected(): boolean;
  /** `HSE_REQ_IS_IN_PROCESS`: an `HSE_APP_FLAG_*` value (always in-process since IIS 6). */
  IsInProcess(): number;
  /** pywin32's test: the client sent `Connection: keep-alive`. Prefer {@link IsKeepConn}. */
  IsKeepAlive(): boolean;
  /**
   * `HSE_REQ_GET_IMPERSONATION_TOKEN`: the request's Windows token handle. Servers without
   * Windows security (ours) refuse: `ExtensionError` with errno 50 (`ERROR_NOT_SUPPORTED`).
   */
  GetImpersonationToken(): number;
  /** `HSE_REQ_GET_ANONYMOUS_TOKEN`: as {@link GetImpersonationToken}, for a metabase path. */
  GetAnonymousToken(metabasePath: string): number;
  /**
   * Any `ServerSupportFunction` code the object model has no method for. `data` becomes
   * `lpvBuffer`: a string (NUL-terminated) or bytes, with the length in `lpdwSize`, and
   * the buffer as the server left it is returned; or a number passed by value (returns
   * `undefined`). Codes the object model manages (headers, sessions, async I/O, structs)
   * throw a TypeError naming the method to use.
   */
  ServerSupportFunction(
    code: number,
    data?: string | Uint8Array | number | null,
    dataType?: number,
  ): Uint8Array | undefined;
}

/** Options of {@link ExtensionControlBlock.ExecURLAsync}. */
export interface ExecURLOptions {
  /** The child's method; default the parent's. */
  method?: string;
  /** Replaces all of the child's request headers. */
  headers?: string | Record<string, string | number>;
  /** The child's request body; default none. */
  entity?: string | Uint8Array;
  /** `HSE_EXEC_URL_*` flags. */
  flags?: number;
}

/** `HSE_EXEC_URL_STATUS`. */
export interface ExecURLStatus {
  HttpStatusCode: number;
  HttpSubStatus: number;
  Win32Error: number;
}

/** Options of {@link ExtensionControlBlock.TransmitFile}. */
export interface TransmitFileOptions {
  /** Send this status line (e.g. "200 OK") and `headers` before the file. */
  status?: string;
  headers?: string | Record<string, string | number>;
  /** Byte offset into the file. */
  offset?: number;
  /** Bytes to send; 0 or absent = to the end. */
  length?: number;
  /** Bytes sent before the file (after the headers). */
  head?: string | Uint8Array;
  /** Bytes sent after the file. */
  tail?: string | Uint8Array;
  /** Close the connection once sent (`HSE_IO_DISCONNECT_AFTER_SEND`). */
  disconnect?: boolean;
}

/** What {@link ExtensionControlBlock.MapURLToPathEx} returns. */
export interface UrlMapping {
  Path: string;
  /** `HSE_URL_FLAGS_*` access permissions. */
  Flags: number;
  /** Characters of `Path` that are the virtual directory's physical root. */
  MatchingPath: number;
  /** Characters of the URL that matched the virtual directory. */
  MatchingURL: number;
}

/** pywin32's name for the same object. */
export type EXTENSION_CONTROL_BLOCK = ExtensionControlBlock;

/** Passed to `GetExtensionVersion` (`null` when re-initialising after a reload). */
export interface ExtensionVersionInfo {
  /** The description the server shows (at most 255 bytes kept). */
  ExtensionDesc: string;
  /** The ISAPI version the library reports (`HSE_VERSION`). */
  readonly ExtensionVersion: number;
}

/** What `__ExtensionFactory__()` returns. */
export interface Extension {
  /** Called once per engine when the bundle is loaded; return false to refuse loading. */
  GetExtensionVersion(vi: ExtensionVersionInfo | null): void | boolean | number;
  /**
   * Called per request. Returns an `HSE_STATUS_*` value (nothing means
   * `HSE_STATUS_SUCCESS`), or a Promise of one. `HSE_STATUS_PENDING` means the handler
   * ends the request itself later (`DoneWithSession` from an `IOCompletion` callback).
   */
  HttpExtensionProc(ecb: ExtensionControlBlock): number | void | Promise<number | void>;
  /** Called when the server unloads the library. */
  TerminateExtension(status: number): void | boolean | number;
}

/** The type of a bundle's `__ExtensionFactory__` export. */
export type ExtensionFactory = () => Extension;
