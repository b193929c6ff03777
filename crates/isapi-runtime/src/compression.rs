//! The native half of `js/compression.js`: gzip, deflate (zlib) and deflate-raw, both
//! ways, one codec per stream fed chunk by chunk (flate2 over zlib-rs, pure Rust).
use std::io::Write;

use flate2::write::{DeflateEncoder, GzEncoder, ZlibEncoder};
use flate2::{Compression, Crc, Decompress, FlushDecompress, Status};
use rquickjs::class::{JsClass, Trace, Tracer};
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::Constructor;
use rquickjs::{Class, Ctx, Exception, Function, JsLifetime, Object, TypedArray, Value};

use crate::bytes::with_bytes_of;

/// `isapi:native/compression`: `create(format, decompress)`, `push(codec, bytes)`,
/// `finish(codec)`.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        declare.declare("create")?;
        declare.declare("push")?;
        declare.declare("finish")?;
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("create", Function::new(ctx.clone(), create)?)?;
        exports.export("push", Function::new(ctx.clone(), push)?)?;
        exports.export("finish", Function::new(ctx.clone(), finish)?)?;
        Ok(())
    }
}

/// One stream's compressor or decompressor, owned by its JS object (freed with it).
pub(crate) struct Codec(Option<State>);

enum State {
    Gzip(GzEncoder<Vec<u8>>),
    Zlib(ZlibEncoder<Vec<u8>>),
    Raw(DeflateEncoder<Vec<u8>>),
    Inflate(Box<Inflater>),
}

// SAFETY: `Codec` holds no JS values, so its lifetime does not depend on 'js.
unsafe impl<'js> JsLifetime<'js> for Codec {
    type Changed<'to> = Codec;
}

impl<'js> Trace<'js> for Codec {
    fn trace<'a>(&self, _tracer: Tracer<'a, 'js>) {}
}

impl<'js> JsClass<'js> for Codec {
    const NAME: &'static str = "Codec";
    type Mutable = rquickjs::class::Writable;

    fn constructor(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<Constructor<'js>>> {
        Ok(None)
    }

    fn prototype(ctx: &Ctx<'js>) -> rquickjs::Result<Option<Object<'js>>> {
        Object::new(ctx.clone()).map(Some)
    }
}

fn create<'js>(
    ctx: Ctx<'js>,
    format: String,
    decompress: bool,
) -> rquickjs::Result<Class<'js, Codec>> {
    let level = Compression::default();
    let state = match (format.as_str(), decompress) {
        ("gzip", false) => State::Gzip(GzEncoder::new(Vec::new(), level)),
        ("deflate", false) => State::Zlib(ZlibEncoder::new(Vec::new(), level)),
        ("deflate-raw", false) => State::Raw(DeflateEncoder::new(Vec::new(), level)),
        ("gzip", true) => State::Inflate(Box::new(Inflater::new(Framing::Gzip))),
        ("deflate", true) => State::Inflate(Box::new(Inflater::new(Framing::Zlib))),
        ("deflate-raw", true) => State::Inflate(Box::new(Inflater::new(Framing::Raw))),
        _ => {
            return Err(type_error(
                &ctx,
                &format!("unsupported compression format: '{format}'"),
            ))
        }
    };
    Class::instance(ctx, Codec(Some(state)))
}

fn push<'js>(
    ctx: Ctx<'js>,
    codec: Class<'js, Codec>,
    data: Value<'js>,
    max: usize,
) -> rquickjs::Result<TypedArray<'js, u8>> {
    let mut codec = codec.try_borrow_mut()?;
    let Some(state) = codec.0.as_mut() else {
        return Err(type_error(&ctx, "the stream has already finished"));
    };
    let result = with_bytes_of(&ctx, &data, |bytes| match state {
        State::Gzip(e) => e.write_all(bytes).map(|()| std::mem::take(e.get_mut())),
        State::Zlib(e) => e.write_all(bytes).map(|()| std::mem::take(e.get_mut())),
        State::Raw(e) => e.write_all(bytes).map(|()| std::mem::take(e.get_mut())),
        State::Inflate(d) => d.push(bytes, max, false).map_err(std::io::Error::other),
    })?;
    match result {
        Ok(out) => TypedArray::new(ctx, out),
        Err(error) => {
            codec.0 = None;
            Err(type_error(&ctx, &error.to_string()))
        }
    }
}

