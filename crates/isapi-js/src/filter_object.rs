//! The JS `fc` object (pywin32's HTTP_FILTER_CONTEXT) and the `GetData()` object of
//! each notification, over [`isapi::FilterCall`].
//!
//! As for `ecb`, the members live once per engine on a prototype and each call's object
//! carries only an id into this thread's table of calls in flight; an `fc` or data object
//! kept after `HttpFilterProc` returned throws instead of touching freed host memory.
//! `FilterContext` values live in a JS `Map` (connection key → value) held by the
//! prototype, so they stay inside the engine's heap.
use std::cell::RefCell;

use isapi::{sys, FilterCall, LogField, LogNumber};
use rquickjs::function::{Opt, This};
use rquickjs::object::{Accessor, Property};
use rquickjs::{Ctx, Function, Object, TypedArray, Value};

use crate::call_table::CallTable;
use crate::ecb_object::{bytes_of, header_text, optional};
use crate::error::throw_named;
use crate::handle::{self, Kind};

const CONTEXTS_KEY: &str = "__isapiFilterContexts";
const ERROR_NAME: &str = "FilterError";

/// One notification while JS handles it.
pub(crate) struct CallSlot {
    pub call: FilterCall,
    /// The connection, as the DLL numbered it in `pFilterContext`.
    pub connection: usize,
    /// What `fc.SetLastError` asked the DLL to report with `SF_STATUS_REQ_ERROR`.
    pub last_error: Option<u32>,
}

thread_local! {
    static CALLS: RefCell<CallTable<CallSlot>> = RefCell::new(CallTable::default());
}

pub(crate) fn register(call: FilterCall, connection: usize) -> u32 {
    CALLS.with(|table| {
        table.borrow_mut().insert(CallSlot {
            call,
            connection,
            last_error: None,
        })
    })
}

pub(crate) fn unregister(id: u32) -> Option<CallSlot> {
    CALLS.with(|table| table.borrow_mut().remove(id))
}

fn call_id(ctx: &Ctx<'_>, this: &Object<'_>) -> rquickjs::Result<u32> {
    handle::id_of(this, Kind::FilterCall)
        .ok_or_else(|| throw_named(ctx, "TypeError", "not an HTTP_FILTER_CONTEXT object", None))
}

/// Runs `f` on the call behind `this` (an `fc` or a data object), or throws if
/// `HttpFilterProc` already returned.
fn with_slot<R>(
    ctx: &Ctx<'_>,
    this: &Object<'_>,
    f: impl FnOnce(&mut CallSlot) -> Result<R, isapi::Error>,
) -> rquickjs::Result<R> {
    let id = call_id(ctx, this)?;
    let result = CALLS.with(|table| table.borrow_mut().get_mut(id).map(f));
    match result {
        Some(Ok(value)) => Ok(value),
        Some(Err(error)) => Err(filter_error(ctx, error)),
        None => Err(throw_named(
            ctx,
            ERROR_NAME,
            "the filter call is over (HttpFilterProc returned); its objects cannot be used",
            None,
        )),
    }
}

fn with_call<R>(
    ctx: &Ctx<'_>,
    this: &Object<'_>,
    f: impl FnOnce(&mut FilterCall) -> Result<R, isapi::Error>,
) -> rquickjs::Result<R> {
    with_slot(ctx, this, |slot| f(&mut slot.call))
}

fn filter_error(ctx: &Ctx<'_>, error: isapi::Error) -> rquickjs::Error {
    match error {
        isapi::Error::InvalidArgument(message) => throw_named(ctx, "TypeError", &message, None),
        other => throw_named(ctx, ERROR_NAME, &other.to_string(), other.win32_code()),
    }
}

