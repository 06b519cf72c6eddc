// _http_outgoing — `OutgoingMessage`, what ServerResponse and ClientRequest share: header
// storage and validation, rendering the head (Connection, Content-Length or chunked
// Transfer-Encoding, Date), writing the body (chunked framing, trailers), queueing output
// until a socket is assigned, backpressure ('drain') and 'finish'. Also
// `validateHeaderName`/`validateHeaderValue`.

const EventEmitter = require('events');
const Stream = require('stream');
const { Buffer } = require('buffer');
const {
  _checkInvalidHeaderChar: checkInvalidHeaderChar,
  _checkIsHttpToken: checkIsHttpToken,
} = require('_http_common');
const {
  codes: {
    ERR_HTTP_BODY_NOT_ALLOWED,
    ERR_HTTP_CONTENT_LENGTH_MISMATCH,
    ERR_HTTP_HEADERS_SENT,
    ERR_HTTP_INVALID_HEADER_VALUE,
    ERR_HTTP_TRAILER_INVALID,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_CHAR,
    ERR_INVALID_HTTP_TOKEN,
    ERR_METHOD_NOT_IMPLEMENTED,
    ERR_STREAM_ALREADY_FINISHED,
    ERR_STREAM_CANNOT_PIPE,
    ERR_STREAM_DESTROYED,
    ERR_STREAM_NULL_VALUES,
    ERR_STREAM_WRITE_AFTER_END,
  },
  hideStackFrames,
} = require('internal/errors');

const kOutHeaders = Symbol('kOutHeaders');
const kNeedDrain = Symbol('kNeedDrain');
const kBytesWritten = Symbol('kBytesWritten');
const kErrored = Symbol('kErrored');
const kHighWaterMark = Symbol('kHighWaterMark');
const kRejectNonStandardBodyWrites = Symbol('kRejectNonStandardBodyWrites');
// The lowercased names whose several values go out on one line, joined by `; `
// (the `uniqueHeaders` option), or null.
const kUniqueHeaders = Symbol('kUniqueHeaders');

const RE_CONN_CLOSE = /(?:^|\W)close(?:$|\W)/i;
const RE_TE_CHUNKED = /(?:^|\W)chunked(?:$|\W)/i;
const CRLF = '\r\n';
const defaultHighWaterMark = 16 * 1024;

// The Date header's value, cached for the second it names.
let dateCache;
function utcDate() {
  if (!dateCache) {
    dateCache = new Date().toUTCString();
    setTimeout(() => { dateCache = undefined; }, 1000 - new Date().getMilliseconds()).unref();
  }
  return dateCache;
}

const validateHeaderName = hideStackFrames((name, label) => {
  if (typeof name !== 'string' || !name || !checkIsHttpToken(name)) {
    throw new ERR_INVALID_HTTP_TOKEN(label || 'Header name', name);
  }
});

const validateHeaderValue = hideStackFrames((name, value) => {
  if (value === undefined) throw new ERR_HTTP_INVALID_HEADER_VALUE(value, name);
  if (checkInvalidHeaderChar(value)) throw new ERR_INVALID_CHAR('header content', name);
});

function OutgoingMessage(options) {
  Stream.call(this);
  this.outputData = [];
  this.outputSize = 0;
  this.writable = true;
  this.destroyed = false;
  this._last = false;
  this.chunkedEncoding = false;
  this.shouldKeepAlive = true;
  this.maxRequestsOnConnectionReached = false;
  this._defaultKeepAlive = true;
  this.useChunkedEncodingByDefault = true;
  this.sendDate = false;
  this._removedConnection = false;
  this._removedContLen = false;
  this._removedTE = false;
  this.strictContentLength = false;
  this._contentLength = null;
  this._hasBody = true;
  this._trailer = '';
  this.finished = false;
  this._headerSent = false;
  this._closed = false;
  this.socket = null;
  this._header = null;
  this._keepAliveTimeout = 0;
  this._onPendingData = () => {};
  this[kOutHeaders] = null;
  this[kNeedDrain] = false;
  this[kBytesWritten] = 0;
  this[kErrored] = null;
  this[kHighWaterMark] = options?.highWaterMark ?? defaultHighWaterMark;
  this[kRejectNonStandardBodyWrites] = options?.rejectNonStandardBodyWrites ?? false;
  this[kUniqueHeaders] = null;
}
Object.setPrototypeOf(OutgoingMessage.prototype, Stream.prototype);
Object.setPrototypeOf(OutgoingMessage, Stream);

