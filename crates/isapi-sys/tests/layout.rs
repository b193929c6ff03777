//! Struct layouts, constants and calling conventions of isapi-sys:
//! - at compile time, on 64-bit targets, sizes and offsets against the Win64 column of
//!   isapi-spec.md §1.4 (numbers written here by hand from the spec). Compiling this test
//!   for x86_64-pc-windows-gnu (`cargo xtask lint --windows` does, through clippy
//!   `--all-targets`) checks the layout the Windows build itself computes;
//! - against mingw-w64's own `httpext.h` / `httpfilt.h` as laid out by
//!   `x86_64-w64-mingw32-gcc` (Win64, LLP64: `DWORD` is a 32-bit `unsigned long`): every
//!   size, field offset, field size, integer signedness, pointee and element size, the
//!   parameters (how many; each one's pointer-or-integer class, width and signedness) and
//!   return type of every function pointer and entry point, and every constant the
//!   headers define, as C checks of this build's Rust values, which are the Windows
//!   build's because no isapi-sys type changes width between the two (checked below);
//! - on every target but Windows, against our own declarations in tests/layout.c laid out
//!   by the system C compiler (`$CC`, else `cc` from PATH);
//! - every function type is `extern "system"`: at compile time (the signature checks
//!   accept only `unsafe extern "system" fn`) and read from the sources.
use core::mem::{offset_of, size_of};
use isapi_sys::*;
#[cfg(not(windows))]
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::Command;

/// One struct: its size and every field.
struct Struct {
    name: &'static str,
    size: usize,
    fields: Vec<Field>,
}

struct Field {
    name: &'static str,
    offset: usize,
    size: usize,
    kind: Kind,
}

/// What a field is, as far as the C checks can tell.
#[derive(Clone, Copy)]
enum Kind {
    Integer {
        signed: bool,
    },
    /// A data pointer and the size of what it points to (`void` counts 1, as in GNU C).
    Pointer {
        pointee: usize,
    },
    /// `Option<PFN_...>`: a function pointer, with its signature.
    Function(Signature),
    Array {
        element: usize,
    },
    Struct,
}

trait FieldKind {
    const KIND: Kind;
}

/// A parameter or return type as the calling convention sees it.
#[derive(Clone, Copy)]
enum Value {
    Void,
    Integer { size: usize, signed: bool },
    Pointer,
}

trait CValue {
    const VALUE: Value;
}

macro_rules! integers {
    ($($t:ty => $signed:literal),*) => {
        $(
            impl FieldKind for $t {
                const KIND: Kind = Kind::Integer { signed: $signed };
            }
            impl CValue for $t {
                const VALUE: Value = Value::Integer { size: size_of::<$t>(), signed: $signed };
            }
        )*
    };
}
integers!(u8 => false, u16 => false, u32 => false, u64 => false, usize => false,
          i8 => true, i16 => true, i32 => true, i64 => true);

impl CValue for () {
    const VALUE: Value = Value::Void;
}
impl<T> CValue for *mut T {
    const VALUE: Value = Value::Pointer;
}
impl<T> CValue for *const T {
    const VALUE: Value = Value::Pointer;
}

/// Parameters and return type of a function pointer type.
#[derive(Clone, Copy)]
struct Signature {
    params: &'static [Value],
    ret: Value,
}

/// Implemented only for `unsafe extern "system" fn` types: a function pointer field or
/// `PFN_` type declared with another ABI (`extern "C"`) does not compile here.
trait SystemFn {
    const SIGNATURE: Signature;
}

macro_rules! system_fns {
    ($(($($param:ident),*)),*) => {
        $(
            impl<R: CValue, $($param: CValue),*> SystemFn
                for unsafe extern "system" fn($($param),*) -> R
            {
                const SIGNATURE: Signature = Signature {
                    params: &[$($param::VALUE),*],
                    ret: R::VALUE,
                };
            }
        )*
    };
}
system_fns!((A), (A, B), (A, B, C), (A, B, C, D), (A, B, C, D, E));

impl<T> FieldKind for *mut T {
    const KIND: Kind = Kind::Pointer {
        pointee: size_of::<T>(),
    };
}
impl<T> FieldKind for *const T {
    const KIND: Kind = Kind::Pointer {
        pointee: size_of::<T>(),
    };
}
impl<F: SystemFn> FieldKind for Option<F> {
    const KIND: Kind = Kind::Function(F::SIGNATURE);
}
impl<T, const N: usize> FieldKind for [T; N] {
    const KIND: Kind = Kind::Array {
        element: size_of::<T>(),
    };
}
impl FieldKind for CERT_CONTEXT {
    const KIND: Kind = Kind::Struct;
}

/// Size and kind of the field `get` reaches.
fn field_of<S, F: FieldKind>(_get: fn(&S) -> &F) -> (usize, Kind) {
    (size_of::<F>(), F::KIND)
}

