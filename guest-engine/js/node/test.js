// node:test — Node's test runner, in-process: `test`/`it` and `describe`/`suite` with
// subtests, hooks (`before`, `after`, `beforeEach`, `afterEach`), the `skip`/`todo`/`only`
// options and methods, `timeout`, `signal`, `plan`, callback-style tests, `t.assert` (with
// custom assertions added by `assert.register`) and `mock` (internal/test_runner/mock).
// Results go out as Node's test events (internal/test_runner/tests_stream) to the
// reporters the command line names (internal/test_runner/reporting); `run()` runs test
// files in child processes (internal/test_runner/runner). A failure sets
// `process.exitCode` to 1; tests still pending when the event loop runs dry fail as in
// Node. Snapshots are internal/test_runner/snapshot's; coverage is not available.
//
// Tests run one at a time, in the order they were declared; a test's subtests run after
// each other and before it completes (Node's default concurrency of 1).

const assert = require('assert');
const { performance } = require('perf_hooks');
const {
  codes: { ERR_INVALID_ARG_TYPE },
  validateAbortSignal,
  validateFunction,
  validateNumber,
  validateObject,
  validateString,
  validateUint32,
} = require('internal/errors');
const { MockTracker } = require('internal/test_runner/mock');
// The runner's own timeouts, out of reach of mock timers.
const { setTimeout, clearTimeout } = require('internal/timers');
const { optionValues } = require('internal/test_runner/reporting');
const { snapshot, fileSnapshot } = require('internal/test_runner/snapshot');
const {
  TestsStream,
  countResult,
  newCounts,
  reportSummary,
} = require('internal/test_runner/tests_stream');

// The longest delay a timer takes.
const TIMEOUT_MAX = 2 ** 31 - 1;

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

// A failure as Node's `ERR_TEST_FAILURE` reports it: of the runner's own making, or
// wrapping what a test or hook threw (its `cause`).
function testFailure(message, failureType, cause) {
  const error = new Error(message);
  error.code = 'ERR_TEST_FAILURE';
  error.failureType = failureType;
  if (cause !== undefined) error.cause = cause;
  return error;
}

function asFailure(error, failureType = 'testCodeFailure') {
  if (error?.code === 'ERR_TEST_FAILURE' && error.failureType !== undefined) return error;
  const message = error instanceof Error ? error.message : String(error);
  return testFailure(message, failureType, error);
}

