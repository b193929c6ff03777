//! The per-call JS objects (`ecb`, `fc`, a filter's `GetData()` object) are instances of
//! a native QuickJS class whose only state is the id of the table entry they stand for.
//!
//! Why raw QuickJS here: this runs several times per request. Making such an object is
//! one QuickJS allocation, and finding a member call's id is one class-checked pointer
//! read; rquickjs's `Class` allocates a cell per instance and its checked conversions
//! classify the value first (about 300 instructions per member call). The class check
//! also means a plain object dressed up as an `ecb`, or an `fc` passed as one, is
//! refused.
use std::ffi::c_void;
use std::sync::atomic::{AtomicU32, Ordering};

use rquickjs::{qjs, Ctx, Object, Value};

/// Which table a handle's id indexes; each is its own class.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Request = 0,
    FilterCall = 1,
}

const NAMES: [&std::ffi::CStr; 2] = [c"EXTENSION_CONTROL_BLOCK", c"HTTP_FILTER_CONTEXT"];

/// The class ids. QuickJS numbers classes per runtime, and every runtime of this library
/// is set up the same way, so each registration gets the same ids; [`register`] checks
/// that rather than assuming it.
static CLASS_IDS: [AtomicU32; 2] = [AtomicU32::new(0), AtomicU32::new(0)];

/// Registers both classes in `ctx`'s runtime; once per runtime, before any handle is made.
pub(crate) fn register(ctx: &Ctx<'_>) -> Result<(), String> {
    // SAFETY: the context pointer is live for the duration of `ctx`.
    let runtime = unsafe { qjs::JS_GetRuntime(ctx.as_raw().as_ptr()) };
    for (kind, name) in NAMES.iter().enumerate() {
        let mut id = 0;
        // SAFETY: `runtime` is live; a zero `id` asks for a fresh class id.
        unsafe { qjs::JS_NewClassID(runtime, &mut id) };
        let known = CLASS_IDS[kind].load(Ordering::Acquire);
        if known == 0 {
            CLASS_IDS[kind].store(id, Ordering::Release);
        } else if known != id {
            return Err(format!(
                "QuickJS gave class {name:?} id {id} in this runtime and {known} in another"
            ));
        }
        let definition = qjs::JSClassDef {
            class_name: name.as_ptr(),
            // The opaque value is an id, not an allocation: nothing to free or to trace.
            finalizer: None,
            gc_mark: None,
            call: None,
            exotic: std::ptr::null_mut(),
        };
        // SAFETY: QuickJS copies the definition; the name is a static C string.
        if unsafe { qjs::JS_NewClass(runtime, id, &definition) } != 0 {
            return Err(format!("QuickJS refused to register class {name:?}"));
        }
    }
    Ok(())
}

/// A new object with `proto` as its prototype standing for entry `id` of table `kind`.
pub(crate) fn new_object<'js>(
    ctx: &Ctx<'js>,
    proto: &Object<'js>,
    kind: Kind,
    id: u32,
) -> rquickjs::Result<Value<'js>> {
    let class = CLASS_IDS[kind as usize].load(Ordering::Relaxed);
    // SAFETY: a live context and prototype; `class` was registered in this runtime
    // (`register` runs when the engine is set up).
    let raw = unsafe { qjs::JS_NewObjectProtoClass(ctx.as_raw().as_ptr(), proto.as_raw(), class) };
    // SAFETY: a tag check on the value just returned.
    if unsafe { qjs::JS_IsException(raw) } {
        return Err(rquickjs::Error::Exception);
    }
    // The id is stored as the pointer itself (table ids are never 0, which QuickJS would
    // read as "no opaque").
    // SAFETY: `raw` is an object of our class; its opaque is ours to set.
    unsafe { qjs::JS_SetOpaque(raw, id as usize as *mut c_void) };
    // SAFETY: `raw` is a new reference, handed to the returned value.
    Ok(unsafe { Value::from_raw(ctx.clone(), raw) })
}

/// A new object inheriting from `Object.prototype` standing for entry `id` of `kind`.
pub(crate) fn new_plain_object<'js>(
    ctx: &Ctx<'js>,
    kind: Kind,
    id: u32,
) -> rquickjs::Result<Object<'js>> {
    // Taken from a fresh object rather than `globalThis.Object`, which handler code may
    // have replaced.
    let object_prototype = Object::new(ctx.clone())?
        .get_prototype()
        .ok_or(rquickjs::Error::Unknown)?;
    new_object(ctx, &object_prototype, kind, id)?
        .into_object()
        .ok_or(rquickjs::Error::Unknown)
}

/// The id `this` stands for, if it is a handle of `kind`.
pub(crate) fn id_of(this: &Value<'_>, kind: Kind) -> Option<u32> {
    id_of_raw(this.as_raw(), kind)
}

/// As [`id_of`], for a value as QuickJS passes it to a C function.
pub(crate) fn id_of_raw(this: qjs::JSValue, kind: Kind) -> Option<u32> {
    let class = CLASS_IDS[kind as usize].load(Ordering::Relaxed);
    // SAFETY: QuickJS checks that the value is an object of `class` and gives null
    // otherwise; the value is only read.
    let opaque = unsafe { qjs::JS_GetOpaque(this, class) } as usize;
    (opaque != 0).then_some(opaque as u32)
}
