// dgram — `node:dgram`: UDP sockets over the kernel's socket table. A `Socket` binds a
// kernel UDP descriptor (explicitly, or on its first `send`/`connect`), delivers every
// queued datagram as 'message' when the event loop reports the descriptor readable, and
// sends with the kernel's `send-to` (which, like UDP, drops what nobody receives).
// `connect` fixes the destination and keeps only the peer's datagrams.
//
// The virtual network has no multicast: membership calls check their arguments, then
// throw ERR_METHOD_NOT_IMPLEMENTED; broadcast, TTL and buffer-size settings are checked
// and change nothing. `sendBlockList`/`receiveBlockList` filter by peer address. Kernel
// UDP sockets cannot share a port: binding with `reusePort` fails with ENOTSUP.

const EventEmitter = require('events');
const { Buffer } = require('buffer');
const { IoWatch } = require('internal/io_watch');
const { isIP } = require('internal/net/address');
const { BlockList } = require('internal/net/blocklist');
const { socketException } = require('internal/net/errors');
const {
  codes: {
    ERR_BUFFER_OUT_OF_BOUNDS,
    ERR_INVALID_ARG_TYPE,
    ERR_IP_BLOCKED,
    ERR_METHOD_NOT_IMPLEMENTED,
    ERR_MISSING_ARGS,
    ERR_SOCKET_ALREADY_BOUND,
    ERR_SOCKET_BAD_BUFFER_SIZE,
    ERR_SOCKET_BAD_TYPE,
    ERR_SOCKET_DGRAM_IS_CONNECTED,
    ERR_SOCKET_DGRAM_NOT_CONNECTED,
    ERR_SOCKET_DGRAM_NOT_RUNNING,
  },
  validateAbortSignal,
  validateBoolean,
  validateFunction,
  validateNumber,
  validatePort,
  validateString,
  validateUint32,
} = require('internal/errors');

const netBinding = binding('net');
const fsBinding = binding('fs');

// The largest UDP payload.
const MAX_DATAGRAM = 65507;
const DEFAULT_BUFFER_SIZE = 212992;

const UNBOUND = 0;
const BINDING = 1;
const BOUND = 2;

function Socket(type, listener) {
  if (!(this instanceof Socket)) return new Socket(type, listener);
  EventEmitter.call(this);
  let options = {};
  if (type !== null && typeof type === 'object') {
    options = type;
    type = options.type;
  }
  if (type !== 'udp4' && type !== 'udp6') throw new ERR_SOCKET_BAD_TYPE();
  if (options.lookup !== undefined) validateFunction(options.lookup, 'lookup');
  for (const name of ['recvBufferSize', 'sendBufferSize']) {
    if (options[name] !== undefined) validateUint32(options[name], `options.${name}`);
  }
  for (const name of ['sendBlockList', 'receiveBlockList']) {
    if (options[name] !== undefined && !(options[name] instanceof BlockList)) {
      throw new ERR_INVALID_ARG_TYPE(`options.${name}`, 'net.BlockList', options[name]);
    }
  }
  this.type = type;
  this._lookup = options.lookup;
  if (options.reusePort !== undefined) validateBoolean(options.reusePort, 'options.reusePort');
  this._reusePort = options.reusePort === true;
  this._sendBlockList = options.sendBlockList ?? null;
  this._receiveBlockList = options.receiveBlockList ?? null;
  this._fd = null;
  this._watch = null;
  this._refed = true;
  this._bindState = UNBOUND;
  this._queue = [];
  this._queuedBytes = 0;
  this._closed = false;
  this._remote = null;
  this._connecting = false;
  this._bufferSizes = {
    recv: options.recvBufferSize ?? DEFAULT_BUFFER_SIZE,
    send: options.sendBufferSize ?? DEFAULT_BUFFER_SIZE,
  };
  if (typeof listener === 'function') this.on('message', listener);
  if (options.signal !== undefined) {
    validateAbortSignal(options.signal, 'options.signal');
    const onAbort = () => {
      if (!this._closed) this.close();
    };
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
  }
  require('diagnostics_channel').channel('udp.socket').publish({ socket: this });
}
Object.setPrototypeOf(Socket.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Socket, EventEmitter);

function createSocket(type, listener) {
  return new Socket(type, listener);
}

// The any-address of the socket's family, and its loopback address.
function anyAddress(socket) {
  return socket.type === 'udp4' ? '0.0.0.0' : '::';
}

function loopbackAddress(socket) {
  return socket.type === 'udp4' ? '127.0.0.1' : '::1';
}

// Resolves `address` for the socket's family with the socket's `lookup` (`dns.lookup` by
// default, which answers numeric addresses as they are), then calls `callback(error, ip)`.
Socket.prototype._resolve = function(address, callback) {
  const lookup = this._lookup ?? require('dns').lookup;
  lookup(address, this.type === 'udp4' ? 4 : 6, (error, ip) => callback(error, ip));
};

