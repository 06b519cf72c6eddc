// node:readline — line-by-line reading of a Readable: `createInterface`/`Interface` (the
// callback API; internal/readline/interface has the implementation), the ANSI cursor
// helpers (cursorTo, moveCursor, clearLine, clearScreenDown), `emitKeypressEvents`, and the
// `promises` API of node:readline/promises.

const { cursorTo, moveCursor, clearLine, clearScreenDown } = require('internal/readline/callbacks');
const { emitKeypressEvents } = require('internal/readline/emit_keypress');

const { Interface } = require('internal/readline/interface');

// util.promisify(rl.question) gives the promise form of node:readline/promises.
Object.defineProperty(Interface.prototype.question, require('util').promisify.custom, {
  __proto__: null,
  configurable: true,
  value: function question(query, options) {
    return Reflect.apply(require('readline/promises').Interface.prototype.question, this,
      [query, options]);
  },
});

function createInterface(input, output, completer, terminal) {
  return new Interface(input, output, completer, terminal);
}

module.exports = {
  Interface,
  clearLine,
  clearScreenDown,
  createInterface,
  cursorTo,
  emitKeypressEvents,
  moveCursor,
  get promises() {
    return require('readline/promises');
  },
};
