// node:events — EventEmitter and the module-level helpers (once, on,
// getEventListeners, getMaxListeners, setMaxListeners, listenerCount,
// addAbortListener) with Node 22 semantics.
//
// Not provided: EventEmitterAsyncResource (needs async_hooks) and the
// V8-specific stack decoration of unhandled 'error' events. EventTargets are
// recognised with `instanceof EventTarget`; listing an EventTarget's
// listeners asks `internal/event_target` for its `kEvents` table, as Node does.

const kCapture = Symbol('kCapture');
const kErrorMonitor = Symbol('events.errorMonitor');
const kShapeMode = Symbol('shapeMode');
const kMaxEventTargetListeners = Symbol('events.maxEventTargetListeners');
const kMaxEventTargetListenersWarned = Symbol('events.maxEventTargetListenersWarned');
const { kFirstEventParam } = require('internal/events/symbols');
const kRejection = Symbol.for('nodejs.rejection');
const kWatermarkData = Symbol.for('nodejs.watermarkData');
const kEmptyObject = Object.freeze({ __proto__: null });
const SymbolDispose = Symbol.dispose || Symbol.for('nodejs.dispose');
const AsyncIteratorPrototype =
  Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);

// ---- errors and argument validation (Node's messages) ----

function errorCodes() {
  return require('internal/errors').codes;
}

function invalidArgType(name, expected, actual) {
  const { ERR_INVALID_ARG_TYPE } = errorCodes();
  return new ERR_INVALID_ARG_TYPE(name, expected, actual);
}

function outOfRange(name, range, actual) {
  const { ERR_OUT_OF_RANGE } = errorCodes();
  return new ERR_OUT_OF_RANGE(name, range, actual);
}

function abortError(signal) {
  const { AbortError } = require('internal/errors');
  return new AbortError(undefined, { cause: signal?.reason });
}

function validateFunction(value, name) {
  if (typeof value !== 'function') throw invalidArgType(name, 'Function', value);
}

function validateBoolean(value, name) {
  if (typeof value !== 'boolean') throw invalidArgType(name, 'boolean', value);
}

function validateNumber(value, name, min) {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value);
  if (value < min || Number.isNaN(value)) throw outOfRange(name, `>= ${min}`, value);
}

function validateInteger(value, name, min) {
  const max = Number.MAX_SAFE_INTEGER;
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
}

function validateObject(value, name) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgType(name, 'Object', value);
  }
}

