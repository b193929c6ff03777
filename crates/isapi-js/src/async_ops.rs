//! Promise-based asynchronous I/O for handlers: `ReadClientAsync`, `WriteClientAsync`,
//! `TransmitFileAsync` (and the synchronous `TransmitFile`), `ExecURLAsync`.
//!
//! The server reports completions on its own threads through `HSE_REQ_IO_COMPLETION`;
//! the trampoline only posts them to the inbox of the engine thread that owns the
//! request, and that thread settles the Promise (JS never runs on a server thread).
//! Servers that refuse asynchronous I/O get the same result synchronously.
use std::ffi::c_void;
use std::time::{Duration, Instant};

use crossbeam_channel::{unbounded, Receiver, Sender};
use isapi::{sys, ExecRequest, ExecSpec, Transmission, TransmitSpec, Vector, VectorPart};
use rquickjs::function::{Opt, This};
use rquickjs::{Ctx, Function, Object, Persistent, Promise, TypedArray, Value};

use crate::ecb_object::{
    bytes_of, host_error, optional, read_size, request_id, with_slot, with_slot_by_id, RequestSlot,
};
use crate::error::throw_named;

/// A finished operation, as the server reported it.
pub(crate) struct Completion {
    request: u32,
    bytes: u32,
    error: u32,
}

/// The `pContext` of a request's completion routine: where to post, and for whom.
struct Target {
    inbox: Sender<Completion>,
    request: u32,
}

thread_local! {
    /// This engine thread's completions; the platform's event loop waits on it beside its
    /// own inbox (see [`step`]).
    static INBOX: (Sender<Completion>, Receiver<Completion>) = unbounded();
}

/// A sender into this engine thread's completions, for the server's threads.
fn inbox() -> Sender<Completion> {
    INBOX.with(|(sender, _)| sender.clone())
}

/// Per-request state: the registered target and the one operation in flight.
pub(crate) struct AsyncState {
    /// `None` when the server refused `HSE_REQ_IO_COMPLETION`: operations run synchronously.
    target: Option<Box<Target>>,
    pending: Option<Pending>,
    callback: Option<Callback>,
}

struct Pending {
    /// Memory the server uses until the completion: must not move or be freed before.
    resources: Resources,
    settle: Settle,
}

/// Who hears of a completion.
enum Settle {
    /// A Promise form (`ReadClientAsync`, …).
    Promise {
        resolve: Persistent<Function<'static>>,
        reject: Persistent<Function<'static>>,
    },
    /// pywin32's style: the function registered with `ecb.IOCompletion(func, arg)`.
    Callback,
}

/// `ecb.IOCompletion(func, arg)`: called as `func(ecb, arg, cbIO, dwError)`.
struct Callback {
    function: Persistent<Function<'static>>,
    argument: Persistent<Value<'static>>,
    ecb: Persistent<Object<'static>>,
}

