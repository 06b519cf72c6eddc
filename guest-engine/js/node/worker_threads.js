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
// from the worker, and `postMessageToThread` between the two. A worker runs a file, a
// data: URL (as an ES module) or `eval` code (a classic script).
//
// Differences from Node's threads, which share one process: messages and `workerData`
// are structured clones carried over the JSON channel (internal/worker/serialize),
// memory is never shared (`SharedArrayBuffer` contents are copied, `Atomics.wait` across
// workers cannot work), and the worker has its own `process` (its `process.exit` ends
// only the worker, as in Node). Thread ids are numbered by each process for its own
// workers, so `postMessageToThread` reaches a thread's parent and workers only.
// `resourceLimits` caps the worker's JS heap (QuickJS's allocator limit); its stack and
// code range sizes are only reported. `getHeapSnapshot()` rejects with
// ERR_METHOD_NOT_IMPLEMENTED.

const EventEmitter = require('events');
const asyncContext = require('internal/async_context');
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
    ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_METHOD_NOT_IMPLEMENTED,
    ERR_WORKER_MESSAGING_ERRORED, ERR_WORKER_MESSAGING_FAILED, ERR_WORKER_MESSAGING_SAME_THREAD,
    ERR_WORKER_MESSAGING_TIMEOUT, ERR_WORKER_OUT_OF_MEMORY, ERR_WORKER_PATH,
    ERR_WORKER_UNSUPPORTED_OPERATION,
  },
  validateArray,
  validateNumber,
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

// `options.resourceLimits` as Node keeps them: each known limit a positive number of MiB
// or -1 (the engine's default), the stack size 4 MiB unless given.
function parseResourceLimits(limits) {
  const parsed = {
    maxYoungGenerationSizeMb: -1, maxOldGenerationSizeMb: -1, codeRangeSizeMb: -1, stackSizeMb: 4,
  };
  if (limits === null || typeof limits !== 'object') return parsed;
  for (const name of Object.keys(parsed)) {
    if (typeof limits[name] === 'number' && limits[name] > 0) parsed[name] = limits[name];
  }
  return parsed;
}

// The JS heap of a worker may hold its young and old generations; QuickJS has one heap,
// capped at their sum. The stack and code range sizes have no counterpart there.
function applyResourceLimits({ maxYoungGenerationSizeMb, maxOldGenerationSizeMb }) {
  if (maxOldGenerationSizeMb <= 0) return;
  const megabytes = maxOldGenerationSizeMb + Math.max(maxYoungGenerationSizeMb, 0);
  binding('engine').setMemoryLimit(megabytes * 1024 * 1024);
}

// QuickJS reports running out of memory as an InternalError, or by throwing null when it
// cannot allocate even that.
function isOutOfMemory(error) {
  return error === null || (error instanceof InternalError && error.message === 'out of memory');
}

// Pipes a worker's output on to the parent's, without the MaxListenersExceededWarning that
// many workers' pipes into the same stream would raise (as in Node).
function pipeWithoutWarning(source, destination) {
  const limit = destination._maxListeners;
  destination.setMaxListeners(0);
  source.pipe(destination, { end: false });
  destination._maxListeners = limit;
}

// A worker as async_hooks sees it: the 'WORKER' resource, whose `hasRef()` tells whether
// the worker keeps its parent alive, and answers undefined once the worker is gone.
class WorkerHandle {
  #refed = true;
  #asyncId;

