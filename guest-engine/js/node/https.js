// https — `node:https`: `Server`/`createServer` (an HTTP server over a `tls.Server`) and
// the client: `request`/`get` and an `Agent` whose connections are TLS connections, and
// which keeps the newest TLS session of each pool to resume it (`maxCachedSessions`).
//
// Who does TLS for the client: a request to a host outside the sandbox's loopback that sets
// no TLS options of its own (no `ca`, `cert`, `key`, `rejectUnauthorized: false`, ...) gets
// a connection the kernel's host wraps in TLS (`net` connects with the server name; the
// host verifies the server's certificate for it and the guest reads and writes plaintext),
// so that the egress policy can check the TLS server name. Every other connection —
// loopback destinations (127.0.0.0/8, ::1, localhost: servers in the sandbox live there)
// and requests with their own TLS settings — is made with `tls.connect`, TLS inside the
// engine. Servers always use the engine's TLS.

const net = require('net');
const tls = require('tls');
const { Agent: HttpAgent } = require('_http_agent');
const { ClientRequest } = require('_http_client');
const {
  Server: HttpServer,
  _connectionListener: httpConnectionListener,
  initHttpServer,
  storeHTTPOptions,
} = require('_http_server');
const { URL, isURL, urlToHttpOptions } = require('internal/url');
const { validateObject } = require('internal/errors');

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
  options = { ...options };
  if (!options.ALPNProtocols && !options.ALPNCallback) options.ALPNProtocols = ['http/1.1'];
  storeHTTPOptions.call(this, options);
  tls.Server.call(this, { noDelay: true, ...options }, httpConnectionListener);
  initHttpServer(this, requestListener);
  this.on('tlsClientError', function onTlsClientError(error, socket) {
    if (!this.emit('clientError', error, socket)) socket.destroy(error);
  });
}
Object.setPrototypeOf(Server.prototype, tls.Server.prototype);
Object.setPrototypeOf(Server, tls.Server);

for (const key of ['close', 'closeAllConnections', 'closeIdleConnections', 'setTimeout',
  Symbol.asyncDispose]) {
  Server.prototype[key] = HttpServer.prototype[key];
}

function createServer(options, requestListener) {
  return new Server(options, requestListener);
}

// Options that only the engine's TLS can honour.
const ENGINE_TLS_OPTIONS = [
  'ca', 'cert', 'key', 'pfx', 'passphrase', 'ciphers', 'secureContext', 'checkServerIdentity',
  'minVersion', 'maxVersion', 'secureProtocol', 'ALPNProtocols', 'ecdhCurve', 'sigalgs', 'crl',
];

function isLoopback(host) {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const address = host.startsWith('[') ? host.slice(1, -1) : host;
  if (net.isIPv4(address)) return address.startsWith('127.');
  if (net.isIPv6(address)) {
    const canonical = new net.SocketAddress({ address, family: 'ipv6' }).address;
    return canonical === '::1' || /^::ffff:127\./.test(canonical);
  }
  return false;
}

function hostDoesTls(options) {
  if (isLoopback(options.host || 'localhost')) return false;
  if (options.rejectUnauthorized === false) return false;
  return ENGINE_TLS_OPTIONS.every((name) => options[name] === undefined || options[name] === null);
}

function createConnection(options) {
  if (hostDoesTls(options)) return hostTlsConnection(options);
  const key = options._agentKey;
  if (!key) return tls.connect(options);
  const session = this._getSession(key);
  const socket = tls.connect(session ? { session, ...options } : options);
  socket.on('session', (newSession) => this._cacheSession(key, newSession));
  socket.once('close', (hadError) => {
    if (hadError) this._evictSession(key);
  });
  return socket;
}

