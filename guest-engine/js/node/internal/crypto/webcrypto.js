// internal/crypto/webcrypto — the Web Crypto API: `Crypto` (the `webcrypto` object and the
// global `crypto`), `SubtleCrypto` and `CryptoKey`. Each operation maps the Web Crypto
// algorithm dictionaries onto the node:crypto primitives (KeyObject, ciphers, KDFs,
// signatures) and reports failures as DOMExceptions with the names the spec requires.

const { native, Buffer, toBytes, toBuffer } = require('internal/crypto/util');
const kdf = require('internal/crypto/kdf');
const keys = require('internal/crypto/keys');
const cipher = require('internal/crypto/cipher');

function domException(message, name) {
  const { DOMException } = require('internal/dom_exception');
  return new DOMException(message, name);
}

const notSupported = (message = 'Unrecognized algorithm name') => domException(message, 'NotSupportedError');
const operationError = (message = 'The operation failed for an operation-specific reason') =>
  domException(message, 'OperationError');
const invalidAccess = (message) => domException(message, 'InvalidAccessError');
const dataError = (message = 'Invalid keyData') => domException(message, 'DataError');
const syntaxError = (message) => domException(message, 'SyntaxError');

const ALGORITHM_NAMES = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512', 'HMAC', 'AES-GCM', 'AES-CBC',
  'AES-CTR', 'ECDSA', 'ECDH', 'Ed25519', 'X25519', 'RSASSA-PKCS1-v1_5', 'RSA-PSS', 'RSA-OAEP',
  'PBKDF2', 'HKDF'];

const HASHES = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

