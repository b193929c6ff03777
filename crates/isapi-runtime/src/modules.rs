//! The platform's modules and how globals reach them.
//!
//! The platform's JavaScript is ES modules under `js/`, embedded at build time and named
//! `isapi:internal/<path>`; they import each other by relative path and reach Rust through
//! native modules named `isapi:native/<area>`. Neither kind can be imported by a handler
//! bundle: only the platform's own modules may.
//!
//! Globals are lazy: until a handler touches one, each is an accessor on `globalThis`.
//! The first touch evaluates the module that defines it (and what that module imports),
//! then turns every global of that module into a plain data property. A handler that uses
//! none of them pays for none of them, in time or heap.
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use rquickjs::function::{Opt, Rest, This};
use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::{Declared, ModuleDef};
use rquickjs::{Ctx, Error, Function, JsLifetime, Module, Object, Persistent, Runtime, Value};

use crate::errors::throw_named;

include!(concat!(env!("OUT_DIR"), "/sources.rs"));

const INTERNAL: &str = "isapi:internal/";
const NATIVE: &str = "isapi:native/";
/// Node's core modules (`node:fs`, `fs/promises`, …) are platform modules under
/// `js/node/`, one file per specifier; `js/node/internal/` is theirs alone.
const NODE: &str = "node/";
const NODE_PRIVATE: &str = "node/internal/";
/// The one-line modules through which a global's first touch imports its module.
const ENTRY: &str = "isapi:entry/";

/// Each module under `js/` that defines globals, and the globals it defines (its exports
/// of the same names). Internal modules never read these globals themselves: they import.
const GLOBALS: &[(&str, &[&str])] = &[
    ("encoding.js", &["TextEncoder", "TextDecoder"]),
    ("url.js", &["URL", "URLSearchParams"]),
    (
        "streams.js",
        &[
            "ReadableStream",
            "ReadableStreamDefaultReader",
            "ReadableStreamBYOBReader",
            "ReadableStreamBYOBRequest",
            "ReadableByteStreamController",
            "ReadableStreamDefaultController",
            "WritableStream",
            "WritableStreamDefaultWriter",
            "WritableStreamDefaultController",
            "TransformStream",
            "TransformStreamDefaultController",
            "ByteLengthQueuingStrategy",
            "CountQueuingStrategy",
        ],
    ),
    ("headers.js", &["Headers"]),
    ("request.js", &["Request"]),
    ("response.js", &["Response"]),
    ("fetch.js", &["fetch"]),
    (
        "timers.js",
        &[
            "setTimeout",
            "setInterval",
            "clearTimeout",
            "clearInterval",
            "queueMicrotask",
        ],
    ),
    (
        "crypto.js",
        &["crypto", "Crypto", "CryptoKey", "SubtleCrypto"],
    ),
    (
        "compression.js",
        &["CompressionStream", "DecompressionStream"],
    ),
    (
        "encoding-streams.js",
        &["TextEncoderStream", "TextDecoderStream"],
    ),
    ("dom_exception.js", &["DOMException"]),
    (
        "events.js",
        &[
            "Event",
            "EventTarget",
            "CustomEvent",
            "ErrorEvent",
            "PromiseRejectionEvent",
            "MessageEvent",
        ],
    ),
    ("abort.js", &["AbortController", "AbortSignal"]),
    ("structured_clone.js", &["structuredClone"]),
    ("messaging.js", &["MessageChannel", "MessagePort"]),
    (
        "performance.js",
        &[
            "performance",
            "Performance",
            "PerformanceEntry",
            "PerformanceMark",
            "PerformanceMeasure",
        ],
    ),
    (
        "global_scope.js",
        &[
            "self",
            "navigator",
            "reportError",
            "addEventListener",
            "removeEventListener",
            "dispatchEvent",
        ],
    ),
    ("base64.js", &["atob", "btoa"]),
    ("blob.js", &["Blob", "File"]),
    ("form_data.js", &["FormData"]),
    #[cfg(feature = "intl")]
    ("intl.js", &["Intl"]),
    ("wasm.js", &["WebAssembly"]),
    ("url_pattern.js", &["URLPattern"]),
    ("node/buffer.js", &["Buffer"]),
    ("node/process.js", &["process", "global"]),
    ("node/timers.js", &["setImmediate", "clearImmediate"]),
];

