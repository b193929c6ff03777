//! The native half of `WebAssembly` (`js/wasm.js`), on the wasmi interpreter.
//!
//! One wasmi `Store` per engine (context userdata, made on first use): the JS API lets
//! instances share memories, tables, globals and functions, which wasmi allows only
//! within one store. JS holds numeric handles into [`State::entities`]; wasmi frees
//! nothing before its store, so neither do we (an engine is replaced, not swept).
//!
//! Limits: wasm code runs on fuel, refilled in slices; between slices the engine's
//! deadline ([`crate::set_deadline`]) is checked, so an endless wasm loop is stopped as
//! an endless JS loop is. Linear memory and tables are bounded by the engine's memory
//! limit ([`crate::set_memory_limit`]), summed over the store.
//!
//! `Memory.buffer` is an ArrayBuffer over the linear memory itself (no copy). wasmi
//! moves a memory's bytes when it grows, so before any JS runs after wasm did (a call
//! returned, an import is entered) and after `Memory.grow`, every buffer whose memory
//! moved or changed size is detached, as the standard asks of a grown memory's buffer.
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ptr::NonNull;
use std::rc::Rc;
use std::sync::OnceLock;
use std::time::Instant;

use rquickjs::function::{Rest, This};
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{qjs, Array, ArrayBuffer, BigInt, Ctx, Function, JsLifetime, Persistent, Value};
use wasmi::{
    AsContext, AsContextMut, Caller, CompilationMode, Config, Engine, Extern, ExternRef,
    ExternType, Func, FuncType, Global, Memory, MemoryType, Module, Mutability, Nullable, Ref,
    RefType, ResourceLimiter, ResumableCall, Store, StoreContextMut, Table, TableType, Val,
    ValType,
};

use crate::bytes::with_bytes_of;
use crate::errors::throw_named;

/// Fuel (about one per instruction) between two looks at the deadline.
const FUEL_SLICE: u64 = 1 << 20;
/// A start function runs in one go (wasmi cannot resume one), so it is bounded by fuel
/// (about 1e9 instructions, a second or two), not by the deadline: past that it traps.
const START_FUEL: u64 = 1 << 30;

thread_local! {
    /// When the running call must stop: set by the embedder around each call.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    /// The context that entered wasm (for imports to call JS).
    static CURRENT: Cell<Option<NonNull<qjs::JSContext>>> = const { Cell::new(None) };
    /// The innermost running import's caller: the store, lent to wasm for the call.
    static ACTIVE: Cell<*mut Caller<'static, Host>> = const { Cell::new(std::ptr::null_mut()) };
}

/// Sets (or clears) the deadline of the running call on this thread.
pub fn set_deadline(deadline: Option<Instant>) {
    DEADLINE.with(|d| d.set(deadline));
}

/// The engine's memory limit in bytes (0: none), as context userdata.
pub(crate) struct MemoryLimit(pub usize);

// SAFETY: no JS values inside; `Changed` is the same type.
unsafe impl<'js> JsLifetime<'js> for MemoryLimit {
    type Changed<'to> = MemoryLimit;
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut config = Config::default();
        config.consume_fuel(true);
        // Validates eagerly (CompileError at compile time), translates each function
        // on its first call: a module's unused functions cost nothing.
        config.compilation_mode(CompilationMode::LazyTranslation);
        Engine::new(&config)
    })
}

/// The store's data: the resource limiter.
struct Host {
    limit: usize,
    used: usize,
}

impl ResourceLimiter for Host {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> Result<bool, wasmi_core::LimiterError> {
        Ok(self.admit(desired.saturating_sub(current)))
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> Result<bool, wasmi_core::LimiterError> {
        Ok(self.admit(desired.saturating_sub(current).saturating_mul(8)))
    }