  constructor() {
    const context = asyncContext.capture(this);
    this.#asyncId = context.asyncId;
    asyncContext.emitLifecycle('init', this.#asyncId, 'WORKER', context.triggerAsyncId, this);
  }

  hasRef() {
    return this.#asyncId === null ? undefined : this.#refed;
  }

  setRef(refed) {
    this.#refed = refed;
  }

  close() {
    asyncContext.emitLifecycle('destroy', this.#asyncId);
    this.#asyncId = null;
  }
}

class Worker extends EventEmitter {
  #child;
  #exitCode = null;
  #handle;
  #link;
  #port;
  #resourceLimits;

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
    } else if (filename instanceof URL && filename.protocol === 'data:') {
      target = { url: filename.href };
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
    const send = (message) => {
      if (this.#child === undefined) outbox.push(message);
      else if (this.#child.connected) this.#child.send(message);
    };
    this.#link = new PortLink({ send }, 'p');
    const ports = this.#link.transferOut(transferred);
    this.threadId = nextThreadId++;
    const route = { link: this.#link, send };
    threadRoutes.set(this.threadId, route);
    this.#handle = new WorkerHandle();
    this.#resourceLimits = parseResourceLimits(options.resourceLimits);
    // As in Node, a '--' ends the options: it and what follows are not the worker's.
    const givenExecArgv = (options.execArgv ?? process.execArgv).map(String);
    const optionsEnd = givenExecArgv.indexOf('--');
    const execArgv = optionsEnd === -1 ? givenExecArgv : givenExecArgv.slice(0, optionsEnd);
    const config = {
      execArgv,
      ...target,
      threadId: this.threadId,
      workerData: encode(clone, new Map(transferred.map((port, i) => [port, i]))),
      ports,
      environmentData: [...environmentData],
      timeOrigin: require('perf_hooks').performance.timeOrigin,
      parentThreadId: threadId,
      argv: (options.argv ?? []).map(String),
      resourceLimits: this.#resourceLimits,
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
    if (!options.stdout) pipeWithoutWarning(this.#child.stdout, process.stdout);
    if (!options.stderr) pipeWithoutWarning(this.#child.stderr, process.stderr);
    this.#child.on('spawn', () => this.emit('online'));
    this.#child.on('message', (message) => {
      if (this.#link.receive(message) || receiveThreadMessaging(message, route)) return;
      if (message?.type === 'error') this.emit('error', decode(message.error));
      if (message?.type === 'out-of-memory') {
        this.emit('error', new ERR_WORKER_OUT_OF_MEMORY('JS heap out of memory'));
      }
    });
    this.#child.on('error', (error) => this.emit('error', error));
    this.#child.on('exit', (code, signal) => {
      this.#exitCode = code ?? (signal === 'SIGTERM' ? 1 : 128);
      closeThreadRoute(this.threadId);
      this.threadId = -1;
      this.#link.disconnect();
      this.emit('exit', this.#exitCode);
      this.#handle.close();
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

  // The worker keeps the parent alive through the process, its channel and its output;
  // its port follows, as in Node.
  ref() {
    this.#handle.setRef(true);
    this.#port.ref();
    this.#child.ref();
    this.#child.channel?.ref();
    this.#child.stdout.ref();
    this.#child.stderr.ref();
  }

  unref() {
    this.#handle.setRef(false);
    this.#port.unref();
    this.#child.unref();
    this.#child.channel?.unref();
    this.#child.stdout.unref();
    this.#child.stderr.unref();
  }

  get stdin() { return this.#child.stdin; }
  get stdout() { return this.#child.stdout; }
  get stderr() { return this.#child.stderr; }
  get resourceLimits() {
    return this.#exitCode === null ? { ...this.#resourceLimits } : {};
  }

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
// worker's script, data: URL module or `eval` code.
function runWorker() {
  require('perf_hooks')[Symbol.for('secure-exec.perf.adoptTimeOrigin')](workerConfig.timeOrigin);
  applyResourceLimits(workerConfig.resourceLimits);
  // Reports the exception to the parent and ends the worker, unless the worker's own code
  // listens for uncaught exceptions. Running out of the heap `resourceLimits` allow ends
  // the worker whatever it listens for: the limit is lifted so that the report can be
  // made, and what is thrown while the worker ends is not reported.
  let outOfMemory = false;
  process.on('uncaughtException', (error) => {
    if (outOfMemory) return;
    if (isOutOfMemory(error) && workerConfig.resourceLimits.maxOldGenerationSizeMb > 0) {
      outOfMemory = true;
      binding('engine').setMemoryLimit(0);
      sendToParent({ type: 'out-of-memory' }, () => process.exit(1));
      return;
    }
    if (process.listenerCount('uncaughtException') > 1) return;
    sendToParent({ type: 'error', error: encodeThrown(error) }, () => process.exit(1));
  });
  // The worker's options, without the bootstrap the process was started with.
  process.execArgv = workerConfig.execArgv;
  process.argv.splice(1, process.argv.length - 1, workerConfig.filename ?? '[worker eval]',
    ...workerConfig.argv);
  if (workerConfig.code !== undefined) {
    runEvalCode(workerConfig.code);
    return;
  }
  // A module whose top-level await never settles ends the worker with code 13, as in Node.
  let settled = false;
  process.once('exit', () => {
    if (!settled) process.exitCode ??= 13;
  });
  import(workerConfig.url ?? pathToFileURL(workerConfig.filename).href).then(() => {
    settled = true;
  }, (error) => {
    settled = true;
    // `process.exit()` while the script loads unwinds into this rejection: finish exiting.
    if (process._exiting) process.exit();
    process.emit('uncaughtException', error);
  });
}

// `eval: true` code runs as Node runs it: a classic script whose `require`, `module`,
// `exports`, `__filename` and `__dirname` are globals (so the code may declare its own).
function runEvalCode(code) {
  const Module = require('module');
  const module = new Module('[worker eval]', null);
  module.filename = path.join(process.cwd(), '[worker eval]');
  module.paths = Module._nodeModulePaths(process.cwd());
  for (const [name, value] of [['require', Module.createRequire(module.filename)],
    ['module', module], ['exports', module.exports], ['__filename', '[worker eval]'],
    ['__dirname', '.']]) {
    Object.defineProperty(globalThis, name, {
      __proto__: null, value, writable: true, configurable: true, enumerable: false,
    });
  }
  require('vm').runInThisContext(code, { filename: '[worker eval]' });
}

// `postMessageToThread`: a message for the 'workerMessage' listeners of another thread,
// carried by the IPC channel between the two; the promise tells whether a listener took it.
// A thread reaches its parent and its own workers only: thread ids are numbered by each
// process for its workers, so they do not name threads further away, and a message to one
// of those fails with ERR_WORKER_MESSAGING_FAILED.

// Thread id -> { link, send }: the PortLink and the channel to that thread.
const threadRoutes = new Map();
// Request id -> { route, resolve, reject, timer }: messages awaiting their outcome.
const pendingThreadMessages = new Map();
let nextThreadMessageId = 1;

async function postMessageToThread(target, value, transferList, timeout) {
  if (typeof transferList === 'number' && timeout === undefined) {
    timeout = transferList;
    transferList = [];
  }
  if (timeout !== undefined) validateNumber(timeout, 'timeout', 0);
  if (target === threadId) throw new ERR_WORKER_MESSAGING_SAME_THREAD();
  const route = threadRoutes.get(target);
  if (route === undefined) throw new ERR_WORKER_MESSAGING_FAILED();
  const { clone, transferred } = cloneWithTransfer(value, transferList ?? []);
  const id = nextThreadMessageId++;
  return new Promise((resolve, reject) => {
    const timer = timeout === undefined ? null : setTimeout(() => {
      pendingThreadMessages.delete(id);
      reject(new ERR_WORKER_MESSAGING_TIMEOUT());
    }, timeout);
    pendingThreadMessages.set(id, { route, resolve, reject, timer });
    const ports = route.link.transferOut(transferred);
    route.send({
      type: 'thread-message',
      id,
      source: threadId,
      value: encode(clone, new Map(transferred.map((port, i) => [port, i]))),
      ports,
    });
  });
}

// Handles thread messaging arriving over `route`; false when `message` is not part of it.
function receiveThreadMessaging(message, route) {
  if (message?.type === 'thread-message') {
    const value = decode(message.value, route.link.transferIn(message.ports));
    let outcome = 'failed';
    try {
      if (process.emit('workerMessage', value, message.source)) outcome = 'delivered';
    } catch {
      outcome = 'errored';
    }
    route.send({ type: 'thread-message-outcome', id: message.id, outcome });
    return true;
  }
  if (message?.type === 'thread-message-outcome') {
    const pending = pendingThreadMessages.get(message.id);
    if (pending === undefined) return true;
    pendingThreadMessages.delete(message.id);
    clearTimeout(pending.timer);
    if (message.outcome === 'delivered') pending.resolve();
    else if (message.outcome === 'errored') pending.reject(new ERR_WORKER_MESSAGING_ERRORED());
    else pending.reject(new ERR_WORKER_MESSAGING_FAILED());
    return true;
  }
  return false;
}

// The thread `id` is gone: what was sent to it failed.
function closeThreadRoute(id) {
  const route = threadRoutes.get(id);
  threadRoutes.delete(id);
  for (const [messageId, pending] of pendingThreadMessages) {
    if (pending.route !== route) continue;
    pendingThreadMessages.delete(messageId);
    clearTimeout(pending.timer);
    pending.reject(new ERR_WORKER_MESSAGING_FAILED());
  }
}

if (!isMainThread) {
  const route = { link: parentLink, send: sendToParent };
  threadRoutes.set(workerConfig.parentThreadId, route);
  parentChannel.on('message', (message) => receiveThreadMessaging(message, route));
  parentChannel.on('disconnect', () => closeThreadRoute(workerConfig.parentThreadId));
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
  resourceLimits: isMainThread ? {} : workerConfig.resourceLimits,
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
  postMessageToThread,
  [Symbol.for('secure-exec.runWorker')]: runWorker,
};
