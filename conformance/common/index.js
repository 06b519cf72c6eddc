// A replacement for Node's test/common, written for running Node's own test/parallel files
// inside secure-exec-wasm (see ../README.md). It provides the helpers the tests use most,
// with the behaviour the tests rely on: call-count checks run when the process exits, and
// `skip` exits 0 after printing the TAP skip line the runner recognizes.
'use strict';

const assert = require('assert');
const path = require('path');
const util = require('util');

const callChecks = [];

function checkCallsAtExit(exitCode) {
  if (exitCode !== 0) return;
  const failed = callChecks.filter((check) => (check.exact === undefined
    ? check.actual < check.minimum : check.actual !== check.exact));
  for (const check of failed) {
    const expected = check.exact === undefined ? `at least ${check.minimum}` : `exactly ${check.exact}`;
    console.error(`Mismatched ${check.name} function calls. Expected ${expected}, actual ${check.actual}.\n${check.stack}`);
  }
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
  const map = typeof nameOrMap === 'string' ? { [nameOrMap]: [[expected, code]] } : nameOrMap;
  const pending = new Map();
  for (const [name, list] of Object.entries(map)) {
    const entries = typeof list === 'string' ? [[list]] : Array.isArray(list[0]) ? list : [list];
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
  expectsError,
  expectWarning,
  getArrayBufferViews,
  getBufferSources,
  hasCrypto: true,
  hasIntl: typeof Intl !== 'undefined',
  hasIPv6: false,
  hasQuic: false,
  invalidArgTypeHelper,
  isAIX: false,
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
  PIPE: path.join('/tmp', 'node-test.sock'),
  platformTimeout: (ms) => ms,
  printSkipMessage,
  skip,
  skipIf32Bits: noop,
  skipIfEslintMissing: () => skip('no eslint in the sandbox'),
  skipIfInspectorDisabled: () => skip('no inspector in the sandbox'),
  skipIfSQLiteMissing: () => skip('no sqlite in the sandbox'),
};