Object.defineProperties(OutgoingMessage.prototype, {
  errored: {
    get() { return this[kErrored]; },
    configurable: true,
  },
  closed: {
    get() { return this._closed; },
    configurable: true,
  },
  writableFinished: {
    get() {
      return this.finished && this.outputSize === 0 &&
        (!this.socket || this.socket.writableLength === 0);
    },
    configurable: true,
  },
  writableObjectMode: {
    get() { return false; },
    configurable: true,
  },
  writableLength: {
    get() { return this.outputSize + (this.socket ? this.socket.writableLength : 0); },
    configurable: true,
  },
  writableHighWaterMark: {
    get() { return this.socket ? this.socket.writableHighWaterMark : this[kHighWaterMark]; },
    configurable: true,
  },
  writableCorked: {
    get() { return this.socket ? this.socket.writableCorked : 0; },
    configurable: true,
  },
  writableEnded: {
    get() { return this.finished; },
    configurable: true,
  },
  writableNeedDrain: {
    get() { return !this.destroyed && !this.finished && this[kNeedDrain]; },
    configurable: true,
  },
  connection: {
    get() { return this.socket; },
    set(value) { this.socket = value; },
    configurable: true,
  },
  headersSent: {
    get() { return this._header !== null; },
    configurable: true,
  },
});

OutgoingMessage.prototype.cork = function cork() {
  if (this.socket) this.socket.cork();
};

OutgoingMessage.prototype.uncork = function uncork() {
  if (this.socket) this.socket.uncork();
};

OutgoingMessage.prototype.setTimeout = function setTimeout(msecs, callback) {
  if (callback) this.on('timeout', callback);
  if (this.socket) this.socket.setTimeout(msecs);
  else this.once('socket', (socket) => socket.setTimeout(msecs));
  return this;
};

OutgoingMessage.prototype.destroy = function destroy(error) {
  if (this.destroyed) return this;
  this.destroyed = true;
  this[kErrored] = error;
  if (this.socket) this.socket.destroy(error);
  else this.once('socket', (socket) => socket.destroy(error));
  return this;
};

// With captureRejections, a rejected async listener destroys the message.
OutgoingMessage.prototype[EventEmitter.captureRejectionSymbol] = function(err) {
  this.destroy(err);
};

// Writes through to the socket once it belongs to this message; queues until then.
OutgoingMessage.prototype._writeRaw = function _writeRaw(data, encoding, callback) {
  const conn = this.socket;
  if (conn?.destroyed) return false;
  if (typeof encoding === 'function') {
    callback = encoding;
    encoding = null;
  }
  if (conn && conn._httpMessage === this && conn.writable) {
    if (this.outputData.length) this._flushOutput(conn);
    return conn.write(data, encoding, callback);
  }
  this.outputData.push({ data, encoding, callback });
  this.outputSize += data.length;
  this._onPendingData(data.length);
  return this.outputSize < this[kHighWaterMark];
};

// Sends `data`, preceded by the head the first time.
OutgoingMessage.prototype._send = function _send(data, encoding, callback) {
  if (!this._headerSent && this._header !== null) {
    this._headerSent = true;
    this._writeRaw(this._header, 'latin1', null);
  }
  return this._writeRaw(data, encoding, callback);
};

function setHeaderValue(message, name, value) {
  if (message._header) throw new ERR_HTTP_HEADERS_SENT('set');
  validateHeaderName(name);
  validateHeaderValue(name, value);
  message[kOutHeaders] ??= { __proto__: null };
  return name.toLowerCase();
}

