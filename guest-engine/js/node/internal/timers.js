// internal/timers — `setTimeout`, `setInterval`, `setImmediate` and their clears, with
// Node's `Timeout`/`Immediate` objects (ref/unref/hasRef/refresh), and the phases the
// engine's event loop drives: `takeDueTimer`, `takeImmediates`, `hasRefedTimers`,
// `nextTimerDelay`.
//
// Timers sit in a binary min-heap ordered by due time then creation; a cancelled or
// rescheduled timer's stale heap entry is skipped when it reaches the top. Each timer runs
// in the async context (AsyncLocalStorage stores) it was created in, and reports its
// lifecycle (init, before, after, destroy) to enabled async_hooks, as in Node.
//
// As in Node, any object with `_idleTimeout` (ms, -1 once unenrolled) and `_onTimeout` can
// be scheduled: `Timeout` is one such item, and the deprecated `enroll`, `unenroll`,
// `active` and `_unrefActive` of node:timers schedule plain objects the same way.

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

// Each scheduled item's live heap entry.
const entries = new WeakMap();
const kRefed = Symbol('refed');
const kAsyncContext = Symbol('asyncContext');

// The heap's top entry that still stands for a live timer, discarding stale ones.
function peekLive() {
  while (heap.length > 0) {
    const entry = heap[0];
    if (entries.get(entry.timer) === entry) return entry;
    pop();
  }
  return undefined;
}

function clampDelay(after) {
  after = Number(after);
  if (after >= 1 && after <= TIMEOUT_MAX) return after;
  if (after > TIMEOUT_MAX) {
    process.emitWarning(`${after} does not fit into a 32-bit signed integer.\n` +
      'Timeout duration was set to 1.', 'TimeoutOverflowWarning');
  }
  return 1;
}

// Puts `item` in the heap, due `_idleTimeout` ms after `start`. Node files timers by whole
// milliseconds: delays of 1, 1.1 and 1.8 run in creation order.
function insert(item, start = now()) {
  item._idleStart = Math.trunc(start);
  const entry = { when: start + Math.trunc(item._idleTimeout), seq: sequence++, timer: item };
  entries.set(item, entry);
  push(entry);
}

// (Re)schedules `item`, ref'd or not, unless it is unenrolled (`_idleTimeout` negative or
// missing); an item that had finished or was never scheduled starts a new async context.
function insertGuarded(item, refed, start) {
  const msecs = item._idleTimeout;
  if (msecs < 0 || msecs === undefined) return;
  insert(item, start);
  const wasDestroyed = item._destroyed === true;
  if (wasDestroyed || item[kAsyncContext] === undefined) {
    item._destroyed = false;
    item[kAsyncContext] = capture(item, 'Timeout');
  }
  if (wasDestroyed ? refed : refed === !item[kRefed]) refedTimers += refed ? 1 : -1;
  item[kRefed] = refed;
}

// A new async context for `resource`, announced to async_hooks as a `type`.
function capture(resource, type) {
  const context = asyncContext.capture(resource);
  asyncContext.emitLifecycle('init', context.asyncId, type, context.triggerAsyncId, resource);
  return context;
}

// A timer that ran and is not due again.
function finish(item) {
  item._destroyed = true;
  if (item[kRefed]) refedTimers--;
  timersById.delete(item._id);
  if (item[kAsyncContext] !== undefined) {
    asyncContext.emitLifecycle('destroy', item[kAsyncContext].asyncId);
  }
}

// Cancels `item` for good: `active` will not schedule it again until it is re-enrolled.
function unenrollItem(item) {
  if (item._destroyed) return;
  entries.delete(item);
  finish(item);
  item[kRefed] = null;
  item._idleTimeout = -1;
}

class Timeout {
  constructor(callback, after, args, isRepeat) {
    this._idleTimeout = clampDelay(after);
    this._onTimeout = callback;
    this._timerArgs = args;
    this._repeat = isRepeat ? this._idleTimeout : null;
    this._destroyed = false;
    this[kRefed] = true;
    this._id = nextId++;
    this[kAsyncContext] = capture(this, 'Timeout');
    refedTimers++;
    insert(this);
  }

  refresh() {
    insertGuarded(this, this[kRefed]);
    return this;
  }

  ref() {
    if (!this[kRefed]) {
      this[kRefed] = true;
      if (!this._destroyed) refedTimers++;
    }
    return this;
  }

  unref() {
    if (this[kRefed]) {
      this[kRefed] = false;
      if (!this._destroyed) refedTimers--;
    }
    return this;
  }

  hasRef() {
    return this[kRefed];
  }

  close() {
    clearTimeout(this);
    return this;
  }

  [Symbol.toPrimitive]() {
    return this._id;
  }

