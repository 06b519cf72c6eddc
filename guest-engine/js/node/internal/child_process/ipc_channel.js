// internal/child_process/ipc_channel — the IPC channel between a parent and a child made
// by `fork` (or spawned with 'ipc' in `stdio`), over two pipes, one each way, in either of
// Node's serializations: 'json' (one `JSON.stringify`d message per line) or 'advanced'
// (`v8.serialize`d messages, each after its length).
//
// `setupChannel(target, ends, options)` gives `target` (the parent's ChildProcess, or
// `process` in the child) Node's surface: `send()`, 'message' events (messages whose `cmd`
// starts with `NODE_` go to 'internalMessage'), `disconnect()` and 'disconnect',
// `connected`, and `channel` (`ref()`, `unref()`, `fd`). Either side disconnects by
// closing its ends; the other side reads end of file and disconnects in turn.
//
// Reading the channel keeps the process alive while it is ref'd: from the start in the
// parent, and in the child only while it has 'message' or 'disconnect' listeners (or
// after `process.channel.ref()`), as in Node. Pending writes keep it alive too.

const { StringDecoder } = require('string_decoder');
const { Buffer } = require('buffer');
const { FdReadable, FdWritable } = require('internal/fd_streams');

// `send()` returns false once this many bytes wait to be written (Node's threshold).
const SEND_QUEUE_LIMIT = 65536 * 2;

function errors() {
  return require('internal/errors');
}

// The wire formats, by the name of Node's `serialization` option. `encode(message)` gives
// what to write; `decoder()` gives a function that takes each chunk read and returns the
// messages it completes.
const serializations = {
  json: {
    encode: (message) => `${JSON.stringify(message)}\n`,
    decoder() {
      const decoder = new StringDecoder('utf8');
      let partialLine = '';
      return (chunk) => {
        const lines = (partialLine + decoder.write(chunk)).split('\n');
        partialLine = lines.pop();
        return lines.map((line) => JSON.parse(line));
      };
    },
  },
  // Each message is a uint32 (big-endian) byte length, then that many bytes of
  // `v8.serialize` output.
  advanced: {
    encode(message) {
      const body = require('v8').serialize(message);
      const framed = Buffer.allocUnsafe(4 + body.length);
      framed.writeUInt32BE(body.length, 0);
      framed.set(body, 4);
      return framed;
    },
    decoder() {
      const { deserialize } = require('v8');
      let chunks = [];
      let buffered = 0;
      // The size of the message being read (length field included), once its length
      // field has arrived.
      let messageSize = -1;
      const joined = () => {
        if (chunks.length > 1) chunks = [Buffer.concat(chunks, buffered)];
        return chunks[0];
      };
      return (chunk) => {
        chunks.push(chunk);
        buffered += chunk.length;
        const messages = [];
        for (;;) {
          if (messageSize === -1) {
            if (buffered < 4) break;
            messageSize = 4 + joined().readUInt32BE(0);
          }
          if (buffered < messageSize) break;
          const data = joined();
          messages.push(deserialize(data.subarray(4, messageSize)));
          chunks = buffered === messageSize ? [] : [data.subarray(messageSize)];
          buffered -= messageSize;
          messageSize = -1;
        }
        return messages;
      };
    },
  },
};

function isInternalMessage(message) {
  return message !== null && typeof message === 'object' && typeof message.cmd === 'string' &&
    message.cmd.length > 'NODE_'.length && message.cmd.startsWith('NODE_');
}

// `target.channel`: the ref state of the channel's reading side. Listener counting
// (`refCounted`/`unrefCounted`) stops once the user sets the state explicitly.
class Control {
  constructor(reader) {
    this._reader = reader;
    this._refs = 0;
    this._refExplicitlySet = false;
  }

  get fd() {
    return this._reader.fd;
  }

  refCounted() {
    if (++this._refs === 1 && !this._refExplicitlySet) this._reader.ref();
  }

