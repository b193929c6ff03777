//! Extension side of the ABI (`httpext.h`).
use crate::types::*;

pub const HSE_VERSION_MAJOR: DWORD = 8;
pub const HSE_VERSION_MINOR: DWORD = 0;
/// `MAKELONG(minor, major)`.
pub const HSE_VERSION: DWORD = (HSE_VERSION_MAJOR << 16) | HSE_VERSION_MINOR;
pub const HSE_LOG_BUFFER_LEN: usize = 80;
pub const HSE_MAX_EXT_DLL_NAME_LEN: usize = 256;

pub const HSE_STATUS_SUCCESS: DWORD = 1;
pub const HSE_STATUS_SUCCESS_AND_KEEP_CONN: DWORD = 2;
pub const HSE_STATUS_PENDING: DWORD = 3;
pub const HSE_STATUS_ERROR: DWORD = 4;

pub const HSE_REQ_BASE: DWORD = 0;
pub const HSE_REQ_SEND_URL_REDIRECT_RESP: DWORD = 1;
pub const HSE_REQ_SEND_URL: DWORD = 2;
pub const HSE_REQ_SEND_RESPONSE_HEADER: DWORD = 3;
pub const HSE_REQ_DONE_WITH_SESSION: DWORD = 4;
pub const HSE_REQ_END_RESERVED: DWORD = 1000;
pub const HSE_REQ_MAP_URL_TO_PATH: DWORD = 1001;
pub const HSE_REQ_GET_SSPI_INFO: DWORD = 1002;
pub const HSE_APPEND_LOG_PARAMETER: DWORD = 1003;
pub const HSE_REQ_IO_COMPLETION: DWORD = 1005;
pub const HSE_REQ_TRANSMIT_FILE: DWORD = 1006;
pub const HSE_REQ_REFRESH_ISAPI_ACL: DWORD = 1007;
pub const HSE_REQ_IS_KEEP_CONN: DWORD = 1008;
pub const HSE_REQ_ASYNC_READ_CLIENT: DWORD = 1010;
pub const HSE_REQ_GET_IMPERSONATION_TOKEN: DWORD = 1011;
pub const HSE_REQ_MAP_URL_TO_PATH_EX: DWORD = 1012;
pub const HSE_REQ_ABORTIVE_CLOSE: DWORD = 1014;
pub const HSE_REQ_GET_CERT_INFO_EX: DWORD = 1015;
pub const HSE_REQ_SEND_RESPONSE_HEADER_EX: DWORD = 1016;
pub const HSE_REQ_CLOSE_CONNECTION: DWORD = 1017;
pub const HSE_REQ_IS_CONNECTED: DWORD = 1018;
pub const HSE_REQ_MAP_UNICODE_URL_TO_PATH: DWORD = 1023;
pub const HSE_REQ_MAP_UNICODE_URL_TO_PATH_EX: DWORD = 1024;
pub const HSE_REQ_EXEC_UNICODE_URL: DWORD = 1025;
pub const HSE_REQ_EXEC_URL: DWORD = 1026;
pub const HSE_REQ_GET_EXEC_URL_STATUS: DWORD = 1027;
pub const HSE_REQ_SEND_CUSTOM_ERROR: DWORD = 1028;
pub const HSE_REQ_IS_IN_PROCESS: DWORD = 1030;
pub const HSE_REQ_REPORT_UNHEALTHY: DWORD = 1032;
pub const HSE_REQ_NORMALIZE_URL: DWORD = 1033;
pub const HSE_REQ_VECTOR_SEND: DWORD = 1037;
pub const HSE_REQ_GET_ANONYMOUS_TOKEN: DWORD = 1038;
pub const HSE_REQ_GET_CACHE_INVALIDATION_CALLBACK: DWORD = 1040;
pub const HSE_REQ_GET_UNICODE_ANONYMOUS_TOKEN: DWORD = 1041;
pub const HSE_REQ_GET_TRACE_INFO: DWORD = 1042;
pub const HSE_REQ_SET_FLUSH_FLAG: DWORD = 1043;
pub const HSE_REQ_GET_TRACE_INFO_EX: DWORD = 1044;
pub const HSE_REQ_RAISE_TRACE_EVENT: DWORD = 1045;
pub const HSE_REQ_GET_CONFIG_OBJECT: DWORD = 1046;
pub const HSE_REQ_GET_WORKER_PROCESS_SETTINGS: DWORD = 1047;
pub const HSE_REQ_GET_PROTOCOL_MANAGER_CUSTOM_INTERFACE_CALLBACK: DWORD = 1048;
pub const HSE_REQ_CANCEL_IO: DWORD = 1049;
pub const HSE_REQ_GET_CHANNEL_BINDING_TOKEN: DWORD = 1050;

