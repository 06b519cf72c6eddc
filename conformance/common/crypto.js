// test/common/crypto for the sandbox. The engine's crypto is RustCrypto, not OpenSSL; its
// errors follow Node 22's (which bundles OpenSSL 3.0), so the tests' OpenSSL-version
// branches take the 3.0 side. There is no `openssl` command.
'use strict';

const assert = require('assert');
const crypto = require('crypto');

// The OpenSSL behaviour the engine matches.
const OPENSSL_MATCHED = [3, 0];

function hasOpenSSL(major, minor = 0) {
  const [matchedMajor, matchedMinor] = OPENSSL_MATCHED;
  return matchedMajor > major || (matchedMajor === major && matchedMinor >= minor);
}

// Fails unless `key`'s length is within 10% of `expectedSize`.
function assertApproximateSize(key, expectedSize) {
  const min = Math.floor(0.9 * expectedSize);
  const max = Math.ceil(1.1 * expectedSize);
  assert(key.length >= min && key.length <= max,
         `key length ${key.length} is not within 10% of ${expectedSize}`);
}

// Encrypts with either key of an RSA pair and decrypts with the private one.
function testEncryptDecrypt(publicKey, privateKey) {
  const message = Buffer.from('Hello Node.js world!');
  for (const key of [publicKey, privateKey]) {
    const ciphertext = crypto.publicEncrypt(key, message);
    assert.deepStrictEqual(crypto.privateDecrypt(privateKey, ciphertext), message);
  }
}

// Signs with the one-shot and the stream API, and verifies each signature both ways with
// either key of the pair.
function testSignVerify(publicKey, privateKey) {
  const message = Buffer.from('Hello Node.js world!');
  const signers = [
    (data) => crypto.sign('SHA256', data, privateKey),
    (data) => crypto.createSign('SHA256').update(data).sign(privateKey),
  ];
  const verifiers = [
    (data, key, signature) => crypto.verify('SHA256', data, key, signature),
    (data, key, signature) => crypto.createVerify('SHA256').update(data).verify(key, signature),
  ];
  for (const sign of signers) {
    const signature = sign(message);
    for (const verify of verifiers) {
      for (const key of [publicKey, privateKey]) {
        assert.strictEqual(verify(message, key, signature), true);
        assert.strictEqual(verify(Buffer.from('tampered'), key, signature), false);
      }
    }
  }
}

// A PEM block labelled `label` (with RFC 1421 encryption headers when `cipher` is given).
function pemExpression(label, cipher) {
  const encrypted = cipher === undefined ? '' :
    `Proc-Type: 4,ENCRYPTED\nDEK-Info: ${cipher},[^\n]+\n\n`;
  const line = '[a-zA-Z0-9+/=]';
  return new RegExp(`^-----BEGIN ${label}-----\n${encrypted}(${line}{64}\n)*${line}{1,64}\n` +
                    `-----END ${label}-----\n$`);
}

// The 1024-bit MODP group prime of RFC 2409 (Oakley group 2), as bytes.
const modp2buf = Buffer.from(
  'ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74' +
  '020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f1437' +
  '4fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed' +
  'ee386bfb5a899fa5ae9f24117c4b1fe649286651ece65381ffffffffffffffff', 'hex');

module.exports = {
  hasOpenSSL,
  modp2buf,
  hasOpenSSL3: hasOpenSSL(3),
  opensslCli: false,
  assertApproximateSize,
  testEncryptDecrypt,
  testSignVerify,
  pkcs1PubExp: pemExpression('RSA PUBLIC KEY'),
  pkcs1PrivExp: pemExpression('RSA PRIVATE KEY'),
  pkcs1EncExp: (cipher) => pemExpression('RSA PRIVATE KEY', cipher),
  spkiExp: pemExpression('PUBLIC KEY'),
  pkcs8Exp: pemExpression('PRIVATE KEY'),
  pkcs8EncExp: pemExpression('ENCRYPTED PRIVATE KEY'),
  sec1Exp: pemExpression('EC PRIVATE KEY'),
  sec1EncExp: (cipher) => pemExpression('EC PRIVATE KEY', cipher),
};
