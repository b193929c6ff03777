//! The native half of `js/encoding.js`: the Encoding standard's codecs, by `encoding_rs`
//! (every encoding and label of the standard, streaming decoders, the standard's error
//! handling), and UTF-8 encoding of USVStrings.
use encoding_rs::{CoderResult, Decoder, DecoderResult, Encoding, REPLACEMENT};
use rquickjs::class::{JsClass, Trace, Tracer, Writable};
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Class, Ctx, Function, JsLifetime, TypedArray, Value};

use crate::borrowed_str::with_usv_str;
use crate::bytes::with_bytes_of;
use crate::errors::throw_named;

/// `isapi:native/encoding`: UTF-8 encoding, label lookup and stateful decoders.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        for name in [
            "utf8Encode",
            "utf8EncodeInto",
            "utf8Decode",
            "lookup",
            "decoder",
            "decode",
        ] {
            declare.declare(name)?;
        }
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("utf8Encode", Function::new(ctx.clone(), utf8_encode)?)?;
        exports.export(
            "utf8EncodeInto",
            Function::new(ctx.clone(), utf8_encode_into)?,
        )?;
        exports.export("utf8Decode", Function::new(ctx.clone(), utf8_decode)?)?;
        exports.export("lookup", Function::new(ctx.clone(), lookup)?)?;
        exports.export("decoder", Function::new(ctx.clone(), decoder)?)?;
        exports.export("decode", Function::new(ctx.clone(), decode)?)?;
        Ok(())
    }
}

/// UTF-8 of `text` as a USVString (lone surrogates become U+FFFD).
fn utf8_encode<'js>(
    ctx: Ctx<'js>,
    text: rquickjs::String<'js>,
) -> rquickjs::Result<TypedArray<'js, u8>> {
    let bytes = with_usv_str(&ctx, &text, |text| text.as_bytes().to_vec())?;
    TypedArray::new(ctx, bytes)
}

/// `TextEncoder.encodeInto`: writes the longest prefix of whole scalar values of `text`
/// that fits into `destination`; `[read (UTF-16 units), written (bytes)]`.
fn utf8_encode_into<'js>(
    ctx: Ctx<'js>,
    text: rquickjs::String<'js>,
    destination: TypedArray<'js, u8>,
) -> rquickjs::Result<Vec<f64>> {
    with_usv_str(&ctx, &text, |text| {
        let Some(raw) = destination.as_raw() else {
            return vec![0.0; 2]; // detached: room for nothing
        };
        // SAFETY: the Uint8Array's bytes, written while no JavaScript runs (this
        // closure runs none), so nothing can detach or resize the buffer meanwhile.
        let out = unsafe { &mut *raw.as_ptr() };
        let (mut read, mut written) = (0, 0);
        for c in text.chars() {
            let len = c.len_utf8();
            if written + len > out.len() {
                break;
            }
            c.encode_utf8(&mut out[written..written + len]);
            written += len;
            read += c.len_utf16();
        }
        vec![read as f64, written as f64]
    })
}

/// Text of UTF-8 `bytes`; `fatal` throws a TypeError on malformed input. No BOM handling
/// (the standard's "UTF-8 decode", which the body's `text()` uses, strips one).
fn utf8_decode<'js>(ctx: Ctx<'js>, bytes: Value<'js>, fatal: bool) -> rquickjs::Result<String> {
    let decoded = with_bytes_of(&ctx, &bytes, |bytes| {
        if fatal {
            std::str::from_utf8(bytes).ok().map(str::to_owned)
        } else {
            Some(String::from_utf8_lossy(bytes).into_owned())
        }
    })?;
    decoded.ok_or_else(|| invalid_data(&ctx, encoding_rs::UTF_8))
}

/// The encoding `label` names, as its canonical lower-case name (what
/// `TextDecoder.encoding` gives); `None` for unknown labels and for the "replacement"
/// encoding, which `TextDecoder` refuses.
fn lookup(label: String) -> Option<String> {
    Encoding::for_label(label.as_bytes())
        .filter(|encoding| *encoding != REPLACEMENT)
        .map(|encoding| encoding.name().to_ascii_lowercase())
}

