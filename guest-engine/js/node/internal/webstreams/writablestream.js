// internal/webstreams/writablestream — the WHATWG WritableStream with its
// WritableStreamDefaultWriter and WritableStreamDefaultController (whose `signal` aborts
// with the stream). The abstract operations follow the Streams Standard; each object keeps
// its internal slots in `this[kState]`.

const {
  kState,
  kType,
  kIsClosedPromise,
  kControllerErrorFunction,
  kIsErrored,
  kIsWritable,
  codes,
  invalidState,
  invalidThis,
  invalidArgType,
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
  customInspectSymbol,
  customInspect,
} = require('internal/webstreams/util');

const kConstruct = Symbol('kConstruct');
const kAbortSteps = Symbol('kAbortSteps');
const kErrorSteps = Symbol('kErrorSteps');
const kCloseSentinel = Symbol('kCloseSentinel');

function isWritableStream(value) {
  return value?.[kType] === 'WritableStream';
}

function isWriter(value) {
  return value?.[kType] === 'WritableStreamDefaultWriter';
}

function brand(self, type) {
  if (self?.[kType] !== type) throw invalidThis(type);
}

// A deferred that remembers whether it settled (the writer's promises are replaced or
// rejected depending on that).
function trackedDeferred() {
  const deferred = createDeferred();
  const { resolve, reject } = deferred;
  deferred.settled = false;
  deferred.resolve = (value) => {
    deferred.settled = true;
    resolve(value);
  };
  deferred.reject = (error) => {
    deferred.settled = true;
    reject(error);
  };
  return deferred;
}

function resolvedDeferred() {
  const deferred = trackedDeferred();
  deferred.resolve();
  return deferred;
}

function rejectedDeferred(error) {
  const deferred = trackedDeferred();
  deferred.reject(error);
  setPromiseHandled(deferred.promise);
  return deferred;
}

// ---------------------------------------------------------------------------------------
// WritableStream

class WritableStream {
  constructor(sink = undefined, strategy = undefined) {
    initializeWritableStream(this);
    if (sink === kConstruct) return;
    if (sink === null) throw invalidArgType('sink', 'Object', sink);
    if (strategy != null && typeof strategy !== 'object') {
      throw invalidArgType('strategy', 'Object', strategy);
    }
    if (sink?.type !== undefined) {
      throw new (codes().ERR_INVALID_ARG_VALUE.RangeError)('sink.type', sink.type);
    }
    const sizeAlgorithm = extractSizeAlgorithm(strategy);
    const highWaterMark = extractHighWaterMark(strategy, 1);
    setUpControllerFromSink(this, sink ?? {}, highWaterMark, sizeAlgorithm);
  }

  get locked() {
    brand(this, 'WritableStream');
    return isWritableStreamLocked(this);
  }

  abort(reason = undefined) {
    if (!isWritableStream(this)) return Promise.reject(invalidThis('WritableStream'));
    if (isWritableStreamLocked(this)) {
      return Promise.reject(invalidState('WritableStream is locked'));
    }
    return writableStreamAbort(this, reason);
  }

  close() {
    if (!isWritableStream(this)) return Promise.reject(invalidThis('WritableStream'));
    if (isWritableStreamLocked(this)) {
      return Promise.reject(invalidState('WritableStream is locked'));
    }
    if (writableStreamCloseQueuedOrInFlight(this)) {
      return Promise.reject(invalidState('Failure closing WritableStream'));
    }
    return writableStreamClose(this);
  }

  getWriter() {
    brand(this, 'WritableStream');
    return new WritableStreamDefaultWriter(this);
  }

  get [kIsErrored]() {
    return this[kState].state === 'errored';
  }

  get [kIsWritable]() {
    return this[kState].state === 'writable' && !writableStreamCloseQueuedOrInFlight(this);
  }

  [customInspectSymbol](depth, options) {
    return customInspect(this, 'WritableStream', {
      locked: this.locked,
      state: this[kState].state,
    }, depth, options);
  }
}

