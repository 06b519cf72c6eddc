// internal/test_runner/runner — node:test's `run()` and the `node --test` command: each
// test file runs in a `node` child process whose test events come back over its stdout
// (internal/test_runner/reporting's line protocol) and are re-reported, file after file,
// on one TestsStream, with the file's own output as `test:stdout`/`test:stderr` and a
// summary over all files. Files run `concurrency` at a time. Watch mode, coverage and
// running files in-process (`isolation: 'none'`) are not available.

const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { performance } = require('perf_hooks');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_METHOD_NOT_IMPLEMENTED },
  validateAbortSignal,
  validateArray,
  validateBoolean,
  validateFunction,
  validateInteger,
  validateNumber,
  validateObject,
  validateOneOf,
  validateString,
  validateUint32,
} = require('internal/errors');
const { TestsStream, countResult, newCounts, reportSummary } = require('internal/test_runner/tests_stream');
const {
  CHILD_CONTEXT,
  optionValues,
  parseEventLine,
  setupReporters,
} = require('internal/test_runner/reporting');

// Options of the parent that its test files do not inherit.
const RUNNER_OPTIONS = new Set([
  '--test', '--test-only', '--test-reporter', '--test-reporter-destination',
  '--test-name-pattern', '--test-skip-pattern', '--test-concurrency', '--test-timeout',
  '--test-shard', '--test-force-exit', '--watch', '--experimental-test-coverage',
]);
const RUNNER_OPTIONS_WITH_VALUE = new Set([
  '--test-reporter', '--test-reporter-destination', '--test-name-pattern',
  '--test-skip-pattern',
]);

function inheritedExecArgv() {
  const inherited = [];
  const { execArgv } = process;
  for (let i = 0; i < execArgv.length; i++) {
    const name = execArgv[i].split('=')[0];
    if (!RUNNER_OPTIONS.has(name)) inherited.push(execArgv[i]);
    else if (RUNNER_OPTIONS_WITH_VALUE.has(execArgv[i])) i++;
  }
  return inherited;
}

// ---------------------------------------------------------------------------------------
// Finding test files.

// Node's default test file names: `*.test.*`, `*-test.*`, `*_test.*`, `test-*.*`,
// `test.*`, and anything under a `test` directory, for `.js`, `.cjs` and `.mjs` files.
function isTestFile(relative) {
  const name = path.basename(relative);
  if (!/\.[cm]?js$/.test(name)) return false;
  if (/^test([.-])/.test(name) || /[._-]test\.[cm]?js$/.test(name)) return true;
  return relative.split('/').slice(0, -1).includes('test');
}

function findTestFiles(cwd) {
  const found = [];
  const walk = (dir, relative) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(full, rel);
      else if (entry.isFile() && isTestFile(rel)) found.push(rel);
    }
  };
  walk(cwd, '');
  return found;
}

// ---------------------------------------------------------------------------------------
// Running one file.

// Runs `file` in a child and resolves with its events (`[type, data]`, the child's own
// plan and summary lines left out) and how it exited.
function runFile(file, { cwd, execArgv, argv, timeout, signal, env }) {
  return new Promise((resolve) => {
    const reported = [];
    const args = [...inheritedExecArgv(), ...execArgv, file, ...argv];
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, ...env, NODE_TEST_CONTEXT: CHILD_CONTEXT },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let summarized = false;
    let pending = '';
    const onStdout = (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop();
      for (const line of lines) {
        const event = parseEventLine(line);
        if (event === null) {
          reported.push(['test:stdout', { file, message: `${line}\n` }]);
        } else if (event.type === 'test:plan' && event.data.nesting === 0) {
          summarized = true;
        } else if (!(summarized && event.type === 'test:diagnostic' && event.data.nesting === 0)) {
          reported.push([event.type, event.data]);
        }
      }
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onStdout);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (message) => reported.push(['test:stderr', { file, message }]));
    let timedOut = false;
    const timer = timeout === Infinity ? undefined : setTimeout(() => {
      timedOut = true;
      child.kill();
    }, timeout);
    const abort = () => child.kill();
    signal?.addEventListener('abort', abort);
    child.on('close', (code, exitSignal) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      if (pending !== '') onStdout('\n');
      resolve({ reported, code, signal: exitSignal, timedOut });
    });
    child.on('error', () => {});
  });
}

