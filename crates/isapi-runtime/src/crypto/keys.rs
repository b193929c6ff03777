//! Making keys: generate, import and export in the four WebCrypto formats (`raw`,
//! `pkcs8`, `spki` and the members of a `jwk`, which `js/crypto.js` base64url-codes).
use der::asn1::{BitStringRef, OctetStringRef};
use der::{Decode, Encode};
use p256::elliptic_curve::sec1::{FromEncodedPoint, ToEncodedPoint};
use pkcs8::{DecodePrivateKey, EncodePrivateKey, ObjectIdentifier, PrivateKeyInfo};
use rquickjs::{Array, Ctx, Object, Value};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::BigUint;
use spki::{AlgorithmIdentifierRef, DecodePublicKey, EncodePublicKey, SubjectPublicKeyInfoRef};
use zeroize::Zeroizing;

use super::{array, bytes, bytes_member, fail, handle, random, with_material, Curve, Material};

const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

fn data_error(ctx: &Ctx<'_>, message: &str) -> rquickjs::Error {
    fail(ctx, "DataError", message)
}

fn curve_of<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> rquickjs::Result<Curve> {
    let name: String = value
        .as_string()
        .and_then(|s| s.to_string().ok())
        .unwrap_or_default();
    Curve::parse(ctx, &name)
}

/// `generate(kind, a, b)`: a secret of `a` bytes, or a `[private, public]` pair of
/// kind `EC` (curve `a`), `RSA` (`a` bits, exponent bytes `b`), `Ed25519`, `X25519`.
pub(super) fn generate<'js>(
    ctx: Ctx<'js>,
    kind: String,
    a: Value<'js>,
    b: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    let pair = |private: Material, public: Material| -> rquickjs::Result<Value<'js>> {
        let both = Array::new(ctx.clone())?;
        both.set(0, handle(&ctx, private)?)?;
        both.set(1, handle(&ctx, public)?)?;
        Ok(both.into_value())
    };
    let mut seed = Zeroizing::new([0u8; 32]);
    match kind.as_str() {
        "secret" => {
            let length = a.as_number().unwrap_or(0.0) as usize;
            let mut secret = Zeroizing::new(vec![0u8; length]);
            random(&ctx, &mut secret)?;
            handle(&ctx, Material::Secret(secret))
        }
        "EC" => match curve_of(&ctx, &a)? {
            Curve::P256 => {
                let key = p256::SecretKey::random(&mut rand_core::OsRng);
                let public = key.public_key();
                pair(Material::P256Private(key), Material::P256Public(public))
            }
            Curve::P384 => {
                let key = p384::SecretKey::random(&mut rand_core::OsRng);
                let public = key.public_key();
                pair(Material::P384Private(key), Material::P384Public(public))
            }
        },
        "RSA" => {
            let bits = a.as_number().unwrap_or(0.0) as usize;
            let exponent = BigUint::from_bytes_be(&bytes(&ctx, &b)?);
            let key = rsa::RsaPrivateKey::new_with_exp(&mut rand_core::OsRng, bits, &exponent)
                .map_err(|e| fail(&ctx, "OperationError", &format!("RSA key generation: {e}")))?;
            let public = key.to_public_key();
            pair(
                Material::RsaPrivate(Box::new(key)),
                Material::RsaPublic(Box::new(public)),
            )
        }
        "Ed25519" => {
            random(&ctx, seed.as_mut())?;
            let key = ed25519_dalek::SigningKey::from_bytes(&seed);
            let public = key.verifying_key();
            pair(
                Material::Ed25519Private(Box::new(key)),
                Material::Ed25519Public(public),
            )
        }
        "X25519" => {
            random(&ctx, seed.as_mut())?;
            let key = x25519_dalek::StaticSecret::from(*seed);
            let public = x25519_dalek::PublicKey::from(&key);
            pair(
                Material::X25519Private(Box::new(key)),
                Material::X25519Public(public),
            )
        }
        _ => Err(fail(
            &ctx,
            "NotSupportedError",
            "Unrecognized algorithm name",
        )),
    }
}

