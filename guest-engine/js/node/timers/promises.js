// node:timers/promises — promise forms of the timers, with AbortSignal support
// (internal/promise_timers over node:timers' functions), and the Scheduler API.

const timers = require('internal/timers');
const { createPromiseTimers } = require('internal/promise_timers');

const { setTimeout, setImmediate, setInterval, wait } = createPromiseTimers(timers);

// `scheduler` is the only instance; the class cannot be constructed.
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
    return wait(delay, options);
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
