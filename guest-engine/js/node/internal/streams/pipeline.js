// internal/streams/pipeline — `stream.pipeline(...streams, callback)` and the shared
// implementation behind `stream/promises`.pipeline.
//
// Connects a source (stream, iterable, or function returning one), any number of
// transforms (Duplex streams, or async generator functions taking the previous stage as
// an async iterable), and a destination (stream, web stream, or async function consuming
// the previous stage, whose result becomes the callback's value). Errors from any stage
// destroy every stage and reach the callback once; an `options.signal` aborts the lot.
// Node streams are connected with pipe(); iterables are pumped into streams by
// `pumpToNode` and into web streams by `pumpToWeb`.

const eos = require('internal/streams/end-of-stream');
const destroyImpl = require('internal/streams/destroy');
const Duplex = require('internal/streams/duplex');
const {
  SymbolDispose,
  once,
  aggregateTwoErrors,
  isIterable,
  isReadable,
  isReadableNodeStream,
  isNodeStream,
  isTransformStream,
  isWebStream,
  isReadableStream,
  isReadableFinished,
  newAbortController,
} = require('internal/streams/utils');

let PassThrough;
let Readable;

function errors() {
  return require('internal/errors');
}

// Destroys `stream` when the pipeline fails, unless it already finished on its own.
function destroyer(stream, reading, writing) {
  let finished = false;
  stream.on('close', () => {
    finished = true;
  });

  const cleanup = eos(stream, { readable: reading, writable: writing }, (err) => {
    finished = !err;
  });

  return {
    destroy: (err) => {
      if (finished) return;
      finished = true;
      destroyImpl.destroyer(stream, err || new (errors().codes.ERR_STREAM_DESTROYED)('pipe'));
    },
    cleanup,
  };
}

// The error for a stage whose previous stage, `val`, is nothing it can read from.
function invalidSourceError(val) {
  return new (errors().codes.ERR_INVALID_ARG_TYPE)(
    'val', ['Readable', 'Iterable', 'AsyncIterable', 'ReadableStream', 'TransformStream'], val);
}

function popCallback(streams) {
  // Node's message names the argument this way.
  errors().validateFunction(streams[streams.length - 1], 'streams[stream.length - 1]');
  return streams.pop();
}

function makeAsyncIterable(val) {
  if (isIterable(val)) return val;
  if (isReadableNodeStream(val)) return fromReadable(val);
  throw new (errors().codes.ERR_INVALID_ARG_TYPE)(
    'val', ['Readable', 'Iterable', 'AsyncIterable'], val);
}

async function* fromReadable(val) {
  Readable ??= require('internal/streams/readable');
  yield* Readable.prototype[Symbol.asyncIterator].call(val);
}

// Writes every chunk of `iterable` into a Node writable, honouring backpressure.
async function pumpToNode(iterable, writable, finish, { end }) {
  let error;
  let onresolve = null;

  const resume = (err) => {
    if (err) error = err;
    if (onresolve) {
      const callback = onresolve;
      onresolve = null;
      callback();
    }
  };

  const wait = () => new Promise((resolve, reject) => {
    if (error) {
      reject(error);
    } else {
      onresolve = () => {
        if (error) {
          reject(error);
        } else {
          resolve();
        }
      };
    }
  });

  writable.on('drain', resume);
  const cleanup = eos(writable, { readable: false }, resume);

  try {
    if (writable.writableNeedDrain) await wait();

    for await (const chunk of iterable) {
      if (!writable.write(chunk)) await wait();
    }

    if (end) {
      writable.end();
      await wait();
    }

    finish();
  } catch (err) {
    finish(error !== err ? aggregateTwoErrors(error, err) : err);
  } finally {
    cleanup();
    writable.off('drain', resume);
  }
}

