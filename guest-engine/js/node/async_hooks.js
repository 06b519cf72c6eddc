// node:async_hooks — AsyncLocalStorage, AsyncResource, and the async id queries
// (executionAsyncId, triggerAsyncId, executionAsyncResource) over internal/async_context.
//
// Stores follow callbacks through process.nextTick, timers, immediates, queueMicrotask,
// Promise.prototype.then/catch/finally, AsyncResource, and the I/O events of sockets and
// child processes (internal/io_watch). They do not follow the
// continuation of a native `await`: QuickJS-NG has no hook around it (see
// internal/async_context). Hooks made by `createHook` are told the lifecycle (init, before,
// after, destroy) of AsyncResources, Timeouts, Immediates and TickObjects (nextTick), and
// of promises (init, before and after around then/catch/finally callbacks, promiseResolve
// on fulfillment) through internal/promise_hooks; the engine's other resources (sockets,
// file system requests) emit no lifecycle events. An AsyncResource made while a destroy
// hook is enabled also reports 'destroy' when it is collected, and a hook callback that
// throws ends the process, as in Node.

const asyncContext = require('internal/async_context');
const promiseHooks = require('internal/promise_hooks');

// Promise callbacks registered from now on can report to hooks enabled later.
promiseHooks.wrapThen();
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

// A hook callback that throws ends the process, as in Node: the error's stack (or, for a
// value without one, an `Error: <value>` trace) goes to stderr and the exit code is 1.
function fatalHookError(error) {
  let stack;
  try {
    stack = error?.stack;
  } catch {
    stack = undefined;
  }
  if (typeof stack !== 'string') {
    const report = { message: typeof error === 'symbol' ? error.toString() : error };
    Error.captureStackTrace(report, fatalHookError);
    stack = report.stack;
  }
  process._rawDebug(stack);
  process.exit(1);
}

// Calls every enabled hook's `name` callback, with the hook as `this`.
function emitHook(name, ...args) {
  for (const hook of [...enabledHooks]) {
    const callback = hook[kCallbacks][name];
    if (typeof callback !== 'function') continue;
    try {
      Reflect.apply(callback, hook, args);
    } catch (error) {
      fatalHookError(error);
    }
  }
}

// Emits 'destroy' for a resource collected before its emitDestroy() was called.
function emitDestroyOnce(state) {
  if (state.destroyed) return;
  state.destroyed = true;
  emitHook('destroy', state.asyncId);
}

const destroyOnCollect = new FinalizationRegistry(emitDestroyOnce);

class AsyncResource {
  #context;
  #destroyState;

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
    this.#destroyState = { destroyed: false, asyncId: this.#context.asyncId };
    // As in Node, a resource made while a destroy hook is enabled reports its own
    // collection, unless its owner promised to call emitDestroy().
    const destroyHooked = enabledHooks.some((hook) => typeof hook[kCallbacks].destroy === 'function');
    if (destroyHooked && !opts.requireManualDestroy) {
      destroyOnCollect.register(this, this.#destroyState);
    }
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
    emitDestroyOnce(this.#destroyState);
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
    watchPromises();
    return this;
  }

  disable() {
    const index = enabledHooks.indexOf(this);
    if (index !== -1) enabledHooks.splice(index, 1);
    if (enabledHooks.length === 0) {
      asyncContext.setLifecycleEmitter(null);
      unwatchPromises();
    }
    return this;
  }
}

// Promises as PROMISE resources: each gets an async id when created (triggered by the
// promise `then` was called on, else by the current resource) or, if it predates the
// hooks, when its first callback runs. Its reaction callbacks run with it as the current
// resource. Continuations of a native `await` are not seen (internal/promise_hooks).
const promiseIds = new WeakMap();
// The contexts a promise callback's 'before' replaced, restored by its 'after'. The 'after'
// listener outlives the others until every callback under way has ended, so disabling the
// last hook inside a promise callback still restores the context.
const promiseScopes = [];
let stopWatchingPromises = null;
let stopAfterListener = null;

function promiseContext(promise, triggerAsyncId = asyncContext.currentContext().asyncId) {
  let context = promiseIds.get(promise);
  if (context === undefined) {
    context = asyncContext.capture(promise, triggerAsyncId);
    promiseIds.set(promise, context);
  }
  return context;
}

function afterPromiseCallback(promise) {
  emitHook('after', promiseContext(promise).asyncId);
  if (promiseScopes.length > 0) asyncContext.enter(promiseScopes.pop());
  if (stopWatchingPromises === null && promiseScopes.length === 0) {
    stopAfterListener();
    stopAfterListener = null;
  }
}

function watchPromises() {
  if (stopWatchingPromises !== null) return;
  stopAfterListener ??= promiseHooks.addListener('after', afterPromiseCallback);
  const stops = [
    promiseHooks.addListener('init', (promise, parent) => {
      const trigger = parent === undefined ? undefined : promiseContext(parent).asyncId;
      const context = promiseContext(promise, trigger);
      emitHook('init', context.asyncId, 'PROMISE', context.triggerAsyncId, promise);
    }),
    promiseHooks.addListener('before', (promise) => {
      const context = promiseContext(promise);
      promiseScopes.push(asyncContext.currentContext());
      asyncContext.enter({ ...asyncContext.currentContext(), asyncId: context.asyncId,
                           triggerAsyncId: context.triggerAsyncId, resource: promise });
      emitHook('before', context.asyncId);
    }),
    promiseHooks.addListener('settled', (promise) => {
      const context = promiseIds.get(promise);
      if (context !== undefined) emitHook('promiseResolve', context.asyncId);
    }),
  ];
  stopWatchingPromises = () => {
    for (const stop of stops) stop();
  };
}

function unwatchPromises() {
  if (stopWatchingPromises === null) return;
  stopWatchingPromises();
  stopWatchingPromises = null;
  if (promiseScopes.length === 0) {
    stopAfterListener();
    stopAfterListener = null;
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
