//! `binding('zlib')`: streaming compression in Rust for `node:zlib`. zlib-rs (a pure-Rust
//! port of zlib, reached through its zlib C API, libz-rs-sys) does deflate/inflate, gzip,
//! raw and auto-detected streams exactly as Node drives zlib; the brotli crate does
//! brotli. Each `createZlib` / `createBrotli` returns a handle whose
//! `write(flush, input, output)` (byte views) runs one step the way Node's native handle
//! does and returns `[availOutAfter, availInAfter]`, or throws an `Error` carrying Node's
//! `code` and `errno`. `node:zlib` drives it.

use brotli::enc::StandardAlloc;
use brotli::enc::encode::{
    BrotliEncoderDestroyInstance, BrotliEncoderOperation, BrotliEncoderParameter,
    BrotliEncoderStateStruct,
};
use brotli::{BrotliDecompressStream, BrotliResult, BrotliState};
use libz_rs_sys as z;
use rquickjs::{Ctx, Exception, Object, Result, TypedArray, Value};
use std::cell::RefCell;
use std::rc::Rc;

// Modes, as Node numbers them (`zlib.constants.DEFLATE` ...).
const DEFLATE: i32 = 1;
const INFLATE: i32 = 2;
const GZIP: i32 = 3;
const GUNZIP: i32 = 4;
const DEFLATERAW: i32 = 5;
const INFLATERAW: i32 = 6;
const UNZIP: i32 = 7;
const BROTLI_DECODE: i32 = 8;

const Z_OK: i32 = 0;
const Z_STREAM_END: i32 = 1;
const Z_NEED_DICT: i32 = 2;
const Z_DATA_ERROR: i32 = -3;
const Z_BUF_ERROR: i32 = -5;
const Z_FINISH: i32 = 4;

const GZIP_ID1: u8 = 0x1f;
const GZIP_ID2: u8 = 0x8b;

/// A Node-shaped failure of one step: message, `code`, `errno`.
struct StepError {
    message: String,
    code: String,
    errno: i32,
}

/// How much of the input and output one step used.
struct Step {
    consumed: usize,
    written: usize,
}

/// zlib's name for a return code, as Node puts it in `error.code`.
fn zlib_code_name(code: i32) -> &'static str {
    match code {
        0 => "Z_OK",
        1 => "Z_STREAM_END",
        2 => "Z_NEED_DICT",
        -1 => "Z_ERRNO",
        -2 => "Z_STREAM_ERROR",
        -3 => "Z_DATA_ERROR",
        -4 => "Z_MEM_ERROR",
        -5 => "Z_BUF_ERROR",
        -6 => "Z_VERSION_ERROR",
        _ => "Z_UNKNOWN_ERROR",
    }
}

/// The zlib side: one of the seven deflate/inflate modes over a zlib stream. The stream is
/// boxed because zlib's state points back at it.
struct ZlibCodec {
    mode: i32,
    strm: Box<z::z_stream>,
    dictionary: Vec<u8>,
    /// The last return code, for the error check after a step.
    err: i32,
    /// For `Unzip`: how many of the two gzip magic bytes have been seen.
    gzip_id_bytes_read: u8,
}

impl ZlibCodec {
    /// Initializes as Node does; `None` when zlib refuses the parameters or dictionary.
    fn new(
        mode: i32,
        window_bits: i32,
        level: i32,
        mem_level: i32,
        strategy: i32,
        dictionary: Vec<u8>,
    ) -> Option<Self> {
        if !(DEFLATE..=UNZIP).contains(&mode) {
            return None;
        }
        // zlib treats an 8-bit window as 9 (its 256-byte window is unsupported) but refuses
        // 8 for raw and gzip streams; Node's zlib takes it everywhere, so widen it here.
        let bits = if window_bits == 8 { 9 } else { window_bits };
        let window_bits = match mode {
            GZIP | GUNZIP => bits + 16,
            UNZIP => bits + 32,
            DEFLATERAW | INFLATERAW => -bits,
            _ => bits,
        };
        let mut codec = ZlibCodec {
            mode,
            strm: Box::default(),
            dictionary,
            err: Z_OK,
            gzip_id_bytes_read: 0,
        };
        let version = z::zlibVersion();
        let size = std::mem::size_of::<z::z_stream>() as i32;
        let strm: *mut z::z_stream = &mut *codec.strm;
        // SAFETY: `strm` is a default-initialized, boxed stream that stays put.
        let err = unsafe {
            if codec.compresses() {
                z::deflateInit2_(
                    strm,
                    level,
                    z::Z_DEFLATED,
                    window_bits,
                    mem_level,
                    strategy,
                    version,
                    size,
                )
            } else {
                z::inflateInit2_(strm, window_bits, version, size)
            }
        };
        if err != Z_OK {
            return None;
        }
        (codec.set_dictionary() == Z_OK).then_some(codec)
    }

