// The exit-code scenarios shared by test-process-exit-code and test-worker-exit-code: each
// case is a function that, run as a process's (or worker's) script, must end it with
// `result`, and, where `error` is given, report an uncaught exception matching it.
'use strict';

const assert = require('assert');

// Checks, when the process exits, the code it exits with and `process.exitCode`.
function expectExit(code, exitCode = code) {
  process.on('exit', (actual) => {
    assert.strictEqual(process.exitCode, exitCode);
    assert.strictEqual(actual, code);
  });
}

function getTestCases(isWorker = false) {
  const cases = [];
  const add = (func, result, error) => cases.push(error ? { func, result, error } : { func, result });

  add(function exitsOnExitCodeSet() {
    process.exitCode = 42;
    expectExit(42);
  }, 42);

  add(function changesCodeViaExit() {
    process.exitCode = 99;
    expectExit(42);
    process.exit(42);
  }, 42);

  add(function changesCodeZeroExit() {
    process.exitCode = 99;
    expectExit(0);
    process.exit(0);
  }, 0);

  add(function exitWithOneOnUncaught() {
    process.exitCode = 99;
    // An assertion failing here would itself exit with 1: a wrong code exits with 99.
    process.on('exit', (code) => {
      if (code !== 1 || process.exitCode !== 1) process.exit(99);
    });
    throw new Error('ok');
  }, 1, /^Error: ok$/);

  add(function changeCodeInsideExit() {
    process.exitCode = 95;
    process.on('exit', (code) => {
      assert.strictEqual(process.exitCode, 95);
      assert.strictEqual(code, 95);
      process.exitCode = 99;
    });
  }, 99);

  add(function zeroExitWithUncaughtHandler() {
    expectExit(0);
    process.on('uncaughtException', () => {});
    throw new Error('ok');
  }, 0);

  add(function changeCodeInUncaughtHandler() {
    expectExit(97);
    process.on('uncaughtException', () => {
      process.exitCode = 97;
    });
    throw new Error('ok');
  }, 97);

  add(function changeCodeInExitWithUncaught() {
    process.on('exit', (code) => {
      assert.strictEqual(process.exitCode, 1);
      assert.strictEqual(code, 1);
      process.exitCode = 98;
    });
    throw new Error('ok');
  }, 98, /^Error: ok$/);

  add(function exitWithZeroInExitWithUncaught() {
    process.on('exit', (code) => {
      assert.strictEqual(process.exitCode, 1);
      assert.strictEqual(code, 1);
      process.exitCode = 0;
    });
    throw new Error('ok');
  }, 0, /^Error: ok$/);

  // Node's main thread exits with 7 when an uncaughtException listener throws.
  add(function exitWithThrowInUncaughtHandler() {
    process.on('uncaughtException', () => {
      throw new Error('ok');
    });
    throw new Error('bad');
  }, isWorker ? 1 : 7, /^Error: ok$/);

  add(function exitWithUndefinedFatalException() {
    process._fatalException = undefined;
    throw new Error('ok');
  }, 6);

  return cases;
}

module.exports = { getTestCases };
