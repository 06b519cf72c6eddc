// internal/streams/destroy — the destroy / construct life cycle shared by every stream.
//
// Owns:
// - `destroy(err, cb)` (installed as Readable/Writable#destroy): marks both sides
//   destroyed, runs the user's `_destroy` (after `_construct` has finished, if one is
//   pending), then emits 'error' (at most once) and 'close' on a later tick;
// - `undestroy()` (#_undestroy), which resets a stream so it can be reused;
// - `errorOrDestroy(stream, err, sync)`: how internal code reports an error — destroy with
//   it when autoDestroy is on, else just record and emit it;
// - `construct(stream, cb)`: runs `_construct` on the next tick and holds reads, writes and
//   destroy back until it calls back;
// - `destroyer(stream, err)` (stream.destroy): destroys anything stream-like, including
//   legacy streams and HTTP messages.

const {
  isDestroyed,
  isFinished,
  isRequest,
  isServerRequest,
  kIsDestroyed,
  aggregateTwoErrors,
} = require('internal/streams/utils');

// Internal events: `_construct` finished, and a destroy that waited for it may proceed.
const kConstruct = Symbol('kConstruct');
const kDestroy = Symbol('kDestroy');

// Records `err` as the first error of each side that has none yet.
function recordError(err, w, r) {
  if (!err) return;
  // Capture the stack now, while the frames that caused the error are still known.
  err.stack; // eslint-disable-line no-unused-expressions
  if (w && !w.errored) w.errored = err;
  if (r && !r.errored) r.errored = err;
}

function destroy(err, cb) {
  const r = this._readableState;
  const w = this._writableState;
  const s = w || r;

  if (w?.destroyed || r?.destroyed) {
    if (typeof cb === 'function') cb();
    return this;
  }

  recordError(err, w, r);
  if (w) w.destroyed = true;
  if (r) r.destroyed = true;

  if (!s.constructed) {
    // `_destroy` must not overlap `_construct`: wait for it.
    this.once(kDestroy, function(er) {
      runDestroy(this, aggregateTwoErrors(er, err), cb);
    });
  } else {
    runDestroy(this, err, cb);
  }
  return this;
}

function runDestroy(self, err, cb) {
  let called = false;

  function onDestroy(err) {
    if (called) return;
    called = true;

    const r = self._readableState;
    const w = self._writableState;
    recordError(err, w, r);
    if (w) w.closed = true;
    if (r) r.closed = true;

    if (typeof cb === 'function') cb(err);

    if (err) {
      process.nextTick(emitErrorCloseNT, self, err);
    } else {
      process.nextTick(emitCloseNT, self);
    }
  }

  try {
    self._destroy(err || null, onDestroy);
  } catch (err) {
    onDestroy(err);
  }
}

function emitErrorCloseNT(self, err) {
  emitErrorNT(self, err);
  emitCloseNT(self);
}

function emitCloseNT(self) {
  const r = self._readableState;
  const w = self._writableState;
  if (w) w.closeEmitted = true;
  if (r) r.closeEmitted = true;
  if (w?.emitClose || r?.emitClose) self.emit('close');
}

function emitErrorNT(self, err) {
  const r = self._readableState;
  const w = self._writableState;
  if (w?.errorEmitted || r?.errorEmitted) return;
  if (w) w.errorEmitted = true;
  if (r) r.errorEmitted = true;
  self.emit('error', err);
}

function undestroy() {
  const r = this._readableState;
  const w = this._writableState;

  if (r) {
    r.constructed = true;
    r.closed = false;
    r.closeEmitted = false;
    r.destroyed = false;
    r.errored = null;
    r.errorEmitted = false;
    r.reading = false;
    r.ended = r.readable === false;
    r.endEmitted = r.readable === false;
  }

  if (w) {
    w.constructed = true;
    w.destroyed = false;
    w.closed = false;
    w.closeEmitted = false;
    w.errored = null;
    w.errorEmitted = false;
    w.finalCalled = false;
    w.prefinished = false;
    w.ended = w.writable === false;
    w.ending = w.writable === false;
    w.finished = w.writable === false;
  }
}

// `sync`: the caller is still inside a user call, so 'error' waits for the next tick.
function errorOrDestroy(stream, err, sync) {
  const r = stream._readableState;
  const w = stream._writableState;

  if (w?.destroyed || r?.destroyed) return;

  if (r?.autoDestroy || w?.autoDestroy) {
    stream.destroy(err);
  } else if (err) {
    recordError(err, w, r);
    if (sync) {
      process.nextTick(emitErrorNT, stream, err);
    } else {
      emitErrorNT(stream, err);
    }
  }
}

function construct(stream, cb) {
  if (typeof stream._construct !== 'function') return;

  const r = stream._readableState;
  const w = stream._writableState;
  if (r) r.constructed = false;
  if (w) w.constructed = false;

  stream.once(kConstruct, cb);
  // A Duplex registers once per side; `_construct` still runs only once.
  if (stream.listenerCount(kConstruct) > 1) return;

  process.nextTick(constructNT, stream);
}

function constructNT(stream) {
  let called = false;

  function onConstruct(err) {
    if (called) {
      errorOrDestroy(stream, err ?? new (multipleCallbackError())());
      return;
    }
    called = true;

    const r = stream._readableState;
    const w = stream._writableState;
    const s = w || r;
    if (r) r.constructed = true;
    if (w) w.constructed = true;

    if (s.destroyed) {
      stream.emit(kDestroy, err);
    } else if (err) {
      errorOrDestroy(stream, err, true);
    } else {
      stream.emit(kConstruct);
    }
  }

  try {
    stream._construct((err) => {
      process.nextTick(onConstruct, err);
    });
  } catch (err) {
    process.nextTick(onConstruct, err);
  }
}

function multipleCallbackError() {
  return require('internal/errors').codes.ERR_MULTIPLE_CALLBACK;
}

function emitCloseLegacy(stream) {
  stream.emit('close');
}

function emitErrorCloseLegacy(stream, err) {
  stream.emit('error', err);
  process.nextTick(emitCloseLegacy, stream);
}

// Destroys any stream-like value. A stream that has not finished is destroyed with an
// AbortError when no error is given.
function destroyer(stream, err) {
  if (!stream || isDestroyed(stream)) return;

  if (!err && !isFinished(stream)) {
    const { AbortError } = require('internal/errors');
    err = new AbortError();
  }

  if (isServerRequest(stream)) {
    stream.socket = null;
    stream.destroy(err);
  } else if (isRequest(stream)) {
    stream.abort();
  } else if (isRequest(stream.req)) {
    stream.req.abort();
  } else if (typeof stream.destroy === 'function') {
    stream.destroy(err);
  } else if (typeof stream.close === 'function') {
    stream.close(); // such streams have no way to take the error
  } else if (err) {
    process.nextTick(emitErrorCloseLegacy, stream, err);
  } else {
    process.nextTick(emitCloseLegacy, stream);
  }

  if (!stream.destroyed) stream[kIsDestroyed] = true;
}

module.exports = {
  construct,
  destroyer,
  destroy,
  undestroy,
  errorOrDestroy,
};