// A connection the host wraps in TLS for `options.servername` (or the host name).
function hostTlsConnection(options) {
  const socket = new net.Socket({ allowHalfOpen: options.allowHalfOpen });
  const servername = options.servername || options.host;
  socket._tlsServerName = servername;
  socket.servername = servername;
  socket.encrypted = true;
  socket.authorized = false;
  socket.alpnProtocol = false;
  socket.once('connect', () => {
    // Connected means the host completed the handshake and accepted the certificate.
    socket.authorized = true;
    socket.emit('secureConnect');
  });
  if (options.timeout !== undefined) socket.setTimeout(options.timeout);
  return socket.connect(options);
}

function Agent(options) {
  if (!(this instanceof Agent)) return new Agent(options);
  HttpAgent.call(this, options);
  this.defaultPort = 443;
  this.protocol = 'https:';
  this.maxCachedSessions = this.options.maxCachedSessions ?? 100;
  this._sessionCache = { map: {}, list: [] };
}
Object.setPrototypeOf(Agent.prototype, HttpAgent.prototype);
Object.setPrototypeOf(Agent, HttpAgent);

Agent.prototype.createConnection = createConnection;

Agent.prototype._getSession = function _getSession(key) {
  return this._sessionCache.map[key];
};

// Keeps `session` for the pool `key`; the oldest pool's session goes when the cache is full.
Agent.prototype._cacheSession = function _cacheSession(key, session) {
  if (this.maxCachedSessions === 0) return;
  const cache = this._sessionCache;
  if (cache.map[key]) {
    cache.map[key] = session;
    return;
  }
  if (cache.list.length >= this.maxCachedSessions) delete cache.map[cache.list.shift()];
  cache.list.push(key);
  cache.map[key] = session;
};

Agent.prototype._evictSession = function _evictSession(key) {
  const index = this._sessionCache.list.indexOf(key);
  if (index === -1) return;
  this._sessionCache.list.splice(index, 1);
  delete this._sessionCache.map[key];
};

// Connections to one origin are shared only between requests with the same TLS settings.
// The TLS settings of a pool's key, in Node's order: truthy ones as given, `defined` ones
// whenever set (false and 0 count), `sigalgs` as JSON, `servername` when it is not the host.
const TLS_NAME_FIELDS = [
  ['ca'], ['cert'], ['clientCertEngine'], ['ciphers'], ['key'], ['pfx'],
  ['rejectUnauthorized', 'defined'], ['servername', 'servername'], ['minVersion'],
  ['maxVersion'], ['secureProtocol'], ['crl'], ['honorCipherOrder', 'defined'], ['ecdhCurve'],
  ['dhparam'], ['secureOptions', 'defined'], ['sessionIdContext'], ['sigalgs', 'json'],
  ['privateKeyIdentifier'], ['privateKeyEngine'],
];

Agent.prototype.getName = function getName(options = {}) {
  let name = HttpAgent.prototype.getName.call(this, options);
  for (const [field, kind] of TLS_NAME_FIELDS) {
    const value = options[field];
    name += ':';
    if (kind === 'defined') {
      if (value !== undefined) name += value;
    } else if (kind === 'servername') {
      if (value && value !== options.host) name += value;
    } else if (value) {
      name += kind === 'json' ? JSON.stringify(value) : value;
    }
  }
  return name;
};

let globalAgent = new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 });

function request(...args) {
  let options = {};
  if (typeof args[0] === 'string') {
    options = urlToHttpOptions(new URL(args.shift()));
  } else if (isURL(args[0])) {
    options = urlToHttpOptions(args.shift());
  }
  if (args[0] && typeof args[0] !== 'function') Object.assign(options, args.shift());
  options._defaultAgent = globalAgent;
  return new ClientRequest(options, ...args);
}

function get(...args) {
  const req = request(...args);
  req.end();
  return req;
}

module.exports = { Agent, Server, createServer, get, request };

Object.defineProperty(module.exports, 'globalAgent', {
  configurable: true,
  enumerable: true,
  get() {
    return globalAgent;
  },
  set(value) {
    globalAgent = value;
  },
});
