// internal/crypto/cipher — `createCipheriv`/`createDecipheriv`: Cipheriv and Decipheriv as
// Transform streams over the native cipher state (AES-ECB/CBC/CTR/GCM, AES key wrap,
// ChaCha20-Poly1305, Triple DES ECB/CBC and its CMS key wrap), with Node's update/final encodings, AEAD tags and errors; and
// `getCiphers`.

const {
  native, Buffer, errors, toBytes, encodeOutput, cryptoError, rethrowNative, callableWithoutNew,
} = require('internal/crypto/util');

// Aliases OpenSSL accepts for the supported ciphers.
const CIPHER_ALIASES = new Map([
  ['aes128', 'aes-128-cbc'], ['aes192', 'aes-192-cbc'], ['aes256', 'aes-256-cbc'],
  ['id-aes128-gcm', 'aes-128-gcm'], ['id-aes192-gcm', 'aes-192-gcm'], ['id-aes256-gcm', 'aes-256-gcm'],
  ['aes128-wrap', 'id-aes128-wrap'], ['aes192-wrap', 'id-aes192-wrap'], ['aes256-wrap', 'id-aes256-wrap'],
  ['aes128-wrap-pad', 'id-aes128-wrap-pad'], ['aes192-wrap-pad', 'id-aes192-wrap-pad'],
  ['aes256-wrap-pad', 'id-aes256-wrap-pad'],
  ['des-ede-ecb', 'des-ede'], ['des-ede3-ecb', 'des-ede3'], ['des3', 'des-ede3-cbc'],
  ['des3-wrap', 'id-smime-alg-cms3deswrap'],
]);

function cipherTable() {
  return new Map(native.ciphers().map(([name, keyLength, ivLength]) =>
    [name, { name, keyLength: Number(keyLength), ivLength: Number(ivLength) }]));
}

function lookupCipher(name) {
  const lower = `${name}`.toLowerCase();
  return cipherTable().get(CIPHER_ALIASES.get(lower) ?? lower);
}

function isAead(name) {
  return name.endsWith('-gcm') || name === 'chacha20-poly1305';
}

function keyBytes(key) {
  if (key !== null && typeof key === 'object' && key.type === 'secret' && typeof key.export === 'function') {
    return key.export();
  }
  return toBytes(key, 'utf8', 'key');
}

const VALID_GCM_TAG_LENGTHS = [4, 8, 12, 13, 14, 15, 16];

let TransformClass;
function Transform() {
  TransformClass ??= require('stream').Transform;
  return TransformClass;
}