/// The per-engine prototype of `fc`, with the `FilterContext` map.
pub(crate) fn prototype<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let proto = Object::new(ctx.clone())?;
    let map: Value = ctx.eval("new Map()")?;
    proto.prop(CONTEXTS_KEY, Property::from(map))?;
    let number = |f: fn(&FilterCall) -> f64| {
        Accessor::new_get(move |ctx: Ctx<'js>, this: This<Object<'js>>| {
            with_call(&ctx, &this, |call| Ok(f(call)))
        })
        .enumerable()
    };
    proto.prop("Revision", number(|c| f64::from(c.revision())))?;
    proto.prop("NotificationType", number(|c| f64::from(c.notification())))?;
    proto.prop(
        "fIsSecurePort",
        Accessor::new_get(|ctx: Ctx<'js>, this: This<Object<'js>>| {
            with_call(&ctx, &this, |call| Ok(call.is_secure_port()))
        })
        .enumerable(),
    )?;
    proto.prop(
        "FilterContext",
        Accessor::new(
            |ctx: Ctx<'js>, this: This<Object<'js>>| -> rquickjs::Result<Value<'js>> {
                let key = connection_key(&ctx, &this)?;
                let map = contexts(&this)?;
                let value: Value = map
                    .get::<_, Function>("get")?
                    .call((This(map.clone()), key))?;
                // pywin32 starts with None; `undefined` from the Map becomes null.
                Ok(if value.is_undefined() {
                    Value::new_null(ctx)
                } else {
                    value
                })
            },
            |ctx: Ctx<'js>, this: This<Object<'js>>, value: Value<'js>| -> rquickjs::Result<()> {
                let key = connection_key(&ctx, &this)?;
                let map = contexts(&this)?;
                if value.is_undefined() || value.is_null() {
                    map.get::<_, Function>("delete")?
                        .call::<_, ()>((This(map.clone()), key))
                } else {
                    map.get::<_, Function>("set")?
                        .call::<_, ()>((This(map.clone()), key, value))
                }
            },
        )
        .enumerable(),
    )?;
    proto.set("GetData", Function::new(ctx.clone(), get_data)?)?;
    proto.set(
        "GetServerVariable",
        Function::new(ctx.clone(), get_server_variable)?,
    )?;
    proto.set("WriteClient", Function::new(ctx.clone(), write_client)?)?;
    proto.set("write", Function::new(ctx.clone(), write_client)?)?;
    proto.set(
        "AddResponseHeaders",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, headers: Value<'js>| {
                let block = header_text(&ctx, &headers)?;
                with_call(&ctx, &this, |call| call.add_response_headers(&block))
            },
        )?,
    )?;
    proto.set(
        "SendResponseHeader",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             this: This<Object<'js>>,
             status: Opt<Value<'js>>,
             headers: Opt<Value<'js>>| {
                let status: Option<String> = optional(&ctx, status)?;
                let headers = match headers.0 {
                    Some(value) if !(value.is_undefined() || value.is_null()) => {
                        Some(header_text(&ctx, &value)?)
                    }
                    _ => None,
                };
                with_call(&ctx, &this, |call| {
                    call.send_response_header(status.as_deref(), headers.as_deref())
                })
            },
        )?,
    )?;
    proto.set(
        "DisableNotifications",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, flags: u32| {
                with_call(&ctx, &this, |call| call.disable_notifications(flags))
            },
        )?,
    )?;
    proto.set(
        "AllocMem",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, size: u32| {
                with_call(&ctx, &this, |call| {
                    call.alloc_mem(size as usize)
                        .map(|block| block.as_ptr() as usize as f64)
                })
            },
        )?,
    )?;
    proto.set(
        "AddHeadersOnDenial",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, headers: Value<'js>| {
                let block = header_text(&ctx, &headers)?;
                with_call(&ctx, &this, |call| call.add_headers_on_denial(&block))
            },
        )?,
    )?;
    proto.set(
        "SetNextReadSize",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, size: u32| {
                with_call(&ctx, &this, |call| call.set_next_read_size(size))
            },
        )?,
    )?;
    proto.set(
        "SetProxyInfo",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, proxy: bool| {
                with_call(&ctx, &this, |call| call.set_proxy_info(proxy))
            },
        )?,
    )?;
    proto.set(
        "GetConnID",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, this: This<Object<'js>>| {
            with_call(&ctx, &this, |call| call.conn_id())
        })?,
    )?;
    proto.set(
        "GetProperty",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, property: i32| {
                with_call(&ctx, &this, |call| {
                    call.property(property).map(|v| v as f64)
                })
            },
        )?,
    )?;
    proto.set(
        "NormalizeURL",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, url: String| {
                with_call(&ctx, &this, |call| call.normalize_url(&url))
            },
        )?,
    )?;
    proto.set(
        "ServerSupportFunction",
        Function::new(ctx.clone(), server_support_function)?,
    )?;
    proto.set(
        "SetLastError",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, code: u32| {
                with_slot(&ctx, &this, |slot| {
                    slot.last_error = Some(code);
                    Ok(())
                })
            },
        )?,
    )?;
    Ok(proto)
}

