// node:repl — the Read-Eval-Print Loop: `repl.start()` and `REPLServer`, a readline
// Interface that evaluates each line (by default with node:vm, in a context of its own or
// the global one), prints results with `writer` (util.inspect) and errors as "Uncaught …",
// buffers incomplete input (Recoverable syntax errors) behind the `...` prompt, runs
// top-level `await`, keeps `_`/`_error`, the dot commands (.break .clear .editor .exit .help
// .load .save and defineCommand), Tab completion, and a persistent history (setupHistory).
//
// Differences from Node: incomplete input is told from other syntax errors by QuickJS's
// messages (there is no acorn parser); input previews (`preview`) and `breakEvalOnSigint`
// are accepted without effect (evaluation cannot be interrupted).
//
// As in Node, evaluation runs inside a node:domain (`_domain`, or `options.domain`), so
// errors thrown later by callbacks the REPL's code scheduled are reported as "Uncaught …"
// too instead of ending the process.

const fs = require('fs');
const path = require('path');
const vm = require('vm');
// Bound here: REPL code may declare its own `process` (`let process`).
const { process } = globalThis;
const { inspect } = require('util');
const { Interface } = require('internal/readline/interface');
const { kSawKeyPress } = require('internal/readline/emit_keypress');
const { shouldColorize } = require('internal/util/terminal');
const { lookupRealm, thisRealm } = require('internal/vm/context');
const {
  codes: {
    ERR_INVALID_ARG_TYPE, ERR_INVALID_REPL_EVAL_CONFIG, ERR_INVALID_REPL_INPUT, ERR_MISSING_ARGS,
  },
  validateObject,
} = require('internal/errors');
const { kStandaloneREPL } = require('internal/repl');

const REPL_MODE_SLOPPY = Symbol('repl-sloppy');
const REPL_MODE_STRICT = Symbol('repl-strict');

const kBufferedCommand = Symbol('bufferedCommand');
const kLoading = Symbol('loading');

const builtinModules = require('module').builtinModules.filter((name) => !name.startsWith('_'));

let nextResourceNumber = 1;

// Leaves `repl` without persistent history, after telling why (`reason`, if given): the
// first Up arrow while its history is empty says how to turn persistence on.
function disableHistory(repl, reason) {
  if (reason !== undefined) {
    repl._writeToOutput(reason);
    repl._refreshLine();
  }
  repl._historyPrev = function historyDisabledNotice() {
    if (this.history.length === 0) {
      this._writeToOutput('\nPersistent history support disabled. Set the NODE_REPL_HISTORY ' +
        'environment\nvariable to a valid, user-writable path to enable.\n');
      this._refreshLine();
    }
    delete this._historyPrev;
    return this._historyPrev();
  };
}

function writer(object) {
  return inspect(object, writer.options);
}
writer.options = { ...inspect.defaultOptions, showProxy: true };

Object.defineProperty(inspect, 'replDefaults', {
  configurable: true,
  enumerable: true,
  get() {
    return writer.options;
  },
  set(options) {
    validateObject(options, 'options');
    Object.assign(writer.options, options);
  },
});

// The domains of the REPLs embedded in programs: code they evaluate may not listen for
// 'uncaughtException' (the REPL reports the errors itself). The standalone REPL of
// `node -i` lets it take them over instead.
const embeddedDomains = new WeakSet();
let guardingListeners = false;
function guardUncaughtExceptionListeners() {
  if (guardingListeners) return;
  guardingListeners = true;
  process.prependListener('newListener', (event) => {
    if (event === 'uncaughtException' && process.domain && embeddedDomains.has(process.domain)) {
      throw new ERR_INVALID_REPL_INPUT(
        'Listeners for `uncaughtException` cannot be used in the REPL');
    }
  });
}

// A syntax error the next lines may complete; the REPL then waits for more input.
class Recoverable extends SyntaxError {
  constructor(err) {
    super();
    this.err = err;
  }
}

// Whether more lines may complete `code`: QuickJS stops at the end of the input (an
// unfinished expression, block or comment), or at a template literal or a backslash-continued
// string that the input leaves open.
function isRecoverableError(error, code, file) {
  if (error?.name !== 'SyntaxError') return false;
  const { message } = error;
  if (message === 'unexpected end of comment') return true;
  const offset = syntaxErrorOffset(error, code, file);
  if (offset === -1) return false;
  if (message === 'unexpected end of string') {
    return code[offset] === '`' || code.trimEnd().endsWith('\\');
  }
  return offset >= code.trimEnd().length;
}