/// Ends the input. A compressor gives all that is left at once (its output is not larger
/// than what went in); a decompressor gives at most about `max` bytes a call, and an empty
/// array once it has given everything (a truncated input then throws).
fn finish<'js>(
    ctx: Ctx<'js>,
    codec: Class<'js, Codec>,
    max: usize,
) -> rquickjs::Result<TypedArray<'js, u8>> {
    let mut codec = codec.try_borrow_mut()?;
    let result = match codec.0.take() {
        None => Ok(Vec::new()),
        Some(State::Gzip(e)) => e.finish(),
        Some(State::Zlib(e)) => e.finish(),
        Some(State::Raw(e)) => e.finish(),
        Some(State::Inflate(mut d)) => match d.push(&[], max, true) {
            Ok(out) if out.is_empty() => Ok(out),
            Ok(out) => {
                codec.0 = Some(State::Inflate(d));
                Ok(out)
            }
            Err(error) => Err(std::io::Error::other(error)),
        },
    };
    match result {
        Ok(out) => TypedArray::new(ctx, out),
        Err(error) => Err(type_error(&ctx, &error.to_string())),
    }
}

/// A real TypeError (`instanceof TypeError` holds), as the Compression standard throws.
fn type_error(ctx: &Ctx<'_>, message: &str) -> rquickjs::Error {
    Exception::throw_type(ctx, message)
}

#[derive(Clone, Copy, PartialEq)]
enum Framing {
    Gzip,
    Zlib,
    Raw,
}

#[derive(PartialEq)]
enum Phase {
    Header,
    Body,
    Trailer,
    Done,
}

/// A decompressor that knows where its input ends: the zlib and raw formats end with the
/// deflate stream, gzip with its 8-byte trailer (CRC-32 and length, checked). Input past
/// the end, and input that stops before it, are errors, as the standard says. It gives at
/// most about `max` bytes a call and keeps the input it has not used yet, so a small input
/// that inflates hugely (a "zip bomb") comes out piece by piece as the reader asks for it.
struct Inflater {
    framing: Framing,
    phase: Phase,
    inflate: Decompress,
    /// Input not used yet.
    input: Vec<u8>,
    crc: Crc,
}

impl Inflater {
    fn new(framing: Framing) -> Self {
        Inflater {
            framing,
            phase: if framing == Framing::Gzip {
                Phase::Header
            } else {
                Phase::Body
            },
            inflate: Decompress::new(framing == Framing::Zlib),
            input: Vec::new(),
            crc: Crc::new(),
        }
    }

    /// Adds `bytes` to the input and gives what it inflates to, up to about `max` bytes.
    /// `end`: no more input will come (an unfinished stream is then an error, once all
    /// the output has been given).
    fn push(&mut self, bytes: &[u8], max: usize, end: bool) -> Result<Vec<u8>, String> {
        self.input.extend_from_slice(bytes);
        let input = std::mem::take(&mut self.input);
        let mut out = Vec::new();
        let mut at = 0;
        let result = self.run(&input, &mut at, &mut out, max.max(1));
        self.input = input;
        self.input.drain(..at.min(self.input.len()));
        result?;
        if end && out.is_empty() && self.phase != Phase::Done {
            return Err("unexpected end of compressed data".into());
        }
        Ok(out)
    }

    fn run(
        &mut self,
        input: &[u8],
        at: &mut usize,
        out: &mut Vec<u8>,
        max: usize,
    ) -> Result<(), String> {
        loop {
            let rest = &input[*at..];
            match self.phase {
                Phase::Header => {
                    let Some(length) = gzip_header_length(rest)? else {
                        return Ok(());
                    };
                    *at += length;
                    self.phase = Phase::Body;
                }
                Phase::Body => {
                    *at += self.inflate_some(rest, out, max)?;
                    if self.phase == Phase::Body {
                        return Ok(());
                    }
                }
                Phase::Trailer => {
                    let Some(trailer) = rest.get(..8) else {
                        return Ok(());
                    };
                    let crc = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
                    let size = u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]);
                    if crc != self.crc.sum() || size != self.crc.amount() {
                        return Err("incorrect data check".into());
                    }
                    *at += 8;
                    self.phase = Phase::Done;
                }
                Phase::Done => {
                    if !rest.is_empty() {
                        return Err("junk found after the end of the compressed data".into());
                    }
                    return Ok(());
                }
            }
        }
    }

    /// Inflates from `input` into `out` until the input is used, `out` holds about `max`
    /// bytes, or the deflate stream ends; returns how much input it used.
    fn inflate_some(
        &mut self,
        input: &[u8],
        out: &mut Vec<u8>,
        max: usize,
    ) -> Result<usize, String> {
        let mut used = 0;
        loop {
            let room = max.saturating_sub(out.len());
            if room == 0 {
                return Ok(used);
            }
            if out.capacity() - out.len() < 4096 {
                out.reserve(room.clamp(4096, 1 << 16));
            }
            let (in_before, out_before) = (self.inflate.total_in(), out.len());
            let status = self
                .inflate
                .decompress_vec(&input[used..], out, FlushDecompress::None)
                .map_err(|e| e.to_string())?;
            let consumed =
                usize::try_from(self.inflate.total_in() - in_before).unwrap_or(usize::MAX);
            used = (used + consumed).min(input.len());
            if self.framing == Framing::Gzip {
                self.crc.update(&out[out_before..]);
            }
            if status == Status::StreamEnd {
                self.phase = if self.framing == Framing::Gzip {
                    Phase::Trailer
                } else {
                    Phase::Done
                };
                return Ok(used);
            }
            let produced = out.len() > out_before;
            if used == input.len() && (!produced || out.len() < out.capacity()) {
                return Ok(used);
            }
            if consumed == 0 && !produced {
                return Err("the compressed data is invalid".into());
            }
        }
    }
}

