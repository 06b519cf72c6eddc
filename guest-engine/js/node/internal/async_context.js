// internal/async_context — the current asynchronous execution context: the stores of every
// AsyncLocalStorage and the async ids `node:async_hooks` reports. Deferred callbacks carry
// the context they were scheduled in: process.nextTick, timers and immediates capture it
// (`capture`) and run inside it (`runIn`), as do I/O watches (internal/io_watch); once an
// AsyncLocalStorage exists, callbacks given to queueMicrotask and Promise.prototype.then
// (and so catch/finally and `await` on thenables) do too. QuickJS-NG fires no hook around the continuation of a native `await`,
// so code after `await nativePromise` runs in the context that was current when the
// microtask ran (normally the outermost one), not the awaiting function's.

let nextAsyncId = 2;
const root = { stores: new Map(), asyncId: 1, triggerAsyncId: 0, resource: {} };
let current = root;

function newAsyncId() {
  return nextAsyncId++;
}

function currentContext() {
  return current;
}

// A context for a callback scheduled now: the current stores, with a fresh async id whose
// trigger is the current one.
function capture(resource, triggerAsyncId = current.asyncId) {
  return { stores: current.stores, asyncId: nextAsyncId++, triggerAsyncId, resource };
}

// Hooks around every callback run in a context: `before(context)` returns a token that
// `after(token)` receives once the callback returns normally. A throwing callback skips
// `after`, so the uncaught-exception handler still sees the state the callback threw in
// (node:domain enters the callback's domain in `before` and exits it in `after`).
let callbackHooks = null;

function setCallbackHooks(hooks) {
  callbackHooks = hooks;
}

function runIn(context, fn, thisArg, args) {
  const previous = current;
  current = context;
  try {
    if (callbackHooks === null) return Reflect.apply(fn, thisArg, args);
    const token = callbackHooks.before(context);
    const result = Reflect.apply(fn, thisArg, args);
    callbackHooks.after(token);
    return result;
  } finally {
    current = previous;
  }
}

// The current context with `storage`'s store replaced (`undefined` removes it).
function withStore(storage, store) {
  const stores = new Map(current.stores);
  if (store === undefined) {
    stores.delete(storage);
  } else {
    stores.set(storage, store);
  }
  return { ...current, stores };
}

function enter(context) {
  current = context;
}

// node:async_hooks's dispatcher of lifecycle events ('init', 'before', 'after', 'destroy'),
// set while some hook is enabled: the engine's timers and immediates report through it.
let lifecycleEmitter = null;

function setLifecycleEmitter(emitter) {
  lifecycleEmitter = emitter;
}

function emitLifecycle(name, ...args) {
  if (lifecycleEmitter !== null) lifecycleEmitter(name, ...args);
}

let microtasksPatched = false;

// Makes Promise.prototype.then and queueMicrotask run their callbacks in the context
// current at the call.
function propagateThroughMicrotasks() {
  if (microtasksPatched) return;
  microtasksPatched = true;
  const originalQueueMicrotask = globalThis.queueMicrotask;
  Object.defineProperty(globalThis, 'queueMicrotask', {
    __proto__: null,
    writable: true,
    configurable: true,
    enumerable: true,
    value: {
      queueMicrotask(callback) {
        if (current === root || typeof callback !== 'function') {
          return originalQueueMicrotask(callback);
        }
        const context = capture(undefined);
        return originalQueueMicrotask(() => runIn(context, callback, undefined, []));
      },
    }.queueMicrotask,
  });
  const originalThen = Promise.prototype.then;
  const bind = (callback, context) => (typeof callback === 'function' ?
    (value) => runIn(context, callback, undefined, [value]) : callback);
  Object.defineProperty(Promise.prototype, 'then', {
    __proto__: null,
    writable: true,
    configurable: true,
    value: {
      then(onFulfilled, onRejected) {
        if (current === root) return Reflect.apply(originalThen, this, [onFulfilled, onRejected]);
        const context = capture(this);
        return Reflect.apply(originalThen, this,
          [bind(onFulfilled, context), bind(onRejected, context)]);
      },
    }.then,
  });
}

module.exports = {
  newAsyncId,
  currentContext,
  capture,
  runIn,
  withStore,
  enter,
  propagateThroughMicrotasks,
  setCallbackHooks,
  setLifecycleEmitter,
  emitLifecycle,
};
