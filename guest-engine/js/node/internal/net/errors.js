// internal/net/errors — the system errors of socket calls, as Node words them:
// `connect ECONNREFUSED 127.0.0.1:80` (exceptionWithHostPort), `listen EADDRINUSE: address
// already in use :::80` (the libuv-message form of listen and bind), and the note that
// names the permission when the kernel denies network access (EACCES).

const { exceptionWithHostPort, getSystemErrorMap } = require('internal/errors');

const PERMISSION_NOTE = 'network access denied by permissions.network';

function withMessage(err, message) {
  const header = `Error: ${err.message}`;
  if (typeof err.stack === 'string' && err.stack.startsWith(header)) {
    err.stack = `Error: ${message}${err.stack.slice(header.length)}`;
  }
  err.message = message;
  return err;
}

// `connect ECONNREFUSED 127.0.0.1:80`; EACCES adds the permission note.
function socketException(code, syscall, address, port) {
  const err = exceptionWithHostPort(code, syscall, address, port);
  return code === 'EACCES' ? withMessage(err, `${err.message} - ${PERMISSION_NOTE}`) : err;
}

// `listen EADDRINUSE: address already in use :::80` (just the path for a Unix-domain
// socket, which has no port).
function uvSocketException(code, syscall, address, port) {
  const err = exceptionWithHostPort(code, syscall, address, port);
  let uvMessage = 'unknown error';
  for (const [, [name, message]] of getSystemErrorMap()) {
    if (name === code) uvMessage = message;
  }
  const where = port === undefined ? address : `${address}:${port}`;
  let message = `${syscall} ${code}: ${uvMessage} ${where}`;
  if (code === 'EACCES') message += ` - ${PERMISSION_NOTE}`;
  return withMessage(err, message);
}

module.exports = { PERMISSION_NOTE, socketException, uvSocketException };