/// `layout!(out; NAME = size { field @ offset, ... })` pushes the layout of `NAME`, and
/// on 64-bit targets asserts at compile time that its size and offsets are the Win64
/// numbers given. The field list must be complete: it is also used as an exhaustive
/// destructuring pattern, so a field missing here is a compile error.
macro_rules! layout {
    ($out:ident; $ty:ident = $size:literal { $($field:ident @ $off:literal),* $(,)? }) => {{
        let _exhaustive = |v: &$ty| {
            let $ty { $($field: _),* } = v;
        };
        #[cfg(target_pointer_width = "64")]
        const _: () = assert!(
            size_of::<$ty>() == $size,
            concat!(stringify!($ty), ": size differs from the Win64 column of isapi-spec.md")
        );
        $(
            #[cfg(target_pointer_width = "64")]
            const _: () = assert!(
                offset_of!($ty, $field) == $off,
                concat!(
                    stringify!($ty), ".", stringify!($field),
                    ": offset differs from the Win64 column of isapi-spec.md"
                )
            );
        )*
        $out.push(Struct {
            name: stringify!($ty),
            size: size_of::<$ty>(),
            fields: vec![$({
                let (size, kind) = field_of(|v: &$ty| &v.$field);
                Field { name: stringify!($field), offset: offset_of!($ty, $field), size, kind }
            }),*],
        });
    }};
}

fn rust_layout() -> Vec<Struct> {
    let mut v = Vec::new();

    // httpext.h
    layout!(v; HSE_VERSION_INFO = 260 { dwExtensionVersion @ 0, lpszExtensionDesc @ 4 });
    layout!(v; EXTENSION_CONTROL_BLOCK = 192 {
        cbSize @ 0,
        dwVersion @ 4,
        ConnID @ 8,
        dwHttpStatusCode @ 16,
        lpszLogData @ 20,
        lpszMethod @ 104,
        lpszQueryString @ 112,
        lpszPathInfo @ 120,
        lpszPathTranslated @ 128,
        cbTotalBytes @ 136,
        cbAvailable @ 140,
        lpbData @ 144,
        lpszContentType @ 152,
        GetServerVariable @ 160,
        WriteClient @ 168,
        ReadClient @ 176,
        ServerSupportFunction @ 184,
    });
    layout!(v; HSE_SEND_HEADER_EX_INFO = 32 {
        pszStatus @ 0,
        pszHeader @ 8,
        cchStatus @ 16,
        cchHeader @ 20,
        fKeepConn @ 24,
    });
    layout!(v; HSE_URL_MAPEX_INFO = 280 {
        lpszPath @ 0,
        dwFlags @ 260,
        cchMatchingPath @ 264,
        cchMatchingURL @ 268,
        dwReserved1 @ 272,
        dwReserved2 @ 276,
    });
    layout!(v; HSE_UNICODE_URL_MAPEX_INFO = 532 {
        lpszPath @ 0,
        dwFlags @ 520,
        cchMatchingPath @ 524,
        cchMatchingURL @ 528,
    });
    layout!(v; HSE_TF_INFO = 72 {
        pfnHseIO @ 0,
        pContext @ 8,
        hFile @ 16,
        pszStatusCode @ 24,
        BytesToWrite @ 32,
        Offset @ 36,
        pHead @ 40,
        HeadLength @ 48,
        pTail @ 56,
        TailLength @ 64,
        dwFlags @ 68,
    });
    layout!(v; HSE_EXEC_URL_USER_INFO = 24 {
        hImpersonationToken @ 0,
        pszCustomUserName @ 8,
        pszCustomAuthType @ 16,
    });
    layout!(v; HSE_EXEC_UNICODE_URL_USER_INFO = 24 {
        hImpersonationToken @ 0,
        pszCustomUserName @ 8,
        pszCustomAuthType @ 16,
    });
    layout!(v; HSE_EXEC_URL_ENTITY_INFO = 16 { cbAvailable @ 0, lpbData @ 8 });
    layout!(v; HSE_EXEC_URL_STATUS = 8 {
        uHttpStatusCode @ 0,
        uHttpSubStatus @ 2,
        dwWin32Error @ 4,
    });
    layout!(v; HSE_EXEC_URL_INFO = 48 {
        pszUrl @ 0,
        pszMethod @ 8,
        pszChildHeaders @ 16,
        pUserInfo @ 24,
        pEntity @ 32,
        dwExecUrlFlags @ 40,
    });
    layout!(v; HSE_EXEC_UNICODE_URL_INFO = 48 {
        pszUrl @ 0,
        pszMethod @ 8,
        pszChildHeaders @ 16,
        pUserInfo @ 24,
        pEntity @ 32,
        dwExecUrlFlags @ 40,
    });
    layout!(v; HSE_CUSTOM_ERROR_INFO = 16 { pszStatus @ 0, uHttpSubError @ 8, fAsync @ 12 });
    layout!(v; HSE_VECTOR_ELEMENT = 32 {
        ElementType @ 0,
        pvContext @ 8,
        cbOffset @ 16,
        cbSize @ 24,
    });
    layout!(v; HSE_RESPONSE_VECTOR = 40 {
        dwFlags @ 0,
        pszStatus @ 8,
        pszHeaders @ 16,
        nElementCount @ 24,
        lpElementArray @ 32,
    });
    layout!(v; HSE_TRACE_INFO = 28 {
        fTraceRequest @ 0,
        TraceContextId @ 4,
        dwReserved1 @ 20,
        dwReserved2 @ 24,
    });
    layout!(v; CERT_CONTEXT = 40 {
        dwCertEncodingType @ 0,
        pbCertEncoded @ 8,
        cbCertEncoded @ 16,
        pCertInfo @ 24,
        hCertStore @ 32,
    });
    layout!(v; CERT_CONTEXT_EX = 48 {
        CertContext @ 0,
        cbAllocated @ 40,
        dwCertificateFlags @ 44,
    });

    // httpfilt.h
    layout!(v; HTTP_FILTER_VERSION = 272 {
        dwServerFilterVersion @ 0,
        dwFilterVersion @ 4,
        lpszFilterDesc @ 8,
        dwFlags @ 268,
    });
    layout!(v; HTTP_FILTER_CONTEXT = 72 {
        cbSize @ 0,
        Revision @ 4,
        ServerContext @ 8,
        ulReserved @ 16,
        fIsSecurePort @ 20,
        pFilterContext @ 24,
        GetServerVariable @ 32,
        AddResponseHeaders @ 40,
        WriteClient @ 48,
        AllocMem @ 56,
        ServerSupportFunction @ 64,
    });
    layout!(v; HTTP_FILTER_RAW_DATA = 24 {
        pvInData @ 0,
        cbInData @ 8,
        cbInBuffer @ 12,
        dwReserved @ 16,
    });
    layout!(v; HTTP_FILTER_PREPROC_HEADERS = 32 {
        GetHeader @ 0,
        SetHeader @ 8,
        AddHeader @ 16,
        HttpStatus @ 24,
        dwReserved @ 28,
    });
    layout!(v; HTTP_FILTER_AUTHENT = 32 {
        pszUser @ 0,
        cbUserBuff @ 8,
        pszPassword @ 16,
        cbPasswordBuff @ 24,
    });
    layout!(v; HTTP_FILTER_URL_MAP = 24 { pszURL @ 0, pszPhysicalPath @ 8, cbPathBuff @ 16 });
    layout!(v; HTTP_FILTER_URL_MAP_EX = 40 {
        pszURL @ 0,
        pszPhysicalPath @ 8,
        cbPathBuff @ 16,
        dwFlags @ 20,
        cchMatchingPath @ 24,
        cchMatchingURL @ 28,
        pszScriptMapEntry @ 32,
    });
    layout!(v; HTTP_FILTER_ACCESS_DENIED = 24 {
        pszURL @ 0,
        pszPhysicalPath @ 8,
        dwReason @ 16,
    });
    layout!(v; HTTP_FILTER_LOG = 72 {
        pszClientHostName @ 0,
        pszClientUserName @ 8,
        pszServerName @ 16,
        pszOperation @ 24,
        pszTarget @ 32,
        pszParameters @ 40,
        dwHttpStatus @ 48,
        dwWin32Status @ 52,
        dwBytesSent @ 56,
        dwBytesRecvd @ 60,
        msTimeForProcessing @ 64,
    });
    layout!(v; HTTP_FILTER_AUTH_COMPLETE_INFO = 48 {
        GetHeader @ 0,
        SetHeader @ 8,
        AddHeader @ 16,
        GetUserToken @ 24,
        HttpStatus @ 32,
        fResetAuth @ 36,
        dwReserved @ 40,
    });
    v
}

