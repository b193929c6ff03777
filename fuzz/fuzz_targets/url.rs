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
    // No escape survives (a `%` left after decoding is a double escape, refused), so the
    // canonical form cannot be decoded into something else. A decoded `?` is part of the
    // path, where a raw one starts the query: such a path is not fed back.
    assert!(!path.contains('%'), "escape left in {path:?} from {raw:?}");
    if path.contains('?') {
        return;
    }
    assert_eq!(
        canonical_path(&path).as_deref(),
        Some(path.as_str()),
        "not idempotent: {raw:?} -> {path:?}"
    );
});
