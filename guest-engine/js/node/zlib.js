// node:zlib — deflate/inflate, gzip/gunzip, raw deflate, unzip and brotli as Transform
// streams, with the callback, promisifiable and *Sync convenience methods, `constants`,
// `codes` and `crc32`. The byte work is `binding('zlib')` (zlib-rs and the brotli crate);
// this module gives it Node's API: option validation, chunked output, flushing, params,
// reset/close, errors carrying zlib's `code` and `errno`, and `maxOutputLength`.

const { Buffer, kMaxLength } = require('buffer');
const Transform = require('internal/streams/transform');
const eos = require('internal/streams/end-of-stream');
const { isAnyArrayBuffer, isArrayBufferView } = require('util/types');
const {
  codes: {
    ERR_BROTLI_INVALID_PARAM,
    ERR_BUFFER_TOO_LARGE,
    ERR_INVALID_ARG_TYPE,
    ERR_OUT_OF_RANGE,
    ERR_ZLIB_INITIALIZATION_FAILED,
  },
  validateFunction,
  validateNumber,
  validateUint32,
} = require('internal/errors');

const native = binding('zlib');

const constants = {
  Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4, Z_BLOCK: 5,
  Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2,
  Z_DATA_ERROR: -3, Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6,
  Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1,
  Z_FILTERED: 1, Z_HUFFMAN_ONLY: 2, Z_RLE: 3, Z_FIXED: 4, Z_DEFAULT_STRATEGY: 0,
  ZLIB_VERNUM: 4880,
  DEFLATE: 1, INFLATE: 2, GZIP: 3, GUNZIP: 4, DEFLATERAW: 5, INFLATERAW: 6, UNZIP: 7,
  BROTLI_DECODE: 8, BROTLI_ENCODE: 9,
  Z_MIN_WINDOWBITS: 8, Z_MAX_WINDOWBITS: 15, Z_DEFAULT_WINDOWBITS: 15,
  Z_MIN_CHUNK: 64, Z_MAX_CHUNK: Infinity, Z_DEFAULT_CHUNK: 16384,
  Z_MIN_MEMLEVEL: 1, Z_MAX_MEMLEVEL: 9, Z_DEFAULT_MEMLEVEL: 8,
  Z_MIN_LEVEL: -1, Z_MAX_LEVEL: 9, Z_DEFAULT_LEVEL: -1,
  BROTLI_OPERATION_PROCESS: 0, BROTLI_OPERATION_FLUSH: 1, BROTLI_OPERATION_FINISH: 2,
  BROTLI_OPERATION_EMIT_METADATA: 3,
  BROTLI_PARAM_MODE: 0, BROTLI_MODE_GENERIC: 0, BROTLI_MODE_TEXT: 1, BROTLI_MODE_FONT: 2,
  BROTLI_DEFAULT_MODE: 0,
  BROTLI_PARAM_QUALITY: 1, BROTLI_MIN_QUALITY: 0, BROTLI_MAX_QUALITY: 11,
  BROTLI_DEFAULT_QUALITY: 11,
  BROTLI_PARAM_LGWIN: 2, BROTLI_MIN_WINDOW_BITS: 10, BROTLI_MAX_WINDOW_BITS: 24,
  BROTLI_LARGE_MAX_WINDOW_BITS: 30, BROTLI_DEFAULT_WINDOW: 22,
  BROTLI_PARAM_LGBLOCK: 3, BROTLI_MIN_INPUT_BLOCK_BITS: 16, BROTLI_MAX_INPUT_BLOCK_BITS: 24,
  BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING: 4, BROTLI_PARAM_SIZE_HINT: 5,
  BROTLI_PARAM_LARGE_WINDOW: 6, BROTLI_PARAM_NPOSTFIX: 7, BROTLI_PARAM_NDIRECT: 8,
  BROTLI_DECODER_RESULT_ERROR: 0, BROTLI_DECODER_RESULT_SUCCESS: 1,
  BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT: 2, BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: 3,
  BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION: 0,
  BROTLI_DECODER_PARAM_LARGE_WINDOW: 1,
  BROTLI_DECODER_NO_ERROR: 0, BROTLI_DECODER_SUCCESS: 1, BROTLI_DECODER_NEEDS_MORE_INPUT: 2,
  BROTLI_DECODER_NEEDS_MORE_OUTPUT: 3,
  BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE: -1,
  BROTLI_DECODER_ERROR_FORMAT_RESERVED: -2,
  BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE: -3,
  BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET: -4,
  BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME: -5,
  BROTLI_DECODER_ERROR_FORMAT_CL_SPACE: -6,
  BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE: -7,
  BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT: -8,
  BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1: -9,
  BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2: -10,
  BROTLI_DECODER_ERROR_FORMAT_TRANSFORM: -11,
  BROTLI_DECODER_ERROR_FORMAT_DICTIONARY: -12,
  BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS: -13,
  BROTLI_DECODER_ERROR_FORMAT_PADDING_1: -14,
  BROTLI_DECODER_ERROR_FORMAT_PADDING_2: -15,
  BROTLI_DECODER_ERROR_FORMAT_DISTANCE: -16,
  BROTLI_DECODER_ERROR_DICTIONARY_NOT_SET: -19,
  BROTLI_DECODER_ERROR_INVALID_ARGUMENTS: -20,
  BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES: -21,
  BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS: -22,
  BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP: -25,
  BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1: -26,
  BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2: -27,
  BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES: -30,
  BROTLI_DECODER_ERROR_UNREACHABLE: -31,
};
Object.freeze(constants);

