// internal/abort_controller — `AbortController` and `AbortSignal` as Node 22 has them
// (lib/internal/abort_controller.js): `aborted`, `reason`, `throwIfAborted`, `onabort`,
// and the static `AbortSignal.abort(reason)`, `AbortSignal.timeout(ms)` and
// `AbortSignal.any(signals)`, with Node's default reasons (DOMExceptions named AbortError
// and TimeoutError).
//
// A signal made by `any` follows the plain signals behind its arguments (a composite
// argument stands for its own sources), and the two sides know each other only through
// WeakRefs: a source does not keep its dependants alive, except a dependant that has
// 'abort' listeners, which stays alive until it aborts or loses them, as in Node.
// A timeout signal's timer is unref'd, so it never keeps the process alive by itself.
// Signals do not transfer to other threads (there are none).

const {
  Event,
  EventTarget,
  defineEventHandler,
  kNewListener,
  kRemoveListener,
  kTrustEvent,
} = require('internal/event_target');
const { kMaxEventTargetListeners } = require('events');
const { DOMException } = require('internal/dom_exception');
const {
  codes: { ERR_ILLEGAL_CONSTRUCTOR, ERR_INVALID_ARG_TYPE, ERR_INVALID_THIS },
  validateAbortSignal,
  validateArray,
  validateUint32,
} = require('internal/errors');
const timers = require('internal/timers');

const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');
const kEmptyObject = Object.freeze({ __proto__: null });
const kDontThrowSymbol = Symbol('kDontThrowSymbol');
const kAborted = Symbol('kAborted');
const kReason = Symbol('kReason');
const kComposite = Symbol('kComposite');
const kSourceSignals = Symbol('kSourceSignals');
const kDependantSignals = Symbol('kDependantSignals');
const kWeakRef = Symbol('kWeakRef');

function inspect(value, options) {
  return require('util').inspect(value, options);
}

// Below the depth limit the object is returned, so inspect shows it without its fields.
function customInspect(self, fields, depth, options) {
  if (depth < 0) return self;
  const opts = { ...options, depth: options.depth === null ? null : options.depth - 1 };
  return `${self.constructor.name} ${inspect(fields, opts)}`;
}

function validateThisAbortSignal(value) {
  if (value?.[kAborted] === undefined) throw new ERR_INVALID_THIS('AbortSignal');
}

// One WeakRef per signal, so sets of them hold each signal once.
function weakRefOf(signal) {
  signal[kWeakRef] ??= new WeakRef(signal);
  return signal[kWeakRef];
}

// Composite signals with 'abort' listeners, kept alive while they may still abort.
const gcPersistentSignals = new Set();

// Forgets a source–dependant link once either signal is collected. Each link is
// registered for both signals; the source's entry is unregistered with the dependant's,
// so a long-lived source does not accumulate entries.
const linkRegistry = new FinalizationRegistry((link) => {
  const { source, dependant } = link;
  source.deref()?.[kDependantSignals]?.delete(dependant);
  dependant.deref()?.[kSourceSignals]?.delete(source);
  linkRegistry.unregister(link);
});

// WebIDL `sequence<any>` conversion: any iterable object, as an array.
function toSequence(value) {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null ||
      typeof value[Symbol.iterator] !== 'function') {
    const error = new TypeError('Value can not be converted to sequence.');
    error.code = 'ERR_INVALID_ARG_TYPE';
    throw error;
  }
  return Array.from(value);
}

function validateAbortSignalArray(value, name) {
  validateArray(value, name);
  for (let i = 0; i < value.length; i++) {
    if (value[i] === undefined) {
      throw new ERR_INVALID_ARG_TYPE(`${name}[${i}]`, 'AbortSignal', value[i]);
    }
    validateAbortSignal(value[i], `${name}[${i}]`);
  }
}

function isPersistableComposite(signal, type) {
  return signal[kComposite] && signal[kSourceSignals]?.size > 0 && type === 'abort';
}

class AbortSignal extends EventTarget {
  constructor(dontThrowSymbol = undefined, init = kEmptyObject) {
    if (dontThrowSymbol !== kDontThrowSymbol) throw new ERR_ILLEGAL_CONSTRUCTOR();
    super();
    // Any number of 'abort' listeners is fine: no MaxListenersExceededWarning.
    this[kMaxEventTargetListeners] = 0;
    const { aborted = false, reason = undefined, composite = false } = init;
    this[kAborted] = aborted;
    this[kReason] = reason;
    this[kComposite] = composite;
  }

