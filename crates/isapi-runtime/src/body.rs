//! The native half of `js/body.js` and `js/blob.js`: MIME types (Content-Type) and the
//! multipart/form-data parser.
//!
//! The parser is our own, over `memchr`'s substring search: the body is already in
//! memory (one buffer) when `formData()` runs, and what it returns is offsets into that
//! buffer, so a file part becomes a `File` viewing the request's bytes without a copy. `multer` (the usual crate) parses an async stream of
//! chunks and copies every field into a buffer of its own; it would need an executor here
//! and double the memory of an upload.
use memchr::memmem;
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Array, Ctx, Function, Value};

use crate::borrowed_str::with_str;
use crate::bytes::with_bytes_of;
use crate::errors::throw_named;

/// `isapi:native/body`: `mimeType`, `parseMultipart`, `lineEnding`.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        declare.declare("mimeType")?;
        declare.declare("parseMultipart")?;
        declare.declare("lineEnding")?;
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("mimeType", Function::new(ctx.clone(), mime_type)?)?;
        exports.export(
            "parseMultipart",
            Function::new(ctx.clone(), parse_multipart)?,
        )?;
        exports.export("lineEnding", if cfg!(windows) { "\r\n" } else { "\n" })?;
        Ok(())
    }
}

/// `mimeType(value)`: Fetch's "extract a MIME type" of a Content-Type value, as
/// `[serialized, essence, boundary]` (boundary `undefined` when absent), or `null`.
fn mime_type<'js>(ctx: Ctx<'js>, value: Value<'js>) -> rquickjs::Result<Value<'js>> {
    let Some(text) = value.as_string() else {
        return Ok(Value::new_null(ctx));
    };
    let Some(mime) = with_str(&ctx, text, extract_mime)? else {
        return Ok(Value::new_null(ctx));
    };
    let result = Array::new(ctx.clone())?;
    result.set(0, mime.serialize())?;
    result.set(1, mime.essence())?;
    result.set(2, mime.param("boundary"))?;
    Ok(result.into_value())
}

/// `parseMultipart(bytes, boundary)`: each part as `[name, filename, contentType, start,
/// end]` (its content is `bytes.subarray(start, end)`), or a TypeError naming what is
/// wrong.
fn parse_multipart<'js>(
    ctx: Ctx<'js>,
    body: Value<'js>,
    boundary: String,
) -> rquickjs::Result<Array<'js>> {
    let parts = with_bytes_of(&ctx, &body, |bytes| parse(bytes, &boundary))?.map_err(|why| {
        throw_named(
            &ctx,
            "TypeError",
            &format!("Failed to parse body as FormData: {why}"),
            None,
        )
    })?;
    let result = Array::new(ctx.clone())?;
    for (index, part) in parts.into_iter().enumerate() {
        let entry = Array::new(ctx.clone())?;
        entry.set(0, part.name)?;
        entry.set(1, part.filename)?;
        entry.set(2, part.content_type)?;
        entry.set(3, part.start)?;
        entry.set(4, part.end)?;
        result.set(index, entry)?;
    }
    Ok(result)
}

/// A MIME type per the MIME Sniffing standard: lower-cased type and subtype, parameters
/// in order (names lower-cased, the first of a name kept).
#[derive(Debug, PartialEq)]
pub(crate) struct Mime {
    kind: String,
    subtype: String,
    params: Vec<(String, String)>,
}