    fn compresses(&self) -> bool {
        matches!(self.mode, DEFLATE | GZIP | DEFLATERAW)
    }

    /// Loads the dictionary where zlib takes it up front (zlib and gzip inflaters get it
    /// when the stream asks for it).
    fn set_dictionary(&mut self) -> i32 {
        if self.dictionary.is_empty() {
            return Z_OK;
        }
        let (dict, len) = (self.dictionary.as_ptr(), self.dictionary.len() as u32);
        // SAFETY: the stream is initialized; the dictionary outlives the call.
        unsafe {
            match self.mode {
                DEFLATE | DEFLATERAW => z::deflateSetDictionary(&mut *self.strm, dict, len),
                INFLATERAW => z::inflateSetDictionary(&mut *self.strm, dict, len),
                _ => Z_OK,
            }
        }
    }

    fn reset(&mut self) -> bool {
        self.err = Z_OK;
        // SAFETY: the stream is initialized.
        let err = unsafe {
            match self.mode {
                DEFLATE | DEFLATERAW | GZIP => z::deflateReset(&mut *self.strm),
                INFLATE | INFLATERAW | GUNZIP => z::inflateReset(&mut *self.strm),
                _ => Z_OK,
            }
        };
        err == Z_OK && self.set_dictionary() == Z_OK
    }

    /// New level and strategy; as in Node, only deflate and raw deflate streams take them
    /// (for the others this does nothing).
    fn params(&mut self, level: i32, strategy: i32) -> bool {
        if !matches!(self.mode, DEFLATE | DEFLATERAW) {
            return true;
        }
        // deflateParams may flush through deflate(), which wants an output pointer; no room
        // is needed after the sync flush node:zlib does first.
        let mut scratch = [0u8; 1];
        self.strm.next_in = scratch.as_ptr();
        self.strm.avail_in = 0;
        self.strm.next_out = scratch.as_mut_ptr();
        self.strm.avail_out = 0;
        // SAFETY: the stream is initialized and its buffers point at `scratch`.
        let err = unsafe { z::deflateParams(&mut *self.strm, level, strategy) };
        self.detach_buffers();
        err == Z_OK || err == Z_BUF_ERROR
    }

    fn detach_buffers(&mut self) {
        self.strm.next_in = std::ptr::null();
        self.strm.avail_in = 0;
        self.strm.next_out = std::ptr::null_mut();
        self.strm.avail_out = 0;
    }

    /// Sniffs the gzip magic for `Unzip`, as Node does before handing bytes to zlib (which
    /// auto-detects the header itself; this only decides the mode for what follows).
    fn sniff_gzip(&mut self, input: &[u8]) {
        let mut bytes = input.iter();
        if self.gzip_id_bytes_read == 0 {
            match bytes.next() {
                None => return,
                Some(&GZIP_ID1) => self.gzip_id_bytes_read = 1,
                Some(_) => {
                    self.mode = INFLATE;
                    return;
                }
            }
        }
        match bytes.next() {
            None => {}
            Some(&GZIP_ID2) => {
                self.gzip_id_bytes_read = 2;
                self.mode = GUNZIP;
            }
            Some(_) => self.mode = INFLATE,
        }
    }

