// internal/fs/watchers — `fs.watchFile`/`fs.unwatchFile` and the StatWatcher they return.
// The kernel sends no change notifications, so a StatWatcher polls `stat` every `interval`
// ms and emits 'change' (current, previous) when the result differs, as libuv's fs_poll
// does. A missing file reads as zeroed Stats. (`fs.watch` needs notifications and is not
// offered.)

const EventEmitter = require('events');
const { validateFunction, validateInteger, validateBoolean } = require('internal/errors');

const kPoll = Symbol('kPoll');
const watchers = new Map();

function zeroStats(fs, bigint) {
  return fs[Symbol.for('secure-exec.fs.makeStats')](new Array(14).fill(0), { bigint });
}

function sameStats(a, b) {
  return a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.size === b.size &&
    a.ino === b.ino && a.mode === b.mode && a.nlink === b.nlink;
}

class StatWatcher extends EventEmitter {
  constructor(bigint) {
    super();
    this._bigint = bigint;
    this[kPoll] = null;
  }

  start(filename, persistent, interval) {
    const fs = require('fs');
    const read = () => {
      try {
        return fs.statSync(filename, { bigint: this._bigint });
      } catch {
        return zeroStats(fs, this._bigint);
      }
    };
    let previous = read();
    this[kPoll] = setInterval(() => {
      const current = read();
      if (!sameStats(current, previous)) {
        const before = previous;
        previous = current;
        this.emit('change', current, before);
      }
    }, interval);
    if (!persistent) this.unref();
  }

  stop() {
    if (this[kPoll] === null) return;
    clearInterval(this[kPoll]);
    this[kPoll] = null;
    process.nextTick(() => this.emit('stop'));
  }

  ref() {
    this[kPoll]?.ref();
    return this;
  }

  unref() {
    this[kPoll]?.unref();
    return this;
  }
}

// `filename` is a validated path string (node:fs checks it).
function watchFile(filename, options, listener) {
  const file = require('path').resolve(filename);
  if (typeof options === 'function') {
    listener = options;
    options = {};
  }
  options = { interval: 5007, persistent: true, ...options };
  validateFunction(listener, 'listener');
  validateInteger(options.interval, 'interval');
  validateBoolean(options.persistent, 'persistent');
  let watcher = watchers.get(file);
  if (watcher === undefined) {
    watcher = new StatWatcher(Boolean(options.bigint));
    watcher.start(file, options.persistent, options.interval);
    watchers.set(file, watcher);
  }
  watcher.on('change', listener);
  return watcher;
}

function unwatchFile(filename, listener) {
  const file = require('path').resolve(filename);
  const watcher = watchers.get(file);
  if (watcher === undefined) return;
  if (typeof listener === 'function') {
    watcher.removeListener('change', listener);
  } else {
    watcher.removeAllListeners('change');
  }
  if (watcher.listenerCount('change') === 0) {
    watcher.stop();
    watchers.delete(file);
  }
}

module.exports = { watchFile, unwatchFile };