enum Resources {
    Read(Vec<u8>),
    Write(#[allow(dead_code)] Vec<u8>),
    Transmit(#[allow(dead_code)] Transmission),
    Exec(#[allow(dead_code)] ExecRequest),
}

/// The server's completion routine. Runs on a server thread: it only posts.
unsafe extern "system" fn on_completion(
    _ecb: *mut sys::EXTENSION_CONTROL_BLOCK,
    context: *mut c_void,
    bytes: u32,
    error: u32,
) {
    if context.is_null() {
        return;
    }
    // SAFETY: `context` is the Target registered for this request; it is freed only after
    // its last completion arrived (see `finish`).
    let target = unsafe { &*context.cast::<Target>() };
    let _ = target.inbox.send(Completion {
        request: target.request,
        bytes,
        error,
    });
}

pub(crate) fn install<'js>(ctx: &Ctx<'js>, proto: &Object<'js>) -> rquickjs::Result<()> {
    proto.set(
        "ReadClientAsync",
        Function::new(ctx.clone(), read_client_async)?,
    )?;
    proto.set(
        "WriteClientAsync",
        Function::new(ctx.clone(), write_client_async)?,
    )?;
    proto.set("TransmitFile", Function::new(ctx.clone(), transmit_file)?)?;
    proto.set(
        "TransmitFileAsync",
        Function::new(ctx.clone(), transmit_file_async)?,
    )?;
    proto.set("ExecURLAsync", Function::new(ctx.clone(), exec_url_async)?)?;
    proto.set("IOCompletion", Function::new(ctx.clone(), io_completion)?)?;
    proto.set("ExecURL", Function::new(ctx.clone(), exec_url_callback)?)?;
    proto.set("VectorSend", Function::new(ctx.clone(), vector_send)?)?;
    proto.set(
        "GetExecURLStatus",
        Function::new(ctx.clone(), get_exec_url_status)?,
    )?;
    Ok(())
}

/// One step of the engine's event loop for request `id` (see
/// [`isapi_runtime::event_loop::step`]): a job, the due timers, a task of the platform
/// (a fetch's answer) or one of this request's completions. `Ok(false)` when nothing is
/// left that could ever make progress.
pub(crate) fn step(ctx: &Ctx<'_>, id: u32, deadline: Option<Instant>) -> Result<bool, String> {
    let pending = io_pending(id);
    INBOX.with(|(_, inbox)| {
        isapi_runtime::event_loop::step(ctx, deadline, Some((inbox, pending)), deliver)
    })
}

fn io_pending(id: u32) -> bool {
    with_slot_by_id(id, |slot| {
        slot.io.as_ref().is_some_and(|io| io.pending.is_some())
    })
    .unwrap_or(false)
}

/// Settles the Promise of a completed operation or calls the registered callback.
/// `Err` carries a callback's exception: the request then ends in error.
fn deliver(ctx: &Ctx<'_>, completion: Completion) -> Result<(), String> {
    let taken = with_slot_by_id(completion.request, |slot| {
        let pending = slot.io.as_mut()?.pending.take()?;
        let mut exec_status = None;
        if let Some(ecb) = slot.ecb.as_mut() {
            match &pending.resources {
                Resources::Read(_) => ecb.note_body_read(completion.bytes as usize),
                Resources::Exec(_) => exec_status = ecb.exec_url_status().ok(),
                _ => {}
            }
        }
        let callback = match pending.settle {
            Settle::Callback => slot
                .io
                .as_ref()
                .and_then(|io| io.callback.as_ref())
                .map(|c| (c.function.clone(), c.argument.clone(), c.ecb.clone())),
            Settle::Promise { .. } => None,
        };
        Some((pending, exec_status, callback))
    });
    // A completion for a request that already ended has nobody to tell.
    let Some(Some((pending, exec_status, callback))) = taken else {
        return Ok(());
    };
    let (resolve, reject) = match pending.settle {
        Settle::Promise { resolve, reject } => (resolve, reject),
        Settle::Callback => {
            let Some((function, argument, ecb)) = callback else {
                return Ok(());
            };
            let (Ok(function), Ok(argument), Ok(ecb)) = (
                function.restore(ctx),
                argument.restore(ctx),
                ecb.restore(ctx),
            ) else {
                return Ok(());
            };
            return function
                .call::<_, ()>((ecb, argument, completion.bytes, completion.error))
                .map_err(|e| {
                    format!(
                        "the IOCompletion callback failed: {}",
                        crate::error::describe_exception(ctx, e)
                    )
                });
        }
    };
    let (Ok(resolve), Ok(reject)) = (resolve.restore(ctx), reject.restore(ctx)) else {
        return Ok(());
    };
    let settled = if completion.error != 0 {
        let error = isapi::Error::Host {
            function: "asynchronous I/O",
            code: completion.error,
        };
        let _ = host_error(ctx, error);
        reject.call::<_, ()>((ctx.catch(),))
    } else {
        match pending.resources {
            Resources::Read(mut buffer) => {
                buffer.truncate(completion.bytes as usize);
                TypedArray::<u8>::new(ctx.clone(), buffer)
                    .and_then(|array| resolve.call::<_, ()>((array,)))
            }
            Resources::Exec(_) => status_object(ctx, exec_status.unwrap_or((0, 0, 0)))
                .and_then(|status| resolve.call::<_, ()>((status,))),
            Resources::Write(_) | Resources::Transmit(_) => {
                resolve.call::<_, ()>((completion.bytes,))
            }
        }
    };
    if let Err(error) = settled {
        tracing::warn!("settling an I/O promise failed: {error}");
    }
    Ok(())
}

/// Before a request ends: an operation still in flight must complete first, or the server
/// would write into freed memory. Waits up to `patience`; past it, the memory is leaked.
pub(crate) fn finish(slot: &mut RequestSlot, patience: Duration) {
    let Some(io) = slot.io.as_mut() else { return };
    if io.pending.is_some() {
        // Read the clock only here: most requests have nothing in flight.
        let deadline = Instant::now() + patience;
        let arrived = INBOX.with(|(_, inbox)| inbox.recv_deadline(deadline).is_ok());
        if !arrived {
            tracing::error!("an asynchronous operation never completed; leaking its buffers");
            std::mem::forget(io.pending.take());
            std::mem::forget(io.target.take());
        }
    }
}

/// A Promise already settled with `value` (the synchronous paths).
fn resolved<'js>(
    ctx: &Ctx<'js>,
    value: impl rquickjs::IntoJs<'js>,
) -> rquickjs::Result<Promise<'js>> {
    let (promise, resolve, _) = Promise::new(ctx)?;
    resolve.call::<_, ()>((value,))?;
    Ok(promise)
}

