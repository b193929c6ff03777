//! The native half of `js/crypto.js`: the operating system's randomness.
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Ctx, Function, TypedArray};

use crate::errors::throw_named;

/// `isapi:native/random`: random bytes.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        declare.declare("bytes")?;
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("bytes", Function::new(ctx.clone(), random_bytes)?)?;
        Ok(())
    }
}

fn random_bytes<'js>(ctx: Ctx<'js>, length: usize) -> rquickjs::Result<TypedArray<'js, u8>> {
    let mut bytes = vec![0u8; length.min(1 << 16)];
    getrandom::fill(&mut bytes).map_err(|e| {
        throw_named(
            &ctx,
            "Error",
            &format!("no randomness available: {e}"),
            None,
        )
    })?;
    TypedArray::new(ctx, bytes)
}
