// internal/event_target — WHATWG `Event`, `CustomEvent` and `EventTarget` with the
// semantics of Node 22 (lib/internal/event_target.js), Node's `NodeEventTarget` (an
// EventTarget with an EventEmitter-like surface), and `defineEventHandler` for `on<type>`
// attributes such as `AbortSignal.prototype.onabort`.
//
// The listeners of one type form a doubly linked list whose root is
// `target[kEvents].get(type)`, the layout `events.getEventListeners` walks. Node has no
// event path: an event only reaches the target it is dispatched on, so `capture` only
// distinguishes registrations and `bubbles`/`composed` are recorded, not acted on.
// A listener that throws, or returns a promise that rejects, does not stop the dispatch:
// its error becomes an uncaught exception on the next tick.
//
// Node's quirks are kept so scripts behave as they do there: an event counts as being
// dispatched only until its first listener returns (later listeners see `currentTarget`
// null and `eventPhase` NONE), and `removeEventListener(type, listener, true)` removes the
// non-capture registration (only an options object's `capture` is read).

const EventEmitter = require('events');
const {
  codes: {
    ERR_EVENT_RECURSION,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_THIS,
    ERR_MISSING_ARGS,
  },
  kValidateObjectAllowObjects,
  validateAbortSignal,
  validateObject,
  validateString,
} = require('internal/errors');

const { kMaxEventTargetListeners, kMaxEventTargetListenersWarned } = EventEmitter;
const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');
const kEmptyObject = Object.freeze({ __proto__: null });

const kIsEventTarget = Symbol.for('nodejs.event_target');
const kIsNodeEventTarget = Symbol('kIsNodeEventTarget');
const kEvents = Symbol('kEvents');
const kHandlers = Symbol('kHandlers');
const kIsBeingDispatched = Symbol('kIsBeingDispatched');
const kInPassiveListener = Symbol('kInPassiveListener');
const kStop = Symbol('kStop');
const kTarget = Symbol('kTarget');
const kType = Symbol('type');
const kDetail = Symbol('detail');
const kHybridDispatch = Symbol.for('nodejs.internal.kHybridDispatch');
const kCreateEvent = Symbol('kCreateEvent');
const kNewListener = Symbol('kNewListener');
const kRemoveListener = Symbol('kRemoveListener');
// Internal listener options: `[kTrustEvent]` on Event's options makes `isTrusted` true;
// `[kWeakHandler]: true` holds the listener through a WeakRef (whoever registers it keeps
// it alive; once it is collected, its registration leaves the list);
// `[kResistStopPropagation]` keeps the listener running after stopImmediatePropagation;
// `[kIsNodeStyleListener]` passes NodeEventTarget.emit's argument instead of an event.
const kTrustEvent = Symbol('kTrustEvent');
const kWeakHandler = Symbol('kWeak');
const kResistStopPropagation = Symbol('kResistStopPropagation');
const kIsNodeStyleListener = Symbol('kIsNodeStyleListener');

function inspect(value, options) {
  return require('util').inspect(value, options);
}

// Event time stamps are on `performance.now()`'s clock.
function now() {
  return require('perf_hooks').performance.now();
}

// What a class's custom inspector prints: its name alone below the depth limit, else the
// name and `fields`, one level deeper.
function inspectWithFields(self, fields, depth, options) {
  const name = self.constructor.name;
  if (depth < 0) return name;
  const opts = {
    ...options,
    depth: Number.isInteger(options.depth) ? options.depth - 1 : options.depth,
  };
  return `${name} ${inspect(fields, opts)}`;
}

function emitUncaughtException(err) {
  process.nextTick(() => {
    throw err;
  });
}

// A listener's returned promise that rejects is reported like a thrown error.
function addCatch(promise) {
  const then = promise.then;
  if (typeof then === 'function') {
    then.call(promise, undefined, (err) => emitUncaughtException(err));
  }
}

// ---- Event ----

const isTrustedSet = new WeakSet();

function isEvent(value) {
  return typeof value?.[kType] === 'string';
}

function assertEvent(value) {
  if (!isEvent(value)) throw new ERR_INVALID_THIS('Event');
}

