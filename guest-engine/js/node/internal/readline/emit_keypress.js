// internal/readline/emit_keypress — `readline.emitKeypressEvents(stream[, interface])`:
// once something listens for 'keypress' on `stream`, its 'data' is decoded as UTF-8 and
// fed, character by character, to a decoder that recognises key presses (printable
// characters, control keys, Meta+key as ESC key, and the ESC O / ESC [ sequences
// terminals send for arrows, Home/End, Insert/Delete, Page Up/Down, F1-F12 and bracketed
// paste, with their Shift/Meta/Ctrl modifiers). Each is emitted as ('keypress', character
// or undefined for escape sequences, { sequence, name, ctrl, meta, shift, code }). An ESC
// with nothing after it is taken as the Escape key once `interface.escapeCodeTimeout` ms
// (500 by default) pass without more input.

const kEscape = '\x1b';
const kEscapeCodeTimeout = 500;
const kKeypressDecoder = Symbol('keypress-decoder');
const kEscapeDecoder = Symbol('escape-decoder');

// Key names by the code of an escape sequence; `shift`/`ctrl` mark the rxvt codes that
// carry that modifier in the final character instead of a parameter.
const kCodeNames = {
  OP: 'f1', OQ: 'f2', OR: 'f3', OS: 'f4',
  '[11~': 'f1', '[12~': 'f2', '[13~': 'f3', '[14~': 'f4',
  '[P': 'f1', '[Q': 'f2', '[R': 'f3', '[S': 'f4',
  '[[A': 'f1', '[[B': 'f2', '[[C': 'f3', '[[D': 'f4', '[[E': 'f5',
  '[15~': 'f5', '[17~': 'f6', '[18~': 'f7', '[19~': 'f8',
  '[20~': 'f9', '[21~': 'f10', '[23~': 'f11', '[24~': 'f12',
  '[A': 'up', '[B': 'down', '[C': 'right', '[D': 'left', '[E': 'clear', '[F': 'end', '[H': 'home',
  OA: 'up', OB: 'down', OC: 'right', OD: 'left', OE: 'clear', OF: 'end', OH: 'home',
  '[1~': 'home', '[2~': 'insert', '[3~': 'delete', '[4~': 'end',
  '[5~': 'pageup', '[6~': 'pagedown', '[[5~': 'pageup', '[[6~': 'pagedown',
  '[7~': 'home', '[8~': 'end',
  '[200~': 'paste-start', '[201~': 'paste-end',
};
const kShiftCodeNames = {
  '[a': 'up', '[b': 'down', '[c': 'right', '[d': 'left', '[e': 'clear',
  '[2$': 'insert', '[3$': 'delete', '[5$': 'pageup', '[6$': 'pagedown', '[7$': 'home',
  '[8$': 'end', '[Z': 'tab',
};
const kCtrlCodeNames = {
  Oa: 'up', Ob: 'down', Oc: 'right', Od: 'left', Oe: 'clear',
  '[2^': 'insert', '[3^': 'delete', '[5^': 'pageup', '[6^': 'pagedown', '[7^': 'home',
  '[8^': 'end',
};

const isDigit = (ch) => ch >= '0' && ch <= '9';

// Names the key of escape-sequence `code` (`[D`, `OP`, `[20~`, ...) into `key`.
function nameCode(key, code) {
  if (code in kShiftCodeNames) {
    key.name = kShiftCodeNames[code];
    key.shift = true;
  } else if (code in kCtrlCodeNames) {
    key.name = kCtrlCodeNames[code];
    key.ctrl = true;
  } else {
    key.name = kCodeNames[code] ?? 'undefined';
  }
}

