// node:process — the `process` object: identity (virtualized Node 22 on linux), argv and
// env, cwd/chdir/umask, hrtime, memoryUsage, nextTick, exit and exitCode, kill, warnings,
// the stdio streams (stdout/stderr written synchronously to descriptors 1 and 2, stdin a
// Readable over descriptor 0), the IPC channel of a forked child (`send`, 'message', ...
// when NODE_CHANNEL_FD is set), and the 'beforeExit'/'exit'/'uncaughtException'/'unhandledRejection'
// events.
//
// The `_`-prefixed methods are the event loop's: the engine calls them through the hooks
// `internal/bootstrap` registers.

const EventEmitter = require('events');
const processBinding = binding('process');
const engine = binding('engine');

const NODE_VERSION = '22.0.0';

const process = new EventEmitter();
Object.defineProperty(process, Symbol.toStringTag, {
  value: 'process', writable: false, enumerable: false, configurable: true,
});

process.title = 'node';
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
process.config = Object.freeze({ target_defaults: {}, variables: {} });
process.features = Object.freeze({ inspector: false, ipv6: true, tls: false, typescript: false });
process.debugPort = 9229;
process.allowedNodeEnvironmentFlags = new Set();

// `process.env` coerces every assigned value to a string, as Node's does.
function createEnv(values) {
  return new Proxy(Object.assign(Object.create(null), values), {
    set(target, key, value) {
      if (typeof key === 'symbol') return false;
      target[key] = String(value);
      return true;
    },
    defineProperty(target, key, descriptor) {
      if ('value' in descriptor) descriptor = { ...descriptor, value: String(descriptor.value) };
      return Reflect.defineProperty(target, key, descriptor);
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
  if (process.env.NODE_CHANNEL_FD !== undefined) {
    const channelFd = Number.parseInt(process.env.NODE_CHANNEL_FD, 10);
    delete process.env.NODE_CHANNEL_FD;
    delete process.env.NODE_CHANNEL_SERIALIZATION_MODE;
    if (channelFd >= 0) require('child_process')._forkChild(channelFd);
  }
};

// What the process does on an unhandled rejection (`--unhandled-rejections`), and whether
// warnings are printed (`--no-warnings`).
let unhandledRejections = 'throw';
let printWarnings = true;

// The Node options the engine acts on; every option stays listed in `execArgv`.
function applyNodeOptions(execArgv) {
  process.execArgv = execArgv;
  const given = (...names) => names.some((name) => execArgv.includes(name));
  if (given('--no-deprecation')) process.noDeprecation = true;
  if (given('--throw-deprecation')) process.throwDeprecation = true;
  if (given('--trace-deprecation')) process.traceDeprecation = true;
  printWarnings = !given('--no-warnings');
  const mode = execArgv.findLast((option) => option.startsWith('--unhandled-rejections='));
  if (mode !== undefined) unhandledRejections = mode.slice('--unhandled-rejections='.length);
  if (given('--expose-gc', '--expose_gc')) {
    Object.defineProperty(globalThis, 'gc', {
      value: function gc() { engine.collectGarbage(); },
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
process.cpuUsage = function cpuUsage(previous) {
  const micros = Number((processBinding.hrtime() - startNs) / 1000n);
  const usage = { user: micros, system: 0 };
  if (previous) {
    usage.user -= previous.user;
    usage.system -= previous.system;
  }
  return usage;
};
process.memoryUsage = () => processBinding.memoryUsage();
process.memoryUsage.rss = () => processBinding.memoryUsage().rss;
process.resourceUsage = () => ({
  userCPUTime: process.cpuUsage().user, systemCPUTime: 0,
  maxRSS: processBinding.memoryUsage().rss / 1024,
});

// ---------------------------------------------------------------------------------------
// nextTick

const tickQueue = [];
const asyncContext = () => require('internal/async_context');
process.nextTick = function nextTick(callback, ...args) {
  if (typeof callback !== 'function') {
    const { codes } = require('internal/errors');
    throw new codes.ERR_INVALID_ARG_TYPE('callback', 'Function', callback);
  }
  if (process._exiting) return;
  tickQueue.push({ callback, args, context: asyncContext().capture(undefined) });
};
process._runTicks = function runTicks() {
  const { runIn } = asyncContext();
  while (tickQueue.length > 0) {
    const { callback, args, context } = tickQueue.shift();
    runIn(context, callback, undefined, args);
  }
};
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

// Signals the kernel's process `pid` (a process group when negative). Signal 0 only
// checks existence, which this process can tell for itself and its unreaped children.
process.kill = function kill(pid, signal) {
  const { codes, ErrnoException, bindingErrnoException } = require('internal/errors');
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
  if (pid === process.pid) engine.exit(128 + number);
  try {
    binding('child_process').kill(pid, number);
  } catch (error) {
    throw bindingErrnoException(error, 'kill');
  }
  return true;
};

// ---------------------------------------------------------------------------------------
// Uncaught errors and rejections

process._handleUncaught = function handleUncaught(error, origin) {
  if (process.listenerCount('uncaughtException') === 0) return false;
  process.emit('uncaughtException', error, origin);
  return true;
};

const pendingRejections = new Map();
process._trackRejection = function trackRejection(promise, reason, handled) {
  if (handled) {
    pendingRejections.delete(promise);
  } else {
    pendingRejections.set(promise, reason);
  }
};

// Reports the rejections still unhandled after a turn of the loop, as
// `--unhandled-rejections` says: `throw` (the default: 'unhandledRejection', else an
// uncaught exception), `strict` (an uncaught exception first), `warn`,
// `warn-with-error-code` (a warning and exit code 1) or `none`.
process._processRejections = function processRejections() {
  for (const [promise, reason] of pendingRejections) {
    pendingRejections.delete(promise);
    switch (unhandledRejections) {
      case 'none':
        process.emit('unhandledRejection', reason, promise);
        break;
      case 'warn':
        process.emit('unhandledRejection', reason, promise);
        warnUnhandledRejection(reason);
        break;
      case 'warn-with-error-code':
        if (!process.emit('unhandledRejection', reason, promise)) {
          warnUnhandledRejection(reason);
          process.exitCode = 1;
        }
        break;
      case 'strict':
        if (!process._handleUncaught(unhandledRejectionError(reason), 'unhandledRejection')) {
          throw unhandledRejectionError(reason);
        }
        process.emit('unhandledRejection', reason, promise);
        break;
      default:
        if (!process.emit('unhandledRejection', reason, promise)) {
          throw unhandledRejectionError(reason);
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
  return error;
}

function warnUnhandledRejection(reason) {
  const { inspect } = require('util');
  const shown = reason instanceof Error && reason.stack ? reason.stack : inspect(reason);
  process.emitWarning(shown, 'UnhandledPromiseRejectionWarning');
}

// ---------------------------------------------------------------------------------------
// Warnings

process.emitWarning = function emitWarning(warning, type, code) {
  let detail;
  if (type !== null && typeof type === 'object') {
    ({ type, code, detail } = type);
  }
  if (typeof warning === 'string') {
    const error = new Error(warning);
    error.name = typeof type === 'string' ? type : 'Warning';
    if (code !== undefined) error.code = code;
    if (detail !== undefined) error.detail = detail;
    warning = error;
  }
  if (warning.name === 'DeprecationWarning') {
    if (process.noDeprecation) return;
    if (process.throwDeprecation) throw warning;
  }
  process.nextTick(() => process.emit('warning', warning));
};
process.on('warning', function printWarning(warning) {
  if (!printWarnings || process.listenerCount('warning') > 1) return;
  const code = warning.code ? `[${warning.code}] ` : '';
  let text = `(node:${process.pid}) ${code}${warning.name}: ${warning.message}\n`;
  if (warning.detail) text += `${warning.detail}\n`;
  processBinding.writeStdio(2, text);
});

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

module.exports = process;
