// node:querystring — Node's legacy query-string codec: `parse`/`decode`,
// `stringify`/`encode`, `escape`, `unescape` and `unescapeBuffer`.
//
// The behaviour matches Node 22 byte for byte, quirks included: the parser is
// a single-pass state machine that matches multi-character separators
// incrementally, only decodes a key or value once it has seen a valid `%XX`
// triple in it, and falls back to a lenient byte decoder when
// `decodeURIComponent` rejects a malformed sequence; the encoder combines
// surrogates without validating them. `escape`, `unescape` and
// `unescapeBuffer` are looked up on the exports object at call time, because
// Node documents that they may be replaced by users.

const { ERR_INVALID_URI } = require('internal/errors').codes;

const querystring = module.exports = {
  unescapeBuffer,
  unescape: qsUnescape,
  escape: qsEscape,
  stringify,
  encode: stringify,
  parse,
  decode: parse,
};

const hexTable = [];
for (let i = 0; i < 256; ++i) {
  hexTable.push(`%${i < 16 ? '0' : ''}${i.toString(16).toUpperCase()}`);
}

// Value of an ASCII hex digit, or -1.
function hexValue(code) {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 65 && code <= 70) return code - 55; // A-F
  if (code >= 97 && code <= 102) return code - 87; // a-f
  return -1;
}

// ASCII characters `escape` leaves as they are: A-Z a-z 0-9 - . _ ~ ! ' ( ) *
const noEscape = new Int8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!\'()*') {
  noEscape[ch.charCodeAt(0)] = 1;
}

// Percent-encodes the UTF-8 bytes of `str`, leaving the ASCII characters
// marked in `noEscapeTable`. A surrogate always takes the next code unit as
// its partner, whatever that is; one at the very end throws ERR_INVALID_URI.
function encodeStr(str, noEscapeTable) {
  const len = str.length;
  let out = '';
  let lastPos = 0;
  for (let i = 0; i < len; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) {
      if (noEscapeTable[c] === 1) continue;
      out += str.slice(lastPos, i) + hexTable[c];
    } else if (c < 0x800) {
      out += str.slice(lastPos, i) + hexTable[0xC0 | (c >> 6)] + hexTable[0x80 | (c & 0x3F)];
    } else if (c < 0xD800 || c >= 0xE000) {
      out += str.slice(lastPos, i) + hexTable[0xE0 | (c >> 12)] +
        hexTable[0x80 | ((c >> 6) & 0x3F)] + hexTable[0x80 | (c & 0x3F)];
    } else {
      out += str.slice(lastPos, i);
      if (++i >= len) throw new ERR_INVALID_URI();
      c = 0x10000 + (((c & 0x3FF) << 10) | (str.charCodeAt(i) & 0x3FF));
      out += hexTable[0xF0 | (c >> 18)] + hexTable[0x80 | ((c >> 12) & 0x3F)] +
        hexTable[0x80 | ((c >> 6) & 0x3F)] + hexTable[0x80 | (c & 0x3F)];
    }
    lastPos = i + 1;
  }
  if (lastPos === 0) return str;
  return out + str.slice(lastPos);
}

// Decodes `%XX` sequences (and `+` when `decodeSpaces`) into bytes. Other
// characters are stored as their code unit truncated to a byte, as Node does.
function unescapeBuffer(s, decodeSpaces) {
  const { Buffer } = require('buffer');
  const out = Buffer.allocUnsafe(s.length);
  let outIndex = 0;
  let hasHex = false;
  for (let index = 0; index < s.length; index++) {
    let code = s.charCodeAt(index);
    if (code === 43 /* + */ && decodeSpaces) {
      out[outIndex++] = 32;
      continue;
    }
    if (code === 37 /* % */ && index < s.length - 2) {
      const high = hexValue(s.charCodeAt(index + 1));
      const low = hexValue(s.charCodeAt(index + 2));
      if (high >= 0 && low >= 0) {
        hasHex = true;
        code = high * 16 + low;
        index += 2;
      }
    }
    out[outIndex++] = code;
  }
  return hasHex ? out.slice(0, outIndex) : out;
}

function qsUnescape(s, decodeSpaces) {
  try {
    return decodeURIComponent(s);
  } catch {
    return querystring.unescapeBuffer(s, decodeSpaces).toString();
  }
}

function qsEscape(str) {
  if (typeof str !== 'string') {
    if (typeof str === 'object') str = String(str);
    else str += '';
  }
  return encodeStr(str, noEscape);
}

// How `stringify` renders a value with the built-in `escape`: numbers below
// 1e21 need no escaping, anything that is not a primitive becomes ''.
function encodeStringified(v, encode) {
  if (typeof v === 'string') return v.length ? encode(v) : '';
  if (typeof v === 'number' && Number.isFinite(v)) {
    return Math.abs(v) < 1e21 ? `${v}` : encode(`${v}`);
  }
  if (typeof v === 'bigint') return `${v}`;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}

// How `stringify` renders a value with a caller-supplied encoder, which sees
// every value, empty or not.
function encodeStringifiedCustom(v, encode) {
  let s = '';
  if (typeof v === 'string') s = v;
  else if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'bigint') s = `${v}`;
  else if (typeof v === 'boolean') s = v ? 'true' : 'false';
  return encode(s);
}

