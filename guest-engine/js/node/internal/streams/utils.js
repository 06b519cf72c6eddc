// internal/streams/utils — the shared vocabulary of the stream modules.
//
// Owns:
// - the cross-realm marker symbols (`Symbol.for('nodejs.stream.*')`) other stream
//   implementations use to describe themselves;
// - duck-typed classification of values (`isReadableNodeStream`, `isWritableStream`,
//   `isIterable`, ...), and the state probes end-of-stream and pipeline rely on
//   (`isReadableFinished`, `isClosed`, `willEmitClose`, ...), with Node's exact
//   tri-state results (`null` when the question does not apply);
// - the public `isDisturbed` / `isErrored` / `isReadable` / `isWritable` / `isDestroyed`;
// - small helpers every stream file needs: `once`, `aggregateTwoErrors`, `withResolvers`,
//   the lazily loaded Buffer class and byte-chunk checks, the `defaultEncoding` option,
//   AbortErrors for aborted signals, and AbortController/AbortSignal stand-ins for
//   engines without them;
// - the constructor steps Readable, Writable and Duplex share (`initStream`);
// - the forwarding between a wrapping Duplex (compose, Duplex.from) and the Node streams
//   it wraps (`PendingCallbacks`, `forwardWrites`, `forwardReads`).

const kIsDestroyed = Symbol.for('nodejs.stream.destroyed');
const kIsErrored = Symbol.for('nodejs.stream.errored');
const kIsReadable = Symbol.for('nodejs.stream.readable');
const kIsWritable = Symbol.for('nodejs.stream.writable');
const kIsDisturbed = Symbol.for('nodejs.stream.disturbed');
const kIsClosedPromise = Symbol.for('nodejs.webstream.isClosedPromise');
const kControllerErrorFunction = Symbol.for('nodejs.webstream.controllerErrorFunction');
// Method of ReadableState/WritableState run once `_construct` has called back.
const kOnConstructed = Symbol('kOnConstructed');

const SymbolDispose = Symbol.dispose || Symbol.for('nodejs.dispose');
const SymbolAsyncDispose = Symbol.asyncDispose || Symbol.for('nodejs.asyncDispose');

const kEmptyObject = Object.freeze({ __proto__: null });

// ---------------------------------------------------------------------------------------
// Classification

function isReadableNodeStream(obj, strict = false) {
  return !!(
    obj &&
    typeof obj.pipe === 'function' &&
    typeof obj.on === 'function' &&
    (!strict || (typeof obj.pause === 'function' && typeof obj.resume === 'function')) &&
    // A Duplex whose readable side was switched off is not readable...
    (!obj._writableState || obj._readableState?.readable !== false) &&
    // ...and a Writable has a `pipe` method too (that only errors).
    (!obj._writableState || obj._readableState)
  );
}

function isWritableNodeStream(obj) {
  return !!(
    obj &&
    typeof obj.write === 'function' &&
    typeof obj.on === 'function' &&
    (!obj._readableState || obj._writableState?.writable !== false)
  );
}

function isDuplexNodeStream(obj) {
  return !!(
    obj &&
    typeof obj.pipe === 'function' && obj._readableState &&
    typeof obj.on === 'function' &&
    typeof obj.write === 'function'
  );
}

// Truthy (not necessarily `true`) for anything shaped like a Node stream.
function isNodeStream(obj) {
  return (
    obj &&
    (
      obj._readableState ||
      obj._writableState ||
      (typeof obj.write === 'function' && typeof obj.on === 'function') ||
      (typeof obj.pipe === 'function' && typeof obj.on === 'function')
    )
  );
}

function isReadableStream(obj) {
  return !!(
    obj &&
    !isNodeStream(obj) &&
    typeof obj.pipeThrough === 'function' &&
    typeof obj.getReader === 'function' &&
    typeof obj.cancel === 'function'
  );
}

function isWritableStream(obj) {
  return !!(
    obj &&
    !isNodeStream(obj) &&
    typeof obj.getWriter === 'function' &&
    typeof obj.abort === 'function'
  );
}

function isTransformStream(obj) {
  return !!(
    obj &&
    !isNodeStream(obj) &&
    typeof obj.readable === 'object' &&
    typeof obj.writable === 'object'
  );
}

function isWebStream(obj) {
  return isReadableStream(obj) || isWritableStream(obj) || isTransformStream(obj);
}

// `isAsync`: true → async iterables only, false → sync iterables only, undefined → either.
function isIterable(obj, isAsync) {
  if (obj == null) return false;
  if (isAsync === true) return typeof obj[Symbol.asyncIterator] === 'function';
  if (isAsync === false) return typeof obj[Symbol.iterator] === 'function';
  return typeof obj[Symbol.asyncIterator] === 'function' ||
    typeof obj[Symbol.iterator] === 'function';
}

