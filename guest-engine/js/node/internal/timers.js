// internal/timers — `setTimeout`, `setInterval`, `setImmediate` and their clears, with
// Node's `Timeout`/`Immediate` objects (ref/unref/hasRef/refresh), and the phases the
// engine's event loop drives: `takeDueTimer`, `takeImmediates`, `hasRefedTimers`,
// `nextTimerDelay`.
//
// Timers sit in a binary min-heap ordered by due time then creation; a cancelled or
// rescheduled timer's stale heap entry is skipped when it reaches the top. Each timer runs
// in the async context (AsyncLocalStorage stores) it was created in.

const { hrtime } = binding('process');
const asyncContext = require('internal/async_context');

// Node clamps delays to [1, 2^31 - 1] ms; anything else (NaN, negative, too large) is 1.
const TIMEOUT_MAX = 2 ** 31 - 1;

function now() {
  return Number(hrtime()) / 1e6;
}

let nextId = 1;
let sequence = 0;
let refedTimers = 0;
const heap = [];

function less(a, b) {
  return a.when < b.when || (a.when === b.when && a.seq < b.seq);
}

function push(entry) {
  heap.push(entry);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!less(heap[i], heap[parent])) break;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}

function pop() {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < heap.length && less(heap[l], heap[smallest])) smallest = l;
      if (r < heap.length && less(heap[r], heap[smallest])) smallest = r;
      if (smallest === i) break;
      [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
      i = smallest;
    }
  }
  return top;
}

// The heap's top entry that still stands for a live timer, discarding stale ones.
function peekLive() {
  while (heap.length > 0) {
    const entry = heap[0];
    if (entry.timer._entry === entry) return entry;
    pop();
  }
  return undefined;
}

function clampDelay(after) {
  after = Number(after);
  return after >= 1 && after <= TIMEOUT_MAX ? after : 1;
}

class Timeout {
  constructor(callback, after, args, isRepeat) {
    this._idleTimeout = clampDelay(after);
    this._onTimeout = callback;
    this._timerArgs = args;
    this._repeat = isRepeat ? this._idleTimeout : null;
    this._destroyed = false;
    this._refed = true;
    this._id = nextId++;
    this._entry = null;
    this._asyncContext = asyncContext.capture(this);
    refedTimers++;
    this._schedule();
  }

  // Node files timers by whole milliseconds: delays of 1, 1.1 and 1.8 run in creation order.
  _schedule() {
    this._entry = { when: now() + Math.trunc(this._idleTimeout), seq: sequence++, timer: this };
    push(this._entry);
  }

  _unschedule() {
    if (this._destroyed) return;
    this._destroyed = true;
    this._entry = null;
    if (this._refed) refedTimers--;
  }

  refresh() {
    if (!this._destroyed) this._schedule();
    return this;
  }

  ref() {
    if (!this._refed) {
      this._refed = true;
      if (!this._destroyed) refedTimers++;
    }
    return this;
  }

  unref() {
    if (this._refed) {
      this._refed = false;
      if (!this._destroyed) refedTimers--;
    }
    return this;
  }

  hasRef() {
    return this._refed;
  }

  close() {
    this._unschedule();
    return this;
  }

  [Symbol.toPrimitive]() {
    return this._id;
  }
}

const timersById = new Map();

function validateCallback(callback) {
  if (typeof callback !== 'function') {
    const { codes } = require('internal/errors');
    throw new codes.ERR_INVALID_ARG_TYPE('callback', 'Function', callback);
  }
}

function setTimeout(callback, after, ...args) {
  validateCallback(callback);
  const timer = new Timeout(callback, after, args, false);
  timersById.set(timer._id, timer);
  return timer;
}

function setInterval(callback, repeat, ...args) {
  validateCallback(callback);
  const timer = new Timeout(callback, repeat, args, true);
  timersById.set(timer._id, timer);
  return timer;
}

function clearTimeout(timer) {
  if (timer == null) return;
  if (typeof timer === 'number' || typeof timer === 'string') timer = timersById.get(Number(timer));
  if (timer instanceof Timeout) {
    timer._unschedule();
    timersById.delete(timer._id);
  }
}

// Node's clearInterval is clearTimeout under its own name.
function clearInterval(timer) {
  clearTimeout(timer);
}

class Immediate {
  constructor(callback, args) {
    this._onImmediate = callback;
    this._argv = args;
    this._asyncContext = asyncContext.capture(this);
    this._destroyed = false;
    this._refed = true;
  }

  ref() {
    this._refed = true;
    return this;
  }

  unref() {
    this._refed = false;
    return this;
  }

  hasRef() {
    return this._refed;
  }
}

let immediateQueue = [];

function setImmediate(callback, ...args) {
  validateCallback(callback);
  const immediate = new Immediate(callback, args);
  immediateQueue.push(immediate);
  return immediate;
}

function clearImmediate(immediate) {
  if (immediate instanceof Immediate) immediate._destroyed = true;
}

// The next due timer as a function that runs it, or undefined when none is due.
function takeDueTimer() {
  const entry = peekLive();
  if (entry === undefined || entry.when > now()) return undefined;
  pop();
  const timer = entry.timer;
  timer._entry = null;
  // After the callback, a timer it did not refresh or clear repeats if it is an interval
  // (`_repeat`, as the callback left it) and is done otherwise.
  return function runTimer() {
    try {
      asyncContext.runIn(timer._asyncContext, timer._onTimeout, timer, timer._timerArgs);
    } finally {
      if (timer._entry === null && !timer._destroyed) {
        if (timer._repeat) {
          timer._schedule();
        } else {
          timer._unschedule();
          timersById.delete(timer._id);
        }
      }
    }
  };
}

// The immediates queued so far, as functions; ones queued while they run wait for the
// next loop iteration, as in Node.
function takeImmediates() {
  const queue = immediateQueue;
  immediateQueue = [];
  return queue
    .filter((immediate) => !immediate._destroyed)
    .map((immediate) => function runImmediate() {
      if (immediate._destroyed) return;
      immediate._destroyed = true;
      asyncContext.runIn(immediate._asyncContext, immediate._onImmediate, immediate,
        immediate._argv);
    });
}

// Whether ref'd timers or immediates keep the loop alive.
function hasRefedTimers() {
  return refedTimers > 0 ||
    immediateQueue.some((immediate) => !immediate._destroyed && immediate._refed);
}

// Milliseconds until the next timer, ref'd or not, is due (the event loop waits for I/O
// at most that long), or -1 when there is none.
function nextTimerDelay() {
  const entry = peekLive();
  if (entry === undefined) return -1;
  return Math.max(0, entry.when - now());
}

module.exports = {
  Timeout,
  Immediate,
  setTimeout,
  setInterval,
  clearTimeout,
  clearInterval,
  setImmediate,
  clearImmediate,
  takeDueTimer,
  takeImmediates,
  hasRefedTimers,
  nextTimerDelay,
  now,
};