// A generator fed one character per next(); '' (from the escape timeout) ends a lone ESC.
function* decodeKeys(stream) {
  while (true) {
    let ch = yield;
    let s = ch;
    let escaped = false;
    const key = { sequence: null, name: undefined, ctrl: false, meta: false, shift: false };

    if (ch === kEscape) {
      escaped = true;
      s += (ch = yield);
      if (ch === kEscape) s += (ch = yield);
    }

    if (escaped && (ch === 'O' || ch === '[')) {
      let code = ch;
      let modifier = 0;
      if (ch === 'O') {
        // ESC O letter, or ESC O modifier letter.
        s += (ch = yield);
        if (isDigit(ch)) {
          modifier = Number(ch) - 1;
          s += (ch = yield);
        }
        code += ch;
      } else {
        // ESC [ letter, ESC [ modifier letter, ESC [ [ letter, ESC [ number[;modifier] ~^$.
        s += (ch = yield);
        if (ch === '[') {
          code += ch;
          s += (ch = yield);
        }
        const commandStart = s.length - 1;
        for (let digits = 0; digits < 3 && isDigit(ch); digits++) s += (ch = yield);
        if (ch === ';') {
          s += (ch = yield);
          if (isDigit(ch)) s += (ch = yield);
        }
        const command = s.slice(commandStart);
        let match;
        if ((match = /^(?:(\d\d?)(?:;(\d))?([~^$])|(\d{3}~))$/.exec(command)) !== null) {
          if (match[4] !== undefined) {
            code += match[4];
          } else {
            code += match[1] + match[3];
            modifier = (Number(match[2]) || 1) - 1;
          }
        } else if ((match = /^(?:(?:\d;)?(\d))?([A-Za-z])$/.exec(command)) !== null) {
          code += match[2];
          modifier = (Number(match[1]) || 1) - 1;
        } else {
          code += command;
        }
      }
      key.ctrl = Boolean(modifier & 4);
      key.meta = Boolean(modifier & 10);
      key.shift = Boolean(modifier & 1);
      key.code = code;
      nameCode(key, code);
    } else if (ch === '\r') {
      key.name = 'return';
      key.meta = escaped;
    } else if (ch === '\n') {
      key.name = 'enter';
      key.meta = escaped;
    } else if (ch === '\t') {
      key.name = 'tab';
      key.meta = escaped;
    } else if (ch === '\b' || ch === '\x7f') {
      key.name = 'backspace';
      key.meta = escaped;
    } else if (ch === kEscape) {
      key.name = 'escape';
      key.meta = escaped;
    } else if (ch === ' ') {
      key.name = 'space';
      key.meta = escaped;
    } else if (!escaped && ch <= '\x1a') {
      key.name = String.fromCharCode(ch.charCodeAt(0) + 'a'.charCodeAt(0) - 1);
      key.ctrl = true;
    } else if (/^[0-9A-Za-z]$/.test(ch)) {
      key.name = ch.toLowerCase();
      key.shift = /^[A-Z]$/.test(ch);
      key.meta = escaped;
    } else if (escaped) {
      key.name = ch.length > 0 ? undefined : 'escape';
      key.meta = true;
    }

    key.sequence = s;
    if (s.length !== 0 && (key.name !== undefined || escaped)) {
      stream.emit('keypress', escaped ? undefined : s, key);
    } else if (s.length !== 0 && String.fromCodePoint(s.codePointAt(0)).length === s.length) {
      stream.emit('keypress', s, key);
    }
  }
}

// Set on the Interface reading the stream: whether the latest input was a single character
// (typed rather than pasted). The REPL's editor mode carries indentation over after typing.
const kSawKeyPress = Symbol('kSawKeyPress');

function emitKeypressEvents(stream, iface = {}) {
  if (stream[kKeypressDecoder]) return;
  const { StringDecoder } = require('string_decoder');
  stream[kKeypressDecoder] = new StringDecoder('utf8');
  stream[kEscapeDecoder] = decodeKeys(stream);
  stream[kEscapeDecoder].next();

  let timeout;
  const escapeTimedOut = () => stream[kEscapeDecoder].next('');

  function onData(input) {
    if (stream.listenerCount('keypress') > 0) {
      const string = stream[kKeypressDecoder].write(input);
      if (!string) return;
      clearTimeout(timeout);
      iface[kSawKeyPress] = String.fromCodePoint(string.codePointAt(0)).length === string.length;
      let length = 0;
      for (const character of string) {
        length += character.length;
        try {
          stream[kEscapeDecoder].next(character);
        } catch (error) {
          // A throwing 'keypress' listener ends the generator: start a fresh one.
          stream[kEscapeDecoder] = decodeKeys(stream);
          stream[kEscapeDecoder].next();
          throw error;
        }
        if (length === string.length && character === kEscape) {
          timeout = setTimeout(escapeTimedOut, iface.escapeCodeTimeout ?? kEscapeCodeTimeout);
        }
      }
    } else {
      stream.removeListener('data', onData);
      stream.on('newListener', onNewListener);
    }
  }

  function onNewListener(event) {
    if (event === 'keypress') {
      stream.on('data', onData);
      stream.removeListener('newListener', onNewListener);
    }
  }

  if (stream.listenerCount('keypress') > 0) {
    stream.on('data', onData);
  } else {
    stream.on('newListener', onNewListener);
  }
}

module.exports = { emitKeypressEvents, kEscapeCodeTimeout, kSawKeyPress };
