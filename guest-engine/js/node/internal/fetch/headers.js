// internal/fetch/headers — the Fetch `Headers` class: a case-insensitive header list with
// a guard (`none`, `request`, `response`, `immutable`), value normalization, sorted
// combined iteration and `getSetCookie`. Also the helpers the other fetch modules use to
// fill and read a Headers object without going through its guard.

const kHeaders = Symbol('kHeaders');
const kGuard = Symbol('kGuard');
const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Leading/trailing HTTP whitespace: tab, line feed, carriage return, space.
const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

function brand(self) {
  if (self?.[kHeaders] === undefined) {
    throw new (require('internal/errors').codes.ERR_INVALID_THIS)('Headers');
  }
}

function normalizeValue(value) {
  return `${value}`.replace(HTTP_WHITESPACE, '');
}

function validateName(name, method) {
  if (!TOKEN.test(name)) {
    throw new TypeError(`Headers.${method}: "${name}" is an invalid header name.`);
  }
}

function validateValue(value, method) {
  if (/[\0\r\n]/.test(value)) {
    throw new TypeError(`Headers.${method}: "${value}" is an invalid header value.`);
  }
}

function checkGuard(headers) {
  if (headers[kGuard] === 'immutable') throw new TypeError('immutable');
}

// The header list: a Map from lower-cased name to { name, values }, where `name` keeps
// the case of the first appearance.
function appendHeader(headers, name, value) {
  const key = name.toLowerCase();
  const entry = headers[kHeaders].get(key);
  if (entry === undefined) {
    headers[kHeaders].set(key, { name, values: [value] });
  } else {
    entry.values.push(value);
  }
}

function fill(headers, init) {
  if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
    throw new TypeError('Headers constructor: Expected init to be an object or sequence.');
  }
  if (typeof init[Symbol.iterator] === 'function') {
    for (const pair of init) {
      if (pair === null || typeof pair !== 'object' ||
          typeof pair[Symbol.iterator] !== 'function') {
        throw new TypeError('Headers constructor: expected name/value pair to be an iterable.');
      }
      const items = [...pair];
      if (items.length !== 2) {
        throw new TypeError('Headers constructor: expected name/value pair to be length 2, ' +
          `found ${items.length}.`);
      }
      headers.append(items[0], items[1]);
    }
    return;
  }
  for (const key of Reflect.ownKeys(init)) {
    const desc = Reflect.getOwnPropertyDescriptor(init, key);
    if (desc === undefined || !desc.enumerable) continue;
    if (typeof key === 'symbol') {
      throw new TypeError('Headers constructor: Key is a symbol, which cannot be converted ' +
        'to a ByteString.');
    }
    headers.append(key, init[key]);
  }
}

// The sort-and-combine list: [lower-cased name, value] pairs by name, `set-cookie` values
// kept apart.
function sortedEntries(headers) {
  const keys = [...headers[kHeaders].keys()].sort();
  const out = [];
  for (const key of keys) {
    const { values } = headers[kHeaders].get(key);
    if (key === 'set-cookie') {
      for (const value of values) out.push([key, value]);
    } else {
      out.push([key, values.join(', ')]);
    }
  }
  return out;
}

const HeadersIteratorPrototype = Object.create(
  Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())), {
    next: {
      value: function next() {
        const state = this?.[kHeaders];
        if (state === undefined) throw new TypeError('next method called on incompatible object');
        const { headers, kind } = state;
        const entries = sortedEntries(headers);
        if (state.index >= entries.length) return { value: undefined, done: true };
        const [name, value] = entries[state.index++];
        return {
          value: kind === 'key' ? name : kind === 'value' ? value : [name, value],
          done: false,
        };
      },
      writable: true,
      configurable: true,
    },
    [Symbol.toStringTag]: { value: 'Headers Iterator', configurable: true },
  });

function createIterator(headers, kind) {
  const iterator = Object.create(HeadersIteratorPrototype);
  iterator[kHeaders] = { headers, kind, index: 0 };
  return iterator;
}

