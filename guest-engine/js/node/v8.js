// node:v8 — the V8-specific API over QuickJS-NG: `serialize`/`deserialize` and the
// `Serializer`/`Deserializer` classes, writing and reading V8's ValueSerializer wire format
// (version 15) so data round-trips with real Node; heap statistics filled from the engine's
// own memory figures (QuickJS's malloc'd bytes and the wasm linear memory);
// `cachedDataVersionTag`; `promiseHooks` (internal/promise_hooks); `setFlagsFromString`
// (recorded in the version tag, otherwise without effect: QuickJS has no V8 flags);
// `isStringOneByteRepresentation`; `startupSnapshot` (never building one). Heap
// snapshots and object queries have no QuickJS counterpart and throw
// ERR_METHOD_NOT_IMPLEMENTED.

const { Buffer } = require('buffer');
const {
  codes: { ERR_METHOD_NOT_IMPLEMENTED, ERR_NOT_BUILDING_SNAPSHOT },
  validateString,
} = require('internal/errors');

const kWireFormatVersion = 15;
// wasm32 linear memory cannot grow past 4 GiB.
const kHeapSizeLimit = 2 ** 32;

const tag = (c) => c.charCodeAt(0);
const T = {
  version: 0xff, padding: 0, verifyObjectCount: tag('?'), theHole: tag('-'),
  undefined: tag('_'), null: tag('0'), true: tag('T'), false: tag('F'),
  int32: tag('I'), uint32: tag('U'), double: tag('N'), bigint: tag('Z'),
  utf8String: tag('S'), oneByteString: tag('"'), twoByteString: tag('c'),
  objectReference: tag('^'), beginObject: tag('o'), endObject: tag('{'),
  beginSparseArray: tag('a'), endSparseArray: tag('@'),
  beginDenseArray: tag('A'), endDenseArray: tag('$'),
  date: tag('D'), trueObject: tag('y'), falseObject: tag('x'), numberObject: tag('n'),
  bigintObject: tag('z'), stringObject: tag('s'), regExp: tag('R'),
  beginMap: tag(';'), endMap: tag(':'), beginSet: tag('\''), endSet: tag(','),
  arrayBuffer: tag('B'), arrayBufferTransfer: tag('t'), arrayBufferView: tag('V'),
  hostObject: tag('\\'), error: tag('r'),
};

// ArrayBufferView subtags of V8's format.
const viewTags = new Map([
  [Int8Array, 'b'], [Uint8Array, 'B'], [Uint8ClampedArray, 'C'], [Int16Array, 'w'],
  [Uint16Array, 'W'], [Int32Array, 'd'], [Uint32Array, 'D'], [Float32Array, 'f'],
  [Float64Array, 'F'], [BigInt64Array, 'q'], [BigUint64Array, 'Q'], [DataView, '?'],
  [globalThis.Float16Array, 'h'],
].filter(([ctor]) => ctor !== undefined).map(([ctor, c]) => [ctor, tag(c)]));
const viewsByTag = new Map([...viewTags].map(([ctor, t]) => [t, ctor]));

// Error prototypes and their tags inside an error record; 'm' message, 'c' cause,
// 's' stack, '.' end.
const errorTags = new Map([
  [EvalError.prototype, 'E'], [RangeError.prototype, 'R'], [ReferenceError.prototype, 'F'],
  [SyntaxError.prototype, 'S'], [TypeError.prototype, 'T'], [URIError.prototype, 'U'],
].map(([proto, c]) => [proto, tag(c)]));
const errorsByTag = new Map([...errorTags].map(([proto, t]) => [t, proto.constructor]));

const regExpFlags = 'gimsuyvd';
const regExpFlagBits = { g: 1, i: 2, m: 4, y: 8, u: 16, s: 32, d: 128, v: 256 };

const float64 = new Float64Array(1);
const float64Bytes = new Uint8Array(float64.buffer);

const isSmi = (value) => Number.isInteger(value) && value >= -(2 ** 30) && value < 2 ** 30 &&
  !Object.is(value, -0);
const isArrayIndex = (key) => /^(0|[1-9]\d*)$/.test(key) && Number(key) < 2 ** 32 - 1;
const isOneByte = (string) => !/[^\x00-\xff]/.test(string);

