// internal/webstreams/readablestream — the WHATWG ReadableStream: default and byte
// sources, ReadableStreamDefaultReader / ReadableStreamBYOBReader, their controllers and
// ReadableStreamBYOBRequest, tee, pipeTo / pipeThrough, async iteration and
// ReadableStream.from. The abstract operations follow the Streams Standard; each object
// keeps its internal slots in `this[kState]`.

const {
  kState,
  kType,
  kIsClosedPromise,
  kControllerErrorFunction,
  kIsDisturbed,
  kIsErrored,
  kIsReadable,
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
  resetQueue,
  isDetachedBuffer,
  transferArrayBuffer,
  copyBytes,
  AsyncIteratorPrototype,
  customInspectSymbol,
  customInspect,
} = require('internal/webstreams/util');

const kConstruct = Symbol('kConstruct');

function writable() {
  return require('internal/webstreams/writablestream');
}

function isReadableStream(value) {
  return value?.[kType] === 'ReadableStream';
}

function isDefaultReader(value) {
  return value?.[kType] === 'ReadableStreamDefaultReader';
}

function isBYOBReader(value) {
  return value?.[kType] === 'ReadableStreamBYOBReader';
}

function isByteController(value) {
  return value?.[kType] === 'ReadableByteStreamController';
}

function brand(self, type) {
  if (self?.[kType] !== type) throw invalidThis(type);
}

// ---------------------------------------------------------------------------------------
// ReadableStream

class ReadableStream {
  constructor(source = undefined, strategy = undefined) {
    if (source === kConstruct) {
      initializeReadableStream(this);
      return;
    }
    if (source === null) throw invalidArgType('source', 'Object', source);
    if (strategy != null && typeof strategy !== 'object') {
      throw invalidArgType('strategy', 'Object', strategy);
    }
    initializeReadableStream(this);
    const type = source?.type;
    if (type !== undefined && `${type}` !== 'bytes') {
      throw invalidArgValue('source.type', type);
    }
    if (`${type}` === 'bytes') {
      if (strategy?.size !== undefined) {
        throw new (codes().ERR_INVALID_ARG_VALUE.RangeError)('strategy.size', strategy.size);
      }
      const highWaterMark = extractHighWaterMark(strategy, 0);
      setUpByteControllerFromSource(this, source, highWaterMark);
    } else {
      const sizeAlgorithm = extractSizeAlgorithm(strategy);
      const highWaterMark = extractHighWaterMark(strategy, 1);
      setUpDefaultControllerFromSource(this, source ?? {}, highWaterMark, sizeAlgorithm);
    }
  }

  get locked() {
    brand(this, 'ReadableStream');
    return isReadableStreamLocked(this);
  }

  cancel(reason = undefined) {
    if (!isReadableStream(this)) return Promise.reject(invalidThis('ReadableStream'));
    if (isReadableStreamLocked(this)) {
      return Promise.reject(invalidState('ReadableStream is locked'));
    }
    return readableStreamCancel(this, reason);
  }

  getReader(options = undefined) {
    brand(this, 'ReadableStream');
    if (options != null && typeof options !== 'object') {
      throw invalidArgType('options', 'Object', options);
    }
    const mode = options?.mode;
    if (mode === undefined) return new ReadableStreamDefaultReader(this);
    if (`${mode}` !== 'byob') throw invalidArgValue('options.mode', mode);
    return new ReadableStreamBYOBReader(this);
  }

  pipeThrough(transform, options = {}) {
    brand(this, 'ReadableStream');
    const readableSide = transform?.readable;
    if (!isReadableStream(readableSide)) {
      throw invalidArgType('transform.readable', 'ReadableStream', readableSide);
    }
    const writableSide = transform?.writable;
    if (!writable().isWritableStream(writableSide)) {
      throw invalidArgType('transform.writable', 'WritableStream', writableSide);
    }
    const { preventClose, preventAbort, preventCancel, signal } = pipeOptions(options);
    if (isReadableStreamLocked(this)) throw invalidState('The ReadableStream is locked');
    if (writable().isWritableStreamLocked(writableSide)) {
      throw invalidState('The WritableStream is locked');
    }
    const promise = readableStreamPipeTo(this, writableSide, preventClose, preventAbort,
      preventCancel, signal);
    setPromiseHandled(promise);
    return readableSide;
  }

