// internal/streams/writable — `stream.Writable` and its WritableState.
//
// Owns the write side of every stream:
// - write(): chunk validation and string decoding (decodeStrings, defaultEncoding), one
//   `_write` at a time with later chunks buffered, highWaterMark backpressure and 'drain';
// - cork()/uncork() and `_writev` batching of buffered chunks;
// - end(): `_final`, then 'prefinish' and 'finish', then auto-destroy; end callbacks;
// - error paths: write after end, write after destroy, a `_write` callback called twice,
//   and failing buffered writes when the stream is destroyed;
// - the state getters (`writableFinished`, `writableNeedDrain`, ...).
//
// Which callbacks run synchronously and which wait for process.nextTick follows Node 22,
// including its shortcut of not scheduling a tick for callback-less writes.

module.exports = Writable;
Writable.WritableState = WritableState;

const EE = require('events');
const { Stream } = require('internal/streams/legacy');
const destroyImpl = require('internal/streams/destroy');
const eos = require('internal/streams/end-of-stream');
const { getHighWaterMark, getDefaultHighWaterMark } = require('internal/streams/state');
const {
  kOnConstructed,
  SymbolAsyncDispose,
  initStream,
  isArrayBufferView,
  isBuffer,
  lazyBuffer,
  getDefaultEncoding,
  presetEventSlots,
  uint8ArrayToBuffer,
} = require('internal/streams/utils');

const { errorOrDestroy } = destroyImpl;

Object.setPrototypeOf(Writable.prototype, Stream.prototype);
Object.setPrototypeOf(Writable, Stream);

function nop() {}

function codes() {
  return require('internal/errors').codes;
}

// ---------------------------------------------------------------------------------------
// WritableState

function WritableState(options, stream, isDuplex) {
  // Object mode: chunks are arbitrary values and the length counts them, not bytes.
  this.objectMode = !!(options?.objectMode || (isDuplex && options?.writableObjectMode));

  this.highWaterMark = options ?
    getHighWaterMark(this, options, 'writableHighWaterMark', isDuplex) :
    getDefaultHighWaterMark(false);

  this.finalCalled = false;
  // write() returned false: emit 'drain' once everything is written.
  this.needDrain = false;
  // end() was called (`ending`), and has returned (`ended`).
  this.ending = false;
  this.ended = false;
  // 'finish' was emitted.
  this.finished = false;
  this.destroyed = false;

  // Convert strings to Buffers before _write (off: strings reach _write as they are).
  this.decodeStrings = !(options && options.decodeStrings === false);

  this.defaultEncoding = getDefaultEncoding(options);

  // Bytes (or objects) accepted by write() and not yet confirmed by _write's callback.
  this.length = 0;
  // A _write call is outstanding.
  this.writing = false;
  this.corked = 0;
  // True while _write/_final run: their callback must not run user code synchronously.
  this.sync = true;
  // clearBuffer is running.
  this.bufferProcessing = false;

  this.onwrite = onwrite.bind(undefined, stream);
  // The callback and length of the outstanding _write; `expectWriteCb` catches a
  // callback called twice.
  this.writecb = null;
  this.writelen = 0;
  this.expectWriteCb = false;

  // Write callbacks of synchronous _write completions, run together on the next tick.
  this.afterWriteTickInfo = null;
  this.afterWritePending = false;

  resetBuffer(this);

  // Writes (plus _final) not yet called back; 'finish' waits for zero.
  this.pendingcb = 0;
  this.constructed = true;
  this.prefinished = false;
  this.errorEmitted = false;
  this.emitClose = !(options && options.emitClose === false);
  this.autoDestroy = !(options && options.autoDestroy === false);
  this.errored = null;
  this.closed = false;
  this.closeEmitted = false;

  // Callbacks given to end(), run on 'finish' or failure.
  this.onFinished = [];
}

