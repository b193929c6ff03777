//! The hottest `ecb` members as plain QuickJS C functions: a fast path in front of the
//! rquickjs implementation.
//!
//! Why: nearly every request calls `SendResponseHeaders`, `WriteClient` and a string
//! getter, and rquickjs's generic trampoline (its function class's dispatch, a context
//! reference and a checked conversion per argument, the result's conversion) costs more
//! than the member's own work. A [`FastPath`] sees the call as QuickJS made it and either
//! answers it (the usual case: a live request and string arguments) or declines before
//! doing anything; then the rquickjs function, kept as the C function's data, runs as
//! before. Every unusual call (another argument type, a finished request, a forged
//! `this`, text that is not valid UTF-8) therefore behaves and fails exactly as it did.
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::NonNull;

use rquickjs::{qjs, Ctx, Function, Object};

use crate::handle::{self, Kind};
use isapi_runtime::borrowed_str::{lend, Lent};

/// The usual case of one member, answered without rquickjs.
pub(crate) trait FastPath {
    fn call(call: &RawCall<'_>) -> Fast;
}

/// What a fast path made of a call.
pub(crate) enum Fast {
    /// Not the usual case, and nothing was done: the rquickjs implementation runs.
    Decline,
    /// The call returns this.
    Done(Made),
    /// The server refused what the call asked (it may have acted): this is thrown.
    Failed(isapi::Error),
    /// QuickJS ran out of memory; its exception is pending.
    Thrown,
}

/// One call as QuickJS passed it to the C function.
pub(crate) struct RawCall<'a> {
    ctx: *mut qjs::JSContext,
    this: qjs::JSValue,
    args: &'a [qjs::JSValue],
}

impl RawCall<'_> {
    pub(crate) fn arg_count(&self) -> usize {
        self.args.len()
    }

    /// The id of the handle `this` is, if it is one of `kind`.
    pub(crate) fn this_id(&self, kind: Kind) -> Option<u32> {
        handle::id_of_raw(self.this, kind)
    }

    /// Runs `f` on argument `index` if it is a string of valid UTF-8; `Err` with the
    /// answer to give when it cannot (declined, or QuickJS's exception).
    pub(crate) fn with_str_arg<R>(
        &self,
        index: usize,
        f: impl FnOnce(&str) -> R,
    ) -> Result<R, Fast> {
        let Some(&value) = self.args.get(index) else {
            return Err(Fast::Decline);
        };
        // SAFETY: a tag check on a live argument.
        if !unsafe { qjs::JS_IsString(value) } {
            return Err(Fast::Decline);
        }
        // SAFETY: the call's context and one of its string arguments, live for the call.
        match unsafe { lend(self.ctx, value, f) } {
            Lent::Text(result) => Ok(result),
            Lent::NotUtf8(_) => Err(Fast::Decline),
            Lent::Thrown => Err(Fast::Thrown),
        }
    }

    pub(crate) fn string(&self, text: &str) -> Fast {
        // SAFETY: a live context; QuickJS copies `text.len()` bytes from `text`.
        let value =
            unsafe { qjs::JS_NewStringLen(self.ctx, text.as_ptr().cast(), text.len() as _) };
        // SAFETY: a tag check on the value just returned.
        if unsafe { qjs::JS_IsException(value) } {
            return Fast::Thrown;
        }
        Fast::Done(Made(value))
    }

    pub(crate) fn number(&self, number: f64) -> Fast {
        Fast::Done(Made(qjs::JS_NewFloat64(number)))
    }

    pub(crate) fn undefined(&self) -> Fast {
        Fast::Done(Made(qjs::JS_UNDEFINED))
    }
}

/// A value a fast path made, owned until the C function returns it.
pub(crate) struct Made(qjs::JSValue);

/// Defines `name` on `proto` as a C function running `F` in front of `general`.
pub(crate) fn define_method<'js, F: FastPath>(
    ctx: &Ctx<'js>,
    proto: &Object<'js>,
    name: &str,
    general: Function<'js>,
) -> rquickjs::Result<()> {
    let function = new_function::<F>(ctx, general)?;
    proto.set(name, function)
}

