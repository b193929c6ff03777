//! The operations: digest, sign/verify, encrypt/decrypt (wrap/unwrap use these) and
//! deriveBits. Each takes the algorithm's name, a key handle, the normalized parameters
//! (an object of names, numbers and Uint8Arrays) and the data.
use aes::cipher::block_padding::Pkcs7;
use aes::cipher::consts::U16;
use aes::cipher::{Block, InnerIvInit, StreamCipher};
use aes::cipher::{
    BlockCipher, BlockDecryptMut, BlockEncrypt, BlockEncryptMut, BlockSizeUser, KeyInit, KeyIvInit,
};
use ghash::universal_hash::UniversalHash;
use ghash::GHash;
use hmac::{Hmac, Mac};
use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use rquickjs::{Ctx, Object, Value};
use rsa::{Oaep, Pkcs1v15Sign, Pss};
use sha2::Digest;
use zeroize::Zeroizing;

use super::{array, bytes, bytes_member, fail, with_material, Material};

/// Runs `$body` with `$d` the digest type that `$name` names.
macro_rules! with_hash {
    ($ctx:expr, $name:expr, $d:ident => $body:expr) => {
        match $name {
            "SHA-1" => {
                type $d = sha1::Sha1;
                $body
            }
            "SHA-256" => {
                type $d = sha2::Sha256;
                $body
            }
            "SHA-384" => {
                type $d = sha2::Sha384;
                $body
            }
            "SHA-512" => {
                type $d = sha2::Sha512;
                $body
            }
            _ => return Err(fail($ctx, "NotSupportedError", "Unrecognized hash name")),
        }
    };
}

/// Runs `$body` with `$c` the AES cipher for a key of `$len` bytes.
macro_rules! with_aes {
    ($ctx:expr, $len:expr, $c:ident => $body:expr) => {
        match $len {
            16 => {
                type $c = aes::Aes128;
                $body
            }
            24 => {
                type $c = aes::Aes192;
                $body
            }
            32 => {
                type $c = aes::Aes256;
                $body
            }
            _ => return Err(fail($ctx, "DataError", "Invalid AES key length")),
        }
    };
}

fn operation_error(ctx: &Ctx<'_>, message: &str) -> rquickjs::Error {
    fail(ctx, "OperationError", message)
}

fn wrong_key(ctx: &Ctx<'_>) -> rquickjs::Error {
    fail(
        ctx,
        "InvalidAccessError",
        "The requested operation is not valid for the provided key",
    )
}

fn string_member(params: &Object<'_>, name: &str) -> rquickjs::Result<String> {
    Ok(params.get::<_, Option<String>>(name)?.unwrap_or_default())
}

fn number_member(params: &Object<'_>, name: &str) -> rquickjs::Result<Option<f64>> {
    let value: Value = params.get(name)?;
    Ok(value.as_number())
}

/// `digest(hash, data)`.
pub(super) fn digest<'js>(
    ctx: Ctx<'js>,
    hash: String,
    data: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    // Hashed in place: hashing runs no JavaScript (`with_bytes_of`'s contract).
    let out = with_hash!(&ctx, hash.as_str(), D => crate::bytes::with_bytes_of(&ctx, &data, |data| D::digest(data).to_vec())?);
    array(&ctx, &out)
}

fn hash_of(ctx: &Ctx<'_>, hash: &str, data: &[u8]) -> rquickjs::Result<Vec<u8>> {
    Ok(with_hash!(ctx, hash, D => D::digest(data).to_vec()))
}

