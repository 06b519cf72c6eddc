// internal/webstreams/compression — CompressionStream and DecompressionStream: the WHATWG
// compression streams ('gzip', 'deflate', 'deflate-raw'), TransformStreams over node:zlib's
// streams. A decompressor errors on input that ends early, as zlib's finish flush does.

const { kState, kType, invalidThis, customInspectSymbol, customInspect } =
  require('internal/webstreams/util');
const { TransformStream } = require('internal/webstreams/transformstream');
const { codes: { ERR_INVALID_ARG_VALUE } } = require('internal/errors');

function brand(self, type) {
  if (self?.[kType] !== type) throw invalidThis(type);
}

// A TransformStream that feeds `engine` (a zlib Transform) and enqueues what it outputs.
function transformFor(engine) {
  let controller;
  let failure = null;
  engine.on('data', (chunk) => {
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });
  engine.on('error', (error) => {
    failure = error;
    controller.error(error);
  });
  return new TransformStream({
    start(c) {
      controller = c;
    },
    // As in Node, chunks are what a zlib stream takes: strings, Buffers and Uint8Arrays.
    transform(chunk) {
      return new Promise((resolve, reject) => {
        engine.write(chunk, (error) => (error ? reject(error) : resolve()));
      });
    },
    flush() {
      return new Promise((resolve, reject) => {
        if (failure) {
          reject(failure);
          return;
        }
        engine.once('end', resolve);
        engine.once('error', reject);
        engine.end();
      });
    },
  });
}

// Format → [compressor factory, decompressor factory] of node:zlib.
const ENGINES = {
  'gzip': ['createGzip', 'createGunzip'],
  'deflate': ['createDeflate', 'createInflate'],
  'deflate-raw': ['createDeflateRaw', 'createInflateRaw'],
};

function engineFor(format, direction) {
  if (!Object.hasOwn(ENGINES, format)) throw new ERR_INVALID_ARG_VALUE('format', format);
  return require('zlib')[ENGINES[format][direction]]();
}

class CompressionStream {
  constructor(format) {
    const engine = engineFor(`${format}`, 0);
    this[kType] = 'CompressionStream';
    this[kState] = { transform: transformFor(engine) };
  }

  get readable() {
    brand(this, 'CompressionStream');
    return this[kState].transform.readable;
  }

  get writable() {
    brand(this, 'CompressionStream');
    return this[kState].transform.writable;
  }

  [customInspectSymbol](depth, options) {
    return customInspect(this, 'CompressionStream', {
      readable: this.readable,
      writable: this.writable,
    }, depth, options);
  }
}

class DecompressionStream {
  constructor(format) {
    const engine = engineFor(`${format}`, 1);
    this[kType] = 'DecompressionStream';
    this[kState] = { transform: transformFor(engine) };
  }

  get readable() {
    brand(this, 'DecompressionStream');
    return this[kState].transform.readable;
  }

  get writable() {
    brand(this, 'DecompressionStream');
    return this[kState].transform.writable;
  }

  [customInspectSymbol](depth, options) {
    return customInspect(this, 'DecompressionStream', {
      readable: this.readable,
      writable: this.writable,
    }, depth, options);
  }
}

for (const Class of [CompressionStream, DecompressionStream]) {
  Object.defineProperty(Class.prototype, Symbol.toStringTag, {
    value: Class.name, configurable: true,
  });
}

module.exports = { CompressionStream, DecompressionStream };
