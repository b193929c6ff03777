//! A small JSON value for the benchmark's files (target/bench/latest.json, the committed
//! counters, hyperfine's export): written pretty with keys in insertion order, and read
//! back. Std only, like the rest of xtask.
use std::fmt::Write as _;

#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    /// Members in the order they were added (or read).
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn object() -> Json {
        Json::Object(Vec::new())
    }

    /// Adds (or replaces) `key` in an object; other values are left alone.
    pub fn set(&mut self, key: &str, value: impl Into<Json>) -> &mut Json {
        if let Json::Object(members) = self {
            let value = value.into();
            match members.iter_mut().find(|(k, _)| k == key) {
                Some((_, slot)) => *slot = value,
                None => members.push((key.to_string(), value)),
            }
        }
        self
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The member at `path` (`["S1", "hello"]`) of nested objects.
    pub fn at(&self, path: &[&str]) -> Option<&Json> {
        path.iter().try_fold(self, |value, key| value.get(key))
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn members(&self) -> &[(String, Json)] {
        match self {
            Json::Object(members) => members,
            _ => &[],
        }
    }

    /// Two-space indented text, ending with a newline.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String, indent: usize) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => write_number(out, *n),
            Json::String(s) => write_string(out, s),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Object(members) if members.is_empty() => out.push_str("{}"),
            Json::Array(items) => {
                // Arrays of plain values stay on one line.
                if items
                    .iter()
                    .all(|i| !matches!(i, Json::Array(_) | Json::Object(_)))
                {
                    out.push('[');
                    for (n, item) in items.iter().enumerate() {
                        if n > 0 {
                            out.push_str(", ");
                        }
                        item.write(out, indent);
                    }
                    out.push(']');
                    return;
                }
                out.push_str("[\n");
                for (n, item) in items.iter().enumerate() {
                    push_indent(out, indent + 1);
                    item.write(out, indent + 1);
                    out.push_str(if n + 1 < items.len() { ",\n" } else { "\n" });
                }
                push_indent(out, indent);
                out.push(']');
            }
            Json::Object(members) => {
                out.push_str("{\n");
                for (n, (key, value)) in members.iter().enumerate() {
                    push_indent(out, indent + 1);
                    write_string(out, key);
                    out.push_str(": ");
                    value.write(out, indent + 1);
                    out.push_str(if n + 1 < members.len() { ",\n" } else { "\n" });
                }
                push_indent(out, indent);
                out.push('}');
            }
        }
    }

    /// Parses a JSON text; `Err` says where it went wrong.
    pub fn parse(text: &str) -> Result<Json, String> {
        let mut parser = Parser {
            bytes: text.as_bytes(),
            at: 0,
        };
        let value = parser.value()?;
        parser.skip_space();
        if parser.at != parser.bytes.len() {
            return Err(parser.error("text after the value"));
        }
        Ok(value)
    }
}

impl From<f64> for Json {
    fn from(n: f64) -> Json {
        Json::Number(n)
    }
}
impl From<u64> for Json {
    fn from(n: u64) -> Json {
        Json::Number(n as f64)
    }
}
impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::String(s.to_string())
    }
}
impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::String(s)
    }
}
impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}
impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(value: Option<T>) -> Json {
        value.map_or(Json::Null, Into::into)
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n("  ", indent));
}