/// A named option of an options object; absent, `undefined` and `null` alike are `None`.
fn option<'js>(options: Option<&Object<'js>>, name: &str) -> rquickjs::Result<Option<Value<'js>>> {
    let value: Option<Value<'js>> = match options {
        Some(o) => o.get(name)?,
        None => None,
    };
    Ok(value.filter(|v| !(v.is_undefined() || v.is_null())))
}

/// ISAPI allows one asynchronous operation per request at a time.
fn busy(ctx: &Ctx<'_>) -> rquickjs::Error {
    throw_named(
        ctx,
        "ExtensionError",
        "another asynchronous operation of this request is still in progress",
        Some(sys::ERROR_INVALID_PARAMETER),
    )
}

/// Registers the completion routine on first use. `Ok(false)` when the server refuses
/// asynchronous I/O (then operations run synchronously).
fn ensure_registered(ctx: &Ctx<'_>, slot: &mut RequestSlot, id: u32) -> rquickjs::Result<bool> {
    if let Some(io) = &slot.io {
        if io.pending.is_some() {
            return Err(busy(ctx));
        }
        return Ok(io.target.is_some());
    }
    let target = Box::new(Target {
        inbox: inbox(),
        request: id,
    });
    let ecb = slot.ecb.as_mut().expect("checked by with_slot");
    let context = (&*target as *const Target).cast_mut().cast::<c_void>();
    // SAFETY: the trampoline is a plain function; the target lives in the slot until the
    // request's last completion (see `finish`).
    let registered = unsafe { ecb.register_io_completion(on_completion, context) };
    let supported = registered.is_ok();
    slot.io = Some(AsyncState {
        target: supported.then_some(target),
        pending: None,
        callback: None,
    });
    Ok(supported)
}

fn start<'js>(
    ctx: &Ctx<'js>,
    slot: &mut RequestSlot,
    resources: Resources,
) -> rquickjs::Result<Promise<'js>> {
    let (promise, resolve, reject) = Promise::new(ctx)?;
    if let Some(io) = slot.io.as_mut() {
        io.pending = Some(Pending {
            resources,
            settle: Settle::Promise {
                resolve: Persistent::save(ctx, resolve),
                reject: Persistent::save(ctx, reject),
            },
        });
    }
    Ok(promise)
}

fn read_client_async<'js>(
    ctx: Ctx<'js>,
    this: This<Object<'js>>,
    size: Opt<Value<'js>>,
) -> rquickjs::Result<Promise<'js>> {
    let size = read_size(&ctx, size)?;
    let id = request_id(&ctx, &this)?;
    let outcome = with_slot(&ctx, &this, |slot| {
        let ecb = slot.ecb.as_ref().expect("checked by with_slot");
        // Preloaded bytes and a finished body need no I/O; nor does a server without it.
        let no_io_needed = ecb.body_complete() || ecb.preload_remaining() > 0;
        if no_io_needed || !ensure_registered(&ctx, slot, id)? {
            let ecb = slot.ecb.as_mut().expect("checked by with_slot");
            let mut buffer = vec![0; crate::ecb_object::buffer_size(ecb, size)];
            let n = ecb
                .read_body(&mut buffer)
                .map_err(|e| host_error(&ctx, e))?;
            buffer.truncate(n);
            return Ok(Err(buffer));
        }
        let ecb = slot.ecb.as_mut().expect("checked by with_slot");
        let mut buffer = vec![0u8; crate::ecb_object::buffer_size(ecb, size).max(1)];
        // SAFETY: the buffer moves into the slot (its heap block stays put) and is kept
        // until the completion.
        unsafe { ecb.read_client_async(buffer.as_mut_ptr(), buffer.len() as u32) }
            .map_err(|e| host_error(&ctx, e))?;
        Ok(Ok(start(&ctx, slot, Resources::Read(buffer))?))
    })?;
    match outcome {
        Ok(promise) => Ok(promise),
        Err(bytes) => resolved(&ctx, TypedArray::<u8>::new(ctx.clone(), bytes)?),
    }
}