Object.defineProperty(WritableStream.prototype, Symbol.toStringTag, {
  value: 'WritableStream', configurable: true,
});

function initializeWritableStream(stream) {
  stream[kType] = 'WritableStream';
  stream[kState] = {
    state: 'writable',
    storedError: undefined,
    writer: undefined,
    controller: undefined,
    inFlightWriteRequest: undefined,
    closeRequest: undefined,
    inFlightCloseRequest: undefined,
    pendingAbortRequest: undefined,
    writeRequests: [],
    backpressure: false,
  };
  stream[kIsClosedPromise] = createDeferred();
  setPromiseHandled(stream[kIsClosedPromise].promise);
  stream[kControllerErrorFunction] = (error) => {
    writableStreamDefaultControllerErrorIfNeeded(stream[kState].controller, error);
  };
}

// A stream created by this module (the writable side of a TransformStream).
function createWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm,
  abortAlgorithm, highWaterMark = 1, sizeAlgorithm = () => 1) {
  const stream = new WritableStream(kConstruct);
  const controller = Object.create(WritableStreamDefaultController.prototype);
  setUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm,
    closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm);
  return stream;
}

function isWritableStreamLocked(stream) {
  return stream[kState].writer !== undefined;
}

function writableStreamAbort(stream, reason) {
  const state = stream[kState];
  if (state.state === 'closed' || state.state === 'errored') return Promise.resolve();
  state.controller[kState].abortController.abort(reason);
  if (state.state === 'closed' || state.state === 'errored') return Promise.resolve();
  if (state.pendingAbortRequest !== undefined) return state.pendingAbortRequest.deferred.promise;
  let wasAlreadyErroring = false;
  if (state.state === 'erroring') {
    wasAlreadyErroring = true;
    reason = undefined;
  }
  const deferred = createDeferred();
  state.pendingAbortRequest = { deferred, reason, wasAlreadyErroring };
  if (!wasAlreadyErroring) writableStreamStartErroring(stream, reason);
  return deferred.promise;
}

function writableStreamClose(stream) {
  const state = stream[kState];
  if (state.state === 'closed' || state.state === 'errored') {
    return Promise.reject(invalidState('WritableStream is already closed'));
  }
  const deferred = createDeferred();
  state.closeRequest = deferred;
  const writer = state.writer;
  if (writer !== undefined && state.backpressure && state.state === 'writable') {
    writer[kState].ready.resolve();
  }
  writableStreamDefaultControllerClose(state.controller);
  return deferred.promise;
}

function writableStreamAddWriteRequest(stream) {
  const deferred = createDeferred();
  stream[kState].writeRequests.push(deferred);
  return deferred.promise;
}

function writableStreamDealWithRejection(stream, error) {
  if (stream[kState].state === 'writable') {
    writableStreamStartErroring(stream, error);
    return;
  }
  writableStreamFinishErroring(stream);
}

function writableStreamStartErroring(stream, reason) {
  const state = stream[kState];
  state.state = 'erroring';
  state.storedError = reason;
  const writer = state.writer;
  if (writer !== undefined) writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, reason);
  if (!writableStreamHasOperationMarkedInFlight(stream) &&
      state.controller[kState].started) {
    writableStreamFinishErroring(stream);
  }
}