/// One `TextDecoder`'s state: the standard's decoder instance and "do not flush" flag.
/// Freed with the JS object that holds it.
pub(crate) struct DecoderState {
    encoding: &'static Encoding,
    fatal: bool,
    ignore_bom: bool,
    decoder: Decoder,
    /// The previous `decode` call streamed: keep the decoder's state for this one.
    do_not_flush: bool,
}

impl DecoderState {
    fn fresh_decoder(&self) -> Decoder {
        // BOM removal strips only the BOM of this decoder's own encoding (UTF-8 and
        // UTF-16 have one), as the standard's TextDecoder does unless `ignoreBOM`.
        if self.ignore_bom {
            self.encoding.new_decoder_without_bom_handling()
        } else {
            self.encoding.new_decoder_with_bom_removal()
        }
    }
}

impl<'js> Trace<'js> for DecoderState {
    fn trace<'a>(&self, _tracer: Tracer<'a, 'js>) {}
}

// SAFETY: holds no JS values, so it is the same type at every lifetime.
unsafe impl<'js> JsLifetime<'js> for DecoderState {
    type Changed<'to> = DecoderState;
}

impl<'js> JsClass<'js> for DecoderState {
    const NAME: &'static str = "Decoder";
    type Mutable = Writable;

    fn constructor(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<rquickjs::Constructor<'js>>> {
        Ok(None)
    }
}

/// A decoder for the encoding of canonical name `name` (from [`lookup`]).
fn decoder<'js>(
    ctx: Ctx<'js>,
    name: String,
    fatal: bool,
    ignore_bom: bool,
) -> rquickjs::Result<Class<'js, DecoderState>> {
    let Some(encoding) = Encoding::for_label(name.as_bytes()) else {
        return Err(throw_named(
            &ctx,
            "RangeError",
            &format!("The \"{name}\" encoding is not supported"),
            None,
        ));
    };
    let decoder = encoding.new_decoder_without_bom_handling();
    Class::instance(
        ctx,
        DecoderState {
            encoding,
            fatal,
            ignore_bom,
            decoder,
            do_not_flush: false,
        },
    )
}

/// `TextDecoder.decode` on the bytes of the Uint8Array `bytes`.
fn decode<'js>(
    ctx: Ctx<'js>,
    state: Class<'js, DecoderState>,
    bytes: Value<'js>,
    stream: bool,
) -> rquickjs::Result<String> {
    let mut state = state.try_borrow_mut()?;
    if !state.do_not_flush {
        state.decoder = state.fresh_decoder();
    }
    state.do_not_flush = stream;
    let (fatal, encoding) = (state.fatal, state.encoding);
    let decoder = &mut state.decoder;
    let decoded = with_bytes_of(&ctx, &bytes, |src| decode_all(decoder, src, !stream, fatal))?;
    decoded.ok_or_else(|| invalid_data(&ctx, encoding))
}

/// Decodes all of `src` (`last`: the end of the stream); `None` when `fatal` and the
/// input is malformed.
fn decode_all(decoder: &mut Decoder, mut src: &[u8], last: bool, fatal: bool) -> Option<String> {
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length(src.len())
            .unwrap_or(src.len()),
    );
    loop {
        let read = if fatal {
            let (result, read) = decoder.decode_to_string_without_replacement(src, &mut out, last);
            match result {
                DecoderResult::InputEmpty => return Some(out),
                DecoderResult::Malformed(_, _) => return None,
                DecoderResult::OutputFull => read,
            }
        } else {
            let (result, read, _) = decoder.decode_to_string(src, &mut out, last);
            match result {
                CoderResult::InputEmpty => return Some(out),
                CoderResult::OutputFull => read,
            }
        };
        // Only when the capacity estimate overflowed: grow and go on.
        src = &src[read..];
        out.reserve(out.capacity().max(64));
    }
}

