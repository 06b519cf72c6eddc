// node:buffer — Node 22's `buffer` module, written in plain JavaScript for QuickJS-NG.
//
// This file owns:
//   - `Buffer`, built the way Node builds it: `FastBuffer extends Uint8Array`, and
//     `Buffer.prototype === FastBuffer.prototype`, so every Buffer is a Uint8Array;
//   - the static API (`from`, `alloc*`, `concat`, `compare`, `byteLength`, ...) and the
//     8 KiB allocation pool behind `allocUnsafe` and small `from()` calls;
//   - every prototype method, including the numeric readers/writers and the
//     `*Slice`/`*Write` encoding primitives that Node implements in C++;
//   - the codecs for utf8, utf16le (ucs2), latin1 (binary), ascii, base64, base64url and hex,
//     with Node's quirks (lenient base64, hex stopping at the first bad pair, ...);
//   - `atob`, `btoa`, `isUtf8`, `isAscii`, `transcode`, `SlowBuffer`, the size constants and
//     `INSPECT_MAX_BYTES`; `Blob`, `File` and `resolveObjectURL` come from internal/blob.
//
// Errors come from `internal/errors` (loaded on first use). Errors that Node raises from
// C++ (plain TypeError/RangeError objects with a `code`) are built here by `nativeError`.
// Native helpers are used for long inputs when present: the engine's UTF-8 codec
// (`binding('encoding')`) and QuickJS-NG's ES2026 `Uint8Array` base64/hex methods; every
// path has a JS fallback with identical results. Typed arrays are assumed little-endian
// (WebAssembly is).

// ---------------------------------------------------------------------------------------
// Limits (the engine's, not V8's)
// ---------------------------------------------------------------------------------------

// QuickJS caps ArrayBuffers at INT32_MAX bytes and strings at 2^30 - 1 code units.
const kMaxLength = 2 ** 31 - 1;
const kStringMaxLength = 2 ** 30 - 1;

// ---------------------------------------------------------------------------------------
// Errors and argument validation
// ---------------------------------------------------------------------------------------

// internal/errors is loaded on first use, so that builtins may load in any order.
let errorCodes;
const codes = new Proxy({}, {
  get(target, name) {
    errorCodes ??= require('internal/errors').codes;
    return errorCodes[name];
  },
});

// The shape of the errors Node throws from its C++ bindings.
function nativeError(Base, code, message) {
  const error = new Base(message);
  error.code = code;
  return error;
}

function indexOutOfRange() {
  return nativeError(RangeError, 'ERR_OUT_OF_RANGE', 'Index out of range');
}

function validateNumber(value, name, min, max) {
  if (typeof value !== 'number')
    throw new codes.ERR_INVALID_ARG_TYPE(name, 'number', value);
  if ((min != null && value < min) || (max != null && value > max) ||
      ((min != null || max != null) && Number.isNaN(value))) {
    throw new codes.ERR_OUT_OF_RANGE(
      name,
      `${min != null ? `>= ${min}` : ''}${min != null && max != null ? ' && ' : ''}` +
        `${max != null ? `<= ${max}` : ''}`,
      value);
  }
}

function validateInteger(value, name, min, max) {
  if (typeof value !== 'number')
    throw new codes.ERR_INVALID_ARG_TYPE(name, 'number', value);
  if (!Number.isInteger(value))
    throw new codes.ERR_OUT_OF_RANGE(name, 'an integer', value);
  if (value < min || value > max)
    throw new codes.ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
}

function validateOffset(value, name, min = 0, max = kMaxLength) {
  validateInteger(value, name, min, max);
}

// The C++ `ParseArrayIndex`: undefined selects the default, negatives are out of range.
function parseArrayIndex(value, defaultValue) {
  if (value === undefined) return defaultValue;
  const index = Math.trunc(+value) || 0;
  if (index < 0) throw indexOutOfRange();
  return index;
}

// ---------------------------------------------------------------------------------------
// Intrinsics captured at load time (Node's "primordials")
// ---------------------------------------------------------------------------------------

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const getTypedArrayTag =
  Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const typedArrayCopyWithin = TypedArrayPrototype.copyWithin;
const typedArrayFill = TypedArrayPrototype.fill;
const typedArraySet = TypedArrayPrototype.set;
const typedArraySlice = TypedArrayPrototype.slice;
const typedArrayIndexOf = TypedArrayPrototype.indexOf;
const typedArrayLastIndexOf = TypedArrayPrototype.lastIndexOf;
const fromCharCode = String.fromCharCode;

const uint8ArrayToHex = Uint8Array.prototype.toHex;
const uint8ArraySetFromHex = Uint8Array.prototype.setFromHex;
const uint8ArrayToBase64 = Uint8Array.prototype.toBase64;
const uint8ArrayFromBase64 = Uint8Array.fromBase64;

// The engine's UTF-8 codec: utf8Encode(string) -> Uint8Array and
// utf8Decode(Uint8Array, fatal, ignoreBOM) -> string (WHATWG replacement semantics).
const { utf8Encode: nativeUtf8Encode, utf8Decode: nativeUtf8Decode } = binding('encoding');
const { searchUnits: nativeSearchUnits } = binding('buffer');
const { markAsUntransferable } = require('internal/structured_clone');

const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

function isTypedArray(value) {
  return getTypedArrayTag.call(value) !== undefined;
}

function isUint8Array(value) {
  return getTypedArrayTag.call(value) === 'Uint8Array';
}

// Brand checks (not `instanceof`), so ArrayBuffers of other realms count and look-alikes
// do not.
function isAnyArrayBuffer(value) {
  return require('util/types').isAnyArrayBuffer(value);
}

// A plain Uint8Array over `buf[start, end)`, sharing memory (no Buffer methods involved).
function byteView(buf, start, end) {
  return new Uint8Array(buf.buffer, buf.byteOffset + start, end - start);
}

// ---------------------------------------------------------------------------------------
// Codecs. Writers share the signature (buf, string, offset, length) -> bytes written and
// never write past `offset + length`; slicers take (buf, start, end) -> string.
// ---------------------------------------------------------------------------------------

// Short strings are coded in JS; longer ones go to the engine's native codecs if present.
const SHORT_STRING = 32;
// String.fromCharCode.apply is fed at most this many code units per call.
const CHARS_PER_CALL = 8192;

// `units` is a Uint8Array or Uint16Array of UTF-16 code units.
function codeUnitsToString(units) {
  const length = units.length;
  if (length <= CHARS_PER_CALL) return fromCharCode.apply(null, units);
  let result = '';
  for (let i = 0; i < length; i += CHARS_PER_CALL)
    result += fromCharCode.apply(null, units.subarray(i, i + CHARS_PER_CALL));
  return result;
}

// --- latin1 and ascii ---

function latin1Slice(buf, start, end) {
  return codeUnitsToString(byteView(buf, start, end));
}

// Node decodes 'ascii' by clearing the high bit of every byte.
function asciiSlice(buf, start, end) {
  const bytes = byteView(buf, start, end);
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] > 0x7f) {
      const masked = typedArraySlice.call(bytes);
      for (let j = i; j < masked.length; j++) masked[j] &= 0x7f;
      return codeUnitsToString(masked);
    }
  }
  return codeUnitsToString(bytes);
}

const NON_ASCII = /[^\x00-\x7f]/;

// Also Node's 'ascii' writer: each code unit's low byte. Long ASCII strings are the same
// bytes in UTF-8, which the native encoder writes faster.
function latin1Write(buf, string, offset, length) {
  if (nativeUtf8Encode !== undefined && string.length > SHORT_STRING && !NON_ASCII.test(string))
    return utf8Write(buf, string, offset, length);
  const count = Math.min(string.length, length);
  for (let i = 0; i < count; i++) buf[offset + i] = string.charCodeAt(i);
  return count;
}

// --- utf16le ---

function ucs2Slice(buf, start, end) {
  const count = (end - start) >>> 1;
  const byteOffset = buf.byteOffset + start;
  let units;
  if (byteOffset % 2 === 0) {
    units = new Uint16Array(buf.buffer, byteOffset, count);
  } else {
    units = new Uint16Array(count);
    new Uint8Array(units.buffer).set(new Uint8Array(buf.buffer, byteOffset, count * 2));
  }
  return codeUnitsToString(units);
}

// Writes whole code units only.
function ucs2Write(buf, string, offset, length) {
  const count = Math.min(string.length, length >>> 1);
  for (let i = 0; i < count; i++) {
    const unit = string.charCodeAt(i);
    buf[offset + 2 * i] = unit;
    buf[offset + 2 * i + 1] = unit >>> 8;
  }
  return count * 2;
}

// --- utf8 ---

