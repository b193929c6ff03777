//! The JS `ecb` object: pywin32's EXTENSION_CONTROL_BLOCK, over [`isapi::Ecb`].
//!
//! The methods and accessors live once per engine on a prototype; each request gets a
//! [`handle`](crate::handle) object carrying only its id. The id indexes this thread's
//! table of requests in flight (one engine per thread, so the table is per engine). A
//! handler that keeps its `ecb` after the request finished gets a clear error instead of
//! a dangling ECB.
use std::borrow::Cow;
use std::cell::RefCell;

use isapi::Ecb;
use rquickjs::function::{Opt, This};
use rquickjs::object::Accessor;
use rquickjs::{Ctx, FromJs, Function, Object, TypedArray, Value};

use crate::call_table::CallTable;
use crate::error::throw_named;
use crate::handle::{self, Kind};
use crate::raw_call::{self, Fast, FastPath, RawCall};
use isapi_runtime::borrowed_str::with_str;
pub(crate) use isapi_runtime::bytes::{bytes_of, with_bytes_of};

const DEFAULT_READ_SIZE: usize = 64 * 1024;
const MAX_READ_SIZE: usize = 16 << 20;

/// What the worker knows about one request while JS holds its `ecb`.
pub(crate) struct RequestSlot {
    /// `None` once the handler called `DoneWithSession`/`close`.
    pub ecb: Option<Ecb>,
    /// A request that sends a head itself (redirect, TransmitFile…) went to the server.
    pub headers_sent: bool,
    /// Asynchronous I/O of this request, once it started any.
    pub io: Option<crate::async_ops::AsyncState>,
    /// Output not yet handed to the server.
    pub staged: crate::staging::Staged,
}

impl RequestSlot {
    /// `WriteClient`'s work: stages `bytes`. `None` once the request was ended.
    fn stage(&mut self, bytes: &[u8]) -> Option<isapi::Result<()>> {
        let ecb = self.ecb.as_mut()?;
        Some(self.staged.write(ecb, bytes))
    }

    /// `SendResponseHeaders`'s work: the head is staged after what was staged before it
    /// (see [`crate::staging`]). A second head (after another, a redirect, a file sent
    /// with its head…) fails here, as the server fails it. `None` once the request was
    /// ended.
    fn send_headers(
        &mut self,
        status: &str,
        headers: &str,
        keep_alive: bool,
    ) -> Option<isapi::Result<()>> {
        let ecb = self.ecb.as_mut()?;
        if self.headers_sent {
            return Some(Err(crate::staging::second_head()));
        }
        Some(self.staged.head(ecb, status, headers, keep_alive))
    }

    /// Whether any part of the response head reached the server: after that, a failure
    /// can only end the connection, not be answered.
    pub(crate) fn response_started(&self) -> bool {
        self.headers_sent || self.staged.head_sent
    }
}

thread_local! {
    static REQUESTS: RefCell<CallTable<RequestSlot>> = RefCell::new(CallTable::default());
}

/// Registers a request on this engine's thread and returns its id.
pub(crate) fn register(ecb: Ecb) -> u32 {
    REQUESTS.with(|table| {
        table.borrow_mut().insert(RequestSlot {
            ecb: Some(ecb),
            headers_sent: false,
            io: None,
            staged: Default::default(),
        })
    })
}

/// Whether request `id` is still open (in flight, not ended with `DoneWithSession`).
pub(crate) fn is_open(id: u32) -> bool {
    with_slot_by_id(id, |slot| slot.ecb.is_some()).unwrap_or(false)
}

/// Runs `f` on request `id`'s slot, if the request is still in flight.
pub(crate) fn with_slot_by_id<R>(id: u32, f: impl FnOnce(&mut RequestSlot) -> R) -> Option<R> {
    REQUESTS.with(|table| table.borrow_mut().get_mut(id).map(f))
}

/// Removes a finished request; the worker finishes whatever JS left open.
pub(crate) fn unregister(id: u32) -> Option<RequestSlot> {
    REQUESTS.with(|table| table.borrow_mut().remove(id))
}

