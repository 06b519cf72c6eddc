// node:readline/promises — the promise API of readline: an Interface whose `question`
// returns a promise (rejecting with AbortError when its signal aborts), and `Readline`,
// which queues cursor/clear actions for a stream and writes them on `commit()` (or at
// once with `autoCommit`).

const { Interface: BaseInterface } = require('internal/readline/interface');
const {
  kClearScreenDown, cursorToSequence, moveCursorSequence, clearLineSequence,
} = require('internal/readline/callbacks');
const {
  AbortError,
  codes: { ERR_INVALID_ARG_TYPE },
  validateAbortSignal, validateInteger, validateBoolean,
} = require('internal/errors');

class Interface extends BaseInterface {
  question(query, options = {}) {
    return new Promise((resolve, reject) => {
      const signal = options?.signal;
      if (signal !== undefined) {
        validateAbortSignal(signal, 'options.signal');
        if (signal.aborted) {
          reject(new AbortError(undefined, { cause: signal.reason }));
          return;
        }
        signal.addEventListener('abort', () => {
          reject(new AbortError(undefined, { cause: signal.reason }));
        }, { once: true });
      }
      super.question(query, options, resolve);
    });
  }
}

class Readline {
  #stream;
  #todo = [];
  #autoCommit;

  constructor(stream, options = undefined) {
    if (stream === null || typeof stream !== 'object' || typeof stream.write !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('stream', 'Writable', stream);
    }
    this.#stream = stream;
    if (options?.autoCommit != null) validateBoolean(options.autoCommit, 'options.autoCommit');
    this.#autoCommit = Boolean(options?.autoCommit);
  }

  #queue(data) {
    if (this.#autoCommit) {
      process.nextTick(() => this.#stream.write(data));
    } else {
      this.#todo.push(data);
    }
    return this;
  }

  cursorTo(x, y = undefined) {
    validateInteger(x, 'x');
    if (y != null) validateInteger(y, 'y');
    return this.#queue(cursorToSequence(x, y ?? undefined));
  }

  moveCursor(dx, dy) {
    if (dx || dy) {
      validateInteger(dx, 'dx');
      validateInteger(dy, 'dy');
      this.#queue(moveCursorSequence(dx, dy));
    }
    return this;
  }

  clearLine(dir) {
    validateInteger(dir, 'dir', -1, 1);
    return this.#queue(clearLineSequence(dir));
  }

  clearScreenDown() {
    return this.#queue(kClearScreenDown);
  }

  commit() {
    const data = this.#todo.join('');
    this.#todo = [];
    return new Promise((resolve) => this.#stream.write(data, resolve));
  }

  rollback() {
    this.#todo = [];
    return this;
  }
}

function createInterface(input, output, completer, terminal) {
  return new Interface(input, output, completer, terminal);
}

module.exports = { Interface, Readline, createInterface };
