// internal/streams/readable — `stream.Readable` and its ReadableState.
//
// Owns the read side of every stream:
// - the internal buffer (an array of chunks plus a start index) filled by push()/unshift()
//   and drained by read(n), with highWaterMark backpressure and object mode;
// - the two consumption modes: flowing ('data' events; pipe(), resume()) and paused
//   ('readable' events and read()), and the switches between them;
// - string decoding (setEncoding / the `encoding` option);
// - 'end' (after the buffer empties), auto-destroy, and `allowHalfOpen` for Duplex;
// - pipe()/unpipe() with drain-driven backpressure across several destinations;
// - async iteration, wrap() for old-style streams, and the state getters
//   (`readableFlowing`, `readableLength`, ...).
//
// The event order follows Node 22 exactly, so the bookkeeping (which work happens
// synchronously and which waits for process.nextTick) mirrors Node's. The array operators
// (map, filter, ...) are attached by `stream`; Readable.from lives in `from`.

module.exports = Readable;
Readable.ReadableState = ReadableState;

const EE = require('events');
const { Stream, prependListener } = require('internal/streams/legacy');
const destroyImpl = require('internal/streams/destroy');
const eos = require('internal/streams/end-of-stream');
const { getHighWaterMark, getDefaultHighWaterMark } = require('internal/streams/state');
const {
  kOnConstructed,
  SymbolAsyncDispose,
  aggregateTwoErrors,
  initStream,
  isArrayBufferView,
  isBuffer,
  lazyBuffer,
  getDefaultEncoding,
  presetEventSlots,
  uint8ArrayToBuffer,
} = require('internal/streams/utils');
const from = require('internal/streams/from');

const { errorOrDestroy } = destroyImpl;

Object.setPrototypeOf(Readable.prototype, Stream.prototype);
Object.setPrototypeOf(Readable, Stream);

const nop = () => {};

let StringDecoderClass;
function newStringDecoder(encoding) {
  StringDecoderClass ??= require('string_decoder').StringDecoder;
  return new StringDecoderClass(encoding);
}

function codes() {
  return require('internal/errors').codes;
}

function invalidChunkError(chunk) {
  return new (codes().ERR_INVALID_ARG_TYPE)('chunk', ['string', 'Buffer', 'TypedArray', 'DataView'],
    chunk);
}

// ---------------------------------------------------------------------------------------
// ReadableState

// `paused` is tri-state internally: null until pause() or resume() is first called.
const kPaused = Symbol('kPaused');

function ReadableState(options, stream, isDuplex) {
  // Object mode: chunks are arbitrary values and the length counts them, not bytes.
  this.objectMode = !!(options?.objectMode || (isDuplex && options?.readableObjectMode));

  this.highWaterMark = options ?
    getHighWaterMark(this, options, 'readableHighWaterMark', isDuplex) :
    getDefaultHighWaterMark(false);

  // Chunks not yet consumed are buffer[bufferIndex..]; `length` counts their bytes
  // (or values in object mode).
  this.buffer = [];
  this.bufferIndex = 0;
  this.length = 0;
  this.pipes = [];
  // null: no mode chosen yet; true: flowing; false: paused.
  this.flowing = null;
  this[kPaused] = null;

  this.ended = false; // push(null) happened
  this.endEmitted = false;
  this.reading = false; // a _read() call is outstanding
  this.constructed = true; // false while _construct runs
  // True while _read() runs: a push() from inside it must not emit synchronously.
  this.sync = true;
  // Whether a 'readable' event is due the next time data arrives or the stream ends.
  this.needReadable = false;
  this.emittedReadable = false;
  this.readableListening = false;
  this.dataListening = false;
  this.resumeScheduled = false;
  this.errorEmitted = false;
  this.emitClose = !(options && options.emitClose === false);
  this.autoDestroy = !(options && options.autoDestroy === false);
  this.destroyed = false;
  this.errored = null;
  this.closed = false;
  this.closeEmitted = false;

  this.defaultEncoding = getDefaultEncoding(options);

  // The pipe destinations waiting for 'drain': one stream, or a Set when several pipes.
  this.awaitDrainWriters = null;
  this.multiAwaitDrain = false;
  // A maybeReadMore pass is scheduled.
  this.readingMore = false;
  // A 'data' event was emitted (readableDidRead).
  this.dataEmitted = false;

  this.decoder = null;
  this.encoding = null;
  if (options?.encoding) {
    this.decoder = newStringDecoder(options.encoding);
    this.encoding = options.encoding;
  }
}