/// Every constant of the crate with its Rust value.
macro_rules! constants {
    ($($name:ident),* $(,)?) => {
        vec![$((stringify!($name), $name as i128)),*]
    };
}

fn rust_constants() -> Vec<(&'static str, i128)> {
    constants![
        // types.rs
        TRUE,
        FALSE,
        MAX_PATH,
        ERROR_SUCCESS,
        ERROR_ACCESS_DENIED,
        ERROR_INVALID_HANDLE,
        ERROR_NOT_ENOUGH_MEMORY,
        ERROR_WRITE_FAULT,
        ERROR_READ_FAULT,
        ERROR_NOT_SUPPORTED,
        ERROR_NETNAME_DELETED,
        ERROR_INVALID_PARAMETER,
        ERROR_INSUFFICIENT_BUFFER,
        ERROR_BAD_EXE_FORMAT,
        ERROR_NO_DATA,
        ERROR_MORE_DATA,
        ERROR_OPERATION_ABORTED,
        ERROR_IO_PENDING,
        ERROR_OLD_WIN_VERSION,
        ERROR_CONNECTION_ABORTED,
        ERROR_INVALID_INDEX,
        WSAEINVAL,
        // extension.rs
        HSE_VERSION_MAJOR,
        HSE_VERSION_MINOR,
        HSE_VERSION,
        HSE_LOG_BUFFER_LEN,
        HSE_MAX_EXT_DLL_NAME_LEN,
        HSE_STATUS_SUCCESS,
        HSE_STATUS_SUCCESS_AND_KEEP_CONN,
        HSE_STATUS_PENDING,
        HSE_STATUS_ERROR,
        HSE_REQ_BASE,
        HSE_REQ_SEND_URL_REDIRECT_RESP,
        HSE_REQ_SEND_URL,
        HSE_REQ_SEND_RESPONSE_HEADER,
        HSE_REQ_DONE_WITH_SESSION,
        HSE_REQ_END_RESERVED,
        HSE_REQ_MAP_URL_TO_PATH,
        HSE_REQ_GET_SSPI_INFO,
        HSE_APPEND_LOG_PARAMETER,
        HSE_REQ_IO_COMPLETION,
        HSE_REQ_TRANSMIT_FILE,
        HSE_REQ_REFRESH_ISAPI_ACL,
        HSE_REQ_IS_KEEP_CONN,
        HSE_REQ_ASYNC_READ_CLIENT,
        HSE_REQ_GET_IMPERSONATION_TOKEN,
        HSE_REQ_MAP_URL_TO_PATH_EX,
        HSE_REQ_ABORTIVE_CLOSE,
        HSE_REQ_GET_CERT_INFO_EX,
        HSE_REQ_SEND_RESPONSE_HEADER_EX,
        HSE_REQ_CLOSE_CONNECTION,
        HSE_REQ_IS_CONNECTED,
        HSE_REQ_MAP_UNICODE_URL_TO_PATH,
        HSE_REQ_MAP_UNICODE_URL_TO_PATH_EX,
        HSE_REQ_EXEC_UNICODE_URL,
        HSE_REQ_EXEC_URL,
        HSE_REQ_GET_EXEC_URL_STATUS,
        HSE_REQ_SEND_CUSTOM_ERROR,
        HSE_REQ_IS_IN_PROCESS,
        HSE_REQ_REPORT_UNHEALTHY,
        HSE_REQ_NORMALIZE_URL,
        HSE_REQ_VECTOR_SEND,
        HSE_REQ_GET_ANONYMOUS_TOKEN,
        HSE_REQ_GET_CACHE_INVALIDATION_CALLBACK,
        HSE_REQ_GET_UNICODE_ANONYMOUS_TOKEN,
        HSE_REQ_GET_TRACE_INFO,
        HSE_REQ_SET_FLUSH_FLAG,
        HSE_REQ_GET_TRACE_INFO_EX,
        HSE_REQ_RAISE_TRACE_EVENT,
        HSE_REQ_GET_CONFIG_OBJECT,
        HSE_REQ_GET_WORKER_PROCESS_SETTINGS,
        HSE_REQ_GET_PROTOCOL_MANAGER_CUSTOM_INTERFACE_CALLBACK,
        HSE_REQ_CANCEL_IO,
        HSE_REQ_GET_CHANNEL_BINDING_TOKEN,
        HSE_TERM_ADVISORY_UNLOAD,
        HSE_TERM_MUST_UNLOAD,
        HSE_IO_SYNC,
        HSE_IO_ASYNC,
        HSE_IO_DISCONNECT_AFTER_SEND,
        HSE_IO_SEND_HEADERS,
        HSE_IO_FINAL_SEND,
        HSE_IO_CACHE_RESPONSE,
        HSE_IO_TRY_SKIP_CUSTOM_ERRORS,
        HSE_IO_NODELAY,
        HSE_URL_FLAGS_READ,
        HSE_URL_FLAGS_WRITE,
        HSE_URL_FLAGS_EXECUTE,
        HSE_URL_FLAGS_SSL,
        HSE_URL_FLAGS_DONT_CACHE,
        HSE_URL_FLAGS_NEGO_CERT,
        HSE_URL_FLAGS_REQUIRE_CERT,
        HSE_URL_FLAGS_MAP_CERT,
        HSE_URL_FLAGS_SSL128,
        HSE_URL_FLAGS_SCRIPT,
        HSE_URL_FLAGS_MASK,
        HSE_EXEC_URL_NO_HEADERS,
        HSE_EXEC_URL_IGNORE_CURRENT_INTERCEPTOR,
        HSE_EXEC_URL_IGNORE_VALIDATION_AND_RANGE,
        HSE_EXEC_URL_DISABLE_CUSTOM_ERROR,
        HSE_EXEC_URL_SSI_CMD,
        HSE_EXEC_URL_HTTP_CACHE_ELIGIBLE,
        HSE_VECTOR_ELEMENT_TYPE_MEMORY_BUFFER,
        HSE_VECTOR_ELEMENT_TYPE_FILE_HANDLE,
        HSE_APP_FLAG_IN_PROCESS,
        HSE_APP_FLAG_ISOLATED_OOP,
        HSE_APP_FLAG_POOLED_OOP,
        // filter.rs
        HTTP_FILTER_REVISION,
        SF_MAX_USERNAME,
        SF_MAX_PASSWORD,
        SF_MAX_AUTH_TYPE,
        SF_MAX_FILTER_DESC_LEN,
        SF_NOTIFY_SECURE_PORT,
        SF_NOTIFY_NONSECURE_PORT,
        SF_NOTIFY_READ_RAW_DATA,
        SF_NOTIFY_PREPROC_HEADERS,
        SF_NOTIFY_AUTHENTICATION,
        SF_NOTIFY_URL_MAP,
        SF_NOTIFY_ACCESS_DENIED,
        SF_NOTIFY_SEND_RESPONSE,
        SF_NOTIFY_SEND_RAW_DATA,
        SF_NOTIFY_LOG,
        SF_NOTIFY_END_OF_REQUEST,
        SF_NOTIFY_END_OF_NET_SESSION,
        SF_NOTIFY_AUTH_COMPLETE,
        SF_NOTIFY_ORDER_HIGH,
        SF_NOTIFY_ORDER_MEDIUM,
        SF_NOTIFY_ORDER_LOW,
        SF_NOTIFY_ORDER_DEFAULT,
        SF_NOTIFY_ORDER_MASK,
        SF_REQ_SEND_RESPONSE_HEADER,
        SF_REQ_ADD_HEADERS_ON_DENIAL,
        SF_REQ_SET_NEXT_READ_SIZE,
        SF_REQ_SET_PROXY_INFO,
        SF_REQ_GET_CONNID,
        SF_REQ_SET_CERTIFICATE_INFO,
        SF_REQ_GET_PROPERTY,
        SF_REQ_NORMALIZE_URL,
        SF_REQ_DISABLE_NOTIFICATIONS,
        SF_PROPERTY_SSL_CTXT,
        SF_PROPERTY_INSTANCE_NUM_ID,
        SF_STATUS_REQ_FINISHED,
        SF_STATUS_REQ_FINISHED_KEEP_CONN,
        SF_STATUS_REQ_NEXT_NOTIFICATION,
        SF_STATUS_REQ_HANDLED_NOTIFICATION,
        SF_STATUS_REQ_ERROR,
        SF_STATUS_REQ_READ_NEXT,
        SF_DENIED_LOGON,
        SF_DENIED_RESOURCE,
        SF_DENIED_FILTER,
        SF_DENIED_APPLICATION,
        SF_DENIED_BY_CONFIG,
    ]
}

