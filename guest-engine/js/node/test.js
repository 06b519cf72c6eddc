// node:test — Node's test runner, in-process: `test`/`it` and `describe`/`suite` with
// subtests, hooks (`before`, `after`, `beforeEach`, `afterEach`), the `skip`/`todo`/`only`
// options and methods, `timeout`, `signal`, `plan`, callback-style tests, `t.assert` (with
// custom assertions added by `assert.register`),
// `mock` (functions, methods, getters and setters), and Node's TAP report on stdout.
// A failure sets `process.exitCode` to 1; tests still pending when the event loop runs dry
// fail as in Node. Running test files (`run()`), mock timers, snapshots and coverage are
// not available and throw ERR_METHOD_NOT_IMPLEMENTED.
//
// Tests run one at a time, in the order they were declared; a test's subtests run after
// each other and before it completes (Node's default concurrency of 1).

const assert = require('assert');
const { performance } = require('perf_hooks');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_METHOD_NOT_IMPLEMENTED },
  validateFunction,
  validateNumber,
  validateObject,
  validateString,
} = require('internal/errors');

// The longest delay a timer takes.
const TIMEOUT_MAX = 2 ** 31 - 1;

// Counts for the final report.
const summary = { tests: 0, suites: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
const started = performance.now();

function write(line) {
  process.stdout.write(`${line}\n`);
}

// Node's TAP escaping of a test name on an `ok` line.
function tapName(name) {
  return name.replace(/\\/g, '\\\\').replace(/#/g, '\\#').replace(/\n/g, '\\n');
}

// `test(name, options, fn)` in any of Node's argument orders.
function parseArgs(args) {
  let name;
  let options = {};
  let fn;
  for (const arg of args) {
    if (typeof arg === 'string') name ??= arg;
    else if (typeof arg === 'function') fn ??= arg;
    else if (arg !== null && typeof arg === 'object') options = arg;
  }
  return { name: name || fn?.name || '<anonymous>', options, fn };
}

// A failure of the runner's own making, shaped as Node's `ERR_TEST_FAILURE`.
function testFailure(message, failureType) {
  const error = new Error(message);
  error.code = 'ERR_TEST_FAILURE';
  error.failureType = failureType;
  return error;
}

// Rejects after `ms` with Node's timeout failure, unless `promise` settles first.
function withTimeout(promise, ms) {
  if (ms === undefined || ms === Infinity) return promise;
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      reject(testFailure(`test timed out after ${ms}ms`, 'testTimeoutFailure'));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------
// Mocks.

class MockFunctionContext {
  #calls = [];
  #implementation;
  #original;
  #once = new Map();
  #restore;

  constructor(implementation, original, restore) {
    this.#implementation = implementation;
    this.#original = original;
    this.#restore = restore;
  }

  get calls() {
    return [...this.#calls];
  }

  callCount() {
    return this.#calls.length;
  }

  mockImplementation(implementation) {
    this.#implementation = implementation;
  }

  mockImplementationOnce(implementation, onCall = this.#calls.length) {
    this.#once.set(onCall, implementation);
  }

  resetCalls() {
    this.#calls = [];
  }

  restore() {
    this.#implementation = this.#original;
    this.#restore?.();
  }

  // What the call about to be recorded runs.
  nextImplementation() {
    const call = this.#calls.length;
    const once = this.#once.get(call);
    this.#once.delete(call);
    return once ?? this.#implementation;
  }

  record(call) {
    this.#calls.push(call);
  }
}

function mockFunction(original, implementation, restore, times = Infinity) {
  const context = new MockFunctionContext(implementation, original, restore);
  let remaining = times;
  function mocked(...args) {
    const target = new.target;
    const run = remaining-- > 0 ? context.nextImplementation() : original;
    const stack = new Error();
    try {
      const result = target ? Reflect.construct(run, args, target) : run.apply(this, args);
      context.record({ arguments: args, error: undefined, result, stack, target, this: this });
      return result;
    } catch (error) {
      context.record({ arguments: args, error, result: undefined, stack, target, this: this });
      throw error;
    }
  }
  Object.defineProperty(mocked, 'mock', { value: context, enumerable: false });
  Object.defineProperty(mocked, 'name', { value: original.name });
  Object.defineProperty(mocked, 'length', { value: original.length });
  return mocked;
}

class MockTracker {
  #mocks = [];

  fn(original = function() {}, implementation = original, options = {}) {
    if (typeof original === 'object' && original !== null) {
      options = original;
      original = function() {};
      implementation = original;
    } else if (typeof implementation === 'object' && implementation !== null) {
      options = implementation;
      implementation = original;
    }
    const mocked = mockFunction(original, implementation, undefined, options.times);
    this.#mocks.push(mocked.mock);
    return mocked;
  }

  method(object, name, implementation, options = {}) {
    if (typeof implementation === 'object' && implementation !== null) {
      options = implementation;
      implementation = undefined;
    }
    const accessor = options.getter ? 'get' : options.setter ? 'set' : 'value';
    const descriptor = findDescriptor(object, name);
    const original = descriptor?.[accessor];
    if (typeof original !== 'function') {
      throw new ERR_INVALID_ARG_TYPE(`object['${String(name)}']`, 'Function', original);
    }
    const restore = () => Object.defineProperty(object, name, descriptor);
    const mocked = mockFunction(original, implementation ?? original, restore, options.times);
    Object.defineProperty(object, name, { ...descriptor, [accessor]: mocked });
    this.#mocks.push(mocked.mock);
    return mocked;
  }

  getter(object, name, implementation, options = {}) {
    return this.method(object, name, implementation, { ...options, getter: true });
  }

  setter(object, name, implementation, options = {}) {
    return this.method(object, name, implementation, { ...options, setter: true });
  }

  get timers() {
    throw new ERR_METHOD_NOT_IMPLEMENTED('mock.timers');
  }

  module() {
    throw new ERR_METHOD_NOT_IMPLEMENTED('mock.module');
  }

  reset() {
    this.restoreAll();
    this.#mocks = [];
  }

  restoreAll() {
    for (const mock of this.#mocks) mock.restore();
  }
}

// The property descriptor of `name` on `object` or its prototype chain.
function findDescriptor(object, name) {
  for (let target = object; target !== null; target = Object.getPrototypeOf(target)) {
    const descriptor = Object.getOwnPropertyDescriptor(target, name);
    if (descriptor !== undefined) return descriptor;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Tests and suites.

class Test {
  constructor({ name, options = {}, fn, parent, suite = false }) {
    if (fn !== undefined && typeof fn !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('fn', 'Function', fn);
    }
    this.name = name;
    this.fn = fn;
    this.parent = parent;
    this.suite = suite;
    this.depth = parent === null ? 0 : parent.depth + 1;
    this.skipReason = options.skip === true ? '' : (options.skip || null);
    this.todoReason = options.todo === true ? '' : (options.todo || null);
    this.timeout = options.timeout;
    this.planned = options.plan;
    this.assertions = 0;
    this.controller = new AbortController();
    if (options.signal !== undefined) {
      options.signal.addEventListener('abort', () => this.controller.abort(options.signal.reason));
    }
    this.hooks = { before: [], after: [], beforeEach: [], afterEach: [] };
    this.children = [];
    // The chain subtests run on, one after the other.
    this.queue = Promise.resolve();
    this.error = null;
    this.cancelled = false;
    this.lines = [];
    this.mock = new MockTracker();
    // A suite's declarations (its function may be async).
    this.defined = Promise.resolve();
    this.finished = new Promise((resolve) => {
      this.markFinished = resolve;
    });
  }

  get fullName() {
    const names = [];
    for (let test = this; test !== null && test.parent !== null; test = test.parent) {
      names.unshift(test.name);
    }
    return names.join(' > ');
  }

  // Queues `child` to run after the tests queued before it.
  enqueue(child) {
    this.children.push(child);
    this.queue = this.queue.then(() => child.run());
  }

  // Every `beforeEach` (or `afterEach`) from the outermost ancestor inwards.
  ancestorHooks(kind) {
    const hooks = [];
    for (let test = this.parent; test !== null; test = test.parent) {
      hooks.unshift(...test.hooks[kind]);
    }
    return kind === 'afterEach' ? hooks.reverse() : hooks;
  }

  async runHooks(hooks, context) {
    for (const hook of hooks) {
      await withTimeout(Promise.resolve().then(() => hook.fn.call(context, context)),
                        hook.timeout);
    }
  }

  async run() {
    const previous = current;
    const context = this.suite ? new SuiteContext(this) : new TestContext(this);
    const start = performance.now();
    if (this.skipReason === null) {
      // `beforeEach`/`afterEach` wrap tests, not the suites between them.
      const around = (kind) => (this.suite ? [] : this.ancestorHooks(kind));
      try {
        await this.runHooks(around('beforeEach'), context);
        current = this;
        await withTimeout(this.invoke(context), this.timeout);
        await this.queue;
        await this.runHooks(this.hooks.after, context);
        if (this.planned !== undefined && this.planned !== this.assertions) {
          throw testFailure(
            `plan expected ${this.planned} assertions but received ${this.assertions}`,
            'testCodeFailure');
        }
      } catch (error) {
        this.error ??= error;
      } finally {
        current = previous;
        try {
          await this.runHooks(around('afterEach'), context);
        } catch (error) {
          this.error ??= error;
        }
        this.mock.restoreAll();
      }
    }
    this.report(performance.now() - start);
    this.markFinished();
  }

  // Runs the body: a suite's children, a test's function (promise or callback style).
  async invoke(context) {
    if (this.suite) {
      await this.defined;
      await this.runHooks(this.hooks.before, context);
      for (const child of this.children) await child.run();
      return;
    }
    await this.runHooks(this.hooks.before, context);
    if (this.fn === undefined) return;
    if (this.fn.length >= 2) {
      await new Promise((resolve, reject) => {
        const done = (error) => (error ? reject(error) : resolve());
        this.fn.call(context, context, done);
      });
      return;
    }
    await this.fn.call(context, context);
  }

  report(duration) {
    if (this.suite) summary.suites++;
    else summary.tests++;
    const failed = this.error !== null || this.children.some((child) => child.failed);
    this.failed = failed && this.todoReason === null;
    let directive = '';
    if (this.skipReason !== null) {
      summary.skipped++;
      directive = ` # SKIP${this.skipReason ? ` ${this.skipReason}` : ''}`;
    } else if (this.todoReason !== null) {
      summary.todo++;
      directive = ` # TODO${this.todoReason ? ` ${this.todoReason}` : ''}`;
    } else if (this.cancelled) {
      summary.cancelled++;
    } else if (failed) {
      summary.fail++;
    } else if (!this.suite) {
      summary.pass++;
    }
    const indent = '    '.repeat(this.depth - 1);
    const lines = [`${indent}# Subtest: ${this.name}`];
    for (const child of this.children) lines.push(...child.lines);
    if (this.children.length > 0) lines.push(`${indent}    1..${this.children.length}`);
    const number = this.parent.children.indexOf(this) + 1 || this.parent.children.length;
    lines.push(`${indent}${failed ? 'not ok' : 'ok'} ${number} - ${tapName(this.name)}${directive}`);
    lines.push(`${indent}  ---`, `${indent}  duration_ms: ${duration.toFixed(6)}`);
    if (this.suite) lines.push(`${indent}  type: 'suite'`);
    if (this.error !== null) lines.push(...describeError(this.error, `${indent}  `));
    lines.push(`${indent}  ...`);
    if (this.depth === 1) {
      for (const line of lines) write(line);
    } else {
      this.lines = lines;
    }
  }
}

function describeError(error, indent) {
  const lines = [`${indent}failureType: '${error?.failureType ?? 'testCodeFailure'}'`];
  const message = error instanceof Error ? error.message : String(error);
  lines.push(`${indent}error: ${JSON.stringify(message)}`);
  if (error?.code !== undefined) lines.push(`${indent}code: '${error.code}'`);
  if (typeof error?.stack === 'string') {
    lines.push(`${indent}stack: |-`);
    for (const line of error.stack.split('\n').slice(1)) lines.push(`${indent}  ${line.trim()}`);
  }
  return lines;
}

// The test or suite a context belongs to.
const kTest = Symbol('kTest');

class SuiteContext {
  constructor(test) {
    this[kTest] = test;
  }

  get name() { return this[kTest].name; }
  get fullName() { return this[kTest].fullName; }
  get signal() { return this[kTest].controller.signal; }
  get filePath() { return process.argv[1]; }
}

class TestContext extends SuiteContext {
  get mock() { return this[kTest].mock; }

  // node:assert's functions and the registered custom assertions, each counted toward the
  // test's plan and called with the context as `this`.
  get assert() {
    const test = this[kTest];
    const counted = {};
    const methods = Object.entries(assert)
      .filter(([name, method]) => typeof method === 'function' && !/^[A-Z]/.test(name));
    for (const [name, method] of [...methods, ...customAssertions]) {
      counted[name] = (...args) => {
        test.assertions++;
        return Reflect.apply(method, this, args);
      };
    }
    return counted;
  }

  diagnostic(message) {
    this[kTest].lines.push(`# ${message}`);
  }

  plan(count) {
    this[kTest].planned = count;
  }

  // Calls `condition` every `interval` ms until it returns (or resolves), with its value;
  // rejects once `timeout` ms pass, with the last failure as the error's cause.
  waitFor(condition, options = {}) {
    validateFunction(condition, 'condition');
    validateObject(options, 'options');
    const { interval = 50, timeout = 1000 } = options;
    validateNumber(interval, 'options.interval', 0, TIMEOUT_MAX);
    validateNumber(timeout, 'options.timeout', 0, TIMEOUT_MAX);
    return new Promise((resolve, reject) => {
      let lastError;
      let failed = false;
      let timedOut = false;
      let poll;
      const deadline = setTimeout(() => {
        timedOut = true;
        clearTimeout(poll);
        const error = testFailure('waitFor() timed out', 'testTimeoutFailure');
        if (failed) error.cause = lastError;
        reject(error);
      }, timeout);
      const attempt = async () => {
        try {
          const result = await condition();
          clearTimeout(deadline);
          resolve(result);
        } catch (error) {
          failed = true;
          lastError = error;
          if (!timedOut) poll = setTimeout(attempt, interval);
        }
      };
      attempt();
    });
  }

  skip(message = '') {
    this[kTest].skipReason = message;
  }

  todo(message = '') {
    this[kTest].todoReason = message;
  }

  runOnly() {}

  test(...args) {
    const { name, options, fn } = parseArgs(args);
    const subtest = new Test({ name, options, fn, parent: this[kTest] });
    this[kTest].assertions++;
    this[kTest].enqueue(subtest);
    return subtest.finished;
  }

  before(fn, options) { addHook(this[kTest], 'before', fn, options); }
  after(fn, options) { addHook(this[kTest], 'after', fn, options); }
  beforeEach(fn, options) { addHook(this[kTest], 'beforeEach', fn, options); }
  afterEach(fn, options) { addHook(this[kTest], 'afterEach', fn, options); }
}

function addHook(test, kind, fn, options = {}) {
  if (typeof fn !== 'function') throw new ERR_INVALID_ARG_TYPE('fn', 'Function', fn);
  test.hooks[kind].push({ fn, timeout: options.timeout });
}

// The root of every test of the process. Top-level tests run one after the other as
// they are declared, after the root's `before` hooks; its `after` hooks run once the
// event loop has nothing left, and the report's summary is written when the process
// exits.
const root = new Test({ name: '<root>', parent: null });
root.depth = 0;
let current = root;
let reporting = false;
let rootAfterRan = false;

function startReporting() {
  if (reporting) return;
  reporting = true;
  write('TAP version 13');
  // After the declaring code has run: the root's `before` hooks, then the tests.
  root.queue = root.queue.then(() => root.runHooks(root.hooks.before, new SuiteContext(root)))
    .catch((error) => {
      root.error = error;
    });
  process.on('beforeExit', onLoopDrained);
  process.on('exit', writeSummary);
}

// The event loop has nothing left: fail the tests that can no longer settle (as Node
// does), or run the root's `after` hooks once every test is done.
function onLoopDrained() {
  const pending = root.children.filter((test) => test.failed === undefined);
  for (const test of pending) {
    test.error = testFailure(
      'Promise resolution is still pending but the event loop has already resolved',
      'cancelledByParent');
    test.cancelled = true;
    test.report(0);
  }
  if (pending.length === 0 && !rootAfterRan) {
    rootAfterRan = true;
    root.runHooks(root.hooks.after, new SuiteContext(root)).catch((error) => {
      root.error = error;
    });
  }
}

function writeSummary() {
  if (root.error !== null) {
    summary.fail++;
    for (const line of describeError(root.error, '# ')) write(line);
  }
  write(`1..${root.children.length}`);
  for (const key of ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo']) {
    write(`# ${key} ${summary[key]}`);
  }
  write(`# duration_ms ${(performance.now() - started).toFixed(6)}`);
  if (summary.fail > 0 || summary.cancelled > 0) process.exitCode = 1;
}

// Declares a test or suite under whatever is running now: a suite being defined, a
// running test (as Node's async context would tell), or the root. Resolves when it has
// finished.
function declare(args, suite, overrides) {
  startReporting();
  const { name, options, fn } = parseArgs(args);
  const parent = current;
  const test = new Test({ name, options: { ...options, ...overrides }, fn, parent, suite });
  if (suite && test.skipReason === null && fn !== undefined) {
    // A suite's function runs now, declaring its children and hooks in order.
    current = test;
    try {
      test.defined = Promise.resolve(fn.call(null, new SuiteContext(test)));
    } catch (error) {
      test.error = error;
    } finally {
      current = parent;
    }
    test.defined = test.defined.catch((error) => {
      test.error = error;
    });
  }
  // A suite runs its children when it runs; anything else queues them.
  if (parent.suite) parent.children.push(test);
  else parent.enqueue(test);
  return test.finished;
}

// `test` or `describe`, with the `skip`, `todo` and `only` variants.
function declarer(suite) {
  const declareWith = (overrides) => (...args) => declare(args, suite, overrides);
  const base = declareWith({});
  base.skip = declareWith({ skip: true });
  base.todo = declareWith({ todo: true });
  base.only = declareWith({});
  return base;
}

const test = declarer(false);
const describe = declarer(true);

function hook(kind) {
  return (fn, options) => {
    startReporting();
    addHook(current, kind, fn, options);
  };
}

function run() {
  throw new ERR_METHOD_NOT_IMPLEMENTED('run');
}

const mock = new MockTracker();

// `assert.register(name, fn)`: a custom assertion every test's `t.assert` gets (replacing a
// built-in one of the same name).
const customAssertions = new Map();
const testAssert = {
  register(name, fn) {
    validateString(name, 'name');
    validateFunction(fn, 'fn');
    customAssertions.set(name, fn);
  },
};

module.exports = test;
Object.assign(module.exports, {
  test,
  it: test,
  describe,
  suite: describe,
  before: hook('before'),
  after: hook('after'),
  beforeEach: hook('beforeEach'),
  afterEach: hook('afterEach'),
  mock,
  run,
  assert: testAssert,
});
