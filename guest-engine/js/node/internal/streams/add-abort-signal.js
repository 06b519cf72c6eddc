// internal/streams/add-abort-signal — `stream.addAbortSignal(signal, stream)`: destroys a
// Node stream (or errors a web stream) with an AbortError when `signal` aborts. Also the
// unvalidated form the constructors' `signal` option and Readable#compose use.

const {
  SymbolDispose,
  abortErrorFor,
  isNodeStream,
  isWebStream,
  kControllerErrorFunction,
} = require('internal/streams/utils');
const eos = require('internal/streams/end-of-stream');

function codes() {
  return require('internal/errors').codes;
}

function validateAbortSignal(signal, name) {
  if (typeof signal !== 'object' || !('aborted' in signal)) {
    throw new (codes().ERR_INVALID_ARG_TYPE)(name, 'AbortSignal', signal);
  }
}

function addAbortSignal(signal, stream) {
  validateAbortSignal(signal, 'signal');
  if (!isNodeStream(stream) && !isWebStream(stream)) {
    throw new (codes().ERR_INVALID_ARG_TYPE)('stream',
      ['ReadableStream', 'WritableStream', 'Stream'], stream);
  }
  return addAbortSignalNoValidate(signal, stream);
}

function addAbortSignalNoValidate(signal, stream) {
  if (typeof signal !== 'object' || !('aborted' in signal)) return stream;

  const onAbort = isNodeStream(stream) ?
    () => stream.destroy(abortErrorFor(signal)) :
    () => stream[kControllerErrorFunction](abortErrorFor(signal));

  if (signal.aborted) {
    onAbort();
  } else {
    const disposable = require('events').addAbortListener(signal, onAbort);
    // Stop listening once the stream is done.
    eos(stream, disposable[SymbolDispose]);
  }
  return stream;
}

module.exports = { addAbortSignal, addAbortSignalNoValidate };
