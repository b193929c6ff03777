//! The native half of `js/node/zlib.js` (Node's `zlib`): one codec per stream or call,
//! zlib's formats over zlib-rs (pure Rust, a port of zlib-ng: its messages are zlib's) and
//! brotli over Dropbox's pure-Rust `brotli`. The JS side validates options (Node's errors)
//! before anything reaches here; this side still refuses what would make a codec panic.
use brotli::enc::encode::{BrotliEncoderOperation, BrotliEncoderStateStruct};
use brotli::enc::StandardAlloc;
use brotli::{BrotliDecompressStream, BrotliResult, BrotliState, HeapAlloc, HuffmanCode};
use rquickjs::class::{JsClass, Trace, Tracer};
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Array, Class, Constructor, Ctx, Exception, Function, JsLifetime, Object};
use rquickjs::{TypedArray, Value};
use zlib_rs::{
    Deflate, DeflateConfig, DeflateFlush, Inflate, InflateError, InflateFlush, Status, Strategy,
};

use crate::bytes::with_bytes_of;

/// `isapi:native/zlib`: `create`, `createBrotli`, `process`, `reset`, `setLevel`, `crc32`.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        for name in [
            "create",
            "createBrotli",
            "process",
            "reset",
            "setLevel",
            "crc32",
        ] {
            declare.declare(name)?;
        }
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("create", Function::new(ctx.clone(), create)?)?;
        exports.export("createBrotli", Function::new(ctx.clone(), create_brotli)?)?;
        exports.export("process", Function::new(ctx.clone(), process)?)?;
        exports.export("reset", Function::new(ctx.clone(), reset)?)?;
        exports.export("setLevel", Function::new(ctx.clone(), set_level)?)?;
        exports.export("crc32", Function::new(ctx.clone(), crc32)?)?;
        Ok(())
    }
}

// Node's modes (zlib.constants.INFLATE …; DEFLATE is 1).
const INFLATE: u8 = 2;
const GZIP: u8 = 3;
const GUNZIP: u8 = 4;
const DEFLATERAW: u8 = 5;
const INFLATERAW: u8 = 6;
const UNZIP: u8 = 7;

const Z_FINISH: i32 = 4;
const Z_NEED_DICT: i32 = 2;
const Z_BUF_ERROR: i32 = -5;
const BROTLI_OPERATION_FINISH: i32 = 2;
/// `process`'s errno when the output passed `limit` (maxOutputLength): not a zlib code.
const TOO_LARGE: i32 = 1000;

type Decoder = BrotliState<HeapAlloc<u8>, HeapAlloc<u32>, HeapAlloc<HuffmanCode>>;

/// One stream's compressor or decompressor, owned by its JS object (freed with it).
pub(crate) struct Codec(Engine);

enum Engine {
    Deflate(Box<Deflate>),
    Inflate(Box<Inflater>),
    BrotliEncode(Box<BrotliEncoderStateStruct<StandardAlloc>>),
    BrotliDecode(Box<Decoder>),
}

/// A zlib-format decompressor with what Node's adds: a gzip input may hold several
/// members, `unzip` tells gzip from zlib by the first bytes, and a dictionary is given
/// when the stream asks for it.
struct Inflater {
    mode: u8,
    window_bits: u8,
    dictionary: Vec<u8>,
    inflate: Inflate,
    /// The gzip magic bytes seen so far in `unzip` mode (Node's rule for switching to gunzip).
    magic_seen: u8,
    ended: bool,
}

impl Inflater {
    fn fresh(mode: u8, window_bits: u8) -> Inflate {
        match mode {
            GUNZIP => Inflate::new(true, 16 + window_bits),
            UNZIP => Inflate::new(true, 32 + window_bits),
            INFLATERAW => Inflate::new(false, window_bits),
            _ => Inflate::new(true, window_bits),
        }
    }
}

