// internal/readline/interface — the readline Interface shared by node:readline and
// node:readline/promises: reads lines from any Readable ('line' events, question/prompt,
// pause/resume, close, async iteration over lines). With `terminal: true` it puts the
// input in raw mode, reads key presses and edits the line itself (cursor movement, deletion,
// history with up/down, Tab completion through `completer`, Ctrl+C as 'SIGINT'), echoing
// to `output` with ANSI sequences; otherwise it splits the input on \n, \r\n and \r.

const EventEmitter = require('events');
const { kFirstEventParam } = require('internal/events/symbols');
const {
  codes: { ERR_INVALID_ARG_VALUE, ERR_USE_AFTER_CLOSE },
  validateAbortSignal, validateString, validateUint32,
} = require('internal/errors');
const {
  kClearScreenDown, cursorToSequence, moveCursorSequence,
} = require('internal/readline/callbacks');
const { emitKeypressEvents, kEscapeCodeTimeout } = require('internal/readline/emit_keypress');
const { getStringWidth, stripVTControlCharacters } = require('internal/util/terminal');

const kHistorySize = 30;
const kMinCrlfDelay = 100;
const kLineEnding = /\r?\n|\r(?!\n)/g;

const kQuestionCallback = Symbol('kQuestionCallback');
const kOldPrompt = Symbol('kOldPrompt');
const kLineBuffer = Symbol('kLineBuffer');
const kSawReturnAt = Symbol('kSawReturnAt');
const kDecoder = Symbol('kDecoder');
const kLineStream = Symbol('kLineStream');
const kDetach = Symbol('kDetach');
const kPreviousKey = Symbol('kPreviousKey');
const kHistorySearch = Symbol('kHistorySearch');

