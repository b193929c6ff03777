//! Filter side of the ABI (`httpfilt.h`).
use crate::types::*;

/// `MAKELONG(0, 10)`: the filter revision of the current SDK.
pub const HTTP_FILTER_REVISION: DWORD = 0x000A_0000;

pub const SF_MAX_USERNAME: usize = 256 + 1;
pub const SF_MAX_PASSWORD: usize = 256 + 1;
pub const SF_MAX_AUTH_TYPE: usize = 32 + 1;
pub const SF_MAX_FILTER_DESC_LEN: usize = 256 + 1;

// Port flags in `HTTP_FILTER_VERSION.dwFlags`.
pub const SF_NOTIFY_SECURE_PORT: DWORD = 0x0000_0001;
pub const SF_NOTIFY_NONSECURE_PORT: DWORD = 0x0000_0002;

// Notifications: bits in `HTTP_FILTER_VERSION.dwFlags`, and the `NotificationType` argument.
pub const SF_NOTIFY_READ_RAW_DATA: DWORD = 0x0000_8000;
pub const SF_NOTIFY_PREPROC_HEADERS: DWORD = 0x0000_4000;
pub const SF_NOTIFY_AUTHENTICATION: DWORD = 0x0000_2000;
pub const SF_NOTIFY_URL_MAP: DWORD = 0x0000_1000;
pub const SF_NOTIFY_ACCESS_DENIED: DWORD = 0x0000_0800;
pub const SF_NOTIFY_SEND_RESPONSE: DWORD = 0x0000_0040;
pub const SF_NOTIFY_SEND_RAW_DATA: DWORD = 0x0000_0400;
pub const SF_NOTIFY_LOG: DWORD = 0x0000_0200;
pub const SF_NOTIFY_END_OF_REQUEST: DWORD = 0x0000_0080;
pub const SF_NOTIFY_END_OF_NET_SESSION: DWORD = 0x0000_0100;
pub const SF_NOTIFY_AUTH_COMPLETE: DWORD = 0x0400_0000;

// Priority, in `HTTP_FILTER_VERSION.dwFlags`.
pub const SF_NOTIFY_ORDER_HIGH: DWORD = 0x0008_0000;
pub const SF_NOTIFY_ORDER_MEDIUM: DWORD = 0x0004_0000;
pub const SF_NOTIFY_ORDER_LOW: DWORD = 0x0002_0000;
pub const SF_NOTIFY_ORDER_DEFAULT: DWORD = SF_NOTIFY_ORDER_LOW;
pub const SF_NOTIFY_ORDER_MASK: DWORD =
    SF_NOTIFY_ORDER_HIGH | SF_NOTIFY_ORDER_MEDIUM | SF_NOTIFY_ORDER_LOW;

/// `enum SF_REQ_TYPE`: the request codes of the filter `ServerSupportFunction`.
pub type SF_REQ_TYPE = i32;
pub const SF_REQ_SEND_RESPONSE_HEADER: SF_REQ_TYPE = 0;
pub const SF_REQ_ADD_HEADERS_ON_DENIAL: SF_REQ_TYPE = 1;
pub const SF_REQ_SET_NEXT_READ_SIZE: SF_REQ_TYPE = 2;
pub const SF_REQ_SET_PROXY_INFO: SF_REQ_TYPE = 3;
pub const SF_REQ_GET_CONNID: SF_REQ_TYPE = 4;
pub const SF_REQ_SET_CERTIFICATE_INFO: SF_REQ_TYPE = 5;
pub const SF_REQ_GET_PROPERTY: SF_REQ_TYPE = 6;
pub const SF_REQ_NORMALIZE_URL: SF_REQ_TYPE = 7;
pub const SF_REQ_DISABLE_NOTIFICATIONS: SF_REQ_TYPE = 8;

/// `enum SF_PROPERTY_IIS`: the property asked for with `SF_REQ_GET_PROPERTY` (in `ul1`).
pub type SF_PROPERTY_IIS = i32;
pub const SF_PROPERTY_SSL_CTXT: SF_PROPERTY_IIS = 0;
pub const SF_PROPERTY_INSTANCE_NUM_ID: SF_PROPERTY_IIS = 1;