Object.defineProperties(ReadableState.prototype, {
  pipesCount: {
    __proto__: null,
    get() {
      return this.pipes.length;
    },
  },
  paused: {
    __proto__: null,
    get() {
      return this[kPaused] === true;
    },
    set(value) {
      this[kPaused] = !!value;
    },
  },
});

ReadableState.prototype[kOnConstructed] = function onConstructed(stream) {
  if (this.needReadable) maybeReadMore(stream, this);
};

// ---------------------------------------------------------------------------------------
// Construction and destruction

function Readable(options) {
  if (!(this instanceof Readable)) return new Readable(options);

  presetEventSlots(this, ['close', 'error', 'data', 'end', 'readable']);
  this._readableState = new ReadableState(options, this, false);

  initStream(this, options, ['read', 'destroy', 'construct'], () => {
    this._readableState[kOnConstructed](this);
  });
}

Readable.prototype.destroy = destroyImpl.destroy;
Readable.prototype._undestroy = destroyImpl.undestroy;
Readable.prototype._destroy = function(err, cb) {
  cb(err);
};

// A rejected promise from a listener (captureRejections) destroys the stream.
Readable.prototype[EE.captureRejectionSymbol] = function(err) {
  this.destroy(err);
};

Readable.prototype[SymbolAsyncDispose] = async function() {
  let error;
  if (!this.destroyed) {
    error = this.readableEnded ? null : new (require('internal/errors').AbortError)();
    this.destroy(error);
  }
  await new Promise((resolve, reject) => {
    eos(this, (err) => (err && err !== error ? reject(err) : resolve(null)));
  });
};

// ---------------------------------------------------------------------------------------
// push / unshift

// Returns whether the producer may keep pushing (the buffer is below highWaterMark).
Readable.prototype.push = function(chunk, encoding) {
  const state = this._readableState;
  if (chunk === null) return pushEof(this, state);
  return state.objectMode ?
    pushValue(this, state, chunk, encoding) :
    pushByteMode(this, state, chunk, encoding);
};

Readable.prototype.unshift = function(chunk, encoding) {
  const state = this._readableState;
  if (chunk === null) return pushEof(this, state);
  return state.objectMode ?
    unshiftValue(this, state, chunk) :
    unshiftByteMode(this, state, chunk, encoding);
};

// push(null) or unshift(null): the data has ended.
function pushEof(stream, state) {
  state.reading = false;
  onEofChunk(stream, state);
  return false;
}

function pushByteMode(stream, state, chunk, encoding) {
  // Normalise to a Buffer, or to a string already in the decoder's encoding
  // (`encoding` becomes '' when the chunk is bytes that still need decoding).
  if (typeof chunk === 'string') {
    encoding ||= state.defaultEncoding;
    if (state.encoding !== encoding) {
      chunk = lazyBuffer().from(chunk, encoding);
      encoding = '';
    }
  } else if (isBuffer(chunk)) {
    encoding = '';
  } else if (isArrayBufferView(chunk)) {
    chunk = uint8ArrayToBuffer(chunk);
    encoding = '';
  } else if (chunk !== undefined) {
    errorOrDestroy(stream, invalidChunkError(chunk));
    return false;
  }

  // An empty chunk only ends the current _read() call.
  if (!chunk || chunk.length <= 0) {
    state.reading = false;
    maybeReadMore(stream, state);
    return canPushMore(state);
  }

  return pushValue(stream, state, chunk, encoding);
}

// Appends a pushed value (in byte mode, a chunk pushByteMode has normalised), passing it
// through the decoder unless `encoding` says it is decoded already.
function pushValue(stream, state, chunk, encoding) {
  if (state.ended) {
    errorOrDestroy(stream, new (codes().ERR_STREAM_PUSH_AFTER_EOF)());
    return false;
  }
  if (state.destroyed || state.errored) return false;

  state.reading = false;
  if (state.decoder && !encoding) {
    chunk = state.decoder.write(chunk);
    if (!state.objectMode && chunk.length === 0) {
      // Only part of a character so far.
      maybeReadMore(stream, state);
      return canPushMore(state);
    }
  }

  addChunk(stream, state, chunk, false);
  return canPushMore(state);
}