  pipeTo(destination, options = {}) {
    try {
      brand(this, 'ReadableStream');
      if (!writable().isWritableStream(destination)) {
        throw invalidArgType('destination', 'WritableStream', destination);
      }
      const { preventClose, preventAbort, preventCancel, signal } = pipeOptions(options);
      if (isReadableStreamLocked(this)) throw invalidState('The ReadableStream is locked');
      if (writable().isWritableStreamLocked(destination)) {
        throw invalidState('The WritableStream is locked');
      }
      return readableStreamPipeTo(this, destination, preventClose, preventAbort,
        preventCancel, signal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  tee() {
    brand(this, 'ReadableStream');
    return readableStreamTee(this);
  }

  values(options = undefined) {
    brand(this, 'ReadableStream');
    if (options != null && typeof options !== 'object') {
      throw invalidArgType('options', 'Object', options);
    }
    const preventCancel = !!options?.preventCancel;
    const reader = new ReadableStreamDefaultReader(this);
    const iterator = Object.create(ReadableStreamAsyncIteratorPrototype);
    iterator[kState] = { reader, preventCancel, ongoing: undefined, finished: false };
    return iterator;
  }

  static from(iterable) {
    return readableStreamFromIterable(iterable);
  }

  get [kIsDisturbed]() {
    return this[kState].disturbed;
  }

  get [kIsErrored]() {
    return this[kState].state === 'errored';
  }

  get [kIsReadable]() {
    return this[kState].state === 'readable';
  }

  [customInspectSymbol](depth, options) {
    const state = this[kState];
    return customInspect(this, 'ReadableStream', {
      locked: this.locked,
      state: state.state,
      supportsBYOB: isByteController(state.controller),
    }, depth, options);
  }
}

Object.defineProperty(ReadableStream.prototype, Symbol.asyncIterator, {
  value: ReadableStream.prototype.values, writable: true, configurable: true,
});
Object.defineProperty(ReadableStream.prototype, Symbol.toStringTag, {
  value: 'ReadableStream', configurable: true,
});

function pipeOptions(options) {
  if (options === null || typeof options !== 'object') {
    throw invalidArgType('options', 'Object', options);
  }
  const signal = options.signal;
  if (signal !== undefined) {
    require('internal/errors').validateAbortSignal(signal, 'options.signal');
  }
  return {
    preventAbort: !!options.preventAbort,
    preventCancel: !!options.preventCancel,
    preventClose: !!options.preventClose,
    signal,
  };
}

function initializeReadableStream(stream) {
  stream[kType] = 'ReadableStream';
  stream[kState] = {
    state: 'readable',
    reader: undefined,
    storedError: undefined,
    disturbed: false,
    controller: undefined,
  };
  // What `stream.finished()` and `addAbortSignal()` use to follow a web stream.
  stream[kIsClosedPromise] = createDeferred();
  setPromiseHandled(stream[kIsClosedPromise].promise);
  stream[kControllerErrorFunction] = (error) => {
    const controller = stream[kState].controller;
    if (isByteController(controller)) {
      readableByteStreamControllerError(controller, error);
    } else {
      readableStreamDefaultControllerError(controller, error);
    }
  };
}

// A stream created by this module (tee branches, ReadableStream.from, transform sides).
function createReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm,
  highWaterMark = 1, sizeAlgorithm = () => 1) {
  const stream = new ReadableStream(kConstruct);
  const controller = Object.create(ReadableStreamDefaultController.prototype);
  setUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm,
    cancelAlgorithm, highWaterMark, sizeAlgorithm);
  return stream;
}

function isReadableStreamLocked(stream) {
  return stream[kState].reader !== undefined;
}

function readableStreamCancel(stream, reason) {
  const state = stream[kState];
  state.disturbed = true;
  if (state.state === 'closed') return Promise.resolve();
  if (state.state === 'errored') return Promise.reject(state.storedError);
  readableStreamClose(stream);
  const reader = state.reader;
  if (isBYOBReader(reader)) {
    const requests = reader[kState].readIntoRequests;
    reader[kState].readIntoRequests = [];
    for (const request of requests) request.closeSteps(undefined);
  }
  return state.controller[kCancelSteps](reason).then(() => undefined);
}

function readableStreamClose(stream) {
  const state = stream[kState];
  state.state = 'closed';
  stream[kIsClosedPromise].resolve();
  const reader = state.reader;
  if (reader === undefined) return;
  reader[kState].closed.resolve();
  if (isDefaultReader(reader)) {
    const requests = reader[kState].readRequests;
    reader[kState].readRequests = [];
    for (const request of requests) request.closeSteps();
  }
}

function readableStreamError(stream, error) {
  const state = stream[kState];
  state.state = 'errored';
  state.storedError = error;
  stream[kIsClosedPromise].reject(error);
  const reader = state.reader;
  if (reader === undefined) return;
  reader[kState].closed.reject(error);
  setPromiseHandled(reader[kState].closed.promise);
  if (isDefaultReader(reader)) {
    readerErrorReadRequests(reader, error);
  } else {
    readerErrorReadIntoRequests(reader, error);
  }
}

function readableStreamAddReadRequest(stream, request) {
  stream[kState].reader[kState].readRequests.push(request);
}

function readableStreamAddReadIntoRequest(stream, request) {
  stream[kState].reader[kState].readIntoRequests.push(request);
}

function readableStreamFulfillReadRequest(stream, chunk, done) {
  const request = stream[kState].reader[kState].readRequests.shift();
  if (done) {
    request.closeSteps();
  } else {
    request.chunkSteps(chunk);
  }
}

function readableStreamFulfillReadIntoRequest(stream, chunk, done) {
  const request = stream[kState].reader[kState].readIntoRequests.shift();
  if (done) {
    request.closeSteps(chunk);
  } else {
    request.chunkSteps(chunk);
  }
}

function readableStreamGetNumReadRequests(stream) {
  return stream[kState].reader[kState].readRequests.length;
}

function readableStreamGetNumReadIntoRequests(stream) {
  return stream[kState].reader[kState].readIntoRequests.length;
}

function readableStreamHasDefaultReader(stream) {
  return isDefaultReader(stream[kState].reader);
}

function readableStreamHasBYOBReader(stream) {
  return isBYOBReader(stream[kState].reader);
}

// ---------------------------------------------------------------------------------------
// Readers

function readerGenericInitialize(reader, stream) {
  const state = reader[kState];
  state.stream = stream;
  stream[kState].reader = reader;
  state.closed = createDeferred();
  const streamState = stream[kState];
  if (streamState.state === 'closed') {
    state.closed.resolve();
  } else if (streamState.state === 'errored') {
    state.closed.reject(streamState.storedError);
    setPromiseHandled(state.closed.promise);
  }
}

function readerGenericRelease(reader) {
  const state = reader[kState];
  const stream = state.stream;
  const error = invalidState('Reader released');
  if (stream[kState].state === 'readable') {
    state.closed.reject(error);
  } else {
    state.closed = createDeferred();
    state.closed.reject(error);
  }
  setPromiseHandled(state.closed.promise);
  stream[kState].controller[kReleaseSteps]();
  stream[kState].reader = undefined;
  state.stream = undefined;
}

function readerErrorReadRequests(reader, error) {
  const requests = reader[kState].readRequests;
  reader[kState].readRequests = [];
  for (const request of requests) request.errorSteps(error);
}

function readerErrorReadIntoRequests(reader, error) {
  const requests = reader[kState].readIntoRequests;
  reader[kState].readIntoRequests = [];
  for (const request of requests) request.errorSteps(error);
}

function readableStreamDefaultReaderRelease(reader) {
  readerGenericRelease(reader);
  readerErrorReadRequests(reader, invalidState('Reader released'));
}

function readableStreamBYOBReaderRelease(reader) {
  readerGenericRelease(reader);
  readerErrorReadIntoRequests(reader, invalidState('Reader released'));
}

function readableStreamDefaultReaderRead(reader, request) {
  const stream = reader[kState].stream;
  const state = stream[kState];
  state.disturbed = true;
  if (state.state === 'closed') {
    request.closeSteps();
  } else if (state.state === 'errored') {
    request.errorSteps(state.storedError);
  } else {
    state.controller[kPullSteps](request);
  }
}

// A read request settling `deferred` with `{ value, done }` results.
function promiseReadRequest(deferred) {
  return {
    chunkSteps: (value) => deferred.resolve({ value, done: false }),
    closeSteps: (value = undefined) => deferred.resolve({ value, done: true }),
    errorSteps: (error) => deferred.reject(error),
  };
}

function acquireReadableStreamDefaultReader(stream) {
  return new ReadableStreamDefaultReader(stream);
}

class ReadableStreamDefaultReader {
  constructor(stream) {
    if (!isReadableStream(stream)) throw invalidArgType('stream', 'ReadableStream', stream);
    if (isReadableStreamLocked(stream)) throw invalidState('ReadableStream is locked');
    this[kType] = 'ReadableStreamDefaultReader';
    this[kState] = { stream: undefined, closed: undefined, readRequests: [] };
    readerGenericInitialize(this, stream);
  }

  read() {
    if (!isDefaultReader(this)) {
      return Promise.reject(invalidThis('ReadableStreamDefaultReader'));
    }
    if (this[kState].stream === undefined) {
      return Promise.reject(invalidState('The reader is not attached to a stream'));
    }
    const deferred = createDeferred();
    readableStreamDefaultReaderRead(this, promiseReadRequest(deferred));
    return deferred.promise;
  }

  releaseLock() {
    brand(this, 'ReadableStreamDefaultReader');
    if (this[kState].stream === undefined) return;
    readableStreamDefaultReaderRelease(this);
  }

  get closed() {
    if (!isDefaultReader(this)) {
      return Promise.reject(invalidThis('ReadableStreamDefaultReader'));
    }
    return this[kState].closed.promise;
  }

  cancel(reason = undefined) {
    if (!isDefaultReader(this)) {
      return Promise.reject(invalidThis('ReadableStreamDefaultReader'));
    }
    if (this[kState].stream === undefined) {
      return Promise.reject(invalidState('The reader is not attached to a stream'));
    }
    return readableStreamCancel(this[kState].stream, reason);
  }

  [customInspectSymbol](depth, options) {
    return customInspect(this, 'ReadableStreamDefaultReader', {
      stream: this[kState].stream,
      readRequests: this[kState].readRequests.length,
      close: this[kState].closed.promise,
    }, depth, options);
  }
}

Object.defineProperty(ReadableStreamDefaultReader.prototype, Symbol.toStringTag, {
  value: 'ReadableStreamDefaultReader', configurable: true,
});

class ReadableStreamBYOBReader {
  constructor(stream) {
    if (!isReadableStream(stream)) throw invalidArgType('stream', 'ReadableStream', stream);
    if (isReadableStreamLocked(stream)) throw invalidState('ReadableStream is locked');
    if (!isByteController(stream[kState].controller)) {
      throw invalidArgValue('stream', stream, 'must be a byte stream');
    }
    this[kType] = 'ReadableStreamBYOBReader';
    this[kState] = { stream: undefined, closed: undefined, readIntoRequests: [] };
    readerGenericInitialize(this, stream);
  }

  read(view, options = undefined) {
    if (!isBYOBReader(this)) return Promise.reject(invalidThis('ReadableStreamBYOBReader'));
    if (!ArrayBuffer.isView(view)) {
      return Promise.reject(invalidArgType('view', ['Buffer', 'TypedArray', 'DataView'], view));
    }
    if (options != null && typeof options !== 'object') {
      return Promise.reject(invalidArgType('options', 'Object', options));
    }
    const isTypedArray = !(view instanceof DataView);
    if (view.byteLength === 0 || view.buffer.byteLength === 0) {
      return Promise.reject(invalidState('View or Viewed ArrayBuffer is zero-length or detached'));
    }
    const min = options?.min === undefined ? 1 : Number(options.min);
    if (!Number.isInteger(min) || min <= 0) {
      return Promise.reject(invalidArgValue('options.min', options?.min,
        'must be a positive integer'));
    }
    if (min > (isTypedArray ? view.length : view.byteLength)) {
      return Promise.reject(new (codes().ERR_OUT_OF_RANGE)('options.min',
        `<= ${isTypedArray ? view.length : view.byteLength}`, min));
    }
    if (this[kState].stream === undefined) {
      return Promise.reject(invalidState('The reader is not attached to a stream'));
    }
    const deferred = createDeferred();
    readableStreamBYOBReaderRead(this, view, min, promiseReadRequest(deferred));
    return deferred.promise;
  }

