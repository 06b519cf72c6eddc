// internal/webstreams/util — what the WHATWG stream classes share: the internal-slot
// symbol, the queue-with-sizes operations, strategy extraction, ArrayBuffer transfer,
// brand checks, promise helpers and the Node error constructors they throw.

const kState = Symbol('kState');
const kType = Symbol('kType');

const {
  kIsClosedPromise,
  kControllerErrorFunction,
  kIsDisturbed,
  kIsErrored,
  kIsReadable,
  kIsWritable,
} = require('internal/streams/utils');

function codes() {
  return require('internal/errors').codes;
}

function invalidState(message) {
  return new (codes().ERR_INVALID_STATE.TypeError)(message);
}

function invalidThis(name) {
  return new (codes().ERR_INVALID_THIS)(name);
}

function invalidArgType(name, expected, value) {
  return new (codes().ERR_INVALID_ARG_TYPE)(name, expected, value);
}

function invalidArgValue(name, value, reason) {
  return new (codes().ERR_INVALID_ARG_VALUE)(name, value, reason);
}

// A deferred promise: { promise, resolve, reject }.
function createDeferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setPromiseHandled(promise) {
  promise.then(undefined, () => {});
}

// Runs `fn(...args)` and returns its result as a promise, a throw as a rejection.
function promiseCall(fn, thisArg, ...args) {
  try {
    return Promise.resolve(Reflect.apply(fn, thisArg, args));
  } catch (error) {
    return Promise.reject(error);
  }
}

function nonOpAsync() {
  return Promise.resolve();
}

// The method `name` of a user-supplied source/sink/transformer, validated as a function.
function getMethod(object, name, owner) {
  const method = object?.[name];
  if (method === undefined) return undefined;
  if (typeof method !== 'function') {
    throw invalidArgType(`${owner}.${name}`, 'Function', method);
  }
  return method;
}

function extractHighWaterMark(strategy, defaultHWM) {
  const highWaterMark = strategy?.highWaterMark;
  if (highWaterMark === undefined) return defaultHWM;
  const value = Number(highWaterMark);
  if (Number.isNaN(value) || value < 0) {
    throw new (codes().ERR_INVALID_ARG_VALUE.RangeError)(
      'strategy.highWaterMark', highWaterMark);
  }
  return value;
}

function extractSizeAlgorithm(strategy) {
  const size = strategy?.size;
  if (size === undefined) return () => 1;
  if (typeof size !== 'function') throw invalidArgType('strategy.size', 'Function', size);
  return (chunk) => size(chunk);
}

// Queue-with-sizes: `container[kState]` has `queue` ({ value, size } entries) and
// `queueTotalSize`.
function dequeueValue(state) {
  const { value, size } = state.queue.shift();
  state.queueTotalSize = Math.max(0, state.queueTotalSize - size);
  return value;
}

function enqueueValueWithSize(state, value, size) {
  if (typeof size !== 'number' || Number.isNaN(size) || size < 0 || size === Infinity) {
    throw new (codes().ERR_INVALID_ARG_VALUE.RangeError)('size', size);
  }
  state.queue.push({ value, size });
  state.queueTotalSize += size;
}

function peekQueueValue(state) {
  return state.queue[0].value;
}

function resetQueue(state) {
  state.queue = [];
  state.queueTotalSize = 0;
}

function isDetachedBuffer(buffer) {
  return buffer.detached === true;
}

// TransferArrayBuffer: a new ArrayBuffer owning `buffer`'s memory; `buffer` is detached.
function transferArrayBuffer(buffer) {
  if (isDetachedBuffer(buffer)) throw new TypeError('Cannot transfer a detached ArrayBuffer');
  return buffer.transfer();
}

function copyBytes(dest, destOffset, src, srcOffset, length) {
  new Uint8Array(dest, destOffset, length).set(new Uint8Array(src, srcOffset, length));
}

// The %AsyncIteratorPrototype% the stream async iterators inherit from.
const AsyncIteratorPrototype =
  Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);

const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

// `ClassName { field: value, ... }` for util.inspect.
function customInspect(self, name, fields, depth, options) {
  if (depth < 0) return self;
  const inspect = require('util').inspect;
  const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
  return `${name} ${inspect(fields, opts)}`;
}

module.exports = {
  kState,
  kType,
  kIsClosedPromise,
  kControllerErrorFunction,
  kIsDisturbed,
  kIsErrored,
  kIsReadable,
  kIsWritable,
  codes,
  invalidState,
  invalidThis,
  invalidArgType,
  invalidArgValue,
  createDeferred,
  setPromiseHandled,
  promiseCall,
  nonOpAsync,
  getMethod,
  extractHighWaterMark,
  extractSizeAlgorithm,
  dequeueValue,
  enqueueValueWithSize,
  peekQueueValue,
  resetQueue,
  isDetachedBuffer,
  transferArrayBuffer,
  copyBytes,
  AsyncIteratorPrototype,
  customInspectSymbol,
  customInspect,
};