  [Symbol.dispose]() {
    clearTimeout(this);
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

// Clears a Timeout (or any scheduled item), or a Timeout by its primitive id.
function clearTimeout(timer) {
  if (typeof timer === 'number' || typeof timer === 'string') timer = timersById.get(Number(timer));
  if (timer && timer._onTimeout) {
    timer._onTimeout = null;
    unenrollItem(timer);
  }
}

// Node's clearInterval is clearTimeout under its own name.
function clearInterval(timer) {
  clearTimeout(timer);
}

// Ref'd immediates queued and not yet run or cleared.
let refedImmediates = 0;

class Immediate {
  constructor(callback, args) {
    this._onImmediate = callback;
    this._argv = args;
    this._asyncContext = capture(this, 'Immediate');
    this._destroyed = false;
    this._refed = true;
    this._completesRequest = false;
    refedImmediates++;
  }

  ref() {
    if (!this._refed && !this._destroyed) refedImmediates++;
    this._refed = true;
    return this;
  }

  unref() {
    if (this._refed && !this._destroyed) refedImmediates--;
    this._refed = false;
    return this;
  }

  _destroy() {
    if (this._destroyed) return;
    this._destroyed = true;
    if (this._refed) refedImmediates--;
    if (this._completesRequest) requestCompletions--;
  }

  hasRef() {
    return this._refed;
  }

  [Symbol.dispose]() {
    clearImmediate(this);
  }
}

let immediateQueue = [];

function setImmediate(callback, ...args) {
  validateCallback(callback);
  const immediate = new Immediate(callback, args);
  immediateQueue.push(immediate);
  return immediate;
}

// Queued immediates that complete the runtime's own requests (fs callbacks): they keep the
// loop alive like any immediate, but process.getActiveResourcesInfo() lists them as their
// request (FSReqCallback), not as an Immediate.
let requestCompletions = 0;

function completeRequestLater(callback) {
  const immediate = new Immediate(callback, []);
  immediate._completesRequest = true;
  requestCompletions++;
  immediateQueue.push(immediate);
}

function clearImmediate(immediate) {
  if (!(immediate instanceof Immediate) || immediate._destroyed) return;
  immediate._destroy();
  asyncContext.emitLifecycle('destroy', immediate._asyncContext.asyncId);
}

// The next due timer as a function that runs it, or undefined when none is due.
function takeDueTimer() {
  const entry = peekLive();
  if (entry === undefined || entry.when > now()) return undefined;
  pop();
  const timer = entry.timer;
  entries.delete(timer);
  // After the callback, a timer it did not reschedule or clear repeats if it is an
  // interval (`_repeat`, as the callback left it) still enrolled, and is done otherwise.
  return function runTimer() {
    if (!timer._onTimeout) {
      if (!timer._destroyed) finish(timer);
      return;
    }
    const start = now();
    const { asyncId } = timer[kAsyncContext];
    asyncContext.emitLifecycle('before', asyncId);
    try {
      asyncContext.runIn(timer[kAsyncContext], timer._onTimeout, timer, timer._timerArgs ?? []);
    } finally {
      if (!entries.has(timer) && !timer._destroyed) {
        if (timer._repeat && timer._idleTimeout !== -1) {
          timer._idleTimeout = timer._repeat;
          insert(timer, start);
        } else {
          finish(timer);
        }
      }
      // Also when the callback threw: the hooks see every `before` closed.
      asyncContext.emitLifecycle('after', asyncId);
    }
  };
}

// An idle timeout (`socket.setTimeout`, `enroll`) as a timer can take it: a non-negative
// finite number, cut to TIMEOUT_MAX with a TimeoutOverflowWarning.
function getTimerDuration(msecs, name) {
  const { codes, validateNumber } = require('internal/errors');
  validateNumber(msecs, name);
  if (msecs < 0 || !Number.isFinite(msecs)) {
    throw new codes.ERR_OUT_OF_RANGE(name, 'a non-negative finite number', msecs);
  }
  if (msecs > TIMEOUT_MAX) {
    process.emitWarning(`${msecs} does not fit into a 32-bit signed integer.\n` +
      `Timer duration was truncated to ${TIMEOUT_MAX}.`, 'TimeoutOverflowWarning');
    return TIMEOUT_MAX;
  }
  return msecs;
}

// The deprecated scheduling of plain objects (DEP0095, DEP0096, DEP0126, DEP0127).
function enroll(item, msecs) {
  msecs = getTimerDuration(msecs, 'msecs');
  if (entries.has(item)) unenrollItem(item);
  item._idleTimeout = msecs;
}

function active(item) {
  insertGuarded(item, true);
}

function unrefActive(item) {
  insertGuarded(item, false);
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
      immediate._destroy();
      const { asyncId } = immediate._asyncContext;
      asyncContext.emitLifecycle('before', asyncId);
      try {
        asyncContext.runIn(immediate._asyncContext, immediate._onImmediate, immediate,
          immediate._argv);
      } finally {
        asyncContext.emitLifecycle('destroy', asyncId);
        asyncContext.emitLifecycle('after', asyncId);
      }
    });
}

// Whether ref'd timers or immediates keep the loop alive.
function hasRefedTimers() {
  return refedTimers > 0 || refedImmediates > 0;
}

// How many ref'd timers and immediates are pending (process.getActiveResourcesInfo()).
function activeTimerCounts() {
  return { timeouts: refedTimers, immediates: refedImmediates - requestCompletions };
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
  completeRequestLater,
  takeDueTimer,
  enroll,
  getTimerDuration,
  unenroll: unenrollItem,
  active,
  unrefActive,
  takeImmediates,
  hasRefedTimers,
  activeTimerCounts,
  nextTimerDelay,
  now,
};