    fn instances(&self) -> usize {
        usize::MAX
    }
    fn tables(&self) -> usize {
        usize::MAX
    }
    fn memories(&self) -> usize {
        usize::MAX
    }
}

impl Host {
    fn admit(&mut self, more: usize) -> bool {
        match self.used.checked_add(more) {
            Some(total) if total <= self.limit => {
                self.used = total;
                true
            }
            _ => false,
        }
    }
}

/// A compiled module and the order of its imports and exports in the binary, which the
/// JS API keeps (wasmi iterates them sorted).
#[derive(Clone)]
struct Compiled {
    module: Module,
    /// For each import in binary order, its index in `module.imports()`.
    imports: Vec<usize>,
    /// Export names in binary order, with the index of each (a function's is its name in JS).
    exports: Vec<(String, u32)>,
}

impl Compiled {
    fn new(module: Module, bytes: &[u8]) -> Compiled {
        let mut names = Vec::new();
        let mut exports = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(bytes) {
            match payload {
                Ok(wasmparser::Payload::ImportSection(reader)) => {
                    for import in reader.into_iter().flatten() {
                        names.push((import.module.to_owned(), import.name.to_owned()));
                    }
                }
                Ok(wasmparser::Payload::ExportSection(reader)) => {
                    exports.extend(
                        reader
                            .into_iter()
                            .flatten()
                            .map(|e| (e.name.to_owned(), e.index)),
                    );
                }
                _ => {}
            }
        }
        let mut taken = vec![false; module.imports().len()];
        let mut imports = Vec::with_capacity(names.len());
        for (module_name, name) in &names {
            let found = module.imports().enumerate().position(|(i, import)| {
                !taken[i] && import.module() == module_name && import.name() == name
            });
            if let Some(i) = found {
                taken[i] = true;
                imports.push(i);
            }
        }
        if imports.len() != taken.len() {
            // Not expected (wasmi validated the same bytes): fall back to wasmi's order.
            imports = (0..taken.len()).collect();
        }
        Compiled {
            module,
            imports,
            exports,
        }
    }
}

enum Entity {
    Module(Compiled),
    Func(Func),
    Memory(Memory),
    Table(Table),
    Global(Global),
}

/// A `Memory.buffer` handed to JS, and the bytes it covers.
struct Buffer {
    memory: u32,
    buffer: Persistent<ArrayBuffer<'static>>,
    ptr: usize,
    len: usize,
}

struct State {
    store: RefCell<Store<Host>>,
    entities: RefCell<Vec<Entity>>,
    /// The handle of each function, memory, table and global JS has seen, by wasmi's
    /// identity of it (see [`known`]): one JS object per wasm object.
    known: RefCell<HashMap<String, u32>>,
    /// The JS adapters of imported JS functions, by host index.
    hosts: RefCell<Vec<Persistent<Function<'static>>>>,
    /// JS values passed to wasm as externref, by index (+1: wasm holds the index).
    externs: RefCell<Vec<Persistent<Value<'static>>>>,
    buffers: RefCell<Vec<Buffer>>,
    /// The exception a JS import threw, carried through wasm to its JS caller.
    pending: RefCell<Option<Persistent<Value<'static>>>>,
    /// CompileError, LinkError, RuntimeError (js/wasm.js's classes).
    errors: RefCell<Option<[Persistent<Function<'static>>; 3]>>,
}

struct StateRef(Rc<State>);

// SAFETY: holds only 'static data (Persistent values); `Changed` is the same type.
unsafe impl<'js> JsLifetime<'js> for StateRef {
    type Changed<'to> = StateRef;
}

fn state(ctx: &Ctx<'_>) -> rquickjs::Result<Rc<State>> {
    if let Some(state) = ctx.userdata::<StateRef>() {
        return Ok(state.0.clone());
    }
    let limit = match ctx.userdata::<MemoryLimit>() {
        Some(limit) if limit.0 > 0 => limit.0,
        _ => usize::MAX,
    };
    let mut store = Store::new(engine(), Host { limit, used: 0 });
    store.limiter(|host| host);
    let state = Rc::new(State {
        store: RefCell::new(store),
        entities: RefCell::default(),
        known: RefCell::default(),
        hosts: RefCell::default(),
        externs: RefCell::default(),
        buffers: RefCell::default(),
        pending: RefCell::default(),
        errors: RefCell::default(),
    });
    ctx.store_userdata(StateRef(state.clone()))
        .map_err(|e| throw_named(ctx, "Error", &e.to_string(), None))?;
    Ok(state)
}

/// Runs `f` with the store: the running import's (wasm lent it the store) or the idle one.
fn with_store<R>(
    ctx: &Ctx<'_>,
    state: &State,
    f: impl FnOnce(StoreContextMut<'_, Host>) -> R,
) -> rquickjs::Result<R> {
    let active = ACTIVE.with(Cell::get);
    if !active.is_null() {
        // SAFETY: ACTIVE points at the `Caller` of the import running below us on this
        // thread's stack; that import does not touch it until the JS it called returns
        // (see `call_import`), and resets ACTIVE before it returns.
        let caller = unsafe { &mut *active };
        return Ok(f(caller.as_context_mut()));
    }
    let mut store = state
        .store
        .try_borrow_mut()
        .map_err(|_| throw_named(ctx, "Error", "the WebAssembly store is busy", None))?;
    Ok(f(store.as_context_mut()))
}

fn entity_index(ctx: &Ctx<'_>, state: &State, entity: Entity) -> rquickjs::Result<u32> {
    let mut entities = state.entities.borrow_mut();
    let index = u32::try_from(entities.len())
        .map_err(|_| throw_named(ctx, "RangeError", "too many WebAssembly objects", None))?;
    entities.push(entity);
    Ok(index)
}

/// The handle of `entity`, the one it already has if JS saw it before. wasmi gives its
/// objects no `Eq`; their `Debug` form names their store slot, which is their identity.
fn known(ctx: &Ctx<'_>, state: &State, key: String, entity: Entity) -> rquickjs::Result<u32> {
    if let Some(&handle) = state.known.borrow().get(&key) {
        return Ok(handle);
    }
    let handle = entity_index(ctx, state, entity)?;
    state.known.borrow_mut().insert(key, handle);
    Ok(handle)
}

fn func_handle(ctx: &Ctx<'_>, state: &State, func: Func) -> rquickjs::Result<u32> {
    known(ctx, state, format!("{func:?}"), Entity::Func(func))
}

fn memory_handle(ctx: &Ctx<'_>, state: &State, memory: Memory) -> rquickjs::Result<u32> {
    known(ctx, state, format!("{memory:?}"), Entity::Memory(memory))
}

fn table_handle(ctx: &Ctx<'_>, state: &State, table: Table) -> rquickjs::Result<u32> {
    known(ctx, state, format!("{table:?}"), Entity::Table(table))
}

fn global_handle(ctx: &Ctx<'_>, state: &State, global: Global) -> rquickjs::Result<u32> {
    known(ctx, state, format!("{global:?}"), Entity::Global(global))
}

macro_rules! getter {
    ($name:ident, $variant:ident, $ty:ty, $what:literal) => {
        fn $name(ctx: &Ctx<'_>, state: &State, handle: u32) -> rquickjs::Result<$ty> {
            match state.entities.borrow().get(handle as usize) {
                Some(Entity::$variant(x)) => Ok(x.clone()),
                _ => Err(throw_named(
                    ctx,
                    "TypeError",
                    concat!("not a WebAssembly ", $what),
                    None,
                )),
            }
        }
    };
}
getter!(module_of, Module, Compiled, "Module");
getter!(func_of, Func, Func, "function");
getter!(memory_of, Memory, Memory, "Memory");
getter!(table_of, Table, Table, "Table");
getter!(global_of, Global, Global, "Global");

/// Throws one of js/wasm.js's error classes (0 CompileError, 1 LinkError, 2 RuntimeError).
fn throw_wasm(ctx: &Ctx<'_>, state: &State, which: usize, message: &str) -> rquickjs::Error {
    let class = state
        .errors
        .borrow()
        .as_ref()
        .and_then(|classes| classes[which].clone().restore(ctx).ok());
    let Some(class) = class else {
        return throw_named(ctx, "Error", message, None);
    };
    match rquickjs::function::Constructor::from_value(class.into_value())
        .ok()
        .map(|c| c.construct::<_, Value>((message,)))
    {
        Some(Ok(error)) => ctx.throw(error),
        Some(Err(error)) => error,
        None => throw_named(ctx, "Error", message, None),
    }
}

fn type_name(ty: ValType) -> &'static str {
    match ty {
        ValType::I32 => "i32",
        ValType::I64 => "i64",
        ValType::F32 => "f32",
        ValType::F64 => "f64",
        ValType::V128 => "v128",
        ValType::FuncRef => "anyfunc",
        ValType::ExternRef => "externref",
    }
}

fn parse_type(ctx: &Ctx<'_>, name: &str) -> rquickjs::Result<ValType> {
    Ok(match name {
        "i32" => ValType::I32,
        "i64" => ValType::I64,
        "f32" => ValType::F32,
        "f64" => ValType::F64,
        "anyfunc" | "funcref" => ValType::FuncRef,
        "externref" => ValType::ExternRef,
        _ => {
            return Err(throw_named(
                ctx,
                "TypeError",
                &format!("{name:?} is not a WebAssembly value type"),
                None,
            ))
        }
    })
}

/// A wasm value as JS sees it before js/wasm.js wraps it: numbers, BigInt for i64, a
/// function handle (or null) for funcref, the JS value itself for externref.
fn to_js<'js>(
    ctx: &Ctx<'js>,
    state: &State,
    store: impl AsContext,
    val: &Val,
) -> rquickjs::Result<Value<'js>> {
    Ok(match val {
        Val::I32(n) => Value::new_int(ctx.clone(), *n),
        Val::I64(n) => BigInt::from_i64(ctx.clone(), *n)?.into_value(),
        Val::F32(n) => Value::new_float(ctx.clone(), f64::from(f32::from(*n))),
        Val::F64(n) => Value::new_float(ctx.clone(), f64::from(*n)),
        Val::V128(_) => {
            return Err(throw_named(
                ctx,
                "TypeError",
                "a v128 value cannot reach JavaScript",
                None,
            ))
        }
        Val::FuncRef(Nullable::Null) | Val::ExternRef(Nullable::Null) => {
            Value::new_null(ctx.clone())
        }
        Val::FuncRef(Nullable::Val(func)) => {
            Value::new_number(ctx.clone(), f64::from(func_handle(ctx, state, *func)?))
        }
        Val::ExternRef(Nullable::Val(reference)) => {
            let index = reference
                .data(store.as_context())
                .downcast_ref::<usize>()
                .copied();
            match index.and_then(|i| state.externs.borrow().get(i).cloned()) {
                Some(value) => value.restore(ctx)?,
                None => Value::new_undefined(ctx.clone()),
            }
        }
    })
}

