// internal/promise_timers — the promise forms of the timers (node:timers/promises:
// `setTimeout`, `setImmediate`, the `setInterval` async iterator, `scheduler.wait`), built
// over a set of callback timer functions: node:timers' own, or node:test's mock timers
// (internal/test_runner/mock_timers), which swap these in while they are enabled.

const {
  AbortError,
  validateAbortSignal,
  validateBoolean,
  validateObject,
} = require('internal/errors');

function abortError(signal) {
  return new AbortError(undefined, { cause: signal.reason });
}

// The `signal` and `ref` of a promise timer's options, validated as Node does.
function validateOptions(options) {
  validateObject(options, 'options');
  const { signal, ref = true } = options;
  validateAbortSignal(signal, 'options.signal');
  validateBoolean(ref, 'options.ref');
  return { signal, ref };
}

// `timers` holds setTimeout, clearTimeout, setImmediate, clearImmediate, setInterval and
// clearInterval with node:timers' signatures and handles (with `unref`).
function createPromiseTimers(timers) {
  // A promise for `value` once `schedule` calls back, rejected with an AbortError when
  // `signal` aborts first (the timer is then cleared).
  function delayed(schedule, clear, value, options) {
    let signal;
    let ref;
    try {
      ({ signal, ref } = validateOptions(options));
    } catch (error) {
      return Promise.reject(error);
    }
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const handle = schedule(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      });
      if (!ref) handle.unref();
      function onAbort() {
        clear(handle);
        reject(abortError(signal));
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  function setTimeout(delay, value, options = {}) {
    return delayed((callback) => timers.setTimeout(callback, delay), timers.clearTimeout,
                   value, options);
  }

  function setImmediate(value, options = {}) {
    return delayed((callback) => timers.setImmediate(callback), timers.clearImmediate,
                   value, options);
  }

  // One interval timer for the whole iteration: each firing is owed one `value`, so
  // firings that happen before the consumer asks are not lost.
  async function* setInterval(delay, value, options = {}) {
    const { signal, ref } = validateOptions(options);
    if (signal?.aborted) throw abortError(signal);
    let owed = 0;
    let wake;
    const interval = timers.setInterval(() => {
      owed++;
      wake?.();
      wake = undefined;
    }, delay);
    if (!ref) interval.unref();
    const onAbort = () => {
      timers.clearInterval(interval);
      wake?.();
      wake = undefined;
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      while (!signal?.aborted) {
        if (owed === 0) await new Promise((resolve) => { wake = resolve; });
        for (; owed > 0; owed--) yield value;
      }
      throw abortError(signal);
    } finally {
      timers.clearInterval(interval);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  function wait(delay, options) {
    return setTimeout(delay, undefined, options);
  }

  return { setTimeout, setImmediate, setInterval, wait };
}

module.exports = { createPromiseTimers };
