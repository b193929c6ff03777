/**
 * The objects the native library hands to a filter (pywin32's HTTP_FILTER_CONTEXT and
 * the notification data types). Implemented in Rust (crates/isapi-js/src/filter_object.rs).
 *
 * Filters answer synchronously: the server's thread waits for `HttpFilterProc`. Each
 * connection's notifications run on one engine, so `FilterContext` keeps any JS value
 * from one request of a connection to the next. An `fc` or data object kept after its
 * call throws a `FilterError` when used.
 */

/** Passed to `GetFilterVersion`. */
export interface FilterVersion {
  /** The server's filter revision (`HTTP_FILTER_REVISION` for current servers). */
  readonly ServerFilterVersion: number;
  /** The revision the filter was written for; preset to `HTTP_FILTER_REVISION`. */
  FilterVersion: number;
  /**
   * `SF_NOTIFY_*` bits: the notifications wanted, a priority (`SF_NOTIFY_ORDER_*`) and the
   * ports (`SF_NOTIFY_SECURE_PORT`/`NONSECURE_PORT`; neither means both). The library adds
   * `SF_NOTIFY_END_OF_NET_SESSION` itself, to release `FilterContext`, but calls
   * `HttpFilterProc` only for the notifications set here.
   */
  Flags: number;
  /** The description the server shows (at most 256 bytes kept). */
  FilterDesc: string;
}

/** One notification, as pywin32's `HTTP_FILTER_CONTEXT`. */
export interface FilterContext {
  readonly Revision: number;
  readonly fIsSecurePort: boolean;
  /** The `SF_NOTIFY_*` value of this call. */
  readonly NotificationType: number;
  /**
   * Any value, kept per connection across notifications and requests on it; `null` at the
   * start of a connection, released after `SF_NOTIFY_END_OF_NET_SESSION`.
   */
  FilterContext: unknown;

  /** The notification's data; `null` for END_OF_REQUEST and END_OF_NET_SESSION. */
  GetData(): FilterData | null;
  /** A server variable; without a default, a missing one throws a `FilterError` (errno 1413). */
  GetServerVariable(name: string, defaultValue?: string): string;
  /** Raw bytes to the client (no framing). See the docs for where they go. */
  WriteClient(data: string | Uint8Array): void;
  /** pywin32's alias of {@link WriteClient}. */
  write(data: string | Uint8Array): void;
  /** Headers added to this request's response (a "Name: value\r\n" block or an object). */
  AddResponseHeaders(headers: string | Record<string, string | number>): void;
  /**
   * `SF_REQ_SEND_RESPONSE_HEADER`: the filter answers the request itself. Send the body
   * with {@link WriteClient} and return `SF_STATUS_REQ_FINISHED(_KEEP_CONN)`.
   */
  SendResponseHeader(status?: string | null, headers?: string | Record<string, string | number> | null): void;
  /** `SF_REQ_DISABLE_NOTIFICATIONS`: no more of these notifications on this connection. */
  DisableNotifications(flags: number): void;
  /** `AllocMem`: server memory freed with the connection; returns its address. */
  AllocMem(size: number): number;
  /** `SF_REQ_ADD_HEADERS_ON_DENIAL`: headers added if the request ends in a 401. */
  AddHeadersOnDenial(headers: string | Record<string, string | number>): void;
  /** `SF_REQ_SET_NEXT_READ_SIZE`: the size of the next raw read (with READ_NEXT). */
  SetNextReadSize(size: number): void;
  /** `SF_REQ_SET_PROXY_INFO`: marks the request as a proxy request. */
  SetProxyInfo(proxy: boolean): void;
  /** `SF_REQ_GET_CONNID`. */
  GetConnID(): number;
  /** `SF_REQ_GET_PROPERTY`: `SF_PROPERTY_INSTANCE_NUM_ID` gives the site id. */
  GetProperty(property: number): number;
  /** `SF_REQ_NORMALIZE_URL`: the URL decoded, with dot segments resolved. */
  NormalizeURL(url: string): string;
  /**
   * The escape hatch for any `SF_REQ_*` code: `data` is passed as a writable copy
   * (strings NUL-terminated) and returned after the call; a string `ul1` is passed as a
   * string pointer. Throws a `FilterError` with the server's errno on failure.
   */
  ServerSupportFunction(
    request: number,
    data?: string | Uint8Array | null,
    ul1?: number | string,
    ul2?: number,
  ): Uint8Array | null;
  /**
   * The Win32 error reported with `SF_STATUS_REQ_ERROR`. `ERROR_ACCESS_DENIED` (5) makes the
   * server answer 401 and raise `SF_NOTIFY_ACCESS_DENIED`, as IIS does.
   */
  SetLastError(code: number): void;
}

