// internal/crypto/diffiehellman — classic (finite-field) Diffie-Hellman: `DiffieHellman`
// and `createDiffieHellman` over a given or generated prime, `DiffieHellmanGroup` and
// `getDiffieHellman` over the RFC 2409/3526 MODP groups. The numbers are big-endian bytes;
// the natives generate primes and keys, check parameters and compute the shared secret.

const {
  native, Buffer, errors, toBytes, toBuffer, encodeOutput, cryptoError,
} = require('internal/crypto/util');

// OpenSSL's default generator, used when none (or 0) is given.
const DH_GENERATOR = 2;
// OpenSSL's bounds on the modulus size.
const MIN_MODULUS_BITS = 512;
const MAX_MODULUS_BITS = 10000;

const BYTES_TYPES = ['number', 'string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'];

function dhError(code, number, reason) {
  const error = cryptoError(`ERR_OSSL_DH_${code}`, `error:${number}:Diffie-Hellman routines::${reason}`);
  error.library = 'Diffie-Hellman routines';
  error.reason = reason;
  return error;
}

// The natives refuse a modulus outside OpenSSL's bounds with OpenSSL's reason.
const MODULUS_ERRORS = {
  'modulus too small': ['MODULUS_TOO_SMALL', '0280007E'],
  'modulus too large': ['MODULUS_TOO_LARGE', '02800067'],
};

// Runs a native DH operation, turning its failures into Node's errors: OpenSSL's for the
// modulus, ERR_CRYPTO_INVALID_KEYLEN for an out-of-range peer key.
function dhCall(call) {
  try {
    return call();
  } catch (error) {
    const modulus = MODULUS_ERRORS[error.message];
    if (modulus !== undefined) throw dhError(modulus[0], modulus[1], error.message);
    throw cryptoError('ERR_CRYPTO_INVALID_KEYLEN', error.message);
  }
}

function badGenerator() {
  return dhError('BAD_GENERATOR', '02800065', 'bad generator');
}

function isBytes(value) {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer;
}

// Strings are decoded with `encoding`, as Node's getArrayBufferOrView does.
function bytesOf(value, name, encoding) {
  if (typeof value === 'string') return Buffer().from(value, encoding === 'buffer' ? 'utf8' : encoding);
  return toBytes(value, undefined, name);
}

// The generator as bytes; a number must be at least 2, bytes must encode at least 2.
function generatorBytes(generator) {
  if (typeof generator === 'number') {
    if (generator < 2) throw badGenerator();
    const hex = generator.toString(16);
    return new Uint8Array(Buffer().from(hex.length % 2 ? `0${hex}` : hex, 'hex'));
  }
  const bytes = toBytes(generator);
  const significant = bytes.subarray(bytes.findIndex((byte) => byte !== 0));
  if (bytes.every((byte) => byte === 0) || (significant.length === 1 && significant[0] < 2)) {
    throw badGenerator();
  }
  return bytes;
}

// A new safe prime of `bits` bits for the generator (given as bytes or a number).
function generatedPrime(bits, generator) {
  if (bits < MIN_MODULUS_BITS) throw dhError(...MODULUS_ERRORS['modulus too small'], 'modulus too small');
  if (bits > MAX_MODULUS_BITS) throw dhError(...MODULUS_ERRORS['modulus too large'], 'modulus too large');
  if (typeof generator !== 'number') {
    generator = generator.length <= 4 ? toBuffer(generator).readUIntBE(0, generator.length) : 0;
  }
  return native.dhGeneratePrime(bits, generator);
}

function defineVerifyError(dh) {
  Object.defineProperty(dh, 'verifyError', {
    __proto__: null,
    enumerable: true,
    value: native.dhCheck(dh._prime, dh._generator),
    writable: false,
  });
}

