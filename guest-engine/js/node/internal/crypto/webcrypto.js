// internal/crypto/webcrypto — the Web Crypto API: `Crypto` (the `webcrypto` object and the
// global `crypto`), `SubtleCrypto` and `CryptoKey`. Each operation maps the Web Crypto
// algorithm dictionaries onto the node:crypto primitives (KeyObject, ciphers, KDFs,
// signatures) and reports failures as DOMExceptions with the names the spec requires.

const { native, Buffer, toBytes, toBuffer } = require('internal/crypto/util');
const kdf = require('internal/crypto/kdf');
const keys = require('internal/crypto/keys');
const cipher = require('internal/crypto/cipher');
const { codes: { ERR_ILLEGAL_CONSTRUCTOR, ERR_INVALID_THIS, ERR_OUT_OF_RANGE } } = require('internal/errors');

function domException(message, name, cause) {
  const { DOMException } = require('internal/dom_exception');
  return new DOMException(message, cause === undefined ? name : { name, cause });
}

const notSupported = (message = 'Unrecognized algorithm name') => domException(message, 'NotSupportedError');
const operationError = (message = 'The operation failed for an operation-specific reason', cause) =>
  domException(message, 'OperationError', cause);
const invalidAccess = (message) => domException(message, 'InvalidAccessError');
const dataError = (message = 'Invalid keyData') => domException(message, 'DataError');
const syntaxError = (message) => domException(message, 'SyntaxError');

// The TypeErrors of Node's WebIDL conversions: a message prefixed with where the value was
// converted, and a Node error code.
function webidlError(prefix, context, message, code) {
  const error = new TypeError(`${prefix}: ${context} ${message}`);
  error.code = code;
  return error;
}

const NORMALIZE_PREFIX = 'Failed to normalize algorithm';
const NORMALIZE_CONTEXT = 'passed algorithm';

const ALGORITHM_NAMES = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512', 'HMAC', 'AES-GCM', 'AES-CBC',
  'AES-CTR', 'AES-KW', 'ECDSA', 'ECDH', 'Ed25519', 'Ed448', 'X25519', 'X448', 'RSASSA-PKCS1-v1_5', 'RSA-PSS', 'RSA-OAEP',
  'PBKDF2', 'HKDF'];

const HASHES = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const DIGEST_BYTES = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

