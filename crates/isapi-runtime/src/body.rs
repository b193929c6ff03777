//! The native half of `js/body.js` and `js/blob.js`: MIME types (Content-Type) and the
//! multipart/form-data parser.
//!
//! The parser is our own, over `memchr`'s substring search and `httparse`'s header
//! parser: the body is already in memory (one buffer) when `formData()` runs, and what it
//! returns is offsets into that buffer, so a file part becomes a `File` viewing the
//! request's bytes without a copy. `multer` (the usual crate) parses an async stream of
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

/// Most header lines a part may have (browsers send two or three).
const MAX_PART_HEADERS: usize = 16;

/// Parses a multipart/form-data body (RFC 7578 over RFC 2046). Lenient where RFC 2046
/// is: a preamble before the first boundary, whitespace after a boundary and an
/// epilogue after the last are skipped (Node 20's parser refuses all three).
pub(crate) fn parse(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
    if boundary.is_empty() || boundary.len() > 70 {
        return Err("the boundary must be 1 to 70 characters".into());
    }
    let delimiter = format!("\r\n--{boundary}");
    let finder = memmem::Finder::new(delimiter.as_bytes());
    // The first boundary may open the body (no CRLF before it).
    let mut at = if body.starts_with(&delimiter.as_bytes()[2..]) {
        delimiter.len() - 2
    } else {
        match finder.find(body) {
            Some(i) => i + delimiter.len(),
            None => return Err("no boundary found".into()),
        }
    };
    let mut parts = Vec::new();
    loop {
        let rest = &body[at..];
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        let padding = rest
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        if !rest[padding..].starts_with(b"\r\n") {
            return Err("a boundary is not followed by a line break".into());
        }
        at += padding + 2;
        let mut headers = [httparse::EMPTY_HEADER; MAX_PART_HEADERS];
        let (header_len, headers) = match httparse::parse_headers(&body[at..], &mut headers) {
            Ok(httparse::Status::Complete((len, headers))) => (len, headers),
            Ok(httparse::Status::Partial) => return Err("a part's headers are cut off".into()),
            Err(e) => return Err(format!("a part's headers are malformed ({e})")),
        };
        let start = at + header_len;
        let Some(length) = finder.find(&body[start..]) else {
            return Err("the closing boundary is missing".into());
        };
        let mut part = Part {
            name: String::new(),
            filename: None,
            content_type: None,
            start,
            end: start + length,
        };
        let mut named = false;
        for header in headers.iter() {
            let value = String::from_utf8_lossy(header.value);
            if header.name.eq_ignore_ascii_case("content-disposition") {
                let (name, filename) = disposition(&value)?;
                part.name = name;
                part.filename = filename;
                named = true;
            } else if header.name.eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.trim().to_owned());
            }
        }
        if !named {
            return Err("a part has no Content-Disposition".into());
        }
        at = part.end + delimiter.len();
        parts.push(part);
    }
}

/// `form-data; name="…"; filename="…"` → (name, filename). Quoted values may escape with
/// a backslash; `%22`, `%0D` and `%0A` are the escapes HTML's form encoding writes for
/// `"`, CR and LF, so they are turned back.
fn disposition(value: &str) -> Result<(String, Option<String>), String> {
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
        let text = text
            .replace("%22", "\"")
            .replace("%0D", "\r")
            .replace("%0A", "\n");
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

    const FORM: &str = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhello\r\n\
        --XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\n\
        Content-Type: text/plain\r\n\r\nline 1\r\nline 2\r\n--XyZ--\r\n";

    #[test]
    fn a_form_parses_into_named_parts() {
        let parts = parse(FORM.as_bytes(), "XyZ").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "a");
        assert_eq!(parts[0].filename, None);
        assert_eq!(text_of(FORM.as_bytes(), &parts[0]), "hello");
        assert_eq!(parts[1].filename.as_deref(), Some("x.txt"));
        assert_eq!(parts[1].content_type.as_deref(), Some("text/plain"));
        assert_eq!(text_of(FORM.as_bytes(), &parts[1]), "line 1\r\nline 2");
    }

    #[test]
    fn rfc_2046_leniencies_that_node_refuses_are_accepted() {
        // A preamble, padding after a boundary and an epilogue (RFC 2046 §5.1.1).
        let body = format!(
            "preamble\r\n{}",
            FORM.replace(
                "--XyZ\r\nContent-Disposition: form-data; name=\"f\"",
                "--XyZ  \r\nContent-Disposition: form-data; name=\"f\""
            )
        ) + "epilogue";
        let parts = parse(body.as_bytes(), "XyZ").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(text_of(body.as_bytes(), &parts[0]), "hello");
        // The boundary inside content where it is not a delimiter (no CRLF before it).
        let body = "--b\r\ncontent-disposition: form-data; name=a\r\n\r\nx--b\n--b-\r\n-b\r\n--b--";
        let parts = parse(body.as_bytes(), "b").unwrap();
        assert_eq!(text_of(body.as_bytes(), &parts[0]), "x--b\n--b-\r\n-b");
        // Unquoted and backslash-escaped parameters.
        let body = "--b\r\ncontent-disposition: form-data; name=a; filename=\"x\\\"y%22z\"\r\n\r\nv\r\n--b--";
        let parts = parse(body.as_bytes(), "b").unwrap();
        assert_eq!(parts[0].name, "a");
        assert_eq!(parts[0].filename.as_deref(), Some("x\"y\"z"));
    }

    #[test]
    fn malformed_forms_are_refused() {
        let cases: &[(&str, &str)] = &[
            ("", "XyZ"),
            (
                "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhello",
                "XyZ",
            ),
            ("--XyZ\r\nX: y\r\n\r\nhello\r\n--XyZ--", "XyZ"),
            (
                "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--XyZ--",
                "XyZ",
            ),
            (
                "--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--",
                "XyZ",
            ),
            ("--XyZ\r\nbad header\r\n\r\nx\r\n--XyZ--", "XyZ"),
            (
                "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n",
                "XyZ",
            ),
            ("--XyZ junk\r\n", "XyZ"),
            (FORM, ""),
            (FORM, &"a".repeat(71)),
        ];
        for (body, boundary) in cases {
            assert!(
                parse(body.as_bytes(), boundary).is_err(),
                "{body:?} with boundary {boundary:?}"
            );
        }
        assert_eq!(parse(b"--XyZ--", "XyZ").unwrap(), vec![]);
    }
}
