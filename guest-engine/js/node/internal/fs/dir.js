// internal/fs/dir — `fs.Dir`, the handle `fs.opendir` returns. The kernel lists a directory
// in one call, so a Dir takes that listing when opened and hands out its entries one at a
// time (read/readSync, async iteration, entries()); `recursive` descends into
// subdirectories as their entries are reached, as Node does.

const {
  codes: { ERR_DIR_CLOSED, ERR_DIR_CONCURRENT_OPERATION, ERR_INVALID_ARG_TYPE, ERR_MISSING_ARGS },
  validateFunction, validateInteger,
} = require('internal/errors');

const kState = Symbol('kState');
const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);

class Dir {
  // `listEntries(path)` lists the directory: it plays the part of Node's directory handle.
  constructor(path, listEntries, options) {
    if (listEntries == null) throw new ERR_MISSING_ARGS('handle');
    this[kState] = {
      path,
      list: listEntries,
      entries: listEntries(path),
      recursive: Boolean(options.recursive),
      closed: false,
      pendingOperations: 0,
    };
  }

  get path() {
    return this[kState].path;
  }

  #checkOpen() {
    if (this[kState].closed) throw new ERR_DIR_CLOSED();
  }

  readSync() {
    this.#checkOpen();
    if (this[kState].pendingOperations > 0) throw new ERR_DIR_CONCURRENT_OPERATION();
    return this.#next();
  }

  #next() {
    const state = this[kState];
    const entry = state.entries.shift();
    if (entry === undefined) return null;
    if (state.recursive && entry.isDirectory()) {
      const child = require('path').join(entry.parentPath, entry.name);
      state.entries.push(...state.list(child));
    }
    return entry;
  }

  read(callback) {
    if (callback === undefined) return this.#deferred(() => this.#next());
    validateFunction(callback, 'callback');
    this.#deferred(() => this.#next()).then((entry) => callback(null, entry), callback);
    return undefined;
  }

  // Runs `step` on a later tick, counted as an operation in flight.
  #deferred(step) {
    try {
      this.#checkOpen();
    } catch (error) {
      return Promise.reject(error);
    }
    const state = this[kState];
    state.pendingOperations++;
    return new Promise((resolve, reject) => {
      process.nextTick(() => {
        state.pendingOperations--;
        try {
          resolve(step());
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  closeSync() {
    this.#checkOpen();
    if (this[kState].pendingOperations > 0) throw new ERR_DIR_CONCURRENT_OPERATION();
    this[kState].closed = true;
  }

  close(callback) {
    if (callback !== undefined) validateFunction(callback, 'callback');
    // As in Node, the Dir is closed at once: later reads fail, earlier ones still complete.
    const closing = this.#deferred(() => {});
    this[kState].closed = true;
    if (callback === undefined) return closing;
    closing.then(() => callback(null), callback);
    return undefined;
  }

  // Async iteration: each entry in turn, closing the Dir at the end, on an error, or when the
  // loop is left early. Leaving it closes the Dir at once, so a read right after a `break`,
  // `return` or `throw` out of a for await loop fails with ERR_DIR_CLOSED, as in Node.
  entries() {
    let finished = false;
    const finish = async () => {
      finished = true;
      if (!this[kState].closed) await this.close();
      return { value: undefined, done: true };
    };
    const iterator = {
      next: async () => {
        if (finished) return { value: undefined, done: true };
        let entry;
        try {
          entry = await this.read();
        } catch (error) {
          await finish();
          throw error;
        }
        return entry === null ? finish() : { value: entry, done: false };
      },
      return: finish,
    };
    return Object.setPrototypeOf(iterator, AsyncIteratorPrototype);
  }

  [Symbol.asyncIterator]() {
    return this.entries();
  }

  [Symbol.dispose ?? Symbol.for('nodejs.dispose')]() {
    if (!this[kState].closed) this.closeSync();
  }

  async [Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose')]() {
    if (!this[kState].closed) await this.close();
  }
}

function validateDirOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options === 'string') return { encoding: options };
  if (typeof options !== 'object') {
    throw new ERR_INVALID_ARG_TYPE('options', ['string', 'Object'], options);
  }
  if (options.bufferSize !== undefined) {
    validateInteger(options.bufferSize, 'options.bufferSize', 1, 4294967295);
  }
  return options;
}

module.exports = { Dir, validateDirOptions };
