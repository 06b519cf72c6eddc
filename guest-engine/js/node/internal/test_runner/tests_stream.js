// internal/test_runner/tests_stream — TestsStream, the object-mode Readable of a test
// run's events (`{ type, data }`: `test:start`, `test:pass`, `test:fail`, `test:plan`,
// `test:diagnostic`, `test:summary`, ...). Each event is also emitted under its own type
// (`stream.on('test:pass', (data) => ...)`) as soon as it happens, as in Node; the stream
// holds the events for its reader without limit. Also the run's tally of results and the
// summary that ends it.

const { Readable } = require('stream');

class TestsStream extends Readable {
  #buffer = [];
  #canPush = true;

  constructor() {
    super({ objectMode: true, highWaterMark: Number.MAX_SAFE_INTEGER });
  }

  _read() {
    this.#canPush = true;
    while (this.#buffer.length > 0 && this.#canPush) this.#push(this.#buffer.shift());
  }

  // Emits one event and queues it for the stream's reader.
  report(type, data) {
    this.emit(type, data);
    this.#push({ type, data });
  }

  // No more events.
  finish() {
    this.#push(null);
  }

  #push(message) {
    if (this.#canPush) this.#canPush = this.push(message);
    else this.#buffer.push(message);
  }
}

// The failures that count as a cancelled test: a timeout, or the end of its parent.
const CANCELLATIONS = new Set(['testTimeoutFailure', 'cancelledByParent']);

// A run's tally, as `test:summary` reports it.
function newCounts() {
  return {
    tests: 0, suites: 0, passed: 0, failed: 0, cancelled: 0, skipped: 0, todo: 0, topLevel: 0,
  };
}

// Adds a `test:pass`/`test:fail` event to `counts`, as Node counts: a suite only as a suite,
// a test by its directive first (skip, todo), then its outcome.
function countResult(counts, type, data) {
  if (data.nesting === 0) counts.topLevel++;
  if (data.details?.type === 'suite') {
    counts.suites++;
    return;
  }
  counts.tests++;
  if (data.skip !== undefined) counts.skipped++;
  else if (data.todo !== undefined) counts.todo++;
  else if (CANCELLATIONS.has(data.details?.error?.failureType)) counts.cancelled++;
  else if (type === 'test:fail') counts.failed++;
  else counts.passed++;
}

// Ends a run: the plan of its top-level tests, the tally as diagnostics and as
// `test:summary`, then the end of the stream. Returns whether the run succeeded.
function reportSummary(stream, counts, durationMs, file) {
  stream.report('test:plan', { nesting: 0, count: counts.topLevel, file });
  const lines = [
    ['tests', counts.tests], ['suites', counts.suites], ['pass', counts.passed],
    ['fail', counts.failed], ['cancelled', counts.cancelled], ['skipped', counts.skipped],
    ['todo', counts.todo], ['duration_ms', durationMs],
  ];
  for (const [name, value] of lines) {
    stream.report('test:diagnostic', { nesting: 0, message: `${name} ${value}`, file });
  }
  const success = counts.failed === 0 && counts.cancelled === 0;
  stream.report('test:summary', { success, counts: { ...counts }, duration_ms: durationMs, file });
  stream.finish();
  return success;
}

module.exports = { TestsStream, countResult, newCounts, reportSummary };