const {
  Z_NO_FLUSH, Z_SYNC_FLUSH, Z_FULL_FLUSH, Z_FINISH, Z_BLOCK,
  Z_MIN_CHUNK, Z_DEFAULT_CHUNK, Z_MIN_WINDOWBITS, Z_MAX_WINDOWBITS, Z_DEFAULT_WINDOWBITS,
  Z_MIN_LEVEL, Z_MAX_LEVEL, Z_DEFAULT_COMPRESSION, Z_MIN_MEMLEVEL, Z_MAX_MEMLEVEL,
  Z_DEFAULT_MEMLEVEL, Z_DEFAULT_STRATEGY, Z_FIXED,
  DEFLATE, INFLATE, GZIP, GUNZIP, DEFLATERAW, INFLATERAW, UNZIP, BROTLI_DECODE, BROTLI_ENCODE,
  BROTLI_OPERATION_PROCESS, BROTLI_OPERATION_FLUSH, BROTLI_OPERATION_FINISH,
  BROTLI_OPERATION_EMIT_METADATA,
} = constants;

// zlib's return codes by name and by number.
const codes = {
  Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2,
  Z_DATA_ERROR: -3, Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6,
};
for (const name of Object.keys(codes)) codes[codes[name]] = name;
Object.freeze(codes);

// Valid `flush` / `finishFlush` values: zlib's Z_NO_FLUSH..Z_BLOCK, brotli's operations.
const ZLIB_FLUSH_RANGE = [Z_NO_FLUSH, Z_BLOCK];
const BROTLI_FLUSH_RANGE = [BROTLI_OPERATION_PROCESS, BROTLI_OPERATION_EMIT_METADATA];

const zlibDefaultFlags = { flush: Z_NO_FLUSH, finishFlush: Z_FINISH, fullFlush: Z_FULL_FLUSH };
const brotliDefaultFlags = {
  flush: BROTLI_OPERATION_PROCESS,
  finishFlush: BROTLI_OPERATION_FINISH,
  fullFlush: BROTLI_OPERATION_FLUSH,
};

// Brotli parameter ids are the values of the BROTLI_PARAM_* / BROTLI_DECODER_PARAM_* keys.
const kMaxBrotliParam = Math.max(...Object.keys(constants)
  .filter((key) => /^BROTLI_(DECODER_)?PARAM_/.test(key))
  .map((key) => constants[key]));
const kUnsetBrotliParam = 0xffffffff;

// Empty chunks written by flush(kind): the chunk carries the flush flag to _transform.
const kFlushFlag = Symbol('kFlushFlag');
const kError = Symbol('kError');
const kFlushBuffers = [];
for (let flag = 0; flag <= Math.max(Z_BLOCK, BROTLI_OPERATION_EMIT_METADATA); flag++) {
  kFlushBuffers[flag] = Buffer.alloc(0);
  kFlushBuffers[flag][kFlushFlag] = flag;
}

