// internal/webstreams/transformstream — the WHATWG TransformStream and its
// TransformStreamDefaultController: a writable side whose chunks run through a
// transformer into a readable side, with backpressure carried from the readable side back
// to the writable one. The abstract operations follow the Streams Standard.

const {
  kState,
  kType,
  codes,
  invalidState,
  invalidThis,
  invalidArgType,
  createDeferred,
  promiseCall,
  nonOpAsync,
  getMethod,
  extractHighWaterMark,
  extractSizeAlgorithm,
  customInspectSymbol,
  customInspect,
} = require('internal/webstreams/util');
const {
  createReadableStream,
  readableStreamDefaultControllerCanCloseOrEnqueue,
  readableStreamDefaultControllerClose,
  readableStreamDefaultControllerEnqueue,
  readableStreamDefaultControllerError,
  readableStreamDefaultControllerGetDesiredSize,
  readableStreamDefaultControllerHasBackpressure,
} = require('internal/webstreams/readablestream');
const {
  createWritableStream,
  writableStreamDefaultControllerErrorIfNeeded,
} = require('internal/webstreams/writablestream');

function brand(self, type) {
  if (self?.[kType] !== type) throw invalidThis(type);
}

class TransformStream {
  constructor(transformer = null, writableStrategy = undefined, readableStrategy = undefined) {
    if (transformer != null && typeof transformer !== 'object') {
      throw invalidArgType('transformer', 'Object', transformer);
    }
    if (writableStrategy != null && typeof writableStrategy !== 'object') {
      throw invalidArgType('writableStrategy', 'Object', writableStrategy);
    }
    if (readableStrategy != null && typeof readableStrategy !== 'object') {
      throw invalidArgType('readableStrategy', 'Object', readableStrategy);
    }
    if (transformer?.readableType !== undefined) {
      throw new (codes().ERR_INVALID_ARG_VALUE.RangeError)('transformer.readableType',
        transformer.readableType);
    }
    if (transformer?.writableType !== undefined) {
      throw new (codes().ERR_INVALID_ARG_VALUE.RangeError)('transformer.writableType',
        transformer.writableType);
    }
    const readableHighWaterMark = extractHighWaterMark(readableStrategy, 0);
    const readableSizeAlgorithm = extractSizeAlgorithm(readableStrategy);
    const writableHighWaterMark = extractHighWaterMark(writableStrategy, 1);
    const writableSizeAlgorithm = extractSizeAlgorithm(writableStrategy);
    const startPromise = createDeferred();
    initializeTransformStream(this, startPromise, writableHighWaterMark, writableSizeAlgorithm,
      readableHighWaterMark, readableSizeAlgorithm);
    const controller = setUpControllerFromTransformer(this, transformer ?? {});
    const start = getMethod(transformer, 'start', 'transformer');
    if (start !== undefined) {
      try {
        startPromise.resolve(Reflect.apply(start, transformer, [controller]));
      } catch (error) {
        startPromise.reject(error);
      }
    } else {
      startPromise.resolve();
    }
  }

  get readable() {
    brand(this, 'TransformStream');
    return this[kState].readable;
  }

  get writable() {
    brand(this, 'TransformStream');
    return this[kState].writable;
  }

  [customInspectSymbol](depth, options) {
    return customInspect(this, 'TransformStream', {
      readable: this.readable,
      writable: this.writable,
      backpressure: this[kState].backpressure,
    }, depth, options);
  }
}

Object.defineProperty(TransformStream.prototype, Symbol.toStringTag, {
  value: 'TransformStream', configurable: true,
});

class TransformStreamDefaultController {
  constructor() {
    throw new (codes().ERR_ILLEGAL_CONSTRUCTOR)();
  }

  get desiredSize() {
    brand(this, 'TransformStreamDefaultController');
    const readableController = this[kState].stream[kState].readable[kState].controller;
    return readableStreamDefaultControllerGetDesiredSize(readableController);
  }

  enqueue(chunk = undefined) {
    brand(this, 'TransformStreamDefaultController');
    transformStreamDefaultControllerEnqueue(this, chunk);
  }