function unshiftByteMode(stream, state, chunk, encoding) {
  if (typeof chunk === 'string') {
    encoding ||= state.defaultEncoding;
    if (state.encoding !== encoding) {
      // The buffer holds strings in the decoder's encoding once one is set.
      chunk = state.encoding ?
        lazyBuffer().from(chunk, encoding).toString(state.encoding) :
        lazyBuffer().from(chunk, encoding);
    }
  } else if (isArrayBufferView(chunk)) {
    chunk = uint8ArrayToBuffer(chunk);
  } else if (chunk !== undefined && !isBuffer(chunk)) {
    errorOrDestroy(stream, invalidChunkError(chunk));
    return false;
  }

  if (!(chunk && chunk.length > 0)) return canPushMore(state);

  return unshiftValue(stream, state, chunk);
}

function unshiftValue(stream, state, chunk) {
  if (state.endEmitted) {
    errorOrDestroy(stream, new (codes().ERR_STREAM_UNSHIFT_AFTER_END_EVENT)());
  } else if (state.destroyed || state.errored) {
    return false;
  } else {
    addChunk(stream, state, chunk, true);
  }
  return canPushMore(state);
}

function canPushMore(state) {
  return !state.ended && (state.length < state.highWaterMark || state.length === 0);
}

function addChunk(stream, state, chunk, addToFront) {
  if (state.flowing && !state.sync && state.dataListening && state.length === 0) {
    // Flowing with nothing buffered: hand the chunk straight to the 'data' listeners.
    clearAwaitDrain(state);
    state.dataEmitted = true;
    stream.emit('data', chunk);
  } else {
    state.length += state.objectMode ? 1 : chunk.length;
    if (addToFront) {
      if (state.bufferIndex > 0) {
        state.buffer[--state.bufferIndex] = chunk;
      } else {
        state.buffer.unshift(chunk);
      }
    } else {
      state.buffer.push(chunk);
    }
    if (state.needReadable) emitReadable(stream);
  }
  maybeReadMore(stream, state);
}

function clearAwaitDrain(state) {
  if (state.multiAwaitDrain) {
    state.awaitDrainWriters.clear();
  } else {
    state.awaitDrainWriters = null;
  }
}

// ---------------------------------------------------------------------------------------
// Modes and encoding

Readable.prototype.isPaused = function() {
  const state = this._readableState;
  return state[kPaused] === true || state.flowing === false;
};

Readable.prototype.setEncoding = function(enc) {
  const state = this._readableState;
  const decoder = newStringDecoder(enc);
  state.decoder = decoder;
  // The decoder's normalised name ('utf8' for 'UTF-8', ...).
  state.encoding = decoder.encoding;

  // Re-decode what is already buffered into a single string.
  let content = '';
  for (let i = state.bufferIndex; i < state.buffer.length; i++) {
    content += decoder.write(state.buffer[i]);
  }
  state.buffer.length = 0;
  state.bufferIndex = 0;
  if (content !== '') state.buffer.push(content);
  state.length = content.length;
  return this;
};

// ---------------------------------------------------------------------------------------
// read

// read(n) with n above highWaterMark raises the mark to the next power of two (≤ 1 GiB).
const MAX_HWM = 0x40000000;
function computeNewHighWaterMark(n) {
  if (n > MAX_HWM) throw new (codes().ERR_OUT_OF_RANGE)('size', '<= 1GiB', n);
  n--;
  n |= n >>> 1;
  n |= n >>> 2;
  n |= n >>> 4;
  n |= n >>> 8;
  n |= n >>> 16;
  n++;
  return n;
}

// How much a read(n) can return now (0: nothing yet).
function howMuchToRead(n, state) {
  if (n <= 0 || (state.length === 0 && state.ended)) return 0;
  if (state.objectMode) return 1;
  if (Number.isNaN(n)) {
    // read() with no size: everything, or one chunk at a time while flowing.
    if (state.flowing && state.length) return state.buffer[state.bufferIndex].length;
    return state.length;
  }
  if (n <= state.length) return n;
  return state.ended ? state.length : 0;
}

