// node:worker_threads — workers as real second engine instances: each `Worker` is a
// `node` process in the kernel's process table, started like `child_process.fork` and
// connected to its parent by an IPC channel. `parentPort`, `workerData` and `threadId`
// are what the worker sees; `postMessage` works both ways, 'online', 'message', 'error'
// (the worker's uncaught exception) and 'exit' reach the parent, and `terminate()` ends it.
// The worker's stdout and stderr reach the parent as `worker.stdout`/`worker.stderr`,
// piped on to the parent's own unless the `stdout`/`stderr` options ask to read them.
//
// `parentPort` and the parent's side of a worker are MessagePorts joined over that channel
// (internal/worker/messaging's PortLink), which also carries the ports transferred to or
// from the worker.
//
// Differences from Node's threads, which share one process: messages and `workerData`
// are structured clones carried over the JSON channel (internal/worker/serialize),
// memory is never shared (`SharedArrayBuffer` contents are copied, `Atomics.wait` across
// workers cannot work), and the worker has its own `process` (its `process.exit` ends
// only the worker, as in Node). `getHeapSnapshot()` rejects with
// ERR_METHOD_NOT_IMPLEMENTED.

const EventEmitter = require('events');
const path = require('path');
const { pathToFileURL } = require('url');
const {
  BroadcastChannel,
  MessageChannel,
  MessagePort,
  PortLink,
  createPort,
  moveMessagePortToContext,
  receiveMessageOnPort,
} = require('internal/worker/messaging');
const {
  cloneWithTransfer,
  isMarkedAsUntransferable,
  markAsUncloneable,
  markAsUntransferable,
  structuredClone,
} = require('internal/structured_clone');
const { encode, decode } = require('internal/worker/serialize');
const {
  codes: {
    ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_METHOD_NOT_IMPLEMENTED, ERR_WORKER_PATH,
    ERR_WORKER_UNSUPPORTED_OPERATION,
  },
  validateArray,
} = require('internal/errors');

// How a parent tells a worker process what to run (removed from the worker's env).
const WORKER_ENV = 'SECURE_EXEC_WORKER';

const workerConfig = (() => {
  const raw = process.env[WORKER_ENV];
  if (raw === undefined) return null;
  delete process.env[WORKER_ENV];
  return JSON.parse(raw);
})();

const isMainThread = workerConfig === null;
const threadId = isMainThread ? 0 : workerConfig.threadId;
const environmentData = new Map(isMainThread ? [] : workerConfig.environmentData);
let nextThreadId = 1;

// The channel id of the port pair joining a worker to its parent.
const MAIN_CHANNEL = 'main';

// The worker's end of the IPC channel to its parent (the descriptors the process startup
// left to the worker), carrying `parentPort`'s channel and those of the ports transferred
// across. A ref'd port listening there keeps the worker alive; otherwise the channel must
// not. The channel is the worker's own: its `process` has no `send`, `channel` and the
// like, as in Node.
const parentChannel = (() => {
  if (isMainThread) return null;
  const fd = Number.parseInt(process.env.NODE_CHANNEL_FD, 10);
  delete process.env.NODE_CHANNEL_FD;
  delete process.env.NODE_CHANNEL_SERIALIZATION_MODE;
  const channel = new EventEmitter();
  require('internal/child_process/ipc_channel').setupChannel(channel,
    { read: fd, write: fd + 1 }, { refed: false });
  return channel;
})();
const sendToParent = isMainThread ? null : parentChannel.send;
const parentLink = (() => {
  if (isMainThread) return null;
  const link = new PortLink({
    send: sendToParent,
    ref: () => parentChannel.channel?.ref(),
    unref: () => parentChannel.channel?.unref(),
  }, 'w');
  parentChannel.on('message', (message) => link.receive(message));
  parentChannel.on('disconnect', () => link.disconnect());
  disableProcessFeatures();
  return link;
})();

// What a worker's `process` cannot do, as Node reports it.
function disableProcessFeatures() {
  const unsupported = (name) => new ERR_WORKER_UNSUPPORTED_OPERATION(name);
  for (const name of ['abort', 'chdir', 'send', 'disconnect', 'setuid', 'seteuid', 'setgid',
    'setegid', 'setgroups', 'initgroups']) {
    const stub = function () { throw unsupported(`process.${name}()`); };
    stub.disabled = true;
    process[name] = stub;
  }
  for (const name of ['channel', 'connected']) {
    Object.defineProperty(process, name, {
      __proto__: null,
      configurable: true,
      enumerable: false,
      get() { throw unsupported(`process.${name}`); },
    });
  }
  const { umask } = process;
  process.umask = function (mask) {
    if (mask !== undefined) throw unsupported('Setting process.umask()');
    return umask.call(process);
  };
  for (const name of ['title', 'debugPort']) {
    const value = process[name];
    Object.defineProperty(process, name, {
      __proto__: null, configurable: true, enumerable: true, get: () => value, set() {},
    });
  }
}