// How strong each flush flag is (Z_NO_FLUSH < Z_BLOCK < Z_PARTIAL_FLUSH < Z_SYNC_FLUSH <
// Z_FULL_FLUSH < Z_FINISH), to pick the stronger of a chunk's flag and the final one.
const flushStrength = [0, 2, 3, 4, 5, 1];
function maxFlush(a, b) {
  return flushStrength[a] > flushStrength[b] ? a : b;
}

// A finite number, or false for undefined / NaN (which mean "use the default").
function checkFiniteNumber(number, name) {
  if (number === undefined || Number.isNaN(number)) return false;
  if (Number.isFinite(number)) return true;
  validateNumber(number, name);
  throw new ERR_OUT_OF_RANGE(name, 'a finite number', number);
}

function checkRangesOrGetDefault(number, name, lower, upper, def) {
  if (!checkFiniteNumber(number, name)) return def;
  if (number < lower || number > upper) {
    throw new ERR_OUT_OF_RANGE(name, `>= ${lower} and <= ${upper}`, number);
  }
  return number;
}

// The native codec as the stream drives it: `write` works asynchronously (its result
// arrives in a later turn of the event loop, as from Node's thread pool) and `writeSync`
// at once; both leave [availOutAfter, availInAfter] in `writeState`. A failure is reported
// to `onerror` and stops the codec. A close during an asynchronous write waits for it.
class ZlibHandle {
  constructor(codec, writeState, processCallback) {
    this.codec = codec;
    this.writeState = writeState;
    this.processCallback = processCallback;
    this.onerror = null;
    this.writing = false;
    this.pendingClose = false;
  }

  writeSync(flush, input, inOff, inLen, output, outOff, outLen) {
    const inView = new Uint8Array(input.buffer, input.byteOffset + inOff, inLen);
    const outView = new Uint8Array(output.buffer, output.byteOffset + outOff, outLen);
    try {
      const [availOut, availIn] = this.codec.write(flush, inView, outView);
      this.writeState[0] = availOut;
      this.writeState[1] = availIn;
      return true;
    } catch (failure) {
      // The codec's failures carry zlib's code and errno; anything else is a bug here.
      if (failure.code === undefined) throw failure;
      const error = new Error(failure.message);
      error.errno = failure.errno;
      error.code = failure.code;
      this.onerror(error);
      return false;
    }
  }

  write(flush, input, inOff, inLen, output, outOff, outLen) {
    this.writing = true;
    setImmediate(() => {
      const ok = this.writeSync(flush, input, inOff, inLen, output, outOff, outLen);
      this.writing = false;
      if (ok) this.processCallback(this);
      if (this.pendingClose) this.close();
    });
  }

  params(level, strategy) {
    this.codec.params(level, strategy);
  }

  reset() {
    this.codec.reset();
  }

  close() {
    if (this.writing) {
      this.pendingClose = true;
      return;
    }
    this.pendingClose = false;
    this.codec.close();
  }
}

function ZlibBase(opts, mode, handle, { flush, finishFlush, fullFlush }) {
  let chunkSize = Z_DEFAULT_CHUNK;
  let maxOutputLength = kMaxLength;
  const flushRange = mode === BROTLI_ENCODE || mode === BROTLI_DECODE ?
    BROTLI_FLUSH_RANGE : ZLIB_FLUSH_RANGE;
  if (opts) {
    chunkSize = opts.chunkSize;
    if (!checkFiniteNumber(chunkSize, 'options.chunkSize')) {
      chunkSize = Z_DEFAULT_CHUNK;
    } else if (chunkSize < Z_MIN_CHUNK) {
      throw new ERR_OUT_OF_RANGE('options.chunkSize', `>= ${Z_MIN_CHUNK}`, chunkSize);
    }
    flush = checkRangesOrGetDefault(opts.flush, 'options.flush', ...flushRange, flush);
    finishFlush = checkRangesOrGetDefault(opts.finishFlush, 'options.finishFlush',
                                          ...flushRange, finishFlush);
    maxOutputLength = checkRangesOrGetDefault(opts.maxOutputLength, 'options.maxOutputLength',
                                              1, kMaxLength, kMaxLength);
    if (opts.encoding || opts.objectMode || opts.writableObjectMode) {
      opts = { ...opts, encoding: null, objectMode: false, writableObjectMode: false };
    }
  }
  Transform.call(this, { autoDestroy: true, ...opts });
  this[kError] = null;
  this.bytesWritten = 0;
  this._handle = handle;
  handle.onerror = (error) => onError(this, error);
  this._outBuffer = Buffer.allocUnsafe(chunkSize);
  this._outOffset = 0;
  this._chunkSize = chunkSize;
  this._defaultFlushFlag = flush;
  this._finishFlushFlag = finishFlush;
  this._defaultFullFlushFlag = fullFlush;
  this._info = opts && opts.info;
  this._maxOutputLength = maxOutputLength;
}
Object.setPrototypeOf(ZlibBase.prototype, Transform.prototype);
Object.setPrototypeOf(ZlibBase, Transform);