class Event {
  #cancelable = false;
  #bubbles = false;
  #composed = false;
  #defaultPrevented = false;
  #timestamp = now();
  #propagationStopped = false;

  constructor(type, options = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('type');
    if (options != null) validateObject(options, 'options');
    this.#bubbles = !!options?.bubbles;
    this.#cancelable = !!options?.cancelable;
    this.#composed = !!options?.composed;
    this[kType] = `${type}`;
    if (options?.[kTrustEvent]) isTrustedSet.add(this);
    this[kTarget] = null;
    this[kIsBeingDispatched] = false;
    this[kInPassiveListener] = false;
  }

  initEvent(type, bubbles = false, cancelable = false) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('type');
    if (this[kIsBeingDispatched]) return;
    this[kType] = `${type}`;
    this.#bubbles = !!bubbles;
    this.#cancelable = !!cancelable;
  }

  [customInspectSymbol](depth, options) {
    assertEvent(this);
    return inspectWithFields(this, {
      type: this[kType],
      defaultPrevented: this.#defaultPrevented,
      cancelable: this.#cancelable,
      timeStamp: this.#timestamp,
    }, depth, options);
  }

  stopImmediatePropagation() {
    assertEvent(this);
    this.stopPropagation();
    this[kStop] = true;
  }

  preventDefault() {
    assertEvent(this);
    if (!this.#cancelable || this[kInPassiveListener]) return;
    this.#defaultPrevented = true;
  }

  get target() {
    assertEvent(this);
    return this[kTarget];
  }

  get currentTarget() {
    assertEvent(this);
    return this[kIsBeingDispatched] ? this[kTarget] : null;
  }

  get srcElement() {
    assertEvent(this);
    return this[kTarget];
  }

  get type() {
    assertEvent(this);
    return this[kType];
  }

  get cancelable() {
    assertEvent(this);
    return this.#cancelable;
  }

  get defaultPrevented() {
    assertEvent(this);
    return this.#cancelable && this.#defaultPrevented;
  }

  get timeStamp() {
    assertEvent(this);
    return this.#timestamp;
  }

  composedPath() {
    assertEvent(this);
    return this[kIsBeingDispatched] ? [this[kTarget]] : [];
  }

  get returnValue() {
    assertEvent(this);
    return !this.#cancelable || !this.#defaultPrevented;
  }

  set returnValue(value) {
    assertEvent(this);
    if (!value) this.preventDefault();
  }

  get bubbles() {
    assertEvent(this);
    return this.#bubbles;
  }

  get composed() {
    assertEvent(this);
    return this.#composed;
  }

  get eventPhase() {
    assertEvent(this);
    return this[kIsBeingDispatched] ? Event.AT_TARGET : Event.NONE;
  }

  get cancelBubble() {
    assertEvent(this);
    return this.#propagationStopped;
  }

  set cancelBubble(value) {
    assertEvent(this);
    if (value) this.#propagationStopped = true;
  }

  stopPropagation() {
    assertEvent(this);
    this.#propagationStopped = true;
  }
}

const enumerable = { __proto__: null, enumerable: true };

function makeEnumerable(prototype, names) {
  const descriptors = { __proto__: null };
  for (const name of names) descriptors[name] = enumerable;
  Object.defineProperties(prototype, descriptors);
}

function defineToStringTag(prototype, value) {
  Object.defineProperty(prototype, Symbol.toStringTag, {
    __proto__: null, value, writable: false, enumerable: false, configurable: true,
  });
}

makeEnumerable(Event.prototype, [
  'initEvent', 'stopImmediatePropagation', 'preventDefault', 'target', 'currentTarget',
  'srcElement', 'type', 'cancelable', 'defaultPrevented', 'timeStamp', 'composedPath',
  'returnValue', 'bubbles', 'composed', 'eventPhase', 'cancelBubble', 'stopPropagation',
]);
// `isTrusted` is unforgeable: a non-configurable getter.
Object.defineProperty(Event.prototype, 'isTrusted', {
  __proto__: null,
  get: Object.getOwnPropertyDescriptor({
    get isTrusted() {
      return isTrustedSet.has(this);
    },
  }, 'isTrusted').get,
  enumerable: true,
  configurable: false,
});
defineToStringTag(Event.prototype, 'Event');
['NONE', 'CAPTURING_PHASE', 'AT_TARGET', 'BUBBLING_PHASE'].forEach((name, value) => {
  Object.defineProperty(Event, name, {
    __proto__: null, value, writable: false, enumerable: true, configurable: false,
  });
});

