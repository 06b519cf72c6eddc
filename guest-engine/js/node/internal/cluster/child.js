// internal/cluster/child — node:cluster in a worker: `cluster.worker` (set up at startup by
// `_setupWorker`, which reports 'online' to the primary), the worker's `disconnect()` and
// `destroy()`, and `_getServer`, through which net.Server listens in a worker: the primary
// answers with the port to use (see internal/cluster/primary), the server listens on it
// sharing it with the other workers, and the primary hears of 'listening' and of 'close'.

const EventEmitter = require('events');
const Worker = require('internal/cluster/worker');
const { internal, sendHelper } = require('internal/cluster/utils');

const cluster = new EventEmitter();
// Listening servers by the primary's key of their shared port.
const servers = new Map();
// For each request (address, port, address type), the indexes of this worker's servers
// made with it; a server's index tells the primary which shared port it joins.
const indexes = new Map();

module.exports = cluster;

cluster.isWorker = true;
cluster.isMaster = false;
cluster.isPrimary = false;
cluster.worker = null;
cluster.Worker = Worker;

function send(message, callback) {
  return sendHelper(process, message, callback);
}

cluster._setupWorker = function _setupWorker() {
  const worker = new Worker({ id: +process.env.NODE_UNIQUE_ID | 0, process, state: 'online' });
  cluster.worker = worker;
  process.once('disconnect', () => {
    worker.emit('disconnect');
    // Losing the primary unexpectedly ends the worker.
    if (!worker.exitedAfterDisconnect) process.exit(0);
  });
  process.on('internalMessage', internal(worker, (message) => {
    if (message.act === 'disconnect') disconnectWorker(worker, true);
  }));
  send({ act: 'online' });
};

function takeIndex(requestKey) {
  let indexSet = indexes.get(requestKey);
  if (indexSet === undefined) {
    indexSet = { next: 0, used: new Set() };
    indexes.set(requestKey, indexSet);
  }
  const index = indexSet.next++;
  indexSet.used.add(index);
  return index;
}

function releaseIndex(requestKey, index) {
  const indexSet = indexes.get(requestKey);
  if (indexSet === undefined) return;
  indexSet.used.delete(index);
  if (indexSet.used.size === 0) indexes.delete(requestKey);
}

// Called by net.Server#listen in a worker with `{ address, port, addressType, backlog }`;
// `listen(port)` makes `server` listen, synchronously, on the port the primary gives.
cluster._getServer = function _getServer(server, options, listen) {
  const requestKey = `${options.address}:${options.port}:${options.addressType}`;
  const index = takeIndex(requestKey);
  send({ act: 'queryServer', index, ...options }, (reply) => {
    const { key } = reply;
    listen(reply.port);
    const forget = () => {
      servers.delete(key);
      releaseIndex(requestKey, index);
      send({ act: 'close', key });
    };
    if (!server.listening) {
      forget();
      return;
    }
    servers.set(key, server);
    server.once('close', forget);
    server.once('listening', () => {
      cluster.worker.state = 'listening';
      const port = server.address()?.port ?? options.port;
      send({ act: 'listening', key, address: options.address, port, addressType: options.addressType });
    });
  });
};

// Closes the worker's servers, then the channel to the primary. A disconnect the worker
// starts first tells the primary it is leaving, so that its 'exit' reports
// `exitedAfterDisconnect`.
function disconnectWorker(worker, primaryInitiated) {
  worker.exitedAfterDisconnect = true;
  let waiting = servers.size + 1;
  const closed = () => {
    if (--waiting !== 0) return;
    if (primaryInitiated) {
      process.disconnect();
    } else {
      send({ act: 'exitedAfterDisconnect' }, () => process.disconnect());
    }
  };
  for (const server of servers.values()) server.close(closed);
  servers.clear();
  closed();
}

Worker.prototype.disconnect = function disconnect() {
  if (this.state !== 'disconnecting' && this.state !== 'destroying') {
    this.state = 'disconnecting';
    disconnectWorker(this, false);
  }
  return this;
};

Worker.prototype.destroy = function destroy() {
  if (this.state === 'destroying') return;
  this.exitedAfterDisconnect = true;
  if (!this.isConnected()) {
    process.exit(0);
    return;
  }
  this.state = 'destroying';
  send({ act: 'exitedAfterDisconnect' }, () => process.disconnect());
  process.once('disconnect', () => process.exit(0));
};
