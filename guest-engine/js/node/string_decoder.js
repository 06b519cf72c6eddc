// node:string_decoder — StringDecoder with Node 22 semantics.
//
// Node decodes in C++ (src/string_decoder.cc); this is the same algorithm in
// JavaScript, including its handling of characters split across write()
// calls and of invalid input. The decoder state lives in a 7-byte Buffer
// with Node's layout, so `lastChar`, `lastNeed`, `lastTotal` and
// util.inspect() look as they do in Node. Bytes become text through
// Buffer#toString, loaded lazily from `buffer`.

const kNativeDecoder = Symbol('kNativeDecoder');

// Layout of the state buffer.
const kIncompleteCharactersStart = 0;
const kIncompleteCharactersEnd = 4;
const kMissingBytes = 4;
const kBufferedBytes = 5;
const kEncodingField = 6;
const kSize = 7;

// Node's numbering of encodings (enum encoding in node.h).
const ENCODING_IDS = {
  __proto__: null,
  ascii: 0,
  utf8: 1,
  base64: 2,
  utf16le: 3,
  latin1: 4,
  hex: 5,
  base64url: 7,
};
const ENCODING_NAMES = [];
for (const name of Object.keys(ENCODING_IDS)) ENCODING_NAMES[ENCODING_IDS[name]] = name;

const ENCODING_ALIASES = {
  __proto__: null,
  'utf8': 'utf8',
  'utf-8': 'utf8',
  'ucs2': 'utf16le',
  'ucs-2': 'utf16le',
  'utf16le': 'utf16le',
  'utf-16le': 'utf16le',
  'latin1': 'latin1',
  'binary': 'latin1',
  'base64': 'base64',
  'base64url': 'base64url',
  'hex': 'hex',
  'ascii': 'ascii',
};

function errorCodes() {
  return require('internal/errors').codes;
}

function normalizeEncoding(encoding) {
  if (encoding == null || encoding === '') return 'utf8';
  const name = typeof encoding === 'string' ? ENCODING_ALIASES[encoding.toLowerCase()] : undefined;
  if (name === undefined) {
    const { ERR_UNKNOWN_ENCODING } = errorCodes();
    throw new ERR_UNKNOWN_ENCODING(encoding);
  }
  return name;
}

