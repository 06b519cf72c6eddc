// test/common/gc — the garbage-collection helpers of Node's test suite, written for this
// engine: collection is observed through FinalizationRegistry (Node's own helper watches
// an async resource's destroy hook), and forced with `globalThis.gc` (tests run with
// --expose-gc). `checkIfCollectableByCounting` needs V8's heap queries and says so.
'use strict';

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const registry = new FinalizationRegistry((listener) => listener.ongc());

// Calls `listener.ongc()` once `target` has been collected.
function onGC(target, listener) {
  registry.register(target, listener);
}

// Forces a collection on each of up to ten turns of the event loop until `condition()`
// holds; rejects (with 'Test <name> failed' when named) if it never does.
function gcUntil(name, condition) {
  if (typeof name === 'function') {
    condition = name;
    name = undefined;
  }
  return new Promise((resolve, reject) => {
    let count = 0;
    function collectAndCheck() {
      setImmediate(() => {
        count++;
        globalThis.gc();
        if (condition()) {
          resolve();
        } else if (count < 10) {
          collectAndCheck();
        } else {
          reject(name === undefined ? undefined : `Test ${name} failed`);
        }
      });
    }
    collectAndCheck();
  });
}

// Runs `fn` `repeat` times, letting the event loop (and so collection) run in between.
async function runAndBreathe(fn, repeat, waitTime = 20) {
  for (let i = 0; i < repeat; i++) {
    await fn();
    await wait(waitTime);
  }
}

async function checkIfCollectableByCounting() {
  throw new Error('checkIfCollectableByCounting needs v8.queryObjects, which this engine lacks');
}

module.exports = {
  checkIfCollectableByCounting,
  gcUntil,
  onGC,
  runAndBreathe,
};