/// The reverse of [`to_js`], for a value js/wasm.js already converted to `ty`.
fn from_js<'js>(
    ctx: &Ctx<'js>,
    state: &State,
    store: impl AsContextMut,
    ty: ValType,
    value: Value<'js>,
) -> rquickjs::Result<Val> {
    let wrong = |ctx: &Ctx<'js>| {
        throw_named(
            ctx,
            "TypeError",
            &format!("not a WebAssembly {} value", type_name(ty)),
            None,
        )
    };
    Ok(match ty {
        ValType::I32 => Val::I32(value.as_number().ok_or_else(|| wrong(ctx))? as i64 as i32),
        ValType::I64 => {
            let big = value.into_big_int().ok_or_else(|| wrong(ctx))?.to_i64()?;
            Val::I64(big)
        }
        ValType::F32 => Val::F32((value.as_number().ok_or_else(|| wrong(ctx))? as f32).into()),
        ValType::F64 => Val::F64(value.as_number().ok_or_else(|| wrong(ctx))?.into()),
        ValType::FuncRef if value.is_null() => Val::FuncRef(Nullable::Null),
        ValType::FuncRef => {
            let handle = value.as_number().ok_or_else(|| wrong(ctx))?;
            Val::FuncRef(Nullable::Val(func_of(ctx, state, handle as u32)?))
        }
        ValType::ExternRef if value.is_null() => Val::ExternRef(Nullable::Null),
        ValType::ExternRef => {
            let index = {
                let mut externs = state.externs.borrow_mut();
                externs.push(Persistent::save(ctx, value));
                externs.len() - 1
            };
            Val::ExternRef(Nullable::Val(ExternRef::new(store, index)))
        }
        ValType::V128 => return Err(wrong(ctx)),
    })
}

fn ref_of(val: Val) -> Ref {
    match val {
        Val::FuncRef(f) => Ref::Func(f),
        Val::ExternRef(e) => Ref::Extern(e),
        _ => Ref::Func(Nullable::Null),
    }
}

/// `ArrayBuffer.prototype`'s methods that move a buffer's bytes into a new buffer.
const TRANSFERS: &[&str] = &["transfer", "transferToFixedLength", "transferToImmutable"];

/// Replaces each of [`TRANSFERS`] by a native stand-in that refuses a memory's buffer and
/// otherwise calls the built-in. A transfer would hand the memory's bytes to a buffer this
/// file does not know of, and so could not detach when wasmi moves or frees them: a
/// use-after-free. Installed at engine start, before any handler code runs, so no handler
/// can keep the built-in (a guard put in by `wasm.js` when it loaded could be dodged by
/// saving the built-in first). Costs an engine three native functions.
pub(crate) fn install_transfer_guard(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    let prototype: rquickjs::Object = ctx
        .globals()
        .get::<_, rquickjs::Object>("ArrayBuffer")?
        .get("prototype")?;
    let mut builtins = Vec::new();
    for name in TRANSFERS {
        let Some(builtin) = prototype.get::<_, Option<Function>>(*name)? else {
            continue;
        };
        let guard = Function::new(ctx.clone(), transfer_guard(builtins.len()))?.with_name(name)?;
        builtins.push(Persistent::save(ctx, builtin));
        // The built-in's attributes (writable, configurable, not enumerable) stay.
        prototype.set(*name, guard)?;
    }
    ctx.store_userdata(TransferBuiltins(builtins))
        .map(|_| ())
        .map_err(|e| throw_named(ctx, "Error", &e.to_string(), None))
}

