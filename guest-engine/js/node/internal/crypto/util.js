// internal/crypto/util — helpers shared by the node:crypto modules: byte conversion of
// Node's accepted inputs, digest-name normalization, Node-style errors for the codes
// internal/errors does not define, and the callback/async plumbing of the KDFs.

const native = binding('crypto');

let BufferClass;
function Buffer() {
  BufferClass ??= require('buffer').Buffer;
  return BufferClass;
}

function errors() {
  return require('internal/errors');
}

// Node accepts OpenSSL's names: case-insensitive, with RSA- prefixes and dashed SHA names.
const ALGORITHM_ALIASES = new Map([
  ['rsa-md5', 'md5'], ['rsa-sha1', 'sha1'], ['sha-1', 'sha1'], ['rsa-sha224', 'sha224'],
  ['sha-224', 'sha224'], ['rsa-sha256', 'sha256'], ['sha-256', 'sha256'],
  ['rsa-sha384', 'sha384'], ['sha-384', 'sha384'], ['rsa-sha512', 'sha512'],
  ['sha-512', 'sha512'], ['sha512-224', 'sha512-224'], ['sha512-256', 'sha512-256'],
  ['rsa-sha512/224', 'sha512-224'], ['rsa-sha512/256', 'sha512-256'],
  ['sha-512/224', 'sha512-224'], ['sha-512/256', 'sha512-256'],
  ['rsa-sha3-224', 'sha3-224'], ['rsa-sha3-256', 'sha3-256'], ['rsa-sha3-384', 'sha3-384'],
  ['rsa-sha3-512', 'sha3-512'], ['ripemd', 'ripemd160'], ['rmd160', 'ripemd160'],
  ['ripemd-160', 'ripemd160'], ['rsa-ripemd160', 'ripemd160'],
]);

function normalizeAlgorithm(algorithm) {
  const lower = `${algorithm}`.toLowerCase();
  return ALGORITHM_ALIASES.get(lower) ?? lower;
}

function isSupportedDigest(name) {
  return native.hashes().includes(name);
}

function toBytes(data, encoding, name = 'data') {
  if (typeof data === 'string') return Buffer().from(data, encoding);
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer || data instanceof SharedArrayBuffer) return new Uint8Array(data);
  throw new (errors().codes.ERR_INVALID_ARG_TYPE)(
    name, ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'], data);
}

function toBuffer(bytes) {
  return Buffer().from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function encodeOutput(bytes, encoding) {
  const buffer = toBuffer(bytes);
  return encoding === undefined || encoding === 'buffer' ? buffer : buffer.toString(encoding);
}

// An Error carrying a Node error code that internal/errors has no class for.
function cryptoError(code, message, Base = Error) {
  const error = new Base(message);
  if (code) error.code = code;
  return error;
}

// OpenSSL's packed error strings for the failures the cipher natives report.
const OSSL_MESSAGES = {
  ERR_OSSL_BAD_DECRYPT: 'error:1C800064:Provider routines::bad decrypt',
  ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH: 'error:1C80006B:Provider routines::wrong final block length',
};

const NATIVE_ERROR_TYPES = {
  ERR_CRYPTO_INVALID_KEYLEN: RangeError,
  ERR_CRYPTO_INVALID_IV: TypeError,
};

// The cipher natives report failures as "CODE|reason"; this rethrows them as Node does.
function rethrowNative(error) {
  if (!(error instanceof Error) || !`${error.message}`.includes('|')) throw error;
  const [code, reason] = error.message.split('|');
  const wrapped = cryptoError(code, OSSL_MESSAGES[code] ?? reason, NATIVE_ERROR_TYPES[code]);
  if (OSSL_MESSAGES[code]) {
    wrapped.library = 'Provider routines';
    wrapped.reason = reason;
  }
  throw wrapped;
}

// Runs `job` now (the natives are synchronous) and hands its result to `callback` on a
// later macrotask, as Node's thread-pool jobs do.
function deliver(callback, job) {
  let result;
  let failure = null;
  try {
    result = job();
  } catch (error) {
    failure = error;
  }
  setImmediate(() => (failure ? callback(failure) : callback(null, result)));
}

// Node's crypto classes are plain constructors that also work when called without `new`;
// this gives a class the same behaviour.
function callableWithoutNew(Class) {
  return new Proxy(Class, {
    __proto__: null,
    apply: (target, thisArg, args) => new target(...args),
  });
}

module.exports = {
  callableWithoutNew,
  native,
  Buffer,
  errors,
  normalizeAlgorithm,
  isSupportedDigest,
  toBytes,
  toBuffer,
  encodeOutput,
  cryptoError,
  rethrowNative,
  deliver,
};
