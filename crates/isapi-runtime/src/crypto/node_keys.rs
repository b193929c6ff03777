//! node:crypto's side of keys and the operations it names its own way: `KeyObject`s in
//! PEM and DER (`spki`, `pkcs8`, `pkcs1`, `sec1`) with the key's type read from the
//! encoding, key details, Node's `sign`/`verify` (any digest, DER or IEEE P1363 ECDSA
//! signatures, PSS salt lengths) and RSA `publicEncrypt`/`privateDecrypt`. The material
//! is the same [`Material`] a `CryptoKey` holds, so a key moves between the two APIs.
use der::asn1::{BitStringRef, ObjectIdentifier, OctetStringRef};
use der::{Decode, Encode};
use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use pkcs8::{DecodePrivateKey, EncodePrivateKey, PrivateKeyInfo};
use rquickjs::{Array, Ctx, Object, Value};
use rsa::pkcs1::{
    DecodeRsaPrivateKey, DecodeRsaPublicKey, EncodeRsaPrivateKey, EncodeRsaPublicKey,
};
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, Oaep, Pkcs1v15Encrypt, Pkcs1v15Sign, Pss};
use spki::{AlgorithmIdentifierRef, DecodePublicKey, EncodePublicKey, SubjectPublicKeyInfoRef};
use zeroize::Zeroizing;

use super::hash::{unsupported_digest, with_node_hash};
use super::{array, fail, handle, with_material, Material};

const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");

/// OpenSSL's "unsupported" decoder error, as Node reports a key it cannot read.
fn unsupported(ctx: &Ctx<'_>) -> rquickjs::Error {
    fail(ctx, "Error", "unsupported")
}

/// A PEM block's label and bytes, read leniently as OpenSSL does (text around the block,
/// CRLF, any line length). The first block is taken.
fn pem_decode(text: &[u8]) -> Option<(String, Vec<u8>)> {
    use base64::Engine;
    let text = std::str::from_utf8(text).ok()?;
    let start = text.find("-----BEGIN ")?;
    let rest = &text[start + 11..];
    let label_end = rest.find("-----")?;
    let label = &rest[..label_end];
    let body = &rest[label_end + 5..];
    let end = body.find(&format!("-----END {label}-----"))?;
    let body = &body[..end];
    if body.contains(':') {
        // RFC 1421 headers: an encrypted legacy key.
        return None;
    }
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()?;
    Some((label.to_string(), bytes))
}

fn pem_encode(label: &str, der: &[u8]) -> String {
    use base64::Engine;
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

fn spki_key(ctx: &Ctx<'_>, der: &[u8]) -> rquickjs::Result<Material> {
    let info = SubjectPublicKeyInfoRef::from_der(der).map_err(|_| unsupported(ctx))?;
    let raw = info
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| unsupported(ctx))?;
    let bad = |_| unsupported(ctx);
    Ok(match info.algorithm.oid {
        RSA_ENCRYPTION => Material::RsaPublic(Box::new(
            rsa::RsaPublicKey::from_public_key_der(der).map_err(bad)?,
        )),
        EC_PUBLIC_KEY => match curve_oid(&info.algorithm)? {
            Some(P256) => Material::P256Public(
                p256::PublicKey::from_sec1_bytes(raw).map_err(|_| unsupported(ctx))?,
            ),
            Some(P384) => Material::P384Public(
                p384::PublicKey::from_sec1_bytes(raw).map_err(|_| unsupported(ctx))?,
            ),
            _ => return Err(unsupported(ctx)),
        },
        ED25519 => Material::Ed25519Public(
            ed25519_dalek::VerifyingKey::from_bytes(raw.try_into().map_err(|_| unsupported(ctx))?)
                .map_err(|_| unsupported(ctx))?,
        ),
        X25519 => {
            let raw: [u8; 32] = raw.try_into().map_err(|_| unsupported(ctx))?;
            Material::X25519Public(x25519_dalek::PublicKey::from(raw))
        }
        _ => return Err(unsupported(ctx)),
    })
}