    fn write(
        &mut self,
        flush: i32,
        input: &[u8],
        output: &mut [u8],
    ) -> std::result::Result<Step, StepError> {
        self.strm.next_in = input.as_ptr();
        self.strm.avail_in = input.len() as u32;
        self.strm.next_out = output.as_mut_ptr();
        self.strm.avail_out = output.len() as u32;
        if self.mode == UNZIP {
            self.sniff_gzip(input);
        }
        let strm: *mut z::z_stream = &mut *self.strm;
        // SAFETY: the stream is initialized and points at `input` / `output`, which live
        // for the whole step.
        unsafe {
            if self.compresses() {
                self.err = z::deflate(strm, flush);
            } else {
                self.err = z::inflate(strm, flush);
                if self.mode != INFLATERAW && self.err == Z_NEED_DICT && !self.dictionary.is_empty()
                {
                    let (dict, len) = (self.dictionary.as_ptr(), self.dictionary.len() as u32);
                    self.err = z::inflateSetDictionary(strm, dict, len);
                    if self.err == Z_OK {
                        self.err = z::inflate(strm, flush);
                    } else if self.err == Z_DATA_ERROR {
                        // A dictionary that does not match: report it as such, not as bad input.
                        self.err = Z_NEED_DICT;
                    }
                }
                // More gzip members may follow one that ended; trailing zeros are padding.
                while (*strm).avail_in > 0
                    && self.mode == GUNZIP
                    && self.err == Z_STREAM_END
                    && *(*strm).next_in != 0
                {
                    z::inflateReset(strm);
                    self.err = z::inflate(strm, flush);
                }
            }
        }
        let step = Step {
            consumed: input.len() - self.strm.avail_in as usize,
            written: output.len() - self.strm.avail_out as usize,
        };
        let failure = match self.err {
            Z_OK | Z_BUF_ERROR if self.strm.avail_out != 0 && flush == Z_FINISH => {
                Some("unexpected end of file")
            }
            Z_OK | Z_BUF_ERROR | Z_STREAM_END => None,
            Z_NEED_DICT if self.dictionary.is_empty() => Some("Missing dictionary"),
            Z_NEED_DICT => Some("Bad dictionary"),
            _ => Some("Zlib error"),
        };
        let error = failure.map(|fallback| self.error(fallback));
        self.detach_buffers();
        match error {
            Some(error) => Err(error),
            None => Ok(step),
        }
    }

    /// The error for the last step: zlib's own message when it gave one.
    fn error(&self, fallback: &str) -> StepError {
        let message = if self.strm.msg.is_null() {
            fallback.to_string()
        } else {
            // SAFETY: zlib's messages are static NUL-terminated strings.
            unsafe { std::ffi::CStr::from_ptr(self.strm.msg) }
                .to_string_lossy()
                .into_owned()
        };
        StepError {
            message,
            code: zlib_code_name(self.err).to_string(),
            errno: self.err,
        }
    }
}

impl Drop for ZlibCodec {
    fn drop(&mut self) {
        // A failed init leaves no state to end.
        if self.strm.state.is_null() {
            return;
        }
        // SAFETY: the stream was initialized and is ended once.
        unsafe {
            if self.compresses() {
                z::deflateEnd(&mut *self.strm);
            } else {
                z::inflateEnd(&mut *self.strm);
            }
        }
    }
}

type BrotliDecoder = BrotliState<StandardAlloc, StandardAlloc, StandardAlloc>;

/// A brotli encoder, released through the crate's destructor function (the encoder has no
/// `Drop` of its own).
struct Encoder(Box<BrotliEncoderStateStruct<StandardAlloc>>);

impl Drop for Encoder {
    fn drop(&mut self) {
        BrotliEncoderDestroyInstance(&mut self.0);
    }
}

/// The brotli side: an encoder or a decoder.
enum BrotliCodec {
    Encode {
        state: Encoder,
        params: Vec<u32>,
    },
    Decode {
        state: Box<BrotliDecoder>,
        /// The last result, to tell a truncated stream at the final flush.
        last: BrotliResult,
    },
}

/// `BROTLI_PARAM_*` ids (0..=6) to the encoder's parameters; ids Node knows but the crate
/// does not take (NPOSTFIX, NDIRECT) fail initialization.
fn encoder_param(id: usize) -> Option<BrotliEncoderParameter> {
    use BrotliEncoderParameter::*;
    Some(match id {
        0 => BROTLI_PARAM_MODE,
        1 => BROTLI_PARAM_QUALITY,
        2 => BROTLI_PARAM_LGWIN,
        3 => BROTLI_PARAM_LGBLOCK,
        4 => BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING,
        5 => BROTLI_PARAM_SIZE_HINT,
        6 => BROTLI_PARAM_LARGE_WINDOW,
        _ => return None,
    })
}

/// Sentinel for a parameter the caller left unset.
const UNSET: u32 = u32::MAX;

/// How many `BROTLI_DECODER_PARAM_*` ids there are.
const DECODER_PARAMS: usize = 2;

impl BrotliCodec {
    fn new(mode: i32, params: Vec<u32>) -> Option<Self> {
        if mode == BROTLI_DECODE {
            // The decoder's two parameters (ring-buffer reallocation, large window) need no
            // setting: it always accepts large windows and sizes its ring buffer itself.
            // Other ids are refused, as brotli's decoder does.
            if params
                .iter()
                .skip(DECODER_PARAMS)
                .any(|&value| value != UNSET)
            {
                return None;
            }
            return Some(BrotliCodec::Decode {
                state: Self::decoder(),
                last: BrotliResult::NeedsMoreInput,
            });
        }
        let state = Self::encoder(&params)?;
        Some(BrotliCodec::Encode { state, params })
    }