Object.defineProperty(ZlibBase.prototype, '_closed', {
  configurable: true,
  enumerable: true,
  get() {
    return !this._handle;
  },
});

// A codec failure: kept for a synchronous caller to throw, and destroys the stream.
// `bytesRead`, the old name of `bytesWritten` (DEP0108).
const bytesReadMessage = 'zlib.bytesRead is deprecated and will change its meaning in the ' +
  'future. Use zlib.bytesWritten instead.';
Object.defineProperty(ZlibBase.prototype, 'bytesRead', {
  configurable: true,
  enumerable: true,
  get: require('util').deprecate(function() {
    return this.bytesWritten;
  }, bytesReadMessage, 'DEP0108'),
  set: require('util').deprecate(function(value) {
    this.bytesWritten = value;
  }, bytesReadMessage, 'DEP0108'),
});

function onError(self, error) {
  self.destroy(error);
  self[kError] = error;
}

ZlibBase.prototype.reset = function reset() {
  if (!this._handle) throw new Error('zlib binding closed');
  return this._handle.reset();
};

// The final flush: an empty chunk written with the finish flag.
ZlibBase.prototype._flush = function _flush(callback) {
  this._transform(Buffer.alloc(0), '', callback);
};

ZlibBase.prototype.flush = function flush(kind, callback) {
  if (typeof kind === 'function' || (kind === undefined && !callback)) {
    callback = kind;
    kind = this._defaultFullFlushFlag;
  }
  if (this.writableFinished) {
    if (callback) process.nextTick(callback);
  } else if (this.writableEnded) {
    if (callback) this.once('end', callback);
  } else {
    this.write(kFlushBuffers[kind], '', callback);
  }
};

ZlibBase.prototype.close = function close(callback) {
  if (callback) eos(this, callback);
  this.destroy();
};

ZlibBase.prototype._destroy = function _destroy(err, callback) {
  closeHandle(this);
  callback(err);
};

ZlibBase.prototype._transform = function _transform(chunk, encoding, callback) {
  let flushFlag = this._defaultFlushFlag;
  if (typeof chunk[kFlushFlag] === 'number') flushFlag = chunk[kFlushFlag];
  // The last chunk before end() is written with the finish flag.
  if (this.writableEnded && this.writableLength === chunk.byteLength) {
    flushFlag = maxFlush(flushFlag, this._finishFlushFlag);
  }
  processChunk(this, chunk, flushFlag, callback);
};

ZlibBase.prototype._processChunk = function _processChunk(chunk, flushFlag, callback) {
  if (typeof callback === 'function') {
    processChunk(this, chunk, flushFlag, callback);
    return undefined;
  }
  return processChunkSync(this, chunk, flushFlag);
};

function processChunkSync(self, chunk, flushFlag) {
  const handle = self._handle;
  if (!handle) throw new Error('zlib binding closed');
  const state = self._writeState;
  const chunkSize = self._chunkSize;
  let availInBefore = chunk.byteLength;
  let availOutBefore = chunkSize - self._outOffset;
  let inOff = 0;
  let buffer = self._outBuffer;
  let offset = self._outOffset;
  const buffers = [];
  let nread = 0;
  let inputRead = 0;
  let error = null;
  self.on('error', (er) => { error = er; });
  for (;;) {
    handle.writeSync(flushFlag, chunk, inOff, availInBefore, buffer, offset, availOutBefore);
    if (error) throw error;
    if (self[kError]) throw self[kError];
    const availOutAfter = state[0];
    const availInAfter = state[1];
    const inDelta = availInBefore - availInAfter;
    inputRead += inDelta;
    const have = availOutBefore - availOutAfter;
    if (have > 0) {
      buffers.push(buffer.slice(offset, offset + have));
      offset += have;
      nread += have;
      if (nread > self._maxOutputLength) {
        closeHandle(self);
        throw new ERR_BUFFER_TOO_LARGE(self._maxOutputLength);
      }
    }
    if (availOutAfter === 0 || offset >= chunkSize) {
      availOutBefore = chunkSize;
      offset = 0;
      buffer = Buffer.allocUnsafe(chunkSize);
    }
    // A full output buffer means there may be more: go round with the rest of the input.
    if (availOutAfter !== 0) break;
    inOff += inDelta;
    availInBefore = availInAfter;
  }
  self.bytesWritten = inputRead;
  closeHandle(self);
  if (nread === 0) return Buffer.alloc(0);
  return buffers.length === 1 ? buffers[0] : Buffer.concat(buffers, nread);
}