  releaseLock() {
    brand(this, 'ReadableStreamBYOBReader');
    if (this[kState].stream === undefined) return;
    readableStreamBYOBReaderRelease(this);
  }

  get closed() {
    if (!isBYOBReader(this)) return Promise.reject(invalidThis('ReadableStreamBYOBReader'));
    return this[kState].closed.promise;
  }

  cancel(reason = undefined) {
    if (!isBYOBReader(this)) return Promise.reject(invalidThis('ReadableStreamBYOBReader'));
    if (this[kState].stream === undefined) {
      return Promise.reject(invalidState('The reader is not attached to a stream'));
    }
    return readableStreamCancel(this[kState].stream, reason);
  }

  [customInspectSymbol](depth, options) {
    return customInspect(this, 'ReadableStreamBYOBReader', {
      stream: this[kState].stream,
      requestIntoRequests: this[kState].readIntoRequests.length,
      close: this[kState].closed.promise,
    }, depth, options);
  }
}

Object.defineProperty(ReadableStreamBYOBReader.prototype, Symbol.toStringTag, {
  value: 'ReadableStreamBYOBReader', configurable: true,
});

function readableStreamBYOBReaderRead(reader, view, min, request) {
  const stream = reader[kState].stream;
  const state = stream[kState];
  state.disturbed = true;
  if (state.state === 'errored') {
    request.errorSteps(state.storedError);
  } else {
    readableByteStreamControllerPullInto(state.controller, view, min, request);
  }
}

// ---------------------------------------------------------------------------------------
// ReadableStreamDefaultController

const kCancelSteps = Symbol('kCancelSteps');
const kPullSteps = Symbol('kPullSteps');
const kReleaseSteps = Symbol('kReleaseSteps');

class ReadableStreamDefaultController {
  constructor() {
    throw new (codes().ERR_ILLEGAL_CONSTRUCTOR)();
  }

  get desiredSize() {
    brand(this, 'ReadableStreamDefaultController');
    return readableStreamDefaultControllerGetDesiredSize(this);
  }

  close() {
    brand(this, 'ReadableStreamDefaultController');
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(this)) {
      throw invalidState('Controller is already closed');
    }
    readableStreamDefaultControllerClose(this);
  }

  enqueue(chunk = undefined) {
    brand(this, 'ReadableStreamDefaultController');
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(this)) {
      throw invalidState('Controller is already closed');
    }
    readableStreamDefaultControllerEnqueue(this, chunk);
  }

  error(error = undefined) {
    brand(this, 'ReadableStreamDefaultController');
    readableStreamDefaultControllerError(this, error);
  }

  [kCancelSteps](reason) {
    resetQueue(this[kState]);
    const result = this[kState].cancelAlgorithm(reason);
    readableStreamDefaultControllerClearAlgorithms(this);
    return result;
  }

  [kPullSteps](request) {
    const state = this[kState];
    const stream = state.stream;
    if (state.queue.length > 0) {
      const chunk = dequeueValue(state);
      if (state.closeRequested && state.queue.length === 0) {
        readableStreamDefaultControllerClearAlgorithms(this);
        readableStreamClose(stream);
      } else {
        readableStreamDefaultControllerCallPullIfNeeded(this);
      }
      request.chunkSteps(chunk);
      return;
    }
    readableStreamAddReadRequest(stream, request);
    readableStreamDefaultControllerCallPullIfNeeded(this);
  }

  [kReleaseSteps]() {}

  [customInspectSymbol](depth, options) {
    return customInspect(this, 'ReadableStreamDefaultController', {}, depth, options);
  }
}

Object.defineProperty(ReadableStreamDefaultController.prototype, Symbol.toStringTag, {
  value: 'ReadableStreamDefaultController', configurable: true,
});

function setUpReadableStreamDefaultController(stream, controller, startAlgorithm,
  pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm) {
  controller[kType] = 'ReadableStreamDefaultController';
  controller[kState] = {
    stream,
    queue: [],
    queueTotalSize: 0,
    started: false,
    closeRequested: false,
    pullAgain: false,
    pulling: false,
    strategySizeAlgorithm: sizeAlgorithm,
    strategyHWM: highWaterMark,
    pullAlgorithm,
    cancelAlgorithm,
  };
  stream[kState].controller = controller;
  const startResult = startAlgorithm();
  Promise.resolve(startResult).then(() => {
    controller[kState].started = true;
    readableStreamDefaultControllerCallPullIfNeeded(controller);
  }, (error) => readableStreamDefaultControllerError(controller, error));
}

function setUpDefaultControllerFromSource(stream, source, highWaterMark, sizeAlgorithm) {
  const controller = Object.create(ReadableStreamDefaultController.prototype);
  const start = getMethod(source, 'start', 'source');
  const pull = getMethod(source, 'pull', 'source');
  const cancel = getMethod(source, 'cancel', 'source');
  setUpReadableStreamDefaultController(stream, controller,
    () => (start ? Reflect.apply(start, source, [controller]) : undefined),
    pull ? () => promiseCall(pull, source, controller) : nonOpAsync,
    cancel ? (reason) => promiseCall(cancel, source, reason) : nonOpAsync,
    highWaterMark, sizeAlgorithm);
}

function readableStreamDefaultControllerCallPullIfNeeded(controller) {
  if (!readableStreamDefaultControllerShouldCallPull(controller)) return;
  const state = controller[kState];
  if (state.pulling) {
    state.pullAgain = true;
    return;
  }
  state.pulling = true;
  state.pullAlgorithm().then(() => {
    state.pulling = false;
    if (state.pullAgain) {
      state.pullAgain = false;
      readableStreamDefaultControllerCallPullIfNeeded(controller);
    }
  }, (error) => readableStreamDefaultControllerError(controller, error));
}

function readableStreamDefaultControllerShouldCallPull(controller) {
  const state = controller[kState];
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) return false;
  if (!state.started) return false;
  const stream = state.stream;
  if (isReadableStreamLocked(stream) && readableStreamHasDefaultReader(stream) &&
      readableStreamGetNumReadRequests(stream) > 0) {
    return true;
  }
  return readableStreamDefaultControllerGetDesiredSize(controller) > 0;
}

function readableStreamDefaultControllerClearAlgorithms(controller) {
  controller[kState].pullAlgorithm = undefined;
  controller[kState].cancelAlgorithm = undefined;
  controller[kState].strategySizeAlgorithm = undefined;
}

function readableStreamDefaultControllerClose(controller) {
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) return;
  const state = controller[kState];
  state.closeRequested = true;
  if (state.queue.length === 0) {
    readableStreamDefaultControllerClearAlgorithms(controller);
    readableStreamClose(state.stream);
  }
}

function readableStreamDefaultControllerEnqueue(controller, chunk) {
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) return;
  const state = controller[kState];
  const stream = state.stream;
  if (isReadableStreamLocked(stream) && readableStreamHasDefaultReader(stream) &&
      readableStreamGetNumReadRequests(stream) > 0) {
    readableStreamFulfillReadRequest(stream, chunk, false);
  } else {
    try {
      const size = state.strategySizeAlgorithm(chunk);
      enqueueValueWithSize(state, chunk, size);
    } catch (error) {
      readableStreamDefaultControllerError(controller, error);
      throw error;
    }
  }
  readableStreamDefaultControllerCallPullIfNeeded(controller);
}

function readableStreamDefaultControllerError(controller, error) {
  const state = controller[kState];
  if (state.stream[kState].state !== 'readable') return;
  resetQueue(state);
  readableStreamDefaultControllerClearAlgorithms(controller);
  readableStreamError(state.stream, error);
}

function readableStreamDefaultControllerGetDesiredSize(controller) {
  const state = controller[kState];
  const streamState = state.stream[kState].state;
  if (streamState === 'errored') return null;
  if (streamState === 'closed') return 0;
  return state.strategyHWM - state.queueTotalSize;
}