// Usages each algorithm's keys may carry, by key type.
const USAGES = {
  HMAC: { secret: ['sign', 'verify'] },
  'AES-GCM': { secret: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'] },
  'AES-CBC': { secret: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'] },
  'AES-CTR': { secret: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'] },
  PBKDF2: { secret: ['deriveBits', 'deriveKey'] },
  HKDF: { secret: ['deriveBits', 'deriveKey'] },
  ECDSA: { private: ['sign'], public: ['verify'] },
  Ed25519: { private: ['sign'], public: ['verify'] },
  'RSASSA-PKCS1-v1_5': { private: ['sign'], public: ['verify'] },
  'RSA-PSS': { private: ['sign'], public: ['verify'] },
  'RSA-OAEP': { private: ['decrypt', 'unwrapKey'], public: ['encrypt', 'wrapKey'] },
  ECDH: { private: ['deriveBits', 'deriveKey'], public: [] },
  X25519: { private: ['deriveBits', 'deriveKey'], public: [] },
};

// An AlgorithmIdentifier is a dictionary or else converted to a string naming the algorithm.
function normalize(algorithm) {
  const dictionary = algorithm !== null && typeof algorithm === 'object' ? algorithm : { name: `${algorithm}` };
  if (typeof dictionary.name !== 'string') {
    throw new TypeError('Algorithm: name: Missing or not a string');
  }
  const name = ALGORITHM_NAMES.find((n) => n.toLowerCase() === dictionary.name.toLowerCase());
  if (name === undefined) throw notSupported();
  const result = { ...dictionary, name };
  if (result.hash !== undefined) result.hash = normalizeHash(result.hash);
  return result;
}

function normalizeHash(hash) {
  const { name } = normalize(hash);
  if (!(name in HASHES)) throw notSupported();
  return { name };
}

function bufferSource(value, name) {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return Buffer().from(toBytes(value));
  throw new TypeError(`Failed to execute '${name}' on 'SubtleCrypto': parameter is not of type 'BufferSource'`);
}

function arrayBuffer(bytes) {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

const kConstruct = Symbol('kConstruct');

class CryptoKey {
  constructor(token, keyObject, algorithm, extractable, usages) {
    if (token !== kConstruct) throw new TypeError('Illegal constructor');
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
    return [...this._usages];
  }

  get [Symbol.toStringTag]() {
    return 'CryptoKey';
  }
}

function makeKey(keyObject, algorithm, extractable, usages) {
  const allowed = USAGES[algorithm.name][keyObject.type] ?? [];
  const list = [...usages];
  for (const usage of list) {
    if (!allowed.includes(usage)) throw syntaxError(`Unsupported key usage for a ${algorithm.name} key`);
  }
  if (list.length === 0 && keyObject.type !== 'public') {
    throw syntaxError('Usages cannot be empty when creating a key.');
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

function checkKey(key, algorithmName, usage) {
  if (!(key instanceof CryptoKey)) throw new TypeError('key is not a CryptoKey');
  if (usage !== undefined && !key._usages.includes(usage)) {
    throw invalidAccess(MISSING_USAGE[usage] ?? INVALID_KEY);
  }
  if (key.algorithm.name !== algorithmName) {
    // Signatures report a key of another algorithm as they report a missing usage.
    throw invalidAccess(usage === 'sign' || usage === 'verify' ? MISSING_USAGE[usage] : INVALID_KEY);
  }
}

// The Web Crypto algorithm of an asymmetric KeyObject, given the requested algorithm.
function asymmetricAlgorithm(keyObject, algorithm) {
  const type = keyObject.asymmetricKeyType;
  const expected = {
    ECDSA: 'ec', ECDH: 'ec', Ed25519: 'ed25519', X25519: 'x25519',
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
      if (length === 0) throw dataError('Zero-length key is not supported');
      if (algorithm.length !== undefined && algorithm.length !== length) throw dataError('Invalid key length');
      return { name: 'HMAC', length, hash: algorithm.hash };
    case 'AES-GCM': case 'AES-CBC': case 'AES-CTR':
      if (![128, 192, 256].includes(length)) throw dataError('Invalid key length');
      return { name: algorithm.name, length };
    case 'PBKDF2': case 'HKDF':
      return { name: algorithm.name };
    default:
      throw notSupported();
  }
}

function keyObjectToCryptoKey(keyObject, algorithm, extractable, usages) {
  const normalized = normalize(algorithm);
  const resolved = keyObject.type === 'secret'
    ? secretAlgorithm(normalized, keyObject.symmetricKeySize * 8)
    : asymmetricAlgorithm(keyObject, normalized);
  return makeKey(keyObject, resolved, !!extractable, usages);
}

// --- operations ------------------------------------------------------------------------

function digest(algorithm, data) {
  const { name } = normalize(algorithm);
  if (!(name in HASHES)) throw notSupported();
  const hash = require('crypto').createHash(HASHES[name]).update(bufferSource(data, 'digest')).digest();
  return arrayBuffer(hash);
}

async function generateKey(algorithm, extractable, keyUsages) {
  const normalized = normalize(algorithm);
  const usages = [...keyUsages];
  switch (normalized.name) {
    case 'HMAC': {
      const size = { sha1: 512, sha256: 512, sha384: 1024, sha512: 1024 }[HASHES[normalized.hash?.name]];
      if (size === undefined) throw new TypeError('Algorithm: hash: Missing');
      const length = normalized.length ?? size;
      const keyObject = keys.createSecretKey(native.randomBytes(Math.ceil(length / 8)));
      return makeKey(keyObject, { name: 'HMAC', length, hash: normalized.hash }, extractable, usages);
    }
    case 'AES-GCM': case 'AES-CBC': case 'AES-CTR': {
      if (![128, 192, 256].includes(normalized.length)) {
        throw operationError('AES key length must be 128, 192, or 256 bits');
      }
      const keyObject = keys.createSecretKey(native.randomBytes(normalized.length / 8));
      return makeKey(keyObject, { name: normalized.name, length: normalized.length }, extractable, usages);
    }
    case 'ECDSA': case 'ECDH': case 'Ed25519': case 'X25519':
    case 'RSASSA-PKCS1-v1_5': case 'RSA-PSS': case 'RSA-OAEP':
      return generateKeyPair(normalized, extractable, usages);
    default:
      throw notSupported();
  }
}

function generateKeyPair(algorithm, extractable, usages) {
  let pair;
  const { name } = algorithm;
  if (name === 'ECDSA' || name === 'ECDH') {
    if (!['P-256', 'P-384', 'P-521'].includes(algorithm.namedCurve)) throw notSupported('Unsupported named curve');
    pair = keys.generateKeyPairSync('ec', { namedCurve: algorithm.namedCurve });
  } else if (name === 'Ed25519' || name === 'X25519') {
    pair = keys.generateKeyPairSync(name.toLowerCase());
  } else {
    const exponentBytes = toBytes(algorithm.publicExponent ?? new Uint8Array([1, 0, 1]));
    const publicExponent = exponentBytes.reduce((acc, byte) => acc * 256 + byte, 0);
    if (publicExponent !== 3 && publicExponent !== 65537) throw operationError('Bad public exponent');
    pair = keys.generateKeyPairSync('rsa', { modulusLength: algorithm.modulusLength, publicExponent });
  }
  const allowed = USAGES[name];
  const privateUsages = usages.filter((u) => allowed.private.includes(u));
  const publicUsages = usages.filter((u) => allowed.public.includes(u));
  if (usages.some((u) => !allowed.private.includes(u) && !allowed.public.includes(u))) {
    throw syntaxError('Unsupported key usage');
  }
  const resolved = asymmetricAlgorithm(pair.privateKey, algorithm);
  return {
    publicKey: new CryptoKey(kConstruct, pair.publicKey, resolved, true, publicUsages),
    privateKey: makeKey(pair.privateKey, resolved, extractable, privateUsages),
  };
}

const RAW_PUBLIC = { ECDSA: true, ECDH: true, Ed25519: true, X25519: true };

function importKeyObject(format, keyData, algorithm) {
  const { name } = algorithm;
  const secret = ['HMAC', 'AES-GCM', 'AES-CBC', 'AES-CTR', 'PBKDF2', 'HKDF'].includes(name);
  try {
    switch (format) {
      case 'raw':
        if (secret) return keys.createSecretKey(bufferSource(keyData, 'importKey'));
        if (!RAW_PUBLIC[name]) throw notSupported(`Unable to import ${name} key with format raw`);
        return keys.createPublicKey({
          key: native.publicFromRaw(name === 'ECDSA' || name === 'ECDH' ? algorithm.namedCurve : name.toLowerCase(),
            bufferSource(keyData, 'importKey')),
          format: 'der', type: 'spki',
        });
      case 'jwk':
        if (keyData === null || typeof keyData !== 'object') throw new TypeError('keyData must be a JsonWebKey');
        if (secret) {
          if (keyData.kty !== 'oct') throw dataError('Invalid JWK "kty" Parameter');
          return keys.createSecretKey(Buffer().from(`${keyData.k}`, 'base64url'));
        }
        return keyData.d === undefined
          ? keys.createPublicKey({ key: keyData, format: 'jwk' })
          : keys.createPrivateKey({ key: keyData, format: 'jwk' });
      case 'spki':
        if (secret) throw notSupported(`Unable to import ${name} key with format spki`);
        return keys.createPublicKey({ key: bufferSource(keyData, 'importKey'), format: 'der', type: 'spki' });
      case 'pkcs8':
        if (secret) throw notSupported(`Unable to import ${name} key with format pkcs8`);
        return keys.createPrivateKey({ key: bufferSource(keyData, 'importKey'), format: 'der', type: 'pkcs8' });
      default:
        throw new TypeError(`Failed to execute 'importKey' on 'SubtleCrypto': '${format}' is not a valid KeyFormat`);
    }
  } catch (error) {
    if (error instanceof TypeError || error?.name === 'NotSupportedError' || error?.name === 'DataError') throw error;
    throw dataError('Invalid keyData');
  }
}

async function importKey(format, keyData, algorithm, extractable, keyUsages) {
  const normalized = normalize(algorithm);
  const keyObject = importKeyObject(format, keyData, normalized);
  const resolved = keyObject.type === 'secret'
    ? secretAlgorithm(normalized, keyObject.symmetricKeySize * 8)
    : asymmetricAlgorithm(keyObject, normalized);
  const usages = [...keyUsages];
  if (keyObject.type === 'public') {
    const allowed = USAGES[resolved.name].public;
    if (usages.some((u) => !allowed.includes(u))) throw syntaxError('Unsupported key usage');
    return new CryptoKey(kConstruct, keyObject, resolved, !!extractable, usages);
  }
  return makeKey(keyObject, resolved, !!extractable, usages);
}

async function exportKey(format, key) {
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
    case 'RSASSA-PKCS1-v1_5': return bits === '1' ? 'RS1' : `RS${bits}`;
    case 'RSA-PSS': return bits === '1' ? 'PS1' : `PS${bits}`;
    case 'RSA-OAEP': return bits === '1' ? 'RSA-OAEP' : `RSA-OAEP-${bits}`;
    case 'ECDSA': return { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[algorithm.namedCurve];
    case 'Ed25519': return 'EdDSA';
    default: return undefined;
  }
}

function signatureParams(algorithm, key) {
  switch (algorithm.name) {
    case 'ECDSA':
      if (algorithm.hash === undefined) throw new TypeError('Algorithm: hash: Missing');
      return { digest: HASHES[algorithm.hash.name], options: { dsaEncoding: 'ieee-p1363' } };
    case 'Ed25519':
      return { digest: null, options: {} };
    case 'RSASSA-PKCS1-v1_5':
      return { digest: HASHES[key.algorithm.hash.name], options: { padding: keys.constants.RSA_PKCS1_PADDING } };
    case 'RSA-PSS':
      return { digest: HASHES[key.algorithm.hash.name],
        options: { padding: keys.constants.RSA_PKCS1_PSS_PADDING, saltLength: algorithm.saltLength } };
    default:
      throw notSupported();
  }
}

async function sign(algorithm, key, data) {
  const normalized = normalize(algorithm);
  checkKey(key, normalized.name, 'sign');
  const bytes = bufferSource(data, 'sign');
  if (normalized.name === 'HMAC') {
    const hmac = require('crypto').createHmac(HASHES[key.algorithm.hash.name], key._keyObject);
    return arrayBuffer(hmac.update(bytes).digest());
  }
  const { digest: hash, options } = signatureParams(normalized, key);
  return arrayBuffer(keys.sign(hash, bytes, { key: key._keyObject, ...options }));
}

async function verify(algorithm, key, signature, data) {
  const normalized = normalize(algorithm);
  checkKey(key, normalized.name, 'verify');
  const signatureBytes = bufferSource(signature, 'verify');
  const bytes = bufferSource(data, 'verify');
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
  const counter = bufferSource(algorithm.counter, 'encrypt');
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
  const iv = bufferSource(algorithm.iv, encrypt ? 'encrypt' : 'decrypt');
  const tagLength = algorithm.tagLength ?? 128;
  if (![32, 64, 96, 104, 112, 120, 128].includes(tagLength)) {
    throw operationError(`${tagLength} is not a valid AES-GCM tag length`);
  }
  const tagBytes = tagLength / 8;
  const aad = algorithm.additionalData === undefined ? undefined : bufferSource(algorithm.additionalData, 'encrypt');
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
  const iv = bufferSource(algorithm.iv, encrypt ? 'encrypt' : 'decrypt');
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
    ...(algorithm.label === undefined ? {} : { oaepLabel: bufferSource(algorithm.label, 'encrypt') }),
  };
  try {
    return encrypt ? keys.publicEncrypt(options, data) : keys.privateDecrypt(options, data);
  } catch {
    throw operationError('The operation failed for an operation-specific reason');
  }
}

function cryptOperation(encrypt, algorithm, key, data, usage = encrypt ? 'encrypt' : 'decrypt') {
  const normalized = normalize(algorithm);
  checkKey(key, normalized.name, usage);
  const bytes = bufferSource(data, encrypt ? 'encrypt' : 'decrypt');
  switch (normalized.name) {
    case 'AES-GCM': return arrayBuffer(aesGcm(encrypt, normalized, key, bytes));
    case 'AES-CBC': return arrayBuffer(aesCbc(encrypt, normalized, key, bytes));
    case 'AES-CTR': return arrayBuffer(aesCtr(normalized, key, bytes));
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

function deriveBitsSync(algorithm, baseKey, length) {
  const normalized = normalize(algorithm);
  checkKey(baseKey, normalized.name);
  if (length !== null && (length % 8 !== 0)) throw operationError('length must be a multiple of 8');
  switch (normalized.name) {
    case 'PBKDF2': {
      if (length === null || length === 0) throw operationError('length cannot be null or zero');
      if (!(normalized.iterations > 0)) throw operationError('iterations cannot be zero');
      return kdf.pbkdf2Sync(baseKey._keyObject.export(), bufferSource(normalized.salt, 'deriveBits'),
        normalized.iterations, length / 8, HASHES[normalized.hash.name]);
    }
    case 'HKDF': {
      if (length === null) throw operationError('length cannot be null');
      return Buffer().from(kdf.hkdfSync(HASHES[normalized.hash.name], baseKey._keyObject.export(),
        bufferSource(normalized.salt, 'deriveBits'), bufferSource(normalized.info, 'deriveBits'), length / 8));
    }
    case 'ECDH': case 'X25519': {
      const publicKey = normalized.public;
      if (!(publicKey instanceof CryptoKey) || publicKey.type !== 'public') {
        throw invalidAccess('algorithm.public must be a public key');
      }
      if (publicKey.algorithm.name !== normalized.name
        || publicKey.algorithm.namedCurve !== baseKey.algorithm.namedCurve) {
        throw invalidAccess('The public and private keys must be of the same type');
      }
      const secret = keys.diffieHellman({ privateKey: baseKey._keyObject, publicKey: publicKey._keyObject });
      if (length === null) return secret;
      // Node's message, though the secret is what is too small.
      if (length / 8 > secret.length) throw operationError('derived bit length is too small');
      return secret.subarray(0, length / 8);
    }
    default:
      throw notSupported();
  }
}

async function deriveBits(algorithm, baseKey, length = null) {
  checkKey(baseKey, normalize(algorithm).name, 'deriveBits');
  return arrayBuffer(deriveBitsSync(algorithm, baseKey, length));
}

function derivedKeyLength(algorithm) {
  switch (algorithm.name) {
    case 'AES-GCM': case 'AES-CBC': case 'AES-CTR':
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
  checkKey(baseKey, normalize(algorithm).name, 'deriveKey');
  const target = normalize(derivedKeyAlgorithm);
  const bits = deriveBitsSync(algorithm, baseKey, derivedKeyLength(target));
  return importKey('raw', bits, target, extractable, keyUsages);
}

async function wrapKey(format, key, wrappingKey, wrapAlgorithm) {
  const exported = await exportKey(format, key);
  const bytes = format === 'jwk' ? Buffer().from(JSON.stringify(exported)) : Buffer().from(exported);
  return cryptOperation(true, wrapAlgorithm, wrappingKey, bytes, 'wrapKey');
}

async function unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm,
  extractable, keyUsages) {
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

class SubtleCrypto {
  constructor(token) {
    if (token !== kConstruct) throw new TypeError('Illegal constructor');
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
        if (!(this instanceof SubtleCrypto)) return Promise.reject(new TypeError('Illegal invocation'));
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
    if (token !== kConstruct) throw new TypeError('Illegal constructor');
  }

  get subtle() {
    return subtle;
  }

  getRandomValues(array) {
    return require('crypto').getRandomValues(array);
  }

  randomUUID() {
    return require('crypto').randomUUID();
  }

  get [Symbol.toStringTag]() {
    return 'Crypto';
  }
}

const webcrypto = new Crypto(kConstruct);

module.exports = { webcrypto, Crypto, CryptoKey, SubtleCrypto, keyObjectToCryptoKey };
