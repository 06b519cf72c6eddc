// internal/crypto/keys — `KeyObject` (secret, public, private) with PEM/DER/JWK import and
// export, key generation (`generateKeyPair`, `generateKey`), signatures (`sign`, `verify`,
// `createSign`, `createVerify`), key agreement (`diffieHellman`, `createECDH`) and RSA
// encryption (`publicEncrypt`, `privateDecrypt`). Asymmetric keys are held as DER: PKCS#8
// for private keys, SPKI for public ones; the natives parse them for each operation.

const {
  native, Buffer, errors, normalizeAlgorithm, isSupportedDigest, toBytes, toBuffer, encodeOutput,
  cryptoError, deliver, callableWithoutNew,
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

// Node's curve names and the name each has in the natives (WebCrypto's, or JWK's for
// secp256k1).
const CURVES = new Map([
  ['prime256v1', 'P-256'], ['secp256r1', 'P-256'], ['P-256', 'P-256'],
  ['secp384r1', 'P-384'], ['P-384', 'P-384'], ['secp521r1', 'P-521'], ['P-521', 'P-521'],
  ['secp256k1', 'secp256k1'],
]);
const NODE_CURVE = {
  'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1', secp256k1: 'secp256k1',
};

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

const PEM_RE = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const PEM_HEADER_RE = /^([A-Za-z-]+):\s*(.*)$/;

// The first key PEM block: its label, its RFC 1421 headers (`Proc-Type`, `DEK-Info`) and its
// bytes. Parameter blocks before it (`EC PARAMETERS`, `DSA PARAMETERS`) are skipped, as
// OpenSSL does.
function decodePem(text) {
  const match = [...`${text}`.matchAll(PEM_RE)].find(([, label]) => !label.endsWith(' PARAMETERS'));
  if (match === undefined) return null;
  const lines = match[2].trim().split(/\r?\n/);
  const headers = {};
  let header;
  while (lines.length > 0 && (header = PEM_HEADER_RE.exec(lines[0].trim())) !== null) {
    headers[header[1]] = header[2];
    lines.shift();
  }
  return { label: match[1], headers, der: Buffer().from(lines.join('').replace(/\s+/g, ''), 'base64') };
}

function encodePem(label, der, headers = '') {
  const body = toBuffer(der).toString('base64').match(/.{1,64}/g).join('\n');
  return `-----BEGIN ${label}-----\n${headers}${body}\n-----END ${label}-----\n`;
}

// --- Encrypted keys --------------------------------------------------------------------

function missingPassphrase() {
  return cryptoError('ERR_MISSING_PASSPHRASE', 'Passphrase required for encrypted key', TypeError);
}

// What OpenSSL 3 reports when a PEM key is encrypted and no passphrase was given.
function passphraseNotGiven() {
  return cryptoError('ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED',
    'error:07880109:common libcrypto routines::interrupted or cancelled');
}

function badDecrypt() {
  return cryptoError('ERR_OSSL_BAD_DECRYPT', 'error:1C800064:Provider routines::bad decrypt');
}

// OpenSSL's EVP_BytesToKey with MD5 and one round: the key of RFC 1421 PEM encryption.
function legacyPemKey(passphrase, salt, keyLength) {
  const { createHash } = require('crypto');
  const blocks = [];
  let previous = Buffer().alloc(0);
  for (let length = 0; length < keyLength; length += previous.length) {
    previous = createHash('md5').update(previous).update(passphrase).update(salt).digest();
    blocks.push(previous);
  }
  return Buffer().concat(blocks).subarray(0, keyLength);
}

// A CBC cipher for RFC 1421 PEM encryption, by its DEK-Info name.
function legacyPemCipher(name) {
  const info = require('crypto').getCipherInfo(name);
  if (info === undefined || info.mode !== 'cbc') {
    throw cryptoError('ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher');
  }
  return info;
}

function legacyPemDecrypt(der, dekInfo, passphrase) {
  const [name, ivHex = ''] = `${dekInfo}`.split(',');
  const info = legacyPemCipher(name.toLowerCase());
  const iv = Buffer().from(ivHex.trim(), 'hex');
  const key = legacyPemKey(passphrase, iv.subarray(0, 8), info.keyLength);
  try {
    const decipher = require('crypto').createDecipheriv(info.name, key, iv);
    return Buffer().concat([decipher.update(der), decipher.final()]);
  } catch {
    throw badDecrypt();
  }
}

function legacyPemEncrypt(der, cipher, passphrase) {
  const info = legacyPemCipher(cipher);
  const iv = toBuffer(native.randomBytes(info.ivLength));
  const key = legacyPemKey(passphrase, iv.subarray(0, 8), info.keyLength);
  const encipher = require('crypto').createCipheriv(info.name, key, iv);
  return {
    der: Buffer().concat([encipher.update(der), encipher.final()]),
    headers: `Proc-Type: 4,ENCRYPTED\nDEK-Info: ${info.name.toUpperCase()},${iv.toString('hex').toUpperCase()}\n\n`,
  };
}

function decryptPkcs8(der, passphrase) {
  try {
    return native.decryptPkcs8(der, passphrase);
  } catch {
    throw badDecrypt();
  }
}

function invalidKeyData() {
  const error = cryptoError('ERR_OSSL_UNSUPPORTED', 'error:1E08010C:DECODER routines::unsupported');
  error.library = 'DECODER routines';
  error.reason = 'unsupported';
  return error;
}

// A PKCS#1, SEC1 or OpenSSL DSA key re-encoded as PKCS#8/SPKI; undecodable data is OpenSSL's decoder
// error.
function fromLegacy(format, isPrivate, der) {
  try {
    return native.fromLegacy(format, isPrivate, der);
  } catch {
    throw invalidKeyData();
  }
}

// The SPKI of an X.509 certificate's subject.
function certificateKey(der) {
  try {
    return native.certificatePublicKey(der);
  } catch {
    throw invalidKeyData();
  }
}

// The (PKCS#8 or SPKI) DER of a PEM block, and whether it is private. Encrypted blocks
// (PKCS#8 or RFC 1421) are decrypted with `passphrase`.
function fromPemBlock({ label, headers, der }, passphrase) {
  const encrypted = label === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/.test(headers['Proc-Type'] ?? '');
  if (encrypted && passphrase === undefined) throw passphraseNotGiven();
  if (headers['DEK-Info'] !== undefined) der = legacyPemDecrypt(der, headers['DEK-Info'], passphrase);
  switch (label) {
    case 'PRIVATE KEY': return { isPrivate: true, der };
    case 'PUBLIC KEY': return { isPrivate: false, der };
    case 'RSA PRIVATE KEY': return { isPrivate: true, der: fromLegacy('pkcs1', true, der) };
    case 'RSA PUBLIC KEY': return { isPrivate: false, der: fromLegacy('pkcs1', false, der) };
    case 'EC PRIVATE KEY': return { isPrivate: true, der: fromLegacy('sec1', true, der) };
    case 'DSA PRIVATE KEY': return { isPrivate: true, der: fromLegacy('dsa', true, der) };
    case 'CERTIFICATE': return { isPrivate: false, der: certificateKey(der) };
    case 'ENCRYPTED PRIVATE KEY': return { isPrivate: true, der: decryptPkcs8(der, passphrase) };
    default:
      throw invalidKeyData();
  }
}

function fromDer(der, type, passphrase) {
  switch (type) {
    case 'pkcs8':
      if (native.isEncryptedPkcs8(der)) {
        if (passphrase === undefined) throw missingPassphrase();
        return { isPrivate: true, der: decryptPkcs8(der, passphrase) };
      }
      return { isPrivate: true, der };
    case 'spki': return { isPrivate: false, der };
    case 'pkcs1': {
      // PKCS#1 DER says by its structure whether it holds a private or a public key.
      let privateDer;
      try {
        privateDer = native.fromLegacy('pkcs1', true, der);
      } catch {
        return { isPrivate: false, der: native.fromLegacy('pkcs1', false, der) };
      }
      return { isPrivate: true, der: privateDer };
    }
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
// The JWK "crv" of each OKP key type.
const OKP_CURVES = { ed25519: 'Ed25519', ed448: 'Ed448', x25519: 'X25519', x448: 'X448' };

const JWK_ORDER = {
  rsa: ['kty', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'],
  ec: ['kty', 'x', 'y', 'crv', 'd'],
  okp: ['crv', 'd', 'x', 'kty'],
};

function toJwk(key) {
  const type = key.asymmetricKeyType;
  if (type === 'rsa-pss' || type === 'dh' || type === 'dsa') {
    throw cryptoError('ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE', 'Unsupported JWK Key Type.');
  }
  const parts = native.jwkParts(key._der, key.type === 'private');
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
    values.crv = OKP_CURVES[type];
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

  get [Symbol.toStringTag]() {
    return 'KeyObject';
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
    if (info.type === 'rsa' || info.type === 'rsa-pss') {
      const exponent = toBuffer(info.publicExponent).toString('hex');
      const details = { modulusLength: info.modulusLength, publicExponent: BigInt(`0x${exponent}`) };
      if (info.hashAlgorithm !== undefined) {
        details.hashAlgorithm = info.hashAlgorithm;
        details.mgf1HashAlgorithm = info.mgf1HashAlgorithm;
        details.saltLength = info.saltLength;
      }
      return details;
    }
    if (info.type === 'ec') return { namedCurve: info.namedCurve };
    if (info.type === 'dsa') return { modulusLength: info.modulusLength, divisorLength: info.divisorLength };
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
    return exportAsymmetric(this, keyEncoding(options, undefined, this._type === 'private', this._info.type));
  }

  toCryptoKey(algorithm, extractable, keyUsages) {
    return require('internal/crypto/webcrypto').keyObjectToCryptoKey(this, algorithm, extractable, keyUsages);
  }
}

// Validates an export encoding of a `keyType` key (`options`, or `options[objName]` for key
// generation) as Node does: format, type, and for private keys an optional cipher with its
// passphrase.
function keyEncoding(options, objName, isPrivate, keyType) {
  const option = (name) => (objName === undefined ? `options.${name}` : `options.${objName}.${name}`);
  const { format, type, cipher, passphrase, encoding } = options;
  if (format === 'jwk') {
    if (isPrivate && passphrase !== undefined) {
      throw new (errors().codes.ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS)('jwk', 'does not support encryption');
    }
    return { format };
  }
  if (format !== 'pem' && format !== 'der') throw invalidArgValue(option('format'), format);
  const allowed = isPrivate ? ['pkcs1', 'pkcs8', 'sec1'] : ['pkcs1', 'spki'];
  if (!allowed.includes(type)) throw invalidArgValue(option('type'), type);
  const requiredKeyType = { pkcs1: 'rsa', sec1: 'ec' }[type];
  if (requiredKeyType !== undefined && keyType !== requiredKeyType) {
    throw new (errors().codes.ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS)(
      type, `can only be used for ${requiredKeyType.toUpperCase()} keys`);
  }
  if (!isPrivate || cipher == null) {
    if (isPrivate && passphrase !== undefined) throw invalidArgValue(option('cipher'), cipher);
    return { format, type };
  }
  if (typeof cipher !== 'string') throw invalidArgValue(option('cipher'), cipher);
  if (format === 'der' && type !== 'pkcs8') {
    throw new (errors().codes.ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS)(type, 'does not support encryption');
  }
  if (typeof passphrase !== 'string' && !ArrayBuffer.isView(passphrase)) {
    throw invalidArgValue(option('passphrase'), passphrase);
  }
  if (require('internal/crypto/cipher').getCipherInfo(cipher) === undefined) {
    throw cryptoError('ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher');
  }
  return { format, type, cipher: cipher.toLowerCase(), passphrase: toBytes(passphrase, encoding ?? 'utf8') };
}

function exportAsymmetric(key, { format, type, cipher, passphrase }) {
  if (format === 'jwk') return toJwk(key);
  const isPrivate = key._type === 'private';
  let der = type === 'pkcs8' || type === 'spki' ? key._der : native.toLegacy(type, isPrivate, key._der);
  if (cipher !== undefined && type === 'pkcs8') {
    try {
      der = native.encryptPkcs8(der, cipher, passphrase);
    } catch {
      throw cryptoError('ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher');
    }
    return format === 'der' ? Buffer().from(der) : encodePem('ENCRYPTED PRIVATE KEY', der);
  }
  if (format === 'der') return Buffer().from(der);
  const label = {
    pkcs8: 'PRIVATE KEY', spki: 'PUBLIC KEY', sec1: 'EC PRIVATE KEY',
    pkcs1: isPrivate ? 'RSA PRIVATE KEY' : 'RSA PUBLIC KEY',
  }[type];
  if (cipher === undefined) return encodePem(label, der);
  const encrypted = legacyPemEncrypt(der, cipher, passphrase);
  return encodePem(label, encrypted.der, encrypted.headers);
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
  let passphrase;
  if (typeof input === 'object' && input !== null && !ArrayBuffer.isView(input) && !(input instanceof ArrayBuffer)) {
    if (isKeyObject(input.key)) return { keyObject: input.key };
    if (isCryptoKey(input.key)) return { keyObject: input.key._keyObject };
    ({ key: data, format = 'pem', type, encoding, passphrase } = input);
    if (format === 'jwk') return fromJwk(data, wantPrivate);
    if (passphrase !== undefined) {
      if (typeof passphrase !== 'string' && !ArrayBuffer.isView(passphrase)) {
        throw invalidArgValue('options.passphrase', passphrase);
      }
      passphrase = toBytes(passphrase, encoding ?? 'utf8');
    }
  } else if (typeof input !== 'string' && !ArrayBuffer.isView(input) && !(input instanceof ArrayBuffer)) {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)('key',
      ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView', 'KeyObject', 'CryptoKey'], input);
  }
  const bytes = toBytes(data, encoding ?? 'utf8', 'key.key');
  if (format === 'pem') {
    const block = decodePem(toBuffer(bytes).toString('latin1'));
    if (block === null) throw invalidKeyData();
    return fromPemBlock(block, passphrase);
  }
  if (format !== 'der') throw invalidArgValue('options.format', format);
  if (type === undefined || (wantPrivate && type === 'spki')) {
    throw invalidArgValue('options.type', type);
  }
  return fromDer(bytes, type, passphrase);
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

// The private key a signing or decryption input names (KeyObjects are taken as they are).
function privateKeyOf(key) {
  const parsed = parseKeyInput(key, true);
  if (parsed.isPrivate === false) throw invalidKeyData();
  const keyObject = makeKey(parsed);
  if (keyObject.type !== 'private') {
    throw new (errors().codes.ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE)(keyObject.type, 'private');
  }
  return keyObject;
}

// The public key a verification or encryption input names (or the public half of a
// private one).
function publicKeyOf(key) {
  const keyObject = makeKey(parseKeyInput(key, false));
  if (keyObject.type === 'secret') {
    throw new (errors().codes.ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE)('secret', 'private');
  }
  if (keyObject.type === 'public') return keyObject;
  return new KeyObject('public', { der: native.publicOf(keyObject._der) });
}

// The KeyObject or CryptoKey given directly or as `{ key }`, if any.
function givenKeyObject(key) {
  const candidate = typeof key === 'object' && key !== null && !isKeyObject(key) && !isCryptoKey(key)
    ? key.key : key;
  if (isKeyObject(candidate)) return candidate;
  return isCryptoKey(candidate) ? candidate._keyObject : undefined;
}

function createPrivateKey(key) {
  if (givenKeyObject(key) !== undefined) {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)('key',
      ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'], key);
  }
  return privateKeyOf(key);
}

// A public key from key data, or from a private KeyObject.
function createPublicKey(key) {
  const keyObject = givenKeyObject(key);
  if (keyObject !== undefined && keyObject.type !== 'private') {
    throw new (errors().codes.ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE)(keyObject.type, 'private');
  }
  return publicKeyOf(key);
}

// --- Generation ------------------------------------------------------------------------

// The validated `options[name]` encoding of a generated key, or undefined for a KeyObject.
function generatedKeyEncoding(options, name, isPrivate, keyType) {
  const encoding = options?.[name];
  if (encoding === undefined || encoding === null) return undefined;
  if (typeof encoding !== 'object') throw invalidArgValue(`options.${name}`, encoding);
  return keyEncoding(encoding, name, isPrivate, keyType);
}

function encodeGenerated(keyObject, encoding) {
  return encoding === undefined ? keyObject : exportAsymmetric(keyObject, encoding);
}

// The result of a key pair generation from the native's [PKCS#8, SPKI].
function generatedPair([privateDer, publicDer], publicKeyEncoding, privateKeyEncoding) {
  return {
    publicKey: encodeGenerated(new KeyObject('public', { der: publicDer }), publicKeyEncoding),
    privateKey: encodeGenerated(new KeyObject('private', { der: privateDer }), privateKeyEncoding),
  };
}

function generateKeyPairJob(type, options) {
  errors().validateString(type, 'type');
  // Only the curve-defined key types can be generated without options.
  if (options !== undefined || !['ed25519', 'ed448', 'x25519', 'x448'].includes(type)) {
    errors().validateObject(options, 'options');
  }
  const { modulusLength, publicExponent = 0x10001, namedCurve } = options ?? {};
  const publicKeyEncoding = generatedKeyEncoding(options, 'publicKeyEncoding', false, type);
  const privateKeyEncoding = generatedKeyEncoding(options, 'privateKeyEncoding', true, type);
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
        throw cryptoError('ERR_CRYPTO_INVALID_CURVE', 'Invalid EC curve name', TypeError);
      }
      if (options.paramEncoding != null && options.paramEncoding !== 'named'
        && options.paramEncoding !== 'explicit') {
        throw invalidArgValue('options.paramEncoding', options.paramEncoding);
      }
      break;
    case 'rsa-pss':
      errors().validateUint32(modulusLength, 'options.modulusLength');
      errors().validateUint32(publicExponent, 'options.publicExponent');
      return rsaPssJob(options, publicKeyEncoding, privateKeyEncoding);
    case 'ed25519': case 'ed448': case 'x25519': case 'x448':
      break;
    case 'dh':
      return dhJob(options, publicKeyEncoding, privateKeyEncoding);
    case 'dsa':
      return dsaJob(options, publicKeyEncoding, privateKeyEncoding);
    default:
      throw invalidArgValue('type', type, 'must be a supported key type');
  }
  return () => generatedPair(native.generateKeyPair(type, modulusLength ?? 0, publicExponent, curve),
    publicKeyEncoding, privateKeyEncoding);
}

// DSA keys over new domain parameters; without a divisorLength q has OpenSSL's default size.
function dsaJob(options, publicKeyEncoding, privateKeyEncoding) {
  const { modulusLength, divisorLength } = options;
  errors().validateUint32(modulusLength, 'options.modulusLength');
  if (divisorLength != null) errors().validateInt32(divisorLength, 'options.divisorLength', 0);
  const qBits = divisorLength ?? (modulusLength >= 2048 ? 256 : 160);
  return () => generatedPair(native.generateDsaKeyPair(modulusLength, qBits),
    publicKeyEncoding, privateKeyEncoding);
}

// Diffie-Hellman keys over a named group, a given prime or a generated one.
function dhJob(options, publicKeyEncoding, privateKeyEncoding) {
  const { group, primeLength, prime, generator } = options;
  const { codes, validateString, validateInt32 } = errors();
  const { dhCall, generatedPrime, groupPrime } = require('internal/crypto/diffiehellman');
  if (group != null) {
    for (const [name, value] of [['prime', prime], ['primeLength', primeLength], ['generator', generator]]) {
      if (value != null) throw new codes.ERR_INCOMPATIBLE_OPTION_PAIR('group', name);
    }
    validateString(group, 'options.group');
    const groupBytes = groupPrime(group);
    return () => generatedPair(native.generateDhKeyPair(groupBytes, 2), publicKeyEncoding, privateKeyEncoding);
  }
  if (prime != null) {
    if (primeLength != null) throw new codes.ERR_INCOMPATIBLE_OPTION_PAIR('prime', 'primeLength');
    if (!ArrayBuffer.isView(prime)) {
      throw new codes.ERR_INVALID_ARG_TYPE('options.prime', ['Buffer', 'TypedArray', 'DataView'], prime);
    }
  } else if (primeLength != null) {
    validateInt32(primeLength, 'options.primeLength', 0);
  } else {
    throw new codes.ERR_MISSING_OPTION('At least one of the group, prime, or primeLength options');
  }
  if (generator != null) validateInt32(generator, 'options.generator', 0);
  const g = generator ?? 2;
  return () => {
    const primeBytes = prime != null ? toBytes(prime) : generatedPrime(primeLength, g);
    return generatedPair(dhCall(() => native.generateDhKeyPair(primeBytes, g)), publicKeyEncoding,
      privateKeyEncoding);
  };
}

// A deprecated RSA-PSS option (DEP0154): it must agree with its replacement.
function deprecatedPssOption(options, name, replacement) {
  const value = options[name];
  if (value === undefined) return options[replacement];
  process.emitWarning(`"options.${name}" is deprecated, use "options.${replacement}" instead.`,
    'DeprecationWarning', 'DEP0154');
  errors().validateString(value, `options.${name}`);
  if (options[replacement] && value !== options[replacement]) {
    throw invalidArgValue(`options.${name}`, value);
  }
  return value;
}

// RSA-PSS keys are restricted (digest, MGF1 digest, minimum salt) when any of those is
// given: the digest defaults to SHA-1, MGF1 to the digest, the salt to the digest size.
function rsaPssJob(options, publicKeyEncoding, privateKeyEncoding) {
  const { modulusLength, publicExponent = 0x10001, saltLength } = options;
  const { validateInt32, validateString, codes } = errors();
  if (saltLength !== undefined) validateInt32(saltLength, 'options.saltLength', 0);
  if (options.hashAlgorithm !== undefined) validateString(options.hashAlgorithm, 'options.hashAlgorithm');
  if (options.mgf1HashAlgorithm !== undefined) {
    validateString(options.mgf1HashAlgorithm, 'options.mgf1HashAlgorithm');
  }
  const hashAlgorithm = deprecatedPssOption(options, 'hash', 'hashAlgorithm');
  const mgf1HashAlgorithm = deprecatedPssOption(options, 'mgf1Hash', 'mgf1HashAlgorithm');
  const restricted = hashAlgorithm !== undefined || mgf1HashAlgorithm !== undefined || saltLength !== undefined;
  const hash = normalizeAlgorithm(hashAlgorithm ?? 'sha1');
  const mgf1 = normalizeAlgorithm(mgf1HashAlgorithm ?? hash);
  if (DIGEST_SIZES[hash] === undefined) throw new codes.ERR_CRYPTO_INVALID_DIGEST(hashAlgorithm);
  if (DIGEST_SIZES[mgf1] === undefined) {
    throw cryptoError('ERR_CRYPTO_INVALID_DIGEST', `Invalid MGF1 digest: ${mgf1HashAlgorithm}`, TypeError);
  }
  return () => generatedPair(restricted
    ? native.generateRsaPssKeyPair(modulusLength, publicExponent, hash, mgf1, saltLength ?? DIGEST_SIZES[hash])
    : native.generateRsaPssKeyPair(modulusLength, publicExponent, undefined, '', 0),
  publicKeyEncoding, privateKeyEncoding);
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

// util.promisify(generateKeyPair) resolves with `{ publicKey, privateKey }`, as in Node.
Object.defineProperty(generateKeyPair, Symbol.for('nodejs.util.promisify.custom'), {
  __proto__: null,
  configurable: true,
  enumerable: false,
  value: function generateKeyPairPromise(type, options) {
    return new Promise((resolve, reject) => {
      generateKeyPair(type, options, (error, publicKey, privateKey) => {
        if (error) reject(error);
        else resolve({ publicKey, privateKey });
      });
    });
  },
});

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

function operationNotSupported() {
  return cryptoError('ERR_OSSL_EVP_OPERATION_NOT_SUPPORTED_FOR_THIS_KEYTYPE',
    'error:1C8000A5:Provider routines::operation not supported for this keytype');
}

function unsupportedPadding() {
  return cryptoError('ERR_OSSL_ILLEGAL_OR_UNSUPPORTED_PADDING_MODE',
    'error:1C8000A5:Provider routines::illegal or unsupported padding mode');
}

// An integer option of a key input, validated as Node does.
function intOption(options, name) {
  const value = options[name];
  if (value === undefined || value === value >> 0) return value;
  throw invalidArgValue(`options.${name}`, value);
}

// Signing options from a key input (`{ key, padding, saltLength, dsaEncoding }`),
// validated before the key is parsed.
function signOptions(key) {
  const options = typeof key === 'object' && key !== null && !ArrayBuffer.isView(key)
    && !isKeyObject(key) && !isCryptoKey(key) ? key : {};
  const padding = intOption(options, 'padding');
  const saltLength = intOption(options, 'saltLength');
  const { dsaEncoding = 'der' } = options;
  if (dsaEncoding !== 'der' && dsaEncoding !== 'ieee-p1363') {
    throw invalidArgValue('options.dsaEncoding', dsaEncoding);
  }
  if (padding !== undefined && padding !== constants.RSA_PKCS1_PSS_PADDING
    && padding !== constants.RSA_PKCS1_PADDING) {
    throw unsupportedPadding();
  }
  return { padding, saltLength, p1363: dsaEncoding === 'ieee-p1363' };
}

// The signing options for the native, once the key and digest are known. RSA-PSS keys sign
// with PSS only.
function nativeSignOptions({ padding, saltLength, p1363 }, digest, keyType) {
  if (keyType === 'rsa-pss' && padding === constants.RSA_PKCS1_PADDING) throw unsupportedPadding();
  let salt = saltLength;
  if (salt === constants.RSA_PSS_SALTLEN_DIGEST) salt = DIGEST_SIZES[digest];
  else if (salt === constants.RSA_PSS_SALTLEN_MAX_SIGN) salt = undefined;
  return { pss: padding === constants.RSA_PKCS1_PSS_PADDING, saltLength: salt, p1363 };
}

function signingDigest(algorithm, keyObject) {
  const type = keyObject.asymmetricKeyType;
  if (type === 'ed25519' || type === 'ed448') {
    if (algorithm !== null && algorithm !== undefined) throw operationNotSupported();
    return '';
  }
  if (algorithm === null || algorithm === undefined) return 'sha256';
  const digest = normalizeAlgorithm(algorithm);
  if (!isSupportedDigest(digest)) throw new (errors().codes.ERR_CRYPTO_INVALID_DIGEST)(algorithm);
  return digest;
}

function signBytes(algorithm, data, key) {
  const options = signOptions(key);
  const keyObject = privateKeyOf(key);
  const digest = signingDigest(algorithm, keyObject);
  const nativeOptions = nativeSignOptions(options, digest, keyObject.asymmetricKeyType);
  return toBuffer(native.sign(keyObject._der, digest, data, nativeOptions));
}

function verifyBytes(algorithm, data, key, signature) {
  const options = signOptions(key);
  const keyObject = publicKeyOf(key);
  const digest = signingDigest(algorithm, keyObject);
  const nativeOptions = nativeSignOptions(options, digest, keyObject.asymmetricKeyType);
  return native.verify(keyObject._der, digest, data, signature, nativeOptions);
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
  if (!ArrayBuffer.isView(signature)) {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)('signature', ['Buffer', 'TypedArray', 'DataView'], signature);
  }
  const signatureBytes = toBytes(signature);
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
      if (typeof data !== 'string' && !ArrayBuffer.isView(data)) {
        throw new (errors().codes.ERR_INVALID_ARG_TYPE)('data', ['string', 'Buffer', 'TypedArray', 'DataView'], data);
      }
      this._chunks.push(Buffer().from(toBytes(data, encoding, 'data')));
      return this;
    }

    _message() {
      return Buffer().concat(this._chunks);
    }
  };
}

const Sign = callableWithoutNew(class Sign extends signerBase() {
  sign(privateKey, outputEncoding) {
    if (privateKey === undefined || privateKey === null) {
      throw cryptoError('ERR_CRYPTO_SIGN_KEY_REQUIRED', 'No key provided to sign');
    }
    return encodeOutput(signBytes(this._algorithm, this._message(), privateKey), outputEncoding);
  }
});

const Verify = callableWithoutNew(class Verify extends signerBase() {
  verify(object, signature, signatureEncoding) {
    const signatureBytes = toBytes(signature, signatureEncoding, 'signature');
    return verifyBytes(this._algorithm, this._message(), object, signatureBytes);
  }
});

function createSign(algorithm, options) {
  return new Sign(algorithm, options);
}

function createVerify(algorithm, options) {
  return new Verify(algorithm, options);
}

// --- Key agreement ---------------------------------------------------------------------

function mismatchingDomainParameters() {
  const error = cryptoError('ERR_OSSL_MISMATCHING_DOMAIN_PARAMETERS',
    'error:1C8000CB:Provider routines::mismatching domain parameters');
  error.library = 'Provider routines';
  error.reason = 'mismatching domain parameters';
  return error;
}

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
  if (privateKey.asymmetricKeyType === 'ec' && privateKey._info.namedCurve !== publicKey._info.namedCurve) {
    throw mismatchingDomainParameters();
  }
  try {
    return toBuffer(native.derive(privateKey._der, pub));
  } catch (error) {
    if (error.message === 'mismatching domain parameters') throw mismatchingDomainParameters();
    throw error;
  }
}

