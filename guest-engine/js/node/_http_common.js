// _http_common — what the HTTP server and client share: `HTTPParser`, which turns a
// connection's bytes into messages (heads parsed by binding('http_parser'), bodies framed
// by Content-Length, chunked coding or the end of the connection), the pool of idle parsers
// (`setMaxIdleHTTPParsers`), the hooks that fill an IncomingMessage from a parser, and the
// token and header-value checks.

const { Buffer } = require('buffer');
const { kHeadersCount } = require('_http_incoming');
const parserBinding = binding('http_parser');

const methods = parserBinding.methods;

// `--max-http-header-size` (16 KiB unless the command line sets it) and
// `--insecure-http-parser`, the defaults of servers and clients that set neither.
let maxHeaderSize = 16 * 1024;
let insecureHTTPParser = false;
for (const option of process.execArgv ?? []) {
  if (option.startsWith('--max-http-header-size=')) {
    const value = Number(option.slice(option.indexOf('=') + 1));
    if (Number.isInteger(value) && value >= 0) maxHeaderSize = value;
  } else if (option === '--insecure-http-parser') {
    insecureHTTPParser = true;
  }
}

// What `onHeadersComplete` may answer: read the body, skip it (HEAD responses,
// informational responses), or hand the connection over (Upgrade, CONNECT).
const kReadBody = 0;
const kSkipBody = 1;
const kUpgrade = 2;

const EMPTY = Buffer.alloc(0);

// Node's parser errors (the ones the binding throws have the same shape).
function parseError(code, reason) {
  const err = new Error(`Parse Error: ${reason}`);
  err.code = code;
  err.reason = reason;
  return err;
}

// Whether `err` is the parser's (or the binding's) verdict on the bytes.
function isParseError(err) {
  return typeof err?.code === 'string' && err.code.startsWith('HPE_');
}

// The error of a connection reset under a message (`socket hang up`, `aborted`).
function connResetException(message) {
  const err = new Error(message);
  err.code = 'ECONNRESET';
  return err;
}

class HTTPParser {
  static REQUEST = 1;
  static RESPONSE = 2;

  constructor() {
    this.initialize(HTTPParser.REQUEST, maxHeaderSize, insecureHTTPParser);
  }

  // Readies the parser for a new connection (or a reuse from the pool). `lenient` is
  // `insecureHTTPParser`.
  initialize(kind, headerLimit, lenient) {
    this.kind = kind;
    this.maxHeaderSize = headerLimit;
    this.lenient = lenient;
    // Header lines past this many name/value entries are left out of `headers`.
    this.maxHeaderPairs = 4000;
    this.joinDuplicateHeaders = false;
    this.state = 'head';
    this.pending = EMPTY;
    this.remaining = 0;
    this.socket = null;
    this.incoming = null;
    this.outgoing = null;
    this.onIncoming = null;
    // The IncomingMessage class messages are made of (a server's may be its own).
    this.IncomingMessage = null;
    this.headersStartedAt = 0;
    // The parse error that stopped this parser: later bytes get it again, as from llhttp.
    this.error = null;
  }

  // Feeds `data`; returns its length, the offset where an upgraded connection's own bytes
  // start, or the parse error (with `bytesParsed` and `rawPacket`).
  execute(data) {
    if (this.error !== null) {
      const err = parseError(this.error.code, this.error.reason);
      err.bytesParsed = 0;
      err.rawPacket = data;
      return err;
    }
    const carried = this.pending.length;
    const buf = carried === 0 ? data : Buffer.concat([this.pending, data]);
    this.pending = EMPTY;
    let offset = 0;
    try {
      while (offset < buf.length && this.state !== 'upgraded' && this.state !== 'error') {
        const step = this.step(buf, offset);
        if (step === null) {
          this.pending = Buffer.from(buf.subarray(offset));
          break;
        }
        offset = step;
      }
    } catch (err) {
      this.state = 'error';
      if (!isParseError(err)) {
        // A callback (the request handler, a 'data' listener) threw: the exception is the
        // caller's, and the parser, as llhttp's after a failed callback, takes no more.
        this.error = parseError('HPE_USER', 'User callback error');
        throw err;
      }
      this.error = err;
      // The binding's errors say where in the piece they were given they stopped.
      err.bytesParsed = Math.max(0, offset + (err.bytesParsed ?? 0) - carried);
      err.rawPacket = data;
      return err;
    }
    if (this.state === 'upgraded') return offset - carried;
    return data.length;
  }

