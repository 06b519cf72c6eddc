// internal/blob — the W3C `Blob` and `File`: immutable bytes with a MIME type, built from
// strings (UTF-8, optional native line endings), buffers, views and other blobs; `slice`,
// `text`, `arrayBuffer`, `bytes` and `stream` (a byte ReadableStream). Also the registry of
// blob URLs (`blob:nodedata:<uuid>`) behind URL.createObjectURL/revokeObjectURL and
// buffer.resolveObjectURL.

const kState = Symbol('kState');
const kType = Symbol('kType');
const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

// Chunk size of `blob.stream()`.
const kStreamChunkSize = 65536;

function errors() {
  return require('internal/errors');
}

function isBlob(value) {
  return value?.[kState] !== undefined && (value[kType] === 'Blob' || value[kType] === 'File');
}

function brand(self, name) {
  if (!isBlob(self)) throw new (errors().codes.ERR_INVALID_THIS)(name);
}

// A MIME type keeps only printable ASCII; anything else makes it the empty string.
function normalizeType(type) {
  const text = `${type}`;
  return /^[\x20-\x7e]*$/.test(text) ? text.toLowerCase() : '';
}

function encodeString(text, endings) {
  const string = endings === 'native' ? text.replace(/\r\n|\r|\n/g, '\n') : text;
  return new TextEncoder().encode(string);
}

// The bytes one blob part contributes (not copied; the caller copies them once).
function partBytes(part, endings) {
  if (isBlob(part)) return part[kState].bytes;
  if (part instanceof ArrayBuffer) return new Uint8Array(part);
  if (ArrayBuffer.isView(part)) {
    return new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
  }
  return encodeString(`${part}`, endings);
}

function concatBytes(parts) {
  let length = 0;
  for (const part of parts) length += part.byteLength;
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

function blobOptions(options) {
  const { validateDictionary, codes } = errors();
  validateDictionary(options, 'options');
  const endings = `${options?.endings ?? 'transparent'}`;
  if (endings !== 'transparent' && endings !== 'native') {
    throw new codes.ERR_INVALID_ARG_VALUE('options.endings', endings);
  }
  return { endings, type: normalizeType(options?.type ?? '') };
}

function bytesFromParts(sources, endings) {
  if (sources === null || typeof sources !== 'object' ||
      typeof sources[Symbol.iterator] !== 'function') {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)('sources', 'a sequence', sources);
  }
  const parts = [];
  for (const part of sources) parts.push(partBytes(part, endings));
  return concatBytes(parts);
}

// Relative slice bounds, as Array.prototype.slice resolves them.
function relativeIndex(index, size, fallback) {
  if (index === undefined) return fallback;
  const n = Math.trunc(Number(index)) || 0;
  return n < 0 ? Math.max(size + n, 0) : Math.min(n, size);
}

function blobFromBytes(bytes, type) {
  const blob = Object.create(Blob.prototype);
  blob[kType] = 'Blob';
  blob[kState] = { bytes, type };
  return blob;
}

class Blob {
  constructor(sources = [], options = undefined) {
    const { endings, type } = blobOptions(options);
    this[kType] = 'Blob';
    this[kState] = { bytes: bytesFromParts(sources, endings), type };
  }

  get size() {
    brand(this, 'Blob');
    return this[kState].bytes.byteLength;
  }

  get type() {
    brand(this, 'Blob');
    return this[kState].type;
  }

  slice(start = undefined, end = undefined, contentType = '') {
    brand(this, 'Blob');
    const bytes = this[kState].bytes;
    const from = relativeIndex(start, bytes.byteLength, 0);
    const to = relativeIndex(end, bytes.byteLength, bytes.byteLength);
    // Blobs are immutable, so a slice may share memory with its parent.
    return blobFromBytes(bytes.subarray(from, Math.max(from, to)), normalizeType(contentType));
  }

