// internal/structured_clone — `structuredClone(value, { transfer })` as
// Node 22 behaves (V8's ValueSerializer run through Node's messaging layer),
// done in one pass over the value graph in plain JS.
//
// Cloned: primitives but symbols; Boolean/Number/String/BigInt wrappers;
// Date; RegExp (lastIndex reset); ArrayBuffer (resizability kept), typed
// arrays and DataViews (on the cloned buffer); Map; Set; arrays (length,
// holes and extra properties); Error objects (name, message, stack, cause);
// Blob; the host objects other builtins register as cloneable (X509Certificate);
// and every other object as a plain object of its own enumerable
// string-keyed properties, whatever its prototype — getters are run,
// prototypes and private state are lost. Shared references and cycles are
// kept. Functions, symbols, Symbol wrappers, WeakMap, WeakSet, WeakRef,
// FinalizationRegistry, Promise, generators, built-in iterators, arguments
// objects, the global object and the types registered through
// `registerUncloneableType` throw a DataCloneError with V8's message.
//
// Transferred ArrayBuffers are copied into the clone, and the originals are
// detached afterwards (through ArrayBuffer.prototype.transfer) once the whole
// clone has succeeded. Other builtins register the host objects that can be
// transferred (MessagePort): such an object must be in the transfer list to
// appear in a message, and is replaced in the clone by the object its type
// prepares, which takes over once the clone has succeeded. Objects can be
// marked uncloneable or untransferable (`worker_threads.markAsUncloneable`,
// `markAsUntransferable`). What plain JS cannot reproduce: a SharedArrayBuffer
// comes back as the same object rather than a new one over the same memory,
// proxies are cloned through their traps instead of being refused, and a view
// of a resizable buffer is taken to track its length when it reaches the end
// of the buffer.

const ObjectPrototypeToString = Object.prototype.toString;
const FunctionPrototypeToString = Function.prototype.toString;
const hasOwn = Object.prototype.hasOwnProperty;

function getter(proto, name) {
  return Object.getOwnPropertyDescriptor(proto, name)?.get;
}

const DatePrototypeGetTime = Date.prototype.getTime;
const BooleanPrototypeValueOf = Boolean.prototype.valueOf;
const NumberPrototypeValueOf = Number.prototype.valueOf;
const StringPrototypeValueOf = String.prototype.valueOf;
const BigIntPrototypeValueOf = BigInt.prototype.valueOf;
const SymbolPrototypeValueOf = Symbol.prototype.valueOf;
const MapPrototypeForEach = Map.prototype.forEach;
const MapPrototypeSet = Map.prototype.set;
const SetPrototypeForEach = Set.prototype.forEach;
const SetPrototypeAdd = Set.prototype.add;
const WeakMapPrototypeHas = WeakMap.prototype.has;
const WeakSetPrototypeHas = WeakSet.prototype.has;
const WeakRefPrototypeDeref = WeakRef.prototype.deref;
const FinalizationRegistryPrototypeUnregister = FinalizationRegistry.prototype.unregister;
const RegExpPrototypeGetSource = getter(RegExp.prototype, 'source');
const regExpFlagGetters = [
  ['d', getter(RegExp.prototype, 'hasIndices')],
  ['g', getter(RegExp.prototype, 'global')],
  ['i', getter(RegExp.prototype, 'ignoreCase')],
  ['m', getter(RegExp.prototype, 'multiline')],
  ['s', getter(RegExp.prototype, 'dotAll')],
  ['u', getter(RegExp.prototype, 'unicode')],
  ['v', getter(RegExp.prototype, 'unicodeSets')],
  ['y', getter(RegExp.prototype, 'sticky')],
].filter(([, get]) => get !== undefined);
const ArrayBufferPrototypeGetByteLength = getter(ArrayBuffer.prototype, 'byteLength');
const ArrayBufferPrototypeGetResizable = getter(ArrayBuffer.prototype, 'resizable');
const ArrayBufferPrototypeGetMaxByteLength = getter(ArrayBuffer.prototype, 'maxByteLength');
// ES2024; without them nothing can be detached.
const ArrayBufferPrototypeGetDetached = getter(ArrayBuffer.prototype, 'detached');
const ArrayBufferPrototypeTransfer = ArrayBuffer.prototype.transfer;
const SharedArrayBufferPrototypeGetByteLength = getter(SharedArrayBuffer.prototype, 'byteLength');
const DataViewPrototypeGetBuffer = getter(DataView.prototype, 'buffer');
const DataViewPrototypeGetByteOffset = getter(DataView.prototype, 'byteOffset');
const DataViewPrototypeGetByteLength = getter(DataView.prototype, 'byteLength');
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const TypedArrayPrototypeGetTag = getter(TypedArrayPrototype, Symbol.toStringTag);
const TypedArrayPrototypeGetBuffer = getter(TypedArrayPrototype, 'buffer');
const TypedArrayPrototypeGetByteOffset = getter(TypedArrayPrototype, 'byteOffset');
const TypedArrayPrototypeGetByteLength = getter(TypedArrayPrototype, 'byteLength');
const TypedArrayPrototypeGetLength = getter(TypedArrayPrototype, 'length');

