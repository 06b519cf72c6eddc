// internal/streams/duplexify — `Duplex.from(body)`: turns almost anything into a Duplex.
//
// Accepts: a Duplex (returned as is); a Readable or Writable (the other side is switched
// off); web ReadableStream/WritableStream/pairs; `{ readable, writable }` pairs of any of
// these; iterables and async iterables (readable only); a Blob; a promise (its value is
// the only chunk); and an async generator function `async function*(source, { signal })`
// whose `source` yields what is written to the Duplex and whose output is read from it
// (an async function consuming `source` makes a writable-only Duplex).

const {
  isReadable,
  isWritable,
  isIterable,
  isNodeStream,
  isReadableNodeStream,
  isWritableNodeStream,
  isDuplexNodeStream,
  isReadableStream,
  isWritableStream,
  newAbortController,
  withResolvers,
  abortErrorFor,
  PendingCallbacks,
  forwardWrites,
  forwardReads,
} = require('internal/streams/utils');
const eos = require('internal/streams/end-of-stream');
const { destroyer } = require('internal/streams/destroy');
const Duplex = require('internal/streams/duplex');
const Readable = require('internal/streams/readable');
const Writable = require('internal/streams/writable');
const from = require('internal/streams/from');

function errors() {
  return require('internal/errors');
}

function isBlob(value) {
  return typeof globalThis.Blob === 'function' && value instanceof globalThis.Blob;
}

// The class of the Duplexes made here, named as in Node. Duplex itself switches off a
// side given `readable: false` / `writable: false`.
class Duplexify extends Duplex {}

module.exports = function duplexify(body, name) {
  if (isDuplexNodeStream(body)) return body;

  if (isReadableNodeStream(body)) return wrapPair({ readable: body });

  if (isWritableNodeStream(body)) return wrapPair({ writable: body });

  if (isNodeStream(body)) return wrapPair({ writable: false, readable: false });

  if (isReadableStream(body)) return wrapPair({ readable: Readable.fromWeb(body) });

  if (isWritableStream(body)) return wrapPair({ writable: Writable.fromWeb(body) });

  if (typeof body === 'function') {
    const { value, write, final, destroy } = fromAsyncGen(body);

    if (isDuplexNodeStream(value)) return value;

    if (isIterable(value)) {
      return from(Duplexify, value, {
        objectMode: true,
        write,
        final,
        destroy,
      });
    }

    const then = value?.then;
    if (typeof then === 'function') {
      // An async function that only consumes its source: writable-only, finishing when
      // the function's promise settles.
      let d;

      const promise = then.call(
        value,
        (val) => {
          if (val != null) {
            throw new (errors().codes.ERR_INVALID_RETURN_VALUE)('nully', 'body', val);
          }
        },
        (err) => {
          destroyer(d, err);
        },
      );

      return d = new Duplexify({
        objectMode: true,
        readable: false,
        write,
        final(cb) {
          final(async () => {
            try {
              await promise;
              process.nextTick(cb, null);
            } catch (err) {
              process.nextTick(cb, err);
            }
          });
        },
        destroy,
      });
    }

    throw new (errors().codes.ERR_INVALID_RETURN_VALUE)(
      'Iterable, AsyncIterable or AsyncFunction', name, value);
  }

  if (isBlob(body)) return duplexify(body.arrayBuffer());

  if (isIterable(body)) {
    return from(Duplexify, body, {
      objectMode: true,
      writable: false,
    });
  }

  if (isReadableStream(body?.readable) && isWritableStream(body?.writable)) {
    return Duplexify.fromWeb(body);
  }

  if (typeof body?.writable === 'object' || typeof body?.readable === 'object') {
    const readable = body?.readable ?
      (isReadableNodeStream(body?.readable) ? body?.readable : duplexify(body.readable)) :
      undefined;

    const writable = body?.writable ?
      (isWritableNodeStream(body?.writable) ? body?.writable : duplexify(body.writable)) :
      undefined;

    return wrapPair({ readable, writable });
  }

  const then = body?.then;
  if (typeof then === 'function') {
    let d;

    then.call(
      body,
      (val) => {
        if (val != null) d.push(val);
        d.push(null);
      },
      (err) => {
        destroyer(d, err);
      },
    );

    return d = new Duplexify({
      objectMode: true,
      writable: false,
      read() {},
    });
  }

  throw new (errors().codes.ERR_INVALID_ARG_TYPE)(
    name,
    ['Blob', 'ReadableStream', 'WritableStream', 'Stream', 'Iterable',
      'AsyncIterable', 'Function', '{ readable, writable } pair', 'Promise'],
    body);
};

// Calls the generator function with a source iterable fed by the Duplex's writes, and
// returns its result with the write/final/destroy implementations that feed it.
function fromAsyncGen(fn) {
  let { promise, resolve } = withResolvers();
  const ac = newAbortController();
  const signal = ac.signal;

  const value = fn(async function*() {
    while (true) {
      const pending = promise;
      promise = null;
      const { chunk, done, cb } = await pending;
      process.nextTick(cb);
      if (done) return;
      if (signal.aborted) {
        throw abortErrorFor(signal);
      }
      ({ promise, resolve } = withResolvers());
      yield chunk;
    }
  }(), { signal });

  return {
    value,
    write(chunk, encoding, cb) {
      const settle = resolve;
      resolve = null;
      settle({ chunk, done: false, cb });
    },
    final(cb) {
      const settle = resolve;
      resolve = null;
      settle({ done: true, cb });
    },
    destroy(err, cb) {
      ac.abort();
      cb(err);
    },
  };
}

// A Duplex forwarding writes to `pair.writable` and reads from `pair.readable`.
function wrapPair(pair) {
  const r = pair.readable && typeof pair.readable.read !== 'function' ?
    Readable.wrap(pair.readable) : pair.readable;
  const w = pair.writable;

  let readable = !!isReadable(r);
  let writable = !!isWritable(w);

  const pending = new PendingCallbacks();
  let d;

  // The side of the wrapper without an underlying stream starts out finished.
  d = new Duplexify({
    readableObjectMode: !!r?.readableObjectMode,
    writableObjectMode: !!w?.writableObjectMode,
    readable,
    writable,
  });

  if (writable) {
    eos(w, (err) => {
      writable = false;
      if (err) destroyer(r, err);
      pending.finished(d, err);
    });

    forwardWrites(d, w, pending);

    w.on('finish', function() {
      pending.release('finish');
    });
  }

  if (readable) {
    eos(r, (err) => {
      readable = false;
      if (err) destroyer(r, err);
      pending.finished(d, err);
    });

    forwardReads(d, r, pending);
  }

  d._destroy = function(err, callback) {
    if (!err && pending.close !== null) err = new (errors().AbortError)();

    pending.clear();

    if (pending.close === null) {
      callback(err);
    } else {
      pending.close = callback;
      destroyer(w, err);
      destroyer(r, err);
    }
  };

  return d;
}
