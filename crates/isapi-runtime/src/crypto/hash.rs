//! node:crypto's hashing: incremental hashes and HMACs (`createHash`, `createHmac`), the
//! one-shot `hash()`, and the key derivations pbkdf2, scrypt and hkdf over any of them.
//! Names come canonical from `js/node/crypto.js` (`sha256`, `sha3-256`, `md5`, …).
use digest::{DynDigest, ExtendableOutput, Update, XofReader};
use hmac::{Hmac, Mac};
use rquickjs::class::{JsClass, Trace, Tracer, Writable};
use rquickjs::function::Constructor;
use rquickjs::{Class, Ctx, JsLifetime, Object, Value};
use zeroize::Zeroizing;

use super::{array, fail, with_material, Material};

/// Lends the bytes of `data` to `f`: a string's UTF-8 (lone surrogates as U+FFFD, as
/// Node encodes them) or a Uint8Array's contents. `f` runs no JavaScript.
pub(crate) fn with_bytes_of<'js, R>(
    ctx: &Ctx<'js>,
    data: &Value<'js>,
    f: impl FnOnce(&[u8]) -> R,
) -> rquickjs::Result<R> {
    match data.as_string() {
        Some(text) => crate::borrowed_str::with_usv_str(ctx, text, |text| f(text.as_bytes())),
        None => crate::bytes::with_bytes_of(ctx, data, f),
    }
}

/// Runs `$body` with `$d` the digest type named `$name`, else `$else`.
macro_rules! with_node_hash {
    ($name:expr, $d:ident => $body:expr, $else:expr) => {
        match $name {
            "md5" => {
                type $d = md5::Md5;
                $body
            }
            "sha1" => {
                type $d = sha1::Sha1;
                $body
            }
            "sha224" => {
                type $d = sha2::Sha224;
                $body
            }
            "sha256" => {
                type $d = sha2::Sha256;
                $body
            }
            "sha384" => {
                type $d = sha2::Sha384;
                $body
            }
            "sha512" => {
                type $d = sha2::Sha512;
                $body
            }
            "sha512-224" => {
                type $d = sha2::Sha512_224;
                $body
            }
            "sha512-256" => {
                type $d = sha2::Sha512_256;
                $body
            }
            "sha3-224" => {
                type $d = sha3::Sha3_224;
                $body
            }
            "sha3-256" => {
                type $d = sha3::Sha3_256;
                $body
            }
            "sha3-384" => {
                type $d = sha3::Sha3_384;
                $body
            }
            "sha3-512" => {
                type $d = sha3::Sha3_512;
                $body
            }
            "ripemd160" => {
                type $d = ripemd::Ripemd160;
                $body
            }
            _ => $else,
        }
    };
}
pub(crate) use with_node_hash;

pub(crate) fn unsupported_digest(ctx: &Ctx<'_>) -> rquickjs::Error {
    fail(ctx, "Error", "Digest method not supported")
}

/// The state of one `Hash` or `Hmac` object; `None` once digested.
pub(crate) struct Hasher(Option<State>);

enum State {
    Fixed(Box<dyn DynDigest>),
    Shake128(sha3::Shake128, usize),
    Shake256(sha3::Shake256, usize),
    Mac(Box<dyn DynMac>),
}

/// An object-safe HMAC of any digest (hmac's `Mac` is generic over its digest).
trait DynMac {
    fn update(&mut self, data: &[u8]);
    fn finish(self: Box<Self>) -> Vec<u8>;
    fn boxed_clone(&self) -> Box<dyn DynMac>;
}

impl<M: Mac + Clone + 'static> DynMac for M {
    fn update(&mut self, data: &[u8]) {
        Mac::update(self, data)
    }
    fn finish(self: Box<Self>) -> Vec<u8> {
        self.finalize().into_bytes().to_vec()
    }
    fn boxed_clone(&self) -> Box<dyn DynMac> {
        Box::new(self.clone())
    }
}

