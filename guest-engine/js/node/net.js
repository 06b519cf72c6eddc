// net — `node:net`: `Socket` (a Duplex over a kernel socket descriptor, TCP or
// Unix-domain) and `Server` (a kernel listener), `connect`/`createConnection`/
// `createServer`, the `isIP` family, `BlockList`/`SocketAddress` (internal/net/blocklist)
// and auto-select-family (Happy Eyeballs: a name's addresses are tried in turn,
// alternating families).
//
// Sockets never block the process. A socket reads when the event loop reports its
// descriptor readable (while the readable side wants data), writes when it reports it
// writable (as much as the kernel takes, so a slow peer exerts backpressure), connects by
// waiting for the new descriptor to turn writable and asking the kernel how the attempt
// went, and ends its writable side with a kernel `shutdown` (the peer reads end of file).
// A server accepts when its listener is readable. What waits on the loop keeps the process
// alive unless `unref()`ed; a closed socket or server waits on nothing.
//
// Names go through `dns.lookup` (or the `lookup` option). A `path` is a Unix-domain socket
// in the kernel's namespace of socket names. A socket or server can adopt a kernel
// descriptor (`fd`) or another's `handle`.

const EventEmitter = require('events');
const { Duplex } = require('stream');
const { Buffer } = require('buffer');
const { IoWatch } = require('internal/io_watch');
const { isIP, isIPv4, isIPv6 } = require('internal/net/address');
const { BlockList, SocketAddress } = require('internal/net/blocklist');
const { socketException, uvSocketException } = require('internal/net/errors');
const {
  codes: {
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ADDRESS_FAMILY,
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_IP_ADDRESS,
    ERR_IP_BLOCKED,
    ERR_MISSING_ARGS,
    ERR_SERVER_ALREADY_LISTEN,
    ERR_SERVER_NOT_RUNNING,
    ERR_SOCKET_CLOSED,
    ERR_SOCKET_CLOSED_BEFORE_CONNECTION,
    ERR_SOCKET_CONNECTION_TIMEOUT,
  },
  ErrnoException,
  bindingErrnoException,
  validateAbortSignal,
  validateBoolean,
  validateFunction,
  validateInt32,
  validateNumber,
  validatePort,
} = require('internal/errors');

const netBinding = binding('net');
const fsBinding = binding('fs');

// diagnostics_channel: each new client socket (`net.connect`) and accepted socket, and the
// `net.server.listen` tracing channel (start of a listen, then its end or error).
const dc = require('diagnostics_channel');
const netClientSocketChannel = dc.channel('net.client.socket');
const netServerSocketChannel = dc.channel('net.server.socket');
const netServerListen = dc.tracingChannel('net.server.listen');
const ioBinding = binding('io');

// Bytes asked of the kernel per read.
const READ_SIZE = 65536;
const DEFAULT_BACKLOG = 511;
// Stream options a byte socket cannot take.
const OBJECT_MODE_OPTIONS = ['objectMode', 'readableObjectMode', 'writableObjectMode'];

// The auto-select-family defaults, which the command line may set:
// `--[no-]network-family-autoselection`, `--network-family-autoselection-attempt-timeout=<ms>`.
let autoSelectFamilyDefault = true;
let autoSelectFamilyAttemptTimeoutDefault = 250;
for (const option of process.execArgv ?? []) {
  if (option === '--network-family-autoselection') {
    autoSelectFamilyDefault = true;
  } else if (option === '--no-network-family-autoselection') {
    autoSelectFamilyDefault = false;
  } else if (option.startsWith('--network-family-autoselection-attempt-timeout=')) {
    const value = Number(option.slice(option.indexOf('=') + 1));
    if (Number.isInteger(value) && value > 0) autoSelectFamilyAttemptTimeoutDefault = value;
  }
}

// The handle an accepted socket is made over (not a public option).
const kAcceptedHandle = Symbol('kAcceptedHandle');
// A socket's or server's TCPHandle (`_handle` reads and sets it; a TLS socket's `_handle` is
// its TLS session instead).
const kHandle = Symbol('kHandle');
// A server's handle's link back to its server.
const kOwner = Symbol('kOwner');
// Marks `connect()`'s already normalized arguments handed on to `socket.connect()`.
const kNormalized = Symbol('kNormalized');

function lazyTimers() {
  return require('timers');
}

// A string that is not a number names an IPC path.
function isPipeName(value) {
  return typeof value === 'string' && !(value.trim() !== '' && Number.isFinite(Number(value)));
}

// `(options[, cb])`, `(port[, host][, cb])` or `(path[, cb])` → `[options, cb]`.
function normalizeArgs(args) {
  if (args.length === 0) return [{}, null];
  const first = args[0];
  let options = {};
  if (typeof first === 'object' && first !== null) {
    options = first;
  } else if (isPipeName(first)) {
    options.path = first;
  } else {
    options.port = first;
    if (args.length > 1 && typeof args[1] === 'string') options.host = args[1];
  }
  const last = args[args.length - 1];
  return [options, typeof last === 'function' ? last : null];
}

// `{ address, family, port }` of a kernel address call, or `{}` when it fails (a closed or
// not yet connected socket) or names a Unix-domain socket, as Node's `address()` does.
function addressOf(call, fd) {
  if (fd === null) return {};
  try {
    const { address, family, port } = call(fd);
    if (family === undefined) return {};
    return { address, family, port };
  } catch {
    return {};
  }
}

// ---------------------------------------------------------------------------------------
// TCPHandle

// The kernel descriptor under a socket or a server, as Node's `_handle` (its TCP wrap): a
// connecting socket's handle has no descriptor yet (`fd` is -1). Closing it releases the
// descriptor under its owner, which `onclose` tells. The TCP options have nothing to tune
// on the virtual loopback.
class TCPHandle {
  constructor(fd) {
    this.fd = fd;
    this.closed = false;
    this.onclose = null;
  }

  close(callback) {
    if (this.closed) return;
    this.closed = true;
    this.release();
    if (this.onclose !== null) this.onclose();
    if (typeof callback === 'function') process.nextTick(callback);
  }

