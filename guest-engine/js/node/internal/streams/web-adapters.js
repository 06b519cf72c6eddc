// internal/streams/web-adapters — conversions between Node streams and WHATWG streams:
// Readable.toWeb/fromWeb, Writable.toWeb/fromWeb, Duplex.toWeb/fromWeb.
//
// Built on the engine's global ReadableStream / WritableStream (and the queuing strategy
// classes when present). Without those globals every conversion throws
// ERR_METHOD_NOT_IMPLEMENTED. A Node stream side maps onto a web stream with the same
// highWaterMark; errors and early closes travel both ways.

const eos = require('internal/streams/end-of-stream');
const { destroyer: destroy } = require('internal/streams/destroy');
const {
  kEmptyObject,
  isDestroyed,
  isReadable,
  isReadableStream,
  isWritable,
  isWritableEnded,
  isWritableStream,
  lazyBuffer,
  withResolvers,
} = require('internal/streams/utils');

function errors() {
  return require('internal/errors');
}

// The global web stream classes, or ERR_METHOD_NOT_IMPLEMENTED naming `method`.
function webStreamClasses(method) {
  const { ReadableStream, WritableStream } = globalThis;
  if (typeof ReadableStream !== 'function' || typeof WritableStream !== 'function') {
    throw new (errors().codes.ERR_METHOD_NOT_IMPLEMENTED)(method);
  }
  return { ReadableStream, WritableStream };
}

// A premature close seen from the web side is an abort.
function handleKnownInternalErrors(cause) {
  if (cause?.code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new (errors().AbortError)(undefined, { cause });
  }
  return cause;
}

function countStrategy(highWaterMark) {
  const { CountQueuingStrategy } = globalThis;
  return typeof CountQueuingStrategy === 'function' ?
    new CountQueuingStrategy({ highWaterMark }) :
    { highWaterMark, size: () => 1 };
}

function byteLengthStrategy(highWaterMark) {
  const { ByteLengthQueuingStrategy } = globalThis;
  return typeof ByteLengthQueuingStrategy === 'function' ?
    new ByteLengthQueuingStrategy({ highWaterMark }) :
    { highWaterMark, size: (chunk) => chunk.byteLength };
}

// A Uint8Array with the bytes a string chunk stands for.
function encodeChunk(chunk, encoding) {
  const bytes = lazyBuffer().from(chunk, encoding);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// Settles a Node callback from a promise, reporting a throwing callback through `onThrow`.
function settle(promise, callback, onThrow) {
  const done = (error) => {
    try {
      callback(error);
    } catch (err) {
      onThrow(err);
    }
  };
  promise.then(() => done(), done);
}

function newWritableStreamFromStreamWritable(streamWritable) {
  const { WritableStream } = webStreamClasses('Writable.toWeb()');
  if (!(streamWritable && typeof streamWritable.write === 'function' &&
        typeof streamWritable.on === 'function')) {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)('streamWritable', 'stream.Writable',
      streamWritable);
  }

  if (isDestroyed(streamWritable) || !isWritable(streamWritable)) {
    const writable = new WritableStream();
    writable.close();
    return writable;
  }

  const highWaterMark = streamWritable.writableHighWaterMark;
  const strategy = streamWritable.writableObjectMode ?
    countStrategy(highWaterMark) :
    { highWaterMark };

  let controller;
  let backpressurePromise;
  let closed;

  function onDrain() {
    if (backpressurePromise !== undefined) backpressurePromise.resolve();
  }

  const cleanup = eos(streamWritable, (error) => {
    error = handleKnownInternalErrors(error);

    cleanup();
    // Later errors of the Node stream have nowhere to go.
    streamWritable.on('error', () => {});
    if (error != null) {
      if (backpressurePromise !== undefined) backpressurePromise.reject(error);
      if (closed !== undefined) {
        closed.reject(error);
        closed = undefined;
      }
      controller.error(error);
      controller = undefined;
      return;
    }

    if (closed !== undefined) {
      closed.resolve();
      closed = undefined;
      return;
    }
    controller.error(new (errors().AbortError)());
    controller = undefined;
  });

  streamWritable.on('drain', onDrain);

  return new WritableStream({
    start(c) {
      controller = c;
    },

    write(chunk) {
      if (streamWritable.writableNeedDrain || !streamWritable.write(chunk)) {
        backpressurePromise = withResolvers();
        return backpressurePromise.promise.finally(() => {
          backpressurePromise = undefined;
        });
      }
    },

    abort(reason) {
      destroy(streamWritable, reason);
    },

    close() {
      if (closed === undefined && !isWritableEnded(streamWritable)) {
        closed = withResolvers();
        streamWritable.end();
        return closed.promise;
      }

      controller = undefined;
      return Promise.resolve();
    },
  }, strategy);
}

