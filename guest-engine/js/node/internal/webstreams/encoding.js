// internal/webstreams/encoding — TextEncoderStream and TextDecoderStream: TransformStreams
// that encode strings to UTF-8 chunks and decode byte chunks to strings, keeping split
// characters across chunk boundaries.

const { kState, kType, invalidThis, customInspectSymbol, customInspect } =
  require('internal/webstreams/util');
const { TransformStream } = require('internal/webstreams/transformstream');
const { TextEncoder, TextDecoder } = require('internal/encoding');

function brand(self, type) {
  if (self?.[kType] !== type) throw invalidThis(type);
}

class TextEncoderStream {
  constructor() {
    const encoder = new TextEncoder();
    // A lead surrogate that ended the previous chunk, waiting for its trail.
    let pendingHighSurrogate = '';
    const transform = new TransformStream({
      transform(chunk, controller) {
        let text = pendingHighSurrogate + `${chunk}`;
        pendingHighSurrogate = '';
        const last = text.charCodeAt(text.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) {
          pendingHighSurrogate = text[text.length - 1];
          text = text.slice(0, -1);
        }
        if (text.length > 0) controller.enqueue(encoder.encode(text));
      },
      flush(controller) {
        if (pendingHighSurrogate !== '') controller.enqueue(new Uint8Array([0xef, 0xbf, 0xbd]));
      },
    });
    this[kType] = 'TextEncoderStream';
    this[kState] = { transform };
  }

  get encoding() {
    brand(this, 'TextEncoderStream');
    return 'utf-8';
  }

  get readable() {
    brand(this, 'TextEncoderStream');
    return this[kState].transform.readable;
  }

  get writable() {
    brand(this, 'TextEncoderStream');
    return this[kState].transform.writable;
  }

  [customInspectSymbol](depth, options) {
    brand(this, 'TextEncoderStream');
    return customInspect(this, 'TextEncoderStream', {
      encoding: 'utf-8',
      readable: this.readable,
      writable: this.writable,
    }, depth, options);
  }
}

Object.defineProperty(TextEncoderStream.prototype, Symbol.toStringTag, {
  value: 'TextEncoderStream', configurable: true,
});

class TextDecoderStream {
  constructor(encoding = 'utf-8', options = {}) {
    const decoder = new TextDecoder(encoding, options);
    const transform = new TransformStream({
      transform(chunk, controller) {
        const text = decoder.decode(chunk, { stream: true });
        if (text !== '') controller.enqueue(text);
      },
      flush(controller) {
        const text = decoder.decode();
        if (text !== '') controller.enqueue(text);
      },
    });
    this[kType] = 'TextDecoderStream';
    this[kState] = { decoder, transform };
  }

  get encoding() {
    brand(this, 'TextDecoderStream');
    return this[kState].decoder.encoding;
  }

  get fatal() {
    brand(this, 'TextDecoderStream');
    return this[kState].decoder.fatal;
  }

  get ignoreBOM() {
    brand(this, 'TextDecoderStream');
    return this[kState].decoder.ignoreBOM;
  }

  get readable() {
    brand(this, 'TextDecoderStream');
    return this[kState].transform.readable;
  }

  get writable() {
    brand(this, 'TextDecoderStream');
    return this[kState].transform.writable;
  }

  [customInspectSymbol](depth, options) {
    brand(this, 'TextDecoderStream');
    return customInspect(this, 'TextDecoderStream', {
      encoding: this.encoding,
      fatal: this.fatal,
      ignoreBOM: this.ignoreBOM,
      readable: this.readable,
      writable: this.writable,
    }, depth, options);
  }
}

Object.defineProperty(TextDecoderStream.prototype, Symbol.toStringTag, {
  value: 'TextDecoderStream', configurable: true,
});

module.exports = { TextEncoderStream, TextDecoderStream };
