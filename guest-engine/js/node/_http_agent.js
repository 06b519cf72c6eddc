// _http_agent — `Agent`: the client's connection pool. It opens sockets with
// `createConnection` (net's for http, the TLS one for https), keeps at most `maxSockets`
// per origin (`host:port:localAddress`) and queues requests past that, and with
// `keepAlive` parks finished sockets in `freeSockets` (up to `maxFreeSockets`, unref'd) for
// the next request to the same origin. Also `globalAgent`.

const EventEmitter = require('events');
const net = require('net');
const {
  codes: { ERR_INVALID_ARG_TYPE },
  validateNumber,
  validateOneOf,
} = require('internal/errors');

const kRequestOptions = Symbol('requestOptions');

// A parked socket's error only destroys it: no request is there to hear about it.
function freeSocketErrorListener() {
  this.destroy();
  this.emit('agentRemove');
}

function Agent(options) {
  if (!(this instanceof Agent)) return new Agent(options);
  EventEmitter.call(this);
  this.defaultPort = 80;
  this.protocol = 'http:';
  this.options = { __proto__: null, ...options };
  if (this.options.noDelay === undefined) this.options.noDelay = true;
  // Requests' paths must not become connection paths.
  this.options.path = null;
  this.requests = { __proto__: null };
  this.sockets = { __proto__: null };
  this.freeSockets = { __proto__: null };
  this.keepAliveMsecs = this.options.keepAliveMsecs || 1000;
  this.keepAlive = this.options.keepAlive || false;
  this.maxSockets = this.options.maxSockets || Agent.defaultMaxSockets;
  this.maxFreeSockets = this.options.maxFreeSockets || 256;
  this.scheduling = this.options.scheduling || 'lifo';
  this.maxTotalSockets = this.options.maxTotalSockets;
  this.totalSocketCount = 0;
  validateOneOf(this.scheduling, 'scheduling', ['fifo', 'lifo']);
  if (this.maxTotalSockets !== undefined) {
    validateNumber(this.maxTotalSockets, 'maxTotalSockets', 1);
  } else {
    this.maxTotalSockets = Infinity;
  }
  this.on('free', (socket, options) => this._onFree(socket, options));
}
Object.setPrototypeOf(Agent.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Agent, EventEmitter);

Agent.defaultMaxSockets = Infinity;

Agent.prototype.createConnection = net.createConnection;

// A socket finished its request: give it to a queued request, park it, or close it.
Agent.prototype._onFree = function _onFree(socket, options) {
  const name = this.getName(options);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const requests = this.requests[name];
  if (requests && requests.length) {
    const req = requests.shift();
    if (requests.length === 0) delete this.requests[name];
    setRequestSocket(this, req, socket);
    return;
  }
  const req = socket._httpMessage;
  if (!req || !req.shouldKeepAlive || !this.keepAlive) {
    socket.destroy();
    return;
  }
  const freeSockets = this.freeSockets[name] || [];
  const count = freeSockets.length + (this.sockets[name]?.length ?? 0);
  if (this.totalSocketCount > this.maxTotalSockets || count > this.maxSockets ||
      freeSockets.length >= this.maxFreeSockets || !this.keepSocketAlive(socket)) {
    socket.destroy();
    return;
  }
  this.freeSockets[name] = freeSockets;
  socket._httpMessage = null;
  this.removeSocket(socket, options);
  socket.once('error', freeSocketErrorListener);
  freeSockets.push(socket);
};

Agent.prototype.getName = function getName(options = {}) {
  let name = options.host || 'localhost';
  name += ':';
  if (options.port) name += options.port;
  name += ':';
  if (options.localAddress) name += options.localAddress;
  if (options.family === 4 || options.family === 6) name += `:${options.family}`;
  if (options.socketPath) name += `:${options.socketPath}`;
  return name;
};

Agent.prototype.addRequest = function addRequest(req, options, port, localAddress) {
  // The old signature: addRequest(req, host, port, localAddress).
  if (typeof options === 'string') options = { __proto__: null, host: options, port, localAddress };
  options = { __proto__: null, ...options, ...this.options };
  if (options.socketPath) options.path = options.socketPath;
  normalizeServerName(options, req);

  const name = this.getName(options);
  this.sockets[name] ||= [];
  const freeSockets = this.freeSockets[name];
  let socket;
  if (freeSockets) {
    while (freeSockets.length && freeSockets[0].destroyed) freeSockets.shift();
    socket = this.scheduling === 'fifo' ? freeSockets.shift() : freeSockets.pop();
    if (!freeSockets.length) delete this.freeSockets[name];
  }
  const sockLen = (freeSockets ? freeSockets.length : 0) + this.sockets[name].length;

  if (socket) {
    this.reuseSocket(socket, req);
    setRequestSocket(this, req, socket);
    this.sockets[name].push(socket);
  } else if (sockLen < this.maxSockets && this.totalSocketCount < this.maxTotalSockets) {
    this.createSocket(req, options, (err, newSocket) => {
      if (err) req.onSocket(newSocket, err);
      else setRequestSocket(this, req, newSocket);
    });
  } else {
    req[kRequestOptions] = options;
    this.requests[name] ||= [];
    this.requests[name].push(req);
  }
};

