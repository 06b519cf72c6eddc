// internal/promise_hooks — the promise lifecycle behind `v8.promiseHooks` and the PROMISE
// resources of node:async_hooks: listeners for 'init' (promise, parent), 'before', 'after'
// and 'settled' (promise).
//
// The engine reports a promise's creation (with the promise `then` was called on as its
// parent), its fulfillment, and the job that adopts a thenable. QuickJS-NG reports nothing
// around a reaction callback, so 'before' and 'after' come from wrapping the callbacks given
// to Promise.prototype.then (and so catch/finally) once node:async_hooks is loaded or a
// listener for them is added; callbacks registered earlier and the continuation of a
// native `await` get neither. 'settled' is not reported for rejections.

const { codes: { ERR_INVALID_ARG_TYPE } } = require('internal/errors');
const { isAsyncFunction } = require('util/types');

const engine = binding('engine');

const listeners = { init: [], before: [], after: [], settled: [] };

// Runs one promise event's listeners. A listener that throws does not stop the promise
// operation: its error is rethrown from a microtask, where it is an uncaught exception.
function emit(kind, promise, parent) {
  if (listeners[kind].length === 0) return;
  for (const listener of [...listeners[kind]]) {
    try {
      listener(promise, parent);
    } catch (error) {
      queueMicrotask(() => { throw error; });
    }
  }
}

let thenWrapped = false;

// Makes the callbacks given to Promise.prototype.then from now on report 'before' and
// 'after', with the promise `then` returned, to the listeners there are when they run.
function wrapThen() {
  if (thenWrapped) return;
  thenWrapped = true;
  const originalThen = Promise.prototype.then;
  Object.defineProperty(Promise.prototype, 'then', {
    __proto__: null,
    writable: true,
    configurable: true,
    value: {
      then(onFulfilled, onRejected) {
        let child;
        const wrap = (callback) => (typeof callback === 'function' ?
          (value) => {
            emit('before', child);
            try {
              return callback(value);
            } finally {
              emit('after', child);
            }
          } : callback);
        child = Reflect.apply(originalThen, this, [wrap(onFulfilled), wrap(onRejected)]);
        return child;
      },
    }.then,
  });
}

function updateEngine() {
  const active = Object.values(listeners).some((list) => list.length > 0);
  engine.setPromiseHooks(active);
}

// Adds a listener for `kind`; returns the function that removes it.
function addListener(kind, listener) {
  if (kind === 'before' || kind === 'after') wrapThen();
  listeners[kind].push(listener);
  updateEngine();
  return function stop() {
    const index = listeners[kind].indexOf(listener);
    if (index !== -1) listeners[kind].splice(index, 1);
    updateEngine();
  };
}

// `v8.promiseHooks`: each `on*` takes a plain (not async) function and returns the function
// that stops it.
function makeUseHook(kind) {
  return function useHook(hook) {
    if (typeof hook !== 'function' || isAsyncFunction(hook)) {
      throw new ERR_INVALID_ARG_TYPE(`${kind}Hook`, 'function', hook);
    }
    return addListener(kind, hook);
  };
}

const onInit = makeUseHook('init');
const onBefore = makeUseHook('before');
const onAfter = makeUseHook('after');
const onSettled = makeUseHook('settled');

function createHook({ init, before, after, settled } = {}) {
  const stops = [];
  if (init) stops.push(onInit(init));
  if (before) stops.push(onBefore(before));
  if (after) stops.push(onAfter(after));
  if (settled) stops.push(onSettled(settled));
  return function stop() {
    for (const stopHook of stops) stopHook();
  };
}

module.exports = {
  emit,
  addListener,
  wrapThen,
  promiseHooks: { onInit, onBefore, onAfter, onSettled, createHook },
};