function processChunk(self, chunk, flushFlag, callback) {
  const handle = self._handle;
  if (!handle) {
    process.nextTick(callback);
    return;
  }
  handle.buffer = chunk;
  handle.cb = callback;
  handle.availOutBefore = self._chunkSize - self._outOffset;
  handle.availInBefore = chunk.byteLength;
  handle.inOff = 0;
  handle.flushFlag = flushFlag;
  handle.write(flushFlag, chunk, 0, handle.availInBefore, self._outBuffer, self._outOffset,
               handle.availOutBefore);
}

// After an asynchronous write: push the output, and go on while the output buffer was
// filled (waiting for the reader first when the readable side is full).
function processCallback(self, handle) {
  const state = self._writeState;
  if (self.destroyed) {
    handle.buffer = null;
    handle.cb();
    return;
  }
  const availOutAfter = state[0];
  const availInAfter = state[1];
  const inDelta = handle.availInBefore - availInAfter;
  self.bytesWritten += inDelta;
  const have = handle.availOutBefore - availOutAfter;
  let readableFull = false;
  if (have > 0) {
    const out = self._outBuffer.slice(self._outOffset, self._outOffset + have);
    self._outOffset += have;
    readableFull = !self.push(out);
  }
  if (self.destroyed) {
    handle.cb();
    return;
  }
  if (availOutAfter === 0 || self._outOffset >= self._chunkSize) {
    handle.availOutBefore = self._chunkSize;
    self._outOffset = 0;
    self._outBuffer = Buffer.allocUnsafe(self._chunkSize);
  }
  if (availOutAfter === 0) {
    handle.inOff += inDelta;
    handle.availInBefore = availInAfter;
    const writeMore = () => handle.write(handle.flushFlag, handle.buffer, handle.inOff,
                                         handle.availInBefore, self._outBuffer,
                                         self._outOffset, self._chunkSize);
    if (!readableFull) {
      writeMore();
    } else {
      const originalRead = self._read;
      self._read = function(size) {
        self._read = originalRead;
        writeMore();
        originalRead.call(self, size);
      };
    }
    return;
  }
  // Output space was left but input was not taken: the compressed stream ended before
  // its input did.
  if (availInAfter > 0) self.push(null);
  handle.buffer = null;
  handle.cb();
}

function closeHandle(self) {
  if (!self._handle) return;
  self._handle.close();
  self._handle = null;
}

