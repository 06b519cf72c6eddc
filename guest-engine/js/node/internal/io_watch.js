// internal/io_watch — one interest registered with the event loop's I/O watchers
// (binding('io')): a descriptor becoming readable or writable, or a child process ending.
// Its owner starts and stops it as it needs the event; while started, the loop runs
// `onReady` (as a macrotask) each time it finds the target ready, and a ref'd watch keeps
// the process alive.

const io = binding('io');

class IoWatch {
  // `kind` is 'readable' or 'writable' with a descriptor as `target`, or 'exit' with a pid.
  constructor(kind, target, onReady) {
    this.kind = kind;
    this.target = target;
    this.onReady = onReady;
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
  }

  stop() {
    if (this.id === null) return;
    io.unwatch(this.id);
    this.id = null;
  }

  setRef(refed) {
    this.refed = refed;
    if (this.id !== null) io.setRef(this.id, refed);
  }
}

module.exports = { IoWatch };