  // Closes the descriptor (of a failed connection attempt: the next attempt opens another).
  release() {
    if (this.fd < 0) return;
    try {
      fsBinding.close(this.fd);
    } catch {
      // EBADF: already gone, nothing left to release.
    }
    this.fd = -1;
  }

  setNoDelay() {
    return 0;
  }

  setKeepAlive() {
    return 0;
  }
}

const handleProperty = {
  get() { return this[kHandle]; },
  set(handle) { this[kHandle] = handle; },
  configurable: true,
};

// The open descriptor under a socket or server's handle, or null (also under a handle
// that user code put in its place).
function handleFd() {
  const handle = this[kHandle];
  return handle instanceof TCPHandle && handle.fd >= 0 ? handle.fd : null;
}

// ---------------------------------------------------------------------------------------
// Socket

function Socket(options) {
  if (!(this instanceof Socket)) return new Socket(options);
  if (typeof options === 'number') options = { fd: options };
  options = { ...options };
  for (const key of OBJECT_MODE_OPTIONS) {
    if (options[key]) {
      throw new ERR_INVALID_ARG_VALUE(`options.${key}`, options[key], 'is not supported');
    }
  }
  if (options.fd !== undefined) validateInt32(options.fd, 'fd', 0);
  if (options.blockList !== undefined && !(options.blockList instanceof BlockList)) {
    throw new ERR_INVALID_ARG_TYPE('options.blockList', 'net.BlockList', options.blockList);
  }
  // A connected descriptor to adopt: an accepted connection, a `handle` (another socket's,
  // or an object of the caller's that stands in for one), or an `fd`.
  let handle = options[kAcceptedHandle] ?? options.handle ?? null;
  if (handle === null && options.fd !== undefined) handle = new TCPHandle(options.fd);
  const allowHalfOpen = Boolean(options.allowHalfOpen);

  // The state is complete before the stream starts: an aborted `signal` destroys the
  // socket from within the Duplex constructor.
  this.connecting = false;
  this[kHandle] = null;
  this._refed = true;
  this._readWatch = null;
  this._writeWatch = null;
  this._connectWatch = null;
  // The addresses `_connectToAny` tries, while it tries them.
  this._attempts = null;
  // Destinations this socket refuses to connect to.
  this.blockList = options.blockList;
  this._pendingWrite = null;
  this._timeoutMs = 0;
  this._timer = null;
  this._remote = null;
  this._bytesRead = 0;
  this._bytesDispatched = 0;
  this.server = null;
  this._server = null;
  // Set by `https` before connecting: the host wraps the connection in TLS, verifying the
  // server's certificate for this name.
  this._tlsServerName = null;
  // The TCP options, applied to the handle once connected.
  this._noDelay = Boolean(options.noDelay);
  this._keepAlive = Boolean(options.keepAlive);
  this._keepAliveInitialDelay = Math.max(0, ~~(options.keepAliveInitialDelay / 1000));
  // `onread`: each read lands in the caller's buffer (or one its function gives) and goes
  // to its callback instead of 'data'; the callback returning false pauses reading.
  this._onread = null;
  const { onread } = options;
  if (onread !== null && typeof onread === 'object' && typeof onread.callback === 'function' &&
      (ArrayBuffer.isView(onread.buffer) || typeof onread.buffer === 'function')) {
    this._onread = onread;
  }

  Duplex.call(this, {
    ...options,
    allowHalfOpen,
    emitClose: false,
    autoDestroy: true,
    decodeStrings: false,
  });
  this.on('end', onReadableEnd);

  if (handle instanceof TCPHandle) {
    this._adopt(handle);
    this._attach(handle.fd);
  } else if (handle !== null) {
    this[kHandle] = handle;
  }
  if (handle !== null && options.readable !== false) {
    if (options.pauseOnCreate) {
      this.readableFlowing = false;
    } else if (!options.manualStart) {
      this.read(0);
    }
  }
}
Object.setPrototypeOf(Socket.prototype, Duplex.prototype);
Object.setPrototypeOf(Socket, Duplex);

// Without allowHalfOpen, the writable side ends after the readable side; writes after the
// peer's FIN fail as in Node.
function onReadableEnd() {
  if (!this.allowHalfOpen) this.write = writeAfterFIN;
}

function writeAfterFIN(chunk, encoding, callback) {
  // The writable side ends on the next tick; until then writes still go out.
  if (!this.writableEnded) return Duplex.prototype.write.call(this, chunk, encoding, callback);
  if (typeof encoding === 'function') callback = encoding;
  const err = new Error('This socket has been ended by the other party');
  err.code = 'EPIPE';
  if (typeof callback === 'function') process.nextTick(callback, err);
  this.destroy(err);
  return false;
}

// Takes `handle` as this socket's; a handle closed from outside stops the socket's I/O.
Socket.prototype._adopt = function(handle) {
  this[kHandle] = handle;
  handle.onclose = () => this._stopWatches();
};

Socket.prototype._stopWatches = function() {
  for (const watch of [this._readWatch, this._writeWatch, this._connectWatch]) {
    if (watch !== null) watch.stop();
  }
};

// Takes ownership of connected descriptor `fd`.
Socket.prototype._attach = function(fd) {
  this[kHandle].fd = fd;
  this._readWatch = new IoWatch('readable', fd, () => this._onReadable(), this, 'TCPSocketWrap');
  this._writeWatch = new IoWatch('writable', fd, () => this._onWritable(), this, 'TCPSocketWrap');
  this._readWatch.setRef(this._refed);
  this._writeWatch.setRef(this._refed);
};