pub const HSE_TERM_ADVISORY_UNLOAD: DWORD = 1;
pub const HSE_TERM_MUST_UNLOAD: DWORD = 2;

pub const HSE_IO_SYNC: DWORD = 0x1;
pub const HSE_IO_ASYNC: DWORD = 0x2;
pub const HSE_IO_DISCONNECT_AFTER_SEND: DWORD = 0x4;
pub const HSE_IO_SEND_HEADERS: DWORD = 0x8;
pub const HSE_IO_FINAL_SEND: DWORD = 0x10;
pub const HSE_IO_CACHE_RESPONSE: DWORD = 0x20;
pub const HSE_IO_TRY_SKIP_CUSTOM_ERRORS: DWORD = 0x40;
pub const HSE_IO_NODELAY: DWORD = 0x1000;

// URL flags: `HSE_URL_MAPEX_INFO.dwFlags`, `HTTP_FILTER_URL_MAP_EX.dwFlags` (the vdir AccessPerm).
pub const HSE_URL_FLAGS_READ: DWORD = 0x001;
pub const HSE_URL_FLAGS_WRITE: DWORD = 0x002;
pub const HSE_URL_FLAGS_EXECUTE: DWORD = 0x004;
pub const HSE_URL_FLAGS_SSL: DWORD = 0x008;
pub const HSE_URL_FLAGS_DONT_CACHE: DWORD = 0x010;
pub const HSE_URL_FLAGS_NEGO_CERT: DWORD = 0x020;
pub const HSE_URL_FLAGS_REQUIRE_CERT: DWORD = 0x040;
pub const HSE_URL_FLAGS_MAP_CERT: DWORD = 0x080;
pub const HSE_URL_FLAGS_SSL128: DWORD = 0x100;
pub const HSE_URL_FLAGS_SCRIPT: DWORD = 0x200;
pub const HSE_URL_FLAGS_MASK: DWORD = 0x3FF;

// `HSE_EXEC_URL_INFO.dwExecUrlFlags`.
pub const HSE_EXEC_URL_NO_HEADERS: DWORD = 0x02;
pub const HSE_EXEC_URL_IGNORE_CURRENT_INTERCEPTOR: DWORD = 0x04;
pub const HSE_EXEC_URL_IGNORE_VALIDATION_AND_RANGE: DWORD = 0x10;
pub const HSE_EXEC_URL_DISABLE_CUSTOM_ERROR: DWORD = 0x20;
pub const HSE_EXEC_URL_SSI_CMD: DWORD = 0x40;
pub const HSE_EXEC_URL_HTTP_CACHE_ELIGIBLE: DWORD = 0x80;

// `HSE_VECTOR_ELEMENT.ElementType`.
pub const HSE_VECTOR_ELEMENT_TYPE_MEMORY_BUFFER: DWORD = 0;
pub const HSE_VECTOR_ELEMENT_TYPE_FILE_HANDLE: DWORD = 1;

// Result of `HSE_REQ_IS_IN_PROCESS`.
pub const HSE_APP_FLAG_IN_PROCESS: DWORD = 0;
pub const HSE_APP_FLAG_ISOLATED_OOP: DWORD = 1;
pub const HSE_APP_FLAG_POOLED_OOP: DWORD = 2;