// SAFETY: `Codec` holds no JS values, so its lifetime does not depend on 'js.
unsafe impl<'js> JsLifetime<'js> for Codec {
    type Changed<'to> = Codec;
}

impl<'js> Trace<'js> for Codec {
    fn trace<'a>(&self, _tracer: Tracer<'a, 'js>) {}
}

impl<'js> JsClass<'js> for Codec {
    const NAME: &'static str = "ZlibCodec";
    type Mutable = rquickjs::class::Writable;

    fn constructor(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<Constructor<'js>>> {
        Ok(None)
    }

    fn prototype(ctx: &Ctx<'js>) -> rquickjs::Result<Option<Object<'js>>> {
        Object::new(ctx.clone()).map(Some)
    }
}

fn range_error(ctx: &Ctx<'_>, message: &str) -> rquickjs::Error {
    Exception::throw_range(ctx, message)
}

/// A zlib-format codec. `window_bits` 0 (inflate only) takes the size from the stream.
fn create<'js>(
    ctx: Ctx<'js>,
    mode: u8,
    level: i32,
    window_bits: u8,
    mem_level: i32,
    strategy: i32,
    dictionary: Value<'js>,
) -> rquickjs::Result<Class<'js, Codec>> {
    let dictionary = if dictionary.is_undefined() || dictionary.is_null() {
        Vec::new()
    } else {
        with_bytes_of(&ctx, &dictionary, <[u8]>::to_vec)?
    };
    let inflating = matches!(mode, INFLATE | GUNZIP | INFLATERAW | UNZIP);
    let bits_ok = (8..=15).contains(&window_bits) || (inflating && window_bits == 0);
    if !bits_ok
        || !(-1..=9).contains(&level)
        || !(1..=9).contains(&mem_level)
        || !(0..=4).contains(&strategy)
    {
        return Err(range_error(&ctx, "Init error"));
    }
    let engine = if inflating {
        // zlib reads a raw stream's window size from nowhere: 0 is an error there.
        let window_bits = if window_bits == 0 && mode == INFLATERAW {
            return Err(range_error(&ctx, "Init error"));
        } else {
            window_bits
        };
        let mut inflate = Inflater::fresh(mode, window_bits);
        if mode == INFLATERAW
            && !dictionary.is_empty()
            && inflate.set_dictionary(&dictionary).is_err()
        {
            return Err(range_error(&ctx, "Failed to set dictionary"));
        }
        Engine::Inflate(Box::new(Inflater {
            mode,
            window_bits,
            dictionary,
            inflate,
            magic_seen: 0,
            ended: false,
        }))
    } else {
        // zlib turns a window of 8 into 9 for the zlib format and refuses it for the others.
        let bits = i32::from(window_bits.max(9));
        let config = DeflateConfig {
            level,
            window_bits: match mode {
                GZIP => bits + 16,
                DEFLATERAW => -bits,
                _ => bits,
            },
            mem_level,
            strategy: match strategy {
                1 => Strategy::Filtered,
                2 => Strategy::HuffmanOnly,
                3 => Strategy::Rle,
                4 => Strategy::Fixed,
                _ => Strategy::Default,
            },
            ..DeflateConfig::default()
        };
        let mut deflate = Deflate::new_with_config(config);
        if !dictionary.is_empty() && deflate.set_dictionary(&dictionary).is_err() {
            return Err(range_error(&ctx, "Failed to set dictionary"));
        }
        Engine::Deflate(Box::new(deflate))
    };
    Class::instance(ctx, Codec(engine))
}

