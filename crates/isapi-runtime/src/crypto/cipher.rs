//! node:crypto's cipher objects (`createCipheriv`/`createDecipheriv`): AES in ECB, CBC
//! (PKCS#7 padding or none), CTR and GCM, and ChaCha20-Poly1305, each fed piece by piece
//! as Node's `update()` is and giving out what OpenSSL gives at each step. The modes are
//! built here on the block ciphers (`aes`, `chacha20`) and the MACs (`ghash`, `poly1305`):
//! the crates' AEAD types are one-shot.
//!
//! Errors carry the reason `js/node/crypto.js` turns into Node's error: `bad decrypt`,
//! `wrong final block length`, `auth` (the tag did not match).
use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit, KeyIvInit, StreamCipher, StreamCipherSeek};
use ghash::universal_hash::UniversalHash;
use rquickjs::class::{JsClass, Trace, Tracer, Writable};
use rquickjs::function::Constructor;
use rquickjs::{Class, Ctx, JsLifetime, Object, Value};
use zeroize::Zeroizing;

use super::{array, fail};
use crate::bytes::with_bytes_of;

type Block = [u8; 16];

/// AES of any key size, one block at a time.
enum Aes {
    A128(Box<aes::Aes128>),
    A192(Box<aes::Aes192>),
    A256(Box<aes::Aes256>),
}

impl Aes {
    fn new(key: &[u8]) -> Option<Aes> {
        Some(match key.len() {
            16 => Aes::A128(Box::new(aes::Aes128::new_from_slice(key).ok()?)),
            24 => Aes::A192(Box::new(aes::Aes192::new_from_slice(key).ok()?)),
            32 => Aes::A256(Box::new(aes::Aes256::new_from_slice(key).ok()?)),
            _ => return None,
        })
    }

    fn encrypt(&self, block: &mut Block) {
        let block = aes::Block::from_mut_slice(block);
        match self {
            Aes::A128(c) => c.encrypt_block(block),
            Aes::A192(c) => c.encrypt_block(block),
            Aes::A256(c) => c.encrypt_block(block),
        }
    }

    fn decrypt(&self, block: &mut Block) {
        let block = aes::Block::from_mut_slice(block);
        match self {
            Aes::A128(c) => c.decrypt_block(block),
            Aes::A192(c) => c.decrypt_block(block),
            Aes::A256(c) => c.decrypt_block(block),
        }
    }
}

/// A universal hash fed bytes in any pieces: whole blocks go in as they come, the rest
/// waits for more (or for `pad`, which zero-pads it, as both AEADs do per section).
struct PaddedMac<U: UniversalHash> {
    mac: U,
    pending: Vec<u8>,
}

impl<U: UniversalHash> PaddedMac<U> {
    fn new(mac: U) -> Self {
        PaddedMac {
            mac,
            pending: Vec::with_capacity(16),
        }
    }

    fn feed(&mut self, mut data: &[u8]) {
        if !self.pending.is_empty() {
            let take = (16 - self.pending.len()).min(data.len());
            self.pending.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.pending.len() < 16 {
                return;
            }
            self.mac.update_padded(&self.pending);
            self.pending.clear();
        }
        let whole = data.len() - data.len() % 16;
        if whole > 0 {
            self.mac.update_padded(&data[..whole]);
        }
        self.pending.extend_from_slice(&data[whole..]);
    }

    fn pad(&mut self) {
        if !self.pending.is_empty() {
            self.mac.update_padded(&self.pending);
            self.pending.clear();
        }
    }
}

/// Where an AEAD is: taking additional data, then the message.
struct Aead<U: UniversalHash> {
    mac: PaddedMac<U>,
    aad_len: u64,
    data_len: u64,
    in_data: bool,
}

impl<U: UniversalHash> Aead<U> {
    fn new(mac: U) -> Self {
        Aead {
            mac: PaddedMac::new(mac),
            aad_len: 0,
            data_len: 0,
            in_data: false,
        }
    }

