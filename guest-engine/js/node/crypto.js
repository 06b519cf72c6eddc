// node:crypto — hashing (`createHash`), HMAC (`createHmac`), randomness (`randomBytes`,
// `randomFill`, `randomInt`, `randomUUID`, `getRandomValues`), `timingSafeEqual`, and the
// public surface gathered from internal/crypto: KDFs (kdf), ciphers (cipher), keys,
// signatures and key agreement (keys), classic Diffie-Hellman (diffiehellman), and
// `webcrypto` (webcrypto). The byte work is native Rust (binding('crypto')); these files
// give it Node's API: encodings, chaining, callbacks and errors.

const {
  native, Buffer, errors, normalizeAlgorithm, toBytes, toBuffer, encodeOutput: encodeDigest,
  rethrowNative,
} = require('internal/crypto/util');
const kdf = require('internal/crypto/kdf');
const cipher = require('internal/crypto/cipher');
const keys = require('internal/crypto/keys');
const diffiehellman = require('internal/crypto/diffiehellman');

let LazyTransformClass;
function LazyTransform() {
  LazyTransformClass ??= require('internal/streams/lazy_transform');
  return LazyTransformClass;
}

// Hash and Hmac are LazyTransforms (plain constructors, callable without `new`, as in
// Node): writing to them feeds the hash and they emit the digest when the input ends.
function hashFinalized() {
  return new (errors().codes.ERR_CRYPTO_HASH_FINALIZED)();
}

function validateHashInput(data, encoding) {
  if (typeof data === 'string') return toBytes(data, encoding);
  if (!ArrayBuffer.isView(data)) {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)(
      'data', ['string', 'Buffer', 'TypedArray', 'DataView'], data);
  }
  return toBytes(data);
}

function hashUpdate(data, encoding) {
  if (this._finalized) throw hashFinalized();
  this._state.update(validateHashInput(data, encoding));
  return this;
}

function hashTransform(chunk, encoding, callback) {
  this._state.update(toBytes(chunk, encoding));
  callback();
}

// The digest bytes, computed once: a piped hash may still be asked for digest() after it
// has emitted its output.
function digestBytes(hash) {
  hash._digest ??= hash._state.digest();
  return hash._digest;
}

function hashFlush(callback) {
  this.push(toBuffer(digestBytes(this)));
  callback();
}

function nativeCall(call) {
  try {
    return call();
  } catch (error) {
    rethrowNative(error);
  }
}

function outputLengthOption(options) {
  const outputLength = options !== null && typeof options === 'object' ? options.outputLength : undefined;
  if (outputLength !== undefined) errors().validateUint32(outputLength, 'options.outputLength');
  return outputLength;
}

function Hash(algorithm, options) {
  if (!new.target) return new Hash(algorithm, options);
  const outputLength = outputLengthOption(options);
  if (algorithm instanceof Hash) {
    this._state = nativeCall(() => algorithm._state.copy(outputLength));
  } else {
    errors().validateString(algorithm, 'algorithm');
    this._state = nativeCall(() => native.createHash(normalizeAlgorithm(algorithm), outputLength));
  }
  this._finalized = false;
  LazyTransform().call(this, options);
}
Object.setPrototypeOf(Hash.prototype, LazyTransform().prototype);
Object.setPrototypeOf(Hash, LazyTransform());

Hash.prototype.copy = function copy(options) {
  if (this._finalized) throw hashFinalized();
  return new Hash(this, options);
};
Hash.prototype._transform = hashTransform;
Hash.prototype._flush = hashFlush;
Hash.prototype.update = hashUpdate;
Hash.prototype.digest = function digest(outputEncoding) {
  if (this._finalized) throw hashFinalized();
  this._finalized = true;
  return encodeDigest(digestBytes(this), outputEncoding || undefined);
};