fn write_client_async<'js>(
    ctx: Ctx<'js>,
    this: This<Object<'js>>,
    data: Value<'js>,
) -> rquickjs::Result<Promise<'js>> {
    let bytes = bytes_of(&ctx, &data)?;
    let id = request_id(&ctx, &this)?;
    let outcome = with_slot(&ctx, &this, |slot| {
        if bytes.is_empty() || !ensure_registered(&ctx, slot, id)? {
            let ecb = slot.ecb.as_mut().expect("checked by with_slot");
            ecb.write_client(&bytes).map_err(|e| host_error(&ctx, e))?;
            return Ok(None);
        }
        let ecb = slot.ecb.as_mut().expect("checked by with_slot");
        // SAFETY: the bytes move into the slot and are kept until the completion.
        unsafe { ecb.write_client_async(bytes.as_ptr(), bytes.len() as u32) }
            .map_err(|e| host_error(&ctx, e))?;
        Ok(Some(start(&ctx, slot, Resources::Write(bytes.clone()))?))
    })?;
    match outcome {
        Some(promise) => Ok(promise),
        None => resolved(&ctx, bytes.len() as u32),
    }
}

/// What `HSE_TF_INFO` points to, owned until the transfer ends.
/// Reads `TransmitFile(path, options?)`'s arguments and opens the file.
fn transmission<'js>(
    ctx: &Ctx<'js>,
    path: &str,
    options: Opt<Value<'js>>,
) -> rquickjs::Result<Transmission> {
    let options: Option<Object<'js>> = optional(ctx, options)?;
    let get = |name: &str| option(options.as_ref(), name);
    let number = |name: &str| -> rquickjs::Result<u32> {
        match get(name)? {
            None => Ok(0),
            Some(v) => v
                .as_number()
                .filter(|n| n.is_finite() && *n >= 0.0 && *n <= f64::from(u32::MAX))
                .map(|n| n as u32)
                .ok_or_else(|| {
                    throw_named(
                        ctx,
                        "RangeError",
                        &format!("TransmitFile {name} must be a 32-bit count"),
                        None,
                    )
                }),
        }
    };
    let bytes = |name: &str| -> rquickjs::Result<Vec<u8>> {
        get(name)?.map_or(Ok(Vec::new()), |v| bytes_of(ctx, &v))
    };
    let status = match get("status")? {
        Some(status) => Some(String::from_utf8_lossy(&bytes_of(ctx, &status)?).into_owned()),
        None => None,
    };
    let headers = match get("headers")? {
        Some(h) => crate::ecb_object::header_text(ctx, &h)?,
        None => String::new(),
    };
    let spec = TransmitSpec {
        status,
        headers,
        head: bytes("head")?,
        tail: bytes("tail")?,
        offset: number("offset")?,
        length: number("length")?,
        disconnect: get("disconnect")?.is_some_and(|v| v.as_bool() == Some(true)),
    };
    Transmission::open(path, spec).map_err(|e| request_error(ctx, e))
}

/// A failure to lay out a request: a bad argument is a TypeError, the rest as the host's.
fn request_error(ctx: &Ctx<'_>, error: isapi::Error) -> rquickjs::Error {
    match error {
        isapi::Error::InvalidArgument(message) => throw_named(ctx, "TypeError", &message, None),
        other => host_error(ctx, other),
    }
}

