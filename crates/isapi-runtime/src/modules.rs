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

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::{Declared, ModuleDef};
use rquickjs::{Ctx, Error, Function, Module, Object, Runtime, Value};

use crate::errors::throw_named;

include!(concat!(env!("OUT_DIR"), "/sources.rs"));

const INTERNAL: &str = "isapi:internal/";
const NATIVE: &str = "isapi:native/";
/// The one-line modules through which a global's first touch imports its module.
const ENTRY: &str = "isapi:entry/";

/// Each module under `js/` that defines globals, and the globals it defines (its exports
/// of the same names). Internal modules never read these globals themselves: they import.
const GLOBALS: &[(&str, &[&str])] = &[
    ("encoding.js", &["TextEncoder", "TextDecoder"]),
    ("url.js", &["URL", "URLSearchParams"]),
    ("streams.js", &["ReadableStream"]),
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
    ("crypto.js", &["crypto"]),
    ("wasm.js", &["WebAssembly"]),
];

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
        "wasm" => def::<crate::wasm::Native>(ctx, name),
        _ => Err(Error::new_loading_message(name, "no such native module")),
    }
}

/// The source of `isapi:internal/<path>`.
fn source(path: &str) -> Option<&'static str> {
    SOURCES.iter().find(|(p, _)| *p == path).map(|(_, s)| *s)
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
        let from_platform = base.starts_with(INTERNAL) || base.starts_with(ENTRY);
        if from_platform {
            if name.starts_with(INTERNAL) || name.starts_with(NATIVE) {
                return Ok(name.to_owned());
            }
            if let Some(relative) = name.strip_prefix("./") {
                let folder = base
                    .strip_prefix(INTERNAL)
                    .and_then(|path| path.rsplit_once('/'))
                    .map(|(folder, _)| format!("{folder}/"))
                    .unwrap_or_default();
                if !relative.split('/').any(|s| s == ".." || s == ".") {
                    return Ok(format!("{INTERNAL}{folder}{relative}"));
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
            Some(source) => Module::declare(ctx.clone(), name, source),
            None => Err(Error::new_loading_message(name, "no such platform module")),
        }
    }
}

/// Defines each global as an accessor that loads its module on first touch.
const ON_FIRST_USE: &str = r#"((load, table) => {
  for (const [module, names] of table) {
    let loaded = false;
    const loadOnce = () => {
      if (loaded) return;
      const namespace = load(module);
      loaded = true;
      for (const name of names) {
        Object.defineProperty(globalThis, name, {
          value: namespace[name], writable: true, configurable: true, enumerable: false,
        });
      }
    };
    for (const name of names) {
      Object.defineProperty(globalThis, name, {
        configurable: true,
        enumerable: false,
        get() { loadOnce(); return globalThis[name]; },
        set(value) { loadOnce(); globalThis[name] = value; },
      });
    }
  }
})"#;

/// Installs the lazy globals on `ctx`'s global object.
pub(crate) fn install_globals(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    let table = rquickjs::Array::new(ctx.clone())?;
    for (index, (module, names)) in GLOBALS.iter().enumerate() {
        let entry = rquickjs::Array::new(ctx.clone())?;
        entry.set(0, *module)?;
        entry.set(1, names.to_vec())?;
        table.set(index, entry)?;
    }
    let define: Function = ctx.eval(ON_FIRST_USE)?;
    define.call((Function::new(ctx.clone(), load_module)?, table))
}

/// Evaluates `isapi:internal/<path>` (once per engine: QuickJS keeps loaded modules by
/// name) and returns its namespace.
fn load_module<'js>(ctx: Ctx<'js>, path: String) -> rquickjs::Result<Object<'js>> {
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
            &ctx,
            "Error",
            &format!("the platform module {path} did not finish loading"),
            None,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_global_module_is_embedded() {
        for (module, _) in GLOBALS {
            assert!(source(module).is_some(), "{module} is not under js/");
        }
    }
}
