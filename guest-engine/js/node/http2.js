// `http2`: HTTP/2 servers and clients (h2c over net sockets, h2 over tls with ALPN), the
// compatibility request/response classes, constants and settings helpers. The protocol
// itself lives in internal/http2/.

const {
  connect,
  createServer,
  createSecureServer,
  performServerHandshake,
} = require('internal/http2/core');
const { Http2ServerRequest, Http2ServerResponse } = require('internal/http2/compat');
const {
  constants,
  getDefaultSettings,
  getPackedSettings,
  getUnpackedSettings,
  kSensitiveHeaders,
} = require('internal/http2/util');

module.exports = {
  connect,
  constants,
  createServer,
  createSecureServer,
  getDefaultSettings,
  getPackedSettings,
  getUnpackedSettings,
  performServerHandshake,
  sensitiveHeaders: kSensitiveHeaders,
  Http2ServerRequest,
  Http2ServerResponse,
};