const parentPort = isMainThread ? null : createPort();
if (!isMainThread) parentLink.connect(parentPort, MAIN_CHANNEL);
const workerData = isMainThread ? null :
  decode(workerConfig.workerData, parentLink.transferIn(workerConfig.ports));

class Worker extends EventEmitter {
  #child;
  #exitCode = null;
  #link;
  #port;

  constructor(filename, options = {}) {
    super();
    if (options === null || typeof options !== 'object') {
      throw new ERR_INVALID_ARG_TYPE('options', 'Object', options);
    }
    let target;
    if (options.eval) {
      if (typeof filename !== 'string') {
        throw new ERR_INVALID_ARG_VALUE('options.eval', options.eval,
          "must be false when 'filename' is not a string");
      }
      target = { code: filename };
    } else {
      if (filename instanceof URL) filename = require('url').fileURLToPath(filename);
      if (typeof filename !== 'string') {
        throw new ERR_INVALID_ARG_TYPE('filename', ['string', 'URL'], filename);
      }
      if (!path.isAbsolute(filename) && !/^\.\.?[\\/]/.test(filename)) {
        throw new ERR_WORKER_PATH(filename);
      }
      target = { filename: path.resolve(filename) };
    }
    if (options.argv !== undefined) validateArray(options.argv, 'options.argv');
    if (options.execArgv !== undefined) validateArray(options.execArgv, 'options.execArgv');
    if (options.env != null && options.env !== SHARE_ENV && typeof options.env !== 'object') {
      throw new ERR_INVALID_ARG_TYPE('options.env',
        ['object', 'undefined', 'null', 'worker_threads.SHARE_ENV'], options.env);
    }
    const transferList = options.transferList ?? [];
    validateArray(transferList, 'options.transferList');
    const { clone, transferred } = cloneWithTransfer(options.workerData, transferList);
    // Until the process exists, what the link sends waits here.
    const outbox = [];
    this.#link = new PortLink({
      send: (message) => {
        if (this.#child === undefined) outbox.push(message);
        else if (this.#child.connected) this.#child.send(message);
      },
    }, 'p');
    const ports = this.#link.transferOut(transferred);
    this.threadId = nextThreadId++;
    const execArgv = (options.execArgv ?? process.execArgv).map(String);
    const config = {
      execArgv,
      ...target,
      threadId: this.threadId,
      workerData: encode(clone, new Map(transferred.map((port, i) => [port, i]))),
      ports,
      environmentData: [...environmentData],
      timeOrigin: require('perf_hooks').performance.timeOrigin,
      argv: (options.argv ?? []).map(String),
    };
    const env = options.env == null || options.env === SHARE_ENV ?
      { ...process.env } : { ...options.env };
    env[WORKER_ENV] = JSON.stringify(config);
    // As in Node, --abort-on-uncaught-exception does not apply to workers.
    this.#child = require('child_process').spawn(process.execPath,
      [...execArgv.filter((arg) => arg !== '--abort-on-uncaught-exception'), '-e',
        "require('worker_threads')[Symbol.for('secure-exec.runWorker')]()"],
      { env, stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', 'ipc'] });
    for (const message of outbox.splice(0)) this.#child.send(message);
    this.#port = createPort();
    this.#link.connect(this.#port, MAIN_CHANNEL);
    this.#port.on('message', (value) => this.emit('message', value));
    this.#port.on('messageerror', (error) => this.emit('messageerror', error));
    // The worker process (with its channel) holds the parent while ref'd, not its port.
    this.#port.unref();
    if (!options.stdout) this.#child.stdout.pipe(process.stdout, { end: false });
    if (!options.stderr) this.#child.stderr.pipe(process.stderr, { end: false });
    this.#child.on('spawn', () => this.emit('online'));
    this.#child.on('message', (message) => {
      if (this.#link.receive(message)) return;
      if (message?.type === 'error') this.emit('error', decode(message.error));
    });
    this.#child.on('error', (error) => this.emit('error', error));
    this.#child.on('exit', (code, signal) => {
      this.#exitCode = code ?? (signal === 'SIGTERM' ? 1 : 128);
      this.threadId = -1;
      this.#link.disconnect();
      this.emit('exit', this.#exitCode);
    });
    process.emit('worker', this);
    require('diagnostics_channel').channel('worker_threads').publish({ worker: this });
  }

  postMessage(...args) {
    this.#port.postMessage(...args);
  }

  // Resolves with the exit code; until then the worker holds the parent even if unref'd.
  terminate(callback) {
    if (typeof callback === 'function') {
      process.emitWarning('Passing a callback to worker.terminate() is deprecated. ' +
        'It returns a Promise instead.', 'DeprecationWarning', 'DEP0132');
      if (this.#exitCode === null) this.once('exit', (code) => process.nextTick(callback, null, code));
      else process.nextTick(callback, null, this.#exitCode);
    }
    if (this.#exitCode !== null) return Promise.resolve();
    this.ref();
    return new Promise((resolve) => {
      this.once('exit', resolve);
      this.#child.kill('SIGTERM');
    });
  }

  // The worker keeps the parent alive through the process, its channel and its output.
  ref() {
    this.#child.ref();
    this.#child.channel?.ref();
    this.#child.stdout.ref();
    this.#child.stderr.ref();
  }

  unref() {
    this.#child.unref();
    this.#child.channel?.unref();
    this.#child.stdout.unref();
    this.#child.stderr.unref();
  }

  get stdin() { return this.#child.stdin; }
  get stdout() { return this.#child.stdout; }
  get stderr() { return this.#child.stderr; }
  get resourceLimits() { return {}; }

  getHeapSnapshot() {
    return Promise.reject(new ERR_METHOD_NOT_IMPLEMENTED('Worker.getHeapSnapshot'));
  }
}

// The form in which a worker's uncaught exception reaches its parent: a clone of the
// thrown value; for an error that cannot be cloned (its `stack` getter throws), its name,
// message and whatever else can be read; else the value's string.
function encodeThrown(thrown) {
  try {
    return encode(structuredClone(thrown));
  } catch {
    return encode(thrown instanceof Error ? thrown : String(thrown));
  }
}

// Runs in the worker process: reports uncaught exceptions to the parent, then runs the
// worker's script or code.
function runWorker() {
  require('perf_hooks')[Symbol.for('secure-exec.perf.adoptTimeOrigin')](workerConfig.timeOrigin);
  // Reports the exception to the parent and ends the worker, unless the worker's own code
  // listens for uncaught exceptions.
  process.on('uncaughtException', (error) => {
    if (process.listenerCount('uncaughtException') > 1) return;
    sendToParent({ type: 'error', error: encodeThrown(error) }, () => process.exit(1));
  });
  // The worker's options, without the bootstrap the process was started with.
  process.execArgv = workerConfig.execArgv;
  process.argv.splice(1, process.argv.length - 1, workerConfig.filename ?? '[worker eval]',
    ...workerConfig.argv);
  if (workerConfig.code !== undefined) {
    const run = new Function('require', 'module', 'exports', '__filename', '__dirname',
      workerConfig.code);
    const module = { exports: {} };
    run(require('module').createRequire(path.join(process.cwd(), '[worker eval]')), module,
      module.exports, '[worker eval]', process.cwd());
    return;
  }
  import(pathToFileURL(workerConfig.filename).href).catch((error) => {
    // `process.exit()` while the script loads unwinds into this rejection: finish exiting.
    if (process._exiting) process.exit();
    process.emit('uncaughtException', error);
  });
}

const SHARE_ENV = Symbol.for('nodejs.worker_threads.SHARE_ENV');

function getEnvironmentData(key) {
  return environmentData.get(key);
}

function setEnvironmentData(key, value) {
  if (value === undefined) environmentData.delete(key);
  else environmentData.set(key, value);
}

module.exports = {
  isMainThread,
  parentPort,
  workerData,
  threadId,
  resourceLimits: {},
  SHARE_ENV,
  Worker,
  MessageChannel,
  MessagePort,
  BroadcastChannel,
  receiveMessageOnPort,
  moveMessagePortToContext,
  getEnvironmentData,
  setEnvironmentData,
  markAsUncloneable,
  markAsUntransferable,
  isMarkedAsUntransferable,
  [Symbol.for('secure-exec.runWorker')]: runWorker,
};