// A Buffer over the bytes of any ArrayBufferView, without copying.
function bytesOf(view) {
  const { Buffer } = require('buffer');
  if (Buffer.isBuffer(view)) return view;
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

// Appends data[start, end) to the incomplete character kept in `state`.
function bufferBytes(state, data, start, end) {
  state.set(data.subarray(start, end), state[kBufferedBytes]);
  state[kBufferedBytes] += end - start;
}

function decode(state, data) {
  const encoding = ENCODING_NAMES[state[kEncodingField]];
  if (encoding !== 'utf8' && encoding !== 'utf16le' &&
      encoding !== 'base64' && encoding !== 'base64url') {
    return data.toString(encoding); // no character spans two bytes
  }

  let start = 0;
  let end = data.length;
  let prefix = '';

  // First finish the character left incomplete by the previous chunk.
  if (state[kMissingBytes] > 0) {
    if (encoding === 'utf8') {
      // A byte that should continue the character but does not ends it
      // early: the new byte starts the next character instead.
      for (let i = 0; i < end && i < state[kMissingBytes]; i++) {
        if ((data[i] & 0xC0) !== 0x80) {
          state[kMissingBytes] = 0;
          bufferBytes(state, data, 0, i);
          start = i;
          break;
        }
      }
    }
    const found = Math.min(end - start, state[kMissingBytes]);
    bufferBytes(state, data, start, start + found);
    start += found;
    state[kMissingBytes] -= found;
    if (state[kMissingBytes] === 0) {
      prefix = state.toString(encoding, kIncompleteCharactersStart, state[kBufferedBytes]);
      state[kBufferedBytes] = 0;
    }
  }
  if (start === end) return prefix;

  // Then hold back a character cut off at the end of this chunk.
  if (encoding === 'utf8') {
    if (data[end - 1] & 0x80) holdBackUtf8(state, data, start, end);
  } else if (encoding === 'utf16le') {
    if ((end - start) % 2 === 1) {
      state[kBufferedBytes] = 1; // half a code unit
      state[kMissingBytes] = 1;
    } else if ((data[end - 1] & 0xFC) === 0xD8) {
      state[kBufferedBytes] = 2; // a high surrogate
      state[kMissingBytes] = 2;
    }
  } else {
    // base64 and base64url encode whole groups of three bytes.
    state[kBufferedBytes] = (end - start) % 3;
    if (state[kBufferedBytes] > 0) state[kMissingBytes] = 3 - state[kBufferedBytes];
  }

  const held = state[kBufferedBytes];
  if (held > 0) {
    end -= held;
    state.set(data.subarray(end, end + held), kIncompleteCharactersStart);
  }
  return end > start ? prefix + data.toString(encoding, start, end) : prefix;
}

// Finds where the UTF-8 character ending data[start, end) begins and, if it
// is incomplete, records how many bytes it has and how many it lacks.
// Complete or invalid sequences are left for the UTF-8 decoder.
function holdBackUtf8(state, data, start, end) {
  let count = 0;
  for (let i = end - 1; ; i--) {
    count++;
    const byte = data[i];
    if ((byte & 0xC0) === 0x80) {
      // A continuation byte: keep looking for the lead byte, but no
      // character has more than three of them.
      if (count >= 4 || i === start) return;
      continue;
    }
    let length;
    if ((byte & 0xE0) === 0xC0) length = 2;
    else if ((byte & 0xF0) === 0xE0) length = 3;
    else if ((byte & 0xF8) === 0xF0) length = 4;
    else return; // not a lead byte of a representable character
    if (count < length) {
      state[kBufferedBytes] = count;
      state[kMissingBytes] = length - count;
    }
    return;
  }
}

// Returns whatever is still held as a (possibly invalid) character and
// resets the state. A lone odd byte of UTF-16 is dropped.
function flush(state) {
  const encoding = ENCODING_NAMES[state[kEncodingField]];
  if (encoding === 'utf16le' && state[kBufferedBytes] % 2 === 1) {
    state[kMissingBytes]--;
    state[kBufferedBytes]--;
  }
  if (state[kBufferedBytes] === 0) return '';
  const text = state.toString(encoding, kIncompleteCharactersStart, state[kBufferedBytes]);
  state[kMissingBytes] = 0;
  state[kBufferedBytes] = 0;
  return text;
}

function StringDecoder(encoding) {
  const { Buffer } = require('buffer');
  this.encoding = normalizeEncoding(encoding);
  this[kNativeDecoder] = Buffer.alloc(kSize);
  this[kNativeDecoder][kEncodingField] = ENCODING_IDS[this.encoding];
}

// Decodes `buf`, holding back a trailing incomplete multi-byte character
// until the next write() or end().
StringDecoder.prototype.write = function write(buf) {
  if (typeof buf === 'string') return buf;
  if (!ArrayBuffer.isView(buf)) {
    const { ERR_INVALID_ARG_TYPE } = errorCodes();
    throw new ERR_INVALID_ARG_TYPE('buf', ['Buffer', 'TypedArray', 'DataView'], buf);
  }
  if (!this[kNativeDecoder]) {
    const { ERR_INVALID_THIS } = errorCodes();
    throw new ERR_INVALID_THIS('StringDecoder');
  }
  return decode(this[kNativeDecoder], bytesOf(buf));
};

// Decodes `buf` if given, then flushes any incomplete character; the
// decoder can be reused afterwards.
StringDecoder.prototype.end = function end(buf) {
  let ret = '';
  if (buf !== undefined) ret = this.write(buf);
  if (this[kNativeDecoder][kBufferedBytes] > 0) ret += flush(this[kNativeDecoder]);
  return ret;
};

// Undocumented legacy API: forget the held bytes and decode buf from offset.
StringDecoder.prototype.text = function text(buf, offset) {
  this[kNativeDecoder][kMissingBytes] = 0;
  this[kNativeDecoder][kBufferedBytes] = 0;
  return this.write(buf.slice(offset));
};

Object.defineProperties(StringDecoder.prototype, {
  lastChar: {
    __proto__: null,
    configurable: true,
    enumerable: true,
    get() {
      return this[kNativeDecoder].subarray(kIncompleteCharactersStart, kIncompleteCharactersEnd);
    },
  },
  lastNeed: {
    __proto__: null,
    configurable: true,
    enumerable: true,
    get() {
      return this[kNativeDecoder][kMissingBytes];
    },
  },
  lastTotal: {
    __proto__: null,
    configurable: true,
    enumerable: true,
    get() {
      return this[kNativeDecoder][kBufferedBytes] + this[kNativeDecoder][kMissingBytes];
    },
  },
});

exports.StringDecoder = StringDecoder;