function isCustomEvent(value) {
  return isEvent(value) && value[kDetail] !== undefined;
}

class CustomEvent extends Event {
  constructor(type, options = kEmptyObject) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('type');
    super(type, options);
    this[kDetail] = options?.detail ?? null;
  }

  get detail() {
    if (!isCustomEvent(this)) throw new ERR_INVALID_THIS('CustomEvent');
    return this[kDetail];
  }
}

makeEnumerable(CustomEvent.prototype, ['detail']);
defineToStringTag(CustomEvent.prototype, 'CustomEvent');

// ---- listeners ----

// Drops the registration of a weak listener that was collected, if it is still listed.
const weakListenerRegistry = new FinalizationRegistry(({ target, type, handler }) => {
  const eventTarget = target.deref();
  let node = eventTarget?.[kEvents].get(type)?.next;
  while (node !== undefined && node !== handler) node = node.next;
  if (node !== undefined) removeHandler(eventTarget, type, handler, undefined);
});

// One registration of (listener, capture) for a type: a node of the type's list.
class Listener {
  constructor(eventTarget, type, previous, listener, once, capture, passive,
    isNodeStyleListener, weak, resistStopPropagation) {
    this.next = undefined;
    if (previous !== undefined) previous.next = this;
    this.previous = previous;
    this.listener = listener;
    // Stored as booleans but compared as given: a registration made with `null` options
    // (capture undefined) does not match a later one with `null`, as in Node.
    this.once = Boolean(once);
    this.capture = Boolean(capture);
    this.passive = Boolean(passive);
    this.isNodeStyleListener = Boolean(isNodeStyleListener);
    this.removed = false;
    this.weak = Boolean(weak);
    this.resistStopPropagation = Boolean(resistStopPropagation);

    if (this.weak) {
      this.callback = new WeakRef(listener);
      this.listener = this.callback;
      weakListenerRegistry.register(listener,
        { target: new WeakRef(eventTarget), type, handler: this }, this);
    } else if (typeof listener === 'function') {
      this.callback = listener;
    } else {
      // `handleEvent` is looked up on each call, and what it throws surfaces through
      // the returned promise.
      this.callback = async (...args) => {
        if (listener.handleEvent) await Reflect.apply(listener.handleEvent, listener, args);
      };
    }
  }

  same(listener, capture) {
    const own = this.weak ? this.listener.deref() : this.listener;
    return own === listener && this.capture === capture;
  }

  remove() {
    if (this.previous !== undefined) this.previous.next = this.next;
    if (this.next !== undefined) this.next.previous = this.previous;
    this.removed = true;
    if (this.weak) weakListenerRegistry.unregister(this);
  }
}

// Unlinks `handler` from `type`'s list of `target`.
function removeHandler(target, type, handler, listener) {
  const root = target[kEvents].get(type);
  handler.remove();
  root.size--;
  if (root.size === 0) target[kEvents].delete(type);
  target[kRemoveListener](root.size, type, listener, handler.capture);
}

// A listener must be a function or an object; an object without `handleEvent` is
// accepted (it is looked up at dispatch). `null`/`undefined` are ignored with a warning.
function validateEventListener(listener) {
  if (typeof listener === 'function' || typeof listener?.handleEvent === 'function') {
    return true;
  }
  if (listener == null) return false;
  if (typeof listener === 'object') return true;
  throw new ERR_INVALID_ARG_TYPE('listener', 'EventListener', listener);
}

function validateEventListenerOptions(options) {
  if (typeof options === 'boolean') return { capture: options };
  if (options === null) return kEmptyObject;
  validateObject(options, 'options', kValidateObjectAllowObjects);
  return {
    once: Boolean(options.once),
    capture: Boolean(options.capture),
    passive: Boolean(options.passive),
    signal: options.signal,
    weak: options[kWeakHandler],
    resistStopPropagation: options[kResistStopPropagation] ?? false,
    isNodeStyleListener: Boolean(options[kIsNodeStyleListener]),
  };
}

