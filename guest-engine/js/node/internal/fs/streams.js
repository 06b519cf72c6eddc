// internal/fs/streams — `fs.ReadStream` and `fs.WriteStream`: Readable/Writable streams over
// a file descriptor, opened lazily from a path (or given as `fd`, a number or a FileHandle).
// All I/O goes through the `fs` object passed as `options.fs` (node:fs by default) with the
// callback signatures of node:fs, so callers can substitute their own open/read/write/close.

const { Readable, Writable, finished } = require('stream');
const { errorOrDestroy } = require('internal/streams/destroy');
const {
  codes: {
    ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_METHOD_NOT_IMPLEMENTED, ERR_OUT_OF_RANGE,
    ERR_STREAM_DESTROYED,
  },
  validateAbortSignal, validateInteger, validateFunction, validateBoolean,
} = require('internal/errors');

const kFs = Symbol('kFs');
const kIsPerformingIO = Symbol('kIsPerformingIO');

function fsModule() {
  return require('fs');
}

function Buffer() {
  return require('buffer').Buffer;
}

// A copy of the options (a string is the encoding) including inherited properties, as Node's
// copyObject makes, with the encoding and signal checked as node:fs does.
function normalizeOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options === 'string') options = { encoding: options };
  if (typeof options !== 'object') {
    throw new ERR_INVALID_ARG_TYPE('options', ['string', 'Object'], options);
  }
  const { encoding } = options;
  if (encoding && encoding !== 'buffer' && !Buffer().isEncoding(encoding)) {
    throw new ERR_INVALID_ARG_VALUE(encoding, 'encoding', 'is invalid encoding');
  }
  if (options.signal !== undefined) validateAbortSignal(options.signal, 'options.signal');
  const copy = {};
  for (const key in options) copy[key] = options[key];
  return copy;
}

function isFileHandle(value) {
  return value !== null && typeof value === 'object' &&
    value.constructor === fsModule().promises.FileHandle;
}

// The fs implementation a stream uses: `options.fs` merged over node:fs, each method checked.
function streamFs(options, methods) {
  const base = fsModule();
  if (!options.fs) return base;
  const custom = { ...base, ...options.fs };
  for (const name of methods) {
    if (options.fs[name] !== undefined) validateFunction(options.fs[name], `options.fs.${name}`);
  }
  return custom;
}

// Operations of a stream whose descriptor is a FileHandle: they go through the handle.
function fileHandleFs(handle) {
  const settle = (promise, callback, map) => {
    promise.then((result) => callback(null, ...map(result)), callback);
  };
  return {
    read(fd, buffer, offset, length, position, callback) {
      settle(handle.read(buffer, offset, length, position), callback,
        (r) => [r.bytesRead, r.buffer]);
    },
    write(fd, buffer, offset, length, position, callback) {
      settle(handle.write(buffer, offset, length, position), callback,
        (r) => [r.bytesWritten, r.buffer]);
    },
    writev(fd, buffers, position, callback) {
      settle(handle.writev(buffers, position), callback, (r) => [r.bytesWritten, r.buffers]);
    },
    fsync(fd, callback) {
      handle.sync().then(() => callback(null), callback);
    },
    close(fd, callback) {
      handle.close().then(() => callback(null), callback);
    },
  };
}

// A path as node:fs.open takes it (string or Buffer); a file: URL becomes its path.
function validatePath(path) {
  if (typeof path === 'string' || path instanceof Uint8Array) return path;
  if (path !== null && typeof path === 'object' && path.href !== undefined &&
      path.protocol !== undefined) {
    return require('url').fileURLToPath(path);
  }
  throw new ERR_INVALID_ARG_TYPE('path', ['string', 'Buffer', 'URL'], path);
}

function setupDescriptor(stream, options, methods) {
  if (isFileHandle(options.fd)) {
    // Node cannot route a FileHandle's operations through a custom fs either.
    if (options.fs) throw new ERR_METHOD_NOT_IMPLEMENTED('FileHandle with fs');
    stream[kFs] = fileHandleFs(options.fd);
    stream.fd = options.fd.fd;
    options.fd.on('close', () => stream.destroy());
  } else {
    stream[kFs] = streamFs(options, methods);
    const fd = options.fd ?? null;
    if (fd !== null) validateInteger(fd, 'fd', 0, 2147483647);
    stream.fd = fd;
  }
  stream.path = stream.fd === null ? validatePath(options.path) : undefined;
  stream.mode = options.mode === undefined ? 0o666 : options.mode;
  stream.flags = options.flags;
  stream[kIsPerformingIO] = false;
}