/// `GetServerVariable` member of the ECB.
pub type PFN_GETSERVERVARIABLE = unsafe extern "system" fn(
    hConn: HCONN,
    lpszVariableName: LPSTR,
    lpvBuffer: LPVOID,
    lpdwSize: LPDWORD,
) -> BOOL;
/// `WriteClient` member of the ECB; `dwReserved` carries `HSE_IO_*` flags.
pub type PFN_WRITECLIENT = unsafe extern "system" fn(
    ConnID: HCONN,
    Buffer: LPVOID,
    lpdwBytes: LPDWORD,
    dwReserved: DWORD,
) -> BOOL;
/// `ReadClient` member of the ECB.
pub type PFN_READCLIENT =
    unsafe extern "system" fn(ConnID: HCONN, lpvBuffer: LPVOID, lpdwSize: LPDWORD) -> BOOL;
/// `ServerSupportFunction` member of the ECB. The last two parameters are often not
/// DWORD pointers (a header string, a context pointer), hence `LPVOID`.
pub type PFN_SERVERSUPPORTFUNCTION = unsafe extern "system" fn(
    hConn: HCONN,
    dwHSERequest: DWORD,
    lpvBuffer: LPVOID,
    lpdwSize: LPVOID,
    lpdwDataType: LPVOID,
) -> BOOL;

/// Completion routine for asynchronous I/O (`HSE_REQ_IO_COMPLETION`, `HSE_TF_INFO.pfnHseIO`).
pub type PFN_HSE_IO_COMPLETION = unsafe extern "system" fn(
    pECB: *mut EXTENSION_CONTROL_BLOCK,
    pContext: PVOID,
    cbIO: DWORD,
    dwError: DWORD,
);
/// Returned by `HSE_REQ_GET_CACHE_INVALIDATION_CALLBACK`: invalidates a cached URL.
pub type PFN_HSE_CACHE_INVALIDATION_CALLBACK =
    unsafe extern "system" fn(pszUrl: *mut WCHAR) -> HRESULT;
/// Returned by `HSE_REQ_GET_PROTOCOL_MANAGER_CUSTOM_INTERFACE_CALLBACK`.
pub type PFN_HSE_GET_PROTOCOL_MANAGER_CUSTOM_INTERFACE_CALLBACK =
    unsafe extern "system" fn(
        pszProtocolManagerDll: LPCWSTR,
        pszProtocolManagerDllInitFunction: LPCWSTR,
        dwCustomInterfaceId: DWORD,
        ppCustomInterface: *mut PVOID,
    ) -> HRESULT;

/// Filled by the extension in `GetExtensionVersion`: its ISAPI version and a description.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HSE_VERSION_INFO {
    pub dwExtensionVersion: DWORD,
    pub lpszExtensionDesc: [CHAR; HSE_MAX_EXT_DLL_NAME_LEN],
}

/// One request, built by the server and passed to `HttpExtensionProc`.
#[repr(C)]
pub struct EXTENSION_CONTROL_BLOCK {
    pub cbSize: DWORD,
    pub dwVersion: DWORD,
    pub ConnID: HCONN,
    pub dwHttpStatusCode: DWORD,
    pub lpszLogData: [CHAR; HSE_LOG_BUFFER_LEN],
    pub lpszMethod: LPSTR,
    pub lpszQueryString: LPSTR,
    pub lpszPathInfo: LPSTR,
    pub lpszPathTranslated: LPSTR,
    pub cbTotalBytes: DWORD,
    pub cbAvailable: DWORD,
    pub lpbData: LPBYTE,
    pub lpszContentType: LPSTR,
    pub GetServerVariable: Option<PFN_GETSERVERVARIABLE>,
    pub WriteClient: Option<PFN_WRITECLIENT>,
    pub ReadClient: Option<PFN_READCLIENT>,
    pub ServerSupportFunction: Option<PFN_SERVERSUPPORTFUNCTION>,
}

pub type LPEXTENSION_CONTROL_BLOCK = *mut EXTENSION_CONTROL_BLOCK;