// The write/writev/final implementations of a Node writable side backed by `writer`.
function writerSink(writer, { decodeStrings, objectMode }, isClosed, getStream) {
  return {
    writev(chunks, callback) {
      const done = (error) => {
        try {
          callback(error);
        } catch (err) {
          process.nextTick(() => destroy(getStream(), err));
        }
      };
      writer.ready.then(
        () => Promise.all(chunks.map((data) => writer.write(data.chunk)))
          .then(() => done(), done),
        done);
    },

    write(chunk, encoding, callback) {
      if (typeof chunk === 'string' && decodeStrings && !objectMode) {
        chunk = encodeChunk(chunk, encoding);
      }
      const done = (error) => {
        try {
          callback(error);
        } catch (err) {
          destroy(getStream(), err);
        }
      };
      writer.ready.then(() => writer.write(chunk).then(() => done(), done), done);
    },

    final(callback) {
      if (!isClosed()) {
        settle(writer.close(), callback, (err) => {
          process.nextTick(() => destroy(getStream(), err));
        });
      }
    },
  };
}

function rethrowLater(err) {
  process.nextTick(() => {
    throw err;
  });
}

function newStreamWritableFromWritableStream(writableStream, options = kEmptyObject) {
  webStreamClasses('Writable.fromWeb()');
  if (!isWritableStream(writableStream)) {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)('writableStream', 'WritableStream',
      writableStream);
  }

  const { validateBoolean, validateObject } = errors();
  validateObject(options, 'options');
  const {
    highWaterMark,
    decodeStrings = true,
    objectMode = false,
    signal,
  } = options;

  validateBoolean(objectMode, 'options.objectMode');
  validateBoolean(decodeStrings, 'options.decodeStrings');

  const Writable = require('internal/streams/writable');
  const writer = writableStream.getWriter();
  let closed = false;

  const sink = writerSink(writer, { decodeStrings, objectMode }, () => closed, () => writable);
  const writable = new Writable({
    highWaterMark,
    objectMode,
    decodeStrings,
    signal,
    ...sink,

    destroy(error, callback) {
      if (closed) {
        callback(error);
        return;
      }
      const closing = error != null ? writer.abort(error) : writer.close();
      settle(closing, () => callback(error), rethrowLater);
    },
  });

  writer.closed.then(
    () => {
      // The web stream closed on its own: that is premature unless we ended it.
      closed = true;
      if (!isWritableEnded(writable)) {
        destroy(writable, new (errors().codes.ERR_STREAM_PREMATURE_CLOSE)());
      }
    },
    (error) => {
      closed = true;
      destroy(writable, error);
    });

  return writable;
}

function newReadableStreamFromStreamReadable(streamReadable, options = kEmptyObject) {
  const { ReadableStream } = webStreamClasses('Readable.toWeb()');
  if (typeof streamReadable?._readableState !== 'object') {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)('streamReadable', 'stream.Readable',
      streamReadable);
  }

  if (isDestroyed(streamReadable) || !isReadable(streamReadable)) {
    const readable = new ReadableStream();
    readable.cancel();
    return readable;
  }

  const objectMode = streamReadable.readableObjectMode;
  const highWaterMark = streamReadable.readableHighWaterMark;
  const strategy = options?.strategy ||
    (objectMode ? countStrategy(highWaterMark) : byteLengthStrategy(highWaterMark));

  let controller;
  let wasCanceled = false;

  function onData(chunk) {
    // Copy, so the web consumer owns its bytes.
    if (lazyBuffer().isBuffer(chunk) && !objectMode) chunk = new Uint8Array(chunk);
    controller.enqueue(chunk);
    if (controller.desiredSize <= 0) streamReadable.pause();
  }

  streamReadable.pause();

  const cleanup = eos(streamReadable, (error) => {
    error = handleKnownInternalErrors(error);

    cleanup();
    // Later errors of the Node stream have nowhere to go.
    streamReadable.on('error', () => {});
    if (error) return controller.error(error);
    if (wasCanceled) return;
    controller.close();
  });

  streamReadable.on('data', onData);

  return new ReadableStream({
    start(c) {
      controller = c;
    },

    pull() {
      streamReadable.resume();
    },

    cancel(reason) {
      wasCanceled = true;
      destroy(streamReadable, reason);
    },
  }, strategy);
}

function validateEncoding(encoding) {
  if (encoding !== undefined && !lazyBuffer().isEncoding(encoding)) {
    // Node passes the arguments in this order.
    throw new (errors().codes.ERR_INVALID_ARG_VALUE)(encoding, 'options.encoding');
  }
}