/// A brotli codec; `params` is `[key, value, key, value, …]` (keys already checked).
/// False when the encoder refuses a parameter (Node's "Initialization failed").
fn create_brotli<'js>(
    ctx: Ctx<'js>,
    encode: bool,
    params: Vec<u32>,
) -> rquickjs::Result<Value<'js>> {
    let engine = if encode {
        let mut encoder = BrotliEncoderStateStruct::new(StandardAlloc::default());
        for pair in params.chunks_exact(2) {
            let Some(param) = brotli_param(pair[0]) else {
                continue;
            };
            if !encoder.set_parameter(param, pair[1]) {
                return Ok(Value::new_bool(ctx, false));
            }
        }
        Engine::BrotliEncode(Box::new(encoder))
    } else {
        let mut decoder = BrotliState::new(
            HeapAlloc::<u8>::new(0),
            HeapAlloc::<u32>::new(0),
            HeapAlloc::<HuffmanCode>::new(HuffmanCode::default()),
        );
        // Node's decoder reads standard brotli unless BROTLI_DECODER_PARAM_LARGE_WINDOW (1).
        decoder.large_window = params
            .chunks_exact(2)
            .any(|pair| pair[0] == 1 && pair[1] != 0);
        Engine::BrotliDecode(Box::new(decoder))
    };
    Class::instance(ctx, Codec(engine)).map(|c| c.into_value())
}

/// The encoder parameters Node's constants name (BROTLI_PARAM_*: 0 to 8); None for those
/// this encoder has no setting for (it chooses them itself).
fn brotli_param(key: u32) -> Option<brotli::enc::encode::BrotliEncoderParameter> {
    use brotli::enc::encode::BrotliEncoderParameter as P;
    Some(match key {
        0 => P::BROTLI_PARAM_MODE,
        1 => P::BROTLI_PARAM_QUALITY,
        2 => P::BROTLI_PARAM_LGWIN,
        3 => P::BROTLI_PARAM_LGBLOCK,
        4 => P::BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING,
        5 => P::BROTLI_PARAM_SIZE_HINT,
        6 => P::BROTLI_PARAM_LARGE_WINDOW,
        // NPOSTFIX and NDIRECT (7, 8) tune the distance code; this encoder picks its own.
        _ => return None,
    })
}

/// What one `process` call gives: output chunks, and an error (errno 0: none).
struct Outcome {
    chunks: Vec<Vec<u8>>,
    errno: i32,
    message: String,
    code: String,
}

impl Outcome {
    fn error(&mut self, errno: i32, message: &str, code: &str) {
        self.errno = errno;
        self.message = message.into();
        self.code = code.into();
    }
}

/// Collects output in chunks of `size` bytes (the last one shorter).
struct Chunks {
    size: usize,
    done: Vec<Vec<u8>>,
    current: Vec<u8>,
    total: usize,
}

impl Chunks {
    fn new(size: usize) -> Self {
        Chunks {
            size: size.max(64),
            done: Vec::new(),
            current: Vec::new(),
            total: 0,
        }
    }

    /// Room to write into: the unfilled end of the current chunk (a new one if it is full).
    fn room(&mut self) -> &mut [u8] {
        if self.current.len() == self.size {
            self.done.push(std::mem::take(&mut self.current));
        }
        if self.current.capacity() < self.size {
            self.current.reserve_exact(self.size - self.current.len());
        }
        let filled = self.current.len();
        self.current.resize(self.size, 0);
        &mut self.current[filled..]
    }

    /// After writing `written` bytes into `room()`.
    fn wrote(&mut self, room: usize, written: usize) {
        let unused = room - written;
        self.current.truncate(self.current.len() - unused);
        self.total += written;
    }

    fn full(&self) -> bool {
        self.current.len() == self.size
    }

    fn finish(mut self) -> Vec<Vec<u8>> {
        if !self.current.is_empty() {
            self.done.push(self.current);
        }
        self.done
    }
}

