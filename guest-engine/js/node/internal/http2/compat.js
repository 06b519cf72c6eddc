// The http2 compatibility API: Http2ServerRequest and Http2ServerResponse, which present
// a ServerHttp2Stream the way `http` presents a request and response, and the server's
// 'stream' handler that emits 'request' / 'checkContinue' / 'connect' with them.

const Stream = require('stream');
const { Readable } = Stream;
const {
  codes: {
    ERR_HTTP2_HEADERS_SENT,
    ERR_HTTP2_INFO_STATUS_NOT_ALLOWED,
    ERR_HTTP2_INVALID_HEADER_VALUE,
    ERR_HTTP2_INVALID_STREAM,
    ERR_HTTP2_NO_SOCKET_MANIPULATION,
    ERR_HTTP2_PSEUDOHEADER_NOT_ALLOWED,
    ERR_HTTP2_STATUS_INVALID,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_HTTP_TOKEN,
    ERR_STREAM_WRITE_AFTER_END,
  },
  validateFunction,
  validateObject,
  validateString,
} = require('internal/errors');
const { kSocket } = require('internal/http2/core');
const { linkHeaderValue } = require('_http_server');

const kStream = Symbol('stream');
const kRequest = Symbol('request');
const kResponse = Symbol('response');
const kHeaders = Symbol('headers');
const kRawHeaders = Symbol('rawHeaders');
const kTrailers = Symbol('trailers');
const kRawTrailers = Symbol('rawTrailers');
const kSetHeader = Symbol('setHeader');
const kAppendHeader = Symbol('appendHeader');
const kAborted = Symbol('aborted');
const kDidRead = Symbol('didRead');
const kProxySocket = Symbol('proxySocket');
const kState = Symbol('state');
const kBeginSend = Symbol('beginSend');
const kRequestClass = Symbol('Http2ServerRequest');
const kResponseClass = Symbol('Http2ServerResponse');

const kTokenRegExp = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
const kInvalidValueRegExp = /[^\t\x20-\x7e\x80-\xff]/;
const kStatusMessageWarning = 'Status message is not supported by HTTP/2 (RFC7540 8.1.2.4)';

let statusMessageWarned = false;

function statusMessageWarn() {
  if (statusMessageWarned) return;
  statusMessageWarned = true;
  process.emitWarning(kStatusMessageWarning, 'UnsupportedWarning');
}

function assertValidHeader(name, value) {
  if (name[0] === ':') throw new ERR_HTTP2_PSEUDOHEADER_NOT_ALLOWED();
  if (name === '' || !kTokenRegExp.test(name)) {
    throw new ERR_INVALID_HTTP_TOKEN('Header name', name);
  }
  if (value === undefined || value === null) throw new ERR_HTTP2_INVALID_HEADER_VALUE(value, name);
  const values = Array.isArray(value) ? value : [value];
  for (const item of values) {
    if (kInvalidValueRegExp.test(String(item))) {
      const { codes: { ERR_INVALID_CHAR } } = require('internal/errors');
      throw new ERR_INVALID_CHAR('header content', name);
    }
  }
}

// The socket of a compat request/response: reads and writes go to the stream, the rest to
// the session's socket.
const proxySocketHandler = {
  has(stream, prop) {
    const socket = stream.session?.[kSocket];
    return prop in stream || (socket !== undefined && prop in socket);
  },
  get(stream, prop) {
    switch (prop) {
      case 'on':
      case 'once':
      case 'end':
      case 'emit':
      case 'destroy':
        return stream[prop].bind(stream);
      case 'writable':
      case 'destroyed':
        return stream[prop];
      case 'readable':
        if (stream.destroyed) return false;
        return stream.session?.[kSocket]?.readable;
      case 'setTimeout': {
        const session = stream.session;
        if (session !== undefined) return session.setTimeout.bind(session);
        return stream.setTimeout.bind(stream);
      }
      case 'write':
      case 'read':
      case 'pause':
      case 'resume':
        throw new ERR_HTTP2_NO_SOCKET_MANIPULATION();
      default: {
        const socket = stream.session?.[kSocket];
        if (socket === undefined) return undefined;
        const value = socket[prop];
        return typeof value === 'function' ? value.bind(socket) : value;
      }
    }
  },
  getPrototypeOf(stream) {
    const socket = stream.session?.[kSocket];
    if (socket !== undefined) return Reflect.getPrototypeOf(socket);
    return Reflect.getPrototypeOf(stream);
  },
  set(stream, prop, value) {
    switch (prop) {
      case 'writable':
      case 'readable':
      case 'destroyed':
      case 'on':
      case 'once':
      case 'end':
      case 'emit':
      case 'destroy':
        stream[prop] = value;
        return true;
      case 'setTimeout': {
        const session = stream.session;
        if (session !== undefined) session.setTimeout = value;
        else stream.setTimeout = value;
        return true;
      }
      case 'write':
      case 'read':
      case 'pause':
      case 'resume':
        throw new ERR_HTTP2_NO_SOCKET_MANIPULATION();
      default: {
        const socket = stream.session?.[kSocket];
        if (socket !== undefined) socket[prop] = value;
        return true;
      }
    }
  },
};

