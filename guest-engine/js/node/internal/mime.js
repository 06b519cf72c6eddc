// internal/mime — util.MIMEType and util.MIMEParams: parsing and serializing MIME types
// as the WHATWG MIME Sniffing standard defines them (type, subtype and an ordered,
// case-insensitive parameter map), with Node's setters and ERR_INVALID_MIME_SYNTAX.

const { codes: { ERR_INVALID_MIME_SYNTAX } } = require('internal/errors');

const kHttpWhitespace = /[\t\n\r ]/;
const kLeadingWhitespace = /^[\t\n\r ]+/;
const kTrailingWhitespace = /[\t\n\r ]+$/;
const kNotToken = /[^!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const kNotQuotedStringToken = /[^\t\u0020-\u007e\u0080-\u00ff]/;

// The index of the first code point outside the HTTP token set, or -1.
function invalidTokenIndex(string) {
  return string.search(kNotToken);
}

function validateToken(production, value) {
  const invalid = invalidTokenIndex(value);
  if (value.length === 0 || invalid !== -1) {
    throw new ERR_INVALID_MIME_SYNTAX(production, value, invalid);
  }
}

function serializeValue(value) {
  if (value.length > 0 && invalidTokenIndex(value) === -1) return value;
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

// Reads the HTTP quoted string starting at `position` (a '"'), extracting its value.
function collectQuotedString(input, position) {
  let value = '';
  let i = position + 1;
  while (i < input.length) {
    const char = input[i++];
    if (char === '"') break;
    if (char === '\\') {
      if (i >= input.length) {
        value += '\\';
        break;
      }
      value += input[i++];
    } else {
      value += char;
    }
  }
  return { value, end: i };
}

// Fills `params` with the parameters of `input` from `position`; invalid ones are skipped.
function parseParameters(input, position, params) {
  while (position < input.length) {
    position++;
    while (position < input.length && kHttpWhitespace.test(input[position])) position++;
    let end = position;
    while (end < input.length && input[end] !== ';' && input[end] !== '=') end++;
    const name = input.slice(position, end).toLowerCase();
    position = end;
    if (position < input.length) {
      if (input[position] === ';') continue;
      position++;
    }
    if (position >= input.length) break;
    let value;
    if (input[position] === '"') {
      ({ value, end: position } = collectQuotedString(input, position));
      while (position < input.length && input[position] !== ';') position++;
    } else {
      end = position;
      while (end < input.length && input[end] !== ';') end++;
      value = input.slice(position, end).replace(kTrailingWhitespace, '');
      position = end;
      if (value === '') continue;
    }
    if (name !== '' && invalidTokenIndex(name) === -1 && !kNotQuotedStringToken.test(value) &&
        !params.has(name)) {
      params.set(name, value);
    }
  }
}

// The Map behind a MIMEParams, for MIMEType's parser.
let paramsData;

class MIMEParams {
  #data = new Map();

  static {
    paramsData = (params) => params.#data;
  }

  delete(name) {
    this.#data.delete(name);
  }

  get(name) {
    const value = this.#data.get(name);
    return value === undefined ? null : value;
  }

  has(name) {
    return this.#data.has(name);
  }

  set(name, value) {
    name = `${name}`;
    value = `${value}`;
    validateToken('parameter name', name);
    const invalid = value.search(kNotQuotedStringToken);
    if (invalid !== -1) throw new ERR_INVALID_MIME_SYNTAX('parameter value', value, invalid);
    this.#data.set(name, value);
  }

  * entries() {
    yield* this.#data.entries();
  }

  * keys() {
    yield* this.#data.keys();
  }

  * values() {
    yield* this.#data.values();
  }

  toString() {
    let result = '';
    for (const [name, value] of this.#data) {
      if (result !== '') result += ';';
      result += `${name}=${serializeValue(value)}`;
    }
    return result;
  }

  toJSON() {
    return this.toString();
  }
}

MIMEParams.prototype[Symbol.iterator] = MIMEParams.prototype.entries;

class MIMEType {
  #type;
  #subtype;
  #params = new MIMEParams();

  constructor(string) {
    const input = `${string}`.replace(kLeadingWhitespace, '').replace(kTrailingWhitespace, '');
    const slash = input.indexOf('/');
    const type = slash === -1 ? input : input.slice(0, slash);
    const typeInvalid = invalidTokenIndex(type);
    if (type.length === 0 || typeInvalid !== -1 || slash === -1) {
      throw new ERR_INVALID_MIME_SYNTAX('type', input, typeInvalid);
    }
    let end = input.indexOf(';', slash + 1);
    if (end === -1) end = input.length;
    const subtype = input.slice(slash + 1, end).replace(kTrailingWhitespace, '');
    const subtypeInvalid = invalidTokenIndex(subtype);
    if (subtype.length === 0 || subtypeInvalid !== -1) {
      throw new ERR_INVALID_MIME_SYNTAX('subtype', input,
        subtypeInvalid === -1 ? -1 : slash + 1 + subtypeInvalid);
    }
    this.#type = type.toLowerCase();
    this.#subtype = subtype.toLowerCase();
    parseParameters(input, end, paramsData(this.#params));
  }

  get type() {
    return this.#type;
  }

  set type(value) {
    value = `${value}`;
    validateToken('type', value);
    this.#type = value.toLowerCase();
  }

  get subtype() {
    return this.#subtype;
  }

  set subtype(value) {
    value = `${value}`;
    validateToken('subtype', value);
    this.#subtype = value.toLowerCase();
  }

  get essence() {
    return `${this.#type}/${this.#subtype}`;
  }

  get params() {
    return this.#params;
  }

  toString() {
    const params = `${this.#params}`;
    return params === '' ? this.essence : `${this.essence};${params}`;
  }

  toJSON() {
    return this.toString();
  }
}

module.exports = { MIMEType, MIMEParams };