/// Every `PFN_` type with its signature and what it is in the headers: a typedef, an
/// entry point's declaration, or a member the SDK declares inline in a struct.
macro_rules! function_types {
    ($($name:ident => $c:literal),* $(,)?) => {
        vec![$((stringify!($name), <$name as SystemFn>::SIGNATURE, $c)),*]
    };
}

fn rust_function_types() -> Vec<(&'static str, Signature, &'static str)> {
    function_types![
        PFN_GETSERVERVARIABLE => "((EXTENSION_CONTROL_BLOCK *)0)->GetServerVariable",
        PFN_WRITECLIENT => "((EXTENSION_CONTROL_BLOCK *)0)->WriteClient",
        PFN_READCLIENT => "((EXTENSION_CONTROL_BLOCK *)0)->ReadClient",
        PFN_SERVERSUPPORTFUNCTION => "((EXTENSION_CONTROL_BLOCK *)0)->ServerSupportFunction",
        PFN_HSE_IO_COMPLETION => "((PFN_HSE_IO_COMPLETION)0)",
        PFN_HSE_CACHE_INVALIDATION_CALLBACK => "((PFN_HSE_CACHE_INVALIDATION_CALLBACK)0)",
        PFN_HSE_GET_PROTOCOL_MANAGER_CUSTOM_INTERFACE_CALLBACK =>
            "((PFN_HSE_GET_PROTOCOL_MANAGER_CUSTOM_INTERFACE_CALLBACK)0)",
        PFN_GETEXTENSIONVERSION => "GetExtensionVersion",
        PFN_HTTPEXTENSIONPROC => "HttpExtensionProc",
        PFN_TERMINATEEXTENSION => "TerminateExtension",
        PFN_FILTER_GETSERVERVARIABLE => "((HTTP_FILTER_CONTEXT *)0)->GetServerVariable",
        PFN_FILTER_ADDRESPONSEHEADERS => "((HTTP_FILTER_CONTEXT *)0)->AddResponseHeaders",
        PFN_FILTER_WRITECLIENT => "((HTTP_FILTER_CONTEXT *)0)->WriteClient",
        PFN_FILTER_ALLOCMEM => "((HTTP_FILTER_CONTEXT *)0)->AllocMem",
        PFN_FILTER_SERVERSUPPORTFUNCTION => "((HTTP_FILTER_CONTEXT *)0)->ServerSupportFunction",
        PFN_FILTER_GETHEADER => "((HTTP_FILTER_PREPROC_HEADERS *)0)->GetHeader",
        PFN_FILTER_SETHEADER => "((HTTP_FILTER_PREPROC_HEADERS *)0)->SetHeader",
        PFN_FILTER_ADDHEADER => "((HTTP_FILTER_PREPROC_HEADERS *)0)->AddHeader",
        PFN_FILTER_GETUSERTOKEN => "((HTTP_FILTER_AUTH_COMPLETE_INFO *)0)->GetUserToken",
        PFN_GETFILTERVERSION => "GetFilterVersion",
        PFN_HTTPFILTERPROC => "HttpFilterProc",
        PFN_TERMINATEFILTER => "TerminateFilter",
    ]
}