Socket.prototype._onReadable = function() {
  if (this._fd === null) return;
  let buffer = null;
  if (this._onread !== null) {
    const { buffer: given } = this._onread;
    buffer = typeof given === 'function' ? given() : given;
  }
  let data;
  try {
    data = fsBinding.read(this._fd, buffer === null ? READ_SIZE : buffer.byteLength, null);
  } catch (error) {
    this._readWatch.stop();
    this.destroy(bindingErrnoException(error, 'read'));
    return;
  }
  this._touch();
  if (data.length === 0) {
    this._readWatch.stop();
    // Reading on from the empty buffer emits 'end' even when nobody consumes the data.
    this.push(null);
    this.read(0);
    return;
  }
  this._bytesRead += data.length;
  if (buffer !== null) {
    new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).set(data);
    if (this._onread.callback.call(this, data.length, buffer) === false) this._readWatch.stop();
    return;
  }
  if (!this.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength))) {
    this._readWatch.stop();
  }
};

// With `onread`, no data passes through the stream, so pausing and resuming start and
// stop the reads themselves.
Socket.prototype.pause = function() {
  if (this._onread !== null && this._readWatch !== null) this._readWatch.stop();
  return Duplex.prototype.pause.call(this);
};

Socket.prototype.resume = function() {
  if (this._onread !== null && !this.connecting && this._fd !== null && !this.destroyed) {
    this._readWatch.start();
  }
  return Duplex.prototype.resume.call(this);
};

Socket.prototype._read = function() {
  if (this.connecting || this._fd === null) {
    this.once('connect', () => this._read());
    return;
  }
  if (!this.destroyed) this._readWatch.start();
};

Socket.prototype._write = function(chunk, encoding, callback) {
  if (this[kHandle] instanceof TCPHandle && this[kHandle].closed) {
    callback(new ErrnoException('EBADF', 'write'));
    return;
  }
  if (!this.connecting && this._fd === null) {
    callback(new ERR_SOCKET_CLOSED());
    return;
  }
  if (typeof chunk === 'string' && encoding === 'buffer') {
    // What Node's stream handle reports when a string is given as raw bytes.
    throw Object.assign(new TypeError('Second argument must be a buffer'), { code: 'ERR_INVALID_ARG_TYPE' });
  }
  const data = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
  if (this.connecting) {
    // Held until connected (`bytesWritten` counts it meanwhile).
    this._pendingWrite = { data, callback };
    const onClose = () => {
      this._pendingWrite = null;
      callback(new ERR_SOCKET_CLOSED_BEFORE_CONNECTION());
    };
    this.once('close', onClose);
    this.once('connect', () => {
      this.off('close', onClose);
      this._pendingWrite = null;
      this._write(data, 'buffer', callback);
    });
    return;
  }
  if (data.length === 0) {
    callback();
    return;
  }
  this._pendingWrite = { data, callback };
  // Send at once when the peer has room, as Node does; otherwise when the loop finds the
  // socket writable. (Asking first keeps a full buffer from blocking the whole process.)
  if (ioBinding.poll([['writable', this._fd]], 0).length > 0) this._onWritable(true);
  if (this._pendingWrite !== null) this._writeWatch.start();
};

// `sync` when `_write` tries at once: as in Node, a write that fails there destroys the
// socket right away, so that later writes are dropped rather than queued.
Socket.prototype._onWritable = function(sync = false) {
  const pending = this._pendingWrite;
  if (this._fd === null || pending === null) return;
  let written;
  try {
    written = fsBinding.write(this._fd, pending.data, null);
  } catch (error) {
    const err = bindingErrnoException(error, 'write');
    if (sync) this.destroy(err);
    this._finishWrite(err);
    return;
  }
  this._bytesDispatched += written;
  this._touch();
  pending.data = pending.data.subarray(written);
  if (pending.data.length === 0) this._finishWrite(null);
};

Socket.prototype._finishWrite = function(error) {
  this._writeWatch.stop();
  const { callback } = this._pendingWrite;
  this._pendingWrite = null;
  callback(error);
};

// Every write is flushed before `_final` runs: half-close the connection.
// Corked or queued chunks leave in one write, as Node's stream handles batch them.
Socket.prototype._writev = function(chunks, callback) {
  const buffers = chunks.map(({ chunk, encoding }) =>
    (typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk));
  this._write(Buffer.concat(buffers), 'buffer', callback);
};

Socket.prototype._final = function(callback) {
  if (this.connecting) {
    this.once('connect', () => this._final(callback));
    return;
  }
  if (this._fd === null) {
    callback();
    return;
  }
  try {
    netBinding.shutdown(this._fd);
  } catch (error) {
    if (error.code !== 'ENOTCONN') {
      callback(bindingErrnoException(error, 'shutdown'));
      return;
    }
  }
  callback();
};

Socket.prototype._destroy = function(error, callback) {
  this.connecting = false;
  if (this._attempts !== null) {
    lazyTimers().clearTimeout(this._attempts.timer);
    this._attempts = null;
  }
  this._stopWatches();
  this._clearTimer();
  const handle = this[kHandle];
  this[kHandle] = null;
  callback(error);
  const emitClose = () => {
    this.emit('close', Boolean(error));
    if (this._server !== null) this._server._connectionClosed();
  };
  // As in Node, 'close' follows from closing the handle (whose `close` may be wrapped).
  if (handle instanceof TCPHandle && !handle.closed) {
    handle.onclose = null;
    handle.close(emitClose);
  } else {
    process.nextTick(emitClose);
  }
};

// Aborts the connection (TCP's RST: the peer sees ECONNRESET) and destroys the socket.
Socket.prototype.resetAndDestroy = function() {
  if (this._fd === null && !this.connecting) {
    this.destroy(new ERR_SOCKET_CLOSED());
  } else if (this.connecting) {
    this.once('connect', () => this._reset());
  } else {
    this._reset();
  }
  return this;
};

Socket.prototype._reset = function() {
  try {
    netBinding.reset(this._fd);
  } catch {
    // ENOTCONN: nothing to abort; destroying still releases the socket.
  }
  this.destroy();
};

Socket.prototype.destroySoon = function() {
  if (this.writable) this.end();
  if (this.writableFinished) this.destroy();
  else this.once('finish', this.destroy);
};

