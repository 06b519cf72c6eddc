// internal/dom_exception — WebIDL `DOMException` as Node 22 has it
// (lib/internal/per_context/domexception.js): `new DOMException(message, name)` or
// `new DOMException(message, { name, cause })`, with `name`, `message` and `code` as
// prototype getters over per-instance internals, the legacy code table (`code` and the
// `DOMException.ABORT_ERR`-style constants), `instanceof Error` and an error's stack.

const internalsMap = new WeakMap();
const nameToCodeMap = new Map();
// Names that once had a code and now report 0.
const disusedNamesSet = new Set(['DOMStringSizeError', 'NoDataAllowedError', 'ValidationError']);

// The TypeError Node throws for a getter called on something that is not a DOMException.
function invalidThisError() {
  const error = new TypeError();
  const code = 'ERR_INVALID_THIS';
  Object.defineProperties(error, {
    message: {
      __proto__: null,
      value: 'Value of "this" must be of DOMException',
      enumerable: false,
      writable: true,
      configurable: true,
    },
    toString: {
      __proto__: null,
      value() {
        return `${this.name} [${code}]: ${this.message}`;
      },
      enumerable: false,
      writable: true,
      configurable: true,
    },
  });
  error.code = code;
  return error;
}

function internalsOf(value) {
  const internals = internalsMap.get(value);
  if (internals === undefined) throw invalidThisError();
  return internals;
}

class DOMException {
  constructor(message = '', options = 'Error') {
    // The instance is a real Error object (so it has an error's stack and brand), given
    // the prototype of `new.target` to support subclasses.
    const self = new Error();
    Object.setPrototypeOf(self, new.target.prototype);

    if (options && typeof options === 'object') {
      const { name } = options;
      internalsMap.set(self, { message: `${message}`, name: `${name}` });
      if ('cause' in options) {
        Object.defineProperty(self, 'cause', {
          __proto__: null,
          value: options.cause,
          configurable: true,
          writable: true,
          enumerable: false,
        });
      }
    } else {
      internalsMap.set(self, { message: `${message}`, name: `${options}` });
    }
    // The stack starts at the caller, without this constructor's frame.
    if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(self, new.target);
    return self;
  }

  get name() {
    return internalsOf(this).name;
  }

  get message() {
    return internalsOf(this).message;
  }

  get code() {
    const { name } = internalsOf(this);
    if (disusedNamesSet.has(name)) return 0;
    return nameToCodeMap.get(name) ?? 0;
  }
}

Object.setPrototypeOf(DOMException.prototype, Error.prototype);
Object.defineProperties(DOMException.prototype, {
  [Symbol.toStringTag]: { __proto__: null, configurable: true, value: 'DOMException' },
  name: { __proto__: null, enumerable: true, configurable: true },
  message: { __proto__: null, enumerable: true, configurable: true },
  code: { __proto__: null, enumerable: true, configurable: true },
});

for (const [name, codeName, value] of [
  ['IndexSizeError', 'INDEX_SIZE_ERR', 1],
  ['DOMStringSizeError', 'DOMSTRING_SIZE_ERR', 2],
  ['HierarchyRequestError', 'HIERARCHY_REQUEST_ERR', 3],
  ['WrongDocumentError', 'WRONG_DOCUMENT_ERR', 4],
  ['InvalidCharacterError', 'INVALID_CHARACTER_ERR', 5],
  ['NoDataAllowedError', 'NO_DATA_ALLOWED_ERR', 6],
  ['NoModificationAllowedError', 'NO_MODIFICATION_ALLOWED_ERR', 7],
  ['NotFoundError', 'NOT_FOUND_ERR', 8],
  ['NotSupportedError', 'NOT_SUPPORTED_ERR', 9],
  ['InUseAttributeError', 'INUSE_ATTRIBUTE_ERR', 10],
  ['InvalidStateError', 'INVALID_STATE_ERR', 11],
  ['SyntaxError', 'SYNTAX_ERR', 12],
  ['InvalidModificationError', 'INVALID_MODIFICATION_ERR', 13],
  ['NamespaceError', 'NAMESPACE_ERR', 14],
  ['InvalidAccessError', 'INVALID_ACCESS_ERR', 15],
  ['ValidationError', 'VALIDATION_ERR', 16],
  ['TypeMismatchError', 'TYPE_MISMATCH_ERR', 17],
  ['SecurityError', 'SECURITY_ERR', 18],
  ['NetworkError', 'NETWORK_ERR', 19],
  ['AbortError', 'ABORT_ERR', 20],
  ['URLMismatchError', 'URL_MISMATCH_ERR', 21],
  ['QuotaExceededError', 'QUOTA_EXCEEDED_ERR', 22],
  ['TimeoutError', 'TIMEOUT_ERR', 23],
  ['InvalidNodeTypeError', 'INVALID_NODE_TYPE_ERR', 24],
  ['DataCloneError', 'DATA_CLONE_ERR', 25],
]) {
  const descriptor = { __proto__: null, enumerable: true, value };
  Object.defineProperty(DOMException, codeName, descriptor);
  Object.defineProperty(DOMException.prototype, codeName, descriptor);
  nameToCodeMap.set(name, value);
}

module.exports = { DOMException };