function commonPrefix(strings) {
  if (strings.length === 0) return '';
  let prefix = strings[0];
  for (const string of strings) {
    while (!string.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}

class Interface extends EventEmitter {
  constructor(input, output, completer, terminal) {
    super();
    const options = input?.input ? input : { input, output, completer, terminal };
    ({ input, output, completer, terminal } = options);
    if (terminal === undefined && !(output === null || output === undefined)) {
      terminal = Boolean(output.isTTY);
    }
    const historySize = options.historySize ?? kHistorySize;
    if (typeof historySize !== 'number' || Number.isNaN(historySize) || historySize < 0) {
      throw new ERR_INVALID_ARG_VALUE.RangeError('historySize', historySize);
    }
    if (completer !== undefined && typeof completer !== 'function') {
      throw new ERR_INVALID_ARG_VALUE('completer', completer);
    }
    if (options.tabSize !== undefined) validateUint32(options.tabSize, 'tabSize', true);
    const escapeCodeTimeout = options.escapeCodeTimeout === undefined ?
      kEscapeCodeTimeout : options.escapeCodeTimeout;
    if (!Number.isFinite(escapeCodeTimeout)) {
      throw new ERR_INVALID_ARG_VALUE('input.escapeCodeTimeout', escapeCodeTimeout);
    }
    if (options.signal !== undefined) validateAbortSignal(options.signal, 'options.signal');
    const history = options.history ?? [];
    if (!Array.isArray(history)) {
      throw new (require('internal/errors').codes.ERR_INVALID_ARG_TYPE)('history', 'Array', history);
    }

    this.input = input;
    this.output = output;
    this.completer = completer;
    this.terminal = Boolean(terminal);
    this.historySize = historySize;
    this.history = history;
    this.removeHistoryDuplicates = Boolean(options.removeHistoryDuplicates);
    this.crlfDelay = options.crlfDelay ? Math.max(kMinCrlfDelay, options.crlfDelay) : kMinCrlfDelay;
    this.tabSize = options.tabSize ?? 8;
    this.escapeCodeTimeout = escapeCodeTimeout;
    this.closed = false;
    this.paused = false;
    this.line = '';
    this.cursor = 0;
    // How many rows below the line's first the cursor is (for a line wider than the terminal).
    this.prevRows = 0;
    this.historyIndex = -1;
    // What was typed before Up or Down started a walk through the history, while it lasts.
    this[kHistorySearch] = null;
    this._prompt = options.prompt === undefined ? '> ' : options.prompt;
    this[kQuestionCallback] = null;
    this[kOldPrompt] = null;
    this[kLineBuffer] = '';
    this[kSawReturnAt] = 0;
    const { StringDecoder } = require('string_decoder');
    this[kDecoder] = new StringDecoder('utf8');

    const onData = (data) => this.#normalWrite(data);
    // At the end of input, the unterminated last line (the line being edited, on a
    // terminal) still counts as a line.
    const onEnd = () => {
      if (this.terminal) {
        if (this.line.length > 0) this.emit('line', this.line);
      } else {
        const rest = this[kLineBuffer] + this[kDecoder].end();
        this[kLineBuffer] = '';
        if (rest.length > 0) this.#onLine(rest);
      }
      this.close();
    };
    const onKeypress = (s, key) => this._ttyWrite(s, key);
    const onError = (error) => this.emit('error', error);
    input.on('error', onError);
    if (this.terminal) {
      emitKeypressEvents(input, this);
      input.on('keypress', onKeypress);
      input.on('end', onEnd);
      this.#setRawMode(true);
    } else {
      input.on('data', onData);
      input.on('end', onEnd);
    }
    this[kDetach] = () => {
      input.removeListener('error', onError);
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.removeListener('keypress', onKeypress);
    };

    const { signal } = options;
    if (signal !== undefined) {
      if (signal.aborted) {
        process.nextTick(() => this.close());
      } else {
        const onAbort = () => this.close();
        signal.addEventListener('abort', onAbort, { once: true });
        this.once('close', () => signal.removeEventListener('abort', onAbort));
      }
    }
    input.resume();
  }

  get columns() {
    return this.output && this.output.columns ? this.output.columns : Infinity;
  }

  setPrompt(prompt) {
    this._prompt = prompt;
  }

  getPrompt() {
    return this._prompt;
  }

  #writeToOutput(text) {
    validateString(text, 'stringToWrite');
    if (this.output !== null && this.output !== undefined) this.output.write(text);
  }

  #setRawMode(mode) {
    if (typeof this.input.setRawMode === 'function') this.input.setRawMode(mode);
  }

  prompt(preserveCursor) {
    if (this.paused) this.resume();
    if (this.terminal) {
      if (!preserveCursor) this.cursor = 0;
      this.#refreshLine();
    } else {
      this.#writeToOutput(this._prompt);
    }
  }

  question(query, options, callback) {
    if (typeof options === 'function') {
      callback = options;
      options = {};
    }
    options ??= {};
    if (this.closed) throw new ERR_USE_AFTER_CLOSE('readline');
    const { signal } = options;
    if (signal !== undefined) {
      validateAbortSignal(signal, 'options.signal');
      if (signal.aborted) return;
      const onAbort = () => this.#cancelQuestion();
      signal.addEventListener('abort', onAbort, { once: true });
      const original = callback;
      callback = (answer) => {
        signal.removeEventListener('abort', onAbort);
        original(answer);
      };
    }
    if (typeof callback !== 'function') return;
    if (this[kQuestionCallback]) {
      this.prompt();
      return;
    }
    this[kOldPrompt] = this._prompt;
    this.setPrompt(query);
    this[kQuestionCallback] = callback;
    this.prompt();
  }

  #cancelQuestion() {
    if (this[kQuestionCallback] === null) return;
    this[kQuestionCallback] = null;
    this.setPrompt(this[kOldPrompt]);
    this.clearLine();
  }

  #onLine(line) {
    const callback = this[kQuestionCallback];
    if (callback) {
      this[kQuestionCallback] = null;
      this.setPrompt(this[kOldPrompt]);
      callback(line);
    } else {
      this.emit('line', line);
    }
  }

  #normalWrite(data) {
    if (data === undefined) return;
    let string = typeof data === 'string' ? data : this[kDecoder].write(data);
    if (this[kSawReturnAt] && Date.now() - this[kSawReturnAt] <= this.crlfDelay) {
      if (string.codePointAt(0) === 10) string = string.slice(1);
      this[kSawReturnAt] = 0;
    }
    string = this[kLineBuffer] + string;
    const lines = string.split(kLineEnding);
    this[kLineBuffer] = lines.pop();
    if (lines.length > 0) this[kSawReturnAt] = string.endsWith('\r') ? Date.now() : 0;
    for (const line of lines) {
      if (this.closed) break;
      this.#onLine(line);
    }
  }

  pause() {
    if (this.paused) return this;
    this.input.pause();
    this.paused = true;
    this.emit('pause');
    return this;
  }

  resume() {
    if (!this.paused) return this;
    this.input.resume();
    this.paused = false;
    this.emit('resume');
    return this;
  }

  write(data, key) {
    if (this.closed) throw new ERR_USE_AFTER_CLOSE('readline');
    if (this.paused) this.resume();
    if (this.terminal) {
      this._ttyWrite(data, key);
    } else {
      this.#normalWrite(data);
    }
  }

  close() {
    if (this.closed) return;
    this.pause();
    if (this.terminal) this.#setRawMode(false);
    this[kDetach]();
    this.closed = true;
    this.emit('close');
  }

  [Symbol.dispose ?? Symbol.for('nodejs.dispose')]() {
    this.close();
  }

  getCursorPos() {
    return this.#displayPos(this._prompt + this.line.slice(0, this.cursor));
  }

  // Where `text` written from the start of a row leaves the cursor: rows down and column,
  // for the terminal's width (tabs stop every `tabSize` columns, a wide character does not
  // straddle the edge, each \n starts a new row).
  #displayPos(text) {
    const columns = this.columns;
    let rows = 0;
    let offset = 0;
    for (const char of stripVTControlCharacters(text)) {
      if (char === '\n') {
        rows += Math.ceil(offset / columns) || 1;
        offset = 0;
      } else if (char === '\t') {
        offset += this.tabSize - (offset % this.tabSize);
      } else {
        const width = getStringWidth(char, false);
        if (width === 2 && (offset + 1) % columns === 0) offset++;
        offset += width;
      }
    }
    const cols = offset % columns;
    return { rows: rows + (offset - cols) / columns, cols };
  }

  clearLine() {
    this.#moveCursorTo(this.line.length);
    this.#writeToOutput('\r\n');
    this.line = '';
    this.cursor = 0;
    this.prevRows = 0;
  }

  // Redraws the prompt and line from the row the line starts on (which `prevRows` tells),
  // then puts the cursor back where it was within the line.
  #refreshLine() {
    const line = this._prompt + this.line;
    const end = this.#displayPos(line);
    const cursor = this.getCursorPos();
    if (this.prevRows > 0) this.#writeToOutput(moveCursorSequence(0, -this.prevRows));
    // Separate writes, as Node's: output streams see the escapes apart from the text.
    this.#writeToOutput(cursorToSequence(0));
    this.#writeToOutput(kClearScreenDown);
    this.#writeToOutput(line);
    // A line that fills its last row exactly needs a character to make the terminal wrap.
    if (end.cols === 0) this.#writeToOutput(' ');
    this.#writeToOutput(cursorToSequence(cursor.cols));
    if (end.rows > cursor.rows) this.#writeToOutput(moveCursorSequence(0, cursor.rows - end.rows));
    this.prevRows = cursor.rows;
  }

  #moveCursorTo(position) {
    const target = Math.max(0, Math.min(this.line.length, position));
    const dx = target - this.cursor;
    this.cursor = target;
    if (dx !== 0) this.#writeToOutput(moveCursorSequence(dx, 0));
  }

  #insertString(text) {
    this.line = this.line.slice(0, this.cursor) + text + this.line.slice(this.cursor);
    this.cursor += text.length;
    if (this.cursor === this.line.length) {
      this.#writeToOutput(text);
    } else {
      this.#refreshLine();
    }
  }

  #deleteRange(from, to) {
    if (from >= to) return;
    this.line = this.line.slice(0, from) + this.line.slice(to);
    this.cursor = from;
    this.#refreshLine();
  }

  // Word boundaries as Node's readline has them: a run of word characters or of
  // punctuation, with the whitespace next to it.
  #wordLeft() {
    const reversed = [...this.line.slice(0, this.cursor)].reverse().join('');
    return this.cursor - /^\s*(?:[^\w\s]+|\w+)?/.exec(reversed)[0].length;
  }

  #wordRight() {
    const match = /^(?:\s+|[^\w\s]+|\w+)\s*/.exec(this.line.slice(this.cursor));
    return this.cursor + (match === null ? 0 : match[0].length);
  }

  #addHistory() {
    const line = this.line;
    if (line.length === 0 || this.historySize === 0) return line;
    if (this.history[0] !== line) {
      if (this.removeHistoryDuplicates) {
        const index = this.history.indexOf(line);
        if (index !== -1) this.history.splice(index, 1);
      }
      this.history.unshift(line);
      if (this.history.length > this.historySize) this.history.pop();
      this.emit('history', this.history);
    }
    this.historyIndex = -1;
    return line;
  }

  // Node's legacy underscore methods, which the REPL (and user code) override or call.
  _historyPrev() {
    this.#historyStep(1);
  }

  _historyNext() {
    this.#historyStep(-1);
  }

  _refreshLine() {
    this.#refreshLine();
  }

  _writeToOutput(text) {
    this.#writeToOutput(text);
  }

  // Moves through the history (1: older, -1: newer) to the next entry that starts with what
  // was typed before the first Up or Down and differs from the line shown; past either end,
  // the line is what was typed.
  #historyStep(direction) {
    if (direction > 0 ?
      this.history.length === 0 || this.historyIndex >= this.history.length :
      this.historyIndex < 0) {
      return;
    }
    const search = this[kHistorySearch] ?? '';
    let index = this.historyIndex + direction;
    while (index >= 0 && index < this.history.length &&
           (!this.history[index].startsWith(search) || this.history[index] === this.line)) {
      index += direction;
    }
    this.line = index === -1 || index === this.history.length ? search : this.history[index];
    this.historyIndex = index;
    this.cursor = this.line.length;
    this.#refreshLine();
  }

  #submitLine() {
    const line = this.#addHistory();
    this.clearLine();
    this.#onLine(line);
  }

  // Tab completion: inserts the part common to every completion; on a second Tab in a
  // row with nothing left to insert, lists the completions in columns under the line.
  #complete(lastKeyWasTab) {
    const { completer } = this;
    const apply = (error, result) => {
      if (error || !Array.isArray(result) || this.closed) return;
      this.#applyCompletions(lastKeyWasTab, result[0], result[1]);
    };
    const before = this.line.slice(0, this.cursor);
    if (completer.length === 2) {
      completer(before, apply);
    } else {
      Promise.resolve().then(() => completer(before)).then((r) => apply(null, r), apply);
    }
  }

  #applyCompletions(lastKeyWasTab, completions, completeOn) {
    if (!completions || completions.length === 0) return;
    const prefix = commonPrefix(completions.filter((c) => c !== ''));
    if (prefix.startsWith(completeOn) && prefix.length > completeOn.length) {
      this.#insertString(prefix.slice(completeOn.length));
      return;
    }
    if (!completeOn.startsWith(prefix)) {
      const start = this.cursor - completeOn.length;
      this.line = this.line.slice(0, start) + prefix + this.line.slice(this.cursor);
      this.cursor = start + prefix.length;
      this.#refreshLine();
      return;
    }
    if (!lastKeyWasTab) return;
    const widths = completions.map((c) => getStringWidth(c));
    const width = Math.max(...widths) + 2;
    const columns = Math.floor(this.columns / width);
    const perRow = columns > 0 && columns !== Infinity ? columns : 1;
    let output = '\r\n';
    let inRow = 0;
    let padding = 0;
    for (let i = 0; i < completions.length; i++) {
      if (completions[i] === '' || inRow === perRow) {
        output += '\r\n';
        inRow = 0;
        padding = 0;
      } else {
        output += ' '.repeat(padding);
      }
      if (completions[i] === '') {
        output += '\r\n';
      } else {
        output += completions[i];
        padding = width - widths[i];
        inRow++;
      }
    }
    if (inRow !== 0) output += '\r\n\r\n';
    this.#writeToOutput(output);
    this.#refreshLine();
  }

  // One key press of a terminal; subclasses (the REPL) override it to handle keys first.
  _ttyWrite(s, key) {
    const lastKeyWasTab = this[kPreviousKey]?.name === 'tab';
    this[kPreviousKey] = key;
    this.#ttyWrite(s, key, lastKeyWasTab);
  }

  #ttyWrite(s, key, lastKeyWasTab) {
    key ??= {};
    if ((key.name === 'up' || key.name === 'down') && !key.ctrl && !key.meta && !key.shift) {
      this[kHistorySearch] ??= this.line.slice(0, this.cursor);
    } else if (this[kHistorySearch] !== null) {
      this[kHistorySearch] = null;
      if (this.historyIndex === this.history.length) this.historyIndex = -1;
    }
    if (key.name === 'escape') return;
    if (key.ctrl && key.shift) return;
    if (key.ctrl) {
      switch (key.name) {
        case 'c':
          if (this.listenerCount('SIGINT') > 0) {
            this.emit('SIGINT');
          } else {
            this.close();
          }
          return;
        case 'd':
          if (this.cursor === 0 && this.line.length === 0) {
            this.close();
          } else {
            this.#deleteRange(this.cursor, this.cursor + 1);
          }
          return;
        case 'h': this.#deleteRange(this.cursor - 1, this.cursor); return;
        case 'u': this.#deleteRange(0, this.cursor); return;
        case 'k': this.#deleteRange(this.cursor, this.line.length); return;
        case 'w':
        case 'backspace': this.#deleteRange(this.#wordLeft(), this.cursor); return;
        case 'delete': this.#deleteRange(this.cursor, this.#wordRight()); return;
        case 'a': this.#moveCursorTo(0); return;
        case 'e': this.#moveCursorTo(this.line.length); return;
        case 'b': this.#moveCursorTo(this.cursor - 1); return;
        case 'f': this.#moveCursorTo(this.cursor + 1); return;
        case 'l':
          this.#writeToOutput(`${cursorToSequence(0, 0)}${kClearScreenDown}`);
          this.#refreshLine();
          return;
        case 'n': this._historyNext(); return;
        case 'p': this._historyPrev(); return;
        case 'left': this.#moveCursorTo(this.#wordLeft()); return;
        case 'right': this.#moveCursorTo(this.#wordRight()); return;
        default: return;
      }
    }
    if (key.meta) {
      switch (key.name) {
        case 'b': this.#moveCursorTo(this.#wordLeft()); return;
        case 'f': this.#moveCursorTo(this.#wordRight()); return;
        case 'd': this.#deleteRange(this.cursor, this.#wordRight()); return;
        case 'backspace': this.#deleteRange(this.#wordLeft(), this.cursor); return;
        default: return;
      }
    }
    switch (key.name) {
      case 'return':
        this[kSawReturnAt] = Date.now();
        this.#submitLine();
        return;
      case 'enter':
        if (this[kSawReturnAt] === 0 || Date.now() - this[kSawReturnAt] > this.crlfDelay) {
          this.#submitLine();
        }
        this[kSawReturnAt] = 0;
        return;
      case 'backspace': this.#deleteRange(this.cursor - 1, this.cursor); return;
      case 'delete': this.#deleteRange(this.cursor, this.cursor + 1); return;
      case 'left': this.#moveCursorTo(this.cursor - 1); return;
      case 'right': this.#moveCursorTo(this.cursor + 1); return;
      case 'home': this.#moveCursorTo(0); return;
      case 'end': this.#moveCursorTo(this.line.length); return;
      case 'up': this._historyPrev(); return;
      case 'down': this._historyNext(); return;
      case 'tab':
        if (typeof this.completer === 'function') {
          this.#complete(lastKeyWasTab);
          return;
        }
        break;
      default:
        break;
    }
    if (typeof s !== 'string' || s.length === 0) return;
    if (/[\r\n]/.test(s)) {
      for (const [i, part] of s.split(/\r\n|\n|\r/).entries()) {
        if (i > 0) this.#submitLine();
        if (part) this.#insertString(part);
      }
      return;
    }
    this.#insertString(s);
  }

  // Lines as an async iterator that ends at 'close'; it pauses the input while 1024 lines
  // wait unread.
  [Symbol.asyncIterator]() {
    if (this[kLineStream] === undefined) {
      this[kLineStream] = EventEmitter.on(this, 'line', {
        close: ['close'],
        highWaterMark: 1024,
        [kFirstEventParam]: true,
      });
    }
    return this[kLineStream];
  }
}

module.exports = { Interface };