// The chunks waiting behind the outstanding write are buffered[bufferedIndex..].
function resetBuffer(state) {
  state.buffered = [];
  state.bufferedIndex = 0;
  // Every buffered chunk is a Buffer / has no callback (lets _writev skip work).
  state.allBuffers = true;
  state.allNoop = true;
}

function hasBuffered(state) {
  return state.buffered.length > state.bufferedIndex;
}

WritableState.prototype.getBuffer = function getBuffer() {
  return this.buffered.slice(this.bufferedIndex);
};

Object.defineProperty(WritableState.prototype, 'bufferedRequestCount', {
  __proto__: null,
  get() {
    return this.buffered.length - this.bufferedIndex;
  },
});

WritableState.prototype[kOnConstructed] = function onConstructed(stream) {
  if (!this.writing) clearBuffer(stream, this);
  if (this.ending) finishMaybe(stream, this);
};

// ---------------------------------------------------------------------------------------
// Construction

function Writable(options) {
  if (!(this instanceof Writable)) return new Writable(options);

  presetEventSlots(this, ['close', 'error', 'prefinish', 'finish', 'drain']);
  this._writableState = new WritableState(options, this, false);

  initStream(this, options, ['write', 'writev', 'destroy', 'final', 'construct'], () => {
    this._writableState[kOnConstructed](this);
  });
}

// A Duplex is not a subclass of Writable, but `duplex instanceof Writable` holds.
Object.defineProperty(Writable, Symbol.hasInstance, {
  __proto__: null,
  value: function(object) {
    if (Function.prototype[Symbol.hasInstance].call(this, object)) return true;
    if (this !== Writable) return false;
    return !!(object && object._writableState instanceof WritableState);
  },
});

Writable.prototype.pipe = function() {
  errorOrDestroy(this, new (codes().ERR_STREAM_CANNOT_PIPE)());
};

// ---------------------------------------------------------------------------------------
// write

// Returns true when more can be written, false to ask for 'drain', or the error.
function writeChunk(stream, chunk, encoding, cb) {
  const state = stream._writableState;

  if (cb == null || typeof cb !== 'function') cb = nop;

  if (chunk === null) throw new (codes().ERR_STREAM_NULL_VALUES)();

  if (!state.objectMode) {
    if (!encoding) {
      encoding = state.defaultEncoding;
    } else if (encoding !== 'buffer' && !lazyBuffer().isEncoding(encoding)) {
      throw new (codes().ERR_UNKNOWN_ENCODING)(encoding);
    }

    if (typeof chunk === 'string') {
      if (state.decodeStrings) {
        chunk = lazyBuffer().from(chunk, encoding);
        encoding = 'buffer';
      }
    } else if (isBuffer(chunk)) {
      encoding = 'buffer';
    } else if (isArrayBufferView(chunk)) {
      chunk = uint8ArrayToBuffer(chunk);
      encoding = 'buffer';
    } else {
      throw new (codes().ERR_INVALID_ARG_TYPE)('chunk',
        ['string', 'Buffer', 'TypedArray', 'DataView'], chunk);
    }
  }

  let err;
  if (state.ending) {
    err = new (codes().ERR_STREAM_WRITE_AFTER_END)();
  } else if (state.destroyed) {
    err = new (codes().ERR_STREAM_DESTROYED)('write');
  }

  if (err) {
    process.nextTick(cb, err);
    errorOrDestroy(stream, err, true);
    return err;
  }
  state.pendingcb++;
  return writeOrBuffer(stream, state, chunk, encoding, cb);
}

Writable.prototype.write = function(chunk, encoding, cb) {
  if (encoding != null && typeof encoding === 'function') {
    cb = encoding;
    encoding = null;
  }
  return writeChunk(this, chunk, encoding, cb) === true;
};

Writable.prototype.cork = function() {
  this._writableState.corked++;
};

Writable.prototype.uncork = function() {
  const state = this._writableState;
  if (state.corked) {
    state.corked--;
    if (!state.writing) clearBuffer(this, state);
  }
};

