// _http_server — the server side of `node:http`: `Server` (a net.Server whose connections
// are parsed into requests), `ServerResponse`, `STATUS_CODES`, and the connection
// lifecycle: keep-alive and pipelined responses, `Expect: 100-continue`, Upgrade/CONNECT
// hand-over, parse errors answered with 400/431 ('clientError'), the idle, headers and
// request timeouts, and `closeAllConnections`/`closeIdleConnections`.

const EventEmitter = require('events');
const net = require('net');
const { Buffer } = require('buffer');
const {
  HTTPParser,
  chunkExpression,
  connResetException,
  continueExpression,
  freeParser,
  insecureHTTPParser: defaultInsecureHTTPParser,
  kUpgrade,
  kReadBody,
  maxHeaderSize: defaultMaxHeaderSize,
  parsers,
  timeHttpExchange,
  _checkInvalidHeaderChar: checkInvalidHeaderChar,
} = require('_http_common');
const { IncomingMessage } = require('_http_incoming');
const {
  OutgoingMessage,
  kNeedDrain,
  kOutHeaders,
  kUniqueHeaders,
  parseUniqueHeadersOption,
} = require('_http_outgoing');
const dc = require('diagnostics_channel');
const {
  codes: {
    ERR_HTTP_HEADERS_SENT,
    ERR_HTTP_INVALID_STATUS_CODE,
    ERR_HTTP_REQUEST_TIMEOUT,
    ERR_HTTP_SOCKET_ASSIGNED,
    ERR_HTTP_SOCKET_ENCODING,
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_CHAR,
    ERR_OUT_OF_RANGE,
  },
  validateBoolean,
  validateInteger,
  validateObject,
} = require('internal/errors');

const STATUS_CODES = {
  100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information',
  204: 'No Content', 205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status',
  208: 'Already Reported', 226: 'IM Used', 300: 'Multiple Choices',
  301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
  305: 'Use Proxy', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  407: 'Proxy Authentication Required', 408: 'Request Timeout', 409: 'Conflict',
  410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed',
  413: 'Payload Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable', 417: 'Expectation Failed', 418: "I'm a Teapot",
  421: 'Misdirected Request', 422: 'Unprocessable Entity', 423: 'Locked',
  424: 'Failed Dependency', 425: 'Too Early', 426: 'Upgrade Required',
  428: 'Precondition Required', 429: 'Too Many Requests',
  431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates', 507: 'Insufficient Storage', 508: 'Loop Detected',
  509: 'Bandwidth Limit Exceeded', 510: 'Not Extended',
  511: 'Network Authentication Required',
};

// diagnostics_channel: each response created, each request about to be handled, and each
// response finished.
const onResponseCreatedChannel = dc.channel('http.server.response.created');
const onRequestStartChannel = dc.channel('http.server.request.start');
const onResponseFinishChannel = dc.channel('http.server.response.finish');

const kIncomingMessage = Symbol('IncomingMessage');
const kServerResponse = Symbol('ServerResponse');
const kConnections = Symbol('kConnections');
const kConnectionsCheckingInterval = Symbol('kConnectionsCheckingInterval');
const kState = Symbol('kState');
// Ends the 'http' performance entry of a response (see timeHttpExchange).
const kTiming = Symbol('kTiming');

const badRequestResponse = Buffer.from(
  `HTTP/1.1 400 ${STATUS_CODES[400]}\r\nConnection: close\r\n\r\n`, 'ascii');
const requestTimeoutResponse = Buffer.from(
  `HTTP/1.1 408 ${STATUS_CODES[408]}\r\nConnection: close\r\n\r\n`, 'ascii');
const requestHeaderFieldsTooLargeResponse = Buffer.from(
  `HTTP/1.1 431 ${STATUS_CODES[431]}\r\nConnection: close\r\n\r\n`, 'ascii');
const requestChunkExtensionsTooLargeResponse = Buffer.from(
  `HTTP/1.1 413 ${STATUS_CODES[413]}\r\nConnection: close\r\n\r\n`, 'ascii');

// ---------------------------------------------------------------------------------------
// ServerResponse