function readableStreamDefaultControllerHasBackpressure(controller) {
  return !readableStreamDefaultControllerShouldCallPull(controller);
}

function readableStreamDefaultControllerCanCloseOrEnqueue(controller) {
  const state = controller[kState];
  return !state.closeRequested && state.stream[kState].state === 'readable';
}

// ---------------------------------------------------------------------------------------
// ReadableByteStreamController and ReadableStreamBYOBRequest

class ReadableStreamBYOBRequest {
  constructor() {
    throw new (codes().ERR_ILLEGAL_CONSTRUCTOR)();
  }

  get view() {
    brand(this, 'ReadableStreamBYOBRequest');
    return this[kState].view;
  }

  respond(bytesWritten) {
    brand(this, 'ReadableStreamBYOBRequest');
    const { controller, view } = this[kState];
    if (controller === undefined) {
      throw invalidState('This BYOB request has been invalidated');
    }
    const written = Number(bytesWritten);
    if (!Number.isInteger(written) || written < 0) {
      throw invalidArgValue('bytesWritten', bytesWritten, 'must be a non-negative integer');
    }
    if (isDetachedBuffer(view.buffer)) {
      throw invalidState('The view\'s buffer has been detached');
    }
    readableByteStreamControllerRespond(controller, written);
  }

  respondWithNewView(view) {
    brand(this, 'ReadableStreamBYOBRequest');
    const controller = this[kState].controller;
    if (controller === undefined) {
      throw invalidState('This BYOB request has been invalidated');
    }
    if (!ArrayBuffer.isView(view)) {
      throw invalidArgType('view', ['Buffer', 'TypedArray', 'DataView'], view);
    }
    if (isDetachedBuffer(view.buffer)) {
      throw invalidState('The view\'s buffer has been detached');
    }
    readableByteStreamControllerRespondWithNewView(controller, view);
  }

  [customInspectSymbol](depth, options) {
    return customInspect(this, 'ReadableStreamBYOBRequest', {
      view: this[kState].view,
      controller: this[kState].controller,
    }, depth, options);
  }
}

Object.defineProperty(ReadableStreamBYOBRequest.prototype, Symbol.toStringTag, {
  value: 'ReadableStreamBYOBRequest', configurable: true,
});

class ReadableByteStreamController {
  constructor() {
    throw new (codes().ERR_ILLEGAL_CONSTRUCTOR)();
  }

  get byobRequest() {
    brand(this, 'ReadableByteStreamController');
    return readableByteStreamControllerGetBYOBRequest(this);
  }

  get desiredSize() {
    brand(this, 'ReadableByteStreamController');
    return readableByteStreamControllerGetDesiredSize(this);
  }

  close() {
    brand(this, 'ReadableByteStreamController');
    const state = this[kState];
    if (state.closeRequested) throw invalidState('Controller is already closed');
    if (state.stream[kState].state !== 'readable') {
      throw invalidState('ReadableStream is already closed');
    }
    readableByteStreamControllerClose(this);
  }

  enqueue(chunk) {
    brand(this, 'ReadableByteStreamController');
    if (!ArrayBuffer.isView(chunk)) {
      throw invalidArgType('chunk', ['Buffer', 'TypedArray', 'DataView'], chunk);
    }
    if (chunk.byteLength === 0) throw invalidArgValue('chunk', chunk, 'cannot be empty');
    if (chunk.buffer.byteLength === 0) {
      throw invalidArgValue('chunk', chunk, 'cannot have an empty buffer');
    }
    const state = this[kState];
    if (state.closeRequested) throw invalidState('Controller is already closed');
    if (state.stream[kState].state !== 'readable') {
      throw invalidState('ReadableStream is already closed');
    }
    readableByteStreamControllerEnqueue(this, chunk);
  }

  error(error = undefined) {
    brand(this, 'ReadableByteStreamController');
    readableByteStreamControllerError(this, error);
  }

  [kCancelSteps](reason) {
    readableByteStreamControllerClearPendingPullIntos(this);
    resetQueue(this[kState]);
    const result = this[kState].cancelAlgorithm(reason);
    readableByteStreamControllerClearAlgorithms(this);
    return result;
  }

  [kPullSteps](request) {
    const state = this[kState];
    const stream = state.stream;
    if (state.queueTotalSize > 0) {
      readableByteStreamControllerFillReadRequestFromQueue(this, request);
      return;
    }
    const autoAllocateChunkSize = state.autoAllocateChunkSize;
    if (autoAllocateChunkSize !== undefined) {
      let buffer;
      try {
        buffer = new ArrayBuffer(autoAllocateChunkSize);
      } catch (error) {
        request.errorSteps(error);
        return;
      }
      state.pendingPullIntos.push({
        buffer,
        bufferByteLength: autoAllocateChunkSize,
        byteOffset: 0,
        byteLength: autoAllocateChunkSize,
        bytesFilled: 0,
        minimumFill: 1,
        elementSize: 1,
        viewConstructor: Uint8Array,
        readerType: 'default',
      });
    }
    readableStreamAddReadRequest(stream, request);
    readableByteStreamControllerCallPullIfNeeded(this);
  }

  [kReleaseSteps]() {
    const state = this[kState];
    if (state.pendingPullIntos.length > 0) {
      const first = state.pendingPullIntos[0];
      first.readerType = 'none';
      state.pendingPullIntos = [first];
    }
  }

  [customInspectSymbol](depth, options) {
    return customInspect(this, 'ReadableByteStreamController', {}, depth, options);
  }
}

Object.defineProperty(ReadableByteStreamController.prototype, Symbol.toStringTag, {
  value: 'ReadableByteStreamController', configurable: true,
});

function setUpByteControllerFromSource(stream, source, highWaterMark) {
  const controller = Object.create(ReadableByteStreamController.prototype);
  const start = getMethod(source, 'start', 'source');
  const pull = getMethod(source, 'pull', 'source');
  const cancel = getMethod(source, 'cancel', 'source');
  let autoAllocateChunkSize = source.autoAllocateChunkSize;
  if (autoAllocateChunkSize !== undefined) {
    autoAllocateChunkSize = Number(autoAllocateChunkSize);
    if (!Number.isInteger(autoAllocateChunkSize) || autoAllocateChunkSize <= 0) {
      throw invalidArgValue('source.autoAllocateChunkSize', source.autoAllocateChunkSize,
        'must be a positive integer');
    }
  }
  setUpReadableByteStreamController(stream, controller,
    () => (start ? Reflect.apply(start, source, [controller]) : undefined),
    pull ? () => promiseCall(pull, source, controller) : nonOpAsync,
    cancel ? (reason) => promiseCall(cancel, source, reason) : nonOpAsync,
    highWaterMark, autoAllocateChunkSize);
}

function setUpReadableByteStreamController(stream, controller, startAlgorithm,
  pullAlgorithm, cancelAlgorithm, highWaterMark, autoAllocateChunkSize) {
  controller[kType] = 'ReadableByteStreamController';
  controller[kState] = {
    stream,
    byobRequest: null,
    queue: [],
    queueTotalSize: 0,
    started: false,
    closeRequested: false,
    pullAgain: false,
    pulling: false,
    strategyHWM: highWaterMark,
    pullAlgorithm,
    cancelAlgorithm,
    autoAllocateChunkSize,
    pendingPullIntos: [],
  };
  stream[kState].controller = controller;
  Promise.resolve(startAlgorithm()).then(() => {
    controller[kState].started = true;
    readableByteStreamControllerCallPullIfNeeded(controller);
  }, (error) => readableByteStreamControllerError(controller, error));
}

function readableByteStreamControllerCallPullIfNeeded(controller) {
  if (!readableByteStreamControllerShouldCallPull(controller)) return;
  const state = controller[kState];
  if (state.pulling) {
    state.pullAgain = true;
    return;
  }
  state.pulling = true;
  state.pullAlgorithm().then(() => {
    state.pulling = false;
    if (state.pullAgain) {
      state.pullAgain = false;
      readableByteStreamControllerCallPullIfNeeded(controller);
    }
  }, (error) => readableByteStreamControllerError(controller, error));
}