Socket.prototype.bind = function(port, address, callback) {
  if (this._closed) throw new ERR_SOCKET_DGRAM_NOT_RUNNING();
  if (this._bindState !== UNBOUND) throw new ERR_SOCKET_ALREADY_BOUND();
  let options;
  if (port !== null && typeof port === 'object') {
    options = port;
    callback = address;
    if (options.fd !== undefined) {
      throw new ERR_METHOD_NOT_IMPLEMENTED('socket.bind (adopting a descriptor)');
    }
  } else {
    if (typeof port === 'function') {
      callback = port;
      port = 0;
    } else if (typeof address === 'function') {
      callback = address;
      address = undefined;
    }
    options = { port, address };
  }
  let bindPort = 0;
  if (options.port !== undefined && options.port !== null) {
    bindPort = validatePort(options.port, 'Port');
  }
  let bindAddress = options.address;
  if (bindAddress === undefined || bindAddress === null || bindAddress === '') {
    bindAddress = anyAddress(this);
  } else {
    validateString(bindAddress, 'address');
  }
  if (typeof callback !== 'function') callback = null;
  if (callback !== null) this.once('listening', callback);

  this._bindState = BINDING;
  this._resolve(bindAddress, (lookupError, ip) => {
    if (this._bindState !== BINDING) return;
    if (lookupError) {
      this._bindFailed(lookupError, callback);
      return;
    }
    // The kernel's UDP sockets cannot share a port (SO_REUSEPORT).
    if (this._reusePort) {
      this._bindFailed(socketException('ENOTSUP', 'bind', ip, bindPort), callback);
      return;
    }
    let fd;
    try {
      fd = netBinding.udpBind(ip, bindPort);
    } catch (error) {
      this._bindFailed(socketException(error.code, 'bind', ip, bindPort), callback);
      return;
    }
    this._fd = fd;
    this._bindState = BOUND;
    this._watch = new IoWatch('readable', fd, () => this._receive(), this, 'UDPWrap');
    this._watch.setRef(this._refed);
    this._watch.start();
    this.emit('listening');
  });
  return this;
};

// Binds to an ephemeral port unless bound (or binding) already, then runs `then`. A failed
// bind drops what waits (see `_bindFailed`).
Socket.prototype._whenBound = function(then) {
  if (this._bindState === BOUND) {
    then();
    return;
  }
  this._queue.push(then);
  if (this._queue.length > 1) return;
  this.once('listening', () => {
    const queue = this._queue;
    this._queue = [];
    for (const run of queue) run();
  });
  if (this._bindState === UNBOUND) this.bind({ port: 0 });
};

// A failed bind forgets the bind's callback, so retrying does not pile them up.
Socket.prototype._bindFailed = function(error, callback) {
  if (callback !== null) this.removeListener('listening', callback);
  this._bindState = UNBOUND;
  this._queue = [];
  this._queuedBytes = 0;
  this.emit('error', error);
};

Socket.prototype._receive = function() {
  for (;;) {
    if (this._fd === null) return;
    let message;
    try {
      message = netBinding.recvFrom(this._fd, MAX_DATAGRAM);
    } catch (error) {
      this.emit('error', require('internal/errors').bindingErrnoException(error, 'recvmsg'));
      return;
    }
    if (message === null) return;
    const { data, address, family, port } = message;
    if (this._remote !== null && (address !== this._remote.address || port !== this._remote.port)) {
      continue;
    }
    if (this._receiveBlockList?.check(address, family.toLowerCase())) continue;
    const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this.emit('message', buffer, { address, family, port, size: buffer.length });
  }
};

// `msg` as one Buffer: a string, Buffer, TypedArray or DataView, or an array of them.
function messageBytes(msg) {
  const part = (item, name) => {
    if (typeof item === 'string') return Buffer.from(item);
    if (ArrayBuffer.isView(item)) return Buffer.from(item.buffer, item.byteOffset, item.byteLength);
    throw new ERR_INVALID_ARG_TYPE(name, ['Buffer', 'TypedArray', 'DataView', 'string'], item);
  };
  if (Array.isArray(msg)) {
    const valid = msg.every((item) => typeof item === 'string' || ArrayBuffer.isView(item));
    if (!valid) {
      throw new ERR_INVALID_ARG_TYPE(
        'buffer list arguments', ['Buffer', 'TypedArray', 'DataView', 'string'], msg);
    }
    return Buffer.concat(msg.map((item) => part(item, 'buffer list arguments')));
  }
  return part(msg, 'buffer');
}