Agent.prototype.createSocket = function createSocket(req, options, cb) {
  options = { __proto__: null, ...options, ...this.options };
  if (options.socketPath) options.path = options.socketPath;
  normalizeServerName(options, req);
  const name = this.getName(options);
  options._agentKey = name;
  options.encoding = null;
  if (this.keepAlive) options.keepAlive = this.keepAlive;
  options.keepAliveInitialDelay = this.keepAliveMsecs;

  let created = false;
  const oncreate = (err, socket) => {
    if (created) return;
    created = true;
    if (err) {
      cb(err);
      return;
    }
    this.sockets[name] ||= [];
    this.sockets[name].push(socket);
    this.totalSocketCount++;
    installListeners(this, socket, options);
    cb(null, socket);
  };
  const newSocket = this.createConnection(options, oncreate);
  if (newSocket) oncreate(null, newSocket);
};

// TLS connections verify the certificate for this name (not for an IP address).
function normalizeServerName(options, req) {
  if (!options.servername && options.servername !== '') {
    options.servername = calculateServerName(options, req);
  }
}

function calculateServerName(options, req) {
  let servername = options.host;
  const hostHeader = req.getHeader('host');
  if (hostHeader) {
    if (typeof hostHeader !== 'string') {
      throw new ERR_INVALID_ARG_TYPE('options.headers.host', 'String', hostHeader);
    }
    servername = hostHeader.startsWith('[') ?
      hostHeader.slice(1, hostHeader.indexOf(']')) : hostHeader.split(':', 1)[0];
  }
  if (net.isIP(servername)) servername = '';
  return servername;
}

function installListeners(agent, socket, options) {
  function onFree() {
    agent.emit('free', socket, options);
  }
  function onClose() {
    agent.totalSocketCount--;
    agent.removeSocket(socket, options);
  }
  // A parked socket that idles out is closed; one in use tells its request.
  function onTimeout() {
    const free = agent.freeSockets[agent.getName(options)];
    if (free && free.includes(socket)) socket.destroy();
  }
  function onRemove() {
    agent.totalSocketCount--;
    agent.removeSocket(socket, options);
    socket.removeListener('close', onClose);
    socket.removeListener('free', onFree);
    socket.removeListener('timeout', onTimeout);
    socket.removeListener('agentRemove', onRemove);
  }
  socket.on('free', onFree);
  socket.on('close', onClose);
  socket.on('timeout', onTimeout);
  socket.on('agentRemove', onRemove);
}

function removeFrom(table, name, socket) {
  const list = table[name];
  if (!list) return false;
  const index = list.indexOf(socket);
  if (index === -1) return false;
  list.splice(index, 1);
  if (list.length === 0) delete table[name];
  return true;
}

// Takes `socket` out of use (a parked socket leaves the pool once it closes): a request
// waiting for this origin, or else for an origin with no socket in use (held back by
// `maxTotalSockets`), gets a new connection, which serves it as it turns 'free'.
Agent.prototype.removeSocket = function removeSocket(socket, options) {
  const name = this.getName(options);
  removeFrom(this.sockets, name, socket);
  if (!socket.writable) removeFrom(this.freeSockets, name, socket);

  let req;
  if (this.requests[name]?.length) {
    req = this.requests[name][0];
  } else {
    const origin = Object.keys(this.requests)[0];
    if (origin !== undefined && !this.sockets[origin]?.length) {
      req = this.requests[origin][0];
      options = req[kRequestOptions];
    }
  }
  if (req === undefined || options === undefined) return;
  req[kRequestOptions] = undefined;
  this.createSocket(req, options, (err, newSocket) => {
    if (err) req.onSocket(newSocket, err);
    else newSocket.emit('free');
  });
};

// Parks a socket: it no longer keeps the process alive, and idles out after the agent's
// timeout or the server's `Keep-Alive: timeout` hint (a second early).
Agent.prototype.keepSocketAlive = function keepSocketAlive(socket) {
  socket.setKeepAlive(true, this.keepAliveMsecs);
  socket.unref();
  let agentTimeout = this.options.timeout || 0;
  const hint = socket._httpMessage?.res?.headers['keep-alive'];
  const seconds = hint && /^timeout=(\d+)/.exec(hint)?.[1];
  if (seconds) {
    const serverHintTimeout = Number.parseInt(seconds, 10) * 1000 - 1000;
    if (serverHintTimeout <= 0) return false;
    if (agentTimeout === 0 || serverHintTimeout < agentTimeout) agentTimeout = serverHintTimeout;
  }
  if (socket.timeout !== agentTimeout) socket.setTimeout(agentTimeout);
  return true;
};

Agent.prototype.reuseSocket = function reuseSocket(socket, req) {
  socket.removeListener('error', freeSocketErrorListener);
  req.reusedSocket = true;
  socket.ref();
};

Agent.prototype.destroy = function destroy() {
  for (const table of [this.freeSockets, this.sockets]) {
    for (const name of Object.keys(table)) {
      for (const socket of [...table[name]]) socket.destroy();
    }
  }
};

function setRequestSocket(agent, req, socket) {
  req.onSocket(socket);
  const agentTimeout = agent.options.timeout || 0;
  if (req.timeout === undefined || req.timeout === agentTimeout) return;
  socket.setTimeout(req.timeout);
}

const globalAgent = new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 });

module.exports = { Agent, globalAgent };