fn transmit_file<'js>(
    ctx: Ctx<'js>,
    this: This<Object<'js>>,
    path: String,
    options: Opt<Value<'js>>,
) -> rquickjs::Result<()> {
    let mut transmission = transmission(&ctx, &path, options)?;
    with_slot(&ctx, &this, |slot| {
        let ecb = slot.ecb.as_mut().expect("checked by with_slot");
        // SAFETY: `transmission` owns everything `info` points to and outlives the call.
        unsafe { ecb.transmit_file(&mut transmission.info) }.map_err(|e| host_error(&ctx, e))?;
        if transmission.sends_headers() {
            slot.headers_sent = true;
        }
        Ok(())
    })
}

fn transmit_file_async<'js>(
    ctx: Ctx<'js>,
    this: This<Object<'js>>,
    path: String,
    options: Opt<Value<'js>>,
) -> rquickjs::Result<Promise<'js>> {
    let mut transmission = transmission(&ctx, &path, options)?;
    let id = request_id(&ctx, &this)?;
    let outcome = with_slot(&ctx, &this, |slot| {
        if transmission.sends_headers() {
            slot.headers_sent = true;
        }
        let asynchronous = ensure_registered(&ctx, slot, id)?;
        let ecb = slot.ecb.as_mut().expect("checked by with_slot");
        if asynchronous {
            transmission.info.dwFlags |= sys::HSE_IO_ASYNC;
        }
        // SAFETY: `transmission` moves into the slot below (its heap parts and file stay
        // put) and is kept until the completion; synchronously it outlives the call.
        unsafe { ecb.transmit_file(&mut transmission.info) }.map_err(|e| host_error(&ctx, e))?;
        if asynchronous {
            Ok(Some(start(&ctx, slot, Resources::Transmit(transmission))?))
        } else {
            Ok(None)
        }
    })?;
    match outcome {
        Some(promise) => Ok(promise),
        None => resolved(&ctx, ()),
    }
}

/// `HSE_EXEC_URL_STATUS` as a JS object.
fn status_object<'js>(
    ctx: &Ctx<'js>,
    (status, sub_status, error): (u16, u16, u32),
) -> rquickjs::Result<Object<'js>> {
    let object = Object::new(ctx.clone())?;
    object.set("HttpStatusCode", status)?;
    object.set("HttpSubStatus", sub_status)?;
    object.set("Win32Error", error)?;
    Ok(object)
}

fn get_exec_url_status<'js>(
    ctx: Ctx<'js>,
    this: This<Object<'js>>,
) -> rquickjs::Result<Object<'js>> {
    let status = with_slot(&ctx, &this, |slot| {
        let ecb = slot.ecb.as_mut().expect("checked by with_slot");
        ecb.exec_url_status().map_err(|e| host_error(&ctx, e))
    })?;
    status_object(&ctx, status)
}

/// `ExecURLAsync(url?, { method?, headers?, entity?, flags? })`: runs a child request
/// through the server's mapping; resolves with its `{ HttpStatusCode, HttpSubStatus,
/// Win32Error }`. Needs asynchronous I/O (IIS 6+ and our host).
/// Copies `ExecURLAsync`'s arguments into the structs `HSE_REQ_EXEC_URL` reads.
fn exec_request<'js>(
    ctx: &Ctx<'js>,
    url: Option<String>,
    options: Option<Object<'js>>,
) -> rquickjs::Result<ExecRequest> {
    let get = |name: &str| option(options.as_ref(), name);
    let method = get("method")?
        .map(|v| bytes_of(ctx, &v).map(|b| String::from_utf8_lossy(&b).into_owned()))
        .transpose()?;
    let headers = match get("headers")? {
        Some(h) => Some(crate::ecb_object::header_text(ctx, &h)?),
        None => None,
    };
    let entity = get("entity")?
        .map(|body| bytes_of(ctx, &body))
        .transpose()?;
    let flags: u32 = match get("flags")? {
        Some(v) => v.as_number().map(|n| n as u32).unwrap_or(0),
        None => 0,
    };
    ExecRequest::new(ExecSpec {
        url,
        method,
        headers,
        entity,
        flags,
    })
    .map_err(|e| request_error(ctx, e))
}

fn exec_url_async<'js>(
    ctx: Ctx<'js>,
    this: This<Object<'js>>,
    url: Opt<Value<'js>>,
    options: Opt<Value<'js>>,
) -> rquickjs::Result<Promise<'js>> {
    let url: Option<String> = optional(&ctx, url)?;
    let options: Option<Object<'js>> = optional(&ctx, options)?;
    let request = exec_request(&ctx, url, options)?;
    let promise = submit_exec(&ctx, &this, request, false)?;
    Ok(promise.expect("a Promise unless the callback style was asked for"))
}