function validateAbortSignal(signal, name) {
  if (signal !== undefined &&
      (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw invalidArgType(name, 'AbortSignal', signal);
  }
}

function inspect(value, options) {
  return require('util').inspect(value, options);
}

function isEventTarget(value) {
  return typeof EventTarget === 'function' && value instanceof EventTarget;
}

function nextTick(callback, ...args) {
  const process = globalThis.process;
  if (typeof process?.nextTick === 'function') process.nextTick(callback, ...args);
  else queueMicrotask(() => callback(...args));
}

// ---- EventEmitter ----

function EventEmitter(opts) {
  EventEmitter.init.call(this, opts);
}

let defaultMaxListeners = 10;

module.exports = EventEmitter;
EventEmitter.addAbortListener = addAbortListener;
EventEmitter.once = once;
EventEmitter.on = on;
EventEmitter.getEventListeners = getEventListeners;
EventEmitter.getMaxListeners = getMaxListeners;
EventEmitter.EventEmitter = EventEmitter;
EventEmitter.usingDomains = false;
EventEmitter.captureRejectionSymbol = kRejection;
Object.defineProperty(EventEmitter, 'captureRejections', {
  __proto__: null,
  get() {
    return EventEmitter.prototype[kCapture];
  },
  set(value) {
    validateBoolean(value, 'EventEmitter.captureRejections');
    EventEmitter.prototype[kCapture] = value;
  },
  enumerable: true,
});
EventEmitter.errorMonitor = kErrorMonitor;
Object.defineProperty(EventEmitter, 'defaultMaxListeners', {
  __proto__: null,
  enumerable: true,
  get() {
    return defaultMaxListeners;
  },
  set(value) {
    validateNumber(value, 'defaultMaxListeners', 0);
    defaultMaxListeners = value;
  },
});
Object.defineProperties(EventEmitter, {
  kMaxEventTargetListeners: { __proto__: null, value: kMaxEventTargetListeners },
  kMaxEventTargetListenersWarned: { __proto__: null, value: kMaxEventTargetListenersWarned },
});

// Sets the default limit, or the limit of each given emitter or EventTarget.
EventEmitter.setMaxListeners = function(n = defaultMaxListeners, ...eventTargets) {
  validateNumber(n, 'setMaxListeners', 0);
  if (eventTargets.length === 0) {
    defaultMaxListeners = n;
    return;
  }
  for (const target of eventTargets) {
    if (isEventTarget(target)) {
      target[kMaxEventTargetListeners] = n;
      target[kMaxEventTargetListenersWarned] = false;
    } else if (typeof target.setMaxListeners === 'function') {
      target.setMaxListeners(n);
    } else {
      throw invalidArgType('eventTargets', ['EventEmitter', 'EventTarget'], target);
    }
  }
};

EventEmitter.init = function(opts) {
  // Subclasses may put a listener table on their prototype ("shape mode"):
  // keep using it and only mark removed entries undefined.
  if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
    this._events = { __proto__: null };
    this._eventsCount = 0;
    this[kShapeMode] = false;
  } else {
    this[kShapeMode] = true;
  }

  this._maxListeners = this._maxListeners || undefined;

  if (opts?.captureRejections) {
    validateBoolean(opts.captureRejections, 'options.captureRejections');
    this[kCapture] = Boolean(opts.captureRejections);
  } else {
    this[kCapture] = EventEmitter.prototype[kCapture];
  }
};

// Deprecated static form of emitter.listenerCount(type).
EventEmitter.listenerCount = function(emitter, type) {
  if (typeof emitter.listenerCount === 'function') return emitter.listenerCount(type);
  return listenerCount.call(emitter, type);
};

Object.defineProperty(EventEmitter.prototype, kCapture, {
  __proto__: null,
  value: false,
  writable: true,
  enumerable: false,
});

EventEmitter.prototype._events = undefined;
EventEmitter.prototype._eventsCount = 0;
EventEmitter.prototype._maxListeners = undefined;

EventEmitter.prototype.setMaxListeners = function setMaxListeners(n) {
  validateNumber(n, 'setMaxListeners', 0);
  this._maxListeners = n;
  return this;
};

function maxListenersOf(emitter) {
  return emitter._maxListeners === undefined ? EventEmitter.defaultMaxListeners : emitter._maxListeners;
}

EventEmitter.prototype.getMaxListeners = function getMaxListeners() {
  return maxListenersOf(this);
};

// With captureRejections, a listener's rejected promise is routed to the
// emitter's captureRejectionSymbol method, or else to its 'error' event.
function captureRejection(emitter, result, type, args) {
  if (!emitter[kCapture]) return;
  try {
    const then = result.then;
    if (typeof then === 'function') {
      then.call(result, undefined, (err) => {
        nextTick(emitRejection, emitter, err, type, args);
      });
    }
  } catch (err) {
    emitter.emit('error', err);
  }
}

function emitRejection(emitter, err, type, args) {
  if (typeof emitter[kRejection] === 'function') {
    emitter[kRejection](err, type, ...args);
    return;
  }
  // Capturing stays off while 'error' is emitted, so a rejecting 'error'
  // listener cannot loop.
  const previous = emitter[kCapture];
  try {
    emitter[kCapture] = false;
    emitter.emit('error', err);
  } finally {
    emitter[kCapture] = previous;
  }
}