  error(reason = undefined) {
    brand(this, 'TransformStreamDefaultController');
    transformStreamError(this[kState].stream, reason);
  }

  terminate() {
    brand(this, 'TransformStreamDefaultController');
    transformStreamDefaultControllerTerminate(this);
  }

  [customInspectSymbol](depth, options) {
    return customInspect(this, 'TransformStreamDefaultController', {
      stream: this[kState].stream,
    }, depth, options);
  }
}

Object.defineProperty(TransformStreamDefaultController.prototype, Symbol.toStringTag, {
  value: 'TransformStreamDefaultController', configurable: true,
});

function initializeTransformStream(stream, startPromise, writableHighWaterMark,
  writableSizeAlgorithm, readableHighWaterMark, readableSizeAlgorithm) {
  stream[kType] = 'TransformStream';
  const startAlgorithm = () => startPromise.promise;
  const writable = createWritableStream(startAlgorithm,
    (chunk) => transformStreamDefaultSinkWriteAlgorithm(stream, chunk),
    () => transformStreamDefaultSinkCloseAlgorithm(stream),
    (reason) => transformStreamDefaultSinkAbortAlgorithm(stream, reason),
    writableHighWaterMark, writableSizeAlgorithm);
  const readable = createReadableStream(startAlgorithm,
    () => transformStreamDefaultSourcePullAlgorithm(stream),
    (reason) => transformStreamDefaultSourceCancelAlgorithm(stream, reason),
    readableHighWaterMark, readableSizeAlgorithm);
  stream[kState] = {
    readable,
    writable,
    backpressure: undefined,
    backpressureChange: undefined,
    controller: undefined,
  };
  transformStreamSetBackpressure(stream, true);
}

function setUpControllerFromTransformer(stream, transformer) {
  const controller = Object.create(TransformStreamDefaultController.prototype);
  const transform = getMethod(transformer, 'transform', 'transformer');
  const flush = getMethod(transformer, 'flush', 'transformer');
  const cancel = getMethod(transformer, 'cancel', 'transformer');
  controller[kType] = 'TransformStreamDefaultController';
  controller[kState] = {
    stream,
    finish: undefined,
    transformAlgorithm: transform ?
      (chunk) => promiseCall(transform, transformer, chunk, controller) :
      (chunk) => {
        try {
          transformStreamDefaultControllerEnqueue(controller, chunk);
          return Promise.resolve();
        } catch (error) {
          return Promise.reject(error);
        }
      },
    flushAlgorithm: flush ? () => promiseCall(flush, transformer, controller) : nonOpAsync,
    cancelAlgorithm: cancel ? (reason) => promiseCall(cancel, transformer, reason) : nonOpAsync,
  };
  stream[kState].controller = controller;
  return controller;
}

function readableControllerOf(stream) {
  return stream[kState].readable[kState].controller;
}

function writableControllerOf(stream) {
  return stream[kState].writable[kState].controller;
}

function transformStreamError(stream, error) {
  readableStreamDefaultControllerError(readableControllerOf(stream), error);
  transformStreamErrorWritableAndUnblockWrite(stream, error);
}

function transformStreamErrorWritableAndUnblockWrite(stream, error) {
  transformStreamDefaultControllerClearAlgorithms(stream[kState].controller);
  writableStreamDefaultControllerErrorIfNeeded(writableControllerOf(stream), error);
  transformStreamUnblockWrite(stream);
}

function transformStreamUnblockWrite(stream) {
  if (stream[kState].backpressure) transformStreamSetBackpressure(stream, false);
}

function transformStreamSetBackpressure(stream, backpressure) {
  const state = stream[kState];
  if (state.backpressureChange !== undefined) state.backpressureChange.resolve();
  state.backpressureChange = createDeferred();
  state.backpressure = backpressure;
}

function transformStreamDefaultControllerClearAlgorithms(controller) {
  controller[kState].transformAlgorithm = undefined;
  controller[kState].flushAlgorithm = undefined;
  controller[kState].cancelAlgorithm = undefined;
}

