//! The native half of `js/encoding.js`: UTF-8 both ways.
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Ctx, Function, TypedArray, Value};

use crate::bytes::bytes_of;
use crate::errors::throw_named;

/// `isapi:native/encoding`: UTF-8 encode and decode.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        declare.declare("utf8Encode")?;
        declare.declare("utf8Decode")?;
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("utf8Encode", Function::new(ctx.clone(), utf8_encode)?)?;
        exports.export("utf8Decode", Function::new(ctx.clone(), utf8_decode)?)?;
        Ok(())
    }
}

fn utf8_encode<'js>(ctx: Ctx<'js>, text: String) -> rquickjs::Result<TypedArray<'js, u8>> {
    TypedArray::new(ctx, text.into_bytes())
}

fn utf8_decode<'js>(ctx: Ctx<'js>, bytes: Value<'js>, fatal: bool) -> rquickjs::Result<String> {
    let bytes = bytes_of(&ctx, &bytes)?;
    if fatal {
        return String::from_utf8(bytes).map_err(|e| {
            throw_named(
                &ctx,
                "TypeError",
                &format!("the data is not valid UTF-8 ({e})"),
                None,
            )
        });
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
