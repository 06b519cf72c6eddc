// test/common/child_process for the sandbox: run a child synchronously and check how it
// ended and what it printed, failing with everything known about the child.
'use strict';

const assert = require('assert');
const { spawnSync } = require('child_process');

// Checks `child` (a spawnSync result) against `expected`: `status`, `signal`, and
// `stdout`/`stderr` as a string, a RegExp or a function given the text (trimmed with
// `trim: true`). Returns `{ child, stdout, stderr }`.
function expectSyncExit(child, { status, signal, stdout, stderr, trim = false } = {}) {
  const text = (output) => {
    const value = output === null ? '' : output.toString();
    return trim ? value.trim() : value;
  };
  const outputs = { stdout: text(child.stdout), stderr: text(child.stderr) };
  const fail = (why) => {
    const error = new assert.AssertionError({
      message: `${why}\nstatus ${child.status}, signal ${child.signal}\n` +
        `--- stdout ---\n${outputs.stdout}\n--- stderr ---\n${outputs.stderr}`,
    });
    throw error;
  };
  if (child.error) fail(`spawning failed: ${child.error.message}`);
  if (status !== undefined && child.status !== status) fail(`expected status ${status}`);
  if (signal !== undefined && child.signal !== signal) fail(`expected signal ${signal}`);
  for (const [name, check] of [['stdout', stdout], ['stderr', stderr]]) {
    if (check === undefined) continue;
    if (typeof check === 'function') check(outputs[name]);
    else if (check instanceof RegExp) assert.match(outputs[name], check);
    else assert.strictEqual(outputs[name], check);
  }
  return { child, ...outputs };
}

// spawnSync(...args, expectations), expecting status 0 and no signal unless told otherwise.
function spawnSyncAndAssert(...args) {
  const expectations = args.pop();
  return expectSyncExit(spawnSync(...args), { status: 0, signal: null, ...expectations });
}

// spawnSync(...args, expectations), checking exactly what `expectations` names.
function spawnSyncAndExit(...args) {
  const expectations = args.pop();
  return expectSyncExit(spawnSync(...args), expectations);
}

function spawnSyncAndExitWithoutError(...args) {
  return expectSyncExit(spawnSync(...args), { status: 0, signal: null });
}

// What the exec timeout tests share: a child that prints only after running far longer
// than the parent's timeout, so the parent's timer always kills it first.
const kExpiringChildRunTime = 20 * 1000;
const kExpiringParentTimer = 1;

function logAfterTime(time) {
  setTimeout(() => {
    console.log('child stdout');
    console.error('child stderr');
  }, time);
}

// Node's tests call this to kill leftover children on Windows; on Linux there is nothing to do.
function cleanupStaleProcess() {}

module.exports = {
  cleanupStaleProcess,
  kExpiringChildRunTime,
  kExpiringParentTimer,
  logAfterTime,
  expectSyncExit,
  spawnSyncAndAssert,
  spawnSyncAndExit,
  spawnSyncAndExitWithoutError,
};