/// Built-in methods a platform module replaces when it loads (QuickJS's own ignore
/// locales): (module, constructor, method). Until then each is a small native forwarder
/// that loads the module on first call and calls its replacement, so they work on first
/// use without the handler having touched `Intl`, and cost a handler that never calls
/// them one native function each.
#[cfg(feature = "intl")]
const METHODS: &[(&str, &str, &str)] = &[
    ("intl.js", "Date", "toLocaleString"),
    ("intl.js", "Date", "toLocaleDateString"),
    ("intl.js", "Date", "toLocaleTimeString"),
    ("intl.js", "Number", "toLocaleString"),
    ("intl.js", "BigInt", "toLocaleString"),
    ("intl.js", "String", "localeCompare"),
    ("intl.js", "Array", "toLocaleString"),
];
#[cfg(not(feature = "intl"))]
const METHODS: &[(&str, &str, &str)] = &[];

/// The globals that are getters without a setter (their module's `globalDescriptors`
/// gives the shape): writing one, even before first use, throws as in strict code.
const GETTER_ONLY: &[&str] = &["crypto"];

/// The native modules: each area's Rust half.
fn declare_native<'js>(ctx: &Ctx<'js>, name: &str) -> rquickjs::Result<Module<'js, Declared>> {
    fn def<'js, D: ModuleDef>(
        ctx: &Ctx<'js>,
        name: &str,
    ) -> rquickjs::Result<Module<'js, Declared>> {
        Module::declare_def::<D, _>(ctx.clone(), name)
    }
    match &name[NATIVE.len()..] {
        "encoding" => def::<crate::encoding::Native>(ctx, name),
        "url" => def::<crate::url::Native>(ctx, name),
        "random" => def::<crate::random::Native>(ctx, name),
        "timers" => def::<crate::timers::Native>(ctx, name),
        "fetch" => def::<crate::fetch::Native>(ctx, name),
        "compression" => def::<crate::compression::Native>(ctx, name),
        "global_scope" => def::<crate::global_scope::Native>(ctx, name),
        "modules" => def::<Native>(ctx, name),
        "body" => def::<crate::body::Native>(ctx, name),
        "crypto" => def::<crate::crypto::Native>(ctx, name),
        #[cfg(feature = "intl")]
        "intl" => def::<crate::intl::Native>(ctx, name),
        "wasm" => def::<crate::wasm::Native>(ctx, name),
        "url_pattern" => def::<crate::url_pattern::Native>(ctx, name),
        "buffer" => def::<crate::node_buffer::Native>(ctx, name),
        "zlib" => def::<crate::zlib::Native>(ctx, name),
        "fs" => def::<crate::fs::Native>(ctx, name),
        "node_util" => def::<crate::node_util::Native>(ctx, name),
        "process" => def::<crate::process::Native>(ctx, name),
        "os" => def::<crate::os::Native>(ctx, name),
        _ => Err(Error::new_loading_message(name, "no such native module")),
    }
}

/// `isapi:native/modules`: `load(path)`, a platform module loaded when first needed.
struct Native;

impl ModuleDef for Native {
    fn declare(declare: &rquickjs::module::Declarations<'_>) -> rquickjs::Result<()> {
        declare.declare("load")?;
        declare.declare("builtin")?;
        declare.declare("builtins")?;
        Ok(())
    }

    fn evaluate<'js>(
        ctx: &Ctx<'js>,
        exports: &rquickjs::module::Exports<'js>,
    ) -> rquickjs::Result<()> {
        exports.export("load", Function::new(ctx.clone(), load_module)?)?;
        exports.export(
            "builtin",
            Function::new(ctx.clone(), |name: String| node_path(&name))?,
        )?;
        exports.export("builtins", Function::new(ctx.clone(), node_builtins)?)?;
        Ok(())
    }
}

/// The source of `isapi:internal/<path>`.
fn source(path: &str) -> Option<&'static str> {
    SOURCES.iter().find(|(p, _)| *p == path).map(|(_, s)| *s)
}

