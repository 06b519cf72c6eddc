// internal/url — the WHATWG URL API as Node 22 exposes it: the `URL` and
// `URLSearchParams` classes, plus the helpers Node builds on them
// (`domainToASCII`, `domainToUnicode`, `fileURLToPath`, `pathToFileURL`,
// `urlToHttpOptions`, `isURL`, `toPathIfFileURL`, and `formatURL` behind
// `url.format(URL, options)`).
//
// Parsing and the WHATWG setters run natively in `binding('url')` (the Rust
// `url` crate). `parse(input, base?)` and `update(href, component, value)`
// return the URL's record — [href, origin, protocol, username, password,
// host, hostname, port, pathname, search, hash] — or null on failure. This
// file keeps that record and implements the rest: the object model, the live
// two-way binding between `url.search` and `url.searchParams`, the
// application/x-www-form-urlencoded parser and serializer, and Node's
// `util.inspect` output.

const {
  ERR_ARG_NOT_ITERABLE,
  ERR_INVALID_ARG_TYPE,
  ERR_INVALID_ARG_VALUE,
  ERR_INVALID_FILE_URL_HOST,
  ERR_INVALID_FILE_URL_PATH,
  ERR_INVALID_THIS,
  ERR_INVALID_TUPLE,
  ERR_INVALID_URL,
  ERR_INVALID_URL_SCHEME,
  ERR_MISSING_ARGS,
} = require('internal/errors').codes;

const urlBinding = binding('url');

const kInspect = Symbol.for('nodejs.util.inspect.custom');
const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

// Positions in the record returned by the binding.
const HREF = 0;
const ORIGIN = 1;
const PROTOCOL = 2;
const USERNAME = 3;
const PASSWORD = 4;
const HOST = 5;
const HOSTNAME = 6;
const PORT = 7;
const PATHNAME = 8;
const SEARCH = 9;
const HASH = 10;

// WebIDL USVString conversion: ToString, then lone surrogates become U+FFFD.
function toUSVString(value) {
  // V8's wording for the TypeError a Symbol raises in string conversion.
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  return `${value}`.toWellFormed();
}

function currentPlatform() {
  return globalThis.process?.platform ?? 'linux';
}

function isBlob(value) {
  return typeof globalThis.Blob === 'function' && value instanceof globalThis.Blob;
}

// Node's `getConstructorOf`: the nearest named `constructor` on the chain.
function constructorOf(obj) {
  while (obj) {
    const descriptor = Object.getOwnPropertyDescriptor(obj, 'constructor');
    if (descriptor !== undefined && typeof descriptor.value === 'function' && descriptor.value.name !== '') {
      return descriptor.value;
    }
    obj = Object.getPrototypeOf(obj);
  }
  return null;
}

function inspectFunction(inspect) {
  return typeof inspect === 'function' ? inspect : require('util').inspect;
}