/// `sign(algorithm, key, params, data)`.
pub(super) fn sign<'js>(
    ctx: Ctx<'js>,
    algorithm: String,
    key: Value<'js>,
    params: Object<'js>,
    data: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    let data = bytes(&ctx, &data)?;
    let hash = string_member(&params, "hash")?;
    let signature = with_material(&ctx, &key, |material| {
        let fails = |e: &dyn std::fmt::Display| operation_error(&ctx, &e.to_string());
        Ok(match (algorithm.as_str(), material) {
            ("HMAC", Material::Secret(secret)) => with_hash!(&ctx, hash.as_str(), D => {
                let mut mac = <Hmac<D> as Mac>::new_from_slice(secret).map_err(|e| fails(&e))?;
                mac.update(&data);
                mac.finalize().into_bytes().to_vec()
            }),
            ("ECDSA", Material::P256Private(key)) => {
                let signer = p256::ecdsa::SigningKey::from(key);
                let signature: p256::ecdsa::Signature = signer
                    .sign_prehash(&hash_of(&ctx, &hash, &data)?)
                    .map_err(|e| fails(&e))?;
                signature.to_bytes().to_vec()
            }
            ("ECDSA", Material::P384Private(key)) => {
                let signer = p384::ecdsa::SigningKey::from(key);
                let signature: p384::ecdsa::Signature = signer
                    .sign_prehash(&hash_of(&ctx, &hash, &data)?)
                    .map_err(|e| fails(&e))?;
                signature.to_bytes().to_vec()
            }
            ("Ed25519", Material::Ed25519Private(key)) => {
                use ed25519_dalek::Signer;
                key.sign(&data).to_bytes().to_vec()
            }
            ("RSASSA-PKCS1-v1_5", Material::RsaPrivate(key)) => {
                // With a random generator the private operation is blinded (the signature
                // stays deterministic).
                with_hash!(&ctx, hash.as_str(), D => key
                    .sign_with_rng(&mut rand_core::OsRng, Pkcs1v15Sign::new::<D>(), &D::digest(&data))
                    .map_err(|e| fails(&e))?)
            }
            ("RSA-PSS", Material::RsaPrivate(key)) => {
                let salt = number_member(&params, "saltLength")?.unwrap_or(0.0) as usize;
                with_hash!(&ctx, hash.as_str(), D => key
                    .sign_with_rng(
                        &mut rand_core::OsRng,
                        Pss::new_with_salt::<D>(salt),
                        &D::digest(&data),
                    )
                    .map_err(|e| fails(&e))?)
            }
            _ => return Err(wrong_key(&ctx)),
        })
    })?;
    array(&ctx, &signature)
}

/// `verify(algorithm, key, params, signature, data)`: whether `signature` is valid.
/// MACs are compared in constant time (`Mac::verify_slice`).
pub(super) fn verify<'js>(
    ctx: Ctx<'js>,
    algorithm: String,
    key: Value<'js>,
    params: Object<'js>,
    signature: Value<'js>,
    data: Value<'js>,
) -> rquickjs::Result<bool> {
    let data = bytes(&ctx, &data)?;
    let signature = bytes(&ctx, &signature)?;
    let hash = string_member(&params, "hash")?;
    with_material(&ctx, &key, |material| {
        Ok(match (algorithm.as_str(), material) {
            ("HMAC", Material::Secret(secret)) => with_hash!(&ctx, hash.as_str(), D => {
                let mut mac = <Hmac<D> as Mac>::new_from_slice(secret)
                    .map_err(|e| operation_error(&ctx, &e.to_string()))?;
                mac.update(&data);
                mac.verify_slice(&signature).is_ok()
            }),
            ("ECDSA", Material::P256Public(key)) => {
                let digest = hash_of(&ctx, &hash, &data)?;
                p256::ecdsa::Signature::from_slice(&signature)
                    .and_then(|s| p256::ecdsa::VerifyingKey::from(key).verify_prehash(&digest, &s))
                    .is_ok()
            }
            ("ECDSA", Material::P384Public(key)) => {
                let digest = hash_of(&ctx, &hash, &data)?;
                p384::ecdsa::Signature::from_slice(&signature)
                    .and_then(|s| p384::ecdsa::VerifyingKey::from(key).verify_prehash(&digest, &s))
                    .is_ok()
            }
            ("Ed25519", Material::Ed25519Public(key)) => {
                ed25519_dalek::Signature::from_slice(&signature)
                    .and_then(|s| key.verify_strict(&data, &s))
                    .is_ok()
            }
            ("RSASSA-PKCS1-v1_5", Material::RsaPublic(key)) => {
                with_hash!(&ctx, hash.as_str(), D => key
                    .verify(Pkcs1v15Sign::new::<D>(), &D::digest(&data), &signature)
                    .is_ok())
            }
            ("RSA-PSS", Material::RsaPublic(key)) => {
                let salt = number_member(&params, "saltLength")?.unwrap_or(0.0) as usize;
                with_hash!(&ctx, hash.as_str(), D => key
                    .verify(Pss::new_with_salt::<D>(salt), &D::digest(&data), &signature)
                    .is_ok())
            }
            _ => return Err(wrong_key(&ctx)),
        })
    })
}

