// internal/crypto/kdf — password and key derivation: `pbkdf2`, `scrypt` and `hkdf`, each
// with a synchronous form and a callback form that delivers on a later macrotask.

const {
  native, errors, normalizeAlgorithm, isSupportedDigest, toBytes, toBuffer, cryptoError, deliver,
} = require('internal/crypto/util');

const MAX_INT32 = 2 ** 31 - 1;

function digestName(digest) {
  const normalized = normalizeAlgorithm(digest);
  if (!isSupportedDigest(normalized)) {
    throw new (errors().codes.ERR_CRYPTO_INVALID_DIGEST)(digest);
  }
  return normalized;
}

// Secret inputs: strings, buffers, or a secret KeyObject.
function secretBytes(value, name) {
  if (value !== null && typeof value === 'object' && value.type === 'secret' && typeof value.export === 'function') {
    return value.export();
  }
  return toBytes(value, 'utf8', name);
}

function pbkdf2Job(password, salt, iterations, keylen, digest) {
  const { validateInt32, validateString } = errors();
  const passwordBytes = secretBytes(password, 'password');
  const saltBytes = secretBytes(salt, 'salt');
  validateInt32(iterations, 'iterations', 1);
  validateInt32(keylen, 'keylen', 0);
  validateString(digest, 'digest');
  const name = digestName(digest);
  return () => toBuffer(native.pbkdf2(name, passwordBytes, saltBytes, iterations, keylen));
}

function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  return pbkdf2Job(password, salt, iterations, keylen, digest)();
}

function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof digest === 'function') {
    callback = digest;
    digest = undefined;
  }
  const job = pbkdf2Job(password, salt, iterations, keylen, digest);
  errors().validateFunction(callback, 'callback');
  deliver(callback, job);
}

const SCRYPT_DEFAULTS = { N: 16384, r: 8, p: 1, maxmem: 32 << 20 };

function scryptParams(options) {
  const params = { ...SCRYPT_DEFAULTS };
  if (options !== undefined && options !== null) {
    errors().validateObject(options, 'options');
    const pairs = [['N', 'cost'], ['r', 'blockSize'], ['p', 'parallelization']];
    for (const [short, long] of pairs) {
      if (options[short] !== undefined && options[long] !== undefined) {
        throw new (errors().codes.ERR_INCOMPATIBLE_OPTION_PAIR)(short, long);
      }
      const value = options[short] ?? options[long];
      if (value !== undefined) {
        errors().validateUint32(value, short);
        params[short] = value;
      }
    }
    if (options.maxmem !== undefined) {
      errors().validateNumber(options.maxmem, 'maxmem', 0);
      params.maxmem = options.maxmem;
    }
  }
  const { N, r, p, maxmem } = params;
  const logN = Math.log2(N);
  if (N < 2 || !Number.isInteger(logN) || r < 1 || p < 1 || 128 * N * r > maxmem) {
    throw cryptoError('ERR_CRYPTO_INVALID_SCRYPT_PARAMS', 'Invalid scrypt params', RangeError);
  }
  return { logN, r, p };
}

function scryptJob(password, salt, keylen, options) {
  const passwordBytes = secretBytes(password, 'password');
  const saltBytes = secretBytes(salt, 'salt');
  errors().validateInt32(keylen, 'keylen', 0);
  const { logN, r, p } = scryptParams(options);
  return () => {
    try {
      return toBuffer(native.scrypt(passwordBytes, saltBytes, logN, r, p, keylen));
    } catch {
      throw cryptoError('ERR_CRYPTO_INVALID_SCRYPT_PARAMS', 'Invalid scrypt params', RangeError);
    }
  };
}

function scryptSync(password, salt, keylen, options) {
  return scryptJob(password, salt, keylen, options)();
}

function scrypt(password, salt, keylen, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  const job = scryptJob(password, salt, keylen, options);
  errors().validateFunction(callback, 'callback');
  deliver(callback, job);
}

// Digest output sizes, for HKDF's 255 * HashLen limit.
const DIGEST_SIZES = {
  md5: 16, sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64, 'sha512-224': 28, 'sha512-256': 32,
  'sha3-224': 28, 'sha3-256': 32, 'sha3-384': 48, 'sha3-512': 64, ripemd160: 20,
};

function hkdfJob(digest, ikm, salt, info, keylen) {
  const { validateString, validateInt32 } = errors();
  validateString(digest, 'digest');
  const ikmBytes = secretBytes(ikm, 'ikm');
  const saltBytes = toBytes(salt, 'utf8', 'salt');
  const infoBytes = toBytes(info, 'utf8', 'info');
  validateInt32(keylen, 'length', 0);
  if (infoBytes.byteLength > 1024) {
    throw new (errors().codes.ERR_OUT_OF_RANGE)('info', 'must not contain more than 1024 bytes',
      infoBytes.byteLength);
  }
  // As in Node, the digest is looked up once the arguments have been validated.
  const name = digestName(digest);
  if (keylen > 255 * DIGEST_SIZES[name]) {
    throw cryptoError('ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length', RangeError);
  }
  return () => {
    const out = native.hkdf(name, ikmBytes, saltBytes, infoBytes, keylen);
    return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength);
  };
}

function hkdfSync(digest, ikm, salt, info, keylen) {
  return hkdfJob(digest, ikm, salt, info, keylen)();
}

function hkdf(digest, ikm, salt, info, keylen, callback) {
  const job = hkdfJob(digest, ikm, salt, info, keylen);
  errors().validateFunction(callback, 'callback');
  deliver(callback, job);
}

module.exports = { pbkdf2, pbkdf2Sync, scrypt, scryptSync, hkdf, hkdfSync, DIGEST_SIZES };
