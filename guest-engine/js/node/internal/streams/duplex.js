// internal/streams/duplex — `stream.Duplex`: a Readable that is also a Writable.
//
// Inherits from Readable and copies Writable's methods onto its prototype (so
// `duplex instanceof Writable` comes from Writable's Symbol.hasInstance). Owns the options
// that only make sense for two sides: `allowHalfOpen` (end the writable side when the
// readable side ends, when false), `readable: false` / `writable: false`, and the
// per-side `readableObjectMode` / `writableObjectMode` / `*HighWaterMark`.
// `Duplex.from` is in `duplexify`.

module.exports = Duplex;

const Readable = require('internal/streams/readable');
const Writable = require('internal/streams/writable');
const { kOnConstructed, initStream, presetEventSlots } = require('internal/streams/utils');

Object.setPrototypeOf(Duplex.prototype, Readable.prototype);
Object.setPrototypeOf(Duplex, Readable);

for (const method of Object.keys(Writable.prototype)) {
  Duplex.prototype[method] ||= Writable.prototype[method];
}
// Writable's destroy also fails buffered writes.
Duplex.prototype.destroy = Writable.prototype.destroy;

function Duplex(options) {
  if (!(this instanceof Duplex)) return new Duplex(options);

  presetEventSlots(this, ['close', 'error', 'prefinish', 'finish', 'drain', 'data', 'end', 'readable']);
  this._readableState = new Readable.ReadableState(options, this, true);
  this._writableState = new Writable.WritableState(options, this, true);

  if (options) {
    this.allowHalfOpen = options.allowHalfOpen !== false;

    if (options.readable === false) {
      this._readableState.readable = false;
      this._readableState.ended = true;
      this._readableState.endEmitted = true;
    }

    if (options.writable === false) {
      this._writableState.writable = false;
      this._writableState.ending = true;
      this._writableState.ended = true;
      this._writableState.finished = true;
    }
  } else {
    this.allowHalfOpen = true;
  }

  initStream(this, options, ['read', 'write', 'writev', 'destroy', 'final', 'construct'], () => {
    this._readableState[kOnConstructed](this);
    this._writableState[kOnConstructed](this);
  });
}

function writableDescriptor(name) {
  return { __proto__: null, ...Object.getOwnPropertyDescriptor(Writable.prototype, name) };
}

Object.defineProperties(Duplex.prototype, {
  writable: writableDescriptor('writable'),
  writableHighWaterMark: writableDescriptor('writableHighWaterMark'),
  writableObjectMode: writableDescriptor('writableObjectMode'),
  writableBuffer: writableDescriptor('writableBuffer'),
  writableLength: writableDescriptor('writableLength'),
  writableFinished: writableDescriptor('writableFinished'),
  writableCorked: writableDescriptor('writableCorked'),
  writableEnded: writableDescriptor('writableEnded'),
  writableNeedDrain: writableDescriptor('writableNeedDrain'),

  // Destroyed only once both sides are.
  destroyed: {
    __proto__: null,
    get() {
      if (this._readableState === undefined || this._writableState === undefined) return false;
      return this._readableState.destroyed && this._writableState.destroyed;
    },
    set(value) {
      if (this._readableState && this._writableState) {
        this._readableState.destroyed = value;
        this._writableState.destroyed = value;
      }
    },
  },
});

Duplex.fromWeb = function(pair, options) {
  return require('internal/streams/web-adapters')
    .newStreamDuplexFromReadableWritablePair(pair, options);
};

Duplex.toWeb = function(duplex) {
  return require('internal/streams/web-adapters').newReadableWritablePairFromDuplex(duplex);
};

let duplexify;
Duplex.from = function(body) {
  duplexify ??= require('internal/streams/duplexify');
  return duplexify(body, 'body');
};
