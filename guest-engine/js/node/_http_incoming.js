// _http_incoming — `IncomingMessage`: a request a server received or a response a client
// received, as a Readable of its body. The parser fills in the head and pushes the body;
// reading resumes the connection that backpressure paused. Headers are lower-cased and
// duplicates combined the way Node does (set-cookie as an array, cookie joined with '; ',
// single-valued fields keeping the first, others joined with ', ').

const { Readable, finished } = require('stream');

const kHeaders = Symbol('kHeaders');
const kHeadersDistinct = Symbol('kHeadersDistinct');
const kTrailers = Symbol('kTrailers');
const kTrailersDistinct = Symbol('kTrailersDistinct');
// How many rawHeaders entries make `headers` (the parser's maxHeaderPairs).
const kHeadersCount = Symbol('kHeadersCount');

// Fields whose duplicates Node drops (the first value wins).
const singleValued = new Set([
  'content-type', 'content-length', 'user-agent', 'referer', 'host', 'authorization',
  'proxy-authorization', 'if-modified-since', 'if-unmodified-since', 'from', 'location',
  'max-forwards', 'retry-after', 'etag', 'last-modified', 'server', 'age', 'expires',
]);

function IncomingMessage(socket) {
  let streamOptions;
  if (socket) streamOptions = { highWaterMark: socket.readableHighWaterMark };
  Readable.call(this, streamOptions);
  this._readableState.readingMore = true;

  this.socket = socket;
  this.httpVersionMajor = null;
  this.httpVersionMinor = null;
  this.httpVersion = null;
  this.complete = false;
  this.rawHeaders = [];
  this.rawTrailers = [];
  this.joinDuplicateHeaders = false;
  this.aborted = false;
  this.upgrade = null;
  this.url = '';
  this.method = null;
  this.statusCode = null;
  this.statusMessage = null;
  this.client = socket;
  this._consuming = false;
  this._dumped = false;
  this[kHeaders] = null;
  this[kHeadersDistinct] = null;
  this[kTrailers] = null;
  this[kTrailersDistinct] = null;
  this[kHeadersCount] = Infinity;
}
Object.setPrototypeOf(IncomingMessage.prototype, Readable.prototype);
Object.setPrototypeOf(IncomingMessage, Readable);

function headersObject(message, raw, count) {
  const headers = {};
  for (let i = 0; i < Math.min(raw.length, count); i += 2) {
    message._addHeaderLine(raw[i], raw[i + 1], headers);
  }
  return headers;
}

function distinctObject(raw) {
  const headers = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (headers[name] === undefined) headers[name] = [raw[i + 1]];
    else headers[name].push(raw[i + 1]);
  }
  return headers;
}

Object.defineProperties(IncomingMessage.prototype, {
  headers: {
    get() {
      this[kHeaders] ??= headersObject(this, this.rawHeaders, this[kHeadersCount]);
      return this[kHeaders];
    },
    set(value) {
      this[kHeaders] = value;
    },
    configurable: true,
    enumerable: true,
  },
  headersDistinct: {
    get() {
      this[kHeadersDistinct] ??= distinctObject(this.rawHeaders);
      return this[kHeadersDistinct];
    },
    set(value) {
      this[kHeadersDistinct] = value;
    },
    configurable: true,
    enumerable: true,
  },
  trailers: {
    get() {
      this[kTrailers] ??= headersObject(this, this.rawTrailers, Infinity);
      return this[kTrailers];
    },
    set(value) {
      this[kTrailers] = value;
    },
    configurable: true,
    enumerable: true,
  },
  trailersDistinct: {
    get() {
      this[kTrailersDistinct] ??= distinctObject(this.rawTrailers);
      return this[kTrailersDistinct];
    },
    set(value) {
      this[kTrailersDistinct] = value;
    },
    configurable: true,
    enumerable: true,
  },
  connection: {
    get() {
      return this.socket;
    },
    set(value) {
      this.socket = value;
    },
    configurable: true,
  },
});

IncomingMessage.prototype.setTimeout = function setTimeout(msecs, callback) {
  if (callback) this.on('timeout', callback);
  this.socket.setTimeout(msecs);
  return this;
};

IncomingMessage.prototype._read = function _read() {
  if (!this._consuming) {
    this._readableState.readingMore = false;
    this._consuming = true;
  }
  const socket = this.socket;
  if (socket && socket.readable && socket.isPaused()) socket.resume();
};

// A message destroyed before its end aborts, and takes its connection down with it.
IncomingMessage.prototype._destroy = function _destroy(err, cb) {
  if (!this.readableEnded || !this.complete) {
    this.aborted = true;
    this.emit('aborted');
  }
  const socket = this.socket;
  if (socket && !socket.destroyed && this.aborted) {
    socket.destroy(err);
    const cleanup = finished(socket, (e) => {
      if (e?.code === 'ERR_STREAM_PREMATURE_CLOSE') e = null;
      cleanup();
      process.nextTick(onError, this, e || err, cb);
    });
  } else {
    process.nextTick(onError, this, err, cb);
  }
};

// Errors reach an IncomingMessage's 'error' only when somebody listens for them.
function onError(message, error, cb) {
  if (message.listenerCount('error') === 0) cb();
  else cb(error);
}

// Adds one header line to `dest` with Node's rules for repeated fields.
IncomingMessage.prototype._addHeaderLine = function _addHeaderLine(field, value, dest) {
  const name = field.toLowerCase();
  const existing = dest[name];
  if (name === 'set-cookie') {
    if (existing === undefined) dest[name] = [value];
    else existing.push(value);
  } else if (existing === undefined) {
    dest[name] = value;
  } else if (name === 'cookie') {
    dest[name] = `${existing}; ${value}`;
  } else if (this.joinDuplicateHeaders) {
    dest[name] = `${existing}, ${value}`;
  } else if (!singleValued.has(name)) {
    dest[name] = `${existing}, ${value}`;
  }
};

// Discards the body nobody will read, so the connection can go on.
IncomingMessage.prototype._dump = function _dump() {
  if (this._dumped) return;
  this._dumped = true;
  this.removeAllListeners('data');
  this.resume();
};

module.exports = { IncomingMessage, kHeadersCount };