// Where in `code` QuickJS reported the syntax error (its first stack frame), or -1.
function syntaxErrorOffset(error, code, file) {
  const frame = String(error.stack).split('\n').find((line) => line.includes(` ${file}:`));
  const position = frame && /:(\d+):(\d+)\)?$/.exec(frame);
  if (!position) return -1;
  const lines = code.split('\n');
  const lineIndex = Number(position[1]) - 1;
  let offset = Number(position[2]) - 1;
  for (let i = 0; i < lineIndex && i < lines.length; i++) offset += lines[i].length + 1;
  return offset;
}

const kKeywords = [
  'async', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger',
  'default', 'delete', 'do', 'else', 'export', 'extends', 'false', 'finally', 'for',
  'function', 'if', 'import', 'in', 'instanceof', 'let', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with',
  'yield',
];

const kSimpleExpression =
  /(?:[\p{L}\p{Nl}_$][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_$]*\??\.)*[\p{L}\p{Nl}_$]?[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_$]*$/u;
const kRequire = /\brequire\s*\(\s*['"`](([\w@./:-]+\/)?(?:[\w@./:-]*))(?![^'"`])$/;

// Own and inherited property names of `object`, one group per prototype level.
function propertyGroups(object) {
  const groups = [];
  let level = object;
  if (typeof level !== 'object' && typeof level !== 'function') {
    if (level === null || level === undefined) return groups;
    level = Object(level);
  }
  for (let depth = 0; level !== null && depth < 64; depth++) {
    try {
      groups.push(Object.getOwnPropertyNames(level).filter((name) => /^[\p{L}\p{Nl}_$]/u.test(name)));
      level = Object.getPrototypeOf(level);
    } catch {
      break;
    }
  }
  return groups;
}

class REPLServerBase extends Interface {
  constructor(prompt, stream, evalFunction, useGlobal, ignoreUndefined, replMode) {
    let options;
    if (prompt !== null && typeof prompt === 'object') {
      options = { ...prompt };
      stream = options.stream || options.socket;
      evalFunction = options.eval;
      useGlobal = options.useGlobal;
      ignoreUndefined = options.ignoreUndefined;
      prompt = options.prompt;
      replMode = options.replMode;
    } else {
      options = {};
    }
    if (!options.input && !options.output) {
      stream ??= process;
      options.input = stream.stdin ?? stream;
      options.output = stream.stdout ?? stream;
    }
    if (options.terminal === undefined) options.terminal = Boolean(options.output.isTTY);
    const { terminal } = options;
    if (options.useColors === undefined) {
      options.useColors = shouldColorize(options.output);
    }
    if (options.breakEvalOnSigint && evalFunction) throw new ERR_INVALID_REPL_EVAL_CONFIG();

    let self;
    super({
      input: options.input,
      output: options.output,
      completer: options.completer || function completer(text, callback) {
        self.#complete(text, callback);
      },
      terminal,
      historySize: options.historySize,
      prompt: '',
    });
    self = this;

    this.useColors = Boolean(options.useColors);
    this.useGlobal = Boolean(useGlobal);
    this.ignoreUndefined = Boolean(ignoreUndefined);
    this.replMode = replMode || REPL_MODE_SLOPPY;
    this.breakEvalOnSigint = Boolean(options.breakEvalOnSigint);
    this.editorMode = false;
    this.underscoreAssigned = false;
    this.underscoreErrAssigned = false;
    this.last = undefined;
    this.lastError = undefined;
    this._domain = options.domain || require('domain').create();
    this[kStandaloneREPL] = Boolean(options[kStandaloneREPL]);
    if (!this[kStandaloneREPL]) {
      embeddedDomains.add(this._domain);
      guardUncaughtExceptionListeners();
    }
    this.eval = this._domain.bind(evalFunction || this.#defaultEval);
    this._initialPrompt = prompt === undefined ? '> ' : `${prompt}`;
    this.commands = { __proto__: null };
    this.lines = [];
    this.lines.level = [];
    this[kBufferedCommand] = '';
    this[kLoading] = false;
    this.writer = options.writer || module.exports.writer;
    if (this.writer === writer) writer.options.colors = this.useColors;

    this.#defineDefaultCommands();
    this.resetContext();
    this._domain.on('error', (error) => this.#reportError(error));
    this.on('line', (line) => this.#onLine(line));
    this.on('close', () => this.emit('exit'));
    this.on('SIGINT', () => this.#onSigint());
    this.displayPrompt();
  }

  setPrompt(prompt) {
    this._initialPrompt = prompt;
    super.setPrompt(prompt);
  }

  // The prompt for the next line: `...` (indented by the open blocks) while a command is
  // incomplete.
  displayPrompt(preserveCursor) {
    let prompt = this._initialPrompt;
    if (this[kBufferedCommand].length > 0) {
      const depth = Math.max(this.lines.level.length - 1, 0);
      prompt = `...${'..'.repeat(depth)} `;
    }
    super.setPrompt(prompt);
    this.prompt(preserveCursor);
  }

  clearBufferedCommand() {
    this[kBufferedCommand] = '';
  }

  defineCommand(keyword, command) {
    if (typeof command === 'function') {
      command = { action: command };
    } else if (typeof command?.action !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('action', 'Function', command?.action);
    }
    this.commands[keyword] = command;
  }

  createContext() {
    let context;
    if (this.useGlobal) {
      context = globalThis;
    } else {
      context = vm.createContext();
      const realmGlobal = vm.runInContext('globalThis', context);
      for (const name of Object.getOwnPropertyNames(globalThis)) {
        if (name === 'console' || name === 'global' || realmGlobal[name] !== undefined) continue;
        Object.defineProperty(context, name, Object.getOwnPropertyDescriptor(globalThis, name));
      }
      context.global = context;
      const { Console } = require('console');
      Object.defineProperty(context, 'console', {
        configurable: true,
        writable: true,
        value: new Console(this.output),
      });
    }
    const replRequire = require('module').createRequire(path.join(process.cwd(), '<repl>'));
    context.module = { exports: {}, id: '<repl>', filename: null, loaded: false, children: [] };
    context.require = replRequire;
    this.#addBuiltinModules(context);
    return context;
  }

  resetContext() {
    this.context = this.createContext();
    this.underscoreAssigned = false;
    this.underscoreErrAssigned = false;
    this.lines = [];
    this.lines.level = [];
    Object.defineProperty(this.context, '_', {
      configurable: true,
      get: () => this.last,
      set: (value) => {
        this.last = value;
        if (!this.underscoreAssigned) {
          this.underscoreAssigned = true;
          this.output.write('Expression assignment to _ now disabled.\n');
        }
      },
    });
    Object.defineProperty(this.context, '_error', {
      configurable: true,
      get: () => this.lastError,
      set: (value) => {
        this.lastError = value;
        if (!this.underscoreErrAssigned) {
          this.underscoreErrAssigned = true;
          this.output.write('Expression assignment to _error now disabled.\n');
        }
      },
    });
    this.emit('reset', this.context);
  }

  complete(line, callback) {
    this.completer(line, callback);
  }

  // Loads the history in `file` (newest line first) and saves it there after each line.
  setupHistory(historyFile, callback) {
    if (typeof callback !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('callback', 'Function', callback);
    }
    let file = typeof historyFile === 'string' ? historyFile.trim() : historyFile;
    // An empty name turns persistent history off; no name means ~/.node_repl_history.
    if (file === '') {
      disableHistory(this);
      process.nextTick(callback, null, this);
      return;
    }
    if (!file) {
      try {
        file = path.join(require('os').homedir(), '.node_repl_history');
      } catch {
        disableHistory(this, '\nError: Could not get the home directory.\n' +
          'REPL session history will not be persisted.\n');
        process.nextTick(callback, null, this);
        return;
      }
    }
    if (!this.terminal) {
      process.nextTick(callback, null, this);
      return;
    }
    fs.open(file, 'a+', 0o600, (openError, fd) => {
      if (openError) {
        disableHistory(this, '\nError: Could not open history file.\n' +
          'REPL session history will not be persisted.\n');
        callback(null, this);
        return;
      }
      fs.readFile(fd, 'utf8', (readError, data) => {
        fs.close(fd, () => {});
        if (readError) {
          callback(readError);
          return;
        }
        if (data) {
          const saved = data.split(/[\n\r]+/).filter((line) => line !== '');
          this.history.push(...saved.slice(0, this.historySize - this.history.length));
        }
        let writing = false;
        let pending = false;
        const save = () => {
          if (writing) {
            pending = true;
            return;
          }
          writing = true;
          fs.writeFile(file, this.history.join('\n') + '\n', { mode: 0o600 }, () => {
            writing = false;
            if (pending) {
              pending = false;
              save();
            }
          });
        };
        this.on('history', save);
        callback(null, this);
      });
    });
  }

  _ttyWrite(s, key) {
    key ??= {};
    // Ctrl+D ends editor mode and evaluates the buffer with the current line; Ctrl+C
    // cancels it (through 'SIGINT').
    if (this.editorMode && key.ctrl && !key.shift && !key.meta && key.name === 'd') {
      const { line } = this;
      this.#turnOffEditorMode();
      this.clearLine();
      this.#onLine(line);
      return;
    }
    super._ttyWrite(s, key);
  }

  #onLine(line) {
    line ??= '';
    if (this.editorMode) {
      this[kBufferedCommand] += `${line}\n`;
      // Code alignment: the next line starts with the indentation of the line just typed.
      const indent = this[kSawKeyPress] ? /^\s+/.exec(line) : null;
      if (indent !== null) this.write(indent[0]);
      this.#remember(line);
      return;
    }
    const trimmed = line.trim();
    if (trimmed[0] === '.' && trimmed[1] !== '.' && Number.isNaN(Number.parseFloat(trimmed))) {
      const match = /^\.([^\s]+)\s*(.*)$/.exec(trimmed);
      if (match !== null && this.#runCommand(match[1], match[2])) return;
      if (this[kBufferedCommand] === '') {
        this.output.write('Invalid REPL keyword\n');
        this.displayPrompt();
        return;
      }
    }
    this.#evaluate(line);
  }

  // Evaluates `line` after the buffered lines of an incomplete command.
  #evaluate(line) {
    const code = `${this[kBufferedCommand]}${line}\n`;
    this.eval(code, this.context, `REPL${nextResourceNumber++}`, (error, ...results) => {
      this.#finish(line, code, error, results[0], results.length > 0);
    });
  }

  // `hasResult` is false when the eval function called back with no value at all (an
  // empty line): nothing is printed then.
  #finish(line, code, error, result, hasResult) {
    this.#remember(line);
    if (error instanceof Recoverable) {
      this[kBufferedCommand] = code;
      this.displayPrompt();
      return;
    }
    if (error) {
      this._domain.emit('error', error.err || error);
      return;
    }
    this.clearBufferedCommand();
    if (hasResult && (!this.ignoreUndefined || result !== undefined)) {
      if (!this.underscoreAssigned) this.last = result;
      this.output.write(`${this.writer(result)}\n`);
    }
    this.displayPrompt();
  }

  // Keeps `line` for .save, indented by the blocks open before it.
  #remember(line) {
    const { lines } = this;
    if (!line) {
      lines.push('');
      lines.level = [];
      return;
    }
    lines.push('  '.repeat(Math.max(lines.level.length - 1, 0)) + line);
    let depth = (line.match(/[{(]/g)?.length ?? 0) - (line.match(/[})]/g)?.length ?? 0);
    if (depth > 0) {
      lines.level.push({ line: lines.length - 1, depth });
      return;
    }
    while (depth < 0 && lines.level.length > 0) {
      const open = lines.level.pop();
      depth += open.depth;
      if (depth > 0) {
        open.depth = depth;
        lines.level.push(open);
      }
    }
  }

  #runCommand(keyword, rest) {
    const command = this.commands[keyword];
    if (command === undefined) return false;
    command.action.call(this, rest);
    return true;
  }

  #onSigint() {
    const empty = this.line.length === 0;
    this.clearLine();
    if (this.editorMode) this.#turnOffEditorMode();
    if (empty && this[kBufferedCommand] === '') {
      if (this.sawSIGINT) {
        this.close();
        this.sawSIGINT = false;
        return;
      }
      this.output.write('(To exit, press Ctrl+C again or Ctrl+D or type .exit)\n');
      this.sawSIGINT = true;
    } else {
      this.sawSIGINT = false;
    }
    this.clearBufferedCommand();
    this.lines.level = [];
    this.displayPrompt();
  }

  #reportError(error) {
    if (!this.underscoreErrAssigned) this.lastError = error;
    if (this[kStandaloneREPL] && process.listenerCount('uncaughtException') !== 0) {
      process.nextTick(() => {
        process.emit('uncaughtException', error);
        this.#resetInput();
      });
      return;
    }
    let text;
    if (error instanceof Error || (error !== null && typeof error === 'object' &&
        typeof error.stack === 'string' && typeof error.message === 'string')) {
      text = this.writer(this.#trimStack(error));
      // An error without frames is shown bare, not in the brackets of inspect.
      if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
    } else {
      text = this.writer(error);
    }
    const lines = text.split(/(?<=\n)/);
    let matched = false;
    text = '';
    for (const line of lines) {
      if (!matched && /^\[?([A-Z][a-z0-9_]*)*Error/.test(line)) {
        const room = writer.options.breakLength ?? 80;
        text += room >= line.length ? `Uncaught ${line}` : `Uncaught:\n${line}`;
        matched = true;
      } else {
        text += line;
      }
    }
    if (!matched) text = `Uncaught${lines.length === 1 ? ' ' : ':\n'}${text}`;
    this.output.write(text.endsWith('\n') ? text : `${text}\n`);
    this.#resetInput();
  }

  #resetInput() {
    this.clearBufferedCommand();
    this.lines.level = [];
    this.displayPrompt();
  }

  // The error with its stack cut where the REPL's own frames begin, the top-level frame of
  // the input included; a syntax error keeps only its message.
  #trimStack(error) {
    const { stack } = error;
    if (typeof stack !== 'string') return error;
    let trimmed;
    if (error.name === 'SyntaxError') {
      trimmed = `${error.name}: ${error.message}`;
    } else {
      const frames = stack.split('\n');
      // The input's top level is the last anonymous frame in a `REPLn` file; it and what
      // ran it are the REPL's. Without one (a custom `eval`), the cut is where the REPL's
      // or vm's frames begin.
      let end = frames.findLastIndex((frame) => /^\s+at REPL\d+:\d+:\d+$/.test(frame));
      if (end === -1) end = frames.findIndex((frame) => /\(?node:(?:vm|repl)[:)]/.test(frame));
      if (end === -1) return error;
      // The header may span lines (a multi-line message).
      const start = frames.findIndex((frame) => /^\s+at /.test(frame));
      const header = start > 0 ? frames.slice(0, start) : [`${error.name}: ${error.message}`];
      trimmed = [...header, ...frames.slice(start, end)].join('\n');
    }
    try {
      Object.defineProperty(error, 'stack', {
        configurable: true, writable: true, enumerable: false, value: trimmed,
      });
    } catch {
      // A frozen error keeps its stack as it is.
    }
    return error;
  }

  // Evaluates `code` as a script of the REPL's context; `await` at the top level makes it
  // an async script whose completion value is awaited.
  #defaultEval(code, context, file, callback) {
    if (code === '\n') {
      callback(null);
      return;
    }
    if (this.replMode === REPL_MODE_STRICT && code.trim() !== '') {
      code = `'use strict'; void 0;\n${code}`;
    }
    const realm = context === globalThis ? thisRealm : lookupRealm(context);
    const run = (source, allowAwait) => realm.run(() => realm.evaluate(source, file, 1, undefined,
      false, allowAwait));
    const compiles = (source) => {
      try {
        realm.evaluate(source, file, 1, undefined, true);
        return null;
      } catch (error) {
        return error;
      }
    };
    // `{ a: 1 }` reads as an object literal, not a block: as in Node, code that starts with
    // `{` and does not end with `;` is an expression when it parses as one.
    if (/^\s*\{/.test(code) && !/;\s*$/.test(code) && compiles(`(${code})`) === null) {
      code = `(${code})`;
    }
    let allowAwait = false;
    const syntaxError = compiles(code);
    if (syntaxError !== null) {
      if (/\bawait\b/.test(code) && compiles(`(async () => {\n${code}\n})`) === null) {
        allowAwait = true;
      } else if (isRecoverableError(syntaxError, code, file)) {
        callback(new Recoverable(syntaxError));
        return;
      } else {
        callback(syntaxError);
        return;
      }
    }
    // What the code throws (`null` included) goes to the innermost domain still entered:
    // the REPL's, or one the code entered and left by the throw.
    let result;
    try {
      result = run(code, allowAwait);
    } catch (error) {
      const domain = process.domain ?? this._domain;
      domain.emit('error', error);
      domain.exit();
      return;
    }
    if (!allowAwait) {
      callback(null, result);
      return;
    }
    this.pause();
    result.then((completion) => completion.value).then((value) => {
      this.resume();
      callback(null, value);
    }, (error) => {
      this.resume();
      this._domain.emit('error', error);
    });
  }

  #addBuiltinModules(context) {
    for (const name of builtinModules) {
      if (name.includes('/') || name.includes(':') || Object.hasOwn(context, name)) continue;
      const set = (value) => {
        Object.defineProperty(context, name, {
          configurable: true, writable: true, enumerable: false, value,
        });
      };
      Object.defineProperty(context, name, {
        configurable: true,
        enumerable: false,
        get: () => {
          const lib = require(name);
          set(lib);
          return lib;
        },
        set,
      });
    }
  }

  #turnOnEditorMode() {
    this.editorMode = true;
    super.setPrompt('');
  }

  #turnOffEditorMode() {
    this.editorMode = false;
    this.setPrompt(this._initialPrompt);
  }

  #defineDefaultCommands() {
    this.defineCommand('break', {
      help: 'Sometimes you get stuck, this gets you out',
      action() {
        this.clearBufferedCommand();
        this.displayPrompt();
      },
    });
    this.defineCommand('clear', {
      help: this.useGlobal ? 'Alias for .break' : 'Break, and also clear the local context',
      action() {
        this.clearBufferedCommand();
        if (!this.useGlobal) {
          this.output.write('Clearing context...\n');
          this.resetContext();
        }
        this.displayPrompt();
      },
    });
    this.defineCommand('exit', {
      help: 'Exit the REPL',
      action() {
        this.close();
      },
    });
    this.defineCommand('help', {
      help: 'Print this help message',
      action() {
        const names = Object.keys(this.commands).sort();
        const width = Math.max(...names.map((name) => name.length));
        for (const name of names) {
          const { help } = this.commands[name];
          this.output.write(`.${name}${help ? ' '.repeat(width - name.length + 3) + help : ''}\n`);
        }
        this.output.write('\nPress Ctrl+C to abort current expression, ' +
          'Ctrl+D to exit the REPL\n');
        this.displayPrompt();
      },
    });
    this.defineCommand('save', {
      help: 'Save all evaluated commands in this REPL session to a file',
      action(file) {
        try {
          if (file === '') throw new ERR_MISSING_ARGS('file');
          fs.writeFileSync(file, this.lines.join('\n'));
          this.output.write(`Session saved to: ${file}\n`);
        } catch (error) {
          this.output.write(error.code === 'ERR_MISSING_ARGS' ? `${error.message}\n` :
            `Failed to save: ${file}\n`);
        }
        this.displayPrompt();
      },
    });
    this.defineCommand('load', {
      help: 'Load JS from a file into the REPL session',
      action(file) {
        try {
          if (file === '') throw new ERR_MISSING_ARGS('file');
          if (fs.statSync(file).isFile()) {
            this.#turnOnEditorMode();
            this[kLoading] = true;
            const data = fs.readFileSync(file, 'utf8');
            this.write(data);
            this[kLoading] = false;
            this.#turnOffEditorMode();
            this.write('\n');
          } else {
            this.output.write(`Failed to load: ${file} is not a valid file\n`);
          }
        } catch (error) {
          this.output.write(error.code === 'ERR_MISSING_ARGS' ? `${error.message}\n` :
            `Failed to load: ${file}\n`);
        }
        this.displayPrompt();
      },
    });
    if (this.terminal) {
      this.defineCommand('editor', {
        help: 'Enter editor mode',
        action() {
          this.#turnOnEditorMode();
          this.output.write('// Entering editor mode (Ctrl+D to finish, Ctrl+C to cancel)\n');
        },
      });
    }
  }

  // Tab completion: dot commands, require() arguments, globals and keywords, and the
  // properties of `expression.`.
  #complete(line, callback) {
    if (/^\s*\.(\w*)$/.test(line)) {
      const fragment = line.trim().slice(1);
      const names = Object.keys(this.commands).filter((name) => name.startsWith(fragment));
      callback(null, [names.map((name) => `.${name}`), line.trim()]);
      return;
    }
    const requireMatch = kRequire.exec(line);
    if (requireMatch !== null) {
      const fragment = requireMatch[1];
      const names = builtinModules.flatMap((name) => [name, `node:${name}`])
        .filter((name) => name.startsWith(fragment));
      callback(null, [[...new Set(names)].sort(), fragment]);
      return;
    }
    if (this.editorMode && line.length === 0) {
      callback(null, [[], line]);
      return;
    }
    const expression = kSimpleExpression.exec(line)?.[0] ?? '';
    if (line.length !== 0 && expression === '') {
      callback(null, [[], line]);
      return;
    }
    const dot = expression.lastIndexOf('.');
    const fragment = dot === -1 ? expression : expression.slice(dot + 1);
    const finish = (groups, prefix) => {
      const seen = new Set();
      const completions = [];
      for (const group of groups) {
        const matches = group.filter((name) => name.startsWith(fragment) && !seen.has(name))
          .sort();
        if (matches.length === 0) continue;
        if (completions.length > 0) completions.push('');
        for (const name of matches) {
          seen.add(name);
          completions.push(prefix + name);
        }
      }
      callback(null, [completions, expression]);
    };
    if (dot === -1) {
      const groups = this.useGlobal ? [] : propertyGroups(this.context);
      groups.push(...propertyGroups(globalThis), kKeywords);
      finish(groups, '');
      return;
    }
    const object = expression.slice(0, dot).replace(/\?$/, '');
    const prefix = expression.slice(0, dot + 1);
    if (/^\d/.test(object)) {
      callback(null, [[], expression]);
      return;
    }
    // A failing expression completes to nothing rather than reporting its error.
    this.eval(`try { ${object} } catch {}\n`, this.context, 'repl', (error, value) => {
      finish(error ? [] : propertyGroups(value), prefix);
    });
  }
}

