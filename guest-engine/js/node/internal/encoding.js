// internal/encoding — WHATWG `TextEncoder` and `TextDecoder` (utf-8, utf-16le, latin1 /
// windows-1252), with `fatal`, `ignoreBOM` and streaming decode.

const encoding = binding('encoding');

class TextEncoder {
  get encoding() {
    return 'utf-8';
  }

  encode(input = '') {
    return encoding.utf8Encode(`${input}`.toWellFormed());
  }

  encodeInto(source, destination) {
    const bytes = encoding.utf8Encode(`${source}`.toWellFormed());
    let written = bytes.length <= destination.length ? bytes.length : destination.length;
    // Never split a UTF-8 sequence: back off to the last character boundary.
    while (written > 0 && written < bytes.length && (bytes[written] & 0xc0) === 0x80) written--;
    destination.set(bytes.subarray(0, written));
    const read = new TextDecoder().decode(bytes.subarray(0, written)).length;
    return { read, written };
  }

  get [Symbol.toStringTag]() {
    return 'TextEncoder';
  }
}

const LABELS = new Map([
  ['utf-8', 'utf-8'], ['utf8', 'utf-8'], ['unicode-1-1-utf-8', 'utf-8'],
  ['utf-16le', 'utf-16le'], ['utf-16', 'utf-16le'], ['ucs-2', 'utf-16le'],
  ['unicode', 'utf-16le'], ['csunicode', 'utf-16le'], ['iso-10646-ucs-2', 'utf-16le'],
  ['unicodefeff', 'utf-16le'],
  ['latin1', 'windows-1252'], ['iso-8859-1', 'windows-1252'], ['ascii', 'windows-1252'],
  ['us-ascii', 'windows-1252'], ['windows-1252', 'windows-1252'], ['l1', 'windows-1252'],
  ['iso8859-1', 'windows-1252'], ['cp1252', 'windows-1252'], ['x-cp1252', 'windows-1252'],
]);

// Bytes 0x80–0x9f of windows-1252 that are not the Latin-1 code points.
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039,
  0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function toBytes(input) {
  if (input === undefined) return new Uint8Array(0);
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (input instanceof ArrayBuffer || Object.prototype.toString.call(input) === '[object SharedArrayBuffer]') {
    return new Uint8Array(input);
  }
  const { codes } = require('internal/errors');
  throw new codes.ERR_INVALID_ARG_TYPE('input', ['ArrayBuffer', 'ArrayBufferView'], input);
}

// How many bytes at the end of `bytes` form an incomplete UTF-8 sequence.
function incompleteUtf8Tail(bytes) {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const byte = bytes[n - back];
    if ((byte & 0xc0) !== 0x80) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      return needed > back ? back : 0;
    }
  }
  return 0;
}

class TextDecoder {
  constructor(label = 'utf-8', options = {}) {
    // Labels are matched without leading and trailing ASCII whitespace only.
    const normalized = LABELS.get(`${label}`.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '')
      .toLowerCase());
    if (normalized === undefined) {
      const { codes } = require('internal/errors');
      throw new codes.ERR_ENCODING_NOT_SUPPORTED(label);
    }
    this._encoding = normalized;
    this._fatal = Boolean(options && options.fatal);
    this._ignoreBOM = Boolean(options && options.ignoreBOM);
    this._pending = null;
    this._bomSeen = false;
  }

  get encoding() {
    return this._encoding;
  }

  get fatal() {
    return this._fatal;
  }

  get ignoreBOM() {
    return this._ignoreBOM;
  }

  decode(input, options = {}) {
    let bytes = toBytes(input);
    const stream = Boolean(options && options.stream);
    if (this._pending !== null) {
      const joined = new Uint8Array(this._pending.length + bytes.length);
      joined.set(this._pending);
      joined.set(bytes, this._pending.length);
      bytes = joined;
      this._pending = null;
    }
    let text;
    if (this._encoding === 'utf-8') {
      if (stream) {
        const tail = incompleteUtf8Tail(bytes);
        if (tail > 0) {
          this._pending = bytes.slice(bytes.length - tail);
          bytes = bytes.subarray(0, bytes.length - tail);
        }
      }
      const skipBom = this._ignoreBOM || this._bomSeen;
      try {
        text = encoding.utf8Decode(bytes, this._fatal, skipBom);
      } catch {
        const { codes } = require('internal/errors');
        throw new codes.ERR_ENCODING_INVALID_ENCODED_DATA(this._encoding);
      }
    } else if (this._encoding === 'utf-16le') {
      if (bytes.length % 2 === 1) {
        if (stream) {
          this._pending = bytes.slice(bytes.length - 1);
          bytes = bytes.subarray(0, bytes.length - 1);
        } else if (this._fatal) {
          const { codes } = require('internal/errors');
          throw new codes.ERR_ENCODING_INVALID_ENCODED_DATA(this._encoding);
        }
      }
      let out = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
      if (bytes.length % 2 === 1) out += '\ufffd';
      text = !this._ignoreBOM && !this._bomSeen && out.charCodeAt(0) === 0xfeff ? out.slice(1) : out;
    } else {
      let out = '';
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i];
        out += String.fromCharCode(b >= 0x80 && b <= 0x9f ? WINDOWS_1252_HIGH[b - 0x80] : b);
      }
      text = out;
    }
    this._bomSeen = stream && (this._bomSeen || bytes.length > 0);
    return text;
  }

  get [Symbol.toStringTag]() {
    return 'TextDecoder';
  }
}

module.exports = { TextEncoder, TextDecoder };