/// Feeds `input` with Node's flush value `flush`; the output comes in chunks of at most
/// `chunk_size` bytes. Stops with errno 1000 once the output passes `limit` bytes.
/// Returns `[chunks, errno, message, code]`.
fn process<'js>(
    ctx: Ctx<'js>,
    codec: Class<'js, Codec>,
    input: Value<'js>,
    flush: i32,
    chunk_size: f64,
    limit: f64,
) -> rquickjs::Result<Array<'js>> {
    let mut codec = codec.try_borrow_mut()?;
    let chunk_size = if chunk_size.is_finite() && chunk_size >= 64.0 {
        chunk_size.min(1e9) as usize
    } else {
        16 * 1024
    };
    let limit = if limit.is_finite() && limit >= 0.0 {
        limit as usize
    } else {
        usize::MAX
    };
    let outcome = with_bytes_of(&ctx, &input, |input| {
        let mut chunks = Chunks::new(chunk_size);
        let mut outcome = Outcome {
            chunks: Vec::new(),
            errno: 0,
            message: String::new(),
            code: String::new(),
        };
        match &mut codec.0 {
            Engine::Deflate(d) => deflate(d, input, flush, &mut chunks, limit, &mut outcome),
            Engine::Inflate(i) => inflate(i, input, flush, &mut chunks, limit, &mut outcome),
            Engine::BrotliEncode(e) => {
                brotli_encode(e, input, flush, &mut chunks, limit, &mut outcome)
            }
            Engine::BrotliDecode(d) => {
                brotli_decode(d, input, flush, &mut chunks, limit, &mut outcome)
            }
        }
        outcome.chunks = chunks.finish();
        outcome
    })?;
    let result = Array::new(ctx.clone())?;
    let list = Array::new(ctx.clone())?;
    for (i, chunk) in outcome.chunks.into_iter().enumerate() {
        list.set(i, TypedArray::<u8>::new(ctx.clone(), chunk)?)?;
    }
    result.set(0, list)?;
    result.set(1, outcome.errno)?;
    result.set(2, outcome.message)?;
    result.set(3, outcome.code)?;
    Ok(result)
}

fn too_large(chunks: &Chunks, limit: usize, outcome: &mut Outcome) -> bool {
    if chunks.total > limit {
        outcome.error(TOO_LARGE, "", "");
        return true;
    }
    false
}

fn deflate(
    d: &mut Deflate,
    input: &[u8],
    flush: i32,
    chunks: &mut Chunks,
    limit: usize,
    outcome: &mut Outcome,
) {
    let flush = DeflateFlush::try_from(flush).unwrap_or_default();
    let mut at = 0;
    loop {
        let room = chunks.room();
        let room_len = room.len();
        let before = (d.total_in(), d.total_out());
        let result = d.compress(&input[at..], room, flush);
        let used = usize::try_from(d.total_in() - before.0).unwrap_or(0);
        let written = usize::try_from(d.total_out() - before.1).unwrap_or(0);
        chunks.wrote(room_len, written);
        at = (at + used).min(input.len());
        match result {
            Err(error) => {
                let message = d.error_message().unwrap_or("Zlib error").to_owned();
                let errno = error as i32;
                outcome.error(errno, &message, zlib_code(errno));
                return;
            }
            Ok(Status::StreamEnd) => return,
            Ok(_) => {}
        }
        if too_large(chunks, limit, outcome) {
            return;
        }
        // zlib's rule: it has done all it can for this flush once output room is left over.
        if !chunks.full() {
            return;
        }
    }
}

fn zlib_code(errno: i32) -> &'static str {
    match errno {
        1 => "Z_STREAM_END",
        2 => "Z_NEED_DICT",
        -1 => "Z_ERRNO",
        -2 => "Z_STREAM_ERROR",
        -3 => "Z_DATA_ERROR",
        -4 => "Z_MEM_ERROR",
        -5 => "Z_BUF_ERROR",
        -6 => "Z_VERSION_ERROR",
        _ => "Z_OK",
    }
}

