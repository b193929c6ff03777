//! Text from a client or a handler in the host's own log lines: control characters are
//! escaped (`\r`, `\n`, `\u{1b}`), so a decoded `%0d%0a` cannot forge a log line or an
//! escape sequence reach a terminal.
use std::fmt;

/// `text` as a log line may carry it (see the module's doc).
pub(crate) fn escaped<T: AsRef<str> + ?Sized>(text: &T) -> Escaped<'_> {
    Escaped(text.as_ref())
}

pub(crate) struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_debug())?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::escaped;

    #[test]
    fn control_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(
            escaped("x\r\n2026 \u{1b}[31m\t\0é \"q\"").to_string(),
            "x\\r\\n2026 \\u{1b}[31m\\t\\0é \"q\""
        );
    }
}