/// The built-ins [`install_transfer_guard`] replaced. Kept as the engine's userdata, not in
/// the guards' closures: a built-in holds its realm, so a closure's hold on it (which the
/// GC does not see) would keep the context alive for ever; userdata is let go before the
/// runtime is freed.
struct TransferBuiltins(Vec<Persistent<Function<'static>>>);

// SAFETY: holds only 'static data (Persistent values); `Changed` is the same type.
unsafe impl<'js> JsLifetime<'js> for TransferBuiltins {
    type Changed<'to> = TransferBuiltins;
}

/// The stand-in of the `index`th built-in of [`TransferBuiltins`].
fn transfer_guard(
    index: usize,
) -> impl for<'js> Fn(Ctx<'js>, This<Value<'js>>, Rest<Value<'js>>) -> rquickjs::Result<Value<'js>>
{
    move |ctx, this, args| {
        if is_memory_buffer(&ctx, &this.0) {
            return Err(throw_named(
                &ctx,
                "TypeError",
                "a WebAssembly.Memory's buffer cannot be transferred",
                None,
            ));
        }
        let builtin = ctx
            .userdata::<TransferBuiltins>()
            .and_then(|builtins| builtins.0.get(index).cloned())
            .ok_or_else(|| throw_named(&ctx, "TypeError", "not available", None))?;
        builtin.restore(&ctx)?.call((This(this.0), Rest(args.0)))
    }
}

/// Whether `value` is the buffer of a memory (one not yet detached): those are in
/// [`State::buffers`] until detached; an engine that never used wasm has none.
fn is_memory_buffer<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> bool {
    let Some(state) = ctx.userdata::<StateRef>() else {
        return false;
    };
    let buffers = state.0.buffers.borrow();
    buffers.iter().any(|buffer| {
        buffer
            .buffer
            .clone()
            .restore(ctx)
            .is_ok_and(|b| b.as_value() == value)
    })
}

/// Detaches every handed-out buffer whose memory moved or changed size.
fn refresh_buffers(ctx: &Ctx<'_>, state: &State, store: impl AsContext) {
    let entities = state.entities.borrow();
    state.buffers.borrow_mut().retain_mut(|buffer| {
        let Some(Entity::Memory(memory)) = entities.get(buffer.memory as usize) else {
            return false;
        };
        let ptr = memory.data_ptr(&store) as usize;
        let len = memory.data_size(&store);
        if ptr == buffer.ptr && len == buffer.len {
            return true;
        }
        if let Ok(mut stale) = buffer.buffer.clone().restore(ctx) {
            stale.detach();
        }
        false
    });
}

/// `isapi:native/wasm`.
pub(crate) struct Native;

const EXPORTS: &[&str] = &[
    "register",
    "validate",
    "compile",
    "moduleImports",
    "moduleExports",
    "customSections",
    "hostFunc",
    "instantiate",
    "funcType",
    "call",
    "memoryNew",
    "memoryBuffer",
    "memoryGrow",
    "tableNew",
    "tableLength",
    "tableGet",
    "tableSet",
    "tableGrow",
    "globalNew",
    "globalType",
    "globalGet",
    "globalSet",
];

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        for name in EXPORTS {
            declare.declare(*name)?;
        }
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        let c = ctx.clone();
        exports.export("register", Function::new(c.clone(), register)?)?;
        exports.export("validate", Function::new(c.clone(), validate)?)?;
        exports.export("compile", Function::new(c.clone(), compile)?)?;
        exports.export("moduleImports", Function::new(c.clone(), module_imports)?)?;
        exports.export("moduleExports", Function::new(c.clone(), module_exports)?)?;
        exports.export("customSections", Function::new(c.clone(), custom_sections)?)?;
        exports.export("hostFunc", Function::new(c.clone(), host_func)?)?;
        exports.export("instantiate", Function::new(c.clone(), instantiate)?)?;
        exports.export("funcType", Function::new(c.clone(), func_type)?)?;
        exports.export("call", Function::new(c.clone(), call)?)?;
        exports.export("memoryNew", Function::new(c.clone(), memory_new)?)?;
        exports.export("memoryBuffer", Function::new(c.clone(), memory_buffer)?)?;
        exports.export("memoryGrow", Function::new(c.clone(), memory_grow)?)?;
        exports.export("tableNew", Function::new(c.clone(), table_new)?)?;
        exports.export("tableLength", Function::new(c.clone(), table_length)?)?;
        exports.export("tableGet", Function::new(c.clone(), table_get)?)?;
        exports.export("tableSet", Function::new(c.clone(), table_set)?)?;
        exports.export("tableGrow", Function::new(c.clone(), table_grow)?)?;
        exports.export("globalNew", Function::new(c.clone(), global_new)?)?;
        exports.export("globalType", Function::new(c.clone(), global_type)?)?;
        exports.export("globalGet", Function::new(c.clone(), global_get)?)?;
        exports.export("globalSet", Function::new(c, global_set)?)?;
        Ok(())
    }
}

fn register<'js>(
    ctx: Ctx<'js>,
    compile: Function<'js>,
    link: Function<'js>,
    runtime: Function<'js>,
) -> rquickjs::Result<()> {
    let state = state(&ctx)?;
    *state.errors.borrow_mut() = Some([
        Persistent::save(&ctx, compile),
        Persistent::save(&ctx, link),
        Persistent::save(&ctx, runtime),
    ]);
    Ok(())
}

fn validate<'js>(ctx: Ctx<'js>, bytes: Value<'js>) -> rquickjs::Result<bool> {
    with_bytes_of(&ctx, &bytes, |bytes| {
        Module::validate(engine(), bytes).is_ok()
    })
}

