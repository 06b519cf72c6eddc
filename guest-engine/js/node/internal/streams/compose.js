// internal/streams/compose — `stream.compose(...streams)`: pipelines the given stages (as
// `pipeline` does) and returns them as one Duplex that writes into the first stage and
// reads from the last. Function stages become Duplexes via Duplex.from; web streams work
// as the first or last stage.

const { pipeline } = require('internal/streams/pipeline');
const Duplex = require('internal/streams/duplex');
const { destroyer } = require('internal/streams/destroy');
const {
  isNodeStream,
  isReadable,
  isWritable,
  isWebStream,
  isTransformStream,
  isWritableStream,
  isReadableStream,
  PendingCallbacks,
  forwardWrites,
  forwardReads,
} = require('internal/streams/utils');
const eos = require('internal/streams/end-of-stream');

function errors() {
  return require('internal/errors');
}

module.exports = function compose(...streams) {
  const { ERR_INVALID_ARG_VALUE, ERR_MISSING_ARGS } = errors().codes;

  if (streams.length === 0) throw new ERR_MISSING_ARGS('streams');

  if (streams.length === 1) return Duplex.from(streams[0]);

  const orgStreams = streams.slice();

  if (typeof streams[0] === 'function') streams[0] = Duplex.from(streams[0]);

  if (typeof streams[streams.length - 1] === 'function') {
    const idx = streams.length - 1;
    streams[idx] = Duplex.from(streams[idx]);
  }

  for (let n = 0; n < streams.length; ++n) {
    if (!isNodeStream(streams[n]) && !isWebStream(streams[n])) {
      // Anything else is left for pipeline() to validate.
      continue;
    }
    if (n < streams.length - 1 &&
        !(isReadable(streams[n]) || isReadableStream(streams[n]) ||
          isTransformStream(streams[n]))) {
      throw new ERR_INVALID_ARG_VALUE(`streams[${n}]`, orgStreams[n], 'must be readable');
    }
    if (n > 0 &&
        !(isWritable(streams[n]) || isWritableStream(streams[n]) ||
          isTransformStream(streams[n]))) {
      throw new ERR_INVALID_ARG_VALUE(`streams[${n}]`, orgStreams[n], 'must be writable');
    }
  }

  const pending = new PendingCallbacks();
  let d;

  function onfinished(err) {
    // With neither side to use, the composite is done when the pipeline is.
    if (!pending.finished(d, err) && !readable && !writable) d.destroy();
  }

  const head = streams[0];
  const tail = pipeline(streams, onfinished);

  const writable = !!(isWritable(head) || isWritableStream(head) || isTransformStream(head));
  const readable = !!(isReadable(tail) || isReadableStream(tail) || isTransformStream(tail));

  d = new Duplex({
    // The composite's sides take their modes from the ends of the pipeline.
    writableObjectMode: !!head?.writableObjectMode,
    readableObjectMode: !!tail?.readableObjectMode,
    writable,
    readable,
  });

  if (writable) {
    if (isNodeStream(head)) {
      forwardWrites(d, head, pending);
    } else if (isWebStream(head)) {
      const writable = isTransformStream(head) ? head.writable : head;
      const writer = writable.getWriter();

      d._write = async function(chunk, encoding, callback) {
        try {
          await writer.ready;
          writer.write(chunk).catch(() => {});
          callback();
        } catch (err) {
          callback(err);
        }
      };

      d._final = async function(callback) {
        try {
          await writer.ready;
          writer.close().catch(() => {});
          pending.finish = callback;
        } catch (err) {
          callback(err);
        }
      };
    }

    // The composite finishes when the data has gone all the way through.
    const toRead = isTransformStream(tail) ? tail.readable : tail;
    eos(toRead, () => {
      pending.release('finish');
    });
  }

  if (readable) {
    if (isNodeStream(tail)) {
      forwardReads(d, tail, pending);
    } else if (isWebStream(tail)) {
      const readable = isTransformStream(tail) ? tail.readable : tail;
      const reader = readable.getReader();
      d._read = async function() {
        while (true) {
          try {
            const { value, done } = await reader.read();

            if (!d.push(value)) return;

            if (done) {
              d.push(null);
              return;
            }
          } catch {
            return;
          }
        }
      };
    }
  }

  d._destroy = function(err, callback) {
    if (!err && pending.close !== null) err = new (errors().AbortError)();

    pending.clear();

    if (isNodeStream(tail)) destroyer(tail, err);

    if (pending.close === null) {
      callback(err);
    } else {
      pending.close = callback;
    }
  };

  return d;
};