function validateStart(start) {
  if (start !== undefined) validateInteger(start, 'start', 0);
  return start;
}

function validateEnd(start, end) {
  if (end === undefined || end === Infinity) return Infinity;
  validateInteger(end, 'end', 0);
  if (start !== undefined && start > end) {
    throw new ERR_OUT_OF_RANGE('start', `<= "end" (here: ${end})`, start);
  }
  return end;
}

// Opens `stream.path` (the `_construct` step of both stream kinds).
function openStream(stream, callback) {
  stream[kFs].open(stream.path, stream.flags, stream.mode, (error, fd) => {
    if (error) {
      callback(error);
      return;
    }
    stream.fd = fd;
    callback();
    stream.emit('open', fd);
    stream.emit('ready');
  });
}

// Closes the descriptor once no read or write is in flight (the `_destroy` step).
function closeStream(stream, error, callback) {
  const finish = () => {
    if (stream.fd === null || !stream.autoClose) {
      callback(error);
      return;
    }
    // As in Node, `fd` is cleared once close() has been called with it.
    stream[kFs].close(stream.fd, (closeError) => callback(closeError || error));
    stream.fd = null;
  };
  if (stream[kIsPerformingIO]) {
    stream.once(kIsPerformingIO, finish);
  } else {
    finish();
  }
}

function ioDone(stream) {
  stream[kIsPerformingIO] = false;
  stream.emit(kIsPerformingIO);
}

function closeMethod(callback) {
  if (typeof callback === 'function') finished(this, callback);
  this.destroy();
}

function ReadStream(path, options) {
  if (!(this instanceof ReadStream)) return new ReadStream(path, options);
  options = normalizeOptions(options);
  if (options.highWaterMark === undefined) options.highWaterMark = 64 * 1024;
  options.path = path;
  options.flags = options.flags === undefined ? 'r' : options.flags;
  setupDescriptor(this, options, ['open', 'read', 'close']);
  this.start = validateStart(options.start);
  this.end = validateEnd(this.start, options.end);
  this.pos = this.start;
  this.bytesRead = 0;
  this.autoClose = options.autoClose === undefined ? true : options.autoClose;
  if (options.emitClose === undefined) options.emitClose = true;
  if (options.autoDestroy === undefined) options.autoDestroy = this.autoClose;
  Readable.call(this, options);
}
Object.setPrototypeOf(ReadStream.prototype, Readable.prototype);
Object.setPrototypeOf(ReadStream, Readable);

Object.defineProperty(ReadStream.prototype, 'pending', {
  __proto__: null, configurable: true, get() { return this.fd === null; },
});

// The legacy `open()` method, kept for code that overrides it (graceful-fs and others
// patch it): `_construct` calls an override and waits for its 'open' or 'error' event.
const legacyOpen = (kind) => require('util').deprecate(function open() {},
  `${kind}.prototype.open() is deprecated`, 'DEP0135');
const readStreamOpen = legacyOpen('ReadStream');
const writeStreamOpen = legacyOpen('WriteStream');

function construct(callback) {
  if (typeof this.fd === 'number') {
    callback();
    return;
  }
  if (this.open === readStreamOpen || this.open === writeStreamOpen) {
    openStream(this, callback);
    return;
  }
  const emit = this.emit;
  this.emit = function interceptOpen(event, ...args) {
    if (event === 'open' || event === 'error') {
      this.emit = emit;
      callback(event === 'error' ? args[0] : undefined);
      if (event === 'error') return false;
    }
    return Reflect.apply(emit, this, [event, ...args]);
  };
  this.open();
}

ReadStream.prototype._construct = construct;
ReadStream.prototype.open = readStreamOpen;

ReadStream.prototype._read = function _read(size) {
  const remaining = this.pos !== undefined ? this.end - this.pos + 1 : this.end - this.bytesRead + 1;
  const n = Math.min(remaining, size);
  if (n <= 0) {
    this.push(null);
    return;
  }
  const buffer = Buffer().allocUnsafeSlow(n);
  this[kIsPerformingIO] = true;
  this[kFs].read(this.fd, buffer, 0, n, this.pos ?? null, (error, bytesRead) => {
    ioDone(this);
    if (this.destroyed) return;
    if (error) {
      // Destroys the stream only when it auto-destroys (autoClose), as in Node.
      errorOrDestroy(this, error);
      return;
    }
    if (bytesRead === 0) {
      this.push(null);
      return;
    }
    if (this.pos !== undefined) this.pos += bytesRead;
    this.bytesRead += bytesRead;
    // A short read is copied out, as in Node, so the chunk does not keep the whole buffer alive.
    this.push(bytesRead === buffer.length ? buffer : Buffer().copyBytesFrom(buffer, 0, bytesRead));
  });
};