    fn aad(&mut self, aad: &[u8]) -> bool {
        if self.in_data {
            return false;
        }
        self.aad_len += aad.len() as u64;
        self.mac.feed(aad);
        true
    }

    /// Hashes ciphertext (ending the additional data first).
    fn ciphertext(&mut self, data: &[u8]) {
        if !self.in_data {
            self.mac.pad();
            self.in_data = true;
        }
        self.data_len += data.len() as u64;
        self.mac.feed(data);
    }

    /// The tag's input so far, closed with the lengths block (`little`: ChaCha20-Poly1305
    /// writes them little-endian, GCM in bits big-endian).
    fn close(mut self, little: bool) -> U {
        self.mac.pad();
        let mut lengths = [0u8; 16];
        if little {
            lengths[..8].copy_from_slice(&self.aad_len.to_le_bytes());
            lengths[8..].copy_from_slice(&self.data_len.to_le_bytes());
        } else {
            lengths[..8].copy_from_slice(&(self.aad_len * 8).to_be_bytes());
            lengths[8..].copy_from_slice(&(self.data_len * 8).to_be_bytes());
        }
        self.mac.mac.update_padded(&lengths);
        self.mac.mac
    }
}

enum Mode {
    Ecb {
        aes: Aes,
        pending: Vec<u8>,
    },
    Cbc {
        aes: Aes,
        previous: Block,
        pending: Vec<u8>,
    },
    Ctr {
        aes: Aes,
        counter: u128,
        keystream: Block,
        used: usize,
    },
    Gcm {
        aes: Aes,
        counter: Block,
        keystream: Block,
        used: usize,
        tag_mask: Block,
        aead: Box<Aead<ghash::GHash>>,
    },
    ChaCha {
        cipher: Box<chacha20::ChaCha20>,
        aead: Box<Aead<poly1305::Poly1305>>,
    },
}

/// One cipher object's state; `None` once finished.
pub(crate) struct Cipher {
    mode: Option<Mode>,
    encrypt: bool,
    padding: bool,
    tag_len: usize,
    /// The expected tag (decrypting an AEAD), from `setAuthTag`.
    tag: Option<Vec<u8>>,
}

// SAFETY: Cipher holds no JS values, so it has no `'js` lifetime to change.
unsafe impl<'js> JsLifetime<'js> for Cipher {
    type Changed<'to> = Cipher;
}

impl<'js> Trace<'js> for Cipher {
    fn trace<'a>(&self, _tracer: Tracer<'a, 'js>) {}
}

impl<'js> JsClass<'js> for Cipher {
    const NAME: &'static str = "Cipher";
    type Mutable = Writable;

    fn constructor(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<Constructor<'js>>> {
        Ok(None)
    }

