// internal/streams/from — `Readable.from(iterable, options)`: a Readable (object mode,
// highWaterMark 1 by default) that pulls its data from an iterable or async iterable, or
// emits a string/Buffer as a single chunk.
//
// Values are pulled only while the stream wants more (push() returns true). A sync
// iterator that yields promises is awaited value by value. `null` values are an error
// (ERR_STREAM_NULL_VALUES). Destroying the stream closes the iterator: `throw(err)` when
// destroyed with an error, then `return()`.

const { isBuffer } = require('internal/streams/utils');

function codes() {
  return require('internal/errors').codes;
}

function from(Readable, iterable, opts) {
  if (typeof iterable === 'string' || isBuffer(iterable)) {
    return new Readable({
      objectMode: true,
      ...opts,
      read() {
        this.push(iterable);
        this.push(null);
      },
    });
  }

  let iterator;
  let isAsync;
  if (iterable?.[Symbol.asyncIterator]) {
    isAsync = true;
    iterator = iterable[Symbol.asyncIterator]();
  } else if (iterable?.[Symbol.iterator]) {
    isAsync = false;
    iterator = iterable[Symbol.iterator]();
  } else {
    throw new (codes().ERR_INVALID_ARG_TYPE)('iterable', ['Iterable'], iterable);
  }

  const readable = new Readable({
    objectMode: true,
    highWaterMark: 1,
    // Options may override the two above.
    ...opts,
  });

  // A pull loop is running.
  let reading = false;
  // The sync iterator has yielded a promise: from then on every value is awaited.
  let isAsyncValues = false;

  readable._read = function() {
    if (!reading) {
      reading = true;
      if (isAsync || isAsyncValues) {
        nextAwaited();
      } else {
        nextSync();
      }
    }
  };

  readable._destroy = function(error, cb) {
    close(error).then(
      () => process.nextTick(cb, error), // on a new tick, in case cb throws
      (e) => process.nextTick(cb, e || error),
    );
  };

  async function close(error) {
    const hadError = error !== undefined && error !== null;
    const hasThrow = typeof iterator.throw === 'function';
    if (hadError && hasThrow) {
      const { value, done } = await iterator.throw(error);
      await value;
      if (done) return;
    }
    if (typeof iterator.return === 'function') {
      const { value } = await iterator.return();
      await value;
    }
  }

  // Pushes a pulled value; returns whether to pull the next one right away. A null value
  // throws ERR_STREAM_NULL_VALUES.
  function pushValue(value) {
    if (value === null) {
      reading = false;
      throw new (codes().ERR_STREAM_NULL_VALUES)();
    }
    if (readable.push(value)) return true;
    reading = false;
    return false;
  }

  // The pull loops: each stops when push() asks to, and restarts from the next _read().

  // A sync iterator, as long as it yields no promise.
  function nextSync() {
    for (;;) {
      try {
        const { value, done } = iterator.next();
        if (done) {
          readable.push(null);
          return;
        }
        if (value && typeof value.then === 'function') return changeToAsyncValues(value);
        if (pushValue(value)) continue;
      } catch (err) {
        readable.destroy(err);
      }
      break;
    }
  }

  async function changeToAsyncValues(value) {
    isAsyncValues = true;
    try {
      if (pushValue(await value)) nextAwaited();
    } catch (err) {
      readable.destroy(err);
    }
  }

  // An async iterator (each next() is awaited), or a sync iterator that has yielded a
  // promise (from then on each promise it yields is awaited).
  async function nextAwaited() {
    for (;;) {
      try {
        const { value, done } = isAsync ? await iterator.next() : iterator.next();
        if (done) {
          readable.push(null);
          return;
        }
        const res = !isAsync && value && typeof value.then === 'function' ? await value : value;
        if (pushValue(res)) continue;
      } catch (err) {
        readable.destroy(err);
      }
      break;
    }
  }

  return readable;
}

module.exports = from;