function Hmac(hmac, key, options) {
  if (!new.target) return new Hmac(hmac, key, options);
  errors().validateString(hmac, 'hmac');
  const normalized = normalizeAlgorithm(hmac);
  if (!native.hashes().includes(normalized) || normalized.startsWith('shake')) {
    throw new (errors().codes.ERR_CRYPTO_INVALID_DIGEST)(hmac);
  }
  const encoding = options?.encoding;
  const keyBytes = keys.isKeyObject(key) ? secretKeyBytes(key) : toBytes(key, encoding ?? 'utf8', 'key');
  this._state = native.createHmac(normalized, keyBytes);
  this._finalized = false;
  LazyTransform().call(this, options);
}
Object.setPrototypeOf(Hmac.prototype, LazyTransform().prototype);
Object.setPrototypeOf(Hmac, LazyTransform());

// An HMAC key given as a KeyObject must be a secret one.
function secretKeyBytes(key) {
  if (key.type !== 'secret') {
    throw new (errors().codes.ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE)(key.type, 'secret');
  }
  return key.export();
}

Hmac.prototype._transform = hashTransform;
Hmac.prototype._flush = hashFlush;
Hmac.prototype.update = hashUpdate;
// A second digest() returns an empty digest rather than throwing, as in Node.
Hmac.prototype.digest = function digest(outputEncoding) {
  if (this._finalized) return encodeDigest(new Uint8Array(0), outputEncoding || undefined);
  this._finalized = true;
  return encodeDigest(digestBytes(this), outputEncoding || undefined);
};

function createHash(algorithm, options) {
  return new Hash(algorithm, options);
}

function createHmac(algorithm, key, options) {
  return new Hmac(algorithm, key, options);
}

function hash(algorithm, input, outputEncoding = 'hex') {
  const { validateString, codes } = errors();
  validateString(algorithm, 'algorithm');
  if (typeof input !== 'string' && !ArrayBuffer.isView(input)) {
    throw new codes.ERR_INVALID_ARG_TYPE('input', ['Buffer', 'TypedArray', 'DataView', 'string'], input);
  }
  validateString(outputEncoding, 'outputEncoding');
  const encoding = outputEncoding.toLowerCase();
  if (encoding !== 'buffer' && !Buffer().isEncoding(encoding)) {
    throw new codes.ERR_INVALID_ARG_VALUE('outputEncoding', outputEncoding);
  }
  return createHash(algorithm).update(input).digest(encoding);
}

// Largest `randomBytes` size Node accepts.
const MAX_RANDOM_BYTES = 2 ** 31 - 1;

function randomBytes(size, callback) {
  errors().validateNumber(size, 'size', 0, MAX_RANDOM_BYTES);
  if (callback !== undefined) errors().validateFunction(callback, 'callback');
  const bytes = native.randomBytes(size);
  const buffer = Buffer().from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (callback === undefined) return buffer;
  process.nextTick(callback, null, buffer);
  return undefined;
}

// `offset` and `size` count elements of `target`; these turn them into byte counts.
function assertOffset(offset, elementSize, length) {
  errors().validateNumber(offset, 'offset');
  offset *= elementSize;
  const maxLength = Math.min(length, MAX_RANDOM_BYTES);
  if (Number.isNaN(offset) || offset > maxLength || offset < 0) {
    throw new (errors().codes.ERR_OUT_OF_RANGE)('offset', `>= 0 && <= ${maxLength}`, offset);
  }
  return offset >>> 0;
}

function assertSize(size, elementSize, offset, length) {
  errors().validateNumber(size, 'size');
  size *= elementSize;
  if (Number.isNaN(size) || size > MAX_RANDOM_BYTES || size < 0) {
    throw new (errors().codes.ERR_OUT_OF_RANGE)('size', `>= 0 && <= ${MAX_RANDOM_BYTES}`, size);
  }
  if (size + offset > length) {
    throw new (errors().codes.ERR_OUT_OF_RANGE)('size + offset', `<= ${length}`, size + offset);
  }
  return size >>> 0;
}

