//! The native half of `js/node/buffer.js`: Node's string codecs (utf8, utf16le, latin1,
//! ascii, base64, base64url, hex) in both directions, with Node's lenient decoding, and
//! byte search and comparison. Rust because a JS loop over `charCodeAt` is 10-50 times
//! slower in QuickJS (figures in ARCHITECTURE.md).
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{qjs, ArrayBuffer, Ctx, Function, TypedArray, Value};

use crate::borrowed_str::with_usv_str;
use crate::errors::throw_named;

/// The encodings, as numbered by `js/node/buffer.js`.
const UTF8: u8 = 0;
const UTF16LE: u8 = 1;
const LATIN1: u8 = 2;
const ASCII: u8 = 3;
const BASE64: u8 = 4;
const BASE64URL: u8 = 5;
const HEX: u8 = 6;

/// `isapi:native/buffer`.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        for name in [
            "encode",
            "write",
            "decode",
            "utf8Length",
            "indexOf",
            "compare",
            "isUtf8",
        ] {
            declare.declare(name)?;
        }
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("encode", Function::new(ctx.clone(), encode)?)?;
        exports.export("write", Function::new(ctx.clone(), write)?)?;
        exports.export("decode", Function::new(ctx.clone(), decode)?)?;
        exports.export("utf8Length", Function::new(ctx.clone(), utf8_length)?)?;
        exports.export("indexOf", Function::new(ctx.clone(), index_of)?)?;
        exports.export("compare", Function::new(ctx.clone(), compare)?)?;
        exports.export("isUtf8", Function::new(ctx.clone(), is_utf8)?)?;
        Ok(())
    }
}

/// The bytes of `text` in encoding `encoding`, as a new ArrayBuffer.
fn encode<'js>(
    ctx: Ctx<'js>,
    text: rquickjs::String<'js>,
    encoding: u8,
) -> rquickjs::Result<ArrayBuffer<'js>> {
    let bytes = encoded(&ctx, &text, encoding)?;
    ArrayBuffer::new(ctx, bytes)
}

fn encoded<'js>(
    ctx: &Ctx<'js>,
    text: &rquickjs::String<'js>,
    encoding: u8,
) -> rquickjs::Result<Vec<u8>> {
    match encoding {
        UTF8 => with_usv_str(ctx, text, |text| text.as_bytes().to_vec()),
        UTF16LE => with_units(ctx, text, |units| {
            units.iter().flat_map(|u| u.to_le_bytes()).collect()
        }),
        // Node keeps the low byte of each UTF-16 unit, for ascii as for latin1.
        LATIN1 | ASCII => with_units(ctx, text, |units| units.iter().map(|&u| u as u8).collect()),
        BASE64 | BASE64URL => with_low_bytes(ctx, text, base64_decode),
        HEX => with_low_bytes(ctx, text, hex_decode),
        _ => Err(throw_named(ctx, "TypeError", "unknown encoding", None)),
    }
}

/// Writes the bytes of `text` at `offset` of `target`, at most `length` of them: only
/// whole characters for utf8 and whole units for utf16le, as Node does. The count written.
fn write<'js>(
    ctx: Ctx<'js>,
    target: TypedArray<'js, u8>,
    text: rquickjs::String<'js>,
    offset: usize,
    length: usize,
    encoding: u8,
) -> rquickjs::Result<usize> {
    let bytes = encoded(&ctx, &text, encoding)?;
    let Some(raw) = target.as_raw() else {
        return Ok(0);
    };
    // SAFETY: the Uint8Array's bytes, written while no JavaScript runs, so nothing can
    // detach or resize the buffer meanwhile.
    let out = unsafe { &mut *raw.as_ptr() };
    if offset > out.len() {
        return Ok(0);
    }
    let room = (out.len() - offset).min(length);
    let mut count = bytes.len().min(room);
    if count < bytes.len() {
        match encoding {
            UTF8 => {
                while count > 0 && (bytes[count] & 0xC0) == 0x80 {
                    count -= 1;
                }
            }
            UTF16LE => count &= !1,
            _ => {}
        }
    }
    out[offset..offset + count].copy_from_slice(&bytes[..count]);
    Ok(count)
}

