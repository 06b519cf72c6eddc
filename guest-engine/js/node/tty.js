// node:tty — terminals. No descriptor in the sandbox is a terminal (stdio are kernel
// streams captured by the host), so `isatty` is false for every fd, and opening a TTY
// stream fails as it does in Node on a non-terminal descriptor.

const { Socket } = require('net');

// Whether `fd` is a terminal: never, for any descriptor.
function isatty() {
  return false;
}

function notATerminal() {
  const error = new Error('TTY initialization failed: uv_tty_init returned EINVAL (invalid argument)');
  error.code = 'ERR_TTY_INIT_FAILED';
  error.name = 'SystemError';
  return error;
}

// Terminal streams are net.Sockets in Node; here constructing one always fails.
class ReadStream extends Socket {
  constructor() {
    throw notATerminal();
  }
}

class WriteStream extends Socket {
  constructor() {
    throw notATerminal();
  }
}

module.exports = { isatty, ReadStream, WriteStream };