Writable.prototype.setDefaultEncoding = function setDefaultEncoding(encoding) {
  if (typeof encoding === 'string') encoding = encoding.toLowerCase();
  if (!lazyBuffer().isEncoding(encoding)) throw new (codes().ERR_UNKNOWN_ENCODING)(encoding);
  this._writableState.defaultEncoding = encoding;
  return this;
};

// Hands the chunk to _write now, or buffers it while a write is outstanding, the stream is
// corked or errored, or _construct has not finished.
function writeOrBuffer(stream, state, chunk, encoding, callback) {
  const len = state.objectMode ? 1 : chunk.length;

  state.length += len;

  if (state.writing || state.corked || state.errored || !state.constructed) {
    state.buffered.push({ chunk, encoding, callback });
    if (state.allBuffers && encoding !== 'buffer') state.allBuffers = false;
    if (state.allNoop && callback !== nop) state.allNoop = false;
  } else {
    state.writelen = len;
    state.writecb = callback;
    state.writing = true;
    state.sync = true;
    state.expectWriteCb = true;
    stream._write(chunk, encoding, state.onwrite);
    state.sync = false;
  }

  // Measured after a synchronous _write has already released its bytes.
  const ret = state.length < state.highWaterMark || state.length === 0;
  if (!ret) state.needDrain = true;

  return ret && !state.destroyed && !state.errored;
}

function doWrite(stream, state, writev, len, chunk, encoding, cb) {
  state.writelen = len;
  state.writecb = cb;
  state.writing = true;
  state.sync = true;
  state.expectWriteCb = true;
  if (state.destroyed) {
    state.onwrite(new (codes().ERR_STREAM_DESTROYED)('write'));
  } else if (writev) {
    stream._writev(chunk, state.onwrite);
  } else {
    stream._write(chunk, encoding, state.onwrite);
  }
  state.sync = false;
}

function onwriteError(stream, state, er, cb) {
  --state.pendingcb;

  cb(er);
  // Buffered writes will never happen: fail them too (after the failed one).
  errorBuffer(state);
  errorOrDestroy(stream, er);
}

// The callback _write/_writev receive (bound to the stream as `state.onwrite`).
function onwrite(stream, er) {
  const state = stream._writableState;

  if (!state.expectWriteCb) {
    errorOrDestroy(stream, new (codes().ERR_MULTIPLE_CALLBACK)());
    return;
  }

  const sync = state.sync;
  const cb = state.writecb;

  state.writing = false;
  state.expectWriteCb = false;
  state.writecb = null;
  state.length -= state.writelen;
  state.writelen = 0;

  if (er) {
    // Capture the stack now, while the frames that caused the error are still known.
    er.stack; // eslint-disable-line no-unused-expressions

    if (!state.errored) state.errored = er;

    // A Duplex cannot be read from once its writable side failed.
    if (stream._readableState && !stream._readableState.errored) {
      stream._readableState.errored = er;
    }

    if (sync) {
      process.nextTick(onwriteError, stream, state, er, cb);
    } else {
      onwriteError(stream, state, er, cb);
    }
    return;
  }

  if (hasBuffered(state)) clearBuffer(stream, state);

  if (!sync) {
    afterWrite(stream, state, 1, cb);
    return;
  }

  // _write called back synchronously: user callbacks and 'drain' wait for the next tick.
  // Nothing needs a tick when there is no callback and no 'drain' due — except that Node
  // also takes the tick for every write in object mode (an operator-precedence quirk of
  // its implementation that is observable in event order, so it is kept here).
  const needDrain = state.needDrain && state.length === 0;
  const needTick = needDrain || state.objectMode || cb !== nop;

  if (cb === nop) {
    if (!state.afterWritePending && needTick) {
      process.nextTick(afterWrite, stream, state, 1, cb);
      state.afterWritePending = true;
    } else {
      state.pendingcb--;
      if (state.ending) finishMaybe(stream, state, true);
    }
  } else if (state.afterWriteTickInfo !== null && state.afterWriteTickInfo.cb === cb) {
    // Consecutive writes with the same callback share one tick.
    state.afterWriteTickInfo.count++;
  } else if (needTick) {
    state.afterWriteTickInfo = { count: 1, cb, stream, state };
    process.nextTick(afterWriteTick, state.afterWriteTickInfo);
    state.afterWritePending = true;
  } else {
    state.pendingcb--;
    if (state.ending) finishMaybe(stream, state, true);
  }
}