/// `info(handle)`: `[type, bits, publicExponent]` (bits of a secret or an RSA modulus).
pub(super) fn info<'js>(ctx: Ctx<'js>, key: Value<'js>) -> rquickjs::Result<Array<'js>> {
    let out = Array::new(ctx.clone())?;
    with_material(&ctx, &key, |material| {
        out.set(0, material.kind())?;
        match material {
            Material::Secret(secret) => out.set(1, secret.len() * 8)?,
            Material::RsaPrivate(key) => {
                out.set(1, key.n().bits())?;
                out.set(2, array(&ctx, &key.e().to_bytes_be())?)?;
            }
            Material::RsaPublic(key) => {
                out.set(1, key.n().bits())?;
                out.set(2, array(&ctx, &key.e().to_bytes_be())?)?;
            }
            _ => {}
        }
        Ok(())
    })?;
    Ok(out)
}

/// `importKey(kind, format, data, curve)`: a handle for the key in `data` (bytes, or
/// for `jwk` an object of the decoded members).
pub(super) fn import_key<'js>(
    ctx: Ctx<'js>,
    kind: String,
    format: String,
    data: Value<'js>,
    curve: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    let material = if format == "jwk" {
        let Some(members) = data.as_object() else {
            return Err(fail(&ctx, "TypeError", "expected the JWK's members"));
        };
        import_jwk(&ctx, &kind, members, &curve)?
    } else {
        let data = bytes(&ctx, &data)?;
        import_bytes(&ctx, &kind, &format, &data, &curve)?
    };
    handle(&ctx, material)
}

fn import_bytes<'js>(
    ctx: &Ctx<'js>,
    kind: &str,
    format: &str,
    data: &[u8],
    curve: &Value<'js>,
) -> rquickjs::Result<Material> {
    let bad = |what: &str| data_error(ctx, &format!("Invalid {what} key data"));
    Ok(match (kind, format) {
        ("secret", "raw") => Material::Secret(Zeroizing::new(data.to_vec())),
        ("EC", _) => {
            let curve = curve_of(ctx, curve)?;
            match (curve, format) {
                (Curve::P256, "raw") => Material::P256Public(
                    p256::PublicKey::from_sec1_bytes(data).map_err(|_| bad("raw EC"))?,
                ),
                (Curve::P384, "raw") => Material::P384Public(
                    p384::PublicKey::from_sec1_bytes(data).map_err(|_| bad("raw EC"))?,
                ),
                (Curve::P256, "spki") => Material::P256Public(
                    p256::PublicKey::from_public_key_der(data).map_err(|_| bad("spki"))?,
                ),
                (Curve::P384, "spki") => Material::P384Public(
                    p384::PublicKey::from_public_key_der(data).map_err(|_| bad("spki"))?,
                ),
                (Curve::P256, "pkcs8") => Material::P256Private(
                    p256::SecretKey::from_pkcs8_der(data).map_err(|_| bad("pkcs8"))?,
                ),
                (Curve::P384, "pkcs8") => Material::P384Private(
                    p384::SecretKey::from_pkcs8_der(data).map_err(|_| bad("pkcs8"))?,
                ),
                _ => return Err(unsupported_format(ctx)),
            }
        }
        ("RSA", "spki") => {
            let info = SubjectPublicKeyInfoRef::from_der(data).map_err(|_| bad("spki"))?;
            if info.algorithm.oid != RSA_ENCRYPTION {
                return Err(bad("spki"));
            }
            let key = info
                .subject_public_key
                .as_bytes()
                .ok_or_else(|| bad("spki"))?;
            let key = rsa::pkcs1::RsaPublicKey::from_der(key).map_err(|_| bad("spki"))?;
            Material::RsaPublic(Box::new(rsa_public(
                ctx,
                BigUint::from_bytes_be(key.modulus.as_bytes()),
                BigUint::from_bytes_be(key.public_exponent.as_bytes()),
            )?))
        }
        ("RSA", "pkcs8") => {
            let key = rsa::RsaPrivateKey::from_pkcs8_der(data).map_err(|_| bad("pkcs8"))?;
            key.validate().map_err(|_| bad("pkcs8"))?;
            Material::RsaPrivate(Box::new(key))
        }
        ("Ed25519" | "X25519", "raw") => okp_public(ctx, kind, data)?,
        ("Ed25519" | "X25519", "spki") => {
            let info = SubjectPublicKeyInfoRef::from_der(data).map_err(|_| bad("spki"))?;
            if info.algorithm.oid != okp_oid(kind) || info.algorithm.parameters.is_some() {
                return Err(bad("spki"));
            }
            let key = info
                .subject_public_key
                .as_bytes()
                .ok_or_else(|| bad("spki"))?;
            okp_public(ctx, kind, key)?
        }
        ("Ed25519" | "X25519", "pkcs8") => {
            let info = PrivateKeyInfo::from_der(data).map_err(|_| bad("pkcs8"))?;
            if info.algorithm.oid != okp_oid(kind) || info.algorithm.parameters.is_some() {
                return Err(bad("pkcs8"));
            }
            let inner = OctetStringRef::from_der(info.private_key).map_err(|_| bad("pkcs8"))?;
            okp_private(ctx, kind, inner.as_bytes())?
        }
        _ => return Err(unsupported_format(ctx)),
    })
}