// Encodes an EC point (given uncompressed) as `format`: uncompressed, compressed or hybrid
// (uncompressed, with the prefix 6 or 7 telling the parity of y as in compressed form).
function encodePoint(spki, format, encoding) {
  if (format !== undefined && format !== 'uncompressed' && format !== 'compressed' && format !== 'hybrid') {
    throw cryptoError('ERR_CRYPTO_ECDH_INVALID_FORMAT', `Invalid ECDH format: ${format}`, TypeError);
  }
  const point = native.publicRaw(spki, format === 'compressed');
  if (format === 'hybrid') point[0] = 0x06 | (point[point.length - 1] & 1);
  return encodeOutput(point, encoding);
}

// The SPKI of an EC point in any of the three encodings.
function pointToSpki(curve, point) {
  let bytes = point;
  if (bytes[0] === 0x06 || bytes[0] === 0x07) {
    bytes = Uint8Array.from(bytes);
    bytes[0] = 0x04;
  }
  return native.publicFromRaw(curve, bytes);
}

function ecdhCurve(curve) {
  errors().validateString(curve, 'curve');
  const named = CURVES.get(curve);
  if (named === undefined) throw new TypeError('Invalid EC curve name');
  return named;
}

function pointConversionFailed() {
  return cryptoError('ERR_CRYPTO_OPERATION_FAILED', 'Failed to convert Buffer to EC_POINT');
}