/// Builds the per-engine prototype holding every member of `ecb`.
pub(crate) fn prototype<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let proto = Object::new(ctx.clone())?;
    define_string_field::<0>(ctx, &proto)?;
    define_string_field::<1>(ctx, &proto)?;
    define_string_field::<2>(ctx, &proto)?;
    define_string_field::<3>(ctx, &proto)?;
    define_string_field::<4>(ctx, &proto)?;
    let number_getter = |f: fn(&Ecb) -> f64| {
        Accessor::new_get(move |ctx: Ctx<'js>, this: This<Value<'js>>| {
            with_ecb(&ctx, &this, |ecb| Ok(f(ecb)))
        })
        .enumerable()
    };
    proto.prop(
        "TotalBytes",
        number_getter(|ecb| f64::from(ecb.total_bytes())),
    )?;
    proto.prop(
        "AvailableBytes",
        number_getter(|ecb| f64::from(ecb.available_bytes())),
    )?;
    proto.prop("ConnID", number_getter(|ecb| ecb.conn_id() as f64))?;
    proto.prop("Version", number_getter(|ecb| f64::from(ecb.version())))?;
    proto.prop(
        "AvailableData",
        Accessor::new_get(|ctx: Ctx<'js>, this: This<Value<'js>>| {
            let bytes = with_ecb_mut(&ctx, &this, |ecb| {
                ecb.consume_preload();
                Ok(ecb.available_data().to_vec())
            })?;
            TypedArray::<u8>::new(ctx, bytes)
        })
        .enumerable(),
    )?;
    proto.prop(
        "HttpStatusCode",
        Accessor::new(
            |ctx: Ctx<'js>, this: This<Value<'js>>| {
                with_ecb(&ctx, &this, |ecb| Ok(ecb.http_status_code()))
            },
            |ctx: Ctx<'js>, this: This<Value<'js>>, status: u32| {
                with_ecb_mut(&ctx, &this, |ecb| {
                    ecb.set_http_status_code(status);
                    Ok(())
                })
            },
        )
        .enumerable(),
    )?;
    proto.prop(
        "LogData",
        Accessor::new(
            |ctx: Ctx<'js>, this: This<Value<'js>>| with_ecb(&ctx, &this, |ecb| Ok(ecb.log_data())),
            |ctx: Ctx<'js>, this: This<Value<'js>>, text: String| {
                with_ecb_mut(&ctx, &this, |ecb| {
                    ecb.set_log_data(&text);
                    Ok(())
                })
            },
        )
        .enumerable(),
    )?;

    proto.set(
        "GetServerVariable",
        Function::new(ctx.clone(), get_server_variable)?,
    )?;
    raw_call::define_method::<WriteClientFast>(
        ctx,
        &proto,
        "WriteClient",
        Function::new(ctx.clone(), write_client)?,
    )?;
    proto.set("ReadClient", Function::new(ctx.clone(), read_client)?)?;
    raw_call::define_method::<SendResponseHeadersFast>(
        ctx,
        &proto,
        "SendResponseHeaders",
        Function::new(ctx.clone(), send_response_headers)?,
    )?;
    proto.set("Redirect", Function::new(ctx.clone(), redirect)?)?;
    proto.set("IsKeepConn", Function::new(ctx.clone(), is_keep_conn)?)?;
    proto.set(
        "DoneWithSession",
        Function::new(ctx.clone(), done_with_session)?,
    )?;
    proto.set("close", Function::new(ctx.clone(), done_with_session)?)?;
    crate::ecb_requests::install(ctx, &proto)?;
    crate::async_ops::install(ctx, &proto)?;
    Ok(proto)
}

/// Reads one string field of the ECB.
type ReadField = fn(&Ecb) -> Cow<'_, str>;

/// The `ecb` string getters, in the order of their [`StringField`] fast paths.
const STRING_FIELDS: [(&str, ReadField); 5] = [
    ("Method", Ecb::method),
    ("QueryString", Ecb::query_string),
    ("PathInfo", Ecb::path_info),
    ("PathTranslated", Ecb::path_translated),
    ("ContentType", Ecb::content_type),
];

/// Defines getter `STRING_FIELDS[I]`: its fast path in front of the rquickjs getter.
fn define_string_field<'js, const I: usize>(
    ctx: &Ctx<'js>,
    proto: &Object<'js>,
) -> rquickjs::Result<()> {
    let (name, read) = STRING_FIELDS[I];
    let general = Function::new(ctx.clone(), move |ctx: Ctx<'js>, this: This<Value<'js>>| {
        with_ecb(&ctx, &this, |ecb| {
            rquickjs::String::from_str(ctx.clone(), &read(ecb))
        })
    })?;
    raw_call::define_getter::<StringField<I>>(ctx, proto, name, general)
}