fn curve_oid(algorithm: &AlgorithmIdentifierRef<'_>) -> rquickjs::Result<Option<ObjectIdentifier>> {
    Ok(algorithm
        .parameters
        .and_then(|p| p.decode_as::<ObjectIdentifier>().ok()))
}

fn pkcs8_key(ctx: &Ctx<'_>, der: &[u8]) -> rquickjs::Result<Material> {
    let info = PrivateKeyInfo::from_der(der).map_err(|_| unsupported(ctx))?;
    let bad = |_| unsupported(ctx);
    Ok(match info.algorithm.oid {
        RSA_ENCRYPTION => {
            let key = rsa::RsaPrivateKey::from_pkcs8_der(der).map_err(bad)?;
            key.validate().map_err(|_| unsupported(ctx))?;
            Material::RsaPrivate(Box::new(key))
        }
        EC_PUBLIC_KEY => match curve_oid(&info.algorithm)? {
            Some(P256) => Material::P256Private(
                p256::SecretKey::from_pkcs8_der(der).map_err(|_| unsupported(ctx))?,
            ),
            Some(P384) => Material::P384Private(
                p384::SecretKey::from_pkcs8_der(der).map_err(|_| unsupported(ctx))?,
            ),
            _ => return Err(unsupported(ctx)),
        },
        ED25519 | X25519 => {
            let inner = OctetStringRef::from_der(info.private_key).map_err(|_| unsupported(ctx))?;
            let raw: [u8; 32] = inner.as_bytes().try_into().map_err(|_| unsupported(ctx))?;
            let raw = Zeroizing::new(raw);
            if info.algorithm.oid == ED25519 {
                Material::Ed25519Private(Box::new(ed25519_dalek::SigningKey::from_bytes(&raw)))
            } else {
                Material::X25519Private(Box::new(x25519_dalek::StaticSecret::from(*raw)))
            }
        }
        _ => return Err(unsupported(ctx)),
    })
}

fn sec1_key(ctx: &Ctx<'_>, der: &[u8]) -> rquickjs::Result<Material> {
    if let Ok(key) = p256::SecretKey::from_sec1_der(der) {
        return Ok(Material::P256Private(key));
    }
    p384::SecretKey::from_sec1_der(der)
        .map(Material::P384Private)
        .map_err(|_| unsupported(ctx))
}

/// `keyParse(data, format, type, wantPrivate)`: a handle for the key in PEM (text or
/// bytes) or DER of `type` (`spki`, `pkcs8`, `pkcs1`, `sec1`). With `wantPrivate`
/// false, any PEM (a private key too) is accepted, as `createPublicKey` does.
pub(super) fn key_parse<'js>(
    ctx: Ctx<'js>,
    data: Value<'js>,
    format: String,
    kind: Value<'js>,
    want_private: bool,
) -> rquickjs::Result<Value<'js>> {
    let data = Zeroizing::new(crate::bytes::bytes_of(&ctx, &data)?);
    let kind: Option<String> = kind.as_string().map(|s| s.to_string()).transpose()?;
    let material = if format == "pem" {
        let Some((label, der)) = pem_decode(&data) else {
            return Err(unsupported(&ctx));
        };
        let der = Zeroizing::new(der);
        match label.as_str() {
            "PUBLIC KEY" if !want_private => spki_key(&ctx, &der)?,
            "RSA PUBLIC KEY" if !want_private => Material::RsaPublic(Box::new(
                rsa::RsaPublicKey::from_pkcs1_der(&der).map_err(|_| unsupported(&ctx))?,
            )),
            "PRIVATE KEY" => pkcs8_key(&ctx, &der)?,
            "RSA PRIVATE KEY" => Material::RsaPrivate(Box::new(
                rsa::RsaPrivateKey::from_pkcs1_der(&der).map_err(|_| unsupported(&ctx))?,
            )),
            "EC PRIVATE KEY" => sec1_key(&ctx, &der)?,
            _ => return Err(unsupported(&ctx)),
        }
    } else {
        match kind.as_deref() {
            Some("spki") if !want_private => spki_key(&ctx, &data)?,
            Some("pkcs8") => pkcs8_key(&ctx, &data)?,
            Some("sec1") => sec1_key(&ctx, &data)?,
            Some("pkcs1") if want_private => Material::RsaPrivate(Box::new(
                rsa::RsaPrivateKey::from_pkcs1_der(&data).map_err(|_| unsupported(&ctx))?,
            )),
            Some("pkcs1") => match rsa::RsaPublicKey::from_pkcs1_der(&data) {
                Ok(key) => Material::RsaPublic(Box::new(key)),
                Err(_) => Material::RsaPrivate(Box::new(
                    rsa::RsaPrivateKey::from_pkcs1_der(&data).map_err(|_| unsupported(&ctx))?,
                )),
            },
            _ => return Err(unsupported(&ctx)),
        }
    };
    handle(&ctx, material)
}

