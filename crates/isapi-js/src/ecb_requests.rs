//! The `ecb` members that are one `ServerSupportFunction` request each (pywin32's
//! `SetFlushFlag`, `MapURLToPath`, `ReportUnhealthy`, … and the codes pywin32 never
//! exposed), plus the generic `ServerSupportFunction` escape hatch.
use isapi::{sys, Ecb};
use rquickjs::function::{Opt, This};
use rquickjs::{Ctx, Function, Object, TypedArray, Value};

use crate::ecb_object::{bytes_of, host_error, optional, with_ecb, with_ecb_mut, with_slot};
use crate::error::throw_named;

pub(crate) fn install<'js>(ctx: &Ctx<'js>, proto: &Object<'js>) -> rquickjs::Result<()> {
    let set = |name: &str, f: Function<'js>| proto.set(name, f);
    set(
        "SetFlushFlag",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, flag: bool| {
                with_slot(&ctx, &this, |slot| {
                    // Staging is the library's own buffering: off too while flushing.
                    slot.staged.unbuffered = flag;
                    let ecb = slot.ecb.as_mut().expect("checked by with_slot");
                    ecb.set_flush_flag(flag).map_err(|e| host_error(&ctx, e))
                })
            },
        )?,
    )?;
    set(
        "MapURLToPath",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, url: String| {
                call(&ctx, &this, |ecb| ecb.map_url_to_path(&url))
            },
        )?,
    )?;
    set(
        "MapURLToPathEx",
        Function::new(ctx.clone(), map_url_to_path_ex)?,
    )?;
    set(
        "NormalizeURL",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, url: String| {
                call(&ctx, &this, |ecb| ecb.normalize_url(&url))
            },
        )?,
    )?;
    set(
        "SendURL",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, url: String| {
                answer(&ctx, &this, |ecb| ecb.send_url(&url))
            },
        )?,
    )?;
    set(
        "SendCustomError",
        Function::new(ctx.clone(), send_custom_error)?,
    )?;
    set(
        "AppendLogParameter",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, text: String| {
                call(&ctx, &this, |ecb| ecb.append_log_parameter(&text))
            },
        )?,
    )?;
    set(
        "ReportUnhealthy",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, reason: Opt<Value<'js>>| {
                let reason: Option<String> = optional(&ctx, reason)?;
                call(&ctx, &this, |ecb| ecb.report_unhealthy(reason.as_deref()))
            },
        )?,
    )?;
    set(
        "CloseConnection",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, this: This<Object<'js>>| {
            call(&ctx, &this, |ecb| {
                ecb.simple_request(
                    sys::HSE_REQ_CLOSE_CONNECTION,
                    "ServerSupportFunction(HSE_REQ_CLOSE_CONNECTION)",
                )
            })
        })?,
    )?;
    set(
        "AbortiveClose",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, this: This<Object<'js>>| {
            call(&ctx, &this, |ecb| {
                ecb.simple_request(
                    sys::HSE_REQ_ABORTIVE_CLOSE,
                    "ServerSupportFunction(HSE_REQ_ABORTIVE_CLOSE)",
                )
            })
        })?,
    )?;
    set(
        "IsConnected",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, this: This<Object<'js>>| {
            call(&ctx, &this, Ecb::is_connected)
        })?,
    )?;
    set(
        "IsInProcess",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, this: This<Object<'js>>| {
            call(&ctx, &this, Ecb::is_in_process)
        })?,
    )?;
    set(
        "IsKeepAlive",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, this: This<Object<'js>>| {
            // pywin32's definition: the client sent `Connection: keep-alive`.
            with_ecb(&ctx, &this, |ecb| {
                let header = ecb
                    .server_variable("HTTP_CONNECTION")
                    .map_err(|e| host_error(&ctx, e))?;
                Ok(header.is_some_and(|v| v.eq_ignore_ascii_case(b"keep-alive")))
            })
        })?,
    )?;
    set(
        "GetImpersonationToken",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, this: This<Object<'js>>| {
            call(&ctx, &this, |ecb| {
                ecb.impersonation_token().map(|t| t as f64)
            })
        })?,
    )?;
    set(
        "GetAnonymousToken",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, path: String| {
                call(&ctx, &this, |ecb| {
                    ecb.anonymous_token(&path).map(|t| t as f64)
                })
            },
        )?,
    )?;
    set(
        "ServerSupportFunction",
        Function::new(ctx.clone(), server_support_function)?,
    )?;
    Ok(())
}

/// Runs one ECB request, turning a host failure into an `ExtensionError`.
fn call<'js, R>(
    ctx: &Ctx<'js>,
    this: &Object<'js>,
    f: impl FnOnce(&mut Ecb) -> isapi::Result<R>,
) -> rquickjs::Result<R> {
    with_ecb_mut(ctx, this, |ecb| f(ecb).map_err(|e| host_error(ctx, e)))
}

/// As [`call`], for requests that answer the client (headers count as sent).
fn answer<'js>(
    ctx: &Ctx<'js>,
    this: &Object<'js>,
    f: impl FnOnce(&mut Ecb) -> isapi::Result<()>,
) -> rquickjs::Result<()> {
    with_slot(ctx, this, |slot| {
        let ecb = slot.ecb.as_mut().expect("checked by with_slot");
        f(ecb).map_err(|e| host_error(ctx, e))?;
        slot.headers_sent = true;
        Ok(())
    })
}

fn map_url_to_path_ex<'js>(
    ctx: Ctx<'js>,
    this: This<Object<'js>>,
    url: String,
) -> rquickjs::Result<Object<'js>> {
    let mapping = call(&ctx, &this, |ecb| ecb.map_url_to_path_ex(&url))?;
    let result = Object::new(ctx)?;
    result.set("Path", mapping.path)?;
    result.set("Flags", mapping.flags)?;
    result.set("MatchingPath", mapping.matching_path)?;
    result.set("MatchingURL", mapping.matching_url)?;
    Ok(result)
}