Readable.prototype.read = function(n) {
  if (n === undefined) {
    n = NaN;
  } else if (!Number.isInteger(n)) {
    n = Number.parseInt(n, 10);
  }
  const state = this._readableState;
  const nOrig = n;

  if (n > state.highWaterMark) state.highWaterMark = computeNewHighWaterMark(n);

  if (n !== 0) state.emittedReadable = false;

  // read(0) is a nudge: if enough is buffered (or the stream ended), only announce it.
  if (n === 0 &&
      state.needReadable &&
      ((state.highWaterMark !== 0 ?
        state.length >= state.highWaterMark :
        state.length > 0) ||
       state.ended)) {
    if (state.length === 0 && state.ended) {
      endReadable(this);
    } else {
      emitReadable(this);
    }
    return null;
  }

  n = howMuchToRead(n, state);

  if (n === 0 && state.ended) {
    if (state.length === 0) endReadable(this);
    return null;
  }

  // Ask the implementation for more when the buffer would drop below highWaterMark,
  // unless a read is already outstanding or the stream cannot produce anymore.
  let doRead = state.needReadable;
  if (state.length === 0 || state.length - n < state.highWaterMark) doRead = true;

  if (state.ended || state.reading || state.destroyed || state.errored || !state.constructed) {
    doRead = false;
  } else if (doRead) {
    state.reading = true;
    state.sync = true;
    if (state.length === 0) state.needReadable = true;
    try {
      this._read(state.highWaterMark);
    } catch (err) {
      errorOrDestroy(this, err);
    }
    state.sync = false;
    // _read may have pushed synchronously: recompute what can be returned.
    if (!state.reading) n = howMuchToRead(nOrig, state);
  }

  const ret = n > 0 ? fromList(n, state) : null;

  if (ret === null) {
    if (state.length <= state.highWaterMark) state.needReadable = true;
    n = 0;
  } else {
    state.length -= n;
    clearAwaitDrain(state);
  }

  if (state.length === 0) {
    // Nothing left: announce the next chunk when it arrives.
    if (!state.ended) state.needReadable = true;
    // The last chunk was just read out of an ended stream.
    if (nOrig !== n && state.ended) endReadable(this);
  }

  if (ret !== null && !state.errorEmitted && !state.closeEmitted) {
    state.dataEmitted = true;
    this.emit('data', ret);
  }

  return ret;
};

function onEofChunk(stream, state) {
  if (state.ended) return;
  if (state.decoder) {
    const chunk = state.decoder.end();
    if (chunk?.length) {
      state.buffer.push(chunk);
      state.length += state.objectMode ? 1 : chunk.length;
    }
  }
  state.ended = true;

  if (state.sync) {
    // Inside _read(): announce on the next tick.
    emitReadable(stream);
  } else {
    // Announce now, so the consumer sees the end without another tick.
    state.needReadable = false;
    state.emittedReadable = true;
    emitReadableNT(stream);
  }
}

// Schedules one 'readable' event.
function emitReadable(stream) {
  const state = stream._readableState;
  state.needReadable = false;
  if (!state.emittedReadable) {
    state.emittedReadable = true;
    process.nextTick(emitReadableNT, stream);
  }
}

function emitReadableNT(stream) {
  const state = stream._readableState;
  if (!state.destroyed && !state.errored && (state.length || state.ended)) {
    stream.emit('readable');
    state.emittedReadable = false;
  }

  // Another 'readable' is due after the consumer reads, unless flowing or ended.
  if (!state.flowing && !state.ended && state.length <= state.highWaterMark) {
    state.needReadable = true;
  }
  flow(stream);
}

// Pre-fills the buffer up to highWaterMark on a later tick, so data is ready before the
// consumer asks for it.
function maybeReadMore(stream, state) {
  if (!state.readingMore && !state.reading && state.constructed) {
    state.readingMore = true;
    process.nextTick(maybeReadMoreNT, stream, state);
  }
}

function maybeReadMoreNT(stream, state) {
  // Keep calling read(0) while it makes progress: _read may push synchronously, or
  // asynchronously (then `reading` stays set and the loop stops). A flowing stream with an
  // empty buffer also reads, so 'data' keeps coming.
  while (!state.reading && !state.ended &&
         (state.length < state.highWaterMark || (state.flowing && state.length === 0))) {
    const len = state.length;
    stream.read(0);
    if (len === state.length) break; // no data came
  }
  state.readingMore = false;
}

Readable.prototype._read = function(n) {
  throw new (codes().ERR_METHOD_NOT_IMPLEMENTED)('_read()');
};

// ---------------------------------------------------------------------------------------
// pipe / unpipe

