// internal/crypto/keys — `KeyObject` (secret, public, private) with PEM/DER/JWK import and
// export, key generation (`generateKeyPair`, `generateKey`), signatures (`sign`, `verify`,
// `createSign`, `createVerify`), key agreement (`diffieHellman`, `createECDH`) and RSA
// encryption (`publicEncrypt`, `privateDecrypt`). Asymmetric keys are held as DER: PKCS#8
// for private keys, SPKI for public ones; the natives parse them for each operation.

const {
  native, Buffer, errors, normalizeAlgorithm, isSupportedDigest, toBytes, toBuffer, encodeOutput,
  cryptoError, deliver,
} = require('internal/crypto/util');
const { DIGEST_SIZES } = require('internal/crypto/kdf');

const constants = {
  RSA_PKCS1_PADDING: 1,
  RSA_NO_PADDING: 3,
  RSA_PKCS1_OAEP_PADDING: 4,
  RSA_PKCS1_PSS_PADDING: 6,
  RSA_PSS_SALTLEN_DIGEST: -1,
  RSA_PSS_SALTLEN_MAX_SIGN: -2,
  RSA_PSS_SALTLEN_AUTO: -2,
  POINT_CONVERSION_COMPRESSED: 2,
  POINT_CONVERSION_UNCOMPRESSED: 4,
  POINT_CONVERSION_HYBRID: 6,
};

// Node's curve names and the WebCrypto name each maps to.
const CURVES = new Map([
  ['prime256v1', 'P-256'], ['secp256r1', 'P-256'], ['P-256', 'P-256'],
  ['secp384r1', 'P-384'], ['P-384', 'P-384'],
]);
const NODE_CURVE = { 'P-256': 'prime256v1', 'P-384': 'secp384r1' };

function invalidArgValue(name, value, reason) {
  return new (errors().codes.ERR_INVALID_ARG_VALUE)(name, value, reason);
}

function notImplemented(what) {
  return new (errors().codes.ERR_METHOD_NOT_IMPLEMENTED)(what);
}

function base64url(bytes) {
  return toBuffer(bytes).toString('base64url');
}

// --- PEM -------------------------------------------------------------------------------

const PEM_RE = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

function decodePem(text) {
  const match = PEM_RE.exec(text);
  if (match === null) return null;
  return { label: match[1], der: Buffer().from(match[2].replace(/\s+/g, ''), 'base64') };
}