Socket.prototype.connect = function(...args) {
  const [options, callback] = args[0]?.[kNormalized] ? args[0] : normalizeArgs(args);
  const { path } = options;
  if (path !== undefined && path !== null && typeof path !== 'string') {
    throw new ERR_INVALID_ARG_TYPE('options.path', 'string', path);
  }
  if (this.write !== Socket.prototype.write) this.write = Socket.prototype.write;
  if (this.destroyed) {
    // Reconnecting a closed socket starts it over, as Node allows.
    this._remote = null;
    this._bytesRead = 0;
    this._bytesDispatched = 0;
    this._undestroy();
  }
  if (callback !== null) this.once('connect', callback);
  if (options.timeout !== undefined) this.setTimeout(options.timeout);

  if (typeof path === 'string') {
    if (this.connecting || this._fd !== null) {
      const code = this.connecting ? 'EALREADY' : 'EISCONN';
      process.nextTick(() => this.destroy(socketException(code, 'connect', path)));
      return this;
    }
    this.connecting = true;
    this._adopt(new TCPHandle(-1));
    process.nextTick(() => {
      if (this.connecting) this._internalConnect(path);
    });
    return this;
  }

  const { lookup, localAddress, localPort } = options;
  const host = options.host || 'localhost';
  let { port } = options;
  if (port === undefined) throw new ERR_MISSING_ARGS(['options', 'port', 'path']);
  if (localAddress && isIP(localAddress) === 0) throw new ERR_INVALID_IP_ADDRESS(localAddress);
  if (localPort) validateNumber(localPort, 'options.localPort');
  if (typeof port !== 'number' && typeof port !== 'string') {
    throw new ERR_INVALID_ARG_TYPE('options.port', ['number', 'string'], port);
  }
  port = validatePort(port);
  if (typeof host !== 'string') throw new ERR_INVALID_ARG_TYPE('options.host', 'string', host);
  if (lookup != null) validateFunction(lookup, 'options.lookup');
  if (options.autoSelectFamily != null) {
    validateBoolean(options.autoSelectFamily, 'options.autoSelectFamily');
  }
  if (options.autoSelectFamilyAttemptTimeout != null) {
    validateInt32(options.autoSelectFamilyAttemptTimeout, 'options.autoSelectFamilyAttemptTimeout', 1);
  }

  if (this.connecting || this._fd !== null) {
    const code = this.connecting ? 'EALREADY' : 'EISCONN';
    process.nextTick(() => this.destroy(socketException(code, 'connect', host, port)));
    return this;
  }
  this.connecting = true;
  this._adopt(new TCPHandle(-1));
  if (localAddress && !isLocalAddress(localAddress)) {
    this._connectErrorSoon(socketException('EADDRNOTAVAIL', 'bind', localAddress, localPort));
    return this;
  }
  this._lookupAndConnect(host, port, options);
  return this;
};

// Whether a socket can bind `address` locally: the loopback is the sandbox's only
// interface (the kernel picks the local address and port of a connection on it).
function isLocalAddress(address) {
  return address === '0.0.0.0' || address === '::' ||
    require('internal/net/dns').isLoopback(address);
}

Socket.prototype._lookupAndConnect = function(host, port, options) {
  if (isIP(host) !== 0) {
    process.nextTick(() => {
      if (this.connecting) this._internalConnect(host, port);
    });
    return;
  }
  const lookup = options.lookup ?? require('dns').lookup;
  const lookupOptions = { family: dnsFamily(options.family), hints: options.hints || 0 };
  const autoSelectFamily = options.autoSelectFamily ?? autoSelectFamilyDefault;
  if (autoSelectFamily && lookupOptions.family !== 4 && lookupOptions.family !== 6 &&
      !options.localAddress) {
    let attemptTimeout = options.autoSelectFamilyAttemptTimeout ??
      autoSelectFamilyAttemptTimeoutDefault;
    if (attemptTimeout < 10) attemptTimeout = 10;
    lookupOptions.all = true;
    lookup(host, lookupOptions, (error, addresses) => {
      this._connectToAny(error, addresses, host, port, attemptTimeout);
    });
    return;
  }
  lookup(host, lookupOptions, (error, address, family) => {
    this.emit('lookup', error, address, family, host);
    if (!this.connecting) return;
    if (error) {
      this._connectErrorSoon(error);
    } else if (isIP(address) === 0) {
      this._connectErrorSoon(new ERR_INVALID_IP_ADDRESS(address));
    } else {
      this._internalConnect(address, port);
    }
  });
};

// A lookup may answer before `connect()` returns, when nobody listens for 'error' yet:
// the socket fails on the next tick.
Socket.prototype._connectErrorSoon = function(error) {
  process.nextTick(() => this.destroy(error));
};

// A socket's `family` option (`'IPv4'`, `'IPv6'` or a number) as `dns.lookup` takes it.
function dnsFamily(family) {
  if (family === 'IPv4') return 4;
  if (family === 'IPv6') return 6;
  return family ?? 0;
}

// Happy Eyeballs (RFC 8305), as Node's `autoSelectFamily`: with several addresses, they
// are tried one at a time, alternating families starting with the first address's, each
// given `attemptTimeout` ms before the next is tried; the first to connect wins.
Socket.prototype._connectToAny = function(error, addresses, host, port, attemptTimeout) {
  if (!this.connecting) return;
  if (error) {
    this.emit('lookup', error, undefined, undefined, host);
    this._connectErrorSoon(error);
    return;
  }
  const byFamily = { 4: [], 6: [] };
  let firstFamily = null;
  for (const { address, family } of addresses) {
    this.emit('lookup', null, address, family, host);
    if (!this.connecting) return;
    if (isIP(address) === 0 || (family !== 4 && family !== 6)) continue;
    firstFamily ??= family;
    if (!byFamily[family].some((entry) => entry.address === address)) {
      byFamily[family].push({ address, family });
    }
  }
  if (firstFamily === null) {
    const first = addresses[0] ?? {};
    const invalid = isIP(first.address) === 0 ?
      new ERR_INVALID_IP_ADDRESS(first.address) :
      new ERR_INVALID_ADDRESS_FAMILY(first.family, host, port);
    this._connectErrorSoon(invalid);
    return;
  }
  const primary = byFamily[firstFamily];
  const secondary = byFamily[firstFamily === 4 ? 6 : 4];
  const toAttempt = [];
  for (let i = 0; i < Math.max(primary.length, secondary.length); i++) {
    if (i < primary.length) toAttempt.push(primary[i]);
    if (i < secondary.length) toAttempt.push(secondary[i]);
  }
  if (toAttempt.length === 1) {
    this._internalConnect(toAttempt[0].address, port);
    return;
  }
  this.autoSelectFamilyAttemptedAddresses = [];
  this._attempts = { addresses: toAttempt, next: 0, port, attemptTimeout, timer: null, errors: [] };
  this._attemptNext();
};