  unrefCounted() {
    if (--this._refs === 0 && !this._refExplicitlySet) this._reader.unref();
  }

  ref() {
    this._refExplicitlySet = true;
    this._reader.ref();
  }

  unref() {
    this._refExplicitlySet = true;
    this._reader.unref();
  }
}

// `target._channel`: Node's deprecated (DEP0129) name for `target.channel`.
function defineChannelAlias(target) {
  const { deprecate } = require('util');
  const message = '_channel is deprecated. Use ChildProcess.channel instead.';
  Object.defineProperty(target, '_channel', {
    get: deprecate(() => target.channel, message, 'DEP0129'),
    set: deprecate((value) => { target.channel = value; }, message, 'DEP0129'),
    configurable: true,
    enumerable: false,
  });
}

// `ends` is `{ read, write }`. Options: `refed` (whether reading keeps the process alive
// from the start), `onClose` (called once the channel is closed) and `serialization`
// ('json', the default, or 'advanced').
function setupChannel(target, ends, { refed, onClose, serialization = 'json' }) {
  const { codes } = errors();
  const reader = new FdReadable(ends.read);
  const writer = new FdWritable(ends.write);
  // A failed write is reported to its send() callback or as the target's 'error'.
  writer.on('error', () => {});
  if (!refed) reader.unref();
  const control = new Control(reader);

  target.channel = control;
  target.connected = true;
  defineChannelAlias(target);

  function deliver(message) {
    if (target.channel === null) return;
    const event = isInternalMessage(message) ? 'internalMessage' : 'message';
    process.nextTick(() => target.emit(event, message, undefined));
  }

  const { encode, decoder } = serializations[serialization];
  const decode = decoder();
  reader.on('data', (chunk) => {
    for (const message of decode(chunk)) deliver(message);
  });
  reader.on('end', () => {
    if (target.connected) target.disconnect();
  });
  reader.on('error', (error) => target.emit('error', error));

  target.send = function send(message, handle, options, callback) {
    if (typeof handle === 'function') {
      callback = handle;
      handle = undefined;
      options = undefined;
    } else if (typeof options === 'function') {
      callback = options;
      options = undefined;
    } else if (options !== undefined) {
      errors().validateObject(options, 'options');
    }
    options = { swallowErrors: false, ...options };
    if (!target.connected) {
      const error = new codes.ERR_IPC_CHANNEL_CLOSED();
      if (typeof callback === 'function') {
        process.nextTick(callback, error);
      } else {
        process.nextTick(() => target.emit('error', error));
      }
      return false;
    }
    if (message === undefined) throw new codes.ERR_MISSING_ARGS('message');
    if (!['string', 'object', 'number', 'boolean'].includes(typeof message)) {
      throw new codes.ERR_INVALID_ARG_TYPE(
        'message', ['string', 'object', 'number', 'boolean'], message);
    }
    if (handle != null) throw new codes.ERR_INVALID_HANDLE_TYPE();
    writer.write(encode(message), (error) => {
      if (!error) {
        if (typeof callback === 'function') callback(null);
        return;
      }
      if (options.swallowErrors) return;
      if (typeof callback === 'function') {
        callback(error);
      } else {
        target.emit('error', error);
      }
    });
    return writer.writableLength < SEND_QUEUE_LIMIT;
  };

  target.disconnect = function disconnect() {
    if (!target.connected) {
      target.emit('error', new codes.ERR_IPC_DISCONNECTED());
      return;
    }
    target.connected = false;
    target.channel = null;
    reader.destroy();
    // Messages already queued are still written before the write end closes, and
    // 'disconnect' waits for them: a listener may exit the process (as a cluster worker
    // does), which would lose them.
    writer.end();
    require('stream').finished(writer, () => {
      target.emit('disconnect');
      if (onClose) onClose();
    });
  };

  return control;
}

module.exports = { setupChannel };