/// `ecPrivate(curve, d)`: a handle for the EC private key whose scalar is the big-endian
/// `d` (shorter than the field: zeros in front, as OpenSSL's big numbers are read).
pub(super) fn ec_private<'js>(
    ctx: Ctx<'js>,
    curve: String,
    d: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    let d = Zeroizing::new(crate::bytes::bytes_of(&ctx, &d)?);
    let invalid = || fail(&ctx, "RangeError", "invalid private key");
    let padded = |size: usize| -> rquickjs::Result<Zeroizing<Vec<u8>>> {
        let start = d.iter().position(|&b| b != 0).unwrap_or(d.len());
        let digits = &d[start..];
        if digits.len() > size {
            return Err(invalid());
        }
        let mut out = Zeroizing::new(vec![0u8; size]);
        out[size - digits.len()..].copy_from_slice(digits);
        Ok(out)
    };
    let material = match curve.as_str() {
        "P-256" => {
            Material::P256Private(p256::SecretKey::from_slice(&padded(32)?).map_err(|_| invalid())?)
        }
        "P-384" => {
            Material::P384Private(p384::SecretKey::from_slice(&padded(48)?).map_err(|_| invalid())?)
        }
        _ => return Err(invalid()),
    };
    handle(&ctx, material)
}

/// `ecPoint(handle, compressed)`: an EC key's public point in SEC1 form.
pub(super) fn ec_point<'js>(
    ctx: Ctx<'js>,
    key: Value<'js>,
    compressed: bool,
) -> rquickjs::Result<Value<'js>> {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    let point = with_material(&ctx, &key, |material| {
        Ok(match material {
            Material::P256Private(key) => key
                .public_key()
                .to_encoded_point(compressed)
                .as_bytes()
                .to_vec(),
            Material::P256Public(key) => key.to_encoded_point(compressed).as_bytes().to_vec(),
            Material::P384Private(key) => key
                .public_key()
                .to_encoded_point(compressed)
                .as_bytes()
                .to_vec(),
            Material::P384Public(key) => key.to_encoded_point(compressed).as_bytes().to_vec(),
            _ => return Err(fail(&ctx, "TypeError", "not an EC key")),
        })
    })?;
    array(&ctx, &point)
}

/// `keyPublic(handle)`: a handle for the public half of a private key.
pub(super) fn key_public<'js>(ctx: Ctx<'js>, key: Value<'js>) -> rquickjs::Result<Value<'js>> {
    let public = with_material(&ctx, &key, |material| {
        Ok(match material {
            Material::P256Private(key) => Material::P256Public(key.public_key()),
            Material::P384Private(key) => Material::P384Public(key.public_key()),
            Material::RsaPrivate(key) => Material::RsaPublic(Box::new(key.to_public_key())),
            Material::Ed25519Private(key) => Material::Ed25519Public(key.verifying_key()),
            Material::X25519Private(key) => {
                Material::X25519Public(x25519_dalek::PublicKey::from(key.as_ref()))
            }
            _ => return Err(fail(&ctx, "TypeError", "not a private key")),
        })
    })?;
    handle(&ctx, public)
}

