// node:child_process — processes on the kernel: spawn, exec, execFile and fork (returning a
// ChildProcess), spawnSync, execSync and execFileSync, with Node 22's argument handling,
// defaults (`maxBuffer` 1 MiB for exec and the sync forms, `killSignal` 'SIGTERM'), results
// and errors, and util.promisify forms of exec and execFile resolving `{ stdout, stderr }`.
//
// The kernel finds the program (a path when the name contains '/', else on the PATH of the
// child's environment); `shell: true` runs `/bin/sh -c <command>`; `fork` runs
// `process.execPath` (this engine) on the module. Differences from Node: the child's argv[0]
// is always the program it runs (`argv0` only shows in `spawnargs`), `uid`/`gid` are
// validated but ignored, and sending handles over the channel is not supported.

const { Buffer } = require('buffer');
const { ChildProcess } = require('internal/child_process');
const { stdioStringToArray, normalizeStdio } = require('internal/child_process/stdio');
const { setupChannel } = require('internal/child_process/ipc_channel');
const { toSignalNumber } = require('internal/signals');
const { SymbolDispose } = require('internal/streams/utils');

const MAX_BUFFER = 1024 * 1024;
const kCustomPromisify = Symbol.for('nodejs.util.promisify.custom');

function errors() {
  return require('internal/errors');
}

function validateArgumentNullCheck(arg, propName) {
  if (typeof arg === 'string' && arg.includes('\u0000')) {
    throw new (errors().codes.ERR_INVALID_ARG_VALUE)(
      propName, arg, 'must be a string without null bytes');
  }
}

function validateArgumentsNullCheck(args, propName) {
  for (let i = 0; i < args.length; ++i) {
    validateArgumentNullCheck(args[i], `${propName}[${i}]`);
  }
}

function validateTimeout(timeout) {
  if (timeout != null && !(Number.isInteger(timeout) && timeout >= 0)) {
    throw new (errors().codes.ERR_OUT_OF_RANGE)('timeout', 'an unsigned integer', timeout);
  }
}

function validateMaxBuffer(maxBuffer) {
  if (maxBuffer != null && !(typeof maxBuffer === 'number' && maxBuffer >= 0)) {
    throw new (errors().codes.ERR_OUT_OF_RANGE)(
      'options.maxBuffer', 'a positive number', maxBuffer);
  }
}

// The kill signal as a number, or undefined when not given.
function sanitizeKillSignal(killSignal) {
  if (typeof killSignal === 'string' || typeof killSignal === 'number') {
    return toSignalNumber(killSignal);
  }
  if (killSignal != null) {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)(
      'options.killSignal', ['string', 'number'], killSignal);
  }
  return undefined;
}

// A path option (string, Buffer or file: URL) as a string (Node's getValidatedPath).
function validatedPath(path, propName) {
  if (path !== null && typeof path === 'object' && path.href !== undefined &&
      path.protocol !== undefined) {
    path = require('url').fileURLToPath(path);
  }
  if (path instanceof Uint8Array) path = Buffer.from(path).toString();
  if (typeof path !== 'string') {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)(propName, ['string', 'Buffer', 'URL'], path);
  }
  if (path.includes('\u0000')) {
    throw new (errors().codes.ERR_INVALID_ARG_VALUE)(
      propName, path, 'must be a string, Uint8Array, or URL without null bytes');
  }
  return path;
}