fn inflate(
    state: &mut Inflater,
    input: &[u8],
    flush: i32,
    chunks: &mut Chunks,
    limit: usize,
    outcome: &mut Outcome,
) {
    let flush_mode = InflateFlush::try_from(flush).unwrap_or_default();
    let mut at = 0;
    if state.mode == UNZIP {
        // Node switches `unzip` to gunzip once it has seen gzip's two magic bytes, so that
        // several gzip members decode as in gunzip.
        for &byte in input.iter().take(2) {
            match (state.magic_seen, byte) {
                (0, 0x1f) => state.magic_seen = 1,
                (1, 0x8b) => {
                    state.magic_seen = 2;
                    state.mode = GUNZIP;
                }
                (0 | 1, _) => state.magic_seen = 3,
                _ => {}
            }
        }
    }
    loop {
        if state.ended {
            // Node starts a new gzip member when one ends and more input (not zero bytes)
            // follows; anything after a zlib or raw stream is ignored.
            if state.mode == GUNZIP && at < input.len() && input[at] != 0 {
                state.inflate = Inflater::fresh(GUNZIP, state.window_bits);
                state.ended = false;
            } else {
                return;
            }
        }
        let room = chunks.room();
        let room_len = room.len();
        let before = (state.inflate.total_in(), state.inflate.total_out());
        let result = state.inflate.decompress(&input[at..], room, flush_mode);
        let used = usize::try_from(state.inflate.total_in() - before.0).unwrap_or(0);
        let written = usize::try_from(state.inflate.total_out() - before.1).unwrap_or(0);
        chunks.wrote(room_len, written);
        at = (at + used).min(input.len());
        match result {
            Ok(Status::StreamEnd) => {
                state.ended = true;
                continue;
            }
            Ok(_) => {}
            Err(InflateError::NeedDict { .. }) => {
                if state.dictionary.is_empty() {
                    outcome.error(Z_NEED_DICT, "Missing dictionary", "Z_NEED_DICT");
                    return;
                }
                let dictionary = std::mem::take(&mut state.dictionary);
                let set = state.inflate.set_dictionary(&dictionary);
                state.dictionary = dictionary;
                if set.is_err() {
                    outcome.error(Z_NEED_DICT, "Bad dictionary", "Z_NEED_DICT");
                    return;
                }
                continue;
            }
            Err(error) => {
                let errno = i32::from(ReturnCodeOf(error));
                let message = state.inflate.error_message().unwrap_or("Zlib error");
                outcome.error(errno, message, zlib_code(errno));
                return;
            }
        }
        if too_large(chunks, limit, outcome) {
            return;
        }
        if !chunks.full() {
            break;
        }
    }
    // Output room left and the stream not ended though told to finish: truncated input.
    if flush == Z_FINISH && !state.ended {
        let message = state
            .inflate
            .error_message()
            .unwrap_or("unexpected end of file");
        outcome.error(Z_BUF_ERROR, message, "Z_BUF_ERROR");
    }
}

/// zlib's return code of an inflate error.
struct ReturnCodeOf(InflateError);

impl From<ReturnCodeOf> for i32 {
    fn from(error: ReturnCodeOf) -> i32 {
        match error.0 {
            InflateError::NeedDict { .. } => 2,
            InflateError::StreamError => -2,
            InflateError::DataError => -3,
            InflateError::MemError => -4,
        }
    }
}

fn brotli_encode(
    e: &mut BrotliEncoderStateStruct<StandardAlloc>,
    input: &[u8],
    flush: i32,
    chunks: &mut Chunks,
    limit: usize,
    outcome: &mut Outcome,
) {
    let op = match flush {
        1 => BrotliEncoderOperation::BROTLI_OPERATION_FLUSH,
        BROTLI_OPERATION_FINISH => BrotliEncoderOperation::BROTLI_OPERATION_FINISH,
        _ => BrotliEncoderOperation::BROTLI_OPERATION_PROCESS,
    };
    let mut available_in = input.len();
    let mut in_offset = 0;
    loop {
        let room = chunks.room();
        let room_len = room.len();
        let mut available_out = room_len;
        let mut out_offset = 0;
        let mut total = None;
        let ok = e.compress_stream(
            op,
            &mut available_in,
            input,
            &mut in_offset,
            &mut available_out,
            room,
            &mut out_offset,
            &mut total,
            &mut |_, _, _, _| (),
        );
        chunks.wrote(room_len, out_offset);
        if !ok {
            outcome.error(-1, "Compression failed", "ERR_BROTLI_COMPRESSION_FAILED");
            return;
        }
        if too_large(chunks, limit, outcome) {
            return;
        }
        let done = match op {
            BrotliEncoderOperation::BROTLI_OPERATION_FINISH => e.is_finished(),
            _ => available_in == 0 && !e.has_more_output(),
        };
        if done && !chunks.full() {
            return;
        }
        // A finished encoder given more work makes no progress: stop rather than spin.
        if e.is_finished() && out_offset == 0 {
            return;
        }
    }
}

