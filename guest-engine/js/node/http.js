// http — `node:http`: the public surface over `_http_server` (Server, ServerResponse,
// createServer), `_http_client` (ClientRequest, request, get), `_http_agent` (Agent,
// globalAgent), `_http_incoming`, `_http_outgoing` and `_http_common` (METHODS, header
// validation, maxHeaderSize, the idle parser pool).

const { methods, maxHeaderSize, parsers } = require('_http_common');
const { IncomingMessage } = require('_http_incoming');
const {
  OutgoingMessage,
  validateHeaderName,
  validateHeaderValue,
} = require('_http_outgoing');
const agentModule = require('_http_agent');
const { ClientRequest } = require('_http_client');
const { STATUS_CODES, Server, ServerResponse, _connectionListener, createServer } =
  require('_http_server');
const { validateInteger } = require('internal/errors');

function request(url, options, cb) {
  return new ClientRequest(url, options, cb);
}

function get(url, options, cb) {
  const req = request(url, options, cb);
  req.end();
  return req;
}

// How many idle parsers are kept for new connections.
function setMaxIdleHTTPParsers(max) {
  validateInteger(max, 'max', 1);
  parsers.max = max;
  parsers.idle.length = Math.min(parsers.idle.length, max);
}

module.exports = {
  _connectionListener,
  METHODS: methods.slice(),
  STATUS_CODES,
  Agent: agentModule.Agent,
  ClientRequest,
  IncomingMessage,
  OutgoingMessage,
  Server,
  ServerResponse,
  createServer,
  validateHeaderName,
  validateHeaderValue,
  get,
  request,
  setMaxIdleHTTPParsers,
};

Object.defineProperties(module.exports, {
  maxHeaderSize: {
    configurable: true,
    enumerable: true,
    get() {
      return maxHeaderSize;
    },
  },
  globalAgent: {
    configurable: true,
    enumerable: true,
    get() {
      return agentModule.globalAgent;
    },
    set(value) {
      agentModule.globalAgent = value;
    },
  },
});