// Rejects after `ms` with Node's timeout failure, unless `promise` settles first.
function withTimeout(promise, ms) {
  if (ms === undefined || ms === null || ms === Infinity) return promise;
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      reject(testFailure(`test timed out after ${ms}ms`, 'testTimeoutFailure'));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Where the user code that declared a test is: the first stack frame outside the
// engine's builtins.
function callSite() {
  for (const frame of new Error().stack.split('\n').slice(1)) {
    const match = /\(?((?:\/|file:)[^()]*):(\d+):(\d+)\)?$/.exec(frame.trim());
    if (match !== null) return { file: match[1], line: Number(match[2]), column: Number(match[3]) };
  }
  return { file: process.argv[1], line: undefined, column: undefined };
}

function validateOptions(options) {
  validateObject(options, 'options');
  const { timeout, concurrency, signal, plan } = options;
  if (timeout != null && timeout !== Infinity) {
    validateNumber(timeout, 'options.timeout', 0, TIMEOUT_MAX);
  }
  if (typeof concurrency === 'number') validateUint32(concurrency, 'options.concurrency', true);
  else if (concurrency != null && typeof concurrency !== 'boolean') {
    throw new ERR_INVALID_ARG_TYPE('options.concurrency', ['boolean', 'number'], concurrency);
  }
  if (signal !== undefined) validateAbortSignal(signal, 'options.signal');
  if (plan != null) validateUint32(plan, 'options.plan', false);
}

// A `--test-name-pattern` value: `/source/flags`, or a regular expression's source.
function patternRegExp(pattern) {
  const match = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  return match === null ? new RegExp(pattern) : new RegExp(match[1], match[2]);
}

// The command line's filters: `--test-only`, `--test-name-pattern`, `--test-skip-pattern`.
const onlyMode = process.execArgv.includes('--test-only');
const namePatterns = optionValues(process.execArgv, '--test-name-pattern').map(patternRegExp);
const skipPatterns = optionValues(process.execArgv, '--test-skip-pattern').map(patternRegExp);

// ---------------------------------------------------------------------------------------
// Tests and suites.

class Test {
  constructor({ name, options = {}, fn, parent, suite = false, location = {} }) {
    validateOptions(options);
    if (fn !== undefined && typeof fn !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('fn', 'Function', fn);
    }
    this.name = name;
    this.fn = fn;
    this.parent = parent;
    this.suite = suite;
    this.location = location;
    this.depth = parent === null ? 0 : parent.depth + 1;
    this.only = Boolean(options.only);
    this.skipped = options.skip !== undefined && options.skip !== false;
    this.isTodo = (options.todo !== undefined && options.todo !== false) ||
      Boolean(parent?.isTodo);
    if (typeof options.skip === 'string') this.message = options.skip;
    else if (typeof options.todo === 'string') this.message = options.todo;
    this.timeout = options.timeout;
    this.planned = options.plan ?? undefined;
    this.assertions = 0;
    this.snapshots = 0;
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
    // Events reported when this test's top-level ancestor completes.
    this.events = [];
    this.diagnostics = [];
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

  get nesting() {
    return this.depth - 1;
  }

  // The fields every event about this test carries.
  eventData() {
    return { nesting: this.nesting, name: this.name, ...this.location };
  }

  // Whether the filters keep this test: in `--test-only` mode an `only` test, its subtests
  // and the tests and suites leading to one; with name patterns, a test whose name
  // matches, its subtests and its ancestors; never a test whose lineage a skip pattern
  // names.
  get selected() {
    const lineage = [];
    for (let test = this; test.parent !== null; test = test.parent) lineage.push(test);
    if (skipPatterns.some((re) => lineage.some((test) => re.test(test.name)))) return false;
    const chosen = (test) => (!onlyMode || test.only) &&
      (namePatterns.length === 0 || namePatterns.some((re) => re.test(test.name)));
    return lineage.some(chosen) || this.hasDescendant(chosen);
  }

  hasDescendant(predicate) {
    return this.children.some((child) => predicate(child) || child.hasDescendant(predicate));
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
      try {
        await withTimeout(Promise.resolve().then(() => hook.fn.call(context, context)),
                          hook.timeout);
      } catch (error) {
        throw asFailure(error, 'hookFailed');
      }
    }
  }

  async run() {
    if (!this.selected) {
      // Filtered out: neither run nor reported.
      this.parent.children.splice(this.parent.children.indexOf(this), 1);
      this.failed = false;
      this.markFinished();
      return;
    }
    events.report('test:dequeue', this.eventData());
    const previous = current;
    const context = this.suite ? new SuiteContext(this) : new TestContext(this);
    const start = performance.now();
    if (!this.skipped) {
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
        this.error ??= asFailure(error);
        if (this.error.failureType === 'testTimeoutFailure') {
          this.cancelled = true;
          this.controller.abort(this.error);
        }
      } finally {
        current = previous;
        try {
          await this.runHooks(around('afterEach'), context);
        } catch (error) {
          this.error ??= error;
        }
        this.mock.reset();
      }
    }
    this.complete(performance.now() - start);
  }

  // Runs the body: a suite's children, a test's function (promise or callback style).
  async invoke(context) {
    if (this.suite) {
      await this.defined;
      await this.runHooks(this.hooks.before, context);
      for (const child of [...this.children]) await child.run();
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

  // Reports the result: `test:complete` now, and the test's events (its start, its
  // subtests' events, its plan and result, its diagnostics) in declaration order, once
  // its top-level ancestor completes.
  complete(duration) {
    if (this.failed !== undefined) return;
    const failedChildren = this.children.filter((child) => child.failed).length;
    if (this.error === null && failedChildren > 0) {
      this.error = testFailure(
        `${failedChildren} subtest${failedChildren === 1 ? '' : 's'} failed`, 'subtestsFailed');
    }
    const passed = this.error === null;
    this.failed = !passed && !this.isTodo;
    const directive = {};
    if (this.skipped) directive.skip = this.message ?? true;
    else if (this.isTodo) directive.todo = this.message ?? true;
    const details = { duration_ms: duration, passed };
    if (this.suite) details.type = 'suite';
    if (this.error !== null) details.error = this.error;
    const number = this.parent.children.indexOf(this) + 1 || this.parent.children.length;
    const result = { ...this.eventData(), testNumber: number, details, ...directive };
    events.report('test:complete', result);
    const reported = [['test:start', this.eventData()]];
    for (const child of this.children) reported.push(...child.events);
    if (this.children.length > 0) {
      reported.push(['test:plan', { ...this.eventData(), nesting: this.depth,
                                    count: this.children.length }]);
    }
    reported.push([passed ? 'test:pass' : 'test:fail', result]);
    for (const message of this.diagnostics) {
      reported.push(['test:diagnostic', { ...this.eventData(), message }]);
    }
    if (this.depth === 1) {
      for (const [type, data] of reported) {
        if (type === 'test:pass' || type === 'test:fail') countResult(counts, type, data);
        events.report(type, data);
      }
    } else {
      this.events = reported;
    }
    this.markFinished();
  }
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

  // node:assert's functions, the snapshot assertions and the registered custom
  // assertions, each counted toward the test's plan and called with the context as `this`.
  get assert() {
    const test = this[kTest];
    const counted = {};
    const methods = Object.entries(assert)
      .filter(([name]) => !['AssertionError', 'CallTracker', 'strict'].includes(name));
    const snapshotAssertions = [
      ['snapshot', (value, options) => snapshot(test.fullName, ++test.snapshots, value, options)],
      ['fileSnapshot', fileSnapshot],
    ];
    for (const [name, method] of [...methods, ...snapshotAssertions, ...customAssertions]) {
      counted[name] = (...args) => {
        test.assertions++;
        return Reflect.apply(method, this, args);
      };
    }
    return counted;
  }

  diagnostic(message) {
    this[kTest].diagnostics.push(message);
  }

  plan(count) {
    validateUint32(count, 'count', false);
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

  skip(message) {
    this[kTest].skipped = true;
    this[kTest].message = message;
  }

  todo(message) {
    this[kTest].isTodo = true;
    this[kTest].message = message;
  }

  runOnly() {}

  test(...args) {
    const { name, options, fn } = parseArgs(args);
    const parent = this[kTest];
    const subtest = new Test({ name, options, fn, parent, location: callSite() });
    events.report('test:enqueue', subtest.eventData());
    parent.assertions++;
    parent.enqueue(subtest);
    return subtest.finished;
  }

  before(fn, options) { addHook(this[kTest], 'before', fn, options); }
  after(fn, options) { addHook(this[kTest], 'after', fn, options); }
  beforeEach(fn, options) { addHook(this[kTest], 'beforeEach', fn, options); }
  afterEach(fn, options) { addHook(this[kTest], 'afterEach', fn, options); }
}

function addHook(test, kind, fn, options = {}) {
  validateFunction(fn, 'fn');
  test.hooks[kind].push({ fn, timeout: options.timeout });
}

// The root of every test of the process. Top-level tests run one after the other as
// they are declared, after the root's `before` hooks; once the event loop has nothing
// left, its `after` hooks run and the summary ends the events.
const root = new Test({ name: '<root>', parent: null });
root.depth = 0;
let current = root;
let events = null;
const counts = newCounts();
const started = performance.now();
let rootAfterRan = false;

// The first declaration sets up the reporters.
function startReporting() {
  if (events !== null) return;
  events = new TestsStream();
  require('internal/test_runner/reporting').setupReporters(events).catch((error) => {
    process.nextTick(() => {
      throw error;
    });
  });
  // After the declaring code has run: the root's `before` hooks, then the tests.
  root.queue = root.queue.then(() => root.runHooks(root.hooks.before, new SuiteContext(root)))
    .catch((error) => {
      root.error = error;
    });
  process.on('beforeExit', onLoopDrained);
}

// The event loop has nothing left: fail the tests that can no longer settle (as Node
// does), then run the root's `after` hooks and end the run once every test is done.
function onLoopDrained() {
  if (rootAfterRan) return;
  const pending = root.children.filter((test) => test.failed === undefined);
  for (const test of pending) {
    test.error = testFailure(
      'Promise resolution is still pending but the event loop has already resolved',
      'cancelledByParent');
    test.cancelled = true;
    test.complete(0);
  }
  rootAfterRan = true;
  root.runHooks(root.hooks.after, new SuiteContext(root))
    .catch((error) => {
      root.error = error;
    })
    .then(finishRun);
}

function finishRun() {
  if (root.error !== null) {
    counts.failed++;
    const message = root.error.cause?.message ?? root.error.message;
    events.report('test:diagnostic', { nesting: 0, message: `Error: ${message}`,
                                       file: process.argv[1] });
  }
  const success = reportSummary(events, counts, performance.now() - started, process.argv[1]);
  if (!success) process.exitCode = 1;
}

// Declares a test or suite under whatever is running now: a suite being defined, a
// running test (as Node's async context would tell), or the root. Resolves when it has
// finished.
function declare(args, suite, overrides) {
  const { name, options, fn } = parseArgs(args);
  const parent = current;
  const test = new Test({ name, options: { ...options, ...overrides }, fn, parent, suite,
                          location: callSite() });
  startReporting();
  events.report('test:enqueue', test.eventData());
  if (suite && !test.skipped && fn !== undefined) {
    // A suite's function runs now, declaring its children and hooks in order.
    current = test;
    try {
      const context = new SuiteContext(test);
      test.defined = Promise.resolve(fn.call(context, context));
    } catch (error) {
      test.error = asFailure(error);
    } finally {
      current = parent;
    }
    test.defined = test.defined.catch((error) => {
      test.error = asFailure(error);
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
  base.only = declareWith({ only: true });
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

function run(options) {
  return require('internal/test_runner/runner').run(options);
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
