//! Precompiled bundles: `isapi build --bytecode` writes `<name>.qbc` beside `<name>.js`,
//! compiled by this crate's own engine (the `isapi-compile` tool), so that engines start
//! without parsing. The file carries a header naming the engine that wrote it and a hash
//! of the `.js` it was compiled from; a `.qbc` from another engine build, or older than
//! its `.js`, is passed over for the `.js`. Line information is kept, so stack traces
//! (and source maps) still work.
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rquickjs::module::{WriteOptions, WriteOptionsEndianness};
use rquickjs::{Context, Module, Runtime};

const MAGIC: &[u8; 8] = b"ISAPIQBC";

/// The engine build bytecode is tied to: QuickJS bytecode is not portable across versions.
pub const ENGINE: &str = concat!(
    "rquickjs-0.14.0/isapi-js-",
    env!("CARGO_PKG_VERSION"),
    "/",
    env!("ISAPI_JS_TARGET")
);

/// What an engine evaluates: the bundle's text, or its precompiled form.
#[derive(Clone)]
pub(crate) enum Code {
    Source(Arc<str>),
    /// QuickJS reads module bytecode in place, so the bytes must outlive the engine.
    Bytecode(Arc<[u8]>),
}

/// `dir/name.js` → `dir/name.qbc`.
pub fn bytecode_path(bundle: &Path) -> PathBuf {
    bundle.with_extension("qbc")
}

/// FNV-1a: enough to notice that a `.js` changed since its `.qbc` was written.
fn source_hash(source: &str) -> u64 {
    source.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Compiles `source` (an ES module named `name`, as engines name the bundle) into a
/// `.qbc` file's contents.
pub fn compile(name: &str, source: &str) -> Result<Vec<u8>, String> {
    let runtime = Runtime::new().map_err(|e| e.to_string())?;
    // Declaring a module resolves its imports: a bundle's `node:*` imports need the
    // platform's resolver.
    isapi_runtime::install_runtime(&runtime);
    let context = Context::full(&runtime).map_err(|e| e.to_string())?;
    let bytecode = context.with(|ctx| {
        let module = Module::declare(ctx.clone(), name, source)
            .map_err(|e| crate::error::describe_exception(&ctx, e))?;
        module
            .write(WriteOptions {
                endianness: WriteOptionsEndianness::Native,
                strip_source: true,
                strip_debug: false,
                ..WriteOptions::default()
            })
            .map_err(|e| e.to_string())
    })?;
    let mut out = Vec::with_capacity(bytecode.len() + 64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(ENGINE.len() as u32).to_le_bytes());
    out.extend_from_slice(ENGINE.as_bytes());
    out.extend_from_slice(&source_hash(source).to_le_bytes());
    out.extend_from_slice(&bytecode);
    Ok(out)
}

/// Why a `.qbc` was passed over.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    NotBytecode,
    OtherEngine(String),
    Stale,
}

/// The bytecode inside a `.qbc` file, if it was written by this engine build from
/// `source` (when the `.js` is there to compare with).
pub(crate) fn accept(file: &[u8], source: Option<&str>) -> Result<Arc<[u8]>, Refusal> {
    let rest = file.strip_prefix(MAGIC).ok_or(Refusal::NotBytecode)?;
    let (length, rest) = rest.split_at_checked(4).ok_or(Refusal::NotBytecode)?;
    let length = u32::from_le_bytes(length.try_into().map_err(|_| Refusal::NotBytecode)?) as usize;
    let (engine, rest) = rest.split_at_checked(length).ok_or(Refusal::NotBytecode)?;
    if engine != ENGINE.as_bytes() {
        return Err(Refusal::OtherEngine(
            String::from_utf8_lossy(engine).into_owned(),
        ));
    }
    let (hash, bytecode) = rest.split_at_checked(8).ok_or(Refusal::NotBytecode)?;
    let hash = u64::from_le_bytes(hash.try_into().map_err(|_| Refusal::NotBytecode)?);
    if source.is_some_and(|source| source_hash(source) != hash) {
        return Err(Refusal::Stale);
    }
    Ok(Arc::from(bytecode))
}

/// What to run for `bundle`: its `.qbc` when usable, else its text. `Err` when neither
/// can be read.
pub(crate) fn load(bundle: &Path) -> Result<Code, std::io::Error> {
    let source = std::fs::read_to_string(bundle);
    let compiled = bytecode_path(bundle);
    if let Ok(file) = std::fs::read(&compiled) {
        match accept(&file, source.as_deref().ok()) {
            Ok(bytecode) => {
                tracing::debug!("using bytecode {}", compiled.display());
                return Ok(Code::Bytecode(bytecode));
            }
            Err(Refusal::Stale) => tracing::warn!(
                "{} is older than {}: using the .js (rebuild with --bytecode)",
                compiled.display(),
                bundle.display()
            ),
            Err(Refusal::OtherEngine(engine)) => tracing::warn!(
                "{} was compiled by another engine build ({engine}; this is {ENGINE}): using the .js",
                compiled.display()
            ),
            Err(Refusal::NotBytecode) => {
                tracing::warn!("{} is not isapi-ts bytecode: using the .js", compiled.display())
            }
        }
    }
    source.map(|text| Code::Source(Arc::from(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODULE: &str = "export function __ExtensionFactory__() { return {}; }";

    #[test]
    fn compiled_bundles_are_accepted_only_for_their_source_and_engine() {
        let file = compile("x.js", MODULE).unwrap();
        assert!(accept(&file, Some(MODULE)).is_ok());
        assert!(accept(&file, None).is_ok(), "no .js to compare with");
        assert_eq!(
            accept(&file, Some("export const changed = 1;")).unwrap_err(),
            Refusal::Stale
        );
        assert_eq!(accept(b"garbage", None).unwrap_err(), Refusal::NotBytecode);
        let mut other = file.clone();
        other[12] ^= 1; // a byte of the engine name
        assert!(matches!(
            accept(&other, None).unwrap_err(),
            Refusal::OtherEngine(_)
        ));
    }

    #[test]
    fn syntax_errors_are_reported() {
        assert!(compile("bad.js", "export function {").is_err());
    }
}