/// Fast path of getter `STRING_FIELDS[I]` on a live request.
struct StringField<const I: usize>;

impl<const I: usize> FastPath for StringField<I> {
    fn call(call: &RawCall<'_>) -> Fast {
        let Some(id) = call.this_id(Kind::Request) else {
            return Fast::Decline;
        };
        with_slot_by_id(id, |slot| {
            let ecb = slot.ecb.as_ref()?;
            Some(call.string(&(STRING_FIELDS[I].1)(ecb)))
        })
        .flatten()
        .unwrap_or(Fast::Decline)
    }
}

/// Fast path of `WriteClient(text)` (no flags) on a live request: staged from the
/// string's own bytes.
struct WriteClientFast;

impl FastPath for WriteClientFast {
    fn call(call: &RawCall<'_>) -> Fast {
        let Some(id) = call
            .this_id(Kind::Request)
            .filter(|_| call.arg_count() == 1)
        else {
            return Fast::Decline;
        };
        let written = call.with_str_arg(0, |text| {
            with_slot_by_id(id, |slot| slot.stage(text.as_bytes()))
                .flatten()
                .map(|staged| staged.map(|()| text.len()))
        });
        match written {
            Ok(Some(Ok(len))) => call.number(len as f64),
            Ok(Some(Err(error))) => Fast::Failed(error),
            Ok(None) => Fast::Decline,
            Err(answer) => answer,
        }
    }
}

/// Fast path of `SendResponseHeaders(status[, headers])` with strings on a live request.
struct SendResponseHeadersFast;

impl FastPath for SendResponseHeadersFast {
    fn call(call: &RawCall<'_>) -> Fast {
        let count = call.arg_count();
        let Some(id) = call
            .this_id(Kind::Request)
            .filter(|_| (1..=2).contains(&count))
        else {
            return Fast::Decline;
        };
        let send = |status: &str, headers: &str| {
            with_slot_by_id(id, |slot| slot.send_headers(status, headers, true)).flatten()
        };
        let sent = call.with_str_arg(0, |status| {
            if count == 1 {
                Ok(send(status, ""))
            } else {
                call.with_str_arg(1, |headers| send(status, headers))
            }
        });
        match sent {
            Ok(Ok(Some(Ok(())))) => call.undefined(),
            Ok(Ok(Some(Err(error)))) => Fast::Failed(error),
            Ok(Ok(None)) => Fast::Decline,
            Ok(Err(answer)) | Err(answer) => answer,
        }
    }
}

/// Makes the `ecb` object for request `id`.
pub(crate) fn instance<'js>(
    ctx: &Ctx<'js>,
    proto: &Object<'js>,
    id: u32,
) -> rquickjs::Result<Value<'js>> {
    handle::new_object(ctx, proto, Kind::Request, id)
}

pub(crate) fn request_id(ctx: &Ctx<'_>, this: &Value<'_>) -> rquickjs::Result<u32> {
    handle::id_of(this, Kind::Request).ok_or_else(|| not_an_ecb(ctx))
}

fn not_an_ecb(ctx: &Ctx<'_>) -> rquickjs::Error {
    throw_named(
        ctx,
        "TypeError",
        "not an EXTENSION_CONTROL_BLOCK object",
        None,
    )
}

/// Runs `f` on the live ECB behind `this`, or throws if the request is finished.
///
/// Staged output is flushed first, so that whatever `f` asks of the server comes after
/// the bytes written before it.
pub(crate) fn with_slot<R>(
    ctx: &Ctx<'_>,
    this: &Value<'_>,
    f: impl FnOnce(&mut RequestSlot) -> rquickjs::Result<R>,
) -> rquickjs::Result<R> {
    with_slot_staged(ctx, this, |slot| {
        let RequestSlot { ecb, staged, .. } = slot;
        let ecb = ecb.as_mut().expect("checked by with_slot_staged");
        staged.flush(ecb).map_err(|e| host_error(ctx, e))?;
        f(slot)
    })
}

/// As [`with_slot`], leaving staged output alone (for `WriteClient` itself).
fn with_slot_staged<R>(
    ctx: &Ctx<'_>,
    this: &Value<'_>,
    f: impl FnOnce(&mut RequestSlot) -> rquickjs::Result<R>,
) -> rquickjs::Result<R> {
    let id = request_id(ctx, this)?;
    REQUESTS.with(|table| {
        let mut table = table.borrow_mut();
        match table.get_mut(id) {
            Some(slot) if slot.ecb.is_some() => f(slot),
            _ => Err(throw_named(
                ctx,
                "ExtensionError",
                "the request is already finished (DoneWithSession was called or the handler returned)",
                None,
            )),
        }
    })
}