// send(msg[, offset, length], port[, address][, callback]), or once connected
// send(msg[, offset, length][, callback]).
Socket.prototype.send = function(buffer, offset, length, port, address, callback) {
  if (this._closed) throw new ERR_SOCKET_DGRAM_NOT_RUNNING();
  const connected = this._remote !== null;
  const sliced = connected ?
    typeof length === 'number' :
    Boolean(address || (port && typeof port !== 'function'));
  let data;
  if (sliced) {
    if (Array.isArray(buffer)) {
      throw new ERR_INVALID_ARG_TYPE(
        'buffer', ['Buffer', 'TypedArray', 'DataView', 'string'], buffer);
    }
    const whole = messageBytes(buffer);
    const start = offset >>> 0;
    const size = length >>> 0;
    if (start > whole.length) throw new ERR_BUFFER_OUT_OF_BOUNDS('offset');
    if (start + size > whole.length) throw new ERR_BUFFER_OUT_OF_BOUNDS('length');
    data = whole.subarray(start, start + size);
  } else {
    data = messageBytes(buffer);
    if (connected) {
      callback = offset;
    } else {
      callback = port;
      address = length;
      port = offset;
    }
  }
  if (connected) {
    if (sliced && typeof port === 'function') {
      callback = port;
      port = undefined;
    }
    if (port || address) throw new ERR_SOCKET_DGRAM_IS_CONNECTED();
    ({ address, port } = this._remote);
  } else {
    if (typeof address === 'function') {
      callback = address;
      address = undefined;
    }
    port = validatePort(port, 'Port', false);
    if (address !== undefined && address !== null) validateString(address, 'address');
    if (!address) address = loopbackAddress(this);
  }
  if (typeof callback !== 'function') callback = null;

  this._queuedBytes += data.length;
  this._whenBound(() => {
    this._queuedBytes -= data.length;
    this._resolve(address, (lookupError, ip) => {
      let error = lookupError;
      if (!error && this._sendBlockList?.check(ip, `ipv${isIP(ip)}`)) {
        error = new ERR_IP_BLOCKED(ip);
      }
      if (!error) {
        try {
          netBinding.sendTo(this._fd, data, ip, port);
        } catch (thrown) {
          error = socketException(thrown.code, 'send', ip, port);
        }
      }
      if (callback !== null) callback(error ?? null, error ? undefined : data.length);
      else if (error) this.emit('error', error);
    });
  });
};

// The deprecated fixed-argument form of `send`.
Socket.prototype.sendto = function(buffer, offset, length, port, address, callback) {
  validateNumber(offset, 'offset');
  validateNumber(length, 'length');
  validateNumber(port, 'port');
  validateString(address, 'address');
  this.send(buffer, offset, length, port, address, callback);
};

Socket.prototype.connect = function(port, address, callback) {
  port = validatePort(port, 'Port', false);
  if (typeof address === 'function') {
    callback = address;
    address = undefined;
  }
  if (this._remote !== null || this._connecting) throw new ERR_SOCKET_DGRAM_IS_CONNECTED();
  if (address === undefined || address === null) address = loopbackAddress(this);
  else validateString(address, 'address');
  if (typeof callback !== 'function') callback = null;
  if (callback !== null) this.once('connect', callback);
  this._connecting = true;
  this._whenBound(() => {
    this._resolve(address, (error, ip) => {
      this._connecting = false;
      if (!error && this._sendBlockList?.check(ip, `ipv${isIP(ip)}`)) {
        error = new ERR_IP_BLOCKED(ip);
      }
      if (error) {
        if (callback === null) {
          this.emit('error', error);
        } else {
          this.removeListener('connect', callback);
          callback(error);
        }
        return;
      }
      this._remote = { address: ip, family: isIP(ip) === 6 ? 'IPv6' : 'IPv4', port };
      this.emit('connect');
    });
  });
};

Socket.prototype.disconnect = function() {
  if (this._remote === null) throw new ERR_SOCKET_DGRAM_NOT_CONNECTED();
  this._remote = null;
};

Socket.prototype.remoteAddress = function() {
  if (this._remote === null) throw new ERR_SOCKET_DGRAM_NOT_CONNECTED();
  return { ...this._remote };
};

Socket.prototype.address = function() {
  this._requireBound('getsockname');
  const { address, family, port } = netBinding.localAddress(this._fd);
  return { address, family, port };
};

Socket.prototype.close = function(callback) {
  if (this._closed) throw new ERR_SOCKET_DGRAM_NOT_RUNNING();
  this._closed = true;
  if (typeof callback === 'function') this.once('close', callback);
  this._queue = [];
  this._queuedBytes = 0;
  if (this._watch !== null) this._watch.stop();
  if (this._fd !== null) {
    fsBinding.close(this._fd);
    this._fd = null;
  }
  this._bindState = UNBOUND;
  process.nextTick(() => this.emit('close'));
  return this;
};