/// `keyDetails(handle)`: `[type, asymmetricKeyType, bits, publicExponent, curve]`.
pub(super) fn key_details<'js>(ctx: Ctx<'js>, key: Value<'js>) -> rquickjs::Result<Array<'js>> {
    let out = Array::new(ctx.clone())?;
    with_material(&ctx, &key, |material| {
        out.set(0, material.kind())?;
        let (kind, curve) = match material {
            Material::Secret(secret) => {
                out.set(2, secret.len())?;
                ("", "")
            }
            Material::RsaPrivate(key) => {
                out.set(2, key.n().bits())?;
                out.set(3, array(&ctx, &key.e().to_bytes_be())?)?;
                ("rsa", "")
            }
            Material::RsaPublic(key) => {
                out.set(2, key.n().bits())?;
                out.set(3, array(&ctx, &key.e().to_bytes_be())?)?;
                ("rsa", "")
            }
            Material::P256Private(_) | Material::P256Public(_) => ("ec", "P-256"),
            Material::P384Private(_) | Material::P384Public(_) => ("ec", "P-384"),
            Material::Ed25519Private(_) | Material::Ed25519Public(_) => ("ed25519", ""),
            Material::X25519Private(_) | Material::X25519Public(_) => ("x25519", ""),
        };
        out.set(1, kind)?;
        out.set(4, curve)?;
        Ok(())
    })?;
    Ok(out)
}

/// `keyExport(handle, format, type)`: PEM text or DER bytes in `spki`, `pkcs8`, `pkcs1`
/// or `sec1` (the caller checks the type fits the key), or a secret's bytes.
pub(super) fn key_export<'js>(
    ctx: Ctx<'js>,
    key: Value<'js>,
    format: String,
    kind: String,
) -> rquickjs::Result<Value<'js>> {
    let encoding = |e: &dyn std::fmt::Display| fail(&ctx, "Error", &e.to_string());
    let (label, der): (&str, Zeroizing<Vec<u8>>) = with_material(&ctx, &key, |material| {
        Ok(match (kind.as_str(), material) {
            (_, Material::Secret(secret)) => ("", Zeroizing::new(secret.to_vec())),
            ("pkcs1", Material::RsaPublic(key)) => (
                "RSA PUBLIC KEY",
                Zeroizing::new(key.to_pkcs1_der().map_err(|e| encoding(&e))?.into_vec()),
            ),
            ("pkcs1", Material::RsaPrivate(key)) => (
                "RSA PRIVATE KEY",
                Zeroizing::new(
                    key.to_pkcs1_der()
                        .map_err(|e| encoding(&e))?
                        .as_bytes()
                        .to_vec(),
                ),
            ),
            ("sec1", Material::P256Private(key)) => (
                "EC PRIVATE KEY",
                sec1_with_curve(&key.to_sec1_der().map_err(|e| encoding(&e))?, P256)
                    .map_err(|e| encoding(&e))?,
            ),
            ("sec1", Material::P384Private(key)) => (
                "EC PRIVATE KEY",
                sec1_with_curve(&key.to_sec1_der().map_err(|e| encoding(&e))?, P384)
                    .map_err(|e| encoding(&e))?,
            ),
            ("spki", _) => ("PUBLIC KEY", Zeroizing::new(spki_der(&ctx, material)?)),
            ("pkcs8", _) => ("PRIVATE KEY", pkcs8_der(&ctx, material)?),
            _ => return Err(fail(&ctx, "TypeError", "unsupported key encoding")),
        })
    })?;
    if format == "pem" && !label.is_empty() {
        let text = pem_encode(label, &der);
        return rquickjs::String::from_str(ctx, &text).map(|s| s.into_value());
    }
    array(&ctx, &der)
}

