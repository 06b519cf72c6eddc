// node:process — the `process` object: identity (virtualized Node 22 on linux), argv and
// env, cwd/chdir/umask, hrtime, memoryUsage, nextTick, exit and exitCode, kill, warnings,
// the stdio streams (stdout/stderr written synchronously to descriptors 1 and 2, stdin a
// Readable over descriptor 0), the IPC channel of a forked child (`send`, 'message', ...
// when NODE_CHANNEL_FD is set; a cluster worker when NODE_UNIQUE_ID is), and the
// 'beforeExit'/'exit'/'uncaughtException'/'unhandledRejection' events.
//
// The `_`-prefixed methods are the event loop's: the engine calls them through the hooks
// `internal/bootstrap` registers.

const EventEmitter = require('events');
const processBinding = binding('process');
const engine = binding('engine');

const NODE_VERSION = '22.0.0';

// Node's `process` is the one instance of a class named `process` that extends EventEmitter.
const ProcessConstructor = class process extends EventEmitter {};
const process = new ProcessConstructor();
Object.defineProperty(process, Symbol.toStringTag, {
  value: 'process', writable: false, enumerable: false, configurable: true,
});

process.title = 'node';
// The active node:domain (null until a domain is entered).
process.domain = null;
process.version = `v${NODE_VERSION}`;
process.versions = Object.freeze({
  node: NODE_VERSION,
  acorn: '8.11.3',
  ada: '2.7.8',
  modules: '127',
  napi: '9',
  uv: '1.48.0',
  quickjs: 'ng',
  unicode: '15.1',
});
process.arch = 'x64';
process.platform = 'linux';
process.release = Object.freeze({ name: 'node', lts: undefined });
process.execArgv = [];
process.argv0 = 'node';
process.argv = [];
process.pid = 0;
process.ppid = 0;
process.config = Object.freeze({
  target_defaults: {},
  variables: {
    node_module_version: Number(process.versions.modules),
    napi_build_version: process.versions.napi,
  },
});
process.features = Object.freeze({
  inspector: false,
  debug: false,
  uv: true,
  ipv6: true,
  tls_alpn: false,
  tls_sni: false,
  tls_ocsp: false,
  tls: false,
  cached_builtins: true,
  require_module: false,
  typescript: false,
});
process.debugPort = 9229;
// Built on first use; assigning replaces it, as in Node.
Object.defineProperty(process, 'allowedNodeEnvironmentFlags', {
  get() {
    const flags = require('internal/allowed_env_flags').buildAllowedFlags();
    process.allowedNodeEnvironmentFlags = flags;
    return flags;
  },
  set(value) {
    Object.defineProperty(this, 'allowedNodeEnvironmentFlags', {
      value, configurable: true, enumerable: true, writable: true,
    });
  },
  enumerable: true,
  configurable: true,
});