// Node's normalizeSpawnArguments: validated options plus `file`, `args` (the argv, argv0
// first), `envPairs` ('KEY=value'), `cwd` and `detached`.
function normalizeSpawnArguments(file, args, options) {
  const { codes, validateString, validateObject, validateBoolean, isInt32 } = errors();
  validateString(file, 'file');
  validateArgumentNullCheck(file, 'file');
  if (file.length === 0) throw new codes.ERR_INVALID_ARG_VALUE('file', file, 'cannot be empty');

  if (Array.isArray(args)) {
    args = [...args];
  } else if (args == null) {
    args = [];
  } else if (typeof args !== 'object') {
    throw new codes.ERR_INVALID_ARG_TYPE('args', 'object', args);
  } else {
    options = args;
    args = [];
  }
  validateArgumentsNullCheck(args, 'args');

  if (options === undefined) {
    options = {};
  } else {
    validateObject(options, 'options');
  }
  options = { __proto__: null, ...options };

  const cwd = options.cwd == null ? undefined : validatedPath(options.cwd, 'options.cwd');
  if (options.detached != null) validateBoolean(options.detached, 'options.detached');
  for (const id of ['uid', 'gid']) {
    if (options[id] != null && !isInt32(options[id])) {
      throw new codes.ERR_INVALID_ARG_TYPE(`options.${id}`, 'int32', options[id]);
    }
  }
  if (options.shell != null && typeof options.shell !== 'boolean' &&
      typeof options.shell !== 'string') {
    throw new codes.ERR_INVALID_ARG_TYPE('options.shell', ['boolean', 'string'], options.shell);
  }
  if (options.argv0 != null) {
    validateString(options.argv0, 'options.argv0');
    validateArgumentNullCheck(options.argv0, 'options.argv0');
  }
  for (const flag of ['windowsHide', 'windowsVerbatimArguments']) {
    if (options[flag] != null) validateBoolean(options[flag], `options.${flag}`);
  }
  errors().validateOneOf(options.serialization, 'options.serialization',
    [undefined, 'json', 'advanced']);

  if (options.shell) {
    validateArgumentNullCheck(options.shell, 'options.shell');
    const command = [file, ...args].join(' ');
    file = typeof options.shell === 'string' ? options.shell : '/bin/sh';
    args = ['-c', command];
  }
  args.unshift(typeof options.argv0 === 'string' ? options.argv0 : file);

  const env = options.env || process.env;
  const envPairs = [];
  // Inherited (prototype) keys are included, as in Node.
  for (const key in env) {
    const value = env[key];
    if (value !== undefined) {
      validateArgumentNullCheck(key, `options.env['${key}']`);
      validateArgumentNullCheck(value, `options.env['${key}']`);
      envPairs.push(`${key}=${value}`);
    }
  }

  return { __proto__: null, ...options, args, cwd, detached: !!options.detached, envPairs, file };
}

function abortChildProcess(child, killSignal, reason) {
  try {
    if (child.kill(killSignal)) {
      child.emit('error', new (errors().AbortError)(undefined, { cause: reason }));
    }
  } catch (error) {
    child.emit('error', error);
  }
}

function spawn(file, args, options) {
  options = normalizeSpawnArguments(file, args, options);
  validateTimeout(options.timeout);
  errors().validateAbortSignal(options.signal, 'options.signal');
  const killSignal = sanitizeKillSignal(options.killSignal);
  const child = new ChildProcess();
  child.spawn(options);

  if (options.timeout > 0) {
    let timeoutId = setTimeout(() => {
      timeoutId = null;
      try {
        child.kill(killSignal);
      } catch (error) {
        child.emit('error', error);
      }
    }, options.timeout);
    child.once('exit', () => {
      if (timeoutId !== null) clearTimeout(timeoutId);
      timeoutId = null;
    });
  }

  const { signal } = options;
  if (signal) {
    const onAbort = () => abortChildProcess(child, killSignal, signal.reason);
    if (signal.aborted) {
      process.nextTick(onAbort);
    } else {
      const listener = require('events').addAbortListener(signal, onAbort);
      child.once('exit', () => listener[SymbolDispose]());
    }
  }
  return child;
}

// A `node -e code` parent's options without the code, so a forked child runs its module.
function withoutEvalCode(execArgv) {
  const index = execArgv.findLastIndex((option) =>
    ['-e', '--eval', '-p', '--print'].includes(option));
  return index === -1 ? execArgv : execArgv.toSpliced(index, 2);
}

function fork(modulePath, args = [], options) {
  const { codes, validateArray, validateObject } = errors();
  modulePath = validatedPath(modulePath, 'modulePath');
  if (args == null) {
    args = [];
  } else if (typeof args === 'object' && !Array.isArray(args)) {
    options = args;
    args = [];
  } else {
    validateArray(args, 'args');
  }
  if (options != null) validateObject(options, 'options');
  options = { __proto__: null, ...options, shell: false };
  options.execPath = options.execPath || process.execPath;
  validateArgumentNullCheck(options.execPath, 'options.execPath');
  const execArgv = options.execArgv || withoutEvalCode(process.execArgv);
  validateArgumentsNullCheck(execArgv, 'options.execArgv');
  args = [...execArgv, modulePath, ...args];

  if (typeof options.stdio === 'string') {
    options.stdio = stdioStringToArray(options.stdio, 'ipc');
  } else if (!Array.isArray(options.stdio)) {
    options.stdio = stdioStringToArray(options.silent ? 'pipe' : 'inherit', 'ipc');
  } else if (!options.stdio.includes('ipc')) {
    throw new codes.ERR_CHILD_PROCESS_IPC_REQUIRED('options.stdio');
  }
  return spawn(options.execPath, args, options);
}

