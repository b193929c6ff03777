//! The native half of `crypto.subtle` (`js/crypto.js`): key material and every
//! algorithm, on the RustCrypto crates.
//!
//! The JavaScript side normalizes algorithm dictionaries, checks usages and builds
//! `CryptoKey`s; it hands this module plain values (algorithm and hash names, byte
//! arrays, numbers). Key material never enters JavaScript: a `CryptoKey` holds a
//! [`KeyHandle`], a native object owning the material, freed (and zeroized) when the
//! key is collected. Errors are thrown with the WebCrypto `DOMException` name
//! (`OperationError`, `DataError`, …) as the error's `name`; `js/crypto.js` turns them
//! into `DOMException`s.
//!
//! The work runs synchronously on the engine's thread; the JavaScript side returns
//! settled promises.
mod cipher;
mod hash;
mod keys;
mod node_keys;
mod ops;

use rquickjs::class::{JsClass, Readable, Trace, Tracer};
use rquickjs::function::Constructor;
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Class, Ctx, Function, JsLifetime, Object, TypedArray, Value};
use zeroize::Zeroizing;

use crate::errors::throw_named;

/// Throws a JS error named `name` (a WebCrypto DOMException name or `TypeError`).
pub(crate) fn fail(ctx: &Ctx<'_>, name: &str, message: &str) -> rquickjs::Error {
    throw_named(ctx, name, message, None)
}

/// The two NIST curves WebCrypto names.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Curve {
    P256,
    P384,
}

impl Curve {
    fn parse(ctx: &Ctx<'_>, name: &str) -> rquickjs::Result<Curve> {
        match name {
            "P-256" => Ok(Curve::P256),
            "P-384" => Ok(Curve::P384),
            _ => Err(fail(ctx, "NotSupportedError", "Unsupported named curve")),
        }
    }
}

/// A key's material: what a `CryptoKey` owns. The crates' private key types zeroize
/// themselves on drop; secret bytes are wrapped in [`Zeroizing`].
pub(crate) enum Material {
    Secret(Zeroizing<Vec<u8>>),
    P256Private(p256::SecretKey),
    P256Public(p256::PublicKey),
    P384Private(p384::SecretKey),
    P384Public(p384::PublicKey),
    RsaPrivate(Box<rsa::RsaPrivateKey>),
    RsaPublic(Box<rsa::RsaPublicKey>),
    Ed25519Private(Box<ed25519_dalek::SigningKey>),
    Ed25519Public(ed25519_dalek::VerifyingKey),
    X25519Private(Box<x25519_dalek::StaticSecret>),
    X25519Public(x25519_dalek::PublicKey),
}

impl Material {
    /// `"secret"`, `"private"` or `"public"`, as `CryptoKey.type`.
    fn kind(&self) -> &'static str {
        match self {
            Material::Secret(_) => "secret",
            Material::P256Private(_)
            | Material::P384Private(_)
            | Material::RsaPrivate(_)
            | Material::Ed25519Private(_)
            | Material::X25519Private(_) => "private",
            _ => "public",
        }
    }
}

/// The native object behind a `CryptoKey`: its material, out of reach of scripts.
pub(crate) struct KeyHandle {
    pub(crate) material: Material,
}

impl<'js> Trace<'js> for KeyHandle {
    fn trace<'a>(&self, _tracer: Tracer<'a, 'js>) {}
}

// SAFETY: KeyHandle holds no JS values, so it has no `'js` lifetime to change.
unsafe impl<'js> JsLifetime<'js> for KeyHandle {
    type Changed<'to> = KeyHandle;
}

impl<'js> JsClass<'js> for KeyHandle {
    const NAME: &'static str = "KeyHandle";
    type Mutable = Readable;

    fn constructor(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<Constructor<'js>>> {
        Ok(None)
    }
}

/// Wraps `material` in a new handle object.
pub(crate) fn handle<'js>(ctx: &Ctx<'js>, material: Material) -> rquickjs::Result<Value<'js>> {
    Ok(Class::instance(ctx.clone(), KeyHandle { material })?.into_value())
}

/// Lends the material behind `value` (a handle) to `f`.
pub(crate) fn with_material<'js, R>(
    ctx: &Ctx<'js>,
    value: &Value<'js>,
    f: impl FnOnce(&Material) -> rquickjs::Result<R>,
) -> rquickjs::Result<R> {
    let Ok(class) = Class::<KeyHandle>::from_value(value) else {
        return Err(fail(ctx, "TypeError", "not a key handle"));
    };
    let borrowed = class.borrow();
    f(&borrowed.material)
}

/// Bytes of a Uint8Array (copied: the work that follows may take long).
pub(crate) fn bytes<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> rquickjs::Result<Vec<u8>> {
    crate::bytes::bytes_of(ctx, value)
}

/// A named Uint8Array member of `params`, if present.
pub(crate) fn bytes_member<'js>(
    ctx: &Ctx<'js>,
    params: &Object<'js>,
    name: &str,
) -> rquickjs::Result<Option<Vec<u8>>> {
    let value: Value = params.get(name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    bytes(ctx, &value).map(Some)
}

/// A new Uint8Array holding `data`.
pub(crate) fn array<'js>(ctx: &Ctx<'js>, data: &[u8]) -> rquickjs::Result<Value<'js>> {
    Ok(TypedArray::<u8>::new(ctx.clone(), data)?.into_value())
}