// The read implementation of a Node readable side backed by `reader`.
function readerSource(reader, getStream) {
  return function read() {
    reader.read().then(
      (chunk) => {
        if (chunk.done) {
          getStream().push(null);
        } else {
          getStream().push(chunk.value);
        }
      },
      (error) => destroy(getStream(), error));
  };
}

function newStreamReadableFromReadableStream(readableStream, options = kEmptyObject) {
  webStreamClasses('Readable.fromWeb()');
  if (!isReadableStream(readableStream)) {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)('readableStream', 'ReadableStream',
      readableStream);
  }

  const { validateBoolean, validateObject } = errors();
  validateObject(options, 'options');
  const {
    highWaterMark,
    encoding,
    objectMode = false,
    signal,
  } = options;

  validateEncoding(encoding);
  validateBoolean(objectMode, 'options.objectMode');

  const Readable = require('internal/streams/readable');
  const reader = readableStream.getReader();
  let closed = false;

  const readable = new Readable({
    objectMode,
    highWaterMark,
    encoding,
    signal,
    read: readerSource(reader, () => readable),

    destroy(error, callback) {
      if (closed) {
        callback(error);
        return;
      }
      settle(reader.cancel(error), () => callback(error), rethrowLater);
    },
  });

  reader.closed.then(
    () => {
      closed = true;
    },
    (error) => {
      closed = true;
      destroy(readable, error);
    });

  return readable;
}

function newReadableWritablePairFromDuplex(duplex) {
  const { ReadableStream, WritableStream } = webStreamClasses('Duplex.toWeb()');
  if (typeof duplex?._writableState !== 'object' ||
      typeof duplex?._readableState !== 'object') {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)('duplex', 'stream.Duplex', duplex);
  }

  if (isDestroyed(duplex)) {
    const writable = new WritableStream();
    const readable = new ReadableStream();
    writable.close();
    readable.cancel();
    return { readable, writable };
  }

  const writable = isWritable(duplex) ?
    newWritableStreamFromStreamWritable(duplex) :
    new WritableStream();

  if (!isWritable(duplex)) writable.close();

  const readable = isReadable(duplex) ?
    newReadableStreamFromStreamReadable(duplex) :
    new ReadableStream();

  if (!isReadable(duplex)) readable.cancel();

  return { writable, readable };
}

function newStreamDuplexFromReadableWritablePair(pair = kEmptyObject, options = kEmptyObject) {
  webStreamClasses('Duplex.fromWeb()');
  const { validateBoolean, validateObject, codes } = errors();
  validateObject(pair, 'pair');
  const {
    readable: readableStream,
    writable: writableStream,
  } = pair;

  if (!isReadableStream(readableStream)) {
    throw new codes.ERR_INVALID_ARG_TYPE('pair.readable', 'ReadableStream', readableStream);
  }
  if (!isWritableStream(writableStream)) {
    throw new codes.ERR_INVALID_ARG_TYPE('pair.writable', 'WritableStream', writableStream);
  }

  validateObject(options, 'options');
  const {
    allowHalfOpen = false,
    objectMode = false,
    encoding,
    decodeStrings = true,
    highWaterMark,
    signal,
  } = options;

  validateBoolean(objectMode, 'options.objectMode');
  validateEncoding(encoding);

  const Duplex = require('internal/streams/duplex');
  const writer = writableStream.getWriter();
  const reader = readableStream.getReader();
  let writableClosed = false;
  let readableClosed = false;

  const sink = writerSink(writer, { decodeStrings, objectMode }, () => writableClosed,
    () => duplex);
  const duplex = new Duplex({
    allowHalfOpen,
    highWaterMark,
    objectMode,
    encoding,
    decodeStrings,
    signal,
    ...sink,
    read: readerSource(reader, () => duplex),

    destroy(error, callback) {
      if (writableClosed && readableClosed) {
        callback(error);
        return;
      }
      const closing = Promise.all([
        writableClosed ? undefined : writer.abort(error),
        readableClosed ? undefined : reader.cancel(error),
      ]);
      settle(closing, () => callback(error), rethrowLater);
    },
  });

  // An error of either web stream closes both sides.
  const onError = (error) => {
    writableClosed = true;
    readableClosed = true;
    destroy(duplex, error);
  };

  writer.closed.then(
    () => {
      writableClosed = true;
      if (!isWritableEnded(duplex)) {
        destroy(duplex, new codes.ERR_STREAM_PREMATURE_CLOSE());
      }
    },
    onError);

  reader.closed.then(
    () => {
      readableClosed = true;
    },
    onError);

  return duplex;
}

module.exports = {
  newWritableStreamFromStreamWritable,
  newStreamWritableFromWritableStream,
  newReadableStreamFromStreamReadable,
  newStreamReadableFromReadableStream,
  newReadableWritablePairFromDuplex,
  newStreamDuplexFromReadableWritablePair,
};