/// pywin32's `ExecURL(url, method, clientHeaders, info, entity, flags)`: completion through
/// the `IOCompletion` callback; `info` and `entity` must be null, as in pywin32.
fn exec_url_callback<'js>(
    ctx: Ctx<'js>,
    this: This<Object<'js>>,
    args: rquickjs::function::Rest<Value<'js>>,
) -> rquickjs::Result<()> {
    // (url, method, clientHeaders, info, entity, flags); absent, undefined and null alike.
    let arg = |index: usize| {
        args.0
            .get(index)
            .cloned()
            .filter(|v| !(v.is_undefined() || v.is_null()))
    };
    let (url, method, headers, flags) = (arg(0), arg(1), arg(2), arg(5));
    if arg(3).is_some() || arg(4).is_some() {
        return Err(throw_named(
            &ctx,
            "TypeError",
            "ExecURL: info and entity must be null (as in pywin32)",
            None,
        ));
    }
    let options = Object::new(ctx.clone())?;
    if let Some(method) = method {
        options.set("method", method)?;
    }
    if let Some(headers) = headers {
        options.set("headers", headers)?;
    }
    if let Some(flags) = flags {
        options.set("flags", flags)?;
    }
    let url: Option<String> = url
        .map(|v| rquickjs::FromJs::from_js(&ctx, v))
        .transpose()?;
    let request = exec_request(&ctx, url, Some(options))?;
    submit_exec(&ctx, &this, request, true).map(|_| ())
}

/// Starts the child request; its completion settles a Promise, or (`callback`) goes to the
/// `IOCompletion` function.
fn submit_exec<'js>(
    ctx: &Ctx<'js>,
    this: &Object<'js>,
    mut request: ExecRequest,
    callback: bool,
) -> rquickjs::Result<Option<Promise<'js>>> {
    let id = request_id(ctx, this)?;
    with_slot(ctx, this, |slot| {
        if callback && slot.io.as_ref().is_none_or(|io| io.callback.is_none()) {
            return Err(throw_named(
                ctx,
                "ExtensionError",
                "ExecURL needs ecb.IOCompletion(func) first",
                Some(sys::ERROR_INVALID_PARAMETER),
            ));
        }
        if !ensure_registered(ctx, slot, id)? {
            return Err(throw_named(
                ctx,
                "ExtensionError",
                "ExecURL needs asynchronous I/O, which this server refuses",
                Some(sys::ERROR_NOT_SUPPORTED),
            ));
        }
        let ecb = slot.ecb.as_mut().expect("checked by with_slot");
        // SAFETY: `request` (strings, entity, struct) moves into the slot; the pointed-to
        // heap blocks stay put until the completion.
        unsafe { ecb.exec_url(&mut request.info) }.map_err(|e| host_error(ctx, e))?;
        // The child answers the client.
        slot.headers_sent = true;
        if callback {
            if let Some(io) = slot.io.as_mut() {
                io.pending = Some(Pending {
                    resources: Resources::Exec(request),
                    settle: Settle::Callback,
                });
            }
            Ok(None)
        } else {
            start(ctx, slot, Resources::Exec(request)).map(Some)
        }
    })
}

/// `ecb.IOCompletion(func, arg?)` (pywin32): the callback for raw asynchronous operations
/// (`WriteClient(data, HSE_IO_ASYNC)`), called as `func(ecb, arg, cbIO, dwError)`.
fn io_completion<'js>(
    ctx: Ctx<'js>,
    this: This<Object<'js>>,
    function: Function<'js>,
    argument: Opt<Value<'js>>,
) -> rquickjs::Result<()> {
    let id = request_id(&ctx, &this)?;
    let argument = argument
        .0
        .unwrap_or_else(|| Value::new_undefined(ctx.clone()));
    with_slot(&ctx, &this, |slot| {
        if slot.io.as_ref().is_some_and(|io| io.pending.is_some()) {
            return Err(throw_named(
                &ctx,
                "ExtensionError",
                "cannot replace the completion routine while an operation is in progress",
                Some(sys::ERROR_INVALID_PARAMETER),
            ));
        }
        if !ensure_registered(&ctx, slot, id)? {
            return Err(throw_named(
                &ctx,
                "ExtensionError",
                "this server refuses asynchronous I/O (HSE_REQ_IO_COMPLETION)",
                Some(sys::ERROR_NOT_SUPPORTED),
            ));
        }
        if let Some(io) = slot.io.as_mut() {
            io.callback = Some(Callback {
                function: Persistent::save(&ctx, function),
                argument: Persistent::save(&ctx, argument),
                ecb: Persistent::save(&ctx, this.0.clone()),
            });
        }
        Ok(())
    })
}