function transformStreamDefaultControllerEnqueue(controller, chunk) {
  const stream = controller[kState].stream;
  const readableController = readableControllerOf(stream);
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(readableController)) {
    throw invalidState('Unable to enqueue');
  }
  try {
    readableStreamDefaultControllerEnqueue(readableController, chunk);
  } catch (error) {
    transformStreamErrorWritableAndUnblockWrite(stream, error);
    throw stream[kState].readable[kState].storedError;
  }
  const backpressure = readableStreamDefaultControllerHasBackpressure(readableController);
  if (backpressure !== stream[kState].backpressure) {
    transformStreamSetBackpressure(stream, true);
  }
}

function transformStreamDefaultControllerPerformTransform(controller, chunk) {
  return controller[kState].transformAlgorithm(chunk).then(undefined, (error) => {
    transformStreamError(controller[kState].stream, error);
    throw error;
  });
}

function transformStreamDefaultControllerTerminate(controller) {
  const stream = controller[kState].stream;
  readableStreamDefaultControllerClose(readableControllerOf(stream));
  transformStreamErrorWritableAndUnblockWrite(stream,
    invalidState('TransformStream has been terminated'));
}

function transformStreamDefaultSinkWriteAlgorithm(stream, chunk) {
  const controller = stream[kState].controller;
  if (stream[kState].backpressure) {
    return stream[kState].backpressureChange.promise.then(() => {
      const writable = stream[kState].writable;
      if (writable[kState].state === 'erroring') throw writable[kState].storedError;
      return transformStreamDefaultControllerPerformTransform(controller, chunk);
    });
  }
  return transformStreamDefaultControllerPerformTransform(controller, chunk);
}

// Settles the controller's single finish promise from `algorithmPromise`.
function finishWith(controller, algorithmPromise, onFulfilled, onRejected) {
  const finish = createDeferred();
  controller[kState].finish = finish;
  transformStreamDefaultControllerClearAlgorithms(controller);
  algorithmPromise.then(() => {
    try {
      onFulfilled();
      finish.resolve();
    } catch (error) {
      finish.reject(error);
    }
  }, (error) => {
    onRejected(error);
    finish.reject(error);
  });
  return finish.promise;
}

function transformStreamDefaultSinkAbortAlgorithm(stream, reason) {
  const controller = stream[kState].controller;
  if (controller[kState].finish !== undefined) return controller[kState].finish.promise;
  const readable = stream[kState].readable;
  return finishWith(controller, controller[kState].cancelAlgorithm(reason), () => {
    if (readable[kState].state === 'errored') throw readable[kState].storedError;
    readableStreamDefaultControllerError(readable[kState].controller, reason);
  }, (error) => readableStreamDefaultControllerError(readable[kState].controller, error));
}

function transformStreamDefaultSinkCloseAlgorithm(stream) {
  const controller = stream[kState].controller;
  if (controller[kState].finish !== undefined) return controller[kState].finish.promise;
  const readable = stream[kState].readable;
  return finishWith(controller, controller[kState].flushAlgorithm(), () => {
    if (readable[kState].state === 'errored') throw readable[kState].storedError;
    readableStreamDefaultControllerClose(readable[kState].controller);
  }, (error) => readableStreamDefaultControllerError(readable[kState].controller, error));
}

function transformStreamDefaultSourcePullAlgorithm(stream) {
  transformStreamSetBackpressure(stream, false);
  return stream[kState].backpressureChange.promise;
}

function transformStreamDefaultSourceCancelAlgorithm(stream, reason) {
  const controller = stream[kState].controller;
  if (controller[kState].finish !== undefined) return controller[kState].finish.promise;
  const writable = stream[kState].writable;
  return finishWith(controller, controller[kState].cancelAlgorithm(reason), () => {
    if (writable[kState].state === 'errored') throw writable[kState].storedError;
    writableStreamDefaultControllerErrorIfNeeded(writable[kState].controller, reason);
    transformStreamUnblockWrite(stream);
  }, (error) => {
    writableStreamDefaultControllerErrorIfNeeded(writable[kState].controller, error);
    transformStreamUnblockWrite(stream);
  });
}

module.exports = { TransformStream, TransformStreamDefaultController };