function unhandledError(args) {
  const er = args.length > 0 ? args[0] : undefined;
  if (er instanceof Error) return er;
  let description;
  try {
    description = inspect(er);
  } catch {
    description = er;
  }
  const { ERR_UNHANDLED_ERROR } = errorCodes();
  const err = new ERR_UNHANDLED_ERROR(description);
  err.context = er;
  return err;
}

EventEmitter.prototype.emit = function emit(type, ...args) {
  let doError = type === 'error';
  const events = this._events;
  if (events !== undefined) {
    if (doError && events[kErrorMonitor] !== undefined) this.emit(kErrorMonitor, ...args);
    doError = doError && events.error === undefined;
  } else if (!doError) {
    return false;
  }

  // An 'error' event nobody listens to is thrown.
  if (doError) throw unhandledError(args);

  const handler = events[type];
  if (handler === undefined) return false;

  if (typeof handler === 'function') {
    const result = handler.apply(this, args);
    if (result !== undefined && result !== null) captureRejection(this, result, type, args);
  } else {
    // Listeners added or removed while emitting do not affect this emit. An index loop,
    // not for-of, so that user code replacing Array.prototype[Symbol.iterator] cannot break it.
    const listeners = handler.slice();
    for (let i = 0; i < listeners.length; i++) {
      const result = listeners[i].apply(this, args);
      if (result !== undefined && result !== null) captureRejection(this, result, type, args);
    }
  }
  return true;
};

function registerListener(target, type, listener, prepend) {
  validateFunction(listener, 'listener');

  let events = target._events;
  let existing;
  if (events === undefined) {
    events = target._events = { __proto__: null };
    target._eventsCount = 0;
  } else {
    // Emit 'newListener' before adding, so a 'newListener' listener is not
    // told about itself.
    if (events.newListener !== undefined) {
      target.emit('newListener', type, listener.listener ?? listener);
      events = target._events; // a handler may have replaced the table
    }
    existing = events[type];
  }

  if (existing === undefined) {
    // A single listener is stored bare; arrays start at the second one.
    events[type] = listener;
    ++target._eventsCount;
    return target;
  }

  if (typeof existing === 'function') {
    existing = events[type] = prepend ? [listener, existing] : [existing, listener];
  } else if (prepend) {
    existing.unshift(listener);
  } else {
    existing.push(listener);
  }

  const max = maxListenersOf(target);
  if (max > 0 && existing.length > max && !existing.warned) {
    existing.warned = true;
    const warning = new Error(
      `Possible EventEmitter memory leak detected. ${existing.length} ${String(type)} listeners ` +
      `added to ${inspect(target, { depth: -1 })}. MaxListeners is ${max}. ` +
      'Use emitter.setMaxListeners() to increase limit');
    Object.assign(warning, {
      name: 'MaxListenersExceededWarning',
      emitter: target,
      type,
      count: existing.length,
    });
    globalThis.process?.emitWarning?.(warning);
  }
  return target;
}

EventEmitter.prototype.addListener = function addListener(type, listener) {
  return registerListener(this, type, listener, false);
};

EventEmitter.prototype.on = EventEmitter.prototype.addListener;

EventEmitter.prototype.prependListener = function prependListener(type, listener) {
  return registerListener(this, type, listener, true);
};

// The wrapper registered by once(): removes itself before the first call
// and exposes the original as `.listener`.
function onceWrapper(target, type, listener) {
  let fired = false;
  function wrapper(...args) {
    if (fired) return undefined;
    target.removeListener(type, wrapper);
    fired = true;
    return listener.apply(target, args);
  }
  wrapper.listener = listener;
  return wrapper;
}

EventEmitter.prototype.once = function once(type, listener) {
  validateFunction(listener, 'listener');
  this.on(type, onceWrapper(this, type, listener));
  return this;
};

EventEmitter.prototype.prependOnceListener = function prependOnceListener(type, listener) {
  validateFunction(listener, 'listener');
  this.prependListener(type, onceWrapper(this, type, listener));
  return this;
};