/// Gives the handler's (or script's) module `module`, from the file `path`, its
/// `import.meta` as Node has it: `url` (a file URL), `filename` and `dirname`, so that
/// `createRequire(import.meta.url)` and `new URL("./x", import.meta.url)` work.
pub fn set_import_meta<T>(module: &Module<'_, T>, path: &std::path::Path) -> rquickjs::Result<()> {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let meta = module.meta()?;
    if let Ok(url) = url::Url::from_file_path(&absolute) {
        meta.set("url", url.as_str())?;
    }
    meta.set("filename", absolute.to_string_lossy().as_ref())?;
    if let Some(folder) = absolute.parent() {
        meta.set("dirname", folder.to_string_lossy().as_ref())?;
    }
    Ok(())
}

/// The platform module (path under `js/`) of the Node core module `specifier` — `node:x`
/// or bare `x` — when the platform provides it.
pub fn node_path(specifier: &str) -> Option<String> {
    let id = specifier.strip_prefix("node:").unwrap_or(specifier);
    let path = format!("{NODE}{id}.js");
    let private = path.starts_with(NODE_PRIVATE) || id.split('/').any(|s| s == ".." || s == ".");
    (!private && source(&path).is_some()).then_some(path)
}

/// The Node core modules the platform provides, by their bare names (`fs/promises`), as
/// Node's `module.builtinModules` lists them.
pub fn node_builtins() -> Vec<String> {
    SOURCES
        .iter()
        .filter(|(path, _)| path.starts_with(NODE) && !path.starts_with(NODE_PRIVATE))
        .filter_map(|(path, _)| path[NODE.len()..].strip_suffix(".js"))
        .map(str::to_owned)
        .collect()
}

/// Sets the platform's module resolver and loader on `runtime` (once, before any
/// context evaluates code).
pub fn install_loader(runtime: &Runtime) {
    runtime.set_loader(PlatformResolver, PlatformLoader);
}

struct PlatformResolver;

impl Resolver for PlatformResolver {
    fn resolve<'js>(
        &mut self,
        _ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        // Node's core modules, from a handler or the platform alike.
        if let Some(path) = node_path(name) {
            return Ok(format!("{INTERNAL}{path}"));
        }
        if name.starts_with("node:") {
            return Err(Error::new_resolving_message(
                base,
                name,
                "isapi-ts does not provide this Node core module (docs/node.md lists those \
                 it does)",
            ));
        }
        let from_platform = base.starts_with(INTERNAL) || base.starts_with(ENTRY);
        if from_platform {
            if name.starts_with(INTERNAL) || name.starts_with(NATIVE) {
                return Ok(name.to_owned());
            }
            // `./x.js` beside the importer, `../x.js` (and `../../x.js`) above it: never
            // above `js/` itself.
            if name.starts_with("./") || name.starts_with("../") {
                let folder = base
                    .strip_prefix(INTERNAL)
                    .and_then(|path| path.rsplit_once('/'))
                    .map_or("", |(folder, _)| folder);
                let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
                let mut inside = true;
                for segment in name.split('/') {
                    match segment {
                        "." => {}
                        ".." => inside &= parts.pop().is_some(),
                        other => parts.push(other),
                    }
                }
                if inside {
                    return Ok(format!("{INTERNAL}{}", parts.join("/")));
                }
            }
        }
        Err(Error::new_resolving_message(
            base,
            name,
            "a handler bundle is one self-contained module: `isapi build` bundles what it \
             imports, and the platform's own modules cannot be imported",
        ))
    }
}

struct PlatformLoader;

impl Loader for PlatformLoader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js, Declared>> {
        if name.starts_with(NATIVE) {
            return declare_native(ctx, name);
        }
        match name.strip_prefix(INTERNAL).and_then(source) {
            Some(source) => match bytecode(name, source) {
                // SAFETY: bytecode this same QuickJS wrote, of our own module, kept for
                // the life of the process (QuickJS may refer to it rather than copy it).
                Some(bytes) => unsafe { Module::load(ctx.clone(), bytes) },
                // Not compiled (a syntax error): the source gives the engine its error.
                None => Module::declare(ctx.clone(), name, source),
            },
            None => Err(Error::new_loading_message(name, "no such platform module")),
        }
    }
}

/// What [`bytecode`]'s scratch runtime loads for a module's imports: empty modules.
struct StandIns;

impl Loader for StandIns {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js, Declared>> {
        Module::declare(ctx.clone(), name, "")
    }
}