function afterWriteTick({ stream, state, count, cb }) {
  state.afterWriteTickInfo = null;
  return afterWrite(stream, state, count, cb);
}

function afterWrite(stream, state, count, cb) {
  state.afterWritePending = false;

  const needDrain = !state.ending && !state.destroyed && state.needDrain && state.length === 0;
  if (needDrain) {
    state.needDrain = false;
    stream.emit('drain');
  }

  while (count-- > 0) {
    state.pendingcb--;
    cb(null);
  }

  if (state.destroyed) errorBuffer(state);

  if (state.ending) finishMaybe(stream, state, true);
}

// Fails every buffered write and pending end() callback (the stream is destroyed or
// errored).
function errorBuffer(state) {
  if (state.writing) return;

  for (let n = state.bufferedIndex; n < state.buffered.length; ++n) {
    const { chunk, callback } = state.buffered[n];
    const len = state.objectMode ? 1 : chunk.length;
    state.length -= len;
    callback(state.errored ?? new (codes().ERR_STREAM_DESTROYED)('write'));
  }

  callFinishedCallbacks(state, state.errored ?? new (codes().ERR_STREAM_DESTROYED)('end'));

  resetBuffer(state);
}

// Writes out what was buffered: in one _writev call when available, else one chunk at a
// time for as long as each _write completes synchronously.
function clearBuffer(stream, state) {
  if (state.corked || state.bufferProcessing || state.destroyed || !state.constructed ||
      !hasBuffered(state)) {
    return;
  }

  const { buffered, bufferedIndex, objectMode } = state;
  const bufferedLength = buffered.length - bufferedIndex;

  let i = bufferedIndex;

  state.bufferProcessing = true;
  if (bufferedLength > 1 && stream._writev) {
    // One pending callback stands for the whole batch.
    state.pendingcb -= bufferedLength - 1;

    const callback = state.allNoop ? nop : (err) => {
      for (let n = i; n < buffered.length; ++n) {
        buffered[n].callback(err);
      }
    };
    const chunks = state.allNoop && i === 0 ? buffered : buffered.slice(i);
    chunks.allBuffers = state.allBuffers;

    doWrite(stream, state, true, state.length, chunks, '', callback);

    resetBuffer(state);
  } else {
    do {
      const { chunk, encoding, callback } = buffered[i];
      buffered[i++] = null;
      const len = objectMode ? 1 : chunk.length;
      doWrite(stream, state, false, len, chunk, encoding, callback);
    } while (i < buffered.length && !state.writing);

    // Drop written slots: all of them, or in batches once enough have accumulated.
    if (i === buffered.length) {
      resetBuffer(state);
    } else if (i > 256) {
      buffered.splice(0, i);
      state.bufferedIndex = 0;
    } else {
      state.bufferedIndex = i;
    }
  }
  state.bufferProcessing = false;
}

Writable.prototype._write = function(chunk, encoding, cb) {
  if (this._writev) {
    this._writev([{ chunk, encoding }], cb);
  } else {
    throw new (codes().ERR_METHOD_NOT_IMPLEMENTED)('_write()');
  }
};

Writable.prototype._writev = null;

// ---------------------------------------------------------------------------------------
// end and finish