/// Constants that mingw-w64's headers, the IIS 6 SDK, give other values on purpose: we
/// declare a newer SDK. Each with what is checked instead: a C expression that must equal
/// the Rust value (the header's own formula), or nothing.
fn newer_than_mingw() -> [(&'static str, Option<String>); 3] {
    [
        // httpext.h has 6.
        ("HSE_VERSION_MAJOR", None),
        // httpext.h: MAKELONG(HSE_VERSION_MINOR, HSE_VERSION_MAJOR).
        (
            "HSE_VERSION",
            Some(format!(
                "MAKELONG({HSE_VERSION_MINOR}, {HSE_VERSION_MAJOR})"
            )),
        ),
        // httpfilt.h has MAKELONG(0, 6); ours is revision 10.0 written as a number.
        ("HTTP_FILTER_REVISION", Some("MAKELONG(0, 10)".to_string())),
    ]
}

/// The crate's sources.
fn sources() -> [&'static str; 3] {
    [
        include_str!("../src/extension.rs"),
        include_str!("../src/filter.rs"),
        include_str!("../src/types.rs"),
    ]
}

/// The names declared as `pub <keyword> NAME` in the crate's sources.
fn declared(keyword: &str) -> Vec<&'static str> {
    let prefix = format!("pub {keyword} ");
    sources()
        .into_iter()
        .flat_map(|s| s.lines())
        .filter_map(|l| l.trim_start().strip_prefix(prefix.as_str()))
        .map(|rest| {
            rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap()
        })
        .collect()
}