// Lone surrogates count as U+FFFD (3 bytes), as they are written.
function utf8ByteLength(string) {
  const length = string.length;
  // Counting a long ASCII string unit by unit is slow; the regular expression scans it fast.
  if (length > SHORT_STRING && !NON_ASCII.test(string)) return length;
  let bytes = length;
  for (let i = 0; i < length; i++) {
    const unit = string.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) {
      bytes += 1;
    } else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < length &&
               (string.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2;
      i++;
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

// The native encoder rejects lone surrogates; Node writes them as U+FFFD, as does
// `toWellFormed`.
function encodeUtf8Native(string) {
  return nativeUtf8Encode(string.toWellFormed());
}

// Writes whole characters only (like V8's WriteUtf8 and TextEncoder#encodeInto);
// lone surrogates become U+FFFD.
function utf8Write(buf, string, offset, length) {
  if (nativeUtf8Encode !== undefined && string.length > SHORT_STRING) {
    // Only the first `length` characters can start within `length` bytes. (A surrogate
    // pair cut by the slice turns into a U+FFFD that cannot fit either.)
    const bytes = encodeUtf8Native(string.length > length ? string.slice(0, length) : string);
    let written = Math.min(bytes.length, length);
    // Back off to the start of a character cut short.
    while (written > 0 && written < bytes.length && (bytes[written] & 0xc0) === 0x80) written--;
    typedArraySet.call(buf, written === bytes.length ? bytes : bytes.subarray(0, written), offset);
    return written;
  }
  const end = offset + length;
  const count = string.length;
  let pos = offset;
  for (let i = 0; i < count; i++) {
    let unit = string.charCodeAt(i);
    if (unit < 0x80) {
      if (pos >= end) break;
      buf[pos++] = unit;
    } else if (unit < 0x800) {
      if (pos + 2 > end) break;
      buf[pos++] = 0xc0 | (unit >> 6);
      buf[pos++] = 0x80 | (unit & 0x3f);
    } else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < count &&
               (string.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      if (pos + 4 > end) break;
      const codePoint = 0x10000 + ((unit - 0xd800) << 10) + (string.charCodeAt(++i) - 0xdc00);
      buf[pos++] = 0xf0 | (codePoint >> 18);
      buf[pos++] = 0x80 | ((codePoint >> 12) & 0x3f);
      buf[pos++] = 0x80 | ((codePoint >> 6) & 0x3f);
      buf[pos++] = 0x80 | (codePoint & 0x3f);
    } else {
      if (pos + 3 > end) break;
      if (unit >= 0xd800 && unit <= 0xdfff) unit = 0xfffd;
      buf[pos++] = 0xe0 | (unit >> 12);
      buf[pos++] = 0x80 | ((unit >> 6) & 0x3f);
      buf[pos++] = 0x80 | (unit & 0x3f);
    }
  }
  return pos - offset;
}

// The length of the UTF-8 sequence a lead byte starts (0: the byte cannot start one), and
// the range allowed for the byte after it (WHATWG Encoding, "UTF-8 decoder").
function utf8SequenceLength(lead) {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function utf8SecondByteMin(lead) {
  return lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
}

function utf8SecondByteMax(lead) {
  return lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
}

// WHATWG UTF-8 decoding: every maximal ill-formed subsequence becomes one U+FFFD.
function decodeUtf8(bytes) {
  const length = bytes.length;
  const units = new Uint16Array(length);
  let count = 0;
  let i = 0;
  while (i < length) {
    const lead = bytes[i++];
    if (lead < 0x80) {
      units[count++] = lead;
      continue;
    }
    const sequenceLength = utf8SequenceLength(lead);
    if (sequenceLength === 0) {
      units[count++] = 0xfffd;
      continue;
    }
    let codePoint = lead & (0xff >> (sequenceLength + 1));
    let lower = utf8SecondByteMin(lead);
    let upper = utf8SecondByteMax(lead);
    let needed = sequenceLength - 1;
    while (needed > 0 && i < length && bytes[i] >= lower && bytes[i] <= upper) {
      codePoint = (codePoint << 6) | (bytes[i++] & 0x3f);
      lower = 0x80;
      upper = 0xbf;
      needed--;
    }
    if (needed > 0) {
      // Truncated sequence; the byte that broke it (if any) is decoded next.
      units[count++] = 0xfffd;
    } else if (codePoint > 0xffff) {
      units[count++] = 0xd800 | ((codePoint - 0x10000) >> 10);
      units[count++] = 0xdc00 | (codePoint & 0x3ff);
    } else {
      units[count++] = codePoint;
    }
  }
  return codeUnitsToString(units.subarray(0, count));
}

function isValidUtf8(bytes) {
  const length = bytes.length;
  let i = 0;
  while (i < length) {
    const lead = bytes[i++];
    if (lead < 0x80) continue;
    const sequenceLength = utf8SequenceLength(lead);
    if (sequenceLength === 0) return false;
    let lower = utf8SecondByteMin(lead);
    let upper = utf8SecondByteMax(lead);
    for (let needed = sequenceLength - 1; needed > 0; needed--) {
      if (i >= length || bytes[i] < lower || bytes[i] > upper) return false;
      i++;
      lower = 0x80;
      upper = 0xbf;
    }
  }
  return true;
}

function utf8Slice(buf, start, end) {
  const bytes = byteView(buf, start, end);
  if (nativeUtf8Decode !== undefined && bytes.length > SHORT_STRING)
    return nativeUtf8Decode(bytes, false, true);
  return decodeUtf8(bytes);
}

// --- hex ---

const HEX_DIGITS = new Uint8Array(16);
const HEX_VALUES = new Uint8Array(256).fill(255);
for (let i = 0; i < 16; i++) {
  const digit = '0123456789abcdef'.charCodeAt(i);
  HEX_DIGITS[i] = digit;
  HEX_VALUES[digit] = i;
  HEX_VALUES['0123456789ABCDEF'.charCodeAt(i)] = i;
}

function hexSlice(buf, start, end) {
  const bytes = byteView(buf, start, end);
  if (uint8ArrayToHex !== undefined) return uint8ArrayToHex.call(bytes);
  const digits = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    digits[2 * i] = HEX_DIGITS[bytes[i] >> 4];
    digits[2 * i + 1] = HEX_DIGITS[bytes[i] & 15];
  }
  return codeUnitsToString(digits);
}

// Like Node: a trailing odd digit is ignored and decoding stops at the first invalid pair.
// Code units are truncated to their low byte before lookup, as Node does. Long strings try
// the engine's `setFromHex` first; it throws on odd lengths and invalid pairs, and the loop
// below then decodes the valid prefix.
function hexWrite(buf, string, offset, length) {
  if (uint8ArraySetFromHex !== undefined && string.length > SHORT_STRING) {
    try {
      return uint8ArraySetFromHex.call(byteView(buf, offset, offset + length), string).written;
    } catch {
      // Odd length or an invalid pair: decode the valid prefix below.
    }
  }
  const count = Math.min(length, string.length >>> 1);
  for (let i = 0; i < count; i++) {
    const high = HEX_VALUES[string.charCodeAt(2 * i) & 0xff];
    const low = HEX_VALUES[string.charCodeAt(2 * i + 1) & 0xff];
    if ((high | low) > 15) return i;
    buf[offset + i] = (high << 4) | low;
  }
  return count;
}

// --- base64 and base64url ---

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE64_DIGITS = new Uint8Array(64);
const BASE64URL_DIGITS = new Uint8Array(64);
// Node's decoder accepts both alphabets whatever the encoding asked for.
const BASE64_VALUES = new Uint8Array(256).fill(255);
// atob() accepts the standard alphabet only.
const BASE64_STRICT_VALUES = new Uint8Array(256).fill(255);
for (let i = 0; i < 64; i++) {
  BASE64_DIGITS[i] = BASE64_ALPHABET.charCodeAt(i);
  BASE64URL_DIGITS[i] = BASE64URL_ALPHABET.charCodeAt(i);
  BASE64_VALUES[BASE64_DIGITS[i]] = i;
  BASE64_VALUES[BASE64URL_DIGITS[i]] = i;
  BASE64_STRICT_VALUES[BASE64_DIGITS[i]] = i;
}
const BASE64URL_OPTIONS = { alphabet: 'base64url', omitPadding: true };
const EQUALS = 0x3d;

// `bytes` is a plain Uint8Array. base64url output carries no padding.
function base64Encode(bytes, url) {
  if (uint8ArrayToBase64 !== undefined)
    return uint8ArrayToBase64.call(bytes, url ? BASE64URL_OPTIONS : undefined);
  const digits = url ? BASE64URL_DIGITS : BASE64_DIGITS;
  const length = bytes.length;
  const rest = length % 3;
  const whole = length - rest;
  const out = new Uint8Array(whole / 3 * 4 + (rest === 0 ? 0 : url ? rest + 1 : 4));
  let j = 0;
  for (let i = 0; i < whole; i += 3) {
    const group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[j++] = digits[group >> 18];
    out[j++] = digits[(group >> 12) & 63];
    out[j++] = digits[(group >> 6) & 63];
    out[j++] = digits[group & 63];
  }
  if (rest === 1) {
    const group = bytes[whole];
    out[j++] = digits[group >> 2];
    out[j++] = digits[(group & 3) << 4];
    if (!url) {
      out[j++] = EQUALS;
      out[j++] = EQUALS;
    }
  } else if (rest === 2) {
    const group = (bytes[whole] << 8) | bytes[whole + 1];
    out[j++] = digits[group >> 10];
    out[j++] = digits[(group >> 4) & 63];
    out[j++] = digits[(group & 15) << 2];
    if (!url) out[j++] = EQUALS;
  }
  return codeUnitsToString(out);
}

function base64Slice(buf, start, end) {
  return base64Encode(byteView(buf, start, end), false);
}

function base64urlSlice(buf, start, end) {
  return base64Encode(byteView(buf, start, end), true);
}

// Node's estimate (exact for well-formed input); used to size allocations.
function base64ByteLength(string) {
  let length = string.length;
  if (string.charCodeAt(length - 1) === EQUALS) length--;
  if (length > 1 && string.charCodeAt(length - 1) === EQUALS) length--;
  return (length * 3) >>> 2;
}

// The engine's strict decoder (`Uint8Array.fromBase64`), or undefined when it is absent or
// rejects the input. On input both accept it yields the same bytes as Node's decoder below.
function decodeBase64Native(string, alphabet) {
  if (uint8ArrayFromBase64 === undefined || string.length <= SHORT_STRING) return undefined;
  try {
    return uint8ArrayFromBase64.call(Uint8Array, string, { alphabet });
  } catch {
    return undefined;
  }
}

function base64Write(buf, string, offset, length, alphabet) {
  const bytes = decodeBase64Native(string, alphabet);
  if (bytes === undefined) return base64DecodeLenient(buf, string, offset, length);
  const count = Math.min(bytes.length, length);
  typedArraySet.call(buf, bytes.subarray(0, count), offset);
  return count;
}

// A port of Node's `base64_decode`: characters outside both alphabets (whitespace included)
// are skipped, the first '=' ends the input, and a group cut short still yields the bytes
// its characters complete. Code units are truncated to their low byte, as in Node.
function base64DecodeLenient(buf, string, offset, length) {
  const srcLength = string.length;
  let decodedSize = 0;
  if (srcLength >= 2) {
    let size = srcLength;
    if (string.charCodeAt(size - 1) === EQUALS) {
      size--;
      if (string.charCodeAt(size - 1) === EQUALS) size--;
    }
    decodedSize = size > 1 ? Math.floor(size / 4) * 3 + ((size % 4 + 1) >> 1) : 0;
  }
  const available = Math.min(length, decodedSize);
  const maxK = available - available % 3;
  let maxI = srcLength - srcLength % 4;
  let i = 0;
  let k = 0;
  for (;;) {
    const fast = i < maxI && k < maxK;
    if (fast) {
      const a = BASE64_VALUES[string.charCodeAt(i) & 0xff];
      const b = BASE64_VALUES[string.charCodeAt(i + 1) & 0xff];
      const c = BASE64_VALUES[string.charCodeAt(i + 2) & 0xff];
      const d = BASE64_VALUES[string.charCodeAt(i + 3) & 0xff];
      if ((a | b | c | d) < 64) {
        buf[offset + k] = (a << 2) | (b >> 4);
        buf[offset + k + 1] = ((b & 15) << 4) | (c >> 2);
        buf[offset + k + 2] = ((c & 3) << 6) | d;
        i += 4;
        k += 3;
        continue;
      }
    } else if (i >= srcLength || k >= length) {
      return k;
    }
    // One group, character by character (Node's base64_decode_group_slow).
    let stop = false;
    let previous = 0;
    group: for (let n = 0; n < 4; n++) {
      let value;
      for (;;) {
        const code = string.charCodeAt(i++) & 0xff;
        value = BASE64_VALUES[code];
        if (value < 64) break;
        if (code === EQUALS || i >= srcLength) {
          stop = true;
          break group;
        }
      }
      if (n === 1) buf[offset + k++] = ((previous & 0x3f) << 2) | ((value & 0x30) >> 4);
      else if (n === 2) buf[offset + k++] = ((previous & 0x0f) << 4) | ((value & 0x3c) >> 2);
      else if (n === 3) buf[offset + k++] = ((previous & 0x03) << 6) | (value & 0x3f);
      if (i >= srcLength || k >= length) {
        stop = true;
        break;
      }
      previous = value;
    }
    // After the fast loop, a single slow group finishes the input.
    if (stop || !fast) return k;
    maxI = i + (srcLength - i) - (srcLength - i) % 4;
  }
}

// --- encoding table ---
// Per encoding: the bytes a string takes (`byteLength`), `write` and `slice` (decode), and
// the length of the string `byteLength` bytes decode to at most (`stringLength`).

const utf8Ops = {
  name: 'utf8',
  byteLength: utf8ByteLength,
  write: utf8Write,
  slice: utf8Slice,
  stringLength: (byteLength) => byteLength,
};
const utf16leOps = {
  name: 'utf16le',
  byteLength: (string) => string.length * 2,
  write: ucs2Write,
  slice: ucs2Slice,
  stringLength: (byteLength) => byteLength >>> 1,
};
const latin1Ops = {
  name: 'latin1',
  byteLength: (string) => string.length,
  write: latin1Write,
  slice: latin1Slice,
  stringLength: (byteLength) => byteLength,
};
const asciiOps = {
  name: 'ascii',
  byteLength: (string) => string.length,
  write: latin1Write,
  slice: asciiSlice,
  stringLength: (byteLength) => byteLength,
};
const base64Ops = {
  name: 'base64',
  byteLength: base64ByteLength,
  write: (buf, string, offset, length) => base64Write(buf, string, offset, length, 'base64'),
  slice: base64Slice,
  stringLength: (byteLength) => Math.ceil(byteLength / 3) * 4,
};
const base64urlOps = {
  name: 'base64url',
  byteLength: base64ByteLength,
  write: (buf, string, offset, length) => base64Write(buf, string, offset, length, 'base64url'),
  slice: base64urlSlice,
  stringLength: (byteLength) => Math.ceil(byteLength * 4 / 3),
};
const hexOps = {
  name: 'hex',
  byteLength: (string) => string.length >>> 1,
  write: hexWrite,
  slice: hexSlice,
  stringLength: (byteLength) => byteLength * 2,
};

const ENCODING_OPS = {
  __proto__: null,
  'utf8': utf8Ops,
  'utf-8': utf8Ops,
  'ucs2': utf16leOps,
  'ucs-2': utf16leOps,
  'utf16le': utf16leOps,
  'utf-16le': utf16leOps,
  'latin1': latin1Ops,
  'binary': latin1Ops,
  'ascii': asciiOps,
  'base64': base64Ops,
  'base64url': base64urlOps,
  'hex': hexOps,
};

// Node's getEncodingOps: any value is stringified, names are case-insensitive.
function getEncodingOps(encoding) {
  encoding = '' + encoding;
  return ENCODING_OPS[encoding] ?? ENCODING_OPS[encoding.toLowerCase()];
}

// Node's normalizeEncoding: null, undefined and '' mean utf8; non-strings are unknown.
function normalizeEncoding(encoding) {
  if (encoding == null || encoding === '') return 'utf8';
  if (typeof encoding !== 'string') return undefined;
  return getEncodingOps(encoding)?.name;
}

// The complete encoding of `string` as a new Uint8Array.
function encodeString(string, ops) {
  const bytes = new Uint8Array(ops.byteLength(string));
  const written = ops.write(bytes, string, 0, bytes.length);
  return written < bytes.length ? bytes.subarray(0, written) : bytes;
}

// ---------------------------------------------------------------------------------------
// Buffer, FastBuffer and the allocation pool
// ---------------------------------------------------------------------------------------

class FastBuffer extends Uint8Array {
  // An explicit constructor keeps construction independent of the array iterator.
  constructor(bufferOrLength, byteOffset, length) {
    super(bufferOrLength, byteOffset, length);
  }
}

// Deprecated (DEP0005) but supported: Buffer(size) and Buffer(value, ...) without `new`.
function Buffer(arg, encodingOrOffset, length) {
  showFlaggedDeprecation();
  if (typeof arg === 'number') {
    if (typeof encodingOrOffset === 'string')
      throw new codes.ERR_INVALID_ARG_TYPE('string', 'string', arg);
    return Buffer.alloc(arg);
  }
  return Buffer.from(arg, encodingOrOffset, length);
}

FastBuffer.prototype.constructor = Buffer;
Buffer.prototype = FastBuffer.prototype;
Object.setPrototypeOf(Buffer, Uint8Array);

Object.defineProperty(Buffer, Symbol.species, {
  __proto__: null,
  enumerable: false,
  configurable: true,
  get() { return FastBuffer; },
});

const bufferWarning = 'Buffer() is deprecated due to security and usability issues. ' +
  'Please use the Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.';
let bufferWarningEmitted = false;
let nodeModulesChecks = 0;

// The current stack in the default format: as in Node, the check does not run a user's
// Error.prepareStackTrace (which may itself call Buffer()).
function callerStack() {
  const { prepareStackTrace } = Error;
  Error.prepareStackTrace = undefined;
  try {
    return new Error().stack;
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
  }
}

// Like Node, warn once, and not for calls made from code under node_modules (unless
// `--pending-deprecation`).
function showFlaggedDeprecation() {
  if (bufferWarningEmitted || ++nodeModulesChecks > 10000) return;
  if (typeof process !== 'object' || process === null ||
      typeof process.emitWarning !== 'function') {
    return;
  }
  if (!process.execArgv.includes('--pending-deprecation') &&
      /[\\/]node_modules[\\/]/.test(callerStack())) {
    return;
  }
  process.emitWarning(bufferWarning, 'DeprecationWarning', 'DEP0005');
  bufferWarningEmitted = true;
}

Buffer.poolSize = 8 * 1024;
let poolSize, poolOffset, allocPool, allocBuffer;

function createPool() {
  poolSize = Buffer.poolSize;
  allocBuffer = createUnsafeBuffer(poolSize);
  allocPool = allocBuffer.buffer;
  // Buffers share the pool, so no one of them may transfer it away from the others.
  markAsUntransferable(allocPool);
  poolOffset = 0;
}

function alignPool() {
  // Keep slices 8-byte aligned.
  if (poolOffset & 0x7) {
    poolOffset |= 0x7;
    poolOffset++;
  }
}

// QuickJS always zero-fills new memory; "unsafe" only means "may come from the pool".
function createUnsafeBuffer(size) {
  return new FastBuffer(size);
}

createPool();

function allocate(size) {
  if (size <= 0) return new FastBuffer();
  if (size < (Buffer.poolSize >>> 1)) {
    if (size > (poolSize - poolOffset)) createPool();
    const b = new FastBuffer(allocPool, poolOffset, size);
    poolOffset += size;
    alignPool();
    return b;
  }
  return createUnsafeBuffer(size);
}

// ---------------------------------------------------------------------------------------
// Buffer.from and the other factories
// ---------------------------------------------------------------------------------------

Buffer.from = function from(value, encodingOrOffset, length) {
  if (typeof value === 'string') return fromString(value, encodingOrOffset);

  if (typeof value === 'object' && value !== null) {
    if (isAnyArrayBuffer(value)) return fromArrayBuffer(value, encodingOrOffset, length);

    const valueOf = value.valueOf && value.valueOf();
    if (valueOf != null && valueOf !== value &&
        (typeof valueOf === 'string' || typeof valueOf === 'object')) {
      return from(valueOf, encodingOrOffset, length);
    }

    const b = fromObject(value);
    if (b) return b;

    if (typeof value[Symbol.toPrimitive] === 'function') {
      const primitive = value[Symbol.toPrimitive]('string');
      if (typeof primitive === 'string') return fromString(primitive, encodingOrOffset);
    }
  }

  throw new codes.ERR_INVALID_ARG_TYPE(
    'first argument',
    ['string', 'Buffer', 'ArrayBuffer', 'Array', 'Array-like Object'],
    value);
};

// Copies the bytes `view` covers (not its elements' values) into a new Buffer.
Buffer.copyBytesFrom = function copyBytesFrom(view, offset, length) {
  if (!isTypedArray(view)) throw new codes.ERR_INVALID_ARG_TYPE('view', ['TypedArray'], view);

  const viewLength = view.length;
  if (viewLength === 0) return Buffer.alloc(0);

  if (offset !== undefined || length !== undefined) {
    if (offset !== undefined) {
      validateInteger(offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
      if (offset >= viewLength) return Buffer.alloc(0);
    } else {
      offset = 0;
    }
    let end;
    if (length !== undefined) {
      validateInteger(length, 'length', 0, Number.MAX_SAFE_INTEGER);
      end = offset + length;
    } else {
      end = viewLength;
    }
    view = typedArraySlice.call(view, offset, end);
  }

  return fromArrayLike(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
};

// %TypedArray%.of without going through the deprecated Buffer() constructor. An arrow
// function, so that it is not a constructor.
const of = (...items) => {
  const newObj = createUnsafeBuffer(items.length);
  for (let k = 0; k < items.length; k++) newObj[k] = items[k];
  return newObj;
};
Buffer.of = of;

Buffer.alloc = function alloc(size, fill, encoding) {
  validateNumber(size, 'size', 0, kMaxLength);
  if (fill !== undefined && fill !== 0 && size > 0) {
    const buf = createUnsafeBuffer(size);
    return fillBuffer(buf, fill, 0, buf.length, encoding);
  }
  return new FastBuffer(size);
};

Buffer.allocUnsafe = function allocUnsafe(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return allocate(size);
};

Buffer.allocUnsafeSlow = function allocUnsafeSlow(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return createUnsafeBuffer(size);
};

function SlowBuffer(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return createUnsafeBuffer(size);
}

Object.setPrototypeOf(SlowBuffer.prototype, Uint8Array.prototype);
Object.setPrototypeOf(SlowBuffer, Uint8Array);

function fromString(string, encoding) {
  let ops;
  if (!encoding || encoding === 'utf8' || typeof encoding !== 'string') {
    ops = utf8Ops;
  } else {
    ops = getEncodingOps(encoding);
    if (ops === undefined) throw new codes.ERR_UNKNOWN_ENCODING(encoding);
  }
  return string.length === 0 ? new FastBuffer() : fromStringFast(string, ops);
}

// Small results are carved from the pool; `length` is an upper bound of the encoded size.
function fromStringFast(string, ops) {
  const maxLength = Buffer.poolSize >>> 1;

  let length = string.length; // Min length
  if (length >= maxLength) return createFromString(string, ops);

  length *= 4; // Max length (4 bytes per character)
  if (length >= maxLength) length = ops.byteLength(string); // Actual length
  if (length >= maxLength) return createFromString(string, ops, length);

  if (length > (poolSize - poolOffset)) createPool();

  const actual = ops.write(allocBuffer, string, poolOffset, length);
  const b = new FastBuffer(allocPool, poolOffset, actual);
  poolOffset += actual;
  alignPool();
  return b;
}

function createFromString(string, ops, length) {
  if (ops === utf8Ops && nativeUtf8Encode !== undefined) {
    const bytes = encodeUtf8Native(string);
    return new FastBuffer(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  if (length === undefined) length = ops.byteLength(string);
  const buf = Buffer.allocUnsafeSlow(length);
  const actual = ops.write(buf, string, 0, length);
  return actual < length ? new FastBuffer(buf.buffer, 0, actual) : buf;
}

function fromArrayBuffer(obj, byteOffset, length) {
  if (byteOffset === undefined) {
    byteOffset = 0;
  } else {
    byteOffset = +byteOffset;
    if (Number.isNaN(byteOffset)) byteOffset = 0;
  }

  const maxLength = obj.byteLength - byteOffset;
  if (maxLength < 0) throw new codes.ERR_BUFFER_OUT_OF_BOUNDS('offset');

  // Without a length the view tracks the length of a resizable ArrayBuffer.
  if (length !== undefined) {
    length = +length;
    if (length > 0) {
      if (length > maxLength) throw new codes.ERR_BUFFER_OUT_OF_BOUNDS('length');
    } else {
      length = 0;
    }
  }

  return new FastBuffer(obj, byteOffset, length);
}

function fromArrayLike(obj) {
  if (obj.length <= 0) return new FastBuffer();
  if (obj.length < (Buffer.poolSize >>> 1)) {
    if (obj.length > (poolSize - poolOffset)) createPool();
    const b = new FastBuffer(allocPool, poolOffset, obj.length);
    typedArraySet.call(b, obj, 0);
    poolOffset += obj.length;
    alignPool();
    return b;
  }
  return new FastBuffer(obj);
}

function fromObject(obj) {
  if (obj.length !== undefined || isAnyArrayBuffer(obj.buffer)) {
    if (typeof obj.length !== 'number') return new FastBuffer();
    return fromArrayLike(obj);
  }
  if (obj.type === 'Buffer' && Array.isArray(obj.data)) return fromArrayLike(obj.data);
}

// ---------------------------------------------------------------------------------------
// Other static methods
// ---------------------------------------------------------------------------------------

Buffer.isBuffer = function isBuffer(b) {
  return b instanceof Buffer;
};

Buffer.compare = function compare(buf1, buf2) {
  if (!isUint8Array(buf1))
    throw new codes.ERR_INVALID_ARG_TYPE('buf1', ['Buffer', 'Uint8Array'], buf1);
  if (!isUint8Array(buf2))
    throw new codes.ERR_INVALID_ARG_TYPE('buf2', ['Buffer', 'Uint8Array'], buf2);
  if (buf1 === buf2) return 0;
  return compareBytes(buf1, 0, buf1.length, buf2, 0, buf2.length);
};

Buffer.isEncoding = function isEncoding(encoding) {
  return typeof encoding === 'string' && encoding.length !== 0 &&
    normalizeEncoding(encoding) !== undefined;
};

Buffer.concat = function concat(list, length) {
  if (!Array.isArray(list)) throw new codes.ERR_INVALID_ARG_TYPE('list', 'Array', list);

  if (list.length === 0) return new FastBuffer();

  if (length === undefined) {
    length = 0;
    for (let i = 0; i < list.length; i++) {
      if (list[i].length) length += list[i].length;
    }
  } else {
    validateOffset(length, 'length');
  }

  const buffer = Buffer.allocUnsafe(length);
  let pos = 0;
  for (let i = 0; i < list.length; i++) {
    const buf = list[i];
    if (!isUint8Array(buf))
      throw new codes.ERR_INVALID_ARG_TYPE(`list[${i}]`, ['Buffer', 'Uint8Array'], list[i]);
    pos += copyActual(buf, buffer, pos, 0, buf.length);
  }

  // A `length` beyond the total leaves pooled (not zeroed) bytes at the end.
  if (pos < length) typedArrayFill.call(buffer, 0, pos, length);

  return buffer;
};

function byteLength(string, encoding) {
  if (typeof string !== 'string') {
    if (ArrayBuffer.isView(string) || isAnyArrayBuffer(string)) return string.byteLength;
    throw new codes.ERR_INVALID_ARG_TYPE('string', ['string', 'Buffer', 'ArrayBuffer'], string);
  }

  const len = string.length;
  if (len === 0) return 0;

  if (!encoding || encoding === 'utf8') return utf8ByteLength(string);
  if (encoding === 'ascii') return len;

  // Unknown encodings count as utf8 (Node does not throw here).
  const ops = getEncodingOps(encoding);
  return ops === undefined ? utf8ByteLength(string) : ops.byteLength(string);
}

Buffer.byteLength = byteLength;

// ---------------------------------------------------------------------------------------
// Prototype: strings
// ---------------------------------------------------------------------------------------

// The public `*Slice(start, end)` methods, with the argument checks of Node's C++.
function stringSlice(buf, start, end, ops) {
  const length = buf.length;
  if (length === 0) return '';
  start = parseArrayIndex(start, 0);
  end = parseArrayIndex(end, length);
  if (end < start) end = start;
  if (end > length) throw indexOutOfRange();
  return ops.slice(buf, start, end);
}

// The public `*Write(string, offset, length)` methods, with the checks of Node's C++.
function stringWrite(buf, string, offset, length, ops) {
  if (typeof string !== 'string')
    throw nativeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'argument must be a string');
  offset = parseArrayIndex(offset, 0);
  if (offset > buf.length) {
    throw nativeError(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS',
                      '"offset" is outside of buffer bounds');
  }
  const remaining = buf.length - offset;
  length = Math.min(remaining, parseArrayIndex(length, remaining));
  return length === 0 ? 0 : ops.write(buf, string, offset, length);
}

function toString(encoding, start, end) {
  if (arguments.length === 0) return utf8Slice(this, 0, this.length);

  const len = this.length;

  if (start <= 0)
    start = 0;
  else if (start >= len)
    return '';
  else
    start = Math.trunc(start) || 0;

  if (end === undefined || end > len)
    end = len;
  else
    end = Math.trunc(end) || 0;

  if (end <= start) return '';

  const ops = encoding === undefined ? utf8Ops : getEncodingOps(encoding);
  if (ops === undefined) throw new codes.ERR_UNKNOWN_ENCODING(encoding);
  // Refused before decoding, as Node does, when the text could not be one string.
  if (ops.stringLength(end - start) > kStringMaxLength) {
    throw new codes.ERR_STRING_TOO_LONG(kStringMaxLength);
  }
  return ops.slice(this, start, end);
}

function write(string, offset, length, encoding) {
  // Buffer#write(string);
  if (offset === undefined) return stringWrite(this, string, 0, this.length, utf8Ops);

  if (length === undefined && typeof offset === 'string') {
    // Buffer#write(string, encoding)
    encoding = offset;
    length = this.length;
    offset = 0;
  } else {
    // Buffer#write(string, offset[, length][, encoding])
    validateOffset(offset, 'offset', 0, this.length);
    const remaining = this.length - offset;
    if (length === undefined) {
      length = remaining;
    } else if (typeof length === 'string') {
      encoding = length;
      length = remaining;
    } else {
      validateOffset(length, 'length', 0, this.length);
      if (length > remaining) length = remaining;
    }
  }

  if (!encoding || encoding === 'utf8') return stringWrite(this, string, offset, length, utf8Ops);
  if (encoding === 'ascii') return stringWrite(this, string, offset, length, asciiOps);

  const ops = getEncodingOps(encoding);
  if (ops === undefined) throw new codes.ERR_UNKNOWN_ENCODING(encoding);
  return stringWrite(this, string, offset, length, ops);
}

function toJSON() {
  if (this.length > 0) {
    const data = new Array(this.length);
    for (let i = 0; i < this.length; ++i) data[i] = this[i];
    return { type: 'Buffer', data };
  }
  return { type: 'Buffer', data: [] };
}

// ---------------------------------------------------------------------------------------
// Prototype: comparison and search
// ---------------------------------------------------------------------------------------

// memcmp over the common prefix, then the shorter range sorts first.
function compareBytes(a, aStart, aEnd, b, bStart, bEnd) {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const count = Math.min(aLength, bLength);
  let i = 0;
  // Skip the equal words when both ranges share their alignment; the byte loop below
  // then starts at the first word that differs.
  const aOffset = a.byteOffset + aStart;
  const bOffset = b.byteOffset + bStart;
  if (count >= 64 && aOffset % 4 === bOffset % 4) {
    while ((aOffset + i) % 4 !== 0 && a[aStart + i] === b[bStart + i]) i++;
    if ((aOffset + i) % 4 === 0) {
      const words = (count - i) >>> 2;
      const aWords = new Uint32Array(a.buffer, aOffset + i, words);
      const bWords = new Uint32Array(b.buffer, bOffset + i, words);
      let w = 0;
      while (w < words && aWords[w] === bWords[w]) w++;
      i += w * 4;
    }
  }
  for (; i < count; i++) {
    const x = a[aStart + i];
    const y = b[bStart + i];
    if (x !== y) return x < y ? -1 : 1;
  }
  return aLength > bLength ? 1 : aLength < bLength ? -1 : 0;
}

function equals(otherBuffer) {
  if (!isUint8Array(otherBuffer))
    throw new codes.ERR_INVALID_ARG_TYPE('otherBuffer', ['Buffer', 'Uint8Array'], otherBuffer);
  if (this === otherBuffer) return true;
  const len = this.byteLength;
  if (len !== otherBuffer.byteLength) return false;
  return len === 0 || compareBytes(this, 0, len, otherBuffer, 0, len) === 0;
}

function compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
  if (!isUint8Array(target))
    throw new codes.ERR_INVALID_ARG_TYPE('target', ['Buffer', 'Uint8Array'], target);
  if (arguments.length === 1) return compareBytes(this, 0, this.length, target, 0, target.length);

  if (targetStart === undefined) targetStart = 0;
  else validateOffset(targetStart, 'targetStart');

  if (targetEnd === undefined) targetEnd = target.length;
  else validateOffset(targetEnd, 'targetEnd', 0, target.length);

  if (sourceStart === undefined) sourceStart = 0;
  else validateOffset(sourceStart, 'sourceStart');

  if (sourceEnd === undefined) sourceEnd = this.length;
  else validateOffset(sourceEnd, 'sourceEnd', 0, this.length);

  if (sourceStart >= sourceEnd) return (targetStart >= targetEnd ? 0 : -1);
  if (targetStart >= targetEnd) return 1;

  return compareBytes(this, sourceStart, sourceEnd, target, targetStart, targetEnd);
}

// Node's IndexOfOffset: the first position to examine, or -1 when nothing can match.
function indexOfOffset(length, offset, needleLength, isForward) {
  if (offset < 0) {
    if (offset + length >= 0) return length + offset;
    if (isForward || needleLength === 0) return 0;
    return -1;
  }
  if (offset + needleLength <= length) return offset;
  if (needleLength === 0) return length;
  if (isForward) return -1;
  return length - 1;
}

// Node's SearchString over units of `width` bytes (1, or 2 for UTF-16): the first match
// at or after unit `start`, or the last one at or before it (searched natively). Returns
// `haystackUnits` when nothing matches.
function searchUnits(haystack, haystackUnits, needle, needleUnits, start, isForward, width) {
  const bytes = isUint8Array(haystack) ? haystack :
    new Uint8Array(haystack.buffer, haystack.byteOffset, haystack.byteLength);
  const found = nativeSearchUnits(bytes, haystackUnits, needle, needleUnits, start, isForward,
                                  width);
  return found === -1 ? haystackUnits : found;
}

// Node's IndexOfString/IndexOfBuffer once the needle is bytes. `haystackLength` is rounded
// down to even for UTF-16 string needles only; Node does not round for buffer needles,
// which is why an odd-length haystack can report `length - 1` instead of -1 there.
function indexOfBytes(buffer, haystackLength, needle, byteOffset, isForward, ucs2) {
  const needleLength = needle.length;
  const offset = indexOfOffset(haystackLength, Math.trunc(byteOffset), needleLength, isForward);

  if (needleLength === 0) return offset;
  if (haystackLength === 0 || offset <= -1) return -1;
  if ((isForward && needleLength + offset > haystackLength) || needleLength > haystackLength)
    return -1;

  let result;
  if (ucs2) {
    if (haystackLength < 2 || needleLength < 2) return -1;
    result = 2 * searchUnits(buffer, haystackLength >>> 1, needle, needleLength >>> 1,
                             offset >>> 1, isForward, 2);
  } else {
    result = searchUnits(buffer, haystackLength, needle, needleLength, offset, isForward, 1);
  }
  return result === haystackLength ? -1 : result;
}

function indexOfNumber(buffer, value, byteOffset, isForward) {
  const length = buffer.length;
  const offset = indexOfOffset(length, Math.trunc(byteOffset), 1, isForward);
  if (offset <= -1 || length === 0) return -1;
  return isForward ?
    typedArrayIndexOf.call(buffer, value & 0xff, offset) :
    typedArrayLastIndexOf.call(buffer, value & 0xff, offset);
}

// Finds either the first index of `val` in `buffer` at offset >= `byteOffset`, or the
// last index of `val` in `buffer` at offset <= `byteOffset`.
function bidirectionalIndexOf(buffer, val, byteOffset, encoding, dir) {
  if (!ArrayBuffer.isView(buffer)) {
    throw new codes.ERR_INVALID_ARG_TYPE('buffer', ['Buffer', 'TypedArray', 'DataView'],
                                         buffer);
  }

  if (typeof byteOffset === 'string') {
    encoding = byteOffset;
    byteOffset = undefined;
  } else if (byteOffset > 0x7fffffff) {
    byteOffset = 0x7fffffff;
  } else if (byteOffset < -0x80000000) {
    byteOffset = -0x80000000;
  }
  // Coerce to Number. Values like null and [] become 0.
  byteOffset = +byteOffset;
  // If the offset is undefined, "foo", {}, coerces to NaN, search whole buffer.
  if (Number.isNaN(byteOffset)) byteOffset = dir ? 0 : (buffer.length || buffer.byteLength);
  dir = !!dir;

  if (typeof val === 'number') return indexOfNumber(buffer, val >>> 0, byteOffset, dir);

  const ops = encoding === undefined ? utf8Ops : getEncodingOps(encoding);

  if (typeof val === 'string') {
    if (ops === undefined) throw new codes.ERR_UNKNOWN_ENCODING(encoding);
    if (ops === utf16leOps) {
      return indexOfBytes(buffer, buffer.length & ~1, encodeString(val, ops),
                          byteOffset, dir, true);
    }
    // Node encodes ascii, base64, base64url and hex needles through the pool.
    const needle = ops === utf8Ops || ops === latin1Ops ?
      encodeString(val, ops) : fromStringFast(val, ops);
    return indexOfBytes(buffer, buffer.length, needle, byteOffset, dir, false);
  }

  if (isUint8Array(val))
    return indexOfBytes(buffer, buffer.length, val, byteOffset, dir, ops === utf16leOps);

  throw new codes.ERR_INVALID_ARG_TYPE('value', ['number', 'string', 'Buffer', 'Uint8Array'],
                                       val);
}

function indexOf(val, byteOffset, encoding) {
  return bidirectionalIndexOf(this, val, byteOffset, encoding, true);
}

function lastIndexOf(val, byteOffset, encoding) {
  return bidirectionalIndexOf(this, val, byteOffset, encoding, false);
}

function includes(val, byteOffset, encoding) {
  return this.indexOf(val, byteOffset, encoding) !== -1;
}

// ---------------------------------------------------------------------------------------
// Prototype: fill, copy, slicing, swapping, inspection
// ---------------------------------------------------------------------------------------

// Usage:
//    buffer.fill(number[, offset[, end]])
//    buffer.fill(buffer[, offset[, end]])
//    buffer.fill(string[, offset[, end]][, encoding])
function fill(value, offset, end, encoding) {
  return fillBuffer(this, value, offset, end, encoding);
}

function fillBuffer(buf, value, offset, end, encoding) {
  let ops;
  if (typeof value === 'string') {
    if (offset === undefined || typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      end = buf.length;
    } else if (typeof end === 'string') {
      encoding = end;
      end = buf.length;
    }

    const normalizedEncoding = normalizeEncoding(encoding);
    if (normalizedEncoding === undefined) {
      if (typeof encoding !== 'string')
        throw new codes.ERR_INVALID_ARG_TYPE('encoding', 'string', encoding);
      throw new codes.ERR_UNKNOWN_ENCODING(encoding);
    }
    ops = ENCODING_OPS[normalizedEncoding];

    if (value.length === 0) {
      // If value === '' default to zero.
      value = 0;
    } else if (value.length === 1) {
      // Fast path: If `value` fits into a single byte, use that numeric value.
      if (normalizedEncoding === 'utf8') {
        const code = value.charCodeAt(0);
        if (code < 128) value = code;
      } else if (normalizedEncoding === 'latin1') {
        value = value.charCodeAt(0);
      }
    }
  }

  if (offset === undefined) {
    offset = 0;
    end = buf.length;
  } else {
    validateOffset(offset, 'offset');
    // Invalid ranges are not set to a default, so can range check early.
    if (end === undefined) end = buf.length;
    else validateOffset(end, 'end', 0, buf.length);
    if (offset >= end) return buf;
  }

  if (typeof value === 'string' || ArrayBuffer.isView(value)) {
    if (!fillWithPattern(buf, value, offset, end, ops))
      throw new codes.ERR_INVALID_ARG_VALUE('value', value);
  } else {
    // Numbers, and anything else converted to a number (as Node's C++ does).
    typedArrayFill.call(buf, value, offset, end);
  }
  return buf;
}

// Node's C++ Fill: the encoded string (or the view's bytes) is written once, then repeated.
// utf8 and utf16le strings are encoded whole and cut at byte level; the other encodings are
// decoded straight into the range. Returns false when the value yields no bytes.
function fillWithPattern(buf, value, offset, end, ops) {
  const fillLength = end - offset;
  let patternLength;
  if (typeof value !== 'string') {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    patternLength = bytes.length;
    typedArraySet.call(buf, bytes.subarray(0, Math.min(patternLength, fillLength)), offset);
  } else if (ops === utf8Ops || ops === utf16leOps) {
    const bytes = encodeString(value, ops);
    patternLength = bytes.length;
    typedArraySet.call(buf, bytes.subarray(0, Math.min(patternLength, fillLength)), offset);
  } else {
    patternLength = ops.write(buf, value, offset, fillLength);
  }
  if (patternLength >= fillLength) return true;
  if (patternLength === 0) return false;
  for (let filled = patternLength; filled < fillLength; filled *= 2)
    typedArrayCopyWithin.call(buf, offset + filled, offset,
                              offset + Math.min(filled, fillLength - filled));
  return true;
}

function toInteger(n, defaultVal) {
  n = +n;
  if (!Number.isNaN(n) && n >= Number.MIN_SAFE_INTEGER && n <= Number.MAX_SAFE_INTEGER)
    return ((n % 1) === 0 ? n : Math.floor(n));
  return defaultVal;
}

function copy(target, targetStart, sourceStart, sourceEnd) {
  const source = this;
  if (!isUint8Array(source))
    throw new codes.ERR_INVALID_ARG_TYPE('source', ['Buffer', 'Uint8Array'], source);
  if (!isUint8Array(target))
    throw new codes.ERR_INVALID_ARG_TYPE('target', ['Buffer', 'Uint8Array'], target);

  if (targetStart === undefined) {
    targetStart = 0;
  } else {
    targetStart = Number.isInteger(targetStart) ? targetStart : toInteger(targetStart, 0);
    if (targetStart < 0) throw new codes.ERR_OUT_OF_RANGE('targetStart', '>= 0', targetStart);
  }

  if (sourceStart === undefined) {
    sourceStart = 0;
  } else {
    sourceStart = Number.isInteger(sourceStart) ? sourceStart : toInteger(sourceStart, 0);
    if (sourceStart < 0 || sourceStart > source.length) {
      throw new codes.ERR_OUT_OF_RANGE('sourceStart', `>= 0 && <= ${source.length}`,
                                       sourceStart);
    }
  }

  if (sourceEnd === undefined) {
    sourceEnd = source.length;
  } else {
    sourceEnd = Number.isInteger(sourceEnd) ? sourceEnd : toInteger(sourceEnd, 0);
    if (sourceEnd < 0) throw new codes.ERR_OUT_OF_RANGE('sourceEnd', '>= 0', sourceEnd);
  }

  if (targetStart >= target.length || sourceStart >= sourceEnd) return 0;

  return copyActual(source, target, targetStart, sourceStart, sourceEnd);
}

function copyActual(source, target, targetStart, sourceStart, sourceEnd) {
  if (sourceEnd - sourceStart > target.length - targetStart)
    sourceEnd = sourceStart + target.length - targetStart;

  let nb = sourceEnd - sourceStart;
  const sourceLen = source.length - sourceStart;
  if (nb > sourceLen) nb = sourceLen;

  if (sourceStart !== 0 || sourceEnd < source.length)
    source = new Uint8Array(source.buffer, source.byteOffset + sourceStart, nb);

  typedArraySet.call(target, source, targetStart);
  return nb;
}

function adjustOffset(offset, length) {
  // Math.trunc keeps offsets beyond the int32 range intact.
  offset = Math.trunc(offset);
  if (offset === 0) return 0;
  if (offset < 0) {
    offset += length;
    return offset > 0 ? offset : 0;
  }
  if (offset < length) return offset;
  return Number.isNaN(offset) ? 0 : length;
}

// A view sharing this buffer's memory.
function subarray(start, end) {
  const srcLength = this.length;
  start = adjustOffset(start, srcLength);
  end = end !== undefined ? adjustOffset(end, srcLength) : srcLength;
  const newLength = end > start ? end - start : 0;
  return new FastBuffer(this.buffer, this.byteOffset + start, newLength);
}

function slice(start, end) {
  return this.subarray(start, end);
}

function swap16() {
  const len = this.length;
  if (len % 2 !== 0) throw new codes.ERR_INVALID_BUFFER_SIZE('16-bits');
  for (let i = 0; i < len; i += 2) {
    const t = this[i];
    this[i] = this[i + 1];
    this[i + 1] = t;
  }
  return this;
}

function swap32() {
  const len = this.length;
  if (len % 4 !== 0) throw new codes.ERR_INVALID_BUFFER_SIZE('32-bits');
  for (let i = 0; i < len; i += 4) {
    const t0 = this[i];
    const t1 = this[i + 1];
    this[i] = this[i + 3];
    this[i + 1] = this[i + 2];
    this[i + 2] = t1;
    this[i + 3] = t0;
  }
  return this;
}

function swap64() {
  const len = this.length;
  if (len % 8 !== 0) throw new codes.ERR_INVALID_BUFFER_SIZE('64-bits');
  for (let i = 0; i < len; i += 8) {
    for (let j = 0; j < 4; j++) {
      const t = this[i + j];
      this[i + j] = this[i + 7 - j];
      this[i + 7 - j] = t;
    }
  }
  return this;
}

let INSPECT_MAX_BYTES = 50;

// util.inspect(buf) shows `<Buffer 01 02 ... 48 more bytes>`, plus any own non-index
// properties when util.inspect passes its options.
function inspect(recurseTimes, ctx) {
  const max = INSPECT_MAX_BYTES;
  const actualMax = Math.min(max, this.length);
  const remaining = this.length - max;
  let str = stringSlice(this, 0, actualMax, hexOps).replace(/(.{2})/g, '$1 ').trim();
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  if (ctx) {
    let extras = false;
    const obj = { __proto__: null };
    // Own keys list the indices first.
    const keys = Reflect.ownKeys(this);
    for (let i = this.length; i < keys.length; i++) {
      const key = keys[i];
      if (!ctx.showHidden && !Object.prototype.propertyIsEnumerable.call(this, key)) continue;
      extras = true;
      obj[key] = this[key];
    }
    if (extras) {
      if (this.length !== 0) str += ', ';
      // '[Object: null prototype] {'.length === 26
      const { inspect: utilInspect } = require('util');
      str += utilInspect(obj, { ...ctx, breakLength: Infinity, compact: true }).slice(27, -2);
    }
  }
  return `<${this.constructor.name} ${str}>`;
}

// ---------------------------------------------------------------------------------------
// Prototype: numbers. Offsets must be integers inside the buffer; values must fit.
// ---------------------------------------------------------------------------------------

function boundsError(value, length, type) {
  if (Math.floor(value) !== value) {
    validateNumber(value, type);
    throw new codes.ERR_OUT_OF_RANGE(type || 'offset', 'an integer', value);
  }
  if (length < 0) throw new codes.ERR_BUFFER_OUT_OF_BOUNDS();
  throw new codes.ERR_OUT_OF_RANGE(type || 'offset', `>= ${type ? 1 : 0} and <= ${length}`,
                                   value);
}

// Checks that `byteCount` bytes can be accessed at `offset`.
function checkBounds(buf, offset, byteCount) {
  validateNumber(offset, 'offset');
  if (buf[offset] === undefined || buf[offset + byteCount - 1] === undefined)
    boundsError(offset, buf.length - byteCount);
}

function checkInt(value, min, max, buf, offset, byteCount) {
  if (value > max || value < min) {
    const n = typeof min === 'bigint' ? 'n' : '';
    let range;
    if (byteCount > 4) {
      if (min === 0 || min === 0n) {
        range = `>= 0${n} and < 2${n} ** ${byteCount * 8}${n}`;
      } else {
        range = `>= -(2${n} ** ${byteCount * 8 - 1}${n}) and ` +
                `< 2${n} ** ${byteCount * 8 - 1}${n}`;
      }
    } else {
      range = `>= ${min}${n} and <= ${max}${n}`;
    }
    throw new codes.ERR_OUT_OF_RANGE('value', range, value);
  }
  checkBounds(buf, offset, byteCount);
}

// readUIntLE & co. accept 1 to 6 bytes.
function isSupportedByteLength(byteLength) {
  return Number.isInteger(byteLength) && byteLength >= 1 && byteLength <= 6;
}

function byteLengthError(byteLength) {
  boundsError(byteLength, 6, 'byteLength');
}

// --- integer reads ---

function readUInt8(offset = 0) {
  validateNumber(offset, 'offset');
  const val = this[offset];
  if (val === undefined) boundsError(offset, this.length - 1);
  return val;
}

function readInt8(offset = 0) {
  return (readUInt8.call(this, offset) << 24) >> 24;
}

function readUInt16LE(offset = 0) {
  checkBounds(this, offset, 2);
  return this[offset] + this[offset + 1] * 2 ** 8;
}

function readUInt16BE(offset = 0) {
  checkBounds(this, offset, 2);
  return this[offset] * 2 ** 8 + this[offset + 1];
}

function readInt16LE(offset = 0) {
  return (readUInt16LE.call(this, offset) << 16) >> 16;
}

function readInt16BE(offset = 0) {
  return (readUInt16BE.call(this, offset) << 16) >> 16;
}

function readUInt32LE(offset = 0) {
  checkBounds(this, offset, 4);
  return this[offset] + this[offset + 1] * 2 ** 8 + this[offset + 2] * 2 ** 16 +
    this[offset + 3] * 2 ** 24;
}

function readUInt32BE(offset = 0) {
  checkBounds(this, offset, 4);
  return this[offset] * 2 ** 24 + this[offset + 1] * 2 ** 16 + this[offset + 2] * 2 ** 8 +
    this[offset + 3];
}

function readInt32LE(offset = 0) {
  return readUInt32LE.call(this, offset) | 0;
}

function readInt32BE(offset = 0) {
  return readUInt32BE.call(this, offset) | 0;
}

// Reads `byteCount` (1-6) bytes as an unsigned integer.
function readUnsigned(buf, offset, byteCount, bigEndian) {
  checkBounds(buf, offset, byteCount);
  let value = 0;
  for (let i = 0; i < byteCount; i++)
    value = value * 2 ** 8 + buf[bigEndian ? offset + i : offset + byteCount - 1 - i];
  return value;
}

function readSigned(buf, offset, byteCount, bigEndian) {
  const value = readUnsigned(buf, offset, byteCount, bigEndian);
  return value >= 2 ** (byteCount * 8 - 1) ? value - 2 ** (byteCount * 8) : value;
}

function readUIntLE(offset, byteLength) {
  if (offset === undefined) throw new codes.ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  if (isSupportedByteLength(byteLength))
    return readUnsigned(this, offset, byteLength, false);
  byteLengthError(byteLength);
}

function readUIntBE(offset, byteLength) {
  if (offset === undefined) throw new codes.ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  if (isSupportedByteLength(byteLength))
    return readUnsigned(this, offset, byteLength, true);
  byteLengthError(byteLength);
}

function readIntLE(offset, byteLength) {
  if (offset === undefined) throw new codes.ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  if (isSupportedByteLength(byteLength))
    return readSigned(this, offset, byteLength, false);
  byteLengthError(byteLength);
}

function readIntBE(offset, byteLength) {
  if (offset === undefined) throw new codes.ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  if (isSupportedByteLength(byteLength))
    return readSigned(this, offset, byteLength, true);
  byteLengthError(byteLength);
}

// --- 64-bit integer reads ---

function readBigUInt64LE(offset = 0) {
  checkBounds(this, offset, 8);
  const lo = this[offset] + this[offset + 1] * 2 ** 8 + this[offset + 2] * 2 ** 16 +
    this[offset + 3] * 2 ** 24;
  const hi = this[offset + 4] + this[offset + 5] * 2 ** 8 + this[offset + 6] * 2 ** 16 +
    this[offset + 7] * 2 ** 24;
  return BigInt(lo) + (BigInt(hi) << 32n);
}

function readBigUInt64BE(offset = 0) {
  checkBounds(this, offset, 8);
  const hi = this[offset] * 2 ** 24 + this[offset + 1] * 2 ** 16 + this[offset + 2] * 2 ** 8 +
    this[offset + 3];
  const lo = this[offset + 4] * 2 ** 24 + this[offset + 5] * 2 ** 16 +
    this[offset + 6] * 2 ** 8 + this[offset + 7];
  return (BigInt(hi) << 32n) + BigInt(lo);
}

function readBigInt64LE(offset = 0) {
  return BigInt.asIntN(64, readBigUInt64LE.call(this, offset));
}

function readBigInt64BE(offset = 0) {
  return BigInt.asIntN(64, readBigUInt64BE.call(this, offset));
}

// --- floating point ---

const float32Array = new Float32Array(1);
const uInt8Float32Array = new Uint8Array(float32Array.buffer);
const float64Array = new Float64Array(1);
const uInt8Float64Array = new Uint8Array(float64Array.buffer);

function readFloat(buf, offset, bigEndian) {
  checkBounds(buf, offset, 4);
  for (let i = 0; i < 4; i++) uInt8Float32Array[bigEndian ? 3 - i : i] = buf[offset + i];
  return float32Array[0];
}

function readDouble(buf, offset, bigEndian) {
  checkBounds(buf, offset, 8);
  for (let i = 0; i < 8; i++) uInt8Float64Array[bigEndian ? 7 - i : i] = buf[offset + i];
  return float64Array[0];
}

function writeFloat(buf, value, offset, bigEndian) {
  value = +value;
  checkBounds(buf, offset, 4);
  float32Array[0] = value;
  for (let i = 0; i < 4; i++) buf[offset + i] = uInt8Float32Array[bigEndian ? 3 - i : i];
  return offset + 4;
}

function writeDouble(buf, value, offset, bigEndian) {
  value = +value;
  checkBounds(buf, offset, 8);
  float64Array[0] = value;
  for (let i = 0; i < 8; i++) buf[offset + i] = uInt8Float64Array[bigEndian ? 7 - i : i];
  return offset + 8;
}

// Named as in Node, where "forwards" is the host's byte order (little-endian here).
function readFloatForwards(offset = 0) { return readFloat(this, offset, false); }
function readFloatBackwards(offset = 0) { return readFloat(this, offset, true); }
function readDoubleForwards(offset = 0) { return readDouble(this, offset, false); }
function readDoubleBackwards(offset = 0) { return readDouble(this, offset, true); }
function writeFloatForwards(value, offset = 0) { return writeFloat(this, value, offset, false); }
function writeFloatBackwards(value, offset = 0) { return writeFloat(this, value, offset, true); }
function writeDoubleForwards(value, offset = 0) { return writeDouble(this, value, offset, false); }
function writeDoubleBackwards(value, offset = 0) { return writeDouble(this, value, offset, true); }

// --- integer writes ---

// Stores the low `byteCount` (1-6) bytes of `value` in two's complement. Byte stores wrap
// modulo 256 and `>>>` works modulo 2^32, exactly as in Node.
function writeInteger(buf, value, offset, byteCount, min, max, bigEndian) {
  value = +value;
  if (byteCount === 1) {
    // Unlike wider writes, the offset's type is checked before the value's range.
    validateNumber(offset, 'offset');
    if (value > max || value < min)
      throw new codes.ERR_OUT_OF_RANGE('value', `>= ${min} and <= ${max}`, value);
    if (buf[offset] === undefined) boundsError(offset, buf.length - 1);
    buf[offset] = value;
    return offset + 1;
  }
  checkInt(value, min, max, buf, offset, byteCount);
  const step = bigEndian ? -1 : 1;
  let pos = bigEndian ? offset + byteCount - 1 : offset;
  let low = value;
  for (let i = byteCount < 4 ? byteCount : 4; i > 0; i--, pos += step) {
    buf[pos] = low;
    low = low >>> 8;
  }
  if (byteCount > 4) {
    const high = Math.floor(value * 2 ** -32);
    buf[pos] = high;
    if (byteCount > 5) buf[pos + step] = high >>> 8;
  }
  return offset + byteCount;
}

function writeUInt8(value, offset = 0) {
  return writeInteger(this, value, offset, 1, 0, 0xff, false);
}
function writeUInt16LE(value, offset = 0) {
  return writeInteger(this, value, offset, 2, 0, 0xffff, false);
}
function writeUInt16BE(value, offset = 0) {
  return writeInteger(this, value, offset, 2, 0, 0xffff, true);
}
function writeUInt32LE(value, offset = 0) {
  return writeInteger(this, value, offset, 4, 0, 0xffffffff, false);
}
function writeUInt32BE(value, offset = 0) {
  return writeInteger(this, value, offset, 4, 0, 0xffffffff, true);
}
function writeInt8(value, offset = 0) {
  return writeInteger(this, value, offset, 1, -0x80, 0x7f, false);
}
function writeInt16LE(value, offset = 0) {
  return writeInteger(this, value, offset, 2, -0x8000, 0x7fff, false);
}
function writeInt16BE(value, offset = 0) {
  return writeInteger(this, value, offset, 2, -0x8000, 0x7fff, true);
}
function writeInt32LE(value, offset = 0) {
  return writeInteger(this, value, offset, 4, -0x80000000, 0x7fffffff, false);
}
function writeInt32BE(value, offset = 0) {
  return writeInteger(this, value, offset, 4, -0x80000000, 0x7fffffff, true);
}

function writeUnsigned(buf, value, offset, byteCount, bigEndian) {
  return writeInteger(buf, value, offset, byteCount, 0, 2 ** (byteCount * 8) - 1, bigEndian);
}

function writeSigned(buf, value, offset, byteCount, bigEndian) {
  const limit = 2 ** (byteCount * 8 - 1);
  return writeInteger(buf, value, offset, byteCount, -limit, limit - 1, bigEndian);
}

function writeUIntLE(value, offset, byteLength) {
  if (isSupportedByteLength(byteLength))
    return writeUnsigned(this, value, offset, byteLength, false);
  byteLengthError(byteLength);
}

function writeUIntBE(value, offset, byteLength) {
  if (isSupportedByteLength(byteLength))
    return writeUnsigned(this, value, offset, byteLength, true);
  byteLengthError(byteLength);
}

function writeIntLE(value, offset, byteLength) {
  if (isSupportedByteLength(byteLength))
    return writeSigned(this, value, offset, byteLength, false);
  byteLengthError(byteLength);
}

function writeIntBE(value, offset, byteLength) {
  if (isSupportedByteLength(byteLength))
    return writeSigned(this, value, offset, byteLength, true);
  byteLengthError(byteLength);
}

// --- 64-bit integer writes ---

function writeBigInt64(buf, value, offset, min, max, bigEndian) {
  checkInt(value, min, max, buf, offset, 8);
  let lo = Number(value & 0xffffffffn);
  let hi = Number(value >> 32n & 0xffffffffn);
  const last = offset + 7;
  for (let i = 0; i < 4; i++) {
    buf[bigEndian ? last - i : offset + i] = lo;
    lo = lo >> 8;
  }
  for (let i = 4; i < 8; i++) {
    buf[bigEndian ? last - i : offset + i] = hi;
    hi = hi >> 8;
  }
  return offset + 8;
}

function writeBigUInt64LE(value, offset = 0) {
  return writeBigInt64(this, value, offset, 0n, 0xffffffffffffffffn, false);
}

function writeBigUInt64BE(value, offset = 0) {
  return writeBigInt64(this, value, offset, 0n, 0xffffffffffffffffn, true);
}

function writeBigInt64LE(value, offset = 0) {
  return writeBigInt64(this, value, offset, -0x8000000000000000n, 0x7fffffffffffffffn, false);
}

function writeBigInt64BE(value, offset = 0) {
  return writeBigInt64(this, value, offset, -0x8000000000000000n, 0x7fffffffffffffffn, true);
}

// ---------------------------------------------------------------------------------------
// Buffer.prototype, assigned in Node's order (the methods are enumerable, as in Node)
// ---------------------------------------------------------------------------------------

const proto = Buffer.prototype;

proto.readBigUInt64LE = readBigUInt64LE;
proto.readBigUInt64BE = readBigUInt64BE;
proto.readBigUint64LE = readBigUInt64LE;
proto.readBigUint64BE = readBigUInt64BE;
proto.readBigInt64LE = readBigInt64LE;
proto.readBigInt64BE = readBigInt64BE;
proto.writeBigUInt64LE = writeBigUInt64LE;
proto.writeBigUInt64BE = writeBigUInt64BE;
proto.writeBigUint64LE = writeBigUInt64LE;
proto.writeBigUint64BE = writeBigUInt64BE;
proto.writeBigInt64LE = writeBigInt64LE;
proto.writeBigInt64BE = writeBigInt64BE;

proto.readUIntLE = readUIntLE;
proto.readUInt32LE = readUInt32LE;
proto.readUInt16LE = readUInt16LE;
proto.readUInt8 = readUInt8;
proto.readUIntBE = readUIntBE;
proto.readUInt32BE = readUInt32BE;
proto.readUInt16BE = readUInt16BE;
proto.readUintLE = readUIntLE;
proto.readUint32LE = readUInt32LE;
proto.readUint16LE = readUInt16LE;
proto.readUint8 = readUInt8;
proto.readUintBE = readUIntBE;
proto.readUint32BE = readUInt32BE;
proto.readUint16BE = readUInt16BE;
proto.readIntLE = readIntLE;
proto.readInt32LE = readInt32LE;
proto.readInt16LE = readInt16LE;
proto.readInt8 = readInt8;
proto.readIntBE = readIntBE;
proto.readInt32BE = readInt32BE;
proto.readInt16BE = readInt16BE;

proto.writeUIntLE = writeUIntLE;
proto.writeUInt32LE = writeUInt32LE;
proto.writeUInt16LE = writeUInt16LE;
proto.writeUInt8 = writeUInt8;
proto.writeUIntBE = writeUIntBE;
proto.writeUInt32BE = writeUInt32BE;
proto.writeUInt16BE = writeUInt16BE;
proto.writeUintLE = writeUIntLE;
proto.writeUint32LE = writeUInt32LE;
proto.writeUint16LE = writeUInt16LE;
proto.writeUint8 = writeUInt8;
proto.writeUintBE = writeUIntBE;
proto.writeUint32BE = writeUInt32BE;
proto.writeUint16BE = writeUInt16BE;
proto.writeIntLE = writeIntLE;
proto.writeInt32LE = writeInt32LE;
proto.writeInt16LE = writeInt16LE;
proto.writeInt8 = writeInt8;
proto.writeIntBE = writeIntBE;
proto.writeInt32BE = writeInt32BE;
proto.writeInt16BE = writeInt16BE;

proto.readFloatLE = readFloatForwards;
proto.readFloatBE = readFloatBackwards;
proto.readDoubleLE = readDoubleForwards;
proto.readDoubleBE = readDoubleBackwards;
proto.writeFloatLE = writeFloatForwards;
proto.writeFloatBE = writeFloatBackwards;
proto.writeDoubleLE = writeDoubleForwards;
proto.writeDoubleBE = writeDoubleBackwards;

// Node 22 checks these before calling its C++ writers for ascii, latin1 and utf8.
function checkOneByteWriteRange(buf, offset, length) {
  if (offset < 0 || offset > buf.byteLength) throw new codes.ERR_BUFFER_OUT_OF_BOUNDS('offset');
  if (length < 0) throw new codes.ERR_BUFFER_OUT_OF_BOUNDS('length');
}

// The encoding primitives Node implements in C++.
const encodingMethods = {
  asciiSlice(start, end) { return stringSlice(this, start, end, asciiOps); },
  base64Slice(start, end) { return stringSlice(this, start, end, base64Ops); },
  base64urlSlice(start, end) { return stringSlice(this, start, end, base64urlOps); },
  latin1Slice(start, end) { return stringSlice(this, start, end, latin1Ops); },
  hexSlice(start, end) { return stringSlice(this, start, end, hexOps); },
  ucs2Slice(start, end) { return stringSlice(this, start, end, utf16leOps); },
  utf8Slice(start, end) { return stringSlice(this, start, end, utf8Ops); },
  asciiWrite(string, offset = 0, length = this.byteLength) {
    checkOneByteWriteRange(this, offset, length);
    return stringWrite(this, string, offset, length, asciiOps);
  },
  base64Write(string, offset, length) {
    return stringWrite(this, string, offset, length, base64Ops);
  },
  base64urlWrite(string, offset, length) {
    return stringWrite(this, string, offset, length, base64urlOps);
  },
  latin1Write(string, offset = 0, length = this.byteLength) {
    checkOneByteWriteRange(this, offset, length);
    return stringWrite(this, string, offset, length, latin1Ops);
  },
  hexWrite(string, offset, length) {
    return stringWrite(this, string, offset, length, hexOps);
  },
  ucs2Write(string, offset, length) {
    return stringWrite(this, string, offset, length, utf16leOps);
  },
  utf8Write(string, offset = 0, length = this.byteLength) {
    checkOneByteWriteRange(this, offset, length);
    return stringWrite(this, string, offset, length, utf8Ops);
  },
};
Object.assign(proto, encodingMethods);

// For backwards compatibility.
Object.defineProperty(proto, 'parent', {
  __proto__: null,
  enumerable: true,
  get() {
    if (!(this instanceof Buffer)) return undefined;
    return this.buffer;
  },
});
Object.defineProperty(proto, 'offset', {
  __proto__: null,
  enumerable: true,
  get() {
    if (!(this instanceof Buffer)) return undefined;
    return this.byteOffset;
  },
});

proto.copy = copy;
proto.toString = toString;
proto.equals = equals;
proto[customInspectSymbol] = inspect;
proto.inspect = inspect;
proto.compare = compare;
proto.indexOf = indexOf;
proto.lastIndexOf = lastIndexOf;
proto.includes = includes;
proto.fill = fill;
proto.write = write;
proto.toJSON = toJSON;
proto.subarray = subarray;
proto.slice = slice;
proto.swap16 = swap16;
proto.swap32 = swap32;
proto.swap64 = swap64;
proto.toLocaleString = toString;

// ---------------------------------------------------------------------------------------
// atob and btoa (WHATWG forgiving-base64, with Node's error messages)
// ---------------------------------------------------------------------------------------

function invalidCharacterError(message) {
  if (typeof DOMException === 'function') return new DOMException(message, 'InvalidCharacterError');
  const error = new Error(message);
  error.name = 'InvalidCharacterError';
  error.code = 5; // DOMException.INVALID_CHARACTER_ERR
  return error;
}

function btoa(input) {
  if (arguments.length === 0) throw new codes.ERR_MISSING_ARGS('input');
  const string = `${input}`;
  const bytes = new Uint8Array(string.length);
  for (let i = 0; i < string.length; i++) {
    const code = string.charCodeAt(i);
    if (code > 0xff) throw invalidCharacterError('Invalid character');
    bytes[i] = code;
  }
  return base64Encode(bytes, false);
}

function isAsciiWhitespace(code) {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

// Forgiving-base64 with the checks in the order Node (simdutf) makes them: trailing '='
// (up to two, whitespace around them allowed) are set aside, the rest must be whitespace
// or base64 characters and must not leave a lone sextet, and the padding must complete
// the last group.
function atob(input) {
  if (arguments.length === 0) throw new codes.ERR_MISSING_ARGS('input');
  const string = `${input}`;

  let end = string.length;
  let padding = 0;
  for (;;) {
    while (end > 0 && isAsciiWhitespace(string.charCodeAt(end - 1))) end--;
    if (padding === 2 || end === 0 || string.charCodeAt(end - 1) !== EQUALS) break;
    end--;
    padding++;
  }

  const values = new Uint8Array(end);
  let count = 0;
  for (let i = 0; i < end; i++) {
    const code = string.charCodeAt(i);
    if (isAsciiWhitespace(code)) continue;
    const value = code < 0x100 ? BASE64_STRICT_VALUES[code] : 255;
    if (value === 255) throw invalidCharacterError('Invalid character');
    values[count++] = value;
  }
  if (count % 4 === 1)
    throw invalidCharacterError('The string to be decoded is not correctly encoded.');
  if (padding !== 0 && count % 4 + padding !== 4) throw invalidCharacterError('Invalid character');

  const bytes = new Uint8Array(Math.floor(count * 3 / 4));
  let j = 0;
  for (let i = 0; i < count; i += 4) {
    const remaining = count - i;
    const group = (values[i] << 18) | (values[i + 1] << 12) |
      (remaining > 2 ? values[i + 2] << 6 : 0) | (remaining > 3 ? values[i + 3] : 0);
    bytes[j++] = group >> 16;
    if (remaining > 2) bytes[j++] = (group >> 8) & 0xff;
    if (remaining > 3) bytes[j++] = group & 0xff;
  }
  return codeUnitsToString(bytes);
}

// ---------------------------------------------------------------------------------------
// isUtf8, isAscii
// ---------------------------------------------------------------------------------------

function inputBytes(input) {
  if (isTypedArray(input)) {
    if (!input.buffer.detached) {
      return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    }
  } else if (isAnyArrayBuffer(input)) {
    if (!input.detached) return new Uint8Array(input);
  } else {
    throw new codes.ERR_INVALID_ARG_TYPE('input', ['ArrayBuffer', 'Buffer', 'TypedArray'], input);
  }
  throw new codes.ERR_INVALID_STATE('Cannot validate on a detached buffer');
}

function isUtf8(input) {
  return isValidUtf8(inputBytes(input));
}

function isAscii(input) {
  const bytes = inputBytes(input);
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] > 0x7f) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------
// transcode: reproduces Node's ICU-based conversions between utf8, utf16le, latin1 and
// ascii, including ICU's '?' and U+FFFD substitutions and its errors.
// ---------------------------------------------------------------------------------------

const TRANSCODE_ENCODINGS = ['utf8', 'utf16le', 'latin1', 'ascii'];

function transcodeError(code, errno) {
  const error = new Error(`Unable to transcode Buffer [${code}]`);
  error.code = code;
  error.errno = errno;
  return error;
}

function invalidCharFound() {
  return transcodeError('U_INVALID_CHAR_FOUND', 10);
}

// The source as UTF-16, read the way ICU's converter for this pair of encodings reads it.
function transcodeDecode(source, from, to) {
  const end = source.length;
  switch (from) {
    case 'latin1':
      return latin1Slice(source, 0, end);
    case 'ascii':
      // Straight to UTF-16 bytes are widened; other targets see U+FFFD for bytes >= 0x80.
      return to === 'utf16le' ? latin1Slice(source, 0, end) :
        latin1Slice(source, 0, end).replace(/[\x80-\xff]/g, '\ufffd');
    case 'utf8':
      if (to === 'utf16le' && !isValidUtf8(byteView(source, 0, end))) throw invalidCharFound();
      return decodeUtf8(byteView(source, 0, end));
    default: { // utf16le
      const string = ucs2Slice(source, 0, end);
      if (to === 'utf8') {
        if (string.length === 0 || !string.isWellFormed()) throw invalidCharFound();
        return string;
      }
      // UTF-16 to UTF-16 replaces lone surrogates and a trailing odd byte with U+FFFD.
      if (to === 'utf16le') return string.toWellFormed() + (end % 2 === 1 ? '\ufffd' : '');
      return string;
    }
  }
}

// Characters the target cannot represent (a surrogate pair counts once) become '?'.
function transcodeEncode(string, to) {
  if (to === 'utf8') return Buffer.from(string, 'utf8');
  if (to === 'utf16le') return Buffer.from(string, 'utf16le');
  const max = to === 'latin1' ? 0xff : 0x7f;
  const bytes = Buffer.allocUnsafe(string.length);
  let length = 0;
  for (let i = 0; i < string.length; i++) {
    const unit = string.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && (string.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    bytes[length++] = unit <= max ? unit : 0x3f;
  }
  return bytes.subarray(0, length);
}

function transcode(source, fromEncoding, toEncoding) {
  if (!isUint8Array(source))
    throw new codes.ERR_INVALID_ARG_TYPE('source', ['Buffer', 'Uint8Array'], source);
  if (source.length === 0) return Buffer.alloc(0);

  const from = normalizeEncoding(fromEncoding);
  const to = normalizeEncoding(toEncoding);
  if (!TRANSCODE_ENCODINGS.includes(from) || !TRANSCODE_ENCODINGS.includes(to))
    throw transcodeError('U_ILLEGAL_ARGUMENT_ERROR', 1);

  return transcodeEncode(transcodeDecode(source, from, to), to);
}

// ---------------------------------------------------------------------------------------
// Module exports
// ---------------------------------------------------------------------------------------

const constants = Object.defineProperties({}, {
  MAX_LENGTH: { __proto__: null, value: kMaxLength, writable: false, enumerable: true },
  MAX_STRING_LENGTH: {
    __proto__: null,
    value: kStringMaxLength,
    writable: false,
    enumerable: true,
  },
});

module.exports = {
  Buffer,
  SlowBuffer,
  transcode,
  isUtf8,
  isAscii,

  resolveObjectURL(url) {
    return require('internal/blob').resolveObjectURL(url);
  },

  // Legacy
  kMaxLength,
  kStringMaxLength,
  btoa,
  atob,
};

Object.defineProperties(module.exports, {
  constants: {
    __proto__: null,
    configurable: false,
    enumerable: true,
    value: constants,
  },
  INSPECT_MAX_BYTES: {
    __proto__: null,
    configurable: true,
    enumerable: true,
    get() { return INSPECT_MAX_BYTES; },
    set(val) {
      validateNumber(val, 'INSPECT_MAX_BYTES', 0);
      INSPECT_MAX_BYTES = val;
    },
  },
});

// Blob and File live in internal/blob; the module loads on first use.
for (const name of ['Blob', 'File']) {
  Object.defineProperty(module.exports, name, {
    __proto__: null,
    configurable: true,
    enumerable: true,
    get() { return require('internal/blob')[name]; },
    set(value) {
      Object.defineProperty(this, name, {
        __proto__: null,
        configurable: true,
        enumerable: true,
        writable: true,
        value,
      });
    },
  });
}