// Called at startup in a child with NODE_CHANNEL_FD: the channel to the parent is the
// descriptor pair (fd, fd + 1), read and write ends, in the parent's `serialization`
// ('json' or 'advanced'). Reading it keeps the child alive only while someone listens for
// 'message' or 'disconnect'.
function _forkChild(fd, serialization) {
  const ends = { read: fd, write: fd + 1 };
  const control = setupChannel(process, ends, { refed: false, serialization });
  process.on('newListener', (name) => {
    if (name === 'message' || name === 'disconnect') control.refCounted();
  });
  process.on('removeListener', (name) => {
    if (name === 'message' || name === 'disconnect') control.unrefCounted();
  });
}

function normalizeExecArgs(command, options, callback) {
  errors().validateString(command, 'command');
  validateArgumentNullCheck(command, 'command');
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  options = { __proto__: null, ...options };
  options.shell = typeof options.shell === 'string' ? options.shell : true;
  return { file: command, options, callback };
}

function exec(command, options, callback) {
  const opts = normalizeExecArgs(command, options, callback);
  return module.exports.execFile(opts.file, opts.options, opts.callback);
}

// util.promisify(exec/execFile): resolves `{ stdout, stderr }`, rejects with the error
// carrying them; the promise's `child` is the ChildProcess.
function customPromiseExecFunction(orig) {
  return (...args) => {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.child = orig(...args, (error, stdout, stderr) => {
      if (error !== null) {
        error.stdout = stdout;
        error.stderr = stderr;
        reject(error);
      } else {
        resolve({ stdout, stderr });
      }
    });
    return promise;
  };
}

Object.defineProperty(exec, kCustomPromisify, {
  enumerable: false,
  value: customPromiseExecFunction(exec),
});

function normalizeExecFileArgs(file, args, options, callback) {
  if (Array.isArray(args)) {
    args = [...args];
  } else if (args != null && typeof args === 'object') {
    callback = options;
    options = args;
    args = null;
  } else if (typeof args === 'function') {
    callback = args;
    options = null;
    args = null;
  }
  args ??= [];
  if (typeof options === 'function') {
    callback = options;
  } else if (options != null) {
    errors().validateObject(options, 'options');
  }
  if (options == null || typeof options === 'function') options = {};
  if (callback != null) errors().validateFunction(callback, 'callback');
  if (options.argv0 != null) {
    errors().validateString(options.argv0, 'options.argv0');
    validateArgumentNullCheck(options.argv0, 'options.argv0');
  }
  return { file, args, options, callback };
}