fn is_token(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

fn is_quoted_string_char(c: char) -> bool {
    c == '\t' || (' '..='~').contains(&c) || ('\u{80}'..='\u{ff}').contains(&c)
}

fn is_http_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

impl Mime {
    fn essence(&self) -> String {
        format!("{}/{}", self.kind, self.subtype)
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn serialize(&self) -> String {
        let mut out = self.essence();
        for (name, value) in &self.params {
            out.push(';');
            out.push_str(name);
            out.push('=');
            if !value.is_empty() && value.chars().all(is_token) {
                out.push_str(value);
            } else {
                out.push('"');
                for c in value.chars() {
                    if c == '"' || c == '\\' {
                        out.push('\\');
                    }
                    out.push(c);
                }
                out.push('"');
            }
        }
        out
    }

    /// Parses one MIME type (the MIME Sniffing standard's algorithm).
    pub(crate) fn parse(input: &str) -> Option<Mime> {
        let input = input.trim_matches(is_http_whitespace);
        let (kind, rest) = input.split_once('/')?;
        if kind.is_empty() || !kind.chars().all(is_token) {
            return None;
        }
        let subtype_end = input.len() - rest.len() + rest.find(';').unwrap_or(rest.len());
        let subtype = &input[input.len() - rest.len()..subtype_end];
        let subtype = subtype.trim_end_matches(is_http_whitespace);
        if subtype.is_empty() || !subtype.chars().all(is_token) {
            return None;
        }
        let mut mime = Mime {
            kind: kind.to_ascii_lowercase(),
            subtype: subtype.to_ascii_lowercase(),
            params: Vec::new(),
        };
        // `pos` is at the `;` before each parameter (or the end).
        let mut pos = subtype_end;
        let bytes = input.as_bytes();
        while pos < input.len() {
            pos += 1;
            pos += input[pos..].len() - input[pos..].trim_start_matches(is_http_whitespace).len();
            let end = input[pos..]
                .find([';', '='])
                .map_or(input.len(), |i| pos + i);
            let name = input[pos..end].to_ascii_lowercase();
            pos = end;
            if pos >= input.len() {
                break;
            }
            if bytes[pos] == b';' {
                continue;
            }
            pos += 1;
            if pos >= input.len() {
                break;
            }
            let value;
            if bytes[pos] == b'"' {
                let (text, after) = quoted_string(&input[pos + 1..]);
                value = text;
                pos = input.len() - after.len();
                pos = input[pos..].find(';').map_or(input.len(), |i| pos + i);
            } else {
                let end = input[pos..].find(';').map_or(input.len(), |i| pos + i);
                value = input[pos..end]
                    .trim_end_matches(is_http_whitespace)
                    .to_owned();
                pos = end;
                if value.is_empty() {
                    continue;
                }
            }
            if !name.is_empty()
                && name.chars().all(is_token)
                && value.chars().all(is_quoted_string_char)
                && mime.param(&name).is_none()
            {
                mime.params.push((name, value));
            }
        }
        Some(mime)
    }
}

/// The value of an HTTP quoted-string whose opening quote is already consumed, and what
/// follows its closing quote (an unclosed string runs to the end).
fn quoted_string(input: &str) -> (String, &str) {
    let mut value = String::new();
    let mut chars = input.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (value, &input[i + 1..]),
            '\\' => match chars.next() {
                Some((_, escaped)) => value.push(escaped),
                None => {
                    value.push('\\');
                    return (value, "");
                }
            },
            c => value.push(c),
        }
    }
    (value, "")
}

/// Fetch's "extract a MIME type" from a header value: the last parsable type of a
/// comma-separated list, keeping an earlier `charset` for the same essence.
pub(crate) fn extract_mime(value: &str) -> Option<Mime> {
    let mut found: Option<Mime> = None;
    let mut charset: Option<String> = None;
    let mut essence: Option<String> = None;
    for item in split_list(value) {
        let Some(mut mime) = Mime::parse(&item) else {
            continue;
        };
        if mime.kind == "*" && mime.subtype == "*" {
            continue;
        }
        let this_essence = mime.essence();
        if essence.as_deref() != Some(&this_essence) {
            charset = None;
            if let Some(c) = mime.param("charset") {
                charset = Some(c.to_owned());
            }
            essence = Some(this_essence);
        } else if mime.param("charset").is_none() {
            if let Some(c) = &charset {
                mime.params.push(("charset".to_owned(), c.clone()));
            }
        }
        found = Some(mime);
    }
    found
}