function writableStreamFinishErroring(stream) {
  const state = stream[kState];
  state.state = 'errored';
  state.controller[kErrorSteps]();
  const storedError = state.storedError;
  for (const request of state.writeRequests) request.reject(storedError);
  state.writeRequests = [];
  const abortRequest = state.pendingAbortRequest;
  if (abortRequest === undefined) {
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  state.pendingAbortRequest = undefined;
  if (abortRequest.wasAlreadyErroring) {
    abortRequest.deferred.reject(storedError);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  state.controller[kAbortSteps](abortRequest.reason).then(() => {
    abortRequest.deferred.resolve();
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
  }, (error) => {
    abortRequest.deferred.reject(error);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
  });
}

function writableStreamFinishInFlightWrite(stream) {
  stream[kState].inFlightWriteRequest.resolve();
  stream[kState].inFlightWriteRequest = undefined;
}

function writableStreamFinishInFlightWriteWithError(stream, error) {
  stream[kState].inFlightWriteRequest.reject(error);
  stream[kState].inFlightWriteRequest = undefined;
  writableStreamDealWithRejection(stream, error);
}

function writableStreamFinishInFlightClose(stream) {
  const state = stream[kState];
  state.inFlightCloseRequest.resolve();
  state.inFlightCloseRequest = undefined;
  if (state.state === 'erroring') {
    state.storedError = undefined;
    if (state.pendingAbortRequest !== undefined) {
      state.pendingAbortRequest.deferred.resolve();
      state.pendingAbortRequest = undefined;
    }
  }
  state.state = 'closed';
  stream[kIsClosedPromise].resolve();
  const writer = state.writer;
  if (writer !== undefined) writer[kState].closed.resolve();
}

function writableStreamFinishInFlightCloseWithError(stream, error) {
  const state = stream[kState];
  state.inFlightCloseRequest.reject(error);
  state.inFlightCloseRequest = undefined;
  if (state.pendingAbortRequest !== undefined) {
    state.pendingAbortRequest.deferred.reject(error);
    state.pendingAbortRequest = undefined;
  }
  writableStreamDealWithRejection(stream, error);
}

function writableStreamCloseQueuedOrInFlight(stream) {
  const state = stream[kState];
  return state.closeRequest !== undefined || state.inFlightCloseRequest !== undefined;
}

function writableStreamHasOperationMarkedInFlight(stream) {
  const state = stream[kState];
  return state.inFlightWriteRequest !== undefined || state.inFlightCloseRequest !== undefined;
}

function writableStreamRejectCloseAndClosedPromiseIfNeeded(stream) {
  const state = stream[kState];
  if (state.closeRequest !== undefined) {
    state.closeRequest.reject(state.storedError);
    state.closeRequest = undefined;
  }
  stream[kIsClosedPromise].reject(state.storedError);
  const writer = state.writer;
  if (writer !== undefined) {
    writer[kState].closed.reject(state.storedError);
    setPromiseHandled(writer[kState].closed.promise);
  }
}

function writableStreamUpdateBackpressure(stream, backpressure) {
  const state = stream[kState];
  const writer = state.writer;
  if (writer !== undefined && backpressure !== state.backpressure) {
    if (backpressure) {
      writer[kState].ready = trackedDeferred();
    } else {
      writer[kState].ready.resolve();
    }
  }
  state.backpressure = backpressure;
}

// ---------------------------------------------------------------------------------------
// WritableStreamDefaultWriter

function acquireWritableStreamDefaultWriter(stream) {
  return new WritableStreamDefaultWriter(stream);
}

class WritableStreamDefaultWriter {
  constructor(stream) {
    if (!isWritableStream(stream)) throw invalidArgType('stream', 'WritableStream', stream);
    if (isWritableStreamLocked(stream)) throw invalidState('WritableStream is locked');
    this[kType] = 'WritableStreamDefaultWriter';
    const streamState = stream[kState];
    const state = { stream, ready: undefined, closed: undefined };
    this[kState] = state;
    streamState.writer = this;
    switch (streamState.state) {
      case 'writable':
        state.ready = !writableStreamCloseQueuedOrInFlight(stream) && streamState.backpressure ?
          trackedDeferred() :
          resolvedDeferred();
        state.closed = trackedDeferred();
        break;
      case 'erroring':
        state.ready = rejectedDeferred(streamState.storedError);
        state.closed = trackedDeferred();
        break;
      case 'closed':
        state.ready = resolvedDeferred();
        state.closed = resolvedDeferred();
        break;
      default:
        state.ready = rejectedDeferred(streamState.storedError);
        state.closed = rejectedDeferred(streamState.storedError);
    }
  }

  get closed() {
    if (!isWriter(this)) return Promise.reject(invalidThis('WritableStreamDefaultWriter'));
    return this[kState].closed.promise;
  }

  get desiredSize() {
    brand(this, 'WritableStreamDefaultWriter');
    if (this[kState].stream === undefined) {
      throw invalidState('Writer is not bound to a WritableStream');
    }
    return writableStreamDefaultWriterGetDesiredSize(this);
  }

  get ready() {
    if (!isWriter(this)) return Promise.reject(invalidThis('WritableStreamDefaultWriter'));
    return this[kState].ready.promise;
  }

  abort(reason = undefined) {
    if (!isWriter(this)) return Promise.reject(invalidThis('WritableStreamDefaultWriter'));
    if (this[kState].stream === undefined) {
      return Promise.reject(invalidState('Writer is not bound to a WritableStream'));
    }
    return writableStreamAbort(this[kState].stream, reason);
  }

  close() {
    if (!isWriter(this)) return Promise.reject(invalidThis('WritableStreamDefaultWriter'));
    const stream = this[kState].stream;
    if (stream === undefined) {
      return Promise.reject(invalidState('Writer is not bound to a WritableStream'));
    }
    if (writableStreamCloseQueuedOrInFlight(stream)) {
      return Promise.reject(invalidState('Failure to close WritableStream'));
    }
    return writableStreamClose(stream);
  }

  releaseLock() {
    brand(this, 'WritableStreamDefaultWriter');
    if (this[kState].stream === undefined) return;
    writableStreamDefaultWriterRelease(this);
  }

  write(chunk = undefined) {
    if (!isWriter(this)) return Promise.reject(invalidThis('WritableStreamDefaultWriter'));
    if (this[kState].stream === undefined) {
      return Promise.reject(invalidState('Writer is not bound to a WritableStream'));
    }
    return writableStreamDefaultWriterWrite(this, chunk);
  }

  [customInspectSymbol](depth, options) {
    return customInspect(this, 'WritableStreamDefaultWriter', {
      stream: this[kState].stream,
      close: this[kState].closed.promise,
      ready: this[kState].ready.promise,
      desiredSize: this[kState].stream === undefined ? null :
        writableStreamDefaultWriterGetDesiredSize(this),
    }, depth, options);
  }
}

Object.defineProperty(WritableStreamDefaultWriter.prototype, Symbol.toStringTag, {
  value: 'WritableStreamDefaultWriter', configurable: true,
});

function writableStreamDefaultWriterCloseWithErrorPropagation(writer) {
  const stream = writer[kState].stream;
  const state = stream[kState].state;
  if (writableStreamCloseQueuedOrInFlight(stream) || state === 'closed') {
    return Promise.resolve();
  }
  if (state === 'errored') return Promise.reject(stream[kState].storedError);
  return writableStreamClose(stream);
}

function writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, error) {
  const state = writer[kState];
  if (state.closed.settled) {
    state.closed = rejectedDeferred(error);
  } else {
    state.closed.reject(error);
    setPromiseHandled(state.closed.promise);
  }
}

function writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, error) {
  const state = writer[kState];
  if (state.ready.settled) {
    state.ready = rejectedDeferred(error);
  } else {
    state.ready.reject(error);
    setPromiseHandled(state.ready.promise);
  }
}