/// Makes the `fc` object for call `id`.
pub(crate) fn instance<'js>(
    ctx: &Ctx<'js>,
    proto: &Object<'js>,
    id: u32,
) -> rquickjs::Result<Value<'js>> {
    handle::new_object(ctx, proto, Kind::FilterCall, id)
}

/// Forgets the `FilterContext` of a connection that ended; returns how many connections
/// of this engine still hold one.
pub(crate) fn release_connection(proto: &Object<'_>, connection: usize) -> rquickjs::Result<usize> {
    let map: Object = proto.get(CONTEXTS_KEY)?;
    map.get::<_, Function>("delete")?
        .call::<_, ()>((This(map.clone()), connection as f64))?;
    map.get("size")
}

fn contexts<'js>(this: &Object<'js>) -> rquickjs::Result<Object<'js>> {
    this.get(CONTEXTS_KEY)
}

fn connection_key(ctx: &Ctx<'_>, this: &Object<'_>) -> rquickjs::Result<f64> {
    with_slot(ctx, this, |slot| Ok(slot.connection as f64))
}

fn get_server_variable<'js>(
    ctx: Ctx<'js>,
    this: This<Object<'js>>,
    name: String,
    default: Opt<Value<'js>>,
) -> rquickjs::Result<String> {
    let default: Option<String> = optional(&ctx, default)?;
    let value = with_call(&ctx, &this, |call| call.server_variable(&name))?;
    match (value, default) {
        (Some(bytes), _) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        (None, Some(default)) => Ok(default),
        (None, None) => Err(throw_named(
            &ctx,
            ERROR_NAME,
            &format!("server variable {name:?} does not exist"),
            Some(sys::ERROR_INVALID_INDEX),
        )),
    }
}

fn write_client<'js>(
    ctx: Ctx<'js>,
    this: This<Object<'js>>,
    data: Value<'js>,
) -> rquickjs::Result<()> {
    let bytes = bytes_of(&ctx, &data)?;
    with_call(&ctx, &this, |call| call.write_client(&bytes))
}

/// The generic escape hatch: `ServerSupportFunction(code, data?, ul1?, ul2?)`. `data` (a
/// string, NUL-terminated, or bytes) is passed as a writable copy and returned after the
/// call, so out-parameters can be read; a string `ul1` is passed as a string pointer.
fn server_support_function<'js>(
    ctx: Ctx<'js>,
    this: This<Object<'js>>,
    code: i32,
    data: Opt<Value<'js>>,
    ul1: Opt<Value<'js>>,
    ul2: Opt<f64>,
) -> rquickjs::Result<Value<'js>> {
    let mut buffer = match data.0 {
        Some(value) if !(value.is_undefined() || value.is_null()) => {
            let mut bytes = bytes_of(&ctx, &value)?;
            if value.is_string() {
                bytes.push(0);
            }
            Some(bytes)
        }
        _ => None,
    };
    let ul1_text = match &ul1.0 {
        Some(value) if value.is_string() => {
            let mut bytes = bytes_of(&ctx, value)?;
            bytes.push(0);
            Some(bytes)
        }
        _ => None,
    };
    let ul1_value = match (&ul1_text, ul1.0) {
        (Some(text), _) => text.as_ptr() as usize,
        (None, Some(value)) => value.as_number().unwrap_or(0.0) as usize,
        (None, None) => 0,
    };
    let ul2_value = ul2.0.unwrap_or(0.0) as usize;
    let data_ptr = buffer
        .as_mut()
        .map_or(std::ptr::null_mut(), |b| b.as_mut_ptr().cast());
    with_call(&ctx, &this, |call| {
        // SAFETY: the escape hatch passes what the caller chose; pointers are to our own
        // buffers, alive for the call. Hosts must treat unknown codes as errors.
        unsafe {
            call.server_support_function_raw(
                code,
                data_ptr,
                ul1_value,
                ul2_value,
                "ServerSupportFunction",
            )
        }
    })?;
    match buffer {
        Some(bytes) => TypedArray::<u8>::new(ctx, bytes).map(|a| a.into_value()),
        None => Ok(Value::new_null(ctx)),
    }
}