    fn prototype(ctx: &Ctx<'js>) -> rquickjs::Result<Option<Object<'js>>> {
        Object::new(ctx.clone()).map(Some)
    }
}

/// XORs `data` with a counter-mode keystream, `next` making each new block of it.
fn apply_keystream(
    data: &mut [u8],
    keystream: &mut Block,
    used: &mut usize,
    mut next: impl FnMut(&mut Block),
) {
    for byte in data {
        if *used == 16 {
            next(keystream);
            *used = 0;
        }
        *byte ^= keystream[*used];
        *used += 1;
    }
}

fn inc32(block: &mut Block) {
    let low = u32::from_be_bytes([block[12], block[13], block[14], block[15]]).wrapping_add(1);
    block[12..].copy_from_slice(&low.to_be_bytes());
}

/// `cipherCreate(mode, key, iv, encrypt, tagLength)`: mode `ecb`, `cbc`, `ctr`, `gcm`
/// or `chacha20-poly1305`; lengths checked by the caller except the key's and IV's,
/// which throw `RangeError: Invalid key length` / `TypeError: Invalid initialization vector`.
pub(super) fn cipher_create<'js>(
    ctx: Ctx<'js>,
    mode: String,
    key: Value<'js>,
    iv: Value<'js>,
    encrypt: bool,
    tag_len: usize,
) -> rquickjs::Result<Class<'js, Cipher>> {
    let key = Zeroizing::new(crate::bytes::bytes_of(&ctx, &key)?);
    let iv = if iv.is_null() || iv.is_undefined() {
        Vec::new()
    } else {
        crate::bytes::bytes_of(&ctx, &iv)?
    };
    let bad_key = || fail(&ctx, "RangeError", "Invalid key length");
    let bad_iv = || fail(&ctx, "TypeError", "Invalid initialization vector");
    let aes = || Aes::new(&key).ok_or_else(bad_key);
    let block_iv = || -> rquickjs::Result<Block> { iv.as_slice().try_into().map_err(|_| bad_iv()) };
    let mode = match mode.as_str() {
        "ecb" => {
            if !iv.is_empty() {
                return Err(bad_iv());
            }
            Mode::Ecb {
                aes: aes()?,
                pending: Vec::new(),
            }
        }
        "cbc" => Mode::Cbc {
            aes: aes()?,
            previous: block_iv()?,
            pending: Vec::new(),
        },
        "ctr" => Mode::Ctr {
            aes: aes()?,
            counter: u128::from_be_bytes(block_iv()?),
            keystream: [0; 16],
            used: 16,
        },
        "gcm" => {
            let aes = aes()?;
            if iv.is_empty() {
                return Err(bad_iv());
            }
            let mut hash_key = [0u8; 16];
            aes.encrypt(&mut hash_key);
            let hash_key = ghash::Key::from(hash_key);
            // The pre-counter block J0: a 96-bit IV as is, any other GHASHed with its length.
            let mut j0 = [0u8; 16];
            if iv.len() == 12 {
                j0[..12].copy_from_slice(&iv);
                j0[15] = 1;
            } else {
                let mut hash = ghash::GHash::new(&hash_key);
                hash.update_padded(&iv);
                let mut lengths = [0u8; 16];
                lengths[8..].copy_from_slice(&(iv.len() as u64 * 8).to_be_bytes());
                hash.update_padded(&lengths);
                j0 = hash.finalize().into();
            }
            let mut tag_mask = j0;
            aes.encrypt(&mut tag_mask);
            inc32(&mut j0);
            Mode::Gcm {
                aes,
                counter: j0,
                keystream: [0; 16],
                used: 16,
                tag_mask,
                aead: Box::new(Aead::new(ghash::GHash::new(&hash_key))),
            }
        }
        "chacha20-poly1305" => {
            if key.len() != 32 {
                return Err(bad_key());
            }
            if iv.len() != 12 {
                return Err(bad_iv());
            }
            let mut cipher =
                chacha20::ChaCha20::new_from_slices(&key, &iv).map_err(|_| bad_iv())?;
            // The Poly1305 key is the first 32 bytes of block 0; the message starts at block 1.
            let mut poly_key = Zeroizing::new([0u8; 32]);
            cipher.apply_keystream(poly_key.as_mut());
            cipher.seek(64u64);
            let mac =
                <poly1305::Poly1305 as KeyInit>::new(poly1305::Key::from_slice(poly_key.as_ref()));
            Mode::ChaCha {
                cipher: Box::new(cipher),
                aead: Box::new(Aead::new(mac)),
            }
        }
        _ => return Err(fail(&ctx, "Error", "Unknown cipher")),
    };
    Class::instance(
        ctx,
        Cipher {
            mode: Some(mode),
            encrypt,
            padding: true,
            tag_len,
            tag: None,
        },
    )
}

fn state_error(ctx: &Ctx<'_>) -> rquickjs::Error {
    fail(ctx, "Error", "Invalid state")
}

