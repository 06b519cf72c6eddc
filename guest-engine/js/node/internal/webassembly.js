// internal/webassembly — the `WebAssembly` namespace (the W3C JS API as Node 22 exposes it):
// validate / compile / instantiate (and their streaming forms over a fetch `Response`),
// Module, Instance, Memory, Table, Global and the CompileError / LinkError / RuntimeError
// classes. Modules are compiled and run inside the engine by an interpreter
// (`binding('wasm')`); this file owns argument handling, the spec's value conversions
// between JS and wasm, and object identity (one JS object per wasm function, memory, table
// or global). Installed on every platform rung.

const wasm = binding('wasm');

class CompileError extends Error {}
class LinkError extends Error {}
class RuntimeError extends Error {}
for (const ErrorClass of [CompileError, LinkError, RuntimeError]) {
  for (const [key, value] of [['name', ErrorClass.name], ['message', '']]) {
    Object.defineProperty(ErrorClass.prototype, key, {
      value, writable: true, configurable: true, enumerable: false,
    });
  }
}
wasm.init({ CompileError, LinkError, RuntimeError });

const PAGES_MAX = 65536;
const TABLE_MAX = 10000000;

// The compiled module behind each Module; the entity id behind each exported function,
// Memory, Table and Global; and the JS object of each entity id.
const { buffers: memoryBuffers, rejectTransfer } = require('internal/wasm_memory_buffers');
for (const method of ['transfer', 'transferToFixedLength']) {
  const original = ArrayBuffer.prototype[method];
  Object.defineProperty(ArrayBuffer.prototype, method, {
    value: { [method](...args) {
      rejectTransfer(this, 'transfer');
      return original.apply(this, args);
    } }[method],
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

const moduleHandles = new WeakMap();
const entityIds = new WeakMap();
const objectsById = new Map();

// The TypeError for a value that does not convert; `where` prefixes V8's message for a
// function reference that is not a wasm function.
function incompatible(where) {
  if (where === undefined) {
    return new TypeError('type incompatibility when transforming from/to JS');
  }
  return new TypeError(
    `${where}function-typed object must be null (if nullable) or a Wasm function object`);
}

function toBigInt64(value) {
  const primitive = typeof value === 'object' && value !== null ? value.valueOf() : value;
  if (typeof primitive === 'number' || primitive === undefined || primitive === null ||
      typeof primitive === 'symbol') {
    throw new TypeError(`Cannot convert ${String(primitive)} to a BigInt`);
  }
  return BigInt.asIntN(64, BigInt(primitive));
}

// ToWebAssemblyValue: a JS value as what the binding takes for a wasm value of `type`.
function toWasm(type, value, where) {
  switch (type) {
    case 'i32': return value | 0;
    case 'i64': return toBigInt64(value);
    case 'f32': return Math.fround(+value);
    case 'f64': return +value;
    case 'funcref': {
      if (value === null) return null;
      const id = typeof value === 'function' ? entityIds.get(value) : undefined;
      if (id === undefined) throw incompatible(where);
      return id;
    }
    case 'externref': return value;
    default: throw incompatible();
  }
}

// ToJSValue: what the binding returned for a wasm value of `type`, as a JS value.
function fromWasm(type, value) {
  if (type === 'funcref') return value === null ? null : exportedFunction(value);
  return value;
}

function cached(id, create) {
  let object = objectsById.get(id);
  if (object === undefined) {
    object = create();
    entityIds.set(object, id);
    objectsById.set(id, object);
  }
  return object;
}

function wrap(Class, id) {
  return cached(id, () => Object.create(Class.prototype));
}

// The JS function of a wasm function: converts the arguments, runs it, converts the
// results (an array for several). V8 names it by its function index, which the interpreter
// does not expose; it is named by its entity id instead.
function exportedFunction(id) {
  return cached(id, () => {
    const { parameters, results } = wasm.funcType(id);
    const fn = (...args) => {
      const values = parameters.map((type, i) => toWasm(type, args[i]));
      const returned = wasm.call(id, values);
      if (results.length === 0) return undefined;
      if (results.length === 1) return fromWasm(results[0], returned);
      return returned.map((value, i) => fromWasm(results[i], value));
    };
    Object.defineProperty(fn, 'name', { value: String(id) });
    Object.defineProperty(fn, 'length', { value: parameters.length });
    return fn;
  });
}

// A host import over a JS callable, typed as the import that receives it.
function hostFunction(callable, { parameters, results }) {
  return wasm.hostFunction(parameters, results, (...args) => {
    const returned = Reflect.apply(callable, undefined,
      args.map((value, i) => fromWasm(parameters[i], value)));
    if (results.length === 0) return undefined;
    if (results.length === 1) return toWasm(results[0], returned);
    if (returned == null || typeof returned[Symbol.iterator] !== 'function') {
      throw new TypeError('multi-return value must be iterable');
    }
    const values = [...returned];
    if (values.length !== results.length) {
      throw new TypeError('multi-return length mismatch');
    }
    return values.map((value, i) => toWasm(results[i], value));
  });
}

// A copy of a BufferSource's bytes; the source may come from any realm.
function bufferSourceBytes(api, source) {
  if (isBufferSource(source)) {
    return ArrayBuffer.isView(source) ?
      new Uint8Array(source.buffer, source.byteOffset, source.byteLength).slice() :
      new Uint8Array(source).slice();
  }
  throw new TypeError(`${api}: Argument 0 must be a buffer source`);
}

function isBufferSource(value) {
  return ArrayBuffer.isView(value) || require('util').types.isAnyArrayBuffer(value);
}

function compileBytes(api, bytes) {
  try {
    return wasm.compile(bytes);
  } catch (error) {
    if (error instanceof CompileError) throw new CompileError(`${api}: ${error.message}`);
    throw error;
  }
}

function moduleHandle(api, module) {
  const handle = typeof module === 'object' && module !== null ?
    moduleHandles.get(module) : undefined;
  if (handle === undefined) {
    throw new TypeError(`${api}: Argument 0 must be a WebAssembly.Module`);
  }
  return handle;
}

function entityOf(Class, value) {
  return value instanceof Class ? entityIds.get(value) : undefined;
}

function thisId(Class, api, self) {
  const id = entityOf(Class, self);
  if (id === undefined) {
    throw new TypeError(`${api}: Receiver is not a ${Class.prototype[Symbol.toStringTag]}`);
  }
  return id;
}

// Resolves one import of `imports` to the id of the wasm entity that satisfies it.
function resolveImport(importObject, { module, name, kind, type }, index) {
  const api = 'WebAssembly.Instance()';
  const namespace = importObject[module];
  if ((typeof namespace !== 'object' || namespace === null) && typeof namespace !== 'function') {
    throw new TypeError(
      `${api}: Import #${index} "${module}": module is not an object or function`);
  }
  const value = namespace[name];
  const where = `${api}: Import #${index} "${module}" "${name}"`;
  switch (kind) {
    case 'function': {
      if (typeof value !== 'function') {
        throw new LinkError(`${where}: function import requires a callable`);
      }
      return entityIds.get(value) ?? hostFunction(value, type);
    }
    case 'memory': {
      const id = entityOf(Memory, value);
      if (id === undefined) {
        throw new LinkError(`${where}: memory import must be a WebAssembly.Memory object`);
      }
      return id;
    }
    case 'table': {
      const id = entityOf(Table, value);
      if (id === undefined) {
        throw new LinkError(`${where}: table import requires a WebAssembly.Table`);
      }
      return id;
    }
    default: {
      const id = entityOf(Global, value);
      if (id !== undefined) return id;
      if (type.mutable) {
        throw new LinkError(
          `${where}: imported mutable global must be a WebAssembly.Global object`);
      }
      const reference = type.value === 'funcref' || type.value === 'externref';
      const expected = type.value === 'i64' ? 'bigint' : 'number';
      if (!reference && typeof value !== expected) {
        throw new LinkError(`${where}: global import must be a number, valid Wasm reference, ` +
          'or WebAssembly.Global object');
      }
      return wasm.globalNew(type.value, false, toWasm(type.value, value));
    }
  }
}

function exportsObject(rows) {
  const exports = Object.create(null);
  for (const [name, kind, id] of rows) {
    let value;
    if (kind === 'function') value = exportedFunction(id);
    else if (kind === 'memory') value = wrap(Memory, id);
    else if (kind === 'table') value = wrap(Table, id);
    else value = wrap(Global, id);
    exports[name] = value;
  }
  return Object.freeze(exports);
}

function descriptorIndex(api, descriptor, property, required, upper) {
  let value = descriptor[property];
  if (property === 'initial' && value === undefined) value = descriptor.minimum;
  if (value === undefined) {
    if (required) throw new TypeError(`${api}: Property '${property}' is required`);
    return undefined;
  }
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) {
    throw new TypeError(`${api}: Property '${property}' must be convertible to a valid number`);
  }
  const integer = Math.trunc(number);
  if (integer > upper) {
    throw new RangeError(
      `${api}: Property '${property}': value ${integer} is above the upper bound ${upper}`);
  }
  return integer;
}

function checkMaximum(api, initial, maximum) {
  if (maximum !== undefined && maximum < initial) {
    throw new RangeError(
      `${api}: Property 'maximum': value ${maximum} is below the lower bound ${initial}`);
  }
}

function descriptorObject(api, descriptor, what) {
  if (typeof descriptor !== 'object' || descriptor === null) {
    throw new TypeError(`${api}: Argument 0 must be a ${what} descriptor`);
  }
}

function elementType(api, element) {
  const name = String(element);
  if (name === 'anyfunc' || name === 'funcref') return 'funcref';
  if (name === 'externref') return 'externref';
  throw new TypeError(
    `${api}: Descriptor property 'element' must be a WebAssembly reference type`);
}

function deltaArgument(api, delta) {
  const number = Number(delta);
  if (!Number.isFinite(number) || number < 0 || number > 0xffffffff) {
    throw new TypeError(`${api}: Argument 0 must be convertible to a valid number`);
  }
  return Math.trunc(number);
}

class Module {
  constructor(bytes) {
    const api = 'WebAssembly.Module()';
    moduleHandles.set(this, compileBytes(api, bufferSourceBytes(api, bytes)));
  }

  static exports(module) {
    return moduleHandle('WebAssembly.Module.exports()', module).exports()
      .map(({ name, kind }) => ({ name, kind }));
  }

  static imports(module) {
    return moduleHandle('WebAssembly.Module.imports()', module).imports()
      .map(({ module: from, name, kind }) => ({ module: from, name, kind }));
  }

  static customSections(module, sectionName) {
    const handle = moduleHandle('WebAssembly.Module.customSections()', module);
    if (sectionName === undefined) {
      throw new TypeError('WebAssembly.Module.customSections(): Argument 1 is required');
    }
    return handle.customSections(String(sectionName));
  }
}

class Instance {
  #exports;

  constructor(module, importObject) {
    const handle = moduleHandle('WebAssembly.Instance()', module);
    const imports = handle.imports();
    if (importObject !== undefined && (typeof importObject !== 'object' || importObject === null)) {
      throw new TypeError('WebAssembly.Instance(): Argument 1 must be an object');
    }
    if (imports.length > 0 && importObject === undefined) {
      throw new TypeError(
        'WebAssembly.Instance(): Imports argument must be present and must be an object');
    }
    const ids = imports.map((entry, i) => resolveImport(importObject, entry, i));
    this.#exports = exportsObject(handle.instantiate(ids));
  }

  get exports() {
    return this.#exports;
  }
}

class Memory {
  constructor(descriptor) {
    const api = 'WebAssembly.Memory()';
    descriptorObject(api, descriptor, 'memory');
    const initial = descriptorIndex(api, descriptor, 'initial', true, PAGES_MAX);
    const maximum = descriptorIndex(api, descriptor, 'maximum', false, PAGES_MAX);
    checkMaximum(api, initial, maximum);
    if (descriptor.shared) {
      throw new (require('internal/errors').codes.ERR_FEATURE_UNAVAILABLE_ON_PLATFORM)(
        'shared WebAssembly.Memory');
    }
    const id = wasm.memoryNew(initial, maximum);
    entityIds.set(this, id);
    objectsById.set(id, this);
  }

  get buffer() {
    const buffer = wasm.memoryBuffer(thisId(Memory, 'WebAssembly.Memory.buffer', this));
    memoryBuffers.add(buffer);
    return buffer;
  }

  grow(delta) {
    const api = 'WebAssembly.Memory.grow()';
    const id = thisId(Memory, api, this);
    const old = wasm.memoryGrow(id, deltaArgument(api, delta));
    if (old < 0) throw new RangeError(`${api}: Maximum memory size exceeded`);
    return old;
  }
}

class Table {
  constructor(descriptor, value) {
    const api = 'WebAssembly.Table()';
    descriptorObject(api, descriptor, 'table');
    const element = elementType(api, descriptor.element);
    const initial = descriptorIndex(api, descriptor, 'initial', true, TABLE_MAX);
    const maximum = descriptorIndex(api, descriptor, 'maximum', false, 0xffffffff);
    checkMaximum(api, initial, maximum);
    const init = value === undefined ? defaultValue(element) : toWasm(element, value,
      `${api}: Argument 2 must be undefined or a value of type compatible with the type of ` +
      'the new table: ');
    const id = wasm.tableNew(element, initial, maximum, init);
    entityIds.set(this, id);
    objectsById.set(id, this);
  }

  get length() {
    return wasm.tableType(thisId(Table, 'WebAssembly.Table.length', this)).length;
  }

  get(index) {
    const api = 'WebAssembly.Table.get()';
    const id = thisId(Table, api, this);
    const { element, length } = wasm.tableType(id);
    const i = tableIndex(api, index, length);
    return fromWasm(element, wasm.tableGet(id, i));
  }

  set(index, value) {
    const api = 'WebAssembly.Table.set()';
    const id = thisId(Table, api, this);
    const { element, length } = wasm.tableType(id);
    const i = tableIndex(api, index, length);
    wasm.tableSet(id, i, value === undefined ? defaultValue(element) :
      toWasm(element, value, `${api}: Argument 1 is invalid for table: `));
  }

  grow(delta, value) {
    const api = 'WebAssembly.Table.grow()';
    const id = thisId(Table, api, this);
    const { element } = wasm.tableType(id);
    const count = deltaArgument(api, delta);
    const init = value === undefined ? defaultValue(element) :
      toWasm(element, value, `${api}: Argument 1 is invalid: `);
    const old = wasm.tableGrow(id, count, init);
    if (old < 0) throw new RangeError(`${api}: failed to grow table by ${count}`);
    return old;
  }
}

function tableIndex(api, index, length) {
  const number = Number(index);
  if (!Number.isFinite(number) || number < 0 || number > 0xffffffff) {
    throw new TypeError(`${api}: Argument 0 must be convertible to a valid number`);
  }
  const i = Math.trunc(number);
  if (i >= length) {
    throw new RangeError(`${api}: invalid index ${i} into function table`);
  }
  return i;
}

function defaultValue(type) {
  switch (type) {
    case 'i64': return 0n;
    case 'funcref': return null;
    case 'externref': return undefined;
    default: return 0;
  }
}

const GLOBAL_TYPES = {
  i32: 'i32', i64: 'i64', f32: 'f32', f64: 'f64', anyfunc: 'funcref', funcref: 'funcref',
  externref: 'externref',
};

class Global {
  constructor(descriptor, value) {
    const api = 'WebAssembly.Global()';
    descriptorObject(api, descriptor, 'global');
    const mutable = Boolean(descriptor.mutable);
    const type = GLOBAL_TYPES[String(descriptor.value)];
    if (type === undefined) {
      throw new TypeError(
        `${api}: Descriptor property 'value' must be a WebAssembly type`);
    }
    const init = value === undefined ? defaultValue(type) : toWasm(type, value);
    const id = wasm.globalNew(type, mutable, init);
    entityIds.set(this, id);
    objectsById.set(id, this);
  }

  get value() {
    const id = thisId(Global, 'get WebAssembly.Global.value', this);
    return fromWasm(wasm.globalType(id).value, wasm.globalGet(id));
  }

  set value(value) {
    const api = 'set WebAssembly.Global.value';
    const id = thisId(Global, api, this);
    const type = wasm.globalType(id);
    if (!type.mutable) throw new TypeError(`${api}: Can't set the value of an immutable global.`);
    if (arguments.length === 0) throw new TypeError(`${api}: Argument 0 is required`);
    wasm.globalSet(id, toWasm(type.value, value));
  }

  valueOf() {
    return this.value;
  }
}

for (const [Class, name] of [[Module, 'Module'], [Instance, 'Instance'], [Memory, 'Memory'],
  [Table, 'Table'], [Global, 'Global']]) {
  Object.defineProperty(Class.prototype, Symbol.toStringTag, {
    value: `WebAssembly.${name}`, configurable: true,
  });
}

function validate(bytes) {
  return wasm.validate(bufferSourceBytes('WebAssembly.validate()', bytes));
}

// Runs `body` as a promise job, so argument errors reject rather than throw.
function promised(body) {
  return new Promise((resolve) => resolve(body()));
}

function compile(bytes) {
  const api = 'WebAssembly.compile()';
  return promised(() => {
    const module = Object.create(Module.prototype);
    moduleHandles.set(module, compileBytes(api, bufferSourceBytes(api, bytes)));
    return module;
  });
}

function instantiate(source, importObject) {
  if (source instanceof Module) {
    return promised(() => new Instance(source, importObject));
  }
  return promised(() => {
    if (!isBufferSource(source)) {
      throw new TypeError('WebAssembly.instantiate(): Argument 0 must be a buffer source or ' +
        'a WebAssembly.Module object');
    }
    return compile(source).then((module) => ({
      module, instance: new Instance(module, importObject),
    }));
  });
}

// Node's streaming source: a Response (or a promise of one) carrying `application/wasm`.
async function responseBytes(source) {
  const response = await source;
  const { Response } = require('internal/fetch/response');
  const { codes } = require('internal/errors');
  if (!(response instanceof Response)) {
    throw new codes.ERR_INVALID_ARG_TYPE('source', ['Response', 'Promise resolving to Response'],
      response);
  }
  const contentType = response.headers.get('Content-Type');
  if (contentType !== 'application/wasm') {
    throw new codes.ERR_WEBASSEMBLY_RESPONSE(`has unsupported MIME type '${contentType}'`);
  }
  if (!response.ok) {
    throw new codes.ERR_WEBASSEMBLY_RESPONSE(`has status code ${response.status}`);
  }
  if (response.bodyUsed) {
    throw new codes.ERR_WEBASSEMBLY_RESPONSE('body has already been used');
  }
  return new Uint8Array(await response.arrayBuffer());
}

function compileStreaming(source) {
  return responseBytes(source).then(compile);
}

function instantiateStreaming(source, importObject) {
  return responseBytes(source).then((bytes) => instantiate(bytes, importObject));
}

// As in V8, the functions are enumerable and the classes are not.
const WebAssembly = { compile, validate, instantiate, compileStreaming, instantiateStreaming };
const classes = { Module, Instance, Memory, Table, Global, CompileError, LinkError, RuntimeError };
for (const name of Object.keys(classes)) {
  Object.defineProperty(WebAssembly, name, {
    value: classes[name], writable: true, configurable: true, enumerable: false,
  });
}
Object.defineProperty(WebAssembly, Symbol.toStringTag, {
  value: 'WebAssembly', configurable: true,
});

module.exports = { WebAssembly };