impl State {
    fn update(&mut self, data: &[u8]) {
        match self {
            State::Fixed(d) => d.update(data),
            State::Shake128(d, _) => Update::update(d, data),
            State::Shake256(d, _) => Update::update(d, data),
            State::Mac(m) => m.update(data),
        }
    }

    fn finish(self) -> Vec<u8> {
        match self {
            State::Fixed(d) => d.finalize().to_vec(),
            State::Shake128(d, n) => xof(d.finalize_xof(), n),
            State::Shake256(d, n) => xof(d.finalize_xof(), n),
            State::Mac(m) => m.finish(),
        }
    }

    fn copy(&self) -> State {
        match self {
            State::Fixed(d) => State::Fixed(d.box_clone()),
            State::Shake128(d, n) => State::Shake128(d.clone(), *n),
            State::Shake256(d, n) => State::Shake256(d.clone(), *n),
            State::Mac(m) => State::Mac(m.boxed_clone()),
        }
    }
}

fn xof(mut reader: impl XofReader, length: usize) -> Vec<u8> {
    let mut out = vec![0u8; length];
    reader.read(&mut out);
    out
}

/// `length` zero bytes for a derived key, or a RangeError when they cannot be had (a
/// script asking for gigabytes must not abort the process).
fn zeroed(ctx: &Ctx<'_>, length: usize) -> rquickjs::Result<Zeroizing<Vec<u8>>> {
    let mut out = Vec::new();
    out.try_reserve_exact(length)
        .map_err(|_| fail(ctx, "RangeError", "Array buffer allocation failed"))?;
    out.resize(length, 0);
    Ok(Zeroizing::new(out))
}

/// The longest SHAKE output asked for (1 GiB): more is refused rather than allocated.
const MAX_XOF: f64 = (1u64 << 30) as f64;

// SAFETY: Hasher holds no JS values, so it has no `'js` lifetime to change.
unsafe impl<'js> JsLifetime<'js> for Hasher {
    type Changed<'to> = Hasher;
}

impl<'js> Trace<'js> for Hasher {
    fn trace<'a>(&self, _tracer: Tracer<'a, 'js>) {}
}

impl<'js> JsClass<'js> for Hasher {
    const NAME: &'static str = "Hasher";
    type Mutable = Writable;

    fn constructor(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<Constructor<'js>>> {
        Ok(None)
    }

    fn prototype(ctx: &Ctx<'js>) -> rquickjs::Result<Option<Object<'js>>> {
        Object::new(ctx.clone()).map(Some)
    }
}

fn fixed(ctx: &Ctx<'_>, name: &str) -> rquickjs::Result<Box<dyn DynDigest>> {
    Ok(with_node_hash!(name, D => Box::new(D::default()), return Err(unsupported_digest(ctx))))
}

/// `hashCreate(name, outputLength)`: a new hash (`outputLength` for the SHAKEs; -1 for
/// their default of 16 or 32 bytes).
pub(super) fn hash_create<'js>(
    ctx: Ctx<'js>,
    name: String,
    output_length: f64,
) -> rquickjs::Result<Class<'js, Hasher>> {
    if output_length > MAX_XOF {
        return Err(fail(&ctx, "RangeError", "Array buffer allocation failed"));
    }
    let length = |default: usize| {
        if output_length < 0.0 {
            default
        } else {
            output_length as usize
        }
    };
    let state = match name.as_str() {
        "shake128" => State::Shake128(sha3::Shake128::default(), length(16)),
        "shake256" => State::Shake256(sha3::Shake256::default(), length(32)),
        _ => {
            let digest = fixed(&ctx, &name)?;
            if output_length >= 0.0 && output_length as usize != digest.output_size() {
                return Err(fail(
                    &ctx,
                    "Error",
                    "Output length is not supported for this digest",
                ));
            }
            State::Fixed(digest)
        }
    };
    Class::instance(ctx, Hasher(Some(state)))
}