/// Status line and headers an extension sends with `HSE_REQ_SEND_RESPONSE_HEADER_EX`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HSE_SEND_HEADER_EX_INFO {
    pub pszStatus: LPCSTR,
    pub pszHeader: LPCSTR,
    pub cchStatus: DWORD,
    pub cchHeader: DWORD,
    pub fKeepConn: BOOL,
}

pub type LPHSE_SEND_HEADER_EX_INFO = *mut HSE_SEND_HEADER_EX_INFO;

pub type PFN_GETEXTENSIONVERSION = unsafe extern "system" fn(pVer: *mut HSE_VERSION_INFO) -> BOOL;
pub type PFN_HTTPEXTENSIONPROC =
    unsafe extern "system" fn(pECB: *mut EXTENSION_CONTROL_BLOCK) -> DWORD;
pub type PFN_TERMINATEEXTENSION = unsafe extern "system" fn(dwFlags: DWORD) -> BOOL;

/// Filled by the server for `HSE_REQ_MAP_URL_TO_PATH_EX`: the physical path of a URL and its vdir.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HSE_URL_MAPEX_INFO {
    pub lpszPath: [CHAR; MAX_PATH],
    pub dwFlags: DWORD,
    pub cchMatchingPath: DWORD,
    pub cchMatchingURL: DWORD,
    pub dwReserved1: DWORD,
    pub dwReserved2: DWORD,
}

pub type LPHSE_URL_MAPEX_INFO = *mut HSE_URL_MAPEX_INFO;

/// Filled by the server for `HSE_REQ_MAP_UNICODE_URL_TO_PATH_EX` (UTF-16; no reserved fields).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HSE_UNICODE_URL_MAPEX_INFO {
    pub lpszPath: [WCHAR; MAX_PATH],
    pub dwFlags: DWORD,
    pub cchMatchingPath: DWORD,
    pub cchMatchingURL: DWORD,
}

pub type LPHSE_UNICODE_URL_MAPEX_INFO = *mut HSE_UNICODE_URL_MAPEX_INFO;

/// Filled by the extension for `HSE_REQ_TRANSMIT_FILE`: a file with optional head and tail.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HSE_TF_INFO {
    pub pfnHseIO: Option<PFN_HSE_IO_COMPLETION>,
    pub pContext: PVOID,
    pub hFile: HANDLE,
    pub pszStatusCode: LPCSTR,
    pub BytesToWrite: DWORD,
    pub Offset: DWORD,
    pub pHead: PVOID,
    pub HeadLength: DWORD,
    pub pTail: PVOID,
    pub TailLength: DWORD,
    pub dwFlags: DWORD,
}

pub type LPHSE_TF_INFO = *mut HSE_TF_INFO;

/// Filled by the extension for `HSE_REQ_EXEC_URL`: the user the child request runs as.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HSE_EXEC_URL_USER_INFO {
    pub hImpersonationToken: HANDLE,
    pub pszCustomUserName: LPSTR,
    pub pszCustomAuthType: LPSTR,
}

pub type LPHSE_EXEC_URL_USER_INFO = *mut HSE_EXEC_URL_USER_INFO;

/// Filled by the extension for `HSE_REQ_EXEC_UNICODE_URL`: as the ANSI one, UTF-16 user name.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HSE_EXEC_UNICODE_URL_USER_INFO {
    pub hImpersonationToken: HANDLE,
    pub pszCustomUserName: LPWSTR,
    pub pszCustomAuthType: LPSTR,
}

pub type LPHSE_EXEC_UNICODE_URL_USER_INFO = *mut HSE_EXEC_UNICODE_URL_USER_INFO;

/// Filled by the extension for an ExecURL child request: the entity body to send it.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HSE_EXEC_URL_ENTITY_INFO {
    pub cbAvailable: DWORD,
    pub lpbData: LPVOID,
}

pub type LPHSE_EXEC_URL_ENTITY_INFO = *mut HSE_EXEC_URL_ENTITY_INFO;

/// Filled by the server for `HSE_REQ_GET_EXEC_URL_STATUS`: how the child request ended.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HSE_EXEC_URL_STATUS {
    pub uHttpStatusCode: USHORT,
    pub uHttpSubStatus: USHORT,
    pub dwWin32Error: DWORD,
}

