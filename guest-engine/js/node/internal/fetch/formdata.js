// internal/fetch/formdata — the `FormData` class (string and File entries) and its wire
// formats: serializing to multipart/form-data, and parsing multipart/form-data or
// application/x-www-form-urlencoded bodies back into a FormData.

const kEntries = Symbol('kEntries');
const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

function blobModule() {
  return require('internal/blob');
}

function brand(self) {
  if (self?.[kEntries] === undefined) {
    throw new (require('internal/errors').codes.ERR_INVALID_THIS)('FormData');
  }
}

function requireArgs(method, count, actual) {
  if (actual < count) {
    throw new TypeError(`FormData.${method}: ${count} arguments required, but only ${actual} ` +
      'present.');
  }
}

// An entry value: strings as is, a Blob as a File named `filename` (or its own name, or
// "blob").
function entryValue(value, filename, argCount, method) {
  const { isBlob, File } = blobModule();
  if (!isBlob(value)) {
    if (argCount > 2) {
      throw new TypeError(`FormData.${method}: parameter 2 is not of type 'Blob'`);
    }
    return `${value}`;
  }
  if (value instanceof File && filename === undefined) return value;
  const name = filename === undefined ?
    (value instanceof File ? value.name : 'blob') :
    `${filename}`;
  return new File([value], name, {
    type: value.type,
    lastModified: value instanceof File ? value.lastModified : undefined,
  });
}

const FormDataIteratorPrototype = Object.create(
  Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())), {
    next: {
      value: function next() {
        const state = this?.[kEntries];
        if (state === undefined) throw new TypeError('next method called on incompatible object');
        const entries = state.form[kEntries];
        if (state.index >= entries.length) return { value: undefined, done: true };
        const [name, value] = entries[state.index++];
        return {
          value: state.kind === 'key' ? name : state.kind === 'value' ? value : [name, value],
          done: false,
        };
      },
      writable: true,
      configurable: true,
    },
    [Symbol.toStringTag]: { value: 'FormData Iterator', configurable: true },
  });

function createIterator(form, kind) {
  const iterator = Object.create(FormDataIteratorPrototype);
  iterator[kEntries] = { form, kind, index: 0 };
  return iterator;
}

class FormData {
  constructor(form = undefined) {
    if (form !== undefined) {
      throw new TypeError("FormData constructor: Argument 1 could not be converted to: " +
        'undefined.');
    }
    this[kEntries] = [];
  }

  append(name, value, filename = undefined) {
    brand(this);
    requireArgs('append', 2, arguments.length);
    this[kEntries].push([`${name}`, entryValue(value, filename, arguments.length, 'append')]);
  }

  delete(name) {
    brand(this);
    requireArgs('delete', 1, arguments.length);
    name = `${name}`;
    this[kEntries] = this[kEntries].filter((entry) => entry[0] !== name);
  }

  get(name) {
    brand(this);
    requireArgs('get', 1, arguments.length);
    name = `${name}`;
    const entry = this[kEntries].find((each) => each[0] === name);
    return entry === undefined ? null : entry[1];
  }

  getAll(name) {
    brand(this);
    requireArgs('getAll', 1, arguments.length);
    name = `${name}`;
    return this[kEntries].filter((entry) => entry[0] === name).map((entry) => entry[1]);
  }

  has(name) {
    brand(this);
    requireArgs('has', 1, arguments.length);
    name = `${name}`;
    return this[kEntries].some((entry) => entry[0] === name);
  }

  set(name, value, filename = undefined) {
    brand(this);
    requireArgs('set', 2, arguments.length);
    name = `${name}`;
    const entry = [name, entryValue(value, filename, arguments.length, 'set')];
    const index = this[kEntries].findIndex((each) => each[0] === name);
    if (index === -1) {
      this[kEntries].push(entry);
    } else {
      this[kEntries] = this[kEntries].filter((each, i) => i === index || each[0] !== name);
      this[kEntries][index] = entry;
    }
  }

  forEach(callback, thisArg = undefined) {
    brand(this);
    if (typeof callback !== 'function') {
      throw new TypeError("FormData.forEach: Argument 1 could not be converted to: Function.");
    }
    for (const [name, value] of this) Reflect.apply(callback, thisArg, [value, name, this]);
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
    return `FormData ${require('util').inspect(this[kEntries].map(([name, value]) =>
      ({ name, value })), options)}`;
  }
}