pub(crate) fn with_ecb<R>(
    ctx: &Ctx<'_>,
    this: &Value<'_>,
    f: impl FnOnce(&Ecb) -> rquickjs::Result<R>,
) -> rquickjs::Result<R> {
    with_slot(ctx, this, |slot| {
        f(slot.ecb.as_ref().expect("checked by with_slot"))
    })
}

pub(crate) fn with_ecb_mut<R>(
    ctx: &Ctx<'_>,
    this: &Value<'_>,
    f: impl FnOnce(&mut Ecb) -> rquickjs::Result<R>,
) -> rquickjs::Result<R> {
    with_slot(ctx, this, |slot| {
        f(slot.ecb.as_mut().expect("checked by with_slot"))
    })
}

/// An optional argument: absent, `undefined` and `null` all mean "not given".
pub(crate) fn optional<'js, T: FromJs<'js>>(
    ctx: &Ctx<'js>,
    arg: Opt<Value<'js>>,
) -> rquickjs::Result<Option<T>> {
    match arg.0 {
        Some(value) if !(value.is_undefined() || value.is_null()) => {
            T::from_js(ctx, value).map(Some)
        }
        _ => Ok(None),
    }
}

pub(crate) fn host_error(ctx: &Ctx<'_>, error: isapi::Error) -> rquickjs::Error {
    throw_named(
        ctx,
        "ExtensionError",
        &error.to_string(),
        error.win32_code(),
    )
}

fn get_server_variable<'js>(
    ctx: Ctx<'js>,
    this: This<Value<'js>>,
    name: String,
    default: Opt<Value<'js>>,
) -> rquickjs::Result<String> {
    let default: Option<String> = optional(&ctx, default)?;
    let value = with_ecb(&ctx, &this, |ecb| {
        ecb.server_variable(&name).map_err(|e| host_error(&ctx, e))
    })?;
    match (value, default) {
        (Some(bytes), _) if name.starts_with("UNICODE_") => Ok(decode_utf16le(&bytes)),
        (Some(bytes), _) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        (None, Some(default)) => Ok(default),
        (None, None) => Err(throw_named(
            &ctx,
            "ExtensionError",
            &format!("server variable {name:?} does not exist"),
            Some(isapi::sys::ERROR_INVALID_INDEX),
        )),
    }
}

fn decode_utf16le(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

fn write_client<'js>(
    ctx: Ctx<'js>,
    this: This<Value<'js>>,
    data: Value<'js>,
    flags: Opt<Value<'js>>,
) -> rquickjs::Result<f64> {
    let flags: u32 = optional(&ctx, flags)?.unwrap_or(0);
    if flags & isapi::sys::HSE_IO_ASYNC != 0 {
        let bytes = bytes_of(&ctx, &data)?;
        let len = bytes.len() as f64;
        let ecb = this.as_object().ok_or_else(|| not_an_ecb(&ctx))?;
        crate::async_ops::write_with_callback(&ctx, ecb, bytes)?;
        return Ok(len);
    }
    // Staging and the server's WriteClient run no JavaScript: the bytes may be lent.
    with_bytes_of(&ctx, &data, |bytes| {
        with_slot_staged(&ctx, &this, |slot| {
            let staged = slot.stage(bytes).expect("checked by with_slot_staged");
            staged.map_err(|e| host_error(&ctx, e))
        })
        .map(|()| bytes.len() as f64)
    })?
}

/// The size argument of `ReadClient`/`ReadClientAsync`: 64 KiB by default, capped.
pub(crate) fn read_size<'js>(ctx: &Ctx<'js>, size: Opt<Value<'js>>) -> rquickjs::Result<usize> {
    match optional::<Value<'js>>(ctx, size)? {
        None => Ok(DEFAULT_READ_SIZE),
        Some(v) => match v.as_number() {
            Some(n) if n.is_finite() && n >= 0.0 => Ok((n as usize).min(MAX_READ_SIZE)),
            _ => Err(throw_named(
                ctx,
                "RangeError",
                "read size must be a non-negative number",
                None,
            )),
        },
    }
}

