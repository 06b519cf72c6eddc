// node:crypto — hashing (`createHash`), HMAC (`createHmac`), randomness (`randomBytes`,
// `randomFill`, `randomInt`, `randomUUID`, `getRandomValues`), `timingSafeEqual`, and the
// public surface gathered from internal/crypto: KDFs (kdf), ciphers (cipher), keys,
// signatures and key agreement (keys), and `webcrypto` (webcrypto). The byte work is
// native Rust (binding('crypto')); these files give it Node's API: encodings, chaining,
// callbacks and errors.

const {
  native, Buffer, errors, normalizeAlgorithm, toBytes, encodeOutput: encodeDigest,
} = require('internal/crypto/util');
const kdf = require('internal/crypto/kdf');
const cipher = require('internal/crypto/cipher');
const keys = require('internal/crypto/keys');

class Hash {
  constructor(algorithm, options, state) {
    if (state === undefined) {
      errors().validateString(algorithm, 'algorithm');
      const normalized = normalizeAlgorithm(algorithm);
      if (!native.hashes().includes(normalized)) throw new Error('Digest method not supported');
      state = native.createHash(normalized);
    }
    this._state = state;
    this._finalized = false;
  }

  update(data, encoding) {
    if (this._finalized) throw new (errors().codes.ERR_CRYPTO_HASH_FINALIZED ?? Error)('Digest already called');
    this._state.update(toBytes(data, encoding));
    return this;
  }

  digest(encoding) {
    if (this._finalized) throw new (errors().codes.ERR_CRYPTO_HASH_FINALIZED ?? Error)('Digest already called');
    this._finalized = true;
    return encodeDigest(this._state.digest(), encoding);
  }

  copy() {
    if (this._finalized) throw new (errors().codes.ERR_CRYPTO_HASH_FINALIZED ?? Error)('Digest already called');
    return new Hash(undefined, undefined, this._state.copy());
  }
}

class Hmac {
  constructor(algorithm, key) {
    errors().validateString(algorithm, 'hmac');
    const normalized = normalizeAlgorithm(algorithm);
    if (!native.hashes().includes(normalized)) throw new Error(`Invalid digest: ${algorithm}`);
    const keyBytes = key !== null && typeof key === 'object' && key.type === 'secret' && key.export
      ? key.export() : toBytes(key, 'utf8', 'key');
    this._state = native.createHmac(normalized, keyBytes);
    this._finalized = false;
  }

  update(data, encoding) {
    if (this._finalized) throw new (errors().codes.ERR_CRYPTO_HASH_FINALIZED ?? Error)('Digest already called');
    this._state.update(toBytes(data, encoding));
    return this;
  }

  digest(encoding) {
    if (this._finalized) return encodeDigest(new Uint8Array(0), encoding);
    this._finalized = true;
    return encodeDigest(this._state.digest(), encoding);
  }
}

function createHash(algorithm, options) {
  return new Hash(algorithm, options);
}

function createHmac(algorithm, key, options) {
  return new Hmac(algorithm, key, options);
}

function hash(algorithm, data, outputEncoding = 'hex') {
  return createHash(algorithm).update(data).digest(outputEncoding);
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

function randomFillSync(target, offset = 0, size) {
  const view = toBytes(target, undefined, 'buf');
  errors().validateNumber(offset, 'offset', 0, view.length);
  size ??= view.length - offset;
  errors().validateNumber(size, 'size', 0, view.length - offset);
  view.set(native.randomBytes(size), offset);
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
function randomInt(min, max, callback) {
  if (max === undefined || typeof max === 'function') {
    callback = max;
    max = min;
    min = 0;
  }
  const { codes } = errors();
  if (!Number.isSafeInteger(min)) throw new codes.ERR_INVALID_ARG_TYPE('min', 'a safe integer', min);
  if (!Number.isSafeInteger(max)) throw new codes.ERR_INVALID_ARG_TYPE('max', 'a safe integer', max);
  if (max <= min) {
    throw new codes.ERR_OUT_OF_RANGE('max', `greater than the value of "min" (${min})`, max);
  }
  const range = max - min;
  const limit = 2 ** 48 - (2 ** 48 % range);
  let value;
  do {
    const bytes = native.randomBytes(6);
    value = bytes.reduce((acc, byte) => acc * 256 + byte, 0);
  } while (value >= limit);
  const result = min + (value % range);
  if (typeof callback === 'function') {
    process.nextTick(callback, null, result);
    return undefined;
  }
  return result;
}

function randomUUID() {
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
  return ['RSA-MD5', 'RSA-SHA1', 'RSA-SHA224', 'RSA-SHA256', 'RSA-SHA384', 'RSA-SHA512',
    ...native.hashes()].sort();
}

const { webcrypto, Crypto, CryptoKey, SubtleCrypto } = require('internal/crypto/webcrypto');

module.exports = {
  createHash,
  createHmac,
  hash,
  Hash,
  Hmac,
  randomBytes,
  pseudoRandomBytes: randomBytes,
  randomFillSync,
  randomFill,
  randomInt,
  randomUUID,
  getRandomValues,
  timingSafeEqual,
  getHashes,
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
  KeyObject: keys.KeyObject,
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
  ECDH: keys.ECDH,
  createECDH: keys.createECDH,
  getCurves: keys.getCurves,
  publicEncrypt: keys.publicEncrypt,
  privateDecrypt: keys.privateDecrypt,
  constants: keys.constants,
};