  // Parses one piece at `offset`: the new offset, or null when more bytes are needed.
  step(buf, offset) {
    const rest = buf.subarray(offset);
    switch (this.state) {
      case 'head': {
        if (this.headersStartedAt === 0) this.headersStartedAt = Date.now();
        const head = this.kind === HTTPParser.REQUEST ?
          parserBinding.parseRequest(rest, this.maxHeaderSize, this.lenient) :
          parserBinding.parseResponse(rest, this.maxHeaderSize, this.lenient);
        if (head === null) return null;
        this.headersStartedAt = 0;
        this.headComplete(head);
        if (this.state === 'error') {
          const err = parseError('HPE_INVALID_TRANSFER_ENCODING',
                                 'Request has invalid `Transfer-Encoding`');
          err.bytesParsed = head.bytesParsed;
          throw err;
        }
        return offset + head.bytesParsed;
      }
      case 'body':
      case 'chunk-data': {
        const n = Math.min(this.remaining, rest.length);
        this.remaining -= n;
        if (this.state === 'chunk-data' && this.remaining === 0) this.state = 'chunk-end';
        else if (this.remaining === 0) this.state = 'complete';
        this.onBody(rest.subarray(0, n));
        if (this.state === 'complete') this.messageComplete([]);
        return offset + n;
      }
      case 'chunk-size': {
        const size = parserBinding.parseChunkSize(rest);
        if (size === null) return null;
        this.state = size[1] === 0 ? 'trailers' : 'chunk-data';
        this.remaining = size[1];
        return offset + size[0];
      }
      case 'chunk-end': {
        const lf = rest[0] === 0x0a ? 1 : rest[0] === 0x0d && rest[1] === 0x0a ? 2 : 0;
        if (lf === 0) {
          if (rest.length < 2 && rest[0] === 0x0d) return null;
          throw parseError('HPE_STRICT', 'Expected LF after chunk data');
        }
        this.state = 'chunk-size';
        return offset + lf;
      }
      case 'trailers': {
        const trailers = parserBinding.parseTrailers(rest, this.maxHeaderSize, this.lenient);
        if (trailers === null) return null;
        this.messageComplete(trailers.rawHeaders);
        return offset + trailers.bytesParsed;
      }
      default: // 'until-eof'
        this.onBody(rest);
        return buf.length;
    }
  }

  headComplete(head) {
    const skip = this.onHeadersComplete(head);
    // llhttp reports a request whose Transfer-Encoding does not end in `chunked`, then
    // refuses its body (it could not tell where the body ends).
    if (this.kind === HTTPParser.REQUEST && head.unchunkedTransferEncoding && !this.lenient) {
      this.state = 'error';
      return;
    }
    if (skip === kUpgrade) {
      this.state = 'upgraded';
      return;
    }
    const noBody = skip === kSkipBody || (this.kind === HTTPParser.RESPONSE &&
      (head.statusCode < 200 || head.statusCode === 204 || head.statusCode === 304));
    if (noBody || head.contentLength === 0) {
      this.messageComplete([]);
    } else if (head.chunked) {
      this.state = 'chunk-size';
    } else if (head.contentLength !== null) {
      this.state = 'body';
      this.remaining = head.contentLength;
    } else if (this.kind === HTTPParser.RESPONSE) {
      this.state = 'until-eof';
    } else {
      this.messageComplete([]);
    }
  }

  messageComplete(rawTrailers) {
    this.state = 'head';
    this.onMessageComplete(rawTrailers);
  }