function readableByteStreamControllerShouldCallPull(controller) {
  const state = controller[kState];
  const stream = state.stream;
  if (stream[kState].state !== 'readable') return false;
  if (state.closeRequested) return false;
  if (!state.started) return false;
  if (readableStreamHasDefaultReader(stream) && readableStreamGetNumReadRequests(stream) > 0) {
    return true;
  }
  if (readableStreamHasBYOBReader(stream) &&
      readableStreamGetNumReadIntoRequests(stream) > 0) {
    return true;
  }
  return readableByteStreamControllerGetDesiredSize(controller) > 0;
}

function readableByteStreamControllerClearAlgorithms(controller) {
  controller[kState].pullAlgorithm = undefined;
  controller[kState].cancelAlgorithm = undefined;
}

function readableByteStreamControllerClearPendingPullIntos(controller) {
  readableByteStreamControllerInvalidateBYOBRequest(controller);
  controller[kState].pendingPullIntos = [];
}

function readableByteStreamControllerInvalidateBYOBRequest(controller) {
  const request = controller[kState].byobRequest;
  if (request === null) return;
  request[kState].controller = undefined;
  request[kState].view = null;
  controller[kState].byobRequest = null;
}

function readableByteStreamControllerGetBYOBRequest(controller) {
  const state = controller[kState];
  if (state.byobRequest === null && state.pendingPullIntos.length > 0) {
    const first = state.pendingPullIntos[0];
    const view = new Uint8Array(first.buffer, first.byteOffset + first.bytesFilled,
      first.byteLength - first.bytesFilled);
    const request = Object.create(ReadableStreamBYOBRequest.prototype);
    request[kType] = 'ReadableStreamBYOBRequest';
    request[kState] = { controller, view };
    state.byobRequest = request;
  }
  return state.byobRequest;
}

function readableByteStreamControllerGetDesiredSize(controller) {
  const state = controller[kState];
  const streamState = state.stream[kState].state;
  if (streamState === 'errored') return null;
  if (streamState === 'closed') return 0;
  return state.strategyHWM - state.queueTotalSize;
}

function readableByteStreamControllerClose(controller) {
  const state = controller[kState];
  const stream = state.stream;
  if (state.closeRequested || stream[kState].state !== 'readable') return;
  if (state.queueTotalSize > 0) {
    state.closeRequested = true;
    return;
  }
  if (state.pendingPullIntos.length > 0) {
    const first = state.pendingPullIntos[0];
    if (first.bytesFilled % first.elementSize !== 0) {
      const error = invalidState('Partial read: the final chunk does not fill a whole element');
      readableByteStreamControllerError(controller, error);
      throw error;
    }
  }
  readableByteStreamControllerClearAlgorithms(controller);
  readableStreamClose(stream);
}

function readableByteStreamControllerError(controller, error) {
  const state = controller[kState];
  if (state.stream[kState].state !== 'readable') return;
  readableByteStreamControllerClearPendingPullIntos(controller);
  resetQueue(state);
  readableByteStreamControllerClearAlgorithms(controller);
  readableStreamError(state.stream, error);
}

function readableByteStreamControllerEnqueueChunkToQueue(controller, buffer, byteOffset,
  byteLength) {
  controller[kState].queue.push({ buffer, byteOffset, byteLength });
  controller[kState].queueTotalSize += byteLength;
}

function readableByteStreamControllerEnqueueClonedChunkToQueue(controller, buffer,
  byteOffset, byteLength) {
  let clone;
  try {
    clone = buffer.slice(byteOffset, byteOffset + byteLength);
  } catch (error) {
    readableByteStreamControllerError(controller, error);
    throw error;
  }
  readableByteStreamControllerEnqueueChunkToQueue(controller, clone, 0, byteLength);
}

function readableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, desc) {
  if (desc.bytesFilled > 0) {
    readableByteStreamControllerEnqueueClonedChunkToQueue(controller, desc.buffer,
      desc.byteOffset, desc.bytesFilled);
  }
  controller[kState].pendingPullIntos.shift();
}

function readableByteStreamControllerEnqueue(controller, chunk) {
  const state = controller[kState];
  const stream = state.stream;
  if (state.closeRequested || stream[kState].state !== 'readable') return;
  const { buffer, byteOffset, byteLength } = chunk;
  if (isDetachedBuffer(buffer)) throw invalidState('The chunk\'s buffer has been detached');
  const transferredBuffer = transferArrayBuffer(buffer);
  if (state.pendingPullIntos.length > 0) {
    const first = state.pendingPullIntos[0];
    if (isDetachedBuffer(first.buffer)) {
      throw invalidState('The BYOB request\'s buffer has been detached');
    }
    readableByteStreamControllerInvalidateBYOBRequest(controller);
    first.buffer = transferArrayBuffer(first.buffer);
    if (first.readerType === 'none') {
      readableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, first);
    }
  }
  if (readableStreamHasDefaultReader(stream)) {
    readableByteStreamControllerProcessReadRequestsUsingQueue(controller);
    if (readableStreamGetNumReadRequests(stream) === 0) {
      readableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer,
        byteOffset, byteLength);
    } else {
      if (state.pendingPullIntos.length > 0) state.pendingPullIntos.shift();
      readableStreamFulfillReadRequest(stream,
        new Uint8Array(transferredBuffer, byteOffset, byteLength), false);
    }
  } else if (readableStreamHasBYOBReader(stream)) {
    readableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer,
      byteOffset, byteLength);
    const filled = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
    for (const desc of filled) readableByteStreamControllerCommitPullIntoDescriptor(stream, desc);
  } else {
    readableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, byteOffset,
      byteLength);
  }
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function readableByteStreamControllerFillReadRequestFromQueue(controller, request) {
  const state = controller[kState];
  const entry = state.queue.shift();
  state.queueTotalSize -= entry.byteLength;
  readableByteStreamControllerHandleQueueDrain(controller);
  request.chunkSteps(new Uint8Array(entry.buffer, entry.byteOffset, entry.byteLength));
}

function readableByteStreamControllerProcessReadRequestsUsingQueue(controller) {
  const reader = controller[kState].stream[kState].reader;
  while (reader[kState].readRequests.length > 0) {
    if (controller[kState].queueTotalSize === 0) return;
    const request = reader[kState].readRequests.shift();
    readableByteStreamControllerFillReadRequestFromQueue(controller, request);
  }
}

function readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller) {
  const state = controller[kState];
  const filled = [];
  while (state.pendingPullIntos.length > 0) {
    if (state.queueTotalSize === 0) break;
    const desc = state.pendingPullIntos[0];
    if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(controller, desc)) {
      state.pendingPullIntos.shift();
      filled.push(desc);
    }
  }
  return filled;
}

function readableByteStreamControllerFillPullIntoDescriptorFromQueue(controller, desc) {
  const state = controller[kState];
  const maxBytesToCopy = Math.min(state.queueTotalSize, desc.byteLength - desc.bytesFilled);
  const maxBytesFilled = desc.bytesFilled + maxBytesToCopy;
  let totalBytesToCopyRemaining = maxBytesToCopy;
  let ready = false;
  const maxAlignedBytes = maxBytesFilled - (maxBytesFilled % desc.elementSize);
  if (maxAlignedBytes >= desc.minimumFill) {
    totalBytesToCopyRemaining = maxAlignedBytes - desc.bytesFilled;
    ready = true;
  }
  while (totalBytesToCopyRemaining > 0) {
    const head = state.queue[0];
    const bytesToCopy = Math.min(totalBytesToCopyRemaining, head.byteLength);
    copyBytes(desc.buffer, desc.byteOffset + desc.bytesFilled, head.buffer, head.byteOffset,
      bytesToCopy);
    if (head.byteLength === bytesToCopy) {
      state.queue.shift();
    } else {
      head.byteOffset += bytesToCopy;
      head.byteLength -= bytesToCopy;
    }
    state.queueTotalSize -= bytesToCopy;
    desc.bytesFilled += bytesToCopy;
    totalBytesToCopyRemaining -= bytesToCopy;
  }
  return ready;
}