/// Every `pub struct` in the crate's sources is listed in `rust_layout` (and so, through
/// the comparisons below, in layout.c and against the mingw-w64 headers).
#[test]
fn every_struct_is_checked() {
    let checked: Vec<&str> = rust_layout().iter().map(|s| s.name).collect();
    let missing: Vec<&str> = declared("struct")
        .into_iter()
        .filter(|name| !checked.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "structs without a layout check: {missing:?}"
    );
}

/// Every `pub const` in the crate's sources is listed in `rust_constants`.
#[test]
fn every_constant_is_checked() {
    let checked: Vec<&str> = rust_constants().iter().map(|(name, _)| *name).collect();
    let missing: Vec<&str> = declared("const")
        .into_iter()
        .filter(|name| !checked.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "constants without a check against the mingw-w64 headers: {missing:?}"
    );
}

/// Every `pub type PFN_...` in the crate's sources is listed in `rust_function_types`.
#[test]
fn every_function_type_is_checked() {
    let checked: Vec<&str> = rust_function_types().iter().map(|(n, _, _)| *n).collect();
    let missing: Vec<&str> = declared("type")
        .into_iter()
        .filter(|name| name.starts_with("PFN_") && !checked.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "function types without a check against the mingw-w64 headers: {missing:?}"
    );
}

/// Every function type is `extern "system"` (stdcall on 32-bit Windows, what `WINAPI`
/// means): each `fn(` in the sources is written `unsafe extern "system" fn(`. The exports
/// of isapi-dll are checked against these types where they are defined (exports.rs).
#[test]
fn every_function_type_is_extern_system() {
    let mut wrong = Vec::new();
    for source in sources() {
        let mut rest = source;
        while let Some(at) = rest.find("fn(") {
            let before = &rest[..at];
            if !before.ends_with("unsafe extern \"system\" ") {
                let line = before.rsplit('\n').next().unwrap_or_default();
                wrong.push(format!("  {}fn(", line.trim_start()));
            }
            rest = &rest[at + 3..];
        }
    }
    assert!(
        wrong.is_empty(),
        "function types not declared `unsafe extern \"system\"`:\n{}",
        wrong.join("\n")
    );
}

/// The values the mingw-w64 check asserts are computed by this build, so they are the
/// Windows ones only if no type's width depends on the platform: isapi-sys uses
/// fixed-width integers, pointers and `usize` (pointer-sized on Win64 too), and of the C
/// types only `c_void` and `c_char` (8 bits on both). `c_long`/`c_ulong` are 64 bits on
/// Linux but 32 on Windows (LLP64), and where padding follows a field its offsets would
/// not show it.
#[test]
fn no_type_changes_width_between_linux_and_windows() {
    let wrong: Vec<&str> = sources()
        .into_iter()
        .flat_map(|s| s.lines())
        .filter(|l| {
            let code = l.split("//").next().unwrap_or_default();
            code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|word| {
                    (word.starts_with("c_") && word != "c_void" && word != "c_char")
                        || word == "isize"
                })
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "platform-width C types in isapi-sys:\n{}",
        wrong.join("\n")
    );
}

/// The C compiler of the Win64 checks: mingw-w64's, whose headers are the reference.
const MINGW_CC: &str = "x86_64-w64-mingw32-gcc";

/// The Rust layouts and constants, asserted in C against mingw-w64's `httpext.h` and
/// `httpfilt.h` (with `windows.h`), compiled for Win64 by `x86_64-w64-mingw32-gcc`.
/// Without that compiler the check is skipped with a printed reason, except under CI
/// (`CI` set), which must run it (`.ci/run` installs it through `cargo xtask lint
/// --windows`).
#[test]
fn layouts_and_constants_match_the_mingw_w64_headers() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("isapi-sys-layout");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
    let source = dir.join(format!("mingw-{}.c", std::process::id()));
    std::fs::write(&source, mingw_assertions())
        .unwrap_or_else(|e| panic!("writing {}: {e}", source.display()));

    let compiled = Command::new(MINGW_CC)
        .args(["-std=c11", "-fsyntax-only", "-fmax-errors=0"])
        .args(["-Werror=conversion", "-Werror=int-conversion"])
        .arg(&source)
        .output();
    let compiled = match compiled {
        Ok(out) => out,
        Err(e) if std::env::var_os("CI").is_some() => panic!(
            "`{MINGW_CC}` could not be run ({e}); CI must check the Windows ABI: \
             install gcc-mingw-w64-x86-64 (`cargo xtask lint --windows` does)"
        ),
        Err(e) => {
            // Straight to stderr: the test harness captures `eprintln!` of passing tests.
            // The assertions are kept: under Wine (this test built for Windows) they hold
            // the Windows build's own values, for `{MINGW_CC} -fsyntax-only` on the host.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED layouts_and_constants_match_the_mingw_w64_headers: `{MINGW_CC}` \
                 could not be run ({e}); install gcc-mingw-w64-x86-64 to check the ISAPI \
                 structs against the Windows headers (the assertions: {})",
                source.display()
            );
            return;
        }
    };
    // A failed assertion says what Rust has; any other error (a call the header's
    // prototype refuses) is shown with its source line, which names the function.
    let stderr = String::from_utf8_lossy(&compiled.stderr);
    let mut problems = Vec::new();
    let mut lines = stderr.lines();
    while let Some(line) = lines.next() {
        if let Some((_, message)) = line.split_once("static assertion failed: ") {
            problems.push(message.to_string());
        } else if let Some((_, message)) = line.split_once(" error: ") {
            let source_line = lines.next().unwrap_or_default();
            let code = source_line
                .split_once(" | ")
                .map_or(source_line, |(_, c)| c);
            problems.push(format!("{message}\n    at: {}", code.trim()));
        }
    }
    assert!(
        problems.is_empty(),
        "isapi-sys differs from mingw-w64's httpext.h/httpfilt.h (Win64):\n  {}\n({})",
        problems.join("\n  "),
        source.display()
    );
    assert!(
        compiled.status.success(),
        "`{MINGW_CC}` rejected {}:\n{stderr}",
        source.display()
    );
    let _ = std::fs::remove_file(&source);
}