// `process.env` behaves like Node's environment object: values are coerced to strings
// (a Symbol key or value throws), an empty name is not stored, symbols are never present,
// and only plain configurable, writable, enumerable data properties can be defined.
function createEnv(values) {
  const envError = (message) =>
    new (require('internal/errors').codes.ERR_INVALID_OBJECT_DEFINE_PROPERTY)(message);
  const envKey = (key) => {
    if (typeof key === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
    return key;
  };
  return new Proxy(Object.assign({}, values), {
    get(target, key, receiver) {
      if (typeof key === 'symbol') return undefined;
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      return typeof key !== 'symbol' && Reflect.has(target, key);
    },
    set(target, key, value) {
      const name = envKey(key);
      const text = `${value}`;
      if (name !== '') target[name] = text;
      return true;
    },
    deleteProperty(target, key) {
      if (typeof key !== 'symbol') delete target[key];
      return true;
    },
    defineProperty(target, key, descriptor) {
      const name = envKey(key);
      if ('get' in descriptor || 'set' in descriptor) {
        throw envError("'process.env' does not accept an accessor(getter/setter) descriptor");
      }
      if (!descriptor.configurable || !descriptor.writable || !descriptor.enumerable) {
        throw envError("'process.env' only accepts a configurable, writable, and enumerable data descriptor");
      }
      if (name !== '') {
        Reflect.defineProperty(target, name, { ...descriptor, value: `${descriptor.value}` });
      }
      return true;
    },
  });
}

// Who this process is; filled in by `_start`.
let identity = { pid: 0, ppid: 0, uid: 0, gid: 0, execPath: '/usr/bin/node', hostname: '' };
let startNs = 0n;
process.env = createEnv({});

// Binds `process` to the running process. The object itself is built once, when the engine
// boots (possibly in a pre-initialized snapshot shared by many processes); everything that
// belongs to one process is read here, when it starts.
process._start = function start(execArgv) {
  processBinding.startClock();
  identity = processBinding.identity();
  startNs = processBinding.hrtime();
  process.execPath = identity.execPath;
  process.pid = identity.pid;
  process.ppid = identity.ppid;
  const argv = processBinding.argv();
  process.argv = argv.length > 0 ? argv : [identity.execPath];
  process.argv[0] = identity.execPath;
  process.env = createEnv(processBinding.env());
  applyNodeOptions(execArgv);
  // A worker_threads worker takes its channel itself (it has no `process.send`).
  if (process.env.NODE_CHANNEL_FD !== undefined && process.env.SECURE_EXEC_WORKER === undefined) {
    const channelFd = Number.parseInt(process.env.NODE_CHANNEL_FD, 10);
    const serialization = process.env.NODE_CHANNEL_SERIALIZATION_MODE || 'json';
    delete process.env.NODE_CHANNEL_FD;
    delete process.env.NODE_CHANNEL_SERIALIZATION_MODE;
    if (channelFd >= 0) require('child_process')._forkChild(channelFd, serialization);
  }
  // A worker started by cluster.fork() joins its cluster before any user code runs.
  if (process.env.NODE_UNIQUE_ID !== undefined) {
    require('cluster')._setupWorker();
    delete process.env.NODE_UNIQUE_ID;
  }
};

// What the process does on an unhandled rejection (`--unhandled-rejections`), and whether
// warnings are printed (`--no-warnings`).
let unhandledRejections = 'throw';
let printWarnings = true;
// The warning codes and names --disable-warning keeps from being printed.
let disabledWarnings = new Set();
// Where warnings are written instead of stderr (`--redirect-warnings`, NODE_REDIRECT_WARNINGS).
let warningFile;
// `--abort-on-uncaught-exception`: an exception no capture callback takes aborts the
// process at once, without 'uncaughtException' listeners.
let abortOnUncaughtException = false;

// The Node options the engine acts on; every option stays listed in `execArgv`.
// The values of every `--name=value` and `--name value` in `execArgv`.
function optionValues(execArgv, name) {
  const values = [];
  execArgv.forEach((option, i) => {
    if (option.startsWith(`${name}=`)) values.push(option.slice(name.length + 1));
    else if (option === name && i + 1 < execArgv.length) values.push(execArgv[i + 1]);
  });
  return values;
}

function applyNodeOptions(execArgv) {
  process.execArgv = execArgv;
  const given = (...names) => names.some((name) => execArgv.includes(name));
  if (given('--no-deprecation')) process.noDeprecation = true;
  if (given('--throw-deprecation')) process.throwDeprecation = true;
  if (given('--trace-deprecation')) process.traceDeprecation = true;
  printWarnings = !given('--no-warnings');
  disabledWarnings = new Set(optionValues(execArgv, '--disable-warning'));
  abortOnUncaughtException = given('--abort-on-uncaught-exception', '--abort_on_uncaught_exception');
  const redirect = execArgv.findLast((option) => option.startsWith('--redirect-warnings='));
  warningFile = redirect?.slice('--redirect-warnings='.length) ?? process.env.NODE_REDIRECT_WARNINGS;
  const title = execArgv.findLast((option) => option.startsWith('--title='));
  if (title !== undefined) process.title = title.slice('--title='.length);
  const mode = execArgv.findLast((option) => option.startsWith('--unhandled-rejections='));
  if (mode !== undefined) unhandledRejections = mode.slice('--unhandled-rejections='.length);
  if (given('--experimental-shadow-realm')) {
    Object.defineProperty(globalThis, 'ShadowRealm', {
      value: require('internal/shadow_realm').ShadowRealm,
      writable: true,
      configurable: true,
    });
  }
  if (given('--expose-gc', '--expose_gc')) {
    Object.defineProperty(globalThis, 'gc', {
      value: function gc() { require('perf_hooks')[Symbol.for('secure-exec.perf.collectGarbage')](); },
      writable: true,
      configurable: true,
    });
  }
}

process.getuid = () => identity.uid;
process.geteuid = () => identity.uid;
process.getgid = () => identity.gid;
process.getegid = () => identity.gid;
process.getgroups = () => [identity.gid];
Object.assign(process, require('internal/credentials').makeCredentialSetters(() => identity));

process.cwd = () => processBinding.cwd();
process.chdir = function chdir(directory) {
  const { validateString, errnoException } = require('internal/errors');
  validateString(directory, 'directory');
  try {
    processBinding.chdir(directory);
  } catch (error) {
    const wrapped = errnoException(error.code, 'chdir', process.cwd());
    wrapped.dest = directory;
    wrapped.message = `${error.code}: ${wrapped.message.slice(error.code.length + 2)
      .replace(/, chdir .*$/, '')}, chdir ${process.cwd()} -> '${directory}'`;
    throw wrapped;
  }
};
process.umask = function umask(mask) {
  if (mask === undefined) {
    const current = processBinding.umask(0);
    processBinding.umask(current);
    return current;
  }
  const { parseFileMode } = require('internal/errors');
  return processBinding.umask(parseFileMode(mask, 'mask'));
};

function hrtime(previous) {
  const now = processBinding.hrtime();
  let seconds = Number(now / 1000000000n);
  let nanos = Number(now % 1000000000n);
  if (previous !== undefined) {
    if (!Array.isArray(previous)) {
      const { codes } = require('internal/errors');
      throw new codes.ERR_INVALID_ARG_TYPE('time', 'Array', previous);
    }
    if (previous.length !== 2) {
      const { codes } = require('internal/errors');
      throw new codes.ERR_OUT_OF_RANGE('time', 2, previous.length);
    }
    seconds -= previous[0];
    nanos -= previous[1];
    if (nanos < 0) {
      seconds -= 1;
      nanos += 1e9;
    }
  }
  return [seconds, nanos];
}
hrtime.bigint = () => processBinding.hrtime();
process.hrtime = hrtime;

process.uptime = () => Number(processBinding.hrtime() - startNs) / 1e9;
// A previous cpuUsage() value's field: a number in [0, 2^53 - 1].
function validateCpuField(previous, field) {
  const value = previous[field];
  if (typeof value === 'number' && value >= 0 && value <= Number.MAX_SAFE_INTEGER) return;
  const { codes, validateNumber, validateObject } = require('internal/errors');
  validateObject(previous, 'prevValue');
  validateNumber(value, `prevValue.${field}`);
  throw new codes.ERR_INVALID_ARG_VALUE.RangeError(`prevValue.${field}`, value);
}

process.cpuUsage = function cpuUsage(previous) {
  if (previous) {
    validateCpuField(previous, 'user');
    validateCpuField(previous, 'system');
  }
  const micros = Number((processBinding.hrtime() - startNs) / 1000n);
  const usage = { user: micros, system: 0 };
  if (previous) {
    usage.user -= previous.user;
    usage.system -= previous.system;
  }
  return usage;
};
process.getActiveResourcesInfo = () => require('internal/active_resources').activeResourcesInfo();
process._getActiveRequests = () => require('internal/active_resources').activeRequests();
process._getActiveHandles = () => require('internal/active_resources').activeHandles();
process.memoryUsage = () => processBinding.memoryUsage();
// The runtime's memory limit is the process's constraint; both figures agree with node:os.
process.constrainedMemory = () => require('os').totalmem();
process.availableMemory = () => require('os').freemem();
process.memoryUsage.rss = () => processBinding.memoryUsage().rss;
process.resourceUsage = () => ({
  userCPUTime: process.cpuUsage().user, systemCPUTime: 0,
  maxRSS: processBinding.memoryUsage().rss / 1024,
});

// ---------------------------------------------------------------------------------------
// nextTick

// A queued callback: the resource async_hooks see for it.
class TickObject {
  constructor(callback, args) {
    this.callback = callback;
    this.args = args;
  }
}

const tickQueue = [];
const asyncContext = () => require('internal/async_context');
process.nextTick = function nextTick(callback, ...args) {
  if (typeof callback !== 'function') {
    const { codes } = require('internal/errors');
    throw new codes.ERR_INVALID_ARG_TYPE('callback', 'Function', callback);
  }
  if (process._exiting) return;
  const tick = new TickObject(callback, args);
  const context = asyncContext().capture(tick);
  asyncContext().emitLifecycle('init', context.asyncId, 'TickObject', context.triggerAsyncId, tick);
  tickQueue.push({ tick, context });
};
// Runs the queued ticks; the engine calls it after every macrotask, as Node's
// processTicksAndRejections runs after each callback from libuv.
process._runTicks = function processTicksAndRejections() {
  const { runIn, emitLifecycle } = asyncContext();
  while (tickQueue.length > 0) {
    const { tick: { callback, args }, context: { asyncId }, context } = tickQueue.shift();
    emitLifecycle('before', asyncId);
    try {
      runIn(context, callback, undefined, args);
    } finally {
      // Also when the callback threw: the hooks see every `before` closed.
      emitLifecycle('destroy', asyncId);
      emitLifecycle('after', asyncId);
    }
  }
};
require('internal/stack_trace').nameFrames(process._runTicks, 'process.processTicksAndRejections');
process._hasTicks = () => tickQueue.length > 0;

// ---------------------------------------------------------------------------------------
// exit

let exitCode;
Object.defineProperty(process, 'exitCode', {
  enumerable: true,
  configurable: false,
  get() {
    return exitCode;
  },
  set(code) {
    if (code !== null && code !== undefined) {
      const { validateInteger } = require('internal/errors');
      let value = code;
      if (typeof code === 'string' && code !== '' && Number.isInteger(+code)) value = +code;
      validateInteger(value, 'code');
      code = value;
    }
    exitCode = code;
  },
});
process._exiting = false;

function normalizedExitCode() {
  return (exitCode ?? 0) & 0xff;
}

// Emits 'beforeExit' when the event loop has run dry; whether anyone listened.
process._emitBeforeExit = function emitBeforeExit() {
  return process.emit('beforeExit', normalizedExitCode());
};

process._emitExit = function emitExit(code) {
  if (exitCode === undefined && code !== 0) process.exitCode = code;
  if (!process._exiting) {
    process._exiting = true;
    process.emit('exit', normalizedExitCode());
  }
  return normalizedExitCode();
};

process.reallyExit = (code) => engine.exit(code & 0xff);
process.exit = function exit(code) {
  if (code !== undefined) process.exitCode = code;
  if (!process._exiting) {
    process._exiting = true;
    process.emit('exit', normalizedExitCode());
  }
  process.reallyExit(normalizedExitCode());
};
process.abort = () => engine.exit(134);

// process.ref(object) / process.unref(object): call the object's `Symbol.for('nodejs.ref')`
// (or legacy `ref`) method, and the matching unref.
function refWith(symbolName, legacyName) {
  return function refOrUnref(maybeRefable) {
    if (maybeRefable == null) return;
    const method = maybeRefable[Symbol.for(symbolName)] ?? maybeRefable[legacyName];
    if (typeof method === 'function') method.call(maybeRefable);
  };
}
process.ref = refWith('nodejs.ref', 'ref');
process.unref = refWith('nodejs.unref', 'unref');

// process.assert(value[, message]) (DEP0100): throws ERR_ASSERTION when `value` is falsy.
let deprecatedAssert;
process.assert = function assert(value, message) {
  deprecatedAssert ??= require('util').deprecate((ok, text) => {
    if (!ok) throw new (require('internal/errors').codes.ERR_ASSERTION)(text || 'assertion error');
  }, 'process.assert() is deprecated. Please use the `assert` module instead.', 'DEP0100');
  deprecatedAssert(value, message);
};

// Writes a formatted line straight to descriptor 2, bypassing process.stderr and the
// event loop (Node's debugging escape hatch).
process._rawDebug = function _rawDebug(...args) {
  processBinding.writeStdio(2, `${require('util').format(...args)}\n`);
};

// Adds the variables of a dotenv file (`.env` by default) to process.env; variables
// already set keep their values.
process.loadEnvFile = function loadEnvFile(path = '.env') {
  const variables = require('util').parseEnv(require('fs').readFileSync(path, 'utf8'));
  for (const name of Object.keys(variables)) {
    if (process.env[name] === undefined) process.env[name] = variables[name];
  }
};

// Native addons are machine code, which the sandbox cannot run: loading one fails as
// dlopen() fails on a file of a foreign format.
process.dlopen = function dlopen(module, filename) {
  const { codes } = require('internal/errors');
  throw new codes.ERR_DLOPEN_FAILED(
    `${filename}: Exec format error (native addons cannot be loaded in this sandbox)`);
};

// Stack traces are not source-mapped here: disabling is accepted, enabling is refused.
process.setSourceMapsEnabled = function setSourceMapsEnabled(enabled) {
  const { codes, validateBoolean } = require('internal/errors');
  validateBoolean(enabled, 'val');
  if (enabled) throw new codes.ERR_METHOD_NOT_IMPLEMENTED('process.setSourceMapsEnabled(true)');
};

// Signals the kernel's process `pid` (a process group when negative). Signal 0 only
// checks existence, which this process can tell for itself and its unreaped children.
process.kill = function kill(pid, signal) {
  const { codes, ErrnoException } = require('internal/errors');
  if (pid != (pid | 0)) throw new codes.ERR_INVALID_ARG_TYPE('pid', 'number', pid);
  pid |= 0;
  const number = signal === (signal | 0) ? signal :
    require('internal/signals').toSignalNumber(signal || 'SIGTERM');
  if (number === 0) {
    if (pid === process.pid || require('internal/child_process').isLiveChild(Math.abs(pid))) {
      return true;
    }
    throw ErrnoException('ESRCH', 'kill');
  }
  const error = process._kill(pid, number);
  if (error) throw ErrnoException(error, 'kill');
  return true;
};

// Sends signal `number` to `pid`; returns the errno name of a failure, or undefined.
process._kill = function _kill(pid, number) {
  if (pid === process.pid) {
    raise(number);
    return undefined;
  }
  try {
    binding('child_process').kill(pid, number);
  } catch (error) {
    // The binding throws errno names (`code` and message both 'EPERM', say).
    if (typeof error?.code !== 'string' || error.message !== error.code) throw error;
    return error.code;
  }
  return undefined;
};

// A signal this process sends itself. The kernel delivers signals only as the end of the
// process, so one with a listener (other than SIGKILL) is instead emitted to its listeners
// from the event loop, as Node's signal handles would; any other ends the process by that
// signal, or, for one the kernel does not deliver, with exit code 128 + its number.
function raise(number) {
  const { signals } = require('os').constants;
  const name = Object.keys(signals).find((key) => signals[key] === number);
  if (number !== signals.SIGKILL && name !== undefined && process.listenerCount(name) > 0) {
    setImmediate(() => process.emit(name, name, number));
    return;
  }
  try {
    binding('child_process').raise(number);
  } catch (error) {
    if (error?.code !== 'EINVAL') throw error;
    engine.exit(128 + number);
  }
}

// ---------------------------------------------------------------------------------------
// Uncaught errors and rejections

// A capture callback (process.setUncaughtExceptionCaptureCallback, or node:domain's) takes
// uncaught exceptions instead of the 'uncaughtException' event.
let uncaughtExceptionCapture = null;
process.setUncaughtExceptionCaptureCallback = function setUncaughtExceptionCaptureCallback(fn) {
  const { codes } = require('internal/errors');
  if (fn === null) {
    uncaughtExceptionCapture = null;
    return;
  }
  if (typeof fn !== 'function') throw new codes.ERR_INVALID_ARG_TYPE('fn', ['Function', 'null'], fn);
  if (uncaughtExceptionCapture !== null) throw new codes.ERR_UNCAUGHT_EXCEPTION_CAPTURE_ALREADY_SET();
  uncaughtExceptionCapture = fn;
};
process.hasUncaughtExceptionCaptureCallback = function hasUncaughtExceptionCaptureCallback() {
  return uncaughtExceptionCapture !== null;
};

process._handleUncaught = function handleUncaught(error, origin) {
  if (abortOnUncaughtException) {
    if (uncaughtExceptionCapture === null) abortOnUncaught(error);
    try {
      uncaughtExceptionCapture(error);
    } catch (thrown) {
      abortOnUncaught(thrown);
    }
    return true;
  }
  if (typeof process._fatalException !== 'function') {
    // Node's handler was replaced by a non-function: the error is reported and the process
    // ends with code 6 at once, without 'exit' listeners.
    process._exiting = true;
    process.exitCode = 6;
    return false;
  }
  process.emit('uncaughtExceptionMonitor', error, origin);
  if (uncaughtExceptionCapture !== null) {
    uncaughtExceptionCapture(error);
    return true;
  }
  if (process.listenerCount('uncaughtException') === 0) {
    // Fatal: as in Node, the process fails with code 1 and its 'exit' listeners run before
    // the error is reported; they may still change `process.exitCode`.
    if (!process._exiting) {
      process._exiting = true;
      process.exitCode = 1;
      try {
        process.emit('exit', 1);
      } catch {
        // The exception being reported is the one the process fails with.
      }
    }
    return false;
  }
  process.emit('uncaughtException', error, origin);
  return true;
};

// Node's legacy name for its global uncaught-exception handler, which some code calls
// directly: whether a capture callback or an 'uncaughtException' listener took `error`.
process._fatalException = function _fatalException(error, fromPromise) {
  return process._handleUncaught(error, fromPromise ? 'unhandledRejection' : 'uncaughtException');
};

function abortOnUncaught(error) {
  const shown = error instanceof Error && error.stack ? error.stack : require('util').inspect(error);
  process._rawDebug(`Uncaught ${shown}`);
  process.abort();
}

// Rejections not yet reported, each with its rejection id (Node's `uid`); the ids of
// those already reported, for 'rejectionHandled' when a handler comes late; and the
// promises so handled since the last report.
const pendingRejections = new Map();
const reportedRejections = new WeakMap();
let handledLate = [];
let lastRejectionId = 0;
process._trackRejection = function trackRejection(promise, reason, handled) {
  if (!handled) {
    pendingRejections.set(promise, { reason, domain: process.domain, uid: ++lastRejectionId });
  } else if (!pendingRejections.delete(promise) && reportedRejections.has(promise)) {
    handledLate.push({ promise, uid: reportedRejections.get(promise) });
    reportedRejections.delete(promise);
  }
};

// Reports the rejections still unhandled after a turn of the loop, as
// `--unhandled-rejections` says: `throw` (the default: 'unhandledRejection', else an
// uncaught exception), `strict` (an uncaught exception first), `warn`,
// `warn-with-error-code` (a warning and exit code 1) or `none`.
process._processRejections = function processRejections() {
  const handled = handledLate;
  handledLate = [];
  for (let i = 0; i < handled.length; i++) {
    const { promise, uid } = handled[i];
    if (!process.emit('rejectionHandled', promise)) {
      const warning = new Error(`Promise rejection was handled asynchronously (rejection id: ${uid})`);
      warning.name = 'PromiseRejectionHandledWarning';
      process.emitWarning(warning);
    }
  }
  for (const [promise, { reason, domain, uid }] of pendingRejections) {
    pendingRejections.delete(promise);
    reportedRejections.set(promise, uid);
    // A rejection made inside a node:domain is that domain's 'error'.
    const emitUnhandled = () => (domain ? domain.emit('error', reason) :
      process.emit('unhandledRejection', reason, promise));
    switch (unhandledRejections) {
      case 'none':
        emitUnhandled();
        break;
      case 'warn':
        emitUnhandled();
        warnUnhandledRejection(reason, uid);
        break;
      case 'warn-with-error-code':
        if (!emitUnhandled()) {
          warnUnhandledRejection(reason, uid);
          process.exitCode = 1;
        }
        break;
      case 'strict':
        if (!process._handleUncaught(unhandledRejectionError(reason), 'unhandledRejection')) {
          throw unhandledRejectionError(reason);
        }
        emitUnhandled();
        break;
      default:
        if (!emitUnhandled()) {
          const error = unhandledRejectionError(reason);
          if (!process._handleUncaught(error, 'unhandledRejection')) throw error;
        }
    }
  }
};

function unhandledRejectionError(reason) {
  if (reason instanceof Error) return reason;
  const { inspect } = require('util');
  const error = new Error('This error originated either by throwing inside of an async ' +
    'function without a catch block, or by rejecting a promise which was not handled ' +
    `with .catch(). The promise rejected with the reason "${inspect(reason)}".`);
  error.code = 'ERR_UNHANDLED_REJECTION';
  error.name = 'UnhandledPromiseRejection';
  return error;
}

// Node's two warnings: the reason (its stack when it has its own), then what happened.
function warnUnhandledRejection(reason, uid) {
  const name = 'UnhandledPromiseRejectionWarning';
  const errorLike = reason !== null && typeof reason === 'object' && Object.hasOwn(reason, 'stack');
  let shown;
  try {
    shown = errorLike ? `${reason.stack}` : `${reason}`;
  } catch {
    shown = Object.prototype.toString.call(reason);
  }
  process.emitWarning(shown, name);
  const warning = new Error('Unhandled promise rejection. This error originated either by ' +
    'throwing inside of an async function without a catch block, or by rejecting a promise ' +
    'which was not handled with .catch(). To terminate the node process on unhandled ' +
    'promise rejection, use the CLI flag `--unhandled-rejections=strict` (see ' +
    'https://nodejs.org/api/cli.html#cli_unhandled_rejections_mode). ' +
    `(rejection id: ${uid})`);
  warning.name = name;
  warning.stack = errorLike ? shown : `${name}: ${warning.message}`;
  process.emitWarning(warning);
}

// ---------------------------------------------------------------------------------------
// Warnings

// emitWarning(warning[, type[, code]][, ctor]) or emitWarning(warning, { type, code,
// detail, ctor }): a string becomes an Error named `type` whose stack starts above `ctor`.
process.emitWarning = function emitWarning(warning, type, code, ctor) {
  const { codes, validateString } = require('internal/errors');
  let detail;
  if (type !== null && typeof type === 'object' && !Array.isArray(type)) {
    ctor = type.ctor;
    code = type.code;
    if (typeof type.detail === 'string') detail = type.detail;
    type = type.type || 'Warning';
  } else if (typeof type === 'function') {
    ctor = type;
    code = undefined;
    type = 'Warning';
  }
  if (type !== undefined) validateString(type, 'type');
  if (typeof code === 'function') {
    ctor = code;
    code = undefined;
  } else if (code !== undefined) {
    validateString(code, 'code');
  }
  if (typeof warning === 'string') {
    const error = new Error(warning);
    error.name = String(type || 'Warning');
    if (code !== undefined) error.code = code;
    if (detail !== undefined) error.detail = detail;
    if (typeof Error.captureStackTrace === 'function') {
      Error.captureStackTrace(error, ctor || process.emitWarning);
    }
    warning = error;
  } else if (!(warning instanceof Error)) {
    throw new codes.ERR_INVALID_ARG_TYPE('warning', ['Error', 'string'], warning);
  }
  if (warning.name === 'DeprecationWarning') {
    if (process.noDeprecation) return;
    // Thrown on the next tick, after the warnings emitted before it have been printed.
    if (process.throwDeprecation) {
      process.nextTick(() => { throw warning; });
      return;
    }
  }
  process.nextTick(() => process.emit('warning', warning));
};
// Node's default 'warning' listener: prints every Error warning (other listeners do not
// silence it; --disable-warning does) through process.stderr, with the --trace-warnings
// hint the first time.
let traceHintShown = false;
process.on('warning', function printWarning(warning) {
  if (!printWarnings || !(warning instanceof Error)) return;
  if (disabledWarnings.has(warning.code) || disabledWarnings.has(warning.name)) return;
  const isDeprecation = warning.name === 'DeprecationWarning';
  if (isDeprecation && process.noDeprecation) return;
  const code = warning.code ? `[${warning.code}] ` : '';
  let text = `(node:${process.pid}) ${code}${warning.name}: ${warning.message}\n`;
  if (typeof warning.detail === 'string') text += `${warning.detail}\n`;
  if (!traceHintShown) {
    traceHintShown = true;
    const flag = isDeprecation ? '--trace-deprecation' : '--trace-warnings';
    text += `(Use \`node ${flag} ...\` to show where the warning was created)\n`;
  }
  if (warningFile && writeWarningToFile(text)) return;
  if (process.stderr && typeof process.stderr.write === 'function') process.stderr.write(text);
  else processBinding.writeStdio(2, text);
});

// Appends a warning to the --redirect-warnings file; false (the warning then goes to stderr,
// as in Node) when the file cannot be written.
function writeWarningToFile(text) {
  try {
    require('fs').appendFileSync(warningFile, text);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------
// stdio

function createWriteStream(fd) {
  const stream = new EventEmitter();
  stream.fd = fd;
  stream.isTTY = false;
  stream.writable = true;
  stream._isStdio = true;
  stream.write = function write(chunk, encoding, callback) {
    if (typeof encoding === 'function') {
      callback = encoding;
      encoding = undefined;
    }
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
      const { codes } = require('internal/errors');
      throw new codes.ERR_INVALID_ARG_TYPE('chunk', ['string', 'Buffer', 'Uint8Array'], chunk);
    }
    if (typeof chunk === 'string' && encoding && encoding !== 'utf8' && encoding !== 'utf-8') {
      chunk = require('buffer').Buffer.from(chunk, encoding);
    }
    processBinding.writeStdio(fd, chunk);
    if (typeof callback === 'function') process.nextTick(callback);
    return true;
  };
  stream.end = function end(chunk, encoding, callback) {
    if (typeof chunk === 'function') {
      callback = chunk;
      chunk = undefined;
    }
    if (chunk != null) stream.write(chunk, encoding);
    if (typeof callback === 'function') process.nextTick(callback);
    return stream;
  };
  stream.cork = () => {};
  stream.uncork = () => {};
  stream.setDefaultEncoding = () => stream;
  stream.getColorDepth = () => 1;
  stream.hasColors = () => false;
  return stream;
}

process.stdout = createWriteStream(1);
process.stderr = createWriteStream(2);

// `process.stdin`: a Readable over descriptor 0, made on first use. It reads only while
// someone consumes it; once paused (and not flowing) it stops reading, so it no longer
// keeps the process alive, as in Node. A closed descriptor 0 gives an empty stream.
function createStdin() {
  try {
    binding('fs').fstat(0);
  } catch {
    const { Readable } = require('stream');
    const empty = new Readable({ read() {} });
    empty.fd = 0;
    empty.push(null);
    return empty;
  }
  const { FdReadable } = require('internal/fd_streams');
  const stdin = new FdReadable(0, { ownsFd: false });
  stdin.on('pause', () => {
    process.nextTick(() => {
      if (!stdin.readableFlowing) stdin._stopReading();
    });
  });
  return stdin;
}

let stdin;
Object.defineProperty(process, 'stdin', {
  configurable: true,
  enumerable: true,
  get() {
    stdin ??= createStdin();
    return stdin;
  },
});

// A public builtin module by id ('fs', 'node:fs', 'node:test'), loaded as `require` would load
// it (so the runtime's allowed-builtins policy applies), or undefined for anything else.
process.getBuiltinModule = function getBuiltinModule(id) {
  require('internal/errors').validateString(id, 'id');
  const Module = require('module');
  if (!Module.isBuiltin(id)) return undefined;
  return Module.createRequire(`${process.cwd()}/`)(id.startsWith('node:') ? id : `node:${id}`);
};

Object.defineProperty(process, 'finalization', {
  configurable: true,
  enumerable: true,
  get() {
    return require('internal/finalization');
  },
});

// The legacy way to start reading stdin: resumes process.stdin and returns it.
process.openStdin = function openStdin() {
  process.stdin.resume();
  return process.stdin;
};

module.exports = process;