/// `encrypt(algorithm, key, params, data)`.
pub(super) fn encrypt<'js>(
    ctx: Ctx<'js>,
    algorithm: String,
    key: Value<'js>,
    params: Object<'js>,
    data: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    cipher(ctx, algorithm, key, params, data, true)
}

/// `decrypt(algorithm, key, params, data)`: an `OperationError` when the data is not
/// authentic (tags are checked in constant time by the crates) or not well formed.
pub(super) fn decrypt<'js>(
    ctx: Ctx<'js>,
    algorithm: String,
    key: Value<'js>,
    params: Object<'js>,
    data: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    cipher(ctx, algorithm, key, params, data, false)
}

fn cipher<'js>(
    ctx: Ctx<'js>,
    algorithm: String,
    key: Value<'js>,
    params: Object<'js>,
    data: Value<'js>,
    encrypt: bool,
) -> rquickjs::Result<Value<'js>> {
    let data = bytes(&ctx, &data)?;
    let out = with_material(&ctx, &key, |material| {
        match (algorithm.as_str(), material) {
            ("AES-GCM", Material::Secret(secret)) => {
                let iv = bytes_member(&ctx, &params, "iv")?.unwrap_or_default();
                let aad = bytes_member(&ctx, &params, "additionalData")?.unwrap_or_default();
                // Checked against the standard's set by crypto.js.
                let tag = number_member(&params, "tagLength")?.unwrap_or(128.0) as usize;
                let result = with_aes!(&ctx, secret.len(), C => {
                    gcm::<C>(secret, &iv, &aad, &data, tag / 8, encrypt)
                });
                result.ok_or_else(|| {
                    operation_error(
                        &ctx,
                        "The operation failed for an operation-specific reason",
                    )
                })
            }
            ("AES-CBC", Material::Secret(secret)) => {
                let iv = bytes_member(&ctx, &params, "iv")?.unwrap_or_default();
                let bad_iv = || operation_error(&ctx, "algorithm.iv must contain exactly 16 bytes");
                with_aes!(&ctx, secret.len(), C => if encrypt {
                    cbc::Encryptor::<C>::new_from_slices(secret, &iv)
                        .map_err(|_| bad_iv())
                        .map(|c| c.encrypt_padded_vec_mut::<Pkcs7>(&data))
                } else {
                    cbc::Decryptor::<C>::new_from_slices(secret, &iv)
                        .map_err(|_| bad_iv())?
                        .decrypt_padded_vec_mut::<Pkcs7>(&data)
                        .map_err(|_| operation_error(&ctx, "The provided data is not correctly padded"))
                })
            }
            ("AES-CTR", Material::Secret(secret)) => {
                let counter = bytes_member(&ctx, &params, "counter")?.unwrap_or_default();
                let length = number_member(&params, "length")?.unwrap_or(0.0) as u32;
                let Ok(counter) = <[u8; 16]>::try_from(counter.as_slice()) else {
                    return Err(operation_error(
                        &ctx,
                        "algorithm.counter must contain exactly 16 bytes",
                    ));
                };
                with_aes!(&ctx, secret.len(), C => ctr::<C>(&ctx, secret, counter, length, data))
            }
            ("AES-KW", Material::Secret(secret)) => {
                let result = with_aes!(&ctx, secret.len(), C => {
                    let kek = aes_kw::Kek::<C>::try_from(secret.as_slice())
                        .map_err(|e| operation_error(&ctx, &e.to_string()))?;
                    if encrypt { kek.wrap_vec(&data) } else { kek.unwrap_vec(&data) }
                });
                result.map_err(|e| operation_error(&ctx, &e.to_string()))
            }
            ("RSA-OAEP", Material::RsaPublic(key)) if encrypt => {
                let padding = oaep(&ctx, &params)?;
                key.encrypt(&mut rand_core::OsRng, padding, &data)
                    .map_err(|e| operation_error(&ctx, &e.to_string()))
            }
            ("RSA-OAEP", Material::RsaPrivate(key)) if !encrypt => {
                let padding = oaep(&ctx, &params)?;
                // Blinded: the private operation's timing does not follow the ciphertext
                // (the rest of RUSTSEC-2023-0071 is noted in ARCHITECTURE.md).
                key.decrypt_blinded(&mut rand_core::OsRng, padding, &data)
                    .map_err(|_| {
                        operation_error(
                            &ctx,
                            "The operation failed for an operation-specific reason",
                        )
                    })
            }
            _ => Err(wrong_key(&ctx)),
        }
    })?;
    array(&ctx, &out)
}