// Starts the next attempt of `_connectToAny`, or fails with every attempt's error.
Socket.prototype._attemptNext = function() {
  const attempts = this._attempts;
  lazyTimers().clearTimeout(attempts.timer);
  if (!this.connecting) return;
  if (attempts.next === attempts.addresses.length) {
    this._attempts = null;
    if (attempts.errors.length === 0) {
      this.destroy(new ERR_SOCKET_CONNECTION_TIMEOUT());
      return;
    }
    const error = new AggregateError(attempts.errors);
    error.code = attempts.errors[0].code;
    this.destroy(error);
    return;
  }
  const current = attempts.next++;
  const { address, family } = attempts.addresses[current];
  const { port } = attempts;
  this.autoSelectFamilyAttemptedAddresses.push(`${address}:${port}`);
  if (!this._internalConnect(address, port)) return;
  if (current < attempts.addresses.length - 1) {
    attempts.timer = lazyTimers().setTimeout(() => {
      this.emit('connectionAttemptTimeout', address, port, family);
      attempts.errors.push(socketException('ETIMEDOUT', 'connect', address, port));
      this._detach();
      this._attemptNext();
    }, attempts.attemptTimeout);
  }
  this.emit('connectionAttempt', address, port, family);
};

// A failed attempt: the next one, or (outside `_connectToAny`) the socket's error.
Socket.prototype._connectFailed = function(error, address, port) {
  const attempts = this._attempts;
  if (attempts === null) {
    this.destroy(error);
    return;
  }
  this._detach();
  attempts.errors.push(error);
  this.emit('connectionAttemptFailed', address, port, isIP(address), error);
  this._attemptNext();
};

// Gives up the descriptor of a failed connection attempt.
Socket.prototype._detach = function() {
  this._stopWatches();
  this._readWatch = null;
  this._writeWatch = null;
  this._connectWatch = null;
  this[kHandle].release();
};

// Starts connecting to `address` and `port`, or to the Unix-domain socket at path
// `address` when there is no port; false when that failed at once.
Socket.prototype._internalConnect = function(address, port) {
  if (port !== undefined && this.blockList?.check(address, `ipv${isIP(address)}`)) {
    this._connectFailed(new ERR_IP_BLOCKED(address), address, port);
    return false;
  }
  let fd;
  try {
    fd = port === undefined ?
      netBinding.connectUnix(address) :
      netBinding.connect(address, port, this._tlsServerName);
  } catch (error) {
    this._connectFailed(socketException(error.code, 'connect', address, port), address, port);
    return false;
  }
  this._attach(fd);
  // A TCP connection is timed for 'net' performance observers, as in Node.
  const timing = port === undefined ? undefined :
    require('perf_hooks')[Symbol.for('secure-exec.perf.timeOperation')](
      'net', 'connect', { host: address, port });
  this._connectWatch = new IoWatch('writable', fd, () => this._afterConnect(address, port, timing),
    this, 'TCPSocketWrap');
  this._connectWatch.setRef(this._refed);
  this._connectWatch.start();
  return true;
};

Socket.prototype._afterConnect = function(address, port, timing) {
  if (this._fd === null) return;
  let connected;
  try {
    connected = netBinding.connectResult(this._fd);
  } catch (error) {
    this._connectWatch.stop();
    this._connectFailed(socketException(error.code, 'connect', address, port), address, port);
    return;
  }
  if (!connected) return;
  if (timing !== undefined) timing();
  if (this._attempts !== null) {
    lazyTimers().clearTimeout(this._attempts.timer);
    this._attempts = null;
  }
  this._connectWatch.stop();
  this._connectWatch = null;
  this.connecting = false;
  if (this._noDelay) this[kHandle].setNoDelay(true);
  if (this._keepAlive) this[kHandle].setKeepAlive(true, this._keepAliveInitialDelay);
  this._touch();
  // As in Node, reading starts before 'connect' (the socket is an active handle by then).
  if (this.readable && !this.isPaused()) this.read(0);
  this.emit('connect');
  this.emit('ready');
};

Socket.prototype._remoteInfo = function() {
  return addressOf(netBinding.peerAddress, this._fd);
};

Socket.prototype.address = function() {
  return addressOf(netBinding.localAddress, this._fd);
};

Socket.prototype.setTimeout = function(timeout, callback) {
  timeout = require('internal/timers').getTimerDuration(timeout, 'msecs');
  if (callback !== undefined) validateFunction(callback, 'callback');
  this._timeoutMs = timeout;
  this.timeout = timeout;
  this._clearTimer();
  if (timeout === 0) {
    if (callback !== undefined) this.removeListener('timeout', callback);
    return this;
  }
  if (callback !== undefined) this.once('timeout', callback);
  this._touch();
  return this;
};


// Activity restarts the idle timer (arming it again after it fired). It never keeps the
// process alive.
Socket.prototype._touch = function() {
  if (this._timeoutMs === 0 || this.destroyed) return;
  if (this._timer !== null) {
    this._timer.refresh();
    return;
  }
  this._timer = lazyTimers().setTimeout(() => {
    this._timer = null;
    this.emit('timeout');
  }, this._timeoutMs);
  this._timer.unref();
};

Socket.prototype._clearTimer = function() {
  if (this._timer === null) return;
  lazyTimers().clearTimeout(this._timer);
  this._timer = null;
};

