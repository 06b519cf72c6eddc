// A replacement for Node's test/common, written for running Node's own test/parallel files
// inside secure-exec-wasm (see ../README.md). It provides the helpers the tests use most,
// with the behaviour the tests rely on: call-count checks run when the process exits, and
// `skip` exits 0 after printing the TAP skip line the runner recognizes.
'use strict';

const assert = require('assert');
const path = require('path');
const util = require('util');

// Bound now: some tests replace the `process` global (as Node's own test/common does).
const process = globalThis.process;

const callChecks = [];

// As Node's test/common: a longer happy eyeballs attempt timeout, so that slow runs do not
// give up on connections that are merely late.
{
  const net = require('net');
  net.setDefaultAutoSelectFamilyAttemptTimeout(net.getDefaultAutoSelectFamilyAttemptTimeout() * 10);
}

function checkCallsAtExit(exitCode) {
  if (exitCode !== 0) return;
  const failed = callChecks.filter((check) => (check.exact === undefined
    ? check.actual < check.minimum : check.actual !== check.exact));
  // forEach, as in Node's test/common: tests may have deleted the array iterator.
  failed.forEach((check) => {
    const expected = check.exact === undefined ? `at least ${check.minimum}` : `exactly ${check.exact}`;
    console.error(`Mismatched ${check.name} function calls. Expected ${expected}, actual ${check.actual}.\n${check.stack}`);
  });
  if (failed.length > 0) process.exitCode = 1;
}

function trackCalls(fn, exact, minimum) {
  if (callChecks.length === 0) process.on('exit', checkCallsAtExit);
  const check = {
    name: fn.name || '<anonymous>',
    exact,
    minimum,
    actual: 0,
    stack: new Error().stack.split('\n').slice(2).join('\n'),
  };
  callChecks.push(check);
  const wrapped = function (...args) {
    check.actual++;
    return fn.apply(this, args);
  };
  Object.defineProperty(wrapped, 'length', { value: fn.length });
  Object.defineProperty(wrapped, 'name', { value: fn.name });
  return wrapped;
}

const noop = () => {};

function mustCall(fn, exact) {
  if (typeof fn === 'number') [fn, exact] = [noop, fn];
  return trackCalls(fn || noop, exact ?? 1, undefined);
}

function mustCallAtLeast(fn, minimum) {
  if (typeof fn === 'number') [fn, minimum] = [noop, fn];
  return trackCalls(fn || noop, undefined, minimum ?? 1);
}

function mustSucceed(fn, exact) {
  return mustCall(function (error, ...args) {
    assert.ifError(error);
    if (typeof fn === 'function') return fn.apply(this, args);
    return undefined;
  }, exact);
}

function mustNotCall(message) {
  const stack = new Error().stack;
  return function mustNotCall(...args) {
    const argsText = args.length > 0 ? `\ncalled with arguments: ${args.map((a) => util.inspect(a)).join(', ')}` : '';
    assert.fail(`${message || 'function should not have been called'} at ${stack}${argsText}`);
  };
}

function expectsError(validator, exact) {
  return mustCall((...args) => {
    if (args.length !== 1) assert.fail(`Expected one argument, got ${util.inspect(args)}`);
    const error = args[0];
    assert.throws(() => { throw error; }, validator);
    return true;
  }, exact);
}

// `expectWarning(name, message, code)` or `expectWarning({ Name: [[message, code], ...] })`.
function expectWarning(nameOrMap, expected, code) {
  // With a name, `expected` is one message, a list of [message, code] pairs, or an object
  // mapping codes to messages.
  let list = [[expected, code]];
  if (Array.isArray(expected)) {
    list = expected;
  } else if (expected !== null && typeof expected === 'object' && !(expected instanceof RegExp)) {
    list = Object.entries(expected).map(([warningCode, message]) => [message, warningCode]);
  }
  const map = typeof nameOrMap === 'string' ? { [nameOrMap]: list } : nameOrMap;
  const pending = new Map();
  for (const [name, list] of Object.entries(map)) {
    // A message, a [message, code] pair, a list of pairs, or an object mapping codes to
    // messages.
    let entries;
    if (typeof list === 'string') entries = [[list]];
    else if (!Array.isArray(list)) entries = Object.entries(list).map(([c, message]) => [message, c]);
    else entries = Array.isArray(list[0]) ? list : [list];
    pending.set(name, entries.map((entry) => (Array.isArray(entry) ? entry : [entry])));
  }
  process.on('warning', mustCallAtLeast((warning) => {
    const queue = pending.get(warning.name);
    if (!queue) return;
    const [message, expectedCode] = queue.shift() || [];
    if (message instanceof RegExp) assert.match(warning.message, message);
    else if (message !== undefined) assert.strictEqual(warning.message, message);
    if (expectedCode !== undefined) assert.strictEqual(warning.code, expectedCode);
  }, 0));
}

function printSkipMessage(message) {
  console.log(`1..0 # Skipped: ${message}`);
}

function skip(message) {
  printSkipMessage(message);
  process.exit(0);
}

// The ` Received ...` tail of Node's ERR_INVALID_ARG_TYPE messages.
function invalidArgTypeHelper(input) {
  if (input == null) return ` Received ${input}`;
  if (typeof input === 'function') return ` Received function ${input.name}`;
  if (typeof input === 'object') {
    if (input.constructor && input.constructor.name) {
      return ` Received an instance of ${input.constructor.name}`;
    }
    return ` Received ${util.inspect(input, { depth: -1 })}`;
  }
  let inspected = util.inspect(input, { colors: false });
  if (inspected.length > 28) inspected = `${inspected.slice(0, 25)}...`;
  return ` Received type ${typeof input} (${inspected})`;
}