Readable.prototype.pipe = function(dest, pipeOpts) {
  const src = this;
  const state = this._readableState;

  // From the second destination on, track which ones wait for 'drain' in a Set.
  if (state.pipes.length === 1 && !state.multiAwaitDrain) {
    state.multiAwaitDrain = true;
    state.awaitDrainWriters = new Set(state.awaitDrainWriters ? [state.awaitDrainWriters] : []);
  }

  state.pipes.push(dest);

  const stdout = globalThis.process?.stdout;
  const stderr = globalThis.process?.stderr;
  const doEnd = (!pipeOpts || pipeOpts.end !== false) && dest !== stdout && dest !== stderr;

  const endFn = doEnd ? onend : unpipe;
  if (state.endEmitted) {
    process.nextTick(endFn);
  } else {
    src.once('end', endFn);
  }

  dest.on('unpipe', onunpipe);
  function onunpipe(readable, unpipeInfo) {
    if (readable === src && unpipeInfo && unpipeInfo.hasUnpiped === false) {
      unpipeInfo.hasUnpiped = true;
      cleanup();
    }
  }

  function onend() {
    dest.end();
  }

  let ondrain;
  let cleanedUp = false;
  function cleanup() {
    dest.removeListener('close', onclose);
    dest.removeListener('finish', onfinish);
    if (ondrain) dest.removeListener('drain', ondrain);
    dest.removeListener('error', onerror);
    dest.removeListener('unpipe', onunpipe);
    src.removeListener('end', onend);
    src.removeListener('end', unpipe);
    src.removeListener('data', ondata);

    cleanedUp = true;

    // If the source waits for this destination to drain, it never will now: let the
    // source go on as if it had.
    if (ondrain && state.awaitDrainWriters &&
        (!dest._writableState || dest._writableState.needDrain)) {
      ondrain();
    }
  }

  function pause() {
    // After cleanup() this destination no longer holds the source back.
    if (!cleanedUp) {
      if (state.pipes.length === 1 && state.pipes[0] === dest) {
        state.awaitDrainWriters = dest;
        state.multiAwaitDrain = false;
      } else if (state.pipes.length > 1 && state.pipes.includes(dest)) {
        state.awaitDrainWriters.add(dest);
      }
      src.pause();
    }
    if (!ondrain) {
      // 'drain' is only listened for once the destination has asked to wait, so that
      // piping does not add a listener to every destination up front.
      ondrain = pipeOnDrain(src, dest);
      dest.on('drain', ondrain);
    }
  }

  src.on('data', ondata);
  function ondata(chunk) {
    const ret = dest.write(chunk);
    if (ret === false) pause();
  }

  // An error on the destination unpipes it; it is still thrown if nobody else handles it.
  function onerror(er) {
    unpipe();
    dest.removeListener('error', onerror);
    if (dest.listenerCount('error') === 0) {
      const s = dest._writableState || dest._readableState;
      if (s && !s.errorEmitted) {
        errorOrDestroy(dest, er);
      } else {
        dest.emit('error', er);
      }
    }
  }
  // Run before user handlers, which may throw.
  prependListener(dest, 'error', onerror);

  // Either 'close' or 'finish' stops the piping (and removes the other listener).
  function onclose() {
    dest.removeListener('finish', onfinish);
    unpipe();
  }
  dest.once('close', onclose);
  function onfinish() {
    dest.removeListener('close', onclose);
    unpipe();
  }
  dest.once('finish', onfinish);

  function unpipe() {
    src.unpipe(dest);
  }

  dest.emit('pipe', src);

  // Start the flow, unless the destination already asks to wait.
  if (dest.writableNeedDrain === true) {
    pause();
  } else if (!state.flowing) {
    src.resume();
  }

  return dest;
};

function pipeOnDrain(src, dest) {
  return function pipeOnDrainFunctionResult() {
    const state = src._readableState;

    if (state.awaitDrainWriters === dest) {
      state.awaitDrainWriters = null;
    } else if (state.multiAwaitDrain) {
      state.awaitDrainWriters.delete(dest);
    }

    if ((!state.awaitDrainWriters || state.awaitDrainWriters.size === 0) &&
        state.dataListening) {
      src.resume();
    }
  };
}

Readable.prototype.unpipe = function(dest) {
  const state = this._readableState;
  const unpipeInfo = { hasUnpiped: false };

  if (state.pipes.length === 0) return this;

  if (!dest) {
    // Remove every destination.
    const dests = state.pipes;
    state.pipes = [];
    this.pause();
    for (let i = 0; i < dests.length; i++) {
      dests[i].emit('unpipe', this, { hasUnpiped: false });
    }
    return this;
  }

  const index = state.pipes.indexOf(dest);
  if (index === -1) return this;

  state.pipes.splice(index, 1);
  if (state.pipes.length === 0) this.pause();

  dest.emit('unpipe', this, unpipeInfo);
  return this;
};