OutgoingMessage.prototype.setHeader = function setHeader(name, value) {
  const key = setHeaderValue(this, name, value);
  this[kOutHeaders][key] = [name, value];
  return this;
};

OutgoingMessage.prototype.setHeaders = function setHeaders(headers) {
  if (this._header) throw new ERR_HTTP_HEADERS_SENT('set');
  if (!headers || Array.isArray(headers) || typeof headers.keys !== 'function' ||
      typeof headers.get !== 'function') {
    throw new ERR_INVALID_ARG_TYPE('headers', ['Headers', 'Map'], headers);
  }
  const cookies = [];
  for (const [name, value] of headers) {
    if (name.toLowerCase() === 'set-cookie') cookies.push(...(Array.isArray(value) ? value : [value]));
    else this.setHeader(name, value);
  }
  if (cookies.length) this.setHeader('set-cookie', cookies);
  return this;
};

OutgoingMessage.prototype.appendHeader = function appendHeader(name, value) {
  const key = setHeaderValue(this, name, value);
  const existing = this[kOutHeaders][key];
  if (existing === undefined) {
    this[kOutHeaders][key] = [name, value];
  } else {
    const values = Array.isArray(existing[1]) ? existing[1] : [existing[1]];
    existing[1] = values.concat(value);
  }
  return this;
};

OutgoingMessage.prototype.getHeader = function getHeader(name) {
  if (typeof name !== 'string') throw new ERR_INVALID_ARG_TYPE('name', 'string', name);
  return this[kOutHeaders]?.[name.toLowerCase()]?.[1];
};

OutgoingMessage.prototype.getHeaderNames = function getHeaderNames() {
  return this[kOutHeaders] ? Object.keys(this[kOutHeaders]) : [];
};

OutgoingMessage.prototype.getRawHeaderNames = function getRawHeaderNames() {
  return this[kOutHeaders] ? Object.values(this[kOutHeaders]).map(([name]) => name) : [];
};

OutgoingMessage.prototype.getHeaders = function getHeaders() {
  const headers = { __proto__: null };
  for (const key of this.getHeaderNames()) headers[key] = this[kOutHeaders][key][1];
  return headers;
};

OutgoingMessage.prototype.hasHeader = function hasHeader(name) {
  if (typeof name !== 'string') throw new ERR_INVALID_ARG_TYPE('name', 'string', name);
  return this[kOutHeaders] !== null && name.toLowerCase() in this[kOutHeaders];
};

OutgoingMessage.prototype.removeHeader = function removeHeader(name) {
  if (typeof name !== 'string') throw new ERR_INVALID_ARG_TYPE('name', 'string', name);
  if (this._header) throw new ERR_HTTP_HEADERS_SENT('remove');
  const key = name.toLowerCase();
  switch (key) {
    case 'connection':
      this._removedConnection = true;
      break;
    case 'content-length':
      this._removedContLen = true;
      break;
    case 'transfer-encoding':
      this._removedTE = true;
      break;
    case 'date':
      this.sendDate = false;
      break;
  }
  if (this[kOutHeaders] !== null) delete this[kOutHeaders][key];
};

OutgoingMessage.prototype._implicitHeader = function _implicitHeader() {
  throw new ERR_METHOD_NOT_IMPLEMENTED('_implicitHeader()');
};

