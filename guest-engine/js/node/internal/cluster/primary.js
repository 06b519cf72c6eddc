// internal/cluster/primary — node:cluster in the primary: `setupPrimary()`/`settings`,
// `fork()` (a `child_process.fork` of `settings.exec` with NODE_UNIQUE_ID set), `workers`,
// `disconnect()`, and the events of every worker re-emitted on `cluster`.
//
// Node passes listening handles from the primary to its workers; the kernel cannot pass
// descriptors between processes, so each worker listens itself, on a port shared with
// SO_REUSEPORT-style listeners, and the kernel spreads new connections among them (for both
// scheduling policies). The primary only decides the port: a worker asks it first
// ('queryServer'), and for port 0 the first worker to ask picks the port (its kernel
// listener's) and the others get that one, as they share Node's round-robin handle.

const EventEmitter = require('events');
const Worker = require('internal/cluster/worker');
const { internal, sendHelper } = require('internal/cluster/utils');

const SCHED_NONE = 1;
const SCHED_RR = 2;

const cluster = new EventEmitter();
// Emits 'disconnect' once no worker is left.
const intercom = new EventEmitter();
// Shared ports by key: requested address, port, address type and the worker's index of
// its servers with the same request (so a worker's second server gets a port of its own).
const sharedPorts = new Map();
let ids = 0;
let initialized = false;

module.exports = cluster;

cluster.isWorker = false;
cluster.isMaster = true;
cluster.isPrimary = true;
cluster.Worker = Worker;
cluster.workers = {};
cluster.settings = {};
cluster.SCHED_NONE = SCHED_NONE;
cluster.SCHED_RR = SCHED_RR;

const policyName = process.env.NODE_CLUSTER_SCHED_POLICY;
cluster.schedulingPolicy = policyName === 'none' ? SCHED_NONE : SCHED_RR;

// One port shared by the workers listening with the same key. Until its port is known (a
// request for port 0 whose first worker has not listened yet), later workers wait.
class SharedPort {
  constructor(port) {
    this.port = port;
    this.workers = new Set();
    this.picker = null;
    this.waiting = [];
  }

  add(worker, reply) {
    this.workers.add(worker);
    if (this.port !== 0) {
      reply(this.port);
    } else if (this.picker === null) {
      this.picker = worker;
      reply(0);
    } else {
      this.waiting.push({ worker, reply });
    }
  }

  listening(worker, port) {
    if (this.picker !== worker) return;
    this.picker = null;
    this.port = port;
    for (const { reply } of this.waiting.splice(0)) reply(port);
  }

  // Returns true when no worker uses the port any more.
  remove(worker) {
    if (!this.workers.delete(worker)) return false;
    this.waiting = this.waiting.filter((entry) => entry.worker !== worker);
    if (this.picker === worker) {
      // Its listen failed or it left before listening: the next one picks the port.
      this.picker = null;
      const next = this.waiting.shift();
      if (next !== undefined) this.add(next.worker, next.reply);
    }
    return this.workers.size === 0;
  }
}

cluster.setupPrimary = function setupPrimary(options) {
  cluster.settings = {
    args: process.argv.slice(2),
    exec: process.argv[1],
    execArgv: process.execArgv,
    silent: false,
    ...cluster.settings,
    ...options,
  };
  if (!initialized) {
    initialized = true;
    const policy = cluster.schedulingPolicy;
    if (policy !== SCHED_NONE && policy !== SCHED_RR) {
      throw new (require('internal/errors').codes.ERR_INTERNAL_ASSERTION)(
        `Bad cluster.schedulingPolicy: ${policy}`);
    }
  }
  process.nextTick(() => cluster.emit('setup', cluster.settings));
};
cluster.setupMaster = cluster.setupPrimary;

function createWorkerProcess(id, env) {
  const { settings } = cluster;
  return require('child_process').fork(settings.exec, settings.args, {
    cwd: settings.cwd,
    env: { ...process.env, ...env, NODE_UNIQUE_ID: `${id}` },
    serialization: settings.serialization,
    silent: settings.silent,
    windowsHide: settings.windowsHide,
    execArgv: [...settings.execArgv],
    stdio: settings.stdio,
    gid: settings.gid,
    uid: settings.uid,
  });
}