  // The connection ended: completes a body that runs to the end of the connection; an
  // error when a message was cut short.
  finish() {
    if (this.state === 'until-eof') {
      this.messageComplete([]);
      return undefined;
    }
    // Between messages, only the blank lines a peer may send after a body can be pending.
    const betweenMessages = this.state === 'head' &&
      this.pending.every((byte) => byte === 0x0d || byte === 0x0a);
    if (betweenMessages || this.state === 'upgraded' || this.state === 'error') {
      return undefined;
    }
    this.state = 'error';
    return parseError('HPE_INVALID_EOF_STATE', 'Invalid EOF state');
  }

  // The head of the message being parsed arrived and is not complete yet.
  get receivingHead() {
    return this.state === 'head' && this.headersStartedAt !== 0;
  }

  onHeadersComplete(head) {
    const socket = this.socket;
    const incoming = this.incoming = new (this.IncomingMessage)(socket);
    incoming.httpVersionMajor = head.versionMajor;
    incoming.httpVersionMinor = head.versionMinor;
    incoming.httpVersion = `${head.versionMajor}.${head.versionMinor}`;
    incoming.joinDuplicateHeaders = this.joinDuplicateHeaders;
    incoming.rawHeaders = head.rawHeaders;
    incoming[kHeadersCount] = this.maxHeaderPairs > 0 ?
      Math.min(head.rawHeaders.length, this.maxHeaderPairs) : head.rawHeaders.length;
    if (this.kind === HTTPParser.REQUEST) {
      incoming.method = head.method;
      incoming.url = head.url;
    } else {
      incoming.statusCode = head.statusCode;
      incoming.statusMessage = head.statusMessage;
    }
    incoming.upgrade = head.upgrade;
    return this.onIncoming(incoming, head.shouldKeepAlive);
  }

  onBody(chunk) {
    const stream = this.incoming;
    if (stream === null || stream._dumped) return;
    if (!stream.push(chunk) && this.socket !== null) this.socket.pause();
  }

  onMessageComplete(rawTrailers) {
    const stream = this.incoming;
    if (stream === null) return;
    stream.complete = true;
    if (rawTrailers.length > 0) stream.rawTrailers = rawTrailers;
    stream.push(null);
  }
}

// Times an exchange for the 'http' performance observers (perf_hooks): `HttpClient` from a
// request's end to its response's head, `HttpRequest` from a request's head to the end of
// its response. Returns the function that ends it with what the outcome adds to `detail`,
// or undefined when nobody observes 'http'.
function timeHttpExchange(name, detail) {
  return require('perf_hooks')[Symbol.for('secure-exec.perf.timeOperation')]('http', name, detail);
}

// Idle parsers kept for reuse, up to `max` (`http.setMaxIdleHTTPParsers`).
const parsers = {
  max: 1000,
  idle: [],
  alloc() {
    return this.idle.pop() ?? new HTTPParser();
  },
  free(parser) {
    if (this.idle.length < this.max) this.idle.push(parser);
  },
};

// Detaches `parser` from its connection and returns it to the pool.
function freeParser(parser, req, socket) {
  parser.initialize(parser.kind, maxHeaderSize, insecureHTTPParser);
  parsers.free(parser);
  if (req) req.parser = null;
  if (socket) socket.parser = null;
}

const tokenRegExp = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
function checkIsHttpToken(value) {
  return tokenRegExp.test(value);
}

const headerCharRegex = /[^\t\x20-\x7e\x80-\xff]/;
function checkInvalidHeaderChar(value) {
  return headerCharRegex.test(value);
}

module.exports = {
  CRLF: '\r\n',
  HTTPParser,
  _checkInvalidHeaderChar: checkInvalidHeaderChar,
  _checkIsHttpToken: checkIsHttpToken,
  connResetException,
  chunkExpression: /(?:^|\W)chunked(?:$|\W)/i,
  continueExpression: /(?:^|\W)100-continue(?:$|\W)/i,
  freeParser,
  insecureHTTPParser,
  kReadBody,
  kSkipBody,
  kUpgrade,
  maxHeaderSize,
  methods,
  parsers,
  timeHttpExchange,
};