// Renders the head from `firstLine` and `headers` (the stored headers, a plain object or a
// flat [name, value, ...] array) and decides how the body is framed.
OutgoingMessage.prototype._storeHeader = function _storeHeader(firstLine, headers) {
  const state = {
    connection: false, contLen: false, te: false, date: false, expect: false,
    trailer: false, header: firstLine,
  };
  if (headers === this[kOutHeaders] && headers !== null) {
    for (const key in headers) processHeader(this, state, headers[key][0], headers[key][1], false);
  } else if (Array.isArray(headers)) {
    if (headers.length && Array.isArray(headers[0])) {
      for (const [name, value] of headers) processHeader(this, state, name, value, true);
    } else {
      if (headers.length % 2 !== 0) throw new ERR_INVALID_ARG_VALUE('headers', headers);
      for (let n = 0; n < headers.length; n += 2) {
        processHeader(this, state, headers[n], headers[n + 1], true);
      }
    }
  } else if (headers) {
    for (const key of Object.keys(headers)) processHeader(this, state, key, headers[key], true);
  }

  let { header } = state;
  if (this.sendDate && !state.date) header += `Date: ${utcDate()}${CRLF}`;

  // A 204 or 304 has no body, not even the last chunk: a chunked one closes the connection
  // instead, so that no proxy reads a body into it.
  if (this.chunkedEncoding && (this.statusCode === 204 || this.statusCode === 304)) {
    this.chunkedEncoding = false;
    this.shouldKeepAlive = false;
  }

  if (!state.connection && !this._removedConnection) {
    const shouldSendKeepAlive = this.shouldKeepAlive &&
      (state.contLen || this.useChunkedEncodingByDefault || this.agent);
    if (shouldSendKeepAlive && this.maxRequestsOnConnectionReached) {
      header += `Connection: close${CRLF}`;
    } else if (shouldSendKeepAlive) {
      header += `Connection: keep-alive${CRLF}`;
      if (this._keepAliveTimeout && this._defaultKeepAlive) {
        const max = ~~this._maxRequestsPerSocket > 0 ? `, max=${this._maxRequestsPerSocket}` : '';
        header += `Keep-Alive: timeout=${Math.floor(this._keepAliveTimeout / 1000)}${max}${CRLF}`;
      }
    } else {
      this._last = true;
      header += `Connection: close${CRLF}`;
    }
  }

  if (!state.contLen && !state.te) {
    if (!this._hasBody) {
      this.chunkedEncoding = false;
    } else if (!this.useChunkedEncodingByDefault) {
      this._last = true;
    } else if (!state.trailer && !this._removedContLen && typeof this._contentLength === 'number') {
      header += `Content-Length: ${this._contentLength}${CRLF}`;
    } else if (!this._removedTE) {
      header += `Transfer-Encoding: chunked${CRLF}`;
      this.chunkedEncoding = true;
    } else {
      this._last = true;
    }
  }

  if (this.chunkedEncoding !== true && state.trailer) throw new ERR_HTTP_TRAILER_INVALID();

  this._header = header + CRLF;
  this._headerSent = false;
  // An `Expect` header asks the peer to answer before the body: send the head now.
  if (state.expect) this._send('');
};

function processHeader(message, state, key, value, validate) {
  if (validate) validateHeaderName(key);
  if (Array.isArray(value)) {
    if ((value.length < 2 || !isCookieField(key)) && !isUniqueHeader(message, key)) {
      for (const item of value) storeHeader(message, state, key, item, validate);
      return;
    }
    value = value.join('; ');
  }
  storeHeader(message, state, key, value, validate);
}

function isUniqueHeader(message, name) {
  return message[kUniqueHeaders]?.has(name.toLowerCase()) ?? false;
}

// The `uniqueHeaders` option as a set of lowercased names (null when not an array).
function parseUniqueHeadersOption(headers) {
  if (!Array.isArray(headers)) return null;
  return new Set(headers.map((name) => name.toLowerCase()));
}

function isCookieField(name) {
  return name.length === 6 && name.toLowerCase() === 'cookie';
}

function storeHeader(message, state, key, value, validate) {
  if (validate) validateHeaderValue(key, value);
  state.header += `${key}: ${value}${CRLF}`;
  matchHeader(message, state, key.toLowerCase(), value);
}

function matchHeader(message, state, field, value) {
  switch (field) {
    case 'connection':
      state.connection = true;
      message._removedConnection = false;
      if (RE_CONN_CLOSE.test(value)) message._last = true;
      else message.shouldKeepAlive = true;
      break;
    case 'transfer-encoding':
      state.te = true;
      message._removedTE = false;
      if (RE_TE_CHUNKED.test(value)) message.chunkedEncoding = true;
      break;
    case 'content-length':
      state.contLen = true;
      message._contentLength = +value;
      message._removedContLen = false;
      break;
    case 'date':
    case 'expect':
    case 'trailer':
      state[field] = true;
      break;
    case 'keep-alive':
      message._defaultKeepAlive = false;
      break;
  }
}