/// An `ECPrivateKey` naming its curve, as OpenSSL writes it (the crate leaves the
/// optional parameters out).
fn sec1_with_curve(der: &[u8], curve: ObjectIdentifier) -> der::Result<Zeroizing<Vec<u8>>> {
    let mut key = sec1::EcPrivateKey::from_der(der)?;
    key.parameters = Some(sec1::EcParameters::NamedCurve(curve));
    Ok(Zeroizing::new(key.to_der()?))
}

fn spki_der(ctx: &Ctx<'_>, material: &Material) -> rquickjs::Result<Vec<u8>> {
    let encoding = |e: &dyn std::fmt::Display| fail(ctx, "Error", &e.to_string());
    let okp = |oid: ObjectIdentifier, raw: &[u8]| -> rquickjs::Result<Vec<u8>> {
        SubjectPublicKeyInfoRef {
            algorithm: AlgorithmIdentifierRef {
                oid,
                parameters: None,
            },
            subject_public_key: BitStringRef::from_bytes(raw).map_err(|e| encoding(&e))?,
        }
        .to_der()
        .map_err(|e| encoding(&e))
    };
    match material {
        Material::P256Public(key) => Ok(key
            .to_public_key_der()
            .map_err(|e| encoding(&e))?
            .into_vec()),
        Material::P384Public(key) => Ok(key
            .to_public_key_der()
            .map_err(|e| encoding(&e))?
            .into_vec()),
        Material::RsaPublic(key) => Ok(key
            .to_public_key_der()
            .map_err(|e| encoding(&e))?
            .into_vec()),
        Material::Ed25519Public(key) => okp(ED25519, &key.to_bytes()),
        Material::X25519Public(key) => okp(X25519, &key.to_bytes()),
        _ => Err(fail(ctx, "TypeError", "not a public key")),
    }
}

fn pkcs8_der(ctx: &Ctx<'_>, material: &Material) -> rquickjs::Result<Zeroizing<Vec<u8>>> {
    let encoding = |e: &dyn std::fmt::Display| fail(ctx, "Error", &e.to_string());
    let okp = |oid: ObjectIdentifier, raw: &[u8]| -> rquickjs::Result<Zeroizing<Vec<u8>>> {
        let inner = Zeroizing::new(
            OctetStringRef::new(raw)
                .map_err(|e| encoding(&e))?
                .to_der()
                .map_err(|e| encoding(&e))?,
        );
        Ok(Zeroizing::new(
            PrivateKeyInfo::new(
                AlgorithmIdentifierRef {
                    oid,
                    parameters: None,
                },
                &inner,
            )
            .to_der()
            .map_err(|e| encoding(&e))?,
        ))
    };
    let document = match material {
        Material::P256Private(key) => key.to_pkcs8_der(),
        Material::P384Private(key) => key.to_pkcs8_der(),
        Material::RsaPrivate(key) => key.to_pkcs8_der(),
        Material::Ed25519Private(key) => {
            return okp(ED25519, Zeroizing::new(key.to_bytes()).as_slice())
        }
        Material::X25519Private(key) => {
            return okp(X25519, Zeroizing::new(key.to_bytes()).as_slice())
        }
        _ => return Err(fail(ctx, "TypeError", "not a private key")),
    };
    Ok(Zeroizing::new(
        document.map_err(|e| encoding(&e))?.as_bytes().to_vec(),
    ))
}