Writable.prototype.end = function(chunk, encoding, cb) {
  const state = this._writableState;

  if (typeof chunk === 'function') {
    cb = chunk;
    chunk = null;
    encoding = null;
  } else if (typeof encoding === 'function') {
    cb = encoding;
    encoding = null;
  }

  let err;

  if (chunk != null) {
    const ret = writeChunk(this, chunk, encoding);
    if (ret instanceof Error) err = ret;
  }

  // end() undoes any number of cork() calls.
  if (state.corked) {
    state.corked = 1;
    this.uncork();
  }

  if (err) {
    // The final write failed; its error goes to `cb`.
  } else if (!state.errored && !state.ending) {
    // Mark ending before finishMaybe, so a synchronous 'finish' sees the stream as ended;
    // `ended` means end() has returned.
    state.ending = true;
    finishMaybe(this, state, true);
    state.ended = true;
  } else if (state.finished) {
    err = new (codes().ERR_STREAM_ALREADY_FINISHED)('end');
  } else if (state.destroyed) {
    err = new (codes().ERR_STREAM_DESTROYED)('end');
  }

  if (typeof cb === 'function') {
    if (err) {
      process.nextTick(cb, err);
    } else if (state.errored) {
      process.nextTick(cb, state.errored);
    } else if (state.finished) {
      process.nextTick(cb, null);
    } else {
      state.onFinished.push(cb);
    }
  }

  return this;
};

// Whether the stream is ready to emit 'finish': ended, everything written, and nothing
// has gone wrong.
function needFinish(state) {
  return (state.ending &&
          !state.destroyed &&
          state.constructed &&
          state.length === 0 &&
          !state.errored &&
          !hasBuffered(state) &&
          !state.finished &&
          !state.writing &&
          !state.errorEmitted &&
          !state.closeEmitted);
}

// The callback given to _final.
function onFinish(stream, state, err) {
  if (state.prefinished) {
    errorOrDestroy(stream, err ?? new (codes().ERR_MULTIPLE_CALLBACK)());
    return;
  }
  state.pendingcb--;
  if (err) {
    callFinishedCallbacks(state, err);
    errorOrDestroy(stream, err, state.sync);
  } else if (needFinish(state)) {
    state.prefinished = true;
    stream.emit('prefinish');
    // Held until the 'finish' tick.
    state.pendingcb++;
    process.nextTick(finish, stream, state);
  }
}

// Runs _final (once), or emits 'prefinish' directly when there is none.
function prefinish(stream, state) {
  if (state.prefinished || state.finalCalled) return;

  if (typeof stream._final === 'function' && !state.destroyed) {
    state.finalCalled = true;
    state.sync = true;
    state.pendingcb++;
    try {
      stream._final((err) => onFinish(stream, state, err));
    } catch (err) {
      onFinish(stream, state, err);
    }
    state.sync = false;
  } else {
    state.finalCalled = true;
    state.prefinished = true;
    stream.emit('prefinish');
  }
}

function finishMaybe(stream, state, sync) {
  if (!needFinish(state)) return;

  prefinish(stream, state);
  if (state.pendingcb !== 0) return;

  if (sync) {
    // Held until the tick, so nothing else can finish the stream in between.
    state.pendingcb++;
    process.nextTick((stream, state) => {
      if (needFinish(state)) {
        finish(stream, state);
      } else {
        state.pendingcb--;
      }
    }, stream, state);
  } else if (needFinish(state)) {
    state.pendingcb++;
    finish(stream, state);
  }
}

function finish(stream, state) {
  state.pendingcb--;
  state.finished = true;

  callFinishedCallbacks(state, null);

  stream.emit('finish');

  if (state.autoDestroy) {
    // Destroy once the readable side (if any) is done as well.
    const rState = stream._readableState;
    const autoDestroy = !rState || (
      rState.autoDestroy &&
      (rState.endEmitted || rState.readable === false)
    );
    if (autoDestroy) stream.destroy();
  }
}