function cipherBase(encrypt) {
  return class extends Transform() {
    constructor(cipher, key, iv, options) {
      super(options);
      errors().validateString(cipher, 'cipher');
      const info = lookupCipher(cipher);
      if (info === undefined) throw cryptoError('ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher');
      const keyData = keyBytes(key);
      if (iv === null && info.ivLength !== 0) {
        throw cryptoError('ERR_CRYPTO_INVALID_IV', 'Invalid initialization vector', TypeError);
      }
      const ivData = iv === null || iv === undefined && info.ivLength === 0
        ? new Uint8Array(0) : toBytes(iv, 'utf8', 'iv');
      const authTagLength = options?.authTagLength;
      if (authTagLength !== undefined) {
        errors().validateInt32(authTagLength, 'options.authTagLength');
        const valid = info.name === 'chacha20-poly1305'
          ? authTagLength >= 1 && authTagLength <= 16 : VALID_GCM_TAG_LENGTHS.includes(authTagLength);
        if (!isAead(info.name) || !valid) {
          throw cryptoError('ERR_CRYPTO_INVALID_AUTH_TAG',
            `Invalid authentication tag length: ${authTagLength}`, TypeError);
        }
      }
      try {
        this._handle = native.createCipher(info.name, encrypt, keyData, ivData);
      } catch (error) {
        rethrowNative(error);
      }
      this._info = info;
      this._authTagLength = authTagLength ?? 16;
      this._explicitTagLength = authTagLength !== undefined;
      this._finalized = false;
      this._decoder = null;
    }

    // Text output goes through one StringDecoder, so characters and base64 groups may
    // straddle update calls; as in Node, the encoding cannot change midway.
    _encodeOutput(bytes, outputEncoding) {
      if (outputEncoding === undefined || outputEncoding === 'buffer') return encodeOutput(bytes);
      const { StringDecoder } = require('string_decoder');
      const decoder = new StringDecoder(outputEncoding);
      this._decoder ??= decoder;
      if (this._decoder.encoding !== decoder.encoding) throw new Error('Cannot change encoding');
      return this._decoder.write(encodeOutput(bytes));
    }

    update(data, inputEncoding, outputEncoding) {
      if (this._finalized) throw new (errors().codes.ERR_CRYPTO_INVALID_STATE)('update');
      if (typeof data !== 'string' && !ArrayBuffer.isView(data)) {
        throw new (errors().codes.ERR_INVALID_ARG_TYPE)(
          'data', ['string', 'Buffer', 'TypedArray', 'DataView'], data);
      }
      let out;
      try {
        out = this._handle.update(toBytes(data, inputEncoding));
      } catch (error) {
        rethrowNative(error);
      }
      return this._encodeOutput(out, outputEncoding);
    }

    final(outputEncoding) {
      if (this._finalized) throw cryptoError('ERR_CRYPTO_INVALID_STATE', 'Unsupported state');
      this._finalized = true;
      let out;
      try {
        out = this._handle.final();
      } catch (error) {
        rethrowNative(error);
      }
      const encoded = this._encodeOutput(out, outputEncoding);
      if (this._decoder !== null) return encoded + this._decoder.end();
      return encoded;
    }

    setAutoPadding(autoPadding = true) {
      if (this._finalized) throw new (errors().codes.ERR_CRYPTO_INVALID_STATE)('setAutoPadding');
      this._handle.setAutoPadding(!!autoPadding);
      return this;
    }

    setAAD(buffer, options) {
      if (this._finalized || !isAead(this._info.name)) {
        throw new (errors().codes.ERR_CRYPTO_INVALID_STATE)('setAAD');
      }
      try {
        this._handle.setAAD(toBytes(buffer, options?.encoding, 'buffer'));
      } catch (error) {
        if (`${error.message}`.startsWith('ERR_CRYPTO_INVALID_STATE')) {
          throw new (errors().codes.ERR_CRYPTO_INVALID_STATE)('setAAD');
        }
        throw error;
      }
      return this;
    }

    _transform(chunk, encoding, callback) {
      try {
        this.push(this.update(chunk, encoding));
        callback();
      } catch (error) {
        callback(error);
      }
    }

    _flush(callback) {
      try {
        this.push(this.final());
        callback();
      } catch (error) {
        callback(error);
      }
    }
  };
}

const Cipheriv = callableWithoutNew(class Cipheriv extends cipherBase(true) {
  getAuthTag() {
    const tag = this._finalized && isAead(this._info.name) ? this._handle.getAuthTag() : undefined;
    if (tag === undefined) throw new (errors().codes.ERR_CRYPTO_INVALID_STATE)('getAuthTag');
    return Buffer().from(tag.subarray(0, this._authTagLength));
  }
});

const Decipheriv = callableWithoutNew(class Decipheriv extends cipherBase(false) {
  setAuthTag(tagbuf, encoding) {
    const tag = toBytes(tagbuf, encoding, 'buffer');
    if (this._finalized || !isAead(this._info.name)) {
      throw new (errors().codes.ERR_CRYPTO_INVALID_STATE)('setAuthTag');
    }
    // An explicit authTagLength option fixes the tag's length; GCM otherwise takes any valid one.
    const valid = this._info.name === 'chacha20-poly1305' || this._explicitTagLength
      ? tag.byteLength === this._authTagLength : VALID_GCM_TAG_LENGTHS.includes(tag.byteLength);
    if (!valid) {
      throw cryptoError('ERR_CRYPTO_INVALID_AUTH_TAG',
        `Invalid authentication tag length: ${tag.byteLength}`, TypeError);
    }
    try {
      this._handle.setAuthTag(tag);
    } catch {
      throw new (errors().codes.ERR_CRYPTO_INVALID_STATE)('setAuthTag');
    }
    return this;
  }
});