/// Integers without a fraction; others with up to 4 significant decimals; NaN and the
/// infinities (which JSON cannot hold) as null.
fn write_number(out: &mut String, n: f64) {
    if !n.is_finite() {
        out.push_str("null");
    } else if n.fract() == 0.0 && n.abs() < 1e15 {
        let _ = write!(out, "{}", n as i64);
    } else {
        let magnitude = n.abs();
        let decimals = if magnitude >= 100.0 {
            1
        } else if magnitude >= 1.0 {
            3
        } else {
            4
        };
        let text = format!("{n:.decimals$}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        out.push_str(text);
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> String {
        format!("invalid JSON at byte {}: {what}", self.at)
    }

    fn skip_space(&mut self) {
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| b.is_ascii_whitespace())
        {
            self.at += 1;
        }
    }

    fn eat(&mut self, literal: &str) -> bool {
        if self.bytes[self.at..].starts_with(literal.as_bytes()) {
            self.at += literal.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Result<Json, String> {
        self.skip_space();
        match self.bytes.get(self.at) {
            None => Err(self.error("unexpected end")),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => self.string().map(Json::String),
            Some(b't') if self.eat("true") => Ok(Json::Bool(true)),
            Some(b'f') if self.eat("false") => Ok(Json::Bool(false)),
            Some(b'n') if self.eat("null") => Ok(Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("unexpected character")),
        }
    }

    fn object(&mut self) -> Result<Json, String> {
        self.at += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.eat("}") {
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_space();
            if self.bytes.get(self.at) != Some(&b'"') {
                return Err(self.error("expected a key"));
            }
            let key = self.string()?;
            self.skip_space();
            if !self.eat(":") {
                return Err(self.error("expected ':'"));
            }
            members.push((key, self.value()?));
            self.skip_space();
            if self.eat("}") {
                return Ok(Json::Object(members));
            }
            if !self.eat(",") {
                return Err(self.error("expected ',' or '}'"));
            }
        }
    }

    fn array(&mut self) -> Result<Json, String> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.eat("]") {
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_space();
            if self.eat("]") {
                return Ok(Json::Array(items));
            }
            if !self.eat(",") {
                return Err(self.error("expected ',' or ']'"));
            }
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.at += 1;
        let mut text = String::new();
        loop {
            let rest = &self.bytes[self.at..];
            let plain = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\')
                .ok_or_else(|| self.error("unterminated string"))?;
            text.push_str(
                std::str::from_utf8(&rest[..plain]).map_err(|_| self.error("invalid UTF-8"))?,
            );
            self.at += plain;
            if self.eat("\"") {
                return Ok(text);
            }
            self.at += 1;
            let escaped = *self
                .bytes
                .get(self.at)
                .ok_or_else(|| self.error("unterminated escape"))?;
            self.at += 1;
            match escaped {
                b'"' => text.push('"'),
                b'\\' => text.push('\\'),
                b'/' => text.push('/'),
                b'n' => text.push('\n'),
                b'r' => text.push('\r'),
                b't' => text.push('\t'),
                b'b' => text.push('\u{8}'),
                b'f' => text.push('\u{c}'),
                b'u' => {
                    let hex = self
                        .bytes
                        .get(self.at..self.at + 4)
                        .and_then(|h| std::str::from_utf8(h).ok())
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .ok_or_else(|| self.error("bad \\u escape"))?;
                    self.at += 4;
                    // Surrogate pairs are not needed for our files; they read as U+FFFD.
                    text.push(char::from_u32(hex).unwrap_or('\u{fffd}'));
                }
                _ => return Err(self.error("unknown escape")),
            }
        }
    }

    fn number(&mut self) -> Result<Json, String> {
        let start = self.at;
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
        {
            self.at += 1;
        }
        std::str::from_utf8(&self.bytes[start..self.at])
            .ok()
            .and_then(|t| t.parse::<f64>().ok())
            .map(Json::Number)
            .ok_or_else(|| self.error("bad number"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_keep_their_order_and_read_back() {
        let mut value = Json::object();
        value.set("b", 1.5).set("a", "x\"y\n");
        let mut inner = Json::object();
        inner
            .set("hello", 12_345u64)
            .set("none", Option::<f64>::None);
        value.set("inner", inner);
        value.set(
            "list",
            Json::Array(vec![Json::from(1u64), Json::from(true)]),
        );
        let text = value.pretty();
        assert_eq!(
            text,
            "{\n  \"b\": 1.5,\n  \"a\": \"x\\\"y\\n\",\n  \"inner\": {\n    \"hello\": 12345,\n    \
             \"none\": null\n  },\n  \"list\": [1, true]\n}\n"
        );
        assert_eq!(Json::parse(&text).unwrap(), value);
    }

    #[test]
    fn set_replaces_an_existing_key() {
        let mut value = Json::object();
        value.set("a", 1u64).set("a", 2u64);
        assert_eq!(value.members().len(), 1);
        assert_eq!(value.get("a").and_then(Json::as_f64), Some(2.0));
    }

    #[test]
    fn numbers_are_written_short_and_never_as_nan() {
        let text = |n: f64| Json::Number(n).pretty().trim_end().to_string();
        assert_eq!(text(3.0), "3");
        assert_eq!(text(0.123456), "0.1235");
        assert_eq!(text(12.5), "12.5");
        assert_eq!(text(1234.56), "1234.6");
        assert_eq!(text(f64::NAN), "null");
    }

    #[test]
    fn nested_paths_and_foreign_files_are_read() {
        let value = Json::parse(
            r#"{"results": [{"median": 0.0123, "times": [1e-3, 2E-3]}], "u": "\u00e9\/"}"#,
        )
        .unwrap();
        let Some(Json::Array(results)) = value.get("results") else {
            panic!("no results")
        };
        assert_eq!(
            results[0].get("median").and_then(Json::as_f64),
            Some(0.0123)
        );
        assert_eq!(value.get("u"), Some(&Json::from("é/")));
        let mut nested = Json::object();
        let mut s1 = Json::object();
        s1.set("hello", 7u64);
        nested.set("S1", s1);
        assert_eq!(
            nested.at(&["S1", "hello"]).and_then(Json::as_f64),
            Some(7.0)
        );
        assert_eq!(nested.at(&["S2", "hello"]), None);
    }

    #[test]
    fn broken_text_is_refused_with_a_position() {
        assert!(Json::parse("{\"a\": }").unwrap_err().contains("byte 6"));
        assert!(Json::parse("[1, 2").is_err());
        assert!(Json::parse("{} x").is_err());
    }
}