// WebIDL DOMString conversion.
function toDOMString(value) {
  if (typeof value === 'symbol') throw new ERR_INVALID_ARG_VALUE('value', value);
  return String(value);
}

// ---- EventTarget ----

function initEventTarget(self) {
  self[kEvents] = new Map();
  self[kMaxEventTargetListeners] = EventEmitter.defaultMaxListeners;
  self[kMaxEventTargetListenersWarned] = false;
  self[kHandlers] = new Map();
}

function isEventTarget(value) {
  return value?.constructor?.[kIsEventTarget];
}

class EventTarget {
  // Marks EventTarget classes, also across realms.
  static [kIsEventTarget] = true;

  constructor() {
    initEventTarget(this);
  }

  // Hooks for subclasses, told the list size after each addition or removal.
  [kNewListener](size, type, listener, once, capture, passive, weak) {
    const max = this[kMaxEventTargetListeners];
    if (max > 0 && size > max && !this[kMaxEventTargetListenersWarned]) {
      this[kMaxEventTargetListenersWarned] = true;
      const warning = new Error('Possible EventTarget memory leak detected. ' +
        `${size} ${type} listeners added to ${inspect(this, { depth: -1 })}. ` +
        `MaxListeners is ${max}. Use events.setMaxListeners() to increase limit`);
      warning.name = 'MaxListenersExceededWarning';
      warning.target = this;
      warning.type = type;
      warning.count = size;
      process.emitWarning(warning);
    }
  }

  [kRemoveListener](size, type, listener, capture) {}

  addEventListener(type, listener, options = kEmptyObject) {
    if (!isEventTarget(this)) throw new ERR_INVALID_THIS('EventTarget');
    if (arguments.length < 2) throw new ERR_MISSING_ARGS('type', 'listener');

    let once = false;
    let capture = false;
    let passive = false;
    let isNodeStyleListener = false;
    let weak = false;
    let resistStopPropagation = false;
    let abortHook;

    if (options !== kEmptyObject) {
      // Options are read before the listener is checked, as the spec requires.
      options = validateEventListenerOptions(options);
      ({ once, capture, passive, isNodeStyleListener, weak, resistStopPropagation } = options);

      const signal = options.signal;
      validateAbortSignal(signal, 'options.signal');
      if (signal) {
        if (signal.aborted) return;
        // The signal holds the hook weakly; the registration made below keeps it alive, so
        // neither the signal retains this target nor a dropped registration its hook.
        abortHook = () => this.removeEventListener(type, listener, options);
        signal.addEventListener('abort', abortHook,
          { __proto__: null, once: true, [kWeakHandler]: true, [kResistStopPropagation]: true });
      }
    }

    if (!validateEventListener(listener)) {
      const warning = new Error(`addEventListener called with ${listener} which has no effect.`);
      warning.name = 'AddEventListenerArgumentTypeWarning';
      warning.target = this;
      warning.type = type;
      process.emitWarning(warning);
      return;
    }

    type = toDOMString(type);

    let root = this[kEvents].get(type);
    if (root === undefined) {
      root = { size: 0, next: undefined, resistStopPropagation: false };
      this[kEvents].set(type, root);
    }
    let last = root;
    for (let handler = root.next; handler !== undefined; handler = handler.next) {
      // The same (listener, capture) pair is registered once.
      if (handler.same(listener, capture)) return;
      last = handler;
    }

    const handler = new Listener(this, type, last, listener, once, capture, passive,
      isNodeStyleListener, weak, resistStopPropagation);
    handler.abortHook = abortHook;
    root.size++;
    root.resistStopPropagation ||= Boolean(resistStopPropagation);
    this[kNewListener](root.size, type, listener, once, capture, passive, weak);
  }

