//! A JS string's UTF-8 text, lent to a closure instead of copied into a Rust `String`.
//!
//! Why: `SendResponseHeaders` and `WriteClient` run for nearly every request and hand
//! their strings straight to the server. QuickJS gives the bytes of an ASCII string in
//! place, so lending them skips an allocation, a copy and a free per argument. The text
//! is checked as UTF-8 exactly as rquickjs's `String::to_string` does (QuickJS keeps
//! lone surrogates), so either way the same strings are accepted and refused.
use std::str::Utf8Error;

use rquickjs::{qjs, Ctx};

/// Runs `f` on the text of `text`.
pub fn with_str<'js, R>(
    ctx: &Ctx<'js>,
    text: &rquickjs::String<'js>,
    f: impl FnOnce(&str) -> R,
) -> rquickjs::Result<R> {
    // SAFETY: a live context and a string value of it.
    match unsafe { lend(ctx.as_raw().as_ptr(), text.as_raw(), f) } {
        Lent::Text(result) => Ok(result),
        Lent::NotUtf8(error) => Err(error.into()),
        Lent::Thrown => Err(rquickjs::Error::Exception),
    }
}

/// What [`lend`] did.
pub enum Lent<R> {
    /// `f` ran on the text and returned this.
    Text(R),
    /// The string is not valid UTF-8 (a lone surrogate); `f` did not run.
    NotUtf8(Utf8Error),
    /// QuickJS could not give the bytes (out of memory); its exception is pending.
    Thrown,
}

/// Runs `f` on the UTF-8 text of the string `value`.
///
/// # Safety
/// `ctx` is a live context and `value` a string value of it, both for the whole call.
pub unsafe fn lend<R>(
    ctx: *mut qjs::JSContext,
    value: qjs::JSValue,
    f: impl FnOnce(&str) -> R,
) -> Lent<R> {
    let mut len = 0;
    // SAFETY: (the caller's contract) QuickJS returns a NUL-terminated buffer of `len`
    // bytes, or null, which stays valid until `JS_FreeCString`.
    let ptr = unsafe { qjs::JS_ToCStringLen2(ctx, &mut len, value, false) };
    if ptr.is_null() {
        return Lent::Thrown;
    }
    let buffer = Buffer { ctx, ptr };
    // SAFETY: `ptr` holds `len` bytes until `buffer` is dropped, after their last use.
    let bytes = unsafe { std::slice::from_raw_parts(buffer.ptr.cast::<u8>(), len as usize) };
    match std::str::from_utf8(bytes) {
        Ok(text) => Lent::Text(f(text)),
        Err(error) => Lent::NotUtf8(error),
    }
}

/// Runs `f` on the string's text as a USVString (the Web IDL conversion): each lone
/// surrogate, which QuickJS gives as its 3-byte generalized UTF-8 form, becomes U+FFFD.
/// Borrowed when the text is well-formed (nearly always), repaired into a copy otherwise.
pub fn with_usv_str<'js, R>(
    ctx: &Ctx<'js>,
    text: &rquickjs::String<'js>,
    f: impl FnOnce(&str) -> R,
) -> rquickjs::Result<R> {
    let mut f = Some(f);
    match with_str(ctx, text, |text| (f.take().expect("runs once"))(text)) {
        Err(rquickjs::Error::Utf8(_)) => {
            let f = f.take().expect("did not run");
            let mut len = 0;
            let ctx_ptr = ctx.as_raw().as_ptr();
            // SAFETY: a live context and a string value of it; the buffer is freed by
            // `Buffer` after its last use.
            let ptr = unsafe { qjs::JS_ToCStringLen2(ctx_ptr, &mut len, text.as_raw(), false) };
            if ptr.is_null() {
                return Err(rquickjs::Error::Exception);
            }
            let buffer = Buffer { ctx: ctx_ptr, ptr };
            // SAFETY: `ptr` holds `len` bytes until `buffer` is dropped.
            let bytes =
                unsafe { std::slice::from_raw_parts(buffer.ptr.cast::<u8>(), len as usize) };
            Ok(f(&repair_surrogates(bytes)))
        }
        other => other,
    }
}

/// UTF-8 from generalized UTF-8 (lone surrogates encoded as `ED A0..BF 80..BF`), each
/// lone surrogate (and anything else malformed) replaced by U+FFFD.
pub fn repair_surrogates(mut bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(rest) => {
                text.push_str(rest);
                return text;
            }
            Err(error) => {
                let (good, bad) = bytes.split_at(error.valid_up_to());
                // `good` is the prefix that from_utf8 found valid.
                text.push_str(std::str::from_utf8(good).unwrap_or_default());
                text.push('\u{FFFD}');
                let skip = match bad {
                    [0xED, 0xA0..=0xBF, 0x80..=0xBF, ..] => 3,
                    _ => error.error_len().unwrap_or(bad.len()).max(1),
                };
                bytes = &bad[skip.min(bad.len())..];
            }
        }
    }
}

/// Gives the buffer back to QuickJS, also if `f` panics.
struct Buffer {
    ctx: *mut qjs::JSContext,
    ptr: *const std::ffi::c_char,
}

impl Drop for Buffer {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from `JS_ToCStringLen2` on this context and is freed once.
        unsafe { qjs::JS_FreeCString(self.ctx, self.ptr) };
    }
}