fn compile<'js>(ctx: Ctx<'js>, bytes: Value<'js>) -> rquickjs::Result<u32> {
    let state = state(&ctx)?;
    let compiled = with_bytes_of(&ctx, &bytes, |bytes| {
        Module::new(engine(), bytes).map(|module| Compiled::new(module, bytes))
    })?;
    match compiled {
        Ok(compiled) => entity_index(&ctx, &state, Entity::Module(compiled)),
        Err(error) => Err(throw_wasm(&ctx, &state, 0, &error.to_string())),
    }
}

fn kind_name(ty: &ExternType) -> &'static str {
    match ty {
        ExternType::Func(_) => "function",
        ExternType::Table(_) => "table",
        ExternType::Memory(_) => "memory",
        ExternType::Global(_) => "global",
    }
}

/// Each import as `[module, name, kind, type]`; `type` is what js/wasm.js needs to
/// convert a JS value: a global's value type, a function's `[params, results]`.
fn module_imports<'js>(ctx: Ctx<'js>, handle: u32) -> rquickjs::Result<Array<'js>> {
    let state = state(&ctx)?;
    let compiled = module_of(&ctx, &state, handle)?;
    let all: Vec<_> = compiled.module.imports().collect();
    let list = Array::new(ctx.clone())?;
    for (index, &at) in compiled.imports.iter().enumerate() {
        let import = &all[at];
        let entry = Array::new(ctx.clone())?;
        entry.set(0, import.module())?;
        entry.set(1, import.name())?;
        entry.set(2, kind_name(import.ty()))?;
        match import.ty() {
            ExternType::Global(ty) => {
                entry.set(3, type_name(ty.content()))?;
                entry.set(4, ty.mutability() == Mutability::Var)?;
            }
            ExternType::Func(ty) => entry.set(3, signature(&ctx, ty)?)?,
            _ => {}
        }
        list.set(index, entry)?;
    }
    Ok(list)
}

fn module_exports<'js>(ctx: Ctx<'js>, handle: u32) -> rquickjs::Result<Array<'js>> {
    let state = state(&ctx)?;
    let compiled = module_of(&ctx, &state, handle)?;
    let list = Array::new(ctx.clone())?;
    for (index, (name, _)) in compiled.exports.iter().enumerate() {
        let Some(ty) = compiled.module.get_export(name) else {
            continue;
        };
        let entry = Array::new(ctx.clone())?;
        entry.set(0, name.as_str())?;
        entry.set(1, kind_name(&ty))?;
        list.set(index, entry)?;
    }
    Ok(list)
}

fn custom_sections<'js>(ctx: Ctx<'js>, handle: u32, name: String) -> rquickjs::Result<Array<'js>> {
    let state = state(&ctx)?;
    let module = module_of(&ctx, &state, handle)?.module;
    let list = Array::new(ctx.clone())?;
    let sections = module.custom_sections().filter(|s| s.name() == name);
    for (index, section) in sections.enumerate() {
        list.set(index, ArrayBuffer::new_copy(ctx.clone(), section.data())?)?;
    }
    Ok(list)
}

fn signature<'js>(ctx: &Ctx<'js>, ty: &FuncType) -> rquickjs::Result<Array<'js>> {
    let params: Vec<&str> = ty.params().iter().map(|t| type_name(*t)).collect();
    let results: Vec<&str> = ty.results().iter().map(|t| type_name(*t)).collect();
    let pair = Array::new(ctx.clone())?;
    pair.set(0, params)?;
    pair.set(1, results)?;
    Ok(pair)
}

fn types_of(ctx: &Ctx<'_>, names: &[String]) -> rquickjs::Result<Vec<ValType>> {
    names.iter().map(|name| parse_type(ctx, name)).collect()
}

/// A wasm function that calls `adapter` (js/wasm.js's wrapper of an imported JS
/// function, taking and returning [`to_js`]'s forms; several results as an array).
fn host_func<'js>(
    ctx: Ctx<'js>,
    adapter: Function<'js>,
    params: Vec<String>,
    results: Vec<String>,
) -> rquickjs::Result<u32> {
    let state = state(&ctx)?;
    let ty = FuncType::new(types_of(&ctx, &params)?, types_of(&ctx, &results)?);
    let index = {
        let mut hosts = state.hosts.borrow_mut();
        hosts.push(Persistent::save(&ctx, adapter));
        hosts.len() - 1
    };
    let func = with_store(&ctx, &state, |mut store| {
        Func::new(&mut store, ty, move |caller, params, results| {
            call_import(index, caller, params, results)
        })
    })?;
    func_handle(&ctx, &state, func)
}