/// The length of a complete gzip header at the start of `data`, None while incomplete.
fn gzip_header_length(data: &[u8]) -> Result<Option<usize>, String> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    if data.len() >= 2 && (data[0] != 0x1f || data[1] != 0x8b) {
        return Err("incorrect header check".into());
    }
    if data.len() >= 3 && data[2] != 8 {
        return Err("unknown compression method".into());
    }
    if data.len() < 10 {
        return Ok(None);
    }
    let flags = data[3];
    if flags & 0xe0 != 0 {
        return Err("invalid gzip header flags".into());
    }
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let Some(len) = data.get(at..at + 2) else {
            return Ok(None);
        };
        at += 2 + usize::from(u16::from_le_bytes([len[0], len[1]]));
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let Some(rest) = data.get(at..) else {
                return Ok(None);
            };
            match rest.iter().position(|&b| b == 0) {
                Some(end) => at += end + 1,
                None => return Ok(None),
            }
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    Ok((data.len() >= at).then_some(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Inflates `data` fed in `chunk`-byte pieces, taking output `max` bytes at a time.
    fn inflate_all(framing: Framing, data: &[u8], chunk: usize) -> Result<Vec<u8>, String> {
        let max = 1000;
        let mut inflater = Inflater::new(framing);
        let mut out = Vec::new();
        for piece in data.chunks(chunk.max(1)) {
            let mut got = inflater.push(piece, max, false)?;
            while !got.is_empty() {
                assert!(got.len() <= max + (1 << 16));
                out.extend(got);
                got = inflater.push(&[], max, false)?;
            }
        }
        loop {
            let got = inflater.push(&[], max, true)?;
            if got.is_empty() {
                return Ok(out);
            }
            out.extend(got);
        }
    }

    #[test]
    fn round_trips_in_every_format_and_chunking() {
        let text: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
        let gz = {
            let mut e = GzEncoder::new(Vec::new(), Compression::default());
            e.write_all(&text).unwrap();
            e.finish().unwrap()
        };
        let zlib = {
            let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
            e.write_all(&text).unwrap();
            e.finish().unwrap()
        };
        for chunk in [1, 7, 4096, usize::MAX] {
            assert_eq!(inflate_all(Framing::Gzip, &gz, chunk).unwrap(), text);
            assert_eq!(inflate_all(Framing::Zlib, &zlib, chunk).unwrap(), text);
        }
    }

    #[test]
    fn refuses_truncation_junk_and_a_bad_checksum() {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(b"hello").unwrap();
        let gz = e.finish().unwrap();
        assert!(inflate_all(Framing::Gzip, &gz[..gz.len() - 1], 3).is_err());
        let mut junk = gz.clone();
        junk.push(0);
        assert!(inflate_all(Framing::Gzip, &junk, 100).is_err());
        let mut bad = gz.clone();
        let n = bad.len();
        bad[n - 8] ^= 1;
        assert!(inflate_all(Framing::Gzip, &bad, 100).is_err());
        assert!(inflate_all(Framing::Zlib, b"not zlib", 100).is_err());
    }

    #[test]
    fn a_bomb_comes_out_in_pieces() {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::best());
        e.write_all(&vec![0u8; 8 << 20]).unwrap();
        let bomb = e.finish().unwrap();
        let mut inflater = Inflater::new(Framing::Zlib);
        let first = inflater.push(&bomb, 1 << 16, false).unwrap();
        assert!(first.len() <= 2 << 16, "{} bytes at once", first.len());
        assert_eq!(
            inflate_all(Framing::Zlib, &bomb, 1 << 20).unwrap().len(),
            8 << 20
        );
    }
}