  get aborted() {
    validateThisAbortSignal(this);
    return !!this[kAborted];
  }

  get reason() {
    validateThisAbortSignal(this);
    return this[kReason];
  }

  throwIfAborted() {
    validateThisAbortSignal(this);
    if (this[kAborted]) throw this[kReason];
  }

  [customInspectSymbol](depth, options) {
    return customInspect(this, { aborted: this.aborted }, depth, options);
  }

  static abort(reason = new DOMException('This operation was aborted', 'AbortError')) {
    return new AbortSignal(kDontThrowSymbol, { aborted: true, reason });
  }

  static timeout(delay) {
    validateUint32(delay, 'delay', false);
    const signal = new AbortSignal(kDontThrowSymbol);
    timers.setTimeout(() => {
      abortSignal(signal,
        new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }, delay).unref();
    return signal;
  }

  static any(signals) {
    const signalsArray = toSequence(signals);
    validateAbortSignalArray(signalsArray, 'signals');
    const resultSignal = new AbortSignal(kDontThrowSymbol, { composite: true });
    if (signalsArray.length === 0) return resultSignal;

    const resultRef = weakRefOf(resultSignal);
    const sources = new Set();
    resultSignal[kSourceSignals] = sources;
    for (const signal of signalsArray) {
      if (signal.aborted) {
        abortSignal(resultSignal, signal.reason);
        return resultSignal;
      }
      const sourceRefs = signal[kComposite] ? signal[kSourceSignals] ?? [] : [weakRefOf(signal)];
      for (const sourceRef of sourceRefs) {
        const source = sourceRef.deref();
        if (source === undefined || sources.has(sourceRef)) continue;
        sources.add(sourceRef);
        source[kDependantSignals] ??= new Set();
        source[kDependantSignals].add(resultRef);
        const link = { source: sourceRef, dependant: resultRef };
        linkRegistry.register(resultSignal, link);
        linkRegistry.register(source, link, link);
      }
    }
    return resultSignal;
  }

  [kNewListener](size, type, listener, once, capture, passive, weak) {
    super[kNewListener](size, type, listener, once, capture, passive, weak);
    if (isPersistableComposite(this, type) && !this.aborted && !weak) {
      gcPersistentSignals.add(this);
    }
  }

  [kRemoveListener](size, type, listener, capture) {
    super[kRemoveListener](size, type, listener, capture);
    if (isPersistableComposite(this, type) && size === 0) gcPersistentSignals.delete(this);
  }
}

Object.defineProperty(AbortSignal.prototype, 'aborted', { __proto__: null, enumerable: true });
defineEventHandler(AbortSignal.prototype, 'abort');
Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'AbortSignal', writable: false, enumerable: false, configurable: true,
});

function dispatchAbort(signal) {
  signal.dispatchEvent(new Event('abort', { [kTrustEvent]: true }));
  gcPersistentSignals.delete(signal);
}

// Aborts `signal` and the signals that depend on it, all with `reason`. Every one is
// marked aborted before the first 'abort' event runs.
function abortSignal(signal, reason) {
  if (signal[kAborted]) return;
  signal[kAborted] = true;
  signal[kReason] = reason;
  const dependants = [];
  for (const dependantRef of signal[kDependantSignals] ?? []) {
    const dependant = dependantRef.deref();
    if (dependant !== undefined && !dependant[kAborted]) {
      dependant[kAborted] = true;
      dependant[kReason] = reason;
      dependants.push(dependant);
    }
  }
  dispatchAbort(signal);
  dependants.forEach(dispatchAbort);
}

class AbortController {
  #signal;

  get signal() {
    this.#signal ??= new AbortSignal(kDontThrowSymbol);
    return this.#signal;
  }

  abort(reason = new DOMException('This operation was aborted', 'AbortError')) {
    abortSignal(this.#signal ??= new AbortSignal(kDontThrowSymbol), reason);
  }

  [customInspectSymbol](depth, options) {
    return customInspect(this, { signal: this.signal }, depth, options);
  }
}

Object.defineProperties(AbortController.prototype, {
  signal: { __proto__: null, enumerable: true },
  abort: { __proto__: null, enumerable: true },
  [Symbol.toStringTag]: {
    __proto__: null, value: 'AbortController', writable: false, enumerable: false, configurable: true,
  },
});

module.exports = { AbortController, AbortSignal };