fn send_custom_error<'js>(
    ctx: Ctx<'js>,
    this: This<Object<'js>>,
    status: String,
    sub_error: Opt<Value<'js>>,
) -> rquickjs::Result<()> {
    let sub_error: u16 = optional(&ctx, sub_error)?.unwrap_or(0);
    answer(&ctx, &this, |ecb| ecb.send_custom_error(&status, sub_error))
}

/// Codes whose arguments are structs, callbacks or session state the object model owns:
/// through the escape hatch they would bypass its bookkeeping or read garbage.
const MANAGED_CODES: &[(u32, &str)] = &[
    (sys::HSE_REQ_SEND_RESPONSE_HEADER, "SendResponseHeaders"),
    (sys::HSE_REQ_DONE_WITH_SESSION, "DoneWithSession"),
    (sys::HSE_REQ_IO_COMPLETION, "an async method"),
    (sys::HSE_REQ_TRANSMIT_FILE, "TransmitFile"),
    (sys::HSE_REQ_ASYNC_READ_CLIENT, "an async method"),
    (
        sys::HSE_REQ_GET_IMPERSONATION_TOKEN,
        "GetImpersonationToken",
    ),
    (sys::HSE_REQ_MAP_URL_TO_PATH_EX, "MapURLToPathEx"),
    (sys::HSE_REQ_GET_CERT_INFO_EX, "a dedicated method"),
    (sys::HSE_REQ_SEND_RESPONSE_HEADER_EX, "SendResponseHeaders"),
    (sys::HSE_REQ_MAP_UNICODE_URL_TO_PATH_EX, "MapURLToPathEx"),
    (sys::HSE_REQ_EXEC_UNICODE_URL, "ExecURL"),
    (sys::HSE_REQ_EXEC_URL, "ExecURL"),
    (sys::HSE_REQ_GET_EXEC_URL_STATUS, "GetExecURLStatus"),
    (sys::HSE_REQ_SEND_CUSTOM_ERROR, "SendCustomError"),
    (sys::HSE_REQ_VECTOR_SEND, "a dedicated method"),
    (sys::HSE_REQ_GET_ANONYMOUS_TOKEN, "GetAnonymousToken"),
    (
        sys::HSE_REQ_GET_CACHE_INVALIDATION_CALLBACK,
        "a dedicated method",
    ),
    (
        sys::HSE_REQ_GET_UNICODE_ANONYMOUS_TOKEN,
        "GetAnonymousToken",
    ),
    (sys::HSE_REQ_GET_TRACE_INFO, "a dedicated method"),
    (sys::HSE_REQ_GET_TRACE_INFO_EX, "a dedicated method"),
    (sys::HSE_REQ_RAISE_TRACE_EVENT, "a dedicated method"),
    (sys::HSE_REQ_GET_CONFIG_OBJECT, "a dedicated method"),
    (
        sys::HSE_REQ_GET_WORKER_PROCESS_SETTINGS,
        "a dedicated method",
    ),
    (
        sys::HSE_REQ_GET_PROTOCOL_MANAGER_CUSTOM_INTERFACE_CALLBACK,
        "a dedicated method",
    ),
];

/// `ServerSupportFunction(code, data?, dataType?)`: `data` is passed as `lpvBuffer` — a
/// string (NUL-terminated) or Uint8Array with its length in `lpdwSize`, returning what the
/// server left in the buffer; or a number passed by value (returns `undefined`).
fn server_support_function<'js>(
    ctx: Ctx<'js>,
    this: This<Object<'js>>,
    code: u32,
    data: Opt<Value<'js>>,
    data_type: Opt<Value<'js>>,
) -> rquickjs::Result<Value<'js>> {
    if let Some((_, instead)) = MANAGED_CODES.iter().find(|(managed, _)| *managed == code) {
        return Err(throw_named(
            &ctx,
            "TypeError",
            &format!("ServerSupportFunction({code}) is managed by the ecb: use {instead}"),
            None,
        ));
    }
    let data_type: Option<u32> = optional(&ctx, data_type)?;
    let data = data.0.filter(|v| !(v.is_undefined() || v.is_null()));
    if let Some(number) = data.as_ref().and_then(Value::as_number) {
        if !(number.is_finite() && number >= 0.0) {
            return Err(throw_named(
                &ctx,
                "RangeError",
                "a value argument must be a non-negative number",
                None,
            ));
        }
        call(&ctx, &this, |ecb| {
            ecb.server_support_function_value(code, number as usize)
        })?;
        return Ok(Value::new_undefined(ctx));
    }
    let mut buffer = match &data {
        None => Vec::new(),
        Some(value) => {
            let mut bytes = bytes_of(&ctx, value)?;
            if value.is_string() {
                bytes.push(0);
            }
            bytes
        }
    };
    let sends_head = matches!(
        code,
        sys::HSE_REQ_SEND_URL_REDIRECT_RESP | sys::HSE_REQ_SEND_URL
    );
    with_slot(&ctx, &this, |slot| {
        let ecb = slot.ecb.as_mut().expect("checked by with_slot");
        ecb.server_support_function_bytes(code, &mut buffer, data_type)
            .map_err(|e| host_error(&ctx, e))?;
        // A redirect through the escape hatch is a head too: a later one must fail.
        slot.headers_sent |= sends_head;
        Ok(())
    })?;
    Ok(TypedArray::<u8>::new(ctx, buffer)?.into_value())
}