// ---------------------------------------------------------------------------------------
// State probes (null: not a stream of that kind, or the state is unknown)

function isDestroyed(stream) {
  if (!isNodeStream(stream)) return null;
  const state = stream._writableState || stream._readableState;
  return !!(stream.destroyed || stream[kIsDestroyed] || state?.destroyed);
}

function isWritableEnded(stream) {
  if (!isWritableNodeStream(stream)) return null;
  if (stream.writableEnded === true) return true;
  const wState = stream._writableState;
  if (wState?.errored) return false;
  if (typeof wState?.ended !== 'boolean') return null;
  return wState.ended;
}

// Non-strict also counts a stream that has ended and has nothing left to write.
function isWritableFinished(stream, strict) {
  if (!isWritableNodeStream(stream)) return null;
  if (stream.writableFinished === true) return true;
  const wState = stream._writableState;
  if (wState?.errored) return false;
  if (typeof wState?.finished !== 'boolean') return null;
  return !!(wState.finished || (strict === false && wState.ended === true && wState.length === 0));
}

function isReadableEnded(stream) {
  if (!isReadableNodeStream(stream)) return null;
  if (stream.readableEnded === true) return true;
  const rState = stream._readableState;
  if (!rState || rState.errored) return false;
  if (typeof rState?.ended !== 'boolean') return null;
  return rState.ended;
}

// Non-strict also counts a stream that has ended and has nothing left to read.
function isReadableFinished(stream, strict) {
  if (!isReadableNodeStream(stream)) return null;
  const rState = stream._readableState;
  if (rState?.errored) return false;
  if (typeof rState?.endEmitted !== 'boolean') return null;
  return !!(rState.endEmitted || (strict === false && rState.ended === true && rState.length === 0));
}

function isReadable(stream) {
  if (stream && stream[kIsReadable] != null) return stream[kIsReadable];
  if (typeof stream?.readable !== 'boolean') return null;
  if (isDestroyed(stream)) return false;
  return isReadableNodeStream(stream) && stream.readable && !isReadableFinished(stream);
}

function isWritable(stream) {
  if (stream && stream[kIsWritable] != null) return stream[kIsWritable];
  if (typeof stream?.writable !== 'boolean') return null;
  if (isDestroyed(stream)) return false;
  return isWritableNodeStream(stream) && stream.writable && !isWritableEnded(stream);
}

// Whether neither side (among those `opts` does not exclude) can still make progress.
function isFinished(stream, opts) {
  if (!isNodeStream(stream)) return null;
  if (isDestroyed(stream)) return true;
  if (opts?.readable !== false && isReadable(stream)) return false;
  if (opts?.writable !== false && isWritable(stream)) return false;
  return true;
}

function isWritableErrored(stream) {
  if (!isNodeStream(stream)) return null;
  if (stream.writableErrored) return stream.writableErrored;
  return stream._writableState?.errored ?? null;
}

function isReadableErrored(stream) {
  if (!isNodeStream(stream)) return null;
  if (stream.readableErrored) return stream.readableErrored;
  return stream._readableState?.errored ?? null;
}

function isClosed(stream) {
  if (!isNodeStream(stream)) return null;
  if (typeof stream.closed === 'boolean') return stream.closed;
  const wState = stream._writableState;
  const rState = stream._readableState;
  if (typeof wState?.closed === 'boolean' || typeof rState?.closed === 'boolean') {
    return wState?.closed || rState?.closed;
  }
  if (typeof stream._closed === 'boolean' && isOutgoingMessage(stream)) return stream._closed;
  return null;
}

// http.OutgoingMessage and friends, recognised by shape.
function isOutgoingMessage(stream) {
  return (
    typeof stream._closed === 'boolean' &&
    typeof stream._defaultKeepAlive === 'boolean' &&
    typeof stream._removedConnection === 'boolean' &&
    typeof stream._removedContLen === 'boolean'
  );
}

function isServerResponse(stream) {
  return typeof stream._sent100 === 'boolean' && isOutgoingMessage(stream);
}

function isServerRequest(stream) {
  return (
    typeof stream._consuming === 'boolean' &&
    typeof stream._dumped === 'boolean' &&
    stream.req?.upgradeOrConnect === undefined
  );
}

// http.ClientRequest, recognised by shape.
function isRequest(stream) {
  return stream?.setHeader && typeof stream.abort === 'function';
}

// Whether the stream is going to emit 'close' by itself once it is done.
function willEmitClose(stream) {
  if (!isNodeStream(stream)) return null;
  const state = stream._writableState || stream._readableState;
  return (!state && isServerResponse(stream)) ||
    !!(state?.autoDestroy && state.emitClose && state.closed === false);
}

