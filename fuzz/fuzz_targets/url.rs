//! The URL canonicaliser: whatever path a client sends, the one form every later stage
//! sees (filters, routing, URL/PATH_INFO, static files) has no `..` or `.` segment, no
//! empty segment (`//`), no backslash and no NUL, starts with `/`, and is a fixed point
//! (canonicalising it again changes nothing, so no stage can decode it a second time).
#![no_main]
use isapi_host::fuzzing::canonical_path;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let Some(path) = canonical_path(raw) else {
        return;
    };
    assert!(path.starts_with('/'), "not absolute: {path:?} from {raw:?}");
    assert!(!path.contains('\0'), "NUL in {path:?} from {raw:?}");
    assert!(!path.contains('\\'), "backslash in {path:?} from {raw:?}");
    assert!(
        !path.contains("//"),
        "empty segment in {path:?} from {raw:?}"
    );
    for segment in path.split('/').skip(1) {
        assert!(
            segment != ".." && segment != ".",
            "dot segment in {path:?} from {raw:?}"
        );
    }
    // Percent signs survive decoding only where they did not start an escape; the
    // canonical form must not be decodable into something else.
    assert_eq!(
        canonical_path(&path).as_deref(),
        Some(path.as_str()),
        "not idempotent: {raw:?} -> {path:?}"
    );
});