function DiffieHellman(sizeOrKey, keyEncoding, generator, genEncoding) {
  if (!new.target) return new DiffieHellman(sizeOrKey, keyEncoding, generator, genEncoding);
  const { codes, validateInt32 } = errors();
  if (typeof sizeOrKey !== 'number' && typeof sizeOrKey !== 'string' && !isBytes(sizeOrKey)) {
    throw new codes.ERR_INVALID_ARG_TYPE('sizeOrKey', BYTES_TYPES, sizeOrKey);
  }
  if (typeof sizeOrKey === 'number') validateInt32(sizeOrKey, 'sizeOrKey');
  if (keyEncoding && !Buffer().isEncoding(keyEncoding) && keyEncoding !== 'buffer') {
    genEncoding = generator;
    generator = keyEncoding;
    keyEncoding = false;
  }
  keyEncoding ||= 'buffer';
  genEncoding ||= 'buffer';
  if (!generator) {
    generator = DH_GENERATOR;
  } else if (typeof generator === 'number') {
    validateInt32(generator, 'generator');
  } else if (typeof generator === 'string') {
    generator = bytesOf(generator, 'generator', genEncoding);
  } else if (!isBytes(generator)) {
    throw new codes.ERR_INVALID_ARG_TYPE('generator', BYTES_TYPES, generator);
  }
  this._generator = generatorBytes(generator);
  this._prime = typeof sizeOrKey === 'number'
    ? generatedPrime(sizeOrKey, this._generator)
    : new Uint8Array(bytesOf(sizeOrKey, 'sizeOrKey', keyEncoding));
  this._publicKey = null;
  this._privateKey = null;
  defineVerifyError(this);
}

function groupPrime(name) {
  const prime = native.dhGroup(`${name}`);
  if (prime === undefined) throw cryptoError('ERR_CRYPTO_UNKNOWN_DH_GROUP', 'Unknown DH group');
  return prime;
}

function DiffieHellmanGroup(name) {
  if (!new.target) return new DiffieHellmanGroup(name);
  this._prime = groupPrime(name);
  this._generator = Uint8Array.of(DH_GENERATOR);
  this._publicKey = null;
  this._privateKey = null;
  defineVerifyError(this);
}

function encode(bytes, encoding) {
  return encodeOutput(bytes, encoding || undefined);
}

// A new key pair, or the public key of a private key set with setPrivateKey.
function generateKeys(encoding) {
  [this._privateKey, this._publicKey] = dhCall(
    () => native.dhGenerateKey(this._prime, this._generator, this._privateKey ?? undefined));
  return encode(this._publicKey, encoding);
}

function computeSecret(key, inputEncoding, outputEncoding) {
  const peer = bytesOf(key, 'key', inputEncoding);
  if (this._privateKey === null) throw cryptoError('ERR_CRYPTO_INVALID_KEYTYPE', 'Invalid key type');
  return encode(dhCall(() => native.dhComputeSecret(this._prime, this._privateKey, peer)), outputEncoding);
}

function getPrime(encoding) {
  return encode(this._prime, encoding);
}

function getGenerator(encoding) {
  return encode(this._generator, encoding);
}

function getPublicKey(encoding) {
  if (this._publicKey === null) {
    throw cryptoError('ERR_CRYPTO_INVALID_STATE', 'No public key - did you forget to generate one?');
  }
  return encode(this._publicKey, encoding);
}

function getPrivateKey(encoding) {
  if (this._privateKey === null) {
    throw cryptoError('ERR_CRYPTO_INVALID_STATE', 'No private key - did you forget to generate one?');
  }
  return encode(this._privateKey, encoding);
}

for (const Class of [DiffieHellman, DiffieHellmanGroup]) {
  Object.assign(Class.prototype, {
    generateKeys, computeSecret, getPrime, getGenerator, getPublicKey, getPrivateKey,
  });
}

DiffieHellman.prototype.setPublicKey = function setPublicKey(key, encoding) {
  this._publicKey = new Uint8Array(bytesOf(key, 'key', encoding));
  return this;
};

DiffieHellman.prototype.setPrivateKey = function setPrivateKey(key, encoding) {
  this._privateKey = new Uint8Array(bytesOf(key, 'key', encoding));
  return this;
};

function createDiffieHellman(sizeOrKey, keyEncoding, generator, genEncoding) {
  return new DiffieHellman(sizeOrKey, keyEncoding, generator, genEncoding);
}

function createDiffieHellmanGroup(name) {
  return new DiffieHellmanGroup(name);
}

module.exports = {
  DiffieHellman,
  DiffieHellmanGroup,
  createDiffieHellman,
  createDiffieHellmanGroup,
  dhCall,
  generatedPrime,
  groupPrime,
};