// Usages each algorithm's keys may carry, by key type.
const USAGES = {
  HMAC: { secret: ['sign', 'verify'] },
  'AES-GCM': { secret: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'] },
  'AES-CBC': { secret: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'] },
  'AES-CTR': { secret: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'] },
  'AES-KW': { secret: ['wrapKey', 'unwrapKey'] },
  PBKDF2: { secret: ['deriveBits', 'deriveKey'] },
  HKDF: { secret: ['deriveBits', 'deriveKey'] },
  ECDSA: { private: ['sign'], public: ['verify'] },
  Ed25519: { private: ['sign'], public: ['verify'] },
  Ed448: { private: ['sign'], public: ['verify'] },
  'RSASSA-PKCS1-v1_5': { private: ['sign'], public: ['verify'] },
  'RSA-PSS': { private: ['sign'], public: ['verify'] },
  'RSA-OAEP': { private: ['decrypt', 'unwrapKey'], public: ['encrypt', 'wrapKey'] },
  ECDH: { private: ['deriveBits', 'deriveKey'], public: [] },
  X25519: { private: ['deriveBits', 'deriveKey'], public: [] },
  X448: { private: ['deriveBits', 'deriveKey'], public: [] },
};

// The parameter dictionary each operation reads for an algorithm, with its required
// members in the order WebIDL checks them (sorted by name).
const AES_KEY_GEN = ['AesKeyGenParams', ['length']];
const RSA_KEY_GEN = ['RsaHashedKeyGenParams', ['hash', 'modulusLength', 'publicExponent']];
const RSA_IMPORT = ['RsaHashedImportParams', ['hash']];
const EC_KEY_GEN = ['EcKeyGenParams', ['namedCurve']];
const EC_IMPORT = ['EcKeyImportParams', ['namedCurve']];
const HMAC_IMPORT = ['HmacImportParams', ['hash']];
const ECDH_DERIVE = ['EcdhKeyDeriveParams', ['public']];
const DICTIONARIES = {
  generateKey: {
    HMAC: ['HmacKeyGenParams', ['hash']],
    'AES-GCM': AES_KEY_GEN, 'AES-CBC': AES_KEY_GEN, 'AES-CTR': AES_KEY_GEN, 'AES-KW': AES_KEY_GEN,
    'RSASSA-PKCS1-v1_5': RSA_KEY_GEN, 'RSA-PSS': RSA_KEY_GEN, 'RSA-OAEP': RSA_KEY_GEN,
    ECDSA: EC_KEY_GEN, ECDH: EC_KEY_GEN,
  },
  importKey: {
    HMAC: HMAC_IMPORT,
    'RSASSA-PKCS1-v1_5': RSA_IMPORT, 'RSA-PSS': RSA_IMPORT, 'RSA-OAEP': RSA_IMPORT,
    ECDSA: EC_IMPORT, ECDH: EC_IMPORT,
  },
  sign: { ECDSA: ['EcdsaParams', ['hash']], 'RSA-PSS': ['RsaPssParams', ['saltLength']] },
  encrypt: {
    'AES-CBC': ['AesCbcParams', ['iv']],
    'AES-CTR': ['AesCtrParams', ['counter', 'length']],
    'AES-GCM': ['AesGcmParams', ['iv']],
  },
  deriveBits: {
    HKDF: ['HkdfParams', ['hash', 'info', 'salt']],
    PBKDF2: ['Pbkdf2Params', ['hash', 'iterations', 'salt']],
    ECDH: ECDH_DERIVE, X25519: ECDH_DERIVE, X448: ECDH_DERIVE,
  },
  getKeyLength: {
    'AES-GCM': ['AesDerivedKeyParams', ['length']], 'AES-CBC': ['AesDerivedKeyParams', ['length']],
    'AES-CTR': ['AesDerivedKeyParams', ['length']], 'AES-KW': ['AesDerivedKeyParams', ['length']],
    HMAC: HMAC_IMPORT,
  },
};
DICTIONARIES.verify = DICTIONARIES.sign;
DICTIONARIES.decrypt = DICTIONARIES.encrypt;

// An AlgorithmIdentifier is a dictionary or else converted to a string naming the algorithm;
// `operation` selects the parameter dictionary whose required members must be present.
function normalize(algorithm, operation) {
  const dictionary = algorithm !== null && typeof algorithm === 'object' ? algorithm : { name: `${algorithm}` };
  if (dictionary.name === undefined) {
    throw webidlError(NORMALIZE_PREFIX, NORMALIZE_CONTEXT,
      "can not be converted to 'Algorithm' because 'name' is required in 'Algorithm'.", 'ERR_MISSING_OPTION');
  }
  const requested = `${dictionary.name}`.toLowerCase();
  const name = ALGORITHM_NAMES.find((n) => n.toLowerCase() === requested);
  if (name === undefined) throw notSupported();
  const [dictionaryName, required] = DICTIONARIES[operation]?.[name] ?? [];
  for (const member of required ?? []) {
    if (dictionary[member] === undefined) {
      throw webidlError(NORMALIZE_PREFIX, NORMALIZE_CONTEXT,
        `can not be converted to '${dictionaryName}' because '${member}' is required in '${dictionaryName}'.`,
        'ERR_MISSING_OPTION');
    }
  }
  const result = { ...dictionary, name };
  if (result.hash !== undefined) result.hash = normalizeHash(result.hash);
  return result;
}

function normalizeHash(hash) {
  const { name } = normalize(hash, 'digest');
  if (!(name in HASHES)) throw notSupported();
  return { name };
}

function bufferSource(value, operation, context) {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return Buffer().from(toBytes(value));
  throw webidlError(`Failed to execute '${operation}' on 'SubtleCrypto'`, context,
    'is not instance of ArrayBuffer, Buffer, TypedArray, or DataView.', 'ERR_INVALID_ARG_TYPE');
}

// The KeyFormat enumeration argument of importKey, exportKey, wrapKey and unwrapKey.
function checkKeyFormat(format, operation) {
  if (!['raw', 'pkcs8', 'spki', 'jwk'].includes(format)) {
    throw webidlError(`Failed to execute '${operation}' on 'SubtleCrypto'`, '1st argument',
      `value '${typeof format === 'symbol' ? String(format) : format}' is not a valid enum value of type KeyFormat.`,
      'ERR_INVALID_ARG_VALUE');
  }
}

// A BufferSource member of a normalized algorithm dictionary (`iv`, `salt`, ...).
function memberBytes(algorithm, member) {
  const value = algorithm[member];
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return Buffer().from(toBytes(value));
  throw webidlError(NORMALIZE_PREFIX, `${NORMALIZE_CONTEXT} has member '${member}' that`,
    'is not instance of ArrayBuffer, Buffer, TypedArray, or DataView.', 'ERR_INVALID_ARG_TYPE');
}

function arrayBuffer(bytes) {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

const kConstruct = Symbol('kConstruct');

class CryptoKey {
  constructor(token, keyObject, algorithm, extractable, usages) {
    if (token !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
    this._keyObject = keyObject;
    this._algorithm = algorithm;
    this._extractable = extractable;
    this._usages = usages;
  }

  get type() {
    return this._keyObject.type;
  }

  get extractable() {
    return this._extractable;
  }

  get algorithm() {
    return this._algorithm;
  }

  get usages() {
    return this._usages;
  }

  get [Symbol.toStringTag]() {
    return 'CryptoKey';
  }
}

// Node names the key family: an HMAC, AES or RSA key, else the algorithm (a ECDSA key).
function unsupportedUsage(name) {
  let family = `a ${name}`;
  if (name === 'HMAC') family = 'an HMAC';
  else if (name.startsWith('AES-')) family = 'an AES';
  else if (name.startsWith('RSA')) family = 'an RSA';
  return syntaxError(`Unsupported key usage for ${family} key`);
}

// `importing`: whether the key comes from importKey, which words the empty-usages error so.
function makeKey(keyObject, algorithm, extractable, usages, importing = false) {
  const allowed = USAGES[algorithm.name][keyObject.type] ?? [];
  const list = [...usages];
  for (const usage of list) {
    if (!allowed.includes(usage)) throw unsupportedUsage(algorithm.name);
  }
  if (list.length === 0 && keyObject.type !== 'public') {
    throw syntaxError(importing
      ? `Usages cannot be empty when importing a ${keyObject.type} key.`
      : 'Usages cannot be empty when creating a key.');
  }
  return new CryptoKey(kConstruct, keyObject, algorithm, extractable, [...new Set(list)]);
}

// What Node reports when a key lacks the usage an operation needs.
const MISSING_USAGE = {
  sign: 'Unable to use this key to sign',
  verify: 'Unable to use this key to verify',
  deriveBits: 'baseKey does not have deriveBits usage',
  deriveKey: 'baseKey does not have deriveKey usage',
};

const INVALID_KEY = 'The requested operation is not valid for the provided key';

// What Node reports when a key belongs to another algorithm: signatures report it as a
// missing usage, derivations as a mismatch.
const WRONG_ALGORITHM = {
  sign: MISSING_USAGE.sign,
  verify: MISSING_USAGE.verify,
  deriveBits: 'Key algorithm mismatch',
  deriveKey: 'Key algorithm mismatch',
};

function checkKey(key, algorithmName, usage) {
  if (!(key instanceof CryptoKey)) throw new TypeError('key is not a CryptoKey');
  if (usage !== undefined && !key._usages.includes(usage)) {
    throw invalidAccess(MISSING_USAGE[usage] ?? INVALID_KEY);
  }
  if (key.algorithm.name !== algorithmName) throw invalidAccess(WRONG_ALGORITHM[usage] ?? INVALID_KEY);
}

// The Web Crypto algorithm of an asymmetric KeyObject, given the requested algorithm.
function asymmetricAlgorithm(keyObject, algorithm) {
  const type = keyObject.asymmetricKeyType;
  const expected = {
    ECDSA: 'ec', ECDH: 'ec', Ed25519: 'ed25519', Ed448: 'ed448', X25519: 'x25519', X448: 'x448',
    'RSASSA-PKCS1-v1_5': 'rsa', 'RSA-PSS': 'rsa', 'RSA-OAEP': 'rsa',
  }[algorithm.name];
  if (expected === undefined) throw notSupported();
  if (type !== expected) throw dataError('Invalid key type');
  if (type === 'ec') {
    const namedCurve = keys.CURVES.get(keyObject.asymmetricKeyDetails.namedCurve);
    if (algorithm.namedCurve !== undefined && algorithm.namedCurve !== namedCurve) {
      throw dataError('Named curve mismatch');
    }
    return { name: algorithm.name, namedCurve };
  }
  if (type === 'rsa') {
    if (algorithm.hash === undefined) throw new TypeError('Algorithm: hash: Missing');
    const { modulusLength, publicExponent } = keyObject.asymmetricKeyDetails;
    let hex = publicExponent.toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    return { name: algorithm.name, modulusLength, publicExponent: new Uint8Array(Buffer().from(hex, 'hex')),
      hash: algorithm.hash };
  }
  return { name: algorithm.name };
}

function secretAlgorithm(algorithm, length) {
  switch (algorithm.name) {
    case 'HMAC':
      if (algorithm.hash === undefined) throw new TypeError('Algorithm: hash: Missing');
      if (length === 0 || algorithm.length === 0) throw dataError('Zero-length key is not supported');
      if (algorithm.length !== undefined && algorithm.length !== length) throw dataError('Invalid key length');
      return { name: 'HMAC', length, hash: algorithm.hash };
    case 'AES-GCM': case 'AES-CBC': case 'AES-CTR': case 'AES-KW':
      if (![128, 192, 256].includes(length)) throw dataError('Invalid key length');
      return { name: algorithm.name, length };
    case 'PBKDF2': case 'HKDF':
      return { name: algorithm.name };
    default:
      throw notSupported();
  }
}

// KDF base keys can never be exported.
function checkKdfExtractable(name, extractable) {
  if ((name === 'PBKDF2' || name === 'HKDF') && extractable) {
    throw syntaxError(`${name} keys are not extractable`);
  }
}

function keyObjectToCryptoKey(keyObject, algorithm, extractable, usages) {
  const normalized = normalize(algorithm, 'importKey');
  checkKdfExtractable(normalized.name, extractable);
  const resolved = keyObject.type === 'secret'
    ? secretAlgorithm(normalized, keyObject.symmetricKeySize * 8)
    : asymmetricAlgorithm(keyObject, normalized);
  return makeKey(keyObject, resolved, !!extractable, usages, true);
}

// --- operations ------------------------------------------------------------------------

function digest(algorithm, data) {
  const { name } = normalize(algorithm, 'digest');
  if (!(name in HASHES)) throw notSupported();
  const hash = require('crypto').createHash(HASHES[name]).update(bufferSource(data, 'digest', '2nd argument'))
    .digest();
  return arrayBuffer(hash);
}

async function generateKey(algorithm, extractable, keyUsages) {
  const normalized = normalize(algorithm, 'generateKey');
  const usages = [...keyUsages];
  switch (normalized.name) {
    case 'HMAC': {
      const size = { sha1: 512, sha256: 512, sha384: 1024, sha512: 1024 }[HASHES[normalized.hash?.name]];
      if (size === undefined) throw new TypeError('Algorithm: hash: Missing');
      const length = normalized.length ?? size;
      const keyObject = keys.createSecretKey(native.randomBytes(Math.ceil(length / 8)));
      return makeKey(keyObject, { name: 'HMAC', length, hash: normalized.hash }, extractable, usages);
    }
    case 'AES-GCM': case 'AES-CBC': case 'AES-CTR': case 'AES-KW': {
      if (![128, 192, 256].includes(normalized.length)) {
        throw operationError('AES key length must be 128, 192, or 256 bits');
      }
      const keyObject = keys.createSecretKey(native.randomBytes(normalized.length / 8));
      return makeKey(keyObject, { name: normalized.name, length: normalized.length }, extractable, usages);
    }
    case 'ECDSA': case 'ECDH': case 'Ed25519': case 'Ed448': case 'X25519': case 'X448':
    case 'RSASSA-PKCS1-v1_5': case 'RSA-PSS': case 'RSA-OAEP':
      return generateKeyPair(normalized, extractable, usages);
    default:
      throw notSupported();
  }
}

function generateKeyPair(algorithm, extractable, usages) {
  let pair;
  const { name } = algorithm;
  const allowed = USAGES[name];
  const privateUsages = usages.filter((u) => allowed.private.includes(u));
  const publicUsages = usages.filter((u) => allowed.public.includes(u));
  if (usages.some((u) => !allowed.private.includes(u) && !allowed.public.includes(u))) {
    throw unsupportedUsage(name);
  }
  if (name === 'ECDSA' || name === 'ECDH') {
    if (!['P-256', 'P-384', 'P-521'].includes(algorithm.namedCurve)) throw notSupported('Unsupported named curve');
    pair = keys.generateKeyPairSync('ec', { namedCurve: algorithm.namedCurve });
  } else if (JWK_KTY[name] === 'OKP') {
    pair = keys.generateKeyPairSync(name.toLowerCase());
  } else {
    const exponentBytes = toBytes(algorithm.publicExponent ?? new Uint8Array([1, 0, 1]));
    const publicExponent = exponentBytes.reduce((acc, byte) => acc * 256 + byte, 0);
    if (publicExponent !== 3 && publicExponent !== 65537) throw operationError('Bad public exponent');
    pair = keys.generateKeyPairSync('rsa', { modulusLength: algorithm.modulusLength, publicExponent });
  }
  const resolved = asymmetricAlgorithm(pair.privateKey, algorithm);
  return {
    publicKey: new CryptoKey(kConstruct, pair.publicKey, resolved, true, publicUsages),
    privateKey: makeKey(pair.privateKey, resolved, extractable, privateUsages),
  };
}

const RAW_PUBLIC = { ECDSA: true, ECDH: true, Ed25519: true, Ed448: true, X25519: true, X448: true };

const SECRET_ALGORITHMS = ['HMAC', 'AES-GCM', 'AES-CBC', 'AES-CTR', 'AES-KW', 'PBKDF2', 'HKDF'];

// The JWK "kty" each algorithm's keys have, and the "use" they must declare when given.
const JWK_KTY = { ECDSA: 'EC', ECDH: 'EC', Ed25519: 'OKP', Ed448: 'OKP', X25519: 'OKP', X448: 'OKP' };
const JWK_ENCRYPTION_USE = ['ECDH', 'X25519', 'X448', 'RSA-OAEP', 'AES-GCM', 'AES-CBC', 'AES-CTR', 'AES-KW'];

function jwkKty(name) {
  if (SECRET_ALGORITHMS.includes(name)) return 'oct';
  return JWK_KTY[name] ?? 'RSA';
}

// The checks Web Crypto makes on a JWK's metadata before importing its key material.
function checkJwk(jwk, algorithm, extractable, usages) {
  const { name } = algorithm;
  if (!jwk.kty) throw dataError('Invalid keyData');
  if (jwk.kty !== jwkKty(name)) throw dataError('Invalid JWK "kty" Parameter');
  if (JWK_KTY[name] === 'OKP' && jwk.crv !== name) {
    throw dataError('JWK "crv" Parameter and algorithm name mismatch');
  }
  const use = JWK_ENCRYPTION_USE.includes(name) ? 'enc' : 'sig';
  if (usages.length > 0 && jwk.use !== undefined && jwk.use !== use) {
    throw dataError('Invalid JWK "use" Parameter');
  }
  if (jwk.key_ops !== undefined) {
    if (!Array.isArray(jwk.key_ops)) throw dataError('Invalid JWK "key_ops" Parameter');
    if (new Set(jwk.key_ops).size !== jwk.key_ops.length) throw dataError('Duplicate key operation');
    if (usages.some((usage) => !jwk.key_ops.includes(usage))) throw dataError('Key operations and usage mismatch');
  }
  if (jwk.ext === false && extractable) throw dataError('JWK "ext" Parameter and extractable mismatch');
  if (JWK_KTY[name] === 'EC' && jwk.crv !== algorithm.namedCurve) {
    throw dataError('JWK "crv" does not match the requested algorithm');
  }
}

function importKeyObject(format, keyData, algorithm) {
  const { name } = algorithm;
  const secret = SECRET_ALGORITHMS.includes(name);
  try {
    switch (format) {
      case 'raw':
        if (secret) return keys.createSecretKey(keyData);
        if (!RAW_PUBLIC[name]) throw notSupported(`Unable to import ${name} key with format raw`);
        return keys.createPublicKey({
          key: native.publicFromRaw(name === 'ECDSA' || name === 'ECDH' ? algorithm.namedCurve : name.toLowerCase(),
            keyData),
          format: 'der', type: 'spki',
        });
      case 'jwk':
        if (secret) {
          return keys.createSecretKey(Buffer().from(`${keyData.k}`, 'base64url'));
        }
        return keyData.d === undefined
          ? keys.createPublicKey({ key: keyData, format: 'jwk' })
          : keys.createPrivateKey({ key: keyData, format: 'jwk' });
      case 'spki':
        if (secret) throw notSupported(`Unable to import ${name} key with format spki`);
        return keys.createPublicKey({ key: keyData, format: 'der', type: 'spki' });
      case 'pkcs8':
        if (secret) throw notSupported(`Unable to import ${name} key with format pkcs8`);
        return keys.createPrivateKey({ key: keyData, format: 'der', type: 'pkcs8' });
    }
  } catch (error) {
    if (error?.name === 'NotSupportedError' || error?.name === 'DataError') throw error;
    throw dataError('Invalid keyData');
  }
}

async function importKey(format, keyData, algorithm, extractable, keyUsages) {
  checkKeyFormat(format, 'importKey');
  let data = keyData;
  if (format !== 'jwk') {
    data = bufferSource(keyData, 'importKey', '2nd argument');
  } else if (keyData === null || keyData === undefined) {
    // WebIDL converts a missing dictionary to an empty one.
    data = {};
  } else if (typeof keyData !== 'object') {
    throw webidlError("Failed to execute 'importKey' on 'SubtleCrypto'", '2nd argument',
      'can not be converted to a dictionary', 'ERR_INVALID_ARG_TYPE');
  }
  const normalized = normalize(algorithm, 'importKey');
  const usages = [...keyUsages];
  if (format === 'jwk') checkJwk(data, normalized, extractable, usages);
  checkKdfExtractable(normalized.name, extractable);
  const keyObject = importKeyObject(format, data, normalized);
  const resolved = keyObject.type === 'secret'
    ? secretAlgorithm(normalized, keyObject.symmetricKeySize * 8)
    : asymmetricAlgorithm(keyObject, normalized);
  if (format === 'jwk' && data.alg !== undefined && !jwkAlgMatches(data.alg, resolved)) {
    throw dataError('JWK "alg" does not match the requested algorithm');
  }
  if (keyObject.type === 'public') {
    const allowed = USAGES[resolved.name].public;
    if (usages.some((u) => !allowed.includes(u))) throw unsupportedUsage(resolved.name);
    return new CryptoKey(kConstruct, keyObject, resolved, !!extractable, usages);
  }
  return makeKey(keyObject, resolved, !!extractable, usages, true);
}

async function exportKey(format, key) {
  checkKeyFormat(format, 'exportKey');
  if (!(key instanceof CryptoKey)) throw new TypeError('key is not a CryptoKey');
  if (!key.extractable) throw invalidAccess('key is not extractable');
  const keyObject = key._keyObject;
  switch (format) {
    case 'raw':
      if (keyObject.type === 'secret') return arrayBuffer(keyObject.export());
      if (keyObject.type === 'public' && RAW_PUBLIC[key.algorithm.name]) {
        return arrayBuffer(native.publicRaw(keyObject._der, false));
      }
      break;
    case 'spki':
      // Web Crypto exports EC public keys with the point uncompressed, however imported.
      if (keyObject.type === 'public' && key.algorithm.namedCurve !== undefined) {
        return arrayBuffer(native.publicFromRaw(key.algorithm.namedCurve, native.publicRaw(keyObject._der, false)));
      }
      if (keyObject.type === 'public') return arrayBuffer(keyObject.export({ format: 'der', type: 'spki' }));
      break;
    case 'pkcs8':
      if (keyObject.type === 'private') return arrayBuffer(keyObject.export({ format: 'der', type: 'pkcs8' }));
      break;
    case 'jwk': {
      const jwk = { key_ops: key.usages, ext: key.extractable, ...keyObject.export({ format: 'jwk' }) };
      const alg = jwkAlg(key.algorithm);
      if (alg !== undefined) jwk.alg = alg;
      return jwk;
    }
    default:
      throw new TypeError(`Failed to execute 'exportKey' on 'SubtleCrypto': '${format}' is not a valid KeyFormat`);
  }
  throw invalidAccess(`Unable to export a ${key.type} ${key.algorithm.name} key with format ${format}`);
}

function jwkAlg(algorithm) {
  const bits = algorithm.hash?.name.slice(4);
  switch (algorithm.name) {
    case 'HMAC': return `HS${bits === '1' ? '1' : bits}`;
    case 'AES-GCM': return `A${algorithm.length}GCM`;
    case 'AES-CBC': return `A${algorithm.length}CBC`;
    case 'AES-CTR': return `A${algorithm.length}CTR`;
    case 'AES-KW': return `A${algorithm.length}KW`;
    case 'RSASSA-PKCS1-v1_5': return bits === '1' ? 'RS1' : `RS${bits}`;
    case 'RSA-PSS': return bits === '1' ? 'PS1' : `PS${bits}`;
    case 'RSA-OAEP': return bits === '1' ? 'RSA-OAEP' : `RSA-OAEP-${bits}`;
    case 'ECDSA': return { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[algorithm.namedCurve];
    default: return undefined;
  }
}

// The hash an RSA JWK "alg" names (RS256, PS384, RSA-OAEP-512, ...).
const RSA_JWK_HASHES = {
  RS1: 'SHA-1', PS1: 'SHA-1', 'RSA-OAEP': 'SHA-1',
  RS256: 'SHA-256', PS256: 'SHA-256', 'RSA-OAEP-256': 'SHA-256',
  RS384: 'SHA-384', PS384: 'SHA-384', 'RSA-OAEP-384': 'SHA-384',
  RS512: 'SHA-512', PS512: 'SHA-512', 'RSA-OAEP-512': 'SHA-512',
};

// Whether an imported JWK's "alg" fits the algorithm: RSA keys compare only the hash it
// names, as Node does; algorithms without a JWK "alg" (ECDH, the curve25519/448 ones, KDFs)
// accept any.
function jwkAlgMatches(alg, algorithm) {
  if (algorithm.modulusLength !== undefined) return RSA_JWK_HASHES[alg] === algorithm.hash.name;
  const expected = jwkAlg(algorithm);
  return expected === undefined || alg === expected;
}

function signatureParams(algorithm, key) {
  switch (algorithm.name) {
    case 'ECDSA':
      return { digest: HASHES[algorithm.hash.name], options: { dsaEncoding: 'ieee-p1363' } };
    case 'Ed25519':
      return { digest: null, options: {} };
    case 'Ed448':
      if (algorithm.context !== undefined && toBytes(algorithm.context).byteLength !== 0) {
        throw notSupported('Non zero-length context is not yet supported');
      }
      return { digest: null, options: {} };
    case 'RSASSA-PKCS1-v1_5':
      return { digest: HASHES[key.algorithm.hash.name], options: { padding: keys.constants.RSA_PKCS1_PADDING } };
    case 'RSA-PSS': {
      const hash = HASHES[key.algorithm.hash.name];
      const { saltLength } = algorithm;
      const max = Math.ceil((key.algorithm.modulusLength - 1) / 8) - DIGEST_BYTES[hash] - 2;
      if (!(saltLength >= 0 && saltLength <= max)) {
        throw operationError(undefined,
          new ERR_OUT_OF_RANGE('algorithm.saltLength', `>= 0 && <= ${max}`, saltLength));
      }
      return { digest: hash, options: { padding: keys.constants.RSA_PKCS1_PSS_PADDING, saltLength } };
    }
    default:
      throw notSupported();
  }
}

async function sign(algorithm, key, data) {
  const normalized = normalize(algorithm, 'sign');
  checkKey(key, normalized.name, 'sign');
  const bytes = bufferSource(data, 'sign', '3rd argument');
  if (normalized.name === 'HMAC') {
    const hmac = require('crypto').createHmac(HASHES[key.algorithm.hash.name], key._keyObject);
    return arrayBuffer(hmac.update(bytes).digest());
  }
  const { digest: hash, options } = signatureParams(normalized, key);
  return arrayBuffer(keys.sign(hash, bytes, { key: key._keyObject, ...options }));
}

async function verify(algorithm, key, signature, data) {
  const normalized = normalize(algorithm, 'verify');
  checkKey(key, normalized.name, 'verify');
  const signatureBytes = bufferSource(signature, 'verify', '3rd argument');
  const bytes = bufferSource(data, 'verify', '4th argument');
  if (normalized.name === 'HMAC') {
    const expected = require('crypto').createHmac(HASHES[key.algorithm.hash.name], key._keyObject)
      .update(bytes).digest();
    return expected.length === signatureBytes.length && require('crypto').timingSafeEqual(expected, signatureBytes);
  }
  const { digest: hash, options } = signatureParams(normalized, key);
  return keys.verify(hash, bytes, { key: key._keyObject, ...options }, signatureBytes);
}

function aesName(key, mode) {
  return `aes-${key._keyObject.symmetricKeySize * 8}-${mode}`;
}

// AES-CTR with a counter of `length` bits: the counter block's low `length` bits wrap
// without carrying into the nonce, so the keystream restarts at a zeroed counter.
function aesCtr(algorithm, key, data) {
  const counter = memberBytes(algorithm, 'counter');
  const { length } = algorithm;
  if (counter.length !== 16) throw operationError('AES-CTR algorithm.counter must contain exactly 16 bytes');
  if (!(length > 0 && length <= 128)) throw operationError('AES-CTR algorithm.length must be between 1 and 128');
  const value = BigInt(`0x${counter.toString('hex')}`);
  const modulus = 1n << BigInt(length);
  const low = value % modulus;
  const blocksBeforeWrap = modulus - low;
  const totalBlocks = BigInt(Math.ceil(data.length / 16));
  if (length < 64 && totalBlocks > modulus) throw operationError('The counter would repeat');
  const run = (iv, bytes) => {
    const ctr = cipher.createCipheriv(aesName(key, 'ctr'), key._keyObject, iv);
    return Buffer().concat([ctr.update(bytes), ctr.final()]);
  };
  if (totalBlocks <= blocksBeforeWrap) return run(counter, data);
  const split = Number(blocksBeforeWrap) * 16;
  const wrapped = Buffer().from((value - low).toString(16).padStart(32, '0'), 'hex');
  return Buffer().concat([run(counter, data.subarray(0, split)), run(wrapped, data.subarray(split))]);
}

function aesGcm(encrypt, algorithm, key, data) {
  const iv = memberBytes(algorithm, 'iv');
  const tagLength = algorithm.tagLength ?? 128;
  if (![32, 64, 96, 104, 112, 120, 128].includes(tagLength)) {
    throw operationError(`${tagLength} is not a valid AES-GCM tag length`);
  }
  const tagBytes = tagLength / 8;
  const aad = algorithm.additionalData === undefined ? undefined : memberBytes(algorithm, 'additionalData');
  if (encrypt) {
    const gcm = cipher.createCipheriv(aesName(key, 'gcm'), key._keyObject, iv, { authTagLength: tagBytes });
    if (aad !== undefined) gcm.setAAD(aad);
    return Buffer().concat([gcm.update(data), gcm.final(), gcm.getAuthTag()]);
  }
  if (data.length < tagBytes) throw operationError('The provided data is too small.');
  const gcm = cipher.createDecipheriv(aesName(key, 'gcm'), key._keyObject, iv, { authTagLength: tagBytes });
  if (aad !== undefined) gcm.setAAD(aad);
  gcm.setAuthTag(data.subarray(data.length - tagBytes));
  const out = gcm.update(data.subarray(0, data.length - tagBytes));
  try {
    return Buffer().concat([out, gcm.final()]);
  } catch {
    throw operationError('The operation failed for an operation-specific reason');
  }
}

function aesCbc(encrypt, algorithm, key, data) {
  const iv = memberBytes(algorithm, 'iv');
  if (iv.length !== 16) throw operationError('algorithm.iv must contain exactly 16 bytes');
  const make = encrypt ? cipher.createCipheriv : cipher.createDecipheriv;
  const cbc = make(aesName(key, 'cbc'), key._keyObject, iv);
  try {
    return Buffer().concat([cbc.update(data), cbc.final()]);
  } catch {
    throw operationError('The operation failed for an operation-specific reason');
  }
}

function rsaOaep(encrypt, algorithm, key, data) {
  const options = {
    key: key._keyObject,
    padding: keys.constants.RSA_PKCS1_OAEP_PADDING,
    oaepHash: HASHES[key.algorithm.hash.name],
    ...(algorithm.label === undefined ? {} : { oaepLabel: memberBytes(algorithm, 'label') }),
  };
  try {
    return encrypt ? keys.publicEncrypt(options, data) : keys.privateDecrypt(options, data);
  } catch {
    throw operationError('The operation failed for an operation-specific reason');
  }
}

// AES Key Wrap (RFC 3394) with its default initial value; it only wraps and unwraps keys.
function aesKw(encrypt, key, data) {
  if (data.length % 8 !== 0 || data.length < (encrypt ? 16 : 24)) {
    throw operationError('The operation failed for an operation-specific reason');
  }
  const make = encrypt ? cipher.createCipheriv : cipher.createDecipheriv;
  const kw = make(`id-aes${key._keyObject.symmetricKeySize * 8}-wrap`, key._keyObject,
    Buffer().from('A6A6A6A6A6A6A6A6', 'hex'));
  try {
    return Buffer().concat([kw.update(data), kw.final()]);
  } catch {
    throw operationError('The operation failed for an operation-specific reason');
  }
}

function cryptOperation(encrypt, algorithm, key, data, usage = encrypt ? 'encrypt' : 'decrypt') {
  const operation = encrypt ? 'encrypt' : 'decrypt';
  const normalized = normalize(algorithm, operation);
  checkKey(key, normalized.name, usage);
  const bytes = bufferSource(data, usage, usage === operation ? '3rd argument' : '2nd argument');
  switch (normalized.name) {
    case 'AES-GCM': return arrayBuffer(aesGcm(encrypt, normalized, key, bytes));
    case 'AES-CBC': return arrayBuffer(aesCbc(encrypt, normalized, key, bytes));
    case 'AES-CTR': return arrayBuffer(aesCtr(normalized, key, bytes));
    case 'AES-KW':
      if (usage === operation) throw notSupported('Unrecognized algorithm name');
      return arrayBuffer(aesKw(encrypt, key, bytes));
    case 'RSA-OAEP': return arrayBuffer(rsaOaep(encrypt, normalized, key, bytes));
    default: throw notSupported();
  }
}

async function encrypt(algorithm, key, data) {
  return cryptOperation(true, algorithm, key, data);
}

async function decrypt(algorithm, key, data) {
  return cryptOperation(false, algorithm, key, data);
}

// PBKDF2 and HKDF derive whole bytes only.
function requireWholeBytes(length) {
  if (length % 8 !== 0) throw operationError('length must be a multiple of 8');
}

function deriveBitsSync(algorithm, baseKey, length) {
  const normalized = normalize(algorithm, 'deriveBits');
  checkKey(baseKey, normalized.name);
  switch (normalized.name) {
    case 'PBKDF2': {
      if (length === null || length === 0) throw operationError('length cannot be null or zero');
      requireWholeBytes(length);
      if (!(normalized.iterations > 0)) throw operationError('iterations cannot be zero');
      return kdf.pbkdf2Sync(baseKey._keyObject.export(), memberBytes(normalized, 'salt'),
        normalized.iterations, length / 8, HASHES[normalized.hash.name]);
    }
    case 'HKDF': {
      if (length === null) throw operationError('length cannot be null');
      requireWholeBytes(length);
      return Buffer().from(kdf.hkdfSync(HASHES[normalized.hash.name], baseKey._keyObject.export(),
        memberBytes(normalized, 'salt'), memberBytes(normalized, 'info'), length / 8));
    }
    case 'ECDH': case 'X25519': case 'X448': {
      const publicKey = normalized.public;
      if (!(publicKey instanceof CryptoKey)) {
        throw webidlError(NORMALIZE_PREFIX, `${NORMALIZE_CONTEXT} has member 'public' that`,
          'is not of type \'CryptoKey\'.', 'ERR_INVALID_ARG_TYPE');
      }
      if (publicKey.type !== 'public') {
        throw invalidAccess('algorithm.public must be a public key');
      }
      if (!['ECDH', 'X25519', 'X448'].includes(publicKey.algorithm.name)) {
        throw invalidAccess('Keys must be ECDH, X25519, or X448 keys');
      }
      if (publicKey.algorithm.name !== baseKey.algorithm.name) {
        throw invalidAccess('The public and private keys must be of the same type');
      }
      if (publicKey.algorithm.namedCurve !== baseKey.algorithm.namedCurve) {
        throw invalidAccess('Named curve mismatch');
      }
      const secret = keys.diffieHellman({ privateKey: baseKey._keyObject, publicKey: publicKey._keyObject });
      if (length === null) return secret;
      // Node's message, though the secret is what is too small.
      const bytes = Math.ceil(length / 8);
      if (bytes > secret.length) throw operationError('derived bit length is too small');
      const bits = Buffer().from(secret.subarray(0, bytes));
      if (length % 8 !== 0) bits[bytes - 1] &= 0xff << (8 - (length % 8));
      return bits;
    }
    default:
      throw notSupported();
  }
}

async function deriveBits(algorithm, baseKey, length = null) {
  checkKey(baseKey, normalize(algorithm, 'deriveBits').name, 'deriveBits');
  return arrayBuffer(deriveBitsSync(algorithm, baseKey, length));
}

function derivedKeyLength(algorithm) {
  switch (algorithm.name) {
    case 'AES-GCM': case 'AES-CBC': case 'AES-CTR': case 'AES-KW':
      if (![128, 192, 256].includes(algorithm.length)) throw operationError('Invalid AES key length');
      return algorithm.length;
    case 'HMAC':
      return algorithm.length ?? { 'SHA-1': 512, 'SHA-256': 512, 'SHA-384': 1024, 'SHA-512': 1024 }[algorithm.hash.name];
    case 'HKDF': case 'PBKDF2':
      return null;
    default:
      throw notSupported();
  }
}

async function deriveKey(algorithm, baseKey, derivedKeyAlgorithm, extractable, keyUsages) {
  checkKey(baseKey, normalize(algorithm, 'deriveBits').name, 'deriveKey');
  const target = normalize(derivedKeyAlgorithm, 'getKeyLength');
  const bits = deriveBitsSync(algorithm, baseKey, derivedKeyLength(target));
  return importKey('raw', bits, target, extractable, keyUsages);
}

async function wrapKey(format, key, wrappingKey, wrapAlgorithm) {
  checkKeyFormat(format, 'wrapKey');
  const exported = await exportKey(format, key);
  const bytes = format === 'jwk' ? Buffer().from(JSON.stringify(exported)) : Buffer().from(exported);
  return cryptOperation(true, wrapAlgorithm, wrappingKey, bytes, 'wrapKey');
}

async function unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm,
  extractable, keyUsages) {
  checkKeyFormat(format, 'unwrapKey');
  const bytes = cryptOperation(false, unwrapAlgorithm, unwrappingKey, wrappedKey, 'unwrapKey');
  let keyData = bytes;
  if (format === 'jwk') {
    try {
      keyData = JSON.parse(Buffer().from(bytes).toString('utf8'));
    } catch {
      throw dataError('Invalid JWK');
    }
  }
  return importKey(format, keyData, unwrappedKeyAlgorithm, extractable, keyUsages);
}

// The real Crypto and SubtleCrypto objects: one merely inheriting a prototype is not an instance.
const instances = new WeakSet();

class SubtleCrypto {
  constructor(token) {
    if (token !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
    instances.add(this);
  }

  get [Symbol.toStringTag]() {
    return 'SubtleCrypto';
  }
}

// Every SubtleCrypto method returns a promise, rejecting on synchronous failures too.
const METHODS = {
  digest, generateKey, importKey, exportKey, sign, verify, encrypt, decrypt, deriveBits, deriveKey,
  wrapKey, unwrapKey,
};
for (const [name, implementation] of Object.entries(METHODS)) {
  Object.defineProperty(SubtleCrypto.prototype, name, {
    value: {
      [name](...args) {
        if (!instances.has(this) || !(this instanceof SubtleCrypto)) return Promise.reject(new ERR_INVALID_THIS('SubtleCrypto'));
        return new Promise((resolve) => resolve(implementation(...args)));
      },
    }[name],
    writable: true,
    configurable: true,
    enumerable: true,
  });
}

const subtle = new SubtleCrypto(kConstruct);

class Crypto {
  constructor(token) {
    if (token !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
    instances.add(this);
  }

  get subtle() {
    if (!instances.has(this) || !(this instanceof Crypto)) throw new ERR_INVALID_THIS('Crypto');
    return subtle;
  }

  getRandomValues(array) {
    if (!instances.has(this) || !(this instanceof Crypto)) throw new ERR_INVALID_THIS('Crypto');
    return require('crypto').getRandomValues(array);
  }

  randomUUID() {
    if (!instances.has(this) || !(this instanceof Crypto)) throw new ERR_INVALID_THIS('Crypto');
    return require('crypto').randomUUID();
  }

  get [Symbol.toStringTag]() {
    return 'Crypto';
  }
}

const webcrypto = new Crypto(kConstruct);

module.exports = { webcrypto, Crypto, CryptoKey, SubtleCrypto, keyObjectToCryptoKey };