  text() {
    if (!isBlob(this)) return Promise.reject(new (errors().codes.ERR_INVALID_THIS)('Blob'));
    return Promise.resolve(new TextDecoder().decode(this[kState].bytes));
  }

  arrayBuffer() {
    if (!isBlob(this)) return Promise.reject(new (errors().codes.ERR_INVALID_THIS)('Blob'));
    return Promise.resolve(this[kState].bytes.slice().buffer);
  }

  bytes() {
    if (!isBlob(this)) return Promise.reject(new (errors().codes.ERR_INVALID_THIS)('Blob'));
    return Promise.resolve(this[kState].bytes.slice());
  }

  stream() {
    brand(this, 'Blob');
    const { ReadableStream } = require('internal/webstreams/readablestream');
    const bytes = this[kState].bytes;
    let offset = 0;
    return new ReadableStream({
      type: 'bytes',
      pull(controller) {
        if (offset >= bytes.byteLength) {
          controller.close();
          controller.byobRequest?.respond(0);
          return;
        }
        const end = Math.min(offset + kStreamChunkSize, bytes.byteLength);
        controller.enqueue(bytes.slice(offset, end));
        offset = end;
      },
    });
  }

  [customInspectSymbol](depth, options) {
    if (depth < 0) return this;
    const inspect = require('util').inspect;
    return `${this[kType]} ${inspect(this[kType] === 'File' ? {
      size: this.size, type: this.type, name: this.name, lastModified: this.lastModified,
    } : { size: this.size, type: this.type }, options)}`;
  }
}

Object.defineProperty(Blob.prototype, Symbol.toStringTag, {
  value: 'Blob', configurable: true,
});

class File extends Blob {
  constructor(fileBits, fileName, options = undefined) {
    if (arguments.length < 2) {
      throw new (errors().codes.ERR_MISSING_ARGS)('fileBits', 'fileName');
    }
    super(fileBits, options);
    let lastModified = options?.lastModified;
    if (lastModified === undefined) {
      lastModified = Date.now();
    } else {
      lastModified = Number(lastModified);
      lastModified = Number.isFinite(lastModified) ? Math.trunc(lastModified) : 0;
    }
    this[kType] = 'File';
    this[kState].name = `${fileName}`;
    this[kState].lastModified = lastModified;
  }

  get name() {
    if (this?.[kType] !== 'File') throw new (errors().codes.ERR_INVALID_THIS)('File');
    return this[kState].name;
  }

  get lastModified() {
    if (this?.[kType] !== 'File') throw new (errors().codes.ERR_INVALID_THIS)('File');
    return this[kState].lastModified;
  }
}

Object.defineProperty(File.prototype, Symbol.toStringTag, {
  value: 'File', configurable: true,
});

// The bytes of a blob, shared (callers must not modify them).
function blobBytes(blob) {
  return blob[kState].bytes;
}

// Blob URLs: each names the bytes and type of the blob it was created for.
const objectURLs = new Map();

// The id of a `blob:nodedata:<id>` URL, or undefined for anything else.
function objectURLId(url) {
  let parsed;
  try {
    parsed = new URL(`${url}`);
  } catch {
    return undefined;
  }
  const parts = parsed.pathname.split(':');
  return parsed.protocol === 'blob:' && parts.length === 2 && parts[0] === 'nodedata' ? parts[1] : undefined;
}

function createObjectURL(blob) {
  const id = require('crypto').randomUUID();
  objectURLs.set(id, blob[kState]);
  return `blob:nodedata:${id}`;
}

function revokeObjectURL(url) {
  const id = objectURLId(url);
  if (id !== undefined) objectURLs.delete(id);
}

// A new Blob with the bytes and type registered under `url`, or undefined.
function resolveObjectURL(url) {
  const state = objectURLs.get(objectURLId(url));
  return state === undefined ? undefined : blobFromBytes(state.bytes, state.type);
}

module.exports = {
  Blob, File, isBlob, blobBytes, createObjectURL, revokeObjectURL, resolveObjectURL,
};
