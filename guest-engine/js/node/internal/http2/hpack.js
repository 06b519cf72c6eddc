// HPACK (RFC 7541) for the http2 module: the static table, the canonical Huffman code,
// prefixed integers and string literals, and the header-block Encoder and Decoder that
// each keep their own dynamic table.

const { Buffer } = require('buffer');

// Appendix A: the static table (index 1..61).
const STATIC_TABLE = [
  [':authority', ''], [':method', 'GET'], [':method', 'POST'], [':path', '/'],
  [':path', '/index.html'], [':scheme', 'http'], [':scheme', 'https'], [':status', '200'],
  [':status', '204'], [':status', '206'], [':status', '304'], [':status', '400'],
  [':status', '404'], [':status', '500'], ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'], ['accept-language', ''], ['accept-ranges', ''],
  ['accept', ''], ['access-control-allow-origin', ''], ['age', ''], ['allow', ''],
  ['authorization', ''], ['cache-control', ''], ['content-disposition', ''],
  ['content-encoding', ''], ['content-language', ''], ['content-length', ''],
  ['content-location', ''], ['content-range', ''], ['content-type', ''], ['cookie', ''],
  ['date', ''], ['etag', ''], ['expect', ''], ['expires', ''], ['from', ''], ['host', ''],
  ['if-match', ''], ['if-modified-since', ''], ['if-none-match', ''], ['if-range', ''],
  ['if-unmodified-since', ''], ['last-modified', ''], ['link', ''], ['location', ''],
  ['max-forwards', ''], ['proxy-authenticate', ''], ['proxy-authorization', ''],
  ['range', ''], ['referer', ''], ['refresh', ''], ['retry-after', ''], ['server', ''],
  ['set-cookie', ''], ['strict-transport-security', ''], ['transfer-encoding', ''],
  ['user-agent', ''], ['vary', ''], ['via', ''], ['www-authenticate', ''],
];

// name -> first static index, and "name\0value" -> static index.
const staticNames = new Map();
const staticPairs = new Map();
for (let i = STATIC_TABLE.length - 1; i >= 0; i--) {
  const [name, value] = STATIC_TABLE[i];
  staticNames.set(name, i + 1);
  staticPairs.set(`${name}\0${value}`, i + 1);
}

// Appendix B: the code length of each symbol 0..256 (EOS), as 'A' + length - 5. The code
// is canonical (codes of one length are consecutive, in symbol order, and each length
// continues from the previous one), so the lengths define every code.
const HUFFMAN_LENGTHS =
  'ISXXXXXXXTZXXZXXXXXXXXZXXXXXXXXXBFFHIBDGFFDGDBBBAAABBBBBBBCDKBHFIBCCCCCCCCCCCCCCCCCCCCCC' +
  'DCDIOIJBKABABABBBACCBBBABCBAABCCCCCKGJIXPRPPRRRSRSSSSSTSTTRSTSSSSQRSRSSTRQPRRSSQSRRTQRSS' +
  'QQRQSRSSPRRRSRRSVVPORSRUVVVWWVTUOQVWWVWTQQVVXWWWPTPQRQQSRRUUTTVSVWVVWWWWWXWWWWWVZ';
const EOS = 256;

const codeLength = new Uint8Array(257);
const codeValue = new Uint32Array(257);
// Canonical decoding: for each length, the first code, how many codes, and where their
// symbols start in `sortedSymbols`.
const firstCode = new Uint32Array(31);
const countOfLength = new Uint32Array(31);
const offsetOfLength = new Uint32Array(31);
const sortedSymbols = new Uint16Array(257);
{
  for (let s = 0; s < 257; s++) codeLength[s] = HUFFMAN_LENGTHS.charCodeAt(s) - 60;
  const order = Array.from({ length: 257 }, (_, s) => s)
    .sort((a, b) => codeLength[a] - codeLength[b] || a - b);
  let code = 0;
  let length = codeLength[order[0]];
  for (let i = 0; i < order.length; i++) {
    const s = order[i];
    code *= 2 ** (codeLength[s] - length);
    length = codeLength[s];
    if (countOfLength[length] === 0) {
      firstCode[length] = code;
      offsetOfLength[length] = i;
    }
    countOfLength[length]++;
    codeValue[s] = code;
    sortedSymbols[i] = s;
    code++;
  }
}

class HpackError extends Error {}

function huffmanEncodedLength(bytes) {
  let bits = 0;
  for (let i = 0; i < bytes.length; i++) bits += codeLength[bytes[i]];
  return Math.ceil(bits / 8);
}