function writableStreamDefaultWriterGetDesiredSize(writer) {
  const stream = writer[kState].stream;
  const state = stream[kState].state;
  if (state === 'errored' || state === 'erroring') return null;
  if (state === 'closed') return 0;
  return writableStreamDefaultControllerGetDesiredSize(stream[kState].controller);
}

function writableStreamDefaultWriterRelease(writer) {
  const stream = writer[kState].stream;
  const releasedError = invalidState('Writer has been released');
  writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, releasedError);
  writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, releasedError);
  stream[kState].writer = undefined;
  writer[kState].stream = undefined;
}

function writableStreamDefaultWriterWrite(writer, chunk) {
  const stream = writer[kState].stream;
  const controller = stream[kState].controller;
  const chunkSize = writableStreamDefaultControllerGetChunkSize(controller, chunk);
  if (stream !== writer[kState].stream) {
    return Promise.reject(invalidState('Writer has been released'));
  }
  const state = stream[kState].state;
  if (state === 'errored') return Promise.reject(stream[kState].storedError);
  if (writableStreamCloseQueuedOrInFlight(stream) || state === 'closed') {
    return Promise.reject(invalidState('WritableStream is closed'));
  }
  if (state === 'erroring') return Promise.reject(stream[kState].storedError);
  const promise = writableStreamAddWriteRequest(stream);
  writableStreamDefaultControllerWrite(controller, chunk, chunkSize);
  return promise;
}

