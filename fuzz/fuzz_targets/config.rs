//! The web.config reader: any text either parses or gives a line and a message; no panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err((line, message)) = isapi_host::Config::parse(text, Path::new("/site")) {
        assert!(line >= 1, "error lines are 1-based: {line} {message}");
        assert!(
            line <= text.matches('\n').count() + 1,
            "error line {line} past the end of the text: {message}"
        );
        assert!(!message.is_empty(), "an error says what is wrong");
    }
});