/// `hmacCreate(name, key)`: a new HMAC keyed with a key handle's secret or bytes.
pub(super) fn hmac_create<'js>(
    ctx: Ctx<'js>,
    name: String,
    key: Value<'js>,
) -> rquickjs::Result<Class<'js, Hasher>> {
    let make = |secret: &[u8]| -> rquickjs::Result<Box<dyn DynMac>> {
        Ok(with_node_hash!(name.as_str(), D => Box::new(
            <Hmac<D> as Mac>::new_from_slice(secret).map_err(|e| fail(&ctx, "Error", &e.to_string()))?,
        ), return Err(fail(&ctx, "Error", &format!("Invalid digest: {name}")))))
    };
    let mac = make(&secret_of(&ctx, &key)?)?;
    Class::instance(ctx.clone(), Hasher(Some(State::Mac(mac))))
}

/// `hashUpdate(hasher, data)`: `data` a string (hashed as UTF-8) or bytes.
pub(super) fn hash_update<'js>(
    ctx: Ctx<'js>,
    hasher: Class<'js, Hasher>,
    data: Value<'js>,
) -> rquickjs::Result<()> {
    let mut hasher = hasher.try_borrow_mut()?;
    let Some(state) = hasher.0.as_mut() else {
        return Err(fail(&ctx, "Error", "Digest already called"));
    };
    with_bytes_of(&ctx, &data, |bytes| state.update(bytes))
}

/// `hashDigest(hasher, encoding)`: the digest as text in `hex`, `base64`, `base64url` or
/// `latin1`, else as bytes.
pub(super) fn hash_digest<'js>(
    ctx: Ctx<'js>,
    hasher: Class<'js, Hasher>,
    encoding: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    let Some(state) = hasher.try_borrow_mut()?.0.take() else {
        return Err(fail(&ctx, "Error", "Digest already called"));
    };
    encoded(&ctx, &state.finish(), &encoding)
}

/// `hashCopy(hasher, outputLength)`: a new hasher in the same state (a SHAKE's output
/// length changed unless -1).
pub(super) fn hash_copy<'js>(
    ctx: Ctx<'js>,
    hasher: Class<'js, Hasher>,
    output_length: f64,
) -> rquickjs::Result<Class<'js, Hasher>> {
    let mut copy = match &hasher.try_borrow()?.0 {
        Some(state) => state.copy(),
        None => return Err(fail(&ctx, "Error", "Digest already called")),
    };
    if output_length > MAX_XOF {
        return Err(fail(&ctx, "RangeError", "Array buffer allocation failed"));
    }
    if output_length >= 0.0 {
        match &mut copy {
            State::Shake128(_, n) | State::Shake256(_, n) => *n = output_length as usize,
            _ => {}
        }
    }
    Class::instance(ctx, Hasher(Some(copy)))
}

/// `hashOnce(name, data, encoding)`: node:crypto's `hash()` and `createHash` fused for
/// the common one-shot.
pub(super) fn hash_once<'js>(
    ctx: Ctx<'js>,
    name: String,
    data: Value<'js>,
    encoding: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    let mut state = match name.as_str() {
        "shake128" => State::Shake128(sha3::Shake128::default(), 16),
        "shake256" => State::Shake256(sha3::Shake256::default(), 32),
        _ => State::Fixed(fixed(&ctx, &name)?),
    };
    with_bytes_of(&ctx, &data, |bytes| state.update(bytes))?;
    encoded(&ctx, &state.finish(), &encoding)
}

/// `bytes` as a string in the encoding named by `encoding`, or a Uint8Array.
pub(crate) fn encoded<'js>(
    ctx: &Ctx<'js>,
    bytes: &[u8],
    encoding: &Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    use base64::Engine;
    let name = encoding.as_string().map(|s| s.to_string()).transpose()?;
    let text = match name.as_deref() {
        Some("hex") => {
            const DIGITS: &[u8; 16] = b"0123456789abcdef";
            let mut out = String::with_capacity(bytes.len() * 2);
            for byte in bytes {
                out.push(DIGITS[(byte >> 4) as usize] as char);
                out.push(DIGITS[(byte & 15) as usize] as char);
            }
            out
        }
        Some("base64") => base64::engine::general_purpose::STANDARD.encode(bytes),
        Some("base64url") => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
        Some("latin1" | "binary") => bytes.iter().map(|&b| b as char).collect(),
        _ => return array(ctx, bytes),
    };
    rquickjs::String::from_str(ctx.clone(), &text).map(|s| s.into_value())
}