function removeWorker(worker) {
  delete cluster.workers[worker.id];
  if (Object.keys(cluster.workers).length === 0) intercom.emit('disconnect');
}

function removeSharedPortsOf(worker) {
  for (const [key, shared] of sharedPorts) {
    if (shared.remove(worker)) sharedPorts.delete(key);
  }
}

cluster.fork = function fork(env) {
  cluster.setupPrimary();
  const id = ++ids;
  const worker = new Worker({ id, process: createWorkerProcess(id, env) });

  worker.on('message', function onMessage(message, handle) {
    cluster.emit('message', this, message, handle);
  });

  worker.process.once('exit', (exitCode, signalCode) => {
    // A worker still connected stays listed until it disconnects.
    if (!worker.isConnected()) {
      removeSharedPortsOf(worker);
      removeWorker(worker);
    }
    worker.exitedAfterDisconnect = !!worker.exitedAfterDisconnect;
    worker.state = 'dead';
    worker.emit('exit', exitCode, signalCode);
    cluster.emit('exit', worker, exitCode, signalCode);
  });

  worker.process.once('disconnect', () => {
    removeSharedPortsOf(worker);
    // A worker that is still running stays listed until it exits.
    if (worker.isDead()) removeWorker(worker);
    worker.exitedAfterDisconnect = !!worker.exitedAfterDisconnect;
    worker.state = 'disconnected';
    worker.emit('disconnect');
    cluster.emit('disconnect', worker);
  });

  worker.process.on('internalMessage', internal(worker, onMessage));
  process.nextTick(() => cluster.emit('fork', worker));
  cluster.workers[worker.id] = worker;
  return worker;
};

cluster.disconnect = function disconnect(callback) {
  const workers = Object.values(cluster.workers);
  if (workers.length === 0) {
    process.nextTick(() => intercom.emit('disconnect'));
  } else {
    for (const worker of workers) {
      if (worker.isConnected()) worker.disconnect();
    }
  }
  if (typeof callback === 'function') intercom.once('disconnect', callback);
};

function send(worker, message, callback) {
  return sendHelper(worker.process, message, callback);
}

// Messages from a worker, by `act`; `this` is the worker.
const actions = {
  online() {
    this.state = 'online';
    this.emit('online');
    cluster.emit('online', this);
  },

  exitedAfterDisconnect(message) {
    this.exitedAfterDisconnect = true;
    send(this, { ack: message.seq });
  },

  queryServer(message) {
    // A worker on its way out gets no answer.
    if (this.exitedAfterDisconnect) return;
    const key = `${message.address}:${message.port}:${message.addressType}:${message.index}`;
    let shared = sharedPorts.get(key);
    if (shared === undefined) {
      shared = new SharedPort(message.port);
      sharedPorts.set(key, shared);
    }
    shared.add(this, (port) => send(this, { ack: message.seq, key, port }));
  },

  listening(message) {
    sharedPorts.get(message.key)?.listening(this, message.port);
    const info = {
      addressType: message.addressType,
      address: message.address,
      port: message.port,
      fd: message.fd,
    };
    this.state = 'listening';
    this.emit('listening', info);
    cluster.emit('listening', this, info);
  },

  close(message) {
    const shared = sharedPorts.get(message.key);
    if (shared !== undefined && shared.remove(this)) sharedPorts.delete(message.key);
  },
};

function onMessage(message) {
  if (Object.hasOwn(actions, message.act)) actions[message.act].call(this, message);
}

Worker.prototype.disconnect = function disconnect() {
  this.exitedAfterDisconnect = true;
  send(this, { act: 'disconnect' });
  removeSharedPortsOf(this);
  removeWorker(this);
  return this;
};

Worker.prototype.destroy = function destroy(signal) {
  this.process.kill(signal || 'SIGTERM');
};