  removeEventListener(type, listener, options = kEmptyObject) {
    if (!isEventTarget(this)) throw new ERR_INVALID_THIS('EventTarget');
    if (arguments.length < 2) throw new ERR_MISSING_ARGS('type', 'listener');
    if (!validateEventListener(listener)) return;

    type = toDOMString(type);
    const capture = options?.capture === true;

    const root = this[kEvents].get(type);
    if (root === undefined || root.next === undefined) return;

    for (let handler = root.next; handler !== undefined; handler = handler.next) {
      if (handler.same(listener, capture)) {
        removeHandler(this, type, handler, listener);
        break;
      }
    }
  }

  dispatchEvent(event) {
    if (!isEventTarget(this)) throw new ERR_INVALID_THIS('EventTarget');
    if (arguments.length < 1) throw new ERR_MISSING_ARGS('event');
    if (!(event instanceof Event)) throw new ERR_INVALID_ARG_TYPE('event', 'Event', event);
    if (event[kIsBeingDispatched]) throw new ERR_EVENT_RECURSION(event.type);

    this[kHybridDispatch](event, event.type, event);
    return event.defaultPrevented !== true;
  }

  // Runs `type`'s listeners. `event` is undefined for NodeEventTarget.emit, which passes
  // `nodeValue` to node-style listeners and creates an event only if another needs one.
  [kHybridDispatch](nodeValue, type, event) {
    const createEvent = () => {
      if (event === undefined) {
        event = this[kCreateEvent](nodeValue, type);
        event[kTarget] = this;
        event[kIsBeingDispatched] = true;
      }
      return event;
    };
    if (event !== undefined) {
      event[kTarget] = this;
      event[kIsBeingDispatched] = true;
    }

    const root = this[kEvents].get(type);
    if (root === undefined || root.next === undefined) {
      if (event !== undefined) event[kIsBeingDispatched] = false;
      return;
    }

    // The list is walked live: listeners added during the dispatch run too, removed
    // ones are skipped.
    let handler = root.next;
    while (handler !== undefined &&
      (root.resistStopPropagation || handler.passive || event?.[kStop] !== true)) {
      const next = handler.next;

      if (handler.removed || (event?.[kStop] === true && !handler.resistStopPropagation)) {
        handler = next;
        continue;
      }
      if (handler.once) {
        // Unlike removeEventListener, this leaves the type listed even when its list
        // empties (NodeEventTarget.eventNames() still has it), as Node does.
        handler.remove();
        root.size--;
        this[kRemoveListener](root.size, type, handler.listener, handler.capture);
      }

      let arg;
      try {
        arg = handler.isNodeStyleListener ? nodeValue : createEvent();
        const callback = handler.weak ? handler.callback.deref() : handler.callback;
        let result;
        if (callback) {
          if (handler.passive && !handler.isNodeStyleListener) arg[kInPassiveListener] = true;
          result = callback.call(this, arg);
          if (!handler.isNodeStyleListener) arg[kIsBeingDispatched] = false;
        }
        if (result !== undefined && result !== null) addCatch(result);
      } catch (err) {
        emitUncaughtException(err);
      } finally {
        if (arg?.[kInPassiveListener]) arg[kInPassiveListener] = false;
      }

      handler = next;
    }

    if (event !== undefined) event[kIsBeingDispatched] = false;
  }

  [kCreateEvent](nodeValue, type) {
    return new CustomEvent(type, { detail: nodeValue });
  }

  [customInspectSymbol](depth, options) {
    return inspectWithFields(this, {}, depth, options);
  }
}

makeEnumerable(EventTarget.prototype,
  ['addEventListener', 'removeEventListener', 'dispatchEvent']);
defineToStringTag(EventTarget.prototype, 'EventTarget');

// ---- NodeEventTarget ----

function isNodeEventTarget(value) {
  return value?.constructor?.[kIsNodeEventTarget];
}

function assertNodeEventTarget(value) {
  if (!isNodeEventTarget(value)) throw new ERR_INVALID_THIS('NodeEventTarget');
}

class NodeEventTarget extends EventTarget {
  static [kIsNodeEventTarget] = true;
  static defaultMaxListeners = 10;

  setMaxListeners(n) {
    assertNodeEventTarget(this);
    EventEmitter.setMaxListeners(n, this);
  }

