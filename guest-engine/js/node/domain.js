// node:domain — the deprecated Domain API: `create`/`createDomain`, `Domain` (`run`, `enter`,
// `exit`, `add`, `remove`, `bind`, `intercept`), the domain stack (`_stack`, `active`,
// `process.domain`) and the routing of errors to the active domain.
//
// The active domain travels with deferred callbacks as an entry in the stores of
// internal/async_context, so nextTick, timers, immediates, promise reactions and
// AsyncResources run inside the domain they were scheduled in. Loading this module makes
// EventEmitters remember the domain they were created in (and emit inside it, sending
// unhandled 'error' events to it) and installs an uncaught-exception capture callback that
// hands errors thrown inside a domain to that domain's 'error' listeners.

const EventEmitter = require('events');
const asyncContext = require('internal/async_context');
// Bound here: a REPL's `let process` must not hide it from this module.
const { process } = globalThis;
const {
  codes: {
    ERR_DOMAIN_CALLBACK_NOT_AVAILABLE,
    ERR_DOMAIN_CANNOT_SET_UNCAUGHT_EXCEPTION_CAPTURE,
    ERR_UNHANDLED_ERROR,
  },
} = require('internal/errors');

if (process.hasUncaughtExceptionCaptureCallback()) {
  throw new ERR_DOMAIN_CALLBACK_NOT_AVAILABLE();
}

// The key of the active domain in an async context's stores.
const kDomainStore = Symbol('domain');

let stack = [];
exports._stack = stack;
exports.active = null;

function defineDomain(target, domain) {
  Object.defineProperty(target, 'domain', {
    __proto__: null,
    configurable: true,
    enumerable: false,
    writable: true,
    value: domain,
  });
}

// Makes `domain` (or none) the one callbacks scheduled from now on carry.
function setActive(domain) {
  exports.active = process.domain = domain;
  asyncContext.enter(asyncContext.withStore(kDomainStore, domain ?? undefined));
}

const domainRequireStack = new Error('require(`domain`) at this point').stack;
const setCaptureCallback = process.setUncaughtExceptionCaptureCallback;
process.setUncaughtExceptionCaptureCallback = function setUncaughtExceptionCaptureCallback() {
  const error = new ERR_DOMAIN_CANNOT_SET_UNCAUGHT_EXCEPTION_CAPTURE();
  error.stack += `\n${'-'.repeat(40)}\n${domainRequireStack}`;
  throw error;
};

// Uncaught exceptions go to the active domain while some domain on the stack listens
// for 'error'; otherwise they reach process 'uncaughtException' as usual.
function updateExceptionCapture() {
  setCaptureCallback(null);
  if (stack.some((domain) => domain.listenerCount('error') > 0)) {
    setCaptureCallback((error) => process.domain._errorHandler(error));
  }
}

// An uncaught exception ends the current tick: no domain stays entered past it.
function domainUncaughtExceptionClear() {
  stack.length = 0;
  setActive(null);
  updateExceptionCapture();
}

// The first 'uncaughtException' listener is always the one clearing the domain stack.
process.on('newListener', (name, listener) => {
  if (name === 'uncaughtException' && listener !== domainUncaughtExceptionClear) {
    process.removeListener(name, domainUncaughtExceptionClear);
    process.prependListener(name, domainUncaughtExceptionClear);
  }
});
process.on('removeListener', (name, listener) => {
  if (name === 'uncaughtException' && listener !== domainUncaughtExceptionClear) {
    const listeners = process.listeners('uncaughtException');
    if (listeners.length === 1 && listeners[0] === domainUncaughtExceptionClear) {
      process.removeListener(name, domainUncaughtExceptionClear);
    }
  }
});

class Domain extends EventEmitter {
  constructor() {
    super();
    this.members = [];
    this.on('removeListener', updateExceptionCapture);
    this.on('newListener', updateExceptionCapture);
  }
}

Domain.prototype.members = undefined;

// Handles an error thrown (not emitted) inside this domain; returns whether a listener
// took it.
Domain.prototype._errorHandler = function _errorHandler(error) {
  let caught = false;
  if ((typeof error === 'object' && error !== null) || typeof error === 'function') {
    defineDomain(error, this);
    error.domainThrown = true;
  }
  // The handler must not run inside the domain it handles, or a throw from it would
  // come back here.
  while (exports.active === this) {
    this.exit();
  }
  if (stack.length === 0) {
    // Without a listener, leave the error to process 'uncaughtException'.
    if (this.listenerCount('error') > 0) {
      setCaptureCallback(null);
      try {
        caught = this.emit('error', error);
      } finally {
        updateExceptionCapture();
      }
    }
  } else {
    try {
      caught = this.emit('error', error);
    } catch (handlerError) {
      // The handler threw: an enclosing domain may take that error, else it is fatal.
      updateExceptionCapture();
      if (stack.length === 0) throw handlerError;
      setActive(stack[stack.length - 1]);
      caught = process.domain._errorHandler(handlerError);
    }
  }
  domainUncaughtExceptionClear();
  return caught;
};