// Writes every chunk of `readable` (an async iterable) into a web WritableStream.
async function pumpToWeb(readable, writable, finish, { end }) {
  if (isTransformStream(writable)) writable = writable.writable;
  const writer = writable.getWriter();
  try {
    for await (const chunk of readable) {
      await writer.ready;
      writer.write(chunk).catch(() => {});
    }

    await writer.ready;

    if (end) await writer.close();

    finish();
  } catch (err) {
    try {
      await writer.abort(err);
      finish(err);
    } catch (err) {
      finish(err);
    }
  }
}

function pipeline(...streams) {
  return pipelineImpl(streams, once(popCallback(streams)));
}

function pipelineImpl(streams, callback, opts) {
  if (streams.length === 1 && Array.isArray(streams[0])) streams = streams[0];

  if (streams.length < 2) throw new (errors().codes.ERR_MISSING_ARGS)('streams');

  // Handed to function stages; aborted when the pipeline settles.
  const ac = newAbortController();
  const signal = ac.signal;
  const outerSignal = opts?.signal;

  // Listeners to remove from a readable last stream on success, so the caller can go on
  // using it.
  const lastStreamCleanup = [];

  errors().validateAbortSignal(outerSignal, 'options.signal');

  function abort() {
    finishImpl(new (errors().AbortError)(undefined, { cause: outerSignal?.reason }));
  }

  let disposable;
  if (outerSignal) disposable = require('events').addAbortListener(outerSignal, abort);

  let error;
  let value;
  const destroys = [];

  // Number of stages still to report completion.
  let finishCount = 0;

  function finish(err) {
    finishImpl(err, --finishCount === 0);
  }

  function finishOnlyHandleError(err) {
    finishImpl(err, false);
  }

  function finishImpl(err, final) {
    // A premature close is usually a consequence; a later real error replaces it.
    if (err && (!error || error.code === 'ERR_STREAM_PREMATURE_CLOSE')) error = err;

    if (!error && !final) return;

    while (destroys.length) {
      destroys.shift()(error);
    }

    disposable?.[SymbolDispose]();
    ac.abort();

    if (final) {
      if (!error) lastStreamCleanup.forEach((fn) => fn());
      process.nextTick(callback, error, value);
    }
  }

  // The previous stage, as the next one will consume it.
  let ret;
  for (let i = 0; i < streams.length; i++) {
    const stream = streams[i];
    const reading = i < streams.length - 1;
    const writing = i > 0;
    const end = reading || opts?.end !== false;
    const isLastStream = i === streams.length - 1;

    if (isNodeStream(stream)) {
      if (end) {
        const { destroy, cleanup } = destroyer(stream, reading, writing);
        destroys.push(destroy);

        if (isReadable(stream) && isLastStream) lastStreamCleanup.push(cleanup);
      }

      // Errors are reported by the end-of-stream watchers; this listener only keeps
      // them from being thrown as unhandled 'error' events.
      function onError(err) {
        if (err && err.name !== 'AbortError' && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') {
          finishOnlyHandleError(err);
        }
      }
      stream.on('error', onError);
      if (isReadable(stream) && isLastStream) {
        lastStreamCleanup.push(() => {
          stream.removeListener('error', onError);
        });
      }
    }

    if (i === 0) {
      if (typeof stream === 'function') {
        ret = stream({ signal });
        if (!isIterable(ret)) {
          throw new (errors().codes.ERR_INVALID_RETURN_VALUE)(
            'Iterable, AsyncIterable or Stream', 'source', ret);
        }
      } else if (isIterable(stream) || isReadableNodeStream(stream) || isTransformStream(stream)) {
        ret = stream;
      } else {
        ret = Duplex.from(stream);
      }
    } else if (typeof stream === 'function') {
      if (isTransformStream(ret)) {
        ret = makeAsyncIterable(ret?.readable);
      } else {
        ret = makeAsyncIterable(ret);
      }
      ret = stream(ret, { signal });

      if (reading) {
        if (!isIterable(ret, true)) {
          throw new (errors().codes.ERR_INVALID_RETURN_VALUE)(
            'AsyncIterable', `transform[${i - 1}]`, ret);
        }
      } else {
        // The destination is a function: its result (a promise or an async iterable) is
        // collected into a PassThrough that ends the pipeline.
        PassThrough ??= require('internal/streams/passthrough');

        const pt = new PassThrough({ objectMode: true });

        const then = ret?.then;
        if (typeof then === 'function') {
          finishCount++;
          then.call(ret,
            (val) => {
              value = val;
              if (val != null) pt.write(val);
              if (end) pt.end();
              process.nextTick(finish);
            }, (err) => {
              pt.destroy(err);
              process.nextTick(finish, err);
            },
          );
        } else if (isIterable(ret, true)) {
          finishCount++;
          pumpToNode(ret, pt, finish, { end });
        } else if (isReadableStream(ret) || isTransformStream(ret)) {
          const toRead = ret.readable || ret;
          finishCount++;
          pumpToNode(toRead, pt, finish, { end });
        } else {
          throw new (errors().codes.ERR_INVALID_RETURN_VALUE)(
            'AsyncIterable or Promise', 'destination', ret);
        }

        ret = pt;

        const { destroy, cleanup } = destroyer(ret, false, true);
        destroys.push(destroy);
        if (isLastStream) lastStreamCleanup.push(cleanup);
      }
    } else if (isNodeStream(stream)) {
      if (isReadableNodeStream(ret)) {
        finishCount += 2;
        const cleanup = pipe(ret, stream, finish, finishOnlyHandleError, { end });
        if (isReadable(stream) && isLastStream) lastStreamCleanup.push(cleanup);
      } else if (isTransformStream(ret) || isReadableStream(ret)) {
        const toRead = ret.readable || ret;
        finishCount++;
        pumpToNode(toRead, stream, finish, { end });
      } else if (isIterable(ret)) {
        finishCount++;
        pumpToNode(ret, stream, finish, { end });
      } else {
        throw invalidSourceError(ret);
      }
      ret = stream;
    } else if (isWebStream(stream)) {
      if (isReadableNodeStream(ret)) {
        finishCount++;
        pumpToWeb(makeAsyncIterable(ret), stream, finish, { end });
      } else if (isReadableStream(ret) || isIterable(ret)) {
        finishCount++;
        pumpToWeb(ret, stream, finish, { end });
      } else if (isTransformStream(ret)) {
        finishCount++;
        pumpToWeb(ret.readable, stream, finish, { end });
      } else {
        throw invalidSourceError(ret);
      }
      ret = stream;
    } else {
      ret = Duplex.from(stream);
    }
  }

  if (signal?.aborted || outerSignal?.aborted) process.nextTick(abort);

  return ret;
}