// An ECDH key pair as OpenSSL keeps it: a private key (PKCS#8) and a public key (SPKI) that
// are set together by generateKeys/setPrivateKey, or the public one alone by setPublicKey.
const ECDH = callableWithoutNew(class ECDH {
  constructor(curve) {
    this._curve = ecdhCurve(curve);
    this._key = null;
    this._public = null;
  }

  static convertKey(key, curve, inputEncoding, outputEncoding, format) {
    const bytes = toBytes(key, inputEncoding, 'key');
    const named = ecdhCurve(curve);
    let spki;
    try {
      spki = pointToSpki(named, bytes);
    } catch {
      throw pointConversionFailed();
    }
    return encodePoint(spki, format, outputEncoding);
  }

  generateKeys(encoding, format) {
    const [privateDer, publicDer] = native.generateKeyPair('ec', 0, 0, this._curve);
    this._key = privateDer;
    this._public = publicDer;
    return this.getPublicKey(encoding, format);
  }

  getPublicKey(encoding, format) {
    if (this._public === null) throw cryptoError('ERR_CRYPTO_OPERATION_FAILED', 'Failed to get ECDH public key');
    return encodePoint(this._public, format, encoding);
  }

  getPrivateKey(encoding) {
    if (this._key === null) throw cryptoError('ERR_CRYPTO_OPERATION_FAILED', 'Failed to get ECDH private key');
    return encodeOutput(native.jwkParts(this._key, true).d, encoding);
  }

  setPrivateKey(key, encoding) {
    const bytes = toBytes(key, encoding, 'key');
    try {
      this._key = native.fromJwk(this._curve, { d: bytes }).der;
    } catch {
      throw cryptoError('ERR_CRYPTO_INVALID_KEYTYPE', 'Private key is not valid for specified curve.');
    }
    this._public = native.publicOf(this._key);
    return this;
  }

  setPublicKey(key, encoding) {
    const bytes = toBytes(key, encoding, 'key');
    try {
      this._public = pointToSpki(this._curve, bytes);
    } catch {
      throw pointConversionFailed();
    }
    return this;
  }

  computeSecret(key, inputEncoding, outputEncoding) {
    const bytes = toBytes(key, inputEncoding, 'key');
    if (this._key === null || !toBuffer(native.publicOf(this._key)).equals(toBuffer(this._public))) {
      throw cryptoError('ERR_CRYPTO_INVALID_KEYPAIR', 'Invalid key pair');
    }
    let spki;
    try {
      spki = pointToSpki(this._curve, bytes);
    } catch {
      throw cryptoError('ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY', 'Public key is not valid for specified curve');
    }
    return encodeOutput(native.derive(this._key, spki), outputEncoding);
  }
});

