// internal/test_runner/reporting — where a process's test events go: the reporters and
// destinations `--test-reporter`/`--test-reporter-destination` name (by default TAP, or
// spec on a terminal, to stdout), and the line protocol a test file run by `run()` or
// `node --test` uses to hand its events to the parent (the child gets NODE_TEST_CONTEXT
// set to `child-v8`, as in Node, and writes one marked JSON line an event to stdout).

const fs = require('fs');
const path = require('path');
const { compose, PassThrough } = require('stream');
const { codes: { ERR_INVALID_ARG_VALUE } } = require('internal/errors');

const CHILD_CONTEXT = 'child-v8';
// Starts each event line a child writes; other output is the test file's own.
const EVENT_MARK = '\u0000node:test\u0000';
const BUILTIN_REPORTERS = new Set(['tap', 'spec', 'dot', 'junit', 'lcov']);

// Every value of a Node option given as `--name value` or `--name=value`.
function optionValues(argv, name) {
  const values = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name && i + 1 < argv.length) values.push(argv[++i]);
    else if (argv[i].startsWith(`${name}=`)) values.push(argv[i].slice(name.length + 1));
  }
  return values;
}

function isChildProcess() {
  return process.env.NODE_TEST_CONTEXT === CHILD_CONTEXT;
}

// The reporter of this process's test events, as [{ reporter, destination }]. Throws
// ERR_INVALID_ARG_VALUE when reporters and destinations do not pair up.
function reporterChoices() {
  if (isChildProcess()) return [{ reporter: serialize, destination: 'stdout' }];
  const reporters = optionValues(process.execArgv, '--test-reporter');
  const destinations = optionValues(process.execArgv, '--test-reporter-destination');
  if (reporters.length === 0 && destinations.length === 0) {
    reporters.push(process.stdout.isTTY ? 'spec' : 'tap');
  }
  if (reporters.length === 1 && destinations.length === 0) destinations.push('stdout');
  if (reporters.length !== destinations.length) {
    throw new ERR_INVALID_ARG_VALUE('--test-reporter', reporters,
                                    "must match the number of specified '--test-reporter-destination'");
  }
  return reporters.map((reporter, i) => ({ reporter, destination: destinations[i] }));
}

// A reporter named on the command line: a built-in one, or a module (path, file URL or
// package, resolved from the working directory) whose default export is the reporter.
async function loadReporter(name) {
  if (BUILTIN_REPORTERS.has(name)) return require('test/reporters')[name];
  const relative = name.startsWith('./') || name.startsWith('../');
  const loaded = await import(relative || path.isAbsolute(name) ? path.resolve(name) : name);
  return loaded.default ?? loaded;
}

function openDestination(destination) {
  if (destination === 'stdout') return process.stdout;
  if (destination === 'stderr') return process.stderr;
  return fs.createWriteStream(destination);
}

// Feeds `stream`'s events to each chosen reporter, once every reporter has loaded.
async function setupReporters(stream) {
  const choices = reporterChoices();
  const transforms = await Promise.all(choices.map(({ reporter }) => (
    typeof reporter === 'function' ? reporter : loadReporter(reporter))));
  choices.forEach(({ destination }, i) => {
    const output = openDestination(destination);
    const stdio = output === process.stdout || output === process.stderr;
    const events = new PassThrough({ objectMode: true, highWaterMark: Number.MAX_SAFE_INTEGER });
    stream.pipe(events);
    compose(events, transforms[i]).pipe(output, { end: !stdio });
  });
}

// ---------------------------------------------------------------------------------------
// The child line protocol.

function serializeValue(value) {
  if (!(value instanceof Error)) return value;
  const error = {
    $error: true,
    name: value.name,
    message: value.message,
    stack: value.stack,
  };
  for (const key of ['code', 'failureType', 'operator']) {
    if (value[key] !== undefined) error[key] = value[key];
  }
  if (value.cause !== undefined) error.cause = serializeValue(value.cause);
  return error;
}

function deserializeValue(value) {
  if (value === null || typeof value !== 'object' || value.$error !== true) return value;
  const error = new Error(value.message);
  Object.defineProperty(error, 'stack', { value: value.stack, writable: true, configurable: true });
  if (value.name !== 'Error') {
    Object.defineProperty(error, 'name', { value: value.name, writable: true, configurable: true });
  }
  for (const key of ['code', 'failureType', 'operator']) {
    if (value[key] !== undefined) error[key] = value[key];
  }
  if (value.cause !== undefined) error.cause = deserializeValue(value.cause);
  return error;
}

async function* serialize(source) {
  for await (const { type, data } of source) {
    const details = data.details === undefined ? undefined :
      { ...data.details, error: serializeValue(data.details.error) };
    yield `${EVENT_MARK}${JSON.stringify({ type, data: { ...data, details } })}\n`;
  }
}

// The event a line of a child's stdout carries, or null for the file's own output.
function parseEventLine(line) {
  if (!line.startsWith(EVENT_MARK)) return null;
  const event = JSON.parse(line.slice(EVENT_MARK.length));
  if (event.data.details !== undefined) {
    event.data.details.error = deserializeValue(event.data.details.error);
  }
  return event;
}

module.exports = {
  CHILD_CONTEXT,
  isChildProcess,
  optionValues,
  parseEventLine,
  setupReporters,
};