// The file's failure when its process failed without a test saying why.
function fileFailure(result, timeout) {
  let message = 'test failed';
  let failureType = 'testCodeFailure';
  if (result.timedOut) {
    message = `test timed out after ${timeout}ms`;
    failureType = 'testTimeoutFailure';
  }
  const error = new Error(message);
  error.code = 'ERR_TEST_FAILURE';
  error.failureType = failureType;
  error.exitCode = result.code;
  error.signal = result.signal;
  return error;
}

// A file as its events name it: as given (or found, relative to the working directory),
// at its first line.
function fileTestData(name, file) {
  return { nesting: 0, name, file, line: 1, column: 1 };
}

// Replays a finished file's events on `stream`, numbering its top-level tests after
// those of the files before it; reports the file itself as a test when nothing else
// tells its outcome (no top-level results, or a failed process with no failed test).
function reportFile(stream, counts, data, result, duration, timeout) {
  const fileCounts = newCounts();
  const numbered = counts.topLevel;
  for (const [type, event] of result.reported) {
    if (type === 'test:pass' || type === 'test:fail') {
      countResult(fileCounts, type, event);
      if (event.nesting === 0) event.testNumber = numbered + fileCounts.topLevel;
      countResult(counts, type, event);
    }
    stream.report(type, event);
  }
  const failedProcess = result.code !== 0 || result.signal !== null;
  const explained = fileCounts.failed > 0 || fileCounts.cancelled > 0;
  const details = { duration_ms: duration, passed: !failedProcess };
  if (failedProcess) details.error = fileFailure(result, timeout);
  const outcome = { ...data, testNumber: counts.topLevel + 1, details };
  if (fileCounts.topLevel === 0 || (failedProcess && !explained)) {
    stream.report('test:start', data);
    const type = failedProcess ? 'test:fail' : 'test:pass';
    countResult(counts, type, outcome);
    stream.report(type, outcome);
  }
  stream.report('test:complete', outcome);
}

// ---------------------------------------------------------------------------------------
// run()

function validateRunOptions(options) {
  validateObject(options, 'options');
  const {
    files, globPatterns, concurrency, timeout, signal, only, setup, watch, forceExit,
    execArgv, argv, cwd, isolation, shard, coverage, testNamePatterns, testSkipPatterns,
  } = options;
  if (files !== undefined) validateArray(files, 'options.files');
  if (globPatterns !== undefined) validateArray(globPatterns, 'options.globPatterns');
  if (files !== undefined && globPatterns !== undefined) {
    throw new ERR_INVALID_ARG_VALUE('options.globPatterns', globPatterns,
                                    'is not supported when specifying \'options.files\'');
  }
  if (typeof concurrency === 'number') validateUint32(concurrency, 'options.concurrency', true);
  else if (concurrency != null && typeof concurrency !== 'boolean') {
    throw new ERR_INVALID_ARG_TYPE('options.concurrency', ['boolean', 'number'], concurrency);
  }
  if (timeout != null && timeout !== Infinity) {
    validateNumber(timeout, 'options.timeout', 0, 2 ** 31 - 1);
  }
  if (signal !== undefined) validateAbortSignal(signal, 'options.signal');
  if (only !== undefined) validateBoolean(only, 'options.only');
  if (setup !== undefined) validateFunction(setup, 'options.setup');
  if (watch !== undefined) validateBoolean(watch, 'options.watch');
  if (forceExit !== undefined) {
    validateBoolean(forceExit, 'options.forceExit');
    if (forceExit && watch) {
      throw new ERR_INVALID_ARG_VALUE('options.forceExit', forceExit,
                                      'is not supported with watch mode');
    }
  }
  if (execArgv !== undefined) validateArray(execArgv, 'options.execArgv');
  if (argv !== undefined) validateArray(argv, 'options.argv');
  if (cwd !== undefined) validateString(cwd, 'options.cwd');
  if (isolation !== undefined) validateOneOf(isolation, 'options.isolation', ['process', 'none']);
  if (coverage !== undefined) validateBoolean(coverage, 'options.coverage');
  if (shard !== undefined) {
    validateObject(shard, 'options.shard');
    validateInteger(shard.total, 'options.shard.total', 1);
    validateInteger(shard.index, 'options.shard.index', 1, shard.total);
    if (watch) {
      throw new ERR_INVALID_ARG_VALUE('options.shard', watch, 'shards not supported with watch mode');
    }
  }
  for (const [name, patterns] of [['options.testNamePatterns', testNamePatterns],
    ['options.testSkipPatterns', testSkipPatterns]]) {
    if (patterns === undefined) continue;
    for (const pattern of Array.isArray(patterns) ? patterns : [patterns]) {
      if (typeof pattern !== 'string' && !(pattern instanceof RegExp)) {
        throw new ERR_INVALID_ARG_TYPE(name, ['string', 'RegExp'], pattern);
      }
    }
  }
}