Domain.prototype.enter = function enter() {
  // Pushed even when already active, so that every enter has its exit.
  setActive(this);
  stack.push(this);
  updateExceptionCapture();
};

Domain.prototype.exit = function exit() {
  const index = stack.lastIndexOf(this);
  if (index === -1) return;
  // Exits every domain entered after this one too.
  stack.splice(index);
  setActive(stack.length === 0 ? undefined : stack[stack.length - 1]);
  updateExceptionCapture();
};

Domain.prototype.add = function add(emitter) {
  if (emitter.domain === this) return;
  if (emitter.domain) emitter.domain.remove(emitter);
  // A domain may not be added to one of its own descendants.
  if (this.domain && emitter instanceof Domain) {
    for (let parent = this.domain; parent; parent = parent.domain) {
      if (emitter === parent) return;
    }
  }
  defineDomain(emitter, this);
  this.members.push(emitter);
};

Domain.prototype.remove = function remove(emitter) {
  emitter.domain = null;
  const index = this.members.indexOf(emitter);
  if (index !== -1) this.members.splice(index, 1);
};

// Runs `fn` inside the domain. A throw leaves the domain entered, for the
// uncaught-exception handler to route.
Domain.prototype.run = function run(fn, ...args) {
  this.enter();
  const result = Reflect.apply(fn, this, args);
  this.exit();
  return result;
};

// Wraps an error-first callback: an Error first argument goes to the domain's 'error'
// event, otherwise the callback runs inside the domain without it.
Domain.prototype.intercept = function intercept(callback) {
  const domain = this;
  return function runIntercepted(...args) {
    const [error] = args;
    if (error && error instanceof Error) {
      error.domainBound = callback;
      error.domainThrown = false;
      defineDomain(error, domain);
      domain.emit('error', error);
      return undefined;
    }
    domain.enter();
    const result = Reflect.apply(callback, this, args.slice(1));
    domain.exit();
    return result;
  };
};

// Wraps `callback` to run inside the domain.
Domain.prototype.bind = function bind(callback) {
  const domain = this;
  function runBound(...args) {
    domain.enter();
    const result = Reflect.apply(callback, this, args);
    domain.exit();
    return result;
  }
  defineDomain(runBound, this);
  return runBound;
};

exports.Domain = Domain;
exports.create = exports.createDomain = function createDomain() {
  return new Domain();
};

// Deferred callbacks run inside the domain they were scheduled in.
asyncContext.propagateThroughMicrotasks();
asyncContext.setCallbackHooks({
  before(context) {
    const domain = context.stores.get(kDomainStore);
    if (domain === undefined || domain === process.domain) return undefined;
    domain.enter();
    return domain;
  },
  after(domain) {
    domain?.exit();
  },
});

// EventEmitters created inside a domain belong to it.
EventEmitter.usingDomains = true;
const eventInit = EventEmitter.init;
EventEmitter.init = function init(opts) {
  defineDomain(this, null);
  if (exports.active && !(this instanceof Domain)) this.domain = exports.active;
  return Reflect.apply(eventInit, this, [opts]);
};

// An emitter that belongs to a domain emits inside it, and an 'error' event nobody
// listens to goes to the domain instead of being thrown.
const eventEmit = EventEmitter.prototype.emit;
EventEmitter.prototype.emit = function emit(...args) {
  const domain = this.domain;
  const type = args[0];
  if ((type === 'error' && this.listenerCount(type) > 0) || domain === null ||
      domain === undefined || this === process) {
    return Reflect.apply(eventEmit, this, args);
  }
  if (type === 'error') {
    const error = args.length > 1 && args[1] ? args[1] : new ERR_UNHANDLED_ERROR();
    if (typeof error === 'object') {
      error.domainEmitter = this;
      defineDomain(error, domain);
      error.domainThrown = false;
    }
    // The domain's handler runs outside the domain (and its duplicates on the top of
    // the stack); the stack is restored after it.
    const savedStack = stack.slice();
    const savedActive = process.domain;
    let index = stack.length - 1;
    while (index > -1 && process.domain === stack[index]) index--;
    stack.splice(index + 1);
    setActive(stack.length > 0 ? stack[stack.length - 1] : null);
    updateExceptionCapture();
    domain.emit('error', error);
    exports._stack = stack = savedStack;
    setActive(savedActive);
    updateExceptionCapture();
    return false;
  }
  domain.enter();
  const result = Reflect.apply(eventEmit, this, args);
  domain.exit();
  return result;
};
