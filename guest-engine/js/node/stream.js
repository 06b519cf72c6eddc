// node:stream — the module object: the legacy `Stream` constructor, carrying the stream
// classes and helpers as properties, as in Node 22.
//
// Owns the assembly: attaching the iterator-helper operators to Readable.prototype (the
// stream-returning ones wrapped in Readable.from), the `promises` getter, and the
// util.promisify shortcuts of `pipeline` and `finished`. Everything else lives in
// `internal/streams/*`.

const { streamReturningOperators, promiseReturningOperators } =
  require('internal/streams/operators');
const compose = require('internal/streams/compose');
const { setDefaultHighWaterMark, getDefaultHighWaterMark } = require('internal/streams/state');
const { pipeline } = require('internal/streams/pipeline');
const { destroyer } = require('internal/streams/destroy');
const eos = require('internal/streams/end-of-stream');
const utils = require('internal/streams/utils');
const { addAbortSignal } = require('internal/streams/add-abort-signal');

const Stream = module.exports = require('internal/streams/legacy').Stream;

Stream.isDestroyed = utils.isDestroyed;
Stream.isDisturbed = utils.isDisturbed;
Stream.isErrored = utils.isErrored;
Stream.isReadable = utils.isReadable;
Stream.isWritable = utils.isWritable;

Stream.Readable = require('internal/streams/readable');

function illegalConstructor() {
  return new (require('internal/errors').codes.ERR_ILLEGAL_CONSTRUCTOR)();
}

// Installs `wrap(op)` as a non-enumerable method named like `op`.
function defineOperator(key, op, call) {
  function fn(...args) {
    if (new.target) throw illegalConstructor();
    return call(op, this, args);
  }
  Object.defineProperty(fn, 'name', { __proto__: null, value: op.name });
  Object.defineProperty(fn, 'length', { __proto__: null, value: op.length });
  Object.defineProperty(Stream.Readable.prototype, key, {
    __proto__: null,
    value: fn,
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

for (const key of Object.keys(streamReturningOperators)) {
  defineOperator(key, streamReturningOperators[key],
    (op, self, args) => Stream.Readable.from(Reflect.apply(op, self, args)));
}
for (const key of Object.keys(promiseReturningOperators)) {
  defineOperator(key, promiseReturningOperators[key],
    (op, self, args) => Reflect.apply(op, self, args));
}

Stream.Writable = require('internal/streams/writable');
Stream.Duplex = require('internal/streams/duplex');
Stream.Transform = require('internal/streams/transform');
Stream.PassThrough = require('internal/streams/passthrough');
Stream.duplexPair = require('internal/streams/duplexpair');
Stream.pipeline = pipeline;
Stream.addAbortSignal = addAbortSignal;
Stream.finished = eos;
Stream.destroy = destroyer;
Stream.compose = compose;
Stream.setDefaultHighWaterMark = setDefaultHighWaterMark;
Stream.getDefaultHighWaterMark = getDefaultHighWaterMark;

let promises;
function lazyPromises() {
  promises ??= require('stream/promises');
  return promises;
}

Object.defineProperty(Stream, 'promises', {
  __proto__: null,
  configurable: true,
  enumerable: true,
  get() {
    return lazyPromises();
  },
});

// util.promisify(stream.pipeline) and util.promisify(stream.finished).
const customPromisify = Symbol.for('nodejs.util.promisify.custom');
for (const [fn, name] of [[pipeline, 'pipeline'], [eos, 'finished']]) {
  Object.defineProperty(fn, customPromisify, {
    __proto__: null,
    enumerable: true,
    get() {
      return lazyPromises()[name];
    },
  });
}

Stream.Stream = Stream;

// Helpers older userland stream modules use.
Stream._isArrayBufferView = utils.isArrayBufferView;
Stream._isUint8Array = utils.isUint8Array;
Stream._uint8ArrayToBuffer = function _uint8ArrayToBuffer(chunk) {
  return utils.uint8ArrayToBuffer(chunk);
};