ReadStream.prototype._destroy = function _destroy(error, callback) {
  closeStream(this, error, callback);
};

ReadStream.prototype.close = closeMethod;

function WriteStream(path, options) {
  if (!(this instanceof WriteStream)) return new WriteStream(path, options);
  options = normalizeOptions(options);
  options.decodeStrings = true;
  options.path = path;
  options.flags = options.flags === undefined ? 'w' : options.flags;
  setupDescriptor(this, options, ['open', 'write', 'writev', 'close']);
  this.start = validateStart(options.start);
  this.pos = this.start;
  this.bytesWritten = 0;
  this.autoClose = options.autoClose === undefined ? true : options.autoClose;
  if (options.flush != null) validateBoolean(options.flush, 'options.flush');
  this.flush = Boolean(options.flush);
  if (options.emitClose === undefined) options.emitClose = true;
  if (options.autoDestroy === undefined) options.autoDestroy = this.autoClose;
  Writable.call(this, options);
  if (options.encoding) this.setDefaultEncoding(options.encoding);
}
Object.setPrototypeOf(WriteStream.prototype, Writable.prototype);
Object.setPrototypeOf(WriteStream, Writable);

Object.defineProperty(WriteStream.prototype, 'pending', {
  __proto__: null, configurable: true, get() { return this.fd === null; },
});

WriteStream.prototype._construct = construct;
WriteStream.prototype.open = writeStreamOpen;

// Writes `buffers` at `pos` (null: at the file position) through the stream's fs, as Node
// does: a short write goes on with the rest, EAGAIN counts as writing nothing, and more than
// five writes in a row that write nothing fail. `vectored` writes with writev.
function writeAll(stream, buffers, pos, vectored, callback, retries = 0) {
  const syscall = vectored ? 'writev' : 'write';
  const size = buffers.reduce((total, chunk) => total + chunk.length, 0);
  const onWrite = (error, bytesWritten) => {
    if (error?.code === 'EAGAIN') {
      error = null;
      bytesWritten = 0;
    }
    if (stream.destroyed || error) {
      callback(error || new ERR_STREAM_DESTROYED(syscall));
      return;
    }
    stream.bytesWritten += bytesWritten;
    if (bytesWritten === size) {
      callback();
      return;
    }
    const attempts = bytesWritten ? 0 : retries + 1;
    if (attempts > 5) {
      callback(new Error(`${syscall}All failed`));
      return;
    }
    const rest = Buffer().concat(buffers).subarray(bytesWritten);
    writeAll(stream, [rest], pos === null ? null : pos + bytesWritten, vectored, callback, attempts);
  };
  if (vectored) stream[kFs].writev(stream.fd, buffers, pos, onWrite);
  else stream[kFs].write(stream.fd, buffers[0], 0, size, pos, onWrite);
}

function startWrite(stream, buffers, vectored, callback) {
  stream[kIsPerformingIO] = true;
  writeAll(stream, buffers, stream.pos ?? null, vectored, (error) => {
    ioDone(stream);
    callback(error);
  });
  if (stream.pos !== undefined) stream.pos += buffers.reduce((total, chunk) => total + chunk.length, 0);
}

WriteStream.prototype._write = function _write(data, encoding, callback) {
  startWrite(this, [data], false, callback);
};

WriteStream.prototype._writev = function _writev(chunks, callback) {
  startWrite(this, chunks.map(({ chunk }) => chunk), true, callback);
};

WriteStream.prototype._final = function _final(callback) {
  if (!this.flush || this.fd === null) {
    callback();
    return;
  }
  this[kFs].fsync(this.fd, callback);
};

WriteStream.prototype._destroy = function _destroy(error, callback) {
  closeStream(this, error, callback);
};

WriteStream.prototype.close = function close(callback) {
  if (callback) {
    if (this.closed) {
      process.nextTick(callback);
      return;
    }
    this.on('close', callback);
  }
  if (!this.autoClose) this.on('finish', this.destroy);
  this.end();
};

WriteStream.prototype.destroySoon = WriteStream.prototype.end;

module.exports = { ReadStream, WriteStream };
