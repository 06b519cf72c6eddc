// node:worker_threads — workers as real second engine instances: each `Worker` is a
// `node` process in the kernel's process table, started like `child_process.fork` and
// connected to its parent by an IPC channel. `parentPort`, `workerData` and `threadId`
// are what the worker sees; `postMessage` works both ways, 'online', 'message', 'error'
// (the worker's uncaught exception) and 'exit' reach the parent, and `terminate()` ends it.
//
// Differences from Node's threads, which share one process: messages and `workerData`
// cross the channel as JSON (Node's structured clone keeps more types), memory is never
// shared (`SharedArrayBuffer` contents are copied, `Atomics.wait` across workers cannot
// work), and the worker has its own `process` (its `process.exit` ends only the worker,
// as in Node). `MessageChannel` ports cannot be transferred to a worker.

const EventEmitter = require('events');
const path = require('path');
const { pathToFileURL } = require('url');
const {
  BroadcastChannel,
  MessageChannel,
  MessagePort,
  receiveMessageOnPort,
} = require('internal/worker/messaging');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_WORKER_PATH },
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
const workerData = isMainThread ? null : workerConfig.workerData;
const environmentData = new Map(isMainThread ? [] : workerConfig.environmentData);
let nextThreadId = 1;

// The worker's side of the channel to its parent: a port over the IPC channel.
class ParentPort extends EventEmitter {
  constructor() {
    super();
    process.on('message', (envelope) => {
      if (envelope?.type === 'message') this.emit('message', envelope.value);
    });
    // Listening for messages keeps the worker alive, as in Node; otherwise the channel
    // must not hold it open.
    process.channel?.unref();
    this.on('newListener', (event) => {
      if (event === 'message') process.channel?.ref();
    });
    this.on('removeListener', (event) => {
      if (event === 'message' && this.listenerCount('message') === 0) process.channel?.unref();
    });
  }

  postMessage(value) {
    process.send({ type: 'message', value });
  }

  close() {
    process.disconnect();
  }

  ref() { process.channel?.ref(); }
  unref() { process.channel?.unref(); }
  start() {}
}

const parentPort = isMainThread ? null : new ParentPort();

class Worker extends EventEmitter {
  #child;
  #exitCode = null;

  constructor(filename, options = {}) {
    super();
    if (options === null || typeof options !== 'object') {
      throw new ERR_INVALID_ARG_TYPE('options', 'Object', options);
    }
    let target;
    if (options.eval) {
      if (typeof filename !== 'string') throw new ERR_INVALID_ARG_VALUE('filename', filename);
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
    this.threadId = nextThreadId++;
    const config = {
      ...target,
      threadId: this.threadId,
      workerData: options.workerData ?? null,
      environmentData: [...environmentData],
      argv: (options.argv ?? []).map(String),
    };
    const env = options.env === undefined || options.env === SHARE_ENV ?
      { ...process.env } : { ...options.env };
    env[WORKER_ENV] = JSON.stringify(config);
    this.#child = require('child_process').spawn(process.execPath,
      ['-e', "require('worker_threads')[Symbol.for('secure-exec.runWorker')]()"],
      { env, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
    this.#child.on('spawn', () => this.emit('online'));
    this.#child.on('message', (envelope) => {
      if (envelope?.type === 'message') this.emit('message', envelope.value);
      else if (envelope?.type === 'error') this.emit('error', reviveError(envelope.error));
    });
    this.#child.on('error', (error) => this.emit('error', error));
    this.#child.on('exit', (code, signal) => {
      this.#exitCode = code ?? (signal === 'SIGTERM' ? 1 : 128);
      this.emit('exit', this.#exitCode);
    });
  }

  postMessage(value) {
    if (this.#child.connected) this.#child.send({ type: 'message', value });
  }

  terminate() {
    if (this.#exitCode !== null) return Promise.resolve(this.#exitCode);
    return new Promise((resolve) => {
      this.once('exit', resolve);
      this.#child.kill('SIGTERM');
    });
  }

  ref() {
    this.#child.ref();
    this.#child.channel?.ref();
  }

  unref() {
    this.#child.unref();
    this.#child.channel?.unref();
  }

  get stdin() { return null; }
  get stdout() { return process.stdout; }
  get stderr() { return process.stderr; }
  get resourceLimits() { return {}; }
}

function reviveError(described) {
  const error = new (globalThis[described.name] ?? Error)(described.message);
  Object.assign(error, described.properties);
  error.stack = described.stack;
  return error;
}

// Runs in the worker process: reports uncaught exceptions to the parent, then runs the
// worker's script or code.
function runWorker() {
  process.on('uncaughtException', (error) => {
    const described = error instanceof Error ?
      { name: error.name, message: error.message, stack: error.stack,
        properties: { ...error } } :
      { name: 'Error', message: String(error), stack: '', properties: {} };
    process.send({ type: 'error', error: described }, () => process.exit(1));
  });
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

// Nothing crosses to a worker by transfer (messages are copied), so marking only records.
const untransferable = new WeakSet();

function markAsUntransferable(object) {
  if ((typeof object === 'object' && object !== null) || typeof object === 'function') {
    untransferable.add(object);
  }
}

function isMarkedAsUntransferable(object) {
  return untransferable.has(object);
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
  getEnvironmentData,
  setEnvironmentData,
  markAsUntransferable,
  isMarkedAsUntransferable,
  [Symbol.for('secure-exec.runWorker')]: runWorker,
};
