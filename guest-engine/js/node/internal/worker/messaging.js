// internal/worker/messaging — `MessageChannel`, `MessagePort`, `MessageEvent` and
// `BroadcastChannel` within one process. A message is a structured clone of the value,
// delivered to the other port in order, on a later turn of the event loop, once that port
// has started (`start()`, an `onmessage` handler, or a 'message' listener). As in Node,
// `on('message')` listeners receive the value itself and `addEventListener` ones a
// `MessageEvent`.
//
// Unlike Node, a started port does not keep the process alive by itself: the process ends
// when nothing else is pending, even if a port still listens.

const {
  NodeEventTarget, Event, defineEventHandler, kCreateEvent,
} = require('internal/event_target');
const { structuredClone } = require('internal/structured_clone');
const {
  codes: { ERR_INVALID_THIS, ERR_MISSING_ARGS },
} = require('internal/errors');

const kEntangled = Symbol('kEntangled');
const kQueue = Symbol('kQueue');
const kStarted = Symbol('kStarted');
const kClosed = Symbol('kClosed');
const kDeliver = Symbol('kDeliver');
const kConstruct = Symbol('kConstruct');

class MessageEvent extends Event {
  #data;
  #origin;
  #lastEventId;
  #source;
  #ports;

  constructor(type, options = {}) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('type');
    super(type, options);
    this.#data = options.data ?? null;
    this.#origin = `${options.origin ?? ''}`;
    this.#lastEventId = `${options.lastEventId ?? ''}`;
    this.#source = options.source ?? null;
    this.#ports = Object.freeze([...(options.ports ?? [])]);
  }

  get data() { return this.#data; }
  get origin() { return this.#origin; }
  get lastEventId() { return this.#lastEventId; }
  get source() { return this.#source; }
  get ports() { return this.#ports; }
}

class MessagePort extends NodeEventTarget {
  constructor(token) {
    if (token !== kConstruct) throw new TypeError('Illegal constructor');
    super();
    this[kEntangled] = null;
    this[kQueue] = [];
    this[kStarted] = false;
    this[kClosed] = false;
  }

  postMessage(value, transfer) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('message');
    const options = Array.isArray(transfer) ? { transfer } : transfer;
    const data = structuredClone(value, options);
    const target = this[kEntangled];
    if (this[kClosed] || target === null || target[kClosed]) return;
    target[kQueue].push(data);
    if (target[kStarted]) target[kDeliver]();
  }

  start() {
    if (this[kStarted]) return;
    this[kStarted] = true;
    if (this[kQueue].length > 0) this[kDeliver]();
  }

  close(callback) {
    if (typeof callback === 'function') this.once('close', callback);
    const other = this[kEntangled];
    for (const port of [this, other]) {
      if (port === null || port[kClosed]) continue;
      port[kClosed] = true;
      port[kEntangled] = null;
      process.nextTick(() => port.dispatchEvent(new Event('close')));
    }
  }

  // Takes the oldest undelivered message (`receiveMessageOnPort`).
  takeMessage() {
    if (this[kQueue].length === 0) return undefined;
    return { message: this[kQueue].shift() };
  }

  ref() { return this; }
  unref() { return this; }
  hasRef() { return false; }

  addEventListener(type, listener, options) {
    super.addEventListener(type, listener, options);
    if (type === 'message') this.start();
  }

  // Delivers the queued messages on a later turn of the loop, one event each.
  [kDeliver]() {
    setImmediate(() => {
      while (this[kQueue].length > 0 && this[kStarted] && !this[kClosed]) {
        this.emit('message', this[kQueue].shift());
      }
    });
  }

  [kCreateEvent](data, type) {
    return new MessageEvent(type, { data });
  }
}

// A port's `onmessage`: setting a handler listens for messages (which starts the port).
function defineOnMessage(prototype) {
  Object.defineProperty(prototype, 'onmessage', {
    __proto__: null,
    configurable: true,
    enumerable: true,
    get() { return this._onmessage ?? null; },
    set(handler) {
      if (this._onmessage) this.removeEventListener('message', this._onmessage);
      this._onmessage = typeof handler === 'function' ? handler : null;
      if (this._onmessage) this.addEventListener('message', this._onmessage);
    },
  });
}

defineEventHandler(MessagePort.prototype, 'close');
defineOnMessage(MessagePort.prototype);

class MessageChannel {
  #port1;
  #port2;

  constructor() {
    this.#port1 = new MessagePort(kConstruct);
    this.#port2 = new MessagePort(kConstruct);
    this.#port1[kEntangled] = this.#port2;
    this.#port2[kEntangled] = this.#port1;
  }

  get port1() { return this.#port1; }
  get port2() { return this.#port2; }
}

// Channels by name: every open BroadcastChannel of the process with that name.
const broadcastGroups = new Map();

class BroadcastChannel extends NodeEventTarget {
  #name;
  #closed = false;

  constructor(name) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('name');
    super();
    this.#name = `${name}`;
    if (!broadcastGroups.has(this.#name)) broadcastGroups.set(this.#name, new Set());
    broadcastGroups.get(this.#name).add(this);
  }

  get name() { return this.#name; }

  postMessage(value) {
    if (!(this instanceof BroadcastChannel)) throw new ERR_INVALID_THIS('BroadcastChannel');
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('message');
    if (this.#closed) {
      throw new (require('internal/dom_exception').DOMException)(
        'BroadcastChannel is closed.', 'InvalidStateError');
    }
    for (const channel of broadcastGroups.get(this.#name)) {
      if (channel === this) continue;
      const data = structuredClone(value);
      setImmediate(() => {
        if (!channel.#closed) channel.emit('message', data);
      });
    }
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    broadcastGroups.get(this.#name).delete(this);
  }

  ref() { return this; }
  unref() { return this; }

  [kCreateEvent](data, type) {
    return new MessageEvent(type, { data });
  }

  [Symbol.for('nodejs.util.inspect.custom')](depth, options) {
    if (!(#name in Object(this))) throw new ERR_INVALID_THIS('BroadcastChannel');
    if (depth < 0) return 'BroadcastChannel';
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `BroadcastChannel ${require('util').inspect({ name: this.#name, active: !this.#closed }, opts)}`;
  }
}

defineEventHandler(BroadcastChannel.prototype, 'message');
defineEventHandler(BroadcastChannel.prototype, 'messageerror');

// `worker_threads.receiveMessageOnPort`.
function receiveMessageOnPort(port) {
  if (!(port instanceof MessagePort)) {
    const error = new TypeError('The "port" argument must be a MessagePort instance');
    error.code = 'ERR_INVALID_ARG_TYPE';
    throw error;
  }
  return port.takeMessage();
}

module.exports = {
  BroadcastChannel,
  defineOnMessage,
  MessageChannel,
  MessageEvent,
  MessagePort,
  receiveMessageOnPort,
};