/// `keyEquals(a, b)`: whether two handles hold the same key.
pub(super) fn key_equals<'js>(
    ctx: Ctx<'js>,
    a: Value<'js>,
    b: Value<'js>,
) -> rquickjs::Result<bool> {
    let canonical = |value: &Value<'js>| {
        with_material(&ctx, value, |material| {
            Ok(Zeroizing::new(match material {
                Material::Secret(secret) => [b"s".as_slice(), secret].concat(),
                _ if material.kind() == "public" => {
                    [b"p".as_slice(), &spki_der(&ctx, material)?].concat()
                }
                _ => [b"k".as_slice(), &pkcs8_der(&ctx, material)?].concat(),
            }))
        })
    };
    let (a, b) = (canonical(&a)?, canonical(&b)?);
    Ok(a.len() == b.len() && bool::from(subtle::ConstantTimeEq::ct_eq(&a[..], &b[..])))
}

fn number(params: &Object<'_>, name: &str) -> rquickjs::Result<Option<i64>> {
    let value: Value = params.get(name)?;
    Ok(value.as_number().map(|n| n as i64))
}

/// The PSS salt length Node's options name: -1 the digest's length, -2 the largest
/// (when signing), else the number.
fn pss_salt(salt: Option<i64>, key_bits: usize, digest_len: usize) -> usize {
    let max = (key_bits - 1).div_ceil(8).saturating_sub(digest_len + 2);
    match salt {
        Some(-1) => digest_len,
        None | Some(-2) => max,
        Some(n) => n.max(0) as usize,
    }
}

/// The salt length a PSS signature was made with (for Node's default `RSA_PSS_SALTLEN_AUTO`
/// when verifying): the signature opened with the public key, its data block unmasked
/// (MGF1) and the salt found after the 0x01 separator. `None` if it is not well formed.
fn pss_recover_salt<D: digest::Digest + digest::FixedOutputReset>(
    key: &rsa::RsaPublicKey,
    signature: &[u8],
) -> Option<usize> {
    let key_bits = key.n().bits();
    let em_bits = key_bits - 1;
    let em_len = em_bits.div_ceil(8);
    let m = rsa::hazmat::rsa_encrypt(key, &BigUint::from_bytes_be(signature)).ok()?;
    let em = m.to_bytes_be();
    if em.len() > em_len {
        return None;
    }
    let mut padded = vec![0u8; em_len - em.len()];
    padded.extend_from_slice(&em);
    let h_len = <D as digest::Digest>::output_size();
    if em_len < h_len + 2 || padded[em_len - 1] != 0xbc {
        return None;
    }
    let (db, rest) = padded.split_at_mut(em_len - h_len - 1);
    let h = &rest[..h_len];
    let mut counter = 0u32;
    let mut at = 0;
    while at < db.len() {
        let mut hasher = D::new();
        digest::Digest::update(&mut hasher, h);
        digest::Digest::update(&mut hasher, counter.to_be_bytes());
        let mask = hasher.finalize();
        for byte in mask.iter() {
            if at == db.len() {
                break;
            }
            db[at] ^= byte;
            at += 1;
        }
        counter += 1;
    }
    db[0] &= 0xff >> (8 * em_len - em_bits);
    let one = db.iter().position(|&b| b != 0)?;
    (db[one] == 1).then(|| db.len() - one - 1)
}