/// `enum SF_STATUS_TYPE`: what `HttpFilterProc` returns. The C enum is an `int`, but the
/// export is declared to return a `DWORD`, so the values are typed as `DWORD` here.
pub type SF_STATUS_TYPE = DWORD;
pub const SF_STATUS_REQ_FINISHED: SF_STATUS_TYPE = 0x0800_0000;
pub const SF_STATUS_REQ_FINISHED_KEEP_CONN: SF_STATUS_TYPE = 0x0800_0001;
pub const SF_STATUS_REQ_NEXT_NOTIFICATION: SF_STATUS_TYPE = 0x0800_0002;
pub const SF_STATUS_REQ_HANDLED_NOTIFICATION: SF_STATUS_TYPE = 0x0800_0003;
pub const SF_STATUS_REQ_ERROR: SF_STATUS_TYPE = 0x0800_0004;
pub const SF_STATUS_REQ_READ_NEXT: SF_STATUS_TYPE = 0x0800_0005;

// Access-denied reasons (`HTTP_FILTER_ACCESS_DENIED.dwReason`, a bit field).
pub const SF_DENIED_LOGON: DWORD = 0x0000_0001;
pub const SF_DENIED_RESOURCE: DWORD = 0x0000_0002;
pub const SF_DENIED_FILTER: DWORD = 0x0000_0004;
pub const SF_DENIED_APPLICATION: DWORD = 0x0000_0008;
pub const SF_DENIED_BY_CONFIG: DWORD = 0x0001_0000;

// Server-implemented callbacks. The SDK declares them inline in the structs; the
// names below are ours. The first parameter is always the filter's context.

/// `HTTP_FILTER_CONTEXT.GetServerVariable`.
pub type PFN_FILTER_GETSERVERVARIABLE = unsafe extern "system" fn(
    pfc: *mut HTTP_FILTER_CONTEXT,
    lpszVariableName: LPSTR,
    lpvBuffer: LPVOID,
    lpdwSize: LPDWORD,
) -> BOOL;
/// `HTTP_FILTER_CONTEXT.AddResponseHeaders`.
pub type PFN_FILTER_ADDRESPONSEHEADERS = unsafe extern "system" fn(
    pfc: *mut HTTP_FILTER_CONTEXT,
    lpszHeaders: LPSTR,
    dwReserved: DWORD,
) -> BOOL;
/// `HTTP_FILTER_CONTEXT.WriteClient`.
pub type PFN_FILTER_WRITECLIENT = unsafe extern "system" fn(
    pfc: *mut HTTP_FILTER_CONTEXT,
    Buffer: LPVOID,
    lpdwBytes: LPDWORD,
    dwReserved: DWORD,
) -> BOOL;
/// `HTTP_FILTER_CONTEXT.AllocMem`: memory freed by the server when the connection ends.
pub type PFN_FILTER_ALLOCMEM = unsafe extern "system" fn(
    pfc: *mut HTTP_FILTER_CONTEXT,
    cbSize: DWORD,
    dwReserved: DWORD,
) -> LPVOID;
/// `HTTP_FILTER_CONTEXT.ServerSupportFunction`; `ul1`/`ul2` are pointer-sized
/// (`SF_REQ_SEND_RESPONSE_HEADER` passes a string pointer in `ul1`).
pub type PFN_FILTER_SERVERSUPPORTFUNCTION = unsafe extern "system" fn(
    pfc: *mut HTTP_FILTER_CONTEXT,
    sfReq: SF_REQ_TYPE,
    pData: PVOID,
    ul1: ULONG_PTR,
    ul2: ULONG_PTR,
) -> BOOL;
/// `GetHeader` of `HTTP_FILTER_PREPROC_HEADERS` / `HTTP_FILTER_AUTH_COMPLETE_INFO`.
pub type PFN_FILTER_GETHEADER = unsafe extern "system" fn(
    pfc: *mut HTTP_FILTER_CONTEXT,
    lpszName: LPSTR,
    lpvBuffer: LPVOID,
    lpdwSize: LPDWORD,
) -> BOOL;
/// `SetHeader` of `HTTP_FILTER_PREPROC_HEADERS` / `HTTP_FILTER_AUTH_COMPLETE_INFO`.
pub type PFN_FILTER_SETHEADER = unsafe extern "system" fn(
    pfc: *mut HTTP_FILTER_CONTEXT,
    lpszName: LPSTR,
    lpszValue: LPSTR,
) -> BOOL;
/// `AddHeader` of `HTTP_FILTER_PREPROC_HEADERS` / `HTTP_FILTER_AUTH_COMPLETE_INFO`.
pub type PFN_FILTER_ADDHEADER = unsafe extern "system" fn(
    pfc: *mut HTTP_FILTER_CONTEXT,
    lpszName: LPSTR,
    lpszValue: LPSTR,
) -> BOOL;
/// `HTTP_FILTER_AUTH_COMPLETE_INFO.GetUserToken`.
pub type PFN_FILTER_GETUSERTOKEN =
    unsafe extern "system" fn(pfc: *mut HTTP_FILTER_CONTEXT, phToken: *mut HANDLE) -> BOOL;