// ---------------------------------------------------------------------------------------
// WritableStreamDefaultController

class WritableStreamDefaultController {
  constructor() {
    throw new (codes().ERR_ILLEGAL_CONSTRUCTOR)();
  }

  get signal() {
    brand(this, 'WritableStreamDefaultController');
    return this[kState].abortController.signal;
  }

  error(error = undefined) {
    brand(this, 'WritableStreamDefaultController');
    if (this[kState].stream[kState].state !== 'writable') return;
    writableStreamDefaultControllerError(this, error);
  }

  [kAbortSteps](reason) {
    const result = this[kState].abortAlgorithm(reason);
    writableStreamDefaultControllerClearAlgorithms(this);
    return result;
  }

  [kErrorSteps]() {
    resetQueue(this[kState]);
  }

  [customInspectSymbol](depth, options) {
    return customInspect(this, 'WritableStreamDefaultController', {
      stream: this[kState].stream,
    }, depth, options);
  }
}

Object.defineProperty(WritableStreamDefaultController.prototype, Symbol.toStringTag, {
  value: 'WritableStreamDefaultController', configurable: true,
});

function setUpWritableStreamDefaultController(stream, controller, startAlgorithm,
  writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm) {
  const { AbortController } = require('internal/abort_controller');
  controller[kType] = 'WritableStreamDefaultController';
  controller[kState] = {
    stream,
    queue: [],
    queueTotalSize: 0,
    abortController: new AbortController(),
    started: false,
    strategySizeAlgorithm: sizeAlgorithm,
    strategyHWM: highWaterMark,
    writeAlgorithm,
    closeAlgorithm,
    abortAlgorithm,
  };
  stream[kState].controller = controller;
  writableStreamUpdateBackpressure(stream,
    writableStreamDefaultControllerGetBackpressure(controller));
  Promise.resolve(startAlgorithm()).then(() => {
    controller[kState].started = true;
    writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
  }, (error) => {
    controller[kState].started = true;
    writableStreamDealWithRejection(stream, error);
  });
}

function setUpControllerFromSink(stream, sink, highWaterMark, sizeAlgorithm) {
  const controller = Object.create(WritableStreamDefaultController.prototype);
  const start = getMethod(sink, 'start', 'sink');
  const write = getMethod(sink, 'write', 'sink');
  const close = getMethod(sink, 'close', 'sink');
  const abort = getMethod(sink, 'abort', 'sink');
  setUpWritableStreamDefaultController(stream, controller,
    () => (start ? Reflect.apply(start, sink, [controller]) : undefined),
    write ? (chunk) => promiseCall(write, sink, chunk, controller) : nonOpAsync,
    close ? () => promiseCall(close, sink) : nonOpAsync,
    abort ? (reason) => promiseCall(abort, sink, reason) : nonOpAsync,
    highWaterMark, sizeAlgorithm);
}

function writableStreamDefaultControllerAdvanceQueueIfNeeded(controller) {
  const state = controller[kState];
  const stream = state.stream;
  if (!state.started) return;
  if (stream[kState].inFlightWriteRequest !== undefined) return;
  if (stream[kState].state === 'erroring') {
    writableStreamFinishErroring(stream);
    return;
  }
  if (state.queue.length === 0) return;
  const value = peekQueueValue(state);
  if (value === kCloseSentinel) {
    writableStreamDefaultControllerProcessClose(controller);
  } else {
    writableStreamDefaultControllerProcessWrite(controller, value);
  }
}