/// Restores ACTIVE when an import returns.
struct Lent(*mut Caller<'static, Host>);

impl Drop for Lent {
    fn drop(&mut self) {
        ACTIVE.with(|active| active.set(self.0));
    }
}

/// Wasm called an imported JS function.
fn call_import(
    index: usize,
    mut caller: Caller<'_, Host>,
    params: &[Val],
    results: &mut [Val],
) -> Result<(), wasmi::Error> {
    let Some(raw) = CURRENT.with(Cell::get) else {
        return Err(wasmi::Error::new(
            "WebAssembly called JavaScript outside a call",
        ));
    };
    // SAFETY: CURRENT is the live context that entered wasm on this thread (set by
    // `enter` for the duration of that call); `from_raw` takes its own reference.
    let ctx = unsafe { Ctx::from_raw(raw) };
    let Ok(state) = state(&ctx) else {
        return Err(wasmi::Error::new("no WebAssembly state"));
    };
    refresh_buffers(&ctx, &state, &caller);
    let outcome = (|| -> rquickjs::Result<Value<'_>> {
        let args = Array::new(ctx.clone())?;
        for (i, param) in params.iter().enumerate() {
            args.set(i, to_js(&ctx, &state, &caller, param)?)?;
        }
        let adapter = state.hosts.borrow()[index].clone().restore(&ctx)?;
        let previous =
            ACTIVE.with(|active| active.replace((&mut caller as *mut Caller<'_, Host>).cast()));
        let _lent = Lent(previous);
        adapter.call((args,))
    })();
    let converted = outcome.and_then(|value| {
        if results.len() == 1 {
            let ty = results[0].ty();
            results[0] = from_js(&ctx, &state, &mut caller, ty, value)?;
        } else if !results.is_empty() {
            let list: Array = Array::from_value(value)?;
            for (i, slot) in results.iter_mut().enumerate() {
                let ty = slot.ty();
                *slot = from_js(&ctx, &state, &mut caller, ty, list.get(i)?)?;
            }
        }
        Ok(())
    });
    match converted {
        Ok(()) => Ok(()),
        Err(rquickjs::Error::Exception) => {
            *state.pending.borrow_mut() = Some(Persistent::save(&ctx, ctx.catch()));
            Err(wasmi::Error::new("a JavaScript import threw"))
        }
        Err(error) => Err(wasmi::Error::new(error.to_string())),
    }
}

/// Marks the context as running wasm (for imports) until dropped.
struct Entered(Option<NonNull<qjs::JSContext>>);

fn enter(ctx: &Ctx<'_>) -> Entered {
    Entered(CURRENT.with(|current| current.replace(Some(ctx.as_raw()))))
}

impl Drop for Entered {
    fn drop(&mut self) {
        CURRENT.with(|current| current.set(self.0));
    }
}

/// A failed wasm call or instantiation as a JS error: what a JS import threw, the
/// deadline, a trap (RuntimeError), or else `other` (LinkError when instantiating).
fn call_error(ctx: &Ctx<'_>, state: &State, error: &wasmi::Error, other: usize) -> rquickjs::Error {
    if let Some(thrown) = state.pending.borrow_mut().take() {
        if let Ok(value) = thrown.restore(ctx) {
            return ctx.throw(value);
        }
    }
    if past_deadline() {
        return interrupted(ctx);
    }
    if let Some(trap) = error.as_trap_code() {
        return throw_wasm(ctx, state, 2, &trap.to_string());
    }
    throw_wasm(ctx, state, other, &error.to_string())
}

fn past_deadline() -> bool {
    DEADLINE
        .with(Cell::get)
        .is_some_and(|deadline| Instant::now() >= deadline)
}

/// What QuickJS throws when its interrupt handler stops a script.
fn interrupted(ctx: &Ctx<'_>) -> rquickjs::Error {
    throw_named(ctx, "InternalError", "interrupted", None)
}

/// `imports`: one value per module import, in order: a handle (function, memory,
/// table, Global) or, for a global imported by value, its [`to_js`] form.
/// Returns `[name, kind, handle, index in its index space]` per export.
fn instantiate<'js>(
    ctx: Ctx<'js>,
    module: u32,
    imports: Array<'js>,
) -> rquickjs::Result<Array<'js>> {
    let state = state(&ctx)?;
    let compiled = module_of(&ctx, &state, module)?;
    let module = &compiled.module;
    // JS gives the values in binary order; wasmi takes them in its own.
    let mut from = vec![0; compiled.imports.len()];
    for (position, &at) in compiled.imports.iter().enumerate() {
        from[at] = position;
    }
    let mut externs = Vec::new();
    for (index, import) in module.imports().enumerate() {
        let value: Value = imports.get(from.get(index).copied().unwrap_or(index))?;
        let handle = || value.as_number().map(|n| n as u32).unwrap_or(u32::MAX);
        externs.push(match import.ty() {
            ExternType::Func(_) => Extern::Func(func_of(&ctx, &state, handle())?),
            ExternType::Memory(_) => Extern::Memory(memory_of(&ctx, &state, handle())?),
            ExternType::Table(_) => Extern::Table(table_of(&ctx, &state, handle())?),
            ExternType::Global(ty) => {
                if value.is_object() {
                    let handle: u32 = value.as_object().map_or(Ok(u32::MAX), |o| o.get(0))?;
                    Extern::Global(global_of(&ctx, &state, handle)?)
                } else {
                    let global = with_store(&ctx, &state, |mut store| {
                        from_js(&ctx, &state, &mut store, ty.content(), value.clone())
                            .map(|val| Global::new(&mut store, val, Mutability::Const))
                    })??;
                    Extern::Global(global)
                }
            }
        });
    }
    let _entered = enter(&ctx);
    let instance = with_store(&ctx, &state, |mut store| {
        let fuel = store.get_fuel().unwrap_or(0);
        let _ = store.set_fuel(START_FUEL);
        let result = wasmi::Instance::new(&mut store, module, &externs);
        let _ = store.set_fuel(fuel);
        refresh_buffers(&ctx, &state, &store);
        result
    })?;
    let instance = instance.map_err(|error| call_error(&ctx, &state, &error, 1))?;
    let list = Array::new(ctx.clone())?;
    let exports: Vec<(String, u32, Extern)> = with_store(&ctx, &state, |store| {
        compiled
            .exports
            .iter()
            .filter_map(|(name, at)| Some((name.clone(), *at, instance.get_export(&store, name)?)))
            .collect()
    })?;
    for (index, (name, at, external)) in exports.into_iter().enumerate() {
        let (kind, handle) = match external {
            Extern::Func(func) => ("function", func_handle(&ctx, &state, func)?),
            Extern::Memory(memory) => ("memory", memory_handle(&ctx, &state, memory)?),
            Extern::Table(table) => ("table", table_handle(&ctx, &state, table)?),
            Extern::Global(global) => ("global", global_handle(&ctx, &state, global)?),
        };
        let entry = Array::new(ctx.clone())?;
        entry.set(0, name)?;
        entry.set(1, kind)?;
        entry.set(2, handle)?;
        entry.set(3, at)?;
        list.set(index, entry)?;
    }
    Ok(list)
}

fn func_type<'js>(ctx: Ctx<'js>, handle: u32) -> rquickjs::Result<Array<'js>> {
    let state = state(&ctx)?;
    let func = func_of(&ctx, &state, handle)?;
    let ty = with_store(&ctx, &state, |store| func.ty(&store))?;
    signature(&ctx, &ty)
}