/// `WriteClient(data, HSE_IO_ASYNC)`: completion through the `IOCompletion` callback.
pub(crate) fn write_with_callback<'js>(
    ctx: &Ctx<'js>,
    this: &Object<'js>,
    bytes: Vec<u8>,
) -> rquickjs::Result<()> {
    with_slot(ctx, this, |slot| {
        let io = slot
            .io
            .as_mut()
            .filter(|io| io.callback.is_some())
            .ok_or_else(|| {
                throw_named(
                    ctx,
                    "ExtensionError",
                    "WriteClient with HSE_IO_ASYNC needs ecb.IOCompletion(func) first",
                    Some(sys::ERROR_INVALID_PARAMETER),
                )
            })?;
        if io.pending.is_some() {
            return Err(busy(ctx));
        }
        let ecb = slot.ecb.as_mut().expect("checked by with_slot");
        // SAFETY: the bytes move into the slot and are kept until the completion.
        unsafe { ecb.write_client_async(bytes.as_ptr(), bytes.len() as u32) }
            .map_err(|e| host_error(ctx, e))?;
        if let Some(io) = slot.io.as_mut() {
            io.pending = Some(Pending {
                resources: Resources::Write(bytes),
                settle: Settle::Callback,
            });
        }
        Ok(())
    })
}

/// `VectorSend(elements, { status?, headers?, disconnect? })`: strings, byte arrays and
/// `{ path, offset?, length? }` file ranges sent in one `HSE_REQ_VECTOR_SEND` call.
fn vector_send<'js>(
    ctx: Ctx<'js>,
    this: This<Object<'js>>,
    elements: rquickjs::Array<'js>,
    options: Opt<Value<'js>>,
) -> rquickjs::Result<()> {
    let mut parts = Vec::new();
    for element in elements.iter::<Value<'js>>() {
        let element = element?;
        if element.is_string() || TypedArray::<u8>::from_value(element.clone()).is_ok() {
            parts.push(VectorPart::Bytes(bytes_of(&ctx, &element)?));
        } else if let Some(range) = element.as_object() {
            let number = |name: &str| -> rquickjs::Result<u64> {
                let value: Option<f64> = range.get(name)?;
                Ok(value
                    .filter(|n| n.is_finite() && *n >= 0.0)
                    .map_or(0, |n| n as u64))
            };
            parts.push(VectorPart::File {
                path: range.get("path")?,
                offset: number("offset")?,
                length: number("length")?,
            });
        } else {
            return Err(throw_named(
                &ctx,
                "TypeError",
                "VectorSend elements are strings, Uint8Arrays or { path }",
                None,
            ));
        }
    }
    let options: Option<Object<'js>> = optional(&ctx, options)?;
    let status: Option<String> = match &options {
        Some(o) => o.get("status")?,
        None => None,
    };
    let headers = match (&options, &status) {
        (Some(o), Some(_)) => {
            let value: Value<'js> = o.get("headers")?;
            crate::ecb_object::header_text(&ctx, &value)?
        }
        _ => String::new(),
    };
    let disconnect = match &options {
        Some(o) => o.get::<_, Option<bool>>("disconnect")?.unwrap_or(false),
        None => false,
    };
    let mut vector =
        Vector::new(parts, status, &headers, disconnect).map_err(|e| request_error(&ctx, e))?;
    with_slot(&ctx, &this, |slot| {
        let ecb = slot.ecb.as_mut().expect("checked by with_slot");
        // SAFETY: buffers, files, strings and the element array outlive this synchronous call.
        unsafe { ecb.vector_send(&mut vector.vector) }.map_err(|e| host_error(&ctx, e))?;
        if vector.sends_headers() {
            slot.headers_sent = true;
        }
        Ok(())
    })
}