// The child options that carry `only` and the name patterns to each file's tests.
function filterOptions({ only, testNamePatterns, testSkipPatterns }) {
  const args = [];
  if (only) args.push('--test-only');
  for (const [flag, patterns] of [['--test-name-pattern', testNamePatterns],
    ['--test-skip-pattern', testSkipPatterns]]) {
    if (patterns === undefined) continue;
    for (const pattern of Array.isArray(patterns) ? patterns : [patterns]) {
      args.push(`${flag}=${pattern instanceof RegExp ? pattern.toString() : pattern}`);
    }
  }
  return args;
}

function run(options = {}) {
  validateRunOptions(options);
  const {
    concurrency = false, timeout = Infinity, signal, setup, watch = false, shard,
    execArgv = [], argv = [], cwd = process.cwd(), isolation = 'process', coverage = false,
  } = options;
  if (watch) throw new ERR_METHOD_NOT_IMPLEMENTED('run({ watch: true })');
  if (coverage) throw new ERR_METHOD_NOT_IMPLEMENTED('run({ coverage: true })');
  if (isolation === 'none') throw new ERR_METHOD_NOT_IMPLEMENTED("run({ isolation: 'none' })");
  let files = (options.files ?? findTestFiles(cwd))
    .map((name) => fileTestData(name, path.resolve(cwd, name)));
  if (shard !== undefined) {
    files = files.filter((_, i) => i % shard.total === shard.index - 1);
  }
  const limit = concurrency === true ? Math.max(require('os').availableParallelism() - 1, 1) :
    concurrency === false ? 1 : concurrency;
  const childOptions = {
    cwd, timeout, signal, argv,
    execArgv: [...execArgv, ...filterOptions(options)],
  };
  const stream = new TestsStream();
  const counts = newCounts();
  const started = performance.now();

  const runAll = async () => {
    await setup?.(stream);
    // Files start `limit` at a time; their events are reported in the files' order.
    const results = new Array(files.length);
    let next = 0;
    const startNext = () => {
      if (next >= files.length) return;
      const index = next++;
      const file = files[index];
      const begun = performance.now();
      results[index] = runFile(file.file, childOptions).then((result) => {
        startNext();
        return { result, duration: performance.now() - begun };
      });
    };
    for (let i = 0; i < limit; i++) startNext();
    for (let i = 0; i < files.length; i++) {
      const file = files[i];
      stream.report('test:enqueue', file);
      stream.report('test:dequeue', file);
      if (signal?.aborted) break;
      const { result, duration } = await results[i];
      reportFile(stream, counts, file, result, duration, timeout);
    }
    return reportSummary(stream, counts, performance.now() - started, undefined);
  };
  runAll().catch((error) => stream.destroy(error));
  return stream;
}

// ---------------------------------------------------------------------------------------
// `node --test [files]`

// Runs the files the command line names (or the test files under the working
// directory) and reports them as the command's options say.
function runCli(files) {
  const missing = files.find((file) => !fs.existsSync(path.resolve(file)));
  if (missing !== undefined) {
    process.stderr.write(`Could not find '${path.resolve(missing)}'\n`);
    process.exitCode = 1;
    return;
  }
  const { execArgv } = process;
  const namePatterns = optionValues(execArgv, '--test-name-pattern');
  const skipPatterns = optionValues(execArgv, '--test-skip-pattern');
  const concurrency = optionValues(execArgv, '--test-concurrency').pop();
  const timeout = optionValues(execArgv, '--test-timeout').pop();
  const stream = run({
    files: files.length > 0 ? files : undefined,
    concurrency: concurrency === undefined ? true : Number(concurrency),
    timeout: timeout === undefined ? Infinity : Number(timeout),
    only: execArgv.includes('--test-only'),
    testNamePatterns: namePatterns.length > 0 ? namePatterns : undefined,
    testSkipPatterns: skipPatterns.length > 0 ? skipPatterns : undefined,
  });
  stream.on('test:summary', (summary) => {
    if (summary.file === undefined && !summary.success) process.exitCode = 1;
  });
  setupReporters(stream).catch((error) => {
    process.nextTick(() => {
      throw error;
    });
  });
}

module.exports = { run, runCli };