/// An RSA public key of up to 16384 bits (as WebCrypto implementations allow; the
/// crate's own limit is 4096).
fn rsa_public(ctx: &Ctx<'_>, n: BigUint, e: BigUint) -> rquickjs::Result<rsa::RsaPublicKey> {
    rsa::RsaPublicKey::new_with_max_size(n, e, 16384)
        .map_err(|_| data_error(ctx, "Invalid RSA public key"))
}

fn unsupported_format(ctx: &Ctx<'_>) -> rquickjs::Error {
    fail(
        ctx,
        "NotSupportedError",
        "Unsupported key format for this key",
    )
}

fn okp_oid(kind: &str) -> ObjectIdentifier {
    if kind == "Ed25519" {
        ED25519
    } else {
        X25519
    }
}

fn exactly_32(ctx: &Ctx<'_>, data: &[u8]) -> rquickjs::Result<[u8; 32]> {
    data.try_into()
        .map_err(|_| data_error(ctx, "Invalid key length"))
}

fn okp_public(ctx: &Ctx<'_>, kind: &str, data: &[u8]) -> rquickjs::Result<Material> {
    let raw = exactly_32(ctx, data)?;
    Ok(if kind == "Ed25519" {
        Material::Ed25519Public(
            ed25519_dalek::VerifyingKey::from_bytes(&raw)
                .map_err(|_| data_error(ctx, "Invalid Ed25519 public key"))?,
        )
    } else {
        Material::X25519Public(x25519_dalek::PublicKey::from(raw))
    })
}

fn okp_private(ctx: &Ctx<'_>, kind: &str, data: &[u8]) -> rquickjs::Result<Material> {
    let raw = Zeroizing::new(exactly_32(ctx, data)?);
    Ok(if kind == "Ed25519" {
        Material::Ed25519Private(Box::new(ed25519_dalek::SigningKey::from_bytes(&raw)))
    } else {
        Material::X25519Private(Box::new(x25519_dalek::StaticSecret::from(*raw)))
    })
}

fn member<'js>(ctx: &Ctx<'js>, jwk: &Object<'js>, name: &str) -> rquickjs::Result<Vec<u8>> {
    bytes_member(ctx, jwk, name)?
        .ok_or_else(|| data_error(ctx, &format!("JWK \"{name}\" member is missing")))
}

fn import_jwk<'js>(
    ctx: &Ctx<'js>,
    kind: &str,
    jwk: &Object<'js>,
    curve: &Value<'js>,
) -> rquickjs::Result<Material> {
    let private = bytes_member(ctx, jwk, "d")?.map(Zeroizing::new);
    let bad = || data_error(ctx, "Invalid JWK key data");
    Ok(match kind {
        "secret" => Material::Secret(Zeroizing::new(member(ctx, jwk, "k")?)),
        "EC" => {
            let (x, y) = (member(ctx, jwk, "x")?, member(ctx, jwk, "y")?);
            macro_rules! ec_jwk {
                ($m:ident, $private:ident, $public:ident) => {{
                    let size = $m::FieldBytes::default().len();
                    if x.len() != size || y.len() != size {
                        return Err(bad());
                    }
                    let point = $m::EncodedPoint::from_affine_coordinates(
                        $m::FieldBytes::from_slice(&x),
                        $m::FieldBytes::from_slice(&y),
                        false,
                    );
                    let public: Option<$m::PublicKey> =
                        $m::PublicKey::from_encoded_point(&point).into();
                    let public = public.ok_or_else(bad)?;
                    match &private {
                        None => Material::$public(public),
                        Some(d) => {
                            if d.len() != size {
                                return Err(bad());
                            }
                            let key = $m::SecretKey::from_bytes($m::FieldBytes::from_slice(d))
                                .map_err(|_| bad())?;
                            if key.public_key() != public {
                                return Err(bad());
                            }
                            Material::$private(key)
                        }
                    }
                }};
            }
            match curve_of(ctx, curve)? {
                Curve::P256 => ec_jwk!(p256, P256Private, P256Public),
                Curve::P384 => ec_jwk!(p384, P384Private, P384Public),
            }
        }
        "RSA" => {
            let n = BigUint::from_bytes_be(&member(ctx, jwk, "n")?);
            let e = BigUint::from_bytes_be(&member(ctx, jwk, "e")?);
            match private {
                None => Material::RsaPublic(Box::new(rsa_public(ctx, n, e)?)),
                Some(d) => {
                    let d = BigUint::from_bytes_be(&d);
                    let p = BigUint::from_bytes_be(&member(ctx, jwk, "p")?);
                    let q = BigUint::from_bytes_be(&member(ctx, jwk, "q")?);
                    let key = rsa::RsaPrivateKey::from_components(n, e, d, vec![p, q])
                        .map_err(|_| bad())?;
                    key.validate().map_err(|_| bad())?;
                    Material::RsaPrivate(Box::new(key))
                }
            }
        }
        "Ed25519" | "X25519" => {
            let x = member(ctx, jwk, "x")?;
            match private {
                None => okp_public(ctx, kind, &x)?,
                Some(d) => {
                    let key = okp_private(ctx, kind, &d)?;
                    if okp_public_bytes(&key).as_deref() != Some(x.as_slice()) {
                        return Err(bad());
                    }
                    key
                }
            }
        }
        _ => {
            return Err(fail(
                ctx,
                "NotSupportedError",
                "Unrecognized algorithm name",
            ))
        }
    })
}