function encodePem(label, der) {
  const body = toBuffer(der).toString('base64').match(/.{1,64}/g).join('\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

function invalidKeyData() {
  return cryptoError('ERR_OSSL_UNSUPPORTED', 'error:1E08010C:DECODER routines::unsupported');
}

// The (PKCS#8 or SPKI) DER of a PEM block, and whether it is private.
function fromPemBlock({ label, der }) {
  switch (label) {
    case 'PRIVATE KEY': return { isPrivate: true, der };
    case 'PUBLIC KEY': return { isPrivate: false, der };
    case 'RSA PRIVATE KEY': return { isPrivate: true, der: native.fromLegacy('pkcs1', true, der) };
    case 'RSA PUBLIC KEY': return { isPrivate: false, der: native.fromLegacy('pkcs1', false, der) };
    case 'EC PRIVATE KEY': return { isPrivate: true, der: native.fromLegacy('sec1', true, der) };
    case 'ENCRYPTED PRIVATE KEY':
      throw notImplemented('encrypted private key import');
    default:
      throw invalidKeyData();
  }
}

function fromDer(der, type, isPrivate) {
  switch (type) {
    case 'pkcs8': return { isPrivate: true, der };
    case 'spki': return { isPrivate: false, der };
    case 'pkcs1': return { isPrivate, der: native.fromLegacy('pkcs1', isPrivate, der) };
    case 'sec1': return { isPrivate: true, der: native.fromLegacy('sec1', true, der) };
    default:
      throw invalidArgValue('options.type', type);
  }
}

// --- JWK -------------------------------------------------------------------------------

function fromJwk(jwk, wantPrivate) {
  errors().validateObject(jwk, 'key.key');
  const { kty } = jwk;
  let kind;
  if (kty === 'RSA') kind = 'RSA';
  else if (kty === 'EC') kind = jwk.crv;
  else if (kty === 'OKP') kind = jwk.crv;
  else if (kty === 'oct') return { secret: Buffer().from(`${jwk.k}`, 'base64url') };
  else throw cryptoError('ERR_CRYPTO_INVALID_JWK', 'Invalid JWK data', TypeError);
  const parts = {};
  for (const name of ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi', 'x', 'y']) {
    if (name === 'd' && !wantPrivate) continue;
    if (typeof jwk[name] === 'string') parts[name] = Buffer().from(jwk[name], 'base64url');
  }
  let result;
  try {
    result = native.fromJwk(kind, parts);
  } catch (error) {
    throw cryptoError('ERR_CRYPTO_INVALID_JWK', `Invalid JWK ${kty} key`, TypeError);
  }
  if (wantPrivate && !result.private) {
    throw cryptoError('ERR_CRYPTO_INVALID_JWK', `Invalid JWK ${kty} key`, TypeError);
  }
  return { isPrivate: result.private, der: result.der };
}

// Members in the order Node's JWK export lists them.
const JWK_ORDER = {
  rsa: ['kty', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'],
  ec: ['kty', 'x', 'y', 'crv', 'd'],
  okp: ['crv', 'd', 'x', 'kty'],
};

function toJwk(key) {
  const parts = native.jwkParts(key._der, key.type === 'private');
  const type = key.asymmetricKeyType;
  const values = { ...parts };
  let order = JWK_ORDER.okp;
  if (type === 'rsa') {
    values.kty = 'RSA';
    order = JWK_ORDER.rsa;
  } else if (type === 'ec') {
    values.kty = 'EC';
    values.crv = CURVES.get(key._info.namedCurve);
    order = JWK_ORDER.ec;
  } else {
    values.kty = 'OKP';
    values.crv = type === 'ed25519' ? 'Ed25519' : 'X25519';
  }
  const jwk = {};
  for (const name of order) {
    if (values[name] !== undefined) jwk[name] = typeof values[name] === 'string' ? values[name] : base64url(values[name]);
  }
  return jwk;
}

// --- KeyObject -------------------------------------------------------------------------

class KeyObject {
  constructor(type, handle) {
    if (type !== 'secret' && type !== 'public' && type !== 'private') {
      throw invalidArgValue('type', type);
    }
    if (typeof handle !== 'object' || handle === null || !(handle.der || handle.secret)) {
      throw new (errors().codes.ERR_INVALID_ARG_TYPE)('handle', 'object', handle);
    }
    this._type = type;
    if (type === 'secret') {
      this._secret = Buffer().from(handle.secret);
    } else {
      this._der = toBytes(handle.der);
      this._info = native.keyInfo(this._der, type === 'private');
    }
  }

  static from(key) {
    const CryptoKey = require('internal/crypto/webcrypto').CryptoKey;
    if (!(key instanceof CryptoKey)) {
      throw new (errors().codes.ERR_INVALID_ARG_TYPE)('key', 'CryptoKey', key);
    }
    return key._keyObject;
  }

  get type() {
    return this._type;
  }

  get symmetricKeySize() {
    return this._type === 'secret' ? this._secret.length : undefined;
  }

  get asymmetricKeyType() {
    return this._type === 'secret' ? undefined : this._info.type;
  }

  get asymmetricKeyDetails() {
    if (this._type === 'secret') return undefined;
    const info = this._info;
    if (info.type === 'rsa') {
      const exponent = toBuffer(info.publicExponent).toString('hex');
      return { modulusLength: info.modulusLength, publicExponent: BigInt(`0x${exponent}`) };
    }
    if (info.type === 'ec') return { namedCurve: info.namedCurve };
    return {};
  }

  equals(otherKeyObject) {
    if (!(otherKeyObject instanceof KeyObject)) {
      throw new (errors().codes.ERR_INVALID_ARG_TYPE)('otherKeyObject', 'KeyObject', otherKeyObject);
    }
    if (otherKeyObject._type !== this._type) return false;
    const mine = this._type === 'secret' ? this._secret : toBuffer(this._der);
    const theirs = this._type === 'secret' ? otherKeyObject._secret : toBuffer(otherKeyObject._der);
    return mine.equals(theirs);
  }

  export(options) {
    if (this._type === 'secret') {
      if (options?.format === 'jwk') return { kty: 'oct', k: base64url(this._secret) };
      if (options !== undefined && options.format !== undefined && options.format !== 'buffer') {
        throw invalidArgValue('options.format', options.format, "must be one of: 'buffer', 'jwk'");
      }
      return Buffer().from(this._secret);
    }
    errors().validateObject(options, 'options');
    const { format, type, cipher } = options;
    if (format === 'jwk') return toJwk(this);
    if (format !== 'pem' && format !== 'der') {
      throw invalidArgValue('options.format', format);
    }
    if (cipher !== undefined) throw notImplemented('encrypted private key export');
    const isPrivate = this._type === 'private';
    const allowed = isPrivate ? ['pkcs1', 'pkcs8', 'sec1'] : ['pkcs1', 'spki'];
    if (!allowed.includes(type)) throw invalidArgValue('options.type', type);
    const mismatched = (type === 'pkcs1' && this._info.type !== 'rsa')
      || (type === 'sec1' && this._info.type !== 'ec');
    if (mismatched) {
      throw cryptoError('ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS',
        `The selected key encoding ${type} can only be used for ${type === 'pkcs1' ? 'RSA' : 'EC'} keys.`);
    }
    const der = type === 'pkcs8' || type === 'spki' ? this._der : native.toLegacy(type, isPrivate, this._der);
    if (format === 'der') return Buffer().from(der);
    const label = {
      pkcs8: 'PRIVATE KEY', spki: 'PUBLIC KEY', sec1: 'EC PRIVATE KEY',
      pkcs1: isPrivate ? 'RSA PRIVATE KEY' : 'RSA PUBLIC KEY',
    }[type];
    return encodePem(label, der);
  }

  toCryptoKey(algorithm, extractable, keyUsages) {
    return require('internal/crypto/webcrypto').keyObjectToCryptoKey(this, algorithm, extractable, keyUsages);
  }
}

function isKeyObject(value) {
  return value instanceof KeyObject;
}

function isCryptoKey(value) {
  return value !== null && typeof value === 'object' && value._keyObject instanceof KeyObject;
}

function createSecretKey(key, encoding) {
  const bytes = toBytes(key, encoding, 'key');
  return new KeyObject('secret', { secret: bytes });
}

// Parses Node's key inputs: PEM strings/buffers, `{ key, format, type, encoding }`, JWK,
// KeyObjects and CryptoKeys.
function parseKeyInput(input, wantPrivate) {
  if (isKeyObject(input)) return { keyObject: input };
  if (isCryptoKey(input)) return { keyObject: input._keyObject };
  let data = input;
  let format = 'pem';
  let type;
  let encoding;
  if (typeof input === 'object' && input !== null && !ArrayBuffer.isView(input) && !(input instanceof ArrayBuffer)) {
    if (isKeyObject(input.key)) return { keyObject: input.key };
    if (isCryptoKey(input.key)) return { keyObject: input.key._keyObject };
    ({ key: data, format = 'pem', type, encoding } = input);
    if (format === 'jwk') return fromJwk(data, wantPrivate);
  } else if (typeof input !== 'string' && !ArrayBuffer.isView(input) && !(input instanceof ArrayBuffer)) {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)('key',
      ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView', 'KeyObject', 'CryptoKey'], input);
  }
  const bytes = toBytes(data, encoding ?? 'utf8', 'key.key');
  if (format === 'pem') {
    const block = decodePem(toBuffer(bytes).toString('latin1'));
    if (block === null) throw invalidKeyData();
    return fromPemBlock(block);
  }
  if (format !== 'der') throw invalidArgValue('options.format', format);
  if (type === undefined) {
    throw invalidArgValue('options.type', type);
  }
  return fromDer(bytes, type, wantPrivate);
}

function makeKey(parsed) {
  try {
    if (parsed.keyObject) return parsed.keyObject;
    if (parsed.secret) return new KeyObject('secret', { secret: parsed.secret });
    return new KeyObject(parsed.isPrivate ? 'private' : 'public', { der: parsed.der });
  } catch (error) {
    if (error.code) throw error;
    throw invalidKeyData();
  }
}

function createPrivateKey(key) {
  const parsed = parseKeyInput(key, true);
  if (parsed.isPrivate === false) throw invalidKeyData();
  const keyObject = makeKey(parsed);
  if (keyObject.type !== 'private') {
    throw cryptoError('ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE',
      `Invalid key object type ${keyObject.type}, expected private.`, TypeError);
  }
  return keyObject;
}

function createPublicKey(key) {
  const keyObject = makeKey(parseKeyInput(key, false));
  if (keyObject.type === 'secret') {
    throw cryptoError('ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE',
      'Invalid key object type secret, expected private.', TypeError);
  }
  if (keyObject.type === 'public') return keyObject;
  return new KeyObject('public', { der: native.publicOf(keyObject._der) });
}

// --- Generation ------------------------------------------------------------------------

function encodeGenerated(keyObject, encoding, name) {
  if (encoding === undefined) return keyObject;
  errors().validateObject(encoding, name);
  return keyObject.export(encoding);
}

function generateKeyPairJob(type, options) {
  errors().validateString(type, 'type');
  if (options !== undefined) errors().validateObject(options, 'options');
  const { modulusLength, publicExponent = 0x10001, namedCurve, publicKeyEncoding, privateKeyEncoding } = options ?? {};
  let curve = '';
  switch (type) {
    case 'rsa':
      errors().validateUint32(modulusLength, 'options.modulusLength');
      errors().validateUint32(publicExponent, 'options.publicExponent');
      break;
    case 'ec':
      errors().validateString(namedCurve, 'options.namedCurve');
      curve = CURVES.get(namedCurve);
      if (curve === undefined) {
        throw invalidArgValue('options.namedCurve', namedCurve, 'is not a supported curve');
      }
      break;
    case 'ed25519':
    case 'x25519':
      break;
    case 'rsa-pss': case 'dsa': case 'dh': case 'ed448': case 'x448':
      throw notImplemented(`generateKeyPair('${type}')`);
    default:
      throw invalidArgValue('type', type, 'must be a supported key type');
  }
  return () => {
    const [privateDer, publicDer] = native.generateKeyPair(type, modulusLength ?? 0, publicExponent, curve);
    return {
      publicKey: encodeGenerated(new KeyObject('public', { der: publicDer }), publicKeyEncoding,
        'options.publicKeyEncoding'),
      privateKey: encodeGenerated(new KeyObject('private', { der: privateDer }), privateKeyEncoding,
        'options.privateKeyEncoding'),
    };
  };
}

function generateKeyPairSync(type, options) {
  return generateKeyPairJob(type, options)();
}

function generateKeyPair(type, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  errors().validateFunction(callback, 'callback');
  const job = generateKeyPairJob(type, options);
  deliver((error, pair) => (error ? callback(error) : callback(null, pair.publicKey, pair.privateKey)), job);
}

function generateKeyJob(type, options) {
  errors().validateString(type, 'type');
  errors().validateObject(options, 'options');
  const { length } = options;
  if (type === 'hmac') {
    errors().validateInteger(length, 'options.length', 8, 2 ** 31 - 1);
  } else if (type === 'aes') {
    errors().validateOneOf(length, 'options.length', [128, 192, 256]);
  } else {
    throw invalidArgValue('type', type, "must be a supported key type");
  }
  return () => new KeyObject('secret', { secret: native.randomBytes(Math.floor(length / 8)) });
}

function generateKeySync(type, options) {
  return generateKeyJob(type, options)();
}

function generateKey(type, options, callback) {
  errors().validateFunction(callback, 'callback');
  deliver(callback, generateKeyJob(type, options));
}

// --- Signatures ------------------------------------------------------------------------

// Signing options from a key input (`{ key, padding, saltLength, dsaEncoding }`).
function signOptions(key, digest) {
  const options = typeof key === 'object' && key !== null && !ArrayBuffer.isView(key)
    && !isKeyObject(key) && !isCryptoKey(key) ? key : {};
  const { padding, saltLength, dsaEncoding = 'der' } = options;
  if (dsaEncoding !== 'der' && dsaEncoding !== 'ieee-p1363') {
    throw invalidArgValue('options.dsaEncoding', dsaEncoding);
  }
  if (padding !== undefined && padding !== constants.RSA_PKCS1_PADDING
    && padding !== constants.RSA_PKCS1_PSS_PADDING) {
    throw cryptoError('ERR_OSSL_RSA_UNKNOWN_PADDING_TYPE', 'error:1C8000A5:Provider routines::illegal or unsupported padding mode');
  }
  let salt = saltLength;
  if (salt === constants.RSA_PSS_SALTLEN_DIGEST) salt = DIGEST_SIZES[digest];
  else if (salt === constants.RSA_PSS_SALTLEN_MAX_SIGN) salt = undefined;
  return { pss: padding === constants.RSA_PKCS1_PSS_PADDING, saltLength: salt, p1363: dsaEncoding === 'ieee-p1363' };
}

function signingDigest(algorithm, keyObject) {
  const type = keyObject.asymmetricKeyType;
  if (type === 'ed25519') {
    if (algorithm !== null && algorithm !== undefined) {
      throw cryptoError('ERR_OSSL_EVP_OPERATION_NOT_SUPPORTED_FOR_THIS_KEYTYPE',
        'error:1C8000A5:Provider routines::operation not supported for this keytype');
    }
    return '';
  }
  if (algorithm === null || algorithm === undefined) return 'sha256';
  const digest = normalizeAlgorithm(algorithm);
  if (!isSupportedDigest(digest)) throw new (errors().codes.ERR_CRYPTO_INVALID_DIGEST)(algorithm);
  return digest;
}

function signBytes(algorithm, data, key) {
  const keyObject = createPrivateKey(key);
  const digest = signingDigest(algorithm, keyObject);
  return toBuffer(native.sign(keyObject._der, digest, data, signOptions(key, digest)));
}

function verifyBytes(algorithm, data, key, signature) {
  const keyObject = createPublicKey(key);
  const digest = signingDigest(algorithm, keyObject);
  return native.verify(keyObject._der, digest, data, signature, signOptions(key, digest));
}

function sign(algorithm, data, key, callback) {
  if (algorithm !== null && algorithm !== undefined) errors().validateString(algorithm, 'algorithm');
  const bytes = toBytes(data, undefined, 'data');
  if (callback === undefined) return signBytes(algorithm, bytes, key);
  errors().validateFunction(callback, 'callback');
  deliver(callback, () => signBytes(algorithm, bytes, key));
  return undefined;
}

function verify(algorithm, data, key, signature, callback) {
  if (algorithm !== null && algorithm !== undefined) errors().validateString(algorithm, 'algorithm');
  const bytes = toBytes(data, undefined, 'data');
  const signatureBytes = toBytes(signature, undefined, 'signature');
  if (callback === undefined) return verifyBytes(algorithm, bytes, key, signatureBytes);
  errors().validateFunction(callback, 'callback');
  deliver(callback, () => verifyBytes(algorithm, bytes, key, signatureBytes));
  return undefined;
}

let WritableClass;
function Writable() {
  WritableClass ??= require('stream').Writable;
  return WritableClass;
}

// Sign and Verify collect the message as a Writable and work on it whole at the end.
function signerBase() {
  return class extends Writable() {
    constructor(algorithm, options) {
      errors().validateString(algorithm, 'algorithm');
      super(options);
      const digest = normalizeAlgorithm(algorithm);
      if (!isSupportedDigest(digest)) throw new (errors().codes.ERR_CRYPTO_INVALID_DIGEST)(algorithm);
      this._algorithm = digest;
      this._chunks = [];
    }

    _write(chunk, encoding, callback) {
      this.update(chunk, encoding);
      callback();
    }

    update(data, encoding) {
      this._chunks.push(Buffer().from(toBytes(data, encoding, 'data')));
      return this;
    }

    _message() {
      return Buffer().concat(this._chunks);
    }
  };
}

class Sign extends signerBase() {
  sign(privateKey, outputEncoding) {
    if (privateKey === undefined || privateKey === null) {
      throw cryptoError('ERR_CRYPTO_SIGN_KEY_REQUIRED', 'No key provided to sign');
    }
    return encodeOutput(signBytes(this._algorithm, this._message(), privateKey), outputEncoding);
  }
}

class Verify extends signerBase() {
  verify(object, signature, signatureEncoding) {
    const signatureBytes = toBytes(signature, signatureEncoding, 'signature');
    return verifyBytes(this._algorithm, this._message(), object, signatureBytes);
  }
}

function createSign(algorithm, options) {
  return new Sign(algorithm, options);
}

function createVerify(algorithm, options) {
  return new Verify(algorithm, options);
}

// --- Key agreement ---------------------------------------------------------------------

function diffieHellman(options) {
  errors().validateObject(options, 'options');
  const { privateKey, publicKey } = options;
  if (!isKeyObject(privateKey) || privateKey.type !== 'private') {
    throw new (errors().codes.ERR_INVALID_ARG_VALUE)('options.privateKey', privateKey);
  }
  if (!isKeyObject(publicKey) || publicKey.type === 'secret') {
    throw new (errors().codes.ERR_INVALID_ARG_VALUE)('options.publicKey', publicKey);
  }
  const pub = publicKey.type === 'public' ? publicKey._der : native.publicOf(publicKey._der);
  if (privateKey.asymmetricKeyType !== publicKey.asymmetricKeyType) {
    throw cryptoError('ERR_CRYPTO_INCOMPATIBLE_KEY',
      `Incompatible key types for Diffie-Hellman: ${privateKey.asymmetricKeyType} and ${publicKey.asymmetricKeyType}`);
  }
  return toBuffer(native.derive(privateKey._der, pub));
}

function pointFormat(format) {
  if (format === undefined || format === 'uncompressed') return false;
  if (format === 'compressed') return true;
  throw cryptoError('ERR_CRYPTO_ECDH_INVALID_FORMAT', `Invalid ECDH format: ${format}`, TypeError);
}

class ECDH {
  constructor(curve) {
    errors().validateString(curve, 'curve');
    this._curve = CURVES.get(curve);
    if (this._curve === undefined) throw new TypeError('Invalid EC curve name');
    this._key = null;
  }

  static convertKey(key, curve, inputEncoding, outputEncoding, format) {
    const named = CURVES.get(curve);
    if (named === undefined) throw new TypeError('Invalid EC curve name');
    const spki = native.publicFromRaw(named, toBytes(key, inputEncoding, 'key'));
    return encodeOutput(native.publicRaw(spki, pointFormat(format)), outputEncoding);
  }

  generateKeys(encoding, format) {
    const [privateDer] = native.generateKeyPair('ec', 0, 0, this._curve);
    this._key = privateDer;
    return this.getPublicKey(encoding, format);
  }

  _requireKey() {
    if (this._key === null) throw cryptoError('ERR_CRYPTO_INVALID_STATE', 'Failed to get ECDH key');
    return this._key;
  }

  getPublicKey(encoding, format) {
    const spki = native.publicOf(this._requireKey());
    return encodeOutput(native.publicRaw(spki, pointFormat(format)), encoding);
  }

  getPrivateKey(encoding) {
    return encodeOutput(native.jwkParts(this._requireKey(), true).d, encoding);
  }

  setPrivateKey(key, encoding) {
    const bytes = toBytes(key, encoding, 'key');
    try {
      this._key = native.fromJwk(this._curve, { d: bytes }).der;
    } catch {
      throw cryptoError('ERR_CRYPTO_INVALID_KEYTYPE', 'Private key is not valid for specified curve.');
    }
    return this;
  }

  computeSecret(key, inputEncoding, outputEncoding) {
    const bytes = toBytes(key, inputEncoding, 'key');
    let spki;
    try {
      spki = native.publicFromRaw(this._curve, bytes);
    } catch {
      throw cryptoError('ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY', 'Public key is not valid for specified curve');
    }
    return encodeOutput(native.derive(this._requireKey(), spki), outputEncoding);
  }
}

function createECDH(curve) {
  return new ECDH(curve);
}

function getCurves() {
  return [...new Set(Object.values(NODE_CURVE)), 'secp256r1'].sort();
}

// --- RSA encryption --------------------------------------------------------------------

function rsaOptions(key) {
  const options = typeof key === 'object' && key !== null && !ArrayBuffer.isView(key)
    && !isKeyObject(key) && !isCryptoKey(key) ? key : {};
  const { padding = constants.RSA_PKCS1_OAEP_PADDING, oaepHash = 'sha1', oaepLabel } = options;
  if (padding === constants.RSA_PKCS1_OAEP_PADDING) {
    const digest = normalizeAlgorithm(oaepHash);
    if (!isSupportedDigest(digest)) throw new (errors().codes.ERR_CRYPTO_INVALID_DIGEST)(oaepHash);
    const label = oaepLabel === undefined ? new Uint8Array(0) : toBytes(oaepLabel, undefined, 'key.oaepLabel');
    return { digest, label };
  }
  if (padding === constants.RSA_PKCS1_PADDING) return { digest: undefined, label: new Uint8Array(0) };
  throw notImplemented(`RSA padding ${padding}`);
}

function rsaFailure(error) {
  return cryptoError('ERR_OSSL_RSA_OAEP_DECODING_ERROR', `error:02000079:rsa routines::${error.message}`);
}

function publicEncrypt(key, buffer) {
  const keyObject = createPublicKey(key);
  const { digest, label } = rsaOptions(key);
  try {
    return toBuffer(native.rsaEncrypt(keyObject._der, toBytes(buffer, undefined, 'buffer'), digest, label));
  } catch (error) {
    throw rsaFailure(error);
  }
}

function privateDecrypt(key, buffer) {
  const keyObject = createPrivateKey(key);
  const { digest, label } = rsaOptions(key);
  try {
    return toBuffer(native.rsaDecrypt(keyObject._der, toBytes(buffer, undefined, 'buffer'), digest, label));
  } catch (error) {
    throw rsaFailure(error);
  }
}

module.exports = {
  constants,
  CURVES,
  KeyObject,
  isKeyObject,
  createSecretKey,
  createPublicKey,
  createPrivateKey,
  generateKeyPair,
  generateKeyPairSync,
  generateKey,
  generateKeySync,
  sign,
  verify,
  Sign,
  Verify,
  createSign,
  createVerify,
  diffieHellman,
  ECDH,
  createECDH,
  getCurves,
  publicEncrypt,
  privateDecrypt,
};