Object.defineProperty(FormData.prototype, Symbol.iterator, {
  value: FormData.prototype.entries, writable: true, configurable: true,
});
Object.defineProperty(FormData.prototype, Symbol.toStringTag, {
  value: 'FormData', configurable: true,
});

function escapeName(name) {
  return name.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

// multipart/form-data: { parts (Uint8Array and Blob pieces), length, contentType }.
function serializeMultipart(form) {
  const boundary = `----formdata-undici-0${`${Math.random()}`.slice(2, 13).padStart(11, '0')}`;
  const encoder = new TextEncoder();
  const parts = [];
  let length = 0;
  const push = (part) => {
    parts.push(part);
    length += part instanceof Uint8Array ? part.byteLength : part.size;
  };
  for (const [name, value] of form[kEntries]) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"`;
    if (typeof value === 'string') {
      push(encoder.encode(`${head}\r\n\r\n${value.replace(/\r(?!\n)|(?<!\r)\n/g, '\r\n')}\r\n`));
    } else {
      head += `; filename="${escapeName(value.name)}"\r\n` +
        `Content-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`;
      push(encoder.encode(head));
      push(value);
      push(encoder.encode('\r\n'));
    }
  }
  push(encoder.encode(`--${boundary}--\r\n`));
  return { parts, length, contentType: `multipart/form-data; boundary=${boundary}` };
}

function indexOfBytes(haystack, needle, from) {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}

// The `name="..."`-style parameters of a Content-Disposition header.
function dispositionParams(value) {
  const params = {};
  for (const match of value.matchAll(/;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    params[match[1].toLowerCase()] = match[2] !== undefined ?
      match[2].replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%22/g, '"') :
      match[3].trim();
  }
  return params;
}

function parseMultipart(bytes, boundary) {
  const { File } = blobModule();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const delimiter = encoder.encode(`--${boundary}`);
  const form = new FormData();
  let position = indexOfBytes(bytes, delimiter, 0);
  if (position === -1) throw new TypeError('Failed to parse body as FormData.');
  for (;;) {
    position += delimiter.length;
    if (bytes[position] === 0x2d && bytes[position + 1] === 0x2d) return form;
    if (bytes[position] !== 0x0d || bytes[position + 1] !== 0x0a) {
      throw new TypeError('Failed to parse body as FormData.');
    }
    position += 2;
    const headerEnd = indexOfBytes(bytes, encoder.encode('\r\n\r\n'), position);
    if (headerEnd === -1) throw new TypeError('Failed to parse body as FormData.');
    const headers = {};
    for (const line of decoder.decode(bytes.subarray(position, headerEnd)).split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) {
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
    }
    const bodyStart = headerEnd + 4;
    const next = indexOfBytes(bytes, encoder.encode(`\r\n--${boundary}`), bodyStart);
    if (next === -1) throw new TypeError('Failed to parse body as FormData.');
    const body = bytes.slice(bodyStart, next);
    const disposition = headers['content-disposition'];
    if (disposition === undefined || !/^form-data\b/i.test(disposition)) {
      throw new TypeError('Failed to parse body as FormData.');
    }
    const params = dispositionParams(disposition);
    if (params.name === undefined) throw new TypeError('Failed to parse body as FormData.');
    if (params.filename !== undefined) {
      form.append(params.name, new File([body], params.filename,
        { type: headers['content-type'] ?? '' }));
    } else {
      form.append(params.name, decoder.decode(body));
    }
    position = next + 2;
  }
}

// A FormData from a body of type `contentType`, or a TypeError for other types.
function parseFormData(bytes, contentType) {
  const essence = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (essence === 'multipart/form-data') {
    const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    if (boundary === null) throw new TypeError('Failed to parse body as FormData.');
    return parseMultipart(bytes, boundary[1] ?? boundary[2]);
  }
  if (essence === 'application/x-www-form-urlencoded') {
    const form = new FormData();
    const { URLSearchParams } = require('internal/url');
    for (const [name, value] of new URLSearchParams(new TextDecoder().decode(bytes))) {
      form.append(name, value);
    }
    return form;
  }
  throw new TypeError(`Content-Type was not one of "multipart/form-data" or ` +
    '"application/x-www-form-urlencoded".');
}

function isFormData(value) {
  return value?.[kEntries] !== undefined && value instanceof FormData;
}

module.exports = { FormData, isFormData, serializeMultipart, parseFormData };
