// internal/streams/end-of-stream — `stream.finished` (a.k.a. eos): calls back once a stream
// is done — ended, finished, errored, or closed early (ERR_STREAM_PREMATURE_CLOSE) — and
// the promise form behind `stream/promises`.finished.
//
// Works on Node streams of any age (modern state objects, legacy streams without them,
// HTTP requests and responses, recognised by shape) and on web streams that expose
// Node's closed-promise hook. The returned function detaches every listener it added.

const {
  kEmptyObject,
  kIsClosedPromise,
  SymbolDispose,
  abortErrorFor,
  once,
  isClosed,
  isNodeStream,
  isReadable,
  isReadableErrored,
  isReadableFinished,
  isReadableNodeStream,
  isReadableStream,
  isRequest,
  isWritable,
  isWritableErrored,
  isWritableFinished,
  isWritableNodeStream,
  isWritableStream,
  willEmitClose: streamWillEmitClose,
} = require('internal/streams/utils');

const nop = () => {};

function errors() {
  return require('internal/errors');
}

// Runs `abort` when `options.signal` aborts (on the next tick when it already has), and
// returns `callback` wrapped to stop listening once it is called.
function onSignalAbort(stream, options, abort, callback) {
  if (options.signal.aborted) {
    process.nextTick(abort);
    return callback;
  }
  const disposable = require('events').addAbortListener(options.signal, abort);
  return once((...args) => {
    disposable[SymbolDispose]();
    callback.apply(stream, args);
  });
}