function createCipheriv(cipher, key, iv, options) {
  return new Cipheriv(cipher, key, iv, options);
}

function createDecipheriv(cipher, key, iv, options) {
  return new Decipheriv(cipher, key, iv, options);
}

function getCiphers() {
  return [...cipherTable().keys(), ...CIPHER_ALIASES.keys()].sort();
}

// OpenSSL's numeric ids of the supported ciphers, and the canonical names that differ.
const CIPHER_NIDS = {
  'aes-128-ecb': 418, 'aes-128-cbc': 419, 'aes-192-ecb': 422, 'aes-192-cbc': 423,
  'aes-256-ecb': 426, 'aes-256-cbc': 427, 'aes-128-gcm': 895, 'aes-192-gcm': 898,
  'aes-256-gcm': 901, 'aes-128-ctr': 904, 'aes-192-ctr': 905, 'aes-256-ctr': 906,
  'chacha20-poly1305': 1018, 'id-aes128-wrap': 788, 'id-aes192-wrap': 789, 'id-aes256-wrap': 790,
  'id-aes128-wrap-pad': 897, 'id-aes192-wrap-pad': 900, 'id-aes256-wrap-pad': 903,
  'des-ede': 32, 'des-ede3': 33, 'des-ede-cbc': 43, 'des-ede3-cbc': 44, 'id-smime-alg-cms3deswrap': 246,
};
const OPENSSL_CIPHER_NAMES = {
  'aes-128-gcm': 'id-aes128-gcm', 'aes-192-gcm': 'id-aes192-gcm', 'aes-256-gcm': 'id-aes256-gcm',
};

function cipherMode(name) {
  if (name === 'chacha20-poly1305') return 'stream';
  if (name.startsWith('id-')) return 'wrap';
  if (name === 'des-ede' || name === 'des-ede3') return 'ecb';
  return name.slice(-3);
}

// Bytes per block as OpenSSL reports them: 16 for AES, 8 for Triple DES and for the
// semiblocks of key wrap, 1 for stream modes.
function blockSize(name, mode) {
  if (name.startsWith('des-') || mode === 'wrap') return 8;
  return mode === 'cbc' || mode === 'ecb' ? 16 : 1;
}

// Whether `ivLength` is accepted by the cipher: GCM takes any non-empty IV.
function acceptsIvLength(info, ivLength) {
  return cipherMode(info.name) === 'gcm' ? ivLength > 0 : ivLength === info.ivLength;
}

function getCipherInfo(nameOrNid, options) {
  const { codes, validateInt32, validateObject } = errors();
  if (typeof nameOrNid !== 'string' && typeof nameOrNid !== 'number') {
    throw new codes.ERR_INVALID_ARG_TYPE('nameOrNid', ['string', 'number'], nameOrNid);
  }
  if (typeof nameOrNid === 'number') validateInt32(nameOrNid, 'nameOrNid');
  let keyLength;
  let ivLength;
  if (options !== undefined) {
    validateObject(options, 'options');
    ({ keyLength, ivLength } = options);
    if (keyLength !== undefined) validateInt32(keyLength, 'options.keyLength');
    if (ivLength !== undefined) validateInt32(ivLength, 'options.ivLength');
  }
  const info = typeof nameOrNid === 'number'
    ? [...cipherTable().values()].find(({ name }) => CIPHER_NIDS[name] === nameOrNid)
    : lookupCipher(nameOrNid);
  if (info === undefined) return undefined;
  if (keyLength !== undefined && keyLength !== info.keyLength) return undefined;
  if (ivLength !== undefined && !acceptsIvLength(info, ivLength)) return undefined;
  const mode = cipherMode(info.name);
  const result = { mode, name: OPENSSL_CIPHER_NAMES[info.name] ?? info.name, nid: CIPHER_NIDS[info.name] };
  if (mode !== 'stream') result.blockSize = blockSize(info.name, mode);
  const effectiveIvLength = ivLength ?? info.ivLength;
  if (effectiveIvLength !== 0) result.ivLength = effectiveIvLength;
  result.keyLength = info.keyLength;
  return result;
}

module.exports = {
  Cipheriv, Decipheriv, createCipheriv, createDecipheriv, getCiphers, getCipherInfo,
};