function proxySocketOf(owner) {
  const stream = owner[kStream];
  if (stream === undefined) return null;
  owner[kProxySocket] ??= new Proxy(stream, proxySocketHandler);
  return owner[kProxySocket];
}

class Http2ServerRequest extends Readable {
  constructor(stream, headers, options, rawHeaders) {
    super({ autoDestroy: false, ...options });
    this[kStream] = stream;
    this[kHeaders] = headers;
    this[kRawHeaders] = rawHeaders;
    this[kTrailers] = {};
    this[kRawTrailers] = [];
    this[kAborted] = false;
    this[kDidRead] = false;
    stream[kRequest] = this;
    this.complete = false;
    stream.on('trailers', (trailers, flags, raw) => {
      this[kTrailers] = trailers;
      this[kRawTrailers] = raw;
    });
    stream.on('data', (chunk) => {
      if (!this.push(chunk)) stream.pause();
    });
    stream.on('end', () => {
      this.complete = true;
      this.push(null);
    });
    stream.on('aborted', () => {
      if (this[kAborted]) return;
      this[kAborted] = true;
      this.emit('aborted');
    });
    stream.on('error', () => {});
    stream.on('close', () => {
      this.complete = true;
      this.push(null);
      // A body the handler never read is dumped, as with http1, so it still sees 'end'.
      if (!this[kDidRead] && !this._readableState.resumeScheduled) this.resume();
      this.emit('close');
    });
    stream.on('timeout', () => this.emit('timeout'));
    this.on('pause', () => stream.pause());
    this.on('resume', () => stream.resume());
  }

  get aborted() {
    return this[kAborted];
  }

  get headers() {
    return this[kHeaders];
  }

  get rawHeaders() {
    return this[kRawHeaders];
  }

  get trailers() {
    return this[kTrailers];
  }

  get rawTrailers() {
    return this[kRawTrailers];
  }

  get httpVersionMajor() {
    return 2;
  }

  get httpVersionMinor() {
    return 0;
  }

  get httpVersion() {
    return '2.0';
  }

  get socket() {
    return proxySocketOf(this);
  }

  get connection() {
    return this.socket;
  }

  get stream() {
    return this[kStream];
  }

  get method() {
    return this[kHeaders][':method'];
  }

  set method(method) {
    validateString(method, 'method');
    if (method.trim() === '') throw new ERR_INVALID_ARG_VALUE('method', method);
    this[kHeaders][':method'] = method;
  }

  get authority() {
    return this[kHeaders][':authority'] ?? this[kHeaders].host;
  }

  get scheme() {
    return this[kHeaders][':scheme'];
  }

  get url() {
    return this[kHeaders][':path'];
  }

  set url(url) {
    this[kHeaders][':path'] = url;
  }

  _read() {
    this[kDidRead] = true;
    const stream = this[kStream];
    if (stream !== undefined && !stream.destroyed) stream.resume();
  }

  setTimeout(msecs, callback) {
    const stream = this[kStream];
    if (stream === undefined || stream.destroyed) return this;
    stream.setTimeout(msecs, callback);
    return this;
  }
}

class Http2ServerResponse extends Stream {
  constructor(stream, headers) {
    super();
    this[kStream] = stream;
    this[kHeaders] = { __proto__: null };
    this[kTrailers] = { __proto__: null };
    this[kState] = {
      closed: false,
      ending: false,
      destroyed: false,
      sendDate: true,
      statusCode: 200,
      writeHeadCalled: false,
    };
    this.writable = true;
    this.req = stream[kRequest];
    stream[kResponse] = this;
    stream.on('drain', () => this.emit('drain'));
    stream.on('close', () => {
      const state = this[kState];
      state.closed = true;
      this.writable = false;
      this.emit('finish');
      this.emit('close');
    });
    stream.on('wantTrailers', () => {
      const trailers = this[kTrailers];
      this[kStream].sendTrailers(trailers);
    });
    stream.on('timeout', () => this.emit('timeout'));
  }

  get _header() {
    return this.headersSent;
  }

  get writableEnded() {
    return this[kState].ending;
  }

  get writableCorked() {
    return this[kStream].writableCorked;
  }

