// internal/test_runner/mock — node:test's `mock` and every test context's `t.mock`: mock
// functions (`fn`), and mocks of methods, getters and setters on objects (`method`,
// `getter`, `setter`), each recording its calls in a MockFunctionContext and restorable,
// and `timers` (internal/test_runner/mock_timers). Module mocks are not available here.

const {
  codes: {
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_METHOD_NOT_IMPLEMENTED,
  },
  validateBoolean,
  validateFunction,
  validateInteger,
  validateObject,
} = require('internal/errors');
const { MockTimers } = require('internal/test_runner/mock_timers');

class MockFunctionContext {
  #calls = [];
  #implementation;
  #original;
  #once = new Map();
  #restore;
  #remaining;

  constructor(implementation, original, restore, times) {
    this.#implementation = implementation;
    this.#original = original;
    this.#restore = restore;
    this.#remaining = times;
  }

  get calls() {
    return [...this.#calls];
  }

  callCount() {
    return this.#calls.length;
  }

  mockImplementation(implementation) {
    validateFunction(implementation, 'implementation');
    this.#implementation = implementation;
  }

  mockImplementationOnce(implementation, onCall) {
    validateFunction(implementation, 'implementation');
    const next = this.#calls.length;
    const call = onCall ?? next;
    validateInteger(call, 'onCall', next);
    this.#once.set(call, implementation);
  }

  resetCalls() {
    this.#calls = [];
  }

  restore() {
    this.#implementation = this.#original;
    this.#remaining = Infinity;
    this.#restore?.();
  }

  // What the call about to be recorded runs: a one-time implementation for this call, the
  // mock implementation while `times` lasts, then the original.
  nextImplementation() {
    const call = this.#calls.length;
    const once = this.#once.get(call);
    if (once !== undefined) {
      this.#once.delete(call);
      return once;
    }
    if (this.#remaining <= 0) return this.#original;
    this.#remaining--;
    return this.#implementation;
  }

  record(call) {
    this.#calls.push(call);
  }
}

// A Proxy of `original` (so its name, length, prototype and `instanceof` stay those of the
// original) that runs the context's implementation and records each call.
function mockFunction(original, implementation, restore, times) {
  const context = new MockFunctionContext(implementation, original, restore, times);
  const mocked = new Proxy(original, {
    apply(_, thisArg, args) {
      const run = context.nextImplementation();
      const stack = new Error();
      try {
        const result = Reflect.apply(run, thisArg, args);
        context.record({ arguments: args, error: undefined, result, stack, target: undefined,
                         this: thisArg });
        return result;
      } catch (error) {
        context.record({ arguments: args, error, result: undefined, stack, target: undefined,
                         this: thisArg });
        throw error;
      }
    },
    construct(_, args, newTarget) {
      const target = newTarget === mocked ? original : newTarget;
      const run = context.nextImplementation();
      const stack = new Error();
      try {
        const result = Reflect.construct(run, args, target);
        context.record({ arguments: args, error: undefined, result, stack, target,
                         this: result });
        return result;
      } catch (error) {
        context.record({ arguments: args, error, result: undefined, stack, target,
                         this: undefined });
        throw error;
      }
    },
    get(target, property, receiver) {
      if (property === 'mock') return context;
      return Reflect.get(target, property, receiver);
    },
  });
  return mocked;
}

function validateTimes(options) {
  validateObject(options, 'options');
  const { times = Infinity } = options;
  if (times !== Infinity) validateInteger(times, 'options.times', 1);
  return times;
}

// The property descriptor of `name` on `object` or its prototype chain.
function findDescriptor(object, name) {
  for (let target = object; target !== null; target = Object.getPrototypeOf(target)) {
    const descriptor = Object.getOwnPropertyDescriptor(target, name);
    if (descriptor !== undefined) return descriptor;
  }
  return undefined;
}

class MockTracker {
  #mocks = [];
  #timers;

  fn(original = function() {}, implementation = original, options = {}) {
    if (original !== null && typeof original === 'object') {
      options = original;
      original = function() {};
      implementation = original;
    } else if (implementation !== null && typeof implementation === 'object') {
      options = implementation;
      implementation = original;
    }
    validateFunction(original, 'original');
    validateFunction(implementation, 'implementation');
    const mocked = mockFunction(original, implementation, undefined, validateTimes(options));
    this.#mocks.push(mocked.mock);
    return mocked;
  }

  method(object, methodName, implementation = undefined, options = {}) {
    if (typeof methodName !== 'string' && typeof methodName !== 'symbol') {
      throw new ERR_INVALID_ARG_TYPE('methodName', ['string', 'symbol'], methodName);
    }
    if (implementation !== null && typeof implementation === 'object') {
      options = implementation;
      implementation = undefined;
    }
    if (implementation !== undefined) validateFunction(implementation, 'implementation');
    const times = validateTimes(options);
    const { getter = false, setter = false } = options;
    validateBoolean(getter, 'options.getter');
    validateBoolean(setter, 'options.setter');
    if (getter && setter) {
      throw new ERR_INVALID_ARG_VALUE('options.setter', setter,
                                      "cannot be used with 'options.getter'");
    }
    const descriptor = findDescriptor(object, methodName);
    if (descriptor === undefined) {
      throw new ERR_INVALID_ARG_VALUE('methodName', methodName,
                                      'must be a property of the object');
    }
    const accessor = getter ? 'get' : setter ? 'set' : 'value';
    const original = descriptor[accessor];
    if (typeof original !== 'function') {
      const kind = getter ? 'getter' : setter ? 'setter' : 'method';
      throw new ERR_INVALID_ARG_VALUE('methodName', original, `must be a ${kind}`);
    }
    const restore = () => Object.defineProperty(object, methodName, descriptor);
    const mocked = mockFunction(original, implementation ?? original, restore, times);
    Object.defineProperty(object, methodName, {
      configurable: descriptor.configurable,
      enumerable: descriptor.enumerable,
      ...(accessor === 'value' ? { value: mocked, writable: descriptor.writable } :
        { get: descriptor.get, set: descriptor.set, [accessor]: mocked }),
    });
    this.#mocks.push(mocked.mock);
    return mocked;
  }

  getter(object, methodName, implementation = undefined, options = {}) {
    if (implementation !== null && typeof implementation === 'object') {
      options = implementation;
      implementation = undefined;
    }
    if (options.getter === false) {
      throw new ERR_INVALID_ARG_VALUE('options.getter', false, 'cannot be false');
    }
    return this.method(object, methodName, implementation, { ...options, getter: true });
  }

  setter(object, methodName, implementation = undefined, options = {}) {
    if (implementation !== null && typeof implementation === 'object') {
      options = implementation;
      implementation = undefined;
    }
    if (options.setter === false) {
      throw new ERR_INVALID_ARG_VALUE('options.setter', false, 'cannot be false');
    }
    return this.method(object, methodName, implementation, { ...options, setter: true });
  }

  get timers() {
    this.#timers ??= new MockTimers();
    return this.#timers;
  }

  module() {
    throw new ERR_METHOD_NOT_IMPLEMENTED('mock.module');
  }

  reset() {
    this.restoreAll();
    this.#timers?.reset();
    this.#mocks = [];
  }

  restoreAll() {
    for (const mock of this.#mocks) mock.restore();
  }
}

module.exports = { MockTracker };