function callFinishedCallbacks(state, err) {
  if (state.onFinished.length === 0) return;
  const onfinishCallbacks = state.onFinished;
  state.onFinished = [];
  for (let i = 0; i < onfinishCallbacks.length; i++) {
    onfinishCallbacks[i](err);
  }
}

// ---------------------------------------------------------------------------------------
// State getters

Object.defineProperties(Writable.prototype, {
  closed: {
    __proto__: null,
    get() {
      return this._writableState ? this._writableState.closed : false;
    },
  },

  destroyed: {
    __proto__: null,
    get() {
      return this._writableState ? this._writableState.destroyed : false;
    },
    set(value) {
      if (this._writableState) this._writableState.destroyed = value;
    },
  },

  writable: {
    __proto__: null,
    get() {
      const w = this._writableState;
      // `writable` on the state is false for a Duplex created with { writable: false }.
      return !!w && w.writable !== false && !w.destroyed && !w.errored &&
        !w.ending && !w.ended;
    },
    set(val) {
      if (this._writableState) this._writableState.writable = !!val;
    },
  },

  writableFinished: {
    __proto__: null,
    get() {
      return this._writableState ? this._writableState.finished : false;
    },
  },

  writableObjectMode: {
    __proto__: null,
    get() {
      return this._writableState ? this._writableState.objectMode : false;
    },
  },

  writableBuffer: {
    __proto__: null,
    get() {
      return this._writableState && this._writableState.getBuffer();
    },
  },

  writableEnded: {
    __proto__: null,
    get() {
      return this._writableState ? this._writableState.ending : false;
    },
  },

  writableNeedDrain: {
    __proto__: null,
    get() {
      const state = this._writableState;
      if (!state) return false;
      return !state.destroyed && !state.ending && state.needDrain;
    },
  },

  writableHighWaterMark: {
    __proto__: null,
    get() {
      return this._writableState?.highWaterMark;
    },
  },

  writableCorked: {
    __proto__: null,
    get() {
      return this._writableState ? this._writableState.corked : 0;
    },
  },

  writableLength: {
    __proto__: null,
    get() {
      return this._writableState?.length;
    },
  },

  errored: {
    __proto__: null,
    enumerable: false,
    get() {
      return this._writableState ? this._writableState.errored : null;
    },
  },

  writableAborted: {
    __proto__: null,
    get() {
      const state = this._writableState;
      return state.writable !== false &&
        !!(state.destroyed || state.errored) &&
        !state.finished;
    },
  },
});

// ---------------------------------------------------------------------------------------
// Destruction

const destroy = destroyImpl.destroy;
Writable.prototype.destroy = function(err, cb) {
  const state = this._writableState;

  // Fail buffered writes and end() callbacks, after the tick that reports the error.
  if (!state.destroyed && (hasBuffered(state) || state.onFinished.length)) {
    process.nextTick(errorBuffer, state);
  }

  destroy.call(this, err, cb);
  return this;
};

Writable.prototype._undestroy = destroyImpl.undestroy;
Writable.prototype._destroy = function(err, cb) {
  cb(err);
};

// A rejected promise from a listener (captureRejections) destroys the stream.
Writable.prototype[EE.captureRejectionSymbol] = function(err) {
  this.destroy(err);
};

Writable.prototype[SymbolAsyncDispose] = async function() {
  let error;
  if (!this.destroyed) {
    error = this.writableFinished ? null : new (require('internal/errors').AbortError)();
    this.destroy(error);
  }
  await new Promise((resolve, reject) => {
    eos(this, (err) => (err && err.name !== 'AbortError' ? reject(err) : resolve(null)));
  });
};

// ---------------------------------------------------------------------------------------
// Web streams

Writable.fromWeb = function(writableStream, options) {
  return require('internal/streams/web-adapters')
    .newStreamWritableFromWritableStream(writableStream, options);
};

Writable.toWeb = function(streamWritable) {
  return require('internal/streams/web-adapters')
    .newWritableStreamFromStreamWritable(streamWritable);
};