  get writableHighWaterMark() {
    return this[kStream].writableHighWaterMark;
  }

  get writableFinished() {
    return this[kStream].writableFinished;
  }

  get writableLength() {
    return this[kStream].writableLength;
  }

  get finished() {
    return this[kState].ending;
  }

  get headersSent() {
    return this[kStream].headersSent;
  }

  get socket() {
    if (this[kState].closed) return undefined;
    return proxySocketOf(this);
  }

  get connection() {
    return this.socket;
  }

  get stream() {
    return this[kStream];
  }

  get sendDate() {
    return this[kState].sendDate;
  }

  set sendDate(bool) {
    this[kState].sendDate = Boolean(bool);
  }

  get statusCode() {
    return this[kState].statusCode;
  }

  set statusCode(code) {
    code |= 0;
    if (code >= 100 && code < 200) throw new ERR_HTTP2_INFO_STATUS_NOT_ALLOWED();
    if (code < 100 || code > 599) throw new ERR_HTTP2_STATUS_INVALID(code);
    this[kState].statusCode = code;
  }

  get statusMessage() {
    statusMessageWarn();
    return '';
  }

  set statusMessage(msg) {
    statusMessageWarn();
  }

  setTrailer(name, value) {
    validateString(name, 'name');
    name = name.trim().toLowerCase();
    assertValidHeader(name, value);
    this[kTrailers][name] = value;
  }

  addTrailers(headers) {
    for (const key of Object.keys(headers)) this.setTrailer(key, headers[key]);
  }

  getHeader(name) {
    validateString(name, 'name');
    return this[kHeaders][name.trim().toLowerCase()];
  }

  getHeaderNames() {
    return Object.keys(this[kHeaders]);
  }

  getHeaders() {
    const headers = { __proto__: null };
    for (const key of Object.keys(this[kHeaders])) headers[key] = this[kHeaders][key];
    return headers;
  }

  hasHeader(name) {
    validateString(name, 'name');
    return this[kHeaders][name.trim().toLowerCase()] !== undefined;
  }

  removeHeader(name) {
    validateString(name, 'name');
    if (this[kStream].headersSent) throw new ERR_HTTP2_HEADERS_SENT();
    name = name.trim().toLowerCase();
    if (name === 'date') {
      this[kState].sendDate = false;
      return;
    }
    delete this[kHeaders][name];
  }

  setHeader(name, value) {
    validateString(name, 'name');
    if (this[kStream].headersSent) throw new ERR_HTTP2_HEADERS_SENT();
    this[kSetHeader](name, value);
    return this;
  }

  [kSetHeader](name, value) {
    name = name.trim().toLowerCase();
    assertValidHeader(name, value);
    if (name === 'connection' || name === 'keep-alive' || name === 'proxy-connection' ||
        name === 'transfer-encoding') {
      return;
    }
    this[kHeaders][name] = value;
  }

  appendHeader(name, value) {
    validateString(name, 'name');
    if (this[kStream].headersSent) throw new ERR_HTTP2_HEADERS_SENT();
    this[kAppendHeader](name, value);
    return this;
  }

  [kAppendHeader](name, value) {
    name = name.trim().toLowerCase();
    assertValidHeader(name, value);
    const existing = this[kHeaders][name];
    if (existing === undefined) {
      this[kHeaders][name] = value;
    } else {
      this[kHeaders][name] = [].concat(existing, value);
    }
  }

  flushHeaders() {
    const state = this[kState];
    if (!state.closed && !this[kStream].headersSent) this.writeHead(state.statusCode);
  }

  writeHead(statusCode, statusMessage, headers) {
    const state = this[kState];
    if (state.closed || this.stream.destroyed) return this;
    if (this[kStream].headersSent) throw new ERR_HTTP2_HEADERS_SENT();
    if (typeof statusMessage === 'string') statusMessageWarn();
    if (headers === undefined && typeof statusMessage === 'object') headers = statusMessage;
    let i;
    if (Array.isArray(headers)) {
      if (this[kHeaders]) {
        for (const key of Object.keys(this[kHeaders])) delete this[kHeaders][key];
      }
      if (headers.length && Array.isArray(headers[0])) {
        for (const [key, value] of headers) this[kAppendHeader](key, value);
      } else {
        if (headers.length % 2 !== 0) throw new ERR_INVALID_ARG_VALUE('headers', headers);
        for (i = 0; i < headers.length; i += 2) this[kAppendHeader](headers[i], headers[i + 1]);
      }
    } else if (typeof headers === 'object' && headers !== null) {
      for (const key of Object.keys(headers)) this[kSetHeader](key, headers[key]);
    }
    state.statusCode = statusCode;
    this.statusCode = statusCode;
    this[kBeginSend]();
    return this;
  }