/// Pointer fields whose target isapi-sys leaves opaque (`PVOID`), so only their being a
/// pointer is checked, not the size of what they point to.
const OPAQUE_POINTERS: &[(&str, &str)] = &[(
    "CERT_CONTEXT.pCertInfo",
    "a PCERT_INFO in wincrypt.h; isapi-sys never reads the certificate's parsed form",
)];

/// The C source of the mingw-w64 check: one `_Static_assert` per size, offset, field
/// property and constant, each saying what Rust has.
fn mingw_assertions() -> String {
    let mut c = String::from(
        "/* Generated by crates/isapi-sys/tests/layout.rs: the Rust values of isapi-sys\n \
         * asserted against mingw-w64's headers. */\n\
         #include <windows.h>\n#include <httpext.h>\n#include <httpfilt.h>\n#include <stddef.h>\n\n\
         /* Arguments of each Rust parameter type, for the calls below (never evaluated). */\n\
         extern unsigned char isapi_u1; extern signed char isapi_i1;\n\
         extern unsigned short isapi_u2; extern short isapi_i2;\n\
         extern unsigned int isapi_u4; extern int isapi_i4;\n\
         extern unsigned long long isapi_u8; extern long long isapi_i8;\n\
         extern void *isapi_ptr;\n\n",
    );
    // The calls go in a function body: GCC checks argument conversions only where
    // code is evaluated, not inside sizeof.
    let mut calls = String::from("void isapi_calls(void) {\n");
    let mut check = |condition: String, what: String| {
        c.push_str(&format!("_Static_assert({condition}, \"{what}\");\n"));
    };
    for s in rust_layout() {
        let t = s.name;
        check(
            format!("sizeof({t}) == {}", s.size),
            format!("sizeof({t}) is {} in Rust", s.size),
        );
        for f in &s.fields {
            let (name, member) = (f.name, format!("(({t} *)0)->{}", f.name));
            check(
                format!("offsetof({t}, {name}) == {}", f.offset),
                format!("{t}.{name} is at offset {} in Rust", f.offset),
            );
            check(
                format!("sizeof({member}) == {}", f.size),
                format!("{t}.{name} is {} bytes in Rust", f.size),
            );
            // __builtin_classify_type: 1 integer, 5 pointer (arrays and functions decay).
            match f.kind {
                Kind::Integer { signed } => {
                    check(
                        format!("__builtin_classify_type({member}) == 1"),
                        format!("{t}.{name} is an integer in Rust"),
                    );
                    check(
                        format!("((__typeof__({member}))-1 < 0) == {}", i32::from(signed)),
                        format!(
                            "{t}.{name} is {} in Rust",
                            if signed { "signed" } else { "unsigned" }
                        ),
                    );
                }
                Kind::Pointer { pointee } => {
                    check(
                        format!("__builtin_classify_type({member}) == 5"),
                        format!("{t}.{name} is a pointer in Rust"),
                    );
                    let key = format!("{t}.{name}");
                    if OPAQUE_POINTERS.iter().any(|(k, _)| *k == key) {
                        continue;
                    }
                    check(
                        format!("sizeof(*{member}) == {pointee}"),
                        format!("{t}.{name} points to {pointee} bytes in Rust"),
                    );
                }
                Kind::Function(signature) => {
                    check(
                        format!("__builtin_classify_type({member}) == 5"),
                        format!("{t}.{name} is a function pointer in Rust"),
                    );
                    let what = format!("{t}.{name}");
                    call_checks(&mut check, &mut calls, &what, &member, signature);
                }
                Kind::Array { element } => check(
                    format!("sizeof({member}[0]) == {element}"),
                    format!("{t}.{name} is an array of {element}-byte elements in Rust"),
                ),
                Kind::Struct => check(
                    format!("__builtin_classify_type({member}) == 12"),
                    format!("{t}.{name} is a struct in Rust"),
                ),
            }
        }
    }
    for (name, signature, callee) in rust_function_types() {
        call_checks(&mut check, &mut calls, name, callee, signature);
    }
    for (name, value) in rust_constants() {
        let expected = match newer_than_mingw().into_iter().find(|(n, _)| *n == name) {
            Some((_, None)) => continue,
            Some((_, Some(expression))) => expression,
            None => name.to_string(),
        };
        check(
            format!("(long long)({expected}) == {value}LL"),
            format!("{name} is {value} in Rust"),
        );
    }
    calls.push_str("}\n");
    c + &calls
}

