//! Struct layouts of isapi-sys, checked two ways:
//! - on 64-bit targets, against the Win64 column of isapi-spec.md §1.4 (numbers written
//!   here by hand from the spec);
//! - on every target, against the same structs declared in C (tests/layout.c) and laid
//!   out by the system C compiler (`$CC`, else `cc` from PATH).
use core::mem::{offset_of, size_of};
use isapi_sys::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// One size (`key` = struct name) or field offset (`key` = `struct.field`).
struct Entry {
    key: String,
    actual: usize,
    #[cfg_attr(not(target_pointer_width = "64"), allow(dead_code))]
    win64: usize,
}

/// `layout!(out; NAME = size { field @ offset, ... })` pushes the size and every field
/// offset of `NAME`. The field list must be complete: it is also used as an exhaustive
/// destructuring pattern, so a field missing here is a compile error.
macro_rules! layout {
    ($out:ident; $ty:ident = $size:literal { $($field:ident @ $off:literal),* $(,)? }) => {{
        let _exhaustive = |v: &$ty| {
            let $ty { $($field: _),* } = v;
        };
        $out.push(Entry {
            key: stringify!($ty).to_string(),
            actual: size_of::<$ty>(),
            win64: $size,
        });
        $(
            $out.push(Entry {
                key: concat!(stringify!($ty), ".", stringify!($field)).to_string(),
                actual: offset_of!($ty, $field),
                win64: $off,
            });
        )*
    }};
}

fn rust_layout() -> Vec<Entry> {
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

#[cfg(target_pointer_width = "64")]
#[test]
fn layouts_match_the_win64_column_of_the_spec() {
    let wrong: Vec<String> = rust_layout()
        .iter()
        .filter(|e| e.actual != e.win64)
        .map(|e| {
            format!(
                "  {}: Rust {} but spec (Win64) {}",
                e.key, e.actual, e.win64
            )
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "layouts differ from isapi-spec.md §1.4:\n{}",
        wrong.join("\n")
    );
}

/// Every `pub struct` in the crate's sources is listed in `rust_layout` (and so, through
/// the comparison with C, in layout.c).
#[test]
fn every_struct_is_checked() {
    let sources = [
        include_str!("../src/extension.rs"),
        include_str!("../src/filter.rs"),
        include_str!("../src/types.rs"),
    ];
    let checked: Vec<String> = rust_layout().into_iter().map(|e| e.key).collect();
    let missing: Vec<&str> = sources
        .iter()
        .flat_map(|s| s.lines())
        .filter_map(|l| l.trim_start().strip_prefix("pub struct "))
        .map(|rest| {
            rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap()
        })
        .filter(|name| !checked.iter().any(|k| k == name))
        .collect();
    assert!(
        missing.is_empty(),
        "structs without a layout check: {missing:?}"
    );
}

#[test]
fn layouts_match_the_c_compiler() {
    let rust: BTreeMap<String, usize> = rust_layout()
        .into_iter()
        .map(|e| (e.key, e.actual))
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