EventEmitter.prototype.removeListener = function removeListener(type, listener) {
  validateFunction(listener, 'listener');

  const events = this._events;
  if (events === undefined) return this;
  const list = events[type];
  if (list === undefined) return this;

  if (list === listener || list.listener === listener) {
    this._eventsCount -= 1;
    if (this[kShapeMode]) {
      events[type] = undefined;
    } else if (this._eventsCount === 0) {
      this._events = { __proto__: null };
    } else {
      delete events[type];
    }
    if (events.removeListener !== undefined) {
      this.emit('removeListener', type, list.listener || listener);
    }
  } else if (typeof list !== 'function') {
    // The most recently added matching listener goes first.
    let position = -1;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || list[i].listener === listener) {
        position = i;
        break;
      }
    }
    if (position < 0) return this;

    list.splice(position, 1);
    if (list.length === 1) events[type] = list[0];
    if (events.removeListener !== undefined) this.emit('removeListener', type, listener);
  }
  return this;
};

EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

EventEmitter.prototype.removeAllListeners = function removeAllListeners(type) {
  const events = this._events;
  if (events === undefined) return this;
  const allTypes = arguments.length === 0;

  // Nobody listens for 'removeListener': drop the entries directly.
  if (events.removeListener === undefined) {
    if (allTypes) {
      this._events = { __proto__: null };
      this._eventsCount = 0;
    } else if (events[type] !== undefined) {
      if (--this._eventsCount === 0) this._events = { __proto__: null };
      else delete events[type];
    }
    this[kShapeMode] = false;
    return this;
  }

  // Otherwise remove one by one so each removal is announced, with the
  // 'removeListener' listeners themselves going last.
  if (allTypes) {
    for (const key of Reflect.ownKeys(events)) {
      if (key !== 'removeListener') this.removeAllListeners(key);
    }
    this.removeAllListeners('removeListener');
    this._events = { __proto__: null };
    this._eventsCount = 0;
    this[kShapeMode] = false;
    return this;
  }

  const listeners = events[type];
  if (typeof listeners === 'function') {
    this.removeListener(type, listeners);
  } else if (listeners !== undefined) {
    for (let i = listeners.length - 1; i >= 0; i--) {
      this.removeListener(type, listeners[i]);
    }
  }
  return this;
};

function listenersOf(target, type, unwrap) {
  const events = target._events;
  if (events === undefined) return [];
  const entry = events[type];
  if (entry === undefined) return [];
  if (typeof entry === 'function') return [unwrap ? entry.listener || entry : entry];
  if (!unwrap) return entry.slice();
  return entry.map((listener) =>
    (typeof listener.listener === 'function' ? listener.listener : listener));
}

EventEmitter.prototype.listeners = function listeners(type) {
  return listenersOf(this, type, true);
};

EventEmitter.prototype.rawListeners = function rawListeners(type) {
  return listenersOf(this, type, false);
};

// Number of listeners for `type`, or only of those that are (or wrap)
// `listener` when it is given.
function listenerCount(type, listener) {
  const events = this._events;
  if (events === undefined) return 0;
  const entry = events[type];
  if (typeof entry === 'function') {
    if (listener != null) return listener === entry || listener === entry.listener ? 1 : 0;
    return 1;
  }
  if (entry === undefined) return 0;
  if (listener == null) return entry.length;
  let matching = 0;
  for (const candidate of entry) {
    if (candidate === listener || candidate.listener === listener) matching++;
  }
  return matching;
}

EventEmitter.prototype.listenerCount = listenerCount;

EventEmitter.prototype.eventNames = function eventNames() {
  return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : [];
};

// ---- module-level helpers ----