    fn decoder() -> Box<BrotliDecoder> {
        Box::new(BrotliState::new(
            StandardAlloc::default(),
            StandardAlloc::default(),
            StandardAlloc::default(),
        ))
    }

    fn encoder(params: &[u32]) -> Option<Encoder> {
        let mut state = Encoder(Box::new(BrotliEncoderStateStruct::new(
            StandardAlloc::default(),
        )));
        for (id, &value) in params.iter().enumerate() {
            if value != UNSET && !state.0.set_parameter(encoder_param(id)?, value) {
                return None;
            }
        }
        Some(state)
    }

    fn reset(&mut self) -> bool {
        match self {
            BrotliCodec::Encode { state, params } => match Self::encoder(params) {
                Some(fresh) => {
                    *state = fresh;
                    true
                }
                None => false,
            },
            BrotliCodec::Decode { state, last } => {
                *state = Self::decoder();
                *last = BrotliResult::NeedsMoreInput;
                true
            }
        }
    }

    fn write(
        &mut self,
        flush: i32,
        input: &[u8],
        output: &mut [u8],
    ) -> std::result::Result<Step, StepError> {
        let mut available_in = input.len();
        let mut input_offset = 0;
        let mut available_out = output.len();
        let mut output_offset = 0;
        match self {
            BrotliCodec::Encode { state, .. } => {
                let op = match flush {
                    1 => BrotliEncoderOperation::BROTLI_OPERATION_FLUSH,
                    2 => BrotliEncoderOperation::BROTLI_OPERATION_FINISH,
                    3 => BrotliEncoderOperation::BROTLI_OPERATION_EMIT_METADATA,
                    _ => BrotliEncoderOperation::BROTLI_OPERATION_PROCESS,
                };
                let mut total_out = None;
                let ok = state.0.compress_stream(
                    op,
                    &mut available_in,
                    input,
                    &mut input_offset,
                    &mut available_out,
                    output,
                    &mut output_offset,
                    &mut total_out,
                    &mut |_, _, _, _| (),
                );
                if !ok {
                    return Err(StepError {
                        message: "Compression failed".into(),
                        code: "ERR_BROTLI_COMPRESSION_FAILED".into(),
                        errno: -1,
                    });
                }
            }
            BrotliCodec::Decode { state, last } => {
                let mut total_out = 0;
                *last = BrotliDecompressStream(
                    &mut available_in,
                    &mut input_offset,
                    input,
                    &mut available_out,
                    &mut output_offset,
                    output,
                    &mut total_out,
                    state,
                );
                if matches!(last, BrotliResult::ResultFailure) {
                    // `BROTLI_DECODER_ERROR_FORMAT_PADDING_1` → `ERR__ERROR_FORMAT_PADDING_1`,
                    // the code Node derives from brotli's error string.
                    let name = format!("{:?}", state.error_code);
                    return Err(StepError {
                        message: "Decompression failed".into(),
                        code: format!("ERR_{}", name.trim_start_matches("BROTLI_DECODER")),
                        errno: state.error_code as i32,
                    });
                }
                if flush == 2 && matches!(last, BrotliResult::NeedsMoreInput) {
                    return Err(StepError {
                        message: "unexpected end of file".into(),
                        code: "Z_BUF_ERROR".into(),
                        errno: Z_BUF_ERROR,
                    });
                }
            }
        }
        Ok(Step {
            consumed: input_offset,
            written: output_offset,
        })
    }
}

enum Codec {
    Zlib(ZlibCodec),
    Brotli(BrotliCodec),
}

impl Codec {
    fn write(
        &mut self,
        flush: i32,
        input: &[u8],
        output: &mut [u8],
    ) -> std::result::Result<Step, StepError> {
        match self {
            Codec::Zlib(codec) => codec.write(flush, input, output),
            Codec::Brotli(codec) => codec.write(flush, input, output),
        }
    }

    fn reset(&mut self) -> bool {
        match self {
            Codec::Zlib(codec) => codec.reset(),
            Codec::Brotli(codec) => codec.reset(),
        }
    }
}

fn throw_step_error(ctx: &Ctx<'_>, error: StepError) -> rquickjs::Error {
    match Exception::from_message(ctx.clone(), &error.message) {
        Ok(exception) => {
            let object = exception.as_object();
            if object
                .set("errno", error.errno)
                .and_then(|_| object.set("code", error.code))
                .is_err()
            {
                return rquickjs::Error::Exception;
            }
            ctx.throw(exception.into_value())
        }
        Err(e) => e,
    }
}