/// The platform modules compiled so far in this process, by module name.
static BYTECODE: Mutex<Vec<(&'static str, &'static [u8])>> = Mutex::new(Vec::new());

/// The bytecode of the platform module `name`: compiled from `source` the first time any
/// engine of this process needs it, in a scratch runtime, and written without the source
/// text (kept only for `Function.prototype.toString`), so each engine holds about 30% less
/// heap per module and reads it 5-15 times faster than it would compile it (figures in
/// docs/platform.md). Line and column information stay: stack positions are as from the
/// source. Compiled here rather than by build.rs: the same QuickJS writes and reads it,
/// and the build needs no second QuickJS for the host (nor a Windows cross build's
/// bytecode made on Linux).
fn bytecode(name: &str, source: &str) -> Option<&'static [u8]> {
    let mut compiled = BYTECODE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, bytes)) = compiled.iter().find(|(n, _)| *n == name) {
        return Some(bytes);
    }
    let runtime = Runtime::new().ok()?;
    // Declaring a module loads what it imports (not linked, nor run): empty stand-ins do.
    runtime.set_loader(PlatformResolver, StandIns);
    let context = rquickjs::Context::full(&runtime).ok()?;
    let bytes = context
        .with(|ctx| {
            Module::declare(ctx, name, source)?.write(rquickjs::WriteOptions {
                strip_source: true,
                ..Default::default()
            })
        })
        .ok()?;
    let entry = (
        &*Box::leak(name.to_owned().into_boxed_str()),
        &*Box::leak(bytes.into_boxed_slice()),
    );
    compiled.push(entry);
    Some(entry.1)
}

/// Defines `name` on the global object as a configurable accessor whose getter and setter
/// are both `accessor`.
const DEFINE_ACCESSOR: &str = r#"(name, accessor, enumerable) => Object.defineProperty(globalThis, name, {
  configurable: true, enumerable, get: accessor, set: accessor,
})"#;

/// As WebIDL has it (and Node): functions and attributes of the global object (`fetch`,
/// `setTimeout`, `crypto`) are enumerable, interfaces and namespaces (`URL`, `WebAssembly`)
/// are not.
fn enumerable(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
}

/// Installs the lazy globals on `ctx`'s global object: each an accessor until first
/// touched. One native function per name serves as its getter and setter (about 150
/// bytes an engine, against 400 for a pair of JS closures): every engine pays this for
/// every global, used or not.
pub(crate) fn install_globals(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    let define: Function = ctx.eval(DEFINE_ACCESSOR)?;
    for (module, names) in GLOBALS {
        for name in *names {
            let accessor = Function::new(ctx.clone(), accessor(module, name))?;
            define.call::<_, ()>((*name, accessor, enumerable(name)))?;
        }
    }
    install_method_forwarders(ctx)
}

/// Replaces each of [`METHODS`] by its forwarder.
fn install_method_forwarders(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    let global = ctx.globals();
    for (module, constructor, name) in METHODS {
        let prototype: Object = global.get::<_, Object>(*constructor)?.get("prototype")?;
        let forwarder =
            Function::new(ctx.clone(), forwarder(module, constructor, name))?.with_name(name)?;
        // The built-in's attributes (writable, configurable, not enumerable) stay.
        prototype.set(*name, forwarder)?;
    }
    Ok(())
}

/// A built-in method's stand-in until its module loads (see [`METHODS`]).
fn forwarder(
    module: &'static str,
    constructor: &'static str,
    name: &'static str,
) -> impl for<'js> Fn(Ctx<'js>, This<Value<'js>>, Rest<Value<'js>>) -> rquickjs::Result<Value<'js>>
{
    move |ctx, this, args| {
        thread_local! {
            /// Forwarders running on this thread: one finds another (or itself) only when a
            /// handler put a saved forwarder back after the module loaded.
            static DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
        }
        if DEPTH.get() > 4 {
            return Err(throw_named(
                &ctx,
                "TypeError",
                &format!("{constructor}.prototype.{name} was replaced by its own stand-in"),
                None,
            ));
        }
        load_module(ctx.clone(), module.to_owned())?;
        let prototype: Object = ctx
            .globals()
            .get::<_, Object>(constructor)?
            .get("prototype")?;
        let method: Function = prototype.get(name)?;
        DEPTH.set(DEPTH.get() + 1);
        let result = method.call((This(this.0), Rest(args.0)));
        DEPTH.set(DEPTH.get() - 1);
        result
    }
}