function getEventListeners(emitterOrTarget, type) {
  if (typeof emitterOrTarget.listeners === 'function') return emitterOrTarget.listeners(type);
  if (isEventTarget(emitterOrTarget)) {
    const { kEvents } = require('internal/event_target');
    const listeners = [];
    let handler = emitterOrTarget[kEvents].get(type)?.next;
    while (handler?.listener !== undefined) {
      const listener = handler.listener;
      listeners.push(listener?.deref ? listener.deref() : listener);
      handler = handler.next;
    }
    return listeners;
  }
  throw invalidArgType('emitter', ['EventEmitter', 'EventTarget'], emitterOrTarget);
}

function getMaxListeners(emitterOrTarget) {
  if (typeof emitterOrTarget?.getMaxListeners === 'function') return maxListenersOf(emitterOrTarget);
  const targetMax = emitterOrTarget?.[kMaxEventTargetListeners];
  if (typeof targetMax === 'number') return targetMax;
  // Node's EventTarget starts with the default limit; an EventTarget that
  // does not record one under kMaxEventTargetListeners has that limit too.
  if (isEventTarget(emitterOrTarget)) return defaultMaxListeners;
  throw invalidArgType('emitter', ['EventEmitter', 'EventTarget'], emitterOrTarget);
}

// Subscribes to an EventEmitter or an EventTarget alike.
function addAnyListener(emitter, name, listener, flags) {
  if (typeof emitter.on === 'function') {
    if (flags?.once) emitter.once(name, listener);
    else emitter.on(name, listener);
  } else if (typeof emitter.addEventListener === 'function') {
    emitter.addEventListener(name, listener, flags);
  } else {
    throw invalidArgType('emitter', 'EventEmitter', emitter);
  }
}

function removeAnyListener(emitter, name, listener, flags) {
  if (typeof emitter.removeListener === 'function') {
    emitter.removeListener(name, listener);
  } else if (typeof emitter.removeEventListener === 'function') {
    emitter.removeEventListener(name, listener, flags);
  } else {
    throw invalidArgType('emitter', 'EventEmitter', emitter);
  }
}

// Calls `listener` once `signal` aborts (on a microtask if it already has);
// the returned disposable unsubscribes.
function addAbortListener(signal, listener) {
  if (signal === undefined) throw invalidArgType('signal', 'AbortSignal', signal);
  validateAbortSignal(signal, 'signal');
  validateFunction(listener, 'listener');

  let unsubscribe;
  if (signal.aborted) {
    queueMicrotask(() => listener());
  } else {
    // Runs even when an earlier 'abort' listener stops immediate propagation.
    const { kResistStopPropagation } = require('internal/event_target');
    signal.addEventListener('abort', listener,
      { __proto__: null, once: true, [kResistStopPropagation]: true });
    unsubscribe = () => signal.removeEventListener('abort', listener);
  }
  return {
    __proto__: null,
    [SymbolDispose]() {
      unsubscribe?.();
    },
  };
}

// Resolves with the arguments of the next `name` event; rejects on an
// 'error' event (EventEmitters only) or when `options.signal` aborts.
async function once(emitter, name, options = kEmptyObject) {
  validateObject(options, 'options');
  const { signal } = options;
  validateAbortSignal(signal, 'options.signal');
  if (signal?.aborted) throw abortError(signal);

  return new Promise((resolve, reject) => {
    const errorListener = (err) => {
      emitter.removeListener(name, resolver);
      if (signal != null) removeAnyListener(signal, 'abort', abortListener);
      reject(err);
    };
    const resolver = (...args) => {
      if (typeof emitter.removeListener === 'function') {
        emitter.removeListener('error', errorListener);
      }
      if (signal != null) removeAnyListener(signal, 'abort', abortListener);
      resolve(args);
    };
    function abortListener() {
      removeAnyListener(emitter, name, resolver);
      removeAnyListener(emitter, 'error', errorListener);
      reject(abortError(signal));
    }

    addAnyListener(emitter, name, resolver, { __proto__: null, once: true });
    if (name !== 'error' && typeof emitter.once === 'function') {
      emitter.once('error', errorListener);
    }
    if (signal != null) {
      addAnyListener(signal, 'abort', abortListener, { __proto__: null, once: true });
    }
  });
}