class Serializer {
  #bytes = new Uint8Array(64);
  #length = 0;
  #ids = new Map();
  #transfers = new Map();
  #viewsAsHostObjects = false;

  #reserve(count) {
    if (this.#length + count <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + count));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
  }

  #byte(value) {
    this.#reserve(1);
    this.#bytes[this.#length++] = value;
  }

  #varint(value) {
    let rest = typeof value === 'bigint' ? value : BigInt(value);
    do {
      let byte = Number(rest & 0x7fn);
      rest >>= 7n;
      if (rest !== 0n) byte |= 0x80;
      this.#byte(byte);
    } while (rest !== 0n);
  }

  #bytesOf(bytes) {
    this.#reserve(bytes.length);
    this.#bytes.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  #string(value) {
    if (isOneByte(value)) {
      this.#byte(T.oneByteString);
      this.#varint(value.length);
      this.#reserve(value.length);
      for (let i = 0; i < value.length; i++) this.#bytes[this.#length++] = value.charCodeAt(i);
      return;
    }
    const byteLength = value.length * 2;
    // Two-byte characters start at an even offset.
    let varintLength = 1;
    while (byteLength >= 2 ** (7 * varintLength)) varintLength++;
    if ((this.#length + 1 + varintLength) & 1) this.#byte(T.padding);
    this.#byte(T.twoByteString);
    this.#varint(byteLength);
    this.#reserve(byteLength);
    for (let i = 0; i < value.length; i++) {
      const unit = value.charCodeAt(i);
      this.#bytes[this.#length++] = unit & 0xff;
      this.#bytes[this.#length++] = unit >> 8;
    }
  }

  #bigint(value) {
    const negative = value < 0n;
    let magnitude = negative ? -value : value;
    const digits = [];
    while (magnitude > 0n) {
      digits.push(magnitude & 0xffffffffffffffffn);
      magnitude >>= 64n;
    }
    this.#varint(digits.length * 8 * 2 + (negative ? 1 : 0));
    const view = new DataView(new ArrayBuffer(digits.length * 8));
    digits.forEach((digit, i) => view.setBigUint64(i * 8, digit, true));
    this.#bytesOf(new Uint8Array(view.buffer));
  }

  #number(value) {
    if (isSmi(value)) {
      this.#byte(T.int32);
      this.#varint(value >= 0 ? value * 2 : -value * 2 - 1);
    } else {
      this.#byte(T.double);
      this.writeDouble(value);
    }
  }

  // V8's DataCloneError text: a function's source, a symbol's description, an object's
  // class.
  #cloneError(value) {
    let shown;
    if (typeof value === 'function') {
      shown = Function.prototype.toString.call(value);
    } else if (typeof value === 'symbol') {
      shown = value.toString();
    } else {
      shown = `#<${Object.getPrototypeOf(value)?.constructor?.name || 'Object'}>`;
    }
    return new this._getDataCloneError(`${shown} could not be cloned.`);
  }

  #properties(object, keys) {
    let count = 0;
    for (const key of keys) {
      if (!Object.prototype.propertyIsEnumerable.call(object, key)) continue;
      if (isArrayIndex(key)) this.#number(Number(key)); else this.#string(key);
      this.#value(object[key]);
      count++;
    }
    return count;
  }

  #value(value) {
    switch (typeof value) {
      case 'undefined': return this.#byte(T.undefined);
      case 'boolean': return this.#byte(value ? T.true : T.false);
      case 'number': return this.#number(value);
      case 'bigint':
        this.#byte(T.bigint);
        return this.#bigint(value);
      case 'string': return this.#string(value);
      case 'symbol':
      case 'function':
        throw this.#cloneError(value);
    }
    if (value === null) return this.#byte(T.null);
    const id = this.#ids.get(value);
    if (id !== undefined) {
      this.#byte(T.objectReference);
      return this.#varint(id);
    }
    if (ArrayBuffer.isView(value) && this.#viewsAsHostObjects) {
      this.#ids.set(value, this.#ids.size);
      this.#byte(T.hostObject);
      return this._writeHostObject(value);
    }
    if (ArrayBuffer.isView(value)) {
      // The buffer goes first, then the view over it.
      this.#value(value.buffer);
      this.#ids.set(value, this.#ids.size);
      this.#byte(T.arrayBufferView);
      this.#byte(viewTags.get(Object.getPrototypeOf(value) === Buffer.prototype ?
        Uint8Array : value.constructor) ?? viewTags.get(Uint8Array));
      this.#varint(value.byteOffset);
      this.#varint(value.byteLength);
      return this.#varint(0);
    }
    this.#ids.set(value, this.#ids.size);
    this.#object(value);
  }

  #object(value) {
    const type = Object.prototype.toString.call(value);
    if (value instanceof ArrayBuffer) {
      const transfer = this.#transfers.get(value);
      if (transfer !== undefined) {
        this.#byte(T.arrayBufferTransfer);
        return this.#varint(transfer);
      }
      this.#byte(T.arrayBuffer);
      this.#varint(value.byteLength);
      return this.#bytesOf(new Uint8Array(value));
    }
    if (Array.isArray(value)) return this.#array(value);
    if (value instanceof Date) {
      this.#byte(T.date);
      return this.writeDouble(value.getTime());
    }
    if (value instanceof RegExp) {
      this.#byte(T.regExp);
      this.#string(value.source);
      let flags = 0;
      for (const flag of value.flags) flags |= regExpFlagBits[flag] ?? 0;
      return this.#varint(flags);
    }
    if (value instanceof Map) {
      this.#byte(T.beginMap);
      const entries = [...value];
      for (const [key, entry] of entries) {
        this.#value(key);
        this.#value(entry);
      }
      this.#byte(T.endMap);
      return this.#varint(entries.length * 2);
    }
    if (value instanceof Set) {
      this.#byte(T.beginSet);
      const entries = [...value];
      for (const entry of entries) this.#value(entry);
      this.#byte(T.endSet);
      return this.#varint(entries.length);
    }
    if (value instanceof Error) return this.#error(value);
    switch (type) {
      case '[object Number]':
        this.#byte(T.numberObject);
        return this.writeDouble(Number.prototype.valueOf.call(value));
      case '[object Boolean]':
        return this.#byte(Boolean.prototype.valueOf.call(value) ? T.trueObject : T.falseObject);
      case '[object String]':
        this.#byte(T.stringObject);
        return this.#string(String.prototype.valueOf.call(value));
      case '[object BigInt]':
        this.#byte(T.bigintObject);
        return this.#bigint(BigInt.prototype.valueOf.call(value));
    }
    if (value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet ||
        value instanceof SharedArrayBuffer || value instanceof WeakRef) {
      throw this.#cloneError(value);
    }
    this.#byte(T.beginObject);
    const count = this.#properties(value, Object.keys(value));
    this.#byte(T.endObject);
    this.#varint(count);
  }

  #array(value) {
    const { length } = value;
    const keys = Object.keys(value);
    let dense = true;
    for (let i = 0; i < length; i++) {
      if (!Object.prototype.hasOwnProperty.call(value, i)) {
        dense = false;
        break;
      }
    }
    if (dense) {
      this.#byte(T.beginDenseArray);
      this.#varint(length);
      for (let i = 0; i < length; i++) this.#value(value[i]);
      const count = this.#properties(value, keys.filter((key) => !isArrayIndex(key)));
      this.#byte(T.endDenseArray);
      this.#varint(count);
      return this.#varint(length);
    }
    this.#byte(T.beginSparseArray);
    this.#varint(length);
    const count = this.#properties(value, keys);
    this.#byte(T.endSparseArray);
    this.#varint(count);
    this.#varint(length);
  }

  #error(value) {
    this.#byte(T.error);
    let proto = Object.getPrototypeOf(value);
    while (proto !== null && !errorTags.has(proto) && proto !== Error.prototype) {
      proto = Object.getPrototypeOf(proto);
    }
    if (errorTags.has(proto)) this.#byte(errorTags.get(proto));
    const message = Object.getOwnPropertyDescriptor(value, 'message');
    if (message && 'value' in message) {
      this.#byte(tag('m'));
      this.#string(String(message.value));
    }
    if (Object.prototype.hasOwnProperty.call(value, 'cause')) {
      this.#byte(tag('c'));
      this.#value(value.cause);
    }
    const { stack } = value;
    if (typeof stack === 'string') {
      this.#byte(tag('s'));
      this.#string(stack);
    }
    this.#byte(tag('.'));
  }

  writeHeader() {
    this.#byte(T.version);
    this.#varint(kWireFormatVersion);
  }

  writeValue(value) {
    this.#value(value);
    return true;
  }

  releaseBuffer() {
    const result = Buffer.from(this.#bytes.buffer, 0, this.#length);
    this.#bytes = new Uint8Array(64);
    this.#length = 0;
    this.#ids = new Map();
    return result;
  }

  transferArrayBuffer(id, arrayBuffer) {
    this.#transfers.set(arrayBuffer, id);
  }

  writeUint32(value) {
    this.#varint(value >>> 0);
  }

  writeUint64(hi, lo) {
    this.#varint((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
  }

  writeDouble(value) {
    float64[0] = value;
    this.#bytesOf(float64Bytes);
  }

  writeRawBytes(source) {
    if (!ArrayBuffer.isView(source)) throw new TypeError('source must be a TypedArray or a DataView');
    this.#bytesOf(new Uint8Array(source.buffer, source.byteOffset, source.byteLength));
  }

  _setTreatArrayBufferViewsAsHostObjects(flag) {
    this.#viewsAsHostObjects = Boolean(flag);
  }

  _writeHostObject(object) {
    throw new this._getDataCloneError(`Unserializable host object: ${object}`);
  }
}

