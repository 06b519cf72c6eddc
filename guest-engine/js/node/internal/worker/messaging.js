// internal/worker/messaging — `MessageChannel`, `MessagePort`, `MessageEvent` and
// `BroadcastChannel`, and how ports reach other processes (`PortLink`).
//
// A message is a structured clone of the value (internal/structured_clone), delivered to
// the other port in order, on a later turn of the event loop, once that port receives
// (a 'message' listener or `onmessage` handler starts it, as does `start()`; losing the
// last listener stops it, and messages wait). Ports in the transfer list move with the message: the receiver gets
// new ports (`event.ports`) that take over their channels, and the originals are closed
// without a 'close' event. Closing a port closes its peer too; each side still delivers
// the messages it had received, then emits 'close'.
//
// Workers are processes (worker_threads), so a port transferred to or from a worker is
// carried by the IPC channel between the two: a `PortLink` on each side numbers the
// channels crossing it, and a port whose peer lives in the other process has a
// `RemoteEndpoint` as its peer. A port passed on through a third process is relayed by
// the process in the middle. A ref'd port with a remote peer keeps its process alive
// through the IPC channel. A port whose peer is in the same process does not: only code
// of this process could post to it, and whatever would run that code (a timer, I/O)
// keeps the process alive itself; `hasRef()` reports Node's state all the same.
// Each port is an async_hooks 'MESSAGEPORT' resource, destroyed once it closed or moved
// away. `moveMessagePortToContext` is not available (ERR_METHOD_NOT_IMPLEMENTED).

const {
  NodeEventTarget, Event, defineEventHandler, kCreateEvent, kNewListener, kRemoveListener,
} = require('internal/event_target');
const {
  cloneWithTransfer, dataCloneError, registerTransferableType,
} = require('internal/structured_clone');
const { encode, decode } = require('internal/worker/serialize');
const asyncContext = require('internal/async_context');
const {
  codes: {
    ERR_CLOSED_MESSAGE_PORT,
    ERR_CONSTRUCT_CALL_INVALID,
    ERR_CONSTRUCT_CALL_REQUIRED,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_THIS,
    ERR_METHOD_NOT_IMPLEMENTED,
    ERR_MISSING_ARGS,
  },
} = require('internal/errors');

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

// MessagePort -> its PortState.
const portStates = new WeakMap();

function webidlTypeError(message) {
  return new TypeError(`MessageEvent constructor: ${message}`);
}

