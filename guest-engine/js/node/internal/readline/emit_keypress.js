// internal/readline/emit_keypress — `readline.emitKeypressEvents(stream)`: once something
// listens for 'keypress' on `stream`, its 'data' is decoded as UTF-8 and split into key
// presses (printable characters, control keys, and ESC/CSI sequences for arrows, Home/End,
// Delete, Page Up/Down, F1-F12 with their Shift/Meta/Ctrl modifiers), each emitted as
// ('keypress', character or undefined for escape sequences, { sequence, name, ctrl, meta,
// shift, code }).

const kKeypressDecoder = Symbol('keypress-decoder');

const CSI_NAMES = {
  A: 'up', B: 'down', C: 'right', D: 'left', E: 'clear', F: 'end', H: 'home', Z: 'tab',
  P: 'f1', Q: 'f2', R: 'f3', S: 'f4',
};
const TILDE_NAMES = {
  1: 'home', 2: 'insert', 3: 'delete', 4: 'end', 5: 'pageup', 6: 'pagedown', 7: 'home', 8: 'end',
  11: 'f1', 12: 'f2', 13: 'f3', 14: 'f4', 15: 'f5', 17: 'f6', 18: 'f7', 19: 'f8', 20: 'f9',
  21: 'f10', 23: 'f11', 24: 'f12',
};

function plainKey(ch) {
  const key = { sequence: ch, name: undefined, ctrl: false, meta: false, shift: false };
  if (ch === '\r') key.name = 'return';
  else if (ch === '\n') key.name = 'enter';
  else if (ch === '\t') key.name = 'tab';
  else if (ch === '\b' || ch === '\x7f') key.name = 'backspace';
  else if (ch === '\x1b') key.name = 'escape';
  else if (ch === ' ') key.name = 'space';
  else if (ch.length === 1 && ch <= '\x1a') {
    key.name = String.fromCharCode(ch.charCodeAt(0) + 'a'.charCodeAt(0) - 1);
    key.ctrl = true;
  } else if (/^[0-9a-z]$/.test(ch)) {
    key.name = ch;
  } else if (/^[A-Z]$/.test(ch)) {
    key.name = ch.toLowerCase();
    key.shift = true;
  }
  return key;
}

// Parses the escape sequence at `s[i]` (an ESC); returns [key, next index].
function escapeKey(s, i) {
  const match = /^\x1b(?:\[|O|\[\[)([0-9;]*)([A-Za-z~])/.exec(s.slice(i));
  if (match !== null) {
    const [sequence, params, final] = match;
    const parts = params.split(';');
    const modifier = (Number(parts[1] || (final === '~' ? 1 : parts[0] || 1)) || 1) - 1;
    const name = final === '~' ? TILDE_NAMES[parts[0]] : CSI_NAMES[final];
    const key = {
      sequence, name, code: sequence.slice(1),
      ctrl: Boolean(modifier & 4), meta: Boolean(modifier & 10), shift: Boolean(modifier & 1),
    };
    if (final === 'Z') key.shift = true;
    return [key, i + sequence.length];
  }
  if (i + 1 < s.length) {
    const inner = plainKey(s[i + 1]);
    return [{ ...inner, sequence: s.slice(i, i + 2), meta: true }, i + 2];
  }
  return [plainKey('\x1b'), i + 1];
}

function emitKeys(stream, s) {
  let i = 0;
  while (i < s.length) {
    if (s[i] === '\x1b') {
      const [key, next] = escapeKey(s, i);
      const character = key.sequence.length === 1 ? key.sequence : undefined;
      i = next;
      stream.emit('keypress', character, key);
    } else {
      const ch = String.fromCodePoint(s.codePointAt(i));
      i += ch.length;
      stream.emit('keypress', ch, plainKey(ch));
    }
  }
}

function emitKeypressEvents(stream) {
  if (stream[kKeypressDecoder]) return;
  const { StringDecoder } = require('string_decoder');
  stream[kKeypressDecoder] = new StringDecoder('utf8');

  function onData(input) {
    if (stream.listenerCount('keypress') > 0) {
      const string = stream[kKeypressDecoder].write(input);
      if (string) emitKeys(stream, string);
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

module.exports = { emitKeypressEvents };