// The virtual loopback has no Nagle delay or keep-alive probes to tune.
// The options reach the handle when they change (once connected; before, they wait).
Socket.prototype.setNoDelay = function(enable) {
  enable = Boolean(enable === undefined ? true : enable);
  if (!this[kHandle]) {
    this._noDelay = enable;
  } else if (typeof this[kHandle].setNoDelay === 'function' && enable !== this._noDelay) {
    this._noDelay = enable;
    this[kHandle].setNoDelay(enable);
  }
  return this;
};

Socket.prototype.setKeepAlive = function(enable, initialDelayMsecs) {
  enable = Boolean(enable);
  const initialDelay = Math.max(0, ~~(initialDelayMsecs / 1000));
  if (!this[kHandle]) {
    this._keepAlive = enable;
    this._keepAliveInitialDelay = initialDelay;
  } else if (typeof this[kHandle].setKeepAlive === 'function' &&
             (enable !== this._keepAlive || (enable && initialDelay !== this._keepAliveInitialDelay))) {
    this._keepAlive = enable;
    this._keepAliveInitialDelay = initialDelay;
    this[kHandle].setKeepAlive(enable, initialDelay);
  }
  return this;
};

Socket.prototype.ref = function() {
  this._setRef(true);
  return this;
};

Socket.prototype.unref = function() {
  this._setRef(false);
  return this;
};

Socket.prototype._setRef = function(refed) {
  this._refed = refed;
  for (const watch of [this._readWatch, this._writeWatch, this._connectWatch]) {
    if (watch !== null) watch.setRef(refed);
  }
};

Object.defineProperties(Socket.prototype, {
  _handle: handleProperty,
  _fd: {
    get: handleFd,
    configurable: true,
  },
  pending: {
    get() { return this._fd === null || this.connecting; },
    configurable: true,
  },
  // Node's legacy name of `connecting`.
  _connecting: {
    get() { return this.connecting; },
    configurable: true,
  },
  readyState: {
    get() {
      if (this.connecting) return 'opening';
      if (this.readable && this.writable) return 'open';
      if (this.readable && !this.writable) return 'readOnly';
      if (!this.readable && this.writable) return 'writeOnly';
      return 'closed';
    },
    configurable: true,
  },
  bufferSize: {
    get() { return this[kHandle] instanceof TCPHandle ? this.writableLength : undefined; },
    configurable: true,
  },
  bytesRead: {
    get() { return this._bytesRead; },
    configurable: true,
  },
  bytesWritten: {
    get() {
      // Undefined on the prototype itself, as in Node.
      const buffered = this.writableBuffer;
      if (!buffered) return undefined;
      let bytes = this._bytesDispatched;
      if (this._pendingWrite !== null) bytes += this._pendingWrite.data.length;
      for (const { chunk, encoding } of buffered) {
        bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding) : chunk.length;
      }
      return bytes;
    },
    configurable: true,
  },
  remoteAddress: {
    get() { return this._peer().address; },
    configurable: true,
  },
  remotePort: {
    get() { return this._peer().port; },
    configurable: true,
  },
  remoteFamily: {
    get() { return this._peer().family; },
    configurable: true,
  },
  localAddress: {
    get() { return this.address().address; },
    configurable: true,
  },
  localPort: {
    get() { return this.address().port; },
    configurable: true,
  },
  localFamily: {
    get() { return this.address().family; },
    configurable: true,
  },
});

// The peer's address, remembered once read (so it is still known after `destroy()`).
Socket.prototype._peer = function() {
  if (this._remote !== null) return this._remote;
  if (this._fd === null || this.connecting) return {};
  const remote = this._remoteInfo();
  if (remote.address !== undefined) this._remote = remote;
  return remote;
};

// ---------------------------------------------------------------------------------------
// Server

function Server(options, connectionListener) {
  if (!(this instanceof Server)) return new Server(options, connectionListener);
  EventEmitter.call(this);
  if (typeof options === 'function') {
    connectionListener = options;
    options = {};
  } else if (options === undefined || options === null) {
    options = {};
  } else if (typeof options !== 'object') {
    throw new ERR_INVALID_ARG_TYPE('options', 'Object', options);
  }
  if (typeof connectionListener === 'function') this.on('connection', connectionListener);

  this._connections = 0;
  this._listeningId = 0;
  this[kHandle] = null;
  this._watch = null;
  this._refed = true;
  this._usingWorkers = false;
  this.maxConnections = undefined;
  this.allowHalfOpen = Boolean(options.allowHalfOpen);
  this.pauseOnConnect = Boolean(options.pauseOnConnect);
  this.noDelay = Boolean(options.noDelay);
  this.keepAlive = Boolean(options.keepAlive);
  this.keepAliveInitialDelay = ~~(options.keepAliveInitialDelay / 1000);
  if (options.highWaterMark !== undefined) {
    validateNumber(options.highWaterMark, 'options.highWaterMark', 0);
  }
  this.highWaterMark = options.highWaterMark;
  if (options.blockList !== undefined && !(options.blockList instanceof BlockList)) {
    throw new ERR_INVALID_ARG_TYPE('options.blockList', 'net.BlockList', options.blockList);
  }
  // Peers whose connections are closed as soon as they are accepted.
  this.blockList = options.blockList;
}
Object.setPrototypeOf(Server.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Server, EventEmitter);