pub type LPHSE_EXEC_URL_STATUS = *mut HSE_EXEC_URL_STATUS;

/// Filled by the extension for `HSE_REQ_EXEC_URL`: the child request to run.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HSE_EXEC_URL_INFO {
    pub pszUrl: LPSTR,
    pub pszMethod: LPSTR,
    pub pszChildHeaders: LPSTR,
    pub pUserInfo: LPHSE_EXEC_URL_USER_INFO,
    pub pEntity: LPHSE_EXEC_URL_ENTITY_INFO,
    pub dwExecUrlFlags: DWORD,
}

pub type LPHSE_EXEC_URL_INFO = *mut HSE_EXEC_URL_INFO;

/// Filled by the extension for `HSE_REQ_EXEC_UNICODE_URL`: as the ANSI one, UTF-16 URL.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HSE_EXEC_UNICODE_URL_INFO {
    pub pszUrl: LPWSTR,
    pub pszMethod: LPSTR,
    pub pszChildHeaders: LPSTR,
    pub pUserInfo: LPHSE_EXEC_UNICODE_URL_USER_INFO,
    pub pEntity: LPHSE_EXEC_URL_ENTITY_INFO,
    pub dwExecUrlFlags: DWORD,
}

pub type LPHSE_EXEC_UNICODE_URL_INFO = *mut HSE_EXEC_UNICODE_URL_INFO;

/// Filled by the extension for `HSE_REQ_SEND_CUSTOM_ERROR`: which custom error page to send.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HSE_CUSTOM_ERROR_INFO {
    pub pszStatus: *mut CHAR,
    pub uHttpSubError: USHORT,
    pub fAsync: BOOL,
}

pub type LPHSE_CUSTOM_ERROR_INFO = *mut HSE_CUSTOM_ERROR_INFO;

/// One piece of an `HSE_RESPONSE_VECTOR`, filled by the extension: a memory buffer or a file range.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HSE_VECTOR_ELEMENT {
    pub ElementType: DWORD,
    pub pvContext: PVOID,
    pub cbOffset: ULONGLONG,
    pub cbSize: ULONGLONG,
}

pub type LPHSE_VECTOR_ELEMENT = *mut HSE_VECTOR_ELEMENT;

/// Filled by the extension for `HSE_REQ_VECTOR_SEND`: optional headers plus a list of elements.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HSE_RESPONSE_VECTOR {
    pub dwFlags: DWORD,
    pub pszStatus: LPSTR,
    pub pszHeaders: LPSTR,
    pub nElementCount: DWORD,
    pub lpElementArray: LPHSE_VECTOR_ELEMENT,
}

pub type LPHSE_RESPONSE_VECTOR = *mut HSE_RESPONSE_VECTOR;

/// Filled by the server for `HSE_REQ_GET_TRACE_INFO`: whether and under which id to trace.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct HSE_TRACE_INFO {
    pub fTraceRequest: BOOL,
    pub TraceContextId: [BYTE; 16],
    pub dwReserved1: DWORD,
    pub dwReserved2: DWORD,
}

pub type LPHSE_TRACE_INFO = *mut HSE_TRACE_INFO;

/// wincrypt's certificate context, the head of `CERT_CONTEXT_EX`; filled by the server.
/// `pCertInfo` (a `PCERT_INFO`) and `hCertStore` (an `HCERTSTORE`) are opaque here.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct CERT_CONTEXT {
    pub dwCertEncodingType: DWORD,
    pub pbCertEncoded: *mut BYTE,
    pub cbCertEncoded: DWORD,
    pub pCertInfo: PVOID,
    pub hCertStore: HANDLE,
}

/// For `HSE_REQ_GET_CERT_INFO_EX`: the extension allocates `pbCertEncoded` (size in
/// `cbAllocated`), the server fills in the client certificate and its flags.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct CERT_CONTEXT_EX {
    pub CertContext: CERT_CONTEXT,
    pub cbAllocated: DWORD,
    pub dwCertificateFlags: DWORD,
}
