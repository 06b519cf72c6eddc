// node:async_hooks — AsyncLocalStorage, AsyncResource, and the async id queries
// (executionAsyncId, triggerAsyncId, executionAsyncResource) over internal/async_context.
//
// Stores follow callbacks through process.nextTick, timers, immediates, queueMicrotask,
// Promise.prototype.then/catch/finally and AsyncResource. They do not follow the
// continuation of a native `await`: QuickJS-NG has no hook around it (see
// internal/async_context). `createHook` returns a working AsyncHook object (validated
// callbacks, enable/disable), but the engine emits no per-resource lifecycle events, so its
// init/before/after/destroy/promiseResolve callbacks are never called.

const asyncContext = require('internal/async_context');
const {
  codes: { ERR_ASYNC_CALLBACK, ERR_INVALID_ASYNC_ID },
  validateFunction, validateString, validateObject,
} = require('internal/errors');

class AsyncLocalStorage {
  #enabled = false;

  constructor() {
    asyncContext.propagateThroughMicrotasks();
  }

  static bind(fn) {
    return AsyncResource.bind(fn);
  }

  static snapshot() {
    const context = asyncContext.currentContext();
    return function runInAsyncScope(fn, ...args) {
      return asyncContext.runIn(context, fn, this, args);
    };
  }

  disable() {
    if (!this.#enabled) return;
    this.#enabled = false;
    asyncContext.enter(asyncContext.withStore(this, undefined));
  }

  getStore() {
    if (!this.#enabled) return undefined;
    return asyncContext.currentContext().stores.get(this);
  }

  enterWith(store) {
    this.#enabled = true;
    asyncContext.enter(asyncContext.withStore(this, store));
  }

  run(store, callback, ...args) {
    this.#enabled = true;
    return asyncContext.runIn(asyncContext.withStore(this, store), callback, undefined, args);
  }

  exit(callback, ...args) {
    if (!this.#enabled) return Reflect.apply(callback, undefined, args);
    return asyncContext.runIn(asyncContext.withStore(this, undefined), callback, undefined, args);
  }
}

class AsyncResource {
  #context;

  constructor(type, options = {}) {
    validateString(type, 'type');
    const opts = typeof options === 'number' ? { triggerAsyncId: options } : options;
    let triggerAsyncId = opts.triggerAsyncId;
    if (triggerAsyncId === undefined) {
      triggerAsyncId = asyncContext.currentContext().asyncId;
    } else if (!Number.isSafeInteger(triggerAsyncId) || triggerAsyncId < -1) {
      throw new ERR_INVALID_ASYNC_ID('triggerAsyncId', triggerAsyncId);
    }
    this.#context = asyncContext.capture(this, triggerAsyncId);
  }

  runInAsyncScope(fn, thisArg, ...args) {
    return asyncContext.runIn(this.#context, fn, thisArg, args);
  }

  emitDestroy() {
    return this;
  }

  asyncId() {
    return this.#context.asyncId;
  }

  triggerAsyncId() {
    return this.#context.triggerAsyncId;
  }

  bind(fn, thisArg) {
    validateFunction(fn, 'fn');
    const resource = this;
    const bound = thisArg === undefined ?
      function bound(...args) { return resource.runInAsyncScope(fn, this, ...args); } :
      (...args) => resource.runInAsyncScope(fn, thisArg, ...args);
    Object.defineProperties(bound, {
      length: { __proto__: null, configurable: true, value: fn.length },
      asyncResource: { __proto__: null, configurable: true, enumerable: true, writable: true, value: this },
    });
    return bound;
  }

  static bind(fn, type, thisArg) {
    return new AsyncResource(type || fn.name || 'bound-anonymous-fn').bind(fn, thisArg);
  }
}

const hookNames = ['init', 'before', 'after', 'destroy', 'promiseResolve'];

class AsyncHook {
  constructor(callbacks) {
    validateObject(callbacks, 'callbacks');
    for (const name of hookNames) {
      if (callbacks[name] !== undefined && typeof callbacks[name] !== 'function') {
        throw new ERR_ASYNC_CALLBACK(`hook.${name}`);
      }
    }
  }

  enable() {
    return this;
  }

  disable() {
    return this;
  }
}

function createHook(callbacks) {
  return new AsyncHook(callbacks);
}

function executionAsyncId() {
  return asyncContext.currentContext().asyncId;
}

function triggerAsyncId() {
  return asyncContext.currentContext().triggerAsyncId;
}

function executionAsyncResource() {
  return asyncContext.currentContext().resource ?? {};
}

module.exports = {
  AsyncLocalStorage,
  AsyncResource,
  createHook,
  executionAsyncId,
  triggerAsyncId,
  executionAsyncResource,
};