function readableByteStreamControllerConvertPullIntoDescriptor(desc) {
  const buffer = transferArrayBuffer(desc.buffer);
  const length = desc.bytesFilled / desc.elementSize;
  // A Buffer view comes back through Buffer.from, as in Node: `new Buffer()` is deprecated.
  const { Buffer } = require('buffer');
  if (desc.viewConstructor === Buffer) return Buffer.from(buffer, desc.byteOffset, length);
  return new desc.viewConstructor(buffer, desc.byteOffset, length);
}

function readableByteStreamControllerCommitPullIntoDescriptor(stream, desc) {
  const done = stream[kState].state === 'closed';
  const view = readableByteStreamControllerConvertPullIntoDescriptor(desc);
  if (desc.readerType === 'default') {
    readableStreamFulfillReadRequest(stream, view, done);
  } else {
    readableStreamFulfillReadIntoRequest(stream, view, done);
  }
}

function readableByteStreamControllerHandleQueueDrain(controller) {
  const state = controller[kState];
  if (state.queueTotalSize === 0 && state.closeRequested) {
    readableByteStreamControllerClearAlgorithms(controller);
    readableStreamClose(state.stream);
  } else {
    readableByteStreamControllerCallPullIfNeeded(controller);
  }
}

function readableByteStreamControllerPullInto(controller, view, min, request) {
  const state = controller[kState];
  const stream = state.stream;
  let elementSize = 1;
  let viewConstructor = DataView;
  if (!(view instanceof DataView)) {
    elementSize = view.constructor.BYTES_PER_ELEMENT;
    viewConstructor = view.constructor;
  }
  const { byteOffset, byteLength } = view;
  let buffer;
  try {
    buffer = transferArrayBuffer(view.buffer);
  } catch (error) {
    request.errorSteps(error);
    return;
  }
  const desc = {
    buffer,
    bufferByteLength: buffer.byteLength,
    byteOffset,
    byteLength,
    bytesFilled: 0,
    minimumFill: min * elementSize,
    elementSize,
    viewConstructor,
    readerType: 'byob',
  };
  if (state.pendingPullIntos.length > 0) {
    state.pendingPullIntos.push(desc);
    readableStreamAddReadIntoRequest(stream, request);
    return;
  }
  if (stream[kState].state === 'closed') {
    request.closeSteps(new viewConstructor(desc.buffer, desc.byteOffset, 0));
    return;
  }
  if (state.queueTotalSize > 0) {
    if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(controller, desc)) {
      const filledView = readableByteStreamControllerConvertPullIntoDescriptor(desc);
      readableByteStreamControllerHandleQueueDrain(controller);
      request.chunkSteps(filledView);
      return;
    }
    if (state.closeRequested) {
      const error = invalidState('Partial read: the stream closed mid-element');
      readableByteStreamControllerError(controller, error);
      request.errorSteps(error);
      return;
    }
  }
  state.pendingPullIntos.push(desc);
  readableStreamAddReadIntoRequest(stream, request);
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function readableByteStreamControllerRespond(controller, bytesWritten) {
  const state = controller[kState];
  const first = state.pendingPullIntos[0];
  if (state.stream[kState].state === 'closed') {
    if (bytesWritten !== 0) {
      throw invalidArgValue('bytesWritten', bytesWritten, 'must be 0 on a closed stream');
    }
  } else {
    if (bytesWritten === 0) {
      throw invalidArgValue('bytesWritten', bytesWritten, 'must be greater than 0');
    }
    if (first.bytesFilled + bytesWritten > first.byteLength) {
      throw new (codes().ERR_INVALID_ARG_VALUE.RangeError)('bytesWritten', bytesWritten);
    }
  }
  first.buffer = transferArrayBuffer(first.buffer);
  readableByteStreamControllerRespondInternal(controller, bytesWritten);
}

function readableByteStreamControllerRespondWithNewView(controller, view) {
  const state = controller[kState];
  const first = state.pendingPullIntos[0];
  if (state.stream[kState].state === 'closed') {
    if (view.byteLength !== 0) {
      throw invalidArgValue('view', view, 'must be empty on a closed stream');
    }
  } else if (view.byteLength === 0) {
    throw invalidArgValue('view', view, 'cannot be empty');
  }
  if (first.byteOffset + first.bytesFilled !== view.byteOffset) {
    throw new (codes().ERR_INVALID_ARG_VALUE.RangeError)('view', view, 'has the wrong offset');
  }
  if (first.bufferByteLength !== view.buffer.byteLength) {
    throw new (codes().ERR_INVALID_ARG_VALUE.RangeError)('view', view,
      'has the wrong buffer length');
  }
  if (first.bytesFilled + view.byteLength > first.byteLength) {
    throw new (codes().ERR_INVALID_ARG_VALUE.RangeError)('view', view, 'is too long');
  }
  const viewByteLength = view.byteLength;
  first.buffer = transferArrayBuffer(view.buffer);
  readableByteStreamControllerRespondInternal(controller, viewByteLength);
}

function readableByteStreamControllerRespondInternal(controller, bytesWritten) {
  const state = controller[kState];
  const first = state.pendingPullIntos[0];
  readableByteStreamControllerInvalidateBYOBRequest(controller);
  if (state.stream[kState].state === 'closed') {
    readableByteStreamControllerRespondInClosedState(controller, first);
  } else {
    readableByteStreamControllerRespondInReadableState(controller, bytesWritten, first);
  }
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function readableByteStreamControllerRespondInClosedState(controller, first) {
  const state = controller[kState];
  if (first.readerType === 'none') state.pendingPullIntos.shift();
  const stream = state.stream;
  if (readableStreamHasBYOBReader(stream)) {
    while (readableStreamGetNumReadIntoRequests(stream) > 0) {
      readableByteStreamControllerCommitPullIntoDescriptor(stream,
        state.pendingPullIntos.shift());
    }
  }
}

function readableByteStreamControllerRespondInReadableState(controller, bytesWritten, desc) {
  const state = controller[kState];
  const stream = state.stream;
  desc.bytesFilled += bytesWritten;
  if (desc.readerType === 'none') {
    readableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, desc);
    const filled = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
    for (const each of filled) readableByteStreamControllerCommitPullIntoDescriptor(stream, each);
    return;
  }
  if (desc.bytesFilled < desc.minimumFill) return;
  state.pendingPullIntos.shift();
  const remainderSize = desc.bytesFilled % desc.elementSize;
  if (remainderSize > 0) {
    const end = desc.byteOffset + desc.bytesFilled;
    readableByteStreamControllerEnqueueClonedChunkToQueue(controller, desc.buffer,
      end - remainderSize, remainderSize);
  }
  desc.bytesFilled -= remainderSize;
  const filled = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
  readableByteStreamControllerCommitPullIntoDescriptor(stream, desc);
  for (const each of filled) readableByteStreamControllerCommitPullIntoDescriptor(stream, each);
}

// ---------------------------------------------------------------------------------------
// tee

function readableStreamTee(stream) {
  return isByteController(stream[kState].controller) ?
    readableByteStreamTee(stream) :
    readableStreamDefaultTee(stream);
}

// ReadableStreamDefaultTee: both branches get the same chunk objects.
function readableStreamDefaultTee(stream) {
  const reader = acquireReadableStreamDefaultReader(stream);
  let reading = false;
  let readAgain = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1;
  let reason2;
  let branch1;
  let branch2;
  const cancelPromise = createDeferred();

  function pullAlgorithm() {
    if (reading) {
      readAgain = true;
      return Promise.resolve();
    }
    reading = true;
    readableStreamDefaultReaderRead(reader, {
      chunkSteps(chunk) {
        queueMicrotask(() => {
          readAgain = false;
          if (!canceled1) readableStreamDefaultControllerEnqueue(branch1[kState].controller, chunk);
          if (!canceled2) readableStreamDefaultControllerEnqueue(branch2[kState].controller, chunk);
          reading = false;
          if (readAgain) pullAlgorithm();
        });
      },
      closeSteps() {
        reading = false;
        if (!canceled1) readableStreamDefaultControllerClose(branch1[kState].controller);
        if (!canceled2) readableStreamDefaultControllerClose(branch2[kState].controller);
        if (!canceled1 || !canceled2) cancelPromise.resolve();
      },
      errorSteps() {
        reading = false;
      },
    });
    return Promise.resolve();
  }

  function cancel1(reason) {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) cancelPromise.resolve(readableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  }

  function cancel2(reason) {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) cancelPromise.resolve(readableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  }

  const start = () => undefined;
  branch1 = createReadableStream(start, pullAlgorithm, cancel1);
  branch2 = createReadableStream(start, pullAlgorithm, cancel2);

  reader[kState].closed.promise.then(undefined, (error) => {
    readableStreamDefaultControllerError(branch1[kState].controller, error);
    readableStreamDefaultControllerError(branch2[kState].controller, error);
    if (!canceled1 || !canceled2) cancelPromise.resolve();
  });

  return [branch1, branch2];
}