/// Defines the enumerable getter `name` on `proto` as a C function running `F` in front
/// of `general`.
pub(crate) fn define_getter<'js, F: FastPath>(
    ctx: &Ctx<'js>,
    proto: &Object<'js>,
    name: &str,
    general: Function<'js>,
) -> rquickjs::Result<()> {
    let getter = new_function::<F>(ctx, general)?;
    let raw_ctx = ctx.as_raw().as_ptr();
    // SAFETY: a live context; QuickJS copies the name.
    let atom = unsafe { qjs::JS_NewAtomLen(raw_ctx, name.as_ptr().cast(), name.len() as _) };
    if atom == qjs::JS_ATOM_NULL {
        return Err(rquickjs::Error::Exception);
    }
    let flags = qjs::JS_PROP_HAS_GET
        | qjs::JS_PROP_ENUMERABLE
        | qjs::JS_PROP_HAS_ENUMERABLE
        | qjs::JS_PROP_THROW;
    // SAFETY: live context, object, atom and getter; QuickJS takes its own references,
    // and the atom is ours to free.
    let defined = unsafe {
        let defined = qjs::JS_DefineProperty(
            raw_ctx,
            proto.as_raw(),
            atom,
            qjs::JS_UNDEFINED,
            getter.as_raw(),
            qjs::JS_UNDEFINED,
            flags as _,
        );
        qjs::JS_FreeAtom(raw_ctx, atom);
        defined
    };
    if defined < 0 {
        return Err(rquickjs::Error::Exception);
    }
    Ok(())
}

/// A C function with `general` as its data and its `length`.
fn new_function<'js, F: FastPath>(
    ctx: &Ctx<'js>,
    general: Function<'js>,
) -> rquickjs::Result<Function<'js>> {
    let length: i32 = general.get("length").unwrap_or(0);
    let mut data = [general.as_raw()];
    // SAFETY: a live context; QuickJS duplicates the data value into the function.
    let raw = unsafe {
        qjs::JS_NewCFunctionData(
            ctx.as_raw().as_ptr(),
            Some(trampoline::<F>),
            length,
            0,
            1,
            data.as_mut_ptr(),
        )
    };
    // SAFETY: a tag check on the value just returned.
    if unsafe { qjs::JS_IsException(raw) } {
        return Err(rquickjs::Error::Exception);
    }
    // SAFETY: `raw` is a new reference to a function, handed to the returned value.
    let value = unsafe { rquickjs::Value::from_raw(ctx.clone(), raw) };
    value.into_function().ok_or(rquickjs::Error::Unknown)
}

/// What QuickJS calls: `F`, then the general implementation if `F` declined.
unsafe extern "C" fn trampoline<F: FastPath>(
    ctx: *mut qjs::JSContext,
    this: qjs::JSValue,
    argc: std::ffi::c_int,
    argv: *mut qjs::JSValue,
    _magic: std::ffi::c_int,
    data: *mut qjs::JSValue,
) -> qjs::JSValue {
    let args = match usize::try_from(argc) {
        // SAFETY: QuickJS passes `argc` live values at `argv` for the call's duration.
        Ok(count) if count > 0 && !argv.is_null() => unsafe {
            std::slice::from_raw_parts(argv, count)
        },
        _ => &[],
    };
    let call = RawCall { ctx, this, args };
    match catch_unwind(AssertUnwindSafe(|| F::call(&call))) {
        Ok(Fast::Done(Made(value))) => value,
        Ok(Fast::Thrown) => qjs::JS_EXCEPTION,
        Ok(Fast::Decline) => {
            // SAFETY: `data` holds the general function (one value, set in
            // `new_function`); QuickJS calls it with this call's own arguments.
            unsafe { qjs::JS_Call(ctx, *data, this, argc, argv) }
        }
        Ok(Fast::Failed(error)) => {
            // SAFETY: QuickJS called with a live context, non-null.
            let ctx = unsafe { Ctx::from_raw(NonNull::new_unchecked(ctx)) };
            let _thrown = crate::ecb_object::host_error(&ctx, error);
            qjs::JS_EXCEPTION
        }
        Err(_) => {
            // SAFETY: as above.
            let ctx = unsafe { Ctx::from_raw(NonNull::new_unchecked(ctx)) };
            let _thrown = crate::error::throw_named(
                &ctx,
                "InternalError",
                "the engine panicked in a member call",
                None,
            );
            qjs::JS_EXCEPTION
        }
    }
}
