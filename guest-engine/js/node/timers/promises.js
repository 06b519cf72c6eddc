// node:timers/promises — promise forms of the timers, with AbortSignal support.

const timers = require('internal/timers');

function abortError(signal) {
  const { AbortError } = require('internal/errors');
  return new AbortError(undefined, { cause: signal.reason });
}

function delayed(schedule, clear, value, options = {}) {
  const { signal, ref = true } = options;
  if (signal && signal.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const handle = schedule(() => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
    if (!ref && handle.unref) handle.unref();
    function onAbort() {
      clear(handle);
      reject(abortError(signal));
    }
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
}

function setTimeout(delay, value, options) {
  return delayed((fn) => timers.setTimeout(fn, delay), timers.clearTimeout, value, options);
}

function setImmediate(value, options) {
  return delayed((fn) => timers.setImmediate(fn), timers.clearImmediate, value, options);
}

async function* setInterval(delay, value, options = {}) {
  for (;;) {
    yield await setTimeout(delay, value, options);
  }
}

// The Scheduler API: `scheduler` is the only instance; the class cannot be constructed.
const kScheduler = Symbol('kScheduler');

class Scheduler {
  constructor() {
    const { codes } = require('internal/errors');
    throw new codes.ERR_ILLEGAL_CONSTRUCTOR();
  }

  yield() {
    checkScheduler(this);
    return setImmediate();
  }

  wait(delay, options) {
    checkScheduler(this);
    return setTimeout(delay, undefined, options);
  }
}

function checkScheduler(value) {
  if (value?.[kScheduler] !== true) {
    const { codes } = require('internal/errors');
    throw new codes.ERR_INVALID_THIS('Scheduler');
  }
}

const scheduler = Object.create(Scheduler.prototype, { [kScheduler]: { value: true } });

module.exports = { setTimeout, setImmediate, setInterval, scheduler };