fn oaep<'js>(ctx: &Ctx<'js>, params: &Object<'js>) -> rquickjs::Result<Oaep> {
    let hash = string_member(params, "hash")?;
    let label = match bytes_member(ctx, params, "label")? {
        Some(label) if !label.is_empty() => Some(String::from_utf8(label).map_err(|_| {
            fail(
                ctx,
                "NotSupportedError",
                "RSA-OAEP: only labels that are UTF-8 text are supported",
            )
        })?),
        _ => None,
    };
    Ok(with_hash!(ctx, hash.as_str(), D => match label {
        Some(label) => Oaep::new_with_label::<D, _>(label),
        None => Oaep::new::<D>(),
    }))
}

/// AES-GCM (NIST SP 800-38D) for any IV of 1 byte or more and a tag of `tag_len` bytes:
/// Web Crypto allows both, while `aes-gcm`'s `AesGcm` fixes them in its type (so it is
/// built here from the same parts: `ctr`'s 32-bit counter mode and `ghash`). `None` when
/// the IV is empty, the data is too short for its tag or the tag does not match (compared
/// in constant time).
fn gcm<C>(
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    data: &[u8],
    tag_len: usize,
    encrypt: bool,
) -> Option<Vec<u8>>
where
    C: BlockCipher + BlockSizeUser<BlockSize = U16> + BlockEncrypt + BlockEncryptMut + KeyInit,
{
    if iv.is_empty() || !(1..=16).contains(&tag_len) {
        return None;
    }
    let cipher = C::new_from_slice(key).ok()?;
    let mut hash_key = Block::<C>::default();
    cipher.encrypt_block(&mut hash_key);
    // The pre-counter block J0: a 96-bit IV as is, any other GHASHed with its length.
    let mut j0 = Block::<C>::default();
    if iv.len() == 12 {
        j0[..12].copy_from_slice(iv);
        j0[15] = 1;
    } else {
        let mut hash = GHash::new(&hash_key);
        hash.update_padded(iv);
        let mut lengths = Block::<C>::default();
        lengths[8..].copy_from_slice(&(iv.len() as u64 * 8).to_be_bytes());
        hash.update(&[lengths]);
        j0 = hash.finalize();
    }
    let mut tag_mask = j0;
    cipher.encrypt_block(&mut tag_mask);
    let tag_of = |ciphertext: &[u8]| {
        let mut hash = GHash::new(&hash_key);
        hash.update_padded(aad);
        hash.update_padded(ciphertext);
        let mut lengths = Block::<C>::default();
        lengths[..8].copy_from_slice(&(aad.len() as u64 * 8).to_be_bytes());
        lengths[8..].copy_from_slice(&(ciphertext.len() as u64 * 8).to_be_bytes());
        hash.update(&[lengths]);
        let mut tag = hash.finalize();
        for (byte, mask) in tag.iter_mut().zip(tag_mask.iter()) {
            *byte ^= mask;
        }
        tag
    };
    // The data's counter blocks start at inc32(J0).
    let mut first = j0;
    let low = u32::from_be_bytes([first[12], first[13], first[14], first[15]]).wrapping_add(1);
    first[12..].copy_from_slice(&low.to_be_bytes());
    let mut keystream = ctr::Ctr32BE::<C>::from_core(ctr::CtrCore::inner_iv_init(cipher, &first));
    if encrypt {
        let mut out = data.to_vec();
        keystream.try_apply_keystream(&mut out).ok()?;
        let tag = tag_of(&out);
        out.extend_from_slice(&tag[..tag_len]);
        Some(out)
    } else {
        let split = data.len().checked_sub(tag_len)?;
        let (ciphertext, given) = data.split_at(split);
        let expected = tag_of(ciphertext);
        if !bool::from(subtle::ConstantTimeEq::ct_eq(&expected[..tag_len], given)) {
            return None;
        }
        let mut out = ciphertext.to_vec();
        keystream.try_apply_keystream(&mut out).ok()?;
        Some(out)
    }
}