// ---------------------------------------------------------------------------------------
// Listeners switch modes: 'data' starts flowing, 'readable' takes over in paused mode.

Readable.prototype.on = function(ev, fn) {
  const res = Stream.prototype.on.call(this, ev, fn);
  const state = this._readableState;

  if (ev === 'data') {
    state.dataListening = true;
    // 'readable' keeps precedence over 'data' when both are listened for.
    if (this.listenerCount('readable') > 0) state.readableListening = true;
    // Start flowing unless explicitly paused.
    if (state.flowing !== false) this.resume();
  } else if (ev === 'readable') {
    if (!state.endEmitted && !state.readableListening) {
      state.readableListening = state.needReadable = true;
      state.flowing = false;
      state.emittedReadable = false;
      if (state.length) {
        emitReadable(this);
      } else if (!state.reading) {
        process.nextTick(nReadingNextTick, this);
      }
    }
  }

  return res;
};
Readable.prototype.addListener = Readable.prototype.on;

Readable.prototype.removeListener = function(ev, fn) {
  const state = this._readableState;
  const res = Stream.prototype.removeListener.call(this, ev, fn);

  if (ev === 'readable') {
    // On the next tick, so removing and re-adding a 'readable' listener in the same tick
    // does not flip the stream into flowing mode.
    process.nextTick(updateReadableListening, this);
  } else if (ev === 'data' && this.listenerCount('data') === 0) {
    state.dataListening = false;
  }

  return res;
};
Readable.prototype.off = Readable.prototype.removeListener;

Readable.prototype.removeAllListeners = function(ev) {
  const res = Reflect.apply(Stream.prototype.removeAllListeners, this, arguments);
  if (ev === 'readable' || ev === undefined) {
    process.nextTick(updateReadableListening, this);
  }
  return res;
};

function updateReadableListening(self) {
  const state = self._readableState;
  state.readableListening = self.listenerCount('readable') > 0;

  if (state.resumeScheduled && state[kPaused] === false) {
    // resume() was called while 'readable' listeners were attached: flowing wins now.
    state.flowing = true;
  } else if (state.dataListening) {
    self.resume();
  } else if (!state.readableListening) {
    state.flowing = null;
  }
}

function nReadingNextTick(self) {
  self.read(0);
}

// Flowing mode: 'data' events, driven by flow() on the next tick.
Readable.prototype.resume = function() {
  const state = this._readableState;
  if (!state.flowing) {
    // With 'readable' listeners the stream only leaves the "not flowing" state.
    state.flowing = !state.readableListening;
    resume(this, state);
  }
  state[kPaused] = false;
  return this;
};

function resume(stream, state) {
  if (!state.resumeScheduled) {
    state.resumeScheduled = true;
    process.nextTick(resumeNT, stream, state);
  }
}

function resumeNT(stream, state) {
  if (!state.reading) stream.read(0);

  state.resumeScheduled = false;
  stream.emit('resume');
  flow(stream);
  if (state.flowing && !state.reading) stream.read(0);
}

Readable.prototype.pause = function() {
  const state = this._readableState;
  if (state.flowing !== false) {
    state.flowing = false;
    this.emit('pause');
  }
  state[kPaused] = true;
  return this;
};

function flow(stream) {
  const state = stream._readableState;
  while (state.flowing && stream.read() !== null);
}

// ---------------------------------------------------------------------------------------
// Old-style streams and async iteration

// Makes this Readable the consumer of an old-style stream (one that only emits 'data').
Readable.prototype.wrap = function(stream) {
  let paused = false;

  stream.on('data', (chunk) => {
    if (!this.push(chunk) && stream.pause) {
      paused = true;
      stream.pause();
    }
  });

  stream.on('end', () => {
    this.push(null);
  });

  stream.on('error', (err) => {
    errorOrDestroy(this, err);
  });

  stream.on('close', () => {
    this.destroy();
  });

  stream.on('destroy', () => {
    this.destroy();
  });

  this._read = () => {
    if (paused && stream.resume) {
      paused = false;
      stream.resume();
    }
  };

  // Proxy the wrapped stream's own methods (Node skips its first own key).
  const streamKeys = Object.keys(stream);
  for (let j = 1; j < streamKeys.length; j++) {
    const key = streamKeys[j];
    if (this[key] === undefined && typeof stream[key] === 'function') {
      this[key] = stream[key].bind(stream);
    }
  }

  return this;
};

