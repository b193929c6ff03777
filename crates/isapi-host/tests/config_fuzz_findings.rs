//! Inputs `cargo xtask fuzz` found to crash the web.config reader, kept as tests.
use std::path::Path;

#[test]
fn a_byte_order_mark_inside_the_text_gives_an_error_not_a_panic() {
    // quick-xml reported a position inside the second (multi-byte) BOM, and the line of
    // the error was counted by slicing the text there.
    let text = "\u{feff}<p\rreHo/dition+on&ig\u{feff}>";
    let Err((line, message)) = isapi_host::Config::parse(text, Path::new("/site")) else {
        panic!("not a web.config, yet accepted");
    };
    assert_eq!(line, 1, "{message}");
}