/// Fetch's "getting, decoding, and splitting": commas outside quoted strings separate.
fn split_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for c in value.chars() {
        if quoted {
            current.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                quoted = false;
            }
        } else if c == ',' {
            items.push(std::mem::take(&mut current));
        } else {
            quoted = c == '"';
            current.push(c);
        }
    }
    items.push(current);
    items
        .into_iter()
        .map(|s| s.trim_matches([' ', '\t']).to_owned())
        .collect()
}

/// One part of a multipart/form-data body.
#[derive(Debug, PartialEq)]
pub(crate) struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    start: usize,
    end: usize,
}

/// Parses a multipart/form-data body (RFC 7578 over RFC 2046, as the web-platform-tests
/// read them): the body opens with the boundary (no preamble); transport padding may
/// follow a delimiter; an epilogue may follow the closing one. Header lines end with
/// CRLF (a bare CR, LF or a NUL is an error), names are tokens (whitespace around them
/// is allowed), the last of a repeated header wins. Names and filenames are kept as
/// sent: the `%22`/`%0D`/`%0A` escapes of the encoder are not turned back (they cannot
/// be, since `%` itself is not escaped). Node 20 decodes them, refuses padding and
/// epilogues, and keeps a Content-Type unparsed.
pub(crate) fn parse(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
    if boundary.is_empty() || boundary.len() > 70 {
        return Err("the boundary must be 1 to 70 characters".into());
    }
    let delimiter = format!("\r\n--{boundary}");
    let finder = memmem::Finder::new(delimiter.as_bytes());
    if !body.starts_with(&delimiter.as_bytes()[2..]) {
        return Err("the body does not open with the boundary".into());
    }
    let mut at = delimiter.len() - 2;
    let mut parts = Vec::new();
    loop {
        let rest = &body[at..];
        let closing = rest.starts_with(b"--");
        let after = if closing { &rest[2..] } else { rest };
        let padding = after
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let after = &after[padding..];
        if closing {
            if after.is_empty() || after.starts_with(b"\r\n") {
                return Ok(parts);
            }
            return Err("something other than a line break follows the closing boundary".into());
        }
        if !after.starts_with(b"\r\n") {
            return Err("a boundary is not followed by a line break".into());
        }
        at += padding + 2;
        let (headers_end, disposition, content_type) = part_headers(body, at)?;
        let disposition = disposition.ok_or("a part has no Content-Disposition")?;
        let (name, filename) = parse_disposition(&String::from_utf8_lossy(disposition))?;
        let start = headers_end;
        let Some(length) = finder.find(&body[start..]) else {
            return Err("the closing boundary is missing".into());
        };
        let content_type = content_type.map(|value| {
            extract_mime(&String::from_utf8_lossy(value))
                .map(|mime| mime.serialize())
                .unwrap_or_default()
        });
        parts.push(Part {
            name,
            filename,
            content_type,
            start,
            end: start + length,
        });
        at = start + length + delimiter.len();
    }
}

fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii() && is_token(char::from(byte))
}

fn trim_whitespace(bytes: &[u8]) -> &[u8] {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t');
    let start = bytes
        .iter()
        .position(|b| !is_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !is_space(b))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// A part's header lines from `at`: where its content starts, and the last
/// Content-Disposition and Content-Type values.
type Headers<'a> = (usize, Option<&'a [u8]>, Option<&'a [u8]>);

fn part_headers(body: &[u8], mut at: usize) -> Result<Headers<'_>, String> {
    let mut disposition = None;
    let mut content_type = None;
    loop {
        let Some(length) = memmem::find(&body[at..], b"\r\n") else {
            return Err("a part's headers are cut off".into());
        };
        let line = &body[at..at + length];
        at += length + 2;
        if line.is_empty() {
            return Ok((at, disposition, content_type));
        }
        if line.iter().any(|&b| b == b'\r' || b == b'\n' || b == 0) {
            return Err("a part's header holds a bare CR, LF or a NUL".into());
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return Err("a part's header line has no colon".into());
        };
        let name = trim_whitespace(&line[..colon]);
        if name.is_empty() || !name.iter().copied().all(is_token_byte) {
            return Err("a part's header name is not a token".into());
        }
        let value = trim_whitespace(&line[colon + 1..]);
        if name.eq_ignore_ascii_case(b"content-disposition") {
            disposition = Some(value);
        } else if name.eq_ignore_ascii_case(b"content-type") {
            content_type = Some(value);
        }
    }
}