class Headers {
  constructor(init = undefined) {
    this[kHeaders] = new Map();
    this[kGuard] = 'none';
    if (init !== undefined) fill(this, init);
  }

  append(name, value) {
    brand(this);
    if (arguments.length < 2) {
      throw new TypeError('Headers.append: 2 arguments required, but only ' +
        `${arguments.length} present.`);
    }
    name = `${name}`;
    value = normalizeValue(value);
    validateName(name, 'append');
    validateValue(value, 'append');
    checkGuard(this);
    appendHeader(this, name, value);
  }

  delete(name) {
    brand(this);
    name = `${name}`;
    validateName(name, 'delete');
    checkGuard(this);
    this[kHeaders].delete(name.toLowerCase());
  }

  get(name) {
    brand(this);
    name = `${name}`;
    validateName(name, 'get');
    const entry = this[kHeaders].get(name.toLowerCase());
    return entry === undefined ? null : entry.values.join(', ');
  }

  has(name) {
    brand(this);
    name = `${name}`;
    validateName(name, 'has');
    return this[kHeaders].has(name.toLowerCase());
  }

  set(name, value) {
    brand(this);
    if (arguments.length < 2) {
      throw new TypeError('Headers.set: 2 arguments required, but only ' +
        `${arguments.length} present.`);
    }
    name = `${name}`;
    value = normalizeValue(value);
    validateName(name, 'set');
    validateValue(value, 'set');
    checkGuard(this);
    const key = name.toLowerCase();
    const entry = this[kHeaders].get(key);
    if (entry === undefined) {
      this[kHeaders].set(key, { name, values: [value] });
    } else {
      entry.values = [value];
    }
  }

  getSetCookie() {
    brand(this);
    const entry = this[kHeaders].get('set-cookie');
    return entry === undefined ? [] : [...entry.values];
  }

  forEach(callback, thisArg = undefined) {
    brand(this);
    if (typeof callback !== 'function') {
      throw new TypeError("Headers.forEach: Argument 1 could not be converted to: Function.");
    }
    for (const [name, value] of sortedEntries(this)) {
      Reflect.apply(callback, thisArg, [value, name, this]);
    }
  }

  keys() {
    brand(this);
    return createIterator(this, 'key');
  }

  values() {
    brand(this);
    return createIterator(this, 'value');
  }

  entries() {
    brand(this);
    return createIterator(this, 'key+value');
  }

  [customInspectSymbol](depth, options) {
    if (depth < 0) return this;
    const object = {};
    for (const [key, { values }] of this[kHeaders]) {
      object[key] = key === 'set-cookie' && values.length > 1 ? [...values] : values.join(', ');
    }
    return `Headers ${require('util').inspect(object, options)}`;
  }
}

Object.defineProperty(Headers.prototype, Symbol.iterator, {
  value: Headers.prototype.entries, writable: true, configurable: true,
});
Object.defineProperty(Headers.prototype, Symbol.toStringTag, {
  value: 'Headers', configurable: true,
});

// A Headers object with `guard`, filled from `init` (before the guard applies).
function createHeaders(init, guard) {
  const headers = new Headers(init);
  headers[kGuard] = guard;
  return headers;
}

function setGuard(headers, guard) {
  headers[kGuard] = guard;
}

// Appends without validation or guard: for header lists received from the network.
function appendRaw(headers, name, value) {
  appendHeader(headers, name, value);
}

// [name, value] pairs, one per appended value, names as first written: what goes on the wire.
function rawPairs(headers) {
  const out = [];
  for (const { name, values } of headers[kHeaders].values()) {
    for (const value of values) out.push([name, value]);
  }
  return out;
}

function removeRaw(headers, name) {
  headers[kHeaders].delete(name.toLowerCase());
}

module.exports = { Headers, createHeaders, setGuard, appendRaw, rawPairs, removeRaw };