Readable.prototype[Symbol.asyncIterator] = function() {
  return streamToAsyncIterator(this);
};

// `options.destroyOnReturn` (default true): whether leaving the loop early destroys.
Readable.prototype.iterator = function(options) {
  if (options !== undefined) require('internal/errors').validateObject(options, 'options');
  return streamToAsyncIterator(this, options);
};

function streamToAsyncIterator(stream, options) {
  if (typeof stream.read !== 'function') stream = Readable.wrap(stream, { objectMode: true });
  const iter = createAsyncIterator(stream, options);
  iter.stream = stream;
  return iter;
}

async function* createAsyncIterator(stream, options) {
  // Wakes the loop up when 'readable' fires or the stream finishes.
  let callback = nop;
  function next(resolve) {
    if (this === stream) {
      callback();
      callback = nop;
    } else {
      callback = resolve;
    }
  }

  stream.on('readable', next);

  // undefined: still running; null: finished cleanly; else the error.
  let error;
  const cleanup = eos(stream, { writable: false }, (err) => {
    error = err ? aggregateTwoErrors(error, err) : null;
    callback();
    callback = nop;
  });

  try {
    while (true) {
      const chunk = stream.destroyed ? null : stream.read();
      if (chunk !== null) {
        yield chunk;
      } else if (error) {
        throw error;
      } else if (error === null) {
        return;
      } else {
        await new Promise(next);
      }
    }
  } catch (err) {
    error = aggregateTwoErrors(error, err);
    throw error;
  } finally {
    if ((error || options?.destroyOnReturn !== false) &&
        (error === undefined || stream._readableState.autoDestroy)) {
      destroyImpl.destroyer(stream, null);
    } else {
      stream.off('readable', next);
      cleanup();
    }
  }
}

// ---------------------------------------------------------------------------------------
// State getters

Object.defineProperties(Readable.prototype, {
  readable: {
    __proto__: null,
    get() {
      const r = this._readableState;
      // `readable` on the state is false for a Duplex created with { readable: false }.
      return !!r && r.readable !== false && !r.destroyed && !r.errorEmitted && !r.endEmitted;
    },
    set(val) {
      if (this._readableState) this._readableState.readable = !!val;
    },
  },

  readableDidRead: {
    __proto__: null,
    enumerable: false,
    get() {
      return this._readableState.dataEmitted;
    },
  },

  readableAborted: {
    __proto__: null,
    enumerable: false,
    get() {
      return !!(
        this._readableState.readable !== false &&
        (this._readableState.destroyed || this._readableState.errored) &&
        !this._readableState.endEmitted
      );
    },
  },

  readableHighWaterMark: {
    __proto__: null,
    enumerable: false,
    get() {
      return this._readableState.highWaterMark;
    },
  },

  readableBuffer: {
    __proto__: null,
    enumerable: false,
    get() {
      return this._readableState?.buffer;
    },
  },

  readableFlowing: {
    __proto__: null,
    enumerable: false,
    get() {
      return this._readableState.flowing;
    },
    set(state) {
      if (this._readableState) this._readableState.flowing = state;
    },
  },

  readableLength: {
    __proto__: null,
    enumerable: false,
    get() {
      return this._readableState.length;
    },
  },

  readableObjectMode: {
    __proto__: null,
    enumerable: false,
    get() {
      return this._readableState ? this._readableState.objectMode : false;
    },
  },

  readableEncoding: {
    __proto__: null,
    enumerable: false,
    get() {
      return this._readableState ? this._readableState.encoding : null;
    },
  },

  errored: {
    __proto__: null,
    enumerable: false,
    get() {
      return this._readableState ? this._readableState.errored : null;
    },
  },

  closed: {
    __proto__: null,
    get() {
      return this._readableState ? this._readableState.closed : false;
    },
  },

  destroyed: {
    __proto__: null,
    enumerable: false,
    get() {
      return this._readableState ? this._readableState.destroyed : false;
    },
    set(value) {
      if (!this._readableState) return;
      this._readableState.destroyed = value;
    },
  },

  readableEnded: {
    __proto__: null,
    enumerable: false,
    get() {
      return this._readableState ? this._readableState.endEmitted : false;
    },
  },
});

// ---------------------------------------------------------------------------------------
// Taking data out of the buffer, and ending