function huffmanEncode(bytes, out, pos) {
  let acc = 0;
  let accBits = 0;
  for (let i = 0; i < bytes.length; i++) {
    const len = codeLength[bytes[i]];
    const code = codeValue[bytes[i]];
    // Feed the code in pieces of at most 8 bits so `acc` stays within 32 bits.
    let remaining = len;
    while (remaining > 0) {
      const take = Math.min(remaining, 8);
      remaining -= take;
      acc = (acc << take) | ((code >>> remaining) & ((1 << take) - 1));
      accBits += take;
      if (accBits >= 8) {
        accBits -= 8;
        out[pos++] = (acc >>> accBits) & 0xff;
        acc &= (1 << accBits) - 1;
      }
    }
  }
  if (accBits > 0) {
    // Pad with the most significant bits of EOS (all ones).
    out[pos++] = ((acc << (8 - accBits)) | ((1 << (8 - accBits)) - 1)) & 0xff;
  }
  return pos;
}

function huffmanDecode(buf, start, end) {
  const out = [];
  let code = 0;
  let length = 0;
  for (let i = start; i < end; i++) {
    const byte = buf[i];
    for (let bit = 7; bit >= 0; bit--) {
      code = code * 2 + ((byte >> bit) & 1);
      length++;
      if (length > 30) throw new HpackError('Invalid Huffman code');
      const index = code - firstCode[length];
      if (countOfLength[length] !== 0 && index >= 0 && index < countOfLength[length]) {
        const symbol = sortedSymbols[offsetOfLength[length] + index];
        if (symbol === EOS) throw new HpackError('EOS in Huffman string');
        out.push(symbol);
        code = 0;
        length = 0;
      }
    }
  }
  // Padding: fewer than 8 bits, all ones (a prefix of EOS).
  if (length > 7 || code !== 2 ** length - 1) throw new HpackError('Invalid Huffman padding');
  return Buffer.from(out);
}

function encodeInteger(out, value, prefixBits, firstByteFlags) {
  const max = (1 << prefixBits) - 1;
  if (value < max) {
    out.push(firstByteFlags | value);
    return;
  }
  out.push(firstByteFlags | max);
  value -= max;
  while (value >= 128) {
    out.push((value % 128) + 128);
    value = Math.floor(value / 128);
  }
  out.push(value);
}

function entrySize(name, value) {
  return Buffer.byteLength(name) + Buffer.byteLength(value) + 32;
}

// The dynamic table: newest entry first, evicting from the end.
class DynamicTable {
  constructor(maxSize) {
    this.entries = [];
    this.size = 0;
    this.maxSize = maxSize;
  }

  get(index) {
    return this.entries[index - STATIC_TABLE.length - 1];
  }

  add(name, value) {
    const size = entrySize(name, value);
    this.evictTo(this.maxSize - size);
    if (size > this.maxSize) return;
    this.entries.unshift([name, value, size]);
    this.size += size;
  }

  setMaxSize(maxSize) {
    this.maxSize = maxSize;
    this.evictTo(maxSize);
  }

  evictTo(target) {
    while (this.size > Math.max(target, 0) && this.entries.length > 0) {
      this.size -= this.entries.pop()[2];
    }
  }
}

// Header names whose values vary per message or are secrets, which nghttp2 never adds to
// its dynamic table.
const kNeverIndexedNames = new Set([
  ':path', 'content-length', 'location', 'set-cookie', 'etag', 'if-modified-since',
  'if-none-match', 'age',
]);

class Encoder {
  constructor() {
    this.table = new DynamicTable(4096);
    this.pendingSizeUpdates = [];
  }

  // The peer's SETTINGS_HEADER_TABLE_SIZE: the encoder shrinks to it (never past 4096
  // upward, its own choice) and announces the change in the next block.
  setMaxTableSize(size) {
    const target = Math.min(size, 4096);
    if (target === this.table.maxSize) return;
    this.table.setMaxSize(target);
    this.pendingSizeUpdates.push(target);
  }

  // `headers` is a list of [name, value, sensitive]; names are lower case. Like nghttp2,
  // credentials (authorization, short cookies) are sent never-indexed too.
  encode(headers) {
    const out = [];
    for (const size of this.pendingSizeUpdates) encodeInteger(out, size, 5, 0x20);
    this.pendingSizeUpdates = [];
    for (const [name, value, sensitive] of headers) {
      const neverIndex = sensitive || name === 'authorization' ||
        (name === 'cookie' && value.length < 20);
      if (!neverIndex) {
        const full = this.findPair(name, value);
        if (full !== 0) {
          encodeInteger(out, full, 7, 0x80);
          continue;
        }
      }
      const nameIndex = this.findName(name);
      let indexed = false;
      if (neverIndex) {
        encodeInteger(out, nameIndex, 4, 0x10);
      } else if (kNeverIndexedNames.has(name) ||
                 entrySize(name, value) > this.table.maxSize * 3 / 4) {
        encodeInteger(out, nameIndex, 4, 0x00);
      } else {
        encodeInteger(out, nameIndex, 6, 0x40);
        indexed = true;
      }
      if (nameIndex === 0) this.encodeString(out, name);
      this.encodeString(out, value);
      if (indexed) this.table.add(name, value);
    }
    return Buffer.from(out);
  }

