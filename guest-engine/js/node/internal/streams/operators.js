// internal/streams/operators — the iterator-helper methods of Readable.prototype.
//
// Stream-returning (wrapped by `stream` into Readable.from): map, filter, flatMap, drop,
// take, compose. Promise-returning: forEach, toArray, some, every, find, reduce.
// `map` (and everything built on it) runs up to `concurrency` calls of `fn` at once,
// reads ahead up to `highWaterMark` results, and keeps the output in input order. Each
// call gets `{ signal }`, aborted when the operation stops; `options.signal` aborts it.

const { finished } = require('internal/streams/end-of-stream');
const staticCompose = require('internal/streams/compose');
const { addAbortSignalNoValidate } = require('internal/streams/add-abort-signal');
const {
  isWritable,
  isNodeStream,
  abortErrorFor,
  newAbortController,
  anySignal,
} = require('internal/streams/utils');

// A `fn` result that produces no output (filter rejects, forEach discards).
const kEmpty = Symbol('kEmpty');
const kEof = Symbol('kEof');

function errors() {
  return require('internal/errors');
}

function validateOptions(options) {
  const { validateObject, validateAbortSignal } = errors();
  if (options != null) validateObject(options, 'options');
  if (options?.signal != null) validateAbortSignal(options.signal, 'options.signal');
}

function abortError() {
  return new (errors().AbortError)();
}

function compose(stream, options) {
  validateOptions(options);

  if (isNodeStream(stream) && !isWritable(stream)) {
    throw new (errors().codes.ERR_INVALID_ARG_VALUE)('stream', stream, 'must be writable');
  }

  const composedStream = staticCompose(this, stream);

  if (options?.signal) addAbortSignalNoValidate(options.signal, composedStream);

  return composedStream;
}

function map(fn, options) {
  const { validateFunction, validateInteger } = errors();
  validateFunction(fn, 'fn');
  validateOptions(options);

  let concurrency = 1;
  if (options?.concurrency != null) concurrency = Math.floor(options.concurrency);

  let highWaterMark = concurrency - 1;
  if (options?.highWaterMark != null) highWaterMark = Math.floor(options.highWaterMark);

  validateInteger(concurrency, 'options.concurrency', 1);
  validateInteger(highWaterMark, 'options.highWaterMark', 0);

  // Results may be queued while `concurrency` calls are running.
  highWaterMark += concurrency;

  return async function* map() {
    const signal = anySignal([options?.signal].filter(Boolean));
    const stream = this;
    // Promises of results (or kEof), in input order.
    const queue = [];
    const signalOpt = { signal };

    // Wake-ups: `next` for the consumer waiting on the queue, `resume` for the pump
    // waiting for room.
    let next;
    let resume;
    let done = false;
    // Calls of `fn` still running.
    let cnt = 0;

    function onCatch() {
      done = true;
      afterItemProcessed();
    }

    function afterItemProcessed() {
      cnt -= 1;
      maybeResume();
    }

    function maybeResume() {
      if (resume && !done && cnt < concurrency && queue.length < highWaterMark) {
        resume();
        resume = null;
      }
    }

    async function pump() {
      try {
        for await (let val of stream) {
          if (done) return;

          if (signal.aborted) throw abortError();

          try {
            val = fn(val, signalOpt);

            if (val === kEmpty) continue;

            val = Promise.resolve(val);
          } catch (err) {
            val = Promise.reject(err);
          }

          cnt += 1;

          val.then(afterItemProcessed, onCatch);

          queue.push(val);
          if (next) {
            next();
            next = null;
          }

          if (!done && (queue.length >= highWaterMark || cnt >= concurrency)) {
            await new Promise((resolve) => {
              resume = resolve;
            });
          }
        }
        queue.push(kEof);
      } catch (err) {
        const val = Promise.reject(err);
        val.then(afterItemProcessed, onCatch);
        queue.push(val);
      } finally {
        done = true;
        if (next) {
          next();
          next = null;
        }
      }
    }

    pump();

    try {
      while (true) {
        while (queue.length > 0) {
          const val = await queue[0];

          if (val === kEof) return;

          if (signal.aborted) throw abortError();

          if (val !== kEmpty) yield val;

          queue.shift();
          maybeResume();
        }

        await new Promise((resolve) => {
          next = resolve;
        });
      }
    } finally {
      done = true;
      if (resume) {
        resume();
        resume = null;
      }
    }
  }.call(this);
}

