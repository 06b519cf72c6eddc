// node:async_hooks — AsyncLocalStorage, AsyncResource, and the async id queries
// (executionAsyncId, triggerAsyncId, executionAsyncResource) over internal/async_context.
//
// Stores follow callbacks through process.nextTick, timers, immediates, queueMicrotask,
// Promise.prototype.then/catch/finally and AsyncResource. They do not follow the
// continuation of a native `await`: QuickJS-NG has no hook around it (see
// internal/async_context). Hooks made by `createHook` are told the lifecycle (init, before,
// after, destroy) of AsyncResources, Timeouts and Immediates; the engine's other resources
// (ticks, promises, sockets) emit no lifecycle events, and `promiseResolve` is never called.

const asyncContext = require('internal/async_context');
const {
  codes: { ERR_ASYNC_CALLBACK, ERR_ASYNC_TYPE, ERR_INVALID_ASYNC_ID },
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

// The enabled hooks, in the order they were enabled.
const enabledHooks = [];

// Calls every enabled hook's `name` callback, with the hook as `this`.
function emitHook(name, ...args) {
  for (const hook of [...enabledHooks]) {
    const callback = hook[kCallbacks][name];
    if (typeof callback === 'function') Reflect.apply(callback, hook, args);
  }
}

class AsyncResource {
  #context;
  #destroyed = false;

  constructor(type, options = {}) {
    validateString(type, 'type');
    const opts = typeof options === 'number' ? { triggerAsyncId: options } : options;
    let triggerAsyncId = opts.triggerAsyncId;
    if (triggerAsyncId === undefined) {
      triggerAsyncId = asyncContext.currentContext().asyncId;
    } else if (!Number.isSafeInteger(triggerAsyncId) || triggerAsyncId < -1) {
      throw new ERR_INVALID_ASYNC_ID('triggerAsyncId', triggerAsyncId);
    }
    if (enabledHooks.length > 0 && type.length === 0) throw new ERR_ASYNC_TYPE(type);
    this.#context = asyncContext.capture(this, triggerAsyncId);
    emitHook('init', this.#context.asyncId, type, triggerAsyncId, this);
  }

  runInAsyncScope(fn, thisArg, ...args) {
    const asyncId = this.#context.asyncId;
    emitHook('before', asyncId);
    try {
      return asyncContext.runIn(this.#context, fn, thisArg, args);
    } finally {
      emitHook('after', asyncId);
    }
  }

  emitDestroy() {
    if (!this.#destroyed) {
      this.#destroyed = true;
      emitHook('destroy', this.#context.asyncId);
    }
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

const kCallbacks = Symbol('kCallbacks');

class AsyncHook {
  constructor(callbacks) {
    validateObject(callbacks, 'callbacks');
    this[kCallbacks] = {};
    for (const name of hookNames) {
      if (callbacks[name] !== undefined && typeof callbacks[name] !== 'function') {
        throw new ERR_ASYNC_CALLBACK(`hook.${name}`);
      }
      this[kCallbacks][name] = callbacks[name];
    }
  }

  enable() {
    if (!enabledHooks.includes(this)) enabledHooks.push(this);
    asyncContext.setLifecycleEmitter(emitHook);
    return this;
  }

  disable() {
    const index = enabledHooks.indexOf(this);
    if (index !== -1) enabledHooks.splice(index, 1);
    if (enabledHooks.length === 0) asyncContext.setLifecycleEmitter(null);
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