function createECDH(curve) {
  return new ECDH(curve);
}

function getCurves() {
  return Object.values(NODE_CURVE).sort();
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
  if (padding === constants.RSA_NO_PADDING) return { raw: true };
  throw notImplemented(`RSA padding ${padding}`);
}

function rsaFailure(error) {
  return cryptoError('ERR_OSSL_RSA_OAEP_DECODING_ERROR', `error:02000079:rsa routines::${error.message}`);
}

// Only plain RSA keys encrypt (not RSA-PSS ones).
function encryptionKey(keyObject) {
  if (keyObject.asymmetricKeyType !== 'rsa') throw operationNotSupported();
  return keyObject;
}

function publicEncrypt(key, buffer) {
  const keyObject = encryptionKey(publicKeyOf(key));
  const { digest, label, raw } = rsaOptions(key);
  const data = rsaData(key, buffer);
  try {
    // Unpadded encryption is the raw public operation, as in `publicDecrypt`.
    if (raw) return toBuffer(native.rsaPublicDecrypt(keyObject._der, data, false));
    return toBuffer(native.rsaEncrypt(keyObject._der, data, digest, label));
  } catch (error) {
    throw rsaFailure(error);
  }
}

function privateDecrypt(key, buffer) {
  const keyObject = encryptionKey(privateKeyOf(key));
  const { digest, label, raw } = rsaOptions(key);
  // Node 22.0 refuses PKCS#1 v1.5 decryption (the Marvin timing attack, CVE-2023-46809).
  if (!raw && digest === undefined) {
    throw cryptoError('ERR_INVALID_ARG_VALUE', 'RSA_PKCS1_PADDING is no longer supported for private decryption,'
      + ' this can be reverted with --security-revert=CVE-2023-46809', TypeError);
  }
  const data = rsaData(key, buffer);
  try {
    // Unpadded decryption is the raw private operation, as in `privateEncrypt`.
    if (raw) return toBuffer(native.rsaPrivateEncrypt(keyObject._der, data, false));
    return toBuffer(native.rsaDecrypt(keyObject._der, data, digest, label));
  } catch (error) {
    throw rsaFailure(error);
  }
}