async function some(fn, options = undefined) {
  for await (const unused of filter.call(this, fn, options)) { // eslint-disable-line no-unused-vars
    return true;
  }
  return false;
}

async function every(fn, options = undefined) {
  errors().validateFunction(fn, 'fn');
  // Stops at the first value that fails the test.
  return !(await some.call(this, async (...args) => {
    return !(await fn(...args));
  }, options));
}

async function find(fn, options) {
  for await (const result of filter.call(this, fn, options)) {
    return result;
  }
  return undefined;
}

async function forEach(fn, options) {
  errors().validateFunction(fn, 'fn');
  async function forEachFn(value, options) {
    await fn(value, options);
    return kEmpty;
  }
  for await (const unused of map.call(this, forEachFn, options)); // eslint-disable-line no-unused-vars
}

function filter(fn, options) {
  errors().validateFunction(fn, 'fn');
  async function filterFn(value, options) {
    if (await fn(value, options)) return value;
    return kEmpty;
  }
  return map.call(this, filterFn, options);
}

// The error of reduce() on an empty stream without an initial value: ERR_MISSING_ARGS
// with a reduce-specific message.
function emptyReduceError() {
  const err = new (errors().codes.ERR_MISSING_ARGS)('reduce');
  err.message = 'Reduce of an empty stream requires an initial value';
  return err;
}

async function reduce(reducer, initialValue, options) {
  errors().validateFunction(reducer, 'reducer');
  validateOptions(options);

  let hasInitialValue = arguments.length > 1;
  if (options?.signal?.aborted) {
    const err = abortErrorFor(options.signal);
    this.once('error', () => {}); // the error is reported by the rejection
    await finished(this.destroy(err));
    throw err;
  }

  const ac = newAbortController();
  const signal = ac.signal;
  if (options?.signal) {
    options.signal.addEventListener('abort', () => ac.abort(), { once: true });
  }

  let gotAnyItemFromStream = false;
  try {
    for await (const value of this) {
      gotAnyItemFromStream = true;
      if (options?.signal?.aborted) throw abortError();

      if (!hasInitialValue) {
        initialValue = value;
        hasInitialValue = true;
      } else {
        initialValue = await reducer(initialValue, value, { signal });
      }
    }
    if (!gotAnyItemFromStream && !hasInitialValue) throw emptyReduceError();
  } finally {
    ac.abort();
  }
  return initialValue;
}

async function toArray(options) {
  validateOptions(options);

  const result = [];
  for await (const val of this) {
    if (options?.signal?.aborted) throw abortErrorFor(options.signal);
    result.push(val);
  }
  return result;
}

function flatMap(fn, options) {
  const values = map.call(this, fn, options);
  return async function* flatMap() {
    for await (const val of values) {
      yield* val;
    }
  }.call(this);
}

function toIntegerOrInfinity(number) {
  // Not ToIntegerOrInfinity exactly: fractions are kept, as in Node.
  number = Number(number);
  if (Number.isNaN(number)) return 0;
  if (number < 0) throw new (errors().codes.ERR_OUT_OF_RANGE)('number', '>= 0', number);
  return number;
}

function drop(number, options = undefined) {
  validateOptions(options);

  number = toIntegerOrInfinity(number);
  return async function* drop() {
    if (options?.signal?.aborted) throw abortError();
    for await (const val of this) {
      if (options?.signal?.aborted) throw abortError();
      if (number-- <= 0) yield val;
    }
  }.call(this);
}

function take(number, options = undefined) {
  validateOptions(options);

  number = toIntegerOrInfinity(number);
  return async function* take() {
    if (options?.signal?.aborted) throw abortError();
    for await (const val of this) {
      if (options?.signal?.aborted) throw abortError();
      if (number-- > 0) yield val;

      // Stop before pulling another value from the source.
      if (number <= 0) return;
    }
  }.call(this);
}

module.exports.streamReturningOperators = {
  drop,
  filter,
  flatMap,
  map,
  take,
  compose,
};

module.exports.promiseReturningOperators = {
  every,
  forEach,
  reduce,
  toArray,
  some,
  find,
};