/// Encrypts or decrypts the whole blocks of `pending` (keeping the last one back when
/// decrypting with padding, as OpenSSL does: `final` needs it).
fn blocks(
    aes: &Aes,
    previous: Option<&mut Block>,
    pending: &mut Vec<u8>,
    encrypt: bool,
    hold_last: bool,
) -> Vec<u8> {
    let mut whole = pending.len() - pending.len() % 16;
    if hold_last && whole == pending.len() && whole > 0 {
        whole -= 16;
    }
    let mut out: Vec<u8> = pending.drain(..whole).collect();
    let mut previous = previous;
    for chunk in out.chunks_exact_mut(16) {
        let block: &mut Block = chunk.try_into().expect("16 bytes");
        match (&mut previous, encrypt) {
            (None, true) => aes.encrypt(block),
            (None, false) => aes.decrypt(block),
            (Some(previous), true) => {
                for (byte, p) in block.iter_mut().zip(previous.iter()) {
                    *byte ^= p;
                }
                aes.encrypt(block);
                **previous = *block;
            }
            (Some(previous), false) => {
                let input = *block;
                aes.decrypt(block);
                for (byte, p) in block.iter_mut().zip(previous.iter()) {
                    *byte ^= p;
                }
                **previous = input;
            }
        }
    }
    out
}

/// `cipherUpdate(cipher, data)`: what this piece gives.
pub(super) fn cipher_update<'js>(
    ctx: Ctx<'js>,
    cipher: Class<'js, Cipher>,
    data: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    let mut cipher = cipher.try_borrow_mut()?;
    let Cipher {
        mode,
        encrypt,
        padding,
        ..
    } = &mut *cipher;
    let (encrypt, padding) = (*encrypt, *padding);
    let Some(mode) = mode.as_mut() else {
        return Err(state_error(&ctx));
    };
    let out = with_bytes_of(&ctx, &data, |data| match mode {
        Mode::Ecb { aes, pending } => {
            pending.extend_from_slice(data);
            blocks(aes, None, pending, encrypt, !encrypt && padding)
        }
        Mode::Cbc {
            aes,
            previous,
            pending,
        } => {
            pending.extend_from_slice(data);
            blocks(aes, Some(previous), pending, encrypt, !encrypt && padding)
        }
        Mode::Ctr {
            aes,
            counter,
            keystream,
            used,
        } => {
            let mut out = data.to_vec();
            apply_keystream(&mut out, keystream, used, |block| {
                *block = counter.to_be_bytes();
                aes.encrypt(block);
                *counter = counter.wrapping_add(1);
            });
            out
        }
        Mode::Gcm {
            aes,
            counter,
            keystream,
            used,
            aead,
            ..
        } => {
            let mut out = data.to_vec();
            if !encrypt {
                aead.ciphertext(&out);
            }
            apply_keystream(&mut out, keystream, used, |block| {
                *block = *counter;
                aes.encrypt(block);
                inc32(counter);
            });
            if encrypt {
                aead.ciphertext(&out);
            }
            out
        }
        Mode::ChaCha { cipher, aead } => {
            let mut out = data.to_vec();
            if !encrypt {
                aead.ciphertext(&out);
            }
            cipher.apply_keystream(&mut out);
            if encrypt {
                aead.ciphertext(&out);
            }
            out
        }
    })?;
    array(&ctx, &out)
}

/// `cipherAad(cipher, data)`: additional authenticated data (before any `update`).
pub(super) fn cipher_aad<'js>(
    ctx: Ctx<'js>,
    cipher: Class<'js, Cipher>,
    data: Value<'js>,
) -> rquickjs::Result<bool> {
    let mut cipher = cipher.try_borrow_mut()?;
    with_bytes_of(&ctx, &data, |data| match cipher.mode.as_mut() {
        Some(Mode::Gcm { aead, .. }) => aead.aad(data),
        Some(Mode::ChaCha { aead, .. }) => aead.aad(data),
        _ => false,
    })
}

/// `cipherSetTag(cipher, tag)`: the tag a decryption must end with.
pub(super) fn cipher_set_tag<'js>(
    ctx: Ctx<'js>,
    cipher: Class<'js, Cipher>,
    tag: Value<'js>,
) -> rquickjs::Result<()> {
    let tag = crate::bytes::bytes_of(&ctx, &tag)?;
    let mut cipher = cipher.try_borrow_mut()?;
    cipher.tag_len = tag.len();
    cipher.tag = Some(tag);
    Ok(())
}