/// The raw public key of an OKP (Ed25519/X25519) key, public or private.
fn okp_public_bytes(material: &Material) -> Option<Vec<u8>> {
    Some(match material {
        Material::Ed25519Private(key) => key.verifying_key().to_bytes().to_vec(),
        Material::Ed25519Public(key) => key.to_bytes().to_vec(),
        Material::X25519Private(key) => x25519_dalek::PublicKey::from(key.as_ref())
            .to_bytes()
            .to_vec(),
        Material::X25519Public(key) => key.to_bytes().to_vec(),
        _ => return None,
    })
}

fn big(value: &BigUint) -> Vec<u8> {
    value.to_bytes_be()
}

/// `exportKey(handle, format)`: the key's bytes, or for `jwk` an object of its members
/// (as bytes; `js/crypto.js` adds `kty`, `crv`, `alg` and base64url-codes them).
pub(super) fn export_key<'js>(
    ctx: Ctx<'js>,
    key: Value<'js>,
    format: String,
) -> rquickjs::Result<Value<'js>> {
    with_material(&ctx, &key, |material| {
        if format == "jwk" {
            let jwk = Object::new(ctx.clone())?;
            let set = |name: &str, data: &[u8]| jwk.set(name, array(&ctx, data)?);
            match material {
                Material::Secret(secret) => set("k", secret)?,
                Material::P256Private(key) => {
                    let point = key.public_key().to_encoded_point(false);
                    set("x", point.x().map(|x| &x[..]).unwrap_or_default())?;
                    set("y", point.y().map(|y| &y[..]).unwrap_or_default())?;
                    set("d", &Zeroizing::new(key.to_bytes().to_vec()))?;
                }
                Material::P384Private(key) => {
                    let point = key.public_key().to_encoded_point(false);
                    set("x", point.x().map(|x| &x[..]).unwrap_or_default())?;
                    set("y", point.y().map(|y| &y[..]).unwrap_or_default())?;
                    set("d", &Zeroizing::new(key.to_bytes().to_vec()))?;
                }
                Material::P256Public(key) => {
                    let point = key.to_encoded_point(false);
                    set("x", point.x().map(|x| &x[..]).unwrap_or_default())?;
                    set("y", point.y().map(|y| &y[..]).unwrap_or_default())?;
                }
                Material::P384Public(key) => {
                    let point = key.to_encoded_point(false);
                    set("x", point.x().map(|x| &x[..]).unwrap_or_default())?;
                    set("y", point.y().map(|y| &y[..]).unwrap_or_default())?;
                }
                Material::RsaPublic(key) => {
                    set("n", &big(key.n()))?;
                    set("e", &big(key.e()))?;
                }
                Material::RsaPrivate(key) => {
                    set("n", &big(key.n()))?;
                    set("e", &big(key.e()))?;
                    set("d", &big(key.d()))?;
                    let primes = key.primes();
                    if primes.len() != 2 {
                        return Err(fail(&ctx, "OperationError", "multi-prime RSA keys"));
                    }
                    set("p", &big(&primes[0]))?;
                    set("q", &big(&primes[1]))?;
                    if let (Some(dp), Some(dq), Some(qi)) =
                        (key.dp(), key.dq(), key.crt_coefficient())
                    {
                        set("dp", &big(dp))?;
                        set("dq", &big(dq))?;
                        set("qi", &big(&qi))?;
                    }
                }
                Material::Ed25519Private(key) => {
                    set("x", &key.verifying_key().to_bytes())?;
                    set("d", Zeroizing::new(key.to_bytes()).as_slice())?;
                }
                Material::X25519Private(key) => {
                    set("x", &x25519_dalek::PublicKey::from(key.as_ref()).to_bytes())?;
                    set("d", Zeroizing::new(key.to_bytes()).as_slice())?;
                }
                Material::Ed25519Public(_) | Material::X25519Public(_) => {
                    set("x", &okp_public_bytes(material).unwrap_or_default())?;
                }
            }
            return Ok(jwk.into_value());
        }
        let wrong = || {
            fail(
                &ctx,
                "InvalidAccessError",
                "Unable to export the key in this format",
            )
        };
        let encoding = |e: der::Error| fail(&ctx, "OperationError", &e.to_string());
        let spki_error = |e: spki::Error| fail(&ctx, "OperationError", &e.to_string());
        let pkcs8_error = |e: pkcs8::Error| fail(&ctx, "OperationError", &e.to_string());
        let data: Vec<u8> = match (format.as_str(), material) {
            ("raw", Material::Secret(secret)) => secret.to_vec(),
            ("raw", Material::P256Public(key)) => key.to_encoded_point(false).as_bytes().to_vec(),
            ("raw", Material::P384Public(key)) => key.to_encoded_point(false).as_bytes().to_vec(),
            ("raw", Material::Ed25519Public(_) | Material::X25519Public(_)) => {
                okp_public_bytes(material).unwrap_or_default()
            }
            ("spki", Material::P256Public(key)) => {
                key.to_public_key_der().map_err(spki_error)?.into_vec()
            }
            ("spki", Material::P384Public(key)) => {
                key.to_public_key_der().map_err(spki_error)?.into_vec()
            }
            ("spki", Material::RsaPublic(key)) => {
                key.to_public_key_der().map_err(spki_error)?.into_vec()
            }
            ("spki", Material::Ed25519Public(_) | Material::X25519Public(_)) => {
                let raw = okp_public_bytes(material).unwrap_or_default();
                let oid = okp_oid(if matches!(material, Material::Ed25519Public(_)) {
                    "Ed25519"
                } else {
                    "X25519"
                });
                SubjectPublicKeyInfoRef {
                    algorithm: AlgorithmIdentifierRef {
                        oid,
                        parameters: None,
                    },
                    subject_public_key: BitStringRef::from_bytes(&raw).map_err(encoding)?,
                }
                .to_der()
                .map_err(encoding)?
            }
            ("pkcs8", Material::P256Private(key)) => {
                key.to_pkcs8_der().map_err(pkcs8_error)?.as_bytes().to_vec()
            }
            ("pkcs8", Material::P384Private(key)) => {
                key.to_pkcs8_der().map_err(pkcs8_error)?.as_bytes().to_vec()
            }
            ("pkcs8", Material::RsaPrivate(key)) => {
                key.to_pkcs8_der().map_err(pkcs8_error)?.as_bytes().to_vec()
            }
            ("pkcs8", Material::Ed25519Private(_) | Material::X25519Private(_)) => {
                let (oid, secret) = match material {
                    Material::Ed25519Private(key) => (ED25519, Zeroizing::new(key.to_bytes())),
                    Material::X25519Private(key) => (X25519, Zeroizing::new(key.to_bytes())),
                    _ => return Err(wrong()),
                };
                let inner = Zeroizing::new(
                    OctetStringRef::new(secret.as_slice())
                        .map_err(encoding)?
                        .to_der()
                        .map_err(encoding)?,
                );
                PrivateKeyInfo::new(
                    AlgorithmIdentifierRef {
                        oid,
                        parameters: None,
                    },
                    &inner,
                )
                .to_der()
                .map_err(encoding)?
            }
            _ => return Err(wrong()),
        };
        array(&ctx, &data)
    })
}