function Zlib(opts, mode) {
  let windowBits = Z_DEFAULT_WINDOWBITS;
  let level = Z_DEFAULT_COMPRESSION;
  let memLevel = Z_DEFAULT_MEMLEVEL;
  let strategy = Z_DEFAULT_STRATEGY;
  let dictionary;
  if (opts) {
    // On the decompression side 0 means "the window size in the stream's header".
    if ((opts.windowBits == null || opts.windowBits === 0) &&
        (mode === INFLATE || mode === GUNZIP || mode === UNZIP)) {
      windowBits = 0;
    } else {
      // An 8-bit window is valid for deflate but not for gzip.
      windowBits = checkRangesOrGetDefault(opts.windowBits, 'options.windowBits',
                                           Z_MIN_WINDOWBITS + (mode === GZIP ? 1 : 0),
                                           Z_MAX_WINDOWBITS, Z_DEFAULT_WINDOWBITS);
    }
    level = checkRangesOrGetDefault(opts.level, 'options.level', Z_MIN_LEVEL, Z_MAX_LEVEL,
                                    Z_DEFAULT_COMPRESSION);
    memLevel = checkRangesOrGetDefault(opts.memLevel, 'options.memLevel', Z_MIN_MEMLEVEL,
                                       Z_MAX_MEMLEVEL, Z_DEFAULT_MEMLEVEL);
    strategy = checkRangesOrGetDefault(opts.strategy, 'options.strategy', Z_DEFAULT_STRATEGY,
                                       Z_FIXED, Z_DEFAULT_STRATEGY);
    dictionary = opts.dictionary;
    if (dictionary !== undefined && !isArrayBufferView(dictionary)) {
      if (!isAnyArrayBuffer(dictionary)) {
        throw new ERR_INVALID_ARG_TYPE('options.dictionary',
                                       ['Buffer', 'TypedArray', 'DataView', 'ArrayBuffer'],
                                       dictionary);
      }
      dictionary = Buffer.from(dictionary);
    }
  }
  const dictionaryBytes = dictionary === undefined ? undefined :
    new Uint8Array(dictionary.buffer, dictionary.byteOffset, dictionary.byteLength);
  const codec = native.createZlib(mode, windowBits, level, memLevel, strategy, dictionaryBytes);
  if (codec === null) throw new ERR_ZLIB_INITIALIZATION_FAILED();
  this._writeState = new Uint32Array(2);
  const handle = new ZlibHandle(codec, this._writeState,
                                 (handle) => processCallback(this, handle));
  ZlibBase.call(this, opts, mode, handle, zlibDefaultFlags);
  this._level = level;
  this._strategy = strategy;
}
Object.setPrototypeOf(Zlib.prototype, ZlibBase.prototype);
Object.setPrototypeOf(Zlib, ZlibBase);

// Changes level and strategy after flushing what was written with the old ones.
Zlib.prototype.params = function params(level, strategy, callback) {
  checkRangesOrGetDefault(level, 'level', Z_MIN_LEVEL, Z_MAX_LEVEL);
  checkRangesOrGetDefault(strategy, 'strategy', Z_DEFAULT_STRATEGY, Z_FIXED);
  if (this._level === level && this._strategy === strategy) {
    process.nextTick(callback);
    return;
  }
  this.flush(Z_SYNC_FLUSH, () => {
    if (!this._handle) throw new Error('zlib binding closed');
    this._handle.params(level, strategy);
    if (!this.destroyed) {
      this._level = level;
      this._strategy = strategy;
      if (callback) callback();
    }
  });
};

function Brotli(opts, mode) {
  const params = new Uint32Array(kMaxBrotliParam + 1).fill(kUnsetBrotliParam);
  if (opts?.params) {
    for (const origKey of Object.keys(opts.params)) {
      const key = +origKey;
      if (Number.isNaN(key) || key < 0 || key > kMaxBrotliParam ||
          params[key] !== kUnsetBrotliParam) {
        throw new ERR_BROTLI_INVALID_PARAM(origKey);
      }
      const value = opts.params[origKey];
      if (typeof value !== 'number' && typeof value !== 'boolean') {
        throw new ERR_INVALID_ARG_TYPE('options.params[key]', 'number', value);
      }
      params[key] = value;
    }
  }
  const codec = native.createBrotli(mode, params);
  if (codec === null) throw new ERR_ZLIB_INITIALIZATION_FAILED();
  this._writeState = new Uint32Array(2);
  const handle = new ZlibHandle(codec, this._writeState,
                                 (handle) => processCallback(this, handle));
  ZlibBase.call(this, opts, mode, handle, brotliDefaultFlags);
}
Object.setPrototypeOf(Brotli.prototype, ZlibBase.prototype);
Object.setPrototypeOf(Brotli, ZlibBase);

// The public classes: callable with or without `new`, each one mode of Zlib or Brotli.
function defineClass(name, Base, mode) {
  const Class = {
    [name]: function(opts) {
      if (!(this instanceof Class)) return new Class(opts);
      Base.call(this, opts, mode);
    },
  }[name];
  Object.setPrototypeOf(Class.prototype, Base.prototype);
  Object.setPrototypeOf(Class, Base);
  return Class;
}