function cloneAsUint8Array(view) {
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

function createReadableByteStream(pullAlgorithm, cancelAlgorithm) {
  const stream = new ReadableStream(kConstruct);
  const controller = Object.create(ReadableByteStreamController.prototype);
  setUpReadableByteStreamController(stream, controller, () => undefined, pullAlgorithm,
    cancelAlgorithm, 0, undefined);
  return stream;
}

// ReadableByteStreamTee: two byte-stream branches. A branch with a pending BYOB request
// reads straight into that view (through a BYOB reader); the other branch gets a copy.
function readableByteStreamTee(stream) {
  let reader = acquireReadableStreamDefaultReader(stream);
  let reading = false;
  let readAgainForBranch1 = false;
  let readAgainForBranch2 = false;
  const canceled = [false, false];
  const reasons = [undefined, undefined];
  const branches = [];
  const cancelPromise = createDeferred();
  const controllerOf = (index) => branches[index][kState].controller;

  function forwardReaderError(thisReader) {
    thisReader[kState].closed.promise.then(undefined, (error) => {
      if (thisReader !== reader) return;
      readableByteStreamControllerError(controllerOf(0), error);
      readableByteStreamControllerError(controllerOf(1), error);
      if (!canceled[0] || !canceled[1]) cancelPromise.resolve();
    });
  }

  function failBoth(error) {
    readableByteStreamControllerError(controllerOf(0), error);
    readableByteStreamControllerError(controllerOf(1), error);
    cancelPromise.resolve(readableStreamCancel(stream, error));
  }

  function readAgain() {
    reading = false;
    if (readAgainForBranch1) {
      pullAlgorithm(0);
    } else if (readAgainForBranch2) {
      pullAlgorithm(1);
    }
  }

  function pullWithDefaultReader() {
    if (isBYOBReader(reader)) {
      readableStreamBYOBReaderRelease(reader);
      reader = acquireReadableStreamDefaultReader(stream);
      forwardReaderError(reader);
    }
    readableStreamDefaultReaderRead(reader, {
      chunkSteps(chunk) {
        queueMicrotask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          let chunk2 = chunk;
          if (!canceled[0] && !canceled[1]) {
            try {
              chunk2 = cloneAsUint8Array(chunk);
            } catch (error) {
              failBoth(error);
              return;
            }
          }
          if (!canceled[0]) readableByteStreamControllerEnqueue(controllerOf(0), chunk);
          if (!canceled[1]) readableByteStreamControllerEnqueue(controllerOf(1), chunk2);
          readAgain();
        });
      },
      closeSteps() {
        reading = false;
        for (const index of [0, 1]) {
          if (!canceled[index]) readableByteStreamControllerClose(controllerOf(index));
        }
        for (const index of [0, 1]) {
          if (controllerOf(index)[kState].pendingPullIntos.length > 0) {
            readableByteStreamControllerRespond(controllerOf(index), 0);
          }
        }
        if (!canceled[0] || !canceled[1]) cancelPromise.resolve();
      },
      errorSteps() {
        reading = false;
      },
    });
  }

  function pullWithBYOBReader(view, byobIndex) {
    if (isDefaultReader(reader)) {
      readableStreamDefaultReaderRelease(reader);
      reader = new ReadableStreamBYOBReader(stream);
      forwardReaderError(reader);
    }
    const otherIndex = 1 - byobIndex;
    readableStreamBYOBReaderRead(reader, view, 1, {
      chunkSteps(chunk) {
        queueMicrotask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const byobCanceled = canceled[byobIndex];
          const otherCanceled = canceled[otherIndex];
          let clone;
          if (!otherCanceled) {
            try {
              clone = cloneAsUint8Array(chunk);
            } catch (error) {
              failBoth(error);
              return;
            }
          }
          if (!byobCanceled) {
            readableByteStreamControllerRespondWithNewView(controllerOf(byobIndex), chunk);
          }
          if (!otherCanceled) readableByteStreamControllerEnqueue(controllerOf(otherIndex), clone);
          readAgain();
        });
      },
      closeSteps(chunk) {
        reading = false;
        const byobCanceled = canceled[byobIndex];
        const otherCanceled = canceled[otherIndex];
        if (!byobCanceled) readableByteStreamControllerClose(controllerOf(byobIndex));
        if (!otherCanceled) readableByteStreamControllerClose(controllerOf(otherIndex));
        if (chunk !== undefined) {
          if (!byobCanceled) {
            readableByteStreamControllerRespondWithNewView(controllerOf(byobIndex), chunk);
          }
          if (!otherCanceled && controllerOf(otherIndex)[kState].pendingPullIntos.length > 0) {
            readableByteStreamControllerRespond(controllerOf(otherIndex), 0);
          }
        }
        if (!byobCanceled || !otherCanceled) cancelPromise.resolve();
      },
      errorSteps() {
        reading = false;
      },
    });
  }

  function pullAlgorithm(index) {
    if (reading) {
      if (index === 0) {
        readAgainForBranch1 = true;
      } else {
        readAgainForBranch2 = true;
      }
      return Promise.resolve();
    }
    reading = true;
    const byobRequest = readableByteStreamControllerGetBYOBRequest(controllerOf(index));
    if (byobRequest === null) {
      pullWithDefaultReader();
    } else {
      pullWithBYOBReader(byobRequest[kState].view, index);
    }
    return Promise.resolve();
  }

  function cancelAlgorithm(index, reason) {
    canceled[index] = true;
    reasons[index] = reason;
    if (canceled[1 - index]) cancelPromise.resolve(readableStreamCancel(stream, reasons));
    return cancelPromise.promise;
  }

  branches.push(createReadableByteStream(() => pullAlgorithm(0),
    (reason) => cancelAlgorithm(0, reason)));
  branches.push(createReadableByteStream(() => pullAlgorithm(1),
    (reason) => cancelAlgorithm(1, reason)));
  forwardReaderError(reader);
  return branches;
}

// ---------------------------------------------------------------------------------------
// pipeTo

