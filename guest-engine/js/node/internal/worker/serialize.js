// internal/worker/serialize — how a message crosses the JSON IPC channel between a worker
// and its parent. The value, already a structured clone (so what cannot be cloned threw
// the same DataCloneError as in Node), is written as a JSON-safe tree that keeps what
// JSON alone would lose: undefined, NaN, ±Infinity, -0, BigInt, Date, RegExp, Map, Set,
// ArrayBuffer, SharedArrayBuffer (copied), typed arrays, DataView, Error, array holes,
// shared references/cycles, and the transferred MessagePorts of the message (by their
// index in its port list). `decode` rebuilds the value on the other side.

const { Buffer } = require('buffer');

const typedArrays = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
  Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView,
};
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const errorClasses = {
  Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError,
};

function bytesOf(buffer) {
  return Buffer.from(new Uint8Array(buffer)).toString('base64');
}

function encodeValue(value, seen, ports) {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
      return { $: 'u' };
    case 'bigint':
      return { $: 'b', v: `${value}` };
    case 'number':
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      return { $: 'n', v: Object.is(value, -0) ? '-0' : `${value}` };
    default:
      break;
  }
  if (value === null) return null;
  if (ports.has(value)) return { $: 'p', v: ports.get(value) };
  if (seen.has(value)) return { $: 'r', i: seen.get(value) };
  const id = seen.size;
  seen.set(value, id);
  const encode = (item) => encodeValue(item, seen, ports);
  if (Array.isArray(value)) {
    const items = [];
    for (let i = 0; i < value.length; i++) items.push(i in value ? encode(value[i]) : { $: 'h' });
    return { $: 'a', i: id, v: items };
  }
  if (value instanceof Date) return { $: 'd', i: id, v: value.getTime() };
  if (value instanceof RegExp) return { $: 're', i: id, s: value.source, f: value.flags };
  if (value instanceof Map) return { $: 'm', i: id, v: [...value].map(([k, v]) => [encode(k), encode(v)]) };
  if (value instanceof Set) return { $: 's', i: id, v: [...value].map(encode) };
  if (value instanceof ArrayBuffer) return { $: 'ab', i: id, v: bytesOf(value) };
  if (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer) {
    return { $: 'sab', i: id, v: bytesOf(value) };
  }
  if (ArrayBuffer.isView(value)) {
    const type = value instanceof DataView ? 'DataView' :
      Object.getPrototypeOf(Object.getPrototypeOf(value)) === TypedArrayPrototype ?
        Object.getPrototypeOf(value).constructor.name : 'Uint8Array';
    const length = value instanceof DataView ? value.byteLength : value.length;
    return { $: 'ta', i: id, t: type, b: encode(value.buffer), o: value.byteOffset, l: length };
  }
  if (value instanceof Error) {
    const encoded = {
      $: 'e', i: id, n: readOrSkip(value, 'name'), m: readOrSkip(value, 'message'),
      s: readOrSkip(value, 'stack'),
    };
    if (Object.hasOwn(value, 'cause')) encoded.c = encode(value.cause);
    return encoded;
  }
  return { $: 'o', i: id, v: Object.keys(value).map((key) => [key, encode(value[key])]) };
}

// `object[key]`, or undefined when its getter throws (a `stack` whose
// `Error.prepareStackTrace` throws), which Node's error serializer leaves out too.
function readOrSkip(object, key) {
  try {
    return object[key];
  } catch {
    return undefined;
  }
}

// The JSON-safe form of `value`, a structured clone; `ports` maps each MessagePort in it
// to its index in the message's port list.
function encode(value, ports = new Map()) {
  return encodeValue(value, new Map(), ports);
}

function decodeValue(node, refs, ports) {
  if (node === null || typeof node !== 'object') return node;
  const decode = (item) => decodeValue(item, refs, ports);
  const keep = (value) => {
    refs[node.i] = value;
    return value;
  };
  switch (node.$) {
    case 'u': return undefined;
    case 'b': return BigInt(node.v);
    case 'n': return node.v === '-0' ? -0 : Number(node.v);
    case 'r': return refs[node.i];
    case 'p': return ports[node.v];
    case 'a': {
      const array = keep(new Array(node.v.length));
      node.v.forEach((item, i) => { if (item?.$ !== 'h') array[i] = decode(item); });
      return array;
    }
    case 'd': return keep(new Date(node.v));
    case 're': return keep(new RegExp(node.s, node.f));
    case 'm': {
      const map = keep(new Map());
      for (const [k, v] of node.v) map.set(decode(k), decode(v));
      return map;
    }
    case 's': {
      const set = keep(new Set());
      for (const item of node.v) set.add(decode(item));
      return set;
    }
    case 'ab':
    case 'sab': {
      const bytes = Buffer.from(node.v, 'base64');
      const buffer = node.$ === 'sab' && typeof SharedArrayBuffer === 'function' ?
        new SharedArrayBuffer(bytes.length) : new ArrayBuffer(bytes.length);
      new Uint8Array(buffer).set(bytes);
      return keep(buffer);
    }
    case 'ta': {
      const buffer = decode(node.b);
      return keep(new typedArrays[node.t](buffer, node.o, node.l));
    }
    case 'e': {
      const error = keep(new (errorClasses[node.n] ?? Error)(node.m));
      Object.defineProperty(error, 'stack', {
        __proto__: null, value: node.s, writable: true, configurable: true,
      });
      if (node.c !== undefined) {
        Object.defineProperty(error, 'cause', {
          __proto__: null, value: decode(node.c), writable: true, configurable: true,
        });
      }
      return error;
    }
    default: {
      const object = keep({});
      for (const [key, value] of node.v) object[key] = decode(value);
      return object;
    }
  }
}

// The value `node` encodes; `ports` are the message's ports, in order.
function decode(node, ports = []) {
  return decodeValue(node, [], ports);
}

module.exports = { encode, decode };
