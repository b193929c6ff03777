//! A JS string's UTF-8 text, lent to a closure instead of copied into a Rust `String`.
//!
//! Why: `SendResponseHeaders` and `WriteClient` run for nearly every request and hand
//! their strings straight to the server. QuickJS gives the bytes of an ASCII string in
//! place, so lending them skips an allocation, a copy and a free per argument. The text
//! is checked as UTF-8 exactly as rquickjs's `String::to_string` does (QuickJS keeps
//! lone surrogates), so either way the same strings are accepted and refused.
use rquickjs::{qjs, Ctx};

/// Runs `f` on the text of `text`.
pub(crate) fn with_str<'js, R>(
    ctx: &Ctx<'js>,
    text: &rquickjs::String<'js>,
    f: impl FnOnce(&str) -> R,
) -> rquickjs::Result<R> {
    let mut len = 0;
    // SAFETY: a live context and a string value of it; QuickJS returns a NUL-terminated
    // buffer of `len` bytes (or null), which stays valid until `JS_FreeCString`.
    let ptr =
        unsafe { qjs::JS_ToCStringLen2(ctx.as_raw().as_ptr(), &mut len, text.as_raw(), false) };
    if ptr.is_null() {
        return Err(rquickjs::Error::Exception);
    }
    let lent = Lent { ctx, ptr };
    // SAFETY: `ptr` holds `len` bytes until `lent` is dropped, after their last use.
    let bytes = unsafe { std::slice::from_raw_parts(lent.ptr.cast::<u8>(), len as usize) };
    let text = std::str::from_utf8(bytes)?;
    Ok(f(text))
}

/// Gives the buffer back to QuickJS, also if `f` panics.
struct Lent<'a, 'js> {
    ctx: &'a Ctx<'js>,
    ptr: *const std::ffi::c_char,
}

impl Drop for Lent<'_, '_> {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from `JS_ToCStringLen2` on this context and is freed once.
        unsafe { qjs::JS_FreeCString(self.ctx.as_raw().as_ptr(), self.ptr) };
    }
}