/// Filter entry point `GetFilterVersion` (the SDK has no typedef for it).
pub type PFN_GETFILTERVERSION = unsafe extern "system" fn(pVer: *mut HTTP_FILTER_VERSION) -> BOOL;
/// Filter entry point `HttpFilterProc`; returns an `SF_STATUS_*` value.
pub type PFN_HTTPFILTERPROC = unsafe extern "system" fn(
    pfc: *mut HTTP_FILTER_CONTEXT,
    NotificationType: DWORD,
    pvNotification: LPVOID,
) -> DWORD;
/// Optional filter entry point `TerminateFilter`.
pub type PFN_TERMINATEFILTER = unsafe extern "system" fn(dwFlags: DWORD) -> BOOL;

/// Passed to `GetFilterVersion`: the server gives its revision, the filter fills in its
/// version, description and notification flags.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HTTP_FILTER_VERSION {
    pub dwServerFilterVersion: DWORD,
    pub dwFilterVersion: DWORD,
    pub lpszFilterDesc: [CHAR; SF_MAX_FILTER_DESC_LEN],
    pub dwFlags: DWORD,
}

pub type PHTTP_FILTER_VERSION = *mut HTTP_FILTER_VERSION;

/// Built by the server for each notification of a connection: callbacks plus the
/// filter's own per-connection pointer `pFilterContext`.
#[repr(C)]
pub struct HTTP_FILTER_CONTEXT {
    pub cbSize: DWORD,
    pub Revision: DWORD,
    pub ServerContext: PVOID,
    pub ulReserved: DWORD,
    pub fIsSecurePort: BOOL,
    pub pFilterContext: PVOID,
    pub GetServerVariable: Option<PFN_FILTER_GETSERVERVARIABLE>,
    pub AddResponseHeaders: Option<PFN_FILTER_ADDRESPONSEHEADERS>,
    pub WriteClient: Option<PFN_FILTER_WRITECLIENT>,
    pub AllocMem: Option<PFN_FILTER_ALLOCMEM>,
    pub ServerSupportFunction: Option<PFN_FILTER_SERVERSUPPORTFUNCTION>,
}

pub type PHTTP_FILTER_CONTEXT = *mut HTTP_FILTER_CONTEXT;

/// Filled by the server for `SF_NOTIFY_READ_RAW_DATA` / `SF_NOTIFY_SEND_RAW_DATA`: the raw
/// bytes, which the filter may rewrite in place or replace.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HTTP_FILTER_RAW_DATA {
    pub pvInData: PVOID,
    pub cbInData: DWORD,
    pub cbInBuffer: DWORD,
    pub dwReserved: DWORD,
}

pub type PHTTP_FILTER_RAW_DATA = *mut HTTP_FILTER_RAW_DATA;

/// Filled by the server for `SF_NOTIFY_PREPROC_HEADERS` (request headers) and, under the
/// name `HTTP_FILTER_SEND_RESPONSE`, for `SF_NOTIFY_SEND_RESPONSE` (response headers).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HTTP_FILTER_PREPROC_HEADERS {
    pub GetHeader: Option<PFN_FILTER_GETHEADER>,
    pub SetHeader: Option<PFN_FILTER_SETHEADER>,
    pub AddHeader: Option<PFN_FILTER_ADDHEADER>,
    pub HttpStatus: DWORD,
    pub dwReserved: DWORD,
}

