// internal/test_runner/mock_timers — node:test's `mock.timers`: a fake clock that, once
// enabled, stands in for `setTimeout`, `setInterval` and `setImmediate` (the globals,
// node:timers and node:timers/promises, with their clears), `Date` and
// `timers/promises.scheduler.wait`. Fake timers run only when the test advances the clock
// (`tick`, `runAll`); `setTime` moves the clock without running any; `reset` (or
// `Symbol.dispose`) puts every original back and drops pending fake timers.

const {
  codes: {
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_STATE,
  },
  validateNumber,
  validateObject,
  validateStringArray,
} = require('internal/errors');
const { createPromiseTimers } = require('internal/promise_timers');

const SUPPORTED_APIS = ['setTimeout', 'setInterval', 'setImmediate', 'Date', 'scheduler.wait'];

// Delays outside [1, 2^31 - 1] ms run after 1 ms, as with the real timers.
const TIMEOUT_MAX = 2 ** 31 - 1;

// Node warns once per process, on the first `enable`.
let warnedExperimental = false;

function clampDelay(delay) {
  delay = Number(delay);
  return delay >= 1 && delay <= TIMEOUT_MAX ? delay : 1;
}

// What the fake setTimeout, setInterval and setImmediate return: due at `runAt` on the
// fake clock, and again every `interval` ms for an interval.
class Timeout {
  #clock;
  #refed = true;

  constructor(clock, id, callback, args, delay, interval) {
    this.#clock = clock;
    this.id = id;
    this.callback = callback;
    this.args = args;
    this.delay = delay;
    this.interval = interval;
    this.runAt = undefined;
  }

  hasRef() {
    return this.#refed;
  }

  ref() {
    this.#refed = true;
    return this;
  }

  unref() {
    this.#refed = false;
    return this;
  }

  refresh() {
    this.#clock.reschedule(this);
    return this;
  }

  [Symbol.toPrimitive]() {
    return this.id;
  }

  [Symbol.dispose]() {
    this.#clock.clear(this);
  }
}

class MockTimers {
  #enabled = false;
  #now = 0;
  #nextId = 1;
  // Pending timers ordered by due time, then creation.
  #queue = [];
  // Pending timers by id, for clears given a timer's primitive value.
  #byId = new Map();
  // What puts back each property swapped while enabled.
  #restores = [];