/// The text of `bytes[start..end]` in encoding `encoding`.
fn decode<'js>(
    ctx: Ctx<'js>,
    bytes: TypedArray<'js, u8>,
    start: usize,
    end: usize,
    encoding: u8,
) -> rquickjs::Result<Value<'js>> {
    // SAFETY: read while no JavaScript runs.
    let all = unsafe { bytes.as_bytes() }.unwrap_or_default();
    let end = end.min(all.len());
    let bytes = &all[start.min(end)..end];
    let text = match encoding {
        UTF8 => String::from_utf8_lossy(bytes).into_owned(),
        UTF16LE => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
                .collect();
            return units_string(&ctx, &units);
        }
        LATIN1 => bytes.iter().map(|&b| b as char).collect(),
        ASCII => bytes.iter().map(|&b| (b & 0x7F) as char).collect(),
        BASE64 => base64_encode(bytes, STANDARD, true),
        BASE64URL => base64_encode(bytes, URL_SAFE, false),
        HEX => {
            const DIGITS: &[u8; 16] = b"0123456789abcdef";
            let mut text = String::with_capacity(bytes.len() * 2);
            for &b in bytes {
                text.push(DIGITS[(b >> 4) as usize] as char);
                text.push(DIGITS[(b & 15) as usize] as char);
            }
            text
        }
        _ => return Err(throw_named(&ctx, "TypeError", "unknown encoding", None)),
    };
    rquickjs::String::from_str(ctx, &text).map(|s| s.into_value())
}

/// The length of `text` in UTF-8 (a lone surrogate counts 3, as U+FFFD).
fn utf8_length<'js>(ctx: Ctx<'js>, text: rquickjs::String<'js>) -> rquickjs::Result<usize> {
    with_usv_str(&ctx, &text, str::len)
}

/// The first (or with `last`, the last) index of `needle` in `haystack` at or after
/// (before) `from`; -1 when absent.
fn index_of<'js>(
    haystack: TypedArray<'js, u8>,
    needle: TypedArray<'js, u8>,
    from: f64,
    last: bool,
) -> f64 {
    // SAFETY: both read while no JavaScript runs.
    let (hay, needle) = unsafe {
        (
            haystack.as_bytes().unwrap_or_default(),
            needle.as_bytes().unwrap_or_default(),
        )
    };
    let found = if last {
        // The match may start at `from` at the latest.
        let end = if from < 0.0 {
            return -1.0;
        } else {
            ((from as usize).saturating_add(needle.len())).min(hay.len())
        };
        memchr::memmem::rfind(&hay[..end], needle)
    } else {
        let start = from.max(0.0) as usize;
        if start > hay.len() {
            return -1.0;
        }
        memchr::memmem::find(&hay[start..], needle).map(|i| i + start)
    };
    found.map_or(-1.0, |i| i as f64)
}

/// -1, 0 or 1 as `a` sorts before, with or after `b`, byte by byte.
fn compare<'js>(a: TypedArray<'js, u8>, b: TypedArray<'js, u8>) -> i32 {
    // SAFETY: both read while no JavaScript runs.
    let (a, b) = unsafe {
        (
            a.as_bytes().unwrap_or_default(),
            b.as_bytes().unwrap_or_default(),
        )
    };
    a.cmp(b) as i32
}

/// Whether `bytes` are well-formed UTF-8.
fn is_utf8<'js>(bytes: TypedArray<'js, u8>) -> bool {
    // SAFETY: read while no JavaScript runs.
    std::str::from_utf8(unsafe { bytes.as_bytes() }.unwrap_or_default()).is_ok()
}

/// Runs `f` on the generalized UTF-8 of `text` (QuickJS writes a lone surrogate as its
/// 3-byte form), which keeps every UTF-16 unit of the string.
fn with_wtf8<'js, R>(
    ctx: &Ctx<'js>,
    text: &rquickjs::String<'js>,
    f: impl FnOnce(&[u8]) -> R,
) -> rquickjs::Result<R> {
    let ctx_ptr = ctx.as_raw().as_ptr();
    let mut len = 0;
    // SAFETY: a live context and a string value of it; the buffer is freed by `CString`
    // after its last use.
    let ptr = unsafe { qjs::JS_ToCStringLen2(ctx_ptr, &mut len, text.as_raw(), false) };
    if ptr.is_null() {
        return Err(rquickjs::Error::Exception);
    }
    let owned = CString { ctx: ctx_ptr, ptr };
    // SAFETY: `ptr` holds `len` bytes until `owned` is dropped.
    let bytes = unsafe { std::slice::from_raw_parts(owned.ptr.cast::<u8>(), len as usize) };
    Ok(f(bytes))
}

/// Runs `f` on the low byte of each UTF-16 unit of `text`: what Node's base64 and hex
/// decoders read (so `"\u0141"` counts as `"A"`). Borrowed when the text is ASCII.
fn with_low_bytes<'js, R>(
    ctx: &Ctx<'js>,
    text: &rquickjs::String<'js>,
    f: impl FnOnce(&[u8]) -> R,
) -> rquickjs::Result<R> {
    let mut f = Some(f);
    let ascii = with_wtf8(ctx, text, |bytes| {
        bytes
            .is_ascii()
            .then(|| (f.take().expect("runs once"))(bytes))
    })?;
    match ascii {
        Some(result) => Ok(result),
        None => with_units(ctx, text, |units| {
            let low: Vec<u8> = units.iter().map(|&u| u as u8).collect();
            (f.take().expect("did not run"))(&low)
        }),
    }
}