/// The secret bytes of a key handle (a secret KeyObject's) or of bytes or a string.
fn secret_of<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> rquickjs::Result<Zeroizing<Vec<u8>>> {
    if Class::<super::KeyHandle>::from_value(value).is_err() {
        return Ok(Zeroizing::new(crate::bytes::bytes_of(ctx, value)?));
    }
    with_material(ctx, value, |material| match material {
        Material::Secret(secret) => Ok(Zeroizing::new(secret.to_vec())),
        _ => Err(fail(ctx, "TypeError", "expected a secret key")),
    })
}

/// `pbkdf2(password, salt, iterations, length, digest)`.
pub(super) fn pbkdf2<'js>(
    ctx: Ctx<'js>,
    password: Value<'js>,
    salt: Value<'js>,
    iterations: u32,
    length: usize,
    digest: String,
) -> rquickjs::Result<Value<'js>> {
    let password = secret_of(&ctx, &password)?;
    let salt = secret_of(&ctx, &salt)?;
    let mut out = zeroed(&ctx, length)?;
    with_node_hash!(digest.as_str(), D => pbkdf2::pbkdf2_hmac::<D>(&password, &salt, iterations, &mut out),
        return Err(fail(&ctx, "TypeError", &format!("Invalid digest: {digest}"))));
    array(&ctx, &out)
}

/// `hkdf(digest, key, salt, info, length)`.
pub(super) fn hkdf<'js>(
    ctx: Ctx<'js>,
    digest: String,
    key: Value<'js>,
    salt: Value<'js>,
    info: Value<'js>,
    length: usize,
) -> rquickjs::Result<Value<'js>> {
    let key = secret_of(&ctx, &key)?;
    let salt = secret_of(&ctx, &salt)?;
    let info = secret_of(&ctx, &info)?;
    let mut out = Zeroizing::new(vec![0u8; length]);
    let too_long = || fail(&ctx, "RangeError", "Invalid key length");
    with_node_hash!(digest.as_str(), D => hkdf::Hkdf::<D>::new(Some(&salt), &key)
        .expand(&info, &mut out)
        .map_err(|_| too_long())?,
        return Err(fail(&ctx, "TypeError", &format!("Invalid digest: {digest}"))));
    array(&ctx, &out)
}

/// `scrypt(password, salt, log2N, r, p, length)`: parameters checked by the caller
/// (N a power of two, the memory limit).
pub(super) fn scrypt<'js>(
    ctx: Ctx<'js>,
    password: Value<'js>,
    salt: Value<'js>,
    params: Object<'js>,
) -> rquickjs::Result<Value<'js>> {
    let password = secret_of(&ctx, &password)?;
    let salt = secret_of(&ctx, &salt)?;
    let log_n: u8 = params.get("logN")?;
    let r: u32 = params.get("r")?;
    let p: u32 = params.get("p")?;
    let length: usize = params.get("length")?;
    let invalid = || fail(&ctx, "RangeError", "Invalid scrypt params");
    // The length given to `Params` only matters for the PHC string format (it must be
    // 10..=64 there); the output's is the buffer's.
    let params =
        scrypt::Params::new(log_n, r, p, scrypt::Params::RECOMMENDED_LEN).map_err(|_| invalid())?;
    let mut out = zeroed(&ctx, length)?;
    if length > 0 {
        scrypt::scrypt(&password, &salt, &params, &mut out).map_err(|_| invalid())?;
    }
    array(&ctx, &out)
}