pub type PHTTP_FILTER_PREPROC_HEADERS = *mut HTTP_FILTER_PREPROC_HEADERS;
pub type HTTP_FILTER_SEND_RESPONSE = HTTP_FILTER_PREPROC_HEADERS;
pub type PHTTP_FILTER_SEND_RESPONSE = *mut HTTP_FILTER_SEND_RESPONSE;

/// Filled by the server for `SF_NOTIFY_AUTHENTICATION`: user name and password buffers
/// (at least `SF_MAX_USERNAME` / `SF_MAX_PASSWORD` bytes) the filter may rewrite.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HTTP_FILTER_AUTHENT {
    pub pszUser: *mut CHAR,
    pub cbUserBuff: DWORD,
    pub pszPassword: *mut CHAR,
    pub cbPasswordBuff: DWORD,
}

pub type PHTTP_FILTER_AUTHENT = *mut HTTP_FILTER_AUTHENT;

/// Filled by the server for `SF_NOTIFY_URL_MAP`: the URL and the physical path buffer the
/// filter may rewrite.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HTTP_FILTER_URL_MAP {
    pub pszURL: *const CHAR,
    pub pszPhysicalPath: *mut CHAR,
    pub cbPathBuff: DWORD,
}

pub type PHTTP_FILTER_URL_MAP = *mut HTTP_FILTER_URL_MAP;

/// Extended `SF_NOTIFY_URL_MAP` data filled by newer servers: `HTTP_FILTER_URL_MAP` plus
/// the vdir's access flags, match lengths and script map entry.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HTTP_FILTER_URL_MAP_EX {
    pub pszURL: *const CHAR,
    pub pszPhysicalPath: *mut CHAR,
    pub cbPathBuff: DWORD,
    pub dwFlags: DWORD,
    pub cchMatchingPath: DWORD,
    pub cchMatchingURL: DWORD,
    pub pszScriptMapEntry: *const CHAR,
}

pub type PHTTP_FILTER_URL_MAP_EX = *mut HTTP_FILTER_URL_MAP_EX;

/// Filled by the server for `SF_NOTIFY_ACCESS_DENIED`: the URL, its path and the
/// `SF_DENIED_*` reason.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HTTP_FILTER_ACCESS_DENIED {
    pub pszURL: *const CHAR,
    pub pszPhysicalPath: *const CHAR,
    pub dwReason: DWORD,
}

pub type PHTTP_FILTER_ACCESS_DENIED = *mut HTTP_FILTER_ACCESS_DENIED;

/// Filled by the server for `SF_NOTIFY_LOG`: the log record, whose pointers the filter may
/// replace.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HTTP_FILTER_LOG {
    pub pszClientHostName: *const CHAR,
    pub pszClientUserName: *const CHAR,
    pub pszServerName: *const CHAR,
    pub pszOperation: *const CHAR,
    pub pszTarget: *const CHAR,
    pub pszParameters: *const CHAR,
    pub dwHttpStatus: DWORD,
    pub dwWin32Status: DWORD,
    pub dwBytesSent: DWORD,
    pub dwBytesRecvd: DWORD,
    pub msTimeForProcessing: DWORD,
}

pub type PHTTP_FILTER_LOG = *mut HTTP_FILTER_LOG;

/// Filled by the server for `SF_NOTIFY_AUTH_COMPLETE`: header access and the user token
/// after authentication.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HTTP_FILTER_AUTH_COMPLETE_INFO {
    pub GetHeader: Option<PFN_FILTER_GETHEADER>,
    pub SetHeader: Option<PFN_FILTER_SETHEADER>,
    pub AddHeader: Option<PFN_FILTER_ADDHEADER>,
    pub GetUserToken: Option<PFN_FILTER_GETUSERTOKEN>,
    pub HttpStatus: DWORD,
    pub fResetAuth: BOOL,
    pub dwReserved: DWORD,
}

pub type PHTTP_FILTER_AUTH_COMPLETE_INFO = *mut HTTP_FILTER_AUTH_COMPLETE_INFO;