/// `cipherSetPadding(cipher, on)`.
pub(super) fn cipher_set_padding<'js>(
    cipher: Class<'js, Cipher>,
    on: bool,
) -> rquickjs::Result<()> {
    cipher.try_borrow_mut()?.padding = on;
    Ok(())
}

/// `cipherFinal(cipher)`: the last output, and for an AEAD being encrypted, the tag:
/// `[output, tag]`.
pub(super) fn cipher_final<'js>(
    ctx: Ctx<'js>,
    cipher: Class<'js, Cipher>,
) -> rquickjs::Result<rquickjs::Array<'js>> {
    let mut cipher = cipher.try_borrow_mut()?;
    let Some(mode) = cipher.mode.take() else {
        return Err(state_error(&ctx));
    };
    let (encrypt, padding, tag_len) = (cipher.encrypt, cipher.padding, cipher.tag_len);
    let wrong_length = || fail(&ctx, "Error", "wrong final block length");
    let bad_decrypt = || fail(&ctx, "Error", "bad decrypt");
    let auth = || fail(&ctx, "Error", "auth");
    let mut tag: Option<Vec<u8>> = None;
    let out: Vec<u8> =
        match mode {
            Mode::Ecb { pending, .. } | Mode::Cbc { pending, .. } if !padding => {
                if !pending.is_empty() {
                    return Err(wrong_length());
                }
                Vec::new()
            }
            Mode::Ecb { aes, mut pending } => {
                let whole = encrypt || pending.len() == 16;
                finish_padded(&aes, None, &mut pending, encrypt).ok_or_else(|| {
                    if whole {
                        bad_decrypt()
                    } else {
                        wrong_length()
                    }
                })?
            }
            Mode::Cbc {
                aes,
                mut previous,
                mut pending,
            } => {
                let whole = encrypt || pending.len() == 16;
                finish_padded(&aes, Some(&mut previous), &mut pending, encrypt)
                    .ok_or_else(|| if whole { bad_decrypt() } else { wrong_length() })?
            }
            Mode::Ctr { .. } => Vec::new(),
            Mode::Gcm { tag_mask, aead, .. } => {
                let mut full: Block = aead.close(false).finalize().into();
                for (byte, mask) in full.iter_mut().zip(tag_mask.iter()) {
                    *byte ^= mask;
                }
                tag = Some(full[..tag_len.min(16)].to_vec());
                Vec::new()
            }
            Mode::ChaCha { aead, .. } => {
                let full: Block = aead.close(true).finalize().into();
                tag = Some(full[..tag_len.min(16)].to_vec());
                Vec::new()
            }
        };
    let result = rquickjs::Array::new(ctx.clone())?;
    result.set(0, array(&ctx, &out)?)?;
    if let Some(tag) = tag {
        if encrypt {
            result.set(1, array(&ctx, &tag)?)?;
        } else {
            let given = cipher.tag.take().ok_or_else(auth)?;
            if given.len() != tag.len()
                || !bool::from(subtle::ConstantTimeEq::ct_eq(&given[..], &tag[..]))
            {
                return Err(auth());
            }
        }
    }
    Ok(result)
}

/// The padded end of ECB/CBC: encrypting, pads the rest to a block (PKCS#7); decrypting,
/// takes the held-back block and strips its padding. `None` when the data is not whole
/// blocks (decrypting) or the padding is wrong.
fn finish_padded(
    aes: &Aes,
    previous: Option<&mut Block>,
    pending: &mut Vec<u8>,
    encrypt: bool,
) -> Option<Vec<u8>> {
    if encrypt {
        let pad = 16 - pending.len() % 16;
        pending.extend(std::iter::repeat_n(pad as u8, pad));
        return Some(blocks(aes, previous, pending, true, false));
    }
    if pending.len() != 16 {
        return None;
    }
    let mut out = blocks(aes, previous, pending, false, false);
    let pad = *out.last()? as usize;
    if pad == 0 || pad > 16 || out[16 - pad..].iter().any(|&b| b as usize != pad) {
        return None;
    }
    out.truncate(16 - pad);
    Some(out)
}