/// `fc.GetData()`: the notification's data as an object, or null where there is none.
fn get_data<'js>(ctx: Ctx<'js>, this: This<Object<'js>>) -> rquickjs::Result<Value<'js>> {
    let id = call_id(&ctx, &this)?;
    let notification = with_call(&ctx, &this, |call| Ok(call.notification()))?;
    let data = handle::new_plain_object(&ctx, Kind::FilterCall, id)?;
    match notification {
        sys::SF_NOTIFY_READ_RAW_DATA | sys::SF_NOTIFY_SEND_RAW_DATA => {
            data.prop(
                "InData",
                Accessor::new(
                    |ctx: Ctx<'js>, this: This<Object<'js>>| {
                        let bytes = with_call(&ctx, &this, |call| call.raw_data())?;
                        TypedArray::<u8>::new(ctx, bytes)
                    },
                    |ctx: Ctx<'js>, this: This<Object<'js>>, value: Value<'js>| {
                        let bytes = bytes_of(&ctx, &value)?;
                        with_call(&ctx, &this, |call| call.replace_raw_data(&bytes))
                    },
                )
                .enumerable(),
            )?;
        }
        sys::SF_NOTIFY_PREPROC_HEADERS
        | sys::SF_NOTIFY_SEND_RESPONSE
        | sys::SF_NOTIFY_AUTH_COMPLETE => {
            header_members(&ctx, &data)?;
            if notification == sys::SF_NOTIFY_AUTH_COMPLETE {
                data.set(
                    "GetUserToken",
                    Function::new(ctx.clone(), |ctx: Ctx<'js>, this: This<Object<'js>>| {
                        with_call(&ctx, &this, |call| call.user_token().map(|t| t as f64))
                    })?,
                )?;
            }
        }
        sys::SF_NOTIFY_AUTHENTICATION => {
            for (name, password) in [("User", false), ("Password", true)] {
                data.prop(
                    name,
                    Accessor::new(
                        move |ctx: Ctx<'js>, this: This<Object<'js>>| {
                            with_call(&ctx, &this, |call| call.credential(password))
                        },
                        move |ctx: Ctx<'js>, this: This<Object<'js>>, value: String| {
                            with_call(&ctx, &this, |call| call.set_credential(password, &value))
                        },
                    )
                    .enumerable(),
                )?;
            }
        }
        sys::SF_NOTIFY_URL_MAP => {
            text_getter(&data, "URL", FilterCall::url)?;
            data.prop(
                "PhysicalPath",
                Accessor::new(
                    |ctx: Ctx<'js>, this: This<Object<'js>>| {
                        with_call(&ctx, &this, |call| call.physical_path())
                    },
                    |ctx: Ctx<'js>, this: This<Object<'js>>, path: String| {
                        with_call(&ctx, &this, |call| call.set_physical_path(&path))
                    },
                )
                .enumerable(),
            )?;
            let details = |f: fn(&isapi::UrlMapDetails) -> f64| {
                Accessor::new_get(move |ctx: Ctx<'js>, this: This<Object<'js>>| {
                    with_call(&ctx, &this, |call| call.url_map_details().map(|d| f(&d)))
                })
                .enumerable()
            };
            data.prop("Flags", details(|d| f64::from(d.flags)))?;
            data.prop("MatchingPath", details(|d| f64::from(d.matching_path)))?;
            data.prop("MatchingURL", details(|d| f64::from(d.matching_url)))?;
            data.prop(
                "ScriptMapEntry",
                Accessor::new_get(|ctx: Ctx<'js>, this: This<Object<'js>>| {
                    with_call(&ctx, &this, |call| {
                        call.url_map_details().map(|d| d.script_map_entry)
                    })
                })
                .enumerable(),
            )?;
        }
        sys::SF_NOTIFY_ACCESS_DENIED => {
            text_getter(&data, "URL", FilterCall::url)?;
            text_getter(&data, "PhysicalPath", FilterCall::physical_path)?;
            data.prop(
                "Reason",
                Accessor::new_get(|ctx: Ctx<'js>, this: This<Object<'js>>| {
                    with_call(&ctx, &this, |call| call.denial_reason())
                })
                .enumerable(),
            )?;
        }
        sys::SF_NOTIFY_LOG => {
            for (name, field) in [
                ("ClientHostName", LogField::ClientHostName),
                ("ClientUserName", LogField::ClientUserName),
                ("ServerName", LogField::ServerName),
                ("Operation", LogField::Operation),
                ("Target", LogField::Target),
                ("Parameters", LogField::Parameters),
            ] {
                data.prop(
                    name,
                    Accessor::new(
                        move |ctx: Ctx<'js>, this: This<Object<'js>>| {
                            with_call(&ctx, &this, |call| call.log_text(field))
                        },
                        move |ctx: Ctx<'js>, this: This<Object<'js>>, value: String| {
                            with_call(&ctx, &this, |call| call.set_log_text(field, &value))
                        },
                    )
                    .enumerable(),
                )?;
            }
            for (name, field) in [
                ("HttpStatus", LogNumber::HttpStatus),
                ("Win32Status", LogNumber::Win32Status),
                ("BytesSent", LogNumber::BytesSent),
                ("BytesRecvd", LogNumber::BytesRecvd),
                ("TimeForProcessing", LogNumber::TimeForProcessing),
            ] {
                data.prop(
                    name,
                    Accessor::new(
                        move |ctx: Ctx<'js>, this: This<Object<'js>>| {
                            with_call(&ctx, &this, |call| call.log_number(field))
                        },
                        move |ctx: Ctx<'js>, this: This<Object<'js>>, value: u32| {
                            with_call(&ctx, &this, |call| call.set_log_number(field, value))
                        },
                    )
                    .enumerable(),
                )?;
            }
        }
        _ => return Ok(Value::new_null(ctx)),
    }
    Ok(data.into_value())
}