const Deflate = defineClass('Deflate', Zlib, DEFLATE);
const Inflate = defineClass('Inflate', Zlib, INFLATE);
const Gzip = defineClass('Gzip', Zlib, GZIP);
const Gunzip = defineClass('Gunzip', Zlib, GUNZIP);
const DeflateRaw = defineClass('DeflateRaw', Zlib, DEFLATERAW);
const InflateRaw = defineClass('InflateRaw', Zlib, INFLATERAW);
const Unzip = defineClass('Unzip', Zlib, UNZIP);
const BrotliCompress = defineClass('BrotliCompress', Brotli, BROTLI_ENCODE);
const BrotliDecompress = defineClass('BrotliDecompress', Brotli, BROTLI_DECODE);

// The input of the convenience methods as a Buffer.
function toBuffer(buffer) {
  if (typeof buffer === 'string') return Buffer.from(buffer);
  if (isArrayBufferView(buffer)) return buffer;
  if (isAnyArrayBuffer(buffer)) return Buffer.from(buffer);
  throw new ERR_INVALID_ARG_TYPE('buffer',
                                 ['string', 'Buffer', 'TypedArray', 'DataView', 'ArrayBuffer'],
                                 buffer);
}

function zlibBuffer(engine, buffer, callback) {
  validateFunction(callback, 'callback');
  buffer = toBuffer(buffer);
  const chunks = [];
  let nread = 0;
  const onEnd = () => {
    const result = nread === 0 ? Buffer.alloc(0) :
      chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, nread);
    engine.close();
    if (engine._info) callback(null, { buffer: result, engine });
    else callback(null, result);
  };
  engine.on('data', (chunk) => {
    chunks.push(chunk);
    nread += chunk.length;
    if (nread > engine._maxOutputLength) {
      engine.close();
      engine.removeListener('end', onEnd);
      callback(new ERR_BUFFER_TOO_LARGE(engine._maxOutputLength));
    }
  });
  engine.on('error', (err) => {
    engine.removeListener('end', onEnd);
    callback(err);
  });
  engine.on('end', onEnd);
  engine.end(buffer);
}

function zlibBufferSync(engine, buffer) {
  const result = processChunkSync(engine, toBuffer(buffer), engine._finishFlushFlag);
  return engine._info ? { buffer: result, engine } : result;
}

function asyncMethod(Class, name) {
  return {
    [name](buffer, opts, callback) {
      if (typeof opts === 'function') {
        callback = opts;
        opts = {};
      }
      return zlibBuffer(new Class(opts), buffer, callback);
    },
  }[name];
}

function syncMethod(Class, name) {
  return {
    [name](buffer, opts) {
      return zlibBufferSync(new Class(opts), buffer);
    },
  }[name];
}

function factory(Class, name) {
  return { [name]: (options) => new Class(options) }[name];
}

// CRC-32 of `data`, continuing from `value`.
function crc32(data, value = 0) {
  if (typeof data === 'string') {
    data = Buffer.from(data);
  } else if (!isArrayBufferView(data)) {
    throw new ERR_INVALID_ARG_TYPE('data', ['Buffer', 'TypedArray', 'DataView', 'string'], data);
  }
  validateUint32(value, 'value');
  return native.crc32(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), value);
}

const classes = {
  Deflate, Inflate, Gzip, Gunzip, DeflateRaw, InflateRaw, Unzip, BrotliCompress,
  BrotliDecompress,
};

const methods = {
  deflate: Deflate, gzip: Gzip, deflateRaw: DeflateRaw, unzip: Unzip, inflate: Inflate,
  gunzip: Gunzip, inflateRaw: InflateRaw, brotliCompress: BrotliCompress,
  brotliDecompress: BrotliDecompress,
};

module.exports = { crc32, ...classes };
for (const [name, Class] of Object.entries(methods)) {
  module.exports[name] = asyncMethod(Class, name);
  module.exports[`${name}Sync`] = syncMethod(Class, `${name}Sync`);
}
for (const [name, Class] of Object.entries(classes)) {
  module.exports[`create${name}`] = factory(Class, `create${name}`);
}

Object.defineProperties(module.exports, {
  constants: { configurable: false, enumerable: true, value: constants },
  codes: { enumerable: true, writable: false, value: codes },
});

// The zlib constants at the top level too, as older code reads them (`zlib.Z_FINISH`).
for (const key of Object.keys(constants)) {
  if (key.startsWith('BROTLI')) continue;
  Object.defineProperty(module.exports, key, {
    enumerable: false, value: constants[key], writable: false,
  });
}