function execFile(file, args, options, callback) {
  ({ file, args, options, callback } = normalizeExecFileArgs(file, args, options, callback));
  options = {
    __proto__: null,
    encoding: 'utf8',
    timeout: 0,
    maxBuffer: MAX_BUFFER,
    killSignal: 'SIGTERM',
    cwd: null,
    env: null,
    shell: false,
    ...options,
  };
  validateTimeout(options.timeout);
  validateMaxBuffer(options.maxBuffer);
  options.killSignal = sanitizeKillSignal(options.killSignal);

  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env,
    gid: options.gid,
    shell: options.shell,
    signal: options.signal,
    uid: options.uid,
    windowsHide: !!options.windowsHide,
    windowsVerbatimArguments: !!options.windowsVerbatimArguments,
  });

  const encoding = options.encoding !== 'buffer' && Buffer.isEncoding(options.encoding) ?
    options.encoding : null;
  const collected = { stdout: [], stderr: [] };
  const lengths = { stdout: 0, stderr: 0 };
  let killed = false;
  let exited = false;
  let timeoutId = null;
  let failure = null;

  function joined(name) {
    const stream = child[name];
    return encoding || (stream && stream.readableEncoding) ?
      collected[name].join('') : Buffer.concat(collected[name]);
  }

  function exithandler(code, signal) {
    if (exited) return;
    exited = true;
    if (timeoutId !== null) {
      clearTimeout(timeoutId);
      timeoutId = null;
    }
    if (!callback) return;
    const stdout = joined('stdout');
    const stderr = joined('stderr');
    if (failure === null && code === 0 && signal === null) {
      callback(null, stdout, stderr);
      return;
    }
    let cmd = file;
    if (args.length !== 0) cmd += ` ${args.join(' ')}`;
    if (failure === null) {
      failure = errors().genericNodeError(`Command failed: ${cmd}\n${stderr}`, {
        code: code < 0 ? errors().getSystemErrorName(code) : code,
        killed: child.killed || killed,
        signal,
      });
    }
    failure.cmd = cmd;
    callback(failure, stdout, stderr);
  }

  function errorhandler(error) {
    failure = error;
    if (child.stdout) child.stdout.destroy();
    if (child.stderr) child.stderr.destroy();
    exithandler();
  }

  function kill() {
    if (child.stdout) child.stdout.destroy();
    if (child.stderr) child.stderr.destroy();
    killed = true;
    try {
      child.kill(options.killSignal);
    } catch (error) {
      failure = error;
      exithandler();
    }
  }

  if (options.timeout > 0) {
    timeoutId = setTimeout(() => {
      timeoutId = null;
      kill();
    }, options.timeout);
  }

  for (const name of ['stdout', 'stderr']) {
    const stream = child[name];
    if (!stream) continue;
    if (encoding) stream.setEncoding(encoding);
    stream.on('data', (chunk) => {
      if (options.maxBuffer === Infinity) {
        collected[name].push(chunk);
        return;
      }
      const streamEncoding = stream.readableEncoding;
      const length = streamEncoding ? Buffer.byteLength(chunk, streamEncoding) : chunk.length;
      lengths[name] += length;
      if (lengths[name] > options.maxBuffer) {
        const truncatedLength = options.maxBuffer - (lengths[name] - length);
        collected[name].push(chunk.slice(0, truncatedLength));
        failure = new (errors().codes.ERR_CHILD_PROCESS_STDIO_MAXBUFFER)(name);
        kill();
      } else {
        collected[name].push(chunk);
      }
    });
  }

  child.addListener('close', exithandler);
  child.addListener('error', errorhandler);
  return child;
}

Object.defineProperty(execFile, kCustomPromisify, {
  enumerable: false,
  value: customPromiseExecFunction(execFile),
});

function spawnSync(file, args, options) {
  options = {
    __proto__: null, maxBuffer: MAX_BUFFER, ...normalizeSpawnArguments(file, args, options),
  };
  validateTimeout(options.timeout);
  validateMaxBuffer(options.maxBuffer);
  options.killSignal = sanitizeKillSignal(options.killSignal) ?? toSignalNumber('SIGTERM');

  const { entries } = normalizeStdio(options.stdio || 'pipe', true);
  if (options.input && entries[0].type === 'pipe') entries[0] = { ...entries[0], input: options.input };
  entries.forEach((entry, i) => {
    const { input } = entry;
    if (input == null || ArrayBuffer.isView(input)) return;
    if (typeof input !== 'string') {
      throw new (errors().codes.ERR_INVALID_ARG_TYPE)(
        `options.stdio[${i}]`, ['Buffer', 'TypedArray', 'DataView', 'string'], input);
    }
    entries[i] = { ...entry, input: Buffer.from(input, options.encoding) };
  });
  const spawnOptions = { __proto__: null, ...options, stdio: entries };
  return require('internal/child_process/spawn_sync').spawnSync(spawnOptions);
}

function checkExecSyncError(result, args, cmd) {
  if (result.error) return Object.assign(result.error, result);
  if (result.status === 0) return undefined;
  let message = `Command failed: ${cmd || args.join(' ')}`;
  if (result.stderr && result.stderr.length > 0) message += `\n${result.stderr.toString()}`;
  return errors().genericNodeError(message, result);
}

function execFileSync(file, args, options) {
  ({ file, args, options } = normalizeExecFileArgs(file, args, options));
  const inheritStderr = !options.stdio;
  const result = spawnSync(file, args, options);
  if (inheritStderr && result.stderr) process.stderr.write(result.stderr);
  const error = checkExecSyncError(result, [options.argv0 || file, ...args]);
  if (error) throw error;
  return result.stdout;
}

function execSync(command, options) {
  const opts = normalizeExecArgs(command, options, null);
  const inheritStderr = !opts.options.stdio;
  const result = spawnSync(opts.file, opts.options);
  if (inheritStderr && result.stderr) process.stderr.write(result.stderr);
  const error = checkExecSyncError(result, undefined, command);
  if (error) throw error;
  return result.stdout;
}

module.exports = {
  _forkChild,
  ChildProcess,
  exec,
  execFile,
  execFileSync,
  execSync,
  fork,
  spawn,
  spawnSync,
};
