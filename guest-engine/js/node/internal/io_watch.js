// internal/io_watch — one interest registered with the event loop's I/O watchers
// (binding('io')): a descriptor becoming readable or writable, or a child process ending.
// Its owner starts and stops it as it needs the event; while started, the loop runs
// `onReady` (as a macrotask) each time it finds the target ready, and a ref'd watch keeps
// the process alive. A watch may name its owner and the libuv handle type the owner stands
// for ('TCPSocketWrap', 'ProcessWrap', ...): started, ref'd watches are the process's
// active handles (process._getActiveHandles(), process.getActiveResourcesInfo()).
// Like the libuv handle behind a Node resource, a watch belongs to the asynchronous context
// it was made in (internal/async_context): `onReady` runs inside it, so AsyncLocalStorage
// stores and domains follow socket and child process events.

const io = binding('io');
const asyncContext = require('internal/async_context');

// The started watches.
const started = new Set();

class IoWatch {
  // `kind` is 'readable' or 'writable' with a descriptor as `target`, or 'exit' with a pid.
  constructor(kind, target, onReady, owner = null, handleType = null) {
    this.kind = kind;
    this.target = target;
    const context = asyncContext.capture(owner);
    this.onReady = () => asyncContext.runIn(context, onReady, undefined, []);
    this.owner = owner;
    this.handleType = handleType;
    this.id = null;
    this.refed = true;
  }

  get active() {
    return this.id !== null;
  }

  start() {
    if (this.id !== null) return;
    this.id = io.watch(this.kind, this.target, this.onReady);
    if (!this.refed) io.setRef(this.id, false);
    started.add(this);
  }

  stop() {
    if (this.id === null) return;
    io.unwatch(this.id);
    this.id = null;
    started.delete(this);
  }

  setRef(refed) {
    this.refed = refed;
    if (this.id !== null) io.setRef(this.id, refed);
  }
}

// The owners of started, ref'd watches, each once, with their handle types.
function activeHandles() {
  const handles = new Map();
  for (const watch of started) {
    if (watch.refed && watch.owner !== null) handles.set(watch.owner, watch.handleType);
  }
  return handles;
}

module.exports = { IoWatch, activeHandles };