// An async iterator over the arguments arrays of `event` (over their first arguments
// with the internal `kFirstEventParam` option, as readline's lines). It ends on one of
// `options.close` events, rejects on 'error' or abort, and pauses/resumes
// the emitter around the high/low water marks of its buffer.
function on(emitter, event, options = kEmptyObject) {
  validateObject(options, 'options');
  const signal = options.signal;
  validateAbortSignal(signal, 'options.signal');
  if (signal?.aborted) throw abortError(signal);
  const highWatermark = options.highWaterMark ?? options.highWatermark ?? Number.MAX_SAFE_INTEGER;
  validateInteger(highWatermark, 'options.highWaterMark', 1);
  const lowWatermark = options.lowWaterMark ?? options.lowWatermark ?? 1;
  validateInteger(lowWatermark, 'options.lowWaterMark', 1);
  const firstEventParam = options[kFirstEventParam] === true;

  const unconsumedEvents = [];
  const unconsumedPromises = [];
  let paused = false;
  let error = null;
  let finished = false;

  const iterator = Object.setPrototypeOf({
    next() {
      if (unconsumedEvents.length > 0) {
        const value = unconsumedEvents.shift();
        if (paused && unconsumedEvents.length < lowWatermark) {
          emitter.resume();
          paused = false;
        }
        return Promise.resolve({ value, done: false });
      }
      // An error is delivered once; listening already stopped with it.
      if (error) {
        const rejected = Promise.reject(error);
        error = null;
        return rejected;
      }
      if (finished) return closeHandler();
      return new Promise((resolve, reject) => {
        unconsumedPromises.push({ resolve, reject });
      });
    },

    return() {
      return closeHandler();
    },

    throw(err) {
      if (!err || !(err instanceof Error)) {
        throw invalidArgType('EventEmitter.AsyncIterator', 'Error', err);
      }
      errorHandler(err);
    },

    [Symbol.asyncIterator]() {
      return this;
    },

    [kWatermarkData]: {
      get size() {
        return unconsumedEvents.length;
      },
      get low() {
        return lowWatermark;
      },
      get high() {
        return highWatermark;
      },
      get isPaused() {
        return paused;
      },
    },
  }, AsyncIteratorPrototype);

  const subscriptions = [];
  function subscribe(name, handler) {
    addAnyListener(emitter, name, handler);
    subscriptions.push([name, handler]);
  }

  subscribe(event, (...args) => eventHandler(firstEventParam ? args[0] : args));
  if (event !== 'error' && typeof emitter.on === 'function') subscribe('error', errorHandler);
  const closeEvents = options?.close;
  if (closeEvents?.length) {
    for (let i = 0; i < closeEvents.length; i++) subscribe(closeEvents[i], closeHandler);
  }
  const abortSubscription = signal ? addAbortListener(signal, abortListener) : null;

  return iterator;

  function abortListener() {
    errorHandler(abortError(signal));
  }

  function eventHandler(value) {
    if (unconsumedPromises.length > 0) {
      unconsumedPromises.shift().resolve({ value, done: false });
      return;
    }
    if (!paused && unconsumedEvents.length >= highWatermark) {
      paused = true;
      emitter.pause();
    }
    unconsumedEvents.push(value);
  }

  function errorHandler(err) {
    if (unconsumedPromises.length > 0) unconsumedPromises.shift().reject(err);
    else error = err;
    closeHandler();
  }

  function closeHandler() {
    abortSubscription?.[SymbolDispose]();
    while (subscriptions.length > 0) {
      const [name, handler] = subscriptions.pop();
      removeAnyListener(emitter, name, handler);
    }
    finished = true;
    const done = { value: undefined, done: true };
    while (unconsumedPromises.length > 0) unconsumedPromises.shift().resolve(done);
    return Promise.resolve(done);
  }
}
