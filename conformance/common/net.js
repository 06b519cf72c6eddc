'use strict';
// common/net — the `net` helpers of Node's tests: whether listeners can share a port
// (`reusePort`), and whether a client can bind to another loopback address.

const net = require('net');

const options = { port: 0, reusePort: true };

// Resolves when a server can listen with `reusePort`, rejects with the listen error.
function checkSupportReusePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(options);
    server.on('listening', () => {
      server.close(resolve);
    });
    server.on('error', (err) => {
      console.log('The `reusePort` option is not supported:', err.message);
      server.close();
      reject(err);
    });
  });
}

// Node binds a client socket to 127.0.0.2 to find out; the sandbox's connections cannot
// choose their local address (`localAddress`), so there is only the one localhost.
function hasMultiLocalhost() {
  return false;
}

module.exports = { checkSupportReusePort, hasMultiLocalhost, options };