/// `nodeSign(handle, digest, data, params)`: `digest` a Node hash name or null
/// (Ed25519; sha256 for the others, as OpenSSL chooses), `params` the options
/// `padding` (1 PKCS#1 v1.5, 6 PSS), `saltLength`, `dsaEncoding` (`der`/`ieee-p1363`).
pub(super) fn node_sign<'js>(
    ctx: Ctx<'js>,
    key: Value<'js>,
    digest: Value<'js>,
    data: Value<'js>,
    params: Object<'js>,
) -> rquickjs::Result<Value<'js>> {
    let data = crate::bytes::bytes_of(&ctx, &data)?;
    let digest: Option<String> = digest.as_string().map(|s| s.to_string()).transpose()?;
    let padding = number(&params, "padding")?;
    let salt = number(&params, "saltLength")?;
    let p1363 = params.get::<_, Option<String>>("dsaEncoding")?.as_deref() == Some("ieee-p1363");
    let fails = |e: &dyn std::fmt::Display| fail(&ctx, "Error", &e.to_string());
    let name = digest.as_deref().unwrap_or("sha256");
    let signature = with_material(&ctx, &key, |material| {
        Ok(match material {
            Material::Ed25519Private(key) => {
                if digest.is_some() {
                    return Err(fail(&ctx, "Error", "invalid digest"));
                }
                use ed25519_dalek::Signer;
                key.sign(&data).to_bytes().to_vec()
            }
            Material::P256Private(key) => {
                let prehash = with_node_hash!(name, D => <D as digest::Digest>::digest(&data).to_vec(), return Err(unsupported_digest(&ctx)));
                let signature: p256::ecdsa::Signature = p256::ecdsa::SigningKey::from(key)
                    .sign_prehash(&prehash)
                    .map_err(|e| fails(&e))?;
                if p1363 {
                    signature.to_bytes().to_vec()
                } else {
                    signature.to_der().as_bytes().to_vec()
                }
            }
            Material::P384Private(key) => {
                let prehash = with_node_hash!(name, D => <D as digest::Digest>::digest(&data).to_vec(), return Err(unsupported_digest(&ctx)));
                let signature: p384::ecdsa::Signature = p384::ecdsa::SigningKey::from(key)
                    .sign_prehash(&prehash)
                    .map_err(|e| fails(&e))?;
                if p1363 {
                    signature.to_bytes().to_vec()
                } else {
                    signature.to_der().as_bytes().to_vec()
                }
            }
            Material::RsaPrivate(key) => {
                let bits = key.n().bits();
                with_node_hash!(name, D => {
                    let hashed = <D as digest::Digest>::digest(&data);
                    if padding == Some(6) {
                        let salt = pss_salt(salt, bits, hashed.len());
                        key.sign_with_rng(&mut rand_core::OsRng, Pss::new_with_salt::<D>(salt), &hashed)
                    } else {
                        key.sign_with_rng(&mut rand_core::OsRng, Pkcs1v15Sign::new::<D>(), &hashed)
                    }
                    .map_err(|e| fails(&e))?
                }, return Err(unsupported_digest(&ctx)))
            }
            _ => return Err(fail(&ctx, "TypeError", "wrong key type")),
        })
    })?;
    array(&ctx, &signature)
}

/// `nodeVerify(handle, digest, data, signature, params)`: as [`node_sign`]; a malformed
/// signature is `false`.
pub(super) fn node_verify<'js>(
    ctx: Ctx<'js>,
    key: Value<'js>,
    digest: Value<'js>,
    data: Value<'js>,
    signature: Value<'js>,
    params: Object<'js>,
) -> rquickjs::Result<bool> {
    let data = crate::bytes::bytes_of(&ctx, &data)?;
    let signature = crate::bytes::bytes_of(&ctx, &signature)?;
    let digest: Option<String> = digest.as_string().map(|s| s.to_string()).transpose()?;
    let padding = number(&params, "padding")?;
    let salt = number(&params, "saltLength")?;
    let p1363 = params.get::<_, Option<String>>("dsaEncoding")?.as_deref() == Some("ieee-p1363");
    let name = digest.as_deref().unwrap_or("sha256");
    with_material(&ctx, &key, |material| {
        Ok(match material {
            Material::Ed25519Public(key) => {
                if digest.is_some() {
                    return Err(fail(&ctx, "Error", "invalid digest"));
                }
                ed25519_dalek::Signature::from_slice(&signature)
                    .and_then(|s| key.verify_strict(&data, &s))
                    .is_ok()
            }
            Material::P256Public(key) => {
                let prehash = with_node_hash!(name, D => <D as digest::Digest>::digest(&data).to_vec(), return Err(unsupported_digest(&ctx)));
                let parsed = if p1363 {
                    p256::ecdsa::Signature::from_slice(&signature)
                } else {
                    p256::ecdsa::Signature::from_der(&signature)
                };
                parsed
                    .and_then(|s| p256::ecdsa::VerifyingKey::from(key).verify_prehash(&prehash, &s))
                    .is_ok()
            }
            Material::P384Public(key) => {
                let prehash = with_node_hash!(name, D => <D as digest::Digest>::digest(&data).to_vec(), return Err(unsupported_digest(&ctx)));
                let parsed = if p1363 {
                    p384::ecdsa::Signature::from_slice(&signature)
                } else {
                    p384::ecdsa::Signature::from_der(&signature)
                };
                parsed
                    .and_then(|s| p384::ecdsa::VerifyingKey::from(key).verify_prehash(&prehash, &s))
                    .is_ok()
            }
            Material::RsaPublic(key) => {
                let bits = key.n().bits();
                with_node_hash!(name, D => {
                    let hashed = <D as digest::Digest>::digest(&data);
                    if padding == Some(6) {
                        let salt = match salt {
                            None | Some(-2) => pss_recover_salt::<D>(key, &signature),
                            given => Some(pss_salt(given, bits, hashed.len())),
                        };
                        salt.is_some_and(|salt| key.verify(Pss::new_with_salt::<D>(salt), &hashed, &signature).is_ok())
                    } else {
                        key.verify(Pkcs1v15Sign::new::<D>(), &hashed, &signature).is_ok()
                    }
                }, return Err(unsupported_digest(&ctx)))
            }
            _ => return Err(fail(&ctx, "TypeError", "wrong key type")),
        })
    })
}