fn invalid_data(ctx: &Ctx<'_>, encoding: &'static Encoding) -> rquickjs::Error {
    throw_named(
        ctx,
        "TypeError",
        &format!(
            "The encoded data was not valid for encoding {}",
            encoding.name().to_ascii_lowercase()
        ),
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(label: &str, chunks: &[&[u8]], fatal: bool) -> Option<String> {
        let encoding = Encoding::for_label(label.as_bytes()).unwrap();
        let mut decoder = encoding.new_decoder_with_bom_removal();
        let mut text = String::new();
        for (i, chunk) in chunks.iter().enumerate() {
            text += &decode_all(&mut decoder, chunk, i + 1 == chunks.len(), fatal)?;
        }
        Some(text)
    }

    #[test]
    fn labels_name_canonical_lower_case_encodings() {
        assert_eq!(lookup(" Latin1\n".into()).as_deref(), Some("windows-1252"));
        assert_eq!(lookup("sjis".into()).as_deref(), Some("shift_jis"));
        assert_eq!(lookup("utf-16".into()).as_deref(), Some("utf-16le"));
        assert_eq!(
            lookup("x-user-defined".into()).as_deref(),
            Some("x-user-defined")
        );
        assert_eq!(lookup("iso-2022-kr".into()), None); // a "replacement" label
        assert_eq!(lookup("utf-7".into()), None);
    }

    #[test]
    fn streaming_keeps_partial_sequences_across_chunks() {
        let euro = [0xE2, 0x82, 0xAC];
        assert_eq!(
            stream("utf-8", &[&euro[..1], &euro[1..2], &euro[2..]], true).as_deref(),
            Some("€")
        );
        // Shift_JIS あ = 82 A0, split between chunks.
        assert_eq!(
            stream("shift_jis", &[&[0x82], &[0xA0]], false).as_deref(),
            Some("あ")
        );
        // ISO-2022-JP: the escape sequence in one chunk, the characters in the next.
        assert_eq!(
            stream("iso-2022-jp", &[b"\x1b$", b"B\x24\x22", b"\x1b(B"], false).as_deref(),
            Some("あ")
        );
        // An incomplete sequence at the very end is U+FFFD, or an error when fatal.
        assert_eq!(
            stream("utf-16le", &[&[0x41, 0x00, 0x42]], false).as_deref(),
            Some("A\u{FFFD}")
        );
        assert_eq!(stream("utf-8", &[&euro[..2]], true), None);
    }

    /// Where Node 20 (ICU) is not the standard, so `tests/conformance/encoding-decoder.mjs`
    /// leaves the case out: the standard's answers.
    #[test]
    fn decodes_as_the_standard_where_node_does_not() {
        let cases: &[(&str, &[u8], &str)] = &[
            ("x-user-defined", &[0x41, 0x80, 0xFF], "A\u{F780}\u{F7FF}"),
            ("iso-8859-16", &[0xA1, 0xA4], "\u{104}\u{20AC}"),
            ("windows-1252", &[0x80, 0x9F, 0x81], "\u{20AC}\u{178}\u{81}"),
            ("koi8-u", &[0xAE, 0xBE], "\u{45E}\u{40E}"),
            ("windows-874", &[0xDB], "\u{FFFD}"),
            ("windows-1253", &[0xAA], "\u{FFFD}"),
            ("windows-1255", &[0xCA], "\u{5BA}"),
            ("ibm866", &[0x1A, 0x1C, 0x7F], "\u{1A}\u{1C}\u{7F}"),
            ("shift_jis", &[0x82, 0x41], "\u{FFFD}A"),
            ("gbk", &[0x80, 0xFF], "\u{20AC}\u{FFFD}"),
            (
                "big5",
                &[0x88, 0x62, 0x88, 0x64],
                "\u{CA}\u{304}\u{CA}\u{30C}",
            ),
            ("iso-2022-jp", b"\x1b(A", "\u{FFFD}(A"),
        ];
        for (label, bytes, text) in cases {
            assert_eq!(
                stream(label, &[bytes], false).as_deref(),
                Some(*text),
                "{label}"
            );
        }
    }
}