function randomFillSync(target, offset = 0, size) {
  if (!ArrayBuffer.isView(target) && !(target instanceof ArrayBuffer)
    && !(target instanceof SharedArrayBuffer)) {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)('buf', ['ArrayBuffer', 'ArrayBufferView'], target);
  }
  const view = toBytes(target, undefined, 'buf');
  const elementSize = target.BYTES_PER_ELEMENT ?? 1;
  const byteOffset = assertOffset(offset, elementSize, view.byteLength);
  const byteSize = size === undefined
    ? view.byteLength - byteOffset : assertSize(size, elementSize, byteOffset, view.byteLength);
  view.set(native.randomBytes(byteSize), byteOffset);
  return target;
}

function randomFill(target, offset, size, callback) {
  if (typeof offset === 'function') {
    callback = offset;
    offset = 0;
    size = undefined;
  } else if (typeof size === 'function') {
    callback = size;
    size = undefined;
  }
  errors().validateFunction(callback, 'callback');
  randomFillSync(target, offset, size);
  process.nextTick(callback, null, target);
}

// A uniformly distributed integer in [min, max), by rejection sampling on 48 bits.
// The largest range randomInt draws from: 48 bits.
const RAND_MAX = 0xFFFF_FFFF_FFFF;

function randomInt(min, max, callback) {
  const minNotSpecified = max === undefined || typeof max === 'function';
  if (minNotSpecified) {
    callback = max;
    max = min;
    min = 0;
  }
  if (callback !== undefined) errors().validateFunction(callback, 'callback');
  const { codes } = errors();
  if (!Number.isSafeInteger(min)) throw new codes.ERR_INVALID_ARG_TYPE('min', 'a safe integer', min);
  if (!Number.isSafeInteger(max)) throw new codes.ERR_INVALID_ARG_TYPE('max', 'a safe integer', max);
  if (max <= min) {
    throw new codes.ERR_OUT_OF_RANGE('max', `greater than the value of "min" (${min})`, max);
  }
  const range = max - min;
  if (!(range <= RAND_MAX)) {
    throw new codes.ERR_OUT_OF_RANGE(`max${minNotSpecified ? '' : ' - min'}`, `<= ${RAND_MAX}`, range);
  }
  const limit = 2 ** 48 - (2 ** 48 % range);
  let value;
  do {
    const bytes = native.randomBytes(6);
    value = bytes.reduce((acc, byte) => acc * 256 + byte, 0);
  } while (value >= limit);
  const result = min + (value % range);
  if (callback !== undefined) {
    process.nextTick(callback, null, result);
    return undefined;
  }
  return result;
}