// A shell command with each interpolated value passed through the environment
// (`"${process.execPath}"` becomes `"${ESCAPED_0}"`), so no value needs quoting:
// returns `[command, { env }]` for exec/spawn.
function escapePOSIXShell(parts, ...values) {
  const env = { ...process.env };
  let command = parts[0];
  values.forEach((value, i) => {
    env[`ESCAPED_${i}`] = value;
    command += `\${ESCAPED_${i}}${parts[i + 1]}`;
  });
  return [command, { env }];
}

// Calls `fn` with a descriptor that is not open, found by probing down from 2^30.
function runWithInvalidFD(fn) {
  const fs = require('fs');
  for (let fd = 1 << 30; fd > 0; fd--) {
    try {
      fs.fstatSync(fd);
    } catch {
      return fn(fd);
    }
  }
  printSkipMessage('Could not generate an invalid fd');
  return undefined;
}

// Whether process `pid` is still running: signalling it succeeds.
function isAlive(pid) {
  try {
    process.kill(pid, 'SIGCONT');
    return true;
  } catch {
    return false;
  }
}

// spawn(...args) as a promise of `{ code, signal, stdout, stderr }` once the child closes.
function spawnPromisified(...args) {
  const child = require('child_process').spawn(...args);
  const output = { stdout: '', stderr: '' };
  for (const name of ['stdout', 'stderr']) {
    child[name].setEncoding('utf8');
    child[name].on('data', (chunk) => { output[name] += chunk; });
  }
  return new Promise((resolve, reject) => {
    child.on('close', (code, signal) => resolve({ code, signal, ...output }));
    child.on('error', (code, signal) => reject({ code, signal, ...output }));
  });
}

// Whether a child's exit says it aborted: SIGABRT (or SIGILL/SIGTRAP), as a signal or as
// the shell's 128 + signal exit code.
function nodeProcessAborted(exitCode, signal) {
  return ['SIGILL', 'SIGTRAP', 'SIGABRT'].includes(signal) || [132, 133, 134].includes(exitCode);
}

// Runs this script again as `node --abort-on-uncaught-exception <script> child` and
// asserts that the child aborts. (The sandbox makes no core files, so no `ulimit -c 0`.)
function childShouldThrowAndAbort() {
  const [command, options] = escapePOSIXShell`"${process.execPath}" --abort-on-uncaught-exception "${process.argv[1]}" child`;
  const child = require('child_process').exec(command, options);
  child.on('exit', mustCall((exitCode, signal) => {
    assert(nodeProcessAborted(exitCode, signal),
           `Test should have aborted but instead exited with exit code ${exitCode} and signal ${signal}`);
  }));
}

// A file descriptor that is a terminal, or -1 when the process has none.
function getTTYfd() {
  const tty = require('tty');
  const fd = [1, 2, 4, 5].find((candidate) => tty.isatty(candidate));
  if (fd !== undefined) return fd;
  try {
    return require('fs').openSync('/dev/tty');
  } catch {
    return -1;
  }
}

function getArrayBufferViews(buffer) {
  const { buffer: bytes, byteOffset, byteLength } = buffer;
  const types = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
    Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView];
  return types
    .filter((Type) => byteLength % (Type.BYTES_PER_ELEMENT || 1) === 0)
    .map((Type) => new Type(bytes, byteOffset, byteLength / (Type.BYTES_PER_ELEMENT || 1)));
}

function getBufferSources(buffer) {
  return [...getArrayBufferViews(buffer), new Uint8Array(buffer).buffer];
}

// A view of `value` that throws on any mutation, however deep.
function mustNotMutateObjectDeep(value) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  const refuse = () => { assert.fail('Expected no side effects, got a mutation'); };
  return new Proxy(value, {
    get(target, key, receiver) {
      const result = Reflect.get(target, key, receiver);
      return typeof result === 'object' ? mustNotMutateObjectDeep(result) : result;
    },
    set: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
    setPrototypeOf: refuse,
  });
}

module.exports = {
  allowGlobals: noop,
  canCreateSymLink: () => true,
  childShouldThrowAndAbort,
  escapePOSIXShell,
  expectsError,
  expectWarning,
  getArrayBufferViews,
  getBufferSources,
  getTTYfd,
  hasCrypto: true,
  hasIntl: typeof Intl !== 'undefined',
  // As in Node's test/common: whether the loopback interface has an IPv6 address.
  hasIPv6: Object.entries(require('os').networkInterfaces()).some(([name, addresses]) =>
    /lo/.test(name) && addresses.some(({ family }) => family === 'IPv6')),
  hasQuic: false,
  invalidArgTypeHelper,
  isAIX: false,
  isAlive,
  isFreeBSD: false,
  isIBMi: false,
  isLinux: true,
  isMacOS: false,
  isMainThread: true,
  isOpenBSD: false,
  isSunOS: false,
  isWindows: false,
  localhostIPv4: '127.0.0.1',
  mustCall,
  mustCallAtLeast,
  mustNotCall,
  mustNotMutateObjectDeep,
  mustSucceed,
  nodeProcessAborted,
  PIPE: path.join('/tmp', 'node-test.sock'),
  pwdCommand: ['pwd', []],
  platformTimeout: (ms) => ms,
  printSkipMessage,
  runWithInvalidFD,
  skip,
  // The engine is wasm32: buffers are limited to 32-bit sizes, as in Node's 32-bit builds.
  skipIf32Bits() {
    if (require('buffer').constants.MAX_LENGTH < 2 ** 32) {
      skip('The tested feature is not available in 32bit builds');
    }
  },
  skipIfEslintMissing: () => skip('no eslint in the sandbox'),
  skipIfInspectorDisabled: () => skip('no inspector in the sandbox'),
  skipIfSQLiteMissing: () => skip('no sqlite in the sandbox'),
  spawnPromisified,
};