  #assertEnabled() {
    if (!this.#enabled) {
      throw new ERR_INVALID_STATE(
        'You should enable MockTimers first by calling the .enable function');
    }
  }

  #insert(timer) {
    let low = 0;
    let high = this.#queue.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const other = this.#queue[middle];
      if (other.runAt < timer.runAt || (other.runAt === timer.runAt && other.id < timer.id)) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    this.#queue.splice(low, 0, timer);
    this.#byId.set(timer.id, timer);
  }

  #remove(timer) {
    const index = this.#queue.indexOf(timer);
    if (index !== -1) this.#queue.splice(index, 1);
    this.#byId.delete(timer.id);
  }

  #schedule(callback, delay, args, interval) {
    const timer = new Timeout(this, this.#nextId++, callback, args, delay, interval);
    timer.runAt = this.#now + delay;
    this.#insert(timer);
    return timer;
  }

  // Used by Timeout#refresh: due `delay` ms from now, if still pending.
  reschedule(timer) {
    if (!this.#byId.has(timer.id)) return;
    this.#remove(timer);
    timer.runAt = this.#now + timer.delay;
    this.#insert(timer);
  }

  // The fake clears: a fake Timeout or its primitive id; anything else is ignored.
  clear(timer) {
    if (typeof timer === 'number' || typeof timer === 'string') {
      timer = this.#byId.get(Number(timer));
    }
    if (timer instanceof Timeout) this.#remove(timer);
  }

  // The fake callback timers, with node:timers' signatures.
  #createTimers() {
    const clear = (timer) => this.clear(timer);
    return {
      setTimeout: (callback, delay, ...args) =>
        this.#schedule(callback, clampDelay(delay), args, undefined),
      setInterval: (callback, delay, ...args) => {
        const interval = clampDelay(delay);
        return this.#schedule(callback, interval, args, interval);
      },
      setImmediate: (callback, ...args) => this.#schedule(callback, 0, args, undefined),
      clearTimeout: clear,
      clearInterval: clear,
      clearImmediate: clear,
    };
  }

  // A Date that reads the fake clock when asked for the current time and is the real Date
  // otherwise (its prototype, statics and instances are the real ones).
  #createDate(NativeDate) {
    const now = () => this.#now;
    const clock = this;
    return new Proxy(NativeDate, {
      apply() {
        return new NativeDate(clock.#now).toString();
      },
      construct(target, args, newTarget) {
        return Reflect.construct(target, args.length === 0 ? [clock.#now] : args, newTarget);
      },
      get(target, key, receiver) {
        if (key === 'now') return now;
        if (key === 'isMock') return true;
        if (key === 'toString') return dateToString;
        return Reflect.get(target, key, receiver);
      },
    });
  }

  // Sets `object[key]` to `value` until reset.
  #swap(object, key, value) {
    const descriptor = Object.getOwnPropertyDescriptor(object, key);
    Object.defineProperty(object, key, {
      configurable: true,
      enumerable: descriptor?.enumerable ?? false,
      writable: true,
      value,
    });
    this.#restores.push(() => {
      if (descriptor === undefined) delete object[key];
      else Object.defineProperty(object, key, descriptor);
    });
  }

  enable(options = {}) {
    if (this.#enabled) {
      throw new ERR_INVALID_STATE('MockTimers is already enabled!');
    }
    validateObject(options, 'options');
    const { apis = SUPPORTED_APIS } = options;
    let { now = 0 } = options;
    validateStringArray(apis, 'options.apis');
    for (const api of apis) {
      if (!SUPPORTED_APIS.includes(api)) {
        throw new ERR_INVALID_ARG_VALUE('options.apis', api, `option ${api} is not supported`);
      }
    }
    if (require('util').types.isDate(now)) now = now.getTime();
    validateNumber(now, 'initialTime');
    if (!(now >= 0)) {
      throw new ERR_INVALID_ARG_VALUE('now', now, 'epoch must be a positive integer');
    }
    if (apis.includes('Date') && globalThis.Date.isMock === true) {
      throw new ERR_INVALID_STATE('Date is already being mocked!');
    }

    if (!warnedExperimental) {
      warnedExperimental = true;
      process.emitWarning(
        'The MockTimers API is an experimental feature and might change at any time',
        'ExperimentalWarning');
    }

    const nodeTimers = require('timers');
    const nodeTimersPromises = require('timers/promises');
    const fake = this.#createTimers();
    const fakePromises = createPromiseTimers(fake);
    for (const api of new Set(apis)) {
      switch (api) {
        case 'setTimeout':
        case 'setInterval':
        case 'setImmediate': {
          const clearName = `clear${api.slice(3)}`;
          for (const target of [globalThis, nodeTimers]) {
            this.#swap(target, api, fake[api]);
            this.#swap(target, clearName, fake[clearName]);
          }
          this.#swap(nodeTimersPromises, api, fakePromises[api]);
          break;
        }
        case 'Date':
          this.#swap(globalThis, 'Date', this.#createDate(globalThis.Date));
          break;
        case 'scheduler.wait':
          this.#swap(nodeTimersPromises.scheduler, 'wait', fakePromises.wait);
          break;
      }
    }
    this.#now = now;
    this.#enabled = true;
  }

  setTime(milliseconds = 0) {
    validateNumber(milliseconds, 'time');
    this.#assertEnabled();
    this.#now = milliseconds;
  }

  // Advances the clock by `time` ms, then runs the timers due by then in order (an
  // interval as many times as it fell due).
  tick(time = 1) {
    this.#assertEnabled();
    validateNumber(time, 'time');
    if (time < 0) throw new ERR_INVALID_ARG_VALUE('time', time, 'must be a positive number');
    this.#now += time;
    while (this.#queue.length > 0 && this.#queue[0].runAt <= this.#now) {
      const timer = this.#queue[0];
      this.#remove(timer);
      if (timer.interval !== undefined) {
        timer.runAt += timer.interval;
        this.#insert(timer);
      }
      Reflect.apply(timer.callback, timer, timer.args);
    }
  }

  // Advances the clock to when the last pending timer is due, running everything due.
  runAll() {
    this.#assertEnabled();
    const last = this.#queue.at(-1);
    if (last !== undefined) this.tick(Math.max(0, last.runAt - this.#now));
  }

  reset() {
    if (!this.#enabled) return;
    for (const restore of this.#restores.reverse()) restore();
    this.#restores = [];
    this.#queue = [];
    this.#byId.clear();
    this.#now = 0;
    this.#enabled = false;
  }

  [Symbol.dispose]() {
    this.reset();
  }
}

// How the mocked Date prints itself: as Node prints the native Date.
function dateToString() {
  return 'function Date() { [native code] }';
}

module.exports = { MockTimers };