fn text_getter<'js>(
    data: &Object<'js>,
    name: &str,
    f: fn(&FilterCall) -> Result<String, isapi::Error>,
) -> rquickjs::Result<()> {
    data.prop(
        name,
        Accessor::new_get(move |ctx: Ctx<'js>, this: This<Object<'js>>| {
            with_call(&ctx, &this, |call| f(call))
        })
        .enumerable(),
    )
}

/// `GetHeader`/`SetHeader`/`AddHeader` and `HttpStatus` of the header notifications.
fn header_members<'js>(ctx: &Ctx<'js>, data: &Object<'js>) -> rquickjs::Result<()> {
    data.set(
        "GetHeader",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, name: String, default: Opt<Value<'js>>| {
                let default: Option<String> = optional(&ctx, default)?;
                match (with_call(&ctx, &this, |call| call.header(&name))?, default) {
                    (Some(value), _) => Ok(value),
                    (None, Some(default)) => Ok(default),
                    (None, None) => Err(throw_named(
                        &ctx,
                        ERROR_NAME,
                        &format!("header {name:?} does not exist"),
                        Some(sys::ERROR_INVALID_INDEX),
                    )),
                }
            },
        )?,
    )?;
    data.set(
        "SetHeader",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, name: String, value: String| {
                with_call(&ctx, &this, |call| call.set_header(&name, &value))
            },
        )?,
    )?;
    data.set(
        "AddHeader",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Object<'js>>, name: String, value: String| {
                with_call(&ctx, &this, |call| call.add_header(&name, &value))
            },
        )?,
    )?;
    data.prop(
        "HttpStatus",
        Accessor::new(
            |ctx: Ctx<'js>, this: This<Object<'js>>| {
                with_call(&ctx, &this, |call| call.http_status())
            },
            |ctx: Ctx<'js>, this: This<Object<'js>>, status: u32| {
                with_call(&ctx, &this, |call| call.set_http_status(status))
            },
        )
        .enumerable(),
    )?;
    Ok(())
}