  cork() {
    this[kStream].cork();
  }

  uncork() {
    this[kStream].uncork();
  }

  write(chunk, encoding, cb) {
    const state = this[kState];
    if (typeof encoding === 'function') {
      cb = encoding;
      encoding = 'utf8';
    }
    let err;
    if (state.ending) {
      err = new ERR_STREAM_WRITE_AFTER_END();
    } else if (state.closed) {
      err = new ERR_HTTP2_INVALID_STREAM();
    } else if (state.destroyed) {
      return false;
    }
    if (err) {
      if (typeof cb === 'function') process.nextTick(cb, err);
      this.destroy(err);
      return false;
    }
    if (typeof chunk !== 'string' && !ArrayBuffer.isView(chunk)) {
      throw new ERR_INVALID_ARG_TYPE('chunk', ['string', 'Buffer', 'Uint8Array'], chunk);
    }
    const stream = this[kStream];
    if (!stream.headersSent) this.writeHead(state.statusCode);
    return stream.write(chunk, encoding, cb);
  }

  end(chunk, encoding, cb) {
    const stream = this[kStream];
    const state = this[kState];
    if (typeof chunk === 'function') {
      cb = chunk;
      chunk = null;
    } else if (typeof encoding === 'function') {
      cb = encoding;
      encoding = 'utf8';
    }
    if (state.closed || state.ending) {
      if (typeof cb === 'function') process.nextTick(cb);
      return this;
    }
    if (chunk !== null && chunk !== undefined) this.write(chunk, encoding);
    state.ending = true;
    if (typeof cb === 'function') {
      if (stream.writableEnded) this.once('finish', cb);
      else stream.once('finish', cb);
    }
    if (!stream.headersSent) this.writeHead(this[kState].statusCode);
    if (!stream.destroyed) stream.end();
    return this;
  }

  destroy(err) {
    const state = this[kState];
    if (state.destroyed) return;
    state.destroyed = true;
    this[kStream].destroy(err);
  }

  setTimeout(msecs, callback) {
    if (this[kState].closed) return this;
    this[kStream].setTimeout(msecs, callback);
    return this;
  }

  createPushResponse(headers, callback) {
    validateFunction(callback, 'callback');
    if (this[kState].closed) {
      process.nextTick(callback, new ERR_HTTP2_INVALID_STREAM());
      return;
    }
    this[kStream].pushStream(headers, {}, (err, stream, headers, options) => {
      if (err) {
        callback(err);
        return;
      }
      callback(null, new Http2ServerResponse(stream, headers));
    });
  }

  [kBeginSend]() {
    const state = this[kState];
    const headers = this[kHeaders];
    headers[':status'] = state.statusCode;
    const options = {
      endStream: state.ending,
      waitForTrailers: true,
      sendDate: state.sendDate,
    };
    this[kStream].respond(headers, options);
    delete headers[':status'];
  }

  writeContinue() {
    const stream = this[kStream];
    if (stream.headersSent || this[kState].closed) return false;
    stream.additionalHeaders({ ':status': 100 });
    return true;
  }

  writeEarlyHints(hints) {
    validateObject(hints, 'hints');
    const link = linkHeaderValue(hints.link);
    if (link.length === 0) return false;
    const stream = this[kStream];
    if (stream.headersSent || this[kState].closed) return false;
    const headers = {};
    for (const key of Object.keys(hints)) {
      if (key !== 'link') headers[key] = hints[key];
    }
    stream.additionalHeaders({ ...headers, ':status': 103, link });
    return true;
  }
}

function onServerStream(stream, headers, flags, rawHeaders) {
  const server = this;
  const request = new server[kRequestClass](stream, headers, undefined, rawHeaders);
  const response = new server[kResponseClass](stream);
  const method = headers[':method'];
  if (method === 'CONNECT') {
    if (!server.emit('connect', request, response)) {
      response.statusCode = 405;
      response.end();
    }
    return;
  }
  if (headers.expect !== undefined) {
    if (headers.expect === '100-continue') {
      if (server.listenerCount('checkContinue')) {
        server.emit('checkContinue', request, response);
      } else {
        response.writeContinue();
        server.emit('request', request, response);
      }
    } else if (server.listenerCount('checkExpectation')) {
      server.emit('checkExpectation', request, response);
    } else {
      response.statusCode = 417;
      response.end();
    }
    return;
  }
  server.emit('request', request, response);
}

module.exports = {
  Http2ServerRequest,
  Http2ServerResponse,
  kRequestClass,
  kResponseClass,
  onServerStream,
};