function eos(stream, options, callback) {
  const {
    validateAbortSignal, validateFunction, validateObject, codes,
  } = errors();

  if (arguments.length === 2) {
    callback = options;
    options = kEmptyObject;
  } else if (options == null) {
    options = kEmptyObject;
  } else {
    validateObject(options, 'options');
  }
  validateFunction(callback, 'callback');
  validateAbortSignal(options.signal, 'options.signal');

  callback = once(callback);

  if (isReadableStream(stream) || isWritableStream(stream)) {
    return eosWeb(stream, options, callback);
  }

  if (!isNodeStream(stream)) {
    throw new codes.ERR_INVALID_ARG_TYPE('stream', ['ReadableStream', 'WritableStream', 'Stream'],
      stream);
  }

  // Which sides to wait for: by default, every side the stream has.
  const readable = options.readable ?? isReadableNodeStream(stream);
  const writable = options.writable ?? isWritableNodeStream(stream);

  const wState = stream._writableState;
  const rState = stream._readableState;

  // Legacy writables (no state object) signal completion by no longer being writable.
  const onlegacyfinish = () => {
    if (!stream.writable) onfinish();
  };

  // When the stream will emit 'close' by itself (and we watch all of its sides), the
  // callback waits for 'close' rather than firing on 'end'/'finish'.
  let willEmitClose = (
    streamWillEmitClose(stream) &&
    isReadableNodeStream(stream) === readable &&
    isWritableNodeStream(stream) === writable
  );

  let writableFinished = isWritableFinished(stream, false);
  const onfinish = () => {
    writableFinished = true;
    // A stream destroyed before 'finish' may never emit 'close'.
    if (stream.destroyed) willEmitClose = false;
    if (willEmitClose && (!stream.readable || readable)) return;
    if (!readable || readableFinished) callback.call(stream);
  };

  let readableFinished = isReadableFinished(stream, false);
  const onend = () => {
    readableFinished = true;
    if (stream.destroyed) willEmitClose = false;
    if (willEmitClose && (!stream.writable || writable)) return;
    if (!writable || writableFinished) callback.call(stream);
  };

  const onerror = (err) => {
    callback.call(stream, err);
  };

  let closed = isClosed(stream);

  const onclose = () => {
    closed = true;

    const errored = isWritableErrored(stream) || isReadableErrored(stream);
    if (errored && typeof errored !== 'boolean') return callback.call(stream, errored);

    if (readable && !readableFinished && isReadableNodeStream(stream, true)) {
      if (!isReadableFinished(stream, false)) {
        return callback.call(stream, new codes.ERR_STREAM_PREMATURE_CLOSE());
      }
    }
    if (writable && !writableFinished) {
      if (!isWritableFinished(stream, false)) {
        return callback.call(stream, new codes.ERR_STREAM_PREMATURE_CLOSE());
      }
    }

    callback.call(stream);
  };

  // For a stream that is already done: report its error, if any, else success.
  const onclosed = () => {
    closed = true;
    const errored = isWritableErrored(stream) || isReadableErrored(stream);
    if (errored && typeof errored !== 'boolean') return callback.call(stream, errored);
    callback.call(stream);
  };

  const onrequest = () => {
    stream.req.on('finish', onfinish);
  };

  if (isRequest(stream)) {
    stream.on('complete', onfinish);
    if (!willEmitClose) stream.on('abort', onclose);
    if (stream.req) {
      onrequest();
    } else {
      stream.on('request', onrequest);
    }
  } else if (writable && !wState) {
    stream.on('end', onlegacyfinish);
    stream.on('close', onlegacyfinish);
  }

  // Not all streams emit 'close' after 'aborted'.
  if (!willEmitClose && typeof stream.aborted === 'boolean') stream.on('aborted', onclose);

  stream.on('end', onend);
  stream.on('finish', onfinish);
  if (options.error !== false) stream.on('error', onerror);
  stream.on('close', onclose);

  // The stream may already be done, in which case no event is coming.
  if (closed) {
    process.nextTick(onclose);
  } else if (wState?.errorEmitted || rState?.errorEmitted) {
    if (!willEmitClose) process.nextTick(onclosed);
  } else if (
    !readable &&
    (!willEmitClose || isReadable(stream)) &&
    (writableFinished || isWritable(stream) === false) &&
    (wState == null || wState.pendingcb === undefined || wState.pendingcb === 0)
  ) {
    process.nextTick(onclosed);
  } else if (
    !writable &&
    (!willEmitClose || isWritable(stream)) &&
    (readableFinished || isReadable(stream) === false)
  ) {
    process.nextTick(onclosed);
  } else if (rState && stream.req && stream.aborted) {
    process.nextTick(onclosed);
  }

  const cleanup = () => {
    callback = nop;
    stream.removeListener('aborted', onclose);
    stream.removeListener('complete', onfinish);
    stream.removeListener('abort', onclose);
    stream.removeListener('request', onrequest);
    if (stream.req) stream.req.removeListener('finish', onfinish);
    stream.removeListener('end', onlegacyfinish);
    stream.removeListener('close', onlegacyfinish);
    stream.removeListener('finish', onfinish);
    stream.removeListener('end', onend);
    stream.removeListener('error', onerror);
    stream.removeListener('close', onclose);
  };

  if (options.signal && !closed) {
    const abort = () => {
      // Detach first, so the stream's own events cannot call back a second time.
      const endCallback = callback;
      cleanup();
      endCallback.call(stream, abortErrorFor(options.signal));
    };
    callback = onSignalAbort(stream, options, abort, callback);
  }

  return cleanup;
}

// Web streams: Node's own implementation exposes a promise that settles when the stream
// closes or errors. Streams without it never call back.
function eosWeb(stream, options, callback) {
  let isAborted = false;
  if (options.signal) {
    const abort = () => {
      isAborted = true;
      callback.call(stream, abortErrorFor(options.signal));
    };
    callback = onSignalAbort(stream, options, abort, callback);
  }

  const resolverFn = (...args) => {
    if (!isAborted) process.nextTick(() => callback.apply(stream, args));
  };
  const closedPromise = stream[kIsClosedPromise]?.promise;
  if (closedPromise) closedPromise.then(resolverFn, resolverFn);

  return nop;
}

// The promise form. With `{ cleanup: true }` the listeners are removed once it settles.
function finished(stream, opts) {
  let autoCleanup = false;
  if (opts === null) opts = kEmptyObject;
  if (opts?.cleanup) {
    errors().validateBoolean(opts.cleanup, 'cleanup');
    autoCleanup = opts.cleanup;
  }
  return new Promise((resolve, reject) => {
    const cleanup = eos(stream, opts, (err) => {
      if (autoCleanup) cleanup();
      if (err) {
        reject(err);
      } else {
        resolve();
      }
    });
  });
}

module.exports = eos;
module.exports.finished = finished;