const typedArrayConstructors = { __proto__: null };
for (const name of [
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
  'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
]) {
  if (typeof globalThis[name] === 'function') typedArrayConstructors[name] = globalThis[name];
}

// The prototypes V8 recognises in an error's `name`; anything else is Error.
const errorConstructors = {
  __proto__: null,
  EvalError,
  RangeError,
  ReferenceError,
  SyntaxError,
  TypeError,
  URIError,
};

// Objects with internal state V8's serializer refuses, by their tag.
const uncloneableTags = new Set([
  'Arguments', 'Generator', 'AsyncGenerator', 'Array Iterator', 'Map Iterator', 'Set Iterator',
  'String Iterator', 'RegExp String Iterator', 'Iterator Helper', 'Module',
]);

const uncloneableTypes = [];
const transferableTypes = [];
const cloneableTypes = [];
const uncloneableObjects = new WeakSet();
const untransferableObjects = new WeakSet();

function isObjectLike(value) {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function markAsUncloneable(value) {
  if (isObjectLike(value)) uncloneableObjects.add(value);
}

function markAsUntransferable(value) {
  if (isObjectLike(value)) untransferableObjects.add(value);
}

function isMarkedAsUntransferable(value) {
  return isObjectLike(value) && untransferableObjects.has(value);
}

// Lets another builtin make its host objects transferable. `type` has `name`,
// `isInstance(value)`, `validate(value)` (throws when `value` cannot be
// transferred now), `prepare(value)` (the object standing for it in the clone)
// and `commit(value, replacement)` (hands it over once the clone succeeded).
function registerTransferableType(type) {
  transferableTypes.push(type);
}

function transferableTypeOf(value) {
  return transferableTypes.find((type) => type.isInstance(value));
}

// Lets another builtin refuse its host objects (Node's "untransferable and
// uncloneable" marking): `isInstance(value)` tells one of them.
function registerUncloneableType(isInstance) {
  uncloneableTypes.push(isInstance);
}

// Lets another builtin clone its host objects (those Node serializes itself):
// `type` has `isInstance(value)` and `clone(value)`, which returns the copy.
function registerCloneableType(type) {
  cloneableTypes.push(type);
}

function dataCloneError(message) {
  if (typeof globalThis.DOMException === 'function') {
    return new globalThis.DOMException(message, 'DataCloneError');
  }
  const error = new Error(message);
  error.name = 'DataCloneError';
  error.code = 25;
  return error;
}

// An error like those Node's C++ layer throws: a built-in type with `code`.
function nodeError(Type, code, message) {
  const error = new Type(message);
  error.code = code;
  return error;
}

// Reads `key` along the prototype chain without running getters.
function dataProperty(obj, key) {
  for (; obj !== null; obj = Object.getPrototypeOf(obj)) {
    const descriptor = Object.getOwnPropertyDescriptor(obj, key);
    if (descriptor !== undefined) return descriptor.value;
  }
  return undefined;
}

// How V8 names a value it cannot clone: source text for a function, `#<Ctor>`
// for an object with the default toString, else `[object Tag]`.
function describe(value) {
  if (typeof value === 'symbol') return String(value);
  if (typeof value === 'function') {
    try {
      return FunctionPrototypeToString.call(value);
    } catch {
      return 'function () { [native code] }';
    }
  }
  if (dataProperty(value, 'toString') === ObjectPrototypeToString) {
    const constructor = dataProperty(value, 'constructor');
    if (typeof constructor === 'function') {
      const name = dataProperty(constructor, 'name');
      if (typeof name === 'string' && name !== '') return `#<${name}>`;
    }
  }
  const tag = dataProperty(value, Symbol.toStringTag);
  return `[object ${typeof tag === 'string' ? tag : 'Object'}]`;
}

function uncloneable(value) {
  return dataCloneError(`${describe(value)} could not be cloned.`);
}

// Calls a brand-checking built-in; undefined when `value` lacks the brand.
function branded(method, value, ...args) {
  try {
    return { result: method.call(value, ...args) };
  } catch {
    return undefined;
  }
}

function isArrayBuffer(value) {
  return branded(ArrayBufferPrototypeGetByteLength, value) !== undefined;
}

function isDetached(buffer) {
  return ArrayBufferPrototypeGetDetached !== undefined && ArrayBufferPrototypeGetDetached.call(buffer);
}

// Property definition that, like the deserializer's, ignores setters and
// prototypes: plain assignment unless something is inherited under `key`.
function createDataProperty(target, key, value) {
  if (key in target) {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

function defineHidden(target, key, value) {
  Object.defineProperty(target, key, { value, writable: true, enumerable: false, configurable: true });
}

// Stands in memory for an Error whose cause is still being cloned: V8
// creates the error after its cause, so a reference back to it fails.
const kErrorInProgress = Symbol('kErrorInProgress');

class Cloner {
  memory = new Map();
  transferred;
  deserializationFailed = false;

  // `transferred`: the ArrayBuffers of the transfer list; `hosts`: its other
  // objects, each mapped to the replacement its type prepared.
  constructor(transferred, hosts) {
    this.transferred = transferred;
    for (const [original, { replacement }] of hosts) this.memory.set(original, replacement);
  }

  clone(value) {
    switch (typeof value) {
      case 'undefined':
      case 'boolean':
      case 'number':
      case 'string':
      case 'bigint':
        return value;
      case 'symbol':
      case 'function':
        throw uncloneable(value);
    }
    if (value === null) return value;
    const seen = this.memory.get(value);
    if (seen !== undefined) {
      if (seen === kErrorInProgress) this.deserializationFailed = true;
      return seen === kErrorInProgress ? undefined : seen;
    }
    return this.cloneObject(value);
  }

  remember(original, clone) {
    this.memory.set(original, clone);
    return clone;
  }

  cloneObject(value) {
    if (Array.isArray(value)) return this.cloneProperties(value, new Array(value.length));
    const typedArrayName = TypedArrayPrototypeGetTag.call(value);
    if (typedArrayName !== undefined) return this.cloneTypedArray(value, typedArrayName);
    if (value === globalThis) throw uncloneable(value);

    const tag = ObjectPrototypeToString.call(value).slice(8, -1);
    let branding;
    switch (tag) {
      case 'Date':
        if ((branding = branded(DatePrototypeGetTime, value))) {
          return this.remember(value, new Date(branding.result));
        }
        break;
      case 'RegExp':
        if ((branding = branded(RegExpPrototypeGetSource, value))) {
          return this.remember(value, this.cloneRegExp(value, branding.result));
        }
        break;
      case 'Boolean':
        if ((branding = branded(BooleanPrototypeValueOf, value))) {
          return this.remember(value, new Boolean(branding.result));
        }
        break;
      case 'Number':
        if ((branding = branded(NumberPrototypeValueOf, value))) {
          return this.remember(value, new Number(branding.result));
        }
        break;
      case 'String':
        if ((branding = branded(StringPrototypeValueOf, value))) {
          return this.remember(value, new String(branding.result));
        }
        break;
      case 'BigInt':
        if ((branding = branded(BigIntPrototypeValueOf, value))) {
          return this.remember(value, Object(branding.result));
        }
        break;
      case 'Symbol':
        if (branded(SymbolPrototypeValueOf, value)) throw uncloneable(value);
        break;
      case 'Map':
        if (branded(MapPrototypeForEach, value, () => {})) return this.cloneMap(value);
        break;
      case 'Set':
        if (branded(SetPrototypeForEach, value, () => {})) return this.cloneSet(value);
        break;
      case 'ArrayBuffer':
        if (isArrayBuffer(value)) return this.cloneArrayBuffer(value);
        break;
      case 'SharedArrayBuffer':
        if (branded(SharedArrayBufferPrototypeGetByteLength, value)) return this.remember(value, value);
        break;
      case 'DataView':
        if (branded(DataViewPrototypeGetByteLength, value)) return this.cloneDataView(value);
        break;
      case 'Error':
        // Node's DOMException is not an error to V8, just an object.
        if (typeof globalThis.DOMException !== 'function' || !(value instanceof globalThis.DOMException)) {
          return this.cloneError(value);
        }
        break;
      case 'WeakMap':
        if (branded(WeakMapPrototypeHas, value, {})) throw uncloneable(value);
        break;
      case 'WeakSet':
        if (branded(WeakSetPrototypeHas, value, {})) throw uncloneable(value);
        break;
      case 'WeakRef':
        if (branded(WeakRefPrototypeDeref, value)) throw uncloneable(value);
        break;
      case 'FinalizationRegistry':
        if (branded(FinalizationRegistryPrototypeUnregister, value, {})) throw uncloneable(value);
        break;
      case 'Promise':
        // No built-in tells a promise without side effects; trust the chain.
        if (value instanceof Promise) throw uncloneable(value);
        break;
      default:
        if (uncloneableTags.has(tag)) throw uncloneable(value);
        if (uncloneableObjects.has(value)) throw uncloneable(value);
        if (transferableTypeOf(value) !== undefined) {
          throw dataCloneError(
            'Object that needs transfer was found in message but not listed in transferList');
        }
        if (typeof globalThis.Blob === 'function' && value instanceof globalThis.Blob) {
          return this.remember(value, value.slice(0, value.size, value.type));
        }
        const cloneable = cloneableTypes.find((type) => type.isInstance(value));
        if (cloneable !== undefined) return this.remember(value, cloneable.clone(value));
        if (uncloneableTypes.some((isInstance) => isInstance(value))) {
          throw dataCloneError('Cannot clone object of unsupported type.');
        }
    }
    return this.cloneProperties(value, {});
  }

  // Own enumerable string keys, in property order, read once each; a key a
  // getter deleted meanwhile is skipped.
  cloneProperties(source, target) {
    this.remember(source, target);
    for (const key of Object.keys(source)) {
      if (!hasOwn.call(source, key)) continue;
      createDataProperty(target, key, this.clone(source[key]));
    }
    return target;
  }

  cloneRegExp(value, source) {
    let flags = '';
    for (const [flag, get] of regExpFlagGetters) {
      if (get.call(value)) flags += flag;
    }
    return new RegExp(source, flags);
  }

  cloneMap(value) {
    const entries = [];
    MapPrototypeForEach.call(value, (v, k) => entries.push(k, v));
    const map = this.remember(value, new Map());
    for (let i = 0; i < entries.length; i += 2) {
      const key = this.clone(entries[i]);
      MapPrototypeSet.call(map, key, this.clone(entries[i + 1]));
    }
    return map;
  }

  cloneSet(value) {
    const values = [];
    SetPrototypeForEach.call(value, (v) => values.push(v));
    const set = this.remember(value, new Set());
    for (const v of values) SetPrototypeAdd.call(set, this.clone(v));
    return set;
  }

  cloneArrayBuffer(value) {
    const detached = isDetached(value);
    if (detached && !this.transferred.has(value)) {
      throw dataCloneError('An ArrayBuffer is detached and could not be cloned.');
    }
    const byteLength = ArrayBufferPrototypeGetByteLength.call(value);
    const copy = ArrayBufferPrototypeGetResizable?.call(value) ?
      new ArrayBuffer(byteLength, { maxByteLength: ArrayBufferPrototypeGetMaxByteLength.call(value) }) :
      new ArrayBuffer(byteLength);
    if (!detached) new Uint8Array(copy).set(new Uint8Array(value));
    return this.remember(value, copy);
  }

  // The view's buffer goes through memory, so views keep sharing a buffer.
  cloneView(value, buffer, byteOffset, byteLength, makeView) {
    if (isArrayBuffer(buffer) && isDetached(buffer)) {
      throw dataCloneError('An ArrayBuffer is detached and could not be cloned.');
    }
    const clonedBuffer = this.clone(buffer);
    const tracksLength = isArrayBuffer(buffer) && ArrayBufferPrototypeGetResizable?.call(buffer) &&
      byteOffset + byteLength === ArrayBufferPrototypeGetByteLength.call(buffer);
    return this.remember(value, makeView(clonedBuffer, tracksLength));
  }

  cloneTypedArray(value, name) {
    const Constructor = typedArrayConstructors[name];
    const byteOffset = TypedArrayPrototypeGetByteOffset.call(value);
    const length = TypedArrayPrototypeGetLength.call(value);
    return this.cloneView(
      value, TypedArrayPrototypeGetBuffer.call(value), byteOffset,
      TypedArrayPrototypeGetByteLength.call(value),
      (buffer, tracksLength) => new Constructor(buffer, byteOffset, tracksLength ? undefined : length),
    );
  }

  cloneDataView(value) {
    const byteOffset = DataViewPrototypeGetByteOffset.call(value);
    const byteLength = DataViewPrototypeGetByteLength.call(value);
    return this.cloneView(
      value, DataViewPrototypeGetBuffer.call(value), byteOffset, byteLength,
      (buffer, tracksLength) => new DataView(buffer, byteOffset, tracksLength ? undefined : byteLength),
    );
  }

  // In V8's order: the own `message` and `cause` descriptors, `name` (through
  // the chain, getters run), the message as a string if it was a data
  // property, `stack` if it is a string, then the cause if it was a data
  // property. Other properties and the prototype are not kept.
  cloneError(value) {
    const messageDescriptor = Object.getOwnPropertyDescriptor(value, 'message');
    const causeDescriptor = Object.getOwnPropertyDescriptor(value, 'cause');
    const Constructor = errorConstructors[`${value.name}`] ?? Error;
    const hasMessage = messageDescriptor !== undefined && hasOwn.call(messageDescriptor, 'value');
    const message = hasMessage ? `${messageDescriptor.value}` : undefined;
    const stack = value.stack;
    let cause;
    const hasCause = causeDescriptor !== undefined && hasOwn.call(causeDescriptor, 'value');
    if (hasCause) {
      this.memory.set(value, kErrorInProgress);
      cause = this.clone(causeDescriptor.value);
    }
    const error = new Constructor();
    defineHidden(error, 'stack', typeof stack === 'string' ? stack : undefined);
    if (hasMessage) defineHidden(error, 'message', message);
    if (hasCause) defineHidden(error, 'cause', cause);
    return this.remember(value, error);
  }
}

// `options.transfer` read as Node's C++ reads it: an array by index, another
// iterable by iteration, any other object as an empty list.
function readTransferList(options) {
  if (options === undefined || options === null) return [];
  if (typeof options !== 'object' && typeof options !== 'function') {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
                    'The options argument must be either an object or undefined');
  }
  const transfer = options.transfer;
  if (transfer === undefined || transfer === null) return [];
  if (typeof transfer !== 'object' && typeof transfer !== 'function') {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'Optional transferList argument must be an iterable');
  }
  if (Array.isArray(transfer)) return Array.from({ length: transfer.length }, (_, i) => transfer[i]);
  if (typeof transfer[Symbol.iterator] !== 'function') return [];
  return [...transfer];
}

// ArrayBuffers and the registered host objects can be transferred, each once.
// Returns the buffers and, for each host object, its type and replacement.
function checkTransferList(list) {
  const buffers = new Set();
  const hosts = new Map();
  for (const entry of list) {
    const type = isObjectLike(entry) && !isArrayBuffer(entry) ? transferableTypeOf(entry) : undefined;
    if (!isObjectLike(entry) || (type === undefined && !isArrayBuffer(entry))) {
      throw nodeError(TypeError, 'ERR_INVALID_TRANSFER_OBJECT', 'Found invalid object in transferList');
    }
    const name = type === undefined ? 'ArrayBuffer' : type.name;
    if (buffers.has(entry) || hosts.has(entry)) {
      throw dataCloneError(`Transfer list contains duplicate ${name}`);
    }
    if (untransferableObjects.has(entry)) throw dataCloneError(`${name} is marked as untransferable`);
    if (type === undefined) {
      require('internal/wasm_memory_buffers').rejectTransfer(entry, 'transfer');
      buffers.add(entry);
    } else {
      type.validate(entry);
      hosts.set(entry, { type, replacement: undefined });
    }
  }
  for (const [entry, host] of hosts) host.replacement = host.type.prepare(entry);
  return { buffers, hosts };
}

// Clones `value`, transferring what `transferList` (an array) holds. Returns the
// clone and the replacements of the transferred host objects, in list order.
function cloneWithTransfer(value, transferList) {
  const { buffers, hosts } = checkTransferList(transferList);
  const cloner = new Cloner(buffers, hosts);
  const clone = cloner.clone(value);
  if (ArrayBufferPrototypeTransfer !== undefined) {
    for (const buffer of buffers) {
      if (!isDetached(buffer)) ArrayBufferPrototypeTransfer.call(buffer);
    }
  }
  for (const [entry, { type, replacement }] of hosts) type.commit(entry, replacement);
  if (cloner.deserializationFailed) throw new Error('Unable to deserialize cloned data.');
  return { clone, transferred: [...hosts.values()].map(({ replacement }) => replacement) };
}

// The default parameters keep `structuredClone.length` at 0, as in Node.
function structuredClone(value = undefined, options = undefined) {
  if (arguments.length === 0) {
    throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The value argument must be specified');
  }
  return cloneWithTransfer(value, readTransferList(options)).clone;
}

module.exports = {
  structuredClone,
  cloneWithTransfer,
  dataCloneError,
  registerUncloneableType,
  registerCloneableType,
  registerTransferableType,
  markAsUncloneable,
  markAsUntransferable,
  isMarkedAsUntransferable,
};