/// AES-CTR with WebCrypto's counter: only the rightmost `length` bits of the block
/// count (and wrap); the rest stays as given. Refuses data that would reuse a counter.
fn ctr<C>(
    ctx: &Ctx<'_>,
    key: &[u8],
    counter: [u8; 16],
    length: u32,
    mut data: Vec<u8>,
) -> rquickjs::Result<Vec<u8>>
where
    C: BlockSizeUser<BlockSize = U16> + BlockEncrypt + KeyInit,
{
    if length == 0 || length > 128 {
        return Err(operation_error(ctx, "AES-CTR: length must be 1 to 128"));
    }
    let blocks = data.len().div_ceil(16) as u128;
    if length < 128 && blocks > 1u128 << length {
        return Err(operation_error(ctx, "AES-CTR: the counter would repeat"));
    }
    let cipher = C::new_from_slice(key).map_err(|_| operation_error(ctx, "Invalid AES key"))?;
    let mask = if length == 128 {
        u128::MAX
    } else {
        (1u128 << length) - 1
    };
    let mut block_counter = u128::from_be_bytes(counter);
    for chunk in data.chunks_mut(16) {
        let mut block = aes::Block::from(block_counter.to_be_bytes());
        cipher.encrypt_block(&mut block);
        for (byte, key) in chunk.iter_mut().zip(block.iter()) {
            *byte ^= key;
        }
        block_counter = (block_counter & !mask) | (block_counter.wrapping_add(1) & mask);
    }
    Ok(data)
}

/// `deriveBits(algorithm, key, params)`: ECDH and X25519 give the whole shared secret
/// (`js/crypto.js` cuts it to the asked length); HKDF and PBKDF2 make
/// `params.length` bytes.
pub(super) fn derive_bits<'js>(
    ctx: Ctx<'js>,
    algorithm: String,
    key: Value<'js>,
    params: Object<'js>,
) -> rquickjs::Result<Value<'js>> {
    let public: Value = params.get("public")?;
    let hash = string_member(&params, "hash")?;
    let length = number_member(&params, "length")?.unwrap_or(0.0) as usize;
    let out: Zeroizing<Vec<u8>> = with_material(&ctx, &key, |material| {
        Ok(Zeroizing::new(match (algorithm.as_str(), material) {
            ("ECDH", Material::P256Private(secret)) => {
                with_material(&ctx, &public, |public| match public {
                    Material::P256Public(public) => Ok(p256::ecdh::diffie_hellman(
                        secret.to_nonzero_scalar(),
                        public.as_affine(),
                    )
                    .raw_secret_bytes()
                    .to_vec()),
                    _ => Err(wrong_key(&ctx)),
                })?
            }
            ("ECDH", Material::P384Private(secret)) => {
                with_material(&ctx, &public, |public| match public {
                    Material::P384Public(public) => Ok(p384::ecdh::diffie_hellman(
                        secret.to_nonzero_scalar(),
                        public.as_affine(),
                    )
                    .raw_secret_bytes()
                    .to_vec()),
                    _ => Err(wrong_key(&ctx)),
                })?
            }
            ("X25519", Material::X25519Private(secret)) => {
                with_material(&ctx, &public, |public| match public {
                    Material::X25519Public(public) => {
                        let shared = secret.diffie_hellman(public);
                        if !shared.was_contributory() {
                            return Err(operation_error(&ctx, "X25519: the shared secret is zero"));
                        }
                        Ok(shared.as_bytes().to_vec())
                    }
                    _ => Err(wrong_key(&ctx)),
                })?
            }
            ("HKDF", Material::Secret(secret)) => {
                let salt = bytes_member(&ctx, &params, "salt")?.unwrap_or_default();
                let info = bytes_member(&ctx, &params, "info")?.unwrap_or_default();
                let mut out = vec![0u8; length];
                with_hash!(&ctx, hash.as_str(), D => hkdf::Hkdf::<D>::new(Some(&salt), secret)
                    .expand(&info, &mut out)
                    .map_err(|_| operation_error(&ctx, "HKDF: the length is too large"))?);
                out
            }
            ("PBKDF2", Material::Secret(secret)) => {
                let salt = bytes_member(&ctx, &params, "salt")?.unwrap_or_default();
                let iterations = number_member(&params, "iterations")?.unwrap_or(0.0) as u32;
                if iterations == 0 {
                    return Err(operation_error(&ctx, "PBKDF2: iterations must not be zero"));
                }
                let mut out = vec![0u8; length];
                with_hash!(&ctx, hash.as_str(), D => pbkdf2::pbkdf2_hmac::<D>(secret, &salt, iterations, &mut out));
                out
            }
            _ => return Err(wrong_key(&ctx)),
        }))
    })?;
    array(&ctx, &out)
}