/// `form-data; name="…"; filename="…"` → (name, filename). A quoted value may escape a
/// character with a backslash; an unquoted one runs to the next `;`.
fn parse_disposition(value: &str) -> Result<(String, Option<String>), String> {
    let (kind, mut rest) = value.split_once(';').unwrap_or((value, ""));
    if !kind.trim().eq_ignore_ascii_case("form-data") {
        return Err("a part's Content-Disposition is not form-data".into());
    }
    let mut name = None;
    let mut filename = None;
    loop {
        rest = rest.trim_start_matches([' ', '\t', ';']);
        if rest.is_empty() {
            break;
        }
        let Some((key, after)) = rest.split_once('=') else {
            return Err("a Content-Disposition parameter has no value".into());
        };
        let key = key.trim().to_ascii_lowercase();
        let after = after.trim_start();
        let text;
        if let Some(quoted) = after.strip_prefix('"') {
            let (value, after) = quoted_string(quoted);
            text = value;
            rest = after;
        } else {
            let end = after.find(';').unwrap_or(after.len());
            text = after[..end].trim_end().to_owned();
            rest = &after[end..];
        }
        match key.as_str() {
            "name" if name.is_none() => name = Some(text),
            "filename" if filename.is_none() => filename = Some(text),
            _ => {}
        }
    }
    match name {
        Some(name) => Ok((name, filename)),
        None => Err("a part's Content-Disposition has no name".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serialized(value: &str) -> Option<String> {
        extract_mime(value).map(|m| m.serialize())
    }

    #[test]
    fn mime_types_parse_and_serialize_as_the_standard_says() {
        assert_eq!(
            serialized("Text/HTML; Charset=X").as_deref(),
            Some("text/html;charset=X")
        );
        assert_eq!(
            serialized("text/plain;charset=\"utf-8\"").as_deref(),
            Some("text/plain;charset=utf-8")
        );
        assert_eq!(
            serialized("text/plain;x=\"a b\\\"c\"").as_deref(),
            Some("text/plain;x=\"a b\\\"c\"")
        );
        assert_eq!(serialized("bogus"), None);
        assert_eq!(serialized(""), None);
        assert_eq!(serialized("a/b, c/d").as_deref(), Some("c/d"));
        assert_eq!(
            serialized("text/html;x=1;x=2").as_deref(),
            Some("text/html;x=1")
        );
        assert_eq!(
            serialized("text/html;charset=gbk, text/html").as_deref(),
            Some("text/html;charset=gbk")
        );
        assert_eq!(serialized("text/html, */*").as_deref(), Some("text/html"));
        assert_eq!(
            serialized("multipart/form-data; boundary=\"a,b\"").as_deref(),
            Some("multipart/form-data;boundary=\"a,b\"")
        );
        assert_eq!(serialized("a/b;;;c=d; e ;f=").as_deref(), Some("a/b;c=d"));
        assert_eq!(serialized("a /b"), None);
    }

    fn text_of(body: &[u8], part: &Part) -> String {
        String::from_utf8_lossy(&body[part.start..part.end]).into_owned()
    }

    /// A parsed part as the tests compare it: name, filename, type, content.
    type Seen = (String, Option<String>, Option<String>, String);

    /// `lines` joined by CRLF, parsed with the boundary `b`.
    fn parse_lines(lines: &[&str]) -> Result<Vec<Seen>, String> {
        let body = lines.join("\r\n");
        let parts = parse(body.as_bytes(), "b")?;
        Ok(parts
            .iter()
            .map(|p| {
                let text = text_of(body.as_bytes(), p);
                (
                    p.name.clone(),
                    p.filename.clone(),
                    p.content_type.clone(),
                    text,
                )
            })
            .collect())
    }

    fn one(lines: &[&str]) -> Seen {
        let mut parts = parse_lines(lines).unwrap_or_else(|e| panic!("{lines:?}: {e}"));
        assert_eq!(parts.len(), 1, "{lines:?}");
        parts.remove(0)
    }

    const CD: &str = "Content-Disposition: form-data; name=\"a\"";
    const CDF: &str = "Content-Disposition: form-data; name=\"a\"; filename=\"f\"";

    #[test]
    fn parts_parse_into_names_filenames_types_and_contents() {
        let parts = parse_lines(&[
            "--b",
            CD,
            "",
            "one",
            "--b",
            CDF,
            "Content-Type: image/png",
            "",
            "P\r\nNG",
            "--b",
            "Content-Type: text/html",
            CDF,
            "",
            "",
            "--b--",
            "",
        ])
        .unwrap();
        assert_eq!(parts[0], ("a".into(), None, None, "one".into()));
        assert_eq!(
            parts[1],
            (
                "a".into(),
                Some("f".into()),
                Some("image/png".into()),
                "P\r\nNG".into()
            )
        );
        assert_eq!(
            parts[2],
            (
                "a".into(),
                Some("f".into()),
                Some("text/html".into()),
                "".into()
            )
        );
        assert_eq!(parse_lines(&["--b--"]).unwrap(), vec![]);
    }

    #[test]
    fn content_holds_what_only_looks_like_a_boundary() {
        for content in ["x--b", "my b here", "a\r\n-b", "--bx", "line1\r\nline2"] {
            assert_eq!(one(&["--b", CD, "", content, "--b--", ""]).3, content);
        }
        // A delimiter followed by more than padding is not one, so nothing closes.
        assert!(parse_lines(&["--b", CD, "", "v", "--bx", ""]).is_err());
    }

    #[test]
    fn padding_and_an_epilogue_are_allowed_a_preamble_is_not() {
        assert_eq!(one(&["--b \t", CD, "", "v", "--b--", ""]).3, "v");
        assert_eq!(one(&["--b", CD, "", "v", "--b-- \t", ""]).3, "v");
        assert_eq!(one(&["--b", CD, "", "v", "--b--  "]).3, "v");
        assert_eq!(
            one(&["--b", CD, "", "v", "--b--", "epilogue", "more"]).3,
            "v"
        );
        assert!(parse_lines(&["preamble", "--b", CD, "", "v", "--b--", ""]).is_err());
        assert!(parse_lines(&["--b", CD, "", "v", "--b--junk", ""]).is_err());
    }

    #[test]
    fn header_lines_follow_the_rules() {
        // Whitespace around a name, any case, unknown headers ignored, the last wins.
        assert_eq!(
            one(&[
                "--b",
                " Content-Disposition \t: form-data; name=\"a\"",
                "",
                "v",
                "--b--"
            ])
            .0,
            "a"
        );
        let part = one(&[
            "--b",
            "CONTENT-DISPOSITION: form-data; name=\"a\"; filename=\"f\"",
            "X-Other: y",
            "CoNtEnT-TyPe: text/html",
            "Content-Type: \t TEXT/Plain;;x=\"y\" \t",
            "Content-Transfer-Encoding: base64",
            "",
            "dmFsdWU=",
            "--b--",
        ]);
        assert_eq!(part.2.as_deref(), Some("text/plain;x=y"));
        assert_eq!(part.3, "dmFsdWU=");
        // A Content-Type that is no MIME type is empty; the last of a list wins.
        for (value, expected) in [
            ("text", ""),
            ("text/é", ""),
            ("text/\u{1}plain", ""),
            ("", ""),
            ("text/html, text/plain", "text/plain"),
        ] {
            let line = format!("Content-Type: {value}");
            assert_eq!(
                one(&["--b", CDF, &line, "", "v", "--b--"]).2.as_deref(),
                Some(expected),
                "{value:?}"
            );
        }
        // Names and filenames as sent: no percent decoding; other controls kept.
        let part = one(&[
            "--b",
            "Content-Disposition: form-data; name=\"a%0Ab%22c%25\u{1}\"; filename=\"x%0Dy.txt\"",
            "",
            "v",
            "--b--",
        ]);
        assert_eq!(part.0, "a%0Ab%22c%25\u{1}");
        assert_eq!(part.1.as_deref(), Some("x%0Dy.txt"));
        assert_eq!(
            one(&[
                "--b",
                "Content-Disposition: form-data; name=\"中文\"; filename=\"\"",
                "",
                "😀",
                "--b--"
            ])
            .1
            .as_deref(),
            Some("")
        );
    }

    #[test]
    fn malformed_forms_are_refused() {
        let cases: &[&[&str]] = &[
            &[""],
            &["--b"],
            &["--b", CD, "", "v"],
            &["--b", CD, "", "v--b--", ""],
            &["--b", "", "v", "--b--", ""],
            &["--b", "Content-Type: text/plain", "", "v", "--b--", ""],
            &[
                "--b",
                "Content-Disposition form-data; name=\"a\"",
                "",
                "v",
                "--b--",
                "",
            ],
            &["--b", CD, "Cont ent-Type: text/plain", "", "v", "--b--", ""],
            &[
                "--b",
                "Content-Disposition: form-data;",
                " name=\"a\"",
                "",
                "v",
                "--b--",
                "",
            ],
            &[
                "--b",
                "Content-Disposition: form-data; name=\"a\u{0}b\"",
                "",
                "v",
                "--b--",
                "",
            ],
            &["--b", CD, "X-Custom: a\u{0}b", "", "v", "--b--", ""],
            &[
                "--b",
                "Content-Disposition: form-data; name=\"a\nb\"",
                "",
                "v",
                "--b--",
                "",
            ],
            &[
                "--b",
                "Content-Disposition: form-data; name=\"a\rb\"",
                "",
                "v",
                "--b--",
                "",
            ],
            &[
                "--b",
                CDF,
                "Content-Type: text/\nhtml",
                "",
                "v",
                "--b--",
                "",
            ],
            &[
                "--b",
                "Content-Disposition: attachment; name=\"a\"",
                "",
                "v",
                "--b--",
                "",
            ],
            &[
                "--b",
                "Content-Disposition: form-data",
                "",
                "v",
                "--b--",
                "",
            ],
            &["--b junk", CD, "", "v", "--b--", ""],
        ];
        for lines in cases {
            assert!(parse_lines(lines).is_err(), "{lines:?}");
        }
        let form = ["--b", CD, "", "v", "--b--"].join("\r\n");
        assert!(parse(form.as_bytes(), "").is_err());
        assert!(parse(form.as_bytes(), &"b".repeat(71)).is_err());
        // A boundary with characters a token cannot have, and a non-ASCII one.
        let odd = ["--a.b(c)", CD, "", "v", "--a.b(c)--"].join("\r\n");
        assert_eq!(parse(odd.as_bytes(), "a.b(c)").unwrap().len(), 1);
        let accented = ["--bé", CD, "", "v", "--bé--"].join("\r\n");
        assert_eq!(parse(accented.as_bytes(), "bé").unwrap().len(), 1);
    }
}