function ServerResponse(req, options) {
  OutgoingMessage.call(this, options);
  if (req.method === 'HEAD') this._hasBody = false;
  this.req = req;
  this.sendDate = true;
  this.statusCode = 200;
  this.statusMessage = undefined;
  this._sent100 = false;
  this._expect_continue = false;
  if (req.httpVersionMajor < 1 || req.httpVersionMinor < 1) {
    this.useChunkedEncodingByDefault = chunkExpression.test(req.headers.te);
    this.shouldKeepAlive = false;
  }
  this[kTiming] = timeHttpExchange('HttpRequest', {
    req: { method: req.method, url: req.url, headers: req.headers },
  });
  if (onResponseCreatedChannel.hasSubscribers) {
    onResponseCreatedChannel.publish({ request: req, response: this });
  }
}
Object.setPrototypeOf(ServerResponse.prototype, OutgoingMessage.prototype);
Object.setPrototypeOf(ServerResponse, OutgoingMessage);

ServerResponse.prototype._finish = function _finish() {
  if (this[kTiming] !== undefined) {
    this[kTiming]({
      res: { statusCode: this.statusCode, statusMessage: this.statusMessage, headers: this.getHeaders() },
    });
    this[kTiming] = undefined;
  }
  OutgoingMessage.prototype._finish.call(this);
};

function onServerResponseClose() {
  const res = this._httpMessage;
  if (res) emitCloseNT(res);
}

function emitCloseNT(res) {
  if (res._closed) return;
  res.destroyed = true;
  res._closed = true;
  res.emit('close');
}

ServerResponse.prototype.assignSocket = function assignSocket(socket) {
  if (socket._httpMessage) throw new ERR_HTTP_SOCKET_ASSIGNED();
  socket._httpMessage = this;
  socket.on('close', onServerResponseClose);
  this.socket = socket;
  this.emit('socket', socket);
  this._flush();
};

ServerResponse.prototype.detachSocket = function detachSocket(socket) {
  socket.removeListener('close', onServerResponseClose);
  socket._httpMessage = null;
  this.socket = null;
};

ServerResponse.prototype.writeContinue = function writeContinue(callback) {
  this._writeRaw('HTTP/1.1 100 Continue\r\n\r\n', 'ascii', callback);
  this._sent100 = true;
};

ServerResponse.prototype.writeProcessing = function writeProcessing(callback) {
  this._writeRaw('HTTP/1.1 102 Processing\r\n\r\n', 'ascii', callback);
};

