// internal/finalization — `process.finalization`: callbacks run for objects still alive when
// the process emits 'exit' (`register`) or 'beforeExit' (`registerBeforeExit`), called with
// the object and the event's name. The objects are held weakly: one collected before then
// is forgotten, and `unregister` forgets one explicitly.

const { validateFunction, validateObject, kValidateObjectAllowObjects } = require('internal/errors');

const EVENTS = ['exit', 'beforeExit'];

// Per event: the WeakRefs of the registered objects, each carrying its callback.
const refs = { exit: new Set(), beforeExit: new Set() };
const listeners = { exit: () => runCallbacks('exit'), beforeExit: () => runCallbacks('beforeExit') };
let registry = null;

function updateListener(event) {
  const listening = process.listeners(event).includes(listeners[event]);
  if (refs[event].size > 0 && !listening) process.on(event, listeners[event]);
  if (refs[event].size === 0 && listening) process.removeListener(event, listeners[event]);
}

function runCallbacks(event) {
  const due = [...refs[event]];
  refs[event].clear();
  updateListener(event);
  for (const ref of due) {
    const object = ref.deref();
    if (object !== undefined) ref.callback(object, event);
  }
}

function forget(ref) {
  for (const event of EVENTS) {
    refs[event].delete(ref);
    updateListener(event);
  }
}

function add(event, object, callback) {
  validateObject(object, 'obj', kValidateObjectAllowObjects);
  validateFunction(callback, 'callback');
  const ref = new WeakRef(object);
  ref.callback = callback;
  registry ??= new FinalizationRegistry(forget);
  registry.register(object, ref, ref);
  refs[event].add(ref);
  updateListener(event);
}

const finalization = {
  register(object, callback) {
    add('exit', object, callback);
  },
  registerBeforeExit(object, callback) {
    add('beforeExit', object, callback);
  },
  unregister(object) {
    for (const event of EVENTS) {
      for (const ref of refs[event]) {
        if (ref.deref() !== object) continue;
        registry.unregister(ref);
        forget(ref);
      }
    }
  },
};

module.exports = finalization;