Socket.prototype[Symbol.asyncDispose] = function() {
  if (this._closed) return Promise.resolve();
  return new Promise((resolve) => this.close(resolve));
};

Socket.prototype.ref = function() {
  this._refed = true;
  if (this._watch !== null) this._watch.setRef(true);
  return this;
};

Socket.prototype.unref = function() {
  this._refed = false;
  if (this._watch !== null) this._watch.setRef(false);
  return this;
};

Socket.prototype.setBroadcast = function(flag) {
  validateBoolean(flag, 'flag');
  this._requireBound('setBroadcast');
};

Socket.prototype.setTTL = function(ttl) {
  validateNumber(ttl, 'ttl');
  this._requireBound('setTTL');
  if (ttl < 1 || ttl > 255) throw socketException('EINVAL', 'setTTL');
  return ttl;
};

Socket.prototype.setMulticastTTL = function(ttl) {
  validateNumber(ttl, 'ttl');
  this._requireBound('setMulticastTTL');
  if (ttl < 0 || ttl > 255) throw socketException('EINVAL', 'setMulticastTTL');
  return ttl;
};

Socket.prototype.setMulticastLoopback = function(flag) {
  this._requireBound('setMulticastLoopback');
  return flag;
};

// Membership calls check their arguments as Node does; a valid request fails, as the
// virtual network has no multicast.
function noMulticast(method) {
  return new ERR_METHOD_NOT_IMPLEMENTED(`socket.${method} (the virtual network has no multicast)`);
}

for (const method of ['addMembership', 'dropMembership']) {
  Socket.prototype[method] = function(multicastAddress, interfaceAddress) {
    if (this._closed) throw new ERR_SOCKET_DGRAM_NOT_RUNNING();
    if (!multicastAddress) throw new ERR_MISSING_ARGS('multicastAddress');
    validateString(multicastAddress, 'multicastAddress');
    if (interfaceAddress !== undefined) validateString(interfaceAddress, 'interfaceAddress');
    if (!isMulticast(multicastAddress)) throw socketException('EINVAL', method);
    throw noMulticast(method);
  };
}

for (const method of ['addSourceSpecificMembership', 'dropSourceSpecificMembership']) {
  Socket.prototype[method] = function(sourceAddress, groupAddress, interfaceAddress) {
    if (this._closed) throw new ERR_SOCKET_DGRAM_NOT_RUNNING();
    validateString(sourceAddress, 'sourceAddress');
    validateString(groupAddress, 'groupAddress');
    if (interfaceAddress !== undefined) validateString(interfaceAddress, 'interfaceAddress');
    if (isIP(sourceAddress) === 0 || !isMulticast(groupAddress)) {
      throw socketException('EINVAL', method);
    }
    throw noMulticast(method);
  };
}

Socket.prototype.setMulticastInterface = function(interfaceAddress) {
  if (this._closed) throw new ERR_SOCKET_DGRAM_NOT_RUNNING();
  validateString(interfaceAddress, 'interfaceAddress');
  throw noMulticast('setMulticastInterface');
};

// 224.0.0.0/4 and ff00::/8.
function isMulticast(address) {
  const family = isIP(address);
  if (family === 6) return /^ff/i.test(address);
  const first = Number(address.split('.')[0]);
  return family === 4 && first >= 224 && first <= 239;
}

Socket.prototype._requireRunning = function() {
  if (this._fd === null) throw new ERR_SOCKET_DGRAM_NOT_RUNNING();
};

// A closed socket is not running; an open one that is not bound has no kernel socket yet
// (EBADF from `syscall`, as libuv reports).
Socket.prototype._requireBound = function(syscall) {
  if (this._closed) throw new ERR_SOCKET_DGRAM_NOT_RUNNING();
  if (this._fd === null) throw socketException('EBADF', syscall);
};

Socket.prototype._setBufferSize = function(kind, size) {
  if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) {
    throw new ERR_SOCKET_BAD_BUFFER_SIZE();
  }
  this._requireRunning();
  this._bufferSizes[kind] = size;
};

Socket.prototype.setRecvBufferSize = function(size) {
  this._setBufferSize('recv', size);
};

Socket.prototype.setSendBufferSize = function(size) {
  this._setBufferSize('send', size);
};

Socket.prototype.getRecvBufferSize = function() {
  this._requireRunning();
  return this._bufferSizes.recv;
};

Socket.prototype.getSendBufferSize = function() {
  this._requireRunning();
  return this._bufferSizes.send;
};

// Sends wait only for the implicit bind; the kernel takes each datagram at once.
Socket.prototype.getSendQueueSize = function() {
  return this._queuedBytes;
};

Socket.prototype.getSendQueueCount = function() {
  return this._queue.length;
};

module.exports = { Socket, createSocket };
