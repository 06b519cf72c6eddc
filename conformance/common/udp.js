'use strict';
// common/udp — the `dgram` helpers of Node's tests: whether sockets can share a port
// (`reusePort`).

const dgram = require('dgram');

const options = { type: 'udp4', reusePort: true };

// Resolves when a socket can bind with `reusePort`, rejects with the bind error.
function checkSupportReusePort() {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(options);
    socket.bind(0);
    socket.on('listening', () => {
      socket.close(resolve);
    });
    socket.on('error', (err) => {
      console.log('The `reusePort` option is not supported:', err.message);
      socket.close();
      reject(err);
    });
  });
}

module.exports = { checkSupportReusePort, options };
