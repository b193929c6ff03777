//! The one check of a value bound for a response head, shared by the library (before it
//! asks any host to write one) and by `isapi-host` (for what extensions, filters and
//! clients hand it).
use isapi_sys as sys;

/// Whether `value` (a header name or value, a status line, a redirect's URL) may be
/// written into a response head: CR or LF would end its line and start a header of the
/// sender's choosing, NUL would cut it. Refused with `ERROR_INVALID_PARAMETER`.
pub fn check_head_value(value: &[u8]) -> Result<(), u32> {
    if value.iter().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
        Err(sys::ERROR_INVALID_PARAMETER)
    } else {
        Ok(())
    }
}

/// Every line of a header block (`Name: value` lines, CRLF or LF) passes
/// [`check_head_value`]: a bare CR inside a line, or a NUL, is refused.
pub fn check_head_block(block: &[u8]) -> Result<(), u32> {
    block
        .split(|&b| b == b'\n')
        .try_for_each(|line| check_head_value(line.strip_suffix(b"\r").unwrap_or(line)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cr_lf_and_nul_are_refused() {
        assert_eq!(check_head_value(b"http://example.invalid/a?b"), Ok(()));
        for bad in [&b"a\rb"[..], b"a\nb", b"a\0b", b"a\r\nSet-Cookie: x"] {
            assert_eq!(check_head_value(bad), Err(sys::ERROR_INVALID_PARAMETER));
        }
        assert_eq!(check_head_block(b"A: b\r\nC: d\r\n\r\n"), Ok(()));
        assert_eq!(check_head_block(b"A: b\nC: d\n"), Ok(()));
        assert!(check_head_block(b"A: b\rInjected: 1\r\n").is_err());
        assert!(check_head_block(b"A: b\0\r\n").is_err());
    }
}