/// Calls a wasm function with [`to_js`]-form arguments; the results as an array.
fn call<'js>(ctx: Ctx<'js>, handle: u32, args: Array<'js>) -> rquickjs::Result<Array<'js>> {
    let state = state(&ctx)?;
    let func = func_of(&ctx, &state, handle)?;
    let ty = with_store(&ctx, &state, |store| func.ty(&store))?;
    let mut inputs = Vec::with_capacity(ty.params().len());
    for (i, param) in ty.params().iter().enumerate() {
        let value: Value = args.get(i)?;
        let val = with_store(&ctx, &state, |mut store| {
            from_js(&ctx, &state, &mut store, *param, value)
        })??;
        inputs.push(val);
    }
    let mut outputs: Vec<Val> = ty
        .results()
        .iter()
        .map(|t| Val::default_for_ty(*t))
        .collect();
    let _entered = enter(&ctx);
    let outcome = with_store(&ctx, &state, |mut store| {
        let outer = ACTIVE.with(Cell::get).is_null();
        if outer {
            let _ = store.set_fuel(FUEL_SLICE);
        }
        let result = run(&mut store, &func, &inputs, &mut outputs);
        refresh_buffers(&ctx, &state, &store);
        result
    })?;
    match outcome {
        Ok(()) => {}
        Err(Stop::Deadline) => return Err(interrupted(&ctx)),
        Err(Stop::Error(error)) => return Err(call_error(&ctx, &state, &error, 2)),
    }
    let list = Array::new(ctx.clone())?;
    for (i, output) in outputs.iter().enumerate() {
        let value = with_store(&ctx, &state, |store| to_js(&ctx, &state, &store, output))??;
        list.set(i, value)?;
    }
    Ok(list)
}

enum Stop {
    Deadline,
    Error(wasmi::Error),
}

/// Runs `func` to its end, a fuel slice at a time, stopping at the deadline.
fn run(
    store: &mut StoreContextMut<'_, Host>,
    func: &Func,
    inputs: &[Val],
    outputs: &mut [Val],
) -> Result<(), Stop> {
    let mut call = func
        .call_resumable(&mut *store, inputs, outputs)
        .map_err(Stop::Error)?;
    loop {
        match call {
            ResumableCall::Finished => return Ok(()),
            ResumableCall::HostTrap(trap) => return Err(Stop::Error(trap.into_host_error())),
            ResumableCall::OutOfFuel(pending) => {
                if past_deadline() {
                    return Err(Stop::Deadline);
                }
                let _ = store.set_fuel(FUEL_SLICE.max(pending.required_fuel()));
                call = pending.resume(&mut *store, outputs).map_err(Stop::Error)?;
            }
        }
    }
}

fn memory_new<'js>(ctx: Ctx<'js>, initial: u32, maximum: Option<u32>) -> rquickjs::Result<u32> {
    let state = state(&ctx)?;
    let ty = MemoryType::new(initial, maximum);
    match with_store(&ctx, &state, |mut store| Memory::new(&mut store, ty))? {
        Ok(memory) => memory_handle(&ctx, &state, memory),
        Err(error) => Err(throw_named(
            &ctx,
            "RangeError",
            &format!("cannot allocate the memory: {error}"),
            None,
        )),
    }
}

/// The memory's current ArrayBuffer (the same object until the memory grows).
fn memory_buffer<'js>(ctx: Ctx<'js>, handle: u32) -> rquickjs::Result<ArrayBuffer<'js>> {
    let state = state(&ctx)?;
    let memory = memory_of(&ctx, &state, handle)?;
    with_store(&ctx, &state, |store| refresh_buffers(&ctx, &state, &store))?;
    let existing = state
        .buffers
        .borrow()
        .iter()
        .find(|b| b.memory == handle)
        .map(|b| b.buffer.clone());
    if let Some(buffer) = existing {
        return buffer.restore(&ctx);
    }
    let (ptr, len) = with_store(&ctx, &state, |store| {
        (memory.data_ptr(&store), memory.data_size(&store))
    })?;
    // SAFETY: `ptr..ptr+len` is the memory's bytes, alive as long as the store (this
    // engine's userdata, freed after every JS object). No realloc function: QuickJS never
    // frees or resizes it. Whenever wasmi moves or resizes the bytes, `refresh_buffers`
    // detaches this buffer before any JS can read it again.
    let raw = unsafe {
        qjs::JS_NewArrayBuffer(
            ctx.as_raw().as_ptr(),
            ptr,
            len as _,
            0,
            None,
            std::ptr::null_mut(),
            false,
        )
    };
    // SAFETY: `raw` is a new value owned by us, from this context.
    let value = unsafe { Value::from_raw(ctx.clone(), raw) };
    let buffer = ArrayBuffer::from_value(value.clone())
        .ok_or_else(|| throw_named(&ctx, "RangeError", "cannot make the memory's buffer", None))?;
    state.buffers.borrow_mut().push(Buffer {
        memory: handle,
        buffer: Persistent::save(&ctx, buffer.clone()),
        ptr: ptr as usize,
        len,
    });
    Ok(buffer)
}

fn memory_grow<'js>(ctx: Ctx<'js>, handle: u32, delta: u32) -> rquickjs::Result<f64> {
    let state = state(&ctx)?;
    let memory = memory_of(&ctx, &state, handle)?;
    let grown = with_store(&ctx, &state, |mut store| {
        let grown = memory.grow(&mut store, u64::from(delta));
        refresh_buffers(&ctx, &state, &store);
        // The standard detaches the buffer on every grow, by 0 pages too.
        grown
    })?;
    for buffer in state
        .buffers
        .borrow_mut()
        .extract_if(.., |b| b.memory == handle)
    {
        if let Ok(mut stale) = buffer.buffer.restore(&ctx) {
            stale.detach();
        }
    }
    match grown {
        Ok(old) => Ok(old as f64),
        Err(_) => Err(throw_named(
            &ctx,
            "RangeError",
            "WebAssembly.Memory.grow(): cannot grow the memory",
            None,
        )),
    }
}