/// Frees a string from `JS_ToCStringLen2`, also if the code using it panics.
struct CString {
    ctx: *mut qjs::JSContext,
    ptr: *const std::ffi::c_char,
}

impl Drop for CString {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from `JS_ToCStringLen2` on this context and is freed once.
        unsafe { qjs::JS_FreeCString(self.ctx, self.ptr) };
    }
}

/// Runs `f` on the UTF-16 units of `text`, lone surrogates included.
fn with_units<'js, R>(
    ctx: &Ctx<'js>,
    text: &rquickjs::String<'js>,
    f: impl FnOnce(&[u16]) -> R,
) -> rquickjs::Result<R> {
    let units = with_wtf8(ctx, text, |bytes| {
        let mut units = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i] as u32;
            let (code, len) = if b < 0x80 {
                (b, 1)
            } else if b < 0xE0 {
                ((b & 0x1F) << 6 | cont(bytes, i + 1), 2)
            } else if b < 0xF0 {
                (
                    (b & 0x0F) << 12 | cont(bytes, i + 1) << 6 | cont(bytes, i + 2),
                    3,
                )
            } else {
                (
                    (b & 0x07) << 18
                        | cont(bytes, i + 1) << 12
                        | cont(bytes, i + 2) << 6
                        | cont(bytes, i + 3),
                    4,
                )
            };
            if code >= 0x10000 {
                let c = code - 0x10000;
                units.push(0xD800 | (c >> 10) as u16);
                units.push(0xDC00 | (c & 0x3FF) as u16);
            } else {
                units.push(code as u16);
            }
            i += len;
        }
        units
    })?;
    Ok(f(&units))
}

/// The 6 bits of the continuation byte at `i` (0 past the end).
fn cont(bytes: &[u8], i: usize) -> u32 {
    bytes.get(i).map_or(0, |&b| (b & 0x3F) as u32)
}

/// A JS string of UTF-16 `units`, lone surrogates kept.
fn units_string<'js>(ctx: &Ctx<'js>, units: &[u16]) -> rquickjs::Result<Value<'js>> {
    // SAFETY: a live context; QuickJS copies the units.
    let value =
        unsafe { qjs::JS_NewStringUTF16(ctx.as_raw().as_ptr(), units.as_ptr(), units.len() as _) };
    // SAFETY: a fresh value of this context, owned from here.
    let value = unsafe { Value::from_raw(ctx.clone(), value) };
    if value.is_exception() {
        return Err(rquickjs::Error::Exception);
    }
    Ok(value)
}

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64_encode(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    let mut chunks = bytes.chunks_exact(3);
    for c in &mut chunks {
        let n = (c[0] as usize) << 16 | (c[1] as usize) << 8 | c[2] as usize;
        out.extend([
            alphabet[n >> 18],
            alphabet[(n >> 12) & 63],
            alphabet[(n >> 6) & 63],
            alphabet[n & 63],
        ]);
    }
    match *chunks.remainder() {
        [a] => {
            let n = (a as usize) << 16;
            out.extend([alphabet[n >> 18], alphabet[(n >> 12) & 63]]);
            if pad {
                out.extend(b"==");
            }
        }
        [a, b] => {
            let n = (a as usize) << 16 | (b as usize) << 8;
            out.extend([
                alphabet[n >> 18],
                alphabet[(n >> 12) & 63],
                alphabet[(n >> 6) & 63],
            ]);
            if pad {
                out.push(b'=');
            }
        }
        _ => {}
    }
    // Only alphabet bytes were pushed.
    String::from_utf8(out).unwrap_or_default()
}

/// Node's base64 decoding, for base64 and base64url alike: either alphabet, characters
/// outside it skipped, decoding stops at the first `=`, a last partial group gives what
/// whole bytes its bits hold.
fn base64_decode(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let (mut acc, mut n) = (0u32, 0);
    for &c in text {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = acc << 6 | v as u32;
        n += 1;
        if n == 4 {
            out.extend([(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
            (acc, n) = (0, 0);
        }
    }
    match n {
        2 => out.push((acc >> 4) as u8),
        3 => out.extend([(acc >> 10) as u8, (acc >> 2) as u8]),
        _ => {}
    }
    out
}

/// Node's hex decoding: pairs of hex digits up to the first pair that is not one.
fn hex_decode(text: &[u8]) -> Vec<u8> {
    fn digit(c: u8) -> Option<u8> {
        (c as char).to_digit(16).map(|d| d as u8)
    }
    let mut out = Vec::with_capacity(text.len() / 2);
    for pair in text.chunks_exact(2) {
        match (digit(pair[0]), digit(pair[1])) {
            (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
            _ => break,
        }
    }
    out
}