fn read_client<'js>(
    ctx: Ctx<'js>,
    this: This<Value<'js>>,
    size: Opt<Value<'js>>,
) -> rquickjs::Result<TypedArray<'js, u8>> {
    let size = read_size(&ctx, size)?;
    let bytes = with_ecb_mut(&ctx, &this, |ecb| {
        let mut buffer = vec![0u8; buffer_size(ecb, size)];
        let n = ecb
            .read_body(&mut buffer)
            .map_err(|e| host_error(&ctx, e))?;
        buffer.truncate(n);
        Ok(buffer)
    })?;
    TypedArray::new(ctx, bytes)
}

/// The buffer a read of up to `size` bytes needs: no more than the body has left (a
/// zeroed 64 KiB buffer per call was most of the cost of a small upload).
pub(crate) fn buffer_size(ecb: &Ecb, size: usize) -> usize {
    ecb.body_left().map_or(size, |left| {
        size.min(usize::try_from(left).unwrap_or(usize::MAX))
    })
}

/// `headers` is a header block string or an object of name → value.
pub(crate) fn header_text<'js>(ctx: &Ctx<'js>, headers: &Value<'js>) -> rquickjs::Result<String> {
    if headers.is_undefined() || headers.is_null() {
        return Ok(String::new());
    }
    if let Some(text) = headers.as_string() {
        return text.to_string();
    }
    if let Some(object) = headers.as_object() {
        let mut block = String::new();
        for entry in object.props::<String, Value<'js>>() {
            let (name, value) = entry?;
            let value = match value.as_string() {
                Some(s) => s.to_string()?,
                None => ctx
                    .globals()
                    .get::<_, Function>("String")?
                    .call::<_, String>((value,))?,
            };
            let unsafe_value = |text: &str| isapi::check_head_value(text.as_bytes()).is_err();
            if name.contains(':') || unsafe_value(&name) || unsafe_value(&value) {
                return Err(throw_named(
                    ctx,
                    "TypeError",
                    &format!("invalid header {name:?}"),
                    None,
                ));
            }
            block.push_str(&format!("{name}: {value}\r\n"));
        }
        return Ok(block);
    }
    Err(throw_named(
        ctx,
        "TypeError",
        "headers must be a string or an object",
        None,
    ))
}

fn send_response_headers<'js>(
    ctx: Ctx<'js>,
    this: This<Value<'js>>,
    status: Value<'js>,
    headers: Opt<Value<'js>>,
    keep_alive: Opt<Value<'js>>,
) -> rquickjs::Result<()> {
    let status = rquickjs::String::from_value(status)?;
    let keep_alive = optional::<bool>(&ctx, keep_alive)?.unwrap_or(true);
    let send = |status: &str, headers: &str| {
        with_slot_staged(&ctx, &this, |slot| {
            let sent = slot.send_headers(status, headers, keep_alive);
            sent.expect("checked by with_slot_staged")
                .map_err(|e| host_error(&ctx, e))
        })
    };
    with_str(&ctx, &status, |status| match headers.0.as_ref() {
        Some(value) => match value.as_string() {
            // The usual case, a header block as one string: lent, not copied.
            Some(text) => with_str(&ctx, text, |headers| send(status, headers))?,
            None => send(status, &header_text(&ctx, value)?),
        },
        None => send(status, ""),
    })?
}

fn redirect<'js>(ctx: Ctx<'js>, this: This<Value<'js>>, url: String) -> rquickjs::Result<()> {
    with_slot(&ctx, &this, |slot| {
        let ecb = slot.ecb.as_mut().expect("checked by with_slot");
        ecb.redirect(&url).map_err(|e| host_error(&ctx, e))?;
        slot.headers_sent = true;
        Ok(())
    })
}

fn is_keep_conn<'js>(ctx: Ctx<'js>, this: This<Value<'js>>) -> rquickjs::Result<bool> {
    with_ecb_mut(&ctx, &this, |ecb| {
        ecb.is_keep_conn().map_err(|e| host_error(&ctx, e))
    })
}

fn done_with_session<'js>(
    ctx: Ctx<'js>,
    this: This<Value<'js>>,
    status: Opt<Value<'js>>,
) -> rquickjs::Result<()> {
    let status = optional::<u32>(&ctx, status)?.unwrap_or(isapi::sys::HSE_STATUS_SUCCESS);
    let ecb = with_slot(&ctx, &this, |slot| Ok(slot.ecb.take()))?;
    if let Some(ecb) = ecb {
        ecb.done_with_session(status)
            .map_err(|e| host_error(&ctx, e))?;
    }
    Ok(())
}