fn table_new<'js>(
    ctx: Ctx<'js>,
    element: String,
    initial: u32,
    maximum: Option<u32>,
    init: Value<'js>,
) -> rquickjs::Result<u32> {
    let state = state(&ctx)?;
    let ty = parse_type(&ctx, &element)?;
    let element = match ty {
        ValType::FuncRef => RefType::Func,
        ValType::ExternRef => RefType::Extern,
        _ => {
            return Err(throw_named(
                &ctx,
                "TypeError",
                "a table holds anyfunc or externref",
                None,
            ))
        }
    };
    let table = with_store(&ctx, &state, |mut store| {
        let init = from_js(&ctx, &state, &mut store, ty, init)?;
        Ok::<_, rquickjs::Error>(Table::new(
            &mut store,
            TableType::new(element, initial, maximum),
            ref_of(init),
        ))
    })??;
    match table {
        Ok(table) => table_handle(&ctx, &state, table),
        Err(error) => Err(throw_named(
            &ctx,
            "RangeError",
            &format!("cannot allocate the table: {error}"),
            None,
        )),
    }
}

fn table_element(table: &Table, store: impl AsContext) -> ValType {
    match table.ty(store).element() {
        RefType::Func => ValType::FuncRef,
        RefType::Extern => ValType::ExternRef,
    }
}

/// `[element type, length]`.
fn table_length<'js>(ctx: Ctx<'js>, handle: u32) -> rquickjs::Result<Array<'js>> {
    let state = state(&ctx)?;
    let table = table_of(&ctx, &state, handle)?;
    let (ty, size) = with_store(&ctx, &state, |store| {
        (table_element(&table, &store), table.size(&store))
    })?;
    let pair = Array::new(ctx.clone())?;
    pair.set(0, type_name(ty))?;
    pair.set(1, size as f64)?;
    Ok(pair)
}

fn table_get<'js>(ctx: Ctx<'js>, handle: u32, index: u32) -> rquickjs::Result<Value<'js>> {
    let state = state(&ctx)?;
    let table = table_of(&ctx, &state, handle)?;
    with_store(&ctx, &state, |store| {
        let Some(reference) = table.get(&store, u64::from(index)) else {
            return Err(throw_named(
                &ctx,
                "RangeError",
                "WebAssembly.Table.get(): index out of bounds",
                None,
            ));
        };
        let val = match reference {
            Ref::Func(f) => Val::FuncRef(f),
            Ref::Extern(e) => Val::ExternRef(e),
        };
        to_js(&ctx, &state, &store, &val)
    })?
}

fn table_set<'js>(
    ctx: Ctx<'js>,
    handle: u32,
    index: u32,
    value: Value<'js>,
) -> rquickjs::Result<()> {
    let state = state(&ctx)?;
    let table = table_of(&ctx, &state, handle)?;
    with_store(&ctx, &state, |mut store| {
        let ty = table_element(&table, &store);
        let val = from_js(&ctx, &state, &mut store, ty, value)?;
        table
            .set(&mut store, u64::from(index), ref_of(val))
            .map_err(|_| {
                throw_named(
                    &ctx,
                    "RangeError",
                    "WebAssembly.Table.set(): index out of bounds",
                    None,
                )
            })
    })?
}

fn table_grow<'js>(
    ctx: Ctx<'js>,
    handle: u32,
    delta: u32,
    init: Value<'js>,
) -> rquickjs::Result<f64> {
    let state = state(&ctx)?;
    let table = table_of(&ctx, &state, handle)?;
    with_store(&ctx, &state, |mut store| {
        let ty = table_element(&table, &store);
        let val = from_js(&ctx, &state, &mut store, ty, init)?;
        table
            .grow(&mut store, u64::from(delta), ref_of(val))
            .map(|old| old as f64)
            .map_err(|_| {
                throw_named(
                    &ctx,
                    "RangeError",
                    "WebAssembly.Table.grow(): cannot grow the table",
                    None,
                )
            })
    })?
}

fn global_new<'js>(
    ctx: Ctx<'js>,
    ty: String,
    mutable: bool,
    value: Value<'js>,
) -> rquickjs::Result<u32> {
    let state = state(&ctx)?;
    let ty = parse_type(&ctx, &ty)?;
    let global = with_store(&ctx, &state, |mut store| {
        let val = from_js(&ctx, &state, &mut store, ty, value)?;
        let mutability = if mutable {
            Mutability::Var
        } else {
            Mutability::Const
        };
        Ok::<_, rquickjs::Error>(Global::new(&mut store, val, mutability))
    })??;
    global_handle(&ctx, &state, global)
}

/// `[value type, mutable]`.
fn global_type<'js>(ctx: Ctx<'js>, handle: u32) -> rquickjs::Result<Array<'js>> {
    let state = state(&ctx)?;
    let global = global_of(&ctx, &state, handle)?;
    let ty = with_store(&ctx, &state, |store| global.ty(&store))?;
    let pair = Array::new(ctx.clone())?;
    pair.set(0, type_name(ty.content()))?;
    pair.set(1, ty.mutability() == Mutability::Var)?;
    Ok(pair)
}

fn global_get<'js>(ctx: Ctx<'js>, handle: u32) -> rquickjs::Result<Value<'js>> {
    let state = state(&ctx)?;
    let global = global_of(&ctx, &state, handle)?;
    with_store(&ctx, &state, |store| {
        let val = global.get(&store);
        to_js(&ctx, &state, &store, &val)
    })?
}

fn global_set<'js>(ctx: Ctx<'js>, handle: u32, value: Value<'js>) -> rquickjs::Result<()> {
    let state = state(&ctx)?;
    let global = global_of(&ctx, &state, handle)?;
    with_store(&ctx, &state, |mut store| {
        let ty = global.ty(&store).content();
        let val = from_js(&ctx, &state, &mut store, ty, value)?;
        global
            .set(&mut store, val)
            .map_err(|e| throw_named(&ctx, "TypeError", &e.to_string(), None))
    })?
}