/// The handle object `node:zlib` keeps as `_handle`.
fn handle<'js>(ctx: &Ctx<'js>, codec: Codec) -> Result<Object<'js>> {
    let codec = Rc::new(RefCell::new(Some(codec)));
    let object = Object::new(ctx.clone())?;
    let c = codec.clone();
    super::set_fn(
        ctx,
        &object,
        "write",
        move |ctx: Ctx<'js>,
              flush: i32,
              input: TypedArray<'js, u8>,
              output: TypedArray<'js, u8>| {
            let mut codec = c.borrow_mut();
            let codec = codec
                .as_mut()
                .ok_or_else(|| Exception::throw_message(&ctx, "zlib binding closed"))?;
            let (Some(in_raw), Some(out_raw)) = (input.as_raw(), output.as_raw()) else {
                return Err(Exception::throw_type(&ctx, "zlib buffer is detached"));
            };
            let (in_start, in_len) = (in_raw.as_ptr() as *const u8 as usize, in_raw.len());
            let (out_start, out_len) = (out_raw.as_ptr() as *mut u8 as usize, out_raw.len());
            if in_len > 0
                && out_len > 0
                && in_start < out_start + out_len
                && out_start < in_start + in_len
            {
                return Err(Exception::throw_range(
                    &ctx,
                    "zlib input and output overlap",
                ));
            }
            // SAFETY: the two views do not overlap, and no JavaScript runs while the slices
            // live, so neither buffer can be detached or resized.
            let (input, output) = unsafe {
                (
                    std::slice::from_raw_parts(in_start as *const u8, in_len),
                    std::slice::from_raw_parts_mut(out_start as *mut u8, out_len),
                )
            };
            let step = codec
                .write(flush, input, output)
                .map_err(|e| throw_step_error(&ctx, e))?;
            Ok::<_, rquickjs::Error>(vec![
                (out_len - step.written) as u32,
                (in_len - step.consumed) as u32,
            ])
        },
    )?;
    let c = codec.clone();
    super::set_fn(ctx, &object, "reset", move |ctx: Ctx<'js>| {
        let reset = c.borrow_mut().as_mut().is_some_and(Codec::reset);
        if reset {
            Ok(())
        } else {
            Err(Exception::throw_message(&ctx, "Failed to reset stream"))
        }
    })?;
    let c = codec.clone();
    super::set_fn(
        ctx,
        &object,
        "params",
        move |ctx: Ctx<'js>, level: i32, strategy: i32| {
            let mut codec = c.borrow_mut();
            let set = match codec.as_mut() {
                Some(Codec::Zlib(zlib)) => zlib.params(level, strategy),
                _ => false,
            };
            if set {
                Ok(())
            } else {
                Err(Exception::throw_message(&ctx, "Failed to set parameters"))
            }
        },
    )?;
    let c = codec;
    super::set_fn(ctx, &object, "close", move || {
        c.borrow_mut().take();
    })?;
    Ok(object)
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    super::set_fn(
        ctx,
        &o,
        "createZlib",
        |ctx: Ctx<'js>,
         mode: i32,
         window_bits: i32,
         level: i32,
         mem_level: i32,
         strategy: i32,
         dictionary: Option<TypedArray<'js, u8>>| {
            let dictionary = dictionary
                .map(|d| super::bytes(&d).to_vec())
                .unwrap_or_default();
            match ZlibCodec::new(mode, window_bits, level, mem_level, strategy, dictionary) {
                Some(codec) => handle(&ctx, Codec::Zlib(codec)).map(Value::from),
                None => Ok(Value::new_null(ctx)),
            }
        },
    )?;
    super::set_fn(
        ctx,
        &o,
        "createBrotli",
        |ctx: Ctx<'js>, mode: i32, params: TypedArray<'js, u32>| {
            // SAFETY: copied before any JavaScript runs.
            let params = unsafe { params.as_slice() }.to_vec();
            match BrotliCodec::new(mode, params) {
                Some(codec) => handle(&ctx, Codec::Brotli(codec)).map(Value::from),
                None => Ok(Value::new_null(ctx)),
            }
        },
    )?;
    // As a double: JavaScript sees a u32 above 2^31 as a negative int otherwise.
    super::set_fn(ctx, &o, "crc32", |data: TypedArray<'js, u8>, value: f64| {
        let bytes = super::bytes(&data);
        // The C API takes at most 4 GiB a call; chain the calls over longer inputs.
        bytes
            .chunks(u32::MAX as usize)
            .fold(value as u32, |crc, chunk| {
                // SAFETY: the pointer and length describe `chunk`.
                unsafe { z::crc32(crc, chunk.as_ptr(), chunk.len() as u32) as u32 }
            }) as f64
    })?;
    Ok(o)
}