function readableStreamPipeTo(source, dest, preventClose, preventAbort, preventCancel,
  signal) {
  const {
    acquireWritableStreamDefaultWriter,
    writableStreamAbort,
    writableStreamCloseQueuedOrInFlight,
    writableStreamDefaultWriterCloseWithErrorPropagation,
    writableStreamDefaultWriterRelease,
    writableStreamDefaultWriterWrite,
  } = writable();
  const reader = acquireReadableStreamDefaultReader(source);
  const writer = acquireWritableStreamDefaultWriter(dest);
  source[kState].disturbed = true;
  let shuttingDown = false;
  let currentWrite = Promise.resolve();
  const result = createDeferred();
  let abortAlgorithm;

  const destState = () => dest[kState].state;

  function finalize(isError, error) {
    writableStreamDefaultWriterRelease(writer);
    readableStreamDefaultReaderRelease(reader);
    if (signal !== undefined) signal.removeEventListener('abort', abortAlgorithm);
    if (isError) {
      result.reject(error);
    } else {
      result.resolve();
    }
  }

  function waitForWritesToFinish() {
    const oldCurrentWrite = currentWrite;
    return currentWrite.then(() =>
      (oldCurrentWrite !== currentWrite ? waitForWritesToFinish() : undefined));
  }

  function afterPendingWrites(then) {
    if (destState() === 'writable' && !writableStreamCloseQueuedOrInFlight(dest)) {
      waitForWritesToFinish().then(then);
    } else {
      then();
    }
  }

  function shutdownWithAction(action, originalIsError, originalError) {
    if (shuttingDown) return;
    shuttingDown = true;
    afterPendingWrites(() => {
      promiseCall(action).then(() => finalize(originalIsError, originalError),
        (newError) => finalize(true, newError));
    });
  }

  function shutdown(isError, error) {
    if (shuttingDown) return;
    shuttingDown = true;
    afterPendingWrites(() => finalize(isError, error));
  }

  if (signal !== undefined) {
    abortAlgorithm = () => {
      const error = signal.reason;
      const actions = [];
      if (!preventAbort) {
        actions.push(() => (destState() === 'writable' ?
          writableStreamAbort(dest, error) : Promise.resolve()));
      }
      if (!preventCancel) {
        actions.push(() => (source[kState].state === 'readable' ?
          readableStreamCancel(source, error) : Promise.resolve()));
      }
      shutdownWithAction(() => Promise.all(actions.map((action) => action())), true, error);
    };
    if (signal.aborted) {
      abortAlgorithm();
      return result.promise;
    }
    signal.addEventListener('abort', abortAlgorithm, { once: true });
  }

  function pipeStep() {
    if (shuttingDown) return Promise.resolve(true);
    return writer[kState].ready.promise.then(() => new Promise((resolve, reject) => {
      readableStreamDefaultReaderRead(reader, {
        chunkSteps(chunk) {
          currentWrite = writableStreamDefaultWriterWrite(writer, chunk).then(undefined, () => {});
          resolve(false);
        },
        closeSteps: () => resolve(true),
        errorSteps: reject,
      });
    }));
  }

  function pipeLoop() {
    pipeStep().then((done) => {
      if (!done) pipeLoop();
    }, () => {});
  }

  // Errors and closes propagate both ways; each check also covers an already settled state.
  const onSourceError = (error) => {
    if (!preventAbort) {
      shutdownWithAction(() => writableStreamAbort(dest, error), true, error);
    } else {
      shutdown(true, error);
    }
  };
  const onDestError = (error) => {
    if (!preventCancel) {
      shutdownWithAction(() => readableStreamCancel(source, error), true, error);
    } else {
      shutdown(true, error);
    }
  };
  const onSourceClosed = () => {
    if (!preventClose) {
      shutdownWithAction(() => writableStreamDefaultWriterCloseWithErrorPropagation(writer));
    } else {
      shutdown();
    }
  };

  if (source[kState].state === 'errored') {
    onSourceError(source[kState].storedError);
  } else {
    reader[kState].closed.promise.then(undefined, onSourceError);
  }
  if (destState() === 'errored') {
    onDestError(dest[kState].storedError);
  } else {
    writer[kState].closed.promise.then(undefined, onDestError);
  }
  if (source[kState].state === 'closed') {
    onSourceClosed();
  } else {
    reader[kState].closed.promise.then(onSourceClosed, () => {});
  }
  if (writableStreamCloseQueuedOrInFlight(dest) || destState() === 'closed') {
    const error = invalidState('The destination WritableStream is closed');
    if (!preventCancel) {
      shutdownWithAction(() => readableStreamCancel(source, error), true, error);
    } else {
      shutdown(true, error);
    }
  }

  pipeLoop();
  return result.promise;
}

// ---------------------------------------------------------------------------------------
// Async iteration

const ReadableStreamAsyncIteratorPrototype = Object.create(AsyncIteratorPrototype, {
  next: {
    value: function next() {
      const state = this?.[kState];
      if (state?.reader === undefined) {
        return Promise.reject(invalidThis('ReadableStreamAsyncIterator'));
      }
      const nextSteps = () => {
        if (state.finished) return Promise.resolve({ value: undefined, done: true });
        const reader = state.reader;
        if (reader[kState].stream === undefined) {
          return Promise.reject(invalidState('The reader is not attached to a stream'));
        }
        const deferred = createDeferred();
        readableStreamDefaultReaderRead(reader, {
          chunkSteps: (value) => deferred.resolve({ value, done: false }),
          closeSteps() {
            state.finished = true;
            readableStreamDefaultReaderRelease(reader);
            deferred.resolve({ value: undefined, done: true });
          },
          errorSteps(error) {
            state.finished = true;
            readableStreamDefaultReaderRelease(reader);
            deferred.reject(error);
          },
        });
        return deferred.promise;
      };
      state.ongoing = state.ongoing === undefined ?
        nextSteps() :
        state.ongoing.then(nextSteps, nextSteps);
      const ongoing = state.ongoing;
      ongoing.then(() => {
        if (state.ongoing === ongoing) state.ongoing = undefined;
      }, () => {
        if (state.ongoing === ongoing) state.ongoing = undefined;
      });
      return ongoing;
    },
    writable: true,
    configurable: true,
  },
  return: {
    value: function(value = undefined) {
      const state = this?.[kState];
      if (state?.reader === undefined) {
        return Promise.reject(invalidThis('ReadableStreamAsyncIterator'));
      }
      const returnSteps = () => {
        if (state.finished) return Promise.resolve({ value, done: true });
        state.finished = true;
        const reader = state.reader;
        if (reader[kState].stream === undefined) return Promise.resolve({ value, done: true });
        if (!state.preventCancel) {
          const cancel = readableStreamCancel(reader[kState].stream, value);
          readableStreamDefaultReaderRelease(reader);
          return cancel.then(() => ({ value, done: true }));
        }
        readableStreamDefaultReaderRelease(reader);
        return Promise.resolve({ value, done: true });
      };
      state.ongoing = state.ongoing === undefined ?
        returnSteps() :
        state.ongoing.then(returnSteps, returnSteps);
      return state.ongoing;
    },
    writable: true,
    configurable: true,
  },
  [Symbol.toStringTag]: { value: 'ReadableStreamAsyncIterator', configurable: true },
});

// ---------------------------------------------------------------------------------------
// ReadableStream.from

function readableStreamFromIterable(iterable) {
  if (iterable == null) throw new (codes().ERR_ARG_NOT_ITERABLE)(iterable);
  let iterator;
  const asyncMethod = iterable[Symbol.asyncIterator];
  if (asyncMethod != null) {
    if (typeof asyncMethod !== 'function') throw new (codes().ERR_ARG_NOT_ITERABLE)(iterable);
    iterator = Reflect.apply(asyncMethod, iterable, []);
  } else {
    const syncMethod = iterable[Symbol.iterator];
    if (typeof syncMethod !== 'function') throw new (codes().ERR_ARG_NOT_ITERABLE)(iterable);
    const syncIterator = Reflect.apply(syncMethod, iterable, []);
    if (syncIterator === null || typeof syncIterator !== 'object') {
      throw new TypeError('The iterator method must return an object');
    }
    iterator = (async function* fromSync() {
      yield* { [Symbol.iterator]: () => syncIterator };
    })();
  }
  if (iterator === null || typeof iterator !== 'object') {
    throw new TypeError('The iterator method must return an object');
  }
  const nextMethod = iterator.next;
  let stream;
  const pull = () => promiseCall(nextMethod, iterator).then((result) => {
    if (result === null || typeof result !== 'object') {
      throw new TypeError('The promise returned by the iterator.next() method must fulfill ' +
        'with an object');
    }
    const controller = stream[kState].controller;
    if (result.done) {
      readableStreamDefaultControllerClose(controller);
      return undefined;
    }
    return Promise.resolve(result.value).then((value) => {
      readableStreamDefaultControllerEnqueue(controller, value);
    });
  });
  const cancel = (reason) => {
    let returnMethod;
    try {
      returnMethod = iterator.return;
    } catch (error) {
      return Promise.reject(error);
    }
    if (returnMethod == null) return Promise.resolve();
    return promiseCall(returnMethod, iterator, reason).then((result) => {
      if (result === null || typeof result !== 'object') {
        throw new TypeError('The promise returned by the iterator.return() method must ' +
          'fulfill with an object');
      }
    });
  };
  stream = createReadableStream(() => undefined, pull, cancel, 0);
  return stream;
}

module.exports = {
  ReadableStream,
  ReadableStreamDefaultReader,
  ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest,
  ReadableByteStreamController,
  ReadableStreamDefaultController,
  isReadableStream,
  createReadableStream,
  readableStreamDefaultControllerClose,
  readableStreamDefaultControllerEnqueue,
  readableStreamDefaultControllerError,
  readableStreamDefaultControllerGetDesiredSize,
  readableStreamDefaultControllerHasBackpressure,
  readableStreamDefaultControllerCanCloseOrEnqueue,
};