// As in Node, `REPLServer(...)` without `new` constructs one too.
function REPLServer(prompt, stream, evalFunction, useGlobal, ignoreUndefined, replMode) {
  return Reflect.construct(REPLServerBase,
    [prompt, stream, evalFunction, useGlobal, ignoreUndefined, replMode], new.target ?? REPLServer);
}
REPLServer.prototype = REPLServerBase.prototype;
Object.defineProperty(REPLServer.prototype, 'constructor', {
  configurable: true, writable: true, enumerable: false, value: REPLServer,
});
Object.setPrototypeOf(REPLServer, Interface);

const deprecateStreams = (fn) => require('util').deprecate(fn,
  'repl.inputStream and repl.outputStream are deprecated. Use repl.input and repl.output instead',
  'DEP0141');
Object.defineProperties(REPLServer.prototype, {
  inputStream: {
    configurable: true,
    get: deprecateStreams(function inputStream() { return this.input; }),
    set: deprecateStreams(function inputStream(stream) { this.input = stream; }),
  },
  outputStream: {
    configurable: true,
    get: deprecateStreams(function outputStream() { return this.output; }),
    set: deprecateStreams(function outputStream(stream) { this.output = stream; }),
  },
});

function start(prompt, source, evalFunction, useGlobal, ignoreUndefined, replMode) {
  return new REPLServer(prompt, source, evalFunction, useGlobal, ignoreUndefined, replMode);
}

module.exports = {
  start,
  REPLServer,
  Recoverable,
  REPL_MODE_SLOPPY,
  REPL_MODE_STRICT,
  writer,
  builtinModules,
};

Object.defineProperty(module.exports, '_builtinLibs', {
  enumerable: false,
  configurable: true,
  get: require('util').deprecate(() => builtinModules,
    'repl._builtinLibs is deprecated. Check module.builtinModules instead', 'DEP0142'),
});