// Removes and returns `n` bytes/characters (one value in object mode) from the buffer.
// The caller has checked that `n` is available.
function fromList(n, state) {
  if (state.length === 0) return null;

  const buf = state.buffer;
  const len = buf.length;
  let idx = state.bufferIndex;
  let ret;

  if (state.objectMode) {
    ret = buf[idx];
    buf[idx++] = null;
  } else if (!n || n >= state.length) {
    // Everything.
    if (state.decoder) {
      ret = '';
      while (idx < len) {
        ret += buf[idx];
        buf[idx++] = null;
      }
    } else if (len - idx === 0) {
      ret = lazyBuffer().alloc(0);
    } else if (len - idx === 1) {
      ret = buf[idx];
      buf[idx++] = null;
    } else {
      ret = lazyBuffer().allocUnsafe(state.length);
      let offset = 0;
      while (idx < len) {
        ret.set(buf[idx], offset);
        offset += buf[idx].length;
        buf[idx++] = null;
      }
    }
  } else if (n < buf[idx].length) {
    // Part of the first chunk.
    ret = buf[idx].slice(0, n);
    buf[idx] = buf[idx].slice(n);
  } else if (n === buf[idx].length) {
    // Exactly the first chunk.
    ret = buf[idx];
    buf[idx++] = null;
  } else if (state.decoder) {
    // Several strings.
    ret = '';
    while (idx < len) {
      const str = buf[idx];
      if (n > str.length) {
        ret += str;
        n -= str.length;
        buf[idx++] = null;
      } else {
        if (n === str.length) {
          ret += str;
          buf[idx++] = null;
        } else {
          ret += str.slice(0, n);
          buf[idx] = str.slice(n);
        }
        break;
      }
    }
  } else {
    // Several buffers, copied into one.
    const Buffer = lazyBuffer();
    ret = Buffer.allocUnsafe(n);
    const retLen = n;
    while (idx < len) {
      const data = buf[idx];
      if (n > data.length) {
        ret.set(data, retLen - n);
        n -= data.length;
        buf[idx++] = null;
      } else {
        if (n === data.length) {
          ret.set(data, retLen - n);
          buf[idx++] = null;
        } else {
          ret.set(Buffer.from(data.buffer, data.byteOffset, n), retLen - n);
          buf[idx] = Buffer.from(data.buffer, data.byteOffset + n, data.length - n);
        }
        break;
      }
    }
  }

  // Drop consumed slots: all of them, or in batches once enough have accumulated.
  if (idx === len) {
    state.buffer.length = 0;
    state.bufferIndex = 0;
  } else if (idx > 1024) {
    state.buffer.splice(0, idx);
    state.bufferIndex = 0;
  } else {
    state.bufferIndex = idx;
  }

  return ret;
}
Readable._fromList = fromList;

function endReadable(stream) {
  const state = stream._readableState;
  if (!state.endEmitted) {
    state.ended = true;
    process.nextTick(endReadableNT, state, stream);
  }
}

function endReadableNT(state, stream) {
  // Data may have been unshifted back, or the stream errored/closed in between.
  if (!state.errored && !state.closeEmitted && !state.endEmitted && state.length === 0) {
    state.endEmitted = true;
    stream.emit('end');

    if (stream.writable && stream.allowHalfOpen === false) {
      // A Duplex that does not allow half-open ends its writable side too.
      process.nextTick(endWritableNT, stream);
    } else if (state.autoDestroy) {
      // Destroy once the writable side (if any) is done as well.
      const wState = stream._writableState;
      const autoDestroy = !wState || (
        wState.autoDestroy &&
        (wState.finished || wState.writable === false)
      );
      if (autoDestroy) stream.destroy();
    }
  }
}

function endWritableNT(stream) {
  const writable = stream.writable && !stream.writableEnded && !stream.destroyed;
  if (writable) stream.end();
}

// ---------------------------------------------------------------------------------------
// Static constructors

Readable.from = function(iterable, opts) {
  return from(Readable, iterable, opts);
};

Readable.fromWeb = function(readableStream, options) {
  return require('internal/streams/web-adapters')
    .newStreamReadableFromReadableStream(readableStream, options);
};

Readable.toWeb = function(streamReadable, options) {
  return require('internal/streams/web-adapters')
    .newReadableStreamFromStreamReadable(streamReadable, options);
};

// A Readable consuming the old-style stream `src`.
Readable.wrap = function(src, options) {
  return new Readable({
    objectMode: src.readableObjectMode ?? src.objectMode ?? true,
    ...options,
    destroy(err, callback) {
      destroyImpl.destroyer(src, err);
      callback(err);
    },
  }).wrap(src);
};
