// internal/fs/watchers — `fs.watch`'s FSWatcher and the async iterator of
// `fs.promises.watch`, over a kernel watch descriptor (binding('fs').watch: the kernel
// queues the changes made through it, inotify's model, and the descriptor turns readable);
// `fs.watchFile`/`fs.unwatchFile` and their StatWatcher, which polls `stat` every
// `interval` ms and emits 'change' (current, previous) when the result differs, as libuv's
// fs_poll does. A missing file reads as zeroed Stats.

const EventEmitter = require('events');
const {
  AbortError,
  codes: { ERR_FS_WATCH_QUEUE_OVERFLOW },
  validateAbortSignal,
  validateFunction,
  validateInteger,
  validateBoolean,
  validateOneOf,
} = require('internal/errors');
const { IoWatch } = require('internal/io_watch');

const fsBinding = binding('fs');

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

// The handle `fs.watch` returns: the changes the kernel queued for the watch descriptor
// `fd` are emitted as 'change' (eventType, filename) each time the loop finds it readable.
class FSWatcher extends EventEmitter {
  #fd;
  #watch;
  #encoding;

  constructor(fd, persistent, encoding) {
    super();
    this.#fd = fd;
    this.#encoding = encoding;
    this.#watch = new IoWatch('readable', fd, () => this.#emitChanges(), this, 'FSEventWrap');
    this.#watch.setRef(persistent);
    this.#watch.start();
  }

  #emitChanges() {
    const changes = this.#fd === null ? null : fsBinding.readChanges(this.#fd);
    if (changes === null) return;
    for (const [eventType, filename] of changes) {
      // A listener may close the watcher.
      if (this.#fd === null) return;
      this.emit('change', eventType, encodeFilename(filename, this.#encoding));
    }
  }

  close() {
    if (this.#fd === null) return;
    this.#watch.stop();
    fsBinding.close(this.#fd);
    this.#fd = null;
    process.nextTick(() => this.emit('close'));
  }

  ref() {
    this.#watch.setRef(true);
    return this;
  }

  unref() {
    this.#watch.setRef(false);
    return this;
  }
}

function encodeFilename(filename, encoding) {
  if (encoding === 'utf8' || encoding === 'utf-8') return filename;
  const { Buffer } = require('buffer');
  const bytes = Buffer.from(filename);
  return encoding === 'buffer' ? bytes : bytes.toString(encoding);
}

// `fs.watch`: `openWatch()` gives the kernel watch descriptor (throwing Node's error when
// the path cannot be watched).
function watch(openWatch, options, listener) {
  const { persistent = true, encoding = 'utf8', signal } = options;
  if (signal !== undefined) validateAbortSignal(signal, 'options.signal');
  const watcher = new FSWatcher(openWatch(), persistent, encoding);
  if (listener !== undefined) watcher.on('change', listener);
  if (signal !== undefined) {
    if (signal.aborted) {
      process.nextTick(() => watcher.close());
    } else {
      const onAbort = () => watcher.close();
      signal.addEventListener('abort', onAbort, { once: true });
      watcher.once('close', () => signal.removeEventListener('abort', onAbort));
    }
  }
  return watcher;
}

// `fs.promises.watch`: yields `{ eventType, filename }`. Up to `maxQueue` changes wait for
// the consumer; past that they are dropped (`overflow: 'ignore'`) or the iteration throws
// ERR_FS_WATCH_QUEUE_OVERFLOW (`'throw'`). Aborting `signal` ends it with an AbortError.
async function* watchAsync(openWatch, options) {
  const { persistent = true, encoding = 'utf8', signal, maxQueue = 2048 } = options;
  const { overflow = 'ignore' } = options;
  if (signal !== undefined) validateAbortSignal(signal, 'options.signal');
  validateInteger(maxQueue, 'options.maxQueue');
  validateOneOf(overflow, 'options.overflow', ['ignore', 'throw']);
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
  const watcher = new FSWatcher(openWatch(), persistent, encoding);
  const queue = [];
  let failure = null;
  let wake = null;
  watcher.on('change', (eventType, filename) => {
    if (queue.length < maxQueue) {
      queue.push({ eventType, filename });
    } else if (overflow === 'throw') {
      failure ??= new ERR_FS_WATCH_QUEUE_OVERFLOW(maxQueue);
    }
    wake?.();
  });
  const onAbort = () => {
    failure ??= new AbortError(undefined, { cause: signal.reason });
    wake?.();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (failure !== null) throw failure;
      if (queue.length > 0) {
        yield queue.shift();
        continue;
      }
      await new Promise((resolve) => { wake = resolve; });
      wake = null;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    watcher.close();
  }
}

module.exports = { FSWatcher, watch, watchAsync, watchFile, unwatchFile };
