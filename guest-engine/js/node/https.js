// https — `node:https`, client side: `request`/`get` and an `Agent` whose connections are
// TLS connections made by the kernel's host (`net` connects with the server name; the host
// verifies the server's certificate for it, and the guest reads and writes plaintext). The
// sandbox has no TLS server: `createServer` and `Server` throw ERR_METHOD_NOT_IMPLEMENTED.

const net = require('net');
const { Agent: HttpAgent } = require('_http_agent');
const { ClientRequest } = require('_http_client');
const { URL, isURL, urlToHttpOptions } = require('internal/url');
const { codes: { ERR_METHOD_NOT_IMPLEMENTED } } = require('internal/errors');

// A connection the host wraps in TLS for `options.servername` (or the host name).
function createConnection(options) {
  const socket = new net.Socket({ allowHalfOpen: options.allowHalfOpen });
  const servername = options.servername || options.host || 'localhost';
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
}
Object.setPrototypeOf(Agent.prototype, HttpAgent.prototype);
Object.setPrototypeOf(Agent, HttpAgent);

Agent.prototype.createConnection = createConnection;

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

function createServer() {
  throw new ERR_METHOD_NOT_IMPLEMENTED('https.createServer');
}

function Server() {
  throw new ERR_METHOD_NOT_IMPLEMENTED('https.Server');
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