// One `Link` value: `<uri-reference>` and its `; param[=value]` list.
const linkValueRegExp = /^(?:<[^>]*>)(?:\s*;\s*[^;"\s]+(?:=(")?[^;"\s]*\1)?)*$/;

// The `Link` header of early hints: a link, or links joined with `, `.
function linkHeaderValue(hints) {
  const links = typeof hints === 'string' ? [hints] : hints;
  if (!Array.isArray(links) ||
      !links.every((link) => typeof link === 'string' && linkValueRegExp.test(link))) {
    throw new ERR_INVALID_ARG_VALUE(
      'hints', hints, 'must be an array or string of format "</styles.css>; rel=preload; as=style"');
  }
  return links.join(', ');
}

ServerResponse.prototype.writeEarlyHints = function writeEarlyHints(hints, callback) {
  validateObject(hints, 'hints');
  if (hints.link === null || hints.link === undefined) return;
  const link = linkHeaderValue(hints.link);
  if (link.length === 0) return;
  let head = `HTTP/1.1 103 Early Hints\r\nLink: ${link}\r\n`;
  for (const key of Object.keys(hints)) {
    if (key !== 'link') head += `${key}: ${hints[key]}\r\n`;
  }
  this._writeRaw(`${head}\r\n`, 'ascii', callback);
};

ServerResponse.prototype._implicitHeader = function _implicitHeader() {
  this.writeHead(this.statusCode);
};

ServerResponse.prototype.writeHead = function writeHead(statusCode, reason, obj) {
  if (this._header) throw new ERR_HTTP_HEADERS_SENT('write');
  const originalStatusCode = statusCode;
  statusCode |= 0;
  if (statusCode < 100 || statusCode > 999) {
    throw new ERR_HTTP_INVALID_STATUS_CODE(originalStatusCode);
  }
  if (typeof reason === 'string') {
    this.statusMessage = reason;
  } else {
    this.statusMessage ||= STATUS_CODES[statusCode] || 'unknown';
    obj ??= reason;
  }
  this.statusCode = statusCode;

  let headers;
  if (this[kOutHeaders]) {
    if (Array.isArray(obj)) {
      if (obj.length % 2 !== 0) throw new ERR_INVALID_ARG_VALUE('headers', obj);
      // These replace the headers set before, but may repeat a name among themselves.
      for (let n = 0; n < obj.length; n += 2) this.removeHeader(obj[n]);
      for (let n = 0; n < obj.length; n += 2) {
        if (obj[n]) this.appendHeader(obj[n], obj[n + 1]);
      }
    } else if (obj) {
      for (const key of Object.keys(obj)) {
        if (key) this.setHeader(key, obj[key]);
      }
    }
    headers = this[kOutHeaders];
  } else {
    headers = obj;
  }

  if (checkInvalidHeaderChar(this.statusMessage)) throw new ERR_INVALID_CHAR('statusMessage');
  const statusLine = `HTTP/1.1 ${statusCode} ${this.statusMessage}\r\n`;
  if (statusCode === 204 || statusCode === 304 || (statusCode >= 100 && statusCode <= 199)) {
    this._hasBody = false;
  }
  if (this._expect_continue && !this._sent100) this.shouldKeepAlive = false;
  this._storeHeader(statusLine, headers);
  return this;
};

ServerResponse.prototype.writeHeader = ServerResponse.prototype.writeHead;

// ---------------------------------------------------------------------------------------
// Server

function storeHTTPOptions(options) {
  this[kIncomingMessage] = options.IncomingMessage || IncomingMessage;
  this[kServerResponse] = options.ServerResponse || ServerResponse;

  const { maxHeaderSize } = options;
  if (maxHeaderSize !== undefined) validateInteger(maxHeaderSize, 'maxHeaderSize', 0);
  this.maxHeaderSize = maxHeaderSize;

  for (const name of ['insecureHTTPParser', 'requireHostHeader', 'joinDuplicateHeaders',
    'rejectNonStandardBodyWrites']) {
    if (options[name] !== undefined) validateBoolean(options[name], `options.${name}`);
  }
  this.insecureHTTPParser = options.insecureHTTPParser;
  this.requireHostHeader = options.requireHostHeader ?? true;
  this.joinDuplicateHeaders = options.joinDuplicateHeaders;
  this.rejectNonStandardBodyWrites = options.rejectNonStandardBodyWrites ?? false;
  this[kUniqueHeaders] = parseUniqueHeadersOption(options.uniqueHeaders);

  // The head's timeout defaults to 60 s, or the whole request's when that is shorter.
  const timeouts = [
    ['requestTimeout', () => 300_000],
    ['headersTimeout', () => Math.min(60_000, this.requestTimeout)],
    ['keepAliveTimeout', () => 5_000],
    ['connectionsCheckingInterval', () => 30_000],
  ];
  for (const [name, fallback] of timeouts) {
    const value = options[name];
    if (value !== undefined) validateInteger(value, name, 0);
    this[name] = value ?? fallback();
  }
  if (this.requestTimeout > 0 && this.headersTimeout > 0 &&
      this.headersTimeout > this.requestTimeout) {
    throw new ERR_OUT_OF_RANGE('headersTimeout', '<= requestTimeout', this.headersTimeout);
  }
}

function Server(options, requestListener) {
  if (!(this instanceof Server)) return new Server(options, requestListener);
  if (typeof options === 'function') {
    requestListener = options;
    options = {};
  } else if (options === undefined || options === null) {
    options = {};
  } else {
    validateObject(options, 'options');
  }
  storeHTTPOptions.call(this, options);
  net.Server.call(this, {
    allowHalfOpen: true,
    noDelay: options.noDelay ?? true,
    keepAlive: options.keepAlive,
    keepAliveInitialDelay: options.keepAliveInitialDelay,
    highWaterMark: options.highWaterMark,
  });
  this.on('connection', connectionListener);
  initHttpServer(this, requestListener);
}

// The HTTP state of a server, shared with `https.Server` (a TLS server whose secure
// connections go to `connectionListener`).
function initHttpServer(server, requestListener) {
  if (requestListener) server.on('request', requestListener);
  server.httpAllowHalfOpen = false;
  server.on('listening', setupConnectionsTracking);
  server.timeout = 0;
  server.maxHeadersCount = null;
  server.maxRequestsPerSocket = 0;
  server[kConnections] = new Set();
  server[kConnectionsCheckingInterval] = null;
}
Object.setPrototypeOf(Server.prototype, net.Server.prototype);
Object.setPrototypeOf(Server, net.Server);

Server.prototype.close = function close(callback) {
  httpServerPreClose(this);
  return net.Server.prototype.close.call(this, callback);
};

// With captureRejections, a rejected async 'request' listener answers 500 (without the
// headers it set) or, once the response is under way, destroys it.
Server.prototype[EventEmitter.captureRejectionSymbol] = function(err, event, ...args) {
  if (event !== 'request') {
    net.Server.prototype[EventEmitter.captureRejectionSymbol].call(this, err, event, ...args);
    return;
  }
  const res = args[1];
  if (!res.headersSent && !res.writableEnded) {
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.statusCode = 500;
    res.end(STATUS_CODES[500]);
  } else {
    res.destroy();
  }
};

Server.prototype[Symbol.asyncDispose] = function asyncDispose() {
  return new Promise((resolve, reject) => {
    this.close((error) => (error ? reject(error) : resolve()));
  });
};

Server.prototype.closeAllConnections = function closeAllConnections() {
  for (const socket of this[kConnections]) socket.destroy();
};

// Destroys the connections with no request in progress.
Server.prototype.closeIdleConnections = function closeIdleConnections() {
  for (const socket of this[kConnections]) {
    const state = socket[kState];
    if (state.incoming.length === 0 && !socket._httpMessage && !socket.parser?.receivingHead) {
      socket.destroy();
    }
  }
};

Server.prototype.setTimeout = function setTimeout(msecs, callback) {
  this.timeout = msecs;
  if (callback) this.on('timeout', callback);
  return this;
};

function httpServerPreClose(server) {
  server.closeIdleConnections();
  clearInterval(server[kConnectionsCheckingInterval]);
}

function setupConnectionsTracking() {
  clearInterval(this[kConnectionsCheckingInterval]);
  if (this.connectionsCheckingInterval <= 0) return;
  this[kConnectionsCheckingInterval] =
    setInterval(checkConnections.bind(this), this.connectionsCheckingInterval).unref();
}

// Ends the connections whose request head or whole request is overdue (408).
function checkConnections() {
  const now = Date.now();
  for (const socket of this[kConnections]) {
    const state = socket[kState];
    const parser = socket.parser;
    const headersOverdue = this.headersTimeout > 0 && parser?.receivingHead &&
      now - parser.headersStartedAt >= this.headersTimeout;
    const receiving = parser?.receivingHead || (parser?.incoming && !parser.incoming.complete);
    const requestOverdue = this.requestTimeout > 0 && receiving &&
      now - state.requestStartedAt >= this.requestTimeout;
    if (headersOverdue || requestOverdue) socketOnError.call(socket, new ERR_HTTP_REQUEST_TIMEOUT());
  }
}

function connectionListener(socket) {
  const server = this;
  // A socket handed in with `server.emit('connection', socket)` may come from elsewhere.
  socket.server = server;
  if (server.timeout && typeof socket.setTimeout === 'function') socket.setTimeout(server.timeout);
  socket.on('timeout', socketOnTimeout);

  const parser = parsers.alloc();
  parser.initialize(HTTPParser.REQUEST, server.maxHeaderSize || defaultMaxHeaderSize,
                    server.insecureHTTPParser ?? defaultInsecureHTTPParser);
  parser.socket = socket;
  parser.IncomingMessage = server[kIncomingMessage];
  parser.joinDuplicateHeaders = Boolean(server.joinDuplicateHeaders);
  if (typeof server.maxHeadersCount === 'number') parser.maxHeaderPairs = server.maxHeadersCount << 1;
  socket.parser = parser;

  const state = {
    onData: null,
    onEnd: null,
    onClose: null,
    onDrain: null,
    outgoing: [],
    incoming: [],
    outgoingData: 0,
    requestsCount: 0,
    keepAliveTimeoutSet: false,
    requestStartedAt: 0,
  };
  socket[kState] = state;
  state.onData = (data) => socketOnData(server, socket, parser, state, data);
  state.onEnd = () => socketOnEnd(server, socket, parser, state);
  state.onClose = () => socketOnClose(server, socket, parser, state);
  state.onDrain = () => socketOnDrain(socket, state);
  socket.on('data', state.onData);
  socket.on('error', socketOnError);
  socket.on('end', state.onEnd);
  socket.on('close', state.onClose);
  socket.on('drain', state.onDrain);
  parser.onIncoming = (req, keepAlive) => parserOnIncoming(server, socket, state, req, keepAlive);

  // The parser reads bytes: a decoding socket would hand it text (RFC 7230 section 3).
  socket.setEncoding = socketSetEncoding;

  server[kConnections].add(socket);
  socket._paused = false;
}

function socketSetEncoding() {
  throw new ERR_HTTP_SOCKET_ENCODING();
}

function socketOnData(server, socket, parser, state, data) {
  if (parser.state === 'head' && !parser.receivingHead) state.requestStartedAt = Date.now();
  const ret = parser.execute(data);
  onParserExecuteCommon(server, socket, parser, state, ret, data);
}

function onParserExecuteCommon(server, socket, parser, state, ret, data) {
  if (ret instanceof Error) {
    socketOnError.call(socket, ret);
    return;
  }
  const req = parser.incoming;
  if (parser.state === 'upgraded' && req?.upgrade) {
    const eventName = req.method === 'CONNECT' ? 'connect' : 'upgrade';
    if (eventName === 'upgrade' || server.listenerCount(eventName) > 0) {
      unhookSocket(server, socket, state);
      freeParser(parser, req, socket);
      const bodyHead = data.subarray(ret);
      socket.readableFlowing = null;
      server.emit(eventName, req, socket, bodyHead);
    } else {
      socket.destroy();
    }
  }
}

// Hands the connection over: the server no longer reads or manages it.
function unhookSocket(server, socket, state) {
  socket.removeListener('data', state.onData);
  socket.removeListener('end', state.onEnd);
  socket.removeListener('close', state.onClose);
  socket.removeListener('drain', state.onDrain);
  socket.removeListener('error', socketOnError);
  socket.removeListener('timeout', socketOnTimeout);
  server[kConnections].delete(socket);
}

function socketOnEnd(server, socket, parser, state) {
  const ret = parser.finish();
  if (ret instanceof Error) {
    socketOnError.call(socket, ret);
  } else if (!server.httpAllowHalfOpen) {
    abortIncoming(state.incoming);
    if (socket.writable) socket.end();
  } else if (state.outgoing.length) {
    state.outgoing[state.outgoing.length - 1]._last = true;
  } else if (socket._httpMessage) {
    socket._httpMessage._last = true;
  } else if (socket.writable) {
    socket.end();
  }
}

function socketOnClose(server, socket, parser, state) {
  server[kConnections].delete(socket);
  freeParser(parser, null, socket);
  abortIncoming(state.incoming);
}

function abortIncoming(incoming) {
  while (incoming.length) {
    const req = incoming.shift();
    req.destroy(connResetException('aborted'));
  }
}

function socketOnDrain(socket, state) {
  const needPause = state.outgoingData > socket.writableHighWaterMark;
  if (socket._paused && !needPause) {
    socket._paused = false;
    socket.resume();
  }
  const msg = socket._httpMessage;
  if (msg && !msg.finished && msg.writableNeedDrain) {
    msg[kNeedDrain] = false;
    msg.emit('drain');
  }
}

function socketOnTimeout() {
  const req = this.parser?.incoming;
  const reqTimeout = req && !req.complete && req.emit('timeout', this);
  const res = this._httpMessage;
  const resTimeout = res && res.emit('timeout', this);
  const serverTimeout = this.server.emit('timeout', this);
  if (!reqTimeout && !resTimeout && !serverTimeout) this.destroy();
}

// A connection-level error: 'clientError' handles it, or the server answers with a bare
// error response when nothing was sent yet, and drops the connection.
function socketOnError(err) {
  this.removeListener('error', socketOnError);
  if (this.listenerCount('error') === 0) this.on('error', () => {});
  if (this.server.emit('clientError', err, this)) return;
  if (this.writable && (!this._httpMessage || !this._httpMessage._headerSent)) {
    let response;
    switch (err.code) {
      case 'HPE_HEADER_OVERFLOW':
        response = requestHeaderFieldsTooLargeResponse;
        break;
      case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
        response = requestChunkExtensionsTooLargeResponse;
        break;
      case 'ERR_HTTP_REQUEST_TIMEOUT':
        response = requestTimeoutResponse;
        break;
      default:
        response = badRequestResponse;
    }
    // The answer must reach the peer before the connection goes.
    this.end(response, () => this.destroy(err));
    return;
  }
  this.destroy(err);
}

function updateOutgoingData(socket, state, delta) {
  state.outgoingData += delta;
  if (socket._paused && state.outgoingData < socket.writableHighWaterMark) {
    socket._paused = false;
    socket.resume();
  }
}

function parserOnIncoming(server, socket, state, req, keepAlive) {
  if (state.keepAliveTimeoutSet) {
    socket.setTimeout(server.timeout || 0);
    state.keepAliveTimeoutSet = false;
  }
  if (req.upgrade) {
    req.upgrade = req.method === 'CONNECT' || server.listenerCount('upgrade') > 0;
    if (req.upgrade) return kUpgrade;
  }

  state.incoming.push(req);
  // Pipelined requests wait while earlier responses are still being written.
  if (!socket._paused) {
    const ws = socket._writableState;
    if (ws.needDrain || state.outgoingData >= socket.writableHighWaterMark) {
      socket._paused = true;
      socket.pause();
    }
  }

  const res = new server[kServerResponse](req, {
    highWaterMark: socket.writableHighWaterMark,
    rejectNonStandardBodyWrites: server.rejectNonStandardBodyWrites,
  });
  res._keepAliveTimeout = server.keepAliveTimeout;
  res._maxRequestsPerSocket = server.maxRequestsPerSocket;
  res._onPendingData = (delta) => updateOutgoingData(socket, state, delta);
  res.shouldKeepAlive = keepAlive;
  res[kUniqueHeaders] = server[kUniqueHeaders];

  if (socket._httpMessage) state.outgoing.push(res);
  else res.assignSocket(socket);

  res.on('finish', () => resOnFinish(req, res, socket, state, server));
  if (onRequestStartChannel.hasSubscribers) {
    onRequestStartChannel.publish({ request: req, response: res, socket, server });
  }

  let handled = false;
  if (req.httpVersionMajor === 1 && req.httpVersionMinor === 1) {
    if (server.requireHostHeader && req.headers.host === undefined) {
      res.writeHead(400, ['Connection', 'close']);
      res.end();
      return kReadBody;
    }
    const limited = typeof server.maxRequestsPerSocket === 'number' &&
      server.maxRequestsPerSocket > 0;
    if (limited) {
      state.requestsCount++;
      res.maxRequestsOnConnectionReached = server.maxRequestsPerSocket <= state.requestsCount;
    }
    if (limited && server.maxRequestsPerSocket < state.requestsCount) {
      handled = true;
      server.emit('dropRequest', req, socket);
      res.writeHead(503);
      res.end();
    } else if (req.headers.expect !== undefined) {
      handled = true;
      if (continueExpression.test(req.headers.expect)) {
        res._expect_continue = true;
        if (server.listenerCount('checkContinue') > 0) {
          server.emit('checkContinue', req, res);
        } else {
          res.writeContinue();
          server.emit('request', req, res);
        }
      } else if (server.listenerCount('checkExpectation') > 0) {
        server.emit('checkExpectation', req, res);
      } else {
        res.writeHead(417);
        res.end();
      }
    }
  }
  if (!handled) server.emit('request', req, res);
  return kReadBody;
}

function resOnFinish(req, res, socket, state, server) {
  if (onResponseFinishChannel.hasSubscribers) {
    onResponseFinishChannel.publish({ request: req, response: res, socket, server });
  }
  state.incoming.shift();
  if (!req._consuming && !req._readableState.resumeScheduled) req._dump();
  res.detachSocket(socket);
  clearIncoming(req);
  process.nextTick(emitCloseNT, res);
  if (res._last) {
    if (typeof socket.destroySoon === 'function') socket.destroySoon();
    else socket.end();
  } else if (state.outgoing.length === 0) {
    if (server.keepAliveTimeout && typeof socket.setTimeout === 'function') {
      socket.setTimeout(server.keepAliveTimeout);
      state.keepAliveTimeoutSet = true;
    }
  } else {
    state.outgoing.shift().assignSocket(socket);
  }
}

// The parser lets go of a finished request (once it has ended) so that it can be collected.
function clearIncoming(req) {
  const parser = req.socket?.parser;
  if (!parser || parser.incoming !== req) return;
  if (req.readableEnded) parser.incoming = null;
  else req.once('end', () => clearIncoming(req));
}

function createServer(options, requestListener) {
  return new Server(options, requestListener);
}

module.exports = {
  STATUS_CODES,
  Server,
  ServerResponse,
  _connectionListener: connectionListener,
  createServer,
  httpServerPreClose,
  initHttpServer,
  kConnectionsCheckingInterval,
  kIncomingMessage,
  kServerResponse,
  linkHeaderValue,
  storeHTTPOptions,
};