/// Checks that `callee` (a C function or function pointer expression) takes what
/// `signature` says: called with one argument of each Rust parameter type, it must
/// compile (the arity; under `-Werror=conversion` and `-Werror=int-conversion`, each
/// argument's pointer-or-integer class, width and signedness), and return the Rust
/// return type's size, signedness or pointer-ness.
fn call_checks(
    check: &mut impl FnMut(String, String),
    calls: &mut String,
    what: &str,
    callee: &str,
    signature: Signature,
) {
    let args: Vec<String> = signature
        .params
        .iter()
        .map(|param| match *param {
            Value::Integer { size, signed } => {
                format!("isapi_{}{size}", if signed { 'i' } else { 'u' })
            }
            Value::Pointer => "isapi_ptr".to_string(),
            Value::Void => unreachable!("a parameter of type ()"),
        })
        .collect();
    let call = format!("{callee}({})", args.join(", "));
    let arity = signature.params.len();
    calls.push_str(&format!(
        "    (void){call}; /* {what}: these argument types in Rust */\n"
    ));
    match signature.ret {
        Value::Void => check(
            format!("__builtin_types_compatible_p(__typeof__({call}), void)"),
            format!("{what} takes {arity} parameters and returns nothing in Rust"),
        ),
        Value::Integer { size, signed } => {
            check(
                format!("sizeof({call}) == {size}"),
                format!("{what} takes {arity} parameters and returns {size} bytes in Rust"),
            );
            check(
                format!("((__typeof__({call}))-1 < 0) == {}", i32::from(signed)),
                format!(
                    "{what} returns a {} integer in Rust",
                    if signed { "signed" } else { "unsigned" }
                ),
            );
        }
        Value::Pointer => check(
            format!("__builtin_classify_type({call}) == 5"),
            format!("{what} takes {arity} parameters and returns a pointer in Rust"),
        ),
    }
}

/// Our own C declarations (tests/layout.c) laid out by the system C compiler. Not on
/// Windows: there the headers check above is the C cross-check, and under Wine the
/// Linux compiler cannot be started.
#[cfg(not(windows))]
#[test]
fn layouts_match_the_c_compiler() {
    let rust: BTreeMap<String, usize> = rust_layout()
        .into_iter()
        .flat_map(|s| {
            let name = s.name;
            std::iter::once((name.to_string(), s.size)).chain(
                s.fields
                    .into_iter()
                    .map(move |f| (format!("{name}.{}", f.name), f.offset)),
            )
        })
        .collect();
    let c = c_layout();

    let mut problems = Vec::new();
    for (key, r) in &rust {
        match c.get(key) {
            None => problems.push(format!("  {key}: missing from tests/layout.c")),
            Some(c) if c != r => problems.push(format!("  {key}: Rust {r} but C {c}")),
            Some(_) => {}
        }
    }
    for key in c.keys().filter(|k| !rust.contains_key(*k)) {
        problems.push(format!(
            "  {key}: in tests/layout.c but not checked in Rust"
        ));
    }
    assert!(
        problems.is_empty(),
        "Rust and C layouts differ:\n{}",
        problems.join("\n")
    );
}

#[cfg(not(windows))]
/// Compiles and runs tests/layout.c; returns its `key value` lines.
fn c_layout() -> BTreeMap<String, usize> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/layout.c");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("isapi-sys-layout");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
    let exe = dir.join(format!(
        "layout-{}{}",
        std::process::id(),
        std::env::consts::EXE_SUFFIX
    ));
    let cc = std::env::var_os("CC").unwrap_or_else(|| "cc".into());

    let compiled = match Command::new(&cc).arg(&source).arg("-o").arg(&exe).output() {
        Ok(out) => out,
        Err(e) => panic!(
            "the C layout cross-check needs a C compiler, but `{}` could not be run ({e}). \
             Install gcc or clang (or set CC); this check is not optional.",
            cc.to_string_lossy()
        ),
    };
    assert!(
        compiled.status.success(),
        "`{} {} -o {}` failed ({}):\n{}{}",
        cc.to_string_lossy(),
        source.display(),
        exe.display(),
        compiled.status,
        String::from_utf8_lossy(&compiled.stdout),
        String::from_utf8_lossy(&compiled.stderr)
    );

    let run = Command::new(&exe)
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", exe.display()));
    let _ = std::fs::remove_file(&exe);
    assert!(
        run.status.success(),
        "{} failed: {}",
        exe.display(),
        run.status
    );

    let stdout = String::from_utf8(run.stdout).expect("layout.c prints ASCII");
    let mut lines = BTreeMap::new();
    for line in stdout.lines() {
        let (key, value) = line
            .split_once(' ')
            .unwrap_or_else(|| panic!("unexpected line from layout.c: {line:?}"));
        let value: usize = value
            .parse()
            .unwrap_or_else(|e| panic!("unexpected line from layout.c: {line:?} ({e})"));
        assert!(
            lines.insert(key.to_string(), value).is_none(),
            "layout.c prints {key} twice"
        );
    }
    lines
}