// Node stream to Node stream. Counts for two completions: the source's and the
// destination's.
function pipe(src, dst, finish, finishOnlyHandleError, { end }) {
  let ended = false;
  dst.on('close', () => {
    if (!ended) {
      // The destination closed before the source ended it.
      finishOnlyHandleError(new (errors().codes.ERR_STREAM_PREMATURE_CLOSE)());
    }
  });

  // Ending is handled here rather than by pipe(), to know when it happened.
  src.pipe(dst, { end: false });

  if (end) {
    function endFn() {
      ended = true;
      dst.end();
    }

    if (isReadableFinished(src)) {
      process.nextTick(endFn);
    } else {
      src.once('end', endFn);
    }
  } else {
    finish();
  }

  eos(src, { readable: true, writable: false }, (err) => {
    const rState = src._readableState;
    if (err && err.code === 'ERR_STREAM_PREMATURE_CLOSE' &&
        rState?.ended && !rState.errored && !rState.errorEmitted) {
      // The source closed after pushing its last chunk but before 'end' was emitted
      // (e.g. a Duplex whose writable side finished first): wait for 'end'.
      src
        .once('end', finish)
        .once('error', finish);
    } else {
      finish(err);
    }
  });
  return eos(dst, { readable: false, writable: true }, finish);
}

module.exports = { pipelineImpl, pipeline };