OutgoingMessage.prototype.write = function write(chunk, encoding, callback) {
  if (typeof encoding === 'function') {
    callback = encoding;
    encoding = null;
  }
  const ret = write_(this, chunk, encoding, callback, false);
  if (!ret) this[kNeedDrain] = true;
  return ret;
};

function onError(message, error, callback) {
  if (message.destroyed) return;
  process.nextTick(() => {
    if (typeof callback === 'function') callback(error);
    message.emit('error', error);
  });
}

function write_(message, chunk, encoding, callback, fromEnd) {
  if (typeof callback !== 'function') callback = () => {};
  if (chunk === null) throw new ERR_STREAM_NULL_VALUES();
  if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
    throw new ERR_INVALID_ARG_TYPE('chunk', ['string', 'Buffer', 'Uint8Array'], chunk);
  }
  let err;
  if (message.finished) err = new ERR_STREAM_WRITE_AFTER_END();
  else if (message.destroyed) err = new ERR_STREAM_DESTROYED('write');
  if (err) {
    if (message.destroyed) process.nextTick(callback, err);
    else onError(message, err, callback);
    return false;
  }

  const len = typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding) : chunk.byteLength;
  // The last chunk must make up the declared length exactly; it is refused, unsent, if not.
  const total = message[kBytesWritten] + len;
  if (message.strictContentLength && message._contentLength !== null &&
      (fromEnd ? total !== message._contentLength : len && total > message._contentLength)) {
    throw new ERR_HTTP_CONTENT_LENGTH_MISMATCH(len + message[kBytesWritten], message._contentLength);
  }
  message[kBytesWritten] += len;

  if (!message._header) {
    if (fromEnd) message._contentLength = len;
    message._implicitHeader();
  }

  if (!message._hasBody) {
    if (message[kRejectNonStandardBodyWrites]) throw new ERR_HTTP_BODY_NOT_ALLOWED();
    process.nextTick(callback);
    return true;
  }

  if (message.chunkedEncoding && len !== 0) {
    message._send(`${len.toString(16)}${CRLF}`, 'latin1', null);
    message._send(chunk, encoding, null);
    return message._send(CRLF, 'latin1', callback);
  }
  return message._send(chunk, encoding, callback);
}

OutgoingMessage.prototype.addTrailers = function addTrailers(headers) {
  this._trailer = '';
  const entries = Array.isArray(headers) ? headers : Object.entries(headers);
  for (const [field, value] of entries) {
    if (typeof field !== 'string' || !field || !checkIsHttpToken(field)) {
      throw new ERR_INVALID_HTTP_TOKEN('Trailer name', field);
    }
    // Several values go on lines of their own, unless the field is unique.
    const values = Array.isArray(value) && !isUniqueHeader(this, field) ? value :
      [Array.isArray(value) ? value.join('; ') : value];
    for (const item of values) {
      if (checkInvalidHeaderChar(item)) throw new ERR_INVALID_CHAR('trailer content', field);
      this._trailer += `${field}: ${item}${CRLF}`;
    }
  }
};

function onFinish(message) {
  if (message.socket?._hadError) return;
  message.emit('finish');
}