/// The getter and setter of one lazy global.
fn accessor(
    module: &'static str,
    name: &'static str,
) -> impl for<'js> Fn(Ctx<'js>, Opt<Value<'js>>) -> rquickjs::Result<Value<'js>> {
    move |ctx, written| touch(&ctx, module, name, written.0)
}

/// The first touch of a lazy global. A read evaluates the module and makes each of its
/// globals that is still an accessor a plain data property (a global the handler already
/// replaced or deleted stays as the handler left it); a write just replaces this global.
fn touch<'js>(
    ctx: &Ctx<'js>,
    module: &str,
    name: &str,
    written: Option<Value<'js>>,
) -> rquickjs::Result<Value<'js>> {
    let global = ctx.globals();
    let data = |name: &str, value: Value<'js>| -> rquickjs::Result<Object<'js>> {
        let descriptor = Object::new(ctx.clone())?;
        descriptor.set("value", value)?;
        descriptor.set("writable", true)?;
        descriptor.set("configurable", true)?;
        descriptor.set("enumerable", enumerable(name))?;
        Ok(descriptor)
    };
    let object: Object = global.get("Object")?;
    let define: Function = object.get("defineProperty")?;
    // A module may give a global its own shape: `globalDescriptors.<name>` (crypto is a
    // getter without setter, as in WebIDL and Node).
    let own_shape =
        |namespace: &Object<'js>, name: &str| -> rquickjs::Result<Option<Object<'js>>> {
            match namespace.get::<_, Option<Object>>("globalDescriptors")? {
                Some(descriptors) => descriptors.get(name),
                None => Ok(None),
            }
        };
    if let Some(value) = written {
        if GETTER_ONLY.contains(&name) {
            let namespace = load_module(ctx.clone(), module.to_owned())?;
            if let Some(shape) = own_shape(&namespace, name)? {
                define.call::<_, ()>((global.clone(), name, shape))?;
            }
            return Err(crate::errors::throw_named(
                ctx,
                "TypeError",
                &format!("Cannot set property {name} of #<Object> which has only a getter"),
                None,
            ));
        }
        define.call::<_, ()>((global.clone(), name, data(name, value)?))?;
        return Ok(Value::new_undefined(ctx.clone()));
    }
    let namespace = load_module(ctx.clone(), module.to_owned())?;
    let describe: Function = object.get("getOwnPropertyDescriptor")?;
    let names = GLOBALS
        .iter()
        .find(|(m, _)| *m == module)
        .map_or(&[][..], |(_, names)| *names);
    for each in names {
        let current: Option<Object> = describe.call((global.clone(), *each))?;
        let still_lazy =
            current.is_some_and(|d| d.get::<_, Value>("get").is_ok_and(|g| g.is_function()));
        if still_lazy {
            let descriptor = match own_shape(&namespace, each)? {
                Some(shape) => shape,
                None => data(each, namespace.get(*each)?)?,
            };
            define.call::<_, ()>((global.clone(), *each, descriptor))?;
        }
    }
    global.get(name)
}

/// The namespaces [`load_module`] returned in one engine, by path. QuickJS keeps a loaded
/// module, but each entry module made to reach it would stay too: asking again (a
/// WritableStream's signal asks for abort.js) cost the engine ~1.5 KB a call for ever.
#[derive(Default)]
struct Loaded(std::cell::RefCell<Vec<(String, Persistent<Object<'static>>)>>);

// SAFETY: holds only 'static data (Persistent values); `Changed` is the same type.
unsafe impl<'js> JsLifetime<'js> for Loaded {
    type Changed<'to> = Loaded;
}

/// Evaluates `isapi:internal/<path>` (once per engine) and returns its namespace.
fn load_module<'js>(ctx: Ctx<'js>, path: String) -> rquickjs::Result<Object<'js>> {
    let known = ctx.userdata::<Loaded>().and_then(|loaded| {
        let list = loaded.0.borrow();
        list.iter()
            .find(|(p, _)| *p == path)
            .map(|(_, n)| n.clone())
    });
    if let Some(namespace) = known {
        return namespace.restore(&ctx);
    }
    let namespace = evaluate_module(&ctx, &path)?;
    if ctx.userdata::<Loaded>().is_none() {
        // Cannot fail: no guard of it is held, and it is not there yet.
        let _ = ctx.store_userdata(Loaded::default());
    }
    if let Some(loaded) = ctx.userdata::<Loaded>() {
        let saved = Persistent::save(&ctx, namespace.clone());
        loaded.0.borrow_mut().push((path, saved));
    }
    Ok(namespace)
}

