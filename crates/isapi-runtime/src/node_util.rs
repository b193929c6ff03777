//! The native half of `js/node/internal/types.js` and `inspect.js`: what only the engine
//! knows about a value (whether it is a Proxy, a promise's state), for util.types and
//! util.inspect.
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::promise::PromiseState;
use rquickjs::{Array, Ctx, Function, Value};

/// `isapi:native/node_util`: `isProxy(value)`, `promiseState(value)`.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        declare.declare("isProxy")?;
        declare.declare("promiseState")?;
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export(
            "isProxy",
            Function::new(ctx.clone(), |value: Value<'_>| value.is_proxy())?,
        )?;
        exports.export("promiseState", Function::new(ctx.clone(), promise_state)?)?;
        Ok(())
    }
}

/// `[state, result]` of a promise (0 pending, 1 fulfilled, 2 rejected; the result is
/// undefined while pending); undefined for anything else.
fn promise_state<'js>(ctx: Ctx<'js>, value: Value<'js>) -> rquickjs::Result<Option<Array<'js>>> {
    let Some(promise) = value.as_promise() else {
        return Ok(None);
    };
    let undefined = Value::new_undefined(ctx.clone());
    let (state, result) = match promise.state() {
        PromiseState::Pending => (0, undefined),
        PromiseState::Resolved => (
            1,
            promise.result::<Value>().transpose()?.unwrap_or(undefined),
        ),
        PromiseState::Rejected => {
            // `result` throws the reason; catching it takes it back without reporting it.
            let _ = promise.result::<Value>();
            (2, ctx.catch())
        }
    };
    let pair = Array::new(ctx)?;
    pair.set(0, state)?;
    pair.set(1, result)?;
    Ok(Some(pair))
}
