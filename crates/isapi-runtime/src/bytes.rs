//! Bytes from a JS value: a string's UTF-8 or a `Uint8Array`'s contents.
use rquickjs::{Ctx, TypedArray, Value};

use crate::borrowed_str::with_str;
use crate::errors::throw_named;

/// Bytes of a string (as UTF-8) or of a Uint8Array/ArrayBuffer view.
pub fn bytes_of<'js>(ctx: &Ctx<'js>, data: &Value<'js>) -> rquickjs::Result<Vec<u8>> {
    with_bytes_of(ctx, data, |bytes| bytes.to_vec())
}

/// As [`bytes_of`], lending the bytes to `f` instead of copying them. `f` must not run
/// JavaScript: a Uint8Array's bytes are JS memory that a script could resize or free.
pub fn with_bytes_of<'js, R>(
    ctx: &Ctx<'js>,
    data: &Value<'js>,
    f: impl FnOnce(&[u8]) -> R,
) -> rquickjs::Result<R> {
    if let Some(text) = data.as_string() {
        return with_str(ctx, text, |text| f(text.as_bytes()));
    }
    if let Ok(array) = TypedArray::<u8>::from_value(data.clone()) {
        // SAFETY: `f` runs no JavaScript (its contract), so nothing can detach or
        // resize the buffer while the slice is lent.
        return Ok(f(unsafe { array.as_bytes() }.unwrap_or_default()));
    }
    Err(throw_named(
        ctx,
        "TypeError",
        "expected a string or a Uint8Array",
        None,
    ))
}