fn brotli_decode(
    d: &mut Decoder,
    input: &[u8],
    flush: i32,
    chunks: &mut Chunks,
    limit: usize,
    outcome: &mut Outcome,
) {
    let mut available_in = input.len();
    let mut in_offset = 0;
    let mut total = 0;
    loop {
        let room = chunks.room();
        let room_len = room.len();
        let mut available_out = room_len;
        let mut out_offset = 0;
        let result = BrotliDecompressStream(
            &mut available_in,
            &mut in_offset,
            input,
            &mut available_out,
            &mut out_offset,
            room,
            &mut total,
            d,
        );
        chunks.wrote(room_len, out_offset);
        match result {
            BrotliResult::ResultFailure => {
                let name = format!("{:?}", d.error_code);
                let code = format!("ERR_{}", name.trim_start_matches("BROTLI_DECODER"));
                outcome.error(d.error_code as i32, "Decompression failed", &code);
                return;
            }
            BrotliResult::ResultSuccess => return,
            BrotliResult::NeedsMoreInput => {
                if flush == BROTLI_OPERATION_FINISH {
                    outcome.error(Z_BUF_ERROR, "unexpected end of file", "Z_BUF_ERROR");
                }
                return;
            }
            BrotliResult::NeedsMoreOutput => {
                if too_large(chunks, limit, outcome) {
                    return;
                }
            }
        }
    }
}

/// Starts the codec over (Node's `reset()`), keeping its options.
fn reset<'js>(codec: Class<'js, Codec>) -> rquickjs::Result<()> {
    let mut codec = codec.try_borrow_mut()?;
    match &mut codec.0 {
        Engine::Deflate(d) => d.reset(),
        Engine::Inflate(i) => {
            if i.magic_seen == 2 {
                i.mode = UNZIP;
            }
            i.magic_seen = 0;
            i.inflate = Inflater::fresh(i.mode, i.window_bits);
            i.ended = false;
            if i.mode == INFLATERAW && !i.dictionary.is_empty() {
                let dictionary = std::mem::take(&mut i.dictionary);
                let _ = i.inflate.set_dictionary(&dictionary);
                i.dictionary = dictionary;
            }
        }
        // Brotli's streams have no reset: Node's reinitialises them.
        Engine::BrotliEncode(_) | Engine::BrotliDecode(_) => {}
    }
    Ok(())
}

/// Node's `params(level, strategy)` after its flush: zlib-rs changes the level only.
fn set_level<'js>(ctx: Ctx<'js>, codec: Class<'js, Codec>, level: i32) -> rquickjs::Result<()> {
    let mut codec = codec.try_borrow_mut()?;
    if let Engine::Deflate(d) = &mut codec.0 {
        if !(-1..=9).contains(&level) || d.set_level(level).is_err() {
            return Err(range_error(&ctx, "Failed to set parameters"));
        }
    }
    Ok(())
}