Server.prototype.listen = function(...args) {
  const [options, callback] = normalizeArgs(args);
  if (this._fd !== null) throw new ERR_SERVER_ALREADY_LISTEN();
  if (netServerListen.asyncStart.hasSubscribers) {
    netServerListen.asyncStart.publish({ server: this, options });
  }
  if (callback !== null) this.once('listening', callback);
  // A listener given as another server's handle, or by descriptor.
  const handle = options._handle ?? options.handle ?? options;
  if (handle instanceof TCPHandle) {
    this._listenOnFd(handle.fd);
    return this;
  }
  if (typeof options.fd === 'number' && options.fd >= 0) {
    this._listenOnFd(options.fd);
    return this;
  }
  if (options.signal !== undefined) {
    validateAbortSignal(options.signal, 'options.signal');
    if (options.signal.aborted) {
      process.nextTick(() => this.close());
      return this;
    }
    options.signal.addEventListener('abort', () => this.close(), { once: true });
  }
  // listen(), listen(cb), listen(null, cb) and { port: undefined | null } pick a port; a
  // port takes precedence over a path.
  const portOmitted = args.length === 0 || typeof args[0] === 'function' ||
    options.port === null || (options.port === undefined && 'port' in options);
  let port = 0;
  if (!portOmitted) {
    if (typeof options.port === 'number' || typeof options.port === 'string') {
      port = validatePort(options.port, 'options.port');
    } else if (options.path && isPipeName(options.path)) {
      port = null;
    } else if (!('port' in options || 'path' in options)) {
      throw new ERR_INVALID_ARG_VALUE('options', options, 'must have the property "port" or "path"');
    } else {
      throw new ERR_INVALID_ARG_VALUE('options', options);
    }
  }
  let backlog = DEFAULT_BACKLOG;
  const backlogArg = [args[1], args[2]].find((arg) => typeof arg === 'number');
  if (options.backlog !== undefined || backlogArg !== undefined) {
    backlog = options.backlog ?? backlogArg;
    validateInt32(backlog, 'backlog', 0);
  }
  const reusePort = options.reusePort === true;
  const exclusive = options.exclusive === true;
  const host = options.host;
  if (port === null) {
    // Node's message, typo included: an abstract name has no file to open to everyone.
    if (options.path[0] === '\0' && (options.readableAll === true || options.writableAll === true)) {
      throw new ERR_INVALID_ARG_VALUE('options', options,
        'can not set readableAll or writableAllt to true when path is abstract unix socket');
    }
    this._listenOnPath(options.path, backlog);
  } else if (host === undefined || host === null || host === '') {
    listenInCluster(this, null, port, backlog, reusePort, exclusive);
  } else if (isIP(host) !== 0) {
    listenInCluster(this, host, port, backlog, reusePort, exclusive);
  } else {
    // A `close()` before the lookup answers cancels this listen.
    const listeningId = this._listeningId;
    require('dns').lookup(host, (error, address) => {
      if (listeningId !== this._listeningId) return;
      if (error) this.emit('error', error);
      else listenInCluster(this, address, port, backlog, reusePort, exclusive);
    });
  }
  return this;
};

// In a cluster worker, a server that is neither `exclusive` nor `reusePort` listens on the
// port the primary gives (internal/cluster/child), sharing it with the other workers'
// listeners. `address` is null when no host was given (all addresses).
let cluster;
function listenInCluster(server, address, port, backlog, reusePort, exclusive) {
  if (cluster === undefined) cluster = require('cluster');
  const bindAddress = address ?? '::';
  if (cluster.isPrimary || exclusive || reusePort) {
    server._listenOn(bindAddress, port, backlog, reusePort);
    return;
  }
  const query = { address, port, addressType: address === null ? 4 : isIP(address), backlog };
  cluster._getServer(server, query, (sharedPort) => {
    server._listenOn(bindAddress, sharedPort, backlog, true);
  });
}

Server.prototype._listenOn = function(address, port, backlog, reusePort) {
  let fd;
  try {
    fd = netBinding.listen(address, port, backlog, reusePort);
  } catch (error) {
    this._listenFailed(uvSocketException(error.code, 'listen', address, port));
    return;
  }
  // Node's key of a listening server: `<family digit>:<address>:<requested port>`.
  this._listening(fd, `${isIP(address)}:${address}:${port}`);
};

// Listens on the Unix-domain socket `path` (in the kernel's own namespace of socket
// names: no socket file appears, and the name is free once the server closes).
Server.prototype._listenOnPath = function(path, backlog) {
  let fd;
  try {
    fd = netBinding.listenUnix(path, backlog);
  } catch (error) {
    this._listenFailed(uvSocketException(error.code, 'listen', path));
    return;
  }
  this._pipeName = path;
  this._listening(fd, `-1:${path}:-1`);
};

// Accepts on descriptor `fd`, which must be a listener already: EINVAL for a connected
// socket, the kernel's error (ENOTSOCK, EBADF) for anything that is not a socket.
Server.prototype._listenOnFd = function(fd) {
  let code = 'EINVAL';
  try {
    netBinding.localAddress(fd);
    netBinding.peerAddress(fd);
  } catch (error) {
    // A listener has a local address but no peer.
    if (error.code === 'ENOTCONN') {
      this._listening(fd, '-1:null:-1');
      return;
    }
    code = error.code;
  }
  this._listenFailed(uvSocketException(code, 'listen'));
};

Server.prototype._listenFailed = function(err) {
  if (netServerListen.error.hasSubscribers) {
    netServerListen.error.publish({ server: this, error: err });
  }
  process.nextTick(() => this.emit('error', err));
};

// Starts accepting on the listener `fd`; 'listening' follows on the next tick.
Server.prototype._listening = function(fd, connectionKey) {
  if (netServerListen.asyncEnd.hasSubscribers) netServerListen.asyncEnd.publish({ server: this });
  this[kHandle] = new TCPHandle(fd);
  this[kHandle][kOwner] = this;
  this[kHandle].onconnection = onconnection;
  this._connectionKey = connectionKey;
  this._watch = new IoWatch('readable', fd, () => this._accept(), this, 'TCPServerWrap');
  this._watch.setRef(this._refed);
  this._watch.start();
  process.nextTick(() => {
    if (this._fd === fd) this.emit('listening');
  });
};

Server.prototype._accept = function() {
  // A 'connection' listener may close the server: stop accepting then.
  while (this._fd !== null) {
    let fd;
    try {
      fd = netBinding.accept(this._fd);
    } catch (error) {
      this.emit('error', bindingErrnoException(error, 'accept'));
      return;
    }
    if (fd === null) return;
    this[kHandle].onconnection(null, new TCPHandle(fd));
  }
};