function isDisturbed(stream) {
  return !!(stream && (
    stream[kIsDisturbed] ??
    (stream.readableDidRead || stream.readableAborted)
  ));
}

function isErrored(stream) {
  return !!(stream && (
    stream[kIsErrored] ??
    stream.readableErrored ??
    stream.writableErrored ??
    stream._readableState?.errorEmitted ??
    stream._writableState?.errorEmitted ??
    stream._readableState?.errored ??
    stream._writableState?.errored
  ));
}

// ---------------------------------------------------------------------------------------
// Helpers

// `callback` runs at most once; later calls return undefined.
function once(callback) {
  let called = false;
  return function(...args) {
    if (called) return undefined;
    called = true;
    return Reflect.apply(callback, this, args);
  };
}

// Combines an error that happened first with one that happened while handling it.
function aggregateTwoErrors(innerError, outerError) {
  if (innerError && outerError && innerError !== outerError) {
    if (Array.isArray(outerError.errors)) {
      outerError.errors.push(innerError);
      return outerError;
    }
    const err = new AggregateError([outerError, innerError], outerError.message);
    err.code = outerError.code;
    return err;
  }
  return innerError || outerError;
}

// `Promise.withResolvers()`, which not every engine has.
function withResolvers() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const getTypedArrayTag =
  Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;

function isArrayBufferView(value) {
  return ArrayBuffer.isView(value);
}

function isUint8Array(value) {
  return getTypedArrayTag.call(value) === 'Uint8Array';
}

let BufferClass;
function lazyBuffer() {
  BufferClass ??= require('buffer').Buffer;
  return BufferClass;
}