/// CRC-32 of `data` (a string's UTF-8 or bytes) continuing from `start`; a double, since
/// rquickjs would give a u32 above 2^31 to JS as a negative int32.
fn crc32<'js>(ctx: Ctx<'js>, data: Value<'js>, start: f64) -> rquickjs::Result<f64> {
    let start = start as u32;
    with_bytes_of(&ctx, &data, |bytes| {
        f64::from(zlib_rs::crc32::crc32(start, bytes))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(engine: &mut Engine, input: &[u8], flush: i32) -> (Vec<u8>, i32, String) {
        let mut chunks = Chunks::new(100);
        let mut outcome = Outcome {
            chunks: Vec::new(),
            errno: 0,
            message: String::new(),
            code: String::new(),
        };
        match engine {
            Engine::Deflate(d) => deflate(d, input, flush, &mut chunks, usize::MAX, &mut outcome),
            Engine::Inflate(i) => inflate(i, input, flush, &mut chunks, usize::MAX, &mut outcome),
            Engine::BrotliEncode(e) => {
                brotli_encode(e, input, flush, &mut chunks, usize::MAX, &mut outcome)
            }
            Engine::BrotliDecode(d) => {
                brotli_decode(d, input, flush, &mut chunks, usize::MAX, &mut outcome)
            }
        }
        for chunk in &outcome.chunks {
            assert!(chunk.len() <= 100);
        }
        (chunks.finish().concat(), outcome.errno, outcome.message)
    }

    fn inflater(mode: u8) -> Engine {
        Engine::Inflate(Box::new(Inflater {
            mode,
            window_bits: 15,
            dictionary: Vec::new(),
            inflate: Inflater::fresh(mode, 15),
            magic_seen: 0,
            ended: false,
        }))
    }

    #[test]
    fn gzip_round_trip_and_errors() {
        let text: Vec<u8> = (0..20_000u32).map(|i| (i % 97) as u8).collect();
        let mut gz = Engine::Deflate(Box::new(Deflate::new_with_config(DeflateConfig {
            window_bits: 31,
            ..DeflateConfig::default()
        })));
        let (packed, errno, _) = run(&mut gz, &text, Z_FINISH);
        assert_eq!(errno, 0);
        let (back, errno, _) = run(&mut inflater(GUNZIP), &packed, Z_FINISH);
        assert_eq!((back, errno), (text.clone(), 0));
        let (back, _, _) = run(&mut inflater(UNZIP), &packed, Z_FINISH);
        assert_eq!(back, text);
        let (_, errno, message) = run(&mut inflater(GUNZIP), &packed[..50], Z_FINISH);
        assert_eq!((errno, message.as_str()), (-5, "unexpected end of file"));
        let (_, errno, message) = run(&mut inflater(INFLATE), b"hello", Z_FINISH);
        assert_eq!((errno, message.as_str()), (-3, "incorrect header check"));
        let mut two = packed.clone();
        two.extend_from_slice(&packed);
        let (back, errno, _) = run(&mut inflater(GUNZIP), &two, Z_FINISH);
        assert_eq!((back.len(), errno), (text.len() * 2, 0));
    }

    #[test]
    fn brotli_round_trip_and_errors() {
        let text = b"brotli brotli brotli brotli".repeat(100);
        let mut enc = Engine::BrotliEncode(Box::new(BrotliEncoderStateStruct::new(
            StandardAlloc::default(),
        )));
        let (packed, errno, _) = run(&mut enc, &text, BROTLI_OPERATION_FINISH);
        assert_eq!(errno, 0);
        let decoder = || {
            Engine::BrotliDecode(Box::new(BrotliState::new(
                HeapAlloc::<u8>::new(0),
                HeapAlloc::<u32>::new(0),
                HeapAlloc::<HuffmanCode>::new(HuffmanCode::default()),
            )))
        };
        let (back, errno, _) = run(&mut decoder(), &packed, BROTLI_OPERATION_FINISH);
        assert_eq!((back, errno), (text.clone(), 0));
        let (_, errno, _) = run(&mut decoder(), &packed[..3], BROTLI_OPERATION_FINISH);
        assert_eq!(errno, -5);
    }
}