  getMaxListeners() {
    assertNodeEventTarget(this);
    return this[kMaxEventTargetListeners];
  }

  eventNames() {
    assertNodeEventTarget(this);
    return Array.from(this[kEvents].keys());
  }

  listenerCount(type) {
    assertNodeEventTarget(this);
    const root = this[kEvents].get(String(type));
    return root !== undefined ? root.size : 0;
  }

  off(type, listener, options) {
    assertNodeEventTarget(this);
    this.removeEventListener(type, listener, options);
    return this;
  }

  removeListener(type, listener, options) {
    assertNodeEventTarget(this);
    this.removeEventListener(type, listener, options);
    return this;
  }

  on(type, listener) {
    assertNodeEventTarget(this);
    this.addEventListener(type, listener, { [kIsNodeStyleListener]: true });
    return this;
  }

  addListener(type, listener) {
    assertNodeEventTarget(this);
    this.addEventListener(type, listener, { [kIsNodeStyleListener]: true });
    return this;
  }

  emit(type, arg) {
    assertNodeEventTarget(this);
    validateString(type, 'type');
    const hadListeners = this.listenerCount(type) > 0;
    this[kHybridDispatch](arg, type);
    return hadListeners;
  }

  once(type, listener) {
    assertNodeEventTarget(this);
    this.addEventListener(type, listener, { once: true, [kIsNodeStyleListener]: true });
    return this;
  }

  removeAllListeners(type) {
    assertNodeEventTarget(this);
    if (type !== undefined) {
      this[kEvents].delete(String(type));
    } else {
      this[kEvents].clear();
    }
    return this;
  }
}

makeEnumerable(NodeEventTarget.prototype, [
  'setMaxListeners', 'getMaxListeners', 'eventNames', 'listenerCount', 'off',
  'removeListener', 'on', 'addListener', 'once', 'removeAllListeners',
]);

// ---- on<type> attributes ----

// The handler of an `on<type>` attribute is registered once, when first set; replacing
// it keeps its place in the list, and setting a non-function disables it.
function makeEventHandler(handler) {
  function eventHandler(...args) {
    if (typeof eventHandler.handler !== 'function') return undefined;
    return Reflect.apply(eventHandler.handler, this, args);
  }
  eventHandler.handler = handler;
  return eventHandler;
}

function validateHandlersOwner(value) {
  if (typeof value !== 'object' || value === null || !(kHandlers in value)) {
    throw new ERR_INVALID_THIS('EventTarget');
  }
}

// Defines the `on<name>` accessor pair on `emitter` (usually a prototype) for `event`.
function defineEventHandler(emitter, name, event = name) {
  const propName = `on${name}`;
  function get() {
    validateHandlersOwner(this);
    return this[kHandlers].get(event)?.handler ?? null;
  }
  Object.defineProperty(get, 'name', { __proto__: null, value: `get ${propName}` });

  function set(value) {
    validateHandlersOwner(this);
    let wrappedHandler = this[kHandlers].get(event);
    if (wrappedHandler) {
      const root = this[kEvents].get(event);
      if (typeof wrappedHandler.handler === 'function') {
        root.size--;
        this[kRemoveListener](root.size, event, wrappedHandler.handler, false);
      }
      wrappedHandler.handler = value;
      if (typeof wrappedHandler.handler === 'function') {
        root.size++;
        this[kNewListener](root.size, event, value, false, false, false, false);
      }
    } else {
      wrappedHandler = makeEventHandler(value);
      this.addEventListener(event, wrappedHandler);
    }
    this[kHandlers].set(event, wrappedHandler);
  }
  Object.defineProperty(set, 'name', { __proto__: null, value: `set ${propName}` });

  Object.defineProperty(emitter, propName, {
    __proto__: null, get, set, configurable: true, enumerable: true,
  });
}

module.exports = {
  Event,
  CustomEvent,
  EventTarget,
  NodeEventTarget,
  defineEventHandler,
  initEventTarget,
  isEventTarget,
  kCreateEvent,
  kEvents,
  kNewListener,
  kRemoveListener,
  kResistStopPropagation,
  kTrustEvent,
  kWeakHandler,
};