function describeForIdl(value) {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

class MessageEvent extends Event {
  #data;
  #origin;
  #lastEventId;
  #source;
  #ports;

  constructor(type, options = {}) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('type');
    super(type, options);
    const { data, origin, lastEventId, source = null, ports = [] } = options ?? {};
    if (source !== null && !(source instanceof MessagePort)) {
      throw webidlTypeError(`Expected eventInitDict.source ("${describeForIdl(source)}") ` +
        'to be an instance of MessagePort.');
    }
    if (ports === null || typeof ports[Symbol.iterator] !== 'function') {
      throw webidlTypeError(`eventInitDict.ports (${describeForIdl(ports)}) is not iterable.`);
    }
    const portList = [...ports];
    portList.forEach((port, i) => {
      if (!(port instanceof MessagePort)) {
        throw webidlTypeError(`Expected eventInitDict.ports[${i}] ` +
          `("${describeForIdl(port)}") to be an instance of MessagePort.`);
      }
    });
    this.#data = data ?? null;
    this.#origin = `${origin ?? ''}`;
    this.#lastEventId = `${lastEventId ?? ''}`;
    this.#source = source;
    this.#ports = Object.freeze(portList);
  }

  get data() { return this.#data; }
  get origin() { return this.#origin; }
  get lastEventId() { return this.#lastEventId; }
  get source() { return this.#source; }
  get ports() { return this.#ports; }
}

// The peer of a port whose other end lives in the process across `link`, on the
// channel numbered `id`.
class RemoteEndpoint {
  constructor(link, id) {
    this.link = link;
    this.id = id;
  }

  deliver(data, ports) {
    this.link.post(this.id, data, ports);
  }

  // From now on, what arrives on this channel goes to `endpoint`.
  entangle(endpoint) {
    this.link.attach(this.id, endpoint);
  }

  disentangle() {
    this.link.close(this.id);
  }
}

// What a MessagePort is beneath its EventTarget surface.
class PortState {
  peer = null;          // the other end: a PortState or a RemoteEndpoint
  queue = [];           // received, undelivered { data, ports }
  receiving = false;    // started, with someone to deliver to
  closed = false;       // closed, or transferred away (`detached`)
  detached = false;
  refed = false;
  holding = null;       // the PortLink this port keeps ref'd
  drainScheduled = false;
  closeEmitted = false;
  delivering = [];      // the ports of the message being dispatched
  asyncId;              // as the port's 'MESSAGEPORT' resource; null once it is gone

  constructor(port, asyncId) {
    this.port = port;
    this.asyncId = asyncId;
  }

  // The port is gone (closed, or transferred away): async_hooks hear its 'destroy'.
  release() {
    if (this.asyncId === null) return;
    asyncContext.emitLifecycle('destroy', this.asyncId);
    this.asyncId = null;
  }

  deliver(data, ports) {
    this.queue.push({ data, ports });
    this.schedule();
  }

  entangle(endpoint) {
    this.peer = endpoint;
    this.updateHold();
  }

  // The other end went away: close this one as well.
  disentangle() {
    this.peer = null;
    this.shutDown();
  }

  shutDown() {
    if (this.closed) return;
    this.closed = true;
    const peer = this.peer;
    this.peer = null;
    this.updateHold();
    peer?.disentangle();
    this.schedule();
  }

  updateHold() {
    const link = !this.closed && this.refed && this.peer instanceof RemoteEndpoint ?
      this.peer.link : null;
    if (link === this.holding) return;
    this.holding?.hold(-1);
    link?.hold(1);
    this.holding = link;
  }

  schedule() {
    if (this.drainScheduled || this.detached) return;
    if (!this.closed && !(this.receiving && this.queue.length > 0)) return;
    this.drainScheduled = true;
    setImmediate(() => this.drain());
  }

  // Delivers what was queued when the turn began (what handlers post meanwhile waits for
  // the next turn, so a port posting to itself cannot starve the loop), then, once a
  // closed port has nothing more to deliver, emits its 'close'.
  drain() {
    this.drainScheduled = false;
    let count = this.queue.length;
    while (count-- > 0 && this.receiving && !this.detached) {
      const { data, ports } = this.queue.shift();
      this.delivering = ports;
      try {
        this.port.emit('message', data);
      } finally {
        this.delivering = [];
      }
    }
    if (this.closed && !this.detached && (this.queue.length === 0 || !this.receiving)) {
      this.queue = [];
      if (!this.closeEmitted) {
        this.closeEmitted = true;
        this.port.dispatchEvent(new Event('close'));
        this.release();
      }
      return;
    }
    this.schedule();
  }
}

function stateOf(port) {
  const state = portStates.get(port);
  if (state === undefined) throw new ERR_INVALID_THIS('MessagePort');
  return state;
}

// Reads postMessage's second argument (a transfer list or `{ transfer }`) into an array.
function readTransferList(transfer) {
  if (transfer === undefined || transfer === null) return [];
  if (typeof transfer !== 'object') {
    throw iterableError('transferList');
  }
  if (typeof transfer[Symbol.iterator] === 'function') return iterate(transfer, 'transferList');
  const list = transfer.transfer;
  if (list === undefined) return [];
  if (list === null || typeof list !== 'object' || typeof list[Symbol.iterator] !== 'function') {
    throw iterableError('options.transfer');
  }
  return iterate(list, 'options.transfer');
}

function iterableError(name) {
  const error = new TypeError(`Optional ${name} argument must be an iterable`);
  error.code = 'ERR_INVALID_ARG_TYPE';
  return error;
}

function iterate(iterable, name) {
  const iterator = iterable[Symbol.iterator]();
  if (iterator === null || typeof iterator !== 'object' || typeof iterator.next !== 'function') {
    throw iterableError(name);
  }
  const list = [];
  for (let step = iterator.next(); !step.done; step = iterator.next()) list.push(step.value);
  return list;
}

// `MessagePort` cannot be constructed from JS; ports come from MessageChannel or arrive
// with messages.
function MessagePort() {
  throw new ERR_CONSTRUCT_CALL_INVALID();
}
Object.setPrototypeOf(MessagePort, NodeEventTarget);
Object.setPrototypeOf(MessagePort.prototype, NodeEventTarget.prototype);

// A new port, announced to async_hooks as a 'MESSAGEPORT' resource.
function createPort() {
  const port = Reflect.construct(NodeEventTarget, [], MessagePort);
  const context = asyncContext.capture(port);
  portStates.set(port, new PortState(port, context.asyncId));
  asyncContext.emitLifecycle('init', context.asyncId, 'MESSAGEPORT', context.triggerAsyncId, port);
  return port;
}

function entangle(a, b) {
  stateOf(a).entangle(stateOf(b));
  stateOf(b).entangle(stateOf(a));
}

const nodeEventTargetPrototype = NodeEventTarget.prototype;

// The methods of MessagePort.prototype, copied onto it (MessagePort being a function
// that refuses to construct, they cannot be a class body of its own).
class MessagePortMethods {
  postMessage(value, transfer) {
    const state = stateOf(this);
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('message');
    const list = readTransferList(transfer);
    if (list.includes(this)) throw dataCloneError('Transfer list contains source port');
    const target = state.peer instanceof PortState ? state.peer.port : null;
    const { clone, transferred } = cloneWithTransfer(value, list);
    if (target !== null && list.includes(target)) {
      process.emitWarning('The target port was posted to itself, and the communication ' +
        'channel was lost');
      this.close();
      return;
    }
    state.peer?.deliver(clone, transferred);
  }

  start() {
    const state = stateOf(this);
    state.receiving = true;
    state.schedule();
  }

  close(callback) {
    const state = stateOf(this);
    if (typeof callback === 'function') this.once('close', callback);
    state.shutDown();
  }

  ref() {
    const state = stateOf(this);
    state.refed = true;
    state.updateHold();
    return this;
  }

  unref() {
    const state = stateOf(this);
    state.refed = false;
    state.updateHold();
    return this;
  }

  hasRef() {
    const state = stateOf(this);
    return state.refed && !state.closed;
  }

  // A 'message' listener refs the port and starts it; losing the last one stops it.
  [kNewListener](size, type, ...rest) {
    nodeEventTargetPrototype[kNewListener].call(this, size, type, ...rest);
    if (type === 'message' || type === 'messageerror') {
      this.ref();
      if (type === 'message') this.start();
    }
  }

  [kRemoveListener](size, type, ...rest) {
    nodeEventTargetPrototype[kRemoveListener].call(this, size, type, ...rest);
    if (type !== 'message' || size > 0) return;
    const state = stateOf(this);
    state.receiving = false;
    if (this.listenerCount('messageerror') === 0) this.unref();
  }

  [kCreateEvent](data, type) {
    if (type !== 'message' && type !== 'messageerror') {
      return nodeEventTargetPrototype[kCreateEvent].call(this, data, type);
    }
    return new MessageEvent(type, { data, ports: stateOf(this).delivering });
  }

  [inspectCustom](depth, options, inspect) {
    const state = stateOf(this);
    const fields = { active: !state.closed, refed: state.refed && !state.closed };
    if (depth < 0) return 'MessagePort';
    return `MessagePort [EventTarget] ${inspect(fields, { ...options, depth: options.depth })}`;
  }
}

for (const key of Reflect.ownKeys(MessagePortMethods.prototype)) {
  if (key === 'constructor') continue;
  const descriptor = Object.getOwnPropertyDescriptor(MessagePortMethods.prototype, key);
  descriptor.enumerable = typeof key === 'string';
  Object.defineProperty(MessagePort.prototype, key, descriptor);
}
defineEventHandler(MessagePort.prototype, 'message');
defineEventHandler(MessagePort.prototype, 'messageerror');
Object.defineProperty(MessagePort.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'MessagePort', configurable: true,
});

registerTransferableType({
  name: 'MessagePort',
  isInstance: (value) => portStates.has(value),
  validate(port) {
    if (stateOf(port).closed) throw dataCloneError('MessagePort in transfer list is already detached');
  },
  prepare: () => createPort(),
  // The new port takes over the channel and what was received but not yet delivered.
  commit(port, replacement) {
    const from = stateOf(port);
    const to = stateOf(replacement);
    to.queue = from.queue;
    from.queue = [];
    const peer = from.peer;
    from.peer = null;
    from.closed = true;
    from.detached = true;
    from.updateHold();
    from.release();
    to.entangle(peer);
    peer.entangle(to);
  },
});

function MessageChannel() {
  if (new.target === undefined) throw new ERR_CONSTRUCT_CALL_REQUIRED('MessageChannel');
  this.port1 = createPort();
  this.port2 = createPort();
  entangle(this.port1, this.port2);
}

// The links of this process: to its parent (in a worker) and to its workers.
const links = new Set();

// One IPC channel between this process and another (a worker or its parent), carrying
// the channels of the ports that crossed it. `channel` is `{ send(message), ref(),
// unref() }`, without `ref`/`unref` where the ports do not decide whether the process
// stays alive; `receive` takes what the other side's link sent. Channel ids are
// prefixed by the side that created them, so both sides can number independently.
class PortLink {
  #channel;
  #prefix;
  #nextId = 1;
  #holds = 0;
  // Channel id -> the local end: a PortState, or a RemoteEndpoint on another link for a
  // channel relayed through this process.
  #endpoints = new Map();

  constructor(channel, prefix) {
    this.#channel = channel;
    this.#prefix = prefix;
    channel.unref?.();
    links.add(this);
  }

  // Connects `port` to the channel `id` (agreed by both sides beforehand).
  connect(port, id) {
    const state = stateOf(port);
    state.entangle(new RemoteEndpoint(this, id));
    this.#endpoints.set(id, state);
  }

  attach(id, endpoint) {
    this.#endpoints.set(id, endpoint);
  }

  hold(delta) {
    const before = this.#holds;
    this.#holds += delta;
    if (before === 0 && this.#holds > 0) this.#channel.ref?.();
    else if (before > 0 && this.#holds === 0) this.#channel.unref?.();
  }

  post(id, data, ports) {
    const ids = this.transferOut(ports);
    const value = encode(data, new Map(ports.map((port, i) => [port, i])));
    this.#channel.send({ type: 'port-message', id, value, ports: ids });
  }

  close(id) {
    if (!this.#endpoints.delete(id)) return;
    this.#channel.send({ type: 'port-close', id });
  }

  // `value`: an encoded message for the BroadcastChannels named `name`.
  broadcast(name, value) {
    this.#channel.send({ type: 'broadcast', name, value });
  }

  // Handles a message of the other side's link; false when `message` is not one.
  receive(message) {
    if (message?.type === 'port-message') {
      const ports = this.transferIn(message.ports);
      const data = decode(message.value, ports);
      this.#endpoints.get(message.id)?.deliver(data, ports);
      return true;
    }
    if (message?.type === 'broadcast') {
      broadcastLocally(message.name, null, () => decode(message.value));
      broadcastRemotely(message.name, message.value, this);
      return true;
    }
    if (message?.type === 'port-close') {
      const endpoint = this.#endpoints.get(message.id);
      this.#endpoints.delete(message.id);
      endpoint?.disentangle();
      return true;
    }
    return false;
  }

  // The other process is gone: every channel crossing this link closes.
  disconnect() {
    links.delete(this);
    const endpoints = [...this.#endpoints.values()];
    this.#endpoints.clear();
    for (const endpoint of endpoints) endpoint.disentangle();
  }

  // Moves `ports` (just transferred, so unreachable but through their message) to the
  // other process, returning their channel ids: each one's peer is connected to a new
  // channel instead, and what the port had received follows it there.
  transferOut(ports) {
    return ports.map((port) => this.#export(port));
  }

  // The ports standing for channels `ids` the other side transferred out.
  transferIn(ids) {
    return ids.map((id) => {
      const port = createPort();
      this.connect(port, id);
      return port;
    });
  }

  #export(port) {
    const state = stateOf(port);
    const id = `${this.#prefix}${this.#nextId++}`;
    const remote = new RemoteEndpoint(this, id);
    const { peer, queue } = state;
    state.peer = null;
    state.queue = [];
    state.closed = true;
    state.detached = true;
    state.updateHold();
    state.release();
    this.#endpoints.set(id, peer);
    peer.entangle(remote);
    for (const { data, ports } of queue) remote.deliver(data, ports);
    return id;
  }
}

// Every open BroadcastChannel of the process, in creation order (the order in which they
// receive, as in Node: each one takes all its messages before the next).
const openChannels = new Set();
let broadcastScheduled = false;

function scheduleBroadcastDelivery() {
  if (broadcastScheduled) return;
  broadcastScheduled = true;
  setImmediate(() => {
    broadcastScheduled = false;
    for (const channel of openChannels) channel[kDeliver]();
  });
}

// Delivers a broadcast to the channels of this process named `name`, but `source`; `read`
// makes each receiver its own copy of the message.
function broadcastLocally(name, source, read) {
  for (const channel of openChannels) {
    if (channel !== source && channel.name === name) channel[kEnqueue](read());
  }
}

// A message broadcast to the other processes, as the links carry it: each link passes it
// on to the others, the processes forming a tree.
function broadcastRemotely(name, value, except) {
  for (const link of links) {
    if (link !== except) link.broadcast(name, value);
  }
}

const kEnqueue = Symbol('kEnqueue');
const kDeliver = Symbol('kDeliver');
const kTakeMessage = Symbol('kTakeMessage');
let isBroadcastChannel;

// A named channel reaching every BroadcastChannel of that name in this process and in the
// processes of its worker tree. Like a port, it queues what it receives, delivers on a
// later turn of the event loop, and keeps its process alive while it listens (unless
// unref'd).
class BroadcastChannel extends NodeEventTarget {
  #name;
  #closed = false;
  #queue = [];
  #refed = true;
  #held = new Set();

  constructor(name) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('name');
    super();
    this.#name = `${name}`;
    openChannels.add(this);
  }

  get name() {
    if (!isBroadcastChannel(this)) throw new ERR_INVALID_THIS('BroadcastChannel');
    return this.#name;
  }

  postMessage(message) {
    if (!isBroadcastChannel(this)) throw new ERR_INVALID_THIS('BroadcastChannel');
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('message');
    if (this.#closed) {
      throw new (require('internal/dom_exception').DOMException)(
        'BroadcastChannel is closed.', 'InvalidStateError');
    }
    const { clone } = cloneWithTransfer(message, []);
    broadcastLocally(this.#name, this, () => cloneWithTransfer(clone, []).clone);
    if (links.size > 0) broadcastRemotely(this.#name, encode(clone), null);
  }

  close() {
    if (!isBroadcastChannel(this)) throw new ERR_INVALID_THIS('BroadcastChannel');
    if (this.#closed) return;
    this.#closed = true;
    this.#queue = [];
    openChannels.delete(this);
    this.#updateHold();
  }

  ref() {
    if (!isBroadcastChannel(this)) throw new ERR_INVALID_THIS('BroadcastChannel');
    this.#refed = true;
    this.#updateHold();
    return this;
  }

  unref() {
    if (!isBroadcastChannel(this)) throw new ERR_INVALID_THIS('BroadcastChannel');
    this.#refed = false;
    this.#updateHold();
    return this;
  }

  [kEnqueue](data) {
    this.#queue.push(data);
    if (this.listenerCount('message') > 0) scheduleBroadcastDelivery();
  }

  [kDeliver]() {
    while (this.#queue.length > 0 && !this.#closed && this.listenerCount('message') > 0) {
      this.emit('message', this.#queue.shift());
    }
  }

  // Takes the oldest undelivered message (`receiveMessageOnPort`).
  [kTakeMessage]() {
    return this.#queue.length === 0 ? undefined : { message: this.#queue.shift() };
  }

  [kNewListener](size, type, ...rest) {
    super[kNewListener](size, type, ...rest);
    if (type !== 'message') return;
    this.#updateHold();
    if (this.#queue.length > 0) scheduleBroadcastDelivery();
  }

  [kRemoveListener](size, type, ...rest) {
    super[kRemoveListener](size, type, ...rest);
    if (type === 'message') this.#updateHold();
  }

  // A listening channel holds the links to the other processes (only a worker's link to
  // its parent decides anything: the worker waits for broadcasts).
  #updateHold() {
    const active = !this.#closed && this.#refed && this.listenerCount('message') > 0;
    if (active) {
      for (const link of links) {
        if (!this.#held.has(link)) {
          link.hold(1);
          this.#held.add(link);
        }
      }
    } else {
      for (const link of this.#held) link.hold(-1);
      this.#held.clear();
    }
  }

  [kCreateEvent](data, type) {
    if (type !== 'message' && type !== 'messageerror') return super[kCreateEvent](data, type);
    return new MessageEvent(type, { data });
  }

  [inspectCustom](depth, options) {
    if (!isBroadcastChannel(this)) throw new ERR_INVALID_THIS('BroadcastChannel');
    if (depth < 0) return 'BroadcastChannel';
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `BroadcastChannel ${require('util').inspect({ name: this.#name, active: !this.#closed }, opts)}`;
  }

  static {
    isBroadcastChannel = (value) => typeof value === 'object' && value !== null && #name in value;
  }
}

defineEventHandler(BroadcastChannel.prototype, 'message');
defineEventHandler(BroadcastChannel.prototype, 'messageerror');

// `worker_threads.receiveMessageOnPort`: takes the oldest undelivered message.
function receiveMessageOnPort(port) {
  if (isBroadcastChannel(port)) return port[kTakeMessage]();
  if (!portStates.has(port)) {
    const error = new TypeError('The "port" argument must be a MessagePort instance');
    error.code = 'ERR_INVALID_ARG_TYPE';
    throw error;
  }
  const state = stateOf(port);
  if (state.queue.length === 0) return undefined;
  return { message: state.queue.shift().data };
}

// `worker_threads.moveMessagePortToContext`: a port whose objects belong to another vm
// context would need the port's methods and events recreated in that realm.
function moveMessagePortToContext(port, contextifiedSandbox) {
  if (!portStates.has(port)) throw new ERR_INVALID_ARG_TYPE('port', 'MessagePort', port);
  if (stateOf(port).closed) throw new ERR_CLOSED_MESSAGE_PORT();
  if (!require('vm').isContext(contextifiedSandbox)) {
    throw new ERR_INVALID_ARG_TYPE('contextifiedSandbox', 'vm.Context', contextifiedSandbox);
  }
  throw new ERR_METHOD_NOT_IMPLEMENTED('moveMessagePortToContext');
}

module.exports = {
  BroadcastChannel,
  MessageChannel,
  MessageEvent,
  MessagePort,
  PortLink,
  createPort,
  moveMessagePortToContext,
  receiveMessageOnPort,
};