Serializer.prototype._getDataCloneError = Error;

class Deserializer {
  #bytes;
  #offset = 0;
  #version = 0;
  #objects = [];
  #transfers = new Map();

  constructor(buffer) {
    if (!ArrayBuffer.isView(buffer)) throw new TypeError('buffer must be a TypedArray or a DataView');
    Object.defineProperty(this, 'buffer', {
      __proto__: null, value: buffer, enumerable: true, writable: false, configurable: false,
    });
    this.#bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  #fail() {
    return new Error('Unable to deserialize cloned data.');
  }

  #byte() {
    if (this.#offset >= this.#bytes.length) throw this.#fail();
    return this.#bytes[this.#offset++];
  }

  #varint() {
    let result = 0n;
    let shift = 0n;
    let byte;
    do {
      byte = this.#byte();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
    } while (byte & 0x80);
    return result;
  }

  #uint() {
    return Number(this.#varint());
  }

  #raw(length) {
    if (this.#offset + length > this.#bytes.length) throw this.#fail();
    const start = this.#offset;
    this.#offset += length;
    return start;
  }

  #oneByte(length) {
    const start = this.#raw(length);
    let result = '';
    for (let i = start; i < start + length; i++) result += String.fromCharCode(this.#bytes[i]);
    return result;
  }

  #string() {
    const t = this.#tag();
    const length = this.#uint();
    switch (t) {
      case T.oneByteString: return this.#oneByte(length);
      case T.twoByteString: {
        const start = this.#raw(length);
        let result = '';
        for (let i = start; i + 1 < start + length; i += 2) {
          result += String.fromCharCode(this.#bytes[i] | (this.#bytes[i + 1] << 8));
        }
        return result;
      }
      case T.utf8String: {
        const start = this.#raw(length);
        return Buffer.from(this.#bytes.buffer, this.#bytes.byteOffset + start, length).toString('utf8');
      }
    }
    throw this.#fail();
  }

  // The next tag, past padding and object-count checks.
  #tag() {
    for (;;) {
      const t = this.#byte();
      if (t === T.verifyObjectCount) {
        this.#varint();
      } else if (t !== T.padding) {
        return t;
      }
    }
  }

  #peekTag() {
    const offset = this.#offset;
    const t = this.#tag();
    this.#offset = offset;
    return t;
  }

  #double() {
    const start = this.#raw(8);
    float64Bytes.set(this.#bytes.subarray(start, start + 8));
    return float64[0];
  }

  #bigint() {
    const bitfield = this.#uint();
    const byteLength = bitfield >> 1;
    const start = this.#raw(byteLength);
    let magnitude = 0n;
    for (let i = byteLength - 1; i >= 0; i--) {
      magnitude = (magnitude << 8n) | BigInt(this.#bytes[start + i]);
    }
    return bitfield & 1 ? -magnitude : magnitude;
  }

  #remember(object) {
    this.#objects.push(object);
    return object;
  }

  #properties(object, endTag) {
    let count = 0;
    while (this.#peekTag() !== endTag) {
      const key = this.#value();
      object[key] = this.#value();
      count++;
    }
    this.#tag();
    return count;
  }

  #value() {
    const t = this.#tag();
    switch (t) {
      case T.undefined: return undefined;
      case T.null: return null;
      case T.true: return true;
      case T.false: return false;
      case T.int32: {
        const zigzag = this.#varint();
        return Number((zigzag >> 1n) ^ -(zigzag & 1n));
      }
      case T.uint32: return this.#uint();
      case T.double: return this.#double();
      case T.bigint: return this.#bigint();
      case T.oneByteString:
      case T.twoByteString:
      case T.utf8String:
        this.#offset--;
        return this.#string();
      case T.objectReference: {
        const id = this.#uint();
        if (id >= this.#objects.length) throw this.#fail();
        return this.#objects[id];
      }
      case T.beginObject: {
        const object = this.#remember({});
        this.#properties(object, T.endObject);
        this.#uint();
        return object;
      }
      case T.beginDenseArray: {
        const length = this.#uint();
        const array = this.#remember(new Array(length));
        for (let i = 0; i < length; i++) {
          if (this.#peekTag() === T.theHole) {
            this.#tag();
          } else {
            array[i] = this.#value();
          }
        }
        this.#properties(array, T.endDenseArray);
        this.#uint();
        this.#uint();
        return array;
      }
      case T.beginSparseArray: {
        const array = this.#remember(new Array(this.#uint()));
        this.#properties(array, T.endSparseArray);
        this.#uint();
        this.#uint();
        return array;
      }
      case T.date: return this.#remember(new Date(this.#double()));
      case T.trueObject: return this.#remember(Object(true));
      case T.falseObject: return this.#remember(Object(false));
      case T.numberObject: return this.#remember(Object(this.#double()));
      case T.bigintObject: return this.#remember(Object(this.#bigint()));
      case T.stringObject: return this.#remember(Object(this.#string()));
      case T.regExp: {
        const source = this.#string();
        const bits = this.#uint();
        const flags = [...regExpFlags].filter((flag) => bits & regExpFlagBits[flag]).join('');
        return this.#remember(new RegExp(source, flags));
      }
      case T.beginMap: {
        const map = this.#remember(new Map());
        while (this.#peekTag() !== T.endMap) map.set(this.#value(), this.#value());
        this.#tag();
        this.#uint();
        return map;
      }
      case T.beginSet: {
        const set = this.#remember(new Set());
        while (this.#peekTag() !== T.endSet) set.add(this.#value());
        this.#tag();
        this.#uint();
        return set;
      }
      case T.arrayBuffer: {
        const length = this.#uint();
        const start = this.#raw(length);
        return this.#view(this.#remember(this.#bytes.slice(start, start + length).buffer));
      }
      case T.arrayBufferTransfer: {
        const id = this.#uint();
        if (!this.#transfers.has(id)) throw this.#fail();
        return this.#view(this.#remember(this.#transfers.get(id)));
      }
      case T.hostObject: {
        const index = this.#objects.length;
        this.#objects.push(undefined);
        const object = this._readHostObject();
        this.#objects[index] = object;
        return object;
      }
      case T.error: return this.#remember(this.#error());
    }
    throw this.#fail();
  }

  // A view tag right after an ArrayBuffer makes the value a view over it.
  #view(arrayBuffer) {
    if (this.#peekTag() !== T.arrayBufferView) return arrayBuffer;
    this.#tag();
    const ctor = viewsByTag.get(this.#byte());
    const byteOffset = this.#uint();
    const byteLength = this.#uint();
    if (this.#version >= 14) this.#uint();
    if (ctor === undefined) throw this.#fail();
    const view = ctor === DataView ?
      new DataView(arrayBuffer, byteOffset, byteLength) :
      new ctor(arrayBuffer, byteOffset, byteLength / ctor.BYTES_PER_ELEMENT);
    return this.#remember(view);
  }

  #error() {
    let ctor = Error;
    let message;
    let stack;
    let cause;
    let hasCause = false;
    for (;;) {
      const t = this.#byte();
      if (t === tag('.')) break;
      if (t === tag('m')) {
        message = this.#string();
      } else if (t === tag('s')) {
        stack = this.#string();
      } else if (t === tag('c')) {
        cause = this.#value();
        hasCause = true;
      } else if (errorsByTag.has(t)) {
        ctor = errorsByTag.get(t);
      } else {
        throw this.#fail();
      }
    }
    const error = hasCause ? new ctor(message, { cause }) : new ctor(message);
    if (message === undefined) delete error.message;
    if (stack !== undefined) {
      Object.defineProperty(error, 'stack', {
        __proto__: null, value: stack, writable: true, enumerable: false, configurable: true,
      });
    }
    return error;
  }

  readHeader() {
    if (this.#peekTag() === T.version) {
      this.#tag();
      this.#version = this.#uint();
      if (this.#version > kWireFormatVersion) throw this.#fail();
    }
    return true;
  }

  readValue() {
    return this.#value();
  }

  getWireFormatVersion() {
    return this.#version;
  }

  transferArrayBuffer(id, arrayBuffer) {
    this.#transfers.set(id, arrayBuffer);
  }

  // Runs one of the public raw reads, failing as V8's `Read<what>() failed`.
  #read(what, read) {
    const offset = this.#offset;
    try {
      return read();
    } catch {
      this.#offset = offset;
      throw new Error(`${what}() failed`);
    }
  }

  readUint32() {
    return this.#read('ReadUint32', () => this.#uint() >>> 0);
  }

  readUint64() {
    const value = this.#read('ReadUint64', () => this.#varint());
    return [Number((value >> 32n) & 0xffffffffn), Number(value & 0xffffffffn)];
  }

  readDouble() {
    return this.#read('ReadDouble', () => this.#double());
  }

  _readRawBytes(length) {
    return this.#read('ReadRawBytes', () => this.#raw(length));
  }

  readRawBytes(length) {
    const offset = this._readRawBytes(length);
    return Buffer.from(this.#bytes.buffer, this.#bytes.byteOffset + offset, length);
  }

  _readHostObject() {
    throw this.#fail();
  }
}

// Node's own serialization (v8.serialize/deserialize) writes ArrayBufferViews as host
// objects: a type index, the byte length and only the view's bytes, so a Buffer from the
// shared pool does not carry the whole pool.
const hostViewTypes = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array,
  Int32Array, Uint32Array, Float32Array, Float64Array, DataView, Buffer, BigInt64Array,
  BigUint64Array, globalThis.Float16Array].filter((ctor) => ctor !== undefined);
// Views are matched by their toStringTag, so subclasses serialize as their base type.
const hostViewIndexByTag = new Map(hostViewTypes
  .map((ctor, i) => [ctor, i])
  .filter(([ctor]) => ctor !== Buffer)
  .map(([ctor, i]) => [Object.prototype.toString.call(new ctor(new ArrayBuffer(8))), i]));

class DefaultSerializer extends Serializer {
  constructor() {
    super();
    this._setTreatArrayBufferViewsAsHostObjects(true);
  }

  _writeHostObject(view) {
    const index = view.constructor === Buffer ? hostViewTypes.indexOf(Buffer) :
      hostViewIndexByTag.get(Object.prototype.toString.call(view));
    if (index === undefined) {
      throw new this._getDataCloneError(
        `Unserializable host object: ${require('util').inspect(view)}`);
    }
    this.writeUint32(index);
    this.writeUint32(view.byteLength);
    this.writeRawBytes(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  }
}

class DefaultDeserializer extends Deserializer {
  _readHostObject() {
    const type = hostViewTypes[this.readUint32()];
    if (type === undefined) throw new Error('Unable to deserialize cloned data.');
    const byteLength = this.readUint32();
    const offset = this._readRawBytes(byteLength);
    const start = this.buffer.byteOffset + offset;
    const copy = this.buffer.buffer.slice(start, start + byteLength);
    if (type === Buffer) return Buffer.from(copy);
    if (type === DataView) return new DataView(copy);
    return new type(copy, 0, byteLength / type.BYTES_PER_ELEMENT);
  }
}

function serialize(value) {
  const serializer = new DefaultSerializer();
  serializer.writeHeader();
  serializer.writeValue(value);
  return serializer.releaseBuffer();
}

function deserialize(buffer) {
  const deserializer = new DefaultDeserializer(buffer);
  deserializer.readHeader();
  return deserializer.readValue();
}

// ---------------------------------------------------------------------------------------
// Heap figures

function memory() {
  const { heapUsed, heapTotal } = binding('process').memoryUsage();
  return { used: heapUsed, total: heapTotal };
}

function getHeapStatistics() {
  const { used, total } = memory();
  return {
    total_heap_size: total,
    total_heap_size_executable: 0,
    total_physical_size: total,
    total_available_size: kHeapSizeLimit - used,
    used_heap_size: used,
    heap_size_limit: kHeapSizeLimit,
    malloced_memory: used,
    peak_malloced_memory: total,
    does_zap_garbage: 0,
    number_of_native_contexts: 1,
    number_of_detached_contexts: 0,
    total_global_handles_size: 0,
    used_global_handles_size: 0,
    external_memory: 0,
  };
}

// V8's space names; QuickJS has a single malloc heap, reported as old_space.
const heapSpaces = ['read_only_space', 'new_space', 'old_space', 'code_space', 'shared_space',
  'trusted_space', 'new_large_object_space', 'large_object_space',
  'code_large_object_space', 'shared_large_object_space', 'trusted_large_object_space'];

function getHeapSpaceStatistics() {
  const { used, total } = memory();
  return heapSpaces.map((name) => {
    const whole = name === 'old_space';
    return {
      space_name: name,
      space_size: whole ? total : 0,
      space_used_size: whole ? used : 0,
      space_available_size: whole ? total - used : 0,
      physical_space_size: whole ? total : 0,
    };
  });
}

function getHeapCodeStatistics() {
  return {
    code_and_metadata_size: 0,
    bytecode_and_metadata_size: 0,
    external_script_source_size: 0,
    cpu_profiler_metadata_size: 0,
  };
}

// ---------------------------------------------------------------------------------------
// Flags and versions

let flags = '';

function setFlagsFromString(value) {
  validateString(value, 'flags');
  flags += ` ${value}`;
}

// Like V8's, the tag covers the engine version and the flags set so far.
function cachedDataVersionTag() {
  let hash = 0x811c9dc5;
  for (const char of `${process.version} quickjs-${process.versions.quickjs}${flags}`) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  }
  return hash >>> 0;
}

function isStringOneByteRepresentation(content) {
  validateString(content, 'content');
  return isOneByte(content);
}

function notImplemented(name) {
  return function unsupported() {
    throw new ERR_METHOD_NOT_IMPLEMENTED(name);
  };
}

// Coverage is only collected under NODE_V8_COVERAGE, which this engine never sets, so
// both are no-ops as they are in Node without it.
function takeCoverage() {}
function stopCoverage() {}

// This engine never builds a startup snapshot, so the snapshot hooks refuse as Node's do
// outside `--build-snapshot`.
function notBuildingSnapshot() {
  throw new ERR_NOT_BUILDING_SNAPSHOT();
}
const startupSnapshot = {
  isBuildingSnapshot: () => false,
  addSerializeCallback: notBuildingSnapshot,
  addDeserializeCallback: notBuildingSnapshot,
  setDeserializeMainFunction: notBuildingSnapshot,
};

module.exports = {
  cachedDataVersionTag,
  getHeapSnapshot: notImplemented('getHeapSnapshot'),
  getHeapStatistics,
  getHeapSpaceStatistics,
  getHeapCodeStatistics,
  isStringOneByteRepresentation,
  queryObjects: notImplemented('queryObjects'),
  setFlagsFromString,
  setHeapSnapshotNearHeapLimit: notImplemented('setHeapSnapshotNearHeapLimit'),
  writeHeapSnapshot: notImplemented('writeHeapSnapshot'),
  takeCoverage,
  stopCoverage,
  promiseHooks: require('internal/promise_hooks').promiseHooks,
  startupSnapshot,
  Serializer,
  Deserializer,
  DefaultSerializer,
  DefaultDeserializer,
  serialize,
  deserialize,
};
