// A replacement for the part of Node's test/common/wpt that test/parallel uses: `harness`,
// the few web-platform-tests assertions that tests ported by hand from WPT call, mapped onto
// node:assert. A failing `test` throws, so the test file exits with its error.
'use strict';

const assert = require('assert');

const harness = {
  test(fn, description) {
    try {
      fn();
    } catch (error) {
      error.message = `In ${description}:\n  ${error.message}`;
      throw error;
    }
  },
  assert_equals: assert.strictEqual,
  assert_true(value, message) {
    assert.strictEqual(value, true, message);
  },
  assert_false(value, message) {
    assert.strictEqual(value, false, message);
  },
  assert_array_equals: assert.deepStrictEqual,
  assert_unreached(description) {
    assert.fail(`Reached unreachable code: ${description}`);
  },
};

module.exports = { harness };