function removeColors(str) {
  return str.replace(/\u001b\[\d\d?m/g, '');
}

// --- application/x-www-form-urlencoded ------------------------------------

let querystring;

// Decodes a name or value the way Node does: through `querystring.unescape`,
// and only when a valid `%XX` triple was seen in it.
function unescapeParam(str, encoded) {
  if (!encoded) return str;
  querystring ??= require('querystring');
  return querystring.unescape(str);
}

function isHexDigit(code) {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

// The urlencoded parser, producing a flat [name, value, name, value, ...]
// list. A leading `?` is skipped.
function parseParams(qs) {
  const out = [];
  let seenSep = false; // the current pair has had its `=`
  let buf = '';
  let encoded = false;
  let encodeCheck = 0; // 1 after a `%`, 2 after `%X`; a valid `%XX` sets `encoded`
  let i = qs[0] === '?' ? 1 : 0;
  let pairStart = i;
  let lastPos = i;
  for (; i < qs.length; ++i) {
    const code = qs.charCodeAt(i);
    if (code === 38 /* & */) {
      if (pairStart !== i) {
        out.push(unescapeParam(buf + qs.slice(lastPos, i), encoded));
        if (!seenSep) out.push('');
      }
      seenSep = false;
      buf = '';
      encoded = false;
      encodeCheck = 0;
      lastPos = pairStart = i + 1;
    } else if (!seenSep && code === 61 /* = */) {
      out.push(unescapeParam(buf + qs.slice(lastPos, i), encoded));
      seenSep = true;
      buf = '';
      encoded = false;
      encodeCheck = 0;
      lastPos = i + 1;
    } else if (code === 43 /* + */) {
      buf += `${qs.slice(lastPos, i)} `;
      lastPos = i + 1;
    } else if (!encoded) {
      if (code === 37 /* % */) {
        encodeCheck = 1;
      } else if (encodeCheck > 0) {
        if (!isHexDigit(code)) encodeCheck = 0;
        else if (++encodeCheck === 3) encoded = true;
      }
    }
  }
  if (pairStart !== i) {
    out.push(unescapeParam(buf + qs.slice(lastPos, i), encoded));
    if (!seenSep) out.push('');
  }
  return out;
}

// The urlencoded serializer. Every entry is a USVString, so
// encodeURIComponent cannot throw; it leaves `!'()~` alone, which the
// serializer must encode, and space becomes `+`.
const paramEscapes = { '%20': '+', '!': '%21', '\'': '%27', '(': '%28', ')': '%29', '~': '%7E' };

function encodeParam(str) {
  return encodeURIComponent(str).replace(/%20|[!'()~]/g, (match) => paramEscapes[match]);
}

function serializeParams(list) {
  let output = '';
  for (let i = 0; i < list.length; i += 2) {
    if (i !== 0) output += '&';
    output += `${encodeParam(list[i])}=${encodeParam(list[i + 1])}`;
  }
  return output;
}

// --- URLSearchParams ----------------------------------------------------------

// Bridges to the private state of the classes below, set in their static blocks.
let isURLSearchParams;
let getParamsList;
let setParamsList;
let attachParamsToURL;
let markSearchParamsDirty;
let isURLInstance;

class URLSearchParamsIterator {
  #target;
  #kind;
  #index = 0;

  constructor(target, kind) {
    this.#target = target;
    this.#kind = kind;
  }

  next() {
    if (typeof this !== 'object' || this === null || !(#target in this)) {
      throw new ERR_INVALID_THIS('URLSearchParamsIterator');
    }
    const list = getParamsList(this.#target);
    const index = this.#index;
    if (index >= list.length) return { value: undefined, done: true };
    this.#index = index + 2;
    const name = list[index];
    const value = list[index + 1];
    if (this.#kind === 'key') return { value: name, done: false };
    if (this.#kind === 'value') return { value, done: false };
    return { value: [name, value], done: false };
  }

  [kInspect](recurseTimes, ctx, inspect) {
    if (typeof this !== 'object' || this === null || !(#target in this)) {
      throw new ERR_INVALID_THIS('URLSearchParamsIterator');
    }
    if (typeof recurseTimes === 'number' && recurseTimes < 0) {
      return ctx.stylize('[Object]', 'special');
    }
    inspect = inspectFunction(inspect);
    const innerOpts = { ...ctx };
    if (recurseTimes !== null) innerOpts.depth = recurseTimes - 1;
    const list = getParamsList(this.#target);
    const remaining = [];
    for (let i = this.#index; i < list.length; i += 2) {
      if (this.#kind === 'key') remaining.push(list[i]);
      else if (this.#kind === 'value') remaining.push(list[i + 1]);
      else remaining.push([list[i], list[i + 1]]);
    }
    const multiline = inspect(remaining, innerOpts).includes('\n');
    const parts = remaining.map((entry) => inspect(entry, innerOpts));
    const body = multiline ? `\n  ${parts.join(',\n  ')}` : ` ${parts.join(', ')}`;
    return `${this[Symbol.toStringTag]} {${body} }`;
  }
}

// Like the iterators of built-in collections: no visible constructor, and
// %IteratorPrototype% as prototype.
delete URLSearchParamsIterator.prototype.constructor;
Object.setPrototypeOf(URLSearchParamsIterator.prototype, IteratorPrototype);
Object.defineProperties(URLSearchParamsIterator.prototype, {
  [Symbol.toStringTag]: { configurable: true, value: 'URLSearchParams Iterator' },
  next: { enumerable: true },
});

function checkThisIsParams(self) {
  if (!isURLSearchParams(self)) throw new ERR_INVALID_THIS('URLSearchParams');
}

// Stable sort of the pairs by name, comparing UTF-16 code units.
function sortPairs(list) {
  const order = [];
  for (let i = 0; i < list.length; i += 2) order.push(i);
  order.sort((a, b) => {
    if (list[a] < list[b]) return -1;
    if (list[a] > list[b]) return 1;
    return a - b;
  });
  const sorted = [];
  for (const i of order) sorted.push(list[i], list[i + 1]);
  return sorted;
}

class URLSearchParams {
  #list = [];
  #url = null; // the URL whose query this object reflects, if any

  static {
    isURLSearchParams = (obj) => typeof obj === 'object' && obj !== null && #list in obj;
    getParamsList = (params) => params.#list;
    setParamsList = (params, list) => {
      params.#list = list;
    };
    attachParamsToURL = (params, url) => {
      params.#url = url;
    };
  }

  constructor(init = undefined) {
    if (init === undefined || init === null) return;
    if (typeof init !== 'object' && typeof init !== 'function') {
      this.#list = parseParams(toUSVString(init));
      return;
    }
    const method = init[Symbol.iterator];
    if (method === this[Symbol.iterator] && #list in init) {
      this.#list = init.#list.slice();
    } else if (method !== undefined && method !== null) {
      // sequence<sequence<USVString>>, converted while iterating as Node does.
      if (typeof method !== 'function') throw new ERR_ARG_NOT_ITERABLE('Query pairs');
      for (const pair of init) {
        if (pair === undefined || pair === null) {
          throw new ERR_INVALID_TUPLE('Each query pair', '[name, value]');
        }
        if (Array.isArray(pair)) {
          if (pair.length !== 2) throw new ERR_INVALID_TUPLE('Each query pair', '[name, value]');
          this.#list.push(toUSVString(pair[0]), toUSVString(pair[1]));
          continue;
        }
        if ((typeof pair !== 'object' && typeof pair !== 'function') ||
            typeof pair[Symbol.iterator] !== 'function') {
          throw new ERR_INVALID_TUPLE('Each query pair', '[name, value]');
        }
        let length = 0;
        for (const element of pair) {
          length++;
          this.#list.push(toUSVString(element));
        }
        if (length !== 2) throw new ERR_INVALID_TUPLE('Each query pair', '[name, value]');
      }
    } else {
      // record<USVString, USVString>: own enumerable keys, the last of two
      // keys that become equal as USVStrings winning.
      const positions = new Map();
      for (const key of Reflect.ownKeys(init)) {
        const descriptor = Reflect.getOwnPropertyDescriptor(init, key);
        if (descriptor === undefined || !descriptor.enumerable) continue;
        const name = String.prototype.toWellFormed.call(key);
        const value = toUSVString(init[key]);
        const position = positions.get(name);
        if (position === undefined) {
          positions.set(name, this.#list.length);
          this.#list.push(name, value);
        } else {
          this.#list[position + 1] = value;
        }
      }
    }
  }

  #changed() {
    if (this.#url !== null) markSearchParamsDirty(this.#url);
  }

  [kInspect](recurseTimes, ctx, inspect) {
    checkThisIsParams(this);
    if (typeof recurseTimes === 'number' && recurseTimes < 0) {
      return ctx.stylize('[Object]', 'special');
    }
    inspect = inspectFunction(inspect);
    const separator = ', ';
    const innerOpts = { ...ctx };
    if (recurseTimes !== null) innerOpts.depth = recurseTimes - 1;
    const list = this.#list;
    const output = [];
    for (let i = 0; i < list.length; i += 2) {
      output.push(`${inspect(list[i], innerOpts)} => ${inspect(list[i + 1], innerOpts)}`);
    }
    const length = output.reduce(
      (total, entry) => total + removeColors(entry).length + separator.length,
      -separator.length,
    );
    const name = this.constructor.name;
    if (length > ctx.breakLength) return `${name} {\n  ${output.join(',\n  ')} }`;
    if (output.length) return `${name} { ${output.join(separator)} }`;
    return `${name} {}`;
  }

  get size() {
    checkThisIsParams(this);
    return this.#list.length / 2;
  }

  append(name, value) {
    checkThisIsParams(this);
    if (arguments.length < 2) throw new ERR_MISSING_ARGS('name', 'value');
    this.#list.push(toUSVString(name), toUSVString(value));
    this.#changed();
  }

  delete(name, value = undefined) {
    checkThisIsParams(this);
    if (arguments.length < 1) throw new ERR_MISSING_ARGS('name');
    name = toUSVString(name);
    if (value !== undefined) value = toUSVString(value);
    const list = this.#list;
    for (let i = 0; i < list.length;) {
      if (list[i] === name && (value === undefined || list[i + 1] === value)) list.splice(i, 2);
      else i += 2;
    }
    this.#changed();
  }

  get(name) {
    checkThisIsParams(this);
    if (arguments.length < 1) throw new ERR_MISSING_ARGS('name');
    name = toUSVString(name);
    const list = this.#list;
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === name) return list[i + 1];
    }
    return null;
  }

  getAll(name) {
    checkThisIsParams(this);
    if (arguments.length < 1) throw new ERR_MISSING_ARGS('name');
    name = toUSVString(name);
    const list = this.#list;
    const values = [];
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === name) values.push(list[i + 1]);
    }
    return values;
  }

  has(name, value = undefined) {
    checkThisIsParams(this);
    if (arguments.length < 1) throw new ERR_MISSING_ARGS('name');
    name = toUSVString(name);
    if (value !== undefined) value = toUSVString(value);
    const list = this.#list;
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === name && (value === undefined || list[i + 1] === value)) return true;
    }
    return false;
  }

  set(name, value) {
    checkThisIsParams(this);
    if (arguments.length < 2) throw new ERR_MISSING_ARGS('name', 'value');
    name = toUSVString(name);
    value = toUSVString(value);
    // The first pair named `name` takes the value, the others go.
    const list = this.#list;
    let found = false;
    for (let i = 0; i < list.length;) {
      if (list[i] !== name) {
        i += 2;
      } else if (!found) {
        list[i + 1] = value;
        found = true;
        i += 2;
      } else {
        list.splice(i, 2);
      }
    }
    if (!found) list.push(name, value);
    this.#changed();
  }

  sort() {
    checkThisIsParams(this);
    this.#list = sortPairs(this.#list);
    this.#changed();
  }

  entries() {
    checkThisIsParams(this);
    return new URLSearchParamsIterator(this, 'key+value');
  }

  forEach(callback, thisArg = undefined) {
    checkThisIsParams(this);
    if (typeof callback !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('callback', 'Function', callback);
    }
    // The list is read again after each call: the callback may replace it
    // (by setting the search of the associated URL).
    for (let i = 0; i < this.#list.length; i += 2) {
      const list = this.#list;
      callback.call(thisArg, list[i + 1], list[i], this);
    }
  }

  keys() {
    checkThisIsParams(this);
    return new URLSearchParamsIterator(this, 'key');
  }

  values() {
    checkThisIsParams(this);
    return new URLSearchParamsIterator(this, 'value');
  }

  toString() {
    checkThisIsParams(this);
    return serializeParams(this.#list);
  }
}

Object.defineProperties(URLSearchParams.prototype, {
  size: { enumerable: true },
  append: { enumerable: true },
  delete: { enumerable: true },
  get: { enumerable: true },
  getAll: { enumerable: true },
  has: { enumerable: true },
  set: { enumerable: true },
  sort: { enumerable: true },
  entries: { enumerable: true },
  forEach: { enumerable: true },
  keys: { enumerable: true },
  values: { enumerable: true },
  toString: { enumerable: true },
  [Symbol.toStringTag]: { configurable: true, value: 'URLSearchParams' },
  [Symbol.iterator]: { configurable: true, writable: true, value: URLSearchParams.prototype.entries },
});

// --- URL ------------------------------------------------------------------------

// Passed as a hidden third constructor argument by `URL.parse`, which wants
// null rather than an exception for an invalid URL.
const kParseWithoutThrowing = Symbol('kParseWithoutThrowing');

// Whether the URL has a query, possibly empty: the first `?` of an href
// starts its query, and the first `#` its fragment.
function hasQuery(href) {
  const queryStart = href.indexOf('?');
  const hashStart = href.indexOf('#');
  return queryStart !== -1 && (hashStart === -1 || queryStart < hashStart);
}

// The parsed record of `input`, or null when it is not a URL (the binding answers
// undefined for that).
function parseRecord(input, base) {
  const record = urlBinding.parse(
    input.toWellFormed(), base === undefined ? undefined : base.toWellFormed());
  return record ?? null;
}

class URL {
  #record = null;
  #searchParams = null;
  // Set when `searchParams` changed and the record has not caught up yet.
  // Catching up is deferred to the next read, so that a loop of `append`s
  // does not reserialize the query each time.
  #searchParamsDirty = false;

  static {
    markSearchParamsDirty = (url) => {
      url.#searchParamsDirty = true;
      // As Node does, drop the query at once, which also strips trailing
      // spaces from an opaque path even if the query comes back non-empty.
      if (hasQuery(url.#record[HREF])) {
        url.#record = urlBinding.update(url.#record[HREF], 'search', '');
      }
    };
    isURLInstance = (obj) => typeof obj === 'object' && obj !== null && #record in obj;
  }

  constructor(input, base = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('url');
    input = `${input}`;
    if (base !== undefined) base = `${base}`;
    const record = parseRecord(input, base);
    if (record === null) {
      if (arguments[2] === kParseWithoutThrowing) return;
      throw new ERR_INVALID_URL(input.toWellFormed(), base === undefined ? undefined : base.toWellFormed());
    }
    this.#record = record;
  }

  static parse(input, base = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('url');
    const url = new URL(input, base, kParseWithoutThrowing);
    return url.#record === null ? null : url;
  }

  static canParse(url, base = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('url');
    url = `${url}`;
    if (base !== undefined) base = `${base}`;
    return parseRecord(url, base) !== null;
  }

  static createObjectURL(obj) {
    if (!isBlob(obj)) throw new ERR_INVALID_ARG_TYPE('obj', 'Blob', obj);
    return require('internal/blob').createObjectURL(obj);
  }

  static revokeObjectURL(url) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('url');
    require('internal/blob').revokeObjectURL(`${url}`);
  }

  #current() {
    if (this.#searchParamsDirty) {
      this.#searchParamsDirty = false;
      const query = serializeParams(getParamsList(this.#searchParams));
      this.#record = urlBinding.update(this.#record[HREF], 'search', query);
    }
    return this.#record;
  }

  // Runs a WHATWG setter; false when the binding rejected the value.
  #update(component, value) {
    const record = urlBinding.update(this.#current()[HREF], component, value);
    if (record == null) return false;
    this.#record = record;
    return true;
  }

  #reparseSearchParams() {
    if (this.#searchParams !== null) {
      setParamsList(this.#searchParams, parseParams(this.#record[SEARCH]));
    }
  }

  [kInspect](depth, options, inspect) {
    if (typeof depth === 'number' && depth < 0) return this;
    const constructor = constructorOf(this) || URL;
    const obj = {
      href: this.href,
      origin: this.origin,
      protocol: this.protocol,
      username: this.username,
      password: this.password,
      host: this.host,
      hostname: this.hostname,
      port: this.port,
      pathname: this.pathname,
      search: this.search,
      searchParams: this.searchParams,
      hash: this.hash,
    };
    return `${constructor.name} ${inspectFunction(inspect)(obj, options)}`;
  }

  toString() {
    return this.#current()[HREF];
  }

  get href() {
    return this.#current()[HREF];
  }

  set href(value) {
    value = toUSVString(value);
    if (!this.#update('href', value)) throw new ERR_INVALID_URL(value);
    this.#reparseSearchParams();
  }

  get origin() {
    return this.#current()[ORIGIN];
  }

  get protocol() {
    return this.#current()[PROTOCOL];
  }

  set protocol(value) {
    this.#update('protocol', toUSVString(value));
  }

  get username() {
    return this.#current()[USERNAME];
  }

  set username(value) {
    this.#update('username', toUSVString(value));
  }

  get password() {
    return this.#current()[PASSWORD];
  }

  set password(value) {
    this.#update('password', toUSVString(value));
  }

  get host() {
    return this.#current()[HOST];
  }

  set host(value) {
    this.#update('host', toUSVString(value));
  }

  get hostname() {
    return this.#current()[HOSTNAME];
  }

  set hostname(value) {
    this.#update('hostname', toUSVString(value));
  }

  get port() {
    return this.#current()[PORT];
  }

  set port(value) {
    this.#update('port', toUSVString(value));
  }

  get pathname() {
    return this.#current()[PATHNAME];
  }

  set pathname(value) {
    this.#update('pathname', toUSVString(value));
  }

  get search() {
    return this.#current()[SEARCH];
  }

  set search(value) {
    this.#update('search', toUSVString(value));
    this.#reparseSearchParams();
  }

  get searchParams() {
    if (this.#searchParams === null) {
      this.#searchParams = new URLSearchParams(this.#current()[SEARCH]);
      attachParamsToURL(this.#searchParams, this);
    }
    return this.#searchParams;
  }

  get hash() {
    return this.#current()[HASH];
  }

  set hash(value) {
    this.#update('hash', toUSVString(value));
  }

  toJSON() {
    return this.#current()[HREF];
  }
}

Object.defineProperties(URL.prototype, {
  [Symbol.toStringTag]: { configurable: true, value: 'URL' },
  toString: { enumerable: true },
  href: { enumerable: true },
  origin: { enumerable: true },
  protocol: { enumerable: true },
  username: { enumerable: true },
  password: { enumerable: true },
  host: { enumerable: true },
  hostname: { enumerable: true },
  port: { enumerable: true },
  pathname: { enumerable: true },
  search: { enumerable: true },
  searchParams: { enumerable: true },
  hash: { enumerable: true },
  toJSON: { enumerable: true },
});

Object.defineProperties(URL, {
  parse: { enumerable: true },
  canParse: { enumerable: true },
  createObjectURL: { enumerable: true },
  revokeObjectURL: { enumerable: true },
});

// Node 22 refuses to structuredClone URL and URLSearchParams objects.
require('internal/structured_clone').registerUncloneableType(
  (value) => isURLInstance(value) || isURLSearchParams(value),
);

// --- helpers built on URL ---------------------------------------------------------

function domainToASCII(domain) {
  if (arguments.length < 1) throw new ERR_MISSING_ARGS('domain');
  return urlBinding.domainToASCII(toUSVString(domain));
}

function domainToUnicode(domain) {
  if (arguments.length < 1) throw new ERR_MISSING_ARGS('domain');
  return urlBinding.domainToUnicode(toUSVString(domain));
}

// Whether `self` looks like a WHATWG URL object (and not a legacy `Url`).
function isURL(self) {
  return Boolean(self?.href && self.protocol && self.auth === undefined && self.path === undefined);
}

// The serialization behind `url.format(URL, options)`: the href, less the
// parts switched off, with an IDNA host turned to Unicode on request.
function formatURL(url, { fragment, unicode, search, auth }) {
  const href = url.href;
  const hashStart = href.indexOf('#');
  const beforeHash = hashStart === -1 ? href : href.slice(0, hashStart);
  const queryStart = beforeHash.indexOf('?');
  let out = queryStart === -1 ? beforeHash : beforeHash.slice(0, queryStart);

  const authorityStart = url.protocol.length + 2;
  if ((!auth || unicode) && out.startsWith('//', authorityStart - 2)) {
    let pathStart = out.indexOf('/', authorityStart);
    if (pathStart === -1) pathStart = out.length;
    const { username, password, port } = url;
    let hostname = url.hostname;
    if (unicode) {
      // Only `xn--` labels change, and one that does not decode stays.
      hostname = hostname.split('.').map(
        (label) => (label.startsWith('xn--') && urlBinding.domainToUnicode(label)) || label,
      ).join('.');
    }
    let authority = '';
    if (auth && (username || password)) authority = `${username}${password ? `:${password}` : ''}@`;
    authority += hostname + (port ? `:${port}` : '');
    out = out.slice(0, authorityStart) + authority + out.slice(pathStart);
  }
  if (search && queryStart !== -1) out += beforeHash.slice(queryStart);
  if (fragment && hashStart !== -1) out += href.slice(hashStart);
  return out;
}

function urlToHttpOptions(url) {
  const { hostname, pathname, port, username, password, search } = url;
  const options = {
    __proto__: null,
    ...url, // in case the URL object was extended by the user
    protocol: url.protocol,
    hostname: hostname && hostname[0] === '[' ? hostname.slice(1, -1) : hostname,
    hash: url.hash,
    search,
    pathname,
    path: `${pathname || ''}${search || ''}`,
    href: url.href,
  };
  if (port !== '') options.port = Number(port);
  if (username || password) {
    options.auth = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
  }
  return options;
}

function getPathFromURLPosix(url) {
  if (url.hostname !== '') throw new ERR_INVALID_FILE_URL_HOST(currentPlatform());
  const pathname = url.pathname;
  if (/%2f/i.test(pathname)) {
    throw new ERR_INVALID_FILE_URL_PATH('must not include encoded / characters');
  }
  return decodeURIComponent(pathname);
}

function getPathFromURLWin32(url) {
  const hostname = url.hostname;
  let pathname = url.pathname;
  if (/%2f|%5c/i.test(pathname)) {
    throw new ERR_INVALID_FILE_URL_PATH('must not include encoded \\ or / characters');
  }
  pathname = decodeURIComponent(pathname.replace(/\//g, '\\'));
  if (hostname !== '') {
    // A UNC path; an IDN host is shown in Unicode.
    return `\\\\${domainToUnicode(hostname)}${pathname}`;
  }
  // Otherwise a drive letter must follow the leading separator.
  const letter = pathname.codePointAt(1) | 0x20;
  if (letter < 97 || letter > 122 || pathname[2] !== ':') {
    throw new ERR_INVALID_FILE_URL_PATH('must be absolute');
  }
  return pathname.slice(1);
}

function fileURLToPath(path, options = undefined) {
  const windows = options?.windows;
  if (typeof path === 'string') path = new URL(path);
  else if (!isURL(path)) throw new ERR_INVALID_ARG_TYPE('path', ['string', 'URL'], path);
  if (path.protocol !== 'file:') throw new ERR_INVALID_URL_SCHEME('file');
  return windows ? getPathFromURLWin32(path) : getPathFromURLPosix(path);
}

// Characters of a file path that would otherwise be read as URL syntax or
// dropped by the parser (backslash only where it is not a separator).
const pathEscapes = {
  '%': '%25', '\t': '%09', '\n': '%0A', '\r': '%0D', ' ': '%20', '"': '%22', '#': '%23',
  '?': '%3F', '[': '%5B', '\\': '%5C', ']': '%5D', '^': '%5E', '|': '%7C', '~': '%7E',
};

function encodePathChars(filepath, windows) {
  const pattern = windows ? /[%\t\n\r "#?[\]^|~]/g : /[%\t\n\r "#?[\\\]^|~]/g;
  return filepath.replace(pattern, (ch) => pathEscapes[ch]);
}

function pathToFileURL(filepath, options = undefined) {
  const windows = options?.windows ?? false;
  const path = require('path');
  if (windows && filepath.startsWith('\\\\')) {
    // UNC path \\server\share\resource, optionally as \\?\UNC\server\...
    const outURL = new URL('file://');
    const prefixLength = filepath.startsWith('\\\\?\\UNC\\') ? 8 : 2;
    const hostnameEnd = filepath.indexOf('\\', prefixLength);
    if (hostnameEnd === -1) {
      throw new ERR_INVALID_ARG_VALUE('path', filepath, 'Missing UNC resource path');
    }
    if (hostnameEnd === 2) {
      throw new ERR_INVALID_ARG_VALUE('path', filepath, 'Empty UNC servername');
    }
    outURL.hostname = domainToASCII(filepath.slice(prefixLength, hostnameEnd));
    outURL.pathname = encodePathChars(filepath.slice(hostnameEnd).replace(/\\/g, '/'), true);
    return outURL;
  }
  let resolved = windows ? path.win32.resolve(filepath) : path.posix.resolve(filepath);
  // path.resolve drops a trailing separator; the URL keeps it. (Node checks
  // for its own platform's separator, '/' here, even when `windows` is set.)
  const last = filepath[filepath.length - 1];
  if ((last === '/' || (windows && last === '\\')) && resolved[resolved.length - 1] !== '/') {
    resolved += '/';
  }
  return new URL(`file://${encodePathChars(resolved, windows)}`);
}

function toPathIfFileURL(fileURLOrPath) {
  return isURL(fileURLOrPath) ? fileURLToPath(fileURLOrPath) : fileURLOrPath;
}

module.exports = {
  URL,
  URLSearchParams,
  domainToASCII,
  domainToUnicode,
  fileURLToPath,
  pathToFileURL,
  toPathIfFileURL,
  urlToHttpOptions,
  isURL,
  formatURL,
};