OutgoingMessage.prototype.end = function end(chunk, encoding, callback) {
  if (typeof chunk === 'function') {
    callback = chunk;
    chunk = null;
    encoding = null;
  } else if (typeof encoding === 'function') {
    callback = encoding;
    encoding = null;
  }

  if (chunk) {
    if (this.finished) {
      onError(this, new ERR_STREAM_WRITE_AFTER_END(), callback);
      return this;
    }
    write_(this, chunk, encoding, null, true);
  } else if (this.finished) {
    if (typeof callback === 'function') {
      if (!this.writableFinished) this.on('finish', callback);
      else callback(new ERR_STREAM_ALREADY_FINISHED('end'));
    }
    return this;
  } else if (!this._header) {
    this._contentLength = 0;
    this._implicitHeader();
  }

  if (typeof callback === 'function') this.once('finish', callback);

  if (this.strictContentLength && this._contentLength !== null &&
      this[kBytesWritten] !== this._contentLength) {
    throw new ERR_HTTP_CONTENT_LENGTH_MISMATCH(this[kBytesWritten], this._contentLength);
  }

  const finish = () => onFinish(this);
  if (this._hasBody && this.chunkedEncoding) {
    this._send(`0${CRLF}${this._trailer}${CRLF}`, 'latin1', finish);
  } else if (!this._headerSent || this.writableLength || chunk) {
    this._send('', 'latin1', finish);
  } else {
    process.nextTick(finish);
  }

  this.finished = true;
  if (this.outputData.length === 0 && this.socket?._httpMessage === this) this._finish();
  return this;
};

OutgoingMessage.prototype._finish = function _finish() {
  this.emit('prefinish');
};

// Writes the queued output to `socket` (now this message's).
OutgoingMessage.prototype._flushOutput = function _flushOutput(socket) {
  const queued = this.outputData;
  this.outputData = [];
  this.outputSize = 0;
  this._onPendingData(-queued.reduce((n, { data }) => n + data.length, 0));
  let ret;
  for (const { data, encoding, callback } of queued) {
    ret = socket.write(data, encoding, callback);
  }
  return ret;
};

// Called when the socket arrives: flushes what waited for it.
OutgoingMessage.prototype._flush = function _flush() {
  const socket = this.socket;
  if (socket && socket.writable) {
    const ret = this._flushOutput(socket);
    if (this.finished) {
      this._finish();
    } else if (ret && this[kNeedDrain]) {
      this[kNeedDrain] = false;
      this.emit('drain');
    }
  }
};

OutgoingMessage.prototype.flushHeaders = function flushHeaders() {
  if (!this._header) this._implicitHeader();
  this._send('');
};

// The deprecated views of the stored headers (DEP0066): `_headers` (name → value) and
// `_headerNames` (lower-case name → name as given).
const { deprecate } = require('util');
Object.defineProperties(OutgoingMessage.prototype, {
  _headers: {
    get: deprecate(function() {
      return this.getHeaders();
    }, 'OutgoingMessage.prototype._headers is deprecated', 'DEP0066'),
    set: deprecate(function(value) {
      if (value === null || value === undefined) {
        this[kOutHeaders] = null;
      } else if (typeof value === 'object') {
        const headers = this[kOutHeaders] = { __proto__: null };
        for (const name of Object.keys(value)) headers[name.toLowerCase()] = [name, value[name]];
      }
    }, 'OutgoingMessage.prototype._headers is deprecated', 'DEP0066'),
    configurable: true,
  },
  _headerNames: {
    get: deprecate(function() {
      const headers = this[kOutHeaders];
      if (headers === null) return null;
      const names = { __proto__: null };
      for (const key of Object.keys(headers)) names[key] = headers[key][0];
      return names;
    }, 'OutgoingMessage.prototype._headerNames is deprecated', 'DEP0066'),
    set: deprecate(function(value) {
      const headers = this[kOutHeaders];
      if (typeof value !== 'object' || value === null || headers === null) return;
      for (const key of Object.keys(value)) {
        if (headers[key]) headers[key][0] = value[key];
      }
    }, 'OutgoingMessage.prototype._headerNames is deprecated', 'DEP0066'),
    configurable: true,
  },
});

OutgoingMessage.prototype.pipe = function pipe() {
  this.emit('error', new ERR_STREAM_CANNOT_PIPE());
};

module.exports = {
  OutgoingMessage,
  kNeedDrain,
  kOutHeaders,
  kHighWaterMark,
  kUniqueHeaders,
  parseUniqueHeadersOption,
  utcDate,
  validateHeaderName,
  validateHeaderValue,
};