/** pywin32's name for the same object. */
export type HTTP_FILTER_CONTEXT = FilterContext;

/** READ_RAW_DATA / SEND_RAW_DATA. */
export interface RawData {
  /** The bytes; assigning replaces them (the server sends or parses the new bytes). */
  InData: Uint8Array | string;
}

/** PREPROC_HEADERS (request), SEND_RESPONSE (response) and AUTH_COMPLETE (request). */
export interface HeaderData {
  /**
   * A header (`"Host:"` or `"Host"`), or in requests the special names `method`, `url`,
   * `version`, in responses `status`. Without a default, a missing one throws.
   */
  GetHeader(name: string, defaultValue?: string): string;
  /** Replaces a header; `""` deletes it. `SetHeader("url", …)` re-routes the request. */
  SetHeader(name: string, value: string): void;
  AddHeader(name: string, value: string): void;
  /** The status (SEND_RESPONSE: settable; the response goes out with it). */
  HttpStatus: number;
}

/** AUTH_COMPLETE. */
export interface AuthCompleteData extends HeaderData {
  /** The user's token; servers without Windows tokens throw (errno 50). */
  GetUserToken(): number;
}

/** AUTHENTICATION: Basic credentials as received (empty = anonymous); both settable. */
export interface AuthenticationData {
  User: string;
  Password: string;
}

/** URL_MAP. */
export interface UrlMapData {
  readonly URL: string;
  /** Settable: static files and `MapURLToPath` use the new path. */
  PhysicalPath: string;
  readonly Flags: number;
  readonly MatchingPath: number;
  readonly MatchingURL: number;
  /** The library the URL is script-mapped to, or null. */
  readonly ScriptMapEntry: string | null;
}

/** ACCESS_DENIED. */
export interface AccessDeniedData {
  readonly URL: string;
  readonly PhysicalPath: string;
  /** `SF_DENIED_*` bits. */
  readonly Reason: number;
}

/** LOG: every field settable; the server logs what the filters leave. */
export interface LogData {
  ClientHostName: string;
  ClientUserName: string;
  ServerName: string;
  Operation: string;
  Target: string;
  Parameters: string;
  HttpStatus: number;
  Win32Status: number;
  BytesSent: number;
  BytesRecvd: number;
  TimeForProcessing: number;
}

export type FilterData =
  RawData | HeaderData | AuthCompleteData | AuthenticationData | UrlMapData | AccessDeniedData | LogData;

/** What `__FilterFactory__()` returns. */
export interface Filter {
  /** Called once per engine when the bundle is loaded; set `fv.Flags`. False refuses. */
  GetFilterVersion(fv: FilterVersion): void | boolean | number;
  /**
   * Called per notification. Returns an `SF_STATUS_*` value; nothing means
   * `SF_STATUS_REQ_NEXT_NOTIFICATION`. A throw answers `SF_STATUS_REQ_ERROR` (500).
   */
  HttpFilterProc(fc: FilterContext): number | void;
  /** Called when the server unloads the filter. */
  TerminateFilter(status: number): void | boolean | number;
}

/** The type of a bundle's `__FilterFactory__` export. */
export type FilterFactory = () => Filter;