function stringify(obj, sep, eq, options) {
  sep ||= '&';
  eq ||= '=';
  let encode = querystring.escape;
  if (options && typeof options.encodeURIComponent === 'function') {
    encode = options.encodeURIComponent;
  }
  const convert = encode === qsEscape ? encodeStringified : encodeStringifiedCustom;

  if (obj === null || typeof obj !== 'object') return '';
  let fields = '';
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    const ks = convert(k, encode) + eq;
    if (Array.isArray(v)) {
      if (v.length === 0) continue;
      for (let j = 0; j < v.length; ++j) {
        if (fields) fields += sep;
        fields += ks + convert(v[j], encode);
      }
    } else {
      if (fields) fields += sep;
      fields += ks + convert(v, encode);
    }
  }
  return fields;
}

function charCodes(str) {
  const codes = [];
  for (let i = 0; i < str.length; ++i) codes.push(str.charCodeAt(i));
  return codes;
}

function decodeStr(s, decoder) {
  try {
    return decoder(s);
  } catch {
    return querystring.unescape(s, true);
  }
}

function addKeyVal(obj, key, value, keyEncoded, valEncoded, decode) {
  if (key.length > 0 && keyEncoded) key = decodeStr(key, decode);
  if (value.length > 0 && valEncoded) value = decodeStr(value, decode);
  const current = obj[key];
  if (current === undefined) obj[key] = value;
  else if (current.pop) current[current.length] = value;
  else obj[key] = [current, value];
}

function parse(qs, sep, eq, options) {
  const obj = { __proto__: null };
  if (typeof qs !== 'string' || qs.length === 0) return obj;

  const sepCodes = sep ? charCodes(String(sep)) : [38 /* & */];
  const eqCodes = eq ? charCodes(String(eq)) : [61 /* = */];
  const sepLen = sepCodes.length;
  const eqLen = eqCodes.length;

  // Pairs still allowed; counting down from -1 never reaches 0 (no limit).
  let pairs = 1000;
  if (options && typeof options.maxKeys === 'number') {
    pairs = options.maxKeys > 0 ? options.maxKeys : -1;
  }

  let decode = querystring.unescape;
  if (options && typeof options.decodeURIComponent === 'function') {
    decode = options.decodeURIComponent;
  }
  // A custom decoder is applied to every key and value, with `+` passed on
  // as `%20`; the built-in one only to those holding a valid `%XX`.
  const customDecode = decode !== qsUnescape;
  const plusChar = customDecode ? '%20' : ' ';

  let lastPos = 0; // start of the text not yet copied into `key`/`value`
  let sepIdx = 0; // how many characters of `sep` have matched so far
  let eqIdx = 0; // how many characters of `eq` have matched so far
  let key = '';
  let value = '';
  let keyEncoded = customDecode;
  let valEncoded = customDecode;
  let encodeCheck = 0; // 1 after a `%`, 2 after `%X`; a valid `%XX` sets the flag

  for (let i = 0; i < qs.length; ++i) {
    const code = qs.charCodeAt(i);

    if (code === sepCodes[sepIdx]) {
      if (++sepIdx !== sepLen) continue;
      // A whole separator: the pair ends before it.
      const end = i - sepIdx + 1;
      if (eqIdx < eqLen) {
        if (lastPos < end) {
          key += qs.slice(lastPos, end);
        } else if (key.length === 0) {
          // Nothing between two separators.
          if (--pairs === 0) return obj;
          lastPos = i + 1;
          sepIdx = eqIdx = 0;
          continue;
        }
      } else if (lastPos < end) {
        value += qs.slice(lastPos, end);
      }
      addKeyVal(obj, key, value, keyEncoded, valEncoded, decode);
      if (--pairs === 0) return obj;
      keyEncoded = valEncoded = customDecode;
      key = value = '';
      encodeCheck = 0;
      lastPos = i + 1;
      sepIdx = eqIdx = 0;
      continue;
    }

    sepIdx = 0;
    if (eqIdx < eqLen) {
      // Still in the key.
      if (code === eqCodes[eqIdx]) {
        if (++eqIdx === eqLen) {
          const end = i - eqIdx + 1;
          if (lastPos < end) key += qs.slice(lastPos, end);
          encodeCheck = 0;
          lastPos = i + 1;
        }
        continue;
      }
      eqIdx = 0;
      if (!keyEncoded) {
        if (code === 37 /* % */) {
          encodeCheck = 1;
          continue;
        }
        if (encodeCheck > 0) {
          if (hexValue(code) >= 0) {
            if (++encodeCheck === 3) keyEncoded = true;
            continue;
          }
          encodeCheck = 0;
        }
      }
      if (code === 43 /* + */) {
        if (lastPos < i) key += qs.slice(lastPos, i);
        key += plusChar;
        lastPos = i + 1;
        continue;
      }
    }
    // In the value (or, as Node does, a key character that reaches here).
    if (code === 43 /* + */) {
      if (lastPos < i) value += qs.slice(lastPos, i);
      value += plusChar;
      lastPos = i + 1;
    } else if (!valEncoded) {
      if (code === 37 /* % */) {
        encodeCheck = 1;
      } else if (encodeCheck > 0) {
        if (hexValue(code) >= 0) {
          if (++encodeCheck === 3) valEncoded = true;
        } else {
          encodeCheck = 0;
        }
      }
    }
  }

  // Whatever is left after the last separator.
  if (lastPos < qs.length) {
    if (eqIdx < eqLen) key += qs.slice(lastPos);
    else if (sepIdx < sepLen) value += qs.slice(lastPos);
  } else if (eqIdx === 0 && key.length === 0) {
    return obj;
  }
  addKeyVal(obj, key, value, keyEncoded, valEncoded, decode);
  return obj;
}