function randomUUID(options) {
  if (options !== undefined) {
    errors().validateObject(options, 'options');
    if (options.disableEntropyCache !== undefined) {
      errors().validateBoolean(options.disableEntropyCache, 'options.disableEntropyCache');
    }
  }
  const bytes = native.randomBytes(16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// The Web Crypto quota on one getRandomValues call.
const MAX_RANDOM_VALUES_BYTES = 65536;

function getRandomValues(array) {
  const integerTypes = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array,
    Int32Array, Uint32Array, BigInt64Array, BigUint64Array];
  if (!integerTypes.some((Type) => array instanceof Type)) {
    const error = new TypeError('The data argument must be an integer-type TypedArray');
    error.name = 'TypeMismatchError';
    error.code = 17;
    throw error;
  }
  if (array.byteLength > MAX_RANDOM_VALUES_BYTES) {
    const error = new RangeError(`The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (${MAX_RANDOM_VALUES_BYTES})`);
    error.name = 'QuotaExceededError';
    error.code = 22;
    throw error;
  }
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(native.randomBytes(array.byteLength));
  return array;
}

function timingSafeEqual(a, b) {
  const x = toBytes(a, undefined, 'buf1');
  const y = toBytes(b, undefined, 'buf2');
  if (x.byteLength !== y.byteLength) {
    const error = new RangeError('Input buffers must have the same byte length');
    error.code = 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH';
    throw error;
  }
  let difference = 0;
  for (let i = 0; i < x.length; i++) difference |= x[i] ^ y[i];
  return difference === 0;
}

function getHashes() {
  return ['RSA-MD5', 'RSA-RIPEMD160', 'RSA-SHA1', 'RSA-SHA224', 'RSA-SHA256', 'RSA-SHA3-224',
    'RSA-SHA3-256', 'RSA-SHA3-384', 'RSA-SHA3-512', 'RSA-SHA384', 'RSA-SHA512',
    'RSA-SHA512/224', 'RSA-SHA512/256', 'ripemd', 'rmd160', ...native.hashes()].sort();
}

// The engine has no FIPS-validated provider: FIPS mode is always off and cannot be enabled.
function getFips() {
  return 0;
}

function setFips(enabled) {
  if (enabled) throw new (errors().codes.ERR_METHOD_NOT_IMPLEMENTED)('FIPS mode');
}

// Keys live in ordinary (QuickJS) memory; there is no OpenSSL secure heap.
function secureHeapUsed() {
  return { total: 0, min: 0, used: 0, utilization: 0 };
}

const { webcrypto, Crypto, CryptoKey, SubtleCrypto } = require('internal/crypto/webcrypto');

module.exports = {
  createHash,
  createHmac,
  hash,
  Hash,
  Hmac,
  randomBytes,
  randomFillSync,
  randomFill,
  randomInt,
  randomUUID,
  getRandomValues,
  timingSafeEqual,
  getHashes,
  getFips,
  setFips,
  secureHeapUsed,
  webcrypto,
  subtle: webcrypto.subtle,
  Crypto,
  CryptoKey,
  SubtleCrypto,
  pbkdf2: kdf.pbkdf2,
  pbkdf2Sync: kdf.pbkdf2Sync,
  scrypt: kdf.scrypt,
  scryptSync: kdf.scryptSync,
  hkdf: kdf.hkdf,
  hkdfSync: kdf.hkdfSync,
  Cipheriv: cipher.Cipheriv,
  Decipheriv: cipher.Decipheriv,
  createCipheriv: cipher.createCipheriv,
  createDecipheriv: cipher.createDecipheriv,
  getCiphers: cipher.getCiphers,
  getCipherInfo: cipher.getCipherInfo,
  KeyObject: keys.KeyObject,
  X509Certificate: require('internal/crypto/x509').X509Certificate,
  createSecretKey: keys.createSecretKey,
  createPublicKey: keys.createPublicKey,
  createPrivateKey: keys.createPrivateKey,
  generateKeyPair: keys.generateKeyPair,
  generateKeyPairSync: keys.generateKeyPairSync,
  generateKey: keys.generateKey,
  generateKeySync: keys.generateKeySync,
  sign: keys.sign,
  verify: keys.verify,
  Sign: keys.Sign,
  Verify: keys.Verify,
  createSign: keys.createSign,
  createVerify: keys.createVerify,
  diffieHellman: keys.diffieHellman,
  DiffieHellman: diffiehellman.DiffieHellman,
  DiffieHellmanGroup: diffiehellman.DiffieHellmanGroup,
  createDiffieHellman: diffiehellman.createDiffieHellman,
  createDiffieHellmanGroup: diffiehellman.createDiffieHellmanGroup,
  getDiffieHellman: diffiehellman.createDiffieHellmanGroup,
  ECDH: keys.ECDH,
  createECDH: keys.createECDH,
  getCurves: keys.getCurves,
  publicEncrypt: keys.publicEncrypt,
  privateDecrypt: keys.privateDecrypt,
  privateEncrypt: keys.privateEncrypt,
  publicDecrypt: keys.publicDecrypt,
  constants: keys.constants,
};

// Deprecated aliases of randomBytes (DEP0115), hidden from enumeration as in Node.
for (const name of ['pseudoRandomBytes', 'prng', 'rng']) {
  Object.defineProperty(module.exports, name, {
    __proto__: null,
    value: require('util').deprecate(randomBytes, `crypto.${name} is deprecated.`, 'DEP0115'),
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

Object.defineProperty(module.exports, 'fips', {
  __proto__: null, get: getFips, set: setFips, enumerable: false, configurable: false,
});