// A listener's handle's `onconnection` (`this` is the handle), as in Node: turns an
// accepted connection into the server's 'connection', or drops it.
function onconnection(err, clientHandle) {
  const server = this[kOwner];
  if (err) {
    server.emit('error', err);
    return;
  }
  if (server.blockList !== undefined) {
    const { address } = addressOf(netBinding.peerAddress, clientHandle.fd);
    if (address !== undefined && server.blockList.check(address, `ipv${isIP(address)}`)) {
      clientHandle.close();
      return;
    }
  }
  if (server.maxConnections !== undefined && server._connections >= server.maxConnections) {
    const info = server._dropInfo(clientHandle.fd);
    clientHandle.close();
    server.emit('drop', info);
    return;
  }
  if (server.noDelay && clientHandle.setNoDelay) clientHandle.setNoDelay(true);
  if (server.keepAlive && clientHandle.setKeepAlive) {
    clientHandle.setKeepAlive(true, server.keepAliveInitialDelay);
  }
  const options = {
    [kAcceptedHandle]: clientHandle,
    allowHalfOpen: server.allowHalfOpen,
    pauseOnCreate: server.pauseOnConnect,
    noDelay: server.noDelay,
    keepAlive: server.keepAlive,
    keepAliveInitialDelay: server.keepAliveInitialDelay * 1000,
  };
  if (server.highWaterMark !== undefined) {
    options.readableHighWaterMark = server.highWaterMark;
    options.writableHighWaterMark = server.highWaterMark;
  }
  const socket = new Socket(options);
  socket.server = server;
  socket._server = server;
  server._connections++;
  server.emit('connection', socket);
  if (netServerSocketChannel.hasSubscribers) netServerSocketChannel.publish({ socket });
}

Server.prototype._dropInfo = function(fd) {
  const local = addressOf(netBinding.localAddress, fd);
  const remote = addressOf(netBinding.peerAddress, fd);
  return {
    localAddress: local.address,
    localPort: local.port,
    localFamily: local.family,
    remoteAddress: remote.address,
    remotePort: remote.port,
    remoteFamily: remote.family,
  };
};

Server.prototype._connectionClosed = function() {
  this._connections--;
  this._emitCloseIfDrained();
};

Server.prototype._emitCloseIfDrained = function() {
  if (this._fd !== null || this._connections > 0) return;
  process.nextTick(() => this.emit('close'));
};

Server.prototype.close = function(callback) {
  this._listeningId++;
  if (typeof callback === 'function') {
    if (this._fd === null) {
      this.once('close', () => callback(new ERR_SERVER_NOT_RUNNING()));
    } else {
      this.once('close', callback);
    }
  }
  if (this[kHandle] !== null) {
    this._watch.stop();
    this._watch = null;
    this[kHandle].close();
    this[kHandle] = null;
  }
  this._emitCloseIfDrained();
  return this;
};

Server.prototype.address = function() {
  if (this._fd === null) return null;
  if (this._pipeName !== undefined) return this._pipeName;
  return addressOf(netBinding.localAddress, this._fd);
};

Server.prototype.getConnections = function(callback) {
  validateFunction(callback, 'callback');
  process.nextTick(callback, null, this._connections);
  return this;
};

Server.prototype.ref = function() {
  this._refed = true;
  if (this._watch !== null) this._watch.setRef(true);
  return this;
};

Server.prototype.unref = function() {
  this._refed = false;
  if (this._watch !== null) this._watch.setRef(false);
  return this;
};

// With captureRejections, a rejected async 'connection' listener destroys that
// connection; other rejections become the server's 'error'.
Server.prototype[EventEmitter.captureRejectionSymbol] = function(err, event, socket) {
  if (event === 'connection') socket.destroy(err);
  else this.emit('error', err);
};

Server.prototype[Symbol.asyncDispose] = function() {
  if (this._fd === null) return Promise.resolve();
  return new Promise((resolve, reject) => {
    this.close((error) => (error ? reject(error) : resolve()));
  });
};

Object.defineProperties(Server.prototype, {
  _handle: handleProperty,
  _fd: {
    get: handleFd,
    configurable: true,
  },
});

Object.defineProperty(Server.prototype, 'listening', {
  get() { return this._fd !== null; },
  configurable: true,
  enumerable: true,
});

// ---------------------------------------------------------------------------------------
// Module functions

function createServer(options, connectionListener) {
  return new Server(options, connectionListener);
}

function connect(...args) {
  const normalized = normalizeArgs(args);
  normalized[kNormalized] = true;
  const [options] = normalized;
  if (options.timeout !== undefined) validateNumber(options.timeout, 'options.timeout', 0);
  const socket = new Socket(options);
  if (netClientSocketChannel.hasSubscribers) netClientSocketChannel.publish({ socket });
  return socket.connect(normalized);
}

let warnSimultaneousAccepts = true;

// Deprecated (DEP0121); it tuned accepting on Windows only.
function _setSimultaneousAccepts() {
  if (!warnSimultaneousAccepts) return;
  warnSimultaneousAccepts = false;
  process.emitWarning('net._setSimultaneousAccepts() is deprecated and will be removed.',
                      'DeprecationWarning', 'DEP0121');
}

function getDefaultAutoSelectFamily() {
  return autoSelectFamilyDefault;
}

function setDefaultAutoSelectFamily(value) {
  validateBoolean(value, 'value');
  autoSelectFamilyDefault = value;
}

function getDefaultAutoSelectFamilyAttemptTimeout() {
  return autoSelectFamilyAttemptTimeoutDefault;
}

function setDefaultAutoSelectFamilyAttemptTimeout(value) {
  validateInt32(value, 'value', 1);
  autoSelectFamilyAttemptTimeoutDefault = value < 10 ? 10 : value;
}

module.exports = {
  BlockList,
  SocketAddress,
  Server,
  Socket,
  Stream: Socket,
  _normalizeArgs: normalizeArgs,
  _setSimultaneousAccepts,
  connect,
  createConnection: connect,
  createServer,
  getDefaultAutoSelectFamily,
  setDefaultAutoSelectFamily,
  getDefaultAutoSelectFamilyAttemptTimeout,
  setDefaultAutoSelectFamilyAttemptTimeout,
  isIP,
  isIPv4,
  isIPv6,
};