// A Buffer over the same memory as `chunk` (any ArrayBufferView), without copying.
function uint8ArrayToBuffer(chunk) {
  return lazyBuffer().from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function isBuffer(value) {
  return value instanceof lazyBuffer();
}

// The `defaultEncoding` option of a stream state: 'utf8' when absent, else a known encoding.
function getDefaultEncoding(options) {
  const defaultEncoding = options?.defaultEncoding;
  if (defaultEncoding == null || defaultEncoding === 'utf8' || defaultEncoding === 'utf-8') {
    return 'utf8';
  }
  if (lazyBuffer().isEncoding(defaultEncoding)) return defaultEncoding;
  throw new (require('internal/errors').codes.ERR_UNKNOWN_ENCODING)(defaultEncoding);
}

// A minimal AbortSignal for engines without one: enough for the stream modules
// (`aborted`, `reason`, 'abort' listeners) and for user code that inspects it.
class StandInAbortSignal {
  constructor() {
    this.aborted = false;
    this.reason = undefined;
    this.onabort = null;
    this._listeners = [];
  }

  addEventListener(type, listener, options) {
    if (type !== 'abort' || typeof listener !== 'function') return;
    this._listeners.push({ listener, once: !!options?.once });
  }

  removeEventListener(type, listener) {
    if (type !== 'abort') return;
    const index = this._listeners.findIndex((entry) => entry.listener === listener);
    if (index !== -1) this._listeners.splice(index, 1);
  }

  throwIfAborted() {
    if (this.aborted) throw this.reason;
  }

  _abort(reason) {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const event = { type: 'abort', target: this };
    if (typeof this.onabort === 'function') this.onabort(event);
    const listeners = this._listeners;
    this._listeners = listeners.filter((entry) => !entry.once);
    for (const { listener } of listeners) listener.call(this, event);
  }
}

// The default reason of abort(): a DOMException named AbortError where the engine has one.
function abortReason() {
  if (typeof globalThis.DOMException === 'function') {
    return new globalThis.DOMException('This operation was aborted', 'AbortError');
  }
  const { AbortError } = require('internal/errors');
  return new AbortError('This operation was aborted');
}

// The AbortError of an operation stopped by `signal`, with the signal's reason as cause.
function abortErrorFor(signal) {
  const { AbortError } = require('internal/errors');
  return new AbortError(undefined, { cause: signal.reason });
}

// `new AbortController()`, or a stand-in with the same surface when the engine has none.
function newAbortController() {
  if (typeof globalThis.AbortController === 'function') return new globalThis.AbortController();
  const signal = new StandInAbortSignal();
  return {
    signal,
    abort(reason = abortReason()) {
      signal._abort(reason);
    },
  };
}

// A signal that aborts when any of `signals` does (AbortSignal.any).
function anySignal(signals) {
  if (typeof globalThis.AbortSignal?.any === 'function' &&
      signals.every((signal) => signal instanceof globalThis.AbortSignal)) {
    return globalThis.AbortSignal.any(signals);
  }
  const controller = newAbortController();
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

// ---------------------------------------------------------------------------------------
// Construction

// As in Node, a new stream's listener table already has slots, in this order, for the events
// streams use most (`events`): the emitter then runs in shape mode, keeping a slot when its
// last listener goes, and Stream#eventNames lists those events first.
function presetEventSlots(stream, events) {
  if (stream._events !== undefined) return;
  stream._events = { __proto__: null };
  for (const event of events) stream._events[event] = undefined;
}

let Stream;
// The constructor steps of Readable, Writable and Duplex once their states exist: takes
// the implementation methods `options` supplies among `names` (`read` becomes `_read`,
// ...), attaches `options.signal`, runs the Stream constructor, and starts `_construct`
// when there is one, running `onConstructed` once it has called back.
function initStream(stream, options, names, onConstructed) {
  if (options) {
    for (const name of names) {
      if (typeof options[name] === 'function') stream[`_${name}`] = options[name];
    }
    if (options.signal) {
      require('internal/streams/add-abort-signal').addAbortSignal(options.signal, stream);
    }
  }

  Stream ??= require('internal/streams/legacy').Stream;
  Stream.call(stream, options);

  if (stream._construct != null) {
    require('internal/streams/destroy').construct(stream, onConstructed);
  }
}

// ---------------------------------------------------------------------------------------
// Wrapping Duplexes (compose, Duplex.from)

// The callbacks a wrapping Duplex `d` holds back while the wrapped streams catch up: its
// _write's until 'drain', its _final's until the written data is through, its _read until
// 'readable' (its _destroy drops these three), and its _destroy's until the wrapped
// streams have finished (`close`: undefined while they run, null once they have).
class PendingCallbacks {
  constructor() {
    this.drain = null;
    this.finish = null;
    this.readable = null;
    this.close = undefined;
  }

  // Calls the callback waiting under `key`, if any, once.
  release(key) {
    const cb = this[key];
    if (cb) {
      this[key] = null;
      cb();
    }
  }

  clear() {
    this.readable = null;
    this.drain = null;
    this.finish = null;
  }

  // The wrapped streams have finished, with `err` if they failed: completes the destroy
  // waiting for that, or else destroys `d` with `err`. Returns false when neither applies.
  finished(d, err) {
    const cb = this.close;
    this.close = null;

    if (cb) {
      cb(err);
    } else if (err) {
      d.destroy(err);
    } else {
      return false;
    }
    return true;
  }
}

// Writes to Duplex `d` go to the Node stream `w`: `_write` waits for w's 'drain' when `w`
// is full, and `_final` ends `w` and leaves its callback in `pending.finish` for the
// caller to release.
function forwardWrites(d, w, pending) {
  d._write = function(chunk, encoding, callback) {
    if (w.write(chunk, encoding)) {
      callback();
    } else {
      pending.drain = callback;
    }
  };

  d._final = function(callback) {
    w.end();
    pending.finish = callback;
  };

  w.on('drain', function() {
    pending.release('drain');
  });
}

// Duplex `d` reads what the Node stream `r` has, waits for its 'readable' when it has
// nothing, and ends with it.
function forwardReads(d, r, pending) {
  r.on('readable', function() {
    pending.release('readable');
  });

  r.on('end', function() {
    d.push(null);
  });

  d._read = function() {
    while (true) {
      const buf = r.read();

      if (buf === null) {
        pending.readable = d._read;
        return;
      }

      if (!d.push(buf)) return;
    }
  };
}

module.exports = {
  kEmptyObject,
  kOnConstructed,
  kIsDestroyed,
  kIsDisturbed,
  kIsErrored,
  kIsReadable,
  kIsWritable,
  kIsClosedPromise,
  kControllerErrorFunction,
  SymbolDispose,
  SymbolAsyncDispose,

  isClosed,
  isDestroyed,
  isDisturbed,
  isDuplexNodeStream,
  isErrored,
  isFinished,
  isIterable,
  isNodeStream,
  isReadable,
  isReadableEnded,
  isReadableErrored,
  isReadableFinished,
  isReadableNodeStream,
  isReadableStream,
  isRequest,
  isServerRequest,
  isServerResponse,
  isTransformStream,
  isWebStream,
  isWritable,
  isWritableEnded,
  isWritableErrored,
  isWritableFinished,
  isWritableNodeStream,
  isWritableStream,
  willEmitClose,

  once,
  aggregateTwoErrors,
  withResolvers,
  lazyBuffer,
  isArrayBufferView,
  isUint8Array,
  isBuffer,
  uint8ArrayToBuffer,
  getDefaultEncoding,
  abortErrorFor,
  newAbortController,
  anySignal,

  initStream,
  presetEventSlots,
  PendingCallbacks,
  forwardWrites,
  forwardReads,
};