/// Evaluates `isapi:internal/<path>` through a one-line entry module (QuickJS evaluates
/// the module itself only once) and returns its namespace.
fn evaluate_module<'js>(ctx: &Ctx<'js>, path: &str) -> rquickjs::Result<Object<'js>> {
    static ENTRIES: AtomicU32 = AtomicU32::new(0);
    // A fresh name each time: a failed attempt leaves its entry module declared.
    let entry = format!("{ENTRY}{}/{path}", ENTRIES.fetch_add(1, Ordering::Relaxed));
    let source = format!(
        "import * as namespace from {:?};\nexport {{ namespace }};\n",
        format!("{INTERNAL}{path}")
    );
    let (module, evaluated) = Module::declare(ctx.clone(), entry, source)?.eval()?;
    match evaluated.result::<Value>() {
        Some(Ok(_)) => module.get("namespace"),
        Some(Err(error)) => Err(error),
        None => Err(throw_named(
            ctx,
            "Error",
            &format!("the platform module {path} did not finish loading"),
            None,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The heap of a fresh engine whose global object got the lazy globals (`lazy`) or
    /// the same names as plain properties: what any global costs (its name, its slot, the
    /// property table growing past a power of two) is not the accessor's.
    fn heap_after(lazy: bool) -> i64 {
        let runtime = Runtime::new().unwrap();
        install_loader(&runtime);
        let context = rquickjs::Context::full(&runtime).unwrap();
        context.with(|ctx| {
            if lazy {
                install_globals(&ctx).unwrap();
            } else {
                for name in GLOBALS.iter().flat_map(|(_, names)| names.iter()) {
                    ctx.globals().set(*name, ()).unwrap();
                }
            }
        });
        runtime.run_gc();
        runtime.memory_usage().malloc_size
    }

    /// The QuickJS heap of a fresh engine with the platform's globals after running
    /// `script`.
    fn heap_after_running(script: &str) -> i64 {
        let runtime = Runtime::new().unwrap();
        install_loader(&runtime);
        let context = rquickjs::Context::full(&runtime).unwrap();
        context.with(|ctx| install_globals(&ctx).unwrap());
        if !script.is_empty() {
            context.with(|ctx| ctx.eval::<(), _>(script).unwrap());
        }
        runtime.run_gc();
        runtime.memory_usage().malloc_size
    }

    /// Every engine pays for every lazy global, used or not (the hello handler's memory per
    /// engine is a benchmark figure): an accessor must stay a small native function, not a
    /// pair of JS closures (which cost about 400 bytes).
    #[test]
    fn a_lazy_global_costs_an_engine_little_until_touched() {
        let names: usize = GLOBALS.iter().map(|(_, names)| names.len()).sum();
        let forwarders = {
            let runtime = Runtime::new().unwrap();
            install_loader(&runtime);
            let context = rquickjs::Context::full(&runtime).unwrap();
            runtime.run_gc();
            let before = runtime.memory_usage().malloc_size;
            context.with(|ctx| install_method_forwarders(&ctx).unwrap());
            runtime.run_gc();
            runtime.memory_usage().malloc_size - before
        };
        // install_globals also installs the method forwarders: counted on their own.
        let cost = heap_after(true) - heap_after(false) - forwarders;
        let per_name = cost / names as i64;
        let per_method = forwarders / METHODS.len().max(1) as i64;
        eprintln!(
            "{names} lazy globals: {cost} bytes ({per_name} each); {} method forwarders: \
             {forwarders} bytes ({per_method} each)",
            METHODS.len()
        );
        assert!(
            per_method <= 250,
            "a method forwarder costs {per_method} bytes of heap an engine"
        );
        assert!(
            per_name <= 150,
            "{names} lazy globals' accessors cost {cost} bytes of heap an engine ({per_name} each)"
        );
    }

    /// What Intl costs an engine once used (its module and the first formatters), against
    /// an engine that never touches it; printed for docs/platform.md (`--nocapture`).
    #[test]
    #[cfg(feature = "intl")]
    fn intl_loads_only_when_touched() {
        let idle = heap_after_running("");
        let touched = heap_after_running("Intl.DateTimeFormat");
        let used = heap_after_running(
            "new Date(0).toLocaleString('de', { timeZone: 'Europe/Berlin' }); (1234.5).toLocaleString()",
        );
        eprintln!("engine heap: idle {idle}, Intl touched {touched}, a date and a number formatted {used}");
        assert!(touched > idle + 10_000, "touching Intl loads its module");
        // A handler that only formats (never names `Intl`) loads the same module, once.
        assert!(used >= touched);
    }

    #[test]
    fn every_global_module_is_embedded() {
        for (module, _) in GLOBALS {
            assert!(source(module).is_some(), "{module} is not under js/");
        }
    }
}

/// The platform's modules as this process's bytecode (see [`bytecode`]) against compiled
/// from source on each engine's first use, as they were: heap and first-use time, printed
/// for docs/platform.md (`--nocapture`).
#[cfg(test)]
mod bytecode_tests {
    use super::*;
    use std::time::Instant;

    /// The loader as it was: each engine compiles a module's source.
    struct SourceLoader;

    impl Loader for SourceLoader {
        fn load<'js>(
            &mut self,
            ctx: &Ctx<'js>,
            name: &str,
            _attributes: Option<ImportAttributes<'js>>,
        ) -> rquickjs::Result<Module<'js, Declared>> {
            if name.starts_with(NATIVE) {
                return declare_native(ctx, name);
            }
            let source = name.strip_prefix(INTERNAL).and_then(source).unwrap();
            Module::declare(ctx.clone(), name, source)
        }
    }

    /// (heap bytes over idle, microseconds) of running `script` in a fresh engine.
    fn run(from_source: bool, script: &str) -> (i64, u128) {
        let runtime = Runtime::new().unwrap();
        if from_source {
            runtime.set_loader(PlatformResolver, SourceLoader);
        } else {
            install_loader(&runtime);
        }
        let context = rquickjs::Context::full(&runtime).unwrap();
        context.with(|ctx| install_globals(&ctx).unwrap());
        runtime.run_gc();
        let idle = runtime.memory_usage().malloc_size;
        let start = Instant::now();
        context.with(|ctx| ctx.eval::<(), _>(script).unwrap());
        let took = start.elapsed().as_micros();
        runtime.run_gc();
        (runtime.memory_usage().malloc_size - idle, took)
    }

    #[test]
    fn bytecode_costs_less_heap_than_source_and_keeps_positions() {
        for script in [
            "Response",
            "ReadableStream",
            "fetch",
            "crypto.subtle",
            "Intl",
        ] {
            let mut rows = Vec::new();
            let mut heaps = [0; 2];
            for (i, from_source) in [true, false].into_iter().enumerate() {
                run(from_source, script); // this process compiles the bytecode once
                let mut times: Vec<u128> = (0..3).map(|_| run(from_source, script).1).collect();
                times.sort_unstable();
                heaps[i] = run(from_source, script).0;
                let what = if from_source { "source" } else { "bytecode" };
                rows.push(format!("{what} +{} B, {} us", heaps[i], times[1]));
            }
            eprintln!("{script}: {}", rows.join("; "));
            assert!(heaps[1] * 10 < heaps[0] * 8, "{script}: {heaps:?}");
        }
        let runtime = Runtime::new().unwrap();
        install_loader(&runtime);
        let context = rquickjs::Context::full(&runtime).unwrap();
        context.with(|ctx| {
            install_globals(&ctx).unwrap();
            let stack: String = ctx
                .eval("try { new Response('x', { status: 204 }) } catch (e) { e.stack }")
                .unwrap();
            assert!(stack.contains("(isapi:internal/response.js:"), "{stack}");
            let text: String = ctx.eval("String(Response)").unwrap();
            assert!(text.contains("[native code]"), "{text}");
        });
    }
}
