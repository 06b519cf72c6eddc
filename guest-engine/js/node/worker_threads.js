// node:worker_threads — workers as real second engine instances: each `Worker` is a
// `node` process in the kernel's process table, started like `child_process.fork` and
// connected to its parent by an IPC channel. `parentPort`, `workerData` and `threadId`
// are what the worker sees; `postMessage` works both ways, 'online', 'message', 'error'
// (the worker's uncaught exception) and 'exit' reach the parent, and `terminate()` ends it.
// The worker's stdout and stderr reach the parent as `worker.stdout`/`worker.stderr`,
// piped on to the parent's own unless the `stdout`/`stderr` options ask to read them.
//
// Differences from Node's threads, which share one process: messages and `workerData`
// are structured clones carried over the JSON channel (internal/worker/serialize),
// memory is never shared (`SharedArrayBuffer` contents are copied, `Atomics.wait` across
// workers cannot work), and the worker has its own `process` (its `process.exit` ends
// only the worker, as in Node). `MessageChannel` ports cannot be transferred to a worker,
// and `getHeapSnapshot()` rejects with ERR_METHOD_NOT_IMPLEMENTED.

const EventEmitter = require('events');
const path = require('path');
const { pathToFileURL } = require('url');
const {
  BroadcastChannel,
  MessageChannel,
  MessageEvent,
  MessagePort,
  defineOnMessage,
  receiveMessageOnPort,
} = require('internal/worker/messaging');
const { NodeEventTarget, kCreateEvent, kNewListener, kRemoveListener } =
  require('internal/event_target');
const { encode, decode } = require('internal/worker/serialize');
const {
  codes: {
    ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_METHOD_NOT_IMPLEMENTED, ERR_WORKER_PATH,
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
const workerData = isMainThread ? null : decode(workerConfig.workerData);
const environmentData = new Map(isMainThread ? [] : workerConfig.environmentData);
let nextThreadId = 1;

// The worker's side of the channel to its parent: a port over the IPC channel. Listening
// for messages keeps the worker alive, as in Node; otherwise the channel must not.
class ParentPort extends NodeEventTarget {
  constructor() {
    super();
    process.on('message', (envelope) => {
      if (envelope?.type === 'message') this.emit('message', decode(envelope.value));
    });
    process.channel?.unref();
  }

  [kNewListener](size, type, ...rest) {
    super[kNewListener](size, type, ...rest);
    if (type === 'message') process.channel?.ref();
  }

  [kRemoveListener](size, type, ...rest) {
    super[kRemoveListener](size, type, ...rest);
    if (type === 'message' && size === 0) process.channel?.unref();
  }

  [kCreateEvent](data, type) {
    return new MessageEvent(type, { data });
  }

  postMessage(value, transfer) {
    process.send({ type: 'message', value: encode(value, transfer) });
  }

  close() {
    process.disconnect();
  }

  ref() { process.channel?.ref(); }
  unref() { process.channel?.unref(); }
  start() {}
}

defineOnMessage(ParentPort.prototype);

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
    this.threadId = nextThreadId++;
    const config = {
      ...target,
      threadId: this.threadId,
      workerData: encode(options.workerData),
      environmentData: [...environmentData],
      timeOrigin: require('perf_hooks').performance.timeOrigin,
      argv: (options.argv ?? []).map(String),
    };
    const env = options.env == null || options.env === SHARE_ENV ?
      { ...process.env } : { ...options.env };
    env[WORKER_ENV] = JSON.stringify(config);
    this.#child = require('child_process').spawn(process.execPath,
      [...(options.execArgv ?? process.execArgv), '-e',
        "require('worker_threads')[Symbol.for('secure-exec.runWorker')]()"],
      { env, stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', 'ipc'] });
    if (!options.stdout) this.#child.stdout.pipe(process.stdout, { end: false });
    if (!options.stderr) this.#child.stderr.pipe(process.stderr, { end: false });
    this.#child.on('spawn', () => this.emit('online'));
    this.#child.on('message', (envelope) => {
      if (envelope?.type === 'message') this.emit('message', decode(envelope.value));
      else if (envelope?.type === 'error') this.emit('error', decode(envelope.error));
    });
    this.#child.on('error', (error) => this.emit('error', error));
    this.#child.on('exit', (code, signal) => {
      this.#exitCode = code ?? (signal === 'SIGTERM' ? 1 : 128);
      this.threadId = -1;
      this.emit('exit', this.#exitCode);
    });
    process.emit('worker', this);
    require('diagnostics_channel').channel('worker_threads').publish({ worker: this });
  }

  postMessage(value, transfer) {
    const encoded = encode(value, transfer);
    if (this.#child.connected) this.#child.send({ type: 'message', value: encoded });
  }

  terminate() {
    if (this.#exitCode !== null) return Promise.resolve();
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
// thrown value, or its string when it cannot be cloned.
function encodeThrown(thrown) {
  try {
    return encode(thrown);
  } catch {
    return encode(String(thrown));
  }
}

// Runs in the worker process: reports uncaught exceptions to the parent, then runs the
// worker's script or code.
function runWorker() {
  require('perf_hooks')[Symbol.for('secure-exec.perf.adoptTimeOrigin')](workerConfig.timeOrigin);
  process.on('uncaughtException', (error) => {
    process.send({ type: 'error', error: encodeThrown(error) }, () => process.exit(1));
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