// The data of an RSA operation; strings are decoded with the key options' `encoding`.
function rsaData(key, buffer) {
  const encoding = typeof key === 'object' && key !== null && !ArrayBuffer.isView(key) ? key.encoding : undefined;
  return toBytes(buffer, encoding ?? 'utf8', 'buffer');
}

// Whether `privateEncrypt`/`publicDecrypt` pad (PKCS#1 v1.5 type 1, their default) or not.
function rawRsaPadding(key) {
  const options = typeof key === 'object' && key !== null && !ArrayBuffer.isView(key)
    && !isKeyObject(key) && !isCryptoKey(key) ? key : {};
  const { padding = constants.RSA_PKCS1_PADDING } = options;
  if (padding === constants.RSA_PKCS1_PADDING) return true;
  if (padding === constants.RSA_NO_PADDING) return false;
  throw unsupportedPadding();
}

function privateEncrypt(key, buffer) {
  const keyObject = privateKeyOf(key);
  const pad = rawRsaPadding(key);
  try {
    return toBuffer(native.rsaPrivateEncrypt(keyObject._der, rsaData(key, buffer), pad));
  } catch (error) {
    throw cryptoError('ERR_OSSL_RSA_DATA_TOO_LARGE_FOR_KEY_SIZE',
      `error:0200006E:rsa routines::${error.message}`);
  }
}

function publicDecrypt(key, buffer) {
  const keyObject = publicKeyOf(key);
  const pad = rawRsaPadding(key);
  try {
    return toBuffer(native.rsaPublicDecrypt(keyObject._der, rsaData(key, buffer), pad));
  } catch (error) {
    throw cryptoError('ERR_OSSL_RSA_PADDING_CHECK_FAILED', `error:02000072:rsa routines::${error.message}`);
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
  privateEncrypt,
  publicDecrypt,
};