  findPair(name, value) {
    const key = `${name}\0${value}`;
    const index = staticPairs.get(key);
    if (index !== undefined) return index;
    const entries = this.table.entries;
    for (let i = 0; i < entries.length; i++) {
      if (entries[i][0] === name && entries[i][1] === value) return STATIC_TABLE.length + 1 + i;
    }
    return 0;
  }

  findName(name) {
    const index = staticNames.get(name);
    if (index !== undefined) return index;
    const entries = this.table.entries;
    for (let i = 0; i < entries.length; i++) {
      if (entries[i][0] === name) return STATIC_TABLE.length + 1 + i;
    }
    return 0;
  }

  encodeString(out, string) {
    const bytes = Buffer.from(string, 'latin1');
    const huffmanLength = huffmanEncodedLength(bytes);
    if (huffmanLength < bytes.length) {
      encodeInteger(out, huffmanLength, 7, 0x80);
      const encoded = Buffer.allocUnsafe(huffmanLength);
      huffmanEncode(bytes, encoded, 0);
      for (let i = 0; i < encoded.length; i++) out.push(encoded[i]);
    } else {
      encodeInteger(out, bytes.length, 7, 0x00);
      for (let i = 0; i < bytes.length; i++) out.push(bytes[i]);
    }
  }
}

class Decoder {
  constructor(maxTableSize = 4096) {
    this.table = new DynamicTable(maxTableSize);
    // The largest size the peer may switch to (our SETTINGS_HEADER_TABLE_SIZE).
    this.maxAllowedSize = maxTableSize;
  }

  setMaxAllowedSize(size) {
    this.maxAllowedSize = size;
  }

  // Decodes a complete header block into a list of [name, value, neverIndexed].
  decode(buf) {
    const headers = [];
    const state = { pos: 0 };
    const readInteger = (prefixBits) => {
      const max = (1 << prefixBits) - 1;
      let value = buf[state.pos++] & max;
      if (value < max) return value;
      let shift = 1;
      for (;;) {
        if (state.pos >= buf.length) throw new HpackError('Truncated integer');
        const byte = buf[state.pos++];
        value += (byte & 0x7f) * shift;
        shift *= 128;
        if (value > 0xffffffff) throw new HpackError('Integer overflow');
        if ((byte & 0x80) === 0) return value;
      }
    };
    const readString = () => {
      if (state.pos >= buf.length) throw new HpackError('Truncated string');
      const huffman = (buf[state.pos] & 0x80) !== 0;
      const length = readInteger(7);
      const end = state.pos + length;
      if (end > buf.length) throw new HpackError('Truncated string');
      const bytes = huffman ? huffmanDecode(buf, state.pos, end) : buf.subarray(state.pos, end);
      state.pos = end;
      return bytes.toString('latin1');
    };
    const lookup = (index) => {
      if (index === 0) throw new HpackError('Index 0');
      if (index <= STATIC_TABLE.length) return STATIC_TABLE[index - 1];
      const entry = this.table.get(index);
      if (entry === undefined) throw new HpackError('Index out of range');
      return entry;
    };
    let headerSeen = false;
    while (state.pos < buf.length) {
      const byte = buf[state.pos];
      if (byte & 0x80) {
        const [name, value] = lookup(readInteger(7));
        headers.push([name, value, false]);
        headerSeen = true;
      } else if ((byte & 0xe0) === 0x20) {
        if (headerSeen) throw new HpackError('Table size update after a header');
        const size = readInteger(5);
        if (size > this.maxAllowedSize) throw new HpackError('Table size too large');
        this.table.setMaxSize(size);
      } else {
        const incremental = (byte & 0xc0) === 0x40;
        const neverIndexed = (byte & 0xf0) === 0x10;
        const index = readInteger(incremental ? 6 : 4);
        const name = index === 0 ? readString() : lookup(index)[0];
        const value = readString();
        if (incremental) this.table.add(name, value);
        headers.push([name, value, neverIndexed]);
        headerSeen = true;
      }
    }
    return headers;
  }
}

module.exports = {
  Decoder,
  Encoder,
  HpackError,
};