/// `rsaCipher(handle, data, padding, oaepHash, label, encrypt)`: `publicEncrypt`
/// (padding 4 OAEP, 1 PKCS#1 v1.5) and `privateDecrypt` (OAEP only, as Node 20 allows).
pub(super) fn rsa_cipher<'js>(
    ctx: Ctx<'js>,
    key: Value<'js>,
    data: Value<'js>,
    padding: i32,
    oaep_hash: String,
    label: Value<'js>,
    encrypt: bool,
) -> rquickjs::Result<Value<'js>> {
    let data = crate::bytes::bytes_of(&ctx, &data)?;
    let label = if label.is_null() || label.is_undefined() {
        None
    } else {
        let bytes = crate::bytes::bytes_of(&ctx, &label)?;
        if bytes.is_empty() {
            None
        } else {
            Some(String::from_utf8(bytes).map_err(|_| {
                fail(
                    &ctx,
                    "Error",
                    "only OAEP labels that are UTF-8 text are supported",
                )
            })?)
        }
    };
    let oaep = || -> rquickjs::Result<Oaep> {
        Ok(
            with_node_hash!(oaep_hash.as_str(), D => match label.clone() {
            Some(label) => Oaep::new_with_label::<D, _>(label),
            None => Oaep::new::<D>(),
        }, return Err(fail(&ctx, "TypeError", &format!("Invalid digest: {oaep_hash}")))),
        )
    };
    let out = with_material(&ctx, &key, |material| {
        let public = match material {
            Material::RsaPublic(key) => Some(key.as_ref().clone()),
            Material::RsaPrivate(key) => Some(key.to_public_key()),
            _ => None,
        };
        if encrypt {
            let Some(public) = public else {
                return Err(fail(&ctx, "TypeError", "not an RSA key"));
            };
            let result = if padding == 1 {
                public.encrypt(&mut rand_core::OsRng, Pkcs1v15Encrypt, &data)
            } else {
                public.encrypt(&mut rand_core::OsRng, oaep()?, &data)
            };
            return result.map_err(|_| fail(&ctx, "Error", "data too large for key size"));
        }
        let Material::RsaPrivate(private) = material else {
            return Err(fail(&ctx, "TypeError", "not an RSA private key"));
        };
        private
            .decrypt_blinded(&mut rand_core::OsRng, oaep()?, &data)
            .map_err(|_| fail(&ctx, "Error", "oaep decoding error"))
    })?;
    array(&ctx, &out)
}