function writableStreamDefaultControllerClearAlgorithms(controller) {
  const state = controller[kState];
  state.writeAlgorithm = undefined;
  state.closeAlgorithm = undefined;
  state.abortAlgorithm = undefined;
  state.strategySizeAlgorithm = undefined;
}

function writableStreamDefaultControllerClose(controller) {
  enqueueValueWithSize(controller[kState], kCloseSentinel, 0);
  writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
}

function writableStreamDefaultControllerErrorIfNeeded(controller, error) {
  if (controller[kState].stream[kState].state === 'writable') {
    writableStreamDefaultControllerError(controller, error);
  }
}

function writableStreamDefaultControllerGetBackpressure(controller) {
  return writableStreamDefaultControllerGetDesiredSize(controller) <= 0;
}

function writableStreamDefaultControllerGetChunkSize(controller, chunk) {
  const sizeAlgorithm = controller[kState].strategySizeAlgorithm;
  if (sizeAlgorithm === undefined) return 1;
  try {
    return sizeAlgorithm(chunk);
  } catch (error) {
    writableStreamDefaultControllerErrorIfNeeded(controller, error);
    return 1;
  }
}

function writableStreamDefaultControllerGetDesiredSize(controller) {
  return controller[kState].strategyHWM - controller[kState].queueTotalSize;
}

function writableStreamDefaultControllerProcessClose(controller) {
  const state = controller[kState];
  const stream = state.stream;
  stream[kState].inFlightCloseRequest = stream[kState].closeRequest;
  stream[kState].closeRequest = undefined;
  dequeueValue(state);
  const sinkClosePromise = state.closeAlgorithm();
  writableStreamDefaultControllerClearAlgorithms(controller);
  sinkClosePromise.then(() => writableStreamFinishInFlightClose(stream),
    (error) => writableStreamFinishInFlightCloseWithError(stream, error));
}

function writableStreamDefaultControllerProcessWrite(controller, chunk) {
  const state = controller[kState];
  const stream = state.stream;
  stream[kState].inFlightWriteRequest = stream[kState].writeRequests.shift();
  state.writeAlgorithm(chunk).then(() => {
    writableStreamFinishInFlightWrite(stream);
    dequeueValue(state);
    if (!writableStreamCloseQueuedOrInFlight(stream) && stream[kState].state === 'writable') {
      writableStreamUpdateBackpressure(stream,
        writableStreamDefaultControllerGetBackpressure(controller));
    }
    writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
  }, (error) => {
    if (stream[kState].state === 'writable') {
      writableStreamDefaultControllerClearAlgorithms(controller);
    }
    writableStreamFinishInFlightWriteWithError(stream, error);
  });
}

function writableStreamDefaultControllerWrite(controller, chunk, chunkSize) {
  const state = controller[kState];
  try {
    enqueueValueWithSize(state, chunk, chunkSize);
  } catch (error) {
    writableStreamDefaultControllerErrorIfNeeded(controller, error);
    return;
  }
  const stream = state.stream;
  if (!writableStreamCloseQueuedOrInFlight(stream) && stream[kState].state === 'writable') {
    writableStreamUpdateBackpressure(stream,
      writableStreamDefaultControllerGetBackpressure(controller));
  }
  writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
}

function writableStreamDefaultControllerError(controller, error) {
  writableStreamDefaultControllerClearAlgorithms(controller);
  writableStreamStartErroring(controller[kState].stream, error);
}

module.exports = {
  WritableStream,
  WritableStreamDefaultWriter,
  WritableStreamDefaultController,
  isWritableStream,
  isWritableStreamLocked,
  createWritableStream,
  acquireWritableStreamDefaultWriter,
  writableStreamAbort,
  writableStreamCloseQueuedOrInFlight,
  writableStreamDefaultControllerErrorIfNeeded,
  writableStreamDefaultWriterCloseWithErrorPropagation,
  writableStreamDefaultWriterRelease,
  writableStreamDefaultWriterWrite,
};