/// Random bytes from the operating system.
pub(crate) fn random(ctx: &Ctx<'_>, out: &mut [u8]) -> rquickjs::Result<()> {
    getrandom::fill(out).map_err(|e| fail(ctx, "OperationError", &format!("no randomness: {e}")))
}

/// `isapi:native/crypto`.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        for name in [
            "digest",
            "generate",
            "importKey",
            "exportKey",
            "info",
            "sign",
            "verify",
            "encrypt",
            "decrypt",
            "deriveBits",
            "hashCreate",
            "hmacCreate",
            "hashUpdate",
            "hashDigest",
            "hashCopy",
            "hashOnce",
            "pbkdf2",
            "hkdf",
            "scrypt",
            "cipherCreate",
            "cipherUpdate",
            "cipherAad",
            "cipherSetTag",
            "cipherSetPadding",
            "cipherFinal",
            "keyParse",
            "keyPublic",
            "keyDetails",
            "keyExport",
            "keyEquals",
            "nodeSign",
            "nodeVerify",
            "rsaCipher",
            "ecPrivate",
            "ecPoint",
        ] {
            declare.declare(name)?;
        }
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("digest", Function::new(ctx.clone(), ops::digest)?)?;
        exports.export("generate", Function::new(ctx.clone(), keys::generate)?)?;
        exports.export("importKey", Function::new(ctx.clone(), keys::import_key)?)?;
        exports.export("exportKey", Function::new(ctx.clone(), keys::export_key)?)?;
        exports.export("info", Function::new(ctx.clone(), keys::info)?)?;
        exports.export("sign", Function::new(ctx.clone(), ops::sign)?)?;
        exports.export("verify", Function::new(ctx.clone(), ops::verify)?)?;
        exports.export("encrypt", Function::new(ctx.clone(), ops::encrypt)?)?;
        exports.export("decrypt", Function::new(ctx.clone(), ops::decrypt)?)?;
        exports.export("deriveBits", Function::new(ctx.clone(), ops::derive_bits)?)?;
        // node:crypto's own shapes of the same backend.
        exports.export("hashCreate", Function::new(ctx.clone(), hash::hash_create)?)?;
        exports.export("hmacCreate", Function::new(ctx.clone(), hash::hmac_create)?)?;
        exports.export("hashUpdate", Function::new(ctx.clone(), hash::hash_update)?)?;
        exports.export("hashDigest", Function::new(ctx.clone(), hash::hash_digest)?)?;
        exports.export("hashCopy", Function::new(ctx.clone(), hash::hash_copy)?)?;
        exports.export("hashOnce", Function::new(ctx.clone(), hash::hash_once)?)?;
        exports.export("pbkdf2", Function::new(ctx.clone(), hash::pbkdf2)?)?;
        exports.export("hkdf", Function::new(ctx.clone(), hash::hkdf)?)?;
        exports.export("scrypt", Function::new(ctx.clone(), hash::scrypt)?)?;
        exports.export(
            "cipherCreate",
            Function::new(ctx.clone(), cipher::cipher_create)?,
        )?;
        exports.export(
            "cipherUpdate",
            Function::new(ctx.clone(), cipher::cipher_update)?,
        )?;
        exports.export("cipherAad", Function::new(ctx.clone(), cipher::cipher_aad)?)?;
        exports.export(
            "cipherSetTag",
            Function::new(ctx.clone(), cipher::cipher_set_tag)?,
        )?;
        exports.export(
            "cipherSetPadding",
            Function::new(ctx.clone(), cipher::cipher_set_padding)?,
        )?;
        exports.export(
            "cipherFinal",
            Function::new(ctx.clone(), cipher::cipher_final)?,
        )?;
        exports.export(
            "keyParse",
            Function::new(ctx.clone(), node_keys::key_parse)?,
        )?;
        exports.export(
            "keyPublic",
            Function::new(ctx.clone(), node_keys::key_public)?,
        )?;
        exports.export(
            "keyDetails",
            Function::new(ctx.clone(), node_keys::key_details)?,
        )?;
        exports.export(
            "keyExport",
            Function::new(ctx.clone(), node_keys::key_export)?,
        )?;
        exports.export(
            "keyEquals",
            Function::new(ctx.clone(), node_keys::key_equals)?,
        )?;
        exports.export(
            "nodeSign",
            Function::new(ctx.clone(), node_keys::node_sign)?,
        )?;
        exports.export(
            "nodeVerify",
            Function::new(ctx.clone(), node_keys::node_verify)?,
        )?;
        exports.export(
            "rsaCipher",
            Function::new(ctx.clone(), node_keys::rsa_cipher)?,
        )?;
        exports.export(
            "ecPrivate",
            Function::new(ctx.clone(), node_keys::ec_private)?,
        )?;
        exports.export("ecPoint", Function::new(ctx.clone(), node_keys::ec_point)?)?;
        Ok(())
    }
}
